"""Whatever bytes a file holds, loading it gives problems, never an exception.

Property tests: random edits of the valid base report (lines replaced,
bytes inserted, lines dropped) go through the whole loader and linter.
Every problem must point inside the file. Derandomized and without a
deadline so that a busy machine cannot make them flaky.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pmkb.lint import lint_corpus, resolve_levels
from pmkb.loader import load_corpus

from tests.conftest import lint_context, render_postmortem, sample_taxonomy

BASE_LINES = render_postmortem().encode().split(b"\n")
YAMLISH = st.sampled_from(
    [b"", b"---", b"  ", b"\t", b":", b"- ", b"[", b"]", b"{", b"}", b"&a", b"*a", b"<<: {}", b"!!binary x",
     b"'", b'"', b"#", b"|", b">", b"? ", b"~", b"\xef\xbb\xbf", b"\r", b"\xff", b"\x00", b"2025-13-40",
     b"id: PM-2025-001", b"status: in-review", b"related: [PM-2025-999]", b"timeline: x",
     b"published: !!bool x", b"!!timestamp x", b"!!int x", b"!!set {a}", b"!custom x", b"? ~", b"on: 1",
     b"9" * 5000]
)  # fmt: skip
LINE = st.one_of(YAMLISH, st.binary(max_size=40), st.text(max_size=40).map(lambda t: t.encode()))

SETTINGS = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def load_and_lint(tmp_path: Path, raw: bytes) -> None:
    root = tmp_path / "corpus"
    path = root / "2025" / "2025-02-09-fuzz.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    corpus = load_corpus(root, sample_taxonomy(), base=root)
    problems = lint_corpus(corpus, lint_context(), resolve_levels({}))
    lines = max(1, raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1))
    for problem in problems:
        assert problem.path == "2025/2025-02-09-fuzz.md"
        assert 1 <= problem.line <= lines, problem
        assert problem.rule and problem.message
    # Checks run beside schema errors, yet nothing is said twice.
    assert len(set(problems)) == len(problems), problems
    # A file either becomes a record or says why not.
    assert bool(corpus.records) or any(p.is_error for p in problems)


@SETTINGS
@given(index=st.integers(0, len(BASE_LINES) - 1), replacement=LINE)
def test_replacing_a_line(tmp_path: Path, index: int, replacement: bytes) -> None:
    lines = list(BASE_LINES)
    lines[index] = replacement
    load_and_lint(tmp_path, b"\n".join(lines))


@SETTINGS
@given(offset=st.integers(0, len(b"\n".join(BASE_LINES))), inserted=LINE)
# An unbalanced '[' in the tracker's host once crashed urlsplit.
@example(offset=render_postmortem().encode().index(b"//tracker") + 2, inserted=b"[")
def test_inserting_bytes_anywhere(tmp_path: Path, offset: int, inserted: bytes) -> None:
    raw = b"\n".join(BASE_LINES)
    load_and_lint(tmp_path, raw[:offset] + inserted + raw[offset:])


@SETTINGS
@given(drop=st.sets(st.integers(0, len(BASE_LINES) - 1), max_size=6))
def test_dropping_lines(tmp_path: Path, drop: set[int]) -> None:
    load_and_lint(tmp_path, b"\n".join(line for i, line in enumerate(BASE_LINES) if i not in drop))


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path: Path, raw: bytes) -> None:
    load_and_lint(tmp_path, raw)
