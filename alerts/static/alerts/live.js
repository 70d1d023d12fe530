/*
 * Live parts of the inbox and the alert page: every [data-deadline] recounts its time left every 30 seconds, a
 * [data-refresh-url] block (the inbox list) is fetched again every data-refresh-seconds and swapped in place, so a
 * newly routed alert appears without reloading, and every select[data-searchable] (the agency pickers) gets a search
 * box that narrows its options by name. The swapped HTML is the server's own template output. Without this script
 * the pickers are plain selects and the times are the server's.
 */
(function (window, document) {
  "use strict";

  var ui = window.IocUi;
  var source = document.getElementById("al-live-labels");
  var labels = source ? JSON.parse(source.textContent) : null;
  var TICK_MS = 30000;
  var pickers = 0;

  function recount() {
    if (!labels) return;
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (node) {
      var left = new Date(node.getAttribute("data-deadline")).getTime() - now;
      node.textContent = ui.interpolate(left > 0 ? labels.left : labels.late, { time: ui.fmtDuration(left) });
      node.classList.toggle("al-late", left <= 0);
    });
  }

  function refresher(block) {
    var url = block.getAttribute("data-refresh-url");
    var seconds = Number(block.getAttribute("data-refresh-seconds")) || 30;
    window.setInterval(function () {
      window
        .fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          block.innerHTML = html;
          block.setAttribute("data-refreshed", String(Date.now()));
          recount();
        })
        .catch(function () {
          block.setAttribute("data-refresh-failed", String(Date.now()));
        });
    }, seconds * 1000);
  }

  // Vietnamese names are searched without their accents: "so tai nguyen" finds "Sở Tài nguyên".
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function searchable(select) {
    if (!labels) return;
    var id = "al-picker-" + ++pickers;
    var box = ui.el("div", "al-picker");
    var label = box.appendChild(ui.el("label", "al-picker__label", labels.find));
    label.htmlFor = id;
    var input = box.appendChild(ui.el("input", "al-picker__search"));
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var count = box.appendChild(ui.el("span", "al-picker__count ioc-visually-hidden"));
    count.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    // Options are taken out and put back rather than hidden: phones ignore hidden options in a drop-down.
    var options = Array.prototype.slice.call(select.options);
    input.addEventListener("input", function () {
      var phrase = folded(input.value.trim().replace(/\s+/g, " "));
      var chosen = options.filter(function (option) { return option.selected; });
      var shown = options.filter(function (option) {
        var name = folded(option.textContent.replace(/\s+/g, " "));
        // Ticked coordinating agencies stay in the list so they are not dropped by a search.
        return (select.multiple && option.selected) || name.indexOf(phrase) !== -1;
      });
      select.replaceChildren.apply(select, shown);
      chosen.forEach(function (option) { option.selected = shown.indexOf(option) !== -1; });
      // A drop-down shows one of the matches: the chosen agency if it matches, else the first match.
      if (!select.multiple && shown.length && chosen.every(function (option) { return shown.indexOf(option) === -1; })) {
        shown[0].selected = true;
      }
      count.textContent = ui.interpolate(labels.found, { n: shown.length });
    });
  }

  document.querySelectorAll("select[data-searchable]").forEach(searchable);
  document.querySelectorAll("[data-refresh-url]").forEach(refresher);
  recount();
  window.setInterval(recount, TICK_MS);
})(window, document);
