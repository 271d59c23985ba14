"""The benchmark's builds on a tiny corpus: warm ones over the last site, cold ones from none.

Real builds of both sites (20 generated post-mortems, one timed run of each kind);
nothing here says how fast a build is, only that each kind of build was timed and
wrote where and how it claims to.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import build_benchmark
import pytest

#: Seconds a file's modification time may lag the clock read just before (the kernel
#: stamps files from a coarser clock).
CLOCK_SLACK_S = 0.05
#: An old time for the files the test leaves in the cold site folders: 2001-09-09.
LONG_AGO = 1_000_000_000


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder``, hidden ones included."""
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture(scope="module")
def benchmark_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, str]:
    out = tmp_path_factory.mktemp("bench")
    _, _, sites = build_benchmark.prepare(20, out, regenerate=False)
    # What an earlier run left in the cold folders; MkDocs' own emptying keeps hidden
    # entries (our plugin's last index among them), so only removing the folder clears it.
    for side in build_benchmark.SIDES:
        stale = sites[build_benchmark.build_kind(side, "cold")] / ".left-by-an-earlier-run"
        stale.parent.mkdir(parents=True)
        stale.write_text("an earlier build's file\n", encoding="utf-8")
        os.utime(stale, (LONG_AGO, LONG_AGO))
    printed = _run_main(out)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return results, sites, printed


def _run_main(out: Path) -> str:
    captured = io.StringIO()
    argv = ["--sizes", "20", "--runs", "1", "--no-preview", "--no-browser", "--out", str(out)]
    with contextlib.redirect_stdout(captured):
        assert build_benchmark.main(argv) == 0
    return captured.getvalue()


def test_warm_and_cold_figures_are_reported_for_both_sides(
    benchmark_run: tuple[dict, dict, str],
) -> None:
    results, _, printed = benchmark_run
    (row,) = results["results"]
    build = row["build"]
    for folder in ("warm", "cold"):
        figures = build[folder]
        for side in ("plain", "ours"):
            assert figures[side]["cpu_s"] > 0
            assert figures[side]["wall_s"] > 0
            assert sum(figures[side]["shares"].values()) == pytest.approx(1.0, abs=0.01)
        for ratio in ("wall_ratio", "cpu_ratio", "rss_ratio"):
            assert figures[ratio] > 0
        assert len(row[f"{'' if folder == 'warm' else 'cold_'}build_runs"]["ours"]) == 1
    # The keys read before cold builds were timed still hold the warm figures.
    assert {key: build[key] for key in build["warm"]} == build["warm"]
    assert row["our_plugin_events"] and row["our_plugin_events_cold"]
    # Each folder has a row in the build table and one per side in the shares table.
    rows = printed.splitlines()
    assert sum(line.startswith("| 20 | warm |") for line in rows) == 1 + 2
    assert sum(line.startswith("| 20 | cold |") for line in rows) == 1 + 2
    # With one run, each run's ratio is the medians' ratio: printed as its own range.
    cpu = build["warm"]["cpu_ratio"]
    assert build["warm"]["cpu_ratio_range"] == [cpu, cpu]
    assert any(
        f"| {cpu} ({cpu}-{cpu}) |" in line for line in rows if line.startswith("| 20 | warm |")
    )


def test_a_cold_build_starts_from_no_site_folder(benchmark_run: tuple[dict, dict, str]) -> None:
    results, sites, _ = benchmark_run
    (row,) = results["results"]
    for side in ("plain", "ours"):
        (run,) = row["cold_build_runs"][side]
        site = sites[build_benchmark.build_kind(side, "cold")]
        files = _files(site)
        assert files
        older = [p for p in files if p.stat().st_mtime < run["started"] - CLOCK_SLACK_S]
        assert older == []
    assert (sites[build_benchmark.build_kind("ours", "cold")] / "pagefind").is_dir()


def test_a_warm_build_writes_over_the_site_an_earlier_build_left(
    benchmark_run: tuple[dict, dict, str],
) -> None:
    results, sites, _ = benchmark_run
    (row,) = results["results"]
    (run,) = row["build_runs"]["ours"]
    # The untimed build before it wrote the index; the timed one kept what did not change.
    index = _files(sites["ours"] / "pagefind")
    kept = [p for p in index if p.stat().st_mtime < run["started"] - CLOCK_SLACK_S]
    assert kept


def test_the_cold_builds_can_be_left_out_and_every_run_times_each_kind_once() -> None:
    for index in range(4):
        cold = build_benchmark.build_order(index, cold=True)
        assert sorted(cold) == sorted(
            (side, folder) for side in ("plain", "ours") for folder in ("warm", "cold")
        )
        assert sorted(build_benchmark.build_order(index, cold=False)) == [
            ("ours", "warm"),
            ("plain", "warm"),
        ]
    # Alternating, so that a change in load hits every kind.
    assert build_benchmark.build_order(0, True) == build_benchmark.build_order(1, True)[::-1]
