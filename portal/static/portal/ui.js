/*
 * The pages' shared helpers: formatting (the same rules as core/formats.py), DOM building and JSON fetching.
 * Loaded by portal/base.html before any page script (deferred scripts run in order); a page's script takes what it
 * needs:   var ui = window.IocUi; var el = ui.el, fetchJson = ui.fetchJson;
 *
 *   ui.el(tag, className, text)        a new element; text goes in as textContent, never as HTML
 *   ui.interpolate(template, values)   "%(name)s" placeholders of server-translated texts
 *   ui.fetchJson(url, options)         Promise of the JSON body; rejects with the server's message on an error
 *   ui.fmtNumber(x, decimals)          1.234,5 in Vietnamese, 1,234.5 in English ("—" for null)
 *   ui.fmtPercent(x, decimals)         12,5%
 *   ui.fmtArea(m2)                     m² below one hectare, ha from there
 *   ui.fmtDate(iso) / ui.fmtDateTime(iso)   dd/mm/yyyy [HH:mm] in Asia/Ho_Chi_Minh
 *   ui.fmtDuration(ms)                 the two largest units in words ("2 ngày 3 giờ")
 */
(function (window, document) {
  "use strict";

  var EMPTY = "—";
  var HECTARE = 10000;
  var TIME_ZONE = "Asia/Ho_Chi_Minh";
  var WORDS = {
    vi: { day: "ngày", days: "ngày", hour: "giờ", hours: "giờ", minute: "phút", minutes: "phút", under: "dưới 1 phút" },
    en: { day: "day", days: "days", hour: "hour", hours: "hours", minute: "minute", minutes: "minutes", under: "under a minute" }
  };
  var UNITS = [[86400000, "day", "days"], [3600000, "hour", "hours"], [60000, "minute", "minutes"]];

  function language() {
    return (document.documentElement.lang || "vi").slice(0, 2) === "en" ? "en" : "vi";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    // textContent, never innerHTML: names and attributes come from the database.
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function interpolate(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function fetchJson(url, options) {
    var init = Object.assign({ headers: { Accept: "application/json" }, credentials: "same-origin" }, options || {});
    return window.fetch(url, init).then(function (response) {
      return response
        .json()
        .catch(function () {
          return null;
        })
        .then(function (body) {
          // core/middleware.py answers errors as JSON with a "message".
          if (!response.ok) throw new Error((body && body.message) || response.status + " " + response.statusText);
          if (!body) throw new Error(url + " did not answer JSON");
          return body;
        });
    });
  }

  function fmtNumber(value, decimals) {
    if (value === null || value === undefined || value === "" || isNaN(Number(value))) return EMPTY;
    var digits = decimals || 0;
    return Number(value).toLocaleString(language() === "en" ? "en-US" : "vi-VN", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits
    });
  }

  function fmtPercent(value, decimals) {
    var text = fmtNumber(value, decimals === undefined ? 1 : decimals);
    return text === EMPTY ? text : text + "%";
  }

  function fmtArea(squareMetres) {
    if (squareMetres === null || squareMetres === undefined || isNaN(Number(squareMetres))) return EMPTY;
    var value = Number(squareMetres);
    return Math.abs(value) >= HECTARE ? fmtNumber(value / HECTARE, 2) + " ha" : fmtNumber(value, 1) + " m²";
  }

  function parts(value) {
    var date = value instanceof Date ? value : new Date(value);
    if (isNaN(date.getTime())) return null;
    var out = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23"
    }).formatToParts(date).forEach(function (part) {
      out[part.type] = part.value;
    });
    return out;
  }

  function fmtDate(value) {
    var p = value ? parts(value) : null;
    return p ? p.day + "/" + p.month + "/" + p.year : EMPTY;
  }

  function fmtDateTime(value) {
    var p = value ? parts(value) : null;
    return p ? p.day + "/" + p.month + "/" + p.year + " " + p.hour + ":" + p.minute : EMPTY;
  }

  function fmtDuration(ms) {
    if (ms === null || ms === undefined || isNaN(Number(ms))) return EMPTY;
    var words = WORDS[language()];
    var rest = Math.abs(Number(ms));
    var out = [];
    for (var i = 0; i < UNITS.length; i++) {
      var count = Math.floor(rest / UNITS[i][0]);
      rest -= count * UNITS[i][0];
      if (count && out.length < 2) out.push(fmtNumber(count) + " " + words[count === 1 ? UNITS[i][1] : UNITS[i][2]]);
      else if (out.length) break; // "2 days 5 minutes" would skip the hours between
    }
    return out.length ? out.join(" ") : words.under;
  }

  window.IocUi = {
    el: el, interpolate: interpolate, fetchJson: fetchJson, fmtNumber: fmtNumber, fmtPercent: fmtPercent,
    fmtArea: fmtArea, fmtDate: fmtDate, fmtDateTime: fmtDateTime, fmtDuration: fmtDuration
  };
})(window, document);
