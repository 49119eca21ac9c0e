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
