"""The order of timeline entries: next-day rollover, updates listed newest first, status-page
updates, and which wording ends impact."""

from __future__ import annotations

import datetime as dt

from pmkb.importers.document import read_document
from pmkb.importers.timeline import Timeline, pick_keys, posted_updates, read_timeline
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


def keys_of(text: str) -> dict[str, str]:
    picks = pick_keys(timeline_of(text).events)
    return {key: f"{pick.event.at:%H:%M}" for key, pick in picks.items()}


def test_work_under_way_is_not_the_end_of_impact() -> None:
    for under_way in (
        "Root cause identified; we are mitigating impact.",
        "Identified - We are remediating and mitigating impact.",
        "Working to mitigate by moving traffic to another region.",
        "We are restoring the replicas one by one.",
        "Rollback in progress.",
    ):
        text = (
            "- 07:00 UTC Error-rate alert fires.\n"
            f"- 08:25 UTC {under_way}\n"
            "- 09:15 UTC Error rates back to normal.\n"
        )
        assert keys_of(text)["mitigated"] == "09:15", under_way


def test_settled_wording_still_ends_impact() -> None:
    for settled in (
        "Rollback completed; errors recovered.",
        "Fix deployed.",
        "Logins working again.",
        "Mitigated by failing traffic over to the second region.",
    ):
        text = f"- 07:00 UTC Alert fires.\n- 08:25 UTC {settled}\n- 09:15 UTC Incident closed.\n"
        assert keys_of(text)["mitigated"] == "08:25", settled


def test_work_under_way_stands_in_when_nothing_later_says_impact_ended() -> None:
    picks = pick_keys(
        timeline_of("- 07:00 UTC Alert fires.\n- 08:25 UTC We are mitigating impact.\n").events
    )
    assert f"{picks['mitigated'].event.at:%H:%M}" == "08:25"
    assert "under way" in picks["mitigated"].why


def test_a_row_that_says_impact_ended_and_names_cleanup_under_way_is_settled() -> None:
    text = (
        "- 07:00 UTC Reports of slow sync.\n"
        "- 07:40 UTC Moving partitions to healthy nodes and mitigating the delay.\n"
        "- 08:05 UTC Sync is working normally again. We are applying the queued changes.\n"
        "- 08:40 UTC All queued changes applied; incident resolved.\n"
    )
    assert keys_of(text)["mitigated"] == "08:05"


def test_status_page_stamps_with_or_without_posted() -> None:
    for stamp in (
        "Mar 13, 2024 - {}",
        "Posted Mar 13, 2024 - {}",
        "Posted 2 days ago. Mar 13, 2024 - {}",
    ):
        text = (
            "Resolved -\nNormal operations restored.\n" + stamp.format("10:16 MDT") + "\n\n"
            "Investigating -\nWe are observing increased latency.\n"
            + stamp.format("07:00 MDT")
            + "\n"
        )
        timeline = timeline_of(text)
        assert times(timeline) == ["2024-03-13 16:16", "2024-03-13 13:00"], stamp
        assert [e.text for e in timeline.events] == [
            "Resolved: Normal operations restored.",
            "Investigating: We are observing increased latency.",
        ]


def test_a_stamp_alone_without_a_status_label_is_an_ordinary_row() -> None:
    timeline = timeline_of("Notes from the call.\nMar 13, 2024 - 10:16 MDT\n")
    # The paragraph above is not taken for its text, as a status update's would be.
    assert len(timeline.events) == 1
    assert "Notes" not in timeline.events[0].text


def test_a_status_history_without_posted_is_found_in_prose() -> None:
    doc = read_document(
        "# Degraded logins\n\nResolved -\nNormal operations restored.\nMar 13, 2024 - 10:16 MDT\n\n"
        "Investigating -\nWe are observing increased latency.\nMar 13, 2024 - 07:00 MDT\n"
    )
    assert posted_updates(doc.prose) == 2
    # Dates and times in prose without a status label are no status history.
    doc = read_document(
        "# Notes\n\nWe met.\nMar 13, 2024 - 10:16 MDT\n\nAgain.\nMar 14, 2024 - 09:00 MDT\n"
    )
    assert posted_updates(doc.prose) == 0


def test_two_updates_newest_first_by_their_status_words() -> None:
    text = (
        "### 2:50 PM PST\n\nResolved: calendar integrations are working again.\n\n"
        "### 11:47 AM PST\n\nInvestigating: calendar integrations are failing.\n"
    )
    timeline = timeline_of(text, day=dt.date(2021, 1, 4))
    assert timeline.reversed_order
    assert times(timeline) == ["2021-01-04 22:50", "2021-01-04 19:47"]
    assert timeline.rolled_over == 0
    keys = pick_keys(timeline.events)
    assert f"{keys['started'].event.at:%H:%M}" == "19:47"


def test_status_words_in_the_order_of_events_keep_the_next_day_rule() -> None:
    text = (
        "- 23:40 UTC Investigating: checkout errors.\n- 00:20 UTC Resolved: checkout works again.\n"
    )
    timeline = timeline_of(text)
    assert not timeline.reversed_order
    assert times(timeline) == ["2024-07-09 23:40", "2024-07-10 00:20"]


def test_rows_in_order_across_a_years_end_go_on_into_the_next_year() -> None:
    timeline = timeline_of(
        "- Dec 30 14:10 Wallet shows zero balances\n- Dec 31 08:00 Support tickets pile up\n"
        "- Jan 2 09:00 Balance cache cleared\n- 09:30 Incident closed\n- Jan 3 10:00 Review held\n",
        day=dt.date(2024, 12, 30),
    )
    assert times(timeline) == [
        "2024-12-30 14:10",
        "2024-12-31 08:00",
        "2025-01-02 09:00",
        "2025-01-02 09:30",  # a time alone takes the row above's date, in its year
        "2025-01-03 10:00",
    ]
    assert timeline.next_year == [7, 9]  # the lines of the two dates moved on a year


def test_day_headings_in_order_across_a_years_end_go_on_into_the_next_year() -> None:
    timeline = timeline_of(
        "### December 31\n\n- 23:40 Exports stall\n\n### January 1\n\n- 00:20 Exports resume\n",
        day=dt.date(2024, 12, 31),
    )
    assert times(timeline) == ["2024-12-31 23:40", "2025-01-01 00:20"]


def test_dates_out_of_order_or_with_their_year_never_move_to_the_next_year() -> None:
    # Dec 28 after Dec 30: the rows are not written in order, so January is no year's end.
    text = "- Dec 30 14:10 Zero balances\n- Dec 28 09:00 Cache change merged\n- Jan 2 09:00 Fixed\n"
    timeline = timeline_of(text, day=dt.date(2024, 12, 30))
    assert times(timeline)[2] == "2024-01-02 09:00"
    assert timeline.next_year == []
    # A month far back is a row told out of order (the change that caused it), no year's end.
    text = "- Mar 5 10:00 Errors rise\n- Feb 2 09:00 Flag added, unnoticed\n"
    assert times(timeline_of(text, day=dt.date(2024, 3, 5)))[1] == "2024-02-02 09:00"
    # A full date keeps its year, whatever the row before it.
    text = "- 2024-12-30 14:10 Zero balances\n- 2024-01-02 09:00 Old cache change\n"
    assert times(timeline_of(text, day=dt.date(2024, 12, 30)))[1] == "2024-01-02 09:00"
