"""The site's search index, written by Pagefind from the pages' content.

Nothing here imports MkDocs: the plugin starts a :class:`SearchIndexer` when a
build starts, hands it each searchable page's content as soon as MkDocs has
converted it (:meth:`~SearchIndexer.add_content`), seals it after the last one,
checks each finished page against what was read (:func:`reads_as_handed`, else
:meth:`~SearchIndexer.distrust`) and asks for the index at the end
(:meth:`~SearchIndexer.finish`)::

    indexer = SearchIndexer.start()               # Pagefind's service, beside the build
    handed = indexer.add_content("incidents/pm-2025-014/", content, "en")
    indexer.seal(site_dir)                        # Pagefind writes while MkDocs renders
    if not reads_as_handed(finished_page, handed):
        indexer.distrust("why")                   # then made from the written pages
    indexer.finish(site_dir)                      # writes site_dir/pagefind/

How the index is written, fastest first; every way gives the same bytes:

* **beside** the build (two CPUs or more): each page goes to Pagefind's
  service process as soon as it is handed over, so that Pagefind reads it on
  the second CPU while the build converts the next one, and writes the index
  once sealed while the build renders the pages into the theme; ``finish``
  only waits for it.
* **after** the build (one CPU, the service could not start or failed part
  way, or a finished page was not what was read): ``finish`` reads the pages
  back from the written site, in the order they were handed over, into a new
  service.
* **in the background** (``background=True``, for ``mkdocs serve``): as
  *after*, in a thread, so that the site is served while the index is written;
  :meth:`~SearchIndexer.wait` joins it.

Every way writes over the last build's index when one was set aside
(:func:`set_previous_aside`, before MkDocs empties the site), and ends with
exactly the files the new index names.

Pagefind numbers pages in the order they are added, so the order of
``add_page`` calls is part of the input. It writes its filter indexes from
hash maps whose order changes from run to run; :func:`stabilise_filters` puts
them in a stable order, so that the same pages give the same files.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
import zlib
from collections.abc import Coroutine, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

import cbor2
from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService
from pagefind.service.types import (
    InternalRequestPayload,
    InternalResponsePayload,
    InternalServiceRequest,
)

log = logging.getLogger(__name__)

#: The folder of the site that holds the index and Pagefind's runtime.
BUNDLE_DIR = "pagefind"
#: Pagefind's entry file, which the runtime reads first.
ENTRY_FILE = "pagefind-entry.json"
#: What Pagefind writes that the site does not load: its own user interfaces
#: (the site has its own, see assets/search.js) and their styles, and its web
#: worker (the site runs Pagefind in the page, see ``load`` there).
UNUSED_FILES = (
    "pagefind-worker.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
#: Pages sent to Pagefind's service together. Each sending wakes the thread
#: that talks to the service, and every wake-up made the build's own thread wait
#: for its turn of the GIL: one page at a time, that was 6% of the build's wall
#: time at 10,000 pages.
BATCH = 16
#: Batches handed over and not yet read by Pagefind: past this, ``add_page``
#: waits, so that a slow indexer holds pages back rather than memory growing.
MAX_PENDING = 4
#: Pagefind's service closes stdin on a request it cannot parse; its answers
#: are base64 JSON ended by a comma, at most this long (a written file list).
_READ_LIMIT = 2**26
#: While requests await their answers, the answers are read at most this often.
#: Pagefind answers every page it adds, and each answer read as it came woke the
#: thread that talks to the service, which took the GIL from the build's thread
#: every time: at 10,000 pages that thread used 83 s of CPU with the answers read
#: one by one and 76.5 s with them read together (a build's wall time 88 s, then
#: 82-83 s). An answer waits at most this long.
ANSWERS_EVERY_S = 0.02
#: How long Pagefind's service is given to end once its input is closed, then once
#: terminated, then once killed (see ``_end``); it ends at once when its input closes.
STOP_WAIT_S = 5.0
#: How often the end of the service's process is looked for while it is awaited.
_EXIT_POLL_S = 0.005
#: How long the files of a written index are given to hold what Pagefind wrote
#: (see ``await_written``), and how often they are looked at meanwhile.
WRITTEN_WAIT_S = 10.0
_WRITTEN_POLL_S = 0.005
#: The most bytes Pagefind's writer (tokio's) puts in a file in one call.
_ONE_WRITE_BYTES = 2 * 1024 * 1024
#: Pages sent to the service at a time when the index is made from the written site.
READ_BACK_BATCH = 256
#: In the background (``mkdocs serve``), the index is written once the author has
#: paused this long after a build: the next save cancels a write that has not begun,
#: at no cost, rather than stopping one under way while the author waits.
BACKGROUND_PAUSE_S = 1.0
#: The first bytes of every index file, after gzip.
_SIGNATURE = b"pagefind_dcd"
#: Where the last build's index waits, inside the site, to be written over (see
#: :func:`set_previous_aside`). Hidden: MkDocs leaves hidden entries when it empties
#: the site, and copies none into it.
PREVIOUS_DIR = f".{BUNDLE_DIR}-previous"
#: The folders of a bundle whose files a language's metadata names, with the files'
#: suffix and where the metadata lists them: ``[version, pages [[hash, words, ...]],
#: index chunks [[first word, last word, hash]], filters [[name, hash]], ...]``.
_NAMED_FOLDERS = {
    "fragment": (".pf_fragment", 1, 0),
    "index": (".pf_index", 2, 2),
    "filter": (".pf_filter", 3, 1),
}

T = TypeVar("T")


class SearchIndexError(Exception):
    """The index could not be written: the message says why and what to do."""


@dataclass(frozen=True)
class IndexReport:
    """What :meth:`SearchIndexer.finish` did."""

    pages: int
    #: "beside", "after" or "background"
    mode: str
    seconds: float
    #: Why the pages were read back from the site, when they were meant to go beside.
    fallback_reason: str | None = None
    #: CPU seconds (user and system) and peak memory (MB) of Pagefind's processes,
    #: where the system tells (Linux).
    pagefind_cpu_s: float | None = None
    pagefind_peak_mb: float | None = None


def _config() -> IndexConfig:
    # The pages carry data-pagefind-body; Pagefind takes each page's language
    # from <html lang> and stems its words for it ("outages" finds "outage").
    return IndexConfig(keep_index_url=False, write_playground=False)


def available_cpus() -> int:
    """CPUs this process may run on (its affinity, where the system tells)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        return os.cpu_count() or 1


def searched_part(html: str, end: str | None = None) -> str:
    """What Pagefind needs of a finished page: its language (``<html lang>``), the
    ``<head>`` when it holds Pagefind attributes, and the page from its first
    ``data-pagefind-body`` element up to ``end`` (text that starts what search
    leaves out below), or to its end.

    Pagefind parses all the HTML it is handed and indexes only those elements:
    the rest of a post-mortem page (the header and navigation above, the tables
    below) was a quarter of its CPU time, and the index is the same either way
    (tested). ``<title>`` is left out: a page's content, from which search reads
    it first (:func:`content_for_search`), cannot know it, and every searched page
    of the site names its result's title in that part (``data-pagefind-meta="title"``,
    or the first ``h1``). The whole page when the marks are not found.
    """
    found = _searched_span(html, end)
    if found is None:
        return html
    start, stop = found
    head = ""
    head_start = html.find("<head", 0, start)
    head_end = html.find("</head>", head_start, start)
    if 0 <= head_start < head_end and "data-pagefind" in html[head_start:head_end]:
        head = html[head_start : head_end + len("</head>")]
    return f"{_html_tag(page_language(html))}{head}<body>{html[start:stop]}</body></html>"


def _searched_span(html: str, end: str | None) -> tuple[int, int] | None:
    """Where search's part of ``html`` begins (its first ``data-pagefind-body``
    element) and ends (at ``end``, or the end of ``html``); None without the mark."""
    first = html.find("data-pagefind-body")
    start = html.rfind("<", 0, first)
    if first < 0 or start < 0:
        return None
    stop = html.find(end, first) if end is not None else -1
    return start, stop if stop >= 0 else len(html)


def page_language(html: str) -> str | None:
    """The ``lang`` of a page's ``<html>`` tag."""
    tag_start = html.find("<html")
    tag_end = html.find(">", tag_start)
    if tag_start < 0 or tag_end < 0:
        return None
    found = _LANG.search(html, tag_start, tag_end)
    return found.group(1) if found else None


def _html_tag(lang: str | None) -> str:
    return f'<html lang="{lang}">' if lang else "<html>"


_LANG = re.compile(r"""\slang\s*=\s*["']?([^"'\s>]+)""")


@dataclass(frozen=True)
class Handed:
    """What search read of a page from its content, before the page was finished:
    enough to tell whether the finished page reads the same (:func:`reads_as_handed`)."""

    lang: str | None
    length: int
    digest: int


def content_for_search(
    content: str, lang: str | None, end: str | None = None
) -> tuple[str, Handed]:
    """What Pagefind is handed of a page whose content (what the theme puts in its
    article) is ``content``, in the site's language ``lang``: what
    :func:`searched_part` takes of the finished page, as long as the theme and the
    other plugins add no Pagefind attribute and change nothing of it. It can go to
    Pagefind while MkDocs renders the other pages, long before this one is finished."""
    start, stop = _searched_span(content, end) or (0, len(content))
    part = content[start:stop]
    handed = Handed(lang, len(part), hash(part))
    return f"{_html_tag(lang)}<body>{part}</body></html>", handed


def reads_as_handed(output: str, handed: Handed) -> bool:
    """Whether Pagefind reads the finished page ``output`` as it read what
    :func:`content_for_search` gave it: the same language, no Pagefind attribute
    before that part or after it, and the part itself unchanged. When it does
    not, the index must be made from the finished pages instead."""
    first = output.find("data-pagefind")
    start = output.rfind("<", 0, first)
    if first < 0 or start < 0 or page_language(output) != handed.lang:
        return False
    stop = start + handed.length
    return hash(output[start:stop]) == handed.digest and output.find("data-pagefind", stop) < 0


def file_for_url(url: str) -> str:
    """The file, relative to the site, that a static server answers ``url`` with."""
    path = unquote(url).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


class _Service(PagefindService):
    """Pagefind's service, spoken to as fast as it answers.

    The library's transport sleeps a tenth of a second before each answer it
    reads, which caps it at ten pages a second (16 minutes for 10,000 pages),
    waits for ever when the process dies, and formats every request whole into
    a debug message, logged or not (a page's HTML twice over, which cost the
    build 1.5 ms a page). This one sends each message as it comes and reads the
    answers as they come or, while more are awaited, together every
    :data:`ANSWERS_EVERY_S`, with the library's encoding, and fails what is
    pending when the process ends or answers what it cannot read.
    """

    async def send(self, payload: InternalRequestPayload) -> InternalResponsePayload:
        self._message_id += 1
        message_id = self._message_id
        future: asyncio.Future[InternalResponsePayload] = self._loop.create_future()
        self._responses[message_id] = future
        stdin = self._backend.stdin
        if stdin is None:
            raise SearchIndexError("Pagefind's service has no input")
        request = InternalServiceRequest(message_id=message_id, payload=payload)
        try:
            stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
            await stdin.drain()
        except BaseException:
            # The service ended (or this was cancelled) while the request was being
            # written: its answer will never be read, and asyncio would report the
            # failure set on it as never collected, once per page.
            self._responses.pop(message_id, None)
            if future.done() and not future.cancelled():
                future.exception()
            future.cancel()
            raise
        return await future

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        # Without the pipe's transport (asyncio's internals differ), answers are
        # read as they come: the same answers, more wake-ups.
        pipe_of = getattr(getattr(self._backend, "_transport", None), "get_pipe_transport", None)
        transport = pipe_of(1) if pipe_of is not None else None
        unread = b""
        try:
            while True:
                data = await stdout.read(_READ_LIMIT)
                if not data:
                    raise asyncio.IncompleteReadError(unread, None)
                *messages, unread = (unread + data).split(b",")
                if len(unread) > _READ_LIMIT:
                    raise ValueError(f"an answer longer than {_READ_LIMIT} bytes")
                for message in messages:
                    self._answer(json.loads(base64.b64decode(message)))
                if transport is not None and self._responses:
                    transport.pause_reading()
                    try:
                        await asyncio.sleep(ANSWERS_EVERY_S)
                    finally:
                        transport.resume_reading()
        except (
            asyncio.IncompleteReadError,
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
        ) as error:
            # An answer that is not what the service sends (not base64 JSON of an
            # object with a payload) ends the session as the service's end does.
            ended = SearchIndexError(f"Pagefind's service stopped answering ({error!r})")
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(ended)
            self._responses.clear()

    def _answer(self, response: Any) -> None:
        future = self._responses.pop(response.get("message_id"), None)
        if future is None or future.done():
            return
        payload = response["payload"]
        if payload.get("type") == "Error":
            future.set_exception(SearchIndexError(f"Pagefind: {payload.get('message')}"))
        else:
            future.set_result(payload)


class _Session:
    """One Pagefind service and its index, driven from an event loop in a thread."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._service: _Service | None = None
        self._index: PagefindIndex | None = None
        #: CPU seconds and peak memory (MB) of the service, read as it stops.
        self.usage: tuple[float, float] | None = None
        try:
            self.call(self._open())
        except BaseException:
            self.close()
            raise

    async def _open(self) -> None:
        # The service must be created inside the loop that drives it.
        service = _Service()
        with _starting_on_one_cpu():
            await service.launch()
        self._service = service
        self._index = await service.create_index(_config())

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the session's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def submit(self, pages: Sequence[tuple[str, str]]) -> Future[None]:
        """Send ``(url, html)`` pages to the service, in order, without waiting for its answers."""
        assert self._index is not None
        index = self._index

        async def add_all() -> None:
            # Each request is written before its first wait: they reach Pagefind in order.
            await asyncio.gather(*(index.add_html_file(content=h, url=u) for u, h in pages))

        return asyncio.run_coroutine_threadsafe(add_all(), self._loop)

    def add_pages(self, pages: Sequence[tuple[str, str]]) -> None:
        self.submit(pages).result()

    def write(self, bundle: Path) -> None:
        assert self._index is not None
        self.call(self._index.write_files(str(bundle)))

    def stop_service(self) -> None:
        """End the service process from another thread: what waits on it fails."""
        backend = getattr(self._service, "_backend", None)
        if backend is not None and self._loop.is_running():
            # Killed with its pipes closed: a Pagefind that a wrapper started would
            # otherwise keep them open, and what waits on it would wait for ever.
            self._loop.call_soon_threadsafe(_close_pipes, backend)

    def close(self) -> None:
        service = self._service
        backend = getattr(service, "_backend", None)
        if backend is not None and backend.returncode is None:
            self.usage = _process_usage(backend.pid)
        if service is not None and self._loop.is_running():
            try:
                self.call(_stop(service))
            except Exception as error:  # a dead service is what close() is for
                log.debug("Pagefind's service did not stop cleanly: %r", error)
        self._service = self._index = None
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
        self._loop.close()


@contextmanager
def _starting_on_one_cpu() -> Iterator[None]:
    """Processes started inside run on one CPU, the last this thread may use.

    Pagefind ran up to 256 threads writing the index of 2,000 pages, creating its
    files side by side; on two CPUs a profile of it showed them spinning on one
    another's locks in the kernel. Fed the same 2,000 pages through its service,
    alternating, it took 4.6-6.2 s of CPU on one CPU and 6.3-9.3 s on two, and
    was no slower by the clock. The build's own thread (one at a time, for the
    GIL) keeps the other CPUs meanwhile. Where the system cannot say or set which
    CPUs a thread runs on, nothing changes.
    """
    try:
        allowed = os.sched_getaffinity(0)
    except (AttributeError, OSError):  # not on every platform
        allowed = set()
    pinned = False
    if len(allowed) > 1:
        try:
            os.sched_setaffinity(0, {max(allowed)})
            pinned = True
        except OSError:  # a container may refuse it
            pass
    try:
        yield
    finally:
        # A process started inside keeps the one CPU; this thread gets all back
        # (or, should the system refuse, stays on one: slower, never wrong).
        if pinned:
            with suppress(OSError):
                os.sched_setaffinity(0, allowed)


def _process_usage(pid: int) -> tuple[float, float] | None:
    """CPU seconds and peak resident memory (MB) of a running process and of the
    processes it started, together (Pagefind, when ``PAGEFIND_BINARY_PATH`` names a
    script that runs it), on Linux."""
    cpu = peak = 0.0
    for member in [pid, *_descendants(pid)]:
        try:
            stat = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            if member == pid:
                return None
            continue  # ended meanwhile
        cpu += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        vm_hwm = (line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        peak += int(next(vm_hwm, "0")) / 1024
    return cpu, peak


def _descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs, as /proc lists them now."""
    children: dict[int, list[int]] = {}
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, waiting = [], list(children.get(pid, ()))
    while waiting:
        child = waiting.pop()
        found.append(child)
        waiting.extend(children.get(child, ()))
    return found


async def _stop(service: _Service) -> None:
    """End the service and every request still waiting on it."""
    backend = getattr(service, "_backend", None)
    if backend is not None:
        await _end(backend)
    others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


async def _end(backend: asyncio.subprocess.Process) -> None:
    """End the service's process: close its input, on which Pagefind's service ends by
    itself, then, should it still run, terminate it, then kill it, each given
    :data:`STOP_WAIT_S`; then close its pipes.

    ``PAGEFIND_BINARY_PATH`` may name a wrapper (a shell script, npm's launcher) that
    runs Pagefind as its own child: a signal then ends the wrapper alone, and Pagefind
    keeps its pipes open. So only the process's exit is awaited, never its pipes
    (asyncio's ``wait()`` awaits both), and our ends of the pipes are closed here, which
    ends a Pagefind left behind as closing its input does.
    """
    stdin = backend.stdin
    steps = (stdin.close if stdin is not None else None, backend.terminate, backend.kill)
    for step in steps:
        if backend.returncode is not None:
            break
        if step is not None:
            with suppress(ProcessLookupError):
                step()
        deadline = time.monotonic() + STOP_WAIT_S
        while backend.returncode is None and time.monotonic() < deadline:
            await asyncio.sleep(_EXIT_POLL_S)
    _close_pipes(backend)


def _close_pipes(backend: asyncio.subprocess.Process) -> None:
    """Close our ends of the process's pipes, and kill it if it still runs (asyncio's
    transport does both); what reads its answers then reads their end."""
    transport = getattr(backend, "_transport", None)
    if transport is not None:
        transport.close()
    else:  # asyncio's internals differ: its input at least
        if backend.stdin is not None:
            backend.stdin.close()
        if backend.returncode is None:
            with suppress(ProcessLookupError):
                backend.kill()


class SearchIndexer:
    """Builds one site's search index from its pages; one per build."""

    def __init__(self, *, beside: bool, background: bool, reason: str | None) -> None:
        self._session: _Session | None = None
        #: Send pages to the service as they come; the service starts with the first page.
        self._beside = beside
        self._background = background
        #: Why the pages are not going beside the build, if they are not.
        self._reason = reason
        self._urls: list[str] = []
        self._pending: list[Future[None]] = []
        #: Pages handed over and not yet sent (see BATCH).
        self._batch: list[tuple[str, str]] = []
        self._slots = threading.BoundedSemaphore(MAX_PENDING)
        self._worker: threading.Thread | None = None
        self._outcome: IndexReport | BaseException | None = None
        #: The session reading pages back from the site, while it runs.
        self._reading: _Session | None = None
        self._cancelled = threading.Event()
        #: Writing the index beside the build, once the last searched page came (see seal).
        self._sealed: threading.Thread | None = None
        self._usage: list[tuple[float, float]] = []
        #: Why what was sent beside the build is not what the site shows, if it is not.
        self._distrusted: str | None = None

    @classmethod
    def start(cls, *, background: bool = False, beside: bool | None = None) -> SearchIndexer:
        """An indexer for a new build.

        ``background``: write the index after the build, in a thread (for
        ``mkdocs serve``, whose pages must not wait for it). ``beside``: send
        pages to Pagefind as they come; by default when two CPUs or more are
        free and not in the background. When the service cannot start, the
        pages are read back from the site at the end instead.
        """
        if beside is None:
            beside = not background and available_cpus() > 1
        if not beside:
            reason = "in the background" if background else "one CPU"
            return cls(beside=False, background=background, reason=reason)
        return cls(beside=True, background=False, reason=None)

    @property
    def pages(self) -> int:
        return len(self._urls)

    def add_page(self, url: str, html: str) -> None:
        """Index the page at ``url`` (site-relative, as MkDocs gives it).

        ``html`` is the finished page, or any part of it that holds its
        ``<html lang>`` tag and every ``data-pagefind-body`` element: Pagefind
        parses all it is handed, so less is faster, and reads nothing else, so
        the index is the same as from the written page (which is what is read
        back when the pages cannot go beside the build).
        """
        self._urls.append(url)
        if not self._beside:
            return  # read back from the site at the end
        if (self._session or self._start_service()) is None:
            return
        self._batch.append(("/" + url, html))
        if len(self._batch) >= BATCH:
            self._send_batch()

    def _send_batch(self) -> None:
        batch, self._batch = self._batch, []
        session = self._session
        if not batch or not self._beside or session is None:
            return
        self._slots.acquire()
        try:
            future = session.submit(batch)
        except Exception as error:
            self._slots.release()
            self._give_up(f"sending pages failed: {error!r}")
            return
        future.add_done_callback(lambda _: self._slots.release())
        self._pending.append(future)

    def _start_service(self) -> _Session | None:
        # Started with the first page rather than with the build: the build may
        # fork before its pages (the corpus' loader does), which it refuses to
        # do while another thread runs.
        try:
            self._session = _Session()
        except Exception as error:
            self._give_up(f"the service did not start: {error}")
        return self._session

    def _give_up(self, reason: str) -> None:
        """Stop sending pages beside the build: they will be read back from the site."""
        log.debug("search index: %s; the pages will be read back from the site", reason)
        self._reason = reason
        self._beside = False
        self._pending.clear()
        self._batch.clear()
        session, self._session = self._session, None
        if session is not None:
            session.close()
            self._note_usage(session)

    def _note_usage(self, session: _Session) -> None:
        if session.usage is not None:
            self._usage.append(session.usage)

    def _report(self, mode: str, began: float, reason: str | None) -> IndexReport:
        known = self._usage if self._usage else None
        return IndexReport(
            len(self._urls),
            mode,
            time.perf_counter() - began,
            reason,
            round(sum(cpu for cpu, _ in known), 2) if known else None,
            round(max(peak for _, peak in known), 1) if known else None,
        )

    def add_content(
        self, url: str, content: str, lang: str | None, end: str | None = None
    ) -> Handed:
        """Index the page at ``url`` from its content, before the page is finished
        (see :func:`content_for_search`); what it returns tells whether the finished
        page reads the same (:func:`reads_as_handed`, then :meth:`distrust`)."""
        html, handed = content_for_search(content, lang, end)
        self.add_page(url, html)
        return handed

    def distrust(self, reason: str) -> None:
        """What was sent is not what the site shows (``reason`` says where): the
        index will be made from the written pages instead."""
        if self._distrusted is None:
            self._distrusted = reason

    def seal(self, site_dir: str | os.PathLike[str]) -> None:
        """No more pages will come. When they went beside the build, Pagefind starts
        writing the index now, in a thread, while the build renders the pages search
        leaves out (lists, dashboard, graph); :meth:`finish` then only waits for it."""
        if self._background or not self._beside or self._session is None or self._sealed:
            return
        self._send_batch()
        self._sealed = threading.Thread(
            target=self._write_sealed, args=(Path(site_dir),), name="pagefind-seal", daemon=True
        )
        self._sealed.start()

    def _write_sealed(self, site: Path) -> None:
        began = time.perf_counter()
        self._outcome = self._write_beside(site, began)

    def finish(self, site_dir: str | os.PathLike[str]) -> IndexReport | None:
        """Write the index into ``site_dir/pagefind``, replacing what was there.

        Returns what was done; in the background, returns None at once and
        :meth:`wait` returns it. Raises :class:`SearchIndexError` when no way
        of writing the index worked.
        """
        site = Path(site_dir)
        if self._background:
            self._worker = threading.Thread(
                target=self._write_in_background, args=(site,), name="pagefind-write", daemon=True
            )
            self._worker.start()
            return None
        if self._sealed:
            self._sealed.join()
            if isinstance(self._outcome, IndexReport) and self._distrusted is None:
                return self._outcome
            # Writing beside the build failed: the pages are all written now, read them back.
        if self._distrusted is not None:
            self._give_up(self._distrusted)
        return self._write(site)

    def _write_in_background(self, site: Path) -> None:
        if self._cancelled.wait(BACKGROUND_PAUSE_S):
            return
        try:
            self._outcome = self._write(site)
        except BaseException as error:
            self._outcome = error
            if not self._cancelled.is_set():
                log.error("%s", error)

    def wait(self) -> IndexReport | None:
        """The report of a background write, once it is done (re-raising its error)."""
        if self._worker is not None:
            self._worker.join()
        outcome = self._outcome
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def close(self) -> None:
        """Stop the service, if it still runs."""
        session, self._session = self._session, None
        if session is not None:
            session.close()
            self._note_usage(session)

    def cancel(self) -> None:
        """Give up this index (a failed build, or the next build starting): stop
        Pagefind and wait for a background write to end, without writing."""
        self._cancelled.set()
        self.close()
        reading = self._reading
        if reading is not None:
            reading.stop_service()
        for thread in (self._worker, self._sealed):
            if thread is not None:
                thread.join()

    def _write(self, site: Path) -> IndexReport:
        began = time.perf_counter()
        mode = "background" if self._background else "after"
        if self._beside and self._session is not None:
            report = self._write_beside(site, began)
            if report is not None:
                return report
        try:
            pages = []
            for url in self._urls:
                if self._cancelled.is_set():  # the next build began: stop reading
                    raise SearchIndexError("search index: cancelled")
                pages.append((url, self._read_back(site, url)))
            session = self._reading = _Session()
        except SearchIndexError as error:
            if self._reason is None:
                raise
            raise SearchIndexError(f"{error} (read back: {self._reason})") from error
        except Exception as error:
            hint = (
                ": install the 'pagefind[bin]' package for this platform"
                if isinstance(error, FileNotFoundError)
                else ""
            )
            raise SearchIndexError(
                f"search index: Pagefind could not run ({error}); the site has no search{hint}"
            ) from error
        try:
            if self._cancelled.is_set():
                raise SearchIndexError("search index: cancelled")
            # In batches, so that the next save stops it within one batch rather
            # than unwinding 10,000 requests in flight (0.6 s of the author's wait).
            for start in range(0, len(pages), READ_BACK_BATCH):
                if self._cancelled.is_set():
                    raise SearchIndexError("search index: cancelled")
                batch = pages[start : start + READ_BACK_BATCH]
                session.add_pages([("/" + url, html) for url, html in batch])
            bundle = self._write_bundle(site, session)
        except Exception as error:
            raise SearchIndexError(
                f"search index: Pagefind failed while indexing the site ({error}); "
                "the site has no search"
            ) from error
        finally:
            self._reading = None
            session.close()
            self._note_usage(session)
        self._install(site, bundle)
        return self._report(mode, began, self._reason if mode == "after" else None)

    def _write_beside(self, site: Path, began: float) -> IndexReport | None:
        """The index of the pages sent beside the build; None (and the pages to be
        read back) when the service failed."""
        self._send_batch()
        session = self._session
        if session is None:
            return None
        try:
            for future in self._pending:
                future.result()
            bundle = self._write_bundle(site, session)
        except Exception as error:
            self._give_up(f"the service failed: {error}")
            return None
        self.close()
        self._install(site, bundle)
        return self._report("beside", began, None)

    @staticmethod
    def _read_back(site: Path, url: str) -> str:
        path = site / file_for_url(url)
        try:
            return searched_part(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise SearchIndexError(
                f"search index: cannot read the built page {path} back ({error.strerror}) "
                "to index it; the site has no search"
            ) from error

    @staticmethod
    def _write_bundle(site: Path, session: _Session) -> Path:
        """Pagefind's files, written beside the site's bundle folder and made stable:
        over the last build's (see :func:`set_previous_aside`) when it is there, then
        left with exactly the files this index names."""
        bundle = site / f".{BUNDLE_DIR}-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(bundle, ignore_errors=True)
        try:
            reused = _claim_previous(site, bundle)
            session.write(bundle.absolute())
            await_written(bundle)
            if reused:
                keep_only_named(bundle)
            for name in UNUSED_FILES:
                (bundle / name).unlink(missing_ok=True)
            stabilise_filters(bundle)
        except BaseException:
            shutil.rmtree(bundle, ignore_errors=True)
            raise
        return bundle

    @staticmethod
    def _install(site: Path, bundle: Path) -> None:
        target = site / BUNDLE_DIR
        shutil.rmtree(target, ignore_errors=True)
        bundle.rename(target)


def engine_version(site: Path) -> str:
    """The Pagefind release that wrote ``site``'s index (its binary may come from PyPI
    or npm, see the Makefile), or "unknown"."""
    try:
        entry = json.loads((site / BUNDLE_DIR / ENTRY_FILE).read_text(encoding="utf-8"))
        return str(entry["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown"


# --- writing over the last build's index ---------------------------------------------
#
# Nearly every file of an index is a page's fragment, named after its content: a
# build of the same site writes most of the same files again. Written over the last
# build's, they are files rewritten in place; written into an emptied folder, they
# are as many files created right after as many were deleted, which some filesystems
# make slow (ext4 without a journal looks at every recently deleted inode before
# reusing one). Either way the folder ends with exactly the files Pagefind wrote.


def set_previous_aside(site_dir: str | os.PathLike[str]) -> None:
    """Before MkDocs empties the site: move the last build's index to
    :data:`PREVIOUS_DIR`, which MkDocs leaves, for this build's to be written over.
    Nothing happens when there is none, or when it cannot be moved."""
    site = Path(site_dir)
    current, aside = site / BUNDLE_DIR, site / PREVIOUS_DIR
    if current.is_dir() and not current.is_symlink() and not os.path.lexists(aside):
        with suppress(OSError):
            current.rename(aside)


def drop_previous(site_dir: str | os.PathLike[str]) -> None:
    """Remove a last build's index set aside and not written over (the build failed
    or indexed nothing): the site must not publish it."""
    with suppress(OSError):  # none there, or it will be gone with the next build's
        _remove(Path(site_dir) / PREVIOUS_DIR)


def _claim_previous(site: Path, bundle: Path) -> bool:
    """Make the index set aside the folder Pagefind writes into, keeping only the
    files of the folders whose contents the new metadata names (regular files:
    Pagefind writes through whatever a name leads to). Whether there was one."""
    aside = site / PREVIOUS_DIR
    if aside.is_symlink() or not aside.is_dir():
        return False
    try:
        aside.rename(bundle)  # a rename: no other build can take it too
    except OSError:
        return False
    for entry in os.scandir(bundle):
        if entry.name in _NAMED_FOLDERS and entry.is_dir(follow_symlinks=False):
            for inner in os.scandir(entry.path):
                if not inner.is_file(follow_symlinks=False):
                    _remove(Path(inner.path))
        else:
            _remove(Path(entry.path))
    return True


def _remove(path: Path) -> None:
    """Delete ``path``: a folder with what it holds, a link (never what it leads to) or a file."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def await_written(bundle: Path, timeout: float = WRITTEN_WAIT_S) -> None:
    """Wait until the files of the index Pagefind has just written into ``bundle`` hold
    what it wrote, or raise :class:`SearchIndexError` naming one that does not.

    Pagefind answers a write once it has handed each file's bytes to a background
    writer, without waiting for them to reach the file, and exits at once when its
    input closes: read right after the answer, the entry file was seen empty (a build
    under load failed on it), and a service ended then can leave files cut short. A file
    is whole once it has any bytes: Pagefind writes each one in a single call up to
    :data:`_ONE_WRITE_BYTES`; a larger one is whole when it decompresses. The entry
    and metadata files are read for the names of the others, as the index is.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            _check_written(bundle)
            return
        except SearchIndexError:
            if time.monotonic() >= deadline:
                raise
        time.sleep(_WRITTEN_POLL_S)


def _check_written(bundle: Path) -> None:
    for language, named in _index_names(bundle).items():
        files = [bundle / folder / name for folder, names in named.items() for name in names]
        for path in [*files, bundle / "pagefind.js", bundle / f"wasm.{language}.pagefind"]:
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                if path.name.startswith("wasm."):
                    continue  # a language without stemming has none
                raise SearchIndexError(
                    f"Pagefind did not write {path.relative_to(bundle).as_posix()}"
                ) from None
            if size == 0 or (size > _ONE_WRITE_BYTES and not _decompresses(path)):
                raise SearchIndexError(
                    f"Pagefind did not finish writing {path.relative_to(bundle).as_posix()}"
                )


def _index_names(bundle: Path) -> dict[str, dict[str, set[str]]]:
    """The files of each language of the index in ``bundle``, by folder, as its entry
    and metadata files name them; :class:`SearchIndexError` when those cannot be read."""
    entry_path = bundle / ENTRY_FILE
    try:
        languages = json.loads(entry_path.read_text(encoding="utf-8"))["languages"]
        if not isinstance(languages, dict):
            raise TypeError("no languages")
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise SearchIndexError(f"Pagefind's {ENTRY_FILE} is not whole ({error!r})") from error
    names: dict[str, dict[str, set[str]]] = {}
    for language, details in languages.items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        try:
            meta = _read_index_file(meta_path)
            names[language] = {
                folder: {str(item[at]) + suffix for item in meta[position]}
                for folder, (suffix, position, at) in _NAMED_FOLDERS.items()
            }
        except (
            OSError,
            EOFError,
            zlib.error,
            cbor2.CBORDecodeError,
            ValueError,
            TypeError,
            IndexError,
            KeyError,
        ) as error:
            raise SearchIndexError(f"{meta_path.name} is not whole ({error!r})") from error
    return names


def _decompresses(path: Path) -> bool:
    try:
        gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error):
        return False
    return True


def keep_only_named(bundle: Path) -> None:
    """Remove from ``bundle``'s fragment, index and filter folders every file that
    no language's metadata names: what a last build wrote and this one did not."""
    named: dict[str, set[str]] = {folder: set() for folder in _NAMED_FOLDERS}
    for by_folder in _index_names(bundle).values():
        for folder, names in by_folder.items():
            named[folder] |= names
    for folder, names in named.items():
        path = bundle / folder
        present = {e.name for e in os.scandir(path)} if path.is_dir() else set()
        missing = names - present
        if missing:
            raise SearchIndexError(
                f"Pagefind did not write {len(missing)} of the files its index names "
                f"(e.g. {folder}/{min(missing)})"
            )
        for name in present - names:
            (path / name).unlink()


# --- stable filter indexes --------------------------------------------------------------


def _read_index_file(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"{path.name}: not a Pagefind index file")
    return cbor2.loads(data[len(_SIGNATURE) :])


def _index_file_bytes(value: Any) -> bytes:
    # mtime 0: the same content gives the same bytes whenever it is written.
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _short_hash(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


def stabilise_filters(bundle: Path) -> None:
    """Put Pagefind's filter indexes, and the files naming them, in a stable order.

    Pagefind (1.5) writes each filter's values, and the list of filters in a
    language's metadata file, in the order of a hash map seeded at random: the
    same pages give other bytes and other file names on every run. This sorts
    both and names the rewritten files after their content, as Pagefind does.
    The runtime looks filters and values up by name, so nothing else changes.
    """
    entry_path = bundle / ENTRY_FILE
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = _read_index_file(meta_path)
        # [version, pages, index chunks, filters [[name, hash]], sorts]
        if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
            raise SearchIndexError(f"{meta_path.name}: not the metadata layout this code knows")
        filters = []
        for name, old_hash in sorted(meta[3], key=lambda pair: pair[0]):
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read_index_file(old_path)
            data = _index_file_bytes([filter_name, sorted(values, key=lambda v: v[0])])
            new_hash = _short_hash(language, data, 7)
            old_path.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
            filters.append([name, new_hash])
        meta[3] = filters
        data = _index_file_bytes(meta)
        new_meta_hash = _short_hash(language, data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta_hash}.pf_meta").write_bytes(data)
        details["hash"] = new_meta_hash
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
