/*
 * The all-incidents list: filter and sort every post-mortem in the browser.
 *
 * The page carries a static table of the latest rows and every filter's
 * choices; the rows of the whole list are a JSON file of their own
 * (data-list-src, written by pmkb_mkdocs/listing.py), fetched once, when the
 * reader first filters, sorts or asks for more: at 10,000 post-mortems it
 * weighs more than the rest of the page, and most visits never need it.
 * Filters live in the query string (?service=api-service&year=2025) so that a
 * filtered view can be linked to; opening such a link fetches the rows at once.
 * Works with Material's instant navigation: it runs on every page swap and only
 * acts where a list is. Values are written with textContent, never as HTML.
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
    tr.appendChild(el("td", "pmkb-title", row.title));
    td = el("td", "pmkb-services");
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
    // Resolved now: under instant navigation the page's address is this page's.
    var source = new URL(root.getAttribute("data-list-src"), window.location.href).href;
    var total = Number(root.getAttribute("data-total"));
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
    var rows = null;
    var loading = null;

    function totalText() {
      return total.toLocaleString("en") + (total === 1 ? " post-mortem" : " post-mortems");
    }

    // The rows, fetched once; every interaction waits for the same request.
    function load() {
      if (!loading) {
        root.setAttribute("aria-busy", "true");
        loading = fetch(source)
          .then(function (response) {
            if (!response.ok) throw new Error(response.status + " " + response.statusText);
            return response.json();
          })
          .then(function (data) {
            rows = decode(data);
            root.removeAttribute("aria-busy");
            return rows;
          }, function (error) {
            root.removeAttribute("aria-busy");
            loading = null;
            count.textContent = "The full list could not be loaded (" + error.message +
              "); the latest post-mortems are shown.";
            throw error;
          });
      }
      return loading;
    }

    function whenLoaded(then) {
      load().then(then, function () { /* said in the count line */ });
    }

    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      var wanted = params.get(name);
      if (wanted) {
        // A linked filter whose value no post-mortem has any more still filters.
        if (!Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
          select.appendChild(el("option", null, wanted)).value = wanted;
        }
        select.value = wanted;
      }
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

    // The list's filters and order in the page's address; its other parameters (the
    // header search's, see search.js) are kept as they are.
    function remember(filters) {
      var query = new URLSearchParams(window.location.search);
      FILTERS.concat(["sort", "order"]).forEach(function (name) { query.delete(name); });
      Object.keys(filters).forEach(function (name) { query.set(name, filters[name]); });
      if (state.key !== "started") query.set("sort", state.key);
      if (state.dir === 1) query.set("order", "asc");
      var search = query.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (search ? "?" + search : ""));
    }

    function draw() {
      var fragment = document.createDocumentFragment();
      state.result.slice(0, state.shown).forEach(function (row) { fragment.appendChild(renderRow(row, hrefs)); });
      tbody.replaceChildren(fragment);
      var found = state.result.length;
      count.textContent = found === rows.length
        ? totalText()
        : found.toLocaleString("en") + " of " + rows.length.toLocaleString("en") + " post-mortems match";
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
        whenLoaded(update);
      });
    });
    form.addEventListener("change", function () { whenLoaded(update); });
    form.addEventListener("reset", function () { window.setTimeout(function () { whenLoaded(update); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    more.querySelector("button").addEventListener("click", function () {
      if (rows) {
        state.shown += BATCH;
        draw();
      } else {
        whenLoaded(update);
      }
    });
    form.hidden = false;
    root.setAttribute("data-pmkb-ready", "true");
    var linked = FILTERS.some(function (name) { return params.get(name); }) ||
      params.get("sort") || params.get("order");
    if (linked) {
      whenLoaded(update);
    } else {
      // Until the rows are needed, the static table is the list's first rows.
      count.textContent = totalText();
      more.hidden = tbody.rows.length >= total;
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
