// disclint serve: what the pages gain with a script (they work without it: forms post, pages refresh).
"use strict";

// Dropping a file on the drop zone chooses it; choosing one on the editor's page starts the check.
const drop = document.getElementById("drop");
if (drop) {
  const input = drop.querySelector("input[type=file]");
  const form = drop.closest("form");
  ["dragenter", "dragover"].forEach((e) => drop.addEventListener(e, (ev) => { ev.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach((e) => drop.addEventListener(e, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    input.files = ev.dataTransfer.files;
    if (form.id === "check") form.requestSubmit();
  });
  form.addEventListener("submit", () => {
    document.getElementById("busy").hidden = false;
    form.querySelector("button").disabled = true;
  });
}

// A batch being checked: its progress bar follows the service, and the table shows when it is done.
const bar = document.getElementById("progress");
if (bar) {
  const poll = async () => {
    try {
      const answer = await fetch("/api/batches/" + bar.dataset.batch, { headers: { Accept: "application/json" } });
      const state = await answer.json();
      bar.value = state.done;
      document.getElementById("count").textContent = state.done;
      if (state.state !== "open") { location.reload(); return; }
    } catch (e) { /* the service restarting: try again */ }
    setTimeout(poll, 700);
  };
  setTimeout(poll, 300);
}

// The batch table: a click on a heading sorts by it (again: the other way), the box filters the rows.
const table = document.getElementById("table");
if (table) {
  const body = table.tBodies[0];
  table.tHead.querySelectorAll("th").forEach((th, k) => th.addEventListener("click", () => {
    const up = th.dataset.up !== "1";
    table.tHead.querySelectorAll("th").forEach((other) => delete other.dataset.up);
    th.dataset.up = up ? "1" : "0";
    const numeric = th.classList.contains("n");
    const rows = [...body.rows];
    rows.sort((a, b) => {
      const x = a.cells[k].textContent, y = b.cells[k].textContent;
      const c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh");
      return up ? c : -c;
    });
    rows.forEach((r) => body.appendChild(r));
  }));
  document.getElementById("filter").addEventListener("input", (ev) => {
    const q = ev.target.value.trim();
    [...body.rows].forEach((r) => { r.hidden = q !== "" && !r.textContent.includes(q); });
  });
}
