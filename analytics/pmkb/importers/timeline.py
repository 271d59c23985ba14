"""A source's timeline as UTC events, and the format's timeline keys guessed from them.

Timelines come as tables (``| Time | Event | Source |``), as lists
(``- 14:05 PDT - Pager fires``), as lines under dated sub-headings
(``### 2025-02-09`` then ``14:51 ...``), or as paragraphs that start with a
time. Times without a date take the date of the nearest date above them (or
the incident's date); a time earlier than the one before it, under the same
date, is read as the next day, since timelines are written in order. Times
without a zone take the zone of their column or heading, else the document's
("All times in CEST"), else the one given on the command line, else UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pmkb.importers.document import Section
from pmkb.importers.timestamps import find_date, read_stamp, to_utc
from pmkb.importers.zones import Zone, heading_zone

_TABLE_ROW = re.compile(r"^\s*\|(.+?)\|?\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TIME_HEADER = re.compile(
    r"\b(time|timestamp|when|hour|clock|datetime|date/time|date and time)\b", re.I
)
_DATE_HEADER = re.compile(r"^\W*(date|day)\W*$", re.I)
_EVENT_HEADER = re.compile(
    r"\b(event|events|description|what|action|detail|details|activity|update|note|notes|summary|"
    r"message|happened|comment|entry|occurrence)\b",
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


@dataclass
class Timeline:
    events: list[Event] = field(default_factory=list)
    #: rows with a time stamp that could not be read, by line
    unreadable: list[int] = field(default_factory=list)
    #: events dated by the rule that a time earlier than the previous one is the next day
    rolled_over: int = 0
    #: events whose date came from the incident date rather than from the timeline itself
    dated_from_context: int = 0
    zones: list[Zone] = field(default_factory=list)


@dataclass
class _Context:
    day: dt.date | None
    zone: Zone
    zone_stated: bool
    last: dt.datetime | None = None  # naive local time of the previous event under this date
    day_from_timeline: bool = False


def _clean_event(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(?:\*\*|__)\s*", "", text)
    text = re.sub(r"^[-\u2013\u2014:|]\s*", "", text)
    return text.strip()


def _event(
    timeline: Timeline,
    ctx: _Context,
    line: int,
    day: dt.date | None,
    clock: dt.time | None,
    zone: Zone | None,
    written: str,
    text: str,
) -> None:
    from_context = day is None
    if day is None:
        day = ctx.day
    if day is None:
        timeline.unreadable.append(line)
        return
    date_only = clock is None
    local = dt.datetime.combine(day, clock or dt.time(0, 0))
    if from_context and ctx.last is not None and local < ctx.last:
        local += dt.timedelta(days=1)
        ctx.day = local.date()
        timeline.rolled_over += 1
    if from_context and not ctx.day_from_timeline:
        timeline.dated_from_context += 1
    ctx.last = local
    if not from_context:
        ctx.day, ctx.last, ctx.day_from_timeline = day, local, True
    used = zone or ctx.zone
    if used not in timeline.zones:
        timeline.zones.append(used)
    timeline.events.append(
        Event(
            at=to_utc(local.date(), local.time(), used),
            text=_clean_event(text) or "(no description)",
            line=line,
            written=written,
            zone=used,
            zone_stated=zone is not None or ctx.zone_stated,
            date_only=date_only,
        )
    )


def _columns(header: list[str]) -> tuple[int | None, int | None, int | None, Zone | None]:
    """(time column, date column, event column, zone of the time column)."""
    time_col = date_col = event_col = None
    zone = None
    for index, cell in enumerate(header):
        if date_col is None and _DATE_HEADER.match(cell):
            date_col = index
        elif time_col is None and _TIME_HEADER.search(cell):
            time_col = index
            zone = heading_zone(cell)
    if time_col is None and date_col is not None:
        time_col, date_col = date_col, None
    for index, cell in enumerate(header):
        if index not in (time_col, date_col) and _EVENT_HEADER.search(cell):
            event_col = index
            break
    if event_col is None:
        event_col = next((i for i in range(len(header)) if i not in (time_col, date_col)), None)
    if date_col is not None and zone is None:
        zone = heading_zone(header[date_col])
    return time_col, date_col, event_col, zone


def read_timeline(
    sections: list[Section],
    *,
    day: dt.date | None,
    zone: Zone,
    zone_stated: bool,
    default_year: int | None,
    day_first: bool = False,
) -> Timeline:
    """Every event of the timeline ``sections``, in the order written."""
    timeline = Timeline()
    for section in sections:
        own = section.zone
        ctx = _Context(day, own or zone, zone_stated or own is not None)
        table: tuple[int | None, int | None, int | None, Zone | None] | None = None
        header: list[str] | None = None
        for line, raw in section.lines():
            stripped = raw.strip()
            if not stripped:
                table = header = None
                continue
            if stripped.startswith("#"):
                text = stripped.lstrip("#").strip()
                table = header = None
                found_zone = heading_zone(text)
                if found_zone is not None:
                    ctx.zone, ctx.zone_stated = found_zone, True
                stamp = read_stamp(text, default_year=default_year, day_first=day_first)
                if stamp is not None and stamp.clock is not None and stamp.rest:
                    _event(
                        timeline,
                        ctx,
                        line,
                        stamp.day,
                        stamp.clock,
                        stamp.zone,
                        stamp.text,
                        stamp.rest,
                    )
                    continue
                found = find_date(text, default_year=default_year, day_first=day_first)
                if found is not None:
                    ctx.day, ctx.last, ctx.day_from_timeline = found[0], None, True
                continue
            row = _TABLE_ROW.match(raw)
            if row:
                if _TABLE_SEPARATOR.match(raw):
                    if header is not None:
                        table = _columns(header)
                        if table[3] is not None:
                            ctx.zone, ctx.zone_stated = table[3], True
                    continue
                cells = [c.strip() for c in row.group(1).split("|")]
                if table is None:
                    header = cells
                    continue
                time_col, date_col, event_col, _ = table
                if time_col is None or time_col >= len(cells):
                    continue
                written = cells[time_col]
                if date_col is not None and date_col < len(cells):
                    written = f"{cells[date_col]} {written}".strip()
                event = cells[event_col] if event_col is not None and event_col < len(cells) else ""
                stamp = read_stamp(written, default_year=default_year, day_first=day_first)
                if stamp is None or stamp.rest:
                    if re.search(r"\d", written):
                        timeline.unreadable.append(line)
                    continue
                _event(timeline, ctx, line, stamp.day, stamp.clock, stamp.zone, stamp.text, event)
                continue
            table = header = None
            stamp = read_stamp(raw, default_year=default_year, day_first=day_first)
            if stamp is None:
                found_zone = (
                    heading_zone(stripped) if re.search(r"\btimes?\b", stripped, re.I) else None
                )
                if found_zone is not None:
                    ctx.zone, ctx.zone_stated = found_zone, True
                continue
            if stamp.clock is None:
                rest_zone = heading_zone(stamp.rest) if stamp.rest else None
                if not stamp.rest or rest_zone is not None or re.fullmatch(r"[\W_]*", stamp.rest):
                    # A date line: "**2015-10-21** (all times UTC)", "Feb 9, 2025:"
                    ctx.day, ctx.last, ctx.day_from_timeline = stamp.day, None, True
                    if rest_zone is not None:
                        ctx.zone, ctx.zone_stated = rest_zone, True
                    continue
            _event(timeline, ctx, line, stamp.day, stamp.clock, stamp.zone, stamp.text, stamp.rest)
    return timeline


# --- which event is which key -------------------------------------------------

_IMPACT = re.compile(
    r"\b(errors?|fail\w*|outage|down|unavailable|unreachable|latenc\w*|degrad\w*|5\d\d|5xx|timeouts?|"
    r"timing out|impact\w*|spike\w*|elevated|broken|stuck|crash\w*|unable|cannot|can't|could not|"
    r"couldn't|lost|dropp\w*|incident (?:start\w*|began|begins)|saturat\w*|exhaust\w*|overload\w*|"
    r"limit reached|reach\w* (?:the |its |a )?[\w -]{0,20}limit|hit\w* (?:the |its |a )?[\w -]{0,20}limit|"
    r"ran out|runs? out|stops? (?:consuming|working|responding|serving|processing)|stall\w*|hang\w*|hung|"
    r"slow\w*)\b",
    re.I,
)
_DETECT = re.compile(
    r"\b(alert\w*|alarm\w*|pag(?:e|ed|es|ing)|pager\w*|pagerduty|opsgenie|detect\w*|notic\w*|"
    r"report\w*|ticket\w*|flag\w*|discover\w*|spotted|observ\w*|notif\w*|escalat\w*|fires?|fired|"
    r"triggered)\b",
    re.I,
)
_ACK = re.compile(
    r"\b(acknowledg\w*|ack(?:ed|s)?|engag\w*|join\w*|investigat\w*|responder\w*|"
    r"incident (?:declared|opened|created)|declar\w*|war ?room|bridge|triag\w*|looking into|"
    r"on-?call (?:respond\w*|start\w*|begin\w*|look\w*))\b",
    re.I,
)
_MITIGATE = re.compile(
    r"\b(mitigat\w*|roll(?:ed)?[ -]?back\w*|revert\w*|recover\w*|restor\w*|back to normal|"
    r"return\w* to (?:normal|baseline)|normal levels|stabili[sz]\w*|workaround|fail(?:ed)?[ -]?over|"
    r"drain\w*|subsid\w*|healthy|impact end\w*|fix (?:deployed|applied|rolled out)|hotfix|"
    r"back (?:above|below|to|up|online|within)|resum\w*|catch\w* up|"
    r"(?:current|working|available|normal|healthy|online) again|(?:stop|stops|stopped|cease[sd]?|cleared)[.;]?$)",
    re.I,
)
_NEGATED = re.compile(
    r"\b(?:no|without|missing|not|never|didn't|did not)\s+(?:an?\s+)?(?:\w+\s+)?"
    r"(?:alert|alarm|page|pager|monitor|detect)\w*",
    re.I,
)
_NOT_YET = re.compile(
    r"\b(initiat\w*|start\w*|begin\w*|began|attempt\w*|prepar\w*|decid\w*|plan\w*|propos\w*)\b",
    re.I,
)
_RESOLVE = re.compile(
    r"\b(resolv\w*|closed|clos(?:e|ing) (?:the )?incident|all[- ]clear|incident (?:over|end\w*|closed)|"
    r"fully (?:recovered|restored)|monitoring confirm\w*|stood down|stand(?:ing)? down)\b",
    re.I,
)


@dataclass(frozen=True)
class Pick:
    event: Event
    why: str


def pick_keys(events: list[Event]) -> dict[str, Pick]:
    """Guess started/detected/acknowledged/mitigated/resolved from event wording, in order."""
    timed = sorted((e for e in events if not e.date_only), key=lambda e: e.at) or sorted(
        events, key=lambda e: e.at
    )
    if not timed:
        return {}
    picks: dict[str, Pick] = {}
    impact = next((e for e in timed if _IMPACT.search(e.text)), None)
    picks["started"] = (
        Pick(impact, "first sign of impact") if impact else Pick(timed[0], "first event")
    )
    floor = picks["started"].event.at
    detect = next(
        (
            e
            for e in timed
            if e.at >= floor and _DETECT.search(e.text) and not _NEGATED.search(e.text)
        ),
        None,
    )
    if detect is not None:
        picks["detected"] = Pick(detect, "first alert or report")
        floor = detect.at
    ack = next(
        (e for e in timed if e.at >= floor and _ACK.search(e.text) and e is not detect), None
    )
    if ack is not None and detect is not None:
        picks["acknowledged"] = Pick(ack, "first response")
        floor = ack.at
    mitigate = next(
        (
            e
            for e in timed
            if e.at >= floor and _MITIGATE.search(e.text) and not _NOT_YET.search(e.text)
        ),
        None,
    ) or next((e for e in timed if e.at >= floor and _MITIGATE.search(e.text)), None)
    if mitigate is not None:
        picks["mitigated"] = Pick(mitigate, "impact ended")
        floor = mitigate.at
    resolved = [e for e in timed if e.at >= floor and _RESOLVE.search(e.text)]
    if resolved:
        picks["resolved"] = Pick(resolved[-1], "incident closed")
    return picks
