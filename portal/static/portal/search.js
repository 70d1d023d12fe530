/*
 * The search box of every map: one combobox at the top left of each map made by map.js.
 *
 * It asks /api/v1/search?q= (the address and texts come translated in the json_script "ioc-search-config", written
 * by {% search_box_config %} in portal/includes/map_assets.html) and lists the ranked results as a listbox; the
 * arrow keys move through them, Enter or a tap picks one, Escape closes the list. Picking moves the map: to the
 * result's bounding box (fitBounds), or to its point with a marker; a result with a page gets a popup linking it.
 * Hooked on the maps' "ioc-map:ready" event (caught on the way down, so maps made by hand get a box too).
 */
(function (window, document) {
  "use strict";

  var ui = window.IocUi;
  var L = window.L;
  var MIN_CHARS = 2;
  var DELAY_MS = 250; // wait for a pause in typing before asking the server
  var POINT_ZOOM = 17;
  var MIN_WIDTH = 180; // px
  var MAX_WIDTH = 352;
  var SIDE_MARGINS = 36; // the corners' margins and a gap between the box and the switcher
  var configElement = document.getElementById("ioc-search-config");
  if (!ui || !L || !configElement) return;
  var config = JSON.parse(configElement.textContent);
  var labels = config.labels;
  var counter = 0;

  function SearchBox(instance) {
    this.instance = instance;
    this.map = instance.map;
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.marker = null;
    this.id = "ioc-search-" + ++counter;
    this.element = this._build();
  }

  SearchBox.prototype._build = function () {
    var self = this;
    var box = ui.el("div", "ioc-search leaflet-control");
    box.setAttribute("role", "search");
    var label = box.appendChild(ui.el("label", "ioc-visually-hidden", labels.label));
    label.htmlFor = this.id + "-input";
    var input = box.appendChild(ui.el("input", "ioc-search__input"));
    input.id = this.id + "-input";
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = labels.placeholder;
    input.maxLength = 100;
    input.setAttribute("enterkeyhint", "search");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.id + "-list");
    var list = box.appendChild(ui.el("ul", "ioc-search__list"));
    list.id = this.id + "-list";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", labels.results);
    var status = box.appendChild(ui.el("p", "ioc-search__status"));
    status.hidden = true; // an empty status drew a blank white bar under the box until the first search
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    this.input = input;
    this.list = list;
    this.status = status;

    input.addEventListener("input", function () {
      self._schedule();
    });
    input.addEventListener("keydown", function (event) {
      self._onKey(event);
    });
    input.addEventListener("blur", function () {
      // Later than a tap on an option, which picks it first.
      window.setTimeout(function () {
        if (!box.contains(document.activeElement)) self._close();
      }, 150);
    });
    // The map must not pan, zoom or take the click when the box is used.
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };

  SearchBox.prototype._schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var text = this.input.value.trim();
    if (text.length < MIN_CHARS) {
      this._abort();
      this._show([]);
      this._say("");
      return;
    }
    this.timer = window.setTimeout(function () {
      self._search(text);
    }, DELAY_MS);
  };

  SearchBox.prototype._abort = function () {
    if (this.request) this.request.abort();
    this.request = null;
  };

  SearchBox.prototype._search = function (text) {
    var self = this;
    this._abort();
    var request = new AbortController();
    this.request = request;
    this._say(labels.searching);
    ui.fetchJson(config.url + "?q=" + encodeURIComponent(text), { signal: request.signal }).then(
      function (body) {
        if (self.request !== request) return; // a newer search is under way
        self.request = null;
        self._show(body.results || []);
        self._say(
          self.results.length
            ? ui.interpolate(labels.count, { n: self.results.length })
            : ui.interpolate(labels.none, { q: text })
        );
      },
      function (error) {
        if (error.name === "AbortError" || self.request !== request) return;
        self.request = null;
        self._show([]);
        self._say(ui.interpolate(labels.failed, { reason: error.message }));
      }
    );
  };

  SearchBox.prototype._say = function (text) {
    this.status.textContent = text;
    this.status.hidden = !text;
  };

  SearchBox.prototype._show = function (results) {
    var self = this;
    this.results = results;
    this.active = -1;
    this.list.textContent = "";
    results.forEach(function (result, index) {
      var option = self.list.appendChild(ui.el("li", "ioc-search__option"));
      option.id = self.id + "-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-kind", result.kind);
      option.appendChild(ui.el("span", "ioc-search__label", result.label));
      var about = [result.kind_label, result.detail].filter(Boolean).join(" · ");
      option.appendChild(ui.el("span", "ioc-search__about", about));
      // mousedown, not click: it comes before the input's blur closes the list.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        self._pick(index);
      });
    });
    var open = results.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  SearchBox.prototype._close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  SearchBox.prototype._highlight = function (index) {
    var options = this.list.children;
    if (!options.length) return;
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.active = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === this.active ? "true" : "false");
    }
    var option = options[this.active];
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  SearchBox.prototype._onKey = function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      this._highlight(this.active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      this._highlight(this.active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (this.results.length) this._pick(this.active >= 0 ? this.active : 0);
      else this._search(this.input.value.trim());
    } else if (event.key === "Escape") {
      if (!this.list.hidden) {
        event.preventDefault();
        this._close();
      }
    }
  };

  SearchBox.prototype._pick = function (index) {
    var result = this.results[index];
    if (!result) return;
    this.input.value = result.label;
    this._close();
    this._say("");
    this.jump(result);
  };

  /** Move the map to a result: its box, or its point with a marker; a popup links the result's page. */
  SearchBox.prototype.jump = function (result) {
    var map = this.map;
    if (this.marker) map.removeLayer(this.marker);
    this.marker = null;
    var at = null;
    if (result.bbox) {
      var b = result.bbox;
      this.instance.fit(b);
      at = result.point ? L.latLng(result.point[1], result.point[0]) : L.latLng((b[1] + b[3]) / 2, (b[0] + b[2]) / 2);
    } else if (result.point) {
      at = L.latLng(result.point[1], result.point[0]);
      map.setView(at, Math.max(map.getZoom(), POINT_ZOOM));
      this.marker = L.circleMarker(at, { radius: 9, weight: 3, color: "#B3261E", fillOpacity: 0.3 }).addTo(map);
    }
    if (result.url && at) {
      var content = ui.el("div", "ioc-search__popup");
      content.appendChild(ui.el("strong", null, result.label));
      var link = content.appendChild(ui.el("a", null, labels.open));
      link.href = result.url;
      L.popup({ autoPan: false }).setLatLng(at).setContent(content).openOn(map);
    }
    this.instance.element.setAttribute("data-search-jumped", result.kind);
  };

  function attach(instance) {
    if (!instance || !instance.map || instance.searchBox) return;
    var box = new SearchBox(instance);
    instance.searchBox = box;
    // First in the top-left corner, above the zoom buttons; that corner over the others while the list is open.
    var corner = instance.map._controlCorners.topleft;
    corner.insertBefore(box.element, corner.firstChild);
    corner.classList.add("ioc-search-corner");
    fitWidth(box);
    instance.map.on("resize", function () {
      fitWidth(box);
    });
  }

  /** As wide as the map leaves beside the top-right controls (the layer switcher), within MIN/MAX_WIDTH. */
  function fitWidth(box) {
    var map = box.map;
    var right = map._controlCorners.topright;
    var free = map.getContainer().clientWidth - (right ? right.offsetWidth : 0) - SIDE_MARGINS;
    box.element.style.width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, free)) + "px";
  }

  document.addEventListener(
    "ioc-map:ready",
    function (event) {
      attach(event.detail);
    },
    true
  );
  // Maps whose catalogue failed still get a box: places can be found without layers.
  document.addEventListener(
    "ioc-map:error",
    function (event) {
      var element = event.target;
      attach(element && element.iocMap);
    },
    true
  );
  // Deferred scripts run as separate tasks: a map may have become ready before this script ran.
  var instances = (window.IocMap && window.IocMap.instances) || {};
  Object.keys(instances).forEach(function (id) {
    var state = instances[id].element.getAttribute("data-ready");
    if (state === "true" || state === "error") attach(instances[id]);
  });
})(window, document);
