// Small helpers shared by the dashboard's views. No libraries.

export const $ = (selector) => document.querySelector(selector);

export function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

export function fillTable(selector, rows, toCells) {
  const body = $(selector + " tbody");
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    tr.append(...toCells(row, tr));
    return tr;
  }));
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
