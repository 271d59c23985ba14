"""One lint run shows everything it can: a schema error hides none of a file's other findings.

The checklist and the checks between keys run on the keys that validated; a key
whose value did not validate is reported once, by the schema, and no other rule
speaks of it as missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pmkb.problems import Problem

from tests.conftest import (
    BASE_BODY,
    REMOVE,
    line_of,
    lint,
    make_corpus,
    render_postmortem,
    write_postmortem,
)
from tests.format.test_loader import BROKEN_FILES

REL = "2025/2025-02-09-case.md"


def lint_one(root: Path, text: str) -> tuple[str, list[tuple[str, str, int]]]:
    """(text, [(rule, key, line)]) of the problems of one file written at ``REL``."""
    write_postmortem(root, REL, text=text)
    return text, [(p.rule, p.key, p.line) for p in lint(root)]


def blaming_body() -> str:
    """The base body with a blaming sentence and a timeline row out of order."""
    body = BASE_BODY.replace("| 2025-02-09 10:35 |", "| 2025-02-09 09:35 |")
    return body.replace(
        "The rollback was quick", "Human error by the on-call engineer. The rollback was quick"
    )


def test_body_and_cross_key_checks_run_beside_schema_errors(corpus_root: Path) -> None:
    text = render_postmortem(
        severity="SEV9",  # schema error
        serverity="SEV2",  # unknown key
        timeline__mitigated="2025-02-09T10:00:00Z",  # before detected: cross-key
        action_items__1__due="2025-13-40",  # schema error in an item
        action_items__0__action="Improve monitoring",  # checklist warning on a valid item
        body=blaming_body(),
    )
    text, found = lint_one(corpus_root, text)
    assert sorted(found) == sorted(
        [
            ("schema.value", "severity", line_of(text, "severity: SEV9")),
            ("schema.unknown-key", "serverity", line_of(text, "serverity:")),
            ("schema.date", "action_items[1].due", line_of(text, "due: 2025-13-40")),
            ("timeline.order", "timeline.mitigated", line_of(text, "mitigated:")),
            ("blameless-language", "body", line_of(text, "Human error")),
            ("timeline-table", "body:## Timeline", line_of(text, "| 2025-02-09 09:35 |")),
            (
                "action-item-specific",
                "action_items[0].action",
                line_of(text, "Improve monitoring"),
            ),
        ]
    )


def test_every_problem_keeps_the_one_line_format(corpus_root: Path) -> None:
    write_postmortem(corpus_root, REL, text=render_postmortem(severity="SEV9", body=blaming_body()))
    problems = lint(corpus_root)
    assert {p.severity for p in problems} == {"error"}
    for problem in problems:
        path, line, rest = problem.format().split(":", 2)
        assert (path, int(line)) == (REL, problem.line)
        assert rest.startswith(f" error {problem.rule} {problem.key}: ")


def test_body_checks_run_when_the_yaml_does_not_parse(corpus_root: Path) -> None:
    _, found = lint_one(corpus_root, render_postmortem(severity="[SEV2", body=blaming_body()))
    # Nothing of the frontmatter can be read: no rule speaks of its keys.
    assert sorted(rule for rule, _, _ in found) == [
        "blameless-language",
        "frontmatter.yaml",
        "timeline-table",
    ]


@pytest.mark.parametrize(
    ("overrides", "reported"),
    [
        # A value that does not validate is not also "missing".
        ({"published": "'soon'"}, "schema.date"),
        ({"root_cause": "''", "status": "in-review"}, "schema.required"),
        ({"timeline__resolved": "2025-02-09T11:40:00"}, "timeline.offset"),
        ({"action_items__0__completed": "2025-02-31"}, "schema.date"),
        ({"status": "in-review", "timeline__acknowledged": "'10:12'"}, "schema.timestamp"),
        ({"status": "in-review", "follow_up_review": "'in four weeks'"}, "schema.date"),
        ({"status": "in-review", "action_items": "none"}, "schema.type"),
        # Nor does a list with one invalid tag count as one factor short.
        ({"contributing_factors": ["missing-index", "Testing_Gap"]}, "schema.value"),
        # An unknown key that is a misspelt required key says so once.
        ({"published": REMOVE, "publised": "2025-02-10"}, "schema.unknown-key"),
        ({"timeline__resolved": REMOVE, "timeline__resolve": "2025-02-09T11:40:00Z"}, "schema.unknown-key"),
    ],
)  # fmt: skip
def test_an_invalid_value_is_reported_once(
    corpus_root: Path, overrides: dict[str, Any], reported: str
) -> None:
    _, found = lint_one(corpus_root, render_postmortem(**overrides))
    assert [rule for rule, _, _ in found] == [reported]


def test_an_invalid_status_waits_for_the_reviewed_rules(corpus_root: Path) -> None:
    # Without a readable status the report is taken for a draft: nothing is required yet.
    text = render_postmortem(status="reviewed", root_cause=REMOVE, follow_up_review=REMOVE)
    _, found = lint_one(corpus_root, text)
    assert [rule for rule, _, _ in found] == ["schema.value"]


def test_an_item_with_an_invalid_id_is_named_by_its_place(corpus_root: Path) -> None:
    text = render_postmortem(action_items__1__id="A-2", action_items__1__action="Fix it")
    text, found = lint_one(corpus_root, text)
    assert ("id.pattern", "action_items[1].id", line_of(text, "id: A-2")) in found
    problems = lint(corpus_root)
    (vague,) = [p for p in problems if p.rule == "action-item-specific"]
    assert vague.message.startswith("action_items[1] 'Fix it' is too vague")


def test_checks_between_keys_run_on_what_validated(corpus_root: Path) -> None:
    text = render_postmortem(
        id="PM-2024-014",  # the incident started in 2025
        severity="SEV9",
        status="published",
        published=REMOVE,
        action_items__1__status="done",  # done without `completed`
    )
    text, found = lint_one(corpus_root, text)
    status_line = line_of(text, "status: published")
    assert sorted(found) == sorted(
        [
            ("schema.value", "severity", line_of(text, "severity: SEV9")),
            ("id.year", "id", line_of(text, "id: PM-2024-014")),
            ("status.required", "published", status_line),
            (
                "action-item.completed",
                "action_items[1].status",
                line_of(text, "status: done", occurrence=2),
            ),
        ]
    )


def test_no_file_of_the_broken_corpus_draws_a_duplicate_or_a_checklist_finding(
    tmp_path: Path,
) -> None:
    """The loader's catalogue of broken files: the base body is clean, so besides the
    schema's own problems nothing may appear, and nothing twice."""
    root = make_corpus(tmp_path, n=0)
    for index, (raw, _) in enumerate(BROKEN_FILES.values()):
        raw = raw.replace(b"PM-2025-014", f"PM-2025-{100 + index}".encode())
        write_postmortem(root, f"2025/2025-02-09-broken-{index:02d}.md", text=raw)
    problems: list[Problem] = lint(root)
    keyed = [(p.path, p.line, p.rule, p.key) for p in problems]
    assert len(keyed) == len(set(keyed))
    assert all(p.is_error for p in problems), [p.format() for p in problems if not p.is_error]
