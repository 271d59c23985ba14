"""Share CPU-bound work with a second process forked beside this one.

Reading a corpus is parsing YAML and validating models, file after file, in
pure Python: on ten thousand post-mortems it is several seconds that one
core spends while another sits idle. :func:`map_in_two` gives half of such
a list to a forked child and takes its results back pickled, which costs
about a twentieth of computing them.

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
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: How long the parent waits for the child's half beyond the time its own half
#: took (the halves are of similar work) before computing that half itself.
GRACE_SECONDS = 30.0


def machine_allows() -> bool:
    """Whether this machine can fork a worker that runs beside this process."""
    if not sys.platform.startswith("linux"):
        return False
    return "fork" in multiprocessing.get_all_start_methods() and len(os.sched_getaffinity(0)) > 1


def fork_allowed() -> bool:
    """Whether a worker may be forked now: the machine allows it and no other thread runs."""
    return machine_allows() and threading.active_count() == 1


def map_in_two(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(item) for item in items]``, the second half computed by a forked child.

    ``function`` and its results must be picklable, and the results must not
    depend on which process computed them. When no child can be forked, or it
    fails, dies or is late, the parent computes that half too: the answer is
    the same, only slower. Call :func:`fork_allowed` first.
    """
    half = (len(items) + 1) // 2
    receiver, sender = multiprocessing.Pipe(duplex=False)
    try:
        child = multiprocessing.get_context("fork").Process(
            target=_child, args=(function, items[half:], sender), daemon=True
        )
        child.start()
    except OSError:  # no memory or no process slot left for a fork
        receiver.close()
        sender.close()
        return [function(item) for item in items]
    sender.close()
    try:
        started = time.perf_counter()
        results = [function(item) for item in items[:half]]
        wait = time.perf_counter() - started + GRACE_SECONDS
        theirs = _received(receiver, wait)
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()
    if theirs is None or len(theirs) != len(items) - half:
        theirs = [function(item) for item in items[half:]]
    return results + theirs


def _received(receiver: Connection, wait: float) -> list | None:
    try:
        if not receiver.poll(wait):
            return None
        message = receiver.recv()
    except (EOFError, OSError):  # the child ended without a word
        return None
    return message if isinstance(message, list) else None


def _child(function: Callable[[T], R], items: Sequence[T], sender: Connection) -> None:
    try:
        results: list[R] | str = [function(item) for item in items]
    except Exception as error:  # the parent computes this half itself
        results = f"{type(error).__name__}: {error}"
    try:
        sender.send(results)
    finally:
        sender.close()
