"""Benchmark: our site against plain MkDocs + Material on the same corpus.

For each corpus size N it generates N realistic post-mortems
(``generate_corpus.py``) and measures two sites of exactly the same Markdown:

* **plain**: MkDocs + Material with Material's search plugin and the same
  Markdown extensions as our ``mkdocs.yml``, post-mortems out of the
  navigation, a one-line home page, no plugin of ours;
* **ours**: the project's ``mkdocs.yml``, pointed at the same files.

What it reports (medians; plain and ours alternate, every build is a fresh
process):

1. **Build**: wall time, CPU time (user + system of the build and of every
   process it starts, the search indexer included), their ratios, peak memory,
   and each part's share of the CPU: MkDocs and Material, our plugin (its event
   handlers and the processes it starts), the search indexer (Material's
   search plugin, or the Pagefind processes). ``build_driver.py`` runs each
   build and times the plugins' events; ``process_usage.py`` accounts for the
   processes. Twice: *warm*, each side building into the site folder its
   previous build left (as a rebuild does: Pagefind keeps the index fragments
   that did not change), and *cold*, into a folder removed just before (a fresh
   clone's first build, CI); ``--no-cold`` skips the cold builds.
2. **Search** in headless Chromium, cold, for an id, a service and three words
   from a body: time to the first result from typing and from opening the home
   page, bytes fetched (``search_timing.py``); and each query typed again key by
   key at ten keys a second, from the last key to the first result drawn after it.
3. **Preview** under ``make serve``: a body edit and a title edit, until served
   (``preview_timing.py``).
4. **Pages**: the weight of the dashboard and the list and when each is usable
   (``page_weight.py``), the size of the site and of its search files.

    python benchmarks/build_benchmark.py --quick          # N = 200
    python benchmarks/build_benchmark.py                  # N = 2,000 and 10,000
    python benchmarks/build_benchmark.py --sizes 500 --runs 5 --no-preview
    python benchmarks/build_benchmark.py --sizes 2000 --no-preview --no-browser --no-cold

Results go to stdout as Markdown tables and to ``benchmarks/out/results.json``
(every run). Compare ratios measured in the same run, not absolute times across
machines, and run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import yaml
from generate_corpus import generate
from local_site import serve_folder
from markdown_tables import markdown_report
from mkdocs.utils.yaml import yaml_load
from page_weight import usable_ms, weights_kb
from pagefind.service import get_executable
from playwright.sync_api import Browser, sync_playwright
from preview_timing import PLAIN_HOME, Target, read_target, run_session
from process_usage import run_measured
from search_timing import Query, time_search

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
AS_OF = "2026-11-22"
SIDES = ("plain", "ours")
#: Where a build writes: over the site its side's previous build left, or into no folder at all.
FOLDERS = ("warm", "cold")
SEARCH_BOXES = {"ours": "our search box", "material": "Material's search box"}
#: A reader's pace when a query is also typed key by key: ten keys a second.
KEY_INTERVAL_MS = 100
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

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
{extensions}
"""

OURS_CONFIG = """\
INHERIT: {repo_config}
docs_dir: {docs}
site_dir: {site}
plugins:
  postmortems:
    as_of: {as_of}
"""


def markdown_extensions(config: Path = REPO / "mkdocs.yml") -> str:
    """Our ``mkdocs.yml``'s ``markdown_extensions`` (read as MkDocs reads it), as YAML."""
    with config.open("rb") as source:
        extensions = yaml_load(source).get("markdown_extensions", [])
    return str(yaml.safe_dump(extensions, default_flow_style=False, sort_keys=False))


def plain_config(docs: str, site: str) -> str:
    extensions = "\n".join("  " + line for line in markdown_extensions().splitlines())
    return PLAIN_CONFIG.format(docs=docs, site=site, extensions=extensions)


# --- 1. Build ---------------------------------------------------------------------------


def is_indexer_plugin(name: str) -> bool:
    """Material's search plugin is registered as ``material/search`` (or ``search``)."""
    return name.rsplit("/", 1)[-1] == "search" or "pagefind" in name


def is_indexer_process(argv: Sequence[str], name: str) -> bool:
    """Pagefind's binary, or Python running its module (``python -m pagefind``)."""
    return name.startswith("pagefind") or any(
        Path(part).name.startswith("pagefind") for part in argv[:3]
    )


@dataclass
class BuildRun:
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    #: CPU seconds of each part: mkdocs, plugin, indexer (and the details behind them)
    parts: dict[str, float]
    #: plugin -> event -> calls, wall_s, cpu_s, children_cpu_s
    events: dict[str, dict[str, dict[str, float]]]
    #: processes the build started, by name
    processes: dict[str, int]
    #: the system (kernel) part of ``cpu_s``
    system_s: float = 0.0
    #: when the build started (seconds since the epoch): every file it wrote is newer
    started: float = 0.0


def cpu_parts(
    total_cpu: float,
    events: dict[str, dict[str, dict[str, float]]],
    *,
    threads_cpu: float,
    children_cpu: float,
    indexer_processes_cpu: float,
) -> dict[str, float]:
    """Split a build's CPU: MkDocs and Material, our plugin, the search indexer.

    ``events`` holds the main thread's CPU in each plugin's handlers;
    ``threads_cpu`` is what the build process's other threads used, which only
    a plugin starts; ``children_cpu`` what its child processes used (exact), of
    which ``indexer_processes_cpu`` was read from the indexer's processes
    (sampled, so capped at the exact total). Threads and other processes are
    our plugin's.
    """
    indexer_processes = min(indexer_processes_cpu, children_cpu)
    indexer_handlers = sum(
        t["cpu_s"]
        for plugin, ev in events.items()
        if is_indexer_plugin(plugin)
        for t in ev.values()
    )
    plugin_handlers = sum(
        t["cpu_s"]
        for plugin, ev in events.items()
        if not is_indexer_plugin(plugin)
        for t in ev.values()
    )
    helpers = children_cpu - indexer_processes
    indexer = indexer_handlers + indexer_processes
    plugin = plugin_handlers + threads_cpu + helpers
    return {
        "mkdocs": total_cpu - indexer - plugin,
        "plugin": plugin,
        "indexer": indexer,
        "plugin_handlers": plugin_handlers,
        "plugin_threads": threads_cpu,
        "plugin_processes": helpers,
        "indexer_handlers": indexer_handlers,
        "indexer_processes": indexer_processes,
    }


def measure_build(config: Path, report: Path) -> BuildRun:
    """One build of ``config`` in a fresh process, through ``build_driver.py``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    started = time.time()
    usage = run_measured(
        [sys.executable, str(HERE / "build_driver.py"), str(config), str(report)], env=env
    )
    if usage.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{usage.stderr[-3000:]}")
    timing = json.loads(report.read_text(encoding="utf-8"))
    indexer_cpu = sum(d.cpu_s for d in usage.descendants if is_indexer_process(d.argv, d.name))
    processes: dict[str, int] = {}
    for descendant in usage.descendants:
        processes[descendant.name] = processes.get(descendant.name, 0) + 1
    return BuildRun(
        wall_s=usage.wall_s,
        cpu_s=usage.cpu_s,
        max_rss_mb=usage.max_rss_mb,
        parts=cpu_parts(
            usage.cpu_s,
            timing["events"],
            # ru_* and clock readings differ by a tick or so: never below zero
            threads_cpu=max(0.0, timing["self_cpu_s"] - timing["main_thread_cpu_s"]),
            children_cpu=timing["children_cpu_s"],
            indexer_processes_cpu=indexer_cpu,
        ),
        events=timing["events"],
        processes=processes,
        system_s=usage.system_s,
        started=started,
    )


def median_run(runs: list[BuildRun]) -> BuildRun:
    """The run whose CPU time is the median (the lower middle of an even count)."""
    ordered = sorted(runs, key=lambda run: run.cpu_s)
    return ordered[(len(ordered) - 1) // 2]


def build_summary(runs: dict[str, list[BuildRun]]) -> dict[str, Any]:
    """Medians per side, their ratios (ours / plain), and the parts of the median run."""
    summary: dict[str, Any] = {}
    medians = {
        side: {
            figure: statistics.median(getattr(r, figure) for r in runs[side])
            for figure in ("wall_s", "cpu_s", "system_s", "max_rss_mb")
        }
        for side in SIDES
    }
    for side in SIDES:
        middle = median_run(runs[side])
        summary[side] = {
            "wall_s": round(medians[side]["wall_s"], 2),
            "cpu_s": round(medians[side]["cpu_s"], 2),
            "system_s": round(medians[side]["system_s"], 2),
            "max_rss_mb": round(medians[side]["max_rss_mb"], 1),
            "shares": {
                part: round(middle.parts[part] / middle.cpu_s, 3)
                for part in ("mkdocs", "plugin", "indexer")
            },
            "processes": middle.processes,
        }
    for figure, name in (("wall_s", "wall"), ("cpu_s", "cpu"), ("max_rss_mb", "rss")):
        summary[f"{name}_ratio"] = round(medians["ours"][figure] / medians["plain"][figure], 3)
        # Each run's own ratio (the two sides' builds of one run ran back to back): the
        # spread shows how far the shared machine moved the medians' ratio.
        paired = [
            ours_run_figure / plain_run_figure
            for plain_run_figure, ours_run_figure in zip(
                (getattr(r, figure) for r in runs["plain"]),
                (getattr(r, figure) for r in runs["ours"]),
            )
            if plain_run_figure > 0
        ]
        if paired:
            summary[f"{name}_ratio_range"] = [round(min(paired), 3), round(max(paired), 3)]
    return summary


# --- 2. Search --------------------------------------------------------------------------


def _frontmatter(path: Path) -> tuple[dict[str, Any], str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def corpus_files(corpus: Path) -> list[str]:
    """The corpus's post-mortems, oldest first, relative to its folder."""
    return sorted(p.relative_to(corpus).as_posix() for p in corpus.glob("[0-9]*/*.md"))


def search_queries(corpus: Path) -> list[Query]:
    """An id, a service and three words of a body, all from the post-mortem in the middle."""
    files = corpus_files(corpus)
    middle = files[len(files) // 2]
    meta, body = _frontmatter(corpus / middle)
    summary = body.split("## Summary", 1)[-1].split("##", 1)[0]
    words = list(dict.fromkeys(re.findall(r"\b[a-z]{6,}\b", summary)))[:3]
    return [
        Query("id", meta["id"], expected=None),
        Query("service", meta["services"][0]),
        Query("words", " ".join(words)),
    ]


def expected_first(side: str, corpus: Path, query_id: str) -> str:
    """Where the id's post-mortem lives on each site, relative to its root."""
    if side == "ours":
        return f"incidents/{query_id.lower()}/"
    match = next(f for f in corpus_files(corpus) if f.endswith(f"-{query_id.lower()}.md"))
    return match.removesuffix(".md") + "/"


def run_search(
    sites: dict[str, Path], corpus: Path, runs: int, browser: Browser
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every cold search, alternating sides; and the medians per side and kind of query."""
    queries = search_queries(corpus)
    timings: list[dict[str, Any]] = []
    with serve_folder(sites["plain"]) as plain, serve_folder(sites["ours"]) as ours:
        served = {"plain": plain, "ours": ours}
        for index in range(runs):
            for side in _alternate(index):
                base, traffic = served[side]
                for query in queries:
                    if query.kind == "id":
                        query = replace(query, expected=expected_first(side, corpus, query.text))
                    for keys in (None, KEY_INTERVAL_MS):
                        timing = time_search(browser, base, traffic, query, key_interval_ms=keys)
                        timings.append({"side": side, "run": index + 1, **asdict(timing)})
                        typed = "from typing" if keys is None else "after the last key"
                        _progress(
                            f"    search {side} {query.kind} {query.text!r}"
                            f"{'' if keys is None else ' typed key by key'}: "
                            f"{timing.from_typing_ms:.0f} ms {typed}, "
                            f"{timing.from_opening_ms:.0f} ms from opening, "
                            f"{timing.bytes_fetched / 1e6:.2f} MB "
                            f"({SEARCH_BOXES[timing.search_box]})"
                        )
    summary: dict[str, Any] = {}
    for query in queries:
        row: dict[str, Any] = {"query": query.text}
        for side in SIDES:
            mine = [t for t in timings if t["side"] == side and t["kind"] == query.kind]
            pasted = [t for t in mine if t["key_interval_ms"] is None]
            keyed = [t for t in mine if t["key_interval_ms"] is not None]
            row[side] = {
                "from_typing_ms": round(statistics.median(t["from_typing_ms"] for t in pasted)),
                "from_opening_ms": round(statistics.median(t["from_opening_ms"] for t in pasted)),
                "bytes": round(statistics.median(t["bytes_fetched"] for t in pasted)),
                "after_last_key_ms": round(statistics.median(t["from_typing_ms"] for t in keyed)),
                "keyed_bytes": round(statistics.median(t["bytes_fetched"] for t in keyed)),
                "search_box": mine[0]["search_box"],
                "first_is_expected": (
                    None if query.kind != "id" else all(t["first_is_expected"] for t in mine)
                ),
            }
        summary[query.kind] = row
    return timings, summary


# --- 3. Preview -------------------------------------------------------------------------


def preview_targets(corpus: Path, count: int) -> tuple[list[Target], list[Target]]:
    """Post-mortems to edit: bodies spread through the corpus, titles of the latest ones.

    The latest are those the home page lists (drafts included, as the site shows them).
    """
    files = corpus_files(corpus)
    bodies = [read_target(corpus, files[(k + 1) * len(files) // (count + 2)]) for k in range(count)]
    titles = [read_target(corpus, path) for path in reversed(files[-count:])]
    return bodies, titles


def run_preview(
    corpus: Path, out: Path, runs: int, edits: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    bodies, titles = preview_targets(corpus, runs * edits)
    sessions: list[dict[str, Any]] = []
    for index in range(runs):
        for side in _alternate(index):
            chosen = slice(index * edits, (index + 1) * edits)
            session = run_session(
                side,
                REPO,
                corpus,
                plain_config("docs", "site"),
                out / f"serve-{side}",
                bodies[chosen],
                titles[chosen],
            )
            _progress(
                f"    serve {side} run {index + 1}: first build {session.first_build_s:.1f} s, "
                + ", ".join(f"{e.kind} {e.seconds:.2f} s" for e in session.edits)
            )
            sessions.append(
                {
                    "side": side,
                    "run": index + 1,
                    "command": session.command,
                    "first_build_s": session.first_build_s,
                    "edits": [
                        {
                            "kind": e.kind,
                            "postmortem": e.postmortem,
                            "seconds": e.seconds,
                            "pages": e.pages,
                        }
                        for e in session.edits
                    ],
                }
            )
    summary: dict[str, Any] = {}
    for kind in ("body", "title"):
        row: dict[str, Any] = {}
        for side in SIDES:
            seconds = [
                e["seconds"]
                for s in sessions
                if s["side"] == side
                for e in s["edits"]
                if e["kind"] == kind
            ]
            pages = sorted(
                {
                    p
                    for s in sessions
                    if s["side"] == side
                    for e in s["edits"]
                    if e["kind"] == kind
                    for p in e["pages"]
                }
            )
            row[side] = {
                "median_s": statistics.median(seconds),
                "edits": len(seconds),
                "pages": pages,
            }
        row["ratio"] = round(row["ours"]["median_s"] / row["plain"]["median_s"], 3)
        for side in SIDES:
            row[side]["median_s"] = round(row[side]["median_s"], 2)
        summary[kind] = row
    summary["command"] = next(s["command"] for s in sessions if s["side"] == "ours")
    return sessions, summary


# --- 4. Pages and sizes -----------------------------------------------------------------


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def search_files(site: Path) -> dict[str, Any]:
    """What a site ships for search: Material's index, or Pagefind's folder."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        return {"kind": "search_index.json", "mb": round(index.stat().st_size / 1e6, 2), "files": 1}
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        files = [p for p in pagefind.rglob("*") if p.is_file()]
        return {"kind": "pagefind/", "mb": folder_mb(pagefind), "files": len(files)}
    return {"kind": None, "mb": None, "files": 0}


# --- The run ----------------------------------------------------------------------------


def _alternate(index: int) -> tuple[str, ...]:
    """Plain first on even runs, ours first on odd ones, so drift in load hits both."""
    return SIDES if index % 2 == 0 else SIDES[::-1]


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_kind(side: str, folder: str) -> str:
    """The key of a side's config and site folder: ``ours`` (warm) or ``ours cold``."""
    return side if folder == "warm" else f"{side} {folder}"


def prepare(n: int, out: Path, regenerate: bool) -> tuple[Path, dict[str, Path], dict[str, Path]]:
    """The corpus of ``n``, and the config and site folder of each side and folder.

    Keyed by :func:`build_kind`: the cold builds have their own site folders, so that
    the warm ones always find the site their side's previous warm build left.
    """
    corpus = out / f"corpus-{n}"
    if regenerate or not corpus.is_dir():
        shutil.rmtree(corpus, ignore_errors=True)
        generate(n, corpus)
    # The plain site's docs: the same files and a home page of one line.
    plain_docs = out / f"plain-docs-{n}"
    shutil.rmtree(plain_docs, ignore_errors=True)
    shutil.copytree(corpus, plain_docs)
    (plain_docs / "index.md").write_text(PLAIN_HOME, encoding="utf-8")
    sites: dict[str, Path] = {}
    configs: dict[str, Path] = {}
    for folder in FOLDERS:
        suffix = "" if folder == "warm" else f"-{folder}"
        for side in SIDES:
            kind = build_kind(side, folder)
            sites[kind] = out / f"site-{side}{suffix}-{n}"
            configs[kind] = out / f"{side}{suffix}-{n}.yml"
        configs[build_kind("plain", folder)].write_text(
            plain_config(str(plain_docs), str(sites[build_kind("plain", folder)])),
            encoding="utf-8",
        )
        configs[build_kind("ours", folder)].write_text(
            OURS_CONFIG.format(
                repo_config=REPO / "mkdocs.yml",
                docs=corpus,
                site=sites[build_kind("ours", folder)],
                as_of=AS_OF,
            ),
            encoding="utf-8",
        )
    return corpus, configs, sites


@dataclass
class SizeResult:
    n: int
    load_before: tuple[float, float, float]
    #: timed builds per folder ("warm", "cold") and side
    builds: dict[str, dict[str, list[BuildRun]]] = field(
        default_factory=lambda: {f: {s: [] for s in SIDES} for f in FOLDERS}
    )
    build: dict[str, Any] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)
    search_runs: list[dict[str, Any]] = field(default_factory=list)
    preview: dict[str, Any] = field(default_factory=dict)
    preview_sessions: list[dict[str, Any]] = field(default_factory=list)
    pages: dict[str, Any] = field(default_factory=dict)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)


def build_order(index: int, cold: bool) -> list[tuple[str, str]]:
    """The builds of run ``index`` as (side, folder), reversed on odd runs as :func:`_alternate`."""
    folders = FOLDERS if cold else FOLDERS[:1]
    order = [(side, folder) for folder in folders for side in SIDES]
    return order if index % 2 == 0 else order[::-1]


def run_builds(
    n: int,
    args: argparse.Namespace,
    configs: dict[str, Path],
    sites: dict[str, Path],
    result: SizeResult,
) -> None:
    """The timed builds of size ``n``, alternating sides and folders, into ``result``."""
    # Untimed: each warm build then writes over a site of this very code, not over one
    # an older commit or another corpus left (or none, in a new --out folder).
    for side in SIDES:
        measure_build(configs[side], args.out / f"timing-{side}-{n}.json")
        _progress(f"  N={n} warm-up build {side} (not timed)")
    for index in range(args.runs):
        for side, folder in build_order(index, not args.no_cold):
            kind = build_kind(side, folder)
            if folder == "cold" and sites[kind].exists():
                # Outside the timed region: the build finds no site folder at all, as a
                # fresh clone's first build does; failing to remove it fails the run.
                shutil.rmtree(sites[kind])
            run = measure_build(
                configs[kind], args.out / f"timing-{kind.replace(' ', '-')}-{n}.json"
            )
            result.builds[folder][side].append(run)
            _progress(
                f"  N={n} build {index + 1}/{args.runs} {side} {folder}: {run.wall_s:.2f} s wall, "
                f"{run.cpu_s:.2f} s CPU ({run.system_s:.2f} system), {run.max_rss_mb:.0f} MB"
            )


def run_size(n: int, args: argparse.Namespace, browser: Browser | None) -> SizeResult:
    corpus, configs, sites = prepare(n, args.out, args.regenerate)
    result = SizeResult(n, os.getloadavg())
    run_builds(n, args, configs, sites, result)
    warm = build_summary(result.builds["warm"])
    cold = None if args.no_cold else build_summary(result.builds["cold"])
    # The top level stays the warm builds' figures, as before cold builds were timed.
    result.build = {**warm, "warm": warm, "cold": cold}
    result.pages = {
        "site_mb": {side: folder_mb(sites[side]) for side in SIDES},
        "search_files": {side: search_files(sites[side]) for side in SIDES},
        "weights_kb": weights_kb(sites["ours"]),
    }
    if browser is not None:
        result.pages["usable_ms"] = usable_ms(sites["ours"], browser)
        result.search_runs, result.search = run_search(sites, corpus, args.runs, browser)
    if not args.no_preview:
        result.preview_sessions, result.preview = run_preview(
            corpus, args.out, args.runs, args.edits
        )
    result.load_after = os.getloadavg()
    return result


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    memory_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for package in ("mkdocs", "mkdocs-material", "pagefind", "playwright"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    # The binary that indexes: PyPI's, or npm's newer one that `make` hands over through
    # PAGEFIND_BINARY_PATH (see the Makefile); the Python package's version is not it.
    binary = get_executable()
    versions["pagefind binary"] = _command_output([str(binary), "--version"]) if binary else None
    chromium = _command_output([CHROMIUM, "--version"])
    versions["chromium"] = chromium.splitlines()[-1] if chromium else None
    commit = _command_output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    changed = _command_output(["git", "-C", str(REPO), "status", "--porcelain"])
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "system": f"{platform.system()} {platform.release()}",
        "versions": versions,
        "commit": (commit or "?") + (" with uncommitted changes" if changed else ""),
    }


def _command_output(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip()


def our_plugin_events(run: BuildRun, top: int = 6) -> list[tuple[str, float]]:
    """Our plugin's costliest handlers: ``on_<event>`` -> CPU seconds (children included)."""
    costs = [
        (f"on_{event}", t["cpu_s"] + t["children_cpu_s"])
        for plugin, events in run.events.items()
        if not is_indexer_plugin(plugin)
        for event, t in events.items()
    ]
    return [(name, round(cpu, 2)) for name, cpu in sorted(costs, key=lambda c: -c[1])[:top]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="builds, searches and preview sessions of each side per size",
    )
    parser.add_argument("--quick", action="store_true", help="N = 200: a smoke test")
    parser.add_argument(
        "--edits", type=int, default=2, help="body and title edits per preview session"
    )
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument(
        "--regenerate", action="store_true", help="regenerate corpora already on disk"
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="skip search and page usability in Chromium"
    )
    parser.add_argument(
        "--no-preview", action="store_true", help="skip the preview latency under make serve"
    )
    parser.add_argument(
        "--no-cold",
        action="store_true",
        help="skip the builds into an emptied site folder (time only the warm ones)",
    )
    args = parser.parse_args(argv)
    sizes = [200] if args.quick else args.sizes
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    command = "python benchmarks/build_benchmark.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    info = machine()
    started = time.perf_counter()
    results: list[SizeResult] = []
    with chromium(not args.no_browser) as browser:
        for n in sizes:
            _progress(f"N={n}: generating, building, searching, previewing...")
            results.append(run_size(n, args, browser))
    rows = [_row(r) for r in results]
    report = {
        "date": dt.date.today().isoformat(),
        "command": command.strip(),
        "machine": info,
        "as_of": AS_OF,
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "results": rows,
    }
    (args.out / "results.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(markdown_report(rows, command.strip(), info))
    return 0


def _row(result: SizeResult) -> dict[str, Any]:
    return {
        "n": result.n,
        "load_average_before": result.load_before,
        "load_average_after": result.load_after,
        "build": result.build,
        "our_plugin_events": our_plugin_events(median_run(result.builds["warm"]["ours"])),
        "our_plugin_events_cold": (
            our_plugin_events(median_run(result.builds["cold"]["ours"]))
            if result.builds["cold"]["ours"]
            else []
        ),
        "search": result.search,
        "preview": result.preview,
        "pages": result.pages,
        "build_runs": {side: [asdict(r) for r in result.builds["warm"][side]] for side in SIDES},
        "cold_build_runs": {
            side: [asdict(r) for r in result.builds["cold"][side]] for side in SIDES
        },
        "search_runs": result.search_runs,
        "preview_sessions": result.preview_sessions,
    }


@contextmanager
def chromium(wanted: bool) -> Iterator[Browser | None]:
    """Headless Chromium for the whole run, or None when the browser parts are skipped."""
    if not wanted:
        yield None
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
