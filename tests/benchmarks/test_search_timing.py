"""The search driver finds a first result on a small built site, by either search box, and counts bytes."""

from __future__ import annotations

import json
import shutil
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_site import serve_folder
from playwright.sync_api import Browser, sync_playwright
from process_usage import run_measured
from search_timing import Query, time_search

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

#: A page that keeps our search box's contract, over a three-entry index it fetches on first use.
CONTRACT_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Home</title></head><body>
<header><button type="button" data-pmkb-search-open>Search</button></header>
<div id="box" hidden><input data-pmkb-search-input><ol id="results"></ol></div>
<script>
document.querySelector('[data-pmkb-search-open]').addEventListener('click', () => {
  document.getElementById('box').hidden = false;
});
document.querySelector('[data-pmkb-search-input]').addEventListener('input', async event => {
  const query = event.target.value.trim().toLowerCase();
  const index = await (await fetch('index.json')).json();
  document.getElementById('results').replaceChildren(...index
    .filter(entry => entry.text.includes(query))
    .map(entry => {
      const item = document.createElement('li');
      item.setAttribute('data-pmkb-search-result', '');
      const link = document.createElement('a');
      link.href = entry.url;
      link.textContent = entry.text;
      item.append(link);
      return item;
    }));
});
</script></body></html>
"""
INDEX = [
    {"url": "incidents/pm-2025-001/", "text": "pm-2025-001 checkout errors"},
    {"url": "incidents/pm-2025-002/", "text": "pm-2025-002 search latency"},
    {"url": "incidents/pm-2025-003/", "text": "pm-2025-003 dns outage"},
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `make test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


def test_the_server_counts_every_byte_it_sends(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_bytes(b"x" * 10_000)
    with (
        serve_folder(tmp_path) as (base, traffic),
        urllib.request.urlopen(base + "data.json") as response,
    ):
        body = response.read()
        headers = str(response.headers)
        # The server counts a response once it has written all of it.
        deadline = time.monotonic() + 10
        while not traffic.requests and time.monotonic() < deadline:
            time.sleep(0.01)
    assert len(body) == 10_000
    assert traffic.requests == 1
    # The status line and headers, then the body.
    assert 10_000 + len(headers) < traffic.bytes_sent < 10_000 + len(headers) + 100
    assert traffic.paths == {"/data.json": traffic.bytes_sent}


@pytest.mark.browser
def test_our_search_box_is_driven_by_its_contract(tmp_path: Path, browser: Browser) -> None:
    (tmp_path / "index.html").write_text(CONTRACT_PAGE, encoding="utf-8")
    (tmp_path / "index.json").write_text(json.dumps(INDEX), encoding="utf-8")
    with serve_folder(tmp_path) as (base, traffic):
        timing = time_search(
            browser, base, traffic, Query("id", "PM-2025-002", "incidents/pm-2025-002/")
        )
    assert timing.search_box == "ours"
    assert timing.first_result == "incidents/pm-2025-002/"
    assert timing.first_is_expected is True
    assert 0 <= timing.from_typing_ms <= timing.from_opening_ms
    # The page and the index it fetched on first use (and a favicon the browser asks for).
    page_and_index = len(CONTRACT_PAGE.encode()) + len(json.dumps(INDEX))
    assert timing.bytes_fetched > page_and_index
    assert {"/", "/index.json"} <= set(timing.fetched)


@pytest.mark.browser
def test_a_query_typed_key_by_key_is_timed_from_its_last_key(
    tmp_path: Path, browser: Browser
) -> None:
    # This page draws each key's results 300 ms after the key.
    page = CONTRACT_PAGE.replace(
        "document.getElementById('results').replaceChildren(",
        "await new Promise(done => setTimeout(done, 300));\n  "
        "document.getElementById('results').replaceChildren(",
    )
    assert page != CONTRACT_PAGE
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "index.json").write_text(json.dumps(INDEX), encoding="utf-8")
    query = Query("id", "PM-2025-003", "incidents/pm-2025-003/")
    with serve_folder(tmp_path) as (base, traffic):
        timing = time_search(browser, base, traffic, query, key_interval_ms=100)
    assert timing.key_interval_ms == 100
    assert timing.search_box == "ours"
    # Results were on the page while the query was typed; what counts is the first
    # drawn after the last key (by one of the last keys, 300 ms after it), and the
    # typing before that key is not counted.
    assert timing.from_typing_ms > 0
    assert timing.from_opening_ms >= timing.from_typing_ms + (len(query.text) - 1) * 100
    assert {"/", "/index.json"} <= set(timing.fetched)


@pytest.mark.browser
def test_typed_key_by_key_only_the_results_of_the_whole_text_count(
    tmp_path: Path, browser: Browser
) -> None:
    """Results of a shorter text still being drawn after the last key (this page draws each
    key's results 300 ms after it, keys come every 100 ms) are not the query's: a list that
    says which text its results are for is waited on until it shows the whole text's."""
    page = CONTRACT_PAGE.replace(
        "const query = event.target.value.trim().toLowerCase();",
        "const typed = event.target.value;\n  const query = typed.trim().toLowerCase();",
    ).replace(
        "document.getElementById('results').replaceChildren(",
        "await new Promise(done => setTimeout(done, 300));\n  "
        "document.getElementById('results').setAttribute('data-pmkb-results-for', typed);\n  "
        "document.getElementById('results').replaceChildren(",
    )
    assert page.count("data-pmkb-results-for") == 1 and "const typed" in page
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "index.json").write_text(json.dumps(INDEX), encoding="utf-8")
    # "PM-2025-00" finds all three, PM-2025-001 first; the whole id finds its own.
    query = Query("id", "PM-2025-003", "incidents/pm-2025-003/")
    with serve_folder(tmp_path) as (base, traffic):
        timing = time_search(browser, base, traffic, query, key_interval_ms=100)
    assert timing.first_result == "incidents/pm-2025-003/"
    assert timing.first_is_expected is True
    # Drawn 300 ms after the last key, not when an earlier key's results came after it.
    assert timing.from_typing_ms >= 250


@pytest.mark.browser
def test_a_plain_material_site_is_searched_with_materials_box(
    tmp_path: Path, browser: Browser
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    for name, words in [("alpha", "checkout errors"), ("beta", "zeppelin latency")]:
        (docs / f"{name}.md").write_text(f"# {name.title()}\n\nSome {words}.\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: t\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    built = run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)])
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    with serve_folder(site) as (base, traffic):
        timing = time_search(browser, base, traffic, Query("words", "zeppelin", "beta/"))
    assert timing.search_box == "material"
    assert timing.first_result == "beta/"
    assert timing.first_is_expected is True
    # Material's search downloads the whole index before it shows anything.
    index_size = (site / "search" / "search_index.json").stat().st_size
    assert timing.bytes_fetched > index_size + (site / "index.html").stat().st_size
    assert timing.fetched["/search/search_index.json"] > index_size
