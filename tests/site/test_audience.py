"""A build for an audience leaves no trace of the post-mortems that audience may not read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.sitebuild import INTERNAL_IDS, BuiltSite, build_site, standard_corpus, write_project

#: Words that only the restricted post-mortem PM-2025-005 contains.
RESTRICTED_TRACES = ("PM-2025-005", "pm-2025-005", "Payroll export", "hr-payroll", "people-systems")


def site_text(site: BuiltSite) -> str:
    return "\n".join(site.text(p) for p in site.files() if p.suffix != ".gz")


def incident_pages(site: BuiltSite) -> set[str]:
    return {p.parent.name for p in (site.site_dir / "incidents").glob("pm-*/index.html")}


def test_internal_build_has_no_trace_of_a_restricted_postmortem(site: BuiltSite) -> None:
    assert incident_pages(site) == {i.lower() for i in INTERNAL_IDS}
    everything = site_text(site)
    for trace in RESTRICTED_TRACES:
        assert trace not in everything, trace
    # Counts exclude it too: knowledge-silo is cited by PM-2025-004 only here.
    rows = site.content("factors/").find_all("tr")
    silo = next(r for r in rows if r.find_all("td") and r.first("td").text == "knowledge-silo")
    assert silo.find_all("td")[2].text == "1"
    sitemap = (site.site_dir / "sitemap.xml").read_text()
    assert {f"https://kb.example.com/incidents/{i.lower()}/" for i in INTERNAL_IDS} <= {
        line.strip()[len("<loc>") : -len("</loc>")]
        for line in sitemap.splitlines()
        if "<loc>" in line
    }


@pytest.fixture(scope="module")
def restricted_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    folder = tmp_path_factory.mktemp("restricted")
    config = write_project(folder, standard_corpus(), plugin={"audience": "restricted"})
    return build_site(config, strict=True)


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    folder = tmp_path_factory.mktemp("public")
    return build_site(
        write_project(folder, standard_corpus(), plugin={"audience": "public"}), strict=True
    )


def test_a_link_to_a_hidden_postmortem_keeps_its_text_and_loses_its_target(site: BuiltSite) -> None:
    body = site.content("incidents/pm-2025-002/").one(cls="pmkb-body")
    assert "like the other incident that spring" in body.text
    assert [a.text for a in body.find_all("a") if a.text == "the other incident"] == []
    assert "pmkb-hidden" not in site_text(site)


def test_restricted_build_shows_everything(restricted_site: BuiltSite) -> None:
    assert incident_pages(restricted_site) == {i.lower() for i in INTERNAL_IDS | {"PM-2025-005"}}
    related = restricted_site.content("incidents/pm-2025-002/").one(cls="pmkb-related")
    assert {li.first("a").text for li in related.find_all("li")} >= {"PM-2025-001", "PM-2025-005"}
    assert restricted_site.exists("services/hr-payroll/")
    body = restricted_site.content("incidents/pm-2025-002/").one(cls="pmkb-body")
    link = next(a for a in body.find_all("a") if a.text == "the other incident")
    assert link.get("href") == "../pm-2025-005/"


def test_public_build_shows_only_public_postmortems(public_site: BuiltSite) -> None:
    assert incident_pages(public_site) == {"pm-2025-004"}
    everything = site_text(public_site)
    for hidden in INTERNAL_IDS - {"PM-2025-004"}:
        assert hidden not in everything
    assert "orders-db" not in everything
    assert set(public_site.search_pages()) == {"incidents/pm-2025-004/", "about/"}


def test_drafts_can_be_left_out(tmp_path: Path) -> None:
    site = build_site(write_project(tmp_path, standard_corpus(), plugin={"drafts": False}))
    assert "pm-2025-003" not in incident_pages(site)
    assert "PM-2025-003" not in site_text(site)
