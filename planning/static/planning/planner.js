/* The planners' page: colour the units of the implementation map by their rate (planning/planner.html). */
(function (window, document) {
  "use strict";

  function colour(instance) {
    var script = document.getElementById("pp-rates");
    if (!script) return;
    var rates = JSON.parse(script.textContent);
    var bounds = window.L.latLngBounds([]);
    Object.keys(rates).forEach(function (code) {
      var layer = instance.unitLayer(code);
      if (!layer || rates[code] === null) return;
      var path = layer.getElement();
      path.setAttribute("data-rate", String(rates[code]));
      path.style.setProperty("--pp-rate", String(rates[code]));
      layer.bindTooltip(layer.feature.properties.name + ": " + Math.round(rates[code] * 100) + " %");
      bounds.extend(layer.getBounds());
    });
    if (bounds.isValid()) instance.map.fitBounds(bounds, { padding: [16, 16] });
  }

  function start() {
    var element = document.getElementById("pp-map");
    if (!element) return;
    if (element.iocMap) element.iocMap.ready.then(function () { colour(element.iocMap); }, function () {});
    else element.addEventListener("ioc-map:ready", function (event) { colour(event.detail); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
