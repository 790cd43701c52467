// The dashboard's shell: who is signed in, the views (overview, stream browser, groups and
// webhooks, members), and the snapshot a second from /dashboard/stream (SSE) that the overview,
// the consumers list and the members view draw. The key's rights decide what the snapshot holds.
import { $, cell, fillTable, button, api, enc } from "./ui.js";
import { openBrowser } from "./browser.js";
import { renderConsumers, openConsumer } from "./consumers.js";
import { renderMembers } from "./members.js";

const maxTailRows = 50;
let tail = null;
let session = { keys: false, cluster: true, all: true };

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
    ], (m) => m.address);
  }
  renderMembers(cluster);

  $("#all-card").hidden = !snapshot.all;
  if (snapshot.all) {
    $("#all-rate").textContent = rateNow(snapshot.all.perSecond);
    drawChart($("#all-chart"), snapshot.all.perSecond);
  }

  $("#topics-empty").hidden = snapshot.topics.length > 0;
  fillTable("#topics", snapshot.topics, (t) => {
    const chart = document.createElement("canvas");
    chart.height = 28;
    chart.className = "spark";
    const chartCell = document.createElement("td");
    chartCell.style.width = "30%";
    chartCell.append(chart);
    const buttonCell = document.createElement("td");
    buttonCell.append(button("tail", () => startTail(t.topic)), " ",
      button("browse", () => { location.hash = "streams"; openBrowser("topic", t.topic); }));
    requestAnimationFrame(() => drawChart(chart, t.perSecond));
    const types = Object.entries(t.byType).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ");
    const row = [cell(t.topic), cell(String(rateNow(t.perSecond)), "num topic-rate"), cell(String(t.events), "num"),
      cell(String(t.activeStreams) + (t.streamsCapped ? "+" : ""), "num"), cell(types), chartCell, buttonCell];
    row[0].dataset.topic = t.topic;
    return row;
  }, (t) => t.topic);

  $("#groups-empty").hidden = snapshot.groups.length > 0;
  fillTable("#groups", snapshot.groups, (g, tr) => {
    tr.className = "clickable";
    tr.addEventListener("click", () => { location.hash = "consumers"; openConsumer(g); });
    return [cell(g.kind), cell(g.topic), cell(g.name), cell(String(g.lag), "num"), cell(String(g.inFlight), "num"),
      cell(String(g.parked), "num"), cell(String(g.members), "num")];
  }, (g) => `${g.kind}/${g.topic}/${g.name}`);
  renderConsumers(snapshot.groups);
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
    const head = await fetch(`/dashboard/topics/${enc(topic)}/head`, { signal: controller.signal });
    if (!head.ok) {
      $("#tail-status").textContent = head.status === 403 ? "this key may not read that topic" : "not a topic name";
      return;
    }
    const { offset } = await head.json();
    const response = await fetch(`/dashboard/api/topics/${enc(topic)}/subscribe?after=${Math.max(0, offset - 10)}`, { signal: controller.signal });
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

// One view at a time, chosen by the address's fragment (#overview, #streams, #consumers, #members).
function showView() {
  const view = location.hash.slice(1) || "overview";
  document.querySelectorAll("main[data-view]").forEach((main) => { main.hidden = main.dataset.view !== view; });
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.nav === view));
}
window.addEventListener("hashchange", showView);

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

async function start() {
  showView();
  try {
    session = await api("/session");
  } catch {
    // Keep the defaults: the feed itself still shows only what the key may see.
  }
  $("#signout").hidden = !session.keys;
  $("#signed-in-as").textContent = session.key ? `signed in as ${session.key}` : "";
  document.querySelectorAll(".needs-cluster").forEach((p) => { p.hidden = session.cluster; });
  document.querySelector('nav a[data-nav="members"]').hidden = !session.cluster;
  connect();
}

start();
