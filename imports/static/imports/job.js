/*
 * The import job page while the worker imports: polls the job's JSON every second, moves the progress bar, writes
 * the counts and the time left (from the rate so far), and reloads the page for the report once the job ends.
 */
(function (window, document) {
  "use strict";

  var POLL_MS = 1000;
  var ui = window.IocUi;
  var box = document.querySelector("[data-progress]");
  var textsNode = document.getElementById("ij-texts");
  if (!box || !ui || !textsNode) return;
  var texts = JSON.parse(textsNode.textContent);
  var bar = box.querySelector("progress");
  var counts = box.querySelector("[data-counts]");
  var remaining = box.querySelector("[data-remaining]");
  var stateLabel = document.querySelector("[data-state-label]");

  function show(status) {
    if (status.fraction !== null && status.fraction !== undefined) {
      bar.value = Math.round(status.fraction * 1000);
      bar.setAttribute("aria-valuetext", ui.fmtPercent(status.fraction * 100, 0));
    }
    var values = { read: ui.fmtNumber(status.read), written: ui.fmtNumber(status.written), total: ui.fmtNumber(status.total) };
    counts.textContent = ui.interpolate(status.total === null ? texts.counts : texts.counts_of_total, values);
    var phase = status.phase_label ? status.state_label + ": " + status.phase_label : status.state_label;
    if (stateLabel) stateLabel.textContent = phase;
    remaining.textContent = status.remaining_ms === null ? "" : ui.interpolate(texts.remaining, { time: ui.fmtDuration(status.remaining_ms) });
  }

  function poll() {
    ui.fetchJson(box.getAttribute("data-status-url"))
      .then(function (status) {
        show(status);
        if (status.finished) window.location.reload();
        else window.setTimeout(poll, POLL_MS);
      })
      .catch(function () {
        window.setTimeout(poll, POLL_MS * 5); // the server restarting: try again a little later
      });
  }

  poll();
})(window, document);
