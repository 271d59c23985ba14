"""Run a command and account for everything it costs: wall time, CPU of every process, peak memory.

CPU comes from ``os.wait4``: the user and system time of the process and of
every descendant it waited for, which is every process a build starts and
ends (forked helpers, a search indexer's binary). That total is exact.

To say which part of it each kind of process took, a thread reads the
``/proc`` entries of the command's descendants while it runs: a full scan
every 0.2 s finds new ones, and the ones known are read every 20 ms. A
process's CPU is the last reading before it exited, so each one may lose up to
20 ms (and one that lives less than 0.2 s may be missed). The split is for
attribution only; the totals never depend on it. Linux only.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: Seconds between full scans of /proc for new descendants, and between readings of known ones.
SCAN_EVERY = 0.2
READ_EVERY = 0.02


@dataclass(frozen=True)
class Descendant:
    """A process the command started (directly or not), as last read."""

    pid: int
    name: str
    argv: tuple[str, ...]
    cpu_s: float


@dataclass(frozen=True)
class ProcessUsage:
    wall_s: float
    #: user + system time of the process and of every descendant it waited for
    cpu_s: float
    #: the system (kernel) part of ``cpu_s``: creating and deleting files, pipes, memory
    system_s: float
    #: the largest resident set of the process or of any descendant it waited for
    max_rss_mb: float
    returncode: int
    stderr: str
    descendants: tuple[Descendant, ...] = field(default=())


@dataclass
class _Stat:
    ppid: int
    name: str
    start: int
    cpu_ticks: int


def _read_stat(pid: int) -> _Stat | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The name is in parentheses and may itself hold spaces and parentheses.
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return _Stat(int(fields[1]), name, int(fields[19]), int(fields[11]) + int(fields[12]))


def _read_argv(pid: int) -> tuple[str, ...]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ()
    return tuple(part.decode(errors="replace") for part in raw.split(b"\0") if part)


class _DescendantWatch(threading.Thread):
    """Keeps the latest CPU reading of every descendant of ``root``."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.stop = threading.Event()
        # (pid, start time) -> reading; the start time tells a reused pid apart
        self.seen: dict[tuple[int, int], Descendant] = {}
        self._live: dict[int, int] = {}  # pid -> start time

    def _scan(self) -> None:
        parents: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                stat = _read_stat(int(entry.name))
                if stat is not None:
                    parents[int(entry.name)] = stat.ppid
        family = {self.root}
        # A few passes settle any depth of nesting a build has.
        for _ in range(8):
            grown = {pid for pid, ppid in parents.items() if ppid in family} | family
            if grown == family:
                break
            family = grown
        for pid in family - {self.root}:
            stat = _read_stat(pid)
            if stat is not None and (pid, stat.start) not in self.seen:
                self._live[pid] = stat.start
                self._record(pid, stat, _read_argv(pid))

    def _record(self, pid: int, stat: _Stat, argv: tuple[str, ...]) -> None:
        self.seen[(pid, stat.start)] = Descendant(
            pid, stat.name, argv, stat.cpu_ticks / CLOCK_TICKS
        )

    def _read_known(self) -> None:
        for pid, start in list(self._live.items()):
            stat = _read_stat(pid)
            if stat is None or stat.start != start:
                del self._live[pid]
                continue
            self._record(pid, stat, self.seen[(pid, start)].argv)

    def run(self) -> None:
        next_scan = 0.0
        while not self.stop.is_set():
            now = time.monotonic()
            if now >= next_scan:
                self._scan()
                next_scan = now + SCAN_EVERY
            else:
                self._read_known()
            self.stop.wait(READ_EVERY)


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> ProcessUsage:
    """Run ``argv`` to its end in a fresh process; what it and its descendants cost."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=None if env is None else dict(env),
        cwd=cwd,
    )
    watch = _DescendantWatch(process.pid)
    if Path("/proc").is_dir():
        watch.start()
    stream = process.stderr
    assert stream is not None
    chunks: list[bytes] = []

    def drain() -> None:
        chunks.append(stream.read())

    # Read stderr beside the wait, so that a chatty build never blocks on a full pipe.
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    watch.stop.set()
    if watch.is_alive():
        watch.join()
    reader.join()
    return ProcessUsage(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        system_s=usage.ru_stime,
        # ru_maxrss is in KiB on Linux
        max_rss_mb=usage.ru_maxrss / 1024,
        returncode=process.returncode,
        stderr=b"".join(chunks).decode(errors="replace"),
        descendants=tuple(watch.seen.values()),
    )
