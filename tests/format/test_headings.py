"""ATX headings as the body reader sees them: only a line whose first character is '#'."""

from __future__ import annotations

import pytest
from pmkb import body as md


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("## Root Cause", (2, "Root Cause")),
        ("### Five Whys ###", (3, "Five Whys")),
        ("#\tTimeline", (1, "Timeline")),
        ("##Root Cause", None),  # no space after the #s
        (" ## Root Cause", None),  # prose lines keep their indent; a heading has none
        ("Root Cause ##", None),
        ("The parcel-tracker queue grew #2 of 3 times", None),
        ("", None),
    ],
)
def test_a_heading_starts_with_its_hashes(line: str, expected: tuple[int, str] | None) -> None:
    assert md.heading(line) == expected


def test_section_lines_are_those_under_the_heading() -> None:
    body = "## Summary\n\nThe ledger API was slow.\n\n## Timeline\n\n| Time | Event |\n"
    lines = md.section_lines(body, 10, "summary")
    assert [(p.line, p.text) for p in lines] == [(12, "The ledger API was slow.")]
