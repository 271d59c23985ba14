"""The committed JSON Schema: current, valid draft-07, and in step with the loader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from pmkb.cli import main
from pmkb.schema import SCHEMA_FILE, generate_schema, render_schema

from tests.conftest import REMOVE, default_rel_path, render_postmortem

COMMITTED = Path(__file__).parents[2] / "domain" / "pmkb" / SCHEMA_FILE


def as_editor_sees_it(value: Any) -> Any:
    """Frontmatter as a YAML language server sends it to the schema: dates as ISO strings."""
    if isinstance(value, dict):
        return {k: as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def frontmatter(**overrides: Any) -> dict[str, Any]:
    text = render_postmortem(**overrides)
    return as_editor_sees_it(yaml.safe_load(text.split("---\n")[1]))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_schema(), "run `pmkb schema --write`"


def test_committed_schema_is_a_valid_draft_07_schema() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)  # draft-07 knows `definitions` only


def test_a_valid_post_mortem_validates(validator: jsonschema.Draft7Validator) -> None:
    assert list(validator.iter_errors(frontmatter())) == []


def test_a_draft_without_its_later_keys_validates(validator: jsonschema.Draft7Validator) -> None:
    draft = frontmatter(
        status="draft", root_cause=REMOVE, published=REMOVE, timeline__resolved=REMOVE
    )
    assert list(validator.iter_errors(draft)) == []


@pytest.mark.parametrize("priority", ["P1", "P2", "P3", "High", "Medium", "Low"])
def test_priority_words_validate(validator: jsonschema.Draft7Validator, priority: str) -> None:
    assert list(validator.iter_errors(frontmatter(action_items__1__priority=priority))) == []


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"severity": "SEV9"}, ["severity"]),
        ({"id": "PM-25-1"}, ["id"]),
        ({"follow_up_reveiw": "2025-03-10"}, []),
        ({"services": []}, ["services"]),
        ({"title": "123"}, ["title"]),
        ({"action_items__1__priority": "urgent"}, ["action_items", 1, "priority"]),
        ({"action_items__1__owner": REMOVE}, ["action_items", 1]),
        # quoted: yaml.safe_load itself refuses an impossible bare date
        ({"action_items__1__due": "'2025-13-40'"}, ["action_items", 1, "due"]),
        ({"timeline__detected": REMOVE}, ["timeline"]),
        ({"status": "published", "root_cause": REMOVE}, []),
        ({"status": "in-review", "timeline__resolved": REMOVE}, ["timeline"]),
        ({"status": "in-review", "root_cause": REMOVE}, []),
        ({"published": REMOVE}, []),
    ],
)
def test_an_invalid_post_mortem_does_not_validate(
    validator: jsonschema.Draft7Validator, overrides: dict[str, Any], path: list[str | int]
) -> None:
    errors = list(validator.iter_errors(frontmatter(**overrides)))
    assert errors, "the schema should refuse this"
    assert path in [list(e.absolute_path) for e in errors]


def test_schema_and_loader_agree_on_a_sample_of_edits(
    validator: jsonschema.Draft7Validator,
) -> None:
    from pmkb.checks import check_record
    from pmkb.source import SourceFile, parse_source
    from pmkb.validation import validate_frontmatter

    edits: list[dict[str, Any]] = [
        {},
        {"severity": "SEV9"},
        {"visibility": "public"},
        {"visibility": "secret"},
        {"third_party": {"vendor": "cdn-vendor", "expectation": "violated"}},
        {"third_party": {"vendor": "cdn-vendor", "expectation": "sometimes"}},
        {"impact": {"users_affected": -1}},
        {"trigger": "config-change"},
        {"teams": REMOVE},
        # `published` is required at status published only, in both.
        {"status": "in-review", "published": REMOVE},
        {"status": "published", "published": REMOVE},
        {"status": "draft", "published": REMOVE, "root_cause": REMOVE},
    ]
    for edit in edits:
        text = render_postmortem(**edit)
        src = parse_source(text.encode(), SourceFile("x.md"))
        meta = validate_frontmatter(src)
        if meta is not None:  # the keys required by status are checked here
            check_record(meta, src, default_rel_path(text))
        loader_ok = meta is not None and not any(p.is_error for p in src.problems)
        schema_ok = not list(validator.iter_errors(frontmatter(**edit)))
        assert loader_ok == schema_ok, edit


# --- pmkb schema ----------------------------------------------------------------------------------


def test_pmkb_schema_prints_it() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == generate_schema()


def test_pmkb_schema_check_passes_on_the_committed_file() -> None:
    assert CliRunner().invoke(main, ["schema", "--check"]).exit_code == 0


def test_pmkb_schema_check_fails_when_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    import pmkb.schema

    monkeypatch.setattr(pmkb.schema, "committed_schema", lambda: "{}\n")
    result = CliRunner().invoke(main, ["schema", "--check"])
    assert result.exit_code == 1
    assert "pmkb schema --write" in result.stderr


def test_pmkb_schema_write_to_a_read_only_install_is_an_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pathlib import Path

    def refuse(self: Path, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    result = CliRunner().invoke(main, ["schema", "--write"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "postmortem.schema.json: Permission denied" in result.stderr
