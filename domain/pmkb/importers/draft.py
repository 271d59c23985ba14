"""A draft post-mortem built by an importer, written as a file of our format.

Every value carries how it was obtained. What was read as written is plain;
what was inferred gets a ``# TODO: guessed: ...`` comment on its line, and a
placeholder where the source said nothing gets ``# TODO: not found in the
source``. ``pmkb lint`` counts those markers, so an imported draft tells its
author exactly which lines to check, and the report of the import lists the
same keys.

Drafts are checked against the format before they are written: an importer
can only ever produce a file that loads without errors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pmkb.checks import check_record, check_taxonomy
from pmkb.importers.timestamps import DATE, format_utc
from pmkb.loader import YEAR_DIR, discover, scan_ids
from pmkb.scaffold import folder_error, slugify
from pmkb.source import SourceFile, parse_source
from pmkb.taxonomy import Taxonomy
from pmkb.validation import validate_frontmatter

T = TypeVar("T")
How = Literal["found", "guessed", "missing", "derived"]

#: The order of the body's sections in the format.
TEMPLATE_PROMPTS = {
    "Summary": "two or three sentences a reader can stop after: what happened, who was affected, how it ended.",
    "Impact": "users affected, failed requests, duration of impact, revenue, data, SLO budget.",
    "Root Cause": "the mechanism from trigger to impact, and why the system allowed it.",
    "Contributing Factors": "technical, process and organizational conditions that made it possible or worse.",
    "Five Whys": "ask why until the answer is about the system, not a person.",
    "What Went Well": "what worked, so that it is kept.",
    "What Went Wrong": "where our systems and processes let us down.",
    "Lessons Learned": "what applies beyond this incident.",
}

_MARKER = re.compile(r"<!-- pmkb-import: (\S+) -->")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
_PLAIN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass
class Noted(Generic[T]):
    """A value and how it was obtained; ``note`` becomes the comment on its line."""

    value: T
    how: How = "found"
    note: str = ""
    #: the source's line the value was read from, when there is one
    line: int | None = None

    def comment(self) -> str:
        note = " ".join(self.note.split())
        if len(note) > 240:
            note = note[:237] + "..."
        if self.how == "found":
            return f"  # {note}" if note else ""
        if self.how == "missing":
            return "  # TODO: not found in the source" + (f"; {note}" if note else "")
        if self.how == "derived":
            return f"  # TODO: check: {note}"
        return f"  # TODO: guessed: {note}" if note else "  # TODO: guessed"


@dataclass
class DraftActionItem:
    action: Noted[str]
    owner: Noted[str]
    due: Noted[dt.date]
    priority: Noted[str]
    category: Noted[str]
    status: Noted[str]
    completed: Noted[dt.date] | None = None
    tracker: str | None = None
    id: str = ""


@dataclass
class Draft:
    """Everything an importer derived for one post-mortem."""

    title: Noted[str]
    severity: Noted[str]
    services: Noted[list[str]]
    authors: Noted[list[str]]
    timeline: dict[str, Noted[dt.datetime]]
    detection: Noted[str]
    contributing_factors: Noted[list[str]]
    body: str
    #: identifies the source, so that importing it again finds the earlier draft
    source_key: str
    teams: Noted[list[str]] | None = None
    reviewers: Noted[list[str]] | None = None
    published: Noted[dt.date] | None = None
    trigger: Noted[str] | None = None
    impact: dict[str, Noted[Any]] = field(default_factory=dict)
    root_cause: Noted[str] | None = None
    action_items: list[DraftActionItem] = field(default_factory=list)
    #: what the report says was found beyond the keys ("timeline: 9 events, PDT")
    notes: list[str] = field(default_factory=list)
    #: values the source gives that the draft leaves out, with why: each a TODO in the draft
    left_out: list[str] = field(default_factory=list)
    #: what was read, for the import's summary: timeline events, action items...
    counts: dict[str, int] = field(default_factory=dict)
    #: the lines where a report of several incidents states each one's impact window (the
    #: draft's first): the importer then writes one draft per incident
    separate_windows: list[int] = field(default_factory=list)
    #: the source's own names for the incident, best first (the id it states, its file's
    #: name without its extension): the draft's file name takes its words from them when the
    #: title has none
    source_names: tuple[str, ...] = ()

    @property
    def started(self) -> dt.datetime:
        return self.timeline["started"].value.astimezone(dt.timezone.utc)

    def noted_fields(self) -> list[tuple[str, Noted[Any]]]:
        """Every value of the draft with its key path, in the frontmatter's order."""
        out: list[tuple[str, Noted[Any]]] = []
        for key in ("title", "severity", "services", "teams", "authors", "reviewers"):
            value = getattr(self, key)
            if value is not None:
                out.append((key, value))
        out += [(f"timeline.{k}", v) for k, v in self.timeline.items()]
        for key in ("published", "detection", "trigger"):
            value = getattr(self, key)
            if value is not None:
                out.append((key, value))
        out += [(f"impact.{k}", v) for k, v in self.impact.items()]
        if self.root_cause is not None:
            out.append(("root_cause", self.root_cause))
        out.append(("contributing_factors", self.contributing_factors))
        for item in self.action_items:
            for name in ("action", "owner", "due", "priority", "category", "status", "completed"):
                value = getattr(item, name)
                if value is not None:
                    out.append((f"action_items.{item.id}.{name}", value))
        return out

    def field_report(self) -> list[dict[str, Any]]:
        """Each field as found, guessed or missing, with its value, the source line and the note."""
        rows: list[dict[str, Any]] = []
        for key, noted in self.noted_fields():
            value = noted.value
            if isinstance(value, (dt.date, dt.datetime)):
                value = format_utc(value) if isinstance(value, dt.datetime) else value.isoformat()
            rows.append(
                {
                    "field": key,
                    "how": "guessed" if noted.how == "derived" else noted.how,
                    "value": value,
                    "line": noted.line,
                    "note": " ".join(noted.note.split()),
                }
            )
        return rows

    def keys_by_how(self) -> dict[str, list[str]]:
        """Frontmatter keys grouped by how they were obtained, for the report."""
        out: dict[str, list[str]] = {"found": [], "guessed": [], "missing": []}

        def add(key: str, value: Noted[Any] | None) -> None:
            if value is not None:
                out[
                    "found"
                    if value.how == "found"
                    else "missing"
                    if value.how == "missing"
                    else "guessed"
                ].append(key)

        for key in ("title", "severity", "services", "teams", "authors", "reviewers"):
            add(key, getattr(self, key))
        for key, value in self.timeline.items():
            add(f"timeline.{key}", value)
        for key in ("published", "detection", "trigger"):
            add(key, getattr(self, key))
        for key, value in self.impact.items():
            add(f"impact.{key}", value)
        add("root_cause", self.root_cause)
        add("contributing_factors", self.contributing_factors)
        return out


# --- rendering ----------------------------------------------------------------


def scalar(value: Any) -> str:
    """``value`` as a YAML scalar that reads back as the same value and type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.datetime):
        return format_utc(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(values: Iterable[Any]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def render_frontmatter(draft: Draft, pm_id: str) -> str:
    lines = [
        "# Imported by `pmkb import`: every line marked TODO was guessed or not found in",
        "# the source; check it, then run `pmkb lint` on this file.",
        f"id: {pm_id}",
        f"title: {scalar(draft.title.value)}{draft.title.comment()}",
        "status: draft",
        f"severity: {draft.severity.value}{draft.severity.comment()}",
        f"services: {flow(draft.services.value)}{draft.services.comment()}",
    ]
    if draft.teams is not None:
        lines.append(f"teams: {flow(draft.teams.value)}{draft.teams.comment()}")
    lines.append(f"authors: {flow(draft.authors.value)}{draft.authors.comment()}")
    if draft.reviewers is not None:
        lines.append(f"reviewers: {flow(draft.reviewers.value)}{draft.reviewers.comment()}")
    lines.append("timeline:")
    for key in ("started", "detected", "acknowledged", "mitigated", "resolved"):
        value = draft.timeline.get(key)
        if value is not None:
            lines.append(f"  {key}: {format_utc(value.value)}{value.comment()}")
    for dropped in draft.left_out:
        lines.append(f"  # TODO: {' '.join(dropped.split())}")
    if draft.published is not None:
        lines.append(f"published: {scalar(draft.published.value)}{draft.published.comment()}")
    lines.append(f"detection: {draft.detection.value}{draft.detection.comment()}")
    if draft.trigger is not None:
        lines.append(f"trigger: {scalar(draft.trigger.value)}{draft.trigger.comment()}")
    if draft.impact:
        lines.append("impact:")
        for key in (
            "users_affected",
            "failed_requests",
            "revenue_usd",
            "data_loss",
            "slo_budget_consumed_pct",
            "summary",
        ):
            value = draft.impact.get(key)
            if value is not None:
                lines.append(f"  {key}: {scalar(value.value)}{value.comment()}")
    if draft.root_cause is not None:
        lines.append(f"root_cause: {scalar(draft.root_cause.value)}{draft.root_cause.comment()}")
    factors = draft.contributing_factors
    lines.append(f"contributing_factors: {flow(factors.value)}{factors.comment()}")
    if not draft.action_items:
        lines.append("action_items: []")
    else:
        lines.append("action_items:")
        for item in draft.action_items:
            lines.append(f"  - id: {item.id}")
            lines.append(f"    action: {scalar(item.action.value)}{item.action.comment()}")
            lines.append(f"    owner: {scalar(item.owner.value)}{item.owner.comment()}")
            lines.append(f"    due: {scalar(item.due.value)}{item.due.comment()}")
            lines.append(f"    priority: {item.priority.value}{item.priority.comment()}")
            lines.append(f"    category: {item.category.value}{item.category.comment()}")
            lines.append(f"    status: {item.status.value}{item.status.comment()}")
            if item.completed is not None:
                lines.append(
                    f"    completed: {scalar(item.completed.value)}{item.completed.comment()}"
                )
            if item.tracker:
                lines.append(f"    tracker: {scalar(item.tracker)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def render(draft: Draft, pm_id: str) -> str:
    body = draft.body.rstrip("\n") + "\n"
    return (
        render_frontmatter(draft, pm_id)
        + "\n"
        + body
        + f"\n<!-- pmkb-import: {draft.source_key} -->\n"
    )


def source_key(raw: bytes) -> str:
    """A content hash: the same source imported twice is recognised whatever its name."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()[:16]


# --- ids, paths and writing ---------------------------------------------------


class IdAllocator:
    """Next free ``PM-YYYY-NNN`` per year across several corpora (ids are never reused)."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self._highest: dict[int, int] = {}
        for root in roots:
            if not root.is_dir():
                continue
            files, misplaced = discover(root)
            for pm_id in scan_ids(files + misplaced):
                year, number = int(pm_id[3:7]), int(pm_id.rsplit("-", 1)[1])
                self._highest[year] = max(self._highest.get(year, 0), number)

    def allocate(self, year: int) -> str:
        number = self._highest.get(year, 0) + 1
        self._highest[year] = number
        return f"PM-{year}-{number:03d}"


def imported_keys(out: Path) -> dict[str, Path]:
    """Source keys of the drafts already in ``out``, to make a second import a no-op."""
    found: dict[str, Path] = {}
    if not out.is_dir():
        return found
    for entry in sorted(out.iterdir()):
        if not (entry.is_dir() and YEAR_DIR.match(entry.name)):
            continue
        for path in sorted(entry.glob("*.md")):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            for match in _MARKER.finditer(text[-400:]):
                found.setdefault(match.group(1), path)
    return found


_ANY_DATE = re.compile(rf"(?<![\w/.-])(?:{DATE})(?![\w/])", re.I)


def file_slug(title: str) -> str:
    """The slug of a draft's file name: the title's words without any date, which the name already starts with."""
    return slugify(_ANY_DATE.sub(" ", title))


def _latin_slug(text: str) -> str | None:
    """``text``'s slug, or None when it has no word in Latin letters: a slug of digits alone
    ("502") or the placeholder ``slugify`` gives an empty one says nothing."""
    undated = _ANY_DATE.sub(" ", text)
    latin = unicodedata.normalize("NFKD", undated).encode("ascii", "ignore").decode()
    return slugify(undated) if re.search(r"[A-Za-z]", latin) else None


def draft_slug(draft: Draft) -> str:
    """The slug of ``draft``'s file name, after its date.

    The title's words when it has some in Latin letters. A title only in Chinese, Japanese or
    Korean has none, and every such report would be named "<date>-incident": meaningless, and
    the same for two reports of a day. Its name then comes, without transliterating, from what
    the report states: its services, else its own id or its file's name (a Latin one, or a
    number alone), else a digest of the source, which is stable across imports and differs
    between sources.
    """
    title = _latin_slug(draft.title.value)
    if title is not None:
        return title
    services = draft.services
    # "service-name" holds the place of services the source names in its own script.
    named = services.how != "missing" and services.value != ["service-name"]
    said = [" ".join(services.value)] if named else []
    said += draft.source_names
    for words in said:
        slug = _latin_slug(words)
        if slug is not None:
            return slug
    # A file named by its number alone ("11.md" in an archive numbered that way) keeps it:
    # the archive's own name for the incident reads better than a digest, and is as stable.
    for words in draft.source_names:
        slug = slugify(_ANY_DATE.sub(" ", words))
        if slug.isdigit():
            return slug
    return "incident-" + hashlib.sha256(draft.source_key.encode()).hexdigest()[:8]


class DraftError(Exception):
    """The draft could not be written; the message says why."""


def check_draft(text: str, rel_path: str, taxonomy: Taxonomy) -> list[str]:
    """The format's errors for ``text`` as it would load from ``rel_path`` (none expected)."""
    src = parse_source(text.encode("utf-8"), SourceFile(rel_path))
    meta = validate_frontmatter(src)
    if meta is not None:
        check_record(meta, src, rel_path)
    problems = list(src.problems)
    if src.data is not None:
        problems += check_taxonomy(src.data, src, taxonomy)
    return [p.format() for p in problems if p.is_error]


def write_draft(
    draft: Draft,
    out: Path,
    ids: IdAllocator,
    taxonomy: Taxonomy,
    *,
    dry_run: bool = False,
    taken: Collection[Path] = (),
) -> tuple[Path, str]:
    """Write ``draft`` under ``out`` with the next free id; never overwrites a file, nor
    takes a path of ``taken`` (those a dry run gave drafts before this one, unwritten)."""
    started = draft.started
    pm_id = ids.allocate(started.year)
    folder = out / f"{started:%Y}"
    stem = f"{started:%Y-%m-%d}-{draft_slug(draft)}"
    text = render(draft, pm_id)
    for attempt in range(1, 100):
        name = f"{stem}.md" if attempt == 1 else f"{stem}-{attempt}.md"
        path = folder / name
        if path in taken:
            continue
        rel_path = f"{started:%Y}/{name}"
        errors = check_draft(text, rel_path, taxonomy)
        if errors:
            raise DraftError("the importer built an invalid draft (please report it): " + errors[0])
        if dry_run:
            if path.exists():
                continue
            return path, pm_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            # A file where the year folder belongs, or a folder we may not write to.
            raise DraftError(folder_error(folder, exc)) from exc
        try:
            # "x": never replace a file, even one created since we looked.
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        except OSError as exc:
            raise DraftError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return path, pm_id
    raise DraftError(f"{folder / stem}.md and 98 numbered variants exist already")
