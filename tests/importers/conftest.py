"""Helpers for the importer tests: the test corpus, golden files and the CLI.

Golden files hold the whole expected output. After an intended change, run
``PMKB_REGENERATE_GOLDENS=1 python -m pytest tests/importers`` and review
every changed file under ``tests/importers/corpus/expected/`` by eye (``git
diff``) before committing them.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pmkb.cli import main
from pmkb.taxonomy import Taxonomy, load_taxonomy

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = CORPUS / "expected"
REGENERATE = os.environ.get("PMKB_REGENERATE_GOLDENS") == "1"


def corpus_taxonomy() -> Taxonomy:
    taxonomy, problems = load_taxonomy(CORPUS / "taxonomy.yml")
    if problems:
        raise AssertionError(f"test taxonomy has problems: {problems}")
    return taxonomy


def files_under(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def assert_matches_golden(actual: dict[str, bytes], golden: Path) -> None:
    """Every file of ``actual`` equals the golden file of the same name, and no file is missing."""
    if REGENERATE:
        shutil.rmtree(golden, ignore_errors=True)
        for name, data in actual.items():
            target = golden / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return
    expected = files_under(golden)
    assert sorted(actual) == sorted(expected), (
        "files differ from the goldens (regenerate and review?)"
    )
    for name, data in actual.items():
        if data != expected[name]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[name].decode("utf-8", "replace").splitlines(),
                    data.decode("utf-8", "replace").splitlines(),
                    f"expected/{name}",
                    f"actual/{name}",
                    lineterm="",
                )
            )
            raise AssertionError(f"{name} differs from its golden file:\n{diff}")


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with a copy of the test corpus and no mkdocs.yml above it.

    Paths in reports are relative to it, so goldens hold no machine path.
    """
    shutil.copytree(CORPUS / "markdown", tmp_path / "sources")
    shutil.copytree(CORPUS / "incidents", tmp_path / "logs")
    shutil.copy(CORPUS / "taxonomy.yml", tmp_path / "taxonomy.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path
