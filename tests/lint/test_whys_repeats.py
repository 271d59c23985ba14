"""``five-whys``: an answer that says the one above again, nearly word for word."""

from __future__ import annotations

import pytest
from pmkb.lint.whys import repeats


@pytest.mark.parametrize(
    ("previous", "answer", "expected"),
    [
        # One word changed in ten: the same answer again.
        (
            "The parcel-tracker queue filled because the consumers stopped reading it",
            "The parcel-tracker queue filled because the consumers had stopped reading it",
            True,
        ),
        # The same words in another order: no answer one step further.
        (
            "the ledger cache expired early after the config change",
            "after the config change the ledger cache expired early",
            False,
        ),
        # Alike in a few words, different in what it says.
        (
            "The ledger cache expired early after the config change",
            "The config change was merged without a review of its cache settings",
            False,
        ),
        ("Disk full", "Disk full", True),
        ("Disk full", "Disk was full", False),  # too short to compare word runs
    ],
)
def test_an_answer_repeats_the_one_above_only_nearly_word_for_word(
    previous: str, answer: str, expected: bool
) -> None:
    assert repeats(previous, answer) is expected
