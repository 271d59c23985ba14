/*
 * Search: a box in Material's header over the Pagefind index in /pagefind/
 * (written by pmkb_mkdocs/search_index.py).
 *
 * Material draws no search box without its own search plugin, so this script
 * mounts one in the header, where readers look for it, on every page (and again
 * after each of Material's instant page changes). Pagefind's runtime is loaded
 * only when a reader opens, focuses or points at the box: pages that are not
 * searched pay nothing. It then fetches only the index chunks and result
 * fragments a query needs.
 *
 * Opened by a click or Material's shortcuts (/, s, f); arrow keys move the focus
 * through the results and back to the box, Enter opens one, Escape closes; Back
 * from a result reopens the search as it was (see remember). For screen readers
 * (see build): a labelled search box, labelled filters, a status line that says
 * how many results there are, and a labelled list of links, each named by its id,
 * severity and title and described by its facts and excerpt. Results show the post-mortem's
 * id, title, date, severity and services, with an excerpt; filters narrow by
 * severity, service, team, factor and year. Text from the index is written with
 * textContent; an excerpt's highlights are rebuilt from its text, never
 * inserted as HTML. Contract used by tests and the benchmark: the opener has
 * data-pmkb-search-open, the input data-pmkb-search-input, each result
 * data-pmkb-search-result and a link to its page; the results list is aria-busy
 * until the results of what the box holds are all drawn (see busy).
 */
(function () {
  "use strict";
  if (window.pmkbSearch) return;

  // Each filter's name, its label and its first choice (no filter).
  var FILTERS = [
    ["severity", "Severity", "Any severity"],
    ["service", "Service", "Any service"],
    ["team", "Team", "Any team"],
    ["factor", "Factor", "Any factor"],
    ["year", "Year", "Any year"],
  ];
  var SHOWN = 10;
  var EXCERPT_WORDS = 24;
  // Keys typed closer together than this make one search: a fast typist's
  // intermediate queries would each fetch index chunks and results.
  var PAUSE_MS = 40;
  // Pagefind runs in the page (see load), so a search holds the page while it runs:
  // at 10,000 post-mortems a tenth to a quarter of a second for common words. While
  // the reader is typing, the next search waits until the keys have paused for as
  // long as the last search took (up to this), so that the box never stops taking keys.
  var MOST_PAUSE_MS = 1000;
  var pause = PAUSE_MS;
  var SHORTCUTS = { "/": true, s: true, f: true };
  // The site's root, from this script's own address (assets/pmkb/search.js).
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);

  var pagefind = null;   // the runtime's promise, once asked for
  var dialog = null;     // the overlay, once built
  var input, resultList, status, hint, selects = {};
  // What the panel says while nothing is searched (an empty box, or one letter), in
  // place of a blank panel: what can be searched, and that the filters work alone.
  var HINT = "Type an id (PM-2025-014, or just 2025-014), a service, a team or a few words " +
    "of what happened; \u201cwords in quotes\u201d find that exact phrase. " +
    "Or pick a filter alone to list its post-mortems.";
  var generation = 0;    // the latest search; older ones drop their results
  // One search at a time: one search per pause between keys queued up, and a reader
  // typing three words at ten keys a second waited more than a second after the last
  // key. Keys typed while a search runs only mark the query as changed; the latest
  // query runs when it ends (once the keys pause, see `pause`).
  var searching = false;
  var changed = false;
  var pending = 0;       // the timer of the next search, while one waits
  var lastInput = 0;     // when the query last changed
  // A search that takes longer than this says so in the status line: common words
  // over 10,000 post-mortems, or any search on a slow phone, take a third of a second
  // or more, and a reader in a hurry should see that the query was taken.
  var SLOW_MS = 150;
  var SEARCHING = "Searching\u2026";
  var slow = 0;
  var opener = null;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    for (var name in attributes) node.setAttribute(name, attributes[name]);
    if (text != null) node.textContent = text;
    return node;
  }

  var decoder = new DOMParser();

  // Pagefind runs in the page, not in its web worker: at 10,000 post-mortems a search
  // for words most pages hold returns some 9,500 results, and copying them out of the
  // worker added a fifth to the wait for the first one. `pause` keeps typing smooth
  // instead. Preloading nothing fetches nothing: it resolves once Pagefind holds its
  // WebAssembly and metadata, and builds the text segmenter that the first search
  // would otherwise build while the reader waits.
  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname, excerptLength: EXCERPT_WORDS, noWorker: true }).then(function () {
          module.init();
          return module.preload(" ");
        }).then(function () {
          return module;
        });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  // --- the box in the header ---------------------------------------------------------
  function mount() {
    if (document.querySelector("[data-pmkb-search-open]")) return;
    var header = document.querySelector(".md-header__inner");
    var button = element("button", {
      type: "button",
      class: "pmkb-search-open",
      "data-pmkb-search-open": "",
      "aria-label": "Search",
      "aria-haspopup": "dialog",
      title: "Search (/)",
    });
    button.innerHTML =
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.516 6.516 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>' +
      '<span class="pmkb-search-open__label">Search</span><kbd class="pmkb-search-open__key">/</kbd>';
    button.addEventListener("click", function () { open(button); });
    button.addEventListener("focus", load);
    button.addEventListener("pointerenter", load);
    if (header) {
      header.insertBefore(button, header.querySelector(".md-header__source"));
    } else {
      button.classList.add("pmkb-search-open--floating");
      document.body.appendChild(button);
    }
  }

  // --- the overlay -----------------------------------------------------------------------
  // What a screen reader is told is what a reader sees: the box is a labelled search
  // field, each filter is labelled by what it filters (its first choice, "Any
  // severity", is its value, not its name), the status line is a polite live region
  // that is always there (a live region added or shown with its text is not read), and
  // the results are a labelled list of links. The arrow keys move the focus itself
  // through them, so that the result reached is read as any focused link is; a letter
  // typed there goes on in the box.
  function build() {
    dialog = element("div", {
      class: "pmkb-search",
      role: "dialog",
      "aria-modal": "true",
      "aria-label": "Search the post-mortems",
      hidden: "",
    });
    var panel = element("div", { class: "pmkb-search__panel" });
    var bar = element("div", { class: "pmkb-search__bar" });
    input = element("input", {
      type: "search",
      class: "pmkb-search__input",
      "data-pmkb-search-input": "",
      placeholder: "Search: an id, a service, what happened",
      "aria-label": "Search",
      autocomplete: "off",
      spellcheck: "false",
      "aria-controls": "pmkb-search-results",
      "aria-describedby": "pmkb-search-hint",
    });
    var close = element("button", { type: "button", class: "pmkb-search__close", "aria-label": "Close search" }, "\u00d7");
    close.addEventListener("click", dismiss);
    bar.appendChild(input);
    bar.appendChild(close);
    var filters = element("div", { class: "pmkb-search__filters", role: "group", "aria-label": "Filters" });
    FILTERS.forEach(function (pair) {
      var select = element("select", { name: pair[0], "aria-label": pair[1] });
      select.appendChild(element("option", { value: "" }, pair[2]));
      select.addEventListener("change", run);
      selects[pair[0]] = select;
      filters.appendChild(select);
    });
    status = element("p", { class: "pmkb-search__status", role: "status", "aria-live": "polite" });
    hint = element("p", { class: "pmkb-search__hint", id: "pmkb-search-hint" }, HINT);
    resultList = element("ol", { class: "pmkb-search__results", id: "pmkb-search-results", "aria-label": "Results" });
    panel.appendChild(bar);
    panel.appendChild(filters);
    panel.appendChild(status);
    panel.appendChild(hint);
    panel.appendChild(resultList);
    dialog.appendChild(panel);
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dismiss();
      var link = event.target.closest && event.target.closest("a");
      if (link) {
        remember();
        hide();
      }
    });
    dialog.addEventListener("keydown", onKey);
    input.addEventListener("input", function (event) {
      // The index chunks of what is typed so far are fetched while the keys keep
      // coming; the search after the pause finds them loaded.
      var typed = searched(input.value);
      if (typed.length >= 2) {
        load().then(function (module) { return module.preload(typed); }).catch(function () {});
      }
      // Text that came in one piece (pasted, dropped, completed) is no key with others
      // to follow: it is searched at once. Text still being composed (an input method's
      // characters, several at a time) is typing, and waits like keys.
      var whole = !event.isComposing &&
        (/^insertFrom|^insertReplacement/.test(event.inputType || "") || (event.data || "").length > 1);
      lastInput = whole ? -Infinity : performance.now();
      schedule();
    });
    // The filters' values are fetched when first wanted, not with the first search.
    filters.addEventListener("focusin", fillFilters);
    filters.addEventListener("pointerover", fillFilters);
    document.body.appendChild(dialog);
  }

  function open(from) {
    dismissed = null;
    opener = from || document.querySelector("[data-pmkb-search-open]");
    if (!dialog) build();
    dialog.hidden = false;
    document.documentElement.classList.add("pmkb-search-shown");
    input.focus();
    input.select();
    load().catch(unavailable);
  }

  function hide() {
    if (!dialog || dialog.hidden) return;
    dialog.hidden = true;
    document.documentElement.classList.remove("pmkb-search-shown");
    if (opener && document.contains(opener)) opener.focus({ preventScroll: true });
  }

  // The reader is done with search (Escape, the close button, a click beside it): the
  // page's address forgets it, so that coming back to the page does not reopen it, and
  // so does the box, so that what the reader closed shows nowhere, now or later. A
  // search still being restored from the address (its filters' values still loading)
  // is given up.
  function dismiss() {
    hide();
    dismissed = searchInAddress();
    forget();
    restoring++;
    if (!dialog) return;
    input.value = "";
    FILTERS.forEach(function (pair) { selects[pair[0]].value = ""; });
    // The empty box's panel (the hint), once a search in progress has ended.
    run();
  }

  // --- the search in the page's address ------------------------------------------------
  // A reader who opens a result and goes Back finds the search as it was: opening a
  // result writes the query and the filters into the address of the page it leaves
  // (?q=...&q-year=..., where Material's own search keeps its query; the filters' names
  // are the list's own, which its filters use on the same page), and a page shown with
  // them reopens search and runs it. The same address shared reopens it too. The
  // address's other parameters are the page's, and kept.
  function param(filter) { return "q-" + filter; }
  var PARAMS = ["q"].concat(FILTERS.map(function (pair) { return param(pair[0]); }));

  function remember() {
    var url = new URL(location.href);
    if (input.value) url.searchParams.set("q", input.value);
    else url.searchParams.delete("q");
    FILTERS.forEach(function (pair) {
      var value = selects[pair[0]].value;
      if (value) url.searchParams.set(param(pair[0]), value);
      else url.searchParams.delete(param(pair[0]));
    });
    // The state is Material's (the scroll position it restores): kept as it is.
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  }

  // The page and search of the address the reader last closed search on. On Back under
  // instant navigation the theme shows the page, and sets its address again, some time
  // after the old page's overlay answered: closed in between, search must stay closed.
  var dismissed = null;
  function searchInAddress() {
    var params = new URL(location.href).searchParams;
    return location.pathname + "?" + PARAMS.map(function (name) {
      return name + "=" + (params.get(name) || "");
    }).join("&");
  }

  function addressHoldsSearch() {
    var params = new URL(location.href).searchParams;
    return PARAMS.some(function (name) { return params.get(name); });
  }

  function forget() {
    var url = new URL(location.href);
    PARAMS.forEach(function (name) { url.searchParams.delete(name); });
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  }

  // Search as the page's address says, when it says anything; whether it did.
  var restoring = 0;     // the latest restore; closing search gives it up
  function restore() {
    var params = new URL(location.href).searchParams;
    if (!addressHoldsSearch()) return false;
    if (dismissed === searchInAddress()) {
      dismissed = null;
      forget();
      return false;
    }
    open();
    input.value = params.get("q") || "";
    input.select();
    var wanted = FILTERS.filter(function (pair) { return params.get(param(pair[0])); });
    if (!wanted.length) {
      run();
      return true;
    }
    var mine = ++restoring;
    fillFilters().catch(function () {}).then(function () {
      if (mine !== restoring) return;
      wanted.forEach(function (pair) { selects[pair[0]].value = params.get(param(pair[0])); });
      run();
    });
    return true;
  }

  function unavailable() {
    resultList.removeAttribute("aria-busy");
    hint.hidden = true;
    status.textContent = "Search is not available: this copy of the site has no search index.";
  }

  // The filters' values come from a small file the build writes beside the list's
  // data (incidents/filters.json, sorted, years newest first), not from Pagefind's
  // filter index, which also holds every value's pages: at 10,000 post-mortems
  // that is ten times the bytes of a whole search.
  var filtersFilled = null;
  function fillFilters() {
    if (filtersFilled) return filtersFilled;
    filtersFilled = fetch(new URL("incidents/filters.json", root).href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (all) {
      FILTERS.forEach(function (pair) {
        var values = all[pair[0]] || [];
        var select = selects[pair[0]];
        values.forEach(function (value) {
          select.appendChild(element("option", { value: value }, value));
        });
        select.hidden = values.length === 0;
      });
    });
    filtersFilled.catch(function () { filtersFilled = null; });
    return filtersFilled;
  }

  function chosenFilters() {
    var chosen = {}, any = false;
    FILTERS.forEach(function (pair) {
      var value = selects[pair[0]].value;
      if (value) { chosen[pair[0]] = value; any = true; }
    });
    return any ? chosen : null;
  }

  // --- searching -------------------------------------------------------------------------
  // What is searched of the typed text. One letter matches the start of most words:
  // its index chunks would cost more than it finds, alone or as the last word being
  // typed ("incident c" fetched every chunk of words in c), so it waits for a second.
  // An id typed without its prefix ("2021-075") is searched as the id: Pagefind reads
  // it as one word ("2021075") that no page holds, and ranked every post-mortem of
  // the year above the one asked for.
  var BARE_ID = /^\d{4}-\d{3,}$/;
  function searched(typed) {
    var words = typed.trim().split(/\s+/);
    if (words.length > 1 && words[words.length - 1].length < 2) words.pop();
    return words.map(function (word) { return BARE_ID.test(word) ? "PM-" + word : word; }).join(" ");
  }

  // A pasted error message or log line rarely has all its words on one page, and
  // Pagefind finds only the pages that hold every word it knows: "x509: certificate has
  // expired" found nothing, though post-mortems tell of expired certificates. A query of
  // several words that finds nothing is then searched word by word (its first SOME_WORDS
  // different words, one search at a time, given up as soon as the box changes), and
  // the pages come ranked by their words' scores added up: more of the words, and
  // rarer ones, first; a word most pages hold is not counted (see commonWords). Each
  // word's index chunks were loaded by the whole query's search.
  // Each page's excerpt marks all the words it was found by (see marked), not only
  // those of the word whose search found it first.
  // A phrase in quotes asks for exactly that phrase: it is not taken apart.
  // At 10,000 post-mortems a word most pages hold takes a tenth to a quarter of a
  // second alone, and an engineer who pasted an error message goes on with it: edits a
  // word, adds a service, opens a result and comes Back to the search. Each word's
  // search (with its filters) is kept until the next query searched word by word, so
  // that the words it shares with the last one are not searched again. The same word
  // with the same filters finds the same pages with the same scores, and the pages are
  // added up in the query's word order whatever was kept: the same results, in the
  // same order.
  var SOME_WORDS = 12;
  var wordSearches = {};   // word and filters -> its search, of the last such query
  function someWords(module, query, options, wanted) {
    if (/^\s*".+"\s*$/.test(query)) return null;
    var words = [];
    query.toLowerCase().split(" ").forEach(function (word) {
      if (word.length >= 2 && words.length < SOME_WORDS && words.indexOf(word) < 0) words.push(word);
    });
    if (words.length < 2) return null;
    var kept = {};
    var filters = JSON.stringify(options.filters || {});
    var searches = [];
    function next(i) {
      if (i === words.length || !wanted()) return null;
      var key = words[i] + "\u0000" + filters;
      var found = kept[key] = wordSearches[key] || lookUp(module, words[i], options);
      return found.then(function (search) {
        searches.push(search ? search.results : []);
        return next(i + 1);
      });
    }
    return Promise.resolve(next(0)).then(function () {
      return searchedPages(module, options, filters);
    }).then(function (total) {
      // What this query searched replaces what the last one did, held no longer.
      wordSearches = kept;
      var common = commonWords(searches, total);
      var pages = {};
      searches.forEach(function (results, i) {
        if (common[i]) return;
        results.forEach(function (result) {
          var page = pages[result.id] || (pages[result.id] = { found: [], score: 0 });
          page.score += result.score;
          page.found.push(result);
        });
      });
      var ranked = Object.keys(pages).map(function (id) { return pages[id]; });
      ranked.sort(function (a, b) { return b.score - a.score; });
      var left = words.slice(0, searches.length).filter(function (word, i) { return common[i]; });
      return { results: ranked.map(marked), some: true, common: left };
    });
  }

  // A short common word of a pasted message ("on", "the", "at", "10") is on nearly
  // every page: a page holding it and none of the other words is no page holding
  // "some of them", and counting it put every post-mortem in the results, ranked by
  // how often it says "the". A word held by more than half of the pages searched
  // (those the filters let through) tells which to read no more than its absence
  // does, as in the classic weight of a word (BM25's idf falls to zero or below
  // past half): it neither finds a page nor adds to its score, and the status line
  // names it (see show). When every word is that common, they all count.
  function commonWords(searches, total) {
    var common = searches.map(function (results) { return total > 0 && results.length * 2 > total; });
    var some = searches.some(function (results, i) { return results.length && !common[i]; });
    return some ? common : searches.map(function () { return false; });
  }

  // How many pages a search with these filters looks at (a search with no words
  // lists them): known once per set of filters, as the index does not change.
  var pagesSearched = {};
  function searchedPages(module, options, filters) {
    if (!pagesSearched[filters]) {
      pagesSearched[filters] = module.search(null, options).then(function (search) {
        return search ? search.results.length : 0;
      });
      pagesSearched[filters].catch(function () { delete pagesSearched[filters]; });
    }
    return pagesSearched[filters];
  }

  // A page found word by word, as a result whose data's excerpt marks every word it
  // was found by. Pagefind's excerpt marks the words of one search; its result lists
  // where in the page's text (its content split at white space) each word it found
  // is, so the excerpt is cut from the text the page's data already holds: the
  // EXCERPT_WORDS words around most of them, no fetch more. Text whose words are not
  // split at white space (Chinese, say: its word count says so) keeps Pagefind's.
  function marked(page) {
    return {
      id: page.found[0].id,
      score: page.score,
      data: function () {
        return page.found[0].data().then(function (data) {
          var text = data.content.split(/[^\S\uFEFF]+/);
          if (text.length !== data.word_count) return data;
          var locations = [], at = {};
          page.found.forEach(function (result) { locations = locations.concat(result.words); });
          locations.forEach(function (location) { at[location] = true; });
          var start = densest(locations, text.length);
          var words = text.slice(start, start + EXCERPT_WORDS).map(function (word, i) {
            return { text: word, mark: !!at[start + i] };
          });
          return Object.assign({}, data, { excerptWords: words });
        });
      },
    };
  }

  // Where the EXCERPT_WORDS words holding most of the marked words start; among
  // equals, the first, moved back to put its marked words in the middle.
  function densest(locations, length) {
    var sorted = locations.slice().sort(function (a, b) { return a - b; }).filter(function (location, i, all) {
      return i === 0 || location !== all[i - 1];
    });
    var best = 0, most = 0, from = 0;
    sorted.forEach(function (location, i) {
      while (location - sorted[from] >= EXCERPT_WORDS) from++;
      if (i - from + 1 > most) { most = i - from + 1; best = from; }
    });
    if (!sorted.length) return 0;
    var first = sorted[best], last = sorted[best + most - 1];
    var start = first - Math.floor((EXCERPT_WORDS - (last - first + 1)) / 2);
    return Math.max(0, Math.min(start, length - EXCERPT_WORDS));
  }

  // An id is a name, not a word to guess at: one that no page holds (mistyped, or a
  // post-mortem this site does not publish) found every post-mortem, ranked by
  // Pagefind's nearest guesses at it. An id in the query is first looked up as exactly
  // that word, and a query with an id that no page holds finds nothing.
  var ID = /^pm-\d{4}-\d{3,}$/i;
  function lookUp(module, word, options) {
    return ID.test(word) ? module.search('"' + word + '"', options) : searchWords(module, word, options);
  }

  // A path or an identifier is a word joined by punctuation: Pagefind indexes
  // "/etc/checkout/worker.yaml" (or "stream_base_commons") whole and as its parts
  // ("etc", "checkout", "worker", "yaml"), each part at the place of the whole word,
  // but reads a query's word whole, punctuation dropped: "checkout/worker.yaml" is
  // "checkoutworkeryaml", the start of no word any page holds, and Pagefind then
  // looks up the longest word it starts with ("checkout") alone. A query is first
  // searched as Pagefind reads it, which finds a service's name ("billing-gateway") or the
  // start of a path at no more cost than any word. When no word of the best page
  // found holds one of its joined words as Pagefind reads them (see holds: Pagefind fell
  // back to a shorter word, or found none), those are searched as their parts
  // (those of two characters or more, as Pagefind indexes them), which finds every
  // page holding them all, and the pages where one word holds them all come first
  // (see wholes). A phrase in quotes and an id are looked up as they are.
  var JOINED = /[!-\/:-@[-`{-~\u00ad]+/;  // ASCII punctuation (with "_"), soft hyphen
  function partsOf(word) {
    if (ID.test(word)) return null;
    var parts = word.split(JOINED).filter(function (part) { return part.length >= 2; });
    return parts.length >= 2 ? parts : null;
  }

  // What Pagefind is asked for `query` with its joined words taken apart.
  function withParts(query) {
    return query.split(" ").map(function (word) {
      var parts = partsOf(word);
      return parts ? parts.join(" ") : word;
    }).join(" ");
  }

  // A word as Pagefind indexes it whole: in lower case, its punctuation dropped but "_".
  function asIndexed(word) {
    return word.toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, "");
  }

  // Whether a page's `word` (as Pagefind indexes it) is one Pagefind's search for
  // `joinedWord` found by that word, not by a shorter one it fell back to. Pagefind
  // reads the joined word whole and looks up its stem, the pages' words starting
  // with it: "identity-services" finds every page saying "identity-service", which
  // does not start with "identityservices". A stem only ever drops or changes the
  // end of the word, so the word found holds all the joined word's parts but the
  // last one as typed, and the start of the last one; a word Pagefind fell back to
  // ("rate" for "rate-limiting") stops before that. Taken for a fallback, a joined word
  // in another form than its pages' was searched again by its parts: four searches
  // and a second fetch where one does, for the same pages first.
  function holds(word, joinedWord) {
    var typed = asIndexed(joinedWord);
    var pieces = joinedWord.split(JOINED).filter(Boolean);
    var last = asIndexed(pieces[pieces.length - 1] || "");
    var same = 0;
    while (same < word.length && same < typed.length && word[same] === typed[same]) same++;
    return same === typed.length || same > typed.length - last.length;
  }

  // A result whose data is fetched once, however often it is asked for.
  function once(result) {
    var data = null;
    return Object.assign({}, result, {
      data: function () { return data || (data = result.data()); },
    });
  }

  // Pagefind's search of `query`, by the parts of its joined words when the best
  // page it finds as typed does not hold them (see partsOf).
  function searchWords(module, query, options) {
    var quoted = /^\s*".+"\s*$/.test(query);
    var joined = quoted ? [] : query.split(" ").filter(partsOf);
    var search = module.search(query.length < 2 ? null : query, options);
    if (!joined.length) return search;
    return search.then(function (search) {
      if (!search || !search.results.length) return byParts(module, query, joined, options);
      var results = search.results.map(once);
      return results[0].data().then(function (page) {
        var words = (page.content || "").split(/\s+/).map(asIndexed);
        var held = joined.every(function (joinedWord) {
          return words.some(function (word) { return holds(word, joinedWord); });
        });
        return held ? Object.assign({}, search, { results: results }) : byParts(module, query, joined, options);
      }, function () {
        return Object.assign({}, search, { results: results });
      });
    });
  }

  // The search of `query` with its `joined` words taken apart: the pages that hold
  // each in one of their own words (its parts at one place) first, most such words
  // first, then in Pagefind's order.
  function byParts(module, query, joined, options) {
    var all = [module.search(withParts(query), options)].concat(joined.map(function (word) {
      return wholes(module, partsOf(word), options);
    }));
    return Promise.all(all).then(function (all) {
      var search = all[0], held = all.slice(1);
      if (!search || !search.results.length) return search;
      var ranked = search.results.map(function (result, i) {
        var whole = held.filter(function (pages) { return pages[result.id]; }).length;
        return { result: result, whole: whole, i: i };
      });
      ranked.sort(function (a, b) { return b.whole - a.whole || a.i - b.i; });
      return Object.assign({}, search, { results: ranked.map(function (r) { return r.result; }) });
    });
  }

  // The pages (by id) where one word holds all of `parts`: each part's search says
  // where on each page it is, and the parts of one word share its place.
  function wholes(module, parts, options) {
    return Promise.all(parts.map(function (part) { return module.search(part, options); })).then(function (searches) {
      var places = null;
      searches.forEach(function (search) {
        var here = {};
        (search ? search.results : []).forEach(function (result) {
          if (places && !places[result.id]) return;
          var at = {};
          result.words.forEach(function (word) {
            if (!places || places[result.id][word]) at[word] = true;
          });
          if (Object.keys(at).length) here[result.id] = at;
        });
        places = here;
      });
      return places || {};
    });
  }

  // The results list is busy (aria-busy) from the moment the query or a filter
  // changes until the results of what the box and the filters then hold are all
  // drawn, or it is known that there are none: a screen reader waits for the list
  // instead of reading results that are about to be replaced, and so can a test.
  function busy() {
    resultList.setAttribute("aria-busy", "true");
  }

  // Search `mine` has drawn all it will: the list is settled, unless a newer search
  // runs or waits.
  function settle(mine) {
    if (mine === generation && !searching && !pending) resultList.removeAttribute("aria-busy");
  }

  // The next search, once the keys have paused for `pause`.
  function schedule() {
    busy();
    clearTimeout(pending);
    pending = setTimeout(function () {
      pending = 0;
      run();
    }, Math.max(0, lastInput + pause - performance.now()));
  }

  function run() {
    busy();
    if (searching) {
      changed = true;
      return;
    }
    var query = searched(input.value);
    var filters = chosenFilters();
    var mine = ++generation;
    if (query.length < 2 && !filters) {
      resultList.textContent = "";
      status.textContent = "";
      hint.hidden = false;
      settle(mine);
      return;
    }
    searching = true;
    clearTimeout(slow);
    slow = setTimeout(function () { status.textContent = SEARCHING; }, SLOW_MS);
    var started = 0;
    var drawn = null;     // the results' drawing, once they are shown
    var options = filters ? { filters: filters } : {};
    var wanted = function () {
      return mine === generation && !changed && searched(input.value) === query;
    };
    load().then(function (module) {
      started = performance.now();
      var ids = query.split(" ").filter(function (word) { return ID.test(word); });
      return Promise.all(ids.map(function (id) { return lookUp(module, id, options); })).then(function (found) {
        var known = found.every(function (search) { return search && search.results.length; });
        return known ? searchWords(module, query, options) : { results: [] };
      }).then(function (search) {
        if (!search || search.results.length || !wanted()) return search;
        return someWords(module, query, options, wanted) || search;
      });
    }).then(function (search) {
      pause = Math.min(MOST_PAUSE_MS, Math.max(PAUSE_MS, performance.now() - started));
      // Results of text the box no longer holds are not drawn: their first could be a
      // post-mortem the reader's query does not find. The box's new text is searched
      // once the keys pause (its input event scheduled it).
      if (mine !== generation || !search || changed || searched(input.value) !== query) return;
      // The list says what it shows results for: a reader's assistive tools, and a test
      // timing the search of the final text, tell these results from the last ones still
      // being drawn when the last key came.
      resultList.setAttribute("data-pmkb-results-for", input.value);
      drawn = show(search.results.slice(0, SHOWN), search.results.length, mine, search.some, search.common);
      // The reader has results: the filters' values may come now.
      setTimeout(fillFilters, 500);
    }).catch(function () {
      if (mine === generation) unavailable();
    }).then(function () {
      searching = false;
      // Cleared whatever runs next: a query cut to one letter meanwhile runs no search,
      // and this one's notice must not come after it.
      clearTimeout(slow);
      if (changed) {
        changed = false;
        schedule();
        return;
      }
      if (status.textContent === SEARCHING) {
        // A search that ended without results to show (none came back) says nothing more.
        status.textContent = "";
      }
      return Promise.resolve(drawn).then(function () { settle(mine); });
    });
  }

  // Each result is drawn as soon as its own data arrives, in rank order. The first
  // result's data is asked for alone: the reader waits for it, and the other nine
  // fetches, unpacked in the page as they arrive, would hold it back. Settles once
  // every result is drawn (or its data failed).
  function show(results, total, mine, some, common) {
    resultList.textContent = "";
    hint.hidden = true;
    var best = total > results.length ? ", the best " + results.length + " shown" : "";
    status.textContent = total === 0 ? "No post-mortem matches." :
      some ? "No post-mortem has all these words; " +
        (total === 1 ? "1 has some of them" : total + " have some of them") + best + leftOut(common) :
      total === 1 ? "1 result" : total + " results" + best;
    var slots = results.map(function () {
      var slot = element("li", { class: "pmkb-search__slot" });
      resultList.appendChild(slot);
      return slot;
    });
    function draw(i) {
      return results[i].data().then(function (page) {
        if (mine === generation) slots[i].replaceWith(result(page, i));
      }).catch(function () {});
    }
    if (!results.length) return null;
    return draw(0).then(function () {
      var rest = [];
      for (var i = 1; i < results.length; i++) rest.push(draw(i));
      return Promise.all(rest);
    });
  }

  // The words a search for some of the words did not count (see commonWords), named
  // in the status line: what was searched is what it says.
  function leftOut(words) {
    if (!words || !words.length) return "";
    var quoted = words.map(function (word) { return "\u201c" + word + "\u201d"; });
    return " (not counting " + quoted.join(", ") + ": more than half of the post-mortems searched have " +
      (words.length === 1 ? "it" : "them") + ")";
  }

  function result(page, i) {
    var meta = page.meta || {};
    var item = element("li", { class: "pmkb-search__result", "data-pmkb-search-result": "" });
    // Named by its id, severity and title, as a list of links is read; the rest (date,
    // services, excerpt) is its description, read after it.
    var key = "pmkb-search-result-" + i;
    var link = element("a", { href: page.url, "aria-labelledby": key + "-head", "aria-describedby": key + "-more" });
    var head = element("span", { class: "pmkb-search__head", id: key + "-head" });
    // Pagefind keeps metadata as text (entities decoded): written as text.
    if (meta.id) head.appendChild(element("span", { class: "pmkb-search__id" }, meta.id));
    if (meta.severity) {
      var severity = meta.severity;
      head.appendChild(element("span", { class: "pmkb-sev pmkb-sev--" + severity.toLowerCase() }, severity));
    }
    head.appendChild(element("span", { class: "pmkb-search__title" }, meta.title || page.url));
    link.appendChild(head);
    var more = element("span", { id: key + "-more" });
    var facts = [meta.date, meta.services].filter(Boolean);
    if (facts.length) more.appendChild(element("span", { class: "pmkb-search__facts" }, facts.join(" \u00b7 ")));
    more.appendChild(page.excerptWords ? excerptOf(page.excerptWords) : excerpt(page.excerpt));
    link.appendChild(more);
    item.appendChild(link);
    return item;
  }

  // The excerpt is HTML (the page's text escaped, with <mark> highlights): parsed
  // inertly and rebuilt from its text, so that nothing in it can become markup.
  function excerpt(html) {
    var out = element("span", { class: "pmkb-search__excerpt" });
    var body = decoder.parseFromString("<!doctype html><body>" + (html || ""), "text/html").body;
    body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") out.appendChild(element("mark", {}, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  // An excerpt of words, some marked (see marked), written as text.
  function excerptOf(words) {
    var out = element("span", { class: "pmkb-search__excerpt" });
    words.forEach(function (word, i) {
      if (i) out.appendChild(document.createTextNode(" "));
      out.appendChild(word.mark ? element("mark", {}, word.text) : document.createTextNode(word.text));
    });
    return out;
  }

  // --- keys ------------------------------------------------------------------------------
  function onKey(event) {
    var links = Array.prototype.slice.call(resultList.querySelectorAll("[data-pmkb-search-result] a"));
    var at = links.indexOf(event.target);  // -1: not on a result
    if (event.key === "Escape") {
      event.preventDefault();
      dismiss();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      // The box and the results make one ring; elsewhere (on a filter, whose value
      // the arrow keys choose, as on any list) the keys do what they always do.
      if (!links.length || (at < 0 && event.target !== input)) return;
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next === -2) next = links.length - 1;
      (next >= 0 && next < links.length ? links[next] : input).focus();
    } else if (event.key === "Tab") {
      // The overlay is modal: Tab goes round within it, never to the page it covers.
      var stops = Array.prototype.filter.call(
        dialog.querySelectorAll("input, button, select, a[href]"),
        function (node) { return node.getClientRects().length > 0; }
      );
      var first = stops[0], last = stops[stops.length - 1];
      if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    } else if (event.key === "Enter" && event.target === input) {
      if (!links.length) return;
      event.preventDefault();
      links[0].click();
    } else if (at >= 0 && !event.ctrlKey && !event.metaKey && !event.altKey &&
        (event.key.length === 1 || event.key === "Backspace")) {
      // Typing on a result goes on in the box: the key lands there.
      input.focus();
    }
  }

  function editable(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    // The overlay is modal: Escape closes it wherever the focus was left (the theme
    // may move it while it shows a page again). Closed, with a search in the address,
    // the page is one that Back (or a shared link) returns to and that search is about
    // to reopen on: under instant navigation the address is the new page's from the
    // moment of Back, while the theme still fetches and shows that page and its
    // scripts. Escape then forgets that search before it reopens.
    var shown = dialog && !dialog.hidden;
    if (event.key === "Escape" && (shown ? !dialog.contains(event.target) : addressHoldsSearch())) {
      event.preventDefault();
      dismiss();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || editable(event.target)) return;
    if (SHORTCUTS[event.key] && (!dialog || dialog.hidden)) {
      event.preventDefault();
      open();
    }
  });

  // Material swaps the page's content on instant navigation: mount again if the
  // header was replaced, and close the overlay the reader left, unless the page's
  // address holds a search (the reader came Back to the page a result was opened from).
  function onPage() {
    mount();
    if (!restore()) hide();
  }
  // A page the browser kept whole and shows again on Back runs no script: the same.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) onPage();
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
  window.pmkbSearch = { open: open, close: hide };
})();
