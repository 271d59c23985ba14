"""The post-mortem and action-item tables (and search's results) on a phone (390 px)
and a tablet, in Chromium.

On a phone each row is a card, its title across the top at the card's full
width, and nothing scrolls sideways; on a tablet the list is a table whose
title column stays readable, in at most one horizontal scroller. Measured on
the laid-out page, as a reader's screen shows it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.browser.conftest import Traffic, _QuietHandler
from tests.site.sitebuild import action_item, build_site, report, write_project

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 900}

NEWEST = "PM-2025-012"
NEWEST_TITLE = (
    "Checkout and order-history pages failed for mobile customers after a gateway "
    "body-size limit was lowered in one region"
)
#: A log line as authors paste it: one word, longer than a phone is wide.
LOG_LINE = (
    "upstream_connect_error_or_disconnect/reset_before_headers.reset_reason:"
    "connection_termination@payments-gateway.prod.internal.example.com:8443"
)
LONG_ACTION = (
    "Add an alert when the share of requests refused for their body size exceeds "
    "one percent for five minutes in any region"
)


def corpus() -> dict[str, str]:
    files = {}
    for number in range(1, 12):
        pm_id = f"PM-2025-{number:03d}"
        files[f"2025/2025-03-{number:02d}-incident-{number}.md"] = report(
            pm_id,
            f"Search and browse requests slowed down for {number} hours after a cache "
            "node was replaced during peak traffic",
            f"2025-03-{number:02d}T10:00:00Z",
            services=["search-api", "api-service"],
        )
    files["2025/2025-04-02-gateway-limit.md"] = report(
        NEWEST,
        NEWEST_TITLE,
        "2025-04-02T09:00:00Z",
        services=["api-gateway", "checkout-service", "order-history"],
        body=(
            f"## Summary\n\n{NEWEST_TITLE}. The gateway logged {LOG_LINE} for every "
            "refused request.\n\n## Root Cause\n\nA limit was lowered in one region.\n"
        ),
        action_items=[
            action_item("AI-001", LONG_ACTION, "2025-04-09", "done", addresses=["monitoring-gap"]),
            action_item(
                "AI-002",
                "Require a canary region for every change to gateway limits",
                "2025-05-20",
                tracker="https://tracker.example.com/browse/OPS-9",
            ),
            action_item("AI-003", "Document the gateway's limits and who owns them", "2025-07-01"),
        ],
    )
    return files


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("small-screens")
    site = build_site(write_project(folder, corpus()), strict=True)
    handler = functools.partial(_QuietHandler, directory=str(site.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def open_at(chromium_browser: Browser, served: str) -> Iterator[Any]:
    """``open_at(viewport, path)``: a page of the site at that size; after the test, no
    request may have left the site and no console error may have appeared."""
    traffic = Traffic(served)
    contexts = []

    def opener(viewport: dict[str, int], path: str) -> Page:
        context = chromium_browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: traffic.requests.append(request.url))

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                traffic.console_errors.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: traffic.console_errors.append(str(error)))
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        return page

    yield opener
    for context in contexts:
        context.close()
    assert traffic.outside == [], "requests left the site"
    assert traffic.console_errors == [], "console errors"


def box(page: Page, selector: str) -> dict[str, float]:
    """The first match's box on the screen, in CSS pixels."""
    found = page.evaluate(
        """selector => {
            const element = document.querySelector(selector);
            if (!element) return null;
            const r = element.getBoundingClientRect();
            return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};
        }""",
        selector,
    )
    assert found is not None, f"nothing matches {selector}"
    return found  # type: ignore[no-any-return]


def sideways_scrollers(page: Page, selector: str) -> list[str]:
    """Elements from the table at ``selector`` up to the page that scroll sideways now."""
    return page.evaluate(  # type: ignore[no-any-return]
        """selector => {
            const out = [];
            for (let e = document.querySelector(selector); e; e = e.parentElement) {
                const x = getComputedStyle(e).overflowX;
                if ((x === "auto" || x === "scroll") && e.scrollWidth > e.clientWidth + 1) {
                    out.push(e.tagName.toLowerCase() + "." + e.className);
                }
            }
            return out;
        }""",
        selector,
    )


def page_width(page: Page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")  # type: ignore[no-any-return]


def display_of(page: Page, selector: str) -> str:
    return page.evaluate(  # type: ignore[no-any-return]
        "s => getComputedStyle(document.querySelector(s)).display", selector
    )


def assert_is_a_card(page: Page, table: str, title_cell: str, viewport: dict[str, int]) -> None:
    """The first row of ``table`` is a card whose title spans it, on the screen."""
    row = f"{table} tbody tr:first-child"
    title = box(page, f"{row} {title_cell}")
    card = box(page, row)
    assert display_of(page, row) == "flex"
    assert title["left"] >= 0 and title["right"] <= viewport["width"]
    assert title["width"] >= 180
    # across the card's whole width (less its padding), above the row's other facts
    assert title["width"] >= card["width"] - 40
    others = box(page, f"{row} td:first-child")
    assert others["top"] >= title["bottom"] - 1
    assert sideways_scrollers(page, f"{table} table") == []
    assert page_width(page) <= viewport["width"]


# --- a phone ------------------------------------------------------------------------------------


def test_the_list_on_a_phone(open_at: Any) -> None:
    page = open_at(PHONE, "incidents/")
    table = ".pmkb-list__table"
    assert page.locator(f"{table} tbody tr:first-child td:first-child").inner_text() == NEWEST
    assert page.locator(f"{table} tbody tr:first-child .pmkb-title").inner_text() == NEWEST_TITLE
    assert_is_a_card(page, table, ".pmkb-title", PHONE)
    # The sort buttons stay, above the cards, and sorting keeps the cards.
    sort = page.get_by_role("button", name="Title")
    assert sort.is_visible()
    sort.click()
    page.wait_for_function(
        "() => document.querySelector('.pmkb-list__table th[data-sort=title]')"
        ".getAttribute('aria-sort') === 'ascending'"
    )
    assert page.locator(f"{table} tbody tr:first-child td:first-child").inner_text() == NEWEST
    assert_is_a_card(page, table, ".pmkb-title", PHONE)


def test_the_home_pages_latest_on_a_phone(open_at: Any) -> None:
    page = open_at(PHONE, "")
    table = ".pmkb-home .pmkb-incidents"
    assert page.locator(f"{table} tbody tr:first-child .pmkb-title").inner_text() == NEWEST_TITLE
    assert_is_a_card(page, table, ".pmkb-title", PHONE)
    # the column headers are left to screen readers
    assert box(page, f"{table} thead")["width"] <= 1


def test_the_action_items_on_a_phone(open_at: Any) -> None:
    page = open_at(PHONE, "incidents/pm-2025-012/")
    table = ".pmkb-action-items"
    assert (
        page.locator(f"{table} tbody tr:first-child .pmkb-action")
        .inner_text()
        .startswith(LONG_ACTION)
    )
    assert_is_a_card(page, table, ".pmkb-action", PHONE)
    # Without the header row, the short facts say what they are.
    labels = page.evaluate(
        """() => [...document.querySelectorAll('.pmkb-action-items tbody tr:first-child td')]
            .map(td => getComputedStyle(td, '::before').content)"""
    )
    assert [label for label in labels if label not in ("none", "normal")] == [
        '"Owner "',
        '"Due "',
        '"Priority "',
        '"Category "',
    ]


# --- a tablet and a desktop ---------------------------------------------------------------------


def test_the_list_on_a_tablet_is_a_table_with_a_readable_title(open_at: Any) -> None:
    page = open_at(TABLET, "incidents/")
    row = ".pmkb-list__table tbody tr:first-child"
    assert display_of(page, row) == "table-row"
    title = box(page, f"{row} .pmkb-title")
    assert title["left"] >= 0 and title["right"] <= TABLET["width"]
    assert title["width"] >= 180
    assert sideways_scrollers(page, ".pmkb-list__table table") == []
    assert page_width(page) <= TABLET["width"]


def test_the_action_items_on_a_tablet_are_cards(open_at: Any) -> None:
    page = open_at(TABLET, "incidents/pm-2025-012/")
    assert_is_a_card(page, ".pmkb-action-items", ".pmkb-action", TABLET)


@pytest.mark.parametrize("path", ["incidents/", "", "incidents/pm-2025-012/"])
def test_tables_stay_tables_on_a_desktop(open_at: Any, path: str) -> None:
    page = open_at(DESKTOP, path)
    table = ".pmkb-action-items" if path.startswith("incidents/pm") else ".pmkb-incidents"
    assert display_of(page, f"{table} tbody tr:first-child") == "table-row"
    assert display_of(page, f"{table} thead") == "table-header-group"
    assert len(sideways_scrollers(page, f"{table} table")) <= 1
    assert page_width(page) <= DESKTOP["width"]


def test_a_search_result_quoting_a_long_log_line_fits_a_phone(open_at: Any) -> None:
    page = open_at(PHONE, "")
    page.locator("[data-pmkb-search-open]").click()
    page.locator("[data-pmkb-search-input]").fill("logged refused")
    excerpt = page.locator("[data-pmkb-search-result] .pmkb-search__excerpt").first
    expect(excerpt).to_contain_text("upstream_connect_error")
    # Wrapped within the screen: nothing cut off, nothing to scroll sideways.
    assert box(page, ".pmkb-search__excerpt")["right"] <= PHONE["width"]
    assert page.evaluate(
        """() => [...document.querySelectorAll('.pmkb-search__results, .pmkb-search__panel')]
            .every(e => e.scrollWidth <= e.clientWidth)"""
    )
