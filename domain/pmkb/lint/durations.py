"""Durations a summary states for the incident: "a 45-minute outage", "failed for
about two hours", "the outage lasted 3h20m".

Only a duration the sentence ties to the incident is read: one that qualifies an
incident noun (``45-minute outage``, ``two hours of downtime``), one after a
verb of failure (``was down for``, ``failed for``, ``could not ... for``), or one
an incident noun ``lasted``. A duration of something else ("a 5-minute TTL", "a
30-second timeout", "rolled back within 10 minutes", "delays of up to 20
minutes") is not, nor is a vague one ("briefly", "several hours", "an hour or
two"), which has no figure to compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_FAILING = (
    r"(?:failed|failing|down|unavailable|unreachable|unusable|degraded|offline|broken|slow|"
    r"erroring|errored|timed out|timing out|impacted|affected|disrupted|interrupted|errors|"
    # What users met; not the state of a part ("renewals stalled for two days", "the
    # pool was saturated for an hour"), which may be the latent condition before it.
    r"rejected|locked out|signed out|"
    r"(?:could not|couldn't|cannot|can't|were unable to|was unable to|unable to)(?:\s+\w+){1,5}|"
    # "received HTTP 429 for two hours", "returned zero results for 50 minutes"
    r"(?:returned|served|received|saw|got|showed|recorded|experienced)(?:\s+[\w-]+){1,4})"
)
_TIED = re.compile(
    # "a 45-minute (partial) outage"
    rf"(?P<a>(?P<ah>{_HEDGE}\s+)?(?P<aspan>{_SPAN}))(?:\s+(?!{_NOT_ADJECTIVE}\b)[\w-]+)?\s+"
    rf"{_INCIDENT_NOUN}\b"
    # "two hours of downtime", "45 minutes of errors"
    rf"|(?P<b>(?P<bh>{_HEDGE}\s+)?(?P<bspan>{_SPAN}))\s+of\s+(?:[\w-]+\s+)?{_OF_NOUN}\b"
    # "was down for about two hours", "could not reset their passwords over two days"
    rf"|\b{_FAILING}\s+(?:for|over)\s+(?P<c>(?P<ch>{_HEDGE}\s+)?(?P<cspan>{_SPAN}))"
    # "the outage lasted 3h20m", "impact lasting about 40 minutes"
    rf"|\b{_INCIDENT_NOUN},?\s+(?:\w+,?\s+){{0,2}}?(?:lasted|lasting|went on)\s+(?:for\s+)?"
    rf"(?P<d>(?P<dh>{_HEDGE}\s+)?(?P<dspan>{_SPAN}))",
    re.I,
)
_VAGUE_AFTER = re.compile(
    r"\s*(?:or|to|-|\u2013)\s*(?:\d|" + "|".join(_NUMBER_WORDS) + r")\b|\s+(?:each|apiece|per)\b",
    re.I,
)
_PIECE = re.compile(
    rf"(?P<num>{_NUM})(?P<half>[ -]and[ -]a[ -]half)?[ -]?(?P<unit>{_UNIT})(?P<half2>[ -]and[ -]a[ -]half)?",
    re.I,
)


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


def stated_durations(text: str) -> list[Stated]:
    """The incident durations ``text`` states."""
    found = []
    for match in _TIED.finditer(text):
        group = next(g for g in "abcd" if match.group(g))
        if _VAGUE_AFTER.match(text, match.end(group)):
            continue  # "an hour or two", "20 to 30 minutes", "two 10-minute outages each"
        seconds, rounding = _read(match.group(group + "span"))
        if seconds <= 0:
            continue
        found.append(
            Stated(
                match.group(group),
                match.start(group),
                seconds,
                bool(match.group(group + "h")),
                rounding,
            )
        )
    return found


def agrees(stated: Stated, actual: float) -> bool:
    """Whether ``actual`` seconds round to what was stated: within the figure's own
    rounding or a fifth of it, twice that when hedged ("about two hours")."""
    tolerance = max(stated.rounding, 0.2 * stated.seconds, 120.0)
    if stated.hedged:
        tolerance *= 2
    return abs(actual - stated.seconds) <= tolerance


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
