/*
 * The planners' page (planning/planner.html): pick lots on the map by click or by drawing a box, keep the table and
 * the export links on the selection, page through the table without leaving the page, and colour the units of the
 * implementation map (indicators/choropleth.js). The map's lots come from the lots layer (/api/v1/planning/lots-layer,
 * with the page's filter), which is not an export and so leaves no entry in the audit log.
 *
 * The selection is the ids= parameter of the page's address: the server renders the table for it
 * (?part=results gives that section alone), the API (/api/v1/planning/lots) answers which lots a box holds.
 */
(function (window, document) {
  "use strict";

  var ui = window.IocUi;
  var L = window.L;
  var LOT_LIMIT = 800; // lots drawn at once; a wider view asks the planner to zoom in
  var MIN_BOX_PX = 6; // a press without a drag is not a box
  var STYLE = { color: "#1f6fb2", weight: 1, fillColor: "#1f6fb2", fillOpacity: 0.15 };
  var SELECTED = { color: "#b3261e", weight: 3, fillColor: "#f2b8b5", fillOpacity: 0.6 };
  var BOX = { color: "#b3261e", weight: 2, dashArray: "6 4", fill: false, interactive: false };

  function readJson(id, fallback) {
    var script = document.getElementById(id);
    return script ? JSON.parse(script.textContent) : fallback;
  }

  function Picker(section, instance) {
    this.section = section;
    this.instance = instance;
    this.map = instance.map;
    this.api = section.getAttribute("data-lots-api");
    this.layerApi = section.getAttribute("data-lots-layer");
    this.minZoom = Number(section.getAttribute("data-lots-min-zoom"));
    this.filterQuery = section.getAttribute("data-filter-query") || "";
    this.maxIds = Number(section.getAttribute("data-max-ids"));
    this.status = section.querySelector("[data-selection-status]");
    this.drawButton = section.querySelector("[data-draw-box]");
    this.clearButton = section.querySelector("[data-clear-selection]");
    this.selected = new Set(readJson("pp-selected", []));
    this.labels = readJson("pp-labels", {});
    this.lots = L.geoJSON(null, {
      style: this.styleOf.bind(this),
      onEachFeature: this.bindLot.bind(this),
    }).addTo(this.map);
    this.boxJustEnded = false;
    this.request = 0;
    this.bindTools();
    this.map.on("moveend", this.loadLots, this);
    this.loadLots();
  }

  Picker.prototype.label = function (name, values) {
    return ui.interpolate(this.labels[name] || "", values || {});
  };

  Picker.prototype.query = function (extra) {
    var params = new URLSearchParams(this.filterQuery);
    Object.keys(extra).forEach(function (key) { params.set(key, extra[key]); });
    return params;
  };

  Picker.prototype.styleOf = function (feature) {
    return this.selected.has(feature.id) ? SELECTED : STYLE;
  };

  Picker.prototype.bindLot = function (feature, layer) {
    var self = this;
    var properties = feature.properties || {};
    var use = document.documentElement.lang === "en" ? properties.name_en : properties.name_vi;
    var title = [properties.lot_code, use || properties.land_use].filter(Boolean).join(" · ");
    // A node, not a string: Leaflet writes strings as HTML.
    layer.bindTooltip(ui.el("span", "", title), { sticky: true });
    layer.on("add", function () { self.mark(feature.id, layer); });
    layer.on("click", function (event) {
      L.DomEvent.stopPropagation(event);
      if (self.drawing || self.boxJustEnded) return; // the click that ends a drag is not a lot click
      self.toggle(feature.id);
    });
  };

  Picker.prototype.mark = function (id, layer) {
    var path = layer.getElement && layer.getElement();
    if (!path) return;
    path.setAttribute("data-lot-id", String(id));
    path.classList.add("pp-lot");
    path.classList.toggle("pp-lot--selected", this.selected.has(id));
  };

  /* ---- lots of the filter in view ---- */

  Picker.prototype.loadLots = function () {
    var self = this;
    var box = this.map.getBounds();
    var number = ++this.request;
    var zoom = Math.round(this.map.getZoom());
    if (zoom < this.minZoom) {
      this.lots.clearLayers();
      this.section.setAttribute("data-lots-drawn", "0");
      this.say(this.label("zoom"));
      return;
    }
    // The lots layer, not the export API: drawing the map takes nothing out of the platform (no audit entry).
    var params = this.query({ bbox: this.bboxText(box), zoom: String(zoom) });
    ["ids", "limit", "offset", "format"].forEach(function (name) { params.delete(name); });
    this.say(this.label("loading"));
    ui.fetchJson(this.layerApi + "?" + params.toString()).then(
      function (collection) {
        if (number !== self.request) return; // a later move asked again
        self.lots.clearLayers();
        if (collection.truncated || collection.features.length > LOT_LIMIT) {
          self.section.setAttribute("data-lots-drawn", "0");
          self.say(self.label("zoom"));
          return;
        }
        self.lots.addData(collection);
        self.section.setAttribute("data-lots-drawn", String(collection.features.length));
        self.sayCount();
      },
      function (error) {
        if (number === self.request) self.say(self.label("failed", { reason: error.message }));
      }
    );
  };

  Picker.prototype.bboxText = function (bounds) {
    // The API takes west,south,east,north around the province; a world-wide view is clipped to it.
    var west = Math.max(bounds.getWest(), 100.01), east = Math.min(bounds.getEast(), 119.99);
    var south = Math.max(bounds.getSouth(), 5.01), north = Math.min(bounds.getNorth(), 19.99);
    return [west, south, east, north].map(function (value) { return value.toFixed(6); }).join(",");
  };

  /* ---- the selection ---- */

  Picker.prototype.toggle = function (id) {
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
    this.changed();
  };

  Picker.prototype.add = function (ids) {
    var self = this;
    ids.forEach(function (id) { self.selected.add(id); });
    this.changed();
  };

  Picker.prototype.changed = function () {
    var self = this;
    this.lots.eachLayer(function (layer) {
      layer.setStyle(self.styleOf(layer.feature));
      self.mark(layer.feature.id, layer);
    });
    this.clearButton.disabled = this.selected.size === 0;
    this.sayCount();
    var ids = Array.from(this.selected).sort(function (a, b) { return a - b; });
    var params = new URLSearchParams(this.filterQuery);
    if (ids.length) params.set("ids", ids.join(","));
    showResults(params);
  };

  Picker.prototype.sayCount = function () {
    this.say(this.selected.size ? this.label("selected", { n: ui.fmtNumber(this.selected.size) }) : "");
  };

  Picker.prototype.say = function (text) {
    this.status.textContent = text;
  };

  /* ---- drawing a box: pointer events cover mouse, pen and touch alike ---- */

  Picker.prototype.bindTools = function () {
    var self = this;
    var container = this.map.getContainer();
    this.drawButton.addEventListener("click", function () { self.setDrawing(!self.drawing); });
    this.clearButton.addEventListener("click", function () {
      self.selected.clear();
      self.changed();
    });
    container.addEventListener("pointerdown", function (event) {
      if (!self.drawing || event.button > 0 || event.target.closest(".leaflet-control")) return;
      event.preventDefault();
      container.setPointerCapture(event.pointerId);
      self.start = { point: self.map.mouseEventToContainerPoint(event), latlng: self.map.mouseEventToLatLng(event) };
      self.box = L.rectangle(L.latLngBounds(self.start.latlng, self.start.latlng), BOX).addTo(self.map);
    });
    container.addEventListener("pointermove", function (event) {
      if (!self.box) return;
      self.box.setBounds(L.latLngBounds(self.start.latlng, self.map.mouseEventToLatLng(event)));
    });
    container.addEventListener("pointerup", function (event) {
      if (!self.box) return;
      var end = self.map.mouseEventToContainerPoint(event);
      var bounds = L.latLngBounds(self.start.latlng, self.map.mouseEventToLatLng(event));
      var wide = Math.abs(end.x - self.start.point.x) >= MIN_BOX_PX && Math.abs(end.y - self.start.point.y) >= MIN_BOX_PX;
      self.map.removeLayer(self.box);
      self.box = null;
      // The browser dispatches the drag's own click right after this pointerup, before any timer runs.
      self.boxJustEnded = true;
      window.setTimeout(function () { self.boxJustEnded = false; }, 0);
      self.setDrawing(false);
      if (wide) self.selectInside(bounds);
    });
    container.addEventListener("pointercancel", function () {
      if (self.box) self.map.removeLayer(self.box);
      self.box = null;
    });
  };

  Picker.prototype.setDrawing = function (on) {
    this.drawing = on;
    this.drawButton.setAttribute("aria-pressed", String(on));
    this.map.getContainer().classList.toggle("pp-drawing", on);
    if (on) {
      this.map.dragging.disable();
      this.say(this.label("drawOn"));
    } else {
      this.map.dragging.enable();
      this.sayCount();
    }
  };

  Picker.prototype.selectInside = function (bounds) {
    var self = this;
    var params = this.query({ format: "json", limit: this.maxIds, bbox: this.bboxText(bounds) });
    params.delete("ids");
    ui.fetchJson(this.api + "?" + params.toString()).then(
      function (body) {
        if (body.count > self.maxIds) {
          self.say(self.label("tooMany", { n: ui.fmtNumber(body.count), most: ui.fmtNumber(self.maxIds) }));
          return;
        }
        self.add(body.lots.map(function (lot) { return lot.id; }));
      },
      function (error) { self.say(self.label("failed", { reason: error.message })); }
    );
  };

  /* ---- the results section: the server renders it for the address ---- */

  var showing = 0;

  function showResults(params) {
    var number = ++showing;
    var address = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
    window.history.replaceState(null, "", address);
    params.set("part", "results");
    var current = document.getElementById("pp-results");
    if (current) current.setAttribute("aria-busy", "true");
    window
      .fetch(window.location.pathname + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        if (number !== showing) return; // a later change is on its way
        var fresh = new window.DOMParser().parseFromString(text, "text/html").getElementById("pp-results");
        var old = document.getElementById("pp-results");
        if (fresh && old) old.replaceWith(document.importNode(fresh, true));
      })
      .catch(function () {
        // Offline or the server gone: follow the address, the page renders the same results.
        window.location.assign(address);
      });
  }

  function bindPaging() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("#pp-results a.pp-page-link[href]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      showResults(new URLSearchParams(link.getAttribute("href").replace(/^\?/, "")));
      document.getElementById("pp-results-title").scrollIntoView({ block: "start" });
    });
  }

  function start() {
    bindPaging();
    var section = document.querySelector(".pp-pick");
    if (section) {
      window.IocChoropleth.whenReady("pp-lots-map", function (instance) {
        section.picker = new Picker(section, instance);
        section.setAttribute("data-picker", "ready");
      });
    }
    window.IocChoropleth.fromScript("pp-map", "pp-rates");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
