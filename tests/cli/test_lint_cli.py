"""``pmkb lint``: one line per problem, JSON and GitHub formats, exit codes 0, 1 and 2."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pmkb.cli import main

from tests.conftest import (
    REMOVE,
    TAXONOMY_YAML,
    corpus_report,
    line_of,
    make_corpus,
    render_postmortem,
    write_postmortem,
    write_project,
    write_taxonomy,
)
from tests.format.test_loader import BROKEN_FILES

# The console script installed beside this interpreter (the project's venv).
PMKB = Path(sys.executable).with_name("pmkb")
if not PMKB.exists():  # pragma: no cover - an interpreter outside a venv
    PMKB = Path(shutil.which("pmkb") or "pmkb")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (mkdocs.yml + a 3-report corpus) that is the working directory."""
    make_corpus(tmp_path, n=3)
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, ["lint", *args])
    # A crash shows up as an exception caught by the runner, never as exit 1.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def rule_of(line: str) -> str:
    """The rule id of a `path:line: severity rule key: message` line."""
    return line.split(": ")[1].split()[1]


def add(project: Path, rel: str, text: str | bytes) -> str:
    write_postmortem(project / "postmortems", rel, text=text)
    return f"postmortems/{rel}"


# --- text format and exit codes ----------------------------------------------------------------


def test_clean_corpus_exits_0_with_a_summary(project: Path) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "3 post-mortems: 0 errors, 0 warnings\n"


def test_errors_exit_1_with_one_line_per_problem(project: Path) -> None:
    text = render_postmortem(action_items__1__due="2025-13-40")
    bad = add(project, "2025/2025-02-09-bad.md", text)
    empty = add(project, "2025/2025-02-10-empty.md", "")
    result = run()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        (
            f"{bad}:{line_of(text, 'due: 2025-13-40')}: error schema.date action_items[1].due: "
            "'2025-13-40' is not a date; write YYYY-MM-DD"
        ),
        f'{empty}:1: error file.empty: file is empty; start from `pmkb new "Title"`',
    ]
    assert result.stderr == "5 post-mortems: 2 errors, 0 warnings\n"


def test_warnings_alone_exit_0(project: Path) -> None:
    rel, text = corpus_report(
        4,
        contributing_factors=["missing-index", "testing-gap"],
        action_items__0__addresses=["missing-index"],
        published="2025-02-14",
    )
    path = add(project, rel, text)
    result = run()
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        (
            f"{path}:{line_of(text, 'published:')}: warning published-48h published: published 10 days after "
            "resolution; share the report within 48 hours, while memories and logs are fresh"
        )
    ]
    assert result.stderr == "4 post-mortems: 0 errors, 1 warning\n"


def test_errors_only_runs_no_rule_at_level_warning_and_says_so(project: Path) -> None:
    rel, text = corpus_report(4, published="2025-02-14", severity="SEV9")
    add(project, rel, text)
    result = run("--errors-only")
    assert result.exit_code == 1
    assert [rule_of(line) for line in result.stdout.splitlines()] == ["schema.value"]
    # The published-48h warning of the same file is neither shown nor counted: the rules
    # at level warning did not run, and the summary says so rather than count none.
    assert result.stderr == "4 post-mortems: 1 error, warnings not checked (--errors-only)\n"
    report = json.loads(run("--errors-only", "--format", "json").stdout)
    assert (report["errors"], report["warnings"]) == (1, None)
    assert [p["rule"] for p in report["problems"]] == ["schema.value"]


def test_errors_only_still_runs_a_rule_the_project_raises_to_error(project: Path) -> None:
    rel, text = corpus_report(4, published="2025-02-14")
    shown = add(project, rel, text)
    write_project(project, lint={"rules": {"published-48h": "error"}})
    result = run("--errors-only")
    assert result.exit_code == 1
    assert [(line.split(":")[0], rule_of(line)) for line in result.stdout.splitlines()] == [
        (shown, "published-48h")
    ]
    assert result.stderr == "4 post-mortems: 1 error, warnings not checked (--errors-only)\n"


def test_every_kind_of_broken_file_in_one_run_without_a_traceback(project: Path) -> None:
    expected = set()
    for index, (raw, wanted) in enumerate(BROKEN_FILES.values()):
        raw = raw.replace(b"PM-2025-014", f"PM-2025-{100 + index}".encode()).replace(
            b"PM-2024-014", b"PM-2024-500"
        )
        shown = add(project, f"2025/2025-02-09-broken-{index:02d}.md", raw)
        text = raw.decode("utf-8", "replace")
        for needle, key, rule in wanted:
            line = line_of(text, needle) if needle else 1
            expected.add(f"{shown}:{line}: error {rule}{' ' + key if key else ''}:")
    result = run()
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected)
    assert {line[: line.index(":", line.index(" error ") + 7) + 1] for line in lines} == expected
    assert (
        f"{3 + len(BROKEN_FILES)} post-mortems: {len(expected)} errors, 0 warnings" in result.stderr
    )


# --- other formats ------------------------------------------------------------------------------


def test_json_format(project: Path) -> None:
    text = render_postmortem(action_items__1__due="2025-13-40", published="2025-02-14")
    bad = add(project, "2025/2025-02-09-bad.md", text)
    rel, warned = corpus_report(4, published="2025-02-14")
    add(project, rel, warned)
    result = run("--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["files"] == 5 and report["errors"] == 1 and report["warnings"] == 2
    # file and line order; the file with an error is still checked against the checklist
    assert [(p["path"], p["rule"]) for p in report["problems"]] == [
        (f"postmortems/{rel}", "published-48h"),
        (bad, "published-48h"),
        (bad, "schema.date"),
    ]
    assert report["problems"][2] == {
        "path": bad,
        "line": line_of(text, "due: 2025-13-40"),
        "key": "action_items[1].due",
        "rule": "schema.date",
        "severity": "error",
        "message": "'2025-13-40' is not a date; write YYYY-MM-DD",
    }
    assert result.stderr == ""  # nothing but the JSON document on a terminal either


def test_json_format_of_a_clean_corpus(project: Path) -> None:
    result = run("--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"files": 3, "errors": 0, "warnings": 0, "problems": []}


def test_github_format_annotates_with_escaped_messages(project: Path) -> None:
    text = render_postmortem(action_items__0__action="Improve monitoring", severity="SEV9")
    bad = add(project, "2025/2025-02-09-bad.md", text)
    result = run("--format", "github")
    # the severity error and the checklist's warning come out in the same run
    assert result.exit_code == 1
    error, line = result.stdout.splitlines()
    assert error == (
        f"::error file={bad},line={line_of(text, 'severity:')},title=schema.value::severity: "
        "'SEV9' is not one of 'SEV1', 'SEV2', 'SEV3' or 'SEV4'; did you mean 'SEV4'?"
    )
    assert line.startswith(
        f"::warning file={bad},line={line_of(text, 'Improve monitoring')},"
        "title=action-item-specific::action_items[0].action: AI-001 'Improve monitoring'"
    )
    # '%' starts an escape in workflow commands.
    assert "80%25 for 5 minutes" in line and "80% " not in line


# --- usage errors: exit 2, one message, no traceback -------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "No such option '--bogus'"),
        (["--format", "xml"], "'xml' is not one of"),
        (["missing.md"], "'missing.md' does not exist"),
        (["--config", "nowhere.yml"], "'nowhere.yml' does not exist"),
        (["--taxonomy", "nowhere.yml"], "'nowhere.yml' does not exist"),
    ],
)
def test_bad_usage_exits_2(project: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"lint": {"rules": {"todo-lef": "off"}}},
            "unknown rule 'todo-lef'; did you mean 'todo-left'?",
        ),
        (
            {"lint": {"rules": {"todo-left": "loud"}}},
            "level must be error, warning or off, not 'loud'",
        ),
        # MkDocs checks the settings and names the option; the words after it are its own
        # or ours, so these name the option and, where the message is ours, what it says.
        ({"lint": {"rules": ["todo-left"]}}, "expected a mapping of rule id: level"),
        ({"lint": "strict"}, "option 'lint'"),
        ({"lint": {"action_verbs": 5}}, "'action_verbs'"),
        ({"lint": {"allowed_words": "Kafka"}}, "'allowed_words'"),
        ({"as_of": "2025-99-01"}, "expected a date YYYY-MM-DD"),
        ({"taxonomy": "missing.yml"}, "taxonomy file"),
        ({"taxonomy": ["a.yml", "b.yml"]}, "option 'taxonomy'"),
    ],
)
def test_bad_settings_exit_2(project: Path, options: dict[str, Any], message: str) -> None:
    write_project(project, **options)
    result = run()
    assert result.exit_code == 2
    assert message in result.stderr
    assert "mkdocs.yml" in result.stderr or "missing.yml" in result.stderr


def test_unreadable_mkdocs_yml_exits_2(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: [\n", encoding="utf-8")
    result = run()
    assert result.exit_code == 2
    assert "not valid YAML" in result.stderr


def test_missing_post_mortem_folder_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project(tmp_path, docs="nowhere")
    write_taxonomy(tmp_path / "nowhere")
    (tmp_path / "nowhere" / "taxonomy.yml").rename(tmp_path / "taxonomy.yml")
    (tmp_path / "nowhere").rmdir()
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 2
    assert "not found" in result.stderr


# --- configuration ------------------------------------------------------------------------------


def test_rule_levels_from_mkdocs_yml(project: Path) -> None:
    rel, text = corpus_report(4, published="2025-02-14")
    add(project, rel, text)
    write_project(project, lint={"rules": {"published-48h": "error"}})
    assert run().exit_code == 1
    # YAML reads a bare `off` as False.
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("published-48h: error", "published-48h: off"),
        encoding="utf-8",
    )
    assert "published-48h: off" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    result = run()
    assert (result.exit_code, result.stdout) == (0, "")


def test_allowed_words_and_action_verbs_from_mkdocs_yml(project: Path) -> None:
    rel, text = corpus_report(
        4,
        action_items__1__action="Reseed the search index from the primary after each failover",
        root_cause="The Alice batch job held every connection of the orders pool.",
    )
    add(project, rel, text)
    assert {rule_of(line) for line in run().stdout.splitlines()} == {
        "action-item-verb",
        "personal-names",
    }
    write_project(project, lint={"allowed_words": ["Alice"], "action_verbs": ["Reseed"]})
    assert run().stdout == ""


def test_config_option_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(tmp_path, n=2)
    config = write_project(tmp_path, lint={"rules": {"published-48h": "error"}})
    rel, text = corpus_report(3, published="2025-02-14")
    write_postmortem(tmp_path / "postmortems", rel, text=text)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("--config", str(config))
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{tmp_path / 'postmortems' / rel}:")
    assert " error published-48h " in line


def test_taxonomy_option_overrides_the_setting(project: Path, tmp_path: Path) -> None:
    smaller = tmp_path / "smaller.yml"
    smaller.write_text(
        TAXONOMY_YAML.replace("  testing-gap:\n", "  testing-gaps:\n"), encoding="utf-8"
    )
    result = run("--taxonomy", str(smaller))
    assert result.exit_code == 1
    unknown = [line for line in result.stdout.splitlines() if "taxonomy.unknown-factor" in line]
    assert len(unknown) == 6  # each report cites testing-gap twice
    assert all("did you mean 'testing-gaps'?" in line for line in unknown)


def test_problems_in_the_taxonomy_are_reported(project: Path) -> None:
    (project / "postmortems" / "taxonomy.yml").write_text(
        TAXONOMY_YAML + "  bad-layer:\n    layer: human\n    description: x\n", encoding="utf-8"
    )
    result = run()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        (
            f"postmortems/taxonomy.yml:{line_of(TAXONOMY_YAML, 'knowledge-silo') + 4}: error taxonomy.layer "
            "factors.bad-layer.layer: layer must be one of technical, process, organizational, not 'human'"
        )
    ]


def test_one_bad_taxonomy_entry_costs_only_itself(project: Path) -> None:
    """A tag written twice, or an entry with a bad layer, is the taxonomy's problem, at its line."""
    text = TAXONOMY_YAML.replace(
        "  testing-gap:\n    layer: process\n", "  testing-gap:\n    layer: Process\n"
    )
    text += "  monitoring-gap:\n    layer: technical\n    description: Written twice.\n"
    (project / "postmortems" / "taxonomy.yml").write_text(text, encoding="utf-8")
    result = run()
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    layer_line = line_of(text, "layer: Process")
    assert lines[:2] == [
        (
            f"postmortems/taxonomy.yml:{layer_line}: error taxonomy.layer "
            "factors.testing-gap.layer: layer must be one of technical, process, organizational, "
            "not 'Process'"
        ),
        (
            f"postmortems/taxonomy.yml:{line_of(text, 'Written twice') - 2}: error "
            "taxonomy.duplicate factors.monitoring-gap: tag `monitoring-gap` appears twice "
            f"(first on line {line_of(text, 'monitoring-gap:')}); the first entry is used: merge "
            "the two into one"
        ),
    ]
    # The reports cite monitoring-gap, which still counts, and testing-gap, whose
    # entry is broken: they are told so, not that the tag is unknown.
    assert {rule_of(line) for line in lines[2:]} == {"taxonomy.broken-factor"}
    assert len(lines[2:]) == 6  # each report cites testing-gap twice
    assert all(
        f"contributing factor 'testing-gap' has a broken entry in the taxonomy "
        f"(postmortems/taxonomy.yml:{layer_line}); fix the entry there" in line
        for line in lines[2:]
    )


# --- which files -------------------------------------------------------------------------------


def test_linting_one_file_checks_related_against_the_rest(project: Path) -> None:
    rel, text = corpus_report(4, related=["PM-2025-001", "PM-2025-404"])
    path = add(project, rel, text)
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        (
            f"{path}:{line_of(text, 'related:')}: error related.unknown related[1]: no post-mortem has id "
            "PM-2025-404; check the id or remove the link"
        )
    ]
    assert result.stderr == "1 post-mortem: 1 error, 0 warnings\n"


def test_linting_one_file_reports_only_that_file(project: Path) -> None:
    add(project, "2025/2025-01-01-broken.md", "")
    add(project, "2025-01-02-misplaced.md", "")
    result = run("postmortems/2025/2025-02-02-checkout-errors-2.md")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 post-mortem: 0 errors, 0 warnings\n"


def test_linting_one_file_catches_a_duplicate_id(project: Path) -> None:
    rel, text = corpus_report(4, id="PM-2025-001")
    path = add(project, rel, text)
    result = run(path)
    assert result.exit_code == 1
    assert " error id.duplicate id: id PM-2025-001 is already used by " in result.stdout


def test_linting_a_year_folder(project: Path) -> None:
    add(project, "2024/2024-05-01-old.md", "")
    result = run("postmortems/2025")
    assert (result.exit_code, result.stderr) == (0, "3 post-mortems: 0 errors, 0 warnings\n")
    result = run("postmortems/2024")
    assert result.exit_code == 1


def test_linting_a_folder_that_is_not_the_projects(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-archive"
    own = TAXONOMY_YAML.replace("monitoring-gap:", "monitoring-gaps:")
    write_taxonomy(other, own)
    rel, text = corpus_report(1, id="PM-2025-001")
    write_postmortem(other, rel, text=text)
    result = run(str(other))
    # The folder's own taxonomy is used: it has no `monitoring-gap`.
    assert result.exit_code == 1
    assert {rule_of(line) for line in result.stdout.splitlines()} == {"taxonomy.unknown-factor"}
    assert "did you mean 'monitoring-gaps'?" in result.stdout
    assert result.stderr == "1 post-mortem: 2 errors, 0 warnings\n"


def test_linting_a_foreign_folder_without_a_taxonomy_uses_the_projects(
    project: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-archive"
    rel, text = corpus_report(1, related=["PM-2025-002"])
    write_postmortem(other, rel, text=text)
    result = run(str(other))
    # Its ids are its own: the project's PM-2025-002 is not there.
    assert result.exit_code == 1
    assert [rule_of(line) for line in result.stdout.splitlines()] == ["related.unknown"]


def test_linting_two_folders_in_one_run(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-archive"
    write_taxonomy(other)
    write_postmortem(other, "2025/2025-03-01-x.md", text="")
    add(project, "2025/2025-03-01-y.md", "---\n")
    result = run("postmortems", str(other))
    assert result.exit_code == 1
    assert [rule_of(line) for line in result.stdout.splitlines()] == [
        "frontmatter.unclosed",
        "file.empty",
    ]
    assert result.stderr == "5 post-mortems: 2 errors, 0 warnings\n"


def test_no_mkdocs_yml_lints_postmortems_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(tmp_path, n=2)
    monkeypatch.chdir(tmp_path)
    result = run()
    assert (result.exit_code, result.stderr) == (0, "2 post-mortems: 0 errors, 0 warnings\n")


def test_draft_with_missing_keys_is_not_an_error(project: Path) -> None:
    rel, text = corpus_report(
        4, status="draft", root_cause=REMOVE, published=REMOVE, timeline__resolved=REMOVE
    )
    add(project, rel, text)
    assert run().exit_code == 0


# --- the installed command -----------------------------------------------------------------


def test_installed_entry_point(project: Path) -> None:
    text = render_postmortem(id="PM-2025-050", action_items__1__due="2025-13-40")
    bad = add(project, "2025/2025-02-09-bad.md", text)
    add(project, "2025/2025-02-10-bom.md", b"\xef\xbb\xbf" + corpus_report(10)[1].encode())
    add(
        project,
        "2025/2025-02-11-latin1.md",
        corpus_report(11)[1].encode().replace(b"thirty", b"thirt\xff"),
    )
    add(project, "2025/2025-02-12-huge.md", render_postmortem() + "log line\n" * 700_000)
    done = subprocess.run(
        [str(PMKB), "lint"], cwd=project, capture_output=True, check=False, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert [line.split(": ")[1] for line in done.stdout.splitlines()] == [
        "error schema.date action_items[1].due",
        "warning file.bom",
        "error file.encoding",
        "error file.too-large",
    ]
    assert done.stdout.splitlines()[0].startswith(f"{bad}:{line_of(text, 'due: 2025-13-40')}: ")
    assert done.stderr == "7 post-mortems: 3 errors, 1 warning\n"

    as_json = subprocess.run(
        [str(PMKB), "lint", "--format", "json"],
        cwd=project,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["errors"] == 3

    usage = subprocess.run(
        [str(PMKB), "lint", "--format", "yaml"],
        cwd=project,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


# --- pmkb rules ----------------------------------------------------------------------------------


def test_rules_lists_every_rule_with_its_level_in_this_project(project: Path) -> None:
    from pmkb.lint import RULES

    write_project(project, lint={"rules": {"todo-left": False, "published-48h": "error"}})
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    levels = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()}
    assert set(levels) == set(RULES)
    assert levels["todo-left"] == "off"
    assert levels["published-48h"] == "error"
    assert levels["personal-names"] == RULES["personal-names"].default


def test_rules_with_an_unknown_rule_exits_2(project: Path) -> None:
    write_project(project, lint={"rules": {"nonsense": "off"}})
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 2
    assert "unknown rule 'nonsense'" in result.stderr


def test_the_shipped_sample_corpus_has_no_errors() -> None:
    repo = Path(__file__).parents[2]
    done = subprocess.run(
        [str(PMKB), "lint", "--format", "json"],
        cwd=repo,
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    assert done.returncode == 0
    assert report["files"] > 0


def test_a_file_outside_the_year_folders_is_a_usage_error(project: Path) -> None:
    (project / "postmortems" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    result = run("postmortems/notes.md")
    assert result.exit_code == 2
    assert "postmortems/notes.md is not a post-mortem" in result.stderr
    assert "YYYY/YYYY-MM-DD-slug.md" in result.stderr


def test_env_tags_in_mkdocs_yml_are_read_as_mkdocs_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmkb_mkdocs.project_config import read_project

    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\ndocs_dir: docs\nsite_url: !ENV [PMKB_TEST_SITE_URL, null]\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("PMKB_TEST_SITE_URL", raising=False)
    assert read_project(config).site_url is None
    monkeypatch.setenv("PMKB_TEST_SITE_URL", "https://postmortems.example.com/")
    assert read_project(config).site_url == "https://postmortems.example.com/"


def test_inherited_settings_are_read_through_mkdocs(tmp_path: Path) -> None:
    """A team's mkdocs.yml inherits the shipped one and changes a lint level: both count."""
    from pmkb_mkdocs.project_config import read_project

    (tmp_path / "team" / "postmortems").mkdir(parents=True)
    (tmp_path / "base.yml").write_text(
        "site_name: Base\nplugins:\n  postmortems:\n"
        "    as_of: 2025-06-01\n    lint:\n      allowed_words: [Kafka]\n",
        encoding="utf-8",
    )
    (tmp_path / "team" / "mkdocs.yml").write_text(
        "INHERIT: ../base.yml\ndocs_dir: postmortems\nplugins:\n  postmortems:\n"
        "    lint:\n      rules: {body-sections: off}\n",
        encoding="utf-8",
    )
    project = read_project(tmp_path / "team" / "mkdocs.yml")
    assert project.docs_dir.resolve() == (tmp_path / "team" / "postmortems").resolve()
    assert project.as_of == dt.date(2025, 6, 1)
    assert project.lint_levels == {"body-sections": "False"} or project.lint_levels == {
        "body-sections": "off"
    }
    assert project.lint_options["allowed_words"] == ["Kafka"]


def test_reading_the_settings_imports_none_of_the_analytics(project: Path) -> None:
    # `pmkb lint` reads mkdocs.yml through MkDocs, which imports the plugin's module: the
    # site's pages and the analytics' libraries wait for a build (half a second of a
    # one-file lint when they did not).
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pmkb_mkdocs.project_config import read_project\n"
        "project = read_project(Path('mkdocs.yml'))\n"
        "assert project.docs_dir.name == 'postmortems', project\n"
        "print(sorted(m for m in ('pandas', 'networkx', 'scipy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_setting_mkdocs_refuses_is_named(tmp_path: Path) -> None:
    from pmkb.project import ProjectError
    from pmkb_mkdocs.project_config import read_project

    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\ndocs_dir: docs\nplugins:\n  postmortems:\n    audience: everyone\n",
        encoding="utf-8",
    )
    with pytest.raises(ProjectError) as caught:
        read_project(config)
    assert str(config) in str(caught.value) and "audience" in str(caught.value)


# --- no silent zero ------------------------------------------------------------------------------


def test_post_mortems_outside_year_folders_are_reported_and_fail(project: Path) -> None:
    """A folder of reports not in year folders is no pass: each is named, with where it goes."""
    archive = project / "archive"
    archive.mkdir()
    _, first = corpus_report(1)
    _, second = corpus_report(2)
    (archive / "checkout-errors.md").write_text(first, encoding="utf-8")
    (archive / "2025-02-02-checkout-again.md").write_text(second, encoding="utf-8")
    (archive / "README.md").write_text("# What this folder holds\n", encoding="utf-8")
    result = run("--taxonomy", "postmortems/taxonomy.yml", "archive")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "archive/2025-02-02-checkout-again.md:1: error file.location: post-mortems live in year "
        "folders: move it to 2025/2025-02-02-checkout-again.md under archive (the incident's "
        "UTC start date, then a slug)",
        "archive/checkout-errors.md:1: error file.location: post-mortems live in year folders: "
        "move it to 2025/2025-02-01-checkout-errors.md under archive (the incident's UTC start "
        "date, then a slug)",
    ]
    assert result.stderr == "2 post-mortems: 2 errors, 0 warnings\n"


def test_a_folder_with_no_post_mortems_says_so_and_fails(project: Path) -> None:
    notes = project / "notes"
    notes.mkdir()
    (notes / "ideas.md").write_text("# Ideas\n", encoding="utf-8")
    (notes / "more.md").write_text("---\ntitle: More\n---\n\nText.\n", encoding="utf-8")
    result = run("--taxonomy", "postmortems/taxonomy.yml", "notes")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        "Error: no post-mortems in notes: a post-mortem is a Markdown file with frontmatter in "
        "a year folder, YYYY/YYYY-MM-DD-slug.md; its 2 Markdown files have neither a date in "
        "the name nor a post-mortem's keys in the frontmatter" in result.stderr
    )


def test_an_empty_folder_says_so_and_fails(project: Path) -> None:
    (project / "empty" / "2025").mkdir(parents=True)
    result = run("--taxonomy", "postmortems/taxonomy.yml", "empty")
    assert result.exit_code == 2
    assert "Error: no post-mortems in empty: a post-mortem is a Markdown file" in result.stderr
    assert "Markdown files" not in result.stderr


def test_a_project_with_no_post_mortems_yet_says_so_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(tmp_path, n=0)
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 2
    assert 'Error: no post-mortems in postmortems yet; `pmkb new "Title"` starts one' in (
        result.stderr
    )


def test_linting_one_file_compares_its_services_with_the_rest(project: Path) -> None:
    # The other reports, not read in full, write their lists in both YAML styles.
    rel, text = corpus_report(2, services=REMOVE)
    text = text.replace("teams:", "services:\n  - checkout-service\n  # the shop\nteams:", 1)
    add(project, rel, text)
    rel, text = corpus_report(3, services=["checkout-service", "orders-db"])
    add(project, rel, text)
    rel, text = corpus_report(4, services=["checkout"])
    path = add(project, rel, text)
    result = run(path)
    assert result.stdout.splitlines() == [
        f"{path}:{line_of(text, 'services:')}: warning service-names services[0]: service "
        "'checkout' looks like 'checkout-service', which 2 post-mortems use ('checkout': 1); "
        "one service written two ways splits its incidents on the dashboard and its service "
        "page: write 'checkout-service', or if they are different services, add 'checkout' to "
        "lint.distinct_names"
    ]


def test_distinct_names_setting_silences_service_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_corpus(tmp_path, n=2)
    rel, text = corpus_report(3, services=["api"])
    write_postmortem(root, rel, text=text)
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert "service-names" in run().stdout
    write_project(tmp_path, lint={"distinct_names": ["api"]})
    result = run()
    assert result.exit_code == 0
    assert "service-names" not in result.stdout
