"""What the search index holds for a post-mortem: what people search for, and little else."""

from __future__ import annotations

from pathlib import Path

from tests.site.dom import parse
from tests.site.sitebuild import INTERNAL_IDS, BuiltSite, build_site, report, write_project

TIMELINE_BODY = """\
## Summary

Checkout failed while the pool was exhausted.

## Timeline

| Time (UTC) | Event |
|---|---|
| 2025-02-09 10:05 | Error rate climbs on checkout |
| 10:35 | Release rolled back |
"""


def entries(site: BuiltSite, url: str) -> dict[str, dict[str, str]]:
    """Search entries of one page by location."""
    return {
        d["location"]: d for d in site.search_index()["docs"] if d["location"].split("#")[0] == url
    }


def words(html: str) -> str:
    return parse(html).text


def test_a_postmortem_is_indexed_by_id_title_services_teams_factors_and_body(
    site: BuiltSite,
) -> None:
    page = entries(site, "incidents/pm-2025-001/")
    top = page["incidents/pm-2025-001/"]
    assert top["title"] == "PM-2025-001: Checkout errors from connection-pool exhaustion"
    assert words(top["text"]).split()[:5] == [
        "api-service",
        "orders-db",
        "payments-platform",
        "monitoring-gap",
        "missing-index",
    ]
    assert set(page) == {
        "incidents/pm-2025-001/",
        "incidents/pm-2025-001/#summary",
        "incidents/pm-2025-001/#root-cause",
    }
    assert "A query without an index scanned the whole orders table." in words(
        page["incidents/pm-2025-001/#root-cause"]["text"]
    )


def test_the_header_is_indexed_as_plain_words_without_its_labels(site: BuiltSite) -> None:
    # Search reads a plain summary in place of the styled header; readers see the header.
    top = entries(site, "incidents/pm-2025-001/")["incidents/pm-2025-001/"]
    # Its root cause is in the body's own section: the summary holds the words alone.
    assert (
        top["text"] == "<p>api-service orders-db payments-platform monitoring-gap missing-index</p>"
    )
    header = site.content("incidents/pm-2025-001/").one(cls="pmkb-summary").text
    for label in ("Services", "Teams", "Contributing factors", "Root cause:", "Written by"):
        assert label in header


def test_dates_figures_and_generated_tables_stay_out_of_the_index(site: BuiltSite) -> None:
    indexed = " ".join(words(d["text"]) + " " + d["title"] for d in site.search_index()["docs"])
    for absent in (
        "2025-02-09 10:05",
        "1 min 22 s",
        "40,000",
        "Action items",
        "Related incidents",
        "overdue",
    ):
        assert absent not in indexed


def test_generated_index_pages_stay_out_of_search(site: BuiltSite) -> None:
    locations = {doc["location"].split("#")[0] for doc in site.search_index()["docs"]}
    assert locations == {f"incidents/{i.lower()}/" for i in INTERNAL_IDS} | {"about/"}


def test_the_root_cause_summary_is_indexed_once(tmp_path: Path) -> None:
    with_section = report(
        "PM-2025-001", "A", "2025-02-09T10:00:00Z", root_cause="Pool exhausted by a scan."
    )
    without = report(
        "PM-2025-002",
        "B",
        "2025-02-10T10:00:00Z",
        root_cause="Quota reached on the bucket.",
        body="## Summary\n\nUploads failed.\n",
    )
    site = build_site(
        write_project(
            tmp_path, {"2025/2025-02-09-a.md": with_section, "2025/2025-02-10-b.md": without}
        )
    )
    # The body's own Root Cause section is what search finds for the first...
    assert "Pool exhausted" not in words(
        entries(site, "incidents/pm-2025-001/")["incidents/pm-2025-001/"]["text"]
    )
    # ...and the summary in the header for the second, which has no such section.
    assert "Quota reached on the bucket." in words(
        entries(site, "incidents/pm-2025-002/")["incidents/pm-2025-002/"]["text"]
    )
    # Both are shown on the page either way.
    assert (
        site.content("incidents/pm-2025-001/")
        .one(cls="pmkb-root-cause")
        .text.endswith("Pool exhausted by a scan.")
    )


def test_timeline_times_are_not_indexed_but_its_events_are(tmp_path: Path) -> None:
    text = report("PM-2025-001", "A", "2025-02-09T10:05:00Z", body=TIMELINE_BODY)
    site = build_site(write_project(tmp_path, {"2025/2025-02-09-a.md": text}))
    timeline = words(
        entries(site, "incidents/pm-2025-001/")["incidents/pm-2025-001/#timeline"]["text"]
    )
    assert "Error rate climbs on checkout" in timeline and "Release rolled back" in timeline
    assert "10:05" not in timeline and "10:35" not in timeline
    # The page still shows them.
    cells = [
        td.text for td in site.content("incidents/pm-2025-001/").one(cls="pmkb-body").find_all("td")
    ]
    assert cells[0] == "2025-02-09 10:05" and cells[2] == "10:35"
