"""The site builds from any folder and taxonomy, URLs follow ids, and every link resolves."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.site.dom import parse
from tests.site.sitebuild import BuiltSite, build_site, report, standard_corpus, write_project

REPO = Path(__file__).resolve().parents[2]

SECOND_TAXONOMY = """\
factors:
  flaky-dependency:
    layer: technical
    description: An upstream service failed intermittently.
  handover-gap:
    layer: organizational
    description: Context was lost between shifts.
"""


def broken_links(site: BuiltSite) -> list[str]:
    """Every internal href or src in every page that points at no file of the site."""
    missing = []
    for page in site.site_dir.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any depth, so its links are absolute by design
        page_url = page.relative_to(site.site_dir).as_posix()
        for el in parse(page.read_text(encoding="utf-8")).iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if not value or value.startswith("#"):
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), parts.path))
                path = site.site_dir / target
                if value.endswith("/") or path.is_dir():
                    path = path / "index.html"
                if not path.is_file():
                    missing.append(f"{page_url}: {value}")
    return missing


def test_every_internal_link_of_the_site_resolves(site: BuiltSite) -> None:
    assert broken_links(site) == []


def test_every_link_resolves_without_directory_urls(tmp_path: Path) -> None:
    config = write_project(tmp_path, standard_corpus(), config={"use_directory_urls": False})
    site = build_site(config, strict=True)
    assert site.exists("incidents/pm-2025-001.html")
    body = site.content("incidents/pm-2025-001.html").one(cls="pmkb-body")
    link = next(a for a in body.find_all("a") if a.text == "the earlier failover")
    assert link.get("href") == "pm-2024-010.html"
    assert (
        site.content("incidents/index.html").one(cls="pmkb-list").get("data-incident-href")
        == "../incidents/{id}.html"
    )
    assert broken_links(site) == []


def test_a_renamed_file_keeps_its_url(tmp_path: Path) -> None:
    config = write_project(tmp_path, standard_corpus())
    before = build_site(config).html("incidents/pm-2025-002/")
    docs = tmp_path / "docs" / "2025"
    shutil.move(docs / "2025-03-02-search-latency.md", docs / "2025-03-02-cache-stampede.md")
    after = build_site(config)
    assert after.html("incidents/pm-2025-002/") == before
    assert not after.exists("2025/2025-03-02-cache-stampede/")


def test_a_second_corpus_inheriting_the_shipped_config_builds_with_its_own_taxonomy(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "team-b"
    (docs / "2024").mkdir(parents=True)
    (docs / "taxonomy.yml").write_text(SECOND_TAXONOMY, encoding="utf-8")
    (docs / "2024" / "2024-07-01-queue-stall.md").write_text(
        report(
            "PM-2024-001",
            "Queue stall during a dependency outage",
            "2024-07-01T09:00:00Z",
            contributing_factors=["flaky-dependency", "handover-gap"],
        ),
        encoding="utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "INHERIT": str(REPO / "mkdocs.yml"),
                "docs_dir": "team-b",
                "site_dir": "site",
                "plugins": {"postmortems": {"as_of": "2025-06-01"}},
            }
        ),
        encoding="utf-8",
    )
    site = build_site(config, strict=True)
    assert site.content("incidents/pm-2024-001/").one("h1").text.startswith("PM-2024-001: ")
    assert sorted(p.parent.name for p in (site.site_dir / "factors").glob("*/index.html")) == [
        "flaky-dependency",
        "handover-gap",
    ]
    # Search indexes the inheriting corpus.
    assert "incidents/pm-2024-001/" in site.search_pages()
    assert broken_links(site) == []


def test_taxonomy_can_live_outside_the_docs_folder(tmp_path: Path) -> None:
    (tmp_path / "vocabulary").mkdir()
    (tmp_path / "vocabulary" / "factors.yml").write_text(SECOND_TAXONOMY, encoding="utf-8")
    text = report(
        "PM-2024-001", "Queue stall", "2024-07-01T09:00:00Z", contributing_factors=["handover-gap"]
    )
    config = write_project(
        tmp_path,
        {"2024/2024-07-01-q.md": text},
        taxonomy=None,
        plugin={"taxonomy": "vocabulary/factors.yml"},
    )
    site = build_site(config, strict=True)
    assert site.exists("factors/handover-gap/")


def test_an_ordinary_page_clashing_with_a_generated_one_is_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    files = {**standard_corpus(), "services/index.md": "# Our services\n"}
    with pytest.raises(Abort):
        build_site(write_project(tmp_path, files), strict=True)
    assert any("generates this page" in r.getMessage() for r in caplog.records)


def test_a_corpus_may_bring_its_own_home_page(tmp_path: Path) -> None:
    files = {**standard_corpus(), "index.md": "# Welcome\n\nOur own words.\n"}
    site = build_site(write_project(tmp_path, files), strict=True)
    assert "Our own words." in site.content("").text
    assert broken_links(site) == []
