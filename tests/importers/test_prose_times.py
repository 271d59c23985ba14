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
