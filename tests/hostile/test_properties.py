"""Property-based tests: whatever a file holds, the loader and the linter answer, never raise.

Four properties:

1. any bytes or text as a file -> records or problems, and every problem names
   the file, a line that exists, a rule and a one-line message;
2. any YAML mapping as frontmatter, and any mutation of a valid post-mortem
   (a key dropped, renamed or given a random value, a list shuffled) -> the
   same, through the loader and the linter;
3. a valid post-mortem, written out and loaded back, has the values it was
   written with;
4. any taxonomy file -> factors or problems, the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import given, note
from hypothesis import strategies as st
from pmkb.lint import LintContext, lint_corpus, resolve_levels
from pmkb.loader import Corpus, Record, load_corpus
from pmkb.problems import Problem
from pmkb.taxonomy import Taxonomy, load_taxonomy

from . import strategies as S

TAXONOMY_FILE = Path(__file__).resolve().parents[2] / "postmortems" / "taxonomy.yml"
GENERATED = "2025/2025-01-08-generated.md"
_RULE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


@lru_cache(maxsize=1)
def _taxonomy() -> Taxonomy:
    taxonomy, problems = load_taxonomy(TAXONOMY_FILE)
    assert problems == []
    return taxonomy


def _factors() -> list[str]:
    return sorted(_taxonomy().factors)


@contextmanager
def _corpus(files: dict[str, bytes]) -> Iterator[Path]:
    # A fresh folder per example: pytest's tmp_path is shared by all examples of a test.
    with tempfile.TemporaryDirectory(prefix="pmkb-hostile-") as scratch:
        root = Path(scratch)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        yield root


def _line_count(content: bytes) -> int:
    text = content.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + 1


def _assert_clean(problem: Problem, files: dict[str, bytes]) -> None:
    assert problem.path in files, problem
    assert 1 <= problem.line <= _line_count(files[problem.path]) + 1, problem
    assert _RULE.match(problem.rule), problem
    assert problem.severity in ("error", "warning"), problem
    assert problem.message.strip(), problem
    assert "\n" not in problem.format(), problem


def _load_and_lint(files: dict[str, bytes]) -> tuple[Corpus, list[Problem]]:
    """Load and lint ``files``; check every problem and that each file ends as exactly one thing."""
    with _corpus(files) as root:
        corpus = load_corpus(root, _taxonomy(), base=root)
        ctx = LintContext(taxonomy=_taxonomy(), as_of=dt.date(2025, 6, 1))
        problems = lint_corpus(corpus, ctx, resolve_levels({}))
    for problem in problems:
        _assert_clean(problem, files)
    records = {r.rel_path for r in corpus.records}
    assert records.isdisjoint(corpus.broken)
    assert records | set(corpus.broken) == set(files)
    for rel in records:
        assert not any(p.is_error and p.path == rel for p in corpus.problems)
    for rel in corpus.broken:
        assert any(p.is_error and p.path == rel for p in corpus.problems)
    return corpus, problems


# --- 1. any content ---------------------------------------------------------------------


@S.hostile_settings(300)
@given(content=S.file_contents())
def test_any_file_content_gives_records_or_clean_problems(content: bytes) -> None:
    _load_and_lint({GENERATED: content})


# --- 2. any frontmatter, and mutations of a valid one -------------------------------------


@S.hostile_settings(200)
@given(frontmatter=S.frontmatters, body=S.any_text)
def test_any_yaml_mapping_as_frontmatter_gives_records_or_clean_problems(
    frontmatter: dict[str, Any], body: str
) -> None:
    text = S.render(frontmatter, body)
    note(text)
    _load_and_lint({GENERATED: text.encode("utf-8"), S.COMPANION_PATH: S.COMPANION.encode()})


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path inside ``value``, parents before children."""
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        root = root[key]
    return root


@st.composite
def mutated_postmortems(draw: st.DrawFn) -> tuple[str, str]:
    """A valid post-mortem with one to four random edits: (relative path, text)."""
    generated = draw(S.valid_postmortems(_factors()))
    fm: Any = generated.frontmatter
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(fm))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(fm, path), path[-1]
        edit = draw(st.sampled_from(["drop", "replace", "rename", "shuffle", "duplicate"]))
        if edit == "drop":
            del parent[key]
        elif edit == "replace":
            parent[key] = draw(S.values)
        elif edit == "rename" and isinstance(parent, dict):
            parent[draw(S.keys)] = parent.pop(key)
        elif edit == "shuffle" and isinstance(parent[key], list):
            parent[key] = draw(st.permutations(parent[key]))
        elif edit == "duplicate" and isinstance(parent, list):
            parent.append(parent[key])
    return generated.rel_path, S.render(fm, generated.body)


@S.hostile_settings(200)
@given(mutated=mutated_postmortems())
def test_mutated_postmortem_gives_records_or_clean_problems(mutated: tuple[str, str]) -> None:
    rel, text = mutated
    note(text)
    _load_and_lint({rel: text.encode("utf-8"), S.COMPANION_PATH: S.COMPANION.encode()})


# --- 3. round trip --------------------------------------------------------------------------


def _record(rel: str, text: str) -> Record:
    corpus, _ = _load_and_lint({rel: text.encode("utf-8"), S.COMPANION_PATH: S.COMPANION.encode()})
    assert [p for p in corpus.problems if p.is_error] == [], corpus.problems
    (record,) = [r for r in corpus.records if r.rel_path == rel]
    return record


def _plain(value: Any) -> Any:
    """Enums as their values, so a model dump compares with what was written."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return getattr(value, "value", value)


@S.hostile_settings(150)
@given(generated=S.valid_postmortems(_factors()))
def test_valid_postmortem_loads_with_the_values_it_was_written_with(generated: S.Generated) -> None:
    text = generated.text()
    note(text)
    record = _record(generated.rel_path, text)
    written = generated.frontmatter
    loaded = _plain(record.meta.model_dump(mode="python", exclude_none=True))

    expected = dict(written)
    expected.setdefault("teams", [])
    expected.setdefault("reviewers", [])
    expected.setdefault("action_items", [])
    expected.setdefault("related", [])
    expected.setdefault("visibility", "internal")
    expected["action_items"] = [
        {"addresses": [], **item, "priority": S.expected_priority(item["priority"])}
        for item in written.get("action_items", [])
    ]
    assert loaded == expected
    # Equal instants are not enough: each timestamp keeps the offset it was written with.
    for key, stamp in written["timeline"].items():
        assert getattr(record.meta.timeline, key).utcoffset() == stamp.utcoffset()
    assert record.body == generated.body


# --- the taxonomy file is input too -----------------------------------------------------------


def _taxonomy_yaml(mapping: dict[str, Any]) -> bytes:
    return S.render(mapping, "").removeprefix("---\n").removesuffix("---\n").encode("utf-8")


taxonomy_files = st.one_of(
    st.one_of(
        S.frontmatters,
        st.fixed_dictionaries({"factors": S.values}),
        st.fixed_dictionaries({"factors": st.dictionaries(S.keys, S.values, max_size=8)}),
    ).map(_taxonomy_yaml),
    S.file_contents(),
)


@S.hostile_settings(150)
@given(content=taxonomy_files)
def test_any_taxonomy_file_gives_factors_or_clean_problems(content: bytes) -> None:
    note(repr(content))
    with _corpus({"taxonomy.yml": content}) as root:
        loaded, problems = load_taxonomy(root / "taxonomy.yml", "taxonomy.yml")
    for problem in problems:
        _assert_clean(problem, {"taxonomy.yml": content})
    assert problems or loaded.factors
    for factor in loaded.factors.values():
        assert factor.layer in ("technical", "process", "organizational")
