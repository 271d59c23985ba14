"""``mkdocs serve --dirty``: only the pages an edit affects are built, and the site is as a clean build's.

The tests drive MkDocs' own ``build()`` as ``mkdocs serve --dirty`` does: the
startup event with ``command="serve"``, then one dirty build per save, into
the same folder.
"""

from __future__ import annotations

import csv
import filecmp
import gc
import logging
import os
import socket
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from pmkb.analytics.exports import INCIDENTS_CSV
from pmkb_mkdocs import preview
from watchdog.observers.polling import PollingObserver

from tests.site.sitebuild import BuiltSite, build_site, standard_corpus, write_project

SERVE_URL = "http://127.0.0.1:8000/"
CHECKOUT = "2025/2025-02-09-checkout-errors.md"


class Session:
    """One ``mkdocs serve --dirty`` session: a build per save, into one folder."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file, self.site_dir = config_file, site_dir
        self._config = self._load()
        self._config.plugins.on_startup(command="serve", dirty=True)

    def _load(self) -> MkDocsConfig:
        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        config.site_url = SERVE_URL
        return config

    def rebuild(self, *, wait: bool = True) -> BuiltSite:
        """Build after a save; with ``wait``, also let what is written after it finish."""
        # Every rebuild loads the configuration afresh, as `mkdocs serve` does.
        config = self._load()
        build(config, serve_url=SERVE_URL, dirty=True)
        if wait:
            self.wait()
        return BuiltSite(self.site_dir)

    def wait(self) -> None:
        """Let the last build's search index and downloads be written now."""
        self._config.plugins["postmortems"].wait_for_background_writes()

    def close(self) -> None:
        self._config.plugins.on_shutdown()


@pytest.fixture
def session(project: Path) -> Iterator[Session]:
    served = Session(project, project.parent / "served")
    try:
        yield served
    finally:
        served.close()


def _stamps(site: BuiltSite) -> dict[str, int]:
    """When each page and data file was written (MkDocs rewrites 404.html and the
    search plugin its index on every build, whatever changed)."""
    return {
        str(p.relative_to(site.site_dir)): p.stat().st_mtime_ns
        for p in site.files()
        if p.suffix in (".html", ".json", ".csv")
        and p.name != "404.html"
        and "search" not in p.parts
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # Modification times must move even on file systems with coarse clocks.
    later = time.time_ns() + 10_000_000
    os.utime(path, ns=(later, later))


def _changed_by(session: Session, path: Path, old: str, new: str) -> tuple[BuiltSite, set[str]]:
    """The site served after ``path``'s ``old`` became ``new``, and what it wrote again."""
    before = _stamps(session.rebuild())
    _edit(path, old, new)
    site = session.rebuild()
    after = _stamps(site)
    return site, {name for name in after if after[name] != before.get(name)}


def _clean_build(project: Path, site_dir: Path, url: str = SERVE_URL) -> BuiltSite:
    config = load_config(str(project), site_dir=str(site_dir))
    config.site_url = url
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config, serve_url=url)
    finally:
        config.plugins.on_shutdown()
    return BuiltSite(site_dir)


def _same_pages(served: BuiltSite, clean: BuiltSite) -> list[str]:
    """Pages and data files that differ between two site folders (search indexes aside)."""
    wanted = {".html", ".json", ".csv"}
    differ = []
    names = {
        str(p.relative_to(site.site_dir))
        for site in (served, clean)
        for p in site.files()
        if p.suffix in wanted and "search" not in p.parts and "sitemap" not in p.name
    }
    for name in sorted(names):
        a, b = served.site_dir / name, clean.site_dir / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            differ.append(name)
    return differ


def test_a_body_edit_builds_that_page_alone(
    session: Session, project: Path, tmp_path: Path
) -> None:
    checkout = project.parent / "docs" / CHECKOUT
    site, changed = _changed_by(
        session, checkout, "## Root Cause", "A new paragraph.\n\n## Root Cause"
    )
    # Of the post-mortems, lists, indexes, dashboard, data and the corpus' own
    # page, only the edited page; and the search index, which has its words.
    assert sorted(changed) == ["incidents/pm-2025-001/index.html", "pagefind/pagefind-entry.json"]
    assert "A new paragraph." in site.content("incidents/pm-2025-001/").text
    # The corpus' own page was not read again, yet the navigation of the page
    # built names it as a clean build does.
    assert "About this site" in site.html("incidents/pm-2025-001/index.html")
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


def test_an_edit_of_the_corpus_own_page_reaches_every_navigation(
    session: Session, project: Path, tmp_path: Path
) -> None:
    docs = project.parent / "docs"
    session.rebuild()
    _edit(docs / "about.md", "# About this site", "---\nicon: material/book\n---\n# How we work")
    site = session.rebuild()
    # A post-mortem edited afterwards is built alone, and its navigation keeps the
    # new title and the page's metadata (Material reads an icon from it).
    _edit(docs / CHECKOUT, "## Root Cause", "Another paragraph.\n\n## Root Cause")
    site = session.rebuild()
    for page in ("incidents/pm-2025-001/index.html", "incidents/pm-2024-010/index.html"):
        assert "How we work" in site.html(page) and "About this site" not in site.html(page)
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


def test_a_title_edit_reaches_every_page_that_shows_it_and_no_other(
    session: Session, project: Path, tmp_path: Path
) -> None:
    checkout = project.parent / "docs" / CHECKOUT
    site, changed = _changed_by(
        session, checkout, "title: Checkout errors", "title: Payment errors"
    )
    assert "Payment errors" in site.content("incidents/pm-2025-001/").one("h1").text
    assert {
        "index.html",
        "incidents/index.html",
        "incidents/list.json",
        "factors/monitoring-gap/index.html",
        "services/orders-db/index.html",
        # PM-2024-010 shares a service and a factor: its related list names the title.
        "incidents/pm-2024-010/index.html",
    } <= changed
    # A page that shows nothing of it is left as it was: another factor's page, and
    # the dashboard's sections other than the overview (whose hover boxes name it).
    assert "dashboard/index.html" in changed
    assert "factors/runbook-gap/index.html" not in changed
    assert "dashboard/factors/index.html" not in changed
    assert "dashboard/last-quarter/recurrence/index.html" not in changed
    # And the result is exactly what a clean build of the same files gives.
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


def test_a_postmortem_leaving_the_graph_rebuilds_only_the_pages_whose_related_list_changed(
    session: Session, project: Path, tmp_path: Path
) -> None:
    search = project.parent / "docs" / "2025/2025-03-02-search-latency.md"
    # A title over the limit: the report is shown broken and leaves the figures and
    # the graph. Every other pair's score moves (shared things weigh by how rare they
    # are), which no page shows; only the pages that listed it lose it.
    site, changed = _changed_by(session, search, "title: Search latency", "title: " + "Long " * 25)
    assert "incidents/pm-2025-001/index.html" in changed  # it linked to the report
    assert "incidents/pm-2024-010/index.html" not in changed
    assert "incidents/pm-2025-003/index.html" not in changed
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


@pytest.fixture
def long_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """Downloads wait for a pause longer than any test: only a wait or the next save ends it."""
    monkeypatch.setattr(preview, "WRITE_LATER_PAUSE_S", 600.0)


def _csv_titles(site: BuiltSite) -> str:
    """The titles incidents.csv holds, one per line."""
    with open(site.site_dir / INCIDENTS_CSV, encoding="utf-8", newline="") as handle:
        return "\n".join(row["title"] for row in csv.DictReader(handle))


def test_downloads_are_written_after_the_site_is_served(
    session: Session, project: Path, tmp_path: Path, long_pause: None
) -> None:
    checkout = project.parent / "docs" / CHECKOUT
    session.rebuild()
    _edit(checkout, "title: Checkout errors", "title: Payment errors")
    site = session.rebuild(wait=False)
    # The pages show the new title at once; the open data follows once the author pauses.
    assert "Payment errors" in site.content("incidents/pm-2025-001/").one("h1").text
    assert "Checkout errors" in _csv_titles(site)
    session.wait()
    assert "Payment errors" in _csv_titles(site)
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


def test_a_save_before_the_pause_drops_the_pending_downloads_and_the_next_build_writes_them(
    session: Session, project: Path, tmp_path: Path, long_pause: None
) -> None:
    checkout = project.parent / "docs" / CHECKOUT
    session.rebuild()
    _edit(checkout, "title: Checkout errors", "title: Payment errors")
    session.rebuild(wait=False)
    _edit(checkout, "title: Payment errors", "title: Refund errors")
    site = session.rebuild()
    assert "Refund errors" in _csv_titles(site) and "Payment errors" not in _csv_titles(site)
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


def test_a_download_being_made_when_the_next_save_comes_is_dropped_without_holding_it_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The graph takes a second to make at 10,000 post-mortems: the next build
    # must not wait for it, nor find the old graph written over its own later.
    monkeypatch.setattr(preview, "WRITE_LATER_PAUSE_S", 0.0)
    making, made = threading.Event(), threading.Event()

    def graph() -> str:
        making.set()
        assert made.wait(30)
        return "the previous build's graph"

    ledger = preview.Ledger()
    file = preview.KeyedFile("data/graph.json", None, str(tmp_path), False)
    file.key = 1
    ledger.write_later(file, graph)
    ledger.start_writing(str(tmp_path))
    assert making.wait(30)
    writers = [t for t in threading.enumerate() if t.name == "pmkb-downloads"]
    stopping = threading.Thread(target=ledger.stop_writing)
    stopping.start()
    stopping.join(30)
    assert not stopping.is_alive()  # returned while the graph was still being made
    made.set()
    for writer in writers:
        writer.join(30)
    assert not (tmp_path / "data" / "graph.json").exists()
    assert ledger.written == {}


def test_a_save_built_without_the_whole_site_postpones_the_downloads_to_the_next_pause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Made while the author goes on saving, a download competes with the next
    # build for the CPU (a second or more of a title edit at 10,000).
    pause = 1.0
    monkeypatch.setattr(preview, "WRITE_LATER_PAUSE_S", pause)
    made_at: list[float] = []

    def incidents() -> str:
        made_at.append(time.monotonic())
        return "id,title\n"

    ledger = preview.Ledger()
    file = preview.KeyedFile("data/incidents.csv", None, str(tmp_path), False)
    file.key = 1
    ledger.write_later(file, incidents)
    started = time.monotonic()
    ledger.start_writing(str(tmp_path))
    ledger.postpone_writing()  # a body edit, built by itself, well within the pause
    writers = [t for t in threading.enumerate() if t.name == "pmkb-downloads"]
    for writer in writers:
        writer.join(30)
    assert len(made_at) == 1 and made_at[0] - started >= 1.9 * pause
    assert (tmp_path / "data" / "incidents.csv").read_text(encoding="utf-8") == "id,title\n"
    assert ledger.written == {"data/incidents.csv": 1}


def test_a_download_that_cannot_be_written_is_reported_and_written_on_the_next_save(
    session: Session, project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    checkout = project.parent / "docs" / CHECKOUT
    site = session.rebuild()
    (site.site_dir / INCIDENTS_CSV).unlink()
    (site.site_dir / INCIDENTS_CSV).mkdir()  # in the way, as a folder a tool left there
    _edit(checkout, "title: Checkout errors", "title: Payment errors")
    with caplog.at_level(logging.ERROR):
        site = session.rebuild()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(INCIDENTS_CSV in e and "next save" in e for e in errors), errors
    # The other downloads were written all the same.
    assert "Payment errors" in (site.site_dir / "data" / "graph.json").read_text(encoding="utf-8")
    (site.site_dir / INCIDENTS_CSV).rmdir()
    _edit(checkout, "## Root Cause", "A new paragraph.\n\n## Root Cause")  # a body edit
    site = session.rebuild()
    assert "Payment errors" in _csv_titles(site)
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


def test_added_and_deleted_postmortems_leave_the_site_as_a_clean_build(
    session: Session, project: Path, tmp_path: Path
) -> None:
    docs = project.parent / "docs"
    session.rebuild()
    added = docs / "2025" / "2025-02-09-copy.md"
    added.write_text(
        (docs / CHECKOUT)
        .read_text(encoding="utf-8")
        .replace("id: PM-2025-001", "id: PM-2025-009")
        .replace("title: Checkout errors", "title: Refund errors"),
        encoding="utf-8",
    )
    site = session.rebuild()
    assert "Refund errors" in site.content("incidents/pm-2025-009/").one("h1").text
    (docs / CHECKOUT).unlink()
    site = session.rebuild()
    assert not site.exists("incidents/pm-2025-001/")
    assert "Checkout errors" not in site.html("incidents/index.html")
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


def test_renaming_a_postmortem_another_links_to_by_path_rebuilds_the_linking_page(
    session: Session, project: Path, tmp_path: Path
) -> None:
    docs = project.parent / "docs"
    linking = docs / CHECKOUT
    linking.write_text(
        linking.read_text(encoding="utf-8")
        + "\nAs in [the failover](../2024/2024-11-02-orders-failover.md#timeline).\n",
        encoding="utf-8",
    )
    site = session.rebuild()
    (link,) = [
        a for a in site.content("incidents/pm-2025-001/").find_all("a") if a.text == "the failover"
    ]
    assert link.attrs.get("href") == "../pm-2024-010/#timeline"
    # The target's id, and so its URL, stay; the link written by path no longer resolves.
    (docs / "2024/2024-11-02-orders-failover.md").rename(docs / "2024/2024-11-02-renamed.md")
    site = session.rebuild()
    (link,) = [
        a for a in site.content("incidents/pm-2025-001/").find_all("a") if a.text == "the failover"
    ]
    assert link.attrs.get("href") != "../pm-2024-010/#timeline"
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


def test_a_change_outside_the_postmortems_builds_everything_again(
    session: Session, project: Path, tmp_path: Path
) -> None:
    session.rebuild()
    _edit(project, "site_name: Test knowledge base", "site_name: Incident library")
    site = session.rebuild()
    assert "Incident library" in site.html("incidents/pm-2024-010/index.html")
    assert _same_pages(site, _clean_build(project, tmp_path / "clean")) == []


GENERATES_A_PAGE = """
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

@event_priority(100)  # before ours, which keys every page the build has
def on_files(files, config):
    files.append(File.generated(config, "made.md", content="# Made\\n\\nWritten by another plugin.\\n"))
    return files
"""


def test_a_page_another_plugin_generates_is_served_with_its_content(tmp_path: Path) -> None:
    # Generators of pages (API references, changelogs) hand MkDocs their text, no file.
    (tmp_path / "hooks.py").write_text(GENERATES_A_PAGE, encoding="utf-8")
    project = write_project(
        tmp_path, standard_corpus(), plugin={"drafts": True}, config={"hooks": ["hooks.py"]}
    )
    served = Session(project, tmp_path / "served")
    try:
        for _ in range(2):
            site = served.rebuild()
            assert "Written by another plugin." in site.content("made/").text
    finally:
        served.close()


def test_the_dirty_build_warning_is_not_shown_to_authors(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        session.rebuild()
        session.rebuild()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_one_off_build_keeps_nothing_between_builds(project: Path) -> None:
    first = build_site(project)
    before = _stamps(first)
    time.sleep(0.01)
    second = build_site(project)
    # `mkdocs build` writes every page: nothing of a serve session applies.
    assert all(stamp > before[name] for name, stamp in _stamps(second).items() if name in before)


def test_the_server_is_told_of_saves_by_the_system_where_it_can(project: Path) -> None:
    config = load_config(str(project))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=port, root=str(project.parent)
    )
    server.watch(config.docs_dir)
    server.watch(str(project))
    from pmkb_mkdocs.preview import react_sooner

    react_sooner(server, config)
    try:
        if not isinstance(server.observer, PollingObserver):
            # The same paths, now on the system's own file events.
            assert len(server.observer.emitters) == 2
            assert server.build_delay < 0.1
    finally:
        server.server_close()


def test_reading_a_watched_file_is_not_a_change(tmp_path: Path) -> None:
    """The build reads every file it watches; only a save may start another build."""
    import threading

    from pmkb_mkdocs.preview import _ChangesObserver
    from watchdog.events import FileSystemEventHandler

    target = tmp_path / "pm.md"
    target.write_text("before", encoding="utf-8")
    seen: list[str] = []
    saved = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:  # type: ignore[no-untyped-def]
            seen.append(type(event).__name__)
            saved.set()

    observer = _ChangesObserver()
    observer.schedule(Handler(), str(tmp_path), recursive=True)
    observer.start()
    try:
        target.read_text(encoding="utf-8")
        time.sleep(0.3)
        assert seen == []
        target.write_text("after", encoding="utf-8")
        assert saved.wait(5)
    finally:
        observer.stop()
        observer.join()


class _Cycle:
    """Garbage only the cyclic collector can free: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


def _frozen_cycle(collector: preview.PausedCollector) -> weakref.ref[_Cycle]:
    """A cycle alive when a build ends, dropped just after, as an earlier build's objects are."""
    cycle = _Cycle()
    collector.built()
    return weakref.ref(cycle)


@pytest.mark.usefixtures("no_other_collection")
def test_garbage_that_freezing_keeps_is_collected_once_the_author_pauses() -> None:
    collector = preview.PausedCollector(pause_s=0.3)
    try:
        gone = _frozen_cycle(collector)
        gc.collect()  # as Python's own collections: none reaches a frozen object
        assert gone() is not None
        ends = time.monotonic() + 30
        # Collected, and what is alive frozen again.
        while gone() is not None or gc.get_freeze_count() == 0:
            assert time.monotonic() < ends, "the pause's collection never came"
            time.sleep(0.05)
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("no_other_collection")
def test_a_build_that_starts_during_the_pause_puts_off_its_collection() -> None:
    collector = preview.PausedCollector(pause_s=0.3)
    try:
        gone = _frozen_cycle(collector)
        collector.building()
        time.sleep(1.0)
        assert gone() is not None
    finally:
        collector.stop()
    gc.collect()
    assert gone() is None
