"""The weight of the dashboard and the all-incidents list, and how soon each is usable.

A page's weight is its HTML plus the site's own scripts, styles and images it
loads, without the shared chart library and Material's own bundle (fetched
once for the whole site); links a reader may follow (the open-data downloads)
are not part of it. Usable means, in headless Chromium: for the dashboard, the
charts of its first screen drawn (and, apart, every chart); for the list, its
rows on screen, then how long a first filter takes.
"""

from __future__ import annotations

import statistics
from html.parser import HTMLParser
from pathlib import Path

from local_site import serve_folder
from playwright.sync_api import Browser

#: Pages whose weight the targets bound.
WEIGHED_PAGES = {
    "dashboard": "dashboard/index.html",
    "incidents list": "incidents/index.html",
}
#: Fetched by the list page on a reader's first filter, sort or "show more".
LIST_DATA = "incidents/list.json"
#: When each weighed page is usable: a JavaScript condition, checked in headless Chromium.
READY = {
    # charts.js marks when the charts of the first screen are drawn, then every chart
    "dashboard": "performance.getEntriesByName('pmkb:charts-drawn').length > 0",
    # the filterable list built from its data, rows on screen
    "incidents list": "document.querySelector('[data-pmkb-ready]') !== null"
    " && document.querySelectorAll('[data-pmkb-list] tbody tr').length > 0",
}
#: Milliseconds from the start of the page's load to a performance mark.
MARK = "name => performance.getEntriesByName(name)[0].startTime"
#: The list shows the rows a filter chose (fetched, decoded and drawn).
LIST_FILTERED = (
    "() => !document.querySelector('[data-pmkb-list]').hasAttribute('aria-busy')"
    " && / match$/.test(document.querySelector('.pmkb-list__count').textContent)"
)
#: Shared assets that are excluded from page weight (cached once for the whole site).
SHARED_ASSET_MARKERS = ("plotly", "assets/javascripts/", "assets/stylesheets/")


class _LoadedResources(HTMLParser):
    """Collects what a browser fetches to show a page: scripts, styles, preloads, images."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img") and values.get("src"):
            self.refs.add(values["src"] or "")
        elif tag == "link" and values.get("href"):
            rel = set((values.get("rel") or "").split())
            if rel & {"stylesheet", "preload", "modulepreload"}:
                self.refs.add(values["href"] or "")


def page_weight_kb(site: Path, page: str) -> float | None:
    """KiB of a page's HTML plus the site-local resources it loads, shared assets excluded."""
    path = site / page
    if not path.is_file():
        return None
    html = path.read_text(encoding="utf-8")
    total = len(html.encode())
    parser = _LoadedResources()
    parser.feed(html)
    for ref in sorted(parser.refs):
        ref = ref.split("#", 1)[0].split("?", 1)[0]
        if any(marker in ref for marker in SHARED_ASSET_MARKERS) or ref.startswith(
            ("http:", "https:", "data:", "//")
        ):
            continue
        target = (path.parent / ref).resolve()
        if target.is_file() and site.resolve() in target.parents:
            total += target.stat().st_size
    return round(total / 1024, 1)


def weights_kb(site: Path) -> dict[str, float | None]:
    """The weighed pages' weights, and the list's data file fetched on first use."""
    weights = {name: page_weight_kb(site, page) for name, page in WEIGHED_PAGES.items()}
    data = site / LIST_DATA
    weights["list data"] = round(data.stat().st_size / 1024, 1) if data.is_file() else None
    return weights


def usable_ms(site: Path, browser: Browser, loads: int = 3) -> dict[str, float | None]:
    """Milliseconds until each weighed page is usable, each load in a fresh browser context."""
    out: dict[str, float | None] = {}
    with serve_folder(site) as (base, _):
        for name, page_path in WEIGHED_PAGES.items():
            if not (site / page_path).is_file():
                out[name] = None
                continue
            times: list[float] = []
            first_filter: list[float] = []
            every_chart: list[float] = []
            for _ in range(loads):
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + page_path.removesuffix("index.html"))
                page.wait_for_function(READY[name], timeout=60_000)
                if name == "dashboard":
                    # Read from the page's own marks: polling from outside
                    # waits for frames the drawing may hold back.
                    times.append(page.evaluate(MARK, "pmkb:first-screen-drawn"))
                    every_chart.append(page.evaluate(MARK, "pmkb:charts-drawn"))
                else:
                    times.append(page.evaluate("performance.now()"))
                if name == "incidents list":
                    # The list fetches its rows on first use: time a reader's
                    # first filter, from the choice to the filtered rows.
                    started = page.evaluate("performance.now()")
                    page.select_option("select[name=service]", index=1)
                    page.wait_for_function(LIST_FILTERED, timeout=60_000)
                    first_filter.append(page.evaluate("performance.now()") - started)
                context.close()
            out[name] = round(statistics.median(times))
            if first_filter:
                out[f"{name} first filter"] = round(statistics.median(first_filter))
            if every_chart:
                out[f"{name} every chart"] = round(statistics.median(every_chart))
    return out
