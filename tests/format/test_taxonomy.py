"""The contributing-factor vocabulary: reading it, its problems, did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pmkb.taxonomy import LAYERS, Factor, Taxonomy, load_taxonomy

from tests.conftest import TAXONOMY_YAML, line_of, sample_taxonomy


def read(tmp_path: Path, text: str | bytes) -> tuple[Taxonomy, list]:
    path = tmp_path / "taxonomy.yml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return load_taxonomy(path, "taxonomy.yml")


def test_the_test_vocabulary_loads(tmp_path: Path) -> None:
    taxonomy, problems = read(tmp_path, TAXONOMY_YAML)
    assert problems == []
    assert taxonomy.path == "taxonomy.yml"
    assert taxonomy.factors == sample_taxonomy().factors
    assert taxonomy.layer_of("runbook-gap") == "process"
    assert "monitoring-gap" in taxonomy and "monitoring" not in taxonomy


def test_the_shipped_taxonomy_loads_without_problems() -> None:
    shipped = Path(__file__).parents[2] / "postmortems" / "taxonomy.yml"
    taxonomy, problems = load_taxonomy(shipped)
    assert problems == []
    assert all(taxonomy.by_layer()[layer] for layer in LAYERS)


def test_by_layer_groups_in_file_order() -> None:
    groups = sample_taxonomy().by_layer()
    assert list(groups) == list(LAYERS)
    assert [f.tag for f in groups["organizational"]] == ["unclear-ownership", "knowledge-silo"]


def test_british_spelling_of_the_layer_is_accepted(tmp_path: Path) -> None:
    taxonomy, problems = read(
        tmp_path, "factors:\n  silo:\n    layer: organisational\n    description: One team knows.\n"
    )
    assert problems == []
    assert taxonomy.factors["silo"] == Factor("silo", "organizational", "One team knows.")


@pytest.mark.parametrize(
    ("text", "needle", "key", "rule", "hint"),
    [
        (
            "factors:\n  a-b:\n    layer: human\n    description: x\n",
            "layer: human",
            "factors.a-b.layer",
            "taxonomy.layer",
            "technical, process, organizational",
        ),
        (
            "factors:\n  a-b:\n    layer: process\n",
            "a-b:",
            "factors.a-b.description",
            "taxonomy.description",
            "describe the tag",
        ),
        (
            "factors:\n  a-b:\n    layer: process\n    description: '  '\n",
            "description:",
            "factors.a-b.description",
            "taxonomy.description",
            "describe the tag",
        ),
        (
            "factors:\n  Monitoring_Gap:\n    layer: process\n    description: x\n",
            "Monitoring_Gap:",
            "factors.Monitoring_Gap",
            "taxonomy.tag",
            "kebab-case",
        ),
        (
            "factors:\n  a-b: technical\n",
            "a-b:",
            "factors.a-b",
            "taxonomy.shape",
            "`layer` and a `description`",
        ),
    ],
)
def test_problems_in_one_factor_name_its_line_and_keep_the_others(
    tmp_path: Path, text: str, needle: str, key: str, rule: str, hint: str
) -> None:
    good = "  good-tag:\n    layer: technical\n    description: Fine.\n"
    full = text + good
    taxonomy, problems = read(tmp_path, full)
    assert [(p.path, p.line, p.key, p.rule, p.severity) for p in problems] == [
        ("taxonomy.yml", line_of(full, needle), key, rule, "error")
    ]
    assert hint in problems[0].message
    assert list(taxonomy.factors) == ["good-tag"]


@pytest.mark.parametrize("text", ["factors: [a, b]\n", "factors: {}\n", "tags:\n  a: b\n"])
def test_file_without_a_factors_mapping(tmp_path: Path, text: str) -> None:
    taxonomy, problems = read(tmp_path, text)
    assert [(p.key, p.rule) for p in problems] == [("factors", "taxonomy.shape")]
    assert "expected a mapping `factors:`" in problems[0].message
    assert taxonomy.factors == {}


@pytest.mark.parametrize("text", ["", "- a\n- b\n"])
def test_file_that_is_not_a_mapping_is_one_problem(tmp_path: Path, text: str) -> None:
    taxonomy, problems = read(tmp_path, text)
    assert [p.rule for p in problems] == ["taxonomy.shape"]
    assert "expected a mapping `factors:`" in problems[0].message
    assert taxonomy.factors == {}


def test_yaml_error_names_the_file_line_of_the_mistake(tmp_path: Path) -> None:
    text = "# vocabulary\nfactors:\n  a-b: [technical\n  c-d:\n    layer: process\n"
    _, problems = read(tmp_path, text)
    (problem,) = problems
    assert (problem.line, problem.rule) == (line_of(text, "a-b: [technical"), "taxonomy.yaml")
    # The message must not quote a line number of PyYAML's own that disagrees with ours.
    assert "line " not in problem.message
    assert "YAML syntax" in problem.message


GOOD_TAG = "  good-tag:\n    layer: technical\n    description: Fine.\n"


def test_duplicate_tag_is_one_problem_and_counts_once(tmp_path: Path) -> None:
    text = (
        "factors:\n  a-b:\n    layer: technical\n    description: x\n"
        + GOOD_TAG
        + "  a-b:\n    layer: process\n    description: y\n"
    )
    taxonomy, problems = read(tmp_path, text)
    assert [(p.line, p.key, p.rule, p.severity) for p in problems] == [
        (8, "factors.a-b", "taxonomy.duplicate", "error")
    ]
    assert "tag `a-b` appears twice (first on line 2)" in problems[0].message
    # One mistake costs nothing else: the tag is kept once (its first entry), and so
    # is every other tag.
    assert list(taxonomy.factors) == ["a-b", "good-tag"]
    assert taxonomy.factors["a-b"] == Factor("a-b", "technical", "x")
    assert taxonomy.broken == {}


def test_a_key_written_twice_in_one_entry_breaks_only_that_entry(tmp_path: Path) -> None:
    text = (
        "factors:\n  a-b:\n    layer: technical\n    layer: process\n    description: x\n"
        + GOOD_TAG
    )
    taxonomy, problems = read(tmp_path, text)
    assert [(p.line, p.key, p.rule) for p in problems] == [
        (4, "factors.a-b.layer", "taxonomy.duplicate")
    ]
    assert "first on line 3" in problems[0].message
    assert list(taxonomy.factors) == ["good-tag"]
    assert taxonomy.broken == {"a-b": 4}


def test_a_broken_entry_is_named_to_the_post_mortems_that_cite_it(tmp_path: Path) -> None:
    text = "factors:\n  onboarding-gap:\n    layer: process\n    description: x\n"
    text += "  testing-gap:\n    layer: Technical\n    description: x\n" + GOOD_TAG
    taxonomy, problems = read(tmp_path, text)
    assert [(p.line, p.key, p.rule) for p in problems] == [
        (6, "factors.testing-gap.layer", "taxonomy.layer")
    ]
    assert list(taxonomy.factors) == ["onboarding-gap", "good-tag"]
    assert taxonomy.broken == {"testing-gap": 6}
    # Not "unknown, did you mean 'onboarding-gap'": the tag is there, its entry is wrong.
    assert taxonomy.unknown_message("testing-gap") == (
        "contributing factor 'testing-gap' has a broken entry in the taxonomy "
        "(taxonomy.yml:6); fix the entry there"
    )


def test_a_byte_order_mark_is_a_warning_as_in_a_post_mortem(tmp_path: Path) -> None:
    taxonomy, problems = read(tmp_path, b"\xef\xbb\xbf" + TAXONOMY_YAML.encode())
    assert [(p.line, p.rule, p.severity) for p in problems] == [(1, "file.bom", "warning")]
    assert taxonomy.factors == sample_taxonomy().factors
    # Lines still count from the file's first line.
    text = "\ufeff" + "factors:\n  a-b:\n    layer: human\n    description: x\n"
    _, problems = read(tmp_path, text)
    assert [(p.line, p.rule) for p in problems] == [(1, "file.bom"), (3, "taxonomy.layer")]


def test_aliases_are_refused(tmp_path: Path) -> None:
    text = "factors:\n  a-b: &x\n    layer: process\n    description: x\n  c-d: *x\n"
    _, problems = read(tmp_path, text)
    assert [(p.line, p.key, p.rule) for p in problems] == [(5, "factors.c-d", "taxonomy.yaml")]
    assert "aliases" in problems[0].message


def test_unreadable_taxonomy(tmp_path: Path) -> None:
    taxonomy, problems = read(tmp_path, b"factors:\n  a-b:\n    description: caf\xe9\n")
    assert [p.rule for p in problems] == ["taxonomy.unreadable"]
    assert taxonomy.factors == {}
    _, problems = load_taxonomy(tmp_path / "missing.yml")
    assert [p.rule for p in problems] == ["taxonomy.unreadable"]


def test_a_byte_that_is_not_utf8_is_reported_on_its_line(tmp_path: Path) -> None:
    raw = b"factors:\n  a-b:\n    layer: process\n    description: caf\xe9 hours\n"
    _, problems = read(tmp_path, raw)
    (problem,) = problems
    assert (problem.line, problem.rule) == (line_of(raw, "caf"), "taxonomy.unreadable")
    assert "0xe9" in problem.message and "UTF-8" in problem.message


def test_an_unreadable_taxonomy_says_why_without_the_machine_path(tmp_path: Path) -> None:
    folder = tmp_path / "taxonomy.yml"
    folder.mkdir()
    _, problems = load_taxonomy(folder, "postmortems/taxonomy.yml")
    (problem,) = problems
    assert problem.format().startswith(
        "postmortems/taxonomy.yml:1: error taxonomy.unreadable: cannot read taxonomy: "
    )
    # The display path names the file; the system's message would repeat the absolute one.
    assert str(tmp_path) not in problem.message


# --- did you mean ----------------------------------------------------------------------


def test_a_typo_gets_exactly_one_suggestion() -> None:
    taxonomy = sample_taxonomy()
    assert taxonomy.suggest("monitoring-gpa") == ["monitoring-gap"]
    assert taxonomy.suggest("runbook-gaps") == ["runbook-gap"]
    assert (
        taxonomy.unknown_message("runbook-gaps")
        == "unknown contributing factor 'runbook-gaps'; did you mean 'runbook-gap'?"
    )


def test_a_vaguer_match_gets_up_to_three_suggestions() -> None:
    taxonomy = sample_taxonomy()
    assert taxonomy.suggest("missing-gap") == ["testing-gap", "monitoring-gap", "missing-index"]
    assert taxonomy.unknown_message("ing-gap") == (
        "unknown contributing factor 'ing-gap'; did you mean 'testing-gap' or 'monitoring-gap'?"
    )


def test_no_close_tag_points_at_the_taxonomy_file() -> None:
    message = sample_taxonomy().unknown_message("cosmic-rays")
    assert message == (
        "unknown contributing factor 'cosmic-rays'; use a tag from taxonomy.yml or propose a new one there"
    )


# --- never a traceback ------------------------------------------------------------------------

TAXONOMY_LINES = TAXONOMY_YAML.encode().split(b"\n")


@settings(max_examples=150, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    index=st.integers(0, len(TAXONOMY_LINES) - 1),
    replacement=st.one_of(
        st.binary(max_size=30),
        st.sampled_from(
            [b"  x: &a {}", b"  y: *a", b"  <<: {}", b"\t", b"  ? [a]", b"  1: x", b"\x00"]
        ),
    ),
)
def test_any_edit_of_the_taxonomy_gives_problems_not_exceptions(
    tmp_path: Path, index: int, replacement: bytes
) -> None:
    lines = list(TAXONOMY_LINES)
    lines[index] = replacement
    raw = b"\n".join(lines)
    taxonomy, problems = read(tmp_path, raw)
    for problem in problems:
        assert 1 <= problem.line <= raw.count(b"\n") + 1, problem
        # The taxonomy's problems are the taxonomy's, not a post-mortem's frontmatter's.
        assert problem.rule.startswith(("taxonomy.", "file.")), problem
    assert problems or taxonomy.factors


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (b"factors:\n  monitoring-gap:\n\tlayer: technical\n", 3),  # a tab: no YAML
        (b"factors:\n  monitoring-gap:\n    description: caf\xe9\n", 3),  # not UTF-8
        (b"- monitoring-gap\n- testing-gap\n", 1),  # no `factors:` mapping
    ],
    ids=["yaml", "encoding", "shape"],
)
def test_tags_checked_against_an_unreadable_taxonomy_send_the_author_there(
    tmp_path: Path, text: bytes, line: int
) -> None:
    from pmkb.loader import load_corpus

    from tests.conftest import make_corpus

    root = make_corpus(tmp_path, n=1)
    (root / "taxonomy.yml").write_bytes(text)
    taxonomy, problems = load_taxonomy(root / "taxonomy.yml", "postmortems/taxonomy.yml")
    assert taxonomy.unusable == line == problems[0].line
    tagged = [p for p in load_corpus(root, taxonomy, base=root).problems if p.key]
    assert tagged
    for problem in tagged:
        # Not "unknown, propose it": the tag may be right, the taxonomy is what is broken.
        assert problem.rule == "taxonomy.broken-factor", problem
        assert f"the taxonomy (postmortems/taxonomy.yml:{line}) cannot be read" in problem.message
