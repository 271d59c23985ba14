"""The shipped mkdocs.yml builds the shipped corpus strictly, with a page for every post-mortem."""

from __future__ import annotations

from pathlib import Path

import pytest
from pmkb.loader import load_corpus
from pmkb.model import Visibility
from pmkb.taxonomy import load_taxonomy

from tests.site.sitebuild import BuiltSite, build_site

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(REPO / "mkdocs.yml", strict=True, site_dir=tmp_path_factory.mktemp("shipped"))


def test_every_internal_postmortem_of_the_shipped_corpus_has_a_full_page(
    shipped: BuiltSite,
) -> None:
    taxonomy, _ = load_taxonomy(REPO / "postmortems" / "taxonomy.yml")
    corpus = load_corpus(REPO / "postmortems", taxonomy)
    assert corpus.errors == []
    expected = {
        r.meta.id for r in corpus.records if r.meta.visibility.rank <= Visibility.INTERNAL.rank
    }
    assert expected, "the shipped corpus has post-mortems"
    built = {p.parent.name for p in (shipped.site_dir / "incidents").glob("pm-*/index.html")}
    assert built == {i.lower() for i in expected}
    for pm_id in sorted(expected):
        content = shipped.content(f"incidents/{pm_id.lower()}/")
        assert content.one("h1").text.startswith(f"{pm_id}: ")
        assert content.one(cls="pmkb-header").one(cls="pmkb-id").text == pm_id
        assert content.find_all("a", cls="md-tag")
        assert content.one("h2", id="action-items")
        assert content.one("h2", id="related-incidents")
    restricted = {r.meta.id.lower() for r in corpus.records} - {i.lower() for i in expected}
    assert not restricted & built


def test_the_guide_pages_are_in_the_navigation(shipped: BuiltSite) -> None:
    tabs = shipped.page("").one("nav", cls="md-tabs")
    assert [a.text for a in tabs.find_all("a", cls="md-tabs__link")][:4] == [
        "Home",
        "Post-mortems",
        "Factors",
        "Services",
    ]
    assert shipped.exists("guide/")
