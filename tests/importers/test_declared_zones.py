"""Zones that sources declare in their common spellings ("**Timezone**: CET",
"_All times in EDT_", "(all times PDT)") are read, and govern the times they are written for."""

from __future__ import annotations

import pytest
from pmkb.importers.zones import stated_zone

from tests.importers.test_timeline_rows import draft, table_lines


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("**Timezone**: CET", "CET"),
        ("Time zone: UTC+1", "UTC+01:00"),
        ("_All times in EDT_", "EDT"),
        ("Times are in Pacific Time", "Pacific Time"),
        ("(all times PDT)", "PDT"),
    ],
)
def test_zones_declared_in_common_spellings(line: str, label: str) -> None:
    zone = stated_zone(line)
    assert zone is not None and zone.label == label


def test_a_timezone_line_in_the_timeline_section_governs_its_times() -> None:
    made = draft(
        "# Cluster IaC reverted\n\n## Timeline\n\n**Date**: 2019-12-05  \n**Timezone**: CET \n\n"
        "| Time | Event |\n| :---: | --- |\n| 04:00 | Terraform run by hand |\n"
        "| 12:40 | All systems verified operational |\n"
    )
    assert f"{made.timeline['started'].value:%Y-%m-%d %H:%M}" == "2019-12-05 03:00"
    assert "states no time zone" not in made.body
    assert "converted from CET" in made.body


def test_an_emphasised_zone_line_governs_times_on_their_own_lines() -> None:
    made = draft(
        "# Incident report July 21 2025 - Workshop hub pods dying\n\n## Timeline\n\n"
        "_All times in EDT_\n\n## July 22\n"
        "1:03\nFirst alert fires\n\n5:00\nEngineers acknowledge the alert\n"
    )
    # EDT is UTC-4; the day heading, not the title's July 21, gives the date.
    assert table_lines(made.body) == [
        "| 2025-07-22 05:03 | First alert fires |",
        "| 2025-07-22 09:00 | Engineers acknowledge the alert |",
    ]
    assert "states no time zone" not in made.body
