"""Time the analytics part of a build: what the plugin does before any page renders.

That is reading and validating every post-mortem (``load_corpus``), building
the site's catalog (audience filter, indexes) and running the analytics the
pages read (tables, metrics, the related-incident graph and its clusters, the
open-data files, the dashboard's metrics for its shorter periods), with the
plugin's own objects. Each cold
measurement runs in a fresh process. The ``mkdocs serve`` case reuses one
process: after a cold pass, one post-mortem is edited (its body, then its
frontmatter) and the same work runs again with the plugin's caches warm.

    python benchmarks/analytics_timing.py CORPUS_DIR [--runs 3] [--as-of 2026-11-22]

Prints JSON: ``cold``, ``rebuild_body`` and ``rebuild_frontmatter`` (seconds,
one per run), ``cold_core`` (the cold runs without the stages that only write
what the pages show: the open-data files and the dashboard's shorter periods;
what remains is what the scale target names: load, validate, aggregate, graph)
and ``stages`` (seconds of each stage in the last cold run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Stages that only turn the analytics into what the pages and files show.
OUTPUT_STAGES = ("data files", "dashboard periods")


def analytics_pass(
    docs: Path, as_of: dt.date, cache: object | None = None, analytics_cache: object | None = None
) -> dict[str, float]:
    """One pass of the plugin's analytics over ``docs``; seconds per stage."""
    import gc

    from pmkb.loader import load_corpus
    from pmkb.model import Visibility
    from pmkb.taxonomy import load_taxonomy
    from pmkb_mkdocs.catalog import build_catalog
    from pmkb_mkdocs.dashboard.periods import PERIODS
    from pmkb_mkdocs.site_pages import Options, SitePages, import_analytics

    stages: dict[str, float] = {}
    started = time.perf_counter()
    taxonomy, _ = load_taxonomy(docs / "taxonomy.yml")
    # Paths relative to the folder above the corpus, as the plugin makes them
    # relative to the folder of mkdocs.yml.
    corpus = load_corpus(
        docs,
        taxonomy,
        cache=cache,  # type: ignore[arg-type]
        base=docs.parent,
        meanwhile=import_analytics,  # as the plugin does
    )
    stages["load and validate"] = time.perf_counter() - started
    gc.freeze()  # as the plugin does once the corpus is loaded
    mark = time.perf_counter()
    catalog = build_catalog(corpus, audience=Visibility.INTERNAL, as_of=as_of)
    pages = SitePages(catalog, Options(), analytics_cache)  # type: ignore[arg-type]
    stages["catalog"] = time.perf_counter() - mark
    mark = time.perf_counter()
    # The one run of the analytics, as the first page asks for it; the metrics
    # are computed on first use.
    pages.analytics.metrics  # noqa: B018
    stages["analytics (tables, metrics, graph)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    pages.data_files()
    stages["data files"] = time.perf_counter() - mark
    mark = time.perf_counter()
    # The dashboard's other periods (last quarter, last 12 months) aggregate
    # their own subsets when their pages render: analytics too.
    for period in PERIODS:
        pages.dashboard.period(period)
    stages["dashboard periods"] = time.perf_counter() - mark
    stages["total"] = time.perf_counter() - started
    gc.unfreeze()
    return stages


def _cold_in_child(docs: Path, as_of: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, str(docs), "--as-of", as_of, "--child-cold"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def _rebuilds(docs: Path, as_of: dt.date) -> tuple[float, float]:
    """Seconds of a warm pass after a body edit, then after a frontmatter edit."""
    from pmkb_mkdocs import plugin  # the plugin's own module-level caches

    cache, analytics_cache = plugin._PARSE_CACHE, plugin._ANALYTICS_CACHE
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "corpus"
        shutil.copytree(docs, copy)
        analytics_pass(copy, as_of, cache, analytics_cache)
        target = sorted(copy.glob("[0-9][0-9][0-9][0-9]/*.md"))[len(list(copy.glob("*/*.md"))) // 2]
        text = target.read_text(encoding="utf-8")
        target.write_text(text + "\nOne more line of lessons learned.\n", encoding="utf-8")
        body = analytics_pass(copy, as_of, cache, analytics_cache)["total"]
        # A title edit: it changes the tables, the exports and the graph's labels.
        # (No colon: `title: Edited: ...` is a YAML error, which would time a
        # build without the post-mortem instead.)
        text = target.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Edited ", 1)
        target.write_text(text, encoding="utf-8")
        _still_valid(target)
        frontmatter = analytics_pass(copy, as_of, cache, analytics_cache)["total"]
    return body, frontmatter


def _still_valid(path: Path) -> None:
    """Fail loudly when an edit made the file invalid: its timing would mean nothing."""
    from pmkb.source import read_source
    from pmkb.validation import validate_frontmatter

    src = read_source(path, str(path))
    if validate_frontmatter(src) is None or any(p.is_error for p in src.problems):
        raise SystemExit(f"the benchmark's edit broke {path}: {src.problems}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--as-of", default="2026-11-22")
    parser.add_argument("--child-cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    as_of = dt.date.fromisoformat(args.as_of)
    if args.child_cold:
        print(json.dumps(analytics_pass(args.docs, as_of)))
        return 0
    cold, cold_core, body, frontmatter = [], [], [], []
    stages: dict[str, float] = {}
    for _ in range(args.runs):
        stages = _cold_in_child(args.docs, args.as_of)
        cold.append(stages["total"])
        cold_core.append(stages["total"] - sum(stages[s] for s in OUTPUT_STAGES))
    for _ in range(args.runs):
        b, f = _rebuilds(args.docs, as_of)
        body.append(b)
        frontmatter.append(f)
    print(
        json.dumps(
            {
                "cold": cold,
                "cold_core": cold_core,
                "rebuild_body": body,
                "rebuild_frontmatter": frontmatter,
                "stages": stages,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
