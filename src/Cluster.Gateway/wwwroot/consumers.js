// Groups and webhooks: the list from the snapshot feed, and one of them opened: its status, its
// parked events (each one's JSON on a click) and, with the admin right on its topic, a button that
// replays them.
import { $, cell, fillTable, button, api, enc } from "./ui.js";

let opened = null; // { kind, topic, name }

export function renderConsumers(groups) {
  $("#consumers-empty").hidden = groups.length > 0;
  fillTable("#consumers", groups, (g) => [cell(g.kind), cell(g.topic), cell(g.name), cell(String(g.lag), "num"),
    cell(String(g.parked), "num"), (() => { const td = cell(""); td.append(button("open", () => openConsumer(g))); return td; })()],
  (g) => `${g.kind}/${g.topic}/${g.name}`);
}

const routeOf = ({ kind, topic, name }) => `/topics/${enc(topic)}/${kind === "webhook" ? "webhooks" : "groups"}/${enc(name)}`;

export async function openConsumer(g) {
  opened = { kind: g.kind, topic: g.topic, name: g.name };
  $("#consumer").hidden = false;
  $("#consumer-title").textContent = `${g.kind} ${g.name} on ${g.topic}`;
  $("#replay-status").textContent = "";
  $("#parked-json").hidden = true;
  const rights = await api(`/topics/${enc(g.topic)}/rights`).catch(() => ({ rights: [] }));
  $("#replay").hidden = !rights.rights.includes("admin");
  await refresh();
}

async function refresh() {
  if (!opened) return;
  const route = routeOf(opened);
  try {
    const status = await api(route);
    $("#consumer-status").replaceChildren(...Object.entries(status).flatMap(([k, v]) => {
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = String(v);
      dd.dataset.field = k;
      return [dt, dd];
    }));
    const { parked } = await api(`${route}/parked?limit=100`);
    $("#parked-empty").hidden = parked.length > 0;
    fillTable("#parked", parked, (p, tr) => {
      tr.className = "clickable";
      tr.addEventListener("click", () => {
        $("#parked-json").hidden = false;
        $("#parked-json").textContent = JSON.stringify(p, null, 2);
      });
      return [cell(String(p.event.offset), "num"), cell(p.event.stream), cell(String(p.event.sequence), "num"), cell(p.event.type),
        cell(String(p.deliveries), "num"), cell(p.reason)];
    });
  } catch (error) {
    $("#replay-status").textContent = error.message;
  }
}

$("#consumer-refresh").addEventListener("click", refresh);
$("#replay").addEventListener("click", async () => {
  if (!opened) return;
  try {
    const { replayed } = await api(`${routeOf(opened)}/parked/replay`, { method: "POST" });
    $("#replay-status").textContent = `replayed ${replayed} parked event${replayed === 1 ? "" : "s"}`;
  } catch (error) {
    $("#replay-status").textContent = error.message;
  }
  await refresh();
});
