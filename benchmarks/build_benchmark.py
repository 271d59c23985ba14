"""Build benchmark: our site against a plain MkDocs + Material site of the same pages.

For each corpus size N it generates N realistic post-mortems (see
``generate_corpus.py``), then builds, alternating in one run so that both see
the same machine load:

* **plain**: MkDocs + Material over exactly the same Markdown files, the
  post-mortems out of the navigation (``not_in_nav``), no plugin of ours;
* **ours**: the project's ``mkdocs.yml`` with the ``postmortems`` plugin and
  all analytics, pointed at the same folder.

Each build is a fresh process. It reports medians over the runs: wall time,
our/plain ratio, peak memory (maximum resident set size of the build
process), total site size, ``search_index.json`` size (and per post-mortem),
the weight of the dashboard and all-incidents pages (their HTML plus the
scripts, styles and images they load, without the shared chart library and
Material's own bundle), the size of the list's data file (fetched on a
reader's first filter), the time until each page is usable in headless
Chromium (Debian's ``chromium``; for the dashboard, the charts on its first
screen drawn, and in brackets every chart drawn) and the time a first filter
of the list takes, and the time the
analytics take on their own (load, validate, aggregate, graph), cold and in a
``mkdocs serve``-style rebuild after one post-mortem is edited.

    python benchmarks/build_benchmark.py --quick           # N = 200, 3 runs
    python benchmarks/build_benchmark.py                   # N = 1,000 / 5,000 / 10,000
    python benchmarks/build_benchmark.py --sizes 1000 --runs 5

Results go to stdout as a Markdown table and to ``benchmarks/out/results.json``.
The machine matters: run it on an otherwise idle machine, and compare ratios
(measured in the same run) rather than absolute times across machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
AS_OF = "2026-11-22"

PLAIN_CONFIG = """\
site_name: Plain MkDocs + Material
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  font: false
plugins:
  - search
not_in_nav: |
  /[0-9][0-9][0-9][0-9]/
markdown_extensions:
  - tables
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
"""

OURS_CONFIG = """\
INHERIT: {repo_config}
docs_dir: {docs}
site_dir: {site}
plugins:
  postmortems:
    as_of: {as_of}
"""

#: Pages whose weight the targets bound, and how to find the data files they fetch.
WEIGHED_PAGES = {
    "dashboard": "dashboard/index.html",
    "incidents list": "incidents/index.html",
}
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
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: Shared assets that are excluded from page weight (cached once for the whole site).
SHARED_ASSET_MARKERS = ("plotly", "assets/javascripts/", "assets/stylesheets/")


@dataclass
class BuildRun:
    wall_s: float
    max_rss_mb: float


@dataclass
class SizeResult:
    n: int
    runs: int
    plain: list[BuildRun] = field(default_factory=list)
    ours: list[BuildRun] = field(default_factory=list)
    plain_site_mb: float = 0.0
    ours_site_mb: float = 0.0
    plain_search_index_kb: float = 0.0
    ours_search_index_kb: float = 0.0
    page_weights_kb: dict[str, float | None] = field(default_factory=dict)
    analytics_cold_s: list[float] = field(default_factory=list)
    #: The cold runs without the open-data files and the dashboard's shorter periods
    analytics_core_s: list[float] = field(default_factory=list)
    analytics_rebuild_body_s: list[float] = field(default_factory=list)
    analytics_rebuild_frontmatter_s: list[float] = field(default_factory=list)
    analytics_stages: dict[str, float] = field(default_factory=dict)
    #: page -> milliseconds from navigation start until usable (median of loads)
    interactive_ms: dict[str, float | None] = field(default_factory=dict)

    def median(self, runs: list[BuildRun], attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs)

    def summary(self) -> dict[str, float | int | None]:
        plain_s = self.median(self.plain, "wall_s")
        ours_s = self.median(self.ours, "wall_s")
        plain_mb = self.median(self.plain, "max_rss_mb")
        ours_mb = self.median(self.ours, "max_rss_mb")
        cold = statistics.median(self.analytics_cold_s) if self.analytics_cold_s else None
        core = statistics.median(self.analytics_core_s) if self.analytics_core_s else None
        body = (
            statistics.median(self.analytics_rebuild_body_s)
            if self.analytics_rebuild_body_s
            else None
        )
        fm = (
            statistics.median(self.analytics_rebuild_frontmatter_s)
            if self.analytics_rebuild_frontmatter_s
            else None
        )
        return {
            "n": self.n,
            "runs": self.runs,
            "plain_build_s": round(plain_s, 2),
            "ours_build_s": round(ours_s, 2),
            "ratio": round(ours_s / plain_s, 3),
            "plain_max_rss_mb": round(plain_mb, 1),
            "ours_max_rss_mb": round(ours_mb, 1),
            "rss_ratio": round(ours_mb / plain_mb, 3),
            "plain_site_mb": round(self.plain_site_mb, 1),
            "ours_site_mb": round(self.ours_site_mb, 1),
            "plain_search_index_kb": round(self.plain_search_index_kb, 1),
            "ours_search_index_kb": round(self.ours_search_index_kb, 1),
            "plain_search_kb_per_pm": round(self.plain_search_index_kb / self.n, 2),
            "ours_search_kb_per_pm": round(self.ours_search_index_kb / self.n, 2),
            **{f"{name} kb": weight for name, weight in self.page_weights_kb.items()},
            **{f"{name} ms": ms for name, ms in self.interactive_ms.items()},
            "analytics_cold_s": None if cold is None else round(cold, 2),
            "analytics_share_of_build": None if cold is None else round(cold / ours_s, 3),
            "analytics_core_s": None if core is None else round(core, 2),
            "analytics_core_share_of_build": None if core is None else round(core / ours_s, 3),
            "rebuild_after_body_edit_s": None if body is None else round(body, 3),
            "rebuild_after_frontmatter_edit_s": None if fm is None else round(fm, 3),
            "rebuild_body_vs_cold": None if (body is None or not cold) else round(body / cold, 3),
            "rebuild_frontmatter_vs_cold": None
            if (fm is None or not cold)
            else round(fm / cold, 3),
        }


def _build(config: Path) -> BuildRun:
    """One build in a fresh process: wall time and its peak resident memory."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "-f", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    # wait4 gives this child's own rusage; ru_maxrss is in KiB on Linux.
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{stderr[-3000:]}")
    return BuildRun(wall, usage.ru_maxrss / 1024)


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class _LoadedResources(HTMLParser):
    """Collects what a browser fetches to show a page: scripts, styles, preloads, images.

    Links a reader may follow (``<a href>``, such as the open-data downloads) are
    not part of the page's weight.
    """

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


def _page_weight(site: Path, page: str) -> float | None:
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


def _interactive(site: Path, loads: int = 3) -> dict[str, float | None]:
    """Milliseconds until each weighed page is usable, each load in a fresh browser context."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=site)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict[str, float | None] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, page_path in WEIGHED_PAGES.items():
                if not (site / page_path).is_file():
                    out[name] = None
                    continue
                times, first_filter, every_chart = [], [], []
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
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def _analytics_timings(docs: Path, runs: int) -> dict[str, list[float] | dict[str, float]]:
    """Analytics measured in child processes, so every cold run is really cold."""
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "analytics_timing.py"),
            str(docs),
            "--runs",
            str(runs),
            "--as-of",
            AS_OF,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def run_size(n: int, runs: int, out: Path, regenerate: bool, browser: bool) -> SizeResult:
    from generate_corpus import generate

    docs = out / f"corpus-{n}"
    if regenerate or not docs.is_dir():
        shutil.rmtree(docs, ignore_errors=True)
        generate(n, docs)
    plain_cfg = out / f"plain-{n}.yml"
    ours_cfg = out / f"ours-{n}.yml"
    plain_site, ours_site = out / f"site-plain-{n}", out / f"site-ours-{n}"
    plain_cfg.write_text(PLAIN_CONFIG.format(docs=docs, site=plain_site), encoding="utf-8")
    ours_cfg.write_text(
        OURS_CONFIG.format(repo_config=REPO / "mkdocs.yml", docs=docs, site=ours_site, as_of=AS_OF),
        encoding="utf-8",
    )
    result = SizeResult(n, runs)
    for index in range(runs):
        # Alternate, and swap who goes first, so drift in machine load hits both.
        order = [("plain", plain_cfg), ("ours", ours_cfg)]
        if index % 2:
            order.reverse()
        for name, config in order:
            run = _build(config)
            getattr(result, name).append(run)
            print(
                f"  N={n} run {index + 1}/{runs} {name}: {run.wall_s:.2f} s, "
                f"{run.max_rss_mb:.0f} MB",
                file=sys.stderr,
            )
    result.plain_site_mb = _folder_size(plain_site) / 1e6
    result.ours_site_mb = _folder_size(ours_site) / 1e6
    result.plain_search_index_kb = (
        plain_site / "search" / "search_index.json"
    ).stat().st_size / 1024
    result.ours_search_index_kb = (ours_site / "search" / "search_index.json").stat().st_size / 1024
    result.page_weights_kb = {
        name: _page_weight(ours_site, page) for name, page in WEIGHED_PAGES.items()
    }
    # Fetched by the list page on a reader's first filter, sort or "show more".
    list_data = ours_site / "incidents" / "list.json"
    if list_data.is_file():
        result.page_weights_kb["list data"] = round(list_data.stat().st_size / 1024, 1)
    if browser:
        result.interactive_ms = _interactive(ours_site)
    timings = _analytics_timings(docs, runs)
    result.analytics_cold_s = timings["cold"]  # type: ignore[assignment]
    result.analytics_core_s = timings["cold_core"]  # type: ignore[assignment]
    result.analytics_rebuild_body_s = timings["rebuild_body"]  # type: ignore[assignment]
    result.analytics_rebuild_frontmatter_s = timings["rebuild_frontmatter"]  # type: ignore[assignment]
    result.analytics_stages = timings["stages"]  # type: ignore[assignment]
    return result


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import material
    import mkdocs

    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"MkDocs {mkdocs.__version__}, Material {material.__version__}, {platform.system()}"
    )


def markdown_table(rows: list[dict[str, float | int | None]]) -> str:
    columns = [
        ("N", "n"),
        ("plain build s", "plain_build_s"),
        ("our build s", "ours_build_s"),
        ("ours/plain", "ratio"),
        ("plain RSS MB", "plain_max_rss_mb"),
        ("our RSS MB", "ours_max_rss_mb"),
        ("RSS ratio", "rss_ratio"),
        ("site MB (plain / ours)", None),
        ("search index KB per PM (plain / ours)", None),
        ("dashboard KB", "dashboard kb"),
        ("list KB", "incidents list kb"),
        ("list data KB (on first use)", "list data kb"),
        ("dashboard ready ms (every chart)", None),
        ("list ready ms", "incidents list ms"),
        ("list first filter ms", "incidents list first filter ms"),
        ("analytics s", "analytics_cold_s"),
        ("analytics / build", "analytics_share_of_build"),
        ("load, validate, aggregate, graph s", "analytics_core_s"),
        ("load, validate, aggregate, graph / build", "analytics_core_share_of_build"),
        ("rebuild after edit / cold (body; frontmatter)", None),
    ]
    head = "| " + " | ".join(c for c, _ in columns) + " |"
    rule = "|" + "|".join("---:" for _ in columns) + "|"
    lines = [head, rule]
    for row in rows:
        cells = []
        for title, key in columns:
            if title.startswith("site MB"):
                cells.append(f"{row['plain_site_mb']} / {row['ours_site_mb']}")
            elif title.startswith("search index"):
                cells.append(f"{row['plain_search_kb_per_pm']} / {row['ours_search_kb_per_pm']}")
            elif title.startswith("dashboard ready"):
                cells.append(f"{row.get('dashboard ms')} ({row.get('dashboard every chart ms')})")
            elif title.startswith("rebuild"):
                cells.append(f"{row['rebuild_body_vs_cold']}; {row['rebuild_frontmatter_vs_cold']}")
            else:
                value = row.get(key) if key else None
                cells.append("-" if value is None else f"{value:,}" if key == "n" else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind per size")
    parser.add_argument("--quick", action="store_true", help="N = 200, 3 runs: a smoke test")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument(
        "--regenerate", action="store_true", help="regenerate corpora already on disk"
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="skip the time-to-interactive measurement in headless Chromium",
    )
    args = parser.parse_args(argv)
    sizes = [200] if args.quick else args.sizes
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    rows = []
    results = []
    for n in sizes:
        print(f"N={n}: generating and building...", file=sys.stderr)
        result = run_size(n, args.runs, args.out, args.regenerate, not args.no_browser)
        results.append(result)
        rows.append(result.summary())
    report = {
        "date": dt.date.today().isoformat(),
        "machine": _machine(),
        "as_of": AS_OF,
        "rows": rows,
        "raw": [asdict(r) for r in results],
    }
    (args.out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"Machine: {report['machine']}\n")
    print(markdown_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
