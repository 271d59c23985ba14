"""Zones that sources declare in their common spellings ("**Timezone**: CET",
"_All times in EDT_", "(all times PDT)") are read, and govern the times they are written for;
a ``--timezone`` that disagrees with the source's zone is reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown
from pmkb.importers.zones import find_zone, stated_zone

from tests.importers.conftest import CORPUS, corpus_taxonomy, run_cli
from tests.importers.test_timeline_rows import draft, table_lines


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("**Timezone**: CET", "CET"),
        ("Time zone: UTC+1", "UTC+01:00"),
        ("_All times in EDT_", "EDT"),
        ("Times are in Pacific Time", "Pacific Time"),
        ("(all times PDT)", "PDT"),
        # Reports written in other languages state their zone in their own words.
        ("Todas las horas en CET.", "CET"),
        ("Toutes les heures sont en UTC.", "UTC"),
        ("Alle Zeiten in MESZ (UTC+2).", "UTC+02:00"),
        ("时间均为 UTC+8。", "UTC+08:00"),
        ("すべての時刻は JST。", "JST"),
        ("**时区**：UTC+8", "UTC+08:00"),
        # "All" after the word for times, as these languages may also put it.
        ("時刻はすべて日本時間です。", "日本時間"),
        ("時刻は全て JST。", "JST"),
        ("시간은 모두 KST 기준입니다.", "KST"),
        ("时间全部为北京时间。", "北京时间"),
        ("时间统一为 UTC+8。", "UTC+08:00"),
    ],
)
def test_zones_declared_in_common_spellings(line: str, label: str) -> None:
    zone = stated_zone(line)
    assert zone is not None and zone.label == label


@pytest.mark.parametrize("line", ["時刻はすべて概算です。", "时间全部记录在工单里。"])
def test_all_after_the_word_for_times_without_a_zone_states_none(line: str) -> None:
    # "Times are all approximate", "times are all in the ticket": no zone follows "all".
    assert stated_zone(line) is None


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


QUEUE = (
    "# Checkout queue stalled\n\n{date_line}\n\n## Timeline\n\n{stated}"
    "- 14:05 Queue depth starts climbing\n- 14:12 Alert fires for the queue depth\n"
    "- 14:40 Workers restarted; queue drains\n\n## Action items\n\n- [ ] Alert on heartbeats\n"
)


def draft_in(text: str, zone: str | None):  # type: ignore[no-untyped-def]
    return draft_from_markdown(
        text.encode(),
        "queue.md",
        MarkdownOptions(corpus_taxonomy(), zone=find_zone(zone) if zone else None),
    )


def zone_todos(made) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in made.body.splitlines() if "zone" in line and "TODO" in line]


def test_a_timezone_option_over_a_date_line_naming_another_zone_says_so() -> None:
    text = QUEUE.format(date_line="**Date:** 2024-03-04 (PST)", stated="")
    made = draft_in(text, "UTC")
    date_on = text.splitlines().index("**Date:** 2024-03-04 (PST)") + 1
    # The command line wins over the zone the date line names: 14:05 read as UTC...
    assert f"{made.timeline['started'].value:%Y-%m-%d %H:%M}" == "2024-03-04 14:05"
    # ...and both the report and the draft's opening notes name both zones and the line.
    said = [note for note in made.notes if "--timezone" in note]
    assert len(said) == 1
    assert "PST" in said[0] and "UTC" in said[0] and f"(line {date_on})" in said[0]
    [todo] = zone_todos(made)
    assert todo.startswith("> TODO: ") and "PST" in todo and "--timezone gave UTC" in todo


def test_a_timezone_option_under_a_stated_zone_says_the_source_won() -> None:
    text = QUEUE.format(date_line="**Date:** 2024-03-04", stated="Times in CET\n\n")
    made = draft_in(text, "PST")
    stated_on = text.splitlines().index("Times in CET") + 1
    # "Times in CET" wins, as before: 14:05 CET is 13:05 UTC.
    assert f"{made.timeline['started'].value:%Y-%m-%d %H:%M}" == "2024-03-04 13:05"
    said = [note for note in made.notes if "--timezone" in note]
    assert (
        len(said) == 1 and "CET" in said[0] and "PST" in said[0] and f"line {stated_on} " in said[0]
    )
    [todo] = zone_todos(made)
    assert "CET" in todo and "--timezone gave PST" in todo


@pytest.mark.parametrize(
    ("date_line", "stated", "zone"),
    [
        ("**Date:** 2024-03-04 (PST)", "", "America/Los_Angeles"),  # the same zone, other name
        ("**Date:** 2024-03-04 (UTC)", "", "UTC"),
        ("**Date:** 2024-03-04", "Times in CET\n\n", "UTC+1"),  # the same offset that day
        ("**Date:** 2024-03-04", "", "PST"),  # the source names no zone
        ("**Date:** 2024-03-04 (PST)", "", None),  # no --timezone
        ("**Date:** 2024-03-04", "Times in CET\n\n", None),
    ],
)
def test_no_note_when_the_zones_agree_or_only_one_is_given(
    date_line: str, stated: str, zone: str | None
) -> None:
    made = draft_in(QUEUE.format(date_line=date_line, stated=stated), zone)
    assert not [note for note in made.notes if "--timezone" in note]
    assert "--timezone" not in made.body


def test_the_printed_report_names_both_zones(tmp_path: Path) -> None:
    source = tmp_path / "queue.md"
    source.write_text(QUEUE.format(date_line="**Date:** 2024-03-04 (PST)", stated=""))
    result = run_cli(
        "import", "markdown", str(source), "--out", str(tmp_path / "out"),
        "--taxonomy", str(CORPUS / "taxonomy.yml"), "--timezone", "UTC",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "--timezone gave UTC, but the source's" in result.output
    assert "names PST" in result.output
    [draft] = (tmp_path / "out").rglob("*.md")
    assert "> TODO: Check the timeline's zone: --timezone gave UTC" in draft.read_text()


ZONED_TABLE = (
    "# Checkout queue stalled\n\n**Date:** 2024-03-04\n\n## {heading}\n\n"
    "| {time_header} | Event |\n|---|---|\n| 14:05 | Queue depth starts climbing |\n"
    "| 14:40 | Workers restarted; queue drains |\n\n## Action items\n\n- [ ] Alert on heartbeats\n"
)


@pytest.mark.parametrize(
    ("heading", "time_header", "named", "utc"),
    [
        ("Timeline", "When (PST)", "PST", "22:05"),
        ("Timeline", "Date (CEST)", "CEST", "13:05"),  # CEST on 4 March is read as CET
        ("Timeline", "Uhrzeit (CET)", "CET", "13:05"),
        ("Timeline (PST)", "Time", "PST", "22:05"),  # the timeline's heading names it
    ],
)
def test_a_timezone_option_under_a_zone_in_the_timelines_headings_says_the_source_won(
    heading: str, time_header: str, named: str, utc: str
) -> None:
    text = ZONED_TABLE.format(heading=heading, time_header=time_header)
    made = draft_in(text, "UTC")
    # The zone the heading names wins over --timezone, as before: only the note is new.
    assert f"{made.timeline['started'].value:%H:%M}" == utc
    assert made.timeline["started"].value == draft_in(text, None).timeline["started"].value
    where = heading if named in heading else time_header
    where_on = next(n for n, line in enumerate(text.splitlines(), 1) if where in line)
    said = [note for note in made.notes if "--timezone" in note]
    assert len(said) == 1
    assert f'"{where}" (line {where_on}) states {named}' in said[0]
    assert "--timezone gave UTC" in said[0] and f"read as {named}, as the source states" in said[0]
    # (CEST in March has a TODO of its own, about daylight saving.)
    [todo] = [line for line in zone_todos(made) if "--timezone" in line]
    assert todo.startswith("> TODO: ") and named in todo and "--timezone gave UTC" in todo


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "PST", None])
def test_no_note_when_a_column_headers_zone_and_the_option_agree(zone: str | None) -> None:
    made = draft_in(ZONED_TABLE.format(heading="Timeline", time_header="When (PST)"), zone)
    assert not [note for note in made.notes if "--timezone" in note]
    assert "--timezone" not in made.body


def _export_report(summary: str, rows: str = "") -> str:
    return (
        "# Ledger export stalled\n\n**Date:** 2024-02-07\n\n## Summary\n\n"
        f"{summary}\n\n## Timeline\n\n"
        + (
            rows
            or "- 03:40 \u2014 Export job stops writing rows\n"
            "- 03:52 \u2014 Alert fires for export lag\n"
            "- 04:13 \u2014 Export complete again\n"
        )
        + "\n## Action items\n\n- [ ] Add a watchdog to the exporter\n"
    )


@pytest.mark.parametrize(
    ("sentence", "offset"),
    [
        ("Service was restored at 04:13 mountain time after a restart.", 7),  # MST in February
        ("The export lag alert fired at 3:52 a.m. Eastern and paged the ledger team.", 5),
        ("Rows were flowing again by 04:13 MST.", 7),
    ],
)
def test_a_zone_given_in_one_sentence_is_the_zone_of_the_bare_rows(
    sentence: str, offset: int
) -> None:
    made = draft(_export_report(sentence))
    assert f"{made.timeline['started'].value:%H:%M}" == f"{3 + offset:02d}:40"
    assert f"{made.timeline['mitigated'].value:%H:%M}" == f"{4 + offset:02d}:13"
    # The reader is told where the zone came from, as for a zone a field names.
    assert any(
        note.startswith("times without a zone read as") and "(line 7)" in note
        for note in made.notes
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # Two zones named: neither is the rows'; the report says so.
        "The alert fired at 03:52 MST; the vendor answered at 06:10 EST.",
        # Only a quoted log line carries the zone.
        'The exporter logged "stalled at 03:40 MST" and then nothing.',
        # Another event's time, which no row gives: the partner's cut-over.
        "The partner bank switched its feed at 02:00 CET, an hour before.",
        # "Central" alone is US or European time.
        "Service was restored at 04:13 Central.",
        # A zone outside the US and Europe written as a name.
        "Service was restored at 04:13 Tokyo time.",
    ],
)
def test_a_zone_in_a_sentence_that_may_be_anothers_leaves_the_rows_in_utc(sentence: str) -> None:
    made = draft(_export_report(sentence))
    assert f"{made.timeline['started'].value:%H:%M}" == "03:40"
    assert not any(note.startswith("times without a zone read as") for note in made.notes)


def test_two_zones_in_sentences_are_reported() -> None:
    made = draft(_export_report("The alert fired at 03:52 MST; the vendor answered at 06:10 EST."))
    assert any(
        "more than one zone" in note and '"03:52 MST" (line 7)' in note for note in made.notes
    )


def test_rows_with_a_zone_of_their_own_are_not_given_a_sentences_zone() -> None:
    rows = "- 03:40 UTC \u2014 Export job stops\n- 04:13 \u2014 Export complete again\n"
    made = draft(_export_report("Service was restored at 04:13 mountain time.", rows))
    assert f"{made.timeline['started'].value:%H:%M}" == "03:40"


@pytest.mark.parametrize(
    ("written", "offset"),
    [
        ("CAT", "UTC+02:00"),
        ("EAT", "UTC+03:00"),
        ("WAT", "UTC+01:00"),
        ("SAST", "UTC+02:00"),
        ("GST", "UTC+04:00"),
        ("PKT", "UTC+05:00"),
        ("NPT", "UTC+05:45"),
        ("ICT", "UTC+07:00"),
        ("WIB", "UTC+07:00"),
        ("PHT", "UTC+08:00"),
        ("East Africa Time", "UTC+03:00"),
        ("West Africa Time", "UTC+01:00"),
        ("Central Africa Time", "UTC+02:00"),
        ("South Africa Standard Time", "UTC+02:00"),
        ("Gulf Standard Time", "UTC+04:00"),
    ],
)
def test_zones_of_africa_and_asia_are_read_at_their_fixed_offset(written: str, offset: str) -> None:
    made = draft(
        "# Ride booking errors on 4 June 2025\n\n"
        f"## Timeline (all times {written})\n\n"
        "- 10:05 Booking errors climb\n- 10:45 Booking errors back to their usual level\n"
    )
    hours, minutes = int(offset[4:6]), int(offset[7:9])
    expected = dt.datetime(2025, 6, 4, 10, 5) - dt.timedelta(hours=hours, minutes=minutes)
    assert f"{made.timeline['started'].value:%Y-%m-%d %H:%M}" == f"{expected:%Y-%m-%d %H:%M}"
    assert "states no time zone" not in made.body


def test_an_abbreviation_that_is_also_a_word_opens_the_event_when_words_follow_it() -> None:
    made = draft(
        "# Invoice totals wrong on 4 June 2025\n\n## Timeline\n\n"
        "- 10:05 GST totals wrong on every invoice\n- 10:40 GST totals right again\n"
    )
    assert "| 2025-06-04 10:05 | GST totals wrong on every invoice |" in table_lines(made.body)
    marked = draft(
        "# Invoice totals wrong on 4 June 2025\n\n## Timeline\n\n"
        "- 2:05 PM GST - Totals wrong on every invoice\n- 2:40 PM GST - Totals right again\n"
    )
    assert "| 2025-06-04 10:05 | Totals wrong on every invoice |" in table_lines(marked.body)


SLIP_ROWS = (
    "- 3:00 PM {zone} - Slowness detected on the tracker pages\n"
    "- 3:15 PM {zone} - Monitoring alert sent out\n"
    "- 4:00 PM EDT - Found the cause\n"
    "- 4:15 PM {zone} - Scaled the web tier up\n"
    "- 4:30 PM {zone} - Tracker pages load quickly again\n"
)


def test_one_row_in_another_zone_makes_no_next_day_of_the_rows_after_it() -> None:
    made = draft(
        "# Parcel tracker slowdown, 12 March 2025\n\n## Timeline\n\n" + SLIP_ROWS.format(zone="CAT")
    )
    rows = table_lines(made.body)
    # The written times go forward: every row is on the 12th, each in its own zone.
    assert all(row.startswith("| 2025-03-12 ") for row in rows)
    assert "| 2025-03-12 13:00 | Slowness detected on the tracker pages |" in rows
    assert f"{made.timeline['mitigated'].value:%Y-%m-%d %H:%M}" == "2025-03-12 14:30"
    assert "read as the next day" not in made.body
    assert "rows name more than one zone (CAT, EDT)" in made.body


def test_times_written_backwards_across_zones_still_cross_midnight() -> None:
    made = draft(
        "# Nightly export stalled, 12 March 2025\n\n## Timeline\n\n"
        "- 23:40 UTC - Export job stalls\n- 01:10 CET - Export job restarted and finishes\n"
    )
    # 01:10 CET is 00:10 UTC: the clock goes back and so does the instant, so the next day.
    assert table_lines(made.body)[-1].startswith("| 2025-03-13 00:10 |")


def test_an_unknown_zone_after_every_rows_time_is_named_never_the_events_words() -> None:
    made = draft(
        "# Parcel tracker slowdown, 12 March 2025\n\n## Timeline\n\n"
        + SLIP_ROWS.format(zone="XYZT")
    )
    rows = table_lines(made.body)
    assert "| 2025-03-12 15:00 | Slowness detected on the tracker pages |" in rows
    assert not any("XYZT" in row for row in rows)
    warning = 'zone "XYZT" is not one the importer knows: times read as UTC; check them'
    assert warning in made.body
    started = made.timeline["started"]
    assert warning in started.note and "no time zone in the source" not in started.note
    assert started.how == "guessed"


@pytest.mark.parametrize(
    "rows",
    [
        # An acronym that opens each event, different on each row.
        "- 10:05 DNS: records changed\n- 10:12 API: errors climb\n- 10:31 CDN: cache purged\n",
        # The same capitals, but on one row only: nothing tells it is a zone.
        "- 10:05 ABC: feed stalls\n- 10:12 Feed restarted\n",
        # The same component named on every row: no zone's abbreviation ends so.
        "- 10:05 DB: replica lag grows\n- 10:12 DB: failover started\n- 10:31 DB: lag gone\n",
        # Capitals without a mark after them are the event's words.
        "- 10:05 API errors climb\n- 10:12 API errors back to normal\n",
    ],
)
def test_capitals_that_start_the_event_stay_its_words(rows: str) -> None:
    made = draft("# Feed errors on 4 June 2025\n\n## Timeline\n\n" + rows)
    first = rows.splitlines()[0].split(" ", 2)[2]
    assert any(first in row for row in table_lines(made.body))
    assert "is not one the importer knows" not in made.body


@pytest.mark.parametrize("region", ["US Central", "US Eastern", "US Pacific", "US Mountain"])
def test_a_us_region_without_the_word_time_is_a_stated_zone(region: str) -> None:
    # "All times are US Central." governs the 12-hour rows below it: 10:48 p.m. Central
    # daylight time in October is 03:48 UTC the next day.
    zone = stated_zone(f"All times are {region}.")
    assert zone is not None and zone.label == region
    text = (
        "# Card payments declined\n\n**Date:** Tuesday, October 7, 2025\n\n"
        "All times are US Central.\n\n## Timeline\n\n"
        "- 10:48 p.m. – Card payments start failing.\n- 11:15 p.m. – Support reports it.\n"
    )
    started = draft(text).timeline["started"]
    assert started.value == dt.datetime(2025, 10, 8, 3, 48, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    "impact",
    [
        "在庫同期が止まった（9:40 から 10:35 まで、日本時間）。",
        "在庫同期が止まった 9:40 から 10:35 まで（日本時間）。",
        "Stock sync stopped (9:40 to 10:35, JST).",
    ],
    ids=["zone-inside-brackets", "zone-after-window", "english"],
)
def test_the_zone_of_a_stated_window_is_the_zone_of_its_rows(impact: str) -> None:
    """A window whose zone closes its brackets after a comma names that zone as much as one
    written after it; and the rows that give the window's times are in that zone too."""
    text = (
        "# 障害報告書：在庫同期の遅延\n\n**発生日**：2025年8月4日\n"
        f"**影響**：{impact}\n\n## タイムライン\n\n"
        "- 9:40 在庫同期のキューが詰まり始める\n- 9:52 キュー滞留のアラートが発報\n"
        "- 10:35 同期が追いつき、収束を宣言\n"
    )
    made = draft_from_markdown(text.encode(), "stock.md", MarkdownOptions(corpus_taxonomy()))
    times = {key: f"{noted.value:%H:%M}" for key, noted in made.timeline.items()}
    # 9:40 to 10:35 Japan time is 00:40 to 01:35 UTC.
    assert times == {
        "started": "00:40",
        "detected": "00:52",
        "mitigated": "01:35",
        "resolved": "01:35",
    }
