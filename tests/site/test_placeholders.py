"""A value whose line carries a TODO note is a placeholder, not data.

Drafts from ``pmkb new`` and ``pmkb import`` hold guesses marked TODO (a due
date four weeks out, ``status: open`` that no source gave, ``detected`` set to
the start, ``services: [service-name]``, a catch-all factor). The same corpus
is built twice, once with those notes and once without: the notes alone must
keep the guesses out of every figure, page and relation, while the post-mortem's
own page still shows them, marked.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.site.sitebuild import BuiltSite, action_item, build_site, report, write_project

NOTE = "  # TODO: not found in the source; check it"


def marked(text: str, *starts: str) -> str:
    """``text`` with a TODO note on each frontmatter line that starts (indent aside)
    with one of ``starts``."""
    head, fence, rest = text.partition("\n---\n")
    lines = [
        line + NOTE if any(line.strip().startswith(s) for s in starts) else line
        for line in head.split("\n")
    ]
    return "\n".join(lines) + fence + rest


def corpus(notes: bool) -> dict[str, str]:
    """Two drafts of unrelated incidents that share only the importer's guesses
    (each cites a confirmed factor of its own)."""

    def draft(pm_id: str, title: str, started: str, own_factor: str) -> str:
        text = report(
            pm_id,
            title,
            started,
            status="draft",
            severity="SEV1",
            services=["service-name"],
            contributing_factors=["runbook-gap"],
            action_items=[
                action_item("AI-001", "Add an alert on queue depth", "2025-03-01"),
                action_item("AI-002", "Write the failover runbook", "2025-03-01", "done"),
            ],
        )
        text = text.replace("\n- runbook-gap\n", f"\n- runbook-gap\n- {own_factor}\n", 1)
        if not notes:
            return text
        return marked(
            text,
            "severity:",
            "detection:",
            "detected:",
            "- service-name",
            "- runbook-gap",
            "due: 2025-03-01",
            "status: open",
        )

    return {
        "2025/2025-02-01-queue.md": draft(
            "PM-2025-001", "Queue backlog", "2025-02-01T10:00:00Z", "knowledge-silo"
        ),
        "2025/2025-03-05-dns.md": draft(
            "PM-2025-002", "Resolver timeouts", "2025-03-05T08:00:00Z", "capacity-planning"
        ),
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, BuiltSite]:
    built = {}
    for notes in (False, True):
        folder = tmp_path_factory.mktemp("notes" if notes else "confirmed")
        built[notes] = build_site(write_project(folder, corpus(notes)), strict=True)
    return built


def metrics(site: BuiltSite) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(site.html("data/metrics.json"))
    return data


def figure(site: BuiltSite, url: str, label: str) -> str:
    for f in site.content(url).find_all(cls="pmkb-figure"):
        if f.one(cls="pmkb-figure__label").text == label:
            return (
                f.one(cls="pmkb-figure__value").text + " | " + f.one(cls="pmkb-figure__detail").text
            )
    raise AssertionError(f"no figure {label!r} on {url}")


def facts(site: BuiltSite, pm_id: str) -> dict[str, str]:
    page = site.content(f"incidents/{pm_id.lower()}/")
    out = {}
    for item in page.one(cls="pmkb-facts").find_all("div"):
        dts = item.find_all("dt")
        if dts:
            out[dts[0].text] = item.one("dd").text
    return out


def test_a_placeholder_due_date_or_status_is_never_overdue(
    sites: dict[bool, BuiltSite],
) -> None:
    confirmed = metrics(sites[False])["action_items"]["overall"]
    assert (confirmed["overdue"], confirmed["open"], confirmed["done"]) == (2, 2, 2)
    assert (confirmed["due_unknown"], confirmed["status_unknown"]) == (0, 0)
    guessed = metrics(sites[True])["action_items"]["overall"]
    # Every due date is a guess and so is each open status: nothing is known to be late,
    # and the done items, whose status was given, are the only ones the rate reads.
    assert guessed["overdue"] == 0
    assert (guessed["due_unknown"], guessed["status_unknown"]) == (4, 2)
    assert (guessed["done"], guessed["open"], guessed["total"]) == (2, 0, 4)
    assert guessed["completion_rate"] == 1.0


def test_the_headline_says_how_many_items_have_no_confirmed_due_date(
    sites: dict[bool, BuiltSite],
) -> None:
    before = figure(sites[False], "", "of action items done")
    assert "2 overdue" in before and "no confirmed" not in before
    after = figure(sites[True], "", "of action items done")
    assert after.startswith("100% | 2 of 2 (2 with no confirmed status left out) · 0 open")
    assert "0 overdue" in after
    assert "4 with no confirmed due date" in after
    # A placeholder severity is not a SEV1.
    incidents = figure(sites[True], "", "incidents")
    assert "SEV1: 0" in incidents and "severity not confirmed: 2" in incidents


def test_no_completion_rate_when_most_statuses_are_guesses(tmp_path) -> None:
    """One item confirmed done and three guessed open: "100% done" would read the
    one confirmed item as the whole archive's record."""
    text = report(
        "PM-2025-001",
        "Queue backlog",
        "2025-02-01T10:00:00Z",
        status="draft",
        action_items=[
            action_item("AI-001", "Write the failover runbook", "2025-03-01", "done"),
            action_item("AI-002", "Add an alert on queue depth", "2025-03-01"),
            action_item("AI-003", "Cap the retry budget", "2025-03-01"),
            action_item("AI-004", "Shed load at the gateway", "2025-03-01"),
        ],
    )
    site = build_site(
        write_project(tmp_path, {"2025/2025-02-01-queue.md": marked(text, "status: open")}),
        strict=True,
    )
    overall = metrics(site)["action_items"]["overall"]
    assert (overall["done"], overall["status_unknown"], overall["total"]) == (1, 3, 4)
    assert overall["completion_rate"] is None
    shown = figure(site, "", "of action items done")
    assert shown.startswith(
        "– | 1 done of the 1 whose status is confirmed, 3 not: too few confirmed for a rate"
    )
    assert "%" not in shown


def test_a_placeholder_time_is_no_duration(sites: dict[bool, BuiltSite]) -> None:
    assert facts(sites[False], "PM-2025-001")["TTD"] == "2 min"
    shown = facts(sites[True], "PM-2025-001")
    assert shown["TTD"] == "not yet known"
    assert shown["TTA"] == "not yet known"
    # The guessed time is still shown, marked; a confirmed one is not marked.
    assert shown["Detected"].endswith("placeholder")
    assert not shown["Started"].endswith("placeholder")
    assert shown["TTM"] == "30 min"
    ttd = {r["metric"]: r for r in metrics(sites[True])["response_times"]["overall"]}["ttd"]
    assert (ttd["count"], ttd["missing"]) == (0, 2)
    rows = sites[True].html("data/incidents.csv").splitlines()
    header = rows[0].split(",")
    first = rows[1].split(",")
    assert first[header.index("ttd_minutes")] == "" and first[header.index("ttm_minutes")] == "30"
    assert first[header.index("detected")] == ""


def test_placeholder_severity_and_detection_count_as_unknown(
    sites: dict[bool, BuiltSite],
) -> None:
    counts = metrics(sites[True])["incidents"]
    assert {r["severity"]: r["incidents"] for r in counts["by_severity"]} == {
        "SEV1": 0,
        "SEV2": 0,
        "SEV3": 0,
        "SEV4": 0,
        None: 2,
    }
    assert counts["by_detection"] == [{"detection": None, "incidents": 2}]
    confirmed = metrics(sites[False])["incidents"]
    assert [r for r in confirmed["by_severity"] if r["severity"] is None] == []


def test_a_placeholder_service_or_factor_relates_nothing(sites: dict[bool, BuiltSite]) -> None:
    before, after = sites[False], sites[True]
    # Without the notes, the shared service and factor relate the two.
    assert "PM-2025-002" in before.content("incidents/pm-2025-001/").text
    assert before.exists("services/service-name/")
    page = after.content("incidents/pm-2025-001/")
    related = page.text[page.text.index("Related incidents") :]
    assert "PM-2025-002" not in related
    assert not after.exists("services/service-name/")
    # The factor's page lists neither; the confirmed factor still counts.
    assert "PM-2025-001" not in after.content("factors/runbook-gap/").text
    assert "PM-2025-001" in after.content("factors/knowledge-silo/").text
    data = metrics(after)
    assert [r["service"] for r in data["incidents"]["by_service"]] == []
    cited = {r["factor"] for r in data["factors"]["frequency"]}
    assert "runbook-gap" not in cited and "knowledge-silo" in cited
    # Nor do the list of all incidents and search offer it, to link or to filter by.
    assert "service-name" in json.loads(before.html("incidents/list.json"))["services"]
    for path in ("incidents/list.json", "incidents/filters.json"):
        assert "service-name" not in after.html(path) and "runbook-gap" not in after.html(path)
    graph = json.loads(after.html("data/graph.json"))
    assert graph.get("links", graph.get("edges")) == []


def test_the_page_still_shows_a_placeholder_marked(sites: dict[bool, BuiltSite]) -> None:
    page = sites[True].content("incidents/pm-2025-001/")
    services = page.one(cls="pmkb-classification")
    assert "service-name placeholder" in services.text
    # No link to a service page that does not exist.
    assert all(a.text != "service-name" for a in services.find_all("a"))
    assert "runbook-gap placeholder" in services.text
    rows = page.one(cls="pmkb-action-items").find_all("tr")
    assert "overdue" not in rows[1].text
    assert "placeholder" in rows[1].text


@pytest.fixture(scope="module")
def guessed_owners(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """One overdue item whose owner and priority are the importer's guesses (marked TODO),
    and one confirmed, both past their confirmed due date."""
    text = report(
        "PM-2025-001",
        "Queue backlog",
        "2025-02-01T10:00:00Z",
        action_items=[
            action_item("AI-001", "Add an alert on queue depth", "2025-03-01",
                        owner="unassigned", priority="P1"),
            action_item("AI-002", "Write the failover runbook", "2025-03-01",
                        owner="storage-oncall", priority="P3"),
        ],
    )  # fmt: skip
    text = marked(text, "owner: unassigned", "priority: P1")
    folder = tmp_path_factory.mktemp("guessed-owners")
    return build_site(write_project(folder, {"2025/2025-02-01-queue.md": text}), strict=True)


def test_a_placeholder_owner_or_priority_counts_as_unknown(guessed_owners: BuiltSite) -> None:
    items = metrics(guessed_owners)["action_items"]
    assert items["overall"]["overdue"] == 2
    # The guessed P1 is no P1, and "unassigned" is no owner: both are unknown.
    by_priority = {r["priority"]: r["overdue"] for r in items["by_priority"]}
    assert by_priority == {None: 1, "P3": 1}
    assert {r["owner"]: r["overdue"] for r in items["by_owner"]} == {None: 1, "storage-oncall": 1}
    oldest = {r["key"]: (r["owner"], r["priority"]) for r in items["oldest_overdue"]}
    assert oldest == {
        "PM-2025-001/AI-001": (None, None),
        "PM-2025-001/AI-002": ("storage-oncall", "P3"),
    }
    # The headline counts no P1 among the overdue, and the dashboard names no such owner.
    assert "P1" not in figure(guessed_owners, "", "of action items done")
    page = guessed_owners.content("dashboard/action-items/")
    assert "unassigned" not in page.text and "None" not in page.text
    owners = page.one("figure", id="overdue-by-owner")
    assert "unknown" in owners.text and "storage-oncall" in owners.text
    # The post-mortem's own page still shows the guesses, marked.
    assert "unassigned" in guessed_owners.content("incidents/pm-2025-001/").text


@pytest.fixture(scope="module")
def guessed_item(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Two post-mortems with the same action item; in the first its owner, priority
    and category are the importer's guesses (marked TODO), in the second confirmed."""

    def text(pm_id: str, started: str) -> str:
        return report(
            pm_id,
            f"Queue backlog {pm_id}",
            started,
            action_items=[
                action_item("AI-001", "Add an alert on queue depth", "2025-03-01",
                            owner="unassigned", priority="P1", category="detect"),
            ],
        )  # fmt: skip

    files = {
        "2025/2025-02-01-queue.md": marked(
            text("PM-2025-001", "2025-02-01T10:00:00Z"),
            "owner: unassigned",
            "priority: P1",
            "category: detect",
        ),
        "2025/2025-02-03-queue.md": text("PM-2025-002", "2025-02-03T10:00:00Z"),
    }
    folder = tmp_path_factory.mktemp("guessed-item")
    return build_site(write_project(folder, files), strict=True)


def marked_cells(site: BuiltSite, pm_id: str) -> dict[str, str]:
    """The action item's cells, by column, that carry the placeholder mark (and their text)."""
    table = site.content(f"incidents/{pm_id.lower()}/").one(cls="pmkb-action-items")
    heads = [th.text for th in table.find_all("th")]
    (row,) = [tr for tr in table.find_all("tr") if tr.get("id") == "ai-001"]
    return {
        head: td.text
        for head, td in zip(heads, row.find_all("td"), strict=True)
        if td.find_all(cls="pmkb-placeholder")
    }


def test_a_placeholder_owner_priority_or_category_is_marked_on_its_page(
    guessed_item: BuiltSite,
) -> None:
    # Marked where the file says TODO, on those three cells only...
    assert marked_cells(guessed_item, "PM-2025-001") == {
        "Owner": "unassigned placeholder",
        "Priority": "P1 placeholder",
        "Category": "detect placeholder",
    }
    # ...and the same values, confirmed, are not marked at all.
    assert marked_cells(guessed_item, "PM-2025-002") == {}
    # The guessed due date and status were confirmed: the item is still overdue.
    page = guessed_item.content("incidents/pm-2025-001/")
    assert "1 overdue" in page.one(cls="pmkb-actions__summary").text
    # The data files keep no guess: the marked values are empty cells there.
    rows = {r["postmortem_id"]: r for r in csv.DictReader(io.StringIO(guessed_item.html(
        "data/action-items.csv")))}  # fmt: skip
    keys = ("owner", "priority", "category")
    assert [rows["PM-2025-001"][k] for k in keys] == ["", "", ""]
    assert [rows["PM-2025-002"][k] for k in keys] == ["unassigned", "P1", "detect"]
