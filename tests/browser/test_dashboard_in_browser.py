"""The dashboard and the graph in a real browser: drawn, hoverable, clickable, offline.

The ``site_page`` fixture fails a test on any console error and on any request
that leaves the site.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    Traffic,
    _QuietHandler,
    mark_for_instant_navigation,
    still_same_page,
)
from tests.site.sitebuild import BuiltSite, build_site, standard_corpus, write_project

DRAWN = ".pmkb-chart--drawn"


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuiltSite, str]]:
    """The standard corpus, served with ``site_url`` set to where it is served.

    Material's instant navigation reads the sitemap and only takes over links
    to the site it names, so the site is built for the server's own address:
    otherwise every click here would be a full page load, and the charts'
    behaviour under instant navigation would go untested. The conftest's
    ``traffic`` and ``site_page`` fixtures use this one in this module.
    """
    handler = functools.partial(_QuietHandler, directory=None)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    folder = tmp_path_factory.mktemp("browser-dashboard")
    config = write_project(folder, standard_corpus(), config={"site_url": origin})
    site = build_site(config, strict=True)
    server.RequestHandlerClass = functools.partial(  # type: ignore[assignment]
        _QuietHandler, directory=str(site.site_dir)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, origin
    finally:
        server.shutdown()
        server.server_close()


def wait_for_charts(page: Page, title: str) -> int:
    """Wait for the page titled ``title`` and every chart on it drawn; how many there are.

    Counted in one step: under instant navigation the old page's charts are in
    the document until the new content replaces them.
    """
    expect(page.locator("article h1")).to_have_text(title)
    page.wait_for_function(
        "() => { const n = document.querySelectorAll('.pmkb-chart__spec').length;"
        " return n > 0 && document.querySelectorAll('.pmkb-chart--drawn').length === n; }"
    )
    return page.locator(".pmkb-chart__spec").count()


def plotted(page: Page, key: str, attribute: str = "x") -> list[object]:
    """What Plotly drew for the first trace of chart ``key``."""
    return page.evaluate(
        "([key, attr]) => document.querySelector('#' + key + ' .pmkb-chart__plot').data[0][attr]",
        [key, attribute],
    )


def hover_centre(page: Page, selector: str) -> None:
    page.locator(selector).first.scroll_into_view_if_needed()
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_dashboard_charts_are_drawn_and_hovering_shows_the_numbers(
    site_page: Page, traffic: Traffic
) -> None:
    page = site_page
    page.goto(traffic.origin + "dashboard/")
    count = wait_for_charts(page, "Dashboard")
    # Drawn as SVG, not left as placeholders; the tables fold away.
    assert page.locator(f"{DRAWN} .pmkb-chart__plot svg.main-svg").count() >= count
    assert page.locator(".pmkb-chart__numbers[open]").count() == 0
    assert "assets/pmkb/plotly.min.js" in " ".join(traffic.requests)

    hover_centre(page, "#incidents-over-time .barlayer .point path")
    label = page.locator("#incidents-over-time .hoverlayer .hovertext")
    expect(label).to_contain_text("1 incident")
    expect(label).to_contain_text("PM-2024-010 Orders database failover")


def test_the_charts_on_the_first_screen_are_drawn_first_then_the_others(
    site_page: Page, traffic: Traffic
) -> None:
    page = site_page
    # Which charts are on screen when the chart library arrives (the moment
    # charts.js chooses), and the order in which the charts report themselves drawn.
    page.add_init_script(
        "let plotly; Object.defineProperty(window, 'Plotly', { configurable: true,"
        " get() { return plotly; }, set(value) { plotly = value;"
        " window.pmkbFirstScreen = Array.from(document.querySelectorAll('[data-pmkb-chart]'))"
        ".filter(f => { const b = f.getBoundingClientRect();"
        " return b.bottom > 0 && b.top < window.innerHeight; }).map(f => f.id); } });"
        "window.pmkbDrawnOrder = [];"
        "new MutationObserver(changes => { for (const c of changes) {"
        " const f = c.target; if (f.classList && f.classList.contains('pmkb-chart--drawn')"
        " && !window.pmkbDrawnOrder.includes(f.id)) window.pmkbDrawnOrder.push(f.id); } })"
        ".observe(document, {subtree: true, attributes: true, attributeFilter: ['class']});"
    )
    # A link to a chart low on the page: the reader lands on it.
    page.goto(traffic.origin + "dashboard/#distribution-ttd")
    count = wait_for_charts(page, "Dashboard")
    first_screen = page.evaluate("() => window.pmkbFirstScreen")
    order = page.evaluate("() => window.pmkbDrawnOrder")
    everything = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-pmkb-chart]')).map(f => f.id)"
    )
    assert "distribution-ttd" in first_screen and "incidents-over-time" not in first_screen
    assert sorted(order) == sorted(everything) and len(order) == count
    assert order[: len(first_screen)] == first_screen
    # The rest follow in the page's order.
    assert order[len(first_screen) :] == [f for f in everything if f not in first_screen]
    # Marks for anyone timing the page (the benchmark does): first screen, then all.
    page.wait_for_function("() => performance.getEntriesByName('pmkb:charts-drawn').length")
    marks = page.evaluate(
        "() => ['pmkb:first-screen-drawn', 'pmkb:charts-drawn']"
        ".map(n => performance.getEntriesByName(n).map(e => e.startTime))"
    )
    assert len(marks[0]) == len(marks[1]) == 1 and marks[0][0] <= marks[1][0]


def test_switching_period_redraws_the_charts(site_page: Page, traffic: Traffic) -> None:
    page = site_page
    page.goto(traffic.origin + "dashboard/")
    wait_for_charts(page, "Dashboard")
    # Five incidents: a month or a quarter would hold too few, so years.
    assert plotted(page, "incidents-over-time") == ["2024", "2025"]
    page.locator("nav.pmkb-tabs a", has_text="Last quarter").click()
    page.wait_for_url("**/dashboard/last-quarter/")
    wait_for_charts(page, "Dashboard (last quarter)")
    # The last quarter runs from 2025-03-01 to the as-of date, 2025-06-01: three
    # incidents in one year, too few for a trend, which the page says.
    expect(page.locator("#incidents-over-time .pmkb-chart__empty")).to_contain_text(
        "Too few incidents for a trend in this period: 3"
    )
    # A published report, a draft and one in review: three incidents.
    expect(page.locator(".pmkb-figure__value").first).to_have_text("3")
    assert plotted(page, "distribution-ttd", "name") == "SEV1"


def test_clicking_a_graph_node_opens_its_postmortem(site_page: Page, traffic: Traffic) -> None:
    page = site_page
    page.goto(traffic.origin + "graph/")
    wait_for_charts(page, "Graph")
    # The last trace holds the nodes; its points are in id order.
    urls = page.evaluate(
        "() => { const d = document.querySelector('#related-graph .pmkb-chart__plot').data;"
        " return d[d.length - 1].customdata; }"
    )
    assert urls[0].endswith("incidents/pm-2024-010/")
    mark_for_instant_navigation(page)
    node = "#related-graph .scatterlayer .trace:last-child .point"
    hover_centre(page, node)
    expect(page.locator("#related-graph .hoverlayer .hovertext")).to_contain_text("PM-2024-010")
    box = page.locator(node).first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/incidents/pm-2024-010/")
    expect(page.locator("h1")).to_contain_text("PM-2024-010: ")
    # Opened by instant navigation, as a click on a link would be.
    assert still_same_page(page)


def test_instant_navigation_to_the_dashboard_draws_its_charts(
    site_page: Page, traffic: Traffic
) -> None:
    page = site_page
    mark_for_instant_navigation(page)
    page.locator(".md-tabs__link", has_text="Dashboard").click()
    page.wait_for_url("**/dashboard/")
    wait_for_charts(page, "Dashboard")
    assert still_same_page(page)
    # Away and back again: the charts of the page left are purged, the new ones drawn.
    page.locator(".md-tabs__link", has_text="Graph").click()
    page.wait_for_url("**/graph/")
    wait_for_charts(page, "Graph")
    page.go_back()
    page.wait_for_url("**/dashboard/")
    wait_for_charts(page, "Dashboard")
    assert still_same_page(page)


def test_instant_navigation_to_the_list_builds_the_whole_filterable_list(
    site_page: Page, traffic: Traffic, served_site: tuple[BuiltSite, str]
) -> None:
    """The list's data survives instant navigation (it is not a script Material re-runs)."""
    page = site_page
    site, _ = served_site
    mark_for_instant_navigation(page)
    page.locator(".md-tabs__link", has_text="Post-mortems").click()
    page.wait_for_url("**/incidents/")
    everyone = len(list(site.site_dir.glob("incidents/pm-*/index.html")))
    page.locator("[data-pmkb-ready] .pmkb-filters:not([hidden])").wait_for()
    # The rows are fetched from the page the reader navigated to, not the one they left.
    page.locator("th[data-sort=id] button").click()
    page.locator("th[data-sort=id][aria-sort=ascending]").wait_for(state="attached")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-pmkb-list] tbody tr').length === n", arg=everyone
    )
    assert still_same_page(page)
    assert [u for u in traffic.requests if u.endswith("list.json")] == [
        traffic.origin + "incidents/list.json"
    ]
    page.select_option("select[name=severity]", "SEV1")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-pmkb-list] tbody tr'))"
        ".every(r => r.textContent.includes('SEV1'))"
    )
    assert 0 < page.locator("[data-pmkb-list] tbody tr").count() < everyone
    assert traffic.console_errors == []


def boxes(page: Page, selector: str) -> list[dict[str, float]]:
    """The bounding boxes (page coordinates) of every element matching ``selector``."""
    return page.evaluate(
        "s => Array.from(document.querySelectorAll(s)).map(e => { const r ="
        " e.getBoundingClientRect(); return {x: r.x + scrollX, y: r.y + scrollY,"
        " right: r.right + scrollX, bottom: r.bottom + scrollY, width: r.width}; })",
        selector,
    )


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["right"]
        and b["x"] < a["right"]
        and a["y"] < b["bottom"]
        and b["y"] < a["bottom"]
    )


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("url", ["dashboard/", "dashboard/factors/", "dashboard/action-items/"])
def test_charts_fit_the_screen_and_nothing_covers_a_legend(
    chromium_browser: Browser, served_site: tuple[BuiltSite, str], width: int, url: str
) -> None:
    _, origin = served_site
    context = chromium_browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(origin + url)
        count = wait_for_charts(page, page.locator("article h1").inner_text())
        assert count >= 3
        for key in page.evaluate(
            "() => Array.from(document.querySelectorAll('.pmkb-chart--drawn')).map(f => f.id)"
        ):
            chart = f"#{key}"
            svg = boxes(page, f"{chart} .main-svg")[0]
            # Inside the screen, wide enough to read.
            assert svg["x"] >= 0 and svg["right"] <= width, (key, svg)
            assert svg["width"] >= min(width - 40, 300), (key, svg)
            # No toolbar on a chart: nothing to cover a legend or a bar.
            assert boxes(page, f"{chart} .modebar-btn") == [], key
            plot_area = boxes(page, f"{chart} .cartesianlayer .bglayer rect, {chart} .nsewdrag")
            for legend in boxes(page, f"{chart} .legend .bg"):
                assert legend["right"] <= width + 1, key
                assert not any(overlap(legend, area) for area in plot_area[:1]), key
            # An axis title never sits on its tick labels.
            for title in boxes(page, f"{chart} .g-ytitle text, {chart} .g-xtitle text"):
                for tick in boxes(page, f"{chart} .xtick text, {chart} .ytick text"):
                    assert not overlap(title, tick), key
    finally:
        context.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_the_graph_names_its_clusters_beside_their_colours(
    chromium_browser: Browser, served_site: tuple[BuiltSite, str], width: int
) -> None:
    site, origin = served_site
    context = chromium_browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(origin + "graph/")
        wait_for_charts(page, "Graph")
        clusters = __import__("json").loads((site.site_dir / "data/graph.json").read_text())[
            "clusters"
        ]
        legend = page.locator("#related-graph .pmkb-graph-legend li")
        expect(legend).to_have_count(len(clusters) + 1 if clusters else 1)
        for item in boxes(page, "#related-graph .pmkb-graph-legend li"):
            assert item["x"] >= 0 and item["right"] <= width
        svg = boxes(page, "#related-graph .main-svg")[0]
        assert svg["right"] <= width
        # The zoom buttons sit above the drawing, never on a node.
        for button in boxes(page, "#related-graph .modebar-btn"):
            for node in boxes(page, "#related-graph .scatterlayer .trace:last-child .point"):
                assert not overlap(button, node)
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_graph_can_be_skipped_and_its_post_mortems_reached_from_the_keyboard(
    site_page: Page, traffic: Traffic, width: int
) -> None:
    """From the keyboard the drawn graph was a row of zoom buttons and nothing said that
    the tables under it list its post-mortems: a skip link, shown when focused, says so
    and leads there, and each node's post-mortem is a link a Tab away."""
    page = site_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(traffic.origin + "graph/")
    wait_for_charts(page, "Graph")
    skip = page.locator("a.pmkb-skip")
    # The skip link comes before anything the chart lets the keyboard reach.
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return [e.classList.contains('pmkb-skip'), !!e.closest('.pmkb-chart')]; }"
        )
        assert not focused[1], "the chart's buttons come before the skip link"
        if focused[0]:
            break
    else:
        pytest.fail("no skip link before the graph")
    expect(skip).to_contain_text("the tables below list every post-mortem in it")
    box = skip.bounding_box()
    assert box is not None and box["width"] > 50 and box["height"] > 10
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800, "the focused link is on screen"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => location.hash === '#clusters'"
        " && !document.activeElement.classList.contains('pmkb-skip')"
    )
    # The next Tab leaves the chart behind: it reaches the first post-mortem in the tables.
    urls = page.evaluate(
        "() => { const d = document.querySelector('#related-graph .pmkb-chart__plot').data;"
        " return d[d.length - 1].customdata; }"
    )
    reached = []
    for _ in range(len(urls)):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return [e.href, !!e.closest('.pmkb-chart'), getComputedStyle(e).outlineStyle]; }"
            )
        )
    assert all(not in_chart and outline != "none" for _, in_chart, outline in reached), reached
    assert sorted(href for href, _, _ in reached) == sorted(urljoin(page.url, u) for u in urls)
