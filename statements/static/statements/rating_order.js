// Reorder a scale's ratings on the rating model's page: "Up" and "Down" buttons beside each
// row move it and renumber every position, and one save stores the new order
// (statements/scales.py). A file of its own: the desk's CSP allows no inline script.
"use strict";

(function () {
  function rows(table) {
    return Array.from(table.querySelectorAll("tbody tr.form-row")).filter(function (row) {
      return !row.classList.contains("empty-form") && row.querySelector("input[name$='-ordinal']");
    });
  }

  // Positions follow the rows from the top, 1 first (the worst), skipping rows marked for
  // deletion so the scale stays without gaps.
  function renumber(table) {
    let position = 1;
    rows(table).forEach(function (row) {
      const removed = row.querySelector("input[name$='-DELETE']");
      const input = row.querySelector("input[name$='-ordinal']");
      if (removed && removed.checked) {
        return;
      }
      input.value = String(position);
      position += 1;
    });
  }

  function move(table, row, step) {
    const all = rows(table);
    const index = all.indexOf(row);
    const target = all[index + step];
    if (!target) {
      return;
    }
    if (step < 0) {
      target.before(row);
    } else {
      target.after(row);
    }
    renumber(table);
    row.querySelector("button[data-move='" + (step < 0 ? "up" : "down") + "']").focus();
  }

  function button(label, direction, text) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "button desk-move";
    element.dataset.move = direction;
    element.textContent = text;
    element.setAttribute("aria-label", label);
    return element;
  }

  function setUp(table) {
    rows(table).forEach(function (row) {
      const cell = row.querySelector("td.field-ordinal");
      if (!cell || cell.querySelector(".desk-move")) {
        return;
      }
      const label = (row.querySelector("input[name$='-label']") || {}).value || "";
      cell.append(
        button("Move " + label + " up", "up", "↑"),
        button("Move " + label + " down", "down", "↓"),
      );
    });
    table.addEventListener("click", function (event) {
      const control = event.target.closest("button[data-move]");
      if (!control) {
        return;
      }
      move(table, control.closest("tr"), control.dataset.move === "up" ? -1 : 1);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".desk-scale-ratings table").forEach(setUp);
  });
})();
