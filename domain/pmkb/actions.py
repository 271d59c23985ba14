"""Action items through a tracker: tickets for untracked items, and a weekly status.

``pmkb actions export`` turns every action item that has no ``tracker`` yet
into what creates a ticket for it: a POSIX shell script of ``gh issue create``
commands (safe to run twice), or CSV or JSON rows for any other tracker.
Items that are done or will not be done get no ticket, unless that status is
itself a guess marked TODO: such an item gets one, its status shown as
unconfirmed, so that no item is dropped on a guess. Once a ticket exists,
its URL goes into the item's ``tracker`` and later exports leave the item out.

``pmkb actions status`` lists the open items by owner, overdue first, for the
weekly review the follow-up rhythm asks for.

Both read an item's value whose line carries a TODO note (the template's and
the importer's guesses) as the site does: unconfirmed. Such a value is shown,
marked, never stated as fact; a marked owner is no owner (its items are one
group of their own) and a marked due date or status makes no item overdue.

Pure functions over loaded records; the command line only prints.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from pmkb.catalog import build_catalog
from pmkb.loader import Corpus, Record
from pmkb.model import DATING_KEYS, ActionItem, ActionStatus, Visibility
from pmkb.problems import Problem

#: Statuses that still need work, and so a ticket.
UNFINISHED = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
_TITLE_LIMIT = 200  # GitHub allows 256 characters; leave room for the key
#: The keys of an item that tickets and the review show; each may be marked TODO.
SHOWN_KEYS = ("owner", "due", "priority", "category", "status")
#: How a value marked TODO in its file is shown: kept, never stated as fact.
UNCONFIRMED = "(unconfirmed)"


_NONE: frozenset[str] = frozenset()


def unconfirmed_keys(record: Record, index: int) -> frozenset[str]:
    """The keys of :data:`SHOWN_KEYS` of ``record``'s action item number ``index``
    whose value is a placeholder: its line (or the line of a key holding it) carries
    a TODO note. The one rule the review, the tickets and the item's row on its
    post-mortem's page all read; empty, at no cost, for a file with no TODO note."""
    if not record.placeholders:
        return _NONE
    at = ("action_items", index)
    return frozenset(k for k in SHOWN_KEYS if record.is_placeholder((*at, k)))


@dataclass(frozen=True)
class ItemRow:
    """One action item with the post-mortem it belongs to."""

    record: Record
    index: int
    item: ActionItem

    @property
    def key(self) -> str:
        """The global key, ``PM-2025-007/AI-001``: how tickets and reviews name an item."""
        return f"{self.record.meta.id}/{self.item.id}"

    @property
    def line(self) -> int:
        return self.record.src.line_of(("action_items", self.index))

    @cached_property
    def unconfirmed(self) -> frozenset[str]:
        """The keys of :data:`SHOWN_KEYS` whose value is a placeholder (:func:`unconfirmed_keys`)."""
        return unconfirmed_keys(self.record, self.index)

    def shown(self, key: str) -> str:
        """The value of ``key`` as text, followed by ``(unconfirmed)`` when it is a placeholder."""
        value = getattr(self.item, key)
        text = (
            value.isoformat() if isinstance(value, dt.date) else str(getattr(value, "value", value))
        )
        return f"{text} {UNCONFIRMED}" if key in self.unconfirmed else text

    def is_overdue(self, as_of: dt.date) -> bool:
        """Overdue as the site counts it: never from a due date or status marked TODO."""
        return self.item.is_overdue(as_of, self.unconfirmed)


@dataclass(frozen=True)
class Selection:
    """What one audience's site holds of a corpus, and what it had to leave out."""

    #: Valid post-mortems the audience may read (drafts only if the site shows them).
    records: list[Record]
    #: The errors of the broken files the audience may read, as ``pmkb lint`` prints them.
    problems: list[Problem]
    #: Broken files left out: those named by ``problems`` and those that may not be named,
    #: and the folders and misplaced files ``problems`` names that could not be read.
    left_out: int


def select(corpus: Corpus, audience: Visibility, *, drafts: bool = True) -> Selection:
    """The post-mortems an audience's site shows, as the site decides, and its broken files.

    A broken file the audience's site leaves out leaves no trace here either,
    not even its name or a count: one whose ``visibility`` says so, and for the
    public audience one whose visibility cannot be read (it may be restricted).
    The others are named with their errors, as their sites show them.

    So are the errors that kept post-mortems from being read at all, which no
    broken file carries: a year folder that is a symbolic link or cannot be
    listed (it names no post-mortem, so every audience is told), and for all
    but the public audience a post-mortem outside the year folders or not
    named ``.md`` (its visibility was never read). Without them, a lost folder's open items
    would vanish from the tickets and the review without a word.
    """
    catalog = build_catalog(corpus, audience=audience, as_of=dt.date.min, drafts=drafts)
    problems = [p for broken in catalog.broken.values() for p in broken.problems if p.is_error]
    read = {src.path for src in corpus.broken.values()} | {r.path for r in corpus.records}
    unread_rules = _UNREAD_RULES | (
        _UNREAD_FILE_RULES if audience is not Visibility.PUBLIC else frozenset()
    )
    unread = [
        p for p in corpus.problems if p.is_error and p.path not in read and p.rule in unread_rules
    ]
    return Selection(
        list(catalog.records),
        problems + unread,
        len(catalog.broken) + len({p.path for p in unread}),
    )


#: Errors on a folder that keep the post-mortems in it from being read.
_UNREAD_RULES = frozenset({"file.symlink", "file.unreadable"})
#: Errors on a post-mortem that was never read: outside the year folders, or not named `.md`.
_UNREAD_FILE_RULES = frozenset({"file.location", "file.name"})


def untracked_items(records: Iterable[Record], *, open_only: bool = False) -> list[ItemRow]:
    """Items without a ``tracker`` that still need work, oldest incident first.

    Done and won't-do items get no ticket. With ``open_only``, items already
    in progress are left out too (someone is on them). An item whose status is
    a guess marked TODO is always kept, whatever it guesses: nobody has said
    it is finished or taken, and leaving it out would lose it without a word.
    """
    wanted = (ActionStatus.OPEN,) if open_only else UNFINISHED
    rows = []
    for record in records:
        for index, item in enumerate(record.meta.action_items):
            if item.tracker is not None:
                continue
            row = ItemRow(record, index, item)
            if item.status in wanted or "status" in row.unconfirmed:
                rows.append(row)
    return rows


def page_url(
    record: Record,
    site_url: str | None,
    *,
    directory_urls: bool = True,
    docs_prefix: str = "postmortems",
) -> str:
    """Where a reader finds the post-mortem: its page on the site, else its file in the repository.

    The site serves a post-mortem at a URL made from its id, never from its
    file name (``incidents/pm-2025-014/``), so that renaming a file breaks
    no link; the MkDocs plugin follows the same rule.
    """
    if not site_url:
        return f"{docs_prefix.rstrip('/')}/{record.rel_path}" if docs_prefix else record.rel_path
    slug = record.meta.id.lower()
    page = f"incidents/{slug}/" if directory_urls else f"incidents/{slug}.html"
    return site_url.rstrip("/") + "/" + page


@dataclass(frozen=True)
class Ticket:
    """What a tracker needs to create one ticket."""

    key: str
    title: str
    body: str
    labels: tuple[str, ...]
    row: ItemRow
    link: str


def ticket_for(row: ItemRow, link: str) -> Ticket:
    item, meta = row.item, row.record.meta
    action = " ".join(item.action.split())
    if len(action) > _TITLE_LIMIT:
        action = action[: _TITLE_LIMIT - 3].rstrip() + "..."
    lines = [
        f"Action item {item.id} of post-mortem {meta.id}: {meta.title}",
        "",
        f"**Action:** {item.action}",
        f"**Owner:** {row.shown('owner')}",
        f"**Due:** {row.shown('due')}",
        f"**Priority:** {row.shown('priority')}",
        f"**Category:** {row.shown('category')}",
    ]
    if "status" in row.unconfirmed:
        lines.append(f"**Status:** {row.shown('status')}")
    if item.addresses:
        lines.append(f"**Addresses:** {', '.join(item.addresses)}")
    if row.unconfirmed:
        lines += [
            "",
            "A value marked (unconfirmed) is a guess its post-mortem marks TODO: "
            "confirm it there, and here.",
        ]
    lines += [
        "",
        f"Post-mortem: {link}",
        "",
        f"Tracked as `{row.key}`. When this ticket is created, set its URL as the item's `tracker`;",
        "when it is closed, set `status: done` and `completed:` on the item.",
    ]
    return Ticket(
        key=row.key,
        title=f"[{row.key}] {action}",
        body="\n".join(lines),
        # A label states its value as fact: a guessed category or priority gets none.
        labels=(
            "postmortem",
            *((f"category:{item.category.value}",) if "category" not in row.unconfirmed else ()),
            *((f"priority:{item.priority.value}",) if "priority" not in row.unconfirmed else ()),
        ),
        row=row,
        link=link,
    )


# --- formats ------------------------------------------------------------------

_LABEL_COLOURS = {
    "postmortem": ("5319e7", "Action item from a post-mortem"),
    "priority:P1": ("b60205", "Post-mortem action item, high priority"),
    "priority:P2": ("d93f0b", "Post-mortem action item, medium priority"),
    "priority:P3": ("fbca04", "Post-mortem action item, low priority"),
}


def render_gh(tickets: list[Ticket], *, left_out: int = 0) -> str:
    """A POSIX shell script that creates one GitHub issue per ticket, unless it exists already.

    ``left_out`` is how many post-mortems could not be read: with any, an empty
    script does not claim that every item has a tracker.
    """
    q = shlex.quote
    out = [
        "#!/bin/sh",
        "# GitHub issues for post-mortem action items that have no tracker yet.",
        "# Made by `pmkb actions export --format gh`. Read it, then run it with sh in a clone of",
        "# the repository that should hold the issues (or with GH_REPO=owner/name set).",
        "# Running it again creates nothing new: an item is skipped when an issue labelled",
        "# postmortem (open or closed) has a title that starts with its key, such as",
        "# [PM-2025-007/AI-001] followed by a space.",
        "# It prints `KEY URL` for each new issue: put the URL in that item's `tracker:`.",
        "set -eu",
        "command -v gh >/dev/null 2>&1 || { echo 'this script needs the GitHub CLI, gh' >&2; exit 1; }",
        "",
    ]
    if not tickets and left_out:
        noun = "post-mortem" if left_out == 1 else "post-mortems"
        out.append(
            f"echo 'no action item to create a ticket for, but {left_out} {noun} with errors "
            "were left out: run pmkb lint' >&2"
        )
        return "\n".join(out) + "\n"
    if not tickets:
        out.append("echo 'every open action item already has a tracker' >&2")
        return "\n".join(out) + "\n"
    labels = sorted({label for t in tickets for label in t.labels})
    out.append("# Labels are created or updated first: gh refuses an issue with an unknown label.")
    for label in labels:
        colour, description = _LABEL_COLOURS.get(
            label, ("c5def5", "Post-mortem action item category")
        )
        out.append(
            f"gh label create {q(label)} --force --color {colour} --description {q(description)} >/dev/null"
        )
    out += [
        "",
        "# One title a line, each behind a newline: an issue exists when a line starts with",
        "# its key and a space (a key quoted inside another issue's title does not count).",
        "existing=$(gh issue list --state all --label postmortem --limit 10000 --json title --jq '.[].title')",
        'existing="',
        '$existing"',
        "",
        "create() {",
        "  key=$1 title=$2 body=$3 labels=$4",
        '  case "$existing" in',
        '    *"',
        '[$key] "*) echo "exists: $key" >&2; return 0 ;;',
        "  esac",
        '  url=$(gh issue create --title "$title" --body "$body" --label "$labels")',
        '  existing="$existing',
        '$title"',
        '  echo "$key $url"',
        "}",
        "",
    ]
    for ticket in tickets:
        out.append(
            f"# {ticket.row.record.rel_path}, line {ticket.row.line}: due {ticket.row.shown('due')}"
        )
        out.append(
            f"create {q(ticket.key)} \\\n  {q(ticket.title)} \\\n  {q(ticket.body)} \\\n  {q(','.join(ticket.labels))}"
        )
        out.append("")
    return "\n".join(out)


FIELDNAMES = (
    "key",
    "postmortem_id",
    "action_item_id",
    "title",
    "action",
    "owner",
    "due",
    "priority",
    "category",
    "status",
    "unconfirmed",
    "addresses",
    "labels",
    "postmortem_title",
    "postmortem_url",
    "file",
    "line",
    "body",
)


def ticket_rows(tickets: list[Ticket]) -> list[dict[str, str | int]]:
    rows: list[dict[str, str | int]] = []
    for ticket in tickets:
        item, record = ticket.row.item, ticket.row.record
        rows.append(
            {
                "key": ticket.key,
                "postmortem_id": record.meta.id,
                "action_item_id": item.id,
                "title": ticket.title,
                "action": item.action,
                "owner": item.owner,
                "due": item.due.isoformat(),
                "priority": item.priority.value,
                "category": item.category.value,
                "status": item.status.value,
                # The keys above whose value is a guess marked TODO in the file.
                "unconfirmed": ",".join(k for k in SHOWN_KEYS if k in ticket.row.unconfirmed),
                "addresses": ",".join(item.addresses),
                "labels": ",".join(ticket.labels),
                "postmortem_title": record.meta.title,
                "postmortem_url": ticket.link,
                "file": record.rel_path,
                "line": ticket.row.line,
                "body": ticket.body,
            }
        )
    return rows


def neutralise(cell: str | int) -> str | int:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def render_csv(tickets: list[Ticket]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDNAMES, lineterminator="\n")
    writer.writeheader()
    for row in ticket_rows(tickets):
        writer.writerow({k: neutralise(v) for k, v in row.items()})
    return buffer.getvalue()


def render_json(tickets: list[Ticket]) -> str:
    return json.dumps(ticket_rows(tickets), indent=2, ensure_ascii=False) + "\n"


# --- status -------------------------------------------------------------------


#: The group of the items whose owner is a placeholder: a guessed owner is no owner.
UNCONFIRMED_OWNER = "Owner unconfirmed"


@dataclass(frozen=True)
class OwnerGroup:
    #: The owner as first spelled; None for the items whose owner is marked TODO.
    owner: str | None
    rows: tuple[ItemRow, ...]
    overdue: int

    @property
    def label(self) -> str:
        return UNCONFIRMED_OWNER if self.owner is None else self.owner


def status_by_owner(records: Iterable[Record], as_of: dt.date) -> list[OwnerGroup]:
    """Open and in-progress items, and any whose status is marked TODO, grouped by
    owner; overdue first, then by due date.

    Owners with the most overdue items come first, then those with the most
    open items, then by name: the order a weekly review goes through them.
    Owners that differ only in letter case are one owner, shown as first spelled.
    Items whose owner is marked TODO are one group, last, whatever name they
    guess; an item whose due date or status is marked is never overdue, and
    comes after the dated ones of its group.
    """
    groups: dict[str | None, list[ItemRow]] = {}
    spelling: dict[str, str] = {}
    for record in records:
        for index, item in enumerate(record.meta.action_items):
            row = ItemRow(record, index, item)
            # A status marked TODO is a guess, even a finished one: the review is
            # where it gets confirmed, so the item stays in it, shown as unconfirmed.
            if item.status in UNFINISHED or "status" in row.unconfirmed:
                # `SRE` and `sre` are one owner, shown as first spelled.
                owner = (
                    None
                    if "owner" in row.unconfirmed
                    else spelling.setdefault(item.owner.casefold(), item.owner)
                )
                groups.setdefault(owner, []).append(row)
    out = []
    for owner, rows in groups.items():
        rows.sort(
            key=lambda r: (
                not r.is_overdue(as_of),
                "due" in r.unconfirmed,
                r.item.due,
                r.item.priority.value,
                r.key,
            )
        )
        out.append(OwnerGroup(owner, tuple(rows), sum(r.is_overdue(as_of) for r in rows)))
    out.sort(key=lambda g: (g.owner is None, -g.overdue, -len(g.rows), g.label.lower()))
    return out


def _items(n: int) -> str:
    return f"{n} item{'s' if n != 1 else ''}"


def _when(row: ItemRow, as_of: dt.date) -> str:
    if "due" in row.unconfirmed:
        return "due date unconfirmed"
    days = (row.item.due - as_of).days
    if days < 0:
        # Past its due date, but a guessed status may hide that it is done.
        return f"due {-days}d ago" if "status" in row.unconfirmed else f"overdue {-days}d"
    if days == 0:
        return "due today"
    return f"due in {days}d"


def render_status(
    groups: list[OwnerGroup],
    as_of: dt.date,
    *,
    width: int | None = None,
    style: Callable[[str, bool], str] | None = None,
    left_out: int = 0,
) -> str:
    """A plain-text table per owner. ``style(text, overdue)`` may colour it; ``width`` truncates.

    ``left_out`` is how many post-mortems could not be read: with any, the
    table says so, and an empty one does not claim that nothing is open.
    A value marked TODO in its file is followed by ``(unconfirmed)``, and the
    header counts the items with an unconfirmed owner, due date or status.
    """
    paint = style or (lambda text, _overdue: text)
    total = sum(len(g.rows) for g in groups)
    overdue = sum(g.overdue for g in groups)
    owners = sum(g.owner is not None for g in groups)
    rows = [r for g in groups for r in g.rows]
    lines = [
        f"Open action items as of {as_of.isoformat()}: {total} open, {overdue} overdue, "
        f"{owners} owner{'s' if owners != 1 else ''}"
    ]
    no_owner = sum(len(g.rows) for g in groups if g.owner is None)
    undated = sum(not r.unconfirmed.isdisjoint(DATING_KEYS) for r in rows)
    if no_owner or undated:
        said = []
        if no_owner:
            said.append(f"the owner of {_items(no_owner)}")
        if undated:
            said.append(f"the due date or status of {_items(undated)}, never counted overdue")
        lines.append(f"Unconfirmed (marked TODO in the file): {'; '.join(said)}.")
    if left_out:
        noun = "post-mortem" if left_out == 1 else "post-mortems"
        lines.append(f"Not counted: {left_out} {noun} with errors (run `pmkb lint`).")
    if not groups:
        lines.append(
            "Nothing open in the post-mortems read."
            if left_out
            else "Nothing open: every action item is done or won't be done."
        )
        return "\n".join(lines) + "\n"
    key_width = max(len(r.key) for r in rows)
    when_width = max(len(_when(r, as_of)) for r in rows)
    due_width = max(len(r.shown("due")) for r in rows)
    priority_width = max(len(r.shown("priority")) for r in rows)
    status_width = max(11, *(len(r.shown("status")) for r in rows))
    for group in groups:
        lines += ["", f"{group.label} ({len(group.rows)} open, {group.overdue} overdue)"]
        for row in group.rows:
            action = " ".join(row.item.action.split())
            if group.owner is None:
                action = f"[{row.shown('owner')}] {action}"
            text = (
                f"  {_when(row, as_of):<{when_width}}  {row.shown('due'):<{due_width}}  "
                f"{row.shown('priority'):<{priority_width}}  {row.shown('status'):<{status_width}}  "
                f"{row.key:<{key_width}}  {action}"
            )
            if width and len(text) > width:
                text = text[: max(width - 1, 20)] + "\u2026"
            lines.append(paint(text, row.is_overdue(as_of)))
    return "\n".join(lines) + "\n"
