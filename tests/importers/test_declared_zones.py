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


@pytest.mark.parametrize(
    "date_line",
    ["**Date:** 2024-03-04 (UTC)", "**Date:** March 4, 2024 (UTC)", "**Date:** 4 March 2024 (CET)"],
)
def test_a_zone_in_brackets_on_a_bold_date_line_is_the_zone_of_the_times(date_line: str) -> None:
    made = draft(
        f"# Parcel label printing stalled\n\n{date_line}\n\n## Timeline\n\n"
        "- 14:05 Label printer queue stops draining\n- 14:17 Depot lead reports missing labels\n"
        "- 14:45 Queue drained; labels print again\n"
    )
    # The date line names the zone: no note may say the source gives none.
    assert "no time zone" not in made.body and "states no time zone" not in made.body
    started = made.timeline["started"]
    assert "no time zone" not in started.note
    expected = "13:05" if "CET" in date_line else "14:05"
    assert f"{started.value:%Y-%m-%d %H:%M}" == f"2024-03-04 {expected}"


def test_a_word_after_a_date_without_brackets_is_no_zone_of_the_times() -> None:
    made = draft(
        "# Parcel label printing stalled\n\n**Date:** 2024-03-04 (Monday)\n\n## Timeline\n\n"
        "- 14:05 Label printer queue stops draining\n- 14:45 Labels print again\n"
    )
    assert "states no time zone" in made.body
