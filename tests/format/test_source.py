"""Reading one file: bytes to frontmatter, body and the file line of every key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pmkb.problems import Problem, key_path, sort_problems
from pmkb.source import MAX_FILE_BYTES, SourceFile, is_placeholder, parse_source, read_source

from tests.conftest import line_of, render_postmortem


def parse(text: str | bytes) -> SourceFile:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_source(raw, SourceFile("pm.md"))


def rules(src: SourceFile) -> list[str]:
    return [p.rule for p in src.problems]


# --- lines ----------------------------------------------------------------------


def test_every_key_maps_to_its_file_line_not_its_yaml_line() -> None:
    text = render_postmortem()
    src = parse(text)
    assert src.problems == []
    assert src.key_lines[("id",)] == 2  # line 1 is the opening fence
    assert src.key_lines[("timeline", "resolved")] == line_of(text, "resolved:")
    assert src.key_lines[("action_items", 1)] == line_of(text, "- id: AI-002")
    assert src.key_lines[("action_items", 1, "id")] == line_of(text, "- id: AI-002")
    assert src.key_lines[("action_items", 1, "due")] == line_of(text, "due: 2025-03-01")
    assert src.key_lines[("services", 1)] == line_of(text, "services:")


def test_line_of_falls_back_to_the_nearest_ancestor_then_line_one() -> None:
    text = render_postmortem()
    src = parse(text)
    # `completed` is absent from the second item: its item's line stands in.
    assert src.line_of(("action_items", 1, "completed")) == line_of(text, "- id: AI-002")
    assert src.line_of(("no_such_key",)) == 1
    assert src.line_of(()) == 1


def test_body_starts_on_the_line_after_the_closing_fence() -> None:
    text = render_postmortem()
    src = parse(text)
    closing = line_of(text, "---", occurrence=2)
    assert src.body_line == closing + 1
    assert "id: PM-2025-014" not in src.body
    # Body line k (0-based) is file line body_line + k.
    for needle in ("## Summary", "| 2025-02-09 10:35 |", "## Lessons Learned"):
        offset = next(i for i, line in enumerate(src.body.split("\n")) if needle in line)
        assert src.body_line + offset == line_of(text, needle)


def test_blank_lines_after_the_fence_do_not_shift_key_lines() -> None:
    text = "---\n\n\nid: PM-2025-001\ntitle: x\n---\nbody\n"
    src = parse(text)
    assert src.key_lines[("id",)] == 4
    assert src.key_lines[("title",)] == 5


def test_values_are_constructed_with_plain_safe_yaml_types() -> None:
    src = parse(render_postmortem())
    assert src.data is not None
    assert src.data["published"] == dt.date(2025, 2, 10)
    assert src.data["timeline"]["started"] == dt.datetime(
        2025, 2, 9, 10, 5, 23, tzinfo=dt.timezone.utc
    )
    assert src.data["impact"]["data_loss"] is False


def test_an_impossible_date_is_kept_as_text_for_the_model_to_report() -> None:
    src = parse(render_postmortem(action_items__1__due="2025-13-40"))
    assert src.problems == []
    assert src.data is not None
    assert src.data["action_items"][1]["due"] == "2025-13-40"


# --- broken files -------------------------------------------------------------------


def test_bom_is_a_warning_and_lines_stay_right() -> None:
    text = render_postmortem()
    src = parse(b"\xef\xbb\xbf" + text.encode())
    assert [(p.rule, p.severity, p.line) for p in src.problems] == [("file.bom", "warning", 1)]
    assert "without BOM" in src.problems[0].message
    assert src.data is not None and src.data["id"] == "PM-2025-014"
    assert src.key_lines[("severity",)] == line_of(text, "severity:")


@pytest.mark.parametrize(("newline", "named"), [("\r\n", "CRLF"), ("\r", "CR")])
def test_crlf_and_cr_line_endings_are_a_warning_and_lines_stay_right(
    newline: str, named: str
) -> None:
    text = render_postmortem()
    src = parse(text.replace("\n", newline))
    assert [(p.rule, p.severity, p.line) for p in src.problems] == [
        ("file.line-endings", "warning", 1)
    ]
    assert f"file has {named} line endings; convert it to LF" in src.problems[0].message
    assert src.data is not None
    assert src.key_lines[("timeline", "resolved")] == line_of(text, "resolved:")
    assert "\r" not in src.body


def test_non_utf8_byte_is_reported_on_its_own_line() -> None:
    text = render_postmortem()
    raw = text.encode().replace(b"ran out of connections", b"ran out of connexions \xe9")
    src = parse(raw)
    assert src.data is None
    (problem,) = src.problems
    assert problem.rule == "file.encoding"
    assert problem.severity == "error"
    assert problem.line == line_of(text, "ran out of connections")
    assert "0xe9" in problem.message and "re-save the file as UTF-8" in problem.message


def test_non_utf8_byte_on_the_first_line() -> None:
    (problem,) = parse(b"\xff---\nid: x\n---\n").problems
    assert (problem.rule, problem.line) == ("file.encoding", 1)


@pytest.mark.parametrize("text", ["", "\n\n", "  \n\t\n"])
def test_empty_file(text: str) -> None:
    src = parse(text)
    assert src.data is None
    (problem,) = src.problems
    assert (problem.rule, problem.severity, problem.line) == ("file.empty", "error", 1)
    assert "pmkb new" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "## Summary\n\nNo frontmatter at all.\n",
        "\n---\nid: PM-2025-001\n---\n",  # a blank line before the fence
        "id: PM-2025-001\ntitle: x\n",
    ],
)
def test_missing_frontmatter(text: str) -> None:
    src = parse(text)
    assert src.data is None
    (problem,) = src.problems
    assert (problem.rule, problem.line) == ("frontmatter.missing", 1)
    assert "start with a line '---'" in problem.message


@pytest.mark.parametrize("text", ["---\nid: PM-2025-001\ntitle: x\n\n## Summary\n", "---\n"])
def test_unclosed_frontmatter(text: str) -> None:
    src = parse(text)
    assert src.data is None
    (problem,) = src.problems
    assert (problem.rule, problem.severity) == ("frontmatter.unclosed", "error")
    assert "add a line '---'" in problem.message


def test_empty_frontmatter() -> None:
    (problem,) = parse("---\n---\n\n## Summary\n").problems
    assert problem.rule == "frontmatter.empty"
    assert "add the required keys" in problem.message


@pytest.mark.parametrize(
    ("edit", "bad_line"),
    [
        # An unclosed bracket or quote: the parser notices lines later; the
        # author must be sent to where the bracket or quote was opened.
        ({"severity": "[SEV2"}, "severity: [SEV2"),
        ({"impact": "{users_affected: 2000"}, "impact: {users_affected"),
        ({"title": '"API error spike'}, 'title: "API error spike'),
        ({"title": "'API error spike"}, "title: 'API error spike"),
        # Errors the parser sees on the very line.
        ({"title": "API error: spike: from pools"}, "title: API error: spike"),
        ({"detection": "@alert"}, "detection: @alert"),
    ],
)
def test_malformed_yaml_points_at_the_line_of_the_mistake(
    edit: dict[str, str], bad_line: str
) -> None:
    text = render_postmortem(**edit)
    src = parse(text)
    assert src.data is None
    (problem,) = src.problems
    assert problem.rule == "frontmatter.yaml"
    assert problem.severity == "error"
    assert problem.line == line_of(text, bad_line)
    assert (
        "YAML syntax" in problem.message
        and "check indentation, colons and quotes" in problem.message
    )


def test_malformed_yaml_missing_space_after_colon() -> None:
    text = render_postmortem().replace("detection: alert", "detection:alert")
    (problem,) = parse(text).problems
    assert (problem.rule, problem.line) == ("frontmatter.yaml", line_of(text, "detection:alert"))


def test_malformed_yaml_bad_indentation_points_at_the_misindented_key() -> None:
    text = render_postmortem().replace("  acknowledged:", " acknowledged:")
    (problem,) = parse(text).problems
    assert (problem.rule, problem.line) == ("frontmatter.yaml", line_of(text, " acknowledged:"))


def test_tab_indentation_is_a_yaml_error_on_its_line() -> None:
    text = render_postmortem().replace("  started:", "\tstarted:")
    (problem,) = parse(text).problems
    assert (problem.rule, problem.line) == ("frontmatter.yaml", line_of(text, "\tstarted:"))


@pytest.mark.parametrize(
    ("frontmatter", "line"),
    [("- id\n- title\n", 2), ("just some text\n", 2), ("null\n", 2), ("\n\n42\n", 4)],
)
def test_frontmatter_that_is_not_a_mapping(frontmatter: str, line: int) -> None:
    (problem,) = parse("---\n" + frontmatter + "---\nbody\n").problems
    assert (problem.rule, problem.line) == ("frontmatter.not-mapping", line)
    assert "mapping of `key: value` lines" in problem.message


def test_duplicate_key_names_both_lines() -> None:
    text = render_postmortem().replace("detection: alert\n", "detection: alert\nseverity: SEV1\n")
    src = parse(text)
    assert src.data is None  # which value would win is exactly what the author must decide
    (problem,) = src.problems
    assert problem.rule == "frontmatter.duplicate-key"
    assert problem.key == "severity"
    assert problem.line == line_of(text, "severity: SEV1")
    assert f"first on line {line_of(text, 'severity: SEV2')}" in problem.message


def test_duplicate_key_inside_an_action_item() -> None:
    text = render_postmortem().replace(
        "    owner: observability\n", "    owner: observability\n    owner: sre\n"
    )
    (problem,) = parse(text).problems
    assert (problem.rule, problem.key, problem.line) == (
        "frontmatter.duplicate-key",
        "action_items[0].owner",
        line_of(text, "owner: sre"),
    )


def test_alias_is_refused_on_the_line_that_uses_it() -> None:
    text = render_postmortem(services="&shared [api-service, orders-db]", teams="*shared")
    src = parse(text)
    assert src.data is None
    (problem,) = src.problems
    assert (problem.rule, problem.key, problem.line) == (
        "frontmatter.alias",
        "teams",
        line_of(text, "teams: *shared"),
    )
    assert "write the value out" in problem.message


def test_billion_laughs_is_refused_without_expanding() -> None:
    laughs = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
    text = (
        "---\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + laughs
        + "id: PM-2025-001\n---\n"
    )
    src = parse(text)
    assert src.data is None
    (problem,) = src.problems
    assert problem.rule == "frontmatter.alias"
    assert problem.line == line_of(text, "l1: &l1")
    assert problem.key == "l1[0]"


def test_merge_key_is_refused() -> None:
    text = render_postmortem(impact=None).replace(
        "impact: null\n", "impact:\n  <<: {users_affected: 2000}\n  data_loss: false\n"
    )
    (problem,) = parse(text).problems
    assert (problem.rule, problem.key, problem.line) == (
        "frontmatter.alias",
        "impact",
        line_of(text, "<<:"),
    )
    assert "merge keys" in problem.message


def test_complex_key_is_refused() -> None:
    (problem,) = parse("---\n? [a, b]\n: c\nid: PM-2025-001\n---\n").problems
    assert (problem.rule, problem.line) == ("frontmatter.yaml", 2)


@pytest.mark.parametrize("key", ["2025", "~", "null", "on", "yes", "1.5"])
def test_key_that_looks_like_a_number_bool_or_null_is_kept_as_written(key: str) -> None:
    # Read as text, so that the model reports it as an unknown key on its line
    # (YAML 1.1 would have turned `on:` into True and `~:` into None).
    text = render_postmortem().replace("detection: alert\n", f"detection: alert\n{key}: x\n")
    src = parse(text)
    assert src.problems == []
    assert src.data is not None and src.data[key] == "x"
    assert src.key_lines[(key,)] == line_of(text, f"{key}: x")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_character_is_reported_on_its_line(char: str) -> None:
    text = render_postmortem().replace("orders-db]", f"orders-db{char}]")
    src = parse(text)
    assert src.data is None
    (problem,) = src.problems
    assert (problem.rule, problem.line) == ("frontmatter.yaml", line_of(text, "services:"))
    assert f"U+{ord(char):04X}" in problem.message
    assert "position" not in problem.message  # PyYAML's character offset means nothing to an author


@pytest.mark.parametrize(
    "value",
    ["!!timestamp soon", "!!bool maybe", "!!int many", "!!float lots", "!!binary not-base64"],
)
def test_explicit_tag_that_does_not_fit_its_text_is_kept_as_text(value: str) -> None:
    # PyYAML's constructors fail in assorted ways (KeyError, AttributeError...)
    # on such values; the model then reports the text on its key.
    src = parse(render_postmortem(published=value))
    assert src.problems == []
    assert src.data is not None and src.data["published"] == value.split(" ", 1)[1]


@pytest.mark.parametrize("digits", ["1" * 5000, "-" + "9" * 5000, "!!int " + "7" * 5000])
def test_number_too_long_for_python_is_kept_as_text(digits: str) -> None:
    src = parse(render_postmortem(impact={"users_affected": digits}))
    assert src.problems == []
    assert src.data is not None
    value = src.data["impact"]["users_affected"]
    # Text where Python limits int() (3.11, and 3.10 from 3.10.7), else the number.
    assert value == digits.removeprefix("!!int ") or isinstance(value, int)


def test_python_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for value in (
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/apply:os.system\n  args: ['touch {marker}']",
        "!!python/name:os.system",
    ):
        src = parse(f"---\nid: {value}\n---\n")
        assert rules(src) == ["frontmatter.yaml"]
        assert "is not allowed" in src.problems[0].message
    assert not marker.exists()


def test_custom_tags_on_lists_and_mappings_are_refused_like_on_values() -> None:
    src = parse(
        "---\nid: PM-2025-001\nservices: !!python/tuple [a, b]\nimpact: !custom {x: 1}\n---\n"
    )
    assert rules(src) == ["frontmatter.yaml"]
    assert src.problems[0].line == 3 and src.problems[0].key == "services"


# --- reading from disk ---------------------------------------------------------------


def test_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    text = render_postmortem()
    with open(path, "wb") as handle:
        handle.write(text.encode())
        handle.write(b"x" * 5_000_000)
    src = read_source(path, "2025/big.md")
    assert src.data is None
    (problem,) = src.problems
    assert (problem.path, problem.line, problem.rule, problem.severity) == (
        "2025/big.md",
        1,
        "file.too-large",
        "error",
    )
    assert "file is 5.0 MB" in problem.message and "link to logs" in problem.message


def test_file_just_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    text = render_postmortem()
    path.write_bytes(text.encode() + b"x" * (MAX_FILE_BYTES - len(text.encode())))
    src = read_source(path, "long.md")
    assert src.problems == [] and src.data is not None


def test_unreadable_path_is_a_problem(tmp_path: Path) -> None:
    src = read_source(tmp_path / "missing.md", "missing.md")
    (problem,) = src.problems
    assert (problem.rule, problem.path) == ("file.unreadable", "missing.md")


# --- the problem type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        ((), ""),
        (("id",), "id"),
        (("timeline", "started"), "timeline.started"),
        (("action_items", 2, "due"), "action_items[2].due"),
        (("action_items", 0, "addresses", 1), "action_items[0].addresses[1]"),
        (("services", 0), "services[0]"),
    ],
)
def test_key_path(loc: tuple[str | int, ...], path: str) -> None:
    assert key_path(loc) == path


def test_problem_formats_as_path_line_severity_rule_key_message() -> None:
    problem = Problem(
        "2025/a.md", 7, "action_items[2].due", "schema.date", "error", "write YYYY-MM-DD"
    )
    assert (
        problem.format() == "2025/a.md:7: error schema.date action_items[2].due: write YYYY-MM-DD"
    )
    keyless = Problem("2025/a.md", 1, "", "file.empty", "error", "start again")
    assert keyless.format() == "2025/a.md:1: error file.empty: start again"
    assert problem.as_dict() == {
        "path": "2025/a.md",
        "line": 7,
        "key": "action_items[2].due",
        "rule": "schema.date",
        "severity": "error",
        "message": "write YYYY-MM-DD",
    }


def test_problems_sort_by_file_then_line() -> None:
    a9 = Problem("a.md", 9, "", "r", "error", "m")
    a10 = Problem("a.md", 10, "", "r", "warning", "m")
    b1 = Problem("b.md", 1, "", "r", "error", "m")
    assert sort_problems([b1, a10, a9]) == [a9, a10, b1]


def test_values_and_key_lines_are_the_same_with_a_full_table_of_shared_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sharing repeated words and key paths across files saves memory; it never changes a value."""
    import pmkb.source as source

    text = render_postmortem().encode()
    first = parse_source(text, SourceFile("a.md"))
    monkeypatch.setattr(source, "_SHARED", {})
    monkeypatch.setattr(source, "_MAX_SHARED", 3)
    second = parse_source(text, SourceFile("b.md"))
    assert len(source._SHARED) == 3
    assert second.data == first.data
    assert second.key_lines == first.key_lines
    assert second.problems == first.problems == []


# --- placeholders -----------------------------------------------------------------


PLACEHOLDERS = """\
---
# A comment line saying TODO marks no key.
id: PM-2025-001
severity: SEV3  # TODO: not found in the source; set to SEV3
services: [service-name, orders-db]  # TODO: kebab-case service names
teams:
  - payments
  - guessed-team  # TODO guessed
contributing_factors:  # TODO: choose tags
  - monitoring-gap
timeline:
  started: 2025-02-01T10:00:00Z
  detected: 2025-02-01T10:00:00Z  # TODO: set to the start time
action_items:
  - id: AI-001  # TODO: number it
    due: 2025-03-01  # TODO: four weeks after the incident
    status: open
root_cause: A TODOlist overflowed.
---
Body TODO.
"""


def test_a_key_whose_line_carries_a_todo_note_is_a_placeholder() -> None:
    src = parse(PLACEHOLDERS)
    assert src.problems == []

    def marked(*loc: str | int) -> bool:
        return is_placeholder(src.placeholders, loc)

    assert marked("severity")
    assert marked("services", 0) and marked("services", 1)  # a flow list on the noted line
    assert not marked("teams", 0) and marked("teams", 1)  # one item of a block list
    assert marked("contributing_factors", 0)  # the note on the key covers its value
    assert marked("timeline", "detected") and not marked("timeline", "started")
    # A note on an item's first key is that key's, not the whole item's.
    assert marked("action_items", 0, "id") and marked("action_items", 0, "due")
    assert not marked("action_items", 0, "status")
    # Neither a comment line, the body, nor a word that only contains TODO marks a key.
    assert not marked("id") and not marked("root_cause")


def test_a_file_without_a_todo_note_has_no_placeholder() -> None:
    assert parse(render_postmortem()).placeholders == frozenset()
