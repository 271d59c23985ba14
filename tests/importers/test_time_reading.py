"""Time zones, time stamps and durations read from free text, against values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.timestamps import find_time_range, parse_duration, read_date, read_stamp, to_utc
from pmkb.importers.zones import find_zone, heading_zone, stated_zone

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("token", "offset_minutes"),
    [
        ("UTC", 0),
        ("GMT", 0),
        ("Z", 0),
        ("BST", 60),
        ("CET", 60),
        ("CEST", 120),
        ("EET", 120),
        ("EEST", 180),
        ("WET", 0),
        ("WEST", 60),
        ("EST", -300),
        ("EDT", -240),
        ("CST", -360),
        ("CDT", -300),
        ("MST", -420),
        ("MDT", -360),
        ("PST", -480),
        ("PDT", -420),
        ("JST", 540),
        ("IST", 330),
        ("AEST", 600),
        ("AEDT", 660),
        ("SGT", 480),
        ("UTC+2", 120),
        ("UTC-03:30", -210),
        ("GMT+5:30", 330),
        ("+0200", 120),
    ],
)
def test_abbreviations_and_offsets_are_fixed_offsets(token: str, offset_minutes: int) -> None:
    zone = find_zone(token)
    assert zone is not None
    assert zone.tz.utcoffset(dt.datetime(2025, 1, 15)) == dt.timedelta(minutes=offset_minutes)
    # An abbreviation names the offset its author's clock showed, in winter and summer alike.
    assert zone.tz.utcoffset(dt.datetime(2025, 7, 15)) == dt.timedelta(minutes=offset_minutes)


def test_ambiguous_abbreviations_say_how_they_were_read() -> None:
    assert "India Standard Time" in find_zone("IST").describe  # type: ignore[union-attr]
    assert "US Central" in find_zone("CST").describe  # type: ignore[union-attr]


def test_named_zones_follow_daylight_saving() -> None:
    berlin = find_zone("Europe/Berlin")
    pacific = find_zone("Pacific time")
    assert berlin is not None and pacific is not None
    # 12:00 in Berlin is 11:00 UTC in January (CET) and 10:00 UTC in July (CEST).
    assert to_utc(dt.date(2025, 1, 15), dt.time(12, 0), berlin) == dt.datetime(
        2025, 1, 15, 11, 0, tzinfo=UTC
    )
    assert to_utc(dt.date(2025, 7, 15), dt.time(12, 0), berlin) == dt.datetime(
        2025, 7, 15, 10, 0, tzinfo=UTC
    )
    # 09:00 Pacific is 17:00 UTC in January (PST) and 16:00 UTC in July (PDT).
    assert to_utc(dt.date(2025, 1, 15), dt.time(9, 0), pacific) == dt.datetime(
        2025, 1, 15, 17, 0, tzinfo=UTC
    )
    assert to_utc(dt.date(2025, 7, 15), dt.time(9, 0), pacific) == dt.datetime(
        2025, 7, 15, 16, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("word", ["API", "DB", "OK", "the", "Error", "Q3"])
def test_words_that_are_not_zones(word: str) -> None:
    assert find_zone(word) is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("All times in CEST.", "CEST"),
        ("Timeline (all times PDT)", "PDT"),
        ("Times are in UTC", "UTC"),
        ("all times are Pacific", "Pacific"),
        ("Time (UTC+2)", "UTC+02:00"),
        ("Timeline (JST)", "JST"),
    ],
)
def test_stated_zones(text: str, label: str) -> None:
    zone = heading_zone(text)
    assert zone is not None and zone.label == label


def test_a_sentence_about_times_without_a_zone_states_none() -> None:
    assert stated_zone("The job times out in production after 30 seconds") is None


@pytest.mark.parametrize(
    ("line", "day", "clock", "zone", "rest"),
    [
        ("14:05 PDT - Pager fires", None, dt.time(14, 5), "PDT", "Pager fires"),
        (
            "- **2025-02-09 10:05** Error rate climbs",
            dt.date(2025, 2, 9),
            dt.time(10, 5),
            None,
            "Error rate climbs",
        ),
        (
            "2025-02-09T10:05:23Z first errors",
            dt.date(2025, 2, 9),
            dt.time(10, 5, 23),
            "UTC",
            "first errors",
        ),
        (
            "2023-09-14T16:20:00+09:00 Failover",
            dt.date(2023, 9, 14),
            dt.time(16, 20),
            "UTC+09:00",
            "Failover",
        ),
        (
            "Mon Mar 4 08:00 EST: job deployed",
            dt.date(2025, 3, 4),
            dt.time(8, 0),
            "EST",
            "job deployed",
        ),
        ("Feb 9, 2025 at 2:05 PM PST: alert", dt.date(2025, 2, 9), dt.time(14, 5), "PST", "alert"),
        ("1. [09:12] (UTC+2) on-call acks", None, dt.time(9, 12), "UTC+02:00", "on-call acks"),
        ("14:05 API errors spike", None, dt.time(14, 5), None, "API errors spike"),
        ("Feb 9, 2025:", dt.date(2025, 2, 9), None, None, ""),
    ],
)
def test_time_stamps_at_the_start_of_a_line(line, day, clock, zone, rest) -> None:  # type: ignore[no-untyped-def]
    stamp = read_stamp(line, default_year=2025)
    assert stamp is not None
    assert (stamp.day, stamp.clock, stamp.zone.label if stamp.zone else None, stamp.rest) == (
        day,
        clock,
        zone,
        rest,
    )


@pytest.mark.parametrize(
    "line",
    ["40,000 errors in an hour", "3 customers reported it", "Error rate rose", "v2.3.1 deployed"],
)
def test_lines_that_do_not_start_with_a_time(line: str) -> None:
    assert read_stamp(line, default_year=2025) is None


def test_day_order_of_numeric_dates() -> None:
    assert read_date("03/04/2025", default_year=None) == (dt.date(2025, 3, 4), True)
    assert read_date("03/04/2025", default_year=None, day_first=True) == (dt.date(2025, 4, 3), True)
    assert read_date("Feb 9", default_year=2024) == (dt.date(2024, 2, 9), False)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Time to detection: 54 hours 10 minutes", 54 * 60 + 10),
        ("1h 35min", 95),
        ("1h35m", 95),
        ("90 minutes", 90),
        ("2 days, 3 hours", 51 * 60),
        ("about 1.5 hours", 90),
        ("00:45", 45),
        ("45m", 45),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["n/a", "unknown", "see timeline"])
def test_text_without_a_duration(text: str) -> None:
    assert parse_duration(text) is None


def test_time_window() -> None:
    start, end, zone = find_time_range("1h 35min (10:05 - 11:40 UTC)")  # type: ignore[misc]
    assert (start, end, zone.label if zone else None) == (dt.time(10, 5), dt.time(11, 40), "UTC")
