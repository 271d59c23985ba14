"""``pmkb actions`` reads a value marked TODO in its file as the site does: unconfirmed.

The template and the importers mark their guesses (an owner, a due date four
weeks out, ``status: open`` the source does not give) with a TODO note. The
site counts such an item in no owner's figures and never as overdue; the
weekly review and the tickets must say the same, and keep the value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from click.testing import CliRunner
from pmkb.analytics.frame import action_items_frame
from pmkb.cli import main
from pmkb.loader import load_corpus
from pmkb.taxonomy import load_taxonomy

IMPORTED = """\
---
id: PM-2025-004
title: "Checkout timeouts after a cache flush"
status: published
severity: SEV2
services: [api-service]
authors: [payments-oncall]
timeline:
  started: 2025-02-20T10:00:00Z
  detected: 2025-02-20T10:05:00Z
  resolved: 2025-02-20T11:00:00Z
published: 2025-02-20
detection: alert
root_cause: A cache flush sent every request to the database at once.
contributing_factors: [monitoring-gap]
visibility: internal
action_items:
  - id: AI-001
    action: "Warm the cache before a flush completes"
    owner: sre-team  # TODO: confirm owner
    due: 2025-03-01
    priority: P2
    category: prevent
    status: open
  - id: AI-002
    action: "Alert on the cache hit ratio"
    owner: sre-team  # TODO: guessed: the source names no owner
    due: 2025-04-01  # TODO: guessed: four weeks after the incident
    priority: P2
    category: detect
    status: open  # TODO: not found in the source
  - id: AI-003
    action: "Document the flush procedure"
    owner: payments-platform
    due: 2025-04-15
    priority: P3
    category: mitigate-future
    status: open  # TODO: check the status
  - id: AI-004
    action: "Rate-limit database reconnects"
    owner: payments-platform
    due: 2025-04-10  # TODO: guessed
    priority: P1  # TODO: guessed
    category: prevent  # TODO: guessed
    status: in-progress
---

## Summary

Text.
"""


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def add_imported(project: Path) -> None:
    (project / "postmortems" / "2025" / "2025-02-20-checkout-timeouts.md").write_text(
        IMPORTED, encoding="utf-8"
    )


def test_status_groups_guessed_owners_apart_and_counts_no_guess_overdue(project: Path) -> None:
    add_imported(project)
    result = run("actions", "status", "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # 4 items before (2 overdue) and 4 more, of which only AI-001 (owner guessed, due
    # date and status confirmed) is overdue: a guessed due date or status never is.
    assert lines[0] == "Open action items as of 2025-05-01: 8 open, 3 overdue, 3 owners"
    assert lines[1] == (
        "Unconfirmed (marked TODO in the file): the owner of 2 items; "
        "the due date or status of 3 items, never counted overdue."
    )
    headers = [line for line in lines[2:] if line and not line.startswith(" ")]
    assert headers == [
        "payments-platform (4 open, 1 overdue)",
        "identity (1 open, 1 overdue)",
        "=HYPERLINK(1) (1 open, 0 overdue)",
        "Owner unconfirmed (2 open, 1 overdue)",
    ]
    # The guessed owner names no group and no owner; the line still shows it, marked.
    assert not any(line.startswith("sre-team") for line in lines)
    by_key = {line.split("  PM-")[1].split()[0]: line for line in lines if "  PM-" in line}
    guessed_owner = by_key["2025-004/AI-001"]
    assert guessed_owner.split()[:2] == ["overdue", "61d"]
    assert "[sre-team (unconfirmed)] Warm the cache" in guessed_owner
    all_guessed = by_key["2025-004/AI-002"]
    assert all_guessed.split()[:3] == ["due", "date", "unconfirmed"]
    assert "2025-04-01 (unconfirmed)" in all_guessed and "open (unconfirmed)" in all_guessed
    assert "overdue" not in all_guessed
    # Past its confirmed due date, but its status is a guess: not called overdue.
    status_guessed = by_key["2025-004/AI-003"]
    assert status_guessed.split()[:3] == ["due", "16d", "ago"]
    assert "open (unconfirmed)" in status_guessed and "overdue" not in status_guessed
    due_guessed = by_key["2025-004/AI-004"]
    assert "2025-04-10 (unconfirmed)" in due_guessed and "P1 (unconfirmed)" in due_guessed
    assert "overdue" not in due_guessed
    # Within an owner, overdue first, then the dated items, then those whose date is a guess.
    platform = lines[lines.index("payments-platform (4 open, 1 overdue)") + 1 :][:4]
    assert [line.split("  PM-")[1].split()[0] for line in platform] == [
        "2025-001/AI-002",
        "2025-004/AI-003",
        "2025-001/AI-003",
        "2025-004/AI-004",
    ]


def test_status_counts_overdue_as_the_site_does(project: Path) -> None:
    add_imported(project)
    as_of = dt.date(2025, 5, 1)
    lines = run("actions", "status", "--as-of", as_of.isoformat()).stdout.splitlines()
    listed = {
        "PM-" + line.split("  PM-")[1].split()[0] for line in lines if line.startswith("  overdue ")
    }
    taxonomy, _ = load_taxonomy(project / "postmortems" / "taxonomy.yml")
    corpus = load_corpus(project / "postmortems", taxonomy)
    internal = [r for r in corpus.records if r.meta.visibility.value != "restricted"]
    items = action_items_frame(internal, as_of, include_statuses=None)
    assert listed == set(items.loc[items["overdue"], "key"])


def test_an_owner_filter_never_matches_a_guessed_owner(project: Path) -> None:
    add_imported(project)
    result = run("actions", "status", "--as-of", "2025-05-01", "--owner", "sre-team")
    assert result.stdout.splitlines()[0].startswith("Open action items as of 2025-05-01: 0 open")
    assert "PM-2025-004" not in result.stdout


def test_a_corpus_without_todo_notes_reads_as_before(project: Path) -> None:
    result = run("actions", "status", "--as-of", "2025-05-01")
    assert "unconfirmed" not in result.stdout.lower()
    rows = json.loads(run("actions", "export", "--format", "json").stdout)
    assert {r["unconfirmed"] for r in rows} == {""}
    assert not any("unconfirmed" in r["body"] for r in rows)


def test_tickets_keep_guessed_values_marked_as_unconfirmed(project: Path) -> None:
    add_imported(project)
    rows = {r["key"]: r for r in json.loads(run("actions", "export", "--format", "json").stdout)}
    guessed = rows["PM-2025-004/AI-002"]
    # The values are kept, and the row says which of them are guesses.
    assert (guessed["owner"], guessed["due"], guessed["status"]) == (
        "sre-team",
        "2025-04-01",
        "open",
    )
    assert guessed["unconfirmed"] == "owner,due,status"
    body = guessed["body"]
    assert "**Owner:** sre-team (unconfirmed)" in body
    assert "**Due:** 2025-04-01 (unconfirmed)" in body
    assert "**Status:** open (unconfirmed)" in body
    assert "**Priority:** P2\n" in body
    # A guessed priority or category is stated nowhere as fact, not even as a label.
    tagged = rows["PM-2025-004/AI-004"]
    assert tagged["unconfirmed"] == "due,priority,category"
    assert "**Priority:** P1 (unconfirmed)" in tagged["body"]
    assert "**Category:** prevent (unconfirmed)" in tagged["body"]
    assert tagged["labels"] == "postmortem"
    # A confirmed item's ticket is unchanged.
    plain = rows["PM-2025-001/AI-002"]
    assert plain["unconfirmed"] == "" and "**Owner:** payments-platform\n" in plain["body"]
    assert plain["labels"] == "postmortem,category:prevent,priority:P2"

    table = list(csv.DictReader(io.StringIO(run("actions", "export", "--format", "csv").stdout)))
    by_key = {r["key"]: r for r in table}
    assert by_key["PM-2025-004/AI-001"]["unconfirmed"] == "owner"
    assert by_key["PM-2025-004/AI-001"]["owner"] == "sre-team"
    assert "**Owner:** sre-team (unconfirmed)" in by_key["PM-2025-004/AI-001"]["body"]


def test_the_gh_script_marks_guessed_values(project: Path) -> None:
    add_imported(project)
    script = run("actions", "export", "--format", "gh").stdout
    assert ": due 2025-04-01 (unconfirmed)\ncreate PM-2025-004/AI-002 " in script
    assert ": due 2025-03-01\ncreate PM-2025-004/AI-001 " in script
    assert "**Owner:** sre-team (unconfirmed)" in script
    assert "**Owner:** sre-team\n" not in script
    # AI-004's priority and category are guesses: its issue gets neither label.
    command = script[script.index("create PM-2025-004/AI-004 ") :].split("\n\n#")[0]
    assert command.rstrip().endswith("\n  postmortem")


GUESSED_FINISHED = """\
---
id: PM-2025-005
title: "Search latency after an index rebuild"
status: published
severity: SEV3
services: [api-service]
authors: [search-oncall]
timeline:
  started: 2025-03-10T08:00:00Z
  detected: 2025-03-10T08:10:00Z
  resolved: 2025-03-10T09:00:00Z
published: 2025-03-11
detection: alert
root_cause: An index rebuild ran during peak traffic and starved the query nodes.
contributing_factors: [runbook-gap]
visibility: internal
action_items:
  - id: AI-001
    action: "Schedule index rebuilds outside peak hours"
    owner: search-platform
    due: 2025-03-20
    priority: P2
    category: prevent
    status: done  # TODO: guessed from the incident notes
    completed: 2025-03-19  # TODO: guessed
  - id: AI-002
    action: "Throttle rebuild throughput"
    owner: search-platform
    due: 2025-03-25
    priority: P3
    category: mitigate-future
    status: wont-do  # TODO: confirm with the team
  - id: AI-003
    action: "Document the rebuild runbook"
    owner: search-platform
    due: 2025-03-25
    priority: P3
    category: investigate
    status: in-progress  # TODO: guessed
  - id: AI-004
    action: "Retire the old index format"
    owner: search-platform
    due: 2025-03-30
    priority: P3
    category: prevent
    status: done
    completed: 2025-03-28
---

## Summary

Text.
"""


def test_an_item_whose_finished_status_is_a_guess_still_gets_a_ticket(project: Path) -> None:
    (project / "postmortems" / "2025" / "2025-03-10-search-latency.md").write_text(
        GUESSED_FINISHED, encoding="utf-8"
    )
    for flags in ((), ("--open-only",)):
        result = run("actions", "export", "--format", "json", *flags)
        assert result.exit_code == 0, result.output
        rows = {r["key"]: r for r in json.loads(result.stdout)}
        # A guessed done or won't-do is no reason to drop the item: it is exported,
        # its status kept and marked; whatever the guess, --open-only keeps it too.
        for key, status in (("AI-001", "done"), ("AI-002", "wont-do"), ("AI-003", "in-progress")):
            row = rows[f"PM-2025-005/{key}"]
            assert row["status"] == status and row["unconfirmed"] == "status"
            assert f"**Status:** {status} (unconfirmed)" in row["body"]
        # A confirmed done item still gets no ticket.
        assert "PM-2025-005/AI-004" not in rows
    script = run("actions", "export", "--format", "gh").stdout
    assert ": due 2025-03-20\ncreate PM-2025-005/AI-001 " in script
    assert "**Status:** wont-do (unconfirmed)" in script


def test_the_weekly_review_keeps_an_item_whose_finished_status_is_a_guess(project: Path) -> None:
    (project / "postmortems" / "2025" / "2025-03-10-search-latency.md").write_text(
        GUESSED_FINISHED, encoding="utf-8"
    )
    result = run("actions", "status", "--as-of", "2025-05-01", "--owner", "search-platform")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    by_key = {line.split("  PM-")[1].split()[0]: line for line in lines if "  PM-" in line}
    # The guesses are listed, marked, never overdue; the confirmed done item is not.
    assert set(by_key) == {"2025-005/AI-001", "2025-005/AI-002", "2025-005/AI-003"}
    assert "done (unconfirmed)" in by_key["2025-005/AI-001"]
    assert "wont-do (unconfirmed)" in by_key["2025-005/AI-002"]
    assert not any(line.split()[:1] == ["overdue"] for line in by_key.values())
    assert "the due date or status of 3 items, never counted overdue" in result.stdout
