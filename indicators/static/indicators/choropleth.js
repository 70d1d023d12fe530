/* The indicator page: colour the units of the map by their class of the chosen period (indicators/detail.html). */
(function (window, document) {
  "use strict";

  function colour(instance) {
    var script = document.getElementById("ind-map-data");
    if (!script) return;
    var data = JSON.parse(script.textContent);
    // The units layer of the catalogue (vector tiles) carries each unit's code.
    instance.setStyler("admin-units", function (properties) {
      var index = data.classes[properties.code];
      if (index === undefined) return { fillColor: "#bbbbbb", fillOpacity: 0.15 };
      return { fillColor: data.colours[index], fillOpacity: 0.85 };
    });
    instance.setPopupRows("admin-units", function (properties) {
      var value = data.values[properties.code];
      return value === undefined ? [] : [[data.label, value.toLocaleString(document.documentElement.lang)]];
    });
    instance.element.setAttribute("data-coloured-units", String(Object.keys(data.classes).length));
  }

  function start() {
    var element = document.getElementById("ind-map");
    if (!element) return;
    if (element.iocMap) element.iocMap.ready.then(function () { colour(element.iocMap); }, function () {});
    else element.addEventListener("ioc-map:ready", function (event) { colour(event.detail); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
