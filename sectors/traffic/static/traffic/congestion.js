/*
 * The congestion map's step picker: lists the 5-minute steps kept (sectors/traffic/views.steps) and points the
 * catalogue layer "traffic-congestion" of the page's map at the tiles of the chosen step (?step=); the empty choice
 * is the catalogue's own tiles, the newest step.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-traffic-steps]");
  if (!box) return;
  var select = box.querySelector("[data-step-select]");
  var slug = box.getAttribute("data-layer");
  var template = null;

  function mapInstance() {
    return window.iocMap || null;
  }

  function apply() {
    var map = mapInstance();
    if (!map) return;
    var layer = map.show(slug, true);
    if (!layer || !layer.setUrl) return;
    if (!select.value) {
      var record = map._records && map._records[slug];
      if (record) layer.setUrl(record.tile_url.url + "?v=" + encodeURIComponent(record.data_version));
      return;
    }
    layer.setUrl(template + "?step=" + encodeURIComponent(select.value));
  }

  fetch(box.getAttribute("data-steps-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(function (body) {
      template = body.tiles;
      body.steps.forEach(function (entry) {
        var option = document.createElement("option");
        option.value = entry.step;
        option.textContent = entry.label;
        select.appendChild(option);
      });
    })
    .catch(function () {
      select.disabled = true;
    });
  select.addEventListener("change", apply);
})();
