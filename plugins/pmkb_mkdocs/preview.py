"""``mkdocs serve --dirty``: after an edit, build only the pages it affects.

A dirty build renders a page again only when its ``File.is_modified()`` says
so, and MkDocs judges that by modification times: right for the page whose own
file changed, wrong for every page that shows something of another file (a
list, a count, a related incident). So every page of the site becomes a
:class:`KeyedFile` carrying a key of everything its page shows, and it is
modified when no page was written with that key. Whatever else changes (the
configuration, the theme, an ordinary page, the vocabulary) changes the site's
stamp, and every page is built again. Pages and files that are gone are
deleted, so that a renamed or deleted post-mortem does not linger, and a
dirty build is as accurate as a clean one; MkDocs' warning that it may not be
is left out of the author's terminal.

The open-data downloads, which no page shows, are written after the site is
served (:meth:`Ledger.write_later`): at 10,000 post-mortems they are 26 MB and
more than a second of a title edit's rebuild. Like the search index, they are
written once the author pauses; a save before that makes them again with the
next build, and until they are written the ledger does not count them as such.

A save that changes a post-mortem's body alone (same frontmatter, same
findings) changes that post-mortem's page and nothing else. The server then
builds that page again by itself (:func:`build_pages_again`) from the last
build's configuration, files and navigation, rather than letting MkDocs go
over every file of the site: on 10,000 post-mortems that pass alone takes a
second, and a body edit is most of what an author saves. A save that changes
post-mortems' frontmatter (a title, a severity, a factor) plans the site again
and builds the pages whose keys changed in the same way, from the last build's
navigation, when the plan puts the same post-mortems at the same places and
the same pages in the navigation (no id, hidden post-mortem, broken file or
index page added, moved or gone). Generated pages outside the navigation may
come and go (a service named for the first time, a cluster when the clusters
change): they take the places a whole build gives them, the sitemap is written
again and the pages gone are deleted. Anything else, or anything this cannot
tell, gets the whole dirty build.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import posixpath
import re
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import jinja2
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

log = get_plugin_logger(__name__)

#: Downloads are written once the author has paused this long after a build (as the
#: search index is): the next save drops a write that has not begun, at no cost.
WRITE_LATER_PAUSE_S = 1.0


#: How long the author has not saved before the heap is collected whole (see PausedCollector).
COLLECT_AFTER_PAUSE_S = 10.0


class PausedCollector:
    """Python's full collections of cyclic garbage, moved to the author's pauses.

    A full collection goes over every object alive and holds the interpreter
    meanwhile: about a second at 10,000 post-mortems. Left to Python, one came
    a few seconds after each save (while the downloads were made), and a save
    then waited for it: a body edit 2.5 s after a title edit took 1.56 s instead
    of 0.08 s. So at the end of each build everything alive is frozen (left out
    of every collection), and what freezing keeps from being collected (an earlier
    build's objects that refer to each other) is collected whole once the author
    has not saved for :data:`COLLECT_AFTER_PAUSE_S`, then frozen again.
    Nothing is lost either way: a frozen object is still freed when nothing
    refers to it, and the memory such garbage holds meanwhile (tens of MB a
    save at 10,000) comes back at the next pause or when the server stops.
    """

    def __init__(self, pause_s: float = COLLECT_AFTER_PAUSE_S) -> None:
        self.pause_s = pause_s
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def built(self) -> None:
        """A build ended: freeze what is alive, collect at the next pause."""
        gc.freeze()
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.pause_s, self._collect)
            self._timer.daemon = True
            self._timer.name = "pmkb-collect"
            self._timer.start()

    def building(self) -> None:
        """A build starts: no collection until it ends."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def stop(self) -> None:
        """The server stops: everything goes back to Python's own collections."""
        self.building()
        gc.unfreeze()

    @staticmethod
    def _collect() -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()


class KeyedFile(File):
    """A file that a dirty build writes again only when its content key changed."""

    key: int | None = None
    ledger: Ledger | None = None

    def is_modified(self) -> bool:
        if self.ledger is None or self.key is None:
            return super().is_modified()
        if self.dest_uri in self.ledger.later:
            return False  # written after the build, not by MkDocs
        return self.ledger.written.get(self.dest_uri) != self.key


#: What a File works out from where it is written (cached on first use).
WHERE_WRITTEN = frozenset(("dest_uri", "url", "abs_dest_path"))


def keyed(file: File) -> KeyedFile:
    """``file`` as a :class:`KeyedFile` (ours are made as such)."""
    return file if isinstance(file, KeyedFile) else keyed_copy(file)


def keyed_copy(file: File, *, dest_uri: str | None = None) -> KeyedFile:
    """A :class:`KeyedFile` with all ``file`` holds (a page another plugin generated
    keeps its content); with ``dest_uri``, written there instead.

    Its attributes are copied rather than File() called again, which parses the path
    anew: a third of a second of every rebuild at 10,000 post-mortems.
    """
    copy = KeyedFile.__new__(KeyedFile)
    if dest_uri is None:
        copy.__dict__.update(vars(file))
    else:
        copy.__dict__.update((k, v) for k, v in vars(file).items() if k not in WHERE_WRITTEN)
        copy.dest_uri = dest_uri
    return copy


def keyed_files(
    files: Files,
    key_of: Callable[[str], int | None],
    ledger: Ledger,
    body_of: Callable[[str], str | None] = lambda src_uri: None,
) -> Files:
    """``files`` with every page and data file keyed by ``key_of(src_uri)``.

    A page ``key_of`` does not know is an ordinary page of the corpus (the guide):
    its source is in the site's stamp, so what else its page shows is where the
    other files are, which its links point at; and the navigation, whose titles of
    the pages not built again the ledger keeps (:meth:`Ledger.recall`). A page whose
    Markdown source (``body_of``) links to files by path shows where those are too.
    """
    where: int | None = None
    dests: dict[str, str] | None = None
    out: list[File] = []
    for file in files:
        key = key_of(file.src_uri)
        if key is None and not file.is_documentation_page():
            out.append(file)  # a static file: MkDocs' modification times are right
            continue
        if key is None:
            if where is None:
                where = layout(files)
            key = ordinary_key(file, where)
        else:
            body = body_of(file.src_uri)
            targets = linked_sources(file.src_uri, body) if body else ()
            if targets:
                # "../2024/2024-12-12-x.md" is written as the id's URL, or as a broken
                # link once that file is renamed: the page changes with the target's place.
                if dests is None:
                    dests = {f.src_uri: f.dest_uri for f in files}
                key = hash((key, tuple((t, dests.get(t)) for t in targets)))
        keyed_file = keyed(file)
        keyed_file.key = key
        keyed_file.ledger = ledger
        out.append(keyed_file)
    return Files(out)


#: A link to a Markdown file by path: inline ``[text](../2024/x.md#part "title")`` or a
#: reference definition ``[x]: ../2024/x.md``.
_MD_LINK = re.compile(
    r"\]\(\s*<?([^)\s>]+?\.md)(?:#[^)\s>]*)?>?(?:\s[^)]*)?\)"
    r"|^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?\.md)(?:#\S*?)?>?(?:\s|$)",
    re.MULTILINE | re.IGNORECASE,
)


@functools.lru_cache(maxsize=16384)
def linked_sources(src_uri: str, body: str) -> tuple[str, ...]:
    """The files, as ``src_uri``, that the Markdown ``body`` of ``src_uri`` links to by path.

    >>> linked_sources("2026/a.md", "See [the first](../2024/b.md#timeline) and [x].\\n\\n[x]: c.md")
    ('2024/b.md', '2026/c.md')
    """
    if ".md" not in body.lower():
        return ()
    base = posixpath.dirname(src_uri)
    found = set()
    for match in _MD_LINK.finditer(body):
        target = unquote(match.group(1) or match.group(2))
        if "://" in target or target.startswith(("/", "mailto:")):
            continue
        found.add(posixpath.normpath(posixpath.join(base, target)))
    return tuple(sorted(found))


def layout(files: Files) -> int:
    """A digest of where every file is written, which an ordinary page's links show."""
    return hash(tuple((f.src_uri, f.dest_uri, f.inclusion) for f in files))


def ordinary_key(file: File, where: int) -> int:
    """The key of an ordinary page (the guide), in files laid out as ``where`` says."""
    return hash((file.src_uri, where))


class Ledger:
    """What the dirty builds of one ``mkdocs serve`` have written, by output path."""

    def __init__(self) -> None:
        #: dest_uri -> key of the content written there
        self.written: dict[str, int] = {}
        #: Every output of the last build, to delete those the next one no longer makes.
        self.outputs: frozenset[str] = frozenset()
        self.stamp: int | None = None
        #: Compiled templates, kept across rebuilds (MkDocs makes a new environment each time).
        self.templates = _TemplateCache()
        #: src_uri -> (title, meta) of each ordinary page as last built: the navigation
        #: of every page shows them, and MkDocs knows them only from a page it reads.
        self.shown: dict[str, tuple[str | None, dict[str, Any]]] = {}
        #: Table rows rendered by earlier builds (see SitePages.rows), by link target.
        self.rows: dict[str, tuple[int, str]] = {}
        #: dest_uri -> (key, text maker) of each file to write after the build.
        self.later: dict[str, tuple[int, Callable[[], str]]] = {}
        #: The writer of the last build's files, and what wakes or stops it.
        self._writer: threading.Thread | None = None
        self._wake = threading.Event()
        self._dropped = threading.Event()
        self._postponed = threading.Event()
        #: Held while a file is put in place, so that one dropped is never written.
        self._replacing = threading.Lock()

    def begin(self, stamp: int) -> None:
        """Start a build whose inputs other than post-mortems have ``stamp``."""
        if stamp != self.stamp:
            self.written.clear()
            self.shown.clear()
            self.rows.clear()
            self.stamp = stamp

    def wrote(self, file: File) -> None:
        if isinstance(file, KeyedFile) and file.key is not None and file.dest_uri not in self.later:
            self.written[file.dest_uri] = file.key

    def write_later(self, file: KeyedFile, text: Callable[[], str]) -> None:
        """Write ``file`` with ``text()`` after this build, rather than MkDocs during it."""
        if file.key is not None:
            self.later[file.dest_uri] = (file.key, text)

    def start_writing(self, site_dir: str) -> None:
        """Write the files of :meth:`write_later` once the author pauses (build ended)."""
        if not self.later:
            return
        # Events of this writer's own: one dropped earlier may still be making a file.
        self._wake, self._dropped = threading.Event(), threading.Event()
        self._postponed = threading.Event()
        self._writer = threading.Thread(
            target=self._write_when_paused,
            args=(Path(site_dir), dict(self.later), self._wake, self._dropped, self._postponed),
            name="pmkb-downloads",
        )
        self._writer.daemon = True
        self._writer.start()

    def stop_writing(self) -> None:
        """Drop what is not written yet (the next build starts, or this one failed):
        the next build makes it again, since the ledger does not count it as written.
        Returns at once: a file being made (the graph takes a second at 10,000) is
        dropped once made, rather than holding up the next build."""
        with self._replacing:
            self._dropped.set()
        self._wake.set()
        self._writer = None
        self.later.clear()

    def postpone_writing(self) -> None:
        """The author saved again without a whole build: wait for the next pause
        before making the files, rather than make them while the author edits."""
        self._postponed.set()

    def wait_for_writes(self) -> None:
        """Write what is left now, without the pause (a test reads the site)."""
        self._wake.set()
        if self._writer is not None:
            self._writer.join()
            self._writer = None

    def _write_when_paused(
        self,
        site_dir: Path,
        jobs: dict[str, tuple[int, Callable[[], str]]],
        wake: threading.Event,
        dropped: threading.Event,
        postponed: threading.Event,
    ) -> None:
        while not wake.wait(WRITE_LATER_PAUSE_S) and postponed.is_set():
            postponed.clear()
        for dest_uri, (key, text) in sorted(jobs.items()):
            if dropped.is_set():
                return
            try:
                data = text().encode("utf-8")
                with self._replacing:
                    if dropped.is_set():
                        return
                    _replace(site_dir / dest_uri, data)
                    self.written[dest_uri] = key
                    self.later.pop(dest_uri, None)
            except Exception as error:  # reported, and made again on the next save
                log.error(
                    "%s was not written (%s); it is made again on the next save", dest_uri, error
                )

    def remember(self, page: Page) -> None:
        """Keep an ordinary page's title and metadata, as the navigation shows them."""
        self.shown[page.file.src_uri] = (page.title, dict(page.meta))

    def recall(self, pages: Iterable[Page]) -> None:
        """Give each ordinary page this build does not read the title and metadata it
        was last built with, so that the navigation of the pages built shows them."""
        for page in pages:
            file = page.file
            if page.markdown is None and not file.is_modified() and file.src_uri in self.shown:
                title, meta = self.shown[file.src_uri]
                page.title = title  # MkDocs lets a page's title be set for good
                page.meta = dict(meta)

    def finish(self, files: Files, site_dir: str) -> list[str]:
        """Record the static files copied, delete outputs no file makes any more; return those."""
        for file in files:
            if not file.is_documentation_page():
                self.wrote(file)
        outputs = frozenset(f.dest_uri for f in files if not f.inclusion.is_excluded())
        gone = sorted(self.outputs - outputs)
        for dest_uri in gone:
            self.written.pop(dest_uri, None)
            _remove(Path(site_dir), dest_uri)
        self.outputs = outputs
        return gone


def _replace(path: Path, content: bytes) -> None:
    """Write ``path`` whole or not at all: the server may be sending it meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(content)
    try:
        os.replace(handle.name, path)
    except OSError:
        os.unlink(handle.name)
        raise


def _remove(site_dir: Path, dest_uri: str) -> None:
    path = site_dir / dest_uri
    try:
        path.unlink()
    except FileNotFoundError:
        return
    folder = path.parent
    while folder != site_dir and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def stamp(paths: Iterable[str], extra: object) -> int:
    """A digest of ``paths``' sizes and modification times, and of ``extra``."""
    marks = []
    for path in paths:
        try:
            info = os.stat(path)
            marks.append((path, info.st_mtime_ns, info.st_size))
        except OSError:
            marks.append((path, -1, -1))
    return hash((tuple(marks), extra))


class _TemplateCache(BytecodeCache):
    """Compiled templates in memory: Material's take a third of a second to compile."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class DirtyWarningFilter(logging.Filter):
    """Leaves out MkDocs' warning that a dirty build may be inaccurate, which ours is not."""

    def __init__(self, applies: Callable[[], bool]) -> None:
        super().__init__()
        self._applies = applies

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self._applies() and "'dirty' build" in str(record.msg))


_INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def config_files(config: MkDocsConfig) -> list[str]:
    """The configuration file and every file it inherits from."""
    out: list[str] = []
    # Absolute: `mkdocs serve` gives the first build the path as typed, the next ones not.
    path = os.path.abspath(config.config_file_path) if config.config_file_path else None
    while path and path not in out and os.path.isfile(path):
        out.append(path)
        with open(path, encoding="utf-8", errors="replace") as handle:
            found = _INHERIT.search(handle.read())
        path = os.path.join(os.path.dirname(path), found.group(1).strip()) if found else None
    return out


def theme_files(config: MkDocsConfig) -> list[str]:
    """The files of the project's own theme overrides (``custom_dir``), if any."""
    custom = config.theme.custom_dir
    if not custom or not os.path.isdir(custom):
        return []
    return sorted(
        os.path.join(folder, name) for folder, _, names in os.walk(custom) for name in names
    )


def react_sooner(server: LiveReloadServer, config: MkDocsConfig) -> Saves | None:
    """Let ``mkdocs serve`` see a save as it happens.

    MkDocs looks for changes by listing every watched file every half second
    (on 10,000 post-mortems, a tenth of a second each time), then waits a tenth
    of a second for more: most of the time an author waits is that. Where the
    system reports changes itself (inotify on Linux, FSEvents on macOS, the
    Windows API), the server is given watchdog's observer for it; where it
    cannot, MkDocs' polling stays. Returns what the server sees saved, then.
    """
    if not _native_events_work(config.docs_dir):
        return None
    watched = [config.docs_dir, config.config_file_path, *config.theme.dirs]
    moved = []
    for path in watched:
        if not path:
            continue
        try:
            server.unwatch(path)
        except KeyError:
            continue  # not watched (the theme, without --watch-theme)
        moved.append(path)
    observer = server.observer = _ChangesObserver()
    for path in moved:
        server.watch(path)
    # Editors save in two or three steps within a few milliseconds.
    server.build_delay = 0.03
    return observer.saves


def build_pages_again(
    pages: Iterable[Page],
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    env: jinja2.Environment,
) -> None:
    """Read, render and write each of ``pages`` as the build that made ``files`` did.

    MkDocs has no public call for some pages; these are the two steps of its own
    build loop (mkdocs.commands.build), with every plugin event they run. A
    MkDocs without them raises here, and the caller builds the whole site.
    """
    from mkdocs.commands import build

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        build._populate_page(page, config, files)
        build._build_page(page, config, doc_files, nav, env)
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


def write_sitemap_again(
    config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment
) -> None:
    """Write the theme's sitemap of ``files`` as a build does, when pages came or went.

    The same step of MkDocs' build loop as :func:`build_pages_again` (and, as
    there, a MkDocs without it raises and the caller builds the whole site).
    """
    from mkdocs.commands import build

    if "sitemap.xml" in config.theme.static_templates:
        build._build_theme_template("sitemap.xml", env, files, config, nav)


#: What a save looks like. The system also reports files opened and read, which
#: the build itself does: passed on, they would start a build after every build.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
]


# watchdog picks the platform's observer class at import, which its annotations
# cannot name; checked as the PollingObserver MkDocs' server declares, whose
# interface every platform's observer shares.
if TYPE_CHECKING:
    _PlatformObserver = PollingObserver
else:
    _PlatformObserver = Observer


class Saves:
    """The paths the server has seen change since the last build."""

    def __init__(self) -> None:
        self._paths: set[str] = set()
        self._folders = False
        self._lock = threading.Lock()

    def note(self, event: FileSystemEvent) -> None:
        with self._lock:
            self._folders = self._folders or event.is_directory
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    self._paths.add(os.fsdecode(path))

    def take(self) -> set[str] | None:
        """The paths noted since the last call; None when a folder changed (then
        which files did is not known)."""
        with self._lock:
            paths, folders = self._paths, self._folders
            self._paths, self._folders = set(), False
        return None if folders else paths


class _Noting(FileSystemEventHandler):
    """Passes each event on to MkDocs' handler once :class:`Saves` has noted it."""

    def __init__(self, handler: FileSystemEventHandler, saves: Saves) -> None:
        super().__init__()
        self._handler = handler
        self._saves = saves

    def dispatch(self, event: FileSystemEvent) -> None:
        self._saves.note(event)
        self._handler.dispatch(event)


class _ChangesObserver(_PlatformObserver):
    """The platform's observer, passing on changes only (see :data:`CHANGES`), each
    noted in :attr:`saves` first."""

    def __init__(self) -> None:
        super().__init__()
        self.saves = Saves()

    def schedule(
        self,
        event_handler: FileSystemEventHandler,
        path: str | Path,
        *,
        recursive: bool = False,
        event_filter: list[type[FileSystemEvent]] | None = None,
        follow_symlink: bool = False,
    ) -> ObservedWatch:
        return super().schedule(
            _Noting(event_handler, self.saves),
            path,
            recursive=recursive,
            event_filter=event_filter or CHANGES,
            follow_symlink=follow_symlink,
        )


def _native_events_work(folder: str) -> bool:
    """Whether the platform's file events can watch ``folder`` (inotify's limits can be reached)."""
    if Observer is PollingObserver:
        return False
    probe = Observer()
    try:
        probe.schedule(FileSystemEventHandler(), folder, recursive=False)
        probe.start()
    except OSError:
        return False
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return True
