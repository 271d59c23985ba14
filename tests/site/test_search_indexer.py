"""The search indexer on its own: every way of writing the index gives the same files.

Pages go to Pagefind's service beside the build; on one CPU, in the
background, or when the service cannot start or dies part way, they are read
back from the written site at the end. Each way is run here for real, on
pages with several filter values each (whose order Pagefind does not keep
stable by itself), and the files compared byte for byte.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pmkb_mkdocs import search_index
from pmkb_mkdocs.search_index import (
    PREVIOUS_DIR,
    IndexReport,
    SearchIndexer,
    SearchIndexError,
    await_written,
    content_for_search,
    drop_previous,
    keep_only_named,
    reads_as_handed,
    searched_part,
    set_previous_aside,
)

from tests.site.sitebuild import pagefind_wrapper, running

T = TypeVar("T")

SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"]
SERVICES = ["api-gateway", "orders-db", "search-api", "ledger-worker", "cdn-edge"]


def page_html(n: int) -> str:
    services = "".join(
        f'<a data-pagefind-filter="service">{SERVICES[(n + k) % len(SERVICES)]}</a> '
        for k in range(2)
    )
    return (
        '<!doctype html><html lang="en"><head><title>x</title></head><body><nav>menu</nav>'
        f'<div data-pagefind-body><span data-pagefind-meta="id">PM-2025-{n:03d}</span> '
        f'<span data-pagefind-filter="severity">{SEVERITIES[n % 4]}</span> {services}'
        f'<span data-pagefind-filter="year:{2020 + n % 6}"></span>'
        f"<p>Outages number {n}: the cache stampede of week {n % 7} degraded checkout.</p>"
        "</div></body></html>"
    )


PAGES = {f"incidents/pm-2025-{n:03d}/": page_html(n) for n in range(1, 31)}


def write_site(site: Path) -> None:
    for url, html in PAGES.items():
        path = site / url / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")


def index(site: Path, indexer: SearchIndexer, after: Callable[[int], None] | None = None) -> None:
    write_site(site)
    for n, (url, html) in enumerate(PAGES.items()):
        # What the build hands over: the page as search reads it (see searched_part).
        indexer.add_page(url, searched_part(html))
        if after is not None:
            after(n)


def files(site: Path) -> dict[str, bytes]:
    bundle = site / "pagefind"
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def finished(
    indexer: SearchIndexer, site: Path, reference: dict[str, bytes], mode: str
) -> IndexReport:
    """The indexer's report once it has written ``site``'s index the way ``mode`` says,
    with the reference's files."""
    report = indexer.finish(site)
    assert report is not None and report.mode == mode
    assert files(site) == reference
    return report


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The index written beside the build, the usual way."""
    site = tmp_path_factory.mktemp("reference")
    indexer = SearchIndexer.start(beside=True)
    index(site, indexer)
    report = indexer.finish(site)
    assert report is not None and report.mode == "beside" and report.pages == len(PAGES)
    return files(site)


def test_the_index_has_every_page_and_its_filters(reference: dict[str, bytes]) -> None:
    assert len([n for n in reference if n.startswith("fragment/")]) == len(PAGES)
    assert len([n for n in reference if n.startswith("filter/")]) == 3  # severity, service, year
    assert "pagefind-entry.json" in reference and "pagefind.js" in reference
    assert not [n for n in reference if n.startswith(".")]


def test_read_back_from_the_site_after_the_build_gives_the_same_files(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    indexer = SearchIndexer.start(beside=False)
    index(tmp_path, indexer)
    report = indexer.finish(tmp_path)
    assert report is not None and (report.pages, report.mode) == (len(PAGES), "after")
    assert report.fallback_reason == "one CPU"
    assert files(tmp_path) == reference


def test_on_one_cpu_the_pages_are_read_back_and_give_the_same_files(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("this platform cannot pin a process to one CPU")
    everywhere = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(everywhere)})
    try:
        indexer = SearchIndexer.start()
        index(tmp_path, indexer)
        finished(indexer, tmp_path, reference, "after")
    finally:
        os.sched_setaffinity(0, everywhere)


def test_in_the_background_the_index_comes_after_finish_returns(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    indexer = SearchIndexer.start(background=True)
    index(tmp_path, indexer)
    assert indexer.finish(tmp_path) is None
    report = indexer.wait()
    assert report is not None and report.mode == "background"
    assert files(tmp_path) == reference


@pytest.fixture
def refuse_processes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Make process creation fail as a system at its limit does (EAGAIN), ``refusals[0]`` times."""
    refusals = [1]
    real = asyncio.create_subprocess_exec

    async def refusing(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        if refusals[0] > 0:
            refusals[0] -= 1
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return await real(*args, **kwargs)

    monkeypatch.setattr(asyncio, "create_subprocess_exec", refusing)
    yield refusals


def test_when_the_service_cannot_start_the_pages_are_read_back(
    tmp_path: Path, reference: dict[str, bytes], refuse_processes: list[int]
) -> None:
    indexer = SearchIndexer.start(beside=True)
    index(tmp_path, indexer)
    report = finished(indexer, tmp_path, reference, "after")
    assert report.fallback_reason is not None
    assert report.fallback_reason.startswith("the service did not start")


def test_when_no_process_can_start_at_all_the_error_says_so(
    tmp_path: Path, refuse_processes: list[int]
) -> None:
    refuse_processes[0] = 2
    indexer = SearchIndexer.start(beside=True)
    index(tmp_path, indexer)
    with pytest.raises(SearchIndexError, match=r"^search index: Pagefind could not run"):
        indexer.finish(tmp_path)
    assert not (tmp_path / "pagefind").exists()


def pagefind_services() -> list[int]:
    """Process ids of the Pagefind services this process started."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"--service" in command:
            found.append(int(entry.name))
    return found


def test_when_the_service_dies_part_way_the_pages_are_read_back(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("finding the service's process needs /proc")
    indexer = SearchIndexer.start(beside=True)

    def kill_at_ten(n: int) -> None:
        if n == 10:
            services = pagefind_services()
            assert len(services) == 1
            os.kill(services[0], signal.SIGKILL)

    index(tmp_path, indexer, after=kill_at_ten)
    report = finished(indexer, tmp_path, reference, "after")
    assert report.fallback_reason is not None and "failed" in report.fallback_reason
    assert pagefind_services() == []


def test_a_cancelled_index_writes_nothing_and_stops_pagefind(tmp_path: Path) -> None:
    indexer = SearchIndexer.start(beside=True)
    index(tmp_path, indexer)
    indexer.cancel()
    assert pagefind_services() == []
    assert not (tmp_path / "pagefind").exists()


def test_pagefind_is_handed_the_language_and_the_searched_elements() -> None:
    page = PAGES["incidents/pm-2025-001/"]
    body = page[page.index("<div data-pagefind-body>") :]
    # The results' titles come from data-pagefind-meta, never from <title>.
    assert searched_part(page) == f'<html lang="en"><body>{body}</body></html>'
    assert searched_part(page, "<p>Outages") == (
        f'<html lang="en"><body>{body[: body.index("<p>Outages")]}</body></html>'
    )
    # A head that tells Pagefind something is kept whole.
    tagged = page.replace(
        "<title>x</title>", '<meta data-pagefind-meta="image[content]" content="a.png">'
    )
    assert searched_part(tagged).startswith(
        '<html lang="en"><head><meta data-pagefind-meta="image[content]" content="a.png"></head><body>'
    )


def article(n: int) -> str:
    """What a theme puts in a page's article: PAGES' searched element, then a table."""
    page = PAGES[f"incidents/pm-2025-{n:03d}/"]
    searched = page[page.index("<div data-pagefind-body>") : page.index("</body>")]
    return f'<div class="pmkb-postmortem">{searched}<div class="pmkb-tables">t</div></div>'


def themed(content: str, lang: str = "en") -> str:
    return (
        f'<!doctype html><html lang="{lang}" class="no-js"><head><title>y</title></head>'
        f"<body><nav>menu</nav><article>{content}</article><footer>f</footer></body></html>"
    )


def test_a_page_handed_from_its_content_reads_as_its_finished_page() -> None:
    html, handed = content_for_search(article(1), "en", '<div class="pmkb-tables">')
    finished = themed(article(1))
    assert html == searched_part(finished, '<div class="pmkb-tables">')
    assert reads_as_handed(finished, handed)


@pytest.mark.parametrize(
    "finished",
    [
        # another language than the one assumed
        themed(article(1), lang="de"),
        # a plugin that changed the searched text after it was handed over
        themed(article(1).replace("cache stampede", "cache-stampede")),
        # a minifier
        themed(article(1).replace("> <", "><")),
        # a theme that marks more for Pagefind, before the content or after it
        themed(article(1)).replace("<nav>", "<nav data-pagefind-ignore>"),
        themed(article(1)).replace("<footer>", "<footer data-pagefind-body>"),
        themed(article(1)).replace("<title>", '<meta data-pagefind-meta="x:y"><title>'),
        # a theme that left the content out
        themed(""),
    ],
)
def test_a_finished_page_that_pagefind_would_read_otherwise_is_caught(finished: str) -> None:
    _, handed = content_for_search(article(1), "en", '<div class="pmkb-tables">')
    assert not reads_as_handed(finished, handed)


def test_pages_handed_from_their_content_give_the_index_of_the_finished_pages(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    write_site(tmp_path)
    indexer = SearchIndexer.start(beside=True)
    for url in PAGES:
        n = int(url.rstrip("/")[-3:])
        handed = indexer.add_content(url, article(n), "en", '<div class="pmkb-tables">')
        assert reads_as_handed(themed(article(n)), handed)
    indexer.seal(tmp_path)
    finished(indexer, tmp_path, reference, "beside")


def last_index(site: Path, outside: Path) -> dict[str, int]:
    """A last build's index in ``site``: a third of the pages gone, one page that is
    gone now, and what a damaged or older bundle may hold. Its fragments' inodes."""
    last = SearchIndexer.start(beside=True)
    for n, (url, html) in enumerate(PAGES.items()):
        if n % 3:
            last.add_page(url, searched_part(html))
    last.add_page("incidents/pm-2024-999/", searched_part(page_html(999)))
    assert last.finish(site) is not None
    bundle = site / "pagefind"
    (bundle / "fragment" / "en_0000000.pf_fragment").write_bytes(b"stale")
    (bundle / "fragment" / "en_1111111.pf_fragment").mkdir()
    (bundle / "fragment" / "en_2222222.pf_fragment").symlink_to(outside)
    (bundle / "index" / "en_3333333.pf_index").write_bytes(b"stale")
    (bundle / "stray.txt").write_text("stale", encoding="utf-8")
    (bundle / "older-layout").mkdir()
    (bundle / "older-layout" / "x.bin").write_bytes(b"stale")
    return {p.name: p.lstat().st_ino for p in (bundle / "fragment").iterdir()}


@pytest.mark.parametrize("beside", [True, False], ids=["beside", "read back"])
def test_written_over_the_last_index_it_holds_exactly_the_new_files(
    tmp_path: Path, reference: dict[str, bytes], beside: bool
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not the index's", encoding="utf-8")
    site = tmp_path / "site"
    inodes = last_index(site, outside)
    # What the plugin does before MkDocs empties the site (which leaves hidden folders).
    set_previous_aside(site)
    assert not (site / "pagefind").exists() and (site / PREVIOUS_DIR).is_dir()
    indexer = SearchIndexer.start(beside=beside)
    index(site, indexer)
    report = indexer.finish(site)
    assert report is not None and report.mode == ("beside" if beside else "after")
    assert files(site) == reference
    assert outside.read_text(encoding="utf-8") == "not the index's"
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []
    # The fragments both indexes name were rewritten in place, not created again.
    rewritten = [
        p.name
        for p in (site / "pagefind" / "fragment").iterdir()
        if inodes.get(p.name) == p.stat().st_ino
    ]
    assert len(rewritten) == len([n for n in range(1, 31) if n % 3 != 1])


def test_a_failed_write_over_the_last_index_leaves_nothing_and_the_pages_are_read_back(
    tmp_path: Path, reference: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    last_index(site, tmp_path / "outside.txt")
    set_previous_aside(site)
    real = search_index.keep_only_named
    calls: list[Path] = []

    def first_fails(bundle: Path) -> None:
        calls.append(bundle)
        if len(calls) == 1:
            raise SearchIndexError("the metadata names files nobody wrote")
        real(bundle)

    monkeypatch.setattr(search_index, "keep_only_named", first_fails)
    indexer = SearchIndexer.start(beside=True)
    index(site, indexer)
    report = finished(indexer, site, reference, "after")
    assert report.fallback_reason and "nobody wrote" in report.fallback_reason
    # The set-aside index was written over once, then removed with the failed write.
    assert len(calls) == 1
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []


def test_a_last_index_nothing_wrote_over_is_dropped_and_a_link_is_not_followed(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "pagefind").mkdir(parents=True)
    (site / "pagefind" / "pagefind.js").write_text("old", encoding="utf-8")
    set_previous_aside(site)
    drop_previous(site)
    assert list(site.iterdir()) == []
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", encoding="utf-8")
    (site / PREVIOUS_DIR).symlink_to(elsewhere)
    drop_previous(site)
    assert not (site / PREVIOUS_DIR).exists() and (elsewhere / "keep.txt").is_file()
    # A link in the bundle's place is not set aside either: the new index replaces it.
    (site / "pagefind").symlink_to(elsewhere)
    set_previous_aside(site)
    assert not os.path.lexists(site / PREVIOUS_DIR)


def test_an_index_missing_a_file_its_metadata_names_is_refused(tmp_path: Path) -> None:
    indexer = SearchIndexer.start(beside=True)
    index(tmp_path, indexer)
    assert indexer.finish(tmp_path) is not None
    bundle = tmp_path / "pagefind"
    keep_only_named(bundle)  # a whole index: nothing to remove
    gone = sorted((bundle / "index").iterdir())[0]
    gone.unlink()
    with pytest.raises(SearchIndexError, match=f"index/{gone.name}"):
        keep_only_named(bundle)


def _whole_bundle(tmp_path: Path) -> Path:
    indexer = SearchIndexer.start(beside=True)
    index(tmp_path, indexer)
    assert indexer.finish(tmp_path) is not None
    return tmp_path / "pagefind"


def _fill_later(path: Path, data: bytes, after_s: float) -> threading.Thread:
    def fill() -> None:
        time.sleep(after_s)
        path.write_bytes(data)

    thread = threading.Thread(target=fill)
    thread.start()
    return thread


@pytest.mark.parametrize("which", ["pagefind-entry.json", "fragment", "pf_meta"])
def test_files_pagefind_has_not_yet_filled_are_waited_for(tmp_path: Path, which: str) -> None:
    """Pagefind answers a write before its background writer has put the bytes in the
    files (and exits at once when its input closes): a build under load read an empty
    pagefind-entry.json right after the answer and failed."""
    bundle = _whole_bundle(tmp_path)
    await_written(bundle, timeout=0)  # a whole index: no wait
    if which == "fragment":
        path = sorted((bundle / "fragment").iterdir())[0]
    elif which == "pf_meta":
        path = next(bundle.glob("pagefind.*.pf_meta"))
    else:
        path = bundle / which
    data = path.read_bytes()
    path.write_bytes(b"")  # created, not yet written
    began = time.monotonic()
    filler = _fill_later(path, data, 0.3)
    await_written(bundle, timeout=10)
    filler.join()
    assert time.monotonic() - began >= 0.3
    assert path.read_bytes() == data


def test_a_file_pagefind_never_fills_fails_the_index_naming_it(tmp_path: Path) -> None:
    bundle = _whole_bundle(tmp_path)
    path = sorted((bundle / "index").iterdir())[0]
    path.write_bytes(b"")
    with pytest.raises(SearchIndexError, match=f"index/{path.name}"):
        await_written(bundle, timeout=0.2)
    path.unlink()
    with pytest.raises(SearchIndexError, match=f"did not write index/{path.name}"):
        await_written(bundle, timeout=0.2)


def test_distrusted_after_sealing_it_reads_the_pages_back(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    # A finished page turned out to differ from what Pagefind was handed while the
    # index was being written beside the build: the index is made again from the site.
    indexer = SearchIndexer.start(beside=True)
    index(tmp_path, indexer)
    indexer.seal(tmp_path)
    indexer.distrust("incidents/pm-2025-003/ changed")
    report = finished(indexer, tmp_path, reference, "after")
    assert report.fallback_reason == "incidents/pm-2025-003/ changed"


def test_sealed_when_the_last_page_came_it_writes_the_same_files(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    # The build seals the indexer as soon as the last searched page is handed over,
    # and renders its other pages while Pagefind writes.
    indexer = SearchIndexer.start(beside=True)
    index(tmp_path, indexer)
    indexer.seal(tmp_path)
    finished(indexer, tmp_path, reference, "beside")


def test_sealed_and_then_failed_it_reads_the_pages_back(
    tmp_path: Path, reference: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    indexer = SearchIndexer.start(beside=True)
    index(tmp_path, indexer)

    def broken(*_: Any) -> Path:
        raise SearchIndexError("the service wrote nothing")

    # Only the first write (the one beside the build) fails.
    real = SearchIndexer._write_bundle
    calls: list[int] = []

    def first_fails(site: Path, session: Any) -> Path:
        calls.append(1)
        return broken() if len(calls) == 1 else real(site, session)

    monkeypatch.setattr(SearchIndexer, "_write_bundle", staticmethod(first_fails))
    indexer.seal(tmp_path)
    assert finished(indexer, tmp_path, reference, "after").fallback_reason


def test_a_background_index_cancelled_by_the_next_save_never_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under mkdocs serve the index waits for the author to pause: a save within
    # the pause cancels it before Pagefind starts, so the next build waits for nothing.
    started: list[object] = []
    real = search_index._Session

    def recorded() -> search_index._Session:
        started.append(object())
        return real()

    monkeypatch.setattr(search_index, "_Session", recorded)
    indexer = SearchIndexer.start(background=True)
    index(tmp_path, indexer)
    assert indexer.finish(tmp_path) is None
    indexer.cancel()
    assert indexer.wait() is None
    assert started == []
    assert not (tmp_path / "pagefind").exists()


def test_a_save_while_the_background_index_is_sent_stops_it_within_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 10,000 pages, unwinding every request in flight held the next build for
    # 0.6 s; pages go in batches and the next save stops the sending between two.
    monkeypatch.setattr(search_index, "BACKGROUND_PAUSE_S", 0.0)
    monkeypatch.setattr(search_index, "READ_BACK_BATCH", 5)
    sent: list[int] = []
    first_sent = threading.Event()
    real = search_index._Session.add_pages
    indexer = SearchIndexer.start(background=True)

    def add_pages(session: search_index._Session, pages: list[tuple[str, str]]) -> None:
        real(session, pages)
        sent.append(len(pages))
        first_sent.set()
        # The next save comes now, while this batch is in Pagefind's hands.
        assert indexer._cancelled.wait(10)

    monkeypatch.setattr(search_index._Session, "add_pages", add_pages)
    index(tmp_path, indexer)
    assert indexer.finish(tmp_path) is None
    assert first_sent.wait(30)
    indexer.cancel()
    assert sent == [5]
    assert pagefind_services() == []
    assert not (tmp_path / "pagefind").exists()


def test_a_save_while_a_batch_is_being_sent_leaves_no_failure_uncollected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Stopped while requests are still being written, each request's failure went
    # uncollected, and asyncio printed one error per page in the author's terminal.
    monkeypatch.setattr(search_index, "BACKGROUND_PAUSE_S", 0.0)
    monkeypatch.setattr(search_index, "READ_BACK_BATCH", 3000)
    for n in range(3000):
        page = tmp_path / f"p{n}" / "index.html"
        page.parent.mkdir()
        page.write_text(f"<html><body><main><p>word{n}</p></main></body></html>", "utf-8")
    sending = threading.Event()
    submit = search_index._Session.submit

    def noted_submit(session: search_index._Session, pages: Any) -> Any:
        sent = submit(session, pages)
        # The save comes once Pagefind has requests to answer and more are being written.
        ends = time.monotonic() + 30
        while len(getattr(session._service, "_responses", ())) < 100 and time.monotonic() < ends:
            time.sleep(0.001)
        sending.set()
        return sent

    monkeypatch.setattr(search_index._Session, "submit", noted_submit)
    indexer = SearchIndexer.start(background=True)
    for n in range(3000):
        indexer.add_page(f"p{n}/", "")
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        assert indexer.finish(tmp_path) is None
        assert sending.wait(60)
        indexer.cancel()
        gc.collect()  # asyncio reports an uncollected failure when its future is freed
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []
    assert pagefind_services() == []


def _answer(message_id: int, payload: dict[str, Any]) -> bytes:
    """One answer as Pagefind's service writes it: base64 JSON ended by a comma."""
    body = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
    return base64.b64encode(body) + b","


class _Pipe:
    """The service's process as the answer reader sees it: its output, fed by the test."""

    def __init__(self, stdout: asyncio.StreamReader) -> None:
        self.stdout = stdout


def test_answers_split_across_reads_reach_their_requests_and_a_garbled_one_ends_the_session() -> (
    None
):
    async def scenario() -> tuple[list[Any], list[BaseException | None]]:
        service = search_index._Service()
        stdout = asyncio.StreamReader()
        service._backend = _Pipe(stdout)  # type: ignore[assignment]
        loop = asyncio.get_running_loop()
        waiting = {n: loop.create_future() for n in (1, 2, 3, 4)}
        service._responses = dict(waiting)
        reader = loop.create_task(service._wait_for_responses())
        data = _answer(2, {"type": "IndexedFile", "n": 2}) + _answer(
            1, {"type": "Error", "message": "no"}
        )
        # In three pieces: the middle one ends inside the second answer.
        for piece in (data[:5], data[5:-9], data[-9:]):
            stdout.feed_data(piece)
            await asyncio.sleep(0)
        stdout.feed_data(b"bm90IGpzb24=,")  # base64 of "not json"
        await asyncio.wait_for(reader, 5)
        results = [waiting[n].result() if not waiting[n].exception() else None for n in (2,)]
        return results, [waiting[n].exception() for n in (1, 3, 4)]

    # A loop of its own, in a thread: the browser tests' Playwright may have one
    # running in this one.
    with ThreadPoolExecutor(1) as pool:
        results, failures = pool.submit(asyncio.run, scenario()).result()
    assert results == [{"type": "IndexedFile", "n": 2}]
    assert isinstance(failures[0], SearchIndexError) and "Pagefind: no" in str(failures[0])
    for failure in failures[1:]:
        assert isinstance(failure, SearchIndexError) and "stopped answering" in str(failure)


def test_the_answers_to_many_pages_are_read_together(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    real_read = asyncio.StreamReader.read

    async def counted(self: asyncio.StreamReader, n: int = -1) -> bytes:
        data = await real_read(self, n)
        reads.append(data.count(b","))
        return data

    monkeypatch.setattr(asyncio.StreamReader, "read", counted)
    session = search_index._Session()
    try:
        pages = [(f"/incidents/pm-2025-{n:03d}/", searched_part(page_html(n))) for n in range(200)]
        session.add_pages(pages)
    finally:
        session.close()
    # Every page answered, in far fewer reads than answers: each read woke the
    # thread that talks to Pagefind, and took the GIL from the build.
    assert sum(reads) >= len(pages)
    assert 0 < len(reads) <= len(pages) // 2


def _cpus_of(thread_or_process: int) -> set[int]:
    return set(os.sched_getaffinity(thread_or_process))


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs a system that tells which of two CPUs or more a process runs on",
)
def test_pagefind_runs_on_one_cpu_and_the_threads_that_start_it_keep_theirs() -> None:
    allowed = _cpus_of(0)
    session = search_index._Session()
    try:
        backend = session._service._backend  # type: ignore[union-attr]
        assert _cpus_of(backend.pid) == {max(allowed)}
        # The thread that started it, and this one, may run anywhere again.
        assert session._thread.native_id is not None
        assert _cpus_of(session._thread.native_id) == allowed
        assert _cpus_of(0) == allowed
        session.add_pages([("/incidents/pm-2025-001/", searched_part(page_html(1)))])
    finally:
        session.close()


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this system")
def test_where_the_cpus_cannot_be_chosen_pagefind_starts_on_all_of_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    allowed = _cpus_of(0)

    def refused(pid: int, cpus: object) -> None:
        raise PermissionError("not in this container")

    monkeypatch.setattr(os, "sched_setaffinity", refused)
    session = search_index._Session()
    try:
        assert _cpus_of(session._service._backend.pid) == allowed  # type: ignore[union-attr]
        session.add_pages([("/incidents/pm-2025-001/", searched_part(page_html(1)))])
        session.write(tmp_path / "bundle")
    finally:
        session.close()
    assert (tmp_path / "bundle" / "pagefind-entry.json").is_file()


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs a system that tells which of two CPUs or more a process runs on",
)
def test_when_the_cpus_cannot_be_given_back_pagefind_still_indexes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = os.sched_setaffinity
    calls: list[set[int]] = []

    def once(pid: int, cpus: Any) -> None:
        calls.append(set(cpus))
        if len(calls) > 1:
            raise PermissionError("not any more")
        real(pid, cpus)

    monkeypatch.setattr(os, "sched_setaffinity", once)
    session = search_index._Session()
    try:
        assert len(_cpus_of(session._service._backend.pid)) == 1  # type: ignore[union-attr]
        session.add_pages([("/incidents/pm-2025-001/", searched_part(page_html(1)))])
        session.write(tmp_path / "bundle")
    finally:
        session.close()
    assert len(calls) == 2
    assert (tmp_path / "bundle" / "pagefind-entry.json").is_file()


def returns(work: Callable[[], T]) -> T:
    """What ``work()`` returns, run in a thread: the test fails, rather than hangs, when
    it never returns."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # re-raised below, in the test's thread
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "it never returned"
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


@pytest.fixture
def wrapped_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pagefind started through a script that runs it as its child (as npm's launcher
    does); the file the script writes Pagefind's process ids to."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads processes in /proc")
    wrapper, pids = pagefind_wrapper(tmp_path, runs_it="as its child")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    return pids


def left_running(pids: Path) -> list[int]:
    started = [int(line) for line in pids.read_text().split()]
    assert started
    return [pid for pid in started if running(pid)]


@pytest.mark.parametrize("beside", [True, False])
def test_through_a_wrapper_of_pagefind_the_index_is_written_and_no_pagefind_is_left(
    tmp_path: Path, reference: dict[str, bytes], wrapped_pagefind: Path, beside: bool
) -> None:
    site = tmp_path / "site"
    indexer = SearchIndexer.start(beside=beside)
    index(site, indexer)
    returns(lambda: finished(indexer, site, reference, "beside" if beside else "after"))
    assert left_running(wrapped_pagefind) == []


def test_through_a_wrapper_a_save_while_the_background_index_is_sent_stops_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrapped_pagefind: Path
) -> None:
    # Under mkdocs serve the next save kills the service: through a wrapper, the
    # Pagefind it started kept the pipes, and the next build waited for ever.
    monkeypatch.setattr(search_index, "BACKGROUND_PAUSE_S", 0.0)
    monkeypatch.setattr(search_index, "READ_BACK_BATCH", 5)
    first_sent = threading.Event()
    real = search_index._Session.add_pages
    site = tmp_path / "site"
    indexer = SearchIndexer.start(background=True)

    def add_pages(session: search_index._Session, pages: list[tuple[str, str]]) -> None:
        real(session, pages)
        first_sent.set()
        assert indexer._cancelled.wait(10)

    monkeypatch.setattr(search_index._Session, "add_pages", add_pages)
    index(site, indexer)
    assert indexer.finish(site) is None
    assert first_sent.wait(30)
    returns(indexer.cancel)
    assert left_running(wrapped_pagefind) == []
    assert not (site / "pagefind").exists()


def test_through_a_wrapper_stopping_the_service_fails_the_pages_in_flight(
    wrapped_pagefind: Path,
) -> None:
    # Killing the wrapper alone left the Pagefind it had started reading and answering
    # every page already sent, which the next save under mkdocs serve waited for.
    session = search_index._Session()
    try:
        sent = session.submit([(f"/p{n}/", page_html(n)) for n in range(3000)])
        ends = time.monotonic() + 30
        while len(getattr(session._service, "_responses", ())) < 100 and time.monotonic() < ends:
            time.sleep(0.001)
        session.stop_service()
        with pytest.raises(SearchIndexError, match="stopped answering"):
            returns(sent.result)
    finally:
        returns(session.close)
    assert left_running(wrapped_pagefind) == []


READY = "import signal, sys; print('ready', flush=True); "


@pytest.mark.parametrize(
    ("code", "ended_with"),
    [
        # As Pagefind's service: it ends by itself once its input is closed.
        (READY + "sys.stdin.read()", 0),
        (READY + "signal.pause()", -signal.SIGTERM),
        (
            "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            + READY
            + "signal.pause()",
            -signal.SIGKILL,
        ),
    ],
    ids=["ends-with-its-input", "needs-terminating", "ignores-terminating"],
)
def test_the_service_is_stopped_by_closing_its_input_then_terminated_then_killed(
    monkeypatch: pytest.MonkeyPatch, code: str, ended_with: int
) -> None:
    monkeypatch.setattr(search_index, "STOP_WAIT_S", 2.0)

    async def stopped() -> int | None:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            code,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        assert await process.stdout.readline() == b"ready\n"
        await search_index._end(process)
        return process.returncode

    assert returns(lambda: asyncio.run(stopped())) == ended_with


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes in /proc")
def test_the_service_s_usage_counts_the_processes_a_wrapper_started() -> None:
    # Through a wrapper, the CPU was the wrapper's alone: next to none.
    burn = (
        "import time; end = time.process_time() + 0.5\n"
        "while time.process_time() < end: pass\n"
        "print('ready', flush=True); time.sleep(60)"
    )
    wrapper = subprocess.Popen(
        ["sh", "-c", f'"{sys.executable}" -c "$0"; true', burn],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert wrapper.stdout is not None and wrapper.stdout.readline() == b"ready\n"
        usage = search_index._process_usage(wrapper.pid)
        assert usage is not None and usage[0] >= 0.4
    finally:
        os.killpg(wrapper.pid, signal.SIGKILL)
        wrapper.wait()
