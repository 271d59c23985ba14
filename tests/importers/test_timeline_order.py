"""The order of timeline entries: next-day rollover, updates listed newest first, status-page
updates, and which wording ends impact."""

from __future__ import annotations

import datetime as dt

from pmkb.importers.document import read_document
from pmkb.importers.timeline import Timeline, read_timeline
from pmkb.importers.zones import UTC as UTC_ZONE
from pmkb.importers.zones import find_zone


def timeline_of(text: str, *, day: dt.date = dt.date(2024, 7, 9), zone: str = "UTC") -> Timeline:
    doc = read_document("# Outage\n\n## Timeline\n\n" + text)
    found = find_zone(zone) or UTC_ZONE
    return read_timeline(
        doc.of_kind("timeline"), day=day, zone=found, zone_stated=True, default_year=day.year
    )


def times(timeline: Timeline) -> list[str]:
    return [f"{e.at:%Y-%m-%d %H:%M}" for e in timeline.events]


def test_rollover_compares_instants_across_zones() -> None:
    # 12:40 UTC is 20 minutes after 14:20 CEST, not the next day.
    timeline = timeline_of(
        "- 14:05 CEST deploy started\n- 14:20 CEST rollback completed\n- 12:40 UTC incident closed\n"
    )
    assert times(timeline) == ["2024-07-09 12:05", "2024-07-09 12:20", "2024-07-09 12:40"]
    assert timeline.rolled_over == 0


def test_rollover_across_zones_still_crosses_midnight() -> None:
    # 23:30 PDT is 06:30 UTC the next day; 07:10 UTC after it is that day too.
    timeline = timeline_of("- 23:30 PDT errors climb\n- 07:10 UTC errors stop\n")
    assert times(timeline) == ["2024-07-10 06:30", "2024-07-10 07:10"]
    # 00:10 after 23:50 in the same zone is the next day, as before.
    timeline = timeline_of("- 23:50 UTC errors climb\n- 00:10 UTC errors stop\n")
    assert times(timeline) == ["2024-07-09 23:50", "2024-07-10 00:10"]
    assert timeline.rolled_over == 1
