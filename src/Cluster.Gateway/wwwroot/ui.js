// Small helpers shared by the dashboard's views. No libraries.

export const $ = (selector) => document.querySelector(selector);

export function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

// Draws rows into a table's body. With keyOf, a row already shown under the same key is kept and
// only its text cells (and charts) are updated: the feed redraws every second, and replacing a row
// would swallow a click on its button or on the row itself in the middle of it.
export function fillTable(selector, rows, toCells, keyOf) {
  const body = $(selector + " tbody");
  const shown = new Map(keyOf ? [...body.children].map((tr) => [tr.dataset.key, tr]) : []);
  const trs = rows.map((row) => {
    const fresh = document.createElement("tr");
    const cells = toCells(row, fresh);
    const key = keyOf ? String(keyOf(row)) : null;
    const old = key !== null ? shown.get(key) : undefined;
    if (old && old.children.length === cells.length) {
      cells.forEach((td, i) => update(old.children[i], td));
      return old;
    }
    fresh.append(...cells);
    if (key !== null) fresh.dataset.key = key;
    return fresh;
  });
  const same = trs.length === body.children.length && trs.every((tr, i) => body.children[i] === tr);
  if (!same) body.replaceChildren(...trs);
}

function update(current, next) {
  if (next.querySelector("canvas")) {
    current.replaceWith(next); // a new chart: nothing to click in it
  } else if (next.childElementCount === 0 && current.childElementCount === 0) {
    if (current.textContent !== next.textContent) current.textContent = next.textContent;
    if (current.className !== next.className) current.className = next.className;
  }
  // Cells holding buttons are kept as they are: they act on the row's key, which is unchanged.
}

export function button(text, onClick) {
  const b = document.createElement("button");
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

// GET or POST one of the dashboard's API routes; a problem+json answer becomes an Error with its detail.
export async function api(path, options = {}) {
  const response = await fetch("/dashboard/api" + path, options);
  if (response.status === 401) location.href = "/signin.html";
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error(body?.detail || body?.title || `${response.status} ${response.statusText}`);
  return body;
}

export const enc = encodeURIComponent;
