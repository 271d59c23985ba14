"""The pull-request workflow: valid for GitHub, and running the same commands as CI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "pull-request.yml"


def _steps() -> list[dict[str, object]]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = data["jobs"].values()
    return job["steps"]


def test_the_workflows_validate_against_githubs_schema_offline() -> None:
    # check-jsonschema ships a copy of the GitHub workflow schema: no network needed.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, sorted(WORKFLOW.parent.glob("*.yml"))),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_runs_on_pull_requests() -> None:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1).
    assert "pull_request" in (data.get("on") or data.get(True))


def test_it_runs_the_tests_exactly_as_ci_does() -> None:
    runs = [str(step.get("run", "")) for step in _steps()]
    assert any(run.strip() == "bash .ci/run" for run in runs)
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci_run


def test_it_annotates_changed_post_mortems_lints_everything_and_builds_strictly() -> None:
    runs = "\n".join(str(step.get("run", "")) for step in _steps())
    assert 'git diff -z --name-only --diff-filter=ACMR "$BASE_SHA...HEAD"' in runs
    assert "pmkb lint --format github" in runs
    assert ".venv/bin/pmkb lint --errors-only postmortems" in runs
    assert "make build" in runs
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "mkdocs build --strict" in makefile
    checkout = next(s for s in _steps() if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the diff needs the merge base


def test_later_checks_still_run_when_the_lint_fails() -> None:
    steps = _steps()
    first_lint = next(i for i, s in enumerate(steps) if "--format github" in str(s.get("run", "")))
    assert all(s.get("if") == "success() || failure()" for s in steps[first_lint + 1 :])


def test_the_github_annotation_format_points_at_the_line(tmp_path: Path) -> None:
    """What the workflow step prints for a broken post-mortem: an ::error with file and line."""
    from click.testing import CliRunner
    from pmkb.cli import main

    from tests.importers.conftest import CORPUS, EXPECTED

    docs = tmp_path / "postmortems" / "2025"
    docs.mkdir(parents=True)
    (tmp_path / "postmortems" / "taxonomy.yml").write_bytes((CORPUS / "taxonomy.yml").read_bytes())
    good = EXPECTED / "markdown" / "2025" / "2025-03-12-checkout-api-errors-after-release-4.md"
    text = good.read_text(encoding="utf-8").replace("detection: alert", "detection: pager")
    path = docs / good.name
    path.write_text(text, encoding="utf-8")
    line = next(
        n for n, row in enumerate(text.splitlines(), 1) if row.startswith("detection: pager")
    )
    result = CliRunner().invoke(
        main,
        [
            "lint",
            "--format",
            "github",
            str(path),
            "--taxonomy",
            str(tmp_path / "postmortems" / "taxonomy.yml"),
        ],
    )
    assert result.exit_code == 1
    assert f"::error file={path},line={line},title=schema.value::detection: " in result.stdout


def test_the_pull_request_template_carries_the_review_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(boxes) >= 15
    for needle in (
        "Blameless",
        "in UTC",
        "five whys",
        "more than one layer",
        "starts with a verb",
        "investigate, mitigate, repair, detect, mitigate future, prevent",
        "48 hours",
        "four weeks",
        "`pmkb lint`",
        "`make serve`",
        "`visibility`",
        "`related`",
    ):
        assert needle in text, needle


def test_a_job_tests_the_newest_allowed_versions_every_week() -> None:
    data = yaml.safe_load((WORKFLOW.parent / "newest-dependencies.yml").read_text(encoding="utf-8"))
    triggers = data.get("on") or data.get(True)
    assert triggers["schedule"] and "pull_request" in triggers
    (job,) = data["jobs"].values()
    assert any(str(step.get("run", "")).strip() == "make test-newest" for step in job["steps"])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest-newest:", 1)[1].split("\n\n", 1)[0]
    # Not from the lock: upgraded to whatever pyproject.toml's ranges allow today.
    assert "pip install --quiet --upgrade -e '.[test]'" in recipe
    assert "-m pytest" in recipe


def test_make_test_checks_the_types_before_the_suite() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    commands = [line.strip() for line in recipe.splitlines()[1:]]
    # Before pytest: CI (`.ci/run` is `make test`) fails on a type error first.
    (suite,) = [n for n, c in enumerate(commands) if c.endswith("$(BIN)/python -m pytest")]
    assert commands.index("$(BIN)/mypy") < suite
    typecheck = makefile.split("\ntypecheck:", 1)[1].split("\n\n", 1)[0]
    assert [line.strip() for line in typecheck.splitlines()[1:]] == ["$(BIN)/mypy"]
    # Bare `mypy` reads what to check, and how strictly, from pyproject.toml.
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("\n[tool.mypy]\n", 1)[1]
    settings = settings.split("\n[", 1)[0]
    assert 'files = ["domain", "plugins"]' in settings
    assert "strict = true" in settings
