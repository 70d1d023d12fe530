/*
 * Units coloured by class on a map (the indicator page's choropleth, the planners' implementation map).
 *
 *   window.IocChoropleth.whenReady(elementId, fn)   fn(instance) once the map component has read its catalogue
 *   window.IocChoropleth.colourUnits(instance, data)
 *       data (from the server, json_script): classes {unit code: class index}, colours [one per class],
 *       none (colour of units without a value), values {unit code: number}, label, format ("number"|"percent"),
 *       legend [[colour, label], …] (shown in the layer switcher in place of the units layer's own legend)
 *
 * The server chose the classes and draws the legend from the same colours, so map and legend always agree.
 * The indicator page (indicators/detail.html) is wired up here: #ind-map with #ind-map-data.
 */
(function (window, document) {
  "use strict";

  var ui = window.IocUi;
  var NO_VALUE_OPACITY = 0.15;
  var CLASS_OPACITY = 0.85;

  function whenReady(elementId, fn) {
    function start() {
      var element = document.getElementById(elementId);
      if (!element) return;
      if (element.iocMap) element.iocMap.ready.then(function () { fn(element.iocMap); }, function () {});
      else element.addEventListener("ioc-map:ready", function (event) { fn(event.detail); });
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  function formatValue(data, value) {
    return data.format === "percent" ? ui.fmtPercent(value, 1) : ui.fmtNumber(value, 2);
  }

  function colourUnits(instance, data) {
    // The units layer of the catalogue (vector tiles) carries each unit's code.
    instance.setStyler("admin-units", function (properties) {
      var index = data.classes[properties.code];
      if (index === undefined) return { fillColor: data.none || "#bbbbbb", fillOpacity: NO_VALUE_OPACITY };
      return { fillColor: data.colours[index], fillOpacity: CLASS_OPACITY };
    });
    instance.setPopupRows("admin-units", function (properties) {
      var value = data.values[properties.code];
      return value === undefined || value === null ? [] : [[data.label, formatValue(data, value)]];
    });
    instance.element.setAttribute("data-coloured-units", String(Object.keys(data.classes).length));
    if (data.legend) switcherLegend(instance, data.legend);
  }

  /* The layer switcher lists the units layer with its own colours (kinds of unit): show this map's classes instead. */
  function switcherLegend(instance, legend) {
    var list = instance.element.querySelector('.ioc-switcher__item[data-layer="admin-units"] .ioc-legend__list');
    if (!list) return;
    list.textContent = "";
    legend.forEach(function (entry) {
      var item = list.appendChild(ui.el("li", "ioc-legend__item"));
      var swatch = item.appendChild(ui.el("span", "ioc-legend__swatch"));
      swatch.style.backgroundColor = entry[0];
      item.setAttribute("data-color", entry[0].toUpperCase());
      item.appendChild(ui.el("span", "ioc-legend__label", entry[1]));
    });
  }

  function fromScript(elementId, scriptId) {
    whenReady(elementId, function (instance) {
      var script = document.getElementById(scriptId);
      if (script) colourUnits(instance, JSON.parse(script.textContent));
    });
  }

  window.IocChoropleth = { whenReady: whenReady, colourUnits: colourUnits, fromScript: fromScript };
  fromScript("ind-map", "ind-map-data");
})(window, document);
