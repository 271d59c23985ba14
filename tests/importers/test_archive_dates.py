"""Which files of an archive are imported, and each draft's date, id, file name and title.

The documents here imitate the shapes of public post-mortem archives (day-first dashed
dates, ids in file names, a README and a template beside the reports, reports saved
without an extension); every service and sentence in them is made up.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from pmkb.importers.markdown import (
    MarkdownOptions,
    NotAPostmortem,
    SkipFile,
    draft_from_markdown,
    title_without_date,
)

from tests.importers.conftest import corpus_taxonomy, run_cli

UTC = dt.timezone.utc


def draft_of(text: str, name: str = "report.md", *, day_first: bool = False):  # type: ignore[no-untyped-def]
    options = MarkdownOptions(corpus_taxonomy(), day_first=day_first)
    return draft_from_markdown(text.encode(), name, options)


def frontmatter(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])  # type: ignore[no-any-return]


def import_folder(workdir: Path, files: dict[str, str], *extra: str):  # type: ignore[no-untyped-def]
    for name, text in files.items():
        path = workdir / "archive" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_cli(
        "import", "markdown", "archive", "--out", "out", "--taxonomy", "taxonomy.yml",
        "--report", "json", *extra,
    )  # fmt: skip
    return result, {r["source"].removeprefix("archive/"): r for r in json.loads(result.stdout)}


# --- day-first dates written with dashes ---------------------------------------

DASHED = (
    "# 19-08-2024 - Build agents could not start, blocking deploys\n\n"
    "## Severity & Impact\n\nCritical - several teams unable to ship\n\n"
    "## Timeline\n\n"
    "* 19-08-2024 07:45 - Teams report that pipelines hang waiting for an agent.\n"
    "* 19-08-2024 09:10 - The agent image 4.12.31.0 is found to fail its health check.\n"
    "* 19-08-2024 12:20 - Agents pinned to 4.12.30.2; pipelines run again.\n\n"
    "## Root Cause\n\nThe agent image moved from 4.12.30.2 to 4.12.31.0 overnight.\n"
)


def test_a_report_with_dashed_day_first_dates_is_dated_by_them() -> None:
    draft = draft_of(DASHED)
    assert draft.started == dt.datetime(2024, 8, 19, 7, 45, tzinfo=UTC)
    assert draft.title.value == "Build agents could not start, blocking deploys"
    assert "19-08-2024" not in draft.title.value


AMBIGUOUS = (
    "# 04-03-2026 - Queue consumers stalled\n\n## Timeline\n\n"
    "- **04-03-2026 10:00 UTC** - Consumers stop acknowledging messages.\n"
    "- **04-03-2026 10:40 UTC** - Consumers restarted; the backlog drains.\n\n"
    "## Root Cause\n\nA lock was never released.\n"
)


@pytest.mark.parametrize(
    ("written", "incident"),
    [
        ("작성일", "장애 발생일"),
        ("작성 일자", "장애 일시"),
        ("Fecha del informe", "Fecha"),
        ("Erstellt am", "Datum"),
        ("Data do relatório", "Data do incidente"),
    ],
)
def test_the_day_a_report_was_written_never_dates_its_rows(written: str, incident: str) -> None:
    text = (
        f"# 알림 발송 지연\n\n- **{written}**: 2025-03-20\n- **{incident}**: 2025-03-18\n\n"
        "## 타임라인\n\n모든 시각은 KST 기준입니다.\n\n"
        "| 시각 | 내용 |\n|---|---|\n| 14:10 | 대기열 적체 시작 |\n| 14:21 | 대기열 길이 경보 발생 |\n"
    )
    draft = draft_of(text)
    assert f"{draft.timeline['started'].value.astimezone(UTC):%Y-%m-%d %H:%M}" == "2025-03-18 05:10"
    assert (
        f"{draft.timeline['detected'].value.astimezone(UTC):%Y-%m-%d %H:%M}" == "2025-03-18 05:21"
    )
    assert draft.published is not None and draft.published.value == dt.date(2025, 3, 20)


def test_a_date_that_reads_both_ways_is_a_marked_guess_unless_told() -> None:
    draft = draft_of(AMBIGUOUS)
    started = draft.timeline["started"]
    assert started.value == dt.datetime(2026, 4, 3, 10, 0, tzinfo=UTC)
    assert started.how == "guessed"
    assert '"04-03-2026" read as 3 April 2026, month first' in started.note
    assert "import it again with --day-first" in started.note
    told = draft_of(AMBIGUOUS, day_first=True).timeline["started"]
    assert told.value == dt.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    assert "month first" not in told.note


def test_day_first_on_the_command_line_dates_the_draft(workdir: Path) -> None:
    result, reports = import_folder(workdir, {"queue.md": AMBIGUOUS}, "--day-first")
    assert result.exit_code == 0, result.stdout
    assert reports["queue.md"]["target"] == "out/2026/2026-03-04-queue-consumers-stalled.md"
    result, reports = import_folder(workdir, {"queue.md": AMBIGUOUS}, "--dry-run")
    assert reports["queue.md"]["outcome"] == "already-imported"


# --- a date the source gives, never the file's modification time ----------------

NO_DATE = (
    "# Cache node lost\n\n## Timeline\n\n![status page](status.png)\n\n## Root Cause\n\nA disk.\n"
)


def test_an_id_in_the_file_name_gives_the_year_and_the_rest_is_marked(workdir: Path) -> None:
    _, reports = import_folder(workdir, {"PM2019-004 - Cache node lost.md": NO_DATE})
    report = reports["PM2019-004 - Cache node lost.md"]
    assert report["outcome"] == "created" and report["pm_id"] == "PM-2019-001"
    meta = frontmatter(workdir / report["target"])
    assert meta["timeline"]["started"] == dt.datetime(2019, 1, 1, tzinfo=UTC)  # type: ignore[index]
    text = (workdir / report["target"]).read_text(encoding="utf-8")
    assert (
        'TODO: not found in the source; no start time; midnight UTC of the date from 1 January, as the id "PM2019-004" in the file name gives only 2019'
        in text
    )


def test_an_undated_file_is_skipped_with_how_to_date_it(workdir: Path) -> None:
    path = workdir / "archive" / "cache-node-lost.md"
    path.parent.mkdir()
    path.write_text(NO_DATE, encoding="utf-8")
    # A clone or a copy sets the modification time: it is never the incident's date.
    os.utime(path, (1_700_000_000, 1_700_000_000))
    result, reports = import_folder(workdir, {})
    report = reports["cache-node-lost.md"]
    assert report["outcome"] == "skipped"
    assert report["reason"].startswith(
        "no date found: the title, date lines, frontmatter, file name"
    )
    assert "add a line such as `Date: 2024-03-15` under the title" in report["reason"]
    assert result.exit_code == 1
    assert not (workdir / "out").exists() or not list((workdir / "out").rglob("*.md"))
    text = run_cli("import", "markdown", "archive", "--out", "out", "--taxonomy", "taxonomy.yml")
    assert "skipped       archive/cache-node-lost.md: no date found" in text.stdout


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("cache_2021_03_16.md", dt.date(2021, 3, 16)),
        ("2021-03-16-cache.md", dt.date(2021, 3, 16)),
        ("16-03-2021-cache.md", dt.date(2021, 3, 16)),
        ("20212-03-16-cache.md", None),
    ],
)
def test_a_date_in_the_file_name(name: str, day: dt.date | None) -> None:
    if day is None:
        with pytest.raises(SkipFile):
            draft_of(NO_DATE, name)
    else:
        assert draft_of(NO_DATE, name).started.date() == day


def test_a_five_digit_year_is_read_as_a_typo_and_says_so() -> None:
    text = (
        "# Directory sync migration\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n"
        "| 20212-03-16 12:00 | The sync job fails on the new runtime. |\n\n"
        "## Root Cause\n\nA path default changed.\n"
    )
    started = draft_of(text, "PM2021-007 - Directory sync migration.md").timeline["started"]
    assert started.value.date() == dt.date(2021, 3, 16)
    assert started.how == "guessed"
    assert '"20212-03-16" on line 7, a five-digit year read as 2021-03-16' in started.note


# --- titles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("19-08-2024 - Build agents could not start", "Build agents could not start"),
        ("Incident report May 12 2025 - Search cluster out of disk", "Search cluster out of disk"),
        ("Incident report: 2025-05-12 - Search cluster out of disk", "Search cluster out of disk"),
        ("Post-mortem 12/05/2025: search cluster out of disk", "Search cluster out of disk"),
        ("Incident report for the search cluster", "Incident report for the search cluster"),
    ],
)
def test_a_date_and_the_words_before_it_leave_the_title(title: str, clean: str) -> None:
    assert title_without_date(title) == clean


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        # The word that ties a title to its date goes with the date, as "on" does in English.
        ("Caída de las reservas del 12 de marzo de 2024", "Caída de las reservas"),
        ("Panne des paiements du 12 mars 2024", "Panne des paiements"),
        ("Ausfall der Buchungen vom 12. März 2024", "Ausfall der Buchungen"),
        ("Queda do checkout de 12 de março de 2024", "Queda do checkout"),
        # Chinese and Japanese put the date in full-width brackets, with no space before them.
        ("決済APIの障害について（2024年3月12日）", "決済APIの障害について"),
        ("支付接口故障（2024年3月12日）", "支付接口故障"),
        # A title that opens with the incident's date, the word for "incident" tying it.
        ("Incident du 5 février 2025 : panne de la messagerie", "Panne de la messagerie"),
        ("Incidente del 4 de junio de 2024 - caída de pagos", "Caída de pagos"),
        ("Störung vom 12. März 2024: Anmeldung nicht möglich", "Anmeldung nicht möglich"),
        # A word of the title itself before a date stays: only the tying word goes.
        ("Reservas de 12 de marzo a 14 de marzo", "Reservas de 12 de marzo a 14 de marzo"),
    ],
)
def test_a_date_in_another_language_leaves_the_title_with_its_tying_word(
    title: str, clean: str
) -> None:
    assert title_without_date(title) == clean


def test_a_templates_title_heading_gives_way_to_the_title_below_it() -> None:
    text = (
        "# Incident Title\n\nLogin gateway outage\n\n## Summary\n\nSign-in failed for an hour.\n\n"
        "## Timeline\n\n| Time | Event |\n| --- | --- |\n| 2022-04-06 09:10 | Sign-in fails. |\n"
    )
    title = draft_of(text, "PM2022-005 - Gateway outage.md").title
    assert title.value == "Login gateway outage"
    assert title.how == "guessed" and title.line == 3
    assert 'the heading "Incident Title" (line 1) is the template\'s' in title.note


def test_a_templates_title_heading_with_no_title_below_takes_the_file_name() -> None:
    text = (
        "# Incident Title\n\n## Summary\n\nSign-in failed for an hour.\n\n"
        "## Timeline\n\n| Time | Event |\n| --- | --- |\n| 2022-04-06 09:10 | Sign-in fails. |\n"
    )
    title = draft_of(text, "PM2022-005 - Gateway outage.md").title
    assert title.value == "Gateway outage"
    assert title.how == "guessed" and "from the file name" in title.note


METADATA_TIMELINE = (
    "\n\n## Timeline\n\n- 2024-05-02 10:00 UTC: basket saves fail\n"
    "- 10:20 UTC: basket saves work again\n"
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("## Owner: @basket-team\n\n# Basket saves failing", "report.md"),
        ("## Status: Resolved\n## Owner: @basket-team\n\n## Basket saves failing", "report.md"),
        ("**Owner: @basket-team**\n\n**Basket saves failing**", "report.md"),
        ("**Owner:** @basket-team\n**Status:** Resolved\n\n**Basket saves failing**", "report.md"),
        ("Owner: @basket-team\n\nBasket saves failing\n\nTIMELINE\n\n- x", "report.txt"),
    ],
)
def test_metadata_above_the_title_is_never_the_title(text: str, name: str) -> None:
    draft = draft_of(text + METADATA_TIMELINE, name)
    assert draft.title.value == "Basket saves failing"
    assert draft.authors.value == ["basket-team"]
    # Read as a fact, the heading leaves no empty section behind it in the body.
    assert "## Owner" not in draft.body.split("## Original report")[0]


# --- which files are post-mortems -------------------------------------------------

REPORT = (
    "# Queue backlog after broker upgrade\n\n## Summary\n\nOrders queued for an hour.\n\n"
    "## Timeline\n\nAll times in UTC.\n\n| Time | Event |\n| --- | --- |\n"
    "| 2023-05-02 10:00 | Consumers fall behind. |\n| 2023-05-02 11:00 | Broker rolled back. |\n\n"
    "## Root Cause\n\nA changed default.\n"
)
TEMPLATE = (
    "# Incident Title\n\n## Summary\n\n## Timeline\n\nAll times in CET.\n\n| Time | Event |\n"
    "| --- | --- |\n| 20xx-MM-DD HH:mm | Short event description |\n\n## Root Cause\n\n"
    "## Action Items\n\n- \n"
)


def test_an_archives_readme_and_templates_are_not_post_mortems(workdir: Path) -> None:
    result, reports = import_folder(
        workdir,
        {
            "README.md": "# Postmortems\n\nThe platform team's post-mortems.\n",
            "CONTRIBUTING.md": "# Contributing\n\n## Writing a post-mortem\n\nCopy the template.\n",
            "PMyyyy-nnn - Postmortem template.md": TEMPLATE,
            "scripts/report-template.md": TEMPLATE.replace("Incident Title", "Title"),
            "drafts/notes.md": TEMPLATE.replace("Incident Title", "YYYY-MM-DD - Incident Title"),
            "2023-05-02-queue-backlog.md": REPORT,
            # A folder per incident keeps its report in a README.
            "2023-06-01-dns/README.md": REPORT.replace("2023-05-02", "2023-06-01"),
        },
    )
    assert result.exit_code == 0, result.stdout
    outcomes = {name: (r["outcome"], r["reason"]) for name, r in reports.items()}
    assert outcomes["README.md"][0] == "ignored"
    assert outcomes["README.md"][1].startswith("not a post-mortem: README.md is the archive's")
    assert outcomes["CONTRIBUTING.md"][0] == "ignored"
    assert outcomes["PMyyyy-nnn - Postmortem template.md"] == (
        "ignored",
        'not a post-mortem: a template, as its file name "PMyyyy-nnn - Postmortem template" '
        'says ("yyyy-nnn")',
    )
    assert outcomes["scripts/report-template.md"][0] == "ignored"
    assert outcomes["drafts/notes.md"] == (
        "ignored",
        'not a post-mortem: a template, as its title "YYYY-MM-DD - Incident Title" says ("YYYY-MM")',
    )
    assert outcomes["2023-05-02-queue-backlog.md"][0] == "created"
    assert reports["README.md"]["pm_id"] == ""
    created = sorted(r["target"] for r in reports.values() if r["outcome"] == "created")
    assert created == [
        "out/2023/2023-05-02-queue-backlog-after-broker-upgrade.md",
        "out/2023/2023-06-01-queue-backlog-after-broker-upgrade.md",
    ]


def test_a_launch_template_in_a_title_is_still_an_incident() -> None:
    draft = draft_of(REPORT.replace("Queue backlog after broker upgrade", "Bad launch template"))
    assert draft.title.value == "Bad launch template"
    with pytest.raises(NotAPostmortem):
        draft_of(REPORT.replace("Queue backlog after broker upgrade", "Post-mortem template"))


def test_a_markdown_file_without_an_extension_is_read_with_a_note(workdir: Path) -> None:
    result, reports = import_folder(
        workdir,
        {
            "PM2023-002 - Queue backlog": REPORT,
            "LICENSE": "MIT License\n\nCopyright (c) the platform team\n",
            "Makefile": "# Build the site\n\n## serve: preview\nserve:\n\tmkdocs serve\n",
        },
    )
    report = reports["PM2023-002 - Queue backlog"]
    assert report["outcome"] == "created", report
    assert report["notes"][0] == (
        "read as Markdown: the file has no extension, but its text is Markdown (a heading, "
        "then sections)"
    )
    assert report["target"] == "out/2023/2023-05-02-queue-backlog-after-broker-upgrade.md"
    for other in ("LICENSE", "Makefile"):
        assert reports[other]["outcome"] == "ignored"
        assert "a file without an extension is not read in a folder" in reports[other]["reason"]
    assert result.exit_code == 0


def test_skip_file_is_what_an_undated_draft_raises() -> None:
    with pytest.raises(SkipFile):
        draft_of(NO_DATE)


@pytest.mark.parametrize(
    "title",
    [
        "Post-mortem covering 11 April to 23 April",
        "Checkout errors from 3 May",
        "Queue backlog 11 April \u2013 23 April",
        "11 April - 23 April: queue backlog",
        "Search slow between 2 June and 4 June",
        "Replica lag until 2024-08-09",
    ],
)
def test_a_date_the_title_needs_stays_in_it(title: str) -> None:
    # One end of a range, or the word before it: taken out, it would leave "... to" or half
    # a range; the title is kept whole.
    assert title_without_date(title) == title


def test_a_reports_title_that_names_its_period_is_its_draft_title() -> None:
    text = (
        "# Post Mortem Covering 11 April to 23 April\n\n## What happened\n\n"
        "On 23 April 2026 at 01:00 UTC our alerts fired for the booking queue.\n\n"
        "## Action Items\n\n- Add a queue depth alert\n"
    )
    title = draft_of(text).title
    assert title.value == "Post Mortem Covering 11 April to 23 April"
    assert "left out" not in title.note
