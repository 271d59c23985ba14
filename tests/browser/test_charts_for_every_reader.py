"""The dashboard and the graph for a screen reader, on a phone, and without JavaScript.

Read from Chromium's accessibility tree and its laid-out pages, at a desktop
width and a phone's (390 x 844).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Traffic, watched_page
from tests.site.sitebuild import BuiltSite

SIZES = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]
PAGES = ["dashboard/", "dashboard/factors/", "dashboard/action-items/", "graph/"]


def drawn(page: Page) -> list[str]:
    """The ids of the page's charts, once every one with a figure is drawn (the figures are
    in the page's HTML: a page whose charts all say why nothing is drawn has none)."""
    page.wait_for_function(
        "() => { const n = document.querySelectorAll('.pmkb-chart__spec').length;"
        " return document.querySelectorAll('.pmkb-chart--drawn').length === n; }"
    )
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.pmkb-chart--drawn')).map(f => f.id)"
    )


def images(page: Page) -> dict[str, str]:
    """Each image of the page's accessibility tree with a name: its description."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    return {
        node["name"]["value"]: node.get("description", {}).get("value", "")
        for node in nodes
        if not node.get("ignored")
        and node.get("role", {}).get("value") == "image"
        and node.get("name", {}).get("value")
    }


@pytest.fixture(params=SIZES, ids=lambda size: str(size["width"]))
def sized_page(
    request: pytest.FixtureRequest, chromium_browser: Browser, traffic: Traffic
) -> Iterator[Page]:
    yield from watched_page(chromium_browser, traffic, request.param)


@pytest.mark.parametrize("url", PAGES)
def test_every_drawn_chart_is_an_image_named_and_described_by_its_numbers(
    sized_page: Page, traffic: Traffic, url: str
) -> None:
    page = sized_page
    page.goto(traffic.origin + url)
    keys = drawn(page)
    found = images(page)
    snapshot = page.locator("article").aria_snapshot()
    for key in keys:
        title = page.locator(f"#{key}-title").inner_text()
        words = page.locator(f"#{key}-summary").inner_text()
        assert f'img "{title}"' in snapshot, key
        assert found.get(title) == words and words.startswith("In short: "), key
        # The drawing's own text is not read out as well.
        assert page.locator(f"#{key} svg.main-svg:not([aria-hidden=true])").count() == 0, key
    if "incidents-over-time" in keys:
        bars = page.evaluate(
            "() => document.querySelector('#incidents-over-time .pmkb-chart__plot').data"
            ".map(t => t.y.reduce((a, b) => a + b, 0))"
        )
        said = found[page.locator("#incidents-over-time-title").inner_text()]
        assert said.startswith(f"In short: {sum(bars)} incident"), said
    if "related-graph" in keys:
        nodes = page.evaluate(
            "() => { const d = document.querySelector('#related-graph .pmkb-chart__plot').data;"
            " return d[d.length - 1].x.length; }"
        )
        said = found["Related incidents"]
        assert re.match(rf"In short: {nodes} post-mortems? drawn", said), said


def overflow(page: Page) -> dict[str, object]:
    """How far the page runs past the screen sideways, and each table's scroller."""
    return page.evaluate(
        "() => ({ page: document.documentElement.scrollWidth - innerWidth,"
        " tables: Array.from(document.querySelectorAll('article table')).map(t => {"
        " const box = t.closest('.pmkb-table-wrap, .md-typeset__scrollwrap');"
        " const r = box ? box.getBoundingClientRect() : t.getBoundingClientRect();"
        " return { scrolls: !!box && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX),"
        " right: r.right, wide: t.scrollWidth > (box ? box.clientWidth : 0) }; }) })"
    )


@pytest.mark.parametrize("url", [*PAGES, "dashboard/recurrence/"])
def test_on_a_phone_nothing_runs_off_the_screen_and_tables_scroll_in_their_box(
    chromium_browser: Browser, traffic: Traffic, url: str
) -> None:
    for page in watched_page(chromium_browser, traffic, {"width": 390, "height": 844}):
        page.goto(traffic.origin + url)
        drawn(page)
        found = overflow(page)
        assert found["page"] == 0, found
        tables = found["tables"]
        assert isinstance(tables, list) and tables, url
        for table in tables:
            assert table["scrolls"] and table["right"] <= 390, table


@pytest.mark.parametrize("size", SIZES, ids=lambda size: str(size["width"]))
@pytest.mark.parametrize("url", [*PAGES, "dashboard/recurrence/"])
def test_without_javascript_every_chart_is_its_words_and_its_table(
    chromium_browser: Browser,
    served_site: tuple[BuiltSite, str],
    size: dict[str, int],
    url: str,
) -> None:
    _, origin = served_site
    context = chromium_browser.new_context(viewport=size, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(origin + url)
        figures = page.locator("figure.pmkb-chart")
        assert figures.count(), url
        for index in range(figures.count()):
            figure = figures.nth(index)
            key = figure.get_attribute("id")
            assert figure.locator("h2").is_visible(), key
            if figure.locator(".pmkb-chart__empty").count():
                continue
            # No drawing, and nothing that waits for one: the words and the numbers.
            assert not figure.locator(".pmkb-chart__plot").is_visible(), key
            assert figure.locator(".pmkb-chart__summary").is_visible(), key
            tables = figure.locator("table")
            assert tables.count() == 0 or tables.first.is_visible(), key
        # The graph's post-mortems are in the tables under it.
        if url == "graph/":
            assert page.locator("#clusters ~ .pmkb-table-wrap table, #clusters ~ h3").count()
            assert page.locator("article table a[href*='incidents/']").first.is_visible()
        assert overflow(page)["page"] == 0
    finally:
        context.close()
    home = urlsplit(origin).netloc
    assert all(urlsplit(u).netloc == home for u in requests), requests


def _how_to_read(page: Page) -> str:
    """The visible "How to read it" text of the graph's figure."""
    how = page.locator("figure.pmkb-chart .pmkb-chart__how")
    return " ".join(how.nth(i).inner_text() for i in range(how.count()) if how.nth(i).is_visible())


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_graph_says_how_to_read_it_as_the_reader_sees_it(
    chromium_browser: Browser, served_site: tuple[BuiltSite, str], javascript: bool
) -> None:
    """Without JavaScript there is no drawing to hover, click or zoom: the graph's
    "How to read it" says where its post-mortems are instead; drawn, it says how to use it."""
    _, origin = served_site
    context = chromium_browser.new_context(java_script_enabled=javascript)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(origin + "graph/")
        if javascript:
            drawn(page)
        said = _how_to_read(page)
        if javascript:
            assert "Hover for the title" in said and "the buttons zoom" in said
            assert "not drawn" not in said
        else:
            assert not re.search(r"\b(hover|click|zoom)", said, re.IGNORECASE), said
            assert "the graph is not drawn" in said and "the tables below" in said
    finally:
        context.close()


#: Words that tell a reader to use the drawing with a pointer.
POINTER = re.compile(r"\b(hover|click|tap|zoom|drag)", re.IGNORECASE)


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: str(size["width"]))
def test_hover_and_click_are_said_only_where_the_chart_is_drawn(
    chromium_browser: Browser,
    served_site: tuple[BuiltSite, str],
    size: dict[str, int],
    javascript: bool,
) -> None:
    """Without JavaScript no page tells the reader to hover, click or zoom; drawn, each
    chart says what its drawing offers. Its summary and its table stay either way."""
    _, origin = served_site
    context = chromium_browser.new_context(viewport=size, java_script_enabled=javascript)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        for url in [*PAGES, "dashboard/recurrence/"]:
            page.goto(origin + url)
            keys = drawn(page) if javascript else []
            using = page.locator("article figure.pmkb-chart .pmkb-chart__using")
            if javascript:
                assert using.count() or url not in ("dashboard/", "graph/"), url
                for index in range(using.count()):
                    span = using.nth(index)
                    figure = span.locator("xpath=ancestor::figure[1]")
                    assert figure.get_attribute("id") in keys, url
                    assert span.is_visible() and POINTER.search(span.inner_text()), url
                    # Said in the chart's "How to read it", as a reader sees it.
                    how = figure.locator(".pmkb-chart__how:visible")
                    assert span.inner_text() in how.inner_text(), url
            else:
                said = page.locator("article").inner_text()
                assert not POINTER.search(said), (url, POINTER.findall(said))
                assert using.count() == 0 or not any(
                    using.nth(i).is_visible() for i in range(using.count())
                ), url
            figures = page.locator("article figure.pmkb-chart")
            for index in range(figures.count()):
                figure = figures.nth(index)
                if figure.locator(".pmkb-chart__empty").count():
                    continue
                key = figure.get_attribute("id")
                assert figure.locator(".pmkb-chart__summary").is_visible(), (url, key)
                tables = figure.locator("details.pmkb-chart__numbers table")
                if tables.count():
                    # Open without JavaScript; one click away under the drawing.
                    assert tables.first.is_visible() != javascript, (url, key)
                    assert figure.locator("details.pmkb-chart__numbers > summary").is_visible()
    finally:
        context.close()
