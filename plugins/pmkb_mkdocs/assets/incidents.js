/*
 * The all-incidents list: filter and sort every post-mortem in the browser.
 *
 * The page carries its data inline (<template class="pmkb-list__data">, written
 * by pmkb_mkdocs/listing.py) and a static table of the latest rows for readers
 * without JavaScript. This script replaces that table with the filtered,
 * sorted list. Filters live in the query string (?service=api-service&year=2025)
 * so that a filtered view can be linked to. Works with Material's instant
 * navigation: it runs on every page swap and only acts where a list is.
 * Values are written with textContent, never as HTML.
 */
(function () {
  "use strict";

  var BATCH = 100;
  var FILTERS = ["severity", "status", "year", "service", "team", "factor"];
  var DAY_MS = 86400000;

  function isoDay(days) {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
  }

  function names(table, value) {
    return (Array.isArray(value) ? value : [value]).map(function (i) { return table[i]; });
  }

  function fullId(value, year) {
    if (typeof value === "number") return "PM-" + year + "-" + ("00" + value).slice(-Math.max(3, String(value).length));
    return value.indexOf("PM-") === 0 ? value : "PM-" + year + "-" + value;
  }

  // Rows as pmkb_mkdocs/listing.py encodes them (format version 2): a flat
  // list, seven values per row, newest first.
  function decode(data) {
    var rows = [], day = 0, r = data.rows;
    for (var i = 0; i + 6 < r.length; i += 7) {
      day = i === 0 ? r[i + 2] : day - r[i + 2];
      var date = isoDay(day);
      var id = fullId(r[i], date.slice(0, 4));
      rows.push({
        id: id,
        title: r[i + 1],
        days: day,
        date: date,
        year: date.slice(0, 4),
        severity: "SEV" + (Math.floor(r[i + 3] / 3) + 1),
        status: data.statuses[r[i + 3] % 3],
        services: names(data.services, r[i + 4]),
        teams: names(data.teams, r[i + 5]),
        factors: names(data.factors, r[i + 6]),
        // PM-2025-014 sorts after PM-2025-9: compare year, then number.
        idKey: id.slice(3, 7) + ("0000000000" + id.slice(8)).slice(-10)
      });
    }
    return rows;
  }

  function options(rows, name) {
    var seen = {};
    rows.forEach(function (row) {
      var value = row[name];
      (Array.isArray(value) ? value : [value]).forEach(function (v) { seen[v] = true; });
    });
    var values = Object.keys(seen).sort();
    if (name === "year") values.reverse();
    return values;
  }

  function matches(row, filters) {
    for (var name in filters) {
      var want = filters[name];
      var have = row[name === "service" ? "services" : name === "team" ? "teams" : name === "factor" ? "factors" : name];
      if (Array.isArray(have) ? have.indexOf(want) < 0 : have !== want) return false;
    }
    return true;
  }

  var COMPARE = {
    id: function (a, b) { return a.idKey < b.idKey ? -1 : a.idKey > b.idKey ? 1 : 0; },
    started: function (a, b) { return a.days - b.days || COMPARE.id(a, b); },
    severity: function (a, b) { return a.severity < b.severity ? -1 : a.severity > b.severity ? 1 : COMPARE.started(b, a); },
    status: function (a, b) { return a.status < b.status ? -1 : a.status > b.status ? 1 : COMPARE.started(b, a); },
    title: function (a, b) { return a.title.localeCompare(b.title) || COMPARE.id(a, b); }
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text, className) {
    var a = el("a", className, text);
    a.href = href;
    return a;
  }

  function renderRow(row, hrefs) {
    var tr = document.createElement("tr");
    var td = el("td");
    td.appendChild(link(hrefs.incident.replace("{id}", row.id.toLowerCase()), row.id));
    tr.appendChild(td);
    td = el("td");
    var time = el("time", null, row.date);
    time.setAttribute("datetime", row.date);
    td.appendChild(time);
    tr.appendChild(td);
    td = el("td");
    td.appendChild(el("span", "pmkb-sev pmkb-sev--" + row.severity.toLowerCase(), row.severity));
    tr.appendChild(td);
    td = el("td");
    td.appendChild(el("span", "pmkb-status pmkb-status--" + row.status, row.status));
    tr.appendChild(td);
    tr.appendChild(el("td", null, row.title));
    td = el("td");
    row.services.forEach(function (name, i) {
      if (i) td.appendChild(document.createTextNode(" "));
      td.appendChild(link(hrefs.service.replace("{name}", name), name, "pmkb-service"));
    });
    tr.appendChild(td);
    return tr;
  }

  function init() {
    var root = document.querySelector("[data-pmkb-list]");
    if (!root || root.getAttribute("data-pmkb-ready")) return;
    root.setAttribute("data-pmkb-ready", "true");
    var holder = root.querySelector(".pmkb-list__data");
    var data = JSON.parse(holder.content ? holder.content.textContent : holder.textContent);
    var rows = decode(data);
    var hrefs = {
      incident: root.getAttribute("data-incident-href"),
      service: root.getAttribute("data-service-href")
    };
    var form = root.querySelector(".pmkb-filters");
    var count = root.querySelector(".pmkb-list__count");
    var tbody = root.querySelector("tbody");
    var more = root.querySelector(".pmkb-list__more");
    var headers = root.querySelectorAll("th[data-sort]");
    var params = new URLSearchParams(window.location.search);
    var state = { key: "started", dir: -1, shown: BATCH, result: [] };

    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      options(rows, name === "service" ? "services" : name === "team" ? "teams" : name === "factor" ? "factors" : name)
        .forEach(function (value) { select.appendChild(el("option", null, value)).value = value; });
      if (params.get(name)) select.value = params.get(name);
    });
    if (COMPARE[params.get("sort")]) state.key = params.get("sort");
    if (params.get("order") === "asc") state.dir = 1;

    function currentFilters() {
      var filters = {};
      FILTERS.forEach(function (name) {
        var value = form.elements[name].value;
        if (value) filters[name] = value;
      });
      return filters;
    }

    function remember(filters) {
      var query = new URLSearchParams(filters);
      if (state.key !== "started") query.set("sort", state.key);
      if (state.dir === 1) query.set("order", "asc");
      var search = query.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (search ? "?" + search : ""));
    }

    function draw() {
      var fragment = document.createDocumentFragment();
      state.result.slice(0, state.shown).forEach(function (row) { fragment.appendChild(renderRow(row, hrefs)); });
      tbody.replaceChildren(fragment);
      var total = rows.length.toLocaleString("en");
      var found = state.result.length;
      count.textContent = found === rows.length
        ? total + (rows.length === 1 ? " post-mortem" : " post-mortems")
        : found.toLocaleString("en") + " of " + total + " post-mortems match";
      more.hidden = found <= state.shown;
    }

    function update() {
      var filters = currentFilters();
      var compare = COMPARE[state.key];
      state.result = rows.filter(function (row) { return matches(row, filters); })
        .sort(function (a, b) { return state.dir * compare(a, b); });
      state.shown = BATCH;
      headers.forEach(function (th) {
        var key = th.getAttribute("data-sort");
        th.setAttribute("aria-sort", key === state.key ? (state.dir < 0 ? "descending" : "ascending") : "none");
      });
      remember(filters);
      draw();
    }

    headers.forEach(function (th) {
      var button = el("button", "pmkb-sort", th.textContent);
      button.type = "button";
      th.replaceChildren(button);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        state.dir = key === state.key ? -state.dir : (key === "started" ? -1 : 1);
        state.key = key;
        update();
      });
    });
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    more.querySelector("button").addEventListener("click", function () {
      state.shown += BATCH;
      draw();
    });
    form.hidden = false;
    update();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
