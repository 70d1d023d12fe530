/* The planners' page: colour the units of the implementation map by their rate (planning/planner.html). */
(function (window, document) {
  "use strict";

  var LOW = [242, 230, 201]; // no implementation yet
  var HIGH = [26, 127, 55]; // fully implemented

  function rateColour(rate) {
    var mix = LOW.map(function (low, i) {
      return Math.round(low + (HIGH[i] - low) * Math.max(0, Math.min(1, rate)));
    });
    return "rgb(" + mix.join(",") + ")";
  }

  function colour(instance) {
    var script = document.getElementById("pp-rates");
    if (!script) return;
    var rates = JSON.parse(script.textContent);
    var holder = instance.element.closest("[data-rate-label]");
    var label = holder ? holder.getAttribute("data-rate-label") : "%";
    // The units layer of the catalogue (vector tiles) carries each unit's code: colour it by the unit's rate.
    instance.setStyler("admin-units", function (properties) {
      var rate = rates[properties.code];
      if (rate === undefined || rate === null) return { fillOpacity: 0.1 };
      return { fillColor: rateColour(rate), fillOpacity: 0.9 };
    });
    instance.setPopupRows("admin-units", function (properties) {
      var rate = rates[properties.code];
      return rate === undefined || rate === null ? [] : [[label, Math.round(rate * 100) + " %"]];
    });
    instance.element.setAttribute("data-rated-units", String(Object.keys(rates).length));
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
