"""The benchmark's own tools: a generated corpus is valid, and pages are weighed right.

The benchmark's numbers mean something only if the corpus it builds is one
the site accepts whole, and if a page's weight counts what a browser loads.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from pmkb.loader import load_corpus
from pmkb.taxonomy import load_taxonomy

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_corpus_loads_without_errors(tmp_path: Path) -> None:
    generate_corpus = _module("generate_corpus")
    out = tmp_path / "corpus"
    assert generate_corpus.main(["60", str(out)]) == 0
    taxonomy, problems = load_taxonomy(out / "taxonomy.yml", "taxonomy.yml")
    assert problems == []
    corpus = load_corpus(out, taxonomy)
    assert [p for p in corpus.problems if p.is_error] == []
    assert len(corpus.records) == 60
    ids = [r.meta.id for r in corpus.records]
    assert len(set(ids)) == 60
    # Titles as long as real ones, since they are most of the list page's weight.
    mean_title = sum(len(r.meta.title) for r in corpus.records) / 60
    assert 70 <= mean_title <= 110
    # Related links point at incidents that exist.
    assert any(r.meta.related for r in corpus.records)


def test_page_weight_counts_what_the_page_loads_not_what_it_links(tmp_path: Path) -> None:
    build_benchmark = _module("build_benchmark")
    site = tmp_path / "site"
    (site / "dashboard").mkdir(parents=True)
    (site / "data").mkdir()
    (site / "assets" / "pmkb").mkdir(parents=True)
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "data" / "incidents.csv").write_text("x" * 50_000)
    (site / "assets" / "pmkb" / "charts.js").write_text("c" * 2048)
    (site / "assets" / "pmkb" / "pmkb.css").write_text("s" * 1024)
    (site / "assets" / "pmkb" / "plotly.min.js").write_text("p" * 90_000)
    (site / "assets" / "javascripts" / "bundle.js").write_text("b" * 70_000)
    page = (
        '<link rel="stylesheet" href="../assets/pmkb/pmkb.css">'
        '<link rel="preload" as="script" href="../assets/pmkb/plotly.min.js">'
        '<a href="../data/incidents.csv">download</a>'
        '<script src="../assets/pmkb/charts.js"></script>'
        '<script src="../assets/javascripts/bundle.js"></script>'
        '<img src="https://elsewhere.example/x.png">'
    )
    (site / "dashboard" / "index.html").write_text(page)
    weight = build_benchmark._page_weight(site, "dashboard/index.html")
    # The page, our script and our stylesheet; not the download, the chart
    # library or Material's shared bundle.
    assert weight == round((len(page) + 2048 + 1024) / 1024, 1)
    assert build_benchmark._page_weight(site, "missing/index.html") is None
