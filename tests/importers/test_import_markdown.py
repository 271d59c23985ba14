"""``pmkb import markdown``: what lands in the drafts, and how the command behaves."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pmkb.cli import main
from pmkb.importers import MarkdownOptions, import_markdown
from pmkb.importers.markdown import decode
from pmkb.lint import LintContext, lint_corpus, resolve_levels
from pmkb.loader import Corpus, load_corpus

from tests.importers.conftest import CORPUS, corpus_taxonomy, run_cli

UTC = dt.timezone.utc

#: Rules a fresh import may trip, all warnings: the draft is an author's starting point.
DRAFT_WARNINGS = {
    "todo-left",
    "factors-min-two",
    "factor-layers",
    "action-item-verb",
    "action-item-specific",
    "personal-names",
    "addresses-cited-factor",
    # A start time the import guessed (marked TODO) may disagree with the length the
    # summary states: the warning asks the author which is right.
    "summary-duration",
}


def imported(workdir: Path, *extra: str) -> Corpus:
    result = run_cli(
        "import", "markdown", "sources", "--out", "out", "--taxonomy", "taxonomy.yml", *extra
    )
    assert result.exit_code in (0, 1), result.output
    return load_corpus(workdir / "out", corpus_taxonomy(), base=workdir / "out")


def by_source(corpus: Corpus) -> dict[str, object]:
    """Records keyed by the source file name the draft's body names."""
    out = {}
    for record in corpus.records:
        match = re.search(r"Imported from `([^`]+)`", record.body)
        assert match, record.path
        out[match.group(1)] = record.meta
    return out


def test_every_source_that_is_a_postmortem_becomes_a_valid_draft(workdir: Path) -> None:
    corpus = imported(workdir)
    sources = {p.name for p in (CORPUS / "markdown").iterdir()} - {"meeting notes.md"}
    assert corpus.problems == []  # no loader error, no warning from the format
    assert set(by_source(corpus)) == sources
    assert all(r.meta.status.value == "draft" for r in corpus.records)
    ctx = LintContext(taxonomy=corpus.taxonomy, as_of=dt.date(2025, 6, 1))
    problems = lint_corpus(corpus, ctx, resolve_levels({}))
    assert [p for p in problems if p.is_error] == []
    assert {p.rule for p in problems} <= DRAFT_WARNINGS


@pytest.mark.parametrize(
    ("source", "started", "detected"),
    [
        # The first row, 17:58 PDT (UTC-7) on 11 March, is 00:58 UTC on 12 March; the alert 18:09.
        ("checkout-errors-pdt.md", "2025-03-12T00:58", "2025-03-12T01:09"),
        # 23:10 CEST (UTC+2) on 20 June; the 02:30 ticket is after midnight, on 21 June.
        ("search-index-lag-cest.md", "2024-06-20T21:10", "2024-06-21T00:30"),
        # Started 08:00 EST (UTC-5) is 13:00 UTC; "Time to detection: 54 hours 10 minutes" later.
        ("billing export - duplicate invoices.md", "2024-03-04T13:00", "2024-03-06T19:10"),
        # ISO stamps with +09:00.
        ("queue-backlog-jekyll.md", "2023-09-14T07:20", "2023-09-14T07:41"),
        # A "Time (UTC+2)" column, with seconds.
        (
            "Payments webhook delays (Google Docs export).md",
            "2025-05-06T08:05:23",
            "2025-05-06T08:07:40",
        ),
        # Times under dated sub-headings, across midnight.
        ("cart-outage-dated-days.md", "2024-11-28T23:40", "2024-11-29T00:02"),
        # Only a date: midnight UTC of that date, marked as a guess.
        ("dns-failures-no-timeline.md", "2025-01-12T00:00", "2025-01-12T00:00"),
        # No zone stated anywhere: read as UTC, marked as a guess.
        ("status-page-no-zone.md", "2025-01-22T13:05", "2025-01-22T13:19"),
        # Bare "4:12 PM" lines take the zone of "Start Time: ... 4:05 PM EST" (UTC-5).
        ("login-outage-zone-from-fields.md", "2024-12-12T21:05", "2024-12-12T21:12"),
        # A dated line "2024-08-19 (all times UTC)" over bare times; "IMPACT BEGINS" on the second row.
        ("heading-facts-lessons-nested.md", "2024-08-19T08:03", "2024-08-19T08:41"),
    ],
)
def test_times_land_in_utc(workdir: Path, source: str, started: str, detected: str) -> None:
    meta = by_source(imported(workdir))[source]
    timeline = meta.timeline  # type: ignore[attr-defined]
    assert timeline.started == dt.datetime.fromisoformat(started).replace(tzinfo=UTC)
    assert timeline.detected == dt.datetime.fromisoformat(detected).replace(tzinfo=UTC)


def test_every_timestamp_is_written_in_utc_with_z(workdir: Path) -> None:
    imported(workdir)
    for path in (workdir / "out").rglob("*.md"):
        frontmatter = path.read_text(encoding="utf-8").split("---\n")[1]
        stamps = re.findall(
            r"^\s+(?:started|detected|acknowledged|mitigated|resolved): (\S+)", frontmatter, re.M
        )
        assert stamps and all(
            re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps
        ), path


def test_a_zone_given_on_the_command_line_applies_to_times_without_one(workdir: Path) -> None:
    meta = by_source(imported(workdir, "--timezone", "PST"))
    # 13:05 PST (UTC-8) is 21:05 UTC.
    assert meta["status-page-no-zone.md"].timeline.started == dt.datetime(
        2025, 1, 22, 21, 5, tzinfo=UTC
    )  # type: ignore[attr-defined]
    # A zone the source states itself still wins: 17:58 PDT, not PST.
    assert meta["checkout-errors-pdt.md"].timeline.started == dt.datetime(
        2025, 3, 12, 0, 58, tzinfo=UTC
    )  # type: ignore[attr-defined]


def test_checkbox_states_become_statuses(workdir: Path) -> None:
    meta = by_source(imported(workdir))

    def statuses(source: str) -> list[tuple[str, str, dt.date | None]]:
        return [(i.id, i.status.value, i.completed) for i in meta[source].action_items]  # type: ignore[attr-defined]

    assert statuses("search-index-lag-cest.md") == [
        ("AI-001", "done", dt.date(2024, 7, 5)),  # - [x], completed unknown: the due date, marked
        ("AI-002", "open", None),
        ("AI-003", "open", None),
        ("AI-004", "open", None),
    ]
    assert statuses("billing export - duplicate invoices.md") == [
        ("AI-001", "done", dt.date(2024, 3, 7)),  # "Completed: 2024-03-07" in a sub-bullet
        ("AI-002", "open", None),
        ("AI-003", "done", dt.date(2024, 3, 9)),  # "done 2024-03-09" beats the unticked box
        ("AI-004", "open", None),
    ]
    # A struck-out item is done; a table's Status column is read as written.
    assert statuses("Payments webhook delays (Google Docs export).md")[0][1] == "done"
    assert [s for _, s, _ in statuses("checkout-errors-pdt.md")] == ["done", "in-progress", "open"]


def test_action_item_annotations_are_taken_out_of_the_wording(workdir: Path) -> None:
    items = by_source(imported(workdir))["queue-backlog-jekyll.md"].action_items  # type: ignore[attr-defined]
    first = items[0]
    assert (
        first.action
        == "Raise the standby consumer limit to match the primary and check it in config"
    )
    assert (first.owner, first.priority.value, first.due) == (
        "commerce-platform",
        "P1",
        dt.date(2023, 9, 21),
    )


def test_guesses_are_marked_on_their_lines(workdir: Path) -> None:
    imported(workdir)
    text = next((workdir / "out").rglob("*status-page*")).read_text(encoding="utf-8")
    lines = {
        line.split(":")[0].strip(): line
        for line in text.split("---\n")[1].splitlines()
        if ":" in line
    }
    assert "# TODO: guessed:" in lines["detected"] and "read as UTC" in lines["detected"]
    assert "# TODO: not found in the source" in lines["authors"]
    assert "# TODO" not in lines["services"]  # "Components: status-page, public-api" said it


def test_the_whole_original_text_is_kept(workdir: Path) -> None:
    imported(workdir)
    drafts = {p.read_text(encoding="utf-8") for p in (workdir / "out").rglob("*.md")}
    for source in (CORPUS / "markdown").iterdir():
        if source.name == "meeting notes.md":
            continue
        original, _ = decode(source.read_bytes())
        holders = [d for d in drafts if "\n" + original.rstrip("\n") + "\n" in d]
        assert len(holders) == 1, source.name
        assert "\n## Original report\n" in holders[0]


def test_the_draft_keeps_the_source_incident_id_visible(workdir: Path) -> None:
    imported(workdir)
    text = next((workdir / "out").rglob("*checkout-api*")).read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    assert "**INC-2291**" in body.split("## Original report")[0]


def test_never_overwrites_and_a_second_run_imports_nothing(workdir: Path) -> None:
    first = run_cli(
        "import",
        "markdown",
        "sources/checkout-errors-pdt.md",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
    )
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in (workdir / "out").rglob("*.md")}
    second = run_cli(
        "import",
        "markdown",
        "sources/checkout-errors-pdt.md",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
    )
    assert second.exit_code == 0
    assert second.stdout.startswith(
        "already-imported sources/checkout-errors-pdt.md: imported before as out/2025/"
    )
    assert {p: p.read_bytes() for p in (workdir / "out").rglob("*.md")} == before


def test_a_file_in_the_way_is_left_alone(workdir: Path) -> None:
    target = workdir / "out" / "2025" / "2025-03-12-checkout-api-errors-after-release-4.md"
    target.parent.mkdir(parents=True)
    target.write_text("someone else's file\n", encoding="utf-8")
    result = run_cli(
        "import",
        "markdown",
        "sources/checkout-errors-pdt.md",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
    )
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == "someone else's file\n"
    assert (target.parent / "2025-03-12-checkout-api-errors-after-release-4-2.md").is_file()


def test_ids_continue_after_the_project_corpus_and_the_output_folder(workdir: Path) -> None:
    docs = workdir / "postmortems" / "2025"
    docs.mkdir(parents=True)
    (docs / "2025-01-02-earlier.md").write_text("---\nid: PM-2025-007\n---\n", encoding="utf-8")
    (workdir / "postmortems" / "taxonomy.yml").write_text(
        (workdir / "taxonomy.yml").read_text(), encoding="utf-8"
    )
    (workdir / "mkdocs.yml").write_text(
        yaml.safe_dump(
            {
                "site_name": "x",
                "docs_dir": "postmortems",
                "plugins": [{"postmortems": {"taxonomy": "postmortems/taxonomy.yml"}}],
            }
        ),
        encoding="utf-8",
    )
    result = run_cli(
        "import",
        "markdown",
        "sources/checkout-errors-pdt.md",
        "sources/status-page-no-zone.md",
        "--out",
        "staging",
    )
    assert result.exit_code == 0, result.output
    assert re.findall(r"PM-\d{4}-\d{3}", result.stdout) == ["PM-2025-008", "PM-2025-009"]


def test_a_file_that_cannot_be_imported_is_reported_and_does_not_stop_the_others(
    workdir: Path,
) -> None:
    (workdir / "sources" / "empty.md").write_bytes(b"")
    (workdir / "sources" / "gone.md").symlink_to(workdir / "nowhere.md")
    result = run_cli("import", "markdown", "sources", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert result.exit_code == 1
    assert "skipped       sources/empty.md: the file is empty" in result.stdout
    assert re.search(r"failed        sources/gone\.md: cannot read: ", result.stdout)
    assert (
        "skipped       sources/meeting notes.md: does not look like a post-mortem" in result.stdout
    )
    assert result.stdout.count("created ") == 10
    assert "Traceback" not in result.output


def test_dry_run_writes_nothing(workdir: Path) -> None:
    result = run_cli(
        "import", "markdown", "sources", "--out", "out", "--taxonomy", "taxonomy.yml", "--dry-run"
    )
    assert result.stdout.count("would-create ") == 10
    assert not (workdir / "out").exists()


def test_json_report(workdir: Path) -> None:
    import json

    result = run_cli(
        "import",
        "markdown",
        "sources/status-page-no-zone.md",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
        "--format",
        "json",
    )
    (report,) = json.loads(result.stdout)
    assert report["outcome"] == "created" and report["pm_id"] == "PM-2025-001"
    assert "authors" in report["missing"] and "timeline.started" in report["guessed"]


def test_a_bad_time_zone_option_is_a_usage_error(workdir: Path) -> None:
    result = run_cli("import", "markdown", "sources", "--out", "out", "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "is not a time zone" in result.output


def test_library_use_without_the_command_line(workdir: Path) -> None:
    reports = import_markdown(
        [Path("sources/cart-outage-dated-days.md")],
        Path("lib-out"),
        MarkdownOptions(corpus_taxonomy()),
    )
    assert [r.outcome for r in reports] == ["created"]
    assert os.path.isfile(reports[0].target)


def test_facts_under_headings_and_status_words_in_table_cells(workdir: Path) -> None:
    meta = by_source(imported(workdir))["heading-facts-lessons-nested.md"]
    assert meta.authors == ["personalisation-oncall", "web-platform"]  # type: ignore[attr-defined]
    items = meta.action_items  # type: ignore[attr-defined]
    # "**DONE**" and "**TODO**" written in the Bug column.
    assert [i.status.value for i in items] == ["done", "open", "open"]
    assert items[0].tracker == "https://tracker.example.com/browse/REC-77"


def test_a_ticket_link_becomes_the_tracker_and_leaves_the_wording(workdir: Path) -> None:
    items = by_source(imported(workdir))["login-outage-zone-from-fields.md"].action_items  # type: ignore[attr-defined]
    assert items[0].action == "Read the session-store address from the service registry"
    assert items[0].tracker == "https://tracker.example.com/browse/AUTH-212"
    assert (items[1].owner, items[1].status.value) == ("identity", "done")
    assert (items[2].priority.value, items[2].due) == ("P2", dt.date(2025, 1, 15))


NESTED_FENCES = """\
# Outage: config rollout

Date: 2025-03-03

## Timeline

| Time (UTC) | Event |
|---|---|
| 10:02 | Errors spike |
| 10:05 | Alert pages on-call |

## Root Cause

The rollout shipped this setting:

```yaml
## Timeline
pool: 0   # blamed on human error at first; the schema allowed zero
```

~~~
| 99:99 | not a timeline row |
~~~
"""


def test_code_in_the_source_is_never_read_as_sections_or_prose(workdir: Path) -> None:
    """Fences of both kinds in the source, kept inside the draft's own fence and its Root Cause copy."""
    (workdir / "fenced.md").write_text(NESTED_FENCES, encoding="utf-8")
    result = run_cli(
        "import", "markdown", "fenced.md", "--out", "out", "--taxonomy", "taxonomy.yml"
    )
    assert result.exit_code == 0, result.output
    corpus = load_corpus(workdir / "out", corpus_taxonomy(), base=workdir / "out")
    ctx = LintContext(taxonomy=corpus.taxonomy, as_of=dt.date(2025, 6, 1))
    problems = lint_corpus(corpus, ctx, resolve_levels({}))
    assert [
        p.format()
        for p in problems
        if p.rule not in ("todo-left", "factors-min-two", "factor-layers")
    ] == []


@pytest.mark.parametrize(
    ("text", "imported"),
    [
        ("# Checkout errors\n\n## Timeline\n\n- 10:05 errors start\n", True),
        ("# Checkout errors\n\n## Root cause\n\nA bug.\n", True),
        ("# Database outage\n\n## Notes\n\nIt was down.\n", True),  # the title says outage
        ("# Sprint review\n\n## Action items\n\n- [ ] Ship it\n", False),
        ("# Installing\n\n## Summary\n\nRun make.\n", False),
        # No incident word in the title: the body's timed account of an incident is evidence.
        (
            "# Database failover retrospective\n\n## What we saw\n\n"
            "At 02:10 UTC on 9 October 2023 the orders database stopped accepting writes. "
            "At 02:14 UTC the replication lag alert fired. At 02:31 UTC the on-call engineer "
            "promoted the replica.\n",
            True,
        ),
        # A changelog and a hiring post give times, but tell no incident.
        (
            "# Changelog\n\n## 2.4.0 - 2024-03-12\n\n- Fixed a crash at 12:00 UTC.\n"
            "- Nightly builds start at 02:00 UTC.\n- Exports finish by 03:00 UTC.\n",
            False,
        ),
        (
            "# We are hiring site reliability engineers\n\nYou would run our incident review "
            "every Tuesday at 10:00 UTC and join the on-call rotation.\n",
            False,
        ),
    ],
)
def test_what_counts_as_a_post_mortem(workdir: Path, text: str, imported: bool) -> None:
    # The file name gives the incident's year, which most of these texts do not.
    (workdir / "doc-2023.md").write_text(text, encoding="utf-8")
    result = run_cli(
        "import", "markdown", "doc-2023.md", "--out", "out", "--taxonomy", "taxonomy.yml"
    )
    assert result.stdout.startswith("created" if imported else "skipped"), result.stdout


def test_json_report_gives_each_field_with_how_and_source_line(workdir: Path) -> None:
    import json

    result = run_cli(
        "import",
        "markdown",
        "sources/checkout-errors-pdt.md",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
        "--report",
        "json",
    )
    (report,) = json.loads(result.stdout)
    fields = {row["field"]: row for row in report["fields"]}
    started = fields["timeline.started"]
    # The first row of the table, on line 27 of the source: 17:58 PDT on 11 March.
    assert (started["how"], started["value"], started["line"]) == (
        "guessed",
        "2025-03-12T00:58:00Z",
        27,
    )
    assert fields["title"]["how"] == "found" and fields["title"]["line"] == 1
    assert fields["authors"]["how"] == "found"
    assert fields["action_items.AI-001.status"] == {
        "field": "action_items.AI-001.status",
        "how": "found",
        "value": "done",
        "line": 57,
        "note": "",
    }
    assert report["counts"] == {
        "timeline_events": 8,
        "timeline_unread": 0,
        "start_time": 1,
        "action_items": 3,
        "action_items_done": 1,
    }


def test_the_summary_says_what_was_read_across_all_files(workdir: Path) -> None:
    result = CliRunner().invoke(
        main, ["import", "markdown", "sources", "--out", "out", "--taxonomy", "taxonomy.yml"]
    )
    # Nine of the ten reports have a timeline (5+4+7+8+6+5+6+7+5 rows); the tenth gives a date
    # only. 32 action items, of which 7 are marked done.
    assert (
        "read: 9 of 10 timelines (53 events), 9 of 10 start times, 32 action items (7 done)"
        in result.stderr
    )


def test_a_source_the_importer_cannot_read_is_reported_not_raised(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever goes wrong inside the reader, the run reports the file and goes on."""
    from pmkb.importers import markdown as reader

    real = reader.read_document

    def broken(text: str, **options: bool):  # type: ignore[no-untyped-def]
        if "Checkout API errors" in text:
            raise ValueError("an input shape nobody foresaw")
        return real(text, **options)

    monkeypatch.setattr(reader, "read_document", broken)
    result = run_cli("import", "markdown", "sources", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert result.exit_code == 1
    assert (
        "failed        sources/checkout-errors-pdt.md: could not be read "
        "(ValueError: an input shape nobody foresaw); please report it"
    ) in result.stdout
    assert result.stdout.count("created ") == 9
    assert "Traceback" not in result.output


def test_every_file_of_a_folder_left_unread_is_listed_with_its_format(workdir: Path) -> None:
    folder = workdir / "archive"
    folder.mkdir()
    post = "# Login outage\n\n## Timeline\n\n- 2024-07-09 14:05 UTC deploy\n- 14:20 UTC rollback\n"
    (folder / "a.md").write_text(post, encoding="utf-8")
    (folder / "b.txt").write_text(post.replace("Login", "Search"), encoding="utf-8")
    (folder / "c.html").write_text("<h1>API outage</h1><h2>Timeline</h2>", encoding="utf-8")
    (folder / "d.png").write_bytes(b"\x89PNG")
    (folder / "e.csv").write_text("id,started\n", encoding="utf-8")
    (folder / "f.yml").write_text("site_name: old wiki\n", encoding="utf-8")
    result = run_cli("import", "markdown", "archive", "--out", "out", "--taxonomy", "taxonomy.yml")
    # Not all of the folder was imported: the exit status says so, as for any skipped file.
    assert result.exit_code == 1
    assert result.stdout.count("created ") == 2  # the .md and the .txt
    assert (
        "skipped       archive/c.html: not Markdown: .html (HTML) is not supported" in result.stdout
    )
    assert "archive/e.csv: not Markdown: a .csv file is an incident log" in result.stdout
    # Listed, but no reason to fail: archives keep pictures and settings beside their reports.
    assert "ignored       archive/d.png: not a post-mortem: .png is an image" in result.stdout
    assert "ignored       archive/f.yml: not a post-mortem: .yml is not read" in result.stdout
    assert "6 sources: 2 created, 2 skipped, 2 ignored" in result.stderr


def test_a_folder_of_reports_and_their_pictures_imports_whole(workdir: Path) -> None:
    folder = workdir / "archive"
    folder.mkdir()
    post = "# Login outage\n\n## Timeline\n\n- 2024-07-09 14:05 UTC deploy\n- 14:20 UTC rollback\n"
    (folder / "a.md").write_text(post, encoding="utf-8")
    (folder / "latency.png").write_bytes(b"\x89PNG")
    result = run_cli("import", "markdown", "archive", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert result.exit_code == 0, result.output
    assert "ignored       archive/latency.png: not a post-mortem: .png is an image" in result.stdout
    assert "2 sources: 1 created, 1 ignored" in result.stderr


def test_a_file_of_another_format_named_on_its_own_fails_naming_the_format(
    workdir: Path,
) -> None:
    page = workdir / "c.html"
    page.write_text("<h1>API outage</h1><h2>Timeline</h2><ul><li>14:05 down</li></ul>")
    result = run_cli("import", "markdown", "c.html", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert result.exit_code == 1
    assert "failed        c.html: not Markdown: .html (HTML) is not supported" in result.stdout
    assert not (workdir / "out").exists() or not any((workdir / "out").rglob("*.md"))


SHAPES = Path(__file__).parent / "shapes" / "documents"


def _front(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_a_report_of_several_named_incidents_gives_one_draft_each(workdir: Path) -> None:
    source = (SHAPES / "q06-weekly-two-incidents.md").read_text(encoding="utf-8")
    (workdir / "weekly.md").write_text(source, encoding="utf-8")
    result = run_cli(
        "import", "markdown", "weekly.md", "--out", "out", "--taxonomy", "taxonomy.yml"
    )
    assert result.exit_code == 0, result.output
    lines = source.split("\n")
    first = lines.index("## Stalled invoice exports") + 1
    second = lines.index("## Slow parcel label printing") + 1
    # Each draft is listed with the line of its incident's heading in the file.
    assert re.search(rf"created .*PM-2025-001  <- weekly\.md:{first}\n", result.stdout)
    assert re.search(rf"created .*PM-2025-002  <- weekly\.md:{second}\n", result.stdout)
    assert "2 sources (2 of them incidents of 1 report of several): 2 created" in result.stderr
    drafts = sorted((workdir / "out").rglob("*.md"))
    metas = [_front(path) for path in drafts]
    assert [m["id"] for m in metas] == ["PM-2025-001", "PM-2025-002"]
    assert [m["title"] for m in metas] == ["Stalled invoice exports", "Slow parcel label printing"]
    utc = dt.timezone.utc
    assert [m["timeline"]["started"] for m in metas] == [
        dt.datetime(2025, 6, 3, 8, 10, tzinfo=utc),
        dt.datetime(2025, 6, 6, 14, 20, tzinfo=utc),
    ]
    assert [m["timeline"]["mitigated"] for m in metas] == [
        dt.datetime(2025, 6, 3, 9, 45, tzinfo=utc),
        dt.datetime(2025, 6, 6, 15, 5, tzinfo=utc),
    ]
    # Nothing lost, nothing twice: every action item of the file is in its incident's draft.
    actions = [[item["action"] for item in m["action_items"]] for m in metas]
    items = [line[6:] for line in lines if line.startswith(("- [ ] ", "- [x] "))]
    assert actions == [items[:2], items[2:]]
    assert [m["root_cause"].split()[1] for m in metas] == ["schema", "label"]
    for path in drafts:
        text = path.read_text(encoding="utf-8")
        # The cited lines are the file's lines; the file is kept whole in each draft.
        assert "is the whole file" in text and source.strip() in text
        assert "split the source" not in text
    cited = re.findall(
        r"impact window the source states, line (\d+)",
        "".join(p.read_text(encoding="utf-8") for p in drafts),
    )
    assert [lines[int(n) - 1][:11] for n in dict.fromkeys(cited)] == ["On June 3, ", "On June 6, "]


def test_a_report_of_several_incidents_imported_again_adds_nothing(workdir: Path) -> None:
    (workdir / "weekly.md").write_bytes((SHAPES / "q06-weekly-two-incidents.md").read_bytes())
    args = ("import", "markdown", "weekly.md", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert run_cli(*args).exit_code == 0
    again = run_cli(*args, "--report", "json")
    assert again.exit_code == 0, again.output
    reports = json.loads(again.stdout)
    assert [r["outcome"] for r in reports] == ["already-imported", "already-imported"]
    assert {r["part_of"] for r in reports} == {"weekly.md"}
    assert len({r["target"] for r in reports}) == 2
    assert len(list((workdir / "out").rglob("*.md"))) == 2


def test_the_json_report_lists_each_incident_with_its_source(workdir: Path) -> None:
    (workdir / "weekly.md").write_bytes((SHAPES / "q06-weekly-two-incidents.md").read_bytes())
    result = run_cli(
        "import",
        "markdown",
        "weekly.md",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
        "--report",
        "json",
        "--dry-run",
    )
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    assert [r["outcome"] for r in reports] == ["would-create", "would-create"]
    assert [r["source"].split(":")[0] for r in reports] == ["weekly.md", "weekly.md"]
    assert len({r["source"] for r in reports}) == len({r["pm_id"] for r in reports}) == 2
    titles = [next(f for f in r["fields"] if f["field"] == "title") for r in reports]
    assert [t["value"] for t in titles] == ["Stalled invoice exports", "Slow parcel label printing"]
    assert [t["line"] for t in titles] == [int(r["source"].split(":")[1]) for r in reports]
    assert not (workdir / "out").exists() or not any((workdir / "out").rglob("*.md"))


def test_incidents_under_headings_that_only_say_when_keep_the_reports_title(
    workdir: Path,
) -> None:
    # A monthly availability report: an incident per heading, each with its own window.
    (workdir / "july.md").write_text(
        "# Availability report: July 2024\n\n"
        "### July 5 16:31 UTC (lasting 97 minutes)\n\n"
        "On July 5, between 16:31 and 18:08 UTC, the webhook service was degraded.\n\n"
        "### July 13 00:01 UTC (lasting 19 hours)\n\n"
        "On July 13, between 00:01 and 19:27 UTC, the search service was degraded.\n",
        encoding="utf-8",
    )
    result = run_cli("import", "markdown", "july.md", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert result.exit_code == 0, result.output
    assert "<- july.md:3\n" in result.stdout and "<- july.md:7\n" in result.stdout
    drafts = sorted((workdir / "out").rglob("*.md"))
    metas = [_front(path) for path in drafts]
    utc = dt.timezone.utc
    assert [(m["timeline"]["started"], m["timeline"]["mitigated"]) for m in metas] == [
        (dt.datetime(2024, 7, 5, 16, 31, tzinfo=utc), dt.datetime(2024, 7, 5, 18, 8, tzinfo=utc)),
        (dt.datetime(2024, 7, 13, 0, 1, tzinfo=utc), dt.datetime(2024, 7, 13, 19, 27, tzinfo=utc)),
    ]
    assert len({m["id"] for m in metas}) == 2
    for path in drafts:
        title_line = next(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("title:")
        )
        assert "only says when; name the incident" in title_line


def test_windows_under_no_heading_of_their_own_stay_one_draft_that_says_so(workdir: Path) -> None:
    (workdir / "october.md").write_bytes(
        (SHAPES / "q07-monthly-outages-in-one-list.md").read_bytes()
    )
    result = run_cli(
        "import", "markdown", "october.md", "--out", "out", "--taxonomy", "taxonomy.yml"
    )
    assert result.exit_code == 0, result.output
    assert "<- october.md\n" in result.stdout
    assert "1 source: 1 created" in result.stderr
    (draft,) = (workdir / "out").rglob("*.md")
    text = draft.read_text(encoding="utf-8")
    assert "> TODO: The source states 2 separate impact windows" in text
    assert "split the source into one file per incident" in text
    assert _front(draft)["timeline"]["started"] == dt.datetime(
        2024, 10, 8, 7, 40, tzinfo=dt.timezone.utc
    )


def test_impact_that_came_back_the_next_day_is_one_incident_ending_with_its_last_window(
    workdir: Path,
) -> None:
    (workdir / "queue.md").write_text(
        "# Post Incident Review: publish failures\n\n## What happened?\n\n"
        "Between 21:40 UTC on 8 May 2024 and 00:15 UTC on 9 May 2024, publishing failed for "
        "some customers.\n\nImpact returned between 09:05 UTC and 11:20 UTC on 9 May 2024.\n\n"
        "## Root cause\n\nA compaction change ran every node out of file handles.\n",
        encoding="utf-8",
    )
    result = run_cli("import", "markdown", "queue.md", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert result.exit_code == 0, result.output
    assert "separate impact windows" not in result.stdout
    (draft,) = (workdir / "out").rglob("*.md")
    text = draft.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    utc = dt.timezone.utc
    assert meta["timeline"]["started"] == dt.datetime(2024, 5, 8, 21, 40, tzinfo=utc)
    # Impact first ended at the end of the first window; the incident was over after the last.
    assert meta["timeline"]["mitigated"] == dt.datetime(2024, 5, 9, 0, 15, tzinfo=utc)
    assert meta["timeline"]["resolved"] == dt.datetime(2024, 5, 9, 11, 20, tzinfo=utc)
    assert "> TODO: The source states 2 windows of impact" in text
    assert "lines 5 (2024-05-08 21:40-00:15 UTC), 7 (2024-05-09 09:05-11:20 UTC)" in text
    assert "split the source" not in text


def test_a_file_where_the_year_folder_belongs_fails_that_draft_with_its_name(
    workdir: Path,
) -> None:
    (workdir / "out").mkdir()
    (workdir / "out" / "2025").write_text("not a folder\n", encoding="utf-8")
    result = run_cli(
        "import",
        "markdown",
        "sources/checkout-errors-pdt.md",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
    )
    assert result.exit_code == 1
    assert re.search(
        r"failed        sources/checkout-errors-pdt\.md: cannot create the folder out/2025: "
        r"out/2025 is a file, not a folder",
        result.stdout,
    ), result.output
    assert "Traceback" not in result.output
    assert (workdir / "out" / "2025").read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_reported_and_never_opened(workdir: Path) -> None:
    folder = workdir / "archive"
    folder.mkdir()
    post = "# Login outage\n\n## Timeline\n\n- 2024-07-09 14:05 UTC deploy\n- 14:20 UTC rollback\n"
    (folder / "a.md").write_text(post, encoding="utf-8")
    # Opening a pipe with no writer would wait forever; the import must not touch it.
    os.mkfifo(folder / "notes.md")
    os.mkfifo(folder / "stream")
    result = run_cli("import", "markdown", "archive", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert result.exit_code == 1
    assert result.stdout.count("created ") == 1
    for name in ("notes.md", "stream"):
        assert (
            f"skipped       archive/{name}: not read: a named pipe, not a regular file"
        ) in result.stdout
    assert "3 sources: 1 created, 2 skipped" in result.stderr
    # Named on its own, the pipe fails the run the same way, unopened.
    alone = run_cli(
        "import", "markdown", "archive/notes.md", "--out", "out", "--taxonomy", "taxonomy.yml"
    )
    assert alone.exit_code == 1
    assert "failed        archive/notes.md: not read: a named pipe" in alone.stdout


def test_a_draft_imported_again_is_skipped_never_read_as_facts(workdir: Path) -> None:
    """A folder of drafts the command wrote (or of the project's post-mortems) imported
    again: the placeholders its lines mark TODO ("service-name", "monitoring-gap") would
    otherwise come back unmarked, as facts the source states, and count on the dashboard."""
    first = import_markdown(
        [Path("sources/cart-outage-dated-days.md")],
        Path("drafts"),
        MarkdownOptions(corpus_taxonomy()),
    )
    assert [r.outcome for r in first] == ["created"]
    draft = Path(first[0].target).read_text(encoding="utf-8")
    assert "# TODO" in draft
    again = import_markdown([Path("drafts")], Path("again"), MarkdownOptions(corpus_taxonomy()))
    assert [r.outcome for r in again] == ["skipped"]
    assert "already a post-mortem in this project's format" in again[0].reason
    assert not Path("again").exists() or not list(Path("again").rglob("*.md"))
    # The command says so, names the file, and does not report the run as whole.
    result = run_cli("import", "markdown", "drafts", "--out", "again", "--taxonomy", "taxonomy.yml")
    assert result.exit_code == 1
    assert Path(first[0].target).name in result.output
    assert "copy it into the post-mortem folder" in result.output


def _chinese_report(service_line: str, cause: str) -> str:
    """A report titled only in Chinese, of 12 March 2025, as a team writes it."""
    return (
        "# 优惠券核销接口超时\n\n"
        f"**日期**: 2025-03-12\n{service_line}\n"
        "## 时间线\n\n时间均为 UTC。\n\n"
        "- 09:40 核销接口开始超时\n- 09:52 告警触发\n- 10:05 回滚后恢复正常\n\n"
        f"## 根因\n\n{cause}\n"
    )


@pytest.mark.parametrize("dry_run", [False, True])
def test_reports_titled_only_in_chinese_get_distinct_readable_file_names(
    tmp_path: Path, dry_run: bool
) -> None:
    """A title with no word in Latin letters gave "<date>-incident.md" to every such report:
    the name now comes from what each report states, never from a transliteration."""
    sources = tmp_path / "sources"
    sources.mkdir()
    named = {
        # Services stated in Latin letters name the file.
        "coupon.md": _chinese_report("**影响系统**: coupon-redeem\n", "核销服务的连接池耗尽。"),
        # An id the report states, where it names no service.
        "report-a.md": _chinese_report("**Incident ID**: INC-2041\n", "缓存配置写错。"),
        # The source file's own Latin name, where the report states neither.
        "points-ledger-timeouts.md": _chinese_report("", "积分服务没有设置超时。"),
        # An archive that numbers its reports: the number is the name it knows them by.
        "17.md": _chinese_report("", "证书过期。"),
        # Nothing in Latin letters at all: two such reports still get names of their own.
        "事故报告一.md": _chinese_report("", "队列积压。"),
        "事故报告二.md": _chinese_report("", "磁盘已满。"),
    }
    for name, text in named.items():
        (sources / name).write_text(text, encoding="utf-8")
    reports = import_markdown(
        [sources], tmp_path / "out", MarkdownOptions(corpus_taxonomy()), dry_run=dry_run
    )
    by_source = {Path(r.source).name: Path(r.target or "").name for r in reports}
    assert [r.outcome for r in reports] == ["would-create" if dry_run else "created"] * 6
    assert by_source["coupon.md"] == "2025-03-12-coupon-redeem.md"
    assert by_source["report-a.md"] == "2025-03-12-inc-2041.md"
    assert by_source["points-ledger-timeouts.md"] == "2025-03-12-points-ledger-timeouts.md"
    assert by_source["17.md"] == "2025-03-12-17.md"
    unnamed = [by_source["事故报告一.md"], by_source["事故报告二.md"]]
    assert all(re.fullmatch(r"2025-03-12-incident-[0-9a-f]{8}\.md", n) for n in unnamed)
    assert len(set(by_source.values())) == 6
    if not dry_run:
        # Stable: the same source imported into another folder gets the same name.
        again = import_markdown(
            [sources / "事故报告一.md"], tmp_path / "again", MarkdownOptions(corpus_taxonomy())
        )
        assert Path(again[0].target or "").name == by_source["事故报告一.md"]


def test_a_dry_run_never_gives_two_drafts_the_same_file_name(tmp_path: Path) -> None:
    """Two reports whose names would collide: the real run numbers the second file, and the
    dry run, which writes nothing, must say the same instead of one name twice."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, cause in (("a.md", "队列积压。"), ("b.md", "磁盘已满。")):
        text = _chinese_report("**影响系统**: coupon-redeem\n", cause)
        (sources / name).write_text(text, encoding="utf-8")
    options = MarkdownOptions(corpus_taxonomy())
    planned = import_markdown([sources], tmp_path / "out", options, dry_run=True)
    written = import_markdown([sources], tmp_path / "out", options)
    names = [Path(r.target or "").name for r in planned]
    assert names == ["2025-03-12-coupon-redeem.md", "2025-03-12-coupon-redeem-2.md"]
    assert [Path(r.target or "").name for r in written] == names
