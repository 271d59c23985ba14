"""Both importers against the test corpus, compared file by file with the goldens.

The inputs in ``corpus/markdown`` and ``corpus/incidents`` were written for
these tests in deliberately different shapes; ``corpus/expected`` holds the
whole output: every draft and the report printed. See conftest.py for how to
regenerate the goldens after an intended change.
"""

from __future__ import annotations

from pathlib import Path

from tests.importers.conftest import EXPECTED, assert_matches_golden, files_under, run_cli


def test_markdown_import_matches_goldens(workdir: Path) -> None:
    result = run_cli("import", "markdown", "sources", "--out", "out", "--taxonomy", "taxonomy.yml")
    # One input is not a post-mortem: it is skipped, so the run reports a problem.
    assert result.exit_code == 1
    outputs = files_under(workdir / "out")
    outputs["report.txt"] = result.stdout.encode()
    assert_matches_golden(outputs, EXPECTED / "markdown")


def test_incident_log_imports_match_goldens(workdir: Path) -> None:
    csv_run = run_cli(
        "import",
        "incidents",
        "logs/pagerduty-style.csv",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
    )
    jsonl_run = run_cli(
        "import",
        "incidents",
        "logs/statuspage-export.jsonl",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
        "--map",
        "id=ref",
        "--map",
        "title=name",
        "--map",
        "started=impact_start",
        "--map",
        "severity=impact_level",
    )
    # The CSV has a row without a start time and the JSONL a line that is not JSON.
    assert (csv_run.exit_code, jsonl_run.exit_code) == (1, 1)
    outputs = files_under(workdir / "out")
    outputs["report-csv.txt"] = csv_run.stdout.encode()
    outputs["report-jsonl.txt"] = jsonl_run.stdout.encode()
    assert_matches_golden(outputs, EXPECTED / "incidents")
