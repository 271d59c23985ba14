"""Times, dates and years read from sentences and titles, by the pure functions of the Markdown importer."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.draft import Draft
from pmkb.importers.markdown import (
    MarkdownOptions,
    SkipFile,
    draft_from_markdown,
    split_sentences,
)

from tests.importers.conftest import corpus_taxonomy


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # A zone after "a.m."/"p.m." belongs to the time, not to a new sentence.
        (
            "From 10:00 a.m. to 12:30 p.m. PST, uploads failed. We rolled back.",
            ["From 10:00 a.m. to 12:30 p.m. PST, uploads failed.", "We rolled back."],
        ),
        (
            "It ended at 4 p.m. (Pacific time) for all.",
            ["It ended at 4 p.m. (Pacific time) for all."],
        ),
        # Any other word after them starts a sentence.
        ("Fixed by 4 p.m. We then wrote this.", ["Fixed by 4 p.m.", "We then wrote this."]),
        (
            "Some clients, e.g. Mail, i.e. most, failed ca. 18:30 until approx. 19:10 on Jan. 4.",
            ["Some clients, e.g. Mail, i.e. most, failed ca. 18:30 until approx. 19:10 on Jan. 4."],
        ),
        ("Errors rose. 40 users wrote in.", ["Errors rose.", "40 users wrote in."]),
    ],
)
def test_sentences_end_where_a_sentence_ends(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def draft_of(text: str, name: str = "report.md") -> Draft:
    return draft_from_markdown(text.encode(), name, MarkdownOptions(corpus_taxonomy()))


def started(draft: Draft) -> str:
    return f"{draft.timeline['started'].value:%Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    "sentence",
    [
        "At 2019/05/06 6pm UTC, the alerts fired on the queue.",
        "At 2019-05-06 18:00 UTC, the alerts fired on the queue.",
        "At May 6, 2019 6 pm UTC, the alerts fired on the queue.",
        "On 6 May 2019, 18:00 UTC, the alerts fired on the queue.",
        "On May 6, 2019 at 6:00pm UTC the alerts fired on the queue.",
        "At 6pm UTC on 6 May 2019 the alerts fired on the queue.",
        "At 2019/05/06 11am PDT, the alerts fired on the queue.",
    ],
)
def test_a_date_and_a_time_in_a_sentence(sentence: str) -> None:
    draft = draft_of(f"# Queue outage\n\n## What happened\n\n{sentence}\n")
    assert started(draft) == "2019-05-06 18:00"
    assert draft.timeline["detected"].how == "guessed"


@pytest.mark.parametrize(
    "update",
    ["UPDATE 6 May 19:40 UTC - ", "Update May 6 19:40 UTC: ", "UPDATE 2019-05-06 19:40 UTC - "],
)
def test_an_update_line_appended_to_a_post_is_read_at_its_time(update: str) -> None:
    draft = draft_of(
        "# Queue outage\n\nAt 18:00 UTC on 6 May 2019 the queue stopped taking messages.\n\n"
        f"{update}The queue takes messages normally again.\n"
    )
    assert started(draft) == "2019-05-06 18:00"
    assert f"{draft.timeline['mitigated'].value:%Y-%m-%d %H:%M}" == "2019-05-06 19:40"


def test_a_recovery_is_never_the_start() -> None:
    draft = draft_of(
        "# Queue outage\n\n## What happened\n\nThe queue filled up.\n\n## Recovery\n\n"
        "The queue was back online on 2019/05/07 at 6:14pm UTC.\n"
    )
    # No time in the text says when impact began: the start is a marked guess, the end is read.
    assert draft.timeline["started"].value < draft.timeline["mitigated"].value
    assert draft.timeline["started"].how in ("guessed", "missing")
    assert f"{draft.timeline['mitigated'].value:%Y-%m-%d %H:%M}" == "2019-05-07 18:14"
    assert any("not read as the start" in note for note in draft.notes)


def test_approximate_times_in_sentences_say_so() -> None:
    draft = draft_of(
        "# Queue outage\n\n## What happened\n\n"
        "At 2019/05/06 11pm-ish UTC, the queue stopped accepting jobs.\n"
    )
    assert started(draft) == "2019-05-06 23:00"
    assert "approximate: 2019/05/06 11pm-ish UTC" in draft.timeline["started"].note


TIMELINE = "## Timeline (all times UTC)\n\n### Thursday, March 2\n\n- 18:05 Cache evicts keys.\n"


@pytest.mark.parametrize(
    ("head", "day"),
    [
        ("# Ticketing outage, March 2023\n\n", "2023-03-02 18:05"),
        ("# Ticketing outage (2023)\n\n", "2023-03-02 18:05"),
        ("# Ticketing outage\n\nDate: March 2023\n\n", "2023-03-02 18:05"),
        ("# Ticketing outage\n\nIn March 2023 ticket sales failed.\n\n", "2023-03-02 18:05"),
    ],
)
def test_the_year_comes_from_where_the_source_writes_it(head: str, day: str) -> None:
    draft = draft_of(head + TIMELINE)
    assert started(draft) == day
    assert "modification" not in draft.timeline["started"].note


def test_a_year_from_the_file_name() -> None:
    assert started(draft_of("# Ticketing outage\n\n" + TIMELINE, "2023-ticketing.md")) == (
        "2023-03-02 18:05"
    )


def test_a_year_the_source_does_not_give_is_never_made_up() -> None:
    # "Release 2024.1" is a version and "since 2015" a history: neither is the incident's year.
    # The file's modification time says when it was copied, not when the incident happened.
    with pytest.raises(SkipFile) as raised:
        draft_of("# Release 2024.1 broke ticketing\n\nThe cache has run since 2015.\n\n" + TIMELINE)
    said = str(raised.value)
    assert said.startswith(
        'no date found (only "Thursday, March 2" in the timeline, without a year)'
    )
    assert "add a line such as `Date: 2024-03-15` under the title" in said


def test_a_source_without_any_date_is_skipped_with_how_to_give_one() -> None:
    with pytest.raises(SkipFile) as raised:
        draft_of("# Queue outage\n\n## Timeline\n\n- 10:00 UTC queue stops\n")
    said = str(raised.value)
    assert said.startswith("no date found: the title, date lines, frontmatter, file name")
    assert "start the file name with the date" in said


@pytest.mark.parametrize(
    ("title", "day", "note"),
    [
        ("# Ticketing outage, March 2023", "2023-03-01", "the 1st of the month"),
        ("# Ticketing outage 2023", "2023-01-01", "1 January, as the title gives only 2023"),
    ],
)
def test_a_year_without_a_day_keeps_the_year_and_marks_the_day(
    title: str, day: str, note: str
) -> None:
    draft = draft_of(f"{title}\n\n## Timeline (all times UTC)\n\n- 18:05 Cache evicts keys.\n")
    stamp = draft.timeline["started"]
    assert f"{stamp.value:%Y-%m-%d %H:%M}" == f"{day} 18:05"
    assert stamp.how == "guessed" and note in stamp.note


@pytest.mark.parametrize(
    ("head", "written"),
    [
        ("Month: 2023-03\n", '"2023-03"'),
        ("**Reporting period:** 2023-03\n", '"2023-03"'),
        ("*Month: March 2023*\n", '"March 2023"'),
        ("_March 2023_\n", '"March 2023"'),
        ("_Month: 2023-03_\n", '"2023-03"'),
        ("---\nmonth: 2023-03\n---\n", '"2023-03"'),
        ("---\nperiod: March 2023\n---\n", '"March 2023"'),
    ],
)
def test_a_report_dated_by_its_month_alone_is_read_as_a_month_line_is(
    head: str, written: str
) -> None:
    # Read as "Month: March 2023" is: the month and year are the source's, the day is not.
    title = "# Ticketing outage\n\n"
    text = (head + title) if head.startswith("---") else (title + head)
    draft = draft_of(text + "\n## Timeline (all times UTC)\n\n- 18:05 Cache evicts keys.\n")
    stamp = draft.timeline["started"]
    assert f"{stamp.value:%Y-%m-%d %H:%M}" == "2023-03-01 18:05"
    assert stamp.how == "guessed"
    assert "the 1st of the month, as" in stamp.note and f"gives only {written}" in stamp.note


@pytest.mark.parametrize("line", ["Version: 2023-03", "Build 2023-03 went out."])
def test_a_month_in_digits_dates_a_report_only_on_a_month_or_period_line(line: str) -> None:
    with pytest.raises(SkipFile):
        draft_of(
            f"# Ticketing outage\n\n{line}\n\n## Timeline (all times UTC)\n\n- 18:05 Cache evicts keys.\n"
        )


def test_words_that_only_look_like_a_date_are_passed_over() -> None:
    draft = draft_of(
        "# Ticketing outage, March 2023\n\nWe sent 2 marketing mails before the sale on March 2.\n\n"
        "## Timeline (all times UTC)\n\n- 18:05 Cache evicts keys.\n"
    )
    assert started(draft) == "2023-03-02 18:05"


def rows(draft: Draft) -> list[tuple[str, str]]:
    """The (time, event) rows of the draft's Timeline table."""
    section = draft.body.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    found = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| 20"):
            found.append((cells[0], cells[1]))
    return found


PROSE_REPORT = """# Summary of the Ledger Service Event in the NORTH-1 Region

On March 3rd, 2025, the ledger service failed writes for part of a day.

At 9:37 AM PST on March 3rd, an operator began a routine resize of the ledger cluster. \
The first alarm fired at 10:24 AM, and at 10:31 AM engineers joined the incident call. \
By 1:00 AM the next day, error rates had returned to normal.

The resize usually takes 2:30 hours and runs at 9:00 AM every Monday. The cluster had run \
on version 10.4.12 for a year. A similar fault at 3:00 PM PST on August 2nd, 2019 was fixed then.
"""


def test_a_report_told_in_sentences_has_timeline_rows() -> None:
    draft = draft_of(PROSE_REPORT)
    # PST in early March is UTC-8; the zone is stated once, then carried to the times after it.
    assert rows(draft) == [
        ("2025-03-03 17:37", "An operator began a routine resize of the ledger cluster."),
        ("2025-03-03 18:24", "The first alarm fired at 10:24 AM"),
        ("2025-03-03 18:31", "Engineers joined the incident call."),
        ("2025-03-04 09:00", "Error rates had returned to normal."),
    ]
    assert f"{draft.timeline['detected'].value:%Y-%m-%d %H:%M}" == "2025-03-03 18:24"
    assert f"{draft.timeline['mitigated'].value:%Y-%m-%d %H:%M}" == "2025-03-04 09:00"
    # Every inference is a marked guess that names its line; the prose stays whole in the body.
    assert "the zone PST, stated on line 5" in draft.body
    assert '"the next day" read as 2025-03-04' in draft.body
    assert "the zone PST" in draft.timeline["detected"].note
    assert draft.timeline["detected"].how == "guessed"
    assert "version 10.4.12" in draft.body.split("## Summary", 1)[1].split("## Impact")[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "The job usually runs at 9:00 AM UTC and takes an hour.",
        "Backups run at 02:00 UTC every night.",
        "Our review at 11:00 UTC on Thursdays found nothing.",
        "A similar fault at 3:00 PM UTC on August 2nd, 2019 was fixed then.",
        "The cluster ran version 10.4.12 for 3 hours.",
    ],
)
def test_habits_history_versions_and_durations_give_no_rows(sentence: str) -> None:
    draft = draft_of(
        "# Ledger outage\n\n## What happened\n\nAt 14:00 UTC on 3 March 2025, writes failed. "
        f"{sentence}\n"
    )
    assert [when for when, _ in rows(draft)] == ["2025-03-03 14:00"]


def test_a_window_and_parentheses_and_a_day_of_the_month() -> None:
    draft = draft_of(
        "# Search outage\n\n## Timeline of events\n\nAll times are Eastern Time (ET).\n\n"
        "On Saturday, November 2, 2024, a reindex job started (10:05 PM). Between 10:40 PM and "
        "11:20 PM on the 2nd, customers saw timeouts. Between 11:30 PM and 11:50 PM, the team "
        "moved the job to a replica.\n"
    )
    # A time in parentheses is a row; a window whose clause is the responders' work is no impact.
    assert [when for when, _ in rows(draft)] == [
        "2024-11-03 02:05",
        "2024-11-03 02:40",
        "2024-11-03 03:30",
    ]
    assert f"{draft.timeline['started'].value:%H:%M}" == "02:40"
    assert "the impact window" in draft.timeline["started"].note
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "03:20"


def test_a_window_with_a_date_at_each_end() -> None:
    draft = draft_of(
        "# Post Incident Review (PIR) - Storage\n\n## What happened?\n\n"
        "Between 20:05 UTC on 2 June 2025 and 02:40 UTC on 3 June 2025, customers saw errors.\n"
    )
    assert f"{draft.timeline['started'].value:%Y-%m-%d %H:%M}" == "2025-06-02 20:05"
    assert f"{draft.timeline['mitigated'].value:%Y-%m-%d %H:%M}" == "2025-06-03 02:40"


@pytest.mark.parametrize(
    "wrapped",
    [
        "On 12 March 2024 the basket release broke payments. Between 10:05 and\n"
        "11:10 UTC, checkout requests failed for a third of shoppers.",
        "On 12 March 2024 the basket release broke payments. Between\n"
        "10:05 and 11:10 UTC, checkout requests failed for a third of shoppers.",
        "On 12 March 2024 the basket release broke payments. From 10:05 UTC\n"
        "until 11:10 UTC checkout requests failed for a third of shoppers.",
    ],
)
@pytest.mark.parametrize("name", ["report.md", "report.txt"])
def test_a_window_wrapped_over_two_lines_is_read_as_one(wrapped: str, name: str) -> None:
    # Hard-wrapped text and mail break lines anywhere, a window included.
    draft = draft_of(
        f"# Checkout outage\n\n## Summary\n\n{wrapped}\n\n## Action items\n\n- [ ] Add a test\n",
        name,
    )
    assert started(draft) == "2024-03-12 10:05"
    assert "the impact window" in draft.timeline["started"].note
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "11:10"
    # The window is cited at the line it starts on.
    assert "line 5" in draft.timeline["started"].note


@pytest.mark.parametrize(
    "apart",
    [
        "Between 10:05 and\n\n11:10 UTC, checkout requests failed.",  # a blank line
        "Between 10:05 and\n- 11:10 UTC, checkout requests failed.",  # a list item
        "Between 10:05 and\n## 11:10 UTC, checkout requests failed",  # a heading
        "Between 10:05 and\n| 11:10 UTC | checkout requests failed |",  # a table row
    ],
)
def test_a_window_is_never_joined_across_a_paragraph(apart: str) -> None:
    draft = draft_of(
        "# Checkout outage\n\n**Date:** 12 March 2024\n\n## Summary\n\n"
        f"On 12 March 2024 the basket release broke payments. {apart}\n"
    )
    assert "the impact window" not in draft.timeline["started"].note


@pytest.mark.parametrize("name", ["report.md", "report.txt"])
def test_a_time_after_a_wrapped_window_is_cited_at_its_own_line(name: str) -> None:
    # Lines 5 and 6 are read as one for the window; the alert is written on line 6.
    draft = draft_of(
        "# Checkout outage\n\n## Summary\n\n"
        "On 12 March 2024 the basket release broke payments. Between 10:05 and\n"
        "11:10 UTC, checkout requests failed. The error-rate alert paged at 10:12 UTC.\n"
        "\n## Action items\n\n- [ ] Add a test\n",
        name,
    )
    assert draft.timeline["started"].line == 5
    detected = draft.timeline["detected"]
    assert f"{detected.value:%H:%M}" == "10:12"
    assert detected.line == 6 and "line 6" in detected.note
    # The rows read from the text name both lines.
    assert any("(lines 5, 6)" in note for note in draft.notes)


WRAPPED_EVENTS = (
    "# Gateway outage\n\n**Date:** 3 February 2025\n\n## Summary\n\n"
    "At 10:05 UTC checkout requests started failing with 502 from the gateway. The error\n"
    "rate alert paged the payments on-call at 10:14 UTC. At 10:40 UTC the on-call withdrew\n"
    "{first}\n{second}\n\n## Action items\n\n- [ ] Canary gateway config\n"
)


@pytest.mark.parametrize("name", ["report.md", "report.txt"])
def test_an_event_wrapped_over_two_lines_is_read_whole(name: str) -> None:
    # Hard-wrapped text and mail break a sentence anywhere: its end of impact may be on the
    # next line ("... the edge nodes and" / "checkout errors cleared.").
    draft = draft_of(
        WRAPPED_EVENTS.format(
            first="config 41 from the edge nodes and", second="checkout errors cleared."
        ),
        name,
    )
    mitigated = draft.timeline["mitigated"]
    assert f"{mitigated.value:%H:%M}" == "10:40"
    assert "checkout errors cleared" in draft.body.split("## Timeline", 1)[1].split("## Root", 1)[0]
    # Each time is cited at the line that holds it: the alert's on line 8, the end on line 8
    # where its sentence starts, though their words began or went on a line away.
    detected = draft.timeline["detected"]
    assert f"{detected.value:%H:%M}" == "10:14" and detected.line == 8
    assert mitigated.line == 8
    assert "The error rate alert paged" in detected.note


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("config 41 from the edge nodes and", ""),  # a blank line
        ("config 41 from the edge nodes and", "- checkout errors cleared."),  # a list item
        ("config 41 from the edge nodes and", "## Checkout errors cleared"),  # a heading
        ("config 41 from the edge nodes and", "| checkout errors cleared |"),  # a table row
    ],
)
def test_an_event_is_never_joined_across_a_paragraph(first: str, second: str) -> None:
    draft = draft_of(WRAPPED_EVENTS.format(first=first, second=second))
    mitigated = draft.timeline.get("mitigated")
    assert mitigated is None or mitigated.how == "missing"


def test_a_line_that_starts_with_a_time_is_never_joined_to_the_line_before() -> None:
    draft = draft_of(
        WRAPPED_EVENTS.format(
            first="config 41 from the edge nodes and", second="10:52 UTC checkout errors cleared."
        )
    )
    # The line is a row of its own, not the words of the 10:40 event: 10:40 ends nothing.
    mitigated = draft.timeline.get("mitigated")
    assert mitigated is None or f"{mitigated.value:%H:%M}" != "10:40"
    timeline = draft.body.split("## Timeline", 1)[1].split("## Root", 1)[0]
    assert "| The on-call withdrew config 41 from the edge nodes |" in timeline


QUOTED_WINDOW = (
    "# Re: [ops-notices] Checkout errors\n"
    "\n"
    "**Date:** 12 March 2024\n"
    "**Severity:** SEV2\n"
    "\n"
    "Thanks for the write-up, our notes are inline.\n"
    "\n"
    "{first}\n"
    "{second}\n"
    "> The basket release was rolled back at 11:05 UTC.\n"
    "\n"
    "We agree with the summary above.\n"
    "\n"
    "## Action items\n"
    "\n"
    "- [ ] Add a checkout test\n"
)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("> Between 10:05 and", "> 11:10 UTC, checkout requests failed for a third of shoppers."),
        ("> Between", ">   10:05 and 11:10 UTC, checkout requests failed for many shoppers."),
        ("> > From 10:05 UTC", "> > until 11:10 UTC checkout requests failed for many shoppers."),
    ],
)
def test_a_window_wrapped_inside_a_quoted_paragraph_is_read_as_one(first: str, second: str) -> None:
    # Quoted mail is read for its times like any paragraph; its lines wrap the same way.
    draft = draft_of(QUOTED_WINDOW.format(first=first, second=second))
    assert started(draft) == "2024-03-12 10:05"
    assert "the impact window" in draft.timeline["started"].note
    assert draft.timeline["started"].line == 8
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "11:10"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a blank quoted line between: two quoted paragraphs
        ("> Between 10:05 and\n>", "> 11:10 UTC, checkout requests failed for many shoppers."),
        # another depth of quoting: another mail's words
        ("> > Between 10:05 and", "> 11:10 UTC, checkout requests failed for many shoppers."),
        # the reply's own line under a quoted one
        ("> Between 10:05 and", "11:10 UTC, checkout requests failed for many shoppers."),
        # a quoted list item is a statement of its own
        ("> Between 10:05 and", "> - 11:10 UTC, checkout requests failed for many shoppers."),
    ],
)
def test_a_quoted_window_is_never_joined_across_a_quoted_paragraph(first: str, second: str) -> None:
    draft = draft_of(QUOTED_WINDOW.format(first=first, second=second))
    assert "the impact window" not in draft.timeline["started"].note


WEEKDAY = (
    "On Tuesday at 07:58 UTC we began upgrading the session cache. "
    "At 08:11 UTC the error-rate alert paged the on-call engineer.\n"
)


@pytest.mark.parametrize(
    ("head", "day", "said"),
    [
        # A publication date is after the incident: the Tuesday of the week before it.
        (
            "*Published Thursday, 14 March 2024*\n\n",
            "2024-03-12",
            '"Tuesday" on line 7 read as 2024-03-12, the last Tuesday up to 2024-03-14',
        ),
        ("Published 12 March 2024.\n\n", "2024-03-12", "the last Tuesday up to 2024-03-12"),
        # A date the report gives for the incident starts the account: the Tuesday after it.
        (
            "**Date:** 11 March 2024\n\n",
            "2024-03-12",
            "the first Tuesday from 2024-03-11 (from Date: 11 March 2024)",
        ),
        # An earlier sentence's date, carried: the account goes on from it.
        (
            "At 23:40 UTC on 8 March 2024 a config change was merged.\n\n",
            "2024-03-12",
            "the first Tuesday from the date of line 3 (2024-03-08)",
        ),
    ],
)
def test_a_weekday_is_placed_from_a_date_the_report_gives(head: str, day: str, said: str) -> None:
    draft = draft_of(f"# Checkout outage\n\n{head}## What happened\n\n{WEEKDAY}")
    # The row is dated, and the draft lists the inference with its line for the reviewer.
    assert f"| {day} 07:58 | On Tuesday at 07:58 UTC we began" in draft.body
    assert "line 7 (07:58 UTC): " in draft.body
    assert said in draft.body
    # The sentence after it carries the weekday's date.
    assert f"{draft.timeline['detected'].value:%Y-%m-%d %H:%M}" == f"{day} 08:11"


def test_a_weekday_with_no_date_to_count_from_is_not_placed_and_says_so() -> None:
    draft = draft_of(f"# Checkout outage\n\n## What happened\n\n{WEEKDAY}", "checkout-2024.md")
    stamp = draft.timeline["started"]
    assert stamp.how == "guessed" and "as the file name gives only 2024" in stamp.note
    (todo,) = [t for t in draft.body.splitlines() if "Tuesday" in t and "TODO" in t]
    assert 'Line 5 places times on "Tuesday"' in todo
    assert "no date to count that day from" in todo


WEEKDAY_HEADINGS = (
    "## Timeline (all times UTC)\n\n### Tuesday\n\n- 22:40 A quota change is applied.\n"
    "- 22:47 Upload error alert fires.\n\n### Wednesday\n\n- 00:15 The change is reverted.\n"
)


def test_weekday_headings_in_a_timeline_are_counted_from_the_reports_date() -> None:
    draft = draft_of("# Upload outage\n\nPublished 15 March 2024.\n\n" + WEEKDAY_HEADINGS)
    assert started(draft) == "2024-03-12 22:40"
    assert f"{draft.timeline['mitigated'].value:%Y-%m-%d %H:%M}" == "2024-03-13 00:15"
    assert 'Line 7 "Tuesday" read as 2024-03-12, the last Tuesday up to 2024-03-15' in draft.body
    assert (
        'Line 12 "Wednesday" read as 2024-03-13, the first Wednesday from the date above it'
        in draft.body
    )


def test_weekday_headings_with_no_date_to_count_from_say_so() -> None:
    draft = draft_of("# Upload outage\n\n" + WEEKDAY_HEADINGS, "upload-2024.md")
    assert draft.timeline["started"].how == "guessed"
    assert "as the file name gives only 2024" in draft.timeline["started"].note
    assert 'Line 5 "Tuesday" names a weekday, but the source gives no date' in draft.body


@pytest.mark.parametrize(
    "field",
    [
        "**Start\u2013End:** 2024-08-19 14:02 \u2192 14:37 UTC",
        "Incident window: 2024-08-19 14:02 - 14:37 UTC",
        "| Start/End | 2024-08-19 14:02 -> 14:37 UTC |",
    ],
)
def test_a_field_giving_the_incident_as_a_range_dates_and_bounds_it(field: str) -> None:
    draft = draft_of(
        f"# Uploads rejected\n\nWritten 2024-08-22.\n\n{field}\n\n## Timeline\n\n"
        "- 14:10 Alert pages the on-call engineer\n"
    )
    # The range's date, not the day the report was written, dates the timeline's rows too.
    assert started(draft) == "2024-08-19 14:02"
    assert f"{draft.timeline['detected'].value:%Y-%m-%d %H:%M}" == "2024-08-19 14:10"
    assert f"{draft.timeline['resolved'].value:%Y-%m-%d %H:%M}" == "2024-08-19 14:37"


def test_a_stated_window_and_an_alert_make_a_report_without_incident_words() -> None:
    # Neither the title nor the sections say "incident": the window tells the start and the
    # end of impact in one clause, the second sentence the detection.
    draft = draft_of(
        "# Parcel labels printed blank\n\n## Summary\n\n"
        "From 08:15\u201308:52 UTC on 2 May 2024 the label printer service sent blank pages. "
        "The blank-page alert fired at 08:21 UTC.\n\n## Action items\n\n- [ ] Check a label\n"
    )
    assert started(draft) == "2024-05-02 08:15"
    assert f"{draft.timeline['detected'].value:%H:%M}" == "08:21"
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "08:52"


def test_a_window_alone_with_no_other_time_is_not_an_incident() -> None:
    with pytest.raises(SkipFile):
        draft_of(
            "# Office move\n\n## Summary\n\n"
            "From 08:15\u201308:52 UTC on 2 May 2024 the movers carried desks.\n"
        )


def test_a_time_told_from_the_one_before_it_is_a_row() -> None:
    draft = draft_of(
        "# Ledger export outage\n\n## What happened\n\n"
        "At 22:40 UTC on 3 March 2025 the ledger export stopped writing files. "
        "About 20 minutes later the missing-file alert paged the on-call engineer. "
        "An hour after that the export was restarted, and files were written again.\n"
    )
    assert rows(draft) == [
        ("2025-03-03 22:40", "The ledger export stopped writing files."),
        ("2025-03-03 23:00", "The missing-file alert paged the on-call engineer."),
        ("2025-03-04 00:00", "The export was restarted, and files were written again."),
    ]
    detected = draft.timeline["detected"]
    assert f"{detected.value:%H:%M}" == "23:00" and detected.how == "guessed"
    assert "counted from the time before it" in detected.note
    assert "approximate" in detected.note


def test_a_span_counted_from_something_else_is_no_time() -> None:
    draft = draft_of(
        "# Ledger export outage\n\n## What happened\n\n"
        "At 22:40 UTC on 3 March 2025 the ledger export stopped writing files. "
        "The job finished 20 minutes later than planned.\n"
    )
    assert [when for when, _ in rows(draft)] == ["2025-03-03 22:40"]


def _outage_summary(lines: str, after: str = "") -> Draft:
    text = (
        "# Parcel tracker outages in October 2024\n\n"
        "In October the parcel tracker had the outages below.\n\n"
        f"{lines}\n\nTracking pages returned errors for most customers.{after}\n\n"
        "## Action items\n\n- [ ] Alert on routing cache misses\n"
    )
    return draft_from_markdown(text.encode(), "october.md", MarkdownOptions(corpus_taxonomy()))


def _window(made: Draft) -> tuple[str, str]:
    started, mitigated = made.timeline["started"], made.timeline["mitigated"]
    return f"{started.value:%Y-%m-%d %H:%M}", f"{mitigated.value:%Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    ("line", "window"),
    [
        # PT on 29 October is summer time, UTC-7.
        (
            "October 29, 2024: 8:15am - 11:41am (3 hours 26 minutes) PT",
            ("2024-10-29 15:15", "2024-10-29 18:41"),
        ),
        ("- 2024-10-29 08:15\u201311:41 UTC", ("2024-10-29 08:15", "2024-10-29 11:41")),
        ("* Oct 29 8:15 AM \u2013 11:41 AM PT", ("2024-10-29 15:15", "2024-10-29 18:41")),
        ("**Oct 29, 2024** 23:40 - 00:25 UTC", ("2024-10-29 23:40", "2024-10-30 00:25")),
    ],
)
def test_an_outage_written_as_a_line_is_the_start_and_end_of_impact(
    line: str, window: tuple[str, str]
) -> None:
    made = _outage_summary(line)
    assert _window(made) == window
    assert made.timeline["started"].line == 5


def test_an_outage_line_without_a_zone_takes_the_documents() -> None:
    made = _outage_summary(
        "October 29, 2024: 8:15am - 11:41am (3 hours 26 minutes)", " All times are US/Eastern."
    )
    assert _window(made) == ("2024-10-29 12:15", "2024-10-29 15:41")  # EDT, UTC-4


def test_outage_lines_a_day_apart_stay_separate_incidents() -> None:
    made = _outage_summary(
        "- Oct 29, 2024 8:15 AM \u2013 11:41 AM PT: tracking pages failed\n"
        "- Oct 30, 2024 9:02 AM \u2013 9:40 AM PT: label printing failed"
    )
    # The first outage is the draft's; the second is neither its recovery nor summed into it.
    assert _window(made) == ("2024-10-29 15:15", "2024-10-29 18:41")
    assert "resolved" not in made.timeline
    assert any("2 separate impact windows (lines 5, 6)" in note for note in made.notes)


H_TIMES_REPORT = """# Parking permits portal down

## What happened

On 2024-08-06 at 9h05 CEST the permits team told us the portal showed a blank page.
We rolled back the morning release at 9h40 and the portal was reachable again at 10h02.
"""


def test_h_times_in_sentences_are_read_as_times() -> None:
    # "9h05", "10h02": 24-hour times as French and Swiss teams write them; CEST is UTC+2.
    draft = draft_of(H_TIMES_REPORT)
    assert rows(draft) == [
        ("2024-08-06 07:05", "The permits team told us the portal showed a blank page."),
        ("2024-08-06 07:40", "We rolled back the morning release at 9:40"),
        ("2024-08-06 08:02", "The portal was reachable again at 10:02."),
    ]


@pytest.mark.parametrize(
    "aside",
    [
        # A quoted mail and inline code quote what someone wrote or a value, not the account.
        "> The first permit holder wrote: tried at 6h15 and again at 6h30, nothing.",
        "The job log said `retry at 6h15 failed` and nothing else.",
        # A duration, never a time.
        "The rollback at 1h15m into the release took 2h30 min.",
    ],
)
def test_h_times_in_quotes_code_and_durations_are_not_read(aside: str) -> None:
    draft = draft_of(H_TIMES_REPORT + "\n" + aside + "\n")
    assert started(draft) == "2024-08-06 07:05"
    assert all(not time.endswith(("04:15", "04:30")) for time, _ in rows(draft))


@pytest.mark.parametrize(
    ("window", "rough"),
    [
        ("from ~12:00 (maybe before) to 17:55 CEST", True),
        ("from about 12:00 (possibly earlier) until 17:55 CEST", True),
        ("from 12:00 CEST (or earlier) to 17:55 CEST", True),
        ("between 12:00 (first probe failure) and 17:55 CEST", False),
    ],
)
def test_an_aside_between_a_windows_ends_does_not_stop_it(window: str, rough: bool) -> None:
    draft = draft_of(
        "# Tram timetable outage\n\n## What happened\n\n"
        f"On 2025-04-08 the timetable site was unreachable {window}. "
        "The uptime probe paged the on-call engineer at 12:20 CEST.\n"
    )
    # CEST is UTC+2; the aside says something of the start, the window is still read whole.
    assert started(draft) == "2025-04-08 10:00"
    assert "the impact window" in draft.timeline["started"].note
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "15:55"
    assert ("approximate" in draft.timeline["started"].note) is rough
    if rough:
        assert window.split(" (")[1].split(")")[0] in draft.timeline["started"].note


def test_an_aside_with_a_time_of_its_own_is_no_aside() -> None:
    # "(10:20 UTC)" restates the start in another zone: a time, read as one, not read past.
    draft = draft_of(
        "# Tram timetable outage\n\n## What happened\n\n"
        "On 2025-04-08 the timetable site failed from 12:20 CEST (10:20 UTC) and riders wrote in. "
        "The uptime probe paged the on-call engineer at 12:25 CEST.\n\n"
        "## Action items\n\n- [ ] Probe the timetable site from outside\n"
    )
    assert started(draft) == "2025-04-08 10:20"
    assert "mitigated" not in draft.timeline


BARE_HOURS_REPORT = """# Parcel locker export outage

## What happened

On 2025-02-11 at 10h CET the locker exports stopped. The missing-file alert fired at 10h25.

{aside}

## Action items

- [ ] Alert when the export disk is nearly full
"""


@pytest.mark.parametrize(
    ("sentence", "window"),
    [
        ("The exports failed from 10h to 11h40 CET.", ("09:00", "10:40")),
        ("The exports failed from 10h to 11:40 CET.", ("09:00", "10:40")),
        ("The exports failed between 10h and 12h CET.", ("09:00", "11:00")),
        ("The exports failed from 10h05 to 12h.", ("09:05", "11:00")),
    ],
)
def test_bare_h_hours_in_sentences_are_read_as_times(
    sentence: str, window: tuple[str, str]
) -> None:
    draft = draft_of(BARE_HOURS_REPORT.format(aside=sentence))
    # CET in February is UTC+1; "at 10h CET" alone would already start the account at 09:00.
    assert started(draft) == f"2025-02-11 {window[0]}"
    assert "the impact window" in draft.timeline["started"].note
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == window[1]


def test_a_bare_h_hour_after_at_is_a_time() -> None:
    draft = draft_of(BARE_HOURS_REPORT.format(aside=""))
    assert rows(draft)[0] == ("2025-02-11 09:00", "The locker exports stopped.")
    assert f"{draft.timeline['detected'].value:%H:%M}" == "09:25"


@pytest.mark.parametrize(
    "aside",
    [
        # Spans, never times: what the words around them say.
        "The rebuild took 10h in the end.",
        "The export had run for 2h before it stopped.",
        "We counted 10h of downtime over the month.",
        "At 1h15m into the run the disk filled.",
        "At 2h intervals the job retried.",
        "The retry was delayed by 3h.",
        # A span that changed, with no zone or minutes to tell it a window of times.
        "The team raised the export timeout from 2h to 4h.",
        # Quoted words and code are not the report's account.
        "> The courier wrote: the lockers were empty at 6h and still at 7h.",
        "The job log said `stopped at 6h` and nothing else.",
    ],
)
def test_bare_h_spans_quotes_and_code_are_not_read_as_times(aside: str) -> None:
    draft = draft_of(BARE_HOURS_REPORT.format(aside=aside))
    assert [when for when, _ in rows(draft)] == ["2025-02-11 09:00", "2025-02-11 09:25"]


FRENCH_SUMMARY = """# Échec des prélèvements de factures

## Résumé

{sentence}
Une alerte sur le taux d'échec a prévenu l'astreinte à 14 h 09 (heure de Paris).

## Cause racine

La nouvelle version arrondissait les montants au centime supérieur.
"""


@pytest.mark.parametrize(
    ("sentence", "window"),
    [
        # "à 14h02" right after a date, as French writes it; Paris is UTC+1 in March.
        (
            "Le 12 mars 2024 à 14h02 (heure de Paris), les prélèvements ont commencé à échouer. "
            "Le service a été rétabli à 15h10 (heure de Paris).",
            ("13:02", "14:10"),
        ),
        (
            "Le 12 mars 2024, de 14 h 02 à 15 h 10 (heure de Paris), les prélèvements ont échoué.",
            ("13:02", "14:10"),
        ),
        (
            "Le 12 mars 2024, entre 14h et 15h30 (heure de Paris), les prélèvements ont échoué.",
            ("13:00", "14:30"),
        ),
        # Brazilian Portuguese: "às 14h02"; Brasília is UTC-3.
        (
            "Em 12 de março de 2024, às 14h02 (horário de Brasília), os débitos automáticos começaram "
            "a falhar. O serviço foi restabelecido às 15h10 (horário de Brasília).",
            ("17:02", "18:10"),
        ),
    ],
)
def test_french_and_portuguese_times_in_sentences_are_read(
    sentence: str, window: tuple[str, str]
) -> None:
    draft = draft_of(FRENCH_SUMMARY.format(sentence=sentence))
    assert started(draft) == f"2024-03-12 {window[0]}"
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == window[1]


@pytest.mark.parametrize(
    "aside",
    [
        "Les relances automatiques ont tourné pendant 2h sans effet.",
        "La reprise des prélèvements a duré 2 h 30 au total.",
        "Le traitement de nuit dure environ 3h.",
    ],
)
def test_french_lengths_in_sentences_are_not_times(aside: str) -> None:
    sentence = f"Le 12 mars 2024 à 14h02 (heure de Paris), les prélèvements ont échoué. {aside}"
    draft = draft_of(FRENCH_SUMMARY.format(sentence=sentence))
    assert [when for when, _ in rows(draft)] == ["2024-03-12 13:02", "2024-03-12 13:09"]


@pytest.mark.parametrize(
    ("summary", "zone_hours"),
    [
        (
            "2024年3月12日の14時02分（日本時間）に予約確認メールの送信が失敗し始めた。"
            "監視アラートは3月12日14:09に当番へ届いた。3月12日15:10から送信は正常に戻った。",
            9,
        ),
        (
            "2024年3月12日14:02（北京时间）开始，预约确认邮件发送失败。3月12日14:09告警触发。"
            "3月12日15:10恢复正常。",
            8,
        ),
        (
            "2024년 3월 12일 14:02(한국 시간)에 예약 확인 메일 발송이 실패했다. 3월12일14:09에 "
            "경보가 울렸다. 3월12일15:10에 정상화되었다.",
            9,
        ),
    ],
)
def test_a_cjk_date_joined_to_its_time_in_a_sentence_places_it(
    summary: str, zone_hours: int
) -> None:
    draft = draft_of(
        f"# 予約確認メールの送信障害\n\n## 概要\n\n{summary}\n\n## 根本原因\n\n設定の誤り。\n"
    )
    local = dt.datetime(2024, 3, 12, 14, 2) - dt.timedelta(hours=zone_hours)
    assert started(draft) == f"{local:%Y-%m-%d %H:%M}"
    # Each sentence after "。" is read with its own time: the alert, then the recovery.
    assert f"{draft.timeline['detected'].value:%H:%M}" == f"{local + dt.timedelta(minutes=7):%H:%M}"
    assert (
        f"{draft.timeline['mitigated'].value:%H:%M}" == f"{local + dt.timedelta(minutes=68):%H:%M}"
    )


LABELLED_TIMELINE = (
    "# Video playback outage\n\n"
    "**Issue Summary:**\n- **Duration:**\n"
    "  - Start Time: March 11, 2024, 09:30 AM (UTC)\n"
    "  - End Time: March 11, 2024, 03:45 PM (UTC)\n\n"
    "**Timeline:**\n"
    "- **Detection Time:**\n  - March 11, 2024, 10:15 AM (UTC)\n"
    "- **Detection Method:**\n  - Customers wrote to support that videos would not start.\n"
    "- **Actions Taken:**\n  - Checked the CDN's error rates for 20 minutes.\n"
    "  - Ran `tail -f player.log | grep 10:40` on one node.\n"
    "  > The desk wrote at 10:50 AM (UTC) that it was still down.\n"
    "- **Escalation:**\n  - Paged the platform team at 11:30 AM (UTC).\n\n"
    "**Resolution:**\n"
    "  - Rolled back the player release at 02:30 PM (UTC); playback recovered.\n"
)


def test_a_timeline_of_bold_labels_reads_each_time_as_its_own_row() -> None:
    draft = draft_of(LABELLED_TIMELINE)
    rows = [line for line in draft.body.splitlines() if line.startswith("| 2024-")]
    # The time under "Detection Time" is the detection, with the label's words and no others;
    # times told in the items' sentences are rows of their own, never code, a quote or a length.
    assert rows == [
        "| 2024-03-11 10:15 | Detection Time |",
        "| 2024-03-11 11:30 | Paged the platform team at 11:30 AM (UTC). |",
        "| 2024-03-11 14:30 | Rolled back the player release at 02:30 PM (UTC); playback recovered. |",
    ]
    assert f"{draft.timeline['detected'].value:%H:%M}" == "10:15"
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "14:30"
    assert draft.detection.value == "customer-report"


def _report(paragraphs: str, sections: str = "") -> Draft:
    text = (
        f"# Trip search review\n\n## What happened\n\n{paragraphs}\n{sections}"
        "\n## Root cause\n\nChanges were made by hand.\n"
    )
    return draft_from_markdown(text.encode(), "review.md", MarkdownOptions(corpus_taxonomy()))


DAY_BY_DAY = (
    "On 2 March 2026, the trip search cache stopped refreshing after a config push.\n\n"
    "On 5 March 2026, a slow replica made trip search time out in the north.\n\n"
    "- Also on 9 March 2026, fare lookups failed after a certificate change.\n"
    "- On 14 March 2026, 03:00 UTC, our alerts fired when trip search stopped answering.\n"
)


def test_a_report_dating_paragraphs_on_several_days_may_tell_of_several_incidents() -> None:
    made = _report(DAY_BY_DAY)
    (said,) = [note for note in made.notes if "different days" in note]
    assert "4 different days from 2026-03-02 to 2026-03-14" in said
    assert "(lines 5, 7, 9, 10)" in said and "several incidents" in said
    started = made.timeline["started"]
    assert started.how == "guessed" and "several incidents" in started.note
    # Which start is read does not change: the note only tells the author to choose.
    assert f"{started.value:%Y-%m-%d}" == "2026-03-02"


@pytest.mark.parametrize(
    "paragraphs",
    [
        # A night across midnight: two days.
        "On 6 May 2025 at 23:40 UTC, gates began rejecting passes.\n\n"
        "On 7 May 2025 at 00:50 UTC, the fare table was reloaded and gates recovered.\n\n"
        "As on 12 February 2025, the load wrote an empty zone list.\n",
        # An earlier incident's date, once, beside the incident's day.
        "On 12 February 2025, the same load had failed before opening time.\n\n"
        "On 6 May 2025 at 09:40 UTC, gates began rejecting passes.\n\n"
        "Gates recovered at 10:15 UTC after the fare table was reloaded.\n",
        # One incident told over four days, each dated paragraph with the time of its step.
        "On 11 March 2026 at 16:02 UTC, event ingestion slowed to a crawl.\n\n"
        "On 12 March 2026 at 22:17 UTC, the cause was found in the people table.\n\n"
        "On 14 March 2026 at 15:02 UTC, ingestion was healthy again.\n\n"
        "On 15 March 2026 at 06:20 UTC, the backlog was worked through.\n",
        # Three days, but dated inside sentences, never at their start.
        "The load failed on 2 March 2026, again on 5 March 2026 and on 9 March 2026 at "
        "09:40 UTC.\n",
    ],
)
def test_an_ordinary_report_is_not_taken_for_several_incidents(paragraphs: str) -> None:
    made = _report(paragraphs, "\n## Action Items\n\n- Check the zone list\n")
    assert not any("different days" in note for note in made.notes)
    assert "several incidents" not in made.timeline["started"].note


def test_a_timeline_that_crosses_midnight_is_no_report_of_several_days() -> None:
    made = _report(
        DAY_BY_DAY,
        "\n## Timeline\n\n- 2026-03-13 23:50 UTC: trip search slows\n"
        "- 2026-03-14 00:30 UTC: search workers restarted\n",
    )
    assert not any("different days" in note for note in made.notes)


def test_dated_follow_ups_are_no_days_of_incidents() -> None:
    made = _report(
        "On 6 May 2025 at 09:40 UTC, gates began rejecting passes.\n",
        "\n## Action Items\n\n- 12 May 2025: check the zone list\n"
        "- 19 May 2025: alert on an empty load\n- 26 May 2025: test the reload\n",
    )
    assert not any("different days" in note for note in made.notes)


def _window(draft: Draft) -> tuple[str, str]:
    timeline = draft.timeline
    end = timeline.get("mitigated") or timeline.get("resolved")
    assert end is not None, timeline
    return (f"{timeline['started'].value:%Y-%m-%d %H:%M}", f"{end.value:%Y-%m-%d %H:%M}")


@pytest.mark.parametrize(
    ("facts", "window"),
    [
        # The impact fact states its window in brackets, with the zone in them ...
        (
            "**Date**: 2025-03-04\n**Impact**: ledger writes stalled for 17 minutes (21:14-21:31 UTC)\n",
            ("2025-03-04 21:14", "2025-03-04 21:31"),
        ),
        # ... or in full-width brackets, as Chinese is written, under a zone stated as a fact.
        (
            "**日期**: 2025-03-04\n**时区**: UTC+8\n**影响**: 账本写入停了约 17 分钟（21:14-21:31）\n",
            ("2025-03-04 13:14", "2025-03-04 13:31"),
        ),
        # "至" (to) between the ends, seconds kept, Beijing time named in the brackets.
        (
            "**日期**: 2025-03-04\n**影响**: 积分服务 12 分钟不可用（10:00:30 至 10:12:40 北京时间）\n",
            ("2025-03-04 02:00", "2025-03-04 02:12"),
        ),
    ],
)
def test_an_impact_fact_states_its_window_in_brackets(facts: str, window: tuple[str, str]) -> None:
    draft = draft_of(f"# Ledger sync outage\n\n{facts}\n## Root cause\n\nA flag was wrong.\n")
    assert _window(draft) == window
    assert "impact window the source states" in draft.timeline["started"].note


def test_beijing_time_stated_once_places_the_times_in_sentences() -> None:
    draft = draft_of(
        "# 积分同步中断\n\n**日期**: 2025-06-10\n\n时间均为北京时间。\n\n## 经过\n\n"
        "积分服务从 09:40 开始大量报错，值班于10:05回滚到上一版本。\n\n## 根因\n\n缓存配置写错。\n"
    )
    assert started(draft) == "2025-06-10 01:40"
    # The rollback's time, read after "于" (at), is a row of the timeline.
    assert "| 2025-06-10 02:05 |" in draft.body


def test_a_bracketed_time_outside_the_impact_fact_states_no_window() -> None:
    # A bracketed range elsewhere may be any span (a deploy, a maintenance slot): no window.
    draft = draft_of(
        "# Ledger sync outage\n\n**Date**: 2025-03-04\n**Impact**: ledger API errors\n\n"
        "## What happened\n\nThe nightly deploy (01:00-01:30 UTC) went out as usual.\n"
    )
    assert "impact window the source states" not in draft.timeline["started"].note


def test_an_impact_window_without_a_zone_is_read_as_utc_and_marked() -> None:
    # Like a "Start time: 21:14" fact without a zone: read as UTC, the guess said.
    draft = draft_of(
        "# 账本同步中断\n\n**日期**: 2025-03-04\n**影响**: 账本写入停了约 17 分钟（21:14-21:31）\n\n"
        "## 根因\n\n缓存前缀换了。\n\n## 修复\n\n前缀切回旧值，写入接着跑完（21:31）\n"
    )
    assert _window(draft) == ("2025-03-04 21:14", "2025-03-04 21:31")
    assert "no time zone in the source, read as UTC" in draft.timeline["started"].note


BARE_TIMES_REPORT = (
    "# Billing export failover\n\n## What happened\n\n"
    "At 14:05 the primary billing database stopped accepting writes and exports failed.\n"
    "The on-call engineer was paged at 14:12 by the error-rate alert.\n"
    "We promoted the replica at 14:31 and exports recovered at 14:40.\n"
)


def test_bare_times_of_a_source_that_names_no_zone_are_read_as_utc_guesses() -> None:
    draft = draft_of(BARE_TIMES_REPORT, "2025-03-04-billing.md")
    assert [when for when, _ in rows(draft)] == [
        "2025-03-04 14:05",
        "2025-03-04 14:12",
        "2025-03-04 14:31",
        "2025-03-04 14:40",
    ]
    for key, when in (("started", "14:05"), ("detected", "14:12"), ("mitigated", "14:40")):
        stamp = draft.timeline[key]
        # Never a "found" time for analytics to count before a reviewer confirms its zone.
        assert f"{stamp.value:%H:%M}" == when and stamp.how == "guessed"
        assert "no time zone in the source, read as UTC" in stamp.note


@pytest.mark.parametrize(
    "sentence",
    [
        "The export job usually runs at 9:00 and takes an hour.",
        "Backups run at 01:00 every Sunday.",
        "The cluster ran version 10.4.12 for 3 hours.",
        'A customer wrote "exports down since 13:50?" in the channel.',
        "The `retry_at: 13:55` setting was left as it was.",
    ],
)
def test_bare_habits_versions_quotes_and_code_give_no_rows(sentence: str) -> None:
    draft = draft_of(
        "# Ledger outage\n\n## What happened\n\nAt 14:00 on 3 March 2025, writes failed. "
        f"{sentence}\nThe on-call engineer was paged at 14:12 and writes recovered at 14:40.\n"
    )
    assert [when for when, _ in rows(draft)] == [
        "2025-03-03 14:00",
        "2025-03-03 14:12",
        "2025-03-03 14:40",
    ]


def test_a_zone_named_anywhere_keeps_bare_sentence_times_unread() -> None:
    # One time with a zone: the bare ones may be in any zone, so they tell no incident of their own.
    with pytest.raises(SkipFile, match="does not look like a post-mortem"):
        draft_of(
            BARE_TIMES_REPORT + "\n## Follow-up\n\nThe vendor's status page said 02:00 PST.\n",
            "2025-03-04-billing.md",
        )


def test_a_bare_time_on_another_day_than_the_reports_is_no_guess() -> None:
    text = (
        "# 2023-02-13 Help desk down\n\n## What happened\n\n"
        "At 09:43 the help desk's web workers stopped and every page gave a bad gateway.\n"
        "We removed the stale PID file and the workers started at 10:05.\n\n"
        "## Conclusion\n\nThe logs are missing on 22 February from 00:30 until 21:40.\n"
    )
    draft = draft_from_markdown(text.encode(), "help-desk.md", MarkdownOptions(corpus_taxonomy()))
    # Read as guesses in UTC, the source naming no zone: only the report's own day's times.
    assert f"{draft.timeline['started'].value:%Y-%m-%d %H:%M}" == "2023-02-13 09:43"
    assert all(f"{value.value:%Y-%m-%d}" == "2023-02-13" for value in draft.timeline.values())


def _report_abroad(date_line: str, summary: str) -> str:
    return f"# Ledger API errors\n\n{date_line}\n\n## Summary\n\n{summary}\n\n## Root cause\n\nA flag was wrong.\n"


@pytest.mark.parametrize(
    ("date_line", "summary", "window"),
    [
        # Japanese puts "from" and "until" after the times; JST is UTC+9.
        (
            "",
            "2024年3月12日 14:02 から 15:10 まで（JST）、台帳APIが多くの利用者にエラーを返しました。",
            ("2024-03-12 05:02", "2024-03-12 06:10"),
        ),
        (
            "**日付**: 2024-03-12",
            "14:02〜15:10（JST）の間、台帳APIが多くの利用者にエラーを返しました。",
            ("2024-03-12 05:02", "2024-03-12 06:10"),
        ),
        (
            "**日付**: 2024-03-12\n\nすべての時刻は日本時間です。",
            "14:02 から 15:10 まで、台帳APIがエラーを返しました。",
            ("2024-03-12 05:02", "2024-03-12 06:10"),
        ),
        # Korean the same, written tight: KST is UTC+9.
        (
            "**날짜**: 2024-03-12\n\n모든 시간은 KST.",
            "14:02부터 15:10까지 원장 API가 오류를 반환했습니다.",
            ("2024-03-12 05:02", "2024-03-12 06:10"),
        ),
        # Chinese, with the zone in full-width brackets after the window: UTC+8.
        (
            "**日期**: 2024-03-12",
            "从 14:02 到 15:10（UTC+8），账本接口对多数客户端报错。",
            ("2024-03-12 06:02", "2024-03-12 07:10"),
        ),
        # Spanish, French, German, Portuguese; CET is UTC+1 in March, Brasília UTC-3.
        (
            "**Fecha:** 2024-03-12",
            "De 14:02 a 15:10 CET la API del libro devolvió errores a la mayoría de los clientes.",
            ("2024-03-12 13:02", "2024-03-12 14:10"),
        ),
        (
            "**Fecha:** 2024-03-12",
            "Entre las 14:02 y las 15:10 (hora peninsular) la API del libro devolvió errores.",
            ("2024-03-12 13:02", "2024-03-12 14:10"),
        ),
        (
            "**Date :** 2024-03-12",
            "De 14h02 à 15h10 (heure de Paris), l'API du registre a renvoyé des erreurs.",
            ("2024-03-12 13:02", "2024-03-12 14:10"),
        ),
        (
            "**Datum:** 2024-03-12",
            "Von 14:02 bis 15:10 Uhr MEZ lieferte die Register-API Fehler.",
            ("2024-03-12 13:02", "2024-03-12 14:10"),
        ),
        (
            "**Data:** 2024-03-12",
            "Das 14:02 às 15:10 (horário de Brasília) a API do registro retornou erros.",
            ("2024-03-12 17:02", "2024-03-12 18:10"),
        ),
    ],
)
def test_a_window_in_a_sentence_in_another_language_is_the_impact_window(
    date_line: str, summary: str, window: tuple[str, str]
) -> None:
    draft = draft_of(_report_abroad(date_line, summary))
    assert _window(draft) == window
    assert "impact window the source states" in draft.timeline["started"].note
    assert "no time zone in the source" not in draft.timeline["started"].note


@pytest.mark.parametrize(
    ("date_line", "aside"),
    [
        # The responders' work, not the impact: as "Between 10:40 and 11:20 the team tried ...".
        ("**Fecha:** 2024-03-12", "De 14:02 a 15:10 CET el equipo reinició los nodos."),
        ("**Date :** 2024-03-12", "De 14h02 à 15h10 CET, l'équipe a redémarré les nœuds."),
        (
            "**Datum:** 2024-03-12",
            "Von 14:02 bis 15:10 Uhr MEZ hat das Team die Knoten neu gestartet.",
        ),
        ("**Data:** 2024-03-12", "Das 14:02 às 15:10 BRT a equipe reiniciou os nós."),
        ("**日付**: 2024-03-12", "14:02から15:10まで（JST）、運用チームがノードを再起動しました。"),
        ("**날짜**: 2024-03-12", "14:02부터 15:10까지 KST 우리 팀이 노드를 재시작했습니다."),
        ("**日期**: 2024-03-12", "从 14:02 到 15:10（UTC+8），我们的值班团队重启了节点。"),
        # A habit, not an event: as "runs at 02:00 every night".
        (
            "**Fecha:** 2024-03-12",
            "La copia de seguridad corre todos los días de 02:00 a 03:00 CET.",
        ),
        ("**Datum:** 2024-03-12", "Die Sicherung läuft täglich von 02:00 bis 03:00 Uhr MEZ."),
        ("**日付**: 2024-03-12", "バックアップは毎日 02:00〜03:00（JST）に実行されます。"),
        ("**날짜**: 2024-03-12", "백업은 매일 02:00부터 03:00까지 KST 실행됩니다."),
    ],
)
def test_a_window_abroad_that_is_no_impact_is_not_the_impact_window(
    date_line: str, aside: str
) -> None:
    draft = draft_of(_report_abroad(date_line, f"The ledger API returned errors.\n\n{aside}"))
    assert "impact window" not in draft.timeline["started"].note


@pytest.mark.parametrize(
    "sentence",
    [
        # "de" and "das" open a window only where one follows: here they are "of" and "the".
        "El informe de 14:02 CET fue leído por el equipo de guardia.",
        "O alerta das 14:02 BRT foi lido pelo plantão.",
    ],
)
def test_a_word_that_opens_a_window_abroad_opens_none_alone(sentence: str) -> None:
    draft = draft_of(_report_abroad("**Datum:** 2024-03-12", sentence))
    assert "impact window" not in draft.timeline["started"].note


@pytest.mark.parametrize(
    ("zone", "heading", "paragraph", "alerted"),
    [
        # Chinese: a section of sentences, each opening with its time and a full-width comma.
        (
            "所有时间均为北京时间。",
            "经过",
            "09:48，取餐码服务升级了缓存配置。10:02，监控告警触发，值班工程师收到通知。"
            "10:31，团队回滚配置，取餐码服务恢复正常。",
            "监控告警触发",
        ),
        # Japanese: the same told as one paragraph under the timeline's own heading.
        (
            "時刻はすべて日本時間です。",
            "経緯",
            "9時48分、受け取りコードサービスのキャッシュ設定を変更した。10時02分、アラートが"
            "発報し当番が検知した。10時31分、設定を戻し、発行が正常に戻った。",
            "アラートが発報",
        ),
    ],
)
def test_sentences_that_open_with_their_time_in_chinese_or_japanese_are_rows(
    zone: str, heading: str, paragraph: str, alerted: str
) -> None:
    draft = draft_of(
        f"# 取餐码 / 受け取りコード\n\n**发生日期**：2025-06-10\n\n{zone}\n\n"
        f"## {heading}\n\n{paragraph}\n\n## 対策\n\n- [ ] 接続数のアラートを追加する\n"
    )
    # Read as "At 10:02 an alert fired" is: the alert's time and method, each row's own words.
    offset = 8 if "北京" in zone else 9
    local = [
        dt.datetime(2025, 6, 10, h, m) - dt.timedelta(hours=offset)
        for h, m in [(9, 48), (10, 2), (10, 31)]
    ]
    assert draft.timeline["detected"].value.replace(tzinfo=None) == local[1]
    assert draft.detection.value == "alert"
    assert alerted in draft.timeline["detected"].note
    assert [when for when, _ in rows(draft)] == [f"{t:%Y-%m-%d %H:%M}" for t in local]
