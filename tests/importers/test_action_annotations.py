"""Action items' owners and stated completion dates, written after the action or in a status column."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.action_lists import SourceItem, read_action_items, to_draft_items
from pmkb.importers.document import read_document


def items_of(text: str) -> list[SourceItem]:
    doc = read_document("# Outage\n\n## Action items\n\n" + text)
    return read_action_items(doc.of_kind("actions"), default_year=2024)


@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "-"])
def test_owner_and_done_date_after_a_dash_leave_the_action(dash: str) -> None:
    (item,) = items_of(f"- [x] Renew the certificate {dash} @payments-platform, done 2024-04-18\n")
    assert item.text == "Renew the certificate"
    assert (item.owner, item.status, item.completed) == (
        "payments-platform",
        "done",
        dt.date(2024, 4, 18),
    )
    (draft,) = to_draft_items([item], dt.date(2024, 4, 18))
    assert draft.completed is not None
    assert (draft.completed.value, draft.completed.how) == (dt.date(2024, 4, 18), "found")


def test_a_trailing_segment_that_is_not_all_annotations_stays_in_the_action() -> None:
    (item,) = items_of("- [ ] Renew the certificate - rotate the keys, P1\n")
    assert item.text == "Renew the certificate - rotate the keys"
    assert item.priority == "P1"


def test_a_done_date_after_a_comma_is_the_completion_date() -> None:
    (item,) = items_of("- [x] Renew the certificate, done 2024-04-18\n")
    assert (item.text, item.completed) == ("Renew the certificate", dt.date(2024, 4, 18))


def test_a_status_column_with_a_date_gives_the_completion_date() -> None:
    (item,) = items_of(
        "| Action | Owner | Due | Status |\n|---|---|---|---|\n"
        "| Audit internal certificates | security | 2024-05-10 | Completed 2024-05-02 |\n"
    )
    assert (item.status, item.due, item.completed) == (
        "done",
        dt.date(2024, 5, 10),
        dt.date(2024, 5, 2),
    )
    (draft,) = to_draft_items([item], dt.date(2024, 4, 18))
    assert draft.completed is not None and draft.completed.how == "found"


def test_done_without_a_date_still_says_it_is_guessed() -> None:
    (item,) = items_of(
        "| Action | Owner | Due | Status |\n|---|---|---|---|\n"
        "| Audit internal certificates | security | 2024-05-10 | Done |\n"
    )
    (draft,) = to_draft_items([item], dt.date(2024, 4, 18))
    assert draft.completed is not None
    assert (draft.completed.value, draft.completed.how) == (dt.date(2024, 5, 10), "guessed")


def test_owners_are_kebab_case_and_say_what_the_source_wrote() -> None:
    (item,) = items_of(
        "- [ ] Add expiry alert at 30 days. Owner: platform team. Due: 2024-05-01.\n"
    )
    assert (item.text, item.due) == ("Add expiry alert at 30 days", dt.date(2024, 5, 1))
    (draft,) = to_draft_items([item], dt.date(2024, 4, 18))
    assert (draft.owner.value, draft.owner.how) == ("platform-team", "guessed")
    assert draft.owner.note == 'the source says "platform team"'
    (kept,) = to_draft_items(items_of("- [ ] Add it (owner: sre-team)\n"), dt.date(2024, 4, 18))
    assert (kept.owner.value, kept.owner.how) == ("sre-team", "found")


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("(Estimated completion: December 2024)", dt.date(2024, 12, 31)),
        ("- ETA: end of February 2024", dt.date(2024, 2, 29)),
        ("(target date Sept. 2025)", dt.date(2025, 9, 30)),
    ],
)
def test_a_month_promised_is_due_on_its_last_day_marked_as_a_guess(
    written: str, due: dt.date
) -> None:
    (item,) = items_of(f"- We are improving the node recovery path {written}\n")
    assert (item.text, item.due) == ("We are improving the node recovery path", due)
    (draft,) = to_draft_items([item], dt.date(2024, 1, 10))
    assert (draft.due.value, draft.due.how) == (due, "guessed")
    assert "gives the month alone" in draft.due.note


def test_a_day_stated_beats_a_month() -> None:
    (item,) = items_of("- Rotate the keys, due 2024-11-15 (completion: December 2024)\n")
    assert item.due == dt.date(2024, 11, 15)


# --- follow-ups written as a paragraph -----------------------------------------------------


def test_each_sentence_of_a_paragraph_that_plans_an_action_is_an_item_with_a_todo() -> None:
    items = items_of(
        "The outage showed that nobody watched disk use on the index nodes. We will\n"
        "add an alert when an index node passes 80% disk use. The storage team is going\n"
        "to move old indices to cold storage every week. A runbook for a full disk will\n"
        "be written by the on-call rotation. We have already doubled the disk size.\n"
    )
    assert [(i.text, i.line) for i in items] == [
        ("Add an alert when an index node passes 80% disk use", 5),
        # The team named as the sentence's subject is the owner; the action starts at its verb.
        ("Move old indices to cold storage every week", 6),
        ("A runbook for a full disk will be written by the on-call rotation", 7),
        # Work the paragraph reports as done since is an item too, read as done.
        ("We have already doubled the disk size", 8),
    ]
    assert [i.owner for i in items] == [None, "storage team", None, None]
    drafts = to_draft_items(items, dt.date(2024, 4, 18))
    assert (drafts[1].owner.value, drafts[1].owner.how) == ("storage-team", "guessed")
    assert drafts[0].action.how == "guessed"
    assert '"We will add an alert when an index node passes' in drafts[0].action.note
    assert "reword it" in drafts[0].action.note
    assert drafts[0].status.value == "open"
    assert (drafts[3].status.value, drafts[3].status.how) == ("done", "guessed")
    assert "We have already doubled" in drafts[3].status.note
    assert drafts[3].completed is not None and drafts[3].completed.how == "guessed"


def test_a_follow_up_paragraph_reports_work_done_in_its_own_words() -> None:
    items = items_of(
        "The deploy job did not wait for the health check. We have since added a health\n"
        "gate to the deploy job. The retry loop was fixed in #812. Support was told at\n"
        "09:40. We noticed the gap late.\n"
    )
    assert [(i.text, i.status) for i in items] == [
        ("We have since added a health gate to the deploy job", "done"),
        ("The retry loop was fixed in #812", "done"),
    ]


def test_what_a_follow_up_paragraph_saw_since_is_no_work() -> None:
    # Only what was seen since the incident, told in the same tense as work done: no item.
    items = items_of(
        "We have noticed nothing since. No stale reads have been observed since the fix.\n"
        "It has happened once more since, on a test cluster. We have since added a cache\n"
        "check to the deploy job.\n"
    )
    assert [(i.text, i.status) for i in items] == [
        ("We have since added a cache check to the deploy job", "done"),
    ]


def test_a_paragraph_that_leads_in_to_a_list_or_plans_nothing_is_no_item() -> None:
    items = items_of(
        "We will track these follow-ups in the platform tracker:\n\n"
        "- Add an alert on disk use\n\n"
        "These follow-ups will be reviewed next quarter, and we will report on them below.\n\n"
        "1. Move old indices to cold storage\n\n"
        "The index nodes had no disk alert. We will not change the retention.\n"
    )
    assert [i.text for i in items] == [
        "Add an alert on disk use",
        "Move old indices to cold storage",
    ]


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        (":white_check_mark:", "done"),
        (":heavy_check_mark: Done", "done"),
        (":construction: In progress", "in-progress"),
        ("\U0001f6a7 In progress", "in-progress"),
        (":x: Not started", "open"),
        (":x:", None),  # a cross says not done, not whether it is planned or dropped
    ],
)
def test_a_status_cell_read_past_the_emoji_or_shortcode_before_its_word(
    cell: str, status: str | None
) -> None:
    (item,) = items_of(
        f"| Action | Owner | Status |\n|---|---|---|\n| Add a check | Ops | {cell} |\n"
    )
    assert item.status == status


def test_an_owner_ends_with_its_sentence() -> None:
    # "Owner: cart-team. Agreed in the review.": the owner is the team; the note stays.
    first, second = items_of(
        "- [ ] Add a cache warm-up step. Owner: cart-team. Agreed in the review.\n"
        "- [ ] Alert on cache misses (Owner: Sr. SRE on call)\n"
    )
    assert first.owner == "cart-team"
    assert first.text == "Add a cache warm-up step. Agreed in the review"
    # A short abbreviation before a period is no sentence's end.
    assert second.owner == "Sr. SRE on call"


@pytest.mark.parametrize(
    ("line", "owner", "due", "priority"),
    [
        (
            "Autoscale the gateway \u2014 mobile-platform, due 6/28/2024",
            "mobile-platform",
            "2024-06-28",
            None,
        ),
        (
            "Autoscale the gateway \u2014 mobile-platform \u2014 2024-06-28",
            "mobile-platform",
            "2024-06-28",
            None,
        ),
        (
            "Autoscale the gateway - mobile platform team - due 2024-06-28",
            "mobile platform team",
            "2024-06-28",
            None,
        ),
        (
            "Autoscale the gateway \u2192 mobile-platform, by Jun 28",
            "mobile-platform",
            "2024-06-28",
            None,
        ),
        (
            "Autoscale the gateway \u2014 Owner: mobile-platform \u00b7 Due: Jun 28 \u00b7 P1",
            "mobile-platform",
            "2024-06-28",
            "P1",
        ),
        (
            "Autoscale the gateway \u2014 mobile-platform \u00b7 Due: Jun 28 \u00b7 P1",
            "mobile-platform",
            "2024-06-28",
            "P1",
        ),
    ],
)
def test_an_owner_among_the_trailing_annotations_leaves_the_action(
    line: str, owner: str, due: str, priority: str | None
) -> None:
    (item,) = items_of(f"- [ ] {line}\n")
    assert item.text == "Autoscale the gateway"
    assert (item.owner, f"{item.due}", item.priority) == (owner, due, priority)


@pytest.mark.parametrize(
    "line",
    [
        "Rewrite the retry loop - exponential backoff, P2",  # a phrase, not a team
        "Move the jobs to the new broker \u2014 mobile-platform",  # a name alone may be a thing
    ],
)
def test_words_after_a_dash_that_are_no_owner_stay_in_the_action(line: str) -> None:
    (item,) = items_of(f"- [ ] {line}\n")
    assert item.owner is None
    assert item.text.startswith(line.split(",")[0][:20])


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (
            "Teach the squads to scan their build artefacts (container images etc)",
            "Teach the squads to scan their build artefacts (container images etc)",
        ),
        (
            "Keep an inventory of cloud resources (for example <https://inventory.example.org/tool>)",
            "Keep an inventory of cloud resources (for example https://inventory.example.org/tool)",
        ),
        # A list of things, its first word shaped like a name: no owner "volume-clones".
        (
            "Back up the disks before a resize (volume-clones, snapshots, etc…)",
            "Back up the disks before a resize (volume-clones, snapshots, etc…)",
        ),
    ],
)
def test_words_in_brackets_that_tell_more_of_the_action_are_no_owner(line: str, text: str) -> None:
    # The words in brackets go on with the action (what to scan, a tool to look at): they stay
    # in it, and a link given as an example is no tracker.
    (item,) = items_of(f"- {line}\n")
    assert (item.text, item.owner, item.tracker) == (text, None, None)


@pytest.mark.parametrize("owner", ["sre", "ledger team", "Ledger Ops", "@ledger-ops"])
def test_an_owner_in_brackets_after_the_action_leaves_it(owner: str) -> None:
    (item,) = items_of(f"- Add a synthetic transfer check ({owner})\n")
    assert (item.text, item.owner) == ("Add a synthetic transfer check", owner.lstrip("@"))
    # Beside the item's other annotations too, in any order.
    (item,) = items_of(f"- Add a synthetic transfer check (P1, {owner}, due 2025-05-02)\n")
    assert (item.text, item.owner, item.priority) == (
        "Add a synthetic transfer check",
        owner.lstrip("@"),
        "P1",
    )
    assert item.due is not None and item.due.isoformat() == "2025-05-02"


@pytest.mark.parametrize(
    ("line", "owner", "action", "said"),
    [
        (
            "Platform team will add an alert on expiring certificates",
            "platform-team",
            "Add an alert on expiring certificates",
            '"Platform team will"',
        ),
        (
            "The DevEx team is going to pin the base image",
            "devex-team",
            "Pin the base image",
            '"The DevEx team is going to"',
        ),
        ("SRE to rotate the keys", "sre", "Rotate the keys", '"SRE to"'),
        (
            "the storage on-call will also document the restore steps",
            "storage-on-call",
            "Document the restore steps",
            '"the storage on-call will"',
        ),
    ],
)
def test_a_team_named_as_the_subject_of_the_action_is_its_owner(
    line: str, owner: str, action: str, said: str
) -> None:
    (item,) = items_of(f"- {line}\n")
    assert item.text == action
    (draft,) = to_draft_items([item], dt.date(2024, 4, 18))
    # A guess, marked with the words it was read from, as other guessed owners are.
    assert (draft.owner.value, draft.owner.how) == (owner, "guessed")
    assert said in draft.owner.note


@pytest.mark.parametrize(
    "line",
    [
        # A system or tool is no owner.
        "The deploy pipeline will retry failed uploads",
        # The writers themselves, or nobody in particular.
        "We will add a canary stage",
        "Someone will check the replica lag",
        "They will document the failover",
        "The team will add a load test",
        # An instruction that asks a team for work: whoever asks is not named.
        "Ask the payments team to review the limits",
        "Get SRE to rotate the keys",
        # No work planned.
        "Platform team will not change the timeouts",
        "The platform team will be paged for disk alerts",
    ],
)
def test_a_subject_that_is_no_team_gives_no_owner(line: str) -> None:
    (item,) = items_of(f"- {line}\n")
    assert (item.text, item.owner) == (line, None)


def test_an_owner_the_source_states_beats_the_subject() -> None:
    (item,) = items_of("- Platform team will add an alert (owner: sre)\n")
    assert item.owner == "sre"
    assert item.text == "Platform team will add an alert"


@pytest.mark.parametrize(
    ("line", "action", "keys"),
    [
        (
            "- Rotate the signing keys yearly, LAB-311",
            "Rotate the signing keys yearly",
            ["LAB-311"],
        ),
        ("- Add a canary stage (OPS-214)", "Add a canary stage", ["OPS-214"]),
        (
            "- [ ] Add a canary stage (OPS-214) to the deploy pipeline",
            "Add a canary stage to the deploy pipeline",
            ["OPS-214"],
        ),
        ("- Alert on queue depth \u2014 OPS-215", "Alert on queue depth", ["OPS-215"]),
        ("- Alert on queue depth, see OPS-215.", "Alert on queue depth", ["OPS-215"]),
        ("- Document the failover (ticket: OPS-216)", "Document the failover", ["OPS-216"]),
        ("- Split the export worker: OPS-7, OPS-8", "Split the export worker", ["OPS-7", "OPS-8"]),
    ],
)
def test_a_ticket_key_written_with_the_action_leaves_its_words_for_a_todo(
    line: str, action: str, keys: list[str]
) -> None:
    (item,) = items_of(line + "\n")
    assert (item.text, item.tickets) == (action, keys)
    (draft,) = to_draft_items([item], dt.date(2024, 3, 5))
    # No tracker: the format wants the ticket's URL. The TODO quotes the key to look it up.
    assert draft.action.value == action and draft.tracker is None
    assert draft.action.how == "guessed"
    assert all(f'"{key}"' in draft.action.note for key in keys)
    assert "set tracker to the ticket's URL" in draft.action.note


def test_a_ticket_key_beside_an_owner_in_brackets_leaves_both_out() -> None:
    (item,) = items_of("- Document the failover (OPS-216, owner: sre)\n")
    assert (item.text, item.owner, item.tickets) == ("Document the failover", "sre", ["OPS-216"])


def test_a_ticket_key_in_a_ticket_column_is_quoted_for_its_url() -> None:
    (item,) = items_of(
        "| Action | Owner | Ticket |\n| --- | --- | --- |\n| Add a retry budget | sre | OPS-300 |\n"
    )
    (draft,) = to_draft_items([item], dt.date(2024, 3, 5))
    assert draft.tracker is None and '"OPS-300"' in draft.action.note


def test_a_ticket_key_beside_a_link_keeps_the_link_as_tracker() -> None:
    (item,) = items_of("- Add a canary [PR](https://git.example.com/deploy/pull/5) (OPS-15)\n")
    (draft,) = to_draft_items([item], dt.date(2024, 3, 5))
    assert draft.action.value == "Add a canary"
    assert draft.tracker == "https://git.example.com/deploy/pull/5"
    # The link is the tracker; the key is still on record, with nothing left to do.
    assert draft.action.how == "found" and '"OPS-15"' in draft.action.note


@pytest.mark.parametrize(
    "line",
    [
        "- Hash the session tokens with SHA-256",
        "- Write the export timestamps as ISO-8601",
        "- Patch CVE-2024-1234 on the edge nodes",
        "- Upgrade the build runners to RHEL-9",
        "- Keep OPS-214 in mind when changing the deploy pipeline",
    ],
)
def test_a_key_shaped_word_inside_the_action_stays_in_it(line: str) -> None:
    (item,) = items_of(line + "\n")
    assert item.text == line[2:] and item.tickets == []


def test_an_item_that_is_only_a_ticket_key_still_asks_for_the_action() -> None:
    for line in ("- OPS-217", "- (OPS-217)"):
        (item,) = items_of(line + "\n")
        (draft,) = to_draft_items([item], dt.date(2024, 3, 5))
        assert draft.action.how == "missing", line
        assert "OPS-217" in draft.action.value, line


def _due_of_table(due: str) -> tuple[dt.date, str]:
    (item,) = items_of(
        f"| Action | Owner | Due |\n|---|---|---|\n| Rotate the keys | sre | {due} |\n"
    )
    # The incident on Wednesday 10 April 2024, the report written on Monday 15 April.
    (draft,) = to_draft_items([item], dt.date(2024, 4, 10), dt.date(2024, 4, 15))
    assert draft.due.how == "guessed"
    return draft.due.value, draft.due.note


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("this week", dt.date(2024, 4, 21)),  # the Sunday of the report's week
        ("next week", dt.date(2024, 4, 28)),
        ("end of month", dt.date(2024, 4, 30)),
        ("EOM", dt.date(2024, 4, 30)),
        ("next month", dt.date(2024, 5, 31)),
        ("end of quarter", dt.date(2024, 6, 30)),
        ("next quarter", dt.date(2024, 9, 30)),
        ("Q3", dt.date(2024, 9, 30)),
        ("Q1", dt.date(2025, 3, 31)),  # a quarter already over means next year's
        ("Q4 2025", dt.date(2025, 12, 31)),
        ("end of year", dt.date(2024, 12, 31)),
    ],
)
def test_a_due_written_relative_to_the_report_is_counted_from_its_date(
    written: str, due: dt.date
) -> None:
    value, note = _due_of_table(written)
    assert value == due
    assert written in note and "2024-04-15" in note


@pytest.mark.parametrize("written", ["next sprint", "soon", "ASAP", "after the freeze"])
def test_a_due_with_no_date_to_count_keeps_the_four_week_placeholder(written: str) -> None:
    value, note = _due_of_table(written)
    assert value == dt.date(2024, 5, 8)  # four weeks after the incident
    assert written in note


def test_a_relative_due_counts_from_the_incident_when_the_report_has_no_date() -> None:
    (item,) = items_of("| Action | Due |\n|---|---|\n| Rotate the keys | this week |\n")
    (draft,) = to_draft_items([item], dt.date(2024, 4, 10))
    assert draft.due.value == dt.date(2024, 4, 14)
    assert "incident" in draft.due.note


@pytest.mark.parametrize(
    "group",
    [
        "### Improvements/Fixes",
        "### Fixes and improvements",
        "- **Improvements/Fixes:**",
    ],
)
def test_a_heading_joining_an_unspecific_kind_leaves_each_item_its_own_category(
    group: str,
) -> None:
    from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

    from tests.importers.conftest import corpus_taxonomy

    indent = "  " if group.startswith("-") else ""
    text = (
        "# Booking outage\n\nDate: 2024-06-11\n\nThe booking site failed at 10:00 UTC.\n\n"
        f"## Action Items\n\n{group}\n\n"
        f"{indent}- Add an alert on the balancer error rate\n"
        f"{indent}- Restore the lost bookings from the queue\n"
        f"{indent}- Add a second balancer node\n"
    )
    draft = draft_from_markdown(text.encode(), "booking.md", MarkdownOptions(corpus_taxonomy()))
    categories = [item.category.value for item in draft.action_items]
    assert categories == ["detect", "repair", "prevent"]
    assert all("wording" in item.category.note for item in draft.action_items)
    # A sub-heading of one kind still gives its items its category.
    one_kind = text.replace(group.strip("-* :#"), "Fixes")
    assert {
        i.category.value
        for i in draft_from_markdown(
            one_kind.encode(), "booking.md", MarkdownOptions(corpus_taxonomy())
        ).action_items
    } == {"repair"}


# Follow-ups written in other languages name their owner, due date and state with the
# language's own labels, as English ones do with "owner:", "due" and "status:".
_OTHER_LANGUAGE_ITEMS = [
    (
        "- 設定値のレビュー手順を追加する（担当: 決済チーム、期限: 2024-04-30）",
        "設定値のレビュー手順を追加する",
        "決済チーム",
        None,
    ),
    (
        "- 監視を追加する（担当者：SREチーム、対応期限：2024-04-30、状況：完了）",
        "監視を追加する",
        "SREチーム",
        "done",
    ),
    (
        "- 手順書を更新する（担当：運用チーム、完了予定：2024-04-30、状況：対応中）",
        "手順書を更新する",
        "運用チーム",
        "in-progress",
    ),
    (
        "- 增加连接池使用率告警（负责人：支付组，截止：2024-04-30）",
        "增加连接池使用率告警",
        "支付组",
        None,
    ),
    (
        "- 补充压测用例，责任人：测试组，完成时间：2024-04-30，状态：进行中",
        "补充压测用例",
        "测试组",
        "in-progress",
    ),
    (
        "- 更新运维手册（负责人：运维组，截止日期：2024-04-30，状态：已完成）",
        "更新运维手册",
        "运维组",
        "done",
    ),
    (
        "- 연결 풀 사용률 알림 추가 (담당: 결제팀, 기한: 2024-04-30, 상태: 진행 중)",
        "연결 풀 사용률 알림 추가",
        "결제팀",
        "in-progress",
    ),
    (
        "- 부하 테스트 추가 (담당자: 결제팀, 기한: 2024-04-30, 상태: 완료)",
        "부하 테스트 추가",
        "결제팀",
        "done",
    ),
    (
        "- Añadir una alerta sobre el uso del pool (responsable: equipo de pagos, "
        "fecha límite: 30/04/2024, estado: completado)",
        "Añadir una alerta sobre el uso del pool",
        "equipo de pagos",
        "done",
    ),
    (
        "- Revisar el runbook (responsable: equipo de pagos, fecha límite: 30/04/2024, "
        "estado: en curso)",
        "Revisar el runbook",
        "equipo de pagos",
        "in-progress",
    ),
    (
        "- Ajouter une alerte sur l'usage du pool (responsable : équipe paiements, "
        "échéance : 30/04/2024, statut : terminé)",
        "Ajouter une alerte sur l'usage du pool",
        "équipe paiements",
        "done",
    ),
    (
        "- Relire le runbook (responsable : équipe paiements, échéance : 30/04/2024, "
        "statut : en cours)",
        "Relire le runbook",
        "équipe paiements",
        "in-progress",
    ),
    (
        "- Alarm auf die Pool-Auslastung einrichten (Verantwortlich: Team Zahlungen, "
        "Frist: 30.04.2024, Status: offen)",
        "Alarm auf die Pool-Auslastung einrichten",
        "Team Zahlungen",
        "open",
    ),
    (
        "- Runbook überarbeiten (Verantwortlich: Team Zahlungen, fällig 30.04.2024, "
        "Status: erledigt)",
        "Runbook überarbeiten",
        "Team Zahlungen",
        "done",
    ),
    (
        "- Adicionar um alerta de uso do pool (responsável: time de pagamentos, "
        "prazo: 30/04/2024, status: em andamento)",
        "Adicionar um alerta de uso do pool",
        "time de pagamentos",
        "in-progress",
    ),
    (
        "- Revisar o runbook (responsável: time de pagamentos, prazo: 30/04/2024, "
        "status: concluído)",
        "Revisar o runbook",
        "time de pagamentos",
        "done",
    ),
]


@pytest.mark.parametrize(("written", "action", "owner", "status"), _OTHER_LANGUAGE_ITEMS)
def test_owner_due_date_and_state_in_another_language_leave_the_action(
    written: str, action: str, owner: str, status: str | None
) -> None:
    (item,) = items_of(written + "\n")
    assert (item.text, item.owner, item.due, item.status) == (
        action,
        owner,
        dt.date(2024, 4, 30),
        status,
    )


@pytest.mark.parametrize(
    ("written", "status"),
    [
        (
            "- [ ] Revisar el runbook (responsable: equipo de pagos, estado: en curso)",
            "in-progress",
        ),
        (
            "- [ ] Revisar o runbook (responsável: time de pagamentos, status: em andamento)",
            "in-progress",
        ),
        ("- [ ] Review the runbook (owner: payments, status: in progress)", "in-progress"),
        ("- [ ] Review the runbook (owner: payments, status: won't do)", "wont-do"),
        ("- [ ] Review the runbook (owner: payments, status: pending)", "open"),
        ("- [x] Review the runbook (owner: payments, status: in progress)", "done"),
    ],
)
def test_a_stated_state_beyond_not_done_beats_an_unticked_box(written: str, status: str) -> None:
    # An unticked box says only "not done": the status label says which of the states that is.
    (item,) = items_of(written + "\n")
    assert (item.owner is not None, item.status) == (True, status)


@pytest.mark.parametrize(
    ("header", "states"),
    [
        ("| 対策 | 担当 | 期限 | 状況 |", ("完了", "対応中", "未着手")),
        ("| 措施 | 负责人 | 截止日期 | 状态 |", ("已完成", "进行中", "未开始")),
        ("| 조치 | 담당 | 기한 | 상태 |", ("완료", "진행 중", "미착수")),
        (
            "| Acción | Responsable | Fecha límite | Estado |",
            ("completado", "en curso", "pendiente"),
        ),
        ("| Action | Responsable | Échéance | Statut |", ("terminée", "en cours", "à faire")),
        ("| Maßnahme | Verantwortlich | Fällig | Status |", ("erledigt", "in Arbeit", "offen")),
        ("| Ação | Responsável | Prazo | Status |", ("concluído", "em andamento", "pendente")),
    ],
)
def test_a_follow_up_table_with_headers_in_another_language_reads_like_an_english_one(
    header: str, states: tuple[str, str, str]
) -> None:
    rows = "".join(
        f"| Tarea {n} | grupo-{n} | 2024-05-{10 + n} | {state} |\n"
        for n, state in enumerate(states, start=1)
    )
    items = items_of(f"{header}\n|---|---|---|---|\n{rows}")
    assert [(i.text, i.owner, i.due, i.status) for i in items] == [
        (f"Tarea {n}", f"grupo-{n}", dt.date(2024, 5, 10 + n), status)
        for n, status in enumerate(("done", "in-progress", "open"), start=1)
    ]


def test_labelled_sub_bullets_in_another_language_belong_to_the_item_above() -> None:
    (item,) = items_of(
        "- 監視を追加する\n  - 担当者：SREチーム\n  - 期限：2024-04-30\n  - 状況：完了\n"
    )
    assert (item.text, item.owner, item.due, item.status) == (
        "監視を追加する",
        "SREチーム",
        dt.date(2024, 4, 30),
        "done",
    )


def test_an_owner_in_another_script_is_kept_as_written_never_cut_to_its_latin_letters() -> None:
    items = items_of(
        "- 監視を追加する（担当者：SREチーム）\n"
        "- 手順書を更新する（担当：運用チーム）\n"
        "- Relire le runbook (responsable : équipe paiements)\n"
    )
    owners = [draft.owner for draft in to_draft_items(items, dt.date(2024, 4, 18))]
    assert [(o.value, o.how) for o in owners] == [
        ("SREチーム", "guessed"),
        ("運用チーム", "guessed"),
        ("equipe-paiements", "guessed"),
    ]
    assert "équipe paiements" in owners[2].note


def test_a_due_date_labelled_in_another_language_is_never_the_incidents_day() -> None:
    from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

    from tests.importers.conftest import corpus_taxonomy

    text = (
        "# Caída de la API de reservas\n\n## Acciones correctivas\n\n"
        "- Añadir una alerta (responsable: equipo de reservas, fecha límite: 30/04/2024)\n\n"
        "## Resumen\n\nLas reservas fallaron durante veinte minutos el 12/03/2024.\n\n"
        "## Cronología\n\nTodas las horas en UTC.\n\n"
        "- 10:00 Se despliega un cambio de configuración\n- 10:20 Se revierte el cambio\n"
    )
    draft = draft_from_markdown(text.encode(), "reservas.md", MarkdownOptions(corpus_taxonomy()))
    started = draft.timeline.get("started")
    assert started is not None and started.value.date() == dt.date(2024, 3, 12)
    (item,) = draft.action_items
    assert (item.due.value, item.due.how) == (dt.date(2024, 4, 30), "found")


@pytest.mark.parametrize("prefix", ["h5", "h6", "h7", "h8"])
def test_the_other_language_follow_up_shapes_give_every_item_its_owner_and_due_date(
    prefix: str,
) -> None:
    from pathlib import Path

    from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

    from tests.importers.conftest import corpus_taxonomy

    (path,) = (Path(__file__).parent / "shapes" / "documents").glob(f"{prefix}-*.md")
    draft = draft_from_markdown(path.read_bytes(), path.name, MarkdownOptions(corpus_taxonomy()))
    assert draft.action_items
    for item in draft.action_items:
        assert item.owner.how != "missing" and item.due.how == "found", item.action.value
        # The labels and their values left the action's words.
        assert not any(mark in item.action.value for mark in "（(：:，,"), item.action.value
