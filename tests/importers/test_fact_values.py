"""Facts the source states once, read into the draft without losing or inventing a value."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.draft import render
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

from tests.importers.conftest import corpus_taxonomy

UTC = dt.timezone.utc


def draft_of(text: str):  # type: ignore[no-untyped-def]
    # The file name gives the incident's year, which most of these texts do not.
    return draft_from_markdown(text.encode(), "report-2025.md", MarkdownOptions(corpus_taxonomy()))


def test_a_fact_time_earlier_than_the_start_is_on_the_next_day() -> None:
    draft = draft_of(
        "# Queue stall\n\n**Date:** 2024-03-02\n**Start time:** 23:10 UTC\n"
        "**Resolved:** 00:40 UTC\n\n## Summary\n\nThe queue stalled.\n"
    )
    resolved = draft.timeline["resolved"]
    assert resolved.value == dt.datetime(2024, 3, 3, 0, 40, tzinfo=UTC)
    assert resolved.how == "guessed" and "next day" in resolved.note


def test_a_value_left_out_is_a_todo_in_the_draft() -> None:
    draft = draft_of(
        "# Queue stall\n\n**Date:** 2024-03-02\n**Start time:** 2024-03-02 23:10 UTC\n"
        "**Mitigated:** 2024-03-02 21:00 UTC\n\n## Summary\n\nThe queue stalled.\n"
    )
    assert "mitigated" not in draft.timeline
    text = render(draft, "PM-2024-001")
    todo = [line for line in text.splitlines() if "left out timeline.mitigated" in line]
    assert todo and todo[0].lstrip().startswith("# TODO:")
    assert "before an earlier step" in todo[0]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Between 09:10 UTC on 4 March 2024 and 10:00 UTC, customers of the API saw errors.", None),
        ("On 4 March 2024 customers of the API saw errors.", None),
        ("On Mar 4, 2024 users could not log in.", None),
        ("About 5% of customers saw errors.", None),
        ("About 2,000 users could not log in.", 2000),
        ("Roughly 1.2 million customers were affected.", 1200000),
        ("40k EU customers saw slow pages.", 40000),
        # A length between the number and the people: how long, not how many.
        ("For 52 minutes users saw errors at checkout.", None),
        ("For 3 hours customers could not log in.", None),
        ("About 12,000 enterprise customers were affected.", 12000),
    ],
)
def test_a_count_is_a_number_that_qualifies_users_never_a_date(
    sentence: str, count: int | None
) -> None:
    draft = draft_of(f"# Outage\n\n## Summary\n\n{sentence}\n")
    found = draft.impact.get("users_affected")
    assert (found.value if found else None) == count


FOLLOW_UPS = (
    "# Cache purge failed\n\n## Timeline\n\n| Date | Time (UTC) | Event |\n|---|---|---|\n"
    "| {day} | 10:00 | Purges start failing |\n\n## Follow-up tasks\n\n"
    "| Task | Owner | Due date | Status |\n|---|---|---|---|\n"
    "| Add a purge canary | SRE | {due} | Completed 10/05/2025 |\n"
)


@pytest.mark.parametrize(
    ("day", "due", "completed"),
    [
        ("28/04/2025", "02/05/2025", dt.date(2025, 5, 10)),  # day first: 28 April
        ("04/28/2025", "05/02/2025", dt.date(2025, 10, 5)),  # month first: April 28
    ],
)
def test_numeric_dates_follow_the_order_of_the_files_other_dates(
    day: str, due: str, completed: dt.date
) -> None:
    draft = draft_of(FOLLOW_UPS.format(day=day, due=due))
    item = draft.action_items[0]
    assert item.completed is not None and item.completed.value == completed
    assert item.completed.how == "found"
    assert item.due.how == "found"


def test_a_numeric_date_nothing_resolves_says_it_is_ambiguous() -> None:
    draft = draft_of(FOLLOW_UPS.format(day="2025-04-28", due="02/05/2025"))
    item = draft.action_items[0]
    assert item.completed is not None and item.completed.how == "guessed"
    assert '"10/05/2025" is ambiguous' in item.completed.note
    assert item.due.how == "guessed" and "ambiguous" in item.due.note


def test_bold_lead_ins_that_name_a_section_fill_that_section() -> None:
    draft = draft_of(
        "# Search index stale\n\n**Date:** 2024-02-06\n"
        "**Summary:** The indexer stopped after a disk filled up.\n"
        "**Impact:** Search results were up to six hours old\nfor every tenant.\n"
        "- **Root causes**: Index snapshots were never pruned.\n\n"
        "## Timeline\n\n- 2024-02-06 08:00 UTC Indexer stops\n"
    )
    body = draft.body.split("## Original report")[0]
    assert "## Summary\n\nThe indexer stopped after a disk filled up.\n" in body
    assert "## Impact\n\nSearch results were up to six hours old\nfor every tenant.\n" in body
    assert "## Root Cause\n\nIndex snapshots were never pruned.\n" in body
    for title in ("Summary", "Impact", "Root Cause"):
        section = body.split(f"## {title}\n")[1].split("\n## ")[0]
        assert "not in the source" not in section


@pytest.mark.parametrize("separator", [" \u00b7 ", " | ", " \u2022 ", "   "])
def test_several_facts_on_one_line_are_each_read(separator: str) -> None:
    line = separator.join(
        ["**Date:** June 11, 2024", "**Severity:** SEV2", "**Service:** push-gateway"]
    )
    draft = draft_of(f"# Push backlog\n\n{line}\n\n## Timeline\n\n- 09:12 UTC Queue alert\n")
    assert (draft.severity.value, draft.severity.how) == ("SEV2", "found")
    assert draft.services.value == ["push-gateway"]
    assert draft.started == dt.datetime(2024, 6, 11, 9, 12, tzinfo=UTC)


def test_a_field_line_in_fenced_code_is_no_fact() -> None:
    # A pasted alert under the symptoms ("End: 04:36:32") is the alert's, not the report's.
    text = (
        "# Probe outage\n\n**Date**: 2025-05-19\n\n## Symptoms\n\nThe firewall alert:\n\n"
        "```text\nReason: rule-misfire\nBegin: 04:35:32\nEnd: 04:36:32\n```\n\n"
        "## Root cause\n\nA rule misfired.\n"
    )
    draft = draft_from_markdown(text.encode(), "probe.md", MarkdownOptions(corpus_taxonomy()))
    assert "resolved" not in draft.timeline
    assert draft.timeline["started"].how == "guessed"


def test_the_components_a_status_page_says_an_incident_affected_are_its_services() -> None:
    draft = draft_of(
        "# Meter readings delayed\n\n**Resolved** - Readings flow again.\nMar 4, 16:40\n\n"
        "**Investigating** - We are looking into delayed readings.\nMar 4, 14:47\n\n"
        "This incident affected: meter-gateway, readings-store.\n\n"
        "Posted on March 4, 2025. All times are in UTC.\n"
    )
    assert draft.services.value == ["meter-gateway", "readings-store"]


def ticket_export(fields: str) -> str:
    return (
        "# OPS-88 Basket totals wrong\n\n| Field | Value |\n|---|---|\n" + fields + "\n"
        "## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n"
        "| 08:52 | Basket totals wrong for shoppers with vouchers |\n"
        "| 09:06 | Totals alert fires |\n| 10:31 | Totals right again |\n"
    )


@pytest.mark.parametrize("label", ["Completed", "Resolved"])
def test_a_tickets_completed_date_is_the_resolution(label: str) -> None:
    draft = draft_of(
        ticket_export(
            "| Status | Done |\n| Created | Feb 11, 2025, 9:14 AM UTC |\n"
            f"| {label} | Feb 11, 2025, 11:02 AM UTC |\n"
        )
    )
    resolved = draft.timeline["resolved"]
    assert resolved.value == dt.datetime(2025, 2, 11, 11, 2, tzinfo=UTC)
    assert resolved.how == "found"


@pytest.mark.parametrize(
    ("fields", "severity"),
    [
        # A level among the labels, beside a priority that names none.
        ("| Priority | Urgent |\n| Labels | incident, sev2, checkout |\n", "SEV2"),
        # The label names the level in so many words; a priority is how soon to work on it.
        ("| Priority | P3 |\n| Labels | Sev-1 |\n", "SEV1"),
        ("| Labels | checkout, severity 2 |\n", "SEV2"),
    ],
)
def test_a_level_among_a_tickets_labels_is_the_severity(fields: str, severity: str) -> None:
    draft = draft_of(ticket_export("| Created | 2025-02-11 09:14 |\n" + fields))
    assert (draft.severity.value, draft.severity.how) == (severity, "found")
    assert "label" in draft.severity.note


@pytest.mark.parametrize(
    ("fields", "severity"),
    [
        # A severity stated as such beats a label.
        ("| Severity | SEV3 |\n| Labels | sev1 |\n", "SEV3"),
        # Labels that name no level, or levels that disagree, say nothing of it.
        ("| Priority | Highest |\n| Labels | checkout, p-team |\n", "SEV1"),
        ("| Priority | P2 |\n| Labels | sev1, sev3 |\n", "SEV2"),
    ],
)
def test_labels_without_one_level_leave_the_severity_to_the_fields(
    fields: str, severity: str
) -> None:
    draft = draft_of(ticket_export("| Created | 2025-02-11 09:14 |\n" + fields))
    assert draft.severity.value == severity
    assert "label" not in draft.severity.note


# --- services, teams and authors in other languages ---------------------------------

FACTS_TIMELINE = (
    "\n\n## Timeline\n\n- 2025-06-10 10:05 UTC Orders fail\n- 10:40 UTC Orders work again\n"
)


@pytest.mark.parametrize(
    ("facts", "services", "teams", "authors"),
    [
        (
            "**Servicios afectados:** reservas-salas\n**Equipo:** Plataforma de reservas\n"
            "**Autor:** equipo de guardia",
            ["reservas-salas"],
            ["plataforma-de-reservas"],
            ["equipo de guardia"],
        ),
        (
            "**Services affectés :** calcul-itineraires\n**Équipe :** plateforme mobilité\n"
            "**Rédigé par :** astreinte mobilité",
            ["calcul-itineraires"],
            ["plateforme-mobilite"],
            ["astreinte mobilité"],
        ),
        (
            "**Betroffene Dienste:** fahrplan-api\n**Verfasst von:** Team Fahrgastinformation",
            ["fahrplan-api"],
            None,
            ["Team Fahrgastinformation"],
        ),
        (
            "**Serviços afetados:** emissor-boletos\n**Equipe responsável:** Cobrança Recorrente",
            ["emissor-boletos"],
            ["cobranca-recorrente"],
            None,
        ),
        # A team or role written in its own script is kept as written, as an English author
        # line's words are.
        ("**作成者**：予約基盤チーム", None, None, ["予約基盤チーム"]),
        ("**负责人**：交易平台组", None, None, ["交易平台组"]),
        ("- **작성 팀**: 알림 플랫폼 팀", None, None, ["알림 플랫폼 팀"]),
    ],
)
def test_services_teams_and_authors_in_other_languages(
    facts: str, services: list[str] | None, teams: list[str] | None, authors: list[str] | None
) -> None:
    draft = draft_of(f"# Orders outage\n\n{facts}{FACTS_TIMELINE}")
    if services is not None:
        assert (draft.services.value, draft.services.how) == (services, "found")
    if teams is not None:
        assert draft.teams is not None and (draft.teams.value, draft.teams.how) == (teams, "found")
    if authors is not None:
        assert (draft.authors.value, draft.authors.how) == (authors, "found")


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("**影响范围**：订单服务、支付服务", ["订单服务", "支付服务"]),
        ("**対象システム**：予約通知、会員API", ["予約通知", "会員API"]),
        # "주문 API" is no "api": the Korean word would be lost.
        ("- **영향 서비스**: 결제 알림, 주문 API", ["결제 알림", "주문 API"]),
    ],
)
def test_services_in_another_script_are_named_in_a_todo(line: str, names: list[str]) -> None:
    draft = draft_of(f"# Orders outage\n\n{line}{FACTS_TIMELINE}")
    # No kebab-case form exists: the placeholder stays, and the TODO names what the source says.
    assert draft.services.value == ["service-name"] and draft.services.how == "guessed"
    assert all(f'"{name}"' in draft.services.note for name in names)
    assert "line 3" in draft.services.note


def test_services_in_latin_letters_beside_others_are_kept() -> None:
    draft = draft_of(f"# Orders outage\n\n**影响范围**：orders-api、支付服务{FACTS_TIMELINE}")
    assert draft.services.value == ["orders-api"] and '"支付服务"' in draft.services.note


@pytest.mark.parametrize(
    ("name", "text", "day"),
    [
        # Portuguese "Data:" is the incident's day, never the report's written above it, nor
        # the one in the file's name.
        (
            "2025-08-20-boletos.md",
            "**Data do relatório:** 20/08/2025\n**Data:** 14/08/2025",
            dt.date(2025, 8, 14),
        ),
        # English "Data:" tells of data: the date line below it gives the day.
        ("report.md", "Data: 2025 rows lost in the export\nDate: 2025-03-04", dt.date(2025, 3, 4)),
        ("report.md", "Data: 2% of rows lost\nDate: 2025-03-04", dt.date(2025, 3, 4)),
    ],
)
def test_a_data_line_is_the_date_only_when_a_date_follows(
    name: str, text: str, day: dt.date
) -> None:
    draft = draft_from_markdown(
        f"# Export failure\n\n{text}\n\n## Timeline\n\n- 09:00 UTC Export fails\n"
        "- 09:45 UTC Export works again\n".encode(),
        name,
        MarkdownOptions(corpus_taxonomy()),
    )
    assert draft.started.date() == day


_SUMMARY_CARD = """# Meter portal intermittently unavailable

Posted by the metering team, {posted}

**{label}:** {window} (Central European Summer Time)

**Impact:** Meter readings failed now and then.

**Cause:** The billing bridge could not parse the new message format.

**Resolution:** The release was rolled back at 4:38 pm.

**Next steps / prevention:** The metering team will add a contract test before the next release.
"""


@pytest.mark.parametrize("label", ["Timeframe", "Time frame"])
def test_a_timeframe_card_is_a_post_mortem_dated_by_its_window(label: str) -> None:
    text = _SUMMARY_CARD.format(
        posted="18 September 2024", label=label, window="September 16, 4:06 pm – 4:38 pm"
    )
    draft = draft_from_markdown(text.encode(), "card.md", MarkdownOptions(corpus_taxonomy()))
    # The window's day, in the year of the posting line two days later: never the posting day.
    assert f"{draft.timeline['started'].value:%Y-%m-%d %H:%M}" == "2024-09-16 14:06"
    assert f"{draft.timeline['mitigated'].value:%Y-%m-%d %H:%M}" == "2024-09-16 14:38"
    assert [(a.action.value, a.status.value) for a in draft.action_items] == [
        ("Add a contract test before the next release", "open")
    ]


def test_a_window_day_later_in_the_year_than_the_posting_is_the_year_before() -> None:
    text = _SUMMARY_CARD.format(
        posted="3 January 2025", label="Timeframe", window="December 30, 4:06 pm – 4:38 pm"
    )
    draft = draft_from_markdown(text.encode(), "card.md", MarkdownOptions(corpus_taxonomy()))
    assert f"{draft.timeline['started'].value:%Y-%m-%d}" == "2024-12-30"
