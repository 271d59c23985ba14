"""How long a reader waits for a first search result, and how many bytes that costs, cold.

Each measurement opens the home page in a new browser context with the cache
disabled, opens search the way a reader does, enters the whole query at once
(as a paste, then a key release, which is what Material's search listens
for) and waits for the first visible result. In the page's own clock:

* **from typing**: from the query's first input event to the first result;
* **from opening**: from the start of the home page's navigation to it;
* **bytes**: everything the browser fetched for the visit (page, scripts,
  styles, index, a worker's fetches), counted by the server as it sends it,
  once the network has been quiet for half a second after the first result.

Typed key by key instead (``key_interval_ms``, a reader's pace), "from typing"
is from the last key to the first result drawn after it: what a reader waits
for once done typing, whatever the searches of the text so far cost.

Two kinds of search box. Ours, by its contract: the header control that opens
search has ``data-pmkb-search-open``, the input ``data-pmkb-search-input``,
each result is an element with ``data-pmkb-search-result`` holding an
``a[href]``. Material's: ``/`` opens it, the input is ``.md-search__input``,
results are ``.md-search-result__item``. A site whose home page has none of
our attributes is measured with Material's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from local_site import Traffic
from playwright.sync_api import Browser, Page

OURS_OPEN = "[data-pmkb-search-open]"
OURS_INPUT = "[data-pmkb-search-input]"
OURS_RESULT = "[data-pmkb-search-result]"
MATERIAL_INPUT = "input.md-search__input"
MATERIAL_RESULT = ".md-search-result__item"
VIEWPORT = {"width": 1280, "height": 800}

#: Defines, in the page, the link of a result when the result is visible, else null.
_SHOWN_LINK = """
  const shownLink = el => {
    const rect = el.getBoundingClientRect();
    const link = el.matches('a[href]') ? el : el.querySelector('a[href]');
    const shown = rect.width > 0 && rect.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    return link && shown ? link : null;
  };"""

#: Arms the page: marks the query's first input event, and resolves with the
#: first visible result (that holds a link) after it, read on every DOM change.
ARM = (
    """([selector, timeoutMs]) => {
  const state = {typed: null};
  const mark = () => { if (state.typed === null) state.typed = performance.now(); };
  document.addEventListener('input', mark, true);
  document.addEventListener('keydown', mark, true);"""
    + _SHOWN_LINK
    + """
  state.result = new Promise((resolve, reject) => {
    let timer = null;
    const check = () => {
      if (state.typed === null) return false;
      for (const el of document.querySelectorAll(selector)) {
        const link = shownLink(el);
        if (link) {
          resolve({at: performance.now(), typed: state.typed, href: link.href});
          return true;
        }
      }
      return false;
    };
    const observer = new MutationObserver(() => {
      if (check()) { observer.disconnect(); clearTimeout(timer); }
    });
    observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no visible ${selector} within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  window.__pmkbBenchSearch = state;
}"""
)

#: Arms the page for a query typed key by key: marks each input event, and resolves
#: with the first visible result (that holds a link) added to the page after the last
#: one, once the box holds the whole query.
ARM_KEYED = (
    """([selector, inputSelector, text, timeoutMs]) => {
  const state = {typed: null, key: null};
  const input = document.querySelector(inputSelector);
  // From the key's own time, not when the page got round to it: a page busy with a
  // search takes a key late, and that wait is part of the reader's.
  document.addEventListener('keydown', event => { state.key = event.timeStamp; }, true);
  document.addEventListener('input', () => { state.typed = state.key ?? performance.now(); }, true);"""
    + _SHOWN_LINK
    + """
  const drawn = node => node.nodeType === 1
    ? (node.matches(selector) ? [node] : [...node.querySelectorAll(selector)]) : [];
  // A list that says which text its results are for (ours) counts only the results of
  // the text typed in full: those of a shorter text may still be drawn after the last key.
  const forText = el => {
    const list = el.closest('[data-pmkb-results-for]');
    return !list || list.getAttribute('data-pmkb-results-for') === text;
  };
  state.result = new Promise((resolve, reject) => {
    let timer = null;
    const observer = new MutationObserver(records => {
      if (state.typed === null || input.value !== text) return;
      for (const record of records) {
        for (const el of [...record.addedNodes].flatMap(drawn)) {
          const link = el.isConnected && forText(el) ? shownLink(el) : null;
          if (link) {
            observer.disconnect();
            clearTimeout(timer);
            resolve({at: performance.now(), typed: state.typed, href: link.href});
            return;
          }
        }
      }
    });
    observer.observe(document, {subtree: true, childList: true});
    timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no visible ${selector} drawn within ${timeoutMs} ms of typing`));
    }, timeoutMs);
  });
  window.__pmkbBenchSearch = state;
}"""
)


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    #: the URL path (below the site's root) the first result must have, when one is right
    expected: str | None = None


@dataclass(frozen=True)
class SearchTiming:
    kind: str
    query: str
    #: "ours" (the data-pmkb-search contract) or "material"
    search_box: str
    #: from the query's first input event, or when typed key by key from its last key
    from_typing_ms: float
    from_opening_ms: float
    bytes_fetched: int
    requests: int
    first_result: str
    #: whether the first result is the expected page (None when no page is expected)
    first_is_expected: bool | None
    #: every path fetched -> bytes sent for it, largest first
    fetched: dict[str, int]
    #: the pause between keys when typed key by key; None when entered at once
    key_interval_ms: float | None = None


def _open_search(page: Page) -> tuple[str, str]:
    """Open the search box as a reader does; (its kind, the selector of its results)."""
    if page.locator(f"{OURS_OPEN}, {OURS_INPUT}").count():
        opener = page.locator(OURS_OPEN)
        if opener.count():
            opener.first.click()
        page.locator(OURS_INPUT).first.wait_for(state="visible")
        page.locator(OURS_INPUT).first.focus()
        return "ours", OURS_RESULT
    page.keyboard.press("/")
    page.locator(MATERIAL_INPUT).wait_for(state="visible")
    return "material", MATERIAL_RESULT


def _input(page: Page, search_box: str) -> str:
    return OURS_INPUT if search_box == "ours" else MATERIAL_INPUT


def _wait_for_quiet_network(traffic: Traffic, quiet_s: float = 0.5, limit_s: float = 60) -> None:
    deadline = time.monotonic() + limit_s
    last, since = traffic.bytes_sent, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if traffic.bytes_sent != last:
            last, since = traffic.bytes_sent, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return


def time_search(
    browser: Browser,
    base: str,
    traffic: Traffic,
    query: Query,
    timeout_s: float = 300,
    key_interval_ms: float | None = None,
) -> SearchTiming:
    """One cold search on the site served at ``base`` (whose server counts ``traffic``),
    the query entered at once or, with ``key_interval_ms``, typed key by key."""
    traffic.reset()
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(base, wait_until="load")
        search_box, result_selector = _open_search(page)
        box = page.locator(_input(page, search_box)).first
        if key_interval_ms is None:
            page.evaluate(ARM, [result_selector, timeout_s * 1000])
            box.fill(query.text)
            box.press("End")
        else:
            page.evaluate(
                ARM_KEYED,
                [result_selector, _input(page, search_box), query.text, timeout_s * 1000],
            )
            box.press_sequentially(query.text, delay=key_interval_ms)
        found = page.evaluate("window.__pmkbBenchSearch.result")
        _wait_for_quiet_network(traffic)
    finally:
        context.close()
    path = urlsplit(found["href"]).path
    root = urlsplit(base).path
    first = path[len(root) :] if path.startswith(root) else path
    with traffic.lock:
        sent, requests, paths = traffic.bytes_sent, traffic.requests, dict(traffic.paths)
    return SearchTiming(
        kind=query.kind,
        query=query.text,
        search_box=search_box,
        from_typing_ms=round(found["at"] - found["typed"], 1),
        from_opening_ms=round(found["at"], 1),
        bytes_fetched=sent,
        requests=requests,
        first_result=first,
        first_is_expected=None if query.expected is None else first == query.expected,
        fetched=dict(sorted(paths.items(), key=lambda item: -item[1])),
        key_interval_ms=key_interval_ms,
    )
