"""The pre-commit hooks: valid manifests, and a real commit in a scratch repository.

The scratch test installs this repository as a hook repository, the way another
team's repository would use it: pre-commit clones it and pip-installs it (from
PyPI, or the machine's configured package index) into an environment of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_config, load_manifest

from tests.importers.conftest import CORPUS, EXPECTED

ROOT = Path(__file__).resolve().parents[2]
GOOD = EXPECTED / "markdown" / "2025" / "2025-03-12-checkout-api-errors-after-release-4.md"
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "ci",
    "GIT_AUTHOR_EMAIL": "ci@example.invalid",
    "GIT_COMMITTER_NAME": "ci",
    "GIT_COMMITTER_EMAIL": "ci@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def test_the_hook_manifest_is_valid_and_lints_post_mortems() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"pmkb-lint", "pmkb-lint-all"}
    lint = hooks["pmkb-lint"]
    assert (lint["entry"], lint["language"], lint["pass_filenames"]) == (
        "pmkb lint",
        "python",
        True,
    )
    files = re.compile(lint["files"])
    assert files.search("postmortems/2025/2025-02-09-api-errors.md")
    assert files.search("docs/incidents/2024/2024-12-31-x.md")
    assert not files.search("postmortems/guide/index.md")
    assert not files.search("README.md")


def test_this_repository_uses_the_hook_itself() -> None:
    config = load_config(str(ROOT / ".pre-commit-config.yaml"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert any(h["id"] == "pmkb-lint" and h["entry"].endswith("pmkb lint") for h in hooks)


def test_a_commit_that_changes_python_checks_the_types() -> None:
    config = load_config(str(ROOT / ".pre-commit-config.yaml"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    mypy = hooks["mypy"]
    # The venv's mypy over the whole of both packages, as `make typecheck` runs it.
    assert mypy["entry"] == ".venv/bin/mypy"
    assert mypy["pass_filenames"] is False
    files = re.compile(mypy["files"])
    assert files.search("domain/pmkb/analytics/metrics.py")
    assert files.search("plugins/pmkb_mkdocs/plugin.py")
    assert files.search("pyproject.toml")
    assert not files.search("postmortems/2025/2025-02-09-api-errors.md")
    assert not files.search("tests/analytics/test_metrics.py")


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **_GIT_ENV},
        capture_output=True,
        text=True,
        check=check,
    )


def _hook_repository(target: Path) -> str:
    """This repository's files as a fresh git repository with one commit; returns the commit."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: cannot copy the repository's files")
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "hooks")
    return _git(target, "rev-parse", "HEAD").stdout.strip()


def test_the_hook_passes_a_good_post_mortem_and_blocks_a_broken_one(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    rev = _hook_repository(hooks)

    project = tmp_path / "project"
    (project / "postmortems" / "2025").mkdir(parents=True)
    shutil.copy(CORPUS / "taxonomy.yml", project / "postmortems" / "taxonomy.yml")
    (project / "mkdocs.yml").write_text(
        "site_name: Scratch\ndocs_dir: postmortems\nplugins:\n"
        "  - postmortems:\n      taxonomy: postmortems/taxonomy.yml\n",
        encoding="utf-8",
    )
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: pmkb-lint\n",
        encoding="utf-8",
    )
    _git(project, "init", "-q")
    env = {**os.environ, **_GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )

    shutil.copy(GOOD, project / "postmortems" / "2025" / GOOD.name)
    _git(project, "add", "-A")
    good = subprocess.run(
        ["git", "commit", "-m", "good"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "lint post-mortems" in good.stdout + good.stderr

    broken = project / "postmortems" / "2025" / "2025-03-12-checkout-api-errors-broken.md"
    text = GOOD.read_text(encoding="utf-8").replace("id: PM-2025-002", "id: PM-2025-003")
    text = text.replace("severity: SEV2", "severity: SEV9")
    broken.write_text(text, encoding="utf-8")
    _git(project, "add", "-A")
    blocked = subprocess.run(
        ["git", "commit", "-m", "broken"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    severity_line = text.splitlines().index("severity: SEV9") + 1
    assert f"postmortems/2025/{broken.name}:{severity_line}: error schema.value severity" in output
    assert "Traceback" not in output
    assert _git(project, "log", "--format=%s").stdout.split() == ["good"]
