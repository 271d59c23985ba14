"""How a source's timeline rows and time zone are read: rows in the shapes public archives
write them (bullets, plain lines, day headings, a time alone on its line, wrapped table
rows), rows whose time is not known, and zones declared in common spellings."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.document import classify, read_document
from pmkb.importers.draft import render
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown
from pmkb.importers.timeline import read_timeline, tells_detection
from pmkb.importers.zones import UTC as UTC_ZONE
from pmkb.importers.zones import find_zone

from tests.importers.conftest import corpus_taxonomy


def timeline_of(text: str, *, day: dt.date = dt.date(2024, 1, 1), zone: str = "UTC"):  # type: ignore[no-untyped-def]
    doc = read_document("# Outage\n\n## Timeline\n\n" + text)
    found = find_zone(zone) or UTC_ZONE
    return read_timeline(
        doc.of_kind("timeline"),
        day=day,
        zone=found,
        zone_stated=True,
        default_year=day.year,
        day_first=True,
    )


def rows(text: str, **kwargs) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(f"{e.at:%Y-%m-%d %H:%M}", e.text) for e in timeline_of(text, **kwargs).events]


def draft(text: str, name: str = "report.md"):  # type: ignore[no-untyped-def]
    return draft_from_markdown(text.encode(), name, MarkdownOptions(corpus_taxonomy()))


def table_lines(markdown: str) -> list[str]:
    """The rows of the draft's timeline table, without its header."""
    body = markdown.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    return [line for line in body.splitlines() if line.startswith("| 20")]


# --- rows with a date, in any form the date reader accepts ---------------------------------

DATES = ["2024-10-30", "2024/10/30", "30/10/2024", "Oct 30, 2024", "30 Oct 2024", "30th Oct 2024"]


@pytest.mark.parametrize("date", DATES)
@pytest.mark.parametrize(
    "shape",
    [
        "* {date} 08:30 - Queue consumers stall\n* {date} 09:10 - Consumers restarted\n",
        "{date} 08:30 \u2013 Queue consumers stall\n\n{date} 09:10 \u2013 Consumers restarted\n",
        "- **{date} 08:30 UTC** \u2013 Queue consumers stall\n"
        "- **{date} 09:10 UTC** \u2013 Consumers restarted\n",
        # The time first, then the date.
        "* 08:30 {date} - Queue consumers stall\n* 09:10 {date} - Consumers restarted\n",
        # The date, a dash, then the time.
        "- {date} - 08:30 - Queue consumers stall\n- {date} - 09:10 - Consumers restarted\n",
    ],
    ids=["bullets", "plain-lines", "bold-stamps", "time-then-date", "date-dash-time"],
)
def test_rows_with_a_date_in_any_form_and_any_order(shape: str, date: str) -> None:
    assert rows(shape.format(date=date)) == [
        ("2024-10-30 08:30", "Queue consumers stall"),
        ("2024-10-30 09:10", "Consumers restarted"),
    ]


def test_time_only_rows_take_the_date_above_them() -> None:
    text = "### 30/10/2024\n\n- **09:15 GMT** \u2013 Probes fail\n- **09:30 GMT** \u2013 Incident declared\n"
    assert rows(text) == [
        ("2024-10-30 09:15", "Probes fail"),
        ("2024-10-30 09:30", "Incident declared"),
    ]


def test_a_chat_logs_handle_leads_its_rows_words_as_a_name_with_a_colon() -> None:
    text = (
        "Pasted from the channel (times UTC):\n\n```\n"
        "[09:02] <release-bot> pricing-cache 3.1 rolled out\n"
        "[09:06] <support-desk> shoppers report empty baskets\n"
        "[09:30] <basket-oncall> rolled back, baskets fill again\n```\n"
    )
    assert rows(text) == [
        ("2024-01-01 09:02", "release-bot: pricing-cache 3.1 rolled out"),
        ("2024-01-01 09:06", "support-desk: shoppers report empty baskets"),
        ("2024-01-01 09:30", "basket-oncall: rolled back, baskets fill again"),
    ]
    # In the draft's table no angle bracket is left to be read as an HTML tag.
    rendered = render(
        draft("# Baskets empty\n\n**Date:** 2024-05-02\n\n## Timeline\n\n" + text), "PM-2024-001"
    )
    assert "| support-desk: shoppers report empty baskets |" in rendered
    assert "<support-desk>" not in rendered.split("## Original report")[0]


@pytest.mark.parametrize(
    ("row", "text"),
    [
        # Markup and a template's placeholder are no speaker: the markup goes, no "b:".
        ("- 09:02 <b>Pricing cache</b> rolled out", "Pricing cache rolled out"),
        ("- 09:02 <short description of the event> here", "<short description of the event> here"),
    ],
)
def test_other_words_in_angle_brackets_are_no_speaker(row: str, text: str) -> None:
    assert rows(row) == [("2024-01-01 09:02", text)]


# --- text that is not a row ----------------------------------------------------------------


def test_a_log_pasted_in_a_fenced_block_inside_a_list_item_is_no_row() -> None:
    text = (
        "- 2024-10-24 04:45 - Availability of the render farm drops\n"
        "- 2024-10-24 08:15 - The desk reports failing renders\n"
        "    - Worker logs show the start-up error:\n"
        "        ```text\n"
        "        2024-10-24T07:34:22.609Z start worker\n"
        "        2024-10-24T07:34:42.976Z worker exited\n"
        "        ```\n"
        "- 2024-10-24 09:15 - Workers pinned to the old image; renders complete again\n"
    )
    assert [when for when, _ in rows(text)] == [
        "2024-10-24 04:45",
        "2024-10-24 08:15",
        "2024-10-24 09:15",
    ]


def test_the_draft_of_a_report_with_a_pasted_log_starts_at_its_first_row() -> None:
    made = draft(
        "# Render farm outage\n\n## Timeline\n\n"
        "- 2024-10-24 04:45 - Availability of the render farm drops\n"
        "    - Logs:\n"
        "        ```\n"
        "        2024-10-24T07:34:22.609Z start worker\n"
        "        ```\n"
        "- 2024-10-24 09:15 - Workers pinned to the old image; renders complete again\n"
    )
    assert f"{made.timeline['started'].value:%Y-%m-%d %H:%M}" == "2024-10-24 04:45"
    assert "07:34" not in made.body.split("## Original report")[0]


# --- tables --------------------------------------------------------------------------------


def test_a_row_that_wraps_onto_the_next_line_does_not_end_the_table() -> None:
    text = (
        "| Time | Event |\n| --- | --- |\n"
        "| 2023-02-14 10:48 | No nodes left in the pool |\n"
        "| 2023-02-14 11:00 | Mail sent to the platform leads to raise a Sev1\n"
        "|\n"
        "| 2023-02-14 11:01 | Load balancer sees the new nodes as healthy |\n"
        "| 2023-02-14 11:08 | Follow-up mail: service restored\n"
        "|\n"
        "| 2023-02-14 11:59 | Sev1 ticket marked as resolved |\n"
    )
    assert rows(text) == [
        ("2023-02-14 10:48", "No nodes left in the pool"),
        ("2023-02-14 11:00", "Mail sent to the platform leads to raise a Sev1"),
        ("2023-02-14 11:01", "Load balancer sees the new nodes as healthy"),
        ("2023-02-14 11:08", "Follow-up mail: service restored"),
        ("2023-02-14 11:59", "Sev1 ticket marked as resolved"),
    ]


def test_a_row_without_a_time_is_placed_after_the_row_before_with_a_todo() -> None:
    text = (
        "| Time | Event |\n| --- | --- |\n"
        "| 2019-12-05 06:00 | Network rebuilt |\n"
        "| ... | Some node agents not scheduled |\n"
        "| 2019-12-05 07:00 | All systems verified |\n"
    )
    timeline = timeline_of(text)
    assert [(f"{e.at:%H:%M}", e.text, e.date_only) for e in timeline.events] == [
        ("06:00", "Network rebuilt", False),
        ("06:00", "Some node agents not scheduled", True),
        ("07:00", "All systems verified", False),
    ]
    assert "placed after line 7" in timeline.events[1].inferred[0]
    made = draft("# Subnet exhaustion\n\n## Timeline\n\n" + text)
    assert "| 2019-12-05 06:00 | Some node agents not scheduled (no time given: TODO) |" in (
        made.body
    )


def test_an_event_that_starts_like_template_words_is_still_an_event() -> None:
    text = (
        "| Time | Event |\n| --- | --- |\n| 2019-12-05 06:00 | Network rebuilt |\n"
        "| ... | Details of the fix sent to the owners |\n"
        "| 2022-06-02 HH:mm | Description of the limit added to the runbook |\n"
    )
    assert [e.text for e in timeline_of(text).events] == [
        "Network rebuilt",
        "Details of the fix sent to the owners",
        "Description of the limit added to the runbook",
    ]


def test_a_real_date_with_an_unknown_time_is_an_event_only_the_template_row_is_not() -> None:
    text = (
        "| Time | Event |\n| --- | --- |\n"
        "| 20xx-MM-DD HH:mm | Short event description |\n"
        "| 2022-06-01 HH:mm | Short event description. |\n"
        "| 2022-05-?? HH:mm | Errors first seen some day in May |\n"
        "| 2022-06-02 HH:mm | Gateway pods found killed for memory |\n"
        "| 2022-06-02 14:?? | Memory limit removed from the gateway namespace |\n"
        "| 2022-06-07 08:30 | Namespace excluded from the limit script |\n"
    )
    timeline = timeline_of(text, zone="CET")
    assert [(f"{e.at:%Y-%m-%d %H:%M}", e.text, e.date_only) for e in timeline.events] == [
        ("2022-06-02 00:00", "Gateway pods found killed for memory", True),
        ("2022-06-02 12:00", "Memory limit removed from the gateway namespace", False),
        ("2022-06-07 06:30", "Namespace excluded from the limit script", False),
    ]
    assert timeline.placeholders == [7, 8]
    assert timeline.unreadable == [(9, "2022-05-?? HH:mm")]


def test_a_listed_date_with_an_unknown_time_is_an_event_too() -> None:
    assert rows("- 2022-06-02 HH:mm - Gateway pods found killed for memory\n") == [
        ("2022-06-02 00:00", "Gateway pods found killed for memory")
    ]


def test_the_report_says_how_many_rows_were_not_read_and_where() -> None:
    made = draft(
        "# Gateway errors\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n"
        "| 2021/22-??-?? HH:mm | Limit script run by hand |\n"
        "| 2022-05-?? HH:mm | Errors first seen |\n"
        "| 2022-06-07 08:30 | Namespace excluded from the limit script |\n"
    )
    note = next(n for n in made.notes if "without a readable time" in n)
    assert note.startswith("2 timeline rows without a readable time")
    assert "line 7" in note and "line 8" in note


# --- a time alone, and day headings --------------------------------------------------------


def test_a_time_alone_on_its_line_takes_the_lines_below_as_its_event() -> None:
    text = (
        "1:03\nFirst alert fires\n\n5:05\nIncident declared.\nThe hub pod shows restarts\n\n"
        "5:41\nHub restarted\n"
    )
    assert rows(text) == [
        ("2024-01-01 01:03", "First alert fires"),
        ("2024-01-01 05:05", "Incident declared. The hub pod shows restarts"),
        ("2024-01-01 05:41", "Hub restarted"),
    ]


DAY_HEADINGS = """\
# Incident report May 11 2025 - Notebook hub slow to start servers

## Summary

Servers took a long time to start during a course.

## Timeline

All times in EEST.

## May 12

### 20:15
A ticket is opened about slow server starts.

### 23:00
Engineer restarts the hub; starts are fast again.

### 00:40
Engineer confirms the fix holds.

## May 13

### 14:30
Course staff confirm the session ran well.

## Action Items

- [ ] Raise the default memory limit
"""


def test_day_headings_date_the_times_under_them_over_the_titles_date() -> None:
    made = draft(DAY_HEADINGS)
    # EEST is UTC+3; the day headings, not the title's May 11, give the dates.
    assert f"{made.timeline['started'].value:%Y-%m-%d %H:%M}" == "2025-05-12 17:15"
    assert table_lines(made.body) == [
        "| 2025-05-12 17:15 | A ticket is opened about slow server starts. |",
        "| 2025-05-12 20:00 | Engineer restarts the hub; starts are fast again. |",
        "| 2025-05-12 21:40 | Engineer confirms the fix holds. |",
        "| 2025-05-13 11:30 | Course staff confirm the session ran well. |",
    ]
    assert "states no time zone" not in made.body


def test_day_headings_after_the_timeline_belong_to_it() -> None:
    doc = read_document(DAY_HEADINGS)
    assert [s.kind for s in doc.sections] == ["summary", "timeline", "actions"]


# --- dates without a time ------------------------------------------------------------------


def test_a_date_without_a_time_keeps_its_calendar_date_in_any_zone() -> None:
    made = draft(
        "# Heavy use of the batch gateway evicted core pods\n\n## Timeline\n\n"
        "All times in UTC+1\n\n- 2023-02-01 - Summary of the issue updated\n"
    )
    assert f"{made.timeline['started'].value:%Y-%m-%d %H:%M}" == "2023-02-01 00:00"
    assert rows(
        "| Time | Event |\n|---|---|\n| 2019-12-03 | Surge of new pods |\n", zone="CET"
    ) == [("2019-12-03 00:00", "Surge of new pods")]


# --- ranges and more than one timeline -------------------------------------------------------


def test_a_range_keeps_its_end_in_the_event() -> None:
    text = (
        "| Time | Event |\n|---|---|\n| 2020-10-06 09:00 - 11:00 | Nodes drained one by one |\n"
        "| 2020-10-06 12:26-12:?? | Second drain |\n"
    )
    assert rows(text) == [
        ("2020-10-06 09:00", "Nodes drained one by one (until 11:00)"),
        ("2020-10-06 12:26", "Second drain (until 12:??)"),
    ]


def test_a_follow_up_timeline_is_a_timeline() -> None:
    assert classify("Follow-up timeline (times in BST)") == "timeline"
    made = draft(
        "# Lab hub outage on 2025-08-12\n\n## Timeline (times in BST)\n\n### 5:00 PM\nHub deleted.\n\n"
        "### 6:11 PM\nIncident resolved.\n\n## Follow-up timeline (times in BST)\n\n"
        "### 8:16 PM\nUsers report kernel disconnections.\n\n## Action Items\n\n- [ ] Write the report\n"
    )
    assert (
        table_lines(made.body)[-1] == "| 2025-08-12 19:16 | Users report kernel disconnections. |"
    )
    assert [i.action.value for i in made.action_items] == ["Write the report"]


# --- rows at an offset from a stated moment ------------------------------------------------


def test_rows_at_offsets_from_a_stated_moment_are_placed_from_it() -> None:
    text = (
        "All times are relative to the first alert at 16:20 UTC.\n\n"
        "- T-10 min: Pool size change merged.\n"
        "- T+0:00 Alert fires for ledger write errors.\n"
        "- T+0:05 On-call acknowledges the page.\n"
        "- T+00:12:30 Pool limit found to be the cause.\n"
        "- +25m Pool limit raised.\n"
        "- T+1h 10m Ledger writes back to normal.\n"
    )
    assert rows(text, day=dt.date(2025, 3, 4)) == [
        ("2025-03-04 16:10", "Pool size change merged."),
        ("2025-03-04 16:20", "Alert fires for ledger write errors."),
        ("2025-03-04 16:25", "On-call acknowledges the page."),
        ("2025-03-04 16:32", "Pool limit found to be the cause."),
        ("2025-03-04 16:45", "Pool limit raised."),
        ("2025-03-04 17:30", "Ledger writes back to normal."),
    ]
    timeline = timeline_of(text, day=dt.date(2025, 3, 4))
    assert timeline.events[3].at.second == 30
    # Each row says what it was counted from.
    assert "16:20 UTC, the moment line 5 states" in timeline.events[2].inferred[0]


def test_offsets_in_a_table_take_the_moment_and_zone_the_text_gives() -> None:
    text = (
        "T+0 is 2025-03-04 09:00 CET, when support first heard of failed exports.\n\n"
        "| Offset | Event |\n|---|---|\n| T+0 | Support hears of failed exports |\n"
        "| T+15 | Export workers restarted |\n| T+1:02 | Exports succeed again |\n"
    )
    assert rows(text) == [
        ("2025-03-04 08:00", "Support hears of failed exports"),
        ("2025-03-04 08:15", "Export workers restarted"),
        ("2025-03-04 09:02", "Exports succeed again"),
    ]


def test_offsets_without_a_stated_moment_are_reported_not_guessed() -> None:
    timeline = timeline_of("- T+0:05 Pager fires\n- T+0:20 Fix deployed\n")
    assert timeline.events == []
    assert timeline.unreadable == [(5, "T+0:05"), (6, "T+0:20")]


def test_the_draft_of_an_offset_timeline_starts_and_detects_on_its_rows() -> None:
    made = draft(
        "# Ledger write errors on 2025-03-04\n\n## Timeline\n\n"
        "All times are relative to the first alert at 16:20 UTC.\n\n"
        "- T-5m: Ledger pool resized by a scheduled job.\n"
        "- T+0:00 Alert fires for ledger write errors.\n"
        "- T+0:05 On-call acknowledges the page.\n"
        "- T+0:40 Ledger writes confirmed operational.\n\n"
        "## Action Items\n\n- Alert on pool exhaustion\n"
    )
    keys = {k: (f"{v.value:%H:%M}", v.note) for k, v in made.timeline.items()}
    assert keys["started"][0] == "16:15"
    assert keys["detected"][0] == "16:20"
    assert keys["mitigated"][0] == "17:00"
    # The sentence that states the moment is no row, and no key comes from it.
    assert not any("relative to" in note for _, note in keys.values())
    assert not any("relative to" in row for row in table_lines(made.body))
    assert len(table_lines(made.body)) == 4


# --- follow-up and remediation timelines ---------------------------------------------------

INCIDENT_ROWS = (
    "# Quota API unavailable\n\n## Timeline\n\nAll times in UTC.\n\n"
    "- 2025-05-06 09:10 Quota API returns 503 errors to every tenant.\n"
    "- 2025-05-06 09:14 Alert fires for quota API availability.\n"
    "- 2025-05-06 09:40 Quota pods restarted with twice the memory.\n\n"
)
REMEDIATION_ROWS = (
    "- [x] 2025-05-20 Memory limit fix deployed to all regions.\n"
    "- 2025-05-27 10:00 Load test confirmed working at twice the peak.\n"
    "- 2025-06-03 11:00 Follow-up review held; incident resolved.\n"
)


@pytest.mark.parametrize(
    "heading", ["## Remediation timeline", "## Follow-up timeline", "## Timeline of repairs"]
)
def test_rows_of_a_remediation_timeline_never_end_or_close_the_incident(heading: str) -> None:
    made = draft(
        INCIDENT_ROWS + f"{heading}\n\n" + REMEDIATION_ROWS + "\n## Action Items\n\n- Alert\n"
    )
    assert "mitigated" not in made.timeline
    assert "resolved" not in made.timeline
    # The rows stay in the draft's timeline, in their order.
    assert len(table_lines(made.body)) == 6
    assert [i.action.value for i in made.action_items] == ["Alert"]


def test_a_follow_up_row_on_the_incidents_day_may_still_close_it() -> None:
    made = draft(INCIDENT_ROWS + "## Follow-up timeline\n\n- 2025-05-06 13:30 Incident closed.\n")
    assert f"{made.timeline['resolved'].value:%Y-%m-%d %H:%M}" == "2025-05-06 13:30"


def test_a_remediation_timeline_under_the_action_items_is_no_list_of_new_items() -> None:
    made = draft(
        INCIDENT_ROWS + "## Follow-up actions\n\n- [ ] Add a memory alert.\n"
        "- [x] Raise the memory limit.\n\n### Remediation timeline\n\n" + REMEDIATION_ROWS
    )
    assert [(i.action.value, i.status.value) for i in made.action_items] == [
        ("Add a memory alert", "open"),
        ("Raise the memory limit", "done"),
    ]
    assert table_lines(made.body)[-1].endswith("Follow-up review held; incident resolved. |")
    assert "mitigated" not in made.timeline and "resolved" not in made.timeline


def test_an_html_table_pasted_from_a_wiki_is_the_timeline() -> None:
    text = (
        "# Ledger API errors\n\n**Date:** 2024-02-27\n\n<h2>Timeline</h2>\n\n<table>\n<tbody>\n"
        "<tr><th>Time (CET)</th><th>Event</th></tr>\n"
        "<tr><td>2024-02-27 08:02</td><td><p>Requests fail with <strong>pool timeouts</strong></p></td></tr>\n"
        "<tr><td>2024-02-27 08:09</td><td>Error-rate alert fires &amp; pages on-call</td></tr>\n"
        "</tbody>\n</table>\n\n## Action items\n\n- Review pool changes\n"
    )
    doc = read_document(text)
    (section,) = doc.of_kind("timeline")
    timeline = read_timeline(
        [section], day=dt.date(2024, 2, 27), zone=UTC_ZONE, zone_stated=False, default_year=2024
    )
    # The zone of the header, the cells' text without tags, and the source's own line numbers.
    assert [(e.line, f"{e.at:%H:%M}", e.text) for e in timeline.events] == [
        (10, "07:02", "Requests fail with pool timeouts"),
        (11, "07:09", "Error-rate alert fires & pages on-call"),
    ]
    draft = draft_from_markdown(text.encode(), "ledger.md", MarkdownOptions(corpus_taxonomy()))
    assert f"{draft.timeline['detected'].value:%H:%M}" == "07:09"
    # The source is kept as written.
    assert "<tr><th>Time (CET)</th>" in draft.body


# --- notices in Japanese -------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "tells"),
    [
        # A noun ending in 通知 is what a service sends, no notice to the team.
        ("予約通知の送信キューが滞留し始める", False),
        ("請求通知メールの送信が止まる", False),
        # A noun of sending after 通知 keeps it the service's output.
        ("予約通知送信が止まる", False),
        ("通知配信が遅延している", False),
        ("店舗から「予約通知が届かない」との問い合わせ", True),  # the enquiry tells, not 通知
        ("予約通知が届いていない", False),
        # A notice that came is one: however its noun is made up.
        ("キュー長の監視からエラー通知あり", True),
        ("エラー通知が届いた", True),
        ("Slackに通知が来た", True),
        ("当番に通知", True),
        # Chinese: a notice received, or one sent to us, still tells.
        ("值班收到通知", True),
        ("云厂商通知我们机房网络故障", True),
    ],
)
def test_a_japanese_notice_tells_detection_only_when_one_came(row: str, tells: bool) -> None:
    assert tells_detection(row) is tells


def test_a_notice_that_came_is_an_alert_and_a_service_named_for_notices_is_none() -> None:
    made = draft(
        "# 予約通知の遅延\n\n**発生日**：2025-04-08\n\n## タイムライン\n\n"
        "- 09:10 UTC 予約通知の送信キューが滞留し始める\n"
        "- 09:24 UTC 監視からエラー通知あり\n"
        "- 09:50 UTC ワーカーを再起動し、送信が再開する\n"
    )
    assert f"{made.timeline['detected'].value:%H:%M}" == "09:24"
    assert made.detection.value == "alert"


# --- reports by phone or message in Japanese, Chinese and Korean ---------------


@pytest.mark.parametrize(
    ("row", "tells"),
    [
        # A report or a call reaching the team, from where it came or received.
        ("現場から伝票が印刷できないと連絡", True),
        ("店舗から報告", True),
        ("ユーザーからの報告が増える", True),
        ("加盟店より報告を受ける", True),
        # The team writing the report or telling others: no detection.
        ("障害報告書を作成", False),
        ("関係者に連絡", False),
        ("10時から関係者に状況を連絡", False),
        ("用户报告无法扫码支付", True),
        ("门店联系客服说无法出票", True),
        ("收到骑手的报告", True),
        ("编写故障报告", False),
        ("联系相关团队", False),
        ("向用户报告进展", False),
        ("사용자로부터 보고", True),
        ("매장에서 결제 오류 연락", True),
        ("보고 접수", True),
        ("장애 보고서 작성", False),
        ("관계자에게 연락", False),
        # "보고" is also "seeing": "looking at the dashboard, restarted".
        ("대시보드를 보고 재시작", False),
    ],
)
def test_a_report_by_phone_or_message_tells_detection_only_when_it_reached_the_team(
    row: str, tells: bool
) -> None:
    assert tells_detection(row) is tells


def test_a_report_from_the_stores_is_the_detection_of_a_japanese_timeline() -> None:
    made = draft(
        "# 会員証アプリの障害\n\n**発生日**：2025-05-20\n\n## タイムライン\n\n"
        "- 09:10 UTC 会員証の表示でエラーが発生し始める\n"
        "- 09:18 UTC 店舗から会員証が表示されないと連絡\n"
        "- 09:40 UTC 関係者に連絡\n"
        "- 09:55 UTC 設定を戻し、表示が正常化\n"
    )
    assert f"{made.timeline['detected'].value:%H:%M}" == "09:18"
