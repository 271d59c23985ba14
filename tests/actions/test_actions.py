"""``pmkb actions export`` and ``pmkb actions status`` on a corpus with every kind of item."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner
from pmkb.actions import neutralise
from pmkb.cli import main

# Untracked and unfinished, visible to the internal audience: the tickets to create.
EXPECTED_KEYS = ["PM-2025-001/AI-002", "PM-2025-002/AI-001", "PM-2025-002/AI-002"]


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_export_lists_one_ticket_per_untracked_unfinished_item(project: Path) -> None:
    result = run("actions", "export", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    # Not AI-001 (done), AI-003 (has a tracker), AI-004 (won't do), nor the restricted post-mortem.
    assert [r["key"] for r in rows] == EXPECTED_KEYS
    first = rows[0]
    assert first["title"] == "[PM-2025-001/AI-002] Add a query-plan check to the release pipeline"
    assert first["labels"] == "postmortem,category:prevent,priority:P2"
    assert first["postmortem_url"] == ("https://postmortems.example.com/incidents/pm-2025-001/")
    assert "**Due:** 2025-03-01" in first["body"] and first["postmortem_url"] in first["body"]
    assert "3 action items without a tracker" in result.stderr


def test_open_only_leaves_out_items_in_progress(project: Path) -> None:
    rows = json.loads(run("actions", "export", "--format", "json", "--open-only").stdout)
    assert [r["key"] for r in rows] == ["PM-2025-001/AI-002", "PM-2025-002/AI-002"]


def test_restricted_post_mortems_only_for_the_restricted_audience(project: Path) -> None:
    internal = run("actions", "export", "--format", "csv").stdout
    restricted = run("actions", "export", "--format", "csv", "--audience", "restricted").stdout
    assert "PM-2025-003" not in internal
    assert "PM-2025-003/AI-001" in restricted
    public = json.loads(run("actions", "export", "--format", "json", "--audience", "public").stdout)
    assert [r["key"] for r in public] == ["PM-2025-002/AI-001", "PM-2025-002/AI-002"]


def test_site_url_option_and_file_links_without_one(project: Path) -> None:
    rows = json.loads(
        run("actions", "export", "--format", "json", "--site-url", "https://kb.example.org").stdout
    )
    assert rows[0]["postmortem_url"] == "https://kb.example.org/incidents/pm-2025-001/"
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml")
        .read_text()
        .replace("site_url: https://postmortems.example.com/\n", "")
    )
    rows = json.loads(run("actions", "export", "--format", "json").stdout)
    assert (
        rows[0]["postmortem_url"]
        == "postmortems/2025/2025-02-09-api-errors-from-pool-exhaustion.md"
    )


def test_csv_cells_cannot_become_formulas(project: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("actions", "export", "--format", "csv").stdout)))
    assert [r["key"] for r in rows] == EXPECTED_KEYS
    hostile = rows[2]
    assert hostile["owner"] == "'=HYPERLINK(1)"
    assert hostile["action"].startswith("Check `$(touch pwned)`")
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("PM-2025-001/AI-001") == "PM-2025-001/AI-001"


def test_the_gh_script_is_idempotent_and_quotes_what_authors_wrote(
    project: Path, fake_gh: Path
) -> None:
    script = project / "tickets.sh"
    result = run("actions", "export", "--format", "gh")
    script.write_text(result.stdout, encoding="utf-8")
    assert result.stdout.startswith("#!/bin/sh\n")
    assert result.stdout.count("\ncreate ") == len(EXPECTED_KEYS)
    env = {
        **os.environ,
        "PATH": f"{fake_gh}{os.pathsep}{os.environ['PATH']}",
        "FAKE_GH_STATE": str(project / "issues.txt"),
    }

    first = subprocess.run(
        ["sh", str(script)], cwd=project, env=env, capture_output=True, text=True, check=True
    )
    created = [line.split()[0] for line in first.stdout.splitlines()]
    assert created == EXPECTED_KEYS
    second = subprocess.run(
        ["sh", str(script)], cwd=project, env=env, capture_output=True, text=True, check=True
    )
    assert second.stdout == ""
    assert sorted(second.stderr.split()) == sorted(["exists:"] * 3 + EXPECTED_KEYS)
    assert len((project / "issues.txt").read_text().splitlines()) == 3

    # The author's text reached gh as one argument, byte for byte, and ran nothing.
    assert not (project / "pwned").exists()
    title = (project / "issues.txt.title.3").read_text()
    assert (
        title
        == '[PM-2025-002/AI-002] Check `$(touch pwned)` and it\'s "quoted"; rm -rf / # not run\n'
    )
    assert (project / "issues.txt.labels.3").read_text() == "postmortem,category:detect,priority:P3"
    body = (project / "issues.txt.body.3").read_text()
    assert "**Owner:** =HYPERLINK(1)" in body and "**Due:** 2025-07-01" in body


def test_a_tracked_item_is_not_exported_again(project: Path) -> None:
    path = next((project / "postmortems").rglob("*pool-exhaustion.md"))
    path.write_text(
        path.read_text().replace(
            "    status: open\n",
            "    status: open\n    tracker: https://github.example.com/issues/1\n",
            1,
        )
    )
    rows = json.loads(run("actions", "export", "--format", "json").stdout)
    assert [r["key"] for r in rows] == EXPECTED_KEYS[1:]


def test_nothing_to_export(project: Path) -> None:
    for path in (project / "postmortems").rglob("*.md"):
        path.write_text(
            path.read_text()
            .replace("status: open", "status: wont-do")
            .replace("status: in-progress", "status: wont-do")
        )
    result = run("actions", "export", "--format", "gh")
    assert "create " not in result.stdout and "already has a tracker" in result.stdout
    assert "0 action items without a tracker" in result.stderr


def test_a_broken_post_mortem_is_named_with_its_errors_and_fails_the_run(project: Path) -> None:
    (project / "postmortems" / "2025" / "2025-06-01-broken.md").write_text(
        "---\nid: PM-2025-009\n---\n"
    )
    for command in (("export", "--format", "json"), ("status",)):
        result = run("actions", *command)
        assert result.exit_code == 1, result.output
        # The lines `pmkb lint` prints: file, line, rule and key.
        line = "2025/2025-06-01-broken.md:1: error schema.required title: missing required key"
        assert line in result.stderr
        assert "1 post-mortem with errors left out" in result.stderr
    assert "Not counted: 1 post-mortem with errors" in run("actions", "status").stdout


def test_with_every_file_broken_nothing_claims_every_item_is_tracked(project: Path) -> None:
    for path in (project / "postmortems").rglob("*.md"):
        path.write_text(path.read_text().replace("priority: P", "priority: Q"))
    result = run("actions", "export", "--format", "gh")
    assert result.exit_code == 1
    assert "\ncreate " not in result.stdout and "already has a tracker" not in result.stdout
    # The restricted one is not counted for the internal audience.
    assert "2 post-mortems with errors were left out" in result.stdout
    status = run("actions", "status")
    assert status.exit_code == 1 and "every action item is done" not in status.stdout


def _break_restricted(project: Path, visibility: str) -> str:
    path = next(p for p in (project / "postmortems").rglob("*.md") if "restricted" in p.read_text())
    path.write_text(
        path.read_text()
        .replace("visibility: restricted", f"visibility: {visibility}")
        .replace("priority: P", "priority: Q")
    )
    return path.name


def test_a_broken_file_the_audience_may_not_read_leaves_no_trace(project: Path) -> None:
    name = _break_restricted(project, "restricted")
    for audience in ("public", "internal"):
        result = run("actions", "export", "--format", "json", "--audience", audience)
        assert result.exit_code == 0, result.output
        assert name not in result.output and "left out" not in result.output
    result = run("actions", "export", "--format", "json", "--audience", "restricted")
    assert result.exit_code == 1 and name in result.stderr


def test_a_broken_file_of_unreadable_visibility_is_not_named_to_the_public(project: Path) -> None:
    name = _break_restricted(project, "[secret]")
    # As on the public site: it may be restricted, so not even a count.
    public = run("actions", "export", "--format", "json", "--audience", "public")
    assert public.exit_code == 0
    assert name not in public.output and "left out" not in public.output
    internal = run("actions", "export", "--format", "json", "--audience", "internal")
    assert internal.exit_code == 1 and name in internal.stderr


def test_audience_and_drafts_default_to_the_sites_settings(project: Path) -> None:
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["plugins"][0]["postmortems"].update(audience="public", drafts=False)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    # Only PM-2025-002 is public.
    public = run("actions", "export", "--format", "json")
    assert [r["key"] for r in json.loads(public.stdout)] == EXPECTED_KEYS[1:]
    draft = next((project / "postmortems").rglob("*certificate-expired.md"))
    draft.write_text(draft.read_text().replace("status: published", "status: draft", 1))
    assert json.loads(run("actions", "export", "--format", "json").stdout) == []
    assert "0 open" in run("actions", "status").stdout
    # Explicit options still win.
    wider = run("actions", "export", "--format", "json", "--audience", "internal", "--drafts")
    assert [r["key"] for r in json.loads(wider.stdout)] == EXPECTED_KEYS


def test_status_groups_by_owner_with_overdue_first(project: Path) -> None:
    result = run("actions", "status", "--as-of", "2025-05-01")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal
    lines = result.stdout.splitlines()
    assert lines[0] == "Open action items as of 2025-05-01: 4 open, 2 overdue, 3 owners"
    # payments-platform: AI-002 due 2025-03-01 is 61 days overdue; AI-003 (tracked, still open) is
    # due 2025-05-20, in 19 days. identity: due 2025-04-20, 11 days overdue.
    # Owners with more overdue items come first, then more open ones; overdue items first within an owner.
    assert lines[2] == "payments-platform (2 open, 1 overdue)"
    assert lines[3].split()[:4] == ["overdue", "61d", "2025-03-01", "P2"]
    assert lines[4].split()[:4] == ["due", "in", "19d", "2025-05-20"]
    assert lines[6] == "identity (1 open, 1 overdue)"
    assert "overdue 11d" in lines[7] and "in-progress" in lines[7]
    # The owner "=HYPERLINK(1)" has an item due 2025-07-01: not overdue, listed last.
    assert lines[9] == "=HYPERLINK(1) (1 open, 0 overdue)"
    assert "due in 61d" in lines[10]


def test_status_default_as_of_comes_from_the_project(project: Path) -> None:
    result = run("actions", "status", "--owner", "identity")
    assert result.stdout.splitlines()[0].startswith("Open action items as of 2025-06-01:")
    assert "payments-platform" not in result.stdout


def test_status_with_a_bad_date_is_a_usage_error(project: Path) -> None:
    result = run("actions", "status", "--as-of", "June 1")
    assert result.exit_code == 2 and "is not a date YYYY-MM-DD" in result.output


def test_ticket_links_match_the_sites_page_urls(project: Path) -> None:
    """The plugin decides where pages live; the ticket links must agree."""
    from pmkb_mkdocs import urls

    rows = json.loads(run("actions", "export", "--format", "json").stdout)
    for row in rows:
        expected = "https://postmortems.example.com/" + urls.incident_url(
            row["postmortem_id"], True
        )
        assert row["postmortem_url"] == expected


def test_the_gh_script_matches_a_key_only_at_the_start_of_a_title(
    project: Path, fake_gh: Path
) -> None:
    script = project / "tickets.sh"
    script.write_text(run("actions", "export", "--format", "gh").stdout, encoding="utf-8")
    # An issue whose title quotes another item's key does not make that item exist.
    (project / "issues.txt").write_text(
        "[PM-2025-001/AI-002] Redo the check left from [PM-2025-002/AI-001] and [PM-2025-002/AI-002]\n"
    )
    env = {
        **os.environ,
        "PATH": f"{fake_gh}{os.pathsep}{os.environ['PATH']}",
        "FAKE_GH_STATE": str(project / "issues.txt"),
    }
    done = subprocess.run(
        ["sh", str(script)], cwd=project, env=env, capture_output=True, text=True, check=True
    )
    assert [line.split()[0] for line in done.stdout.splitlines()] == EXPECTED_KEYS[1:]
    assert done.stderr.split() == ["exists:", EXPECTED_KEYS[0]]


def test_status_groups_owners_whatever_their_letter_case(project: Path) -> None:
    path = next((project / "postmortems").rglob("*certificate-expired.md"))
    path.write_text(path.read_text().replace('owner: "=HYPERLINK(1)"', 'owner: "Identity"'))
    lines = run("actions", "status", "--as-of", "2025-05-01").stdout.splitlines()
    assert lines[0] == "Open action items as of 2025-05-01: 4 open, 2 overdue, 2 owners"
    assert "identity (2 open, 1 overdue)" in lines
    assert not any(line.startswith("Identity") for line in lines)
    only = run("actions", "status", "--as-of", "2025-05-01", "--owner", "IDENTITY").stdout
    assert "identity (2 open, 1 overdue)" in only
