/*
 * Live parts of the inbox and the alert page: every [data-deadline] recounts its time left every 30 seconds, and a
 * [data-refresh-url] block (the inbox list) is fetched again every data-refresh-seconds and swapped in place, so a
 * newly routed alert appears without reloading. The swapped HTML is the server's own template output.
 */
(function (window, document) {
  "use strict";

  var source = document.getElementById("al-live-labels");
  var labels = source ? JSON.parse(source.textContent) : null;
  var TICK_MS = 30000;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function duration(ms) {
    var minutes = Math.max(1, Math.round(Math.abs(ms) / 60000));
    var days = Math.floor(minutes / 1440), hours = Math.floor(minutes / 60) % 24, rest = minutes % 60;
    if (days) return days + " " + labels.day + (hours ? " " + hours + " " + labels.h : "");
    if (hours) return hours + " " + labels.h + " " + rest + " " + labels.min;
    return rest + " " + labels.min;
  }

  function recount() {
    if (!labels) return;
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (node) {
      var left = new Date(node.getAttribute("data-deadline")).getTime() - now;
      node.textContent = format(left > 0 ? labels.left : labels.late, { time: duration(left) });
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

  document.querySelectorAll("[data-refresh-url]").forEach(refresher);
  window.setInterval(recount, TICK_MS);
})(window, document);
