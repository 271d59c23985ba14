"""Rules of the format that span several keys, the file name or the whole corpus.

The model checks each key's shape; these functions check what a schema cannot
express well, each under its own rule id. They are part of the data contract:
they are always errors and cannot be switched off (the linter's review
checklist, in :mod:`pmkb.lint`, is the configurable part).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from pmkb.model import (
    KEBAB,
    POSTMORTEM_ID,
    ActionItem,
    ActionStatus,
    PartialActionItem,
    PartialPostMortem,
    PostMortem,
    Status,
)
from pmkb.problems import Problem
from pmkb.source import Loc, SourceFile
from pmkb.taxonomy import Taxonomy

ID_PATTERN = re.compile(POSTMORTEM_ID)
KEBAB_PATTERN = re.compile(KEBAB)
FILENAME = re.compile(
    r"^(?P<year>\d{4})/(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$"
)


def check_record(
    pm: PostMortem | PartialPostMortem,
    src: SourceFile,
    rel_path: str,
    unreadable: frozenset[Loc] = frozenset(),
) -> None:
    """Append the single-file contract problems of ``pm`` to ``src.problems``.

    These depend only on the file itself (not on the taxonomy or the other
    files), so their result can be cached with the parsed file. For a file
    with shape errors ``pm`` holds the keys that validated and ``unreadable``
    the keys whose values did not: each check runs on what it can read and
    says nothing of a key already reported.
    """
    add = src.problems.append
    started = pm.started_utc

    if pm.status is not None and pm.status is not Status.DRAFT:
        # `published` is the day the report was shared: a report in review has none yet.
        missing = [
            (loc, what)
            for loc, what, value, needed in (
                (("timeline", "resolved"), "timeline.resolved", pm.timeline.resolved, True),
                (("published",), "published", pm.published, pm.status is Status.PUBLISHED),
                (("root_cause",), "root_cause", pm.root_cause, True),
            )
            if needed and value is None and not is_unreadable(unreadable, loc)
        ]
        for loc, what in missing:
            # A missing key has no line of its own: point at its parent mapping,
            # or at `status`, the key that makes it required.
            line = src.line_of(loc) if len(loc) > 1 else src.key_lines.get(("status",), 1)
            add(
                src.problem(
                    loc,
                    "status.required",
                    f"`{what}` is required once status is '{pm.status.value}'; "
                    "fill it in or set status: draft",
                    line=line,
                )
            )

    stamps = pm.timeline.present()
    for (prev_key, prev), (key, value) in pairwise(stamps):
        if value < prev:
            add(
                src.problem(
                    ("timeline", key),
                    "timeline.order",
                    f"{key} ({_utc(value)}) is before {prev_key} ({_utc(prev)}); "
                    "the order is started <= detected <= acknowledged <= mitigated <= resolved",
                )
            )

    if pm.id is not None and started is not None:
        id_year = int(pm.id[3:7])
        if id_year != started.year:
            add(
                src.problem(
                    ("id",),
                    "id.year",
                    f"id {pm.id} names {id_year} but the incident started in {started.year} "
                    f"(UTC); use PM-{started.year}-NNN",
                )
            )

    match = FILENAME.match(rel_path)
    if started is not None and not match:
        expected = f"{started:%Y}/{started:%Y-%m-%d}-<slug>.md"
        add(
            src.problem(
                "",
                "file.name",
                f"file should be named {expected} (the incident's UTC start date, then a "
                "kebab-case slug)",
            )
        )
    elif (
        started is not None
        and match
        and (match["date"] != f"{started:%Y-%m-%d}" or match["year"] != f"{started:%Y}")
    ):
        add(
            src.problem(
                ("timeline", "started"),
                "file.name",
                f"file name says {match['date']} but the incident started {started:%Y-%m-%d} "
                f"(UTC); rename it to {started:%Y}/{started:%Y-%m-%d}-{match['slug']}.md",
            )
        )

    seen_ids: dict[str, int] = {}
    items: Sequence[ActionItem | PartialActionItem] = pm.action_items
    for index, item in enumerate(items):
        at: Loc = ("action_items", index)
        if item.id is not None and item.id in seen_ids:
            add(
                src.problem(
                    (*at, "id"),
                    "action-item.duplicate-id",
                    f"{item.id} is already used by action_items[{seen_ids[item.id]}]; "
                    "number action items uniquely",
                )
            )
        if item.id is not None:
            seen_ids.setdefault(item.id, index)
        if (
            item.status is ActionStatus.DONE
            and item.completed is None
            and not is_unreadable(unreadable, (*at, "completed"))
        ):
            add(
                src.problem(
                    (*at, "status"),
                    "action-item.completed",
                    "status is done but `completed` is missing; add the date it was completed",
                )
            )
        if (
            item.status is not None
            and item.status is not ActionStatus.DONE
            and item.completed is not None
        ):
            add(
                src.problem(
                    (*at, "completed"),
                    "action-item.completed",
                    f"`completed` is set but status is '{item.status.value}'; "
                    "set status: done or remove `completed`",
                )
            )
        if item.tracker is not None and not _is_http_url(item.tracker):
            add(
                src.problem(
                    (*at, "tracker"),
                    "action-item.tracker",
                    "tracker must be an http(s) URL of the ticket, e.g. "
                    "https://tracker.example.com/browse/OPS-123",
                )
            )

    for key in ("services", "teams", "contributing_factors", "related"):
        _duplicates(src, key, getattr(pm, key))
    if pm.id is not None and pm.id in pm.related:
        add(
            src.problem(
                ("related", pm.related.index(pm.id)),
                "related.self",
                "a post-mortem cannot be related to itself",
            )
        )


def is_unreadable(unreadable: frozenset[Loc], loc: Loc) -> bool:
    """Whether ``loc`` or a key above it was in the file but did not validate;
    ``()`` in ``unreadable`` stands for a frontmatter that could not be read at all."""
    return bool(unreadable) and any(loc[:n] in unreadable for n in range(len(loc) + 1))


def check_taxonomy(data: dict[str, Any], src: SourceFile, taxonomy: Taxonomy) -> list[Problem]:
    """Unknown factor tags, with the closest known tags, and tags whose taxonomy entry
    is broken, with the line of that entry.

    Works on the raw frontmatter, so that a misspelt tag is reported in the
    same run as any shape error elsewhere in the file.
    """
    problems = []

    def check(loc: tuple[str | int, ...], tags: Any) -> None:
        if not isinstance(tags, list):
            return
        for index, tag in enumerate(tags):
            # A tag that is not kebab-case is the schema's to report, with its kebab form.
            if isinstance(tag, str) and KEBAB_PATTERN.match(tag) and tag not in taxonomy:
                # A tag whose own entry is invalid is the taxonomy's mistake, said there.
                rule = (
                    "taxonomy.broken-factor"
                    if tag in taxonomy.broken or taxonomy.unusable is not None
                    else "taxonomy.unknown-factor"
                )
                problems.append(src.problem((*loc, index), rule, taxonomy.unknown_message(tag)))

    check(("contributing_factors",), data.get("contributing_factors"))
    items = data.get("action_items")
    if isinstance(items, list):
        for item_index, item in enumerate(items):
            if isinstance(item, dict):
                check(("action_items", item_index, "addresses"), item.get("addresses"))
    return problems


@dataclass(frozen=True)
class IdOwner:
    """The file that keeps an id: its path as shown in messages and the line of its ``id``."""

    path: str
    line: int


def check_corpus(sources: Iterable[SourceFile], known_ids: Mapping[str, IdOwner]) -> list[Problem]:
    """Unique ids and ``related`` ids that exist.

    Works on the raw frontmatter, so that these are reported in the same run
    as any shape error elsewhere in the file. ``known_ids`` maps every id in
    the corpus (including files that failed validation and files not being
    linted) to the file that keeps it (see :func:`id_precedence`); every other
    file that declares the id is told which one that is.
    """
    problems = []
    for src in sources:
        data = src.data or {}
        pm_id = data.get("id")
        owner = known_ids.get(pm_id) if isinstance(pm_id, str) else None
        if owner is not None and owner.path != src.path:
            problems.append(
                src.problem(
                    ("id",),
                    "id.duplicate",
                    f"id {pm_id} is already used by {owner.path}:{owner.line}, which keeps it: "
                    "an id stays with the report furthest along (published, then in review, "
                    "then draft; then the earliest `published` date); take the next free id "
                    "(`pmkb new` picks one)",
                )
            )
        related = data.get("related")
        for index, other in enumerate(related if isinstance(related, list) else []):
            if isinstance(other, str) and ID_PATTERN.match(other) and other not in known_ids:
                problems.append(
                    src.problem(
                        ("related", index),
                        "related.unknown",
                        f"no post-mortem has id {other}; check the id or remove the link",
                    )
                )
    return problems


_STATUS_PRECEDENCE = {Status.PUBLISHED.value: 0, Status.IN_REVIEW.value: 1, Status.DRAFT.value: 2}


def id_precedence(data: object, path: str) -> tuple[int, dt.date, str]:
    """Which of the files that declare the same id keeps it: the least value.

    The report furthest along keeps its id (and so its page's URL): published,
    then in review, then draft, then a status that cannot be read; among those,
    the one published first; the path breaks a last tie. A new file that reuses
    an id can then never take it, and the URL readers already link to, from
    the report that had it. Read from the raw frontmatter, valid or not.
    """
    status = data.get("status") if isinstance(data, dict) else None
    published = data.get("published") if isinstance(data, dict) else None
    rank = _STATUS_PRECEDENCE.get(status, 3) if isinstance(status, str) else 3
    if not isinstance(published, dt.date) or isinstance(published, dt.datetime):
        published = dt.date.max
    return rank, published, path


def _duplicates(src: SourceFile, key: str, values: list[str]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            src.problems.append(
                src.problem(
                    (key, index), "schema.duplicate", f"'{value}' is listed twice in `{key}`"
                )
            )
        seen.add(value)


def _is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # e.g. an unbalanced '[' in the host, read as an IPv6 address
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
