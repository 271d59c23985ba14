"""Every page of the hostile site, opened in headless Chromium: no payload runs or appears.

The site built from the hostile corpus is served on 127.0.0.1 and every HTML
page it holds is opened in one browser tab, one after the other. On each,
``payloads.DETECT_JS`` must find nothing (no ``window.__pwned``, no element
with an injected id, no handler, no script URL, no evaluated template). The
tab records every request, dialog and console message along the way: no
request may leave 127.0.0.1, no dialog may open, no script may fail.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Response

from tests.hostile import payloads as P
from tests.hostile.hostile_site import build_hostile_site
from tests.site.sitebuild import BuiltSite

pytestmark = pytest.mark.browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_hostile_site(tmp_path_factory.mktemp("hostile-browser"))


@pytest.fixture(scope="module")
def origin(hostile_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(hostile_site.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Recorder:
    """What one tab did: requests, dialogs, console errors and uncaught exceptions."""

    origin: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Files of the site asked for and not found.
    missing: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        home = urlsplit(self.origin).netloc
        return [url for url in self.requests if urlsplit(url).netloc != home]


@pytest.fixture(scope="module")
def tab(chromium_browser: Browser, origin: str) -> Iterator[tuple[Page, Recorder]]:
    """One tab for every page; after the module, nothing may have left the site."""
    record = Recorder(origin)
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    home = urlsplit(origin).netloc

    def on_dialog(dialog: Dialog) -> None:
        record.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            record.errors.append(f"{page.url}: {message.text}")

    def on_failed(request: Request) -> None:
        # Requests to elsewhere are refused below and counted as leaving the site;
        # a request cut short by the next page is no error.
        if urlsplit(request.url).netloc == home and request.failure != "net::ERR_ABORTED":
            record.errors.append(f"{page.url}: {request.url} failed ({request.failure})")

    def on_response(response: Response) -> None:
        # An image a body names and nobody added is the author's to fix; any
        # other file the site asks for and lacks is the site's.
        if response.status >= 400 and response.request.resource_type != "image":
            record.missing.append(response.url)

    page.on("request", lambda request: record.requests.append(request.url))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: record.errors.append(f"{page.url}: {error}"))
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).netloc == home else route.abort()
        ),
    )
    yield page, record
    context.close()


#: True once every chart of the page is drawn (or when it has none).
ALL_CHARTS_DRAWN = (
    "() => document.querySelectorAll('.pmkb-chart__spec').length"
    " === document.querySelectorAll('.pmkb-chart--drawn').length"
)


def page_urls(site: BuiltSite) -> list[str]:
    """Site-relative URL of every HTML file, encoded as a link to it would be."""
    urls = []
    for path in site.files():
        if path.suffix != ".html":
            continue
        rel = path.relative_to(site.site_dir).as_posix()
        urls.append(quote(rel.removesuffix("index.html")))
    return urls


def test_no_payload_runs_or_appears_on_any_page(
    hostile_site: BuiltSite, tab: tuple[Page, Recorder], origin: str
) -> None:
    page, record = tab
    urls = page_urls(hostile_site)
    assert len(urls) > 50
    found = {}
    for url in urls:
        response = page.goto(origin + url, wait_until="load")
        assert response is not None and response.status == 200, url
        if url == "incidents/":
            # The list draws its rows from its fetched data once asked to: sort it,
            # so that every row is written by the script, and wait until it has.
            page.wait_for_selector("[data-pmkb-ready] .pmkb-filters:not([hidden])")
            page.locator("th[data-sort=title] button").click()
            page.wait_for_selector("th[data-sort=title][aria-sort=ascending]")
        # Charts are drawn from their JSON once the chart library has loaded.
        page.wait_for_function(ALL_CHARTS_DRAWN)
        detected = page.evaluate(P.DETECT_JS)
        if detected:
            found[url] = detected
    assert found == {}
    assert record.dialogs == []
    assert record.outside == []
    assert record.errors == []
    assert record.missing == []


def test_search_results_show_the_payloads_as_text(tab: tuple[Page, Recorder], origin: str) -> None:
    page, record = tab
    page.goto(origin)
    page.locator("[data-pmkb-search-open]").click()
    box = page.locator("[data-pmkb-search-input]")
    # Words of the payloads in titles and bodies: the results show them, highlighted.
    for query in ("autofocus", "script", "bold", "pwned"):
        box.fill("")
        box.type(query)
        results = page.locator("[data-pmkb-search-result]")
        results.first.wait_for()
        assert results.count() >= 1, query
        assert page.evaluate(P.DETECT_JS) == [], query
    assert record.dialogs == [] and record.outside == [] and record.errors == []


def test_kept_markup_is_on_the_page_of_its_postmortem(
    hostile_site: BuiltSite, tab: tuple[Page, Recorder], origin: str
) -> None:
    page, _ = tab
    body_text = P.by_file(P.KEPT_FILE)
    assert body_text
    # The page of the file that keeps the markup: the one whose body holds KEPT-KBD.
    url = next(
        u
        for u in page_urls(hostile_site)
        if u.startswith("incidents/pm-") and "KEPT-KBD" in hostile_site.html(u)
    )
    page.goto(origin + url)
    for selector, text in P.KEPT.items():
        element = page.locator(f".pmkb-body {selector}").filter(has_text=text)
        assert element.count() >= 1, selector
    # The details element opens and closes as a reader expects, and runs nothing.
    page.locator(".pmkb-body details > summary").filter(has_text="KEPT-SUMMARY").first.click()
    assert page.evaluate(P.DETECT_JS) == []


#: Hover over every point of every chart of the page, one at a time, through Plotly's
#: own API; returns the text of each hover box drawn.
HOVER_EVERY_POINT_JS = r"""
async () => {
  // Plotly throttles hovers (one per 50 ms, the last one wins): wait between them.
  const pause = () => new Promise(resolve => setTimeout(resolve, 60));
  const texts = [];
  for (const plot of document.querySelectorAll(".pmkb-chart__plot[data-drawn]")) {
    const traces = plot.data || [];
    for (let curve = 0; curve < traces.length; curve++) {
      if (traces[curve].hoverinfo === "skip") continue;
      const points = (traces[curve].x || traces[curve].y || []).length;
      for (let point = 0; point < points; point++) {
        window.Plotly.Fx.hover(plot, [{curveNumber: curve, pointNumber: point}]);
        await pause();
        const box = plot.querySelector(".hoverlayer");
        if (box && box.textContent) texts.push(box.textContent);
      }
      window.Plotly.Fx.unhover(plot);
    }
  }
  return texts;
}
"""


def test_chart_hover_boxes_show_titles_as_text(
    hostile_site: BuiltSite, tab: tuple[Page, Recorder], origin: str
) -> None:
    """Plotly reads a little HTML in hover text: the titles in it must come out as text."""
    page, record = tab
    page.goto(origin + "dashboard/")
    page.wait_for_function(ALL_CHARTS_DRAWN)
    assert page.locator(".pmkb-chart--drawn").count() > 3
    texts = page.evaluate(HOVER_EVERY_POINT_JS)
    assert len(texts) > 10
    # The title that is a script, read as the characters its author typed.
    assert any("<script>window.__pwned='title-script'" in text for text in texts)
    assert page.evaluate(P.DETECT_JS) == []
    assert record.dialogs == [] and record.outside == [] and record.errors == []
