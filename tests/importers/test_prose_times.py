"""Times, dates and years read from sentences and titles, by the pure functions of the Markdown importer."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.draft import Draft
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown, split_sentences

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


MODIFIED = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)


def draft_of(text: str, name: str = "report.md") -> Draft:
    return draft_from_markdown(
        text.encode(), name, MarkdownOptions(corpus_taxonomy()), modified=MODIFIED
    )


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


def test_a_year_the_source_does_not_give_is_a_marked_guess() -> None:
    # "Release 2024.1" is a version and "since 2015" a history: neither is the incident's year.
    draft = draft_of(
        "# Release 2024.1 broke ticketing\n\nThe cache has run since 2015.\n\n" + TIMELINE
    )
    stamp = draft.timeline["started"]
    assert f"{stamp.value:%m-%d %H:%M}" == "03-02 18:05"
    assert stamp.value.year == MODIFIED.year
    assert stamp.how == "guessed"
    assert "the year of the file's modification date" in stamp.note
    assert '"Thursday, March 2" in the timeline' in stamp.note
    assert any("the incident's date is a guess" in note for note in draft.notes)


def test_no_date_at_all_is_a_marked_guess() -> None:
    draft = draft_of("# Queue outage\n\n## Timeline\n\n- 10:00 UTC queue stops\n")
    stamp = draft.timeline["started"]
    assert stamp.value == dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.timezone.utc)
    assert stamp.how == "guessed"
    assert "the file's modification date, as the source gives no date" in stamp.note


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


def test_words_that_only_look_like_a_date_are_passed_over() -> None:
    draft = draft_of(
        "# Ticketing outage, March 2023\n\nWe sent 2 marketing mails before the sale on March 2.\n\n"
        "## Timeline (all times UTC)\n\n- 18:05 Cache evicts keys.\n"
    )
    assert started(draft) == "2023-03-02 18:05"
