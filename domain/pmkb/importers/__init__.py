"""Bring post-mortems that teams already have into the format, as drafts.

Two sources are supported:

* :func:`import_markdown`: post-mortems written as plain Markdown in the
  common template, or as plain text, reStructuredText or AsciiDoc (``pmkb import markdown``);
* :func:`import_incidents`: an incident log exported as CSV or JSON Lines,
  one incident per row (``pmkb import incidents``).

Both write ``draft`` post-mortems that load without errors, mark every guessed
value with a ``# TODO`` comment, never overwrite a file, skip sources imported
before, and return one :class:`FileReport` per source (or row): a file that
cannot be imported is reported with its reason and does not stop the others.
"""

from __future__ import annotations

import dataclasses
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from pmkb.importers.draft import Draft, DraftError, IdAllocator, imported_keys, write_draft
from pmkb.importers.incidents import (
    IncidentOptions,
    LogError,
    detect_format,
    draft_from_row,
    read_rows,
    resolve_columns,
)
from pmkb.importers.markdown import (
    MarkdownOptions,
    NotAPostmortem,
    SkipFile,
    draft_from_markdown,
    incident_parts,
)
from pmkb.importers.markup import MARKUP_SUFFIXES
from pmkb.loader import display_path
from pmkb.taxonomy import Taxonomy

T = TypeVar("T")

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
#: Plain text post-mortems are mostly Markdown-like (underlined or "# " headings, "- " lists).
TEXT_SUFFIXES = (".txt", ".text")
#: reStructuredText and AsciiDoc (Sphinx and Antora docs), read as the Markdown they convert to.
READ_SUFFIXES = MARKDOWN_SUFFIXES + TEXT_SUFFIXES + MARKUP_SUFFIXES
#: Documents in formats that are no text to read: a post-mortem may be among them, so a
#: folder holding one is not wholly imported.
OTHER_FORMATS = {
    ".html": "HTML",
    ".htm": "HTML",
    ".xhtml": "HTML",
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
    ".pages": "Pages",
}
#: Pictures, which archives keep beside their reports.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
#: Incident logs, which `pmkb import incidents` reads.
LOG_SUFFIXES = (".csv", ".jsonl", ".ndjson")


@dataclass
class FileReport:
    """What happened to one source file (or one row of an incident log)."""

    source: str
    #: created | would-create | already-imported | ignored | skipped | failed
    outcome: str
    reason: str = ""
    target: str = ""
    pm_id: str = ""
    found: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: each field of the draft: {field, how, value, line, note}
    fields: list[dict[str, object]] = field(default_factory=list)
    #: what was read: timeline_events, timeline_unread, action_items, action_items_done, start_from_timeline
    counts: dict[str, int] = field(default_factory=dict)
    #: the file, when this draft is one incident of a report of several ("july.md")
    part_of: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome in ("created", "would-create", "already-imported", "ignored")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def not_read_reason(path: Path) -> str | None:
    """Why a file is not read as a post-mortem (its format), or None when it is read."""
    suffix = path.suffix.lower()
    if suffix in READ_SUFFIXES:
        return None
    if suffix in OTHER_FORMATS:
        return (
            f"not Markdown: {suffix} ({OTHER_FORMATS[suffix]}) is not supported; "
            "save it as Markdown or plain text to import it"
        )
    if suffix in LOG_SUFFIXES:
        return f"not Markdown: a {suffix} file is an incident log; import it with `pmkb import incidents`"
    if suffix in IMAGE_SUFFIXES:
        return f"not a post-mortem: {suffix} is an image"
    return (
        f"not a post-mortem: {suffix or 'a file without an extension'} is not read in a folder; "
        f"name the file to read it as Markdown ({', '.join(READ_SUFFIXES)} "
        "are read in folders)"
    )


def looks_like_markdown(path: Path) -> bool:
    """A file without an extension whose text is Markdown: a heading first, sections after it
    (some archives drop the ``.md`` of a report's name)."""
    if path.suffix and " " not in path.suffix:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    return (
        bool(lines)
        and re.match(r"#{1,2} \S", lines[0]) is not None
        and any(re.match(r"#{2,3} \S", line) for line in lines[1:])
    )


def not_a_file_reason(path: Path) -> str | None:
    """Why ``path`` is no regular file to read ("a named pipe"), else None. Reading a pipe
    waits for a writer and a device may never end, so neither is opened. A path that cannot
    be looked at (a broken link) is left to the read, which reports why."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        kind = "a named pipe"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISDIR(mode):
        return "not read: a link to a folder; name the folder to import the files in it"
    else:
        kind = "a special file"
    return f"not read: {kind}, not a regular file (reading it could wait forever)"


def is_unread_document(path: Path) -> bool:
    """A document or incident log the importer cannot read here (not an image, a
    stylesheet or another file that archives keep beside their post-mortems)."""
    suffix = path.suffix.lower()
    return suffix in OTHER_FORMATS or suffix in LOG_SUFFIXES


def _sources(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Each file named, and each file under the folders named, in a stable order, with
    True for a file found in a folder."""
    out: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            out += [
                (p, True)
                for p in sorted(path.rglob("*"))
                # Named pipes, sockets and devices too: each is listed as left unread.
                if (p.is_symlink() or not p.is_dir())
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
        else:
            out.append((path, False))
    seen: set[Path] = set()
    unique = []
    for path, in_folder in out:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((path, in_folder))
    return unique


def markdown_sources(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the Markdown, text, reStructuredText and AsciiDoc files under
    folders named, in a stable order."""
    return [
        path
        for path, in_folder in _sources(paths)
        if (not in_folder or not_read_reason(path) is None) and not_a_file_reason(path) is None
    ]


def write_one(
    make: Callable[[], Draft],
    source: str,
    out: Path,
    ids: IdAllocator,
    taxonomy: Taxonomy,
    done: dict[str, Path],
    *,
    dry_run: bool,
) -> FileReport:
    """Build one draft and write it, turning every expected failure into a report."""
    built = build(make, source)
    if isinstance(built, FileReport):
        return built
    return write_built(built, source, out, ids, taxonomy, done, dry_run=dry_run)


def build(make: Callable[[], T], source: str) -> T | FileReport:
    """What ``make`` builds, or the report of why it could not."""
    try:
        return make()
    except NotAPostmortem as exc:
        return FileReport(source, "ignored", str(exc))
    except SkipFile as exc:
        return FileReport(source, "skipped", str(exc))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as exc:
        # A source shaped like nothing the importer knows: report it, never a traceback.
        return FileReport(
            source, "failed", f"could not be read ({type(exc).__name__}: {exc}); please report it"
        )


def write_built(
    draft: Draft,
    source: str,
    out: Path,
    ids: IdAllocator,
    taxonomy: Taxonomy,
    done: dict[str, Path],
    *,
    dry_run: bool,
) -> FileReport:
    """Write a draft built from ``source``, unless it was imported before."""
    earlier = done.get(draft.source_key)
    if earlier is not None:
        return FileReport(
            source,
            "already-imported",
            f"imported before as {display_path(earlier)}",
            target=display_path(earlier),
        )
    try:
        # A dry run writes nothing: the paths given to the drafts before this one are taken too.
        path, pm_id = write_draft(
            draft, out, ids, taxonomy, dry_run=dry_run, taken=set(done.values())
        )
    except DraftError as exc:
        return FileReport(source, "failed", str(exc))
    done[draft.source_key] = path
    keys = draft.keys_by_how()
    return FileReport(
        source,
        "would-create" if dry_run else "created",
        target=display_path(path),
        pm_id=pm_id,
        found=keys["found"],
        guessed=keys["guessed"],
        missing=keys["missing"],
        notes=draft.notes,
        fields=draft.field_report(),
        counts=dict(draft.counts),
    )


def import_markdown(
    paths: Iterable[Path],
    out: Path,
    options: MarkdownOptions,
    *,
    id_roots: Iterable[Path] = (),
    dry_run: bool = False,
) -> list[FileReport]:
    """Import each Markdown, text, reStructuredText or AsciiDoc file in ``paths`` into
    ``out``; one report per file.

    Every other file under a folder is reported as skipped, with its format; a file
    named on its own is read as Markdown unless its format is known to be something
    else (HTML, PDF, Word, an image, an incident log), which fails.
    """
    ids = IdAllocator([out, *id_roots])
    done = imported_keys(out)
    reports = []
    for path, in_folder in _sources(paths):
        shown = display_path(path)
        special = not_a_file_reason(path)
        if special is not None:
            # Before anything opens it: a pipe would hold the whole run.
            reports.append(FileReport(shown, "skipped" if in_folder else "failed", special))
            continue
        reason = not_read_reason(path)
        document = is_unread_document(path)
        markdown = reason is not None and in_folder and looks_like_markdown(path)
        if markdown:
            reason = None
        elif reason is not None and (
            in_folder or document or path.suffix.lower() in IMAGE_SUFFIXES
        ):
            # Every file left unread is listed. A document the importer cannot read
            # (HTML, PDF...) may be a post-mortem, so the import is not whole: it is
            # skipped, or failed when named on its own; anything else that archives
            # keep beside their reports (images, stylesheets) is only ignored.
            outcome = "failed" if not in_folder else "skipped" if document else "ignored"
            reports.append(FileReport(shown, outcome, reason))
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            reports.append(FileReport(shown, "failed", f"cannot read: {exc.strerror or exc}"))
            continue
        for report in _write_markdown(raw, path.name, shown, out, ids, options, done, dry_run):
            if markdown:
                report = _read_without_extension(report, shown, path)
            reports.append(report)
    return reports


def _write_markdown(
    raw: bytes,
    name: str,
    shown: str,
    out: Path,
    ids: IdAllocator,
    options: MarkdownOptions,
    done: dict[str, Path],
    dry_run: bool,
) -> list[FileReport]:
    """The reports of the drafts of one Markdown source: one, or one per incident of a
    report of several incidents, each listed as the source's line of the incident's heading
    ("july.md:12")."""
    whole = build(partial(draft_from_markdown, raw, name, options), shown)
    if isinstance(whole, FileReport):
        return [whole]
    earlier = done.get(whole.source_key)
    if earlier is None:
        parts = build(partial(incident_parts, raw, name, options, whole), shown)
        if isinstance(parts, list) and parts:
            reports = [
                write_built(
                    part.draft,
                    f"{shown}:{part.first}",
                    out,
                    ids,
                    options.taxonomy,
                    done,
                    dry_run=dry_run,
                )
                for part in parts
                if part.draft is not None
            ]
            for report in reports:
                report.part_of = shown
            return reports
    # A single incident, or a file imported whole before: one draft, as it always was.
    return [write_built(whole, shown, out, ids, options.taxonomy, done, dry_run=dry_run)]


def _read_without_extension(report: FileReport, shown: str, path: Path) -> FileReport:
    """The report of a file without an extension that was read as Markdown."""
    if report.outcome == "skipped" and report.reason.startswith("does not look like"):
        # Text that only starts like Markdown: left, as any file without an extension.
        return FileReport(shown, "ignored", not_read_reason(path) or "")
    if report.outcome != "ignored":
        report.notes.insert(
            0,
            "read as Markdown: the file has no extension, but its text is Markdown "
            "(a heading, then sections)",
        )
    return report


def import_incidents(
    path: Path,
    out: Path,
    options: IncidentOptions,
    *,
    id_roots: Iterable[Path] = (),
    dry_run: bool = False,
) -> list[FileReport]:
    """Import each incident of the log at ``path`` into ``out``; one report per row.

    Raises :class:`LogError` when the log as a whole cannot be used (unknown
    format, no header, a ``--map`` column that does not exist).
    """
    fmt = detect_format(path, options.format)
    rows, bad, header = read_rows(path, fmt)
    names: list[str] = list(header)
    for row in rows:
        names += [k for k in row.values if k not in names]
    columns = resolve_columns(names, options.columns)
    shown = display_path(path)
    twice = sorted({column for column in columns.values() if header.count(column) > 1})
    if twice:
        # A CSV row is read into a mapping: the last of two same-named cells
        # would win without a word, and either could be the one meant.
        raise LogError(
            f"{shown}:1: the header names column {', '.join(map(repr, twice))} more than "
            "once, so which cell holds the value is unknown; rename one of them"
        )
    if "started" not in columns and not rows and bad:
        # No row could be read at all: say why for each, not that no column was found.
        return [FileReport(f"{shown}:{line}", "failed", reason) for line, reason in bad]
    if "started" not in columns:
        raise LogError(
            f"{display_path(path)}: no column for the start time among {', '.join(names) or 'no columns'}; "
            "name it with --map started=COLUMN"
        )
    if options.year is None:
        named = re.search(r"(?<!\d)(19[7-9]\d|2[01]\d\d)(?!\d)", path.name)
        options = dataclasses.replace(options, year=int(named.group(1)) if named else None)
    ids = IdAllocator([out, *id_roots])
    done = imported_keys(out)
    reports = [FileReport(f"{shown}:{line}", "failed", reason) for line, reason in bad]
    for row in rows:
        make = partial(draft_from_row, row, columns, path.name, options)
        reports.append(
            write_one(
                make, f"{shown}:{row.line}", out, ids, options.taxonomy, done, dry_run=dry_run
            )
        )
    reports.sort(key=lambda r: int(r.source.rsplit(":", 1)[1]))
    return reports


__all__ = [
    "FileReport",
    "IncidentOptions",
    "LogError",
    "MarkdownOptions",
    "import_incidents",
    "import_markdown",
    "markdown_sources",
]
