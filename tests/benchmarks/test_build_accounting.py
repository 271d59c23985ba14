"""The build's CPU accounting: every process it starts counts, and each part goes where it belongs.

These check the measuring tools, never how fast anything is: the amounts of
CPU below are work the test itself does (a loop until its own CPU clock has
advanced so far), so they hold on any machine.
"""

from __future__ import annotations

import json
import stat
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from build_benchmark import (
    BuildRun,
    build_summary,
    cpu_parts,
    is_indexer_plugin,
    is_indexer_process,
    measure_build,
)
from build_driver import EventClock
from process_usage import run_measured

#: Python that burns ``seconds`` of its own CPU time.
BURN = "import time\nwhile time.process_time() < {seconds}: pass\n"


def test_a_child_process_cpu_counts_in_the_total_and_is_seen_by_name(tmp_path: Path) -> None:
    # A script whose name is the indexer's, started by the measured process and waited for.
    child = tmp_path / "pagefind"
    child.write_text(f"#!{sys.executable}\n" + BURN.format(seconds=0.6), encoding="utf-8")
    child.chmod(child.stat().st_mode | stat.S_IXUSR)
    parent = f"import subprocess\nsubprocess.run([{str(child)!r}], check=True)\n"
    usage = run_measured([sys.executable, "-c", parent])
    assert usage.returncode == 0
    assert usage.cpu_s >= 0.6
    seen = [d for d in usage.descendants if is_indexer_process(d.argv, d.name)]
    assert len(seen) == 1
    # Read every 20 ms while it ran: close to what it used, never more.
    assert 0.3 <= seen[0].cpu_s <= usage.cpu_s


def test_a_forked_child_counts_too(tmp_path: Path) -> None:
    forked = textwrap.dedent(
        """
        import os, time
        pid = os.fork()
        if pid == 0:
            while time.process_time() < 0.5:
                pass
            os._exit(0)
        os.waitpid(pid, 0)
        """
    )
    usage = run_measured([sys.executable, "-c", forked])
    assert usage.cpu_s >= 0.5
    assert [d for d in usage.descendants if not is_indexer_process(d.argv, d.name)]


def test_the_kernel_s_part_of_the_cpu_is_told_apart() -> None:
    # Asking the kernel for a file's details, over and over: mostly system time.
    asking = "import os, time\nwhile time.process_time() < 0.6: os.stat('.'); os.getppid()\n"
    kernel = run_measured([sys.executable, "-c", asking])
    # Arithmetic between readings of the clock (each reading is a call to the kernel).
    counting = "import time\nwhile time.process_time() < 0.6: sum(range(20000))\n"
    own = run_measured([sys.executable, "-c", counting])
    assert 0 < kernel.system_s < kernel.cpu_s
    assert kernel.system_s > 0.2 * kernel.cpu_s
    assert 0 <= own.system_s < 0.2 * own.cpu_s


def test_a_failing_command_reports_its_error() -> None:
    usage = run_measured([sys.executable, "-c", "import sys; sys.exit('broken config')"])
    assert usage.returncode == 1
    assert "broken config" in usage.stderr


def test_a_handler_counts_its_own_thread_not_the_threads_beside_it() -> None:
    clock = EventClock()
    burner = threading.Thread(target=lambda: _burn(0.4))
    handler = clock.wrap("postmortems", "files", lambda: burner.join())
    burner.start()
    handler()
    # The handler waited while another thread worked: that CPU is not the handler's.
    assert clock.report()["postmortems"]["files"]["cpu_s"] < 0.1


def _burn(seconds: float) -> None:
    begin = time.thread_time()
    while time.thread_time() < begin + seconds:
        pass


def test_handler_times_are_exclusive_of_the_handlers_they_run() -> None:
    clock = EventClock()

    timed_inner = clock.wrap("other", "page_content", lambda: _burn(0.3))
    outer = clock.wrap("postmortems", "files", lambda: timed_inner())
    outer()
    report = clock.report()
    assert report["other"]["page_content"]["calls"] == 1
    assert report["postmortems"]["files"]["calls"] == 1
    assert report["other"]["page_content"]["cpu_s"] >= 0.3
    # The outer handler did nothing itself.
    assert report["postmortems"]["files"]["cpu_s"] < 0.1


def test_parts_add_up_to_the_total_with_each_kind_of_work_in_its_part() -> None:
    events = {
        "material/search": {"page_context": {"cpu_s": 2.0, "children_cpu_s": 0.0}},
        "postmortems": {
            "files": {"cpu_s": 1.5, "children_cpu_s": 0.0},
            "post_build": {"cpu_s": 0.5, "children_cpu_s": 4.0},
        },
    }
    # 4 s in child processes, 3 of them read from the indexer's processes;
    # 0.7 s in the build process's other threads.
    parts = cpu_parts(20.0, events, threads_cpu=0.7, children_cpu=4.0, indexer_processes_cpu=3.0)
    assert parts["indexer"] == pytest.approx(2.0 + 3.0)
    assert parts["plugin"] == pytest.approx(1.5 + 0.5 + 0.7 + 1.0)
    assert parts["mkdocs"] == pytest.approx(20.0 - 5.0 - 3.7)
    # A sampled reading never exceeds the exact total it is part of.
    capped = cpu_parts(20.0, events, threads_cpu=0.0, children_cpu=4.0, indexer_processes_cpu=4.5)
    assert capped["indexer"] == pytest.approx(6.0)
    assert capped["plugin_processes"] == 0


def test_material_search_and_pagefind_are_the_indexer() -> None:
    assert is_indexer_plugin("material/search")
    assert is_indexer_plugin("search")
    assert not is_indexer_plugin("postmortems")
    assert is_indexer_process(["/venv/bin/pagefind_extended", "--site", "x"], "pagefind_extende")
    assert is_indexer_process(["python3", "-m", "pagefind", "--site", "x"], "python3")
    assert not is_indexer_process(["python3", "benchmarks/build_driver.py", "x.yml"], "python3")


def test_a_real_build_reports_each_plugin_event(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nFirst page.\n", encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\nSecond page.\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: t\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    run = measure_build(config, tmp_path / "timing.json")
    assert (tmp_path / "site" / "other" / "index.html").is_file()
    search = run.events["material/search"]
    assert search["page_context"]["calls"] == 2
    assert run.parts["indexer"] >= search["page_context"]["cpu_s"]
    assert run.parts["plugin"] == pytest.approx(0.0, abs=0.05)
    assert sum(run.parts[p] for p in ("mkdocs", "plugin", "indexer")) == pytest.approx(run.cpu_s)
    assert all(run.parts[p] >= 0 for p in ("mkdocs", "plugin", "indexer"))
    assert json.loads((tmp_path / "timing.json").read_text())["events"] == run.events


def _run(wall: float, cpu: float, plugin: float, indexer: float, system: float = 0.0) -> BuildRun:
    parts = {"mkdocs": cpu - plugin - indexer, "plugin": plugin, "indexer": indexer}
    return BuildRun(wall, cpu, 100.0, parts, {}, {}, system_s=system)


def test_the_summary_takes_medians_and_the_parts_of_the_median_run() -> None:
    runs = {
        "plain": [_run(10.0, 9.0, 0.0, 1.0), _run(12.0, 11.0, 0.0, 2.0), _run(8.0, 10.0, 0.0, 2.0)],
        "ours": [
            _run(13.0, 15.0, 3.0, 1.0, system=4.0),
            _run(11.0, 12.0, 2.0, 1.0, system=1.0),
            _run(30.0, 14.0, 7.0, 0.0, system=2.5),
        ],
    }
    summary = build_summary(runs)
    # The system time's own median, whichever run it comes from.
    assert summary["ours"]["system_s"] == 2.5
    assert summary["plain"]["system_s"] == 0.0
    assert summary["plain"]["wall_s"] == 10.0
    assert summary["ours"]["cpu_s"] == 14.0
    assert summary["wall_ratio"] == 1.3
    assert summary["cpu_ratio"] == 1.4
    # Each run's own ratio, ours over plain of the same run: 15/9, 12/11, 14/10.
    assert summary["cpu_ratio_range"] == [1.091, 1.667]
    assert summary["wall_ratio_range"] == [0.917, 3.75]
    # The median run by CPU is the one of 10 s for plain and of 14 s for ours.
    assert summary["plain"]["shares"] == {"mkdocs": 0.8, "plugin": 0.0, "indexer": 0.2}
    assert summary["ours"]["shares"] == {"mkdocs": 0.5, "plugin": 0.5, "indexer": 0.0}
