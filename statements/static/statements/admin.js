/* The desk's small helpers. Loaded as a file: the CSP forbids inline script. */
"use strict";

// Rating badges take their colour from the rating scale. Setting a style property from script
// is allowed by the CSP; a style attribute in the markup is not.
function colourRatingBadges(root) {
  root.querySelectorAll("[data-colour]").forEach(function (badge) {
    badge.style.backgroundColor = badge.dataset.colour;
  });
}

// While a claim is being written, list existing claims worded like it.
function watchForDuplicates() {
  const panel = document.getElementById("desk-similar");
  const input = document.getElementById("id_text");
  if (!panel || !input) {
    return;
  }
  const list = panel.querySelector("ul");
  const show = function () {
    panel.classList.toggle("has-results", list.children.length > 0);
  };
  let timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      const url = new URL(panel.dataset.url, window.location.href);
      url.searchParams.set("q", input.value);
      if (panel.dataset.exclude) {
        url.searchParams.set("exclude", panel.dataset.exclude);
      }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          list.replaceChildren();
          data.results.forEach(function (claim) {
            const item = document.createElement("li");
            const link = document.createElement("a");
            link.href = claim.url;
            link.textContent = claim.text;
            item.append(link, " (" + claim.status + ")");
            list.append(item);
          });
          show();
        });
    }, 300);
  });
  show();
}

document.addEventListener("DOMContentLoaded", function () {
  colourRatingBadges(document);
  watchForDuplicates();
});

// "<name> has been editing this since 10:42": while a change form is open, tell the desk
// every few seconds (statements/desk/presence.py), show who else is editing, and say goodbye
// when the page is left, so the notice does not outlive the visit.
function announcePresence() {
  const form = document.querySelector("#content-main form[method=post]");
  const token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!token || !/\/change\/$/.test(window.location.pathname)) {
    return;
  }
  const url = window.location.pathname.replace(/change\/$/, "presence/");
  const body = function (extra) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    Object.keys(extra).forEach(function (key) { data.append(key, extra[key]); });
    return data;
  };
  const show = function (others) {
    document.querySelectorAll("li.desk-presence").forEach(function (item) { item.remove(); });
    if (!others.length) {
      return;
    }
    let list = document.querySelector("ul.messagelist");
    if (!list) {
      list = document.createElement("ul");
      list.className = "messagelist";
      const content = document.getElementById("content");
      content.parentNode.insertBefore(list, content);
    }
    others.forEach(function (other) {
      const item = document.createElement("li");
      item.className = "desk-presence warning";
      item.textContent = other.message;
      list.append(item);
    });
  };
  let every = 20;
  const beat = function () {
    fetch(url, { method: "POST", credentials: "same-origin", body: body({}) })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) {
          every = data.heartbeat || every;
          show(data.others);
        }
      })
      .catch(function () { /* offline for a moment: the next beat tries again */ })
      .finally(function () { window.setTimeout(beat, every * 1000); });
  };
  window.setTimeout(beat, every * 1000);
  window.addEventListener("pagehide", function () {
    navigator.sendBeacon(url, body({ leave: "1" }));
  });
}

document.addEventListener("DOMContentLoaded", announcePresence);

// The stock admin leaves some controls without a name a screen reader can say: the
// search-as-you-type boxes (select2), the cells of a tabular inline (named by their column),
// the date and time halves of a date-time field, and empty column headers. Name them from
// what a sighted person reads beside them; run again whenever rows or widgets are added.
function nameUnnamedControls(root) {
  const labelOf = function (control) {
    if (control.id) {
      const label = document.querySelector('label[for="' + control.id + '"]');
      if (label && label.textContent.trim()) {
        return label.textContent.trim().replace(/:$/, "");
      }
    }
    return "";
  };
  const hasName = function (control) {
    return control.getAttribute("aria-label") || control.getAttribute("aria-labelledby") ||
      labelOf(control) || control.closest("label");
  };
  // Tabular inline cells: the column's header.
  root.querySelectorAll(".tabular table").forEach(function (table) {
    const headers = Array.from(table.querySelectorAll("thead th"));
    headers.forEach(function (header) {
      if (!header.textContent.trim()) {
        const hidden = document.createElement("span");
        hidden.className = "desk-visually-hidden";
        hidden.textContent = header.classList.contains("original") ? "Row" : "Link";
        header.append(hidden);
      }
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.from(row.children).forEach(function (cell, index) {
        const header = headers[index];
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
          if (!hasName(control) && header) {
            control.setAttribute("aria-label", header.textContent.trim());
          }
        });
      });
    });
  });
  // A date-time field's two halves.
  root.querySelectorAll("p.datetime").forEach(function (part) {
    const row = part.closest(".form-row, .fieldBox") || part.parentNode;
    const label = row.querySelector("label");
    const name = label ? label.textContent.trim().replace(/:$/, "") : "";
    part.querySelectorAll("input").forEach(function (control, index) {
      if (!hasName(control)) {
        control.setAttribute("aria-label", name + (index === 0 ? " (date)" : " (time)"));
      }
    });
  });
  // select2: the box that stands in for a <select>, and its search field.
  root.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
    const container = box.closest(".select2");
    const select = container && container.previousElementSibling;
    if (select && !box.getAttribute("aria-label")) {
      box.setAttribute("aria-label", labelOf(select) || select.name);
    }
    const shown = box.querySelector(".select2-selection__rendered[role=textbox]");
    if (select && shown && !shown.getAttribute("aria-label")) {
      shown.setAttribute("aria-label", labelOf(select) || select.name);
    }
  });
  root.querySelectorAll(".select2-search__field").forEach(function (field) {
    if (!field.getAttribute("aria-label")) {
      field.setAttribute("aria-label", "Search");
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  nameUnnamedControls(document);
  let pending = false;
  new MutationObserver(function () {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      nameUnnamedControls(document);
    });
  }).observe(document.body, { childList: true, subtree: true });
});
