"""Advice listed with the follow-ups ("Always test in staging" under "Prevention Measures",
"Lessons learned" or "Best practices") is no action item: such a heading holds tasks only where
an item looks like one. The advice is kept in the draft's body, under its heading."""

from __future__ import annotations

from pathlib import Path

import pytest
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

from tests.importers.conftest import corpus_taxonomy

SHAPES = Path(__file__).parent / "shapes" / "documents"

_REPORT = """# Seat maps empty after a cache push

**Date:** 2025-03-04

## Timeline

- 09:10 UTC Seat map requests return empty maps
- 09:38 UTC Cache push reverted; seat maps load again

## {heading}

{items}
"""

_ADVICE = (
    "- Always try cache changes on staging first.\n"
    "- Engineers should double-check entry lifetimes before a push.\n"
    "- Be careful with lifetimes below a minute.\n"
    "- Remember to announce pushes in the bookings channel.\n"
)


def _draft(heading: str, items: str):  # type: ignore[no-untyped-def]
    text = _REPORT.format(heading=heading, items=items)
    return draft_from_markdown(text.encode(), "seat-maps.md", MarkdownOptions(corpus_taxonomy()))


def _actions(draft) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.action.value for item in draft.action_items]


def _lessons(draft) -> str:  # type: ignore[no-untyped-def]
    return draft.body.split("## Lessons Learned", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    "heading", ["Prevention Measures", "Preventive measures", "Prevention", "Recommendations"]
)
def test_advice_under_a_guidance_heading_is_kept_as_a_lesson_not_an_action(heading: str) -> None:
    draft = _draft(heading, _ADVICE + "- Add a check that rejects a zero entry lifetime.\n")
    assert _actions(draft) == ["Add a check that rejects a zero entry lifetime"]
    # No line is lost: the list stays whole, under its own heading, with the lessons.
    lessons = _lessons(draft)
    assert f"### {heading}" in lessons
    for line in _ADVICE.splitlines():
        assert line in lessons
    # The import's notes say which lines were set aside, and why.
    said = [note for note in draft.notes if "is advice, not a task" in note]
    assert len(said) == 4 and all(heading in note for note in said)


@pytest.mark.parametrize(
    "task",
    [
        "- [ ] Always run the staging check before a push",  # a checkbox
        "- Always run the staging check before a push (seat-maps-team)",  # an owner
        "- Always run the staging check before a push, due 2025-04-01",  # a due date
        "- Always run the staging check before a push: OPS-214",  # a ticket
        "- We should add an alert on empty seat maps",  # a change to make
        "- Migrate the cache settings to the validated config store",
    ],
)
def test_an_item_that_looks_like_a_task_stays_an_action_item(task: str) -> None:
    draft = _draft("Prevention Measures", task + "\n")
    assert len(draft.action_items) == 1
    assert "is advice" not in " ".join(draft.notes)


@pytest.mark.parametrize(
    "heading",
    [
        "Action items",
        "Follow-ups",
        "Remediation",
        "Corrective and preventive measures",
        "Preventive actions",
    ],
)
def test_sections_named_as_the_work_keep_every_item(heading: str) -> None:
    draft = _draft(heading, _ADVICE)
    assert len(draft.action_items) == 4
    assert "is advice" not in " ".join(draft.notes)


def test_a_guidance_sub_heading_under_the_follow_ups_names_its_own_list() -> None:
    draft = _draft(
        "Follow-ups",
        "- Always try cache changes on staging first.\n\n"
        "### Best practices\n\n" + _ADVICE + "- Write a runbook for cache pushes.\n\n"
        "### Tooling\n\n- Always try cache changes on staging first.\n",
    )
    # Above the sub-heading and under the next one, the items are the follow-ups' own.
    assert _actions(draft) == [
        "Always try cache changes on staging first",
        "Write a runbook for cache pushes",
        "Always try cache changes on staging first",
    ]
    assert "### Best practices" in _lessons(draft)


def test_a_task_beside_the_advice_is_an_action_item_and_left_out_of_the_lessons() -> None:
    items = (
        "What we took away from the push:\n\n"
        "- Always try cache changes on staging first.\n"
        "- Add a check that rejects a zero entry lifetime\n"
        "  to the settings validator (seat-maps-team).\n"
        "    - Due: 2025-04-01\n"
        "- Engineers should double-check entry lifetimes before a push.\n"
        "- [ ] Page the bookings lead on empty seat maps\n\n"
        "- Remember to announce pushes in the bookings channel.\n\n"
        "| Measure | Owner |\n|---|---|\n"
        "| Be careful with lifetimes below a minute | |\n"
        "| Move cache settings to the validated config store | platform-team |\n"
    )
    draft = _draft("Prevention Measures", items)
    assert _actions(draft) == [
        "Add a check that rejects a zero entry lifetime to the settings validator",
        "Page the bookings lead on empty seat maps",
        "Move cache settings to the validated config store",
    ]
    lessons = _lessons(draft)
    # Each task once, as an action item: none of its lines in the lessons.
    for words in ("zero entry lifetime", "settings validator", "2025-04-01", "bookings lead"):
        assert words not in lessons, words
    assert "validated config store" not in lessons
    # Every line of advice, the heading, the prose and the table's header stay.
    assert "### Prevention Measures" in lessons
    assert "What we took away from the push:" in lessons
    for line in (
        "- Always try cache changes on staging first.",
        "- Engineers should double-check entry lifetimes before a push.",
        "- Remember to announce pushes in the bookings channel.",
        "| Measure | Owner |",
        "| Be careful with lifetimes below a minute | |",
    ):
        assert line in lessons, line


@pytest.mark.parametrize(
    "name",
    [
        "r6-seat-maps-prevention-measures.md",
        "r7-ticket-scans-best-practices-sub-heading.md",
        "s6-parcel-lockers-recommendations-with-tasks.md",
    ],
)
def test_no_action_item_of_a_shape_is_repeated_in_its_lessons(name: str) -> None:
    source = (SHAPES / name).read_text(encoding="utf-8")
    draft = draft_from_markdown(source.encode(), name, MarkdownOptions(corpus_taxonomy()))
    lessons = _lessons(draft)
    assert draft.action_items
    for item in draft.action_items:
        assert item.action.value not in lessons, item.action.value
    for note in draft.notes:
        if "is advice, not a task" in note:
            line = int(note.split()[1])
            assert source.splitlines()[line - 1] in lessons, note


@pytest.mark.parametrize("heading", ["Lessons learned", "Lessons"])
@pytest.mark.parametrize(
    "task",
    [
        "- [ ] Add a check that rejects a zero entry lifetime",  # a checkbox
        "- Add a check that rejects a zero entry lifetime (seat-maps-team)",  # an owner
        "- Add a check that rejects a zero entry lifetime, due 2025-04-01",  # a due date
        "- Add a check that rejects a zero entry lifetime: OPS-214",  # a ticket
    ],
)
def test_a_task_under_lessons_learned_is_an_action_item(heading: str, task: str) -> None:
    draft = _draft(heading, _ADVICE + task + "\n- Cache lifetimes are easy to get wrong.\n")
    assert len(draft.action_items) == 1
    assert "zero entry lifetime" in draft.action_items[0].action.value
    # The lessons keep every other line, and the task is in the draft once.
    lessons = _lessons(draft)
    for line in _ADVICE.splitlines() + ["- Cache lifetimes are easy to get wrong."]:
        assert line in lessons, line
    assert "zero entry lifetime" not in lessons
    said = [note for note in draft.notes if "is a task" in note]
    assert len(said) == 1 and heading in said[0] and "line " in said[0]


@pytest.mark.parametrize(
    "lesson",
    [
        # Lessons are often worded as the work they ask for: words alone make no task here.
        "- Migrate the cache settings to the validated config store",
        "- We should add an alert on empty seat maps",
        "- Test cache pushes on staging before production.",
        # A word in brackets that names no team or role says what the lesson is about.
        "- An idea would be to keep a second cache for the mobile app (multi-region)",
    ],
)
def test_a_bare_imperative_under_lessons_learned_stays_a_lesson(lesson: str) -> None:
    draft = _draft("Lessons learned", _ADVICE + lesson + "\n")
    assert draft.action_items == []
    assert lesson in _lessons(draft)


def test_a_shape_with_tasks_among_its_lessons() -> None:
    name = "w4-locker-codes-lessons-with-tasks.md"
    source = (SHAPES / name).read_text(encoding="utf-8")
    draft = draft_from_markdown(source.encode(), name, MarkdownOptions(corpus_taxonomy()))
    owners = {item.action.value: item.owner.value for item in draft.action_items}
    assert owners["Keep the old chain on the gateway until every locker trusts the new one"] == (
        "lockers-team"
    )
    lessons = _lessons(draft)
    assert "- Test a pickup on each locker generation after a rotation." in lessons
    assert "The rotation runbook was written before" in lessons
    for item in draft.action_items:
        assert item.action.value not in lessons, item.action.value


_CHINESE_REPORT = """# 座位图缓存推送后为空

**日期**: 2025-03-04

## 根因

缓存条目的有效期被推成了零。

## 预防

{items}
"""


@pytest.mark.parametrize(
    "advice",
    [
        # A rule that forbids, after a name in Latin letters: "never ..."
        "- 座位服务 cache-push 不准在高峰时段执行。",
        "- 不要只看 Pod 状态就判断缓存已恢复。",
        # "一律" (always) past a name with spaces in it.
        "- seat-map 缓存参数一律用秒为单位填写。",
        # "必须" (must) with a verb that names no change: check, confirm.
        "- 推送缓存前必须确认条目有效期。",
    ],
)
def test_chinese_practice_under_prevention_is_a_lesson(advice: str) -> None:
    task = "- 为缓存推送增加有效期为零的校验。"
    text = _CHINESE_REPORT.format(items=f"{advice}\n{task}\n")
    draft = draft_from_markdown(text.encode(), "seat-maps.md", MarkdownOptions(corpus_taxonomy()))
    assert _actions(draft) == ["为缓存推送增加有效期为零的校验。"]
    assert advice.removeprefix("- ") in _lessons(draft)


@pytest.mark.parametrize(
    "task",
    [
        # "必须" (must) with a verb that names a change stays a task, as "must add" does.
        "- 缓存推送工具必须增加有效期校验。",
        "- 为缓存推送增加有效期为零的校验。",
    ],
)
def test_a_chinese_task_under_prevention_stays_an_action_item(task: str) -> None:
    text = _CHINESE_REPORT.format(items=f"{task}\n")
    draft = draft_from_markdown(text.encode(), "seat-maps.md", MarkdownOptions(corpus_taxonomy()))
    assert _actions(draft) == [task.removeprefix("- ")]


def test_do_not_opens_advice_as_never_does() -> None:
    draft = _draft("Prevention", "- Do not push cache changes during the evening peak.\n")
    assert _actions(draft) == []
    assert "Do not push cache changes during the evening peak." in _lessons(draft)


def test_a_task_must_is_no_be_sure_to() -> None:
    # "任务必须增加" (the job must add): "务必" (be sure to) read across two words is no habit.
    text = _CHINESE_REPORT.format(items="- 推送任务必须增加有效期校验。\n")
    draft = draft_from_markdown(text.encode(), "seat-maps.md", MarkdownOptions(corpus_taxonomy()))
    assert _actions(draft) == ["推送任务必须增加有效期校验。"]


@pytest.mark.parametrize(
    "rule",
    [
        "When the seat cache empties, check the entry lifetimes before pushing again.",
        "If a cache push fails twice, roll back before debugging.",
        "Before changing the cache lifetimes, take a copy of the current settings.",
        "Wenn der Cache leer ist, zuerst die Lebensdauer der Einträge prüfen.",
    ],
)
def test_a_rule_for_a_situation_under_prevention_is_a_lesson(rule: str) -> None:
    draft = _draft("Prevention", f"- {rule}\n- Add a check that rejects a zero entry lifetime.\n")
    assert _actions(draft) == ["Add a check that rejects a zero entry lifetime"]
    assert rule in _lessons(draft)


@pytest.mark.parametrize(
    "task",
    [
        # A clause of what to do that opens with a change to make: a task, as "Add ..." is.
        "When the seat cache empties, page the on-call: add an alert on empty seat maps",
        "Before each cache push, add a check that rejects a zero entry lifetime",
        "If a cache push fails, we should add a rollback step to the push tool",
    ],
)
def test_a_situation_with_a_change_to_make_stays_an_action_item(task: str) -> None:
    draft = _draft("Prevention", f"- {task}\n")
    assert _actions(draft) == [task]


@pytest.mark.parametrize(
    "rule",
    [
        "- 遇到座位图为空时，先查缓存条目的有效期，不要直接重推。",
        "- 出现座位图告警时优先检查最近一次推送。",
        "- 修改缓存有效期前先导出当前配置。",
        "- 如果推送连续失败两次，立即回滚再排查。",
        # "固定按" (always by) opens the clause: no "固定" (pin).
        "- 排查座位图故障时，固定按缓存、推送、读取的顺序检查。",
    ],
)
def test_a_chinese_rule_for_a_situation_is_a_lesson(rule: str) -> None:
    task = "- 为缓存推送增加有效期为零的校验。"
    text = _CHINESE_REPORT.format(items=f"{rule}\n{task}\n")
    draft = draft_from_markdown(text.encode(), "seat-maps.md", MarkdownOptions(corpus_taxonomy()))
    assert _actions(draft) == ["为缓存推送增加有效期为零的校验。"]
    assert rule.removeprefix("- ") in _lessons(draft)


@pytest.mark.parametrize(
    "task",
    [
        "- 遇到座位图为空的情况，增加一条有效期为零的告警。",
        "- 出现推送失败时，必须增加自动回滚。",
        # "当时", "当前" are "at the time", "current": no situation, the old reading stands.
        "- 当时没有告警，补充座位图为空的告警。",
        "- 当前推送阈值过低，应调整到一分钟。",
    ],
)
def test_a_chinese_situation_with_a_change_to_make_stays_an_action_item(task: str) -> None:
    text = _CHINESE_REPORT.format(items=f"{task}\n")
    draft = draft_from_markdown(text.encode(), "seat-maps.md", MarkdownOptions(corpus_taxonomy()))
    assert _actions(draft) == [task.removeprefix("- ")]


def test_a_situation_rule_with_a_task_mark_stays_an_action_item() -> None:
    item = "- When the seat cache empties, check the entry lifetimes first (seat-maps-team)"
    draft = _draft("Prevention", item + "\n")
    assert len(draft.action_items) == 1


_CALLBACK_REPORT = """# 支付回调丢失复盘

**日期**: 2025-05-06

## 时间线

时间均为 UTC+8。

- 09:10 支付回调开始失败
- 09:40 回滚后回调恢复正常

{sections}
"""


def _chinese_draft(sections: str):  # type: ignore[no-untyped-def]
    text = _CALLBACK_REPORT.format(sections=sections)
    return draft_from_markdown(text.encode(), "callbacks.md", MarkdownOptions(corpus_taxonomy()))


@pytest.mark.parametrize(
    ("lessons_label", "tasks_label"),
    [
        ("**经验教训：**", "**后续任务：**"),
        ("**反思：**", "**后续任务：**"),
        ("**教訓：**", "**タスク：**"),
        ("**Lessons learned:**", "**Tasks:**"),
    ],
)
def test_a_lessons_label_among_the_follow_ups_keeps_its_items_as_lessons(
    lessons_label: str, tasks_label: str
) -> None:
    draft = _chinese_draft(
        f"## 改进措施\n\n{lessons_label}\n\n- 要重视监控告警\n- 加强团队之间的沟通\n\n"
        f"{tasks_label}\n\n- 回调处理增加幂等校验（负责人：支付组，截止：2025-05-30）\n"
        "- 增加回调失败率告警\n"
    )
    # Lessons are worded like tasks, so their label says what they are; the tasks after
    # the next label are the follow-ups, with or without an owner.
    assert _actions(draft) == ["回调处理增加幂等校验", "增加回调失败率告警"]
    lessons = _lessons(draft)
    assert "- 要重视监控告警" in lessons and "- 加强团队之间的沟通" in lessons
    assert lessons_label.strip("*").rstrip("：:") in lessons


def test_a_lessons_item_with_an_owner_under_a_lessons_label_is_still_a_task() -> None:
    draft = _chinese_draft(
        "## 改进措施\n\n**经验教训：**\n\n- 要重视监控告警\n"
        "- 为回调失败率增加告警，负责人：支付组\n"
    )
    assert _actions(draft) == ["为回调失败率增加告警"]


@pytest.mark.parametrize(
    "heading", ["经验教训与改进措施", "经验教训和改进措施", "教訓と再発防止策"]
)
def test_a_heading_joining_lessons_and_follow_ups_keeps_the_lessons_and_the_tasks(
    heading: str,
) -> None:
    draft = _chinese_draft(
        f"## {heading}\n\n- 要重视监控告警\n- 加强代码评审\n"
        "- 回调处理增加幂等校验（负责人：支付组，截止：2025-05-30）\n"
    )
    # As "Lessons learned and action items": lessons, with the task that has an owner read.
    assert _actions(draft) == ["回调处理增加幂等校验"]
    lessons = _lessons(draft)
    assert "- 要重视监控告警" in lessons and "- 加强代码评审" in lessons


@pytest.mark.parametrize("heading", ["反思", "所感", "反省"])
def test_reflections_close_the_report_as_lessons_not_tasks(heading: str) -> None:
    draft = _chinese_draft(
        f"## {heading}\n\n- 要重视监控告警\n- 值班同学对回调链路不够熟悉\n\n"
        "## 改进措施\n\n- 回调处理增加幂等校验，负责人：支付组\n"
    )
    assert _actions(draft) == ["回调处理增加幂等校验"]
    lessons = _lessons(draft)
    assert "- 要重视监控告警" in lessons and "- 值班同学对回调链路不够熟悉" in lessons


def test_a_reminder_to_take_something_seriously_under_prevention_is_a_lesson() -> None:
    draft = _chinese_draft("## 预防\n\n- 要重视监控告警\n- 为回调失败率增加告警\n")
    assert _actions(draft) == ["为回调失败率增加告警"]
    assert "- 要重视监控告警" in _lessons(draft)


@pytest.mark.parametrize(
    ("heading", "items", "tasks", "kept"),
    [
        (
            "改进措施",
            "- 要重视监控告警\n- 发布前务必对比配置差异\n- 增加回调失败率告警\n",
            ["增加回调失败率告警"],
            ["- 要重视监控告警", "- 发布前务必对比配置差异"],
        ),
        (
            "改善策",
            "- 外部サービスの変更通知は必ず確認すること\n- 送信エラーのアラートを追加する\n",
            ["送信エラーのアラートを追加する"],
            ["- 外部サービスの変更通知は必ず確認すること"],
        ),
        (
            "Improvements",
            "- Always compare the config diff before a release\n"
            "- Add an alert on the callback failure rate\n",
            ["Add an alert on the callback failure rate"],
            ["- Always compare the config diff before a release"],
        ),
    ],
    ids=["chinese", "japanese", "english"],
)
def test_practice_listed_under_improvements_is_a_lesson_and_the_work_a_task(
    heading: str, items: str, tasks: list[str], kept: list[str]
) -> None:
    """ "Improvements", "改进措施", "改善策" hold work and practice as "Prevention" does: a
    reminder or a habit ("要重视 ...", "务必 ...", "必ず ...", "Always ...") is a lesson kept
    in the body, a change to make ("增加 ... 告警") a task."""
    draft = _chinese_draft(f"## {heading}\n\n{items}")
    assert _actions(draft) == tasks
    lessons = _lessons(draft)
    assert all(line in lessons for line in kept)


def test_a_habit_under_action_items_stays_a_task() -> None:
    """A heading that names the work itself keeps every item a task, whatever its words."""
    draft = _chinese_draft("## 后续任务\n\n- 发布前务必对比配置差异\n- 增加回调失败率告警\n")
    assert _actions(draft) == ["发布前务必对比配置差异", "增加回调失败率告警"]


@pytest.mark.parametrize("heading", ["总结", "まとめ"])
def test_a_closing_summary_holds_lessons_and_only_marked_tasks(heading: str) -> None:
    """A report closes with 总结 or まとめ (conclusion): its list is lessons, as under
    "Conclusion"; an item with an owner there is a task, the rest stays in the body."""
    draft = _chinese_draft(
        "## 改进措施\n\n- 回调处理增加幂等校验，负责人：支付组\n\n"
        f"## {heading}\n\n这次故障影响不大，几点体会：\n\n- 配置改动需要评审\n"
        "- 要加强值班同学对回调链路的了解\n- 补充回调的压测用例（负责人：测试组）\n\n"
        "今后会继续完善发布流程。\n"
    )
    assert _actions(draft) == ["回调处理增加幂等校验", "补充回调的压测用例"]
    lessons = _lessons(draft)
    assert "- 配置改动需要评审" in lessons and "今后会继续完善发布流程。" in lessons


def _summary(draft) -> str:  # type: ignore[no-untyped-def]
    return draft.body.split("## Summary", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    ("heading", "text", "points"),
    [
        (
            "总结",
            "积分结算任务在晚高峰卡住约 35 分钟，会员积分迟迟不到账。",
            "1. 结算任务的连接被长事务占满\n2. 补充结算任务的压测用例（负责人：测试组）\n",
        ),
        (
            "事故总结",
            "积分结算任务在晚高峰卡住约 35 分钟，会员积分迟迟不到账。",
            "1. 结算任务的连接被长事务占满\n2. 补充结算任务的压测用例（负责人：测试组）\n",
        ),
        (
            "まとめ",
            "ポイント精算ジョブが 35 分止まり、会員のポイントが反映されなかった。",
            "- 精算ジョブの接続が長いトランザクションで埋まった\n"
            "- 精算ジョブの負荷試験を追加する（担当：試験チーム）\n",
        ),
    ],
    ids=["summary", "incident-summary", "japanese"],
)
def test_a_summary_that_opens_the_report_is_its_summary_not_its_lessons(
    heading: str, text: str, points: str
) -> None:
    """Many Chinese and Japanese reports open with "## 总结" or "## 事故总结" before the
    timeline and the cause: there it is the report's summary, and none of its points is a
    lesson or a task; only after the body does such a heading close the report with lessons."""
    report = (
        "# 复盘：会员积分到账延迟\n\n**日期**: 2025-09-03\n\n"
        f"## {heading}\n\n{text}\n\n{points}\n"
        "## 时间线\n\n- 19:05 积分结算任务开始堆积\n- 19:40 重启结算任务，积分补发完成\n\n"
        "## 根因\n\n一条对账脚本开启了长事务，占满了结算任务的连接池。\n\n"
        "## 改进措施\n\n- 对账脚本改为分批提交（负责人：积分组）\n"
    )
    draft = draft_from_markdown(report.encode(), "points.md", MarkdownOptions(corpus_taxonomy()))
    assert _actions(draft) == ["对账脚本改为分批提交"]
    summary = _summary(draft)
    assert text in summary
    assert all(line in summary for line in points.splitlines())
    assert text not in _lessons(draft)


@pytest.mark.parametrize(
    ("items", "tasks", "kept"),
    [
        (
            "- 障害対応時はまず送信キューの滞留を確認すること\n"
            "- 証明書の切り替えの際には配信チームに連絡すること\n"
            "- キューが詰まった場合は、送信ワーカーのログを確認する\n"
            "- 送信キューの監視を追加する\n- 自動再起動の仕組みを導入する\n"
            "- 切り替え前に接続テストを導入する\n",
            [
                "送信キューの監視を追加する",
                "自動再起動の仕組みを導入する",
                "切り替え前に接続テストを導入する",
            ],
            [
                "- 障害対応時はまず送信キューの滞留を確認すること",
                "- 証明書の切り替えの際には配信チームに連絡すること",
                "- キューが詰まった場合は、送信ワーカーのログを確認する",
            ],
        ),
        (
            "- 遇到 回调堆积 时，先查消费者的延迟\n- 增加回调失败率告警\n",
            ["增加回调失败率告警"],
            ["- 遇到 回调堆积 时，先查消费者的延迟"],
        ),
    ],
    ids=["japanese", "chinese"],
)
def test_a_japanese_rule_for_a_situation_is_a_lesson_as_a_chinese_one_is(
    items: str, tasks: list[str], kept: list[str]
) -> None:
    """ "障害対応時は ...", "... の際は ...", "... 場合は ..." name a situation and say what to do
    then, as "遇到 ... 时，先查 ..." does: practice, kept with the lessons. A change to make
    ("... を追加する", "... を導入する") is a task, a situation before it or not."""
    draft = _chinese_draft(f"## 再発防止策\n\n{items}")
    assert _actions(draft) == tasks
    lessons = _lessons(draft)
    assert all(line in lessons for line in kept)
