"""The Markdown body of a post-mortem: its sections, its timeline table, its prose.

Only what the linter and the site need, read line by line so that every
finding keeps its file line. Fenced code is skipped everywhere: a stack trace
or a config snippet is evidence, not prose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

#: The body's sections, in the order the format asks for them.
SECTIONS = (
    "Summary",
    "Impact",
    "Timeline",
    "Root Cause",
    "Contributing Factors",
    "Five Whys",
    "What Went Well",
    "What Went Wrong",
    "Lessons Learned",
)

# At any indentation: inside a list item or an admonition a fence is indented
# with its content (pymdownx.superfences).
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# What indented lines after a blank line continue, rather than being code: a
# list item, an admonition (!!! note) or a collapsible block (??? note).
_CONTAINER = re.compile(r"\s{0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)|\s{0,3}(?:!!!|\?\?\?\+?)\s")

# Patterns run on every line of every body, which an author controls: each is
# written to match in linear time (no two adjacent quantifiers that can take
# the same characters), so a line of 100,000 spaces costs no more than its length.
_HEADING = re.compile(r"(#{1,6})\s(.*)")
_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_INLINE_CODE = re.compile(r"`[^`]*`")
_URL = re.compile(r"\b(?:https?|ftp|mailto):\S+")
# A time may end in Z, UTC or +00:00 (UTC said three ways); another offset is
# read so that the finding can say what the time is in UTC.
_OFFSET = r"\s*(?:Z|UTC|(?P<offset>[+-]\d{2}:?\d{2}))?"
_TIME_FULL = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?)" + _OFFSET + "$"
)
_TIME_ONLY = re.compile(r"^(?P<time>\d{1,2}:\d{2}(?::\d{2})?)" + _OFFSET + "$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A time column's header that names a zone other than UTC: "Time (PST)", "Time (local)".
_OTHER_ZONE = re.compile(
    r"\((?!\s*(?:UTC|GMT|Z)\s*\))\s*(local[^)]*|[A-Z]{3,5}|(?:UTC|GMT)\s*[+-][^)]*)\)", re.I
)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int  # file line


@dataclass(frozen=True)
class TimelineRow:
    line: int
    cell: str
    #: the row's time in UTC; None when the cell is not a time we can read
    at: dt.datetime | None
    #: True when the cell gave a time without a date
    time_only: bool
    event: str
    #: the offset the cell gave when it is not UTC ("+01:00"): ``at`` is then
    #: the time in UTC, and the table should say it so
    offset: str | None = None


@dataclass(frozen=True)
class TimelineTable:
    #: the header row (``| Time (UTC) | Event |``), None when the section has no table
    header: ProseLine | None
    #: the zone the header names when it is not UTC ("PST", "local")
    other_zone: str | None
    rows: list[TimelineRow]


@dataclass(frozen=True)
class ProseLine:
    line: int
    text: str


def _strip_comments(body: str) -> str:
    """``body`` with each closed ``<!-- -->`` comment replaced by the newlines it spans.

    A scan with ``str.find`` rather than a lazy regex: the regex retries from
    every unclosed ``<!--`` to the end of the body, which is quadratic.
    """
    if "<!--" not in body:
        return body
    out: list[str] = []
    position = 0
    while (start := body.find("<!--", position)) >= 0:
        end = body.find("-->", start + 4)
        if end < 0:
            break  # unclosed: no later comment can be closed either
        out.append(body[position:start])
        out.append("\n" * body.count("\n", start, end))
        position = end + 3
    out.append(body[position:])
    return "".join(out)


def heading(text: str) -> tuple[int, str] | None:
    """(level, title) when ``text`` is an ATX heading line such as ``## Root Cause ##``."""
    # Most lines are not headings, and a heading's first character is its first
    # '#': a string test spares them the regex (several lint rules ask of every line).
    if not text.startswith("#"):
        return None
    match = _HEADING.match(text)
    if match is None:
        return None
    # The closing #s are optional, as in Python-Markdown.
    return len(match.group(1)), match.group(2).rstrip().rstrip("#").strip()


def is_table_separator(text: str) -> bool:
    """True for the ``|---|:--:|`` line under a table's header."""
    stripped = text.strip()
    return "-" in stripped and _SEPARATOR.fullmatch(stripped) is not None


@lru_cache(maxsize=16)
def prose_lines(body: str, first_line: int) -> tuple[ProseLine, ...]:
    """Body lines outside code, with inline code, comments and URLs blanked.

    Code is fenced, or indented by four spaces or a tab after a blank line
    (a pasted log) when that does not continue a list item or an admonition.
    Cached: several lint rules read the same body one after the other.
    """
    out = []
    in_fence: str | None = None
    in_indented_code = False
    after_blank = True
    in_container = False
    for offset, raw in enumerate(_strip_comments(body).split("\n")):
        if in_fence is None:
            if not raw.strip():
                after_blank = True
                continue
            indented = raw.startswith(("    ", "\t"))
            if indented and (in_indented_code or (after_blank and not in_container)):
                in_indented_code, after_blank = True, False
                continue
            in_indented_code = after_blank = False
            if not indented:
                in_container = _CONTAINER.match(raw) is not None
        fence = _FENCE.match(raw)
        if fence:
            run = fence.group(1)
            if in_fence is None:
                in_fence = run
            elif (
                run[0] == in_fence[0]
                and len(run) >= len(in_fence)
                and not raw.strip()[len(run) :].strip()
            ):
                # CommonMark: only a fence of the same character, at least as long and
                # with no info string closes the block; a ``` inside a ```` block is text.
                in_fence = None
            continue
        if in_fence is not None:
            continue
        text = raw
        if "`" in text:
            text = _INLINE_CODE.sub(" ", text)
        if ":" in text:
            text = _URL.sub(" ", text)
        if text.strip():
            out.append(ProseLine(first_line + offset, text))
    return tuple(out)


def headings(body: str, first_line: int) -> list[Heading]:
    result = []
    for prose in prose_lines(body, first_line):
        found = heading(prose.text)
        if found:
            result.append(Heading(found[0], found[1], prose.line))
    return result


def section_lines(body: str, first_line: int, title: str) -> list[ProseLine]:
    """The prose lines of the ``## title`` section (case-insensitive), without its heading."""
    lines = prose_lines(body, first_line)
    out: list[ProseLine] = []
    inside = False
    for prose in lines:
        found = heading(prose.text)
        if found and found[0] <= 2:
            inside = found[1].lower() == title.lower()
            continue
        if inside:
            out.append(prose)
    return out


def timeline_rows(
    body: str, first_line: int, started: dt.datetime | None = None
) -> list[TimelineRow]:
    """Rows of the table in ``## Timeline``; times are read as UTC."""
    return timeline_table(body, first_line, started).rows


def timeline_table(body: str, first_line: int, started: dt.datetime | None = None) -> TimelineTable:
    """The table in ``## Timeline``; times are read as UTC.

    A cell may hold ``YYYY-MM-DD HH:MM[:SS]`` or, for incidents within a day,
    ``HH:MM[:SS]`` (dated with ``started``'s UTC date when given). A table whose
    header starts ``| Date | Time...`` gives the date and the time in two
    columns; an empty date cell repeats the row above's.
    """
    rows = []
    header: ProseLine | None = None
    header_seen = False
    dated = False
    last_date = time_header = ""
    for prose in section_lines(body, first_line, "Timeline"):
        if is_table_separator(prose.text):
            header_seen = True
            continue
        row = _ROW.match(prose.text)
        if not row:
            continue
        cells = [c.strip() for c in row.group(1).split("|")]
        if not header_seen:
            header = prose
            names = [c.strip("*_ ").lower() for c in cells]
            dated = len(names) > 2 and names[0].startswith("date") and names[1].startswith("time")
            time_header = cells[1 if dated else 0]
            continue
        cell = cells[0].strip("*_ ")
        event = cells[1] if len(cells) > 1 else ""
        if dated and len(cells) > 2 and (not cell or _DATE.fullmatch(cell)):
            last_date = cell or last_date
            cell = f"{last_date} {cells[1].strip('*_ ')}".strip()
            event = cells[2]
        at, time_only, offset = _read_time(cell, started)
        rows.append(TimelineRow(prose.line, cell, at, time_only, event, offset))
    found = _OTHER_ZONE.search(time_header)
    return TimelineTable(header, found.group(1).strip() if found else None, rows)


def _read_time(
    cell: str, started: dt.datetime | None
) -> tuple[dt.datetime | None, bool, str | None]:
    full = _TIME_FULL.match(cell)
    only = None if full else _TIME_ONLY.match(cell)
    match = full or only
    if match is None:
        return None, False, None
    try:
        clock = dt.time.fromisoformat(_pad(match["time"]))
        if full:
            day = dt.date.fromisoformat(full["date"])
        else:
            day = started.astimezone(dt.timezone.utc).date() if started else dt.date(2000, 1, 1)
        zone = dt.timezone.utc
        offset = match["offset"]
        if offset:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            zone = dt.timezone(sign * delta)
            if not delta:
                offset = None  # +00:00 is UTC
    except ValueError:
        return None, only is not None, None
    at = dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.timezone.utc)
    return at, only is not None, offset


def _pad(clock: str) -> str:
    return clock if len(clock.split(":")[0]) == 2 else "0" + clock
