/*
 * Citizen planning lookup (planning/lookup.html): tap the map, type coordinates or paste a certificate table,
 * and read the planning information card; print it as the planning information sheet.
 *
 * Talks only to the planning API (GET lookup, POST parcel-report) named in the page's JSON config, and draws on
 * the portal's map component (window.IocMap). Every text comes translated from the config; every value from the
 * server is written with textContent, never innerHTML.
 */
(function (window, document) {
  "use strict";

  var config = JSON.parse(document.getElementById("pl-config").textContent);
  var labels = config.labels;
  var lang = document.documentElement.lang || undefined;
  var COORD_DECIMALS = 6;
  var drawn = null; // the Leaflet layer of the last answer

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function number(value, digits) {
    return Number(value).toLocaleString(lang, { maximumFractionDigits: digits === undefined ? 2 : digits });
  }

  function percent(share) {
    return number(share * 100, 1) + " %";
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

  function call(url, options) {
    return window.fetch(url, options).then(function (response) {
      return response
        .json()
        .catch(function () {
          return null;
        })
        .then(function (body) {
          if (!response.ok) throw new Error((body && body.message) || response.status + " " + response.statusText);
          return body;
        });
    });
  }

  function ask(promise, render) {
    setResult(el("p", "pl-status", labels.loading), "loading");
    return promise.then(
      function (body) {
        setResult(render(body), "ready");
        draw(body);
      },
      function (error) {
        var box = el("p", "pl-error", format(labels.failed, { reason: error.message }));
        box.setAttribute("role", "alert");
        setResult(box, "error");
      }
    );
  }

  function lookupPoint(params) {
    params.date = chosenDate();
    params.with_geometry = "1";
    var url = config.lookupUrl + "?" + new URLSearchParams(params).toString();
    return ask(call(url, { headers: { Accept: "application/json" } }), renderPoint);
  }

  function reportParcel(table) {
    var body = JSON.stringify({ table: table, date: chosenDate(), with_geometry: true });
    var options = { method: "POST", headers: { "Content-Type": "application/json" }, body: body };
    return ask(call(config.reportUrl, options), renderParcel);
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

  function indicatorRows(indicators) {
    return config.indicators.map(function (entry) {
      var value;
      if (entry.key === "floors") {
        var low = indicators.floors_min, high = indicators.floors_max;
        value = low !== null && high !== null ? low + "–" + high : high !== null ? "≤ " + high : low;
      } else {
        value = indicators[entry.key];
        if (typeof value === "number") value = number(value) + (entry.unit ? " " + entry.unit : "");
      }
      return [entry.label, value];
    });
  }

  function landUse(use) {
    var line = el("p", "pl-use");
    var swatch = line.appendChild(el("span", "pl-swatch"));
    swatch.style.backgroundColor = use.colour;
    line.appendChild(el("strong", "pl-use__code", use.code));
    line.appendChild(el("span", "pl-use__name", lang === "en" ? use.name_en : use.name_vi));
    return line;
  }

  function planHeader(entry) {
    var box = el("header", "pl-plan__head");
    box.appendChild(el("h3", "pl-plan__name", entry.plan.name));
    var revision = entry.revision;
    var facts = [entry.plan.type_label];
    if (revision.decision_number) {
      var decision = [revision.decision_number, revision.decision_date, revision.approving_authority];
      facts.push(labels.decisionWord + " " + decision.filter(Boolean).join(", "));
    }
    facts.push(format(labels.revision, { number: revision.number, date: revision.effective_from }));
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
      if (!doc.url) return item.appendChild(el("span", "", doc.title));
      var link = item.appendChild(el("a", "", doc.title));
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

  function cardFooter(card) {
    card.appendChild(el("p", "pl-disclaimer", labels.disclaimer));
    card.appendChild(el("p", "pl-printed", format(labels.printedOn, { date: new Date().toLocaleString(lang) })));
    var button = card.appendChild(el("button", "pl-print", labels.print));
    button.type = "button";
    button.addEventListener("click", function () {
      window.print();
    });
    return card;
  }

  function renderPoint(body) {
    var where = format(labels.where, { lon: body.query.lon, lat: body.query.lat });
    var card = cardFrame(labels.pointTitle, [
      [labels.position, where],
      [labels.unit, body.unit.name],
      [labels.onDate, body.date],
      ["", body.query.assumed_order ? format(labels.assumedOrder, { order: body.query.assumed_order }) : null],
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
    return cardFooter(card);
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
      row.appendChild(el("td", "pl-num", format(labels.areaValue, { area: number(use.area_m2) })));
      row.appendChild(el("td", "pl-num", percent(use.share)));
    });
    return table;
  }

  function renderParcel(body) {
    var parcel = body.parcel;
    var card = cardFrame(labels.parcelTitle, [
      [labels.area, format(labels.parcelArea, { area: number(parcel.area_m2) })],
      [labels.unit, parcel.units.map(function (u) { return u.name; }).join(", ")],
      [labels.onDate, body.date],
      ["", parcel.assumed_order ? format(labels.assumedOrder, { order: parcel.assumed_order }) : null],
    ]);
    if (!body.plans.length) card.appendChild(el("p", "pl-none", labels.noPlan));
    body.plans.forEach(function (entry) {
      var plan = card.appendChild(el("section", "pl-plan"));
      plan.setAttribute("data-plan", entry.plan.code);
      plan.appendChild(planHeader(entry));
      plan.appendChild(el("p", "pl-covered", format(labels.covered, { share: percent(entry.covered_share) })));
      plan.appendChild(usesTable(entry.land_uses));
      var red = plan.appendChild(el("p", "pl-redline", redLineText(entry)));
      red.setAttribute("data-crosses", String(entry.crosses_red_line));
      entry.lots.forEach(function (lot) {
        var box = plan.appendChild(el("div", "pl-lot pl-lot--part"));
        box.setAttribute("data-lot", lot.lot_code);
        var title = lot.lot_code + " · " + lot.land_use + " · " + percent(lot.share);
        box.appendChild(el("h4", "pl-lot__title", title));
        box.appendChild(factList(indicatorRows(lot.indicators)));
      });
      var docs = documents(entry.documents);
      if (docs) plan.appendChild(docs);
    });
    return cardFooter(card);
  }

  /* ---- the map ---- */

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
    if (drawn) instance.map.removeLayer(drawn);
    drawn = L.featureGroup();
    // The most specific plan comes first in the answer; draw it last so it lies on top.
    (body.plans || []).slice().reverse().forEach(function (entry) {
      var byCode = colours(entry);
      entry.lots.forEach(function (lot) {
        if (!lot.geometry) return;
        var style = { color: "#333", weight: 1, fillColor: lotColour(lot, byCode), fillOpacity: 0.75 };
        L.geoJSON(lot.geometry, { className: "pl-lot-shape", style: style }).addTo(drawn);
      });
    });
    var focus = null;
    if (body.parcel && body.parcel.geometry) {
      var parcelStyle = { color: "#c00", weight: 3, fillOpacity: 0 };
      focus = L.geoJSON(body.parcel.geometry, { className: "pl-parcel-shape", style: parcelStyle }).addTo(drawn);
    }
    if (body.query) {
      L.circleMarker([body.query.lat, body.query.lon], { radius: 6, className: "pl-point" }).addTo(drawn);
    }
    drawn.addTo(instance.map);
    // Centre on what was asked: the parcel with some of its surroundings, or the lot(s) under the point.
    var bounds = focus ? focus.getBounds().pad(1.5) : drawn.getBounds();
    if (bounds.isValid()) instance.map.fitBounds(bounds, { maxZoom: 18, padding: [16, 16] });
  }

  function onMapReady(instance) {
    // On this page a tap asks about the place; the units' own popups would cover the answer.
    if (instance.unitsLayer) instance.unitsLayer.eachLayer(function (layer) { layer.unbindPopup(); });
    instance.map.on("click", function (event) {
      if (instance.unitsLayer) instance.unitsLayer.eachLayer(function (layer) { layer.closeTooltip(); });
      lookupPoint({
        lon: event.latlng.lng.toFixed(COORD_DECIMALS),
        lat: event.latlng.lat.toFixed(COORD_DECIMALS),
      });
    });
  }

  /* ---- the forms ---- */

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
    var element = document.getElementById("pl-map");
    if (element.iocMap) element.iocMap.ready.then(function () { onMapReady(element.iocMap); }, function () {});
    else element.addEventListener("ioc-map:ready", function (event) { onMapReady(event.detail); });
    document.body.setAttribute("data-planning-ready", "true");
  }

  window.PlanningLookup = { lookupPoint: lookupPoint, reportParcel: reportParcel };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
