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
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
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


class KeyedFile(File):
    """A file that a dirty build writes again only when its content key changed."""

    key: int | None = None
    ledger: Ledger | None = None

    def is_modified(self) -> bool:
        if self.ledger is None or self.key is None:
            return super().is_modified()
        return self.ledger.written.get(self.dest_uri) != self.key


def keyed(file: File) -> KeyedFile:
    """An ordinary page of ``docs_dir`` as a :class:`KeyedFile` (ours are made as such)."""
    if isinstance(file, KeyedFile):
        return file
    return KeyedFile(
        file.src_path,
        file.src_dir,
        file.dest_dir,
        file.use_directory_urls,
        dest_uri=file.dest_uri,
        inclusion=file.inclusion,
    )


def keyed_files(files: Files, key_of: Callable[[str], int | None], ledger: Ledger) -> Files:
    """``files`` with every page and data file keyed by ``key_of(src_uri)``.

    A page ``key_of`` does not know is an ordinary page of the corpus (the guide):
    its source is in the site's stamp, so what else its page shows is where the
    other files are, which its links point at; and the navigation, whose titles of
    the pages not built again the ledger keeps (:meth:`Ledger.recall`).
    """
    layout: int | None = None
    out: list[File] = []
    for file in files:
        key = key_of(file.src_uri)
        if key is None and not file.is_documentation_page():
            out.append(file)  # a static file: MkDocs' modification times are right
            continue
        if key is None:
            if layout is None:
                layout = hash(tuple((f.src_uri, f.dest_uri, f.inclusion) for f in files))
            key = hash((file.src_uri, layout))
        keyed_file = keyed(file)
        keyed_file.key = key
        keyed_file.ledger = ledger
        out.append(keyed_file)
    return Files(out)


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

    def begin(self, stamp: int) -> None:
        """Start a build whose inputs other than post-mortems have ``stamp``."""
        if stamp != self.stamp:
            self.written.clear()
            self.shown.clear()
            self.stamp = stamp

    def wrote(self, file: File) -> None:
        if isinstance(file, KeyedFile) and file.key is not None:
            self.written[file.dest_uri] = file.key

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


def react_sooner(server: LiveReloadServer, config: MkDocsConfig) -> None:
    """Let ``mkdocs serve`` see a save as it happens.

    MkDocs looks for changes by listing every watched file every half second
    (on 10,000 post-mortems, a tenth of a second each time), then waits a tenth
    of a second for more: most of the time an author waits is that. Where the
    system reports changes itself (inotify on Linux, FSEvents on macOS, the
    Windows API), the server is given watchdog's observer for it; where it
    cannot, MkDocs' polling stays.
    """
    if not _native_events_work(config.docs_dir):
        return
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
    server.observer = _ChangesObserver()
    for path in moved:
        server.watch(path)
    # Editors save in two or three steps within a few milliseconds.
    server.build_delay = 0.03


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


class _ChangesObserver(_PlatformObserver):
    """The platform's observer, passing on changes only (see :data:`CHANGES`)."""

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
            event_handler,
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
