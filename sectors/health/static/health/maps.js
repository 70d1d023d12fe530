/* Colour the units of every map on the page that has a choropleth data script: <div id="X"> with <script id="X-data">. */
(function (window, document) {
  "use strict";
  document.querySelectorAll("[data-choropleth-map]").forEach(function (element) {
    window.IocChoropleth.fromScript(element.getAttribute("data-choropleth-map"), element.getAttribute("data-choropleth-data"));
  });
})(window, document);
