"""Ways many authors of short course-style post-mortems write labels, dates and times: a
"Root Cause:" label alone over its text, "January23, 2021", a due date near the top, a
"Duration:" window after a date, emoji before a row's time. Every service, team and sentence
here is made up."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown
from pmkb.importers.timestamps import find_time_range, read_stamp

from tests.importers.conftest import corpus_taxonomy

UTC = dt.timezone.utc


def draft_of(text: str, name: str = "report.md"):  # type: ignore[no-untyped-def]
    return draft_from_markdown(text.encode(), name, MarkdownOptions(corpus_taxonomy()))


def hhmm(draft, key: str) -> str:  # type: ignore[no-untyped-def]
    return f"{draft.timeline[key].value.astimezone(UTC):%Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    "label",
    ["Root Cause:", "Root cause and resolution:", "**Root Cause Explanation:**"],
)
@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_root_cause_label_alone_gives_only_the_text_below_it(label: str, gap: str) -> None:
    text = (
        "# Ferry tickets outage\n\nDate: 2024-05-02\n\n"
        "## Timeline\n\n- 09:10 UTC: ticket sales failed\n- 09:40 UTC: sales work again\n\n"
        "## Root Cause and Resolution\n\n"
        f"{label}{gap}The fare cache kept an expired price list after the nightly import.\n"
        "Resolution Details:\nThe ferry team reloaded the price list.\n"
    )
    draft = draft_of(text)
    assert draft.root_cause is not None
    assert draft.root_cause.value == (
        "The fare cache kept an expired price list after the nightly import."
    )


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("occurred on January23, 2021.", "2021-01-23"),
        ("occurred on Jan23 2021 in the evening.", "2021-01-23"),
        ("occurred on March5th, 2022.", "2022-03-05"),
    ],
)
def test_a_month_written_against_its_day_dates_the_incident(written: str, day: str) -> None:
    text = (
        "# Ferry tickets outage\n\n"
        f"This is the report of the ferry tickets outage that {written}\n\n"
        "## Timeline\n\n- 09:10 UTC: ticket sales failed\n- 09:40 UTC: sales work again\n"
    )
    assert hhmm(draft_of(text), "started") == f"{day} 09:10"


def test_a_host_name_like_a_month_and_day_is_no_date() -> None:
    """Without a year after it, "mar5" may be anything: no date from it."""
    text = "# Ferry tickets outage\n\nThe host mar5 ran out of disk.\n\n## Timeline\n\n- 09:10 UTC: failed\n"
    draft = draft_of(text, "2024-05-02-ferry.md")
    assert hhmm(draft, "started") == "2024-05-02 09:10"


@pytest.mark.parametrize(
    "due_line",
    ["Due date: 18th May 2024", "Deadline: 2024-05-18", "**Target date:** May 18, 2024"],
)
def test_a_due_date_never_dates_the_incident(due_line: str) -> None:
    text = (
        "Ferry team\nPost-mortem: ferry tickets outage\n"
        f"{due_line}\n\n"
        "The ticket shop was down on 14th May, 2024 for two hours.\n\n"
        "## Timeline of events\n\n2:00 PM: ticket sales failed\n4:00 PM: sales restored\n"
    )
    draft = draft_of(text)
    assert f"{draft.timeline['started'].value:%Y-%m-%d}" == "2024-05-14"


@pytest.mark.parametrize(
    "duration",
    [
        "Duration: 2024-08-15, 14:00 UTC to 17:30 UTC (3 hours, 30 minutes)",
        "Duration: 2024-08-15, 14:00 UTC - 17:30 UTC",
    ],
)
def test_a_duration_window_after_a_date_gives_its_start_and_end(duration: str) -> None:
    text = (
        "# Ferry tickets outage\n\n"
        f"{duration}\n\n"
        "## Timeline\n\n"
        "14:10 UTC: the on-call engineer checked the ticket servers.\n"
        "16:00 UTC: a restart of the fare cache helped, but the errors started creeping back.\n"
        "17:00 UTC: the fare cache update was rolled back.\n"
    )
    draft = draft_of(text)
    assert hhmm(draft, "started") == "2024-08-15 14:00"
    assert hhmm(draft, "resolved") == "2024-08-15 17:30"


def test_a_window_whose_ends_name_different_zones_is_no_window() -> None:
    assert find_time_range("10:00 PST to 12:00 UTC") is None
    assert find_time_range("14:00 CET to 15:00 CET") is not None


@pytest.mark.parametrize(
    "row",
    [
        ":rotating_light: 16:15 GMT+1: ticket sales failed",
        "<p>&emsp;:small_blue_diamond:16:15 GMT+1: ticket sales failed</p>",
        "- :white_check_mark: **16:15 GMT+1** ticket sales failed",
        "\U0001f6a8 16:15 GMT+1: ticket sales failed",
        "- \u2705\ufe0f 16:15 GMT+1 - ticket sales failed",
    ],
)
def test_emoji_before_a_rows_time_leave_it_a_row(row: str) -> None:
    text = (
        "# Ferry tickets outage\n\nDate: 2024-05-02\n\n## Timeline\n\n"
        f"{row}\n\n:white_check_mark: 17:02 GMT+1: sales work again\n"
    )
    draft = draft_of(text)
    assert hhmm(draft, "started") == "2024-05-02 15:15"
    assert draft.counts["timeline_events"] == 2


def test_a_gmt_offset_before_a_colon_is_the_rows_zone() -> None:
    stamp = read_stamp("16:15 GMT+1: ticket sales failed", default_year=2024)
    assert stamp is not None and stamp.zone is not None
    assert (stamp.zone.label, stamp.rest) == ("UTC+01:00", "ticket sales failed")


@pytest.mark.parametrize(
    ("written", "clock"),
    [("3:AM", dt.time(3, 0)), ("5:PM", dt.time(17, 0)), ("11:pm", dt.time(23, 0))],
)
def test_an_hour_with_a_colon_and_no_minutes_is_that_hour(written: str, clock: dt.time) -> None:
    stamp = read_stamp(f"2024-05-02, {written}", default_year=None)
    assert stamp is not None
    assert stamp.clock == clock


def test_a_start_and_end_written_with_hours_only_give_their_times() -> None:
    text = (
        "# Ferry tickets outage\n\nDuration of the outage\n\n"
        "start : 2024-05-02, 3:AM\nend : 2024-05-02, 5:PM\n\n"
        "## Root cause\n\nThe fare cache kept an expired price list.\n"
    )
    draft = draft_of(text)
    assert hhmm(draft, "started") == "2024-05-02 03:00"
    assert hhmm(draft, "resolved") == "2024-05-02 17:00"


def test_a_colon_before_a_word_is_no_time() -> None:
    stamp = read_stamp("3: amber alert raised", default_year=None)
    assert stamp is None or stamp.clock is None


@pytest.mark.parametrize(
    "rows",
    [
        "10:00am EAT: Ticket sales failed. 10:06am EAT: The ferry team saw one server answer "
        "10:20am EAT: The ferry team restarted the fare cache. 10:25am EAT: Sales work again.",
        "10:00 a.m. EAT - Ticket sales failed. 10:06 a.m. EAT - The ferry team saw one server "
        "answer\n10:20 a.m. EAT - The ferry team restarted the fare cache. 10:25 a.m. EAT - "
        "Sales work again.",
        # the last rows follow a pasted log line on a bullet
        "10:00am EAT: Ticket sales failed. 10:06am EAT: The ferry team saw one server answer\n\n"
        "* fare-cache[42]: price list expired 10:20am EAT: The ferry team restarted the fare "
        "cache. 10:25am EAT: Sales work again.",
    ],
)
def test_rows_run_together_on_one_line_are_each_a_row(rows: str) -> None:
    text = f"# Ferry tickets outage\n\nDate: 2024-05-02\n\n## Timeline\n\n{rows}\n"
    draft = draft_of(text)
    assert draft.counts["timeline_events"] == 4
    assert "| 2024-05-02 07:20 | The ferry team restarted the fare cache. |" in draft.body
    assert "| 2024-05-02 07:25 | Sales work again. |" in draft.body
    assert hhmm(draft, "started") == "2024-05-02 07:00"
    assert hhmm(draft, "mitigated") == "2024-05-02 07:25"


@pytest.mark.parametrize(
    "row",
    [
        "- 10:00 UTC: Sales failed from 10:00 UTC - 10:25 UTC: the fare cache was stale.",
        "- 10:00 UTC: Sales failed; the team paged at 10:06 UTC: nobody answered.",
    ],
)
def test_a_time_inside_a_rows_words_is_no_new_row(row: str) -> None:
    text = f"# Ferry tickets outage\n\nDate: 2024-05-02\n\n## Timeline\n\n{row}\n"
    assert draft_of(text).counts["timeline_events"] == 1


@pytest.mark.parametrize(
    "row",
    [
        "- 10:40 AM: Fares restored from the May 3rd, 2023 snapshot",
        "- 10:40 AM: Fares restored from the 2023-05-03 snapshot",
    ],
)
def test_a_date_inside_a_rows_words_gives_way_to_the_day_the_text_says_it_occurred(
    row: str,
) -> None:
    text = (
        "# Ferry tickets outage\n\n"
        "This is the report of the ferry tickets outage that occurred on May 5th, 2023.\n\n"
        "## Timeline (all times UTC)\n\n"
        f"- 10:02 AM: Ticket sales failed\n{row}\n- 11:00 AM: Sales work again\n"
    )
    draft = draft_of(text)
    assert hhmm(draft, "started") == "2023-05-05 10:02"


def test_a_dated_row_still_dates_the_incident() -> None:
    text = (
        "# Ferry tickets outage\n\n"
        "The fare cache that started on May 1st, 2023 was first used that week.\n\n"
        "## Timeline\n\n- May 5, 2023 10:02 UTC: Ticket sales failed\n"
        "- May 5, 2023 11:00 UTC: Sales work again\n"
    )
    assert hhmm(draft_of(text), "started") == "2023-05-05 10:02"


@pytest.mark.parametrize(
    ("outer", "cause", "fix"),
    [
        ("## Root Cause and Resolution", "### Root Cause", "### Resolution"),
        ("## Root Cause and Resolution:", "### Root Cause:", "### Resolution:"),
        (
            "<h2>Root Cause and Resolution:</h2>",
            "<h3>Root Cause:</h3>",
            "<h3>Resolution:</h3>",
        ),
    ],
)
def test_a_resolution_sub_heading_never_gives_the_root_cause(
    outer: str, cause: str, fix: str
) -> None:
    text = (
        "# Ferry tickets outage\n\nDate: 2024-05-02\n\n"
        "## Timeline\n\n- 09:10 UTC: ticket sales failed\n- 09:40 UTC: sales work again\n\n"
        f"{outer}\n{cause}\n"
        "The fare cache kept an expired price list after the nightly import.\n"
        f"{fix}\nThe ferry team reloaded the price list.\n"
    )
    draft = draft_of(text)
    assert draft.root_cause is not None
    assert draft.root_cause.value == (
        "The fare cache kept an expired price list after the nightly import."
    )
