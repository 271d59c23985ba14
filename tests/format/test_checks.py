"""The format's rules that span keys, the file name and the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pmkb.checks import IdOwner, check_corpus, check_record, check_taxonomy
from pmkb.loader import Record
from pmkb.problems import Problem
from pmkb.source import SourceFile, parse_source
from pmkb.validation import validate_frontmatter

from tests.conftest import REMOVE, line_of, render_postmortem, sample_taxonomy

BASE_PATH = "2025/2025-02-09-pool-exhaustion.md"


def checked(rel_path: str = BASE_PATH, **overrides: Any) -> tuple[str, list[Problem]]:
    """The problems check_record adds for a report that is valid in shape."""
    text = render_postmortem(**overrides)
    src = parse_source(text.encode(), SourceFile(rel_path))
    meta = validate_frontmatter(src)
    assert meta is not None, src.problems
    check_record(meta, src, rel_path)
    return text, src.problems


def test_the_base_report_passes_every_check() -> None:
    assert checked()[1] == []


def test_problems_are_errors_with_fixes() -> None:
    _, problems = checked(status="in-review", root_cause=REMOVE)
    assert all(p.severity == "error" for p in problems)


# --- keys required by status ---------------------------------------------------------


@pytest.mark.parametrize("status", ["in-review", "published"])
def test_keys_required_once_out_of_draft(status: str) -> None:
    text, problems = checked(
        status=status, root_cause=REMOVE, published=REMOVE, timeline__resolved=REMOVE
    )
    status_line = line_of(text, f"status: {status}")
    # `published` is the day the report was shared: only a published report has one.
    expected_published = [("status.required", "published", status_line)] * (status == "published")
    assert sorted((p.rule, p.key, p.line) for p in problems) == [
        *expected_published,
        ("status.required", "root_cause", status_line),
        # a missing timeline key points at its own mapping
        ("status.required", "timeline.resolved", line_of(text, "timeline:")),
    ]
    for problem in problems:
        assert f"required once status is '{status}'" in problem.message
        assert "set status: draft" in problem.message


def test_a_report_in_review_needs_no_published_date() -> None:
    assert checked(status="in-review", published=REMOVE)[1] == []


def test_draft_may_leave_them_out() -> None:
    _, problems = checked(
        status="draft", root_cause=REMOVE, published=REMOVE, timeline__resolved=REMOVE
    )
    assert problems == []


# --- timeline order --------------------------------------------------------------------


def test_timeline_out_of_order_points_at_the_later_key() -> None:
    text, problems = checked(timeline__mitigated="2025-02-09T10:10:00Z")
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == (
        "timeline.order",
        "timeline.mitigated",
        line_of(text, "mitigated:"),
    )
    assert (
        "mitigated (2025-02-09 10:10 UTC) is before acknowledged (2025-02-09 10:12 UTC)"
        in problem.message
    )
    assert "started <= detected <= acknowledged <= mitigated <= resolved" in problem.message


def test_timeline_order_skips_absent_keys() -> None:
    # Without `acknowledged` and `mitigated`, resolved is compared with detected.
    text, problems = checked(
        timeline__acknowledged=REMOVE,
        timeline__mitigated=REMOVE,
        timeline__resolved="2025-02-09T10:06:00Z",
    )
    (problem,) = problems
    assert (problem.key, problem.line) == ("timeline.resolved", line_of(text, "resolved:"))
    assert "before detected" in problem.message


def test_timeline_order_compares_instants_across_offsets() -> None:
    # 11:10+02:00 is 09:10 UTC, before the 10:05 UTC start.
    _, problems = checked(timeline__detected="2025-02-09T11:10:00+02:00")
    assert [(p.rule, p.key) for p in problems] == [("timeline.order", "timeline.detected")]
    # 12:06+02:00 is 10:06 UTC: in order.
    assert checked(timeline__detected="2025-02-09T12:06:45+02:00")[1] == []


def test_equal_timestamps_are_in_order() -> None:
    assert checked(timeline__detected="2025-02-09T10:05:23Z")[1] == []


# --- id and file name --------------------------------------------------------------------


def test_id_year_must_be_the_start_year() -> None:
    _, problems = checked(id="PM-2024-014")
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == ("id.year", "id", 2)
    assert "use PM-2025-NNN" in problem.message


def test_id_year_follows_the_utc_start_year() -> None:
    # 2025-01-01T01:00+02:00 is 2024-12-31T23:00Z: the incident is of 2024.
    overrides = {
        "timeline__started": "2025-01-01T01:00:00+02:00",
        "timeline__detected": "2025-01-01T01:05:00+02:00",
        "timeline__acknowledged": "2025-01-01T01:10:00+02:00",
        "timeline__mitigated": "2025-01-01T01:20:00+02:00",
        "timeline__resolved": "2025-01-01T01:30:00+02:00",
    }
    _, problems = checked("2024/2024-12-31-new-year.md", id="PM-2024-099", **overrides)
    assert problems == []
    _, problems = checked("2024/2024-12-31-new-year.md", id="PM-2025-099", **overrides)
    assert [(p.rule, p.key) for p in problems] == [("id.year", "id")]
    assert "use PM-2024-NNN" in problems[0].message


def test_file_name_date_must_be_the_start_date() -> None:
    text, problems = checked("2025/2025-02-10-pool-exhaustion.md")
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == (
        "file.name",
        "timeline.started",
        line_of(text, "started:"),
    )
    assert "rename it to 2025/2025-02-09-pool-exhaustion.md" in problem.message


def test_file_name_uses_the_utc_date_when_an_offset_moves_it() -> None:
    # 23:30 at -02:00 on the 9th is 01:30 UTC on the 10th.
    overrides = {
        "timeline__started": "2025-02-09T23:30:00-02:00",
        "timeline__detected": "2025-02-10T01:40:00Z",
        "timeline__acknowledged": "2025-02-10T01:42:00Z",
        "timeline__mitigated": "2025-02-10T01:45:00Z",
        "timeline__resolved": "2025-02-10T02:00:00Z",
    }
    _, problems = checked("2025/2025-02-09-late.md", **overrides)
    (problem,) = problems
    assert problem.rule == "file.name"
    assert "started 2025-02-10 (UTC)" in problem.message
    assert "rename it to 2025/2025-02-10-late.md" in problem.message
    assert checked("2025/2025-02-10-late.md", **overrides)[1] == []


def test_year_folder_must_match_the_date() -> None:
    _, problems = checked("2024/2025-02-09-pool-exhaustion.md")
    assert [p.rule for p in problems] == ["file.name"]


@pytest.mark.parametrize(
    "rel_path",
    [
        "2025/pool-exhaustion.md",
        "2025/2025-02-09.md",
        "2025/2025-02-09-Pool_Exhaustion.md",
        "2025/2025-2-9-pool.md",
    ],
)
def test_file_name_shape(rel_path: str) -> None:
    _, problems = checked(rel_path)
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == ("file.name", "", 1)
    assert "should be named 2025/2025-02-09-<slug>.md" in problem.message


# --- action items --------------------------------------------------------------------


def test_done_needs_completed() -> None:
    text, problems = checked(action_items__0__completed=REMOVE)
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == (
        "action-item.completed",
        "action_items[0].status",
        line_of(text, "status: done"),
    )
    assert "add the date it was completed" in problem.message


@pytest.mark.parametrize("status", ["open", "in-progress", "wont-do"])
def test_completed_only_when_done(status: str) -> None:
    text, problems = checked(action_items__0__status=status)
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == (
        "action-item.completed",
        "action_items[0].completed",
        line_of(text, "completed:"),
    )
    assert "set status: done or remove `completed`" in problem.message


def test_duplicate_action_item_id() -> None:
    text, problems = checked(action_items__1__id="AI-001")
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == (
        "action-item.duplicate-id",
        "action_items[1].id",
        line_of(text, "- id: AI-001", occurrence=2),
    )
    assert "already used by action_items[0]" in problem.message


@pytest.mark.parametrize(
    "tracker",
    [
        "OPS-123",
        "ftp://tracker.example.com/OPS-123",
        "tracker.example.com/OPS-123",
        "https://",
        "javascript:alert(1)",
        "https://[tracker.example.com/OPS-1",
    ],
)
def test_tracker_must_be_an_http_url(tracker: str) -> None:
    text, problems = checked(action_items__1__tracker=tracker)
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == (
        "action-item.tracker",
        "action_items[1].tracker",
        line_of(text, "tracker:"),
    )
    assert "http(s) URL" in problem.message


@pytest.mark.parametrize(
    "tracker", ["https://tracker.example.com/browse/OPS-1", "http://jira.internal/OPS-1"]
)
def test_http_trackers_are_valid(tracker: str) -> None:
    assert checked(action_items__1__tracker=tracker)[1] == []


# --- lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["services", "teams", "contributing_factors", "related"])
def test_duplicate_entries_in_a_list(key: str) -> None:
    value = {
        "services": "api-service",
        "teams": "sre",
        "contributing_factors": "testing-gap",
        "related": "PM-2024-001",
    }[key]
    text, problems = checked(
        **{key: [value, "other-thing" if key != "related" else "PM-2024-002", value]}
    )
    (problem,) = problems
    assert (problem.rule, problem.key, problem.line) == (
        "schema.duplicate",
        f"{key}[2]",
        line_of(text, f"{key}:"),
    )
    assert f"'{value}' is listed twice" in problem.message


def test_related_to_itself() -> None:
    _, problems = checked(related=["PM-2024-001", "PM-2025-014"])
    (problem,) = problems
    assert (problem.rule, problem.key) == ("related.self", "related[1]")


# --- taxonomy -----------------------------------------------------------------------------


def raw(**overrides: Any) -> tuple[str, SourceFile]:
    text = render_postmortem(**overrides)
    return text, parse_source(text.encode(), SourceFile(BASE_PATH))


def test_unknown_factor_suggests_the_closest_tag() -> None:
    text, src = raw(contributing_factors=["missing-index", "monitoring-gpa"])
    assert src.data is not None
    (problem,) = check_taxonomy(src.data, src, sample_taxonomy())
    assert (problem.rule, problem.key, problem.line, problem.severity) == (
        "taxonomy.unknown-factor",
        "contributing_factors[1]",
        line_of(text, "contributing_factors:"),
        "error",
    )
    assert "did you mean 'monitoring-gap'?" in problem.message


def test_unknown_tag_in_addresses() -> None:
    text, src = raw(action_items__1__addresses=["missing-index", "testing-gaps"])
    (problem,) = check_taxonomy(src.data, src, sample_taxonomy())
    assert (problem.key, problem.line) == (
        "action_items[1].addresses[1]",
        line_of(text, "addresses: [missing-index, testing-gaps]"),
    )
    assert "did you mean 'testing-gap'?" in problem.message


def test_unknown_tag_far_from_any_names_the_taxonomy_file() -> None:
    _, src = raw(contributing_factors=["cosmic-rays"])
    (problem,) = check_taxonomy(src.data, src, sample_taxonomy())
    assert "unknown contributing factor 'cosmic-rays'" in problem.message
    assert "taxonomy.yml" in problem.message


def test_taxonomy_is_checked_even_when_the_shape_is_wrong() -> None:
    # Raw data: a misspelt tag is reported in the same run as a bad date.
    _, src = raw(contributing_factors=["monitoring-gpa"], published="2025-02-30")
    assert validate_frontmatter(src) is None
    (problem,) = check_taxonomy(src.data, src, sample_taxonomy())
    assert problem.key == "contributing_factors[0]"


# --- the corpus ----------------------------------------------------------------------------


def record(rel_path: str, **overrides: Any) -> Record:
    text = render_postmortem(**overrides)
    src = parse_source(text.encode(), SourceFile(rel_path))
    meta = validate_frontmatter(src)
    assert meta is not None
    return Record(rel_path, rel_path, meta, src, Path(rel_path))


def test_duplicate_id_belongs_to_the_first_file() -> None:
    first = record("2025/a.md")
    second = record("2025/b.md")
    (problem,) = check_corpus([first.src, second.src], {"PM-2025-014": IdOwner("2025/a.md", 2)})
    assert (problem.path, problem.rule, problem.key, problem.line) == (
        "2025/b.md",
        "id.duplicate",
        "id",
        2,
    )
    assert "already used by 2025/a.md:2, which keeps it" in problem.message
    assert "pmkb new" in problem.message


def test_related_ids_must_exist() -> None:
    text = render_postmortem(related=["PM-2024-001", "PM-2024-404"])
    rec = record("2025/a.md", related=["PM-2024-001", "PM-2024-404"])
    (problem,) = check_corpus(
        [rec.src], {"PM-2025-014": IdOwner("2025/a.md", 2), "PM-2024-001": IdOwner("2024/x.md", 2)}
    )
    assert (problem.rule, problem.key, problem.line) == (
        "related.unknown",
        "related[1]",
        line_of(text, "related:"),
    )
    assert "no post-mortem has id PM-2024-404" in problem.message


def test_related_and_duplicate_ids_are_checked_beside_shape_errors(tmp_path: Path) -> None:
    """A shape error elsewhere in the file does not hide a broken link or a taken id."""
    from pmkb.loader import load_corpus

    from tests.conftest import write_postmortem

    write_postmortem(tmp_path, "2025/2025-02-09-first.md")
    text = render_postmortem(severity="SEV9", related=["PM-2024-404"])
    (tmp_path / "2025" / "2025-02-09-second.md").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path, sample_taxonomy())
    rules = {(p.path.rsplit("/", 1)[-1], p.rule, p.key) for p in corpus.problems}
    assert ("2025-02-09-second.md", "schema.value", "severity") in rules
    assert ("2025-02-09-second.md", "related.unknown", "related[0]") in rules
    assert ("2025-02-09-second.md", "id.duplicate", "id") in rules
