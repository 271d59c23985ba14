"""The generated pages: home, the list of all post-mortems, factor and service pages."""

from __future__ import annotations

import datetime as dt
import json
import posixpath

import pytest

from tests.site.dom import Element
from tests.site.sitebuild import INTERNAL_IDS, BuiltSite


def table_ids(content: Element) -> list[str]:
    """Ids in the first column of every incident table of ``content``, in order."""
    out = []
    for wrap in content.find_all(cls="pmkb-incidents"):
        for row in wrap.one("tbody").find_all("tr"):
            out.append(row.find_all("td")[0].text)
    return out


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("monitoring-gap", ["PM-2025-003", "PM-2025-001"]),
        ("missing-index", ["PM-2025-001", "PM-2024-010"]),
        ("capacity-planning", ["PM-2025-002"]),
        ("runbook-gap", ["PM-2025-002"]),
        ("testing-gap", ["PM-2025-004"]),
        # PM-2025-005 cites both of these but is restricted.
        ("unclear-ownership", ["PM-2024-010"]),
        ("knowledge-silo", ["PM-2025-004"]),
    ],
)
def test_factor_page_lists_exactly_its_incidents_newest_first(
    site: BuiltSite, tag: str, expected: list[str]
) -> None:
    content = site.content(f"factors/{tag}/")
    assert content.one("h1").text == tag
    assert table_ids(content) == expected


def test_factor_page_shows_its_description_layer_and_neighbours(site: BuiltSite) -> None:
    content = site.content("factors/missing-index/")
    assert content.one(cls="pmkb-factor-description").text == "A query lacked a suitable index."
    assert content.one(cls="pmkb-layer").text == "technical"
    # Co-cited with missing-index: monitoring-gap (001) and unclear-ownership (010).
    cited = content.one(cls="pmkb-cooccurring")
    assert [a.text for a in cited.find_all("a")] == [
        "monitoring-gap (1)",
        "unclear-ownership (1)",
    ]
    # Once each is a count, not a pattern: nothing untested is called "often".
    assert cited.text.startswith("Also cited by these post-mortems: ")
    assert "often" not in cited.text.lower()


def test_factor_index_groups_every_factor_by_layer_with_counts(site: BuiltSite) -> None:
    content = site.content("factors/")
    layers = [h.text for h in content.find_all("h2")]
    assert layers == ["Technical", "Process", "Organizational"]
    counts = {}
    for wrap in content.find_all(cls="pmkb-factors"):
        for row in wrap.one("tbody").find_all("tr"):
            cells = row.find_all("td")
            counts[cells[0].text] = int(cells[2].text)
    assert counts == {
        "capacity-planning": 1,
        "missing-index": 2,
        "monitoring-gap": 2,
        "runbook-gap": 1,
        "testing-gap": 1,
        "knowledge-silo": 1,
        "unclear-ownership": 1,
    }


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("api-service", ["PM-2025-003", "PM-2025-001"]),
        ("orders-db", ["PM-2025-001", "PM-2024-010"]),
        ("search-api", ["PM-2025-002"]),
        ("ledger-worker", ["PM-2025-004"]),
    ],
)
def test_service_page_lists_exactly_its_incidents(
    site: BuiltSite, service: str, expected: list[str]
) -> None:
    content = site.content(f"services/{service}/")
    assert content.one("h1").text == service
    assert table_ids(content) == expected


def test_services_index_counts_incidents_per_service(site: BuiltSite) -> None:
    rows = site.content("services/").one(cls="pmkb-services").one("tbody").find_all("tr")
    summary = {
        r.find_all("td")[0].text: (r.find_all("td")[1].text, r.find_all("td")[2].text) for r in rows
    }
    # hr-payroll appears only in a restricted post-mortem: no trace of it.
    assert summary == {
        "api-service": ("2", "1"),
        "ledger-worker": ("1", "1"),
        "orders-db": ("2", "2"),
        "search-api": ("1", "0"),
    }
    assert not site.exists("services/hr-payroll/")


def test_home_shows_headline_figures_of_every_visible_incident(site: BuiltSite) -> None:
    content = site.content("")
    figures = {
        f.one(cls="pmkb-figure__label").text: (
            f.one(cls="pmkb-figure__value").text,
            f.one(cls="pmkb-figure__detail").text,
        )
        for f in content.find_all(cls="pmkb-figure")
    }
    # Every incident counts, whatever its report's status: PM-2024-010, PM-2025-001 and
    # PM-2025-002 are published, PM-2025-003 is a draft, PM-2025-004 in review.
    assert figures["incidents"] == (
        "5",
        "SEV1: 1 · SEV2: 2 · SEV3: 1 · SEV4: 1 · 1 in review, 1 draft, reports not yet published",
    )
    # TTD 82 s, then 120 s four times: median 120 s. A 90th percentile of five values
    # is the largest or between the two largest: none is shown below ten, as in the
    # dashboard's trend charts.
    assert figures["median time to detect"] == (
        "2 min",
        "p90 not shown: fewer than 10 values · n = 5",
    )
    assert figures["median time to resolve"] == (
        "1 h",
        "p90 not shown: fewer than 10 values · n = 5",
    )
    # PM-2025-001's four items: 1 done, open + in-progress = 2 open, 1 of them overdue,
    # and 1 won't-do, which the share done leaves out as the tables' Completion does.
    assert figures["of action items done"] == (
        "33%",
        "1 of 3 (1 won't-do left out) · 2 open · 1 overdue as of 2025-06-01",
    )


def test_home_lists_the_latest_postmortems(site: BuiltSite) -> None:
    assert table_ids(site.content("")) == [
        "PM-2025-004",
        "PM-2025-003",
        "PM-2025-002",
        "PM-2025-001",
        "PM-2024-010",
    ]


def as_list(value: object) -> list:
    """A list cell of the list data: one value is written bare, several as a list."""
    return value if isinstance(value, list) else [value]


def list_data_text(site: BuiltSite) -> str:
    """The text of the list's data file, found where the list page says it is."""
    root = site.content("incidents/").one(cls="pmkb-list")
    source = root.get("data-list-src")
    assert source == "../incidents/list.json"
    return site.path(posixpath.normpath("incidents/" + source)).read_text(encoding="utf-8")


def list_rows(site: BuiltSite) -> list[dict]:
    """The list's data file, decoded as incidents.js decodes it."""
    data = json.loads(list_data_text(site))
    assert data["v"] == 2
    flat = data["rows"]
    assert len(flat) % 7 == 0
    rows, day = [], 0
    for index in range(0, len(flat), 7):
        pm_id, title, days, sev_status, services, teams, factors = flat[index : index + 7]
        day = days if index == 0 else day - days
        date = dt.date(1970, 1, 1) + dt.timedelta(days=day)
        if isinstance(pm_id, int):
            pm_id = f"PM-{date.year}-{pm_id:03d}"
        elif not pm_id.startswith("PM-"):
            pm_id = f"PM-{date.year}-{pm_id}"
        rows.append(
            {
                "id": pm_id,
                "title": title,
                "date": date,
                "severity": f"SEV{sev_status // 3 + 1}",
                "status": data["statuses"][sev_status % 3],
                "services": [data["services"][i] for i in as_list(services)],
                "teams": [data["teams"][i] for i in as_list(teams)],
                "factors": [data["factors"][i] for i in as_list(factors)],
            }
        )
    return rows


def test_all_incidents_list_carries_every_visible_postmortem(site: BuiltSite) -> None:
    rows = list_rows(site)
    assert [r["id"] for r in rows] == [
        "PM-2025-004",
        "PM-2025-003",
        "PM-2025-002",
        "PM-2025-001",
        "PM-2024-010",
    ]
    assert {r["id"] for r in rows} == INTERNAL_IDS
    first = next(r for r in rows if r["id"] == "PM-2025-001")
    assert first == {
        "id": "PM-2025-001",
        "title": "Checkout errors from connection-pool exhaustion",
        "date": dt.date(2025, 2, 9),
        "severity": "SEV2",
        "status": "published",
        "services": ["api-service", "orders-db"],
        "teams": ["payments-platform"],
        "factors": ["monitoring-gap", "missing-index"],
    }
    draft = next(r for r in rows if r["id"] == "PM-2025-003")
    assert (draft["severity"], draft["status"], draft["date"]) == (
        "SEV4",
        "draft",
        dt.date(2025, 4, 10),
    )
    assert "hr-payroll" not in {s for r in rows for s in r["services"]}


def test_all_incidents_list_has_a_static_table_for_readers_without_javascript(
    site: BuiltSite,
) -> None:
    content = site.content("incidents/")
    assert table_ids(content) == [
        "PM-2025-004",
        "PM-2025-003",
        "PM-2025-002",
        "PM-2025-001",
        "PM-2024-010",
    ]
    root = content.one(cls="pmkb-list")
    assert root.get("data-incident-href") == "../incidents/{id}/"
    assert root.get("data-service-href") == "../services/{name}/"
    assert root.get("data-total") == "5"
    # The rows are a file of their own, fetched on first use: not in the page.
    assert "Checkout errors from connection-pool exhaustion" in list_data_text(site)
    assert content.find_all("template") == []
    first = content.one(cls="pmkb-incidents").one("tbody").first("a")
    assert first.get("href") == "../incidents/pm-2025-004/"


def test_fallback_table_keeps_to_the_configured_number_of_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.site.sitebuild import build_site, standard_corpus, write_project

    site = build_site(write_project(tmp_path, standard_corpus(), plugin={"list_fallback_rows": 2}))
    content = site.content("incidents/")
    assert table_ids(content) == ["PM-2025-004", "PM-2025-003"]
    assert content.one(cls="pmkb-list__count").text.startswith("The latest 2 of 5 post-mortems.")
    assert len(list_rows(site)) == 5


def test_list_filters_offer_the_values_of_the_visible_postmortems(site: BuiltSite) -> None:
    form = site.content("incidents/").one("form", cls="pmkb-filters")
    rows = list_rows(site)

    def offered(name: str) -> list[str]:
        select = form.one("select", name=name)
        values = [option.get("value") for option in select.find_all("option")]
        assert values[0] == ""  # "All"
        return values[1:]

    assert offered("severity") == sorted({r["severity"] for r in rows})
    assert offered("status") == sorted({r["status"] for r in rows})
    assert offered("year") == ["2025", "2024"]
    assert offered("service") == sorted({s for r in rows for s in r["services"]})
    assert offered("team") == sorted({t for r in rows for t in r["teams"]})
    assert offered("factor") == sorted({f for r in rows for f in r["factors"]})
    # A restricted post-mortem's service is no choice in an internal build.
    assert "hr-payroll" not in offered("service")
