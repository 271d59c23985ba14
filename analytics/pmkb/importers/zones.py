"""Time zones as people write them in incident reports: ``PDT``, ``UTC+2``, ``Europe/Berlin``.

An abbreviation names a fixed offset: "14:05 PDT" means UTC-07:00 whatever the
date, because that is what its author read off a clock showing PDT. A generic
name ("Pacific time", ``America/Los_Angeles``) follows daylight-saving rules
through :mod:`zoneinfo`, with the ``tzdata`` package as its database on
machines that have none.

    >>> find_zone("PDT").describe
    'PDT (UTC-07:00)'
    >>> find_zone("IST").describe
    'IST, read as India Standard Time (UTC+05:30)'
    >>> find_zone("UTC+2").describe
    'UTC+02:00'
    >>> find_zone("API") is None
    True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Zone:
    """A time zone found in a source, and how to say which one it was read as."""

    tz: dt.tzinfo
    #: as the source wrote it: "PDT", "UTC+2", "Europe/Berlin"
    label: str
    #: for reports and notes: "PDT (UTC-07:00)"
    describe: str

    @property
    def is_utc(self) -> bool:
        """True for a fixed zero offset: nothing to convert."""
        return isinstance(self.tz, dt.timezone) and self.tz.utcoffset(None) == dt.timedelta(0)


def _offset(hours: int, minutes: int = 0) -> dt.timezone:
    sign = -1 if hours < 0 else 1
    return dt.timezone(sign * dt.timedelta(hours=abs(hours), minutes=minutes))


# Abbreviations as fixed offsets, with a note where one is ambiguous.
_ABBREVIATIONS: dict[str, tuple[dt.timezone, str]] = {
    "UTC": (_offset(0), ""),
    "Z": (_offset(0), ""),
    "GMT": (_offset(0), ""),
    "WET": (_offset(0), ""),
    "WEST": (_offset(1), ""),
    "BST": (_offset(1), "British Summer Time"),
    "IST": (_offset(5, 30), "India Standard Time"),
    "CET": (_offset(1), ""),
    "CEST": (_offset(2), ""),
    "EET": (_offset(2), ""),
    "EEST": (_offset(3), ""),
    "MSK": (_offset(3), ""),
    "EST": (_offset(-5), ""),
    "EDT": (_offset(-4), ""),
    "CST": (_offset(-6), "US Central Standard Time"),
    "CDT": (_offset(-5), ""),
    "MST": (_offset(-7), ""),
    "MDT": (_offset(-6), ""),
    "PST": (_offset(-8), ""),
    "PDT": (_offset(-7), ""),
    "AKST": (_offset(-9), ""),
    "AKDT": (_offset(-8), ""),
    "HST": (_offset(-10), ""),
    "JST": (_offset(9), ""),
    "KST": (_offset(9), ""),
    "SGT": (_offset(8), ""),
    "HKT": (_offset(8), ""),
    "AWST": (_offset(8), ""),
    "ACST": (_offset(9, 30), ""),
    "AEST": (_offset(10), ""),
    "AEDT": (_offset(11), ""),
    "NZST": (_offset(12), ""),
    "NZDT": (_offset(13), ""),
    "BRT": (_offset(-3), ""),
}

# Names that follow daylight saving: the offset depends on the date.
_GENERIC: dict[str, str] = {
    "pacific": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "mountain": "America/Denver",
    "mountain time": "America/Denver",
    "mt": "America/Denver",
    "central": "America/Chicago",
    "central time": "America/Chicago",
    "ct": "America/Chicago",
    "eastern": "America/New_York",
    "eastern time": "America/New_York",
    "et": "America/New_York",
    "uk time": "Europe/London",
    "london time": "Europe/London",
    "central european time": "Europe/Berlin",
}

_OFFSET = re.compile(r"^(?:(?:UTC|GMT)\s*)?([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?$", re.I)
_IANA = re.compile(r"^[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_\-+0-9]+){1,2}$")

#: A regex alternation matching what :func:`find_zone` may accept (then checked there).
ZONE_TOKEN = (
    r"(?:(?:UTC|GMT)\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?"
    r"|[+\-\u2212]\d{2}:?\d{2}"
    r"|[A-Z][A-Za-z_]+/[A-Z][A-Za-z_\-+0-9]+(?:/[A-Z][A-Za-z_\-+0-9]+)?"
    r"|(?:Pacific|Mountain|Central|Eastern)(?:\s+[Tt]ime)?"
    r"|[A-Z]{1,5})"
)


def _format_offset(offset: dt.timedelta) -> str:
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def find_zone(token: str) -> Zone | None:
    """The zone ``token`` names, or None when it is not a zone we know."""
    text = token.strip().strip("()").strip()
    if not text:
        return None
    upper = text.upper()
    if upper in _ABBREVIATIONS and (text.isupper() or upper in ("UTC", "GMT")):
        tz, note = _ABBREVIATIONS[upper]
        offset = _format_offset(tz.utcoffset(None) or dt.timedelta(0))
        if upper in ("UTC", "Z", "GMT"):
            return Zone(tz, "UTC" if upper == "Z" else upper, "UTC")
        if note and upper in ("IST", "CST"):
            return Zone(tz, upper, f"{upper}, read as {note} ({offset})")
        return Zone(tz, upper, f"{upper} ({offset})")
    match = _OFFSET.match(text)
    if match:
        sign = -1 if match.group(1) in "-\u2212" else 1
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
        label = _format_offset(tz.utcoffset(None) or dt.timedelta(0))
        return Zone(tz, label, label if label != "UTC+00:00" else "UTC")
    generic = _GENERIC.get(" ".join(text.lower().split()))
    if generic is None and text.lower().endswith(" time"):
        generic = _GENERIC.get(" ".join(text.lower().split())[: -len(" time")])
    name = generic or (text if _IANA.match(text) else None)
    if name:
        try:
            return Zone(ZoneInfo(name), text, name if generic is None else f"{text} ({name})")
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


UTC = Zone(dt.timezone.utc, "UTC", "UTC")

# "All times in CEST", "(all times PDT)", "times are in UTC", "All times are Pacific".
_STATED = re.compile(
    r"\b(?:all\s+)?times?\s+(?:are\s+|is\s+|shown\s+|given\s+|listed\s+|below\s+|here\s+)*"
    r"(?:are\s+)?(?:in\s+|as\s+)?(?P<zone>" + ZONE_TOKEN + r")(?![A-Za-z])",
    re.I,
)
_PARENTHESISED = re.compile(r"\(\s*(?P<zone>" + ZONE_TOKEN + r")\s*\)")


def stated_zone(text: str) -> Zone | None:
    """The zone a sentence such as "All times in CEST" states, if any."""
    for match in _STATED.finditer(text):
        zone = find_zone(match.group("zone"))
        if zone is not None:
            return zone
    return None


def heading_zone(text: str) -> Zone | None:
    """The zone of a heading or column header: "Timeline (PDT)", "Time (UTC+2)"."""
    zone = stated_zone(text)
    if zone is not None:
        return zone
    for match in _PARENTHESISED.finditer(text):
        zone = find_zone(match.group("zone"))
        if zone is not None:
            return zone
    return None
