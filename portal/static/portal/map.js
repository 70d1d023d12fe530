/*
 * Map component of the Khánh Hòa IOC: every map page draws the layer catalogue's tiles through it.
 *
 * Works offline: Leaflet, Leaflet.VectorGrid and proj4js (loaded on the first pointer move) come from our own
 * static files (npm, copied to vendor/ by scripts/vendor_assets.sh), and the default base is offline
 * (config.basemap.offline, portal/basemap.py): the sea as the background, the province's land and coastline,
 * unit names from a zoom on, reference layers. An online basemap is a second choice of the same base switcher
 * only when the server names one (settings.MAP_ONLINE_BASEMAP_URL, empty by default).
 *
 * Markup comes from the {% ioc_map %} template tag: an element with data-ioc-map="<id of a json_script config>";
 * every such element becomes a map when the page loads. The map reads the catalogue (config.catalogue, the copy
 * the page carries, else config.layersUrl, /api/v1/layers): each layer published as tiles gets an entry in the layer switcher with its legend (from the
 * layer's style); vector layers are drawn from MVT tiles, raster layers from PNG tiles. Pages use it through:
 *
 *   window.iocMap                   the first map on the page (window.IocMap.instances[elementId] for others)
 *   window.IocMap.create(element)   make a map by hand (elements without data-ioc-map-manual are made for you)
 *   window.IocMap.toVn2000(lon, lat, proj4text)  [X northing, Y easting] in VN-2000 TM-3 108-15 (null until
 *                                                proj4js is loaded: window.IocMap.loadProj4(config.vn2000.script))
 *   instance.ready                  Promise of the number of catalogue layers drawn; rejects if the catalogue fails
 *   instance.map                    the Leaflet map
 *   instance.layer(slug)            the Leaflet layer drawing a catalogue layer (null when it is off)
 *   instance.show(slug, on)         switch a catalogue layer on or off
 *   instance.setStyler(slug, fn)    fn(properties, style) -> Leaflet path options, to colour a layer by page data
 *   instance.setPopupRows(slug, fn) fn(properties) -> extra [label, value] rows for that layer's popups
 *   instance.overlay(key)           the L.GeoJSON of a page overlay (config.overlays)
 *   instance.showBase(key)          choose the base: "offline" or "basemap" (the online tiles, when configured)
 *
 * When the catalogue is read the element gets data-ready="true" and data-layer-count="<n>" and fires
 * "ioc-map:ready" (detail: the instance); on failure data-ready="error" and "ioc-map:error".
 * Every text comes translated in the config; values from the server are written with textContent only.
 */
(function (window, document) {
  "use strict";

  var L = window.L;
  if (!L || !L.vectorGrid || !window.IocUi) {
    console.error("IOC map: Leaflet, Leaflet.VectorGrid or ui.js is not loaded; include portal/includes/map_assets.html.");
    return;
  }
  var INITIAL_CENTRE = [12.25, 109.0]; // lat, lon of Khánh Hòa: the view when no bounds are known
  var INITIAL_ZOOM = 8;
  var MAX_ZOOM = 19;
  var COORD_DECIMALS = 5; // about 1 m, finer than a pointer can aim
  var METRE_DECIMALS = 2;
  var FIT_PADDING = [16, 16];
  var Z_LAYERS = 100; // catalogue layers above the basemap; a layer switched on later draws on top
  var Z_BASEMAP = 1;
  var DEFAULT_COLOUR = "#3388FF";
  var DEFAULT_STROKE = "#40535E";
  // The offline base: the sea is the map's background (map.css), the province's land lighter than its neighbours'.
  var LAND_COLOUR = "#F6F3EA";
  var COAST_COLOUR = "#3D7FA6";
  var SURROUNDINGS_COLOUR = "#E3E0D8";
  var SURROUNDINGS_STROKE = "#9FB7C4";
  var SWITCHER_OPEN_WIDTH = 900; // px

  var lang = document.documentElement.lang || "vi";

  // The pages' shared helpers (portal/static/portal/ui.js, loaded first by base.html).
  var ui = window.IocUi;
  var create = ui.el; // textContent, never innerHTML: names and attributes come from the database
  var format = ui.interpolate;
  var fetchJson = ui.fetchJson;

  function readConfig(element) {
    var scriptId = element.getAttribute("data-ioc-map");
    var script = scriptId && document.getElementById(scriptId);
    if (!script) {
      throw new Error("IOC map #" + element.id + ": its config <script id=\"" + scriptId + "\"> is missing.");
    }
    return JSON.parse(script.textContent);
  }

  function inLanguage(record, key) {
    return (lang === "en" && record[key + "_en"]) || record[key];
  }

  function boundsOf(box) {
    // [west, south, east, north] -> Leaflet bounds
    return box ? L.latLngBounds([box[1], box[0]], [box[3], box[2]]) : null;
  }

  /* ---- coordinates ---- */

  var converters = {};
  var proj4Loading = null;

  /**
   * Load proj4js (130 KB) once, when a coordinate readout first needs it, not with the page: on a phone it would
   * delay the first tiles. Resolves with window.proj4.
   */
  function loadProj4(url) {
    if (window.proj4) return Promise.resolve(window.proj4);
    if (!url) return Promise.reject(new Error("IOC map: no proj4js URL in the map config (vn2000.script)."));
    if (!proj4Loading) {
      proj4Loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.async = true;
        script.onload = function () {
          if (window.proj4) resolve(window.proj4);
          else reject(new Error(url + " did not define proj4"));
        };
        script.onerror = function () {
          proj4Loading = null; // a later pointer move tries again
          reject(new Error(url + " could not be loaded"));
        };
        document.head.appendChild(script);
      });
    }
    return proj4Loading;
  }

  /** [X northing, Y easting] in metres of a WGS 84 lon/lat, with the server's PROJ string of EPSG:9217. */
  function toVn2000(lon, lat, proj4text) {
    if (!window.proj4 || !proj4text) return null;
    if (!converters[proj4text]) converters[proj4text] = window.proj4("EPSG:4326", proj4text);
    var en = converters[proj4text].forward([lon, lat]);
    return [en[1], en[0]];
  }

  /* ---- styles: the catalogue's style JSON (layers/styles.py, basic kinds) as Leaflet path options ---- */

  function colourOf(style, properties) {
    if (style.kind === "categories") {
      var value = properties[style.attribute];
      for (var i = 0; i < style.categories.length; i++) {
        if (String(style.categories[i].value) === String(value)) return style.categories[i].color;
      }
      return style.default_color || DEFAULT_COLOUR;
    }
    if (style.kind === "ranges") {
      var number = Number(properties[style.attribute]);
      for (var j = 0; j < style.ranges.length; j++) {
        var range = style.ranges[j];
        if (number >= range.min && number < range.max) return range.color;
      }
      return style.default_color || DEFAULT_COLOUR;
    }
    return style.color || DEFAULT_COLOUR;
  }

  function pathOptions(style, geometryType, properties) {
    var colour = colourOf(style || {}, properties || {});
    var opacity = style && typeof style.opacity === "number" ? style.opacity : 0.6;
    var type = (geometryType || "").toLowerCase();
    if (type.indexOf("line") !== -1) {
      return { stroke: true, color: colour, weight: 2, opacity: Math.max(opacity, 0.8), fill: false };
    }
    var options = {
      stroke: true,
      color: (style && style.stroke) || DEFAULT_STROKE,
      weight: 0.8,
      opacity: 0.9,
      fill: true,
      fillColor: colour,
      fillOpacity: opacity,
    };
    if (type.indexOf("point") !== -1) {
      options.radius = 5;
      options.fillOpacity = Math.max(opacity, 0.8);
    }
    return options;
  }

  /* ---- controls ---- */

  var PointerControl = L.Control.extend({
    options: { position: "bottomleft" },

    initialize: function (labels, vn2000, options) {
      L.setOptions(this, options);
      this._labels = labels;
      this._proj4 = vn2000.proj4;
      this._proj4Script = vn2000.script;
    },

    onAdd: function (map) {
      this._box = create("div", "ioc-pointer");
      this._wgs84 = this._box.appendChild(create("div", "ioc-pointer__wgs84"));
      this._vn2000 = this._box.appendChild(create("div", "ioc-pointer__vn2000"));
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
      var box = this._box;
      ["data-lon", "data-lat", "data-x", "data-y"].forEach(function (name) {
        box.removeAttribute(name);
      });
      if (!latlng) {
        this._wgs84.textContent = this._labels.pointerHint;
        this._vn2000.textContent = "";
        this._vn2000.hidden = true;
        return;
      }
      var lon = latlng.lng.toFixed(COORD_DECIMALS);
      var lat = latlng.lat.toFixed(COORD_DECIMALS);
      this._wgs84.textContent = format(this._labels.pointerWgs84, { lon: lon, lat: lat });
      box.setAttribute("data-lon", lon);
      box.setAttribute("data-lat", lat);
      var xy = toVn2000(latlng.lng, latlng.lat, this._proj4);
      this._vn2000.hidden = !xy;
      this._latlng = latlng;
      if (!xy && this._proj4 && !window.proj4) this._loadProj4();
      if (!xy) return;
      var x = xy[0].toFixed(METRE_DECIMALS);
      var y = xy[1].toFixed(METRE_DECIMALS);
      this._vn2000.textContent = format(this._labels.pointerVn2000, { x: x, y: y });
      box.setAttribute("data-x", x);
      box.setAttribute("data-y", y);
    },
  });

  PointerControl.prototype._loadProj4 = function () {
    var self = this;
    loadProj4(this._proj4Script).then(
      function () {
        // Show VN-2000 for where the pointer is now (it may have left the map meanwhile).
        if (self._latlng) self._show(self._latlng);
      },
      function (error) {
        console.error("IOC map: VN-2000 coordinates are unavailable:", error);
      }
    );
  };

  var ViewControl = L.Control.extend({
    options: { position: "topleft" },

    initialize: function (views, options) {
      L.setOptions(this, options);
      this._views = views; // [{label, name, show: function}]
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

  /** The layer switcher: one checkbox per catalogue layer (and basemap, page overlays), with its legend. */
  var SwitcherControl = L.Control.extend({
    options: { position: "topright" },

    initialize: function (instance, options) {
      L.setOptions(this, options);
      this._instance = instance;
    },

    onAdd: function () {
      var labels = this._instance.labels;
      var box = create("section", "ioc-switcher");
      box.setAttribute("aria-label", labels.layers);
      var details = box.appendChild(create("details", "ioc-switcher__details"));
      // Open on wide maps; on narrow ones (phones, the citizen page's side-by-side map) it would hide the map.
      details.open = this._instance.element.clientWidth >= SWITCHER_OPEN_WIDTH;
      details.appendChild(create("summary", "ioc-switcher__title", labels.layers));
      this._body = details.appendChild(create("div", "ioc-switcher__body"));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },

    group: function (title, name, first) {
      var section = create("div", "ioc-switcher__group");
      // The base group is listed first even when the catalogue's groups were made before it.
      if (first) this._body.insertBefore(section, this._body.firstChild);
      else this._body.appendChild(section);
      section.setAttribute("data-group", name);
      section.appendChild(create("h2", "ioc-switcher__group-title", title));
      return section.appendChild(create("ul", "ioc-switcher__list"));
    },

    entry: function (list, key, title, checked, onChange) {
      var item = list.appendChild(create("li", "ioc-switcher__item"));
      item.setAttribute("data-layer", key);
      var label = item.appendChild(create("label", "ioc-switcher__label"));
      var box = label.appendChild(create("input"));
      box.type = "checkbox";
      box.checked = checked;
      box.value = key;
      label.appendChild(create("span", "ioc-switcher__name", title));
      box.addEventListener("change", function () {
        onChange(box.checked);
      });
      return item;
    },

    /** One choice of a radio group (the bases): onChoose() runs when it becomes the chosen one. */
    choice: function (list, group, key, title, checked, onChoose) {
      var item = list.appendChild(create("li", "ioc-switcher__item ioc-switcher__item--choice"));
      item.setAttribute("data-layer", key);
      var label = item.appendChild(create("label", "ioc-switcher__label"));
      var radio = label.appendChild(create("input"));
      radio.type = "radio";
      radio.name = group;
      radio.value = key;
      radio.checked = checked;
      label.appendChild(create("span", "ioc-switcher__name", title));
      radio.addEventListener("change", function () {
        if (radio.checked) onChoose();
      });
      return item;
    },
  });

  function legendList(record) {
    var list = create("ul", "ioc-legend__list");
    // A long legend scrolls in its box: keyboard users reach it too (axe scrollable-region-focusable).
    list.tabIndex = 0;
    list.setAttribute("aria-label", inLanguage(record, "title") || "");
    (record.legend || []).forEach(function (entry) {
      var item = list.appendChild(create("li", "ioc-legend__item"));
      var swatch = item.appendChild(create("span", "ioc-legend__swatch"));
      swatch.style.backgroundColor = entry.color;
      item.setAttribute("data-color", entry.color.toUpperCase());
      item.appendChild(create("span", "ioc-legend__label", inLanguage(entry, "label") || inLanguage(record, "title")));
    });
    return list;
  }

  /* ---- the map ---- */

  function IocMapInstance(element, config) {
    this.element = element;
    this.config = config;
    this.labels = config.labels;
    this.layerCount = 0;
    this._records = {}; // slug -> catalogue record
    this._layers = {}; // slug -> Leaflet layer while on
    this._items = {}; // slug -> switcher <li>
    this._stylers = {};
    this._popupRows = {};
    this._overlays = {};
    this._order = 0;
    this._status = element.querySelector(".ioc-map__status") || element.appendChild(create("p", "ioc-map__status"));
    this._createMap();
    this.ready = this._load();
    // The page shows failures itself; consumers of `ready` still see the rejection.
    this.ready.catch(function () {});
  }

  IocMapInstance.prototype._createMap = function () {
    var map = L.map(this.element, {
      center: INITIAL_CENTRE,
      zoom: INITIAL_ZOOM,
      minZoom: 4,
      maxZoom: MAX_ZOOM,
      zoomSnap: 0.25,
    });
    this.map = map;
    var self = this;
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    new PointerControl(this.labels, this.config.vn2000 || {}).addTo(map);
    var views = this.config.views || {};
    var buttons = [];
    if (views.mainland) buttons.push({ name: "mainland", label: this.labels.mainland, show: function () { self.fit(views.mainland); } });
    if (views.province) buttons.push({ name: "province", label: this.labels.wholeProvince, show: function () { self.fit(views.province); } });
    if (buttons.length) new ViewControl(buttons).addTo(map);
    this.switcher = new SwitcherControl(this).addTo(map);
    this.fit(this.config.fitBounds || views.mainland, { animate: false });
    map.on("click", this._onMapClick, this);
    return map;
  };

  /** Fit the view to [west, south, east, north]. */
  IocMapInstance.prototype.fit = function (box, options) {
    var bounds = boundsOf(box);
    if (!bounds || !bounds.isValid()) return;
    if (this.map._animatingZoom) {
      // Leaflet drops a new view asked for during a zoom animation: ask again once it ends.
      var self = this;
      this.map.once("zoomend", function () {
        self.fit(box, options);
      });
      return;
    }
    this.map.fitBounds(bounds, L.extend({ padding: FIT_PADDING, maxZoom: 17 }, options || {}));
  };

  IocMapInstance.prototype._load = function () {
    var self = this;
    this._setStatus(this.labels.loading);
    // The page carries the catalogue (config.catalogue): its layers are added first, so their tiles are asked for
    // before any time goes into drawing the base's land and names (on a slow phone that costs a few hundred ms).
    var catalogue;
    if (this.config.catalogue) {
      this._addCatalogue(this.config.catalogue.layers || []);
      this._addBasemap();
      catalogue = Promise.resolve();
    } else {
      this._addBasemap();
      catalogue = fetchJson(this.config.layersUrl).then(function (body) {
        self._addCatalogue(body.layers || []);
      });
    }
    var overlays = (this.config.overlays || []).map(function (overlay) {
      return self._addOverlay(overlay);
    });
    return Promise.all([catalogue].concat(overlays)).then(
      function () {
        self._setStatus(self.layerCount || self._overlayCount() ? "" : self.labels.empty);
        self.element.setAttribute("data-layer-count", String(self.layerCount));
        self.element.setAttribute("data-ready", "true");
        self.element.dispatchEvent(new CustomEvent("ioc-map:ready", { detail: self }));
        return self.layerCount;
      },
      function (error) {
        self._setStatus(format(self.labels.loadFailed, { reason: error.message }));
        self.element.setAttribute("data-ready", "error");
        self.element.dispatchEvent(new CustomEvent("ioc-map:error", { detail: error }));
        console.error("IOC map: the map layers could not be loaded from " + self.config.layersUrl + ":", error);
        throw error;
      }
    );
  };

  IocMapInstance.prototype._overlayCount = function () {
    return Object.keys(this._overlays).length;
  };

  /**
   * The bases, one chosen at a time (radio buttons; overlays stay checkboxes): the offline base (the default: sea as
   * the background colour, the province's land and coastline, unit names from labelMinZoom) and, when the server
   * names one, the online tiles.
   */
  IocMapInstance.prototype._addBasemap = function () {
    var basemap = this.config.basemap || {};
    var self = this;
    var choices = [];
    if (basemap.offline) choices.push(["offline", basemap.offline.title, this._offlineBase(basemap.offline)]);
    if (basemap.url) {
      var tiles = L.tileLayer(basemap.url, { attribution: basemap.attribution || "", maxZoom: MAX_ZOOM, zIndex: Z_BASEMAP });
      choices.push(["basemap", basemap.title, tiles]);
    }
    this._bases = {};
    if (!choices.length) return;
    var list = this.switcher.group(this.labels.baseGroup, "basemap", true);
    var group = "ioc-base-" + L.stamp(this);
    choices.forEach(function (choice, index) {
      self._bases[choice[0]] = choice[2];
      self.switcher.choice(list, group, choice[0], choice[1], index === 0, function () {
        self.showBase(choice[0]);
      });
    });
    this.showBase(choices[0][0]);
  };

  /** Draw one base ("offline" or "basemap", the online tiles) and remove the others. */
  IocMapInstance.prototype.showBase = function (key) {
    var self = this;
    Object.keys(this._bases).forEach(function (other) {
      if (other === key) self.map.addLayer(self._bases[other]);
      else self.map.removeLayer(self._bases[other]);
    });
    this.element.classList.toggle("ioc-map--offline-base", key === "offline");
    this.element.classList.toggle("ioc-map--basemap", key === "basemap");
    this.element.setAttribute("data-base", key);
    var radio = this.element.querySelector('.ioc-switcher__item--choice[data-layer="' + key + '"] input');
    if (radio) radio.checked = true;
  };

  IocMapInstance.prototype._offlineBase = function (offline) {
    var map = this.map;
    // Own panes: the land under every tile layer, the names above the vector tiles but under popups.
    map.createPane("iocLand").style.zIndex = 150;
    map.createPane("iocLabels").style.zIndex = 450;
    map.getPane("iocLabels").style.pointerEvents = "none";
    var land = L.geoJSON(null, {
      pane: "iocLand",
      interactive: false,
      style: function (feature) {
        var province = feature.properties.part !== "surroundings";
        return {
          className: "ioc-land ioc-land--" + (province ? "province" : "surroundings"),
          color: province ? COAST_COLOUR : SURROUNDINGS_STROKE,
          weight: province ? 1.2 : 0.6,
          fillColor: province ? LAND_COLOUR : SURROUNDINGS_COLOUR,
          fillOpacity: 1,
        };
      },
    });
    // The land comes on its own request (portal/basemap.py: cached for good under its digest), after the tiles.
    if (offline.landUrl) {
      fetchJson(offline.landUrl).then(
        function (body) {
          land.addData(body);
        },
        function (error) {
          console.error("IOC map: the base's land could not be loaded from " + offline.landUrl + ":", error);
        }
      );
    }
    var labels = L.layerGroup(
      (offline.labels || []).map(function (label) {
        var icon = L.divIcon({ className: "ioc-unit-label", html: create("span", "ioc-unit-label__text", label.name), iconSize: null });
        return L.marker([label.lat, label.lon], { icon: icon, pane: "iocLabels", interactive: false, keyboard: false });
      })
    );
    var base = L.layerGroup([land]);
    var minZoom = offline.labelMinZoom || 0;
    function showLabels() {
      var wanted = map.hasLayer(base) && map.getZoom() >= minZoom;
      if (wanted && !map.hasLayer(labels)) map.addLayer(labels);
      if (!wanted && map.hasLayer(labels)) map.removeLayer(labels);
    }
    base.on("add remove", function () {
      // After Leaflet has finished adding or removing the group.
      window.setTimeout(showLabels, 0);
    });
    map.on("zoomend", showLabels);
    return base;
  };

  IocMapInstance.prototype._addCatalogue = function (records) {
    var self = this;
    var drawable = records.filter(function (record) {
      return record.tile_url && record.published_tiles;
    });
    var defaults = this.config.defaultLayers || [];
    // The switcher lists the page's own layers first, in drawing order, then the rest of the catalogue.
    drawable.sort(function (a, b) {
      var ia = defaults.indexOf(a.slug), ib = defaults.indexOf(b.slug);
      if (ia === -1) ia = defaults.length;
      if (ib === -1) ib = defaults.length;
      return ia - ib;
    });
    var groups = {};
    [["vector", this.labels.vectorGroup], ["raster", this.labels.rasterGroup]].forEach(function (pair) {
      if (drawable.some(function (record) { return record.kind === pair[0]; })) {
        groups[pair[0]] = self.switcher.group(pair[1], pair[0]);
      }
    });
    drawable.forEach(function (record) {
      self._records[record.slug] = record;
      var on = defaults.indexOf(record.slug) !== -1;
      var item = self.switcher.entry(groups[record.kind], record.slug, inLanguage(record, "title"), on, function (checked) {
        self.show(record.slug, checked);
      });
      item.setAttribute("data-kind", record.kind);
      item.appendChild(legendList(record));
      self._items[record.slug] = item;
    });
    // Reference layers (roads, rivers: portal/basemap.py) start on with the offline base, under the page's layers.
    var offline = (this.config.basemap || {}).offline || {};
    (offline.referenceLayers || []).concat(defaults).forEach(function (slug) {
      if (self._records[slug]) self.show(slug, true);
    });
  };

  /** Switch a catalogue layer on or off. */
  IocMapInstance.prototype.show = function (slug, on) {
    var record = this._records[slug];
    if (!record) return null;
    var item = this._items[slug];
    if (item) {
      item.querySelector("input").checked = on;
      item.classList.toggle("ioc-switcher__item--on", on);
    }
    if (!on) {
      if (this._layers[slug]) this.map.removeLayer(this._layers[slug]);
      delete this._layers[slug];
      this.layerCount = Object.keys(this._layers).length;
      return null;
    }
    if (this._layers[slug]) return this._layers[slug];
    var layer = record.kind === "raster" ? this._rasterLayer(record) : this._vectorLayer(record);
    layer.iocSlug = slug;
    this._layers[slug] = layer.addTo(this.map);
    this.layerCount = Object.keys(this._layers).length;
    return layer;
  };

  IocMapInstance.prototype.layer = function (slug) {
    return this._layers[slug] || null;
  };

  IocMapInstance.prototype._gridOptions = function (record) {
    var tiles = record.tile_url;
    var options = {
      minZoom: tiles.minzoom,
      maxNativeZoom: tiles.maxzoom,
      maxZoom: MAX_ZOOM,
      zIndex: Z_LAYERS + this._order++,
      className: "ioc-tiles ioc-tiles--" + record.kind + " ioc-layer--" + record.slug,
    };
    var bounds = boundsOf(record.extent);
    // No requests for tiles outside the data (a point layer's extent can be a single point: pad it).
    if (bounds && bounds.isValid()) options.bounds = bounds.pad(0.05);
    return options;
  };

  /** A layer's tile URL template carrying its data version: browsers may keep such tiles long (tiles/views.py). */
  function tileUrl(record) {
    var url = record.tile_url.url;
    if (record.data_version === undefined || record.data_version === null) return url;
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "v=" + encodeURIComponent(record.data_version);
  }

  IocMapInstance.prototype._rasterLayer = function (record) {
    var style = record.style || {};
    var options = this._gridOptions(record);
    options.opacity = typeof style.opacity === "number" ? style.opacity : 0.8;
    return L.tileLayer(tileUrl(record), options);
  };

  IocMapInstance.prototype._vectorLayer = function (record) {
    var self = this;
    var slug = record.slug;
    var styles = {};
    styles[slug] = function (properties) {
      var options = pathOptions(record.style, record.geometry_type, properties);
      var styler = self._stylers[slug];
      return styler ? L.extend(options, styler(properties, options) || {}) : options;
    };
    var options = L.extend(this._gridOptions(record), {
      vectorTileLayerStyles: styles,
      interactive: Boolean(this.config.popups),
      rendererFactory: L.svg.tile,
      fetchOptions: { credentials: "same-origin" },
    });
    var layer = L.vectorGrid.protobuf(tileUrl(record), options);
    if (this.config.popups) {
      layer.on("click", function (event) {
        self._onFeatureClick(event);
      });
    }
    return layer;
  };

  /** Colour a layer's features by page data: fn(properties, style) returns options to change. */
  IocMapInstance.prototype.setStyler = function (slug, styler) {
    this._stylers[slug] = styler;
    var layer = this._layers[slug];
    // Re-adding, not GridLayer.redraw(): redraw asks for tiles at a fractional zoom after fitBounds (Leaflet 1.9).
    if (layer) this.map.removeLayer(layer).addLayer(layer);
  };

  IocMapInstance.prototype.setPopupRows = function (slug, rows) {
    this._popupRows[slug] = rows;
  };

  /* ---- popups: every feature under the click, from every switched-on vector layer ---- */

  IocMapInstance.prototype._onFeatureClick = function (event) {
    var original = event.originalEvent;
    if (this._pendingClick === original) return; // several layers report the same click
    this._pendingClick = original;
    var hits = this._featuresAt(original) || [{ slug: event.target.iocSlug, properties: event.layer.properties }];
    if (!hits.length) return;
    L.popup({ maxWidth: 320, maxHeight: 320, className: "ioc-feature-popup" })
      .setLatLng(event.latlng)
      .setContent(this._popupContent(hits))
      .openOn(this.map);
  };

  IocMapInstance.prototype._onMapClick = function () {
    this._pendingClick = null;
  };

  IocMapInstance.prototype._featuresAt = function (original) {
    if (!original || typeof original.clientX !== "number" || !document.elementsFromPoint) return null;
    var map = this.map;
    var seen = {};
    var hits = [];
    document.elementsFromPoint(original.clientX, original.clientY).forEach(function (element) {
      var feature = map._targets[L.stamp(element)];
      if (!feature || !feature.properties || !feature._eventParents) return;
      Object.keys(feature._eventParents).forEach(function (id) {
        var slug = feature._eventParents[id].iocSlug;
        if (slug && !seen[slug]) {
          seen[slug] = true;
          hits.push({ slug: slug, properties: feature.properties });
        }
      });
    });
    return hits;
  };

  IocMapInstance.prototype._popupContent = function (hits) {
    var self = this;
    var box = create("div", "ioc-popup");
    hits.forEach(function (hit) {
      var record = self._records[hit.slug] || { title: hit.slug, style: {} };
      var section = box.appendChild(create("section", "ioc-popup__layer"));
      section.setAttribute("data-layer", hit.slug);
      section.appendChild(create("h3", "ioc-popup__title", inLanguage(record, "title")));
      var list = section.appendChild(create("dl", "ioc-popup__facts"));
      var rows = Object.keys(hit.properties).map(function (name) {
        return [name, self._describe(record, name, hit.properties[name])];
      });
      var extra = self._popupRows[hit.slug];
      if (extra) rows = rows.concat(extra(hit.properties) || []);
      rows.forEach(function (row) {
        list.appendChild(create("dt", "", row[0]));
        list.appendChild(create("dd", "", row[1] === "" || row[1] === null ? self.labels.noValue : row[1]));
      });
    });
    return box;
  };

  /** A value as the legend names it (a land-use code with its name), else as it is. */
  IocMapInstance.prototype._describe = function (record, name, value) {
    var style = record.style || {};
    if (style.kind === "categories" && style.attribute === name) {
      for (var i = 0; i < style.categories.length; i++) {
        var category = style.categories[i];
        if (String(category.value) === String(value)) return inLanguage(category, "label") || String(value);
      }
    }
    return typeof value === "number" ? value.toLocaleString(lang) : value;
  };

  /* ---- page overlays (GeoJSON) ---- */

  IocMapInstance.prototype._addOverlay = function (overlay) {
    var self = this;
    return fetchJson(overlay.url).then(
      function (collection) {
        var layer = L.geoJSON(collection, {
          className: "ioc-overlay ioc-overlay--" + overlay.key,
          style: { color: "#B3261E", weight: 2, fillColor: "#E8685F", fillOpacity: 0.35 },
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 7, className: "ioc-overlay ioc-overlay--" + overlay.key });
          },
          onEachFeature: function (feature, featureLayer) {
            var properties = feature.properties || {};
            var title = properties[overlay.labelProperty] || feature.id;
            // A node, not a string: Leaflet writes strings as HTML, and titles come from outside systems.
            featureLayer.bindTooltip(create("span", "ioc-overlay__title", title), { sticky: true });
            featureLayer.bindPopup(function () {
              return self._overlayPopup(overlay, properties);
            });
          },
        }).addTo(self.map);
        self._overlays[overlay.key] = layer;
        var list = self.switcher.group(self.labels.overlayGroup, "overlay");
        var item = self.switcher.entry(list, overlay.key, overlay.title, true, function (on) {
          if (on) layer.addTo(self.map);
          else self.map.removeLayer(layer);
        });
        item.setAttribute("data-count", String(layer.getLayers().length));
        if (overlay.fit && layer.getLayers().length) {
          self.map.fitBounds(layer.getBounds(), { padding: FIT_PADDING, maxZoom: 15, animate: false });
        }
        return layer;
      },
      function (error) {
        throw new Error(format(self.labels.overlayFailed, { title: overlay.title, reason: error.message }));
      }
    );
  };

  IocMapInstance.prototype._overlayPopup = function (overlay, properties) {
    var box = create("div", "ioc-popup");
    box.appendChild(create("h3", "ioc-popup__title", properties[overlay.labelProperty] || overlay.title));
    var list = box.appendChild(create("dl", "ioc-popup__facts"));
    Object.keys(properties).forEach(function (name) {
      var value = properties[name];
      if (value === null || value === "" || typeof value === "object") return;
      list.appendChild(create("dt", "", name));
      list.appendChild(create("dd", "", value));
    });
    return box;
  };

  IocMapInstance.prototype.overlay = function (key) {
    return this._overlays[key] || null;
  };

  IocMapInstance.prototype._setStatus = function (text) {
    this._status.textContent = text;
    this._status.hidden = !text;
  };

  var IocMap = {
    instances: {},
    toVn2000: toVn2000,
    loadProj4: loadProj4,

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
