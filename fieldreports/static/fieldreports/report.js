/*
 * Public field-report page (fieldreports/new.html): pick the place on the portal's map component or from the
 * phone's position, show the questions of the chosen category, list open reports of the same category nearby
 * before sending, and check the photos' number and size before the upload.
 *
 * The form works without this script (it posts the same fields); the server checks everything again. Every text
 * comes translated from the page's JSON config; values from the server are written with textContent only.
 */
(function (window, document) {
  "use strict";

  var ui = window.IocUi;
  var el = ui.el, format = ui.interpolate;
  var config = JSON.parse(document.getElementById("fr-config").textContent);
  var labels = config.labels;
  var DECIMALS = 6;
  var marker = null;
  var nearbyRequest = 0;

  function byId(id) {
    return document.getElementById(id);
  }

  function chosenCategory() {
    return byId("fr-category").value;
  }

  function position() {
    var lat = byId("fr-lat").value, lon = byId("fr-long").value;
    return lat && lon ? { lat: Number(lat), lon: Number(lon) } : null;
  }

  // ---- Category: its description and its questions -------------------------------------------------------

  function showCategory() {
    var select = byId("fr-category");
    var option = select.options[select.selectedIndex];
    byId("fr-category-description").textContent = (option && option.getAttribute("data-description")) || "";
    document.querySelectorAll(".fr-questions").forEach(function (fieldset) {
      var mine = fieldset.getAttribute("data-category") === select.value;
      fieldset.hidden = !mine;
      fieldset.disabled = !mine; // questions of other categories are not sent
    });
    refreshNearby();
  }

  // ---- Position: a tap on the map or the phone's position -------------------------------------------------

  function mapInstance() {
    var element = byId("fr-map");
    return element && element.iocMap;
  }

  function setPosition(lat, lon, zoom) {
    byId("fr-lat").value = lat.toFixed(DECIMALS);
    byId("fr-long").value = lon.toFixed(DECIMALS);
    byId("fr-position-text").textContent = format(labels.chosen, {
      lat: lat.toFixed(DECIMALS),
      long: lon.toFixed(DECIMALS),
    });
    var instance = mapInstance();
    if (instance && window.L) {
      if (marker) instance.map.removeLayer(marker);
      marker = window.L.circleMarker([lat, lon], { radius: 9, className: "fr-marker" }).addTo(instance.map);
      if (zoom) instance.map.setView([lat, lon], zoom);
    }
    refreshNearby();
  }

  function attachMap(instance) {
    instance.map.on("click", function (event) {
      setPosition(event.latlng.lat, event.latlng.lng);
    });
    var current = position();
    if (current) setPosition(current.lat, current.lon, 16);
  }

  function locate() {
    var text = byId("fr-position-text");
    if (!navigator.geolocation) {
      text.textContent = labels.locateUnsupported;
      return;
    }
    text.textContent = labels.locating;
    navigator.geolocation.getCurrentPosition(
      function (found) {
        setPosition(found.coords.latitude, found.coords.longitude, 17);
      },
      function (error) {
        text.textContent = format(labels.locateFailed, { reason: error.message || error.code });
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  }

  // ---- Nearby open reports of the same category ----------------------------------------------------------

  function refreshNearby() {
    var box = byId("fr-nearby");
    var where = position();
    var code = chosenCategory();
    var ticket = ++nearbyRequest;
    if (!where || !code) {
      box.hidden = true;
      return;
    }
    var url = config.nearbyUrl + "?" + new URLSearchParams({ service_code: code, lat: where.lat, long: where.lon });
    window
      .fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { reports: [] };
      })
      .then(function (body) {
        if (ticket === nearbyRequest) showNearby(body.reports || []);
      })
      .catch(function () {
        box.hidden = true; // the list only helps; sending works without it
      });
  }

  function showNearby(reports) {
    var box = byId("fr-nearby");
    box.replaceChildren();
    if (!reports.length) {
      box.hidden = true;
      return;
    }
    box.appendChild(el("h2", "", format(labels.nearbyTitle, { radius: config.radius, days: config.days })));
    box.appendChild(el("p", "fr-hint", labels.nearbyHint));
    var list = box.appendChild(el("ul"));
    reports.forEach(function (report) {
      var item = list.appendChild(el("li"));
      item.setAttribute("data-tracking-code", report.tracking_code);
      var when = ui.fmtDate(report.submitted_at);
      item.appendChild(el("strong", "", report.status_label + " · " + when + " · " + ui.fmtNumber(report.distance_m) + " m"));
      item.appendChild(el("p", "", report.description));
      if (report.reporters > 1) item.appendChild(el("p", "fr-hint", format(labels.reporters, { n: report.reporters })));
      var link = item.appendChild(el("a", "", labels.follow));
      link.href = report.url;
    });
    box.hidden = false;
  }

  // ---- Photos and sending ----------------------------------------------------------------------------------

  function checkPhotos() {
    var input = byId("fr-photos");
    var problem = byId("fr-photos-problem");
    var messages = [];
    if (input.files.length > config.maxPhotos) messages.push(format(labels.tooManyPhotos, { max: config.maxPhotos }));
    Array.prototype.forEach.call(input.files, function (file) {
      if (file.size > config.maxPhotoBytes) {
        messages.push(format(labels.photoTooBig, { name: file.name, mb: Math.floor(config.maxPhotoBytes / 1048576) }));
      }
    });
    problem.textContent = messages.join(" ");
    problem.hidden = !messages.length;
    input.setAttribute("aria-invalid", messages.length ? "true" : "false");
    return !messages.length;
  }

  // ---- Checks before sending: the server's own words, naming each field ----------------------------------

  function filled(field) {
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.selectedOptions, function (option) { return option.value.trim() !== ""; });
    }
    return field.value.trim() !== "";
  }

  function problemsBeforeSending() {
    var found = []; // [field, message]
    if (!chosenCategory()) found.push([byId("fr-category"), labels.chooseCategory]);
    var questions = document.querySelector('.fr-questions[data-category="' + CSS.escape(chosenCategory()) + '"]');
    if (questions) {
      questions.querySelectorAll("[data-required]").forEach(function (field) {
        if (!filled(field)) found.push([field, format(labels.answer, { question: field.getAttribute("data-question") })]);
      });
    }
    if (!position() && !byId("fr-address").value.trim()) found.push([byId("fr-address"), labels.noPlace]);
    if (!byId("fr-description").value.trim()) found.push([byId("fr-description"), labels.noDescription]);
    var contact = ["fr-full-name", "fr-phone", "fr-email"].some(function (id) { return byId(id).value.trim(); });
    if (contact && !byId("fr-consent").checked) found.push([byId("fr-consent"), labels.consent]);
    return found;
  }

  function showProblems(found) {
    var box = byId("fr-problems");
    var list = box.querySelector("ul");
    list.replaceChildren();
    document.querySelectorAll('.fr-form [aria-invalid="true"]').forEach(function (field) {
      field.removeAttribute("aria-invalid");
    });
    found.forEach(function (problem) {
      var field = problem[0];
      field.setAttribute("aria-invalid", "true");
      var item = list.appendChild(el("li"));
      var link = item.appendChild(el("a", "", problem[1]));
      link.href = "#" + (field.id || "");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        field.focus();
      });
    });
    box.hidden = !found.length;
    if (found.length) box.focus();
  }

  function start() {
    byId("fr-category").addEventListener("change", showCategory);
    byId("fr-locate").addEventListener("click", locate);
    byId("fr-photos").addEventListener("change", checkPhotos);
    byId("fr-form").addEventListener("submit", function (event) {
      var found = problemsBeforeSending();
      showProblems(found);
      if (found.length || !checkPhotos()) {
        event.preventDefault();
        return;
      }
      var button = byId("fr-submit");
      button.disabled = true; // one tap, one report
      button.textContent = labels.sending;
    });
    showCategory();
    var element = byId("fr-map");
    if (element && element.iocMap) attachMap(element.iocMap);
    else if (element) {
      element.addEventListener("ioc-map:ready", function (event) {
        attachMap(event.detail);
      });
    }
    var problems = byId("fr-problems");
    if (!problems.hidden) problems.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
