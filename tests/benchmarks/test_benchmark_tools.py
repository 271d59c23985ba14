"""The benchmark's own tools: a generated corpus is valid, and pages are weighed right.

The benchmark's numbers mean something only if the corpus it builds is one
the site accepts whole, and if a page's weight counts what a browser loads.
"""

from __future__ import annotations

from pathlib import Path

import build_benchmark
import generate_corpus
from page_weight import page_weight_kb
from pmkb.loader import load_corpus
from pmkb.taxonomy import load_taxonomy


def test_generated_corpus_loads_without_errors(tmp_path: Path) -> None:
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
    weight = page_weight_kb(site, "dashboard/index.html")
    # The page, our script and our stylesheet; not the download, the chart
    # library or Material's shared bundle.
    assert weight == round((len(page) + 2048 + 1024) / 1024, 1)
    assert page_weight_kb(site, "missing/index.html") is None


def test_plain_config_has_our_markdown_extensions_as_mkdocs_reads_them(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\n"
        "site_url: !ENV [NOT_SET_ANYWHERE, null]\n"
        "markdown_extensions:\n"
        "  - tables\n"
        "  - toc:\n"
        "      permalink: true\n",
        encoding="utf-8",
    )
    assert build_benchmark.markdown_extensions(config) == (
        "- tables\n- toc:\n    permalink: true\n"
    )
    # The shipped config's, in the plain site's config.
    plain = build_benchmark.plain_config("docs", "site")
    assert "  - pymdownx.superfences\n" in plain
    assert "  - search\n" in plain


def test_queries_come_from_the_corpus_and_the_id_has_one_right_page(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus.generate(30, corpus)
    by_id, by_service, by_words = build_benchmark.search_queries(corpus)
    middle = build_benchmark.corpus_files(corpus)[15]
    text = (corpus / middle).read_text(encoding="utf-8")
    assert f"id: {by_id.text}\n" in text
    assert by_service.text in text
    assert len(by_words.text.split()) == 3
    assert all(word in text for word in by_words.text.split())
    assert build_benchmark.expected_first("ours", corpus, by_id.text) == (
        f"incidents/{by_id.text.lower()}/"
    )
    assert build_benchmark.expected_first("plain", corpus, by_id.text) == (
        middle.removesuffix(".md") + "/"
    )
