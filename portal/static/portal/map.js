/*
 * Map component of the Khánh Hòa IOC: the province's communes, wards and special zone on a Leaflet map.
 *
 * Works offline: Leaflet comes from our own static files and there is no tile layer unless the page's config
 * names an online basemap (settings.MAP_ONLINE_BASEMAP_URL). Markup comes from the {% ioc_map %} template tag:
 * an element with data-ioc-map="<id of a json_script config>"; every such element becomes a map when the page
 * loads. Later pages reuse it through:
 *
 *   window.iocMap                  the first map on the page (window.IocMap.instances[elementId] for others)
 *   window.IocMap.create(element)  make a map by hand (elements without data-ioc-map-manual are made for you)
 *   instance.ready                 Promise of the number of units drawn; rejects when they cannot be loaded
 *   instance.unitCount             units drawn so far
 *   instance.map                   the Leaflet map; instance.unitsLayer the L.GeoJSON layer of the units
 *   instance.unitLayer(code)       the Leaflet layer of one unit, by its 5-digit code
 *
 * When the units are drawn the element gets data-ready="true" and data-unit-count="<n>" and fires the DOM event
 * "ioc-map:ready" (detail: the instance); on failure data-ready="error" and "ioc-map:error".
 * Each unit is one SVG path with the classes "ioc-unit ioc-unit--<kind>" and data-code / data-kind attributes.
 */
(function (window, document) {
  "use strict";

  var L = window.L;
  if (!L) {
    console.error("IOC map: Leaflet is not loaded; include portal/includes/map_assets.html (vendor/leaflet).");
    return;
  }
  var INITIAL_CENTRE = [12.25, 109.0]; // lat, lon of Khánh Hòa: the view until the units arrive
  var INITIAL_ZOOM = 8;
  var COORD_DECIMALS = 5; // about 1 m, finer than a pointer can aim
  var FIT_PADDING = [16, 16];

  function create(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    // textContent, never innerHTML: unit names come from the database.
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function readConfig(element) {
    var scriptId = element.getAttribute("data-ioc-map");
    var script = scriptId && document.getElementById(scriptId);
    if (!script) {
      throw new Error("IOC map #" + element.id + ": its config <script id=\"" + scriptId + "\"> is missing.");
    }
    return JSON.parse(script.textContent);
  }

  var LegendControl = L.Control.extend({
    options: { position: "bottomright" },

    initialize: function (title, entries, options) {
      L.setOptions(this, options);
      this._title = title;
      this._entries = entries;
      this._counts = {};
    },

    onAdd: function () {
      var box = create("section", "ioc-legend");
      box.setAttribute("aria-label", this._title);
      box.appendChild(create("h2", "ioc-legend__title", this._title));
      var list = box.appendChild(create("ul", "ioc-legend__list"));
      this._entries.forEach(function (entry) {
        var item = list.appendChild(create("li", "ioc-legend__item"));
        item.setAttribute("data-kind", entry.kind);
        item.appendChild(create("span", "ioc-legend__swatch ioc-legend__swatch--" + entry.kind));
        item.appendChild(create("span", "ioc-legend__label", entry.label));
        this._counts[entry.kind] = item.appendChild(create("span", "ioc-legend__count"));
      }, this);
      L.DomEvent.disableClickPropagation(box);
      return box;
    },

    setCounts: function (counts) {
      Object.keys(this._counts).forEach(function (kind) {
        this._counts[kind].textContent = counts[kind] ? "(" + counts[kind] + ")" : "";
      }, this);
    },
  });

  var PointerControl = L.Control.extend({
    options: { position: "bottomleft" },

    initialize: function (labels, options) {
      L.setOptions(this, options);
      this._labels = labels;
    },

    onAdd: function (map) {
      this._box = create("div", "ioc-pointer");
      this._show(null);
      map.on("mousemove", this._onMove, this);
      map.on("mouseout", this._onOut, this);
      return this._box;
    },

    onRemove: function (map) {
      map.off("mousemove", this._onMove, this);
      map.off("mouseout", this._onOut, this);
    },

    _onMove: function (event) {
      this._show(event.latlng);
    },

    _onOut: function () {
      this._show(null);
    },

    _show: function (latlng) {
      if (!latlng) {
        this._box.textContent = this._labels.pointerHint;
        this._box.removeAttribute("data-lon");
        this._box.removeAttribute("data-lat");
        return;
      }
      var lon = latlng.lng.toFixed(COORD_DECIMALS);
      var lat = latlng.lat.toFixed(COORD_DECIMALS);
      this._box.textContent = format(this._labels.pointer, { lon: lon, lat: lat });
      this._box.setAttribute("data-lon", lon);
      this._box.setAttribute("data-lat", lat);
    },
  });

  var ViewControl = L.Control.extend({
    options: { position: "topleft" },

    initialize: function (views, options) {
      L.setOptions(this, options);
      this._views = views; // [{label, name, bounds: function}]
    },

    onAdd: function () {
      var bar = create("div", "leaflet-bar ioc-view");
      this._views.forEach(function (view) {
        var button = bar.appendChild(create("button", "ioc-view__button", view.label));
        button.type = "button";
        button.setAttribute("data-view", view.name);
        L.DomEvent.on(button, "click", function (event) {
          L.DomEvent.stop(event);
          view.show();
        });
      });
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    },
  });

  function popupContent(properties, labels, kindLabels) {
    var box = create("div", "ioc-unit-popup");
    box.appendChild(create("h3", "ioc-unit-popup__name", properties.name));
    var list = box.appendChild(create("dl", "ioc-unit-popup__facts"));
    function fact(label, value) {
      if (value === undefined || value === null || value === "") return;
      list.appendChild(create("dt", "", label));
      list.appendChild(create("dd", "", value));
    }
    fact(labels.kind, properties.kind_label || kindLabels[properties.kind] || properties.kind);
    fact(labels.code, properties.code);
    if (typeof properties.area_km2 === "number") {
      var area = properties.area_km2.toLocaleString(document.documentElement.lang || undefined);
      fact(labels.area, area + " " + labels.areaUnit);
    }
    fact(labels.source, properties.geometry_source);
    return box;
  }

  function tooltipContent(properties) {
    var box = create("span", "ioc-unit-tooltip");
    box.appendChild(create("strong", "", properties.name));
    box.appendChild(document.createTextNode(" · " + properties.code));
    return box;
  }

  function fetchUnits(url) {
    return window
      .fetch(url, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (body) {
            if (!response.ok) {
              // core/middleware.py answers errors as JSON with a "message".
              throw new Error((body && body.message) || response.status + " " + response.statusText);
            }
            if (!body || body.type !== "FeatureCollection" || !Array.isArray(body.features)) {
              throw new Error(url + " did not return a GeoJSON FeatureCollection");
            }
            return body;
          });
      });
  }

  function IocMapInstance(element, config) {
    this.element = element;
    this.config = config;
    this.labels = config.labels;
    this.unitCount = 0;
    this.unitsLayer = null;
    this._units = {};
    this._kindLabels = {};
    config.legend.forEach(function (entry) {
      this._kindLabels[entry.kind] = entry.label;
    }, this);
    this._status = element.querySelector(".ioc-map__status") || element.appendChild(create("p", "ioc-map__status"));
    this.map = this._createMap();
    this.ready = this._load();
    // The page shows failures itself; consumers of `ready` still see the rejection.
    this.ready.catch(function () {});
  }

  IocMapInstance.prototype._createMap = function () {
    var map = L.map(this.element, {
      renderer: L.svg({ padding: 0.5 }), // SVG so every unit is a DOM path (styled by CSS, countable by tests)
      center: INITIAL_CENTRE,
      zoom: INITIAL_ZOOM,
      minZoom: 4,
      maxZoom: 18,
      zoomSnap: 0.25,
    });
    var basemap = this.config.basemap || {};
    if (basemap.url) {
      L.tileLayer(basemap.url, { attribution: basemap.attribution || "", maxZoom: 19 }).addTo(map);
      this.element.classList.add("ioc-map--basemap");
    }
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    new PointerControl(this.labels).addTo(map);
    this.legend = new LegendControl(this.labels.legendTitle, this.config.legend).addTo(map);
    var self = this;
    new ViewControl([
      { name: "mainland", label: this.labels.mainland, show: function () { self.fitMainland(); } },
      { name: "province", label: this.labels.wholeProvince, show: function () { self.fitAll(); } },
    ]).addTo(map);
    return map;
  };

  IocMapInstance.prototype._load = function () {
    var self = this;
    this._setStatus(this.labels.loading);
    return fetchUnits(this.config.unitsUrl).then(
      function (collection) {
        self._draw(collection);
        self._setStatus(self.unitCount ? "" : self.labels.empty);
        self.element.setAttribute("data-unit-count", String(self.unitCount));
        self.element.setAttribute("data-ready", "true");
        self.element.dispatchEvent(new CustomEvent("ioc-map:ready", { detail: self }));
        return self.unitCount;
      },
      function (error) {
        self._setStatus(format(self.labels.loadFailed, { reason: error.message }));
        self.element.setAttribute("data-ready", "error");
        self.element.dispatchEvent(new CustomEvent("ioc-map:error", { detail: error }));
        console.error("IOC map: the units could not be loaded from " + self.config.unitsUrl + ":", error);
        throw error;
      }
    );
  };

  IocMapInstance.prototype._draw = function (collection) {
    var self = this;
    var counts = {};
    this.unitsLayer = L.geoJSON(collection, {
      className: "ioc-unit",
      style: { weight: 1, fillOpacity: 0.8 },
      onEachFeature: function (feature, layer) {
        var properties = feature.properties || {};
        counts[properties.kind] = (counts[properties.kind] || 0) + 1;
        self._units[properties.code] = layer;
        layer.bindTooltip(tooltipContent(properties), { sticky: true, direction: "top", opacity: 0.95 });
        layer.bindPopup(popupContent(properties, self.labels, self._kindLabels));
        layer.on("mouseover", function () {
          layer.bringToFront(); // so the highlighted outline is not hidden under its neighbours
        });
      },
    });
    this.fitMainland();
    this.unitsLayer.addTo(this.map);
    // Per-unit classes and data go on the paths once Leaflet has created them.
    this.unitsLayer.eachLayer(function (layer) {
      var properties = layer.feature.properties || {};
      var path = layer.getElement();
      L.DomUtil.addClass(path, "ioc-unit--" + properties.kind);
      path.setAttribute("data-code", properties.code);
      path.setAttribute("data-kind", properties.kind);
    });
    this.unitCount = collection.features.length;
    this.legend.setCounts(counts);
  };

  IocMapInstance.prototype._setStatus = function (text) {
    this._status.textContent = text;
    this._status.hidden = !text;
  };

  IocMapInstance.prototype._bounds = function (excludeKinds) {
    var bounds = L.latLngBounds([]);
    if (!this.unitsLayer) return bounds;
    this.unitsLayer.eachLayer(function (layer) {
      if (excludeKinds.indexOf(layer.feature.properties.kind) === -1) bounds.extend(layer.getBounds());
    });
    return bounds;
  };

  /** Fit the view to the units on the mainland (all of them if none is on the mainland). */
  IocMapInstance.prototype.fitMainland = function () {
    var bounds = this._bounds(this.config.fitExcludeKinds || []);
    if (!bounds.isValid()) bounds = this._bounds([]);
    if (bounds.isValid()) this.map.fitBounds(bounds, { padding: FIT_PADDING });
  };

  /** Fit the view to every unit, offshore ones included. */
  IocMapInstance.prototype.fitAll = function () {
    var bounds = this._bounds([]);
    if (bounds.isValid()) this.map.fitBounds(bounds, { padding: FIT_PADDING });
  };

  IocMapInstance.prototype.unitLayer = function (code) {
    return this._units[code] || null;
  };

  var IocMap = {
    instances: {},

    create: function (element) {
      if (element.iocMap) return element.iocMap;
      var instance = new IocMapInstance(element, readConfig(element));
      element.iocMap = instance;
      IocMap.instances[element.id] = instance;
      if (!window.iocMap) window.iocMap = instance;
      return instance;
    },
  };

  function createAll() {
    document.querySelectorAll("[data-ioc-map]:not([data-ioc-map-manual])").forEach(function (element) {
      IocMap.create(element);
    });
  }

  window.IocMap = IocMap;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", createAll);
  } else {
    createAll();
  }
})(window, document);
