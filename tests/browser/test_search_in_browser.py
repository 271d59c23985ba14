"""Search in a real browser, as a reader in a hurry uses it: the box in the header.

The ``site_page`` fixture fails a test on any console error and on any request
that leaves the site. The site is built for the address it is served from, so
that Material's instant navigation takes over links (see the dashboard tests).
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, expect

from tests.browser.conftest import (
    Traffic,
    _QuietHandler,
    mark_for_instant_navigation,
    still_same_page,
    watched_page,
)
from tests.site.sitebuild import BuiltSite, build_site, report, standard_corpus, write_project

OPEN = "[data-pmkb-search-open]"
INPUT = "[data-pmkb-search-input]"
RESULT = "[data-pmkb-search-result]"
RESULTS = ".pmkb-search__results"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1440, "height": 900}
LAPTOP: ViewportSize = {"width": 1280, "height": 800}


def search_corpus() -> dict[str, str]:
    """The standard corpus and two post-mortems that an engineer finds by a path or an
    identifier pasted from a log: one holds ``/etc/payouts/worker.yaml`` and
    ``stream_base_commons``, the other each of their parts, apart."""
    return {
        **standard_corpus(),
        "2025/2025-05-25-payout-config.md": report(
            "PM-2025-006",
            "Payout worker read a stale configuration",
            "2025-05-25T09:00:00Z",
            services=["payout-worker"],
            contributing_factors=["runbook-gap"],
            body=(
                "## Summary\n\nThe payout worker read /etc/payouts/worker.yaml from the old "
                "image, and stream_base_commons raised on every batch.\n"
            ),
        ),
        "2025/2025-05-26-settings-parsing.md": report(
            "PM-2025-007",
            "Worker settings in yaml parsed twice for payouts",
            "2025-05-26T09:00:00Z",
            contributing_factors=["runbook-gap"],
            body=(
                "## Summary\n\nA worker for payouts parsed its yaml settings twice. The "
                "stream reader and the base image shared commons code; worker and yaml "
                "names clashed on the payouts path.\n"
            ),
        ),
    }


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuiltSite, str]]:
    handler = functools.partial(_QuietHandler, directory=None)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    folder = tmp_path_factory.mktemp("browser-search")
    site = build_site(
        write_project(folder, search_corpus(), config={"site_url": origin}), strict=True
    )
    server.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(site.site_dir))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield site, origin
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(params=[LAPTOP, PHONE], ids=["1280px", "390px"])
def sized_page(
    request: pytest.FixtureRequest, chromium_browser: Browser, traffic: Traffic
) -> Iterator[Page]:
    """``site_page`` at a laptop's width and at a phone's."""
    yield from watched_page(chromium_browser, traffic, request.param)


def search_requests(traffic: Traffic) -> list[str]:
    return [url for url in traffic.requests if "/pagefind/" in url]


def settled(page: Page) -> None:
    """Wait until the results of what the box and the filters hold are all drawn.

    Keys typed apart may search the text so far, and its results (the same count,
    the same pages) can be on screen when the whole query's search redraws them:
    what is read before the list stops being busy may be half drawn.
    """
    expect(page.locator(RESULTS)).not_to_have_attribute("aria-busy", "true")


def search(page: Page, query: str) -> None:
    """Open search from the header and type ``query``, as a reader does; wait for its results."""
    if not page.locator(INPUT).is_visible():
        page.locator(OPEN).click()
    box = page.locator(INPUT)
    expect(box).to_be_focused()
    box.fill("")
    box.type(query)
    settled(page)


def first_result(page: Page) -> str:
    return page.locator(RESULT).first.inner_text()


QUERIES = [
    # an id, as typed and in lower case
    ("PM-2025-002", "PM-2025-002"),
    ("pm-2024-010", "PM-2024-010"),
    # an id without its prefix, which Pagefind reads as a word no page holds
    ("2025-004", "PM-2025-004"),
    ("2024-010", "PM-2024-010"),
    # a service
    ("ledger-worker", "PM-2025-004"),
    ("search-api", "PM-2025-002"),
    # three words of what happened, one of them in another form ("stampedes")
    ("cache stampedes slowly", "PM-2025-002"),
    ("failover twenty minutes", "PM-2024-010"),
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440px", "390px"])
def test_an_id_a_service_and_three_words_find_the_right_first_result(
    chromium_browser: Browser, traffic: Traffic, viewport: ViewportSize
) -> None:
    context = chromium_browser.new_context(viewport=viewport)
    page = context.new_page()
    page.on("request", lambda request: traffic.requests.append(request.url))
    page.on("pageerror", lambda error: traffic.console_errors.append(str(error)))
    page.on(
        "console",
        lambda m: traffic.console_errors.append(m.text) if m.type == "error" else None,
    )
    page.goto(traffic.origin)
    page.wait_for_load_state("networkidle")
    # Pages that are not searched load nothing of search.
    assert search_requests(traffic) == []
    opener = page.locator(OPEN)
    expect(opener).to_be_visible()
    # In the header, where readers look for search.
    assert page.locator(f".md-header {OPEN}").count() == 1
    for query, pm_id in QUERIES:
        search(page, query)
        expect(page.locator(RESULT).first).to_contain_text(pm_id)
    result = page.locator(RESULT).first
    # Id, title, date, severity and services, with an excerpt.
    expect(result).to_contain_text("Orders database failover took twenty minutes")
    expect(result).to_contain_text("2024-11-02")
    expect(result).to_contain_text("SEV1")
    expect(result).to_contain_text("orders-db")
    expect(result.locator("mark").first).to_be_visible()
    assert result.locator("a").get_attribute("href") == "/incidents/pm-2024-010/"
    panel = page.locator(".pmkb-search__panel").bounding_box()
    assert panel is not None
    if viewport == PHONE:
        # The whole screen, like Material's own search on a phone.
        assert panel["width"] == PHONE["width"] and panel["height"] == PHONE["height"]
    else:
        assert panel["width"] < DESKTOP["width"] and panel["height"] < DESKTOP["height"]
    context.close()
    assert traffic.outside == [] and traffic.console_errors == []


def wrap_pagefind(page: Page, module: str) -> None:
    """Serve ``module`` in place of Pagefind's; it imports the real one with a query string."""
    page.route(
        "**/pagefind/pagefind.js",
        lambda route: route.fulfill(content_type="text/javascript", body=module),
    )


#: Served in place of Pagefind's module: the real one (asked for with a query string,
#: which the route lets through) with each search logged, and made as slow as a
#: search for common words over 10,000 post-mortems, so that a reader's keys come
#: while one runs.
SLOW_COUNTED_MODULE = """
import * as pagefind from "./pagefind.js?counted";
export const options = pagefind.options, init = pagefind.init, preload = pagefind.preload;
const log = (window.pmkbTestSearches = {terms: [], running: 0, most: 0});
export async function search(term, options) {
  log.terms.push(term);
  log.most = Math.max(log.most, ++log.running);
  try {
    await new Promise(resolve => setTimeout(resolve, 400));
    return await pagefind.search(term, options);
  } finally {
    log.running--;
  }
}
"""


def test_keys_typed_while_a_search_runs_wait_for_it_and_the_last_query_shows(
    site_page: Page,
) -> None:
    page = site_page
    wrap_pagefind(page, SLOW_COUNTED_MODULE)
    page.locator(OPEN).click()
    box = page.locator(INPUT)
    expect(box).to_be_focused()
    # Ten keys a second: each pause between keys is longer than search waits for.
    page.evaluate(
        """() => {
          const status = document.querySelector('.pmkb-search__status');
          window.pmkbTestStatus = [];
          new MutationObserver(() => window.pmkbTestStatus.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    query = "failover twenty minutes"
    box.press_sequentially(query, delay=100)
    # The text so far may have found the same first result: the whole query's are awaited.
    settled(page)
    expect(page.locator(RESULT).first).to_contain_text("PM-2024-010")
    # A search this slow said it was under way, then gave way to its results.
    assert "Searching\u2026" in page.evaluate("window.pmkbTestStatus")
    log = page.evaluate("window.pmkbTestSearches")
    # Never two searches at once, and none while the keys kept coming once a search had
    # been seen to take 0.4 s: the first two letters, then the whole query once the keys
    # paused (searching each pause would have held the page for most of the typing).
    assert log["most"] == 1
    assert len(log["terms"]) <= 3
    assert log["terms"][-1] == query
    # A word's first letter alone is not searched: it would fetch the index of every
    # word that starts with it.
    assert not [term for term in log["terms"] if len(term.split()[-1]) < 2]
    expect(page.locator(".pmkb-search__status")).to_have_text("1 result")
    # Nor is a last word of one letter: the space and the letter search the words
    # before it again (once or twice, as the keys fall), and their results stay.
    searched_before = len(log["terms"])
    box.press_sequentially(" q", delay=100)
    page.wait_for_function(
        "count => window.pmkbTestSearches.terms.length > count"
        " && window.pmkbTestSearches.running === 0",
        arg=searched_before,
    )
    assert set(page.evaluate("window.pmkbTestSearches.terms")[searched_before:]) == {query}
    expect(page.locator(RESULT).first).to_contain_text("PM-2024-010")


#: Served in place of Pagefind's module: the real one, except that each search is
#: logged and takes 0.4 s of the page's clock to find nothing, so that a test on
#: Playwright's clock decides when it ends.
TIMED_EMPTY_MODULE = """
import * as pagefind from "./pagefind.js?timed";
export const options = pagefind.options, init = pagefind.init, preload = pagefind.preload;
const log = (window.pmkbTestSearches = {terms: []});
export async function search(term) {
  log.terms.push(term);
  await new Promise(resolve => setTimeout(resolve, 400));
  return {results: []};
}
"""


def test_pasted_text_is_searched_at_once_and_typed_keys_after_a_pause(
    site_page: Page,
) -> None:
    page = site_page
    wrap_pagefind(page, TIMED_EMPTY_MODULE)
    search(page, "failover")  # Pagefind loaded, and a search seen to take 0.4 s
    expect(page.locator(".pmkb-search__status")).to_have_text("No post-mortem matches.")
    page.clock.install()
    terms = "window.pmkbTestSearches.terms"
    # A query pasted in one piece has no keys to wait for. (One word: a query of several
    # that finds nothing is searched again word by word, each taking 0.4 s here.)
    page.locator(INPUT).fill("minutes")
    page.clock.run_for(1)
    assert page.evaluate(terms)[-1] == "minutes"
    page.clock.run_for(1000)  # that search ends
    # A key typed waits for the next one: after a search that took 0.4 s, longer than the
    # usual pause of 40 ms, and at most a second.
    searched = len(page.evaluate(terms))
    page.locator(INPUT).press("s")
    page.clock.run_for(100)
    assert len(page.evaluate(terms)) == searched
    page.clock.run_for(1000)
    assert page.evaluate(terms)[searched:] == ["minutess"]


#: Served in place of Pagefind's module: the real one, whose next search, once
#: ``window.pmkbTestHeld.onSearch`` is set, first waits for what that function returns.
HELD_MODULE = """
import * as pagefind from "./pagefind.js?held";
export const options = pagefind.options, init = pagefind.init, preload = pagefind.preload;
const held = (window.pmkbTestHeld = {onSearch: null});
export async function search(term, options) {
  const before = held.onSearch;
  held.onSearch = null;
  if (before) await before();
  return pagefind.search(term, options);
}
"""


def test_a_query_cut_to_one_letter_during_a_quick_search_leaves_no_searching_notice(
    site_page: Page,
) -> None:
    page = site_page
    wrap_pagefind(page, HELD_MODULE)
    search(page, "failover")  # Pagefind loaded: the next search is quick
    expect(page.locator(RESULT).first).to_contain_text("PM-2024-010")
    # While the next search runs, well under the time after which it would say it is
    # under way, the reader cuts the query to one letter, which searches nothing.
    page.evaluate(
        """() => {
          window.pmkbTestHeld.onSearch = () => new Promise(resolve => {
            const input = document.querySelector('[data-pmkb-search-input]');
            input.value = 'f';
            input.dispatchEvent(new Event('input', {bubbles: true}));
            setTimeout(resolve, 80);
          });
        }"""
    )
    page.evaluate("() => { window.pmkbTestFilled = performance.now(); }")
    page.locator(INPUT).fill("failover twenty")
    page.wait_for_function("window.pmkbTestHeld.onSearch === null")
    # Once that search has ended (on a loaded machine, later than any fixed wait), and
    # past the moment a slow search would have said so: nothing runs, nothing is said.
    settled(page)
    page.wait_for_function("performance.now() - window.pmkbTestFilled > 500")
    assert page.locator(".pmkb-search__status").inner_text() == ""
    expect(page.locator(RESULT)).to_have_count(0)


def test_results_of_text_no_longer_in_the_box_are_never_drawn(site_page: Page) -> None:
    page = site_page
    wrap_pagefind(page, HELD_MODULE)
    search(page, "failover")  # Pagefind loaded: the next search is quick
    expect(page.locator(RESULT).first).to_contain_text("PM-2024-010")
    # While the search of a pasted service runs, the reader types over it (one key
    # event with all of a new service); that search ends before the keys' pause.
    page.evaluate(
        """() => {
          window.pmkbTestDrawn = [];
          new MutationObserver(records => {
            for (const record of records) for (const node of record.addedNodes) {
              if (node.matches && node.matches('[data-pmkb-search-result]')) {
                window.pmkbTestDrawn.push(node.innerText);
              }
            }
          }).observe(document.querySelector('.pmkb-search__results'), {childList: true});
          window.pmkbTestHeld.onSearch = async () => {
            const input = document.querySelector('[data-pmkb-search-input]');
            input.value = 'ledger-worker';
            input.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText', data: 'r'}));
          };
        }"""
    )
    page.locator(INPUT).fill("search-api")
    expect(page.locator(RESULT).first).to_contain_text("PM-2025-004")
    drawn = page.evaluate("window.pmkbTestDrawn")
    # Only what the box holds was ever shown: search-api's post-mortem never came up.
    assert drawn
    assert not [text for text in drawn if "PM-2025-002" in text]


def test_the_results_list_is_busy_until_the_results_of_the_box_are_drawn(
    site_page: Page,
) -> None:
    page = site_page
    wrap_pagefind(page, HELD_MODULE)
    search(page, "failover")
    expect(page.locator(RESULT).first).to_contain_text("PM-2024-010")
    shown = page.locator(RESULT).all_inner_texts()
    results = page.locator(RESULTS)
    expect(results).not_to_have_attribute("aria-busy", "true")
    # The next search is held until the test lets it go.
    page.evaluate(
        """() => {
          window.pmkbTestHeld.onSearch = () => new Promise(resolve => {
            window.pmkbTestRelease = resolve;
          });
        }"""
    )
    page.locator(INPUT).fill("orders")
    page.wait_for_function("typeof window.pmkbTestRelease === 'function'")
    # The last query's result is still on screen, and the list says it is about to change.
    expect(results).to_have_attribute("aria-busy", "true")
    assert page.locator(RESULT).all_inner_texts() == shown
    # The list says which text the results it shows are for: not yet the box's.
    expect(results).to_have_attribute("data-pmkb-results-for", "failover")
    page.evaluate("window.pmkbTestRelease()")
    expect(results).not_to_have_attribute("aria-busy", "true")
    expect(results).to_have_attribute("data-pmkb-results-for", "orders")
    # Not busy: every result of the query is drawn, read at once without waiting.
    assert page.locator(".pmkb-search__status").inner_text() == "2 results"
    ids = page.locator(f"{RESULT} .pmkb-search__id").all_inner_texts()
    assert sorted(ids) == ["PM-2024-010", "PM-2025-001"]
    # An empty box has nothing to wait for.
    page.locator(INPUT).fill("")
    expect(results).not_to_have_attribute("aria-busy", "true")
    expect(page.locator(RESULT)).to_have_count(0)


def test_search_finds_only_what_the_audience_may_read(site_page: Page) -> None:
    search(site_page, "payroll")
    expect(site_page.locator(".pmkb-search__status")).to_have_text("No post-mortem matches.")
    search(site_page, "orders")
    expect(site_page.locator(".pmkb-search__status")).to_have_text("2 results")
    # The count comes first; each result is drawn once its own data has arrived.
    expect(site_page.locator(RESULT)).to_have_count(2)
    ids = site_page.locator(f"{RESULT} .pmkb-search__id").all_inner_texts()
    assert sorted(ids) == ["PM-2024-010", "PM-2025-001"]


@pytest.mark.parametrize("query", ["PM-2025-005", "2025-005", "pm-2025-009"])
def test_an_id_no_page_holds_finds_nothing(site_page: Page, query: str) -> None:
    # PM-2025-005 is restricted, so not in this build; PM-2025-009 was never written.
    # Either was answered with every post-mortem, ranked by guesses at the id.
    search(site_page, query)
    expect(site_page.locator(".pmkb-search__status")).to_have_text("No post-mortem matches.")
    expect(site_page.locator(RESULT)).to_have_count(0)
    # With a word that some post-mortems hold, those are listed, as holding some words.
    search(site_page, query + " ledger-worker")
    expect(site_page.locator(".pmkb-search__status")).to_have_text(
        "No post-mortem has all these words; 1 has some of them"
    )
    expect(site_page.locator(RESULT).first).to_contain_text("PM-2025-004")


def test_filters_narrow_the_results_by_severity_service_team_factor_and_year(
    site_page: Page, traffic: Traffic
) -> None:
    page = site_page
    search(page, "orders")
    expect(page.locator(".pmkb-search__status")).to_have_text("2 results")
    filters = page.locator(".pmkb-search__filters")
    # The filters' values are fetched when the reader goes for them.
    filters.hover()
    expect(filters.locator("select[name=severity] option")).to_have_count(5)
    options = {
        name: filters.locator(f"select[name={name}] option").all_inner_texts()
        for name in ("severity", "service", "team", "factor", "year")
    }
    assert options["severity"] == ["Any severity", "SEV1", "SEV2", "SEV3", "SEV4"]
    assert options["year"] == ["Any year", "2025", "2024"]
    assert "hr-payroll" not in options["service"]  # restricted: not in this build
    # The values come from the site's small filter file: Pagefind's filter index,
    # which also lists every value's pages, is fetched only to filter.
    assert any(url.endswith("/incidents/filters.json") for url in traffic.requests)
    assert not [url for url in search_requests(traffic) if "/pagefind/filter/" in url]
    filters.locator("select[name=severity]").select_option("SEV1")
    expect(page.locator(RESULT)).to_have_count(1)
    expect(page.locator(RESULT).first).to_contain_text("PM-2024-010")
    filters.locator("select[name=severity]").select_option("")
    filters.locator("select[name=year]").select_option("2025")
    expect(page.locator(RESULT)).to_have_count(1)
    expect(page.locator(RESULT).first).to_contain_text("PM-2025-001")
    # A filter alone lists what it keeps, without a query.
    page.locator(INPUT).fill("")
    filters.locator("select[name=year]").select_option("")
    filters.locator("select[name=team]").select_option("discovery")
    expect(page.locator(RESULT)).to_have_count(1)
    expect(page.locator(RESULT).first).to_contain_text("PM-2025-002")
    filters.locator("select[name=team]").select_option("")
    filters.locator("select[name=factor]").select_option("monitoring-gap")
    settled(page)
    expect(page.locator(RESULT)).to_have_count(2)
    ids = page.locator(f"{RESULT} .pmkb-search__id").all_inner_texts()
    assert sorted(ids) == ["PM-2025-001", "PM-2025-003"]
    filters.locator("select[name=factor]").select_option("")
    filters.locator("select[name=service]").select_option("ledger-worker")
    expect(page.locator(RESULT)).to_have_count(1)
    expect(page.locator(RESULT).first).to_contain_text("PM-2025-004")


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_materials_shortcuts_open_search_and_escape_closes_it(site_page: Page, key: str) -> None:
    page = site_page
    page.locator("body").press(key)
    expect(page.locator(INPUT)).to_be_focused()
    # The key opened search; it was not typed into the box.
    assert page.locator(INPUT).input_value() == ""
    page.keyboard.press("Escape")
    expect(page.locator(INPUT)).to_be_hidden()
    expect(page.locator(OPEN)).to_be_focused()


def test_arrow_keys_and_enter_open_a_result_by_instant_navigation(
    site_page: Page, traffic: Traffic
) -> None:
    page = site_page
    mark_for_instant_navigation(page)
    page.keyboard.press("/")
    page.keyboard.type("orders")
    settled(page)
    expect(page.locator(RESULT)).to_have_count(2)
    second = page.locator(f"{RESULT} .pmkb-search__id").nth(1).inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"{RESULT} a").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/incidents/{second.lower()}/")
    expect(page.locator("article h1")).to_contain_text(second)
    assert still_same_page(page)
    expect(page.locator(INPUT)).to_be_hidden()


def test_arrow_keys_on_a_filter_choose_its_value_not_a_result(site_page: Page) -> None:
    page = site_page
    page.keyboard.press("/")
    page.keyboard.type("orders")
    settled(page)
    expect(page.locator(RESULT)).to_have_count(2)
    severity = page.locator(".pmkb-search__filters select[name=severity]")
    severity.focus()
    expect(severity.locator("option")).to_have_count(5)
    page.keyboard.press("ArrowDown")
    # SEV1 chosen: one result, none highlighted.
    expect(severity).to_have_value("SEV1")
    expect(page.locator(RESULT)).to_have_count(1)
    expect(severity).to_be_focused()


def test_tab_goes_round_within_search_never_to_the_page_behind(site_page: Page) -> None:
    page = site_page
    page.keyboard.press("/")
    page.keyboard.type("orders")
    settled(page)
    expect(page.locator(RESULT)).to_have_count(2)
    inside = "() => !!document.activeElement.closest('.pmkb-search')"
    page.keyboard.press("Shift+Tab")
    expect(page.locator(f"{RESULT} a").last).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(INPUT)).to_be_focused()
    # Round the whole way: every stop is in search.
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate(inside)


def test_search_works_after_an_instant_navigation_page_change(
    site_page: Page, traffic: Traffic
) -> None:
    page = site_page
    mark_for_instant_navigation(page)
    page.locator(".md-tabs a", has_text="Services").click()
    page.wait_for_url("**/services/")
    expect(page.locator("article h1")).to_have_text("Services")
    assert still_same_page(page)
    assert page.locator(OPEN).count() == 1
    search(page, "PM-2025-001")
    expect(page.locator(RESULT).first).to_contain_text("PM-2025-001")
    page.locator(RESULT).first.locator("a").click()
    page.wait_for_url("**/incidents/pm-2025-001/")
    assert still_same_page(page)
    # And once more from the page reached.
    search(page, "ledger-worker")
    expect(page.locator(RESULT).first).to_contain_text("PM-2025-004")
    # Pagefind's runtime came once, for the whole visit.
    assert len([u for u in search_requests(traffic) if u.endswith("/pagefind.js")]) == 1


def test_back_from_a_result_finds_the_search_as_it_was(site_page: Page, traffic: Traffic) -> None:
    page = site_page
    mark_for_instant_navigation(page)
    search(page, "orders")
    expect(page.locator(".pmkb-search__status")).to_have_text("2 results")
    filters = page.locator(".pmkb-search__filters")
    filters.hover()
    filters.locator("select[name=year]").select_option("2025")
    expect(page.locator(RESULT)).to_have_count(1)
    page.locator(RESULT).first.locator("a").click()
    page.wait_for_url("**/incidents/pm-2025-001/")
    expect(page.locator(INPUT)).to_be_hidden()
    page.go_back()
    # The query, the filter and the results, as the reader left them.
    expect(page.locator(INPUT)).to_be_visible()
    expect(page.locator(INPUT)).to_have_value("orders")
    expect(page.locator(INPUT)).to_be_focused()
    expect(filters.locator("select[name=year]")).to_have_value("2025")
    expect(page.locator(RESULT)).to_have_count(1)
    expect(page.locator(RESULT).first).to_contain_text("PM-2025-001")
    assert still_same_page(page)
    # Closed, the search is forgotten: the page shown again does not reopen it.
    page.keyboard.press("Escape")
    expect(page.locator(INPUT)).to_be_hidden()
    expect(page).to_have_url(traffic.origin)
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(page.locator(OPEN)).to_be_visible()
    expect(page.locator(INPUT)).to_have_count(0)


def test_back_to_a_filtered_list_finds_both_the_list_and_the_search_as_they_were(
    site_page: Page, traffic: Traffic
) -> None:
    # The list's filters and search's share their names: each keeps its own in the address.
    page = site_page
    page.goto(traffic.origin + "incidents/?factor=monitoring-gap")
    page.locator("form.pmkb-filters").wait_for(state="visible")
    # A list linked with its filters does not open search.
    expect(page.locator(INPUT)).to_have_count(0)
    list_factor = page.locator("form.pmkb-filters select[name=factor]")
    expect(list_factor).to_have_value("monitoring-gap")
    search(page, "orders")
    filters = page.locator(".pmkb-search__filters")
    filters.hover()
    filters.locator("select[name=factor]").select_option("missing-index")
    expect(page.locator(RESULT)).to_have_count(2)
    page.locator(RESULT).first.locator("a").click()
    page.wait_for_url("**/incidents/pm-*/")
    page.go_back()
    # The list page shown again loads its rows and sets its address when they come: Escape
    # is pressed once the page has settled, as a reader sees it.
    page.wait_for_load_state("networkidle")
    expect(page.locator(INPUT)).to_have_value("orders")
    expect(filters.locator("select[name=factor]")).to_have_value("missing-index")
    expect(page.locator(RESULT)).to_have_count(2)
    page.keyboard.press("Escape")
    expect(page.locator(INPUT)).to_be_hidden()
    expect(list_factor).to_have_value("monitoring-gap")
    expect(page).to_have_url(traffic.origin + "incidents/?factor=monitoring-gap")


class HeldBack:
    """The requests for ``paths`` (below the site's root), held until released: a page or
    data that is still loading, as on a slow network."""

    def __init__(self, page: Page, paths: set[str]) -> None:
        self.page = page
        self.held: list[Route] = []
        self.paths = paths
        page.route(self.matches, self.hold)

    def hold(self, route: Route) -> None:
        self.held.append(route)

    def matches(self, url: str) -> bool:
        return urlsplit(url).path.lstrip("/") in self.paths

    def wait_for(self, path: str) -> None:
        for _ in range(1000):
            if any(urlsplit(r.request.url).path.lstrip("/") == path for r in self.held):
                return
            self.page.wait_for_timeout(10)
        raise AssertionError(f"{path} was never asked for")

    def release(self, path: str) -> None:
        """Let the request for ``path`` through, and any asked for later."""
        self.paths = self.paths - {path}
        for route in [r for r in self.held if not self.matches(r.request.url)]:
            self.held.remove(route)
            route.fallback()


@pytest.mark.parametrize("moment", ["before-the-page-shows", "before-its-rows-load"])
def test_escape_right_after_back_forgets_the_search_whatever_is_still_loading(
    sized_page: Page, traffic: Traffic, moment: str
) -> None:
    # A reader in a hurry presses Escape the moment after Back: the theme is still
    # fetching the list page (the address is already its own, with the search), or the
    # page is shown and search reopened but the list's rows are still coming. Either
    # way the search must be gone for good: from the address (a reload or a shared link
    # would reopen it) and from the box.
    page = sized_page
    page.goto(traffic.origin + "incidents/?factor=monitoring-gap")
    page.locator("form.pmkb-filters").wait_for(state="visible")
    mark_for_instant_navigation(page)
    search(page, "orders")
    filters = page.locator(".pmkb-search__filters")
    filters.hover()
    filters.locator("select[name=factor]").select_option("missing-index")
    expect(page.locator(RESULT)).to_have_count(2)
    page.locator(RESULT).first.locator("a").click()
    page.wait_for_url("**/incidents/pm-*/")
    loading = HeldBack(page, {"incidents/", "incidents/list.json"})
    page.go_back()
    loading.wait_for("incidents/")
    if moment == "before-its-rows-load":
        loading.release("incidents/")
        expect(page.locator(INPUT)).to_be_visible()
        expect(page.locator(INPUT)).to_have_value("orders")
        loading.wait_for("incidents/list.json")
    expect(page).to_have_url(re.compile(r"[?&]q=orders"))
    page.keyboard.press("Escape")
    expect(page).to_have_url(traffic.origin + "incidents/?factor=monitoring-gap")
    # Whatever was still loading comes now: the page, its scripts, the list's rows.
    loading.release("incidents/")
    loading.release("incidents/list.json")
    expect(page.locator("article h1")).to_have_text("Post-mortems")
    expect(page.locator(".pmkb-list__count")).to_contain_text(" of ")
    page.wait_for_load_state("networkidle")
    assert still_same_page(page)
    expect(page.locator(INPUT)).to_be_hidden()
    expect(page.locator("form.pmkb-filters select[name=factor]")).to_have_value("monitoring-gap")
    expect(page).to_have_url(traffic.origin + "incidents/?factor=monitoring-gap")
    # Opened again, search starts afresh: the box holds nothing of what was closed.
    page.locator("body").press("/")
    expect(page.locator(INPUT)).to_be_focused()
    expect(page.locator(INPUT)).to_have_value("")
    expect(filters.locator("select[name=factor]")).to_have_value("")
    expect(page.locator(RESULT)).to_have_count(0)
    page.keyboard.press("Escape")
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(page.locator(OPEN)).to_be_visible()
    expect(page.locator(INPUT)).to_have_count(0)


def test_an_address_with_a_query_opens_search_with_its_results(
    site_page: Page, traffic: Traffic
) -> None:
    # What a page loaded anew on Back shows, and a search shared as a link.
    page = site_page
    page.goto(traffic.origin + "services/?q=failover")
    expect(page.locator(INPUT)).to_be_focused()
    expect(page.locator(INPUT)).to_have_value("failover")
    expect(page.locator(RESULT).first).to_contain_text("PM-2024-010")


def test_words_no_post_mortem_holds_all_of_find_those_holding_most_of_them(
    site_page: Page,
) -> None:
    # A pasted error message rarely has all its words on one page: Pagefind alone found
    # nothing, though each word is on some post-mortem.
    page = site_page
    status = page.locator(".pmkb-search__status")
    search(page, "orders database failover: cache stampede")
    expect(status).to_have_text("No post-mortem has all these words; 3 have some of them")
    expect(page.locator(RESULT)).to_have_count(3)
    # The one holding most of the words first, its excerpt marking them.
    expect(page.locator(RESULT).first).to_contain_text("PM-2024-010")
    expect(page.locator(RESULT).first.locator("mark").first).to_be_visible()
    ids = page.locator(f"{RESULT} .pmkb-search__id").all_inner_texts()
    assert sorted(ids) == ["PM-2024-010", "PM-2025-001", "PM-2025-002"]
    # A phrase in quotes asks for exactly that phrase.
    search(page, '"failover stampede"')
    expect(status).to_have_text("No post-mortem matches.")
    expect(page.locator(RESULT)).to_have_count(0)


#: Served in place of Pagefind's module: the real one, with each search logged.
COUNTED_MODULE = """
import * as pagefind from "./pagefind.js?logged";
export const options = pagefind.options, init = pagefind.init, preload = pagefind.preload;
const log = (window.pmkbTestSearches = {terms: []});
export async function search(term, options) {
  log.terms.push(term);
  return pagefind.search(term, options);
}
"""


def test_words_searched_for_the_last_query_are_not_searched_again(site_page: Page) -> None:
    # An engineer edits a pasted error message, or adds a word to it: each word most
    # pages hold takes a quarter of a second at 10,000 post-mortems.
    page = site_page
    wrap_pagefind(page, COUNTED_MODULE)
    status = page.locator(".pmkb-search__status")
    query = "orders database failover: cache stampede"
    search(page, query)
    expect(status).to_have_text("No post-mortem has all these words; 3 have some of them")
    first = page.locator(RESULT).all_inner_texts()
    words = set(query.split())
    searched = len(page.evaluate("window.pmkbTestSearches.terms"))
    page.locator(INPUT).press_sequentially(" ledger-worker")
    settled(page)
    expect(status).to_have_text("No post-mortem has all these words; 4 have some of them")
    expect(page.locator(RESULT).filter(has_text="PM-2025-004")).to_have_count(1)
    again = page.evaluate("window.pmkbTestSearches.terms")[searched:]
    assert "ledger-worker" in again
    assert not words & set(again)
    # Back to the first query: no word is searched again, and the same results come in
    # the same order, each excerpt marking the same words.
    searched += len(again)
    page.locator(INPUT).fill(query)
    settled(page)
    expect(status).to_have_text("No post-mortem has all these words; 3 have some of them")
    assert page.locator(RESULT).all_inner_texts() == first
    assert page.evaluate("window.pmkbTestSearches.terms")[searched:] == [query]


def test_search_tells_a_screen_reader_what_a_reader_sees(sized_page: Page) -> None:
    page = sized_page
    page.locator(OPEN).click()
    dialog = page.get_by_role("dialog", name="Search the post-mortems")
    box = dialog.get_by_role("searchbox", name="Search")
    expect(box).to_be_focused()
    # The status line is a polite live region, there before it says anything: one that
    # comes into being with its text is not read.
    status = dialog.get_by_role("status")
    expect(status).to_have_count(1)
    expect(status).to_have_attribute("aria-live", "polite")
    # Each filter is named by what it filters, not by its first choice.
    filters = dialog.get_by_role("group", name="Filters")
    for name in ("Severity", "Service", "Team", "Factor", "Year"):
        expect(filters.get_by_role("combobox", name=name, exact=True)).to_be_visible()
    page.keyboard.type("orders")
    expect(status).to_have_text("2 results")
    # A labelled list of links, each named by its id, severity and title and described
    # by its date, services and excerpt.
    links = dialog.get_by_role("list", name="Results").get_by_role("link")
    expect(links).to_have_count(2)
    first, second = links.nth(0), links.nth(1)
    expect(first).to_have_accessible_name(
        "PM-2024-010 SEV1 Orders database failover took twenty minutes"
    )
    expect(first).to_have_accessible_description(re.compile(r"^2024-11-02 · orders-db\b.*Orders"))
    # The arrow keys move the focus, so that the result reached is read; past the last
    # result, or above the first, is the box.
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(second).to_be_focused()
    expect(second).to_have_accessible_name(re.compile(r"^PM-2025-001 SEV2 Checkout errors"))
    page.keyboard.press("ArrowDown")
    expect(box).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(second).to_be_focused()
    # A letter typed on a result goes on in the box.
    page.keyboard.type("-db")
    expect(box).to_be_focused()
    expect(box).to_have_value("orders-db")


def test_an_empty_box_or_one_letter_says_what_can_be_searched(sized_page: Page) -> None:
    page = sized_page
    page.locator(OPEN).click()
    box = page.locator(INPUT)
    expect(box).to_be_focused()
    hint = page.get_by_text("Type an id")
    # Not a blank panel: what can be searched, and that the filters work alone.
    expect(hint).to_be_visible()
    for what in ("2025-014", "a service", "words", "filter"):
        expect(hint).to_contain_text(what)
    shown = hint.bounding_box()
    assert shown is not None and shown["x"] >= 0
    assert shown["x"] + shown["width"] <= page.viewport_size["width"]  # type: ignore[index]
    # The box is described by it, for a screen reader.
    expect(box).to_have_accessible_description(re.compile("^Type an id"))
    page.keyboard.type("o")
    expect(hint).to_be_visible()
    expect(page.locator(RESULT)).to_have_count(0)
    page.keyboard.type("rders")
    expect(page.locator(RESULT)).to_have_count(2)
    expect(hint).to_be_hidden()
    for _ in "rders":
        page.keyboard.press("Backspace")
    expect(hint).to_be_visible()
    expect(page.locator(RESULT)).to_have_count(0)


def test_an_excerpt_of_a_page_holding_some_of_the_words_marks_each_of_them(
    sized_page: Page, traffic: Traffic
) -> None:
    page = sized_page
    search(page, "orders database failover: cache stampede")
    expect(page.locator(".pmkb-search__status")).to_have_text(
        "No post-mortem has all these words; 3 have some of them"
    )
    expect(page.locator(RESULT)).to_have_count(3)

    def marked(pm_id: str, word: str) -> None:
        result = page.locator(RESULT).filter(has_text=pm_id)
        expect(
            result.locator("mark", has_text=re.compile(rf"^{word}\W*$", re.I))
        ).not_to_have_count(0)

    # Found by "orders", "database" and "failover": all three marked, not only the first.
    for word in ("orders", "database", "failover"):
        marked("PM-2024-010", word)
        marked("PM-2025-001", word)
    for word in ("cache", "stampede"):
        marked("PM-2025-002", word)
    # Cut from the data each result fetched anyway: one fragment per result, no more.
    fragments = [url for url in traffic.requests if "/pagefind/fragment/" in url]
    assert len(fragments) == 3


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # the path's end, and part of it: the page holding the path first, then those
        # holding its parts apart
        ("payouts/worker.yaml", ["PM-2025-006", "PM-2025-007"]),
        ("payouts/worker", ["PM-2025-006", "PM-2025-004", "PM-2025-007"]),
        # the end of an identifier
        ("base_commons", ["PM-2025-006", "PM-2025-007"]),
        # their starts, as Pagefind finds them: the pages holding a word that starts so
        ("/etc/payouts", ["PM-2025-006"]),
        ("stream_base", ["PM-2025-006"]),
    ],
)
def test_part_of_a_path_or_identifier_finds_the_pages_holding_it_first(
    site_page: Page, query: str, found: list[str]
) -> None:
    # Pagefind reads "payouts/worker" as the word "payoutsworker", which no page holds:
    # part of a path pasted from a log found nothing, or the pages holding its first
    # part, with or without the rest.
    page = site_page
    search(page, query)
    ids = page.locator(f"{RESULT} .pmkb-search__id").all_inner_texts()
    assert ids[0] == found[0]
    assert sorted(ids[1:]) == sorted(found[1:])
    expect(page.locator(".pmkb-search__status")).to_have_text(
        f"{len(found)} result" + "s" * (len(found) > 1)
    )


def test_words_nearly_every_post_mortem_holds_do_not_count_as_some_of_the_words(
    sized_page: Page,
) -> None:
    # "on" and "the" are on nearly every post-mortem: counted, every page had "some of
    # the words", ranked by how often it says "the".
    page = sized_page
    status = page.locator(".pmkb-search__status")
    search(page, "stampede on the ledger")
    expect(status).to_have_text(
        "No post-mortem has all these words; 2 have some of them "
        "(not counting \u201con\u201d, \u201cthe\u201d: more than half of the post-mortems "
        "searched have them)"
    )
    ids = page.locator(f"{RESULT} .pmkb-search__id").all_inner_texts()
    assert sorted(ids) == ["PM-2025-002", "PM-2025-004"]
    # Their excerpts mark the words that found them, not every "the".
    expect(page.locator(f"{RESULT} mark", has_text=re.compile("^the$", re.I))).to_have_count(0)


#: Served in place of Pagefind's module: the real one with each search's words logged.
COUNTED_MODULE = """
import * as pagefind from "./pagefind.js?counted";
export const options = pagefind.options, init = pagefind.init, preload = pagefind.preload;
const log = (window.pmkbTestSearches = {terms: []});
export async function search(term, options) {
  log.terms.push(term);
  return await pagefind.search(term, options);
}
"""


@pytest.mark.parametrize(
    ("query", "as_written"),
    [("ledger-workers", "ledger-worker"), ("connection-pools", "connection-pool")],
)
def test_a_joined_word_in_another_form_finds_what_the_word_finds_in_one_search(
    site_page: Page, query: str, as_written: str
) -> None:
    # Pagefind reads "ledger-workers" as the stem of "ledgerworkers", the stem of the
    # service's name on its pages: it finds them. Taken for a word no page holds, it was
    # searched again by its parts, four searches where one does.
    page = site_page
    wrap_pagefind(page, COUNTED_MODULE)
    box = page.locator(INPUT)

    def pasted(text: str) -> list[str]:
        if not box.is_visible():
            page.locator(OPEN).click()
        page.evaluate("() => { if (window.pmkbTestSearches) window.pmkbTestSearches.terms = []; }")
        box.fill(text)
        settled(page)
        return page.locator(f"{RESULT} .pmkb-search__id").all_inner_texts()

    found = pasted(as_written)
    assert found, f"{as_written} finds nothing"
    assert pasted(query) == found
    assert page.evaluate("() => window.pmkbTestSearches.terms") == [query]
