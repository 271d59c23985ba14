"""Render the plugin's own parts of the site in a second process while MkDocs renders Markdown.

A post-mortem's facts, header, action items and related incidents (its page's
"top" and "tail") depend on its frontmatter and the corpus' analytics, never
on its body; so do the pages the plugin generates (home, lists, dashboard,
graph) and the data files (open data, the list's rows). MkDocs builds in one process, and most of a build is spent rendering
Markdown and the theme's template, one page after the other. On a machine
with a second core, a worker forked before the pages are rendered renders all
of those meanwhile (0.3-0.6 ms a post-mortem, plus the dashboard's periods and
the clusters' layouts: about a tenth of a build); the page events then only
splice them in.

The worker writes the parts into an unnamed temporary file and sends back
only where each one is, so that the parent's memory does not grow by the
parts of ten thousand pages (90 MB). A page whose part was not rendered ahead
(the worker failed or is late, or the page's URL or anchors are not the ones
it assumed) is rendered in the parent as before: the site is the same bytes
either way, which the tests check.

Only for ``mkdocs build`` and ``gh-deploy``, and where
:func:`pmkb.parallel.fork_allowed` says a fork is safe and useful (Linux, more
than one CPU, no other thread running): forking a process whose other threads
may hold a lock (the ``mkdocs serve`` server's) could leave the worker waiting
forever.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO

#: One page's work: (src_uri, URL of the page's file, first, second): a post-mortem's
#: top and tail, or a generated page's content or a data file's text and "".
Part = tuple[str, str, str, str]

#: How long the first page waits for the worker before rendering its own parts.
WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class _Where:
    url: str
    offset: int
    top: int
    tail: int


class Prerendered:
    """The parts a forked worker renders; ask with :meth:`get`, end with :meth:`close`."""

    def __init__(self, render: Callable[[], Iterable[Part]]) -> None:
        # Closed in close(), at the end of the build.
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._index: dict[str, _Where] | None = None
        self._failure: str | None = None
        #: Pages that took their parts from the worker.
        self.used = 0
        receiver, sender = multiprocessing.Pipe(duplex=False)
        self._receiver = receiver
        # Objects made so far are shared with the worker copy-on-write: frozen, the
        # collector does not touch (and so copy) them in either process.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        self._process = context.Process(
            target=_work, args=(render, self._file.fileno(), sender), daemon=True
        )
        self._process.start()
        sender.close()

    @property
    def failure(self) -> str | None:
        """Why the worker delivered nothing, once that is known."""
        return self._failure

    @property
    def delivered(self) -> int:
        """How many pages' parts the worker rendered."""
        return len(self._index or {})

    def get(self, src_uri: str, url: str) -> tuple[str, str] | None:
        """The parts of the page of ``src_uri`` whose file's URL is ``url``;
        None when the worker has none for it: render them here."""
        index = self._receive()
        where = index.get(src_uri)
        if where is None or where.url != url:
            return None
        data = os.pread(self._file.fileno(), where.top + where.tail, where.offset)
        self.used += 1
        return data[: where.top].decode(), data[where.top :].decode()

    def _receive(self) -> dict[str, _Where]:
        if self._index is None:
            self._index = {}
            try:
                if self._receiver.poll(WAIT_SECONDS):
                    message = self._receiver.recv()
                    if isinstance(message, dict):
                        self._index = message
                    else:
                        self._failure = str(message)
                else:
                    self._failure = f"no answer within {WAIT_SECONDS:.0f} s"
            except (EOFError, OSError) as error:  # the worker ended without a word
                self._failure = f"the worker ended early ({error or type(error).__name__})"
        return self._index

    def close(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()
        self._file.close()


def _work(render: Callable[[], Iterable[Part]], fd: int, sender: Connection) -> None:
    """In the worker: write every part to ``fd`` and send where each one is."""
    # A short-lived copy of the parent: collecting would only copy its pages.
    gc.disable()
    try:
        index: dict[str, _Where] = {}
        offset = 0
        with os.fdopen(os.dup(fd), "wb", buffering=1 << 20) as out:
            for src_uri, url, top, tail in render():
                top_bytes, tail_bytes = top.encode(), tail.encode()
                out.write(top_bytes)
                out.write(tail_bytes)
                index[src_uri] = _Where(url, offset, len(top_bytes), len(tail_bytes))
                offset += len(top_bytes) + len(tail_bytes)
        sender.send(index)
    except Exception as error:  # reported by the parent, which renders the parts itself
        sender.send(f"{type(error).__name__}: {error}")
    finally:
        sender.close()
