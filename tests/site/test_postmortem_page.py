"""Each post-mortem's page: header, factors, action items, body and related incidents."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from tests.site.dom import Element, parse
from tests.site.sitebuild import INTERNAL_IDS, BuiltSite, build_site, report, write_project


def facts(content: Element) -> dict[str, str]:
    """The header's facts as label -> text."""
    out = {}
    for dl in content.find_all("dl"):
        for group in dl.find_all("div"):
            if group.find_all("dt") and group.find_all("dd"):
                out[group.first("dt").text] = group.first("dd").text
    return out


def test_every_visible_postmortem_has_a_page_at_its_ids_url(site: BuiltSite) -> None:
    for pm_id in INTERNAL_IDS:
        content = site.content(f"incidents/{pm_id.lower()}/")
        assert content.one("h1").text.startswith(f"{pm_id}: ")


def test_header_shows_the_frontmatter_with_durations_in_human_units(site: BuiltSite) -> None:
    content = site.content("incidents/pm-2025-001/")
    assert content.one("h1").text == "PM-2025-001: Checkout errors from connection-pool exhaustion"
    header = content.one(cls="pmkb-header")
    assert header.one(cls="pmkb-id").text == "PM-2025-001"
    assert header.one(cls="pmkb-sev").text == "SEV2"
    assert "pmkb-sev--sev2" in header.one(cls="pmkb-sev").classes
    assert header.one(cls="pmkb-status").text == "published"
    shown = facts(content)
    # 10:05:23 -> 10:06:45 -> 10:12:00 -> 10:35:00 -> 11:40:00
    assert shown["Started"] == "2025-02-09 10:05 UTC"
    assert shown["Resolved"] == "2025-02-09 11:40 UTC"
    assert shown["TTD"] == "1 min 22 s"
    assert shown["TTA"] == "5 min 15 s"
    assert shown["TTM"] == "29 min"
    assert shown["TTR"] == "1 h 34 min"
    assert shown["Detection"] == "alert"
    assert shown["Trigger"] == "deploy"
    assert shown["Users affected"] == "2,000"
    assert shown["Failed requests"] == "40,000"
    assert shown["Revenue impact"] == "$12,500"
    assert shown["Data loss"] == "no"
    assert shown["Published"] == "2025-02-11"
    assert shown["Teams"] == "payments-platform"
    root_cause = content.one(cls="pmkb-root-cause").text
    assert root_cause.endswith("A change held a shared resource for too long under load.")


def test_a_missing_end_is_shown_as_missing_never_as_zero(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.site.sitebuild import build_site, report, utc, write_project

    text = report(
        "PM-2025-001",
        "Draft without an end",
        "2025-02-09T10:00:00Z",
        status="draft",
        timeline={"started": utc("2025-02-09T10:00:00Z"), "detected": utc("2025-02-09T10:45:00Z")},
        root_cause=None,
    )
    site = build_site(write_project(tmp_path, {"2025/2025-02-09-x.md": text}))
    shown = facts(site.content("incidents/pm-2025-001/"))
    assert shown["TTD"] == "45 min"
    assert shown["TTA"] == shown["TTM"] == shown["TTR"] == "–"
    assert shown["Resolved"] == "not yet"


@pytest.mark.parametrize(
    ("expectation", "shown"),
    [
        ("violated", "did not do what we expected of it"),
        ("met", "did what we expected of it"),
        # The format's word for it; on the page it read "(expectation undefined)",
        # which looked like a script's missing value.
        ("undefined", "nothing written down to expect of it"),
    ],
)
def test_a_third_party_is_shown_with_what_was_expected_of_it_in_words(
    tmp_path: Path, expectation: str, shown: str
) -> None:
    text = report(
        "PM-2025-001",
        "Card payments failed at the payment provider",
        "2025-02-09T10:00:00Z",
        third_party={"vendor": "the card payment provider", "expectation": expectation},
    )
    site = build_site(write_project(tmp_path, {"2025/2025-02-09-x.md": text}))
    assert facts(site.content("incidents/pm-2025-001/"))["Third party"] == (
        f"the card payment provider ({shown})"
    )


def test_services_and_factors_link_to_their_pages(site: BuiltSite) -> None:
    content = site.content("incidents/pm-2025-001/")
    services = {a.text: a.get("href") for a in content.find_all("a", cls="pmkb-service")}
    assert services == {
        "api-service": "../../services/api-service/",
        "orders-db": "../../services/orders-db/",
    }
    summary = content.one(cls="pmkb-summary")
    factors = {a.text: a.get("href") for a in summary.find_all("a", cls="md-tag")}
    assert factors == {
        "monitoring-gap": "../../factors/monitoring-gap/",
        "missing-index": "../../factors/missing-index/",
    }
    for href in [*services.values(), *factors.values()]:
        assert site.exists(
            f"incidents/pm-2025-001/{href}".replace("incidents/pm-2025-001/../../", "")
        )


def test_action_items_table_marks_only_overdue_open_items(site: BuiltSite) -> None:
    content = site.content("incidents/pm-2025-001/")
    assert content.one("h2", id="action-items").text.startswith("Action items")
    rows = content.one(cls="pmkb-action-items").one("tbody").find_all("tr")
    by_id = {row.find_all("td")[0].text: row for row in rows}
    assert list(by_id) == ["AI-001", "AI-002", "AI-003", "AI-004"]
    # as_of is 2025-06-01: AI-002 (open, due 03-01) is overdue; AI-003 is due later,
    # AI-004 was dropped (wont-do) and AI-001 is done, so neither counts.
    overdue = {item for item, row in by_id.items() if "pmkb-overdue" in row.classes}
    assert overdue == {"AI-002"}
    assert by_id["AI-002"].one(cls="pmkb-overdue-mark").text == "overdue"
    cells = [td.text for td in by_id["AI-002"].find_all("td")]
    assert cells[1:7] == [
        "Add a query-plan check to the release pipeline",
        "payments-platform",
        "2025-03-01 overdue",
        "P2",
        "prevent",
        "open",
    ]
    tracker = by_id["AI-002"].find_all("td")[7].one("a")
    assert tracker.get("href") == "https://tracker.example.com/browse/PAY-12"
    assert by_id["AI-001"].find_all("td")[6].text == "done 2025-02-16"
    summary = content.one(cls="pmkb-actions__summary").text
    assert summary == "4 action items: 1 done, 1 overdue as of 2025-06-01."


def test_body_is_rendered_between_header_and_action_items(site: BuiltSite) -> None:
    content = site.content("incidents/pm-2025-001/")
    body = content.one(cls="pmkb-body")
    assert [h.text.rstrip("¶") for h in body.find_all("h2")] == ["Summary", "Root Cause"]
    assert "A query without an index scanned the whole orders table." in body.text
    parts = ("pmkb-header", "pmkb-summary", "pmkb-body")
    order = [
        el.get("class") or el.get("id")
        for el in content.iter()
        if el.get("class") in parts or el.get("id") in ("action-items", "related-incidents")
    ]
    assert order == [*parts, "action-items", "related-incidents"]


@pytest.mark.parametrize(
    "first_lines",
    ["Note: the pool was full before the release.\n", "---\nseverity: SEV1\n---\n"],
)
def test_the_body_is_shown_whole_whatever_its_first_line(tmp_path: Path, first_lines: str) -> None:
    # The body right after the closing fence, with no blank line between.
    front = report("PM-2025-001", "A", "2025-02-09T10:00:00Z", body="").rstrip("\n")
    text = f"{front}\n{first_lines}\nThe end.\n"
    site = build_site(write_project(tmp_path, {"2025/2025-02-09-a.md": text}))
    body = site.content("incidents/pm-2025-001/").one(cls="pmkb-body")
    assert body.text.startswith(parse(markdown.markdown(first_lines)).text.split()[0])
    assert body.text.endswith("The end.")


def test_a_link_to_another_postmortems_file_points_at_its_id_url(site: BuiltSite) -> None:
    body = site.content("incidents/pm-2025-001/").one(cls="pmkb-body")
    link = body.one("a", href="../pm-2024-010/")
    assert link.text == "the earlier failover"


def test_table_of_contents_lists_body_sections_and_the_generated_ones(site: BuiltSite) -> None:
    page = site.page("incidents/pm-2025-001/")
    toc = page.one("nav", cls="md-nav--secondary")
    assert [a.get("href") for a in toc.find_all("a", cls="md-nav__link")] == [
        "#summary",
        "#root-cause",
        "#action-items",
        "#related-incidents",
    ]


def test_related_incidents_list_the_closest_with_their_reasons(site: BuiltSite) -> None:
    related = site.content("incidents/pm-2025-001/").one(cls="pmkb-related")
    items = related.find_all("li")
    ids = [li.first("a").text for li in items]
    # PM-2024-010 is linked and shares a factor and a service; PM-2025-002 links
    # here; PM-2025-003 shares a factor and a service; PM-2025-004 shares nothing.
    assert set(ids) == {"PM-2024-010", "PM-2025-002", "PM-2025-003"}
    assert ids[0] == "PM-2024-010"
    reasons = {li.first("a").text: li.one(cls="pmkb-reasons").text for li in items}
    assert (
        reasons["PM-2024-010"]
        == "linked · shared factors: missing-index · shared services: orders-db"
    )
    assert reasons["PM-2025-002"] == "linked"
    assert reasons["PM-2025-003"] == "shared factors: monitoring-gap · shared services: api-service"
    assert items[0].first("a").get("href") == "../../incidents/pm-2024-010/"


def test_related_links_to_a_hidden_postmortem_are_dropped_silently(site: BuiltSite) -> None:
    related = site.content("incidents/pm-2025-002/").one(cls="pmkb-related")
    assert [li.first("a").text for li in related.find_all("li")] == ["PM-2025-001"]
    assert "PM-2025-005" not in site.html("incidents/pm-2025-002/")


def test_drafts_and_reports_in_review_carry_a_banner(site: BuiltSite) -> None:
    draft = site.content("incidents/pm-2025-003/")
    banner = draft.one(cls="pmkb-banner--draft")
    assert banner.one(cls="admonition-title").text == "Draft"
    # Every incident counts, whatever its report's status: the banner does not say otherwise.
    assert "do not count it" not in banner.text
    review = site.content("incidents/pm-2025-004/")
    assert review.one(cls="pmkb-banner--review").one(cls="admonition-title").text == "In review"
    for published in ("pm-2025-001", "pm-2025-002", "pm-2024-010"):
        assert site.content(f"incidents/{published}/").find_all(cls="pmkb-banner") == []


def test_postmortems_are_not_in_the_navigation(site: BuiltSite) -> None:
    for url in ("", "incidents/", "incidents/pm-2025-001/", "about/"):
        nav = site.page(url).one("nav", cls="md-nav--primary")
        hrefs = [a.get("href") or "" for a in nav.find_all("a")]
        assert not [h for h in hrefs if "pm-20" in h], url
    tabs = site.page("").one("nav", cls="md-tabs")
    assert [a.text for a in tabs.find_all("a", cls="md-tabs__link")] == [
        "Home",
        "Post-mortems",
        "Factors",
        "Services",
        "Dashboard",
        "Graph",
        "Data",
        "About this site",
    ]


def test_a_factor_most_post_mortems_cite_relates_no_incident_on_its_own(tmp_path: Path) -> None:
    """Teams write monitoring-gap into most reports: under one citing nothing else, a list
    of five others picked by id was no help, and under one citing a rare factor too, the
    incident sharing that factor came with four such fillers."""
    files = {
        f"2025/2025-03-{i + 1:02d}-outage-{i}.md": report(
            f"PM-2025-{i + 1:03d}",
            f"Outage {i} on service {i}",
            f"2025-03-{i + 1:02d}T10:00:00Z",
            services=[f"service-{i}"],
            contributing_factors=["monitoring-gap"] + (["capacity-planning"] if i == 4 else []),
        )
        for i in range(20)
    }
    files["2025/2025-04-01-rare.md"] = report(
        "PM-2025-101",
        "Capacity again",
        "2025-04-01T10:00:00Z",
        services=["service-101"],
        contributing_factors=["monitoring-gap", "capacity-planning"],
    )
    files["2025/2025-04-02-other.md"] = report(
        "PM-2025-102",
        "Something else",
        "2025-04-02T10:00:00Z",
        services=["service-102"],
        contributing_factors=["testing-gap"],
    )
    site = build_site(write_project(tmp_path, files), strict=True)
    alone = site.content("incidents/pm-2025-001/").one(cls="pmkb-related")
    assert alone.find_all("li") == []
    assert alone.text == (
        "No related incidents yet: none shares a link, a contributing factor or a service "
        "with this one, besides a factor more than half of all post-mortems cite "
        "(monitoring-gap)."
    )
    rare = site.content("incidents/pm-2025-101/").one(cls="pmkb-related")
    assert [li.first("a").text for li in rare.find_all("li")] == ["PM-2025-005"]
    assert rare.one(cls="pmkb-reasons").text == "shared factors: capacity-planning, monitoring-gap"
