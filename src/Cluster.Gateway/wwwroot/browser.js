// The stream browser: open a stream (pages by sequence) or a topic (pages by offset), page back
// and forth, and show one event's JSON as stored.
import { $, cell, fillTable, api, enc } from "./ui.js";

const pageSize = 20;
let current = null; // { kind, name, positions: [start of each page seen], next }

export async function openBrowser(kind, name) {
  $("#browse-kind").value = kind;
  $("#browse-name").value = name;
  current = { kind, name, positions: [kind === "stream" ? 1 : 0], next: null };
  await showPage();
}

async function showPage() {
  const { kind, name, positions } = current;
  const position = positions[positions.length - 1];
  const path = kind === "stream"
    ? `/streams/${enc(name)}?from=${position}&limit=${pageSize}`
    : `/topics/${enc(name)}?after=${position}&limit=${pageSize}`;
  $("#browse-status").textContent = "loading…";
  try {
    const page = await api(path);
    current.next = page.next ?? null;
    $("#browse-status").textContent = `${kind} ${name}`;
    const label = (e) => (kind === "stream" ? `#${e.sequence}` : `offset ${e.offset}`);
    $("#browse-page").textContent = page.events.length ? `${label(page.events[0])} to ${label(page.events.at(-1))}` : "no events here";
    fillTable("#browse", page.events, (e, tr) => {
      tr.className = "clickable";
      tr.addEventListener("click", () => showEvent(e));
      return [cell(String(e.offset), "num"), cell(e.stream), cell(String(e.sequence), "num"), cell(e.type), cell(e.timestamp)];
    });
  } catch (error) {
    current.next = null;
    $("#browse-status").textContent = error.message;
    $("#browse-page").textContent = "";
    $("#browse tbody").replaceChildren();
  }
  // A page with fewer events than asked for is the last one (a topic page still names a next offset).
  $("#browse-next").disabled = current.next === null || $("#browse tbody").children.length < pageSize;
  $("#browse-prev").disabled = positions.length < 2;
}

function showEvent(e) {
  $("#event-title").textContent = `${e.stream} #${e.sequence} (offset ${e.offset})`;
  $("#event-json").textContent = JSON.stringify(e, null, 2);
}

$("#browse-form").addEventListener("submit", (event) => {
  event.preventDefault();
  openBrowser($("#browse-kind").value, $("#browse-name").value.trim());
});
$("#browse-next").addEventListener("click", () => {
  if (current?.next === null) return;
  current.positions.push(current.next);
  showPage();
});
$("#browse-prev").addEventListener("click", () => {
  if (!current || current.positions.length < 2) return;
  current.positions.pop();
  showPage();
});
