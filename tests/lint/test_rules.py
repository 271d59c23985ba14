"""The review checklist: every rule passes on a good report and fails on a bad one.

``CASES`` has one entry per rule in :data:`pmkb.lint.rules.RULES`; a rule
added without an entry here fails ``test_every_rule_has_a_passing_and_a_failing_case``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pmkb.lint import RULES, SettingsError, lint_corpus, resolve_levels
from pmkb.problems import Problem

from tests.conftest import (
    BASE_BODY,
    REMOVE,
    corpus_report,
    line_of,
    lint,
    lint_context,
    load,
    only,
    render_postmortem,
    write_postmortem,
)


@dataclass(frozen=True)
class Case:
    """A failing edit of the base report and what the rule must say about it.

    ``expected`` lists (needle of the line or a function of the text, key) per finding; ``hint`` is a
    phrase every finding's message must contain (the fix). ``passing`` is an
    edit that must draw nothing from the rule (the base report draws nothing
    from any rule, so an empty edit is a real passing case).
    """

    failing: dict[str, Any]
    expected: list[tuple[str | Callable[[str], int], str]]
    hint: str
    passing: dict[str, Any] = field(default_factory=dict)
    #: The lint's as-of date ("today") for the failing case, when not the suite's.
    as_of: dt.date | None = None


def body_start(text: str) -> int:
    """The first line after the closing fence, where body-wide findings point."""
    return line_of(text, "---", occurrence=2) + 1


def body_with(old: str, new: str) -> str:
    assert old in BASE_BODY
    return BASE_BODY.replace(old, new)


CASES: dict[str, Case] = {
    "timeline-complete": Case(
        failing={"timeline__acknowledged": REMOVE, "timeline__mitigated": REMOVE},
        expected=[("timeline:", "timeline.acknowledged"), ("timeline:", "timeline.mitigated")],
        hint="cannot be measured",
        # A draft may not know them yet.
        passing={
            "status": "draft",
            "timeline__acknowledged": REMOVE,
            "timeline__mitigated": REMOVE,
        },
    ),
    "started-by-as-of": Case(
        # Linted the day before the incident started: a mistyped year looks the same.
        failing={},
        as_of=dt.date(2025, 2, 8),
        expected=[("  started:", "timeline.started")],
        hint="check the date",
    ),
    "timeline-table": Case(
        failing={"body": body_with("| 2025-02-09 10:35 |", "| 2025-02-09 09:35 |")},
        expected=[("| 2025-02-09 09:35 |", "body:## Timeline")],
        hint="put the rows in chronological order",
        passing={"body": body_with("| 2025-02-09 10:35 |", "| 10:35 |")},
    ),
    "factors-min-two": Case(
        failing={
            "contributing_factors": ["missing-index"],
            "action_items__0__addresses": ["missing-index"],
            "action_items__1__addresses": ["missing-index"],
        },
        expected=[("contributing_factors:", "contributing_factors")],
        hint="ask what else made this possible",
        passing={
            "contributing_factors": ["missing-index", "testing-gap"],
            "action_items__0__addresses": ["missing-index"],
        },
    ),
    "factor-layers": Case(
        failing={
            "contributing_factors": ["missing-index", "monitoring-gap"],
            "action_items__1__addresses": ["missing-index"],
        },
        expected=[("contributing_factors:", "contributing_factors")],
        hint="look for process and organizational factors",
        passing={
            "contributing_factors": ["missing-index", "monitoring-gap", "unclear-ownership"],
            "action_items__1__addresses": ["missing-index"],
        },
    ),
    "addresses-cited-factor": Case(
        failing={"action_items__1__addresses": ["missing-index", "runbook-gap"]},
        expected=[("addresses: [missing-index, runbook-gap]", "action_items[1].addresses[1]")],
        hint="add the factor or fix the tag",
        passing={"action_items__1__addresses": REMOVE},
    ),
    "action-items-present": Case(
        failing={"action_items": []},
        expected=[("status: published", "status")],
        hint="list what will detect, mitigate or prevent",
        passing={"status": "draft", "action_items": []},
    ),
    "action-item-verb": Case(
        failing={
            "action_items__1__action": "Better query-plan checks for new queries in the pipeline"
        },
        expected=[("action: Better query-plan", "action_items[1].action")],
        hint="start with a verb",
        passing={
            "action_items__1__action": "Gate new queries on a query-plan check in the release pipeline"
        },
    ),
    "action-item-specific": Case(
        failing={"action_items__0__action": "Improve monitoring"},
        expected=[("action: Improve monitoring", "action_items[0].action")],
        hint="too vague to finish",
        passing={
            "action_items__0__action": "Improve the pool alert to fire at 80% for five minutes"
        },
    ),
    "action-item-due": Case(
        failing={
            "action_items__0__due": "2024-02-16",
            "action_items__0__status": "open",
            "action_items__0__completed": REMOVE,
        },
        expected=[("due: 2024-02-16", "action_items[0].due")],
        hint="check the year",
        passing={"action_items__1__due": "2026-02-09"},
    ),
    "blameless-language": Case(
        failing={"root_cause": "The outage was human error in a release that added a slow query."},
        expected=[("root_cause:", "root_cause")],
        hint="ask what let the error have this impact",
        passing={
            "root_cause": "The release process had no step that checked query plans for new queries."
        },
    ),
    "personal-names": Case(
        failing={
            "body": body_with("The rollback was quick", "Alice ran the rollback; it was quick")
        },
        expected=[("Alice ran the rollback", "body")],
        hint="use a role or team instead",
        passing={
            "body": body_with(
                "The rollback was quick", "The on-call engineer ran the rollback; it was quick"
            )
        },
    ),
    "published-48h": Case(
        failing={"published": "2025-02-14", "follow_up_review": "2025-03-10"},
        expected=[("published: 2025-02-14", "published")],
        hint="within 48 hours",
        passing={"published": "2025-02-11"},
    ),
    "follow-up-review": Case(
        failing={"follow_up_review": "2025-02-12"},
        expected=[("follow_up_review: 2025-02-12", "follow_up_review")],
        hint="2 to 6 weeks out",
        passing={"follow_up_review": "2025-02-23"},
    ),
    "body-sections": Case(
        failing={"body": body_with("## Five Whys\n", "")},
        expected=[(body_start, "body")],
        hint="missing section ## Five Whys",
        passing={"body": body_with("## Five Whys\n", "## Five Whys\n\n### Deeper\n")},
    ),
    "summary-severity": Case(
        failing={
            "body": body_with("Checkout requests failed", "In this SEV1, checkout requests failed")
        },
        expected=[("In this SEV1", "body:## Summary")],
        hint="the summary says SEV1 but severity is SEV2; make them agree",
        # Another incident's severity beside this one's is not a contradiction.
        passing={
            "body": body_with(
                "Checkout requests failed",
                "Like the SEV1 of May, this SEV2: checkout requests failed",
            )
        },
    ),
    "summary-duration": Case(
        failing={"body": body_with("for about thirty minutes", "for 45 minutes")},
        expected=[("for 45 minutes", "body:## Summary")],
        hint=(
            "the summary says '45 minutes' but the timeline gives 30 min from started to "
            "mitigated and 1 h 35 min from started to resolved"
        ),
        # The duration of something else than the incident is not compared.
        passing={
            "body": body_with(
                "for about thirty minutes", "for half an hour behind a 5-minute cache TTL"
            )
        },
    ),
    "five-whys": Case(
        failing={
            "body": body_with(
                "The release pipeline had no query-plan check.",
                "The developer skipped the query-plan check.",
            )
        },
        expected=[("The developer skipped", "body:## Five Whys")],
        hint="ask one more: why did the system let that slip happen",
        # The same slip, with what let it through, goes past the person.
        passing={
            "body": body_with(
                "The release pipeline had no query-plan check.",
                "The developer skipped the query-plan check, which nothing in the pipeline asked for.",
            )
        },
    ),
    "todo-left": Case(
        failing={
            "body": body_with(
                "The rollback was quick", "TODO: say what went well.\nThe rollback was quick"
            )
        },
        expected=[("TODO: say what", "")],
        hint="TODO left",
        passing={
            "body": body_with("The rollback was quick", "The rollback (no todo left) was quick")
        },
    ),
    "service-names": Case(
        # One file is enough: `api` and `api-service` are one service written two ways.
        failing={"services": ["api-service", "orders-db", "api"]},
        expected=[("services:", "services[0]"), ("services:", "services[2]")],
        hint="lint.distinct_names",
        # A database and an API of one system are two services.
        passing={"services": ["api-service", "orders-db", "orders-api"]},
    ),
}


def lint_text(root: Path, text: str, **ctx: Any) -> list[Problem]:
    write_postmortem(root, "2025/2025-02-09-case.md", text=text)
    return lint(root, **ctx)


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    assert set(CASES) == set(RULES)


def test_the_base_report_draws_nothing(corpus_root: Path) -> None:
    assert lint_text(corpus_root, render_postmortem()) == []


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_passes(corpus_root: Path, rule_id: str) -> None:
    case = CASES[rule_id]
    problems = lint_text(corpus_root, render_postmortem(**case.passing))
    assert [p for p in problems if p.is_error and p.rule not in RULES] == [], (
        "passing case must load"
    )
    assert only(problems, rule_id) == []


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_fails_with_line_key_and_fix(corpus_root: Path, rule_id: str) -> None:
    case = CASES[rule_id]
    text = render_postmortem(**case.failing)
    problems = lint_text(corpus_root, text, **({"as_of": case.as_of} if case.as_of else {}))
    assert [p for p in problems if p.rule not in RULES] == [], "the failing case must load cleanly"
    found = only(problems, rule_id)
    assert [(p.path, p.line, p.key) for p in found] == [
        (
            "2025/2025-02-09-case.md",
            needle(text) if callable(needle) else line_of(text, needle),
            key,
        )
        for needle, key in case.expected
    ]
    for problem in found:
        assert problem.severity == RULES[rule_id].default
        assert case.hint in problem.message


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_a_summary_and_a_valid_default(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.id == rule_id
    assert rule.default in ("error", "warning", "off")
    assert rule.summary.endswith(".")


# --- rule by rule: the details of each -------------------------------------------------------


def rule_problems(root: Path, rule_id: str, **overrides: Any) -> tuple[str, list[Problem]]:
    text = render_postmortem(**overrides)
    return text, only(lint_text(root, text), rule_id)


def test_timeline_table_row_that_is_not_a_time(corpus_root: Path) -> None:
    text, found = rule_problems(
        corpus_root, "timeline-table", body=body_with("| 2025-02-09 10:35 |", "| after lunch |")
    )
    assert [(p.line, p.key) for p in found] == [
        (line_of(text, "| after lunch |"), "body:## Timeline")
    ]
    assert "'after lunch' is not a time" in found[0].message


def test_timeline_table_time_only_rows_that_cross_midnight(corpus_root: Path) -> None:
    body = body_with("| 2025-02-09 10:35 |", "| 23:50 |").replace(
        "| 2025-02-09 11:40 |", "| 00:10 |"
    )
    text, found = rule_problems(corpus_root, "timeline-table", body=body)
    assert [p.line for p in found] == [line_of(text, "| 00:10 |")]
    assert "add dates for an incident that crosses midnight" in found[0].message


def test_timeline_table_with_a_date_column(corpus_root: Path) -> None:
    """``| Date | Time (UTC) | Event |`` is a common shape: the date and the time are
    read together, an empty date cell repeats the one above, and order is checked."""
    table = (
        "| Date | Time (UTC) | Event |\n|---|---|---|\n"
        "| 2025-02-09 | 10:05 | Error rate climbs |\n"
        "| | 10:06 | Alert fires |\n"
        "| 2025-02-09 | 11:40 | Incident closed |\n"
    )
    old_table = BASE_BODY[BASE_BODY.index("| Time (UTC)") : BASE_BODY.index("\n## Root Cause")]
    assert rule_problems(corpus_root, "timeline-table", body=body_with(old_table, table))[1] == []
    late = table.replace("| | 10:06 |", "| | 09:06 |")
    text, found = rule_problems(corpus_root, "timeline-table", body=body_with(old_table, late))
    assert [p.line for p in found] == [line_of(text, "| | 09:06 |")]
    assert "timeline row at 2025-02-09 09:06 comes after 2025-02-09 10:05" in found[0].message


def test_timeline_table_header_in_another_zone(corpus_root: Path) -> None:
    text, found = rule_problems(
        corpus_root,
        "timeline-table",
        body=body_with("| Time (UTC) | Event |", "| Time (PST) | Event |"),
    )
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, "| Time (PST) |"), "body:## Timeline", "error")
    ]
    assert "says 'PST'; write the times in UTC and head the column 'Time (UTC)'" in (
        found[0].message
    )
    for header in ("| Time (UTC) | Event |", "| Time | Event |", "| When (GMT) | Event |"):
        body = body_with("| Time (UTC) | Event |", header)
        assert rule_problems(corpus_root, "timeline-table", body=body)[1] == [], header


def test_timeline_table_times_with_z_or_an_offset(corpus_root: Path) -> None:
    body = body_with("| 2025-02-09 10:05 |", "| 2025-02-09T10:05:00Z |").replace(
        "| 2025-02-09 10:06 |", "| 2025-02-09 10:06+00:00 |"
    )
    assert rule_problems(corpus_root, "timeline-table", body=body)[1] == []
    body = body_with("| 2025-02-09 10:35 |", "| 2025-02-09T11:35+01:00 |")
    text, found = rule_problems(corpus_root, "timeline-table", body=body)
    assert [p.line for p in found] == [line_of(text, "| 2025-02-09T11:35+01:00 |")]
    assert found[0].message == (
        "timeline row time '2025-02-09T11:35+01:00' has the offset +01:00; "
        "write it in UTC (2025-02-09 10:35)"
    )


def test_timeline_table_in_a_code_block_is_not_a_table(corpus_root: Path) -> None:
    body = body_with(
        "## Root Cause\n",
        "```\n| 2025-02-09 23:00 | x |\n| 2025-02-09 01:00 | y |\n```\n\n## Root Cause\n",
    )
    assert rule_problems(corpus_root, "timeline-table", body=body)[1] == []


def test_factor_layers_ignores_unknown_tags_and_a_single_factor(corpus_root: Path) -> None:
    _, found = rule_problems(
        corpus_root,
        "factor-layers",
        contributing_factors=["missing-index"],
        action_items__0__addresses=["missing-index"],
        action_items__1__addresses=REMOVE,
    )
    assert found == []
    # A tag the taxonomy cannot place (unknown, or its entry broken) may be of
    # another layer: the two technical ones do not make "every factor is technical".
    _, found = rule_problems(
        corpus_root,
        "factor-layers",
        contributing_factors=["missing-index", "monitoring-gap", "cosmic-rays"],
        action_items__0__addresses=["missing-index"],
        action_items__1__addresses=REMOVE,
    )
    assert found == []


@pytest.mark.parametrize(
    "action",
    ["The pool alert at 80% for five minutes", "Improving the query-plan check in CI",
     "Should add a pool alert at 80%", "Monitoring of the orders pool saturation",
     "Why did the pool alert not fire before saturation?", "Is the pool size right for peak load?"],
)  # fmt: skip
def test_action_item_verb_flags_wishes_and_topics(corpus_root: Path, action: str) -> None:
    _, found = rule_problems(corpus_root, "action-item-verb", action_items__1__action=action)
    assert [p.key for p in found] == ["action_items[1].action"]


@pytest.mark.parametrize(
    "action",
    ["Quantify pool saturation per service in the dashboard", "Document the failover runbook steps",
     "Partition the orders table by month before peak season"],
)  # fmt: skip
def test_action_item_verb_accepts_imperatives(corpus_root: Path, action: str) -> None:
    assert rule_problems(corpus_root, "action-item-verb", action_items__1__action=action)[1] == []


def test_action_item_verb_accepts_project_verbs(corpus_root: Path) -> None:
    text = render_postmortem(
        action_items__1__action="Reseed the search index from the primary after each failover"
    )
    assert only(lint_text(corpus_root, text), "action-item-verb") != []
    assert (
        only(lint_text(corpus_root, text, extra_verbs=frozenset({"reseed"})), "action-item-verb")
        == []
    )


@pytest.mark.parametrize(
    "action",
    ["Improve alerting on pool saturation above 80% for five minutes",
     "Improve the error message of the deploy tool when the lock is held"],
)  # fmt: skip
def test_improve_with_a_measure_or_a_target_is_specific(corpus_root: Path, action: str) -> None:
    _, found = rule_problems(corpus_root, "action-item-specific", action_items__1__action=action)
    assert found == []


def test_action_item_due_years_away(corpus_root: Path) -> None:
    text, found = rule_problems(corpus_root, "action-item-due", action_items__1__due="2027-03-01")
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, "due: 2027-03-01"), "action_items[1].due", "warning")
    ]
    assert found[0].message == (
        "AI-002 is due 2027-03-01, 750 days after the incident started; "
        "check the year, or split it into steps due within a year"
    )


@pytest.mark.parametrize(
    "action",
    ["Investigate the issue", "Look into pool sizes", "Be more careful", "TBD", "Add alert",
     "Improve monitoring and alerting for the checkout service",
     "Improve monitoring of the orders database.", "Investigate the issue further",
     "Better alerting across all services"],
)  # fmt: skip
def test_vague_or_short_actions(corpus_root: Path, action: str) -> None:
    _, found = rule_problems(corpus_root, "action-item-specific", action_items__1__action=action)
    assert [p.key for p in found] == ["action_items[1].action"]


@pytest.mark.parametrize(
    ("phrase", "advice"),
    [
        ("The deploy failed due to human error.", "ends the analysis"),
        ("It was the DBA team's fault for not reviewing.", "assigning fault"),
        ("The reviewer should have caught the missing index.", "hindsight"),
        ("A careless change to the query removed the index.", "judges a person"),
        ("The engineer forgot to run the migration check.", "points at a person"),
        ("Paged @jdoe, who rolled the release back.", "names a person"),
    ],
)
def test_blameless_language_in_the_body(corpus_root: Path, phrase: str, advice: str) -> None:
    text, found = rule_problems(
        corpus_root,
        "blameless-language",
        body=body_with("The rollback was quick", phrase + " The rollback was quick"),
    )
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, phrase), "body", "error")
    ]
    assert advice in found[0].message


@pytest.mark.parametrize(
    ("phrase", "seen"),
    [
        ("This was not human error.", "after 'not'"),
        ("No one was at fault.", "after 'no'"),
        ("Nobody is to blame here.", "after 'nobody'"),
        ("It wasn't the on-call engineer's fault.", "after 'wasn't'"),
        ('A customer wrote: "the engineer forgot to tell us".', "in a quotation"),
        ("> He forgot to renew the card, the customer wrote.", "in a quotation"),
        ("The ticket said \u201cthe operator ignored us\u201d.", "in a quotation"),
    ],
)
def test_quoted_or_negated_blame_is_a_warning_that_says_why(
    corpus_root: Path, phrase: str, seen: str
) -> None:
    """A sentence that rejects blame, or quotes a customer or a log, is not the
    report's judgement: it must not fail CI, and the author is told what was seen."""
    text, found = rule_problems(
        corpus_root,
        "blameless-language",
        body=body_with("The rollback was quick", phrase + "\n\nThe rollback was quick"),
    )
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, phrase), "body", "warning")
    ]
    assert seen in found[0].message
    assert "leave it if the sentence quotes someone or rejects the blame" in found[0].message


def test_blame_after_a_negation_in_another_clause_is_an_error(corpus_root: Path) -> None:
    for phrase in ("It was not the network but human error.", "Not a deploy; human error."):
        _, found = rule_problems(
            corpus_root,
            "blameless-language",
            body=body_with("The rollback was quick", phrase + " The rollback was quick"),
        )
        assert [p.severity for p in found] == ["error"], phrase


@pytest.mark.parametrize(
    ("phrase", "shown"),
    [
        ("The deploy went out because Sam forgot to run the check.", "forgot to"),
        ("We neglected to renew the certificate.", "neglected to"),
        ("The engineer forgot to run the migration check.", "engineer forgot"),
    ],
)
def test_forgetting_is_blame_whoever_the_subject(
    corpus_root: Path, phrase: str, shown: str
) -> None:
    text, found = rule_problems(
        corpus_root,
        "blameless-language",
        body=body_with("The rollback was quick", phrase + " The rollback was quick"),
    )
    # One finding per phrase, even where two patterns see it.
    assert [(p.line, p.severity) for p in found] == [(line_of(text, phrase), "error")]
    assert found[0].message.startswith(f"'{shown}': points at a person")


@pytest.mark.parametrize(
    "phrase",
    ["The new engineer ran the script against production.",
     "New engineers get no training on the failover tool."],
)  # fmt: skip
def test_a_person_by_experience_is_a_warning(corpus_root: Path, phrase: str) -> None:
    text, found = rule_problems(
        corpus_root,
        "blameless-language",
        body=body_with("The rollback was quick", phrase + " The rollback was quick"),
    )
    assert [(p.line, p.severity) for p in found] == [(line_of(text, phrase), "warning")]
    assert "may single out a person by experience" in found[0].message
    assert "leave it if it is about a group" in found[0].message


def test_techniques_and_channel_mentions_are_not_blame(corpus_root: Path) -> None:
    phrase = "The lazy loading path timed out; the bot posted @here and @Channel."
    _, found = rule_problems(
        corpus_root,
        "blameless-language",
        body=body_with("The rollback was quick", phrase + " The rollback was quick"),
    )
    assert found == []


def test_blameless_language_in_frontmatter_prose(corpus_root: Path) -> None:
    text, found = rule_problems(
        corpus_root,
        "blameless-language",
        title="Checkout outage caused by human error",
        action_items__1__action="Add a check so the deployer's fault cannot recur in the pipeline",
    )
    assert sorted((p.line, p.key) for p in found) == [
        (line_of(text, "title:"), "title"),
        (line_of(text, "action: Add a check so the deployer"), "action_items[1].action"),
    ]


def test_blameless_language_skips_code_urls_and_allowed_handles(corpus_root: Path) -> None:
    body = body_with(
        "The rollback was quick",
        "See https://status.example.com/@status and `@decorator`.\n\n```\nERROR human error in log\n```\n\n"
        "Paged @payments-oncall. The rollback was quick",
    )
    text = render_postmortem(body=body)
    found = only(lint_text(corpus_root, text), "blameless-language")
    assert [p.message.split("'")[1] for p in found] == ["@payments-oncall"]
    allowed = only(
        lint_text(corpus_root, text, allowed_words=frozenset({"payments-oncall"})),
        "blameless-language",
    )
    assert allowed == []


def test_blameless_language_skips_indented_code_but_reads_admonitions_and_lists(
    corpus_root: Path,
) -> None:
    """A log pasted as an indented block is evidence, like a fenced one; the
    indented text of an admonition or a list item is prose."""
    body = body_with(
        "The rollback was quick",
        "The deploy log read:\n\n    ERROR human error suspected, operator forgot to set flag\n\n"
        "!!! note\n\n    It was human error.\n\n    ```\n    careless.log\n    ```\n\n"
        "- A list item.\n\n    Its second paragraph says the engineer forgot to look.\n\n"
        "The rollback was quick",
    )
    text, found = rule_problems(corpus_root, "blameless-language", body=body)
    assert [p.line for p in found] == [
        line_of(text, "It was human error."),
        line_of(text, "says the engineer forgot"),
    ]


def test_personal_names_in_authors(corpus_root: Path) -> None:
    text, found = rule_problems(
        corpus_root, "personal-names", authors=["payments-oncall", "alice-smith"]
    )
    assert [(p.line, p.key) for p in found] == [(line_of(text, "authors:"), "authors[1]")]
    assert "list the role or team" in found[0].message


@pytest.mark.parametrize(
    "owner", ["John Smith", '"@jsmith"', "jsmith@example.com", "john.smith", "alice_smith"]
)
def test_personal_names_in_action_item_owners(corpus_root: Path, owner: str) -> None:
    text, found = rule_problems(corpus_root, "personal-names", action_items__1__owner=owner)
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, f"owner: {owner}"), "action_items[1].owner", "warning")
    ]
    shown = owner.strip('"')
    assert found[0].message.startswith(f"AI-002 owner '{shown}' looks like a person")
    assert "team or role" in found[0].message


@pytest.mark.parametrize(
    "owner", ["payments-oncall", "incident-commander", "sre", "Storefront SRE", "search-relevance"]
)
def test_teams_and_roles_as_owners_draw_nothing(corpus_root: Path, owner: str) -> None:
    assert rule_problems(corpus_root, "personal-names", action_items__1__owner=owner)[1] == []


def test_an_allowed_handle_as_owner_draws_nothing(corpus_root: Path) -> None:
    text = render_postmortem(action_items__0__owner='"@payments-oncall"')
    assert [p.key for p in only(lint_text(corpus_root, text), "personal-names")] == [
        "action_items[0].owner"
    ]
    allowed = frozenset({"payments-oncall"})
    assert only(lint_text(corpus_root, text, allowed_words=allowed), "personal-names") == []


def test_a_persons_e_mail_address_in_the_body(corpus_root: Path) -> None:
    body = body_with(
        "The rollback was quick",
        "Questions to jane.doe@example.com or payments-oncall@example.com.\n\n"
        "The rollback was quick",
    )
    text, found = rule_problems(corpus_root, "personal-names", body=body)
    assert [(p.line, p.key) for p in found] == [(line_of(text, "Questions to"), "body")]
    assert found[0].message.startswith(
        "'jane.doe@example.com' looks like a person's e-mail address; name the team's mailbox"
    )


def test_personal_names_allowed_words(corpus_root: Path) -> None:
    text = render_postmortem(
        root_cause="The Alice batch job held every connection of the orders pool."
    )
    assert [p.key for p in only(lint_text(corpus_root, text), "personal-names")] == ["root_cause"]
    assert (
        only(lint_text(corpus_root, text, allowed_words=frozenset({"Alice"})), "personal-names")
        == []
    )


def test_published_before_resolution(corpus_root: Path) -> None:
    _, found = rule_problems(corpus_root, "published-48h", published="2025-02-08")
    assert [p.key for p in found] == ["published"]
    assert "before the incident was resolved (2025-02-09)" in found[0].message


def test_published_two_days_after_resolution_is_on_time(corpus_root: Path) -> None:
    assert rule_problems(corpus_root, "published-48h", published="2025-02-11")[1] == []


def test_follow_up_review_missing_once_out_of_draft(corpus_root: Path) -> None:
    text, found = rule_problems(corpus_root, "follow-up-review", follow_up_review=REMOVE)
    assert [(p.line, p.key) for p in found] == [(line_of(text, "status:"), "follow_up_review")]
    assert "about four weeks out" in found[0].message
    _, draft = rule_problems(
        corpus_root, "follow-up-review", follow_up_review=REMOVE, status="draft"
    )
    assert draft == []


@pytest.mark.parametrize(
    ("review", "flagged"),
    # Resolved on 2025-02-09: day 14 is 02-23 and day 42 is 03-23.
    [("2025-02-22", True), ("2025-02-23", False), ("2025-03-23", False), ("2025-03-24", True)],
)
def test_follow_up_review_window_is_2_to_6_weeks(
    corpus_root: Path, review: str, flagged: bool
) -> None:
    _, found = rule_problems(corpus_root, "follow-up-review", follow_up_review=review)
    assert bool(found) is flagged


def test_body_sections_out_of_order(corpus_root: Path) -> None:
    swapped = (
        BASE_BODY.replace("## Summary\n", "## (impact)\n")
        .replace("## Impact\n", "## Summary\n")
        .replace("## (impact)\n", "## Impact\n")
    )
    text, found = rule_problems(corpus_root, "body-sections", body=swapped)
    assert [(p.line, p.key) for p in found] == [(line_of(text, "## Summary"), "body:## Summary")]
    assert "section 'Summary' comes after 'Impact'" in found[0].message
    assert "the order is Summary, Impact, Timeline" in found[0].message


@pytest.mark.parametrize(
    ("heading", "section"),
    [("Timeline (all times UTC)", "Timeline"), ("5 Whys", "Five Whys"),
     ("Root Cause Analysis", "Root Cause"), ("1. Summary", "Summary"),
     ("Lessons learned and next steps", "Lessons Learned")],
)  # fmt: skip
def test_body_sections_a_heading_close_to_a_section_is_named(
    corpus_root: Path, heading: str, section: str
) -> None:
    """A heading the author meant as a section is named, once, on its own line,
    with the name to give it, rather than reported missing at the top."""
    text, found = rule_problems(
        corpus_root, "body-sections", body=body_with(f"## {section}\n", f"## {heading}\n")
    )
    assert [(p.line, p.key) for p in found] == [
        (line_of(text, f"## {heading}"), f"body:## {heading}")
    ]
    assert found[0].message.startswith(
        f"'## {heading}' is not a section of the format; name it '## {section}'"
    )


def test_body_sections_other_headings_are_left_alone(corpus_root: Path) -> None:
    body = body_with(
        "## Lessons Learned\n", "## Action Items\n\nSee below.\n\n## Lessons Learned\n"
    )
    body = body.replace("## Impact\n", "## Impact\n\n### Customer impact\n\n## Detection\n\n")
    assert rule_problems(corpus_root, "body-sections", body=body)[1] == []


def test_body_sections_h1_in_the_body(corpus_root: Path) -> None:
    text, found = rule_problems(corpus_root, "body-sections", body="# Outage\n\n" + BASE_BODY)
    assert [(p.line, p.key) for p in found] == [(line_of(text, "# Outage"), "body")]
    assert "start body headings at ##" in found[0].message


def test_body_sections_missing_are_fine_in_a_draft(corpus_root: Path) -> None:
    assert (
        rule_problems(corpus_root, "body-sections", status="draft", body="## Summary\n\nSoon.\n")[1]
        == []
    )


def test_todo_in_a_draft_is_one_reminder(corpus_root: Path) -> None:
    body = body_with("The rollback was quick", "TODO one\n\nTODO two\n\nThe rollback was quick")
    text, found = rule_problems(corpus_root, "todo-left", status="draft", body=body)
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, "TODO one"), "", "warning")
    ]
    assert found[0].message.startswith("2 TODOs left to fill in: ## What Went Well (fine while")


def test_the_draft_reminder_names_each_key_and_section_once(corpus_root: Path) -> None:
    body = body_with("About two thousand", "TODO: count them. About two thousand") + "\nTODO\n"
    text = render_postmortem(status="draft", body=body)
    text = text.replace("severity: SEV2", "severity: SEV2  # TODO: confirm")
    text = text.replace("  detected: ", "  # TODO: check the pager log\n  detected: ")
    found = only(lint_text(corpus_root, text), "todo-left")
    # A comment line of its own names no key; the last TODO is in the last section.
    assert found[0].message.startswith(
        "4 TODOs left to fill in: severity, frontmatter, ## Impact, ## Lessons Learned (fine"
    )


def test_todo_in_frontmatter_comments_counts(corpus_root: Path) -> None:
    text = render_postmortem().replace("severity: SEV2", "severity: SEV2  # TODO: confirm")
    found = only(lint_text(corpus_root, text), "todo-left")
    assert [p.line for p in found] == [line_of(text, "# TODO: confirm")]


def test_a_todo_in_the_kept_original_report_is_the_sources_word(corpus_root: Path) -> None:
    # An imported report keeps its source verbatim; a "TODO" status in the source's action
    # table is not one left to fill in, and nobody edits the original report.
    original = (
        "\n## Original report\n\n````markdown\n# Cache outage\n\n"
        "| Action | Status |\n|---|---|\n| Add a cache alert | TODO |\n````\n"
    )
    text = render_postmortem(status="in-review", body=BASE_BODY + original)
    assert only(lint_text(corpus_root, text), "todo-left") == []
    # A TODO outside it is still left to do.
    text = render_postmortem(status="in-review", body=BASE_BODY + "\nTODO: add more\n" + original)
    found = only(lint_text(corpus_root, text), "todo-left")
    assert [p.line for p in found] == [line_of(text, "TODO: add more")]


# --- levels from configuration --------------------------------------------------------------


def test_default_levels_are_the_rules_defaults() -> None:
    assert resolve_levels({}) == {rule_id: rule.default for rule_id, rule in RULES.items()}


@pytest.mark.parametrize(
    ("configured", "level"),
    [
        ("off", "off"),
        ("warning", "warning"),
        ("error", "error"),
        ("ERROR", "error"),
        (False, "off"),
        ("false", "off"),
        ("no", "off"),
        (None, "off"),
        (True, "error"),
        ("warn", "warning"),
    ],
)
def test_levels_from_configuration(configured: object, level: str) -> None:
    assert resolve_levels({"todo-left": configured})["todo-left"] == level


def test_unknown_rule_id_is_a_settings_error_with_a_suggestion() -> None:
    with pytest.raises(SettingsError, match=r"unknown rule 'todo-lef'; did you mean 'todo-left'\?"):
        resolve_levels({"todo-lef": "off"})


def test_a_rule_id_yaml_reads_as_a_number_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match=r"unknown rule '2025'"):
        resolve_levels({2025: "off"})


def test_bad_level_is_a_settings_error() -> None:
    with pytest.raises(
        SettingsError,
        match=r"lint.rules.todo-left: level must be error, warning or off, not 'loud'",
    ):
        resolve_levels({"todo-left": "loud"})


def test_a_factor_marked_todo_is_no_factor_known(corpus_root: Path) -> None:
    """The template's or an import's guessed factor: "only one contributing factor" would
    read as one known; the finding says none is confirmed yet."""
    case = CASES["factors-min-two"]
    text = render_postmortem(status="draft", **case.failing).replace(
        "contributing_factors: [missing-index]",
        "contributing_factors: [missing-index]  # TODO: guessed from the summary",
    )
    found = only(lint_text(corpus_root, text), "factors-min-two")
    assert [(p.line, p.key) for p in found] == [
        (line_of(text, "contributing_factors:"), "contributing_factors")
    ]
    assert "no contributing factor confirmed yet" in found[0].message
    assert "only one" not in found[0].message
    # One confirmed factor is still one known.
    text = render_postmortem(status="draft", **case.failing)
    assert (
        "only one contributing factor"
        in only(lint_text(corpus_root, text), "factors-min-two")[0].message
    )


def test_a_level_changes_the_severity_or_silences_the_rule(corpus_root: Path) -> None:
    case = CASES["factors-min-two"]
    write_postmortem(corpus_root, "2025/2025-02-09-case.md", text=render_postmortem(**case.failing))
    corpus = load(corpus_root)

    def severities(levels: dict[str, object]) -> list[str]:
        problems = lint_corpus(corpus, lint_context(corpus.taxonomy), resolve_levels(levels))
        return [p.severity for p in only(problems, "factors-min-two")]

    assert severities({}) == ["warning"]
    assert severities({"factors-min-two": "error"}) == ["error"]
    assert severities({"factors-min-two": "off"}) == []
    assert severities({"factors-min-two": False}) == []


def test_checklist_still_runs_on_a_file_with_a_broken_related_link(corpus_root: Path) -> None:
    text = render_postmortem(related=["PM-2024-404"], published="2025-02-14")
    problems = lint_text(corpus_root, text)
    assert sorted((p.rule, p.severity) for p in problems) == [
        ("published-48h", "warning"),
        ("related.unknown", "error"),
    ]


def test_checklist_runs_beside_a_schema_error(corpus_root: Path) -> None:
    text = render_postmortem(severity="SEV9", published="2025-02-14")
    assert [(p.rule, p.line) for p in lint_text(corpus_root, text)] == [
        ("schema.value", line_of(text, "severity: SEV9")),
        ("published-48h", line_of(text, "published: 2025-02-14")),
    ]


def test_format_rules_cannot_be_switched_off() -> None:
    with pytest.raises(SettingsError):
        resolve_levels({"schema.date": "off"})


# --- service-names ---------------------------------------------------------------------------


def write_reports(root: Path, *names: dict[str, Any]) -> None:
    """One report per mapping of overrides, on consecutive days."""
    for number, overrides in enumerate(names, start=1):
        rel_path, text = corpus_report(number, **overrides)
        write_postmortem(root, rel_path, text=text)


def names_flagged(root: Path, **ctx: Any) -> list[tuple[str, str, str]]:
    return [
        (p.path.split("-")[-1], p.key, p.message) for p in only(lint(root, **ctx), "service-names")
    ]


def test_service_names_flags_the_rarer_spelling(corpus_root: Path) -> None:
    write_reports(
        corpus_root,
        {"services": ["checkout-service"]},
        {"services": ["checkout-service", "orders-db"]},
        {"services": ["checkout"]},
        {"services": ["checkout-service"]},
    )
    problems = only(lint(corpus_root), "service-names")
    assert [(p.path, p.key, p.severity) for p in problems] == [
        ("2025/2025-02-03-checkout-errors-3.md", "services[0]", "warning")
    ]
    message = problems[0].message
    assert "'checkout' looks like 'checkout-service', which 3 post-mortems use" in message
    assert "write 'checkout-service'" in message
    assert "add 'checkout' to lint.distinct_names" in message


@pytest.mark.parametrize(
    ("key", "written", "elsewhere"),
    [
        ("services", "identity-svc", "identity"),
        ("services", "notifications-service", "notification-service"),
        ("services", "datapipeline", "data-pipeline"),
        ("services", "payment-gateway", "payments-gateway"),
        ("teams", "sre-team", "sre"),
        ("teams", "payment-platform", "payments-platform"),
    ],
)
def test_service_names_one_name_written_two_ways(
    corpus_root: Path, key: str, written: str, elsewhere: str
) -> None:
    write_reports(corpus_root, {key: [elsewhere]}, {key: [elsewhere]}, {key: [written]})
    assert [(f, k) for f, k, _ in names_flagged(corpus_root)] == [("3.md", f"{key}[0]")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("payments-api", "payments-worker"),
        ("orders-db", "orders-api"),
        ("orders", "orders-db"),
        ("eu-west-1", "eu-west-2"),
        ("ledger-v1", "ledger-v2"),
        ("shard-1", "shard-10"),
        ("search-indexer", "search-index"),
        ("auth", "oauth"),
        ("mysql-primary", "mysql-replica"),
        ("edge-cdn-cache", "edge-dns-cache"),
        ("catalog-mysql-db", "catalog-mysql"),
        ("shipping-service", "shopping-service"),
        ("batch-notification-api", "batch-notification-app"),
    ],
)
def test_service_names_different_services_draw_nothing(
    corpus_root: Path, first: str, second: str
) -> None:
    write_reports(corpus_root, {"services": [first]}, {"services": [second]})
    assert names_flagged(corpus_root) == []


def test_service_names_are_compared_within_their_key(corpus_root: Path) -> None:
    # The identity team owns the identity-service: a team and a service may share a name.
    write_reports(
        corpus_root,
        {"services": ["identity-service"], "teams": ["identity"]},
        {"services": ["identity-service"], "teams": ["identity"]},
    )
    assert names_flagged(corpus_root) == []


def test_service_names_distinct_names_silences_a_pair(corpus_root: Path) -> None:
    write_reports(corpus_root, {"services": ["checkout"]}, {"services": ["checkout-service"]})
    assert len(names_flagged(corpus_root)) == 2
    assert names_flagged(corpus_root, distinct_names=frozenset({"checkout"})) == []


# --- text over several lines of the frontmatter -----------------------------------------------


def with_value(key_line: str, value_lines: list[str], text: str | None = None) -> str:
    """The base report (or ``text``) with the line starting ``key_line`` replaced by a
    value over several lines."""
    text = render_postmortem() if text is None else text
    lines = text.split("\n")
    (index,) = [i for i, line in enumerate(lines) if line.startswith(key_line)]
    lines[index : index + 1] = value_lines
    return "\n".join(lines)


@pytest.mark.parametrize(
    "header", ["root_cause: |", "root_cause: >", "root_cause: |-", "root_cause: >2  # folded"]
)
def test_a_finding_in_a_block_scalar_is_on_the_line_of_its_text(
    corpus_root: Path, header: str
) -> None:
    """The key's line says little when its value is a paragraph: every rule that
    reports words of a value reports the line the words are on."""
    text = with_value(
        "root_cause:",
        [header, "  A query without an index scanned the orders table.",
         "  The review was quick, and it was", "  human error that", "  Alice approved it;",
         "  questions went to jane.doe@example.com and @jdoe."],
    )  # fmt: skip
    problems = lint_text(corpus_root, text)
    assert sorted((p.rule, p.line, p.key) for p in problems) == [
        ("blameless-language", line_of(text, "human error that"), "root_cause"),
        ("blameless-language", line_of(text, "@jdoe"), "root_cause"),
        ("personal-names", line_of(text, "Alice approved"), "root_cause"),
        ("personal-names", line_of(text, "@jdoe"), "root_cause"),
    ]


@pytest.mark.parametrize(
    "value_lines",
    [["root_cause: The orders query scanned", "  the whole table; it was human", "  error."],
     ['root_cause: "The orders query scanned', '  the whole table; it was human', '  error."'],
     ["root_cause: >", "  The orders query scanned", "  the whole table; it was human", "  error."]],
)  # fmt: skip
def test_a_phrase_folded_over_two_lines_is_found_where_it_starts(
    corpus_root: Path, value_lines: list[str]
) -> None:
    text = with_value("root_cause:", value_lines)
    found = only(lint_text(corpus_root, text), "blameless-language")
    assert [(p.line, p.key) for p in found] == [(line_of(text, "it was human"), "root_cause")]


def test_nested_keys_over_several_lines(corpus_root: Path) -> None:
    """An impact summary and an action, under their parents, are placed the same way."""
    text = with_value(
        "impact:",
        ["impact:", "  users_affected: 2000", "  summary: |", "    Two thousand customers saw errors.",
         "    Bob answered the support tickets."],
    )  # fmt: skip
    text = with_value(
        "    action: Add a query-plan check",
        ["    action: >-", "      Add a query-plan check for new queries", "      so that a",
         "      careless query cannot reach the release pipeline"],
        text,
    )  # fmt: skip
    found = [(p.rule, p.line, p.key) for p in lint_text(corpus_root, text) if p.rule in RULES]
    assert sorted(found) == [
        ("blameless-language", line_of(text, "careless query"), "action_items[1].action"),
        ("personal-names", line_of(text, "Bob answered"), "impact.summary"),
    ]


# --- five-whys --------------------------------------------------------------------------------

THREE_WHYS = [
    ("Why did checkout fail?", "The connection pool was exhausted."),
    ("Why was it exhausted?", "A new query held connections for seconds."),
    ("Why did the query ship?", "The release pipeline had no query-plan check."),
]


def whys_numbered(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"{n}. {q} {a}\n" for n, (q, a) in enumerate(pairs, start=1))


def whys_answer_under(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"{n}. **{q}**\n   - {a}\n" for n, (q, a) in enumerate(pairs, start=1))


def whys_nested(pairs: list[tuple[str, str]]) -> str:
    lines = ["- Checkout failed for thirty minutes."]
    lines += [f"{'  ' * n}- Why? {a}" for n, (_, a) in enumerate(pairs, start=1)]
    return "\n".join(lines) + "\n"


def whys_because(pairs: list[tuple[str, str]]) -> str:
    lines = ["- Checkout failed for thirty minutes"]
    lines += [f"{'  ' * n}- because {a[0].lower()}{a[1:]}" for n, (_, a) in enumerate(pairs, 1)]
    return "\n".join(lines) + "\n"


def whys_labelled(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"**Why {n}:** {a}\n\n" for n, (_, a) in enumerate(pairs, start=1))


def whys_headings(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"### Why #{n}: {q}\n\n{a}\n\n" for n, (q, a) in enumerate(pairs, 1))


def whys_q_and_a(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"Q: {q}\nA: {a}\n\n" for q, a in pairs)


def whys_table(pairs: list[tuple[str, str]]) -> str:
    rows = "".join(f"| {n} | {q} | {a} |\n" for n, (q, a) in enumerate(pairs, start=1))
    return "| # | Why? | Because |\n|---|---|---|\n" + rows


def whys_headerless_table(pairs: list[tuple[str, str]]) -> str:
    rows = "".join(f"| Why {n} | {a} |\n" for n, (_, a) in enumerate(pairs, start=1))
    return "| | |\n|---|---|\n" + rows


SHAPES = [whys_numbered, whys_answer_under, whys_nested, whys_because, whys_labelled,
          whys_headings, whys_q_and_a, whys_table, whys_headerless_table]  # fmt: skip


def body_with_whys(section: str) -> str:
    start = BASE_BODY.index("## Five Whys\n") + len("## Five Whys\n")
    end = BASE_BODY.index("## What Went Well")
    return (
        BASE_BODY[:start] + "\nThe problem: checkout failed.\n\n" + section + "\n" + BASE_BODY[end:]
    )


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_five_whys_in_every_shape_reports_use(corpus_root: Path, shape: Any) -> None:
    """Each shape post-mortems use is read as a chain: three good whys draw
    nothing, two are too few, a repeated answer and a last answer at a person
    are named on their line."""
    assert rule_problems(corpus_root, "five-whys", body=body_with_whys(shape(THREE_WHYS)))[1] == []

    text, found = rule_problems(
        corpus_root, "five-whys", body=body_with_whys(shape(THREE_WHYS[:2]))
    )
    assert [(p.line, p.key) for p in found] == [
        (line_of(text, "ew query held"), "body:## Five Whys")
    ]
    assert "the whys stop after 2" in found[0].message

    repeated = [*THREE_WHYS[:2], ("Why was it held?", "A new query held connections for seconds!")]
    text, found = rule_problems(corpus_root, "five-whys", body=body_with_whys(shape(repeated)))
    assert [(p.line, p.key) for p in found] == [(line_of(text, "seconds!"), "body:## Five Whys")]
    assert "why 3's answer repeats why 2's nearly word for word" in found[0].message

    at_a_person = [*THREE_WHYS[:2], ("Why did it ship?", "The operator mistyped the flag.")]
    text, found = rule_problems(corpus_root, "five-whys", body=body_with_whys(shape(at_a_person)))
    assert [(p.line, p.severity) for p in found] == [(line_of(text, "mistyped"), "warning")]
    assert found[0].message.startswith("the whys stop at a person ('operator mistyped')")


def test_five_whys_stop_after_two_names_the_last_why(corpus_root: Path) -> None:
    text, found = rule_problems(
        corpus_root, "five-whys", body=body_with_whys(whys_numbered(THREE_WHYS[:2]))
    )
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, "2. Why was it exhausted?"), "body:## Five Whys", "warning")
    ]
    assert found[0].message.startswith("the whys stop after 2; ask why again of this answer")
    # A draft is not done yet; nor is the template's placeholder.
    assert (
        rule_problems(
            corpus_root,
            "five-whys",
            status="draft",
            body=body_with_whys(whys_numbered(THREE_WHYS[:1])),
        )[1]
        == []
    )
    template = body_with_whys("1. Why ...? <!-- TODO -->\n")
    assert rule_problems(corpus_root, "five-whys", status="draft", body=template)[1] == []


@pytest.mark.parametrize("answer", ["N/A", "n/a.", "-", "TBD", ""])
def test_five_whys_an_empty_answer(corpus_root: Path, answer: str) -> None:
    pairs = [*THREE_WHYS, ("Why was there no check?", answer)]
    text, found = rule_problems(corpus_root, "five-whys", body=body_with_whys(whys_numbered(pairs)))
    assert [(p.line, p.key) for p in found] == [
        (line_of(text, "4. Why was there no check?"), "body:## Five Whys")
    ]
    assert found[0].message.startswith("why 4 ('Why was there no check?') has ")
    assert "answer it, or take it out" in found[0].message


@pytest.mark.parametrize(
    "answer",
    ["Human error.", "A typo in the flag name.", "The on-call engineer did not check the dashboard.",
     "We forgot to renew it.", "The developer ran the wrong script."],
)  # fmt: skip
def test_five_whys_that_stop_at_a_person(corpus_root: Path, answer: str) -> None:
    pairs = [*THREE_WHYS[:2], ("Why did it ship?", answer)]
    text, found = rule_problems(corpus_root, "five-whys", body=body_with_whys(whys_numbered(pairs)))
    assert [p.line for p in found] == [line_of(text, answer)]
    assert "ask one more: why did the system let that slip happen" in found[0].message


@pytest.mark.parametrize(
    "answer",
    ["The operator mistyped the host, and nothing asked for confirmation.",
     "The migration checklist did not list the runner cluster.",
     "Reviewers saw the diff, not the request sizes of the routes it touched.",
     "The developers relied on a default that version 4 removed."],
)  # fmt: skip
def test_five_whys_that_reach_the_system_draw_nothing(corpus_root: Path, answer: str) -> None:
    pairs = [*THREE_WHYS[:2], ("Why did it ship?", answer)]
    assert (
        rule_problems(corpus_root, "five-whys", body=body_with_whys(whys_numbered(pairs)))[1] == []
    )


def test_five_whys_a_slip_in_the_middle_of_the_chain_is_fine(corpus_root: Path) -> None:
    """A chain that names the slip and then asks why it was possible is what blameless asks."""
    pairs = [THREE_WHYS[0], ("Why?", "The operator mistyped the pool size."),
             ("Why did the typo reach production?", "Pool sizes had no bounds check.")]  # fmt: skip
    assert (
        rule_problems(corpus_root, "five-whys", body=body_with_whys(whys_numbered(pairs)))[1] == []
    )


def test_five_whys_short_answers_alike_are_not_repeats(corpus_root: Path) -> None:
    pairs = [THREE_WHYS[0], ("Why?", "Its limit was 40."), ("Why?", "Its owner was gone."),
             ("Why?", "Nothing reviewed node-pool limits.")]  # fmt: skip
    assert (
        rule_problems(corpus_root, "five-whys", body=body_with_whys(whys_numbered(pairs)))[1] == []
    )


# --- summary-duration ---------------------------------------------------------------------------
# The base report: started 10:05:23, mitigated 10:35 (30 min), resolved 11:40 (1 h 35 min).


def summary_with(sentence: str) -> str:
    return body_with(
        "Checkout requests failed for about thirty minutes because the orders database\n"
        "ran out of connections after a release added a slow query.",
        sentence,
    )


@pytest.mark.parametrize(
    "sentence",
    ["Checkout requests failed for about thirty minutes.", "A 30-minute outage of checkout.",
     "Checkout was down for half an hour.", "The outage lasted 28 minutes.",
     "Customers could not check out for 1h35m, until the incident was closed.",
     "Checkout was unavailable for about an hour and a half.",
     "It was a 25-minute partial outage.", "Checkout returned errors for 33 minutes.",
     "Checkout errors persisted for 30 minutes.",
     "Payment timeouts continued for about two hours.",
     "Login failures were reported for 35 minutes."],
)  # fmt: skip
def test_summary_duration_that_agrees_draws_nothing(corpus_root: Path, sentence: str) -> None:
    assert rule_problems(corpus_root, "summary-duration", body=summary_with(sentence))[1] == []


@pytest.mark.parametrize(
    "sentence",
    ["Checkout failed briefly.", "Checkout was slow for several hours.",
     "Checkout failed for an hour or two.", "A 5-minute TTL kept the bad answer cached.",
     "Requests hit a 30-second timeout.", "The release was rolled back within 10 minutes.",
     "Orders were delayed by up to 20 minutes.", "There were two 10-minute outages.",
     "The alert fired 2 minutes after impact began.", "The 3-hour maintenance window overran.",
     "The fix took four hours to roll out.", "The previous outage lasted days.",
     "Pool renewals stalled for two days until the first connection failed."],
)  # fmt: skip
def test_summary_duration_vague_or_of_something_else_draws_nothing(
    corpus_root: Path, sentence: str
) -> None:
    assert rule_problems(corpus_root, "summary-duration", body=summary_with(sentence))[1] == []


@pytest.mark.parametrize(
    ("sentence", "said"),
    [("A 45-minute outage of checkout.", "45-minute"),
     ("Checkout was down for about four hours.", "about four hours"),
     ("The outage lasted 3h20m.", "3h20m"),
     ("Customers could not pay for 3 hours and 20 minutes.", "3 hours and 20 minutes"),
     ("Checkout saw three hours of errors.", "three hours"),
     ("Checkout failed for ten minutes.", "ten minutes"),
     ("The incident, which lasted roughly 3.5 hours, hit checkout.", "roughly 3.5 hours"),
     ("Shoppers could not log in to the store for 4 hrs.", "4 hrs"),
     ("Users experienced degraded checkout for 3 hours.", "3 hours"),
     ("Checkout errors persisted for 3 hours.", "3 hours"),
     ("Payment timeouts continued for about five hours.", "about five hours"),
     ("The outage persisted for over 4 hours.", "over 4 hours")],
)  # fmt: skip
def test_summary_duration_that_disagrees(corpus_root: Path, sentence: str, said: str) -> None:
    text, found = rule_problems(corpus_root, "summary-duration", body=summary_with(sentence))
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, sentence), "body:## Summary", "warning")
    ]
    assert found[0].message == (
        f"the summary says '{said}' but the timeline gives 30 min from started to mitigated "
        "and 1 h 35 min from started to resolved; correct the figure or the times, or say "
        "what else the duration measures"
    )


def test_summary_duration_over_two_lines_and_in_the_impact_summary(corpus_root: Path) -> None:
    text = render_postmortem(
        body=summary_with("Checkout requests failed for about\nfour hours after a release.")
    )
    text = with_value(
        "impact:",
        ["impact:", "  users_affected: 2000", "  summary: >", "    Two thousand customers",
         "    could not check out for 45 minutes."],
        text,
    )  # fmt: skip
    found = only(lint_text(corpus_root, text), "summary-duration")
    assert sorted((p.line, p.key) for p in found) == [
        (line_of(text, "could not check out for 45"), "impact.summary"),
        (line_of(text, "failed for about"), "body:## Summary"),
    ]


def test_summary_duration_needs_an_end_to_compare(corpus_root: Path) -> None:
    body = summary_with("Checkout was down for four hours.")
    _, found = rule_problems(
        corpus_root,
        "summary-duration",
        body=body,
        status="draft",
        timeline__mitigated=REMOVE,
        timeline__resolved=REMOVE,
        published=REMOVE,
        follow_up_review=REMOVE,
    )
    assert found == []


# A duration that opens the sentence, and a range of clock times, are read where a
# duration after the failure is: when the clause they open says what failed.
@pytest.mark.parametrize(
    "sentence",
    ["For 30 minutes, checkout requests failed for every customer.",
     "For about an hour and a half checkout was unavailable.",
     "Over 95 minutes, some 2,000 shoppers could not pay.",
     "For 30 minutes after the release, checkout failed.",
     "Between 10:05 and 10:35 UTC, checkout failed.", "Checkout was down from 10:05 to 11:40 UTC.",
     "Checkout failed 10:05\u201310:35 UTC.", "10:05-11:40 UTC: checkout returned errors.",
     "From 2025-02-09 10:05 to 2025-02-09 10:35 UTC, checkout failed.",
     "Between 11:05 and 11:35 CET on 9 February, checkout failed.",
     "Between 12:05 and 12:35 UTC+2, checkout failed.",
     "From 10:05 am to 11:40 am UTC, checkout was down.",
     # a part of the incident, inside the timeline
     "About 15% of checkouts timed out from 10:10 to 10:20 UTC.",
     # no zone that places the times: only the span is compared
     "From 2:05 pm to 2:40 pm PT, checkout failed.",
     "Members were not able to sign in for 30 minutes.",
     "For half an hour, members weren't able to sign in.",
     "The ledger API was unresponsive for 33 minutes.",
     "The booking page was inaccessible for about an hour and a half.",
     "The search service was not responding for 28 minutes.",
     "Between 10:05 and 10:35 UTC, renewal requests resulted in HTTP 503.",
     "Shoppers were not able to pay between 10:05 and 10:35 UTC.",
     "On 9 February 2025 between 10:05 and 10:35 UTC checkout failed.",
     "On Sunday 9 February from 10:05 to 11:40 UTC the ledger API was unreachable.",
     "Authentication failures occurred between 10:05 and 10:35 UTC.",
     "Elevated latency was observed from 10:05 to 11:40 UTC.",
     "Errors were seen 10:10\u201310:30 UTC."],
)  # fmt: skip
def test_summary_duration_opening_or_clock_range_that_agrees_draws_nothing(
    corpus_root: Path, sentence: str
) -> None:
    assert rule_problems(corpus_root, "summary-duration", body=summary_with(sentence))[1] == []


@pytest.mark.parametrize(
    "sentence",
    ["The cron job runs from 02:00 to 03:00 UTC.", "The maintenance window 01:00-03:00 UTC overran.",
     "From 14:00 to 15:00 UTC, the nightly export runs.",
     "Between 02:00 and 03:00 UTC, the team rolled back the release.",
     "Checkout failed `from 02:00 to 03:00 UTC`.",
     "Checkout failed as below.\n\n```\nBetween 02:00 and 03:00 UTC, checkout failed.\n```",
     "For two days, pool renewals stalled until the first connection failed.",
     "For two weeks before the outage, nightly backups failed.",
     "For several hours, checkout was slow.", "For an hour or two, checkout failed.",
     "The nightly job could not run for 2 days before the outage.",
     "Replicas were not able to sync for three days prior to the incident.",
     "On 9 February between 02:00 and 03:00 UTC the export job runs.",
     "The cache was not refreshed within 10 minutes.",
     "Users were not able to sign in during the 3-hour maintenance window.",
     "Sessions saw a 30-second timeout and a 5-minute TTL.",
     "Errors occurred 10 minutes after the deploy.", "Retries continued for 3 hours.",
     "Errors were reported for several hours.", "Payment errors continued for an hour or two.",
     "Timeouts were seen for 2 days before the outage.",
     "A 30-second timeout occurred for every request.",
     "Errors occurred within 10 minutes of the deploy.",
     "The export job ran from 02:00 to 03:00 UTC after errors occurred.",
     "Errors were seen in `between 02:00 and 03:00 UTC`.",
     "Replicas could not sync for 2 days ahead of the partial outage."],
)  # fmt: skip
def test_summary_duration_opening_or_clock_range_of_something_else_draws_nothing(
    corpus_root: Path, sentence: str
) -> None:
    assert rule_problems(corpus_root, "summary-duration", body=summary_with(sentence))[1] == []


@pytest.mark.parametrize(
    ("sentence", "said"),
    [("For 47 minutes, payments failed for every customer.", "47 minutes"),
     ("For about four hours checkout was unavailable.", "about four hours"),
     ("Over 3 hours, some 2,000 shoppers could not pay.", "3 hours"),
     ("For the next 10 minutes, checkout returned errors.", "10 minutes"),
     ("From 2:05 pm to 5:40 pm PT, checkout failed.", "From 2:05 pm to 5:40 pm PT"),
     ("Members were not able to sign in for 4 hours.", "4 hours"),
     ("For three hours, members weren't able to sign in.", "three hours"),
     ("The ledger API was unresponsive for 3 hours.", "3 hours"),
     ("The booking page was inaccessible for about four hours.", "about four hours"),
     ("The search service was not responding for 5 hours.", "5 hours"),
     ("Renewals resulted in declined payments for 4 hours.", "4 hours")],
)  # fmt: skip
def test_summary_duration_opening_or_clock_range_that_disagrees(
    corpus_root: Path, sentence: str, said: str
) -> None:
    text, found = rule_problems(corpus_root, "summary-duration", body=summary_with(sentence))
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, sentence), "body:## Summary", "warning")
    ]
    assert found[0].message.startswith(
        f"the summary says '{said}' but the timeline gives 30 min from started to mitigated "
        "and 1 h 35 min from started to resolved;"
    )


@pytest.mark.parametrize(
    ("sentence", "said"),
    [("Between 14:05 and 14:35 UTC, checkout failed.", "Between 14:05 and 14:35 UTC"),
     ("Between 10:05 and 13:50 UTC, checkout failed.", "Between 10:05 and 13:50 UTC"),
     ("Checkout was down 14:05\u201314:35 UTC.", "14:05\u201314:35 UTC"),
     ("14:05-14:35 UTC: checkout failed.", "14:05-14:35 UTC"),
     ("From 2:05 pm to 2:35 pm UTC, checkout returned errors.", "From 2:05 pm to 2:35 pm UTC"),
     ("Between 23:50 and 00:20 UTC, checkout failed.", "Between 23:50 and 00:20 UTC")],
)  # fmt: skip
def test_summary_duration_clock_range_outside_the_timeline(
    corpus_root: Path, sentence: str, said: str
) -> None:
    text, found = rule_problems(corpus_root, "summary-duration", body=summary_with(sentence))
    assert [(p.line, p.key) for p in found] == [(line_of(text, sentence), "body:## Summary")]
    assert found[0].message == (
        f"the summary says '{said}' but the timeline gives started 10:05, mitigated 10:35, "
        "resolved 11:40 UTC; correct the times in one of them, or say what else the range "
        "measures"
    )


def test_summary_duration_clock_range_across_midnight(corpus_root: Path) -> None:
    night = {
        "timeline__started": "2025-02-09T23:50:00Z",
        "timeline__detected": "2025-02-09T23:52:00Z",
        "timeline__acknowledged": "2025-02-09T23:55:00Z",
        "timeline__mitigated": "2025-02-10T00:20:00Z",
        "timeline__resolved": "2025-02-10T01:00:00Z",
    }
    right = summary_with("Between 23:50 and 00:20 UTC, checkout failed.")
    assert rule_problems(corpus_root, "summary-duration", body=right, **night)[1] == []
    wrong = "Between 23:50 and 02:30 UTC, checkout failed."
    text, found = rule_problems(corpus_root, "summary-duration", body=summary_with(wrong), **night)
    assert [(p.line, p.key) for p in found] == [(line_of(text, wrong), "body:## Summary")]
    assert "started 23:50, mitigated 00:20, resolved 01:00 UTC" in found[0].message


def test_summary_duration_clock_range_in_the_timelines_own_zone(corpus_root: Path) -> None:
    """With no zone written, the times may be the timeline's own offset or UTC."""
    local = {
        f"timeline__{key}": f"2025-02-09T{time}+01:00"
        for key, time in [("started", "11:05:23"), ("detected", "11:06:00"),
                          ("acknowledged", "11:12:00"), ("mitigated", "11:35:00"),
                          ("resolved", "12:40:00")]
    }  # fmt: skip
    for right in ("Between 11:05 and 11:35, checkout failed.",
                  "Between 10:05 and 10:35, checkout failed."):  # fmt: skip
        assert (
            rule_problems(corpus_root, "summary-duration", body=summary_with(right), **local)[1]
            == []
        )
    wrong = "Between 12:05 and 12:35 UTC, checkout failed."
    text, found = rule_problems(corpus_root, "summary-duration", body=summary_with(wrong), **local)
    assert [(p.line, p.key) for p in found] == [(line_of(text, wrong), "body:## Summary")]
    assert "started 10:05, mitigated 10:35, resolved 11:40 UTC" in found[0].message


# Impact is also what people could not do, what they got back, a service that would
# not answer, and failures that occurred, persisted or were seen; and a range may
# follow the day it names with no comma.
@pytest.mark.parametrize(
    ("sentence", "said"),
    [("Between 14:05 and 14:35 UTC, renewal requests resulted in HTTP 503.",
      "Between 14:05 and 14:35 UTC"),
     ("Shoppers were not able to pay between 14:05 and 14:35 UTC.",
      "between 14:05 and 14:35 UTC"),
     ("On 9 February 2025 between 14:05 and 14:35 UTC checkout failed.",
      "between 14:05 and 14:35 UTC"),
     ("On Sunday 9 February from 14:05 to 14:35 UTC the ledger API was unreachable.",
      "from 14:05 to 14:35 UTC"),
     ("Authentication failures occurred between 14:05 and 14:50 UTC.",
      "between 14:05 and 14:50 UTC"),
     ("Elevated latency was observed from 09:10 to 11:40 UTC.", "from 09:10 to 11:40 UTC"),
     ("Errors were seen between 14:05 and 14:35 UTC.", "between 14:05 and 14:35 UTC")],
)  # fmt: skip
def test_summary_duration_other_words_for_the_impact_outside_the_timeline(
    corpus_root: Path, sentence: str, said: str
) -> None:
    text, found = rule_problems(corpus_root, "summary-duration", body=summary_with(sentence))
    assert [(p.line, p.key) for p in found] == [(line_of(text, sentence), "body:## Summary")]
    assert found[0].message.startswith(
        f"the summary says '{said}' but the timeline gives started 10:05, mitigated 10:35, "
        "resolved 11:40 UTC;"
    )


# A length tied to a step of the response is that phase's length: from the step to
# mitigated and resolved after it, from started to the step before or until it. The
# step is a timeline key or a single row of the body's table.
PHASED_TABLE = """\
| Time (UTC) | Event |
|---|---|
| 2025-02-09 10:05 | Error rate on the API starts to climb; orders pods restart |
| 2025-02-09 10:06 | Error-rate alert fires and pages the on-call engineer |
| 2025-02-09 10:15 | Release rolled back; read errors stop, writes still fail |
| 2025-02-09 10:25 | Orders database primary failed over to the replica |
| 2025-02-09 10:35 | Writes accepted again; errors stop |
| 2025-02-09 11:40 | Incident closed after a quiet hour |
"""


def phased_summary(sentence: str) -> str:
    """The summary sentence, and a table with a restart at 10:05, a rollback at 10:15
    and a failover at 10:25 (started 10:05:23, mitigated 10:35, resolved 11:40)."""
    table = BASE_BODY.split("| Time (UTC)")[1].split("\n\n")[0]
    return summary_with(sentence).replace("| Time (UTC)" + table + "\n", PHASED_TABLE)


@pytest.mark.parametrize(
    "sentence",
    ["Checkout errors continued for 20 minutes after the rollback.",
     "For 10 minutes after failover, writes were rejected.",
     "Checkout errors persisted for 75 minutes following the failover.",
     "Checkout failed for 10 minutes before the rollback.",
     "Payments failed for 20 minutes until the failover.",
     "Writes failed for 10 minutes after the team failed over to the replica.",
     "Errors continued for 65 minutes after mitigation.",
     "Order writes failed for about 28 minutes after detection.",
     # the step opens the sentence
     "After the rollback, checkout errors continued for 20 minutes.",
     "Once the primary failed over, writes were rejected for 10 minutes.",
     "Until the failover at 10:25, payments failed for 20 minutes.",
     # a step in the minute the incident started (10:05:23) is in it
     "Writes failed for 30 minutes after the restart of the orders pods.",
     # steps the timeline does not place: only no longer than the incident
     "Checkout errors continued for 20 minutes after the cache warmed up.",
     "Writes failed for 20 minutes after resolution.",
     "Sign-in failed for 90 minutes after the signing certificate expired."],
)  # fmt: skip
def test_summary_duration_of_a_phase_is_compared_with_that_phase(
    corpus_root: Path, sentence: str
) -> None:
    body = phased_summary(sentence)
    assert rule_problems(corpus_root, "summary-duration", body=body)[1] == []


@pytest.mark.parametrize(
    ("sentence", "said", "gives"),
    [("Checkout errors continued for 50 minutes after the rollback.",
      "'50 minutes' after the rollback",
      "20 min from the rollback (10:15 UTC) to mitigated and 1 h 25 min from the rollback "
      "(10:15 UTC) to resolved"),
     ("For 40 minutes after failover, writes were rejected.", "'40 minutes' after failover",
      "10 min from the failover (10:25 UTC) to mitigated and 1 h 15 min from the failover "
      "(10:25 UTC) to resolved"),
     ("Checkout failed for 4 hours before the rollback.", "'4 hours' before the rollback",
      "10 min from started to the rollback (10:15 UTC)"),
     ("The outage lasted 4 hours before it was mitigated.",
      "'4 hours' before it was mitigated", "30 min from started to mitigated"),
     ("Errors continued for 3 hours after mitigation.", "'3 hours' after mitigation",
      "1 h 5 min from mitigated to resolved"),
     ("After the rollback, checkout errors continued for 50 minutes.",
      "'50 minutes' after the rollback",
      "20 min from the rollback (10:15 UTC) to mitigated and 1 h 25 min from the rollback "
      "(10:15 UTC) to resolved"),
     # a step in the minute the incident started (10:05:23) is in it
     ("Writes failed for 60 minutes after the restart of the orders pods.",
      "'60 minutes' after the restart of the orders pods",
      "30 min from the restart (10:05 UTC) to mitigated and 1 h 35 min from the restart "
      "(10:05 UTC) to resolved"),
     # what set the incident off: the whole incident, as before
     ("For 4 hours after the release, checkout failed.", "'4 hours'",
      "30 min from started to mitigated and 1 h 35 min from started to resolved")],
)  # fmt: skip
def test_summary_duration_of_a_phase_that_disagrees(
    corpus_root: Path, sentence: str, said: str, gives: str
) -> None:
    text, found = rule_problems(corpus_root, "summary-duration", body=phased_summary(sentence))
    assert [(p.line, p.key) for p in found] == [(line_of(text, sentence), "body:## Summary")]
    assert found[0].message == (
        f"the summary says {said} but the timeline gives {gives}; correct the figure or the "
        "times, or say what else the duration measures"
    )


def test_summary_duration_after_a_step_two_rows_name_is_either(corpus_root: Path) -> None:
    """Rollbacks at 10:15 and 10:25: ten minutes after the second one is right."""
    sentence = "Checkout errors continued for 10 minutes after the rollback."
    body = phased_summary(sentence).replace(
        "| 2025-02-09 10:25 | Orders database primary failed over",
        "| 2025-02-09 10:25 | Second release rolled back; orders database primary failed over",
    )
    assert rule_problems(corpus_root, "summary-duration", body=body)[1] == []
    wrong = body.replace(sentence, "Checkout errors continued for 45 minutes after the rollback.")
    text, found = rule_problems(corpus_root, "summary-duration", body=wrong)
    assert [p.line for p in found] == [line_of(text, "for 45 minutes after the rollback")]
    assert "from the rollback (10:15 UTC) to mitigated" in found[0].message
    assert "from the rollback (10:25 UTC) to mitigated" in found[0].message


@pytest.mark.parametrize(
    ("sentence", "said"),
    [("Checkout errors continued for 3 hours after the cache warmed up.",
      "'3 hours' after the cache warmed up"),
     ("Sign-in failed for 4 hours after the signing certificate expired.",
      "'4 hours' after the signing certificate expired"),
     ("Writes failed for 3 hours after the reindex.", "'3 hours' after the reindex")],
)  # fmt: skip
def test_summary_duration_after_an_unplaced_step_is_no_longer_than_the_incident(
    corpus_root: Path, sentence: str, said: str
) -> None:
    text, found = rule_problems(corpus_root, "summary-duration", body=phased_summary(sentence))
    assert [(p.line, p.key) for p in found] == [(line_of(text, sentence), "body:## Summary")]
    assert found[0].message == (
        f"the summary says {said} but the whole incident, from started to resolved, is "
        "1 h 35 min; correct the figure or the times, or say what else the duration measures"
    )


def test_a_start_after_the_as_of_date_says_what_the_site_does(corpus_root: Path) -> None:
    text = render_postmortem()
    found = only(lint_text(corpus_root, text, as_of=dt.date(2025, 2, 8)), "started-by-as-of")
    assert [(p.line, p.key, p.severity) for p in found] == [
        (line_of(text, "  started:"), "timeline.started", "warning")
    ]
    assert found[0].message == (
        "timeline.started 2025-02-09 10:05 UTC is after the as-of date 2025-02-08 (today, "
        "unless the project sets `as_of`): check the date; until that day the site leaves "
        "the incident out of every figure"
    )
    # Started on the as-of date itself (UTC) is not after it.
    assert only(lint_text(corpus_root, text, as_of=dt.date(2025, 2, 9)), "started-by-as-of") == []


def test_todo_left_reads_only_the_word_in_capitals_on_its_own_line(corpus_root: Path) -> None:
    # "todo", "TODOs" and "ToDo" are not the template's note; a CRLF file keeps its numbers.
    body = BASE_BODY + "\nThe todo list and the TODOs board.\nToDo: nothing.\nStill TODO here.\n"
    text = render_postmortem(status="in-review", body=body).replace("\n", "\r\n")
    found = only(lint_text(corpus_root, text), "todo-left")
    assert [p.line for p in found] == [line_of(text.replace("\r\n", "\n"), "Still TODO here.")]
