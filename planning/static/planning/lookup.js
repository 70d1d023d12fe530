/*
 * Citizen planning lookup (planning/lookup.html): tap the map, type coordinates or paste a certificate table,
 * read the planning information card, and open the printable sheet (one A4 PDF page made by the server).
 *
 * Talks only to the planning API (GET lookup, POST parcel-report, GET lots-layer) and the sheet named in the
 * page's JSON config, and draws on the portal's map component (window.IocMap). The zoning lots in force on the
 * chosen date are a layer of their own in the map's switcher, on by default. Every text comes translated from the
 * config; numbers and dates are written by window.IocUi (Vietnamese separators, dd/mm/yyyy); values from the
 * server go in with textContent, never innerHTML.
 *
 * A link to the page with ?lon=&lat= (or x/y/crs, or table) and date= asks that question when the page opens:
 * the sheet's QR code points here.
 */
(function (window, document) {
  "use strict";

  var ui = window.IocUi;
  var el = ui.el;
  var interpolate = ui.interpolate;
  var config = JSON.parse(document.getElementById("pl-config").textContent);
  var labels = config.labels;
  var COORD_DECIMALS = 6;
  var LOTS_PANE = "pl-lots";
  var WIDE = "(min-width: 60rem)";
  var drawn = null; // the Leaflet layer of the last answer
  var lots = { layer: null, on: true, request: 0, hint: null };

  /* ---- small helpers ---- */

  function english() {
    return (document.documentElement.lang || "vi").slice(0, 2) === "en";
  }

  function useName(use) {
    return english() ? use.name_en : use.name_vi;
  }

  // As many decimals as the plan states, at most two: 4 -> "4", 4.5 -> "4,5".
  function decimals(value) {
    var number = Number(value);
    for (var digits = 0; digits < 2; digits++) {
      if (Math.abs(number - Number(number.toFixed(digits))) < 1e-9) return digits;
    }
    return 2;
  }

  function plain(value) {
    return ui.fmtNumber(value, decimals(value));
  }

  function share(fraction) {
    return ui.fmtPercent(fraction * 100, 1);
  }

  function day(iso) {
    return iso ? ui.fmtDate(iso + "T12:00:00+07:00") : null;
  }

  function result() {
    return document.getElementById("pl-result");
  }

  function setResult(node, state) {
    var box = result();
    box.replaceChildren(node);
    box.setAttribute("data-state", state);
  }

  function mapInstance() {
    var element = document.getElementById("pl-map");
    return element && element.iocMap;
  }

  function chosenDate() {
    var input = document.getElementById("pl-date");
    return (input && input.value) || config.today;
  }

  /* ---- asking ---- */

  function ask(question, promise, render) {
    setResult(el("p", "pl-status", labels.loading), "loading");
    reveal();
    return promise.then(
      function (body) {
        setResult(render(body, question), "ready");
        draw(body);
        reveal();
      },
      function (error) {
        var box = el("p", "pl-error", interpolate(labels.failed, { reason: error.message }));
        box.setAttribute("role", "alert");
        setResult(box, "error");
        reveal();
      }
    );
  }

  // Bring the answer into view: on a phone the panel lies under the map, so scroll it to the top of the screen.
  function reveal() {
    var box = result();
    if (!box.scrollIntoView) return;
    box.scrollIntoView({ block: window.matchMedia(WIDE).matches ? "nearest" : "start" });
  }

  function lookupPoint(question) {
    var params = Object.assign({}, question, { date: chosenDate(), with_geometry: "1" });
    var url = config.lookupUrl + "?" + new URLSearchParams(params).toString();
    return ask(question, ui.fetchJson(url), renderPoint);
  }

  function reportParcel(table) {
    var body = JSON.stringify({ table: table, date: chosenDate(), with_geometry: true });
    var options = { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: body };
    return ask({ table: table }, ui.fetchJson(config.reportUrl, options), renderParcel);
  }

  function sheetHref(question) {
    var params = Object.assign({}, question, { date: chosenDate() });
    return config.sheetUrl + "?" + new URLSearchParams(params).toString();
  }

  /* ---- the card ---- */

  function factList(rows) {
    var list = el("dl", "pl-facts");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      list.appendChild(el("dt", "", row[0]));
      list.appendChild(el("dd", "", row[1]));
    });
    return list;
  }

  var WRITERS = {
    "%": function (value) { return ui.fmtPercent(value, decimals(value)); },
    m: function (value) { return plain(value) + " m"; },
    "m²": function (value) { return ui.fmtArea(value); },
    "": plain,
  };

  function indicatorRows(indicators) {
    return config.indicators.map(function (entry) {
      var value;
      if (entry.key === "floors") {
        var low = indicators.floors_min, high = indicators.floors_max;
        if (low !== null && high !== null) value = low === high ? String(high) : low + "–" + high;
        else if (high !== null) value = "≤ " + high;
        else if (low !== null) value = "≥ " + low;
      } else {
        value = indicators[entry.key];
        if (typeof value === "number") value = (WRITERS[entry.unit] || plain)(value);
      }
      return [entry.label, value];
    });
  }

  function landUse(use) {
    var line = el("p", "pl-use");
    var swatch = line.appendChild(el("span", "pl-swatch"));
    swatch.style.backgroundColor = use.colour;
    line.appendChild(el("span", "pl-use__name", useName(use)));
    return line;
  }

  function planHeader(entry) {
    var box = el("header", "pl-plan__head");
    box.appendChild(el("h3", "pl-plan__name", entry.plan.name));
    var revision = entry.revision;
    var facts = [entry.plan.type_label];
    var number = revision.decision_number || entry.plan.decision_number;
    if (number) {
      var decided = day(revision.decision_date || entry.plan.decision_date);
      var authority = revision.approving_authority || entry.plan.approving_authority;
      facts.push(labels.decisionWord + " " + [number, decided, authority].filter(Boolean).join(", "));
    }
    if (revision.effective_from) {
      facts.push(interpolate(labels.revision, { number: revision.number, date: day(revision.effective_from) }));
    }
    box.appendChild(el("p", "pl-plan__meta", facts.join(" · ")));
    if (entry.plan.source_note) box.appendChild(el("p", "pl-plan__note", entry.plan.source_note));
    return box;
  }

  function documents(list) {
    if (!list.length) return null;
    var box = el("div", "pl-docs");
    box.appendChild(el("h4", "", labels.documents));
    var items = box.appendChild(el("ul"));
    list.forEach(function (doc) {
      var item = items.appendChild(el("li"));
      var kind = config.documentKinds[doc.kind];
      var title = kind ? doc.title + " (" + kind.toLowerCase() + ")" : doc.title;
      if (!doc.url) return item.appendChild(el("span", "", title));
      var link = item.appendChild(el("a", "", title));
      link.href = doc.url;
      link.rel = "noopener";
    });
    return box;
  }

  function cardFrame(title, lines) {
    var card = el("article", "pl-card");
    card.appendChild(el("h2", "pl-card__title", title));
    card.appendChild(factList(lines));
    return card;
  }

  function cardFooter(card, question) {
    card.appendChild(el("p", "pl-disclaimer", labels.disclaimer));
    var link = card.appendChild(el("a", "pl-print", labels.print));
    link.href = sheetHref(question);
    link.target = "_blank";
    link.rel = "noopener";
    card.appendChild(el("p", "pl-print-hint", labels.printHint));
    return card;
  }

  function orderLine(order) {
    var text = order && config.axisOrders[order];
    return text ? interpolate(labels.assumedOrder, { order: text }) : null;
  }

  function renderPoint(body, question) {
    var where = interpolate(labels.where, {
      lon: ui.fmtNumber(body.query.lon, COORD_DECIMALS),
      lat: ui.fmtNumber(body.query.lat, COORD_DECIMALS),
    });
    var card = cardFrame(labels.pointTitle, [
      [labels.position, where],
      [labels.unit, body.unit.name],
      [labels.onDate, day(body.date)],
      ["", orderLine(body.query.assumed_order)],
    ]);
    if (!body.plans.length) card.appendChild(el("p", "pl-none", labels.noPlan));
    body.plans.forEach(function (entry) {
      var plan = card.appendChild(el("section", "pl-plan"));
      plan.setAttribute("data-plan", entry.plan.code);
      plan.appendChild(planHeader(entry));
      if (!entry.lots.length) plan.appendChild(el("p", "pl-none", labels.noLot));
      entry.lots.forEach(function (lot) {
        var box = plan.appendChild(el("div", "pl-lot"));
        box.setAttribute("data-lot", lot.lot_code);
        box.appendChild(landUse(lot.land_use));
        box.appendChild(factList([[labels.lot, lot.lot_code], [labels.function, lot.function_name]]));
        box.appendChild(factList(indicatorRows(lot.indicators)));
      });
      var docs = documents(entry.documents);
      if (docs) plan.appendChild(docs);
    });
    return cardFooter(card, question);
  }

  function redLineText(entry) {
    if (entry.crosses_red_line === null) return labels.redLineUnknown;
    return entry.crosses_red_line ? labels.redLineYes : labels.redLineNo;
  }

  function usesTable(uses) {
    var table = el("table", "pl-uses");
    var head = table.appendChild(el("thead")).appendChild(el("tr"));
    [labels.landUse, labels.area, labels.share].forEach(function (text) {
      head.appendChild(el("th", "", text));
    });
    var rows = table.appendChild(el("tbody"));
    uses.forEach(function (use) {
      var row = rows.appendChild(el("tr"));
      row.setAttribute("data-code", use.code);
      row.appendChild(el("td")).appendChild(landUse(use));
      row.appendChild(el("td", "pl-num", ui.fmtArea(use.area_m2)));
      row.appendChild(el("td", "pl-num", share(use.share)));
    });
    return table;
  }

  function renderParcel(body, question) {
    var parcel = body.parcel;
    var card = cardFrame(labels.parcelTitle, [
      [labels.area, interpolate(labels.parcelArea, { area: ui.fmtArea(parcel.area_m2) })],
      [labels.unit, parcel.units.map(function (u) { return u.name; }).join(", ")],
      [labels.onDate, day(body.date)],
      ["", orderLine(parcel.assumed_order)],
    ]);
    if (!body.plans.length) card.appendChild(el("p", "pl-none", labels.noPlan));
    body.plans.forEach(function (entry) {
      var plan = card.appendChild(el("section", "pl-plan"));
      plan.setAttribute("data-plan", entry.plan.code);
      plan.appendChild(planHeader(entry));
      plan.appendChild(el("p", "pl-covered", interpolate(labels.covered, { share: share(entry.covered_share) })));
      plan.appendChild(usesTable(entry.land_uses));
      var red = plan.appendChild(el("p", "pl-redline", redLineText(entry)));
      red.setAttribute("data-crosses", String(entry.crosses_red_line));
      var names = {};
      entry.land_uses.forEach(function (use) { names[use.code] = useName(use); });
      entry.lots.forEach(function (lot) {
        var box = plan.appendChild(el("div", "pl-lot pl-lot--part"));
        box.setAttribute("data-lot", lot.lot_code);
        var title = [lot.lot_code, names[lot.land_use], interpolate(labels.lotShare, { share: share(lot.share) })];
        box.appendChild(el("h4", "pl-lot__title", title.filter(Boolean).join(" · ")));
        box.appendChild(factList(indicatorRows(lot.indicators)));
      });
      var docs = documents(entry.documents);
      if (docs) plan.appendChild(docs);
    });
    return cardFooter(card, question);
  }

  /* ---- the map: the answer ---- */

  function colours(entry) {
    var byCode = {};
    (entry.land_uses || []).forEach(function (use) {
      byCode[use.code] = use.colour;
    });
    return byCode;
  }

  function lotColour(lot, byCode) {
    return (typeof lot.land_use === "object" ? lot.land_use.colour : byCode[lot.land_use]) || "#888888";
  }

  function draw(body) {
    var instance = mapInstance();
    var L = window.L;
    if (!instance || !L) return;
    var map = instance.map;
    if (drawn) map.removeLayer(drawn);
    drawn = L.featureGroup();
    // The most specific plan comes first in the answer; draw it last so it lies on top.
    (body.plans || []).slice().reverse().forEach(function (entry) {
      var byCode = colours(entry);
      entry.lots.forEach(function (lot) {
        if (!lot.geometry) return;
        var style = { color: "#0b3954", weight: 3, fillColor: lotColour(lot, byCode), fillOpacity: 0.35, interactive: false };
        L.geoJSON(lot.geometry, { className: "pl-lot-shape", style: style, interactive: false }).addTo(drawn);
      });
    });
    var parcel = null;
    if (body.parcel && body.parcel.geometry) {
      var parcelStyle = { color: "#c00", weight: 3, fillOpacity: 0, interactive: false };
      parcel = L.geoJSON(body.parcel.geometry, { className: "pl-parcel-shape", style: parcelStyle, interactive: false });
      parcel.addTo(drawn);
    }
    if (body.query) {
      // Interactive, so it is what a tap on it hits (another tap there asks again, through the map's click).
      L.circleMarker([body.query.lat, body.query.lon], { radius: 7, className: "pl-point" }).addTo(drawn);
    }
    drawn.addTo(map);
    if (parcel) {
      var bounds = parcel.getBounds().pad(1.5);
      if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 18, padding: [16, 16] });
    } else if (body.query) {
      // Centre the tapped point (the map's controls sit in its corners) close enough to read its lot.
      var lotBounds = drawn.getBounds();
      var zoom = lotBounds.isValid() ? Math.max(map.getBoundsZoom(lotBounds), map.getZoom()) : map.getZoom();
      map.setView([body.query.lat, body.query.lon], Math.min(Math.max(zoom, 15), 18), { animate: false });
    }
  }

  /* ---- the map: the lots in force, a layer of the switcher ---- */

  var LOTS_OUTLINE_ZOOM = 14; // below it the outlines of thousands of small lots would darken the colours

  function lotsStyle(zoom) {
    return function (feature) {
      return {
        stroke: zoom >= LOTS_OUTLINE_ZOOM, color: "#555", weight: 0.7,
        fillColor: feature.properties.colour, fillOpacity: 0.55, className: "pl-lots-layer",
      };
    };
  }

  function refreshLots() {
    var instance = mapInstance();
    var L = window.L;
    if (!instance || !lots.layer) return;
    var map = instance.map;
    var element = instance.element;
    var request = ++lots.request;
    var zoom = Math.round(map.getZoom());
    if (!lots.on || zoom < config.lotsMinZoom) {
      lots.layer.clearLayers();
      lots.hint.textContent = lots.on ? labels.lotsZoomIn : "";
      element.setAttribute("data-lots", "0");
      return;
    }
    var box = map.getBounds();
    var params = {
      bbox: [box.getWest(), box.getSouth(), box.getEast(), box.getNorth()].map(function (v) { return v.toFixed(6); }).join(","),
      zoom: String(zoom),
      date: chosenDate(),
    };
    ui.fetchJson(config.lotsUrl + "?" + new URLSearchParams(params).toString()).then(
      function (collection) {
        if (request !== lots.request) return; // a newer view was asked for meanwhile
        lots.layer.clearLayers();
        L.geoJSON(collection, { pane: LOTS_PANE, interactive: false, style: lotsStyle(zoom) }).addTo(lots.layer);
        lots.hint.textContent = "";
        element.setAttribute("data-lots", String(collection.features.length));
      },
      function (error) {
        if (request !== lots.request) return;
        lots.hint.textContent = interpolate(labels.lotsFailed, { reason: error.message });
      }
    );
  }

  function addLotsLayer(instance) {
    var map = instance.map;
    // Their own pane, under the answer (overlay pane) and over the catalogue's tiles.
    map.createPane(LOTS_PANE).style.zIndex = 390;
    lots.layer = window.L.layerGroup().addTo(map);
    var list = instance.switcher.group(labels.lotsGroup, "planning");
    var item = instance.switcher.entry(list, "planning-lots", labels.lotsLayer, true, function (on) {
      lots.on = on;
      if (on) lots.layer.addTo(map);
      else map.removeLayer(lots.layer);
      refreshLots();
    });
    item.classList.add("ioc-switcher__item--on");
    lots.hint = item.appendChild(el("p", "pl-lots-hint"));
    map.on("moveend", refreshLots);
    refreshLots();
  }

  function onMapReady(instance) {
    // On this page a tap asks about the place; the units' own popups would cover the answer.
    if (instance.unitsLayer) instance.unitsLayer.eachLayer(function (layer) { layer.unbindPopup(); });
    addLotsLayer(instance);
    instance.map.on("click", function (event) {
      lookupPoint({
        lon: event.latlng.lng.toFixed(COORD_DECIMALS),
        lat: event.latlng.lat.toFixed(COORD_DECIMALS),
      });
    });
    askFromAddress();
  }

  /* ---- the forms and the address ---- */

  function system(form) {
    return form.querySelector("input[name=system]:checked").value;
  }

  function showSystem(form) {
    var chosen = system(form);
    form.querySelectorAll("[data-system]").forEach(function (node) {
      node.hidden = node.getAttribute("data-system") !== chosen;
    });
    form.first.placeholder = chosen === "wgs84" ? "109.1967" : "1353660.03";
    form.second.placeholder = chosen === "wgs84" ? "12.2388" : "602805.66";
  }

  // ?lon=&lat= | ?x=&y=&crs= | ?table= (and date=): the question a printed sheet's QR code links back to.
  function askFromAddress() {
    var params = new URLSearchParams(window.location.search);
    var date = params.get("date");
    if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) document.getElementById("pl-date").value = date;
    if (params.get("table")) {
      var form = document.getElementById("pl-table-form");
      form.table.value = params.get("table");
      form.closest("details").open = true;
      reportParcel(params.get("table"));
    } else if (params.get("lon") && params.get("lat")) {
      lookupPoint({ lon: params.get("lon"), lat: params.get("lat") });
    } else if (params.get("x") && params.get("y")) {
      lookupPoint({ x: params.get("x"), y: params.get("y"), crs: params.get("crs") || "EPSG:9217" });
    }
  }

  function start() {
    var pointForm = document.getElementById("pl-point-form");
    var tableForm = document.getElementById("pl-table-form");
    pointForm.addEventListener("change", function () { showSystem(pointForm); });
    pointForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = pointForm.first.value.trim().replace(",", ".");
      var second = pointForm.second.value.trim().replace(",", ".");
      if (system(pointForm) === "wgs84") lookupPoint({ lon: first, lat: second });
      else lookupPoint({ x: first, y: second, crs: "EPSG:9217" });
    });
    tableForm.addEventListener("submit", function (event) {
      event.preventDefault();
      reportParcel(tableForm.table.value);
    });
    document.getElementById("pl-date").addEventListener("change", refreshLots);
    var element = document.getElementById("pl-map");
    if (element.iocMap) element.iocMap.ready.then(function () { onMapReady(element.iocMap); }, function () {});
    else element.addEventListener("ioc-map:ready", function (event) { onMapReady(event.detail); });
    document.body.setAttribute("data-planning-ready", "true");
  }

  window.PlanningLookup = { lookupPoint: lookupPoint, reportParcel: reportParcel, refreshLots: refreshLots };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
