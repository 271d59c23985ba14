"""Times, dates and years read from sentences and titles, by the pure functions of the Markdown importer."""

from __future__ import annotations

import pytest
from pmkb.importers.markdown import split_sentences


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
