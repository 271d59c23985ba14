"""Time zones, time stamps and durations read from free text, against values worked out by hand."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown
from pmkb.importers.timestamps import (
    PLACEHOLDER_TIME,
    find_date,
    find_time_range,
    numeric_date_order,
    parse_duration,
    read_clock,
    read_date,
    read_stamp,
    to_utc,
)
from pmkb.importers.zones import find_zone, heading_zone, stated_zone, zone_in_phrase

from tests.importers.conftest import corpus_taxonomy

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("token", "offset_minutes"),
    [
        ("UTC", 0),
        ("GMT", 0),
        ("Z", 0),
        ("JST", 540),
        ("IST", 330),
        ("SGT", 480),
        ("UTC+2", 120),
        ("GMT+2", 120),  # people mean two hours ahead of UTC, not POSIX's inverted sign
        ("UTC-03:30", -210),
        ("GMT+5:30", 330),
        ("+0200", 120),
    ],
)
def test_offsets_and_abbreviations_without_a_region_are_fixed(
    token: str, offset_minutes: int
) -> None:
    zone = find_zone(token)
    assert zone is not None
    assert zone.tz.utcoffset(dt.datetime(2025, 1, 15)) == dt.timedelta(minutes=offset_minutes)
    assert zone.tz.utcoffset(dt.datetime(2025, 7, 15)) == dt.timedelta(minutes=offset_minutes)


@pytest.mark.parametrize(
    ("token", "january", "july"),
    [
        # A region's abbreviation is read as its region, daylight saving included: authors
        # write "PST" all year, and "CET" in June means the clock in Berlin.
        ("PST", -480, -420),
        ("PDT", -480, -420),
        ("EST", -300, -240),
        ("CST", -360, -300),
        ("MST", -420, -360),
        ("CET", 60, 120),
        ("CEST", 60, 120),
        ("EET", 120, 180),
        ("BST", 0, 60),
        ("AEST", 660, 600),
        ("Central European Time", 60, 120),
        ("UC/Pacific", -480, -420),
        ("US/Pacific", -480, -420),
        ("Zurich time", 60, 120),
    ],
)
def test_named_zones_follow_their_region(token: str, january: int, july: int) -> None:
    zone = find_zone(token)
    assert zone is not None
    assert zone.offset_on(dt.datetime(2025, 1, 15, 12)) == dt.timedelta(minutes=january)
    assert zone.offset_on(dt.datetime(2025, 7, 15, 12)) == dt.timedelta(minutes=july)


def test_an_abbreviation_out_of_season_is_noted() -> None:
    pst = find_zone("PST")
    assert pst is not None
    assert pst.season_note(dt.datetime(2025, 1, 15, 9)) == ""
    note = pst.season_note(dt.datetime(2020, 7, 9, 7, 30))
    assert (
        note
        == "PST written for 2020-07-09, in summer time: read as Pacific time, UTC-07:00 that day"
    )


@pytest.mark.parametrize(
    ("text", "minutes_in_july"),
    [
        ("All times in CEST", 120),
        ("All times are in Central European Time (CET).", 120),
        ("Times in PST (UTC-7).", -420),  # the explicit offset wins over the name
        ("All times UTC+1 (Zurich time)", 60),  # so here too, though Zurich is on UTC+2 in July
        ("All times in GMT+2.", 120),
        ("All times in UC/Pacific", -420),
        ("All times are UTC.", 0),
    ],
)
def test_zones_stated_once(text: str, minutes_in_july: int) -> None:
    zone = stated_zone(text)
    assert zone is not None
    assert zone.offset_on(dt.datetime(2025, 7, 15, 12)) == dt.timedelta(minutes=minutes_in_july)


def test_an_explicit_offset_in_a_phrase_wins() -> None:
    assert zone_in_phrase("PST (UTC-7)").describe == "UTC-07:00"  # type: ignore[union-attr]
    assert zone_in_phrase("UTC+1 (Zurich time)").describe == "UTC+01:00"  # type: ignore[union-attr]


def test_ambiguous_abbreviations_say_how_they_were_read() -> None:
    assert "India Standard Time" in find_zone("IST").describe  # type: ignore[union-attr]
    assert "US Central" in find_zone("CST").describe  # type: ignore[union-attr]
    assert "Pacific time (America/Los_Angeles)" in find_zone("PST").describe  # type: ignore[union-attr]


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
        ("Date and Time in CET", "CET"),
        ("When (PST)", "PST"),
        ("Time (GMT+2)", "UTC+02:00"),
    ],
)
def test_stated_zones(text: str, label: str) -> None:
    zone = heading_zone(text)
    assert zone is not None and zone.label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Times are the alerting tool's, in Eastern time (EDT).", "Eastern time"),
        ("All times are from the paging tool, in PDT.", "PDT"),
        ("Times below are as shown by the paging tool, in EDT.", "EDT"),
    ],
)
def test_a_zone_stated_after_where_the_times_come_from(text: str, label: str) -> None:
    zone = stated_zone(text)
    assert zone is not None and zone.label == label


@pytest.mark.parametrize(
    "text",
    ["Response times are fine in EU regions", "Times were 300 ms in UTC", "Times out in ET"],
)
def test_words_about_times_that_name_no_zone_of_them(text: str) -> None:
    assert stated_zone(text) is None


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
        ("- 10:34 UTC: errors", None, dt.time(10, 34), "UTC", "errors"),
        ("* **14:05** pager fires", None, dt.time(14, 5), None, "pager fires"),
        ("16:22 PST: uploads fail", None, dt.time(16, 22), "PST", "uploads fail"),
        ("16:22 PST (UTC-7) uploads fail", None, dt.time(16, 22), "UTC-07:00", "uploads fail"),
        ("ca. 18:30 sync fails", None, dt.time(18, 30), None, "sync fails"),
        ("~13:30-13:45 logs read", None, dt.time(13, 30), None, "logs read"),
        ("17:14pm: follow-up", None, dt.time(17, 14), None, "follow-up"),
        ("4:19 export starts", None, dt.time(4, 19), None, "export starts"),
        ("14:?? scaled down", None, dt.time(14, 0), None, "scaled down"),
        ("07:30am - First report", None, dt.time(7, 30), None, "First report"),
        ("Sep 27 2017 13:06", dt.date(2017, 9, 27), dt.time(13, 6), None, ""),
        ("Tue 2023-09-12 ca. 13:50", dt.date(2023, 9, 12), dt.time(13, 50), None, ""),
        # "-ish" says "around": the zone after it is still the stamp's, not the event's text.
        ("11pm-ish UTC: volume detached", None, dt.time(23, 0), "UTC", "volume detached"),
        ("14:30ish - cache warmed", None, dt.time(14, 30), None, "cache warmed"),
        ("2023-05-02 approximately 6pm CET: x", dt.date(2023, 5, 2), dt.time(18, 0), "CET", "x"),
        # A 24-hour time without its colon, told a time by the zone or "hrs" after it.
        ("- 1405 UTC: lockers reject codes", None, dt.time(14, 5), "UTC", "lockers reject codes"),
        ("* 0930Z - alert fires", None, dt.time(9, 30), "UTC", "alert fires"),
        ("- 2210 hrs: gateway restarted", None, dt.time(22, 10), None, "gateway restarted"),
        ("- 06h12 – import finishes", None, dt.time(6, 12), None, "import finishes"),
        ("14h05 CEST : boards wrong", None, dt.time(14, 5), "CEST", "boards wrong"),
        # French rows: the time with spaces, or the hour alone, before the row's separator.
        ("- 14 h 09 — alerte déclenchée", None, dt.time(14, 9), None, "alerte déclenchée"),
        ("- 15h — service rétabli", None, dt.time(15, 0), None, "service rétabli"),
        ("15 h", None, dt.time(15, 0), None, ""),
        ("- 15 h : service rétabli", None, dt.time(15, 0), None, "service rétabli"),
        ("- vers 14h30 — retour arrière", None, dt.time(14, 30), None, "retour arrière"),
        ("- por volta das 14h40 — reversão", None, dt.time(14, 40), None, "reversão"),
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
    [
        "40,000 errors in an hour",
        "3 customers reported it",
        "Error rate rose",
        "v2.3.1 deployed",
        "1405 customers reported it",
        "2460 UTC",
        "1h15m to detect",
        "1h15 min to detect",
        # French lengths at a row's start: no separator follows them.
        "2 h 30 de panne au total",
        "2h de retard sur les envois",
        "2h: time to detect",
    ],
)
def test_lines_that_do_not_start_with_a_time(line: str) -> None:
    assert read_stamp(line, default_year=2025) is None


@pytest.mark.parametrize(
    "line",
    [
        "ca. 18:30 x",
        "~13:30-13:45 x",
        "14:?? x",
        "Tue 2023-09-12 ca. 13:50",
        "11pm-ish UTC: x",
        "14:30 ish x",
        "2023-05-02 roughly 14:30 x",
        "vers 14h30 — x",
    ],
)
def test_approximate_times_are_marked(line: str) -> None:
    stamp = read_stamp(line, default_year=2025)
    assert stamp is not None and stamp.approximate


@pytest.mark.parametrize("text", ["2024-03-13 HH:mm", "hh:mm", "{{ hh:mm }}", "[Time]", "XX:XX"])
def test_template_placeholders_for_times(text: str) -> None:
    assert PLACEHOLDER_TIME.search(text)


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


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("about two hours", 120),
        ("Outage length: roughly ninety minutes", 90),
        ("an hour and a half", 90),
        ("half an hour", 30),
        ("three days", 3 * 24 * 60),
        ("a couple of hours", 120),
        ("twenty-five minutes", 25),
        ("one day and six hours", 30 * 60),
        ("an hour", 60),
    ],
)
def test_durations_in_words(text: str, minutes: int) -> None:
    assert parse_duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["n/a", "unknown", "see timeline", "a few hours", "one of the two queue workers"]
)
def test_text_without_a_duration(text: str) -> None:
    assert parse_duration(text) is None


def test_time_window_with_and() -> None:
    start, end, zone = find_time_range("between 14:52 and 15:58 UTC")  # type: ignore[misc]
    assert (start, end, zone.label if zone else None) == (dt.time(14, 52), dt.time(15, 58), "UTC")


def test_time_window() -> None:
    start, end, zone = find_time_range("1h 35min (10:05 - 11:40 UTC)")  # type: ignore[misc]
    assert (start, end, zone.label if zone else None) == (dt.time(10, 5), dt.time(11, 40), "UTC")


@pytest.mark.parametrize(
    ("line", "day", "clock"),
    [
        ("19-08-2024 - Build agents could not start", dt.date(2024, 8, 19), None),
        ("* 19-08-2024 07:45 - Teams report", dt.date(2024, 8, 19), dt.time(7, 45)),
        ("- **21-01-2026 10:00 UTC** – Webhook calls fail", dt.date(2026, 1, 21), dt.time(10)),
        ("31-05-2025 13:44 – rollout of 2025.5 began.", dt.date(2025, 5, 31), dt.time(13, 44)),
    ],
)
def test_dashed_day_first_dates_are_dates(line: str, day: dt.date, clock: dt.time | None) -> None:
    stamp = read_stamp(line, default_year=None)
    assert stamp is not None and (stamp.day, stamp.clock) == (day, clock)
    assert find_date(line, default_year=None) == (day, True)


@pytest.mark.parametrize(
    ("line", "day", "clock"),
    [
        ("| 11/Jun/24 2:05 PM | Workers stop taking jobs |", dt.date(2024, 6, 11), dt.time(14, 5)),
        ("- 03-Feb-2025 09:40 - Queue alert fires", dt.date(2025, 2, 3), dt.time(9, 40)),
        ("28/Jun/24", dt.date(2024, 6, 28), None),
    ],
)
def test_a_month_name_between_day_and_year_is_a_date(
    line: str, day: dt.date, clock: dt.time | None
) -> None:
    # Jira and spreadsheet exports: "11/Jun/24" has its year, two digits as it is.
    stamp = read_stamp(line.strip("| "), default_year=2000)
    assert stamp is not None and (stamp.day, stamp.clock, stamp.year_given) == (day, clock, True)
    assert find_date(line, default_year=None) == (day, True)


def test_a_report_dated_only_in_jira_stamps_is_imported() -> None:
    text = (
        "# Exports stuck\n\n## Timeline (UTC)\n\n| When | What |\n|---|---|\n"
        "| 11/Jun/24 2:05 PM | Export workers stop taking jobs |\n"
        "| 11/Jun/24 2:48 PM | Config reverted; workers take jobs again |\n\n"
        "## Follow-ups\n\n| Summary | Assignee | Due date |\n|---|---|---|\n"
        "| Validate worker config | reporting-team | 28/Jun/24 |\n"
    )
    draft = draft_from_markdown(text.encode(), "exports.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.started == dt.datetime(2024, 6, 11, 14, 5, tzinfo=UTC)
    assert draft.timeline["mitigated"].value == dt.datetime(2024, 6, 11, 14, 48, tzinfo=UTC)
    assert draft.action_items[0].due.value == dt.date(2024, 6, 28)
    assert draft.action_items[0].due.how == "found"


@pytest.mark.parametrize(
    "text",
    [
        "moved from 2.3.17.0 to 2.3.19.1",
        "2.3.17.0 was rolled out",
        "upgraded to v1.20.3",
        "4.12.31.0",
    ],
)
def test_a_dotted_version_is_never_a_date(text: str) -> None:
    assert find_date(text, default_year=None) is None
    assert read_stamp(text, default_year=None) is None


@pytest.mark.parametrize(
    ("text", "day_first"),
    [
        # The same day written with its month's name tells the order.
        ("# 04-03-2026 - x\n\nOn 4 March the queue stalled.", True),
        ("# 03-04-2026 - x\n\nOn 4 March the queue stalled.", False),
        ("# 06-11-2023 - x\n\n* 11:10 6th Nov 2023 - merged", True),
        # So does the same day written year first, as a file name or a title writes it.
        ("# 2024-08-03 Proxy down\n\nFriday 03-08-2024, around 16:40 it stopped.", True),
        ("# 2024-03-08 Proxy down\n\nFriday 03-08-2024, around 16:40 it stopped.", False),
        # A date that reads one way only tells it too; nothing tells: None.
        ("08-01-2026 and 21-01-2026", True),
        ("# 04-03-2026 - x\n\nOn 28 November 2025 a chart changed.", None),
        # Dates written with dots are written day first; slashes alone tell nothing.
        ("Date: 02.05.2024\n\n- 03.05.2024 00:09 support reports", True),
        ("Date: 02/05/2024", None),
        ("Date: 02.05.2024, 05/02/2024 in the ticket", None),
    ],
)
def test_the_order_of_dates_that_read_both_ways(text: str, day_first: bool | None) -> None:
    assert numeric_date_order(text) is day_first


@pytest.mark.parametrize(
    "text",
    ["- 2024-05-02T09:32:11Z – Export requests time out", "created: 2024-05-02T10:15:00+02:00"],
)
def test_an_iso_date_joined_to_its_time_is_found_anywhere(text: str) -> None:
    # The "T" of ISO 8601 is no letter of a longer word: the date before it is a date.
    assert find_date(text, default_year=None) == (dt.date(2024, 5, 2), True)


def test_a_timeline_of_iso_stamps_dates_the_incident() -> None:
    text = (
        "# Report exports timing out\n\n## Timeline\n\n"
        "- 2024-05-02T09:32:11Z – Export requests time out.\n"
        "- 2024-05-02T09:35:42Z – Latency alert fires.\n"
    )
    draft = draft_from_markdown(text.encode(), "exports.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.timeline["started"].value == dt.datetime(2024, 5, 2, 9, 32, 11, tzinfo=UTC)


# Each zone written out in full beside the abbreviation the zone table knows it by.
FULL_NAMES = [
    ("Japan Standard Time", "JST"),
    ("Korea Standard Time", "KST"),
    ("Korean Standard Time", "KST"),
    ("India Standard Time", "IST"),
    ("Indian Standard Time", "IST"),
    ("Singapore Standard Time", "SGT"),
    ("Hong Kong Time", "HKT"),
    ("Moscow Standard Time", "MSK"),
    ("Australian Western Standard Time", "AWST"),
    ("Australian Central Standard Time", "ACST"),
    ("Australian Eastern Standard Time", "AEST"),
    ("Australian Eastern Daylight Time", "AEDT"),
    ("Hawaii Standard Time", "HST"),
    ("Brasilia Time", "BRT"),
    ("Korea time", "KST"),
    ("Alaska Standard Time", "AKST"),
    ("Alaska Daylight Time", "AKDT"),
    ("New Zealand Standard Time", "NZST"),
    ("New Zealand Daylight Time", "NZDT"),
]


@pytest.mark.parametrize(("name", "abbreviation"), FULL_NAMES)
def test_a_zone_written_out_in_full_reads_as_its_abbreviation(name: str, abbreviation: str) -> None:
    """A fixed abbreviation's full name is that fixed offset; a region's follows the region
    as its abbreviation does, "Australian Eastern Standard Time" in January included."""
    full, short = find_zone(name), find_zone(abbreviation)
    assert full is not None and short is not None
    assert type(full.tz) is type(short.tz) and full.summer == short.summer
    for day in (dt.datetime(2025, 1, 15, 12), dt.datetime(2025, 7, 15, 12)):
        assert full.offset_on(day) == short.offset_on(day)
    assert full.label == name and name in full.describe
    # The same in a heading, in a stated zone and after a time stamp, however it is cased.
    for found in (
        heading_zone(f"Timeline ({name})"),
        stated_zone(f"All times in {name.lower()}."),
        read_stamp(f"14:05 {name} - Pager fires", default_year=2025).zone,  # type: ignore[union-attr]
    ):
        assert found is not None and found.offset_on(dt.datetime(2025, 1, 15, 12)) == (
            short.offset_on(dt.datetime(2025, 1, 15, 12))
        )


@pytest.mark.parametrize(("name", "abbreviation"), FULL_NAMES)
def test_a_report_in_a_zone_written_out_in_full_dates_its_rows_as_the_abbreviation(
    name: str, abbreviation: str
) -> None:
    def started(zone: str) -> dt.datetime:
        text = (
            f"# Ledger sync outage\n\n## Timeline ({zone})\n\n"
            "- 2025-01-20 08:40 Ledger sync starts failing\n"
            "- 2025-01-20 09:49 Ledger sync works again\n"
        )
        draft = draft_from_markdown(text.encode(), "ledger.md", MarkdownOptions(corpus_taxonomy()))
        return draft.timeline["started"].value  # type: ignore[no-any-return]

    assert started(name) == started(abbreviation) != started("UTC")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Chinese, Japanese and Korean write brackets full-width.
        ("時系列（JST）", "JST"),
        ("時刻（JST）", "JST"),
        ("时间线（UTC+8）", "UTC+08:00"),
        ("타임라인（KST）", "KST"),
        ("時系列（日本時間）", "日本時間"),
    ],
)
def test_a_zone_in_full_width_brackets_is_the_headings(text: str, label: str) -> None:
    zone = heading_zone(text)
    assert zone is not None and zone.label == label


# Zones named in words, in the languages that name them so, with the zone they are read as.
WORDED_ZONES = [
    ("日本時間", "Asia/Tokyo"),
    ("日本標準時", "Asia/Tokyo"),
    ("韓国時間", "Asia/Seoul"),
    ("한국 시간", "Asia/Seoul"),
    ("한국시간", "Asia/Seoul"),
    ("中国标准时间", "Asia/Shanghai"),
    ("北京時間", "Asia/Shanghai"),
    ("台北時間", "Asia/Taipei"),
    ("台湾时间", "Asia/Taipei"),
    ("hora de Brasília", "America/Sao_Paulo"),
    ("horário de Brasília", "America/Sao_Paulo"),
    ("hora peninsular", "Europe/Madrid"),
    ("hora de Madrid", "Europe/Madrid"),
    ("hora de Lisboa", "Europe/Lisbon"),
    ("hora de Ciudad de México", "America/Mexico_City"),
    ("heure de Paris", "Europe/Paris"),
    ("deutsche Zeit", "Europe/Berlin"),
    ("deutscher Zeit", "Europe/Berlin"),
]


@pytest.mark.parametrize(("name", "region"), WORDED_ZONES)
def test_a_zone_named_in_words_reads_as_its_region(name: str, region: str) -> None:
    zone = find_zone(name)
    assert zone is not None and zone.label == name
    for day in (dt.datetime(2025, 1, 15, 12), dt.datetime(2025, 7, 15, 12)):
        expected = day.replace(tzinfo=ZoneInfo(region)).utcoffset()
        assert zone.offset_on(day) == expected
        # The same in a heading, in ASCII or full-width brackets, and in a phrase.
        for found in (
            heading_zone(f"Timeline ({name})"),
            heading_zone(f"時系列（{name}）"),
            zone_in_phrase(f"14:02 {name}"),
        ):
            assert found is not None and found.offset_on(day) == expected


@pytest.mark.parametrize(
    ("line", "region"),
    [
        # Written with no space around the name, as these languages are.
        ("すべての時刻は日本時間です。", "Asia/Tokyo"),
        ("时间均为台北時間。", "Asia/Taipei"),
        ("모든 시간은 한국시간.", "Asia/Seoul"),
        # "시각" (a time of day) as often as "시간", with "기준" (on the basis of) after the zone.
        ("모든 시각은 KST 기준입니다.", "Asia/Seoul"),
        ("Todas las horas en hora de Madrid.", "Europe/Madrid"),
        ("Todas las horas en hora peninsular.", "Europe/Madrid"),
        ("Alle Zeiten in deutscher Zeit.", "Europe/Berlin"),
        ("Toutes les heures sont en heure de Paris.", "Europe/Paris"),
    ],
)
def test_a_zone_named_in_words_is_stated_in_a_sentence(line: str, region: str) -> None:
    zone = stated_zone(line)
    day = dt.datetime(2025, 7, 15, 12)
    assert (
        zone is not None and zone.offset_on(day) == day.replace(tzinfo=ZoneInfo(region)).utcoffset()
    )


@pytest.mark.parametrize(
    ("timeline", "header"),
    [
        ("## 時系列（JST）", "| 時刻 | 内容 |"),
        ("## 時系列", "| 時刻（JST） | 内容 |"),
        ("## 時系列（日本時間）", "| 時刻 | 内容 |"),
    ],
)
def test_a_timeline_in_a_zone_in_full_width_brackets_is_converted(
    timeline: str, header: str
) -> None:
    text = (
        f"# 台帳の障害\n\n**日付**: 2024-03-12\n\n{timeline}\n\n{header}\n| --- | --- |\n"
        "| 14:02 | 台帳APIがエラーを返し始めた |\n| 15:10 | 台帳APIが復旧した |\n"
    )
    draft = draft_from_markdown(text.encode(), "ledger.md", MarkdownOptions(corpus_taxonomy()))
    # JST is UTC+9: never the 14:02 of a UTC guess.
    assert draft.timeline["started"].value == dt.datetime(2024, 3, 12, 5, 2, tzinfo=UTC)
    assert "no time zone in the source" not in draft.timeline["started"].note


@pytest.mark.parametrize(
    "text", ["2024年3月12日 14:02 から", "2024年03月12日", "2024년 3월 12일 14:02부터"]
)
def test_a_date_written_with_year_month_and_day_words(text: str) -> None:
    assert find_date(text, default_year=None) == (dt.date(2024, 3, 12), True)


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        ("| Hora (CET) | Evento |", ("| 10:20 | Las reservas fallan |", "| 11:05 | Vuelven |")),
        ("| Evento | Hora (CET) |", ("| Las reservas fallan | 10:20 |", "| Vuelven | 11:05 |")),
        (
            "| Heure (CET) | Événement |",
            ("| 10:20 | Les réservations échouent |", "| 11:05 | OK |"),
        ),
        ("| 発生時刻（JST） | 内容 |", ("| 18:20 | 予約が失敗する |", "| 19:05 | 復旧 |")),
    ],
)
def test_a_time_column_headed_in_another_language_gives_its_zone(
    header: str, rows: tuple[str, str]
) -> None:
    text = (
        f"# Room booking outage\n\n**Date:** 2025-02-11\n\n## Timeline\n\n{header}\n| --- | --- |\n"
        + "\n".join(rows)
        + "\n"
    )
    draft = draft_from_markdown(text.encode(), "rooms.md", MarkdownOptions(corpus_taxonomy()))
    # CET is UTC+1 in February, JST UTC+9: 09:20 UTC either way.
    assert draft.timeline["started"].value == dt.datetime(2025, 2, 11, 9, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "day", "year_given"),
    [
        ("2024年4月30日", dt.date(2024, 4, 30), True),
        ("2024年04月30日 14:00", dt.date(2024, 4, 30), True),
        ("２０２４年４月３０日", dt.date(2024, 4, 30), True),  # full-width digits
        ("2024년 4월 30일", dt.date(2024, 4, 30), True),
        ("3月12日", dt.date(2023, 3, 12), False),
        ("期限: 2024年4月30日", dt.date(2024, 4, 30), True),
        ("障害は2024年3月12日の14:02に発生した", dt.date(2024, 3, 12), True),  # no spaces
        ("12 de marzo de 2024", dt.date(2024, 3, 12), True),
        ("30 de abril", dt.date(2023, 4, 30), False),
        ("12 mars 2024", dt.date(2024, 3, 12), True),
        ("1er avril 2024", dt.date(2024, 4, 1), True),
        ("12. März 2024", dt.date(2024, 3, 12), True),
        ("am 3. Juni fiel der Dienst aus", dt.date(2023, 6, 3), False),
        ("12 de março de 2024", dt.date(2024, 3, 12), True),
    ],
)
def test_dates_written_in_other_languages_are_read(
    text: str, day: dt.date, year_given: bool
) -> None:
    assert find_date(text, default_year=2023) == (day, year_given)
    # The day and month of these forms read one way only, whatever the report's order.
    assert find_date(text, default_year=2023, day_first=True) == (day, year_given)


@pytest.mark.parametrize(
    "text",
    [
        "Mars rollout paused",  # a month's name with no day next to it is no date
        "Mai release train",
        "2024年3月の定期メンテナンス",  # a month, no day
        "13月12日",
        "mais de 12 mais",
    ],
)
def test_month_words_of_other_languages_without_a_day_are_no_date(text: str) -> None:
    assert find_date(text, default_year=2023) is None


@pytest.mark.parametrize(
    ("line", "day", "clock", "rest", "year_given"),
    [
        (
            "2024年3月12日 14:02 エラー率が上昇",
            dt.date(2024, 3, 12),
            dt.time(14, 2),
            "エラー率が上昇",
            True,
        ),
        (
            "3月12日 14:02 エラー率が上昇",
            dt.date(2023, 3, 12),
            dt.time(14, 2),
            "エラー率が上昇",
            False,
        ),
        (
            "- 2024년 3월 12일 14:02 오류 증가",
            dt.date(2024, 3, 12),
            dt.time(14, 2),
            "오류 증가",
            True,
        ),
        (
            "12 de marzo de 2024 a las 14:02 — sube la tasa de errores",
            dt.date(2024, 3, 12),
            dt.time(14, 2),
            "sube la tasa de errores",
            True,
        ),
        (
            "12. März 2024, 14:02 Uhr – Fehlerrate steigt",
            dt.date(2024, 3, 12),
            dt.time(14, 2),
            "Fehlerrate steigt",
            True,
        ),
        ("1er avril 2024 09:30 : alerte", dt.date(2024, 4, 1), dt.time(9, 30), "alerte", True),
    ],
)
def test_rows_dated_in_other_languages_give_their_day_and_time(
    line: str, day: dt.date, clock: dt.time, rest: str, year_given: bool
) -> None:
    stamp = read_stamp(line, default_year=2023)
    assert stamp is not None
    assert (stamp.day, stamp.clock, stamp.rest, stamp.year_given) == (day, clock, rest, year_given)


def test_english_month_names_read_as_before() -> None:
    # The other languages' names are read beside the English ones, never instead of them.
    assert read_date("12 April 2024", default_year=None) == (dt.date(2024, 4, 12), True)
    assert read_date("Mar 12", default_year=2024) == (dt.date(2024, 3, 12), False)
    stamp = read_stamp("Mar 12 14:02 Error rate climbs", default_year=2024)
    assert stamp is not None and (stamp.day, stamp.clock) == (dt.date(2024, 3, 12), dt.time(14, 2))


def test_a_german_report_dated_in_words_gives_its_rows_and_due_dates() -> None:
    text = """# Ausfall der Paketverfolgung

**Datum:** 12. März 2024

## Zeitlicher Ablauf

Alle Zeiten in UTC.

- 12. März 2024 09:05 – Neue Version der Paketverfolgung wird ausgerollt
- 09:12 – Ein Alarm meldet steigende Fehlerraten
- 09:40 – Rollback abgeschlossen, die Fehlerrate ist wieder normal

## Maßnahmen

- Lasttest vor jedem Rollout (Verantwortlich: Team Logistik, Frist: 30. April 2024)
"""
    draft = draft_from_markdown(text.encode(), "tracking.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.timeline["started"].value == dt.datetime(2024, 3, 12, 9, 5, tzinfo=UTC)
    assert draft.action_items[0].due.value == dt.date(2024, 4, 30)
    assert draft.action_items[0].due.how == "found"


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        # Chinese, Japanese and Korean write a time with its words as often as with a colon.
        ("9時40分", dt.time(9, 40)),
        ("14時05分30秒", dt.time(14, 5, 30)),
        ("14点05分", dt.time(14, 5)),
        ("14时05分", dt.time(14, 5)),
        ("9시 40분", dt.time(9, 40)),
        ("14時", dt.time(14, 0)),
        ("14点半", dt.time(14, 30)),
        ("午後2時10分", dt.time(14, 10)),
        ("下午2点15分", dt.time(14, 15)),
        ("오후 2시", dt.time(14, 0)),
        ("午前12時5分", dt.time(0, 5)),
    ],
)
def test_a_time_written_with_its_words_is_read_as_a_clock(text: str, clock: dt.time) -> None:
    assert read_clock(text) == clock
    stamp = read_stamp(f"{text} 监控告警", default_year=2024)
    assert stamp is not None and stamp.clock == clock and stamp.rest == "监控告警"


@pytest.mark.parametrize(
    "line",
    [
        "2時間後に復旧",  # two hours later: a length
        "3小时内完成回滚",  # within three hours
        "3点建议：增加告警",  # three suggestions
        "9시간 동안 지연",  # nine hours
    ],
)
def test_a_length_or_a_count_written_with_the_same_words_is_no_time(line: str) -> None:
    stamp = read_stamp(line, default_year=2024)
    assert stamp is None or stamp.clock is None


def test_a_zone_in_full_width_brackets_after_a_time_is_its_zone() -> None:
    stamp = read_stamp("2024年5月20日 10時25分（日本時間） 復旧を確認", default_year=2024)
    assert stamp is not None and stamp.zone is not None
    assert stamp.zone.offset_on(dt.datetime(2024, 5, 20, 10)) == dt.timedelta(hours=9)
    assert stamp.rest == "復旧を確認"


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("约 25 分钟", dt.timedelta(minutes=25)),
        ("约25分钟后恢复", dt.timedelta(minutes=25)),  # the next word joined to the unit
        ("1小时20分钟", dt.timedelta(hours=1, minutes=20)),
        ("約25分間", dt.timedelta(minutes=25)),
        ("1時間20分後に復旧", dt.timedelta(hours=1, minutes=20)),
        ("약 25분", dt.timedelta(minutes=25)),
        ("1시간 20분", dt.timedelta(hours=1, minutes=20)),
        ("unos 25 minutos", dt.timedelta(minutes=25)),
        ("1 hora y 20 minutos", dt.timedelta(hours=1, minutes=20)),
        ("3 heures", dt.timedelta(hours=3)),
        ("1 Stunde 20 Minuten", dt.timedelta(hours=1, minutes=20)),
        ("3 días", dt.timedelta(days=3)),
    ],
)
def test_a_length_written_in_another_language_is_read(text: str, length: dt.timedelta) -> None:
    assert parse_duration(text) == length


@pytest.mark.parametrize("text", ["14点05分", "3日", "5 ms"])
def test_a_time_of_day_or_a_day_of_the_month_is_no_length(text: str) -> None:
    assert parse_duration(text) is None


def test_a_stated_length_in_chinese_ends_the_incident_as_an_english_one_does() -> None:
    def resolved(facts: str) -> object:
        text = f"# Payment callbacks delayed\n\n{facts}\n\n## Impact\n\nCallbacks were late.\n"
        draft = draft_from_markdown(
            text.encode(), "callbacks.md", MarkdownOptions(corpus_taxonomy())
        )
        return draft.timeline["resolved"].value

    chinese = resolved("日期：2024-06-03\n发生时间：14:05（北京时间）\n持续时间：约 25 分钟")
    english = resolved("Date: 2024-06-03\nStart: 06:05 UTC\nDuration: 25 minutes")
    assert chinese == english == dt.datetime(2024, 6, 3, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("row", "hour"),
    [
        ("- noon – Incident reviewed and closed.", 12),
        ("- 12 noon: Incident reviewed and closed.", 12),
        ("- Midday - Incident reviewed and closed.", 12),
        ("- midnight – Caches flushed.", 0),
        ("- 12 midnight CDT – Caches flushed.", 0),
    ],
)
def test_noon_and_midnight_alone_before_a_row_are_its_time(row: str, hour: int) -> None:
    stamp = read_stamp(row, default_year=2025)
    assert stamp is not None and stamp.clock == dt.time(hour, 0)
    assert stamp.rest.split()[0] in ("Incident", "Caches")


@pytest.mark.parametrize(
    "row", ["- Midnight batch failed to start.", "- Noon traffic peak doubled the load."]
)
def test_noon_or_midnight_that_starts_the_event_is_no_time(row: str) -> None:
    assert read_stamp(row, default_year=2025) is None


def test_a_noon_row_after_midnight_closes_the_incident_the_next_day() -> None:
    text = (
        "# Card payments declined\n\n**Date:** 2025-10-07\n\n## Timeline\n\n"
        "All times UTC.\n\n"
        "- 10:48 p.m. – Card payments start failing.\n"
        "- 12:10 a.m. – Card payments succeed again.\n"
        "- noon – Incident reviewed with the payments team and closed.\n"
    )
    draft = draft_from_markdown(text.encode(), "report.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.timeline["resolved"].value == dt.datetime(
        2025, 10, 8, 12, 0, tzinfo=dt.timezone.utc
    )
