"""A source's timeline as UTC events, and the format's timeline keys guessed from them.

Timelines come as tables (``| Time | Event | Source |``), as lists
(``- 14:05 PDT - Pager fires``), as lines under dated sub-headings
(``### 2025-02-09`` then ``14:51 ...``), or as paragraphs that start with a
time. Times without a date take the date of the nearest date above them (or
the incident's date); a time earlier than the one before it, under the same
date, is read as the next day, since timelines are written in order (each
time is compared as an instant, read in its own zone). Times without a zone
take the zone of their column or heading, else the document's ("All times in
CEST"), else the one given on the command line, else UTC.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import pairwise

from pmkb.importers.document import TABLE_SEPARATOR, Section
from pmkb.importers.row_words import other_languages
from pmkb.importers.timestamps import (
    DATE,
    PLACEHOLDER_TIME,
    TIME,
    Stamp,
    find_date,
    parse_duration,
    read_date,
    read_stamp,
    to_utc,
)
from pmkb.importers.values import STORE_REPORT, TICKET_RAISED, WEB_PAGE
from pmkb.importers.zones import Zone, heading_zone

_TABLE_ROW = re.compile(r"^\s*\|(.+?)\|?\s*$")
#: A code fence, at any depth (a list item's fence is indented as deep as its text): what it
#: holds (pasted logs, commands) is never a timeline row, whatever time stamps it shows.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_TIME_HEADER = re.compile(
    r"\b(time|times|timestamp|when|hour|clock|datetime|date/time|date and time|zeit|uhrzeit"
    r"|hora|heure|hor[aá]rio)\b"
    # "時刻" (Japanese), "时间" (Chinese), "시간" and "시각" (Korean): inside longer words too.
    r"|\u6642\u523b|\u65f6\u95f4|\uc2dc\uac04|\uc2dc\uac01",
    re.I,
)
#: "Date", or "Date (CEST)": a date column whose heading names the zone of what it holds.
_DATE_HEADER = re.compile(r"^\W*(date|day|datum)\W*(?:\([^()]*\)\W*)?$", re.I)
_EVENT_HEADER = re.compile(
    r"\b(event|events|description|what|action|detail|details|activity|update|note|notes|summary|"
    r"message|happened|comment|entry|occurrence|ereignis)\b",
    re.I,
)


@dataclass(frozen=True)
class Event:
    """One timeline entry in UTC, with where and how it was read."""

    at: dt.datetime
    text: str
    line: int
    #: the stamp as written ("14:05 PDT") for notes
    written: str
    zone: Zone
    #: False when no zone was stated anywhere and the default was used
    zone_stated: bool
    #: True when the source gave a date but no time
    date_only: bool = False
    #: "ca. 18:30", "14:??": the source's own time is approximate
    approximate: bool = False
    #: how the zone was read on that date, when that differs from its name ("PST" in July)
    zone_note: str = ""
    #: what the importer inferred to place a time read from a sentence, each in words
    #: ("the date of line 5", "the zone PST stated on line 5"): guesses for the reviewer
    inferred: tuple[str, ...] = ()
    #: read under a follow-up timeline ("Remediation timeline"): work after the incident
    follow_up: bool = False
    #: told as the lead-up ("Leadup" section, or a row the report places before the incident:
    #: the change deployed the day before, a warning ignored): context, never a key time
    lead_up: bool = False
    #: the zone the row itself names after its time ("CAT" of "3:00 PM CAT - ..."), known or
    #: not, as written; empty when its zone came from a heading, a column or the document
    row_zone: str = ""


#: A timeline heading that names the work after the incident: "Follow-up timeline",
#: "Remediation timeline", "Timeline of corrective actions".
_FOLLOW_UP_HEADING = re.compile(
    r"\b(?:follow[- ]?ups?|remediation\w*|corrective|prevent\w*|actions?|action items?|"
    r"post[- ]incident|after[- ]?math|long[- ]term|improvements?|repairs?|clean[- ]?up)\b",
    re.I,
)
#: How long after the incident's own last row a follow-up row may still close the incident
#: (the same afternoon's "Incident closed"); later ones tell follow-up work.
FOLLOW_UP_CLOSE = dt.timedelta(days=1)


def is_follow_up_heading(title: str) -> bool:
    """True for a timeline heading that names follow-up work ("Follow-up timeline")."""
    return bool(_FOLLOW_UP_HEADING.search(title))


@dataclass
class Timeline:
    events: list[Event] = field(default_factory=list)
    #: rows with a time stamp that could not be read: (line, text)
    unreadable: list[tuple[int, str]] = field(default_factory=list)
    #: template rows such as "2024-03-13 HH:mm | Short event description", by line
    placeholders: list[int] = field(default_factory=list)
    #: events dated by the rule that a time earlier than the previous one is the next day
    rolled_over: int = 0
    #: dates without a year read in the year after the one they were given, as rows written
    #: in order across a year's end ("Dec 30 ...", then "Jan 2 ..."), by line
    next_year: list[int] = field(default_factory=list)
    #: events whose date came from the incident date rather than from the timeline itself
    dated_from_context: int = 0
    zones: list[Zone] = field(default_factory=list)
    #: True when a section listed its times newest first (status-page updates)
    reversed_order: bool = False
    #: where the events were read from when the source has no timeline section, for the draft
    found_elsewhere: list[str] = field(default_factory=list)
    #: how a weekday alone ("### Tuesday") was dated, or why it could not be, each with its line
    weekdays: list[str] = field(default_factory=list)
    #: zones that a heading or a table's column header names for the times under it, as
    #: ("column header", "When (PST)", line, zone): they win over --timezone, which may
    #: name another
    named_zones: list[tuple[str, str, int, Zone]] = field(default_factory=list)
    #: the items nested under a bold label in the timeline ("- **Detection Method:**" over
    #: "  - Customers wrote to support ..."), as (label's line, label, the items' words)
    labelled_groups: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class _Context:
    day: dt.date | None
    zone: Zone
    zone_stated: bool
    last: dt.datetime | None = None  # UTC instant of the previous event under this date
    #: the clock time written on that event, in its own zone
    last_clock: dt.time | None = None
    day_from_timeline: bool = False
    #: times listed newest first: an earlier time is not the next day
    newest_first: bool = False
    #: the moment offsets such as "T+0:05" count from, and how it was stated ("16:20 UTC, line 9")
    base: dt.datetime | None = None
    base_zone: Zone | None = None
    base_note: str = ""
    base_zone_stated: bool = False
    #: whether a date without a year may be read in the next year when its month comes
    #: before the month of the date above it (rows in order across a year's end)
    roll_years: bool = True
    #: the last date without a year, as placed, and whether a later one came before it
    last_yearless: dt.date | None = None
    dates_go_back: bool = False


def _in_year(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _placed_day(
    timeline: Timeline, ctx: _Context, line: int, day: dt.date | None, year_given: bool
) -> dt.date | None:
    """``day`` as the timeline places it. A date written with its year stays as written. One
    without a year ("Jan 2") is in the year of the last such date above it, or the year after
    when that is nearer (rows written in order across a year's end: "Dec 30", then "Jan 2");
    never when the section lists its rows newest first, and the section is read again without
    moving any year when its dates do not otherwise go forward (see :func:`read_timeline`)."""
    if year_given or day is None:
        return day
    last = ctx.last_yearless
    placed = day
    if last is not None and ctx.roll_years:
        same, later = _in_year(day, last.year), _in_year(day, last.year + 1)
        placed = same or day
        if same is not None and same < last and later is not None and later - last < last - same:
            placed = later
    if last is not None and placed < last:
        ctx.dates_go_back = True
    if placed.year > day.year:
        timeline.next_year.append(line)
    ctx.last_yearless = placed
    return placed


def _clean_event(text: str) -> str:
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"(\*\*|__)", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    # The mark between a row's time and its words: a dash, a colon, a bar, or in timelines
    # copied from incident tools and chat a middle dot, a bullet or an arrow ("14:05 · ...").
    text = re.sub(r"^(?:->|=>|[-\u2013\u2014:|\u00b7\u2022\u2192])\s*", "", text)
    # A chat log's speaker, "[18:02] <deploy-bot> rolled out": written "deploy-bot: rolled out",
    # as in angle brackets the handle would read as an HTML tag in the draft's table.
    text = _CHAT_HANDLE.sub(r"\g<handle>: ", text)
    return text.strip()


#: The speaker's handle that starts a chat log's line, one word in angle brackets before the
#: words; never an HTML tag ("<b>", "<span>") nor a template's placeholder ("<event text>").
_CHAT_HANDLE = re.compile(
    r"^<(?!(?:a|b|i|u|s|p|em|strong|span|div|code|kbd|sub|sup|del|ins|small|mark|img|li|ul|"
    r"ol|td|th|tr|hr|br|details|summary|font|center)>)(?P<handle>[A-Za-z][\w.@-]{0,40})>\s+(?=\S)",
    re.I,
)


def _event(timeline: Timeline, ctx: _Context, line: int, stamp: Stamp, text: str) -> None:
    """The event ``stamp`` starts at ``line``, told by ``text``; a stamp without a date
    takes the timeline's last one (and the next day when its time goes backwards).

    A date without a time keeps its calendar date: it is placed at the start of that
    day in UTC, never moved to the day before by the zone's offset, and no earlier than
    the row before it on that day, so that it stays where it is written."""
    day, clock, zone, written = stamp.day, stamp.clock, stamp.zone, stamp.text
    approximate = stamp.approximate
    from_context = day is None
    if day is not None:
        day = _placed_day(timeline, ctx, line, day, stamp.year_given)
    if day is None:
        day = ctx.day
    if day is None:
        timeline.unreadable.append((line, written))
        return
    used = zone or ctx.zone
    if clock is None:
        at = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)
        before = timeline.events[-1].at if timeline.events else None
        if before is not None and before.date() == day and before > at:
            at = before
        ctx.day, ctx.last, ctx.day_from_timeline = day, None, True
        _append(
            timeline,
            at,
            text,
            line,
            written,
            used,
            zone is not None or ctx.zone_stated,
            date_only=True,
        )
        return
    local = dt.datetime.combine(day, clock)
    at = to_utc(local.date(), local.time(), used)
    # Instants are compared, not clock readings: "14:20 CEST" then "12:40 UTC" is 20 minutes
    # later. The clock readings must go back as well: "4:00 PM EDT" then "4:15 PM CAT" is an
    # instant earlier, but times written in order, one row in another zone, never midnight.
    clock_goes_back = ctx.last_clock is None or clock.replace(tzinfo=None) < ctx.last_clock
    if (
        from_context
        and ctx.last is not None
        and at < ctx.last
        and clock_goes_back
        and not ctx.newest_first
    ):
        local += dt.timedelta(days=1)
        at = to_utc(local.date(), local.time(), used)
        ctx.day = local.date()
        timeline.rolled_over += 1
    if from_context and not ctx.day_from_timeline:
        timeline.dated_from_context += 1
    ctx.last, ctx.last_clock = at, clock.replace(tzinfo=None)
    if not from_context:
        ctx.day, ctx.day_from_timeline = day, True
    _append(
        timeline,
        at,
        text,
        line,
        written,
        used,
        zone is not None or ctx.zone_stated,
        approximate=approximate,
        zone_note=used.season_note(local),
        row_zone=zone.label if zone is not None else "",
    )


def _append(
    timeline: Timeline,
    at: dt.datetime,
    text: str,
    line: int,
    written: str,
    zone: Zone,
    zone_stated: bool,
    *,
    date_only: bool = False,
    approximate: bool = False,
    zone_note: str = "",
    row_zone: str = "",
) -> None:
    """Add the event at ``at`` told by ``text`` on ``line``, noting the zone it was read in."""
    if zone not in timeline.zones:
        timeline.zones.append(zone)
    timeline.events.append(
        Event(
            at=at,
            text=_with_end(_clean_event(text), written),
            line=line,
            written=written,
            zone=zone,
            zone_stated=zone_stated,
            date_only=date_only,
            approximate=approximate,
            zone_note=zone_note,
            row_zone=row_zone,
        )
    )


#: The end of a range written as the stamp: "09:00 - 11:00", "12:26-12:??", "14:00 to 15:30 UTC".
_WRITTEN_END = re.compile(
    rf"{TIME}\s*(?:-|\u2013|\u2014|to|until|till)\s*~?(?P<end>{TIME})(?P<zone>.*)$", re.I
)


def _with_end(text: str, written: str) -> str:
    """The event's words with the end of the range its stamp gives, which the table's one
    time column cannot show: "Database restored (until 11:00)"."""
    match = _WRITTEN_END.search(written)
    if match is None:
        return text
    end = f"until {match.group('end')}{match.group('zone').rstrip()}"
    return f"{text} ({end})" if text else end.capitalize()


#: A row whose time is an offset from a stated moment: "T+0:05", "T+00:12:30", "T-10 min", "+5m",
#: "T+1h 30m"; a bare number after "T" counts minutes ("T+15").
_OFFSET = re.compile(
    r"^\s*(?:(?:[-*+]|\d{1,3}[.)])\s+)?[*_`\[(]*"
    r"(?:T\s*(?P<tsign>[+\-\u2212\u2013])\s*|(?P<sign>\+)\s*(?=\d+\s*[a-z]|\d+:\d))"
    r"(?P<amount>\d{1,3}:\d{2}(?::\d{2})?"
    r"|(?:\d+(?:[.,]\d+)?\s*(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])\s*)+"
    r"|\d{1,4}(?![\d.]|:\d))"
    r"[*_`\])]*(?P<rest>.*)$",
    re.I,
)
#: A sentence that states the moment offsets count from: "All times are relative to the first
#: alert at 16:20 UTC", "T+0 is 16:20 UTC", "T0 = 2025-03-04 16:20 UTC", "offsets from 09:12 CET".
_BASE = re.compile(
    r"\b(?:(?:times?|timestamps?|offsets?|minutes)\b[^.]{0,40}?"
    r"\b(?:relative\s+to|counted\s+from|measured\s+from|since|after)\b"
    r"|offsets?\s+(?:\w+\s+)?from\b"
    r"|T\s*\+?\s*0(?::00)?\s*(?:=|(?:is|was|marks)\b)|T\s*=\s*0\b)",
    re.I,
)


def offset_of(text: str) -> tuple[dt.timedelta, str, str] | None:
    """The offset a row starts with ("T+0:05 Pager fires"), as it is written, and the rest."""
    match = _OFFSET.match(text)
    if match is None:
        return None
    amount = match.group("amount").strip()
    if re.fullmatch(r"\d+", amount):
        if match.group("tsign") is None:
            return None
        length = dt.timedelta(minutes=int(amount))
    else:
        found = parse_duration(amount)
        if found is None:
            return None
        length = found
    sign = match.group("tsign") or match.group("sign")
    if sign != "+":
        length = -length
    written = text[: match.start("rest")].strip(" -*+_`[]()") or amount
    rest = re.sub(r"^[\s\-\u2013\u2014:|,.]+", "", match.group("rest")).strip()
    return length, written, rest


#: The clock time an offset stands for, in brackets after it: "T+12m (14:17) On-call paged".
_OFFSET_CLOCK = re.compile(
    r"^\(\s*(?P<clock>\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Za-z][\w+\-:]*)?)\s*\)",
    re.I,
)


def clock_of_offset_row(text: str) -> str | None:
    """ "- T+12m (14:17) On-call paged" -> "- 14:17 On-call paged": the clock time the source
    writes is the row's time, whether or not it states the moment the offsets count from."""
    offset = offset_of(text)
    if offset is None:
        return None
    clock = _OFFSET_CLOCK.match(offset[2])
    if clock is None:
        return None
    lead = re.match(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", text)
    rest = offset[2][clock.end() :].lstrip(" -\u2013\u2014:|")
    return f"{lead.group(0) if lead else ''}{clock.group('clock')} {rest}".rstrip()


def _stated_base(
    text: str, ctx: _Context, *, default_year: int | None, day_first: bool
) -> tuple[dt.datetime, Zone, bool, str] | None:
    """The moment a sentence such as "All times are relative to the first alert at 16:20 UTC"
    states, in UTC, with its zone, whether that zone is stated, and the stamp as written; its
    date is the one it gives, else the timeline's."""
    said = _BASE.search(text)
    if said is None:
        return None
    tail = text[said.start() :]
    for number in re.finditer(r"(?<![\d:])\d", tail):
        stamp = read_stamp(tail[number.start() :], default_year=default_year, day_first=day_first)
        if stamp is None or stamp.clock is None:
            continue
        day = stamp.day
        if day is None:
            found = find_date(stamp.rest, default_year=default_year, day_first=day_first)
            found = found or find_date(text, default_year=default_year, day_first=day_first)
            day = found[0] if found else ctx.day
        if day is None:
            return None
        stated = stamp.zone or stated_or_none(text)
        zone = stated or ctx.zone
        written = f"{day:%Y-%m-%d} {stamp.text}" if stamp.day is None else stamp.text
        return to_utc(day, stamp.clock, zone), zone, stated is not None or ctx.zone_stated, written
    return None


def _offset_event(
    timeline: Timeline, ctx: _Context, line: int, offset: tuple[dt.timedelta, str, str]
) -> None:
    """A row at an offset from the stated moment; reported when no moment was stated."""
    length, written, text = offset
    if ctx.base is None or ctx.base_zone is None:
        timeline.unreadable.append((line, written))
        return
    at = ctx.base + length
    ctx.last, ctx.last_clock = at, None
    if ctx.base_zone not in timeline.zones:
        timeline.zones.append(ctx.base_zone)
    timeline.events.append(
        Event(
            at=at,
            text=_clean_event(text),
            line=line,
            written=written,
            zone=ctx.base_zone,
            zone_stated=ctx.base_zone_stated,
            inferred=(f"{written} counted from {ctx.base_note}",),
        )
    )


def _placed_after(timeline: Timeline, line: int, written: str, text: str) -> None:
    """A row that gives an event but no time ("| ... | Daemon sets not scheduled |"): placed
    at the row before it, as written, with a note; reported when no row comes before."""
    if not timeline.events:
        timeline.unreadable.append((line, written or text))
        return
    before = timeline.events[-1]
    timeline.events.append(
        Event(
            at=before.at,
            text=_clean_event(text),
            line=line,
            written=written or "no time",
            zone=before.zone,
            zone_stated=before.zone_stated,
            date_only=True,
            inferred=(f"no time given: placed after line {before.line}, the row before it",),
        )
    )


def _weekday_heading(
    timeline: Timeline,
    ctx: _Context,
    line: int,
    named: re.Match[str],
    day_note: str,
    day_is_the_incidents: bool,
) -> None:
    """Date the rows under "### Tuesday" and say how, or say that nothing dates them."""
    written = named.group(0).strip(" #*_:")
    if ctx.day is None or (not ctx.day_from_timeline and not day_note):
        timeline.weekdays.append(
            f'line {line} "{written}" names a weekday, but the source gives no date to count it '
            "from: the rows under it are not dated by it; set their date by hand"
        )
        return
    if ctx.day_from_timeline:
        forward, base = True, f"the date above it ({ctx.day:%Y-%m-%d})"
    else:
        forward = day_is_the_incidents
        base = f"{ctx.day:%Y-%m-%d} (from {day_note})"
    when = weekday_date(named.group("name"), ctx.day, forward=forward)
    timeline.weekdays.append(
        f'line {line} "{written}" read as {when:%Y-%m-%d}, the '
        + ("first" if forward else "last")
        + f" {written} "
        + ("from" if forward else "up to")
        + f" {base}"
    )
    ctx.day, ctx.last, ctx.day_from_timeline = when, None, True


@dataclass(frozen=True)
class _TableColumns:
    """Where a timeline table keeps its times, dates and events (column indexes)."""

    time: int | None
    date: int | None
    event: int | None
    #: The zone its time (or date) heading names.
    zone: Zone | None
    #: The heading that names it ("When (PST)").
    zone_cell: str = ""


def _columns(header: list[str]) -> _TableColumns:
    """The columns of a timeline table, from its header row."""
    time_col = date_col = event_col = None
    zone = None
    zone_cell = ""
    for index, cell in enumerate(header):
        if date_col is None and _DATE_HEADER.match(cell):
            date_col = index
        elif time_col is None and _TIME_HEADER.search(cell):
            time_col = index
            zone, zone_cell = heading_zone(cell), cell
    if time_col is None and date_col is not None:
        # The one date column holds the times too ("| May 2, 13:58 |"): its heading's zone is theirs.
        time_col, date_col = date_col, None
        zone, zone_cell = heading_zone(header[time_col]), header[time_col]
    for index, cell in enumerate(header):
        if index not in (time_col, date_col) and _EVENT_HEADER.search(cell):
            event_col = index
            break
    if event_col is None:
        event_col = next((i for i in range(len(header)) if i not in (time_col, date_col)), None)
    if date_col is not None and zone is None:
        zone, zone_cell = heading_zone(header[date_col]), header[date_col]
    if time_col is None and header:
        time_col = 0  # "| | Event |": the first column holds the times
        if event_col == 0:
            event_col = 1 if len(header) > 1 else None
    return _TableColumns(time_col, date_col, event_col, zone, zone_cell if zone else "")


def _status_rank(text: str) -> int | None:
    """Where the status that ``text`` starts with ("Resolved: ...") stands in an incident's life."""
    start = _STATUS_START.match(text)
    return _STATUS_RANK.get(start.group("label").lower()) if start else None


def _newest_first(lines: list[tuple[int, str]], default_year: int | None) -> bool:
    """True when undated updates are listed newest first.

    Status words tell the order whenever two entries carry them: "Resolved"
    above "Investigating" is newest first, the other way round oldest first.
    Without them, most consecutive times must go down, over three times or more.
    """
    clocks: list[dt.time] = []
    ranks: list[int] = []
    waiting = False  # an undated time whose status may open the line below it
    for _, raw in lines:
        stripped = raw.strip().lstrip("#").strip()
        if not stripped:
            continue
        row = _TABLE_ROW.match(stripped)
        cell = row.group(1).split("|")[0] if row else stripped
        labelled = _STATUS_LABEL.match(cell)
        stamp = read_stamp(labelled.group("rest") if labelled else cell, default_year=default_year)
        if stamp is None:
            rank = _status_rank(_clean_event(stripped)) if waiting else None
            if rank is not None:
                ranks.append(rank)
            waiting = False
            continue
        waiting = False
        if stamp.clock is None or stamp.day is not None:
            continue
        clocks.append(stamp.clock)
        if labelled is not None:
            rank = _STATUS_RANK.get(labelled.group("label").lower())
        else:
            rank = _status_rank(_clean_event(stamp.rest))
            waiting = rank is None and not stamp.rest.strip(" -:*_")
        if rank is not None:
            ranks.append(rank)
    falls = sum(1 for a, b in pairwise(ranks) if b < a)
    rises = sum(1 for a, b in pairwise(ranks) if b > a)
    if falls != rises and not (falls and rises):
        return falls > rises
    downs = sum(1 for a, b in pairwise(clocks) if b < a)
    ups = sum(1 for a, b in pairwise(clocks) if b > a)
    return len(clocks) >= 3 and downs > ups and ups <= 1


#: A heading or date line that is a weekday alone: "### Tuesday", "**Wednesday**".
_WEEKDAY_ALONE = re.compile(r"^[\W_]*(?P<name>mon|tues|wednes|thurs|fri|satur|sun)day[\W_]*$", re.I)
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")


def weekday_date(name: str, base: dt.date, *, forward: bool) -> dt.date:
    """The date of weekday ``name`` ("tues") within the six days after ``base`` (``forward``)
    or before it, ``base`` itself when it is that weekday."""
    shift = (_WEEKDAYS.index(name.lower()) - base.weekday()) % 7
    if forward:
        return base + dt.timedelta(days=shift)
    return base - dt.timedelta(days=(7 - shift) % 7)


def read_timeline(
    sections: list[Section],
    *,
    day: dt.date | None,
    zone: Zone,
    zone_stated: bool,
    default_year: int | None,
    day_first: bool = False,
    day_note: str = "",
    day_is_the_incidents: bool = True,
    elsewhere: Sequence[tuple[int, str]] = (),
) -> Timeline:
    """Every event of the timeline ``sections``, in the order written.

    Reads tables (any header; the zone may sit in it), sub-headings that hold
    a time ("### 2018-03-26 10:34", "### 14:08", "### 07:30am - First report",
    the event in the heading or in the paragraph under it), and lines or
    bullets that start with a time. Template rows ("HH:mm") are set aside.

    A weekday alone as a heading ("### Tuesday") is the first such day from the date
    above it in the timeline, else from ``day`` when it is the incident's
    (``day_is_the_incidents``), else the last such day up to ``day`` (a title's or a
    publication date, written after the incident); ``day_note`` says where ``day``
    came from.

    Rows at an offset ("T+0:05") count from the moment their section states; when it states
    none, from the first such sentence in ``elsewhere`` (the document's other lines: "times
    below are relative to 14:02 UTC, when the first alert fired" in the summary).
    """
    timeline = Timeline()
    for section in sections:
        first_event = len(timeline.events)
        before = _copy(timeline)
        moved = len(timeline.next_year)
        ctx = _read_section(
            timeline,
            section,
            day,
            zone,
            zone_stated,
            default_year,
            day_first,
            day_note,
            day_is_the_incidents,
            elsewhere,
        )
        if len(timeline.next_year) > moved and ctx.dates_go_back:
            # Its dates are not written in order ("Dec 30", "Dec 28", "Jan 2"), so no month
            # coming before the one above it tells a year's end: read it again as written.
            timeline = before
            _read_section(
                timeline,
                section,
                day,
                zone,
                zone_stated,
                default_year,
                day_first,
                day_note,
                day_is_the_incidents,
                elsewhere,
                roll_years=False,
            )
        timeline.events[first_event:] = _unknown_zones_named(timeline.events[first_event:])
        if is_follow_up_heading(section.title):
            timeline.events[first_event:] = [
                replace(e, follow_up=True) for e in timeline.events[first_event:]
            ]
    return timeline


#: Capitals right after a row's time, then the mark before its words: "CAT - " of
#: "3:00 PM CAT - Outage detected", "XYZT: " of "10:05 XYZT: ...". A zone's shape, or an
#: acronym that starts the event ("10:05 DNS: records changed"): the rows around tell which.
#: Only capitals ending in T (for "time", as nearly every zone's abbreviation does) can be a
#: zone, so that a component named on every row ("10:05 DB: ...") stays the event's words.
_ZONE_LIKE = re.compile(r"^(?P<token>[A-Z]{1,4}T)\s*(?:-|\u2013|\u2014|:|\|)\s*(?P<rest>\S.*)$")


def _unknown_zones_named(events: list[Event]) -> list[Event]:
    """``events`` of one section, with a zone the importer does not know taken out of their
    words and named in a note.

    Capitals after a row's time are a zone only when the rows tell so safely: at least two
    rows write the same capitals there, and every other timed row names a zone the importer
    knows. Otherwise ("10:05 DNS: ...", "10:20 API: ...") they are the event's own words and
    stay. Those rows were read in the zone of their section (UTC when none is stated): the
    note says so, since nothing else could be done with their times."""
    timed = [e for e in events if not e.date_only]
    tokens: dict[int, re.Match[str]] = {}
    for index, event in enumerate(events):
        if event.date_only or event.row_zone:
            continue
        match = _ZONE_LIKE.match(event.text)
        if match is None:
            return events
        tokens[index] = match
    named = {m.group("token") for m in tokens.values()}
    if len(timed) < 2 or len(tokens) < 2 or len(named) != 1:
        return events
    token = named.pop()
    changed = list(events)
    for index, match in tokens.items():
        event = events[index]
        read_as = "UTC" if event.zone.is_utc else event.zone.label
        note = f'zone "{token}" is not one the importer knows: times read as {read_as}; check them'
        changed[index] = replace(
            event,
            text=match.group("rest"),
            written=f"{event.written} {token}",
            zone_stated=True,
            zone_note="; ".join(n for n in (event.zone_note, note) if n),
            row_zone=token,
        )
    return changed


def _copy(timeline: Timeline) -> Timeline:
    """A copy of ``timeline`` that reading a section into the original leaves as it was: its
    lists are copied (their items are replaced, never changed in place)."""
    copied = copy.copy(timeline)
    for each in fields(timeline):
        value = getattr(timeline, each.name)
        if isinstance(value, list):
            setattr(copied, each.name, list(value))
    return copied


_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")


def _timed_line(text: str, default_year: int | None, day_first: bool) -> bool:
    stamp = _row_stamp(
        _LIST_MARK.sub("", text).strip(" *_"), default_year=default_year, day_first=day_first
    )
    return stamp is not None and stamp.clock is not None


def _fenced_rows(
    lines: list[tuple[int, str]], default_year: int | None, day_first: bool
) -> list[tuple[int, str]]:
    """``lines`` with the fence of a timeline written whole in a code block taken away, so
    that its rows are read: a fence at the section's own level (not a list item's) whose
    every line starts with a time, in a section with no timed row outside its fences.
    Anything else fenced, a log pasted under a row above all, stays unread."""
    fences: list[tuple[int, int]] = []  # indexes of the opening and closing marker
    opened: tuple[int, str] | None = None
    for index, (_, raw) in enumerate(lines):
        marker = _FENCE.match(raw)
        if opened is None:
            if marker:
                opened = (index, marker.group(1))
            continue
        if (
            marker
            and marker.group(1)[0] == opened[1][0]
            and len(marker.group(1)) >= len(opened[1])
            and not raw.strip()[len(marker.group(1)) :].strip()
        ):
            fences.append((opened[0], index))
            opened = None
    if not fences or opened is not None:
        return lines
    inside = {i for first, last in fences for i in range(first, last + 1)}
    if any(
        _timed_line(raw, default_year, day_first)
        for i, (_, raw) in enumerate(lines)
        if i not in inside
    ):
        return lines
    out = list(lines)
    for first, last in fences:
        if len(lines[first][1]) - len(lines[first][1].lstrip()) > 3:
            continue  # a list item's code: a log pasted under a row
        held = [raw for _, raw in lines[first + 1 : last] if raw.strip()]
        if len(held) >= 2 and all(_timed_line(raw, default_year, day_first) for raw in held):
            out[first] = (lines[first][0], "")
            out[last] = (lines[last][0], "")
    return out


#: A row's stamp inside a line: a time with its am/pm or zone, then the colon or dash that
#: starts the event's words ("12:06pm EAT: ", "11:40 a.m. EAT - ", "14:07 UTC: ").
_RUN_STAMP = re.compile(
    r"(?:\d{1,2}:\d{2}\s*(?:(?i:[ap]\.?m\.?)\s*)?|\d{1,2}\s*(?i:[ap]\.?m\.?)\s*)"
    r"(?:[A-Z]{2,5}(?:[+\-\u2212]\d{1,2})?\s*)?(?::|\s[-\u2013\u2014])\s+(?=\S)"
)
#: A Chinese or Japanese sentence that opens with its time and a comma right after the full
#: stop of the one before: "...変更した。10時02分、アラートが発報した。" Rows told as one
#: paragraph of such sentences, as English rows run together on a line.
_CJK_SENTENCE_STAMP = re.compile(rf"(?<=[\u3002\uff01\uff1f])\s*(?={TIME}\s*[\uff0c\u3001])")
#: Words before a time that make it a range's or a sentence's end, never a new row's start.
_BEFORE_RANGE_END = re.compile(
    r"(?:\b(?:from|between|to|until|till|and|at|by)|[-\u2013\u2014])\s*$", re.I
)


def _rows_run_together(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``lines`` with rows written one after another on one line ("12:00pm EAT: Issue was
    detected. 12:06pm EAT: Only one server answered ...") split into one line each, on the
    same line number. Only a line with two or more such stamps is split, and a stamp after
    "from", "to", "at" or a dash is part of the words; fenced code and tables stay whole."""
    out: list[tuple[int, str]] = []
    fence: str | None = None
    for line, raw in lines:
        marker = _FENCE.match(raw)
        if fence is not None or marker or _TABLE_ROW.match(raw):
            if marker:
                fence = None if fence is not None else marker.group(1)
            out.append((line, raw))
            continue
        starts = [
            found.start()
            for found in _RUN_STAMP.finditer(raw)
            if (
                found.start() == 0
                or raw[found.start() - 1].isspace()
                or raw[: found.start()].strip(" *-+") == ""
            )
            and not _BEFORE_RANGE_END.search(raw[: found.start()])
        ]
        if len(starts) < 2 and starts_with_time(raw):
            starts = [0, *(found.end() for found in _CJK_SENTENCE_STAMP.finditer(raw))]
        if len(starts) < 2:
            out.append((line, raw))
            continue
        cuts = [0, *[start for start in starts if raw[:start].strip(" *-+\t")], len(raw)]
        for first, last in pairwise(cuts):
            piece = raw[first:last].rstrip()
            if piece.strip():
                out.append((line, piece))
    return out


def _read_section(
    timeline: Timeline,
    section: Section,
    day: dt.date | None,
    zone: Zone,
    zone_stated: bool,
    default_year: int | None,
    day_first: bool,
    day_note: str,
    day_is_the_incidents: bool,
    elsewhere: Sequence[tuple[int, str]] = (),
    roll_years: bool = True,
) -> _Context:
    """The events of one timeline section, appended to ``timeline``; the context it was read
    in, which tells whether its dates went forward."""
    own = section.zone
    if own is not None:
        timeline.named_zones.append(("heading", section.title, section.blocks[0].line, own))
    ctx = _Context(day, own or zone, zone_stated or own is not None)
    lines = _rows_run_together(_fenced_rows(section.lines(), default_year, day_first))
    ctx.newest_first = _newest_first(lines, default_year)
    # Updates listed newest first go back in time: no date of theirs is in the next year.
    ctx.roll_years = roll_years and not ctx.newest_first
    timeline.reversed_order = timeline.reversed_order or ctx.newest_first
    table: _TableColumns | None = None
    header: list[str] | None = None
    fence: str | None = None
    #: an event whose heading gave only the time: the paragraph under it is its text
    awaiting_text = False
    #: the time alone on its line ("1:03", then "First alert fires"): its text ends at a blank line
    bare_time = False
    #: whether the table's time column is named so ("Time", "Date"), and the index of the
    #: event the table's last row gave (a cell wrapped onto the next line goes on with it)
    table_named = False
    row_event: int | None = None
    appended = False  # some of the paragraph under a timed heading is in its event
    #: the last line was a timed row with its event: a plain line right under it, with no
    #: blank line between, is the same event wrapped ("... the site was" / "giving an error.")
    wrapping = False
    update: list[str] = []  # lines of a status update whose "Posted ..." line comes after them
    #: "- **Detection Time:**" over nested items: the label the items below it belong to
    group_label: str | None = None
    for line, raw in lines:
        stripped = raw.strip()
        wrapped, wrapping = wrapping, False
        marker = _FENCE.match(raw)
        if fence is not None:
            if (
                marker
                and marker.group(1)[0] == fence[0]
                and len(marker.group(1)) >= len(fence)
                and not stripped[len(marker.group(1)) :].strip()
            ):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            table = header = None
            continue
        if not stripped:
            table = header = None
            awaiting_text = awaiting_text and not appended and not bare_time
            continue
        if table is not None and not _TABLE_ROW.match(raw) and not _BLOCK_START.match(raw):
            # A cell wrapped onto the next line ("... Sev1 incident", then a lone "|"): the
            # row goes on, and the table with it, to its blank line.
            text = _clean_event(stripped.strip("|"))
            if text and row_event is not None:
                last = timeline.events[row_event]
                timeline.events[row_event] = replace(last, text=f"{last.text} {text}".strip())
            continue
        if stripped.startswith("#"):
            text = stripped.lstrip("#").strip()
            table = header = None
            awaiting_text = False
            if PLACEHOLDER_TIME.search(text):
                timeline.placeholders.append(line)
                continue
            stamp = _row_stamp(text, default_year=default_year, day_first=day_first)
            if stamp is not None and stamp.clock is not None:
                _event(timeline, ctx, line, stamp, stamp.rest)
                # The paragraph under the heading tells the event too ("### 21:24 - Fix" then "Errors stop").
                awaiting_text, appended, update, bare_time = True, False, [], False
                continue
            found_zone = heading_zone(text)
            if found_zone is not None:
                ctx.zone, ctx.zone_stated = found_zone, True
                timeline.named_zones.append(("heading", text, line, found_zone))
            found = find_date(text, default_year=default_year, day_first=day_first)
            if found is not None:
                placed = _placed_day(timeline, ctx, line, found[0], found[1])
                ctx.day, ctx.last, ctx.day_from_timeline = placed, None, True
                continue
            named = _WEEKDAY_ALONE.match(text)
            if named is not None:
                _weekday_heading(timeline, ctx, line, named, day_note, day_is_the_incidents)
            continue
        row = _TABLE_ROW.match(raw)
        if row:
            awaiting_text = False
            if TABLE_SEPARATOR.match(raw):
                if header is not None:
                    table = _columns(header)
                    table_named, row_event = _names_time(header, table), None
                    if table.zone is not None:
                        ctx.zone, ctx.zone_stated = table.zone, True
                        # The header is the line above its separator.
                        timeline.named_zones.append(
                            ("column header", table.zone_cell, line - 1, table.zone)
                        )
                continue
            cells = [c.strip() for c in row.group(1).split("|")]
            if table is None:
                header = cells
                continue
            time_col, date_col, event_col = table.time, table.date, table.event
            if time_col is None or time_col >= len(cells):
                continue
            written = cells[time_col]
            written = clock_of_offset_row(written) or written  # "T+12m (14:17)"
            if date_col is not None and date_col < len(cells):
                written = f"{cells[date_col]} {written}".strip()
            event = cells[event_col] if event_col is not None and event_col < len(cells) else ""
            others = [
                c
                for i, c in enumerate(cells)
                if i not in (time_col, date_col, event_col)
                and c.strip(" -*_")
                and i > (event_col or 0)
            ]
            if others and len(event.split()) <= 3:
                # "| 14:02 | Impact | p95 latency above 10 s |": a label column, then the event.
                event = ": ".join([event, *others]) if event else ": ".join(others)
            row_event = None
            if PLACEHOLDER_TIME.search(written):
                _unknown_time(timeline, ctx, line, written, event, default_year, day_first)
                row_event = len(timeline.events) - 1 if timeline.events else None
                continue
            stamp = _row_stamp(written, default_year=default_year, day_first=day_first)
            offset = offset_of(written) if stamp is None else None
            if offset is not None and not re.fullmatch(r"[\W_]*", offset[2]):
                offset = None
            if offset is not None:
                _offset_event(timeline, ctx, line, (offset[0], offset[1], event))
                row_event = len(timeline.events) - 1 if timeline.events else None
                continue
            if stamp is None or (stamp.rest and not re.fullmatch(r"[\W_]*", stamp.rest)):
                if re.search(r"\d", written):
                    timeline.unreadable.append((line, written))
                elif table_named and not _template_event(event):
                    # "| ... | Daemon sets not scheduled |": an event whose time is not known.
                    _placed_after(timeline, line, written.strip(" *_"), event)
                    row_event = len(timeline.events) - 1 if timeline.events else None
                continue
            if stamp.clock is None and not event.strip(" -*_"):
                # "| **2024-03-13** | |": a date row over the rows below it.
                placed = _placed_day(timeline, ctx, line, stamp.day, stamp.year_given)
                ctx.day, ctx.last, ctx.day_from_timeline = placed, None, True
                continue
            _event(timeline, ctx, line, stamp, event)
            row_event = len(timeline.events) - 1
            continue
        table = header = None
        same_line = _POSTED_AFTER.match(stripped)
        if same_line is not None:
            # "**Resolved** - Fixed. Posted Nov 14, 2023 - 18:02 UTC": text and stamp on one line.
            update.append(_clean_event(same_line.group("text")))
            stripped = "Posted " + same_line.group("stamp")
        # Status-page history: the update's text comes first, then its stamp
        # ("Posted Nov 14, 2023 - 18:02 UTC", or the stamp alone under a status label).
        stamp = _update_stamp(
            stripped,
            labelled=any(_STATUS_START.match(u) for u in update),
            default_year=default_year,
            day_first=day_first,
        )
        if stamp is not None or _POSTED.match(stripped):
            if stamp is not None:
                _event(timeline, ctx, line, stamp, _update_text(update))
            update = []
            continue
        labelled = _STATUS_LABEL.match(stripped)
        if labelled is not None and read_stamp(
            labelled.group("rest"), default_year=default_year, day_first=day_first
        ):
            # "**Resolved** - 15:23 UTC - Dashboards load normally": the time, then the label as words.
            stamp = read_stamp(
                labelled.group("rest"), default_year=default_year, day_first=day_first
            )
            if stamp is not None and stamp.clock is not None:
                _event(
                    timeline,
                    ctx,
                    line,
                    stamp,
                    f"{labelled.group('label').capitalize()}: {stamp.rest}",
                )
                update = []
                continue
        placeholder = _LINE_PLACEHOLDER.match(_clean_event(re.sub(r"^\s*[-*+]\s+", "", stripped)))
        if placeholder is not None and PLACEHOLDER_TIME.search(placeholder.group("stamp")):
            # "- 2022-06-02 HH:mm - Pods found OOM killed": a date whose time is not known.
            _unknown_time(
                timeline,
                ctx,
                line,
                placeholder.group("stamp"),
                placeholder.group("rest"),
                default_year,
                day_first,
            )
            update = []
            continue
        clocked = clock_of_offset_row(raw)
        if clocked is not None:
            # "T+12m (14:17) On-call paged": the bracketed clock time is the row's time.
            raw, stripped = clocked, clocked.strip()
        stamp = _row_stamp(raw, default_year=default_year, day_first=day_first)
        base = (
            _stated_base(stripped, ctx, default_year=default_year, day_first=day_first)
            if stamp is None
            else None
        )
        if base is not None:
            # "All times are relative to the first alert at 16:20 UTC": no row, the moment
            # the offsets below count from.
            ctx.base, ctx.base_zone, ctx.base_zone_stated, written = base
            ctx.base_note = f"{written}, the moment line {line} states"
            if ctx.base_zone_stated:
                ctx.zone, ctx.zone_stated = ctx.base_zone, True
            update = []
            continue
        offset = offset_of(raw) if stamp is None else None
        if offset is not None:
            if ctx.base is None and elsewhere:
                # The section states no moment: the first sentence elsewhere that does.
                for said_line, said in elsewhere:
                    stated = _stated_base(
                        said.strip(), ctx, default_year=default_year, day_first=day_first
                    )
                    if stated is not None:
                        ctx.base, ctx.base_zone, ctx.base_zone_stated, written = stated
                        ctx.base_note = f"{written}, the moment line {said_line} states"
                        break
                elsewhere = ()
            _offset_event(timeline, ctx, line, offset)
            update = []
            bare_time = awaiting_text = not offset[2]
            appended = False
            continue
        if stamp is None:
            update.append(_clean_event(stripped))
            found_zone = stated_or_none(stripped)
            label = _GROUP_LABEL.match(raw)
            if label is not None:
                # "- **Detection Method:**" over its own items: a new group, never more words
                # of the row above it (nor the label of a row's time below it, unless nested).
                group_label = label.group("label").strip()
                awaiting_text = False
                continue
            if not raw[:1].isspace():
                group_label = None
            elif group_label is not None:
                words = _clean_event(_LIST_MARK.sub("", raw))
                groups = timeline.labelled_groups
                if groups and groups[-1][1] == group_label:
                    groups[-1] = (groups[-1][0], group_label, f"{groups[-1][2]} {words}")
                else:
                    groups.append((line, group_label, words))
            if found_zone is not None:
                ctx.zone, ctx.zone_stated = found_zone, True
            elif wrapped and timeline.events and not _BLOCK_START.match(raw):
                # Hard-wrapped source: the row's words go on here, and may be the ones that
                # tell the end ("... through HTTPS." / "Issue resolved.").
                last = timeline.events[-1]
                timeline.events[-1] = replace(last, text=f"{last.text} {_clean_event(stripped)}")
                wrapping = True
            elif awaiting_text and timeline.events:
                last = timeline.events[-1]
                text = _clean_event(re.sub(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", "", stripped))
                glue = ". " if last.text and last.text[-1] not in ".:;!?" and not appended else " "
                joined = (last.text + glue + text) if last.text else text
                timeline.events[-1] = replace(last, text=joined)
                appended = True
                awaiting_text = len(joined) < 200
            continue
        awaiting_text = False
        if stamp.clock is None:
            rest_zone = heading_zone(stamp.rest) if stamp.rest else None
            if not stamp.rest or rest_zone is not None or re.fullmatch(r"[\W_]*", stamp.rest):
                # A date line: "**2015-10-21** (all times UTC)", "Feb 9, 2025:"
                placed = _placed_day(timeline, ctx, line, stamp.day, stamp.year_given)
                ctx.day, ctx.last, ctx.day_from_timeline = placed, None, True
                if rest_zone is not None:
                    ctx.zone, ctx.zone_stated = rest_zone, True
                continue
        events_before = len(timeline.events)
        text = stamp.rest
        if group_label is not None and raw[:1].isspace() and re.fullmatch(r"[\W_]*", text):
            # "- **Detection Time:**" over "  - March 11, 2024, 10:15 AM (UTC)": the time
            # alone is the moment the label names, and the label its words.
            text = group_label
        _event(timeline, ctx, line, stamp, text)
        update = []
        # "1:03" alone, then "First alert fires": the lines below, to a blank line, tell it.
        bare_time = awaiting_text = bool(re.fullmatch(r"[\W_]*", stamp.rest))
        wrapping = not awaiting_text and len(timeline.events) > events_before
        appended = False
    return ctx


#: A list item that is only a bold label with a colon, over nested items: "- **Escalation:**".
_GROUP_LABEL = re.compile(
    r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\*\*|__)(?P<label>[^*_:]{1,60}?):?(?:\*\*|__):?\s*$"
)
#: A line that opens another block and so ends a table: a heading, a list item, a quote.
_BLOCK_START = re.compile(r"^\s*(?:#|>|[-*+]\s|\d{1,3}[.)]\s)")
#: A line whose stamp holds a placeholder: "2022-06-02 HH:mm - Pods found", "20xx-MM-DD HH:mm | ...".
_LINE_PLACEHOLDER = re.compile(
    r"^\W*(?P<stamp>(?:[\dxXyYmMdD?]{2,4}[-/.][\dxXmM?]{1,2}[-/.][\dxXdD?]{1,4}\s*)?"
    r"(?:hh|xx|\?\?)\s*:\s*(?:mm|xx|\?\?))\W*?(?:\s*[-\u2013\u2014:|]\s*)?(?P<rest>.*)$",
    re.I,
)
#: Words of a template that say what goes in the event cell, not what happened.
_TEMPLATE_WORDS = re.compile(
    r"^\W*(?:(?:short|brief)\s+)?(?:event\s+)?(?:description|details?)(?:\s+of\s+(?:the\s+)?event)?\W*$"
    r"|^\W*(?:what\s+happened|event|tbd|tbc|todo|n/?a|xxx|\.\.\.)\W*$|^\W*[\[<{].*[\]>}]\W*$",
    re.I,
)


def _template_event(text: str) -> bool:
    """True when an event cell is empty or holds a template's words ("Short event description.")."""
    cleaned = _clean_event(text)
    return not cleaned.strip(" -*_.") or bool(_TEMPLATE_WORDS.match(cleaned))


def _names_time(header: list[str], table: _TableColumns) -> bool:
    """True when the header names the column the times are read from ("Time", "Date")."""
    if table.time is None or table.time >= len(header):
        return False
    cell = header[table.time]
    return bool(_TIME_HEADER.search(cell) or _DATE_HEADER.match(cell))


def _unknown_time(
    timeline: Timeline,
    ctx: _Context,
    line: int,
    written: str,
    text: str,
    default_year: int | None,
    day_first: bool,
) -> None:
    """A row whose time is a placeholder ("2022-06-02 HH:mm"): with a real date and event it is
    an event of that day whose time is not known; the template's own row
    ("20xx-MM-DD HH:mm | Short event description") is set aside, and a row with a real
    event but no readable date is reported."""
    if _template_event(text):
        timeline.placeholders.append(line)
        return
    date_part = PLACEHOLDER_TIME.sub("", written).strip()
    stamp = (
        read_stamp(date_part, default_year=default_year, day_first=day_first) if date_part else None
    )
    if (
        stamp is not None
        and stamp.day is not None
        and stamp.clock is None
        and not stamp.rest.strip(" -*_")
    ):
        _event(timeline, ctx, line, replace(stamp, text=written.strip()), text)
    elif date_part:
        timeline.unreadable.append((line, written.strip()))
    else:
        # "HH:mm | Pods restarted": no date either; placed after the row before it.
        _placed_after(timeline, line, written.strip(), text)


#: A date in brackets right after a row's time: "**22:30 UTC (Oct 29)** - Incident reported".
_BRACKETED_DATE = re.compile(r"^[*_\s]*\((?P<date>[^()]{3,30})\)[*_]*\s*(?:[-\u2013\u2014:|]\s*)?")


def _row_stamp(text: str, *, default_year: int | None, day_first: bool = False) -> Stamp | None:
    """The stamp a row starts with, its date and time in either order: "11:10 6th Nov 2023 -
    ...", "2024-10-24 - 08:15 - ..." as well as "2024-10-24 08:15 - ...", or the date in
    brackets after the time: "22:30 UTC (Oct 29) - ..."."""
    stamp = read_stamp(text, default_year=default_year, day_first=day_first)
    bracketed = (
        _BRACKETED_DATE.match(stamp.rest)
        if stamp is not None and stamp.clock is not None and stamp.day is None
        else None
    )
    if (
        stamp is not None
        and bracketed is not None
        # "21:48 (6:48 PDT)": the same time in another zone, no date; only a bracket that
        # holds a date and nothing else dates the row.
        and re.fullmatch(DATE, bracketed.group("date").strip().rstrip(".,"), re.I)
    ):
        # A row that crosses midnight says so beside its time: the bracket dates it, where
        # the heading's day would put it a day out.
        read = read_date(
            bracketed.group("date").strip(), default_year=default_year, day_first=day_first
        )
        if read is not None:
            return replace(
                stamp,
                day=read[0],
                text=f"{stamp.text} ({bracketed.group('date').strip()})",
                rest=stamp.rest[bracketed.end() :].strip(),
                year_given=read[1],
            )
    if stamp is None or (stamp.day is None) == (stamp.clock is None):
        return stamp
    other = read_stamp(stamp.rest, default_year=default_year, day_first=day_first)
    if other is None:
        return stamp
    if (
        stamp.clock is not None
        and other.day is not None
        and other.clock is None
        and other.year_given
    ):
        day, clock = other.day, stamp.clock
    elif stamp.day is not None and other.clock is not None and other.day is None:
        day, clock = stamp.day, other.clock
    else:
        return stamp
    return Stamp(
        day,
        clock,
        stamp.zone or other.zone,
        f"{stamp.text} {other.text}",
        other.rest,
        stamp.year_given and other.year_given,
        stamp.approximate or other.approximate,
    )


_POSTED = re.compile(r"^\W*posted\s+(?:on\s+|at\s+)?(?P<stamp>.+?)\W*$", re.I)
#: An update whose stamp closes its own line: "The issue is resolved. Posted Nov 14, 2023 - 18:02 UTC".
_POSTED_AFTER = re.compile(
    r"^(?P<text>.*?[\w.!)*_])\s+posted\s+(?:on\s+|at\s+)?(?P<stamp>[^.]*?\d:\d\d[^.]*?)\W*$", re.I
)
#: "Posted 2 days ago. Mar 13, 2024 - 10:16 MDT": the relative age before the stamp.
_AGO = re.compile(
    r"^(?:\d+|an?|a few)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago\W*",
    re.I,
)
_STATUSES = (
    r"resolved|monitoring|identified|investigating|update|updated|mitigated|completed|"
    r"scheduled|in progress|verifying|postmortem"
)
_STATUS_LABEL = re.compile(
    rf"^[\W_]*(?P<label>{_STATUSES})[\W_]*?\s*[-\u2013\u2014:|]\s*(?P<rest>\S.*)$",
    re.I,
)
#: An update that starts with its status: "Resolved -", "**Monitoring**", "Investigating: ...".
_STATUS_START = re.compile(
    rf"^[\W_]*(?P<label>{_STATUSES})\b[*_]*\s*(?:[-\u2013\u2014:|.]|$)(?P<rest>.*)$", re.I
)
#: The order of an incident's statuses, to tell updates listed newest first.
_STATUS_RANK = {
    "investigating": 1,
    "identified": 2,
    "monitoring": 3,
    "resolved": 4,
    "postmortem": 5,
}


def _update_stamp(
    line: str, *, labelled: bool, default_year: int | None, day_first: bool = False
) -> Stamp | None:
    """The time that closes a status update, or None.

    Status pages print it on the line after the update's text, with or
    without "Posted": "Posted Nov 14, 2023 - 18:02 UTC", "Mar 13, 2024 -
    10:16 MDT". A line that is a stamp and nothing else closes an update only
    when the update began with a status label ("Resolved -"), so that a
    bare time elsewhere in a timeline keeps its own meaning.
    """
    posted = _POSTED.match(line)
    if posted is not None:
        text = _AGO.sub("", posted.group("stamp"))
    elif labelled:
        text = _AGO.sub("", line.strip(" *_"))
    else:
        return None
    stamp = read_stamp(text.replace(" - ", " "), default_year=default_year, day_first=day_first)
    if stamp is None or stamp.clock is None:
        return None
    if posted is None and not re.fullmatch(r"[\W_]*", stamp.rest):
        return None
    return stamp


def _update_text(update: list[str]) -> str:
    """A status update's words from its last status label on: "Resolved: Normal operations restored."."""
    starts = [i for i, text in enumerate(update) if _STATUS_START.match(text)]
    lines = update[starts[-1] :] if starts else update
    start = _STATUS_START.match(lines[0]) if starts else None
    if start is not None and not start.group("rest").strip(" -\u2013\u2014:|*_") and lines[1:]:
        return f"{start.group('label').capitalize()}: " + " ".join(lines[1:])
    return " ".join(lines)


def starts_with_time(raw: str, *, default_year: int | None = None) -> bool:
    """True for "09:47 Initial onset", "- 2024-05-02 14:05 UTC alert", "**14:05 UTC** - Expired"."""
    if not re.match(r"^ {0,3}\S", raw) or raw.lstrip().startswith(("#", "|", ">")):
        return False
    stamp = read_stamp(raw, default_year=default_year)
    return stamp is not None and stamp.clock is not None


def timed_runs(lines: list[tuple[int, str]], *, least: int = 3) -> list[list[tuple[int, str]]]:
    """Runs of at least ``least`` lines or paragraphs that each start with a time of day.

    However the section around it is called ("What happened?", "Details"), a run of
    entries that start with a time is a timeline. A run may have blank lines and
    lines continuing an entry's paragraph; it ends at a heading, a gap in the line
    numbers (fenced code left out) or a paragraph that starts with no time.
    """
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    entries = 0
    continues = False  # the line before belongs to an entry's paragraph

    def close() -> None:
        nonlocal current, entries, continues
        while current and not current[-1][1].strip():
            current.pop()
        if entries >= least:
            runs.append(current)
        current, entries, continues = [], 0, False

    for number, raw in lines:
        if current and number != current[-1][0] + 1:
            close()
        if not raw.strip():
            if current:
                current.append((number, raw))
            continues = False
            continue
        if starts_with_time(raw):
            current.append((number, raw))
            entries += 1
            continues = True
            continue
        if continues and not re.match(r"^\s*(?:#|\||(?:[-*+]|\d{1,3}[.)])\s)", raw):
            current.append((number, raw))
            continue
        close()
    close()
    return runs


def timed_tables(lines: list[tuple[int, str]], *, least: int = 2) -> list[list[tuple[int, str]]]:
    """Tables whose header names a time or date column and at least ``least`` of whose rows
    carry a time of day in it: "| Date | Time | Description |" with "| 9 Dec 2020 | 20:12 PST |".

    Wherever it sits, such a table is a timeline, as a run of timed lines is.
    """
    tables: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, raw in [*lines, (-1, "")]:
        if _TABLE_ROW.match(raw) and (not current or number == current[-1][0] + 1):
            current.append((number, raw))
            continue
        if len(current) >= 2 + least and TABLE_SEPARATOR.match(current[1][1]):
            header = [c.strip() for c in _TABLE_ROW.match(current[0][1]).group(1).split("|")]  # type: ignore[union-attr]
            named = any(_TIME_HEADER.search(c) or _DATE_HEADER.match(c) for c in header)
            columns = _columns(header)
            timed = 0
            for _, row in current[2:]:
                cells = [c.strip() for c in _TABLE_ROW.match(row).group(1).split("|")]  # type: ignore[union-attr]
                if columns.time is None or columns.time >= len(cells):
                    continue
                written = cells[columns.time]
                if columns.date is not None and columns.date < len(cells):
                    written = f"{cells[columns.date]} {written}"
                stamp = read_stamp(written, default_year=None)
                timed += stamp is not None and stamp.clock is not None
            if named and timed >= least:
                tables.append(current)
        current = [(number, raw)] if _TABLE_ROW.match(raw) else []
    return tables


def posted_updates(lines: list[tuple[int, str]]) -> int:
    """How many updates of a status page's incident history a document has.

    An update ends with "Posted <date> - <time>", or with the stamp alone
    when the update began with a status label ("Resolved -", "Monitoring").
    """
    count, labelled = 0, False
    for _, text in lines:
        stripped = text.strip()
        same_line = _POSTED_AFTER.match(stripped)
        if same_line is not None:
            stripped = "Posted " + same_line.group("stamp")
        if _POSTED.match(stripped):
            count += bool(re.search(r"\d:\d\d", stripped))
            labelled = False
        elif labelled and _update_stamp(stripped, labelled=True, default_year=None):
            count += 1
            labelled = False
        elif _STATUS_START.match(_clean_event(stripped)):
            labelled = True
    return count


def stated_or_none(line: str) -> Zone | None:
    """A zone stated by a line about times ("All times in CEST"), else None."""
    if not re.search(r"\b(?:times?|timestamps?|hours|(?:time\s*-?\s*)?zone|tz)\b", line, re.I):
        return None
    return heading_zone(line)


# --- which event is which key -------------------------------------------------

# Wording that says in so many words that impact began at this row.
_IMPACT_BEGAN = re.compile(
    r"\b(?:(?:impact|outage|incident|problem|issue|degradation|disruption|errors?|failures?)\s+"
    r"(?:starts?|started|begins?|began|beginning)"
    r"|(?:start|beginning|onset)\s+of\s+(?:the\s+)?(?:impact|incident|outage|problem|disruption)"
    r"|(?:first|initial)\s+(?:customer|user)[- ]?(?:facing\s+)?impact"
    r"|impact\s+start|^(?:impact|outage|incident\s+start)\s*(?::|$)"
    r"|(?:customers|users)\s+(?:start|started|begin|began)\s+(?:to\s+)?(?:see|seeing|get|getting|experienc\w*|report\w*|receiv\w*))\b"
    # The same meaning in the other languages (row_words), as every pattern of this section
    # takes them beside its English words.
    rf"|{other_languages('impact_began')}",
    re.I,
)
# "Report builder deployed", "ticket shop down": a report or ticket that names a service
# detects nothing.
_SERVICE_NOUN = r"(?!\s+(?:builder|service|api|generator|job|pipeline|server|worker|shop|office|store|sales)s?\b)"
# "Alert triggered for the error rate", "Triggered: latency above 60s" tell an alert; "Triggered
# repository sync for 4 repositories" tells a step someone took: something triggered, no alert.
_TRIGGERED_SOMETHING = (
    r"(?!\s+(?!(?:by|for|on|in|at|when|after|because|due|again|and|from|via|within|during|"
    r"across|twice|once)\b)[a-z])"
)
_DETECT = re.compile(
    r"\b(alert\w*|alarm\w*|paged|pages? (?:the |on-?call)|pager\w*|pagerduty|opsgenie|detect\w*|"
    rf"notic\w*|report\w*{_SERVICE_NOUN}|discover\w*|spotted|flagged|fires?|fired|triggered{_TRIGGERED_SOMETHING}|"
    rf"{TICKET_RAISED}|{STORE_REPORT}|complain\w*|"
    r"escalat\w*|reached out|contacted us|heard|"
    # News that reached the team: "We became aware of it during a call", "member informed of
    # the ingress problem", "an automated warning from the cloud provider". A warning users see
    # ("browsers show a security warning") is impact, not news to the team.
    r"(?:became|become|becomes|made) aware|(?:informed|notified|told)(?: us)? (?:of|about|that)|"
    # A person telling us, however the sentence goes on: "someone told us on the chat that
    # ...", "a colleague told us the invoices were blank", "we were told by a customer".
    r"(?:told|informed|notified|warned|messaged|pinged) us|"
    r"(?:was|were|got|been|being) (?:told|informed|notified|warned|contacted|messaged) by|"
    r"(?:automated|automatic|monitoring) warnings?|warnings? (?:from|by|e-?mail|mail)|"
    # Monitoring that mails a list rather than paging: "monitoring mail to the infra team".
    r"monitoring (?:e-?mail|mail|message|notification)\w*)\b"
    rf"|{other_languages('detection')}",
    re.I,
)
#: Help asked of a third party: "opened a ticket with the provider's support", "we contacted
#: the vendor", "escalated to the hosting company". The team knew already: such a row tells a
#: step of the response, not how the incident came to be known.
_OUTSIDE_PARTY = (
    r"(?:(?:the|our|their|its)\s+)?(?:(?:cloud|hosting|network|dns|cdn|upstream|third[- ]party|"
    r"external|payment|mail|email)\s+)?"
    r"(?:provider|vendor|supplier|host(?:er|ing\s+(?:company|firm|partner))|isp|carrier|"
    r"contractor|manufacturer|registrar|partner)(?:'s|s'|s)?"
)
#: "opened a ticket with", "raised a support case at", "filed a request to": help asked in writing.
_OPENED_A_TICKET = (
    r"(?:open\w*|rais\w*|fil\w*|creat\w*|log\w*|submit\w*|put\s+in)\s+(?:a|an|the)\s+"
    r"(?:support\s+|urgent\s+|priority\s+)?(?:ticket|case|request)\s+(?:with|at|to)\s+"
)
_THEIR_DESK = r"(?:support|help\s*desk|service\s+desk)"
_ASKED_OUTSIDE_HELP = re.compile(
    rf"\b(?:{_OPENED_A_TICKET}{_OUTSIDE_PARTY}(?:\s+{_THEIR_DESK})?"
    # "a ticket to Acme support": whoever's support desk it is, it is theirs, not ours.
    rf"|{_OPENED_A_TICKET}(?:[\w.&'-]+\s+){{1,3}}?{_THEIR_DESK}"
    r"|(?:contact\w*|call\w*|phon\w*|e-?mail\w*|reach\w*\s+out\s+to|escalat\w*\s+(?:it\s+|this\s+)?to)"
    rf"\s+{_OUTSIDE_PARTY}(?:\s+{_THEIR_DESK})?)\b"
    rf"|{other_languages('asked_outside_help')}",
    re.I,
)


#: The cause found ("发现根因", "原因を特定", "causa raíz identificada"): diagnosis, whose
#: words for finding are no detection.
_FOUND_THE_CAUSE = re.compile(other_languages("found_the_cause"), re.I)


def tells_detection(text: str) -> bool:
    """True when ``text`` tells an alert or a report reaching the team: the words of
    ``_DETECT``, outside any words that tell the team asking a third party for help or
    finding the cause."""
    text = _FOUND_THE_CAUSE.sub(" ", _ASKED_OUTSIDE_HELP.sub(" ", text))
    return bool(_DETECT.search(text))


_ACK = re.compile(
    r"\b(acknowledg\w*|ack(?:ed|'d|s)?|incident (?:declared|opened|created|raised)|declared (?:an? )?incident|"
    r"(?:on-?call|responders?|engineers?) (?:engaged|joined|respond\w*)|war ?room|bridge (?:opened|started)|"
    r"(?:start\w*|began|begin\w*) (?:to )?investigat\w*|investigations? (?:start\w*|launched|began|begins|opened))\b"
    rf"|{other_languages('response')}",
    re.I,
)
#: "Service restored", "access was restored", "we restore the replica", "restoration
#: complete"; "restore" as a noun only when the restore is said to be done ("Database restore
#: completed"). A restore under way or practised ("during the restore drill", "the restore took
#: two hours", "a restore of the database started") ends nothing.
_RESTORED = (
    r"restor(?!e\b)\w*"
    r"|restore\s+(?!drills?\b|tests?\b|exercises?\b|rehearsals?\b)(?:\w+\s+){0,3}?"
    r"(?:(?:is|was|has\s+been)\s+)?(?:complet\w*|finish\w*|succeed\w*|done)"
    r"|(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bthis )(?<!\bthat )(?<!\bour )(?<!\bits )(?<!\btheir )"
    r"(?<!\beach )(?<!\bevery )(?<!\bfirst )(?<!\bsecond )(?<!\bfull )(?<!\bpartial )"
    r"restore(?!\s+(?:of|drills?|tests?|exercises?|rehearsals?|jobs?|runs?|process\w*|window|"
    r"scripts?|points?|plans?|procedures?|took|takes|ran|runs|was|is|had|has|started|starts|began|"
    r"begins|failed|fails)\b)"
)
_MITIGATE = re.compile(
    rf"\b(mitigat\w*|roll(?:ed)?[ -]?back\w*|revert\w*|recover\w*|{_RESTORED}|back to normal|"
    # An alert resolving with its measure: "Resolved: delivery latency normal".
    r"(?:latenc(?:y|ies)|error rates?|depth|lag|levels?|response times?)\s+(?:(?:is|are|now|back)\s+)*normal|"
    r"return\w* to (?:normal|baseline)|normal levels|stabili[sz]\w*|workaround|fail(?:ed)?[ -]?over|"
    r"self[- ]heal\w*|healthy again|back (?:online|up|to 100\s*%|to zero|within|above|below|"
    # "Lag back under one minute"; a service put "back under load" is a step.
    r"under(?!\s+(?:heavy\s+|full\s+)?(?:load|pressure|strain|stress)))|"
    r"(?<!fail to )(?<!failed to )(?<!unable to )(?<!not )reconnect(?:s|ed)?\b|"
    r"fix (?:has been |was |is )?(?:deployed|applied|rolled out|implemented|live)|hotfix (?:deployed|applied)|"
    # "Hotfix deployment completed" says what "hotfix deployed" says; its start is a step.
    r"(?:hot ?fix|fix) (?:deployment|roll[- ]?out) (?:is |was |has been )?(?:completed?|finished|done)|"
    # "The hotfix release of the node software deployment completed (as version 2.4.1)".
    r"(?:hot ?fix|fix)\b[^.;]{0,80}?\bdeployment (?:is |was |has been )?(?:completed?|finished|done)|"
    # "Version 3.2.2 was released that included the fixes": a fix released is a fix deployed.
    r"releas\w*\s+(?:that\s+|which\s+)?(?:includ\w*|contain\w*|with)\s+(?:the\s+|a\s+)?"
    r"(?:\w+\s+)?(?:fix|fixes|hot ?fix|patch)\b|"
    r"(?:\w+\s+)?(?:works?|working|renders?|rendering|loads?|loading|runs?|running|flows?|flowing|respond\w*|"
    # "Balances update again": the work the service does, in the present tense.
    r"updates?|updating|syncs?|syncing|"
    r"succeed\w*|starts?|current|correct|complete|up to date|available|reachable|responsive|online|healthy|normal(?:ly)?)\s+"
    r"(?:normally\s+)?again|subsid\w*|"
    r"(?:results|service|traffic|logins?|launches|downloads|builds|pages|deliveries|requests) (?:return|returned|resume\w*)|"
    r"backlog (?:cleared|drained|processed)|(?:queue|backlog) drained|"
    r"(?:outage|impact|errors?) (?:ended|ends|stopped|stops|subsided|cleared)|"
    r"(?:bring|brought|bringing) the (?:outage|incident|impact) to an end|"
    r"(?:are|is|were|was|went|go|goes) back|back in (?:service|order)|working (?:again|order)|"
    r"(?:goes|went|go) away|disappear\w*|no longer (?:appear\w*|fail\w*|occur\w*)|"
    r"(?:confirmed|verified)\s+(?:as\s+)?(?:working|operational|fixed)|"
    # "Deployment downgraded, which solved the issue", "issue fixed": the row's own step ended
    # it. "This solved the problem" alone may speak of an earlier row's step: no end here.
    r"(?<!this )(?<!that )(?<!it )(?:solv|fix)(?:ed|es) the (?:issue|problem)|"
    r"(?:issue|problem)s? (?:(?:is|was|were|has been|have been)\s+)?(?:\w+ly\s+)?(?:solved|fixed)|"
    # "Primary engineer declares `prod` hub online", "marks the gateway healthy": whatever is
    # declared, the declaration is the end of impact.
    r"(?:declar\w*|mark(?:s|ed)?|brought|brings?|puts?)\s+(?:\S+\s+){0,3}?(?:as\s+)?"
    r"(?:online|healthy|available|reachable|usable|live)|"
    r"(?<!not )(?<!n't )(?:working|works|runs|running) as (?:expected|intended)|"
    r"(?<!not )(?<!non-)operational)\b"
    rf"|{other_languages('fix')}|{other_languages('ended')}",
    re.I,
)
#: Something stopping: what stopped (the words before the verb), what it stopped doing
#: ("arriving", "to be processed") and an object when someone stopped something ("stopped the
#: indexer"); see ``_stopping``.
_STOPPED = re.compile(
    r"^(?P<what>.*?)\b(?:stop|stops|stopped|cease[sd]?)\b(?!-)"
    r"(?:\s+(?P<doing>\w+ing(?:\s+out)?|to\s+(?:be\s+)?\w+)"
    r"|(?P<object>\s+(?:the|an?|all|any|our|their|its|this|that|these|those|it|them)\b))?",
    re.I,
)
#: What a backlog or a bad signal does while things get worse: its stopping is no impact.
_GROWTH = re.compile(
    r"(?:grow|ris|climb|increas|spik|accumulat|pil|build|back|worsen|expand|fill|mount|swell)"
    r"ing(?:\s+up)?",
    re.I,
)
#: A verb that tells what was seen or reported, then "that": "alerted the on-call engineer
#: that", "noticed that", "reported that". The words after it say what stopped; a "that" after
#: a noun ("errors that had been climbing stopped") is no such verb's.
_TOLD_THAT = re.compile(
    r"\b(?:alert\w*|pag(?:ed|es)|notif\w*|report\w*|warn\w*|not(?:ed|iced|ices)|saw|sees?|found|"
    r"finds|show\w*|told|tells|said|says|confirm\w*|detect\w*|observ\w*|realis\w*|realiz\w*)\b"
    r"[^.;]{0,60}?\bthat\b",
    re.I,
)
#: "The indexer was stopped": someone stopped it.
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|got|gets)\s+(?:\w+ly\s+)?$", re.I)
#: What does a service's steady work: "Points consumer", "invoice worker", "sync job".
_WORKER = re.compile(
    r"\b(?:consumers?|workers?|jobs?|cron ?jobs?|processors?|pollers?|schedulers?|daemons?|"
    r"indexers?|exporters?|importers?|syncers?|listeners?|subscribers?|handlers?|runners?|"
    r"crawlers?|dispatchers?|senders?|forwarders?|collectors?|replicators?|ingest[eo]rs?|services?)$",
    re.I,
)
#: Words that may stand between a worker and its verb: "has", "had", "silently", "then".
_BEFORE_VERB = re.compile(
    r"(?:\s+(?:has|have|had|then|also|just|suddenly|completely|\w+ly))*\s*$", re.I
)
#: A phrase that places a worker ("on the broken node", "in eu-west"), not a noun of its own.
_PLACING = re.compile(r"\s*(?:\(|(?:on|in|at|for|behind)\s)", re.I)
#: Being seen rather than working: "Failing jobs stopped appearing" tells the trouble ended.
_SHOWING_UP = re.compile(r"(?:appear|occurr|happen|show|com|fir|recurr|popp)ing\b", re.I)
_PREPOSITIONS = {"of", "from", "by", "in", "on", "for", "with", "to", "behind", "at", "into"}
_DETERMINERS = {
    "the",
    "a",
    "an",
    "our",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "every",
    "all",
}


def _worker_is_subject(subject: str) -> bool:
    """True when what stopped is a worker: a word of ``_WORKER`` is the subject's last noun,
    perhaps placed by a phrase after it ("The points consumer on the broken node"), and is no
    preposition's object ("Timeouts of the sync job")."""
    words = re.findall(r"[\w'-]+|\(", subject)
    for index in range(len(words) - 1, -1, -1):
        if not _WORKER.search(words[index]):
            continue
        after = " " + " ".join(words[index + 1 :])
        if not (_BEFORE_VERB.fullmatch(after) or _PLACING.match(after)):
            # "Consumer errors stopped": the errors stopped, not the consumer.
            return False
        before = [word.lower() for word in words[max(0, index - 5) : index]]
        for position in range(len(before) - 1, -1, -1):
            if before[position] in _PREPOSITIONS:
                return False
            if before[position] in _DETERMINERS:
                # "Errors from the points consumer": the determiner's phrase is an object.
                return position == 0 or before[position - 1] not in _PREPOSITIONS
        return True
    return False


def _stopping(clause: str) -> str | None:
    """What a clause where something stops tells: ``"ended"`` when what stopped, or what it
    stopped doing, is the failure ("Errors stopped", "the retry storm ceased", "pods stopped
    crashing"); ``"began"`` when it is the work that should go on ("Writes to the primary
    stopped", "Order events stopped arriving", "Payments ceased to be processed"); ``None``
    when nothing stops, or the stopping is a step: a change halted ("Indexer rollout stopped")
    or something stopped by someone ("We stopped the workers", "The job was stopped")."""
    stopped = _STOPPED.search(clause)
    if stopped is None:
        return None
    if _GROWTH.fullmatch(stopped.group("doing") or ""):
        # "The queue stopped growing", "error rate stopped climbing": the trouble stopped
        # getting worse, which is neither where it began nor yet where it ended.
        return None
    subject = stopped.group("what")
    told = [*_TOLD_THAT.finditer(subject)]
    if told:
        # "The health check alerted the on-call engineer that the relay had stopped
        # answering": what stopped is the relay; the alert is how it was told.
        subject = subject[told[-1].end() :]
    doing = stopped.group("doing") or ""
    if (
        doing
        and not _IMPACT.search(doing)
        and not _SHOWING_UP.match(doing)
        and _worker_is_subject(subject)
    ):
        # "Points consumer stops reading from the queue", "The unhealthy invoice worker
        # stopped processing jobs": a worker stopped its work, which is the impact, whatever
        # trouble the words around the worker name ("after the failover", "delayed-jobs").
        return "began"
    what = subject + " " + doing
    if _IMPACT.search(what):
        return "ended"
    if (
        stopped.group("object")
        or _PASSIVE.search(subject)
        or not subject.strip()
        or _CHANGE.search(what)
    ):
        return None
    return "began"


#: "Alerts have cleared", "State lock forcefully cleared": what was cleared is the word before
#: the verb (past any auxiliary or adverb); it ends impact only when it tells impact or its signal.
_CLEARED = re.compile(
    r"\b(?P<what>[\w-]+)\s+(?:(?:has|have|had|is|are|was|were|been|got|gets)\s+)*"
    r"(?:\w+ly\s+)?cleared\b",
    re.I,
)
#: "Orders were accepted again", "payments processing again": a verb said to work again ends
#: impact, unless the clause tells impact ("requests were rejected again", "errors seen again").
_AGAIN = re.compile(r"\b\w+(?:ed|ing)\s+(?:normally\s+|successfully\s+|fine\s+)?again\b", re.I)
#: "Lockers accept pickup codes again", "edges serve new avatars again", "events flowing to
#: the tracking service again": the work a service does, said of its object, done again.
_DOES_AGAIN = re.compile(
    r"\b(?:serv|accept|process|deliver|send|load|render|sync|open|display|show|authori[sz]|flow|"
    r"reach|arriv)\w*\s+(?:\S+\s+){1,4}?again\b",
    re.I,
)
#: "Exports written again", "invoices sent again", "statements stored again": the work a
#: service does to its output, done again. Written apart from ``_AGAIN`` for the participles
#: that do not end in "-ed", and because such work may be done again wrongly ("stale data
#: written again"), which ``_WRONG_AGAIN`` tells.
_WORK_DONE_AGAIN = re.compile(
    r"\b(?:re)?(?:written|sent|built|stored|saved|uploaded|exported|delivered|published|"
    r"processed)\s+(?:normally\s+|successfully\s+|fine\s+)?again\b",
    re.I,
)
#: What a service may do again that is the trouble itself: "serve stale avatars again",
#: "corrupt statements stored again".
_WRONG_AGAIN = re.compile(
    r"\b(?:stale|old|wrong|outdated|incorrect|empty|blank|corrupt\w*|truncated|invalid)\b"
    rf"|{other_languages('wrong_output')}",
    re.I,
)
#: The same work done again in the other languages: "etiquetas impressas novamente", "pedidos
#: procesados de nuevo", "commandes traitées à nouveau", "Etiketten werden wieder gedruckt".
_DONE_AGAIN_ELSEWHERE = re.compile(other_languages("done_again"), re.I)
#: The trouble back in the other languages: "workers reiniciados novamente", "alerte
#: déclenchée à nouveau", "wieder neu gestartet".
_TROUBLE_AGAIN_ELSEWHERE = re.compile(other_languages("trouble_again"), re.I)
# Verbs that say the trouble is back, whatever they are said of: "went down again", "restarted again".
_AGAIN_TROUBLE = re.compile(
    r"\b(?:restart\w*|trigger\w*|fir(?:ed|ing)|page[ds]?|paging|happen\w*|occurr\w*|appear\w*|"
    r"return\w*|increas\w*|ris(?:ing|en)|climb\w*|spik\w*|went|seen|observed|start\w*|stall\w*|"
    r"drop\w*|paus\w*|stopp\w*)\s+(?:\w+\s+)?again\b",
    re.I,
)


def _trouble_again(clause: str) -> bool:
    """True when ``clause`` says the trouble is back (``_AGAIN_TROUBLE``), unless the only
    such word is a web page being published or served again ("Pages published again", "serving
    pages again"), not the pager going off again."""
    return bool(_TROUBLE_AGAIN_ELSEWHERE.search(clause)) or any(
        not (re.match(r"pages?\b", match.group(0), re.I) and WEB_PAGE.search(clause))
        for match in _AGAIN_TROUBLE.finditer(clause)
    )


#: "The decision was made to roll back", "we decided to fail over": a decision is not the act,
#: which may come hours later or never reach users.
_DECISION = re.compile(
    rf"\b(?:decision|decid(?:e|es|ed|ing))\b|{other_languages('decision')}", re.I
)


#: Words that make what follows them a subject talked about: "a ticket concerning network ip
#: failover", "regarding the rollback". A fix named so was not done. Not "about", which is as
#: often "about ten minutes" before the words that tell the end.
_TOPIC = re.compile(r"\b(?:concerning|regarding|re:)\s", re.I)


def _tells_end(clause: str) -> bool:
    """True when ``clause`` says impact ended: the words of ``_MITIGATE``, the impact or its
    signal cleared, or something working again."""
    if _DECISION.search(clause):
        return False
    topic = _TOPIC.search(clause)
    if topic is not None:
        # Only what the clause says before its subject can tell an end.
        clause = clause[: topic.start()]
    stopping = _stopping(clause)
    if stopping is not None:
        # Normal work stopping is where impact begins, whatever else its words say
        # ("Replication to the failover replica stopped").
        return stopping == "ended"
    if _MITIGATE.search(clause):
        return True
    cleared = _CLEARED.search(clause)
    if cleared is not None and _IMPACT.search(cleared.group("what")):
        return True
    if (
        _WORK_DONE_AGAIN.search(clause)
        or _DOES_AGAIN.search(clause)
        or _DONE_AGAIN_ELSEWHERE.search(clause)
    ):
        works_again = not _WRONG_AGAIN.search(clause)
    else:
        works_again = bool(_AGAIN.search(clause))
    return works_again and not _trouble_again(clause) and not _IMPACT.search(clause)


def ends_impact(text: str) -> bool:
    """True when some clause of ``text`` says impact ended (settled or not)."""
    return any(_tells_end(clause) for clause in _CLAUSE.split(text))


# Work under way is not the end of impact: "we are mitigating impact", "working to restore",
# "began to recover", "recovery started", "signs of recovery": mitigation began, at best.
_NOT_YET = re.compile(
    r"\b(initiat\w*|start\w*|begin\w*|began|attempt\w*|prepar\w*|decid\w*|plan\w*|propos\w*|"
    r"discuss\w*|consider\w*|tr(?:y|ied|ying) to|"
    # Recovery seen beginning is not recovery: "signs of recovery", "partial recovery".
    r"signs? of|partial(?:ly)?|mostly|largely|gradually (?:recovering|improving)|"
    r"mitigating|remediating|working (?:to|on|towards)|in (?:the )?process of|in progress|under ?way|"
    r"(?:is|are|am|was|were|been)\s+(?:now\s+|still\s+|currently\s+|actively\s+)?"
    r"(?:restoring|recovering|rolling back|reverting|failing over|stabili[sz]ing|deploying|applying))\b"
    rf"|{other_languages('under_way')}",
    re.I,
)
# A fix told as going wrong or as not helping: "a pull request ungracefully reverts changes to
# the cluster" is the failure; "the revert did not solve it" ended nothing, nor did a fix that
# "made things worse".
_NO_FIX = re.compile(
    r"\b(?:unexpected\w*|accidental\w*|ungraceful\w*|unintend\w*|unintentional\w*|by mistake|"
    r"(?:did|does|do|has|have|had)(?:\s+not|n't)\s+(?:\w+\s+)?(?:solve|help|fix|resolve|work|improve)\w*|"
    r"no (?:effect|improvement)|without (?:effect|success)|"
    r"made (?:\w+\s+){0,2}?worse|(?:got|gets|getting|became|becomes) worse)\b"
    rf"|{other_languages('no_fix')}",
    re.I,
)
#: Where one clause of a row ends and the next begins: "Root cause found; we are mitigating".
_CLAUSE = re.compile(
    r"[.;:!?]\s+|[;:]|,\s+|\s+(?:and|but|while|as(?!\s+(?:expected|intended|usual)\b))\s+"
    rf"|{other_languages('between_clauses', bounded=False)}",
    re.I,
)


#: "queries stay slow", "latencies persist", "error rates remain elevated": impact goes on.
_GOES_ON = re.compile(
    rf"\b(?:stay(?:s|ed)?|remain(?:s|ed|ing)?|persist\w*|still)\b|{other_languages('goes_on')}",
    re.I,
)


def _impact_goes_on(text: str) -> bool:
    """True when a clause of ``text`` says impact goes on ("errors mostly stop but queries
    stay slow"): whatever else the row says ended, impact did not."""
    return any(_GOES_ON.search(clause) and _IMPACT.search(clause) for clause in _CLAUSE.split(text))


#: Work done to end impact, as opposed to impact seen to end: "Rolled back the deploy",
#: "Reverted PR 812", "Failed over to the replica", "Fix deployed", "Workaround applied".
_FIX_APPLIED = re.compile(
    r"\b(?:roll(?:ed|ing)?[ -]?back\w*|revert\w*|fail(?:ed|ing)?[ -]?over\w*|workaround|"
    r"(?:hot ?fix|fix|patch)(?:es)?\b[^.;]{0,40}?\b(?:deploy\w*|appl\w*|roll(?:ed)?[ -]?out|releas\w*|"
    r"merg\w*|ship\w*|live))"
    rf"|{other_languages('fix')}",
    re.I,
)
#: Impact seen to end, whatever was done: "Error rates back to normal", "checkout recovered",
#: "errors stopped", "latency returned to baseline", "orders flowing again".
_IMPACT_SEEN_ENDED = re.compile(
    r"\b(?:back to (?:normal|baseline)|return\w* to (?:normal|baseline|pre-incident)|normal levels|"
    r"recovered|recovers|healthy again|back (?:online|up|to 100\s*%|to zero)|"
    r"(?:outage|impact|errors?|failures?|timeouts?|alerts?) (?:ended|ends|stopped|stops|subsided|cleared)|"
    r"(?:goes|went|go) away|no longer (?:appear\w*|fail\w*|occur\w*)|"
    r"(?:\w+(?:ed|ing)|works?|flows?|loads?|runs?|(?:re)?(?:written|sent|built)) "
    r"(?:normally |successfully )?again|"
    r"resum\w*|(?<!not )(?<!non-)operational)\b"
    rf"|{other_languages('ended')}",
    re.I,
)
#: "Errors not back to normal yet", "latency has yet to return to baseline".
_NOT_SO = re.compile(rf"\b(?:not|never|yet to)\b|n't\b|{other_languages('negated')}", re.I)
#: How long after a fix was applied a row saying impact ended is read as its outcome: recovery
#: after a rollback or a failover takes minutes; a row hours later tells something else.
FIX_OUTCOME_WITHIN = dt.timedelta(hours=2)


def _outcome_of_fix(fix: Event, later: list[Event], succeeded: set[int]) -> Event | None:
    """The row that says impact ended after ``fix``, a row that only tells work done to end it
    ("Rolled back the deploy" at 10:20, "Error rates back to normal" at 10:32): the format's
    ``mitigated`` is when user impact ended, which the later row tells, as does a row in
    ``succeeded`` (a failing operation that works again). None when ``fix`` says impact ended
    itself, or no row within :data:`FIX_OUTCOME_WITHIN` says it did."""
    if not _FIX_APPLIED.search(fix.text) or _IMPACT_SEEN_ENDED.search(fix.text):
        return None
    return next(
        (
            e
            for e in later
            if fix.at < e.at <= fix.at + FIX_OUTCOME_WITHIN
            and (
                (id(e) in succeeded and not _impact_goes_on(e.text))
                or (
                    any(
                        _IMPACT_SEEN_ENDED.search(clause) and not _NOT_SO.search(clause)
                        for clause in _CLAUSE.split(e.text)
                    )
                    and _settled(e.text)
                )
            )
            and not _NEGATED.search(e.text)
            and not _NO_FIX.search(e.text)
        ),
        None,
    )


#: An operation said to work: "Repository sync successful", "sync succeeded", "jobs succeed
#: again", "deploys successful again"; ``what`` is the operation's noun, the word before.
_SUCCEEDED = re.compile(
    r"\b(?P<what>[a-z][\w-]*)\s+(?:(?:is|are|was|were|has|have|been|now|finally)\s+)*"
    r"(?:succeed(?:s|ed)?|successful(?:ly)?)\b",
    re.I,
)
#: An operation failing, in a row before: "sync failed", "jobs failing", "deploys erroring".
_FAILING = re.compile(r"\b(?:fail\w*|errors?|erroring|broken|crash\w*|time[ds]?[- ]?outs?)\b", re.I)
#: The fix as the thing that succeeded ("deploy of the fix succeeded"): work done to end the
#: impact, which ``_FIX_APPLIED`` tells, not the impact seen to end.
_FIX_WORDS = re.compile(r"\b(?:hot ?fix|fix|patch)(?:es|ed)?\b", re.I)


def _noun_stem(word: str) -> str:
    """ "jobs" and "job", "syncs" and "sync": one operation in either number."""
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _failing_operation_succeeds(event: Event, before: list[Event]) -> bool:
    """True when a clause of ``event`` says an operation succeeded ("Repository sync
    successful") that a row in ``before`` told failing ("Triggered new sync, it failed"):
    the impact was that operation failing, so its success ends it. Success of anything else
    ("Backup succeeded", "deploy of the fix succeeded") says nothing of the impact."""
    for clause in _CLAUSE.split(event.text):
        if _NOT_SO.search(clause) or _FIX_WORDS.search(clause):
            continue
        for match in _SUCCEEDED.finditer(clause):
            stem = _noun_stem(match.group("what"))
            named = re.compile(rf"\b{re.escape(stem)}(?:e?s)?\b", re.I)
            if any(named.search(e.text) and _FAILING.search(e.text) for e in before):
                return True
    return False


def _succeeded_rows(timed: list[Event]) -> set[int]:
    """The rows (by ``id``) that say a failing operation succeeded, each judged against the
    rows before it."""
    return {
        id(event)
        for index, event in enumerate(timed)
        if _failing_operation_succeeds(event, timed[:index])
    }


def _settled(text: str) -> bool:
    """True when a clause of ``text`` says impact ended without saying the work is still under
    way, and no clause says impact goes on.

    "Sync works normally again. We are applying the queued changes" is
    settled; "Root cause identified; we are mitigating impact" is not, nor is
    "Rebuild paused, errors mostly stop but queries stay slow".
    """
    if _impact_goes_on(text):
        return False
    return any(_tells_end(clause) and not _NOT_YET.search(clause) for clause in _CLAUSE.split(text))


# "un" only as a prefix ("unnoticed", "unresolved"): read as a word it denied "une alerte",
# "una alerta" (an alert); and the other words only whole, so that "Nomad alert fired" or
# "Notification alert" is an alert.
_NEGATED = re.compile(
    r"\b(?:(?:no|without|missing|not|never|didn't|did not|wasn't|weren't|nobody|no one|nothing|none)\s+"
    r"(?:an?\s+)?(?:\w+\s+)?|un)"
    r"(?:alert|alarm|page|pager|monitor|detect|notic|resolv|recover|restor)\w*"
    rf"|{other_languages('negated')}",
    re.I,
)
#: "this resolved the issue (after the restart completed)": the words say an earlier step
#: ended it, at a time the row does not give; a missed time is better than a wrong one.
_REFERS_BACK = re.compile(
    r"\b(?:this|that|which|it|these|those)\s+(?:(?:has|had|then|finally|eventually)\s+)?"
    r"(?:resolved|fixed|solved)\s+(?:the|this|that|our|all|both|it)\b",
    re.I,
)
_RESOLVE = re.compile(
    r"\b(resolved|resolution|closed|clos(?:e|ing) (?:the |of the )?incident|all[- ]clear|incident (?:over|ended|ends|closed)|"
    r"fully (?:recovered|restored|resolved)|stood down|stand(?:ing)? down|marked (?:as )?resolved|"
    # "Upgraded again and issue permanently fixed": after a workaround, the lasting fix closes it.
    r"permanently (?:fixed|solved|resolved))\b"
    rf"|{other_languages('closed')}",
    re.I,
)


# A row that tells a change or its preparation: work that may lead to an incident, not the
# impact itself ("Kubernetes upgrade commenced", "Workshop started", "Proactively scaling up").
_CHANGE = re.compile(
    r"\b(upgrad\w*|downgrad\w*|deploy\w*|appl(?:y|ies|ied|ying)|merg\w*|roll[- ]?(?:over|out)s?|"
    r"scal(?:e|es|ed|ing)|releas\w*|install\w*|migrat\w*|updat\w*|chang\w*|replac\w*|commit\w*|"
    r"creat\w*|modif\w*|configur\w*|enabl\w*|disabl\w*|pipeline|bump\w*|provision\w*|patch\w*|"
    r"publish\w*|rotat\w*|executed|ran|runs|commenc\w*|initiat\w*|starts?|started|begins?|began|"
    r"workshop|maintenance|proactive\w*|planned|scheduled|review\w*|revis\w*|coordinat\w*|"
    r"hand(?:ed)?[- ]?over|prepar\w*|(?:went|go(?:es)?|going) live)\b"
    rf"|{other_languages('change')}",
    re.I,
)
#: What the responders could not do is a step of their work, never impact: "cannot
#: reproduce", "could not find the cause", "unable to roll back".
_RESPONSE_STEP = (
    r"(?:reproduce|repro|find|locate|identify|determine|pinpoint|diagnose|explain|confirm|"
    r"figure|work\s+out|tell|roll\s*back|revert|restart|redeploy|fail\s*over)\b"
)
#: Impact told as what the service's people could not do: "customers cannot pay", "users unable
#: to log in", "drivers could not see their routes", "no one can book a slot", "guests who could
#: not pay". Only people who use the service, or no one at all, as the subject: "engineers
#: could not find the cause" or "we cannot reproduce" tell the response, and so does any
#: response step after the words, whoever the subject.
_PEOPLE = (
    r"(?:customers?|users?|clients?|shoppers?|buyers?|drivers?|riders?|passengers?|members?|"
    r"guests?|visitors?|patients?|students?|parents?|merchants?|sellers?|tenants?|subscribers?|"
    r"players?|readers?|viewers?|callers?|couriers?|depots?|stores?|shops?|people|everyone|anyone)"
)
_COULD_NOT = (
    r"(?:cannot|can't|can\s+not|could\s+not|couldn't|can\s+no\s+longer|could\s+no\s+longer|"
    r"(?:(?:is|are|was|were)\s+)?(?:unable|not\s+able|no\s+longer\s+able)\s+to|"
    r"(?:isn't|aren't|wasn't|weren't)\s+able\s+to)"
)
_PEOPLE_COULD_NOT = (
    rf"\b{_PEOPLE}(?:\s+(?!(?:and|but|while|as|after|before|so)\b)[\w'-]+){{0,4}}?\s+{_COULD_NOT}"
    rf"\s+(?:\w+\s+)?(?!{_RESPONSE_STEP})[a-z]"
    rf"|\b(?:no\s+one|no-one|nobody)\s+(?:can|could|(?:is|was|were)\s+able\s+to)\s+"
    rf"(?!{_RESPONSE_STEP})[a-z]"
)
# A row that tells impact: errors, an outage, failures, a problem reported, alerts firing.
_IMPACT = re.compile(
    r"\b(errors?|exceptions?|fail\w*|crash\w*|down|downtime|outages?|unavailab\w*|unreachab\w*|"
    rf"unresponsive|unhealthy|unschedul\w*|unable(?!\s+to\s+(?:\w+\s+)?{_RESPONSE_STEP})|time[ds]?[- ]?outs?|timing out|not ?ready|oom|"
    r"out of memory|no space|[45]\d\d|[45]xx|no longer|"
    r"(?:do|does|did|is|are|was|were)(?: not|n't) (?:work|start|run|load|respond)\w*|missed|"
    r"break\w*|broke|broken|block(?!s\b)\w*|reject\w*|degrad\w*|slow\w*|delay\w*|latency|100\s?%|"
    r"impact\w*|affect\w*|issues?|problems?|missing|killed|lost|expir\w*|causing|caused|"
    r"resulting in|unexpected\w*|ungraceful\w*|unintend\w*|unintentional\w*|alert\w*|alarm\w*|"
    r"warning|paged|have no|storms?|duplicat\w*)(?!\w)"
    rf"|{_PEOPLE_COULD_NOT}"
    rf"|{other_languages('impact')}",
    re.I,
)
#: How soon after a change the next row must tell impact for the change to be where impact
#: began ("Ingress upgraded" at 11:02, "504 responses appear" at 11:05).
_LED_STRAIGHT = dt.timedelta(hours=1)


def tells_impact(text: str) -> bool:
    """True when a row tells impact: errors, an outage, a problem reported, an alert, or the
    work that should go on stopping ("Writes to the primary stopped")."""
    return bool(_IMPACT.search(text)) or any(
        _stopping(clause) == "began" for clause in _CLAUSE.split(text)
    )


def tells_change(text: str) -> bool:
    """True when a row tells a change or its preparation, and nothing of impact."""
    return bool(_CHANGE.search(text)) and not tells_impact(text)


def _impact_start(timed: list[Event]) -> tuple[Event | None, list[Event]]:
    """Where impact began when the first rows tell only preparation or changes.

    Returns the first row that tells impact, or the change just before it when the change
    led straight to it (the next row, within the hour: "Ingress upgraded", then "504
    responses appear"), with the rows passed over before it. ``(None, rows)`` when every
    row tells a change; ``(None, [])`` when the first row stands: it tells impact, a
    change that led straight to it, or something else.
    """
    passed: list[Event] = []
    for index, event in enumerate(timed):
        if tells_impact(event.text):
            return (event if passed else None), passed
        if not tells_change(event.text):
            return None, []
        following = timed[index + 1] if index + 1 < len(timed) else None
        if (
            following is not None
            and tells_impact(following.text)
            and following.at - event.at <= _LED_STRAIGHT
        ):
            return (event if passed else None), passed
        passed.append(event)
    return None, passed


#: Words of a row that warns ahead of the impact: "Disk usage warning on the replica (ignored)",
#: "Notice from the host: maintenance tonight". Logged hours before, such a row is no start
#: when a later row says the impact began.
_PRECURSOR = re.compile(
    r"\b(?:warn(?:ings?|s|ed)?|notices?|notified|heads[- ]up|advisory|ignored|snoozed|"
    r"dismissed|muted)\b",
    re.I,
)
#: A row that says impact began in other words than :data:`_IMPACT_BEGAN`: "Checkout starts
#: failing", "orders began to time out", "first errors seen". Read only after a warning, so that
#: a change followed by such a row stays the start as before.
_ONSET = re.compile(
    r"\b(?:starts?|started|begins?|began)\s+(?:to\s+)?(?:fail\w*|error\w*|"
    r"tim(?:e|es|ing)\s+out|return\w*\s+(?:errors?|[45]\d\d|empty)|throw\w*|reject\w*|crash\w*)"
    r"|\bfirst\s+(?:errors?|failures?|timeouts?)\b",
    re.I,
)


#: A row that tells of trouble to come, not now: "certificate expires in 7 days", "disk will
#: be full in 3 days". The future tense takes the rest of its clause; "in N days" the verb
#: before it, so that "expires" there is no impact.
_LATER = re.compile(
    r"\b(?:will|is going to|are going to)\b[^.;,]*"
    r"|\b\w+\s+(?:with)?in\s+(?:\d+|a|an|one|two|three|a few)\s+(?:more\s+)?"
    r"(?:hours?|days?|weeks?|months?)\b",
    re.I,
)
#: A warning the source says was set aside: "(ignored)", "snoozed". Logged hours before a row
#: that tells impact, it was no sign the team took for the start.
_SET_ASIDE = re.compile(r"\b(?:ignored|snoozed|dismissed|muted)\b", re.I)


def _warns_ahead(text: str) -> bool:
    """True for a row that only warns: its warning words, or its words of trouble to come,
    gone, nothing of impact is left ("Warning: checkout errors at 5%" tells impact)."""
    if not (_PRECURSOR.search(text) or _LATER.search(text)):
        return False
    return not tells_impact(_LATER.sub(" ", _PRECURSOR.sub(" ", text)))


def _set_aside(warning: Event, impact: Event) -> bool:
    """True when ``warning``, hours before ``impact``, was set aside or told of trouble to
    come: the impact told later is the start even in words that do not say it began."""
    set_aside = _SET_ASIDE.search(warning.text) or _LATER.search(warning.text)
    return bool(set_aside) and impact.at - warning.at > _LED_STRAIGHT


def _start_after_warnings(timed: list[Event]) -> tuple[Event | None, list[Event]]:
    """Where impact began when the first rows only warn of it (or tell changes) and a later
    row says the impact began there: that row, or the change just before it that led straight
    to it, with the rows passed over. ``(None, [])`` when the first row stands."""
    passed: list[Event] = []
    for event in timed:
        if _warns_ahead(event.text) or tells_change(event.text):
            passed.append(event)
            continue
        warnings = [e for e in passed if _warns_ahead(e.text)]
        says_began = _IMPACT_BEGAN.search(event.text) or _ONSET.search(event.text)
        # "Disk usage warning (ignored)" at 03:10, "error rate at 30%" at 09:40: the impact told
        # hours after a warning set aside is the start, said to begin or not. A plain warning
        # stays the start unless a later row says impact began: it may have been the first sign.
        told_later = tells_impact(event.text) and all(_set_aside(e, event) for e in warnings)
        if not warnings or not (says_began or told_later):
            return None, []
        last = passed[-1]
        if tells_change(last.text) and event.at - last.at <= _LED_STRAIGHT:
            return last, passed[:-1]
        return event, passed
    return None, []


def _quoted_rows(events: list[Event]) -> str:
    return ", ".join(f'line {e.line} "{" ".join(e.text.split())}"' for e in events)


# --- a revert of the responders' own attempt -----------------------------------

#: A revert told with what it reverts after it: "reverts the fix", "rolled back our hotfix",
#: "rollback of the rate limit", "backed out the change we made".
_REVERT_ACTIVE = re.compile(
    r"\b(?:revert(?:s|ed|ing)?|roll(?:s|ed|ing)?[ -]?back|back(?:s|ed|ing)? out|undo(?:es|ing)?|"
    r"undid)\s+(?:of\s+)?(?P<what>(?:the|our|this|that|these|those|its|their|my)\b[^.;,]*)",
    re.I,
)
#: A revert told with what it reverts before it: "The fix was reverted", "Rate limit rolled back".
_REVERT_PASSIVE = re.compile(
    r"^(?P<what>.*?)\s+(?:(?:is|was|were|are|has been|have been|had been|got|gets|being)\s+)?"
    r"(?:reverted|rolled[ -]?back|backed out|undone)\b",
    re.I,
)
#: "Rolled it back", "reverted them": what the row before did.
_REVERT_PRONOUN = re.compile(
    r"\b(?:(?:revert(?:s|ed|ing)?|undo(?:es|ing)?|undid)\s+(?:it|them|that|this)"
    r"|roll(?:s|ed|ing)?\s+(?:it|them|that|this)\s+back|back(?:s|ed|ing)?\s+(?:it|them|that|this)\s+out)\b",
    re.I,
)
#: What the responders themselves tried, named as such: "the fix", "our attempted fix", "the
#: hotfix", "the mitigation", "the workaround", "the change we made".
_OWN_ATTEMPT = re.compile(
    r"\b(?:hot ?fix(?:es)?|fix(?:es)?|mitigations?|workarounds?|attempts?)\b"
    r"|\bchanges?\s+(?:we|they|the team|responders|on-?call)\s+(?:had\s+|just\s+)?"
    r"(?:made|applied|deployed|pushed|tried|rolled out)\b",
    re.I,
)
#: A row that names where the incident came from: what it names is the cause, and a revert of
#: it is the usual mitigation ("Push identified as the trigger", "the 09:55 deploy caused it").
_NAMES_CAUSE = re.compile(
    r"\b(?:caus\w*|culprit|trigger\w*|suspect\w*|identified|traced|introduc\w*|responsible|"
    r"root)\b",
    re.I,
)
#: Words of a revert's object that name nothing in particular: "the change we made", "our deploy".
_GENERIC_OBJECT_WORDS = frozenset(
    {
        "the",
        "our",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "team",
        "responders",
        "on-call",
        "oncall",
        "had",
        "just",
        "made",
        "applied",
        "deployed",
        "pushed",
        "tried",
        "rolled",
        "out",
        "earlier",
        "previous",
        "first",
        "initial",
        "attempted",
        "new",
        "change",
        "changes",
        "deploy",
        "deployment",
        "fix",
        "fixes",
        "hotfix",
        "hot",
        "mitigation",
        "workaround",
        "attempt",
        "attempts",
        "config",
        "configuration",
        "them",
        "was",
        "were",
        "are",
        "been",
        "has",
        "have",
        "got",
    }
)


#: The same revert and the same attempt in the other languages: "Retour arrière du
#: correctif", "修正を切り戻し", "Der Fix wurde zurückgerollt".
_REVERTS_OWN_FIX_ELSEWHERE = re.compile(other_languages("reverts_own_fix"), re.I)
_OWN_FIX_ELSEWHERE = re.compile(
    rf"{_OWN_ATTEMPT.pattern}|\bpatch(?:es)?\b|{other_languages('own_fix')}", re.I
)


def _object_words(what: str) -> set[str]:
    """The words that tell what was reverted ("rate", "limit" of "the rate limit we added")."""
    return {
        word
        for word in re.findall(r"[a-z0-9][\w.-]*[a-z0-9]|[a-z0-9]", what.lower())
        if len(word) > 2 and word not in _GENERIC_OBJECT_WORDS
    }


def _mentions(text: str, words: set[str]) -> bool:
    """True when ``text`` has every one of ``words``, a longer word by its first five letters
    ("limits" for "limit", "raised" no "raise": a close enough match of a row's words)."""
    have = re.findall(r"[a-z0-9][\w.-]*[a-z0-9]|[a-z0-9]", text.lower())
    return all(any(h == w or (len(w) >= 5 and h[:5] == w[:5]) for h in have) for w in words)


def _team_attempt(event: Event) -> bool:
    """True when ``event`` tells the team applying something, and names no cause."""
    return bool(
        (_FIX_APPLIED.search(event.text) or tells_change(event.text))
        and not _NAMES_CAUSE.search(event.text)
    )


def _reverts_own_attempt(clause: str, event: Event, started: Event, timed: list[Event]) -> bool:
    """True when ``clause`` of ``event`` reverts what the responders themselves tried after the
    start ("team reverts the fix", "rolled back our hotfix", "Rate limit rolled back" after
    "Enabled a rate limit" at 10:20): that puts the incident back where it was, it ends
    nothing. A revert of the change that caused the incident (named at or before the start)
    is the usual mitigation and stays one."""
    between = [e for e in timed if started.at < e.at <= event.at and e is not event]
    cause_rows = [e for e in timed if e.at <= started.at]
    if _REVERT_PRONOUN.search(clause):
        return bool(between) and _team_attempt(between[-1])
    found = _REVERT_ACTIVE.search(clause) or _REVERT_PASSIVE.search(clause)
    if found is None:
        elsewhere = _REVERTS_OWN_FIX_ELSEWHERE.search(clause)
        if elsewhere is None:
            return False
        # As for "the fix reverted" below: a fix rolled out at or before the start was what
        # broke things, and reverting it ends the impact.
        attempt = _OWN_FIX_ELSEWHERE.search(elsewhere.group(0))
        return attempt is None or not any(
            attempt.group(0).lower() in e.text.lower() for e in cause_rows
        )
    what = found.group("what")
    words = _object_words(what)
    named = _OWN_ATTEMPT.search(what)
    if any(
        (words and _mentions(e.text, words))
        or (named and _mentions(e.text, {named.group(0).lower()}))
        for e in cause_rows
    ):
        # "Release 4.2 with the rounding fix rolled out", errors start; "the fix reverted":
        # the fix was what broke things, and reverting it ends the impact.
        return False
    if named:
        return True
    return bool(words) and any(_mentions(e.text, words) and _team_attempt(e) for e in between)


@dataclass(frozen=True)
class Pick:
    event: Event
    why: str


def pick_keys(events: list[Event]) -> dict[str, Pick]:
    """Guess started/detected/acknowledged/mitigated/resolved from the timeline.

    ``started`` is the first timed event, unless a later row says in so many
    words that impact began there ("Impact starts", "OUTAGE BEGINS"); never a
    later row on wording that merely sounds bad. A row with only a date is the
    start only when such rows tell impact before a first timed row that tells
    none (the fix, days later). The other keys come from clear wording only,
    each no earlier than the key before it.

    Rows of a follow-up timeline ("Remediation timeline") tell the work after the
    incident: they set no key, except that one within a day of the incident's own last
    row may close it ("Incident closed" that afternoon).
    """
    if any(not e.lead_up for e in events):
        # The lead-up (the change the day before, a warning ignored) tells how the incident
        # came about, not when it started, was detected or ended.
        events = [e for e in events if not e.lead_up]
    own = [e for e in events if not e.follow_up]
    closing: list[Event] = []
    if own and len(own) < len(events):
        last = max(e.at for e in own)
        closing = [e for e in events if e.follow_up and e.at <= last + FOLLOW_UP_CLOSE]
    events = own
    timed = sorted((e for e in events if not e.date_only), key=lambda e: e.at)
    leading = [e for e in events if e.date_only and (not timed or e.at < timed[0].at)]
    if not timed or (
        not tells_impact(timed[0].text) and any(tells_impact(e.text) for e in leading)
    ):
        # Rows with only a date are placed roughly, so a timed row is preferred as the start;
        # but when impact is told on such rows before the first timed one and that row tells
        # none (it is the fix, days later), impact began among the rows from the first one.
        timed = sorted(leading + timed, key=lambda e: e.at)
    if not timed:
        return {}
    picks: dict[str, Pick] = {}
    began = next((e for e in timed if _IMPACT_BEGAN.search(e.text)), None)
    impact, passed = _impact_start(timed)
    if began is not None and any(
        e.at < began.at and _settled(e.text) and not _NO_FIX.search(e.text) for e in timed
    ):
        # "Service fully recovered" on October 21, "Service degradation begins" on October 28:
        # a file of several incidents; the later one's beginning is not this one's start.
        began = None
    if began is not None and began is not timed[0]:
        picks["started"] = Pick(began, "the source says impact began here")
    elif (warned := _start_after_warnings(timed))[0] is not None:
        # "Disk usage warning (ignored)" at 03:10, "Checkout starts failing" at 09:40: the
        # warning came before the impact; the start is where the source says impact began.
        picks["started"] = Pick(
            warned[0],
            "the source says impact began here; the rows before it only warn of it or tell "
            f"changes ({_quoted_rows(warned[1])})",
        )
    elif impact is not None:
        # "Kubernetes upgrade commenced" at 08:32, "Status 503 messages witnessed" at 10:00:
        # the format's start is when impact began, not when the change that led to it did.
        picks["started"] = Pick(
            impact,
            "the first row that tells impact (or the change that led straight to it); the rows "
            f"before it tell only preparation or changes ({_quoted_rows(passed)})",
        )
    elif passed and len(passed) == len(timed) and len(timed) > 1:
        picks["started"] = Pick(
            timed[0], "first event; no row tells impact, every one a change: check the start"
        )
    else:
        picks["started"] = Pick(timed[0], "first event")
    floor = picks["started"].event.at
    after = [e for e in timed if e.at >= floor]
    succeeded = _succeeded_rows(after)
    # "The fix made things worse; team reverts the fix": a revert is usually the mitigation,
    # but one that undoes the responders' own attempt puts things back where they were.
    own_reverts = {
        id(e): e
        for e in after
        if ends_impact(e.text)
        and all(
            _reverts_own_attempt(clause, e, picks["started"].event, timed)
            for clause in _CLAUSE.split(e.text)
            if _tells_end(clause)
        )
    }

    def settled_row(event: Event) -> bool:
        return _settled(event.text) or (id(event) in succeeded and not _impact_goes_on(event.text))

    def first(
        pattern: re.Pattern[str] | Callable[[str], bool],
        since: dt.datetime,
        *,
        settled: bool = False,
    ) -> Event | None:
        tells = pattern if callable(pattern) else pattern.search
        found = [
            e
            for e in after
            if e.at >= since
            and (tells(e.text) or (settled and id(e) in succeeded))
            and not _NEGATED.search(e.text)
            and not (settled and _NO_FIX.search(e.text))
            and not (settled and id(e) in own_reverts)
        ]
        if settled:
            # "Started rolling back" is not yet mitigated, when a later row says it is done.
            return next((e for e in found if settled_row(e)), None) or (found[0] if found else None)
        return found[0] if found else None

    detect = first(tells_detection, floor)
    ack = None
    if detect is not None:
        picks["detected"] = Pick(detect, "first alert or report")
        floor = detect.at
        ack = next(
            (e for e in after if e.at >= floor and e is not detect and _ACK.search(e.text)), None
        )
        if ack is not None:
            picks["acknowledged"] = Pick(ack, "first response")
    mitigate = first(ends_impact, floor, settled=True)
    if mitigate is not None and ack is not None and ack.at > mitigate.at:
        # "Service operational", then "Deep dive investigation started": the words read as
        # a response come after impact ended; the weaker guess gives way.
        del picks["acknowledged"]
    outcome = _outcome_of_fix(mitigate, after, succeeded) if mitigate is not None else None
    if mitigate is not None and outcome is not None:
        picks["mitigated"] = Pick(outcome, f"impact ended after the fix on line {mitigate.line}")
        floor = outcome.at
    elif mitigate is not None:
        under_way = not settled_row(mitigate)
        # No later row says impact ended: the row where the work to end it began stands in.
        why = (
            "work to end impact under way, no later row says it ended"
            if under_way
            else "impact ended"
        )
        picks["mitigated"] = Pick(mitigate, why)
        floor = mitigate.at
    if "mitigated" in picks:
        passed_over = [e for e in own_reverts.values() if e.at <= picks["mitigated"].event.at]
        if passed_over:
            # A reviewer who reads that revert otherwise sees why it was passed over.
            lines = ", ".join(str(e.line) for e in passed_over)
            chosen = picks["mitigated"]
            picks["mitigated"] = Pick(
                chosen.event,
                f"{chosen.why} (the revert on line {lines} undoes the team's own attempt, "
                "so it is not the end)",
            )
    # "Partially resolved", "resolution under way": the incident is not closed there.
    resolved = [
        e
        for e in after + sorted(closing, key=lambda e: e.at)
        if e.at >= floor
        and any(
            _RESOLVE.search(c) and not _NOT_YET.search(c) and not _REFERS_BACK.search(c)
            for c in _CLAUSE.split(e.text)
        )
        and not _NEGATED.search(e.text)
    ]
    if resolved:
        picks["resolved"] = Pick(resolved[-1], "incident closed")
    return picks


def _own_timed_rows(events: list[Event]) -> list[Event]:
    """The timed rows of the incident's own timeline, in time order: none dated only, none
    of the work after it (a follow-up timeline) nor of its lead-up, which set no key."""
    return sorted(
        (e for e in events if not e.date_only and not e.follow_up and not e.lead_up),
        key=lambda e: e.at,
    )


def start_from_measures(
    events: list[Event], start: Pick, measures: list[tuple[str, dt.timedelta]]
) -> Pick:
    """The start that stated measures ("Time to detection: 5 minutes") are counted from.

    Teams that write both a timeline and measures count the measures from a row: the
    detection and recovery they measure land on rows too. When ``start`` plus the measures
    lands on no row but another row plus them does, that row is the start, provided it
    tells a change or impact (a start is where something changed or broke) and comes
    before the first row that says impact ended. The row from which most measures land
    wins; ties go to the one the first measure lands from, then to the one nearest
    ``start``. The pick's words say which reading was used.
    """
    timed = _own_timed_rows(events)
    times = {e.at: e for e in timed}

    def landings(origin: Event) -> list[tuple[str, Event]]:
        return [
            (said, times[origin.at + length])
            for said, length in measures
            if length > dt.timedelta(0) and origin.at + length in times
        ]

    def told(hits: list[tuple[str, Event]]) -> str:
        return ", ".join(f'"{said}" lands on line {row.line}' for said, row in hits)

    ended = next((e.at for e in timed if _settled(e.text) and not _NO_FIX.search(e.text)), None)
    here = landings(start.event)
    best: tuple[int, int, dt.timedelta, dt.datetime] | None = None
    found: Event | None = None
    for event in timed:
        landed = landings(event)
        hits = len(landed)
        if event is start.event or not hits:
            continue
        if not (tells_change(event.text) or tells_impact(event.text)):
            continue
        if ended is not None and event.at >= ended:
            continue
        # Detection is the measure most often counted from the start: it breaks ties.
        rank = (
            -hits,
            -int(landed[0][0] == measures[0][0]),
            abs(event.at - start.event.at),
            event.at,
        )
        if best is None or rank < best:
            best, found = rank, event
    named = " and ".join(f'"{said}"' for said, _ in measures)
    if found is None or (best is not None and -best[0] <= len(here)):
        if here:
            return Pick(start.event, f"{start.why}; counted from here, {told(here)}")
        return Pick(
            start.event, f"{start.why}; {named} from here lands on no row, nor from any other row"
        )
    return Pick(
        found,
        f"the row {named} is counted from: {told(landings(found))}; "
        f"from line {start.event.line} ({start.why}) it lands on no row",
    )


def start_from_day_measures(
    events: list[Event], start: Pick, measures: list[tuple[str, str, int]]
) -> Pick | None:
    """A row with only a date that stated measures in whole days are counted from, when it
    is a better start than the timed row ``start``; None when it is not.

    "**2024-03-02** - Export jobs start failing silently", then an alert days later as the
    first timed row, and "Time to detection: 11 days": the team counted from the day the
    failure began. Such a row is taken when it comes before the first timed row, tells
    impact, and more of the ``measures`` (the words, the key they measure, their number of
    days) land on a row that can be their key (see :func:`one_row_on_day`) counted from its
    day than from ``start``'s. The earliest such row wins ties: impact began at the first.
    """
    if start.event.date_only or not measures:
        return None
    own = [e for e in events if not e.follow_up]
    timed = sorted((e for e in own if not e.date_only), key=lambda e: e.at)
    if not timed:
        return None
    leading = sorted(
        (
            e
            for e in own
            if e.date_only
            and e.at < timed[0].at
            and tells_impact(e.text)
            and not tells_recovery(e.text)
        ),
        key=lambda e: e.at,
    )

    def landings(origin: Event) -> list[tuple[str, Event | None]]:
        hits: list[tuple[str, Event | None]] = []
        for said, key, days in measures:
            day = written_day(origin) + dt.timedelta(days=days)
            row, count = one_row_on_day(events, day, key, since=origin.at)
            if row is not None or count:
                hits.append((said, row))
        return hits

    here = len(landings(start.event))
    found: Event | None = None
    found_hits: list[tuple[str, Event | None]] = []
    for event in leading:
        hits = landings(event)
        if len(hits) > max(here, len(found_hits)):
            found, found_hits = event, hits
    if found is None:
        return None
    told = ", ".join(
        f'"{said}" lands on ' + (f"line {row.line}" if row is not None else "its day's rows")
        for said, row in found_hits
    )
    return Pick(
        found,
        f"the day the measures are counted from: {told}; from line {start.event.line} "
        f"({start.why.split(';')[0]}) "
        + ("they land on fewer rows" if here else "they land on no row")
        + "; the row gives a date only, so the start is midnight UTC of that day as a guess",
    )


def last_row_still_going(events: list[Event]) -> Event | None:
    """The last timed row of the incident's own timeline that tells the problem still going on:
    it tells impact and neither that impact ended nor that the incident closed ("Exports fail
    again", "errors drop but uploads stay slow"), if any."""
    timed = _own_timed_rows(events)
    going = [
        e
        for e in timed
        if _impact_goes_on(e.text)
        or (tells_impact(e.text) and not _settled(e.text) and not _RESOLVE.search(e.text))
    ]
    return going[-1] if going else None


def row_telling_end(events: list[Event]) -> Event | None:
    """The last timed row of the incident's own timeline that tells impact ended or the
    incident closed ("Service restored", "Incident closed"), when no later row tells the
    problem going on again; None when the rows leave the end untold."""
    timed = _own_timed_rows(events)
    ended = [
        e
        for e in timed
        if not _NEGATED.search(e.text)
        and (
            _settled(e.text)
            or any(
                _RESOLVE.search(c) and not _NOT_YET.search(c) and not _REFERS_BACK.search(c)
                for c in _CLAUSE.split(e.text)
            )
        )
    ]
    if not ended:
        return None
    going = last_row_still_going(events)
    if going is not None and going.at > ended[-1].at:
        # "Uploads working again", then "Uploads fail again": the rows stop before the end.
        return None
    return ended[-1]


def first_impact(events: list[Event]) -> Event | None:
    """The first timed row that tells impact, if any."""
    timed = _own_timed_rows(events)
    return next((e for e in timed if tells_impact(e.text)), None)


def early_mitigation(events: list[Event], keys: Mapping[str, object]) -> Event | None:
    """A row that says impact ended before anyone detected it ("self-heals" at 10:55, noticed at 15:00).

    The format orders detection before mitigation, so such a row cannot be
    ``mitigated``; the importer cites it instead of dropping it silently.
    """
    if "mitigated" in keys or "detected" not in keys:
        return None
    detected = getattr(keys["detected"], "value", None)
    for event in sorted(events, key=lambda e: e.at):
        if (
            detected is not None
            and event.at < detected
            and ends_impact(event.text)
            and not _NEGATED.search(event.text)
        ):
            return event
    return None


def tells_recovery(text: str) -> bool:
    """True when ``text`` says that impact ended or the incident closed ("back online", "restored")."""
    return bool((ends_impact(text) or _RESOLVE.search(text)) and not _NEGATED.search(text))


def written_day(event: Event) -> dt.date:
    """The calendar day ``event`` is dated on in the source: a row with only a date sits at
    midnight UTC of that day; a timed row is on the day of its own zone."""
    return event.at.date() if event.date_only else event.at.astimezone(event.zone.tz).date()


def one_row_on_day(
    events: list[Event], day: dt.date, key: str, *, since: dt.datetime
) -> tuple[Event | None, int]:
    """The one timed row on ``day``, no earlier than ``since``, that can be ``key`` ("Time to
    detection: 11 days" gives only a day): for ``detected`` a row telling an alert or a report,
    for ``mitigated`` and ``resolved`` one telling that impact ended or the incident closed,
    the kind the key names first when the day holds both. Returns the row, or None with how
    many rows could be it (0, or several: which one is a guess the importer does not make)."""
    rows = [
        e
        for e in events
        if not e.date_only
        and not e.follow_up
        and not e.lead_up
        and e.at >= since
        and written_day(e) == day
    ]
    if key == "detected":
        found = [e for e in rows if tells_detection(e.text) and not _NEGATED.search(e.text)]
    else:
        found = [e for e in rows if tells_recovery(e.text)]
        closes = [
            e
            for e in found
            if any(
                _RESOLVE.search(c) and not _NOT_YET.search(c) and not _REFERS_BACK.search(c)
                for c in _CLAUSE.split(e.text)
            )
        ]
        # "Certificates renewed; warnings gone" ends impact, "Incident closed" closes it.
        named = closes if key == "resolved" else [e for e in found if ends_impact(e.text)]
        if len(found) > 1 and named:
            found = named
    return (found[0], 1) if len(found) == 1 else (None, len(found))
