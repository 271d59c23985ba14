"""Case-blind lint patterns run as case-sensitive twins on lower-cased ASCII text.

The twins exist for speed only: every test here checks that a rule finds the
same thing, at the same place, in the same words, whichever way the text is cased.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from pmkb.lint import durations, language
from pmkb.lint.folding import lowered_twin

SENTENCES = [
    "For 47 Minutes, checkout FAILED for most shoppers.",
    "The Ledger API was DOWN for About Two Hours after the release.",
    "A 45-minute partial Outage hit the parcel-tracker.",
    "Between 14:05 and 14:50 UTC, Payments Failed.",
    "Checkout was unavailable from 9:12 PM to 11:40 PM PST.",
    "Refund errors persisted for 3H20M until the rollback.",
    "Two Hours Of Downtime followed; nobody could log in over half an hour.",
    "The on-call engineer Asked Quillon to page the storage team.",
    "Thanks, Ysolde Marrack, for the dashboard (the Incident Manager (Brisa)).",
]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize(
    "pattern",
    [durations._TIED, durations._TIED_RANGE, *language._LOWERED_TWINS],
    ids=lambda p: p.pattern[:20],
)
def test_a_twin_finds_the_same_spans_and_groups_in_the_lower_case(
    pattern: re.Pattern[str], text: str
) -> None:
    def found(p: re.Pattern[str], searched: str) -> list[list[tuple[int, int]]]:
        return [
            [m.span(), *(m.span(g) for g in range(1, p.groups + 1))] for m in p.finditer(searched)
        ]

    for variant in (text, text.upper(), text.lower(), text.swapcase()):
        assert found(lowered_twin(pattern), variant.lower()) == found(pattern, variant)


def test_durations_keep_the_words_as_written() -> None:
    stated = durations.stated_durations(
        "Checkout was DOWN for About Two Hours. Between 14:05 and 14:50 UTC, Payments Failed."
    )
    assert [s.text for s in stated] == ["About Two Hours", "Between 14:05 and 14:50 UTC"]
    assert [s.seconds for s in stated] == [7200.0, 2700.0]
    assert stated[1].clock is not None and stated[1].clock.zone == "UTC"


def test_text_beyond_ascii_is_read_case_blind_as_before() -> None:
    # The long s is an s to a case-blind pattern, but lower() keeps it: such text
    # is searched with the original pattern.
    stated = durations.stated_durations("Checkout was down for two hour\u017f.")
    assert [s.text for s in stated] == ["two hour\u017f"]


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(r"down\b"),  # not case-blind: nothing to gain
        re.compile(r"\S+ outage", re.I),  # \s is not \S
        re.compile(r"(?P<Span>\d+) minutes", re.I),  # a group's name would change
        re.compile(r"(?-i:UTC) time", re.I),  # its own flags
        re.compile("caf\u00e9 closed", re.I),  # letters beyond ASCII
    ],
)
def test_a_pattern_lower_casing_would_change_has_no_twin(pattern: re.Pattern[str]) -> None:
    with pytest.raises(ValueError, match="no case-sensitive twin"):
        lowered_twin(pattern)


@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        "Thanks to Quillon, and thank you, Brisa Ondrak; cc: Ysolde.",
        "The bridge was HANDED the pager duty rota OVER TO Ysolde at noon.",
        "We paged Quillon, pinged Brisa and woke up Ysolde; then we asked Quillon again.",
        "Information from Brisa: the ledger asked Asked Quillon",
        "task Quillon; flask Brisa; unasked Ysolde",
    ],
)
def test_the_places_a_name_may_follow_its_verb_give_what_a_full_search_gives(text: str) -> None:
    def found(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], str]]:
        return [(m.span(), m.group("who")) for m in matches]

    for variant in (text, text.upper(), text.lower(), text.swapcase()):
        assert found(language._matches(language._BY_OBJECT, variant, variant.lower())) == found(
            language._BY_OBJECT.finditer(variant)
        )
