"""Serve a built site on 127.0.0.1 and open it in Debian's headless Chromium through Playwright.

Every page a test opens records each request and console message; a test
fails if any request left the site or any console error appeared.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize

from tests.site.sitebuild import BuiltSite, build_site, standard_corpus, write_project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuiltSite, str]]:
    """The standard corpus, built and served by a plain static file server."""
    folder = tmp_path_factory.mktemp("browser")
    site = build_site(write_project(folder, standard_corpus()), strict=True)
    handler = functools.partial(_QuietHandler, directory=str(site.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        # A failure, not a skip: a suite that passes without its browser tests
        # would hide a broken site. `make test` installs it.
        pytest.fail(f"{CHROMIUM} not found: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Traffic:
    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        home = urlsplit(self.origin).netloc
        return [url for url in self.requests if urlsplit(url).netloc != home]


def mark_for_instant_navigation(page: Page) -> None:
    """Mark the window once Material's instant navigation takes over clicks.

    Material only intercepts a click on a link after it has fetched and read
    the site's ``sitemap.xml``; a click before that is an ordinary full page
    load. Waiting for the network to settle after the page's own load covers
    that fetch. The mark survives instant navigation and dies with a full
    load: assert it with ``still_same_page``.
    """
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.pmkbSamePage = true; }")


def still_same_page(page: Page) -> bool:
    """Whether the window marked by ``mark_for_instant_navigation`` is still the same."""
    return bool(page.evaluate("() => window.pmkbSamePage === true"))


@pytest.fixture
def traffic(served_site: tuple[BuiltSite, str]) -> Traffic:
    return Traffic(served_site[1])


def watched_page(browser: Browser, traffic: Traffic, viewport: ViewportSize) -> Iterator[Page]:
    """A fresh page of ``viewport`` at the site's home; after it, no request may have left the site."""
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.on("request", lambda request: traffic.requests.append(request.url))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            traffic.console_errors.append(message.text)

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: traffic.console_errors.append(str(error)))
    # Anything bound elsewhere is recorded above and then refused, so that a
    # leak fails the test instead of waiting on a network that is not there.
    tab.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).netloc == urlsplit(traffic.origin).netloc
            else route.abort()
        ),
    )
    tab.goto(traffic.origin)
    yield tab
    context.close()
    assert traffic.outside == [], "requests left the site"
    assert traffic.console_errors == [], "console errors"
    assert traffic.requests, "the page made no request at all"


@pytest.fixture
def site_page(chromium_browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A fresh page at the site's home; after the test, no request may have left the site."""
    yield from watched_page(chromium_browser, traffic, {"width": 1280, "height": 900})
