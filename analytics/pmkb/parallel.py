"""Share CPU-bound work with a second process forked beside this one.

Reading a corpus is parsing YAML and validating models, file after file, in
pure Python: on ten thousand post-mortems it is several seconds that one
core spends while another sits idle. :func:`map_in_two` has a forked child
work through the same list, the two taking the next few items in turn, and
takes the child's results back pickled, which costs about a twentieth of
computing them.

Only on Linux, with the ``fork`` start method, more than one CPU and no
other thread running: a fork copies only the calling thread, so a lock held
by another thread (a server's, a watcher's) would stay held in the child
forever. Everywhere else the work runs here, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items taken at a time: small enough that neither process waits long for the
#: other at the end, large enough that taking them costs nothing (a file's parse
#: takes about half a millisecond).
CHUNK = 16

#: How long the parent waits for the child's results beyond the time its own
#: share took before computing the child's share itself.
GRACE_SECONDS = 30.0


def machine_allows() -> bool:
    """Whether this machine can fork a worker that runs beside this process."""
    if not sys.platform.startswith("linux"):
        return False
    return "fork" in multiprocessing.get_all_start_methods() and len(os.sched_getaffinity(0)) > 1


def fork_allowed() -> bool:
    """Whether a worker may be forked now: the machine allows it and no other thread runs."""
    return machine_allows() and threading.active_count() == 1


class _Cursor:
    """The next item to take, shared by the two processes."""

    def __init__(self, context: Any, total: int) -> None:
        self._next = context.RawValue("q", 0)
        self._lock = context.Lock()
        self._total = total

    def take(self) -> range:
        """The indices of the next chunk; empty when every item is taken."""
        with self._lock:
            start = self._next.value
            stop = min(self._total, start + CHUNK)
            self._next.value = stop
        return range(start, stop)


def map_in_two(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    meanwhile: Callable[[], object] | None = None,
) -> list[R]:
    """``[function(item) for item in items]``, computed by this process and a forked child.

    The two take the next :data:`CHUNK` items in turn, so the work splits
    evenly whatever each item costs, and ``meanwhile`` (work of this process
    that does not depend on the results, such as importing what comes next)
    runs here first while the child has already begun. ``function``'s results
    must be picklable and not depend on which process computed them. When no
    child can be forked, or it fails, dies or is late, this process computes
    what it left: the answer is the same, only slower. Call
    :func:`fork_allowed` first.
    """
    context = multiprocessing.get_context("fork")
    cursor = _Cursor(context, len(items))
    receiver, sender = context.Pipe(duplex=False)
    try:
        child = context.Process(target=_child, args=(function, items, cursor, sender), daemon=True)
        child.start()
    except OSError:  # no memory or no process slot left for a fork
        receiver.close()
        sender.close()
        if meanwhile is not None:
            meanwhile()
        return [function(item) for item in items]
    sender.close()
    results: dict[int, R] = {}
    try:
        started = time.perf_counter()
        if meanwhile is not None:
            meanwhile()
        while chunk := cursor.take():
            for index in chunk:
                results[index] = function(items[index])
        wait = time.perf_counter() - started + GRACE_SECONDS
        for start, theirs in _received(receiver, wait):
            for offset, result in enumerate(theirs):
                results[start + offset] = result
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()
    # What a failed child took and did not deliver.
    return [
        results[index] if index in results else function(items[index])
        for index in range(len(items))
    ]


def _received(receiver: Connection, wait: float) -> list[tuple[int, list]]:
    try:
        if not receiver.poll(wait):
            return []
        message = receiver.recv()
    except (EOFError, OSError):  # the child ended without a word
        return []
    return message if isinstance(message, list) else []


def _child(
    function: Callable[[T], R], items: Sequence[T], cursor: _Cursor, sender: Connection
) -> None:
    done: list[tuple[int, list[R]]] = []
    try:
        while chunk := cursor.take():
            done.append((chunk.start, [function(items[index]) for index in chunk]))
    except Exception:
        # The chunks done so far still go back; the parent computes the rest,
        # and raises the error itself if it was the work's.
        pass
    try:
        sender.send(done)
    finally:
        sender.close()
