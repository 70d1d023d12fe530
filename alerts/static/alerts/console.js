/*
 * The operators' alert console: the alerts API drawn on the map component and listed beside it, refreshed every
 * config.pollSeconds without reloading, filtered by the form. Overdue alerts are drawn with a thick dashed, pulsing
 * outline and flagged in the list; the time left is recomputed every 15 seconds, so an alert turns overdue on screen
 * when its deadline passes. New alerts since the last refresh are highlighted. Values from the server are written
 * with textContent only.
 */
(function (window, document) {
  "use strict";

  var ui = window.IocUi;
  var create = ui.el, format = ui.interpolate;
  var config = JSON.parse(document.getElementById("al-console-config").textContent);
  var labels = config.labels;
  var form = document.getElementById("al-filters");
  var list = document.getElementById("al-list");
  var status = document.getElementById("al-status");
  var reportButton = document.getElementById("al-report-button");
  var mapElement = document.getElementById("console-map");
  var L = window.L;
  var TICK_MS = 15000;
  var NEW_MS = 60000;
  // One colour per state: red waits for the IOC, blue for an agency, green for confirmation, grey has ended.
  var COLOURS = {
    new: "#C62828", verified: "#EF6C00", returned: "#AD1457", forwarded: "#1565C0",
    in_progress: "#0277BD", resolved: "#2E7D32", closed: "#757575", rejected: "#9E9E9E"
  };

  var layer = null;
  var collection = { type: "FeatureCollection", features: [] };
  var seen = null; // ids of the previous refresh; null before the first
  var freshUntil = {}; // id -> time until which it is shown as new
  var selected = {};
  var timer = null;

  function query() {
    var params = new URLSearchParams();
    var states = [];
    new FormData(form).forEach(function (value, name) {
      if (!value) return;
      if (name === "state") states.push(value);
      else params.set(name, value);
    });
    if (states.length) params.set("state", states.join(","));
    return params;
  }

  function deadlineOf(properties) {
    return properties.deadline_at ? new Date(properties.deadline_at).getTime() : null;
  }

  function isOverdue(properties, now) {
    var deadline = deadlineOf(properties);
    var open = properties.state !== "closed" && properties.state !== "rejected";
    return Boolean(properties.overdue) || (open && deadline !== null && deadline <= now);
  }

  function styleOf(feature) {
    var p = feature.properties || {};
    var overdue = isOverdue(p, Date.now());
    var immediate = p.procedure === "immediate";
    var colour = COLOURS[p.state] || "#37474F";
    return {
      color: overdue ? "#B71C1C" : colour,
      weight: overdue ? 5 : immediate ? 3.5 : 2,
      dashArray: overdue ? "8 6" : null,
      fillColor: colour,
      fillOpacity: p.severity === "extreme" || p.severity === "severe" ? 0.45 : 0.3,
      className: "al-shape al-shape--" + p.state + (overdue ? " al-shape--overdue" : "") +
        (immediate ? " al-shape--immediate" : "")
    };
  }

  function draw() {
    var instance = window.IocMap && window.IocMap.instances["console-map"];
    if (!instance || !L) return;
    if (layer) instance.map.removeLayer(layer);
    layer = L.geoJSON(collection, {
      style: styleOf,
      pointToLayer: function (feature, latlng) {
        var options = styleOf(feature);
        options.radius = feature.properties.procedure === "immediate" ? 10 : 7;
        options.fillOpacity = 0.85;
        return L.circleMarker(latlng, options);
      },
      onEachFeature: function (feature, shape) {
        shape.bindTooltip("#" + feature.id + " " + (feature.properties.title || ""), { sticky: true });
        shape.on("click", function () {
          var item = list.querySelector('[data-id="' + feature.id + '"]');
          if (item) {
            item.scrollIntoView({ block: "nearest" });
            item.classList.add("al-item--focus");
            window.setTimeout(function () { item.classList.remove("al-item--focus"); }, 2000);
          }
        });
      }
    }).addTo(instance.map);
    mapElement.setAttribute("data-alert-count", String(collection.features.length));
  }

  function focus(feature) {
    var instance = window.IocMap && window.IocMap.instances["console-map"];
    if (!instance || !feature.geometry) return;
    var shape = L.geoJSON(feature);
    instance.map.fitBounds(shape.getBounds(), { maxZoom: 16, padding: [40, 40] });
  }

  function item(feature, now) {
    var p = feature.properties;
    var overdue = isOverdue(p, now);
    var li = create("li", "al-item al-item--state-" + p.state + (overdue ? " al-item--overdue" : ""));
    li.setAttribute("data-id", String(feature.id));
    li.setAttribute("data-state", p.state);
    li.setAttribute("data-overdue", overdue ? "true" : "false");
    if (freshUntil[feature.id] && freshUntil[feature.id] > now) li.classList.add("al-item--new");
    var tick = li.appendChild(create("input", "al-item__tick"));
    tick.type = "checkbox";
    tick.name = "alert";
    tick.value = String(feature.id);
    tick.checked = Boolean(selected[feature.id]);
    tick.setAttribute("aria-label", "#" + feature.id);
    tick.addEventListener("change", function () {
      selected[feature.id] = tick.checked;
      updateReportButton();
    });
    var body = li.appendChild(create("div", "al-item__body"));
    var title = body.appendChild(create("a", "al-item__title", "#" + feature.id + " " + p.title));
    title.href = config.page.replace("{id}", String(feature.id));
    var meta = body.appendChild(create("div", "al-item__meta"));
    meta.appendChild(create("span", "al-state al-state--" + p.state, p.state_label));
    if (p.procedure === "immediate") meta.appendChild(create("span", "al-badge al-badge--immediate", labels.immediate));
    if (overdue) meta.appendChild(create("span", "al-badge al-badge--overdue", labels.overdue));
    if (freshUntil[feature.id] && freshUntil[feature.id] > now) meta.appendChild(create("span", "al-badge al-badge--new", labels.new));
    var deadline = deadlineOf(p);
    if (deadline !== null && p.state !== "closed" && p.state !== "rejected") {
      var left = deadline - now;
      meta.appendChild(create("span", "al-item__left", format(left > 0 ? labels.left : labels.late, { time: ui.fmtDuration(left) })));
    }
    var places = p.unit_names && p.unit_names.length ? p.unit_names : p.units || [];
    if (places.length) body.appendChild(create("div", "al-item__units", places.join(", ")));
    if (p.lead_agency_name) body.appendChild(create("div", "al-item__agency", p.lead_agency_name));
    if (p.undelivered && p.undelivered.length) {
      var warn = body.appendChild(create("p", "al-undelivered", labels.undelivered + " " + p.undelivered.join(", ")));
      warn.setAttribute("role", "note");
      warn.setAttribute("data-undelivered", "");
    }
    var locate = li.appendChild(create("button", "al-item__locate", labels.map));
    locate.type = "button";
    locate.title = labels.open;
    locate.addEventListener("click", function () { focus(feature); });
    return li;
  }

  function renderList() {
    var now = Date.now();
    list.textContent = "";
    if (!collection.features.length) {
      list.appendChild(create("li", "al-list__empty", labels.none));
      return;
    }
    // Overdue first, then by deadline, then newest.
    var features = collection.features.slice().sort(function (a, b) {
      var oa = isOverdue(a.properties, now) ? 0 : 1, ob = isOverdue(b.properties, now) ? 0 : 1;
      if (oa !== ob) return oa - ob;
      var da = deadlineOf(a.properties) || Infinity, db = deadlineOf(b.properties) || Infinity;
      if (da !== db) return da - db;
      return b.id - a.id;
    });
    features.forEach(function (feature) { list.appendChild(item(feature, now)); });
  }

  function updateReportButton() {
    reportButton.disabled = !Object.keys(selected).some(function (id) { return selected[id]; });
  }

  function refresh() {
    var params = query();
    params.set("limit", "500");
    return window
      .fetch(config.api + "?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.message || response.status);
          return body;
        });
      })
      .then(function (body) {
        var now = Date.now();
        var ids = {};
        body.features.forEach(function (feature) {
          ids[feature.id] = true;
          if (seen && !seen[feature.id]) freshUntil[feature.id] = now + NEW_MS;
        });
        seen = ids;
        collection = body;
        draw();
        renderList();
        status.textContent = format(labels.count, { n: ui.fmtNumber(body.count) }) + " · " +
          format(labels.updated, { time: ui.fmtDateTime(now) });
        list.setAttribute("data-refreshed", String(now));
      })
      .catch(function (error) {
        status.textContent = format(labels.failed, { reason: error.message });
      });
  }

  function schedule() {
    if (timer) window.clearInterval(timer);
    timer = window.setInterval(refresh, config.pollSeconds * 1000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = query();
    window.history.replaceState(null, "", "?" + params.toString());
    refresh();
    schedule();
  });
  window.setInterval(function () {
    draw();
    renderList();
  }, TICK_MS);
  window.alertConsole = { refresh: refresh };
  refresh();
  schedule();
})(window, document);
