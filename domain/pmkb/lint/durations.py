"""Durations a summary states for the incident: "a 45-minute outage", "failed for
about two hours", "the outage lasted 3h20m".

Only a duration the sentence ties to the incident is read: one that qualifies an
incident noun (``45-minute outage``, ``two hours of downtime``), one after a
verb of failure (``was down for``, ``was unresponsive for``, ``failed for``,
``could not ... for``, ``were not able to ... for``, ``saw errors for``), or one an
incident noun or a failure ``lasted``, ``persisted``, ``occurred``, ``continued``
or ``was observed`` for ("checkout errors persisted for 3 hours", "payment timeouts
were seen between 14:05 and 14:50"); and one that opens a clause whose subject then fails
("For 47 minutes, payments failed", "Between 14:05 and 14:50 UTC, checkout was
down", "On 9 February between 14:05 and 14:50 UTC checkout failed"). A range of
clock times ("from 09:12 to 11:40 UTC", "2:05 pm-3:40 pm") is read in the same
places as a duration, and keeps its start and end. A duration of something else
("a 5-minute TTL", "a 30-second timeout", "rolled back within 10 minutes", "delays
of up to 20 minutes", "could not run for 2 days before the outage") is not, nor is
a vague one ("briefly", "several hours", "an hour or two"), which has no figure to
compare, nor a range of times that no failure follows ("the job runs from 02:00 to
03:00", "a 01:00-03:00 window").

A length followed by a step of the response ("for 20 minutes after the rollback",
"for 1h35m, until the incident was closed"), or in a sentence a step opens ("After the
rollback, errors continued for 20 minutes"), is that phase's, not the incident's:
:func:`phase_after` and :func:`phase_before` name the step, which the rule places on
the timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pmkb.lint.folding import lowered_twin

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "ninety": 90,
}  # fmt: skip
_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600,
          "hr": 3600, "hour": 3600, "d": 86400, "day": 86400}  # fmt: skip

_NUM = (
    r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty)-(?:one|two|three|four|five|six|seven|"
    r"eight|nine)|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
)
# A unit written out, or abbreviated after digits (3h20m, 45 min, 90s).
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|(?<=\d)\s?(?:s|m|h|d)(?![a-zA-Z-]))"
_PART = rf"{_NUM}(?:[ -]and[ -]a[ -]half)?[ -]?{_UNIT}(?:[ -]and[ -]a[ -]half)?"
_SPAN = rf"(?:half[ -]an?[ -]hour|{_PART}(?:(?:,?\s*and\s+|,?\s*)(?:{_PART}))*)"
_HEDGE = (
    r"(?:about|around|roughly|approximately|approx\.|nearly|almost|some|over|under|"
    r"more than|less than|just over|just under|close to|~)"
)
# Singular: "two 10-minute outages" are several, not this one's length.
_INCIDENT_NOUN = (
    r"(?:outage|incident|disruption|degradation|downtime|interruption|brownout|blackout|"
    r"slowdown|impact|partial outage|service interruption)"
)
# Words between a duration and a noun that make it no adjective of the noun:
# "2 minutes after impact began" is not a 2-minute impact.
_NOT_ADJECTIVE = (
    r"(?:after|before|into|in|of|since|from|until|till|to|for|at|per|each|the|a|an|and|or|"
    r"later|earlier|ago|past|of|with|without|by|on|than)"
)
_OF_NOUN = rf"(?:{_INCIDENT_NOUN}|errors|failures|degraded service|unavailability)"
# What failed, as the subject of an event: "checkout errors persisted", "elevated
# latency was observed", "payment timeouts continued" (plural: "a 30-second timeout"
# is a setting).
_SUBJECT = rf"(?:{_OF_NOUN}|timeouts|latency)"
_EVENT = (
    r"(?:occurred|happened|persisted|continued|lasted|went on|"
    r"(?:was|were)\s+(?:observed|seen|reported))"
)
_FAILING = (
    r"(?:failed|failing|down|unavailable|unreachable|unusable|degraded|offline|broken|slow|"
    r"erroring|errored|timed out|timing out|impacted|affected|disrupted|interrupted|errors|"
    # What users met; not the state of a part ("renewals stalled for two days", "the
    # pool was saturated for an hour"), which may be the latent condition before it.
    r"rejected|locked out|signed out|unresponsive|inaccessible|stopped responding|"
    # A service that is not, or people who were not able to do, what they came for.
    r"not (?:available|reachable|accessible|responding)|"
    r"(?:could not|couldn't|cannot|can't|unable to|not able to|(?:was|were)n't able to)"
    r"(?:\s+(?!(?:for|over|from|between)\b)\w+){1,5}|"
    # "received HTTP 429 for two hours", "returned zero results for 50 minutes"
    r"(?:returned|served|received|saw|got|showed|recorded|experienced|resulted in)"
    r"(?:\s+(?!(?:for|over|from|between)\b)[\w-]+){1,4})"
)
# A clock time: 24-hour ("14:05", "09:12:30") or 12-hour ("2:05 pm", "3 p.m."),
# an ISO date before it when given.
_MERIDIEM = r"[ap]\.?m\b\.?"
_CLOCK = (
    r"(?:\d{4}-\d{2}-\d{2}[ T])?(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?"
    + _MERIDIEM
    + r")?"
    r"|(?:1[0-2]|0?[1-9])\s?" + _MERIDIEM + ")"
)
# Zones with one offset all year; "PT", "ET" and the like change with the season.
_ZONES = {"utc": 0, "gmt": 0, "z": 0, "pst": -8, "pdt": -7, "mst": -7, "mdt": -6,
          "est": -5, "edt": -4, "cet": 1, "cest": 2, "jst": 9}  # fmt: skip
_ZONE = (
    r"(?:local(?:\s+time)?|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|Z|[PMCE][SD]?T|CES?T"
    r"|BST|IST|JST|AE[SD]T)"
    r"(?![\w+-])"
)
_TIME = rf"{_CLOCK}(?:\s?\(?{_ZONE}\)?)?"
_RANGE = (
    rf"(?:between\s+{_TIME}\s+and\s+{_TIME}|from\s+{_TIME}\s+(?:to|until|till|through)\s+{_TIME}"
    rf"|{_TIME}\s*(?:-|\u2013|\u2014|to|until)\s*{_TIME})(?!\d|:\d)"
)
# A phrase that opens a sentence or clause ("For 47 minutes, ...", "Between 14:05 and
# 14:50 UTC on 9 February, ..."), then a clause whose subject, in a few words, fails:
# no "until", "when", "which" between, which start a clause of their own.
# A day named in words or figures: "9 February 2025", "Sunday, Feb. 9th", "2025-02-09".
_DAY = (
    r"(?:\d{4}-\d{2}-\d{2}|\d{1,4}(?:st|nd|rd|th)?|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
    r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|"
    r"dec(?:ember)?|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?)\b\.?)"
)
_OPENS = (
    r"(?=[fob\d])(?:^|(?<=[.;:!?,]\s)|(?<=\())"
    # after the day when one is named: "On 9 February 2025 between 14:05 and 14:50 UTC"
    rf"(?:on\s+(?:the\s+)?(?:{_DAY},?\s+(?:of\s+)?){{1,4}})?"
)
_CLAUSE_FAILS = (
    # Not "For two weeks before the outage, ...": the time before it.
    r"(?!\s*,?\s*(?:before|prior|into|of|per|each|earlier|ago|or|to|and)\b)"
    r"(?:\s+(?:on|in|at|after|until|till|since|starting|beginning|across)\b[^,.;!?]{0,40}?)?"
    r"[,:]?\s+(?:(?!(?:until|till|when|after|before|because|while|which|who|that|since|as|"
    rf"once|so|if)\b)(?:[^\s,.;!?]|[,.]\d)+\s+){{0,6}}?{_FAILING}"
)
_TIED = re.compile(
    # "a 45-minute (partial) outage"
    rf"(?P<a>(?P<ah>{_HEDGE}\s+)?(?P<aspan>{_SPAN}))(?:\s+(?!{_NOT_ADJECTIVE}\b)[\w-]+)?\s+"
    rf"{_INCIDENT_NOUN}\b"
    # "two hours of downtime", "45 minutes of errors"
    rf"|(?P<b>(?P<bh>{_HEDGE}\s+)?(?P<bspan>{_SPAN}))\s+of\s+(?:[\w-]+\s+)?{_OF_NOUN}\b"
    # "was down for about two hours", "could not reset their passwords over two days"
    rf"|\b{_FAILING}\s+(?:for|over)\s+(?P<c>(?P<ch>{_HEDGE}\s+)?(?P<cspan>{_SPAN}))"
    # "the outage lasted 3h20m", "impact lasting about 40 minutes", "checkout errors
    # persisted for 3 hours"
    rf"|\b{_SUBJECT},?\s+(?:\w+,?\s+){{0,2}}?"
    rf"(?:(?:lasted|lasting|went on)\s+(?:for\s+)?|{_EVENT}\s+(?:for|over)\s+)"
    rf"(?P<d>(?P<dh>{_HEDGE}\s+)?(?P<dspan>{_SPAN}))"
    # "For 47 minutes, payments failed", "For about two hours checkout was unavailable"
    rf"|{_OPENS}(?:for|over)\s+(?:the\s+(?:next|first|following)\s+)?"
    rf"(?P<e>(?P<eh>{_HEDGE}\s+)?(?P<espan>{_SPAN}))(?={_CLAUSE_FAILS})",
    re.I,
)
# The same places for a range of times, sought only in a text with a clock time.
_HAS_CLOCK = re.compile(r"\d:\d\d|\d\s?[ap]\.?m\b", re.I)
_TIED_RANGE = re.compile(
    # "Checkout was down from 09:12 to 11:40 UTC", "failed 14:05-14:50"
    rf"\b{_FAILING}\s+\(?(?P<f>{_RANGE})"
    # "Between 14:05 and 14:50 UTC, checkout failed"
    rf"|{_OPENS}(?P<g>{_RANGE})(?={_CLAUSE_FAILS})"
    # "Authentication failures occurred between 14:05 and 14:50 UTC"
    rf"|\b{_SUBJECT},?\s+(?:\w+,?\s+){{0,2}}?{_EVENT}\s+\(?(?P<h>{_RANGE})",
    re.I,
)
# Case-sensitive twins of the two, for ASCII text lower-cased (see lowered_twin):
# the case-blind _TIED was most of the time the linter took on a corpus.
_TIED_LOWER = lowered_twin(_TIED)
_TIED_RANGE_LOWER = lowered_twin(_TIED_RANGE)
_VAGUE_AFTER = re.compile(
    r"\s*(?:or|to|-|\u2013)\s*(?:\d|" + "|".join(_NUMBER_WORDS) + r")\b|\s+(?:each|apiece|per)\b",
    re.I,
)
# "could not run for 2 days before the outage": the time that led up to the incident, as
# "For two weeks before the outage, ..." is. Not "failed for 45 minutes before the
# rollback", "lasted two hours before it was mitigated": the impact's own length.
_LEAD_UP = re.compile(
    r"\s*,?\s*(?:before|prior to|ahead of|leading up to)\s+(?:the\s+|this\s+|that\s+|an?\s+)?"
    rf"(?:\w+\s+)?{_INCIDENT_NOUN}\b",
    re.I,
)
_PIECE = re.compile(
    rf"(?P<num>{_NUM})(?P<half>[ -]and[ -]a[ -]half)?[ -]?(?P<unit>{_UNIT})(?P<half2>[ -]and[ -]a[ -]half)?",
    re.I,
)


_TIME_PARTS = re.compile(
    r"(?:(?P<date>\d{4}-\d{2}-\d{2})[ T])?(?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2}))?)?"
    rf"(?:\s?(?P<mer>[ap])\.?m\b\.?)?(?:\s?\(?(?P<zone>{_ZONE})\)?)?",
    re.I,
)
_OFFSET = re.compile(r"(?:UTC|GMT)?\s?(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2})?", re.I)


@dataclass(frozen=True)
class Clock:
    """The start and end a range of clock times states, as written: no zone applied."""

    start: dt.datetime
    end: dt.datetime
    #: a date is written; else both are on an arbitrary day
    dated: bool
    #: the zone as written ("UTC", "PST"), empty when none is
    zone: str
    #: the zone's offset; None when none is written or it changes with the season ("PT")
    offset: dt.timedelta | None
    #: "2:05" with no am or pm is no time of day to compare
    ambiguous: bool


@dataclass(frozen=True)
class Stated:
    #: the words as written ("about two hours")
    text: str
    #: where they start in the text searched
    start: int
    seconds: float
    #: hedged ("about", "nearly"): rounded more loosely
    hedged: bool
    #: half the step the figure is rounded to, in seconds ("two hours": 30 minutes)
    rounding: float
    #: a range of clock times ("between 14:05 and 14:50 UTC"): its start and end
    clock: Clock | None = None
    #: the step of the response the length is counted from or to ("after the
    #: rollback"), None when the length is the incident's own
    phase: Phase | None = None


@dataclass(frozen=True)
class Phase:
    """A step a stated length is tied to: "for 20 minutes after the rollback"."""

    #: the words as written ("after the rollback")
    text: str
    #: True for a length that runs from the step on ("after", "following", "since"),
    #: False for one that runs up to it ("before", "until")
    after: bool
    #: the step, as the keys of :data:`STEPS` name it
    step: str | None


# Steps of a response, most particular first: a phrase is the first step it names
# ("after the fix for the rollback" is the fix). Each is a timeline key, or found in
# the body's timeline table by the same words ("rolled back", "failover").
STEPS: dict[str, tuple[str | None, re.Pattern[str]]] = {
    name: (key, re.compile(pattern, re.I))
    for name, key, pattern in [
        ("the rollback", None, r"\broll(?:ed|ing|s)?[ -]?back|\brollback|\brevert(?:ed|ing|s)?\b"),
        ("the failover", None, r"\bfail(?:ed|ing|s)?[ -]?over\b|\bfailover"),
        ("the restart", None, r"\bre(?:start|boot)(?:ed|ing|s)?\b"),
        ("the fix", None, r"\b(?:hot)?fix(?:ed|es)?\b|\bpatch(?:ed|es)?\b"),
        ("mitigated", "mitigated", r"\bmitigat"),
        ("resolved", "resolved", r"\bresol(?:ved?|ution)\b|\bclos(?:ed?|ing)\b|\ball[ -]clear\b"),
        ("acknowledged", "acknowledged", r"\backnowledg"),
        ("detected", "detected", r"\bdetect(?:ed|ion)?\b|\balert\b|\bpaged?\b"),
        # What set the incident off: its length runs from the start, as it always did.
        (
            "started",
            "started",
            r"\brelease[ds]?\b|\bdeploy(?:ed|ment)?\b|\brollout\b|\bchange\b|"
            r"\bmigration\b|\bupgrade\b|\bpush\b|\b(?:impact|it|errors?|outage|incident)\s+"
            r"(?:began|begun|started)\b|\bonset\b",
        ),
    ]
}
# A step right after the length: "for 20 minutes after the rollback", "For 10 minutes
# following failover, ...", "for 1h35m, until the incident was closed". What follows
# the word, up to a clause's end, names the step.
_PHASE = re.compile(
    r"\s*,?\s*(?P<word>after|following|since|before|until|till|up to|prior to)\s+"
    r"(?P<step>(?:(?!(?:and|but|when|while|because|so|which)\b)[^\s,.;:!?()]+\s*){1,6})",
    re.I,
)


# A step that opens the length's sentence: "After the rollback, errors continued for
# 20 minutes", "Once the primary failed over, writes failed for 10 minutes".
_OPENING_PHASE = re.compile(
    r"\s*(?:even\s+|only\s+)?(?P<word>after|following|since|once|before|until|till|prior to)\s+"
    r"(?P<step>(?:(?:[^\s,.;:!?()]|[.:](?=\d))+\s+){0,7}?(?:[^\s,.;:!?()]|[.:](?=\d))+)\s*,",
    re.I,
)
_SENTENCE_END = re.compile(r"[.;!?](?=\s)")


def _phase(word: str, words: str) -> Phase:
    step = next((name for name, (_, pattern) in STEPS.items() if pattern.search(words)), None)
    after = word.lower() in ("after", "following", "since", "once")
    return Phase(f"{word} {words.strip()}", after, step)


def phase_after(text: str, end: int) -> Phase | None:
    """The step of the response a length ending at ``text[end]`` is tied to, if any;
    its ``step`` is None when the words name no step this module knows."""
    match = _PHASE.match(text, end)
    return _phase(match.group("word"), match.group("step")) if match else None


def phase_before(text: str, start: int) -> Phase | None:
    """The step that opens the sentence of a length starting at ``text[start]``."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    match = _OPENING_PHASE.match(text, ends[-1] if ends else 0)
    if match is None or match.end() > start:
        return None
    return _phase(match.group("word"), match.group("step"))


def _number(word: str) -> float:
    word = word.lower()
    if word[0].isdigit():
        return float(word)
    if "-" in word:
        tens, ones = word.split("-")
        return _NUMBER_WORDS[tens] + _NUMBER_WORDS[ones]
    return _NUMBER_WORDS[word]


def _unit(word: str) -> int:
    word = word.strip().lower().rstrip("s") or "s"
    return _UNITS.get(word, _UNITS.get(word[:3], 60))


def _read(span: str) -> tuple[float, float]:
    """(seconds, half the rounding step) of a span such as ``3h20m`` or ``two hours``."""
    if re.fullmatch(r"half[ -]an?[ -]hour", span.strip(), re.I):
        return 1800.0, 450.0
    total = 0.0
    smallest = 86400
    value = 0.0
    for piece in _PIECE.finditer(span):
        unit = _unit(piece.group("unit"))
        value = _number(piece.group("num")) + (
            0.5 if piece.group("half") or piece.group("half2") else 0
        )
        total += value * unit
        smallest = min(smallest, unit)
    # A round figure is rounded to its own size: "40 minutes" to ten, "45" to five.
    whole = value * smallest / 60 if smallest >= 60 else value
    if smallest == 60:
        step = 60.0 * next((s for s in (30, 15, 10, 5) if whole % s == 0 and whole >= s), 1)
    else:
        step = float(smallest) * (0.5 if value % 1 else 1)
    return total, step / 2


def _clock(text: str) -> tuple[Clock, float] | None:
    """The range of clock times ``text`` holds, and half the step its times are given
    to; None when it cannot be told ("11:40 to 1:15" may be a morning or a day)."""
    times = list(_TIME_PARTS.finditer(text))[:2]
    if len(times) < 2:
        return None
    first, last = times
    meridiem = [t.group("mer") or last.group("mer") for t in times]
    hours = [int(t.group("h")) for t in times]
    if meridiem[0] and meridiem[1]:
        hours = [h % 12 + (12 if m.lower() == "p" else 0) for h, m in zip(hours, meridiem)]
        if not first.group("mer") and hours[0] > hours[1]:
            hours[0] -= 12 if hours[0] >= 12 else -12  # "11:30 to 1:15 pm"
    # "2:05" with no am or pm may be either; its span is known unless it crosses noon
    ambiguous = any(not m and len(t.group("h")) == 1 for t, m in zip(times, meridiem))
    dates = [t.group("date") for t in times]
    day = dates[0] or dates[1]
    moments = []
    for index, time in enumerate(times):
        date = dt.date.fromisoformat(dates[index] or day) if day else dt.date(2000, 1, 1)
        moments.append(
            dt.datetime.combine(
                date, dt.time(hours[index], int(time.group("m") or 0), int(time.group("s") or 0))
            )
        )
    start, end = moments
    if end < start and not (dates[0] and dates[1]):
        if ambiguous:
            return None
        end += dt.timedelta(days=1)  # "23:50 to 00:35" crosses midnight
    zone = last.group("zone") or first.group("zone") or ""
    offset: dt.timedelta | None = None
    if zone.lower() in _ZONES:
        offset = dt.timedelta(hours=_ZONES[zone.lower()])
    elif written := _OFFSET.fullmatch(zone):
        sign = -1 if written.group("sign") == "-" else 1
        offset = sign * dt.timedelta(
            hours=int(written.group("h")), minutes=int(written.group("m") or 0)
        )
    hourly = any(t.group("m") is None for t in times)
    return Clock(start, end, bool(day), zone, offset, ambiguous), 1800.0 if hourly else 30.0


def _written(text: str, match: re.Match[str], group: str) -> str:
    """The words of ``group`` as ``text`` writes them (the match may be of its lower case)."""
    start, end = match.span(group)
    return text[start:end]


def stated_durations(text: str) -> list[Stated]:
    """The incident durations ``text`` states."""
    found = []
    # The twins search the lower-cased text and find the same spans; the words
    # themselves are taken from ``text``, as written.
    ascii = text.isascii()
    searched = text.lower() if ascii else text
    tied, tied_range = (_TIED_LOWER, _TIED_RANGE_LOWER) if ascii else (_TIED, _TIED_RANGE)
    matches = list(tied.finditer(searched))
    if _HAS_CLOCK.search(text):
        matches += tied_range.finditer(searched)
    for match in matches:
        group = next(g for g in "abcdefgh" if g in match.re.groupindex and match.group(g))
        if group in "fgh":
            read = _clock(_written(text, match, group))
            if read is None:
                continue
            clock, rounding = read
            seconds = (clock.end - clock.start).total_seconds()
            if seconds > 0:
                found.append(
                    Stated(
                        _written(text, match, group),
                        match.start(group),
                        seconds,
                        False,
                        rounding,
                        clock,
                    )
                )
            continue
        if _VAGUE_AFTER.match(text, match.end(group)):
            continue  # "an hour or two", "20 to 30 minutes", "two 10-minute outages each"
        if group in "cd" and _LEAD_UP.match(text, match.end(group)):
            continue
        seconds, rounding = _read(_written(text, match, group + "span"))
        if seconds <= 0:
            continue
        found.append(
            Stated(
                _written(text, match, group),
                match.start(group),
                seconds,
                bool(match.group(group + "h")),
                rounding,
                phase=phase_after(text, match.end(group)) or phase_before(text, match.start(group)),
            )
        )
    return sorted(found, key=lambda stated: stated.start)


def _tolerance(stated: Stated) -> float:
    tolerance = max(stated.rounding, 0.2 * stated.seconds, 120.0)
    return tolerance * 2 if stated.hedged else tolerance


def agrees(stated: Stated, actual: float) -> bool:
    """Whether ``actual`` seconds round to what was stated: within the figure's own
    rounding or a fifth of it, twice that when hedged ("about two hours")."""
    return abs(actual - stated.seconds) <= _tolerance(stated)


def zones(stated: Stated, started: dt.datetime) -> list[dt.timezone]:
    """The zones the range's times may be read in: the one written when its offset is
    known, UTC or the timeline's own when none is written, none when it is not known
    ("PT", "local time")."""
    clock = stated.clock
    if clock is None or clock.ambiguous or (clock.zone and clock.offset is None):
        return []
    if clock.offset is not None:
        return [dt.timezone(clock.offset)]
    own = started.utcoffset() or dt.timedelta(0)
    return [dt.timezone.utc] + ([dt.timezone(own)] if own else [])


def fits(stated: Stated, longest: float) -> bool:
    """Whether a range of times no zone places is no longer than ``longest`` seconds."""
    return stated.seconds <= longest + _tolerance(stated)


def within(stated: Stated, zone: dt.timezone, started: dt.datetime, end: dt.datetime) -> bool:
    """Whether the range, read in ``zone``, lies between ``started`` and ``end`` within
    the tolerance its span has: a part of the incident ("timed out from 09:10 to
    09:18") is not the whole of it, but no impact falls outside the timeline."""
    clock = stated.clock
    assert clock is not None
    tolerance = _tolerance(stated)
    local = started.astimezone(zone).replace(tzinfo=None)
    begins = (clock.start - local).total_seconds()
    if not clock.dated:
        begins = (begins + 43200) % 86400 - 43200  # a time of day, on the nearest day
    return (
        begins >= -tolerance
        and begins + stated.seconds <= (end - started).total_seconds() + tolerance
    )


def say(seconds: float) -> str:
    """``3 h 20 min``, ``45 min``, ``2 days 3 h``."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return f"{round(seconds)} s"
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} day{'s' if days > 1 else ''}"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if minutes and not days:
        parts.append(f"{minutes} min")
    return " ".join(parts) or "0 min"
