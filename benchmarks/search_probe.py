"""Search on a built site: what a reader waits for and fetches, and what indexing costs.

For a site built by ``mkdocs build`` (ours: Pagefind under ``pagefind/``):

* **reader**: in headless Chromium (Debian's ``chromium``), cold cache, for each
  query kind (an id, a service, three words): open the home page, open search
  from the header, type the query; the time from the last keystroke (and from
  the first) to the first result on screen, from the start of the page's load
  to it, and the bytes fetched until then (page included, headers and
  compressed bodies as sent: a static server that compresses sends fewer). Uses
  the search box's contract: ``[data-pmkb-search-open]``,
  ``[data-pmkb-search-input]``, ``[data-pmkb-search-result]``.
* **indexing** (``--index``): Pagefind alone over the site's post-mortem and
  guide pages read back from disk, as the build does on one CPU: wall time and
  the Pagefind process's CPU time.

    python benchmarks/search_probe.py SITE_DIR --id PM-2025-014 --service orders-db \\
        --words "replica lag checkout" [--index] [--runs 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FIRST_RESULT = "[data-pmkb-search-result]"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def reader(site: Path, queries: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import Request, sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict[str, dict[str, list[float]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            for kind, query in queries.items():
                # A fresh context: nothing cached. Requests are counted for the whole
                # context, so that the fetches of Pagefind's worker count too.
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                sizes: list[int] = []

                def finished(request: Request, sizes: list[int] = sizes) -> None:
                    sizes.append(
                        request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
                    )

                context.on("requestfinished", finished)
                page = context.new_page()
                page.goto(origin)
                page.wait_for_load_state("load")
                page.locator("[data-pmkb-search-open]").click()
                box = page.locator("[data-pmkb-search-input]")
                box.wait_for()
                first_key = page.evaluate("() => performance.now()")
                box.press_sequentially(query[:-1])
                last_key = page.evaluate("() => performance.now()")
                box.press(query[-1])
                page.wait_for_selector(FIRST_RESULT)
                shown = page.evaluate("() => performance.now()")
                fetched = sum(sizes)
                text = page.locator(FIRST_RESULT).first.inner_text()
                row = out.setdefault(
                    kind,
                    {"from_last_key_ms": [], "from_first_key_ms": [], "from_open_ms": [], "kb": []},
                )
                row["from_last_key_ms"].append(shown - last_key)
                row["from_first_key_ms"].append(shown - first_key)
                row["from_open_ms"].append(shown)
                row["kb"].append(fetched / 1000)
                print(f"{kind:8} {query!r}: first result {text.splitlines()[0]!r}", file=sys.stderr)
                context.close()
        browser.close()
    server.shutdown()
    return {k: {m: statistics.median(v) for m, v in row.items()} for k, row in out.items()}


def indexing(site: Path) -> dict[str, float]:
    """Pagefind alone over the pages the build indexed (read back, in one process)."""
    from pmkb_mkdocs.search_index import SearchIndexer

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.site.sitebuild import BuiltSite

    urls = list(BuiltSite(site).search_pages())
    scratch = site / ".probe"
    scratch.mkdir(exist_ok=True)
    for url in urls:  # the same files, in a scratch site whose index may be overwritten
        target = scratch / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((site / url / "index.html").read_bytes())
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    indexer = SearchIndexer.start(beside=False)
    for url in urls:
        indexer.add_page(url, "")
    indexer.finish(scratch)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    import shutil

    shutil.rmtree(scratch)
    return {"pages": len(urls), "wall_s": round(wall, 2), "pagefind_cpu_s": round(cpu, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--id", required=True)
    parser.add_argument("--service", required=True)
    parser.add_argument("--words", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--index", action="store_true", help="also time Pagefind alone")
    args = parser.parse_args(argv)
    queries = {"id": args.id, "service": args.service, "words": args.words}
    result: dict[str, object] = {"reader": reader(args.site, queries, args.runs)}
    if args.index:
        result["indexing"] = indexing(args.site)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
