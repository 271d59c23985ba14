"""The hostile corpus through the loader, the linter and the ``pmkb lint`` command.

Every file must end as a record or as a precise problem report: the right
rule on the right line, never an exception, a crash or an expansion.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pmkb.lint import LintContext, lint_corpus, resolve_levels
from pmkb.loader import Corpus, discover, load_corpus
from pmkb.problems import Problem
from pmkb.source import SourceFile, parse_source
from pmkb.taxonomy import Taxonomy, load_taxonomy
from pmkb.validation import validate_frontmatter

from . import manifest
from . import payloads as P

# Control characters but newline, and the invisible ones that reorder a line.
_UNPRINTABLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return manifest.materialize(tmp_path_factory.mktemp("hostile") / "corpus")


@pytest.fixture(scope="module")
def taxonomy(corpus_dir: Path) -> Taxonomy:
    loaded, problems = load_taxonomy(corpus_dir / "taxonomy.yml")
    assert problems == []
    return loaded


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path, taxonomy: Taxonomy) -> Corpus:
    return load_corpus(corpus_dir, taxonomy, base=corpus_dir)


def _file_lines(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + 1


def _problems_of(corpus: Corpus, rel: str) -> list[Problem]:
    return [p for p in corpus.problems if p.path == rel]


def _links(corpus_dir: Path) -> set[str]:
    return {rel for rel in manifest.LINKS if (corpus_dir / rel).is_symlink()}


def test_every_file_is_a_record_or_broken_as_the_manifest_says(
    corpus: Corpus, corpus_dir: Path
) -> None:
    found, misplaced = discover(corpus_dir)
    links = _links(corpus_dir)
    on_disk = {p.relative_to(corpus_dir).as_posix() for p in found} - links
    assert misplaced == []
    assert on_disk == set(manifest.VALID) | set(manifest.BROKEN)
    assert {r.rel_path for r in corpus.records} == set(manifest.VALID)
    assert set(corpus.broken) - links == set(manifest.BROKEN)


@pytest.mark.parametrize("rel", sorted(manifest.BROKEN))
def test_broken_file_gets_exactly_its_errors(corpus: Corpus, rel: str) -> None:
    errors = [(p.rule, p.line) for p in _problems_of(corpus, rel) if p.is_error]
    assert Counter(errors) == Counter(manifest.BROKEN[rel])


@pytest.mark.parametrize("rel", sorted(manifest.VALID))
def test_valid_file_gets_only_its_warnings(corpus: Corpus, rel: str) -> None:
    problems = _problems_of(corpus, rel)
    assert [p for p in problems if p.is_error] == []
    assert Counter((p.rule, p.line) for p in problems) == Counter(manifest.VALID[rel])


def test_every_problem_names_a_line_of_its_file_and_fits_on_one_line(
    corpus: Corpus, corpus_dir: Path
) -> None:
    assert corpus.problems
    for problem in corpus.problems:
        path = corpus_dir / problem.path
        if problem.rule == "file.symlink":
            assert path.is_symlink() and problem.line == 1, problem
            continue
        assert path.is_file(), problem
        assert 1 <= problem.line <= _file_lines(path), problem
        assert problem.rule and problem.message
        formatted = problem.format()
        assert "\n" not in formatted
        assert _UNPRINTABLE.search(formatted) is None, formatted


def test_symbolic_links_are_reported_and_never_read(corpus: Corpus, corpus_dir: Path) -> None:
    links = _links(corpus_dir)
    if not links:
        pytest.skip("this system cannot create symbolic links")
    linked = {p.path: p for p in corpus.problems if p.rule == "file.symlink"}
    assert set(linked) == links
    assert all(p.is_error and p.line == 1 for p in linked.values())
    assert corpus.broken["2025/2025-03-04-linked-outside.md"].body == ""
    assert all(manifest.OUTSIDE_SECRET not in p.message for p in corpus.problems)
    assert manifest.OUTSIDE_SECRET not in corpus.by_id()


def test_underscore_folder_is_skipped_like_a_dot_folder(corpus: Corpus, corpus_dir: Path) -> None:
    # The loader's rule, which the site must mirror: MkDocs itself only leaves out `.*`.
    assert (corpus_dir / P.UNDERSCORE).is_file()
    assert all(P.UNDERSCORE not in p.path for p in corpus.problems)
    assert P.UNDERSCORE not in corpus.broken
    assert "PM-2025-969" not in corpus.by_id()


def test_aliases_are_refused_before_anything_expands(corpus: Corpus) -> None:
    # Nine levels of nine aliases: expanded, this is 387,420,489 strings.
    laughs = corpus.broken["2025/2025-02-01-billion-laughs.md"]
    assert laughs.data is None
    assert corpus.broken["2025/2025-02-02-merge-keys.md"].data is None


def test_deep_nesting_is_refused_without_composing(corpus: Corpus) -> None:
    # Composed by libyaml, this file crashed the interpreter (C stack overflow).
    crash = corpus.broken["2025/2025-03-03-deep-nesting-crash.md"]
    assert crash.data is None
    problem = crash.problems[0]
    assert (problem.rule, problem.line) == ("frontmatter.yaml", 13)
    # Our own limit and wording, whatever limit the YAML library has of its own.
    assert "64 levels" in problem.message


def test_nesting_just_past_the_limit_is_refused_with_its_line() -> None:
    from pmkb.source import MAX_DEPTH, SourceFile, parse_yaml_mapping

    for depth in (MAX_DEPTH + 1, 2_000):
        text = "id: PM-2025-001\nnested: " + "[" * depth + "]" * depth + "\n"
        src = SourceFile("x.md")
        assert parse_yaml_mapping(text, src) is None
        assert [(p.rule, p.line) for p in src.problems] == [("frontmatter.yaml", 2)]
        assert f"{MAX_DEPTH} levels" in src.problems[0].message


def test_duplicate_key_keeps_neither_value(corpus: Corpus) -> None:
    # A reviewer reads the first title, YAML would keep the second (a script).
    src = corpus.broken["2025/2025-02-03-duplicate-keys.md"]
    assert src.data is None
    assert any("first on line 3" in p.message for p in src.problems)


def test_line_separators_do_not_shift_line_numbers(corpus: Corpus) -> None:
    src = corpus.broken["2025/2025-02-11-line-separators.md"]
    (dup,) = [p for p in src.problems if p.rule == "frontmatter.duplicate-key"]
    assert (dup.line, dup.key) == (14, "teams")
    assert "first on line 13" in dup.message


def test_bom_and_crlf_file_is_a_record_with_its_payload(corpus: Corpus) -> None:
    (record,) = [r for r in corpus.records if r.rel_path == P.BOM_CRLF]
    assert record.meta.title.startswith('<img id="pwned-bom-title"')
    assert "\r" not in record.body
    assert record.src.line_of(("title",)) == 3


def test_new_year_offset_files_by_utc_date(corpus: Corpus) -> None:
    (record,) = [r for r in corpus.records if r.rel_path == P.NEW_YEAR]
    assert record.meta.id == "PM-2024-901"
    assert record.meta.started_utc == dt.datetime(2024, 12, 31, 22, 30, tzinfo=dt.timezone.utc)


# --- the payload catalogue matches the files ----------------------------------------


def _values_at(data: Any, dotted: str) -> list[Any]:
    """Every value at a key path, through lists: ``action_items.owner`` -> each item's owner."""
    values = [data]
    for key in dotted.split("."):
        next_values = []
        for value in values:
            items = value if isinstance(value, list) else [value]
            next_values += [item[key] for item in items if isinstance(item, dict) and key in item]
        values = next_values
    flat: list[Any] = []
    for value in values:
        flat += value if isinstance(value, list) else [value]
    return flat


@pytest.mark.parametrize("payload", P.PAYLOADS, ids=lambda p: p.name)
def test_payload_is_in_the_field_the_catalogue_names(
    payload: P.Payload, corpus: Corpus, taxonomy: Taxonomy
) -> None:
    if payload.field == "taxonomy.description":
        values = [f.description for f in taxonomy.factors.values()]
    elif payload.file == P.UNDERSCORE:
        values = [(manifest.CORPUS / payload.file).read_text(encoding="utf-8")]
    else:
        by_path = {r.rel_path: r for r in corpus.records}
        if payload.file in by_path:
            record = by_path[payload.file]
            data, body = record.meta.model_dump(mode="python"), record.body
        else:
            src = corpus.broken[payload.file]
            data, body = src.data, src.body
        values = [body] if payload.field == "body" else _values_at(data, payload.field)
    assert any(isinstance(v, str) and payload.text in v for v in values), (payload.field, values)


def test_payload_names_and_markers_are_unique() -> None:
    names = [p.name for p in P.PAYLOADS]
    assert len(names) == len(set(names))
    for payload in P.PAYLOADS:
        # A script sets window.__pwned to the payload's own name; an element has its id.
        if payload.threat in ("script", "element") and "__pwned" in payload.text:
            assert payload.name in payload.text or payload.element_id in payload.text, payload.name


def test_titles_stay_within_the_format_limit() -> None:
    titles = [p for p in P.PAYLOADS if p.field == "title" and p.file in manifest.VALID]
    assert titles
    assert all(len(p.text.strip()) <= 120 for p in titles)
    assert max(len(p.text) for p in titles) == 120


def test_kept_markup_is_in_its_body(corpus: Corpus) -> None:
    (record,) = [r for r in corpus.records if r.rel_path == P.KEPT_FILE]
    for text in P.KEPT.values():
        assert text in record.body


def test_readme_is_left_out_of_a_site_built_from_the_corpus(
    corpus_dir: Path, tmp_path: Path
) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        json.dumps(
            {
                "site_name": "hostile",
                "docs_dir": str(corpus_dir),
                "site_dir": str(tmp_path / "site"),
                "exclude_docs": P.MKDOCS_EXCLUDE_DOCS,
            }
        ),
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    included = {f.src_uri for f in get_files(config) if f.inclusion.is_included()}
    assert "README.md" not in included
    assert ".gitattributes" not in included
    assert set(manifest.VALID) <= included
    # MkDocs by itself would publish the post-mortem the loader never reads:
    # the site must leave `_` folders out too, or check and sanitize the page.
    assert P.UNDERSCORE in included


# --- the linter and the command -------------------------------------------------------


def test_linter_reports_every_finding_on_a_line_of_its_file(
    corpus: Corpus, corpus_dir: Path, taxonomy: Taxonomy
) -> None:
    ctx = LintContext(taxonomy=taxonomy, as_of=dt.date(2025, 6, 1))
    problems = lint_corpus(corpus, ctx, resolve_levels({}))
    assert set(corpus.problems) <= set(problems)
    checklist = [p for p in problems if p not in set(corpus.problems)]
    # The checklist read the hostile records too: the attribute list that
    # hijacks a heading hides `## What Went Wrong` from it.
    assert ("body-sections", P.SCRIPT_TAGS) in {(p.rule, p.path) for p in checklist}
    for problem in checklist:
        assert 1 <= problem.line <= _file_lines(corpus_dir / problem.path), problem
        assert "\n" not in problem.format()


def _pmkb() -> str:
    return str(Path(sys.executable).with_name("pmkb"))


def _lint(corpus_dir: Path, cwd: Path, *options: str) -> subprocess.CompletedProcess[str]:
    # A project of its own, so that no mkdocs.yml above the scratch folder is read.
    (cwd / "mkdocs.yml").write_text(
        f"site_name: hostile\ndocs_dir: {json.dumps(str(corpus_dir))}\n"
    )
    # The timeout only turns a hang (a backtracking pattern, an expansion)
    # into a failure; nothing here measures speed.
    return subprocess.run(
        [_pmkb(), "lint", *options, str(corpus_dir)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        encoding="utf-8",
        timeout=600,
    )


def test_lint_command_exits_1_with_one_clean_line_per_problem(
    corpus_dir: Path, tmp_path: Path
) -> None:
    result = _lint(corpus_dir, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines
    shape = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?:error|warning) [a-z0-9.-]+(?: .+?)?: .+$")
    for line in lines:
        assert shape.match(line), line
        assert _UNPRINTABLE.search(line) is None, line
    reported = {Path(shape.match(line)["path"]).resolve() for line in lines}
    for rel in manifest.BROKEN:
        assert (corpus_dir / rel).resolve() in reported, rel
    assert manifest.OUTSIDE_SECRET not in result.stdout + result.stderr
    assert re.search(r"\d+ post-mortems: \d+ errors, \d+ warnings", result.stderr)


def test_lint_command_json_and_github_formats(corpus_dir: Path, tmp_path: Path) -> None:
    as_json = _lint(corpus_dir, tmp_path, "--format", "json")
    assert as_json.returncode == 1 and "Traceback" not in as_json.stderr
    report = json.loads(as_json.stdout)
    assert report["errors"] >= sum(len(v) for v in manifest.BROKEN.values())

    github = _lint(corpus_dir, tmp_path, "--format", "github", "--errors-only")
    assert github.returncode == 1 and "Traceback" not in github.stderr
    for line in github.stdout.splitlines():
        assert re.match(r"^::error file=[^,:]+,line=\d+,title=[a-z0-9.-]+::", line), line
    # `#`, `%41`, `&` and `'` in a file name survive the workflow command's escaping.
    assert "2025-02-18-hash#percent%2541&amp'quote.md" in github.stdout


# --- values that crashed or slipped through before, one at a time -----------------------

_BASE = """---
id: PM-2025-001
title: Checkout errors after a deploy
status: draft
severity: SEV3
services: [checkout]
authors: [sre]
timeline:
  started: 2025-01-08T10:00:00Z
  detected: 2025-01-08T10:05:00Z
detection: alert
contributing_factors: [monitoring-gap]
{extra}---
"""


def _check(extra: str) -> list[tuple[str, str, int]]:
    src = SourceFile("x.md")
    parse_source(_BASE.format(extra=extra).encode("utf-8"), src)
    validate_frontmatter(src)
    return [(p.rule, p.key, p.line) for p in src.problems]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("impact: {revenue_usd: .inf}\n", ("schema.value", "impact.revenue_usd", 13)),
        (
            "impact: {slo_budget_consumed_pct: .nan}\n",
            ("schema.value", "impact.slo_budget_consumed_pct", 13),
        ),
        ("impact: {revenue_usd: 1e400}\n", ("schema.value", "impact.revenue_usd", 13)),
        (
            "impact: {users_affected: 1000000000001}\n",
            ("schema.value", "impact.users_affected", 13),
        ),
        (
            "impact: {failed_requests: 0x" + "f" * 5000 + "}\n",
            ("schema.type", "impact.failed_requests", 13),
        ),
        (
            "impact: {users_affected: " + "9" * 5000 + "}\n",
            ("schema.value", "impact.users_affected", 13),
        ),
        ("published: 9999-12-31\n", ("schema.value", "published", 13)),
        ("follow_up_review: 1969-12-31\n", ("schema.value", "follow_up_review", 13)),
        (
            "root_cause: &cause A cause\nreviewers: [*cause]\n",
            ("frontmatter.alias", "reviewers[0]", 14),
        ),
        ("reviewers: !!set {a, b}\n", ("frontmatter.yaml", "reviewers", 13)),
        ('root_cause: "tab\\there"\nreviewers: ["a\x7fb"]\n', ("frontmatter.yaml", "", 14)),
    ],
    ids=[
        "infinite-revenue",
        "nan-slo",
        "overflowing-float",
        "count-above-limit",
        "long-hexadecimal",
        "5000-digit-decimal",
        "date-in-9999",
        "date-before-1970",
        "scalar-alias",
        "set-tag",
        "raw-delete-character",
    ],
)
def test_value_that_used_to_crash_or_slip_through(
    extra: str, expected: tuple[str, str, int]
) -> None:
    assert expected in _check(extra)


def test_binary_value_is_the_text_written_never_decoded() -> None:
    # Decoded, this base64 is '<script>': text no reviewer could read in the diff.
    src = SourceFile("x.md")
    parse_source(_BASE.format(extra="root_cause: !!binary PHNjcmlwdD4=\n").encode(), src)
    meta = validate_frontmatter(src)
    assert meta is not None and meta.root_cause == "PHNjcmlwdD4="


def test_timestamp_that_overflows_in_utc_is_an_error_not_a_crash() -> None:
    assert _check("") == []
    src = SourceFile("x.md")
    text = _BASE.format(extra="").replace("2025-01-08T10:00:00Z", "0001-01-01T00:00:00+01:00")
    parse_source(text.encode(), src)
    assert validate_frontmatter(src) is None
    assert [(p.rule, p.key) for p in src.problems] == [("schema.value", "timeline.started")]


def test_problem_format_writes_escape_sequences_as_text() -> None:
    problem = Problem(
        "a\u202ex.md", 3, "title", "schema.value", "error", "'\x1b]0;x\x07' \u2028 is bad"
    )
    assert (
        problem.format()
        == "a\\u202ex.md:3: error schema.value title: '\\x1b]0;x\\x07' \\u2028 is bad"
    )


@pytest.mark.parametrize("gap", ["", "\n"])
def test_a_stray_fence_inside_the_frontmatter_never_loses_the_keys_after_it(gap: str) -> None:
    # A YAML document separator pasted above the action items closes the
    # frontmatter there: the items would be body text, and the file valid.
    items = (
        "action_items:\n"
        "  - id: AI-001\n"
        "    action: Add an alert on queue depth\n"
        "    owner: messaging-platform\n"
        "    due: 2025-02-01\n"
        "    priority: P2\n"
        "    category: detect\n"
        "    status: open\n"
    )
    text = _BASE.format(extra="---\n" + gap + items) + "\n## Summary\n\nText.\n"
    src = SourceFile("x.md")
    parse_source(text.encode(), src)
    validate_frontmatter(src)
    errors = [(p.rule, p.key, p.line) for p in src.problems if p.is_error]
    fence = text.splitlines().index("---", 1) + 1
    assert errors == [("frontmatter.split", "action_items", fence + 1 + len(gap))]
    assert f"(line {fence})" in src.problems[0].message


def test_a_body_that_opens_with_prose_and_a_colon_is_no_split() -> None:
    text = _BASE.format(extra="") + "\nNote: times are UTC.\n\n---\n\n## Summary\n\nText.\n"
    assert _check_text(text) == []


def _check_text(text: str) -> list[tuple[str, str, int]]:
    src = SourceFile("x.md")
    parse_source(text.encode(), src)
    validate_frontmatter(src)
    return [(p.rule, p.key, p.line) for p in src.problems]
