/*
 * Map of the features on an OGC API HTML page: reads the GeoJSON (CRS84) of a json_script named by the map
 * element's data-geojson and draws it with Leaflet, fitted to its bounds. Offline: no basemap tiles.
 * When drawn the element gets data-ready="true" and data-feature-count="<n>".
 */
(function (window, document) {
  "use strict";

  function draw() {
    var element = document.getElementById("ogc-map");
    var L = window.L;
    if (!element || !L) return;
    var data = JSON.parse(document.getElementById(element.getAttribute("data-geojson")).textContent);
    var map = L.map(element, { attributionControl: false });
    var count = 0;
    var layer = L.geoJSON(data, {
      style: { color: "#0B3954", weight: 2, fillOpacity: 0.25 },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 5, color: "#0B3954", fillOpacity: 0.7 });
      },
      onEachFeature: function () { count += 1; }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else {
      map.setView([12.25, 109.0], 8);
    }
    element.setAttribute("data-feature-count", String(count));
    element.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})(window, document);
