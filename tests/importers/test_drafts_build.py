"""Imported drafts build into a site: real MkDocs builds in a temporary folder, strict mode."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.importers.conftest import CORPUS, corpus_taxonomy, run_cli

SHAPES = Path(__file__).parent / "shapes" / "documents"
#: Rules a fresh import may trip, all warnings: the draft is an author's starting point.
DRAFT_WARNINGS = {
    "todo-left",
    "factors-min-two",
    "factor-layers",
    "action-item-verb",
    "action-item-specific",
    # A start time the import guessed (marked TODO) may disagree with the length the
    # summary states: the warning asks the author which is right.
    "summary-duration",
}

_EXTENSIONS = [
    "tables",
    "admonition",
    "attr_list",
    "md_in_html",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    "pymdownx.superfences",
]


def _import_all(workdir: Path) -> Path:
    docs = workdir / "site-src"
    run_cli("import", "markdown", "sources", "--out", "site-src", "--taxonomy", "taxonomy.yml")
    run_cli(
        "import",
        "incidents",
        "logs/pagerduty-style.csv",
        "--out",
        "site-src",
        "--taxonomy",
        "taxonomy.yml",
    )
    shutil.copy(CORPUS / "taxonomy.yml", docs / "taxonomy.yml")
    (docs / "index.md").write_text("# Imported\n", encoding="utf-8")
    return docs


def _build(workdir: Path, plugins: list[object]) -> Path:
    config = {
        "site_name": "Imported drafts",
        "docs_dir": "site-src",
        "site_dir": "site",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": _EXTENSIONS,
        "plugins": plugins,
    }
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    build(load_config(config_file=str(path), strict=True))
    return workdir / "site"


def test_drafts_build_strictly_with_plain_mkdocs(workdir: Path) -> None:
    docs = _import_all(workdir)
    site = _build(workdir, ["search"])
    drafts = sorted(docs.glob("20*/*.md"))
    assert len(drafts) == 13  # 10 Markdown reports and 3 rows of the CSV log
    for draft in drafts:
        page = site / draft.relative_to(docs).with_suffix("") / "index.html"
        html = page.read_text(encoding="utf-8")
        assert 'id="timeline"' in html
        # The timeline is a real table with UTC times, not the source's lines.
        assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?</td>", html), draft.name
    checkout = (
        site / "2025" / "2025-03-12-checkout-api-errors-after-release-4" / "index.html"
    ).read_text("utf-8")
    assert 'id="original-report"' in checkout
    assert "<td>2025-03-12 01:04</td>" in checkout  # 18:04 PDT


def test_drafts_build_strictly_with_the_postmortems_plugin(workdir: Path) -> None:
    docs = _import_all(workdir)
    site = _build(workdir, [{"postmortems": {"taxonomy": "site-src/taxonomy.yml"}}])
    drafts = sorted(docs.glob("20*/*.md"))
    assert len(drafts) == 13
    for draft in drafts:
        text = draft.read_text(encoding="utf-8")
        pm_id = re.search(r"^id: (PM-\d{4}-\d{3})$", text, re.M).group(1)  # type: ignore[union-attr]
        # The site serves each post-mortem at a URL made from its id.
        page = site / "incidents" / pm_id.lower() / "index.html"
        html = page.read_text(encoding="utf-8")
        # The source is kept: a Markdown report whole, a log's row as a record.
        assert 'id="original-report"' in html or 'id="source-record"' in html, draft.name
        assert "<td>" in html  # the timeline table


def test_every_draft_of_the_shapes_corpus_builds_and_lints(workdir: Path) -> None:
    """Every document in the shapes archives use: each one a page, none a lint error."""
    import datetime as dt

    from pmkb.lint import LintContext, lint_corpus, resolve_levels
    from pmkb.loader import load_corpus

    shutil.copytree(SHAPES, workdir / "shapes")
    result = run_cli(
        "import", "markdown", "shapes", "--out", "site-src", "--taxonomy", "taxonomy.yml"
    )
    assert result.exit_code == 0, result.output
    docs = workdir / "site-src"
    shutil.copy(CORPUS / "taxonomy.yml", docs / "taxonomy.yml")
    (docs / "index.md").write_text("# Imported\n", encoding="utf-8")
    corpus = load_corpus(docs, corpus_taxonomy(), base=docs)
    assert corpus.problems == []
    # Linted after the archives' latest incident (January 2026), as their authors would.
    problems = lint_corpus(
        corpus, LintContext(corpus.taxonomy, as_of=dt.date(2026, 6, 1)), resolve_levels({})
    )
    assert [p.format() for p in problems if p.is_error] == []
    assert {p.rule for p in problems} <= DRAFT_WARNINGS
    site = _build(workdir, ["search", {"postmortems": {"taxonomy": "site-src/taxonomy.yml"}}])
    drafts = sorted(docs.glob("20*/*.md"))
    # Every document gives a draft; a report of several incidents one per incident
    # ("<- shapes/q06-....md:5").
    created = re.findall(r"^created .* <- shapes/([^:\n]+)", result.stdout, re.M)
    assert sorted(set(created)) == sorted(p.name for p in SHAPES.iterdir())
    assert len(drafts) == len(created)
    for draft in drafts:
        pm_id = re.search(r"^id: (PM-\d{4}-\d{3})$", draft.read_text("utf-8"), re.M).group(1)  # type: ignore[union-attr]
        html = (site / "incidents" / pm_id.lower() / "index.html").read_text(encoding="utf-8")
        assert 'id="original-report"' in html, draft.name
        # No file name repeats its date: "2018-03-26-2018-03-26-..." was the old mistake.
        assert not re.match(r"\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d", draft.name), draft.name
