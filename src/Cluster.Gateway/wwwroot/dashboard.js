// The dashboard: one snapshot a second from /dashboard/stream (SSE), drawn into tables and small
// canvas charts; a live tail of a topic through the public /topics/{topic}/subscribe. No libraries.
"use strict";

const $ = (selector) => document.querySelector(selector);
const maxTailRows = 50;
let tail = null;

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function fillTable(selector, rows, toCells) {
  const body = $(selector + " tbody");
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    tr.append(...toCells(row));
    return tr;
  }));
}

// A line chart of per-second counts, oldest first, scaled to its own maximum.
function drawChart(canvas, values) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight || Number(canvas.getAttribute("height"));
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext("2d");
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const y = (v) => height - 2 - (v / max) * (height - 4);
  g.beginPath();
  values.forEach((v, i) => (i === 0 ? g.moveTo(0, y(v)) : g.lineTo(i * step, y(v))));
  g.strokeStyle = "#2563eb";
  g.lineWidth = 1.5;
  g.stroke();
  g.lineTo(width, height);
  g.lineTo(0, height);
  g.closePath();
  g.fillStyle = "rgba(37, 99, 235, 0.12)";
  g.fill();
}

// The rate "now": the last complete second (the current one is still filling).
const rateNow = (perSecond) => (perSecond.length > 1 ? perSecond[perSecond.length - 2] : perSecond[0] || 0);

function render(snapshot) {
  const cluster = snapshot.cluster;
  if (cluster) {
    $("#self").textContent = cluster.self;
    fillTable("#members", cluster.members, (m) => [
      cell(m.address),
      cell(m.roles.join(", ")),
      cell(m.unreachable ? "Unreachable" : m.status, m.unreachable ? "unreachable" : "status-" + m.status),
      cell(String(cluster.shards[m.address] ?? 0), "num"),
      cell(String(cluster.entities[m.address] ?? 0), "num"),
    ]);
  }

  $("#all-rate").textContent = rateNow(snapshot.all.perSecond);
  drawChart($("#all-chart"), snapshot.all.perSecond);

  $("#topics-empty").hidden = snapshot.topics.length > 0;
  fillTable("#topics", snapshot.topics, (t) => {
    const chart = document.createElement("canvas");
    chart.height = 28;
    chart.className = "spark";
    const chartCell = document.createElement("td");
    chartCell.style.width = "30%";
    chartCell.append(chart);
    const tailButton = document.createElement("button");
    tailButton.textContent = "tail";
    tailButton.addEventListener("click", () => startTail(t.topic));
    const buttonCell = document.createElement("td");
    buttonCell.append(tailButton);
    requestAnimationFrame(() => drawChart(chart, t.perSecond));
    const types = Object.entries(t.byType).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ");
    const row = [cell(t.topic), cell(String(rateNow(t.perSecond)), "num topic-rate"), cell(String(t.events), "num"),
      cell(String(t.activeStreams) + (t.streamsCapped ? "+" : ""), "num"), cell(types), chartCell, buttonCell];
    row[0].dataset.topic = t.topic;
    return row;
  });

  $("#groups-empty").hidden = snapshot.groups.length > 0;
  fillTable("#groups", snapshot.groups, (g) => [
    cell(g.kind), cell(g.topic), cell(g.name), cell(String(g.lag), "num"), cell(String(g.inFlight), "num"),
    cell(String(g.parked), "num"), cell(String(g.members), "num"),
  ]);
}

// Subscriptions name each SSE event after its event type, which EventSource only delivers to
// listeners of known names: read the stream with fetch and split it into messages instead.
async function startTail(topic) {
  if (tail) tail.abort();
  const controller = new AbortController();
  tail = controller;
  $("#tail-topic").value = topic;
  $("#tail tbody").replaceChildren();
  try {
    const head = await fetch(`/dashboard/topics/${encodeURIComponent(topic)}/head`, { signal: controller.signal });
    if (!head.ok) {
      $("#tail-status").textContent = "not a topic name";
      return;
    }
    const { offset } = await head.json();
    const response = await fetch(`/topics/${encodeURIComponent(topic)}/subscribe?after=${Math.max(0, offset - 10)}`, { signal: controller.signal });
    $("#tail-status").textContent = `tailing ${topic}`;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const data = buffer.slice(0, end).split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        buffer = buffer.slice(end + 2);
        if (data) addTailRow(JSON.parse(data));
      }
    }
    $("#tail-status").textContent = `${topic}: subscription ended`;
  } catch (error) {
    if (!controller.signal.aborted) $("#tail-status").textContent = `${topic}: ${error.message}`;
  }
}

function addTailRow(e) {
  const tr = document.createElement("tr");
  tr.append(cell(String(e.offset), "num"), cell(e.stream), cell(String(e.sequence), "num"), cell(e.type),
    cell(e.timestamp), cell(JSON.stringify(e.data), "data"));
  const body = $("#tail tbody");
  body.prepend(tr);
  while (body.children.length > maxTailRows) body.lastChild.remove();
}

$("#tail-start").addEventListener("click", () => {
  const topic = $("#tail-topic").value.trim();
  if (topic) startTail(topic);
});

function connect() {
  const source = new EventSource("/dashboard/stream");
  source.addEventListener("snapshot", (message) => {
    $("#connection").textContent = "live";
    $("#connection").className = "badge live";
    render(JSON.parse(message.data));
  });
  source.addEventListener("error", () => {
    $("#connection").textContent = "disconnected, retrying…";
    $("#connection").className = "badge down";
  });
}

connect();
