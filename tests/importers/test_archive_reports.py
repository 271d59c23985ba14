"""What whole archives of real post-mortems write in their own house styles: follow-ups under
"Corrective and Preventative Measures", items worded as done, severity explained after its
level, impact tables, factor lists and links defined at the end of the file."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.action_lists import read_action_items, reports_done, to_draft_items
from pmkb.importers.document import classify, read_document
from pmkb.importers.draft import Draft, render
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

from tests.importers.conftest import corpus_taxonomy


def draft_of(text: str) -> Draft:
    return draft_from_markdown(text.encode(), "report-2025.md", MarkdownOptions(corpus_taxonomy()))


def frontmatter_line(draft: Draft, key: str) -> str:
    text = render(draft, "PM-2024-001")
    return next(line for line in text.splitlines() if line.strip().startswith(key + ":"))


# --- follow-ups ----------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "Corrective and Preventative Measures",
        "Corrective and preventive measures",
        "Corrective Actions",
        "Remediation",
        "Follow-up improvements",
        "Next steps",
    ],
)
def test_follow_up_headings_of_common_templates_hold_action_items(heading: str) -> None:
    assert classify(heading) == "actions"
    draft = draft_of(
        f"# Ledger export stalled\n\n## Timeline\n\n- 2024-03-05 09:15 UTC - exports stop\n\n"
        f"## {heading}\n\n1. Add a queue-depth alert to the export worker\n"
        "2. Document how to drain the export queue by hand\n"
        "- Split the export worker from the report builder\n"
    )
    assert [i.action.value for i in draft.action_items] == [
        "Add a queue-depth alert to the export worker",
        "Document how to drain the export queue by hand",
        "Split the export worker from the report builder",
    ]


@pytest.mark.parametrize(
    ("written", "tracker"),
    [
        ("#4312", None),
        (
            "https://tracker.example.com/browse/LEDGER-88",
            "https://tracker.example.com/browse/LEDGER-88",
        ),
        (
            "[LEDGER-88](https://tracker.example.com/browse/LEDGER-88)",
            "https://tracker.example.com/browse/LEDGER-88",
        ),
    ],
)
def test_an_item_that_is_only_a_reference_keeps_it_and_asks_for_the_action(
    written: str, tracker: str | None
) -> None:
    doc = read_document(f"# Outage\n\n## Follow-up improvements\n\n- {written}\n- Add a retry\n")
    items = read_action_items(doc.of_kind("actions"), default_year=2024)
    assert len(items) == 2  # a bare link is no longer dropped
    first, second = to_draft_items(items, dt.date(2024, 3, 5))
    assert first.tracker == tracker
    assert first.action.how == "missing"
    assert "#4312" not in first.action.value or first.action.value.startswith("Describe")
    assert "write the action it tracks" in first.action.note
    assert ("set tracker to the ticket's URL" in first.action.note) == (tracker is None)
    assert second.action.value == "Add a retry" and second.action.how == "found"


# --- done by its wording --------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "said"),
    [
        ("The read-only role for the metrics exporter has been documented", "has been documented"),
        ("We raised the connection limit of the billing pool", "We raised"),
        ("We've asked the teams to run two replicas", "We've asked"),
        ("A disk-usage alert was added to the build cache", "was added"),
        ("Alerting has now been set up for the webhook relay", "has now been set up"),
        ("The pool limits and how to change them have been documented", "have been documented"),
    ],
)
def test_an_item_worded_as_done_is_read_as_done(action: str, said: str) -> None:
    assert reports_done(action) == said


@pytest.mark.parametrize(
    "action",
    [
        "Add a disk-usage alert to the build cache",
        "Investigate why the relay was restarted twice",
        "Check whether the rollback was tested",
        "Update the script that was used for the rollover",
        "The alert should have been raised earlier",
        "We have added a backlog task to review the alert thresholds",
        "Tune the pool size: has been scheduled for the next sprint",
        "Make the failover faster. A ticket has been opened for this",
        "We need an alert on the queue depth of the export worker",
        "We need to proceed with the spooler migration",
    ],
)
def test_work_asked_for_planned_or_filed_stays_open(action: str) -> None:
    assert reports_done(action) is None


def test_done_by_wording_says_so_and_dates_it_from_the_report() -> None:
    draft = draft_of(
        "# Metrics exporter denied\n\n**Published:** 2024-03-20\n\n## Timeline\n\n"
        "| Time | Event |\n|---|---|\n| 2024-03-05 09:15 | Scrapes fail |\n\n"
        "## Action items\n\n- The read-only role for the exporter has been documented\n"
        "- Add an alert on failed scrapes\n"
    )
    done, still_open = draft.action_items
    assert (done.status.value, done.status.how) == ("done", "guessed")
    assert '"has been documented"' in done.status.note
    assert done.completed is not None
    assert (done.completed.value, done.completed.how) == (dt.date(2024, 3, 20), "guessed")
    assert "the report's date" in done.completed.note
    assert still_open.status.value == "open" and still_open.completed is None


def test_done_by_wording_without_a_report_date_takes_the_incident_date() -> None:
    draft = draft_of(
        "# Exporter denied\n\n## Timeline\n\n| Time | Event |\n|---|---|\n"
        "| 2024-03-05 09:15 | Scrapes fail |\n\n## Action items\n\n- We tweaked the scrape timeout\n"
    )
    (item,) = draft.action_items
    assert item.completed is not None
    assert item.completed.value == dt.date(2024, 3, 5)
    assert "the incident's date" in item.completed.note


# --- severity and impact -------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "level"),
    [
        ("## Severity & Impact\nCritical - several teams could not deploy\n", "SEV1"),
        (
            "## Severity\n\n**High** - Significant degradation or partial outage affecting many "
            "customers, or a possible security concern for low-tier accounts.\n",
            "SEV2",
        ),
        ("## Severity\n\nP1 - checkout down in one region\n", "SEV1"),
        ("## Severity\n\nSev 2\n", "SEV2"),
        ("## Severity\n\nMajor: search returned stale results\n", "SEV2"),
        ("## Severity\n\nMinor - one internal dashboard was slow\n", "SEV4"),
    ],
)
def test_a_severity_level_leading_its_explanation_is_read(section: str, level: str) -> None:
    draft = draft_of(f"# Deploys blocked\n\n{section}\n## Root Cause\n\nA bad runner image.\n")
    assert draft.severity.value == level
    line = frontmatter_line(draft, "severity")
    assert "not found" not in line
    if draft.severity.how != "found":
        assert "the source says" in line


def test_a_denied_level_is_not_read_as_that_level() -> None:
    draft = draft_of(
        "# Dev databases lost\n\n## Severity & Impact\n"
        "None critical - only internal teams affected, no customer data lost\n\n"
        "## Root Cause\n\nAn upgrade deleted the dev clusters.\n"
    )
    assert draft.severity.value == "SEV3" and draft.severity.how == "guessed"
    assert "names no level" in draft.severity.note
    assert '"None critical' in draft.severity.note


def test_an_impact_table_in_columns_gives_its_facts() -> None:
    draft = draft_of(
        "# Scans queued\n\n## Impact\n\n"
        "| Customers Impacted | Support Cases Raised | Customer Data Loss | Incident Duration |\n"
        "|:---:|:---:|:---:|:---:|\n| 1,200 | 4 | None | 6h |\n\n## Root Cause\n\nThe scheduler lost its node.\n"
    )
    loss = draft.impact["data_loss"]
    assert (loss.value, loss.how) == (False, "guessed")
    assert '"None"' in loss.note
    assert draft.impact["users_affected"].value == 1200
    assert "data_loss: false  # TODO" in frontmatter_line(draft, "data_loss")


def test_a_table_of_several_rows_is_not_read_as_facts() -> None:
    draft = draft_of(
        "# Scans queued\n\n## Impact\n\n| Region | Customer Data Loss |\n|---|---|\n"
        "| EU | None |\n| US | Yes |\n\n## Root Cause\n\nThe scheduler lost its node.\n"
    )
    assert "data_loss" not in draft.impact


# --- TODO notes that match the source ---------------------------------------------


def test_factors_the_source_lists_but_no_tag_matches_are_quoted_to_map() -> None:
    draft = draft_of(
        "# Badge printer queue stuck\n\n## Timeline\n\n| Time | Event |\n|---|---|\n"
        "| 2024-03-05 09:15 | Queue stops |\n\n## Contributing Factors\n\n"
        "- Nobody owned the badge printer spooler\n- The spooler ran on a laptop under a desk\n\n"
        "## Root Cause\n\nThe spooler crashed.\n"
    )
    factors = draft.contributing_factors
    assert factors.how == "missing"
    line = frontmatter_line(draft, "contributing_factors")
    assert "names no factor" not in line
    assert "no taxonomy tag matched the factors the source lists" in line
    assert '"Nobody owned the badge..." (line 11)' in line
    assert "(line 12)" in line
    assert factors.line == 11


def test_without_a_factor_list_the_placeholder_says_the_source_names_none() -> None:
    draft = draft_of(
        "# Badge printer queue stuck\n\n## Timeline\n\n| Time | Event |\n|---|---|\n"
        "| 2024-03-05 09:15 | Queue stops |\n\n## Root Cause\n\nThe spooler crashed.\n"
    )
    assert "the source names no factor" in draft.contributing_factors.note


def test_a_timeline_that_could_not_be_read_is_not_called_absent() -> None:
    draft = draft_of(
        "# Badge printer queue stuck\n\n**Date:** 2024-03-05\n\n## Timeline\n\n"
        "- Morning: the queue stops\n- Later: the spooler is restarted\n\n"
        "## Root Cause\n\nThe spooler crashed.\n"
    )
    assert "the source has no timeline" not in draft.body
    assert 'no row of the source\'s timeline, "Timeline" (line 5), was read as a time' in (
        " ".join(draft.body.split())
    )


# --- links defined at the end of the source, footnotes and images ----------------

REFERENCED = """# Token service rejected renewals

The renewal job moved to the [new signing library][lib-pr] the day before[^lib].
See the ![dashboard](./media/token-errors.png) and [the runbook][runbook].

## Timeline

| Time | Event |
|---|---|
| 2024-03-05 09:15 | Renewals start failing[^zone] |
| 2024-03-05 09:40 | Library pinned back |

## Action items

- Pin the signing library version

[lib-pr]: https://code.example.com/token-service/pull/311
[runbook]: ../runbooks/token-service.md
[^lib]: Upgraded by the dependency bot.
[^zone]: Times are the job runner's,
    which logs in UTC.
"""


def test_reference_links_and_footnotes_keep_working_in_the_draft_body() -> None:
    draft = draft_of(REFERENCED)
    body = draft.body.split("## Original report")[0]
    # The definition travels with the summary that uses it.
    assert "[new signing library][lib-pr]" in body
    assert "[lib-pr]: https://code.example.com/token-service/pull/311" in body
    # A relative definition points nowhere in the site: the link keeps its text.
    assert "[the runbook][runbook]" not in body and "the runbook" in body
    # Footnotes become numbered notes the site renders, in the order they are used.
    assert "the day before<sup>1</sup>" in body
    assert "| Renewals start failing<sup>2</sup> |" in body
    notes = body[body.index("## Footnotes") :]
    assert "1. Upgraded by the dependency bot." in notes
    assert "2. Times are the job runner's, which logs in UTC." in notes
    assert "[^" not in body


def test_images_the_source_shows_are_reported_as_left_behind() -> None:
    draft = draft_of(REFERENCED)
    (note,) = [n for n in draft.notes if n.startswith("images the source shows")]
    assert "line 4 ./media/token-errors.png" in note


def test_a_source_without_references_is_left_as_it_was() -> None:
    draft = draft_of(
        "# Spooler down\n\n## Timeline\n\n| Time | Event |\n|---|---|\n"
        "| 2024-03-05 09:15 | Queue stops [x] |\n\n## Root Cause\n\nA [crash] of the spooler.\n"
    )
    assert "A [crash] of the spooler." in draft.body
    assert "## Footnotes" not in draft.body
    assert not [n for n in draft.notes if n.startswith("images")]


# --- periodic reports ------------------------------------------------------------

_MONTH_OF_ONE_INCIDENT = """# {title}

One incident affected customers of the card service this month.

## {heading}

Between 14:10 and 14:55 UTC on 12 March 2025, card payments from the web shop were confirmed
up to ten minutes late after the payment queue's consumers were scaled down.

## Planned maintenance

The card vault moved to new hosts as announced.
"""


@pytest.mark.parametrize(
    "title",
    [
        "Service availability report - March 2025",
        "Monthly availability report",
        "Weekly incident report, week 11",
    ],
)
def test_a_periodic_reports_one_incident_is_titled_by_its_heading(title: str) -> None:
    draft = draft_of(
        _MONTH_OF_ONE_INCIDENT.format(title=title, heading="Delayed card payments on March 12")
    )
    # The date goes as it goes from any title; the report's title stays in the note.
    assert draft.title.value == "Delayed card payments"
    assert draft.title.how == "guessed"
    assert f'"{title}"' in draft.title.note
    assert draft.title.line == 5
    assert f"{draft.timeline['started'].value:%Y-%m-%d %H:%M}" == "2025-03-12 14:10"


def test_a_periodic_report_of_several_incidents_keeps_its_title() -> None:
    text = _MONTH_OF_ONE_INCIDENT.format(
        title="Service availability report - March 2025", heading="Delayed card payments"
    ).replace(
        "## Planned maintenance\n",
        "## Stale balances in the mobile app\n\nOn 20 March 2025 from 08:00 to 08:40 UTC balances "
        "lagged by an hour.\n\n## Planned maintenance\n",
    )
    assert draft_of(text).title.value == "Service availability report - March 2025"


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        # The incident's heading only says when: the report's title says more.
        ("Availability report: March 2025", "March 12 14:10 UTC (lasting 45 minutes)"),
        # A part of the report, not an incident's name.
        ("Availability report: March 2025", "Original report"),
        # One incident's own report, whatever its sections are called.
        ("Card payments outage on 12 March 2025", "Queue consumers scaled down"),
    ],
)
def test_a_heading_that_names_no_incident_leaves_the_title(title: str, heading: str) -> None:
    draft = draft_of(_MONTH_OF_ONE_INCIDENT.format(title=title, heading=heading))
    assert draft.title.value != heading
    assert draft.title.how == "found" or "date left out" in draft.title.note
