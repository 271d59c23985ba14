"""Dates, times and durations as written in free text, read into exact values.

The helpers here read the *start* of a line ("14:05 PDT - Pager fires",
"**2025-02-09 10:05** Error rate climbs", "Feb 9, 2025:") and free-text
durations ("54 hours 10 minutes", "1h35m"). Month names and day orders are
left to :mod:`dateutil`; what counts as a time stamp at all is decided here,
because a liberal parser reads "40,000 errors" as a date.

    >>> parse_duration("Time to detection: 54 hours 10 minutes")
    datetime.timedelta(days=2, seconds=22200)
    >>> stamp = read_stamp("14:05 PDT - Pager fires", default_year=2025)
    >>> stamp.clock, stamp.zone.label, stamp.rest
    (datetime.time(14, 5), 'PDT', 'Pager fires')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as dateparser

from pmkb.importers.zones import ALSO_WORDS, ZONE_TOKEN, Zone, find_zone

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
#: "-5" of "Feb 2-5": the last day of a range of days, never a time ("Feb 2-14:05").
_DAY_RANGE_END = r"(?:[-\u2013]\d{1,2}(?:st|nd|rd|th)?(?![\d:]))?"
#: Japanese, Chinese and Korean dates: "2024年4月30日", "2024년 4월 30일", "3月12日" (no year),
#: full-width digits too ("２０２４年４月３０日"). The day's sign is required: "2024年3月" is a month.
CJK_DATE = r"(?:\d{4}\s*[\u5e74\ub144]\s*)?\d{1,2}\s*[\u6708\uc6d4]\s*\d{1,2}\s*[\u65e5\uc77c]"
#: Month names of Spanish, French, German and Portuguese reports, each with the English name
#: that dateutil reads. Names spelled as in English (April, August, ...) are left out here:
#: they are English already, and are read with the forms below all the same.
_EUROPEAN_MONTHS = {
    "January": "enero janvier januar j\u00e4nner janeiro",
    "February": "febrero f\u00e9vrier fevrier februar fevereiro",
    "March": "marzo mars m\u00e4rz maerz marz mar\u00e7o marco",
    "April": "abril avril",
    "May": "mayo mai maio",
    "June": "junio juin juni junho",
    "July": "julio juillet juli julho",
    "August": "agosto ao\u00fbt aout",
    "September": "septiembre setiembre septembre setembro",
    "October": "octubre octobre oktober outubro",
    "November": "noviembre novembre novembro",
    "December": "diciembre d\u00e9cembre decembre dezember dezembro",
}
_ENGLISH_MONTH = {
    word: english for english, words in _EUROPEAN_MONTHS.items() for word in words.split()
}
_EUROPEAN_MONTH = (
    "(?:"
    + "|".join(sorted(_ENGLISH_MONTH, key=len, reverse=True))
    + "|april|august|september|november)(?![^\\W\\d_])"
)
#: "12 de marzo de 2024", "12 mars 2024", "1er avril 2024", "12. März 2024", "30 de abril":
#: the day always comes first and is required, so that "Mars" or "Mai" alone is no date.
_EUROPEAN_DATE = (
    rf"\d{{1,2}}(?:er|\.)?\s+(?:de\s+)?{_EUROPEAN_MONTH}(?:,?\s+(?:de\s+)?\d{{4}}(?!\d))?"
)
#: Kana, CJK ideographs and Hangul: the letters of the languages that write dates with 年月日.
_CJK_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK_PARTS = re.compile(
    r"(?:(?P<year>\d{4})\s*[\u5e74\ub144]\s*)?(?P<month>\d{1,2})\s*[\u6708\uc6d4]\s*"
    r"(?P<day>\d{1,2})\s*[\u65e5\uc77c]"
)
_EUROPEAN_PARTS = re.compile(
    rf"(?P<day>\d{{1,2}})(?P<mark>er|\.)?\s+(?P<de>de\s+)?(?P<month>{_EUROPEAN_MONTH})"
    rf"(?:,?\s+(?:de\s+)?(?P<year>\d{{4}})(?!\d))?",
    re.I,
)
#: in the calendar's order, as the dictionary above is written
_ENGLISH_MONTH_NAMES = list(_EUROPEAN_MONTHS)


def _in_english(text: str) -> str:
    """``text`` with a Japanese, Chinese, Korean or European date written the way dateutil
    reads it: "2024年4月30日" as "2024-04-30", "3月12日" as "March 12", "12 de marzo de 2024"
    as "12 March 2024". English dates are returned as they are."""
    # "２０２４": full-width digits are digits to Python's \d, but not to dateutil.
    text = text.translate({code: ord("0") + code - 0xFF10 for code in range(0xFF10, 0xFF1A)})

    def cjk(match: re.Match[str]) -> str:
        month, day = int(match.group("month")), int(match.group("day"))
        if not 1 <= month <= 12:
            return match.group(0)
        if match.group("year"):
            return f"{match.group('year')}-{month:02d}-{day:02d}"
        return f"{_ENGLISH_MONTH_NAMES[month - 1]} {day}"

    def european(match: re.Match[str]) -> str:
        english = _ENGLISH_MONTH.get(match.group("month").lower())
        if english is None and not (match.group("mark") or match.group("de")):
            return match.group(0)  # "12 April 2024": English as written
        year = f" {match.group('year')}" if match.group("year") else ""
        return f"{match.group('day')} {english or match.group('month')}{year}"

    return _EUROPEAN_PARTS.sub(european, _CJK_PARTS.sub(cjk, text))


#: A date as written: ISO and year-first, numeric day and month in either order with
#: slashes or dots ("30/04/2025", "4.5.24") or dashes with a four-digit year ("30-04-2025"),
#: or with a month name. A dotted number with more parts ("2.3.17.0") is a version, not a date.
#: A range of days with a month name ("Feb 2-5", "2\u20135 February 2026") is its first day;
#: the dash is written tight, so that "Feb 2 - 5 users" stays a date and a count.
#: Jira, Confluence and spreadsheets write the month's short name between the day and a
#: two- or four-digit year: "11/Jun/24", "11-Jun-2024". Chinese, Japanese and Korean write
#: the year, month and day each with its word (``CJK_DATE``); Spanish, French, German and
#: Portuguese their own month names (``_EUROPEAN_DATE``).
DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}/{_MONTH}/\d{{2}}(?:\d{{2}})?(?!\d)"
    rf"|\d{{1,2}}-{_MONTH}-\d{{2}}(?:\d{{2}})?(?!\d)"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}(?!\d)"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}(?!\d|\.\d)"
    r"|\d{1,2}-\d{1,2}-\d{4}(?!\d|-\d)"
    rf"|{_WEEKDAY}{_MONTH}\s+\d{{1,2}}{_ORDINAL}{_DAY_RANGE_END}(?!\d)(?:,?\s+\d{{4}})?"
    rf"|{_WEEKDAY}\d{{1,2}}{_ORDINAL}{_DAY_RANGE_END}\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{CJK_DATE}|{_EUROPEAN_DATE})"
)
#: A time as Chinese, Japanese and Korean write it, by its words: "9時40分", "14点05分",
#: "14时05分", "9시 40분", "14時" (the hour alone), "14点半" (half past), with the part of the
#: day before it ("午後2時10分", "下午2点", "오후 2시"). "点" is also "points" ("3点建议"), so
#: it is an hour only with its minutes, "半" or "钟"; "時間", "小时" and "시간" are hours of a
#: length, never the hour of a clock.
_DAY_PART = r"(?:午前|午後|上午|下午|早上|晚上|凌晨|中午|오전|오후)"
CJK_TIME = (
    rf"(?:{_DAY_PART}\s*)?\d{{1,2}}\s*"
    r"(?:[時时시]\s*(?:\d{1,2}\s*[分분](?:\s*\d{1,2}\s*[秒초])?|半|반)?(?![間间간])"
    r"|[点點]\s*(?:\d{1,2}\s*分(?:\s*\d{1,2}\s*秒)?|半|钟|鐘))"
)
TIME = (
    r"(?:\d{1,2}:(?:\d{2}|\?\?|xx)(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?(?![a-z]))?"
    # "3:AM", "5:PM": an hour with a colon and no minutes is still the hour.
    rf"|\d{{1,2}}(?::(?=[ap]\.?m)|\s*)[ap]\.?m\.?(?![a-z])|{CJK_TIME})"
)
# "ca. 18:30", "~13:30", "around 14:05": the time is approximate, the stamp is still one.
APPROXIMATE_WORD = (
    r"(?:ca\.?|c\.|approx\.?|approximately|around|about|roughly|circa|~|\u2248|\+/-"
    # The same in French, Portuguese and Spanish: "vers 9h30", "por volta das 14h02",
    # "hacia las 10:20".
    r"|vers|por\s+volta\s+d[ao]s|hacia\s+las|sobre\s+las)"
)
_APPROXIMATE = re.compile(rf"^{APPROXIMATE_WORD}\s*(?=\d)", re.I)
#: "11pm-ish", "14:30ish": a suffix that says the same as "around".
APPROXIMATE_SUFFIX = r"(?:\s?-\s?|\s)?ish\b"
#: "至" and "到" (to) and a full-width tilde join a range's ends in Chinese and Japanese.
_RANGE_END = (
    rf"(?:\s*(?:-|\u2013|\u2014|to|until|till|\u81f3|\u5230|\uff5e)\s*~?(?P<end>{TIME})(?!\d|:\d))"
)
#: A zone after a time, in brackets or not, full-width ones too: "14:05 PDT", "10時25分（日本時間）".
_ZONE_AFTER = (
    rf"(?:\s*[(\uff08]?\s*(?P<zone>{ZONE_TOKEN})\s*[)\uff09]?(?![\w/])"
    rf"(?:\s*\(\s*(?P<zone2>(?:UTC|GMT)\s*[+\-\u2212]\s*\d{{1,2}}(?::?\d{{2}})?)\s*\))?)?"
)
#: "at" between a date and its time, as Spanish, French, Portuguese and German write it:
#: "12 de marzo de 2024 a las 14:02", "12 mars 2024 à 14h02", "12. März 2024 um 14:02".
_AT = r"(?:at|a\s+las|a\s+la|\u00e0|\u00e0s|um)"
#: "14:02 Uhr": German says "o'clock" after a time; the word is part of the time, never the
#: event's first word.
_UHR = r"(?P<uhr>\s+Uhr(?![^\W\d_]))?"
_STAMP = re.compile(
    rf"^(?:(?P<date>{DATE})(?!\d)(?:\s*T\s*|\s*,\s*|\s+{_AT}\s+|\s+)?)?"
    rf"(?P<approx>{APPROXIMATE_WORD}\s*(?=\d))?"
    rf"(?:(?P<time>{TIME})(?!\d|:\d)(?P<ish>{APPROXIMATE_SUFFIX})?{_RANGE_END}?{_UHR})?"
    + _ZONE_AFTER,
    re.I,
)
#: Template leftovers where a time belongs: "HH:mm", "hh:mm", "[Time]", "{{ hh:mm }}", "XX:XX".
PLACEHOLDER_TIME = re.compile(
    r"(?<![\w])(?:hh|HH|xx|XX|\?\?)\s*:\s*(?:mm|MM|xx|XX|\?\?)(?::ss)?(?![\w])"
    r"|^\W*(?:time|timestamp|date|yyyy-mm-dd)\W*$|\{\{[^}]*\}\}",
    re.I,
)
_ISO_T = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d)")
_CLOCK = re.compile(
    r"^(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?|:(?=[ap]))?\s*(?:([ap])\.?m\.?)?$", re.I
)
#: What parts a row's stamp from its words: "14:05 - ", "14:05: ", "14:05, "; and the
#: full-width comma or colon of Chinese and Japanese rows ("10:02，告警触发", "10時02分、発報").
_SEPARATOR = re.compile(
    r"^\s*(?:[\]\)]\s*)?(?:[-\u2013\u2014:|>=~]+\s*|[,.]\s+|[\uff0c\u3001\uff1a]\s*)?"
)
_HAS_YEAR = re.compile(
    rf"\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2}}\b|[/-]{_MONTH}[/-]\d{{2}}\b", re.I
)


@dataclass(frozen=True)
class Stamp:
    """A date and/or a time read at the start of a line, and the text after it."""

    day: dt.date | None
    clock: dt.time | None
    zone: Zone | None
    #: the stamp as written, for notes: "14:05 PDT"
    text: str
    #: the line after the stamp and its separator
    rest: str
    #: False when the date had no year and ``default_year`` supplied one
    year_given: bool = True
    #: "ca. 18:30", "~13:30", "14:??": the author did not know the exact minute
    approximate: bool = False


def _clean(line: str) -> str:
    """Drop list markers, emphasis and brackets that often wrap a time stamp."""
    # "12. März 2024": a German date's day is no number of a list.
    text = re.sub(
        rf"^\s*(?:[-*+]\s+|\d{{1,3}}[.)]\s+(?!{_EUROPEAN_MONTH}))(?:\[[ xX]\]\s+)?",
        "",
        line,
        flags=re.I,
    )
    text = text.replace("**", "").replace("__", "").replace("`", "")
    text = _APPROXIMATE.sub("", text.strip())
    # "1405 UTC", "0930Z", "1405 hrs": a 24-hour time without its colon, told a time (and not
    # a count) by the zone or the "hrs" after it.
    text = re.sub(r"^([01]\d|2[0-3])([0-5]\d)(?=\s*(?:UTC|GMT|Z)\b)", r"\1:\2", text)
    text = re.sub(r"^([01]\d|2[0-3])([0-5]\d)\s*hrs?\b\.?", r"\1:\2", text)
    # "06h12", "14h05": the French and Swiss way of writing a 24-hour time.
    # Never a duration: "1h15m", "1h15 min".
    text = re.sub(r"^([01]?\d|2[0-3])h([0-5]\d)(?![\d:]|\s*m(?:in|ins|inutes)?\b)", r"\1:\2", text)
    # "noon – ...", "12 midnight: ...": a twelve-hour clock names its two twelves in words.
    # Only the word alone, in a cell or before the row's separator or zone, is a time:
    # "Midnight batch failed" is an event.
    text = re.sub(
        r"^(?:12(?::00)?\s*)?(?:(noon|midday)|midnight)(?=\s*[-\u2013\u2014:|]|\s*$|\s+(?-i:[A-Z]{2,5})\b)",
        lambda word: "12:00 pm" if word.group(1) else "12:00 am",
        text,
        flags=re.I,
    )
    # "14 h 09 — ...", "15h — ...", "15 h : ...": the same with spaces, or the hour alone, as
    # French rows write them. Only before the row's separator (or alone in a cell): "2 h 30 de
    # panne" and "2h de retard" open a row with a duration, never a time, and so does "2h:" as
    # English writes a measure ("2h: time to detect"); French puts a space before its colon.
    text = re.sub(
        r"^([01]?\d|2[0-3])\s?h\s?([0-5]\d)?(?=\s*(?:$|[-\u2013\u2014|])|\s+:)",
        lambda m: f"{m.group(1)}:{m.group(2) or '00'}",
        text,
    )
    # "Tue 2023-09-12": a weekday before a numeric date says nothing more.
    text = re.sub(
        r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+(?=\d)",
        "",
        text,
        flags=re.I,
    )
    # "[14:05] event" and "(14:05) event": the brackets go, the stamp stays.
    return re.sub(r"^[\[(]\s*(\d[^\])]{0,40}?)\s*[\])]", r"\1", text.strip())


_CJK_CLOCK = re.compile(
    rf"^(?P<part>{_DAY_PART})?\s*(?P<hour>\d{{1,2}})\s*[時时시点點]\s*"
    r"(?:(?P<minute>\d{1,2})\s*[分분](?:\s*(?P<second>\d{1,2})\s*[秒초])?|(?P<half>半|반))?"
    r"\s*(?:钟|鐘)?$"
)
#: The parts of the day that move an hour of a twelve-hour clock to the afternoon or evening.
_AFTERNOON = ("午後", "下午", "晚上", "오후")


def _clock_in_digits(text: str) -> str:
    """ "14時05分" as "14:05", "下午2点半" as "14:30"; any other text as it is."""
    match = _CJK_CLOCK.match(text)
    if match is None:
        return text
    hour = int(match.group("hour"))
    minute = 30 if match.group("half") else int(match.group("minute") or 0)
    part = match.group("part") or ""
    if part in _AFTERNOON and hour < 12:
        hour += 12
    elif part in ("午前", "上午", "凌晨", "오전") and hour == 12:
        hour = 0  # "午前12時" is midnight
    clock = f"{hour}:{minute:02d}"
    return clock + f":{int(match.group('second')):02d}" if match.group("second") else clock


def read_clock(text: str) -> dt.time | None:
    """``14:05``, ``2:05 pm``, ``14:05:23.120``, ``9am``, ``14時05分`` as a time, else None."""
    text = _clock_in_digits(text.strip())
    text = re.sub(r":(?:\?\?|xx)", ":00", text, flags=re.I)  # "14:??": the hour is known
    match = _CLOCK.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    second = int(match.group(3) or 0)
    micro = int((match.group(4) or "0")[:6].ljust(6, "0"))
    meridiem = (match.group(5) or "").lower()
    if match.group(2) is None and not meridiem:
        return None  # a bare number is not a time
    if meridiem and hour > 12 and match.group(2) is not None:
        meridiem = ""  # "17:14pm": a 24-hour clock with a habit of "pm"
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second, micro)


def read_date(
    text: str, *, default_year: int | None, day_first: bool = False
) -> tuple[dt.date, bool] | None:
    """A date written in any common way, with whether its year was given."""
    text = _in_english(text)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text.strip().rstrip(".,:"))
    # "Feb 2-5", "2-5 February": a range of days starts on its first; its end is no date
    # of the incident's start, so it is dropped rather than guessed at.
    if re.search(_MONTH, text, re.I):
        text = re.sub(r"(?<![\d-])(\d{1,2})[-\u2013]\d{1,2}(?![\d:-])", r"\1", text)
    if not text or not re.search(r"\d", text):
        return None
    year_given = bool(_HAS_YEAR.search(text))
    default = dt.datetime(default_year or 2000, 1, 1)
    try:
        # ISO dates are year-first whatever --day-first says.
        first = day_first and not re.match(r"^\d{4}", text)
        parsed = dateparser.parse(text, default=default, dayfirst=first)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year < 1970 or parsed.year > 2200:
        return None
    return parsed.date(), year_given


#: A numeric date with the day and month in either order: "30/04/2025", "4.5.24", "10-05-2025".
NUMERIC_DATE = re.compile(r"(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-]|\.\d)")


#: A date written with its month's name: "5 March", "6th Nov 2023", "March 5".
_NAMED_DATE = re.compile(
    rf"(?<![\w/.-])(?:{_MONTH}\s+\d{{1,2}}{_ORDINAL}(?!\d)|\d{{1,2}}{_ORDINAL}\s+{_MONTH})(?![\w/])",
    re.I,
)


#: A date written year first ("2024-08-03", "2024/08/03"), which reads one way only.
_YEAR_FIRST_DATE = re.compile(
    r"(?<![\w.-])(?:19|20)\d\d([-/])(?P<month>0?[1-9]|1[0-2])\1(?P<day>0?[1-9]|[12]\d|3[01])(?![\w])"
)


def numeric_date_order(text: str) -> bool | None:
    """Whether the numeric dates of ``text`` are day-first (True) or month-first (False),
    from those that can be read one way only ("30/04/2025", "04/30/2025"); None when
    none tells, or when they disagree.

    When every numeric date reads both ways, the same day written with its month's name
    or year first tells: "04-03-2026" beside "on 4 March" or "2026-03-04" is day-first;
    failing that, dots do: "02.05.2024" is day-first.
    """
    day_first = month_first = False
    ambiguous: list[tuple[int, int]] = []
    separators: set[str] = set()
    for match in NUMERIC_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(3))
        day_first = day_first or (first > 12 and second <= 12)
        month_first = month_first or (second > 12 and first <= 12)
        if first != second and first <= 12 and second <= 12:
            ambiguous.append((first, second))
            separators.add(match.group(2))
    if ambiguous and not day_first and not month_first:
        named = set()
        for match in _NAMED_DATE.finditer(text):
            read = read_date(match.group(0), default_year=2000)
            if read is not None:
                named.add((read[0].month, read[0].day))
        for match in _YEAR_FIRST_DATE.finditer(text):
            named.add((int(match.group("month")), int(match.group("day"))))
        for first, second in ambiguous:
            # (month, day) as each order reads it
            day_first = day_first or ((second, first) in named and (first, second) not in named)
            month_first = month_first or ((first, second) in named and (second, first) not in named)
    if ambiguous and not day_first and not month_first and separators == {"."}:
        # "02.05.2024": the countries that write dates with dots write the day first; a
        # month-first date is written with slashes.
        day_first = True
    if day_first == month_first:
        return None
    return day_first


def is_ambiguous_date(text: str) -> bool:
    """Whether ``text`` is a numeric date that reads as two different days ("10/05/2025")."""
    match = NUMERIC_DATE.fullmatch(text.strip().rstrip(".,:"))
    if match is None:
        return False
    first, second = int(match.group(1)), int(match.group(3))
    return first <= 12 and second <= 12 and first != second


def read_stamp(line: str, *, default_year: int | None, day_first: bool = False) -> Stamp | None:
    """The date and/or time that a line starts with, or None."""
    cleaned = _clean(line)
    approximate = bool(
        _APPROXIMATE.match(
            re.sub(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", "", line.replace("*", "").strip())
        )
    )
    text = _ISO_T.sub(r"\1 \2", cleaned)
    match = _STAMP.match(text)
    if not match or not (match.group("date") or match.group("time")):
        return None
    day: dt.date | None = None
    year_given = True
    if match.group("date"):
        read = read_date(match.group("date"), default_year=default_year, day_first=day_first)
        if read is None:
            return None
        day, year_given = read
    clock = read_clock(match.group("time")) if match.group("time") else None
    if match.group("time") and clock is None:
        return None
    end = match.end("time") if match.group("time") else match.end("date")
    if match.group("ish"):
        end = match.end("ish")
    if match.group("uhr"):
        end = match.end("uhr")
    if match.group("end") and read_clock(match.group("end")) is not None:
        end = match.end("end")
    zone = None
    if match.group("zone"):
        zone = find_zone(match.group("zone"))
        if (
            zone is not None
            and match.group("zone").upper() in ALSO_WORDS
            and re.match(r"\s+[^\W_]", text[match.end() :])
            and not match.group(0).rstrip().endswith(")")
        ):
            zone = None  # "10:05 GST totals wrong": the event's first word, no zone
        if zone is not None:
            end = match.end()
            if match.group("zone2"):
                # "16:22 PST (UTC-7)": the explicit offset wins.
                zone = find_zone(match.group("zone2")) or zone
    if day is None and clock is None:
        return None
    stamp_text = text[:end].strip()
    rest = _SEPARATOR.sub("", text[end:], count=1).strip()
    approximate = (
        approximate
        or bool(match.group("approx"))
        or bool(match.group("ish"))
        or bool(re.search(r":(?:\?\?|xx)", match.group("time") or "", re.I))
    )
    return Stamp(day, clock, zone, stamp_text, rest, year_given, approximate)


#: The words that join a window's ends in the other languages reports are written in, as
#: "to" and "and" do in English: Spanish "de 14:02 a 15:10", "entre las 14:02 y las 15:10";
#: French "de 14:02 à 15:10", "entre 14:02 et 15:10"; German "von 14:02 bis 15:10",
#: "zwischen 14:02 und 15:10"; Portuguese "das 14:02 às 15:10", "entre 14:02 e 15:10";
#: Japanese "14:02 から 15:10 まで", "14:02〜15:10" (a wave dash); Korean "14:02부터 15:10까지".
WINDOW_JOINERS_ABROAD = (
    r"(?:(?:a|y|\u00e0|\u00e0s|et|e|bis|und)(?:\s+(?:las|les))?(?![\w:])"
    r"|\u304b\u3089|\ubd80\ud130|\u301c)"
)
#: What is written after a window's end in those languages before its zone: German "Uhr"
#: (o'clock), Japanese "まで" and Korean "까지" (until).
_AFTER_WINDOW_ABROAD = r"(?:\s*(?:Uhr\b|\u307e\u3067|\uae4c\uc9c0))?"
#: "14:00 UTC to 17:30 UTC": the zone may be written after each end, or after the last only,
#: in ASCII brackets or the full-width ones of Chinese and Japanese ("15:10（JST）").
_RANGE = re.compile(
    rf"(?P<a>{TIME})(?:\s*Uhr\b)?(?:\s*\(?\s*(?P<zone_a>{ZONE_TOKEN})\)?(?![\w/]))?"
    rf"\s*(?:-|\u2013|\u2014|->|\u2192|to|until|till|and|\u81f3|\u5230|\uff5e"
    rf"|{WINDOW_JOINERS_ABROAD})\s*(?P<b>{TIME}){_AFTER_WINDOW_ABROAD}"
    rf"(?:\s*[(\uff08]?\s*(?P<zone>{ZONE_TOKEN})[)\uff09]?(?![\w/])"
    # The window in brackets with its zone last, after a comma: "（9:40 から 10:35 まで、
    # 日本時間）", "(10:05 to 11:40, UTC)". The closing bracket says the word ends the aside.
    rf"|\s*[,\u3001\uff0c]\s*(?P<zone_last>{ZONE_TOKEN})\s*[)\uff09])?",
    re.I,
)


def find_time_range(text: str) -> tuple[dt.time, dt.time, Zone | None] | None:
    """``10:05 - 11:40 UTC`` anywhere in ``text`` as (start, end, zone)."""
    for match in _RANGE.finditer(text):
        start, end = read_clock(match.group("a")), read_clock(match.group("b"))
        if start is None or end is None:
            continue
        said = match.group("zone") or match.group("zone_last")
        zone = find_zone(said) if said else None
        if match.group("zone_a"):
            zone_a = find_zone(match.group("zone_a"))
            # A word that is no zone ("10:05 on - 11:40"), or two ends in different zones,
            # which one zone cannot tell: no window.
            if zone_a is None or (zone is not None and zone.label != zone_a.label):
                continue
            zone = zone_a
        return start, end, zone
    return None


def find_date(
    text: str, *, default_year: int | None, day_first: bool = False
) -> tuple[dt.date, bool] | None:
    """The first date written anywhere in ``text``."""
    # "2024-05-02T09:32:11Z": ISO 8601 joins the date to its time with a "T", which is
    # no letter of a longer word.
    # Japanese, Chinese and Korean write a date between words without a space:
    # "障害は2024年3月12日の14:02に発生": their letters are no letters of the date's words.
    before = rf"(?<![/.-])(?<![^\W{_CJK_LETTERS}])"
    # "2024年3月12日14:02" and "3월12일14:09": the day's sign ends the date, and the time
    # written right after it is no part of a longer number.
    after = rf"(?!(?!T\d)(?<![\u65e5\uc77c])(?:[^\W{_CJK_LETTERS}]|/))"
    for match in re.finditer(rf"{before}{DATE}{after}", text, re.I):
        read = read_date(match.group(0), default_year=default_year, day_first=day_first)
        if read is not None:
            return read
    return None


#: The units of a length in the other languages reports are written in, by the English unit
#: they stand for: "约 25 分钟", "1時間20分", "1시간 20분", "unos 25 minutos", "2 Stunden".
#: Chinese and Japanese "日" alone and Korean "일" are left out: "3日" is as often the third
#: of the month.
_UNITS_ABROAD = {
    "d": ("天", "日間", "días", "día", "dias", "dia", "jours", "jour", "Tagen", "Tage", "Tag"),
    "h": ("个小时", "小时", "小時", "時間", "시간", "horas", "hora", "heures", "heure")
    + ("Stunden", "Stunde", "Std"),
    "m": ("分钟", "分鐘", "分間", "分", "분", "minutos", "minuto", "Minuten", "Minute", "Min"),
    "s": ("秒钟", "秒", "초", "segundos", "segundo", "secondes", "seconde", "Sekunden", "Sekunde"),
}
_UNIT_ABROAD = {word.lower(): key for key, words in _UNITS_ABROAD.items() for word in words}
#: Chinese, Japanese and Korean join the next word to a unit ("25分钟后恢复"); the other
#: languages' units end where a word does.
_JOINED_UNITS = [word for word in _UNIT_ABROAD if not word.isascii()]
_SPACED_UNITS = [word for word in _UNIT_ABROAD if word.isascii()]
_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*"
    r"((?:"
    + "|".join(sorted(_JOINED_UNITS, key=len, reverse=True))
    + ")|(?:"
    + "|".join(sorted(map(re.escape, _SPACED_UNITS), key=len, reverse=True))
    + r"|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![^\W\d_]))",
    re.I,
)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def _unit_key(unit: str) -> str:
    """``"d"``, ``"h"``, ``"m"`` or ``"s"``: the English unit of a unit as written."""
    unit = unit.lower()
    if unit in _UNIT_ABROAD:
        return _UNIT_ABROAD[unit]
    return "m" if unit.startswith("mi") or unit == "m" else unit[0]


_ONES = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
#: Up to sixty, and the round tens past it that minutes are told in ("ninety minutes").
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_NUMBER_WORDS = {word: index + 1 for index, word in enumerate(_ONES)} | _TENS
#: A unit a number word counts only right before it: "three days", never "three hosts".
_UNIT_AHEAD = r"(?=\s*(?:days?|hours?|hrs?|minutes?|mins?)\b)"
_NUMBER_WORD = re.compile(
    rf"\b(?P<tens>{'|'.join(_TENS)})[\s-]+(?P<one>{'|'.join(_ONES[:9])})\s+{_UNIT_AHEAD}|\b(?P<word>{'|'.join(_NUMBER_WORDS)})\s+{_UNIT_AHEAD}",
    re.I,
)
#: Spoken fractions of an hour, read before the number words.
_SPOKEN_LENGTHS = (
    (re.compile(r"\b(?:an?|one)\s+hour\s+and\s+a\s+half\b", re.I), "90 minutes"),
    (re.compile(r"\bhalf\s+an?\s+hour\b", re.I), "30 minutes"),
    # "a couple of hours" is two, told roughly: "about" keeps it marked as rough.
    (re.compile(rf"\ba\s+couple\s+of\s+{_UNIT_AHEAD}", re.I), "about 2 "),
    (re.compile(r"\ban?\s+(?=(?:day|hour|minute)\b)", re.I), "1 "),
)


def durations_in_digits(text: str) -> str:
    """``text`` with the lengths it writes in words written in digits: "about two hours" is
    "about 2 hours", "an hour and a half" "90 minutes", "half an hour" "30 minutes". Number
    words up to sixty (and round tens) and "a"/"an" count only right before a unit, so "one of the two
    hosts" stays as it is."""
    for pattern, digits in _SPOKEN_LENGTHS:
        text = pattern.sub(digits, text)

    def number(match: re.Match[str]) -> str:
        if match.group("tens"):
            value = _TENS[match.group("tens").lower()] + _NUMBER_WORDS[match.group("one").lower()]
        else:
            value = _NUMBER_WORDS[match.group("word").lower()]
        return f"{value} "

    return _NUMBER_WORD.sub(number, text)


def parse_duration(text: str) -> dt.timedelta | None:
    """A free-text duration: "54 hours 10 minutes", "1h 35min", "90 minutes", "00:45", or one
    in words: "about two hours", "an hour and a half", "half an hour", "three days".

    Returns None when ``text`` holds no duration. An ``H:MM`` value alone
    is read as hours and minutes, since that is how stats tables write them.
    """
    # "14点05分" is a time of day, whose "分" is no length's minutes.
    text = re.sub(CJK_TIME, " ", durations_in_digits(text))
    body = text.split(":", 1)[1] if re.match(r"^\s*[A-Za-z][^:]*:", text) else text
    total = 0.0
    found = False
    for match in _DURATION_PART.finditer(body):
        number = float(match.group(1).replace(",", "."))
        total += number * _UNIT_SECONDS[_unit_key(match.group(2))]
        found = True
    if not found:
        clock = re.fullmatch(r"\s*~?(\d{1,3}):(\d{2})(?::(\d{2}))?\s*", body)
        if not clock:
            return None
        total = int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + int(clock.group(3) or 0)
    return dt.timedelta(seconds=round(total))


def in_whole_days(text: str) -> bool:
    """True when the duration in ``text`` is counted in days only ("Time to detection: 11 Days",
    "2 days"): it tells on which day something happened, not at what time."""
    text = durations_in_digits(text)
    body = text.split(":", 1)[1] if re.match(r"^\s*[A-Za-z][^:]*:", text) else text
    parts = [(m.group(1), _unit_key(m.group(2))) for m in _DURATION_PART.finditer(body)]
    # "1.5 days" is 36 hours: a time again.
    return bool(parts) and all(n.isdigit() and u == "d" for n, u in parts)


def to_utc(day: dt.date, clock: dt.time, zone: Zone) -> dt.datetime:
    """The UTC instant of a wall-clock time in ``zone`` (fold 0 in a repeated hour)."""
    local = dt.datetime.combine(day, clock.replace(tzinfo=None)).replace(tzinfo=zone.tz)
    return local.astimezone(dt.timezone.utc)


def format_utc(moment: dt.datetime) -> str:
    """``2025-02-09T10:05:23Z``: the frontmatter's form of a timestamp."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
