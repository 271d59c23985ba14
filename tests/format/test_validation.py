"""Shape errors from the model, each on its key's file line with a fix in the message."""

from __future__ import annotations

from typing import Any

import pytest
from pmkb.model import Priority
from pmkb.problems import Problem
from pmkb.source import SourceFile, parse_source
from pmkb.validation import validate_frontmatter

from tests.conftest import REMOVE, line_of, render_postmortem


def validate(**overrides: Any) -> tuple[str, list[Problem], Any]:
    text = render_postmortem(**overrides)
    src = parse_source(text.encode(), SourceFile("2025/pm.md"))
    assert src.problems == [], "the edit should break the model, not the YAML"
    meta = validate_frontmatter(src)
    return text, src.problems, meta


def one_problem(**overrides: Any) -> tuple[str, Problem]:
    text, problems, meta = validate(**overrides)
    assert meta is None
    assert len(problems) == 1, problems
    assert problems[0].severity == "error"
    assert problems[0].path == "2025/pm.md"
    return text, problems[0]


def test_the_base_report_is_valid() -> None:
    _, problems, meta = validate()
    assert problems == []
    assert meta.id == "PM-2025-014"


# --- unknown keys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "needle", "key", "suggestion"),
    [
        (
            {"follow_up_review": REMOVE, "follow_up_reveiw": "2025-03-10"},
            "follow_up_reveiw:",
            "follow_up_reveiw",
            "follow_up_review",
        ),
        ({"severity": REMOVE, "severtiy": "SEV2"}, "severtiy:", "severtiy", "severity"),
        (
            {"timeline__detected": REMOVE, "timeline__detcted": "2025-02-09T10:06:45Z"},
            "detcted:",
            "timeline.detcted",
            "detected",
        ),
        (
            {"action_items__1__prioirty": "P2", "action_items__1__priority": REMOVE},
            "prioirty:",
            "action_items[1].prioirty",
            "priority",
        ),
        ({"impact": {"users_afected": 3}}, "impact:", "impact.users_afected", "users_affected"),
    ],
)
def test_unknown_key_suggests_the_closest_known_key(
    overrides: dict[str, Any], needle: str, key: str, suggestion: str
) -> None:
    text, problems, meta = validate(**overrides)
    assert meta is None
    unknown = [p for p in problems if p.rule == "schema.unknown-key"]
    assert len(unknown) == 1
    assert unknown[0].key == key
    assert unknown[0].line == line_of(text, needle)
    assert f"did you mean `{suggestion}`?" in unknown[0].message


@pytest.mark.parametrize(
    ("overrides", "needle", "key", "suggestion"),
    [
        ({"severity": REMOVE, "Severity": "SEV2"}, "Severity:", "Severity", "severity"),
        ({"action_items__0__Owner": "sre"}, "Owner:", "action_items[0].Owner", "owner"),
        (
            {"timeline__Resolved": "2025-02-09T11:40:00Z"},
            "Resolved:",
            "timeline.Resolved",
            "resolved",
        ),
    ],
)
def test_capitalised_unknown_key_keeps_its_name_and_line(
    overrides: dict[str, Any], needle: str, key: str, suggestion: str
) -> None:
    text, problems, _ = validate(**overrides)
    (unknown,) = [p for p in problems if p.rule == "schema.unknown-key"]
    assert (unknown.key, unknown.line) == (key, line_of(text, needle))
    assert (
        f"unknown key `{key.rsplit('.', 1)[-1]}`; did you mean `{suggestion}`?" in unknown.message
    )


def test_unknown_key_without_a_close_match_says_what_to_do() -> None:
    text, problem = one_problem(pager_rotation="weekly")
    assert (problem.rule, problem.key, problem.line) == (
        "schema.unknown-key",
        "pager_rotation",
        line_of(text, "pager_rotation:"),
    )
    assert "remove it or check the format" in problem.message


# --- timestamps and dates --------------------------------------------------------------


@pytest.mark.parametrize("key", ["started", "detected", "acknowledged", "mitigated", "resolved"])
def test_naive_timestamp_asks_for_an_offset(key: str) -> None:
    text, problem = one_problem(**{f"timeline__{key}": "2025-02-09T10:06:45"})
    assert (problem.rule, problem.key, problem.line) == (
        "timeline.offset",
        f"timeline.{key}",
        line_of(text, f"  {key}: 2025-02-09T10:06:45"),
    )
    assert "add `Z` for UTC" in problem.message and "+02:00" in problem.message


def test_naive_timestamp_with_a_space_separator() -> None:
    text, problem = one_problem(timeline__mitigated="2025-02-09 10:35:00")
    assert (problem.rule, problem.line) == ("timeline.offset", line_of(text, "mitigated:"))


@pytest.mark.parametrize("value", ["2025-02-30T10:00:00Z", "yesterday", "2025-02-09T25:00:00Z"])
def test_invalid_timestamp(value: str) -> None:
    text, problem = one_problem(timeline__mitigated=value)
    assert (problem.rule, problem.key, problem.line) == (
        "schema.timestamp",
        "timeline.mitigated",
        line_of(text, "mitigated:"),
    )
    assert "ISO 8601 with an offset" in problem.message and value in problem.message


def test_a_date_where_a_timestamp_belongs_is_refused() -> None:
    # A bare date has no time and no offset: durations would be wrong.
    text, problem = one_problem(timeline__resolved="2025-02-09")
    assert problem.key == "timeline.resolved"
    assert problem.rule in ("schema.timestamp", "timeline.offset")
    assert problem.line == line_of(text, "resolved:")


@pytest.mark.parametrize(
    ("override", "key", "needle"),
    [
        ({"action_items__1__due": "2025-13-40"}, "action_items[1].due", "due: 2025-13-40"),
        ({"published": "2025-02-30"}, "published", "published: 2025-02-30"),
        ({"follow_up_review": "next month"}, "follow_up_review", "follow_up_review: next month"),
        (
            {"action_items__0__completed": "2025-00-10"},
            "action_items[0].completed",
            "completed: 2025-00-10",
        ),
    ],
)
def test_invalid_date(override: dict[str, str], key: str, needle: str) -> None:
    text, problem = one_problem(**override)
    assert (problem.rule, problem.key, problem.line) == ("schema.date", key, line_of(text, needle))
    assert "write YYYY-MM-DD" in problem.message


def test_offsets_other_than_utc_are_valid() -> None:
    _, problems, meta = validate(
        timeline__started="2025-02-09T12:05:23+02:00",
        timeline__detected="2025-02-09T10:06:45Z",
    )
    assert problems == []
    assert meta.started_utc.hour == 10


# --- types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "key", "needle", "found"),
    [
        ({"title": "123"}, "title", "title: 123", "a whole number"),
        ({"title": "yes"}, "title", "title: yes", "true or false"),
        ({"id": "2025"}, "id", "id: 2025", "a whole number"),
        ({"action_items__0__owner": "42"}, "action_items[0].owner", "owner: 42", "a whole number"),
        ({"root_cause": "1.5"}, "root_cause", "root_cause: 1.5", "a number"),
    ],
)
def test_number_where_text_belongs_asks_for_quotes(
    override: dict[str, str], key: str, needle: str, found: str
) -> None:
    text, problem = one_problem(**override)
    assert (problem.rule, problem.key, problem.line) == ("schema.type", key, line_of(text, needle))
    assert f"must be text, not {found}; put it in quotes" in problem.message


def test_quoted_number_is_text() -> None:
    _, problems, meta = validate(title='"123"')
    assert problems == [] and meta.title == "123"


def test_number_in_a_list_of_names_names_the_list_item() -> None:
    text, problem = one_problem(services=["api-service", 42])
    assert (problem.rule, problem.key, problem.line) == (
        "schema.type",
        "services[1]",
        line_of(text, "services:"),
    )
    assert "`services[1]` must be text" in problem.message
    assert "put it in quotes" in problem.message


def test_text_where_a_list_belongs_shows_the_list() -> None:
    text, problem = one_problem(services="api-service")
    assert (problem.rule, problem.key, problem.line) == (
        "schema.type",
        "services",
        line_of(text, "services:"),
    )
    assert "write [api-service]" in problem.message


def test_text_where_a_number_belongs() -> None:
    text, problem = one_problem(impact={"users_affected": "many"})
    assert (problem.rule, problem.key) == ("schema.type", "impact.users_affected")
    assert problem.line == line_of(text, "impact:")
    assert "must be a whole number, not text" in problem.message


def test_fraction_where_a_whole_number_belongs() -> None:
    _, problem = one_problem(impact={"users_affected": 1.5})
    assert (problem.rule, problem.key) == ("schema.type", "impact.users_affected")
    assert "`users_affected` must be a whole number, not a number" in problem.message


def test_negative_count() -> None:
    _, problem = one_problem(impact={"failed_requests": -5})
    assert (problem.rule, problem.key) == ("schema.value", "impact.failed_requests")
    assert "zero or more" in problem.message


# Lax conversions: a value of another type is never read as a time, a date or a number.


@pytest.mark.parametrize("value", ["1770631523", '"1770631523"', "1770631523.5"])
def test_unix_seconds_are_not_a_timestamp(value: str) -> None:
    text, problem = one_problem(timeline__started=value)
    assert (problem.rule, problem.key, problem.line) == (
        "schema.timestamp",
        "timeline.started",
        line_of(text, "started:"),
    )
    assert "ISO 8601 with an offset" in problem.message


@pytest.mark.parametrize(
    ("value", "shown"),
    [("1771200000", "1771200000"), ("2025-02-16T00:00:00Z", "2025-02-16T00:00:00+00:00")],
)
def test_a_number_or_a_timestamp_is_not_a_date(value: str, shown: str) -> None:
    text, problem = one_problem(action_items__0__due=value)
    assert (problem.rule, problem.key, problem.line) == (
        "schema.date",
        "action_items[0].due",
        line_of(text, "due: " + value),
    )
    assert problem.message == f"{shown} is not a date; write YYYY-MM-DD"


def test_iso_text_in_quotes_is_read_as_the_same_time_and_date() -> None:
    _, problems, meta = validate(
        timeline__started='"2025-02-09T12:05:23+02:00"', published='"2025-02-10"'
    )
    _, _, plain = validate(timeline__started="2025-02-09T12:05:23+02:00", published="2025-02-10")
    assert problems == []
    assert meta.timeline.started == plain.timeline.started
    assert meta.published == plain.published


@pytest.mark.parametrize(
    ("impact", "key", "message"),
    [
        ({"users_affected": "yes"}, "users_affected", "must be a whole number, not true or false"),
        ({"users_affected": "true"}, "users_affected", "must be a whole number, not true or false"),
        ({"failed_requests": '"40_000"'}, "failed_requests", "must be a whole number, not text"),
        ({"failed_requests": "2000.0"}, "failed_requests", "must be a whole number, not a number"),
        ({"slo_budget_consumed_pct": "true"}, "slo_budget_consumed_pct", "must be a number, not true or false"),
        ({"revenue_usd": '"1200"'}, "revenue_usd", "must be a number, not text"),
        ({"data_loss": "0"}, "data_loss", "must be true or false, not a whole number"),
        ({"data_loss": '"no"'}, "data_loss", "must be true or false, not text"),
    ],
)  # fmt: skip
def test_no_boolean_or_text_is_read_as_a_number(
    impact: dict[str, str], key: str, message: str
) -> None:
    text, problem = one_problem(impact=impact)
    assert (problem.rule, problem.key, problem.line) == (
        "schema.type",
        f"impact.{key}",
        line_of(text, "impact:"),
    )
    assert f"`{key}` {message}" in problem.message


def test_quoted_digits_are_shown_how_to_write_a_number() -> None:
    _, problem = one_problem(impact={"failed_requests": '"40_000"'})
    assert "without quotes" in problem.message


@pytest.mark.parametrize(("written", "read"), [("1e3", 1000.0), ("2.5E6", 2_500_000.0)])
def test_a_number_with_an_exponent_is_a_number(written: str, read: float) -> None:
    # YAML 1.2, as editors read it; PyYAML alone would keep the text.
    _, problems, meta = validate(impact={"revenue_usd": written})
    assert problems == [] and meta.impact.revenue_usd == read
    _, problem = one_problem(impact={"revenue_usd": f'"{written}"'})
    assert "must be a number, not text" in problem.message


def test_a_whole_number_is_an_amount() -> None:
    _, problems, meta = validate(impact={"revenue_usd": 1200, "slo_budget_consumed_pct": 5})
    assert problems == []
    assert (meta.impact.revenue_usd, meta.impact.slo_budget_consumed_pct) == (1200.0, 5.0)


# --- values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "key", "suggestion"),
    [
        ({"severity": "sev2"}, "severity", "SEV2"),
        ({"status": "Published"}, "status", "published"),
        ({"detection": "alerts"}, "detection", "alert"),
        ({"action_items__1__category": "prevention"}, "action_items[1].category", "prevent"),
        ({"action_items__1__status": "in_progress"}, "action_items[1].status", "in-progress"),
    ],
)
def test_value_not_in_the_list_suggests_the_closest(
    override: dict[str, str], key: str, suggestion: str
) -> None:
    text, problem = one_problem(**override)
    value = next(iter(override.values()))
    assert (problem.rule, problem.key) == ("schema.value", key)
    assert problem.line == line_of(text, f": {value}")
    assert f"did you mean '{suggestion}'?" in problem.message


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("High", Priority.P1),
        ("Medium", Priority.P2),
        ("Low", Priority.P3),
        ("high", Priority.P1),
        ("low", Priority.P3),
        ("P2", Priority.P2),
        ("p3", Priority.P3),
    ],
)
def test_priority_words_are_read_as_p1_to_p3(written: str, read: Priority) -> None:
    _, problems, meta = validate(action_items__1__priority=written)
    assert problems == []
    assert meta.action_items[1].priority is read


def test_unknown_priority() -> None:
    text, problem = one_problem(action_items__1__priority="urgent")
    assert (problem.rule, problem.key, problem.line) == (
        "schema.value",
        "action_items[1].priority",
        line_of(text, "priority: urgent"),
    )
    assert "'urgent' is not one of 'P1', 'P2' or 'P3'" in problem.message


@pytest.mark.parametrize(
    "value", ["PM-25-1", "pm-2025-014", "PM-2025-14", "PM_2025_014", "INC-2025-014"]
)
def test_id_pattern(value: str) -> None:
    _, problem = one_problem(id=value)
    assert (problem.rule, problem.key, problem.line) == ("id.pattern", "id", 2)
    assert "PM-YYYY-NNN" in problem.message


def test_id_with_more_than_three_digits_is_valid() -> None:
    _, problems, meta = validate(id="PM-2025-1234")
    assert problems == [] and meta.id == "PM-2025-1234"


def test_action_item_id_pattern() -> None:
    text, problem = one_problem(action_items__1__id="AI-2")
    assert (problem.rule, problem.key, problem.line) == (
        "id.pattern",
        "action_items[1].id",
        line_of(text, "- id: AI-2"),
    )
    assert "AI-NNN" in problem.message


def test_related_id_pattern() -> None:
    text, problem = one_problem(related=["PM-2024-088", "2024-088"])
    assert (problem.rule, problem.key, problem.line) == (
        "id.pattern",
        "related[1]",
        line_of(text, "related:"),
    )


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ({"services": ["API_Service"]}, "services[0]"),
        ({"trigger": "Config Change"}, "trigger"),
        ({"teams": ["Payments"]}, "teams[0]"),
        ({"contributing_factors": ["Monitoring Gap"]}, "contributing_factors[0]"),
    ],
)
def test_kebab_case_names(override: dict[str, Any], key: str) -> None:
    _, problem = one_problem(**override)
    assert (problem.rule, problem.key) == ("schema.value", key)
    assert "kebab-case" in problem.message or "taxonomy" in problem.message


def test_title_too_long() -> None:
    _, problem = one_problem(title="A" * 121)
    assert (problem.rule, problem.key, problem.line) == ("schema.value", "title", 3)
    assert "121 characters; keep it to 120" in problem.message


@pytest.mark.parametrize(
    ("yaml_value", "said"),
    [
        ('"Checkout errors\\nafter the deploy"', "a title is one line"),
        ("|\n  Checkout errors\n  after the deploy", "a title is one line"),
        ('"\\u200b"', "a title needs letters or digits"),
        ('"- -"', "a title needs letters or digits"),
    ],
)
def test_a_title_is_one_readable_line(yaml_value: str, said: str) -> None:
    _, problem = one_problem(title=yaml_value)
    assert (problem.rule, problem.key, problem.line) == ("schema.value", "title", 3)
    assert said in problem.message


def test_a_title_in_any_script_is_readable() -> None:
    _, problems, meta = validate(title='"決済の遅延 – ошибки оплаты 🚨"')
    assert problems == [] and meta.title == "決済の遅延 – ошибки оплаты 🚨"


# --- required keys ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "id",
        "title",
        "status",
        "severity",
        "services",
        "authors",
        "timeline",
        "detection",
        "contributing_factors",
    ],
)
def test_missing_required_key(key: str) -> None:
    _, problem = one_problem(**{key: REMOVE})
    assert (problem.rule, problem.key, problem.line) == ("schema.required", key, 1)
    assert f"missing required key `{key}`" in problem.message


def test_missing_timeline_key_points_at_the_timeline() -> None:
    text, problem = one_problem(timeline__detected=REMOVE)
    assert (problem.rule, problem.key, problem.line) == (
        "schema.required",
        "timeline.detected",
        line_of(text, "timeline:"),
    )


@pytest.mark.parametrize("key", ["id", "action", "owner", "due", "priority", "category", "status"])
def test_missing_action_item_key_points_at_the_item(key: str) -> None:
    text, problem = one_problem(**{f"action_items__1__{key}": REMOVE})
    assert (problem.rule, problem.key) == ("action-item.incomplete", f"action_items[1].{key}")
    # The item starts on its `- ` line, whichever key comes first now.
    assert problem.line == line_of(text, "  - ", occurrence=2)
    assert f"missing required key `{key}`" in problem.message


@pytest.mark.parametrize("key", ["services", "authors", "contributing_factors"])
def test_required_list_must_not_be_empty(key: str) -> None:
    text, problem = one_problem(**{key: []})
    assert (problem.rule, problem.key, problem.line) == (
        "schema.required",
        key,
        line_of(text, f"{key}: []"),
    )
    assert "at least one entry" in problem.message


def test_blank_text_is_empty() -> None:
    _, problem = one_problem(root_cause='"   "')
    assert (problem.rule, problem.key) == ("schema.required", "root_cause")
    assert "fill it in" in problem.message


# --- many problems at once ------------------------------------------------------------


def test_every_shape_problem_of_a_file_comes_out_at_once() -> None:
    text, problems, meta = validate(
        severity="SEV9",
        timeline__detected="2025-02-09T10:06:45",
        action_items__0__due="2025-13-40",
        action_items__1__priority="urgent",
        follow_up_reveiw="2025-03-10",
    )
    assert meta is None
    found = sorted((p.line, p.key, p.rule) for p in problems)
    assert found == sorted(
        [
            (line_of(text, "severity: SEV9"), "severity", "schema.value"),
            (
                line_of(text, "detected: 2025-02-09T10:06:45"),
                "timeline.detected",
                "timeline.offset",
            ),
            (line_of(text, "due: 2025-13-40"), "action_items[0].due", "schema.date"),
            (line_of(text, "priority: urgent"), "action_items[1].priority", "schema.value"),
            (line_of(text, "follow_up_reveiw:"), "follow_up_reveiw", "schema.unknown-key"),
        ]
    )


# --- what is kept of a frontmatter with errors ----------------------------------------


def salvaged(**overrides: Any) -> Any:
    from pmkb.validation import Salvaged, read_frontmatter

    text = render_postmortem(**overrides)
    src = parse_source(text.encode(), SourceFile("2025/pm.md"))
    result = read_frontmatter(src)
    assert isinstance(result, Salvaged)
    return result


def test_the_valid_keys_of_an_invalid_file_are_kept() -> None:
    kept = salvaged(severity="SEV9", timeline__mitigated="noon", action_items__1__due="2025-13-40")
    meta = kept.meta
    assert (meta.id, meta.severity, meta.status.value) == ("PM-2025-014", None, "published")
    assert meta.timeline.mitigated is None
    assert meta.timeline.resolved.isoformat() == "2025-02-09T11:40:00+00:00"
    # The item keeps its place and its other keys.
    assert [item.id for item in meta.action_items] == ["AI-001", "AI-002"]
    assert meta.action_items[1].due is None
    assert meta.action_items[1].owner == "payments-platform"
    assert kept.unreadable == {
        ("severity",),
        ("timeline", "mitigated"),
        ("action_items", 1, "due"),
    }


def test_a_list_with_an_invalid_entry_is_dropped_whole() -> None:
    # Keeping the valid entries would move them up an index, onto another line.
    kept = salvaged(services=["api-service", "Orders DB"], contributing_factors=["x_y"])
    assert kept.meta.services == [] and kept.meta.contributing_factors == []
    assert {("services",), ("contributing_factors",)} <= kept.unreadable


def test_an_item_that_is_not_a_mapping_is_emptied_in_place() -> None:
    kept = salvaged(action_items__0="Add an alert")
    assert [item.id for item in kept.meta.action_items] == [None, "AI-002"]
    assert ("action_items", 0) in kept.unreadable


def test_a_misspelt_key_marks_the_key_it_was_meant_to_be() -> None:
    kept = salvaged(published=REMOVE, publised="2025-02-10", serverity="SEV2")
    assert kept.meta.published is None
    assert kept.meta.severity.value == "SEV2"  # the key itself is there too, and valid
    assert {("publised",), ("published",), ("serverity",), ("severity",)} <= kept.unreadable


def test_a_kebab_case_value_suggests_its_kebab_form() -> None:
    _, problem = one_problem(contributing_factors=["missing-index", "Testing_Gap"])
    assert problem.message.endswith("did you mean 'testing-gap'?")
