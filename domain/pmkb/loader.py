"""Load a folder of post-mortems into typed records and a list of problems.

    >>> corpus = load_corpus(Path("postmortems"), taxonomy)   # doctest: +SKIP
    >>> corpus.records[0].meta.id, corpus.problems[:1]        # doctest: +SKIP

One bad file never hides the good ones: every file is read, every problem of
every file is collected, and only files without errors become records.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pmkb.checks import (
    IdOwner,
    check_corpus,
    check_record,
    check_taxonomy,
    id_precedence,
    is_unreadable,
)
from pmkb.model import ActionItem, PartialActionItem, PartialPostMortem, PostMortem
from pmkb.problems import Problem, sort_problems
from pmkb.source import Loc, SourceFile, is_placeholder, read_source
from pmkb.taxonomy import Taxonomy
from pmkb.validation import Salvaged, read_frontmatter

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YEAR_DIR = re.compile(r"^\d{4}$")
# `\r?`: a file with CRLF endings is only warned about, and its id still counts.
_ID_LINE = re.compile(rb"^id:[ \t]*['\"]?(PM-\d{4}-\d{3,})['\"]?[ \t]*(?:#.*)?\r?$", re.MULTILINE)
# A file that looks like a post-mortem but sits outside a year folder: by its name...
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-.+\.md$")
# ...or by a top-level key of its frontmatter that no ordinary page has (a page
# may well have a `title`, or Material's `status`).
_POSTMORTEM_KEY = re.compile(
    rb"^(?:id:[ \t]*['\"]?PM-\d|severity:|timeline:|contributing_factors:|action_items:"
    rb"|root_cause:|detection:)",
    re.MULTILINE,
)
_OPENING_FENCE = re.compile(rb"(?:\xef\xbb\xbf)?---[ \t]*\r?\n")
_CLOSING_FENCE = re.compile(rb"^---[ \t]*\r?$", re.MULTILINE)
#: Enough of a file to hold any real frontmatter's first keys.
_SNIFF_BYTES = 16_384
# A top-level `services:` or `teams:` key with its value, flow or block list.
_NAME_KEYS = re.compile(
    rb"^(?:services|teams):[^\n]*\n(?:(?:[ \t]+[^\n]*|-[^\n]*)?\n)*", re.MULTILINE
)


@dataclass
class Record:
    """One valid post-mortem: its frontmatter model, its body and where it came from."""

    path: str  # as shown in messages (relative to the working directory when possible)
    rel_path: str  # relative to the corpus root, POSIX separators: `2025/2025-02-09-x.md`
    meta: PostMortem
    src: SourceFile
    abs_path: Path

    @property
    def body(self) -> str:
        return self.src.body

    @property
    def body_line(self) -> int:
        return self.src.body_line

    @property
    def placeholders(self) -> frozenset[Loc]:
        """Keys whose line carries a TODO note (see :func:`pmkb.source.is_placeholder`)."""
        return self.src.placeholders

    def is_placeholder(self, loc: Loc) -> bool:
        """Whether the value at ``loc`` is a placeholder its author has not confirmed."""
        return is_placeholder(self.src.placeholders, loc)

    def confirmed(self, key: str) -> list[str]:
        """The names a list key (``services``, ``teams``, ``contributing_factors``) gives,
        less the placeholders: what the figures, pages and related incidents count."""
        values: list[str] = getattr(self.meta, key)
        if not self.src.placeholders:
            return values
        return [v for i, v in enumerate(values) if not self.is_placeholder((key, i))]


@dataclass
class Reading:
    """One post-mortem file as far as it could be read, errors or not: the review
    checklist runs on these, so that a schema error hides none of a file's other
    findings.

    ``meta`` is the full model of a file valid in shape; for a file with shape
    errors it holds the keys whose values are valid on their own, and
    ``unreadable`` the keys whose values are not (already reported).
    """

    path: str
    rel_path: str
    meta: PostMortem | PartialPostMortem
    src: SourceFile
    abs_path: Path
    unreadable: frozenset[Loc] = frozenset()

    @property
    def body(self) -> str:
        return self.src.body

    @property
    def body_line(self) -> int:
        return self.src.body_line

    @property
    def action_items(self) -> Sequence[ActionItem | PartialActionItem]:
        return self.meta.action_items

    def unread(self, loc: Loc) -> bool:
        """Whether ``loc`` is in the file but did not validate: its absence says nothing."""
        return is_unreadable(self.unreadable, loc)


@dataclass
class Corpus:
    root: Path
    taxonomy: Taxonomy
    #: Post-mortems without errors, ordered by start time then id.
    records: list[Record] = field(default_factory=list)
    #: Every problem of every file, errors and warnings, in file and line order.
    problems: list[Problem] = field(default_factory=list)
    #: Files that have at least one error, by relative path, with their source.
    broken: dict[str, SourceFile] = field(default_factory=dict)
    #: Post-mortems outside the year folders (each reported as ``file.location``).
    misplaced: list[Path] = field(default_factory=list)
    #: Every file with a frontmatter mapping or a body, errors or not: the linter's
    #: checklist runs on these, so one error does not hide the rest of a file's findings.
    readings: list[Reading] = field(default_factory=list)
    #: The services and teams of the files left out by ``only``, by :func:`scan_names`:
    #: the linter compares the names of the files it checks with the whole corpus's.
    other_names: list[dict[str, list[str]]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def by_id(self) -> dict[str, Record]:
        return {r.meta.id: r for r in self.records}


@dataclass
class _Parsed:
    """What is cached per file: everything that depends only on its bytes and name."""

    src: SourceFile
    meta: PostMortem | None
    local_problems: list[Problem]
    #: For a file with shape errors, the keys that validated on their own.
    salvaged: Salvaged | None = None
    #: The vocabulary last checked against and its problems (see _factor_problems).
    factors_checked: tuple[object, list[Problem]] | None = None


class ParseCache:
    """Parsed files keyed by path, reused while size and modification time are unchanged.

    ``mkdocs serve`` rebuilds after every save; re-reading only the files that
    changed keeps that rebuild quick on a large corpus. Thread-safe because
    MkDocs' live reload may build from a different thread than the first build.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], _Parsed]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def lookup(self, path: Path, display: str) -> tuple[tuple[int, int], _Parsed | None]:
        """The file's stamp, and what was parsed of it if it has not changed since."""
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (-1, -1)
        with self._lock:
            entry = self._entries.get((str(path), display))
            if entry is not None and entry[0] == stamp and stamp != (-1, -1):
                self.hits += 1
                return stamp, entry[1]
        return stamp, None

    def store(self, path: Path, display: str, stamp: tuple[int, int], parsed: _Parsed) -> None:
        """Keep ``parsed``, read when the file had ``stamp`` (from :meth:`lookup`)."""
        with self._lock:
            self.misses += 1
            self._entries[(str(path), display)] = (stamp, parsed)

    def last_read(self, path: Path, display: str) -> _Parsed | None:
        """What was last parsed of the file, changed since or not."""
        with self._lock:
            entry = self._entries.get((str(path), display))
        return entry[1] if entry is not None else None

    def forget_missing(self, keep: Iterable[Path]) -> None:
        """Drop entries of files that no longer exist, so the cache cannot grow without bound."""
        alive = {str(p) for p in keep}
        with self._lock:
            for key in [k for k in self._entries if k[0] not in alive]:
                del self._entries[key]


def parse_file(path: Path, display: str, rel_path: str) -> _Parsed:
    src = read_source(path, display)
    read = read_frontmatter(src)
    if isinstance(read, PostMortem):
        check_record(read, src, rel_path)
        return _Parsed(src, read, list(src.problems))
    if read is not None:
        # The checks between keys run on what validated, beside the shape errors.
        check_record(read.meta, src, rel_path, read.unreadable)
    return _Parsed(src, None, list(src.problems), read)


#: What a post-mortem may attach beside it in its year folder: pictures, PDFs and
#: plain text. An HTML, SVG or script file would run its code on the site's own
#: origin when a reader opens it, with nobody reviewing it as code.
ATTACHMENT_TYPES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".txt", ".csv", ".log"}
)
#: Other spellings of a Markdown file's name (MkDocs publishes most of them as pages).
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt"})


def discover(
    root: Path,
    *,
    linked_folders: list[Path] | None = None,
    refused_attachments: list[Path] | None = None,
    unreadable_folders: list[tuple[Path, str]] | None = None,
) -> tuple[list[Path], list[Path]]:
    """Post-mortem files under ``root`` and misplaced ones.

    A post-mortem lives in a four-digit year folder directly under the root.
    Other Markdown files are ordinary pages of the site, except those whose name
    starts with a date or whose frontmatter has a post-mortem's keys: those are
    post-mortems in the wrong place. Folders that are symbolic links are never
    entered; those that would hold post-mortems (a year folder, or one inside
    it) are added to ``linked_folders``. Files in year folders that are neither
    Markdown nor an :data:`ATTACHMENT_TYPES` file are added to
    ``refused_attachments``. Folders that cannot be listed (no permission) are
    added to ``unreadable_folders`` with the system's reason: ``os.walk`` would
    otherwise skip them, and every post-mortem in them, without a word.
    """
    found: list[Path] = []
    misplaced: list[Path] = []

    def unlisted(error: OSError) -> None:
        if unreadable_folders is not None and error.filename is not None:
            unreadable_folders.append((Path(error.filename), error.strerror or str(error)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        rel_dir = Path(dirpath).relative_to(root)
        in_year = len(rel_dir.parts) >= 1 and bool(YEAR_DIR.match(rel_dir.parts[0]))
        if linked_folders is not None:
            linked_folders.extend(
                Path(dirpath, d)
                for d in dirnames
                if (in_year or YEAR_DIR.match(d)) and os.path.islink(os.path.join(dirpath, d))
            )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if not name.endswith(".md"):
                suffix = os.path.splitext(name)[1].lower()
                if in_year and refused_attachments is not None and suffix not in ATTACHMENT_TYPES:
                    refused_attachments.append(Path(dirpath, name))
                continue
            path = Path(dirpath, name)
            if in_year:
                found.append(path)
            elif _DATED_NAME.match(name) or has_postmortem_frontmatter(path):
                misplaced.append(path)
    return found, misplaced


def has_postmortem_frontmatter(path: Path) -> bool:
    """Whether the file at ``path`` opens with frontmatter that has a post-mortem's keys."""
    if path.is_symlink():
        return False  # never read through a link (see read_source)
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    opening = _OPENING_FENCE.match(head)
    if opening is None:
        return False
    closing = _CLOSING_FENCE.search(head, opening.end())
    frontmatter = head[opening.end() : closing.start() if closing else len(head)]
    return _POSTMORTEM_KEY.search(frontmatter) is not None


def is_postmortem_path(path: Path, root: Path) -> bool:
    """Whether ``discover`` would read ``path`` as a post-mortem (or a misplaced one)."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    if path.suffix != ".md":
        return False
    in_year = len(rel.parts) > 1 and bool(YEAR_DIR.match(rel.parts[0]))
    return in_year or bool(_DATED_NAME.match(rel.name)) or has_postmortem_frontmatter(path)


def display_path(path: Path, base: Path | None = None) -> str:
    """``path`` as a reader's terminal or editor can open it: relative to ``base`` if inside."""
    base = base or Path.cwd()
    try:
        return Path(os.path.relpath(path, base)).as_posix() if _inside(path, base) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _inside(path: Path, base: Path) -> bool:
    # Resolve the folder, not the file: a link is shown where it is, not where it points.
    try:
        (path.absolute().parent.resolve() / path.name).relative_to(base.resolve())
        return True
    except ValueError:
        return False


def scan_ids(paths: Iterable[Path], base: Path | None = None) -> dict[str, str]:
    """Ids declared by files, found with a regex on the raw bytes, without parsing YAML.

    Enough to check ``related`` links and uniqueness against files that are not
    being validated (linting one changed file in a 10,000-file corpus).
    """
    ids: dict[str, str] = {}
    for path in paths:
        scanned = _scan_id(path)
        if scanned is not None:
            ids.setdefault(scanned[0], display_path(path, base))
    return ids


def _scan_id(path: Path) -> tuple[str, int] | None:
    """The id a file declares and the line of its ``id`` key, by a regex on its first bytes."""
    if path.is_symlink():
        return None  # never read through a link (see read_source)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    match = _ID_LINE.search(head)
    if match is None:
        return None
    return match.group(1).decode(), head.count(b"\n", 0, match.start()) + 1


def scan_names(path: Path) -> dict[str, list[str]]:
    """The ``services`` and ``teams`` a file declares, without validating the file.

    Only those two keys of its frontmatter are parsed, as YAML, so that linting one
    changed file still knows the names used across a large corpus; a file that
    cannot be read this way gives none.
    """
    if path.is_symlink():
        return {}  # never read through a link (see read_source)
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return {}
    opening = _OPENING_FENCE.match(head)
    if opening is None:
        return {}
    closing = _CLOSING_FENCE.search(head, opening.end())
    frontmatter = head[opening.end() : closing.start() if closing else len(head)]
    blocks = [match.group() for match in _NAME_KEYS.finditer(frontmatter)]
    found: dict[str, list[str]] = {}
    # Both keys in one document: one parse per file, the cost of linting one file
    # against a large corpus. Should that fail, each key alone, so that a
    # mistake in one keeps the other's names.
    if len(blocks) > 1:
        data = _names_of(b"".join(blocks))
        if data is not None:
            return data
    for block in blocks:
        found.update(_names_of(block) or {})
    return found


def _names_of(text: bytes) -> dict[str, list[str]] | None:
    """The lists of text under the keys of the YAML ``text``; None unless it is a mapping."""
    try:
        data = yaml.load(text.decode("utf-8", "replace"), Loader=_YamlLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    return {
        str(key): [v for v in value if isinstance(v, str)]
        for key, value in data.items()
        if isinstance(value, list)
    }


def _is_wanted(path: Path, wanted: set[Path], names: set[str]) -> bool:
    """Whether ``path`` resolves to one of the ``wanted`` (resolved) paths, whose
    names are ``names``.

    Resolving changes a path's last part only when that part is a link, so any other
    file whose name no wanted path has is left out without the system calls of
    resolving it: linting one file of 10,000 resolved every one of them.
    """
    if path.name not in names and not path.is_symlink():
        return False
    return path.resolve() in wanted


class _FoundUnder:
    """Paths of the files found by walking ``root`` (never through a link): relative to
    the root, and as problems show them (see :func:`display_path`)."""

    def __init__(self, root: Path, base: Path | None) -> None:
        self._root = root
        self._base = base
        self._root_text = str(root).rstrip("/") + "/"
        # Each file's display path is the root's plus its path below the root: no
        # per-file resolve. When the working directory is not above the root (it lies
        # inside it, or elsewhere), paths differ per file and each is worked out.
        root_shown = display_path(root, base)
        self._prefix: str | None = None
        if not Path(root_shown).is_absolute():
            self._prefix = "" if root_shown == "." else root_shown.rstrip("/") + "/"

    def relative(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self._root_text):
            return text[len(self._root_text) :].replace(os.sep, "/")
        return path.relative_to(self._root).as_posix()

    def shown(self, path: Path, relative: str | None = None) -> str:
        """As problems show ``path``; ``relative``, if given, is :meth:`relative` of it."""
        if self._prefix is None:
            return display_path(path, self._base)
        return self._prefix + (self.relative(path) if relative is None else relative)


def _id_owners(
    files: list[Path], validated: dict[str, _Parsed], found_under: _FoundUnder
) -> dict[str, IdOwner]:
    """Every id declared in the corpus, with the file that keeps it.

    The files validated in this run are known by their model, or for a broken
    one by its raw frontmatter; the others by a scan of their id line, and read
    in full only when they share an id with another file. Among the files that
    share one, :func:`~pmkb.checks.id_precedence` chooses.
    """
    claims: dict[str, list[tuple[Path, str, int, SourceFile | None]]] = {}
    for path in files:
        item = validated.get(str(path))
        if item is not None and item.meta is not None:
            pm_id, line = item.meta.id, item.src.line_of(("id",))
        else:
            scanned = _scan_id(path)
            if scanned is None:
                continue
            pm_id, line = scanned
        src = item.src if item is not None else None
        shown = src.path if src is not None else found_under.shown(path)
        claims.setdefault(pm_id, []).append((path, shown, line, src))
    owners: dict[str, IdOwner] = {}
    for pm_id, claimants in claims.items():
        if len(claimants) > 1:
            claimants.sort(key=lambda c: id_precedence(_frontmatter(c[0], c[1], c[3]), c[1]))
        _path, shown, line, _src = claimants[0]
        owners[pm_id] = IdOwner(shown, line)
    return owners


def _frontmatter(path: Path, shown: str, src: SourceFile | None) -> dict[str, object] | None:
    """The raw frontmatter of a file, read now if this run did not validate it."""
    return (src if src is not None else read_source(path, shown)).data


def load_corpus(
    root: Path,
    taxonomy: Taxonomy,
    *,
    only: Iterable[Path] | None = None,
    cache: ParseCache | None = None,
    base: Path | None = None,
) -> Corpus:
    """Read and validate every post-mortem under ``root``.

    ``only`` restricts validation (and the problems reported) to some files,
    while ids of the rest are still known for ``related`` and uniqueness
    checks. ``cache`` reuses unchanged files between calls. Paths in problems
    are relative to ``base`` (default: the working directory).
    """
    # The loader allocates millions of small objects that live as long as the
    # corpus; the cyclic collector would rescan them all, again and again, as
    # they pile up. None of them form cycles that need it during the load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_corpus(Path(root), taxonomy, only, cache, base)
    finally:
        if collecting:
            gc.enable()


def _load_corpus(
    root: Path,
    taxonomy: Taxonomy,
    only: Iterable[Path] | None,
    cache: ParseCache | None,
    base: Path | None,
) -> Corpus:
    corpus = Corpus(root=root, taxonomy=taxonomy)
    linked: list[Path] = []
    refused: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    files, misplaced = discover(
        root, linked_folders=linked, refused_attachments=refused, unreadable_folders=unreadable
    )
    for path, reason in unreadable:
        corpus.problems.append(
            Problem(
                display_path(path, base),
                1,
                "",
                "file.unreadable",
                "error",
                f"cannot list this folder ({reason}), so the post-mortems in it are not read; "
                "make it readable",
            )
        )
    for path in linked:
        # MkDocs follows such a link and would publish what it points at,
        # unread by the loader and unreviewed in the repository.
        corpus.problems.append(
            Problem(
                display_path(path, base),
                1,
                "",
                "file.symlink",
                "error",
                "this folder is a symbolic link, so the post-mortems in it are not read; "
                "they must be files in the repository: move them here",
            )
        )
    for path in refused if only is None else []:
        if path.suffix.lower() in _MARKDOWN_SUFFIXES or has_postmortem_frontmatter(path):
            # A post-mortem under another name (`.MD`, `.markdown`, none): never
            # read, so its incident would be missing from every page and figure.
            corpus.problems.append(
                Problem(
                    display_path(path, base),
                    1,
                    "",
                    "file.name",
                    "error",
                    "a post-mortem's name ends in `.md`, in lower case, so this file is not "
                    f"read: rename it to {path.stem if path.suffix else path.name}.md",
                )
            )
            continue
        kind = f"{path.suffix} files are" if path.suffix else "files without an extension are"
        corpus.problems.append(
            Problem(
                display_path(path, base),
                1,
                "",
                "file.attachment",
                "error",
                f"{kind} not published beside post-mortems (an HTML, "
                "SVG or script file runs its code when a reader opens it); attach a picture, "
                f"a PDF or plain text instead: {', '.join(sorted(ATTACHMENT_TYPES))}",
            )
        )
    wanted = {p.resolve() for p in only} if only is not None else None
    wanted_names = {p.name for p in wanted or ()}
    for path in misplaced:
        if wanted is not None and not _is_wanted(path, wanted, wanted_names):
            continue
        corpus.misplaced.append(path)
        corpus.problems.append(
            Problem(
                display_path(path, base),
                1,
                "",
                "file.location",
                "error",
                f"post-mortems live in year folders: move it to {_destination(path)} under "
                f"{display_path(root, base)} (the incident's UTC start date, then a slug)",
            )
        )
    selected = files
    if wanted is not None:
        selected = [p for p in files if _is_wanted(p, wanted, wanted_names)]

    found_under = _FoundUnder(root, base)
    jobs = []
    for path in selected:
        rel = found_under.relative(path)
        jobs.append((path, found_under.shown(path, rel), rel))
    parsed = _parse_with_cache(jobs, cache)
    if wanted is not None:
        chosen = set(selected)
        corpus.other_names = [scan_names(p) for p in files if p not in chosen]
    if cache is not None and only is None:
        cache.forget_missing(files)

    known_ids = _id_owners(files, {str(path): item for path, _, item in parsed}, found_under)

    candidates: list[Record] = []
    vocabulary = (
        taxonomy.path,
        frozenset(taxonomy.factors),
        frozenset(taxonomy.broken.items()),
        taxonomy.unusable,
    )
    for _path, rel, item in parsed:
        problems = list(item.local_problems) + _factor_problems(item, taxonomy, vocabulary)
        if item.meta is not None:
            candidates.append(Record(item.src.path, rel, item.meta, item.src, _path))
            corpus.readings.append(Reading(item.src.path, rel, item.meta, item.src, _path))
        elif item.salvaged is not None or item.src.body:
            # A frontmatter that is not a mapping, or YAML that did not parse,
            # still leaves a body to check.
            salvaged = item.salvaged or Salvaged(PartialPostMortem(), frozenset({()}))
            corpus.readings.append(
                Reading(item.src.path, rel, salvaged.meta, item.src, _path, salvaged.unreadable)
            )
        corpus.problems.extend(problems)
    corpus.problems.extend(check_corpus((item.src for _, _, item in parsed), known_ids))
    corpus.problems = sort_problems(corpus.problems)

    with_errors = {p.path for p in corpus.problems if p.is_error}
    for _path, rel, item in parsed:
        if item.src.path in with_errors:
            corpus.broken[rel] = item.src
    corpus.records = sorted(
        (r for r in candidates if r.path not in with_errors),
        key=lambda r: (r.meta.started_utc, r.meta.id),
    )
    return corpus


def _factor_problems(item: _Parsed, taxonomy: Taxonomy, vocabulary: object) -> list[Problem]:
    """The file's unknown factor tags. Kept on the cached parse, since they depend on
    the file and the vocabulary alone: ``mkdocs serve`` reloads the corpus per save."""
    if item.src.data is None:
        return []
    if item.factors_checked is None or item.factors_checked[0] != vocabulary:
        item.factors_checked = (vocabulary, check_taxonomy(item.src.data, item.src, taxonomy))
    return item.factors_checked[1]


def _destination(path: Path) -> str:
    """Where a misplaced post-mortem belongs: ``2025/2025-02-09-slug.md``, from its
    name when that starts with a date, else from its ``timeline.started``."""
    if _DATED_NAME.match(path.name):
        return f"{path.name[:4]}/{path.name}"
    slug = "-".join(re.findall(r"[a-z0-9]+", path.stem.lower())) or "incident"
    timeline = (read_source(path, path.name).data or {}).get("timeline")
    started = timeline.get("started") if isinstance(timeline, dict) else None
    if isinstance(started, dt.datetime) and started.tzinfo is not None:
        day = started.astimezone(dt.timezone.utc).date()
        return f"{day:%Y}/{day:%Y-%m-%d}-{slug}.md"
    return f"YYYY/YYYY-MM-DD-{slug}.md"


def _parse_with_cache(
    jobs: list[tuple[Path, str, str]],
    cache: ParseCache | None,
) -> list[tuple[Path, str, _Parsed]]:
    """Each job's path, relative path and parse, from ``cache`` when the file is unchanged."""
    found: dict[int, _Parsed] = {}
    stamps: dict[int, tuple[int, int]] = {}
    if cache is not None:
        for n, (path, display, _rel) in enumerate(jobs):
            stamps[n], item = cache.lookup(path, display)
            if item is not None:
                found[n] = item
    missing = [n for n in range(len(jobs)) if n not in found]
    for n in missing:
        item = parse_file(*jobs[n])
        found[n] = item
        if cache is not None:
            cache.store(jobs[n][0], jobs[n][1], stamps[n], item)
    return [(path, rel, found[n]) for n, (path, _display, rel) in enumerate(jobs)]


def reread_body(record: Record, cache: ParseCache) -> SourceFile | None:
    """``record``'s file read again, when a save changed its body alone.

    The new source, when the frontmatter is the same as when ``cache`` last read
    the file and so are the file's own problems: then no other page, figure or
    finding of the corpus can have changed. None when anything else changed
    (the whole corpus must be read again), or when the cache never read it.
    """
    before = cache.last_read(record.abs_path, record.path)
    if before is None or before.meta is None:
        return None
    stamp, unchanged = cache.lookup(record.abs_path, record.path)
    if unchanged is not None:
        return unchanged.src
    after = parse_file(record.abs_path, record.path, record.rel_path)
    cache.store(record.abs_path, record.path, stamp, after)
    same = (
        after.meta is not None
        and after.src.frontmatter_digest == before.src.frontmatter_digest
        and after.local_problems == before.local_problems
    )
    return after.src if same else None


def iter_problems_for(corpus: Corpus, rel_path: str) -> Iterator[Problem]:
    src = corpus.broken.get(rel_path)
    if src is None:
        return
    yield from (p for p in corpus.problems if p.path == src.path)
