"""A paragraph that labels itself a follow-up ("**Follow-up:** ...", "Action item: ...") is an
action item wherever it stands: a monthly report's incident sub-section has no "Action items"
section to hold it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

from tests.importers.conftest import corpus_taxonomy

_MONTHLY_REPORT = """# Availability report: March 2024

## Ledger sync delays

On 12 March 2024 the ledger sync fell behind by forty minutes after a config push.

**Follow-up:** add a canary stage to config pushes (ledger-team).

## Badge printer outage

Badge printing stopped on 19 March 2024 when the print queue filled its disk.

Action item: alert when the print queue disk is 80% full
before it stops the queue.

Follow-up work on the queue went smoothly.

## Search index rebuild

Follow-up: none.

Action items: TBD

> Follow-up: the vendor's note, quoted, is no action of ours.

```
Follow-up: a line of a shell session
```

## Timeline

- 10:02 UTC Sync lag alert fires
- 10:40 UTC Follow-up: config push rolled back
"""


def _actions(text: str) -> list[tuple[str, str]]:
    draft = draft_from_markdown(
        text.encode(), "2024-03-31-availability.md", MarkdownOptions(corpus_taxonomy())
    )
    return [(item.action.value, item.owner.value) for item in draft.action_items]


def test_labelled_follow_up_paragraphs_outside_action_sections_are_action_items() -> None:
    actions = _actions(_MONTHLY_REPORT)
    texts = [text for text, _ in actions]
    assert len(texts) == 2, actions
    assert texts[0].startswith("add a canary stage to config pushes")
    assert actions[0][1] == "ledger-team"
    # The paragraph's second line is part of its action.
    assert "disk is 80% full before it stops the queue" in texts[1]


def test_unlabelled_quoted_coded_and_empty_follow_ups_are_not_action_items() -> None:
    texts = " ".join(text for text, _ in _actions(_MONTHLY_REPORT))
    for not_an_action in ("went smoothly", "none", "TBD", "vendor", "shell session", "rolled back"):
        assert not_an_action not in texts, not_an_action


def test_a_follow_up_inside_an_action_section_is_read_once() -> None:
    text = (
        "# Cache outage\n\n## Summary\n\nThe cache tier dropped writes.\n\n"
        "**Follow-up:** pin the cache client version (cache-team).\n\n"
        "## Action items\n\n- Add a write-error alert (cache-team)\n\n"
        "**Follow-up:** rehearse the cache failover (cache-team).\n"
    )
    texts = [text for text, _ in _actions(text)]
    assert len(texts) == 3, texts
    assert texts[0].startswith("pin the cache client version")
    assert texts[1].startswith("Add a write-error alert")


_ABOVE_THE_FIRST_HEADING = """**Follow-up:** pin the cache client version (cache-team).

Action item: alert when the cache tier drops writes
for more than a minute.

Follow-up: none.

Action items: TBD

> Follow-up: the vendor's note, quoted, is no action of ours.

```
Follow-up: a line of a shell session
```

# Cache tier dropped writes

The cache tier dropped writes on 5 May 2024 for twenty minutes.

**Follow-up:** rehearse the cache failover (cache-team).

## Timeline

- 2024-05-05 10:02 UTC Write errors climb
- 10:22 UTC Follow-up: cache nodes restarted
"""


def test_labelled_follow_ups_before_the_first_section_are_action_items() -> None:
    actions = _actions(_ABOVE_THE_FIRST_HEADING)
    texts = [text for text, _ in actions]
    # Above the title and between the title and the first section, as under a heading.
    assert len(texts) == 3, actions
    assert texts[0].startswith("pin the cache client version")
    assert actions[0][1] == "cache-team"
    assert "drops writes for more than a minute" in texts[1]
    assert texts[2].startswith("rehearse the cache failover")
    joined = " ".join(texts)
    for not_an_action in ("none", "TBD", "vendor", "shell session", "restarted"):
        assert not_an_action not in joined, not_an_action


def test_a_status_pages_updates_under_the_title_are_no_follow_ups() -> None:
    # Updates under the title are read as the timeline: a labelled update there is an event.
    text = (
        "# Sign-in errors\n\n"
        "Follow-up: we flushed the token cache and sign-ins work again.\n"
        "Posted May 05, 2024 - 10:40 UTC\n\n"
        "Investigating - We see sign-in errors.\nPosted May 05, 2024 - 10:02 UTC\n"
    )
    assert _actions(text) == []


_WEEKLY_REPORT_WITH_CAUSE = """# Weekly operations report: week 24, 2024

## Parcel label delays

Between 08:10 and 08:55 UTC on 11 June 2024, parcel labels printed late at the north depot.

### Cause

A config push gave the nightly reprint job the same priority as new labels.

**Follow-up:** add a canary stage to config pushes (depot-team).

Action item: alert when the label queue waits
longer than five minutes.

- [ ] Split the reprint queue from the live one (depot-team)
  before the next peak week.

Follow-up: none.
"""


def test_a_follow_up_in_the_root_cause_section_is_no_part_of_the_root_cause() -> None:
    draft = draft_from_markdown(
        _WEEKLY_REPORT_WITH_CAUSE.encode(), "weekly-report.md", MarkdownOptions(corpus_taxonomy())
    )
    assert draft.root_cause is not None
    cause = draft.root_cause.value
    assert cause.startswith("A config push gave the nightly reprint job the same priority")
    # The follow-ups are work to do, each read as an action item, none of them the cause.
    for work in ("canary", "label queue waits", "five minutes", "reprint queue", "peak", "none"):
        assert work not in cause, work
    actions = [item.action.value for item in draft.action_items]
    assert any("canary stage" in action for action in actions), actions


def test_a_monthly_reports_cause_sub_section_keeps_its_follow_up_out_of_the_root_cause() -> None:
    name = "s8-room-bookings-monthly-report-cause-follow-up.md"
    raw = (Path(__file__).parent / "shapes" / "documents" / name).read_bytes()
    draft = draft_from_markdown(raw, name, MarkdownOptions(corpus_taxonomy()))
    assert draft.root_cause is not None
    assert "token with a scope" in draft.root_cause.value
    assert "Follow-up" not in draft.root_cause.value
    assert "weekly config review" not in draft.root_cause.value
    assert [item.owner.value for item in draft.action_items] == ["workplace-tools"]


def test_a_follow_up_read_as_an_action_item_is_left_out_of_the_bodys_root_cause() -> None:
    draft = draft_from_markdown(
        _WEEKLY_REPORT_WITH_CAUSE.encode(), "weekly-report.md", MarkdownOptions(corpus_taxonomy())
    )
    cause = draft.body.split("## Root Cause", 1)[1].split("\n## ", 1)[0]
    # The labelled follow-ups are action items: the body copies the cause without them.
    assert "canary stage" not in cause and "label queue waits" not in cause
    assert "five minutes" not in cause  # the wrapped line of a follow-up goes with it
    assert "A config push gave the nightly reprint job the same priority" in cause
    # What is not read as an action item stays: nothing of the source is lost.
    assert "Follow-up: none." in cause
    actions = [item.action.value for item in draft.action_items]
    assert any("canary stage" in action for action in actions), actions


_NOTES_WITH_STATUS_LABELS = """# 2024-05-06 Badge printer stuck

## Timeline

- 09:10 UTC Badge printing stops at the front desk
- 09:25 UTC Front desk reports that no badges print
- 09:50 UTC Print queue cleared; badges print for every visitor

## Lessons learned

Checking the queue's disk first would have saved half an hour.

**DONE**: the desk-tools team added the badge server to the disk alerts.

**TODO**: clean the print queue every night with a timer,
so that old jobs never fill the disk.

**TODO** double the badge server's disk at the next maintenance window.

TODO lists at the front desk are kept on paper.
"""


def test_a_paragraph_opened_by_a_bold_status_is_an_action_item_in_that_state() -> None:
    draft = draft_from_markdown(
        _NOTES_WITH_STATUS_LABELS.encode(), "badge-printer.md", MarkdownOptions(corpus_taxonomy())
    )
    read = [(item.action.value, item.status.value) for item in draft.action_items]
    assert [status for _, status in read] == ["done", "open", "open"], read
    assert read[0][0].startswith("the desk-tools team added the badge server")
    # The label is no part of the action; the paragraph's wrapped line is.
    assert read[1][0].startswith("clean the print queue every night")
    assert "never fill the disk" in read[1][0]
    assert read[2][0].startswith("double the badge server's disk")
    # Only a status in bold capitals is a label: a sentence that starts with the word is prose.
    assert not any("on paper" in action for action, _ in read)


def test_status_labelled_paragraphs_are_left_out_of_the_bodys_lessons() -> None:
    draft = draft_from_markdown(
        _NOTES_WITH_STATUS_LABELS.encode(), "badge-printer.md", MarkdownOptions(corpus_taxonomy())
    )
    lessons = draft.body.split("## Lessons Learned", 1)[1].split("\n## ", 1)[0]
    # Each follow-up is an action item already: the lessons keep the rest, nothing is lost.
    assert "Checking the queue's disk first" in lessons
    assert "TODO lists at the front desk are kept on paper." in lessons
    for work in ("disk alerts", "every night", "never fill the disk", "maintenance window"):
        assert work not in lessons, work


def _draft_of(text: str):  # type: ignore[no-untyped-def]
    return draft_from_markdown(text.encode(), "x.md", MarkdownOptions(corpus_taxonomy()))


GROUPED = (
    "# Kiosk screens frozen\n\n**Date:** 2024-06-03\n\n## Timeline\n\n"
    "- 06:40 UTC - Player 4.2 rolled out\n- 07:25 UTC - Player 4.1 rolled back\n\n"
    "**Root Cause and Resolution:**\n\n"
    "- **Root Cause:**\n  - The player followed its own redirect without limit.\n"
    "- **Resolution:**\n  - The kiosk team rolled the player back.\n\n"
    "**Corrective and Preventative Measures:**\n\n"
    "- **Improvements/Fixes:**\n  - Give staging the stations' start page.\n"
    "  - Test the player against redirect loops.\n"
    "- **Tasks:**\n  - Stop the player after five redirects.\n"
)


def test_a_bold_label_over_nested_items_groups_them_and_is_no_action() -> None:
    draft = _draft_of(GROUPED)
    assert [item.action.value for item in draft.action_items] == [
        "Give staging the stations' start page",
        "Test the player against redirect loops",
        "Stop the player after five redirects",
    ]


def test_a_bold_label_without_nested_items_is_still_an_item() -> None:
    text = (
        "# Queue slow\n\n**Date:** 2024-06-03\n\n## Timeline\n\n- 06:40 UTC - Queue grows\n\n"
        "## Action items\n\n- **Alert on queue depth:**\n- **Split the worker:**\n"
    )
    draft = _draft_of(text)
    assert len(draft.action_items) == 2


def test_the_root_cause_is_the_root_cause_labels_items_only() -> None:
    draft = _draft_of(GROUPED)
    assert draft.root_cause is not None
    assert draft.root_cause.value == "The player followed its own redirect without limit."
    cause = draft.body.split("## Root Cause\n", 1)[1].split("\n## ", 1)[0]
    assert "rolled the player back" not in cause
    resolution = draft.body.split("\n## Resolution\n", 1)[1].split("\n## ", 1)[0]
    assert "- The kiosk team rolled the player back." in resolution


_PLAIN_LABEL_LINES = """# Locker codes not sent

## Summary

On 3 June 2024 the parcel lockers sent no pickup codes for an hour.

## Timeline

- 09:00 UTC The lockers stop sending pickup codes
- 10:00 UTC Pickup codes are sent again

## Corrective and Preventative Measures

Improvements/Fixes:
Alert when no pickup code is sent for ten minutes.
Retry a failed code message once before giving up.
Tasks to Address the Issue:

Rotate the messaging gateway's key a week before it expires,
and note the date in the lockers' runbook.
Test the code messages in the staging lockers.
By doing all of this, we aim to send every code on time
and keep riders informed.
"""


def test_plain_lines_under_a_label_are_one_item_each() -> None:
    texts = [text for text, _ in _actions(_PLAIN_LABEL_LINES)]
    assert texts == [
        "Alert when no pickup code is sent for ten minutes",
        "Retry a failed code message once before giving up",
        # A line that starts in lower case goes on with the item above.
        "Rotate the messaging gateway's key a week before it expires, and note the date in "
        "the lockers' runbook",
        "Test the code messages in the staging lockers",
    ]


def test_a_closing_remark_or_another_label_ends_the_plain_lines() -> None:
    # The remark that sums the items up, over two lines, is no action.
    assert "aim" not in " ".join(text for text, _ in _actions(_PLAIN_LABEL_LINES))
    text = _PLAIN_LABEL_LINES.replace(
        "By doing all of this, we aim to send every code on time\nand keep riders informed.\n",
        "Conclusion:\nThe lockers sent every code again once the key was rotated.\n",
    )
    texts = [text for text, _ in _actions(text)]
    assert len(texts) == 4, texts  # the prose under "Conclusion:" plans no work
    assert not any("Conclusion" in t or "lockers sent every code" in t for t in texts)


def test_plain_lines_without_a_label_stay_a_paragraph() -> None:
    # Without "Tasks:" or the like, a paragraph's lines are one text: its planned work only.
    text = (
        "# Locker codes not sent\n\n## Summary\n\nOn 3 June 2024 no pickup codes were sent.\n\n"
        "## Timeline\n\n- 09:00 UTC Codes stop\n- 10:00 UTC Codes are sent again\n\n"
        "## Action items\n\nWe will alert when no pickup code is sent\n"
        "for ten minutes. The gateway was slow that day.\n"
    )
    texts = [text for text, _ in _actions(text)]
    assert len(texts) == 1, texts
    assert "for ten minutes" in texts[0]


@pytest.mark.parametrize("heading", ["Sub-issues", "Sub-tasks", "Child issues"])
def test_a_ticket_exports_sub_issues_are_its_action_items(heading: str) -> None:
    text = (
        "# INC-12 Route planner returns empty journeys\n\n## Timeline\n\n"
        "- 2025-02-11 08:52 UTC – Feed publishes every bridge as closed.\n"
        "- 2025-02-11 10:31 UTC – Journeys planned again.\n\n"
        f"## {heading}\n\n"
        "| ID | Title | Assignee | Status | Due date |\n|---|---|---|---|---|\n"
        "| INC-13 | Reject feed files that close most bridges | journeys-team | Done | Feb 14, 2025 |\n"
        "| INC-14 | Alert on large feed changes | data-feeds | Todo | Mar 1, 2025 |\n"
    )
    items = draft_from_markdown(
        text.encode(), "report.md", MarkdownOptions(corpus_taxonomy())
    ).action_items
    assert [(i.action.value, i.owner.value, i.status.value, i.due.value) for i in items] == [
        (
            "Reject feed files that close most bridges",
            "journeys-team",
            "done",
            dt.date(2025, 2, 14),
        ),
        ("Alert on large feed changes", "data-feeds", "open", dt.date(2025, 3, 1)),
    ]
_CODE_LABELS_REPORT = """# 支付回调丢失复盘

**日期**: 2025-05-06

## 时间线

- 09:10 UTC 支付回调开始失败
- 09:40 UTC 回滚后回调恢复正常

## 改进措施

- 回调处理增加幂等校验（负责人：支付组）
- {label}

  ```bash
  pay-admin callback replay --since 09:10
  ```

- 调整回调超时，配置如下：

  ```yaml
  callback_timeout: 5s
  ```

- Add a retry wrapper to the callback handler:

  ```python
  retry(callback, times=3)
  ```

修复代码：

```python
lock.release()
```
"""


@pytest.mark.parametrize(
    "label",
    ["执行命令：", "修复代码：", "配置如下：", "実行コマンド：", "Run the command:", "Fix code:"],
)
def test_a_label_over_a_code_block_is_no_action_item(label: str) -> None:
    actions = [action for action, _ in _actions(_CODE_LABELS_REPORT.format(label=label))]
    # The label only introduces the code; a task before its label ("调整回调超时，配置如下：")
    # is still the task, and one that names its change over the code stays whole.
    assert actions == [
        "回调处理增加幂等校验",
        "调整回调超时",
        "Add a retry wrapper to the callback handler",
    ]


def test_a_label_with_no_code_below_it_is_read_as_before() -> None:
    text = _CODE_LABELS_REPORT.format(label="重放积压的回调").replace(
        "修复代码：\n\n```python\nlock.release()\n```\n", ""
    )
    assert "重放积压的回调" in [action for action, _ in _actions(text)]
