"""``pmkb import markdown``: a post-mortem in the common Markdown template, as a draft of ours.

The draft keeps the source's own text twice over, for two different jobs:

* its sections are copied into the format's sections (Summary, Impact, Root
  Cause, ... ; unknown ones after them under their own titles), so that the
  page reads well, search finds it and the linter checks its language;
* the whole file is kept verbatim at the end, in a fenced block under
  "Original report", so that nothing is lost to a wrong guess and a reviewer
  can compare. Fenced, it is neither rendered (relative links and images of
  the source would break a strict build) nor read by the linter as sections.

The timeline section is never copied: it is rebuilt as the format's table in
UTC, because the source's times may be in another zone and the linter reads
that table as UTC.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any, NamedTuple

from pmkb.importers.action_lists import (
    OTHER_LANGUAGE_DUE_LABELS,
    SourceItem,
    action_lines,
    group_label,
    is_advice,
    is_clear_task,
    labelled_paragraphs,
    read_action_items,
    to_draft_items,
)
from pmkb.importers.document import (
    TABLE_SEPARATOR,
    Block,
    Document,
    FieldValue,
    Section,
    classify,
    clean_title,
    label_key,
    normalise_title,
    read_document,
)
from pmkb.importers.draft import TEMPLATE_PROMPTS, Draft, How, Noted, source_key
from pmkb.importers.factor_evidence import evidence_note, suggest_factors
from pmkb.importers.markup import as_markdown, markup_language
from pmkb.importers.timeline import (
    Event,
    Pick,
    Timeline,
    early_mitigation,
    first_impact,
    last_row_still_going,
    one_row_on_day,
    pick_keys,
    posted_updates,
    read_timeline,
    row_telling_end,
    start_from_day_measures,
    start_from_measures,
    starts_with_time,
    tells_recovery,
    timed_runs,
    timed_tables,
    weekday_date,
    written_day,
)
from pmkb.importers.timestamps import (
    APPROXIMATE_SUFFIX,
    APPROXIMATE_WORD,
    CJK_DATE,
    DATE,
    NUMERIC_DATE,
    TIME,
    WINDOW_JOINERS_ABROAD,
    durations_in_digits,
    find_date,
    find_time_range,
    in_whole_days,
    is_ambiguous_date,
    numeric_date_order,
    parse_duration,
    read_clock,
    read_date,
    read_stamp,
    to_utc,
)
from pmkb.importers.values import (
    detection_from_text,
    kebab_names,
    names_without_kebab_form,
    parse_count,
    parse_severity,
    parse_usd,
    people,
    quote,
    trigger_from_text,
)
from pmkb.importers.zones import (
    UTC,
    ZONE_TOKEN,
    Zone,
    bracketed_zone,
    find_zone,
    stated_zone,
    zone_in_phrase,
)
from pmkb.lint.durations import stated_durations
from pmkb.taxonomy import Taxonomy

KEYS = ("started", "detected", "acknowledged", "mitigated", "resolved")
_STRONG_KINDS = {
    "timeline",
    "root_cause",
    "actions",
    "impact",
    "contributing",
    "five_whys",
    "lessons",
    "went_well",
    "went_wrong",
    "resolution",
    "detection",
    "trigger",
    "lucky",
}
_INCIDENT_FIELDS = {
    "severity",
    "started",
    "detected",
    "acknowledged",
    "mitigated",
    "resolved",
    "duration",
    "window",
    "impact_window",
    "impact_duration",
    "ttd",
    "tta",
    "ttr",
    "incident_id",
    "root_cause",
    "users_affected",
}
_INCIDENT_WORDS = re.compile(
    r"\b(incidents?|outages?|post[- ]?mortems?|post[- ]incident|rca|sev\s?\d|downtime|availability report|"
    r"(?:service\s+)?disruptions?|(?:service\s+)?interruptions?|degraded|degradation|"
    # "Summary of the Relay Queue Service Event in the EAST-2 Region": a cloud provider's title.
    r"service\s+events?|summary\s+of\s+the\s+[^.]{1,80}?\s+event)\b",
    re.I,
)


class SkipFile(Exception):
    """The file is not imported; the message says why in words for the report."""


class NotAPostmortem(SkipFile):
    """The file is an archive's README, licence or template: ignored, with why."""


@dataclass(frozen=True)
class MarkdownOptions:
    taxonomy: Taxonomy
    #: zone for times the source gives without one (--timezone); the source's own statement wins
    zone: Zone | None = None
    #: read 03/04/2025 as 3 April
    day_first: bool = False


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Text with LF line endings, and notes on what had to be done to get it."""
    notes: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append("not UTF-8: read as Windows-1252")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, notes


# --- helpers ------------------------------------------------------------------


@dataclass
class _Moment:
    at: dt.datetime  # UTC
    written: str
    zone: Zone
    zone_stated: bool
    #: the source's line, when known
    line: int | None = None
    #: how a zone name was read on that date ("PST" in July)
    zone_note: str = ""
    #: whether the source wrote a date with the time ("00:35 UTC" alone has none)
    dated: bool = True


@dataclass
class _Context:
    doc: Document
    options: MarkdownOptions
    zone: Zone
    zone_stated: bool
    day: dt.date
    day_how: str
    day_note: str
    #: no time in the source carries a zone, and none is stated for all: a sentence's bare
    #: time is then read as UTC, as a timeline row's is, and marked as a guess
    names_no_zone: bool = False
    notes: list[str] = field(default_factory=list)
    #: values the source gives that the draft leaves out, each with why: the draft's TODOs
    left_out: list[str] = field(default_factory=list)
    #: what the reviewer must know of the whole source, at the top of the draft's body
    body_todos: list[str] = field(default_factory=list)
    #: the lines of separate impact windows, when the source may report several incidents
    separate_windows: list[int] = field(default_factory=list)
    #: times read from the source's sentences, once read
    prose: _Prose | None = None
    #: the parts of follow-up sections that hold advice, not tasks ("Always test in staging"
    #: under "Prevention measures"), each titled by its heading: kept in the body's lessons
    guidance: list[Section] = field(default_factory=list)
    #: the lines where the tasks listed under "Lessons learned" start, and where every item
    #: listed there starts: the tasks are action items, left out of the body's lessons
    lesson_lines: tuple[set[int], set[int]] = field(default_factory=lambda: (set(), set()))
    #: the lines of paragraphs labelled as a follow-up ("**Follow-up:** ...") outside the
    #: action items that were read as action items: the draft holds them there, so a section
    #: of the body that explains the incident leaves them out rather than say them twice
    follow_up_lines: set[int] = field(default_factory=set)

    @property
    def year(self) -> int:
        return self.day.year


def _timed(moment: _Moment, how: How, note: str) -> Noted[dt.datetime]:
    """A timestamp with the right note: its zone conversion, or that no zone was stated."""
    where = f"line {moment.line}" if moment.line else ""
    if moment.zone_note:
        # "PST written in July": a reading the reviewer should see, so never a plain "found".
        how = "guessed" if how == "found" else how
        note = "; ".join(p for p in (note, moment.zone_note) if p)
    if not moment.zone_stated:
        extra = "no time zone in the source, read as UTC"
        if how == "found":
            return Noted(moment.at, "guessed", f"{extra}: {moment.written}", moment.line)
        return Noted(moment.at, how, f"{extra}; {note}" if note else extra, moment.line)
    if how == "found":
        said = "" if moment.zone.is_utc else f"{moment.written} in the source"
        return Noted(moment.at, "found", said, moment.line)
    if not moment.zone.is_utc and moment.written and moment.written not in note:
        note = f"{note} ({moment.written})" if note else moment.written
    if where and where not in note:
        note = f"{where}: {note}" if note else where
    return Noted(moment.at, how, note, moment.line)


def _moment_of(value: Any, ctx: _Context, line: int | None = None) -> _Moment | None:
    """A time stamp from a field value or a YAML value, with a date and a zone."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return _Moment(value.astimezone(dt.timezone.utc), value.isoformat(), UTC, True, line)
        return _Moment(
            to_utc(value.date(), value.time(), ctx.zone),
            value.isoformat(" "),
            ctx.zone,
            ctx.zone_stated,
            line,
        )
    if not isinstance(value, str):
        return None
    stamp = read_stamp(value, default_year=ctx.year, day_first=ctx.options.day_first)
    if stamp is None or stamp.clock is None:
        # "around 14:05 UTC on Feb 9": a time and a date anywhere in the value.
        found_time = re.search(
            r"\b(\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)\s*(\(?[A-Z][A-Za-z/+\-0-9:]{0,20}\)?)?",
            value,
        )
        if not found_time:
            return None
        clock = read_clock(found_time.group(1))
        if clock is None:
            return None
        zone = zone_in_phrase(value[found_time.start(2) :]) if found_time.group(2) else None
        found_day = find_date(value, default_year=ctx.year, day_first=ctx.options.day_first)
        day = found_day[0] if found_day else ctx.day
        used = zone or ctx.zone
        local = dt.datetime.combine(day, clock)
        return _Moment(
            to_utc(day, clock, used),
            value.strip(),
            used,
            zone is not None or ctx.zone_stated,
            line,
            used.season_note(local),
            found_day is not None,
        )
    used = stamp.zone or ctx.zone
    day = stamp.day or ctx.day
    return _Moment(
        to_utc(day, stamp.clock, used),
        stamp.text,
        used,
        stamp.zone is not None or ctx.zone_stated,
        line,
        used.season_note(dt.datetime.combine(day, stamp.clock)),
        stamp.day is not None,
    )


def _field(ctx: _Context, name: str) -> str | None:
    value = ctx.doc.fields.get(name)
    return value.value if value else None


def _field_text(ctx: _Context, name: str) -> str:
    value = ctx.doc.fields.get(name)
    return f"{value.label}: {value.value}" if value else ""


def _fm(ctx: _Context, *names: str) -> Any:
    for name in names:
        value = ctx.doc.frontmatter.get(name)
        if value not in (None, "", []):
            return value
    return None


# --- the date of the incident -------------------------------------------------

#: A date that work is due by ("Due date: 18th December 2023", "deadline 2024-05-01", "target
#: date: ...", "期限：2024-04-30", "fecha límite: 30/04/2024"): a follow-up's or an assignment's,
#: days after the incident, never its date.
_DUE_DATE = re.compile(
    rf"\b(?:due(?:\s+date)?|deadline|target\s+date|{OTHER_LANGUAGE_DUE_LABELS})\b[*_\s]*"
    rf"(?:[:\-\u2013\uff1a]\s*)?[*_\s]*"
    rf"(?:(?:on|by)\s+)?{DATE}",
    re.I,
)


def _without_due_dates(line: str) -> str:
    """``line`` with the dates it says work is due by left out."""
    return _DUE_DATE.sub(" ", line)


class NoDate(Exception):
    """The source gives no year for its incident; the message says what was looked at."""


#: Fields whose date is the incident's, in order of trust; a window ("Start–End: 2024-08-19
#: 14:02 → 14:37 PT") dates it too, ahead of a title or a line saying when it was written.
_DAY_FIELDS = ("started", "date", "detected", "resolved", "window", "impact_window")


#: "occurred on May 5, 2023", "took place on 2023-05-05": a sentence telling the incident's day.
_OCCURRED_ON = re.compile(
    r"\b(?:occurred|happened|took\s+place|began|started)\s+(?:on|in\s+the\s+\w+\s+of)\s+", re.I
)


def _dated_row(line: str, options: MarkdownOptions) -> bool:
    """Whether ``line`` starts with its date, as a dated row or a date heading does."""
    text = re.sub(r"^\s*(?:#+|[-*+]|\d{1,3}[.)])?\s*", "", line).strip("*_ \t|")
    stamp = read_stamp(text, default_year=None, day_first=options.day_first)
    return stamp is not None and stamp.day is not None


def _told_incident_day(doc: Document, options: MarkdownOptions) -> tuple[dt.date, str, str] | None:
    """The day a sentence of the text says the incident occurred on, with its note."""
    for number, line in doc.prose:
        for told in _OCCURRED_ON.finditer(line):
            found = find_date(
                line[told.end() : told.end() + 40], default_year=None, day_first=options.day_first
            )
            if found and found[1]:
                return (
                    found[0],
                    "guessed",
                    f"the sentence on line {number} saying it {told.group(0).strip()}",
                )
    return None


def _incident_day(doc: Document, name: str, options: MarkdownOptions) -> tuple[dt.date, str, str]:
    """The incident's (local) date, how it was found, and a note; a day field without a year
    ("Timeframe: September 16, 4:06 pm - 4:38 pm") gives the day in the year found elsewhere.

    A status page's post-incident card states the window's day without a year and the day
    it was posted, days later, in full: the posting date dates the year, never the incident.
    """
    day, how, note = _incident_day_with_year(doc, name, options)
    if how == "found":  # a field, the frontmatter or the title: the source's own date
        return day, how, note
    for key in _DAY_FIELDS:
        value = doc.fields.get(key)
        found = value and find_date(value.value, default_year=day.year, day_first=options.day_first)
        if value and found and not found[1]:
            told = found[0]
            # A report is written after its incident: a day later in the year than the date
            # found is the year before's ("Timeframe: December 30" in a report of January 2).
            if told > day:
                try:
                    told = told.replace(year=told.year - 1)
                except ValueError:  # 29 February
                    return day, how, note
            return told, "guessed", f"{value.label}: {value.value}, in the year of {note}"
    return day, how, note


def _incident_day_with_year(
    doc: Document, name: str, options: MarkdownOptions
) -> tuple[dt.date, str, str]:
    """The incident's (local) date, how it was found, and a note.

    Only the source's words count: a file's modification time says when it was
    copied or cloned, not when the incident happened. Raises :class:`NoDate` when
    the source gives no year, since the draft's id and folder are the incident's year.
    """
    for key in _DAY_FIELDS:
        value = doc.fields.get(key)
        if value:
            found = find_date(value.value, default_year=None, day_first=options.day_first)
            if found and found[1]:
                return found[0], "found", f"{value.label}: {value.value}"
    for key in ("date", "started", "incident_date"):
        value = doc.frontmatter.get(key)
        if isinstance(value, dt.datetime):
            return value.date(), "found", f"{key} in the source's frontmatter"
        if isinstance(value, dt.date):
            return value, "found", f"{key} in the source's frontmatter"
        if isinstance(value, str):
            found = find_date(value, default_year=None, day_first=options.day_first)
            if found and found[1]:
                return found[0], "found", f"{key} in the source's frontmatter"
    if doc.title:
        found = find_date(doc.title, default_year=None, day_first=options.day_first)
        if found and found[1]:
            return found[0], "found", "the title"
    match = _FILE_DATE.search(PurePath(name).name)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])), "guessed", "the file name"
        except ValueError:
            pass
    found = find_date(PurePath(name).stem, default_year=None, day_first=options.day_first)
    if found and found[1]:
        return found[0], "guessed", "the file name"
    # A timeline with full dates is evidence too.
    for section in doc.of_kind("timeline"):
        for _, line in section.lines():
            found = find_date(
                _without_due_dates(line), default_year=None, day_first=options.day_first
            )
            if found and found[1]:
                if not _dated_row(line, options):
                    # A date inside a row's words ("restored from the May 3, 2023 backup")
                    # is often another day's; a sentence saying when the incident
                    # occurred says it better.
                    told = _told_incident_day(doc, options)
                    if told is not None:
                        return told
                return found[0], "guessed", "the first date in the timeline"
    for _, prose_line in doc.prose:
        line = _without_due_dates(prose_line)
        found = find_date(line, default_year=None, day_first=options.day_first)
        if found and found[1]:
            return found[0], "guessed", "the first date in the text"
        # "Between December 28 and January 3, 2025": the first day has no year of its own;
        # the last day's year dates it, the year before when the span crosses a year's end.
        for span in _DAY_SPAN.finditer(line):
            last = read_date(span.group("last"), default_year=None, day_first=options.day_first)
            days = _span_days(span, default_year=None, day_first=options.day_first)
            if last is not None and last[1] and days is not None:
                return days[0], "guessed", "the first day of a span of days in the text"
    # "20202-01-16": a slip of the keyboard, read as the year its first four digits make.
    for number, line in doc.prose:
        for typo in _TYPO_DATE.finditer(line):
            try:
                meant = dt.date(int(typo["year"][:4]), int(typo["month"]), int(typo["day"]))
            except ValueError:
                continue
            if 1970 <= meant.year <= 2200:
                return (
                    meant,
                    "guessed",
                    f"{quote(typo.group(0))} on line {number}, a five-digit year read as "
                    f"{meant:%Y-%m-%d}",
                )
    # "Website outage 5-26-21": a numeric date with dashes and a two-digit year, in the title
    # or the file name, when nothing else dates the incident. Read only when its day and
    # month go one way ("26" is no month); "5-6-21" could be either day.
    for written, place in ((doc.title, "the title"), (PurePath(name).stem, "the file name")):
        short = _SHORT_DASHED_DATE.search(written or "")
        if short is None:
            continue
        lead, then, year2 = int(short["a"]), int(short["b"]), 2000 + int(short["year"])
        if lead != then and lead <= 12 and then <= 12:
            continue
        month_day = (lead, then) if then > 12 >= lead else (then, lead)
        try:
            read = dt.date(year2, *month_day)
        except ValueError:
            continue
        return read, "guessed", f"{quote(short.group(0))} in {place}, read as {read:%Y-%m-%d}"
    # "Backbone outage, October 2021" over "### Monday, October 4": the year where the source
    # writes it, the month and day where it writes them.
    year = _stated_year(doc, name)
    partial = _first_date_without_year(doc, options)
    if year is not None:
        if partial is not None:
            when, written, place = partial
            try:
                day = when.replace(year=year[0])
            except ValueError:  # 29 February
                day = None
            crossing = _first_day_across_year_end(doc, options, written, place, year)
            if crossing is not None:
                return crossing
            if day is not None:
                return (
                    day,
                    "guessed",
                    f"{quote(written)} in {place}, in {year[0]} as {year[1]} says",
                )
        # No day anywhere: the year (and month) are the source's, the day is not.
        month = _stated_month(year[2])
        if month is not None and month[0].year == year[0]:
            return (
                month[0],
                "missing",
                f"the 1st of the month, as {year[1]} gives only {quote(month[1])}",
            )
        return dt.date(year[0], 1, 1), "missing", f"1 January, as {year[1]} gives only {year[0]}"
    given = f" (only {quote(partial[1])} in {partial[2]}, without a year)" if partial else ""
    raise NoDate(
        f"no date found{given}: the title, date lines, frontmatter, file name, timeline and text "
        "give no year, and a draft's id and folder are the incident's year; add a line such as "
        "`Date: 2024-03-15` under the title, or start the file name with the date "
        "(2024-03-15-name.md), and import it again"
    )


#: A year-first date in a file name, with any separator: "2024_03_05-outage.md".
_FILE_DATE = re.compile(r"(?<!\d)(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)")
#: "5-26-21": month, day and a two-digit year with dashes (or the day first), no more digits.
#: A file name's words are joined by dashes too: "website-outage-5-26-21".
_SHORT_DASHED_DATE = re.compile(
    r"(?<![\w.])(?<!\d-)(?P<a>\d{1,2})-(?P<b>\d{1,2})-(?P<year>\d{2})(?![\w.]|-\d)"
)
#: A date whose year has a digit too many: "20202-01-16".
_TYPO_DATE = re.compile(
    r"(?<![\w.-])(?P<year>[12]\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\w/])"
)
#: An incident id with its year: "PM2020-003", "INC-2021-0042".
_ID_YEAR = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,8}[-_]?(19[7-9]\d|2[01]\d\d)[-_]\d{1,5}(?!\d)")


_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = re.compile(r"(?<![\w.])(19[7-9]\d|2[01]\d\d)(?!\w|[.,]\d)")
_MONTH_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH_NAME})\.?,?\s+"
    r"(?P<year>19[7-9]\d|2[01]\d\d)(?!\w|[.,]\d)",
    re.I,
)
#: "2025-01": a year and a month in digits, no day after them.
_NUMERIC_MONTH = re.compile(
    r"(?<![\w.-])(?P<year>19[7-9]\d|2[01]\d\d)-(?P<month>0?[1-9]|1[0-2])(?![\w-]|[.,]\d)"
)
#: A line that gives the period a report covers: "Month: 2025-01", "**Reporting period:** ...".
_PERIOD_LINE = re.compile(
    r"^[\W_]*(?:report(?:ing)?\s+)?(?:month|period)[*_\s]*:[*_\s]*(?P<value>.*?)[*_\s]*$", re.I
)
#: Frontmatter keys that give the month (or other period) a report covers.
_PERIOD_KEYS = ("month", "period", "reporting_period", "report_period")


def _unemphasised(line: str) -> str:
    """``line`` without the underscores or asterisks around its words ("_January 2025_"),
    which would join a month or a year to them; "snake_case" keeps its underscore."""
    return re.sub(r"(?<![A-Za-z0-9])[_*]+|[_*]+(?![A-Za-z0-9])", " ", line)


def _stated_month(text: str) -> tuple[dt.date, str] | None:
    """The first day of the month ``text`` names with its year ("January 2025", "2025-01"),
    and the words that name it; None when it names no month."""
    plain = _unemphasised(text)
    named = _MONTH_YEAR.search(plain)
    if named is not None:
        first = read_date(f"1 {named['month']} {named['year']}", default_year=int(named["year"]))
        if first is not None:
            return first[0], named.group(0)
    numeric = _NUMERIC_MONTH.search(plain)
    if numeric is not None:
        return dt.date(int(numeric["year"]), int(numeric["month"]), 1), numeric.group(0)
    return None


def _stated_year(doc: Document, name: str) -> tuple[int, str, str] | None:
    """The year the source writes without a full date: (year, where, the text it is in).

    A date field or line, the frontmatter, the title or the file name may hold a
    year alone ("Date: October 2021", "Backbone outage, October 2021"); elsewhere in
    the text only a month and a year together count ("In October 2021 we ..."),
    since a year alone in a sentence is as likely a plan or a history.
    """
    for key in _DAY_FIELDS:
        value = doc.fields.get(key)
        found = _YEAR.search(value.value) if value else None
        if value is not None and found is not None:
            return int(found[1]), quote(f"{value.label}: {value.value}"), value.value
    # A report dated by its month only ("month: 2025-01", "period: January 2025") gives its year.
    for key in ("date", "started", "incident_date", "year", *_PERIOD_KEYS):
        raw = doc.frontmatter.get(key)
        found = _YEAR.search(str(raw)) if isinstance(raw, (str, int)) else None
        if found is not None:
            return int(found[1]), f"{key} in the source's frontmatter", str(raw)
    if doc.title:
        found = _YEAR.search(doc.title)
        if found is not None:
            return int(found[1]), "the title", doc.title
    found = _YEAR.search(PurePath(name).stem.replace("_", " "))
    if found is not None:
        return int(found[1]), "the file name", PurePath(name).stem
    # "PM2020-003 - Directory sync migration.md": an id numbered in the incident's year.
    places = [
        ("the title", doc.title or ""),
        ("the title", doc.title_number or ""),  # "INC-2024-017: ..." left out of the title
        ("the file name", PurePath(name).stem),
    ]
    if "incident_id" in doc.fields:
        value = doc.fields["incident_id"]
        places.insert(0, (quote(f"{value.label}: {value.value}"), value.value))
    for place, text in places:
        found = _ID_YEAR.search(text)
        if found is not None:
            return int(found[1]), f"the id {quote(found.group(0))} in {place}", found.group(0)
    for _, line in doc.prose:
        # "January 2025" anywhere, emphasised or not ("_January 2025_" under the title); a
        # month in digits ("2025-01") only on a line that names it the report's month or period.
        month = _MONTH_YEAR.search(_unemphasised(line))
        if month is None and _PERIOD_LINE.match(line):
            month = _NUMERIC_MONTH.search(_unemphasised(line))
        if month is not None:
            return int(month["year"]), quote(_plain(line).strip("*_ ")), line
    return None


def _first_day_across_year_end(
    doc: Document,
    options: MarkdownOptions,
    written: str,
    place: str,
    year: tuple[int, str, str],
) -> tuple[dt.date, str, str] | None:
    """The incident's day when the first date without a year, ``written``, opens a span of
    days across a year's end with no year on either day ("Between Dec 28 and Jan 3, ...")
    and the source states only a ``year`` (and month) elsewhere ("Month: January 2025"):
    the span is the one nearest that month, so its first day may be in the year before."""
    month = _stated_month(year[2])
    stated = month[0] if month is not None and month[0].year == year[0] else None
    # A year alone dates the span's last day, as "Dec 28 - Jan 3, 2025" would.
    anchor = stated if stated is not None else dt.date(year[0], 1, 1)
    near = f"{stated:%B %Y}" if stated is not None else str(year[0])
    for _, line in doc.prose:
        for span in _DAY_SPAN.finditer(line):
            if not span.group("first") or span.group("first").strip() != written:
                continue
            days = _span_days(span, default_year=anchor.year, day_first=options.day_first)
            last = read_date(span.group("last"), default_year=None, day_first=options.day_first)
            if days is None or last is None or last[1] or days[0].year == days[1].year:
                continue
            first, _ = _nearest_year_end_span(days[0], days[1], anchor)
            return (
                first,
                "guessed",
                f"{quote(written)} in {place}, in {first.year}: the first day of a span of days "
                f"across a year's end, nearest {near} as {year[1]} says",
            )
    # "Dec 30 14:10 ...", then "Jan 2 09:00 ...": timeline rows in order across a year's end
    # are such a span too, from the first row's day to the first day after the year's end.
    crossing = _timeline_year_end(doc, options) if place == "the timeline" else None
    if crossing is not None and crossing[0].strftime("%m-%d") == _month_day(written, options):
        first, _ = _nearest_year_end_span(crossing[0], crossing[1], anchor)
        return (
            first,
            "guessed",
            f"{quote(written)} in {place}, in {first.year}: its rows go on across a year's end "
            f"to {crossing[1]:%b} {crossing[1].day}, nearest {near} as {year[1]} says",
        )
    return None


def _same_day_in(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _month_day(written: str, options: MarkdownOptions) -> str:
    read = read_date(written, default_year=2000, day_first=options.day_first)
    return read[0].strftime("%m-%d") if read is not None else ""


def _timeline_year_end(doc: Document, options: MarkdownOptions) -> tuple[dt.date, dt.date] | None:
    """The first date of the timeline written without a year and the first such date after a
    year's end, when the rows go on in order across it ("Dec 30", "Dec 31", "Jan 2"); None
    when no year's end is crossed or the dates are not in order. The dates are in the years
    2000 and 2001."""
    placed: list[dt.date] = []
    for section in doc.of_kind("timeline"):
        for _, line in section.lines():
            for match in re.finditer(rf"(?<![\w/.-]){DATE}(?![\w/])", line, re.I):
                found = read_date(match.group(0), default_year=2000, day_first=options.day_first)
                if found is None or found[1]:
                    continue
                day = found[0]
                if placed:
                    last = placed[-1]
                    same = _same_day_in(day, last.year) or day
                    later = _same_day_in(day, last.year + 1)
                    if same < last and later is not None and later - last < last - same:
                        day = later  # nearer in the next year: the rows crossed a year's end
                    else:
                        day = same
                    if day < last:
                        return None
                placed.append(day)
    after = [day for day in placed if day.year > placed[0].year] if placed else []
    return (placed[0], after[0]) if after and after[0].year == placed[0].year + 1 else None


def _nearest_year_end_span(
    first: dt.date, last: dt.date, anchor: dt.date
) -> tuple[dt.date, dt.date]:
    """The span from ``first`` to ``last`` across a year's end (neither day's year written),
    in the years that put it nearest ``anchor``: the incident's or the report's date. "Dec 28
    to Jan 3" in a January 2025 report is from 2024 to 2025; in a December 2024 one too."""
    best: tuple[dt.timedelta, dt.date, dt.date] | None = None
    for year in (anchor.year - 1, anchor.year):
        try:
            pair = (first.replace(year=year), last.replace(year=year + 1))
        except ValueError:  # 29 February in a year with none
            continue
        distance = max(pair[0] - anchor, anchor - pair[1], dt.timedelta(0))
        if best is None or distance < best[0]:
            best = (distance, *pair)
    return (best[1], best[2]) if best is not None else (first, last)


def _first_date_without_year(
    doc: Document, options: MarkdownOptions
) -> tuple[dt.date, str, str] | None:
    """The first month and day the source writes without a year ("### Monday, October 4"),
    as a date in a leap year, with the words and where they are."""
    places: list[tuple[str, list[tuple[int, str]]]] = [
        ("the timeline", [ln for section in doc.of_kind("timeline") for ln in section.lines()]),
        ("the text", doc.prose),
    ]
    for place, lines in places:
        for _, line in lines:
            for match in re.finditer(rf"(?<![\w/.-]){DATE}(?![\w/])", line, re.I):
                found = read_date(match.group(0), default_year=2000, day_first=options.day_first)
                if found is not None and not found[1]:
                    return found[0], match.group(0).strip(), place
    return None


# --- timeline keys ------------------------------------------------------------


def _from_event(pick: Any, place: str = "the timeline") -> Noted[dt.datetime]:
    event = pick.event
    where = "" if "source states" in pick.why else f" in {place}"
    note = f"{pick.why}{where}, line {event.line}: {quote(_plain(event.text) or event.written)}"
    if event.approximate:
        note += f" (the source's time is approximate: {event.written})"
    if event.date_only:
        # A row dated with no time sits at midnight UTC of its day: the day is the source's,
        # the time of day unknown, and no duration is to be counted from it as it stands.
        note += " (the row gives the day only: its time of day is unknown, midnight UTC holds it)"
    if event.inferred:
        note += f" (inferred: {'; '.join(event.inferred)})"
    if event.date_only:
        # A day has no time of day for a zone to shift: "no time zone in the source, read as
        # UTC" would tell the reviewer of a reading that never happened.
        return Noted(event.at, "guessed", note, event.line)
    return _timed(
        _Moment(
            event.at, event.written, event.zone, event.zone_stated, event.line, event.zone_note
        ),
        "guessed",
        note,
    )


#: A window's ends after the word that opens it in another language: "14:02 a las 15:10",
#: "14:02 Uhr bis 15:10", "14h02 à 15h10" (written "14:02 à 15:10" by then).
_WINDOW_AHEAD = (
    rf"(?:{APPROXIMATE_WORD}\s*)?{TIME}(?!\d|:\d)(?:\s*Uhr\b)?"
    rf"\s*(?:{WINDOW_JOINERS_ABROAD}|-|\u2013|\u2014)\s*{TIME}"
)
#: The same where the words follow the times: "14:02 から 15:10", "14:02부터 15:10", "14:02〜15:10".
_WINDOW_AHEAD_AFTER = rf"{TIME}(?!\d|:\d)\s*(?:\u304b\u3089|\ubd80\ud130|\u301c|\uff5e)\s*{TIME}"
_WINDOW_AFTER_TIMES = re.compile(_WINDOW_AHEAD_AFTER)
#: The words that place a time in French, Portuguese and Spanish, longest first, and what
#: each means, read as the English ones.
_PLACED_ABROAD_LEADS = {
    "jusqu'à": "until",
    "jusqu\u2019à": "until",
    "até às": "until",
    "até as": "until",
    "hasta las": "until",
    "desde as": "since",
    "desde las": "since",
    "depuis": "since",
    "dès": "since",
    "a las": "at",
    "às": "at",
    "à": "at",
}
_PLACED_ABROAD = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in _PLACED_ABROAD_LEADS)
#: The comma after a time that opens a Chinese or Japanese sentence: full-width "，", "、", or
#: a plain one before the sentence's words in those scripts.
_OPENING_COMMA = r"(?:[\uff0c\u3001]|,(?=\s*[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]))"
#: A time in a sentence, after the word that places it: "at 14:05", "from around 10:00 a.m.",
#: "At 2017/01/31 6pm", "on 31 January 2017, 18:00", "by 11pm-ish"; and "UPDATE 20 March 09:15
#: UTC - ...", the stamp of an update appended to a published post.
_PROSE_TIME = re.compile(
    r"(?:\b(?P<lead>between|from|since|starting\s+at|beginning\s+at|began\s+at|started\s+at|at|by|"
    r"around|until|on|update)\s+"
    # The same words in Chinese, which needs no space after them: "从 09:40", "于10:05".
    r"|(?P<lead_cjk>\u4ece|\u81ea|\u5728|\u4e8e|\u7ea6|\u76f4\u5230|\u5230)\s*"
    # A time in brackets, ASCII or full-width as Chinese and Japanese write them: "（21:14）".
    r"|[(\uff08](?=[^)\uff09]{0,40}[)\uff09])\s*"
    # The words that open a window in Spanish, French, German and Portuguese, read only
    # where a window follows ("de 14:02 a 15:10", "von 14:02 bis 15:10 Uhr"): alone, "de" and
    # "das" are words of every sentence.
    rf"|\b(?P<lead_abroad>de(?:\s+las)?|desde(?:\s+las)?|entre(?:\s+las)?|von|zwischen|das)\s+"
    rf"(?={_WINDOW_AHEAD})"
    # Japanese and Korean put the words after the times ("14:02 から 15:10 まで", "14:02부터
    # 15:10까지", "14:02〜15:10"): the window's first time opens it, with no word before it.
    rf"|(?P<lead_window>(?<![0-9A-Za-z_:.])(?={_WINDOW_AHEAD_AFTER}))"
    # The words that place one time in French, Portuguese and Spanish: "à 14h02", "às 14h02",
    # "a las 14:02", "jusqu'à 15h10", "depuis 9h30". Read where a time follows at once.
    rf"|(?<![\w'\u2019])(?P<lead_placed>{_PLACED_ABROAD})\s+(?=(?:{APPROXIMATE_WORD}\s*)?\d)"
    # Japanese, Chinese and Korean place a time by the date before it, with no word and often
    # no space between them: "2024年3月12日の14時02分に", "3月12日14:02から", "3월12일14:09에".
    rf"|(?P<lead_dated>(?<!\d)(?={CJK_DATE}\s*[\u306e\u3001,]?\s*{TIME}))"
    # Chinese and Japanese prose often opens a sentence with its time and a comma, where
    # English writes "At 10:02 ...": "10:02，监控告警触发", "10時02分、アラートが発報した".
    rf"|(?P<lead_opening>^\s*(?=(?:{APPROXIMATE_WORD}\s*)?{TIME}\s*{_OPENING_COMMA})))"
    # The date's sign ("日", "일") ends a date written that way: the time may follow at once,
    # or after "の" (of) or a comma.
    rf"(?:(?P<date>{DATE})(?:(?:,?\s+at|,)?\s+|(?<=[\u65e5\uc77c])\s*[\u306e\u3001,]?\s*))?"
    rf"(?P<approx>{APPROXIMATE_WORD}\s*)?(?P<time>{TIME})(?!\d|:\d)"
    rf"(?P<ish>{APPROXIMATE_SUFFIX})?",
    re.I,
)
#: What the words that open a window in other languages mean, read as the English ones.
_ABROAD_LEADS = {"entre": "between", "zwischen": "between"}
#: What the Chinese words before a time mean, read as the English ones: 从/自 "from",
#: 在/于 "at", 约 "around", 到/直到 "until".
_CJK_LEADS = {
    "\u4ece": "from",
    "\u81ea": "from",
    "\u5728": "at",
    "\u4e8e": "at",
    "\u7ea6": "around",
    "\u5230": "until",
    "\u76f4\u5230": "until",
}
#: A date right after a time and its zone: "at 6pm UTC on 31 January 2017".
_DATE_AFTER = re.compile(rf"\s*,?\s*(?:on\s+)?(?P<date>{DATE})(?![\w/])", re.I)
#: Chinese and Japanese end a sentence with a full-width mark and start the next one at once,
#: with no space and no capital: "...失敗し始めた。監視アラートは14:09に...".
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])|(?<=[\u3002\uff01\uff1f])\s*(?=\S)")
#: Words whose full stop is not a sentence's end: "e.g. Outlook", "ca. 18:30", "Jan. 4".
_ABBREVIATION = re.compile(
    r"(?:e\.g|i\.e|cf|vs|viz|incl|approx|ca|c|resp|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.",
    re.I,
)
_MERIDIEM = re.compile(r"[ap]\.m\.", re.I)
#: A zone written in words after a time, in brackets or not, full-width ones too: "(heure de
#: Paris)", "14時02分（日本時間）に". Only words: "-14:40" after "14:05" is a window's end,
#: never an offset.
_ZONE_NAMED_AFTER = re.compile(
    rf"\s*[(\uff08]?\s*(?P<zone>(?=[^\W\d_]){ZONE_TOKEN})(?:\s*[)\uff09]|(?![\w/]))"
)
#: The word after a time: "UTC", "(PST)", "Pacific time".
_ZONE_HEAD = re.compile(r"\s*\(?\s*([A-Za-z][A-Za-z/+\-0-9:]{0,24}(?:\s+time)?)")


def split_sentences(text: str) -> list[str]:
    """``text`` cut at the end of each sentence, never after an abbreviation.

    "From 10:00 a.m. to 12:30 p.m. PST, calendars failed" is one sentence: a
    zone after "a.m."/"p.m." belongs to the time; any other word after them
    starts a new sentence ("by 4 p.m. We then ...").
    """
    out: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        word = text[start : end.start()].rsplit(None, 1)[-1].lstrip("(~")
        if _ABBREVIATION.fullmatch(word):
            continue
        if _MERIDIEM.fullmatch(word[-4:]):
            head = _ZONE_HEAD.match(text, end.start())
            if head and zone_in_phrase(head.group(1)) is not None:
                continue
        out.append(text[start : end.start()])
        start = end.end()
    out.append(text[start:])
    return out


@dataclass
class _Prose:
    """Times written in sentences: events for reports without a timeline, and an impact window."""

    events: list[Event] = field(default_factory=list)
    #: "between 14:05 and 15:23 UTC on 5 March": (start, end) of the impact, with its line and sentence
    window: tuple[Event, Event] | None = None
    #: Later windows apart from the first: a monthly report lists one per incident.
    other_windows: list[tuple[Event, Event]] = field(default_factory=list)
    #: Windows written as a line of their own ("October 29, 2024: 8:15am - 11:41am"), by the
    #: line of their start: a list of outages, each its own incident, never one that came back.
    listed_lines: set[int] = field(default_factory=set)
    #: Weekdays the text places times on ("On Tuesday at 07:58 UTC") with no date anywhere
    #: to place them: (line, the weekday as written)
    unplaced_weekdays: list[tuple[int, str]] = field(default_factory=list)

    def state(self, window: tuple[Event, Event]) -> None:
        """Take a window the source states: the first is the impact's; one apart from it is
        kept aside (the draft says so), one overlapping it restates it."""
        if self.window is None:
            self.window = window
        elif window[0].at > self.window[1].at or window[1].at < self.window[0].at:
            self.other_windows.append(window)


class _ProseLine(NamedTuple):
    """A line of prose as :func:`_read_prose` reads it: one source line, or several joined
    where a window or a sentence with a time wraps over them."""

    number: int
    text: str
    #: For a joined line: where each later source line starts in ``_plain(text)``, and its
    #: number. What is read there is cited at that line, not the first.
    wraps: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int:
        """The number of the source line that holds ``_plain(self.text)[offset]``."""
        number = self.number
        for start, later in self.wraps:
            if offset >= start:
                number = later
        return number


def _prose_lines(ctx: _Context, *, with_timeline: bool = False) -> list[_ProseLine]:
    first_section = ctx.doc.sections[0].blocks[0].line if ctx.doc.sections else 10**9
    lines = [(n, t) for n, t in ctx.doc.prose if n < first_section and n != ctx.doc.title_line]
    for section in ctx.doc.sections:
        if section.kind == "timeline" and not with_timeline:
            continue
        fence = False
        for number, text in section.lines():
            if text.lstrip().startswith(("```", "~~~")):
                fence = not fence
            elif section.kind == "actions" and _LIST_ITEM.match(text):
                # Action items carry due dates, not the incident's times; a paragraph
                # under "Remediation" ("We were alerted at 06:52 PDT") is prose.
                continue
            elif not fence and not text.lstrip().startswith(("|", "#")):
                lines.append((number, text))
    return _join_wrapped_lines([(number, _h_clock_times(text)) for number, text in lines])


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s")
#: "10h47", "9h05": the French and Swiss way of writing a 24-hour time, in a sentence ("On
#: 2024-07-17 at 10h47 CEST a user told us ..."). Never a duration: "1h15m", "2h30 min".
_H_CLOCK = re.compile(r"(?<![\w:.])([01]?\d|2[0-3])h([0-5]\d)(?![\w:]|\s*min)")
#: "à 14 h 02", "de 9 h 30 à 10 h 05": the same with spaces, as French often writes it. Only
#: after a word that places a time or joins a window's ends: "pendant 2 h 30" is a duration.
_H_CLOCK_SPACED = re.compile(
    rf"(?<![\w'\u2019])(?P<lead>(?:at|from|between|to|and|until|since|{_PLACED_ABROAD}"
    r"|de|entre|et|das|e|y|vers|por\s+volta\s+das)\s+)"
    r"(?P<hour>[01]?\d|2[0-3])\s+h\s+(?P<minute>[0-5]\d)(?![\w:]|\s*min)",
    re.I,
)
#: Inline code: a time in it is a value quoted, never a time of the incident.
_INLINE_CODE = re.compile(r"(`+[^`]*`+)")


#: What may follow a bare "10h" that is still a time: no word or digit joined to it ("10hrs",
#: "1h15m"), and no word that makes it a span ("10h of downtime", "at 2h intervals", "2h later").
_NOT_A_SPAN = (
    r"(?![\w:])(?!\s*(?:of|into|in|later|earlier|ago|after|before|long|mark|intervals?|each|"
    r"every|per)\b)"
)
_HOUR = r"(?:[01]?\d|2[0-3])"
_BARE_H = rf"{_HOUR}\s?h"
#: "at 10h CET", "since ~9h": a bare hour, the French way, after a word that places a time. Never
#: after "for", "took", "by" or "after", where it is as likely a span ("delayed by 2h").
_H_HOUR_PLACED = re.compile(
    rf"(?<![\w'\u2019])(?P<lead>(?:at|since|until|till|{_PLACED_ABROAD})\s+"
    rf"(?:{APPROXIMATE_WORD}\s*)?|(?:vers|por\s+volta\s+das)\s+)"
    rf"(?P<hour>{_HOUR})\s?h{_NOT_A_SPAN}",
    re.I,
)
#: "from 9h to 11:30", "between 9h and 10h CET": a window with a bare hour at one end. It is a
#: window of times only when the other end has its minutes or a zone follows: "from 2h to 4h"
#: alone may be a span that changed (a timeout raised), and is left unread.
_H_HOUR_WINDOW = re.compile(
    rf"\b(?P<lead>(?:from|between|de|entre|das|desde)\s+(?:{APPROXIMATE_WORD}\s*)?)"
    rf"(?P<first>{_BARE_H}(?![\w:])|\d{{1,2}}:\d{{2}}(?!\d))"
    rf"(?P<joint>\s*(?:to|and|until|till|-|\u2013|\u2014|{WINDOW_JOINERS_ABROAD})\s*)"
    rf"(?P<last>{_BARE_H}|\d{{1,2}}:\d{{2}}(?!\d)){_NOT_A_SPAN}",
    re.I,
)


def _as_clock(written: str) -> str:
    """A bare hour ("9h") as "9:00"; a time with its minutes as it is."""
    return f"{written[:-1]}:00" if written.lower().endswith("h") else written


def _h_window(match: re.Match[str]) -> str:
    """The window ``match`` with its bare hours as times, or as written when it may be spans."""
    first, last = match.group("first"), match.group("last")
    bare = [end for end in (first, last) if end.lower().endswith("h")]
    if not bare:
        return match.group(0)
    if len(bare) == 2:
        head = _ZONE_HEAD.match(match.string, match.end())
        if head is None or zone_in_phrase(head.group(1)) is None:
            return match.group(0)  # "from 2h to 4h": maybe two spans, not two times
    return f"{match.group('lead')}{_as_clock(first)}{match.group('joint')}{_as_clock(last)}"


def _h_clock_times(line: str) -> str:
    """``line`` with each "10h47" written "10:47", and a bare hour that is a time ("at 10h CET",
    "from 9h to 11h30") written "10:00", so that a sentence's time reads as one.

    A quoted line (a customer's mail, a pasted message) and inline code keep their words: what
    they quote is not the report's account of the incident. The line is read as a whole after
    this, so a bare hour made longer moves no offset that matters.
    """
    if line.lstrip().startswith(">"):
        return line
    parts = _INLINE_CODE.split(line)
    parts[::2] = [
        _h_hours(_H_CLOCK.sub(r"\1:\2", _H_CLOCK_SPACED.sub(r"\g<lead>\g<hour>:\g<minute>", part)))
        for part in parts[::2]
    ]
    return "".join(parts)


def _h_hours(text: str) -> str:
    """``text`` with its bare hours that are times ("at 10h", "from 9h to 11:30") as "10:00"."""
    text = _H_HOUR_WINDOW.sub(_h_window, text)
    return _H_HOUR_PLACED.sub(lambda m: f"{m.group('lead')}{m.group('hour')}:00", text)


#: The marks of a mail's quoted line, "> " or "> > ", and the text after them.
_QUOTE_MARKS = re.compile(r"^\s{0,3}(?P<marks>(?:>\s?)*)(?P<text>.*)$")

#: A window of times or days, "Between 10:05 and 11:10 UTC", "from 3 to 5 March": wherever a
#: line break falls inside it, the whole is needed to read it.
_WINDOW_ACROSS = re.compile(
    rf"\b(?:between|from)\s+[^.;!?]{{0,40}}?(?:{TIME}|{DATE}|\d{{1,2}}(?:st|nd|rd|th)?)"
    rf"[^.;!?]{{0,40}}?\s*(?:and|to|until|till|through|-|\u2013|\u2014)\s*(?:{TIME}|{DATE})",
    re.I,
)


#: A line that starts with a time, or a date and a time, is a row of its own, never the
#: rest of the line before: "10:40 The team rolled back ...", "**2024-05-02 10:40** ...".
_ROW_START = re.compile(rf"^[\s*_~\[(]*(?:{DATE}[\sT,]*)?(?:{TIME})(?!\d)", re.I)
#: A line whose last sentence is not finished: it ends with no full stop, question or
#: exclamation mark, colon or closing bracket after one.
_SENTENCE_GOES_ON = re.compile(r"[\w,;\u2013\u2014-]\s*$")
#: A time somewhere on a line: a sentence is read for an event only where it gives one, so
#: only lines with a time are joined and other paragraphs stay as they were read.
_TIMED_WORDS = re.compile(rf"(?<![\d.:]){TIME}(?![\d:])", re.I)


def _join_wrapped_lines(lines: list[tuple[int, str]]) -> list[_ProseLine]:
    """``lines`` with a line joined to the next where a window is wrapped between them
    ("Between 10:05 and" / "11:10 UTC, checkout requests failed"), or a sentence with a time
    ("At 10:40 UTC the team rolled back the" / "gateway config and errors cleared."), as
    hard-wrapped text and mail are written. The joined line keeps the number of its first
    line, and where each later line starts: a time read there is cited at its own line.
    A line that starts with a time is a row of its own and is never joined.

    Only a soft wrap inside one paragraph is joined: the next line must follow straight on,
    and be no list item (a new item is a new statement); headings, tables and blank lines
    are never among ``lines`` next to each other. Quoted mail ("> Between 10:05 and" /
    "> 11:10 UTC, ...") is read here as any prose is, so a wrap inside one quoted paragraph
    is joined too: the same depth of quoting, no blank quoted line between, and the next
    line's marks left out of the joined text.
    """
    out: list[_ProseLine] = []
    last = -1  # the number of the line last taken, which a wrap continues
    depth = ""  # the quote marks of the line last taken, without spaces
    for number, text in lines:
        quoted = _QUOTE_MARKS.match(text)
        assert quoted is not None  # every line matches: the marks may be none
        marks, words = quoted.group("marks").replace(" ", ""), quoted.group("text")
        if (
            out
            and number == last + 1
            and marks == depth
            and words.strip()
            and not _LIST_ITEM.match(words)
        ):
            head = _plain(out[-1].text)
            both = f"{head} {_plain(words)}"
            if any(m.start() < len(head) < m.end() for m in _WINDOW_ACROSS.finditer(both)) or (
                # A sentence that goes on over the break, where either line gives a time:
                # "At 10:40 UTC the team rolled back the" / "gateway config and errors
                # cleared" is one event; a line that starts with a time is a row of its own.
                _SENTENCE_GOES_ON.search(head)
                and (_TIMED_WORDS.search(head) or _TIMED_WORDS.search(_plain(words)))
                and not _ROW_START.match(_plain(words))
            ):
                out[-1] = out[-1]._replace(
                    text=f"{out[-1].text.rstrip()} {words.strip()}",
                    wraps=(*out[-1].wraps, (len(head) + 1, number)),
                )
                last = number
                continue
        out.append(_ProseLine(number, text))
        last, depth = number, marks
    return out


def _sentences_at(text: str) -> list[tuple[int, str]]:
    """:func:`split_sentences` of ``text``, each with where it starts in ``text``."""
    out: list[tuple[int, str]] = []
    position = 0
    for sentence in split_sentences(text):
        position = text.find(sentence, position)
        out.append((position, sentence))
        position += len(sentence)
    return out


#: "the next day", "the following morning": the day after the date carried so far.
_NEXT_DAY = re.compile(
    r"\b(?:the\s+)?(?:next|following)\s+(?:day|morning|afternoon|evening|night)\b|\btomorrow\b",
    re.I,
)
#: "on the 2nd": a day of the month carried so far.
_DAY_OF_MONTH = re.compile(r"\s*,?\s*on\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b", re.I)
#: A version number, never a date: "version 10.4.12", "v2.1.0".
_VERSION = re.compile(r"\b(?:v|version|release|build|firmware)\s*\d+(?:\.\d+)+", re.I)
#: What a time phrase may carry after it and still be its phrase: "the next day", "on the 2nd".
_PHRASE_TAIL = re.compile(
    r"\s*,?\s*(?:on\s+)?(?:the\s+)?(?:next|following)\s+(?:day|morning|afternoon|evening|night)\b"
    r"|\s*,?\s*on\s+the\s+\d{1,2}(?:st|nd|rd|th)\b",
    re.I,
)
#: A time that is a habit, not an event: "our 9:00 AM window is usually quiet", "runs at 02:00 every night".
_HABITUAL = re.compile(
    r"\b(?:usually|typically|generally|routinely|daily|nightly|weekly|"
    r"(?:every|each)\s+(?:day|night|morning|evening|week|weekday|hour|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)days)\b"
    # The same in the other languages windows are read in (Spanish, French, German, Portuguese;
    # Japanese, Korean and Chinese, written with no spaces around them).
    r"|\b(?:todos\s+los\s+d[ií]as|cada\s+(?:d[ií]a|noche)|diariamente|tous\s+les\s+(?:jours|soirs|matins)"
    r"|chaque\s+(?:jour|nuit|soir|matin)|quotidiennement|t[äa]glich|n[äa]chtlich|jeden\s+(?:tag|abend|morgen)"
    r"|jede\s+nacht|todos\s+os\s+dias|todas\s+as\s+noites)\b"
    r"|\u6bce\u65e5|\u6bce\u6669|\u6bce\u671d|\u6bce\u9031|\ub9e4\uc77c|\ub9e4\uc8fc|\u6bcf\u5929|\u6bcf\u665a|\u6bcf\u5468",
    re.I,
)
#: A window whose clause is the responders' work states no impact: "Between 10:40 and 11:20 AM,
#: the team tried several fixes"; "Between 14:52 and 15:58 UTC, some users could not push" does.
_RESPONDERS = re.compile(
    r"[^.;]{0,60}?(?:,\s*|\s+)(?:we|our\s+(?:team|engineers|on-?call\w*)|the\s+(?:team|on-?call\w*|"
    r"engineers?|operators?|responders?|incident\s+team)|engineers?|operators?|responders?)\b",
    re.I,
)
#: The same in the other languages windows are read in: "de 14:02 a 15:10 el equipo reinició
#: ...", "von 14:02 bis 15:10 Uhr hat das Team ...", "14:02から15:10まで、運用チームが ...".
_RESPONDERS_ABROAD = re.compile(
    r"[^.;\u3002]{0,60}?(?:\b(?:(?:el|nuestro)\s+equipo|nosotros|(?:los|nuestros)\s+ingenieros"
    r"|l['\u2019]\s*[ée]quipe|notre\s+[ée]quipe|nous|(?:les|nos)\s+ing[ée]nieurs|l['\u2019]astreinte"
    r"|wir|(?:das|unser)\s+team|die\s+bereitschaft|(?:die|unsere)\s+(?:techniker|ingenieure)"
    r"|(?:a|nossa)\s+equip[ea]|nós|(?:os|nossos)\s+engenheiros|o\s+plant[ãa]o)\b"
    # Japanese, Korean, Chinese: the team, the person in charge, we, the engineers, on call.
    r"|\u30c1\u30fc\u30e0|\u62c5\u5f53\u8005|\u6211\u3005|\u79c1\u305f\u3061|\u5f53\u756a"
    r"|\ud300|\uc6b0\ub9ac|\ub2f4\ub2f9\uc790|\ub2f9\uc9c1|\u56e2\u961f|\u6211\u4eec|\u503c\u73ed)",
    re.I,
)


def _responders_work(sentence: str, at: int) -> bool:
    """True when the clause after a window's start, at ``at``, is the responders' work."""
    return bool(_RESPONDERS.match(sentence, at) or _RESPONDERS_ABROAD.match(sentence, at))


#: Where a second time's clause begins in a sentence: "..., and at 4:30 PM we ...".
_CLAUSE_CUT = re.compile(r"[,;]\s*(?:(?:and|then|but)\s+)?|\s+(?:and|then)\s+", re.I)
#: The same cut left at the end of a clause.
_CLAUSE_BEFORE = re.compile(r"(?:[,;]\s*(?:and|then|but)?|\s+(?:and|then))\s*$", re.I)
#: A weekday that places a sentence's times: "On Tuesday at 07:58 UTC", "Tuesday morning".
#: Never a habit ("on Tuesdays", "every Tuesday") or a plan ("next Tuesday").
_WEEKDAY = re.compile(
    r"(?<!every )(?<!each )(?<!next )\b(?P<name>mon|tues|wednes|thurs|fri|satur|sun)day\b(?!s)",
    re.I,
)
#: The farthest an explicitly dated sentence may be from the incident's date and still tell of
#: it: "a similar fault on August 2nd, 2019" is history, not a row.
_HISTORY = dt.timedelta(days=31)


#: An impact told as a span of days: "Between October 9 and October 23, 2025, some uploads
#: failed", "From 3 to 5 March 2024 the sync job ...". The first day is a date or a bare day
#: of the last one's month.
_DAY_SPAN = re.compile(
    rf"\b(?:between|from)\s+(?:(?P<first>{DATE})|(?P<first_day>\d{{1,2}})(?:st|nd|rd|th)?)"
    rf"\s*(?:and|to|until|till|through|-|\u2013)\s*(?P<last>{DATE})(?![\w/:])",
    re.I,
)
#: A sentence about what the team means to do states no impact: "From 3 to 5 March we will
#: migrate the queue".
_PLAN = re.compile(
    r"\b(?:will|shall|we'll|plan(?:s|ned|ning)?|intend(?:s|ed)?|going\s+to|aims?\s+to)\b", re.I
)


def _day_span(ctx: _Context) -> tuple[dt.date, dt.date, int, str] | None:
    """The first span of days the text states the impact in, as (first day, last day, line,
    sentence); never the responders' work ("Between 3 and 5 March the team migrated ...")
    nor a plan, and only spans that run forward."""
    for prose_line in _prose_lines(ctx):
        for offset, sentence in _sentences_at(_plain(prose_line.text)):
            for match in _DAY_SPAN.finditer(sentence):
                if (
                    _PLAN.search(sentence)
                    or _RESPONDERS.match(sentence, match.end())
                    or _RESPONDERS.match(" " + sentence[: match.start()])
                ):
                    continue
                days = _span_days(
                    match, default_year=ctx.year, day_first=ctx.options.day_first, anchor=ctx.day
                )
                if days is not None:
                    where = prose_line.line_at(offset + match.start())
                    return days[0], days[1], where, sentence.strip()
    return None


def _span_days(
    match: re.Match[str],
    *,
    default_year: int | None,
    day_first: bool,
    anchor: dt.date | None = None,
) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a :data:`_DAY_SPAN` match, or None unless it runs forward.

    The year is often written once, at the end: "October 9 and October 23, 2025". A first
    day without a year of its own whose month is later than the last day's is in the year
    before ("Between December 28 and January 3, 2025"), since a span runs forward. With no
    year on either day, such a span is the one nearest ``anchor`` (the incident's day)."""
    last = read_date(match.group("last"), default_year=default_year, day_first=day_first)
    if last is None:
        return None
    if match.group("first_day"):
        first_day = _shift_day(last[0], int(match.group("first_day")))
        first = (first_day, last[1]) if first_day is not None else None
    else:
        first = read_date(match.group("first"), default_year=last[0].year, day_first=day_first)
        if first is not None and not first[1] and first[0].month > last[0].month:
            if not last[1] and anchor is not None:
                return _nearest_year_end_span(first[0], last[0], anchor)
            try:
                first = (first[0].replace(year=last[0].year - 1), False)
            except ValueError:  # 29 February in a year with none
                first = None
    if first is None or not first[0] < last[0]:
        return None
    return first[0], last[0]


def _span_midnight(
    ctx: _Context, day: dt.date, which: str, span: tuple[dt.date, dt.date, int, str]
) -> Noted[dt.datetime]:
    """Midnight of ``day`` (the span's ``which`` day) in the document's stated zone, else UTC:
    the day the authors give, without a time they do not give."""
    zone = ctx.zone if ctx.zone_stated else UTC
    return Noted(
        to_utc(day, dt.time(0, 0), zone),
        "guessed",
        f"no time; midnight {zone.label} of the {which} day of the span in line {span[2]} "
        f"{quote(span[3])}",
        span[2],
    )


#: An outage written as a line, as status pages and monthly summaries list them:
#: "October 29, 2024: 8:15am - 11:41am (3 hours 26 minutes)", "- 2024-10-29 08:15–11:41 UTC",
#: "Oct 29 8:15 AM PT – 11:41 AM PT". The date leads; the window follows it straight away.
_OUTAGE_LINE = re.compile(
    rf"^\s*(?:(?:[-*+]|\d{{1,3}}[.)])\s+)?(?P<date>{DATE})"
    r"(?:\s*[:,\u2013\u2014-]\s*|\s*,?\s+(?:at|from)\s+|\s+)"
    rf"(?P<start>{TIME})(?:\s*\(?(?P<zone1>{ZONE_TOKEN})\)?)?"
    rf"\s*(?:-|\u2013|\u2014|to|until|till)\s*(?P<end>{TIME})(?!\d|:\d)",
    re.I,
)
#: What may stand between an outage line's window and its zone: its length in brackets.
_LENGTH_IN_BRACKETS = re.compile(r"\s*\((?=[^)]*\d)[^)]{1,40}\)")


def _outage_line(
    ctx: _Context, number: int, text: str, spoken: tuple[Zone, int] | None
) -> tuple[Event, Event] | None:
    """The outage window a line such as "October 29, 2024: 8:15am - 11:41am (3 hours 26
    minutes)" states, as (start, end of impact), in the zone it names, else the document's,
    else the zone the text last gave; None for any other line."""
    match = _OUTAGE_LINE.match(text)
    if match is None:
        return None
    dated = read_date(match.group("date"), default_year=ctx.year, day_first=ctx.options.day_first)
    start_clock, end_clock = read_clock(match.group("start")), read_clock(match.group("end"))
    if dated is None or start_clock is None or end_clock is None:
        return None
    rest = _LENGTH_IN_BRACKETS.sub("", text[match.end() :], count=1)
    head = _ZONE_HEAD.match(rest)
    after = zone_in_phrase(head.group(1)) if head else None
    if head is not None and after is not None:
        rest = rest[head.end() :].lstrip(")")
    own = after or (find_zone(match.group("zone1")) if match.group("zone1") else None)
    inferred: list[str] = []
    if not dated[1]:
        inferred.append(f"the year {dated[0].year}, from {ctx.day_note}")
    zone = own
    if zone is None and not ctx.zone_stated and spoken is not None:
        zone = spoken[0]
        inferred.append(f"the zone {zone.label}, stated on line {spoken[1]}")
    used = zone or ctx.zone
    day = dated[0]
    start_local = dt.datetime.combine(day, start_clock)
    end_local = dt.datetime.combine(day, end_clock)
    if end_local < start_local:
        end_local += dt.timedelta(days=1)  # "23:40 - 00:25": the window crosses midnight
    # The words after the window and its zone tell what happened; none, the line itself.
    words = _LENGTH_IN_BRACKETS.sub("", rest).strip(" .:;,-\u2013\u2014")
    start = Event(
        to_utc(day, start_clock, used),
        words or text.strip(" -*+"),
        number,
        text[match.start("date") : match.end("start")].strip(" ,"),
        used,
        zone is not None or ctx.zone_stated,
        zone_note=used.season_note(start_local),
        inferred=tuple(inferred),
    )
    end = replace(
        start,
        at=to_utc(end_local.date(), end_clock, used),
        written=match.group("end"),
        zone_note=used.season_note(end_local),
    )
    return start, end


_WINDOW_END = re.compile(
    rf"\s*(?:and|to|until|till|-|\u2013|\u2014)\s*(?P<time>{TIME})(?!\d|:\d)", re.I
)


#: A bracket of a few words after a window's start, before its end: "from ~12:00 (maybe
#: before) to 17:55", "between 09:10 (first alert) and 09:52". It says something of the start
#: and gives no time of its own ("(14:00 UTC)" restating a time is read as a time).
_WINDOW_ASIDE = re.compile(
    r"\s*\((?P<words>\s*[^\W\d_]+(?:[\s,'-]+[^\W\d_]+){0,4}\s*)\)"
    r"(?=\s*(?:and|to|until|till|-|\u2013|\u2014)\s*\d)",
    re.I,
)
#: Words of such an aside that make the start a rough one: "maybe before", "possibly earlier".
_ROUGH_ASIDE = re.compile(
    r"\b(?:maybe|possibly|perhaps|probably|likely|or|if\s+not)\s+(?:a\s+bit\s+|slightly\s+)?"
    r"(?:before|earlier|sooner)\b|\b(?:approx\w*|roughly|estimated?|not\s+sure|unsure)\b",
    re.I,
)


def _window_aside(sentence: str, at: int) -> re.Match[str] | None:
    """The aside right after a window's start time ending at ``at``, or after that time's zone
    ("from 12:00 CEST (maybe before) to 17:55"), if there is one."""
    places = [at]
    head = _ZONE_HEAD.match(sentence, at)
    if head is not None and zone_in_phrase(head.group(1)) is not None:
        places.append(head.end())
    for place in places:
        found = _WINDOW_ASIDE.match(sentence, place)
        if found is not None:
            return found
    return None


def _window_end(
    sentence: str, at: int, day: dt.date, zone: Zone | None, ctx: _Context
) -> tuple[dt.datetime, dt.time, str] | None:
    """The end of a window whose start ends at ``at`` in ``sentence``: its UTC instant, its
    clock and its words, with a zone and a date of its own if it has them."""
    match = _WINDOW_END.match(sentence, at)
    clock = read_clock(match.group("time")) if match else None
    if match is None or clock is None:
        return None
    end = match.end()
    head = _ZONE_HEAD.match(sentence, end)
    own_zone = zone_in_phrase(head.group(1)) if head else None
    if own_zone is not None and head is not None:
        end = head.end()
    after = _DATE_AFTER.match(sentence, end)
    dated = (
        read_date(after.group("date"), default_year=ctx.year, day_first=ctx.options.day_first)
        if after
        else None
    )
    if after is not None and dated is not None:
        end = after.end()
    used = own_zone or zone or ctx.zone
    when = dated[0] if dated else day
    instant = to_utc(when, clock, used)
    return instant, clock, sentence[match.start("time") : end].strip(" ,")


def _shift_day(day: dt.date, number: int) -> dt.date | None:
    """``day`` moved to the ``number``-th of its month ("on the 2nd"), or None if there is none."""
    try:
        return day.replace(day=number)
    except ValueError:
        return None


_CJK_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _event_text(sentence: str, start: int, end: int, phrase_end: int, single: bool) -> str:
    """The words of one timed clause, ``sentence[start:end]``, without the time phrase that
    opens it ("At 9:37 AM PST on November 25th, an operator ..." is "An operator ...")."""
    clause = sentence[start:end]
    clause = _CLAUSE_BEFORE.sub("", clause.rstrip()).strip()
    if single and phrase_end > start:
        head = sentence[start:phrase_end]
        rest = clause[len(head) :] if clause.startswith(head) else ""
        rest = re.sub(r"^[\s,;:\u2013\u2014\uff0c\u3001\uff1a-]+", "", rest)
        # Chinese and Japanese words have no spaces between them: two of their letters are
        # words enough ("10:02，监控告警触发" is "监控告警触发").
        words = len(rest.split()) >= 2 or len(_CJK_LETTER.findall(rest)) >= 2
        if words and not _WINDOW_END.match(" " + rest):
            clause = rest[:1].upper() + rest[1:]
    return clause.strip()


def _day_is_stated(ctx: _Context) -> bool:
    """True when the incident's day comes from a field that states it ("Date: 11 March 2024"),
    not from a title, a publication date or the first date in the text."""
    return any(
        ctx.day_note.startswith(f"{value.label}: ")
        for key in _DAY_FIELDS
        if (value := ctx.doc.fields.get(key)) is not None
    )


def _on_impact_fact(ctx: _Context, line: int) -> bool:
    """True when ``line`` is the one the document's impact fact is written on."""
    impact = ctx.doc.fields.get("impact")
    return impact is not None and impact.line == line


def _lead_up_lines(ctx: _Context) -> set[int]:
    """The numbers of the lines under a "Leadup" section: what came before the incident."""
    return {number for section in ctx.doc.of_kind("leadup") for number, _ in section.lines()}


def _mark_lead_up(ctx: _Context, prose: _Prose, events: list[Event]) -> None:
    """Mark what the report tells as its lead-up, in ``prose`` and in the timeline ``events``
    (changed in place), so that it sets no key time.

    The lead-up section's own times are the lead-up. A timeline row is too when it comes no
    later than the last of them ("13 May 16:40 Validator deployed"), or when the lead-up is
    dated before the incident's own stated day and the row is dated before that day too ("13
    May 18:05 Warning ignored" in a report of 14 May): the report places it before the
    incident."""
    lead_up = _lead_up_lines(ctx)
    if not lead_up:
        return
    prose.events[:] = [replace(e, lead_up=True) if e.line in lead_up else e for e in prose.events]
    told = [e for e in prose.events if e.lead_up and not e.date_only]
    if not told:
        return
    last = max(told, key=lambda e: e.at)
    day_before = ctx.day_how == "found" and written_day(last) < ctx.day
    events[:] = [
        replace(e, lead_up=True)
        if e.at <= last.at or (day_before and written_day(e) < ctx.day)
        else e
        for e in events
    ]


def _read_prose(ctx: _Context, *, with_timeline: bool = False) -> _Prose:
    """Every time written in a sentence with a zone (or under a stated one): "At 10:02 EST the spike arrived".

    A time takes the date written next to it ("At 2017/01/31 6pm UTC", "at
    18:00 UTC on 31 January"), else the date of its sentence, else the last date
    written before it ("the next day" moves it on, "on the 2nd" keeps its month),
    else the incident's date; a time without a zone takes the document's stated
    zone, else the zone the text last gave a time in. Each such inference is kept
    on the event, for the draft to mark as a guess. Times that are a habit
    ("usually", "every night") and sentences dated more than a month from the
    incident (a past incident told as history) give no events. Times are not assumed
    to be told in order: a report goes back to the change that led to the impact.
    With ``with_timeline``, the timeline sections are read too (a "Timeline" told in
    sentences).
    """
    out = _Prose()
    day: dt.date | None = None
    day_line = 0  # the line the date carried so far was written on
    spoken: tuple[Zone, int] | None = None  # the zone the text last gave, and its line
    lead_up = _lead_up_lines(ctx)
    #: the date carried before the lead-up began: "On 13 May at 16:40 a change was deployed"
    #: dates the lead-up only; the sections after it go on from the incident's own date
    before_lead_up: tuple[dt.date | None, int] | None = None
    for prose_line in _prose_lines(ctx, with_timeline=with_timeline):
        number, line = prose_line.number, prose_line.text
        if number in lead_up and before_lead_up is None:
            before_lead_up = (day, day_line)
        elif number not in lead_up and before_lead_up is not None:
            (day, day_line), before_lead_up = before_lead_up, None
        listed = _outage_line(ctx, number, _plain(line), spoken)
        if listed is not None:
            # An outage written as a line: its window, and its start as a time of the text.
            out.state(listed)
            out.listed_lines.add(number)
            out.events.append(listed[0])
            if listed[0].zone_stated and not ctx.zone_stated:
                spoken = (listed[0].zone, number)
            day, day_line = listed[0].at.date(), number
            continue
        for offset, sentence in _sentences_at(_plain(line)):

            def line_of(at: int, offset: int = offset, joined: _ProseLine = prose_line) -> int:
                """The source line of ``sentence[at]``: a joined line's own part."""
                return joined.line_at(offset + at)

            began: Event | None = None  # "Incident began at ...", closed by "and ended at ..."
            found_day = find_date(
                _VERSION.sub("", sentence), default_year=ctx.year, day_first=ctx.options.day_first
            )
            if (
                found_day is not None
                and found_day[1]
                and ctx.day_how != "missing"
                and abs(found_day[0] - ctx.day) > _HISTORY
            ):
                continue  # "a similar fault on August 2nd, 2019": history, not this incident
            # "On Tuesday at 07:58 UTC": a weekday places the sentence's times when the text
            # gives a date to count from. A date carried from an earlier sentence is the
            # account so far, which moves forward; the document's date (a title's, a
            # publication date) is when it was written, after the incident.
            weekday: tuple[dt.date, str] | None = None
            named = _WEEKDAY.search(sentence) if found_day is None else None
            if (
                named is not None
                and _PROSE_TIME.search(sentence)
                and not _HABITUAL.search(sentence)
            ):
                written_day = quote(named.group(0))
                number = line_of(named.start())
                if day is not None:
                    when = weekday_date(named.group("name"), day, forward=True)
                    weekday = (
                        when,
                        f"{written_day} on line {number} read as {when:%Y-%m-%d}, the first "
                        f"{named.group(0).capitalize()} from the date of line {day_line} "
                        f"({day:%Y-%m-%d})",
                    )
                elif ctx.day_how != "missing":
                    # "Date: 11 March 2024" states the incident's day: the account goes on from
                    # it. A title's or a publication date is a date after the incident.
                    forward = _day_is_stated(ctx)
                    when = weekday_date(named.group("name"), ctx.day, forward=forward)
                    weekday = (
                        when,
                        f"{written_day} on line {number} read as {when:%Y-%m-%d}, the "
                        + ("first" if forward else "last")
                        + f" {named.group(0).capitalize()} "
                        + ("from" if forward else "up to")
                        + f" {ctx.day:%Y-%m-%d} (from {ctx.day_note})",
                    )
                else:
                    out.unplaced_weekdays.append((line_of(named.start()), named.group(0)))
            matches: list[tuple[re.Match[str], int, Event, bool]] = []
            window_end: dt.time | None = None
            for match in _PROSE_TIME.finditer(sentence):
                if match.group("lead_abroad"):
                    lead = _ABROAD_LEADS.get(match.group("lead_abroad").split()[0].lower(), "from")
                elif match.group("lead_window") is not None:
                    lead = "from"  # "14:02 から 15:10 まで": the window's first time
                elif match.group("lead_dated") is not None:
                    # "3月12日14:02に": the time the date before it places; "2024年3月12日 14:02
                    # から 15:10 まで": a window's first time.
                    ahead = _WINDOW_AFTER_TIMES.match(sentence, match.start("time"))
                    lead = "from" if ahead else "at"
                elif match.group("lead_opening") is not None:
                    lead = "at"  # "10:02，监控告警触发": the time that opens the sentence
                elif match.group("lead_placed"):
                    placed = " ".join(match.group("lead_placed").lower().split())
                    lead = _PLACED_ABROAD_LEADS.get(placed, "at")
                    if window_end is not None and read_clock(match.group("time")) == window_end:
                        continue  # "de 14:02 à 15:10": the end of the window just read
                else:
                    lead = (
                        match.group("lead") or _CJK_LEADS.get(match.group("lead_cjk") or "", "(")
                    ).lower()
                if lead == "on" and not match.group("date"):
                    continue  # "on 2 hosts": "on" places a time only with a date
                clock = read_clock(match.group("time"))
                if clock is None:
                    continue
                number = line_of(match.start())
                if lead == "(" and matches and not sentence[matches[-1][1] : match.start()].strip():
                    continue  # "at 9:00 AM on November 3 (14:00 UTC)": the same time restated
                if lead in ("until", "by", "and") and window_end == clock:
                    continue  # the end of the window just read: "from 10:00 until 12:30"
                stamp_end = match.end()
                rest = sentence[stamp_end:]
                # "from ~12:00 (maybe before) to 17:55 CEST": the aside is read past, as blanks.
                aside = _window_aside(sentence, stamp_end) if lead in ("between", "from") else None
                past_aside = sentence
                if aside is not None:
                    blanks = " " * (aside.end() - aside.start())
                    past_aside = sentence[: aside.start()] + blanks + sentence[aside.end() :]
                window = find_time_range(past_aside[match.start("time") :])
                if window is not None and window[0] != clock:
                    window = None
                zone = window[2] if window and window[2] else None
                if zone is None:
                    head = _ZONE_HEAD.match(rest)
                    zone = zone_in_phrase(head.group(1)) if head else None
                    if zone is None:
                        # "à 15h10 (heure de Paris)", "às 14h02 (horário de Brasília)": a zone
                        # named with its own word for time first, several words long.
                        head = _ZONE_NAMED_AFTER.match(rest)
                        zone = find_zone(head.group("zone")) if head else None
                    if zone is not None and head is not None:
                        stamp_end += head.end()
                if aside is not None:
                    stamp_end = max(stamp_end, aside.end())  # the aside belongs to the start
                inferred: list[str] = []
                if zone is not None:
                    spoken = (zone, number)
                elif not ctx.zone_stated:
                    if spoken is not None:
                        zone = spoken[0]
                        inferred.append(f"the zone {zone.label}, stated on line {spoken[1]}")
                    elif (window is None or not _on_impact_fact(ctx, number)) and (
                        not ctx.names_no_zone
                    ):
                        # A clock time alone may be anything: a schedule, a cron, a quote.
                        # In a source that gives no time a zone it is how every time is told:
                        # read in UTC under the same cues and exclusions, the zone a guess.
                        continue
                    elif ctx.names_no_zone and _in_quotes(sentence, match.start("time")):
                        continue  # 'wrote "down since 07:40?"': a message's words, not an event
                    # else the impact fact's own window ("约 17 分钟（21:14-21:31）"): a fact, read
                    # in the default zone like a "Start time: 21:14" field without one, and the
                    # draft says so (the event's zone is not stated).
                clause = sentence[max(0, match.start() - 60) : min(len(sentence), stamp_end + 60)]
                if _HABITUAL.search(clause):
                    continue  # "at 02:00 every night": a schedule, not an event
                near = match.group("date")
                if near is None:
                    after = _DATE_AFTER.match(sentence, stamp_end)
                    near = after.group("date") if after else None
                    if after is not None and near is not None:
                        stamp_end = after.end()
                dated = (
                    read_date(near, default_year=ctx.year, day_first=ctx.options.day_first)
                    if near
                    else None
                )
                tail = _PHRASE_TAIL.match(sentence, stamp_end)
                of_month = _DAY_OF_MONTH.match(sentence, stamp_end)
                # "the next day" in this time's clause: from the end of the time before it on.
                since = matches[-1][1] if matches else 0
                following = _PROSE_TIME.search(sentence, stamp_end)
                until = min(stamp_end + 40, following.start() if following else len(sentence))
                next_day = _NEXT_DAY.search(sentence[since:until])
                if dated is not None:
                    day, day_line = dated[0], number
                    if not dated[1]:
                        inferred.append(f"the year {day.year}, from {ctx.day_note}")
                elif of_month is not None and (day or ctx.day):
                    moved = _shift_day(day or ctx.day, int(of_month.group("day")))
                    if moved is not None:
                        day = moved
                        inferred.append(
                            f"{quote(of_month.group(0).strip(' ,'))} read as {day:%Y-%m-%d}"
                        )
                elif next_day is not None:
                    day = (day or ctx.day) + dt.timedelta(days=1)
                    day_line = number
                    inferred.append(f"{quote(next_day.group(0))} read as {day:%Y-%m-%d}")
                elif found_day is not None:
                    day, day_line = found_day[0], number
                    if not found_day[1]:
                        inferred.append(f"the year {found_day[0].year}, from {ctx.day_note}")
                elif weekday is not None:
                    day, day_line = weekday[0], number
                    inferred.append(weekday[1])
                elif day is not None:
                    inferred.append(f"the date of line {day_line} ({day:%Y-%m-%d})")
                else:
                    inferred.append(
                        f"the incident's date ({ctx.day:%Y-%m-%d}, from {ctx.day_note})"
                    )
                written_end = stamp_end
                if tail is not None:
                    stamp_end = tail.end()
                used = zone or ctx.zone
                when = day or ctx.day
                if (
                    zone is None
                    and ctx.names_no_zone
                    and ctx.day_how != "missing"
                    and abs((when - ctx.day).days) > 1
                ):
                    # A bare time, read only as a guess, on another day than the one the report
                    # is dated ("no syslog on 22 february from 00:30 until 21:40" in a report of
                    # 13 February): more likely an aside than the incident's course.
                    continue
                local = dt.datetime.combine(when, clock)
                at = to_utc(when, clock, used)
                start = match.start("date") if match.group("date") else match.start("approx")
                if start < 0:
                    start = match.start("time")
                event = Event(
                    at,
                    sentence.strip(),
                    number,
                    sentence[start:written_end].strip(" ,").removesuffix("."),
                    used,
                    zone is not None or ctx.zone_stated,
                    approximate=bool(match.group("approx") or match.group("ish"))
                    or lead == "around"
                    or bool(aside and _ROUGH_ASIDE.search(aside.group("words"))),
                    zone_note=used.season_note(local),
                    inferred=tuple(inferred),
                )
                matches.append((match, stamp_end, event, window is not None))
                if lead.split()[0] in ("began", "started", "beginning", "starting"):
                    began = event
                elif (
                    began is not None
                    and lead == "at"
                    and re.search(
                        r"\b(?:ended|ending|finished|recovered)\s*$", sentence[: match.start()]
                    )
                ):
                    # "Incident began at 06:48 and ended at 07:42": a window the authors state.
                    out.state((began, event))
                if window is None and lead in ("between", "from"):
                    # "Between 20:05 UTC on 2 June and 02:40 UTC on 3 June": dates inside the window.
                    closing = _window_end(sentence, written_end, when, zone, ctx)
                    if closing is not None:
                        window_end = closing[1]
                        if not _responders_work(sentence, match.end()):
                            out.state((event, replace(event, at=closing[0], written=closing[2])))
                        window = (clock, closing[1], None)
                elif window is not None and (
                    lead in ("between", "from")
                    # "Impact: writes stalled for 17 minutes (21:14-21:31)": the impact fact
                    # states its window in brackets.
                    or (lead == "(" and _on_impact_fact(ctx, number))
                ):
                    window_end = window[1]
                    if _responders_work(sentence, match.end()):
                        continue  # "Between 10:40 and 11:20 the team tried ...": no impact stated
                    end_local = dt.datetime.combine(when, window[1])
                    if end_local < local:
                        end_local += dt.timedelta(days=1)
                    end = replace(
                        event,
                        at=to_utc(end_local.date(), window[1], used),
                        written=f"{window[1]:%H:%M}",
                        approximate=False,
                        zone_note=used.season_note(end_local),
                    )
                    out.state((event, end))
            _add_relative_times(sentence, line_of, matches, out.events)
            # Each time tells the clause it opens: "At 1:15 PM we found it, and at 4:30 PM we ...".
            starts = [0]
            for index in range(1, len(matches)):
                previous_end, here = matches[index - 1][1], matches[index][0].start()
                cuts = list(_CLAUSE_CUT.finditer(sentence, previous_end, here))
                starts.append(cuts[-1].end() if cuts and previous_end < here else here)
            for index, (match, stamp_end, event, is_window) in enumerate(matches):
                start = starts[index]
                stop = starts[index + 1] if index + 1 < len(matches) else len(sentence)
                opens = not sentence[start : match.start()].strip(" ,;")
                text = _event_text(sentence, start, stop, stamp_end, opens and not is_window)
                text = text or sentence.strip()
                out.events.append(replace(event, text=text[:1].upper() + text[1:]))
    return out


#: A time told from the one before it: "About 20 minutes later", "roughly 15 minutes after
#: that", "an hour later", "Half an hour afterwards". Never "20 minutes after the deploy" (a
#: time counted from something else) nor "20 minutes later than planned".
_RELATIVE_TIME = re.compile(
    r"\b(?P<approx>(?:about|around|roughly|approximately|some|nearly|almost|just\s+over|"
    r"just\s+under)\s+)?(?P<amount>\d{1,3}|an?|half\s+an)\s+(?P<unit>min(?:ute)?s?|hours?|hrs?)\s+"
    r"(?:later|after\s+(?:that|this)|afterwards?)\b(?!\s+than\b)",
    re.I,
)


def _add_relative_times(
    sentence: str,
    line_of: Callable[[int], int],
    matches: list[tuple[re.Match[str], int, Event, bool]],
    before: list[Event],
) -> None:
    """Add to ``matches``, in their place in ``sentence``, each time the sentence tells from
    the time told just before it ("About 20 minutes later the alert paged ..."): that time
    plus the span, marked approximate when the words say so and inferred in any case."""
    for found in _RELATIVE_TIME.finditer(sentence):
        earlier = [m for m in matches if m[0].start() < found.start()]
        anchor = earlier[-1][2] if earlier else (before[-1] if before else None)
        if anchor is None:
            continue  # nothing told before it to count from
        amount = found.group("amount").lower()
        count = 0.5 if amount.startswith("half") else 1.0 if amount in ("a", "an") else int(amount)
        unit = (
            dt.timedelta(hours=1)
            if found.group("unit").lower().startswith("h")
            else dt.timedelta(minutes=1)
        )
        written = found.group(0)
        number = line_of(found.start())
        event = replace(
            anchor,
            at=anchor.at + unit * count,
            text=sentence.strip(),
            line=number,
            written=written,
            approximate=anchor.approximate or bool(found.group("approx")),
            inferred=(
                f"{quote(written)} on line {number} counted from the time before it, "
                f"{anchor.written} (line {anchor.line})",
            ),
        )
        matches.append((found, found.end(), event, False))
    matches.sort(key=lambda m: m[0].start())


#: Windows of impact this close are the same incident's impact coming back, not another incident.
_RECURRENCE = dt.timedelta(days=1)


def _recurrences(
    first: tuple[Event, Event],
    others: list[tuple[Event, Event]],
    listed: set[int] | frozenset[int] = frozenset(),
) -> list[tuple[Event, Event]]:
    """The windows of the impact ``first`` belongs to, in order: each starts within a day of the
    end of the one before ("impact returned the next morning"). Windows farther apart are
    other incidents (a monthly report's), as are outages written each on a line of its own
    (lines ``listed``): a list of outages, however close, never tells that impact returned."""
    if first[0].line in listed:
        return [first]
    windows = sorted(
        [first, *(w for w in others if w[0].line not in listed)], key=lambda w: w[0].at
    )
    index = windows.index(first)
    low = high = index
    while low > 0 and windows[low][0].at - windows[low - 1][1].at <= _RECURRENCE:
        low -= 1
    while high + 1 < len(windows) and windows[high + 1][0].at - windows[high][1].at <= _RECURRENCE:
        high += 1
    return windows[low : high + 1]


#: How directly the source gives a timeline key: a field beats a stated measure, which
#: beats a guess from wording.
_HOW_RANK = {"found": 3, "derived": 2, "guessed": 1, "missing": 0}


#: A measure told roughly: "~2 hours", "about 90 minutes", "roughly 1h", "over 3 hours",
#: "1-2 hours". Counted from the start it lands only near the end; see ``measured``.
_ROUGH_MEASURE = re.compile(
    rf"{APPROXIMATE_WORD}|\b(?:nearly|almost|some|over|under|more than|less than|at least|up to|"
    r"estimated|est\.)\s*(?=\d)|\d\+|ish\b"
    r"|\b\d+\s*(?:-|\u2013|to)\s*\d+\s*(?:h|hrs?|hours?|mins?|minutes?|d|days?)\b",
    re.I,
)
#: A measure that adds up several windows: "across four incidents", "combined", "in total over
#: three outages".
_SUMMED = re.compile(
    r"\b(?:across|over|for|in|during)\s+(?:the\s+)?(?:\w+\s+)?(?:incidents|outages|events|occurrences)\b"
    r"|\b(?:combined|cumulative(?:ly)?|summed)\b",
    re.I,
)


#: A length told in a sentence in whole half hours is a rounded one.
_ROUND_IN_PROSE = dt.timedelta(minutes=30)
#: Fields that state the incident's or the impact's length: when one is given, it is the
#: authors' measure, and a length told in a sentence is not read.
_LENGTH_FIELDS = ("duration", "impact_duration", "ttr", "window", "impact_window")
#: Sections that tell what happened, where a sentence's length is the impact's. Not the
#: cause, the lessons or what went well ("we avoided a two-hour outage"), nor detection
#: ("down for 5 minutes before the alert"), whose lengths are of something else.
_LENGTH_SECTIONS = ("summary", "impact", "details", "resolution", "extra", "timeline")
#: A sentence whose length is not this impact's: what might have been ("would have been
#: down for hours"), an earlier incident ("last year's outage lasted 4 hours"), or a time up
#: to a later moment ("had been failing for 20 minutes when the alert fired").
_NOT_THIS_LENGTH = re.compile(
    r"\b(?:would|could\s+have|might|if|had\s+been|last\s+(?:year|month|week|time)|previous|"
    r"similar|earlier\s+(?:incident|outage)s?)\b",
    re.I,
)
#: "for 20 minutes when the alert fired", "by the time we noticed": a length up to a moment.
_UP_TO_A_MOMENT = re.compile(r"\s*,?\s*(?:when|by\s+the\s+time)\b", re.I)
#: A length the sentence gives the incident as a whole ("the incident lasted 3 hours", "a
#: 3-hour incident"): a bare "Duration", not the impact's.
_WHOLE_INCIDENT_BEFORE = re.compile(
    r"\bincident,?\s+(?:\w+,?\s+){0,2}?(?:lasted|lasting|went\s+on)\s+(?:for\s+)?$", re.I
)
_WHOLE_INCIDENT_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?incident\b", re.I)
#: The phases of a response whose end a length may run up to and still be the impact's own
#: ("failed for 47 minutes until the rollback"); a length up to detection is not.
_IMPACT_ENDS = ("the rollback", "the failover", "the restart", "the fix", "mitigated", "resolved")


def _paragraphs(ctx: _Context, *, with_timeline: bool) -> list[_ProseLine]:
    """The paragraphs of the sections that tell what happened (and of the text above the
    first section), each as one line that keeps where its lines start: a sentence may wrap
    anywhere. List items, quoted lines, tables, headings and code are left out."""
    first_section = ctx.doc.sections[0].blocks[0].line if ctx.doc.sections else 10**9
    lines = [(n, t) for n, t in ctx.doc.prose if n < first_section and n != ctx.doc.title_line]
    for section in ctx.doc.sections:
        if section.kind not in _LENGTH_SECTIONS or (
            section.kind == "timeline" and not with_timeline
        ):
            continue
        lines += section.lines()
    out: list[_ProseLine] = []
    fence = False
    last = -1
    for number, text in lines:
        stripped = text.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or not stripped or stripped.startswith(("|", "#", ">", "<!--")):
            continue
        if out and number == last + 1 and not _LIST_ITEM.match(text):
            head = _plain(out[-1].text)
            out[-1] = out[-1]._replace(
                text=f"{out[-1].text.rstrip()} {stripped}",
                wraps=(*out[-1].wraps, (len(head) + 1, number)),
            )
        elif not _LIST_ITEM.match(text):
            out.append(_ProseLine(number, text))
        last = number
    return out


def _lengths_in_sentences(ctx: _Context, *, with_timeline: bool) -> dict[str, FieldValue]:
    """The first length a sentence gives the impact ("The outage lasted 47 minutes",
    "Checkout was unavailable for about two hours", "For roughly 90 minutes, uploads
    failed"), as an ``impact_duration`` field holding its words, and the first it gives the
    incident ("The incident lasted 3 hours") as a ``duration``; each field's label is the
    sentence. Read only when the source states no length field: a field is the authors'
    measure. The sentences are the ones the linter checks a summary's length in, so that
    the two read them alike: lengths of other things ("the migration took 3 hours", "a
    30-minute window", "a TTL of 5 minutes", "we spent two hours debugging") are none."""
    if any(name in ctx.doc.fields for name in _LENGTH_FIELDS):
        return {}
    out: dict[str, FieldValue] = {}
    for paragraph in _paragraphs(ctx, with_timeline=with_timeline):
        for offset, sentence in _sentences_at(_plain(paragraph.text)):
            if _NOT_THIS_LENGTH.search(sentence):
                continue
            for told in stated_durations(sentence):
                end = told.start + len(told.text)
                if told.clock is not None:
                    continue  # a range of times: a window, read as one elsewhere
                if told.phase is not None and not (
                    told.phase.step == "started"
                    or (not told.phase.after and told.phase.step in _IMPACT_ENDS)
                ):
                    continue  # "for 20 minutes after the rollback": a phase's length
                if _UP_TO_A_MOMENT.match(sentence, end):
                    continue
                whole = _WHOLE_INCIDENT_BEFORE.search(
                    sentence[: told.start]
                ) or _WHOLE_INCIDENT_AFTER.match(sentence, end)
                name = "duration" if whole else "impact_duration"
                # "45-minute": the words as a measure reads them.
                words = re.sub(r"(?<=\d)-(?=[a-z])", " ", told.text)
                line = paragraph.line_at(offset + told.start)
                out.setdefault(name, FieldValue(words, line, sentence.strip()))
    return out


def _strength(key: str, stamp: Noted[dt.datetime]) -> tuple[int, int]:
    """How much to trust a key's value when two keys conflict in order: by how it was read,
    then, between two guesses, ``acknowledged`` (a guess from words such as "investigation
    started", which also come after the end of impact) gives way to the others."""
    return _HOW_RANK.get(stamp.how, 0), int(key != "acknowledged")


def _written_day(moment: Noted[dt.datetime], events: list[Event], zone: Zone) -> dt.date:
    """The calendar day the source gives ``moment`` on: that of its row when it is one (a row
    with a date only sits at midnight UTC of its day), else that of the source's zone."""
    rows = [e for e in events if e.at == moment.value]
    row = next((e for e in rows if e.line == moment.line), rows[0] if rows else None)
    if row is not None:
        return written_day(row)
    return moment.value.astimezone(zone.tz).date()


def _timeline_keys(ctx: _Context, events: list[Event]) -> dict[str, Noted[dt.datetime]]:
    """The five timeline keys, each from the most direct evidence the source gives.

    In order of trust: a field naming the key ("Detected: 14:08 PDT"); a
    stated measure ("Time to detection: 54 hours" from the start); the
    wording of a timeline event ("Pager fires"); an ambiguous "Duration" or
    time window. Then the format's order is enforced.
    """
    chosen: dict[str, Noted[dt.datetime]] = {}
    #: keys read from a time the source writes without a date, with the words
    undated: dict[str, str] = {}
    for key in KEYS:
        value = ctx.doc.fields.get(key)
        moment = _moment_of(value.value, ctx, value.line) if value else None
        if moment is None:
            raw = _fm(ctx, key, f"{key}_at")
            moment = _moment_of(raw, ctx) if raw is not None else None
        if moment is not None:
            chosen[key] = _timed(moment, "found", "")
            if not moment.dated:
                undated[key] = _field_text(ctx, key) if value else f"{key} in the frontmatter"

    # A stated window: "Duration: 1h 35min (10:05 - 11:40 UTC)".
    window_end: tuple[str, Noted[dt.datetime]] | None = None
    for name, end_key in (
        ("window", "resolved"),
        ("impact_window", "mitigated"),
        ("duration", "resolved"),
        ("impact_duration", "mitigated"),
        ("date", "resolved"),
    ):
        value = ctx.doc.fields.get(name)
        window = find_time_range(value.value) if value else None
        if value is None or window is None:
            continue
        start_clock, end_clock, zone = window
        used = zone or ctx.zone
        # "Start–End: 2024-08-19 14:02 → 14:37 PT" dates its own window.
        dated = find_date(value.value, default_year=ctx.year, day_first=ctx.options.day_first)
        day = dated[0] if dated is not None and dated[1] else ctx.day
        start = to_utc(day, start_clock, used)
        end = to_utc(day, end_clock, used)
        if end < start:
            end += dt.timedelta(days=1)
        said = f"the window in {quote(_field_text(ctx, name))}"
        stated = zone is not None or ctx.zone_stated
        chosen.setdefault(
            "started", _timed(_Moment(start, "", used, stated, value.line), "guessed", said)
        )
        window_end = (
            end_key,
            _timed(_Moment(end, "", used, stated, value.line), "guessed", said),
        )
        break

    prose = ctx.prose = _read_prose(ctx, with_timeline=not events)
    _mark_lead_up(ctx, prose, events)
    #: the end of the last window when the impact came back: the incident's resolution
    last_window: Event | None = None
    if prose.window is not None and prose.other_windows:
        windows = _recurrences(prose.window, prose.other_windows, prose.listed_lines)
        apart = [w for w in prose.other_windows if w not in windows]
        if len(windows) > 1:
            # "Impact returned between 09:05 and 11:20 UTC the next day": one incident whose
            # impact ended, then came back. It was first mitigated when the first window
            # ended; it was over when the last one did.
            prose.window = windows[0]
            last_window = windows[-1][1]
            said = (
                f"the source states {len(windows)} windows of impact, each starting within "
                f"{_RECURRENCE.days} day of the one before (lines "
                + ", ".join(
                    f"{start.line} ({start.at:%Y-%m-%d %H:%M}-{end.at:%H:%M} UTC)"
                    for start, end in windows
                )
                + "): the impact came back; timeline.mitigated is the end of the first window and "
                "timeline.resolved the end of the last, unless the source says otherwise; check "
                "them and tell the windows apart in the summary"
            )
            ctx.notes.append(said)
            ctx.body_todos.append(said)
        if apart:
            # "Availability report: July": one document, an incident per heading. One draft
            # holds one incident; the others must not vanish without a word.
            lines = ", ".join(str(start.line) for start, _ in apart)
            ctx.separate_windows = [prose.window[0].line, *(start.line for start, _ in apart)]
            said = (
                f"the source states {len(apart) + 1} separate impact windows (lines "
                f"{prose.window[0].line}, {lines}): it may report several incidents; this draft is "
                f"the first one's; split the source into one file per incident to import the others"
            )
            ctx.notes.append(said)
            ctx.body_todos.append(said)
    #: what the start's TODO says when the source may tell of incidents on several days
    several_days = ""
    opening_days = [] if events or ctx.separate_windows else _days_opening_paragraphs(ctx)
    days = sorted({day for _, day in opening_days})
    # Days whose sentences give a time: an account of one long incident times each of its
    # days ("On November 14 at 15:02 UTC ingestion was healthy again"); a report of a period
    # dates its incidents and times few of them. A UTC date may be the day before the one
    # written ("1AM SAST"), hence the day after each too.
    timed_days = {e.at.date() + dt.timedelta(days=d) for e in prose.events for d in (0, 1)}
    if (
        len(days) >= _SEVERAL_DAYS
        and days[-1] - days[0] > dt.timedelta(days=1)
        and not set(days) <= timed_days
    ):
        # "On 11 April 2026, ...", "On 13 April 2026, ...", "On 23 April 2026, ...": a
        # report of a period told a day per paragraph. One draft holds one incident; the
        # author must know the times read are one day's before trusting them.
        told = ", ".join(str(line) for line, _ in opening_days)
        several_days = f"{len(days)} days dated at the start of paragraphs, lines {told}"
        said = (
            f"the source has no timeline and dates events on {len(days)} different days from "
            f"{days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d} at the start of its paragraphs (lines "
            f"{told}): it may report several incidents; this draft's times are read "
            "from one of them; split the source into one file per incident, or choose the "
            "incident this draft is of and set its times"
        )
        ctx.notes.append(said)
        ctx.body_todos.append(said)
    for line, name in prose.unplaced_weekdays:
        said = (
            f"line {line} places times on {quote(name)}, but the source gives no date to count "
            f"that day from: the date of those times is not known (here from {ctx.day_note}); "
            "set it by hand"
        )
        ctx.notes.append(said)
        ctx.body_todos.append(said)
    # Without a timeline, times written in sentences are the timeline.
    picks = pick_keys(events or prose.events)
    place = "the timeline" if events else "the text"
    if events and "detected" not in picks and "started" in picks:
        # "We were alerted at 06:52 PDT" in a sentence: detection the timeline does not give.
        from_text = pick_keys(
            [
                picks["started"].event,
                *(e for e in prose.events if e.at >= picks["started"].event.at),
            ]
        ).get("detected")
        if from_text is not None:
            picks["detected"] = Pick(from_text.event, from_text.why + " in the text")
    if not events and "started" in picks and tells_recovery(picks["started"].event.text):
        # "The site came back online on 2017/02/01 at 6:14pm UTC" ends the impact: when the
        # earliest time in the text is a recovery, the text gives no start.
        recovery = picks.pop("started").event
        ctx.notes.append(
            f"line {recovery.line} {quote(_plain(recovery.text))} tells of a recovery and is the "
            "earliest time in the text: not read as the start"
        )
    if prose.window is not None:
        impact_start, impact_end = prose.window
        timed = [e for e in events if not e.date_only]
        # "Between 14:02 and 14:50 UTC, payments were slow": the authors' own statement of the
        # impact beats the first row, which may be the change that led to it.
        if not timed or impact_start.at <= max(e.at for e in timed):
            picks["started"] = Pick(impact_start, "the impact window the source states")
        if "mitigated" not in chosen:
            chosen["mitigated"] = _from_event(
                Pick(impact_end, "end of the impact window the source states")
            )
    if events and prose.window is None and "started" in picks and "started" not in chosen:
        # "## Stats" with "Time to detection: 5 minutes": counted from the team's start.
        # Not a length told in a sentence: a summary counts the impact from its first
        # failure, not from the row a team counts its measures from.
        measures = [
            (_field_text(ctx, name), length)
            for name in ("ttd", "impact_duration", "ttr")
            if (value := ctx.doc.fields.get(name)) is not None
            and (length := parse_duration(value.value)) is not None
        ]
        if measures:
            picks["started"] = start_from_measures(events, picks["started"], measures)
        # "Time to detection: 11 days" counted from "2024-03-02 - Export jobs start failing",
        # a row with only a date before the first timed one (an alert that tells impact too):
        # a measure in days counts from a day, and the day it lands from is the start.
        day_measures = [
            (_field_text(ctx, name), key, length.days)
            for name, key in (
                ("ttd", "detected"),
                ("impact_duration", "mitigated"),
                ("ttr", "resolved"),
            )
            if (value := ctx.doc.fields.get(name)) is not None
            and in_whole_days(value.value)
            and (length := parse_duration(value.value)) is not None
        ]
        from_a_day = start_from_day_measures(events, picks["started"], day_measures)
        if from_a_day is not None:
            picks["started"] = from_a_day
    date_value = ctx.doc.fields.get("date")
    #: the span of days the text states the impact in, when nothing gives its times
    day_span: tuple[dt.date, dt.date, int, str] | None = None
    #: the start is a day without a time (midnight as a guess), no moment to count from
    start_is_a_day = False
    #: keys other than the start held at a day's midnight, the source giving no time of day
    days_only: set[str] = set()
    if "started" not in chosen:
        date_moment = _moment_of(date_value.value, ctx, date_value.line) if date_value else None
        if "started" in picks:
            chosen["started"] = _from_event(picks["started"], place)
            # "2024-03-02 | Export jobs start failing": a row with a date only sits at a
            # midnight nobody wrote.
            start_is_a_day = picks["started"].event.date_only
        elif date_moment is not None:
            chosen["started"] = _timed(
                date_moment, "guessed", f"from {quote(_field_text(ctx, 'date'))}"
            )
        elif (span := _day_span(ctx)) is not None:
            # "Between October 9 and October 23, 2025, some uploads failed": with no time in the
            # rows, the days the authors give are the nearest thing to the impact's start.
            day_span = span
            start_is_a_day = True
            chosen["started"] = _span_midnight(ctx, span[0], "first", span)
        else:
            start_is_a_day = True
            # Only a date: midnight UTC of that date keeps the date a reader knows.
            midnight = dt.datetime.combine(ctx.day, dt.time(0, 0), tzinfo=dt.timezone.utc)
            how: How = "missing" if ctx.day_how == "missing" else "guessed"
            chosen["started"] = Noted(
                midnight,
                how,
                f"no start time; midnight UTC of the date from {ctx.day_note}",
                date_value.line if date_value else None,
            )

    def measured(key: str, name: str, base: str, told: FieldValue | None = None) -> None:
        """``key`` as ``base`` plus the length the field ``name`` states, or ``told`` in a
        sentence (see :func:`_lengths_in_sentences`), read by the same rules."""
        value = told or ctx.doc.fields.get(name)
        if key in chosen or value is None:
            return
        # Where the length is written, as the notes name it.
        source = f"the sentence {quote(told.label)}" if told else quote(_field_text(ctx, name))
        if _SUMMED.search(value.value):
            # "Over 14 hours across four incidents": several windows added up, counted from
            # no one moment; from the start it would land in the middle of nothing.
            ctx.notes.append(
                f"{source} (line {value.line}) adds up several incidents: not counted from {base}"
            )
            return
        length = parse_duration(value.value)
        if length is None and told is None:
            moment = _moment_of(value.value, ctx, value.line)
            if moment is not None:
                chosen[key] = _timed(moment, "guessed", f"from {source}")
                if not moment.dated:
                    undated[key] = _field_text(ctx, name)
            return
        if length is None:
            return
        origin = chosen.get(base)
        if origin is not None and base in days_only:
            # "Time to acknowledge: 20 minutes" from a detection the source dates to a day
            # only: counted from its midnight, a guess, it gives a time nobody wrote.
            said = (
                f"left out timeline.{key} = {base} + {source} (line {value.line}): "
                f"timeline.{base} is a day only (midnight UTC as a guess, its time of day "
                "unknown), and a length counted from it gives no time; set it by hand"
            )
            ctx.notes.append(said)
            ctx.left_out.append(said)
            return
        if (
            origin is not None
            and base == "started"
            and start_is_a_day
            and name in ("duration", "impact_duration")
            and not in_whole_days(value.value)
        ):
            # "Duration: about 2 hours" from a start that is only a date: its midnight is a
            # guess, and a length counted from a guess is no time anyone wrote. (A measure in
            # whole days still tells a day, below, as does a team's time to detection or
            # resolution, whatever its unit.)
            said = (
                f"left out timeline.{key} = {base} + {source} (line {value.line}): the start "
                "is a date only (midnight UTC as a guess), and a length counted from a guessed "
                "midnight gives no time; set it by hand"
            )
            ctx.notes.append(said)
            ctx.left_out.append(said)
            return
        going = last_row_still_going(events)
        rough = bool(_ROUGH_MEASURE.search(durations_in_digits(value.value))) or (
            # "could not be printed for an hour", "down for two hours": prose rounds to the
            # hour or half hour where a field measures.
            told is not None and not length % _ROUND_IN_PROSE
        )
        if told is not None and origin is not None and key in picks:
            # A length in a sentence is the authors' wording, not a measure they wrote down,
            # and may count from a later moment than a start read from a row of lead-up
            # ("failed for 35 minutes" after "Sale banner goes live"): the row that tells the
            # key is kept, exact length or not. The sentence stays in the body, where the
            # summary-duration lint rule compares it with the draft's times.
            return
        if (
            origin is not None
            and key in ("mitigated", "resolved")
            and going is not None
            and origin.value + length < going.at
            and rough
        ):
            # "Duration: ~2 hours" from 19:00, with rows telling the failure at 21:15: a rough
            # number cannot end the impact before a row the authors wrote while it went on.
            # The rows are stated, the measure rounded: the key is left to the rows.
            said = (
                f"left out timeline.{key} = {base} + {source} (line "
                f"{value.line}, {origin.value + length:%Y-%m-%d %H:%M} UTC): a rough measure that "
                f"falls before line {going.line} {quote(_plain(going.text))}, a row that tells "
                "the problem still going on"
            )
            ctx.notes.append(said)
            ctx.left_out.append(said)
            return
        ended = row_telling_end(events)
        if (
            origin is not None
            and key in ("mitigated", "resolved")
            and rough
            and ended is not None
            and ended.at >= origin.value
            and origin.value + length != ended.at
        ):
            # "Duration: roughly 3 hours" from 09:10, with a row "Service restored" at 11:40: the
            # authors wrote down when impact ended; a rounded length lands only near it, and
            # must not move the end before or beyond it. The key is left to the rows.
            said = (
                f"left out timeline.{key} = {base} + {source} (line "
                f"{value.line}, {origin.value + length:%Y-%m-%d %H:%M} UTC): a rough measure that "
                f"disagrees with line {ended.line} {quote(_plain(ended.text))} "
                f"({ended.at:%Y-%m-%d %H:%M} UTC), the row that tells the end; the rows are kept"
            )
            ctx.notes.append(said)
            ctx.left_out.append(said)
            return
        whole_days = in_whole_days(value.value)
        # "Time to detection: 11 days 8 hours" from a start that is only a date: the hours
        # count from a midnight nobody wrote, so the measure tells the day and no time.
        from_a_day = base == "started" and start_is_a_day and not whole_days
        if origin is not None and key != "acknowledged" and (whole_days or from_a_day):
            # "Time to detection: 11 Days" tells the day, not the time: from a start written
            # with a date only it lands at midnight. The one row on that day that can be the
            # key (an alert or report; a recovery or closing) gives its time.
            day = _written_day(origin, events, ctx.zone) + dt.timedelta(days=length.days)
            row, count = one_row_on_day(events, day, key, since=origin.value)
            said = f"the day of {base} + {quote(_field_text(ctx, name))} (line {value.line})"
            if from_a_day:
                said += (
                    ", its hours left out: counted from a date-only start (a guessed midnight) "
                    "they give no time"
                )
            if row is not None:
                kind = "alert or report" if key == "detected" else "recovery or closing"
                chosen[key] = Noted(
                    row.at,
                    "guessed",
                    f"{said}, at the time of line {row.line} {quote(_plain(row.text))}, the one "
                    f"{kind} row on {day:%Y-%m-%d}",
                    row.line,
                )
            else:
                # No row, or several, to take the time from: the day is all the measure says.
                days_only.add(key)
                chosen[key] = Noted(
                    origin.value + dt.timedelta(days=length.days),
                    "guessed",
                    f"{said}: "
                    + ("a measure in days gives" if whole_days else "it gives")
                    + " the day only, and "
                    + ("no row" if count == 0 else f"{count} rows")
                    + f" on {day:%Y-%m-%d} could give its time",
                    value.line,
                )
            return
        if origin is not None and rough and key in ("mitigated", "resolved"):
            # No row tells when impact ended: the rounded length is the only end there is,
            # kept as a guess for the author to check.
            chosen[key] = Noted(
                origin.value + length,
                "guessed",
                f"{base} + {source} (line {value.line}), a rough measure: "
                "no row tells when impact ended",
                value.line,
            )
        elif origin is not None:
            chosen[key] = Noted(
                origin.value + length,
                "derived",
                f"{base} + {source} (line {value.line})",
                value.line,
            )

    # Measures named for one key are the authors' own numbers: they beat wording.
    measured("detected", "ttd", "started")
    measured("acknowledged", "tta", "detected")
    measured("mitigated", "impact_duration", "started")
    measured("resolved", "ttr", "started")
    # "The outage lasted 47 minutes": the impact's length told in a sentence, read as the
    # field that names it when the source states no length field. Counted from a start that
    # is only a day's midnight, it would give a time nobody wrote.
    told_lengths = {} if start_is_a_day else _lengths_in_sentences(ctx, with_timeline=not events)
    if "impact_duration" in told_lengths:
        measured("mitigated", "impact_duration", "started", told_lengths["impact_duration"])
    impact = first_impact(events)
    for key in ("mitigated", "resolved"):
        stamp = chosen.get(key)
        if (
            impact is not None
            and stamp is not None
            and stamp.how == "derived"
            and stamp.value < impact.at
        ):
            # A measure counted from a row before the impact: "upgrade commenced" + 5 minutes.
            said = (
                f"left out timeline.{key} = {stamp.note} ({stamp.value:%Y-%m-%d %H:%M} UTC): it "
                f"falls before line {impact.line}, the first row that tells impact"
            )
            ctx.notes.append(said)
            ctx.left_out.append(said)
            del chosen[key]
    for key in KEYS[1:]:
        if key not in chosen and key in picks:
            chosen[key] = _from_event(picks[key], place)
    if day_span is not None and "mitigated" not in chosen:
        chosen["mitigated"] = _span_midnight(ctx, day_span[1], "last", day_span)
    if last_window is not None and "resolved" not in chosen:
        closed = picks.get("resolved")
        if closed is None or closed.event.at < last_window.at:
            chosen["resolved"] = _from_event(
                Pick(last_window, "end of the last impact window the source states")
            )
    fixed = ctx.doc.fields.get("fixed")
    fixed_moment = _moment_of(fixed.value, ctx, fixed.line) if fixed is not None else None
    if fixed_moment is not None and "mitigated" not in chosen:
        # "Fixed at: 14:45" may be when impact ended or when the incident was resolved. A fix
        # deployed ends impact in a timeline too, so it is read as such, but only when nothing
        # clearer gives the key, and as a guess.
        chosen["mitigated"] = _timed(
            fixed_moment,
            "guessed",
            f"from {quote(_field_text(ctx, 'fixed'))}, a fix read as the end of impact; "
            "it may be the resolution instead",
        )
        if not fixed_moment.dated:
            undated["mitigated"] = _field_text(ctx, "fixed")
    # A bare "Duration" may be of the impact or of the incident: last resort.
    if window_end is not None and window_end[0] not in chosen:
        chosen[window_end[0]] = window_end[1]
    measured("resolved", "duration", "started")
    if "duration" in told_lengths:
        # "The incident lasted 3 hours": as a bare "Duration", the last resort.
        measured("resolved", "duration", "started", told_lengths["duration"])
    for key in KEYS[1:]:
        value = ctx.doc.fields.get(key)
        if key in chosen or value is None:
            continue
        # "Date of Resolution: September 28, 2025", "Detected: 2024-05-02": a day without a
        # time, which nothing above gave more exactly. Midnight UTC of that day keeps the day
        # the authors state, as a guess (a placeholder: no duration counts from it); a day
        # before the start says something else and is not used.
        found_day = find_date(value.value, default_year=ctx.year, day_first=ctx.options.day_first)
        if found_day is None:
            continue
        midnight = dt.datetime.combine(found_day[0], dt.time(0, 0), tzinfo=dt.timezone.utc)
        started_at = chosen["started"].value
        if midnight >= started_at:
            chosen[key] = Noted(
                midnight,
                "guessed",
                ("no time" if key in ("mitigated", "resolved") else "no time of day given")
                + f"; midnight UTC of the day in {quote(_field_text(ctx, key))}",
                value.line,
            )
        elif key == "detected" and found_day[0] == started_at.date():
            # Detected on the day the impact began, at a time of day the source does not
            # give: the start is the earliest it can be, and only a placeholder.
            chosen[key] = Noted(
                started_at,
                "guessed",
                f"{quote(_field_text(ctx, key))} gives the start's day only, its time of day "
                "unknown: set to the start",
                value.line,
            )

    if "detected" not in chosen:
        chosen["detected"] = Noted(chosen["started"].value, "missing", "set to the start time")

    # The format's order: started <= detected <= acknowledged <= mitigated <= resolved.
    started = chosen["started"].value
    if chosen["started"].how != "found":
        earliest = min(v.value for v in chosen.values())
        if earliest < started:
            chosen["started"] = Noted(
                earliest, "guessed", "the earliest time the source gives for the incident"
            )
    ordered: dict[str, Noted[dt.datetime]] = {}
    latest: dt.datetime | None = None
    for key in KEYS:
        stamp = chosen.get(key)
        if stamp is None:
            continue
        if latest is not None and stamp.value < latest and key in undated:
            # "Start time: 23:40", "Mitigated: 00:35" under one "Date": a time without a date
            # that is earlier than the step before it is on the next day.
            next_day = stamp.value + dt.timedelta(days=1)
            if next_day >= latest and next_day - started <= dt.timedelta(days=1):
                stamp = Noted(
                    next_day,
                    "guessed",
                    f"{quote(undated[key])} has no date and is earlier than the step before "
                    "it: read as the next day",
                    stamp.line,
                )
        while (
            latest is not None
            and stamp.value < latest
            and key != "detected"
            and list(ordered)[-1] not in ("started", "detected")
            and _strength(*list(ordered.items())[-1]) < _strength(key, stamp)
        ):
            # "Deep dive investigation started" read as acknowledged after "Service
            # operational": the weaker guess gives way, not the step the source states.
            weaker, guess = ordered.popitem()
            where = f", line {guess.line}" if guess.line else ""
            dropped = (
                f"left out timeline.{weaker} ({guess.value:%Y-%m-%d %H:%M} UTC{where}): it is "
                f"after timeline.{key}, which the source gives more directly"
            )
            ctx.notes.append(dropped)
            ctx.left_out.append(dropped)
            latest = list(ordered.values())[-1].value
        if latest is not None and stamp.value < latest:
            if key == "detected":
                stamp = Noted(
                    latest,
                    "guessed",
                    "the source's detection time is before its start; set to the start",
                )
            else:
                where = f", line {stamp.line}" if stamp.line else ""
                dropped = (
                    f"left out timeline.{key} ({stamp.value:%Y-%m-%d %H:%M} UTC{where}): "
                    "it is before an earlier step"
                )
                ctx.notes.append(dropped)
                ctx.left_out.append(dropped)
                continue
        ordered[key] = stamp
        latest = stamp.value
    if several_days:
        read_start = ordered["started"]
        ordered["started"] = replace(
            read_start,
            how="guessed" if read_start.how == "found" else read_start.how,
            note=f"the source may report several incidents ({several_days}): check it is "
            "this one's start; " + (read_start.note or "read from the source"),
        )
    return ordered


#: How many days dated at the start of paragraphs make a report of several incidents: two
#: are an incident that crossed midnight or one that recalls an earlier one.
_SEVERAL_DAYS = 3
#: A date that opens a paragraph or list item, after at most a few words that place it in
#: time: "On 11 April 2026, ...", "Also on 15 April 2026, ...", "**12 May**: ..."; never "As
#: on 12 February, ...", which compares with another day.
_OPENING_DATE = re.compile(
    r"^[\W_]*(?:(?:also|then|later|again|finally|and|but|early|late|on|by|from|since|between)"
    rf"[\s,]+){{0,3}}(?<![\w/.-])({DATE})(?![\w/])",
    re.I,
)


def _days_opening_paragraphs(ctx: _Context) -> list[tuple[int, dt.date]]:
    """The line and day of every paragraph or list item outside headings that opens with a
    date, in the source's order; the follow-ups' dates are due dates, never events."""
    follow_ups = {number for section in ctx.doc.of_kind("actions") for number, _ in section.lines()}
    found: list[tuple[int, dt.date]] = []
    previous = 0
    opens = True
    for number, raw in ctx.doc.prose:
        text = raw.strip()
        # A paragraph starts after a blank line, a heading or skipped lines (a code block).
        starts = opens or number != previous + 1 or bool(_LIST_ITEM.match(raw))
        previous = number
        opens = not text or text.startswith("#")
        if not text or text.startswith(("#", "|")) or not starts or number in follow_ups:
            continue
        match = _OPENING_DATE.match(_LIST_ITEM.sub("", raw, count=1).strip())
        if match is None:
            continue
        read = read_date(match.group(1), default_year=ctx.year, day_first=ctx.options.day_first)
        if read is not None:
            found.append((number, read[0]))
    return found


# --- other keys ---------------------------------------------------------------


#: A label that is a level and nothing else: "sev2", "Severity-1", "P1".
_LEVEL_LABEL = re.compile(r"(?:sev(?:erity)?[\s_-]?|p)[0-9]", re.I)


def _severity_of_labels(ctx: _Context) -> Noted[str] | None:
    """The level a ticket's labels name in so many words ("Labels: incident, sev2"), or None.
    Other labels ("checkout", "high-traffic") say nothing of the level."""
    field = ctx.doc.fields.get("labels")
    raw = field.value if field is not None else _fm(ctx, "labels", "tags")
    text = ", ".join(map(str, raw)) if isinstance(raw, list) else str(raw or "")
    levels = [
        label.strip() for label in re.split(r"[,;]", text) if _LEVEL_LABEL.fullmatch(label.strip())
    ]
    found = parse_severity(levels[0]) if len(levels) == 1 else None
    if found is None:
        return None  # none, or several levels that disagree
    found.note = f"from the label {quote(levels[0])}"
    found.line = field.line if field is not None else None
    return found


def _severity(ctx: _Context) -> Noted[str]:
    field = ctx.doc.fields.get("severity")
    written = ctx.doc.title_severity  # "[SEV2] Payments API errors"
    in_title = parse_severity(written) if written else None
    labelled = _severity_of_labels(ctx)
    if (
        labelled is not None
        and _fm(ctx, "severity", "sev") is None
        and (field is None or "priority" in field.label.lower())
    ):
        # A ticket's "Priority: Urgent" is how soon to work on it; a "sev2" label names the
        # incident's level in so many words.
        return labelled
    for text in (_field(ctx, "severity"), _fm(ctx, "severity", "sev", "priority")):
        if text is not None:
            found = parse_severity(str(text))
            if found is not None:
                if field is not None and text == field.value:
                    found.line = field.line
                if in_title is not None and in_title.value != found.value:
                    # The title's level may be the first triage's, the field the review's:
                    # the stated one is kept, and the author hears of the other.
                    ctx.notes.append(
                        f"the title says {quote(written or '')} (line {ctx.doc.title_line}) but "
                        f"the source states {quote(str(text))}: severity {found.value} kept, "
                        "as stated"
                    )
                return found
    if in_title is not None:
        return Noted(
            in_title.value,
            in_title.how,
            f"from the title's {quote(written or '')}",
            ctx.doc.title_line or None,
        )
    if field is not None:
        # "None critical - internal teams only": the source speaks of severity, names no level.
        return Noted(
            "SEV3",
            "guessed",
            f"the source says {quote(field.value)} (line {field.line}), which names no level; "
            "set to SEV3",
            field.line,
        )
    return Noted("SEV3", "missing", "set to SEV3")


def _names(ctx: _Context, field_name: str, fm_names: tuple[str, ...]) -> list[str]:
    value = _field(ctx, field_name)
    if value:
        return kebab_names(value)
    raw = _fm(ctx, *fm_names)
    if isinstance(raw, list):
        return kebab_names(", ".join(map(str, raw)))
    if isinstance(raw, str):
        return kebab_names(raw)
    return []


def _names_noted(
    ctx: _Context, field_name: str, names: list[str], placeholder: list[str]
) -> Noted[list[str]] | None:
    """The names read, or None; a TODO naming the ones the source writes in another script
    ("订单服务"), which have no kebab-case form: they are read, never silently dropped."""
    field = ctx.doc.fields.get(field_name)
    unwritten = names_without_kebab_form(field.value) if field is not None else []
    if field is None or not unwritten:
        return Noted(names) if names else None
    return Noted(
        names or placeholder,
        "guessed",
        f"the source names {', '.join(quote(name) for name in unwritten)} (line {field.line}), "
        "which have no kebab-case form: spell them in Latin letters",
        field.line,
    )


def _people(ctx: _Context, field_name: str, fm_names: tuple[str, ...]) -> list[str]:
    value = _field(ctx, field_name)
    if value:
        return people(value)
    raw = _fm(ctx, *fm_names)
    if isinstance(raw, list):
        return people(", ".join(map(str, raw)))
    if isinstance(raw, str):
        return people(raw)
    return []


def _detection(
    ctx: _Context,
    timeline: dict[str, Noted[dt.datetime]],
    events: list[Event],
    labelled_groups: Sequence[tuple[int, str, str]] = (),
) -> Noted[str]:
    said = _field(ctx, "detection_method")
    if said:
        found = detection_from_text(said)
        if found:
            return Noted(found, "guessed", f"the source says {quote(said)}")
    for line, label, words in labelled_groups:
        # "- **Detection Method:**" in the timeline, its items nested below it: a field.
        found = detection_from_text(words) if label_key(label) == "detection_method" else None
        if found:
            return Noted(found, "guessed", f"the source says {quote(words)} (line {line})")
    detected = timeline.get("detected")
    if detected is not None:
        for event in events:
            if event.at == detected.value:
                found = detection_from_text(event.text)
                if found:
                    return Noted(found, "guessed", f"from the timeline, {quote(event.text)}")
        # "Time to detection: 40 minutes" may land between rows, near the row that tells how
        # the team learnt of it ("We were alerted by a customer ..."): that row still tells how.
        told = pick_keys(events).get("detected")
        found = detection_from_text(told.event.text) if told is not None else None
        if told is not None and found:
            return Noted(
                found,
                "guessed",
                f"from the timeline's first alert or report, {quote(told.event.text)}",
            )
    for section in ctx.doc.of_kind("detection"):
        found = detection_from_text(section.text())
        if found:
            return Noted(found, "guessed", "from the Detection section")
    return Noted(
        "other", "missing", "alert | customer-report | internal-report | synthetic-check | other"
    )


#: Words that only say what the document is, before a title's date: "Incident report May 12 2025 - ".
_TITLE_LEAD = (
    r"(?:(?:incident|outage|post[- ]?mortem|post[- ]incident)(?:\s+(?:report|review))?"
    r"\s*:?\s+(?:(?:on|of|for)\s+)?"
    # The same in French, Spanish, German and Portuguese: "Incident du 5 février 2025 : ...",
    # "Incidente del 4 de junio", "Störung vom 12. März", "Incidente de 10 de abril".
    r"|(?:incident|incidente|incidencia|panne|ca\u00edda|st\u00f6rung|ausfall|vorfall|falha|queda)"
    r"\s+(?:du|del|de|vom|am|do|da|em)\s+)?"
)
#: The word that ties a title to its date in Spanish, French, German and Portuguese, as "on"
#: does in English: "Caída de las reservas del 12 de marzo", "Panne du 12 mars", "Ausfall vom
#: 12. März", "Queda do checkout de 12 de março". Chinese and Japanese put the date in
#: full-width brackets right after the words instead: "支付接口故障（2024年3月12日）".
_TYING_ABROAD = r"(?:del|de|du|le|vom|am|do|da|em)"
_TITLE_DATE = re.compile(
    rf"^\s*{_TITLE_LEAD}(?:{DATE})(?:[ ,T]+\d{{1,2}}:\d{{2}}(?:\s*[A-Z]{{2,5}})?)?\s*(?:[,:|/\u2013\u2014-]+|\s)\s*"
    rf"|\s*(?:[,:|\u2013\u2014-]+\s*|\s+(?:on|of|{_TYING_ABROAD})\s+|\s+|(?=\uff08))"
    rf"[(\uff08]?(?:{DATE})[)\uff09]?\s*$",
    re.I,
)


#: Words that tie a title's date to another date or to the words beside it: "Covering 11 April
#: to 23 April", "Outage from 3 May", "23 April - 25 April: queue backlog". Left at the edge of
#: a title whose date was taken out they would dangle ("Covering 11 April to").
_TIED_WORDS = (
    r"(?:to|until|till|through|thru|and|from|between|covering|since|for|after|before"
    # The same in Spanish, French, German and Portuguese: "de 12 de marzo a 14 de marzo".
    r"|a|al|hasta|desde|entre|y|au|jusqu'au|depuis|et|bis|zum|seit|und|ao|at\u00e9|e)"
)
_DANGLING_END = re.compile(rf"(?:\b{_TIED_WORDS}|[\u2013\u2014-]|(?:{DATE}))\W*$", re.I)
_DANGLING_START = re.compile(rf"^\W*(?:{_TIED_WORDS}\b|[\u2013\u2014-]|(?:{DATE}))", re.I)


def title_without_date(title: str) -> str:
    """ "2018-03-26, "no space left on device"" -> "No space left on device"; a date leads or ends many titles.

    A date that is one end of a range, or that the words beside it need, stays: the title is
    kept whole rather than left with a dangling "to" or half a range."""
    stripped = _TITLE_DATE.sub("", title, count=2).strip().strip("\"'\u201c\u201d").strip()
    if len(stripped) < 3:
        return title
    if stripped != title.strip() and (
        _DANGLING_END.search(stripped) or _DANGLING_START.search(stripped)
    ):
        return title
    return stripped[:1].upper() + stripped[1:]


#: A template's heading where the title goes: "Incident Title", "[Title]", "Post-mortem title here".
_PLACEHOLDER_TITLE = re.compile(
    r"^\W*(?:(?:incident|outage|post[- ]?mortem|report)\s+)?(?:title|name)(?:\s+here)?\W*$", re.I
)
#: What leads a file name besides the title: a date or an id ("PM2021-004 - ", "2023-01-23-").
_NAME_LEAD = re.compile(
    rf"^\s*(?:(?:{DATE})|[A-Za-z]{{1,8}}[-_]?\d{{4}}[-_]\d{{1,5}}(?!\d))(?:[\s_-]+|$)", re.I
)


def _title_from_name(name: str) -> str:
    """ "PM2021-004 - Directory sign-in outage.md" -> "Directory sign-in outage"."""
    stem = PurePath(name).stem if PurePath(name).suffix else name
    stem = _NAME_LEAD.sub("", stem, count=1)
    stem = re.sub(r"[_\-\s]+", " ", stem).strip() or "Imported incident"
    return stem[:1].upper() + stem[1:120]


def _line_below_title(doc: Document) -> tuple[int, str] | None:
    """The title's next paragraph when it is one short line, as a template's users write the
    real title under the template's heading ("# Incident Title", then "Directory sign-in outage")."""
    first_section = doc.sections[0].blocks[0].line if doc.sections else None
    paragraph: list[tuple[int, str]] = []
    for number, line in doc.prose:
        if number <= doc.title_line or (first_section is not None and number >= first_section):
            continue
        if not line.strip():
            if paragraph:
                break
            continue
        paragraph.append((number, line.strip()))
    if len(paragraph) != 1:
        return None
    number, line = paragraph[0]
    text = _plain(line).strip()
    if not text or len(text) > 120 or text.startswith("#") or re.match(r"^[\w ]{1,30}:", text):
        return None
    return number, text


#: A report of a period rather than of one incident: "Service availability report - March
#: 2025", "Weekly incident report, week 12", "Media storage incidents - Q1 2025". It calls
#: itself a report (or lists incidents) and names a month, week or quarter...
_REPORT_WORD = re.compile(
    r"\b(?:reports?|round-?ups?|digest|review|summary|newsletter|incidents)\b", re.I
)
_PERIOD = re.compile(
    rf"\b(?:monthly|weekly|fortnightly|bi-?weekly|quarterly)\b|\bweek\s+\d{{1,2}}\b"
    rf"|\bq[1-4]\s+\d{{4}}\b|\b{_MONTH_NAME}\.?,?\s+(?:19|20)\d\d\b",
    re.I,
)
#: ... but no day: "Checkout outage, 12 March 2025" is one incident's.
_DAY_OF_A_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_NAME}\b|\b{_MONTH_NAME}\.?\s+\d{{1,2}}(?!\d)"
    r"|\d{4}-\d{1,2}-\d{1,2}|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",
    re.I,
)


#: Headings of a document's parts, never an incident's name: "Original report", "Other work".
_PART_OF_A_REPORT = re.compile(
    r"\b(?:original|appendix|notes?|background|context|glossary|references?|attachments?|"
    r"other|miscellaneous|overview)\b",
    re.I,
)


def _is_periodic_report(title: str) -> bool:
    return bool(
        _REPORT_WORD.search(title) and _PERIOD.search(title) and not _DAY_OF_A_MONTH.search(title)
    )


def _names_more_than_when(heading: str) -> bool:
    """False for a heading that only says when: "March 12 14:52 UTC (lasting 1 hour)"."""
    words = re.sub(r"\([^)]*\)", " ", heading)
    words = re.sub(rf"{DATE}|{TIME}", " ", words, flags=re.I)
    words = re.sub(r"\b[A-Z]{2,5}\b", " ", words)  # a zone's abbreviation: "UTC", "CEST"
    return len(re.findall(r"[^\W\d_]{2,}", words)) >= 2


def _one_incident_heading(doc: Document) -> Section | None:
    """The section of a periodic report's one incident, when it has a heading that names it
    ("## Delayed card payments on March 12"): of the headings that are no section's name,
    the one whose text (sub-sections included) gives a date or a time. None when several
    do (a report of several incidents keeps its own title), or when that heading only says
    when ("## March 12 14:52 UTC") or names a part of the report ("## Original report")."""
    told: list[Section] = []
    for index, section in enumerate(doc.sections):
        if section.kind != "extra" or section.is_fact:
            continue
        text = [section.title, section.text()]
        for nested in doc.sections[index + 1 :]:
            if nested.level <= section.level:
                break
            text.append(nested.text())
        joined = "\n".join(text)
        if find_date(joined, default_year=2000) or re.search(rf"(?<![\d.]){TIME}", joined, re.I):
            told.append(section)
    if len(told) != 1:
        return None
    heading = _plain(told[0].title)
    if (
        not _names_more_than_when(heading)
        or _REPORT_WORD.search(heading)
        or _PART_OF_A_REPORT.search(heading)
    ):
        return None
    return told[0]


def _plain(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|`|~~)", "", text)
    return " ".join(text.split())


#: The words of a clause that only introduces the code below it: "修复代码：", "手动释放锁的命令如下：",
#: "確認に使ったコマンドは以下の通り：", "The fix is below:". Right over a code block and ending
#: in a colon, the clause needs no more than one of them to be a label.
_NAMES_CODE_BELOW = re.compile(
    r"\b(?:code|commands?|config(?:uration)?|settings?|scripts?|quer(?:y|ies)|sql|patch|diff|"
    r"snippet|output|logs?|example|follows|below|shell)\b"
    r"|代码|命令|配置|脚本|语句|补丁|日志|输出|示例|如下|以下|下面|コード|コマンド|設定|スクリプト|"
    r"ログ|次の通り|下記",
    re.I,
)
#: Where a line's clauses part: after a full stop, at a comma (full-width ones too).
_CLAUSE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[\u3002\uff01\uff1f])|[\uff0c,\u3001\uff1b;]\s*")


def _without_label_over_code(line: str) -> str:
    """``line``, which ends in a colon right over a code block, less its last clause when
    that clause only introduces the code: "" for "修复代码：", "网关没有超时" for
    "网关没有超时，代码如下：". The label tells what the code is, never the cause or the
    summary it stands in; a line whose last clause names no code is kept whole."""
    clauses = [c for c in _CLAUSE_BREAK.split(line) if c.strip()]
    if not clauses or not _NAMES_CODE_BELOW.search(clauses[-1]):
        return line
    head = line[: line.rindex(clauses[-1])].rstrip(" ,;\uff0c\u3001\uff1b")
    if head and not re.search(r"[.!?\u3002\uff01\uff1f]$", head):
        head += "\u3002" if _UNSPACED_SCRIPT.match(head[-1]) else "."
    return head


def _prose(section: Section, leave_out: set[int] | frozenset[int] = frozenset()) -> str:
    """The paragraphs of a section as one line: no headings, tables, lists markers or code,
    nor the lines numbered in ``leave_out``, nor a label over code ("执行命令：")."""
    out: list[str] = []
    fence = False
    lines = section.lines()
    for position, (number, raw) in enumerate(lines):
        stripped = raw.strip()
        if number in leave_out:
            continue
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or not stripped or stripped.startswith(("#", "|", "<!--", ">")):
            continue
        below = next((text.strip() for _, text in lines[position + 1 :] if text.strip()), "")
        if re.search(r"[:\uff1a]\W*$", stripped) and below.startswith(("```", "~~~")):
            line = re.sub(r"[\s:\uff1a*_]+$", "", stripped)
            told = _without_label_over_code(line)
            if not told:
                continue
            stripped = stripped if told == line else told
        out.append(re.sub(r"^(?:[-*+]|\d{1,3}[.)])\s+", "", stripped))
    return _plain(_joined_lines(out))


#: Letters and punctuation of Chinese and Japanese, which put no space between words.
_UNSPACED_SCRIPT = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _joined_lines(lines: list[str]) -> str:
    """Lines of a paragraph as one: a space where the line broke, none between two lines of
    Chinese or Japanese, which wrap inside a word ("查询排队，" / "连接池被占满")."""
    text = ""
    for line in lines:
        if text and not (_UNSPACED_SCRIPT.match(text[-1]) and _UNSPACED_SCRIPT.match(line[:1])):
            text += " "
        text += line
    return text


class _LabelGroup(NamedTuple):
    """A list item that is only a bold label over nested items ("- **Resolution:**")."""

    label: str
    kind: str | None  # the section kind the label names, if any
    lines: list[int]  # the label's line, then its nested lines


def _label_groups(section: Section) -> list[_LabelGroup]:
    """The top-level groups of a section's list, as "Root Cause and Resolution" lists
    "- **Root Cause:**" and "- **Resolution:**", each over its own nested items."""
    groups: list[_LabelGroup] = []
    lines = section.lines()
    current: _LabelGroup | None = None
    for position, (number, raw) in enumerate(lines):
        indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
        listed = _LIST_ITEM.match(raw)
        if current is not None and raw.strip() and indent == 0:
            current = None
        label = group_label(raw[listed.end() :], 0, lines[position + 1 :]) if listed else None
        if label is not None and indent == 0:
            current = _LabelGroup(label, classify(label), [number])
            groups.append(current)
        elif current is not None:
            current.lines.append(number)
    return groups


def _other_parts(section: Section) -> set[int]:
    """Lines of a root cause section's groups that name another section ("- **Resolution:**"
    under "Root Cause and Resolution"), when a group names the root cause itself."""
    groups = _label_groups(section)
    if not any(group.kind == "root_cause" for group in groups):
        return set()
    return {
        number
        for group in groups
        if group.kind not in (None, "root_cause")
        for number in group.lines
    }


_ROOT_CAUSE_LINE = re.compile(
    r"^(?:\*\*|__)?root[ -]?causes?(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(\S.*)$", re.I
)


#: "Root Cause:" or "Root Cause Explanation:" alone on its line, its text on the lines below.
_ROOT_CAUSE_LABEL_ALONE = re.compile(
    r"^[\s*_]*root[ -]?causes?(?:\s+(?:explanation|analysis|details|and\s+resolution))?"
    r"[*_\s]*[:\uff1a][*_\s]*$",
    re.I,
)
#: Another label alone on its line ("Resolution Details:"), which ends the text above it.
_LABEL_ALONE = re.compile(r"^[\s*_]*[A-Z][\w/&'() -]{1,60}[*_\s]*[:\uff1a][*_\s]*$")


def _text_under_label(section: Section) -> str | None:
    """The paragraph under a root cause label alone on its line, up to a blank line after
    it, another label or a heading: the text the label names, never the label itself."""
    lines = section.lines()
    for position, (_, raw) in enumerate(lines):
        if not _ROOT_CAUSE_LABEL_ALONE.match(raw):
            continue
        told: list[str] = []
        for _, below in lines[position + 1 :]:
            stripped = below.strip()
            if not stripped:
                if told:
                    break
                continue
            if stripped.startswith(("#", "|", "```", "~~~")) or _LABEL_ALONE.match(stripped):
                break
            told.append(re.sub(r"^(?:[-*+]|\d{1,3}[.)])\s+", "", stripped))
        if told:
            return _plain(_joined_lines(told))
    return None


def _after_other_label(section: Section) -> set[int]:
    """The lines of a root cause section from a label alone on its line that names another
    section ("Resolution Details:" under "Root Cause:") to the section's end: the cause is
    told above it."""
    lines = section.lines()
    for position, (_, raw) in enumerate(lines):
        label = _LABEL_ALONE.match(raw)
        if label and classify(raw.strip(" *_:\uff1a")) not in (None, "root_cause"):
            return {number for number, _ in lines[position:]}
    return set()


def _other_sub_blocks(section: Section) -> set[int]:
    """The lines of a root cause section's sub-headings that name another section, with the
    text under them: "## Root Cause and Resolution" over "### Root Cause" and "### Resolution"
    tells the resolution under its own heading, never the cause."""
    return {
        number
        for block in section.blocks[1:]
        if block.heading is not None and classify(block.heading) not in (None, "root_cause")
        for number in [block.line, *(n for n, _ in block.lines)]
    }


def _template_prompt(section: Section) -> set[int]:
    """The lines of a section's first paragraph when it is all in italics: the question a
    template asks under its heading ("*Note the final root cause and ...*"), which the
    authors leave above their answer. It is the template's words, never the report's."""
    paragraph: list[tuple[int, str]] = []
    for number, raw in section.lines():
        if raw.strip():
            paragraph.append((number, raw.strip()))
        elif paragraph:
            break
    text = " ".join(line for _, line in paragraph)
    if re.fullmatch(r"(\*|_)(?![*_\s])[^*_]+(?<!\s)\1", text):
        return {number for number, _ in paragraph}
    return set()


def _root_cause(ctx: _Context) -> Noted[str] | None:
    said = _field(ctx, "root_cause")
    if said and len(said) > 15:
        return Noted(_plain(said))
    for section in ctx.doc.of_kind("root_cause"):
        # "Root Cause and Resolution", then "Root Cause: ..." and "Resolution: ..." lines: the
        # cause is what its own label says, never the resolution after it.
        labelled = next(
            (m.group(1) for _, raw in section.lines() if (m := _ROOT_CAUSE_LINE.match(raw))),
            None,
        )
        if labelled is not None and len(labelled) > 15:
            return Noted(_plain(labelled.strip()))
        under_label = _text_under_label(section)
        if under_label is not None and len(under_label) > 15:
            if len(under_label) > 400:
                under_label = under_label[:397].rsplit(" ", 1)[0] + "..."
            return Noted(under_label)
        # A follow-up written in the section ("**Follow-up:** add a canary stage", a checkbox)
        # is work to do, read as an action item: never the cause.
        leave_out = action_lines(section) | _after_other_label(section) | _other_sub_blocks(section)
        leave_out |= _template_prompt(section)
        cause = [g for g in _label_groups(section) if g.kind == "root_cause"]
        if cause:
            # "- **Root Cause:**" over its items, beside "- **Resolution:**": the cause is the
            # label's items, neither the label nor the other groups.
            told = set(cause[0].lines[1:])
            leave_out = leave_out | {n for n, _ in section.lines() if n not in told}
        text = _prose(section, leave_out)
        if not text:
            continue
        sentences = split_sentences(text)
        # No space after a Chinese or Japanese full stop, which takes none.
        summary = _joined_lines(sentences[:2])
        if len(summary) > 400:
            summary = summary[:397].rsplit(" ", 1)[0] + "..."
        return Noted(summary, "guessed", "the first sentences of the Root Cause section")
    return None


#: A count as written: "2,000", "1.2 million", "40k", "350"; never with a trailing comma.
_COUNT = r"\d{1,3}(?:[,.\u202f ]\d{3})+(?:\.\d+)?(?:\s*(?:k|thousand|million))?|\d+(?:\.\d+)?(?:\s*(?:k|thousand|million))?"
#: What comes before a number that makes it a date's day or year: "October", "Oct. 29,".
_BEFORE_DATE_NUMBER = re.compile(
    rf"\b{_MONTH_NAME}\.?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*)?$|[/-]$", re.I
)


def _part_of_date(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is a date's day or year, never a count:
    "29 October 2024 customers", "Oct 29, 2024 users", "29 October"."""
    if _BEFORE_DATE_NUMBER.search(text[max(0, start - 20) : start]):
        return True
    if re.match(rf"\s*{_MONTH_NAME}\b|[/-]\d", text[end:], re.I):
        return True
    return bool(
        re.fullmatch(r"19[7-9]\d|2[01]\d\d", text[start:end]) and re.match(r",\s*\w", text[end:])
    )


def _impact(ctx: _Context) -> dict[str, Noted[Any]]:
    impact: dict[str, Noted[Any]] = {}
    for key, name, reader in (
        ("users_affected", "users_affected", parse_count),
        ("failed_requests", "failed_requests", parse_count),
        ("revenue_usd", "revenue", parse_usd),
    ):
        value = _field(ctx, name)
        number = reader(value) if value else None
        if number is not None:
            impact[key] = Noted(
                number,
                "found" if re.fullmatch(r"[\s\d,.$~]+", value or "") else "guessed",
                ""
                if re.fullmatch(r"[\s\d,.$~]+", value or "")
                else f"the source says {quote(value or '')}",
            )
    loss = _field(ctx, "data_loss")
    if loss:
        lowered = loss.lower()
        if re.match(r"^(no|none|false|n/a|zero|0)\b", lowered) or "no data" in lowered:
            impact["data_loss"] = Noted(False, "guessed", f"the source says {quote(loss)}")
        elif re.match(r"^(yes|true)\b", lowered):
            impact["data_loss"] = Noted(True, "guessed", f"the source says {quote(loss)}")
    slo = _field(ctx, "slo")
    if slo:
        match = re.search(r"(\d+(?:\.\d+)?)\s*%", slo)
        if match:
            impact["slo_budget_consumed_pct"] = Noted(
                float(match.group(1)), "guessed", f"the source says {quote(slo)}"
            )

    text = " ".join(_prose(s) for s in ctx.doc.of_kind("impact") + ctx.doc.of_kind("summary"))
    patterns = (
        (
            "users_affected",
            r"(?:~|about |around |approximately |roughly |over |nearly )?"
            rf"({_COUNT})\s+"
            # "12,000 enterprise customers", never "for 52 minutes users saw errors": a length
            # between the number and the people counts no one.
            r"(?:(?!(?:ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b)"
            r"\w+\s+)?(?:users|customers|accounts|merchants|members|subscribers|clients|shoppers)\b",
            parse_count,
        ),
        (
            "failed_requests",
            rf"({_COUNT})\s+(?:failed|errored|dropped|rejected|lost)\s+"
            r"(?:api\s+)?(?:requests|calls|transactions|orders|payments)\b",
            parse_count,
        ),
        ("revenue_usd", r"(\$\s?\d[\d,]*(?:\.\d+)?\s*(?:k|m|million|thousand)?)", parse_usd),
    )
    for key, pattern, reader in patterns:
        if key in impact:
            continue
        for match in re.finditer(pattern, text, re.I):
            if _part_of_date(text, match.start(1), match.end(1)):
                continue
            number = reader(match.group(1))
            if number is not None and not re.match(r"\s*%", text[match.end(1) : match.end(1) + 2]):
                impact[key] = Noted(number, "guessed", f"from {quote(match.group(0))}")
            break
    if "data_loss" not in impact and re.search(
        r"\bno data (?:was |were )?(?:lost|loss)|\bwithout (?:any )?data loss|\bno data loss",
        text,
        re.I,
    ):
        impact["data_loss"] = Noted(False, "guessed", "the source says no data was lost")
    return impact


def _factors(ctx: _Context, taxonomy: Taxonomy) -> Noted[list[str]]:
    if not taxonomy.factors:
        raise SkipFile("the taxonomy has no factors, so no valid draft can be written")
    named: list[str] = []
    raw = _fm(ctx, "contributing_factors", "factors", "tags")
    candidates = [str(v) for v in raw] if isinstance(raw, list) else []
    for section in ctx.doc.of_kind("contributing"):
        candidates += re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", section.text())
    for tag in candidates:
        if tag in taxonomy and tag not in named:
            named.append(tag)
    if named:
        return Noted(named)
    lines: list[tuple[int, str]] = []
    if ctx.doc.title:
        lines.append((ctx.doc.title_line, ctx.doc.title))
    for name in ("root_cause", "trigger", "impact"):
        value = ctx.doc.fields.get(name)
        if value is not None:
            lines.append((value.line, f"{value.label}: {value.value}"))
    first_section = ctx.doc.sections[0].blocks[0].line if ctx.doc.sections else 10**9
    lines += [(n, _plain(t)) for n, t in ctx.doc.prose if ctx.doc.title_line < n < first_section]
    for section in ctx.doc.sections:
        if section.kind in _CAUSE_KINDS:
            lines += [
                (n, _plain(t)) for n, t in section.lines() if not t.lstrip().startswith("```")
            ]
    backed = suggest_factors(taxonomy, lines, listed=_factor_list_lines(ctx))
    if backed:
        return Noted(
            [tag for tag, _ in backed], "guessed", evidence_note(backed), backed[0][1][0].line
        )
    first = next(iter(taxonomy.factors))
    listed = _listed_factors(ctx)
    if listed:
        # The source names factors in its own words; none of them is a tag of the taxonomy.
        shown = [f"{_short_quote(text)} (line {line})" for line, text in listed[:3]]
        more = f" and {len(listed) - 3} more" if len(listed) > 3 else ""
        return Noted(
            [first],
            "missing",
            f"no taxonomy tag matched the factors the source lists: {', '.join(shown)}{more}; "
            f"map them to tags; {first} only holds the place",
            listed[0][0],
        )
    return Noted(
        [first],
        "missing",
        f"the source names no factor; {first} only holds the place: choose tags from the taxonomy",
    )


def _factor_list_lines(ctx: _Context) -> set[int]:
    """The lines of the items listed under the source's Contributing Factors sections, an
    item's wrapped lines too: what the writer names there is named plainly, one item each."""
    numbers: set[int] = set()
    for section in ctx.doc.of_kind("contributing"):
        in_item = False
        for line, text in section.lines():
            if _LIST_ITEM.match(text):
                in_item = True
            elif not text.strip() or text.lstrip().startswith(("#", "|", "```", ">")):
                # A blank line, a heading, a table or a quote ends the item; prose after
                # the list is no item.
                in_item = False
            if in_item:
                numbers.add(line)
    return numbers


def _listed_factors(ctx: _Context) -> list[tuple[int, str]]:
    """The items (or else the paragraphs) of the source's Contributing Factors sections."""
    items: list[tuple[int, str]] = []
    paragraphs: list[tuple[int, str]] = []
    for section in ctx.doc.of_kind("contributing"):
        for line, text in section.lines():
            listed = re.match(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(\S.*)$", text)
            if listed:
                items.append((line, _plain(listed.group(1))))
            elif text.strip() and not text.lstrip().startswith(("#", "|", "```", "<!--")):
                paragraphs.append((line, _plain(text)))
    return items or paragraphs


def _short_quote(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3].rsplit(" ", 1)[0] + "..."
    return '"' + text.replace('"', "'") + '"'


#: Sections where a report discusses causes: the only ones read for factor evidence.
_CAUSE_KINDS = frozenset(
    {
        "summary",
        "impact",
        "root_cause",
        "trigger",
        "contributing",
        "five_whys",
        "went_wrong",
        "lessons",
        "details",
    }
)


# --- body ---------------------------------------------------------------------

_RELATIVE_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(\s*(?![a-z][a-z0-9+.-]*:|#|/)[^)]*\)", re.I)
_RELATIVE_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*(?![a-z][a-z0-9+.-]*:|/)[^)]*\)", re.I)
_RELATIVE_REF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(?![a-z][a-z0-9+.-]*:|#|/)\S+.*$", re.I)


def _neutralise_links(line: str) -> str:
    """Relative links of the source point nowhere in our site: keep their text only."""
    line = _RELATIVE_IMAGE.sub(lambda m: f"*(image: {m.group(1) or 'not imported'})*", line)
    return _RELATIVE_LINK.sub(lambda m: m.group(1), line)


_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")


def _after_first_row(out: list[str]) -> bool:
    """Whether the lines so far end in a table past its header row, where a separator is no
    longer the one under the header."""
    return len(out) >= 2 and all(_TABLE_LINE.match(line) for line in out[-2:])


def _section_markdown(section: Section, leave_out: Container[int] = ()) -> list[str]:
    """A section's content with its sub-headings at level 3 and below, without the lines
    numbered in ``leave_out``."""
    out: list[str] = []
    fence: str | None = None
    for index, block in enumerate(section.blocks):
        if index and block.heading is not None:
            depth = 1 if block.level == 7 else max(1, block.level - section.level)
            out += ["", "#" * min(6, 2 + depth) + " " + block.heading, ""]
        for number, raw in block.lines:
            if number in leave_out:
                continue
            marker = re.match(r"^ {0,3}(`{3,}|~{3,})", raw)
            if marker:
                fence = (
                    None if fence and marker.group(1)[0] == fence[0] else (fence or marker.group(1))
                )
                out.append(raw)
                continue
            if fence is None and _RELATIVE_REF.match(raw):
                continue
            if fence is None and TABLE_SEPARATOR.match(raw) and _after_first_row(out):
                # A grid table's border inside it, read as a separator: no row of dashes.
                continue
            out.append(raw if fence else _neutralise_links(raw))
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    collapsed: list[str] = []
    for line in out:
        if not line.strip() and collapsed and not collapsed[-1].strip():
            continue
        collapsed.append(line)
    return collapsed


def _fence_for(text: str) -> str:
    """A fence that no line of ``text`` can close, preferring a character the text does not fence with."""
    backticks = [len(m) for m in re.findall(r"^ {0,3}(`{3,})", text, re.M)]
    tildes = [len(m) for m in re.findall(r"^ {0,3}(~{3,})", text, re.M)]
    if backticks and not tildes:
        return "~" * 4
    return "`" * max(4, max(backticks, default=0) + 1)


def _table_cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def _timeline_body(
    timeline: Timeline, keys: dict[str, Noted[dt.datetime]], ctx: _Context
) -> list[str]:
    lines: list[str] = []
    zones = [z for z in timeline.zones if not z.is_utc]
    if timeline.events:
        if not all(e.zone_stated for e in timeline.events):
            lines.append(
                "All times UTC. TODO: the source states no time zone for some times; "
                "they were read as UTC."
            )
        elif zones:
            lines.append(
                "All times UTC, converted from "
                + ", ".join(z.describe for z in zones)
                + " as the source gives them."
            )
        else:
            lines.append("All times UTC.")
        for where in timeline.found_elsewhere:
            lines += ["", f"TODO: {where}."]
        if timeline.rolled_over:
            lines.append("")
            lines.append(
                "TODO: check the dates: rows whose time is earlier than the row before were "
                "read as the next day."
            )
        if timeline.next_year:
            lines.append("")
            lines.append(
                "TODO: check the dates: dates without a year whose month comes before the one "
                "above them were read in the next year (lines "
                + ", ".join(map(str, timeline.next_year))
                + ")."
            )
        row_zones = list(dict.fromkeys(e.row_zone for e in timeline.events if e.row_zone))
        if len(row_zones) > 1:
            # One row in another zone is often its writer's slip: it is converted as written,
            # and may then sit apart from the rows around it.
            lines.append("")
            lines.append(
                "TODO: check the times: rows name more than one zone ("
                + ", ".join(row_zones)
                + "), and each was converted from its own."
            )
        for note in sorted({e.zone_note for e in timeline.events if e.zone_note}):
            lines += ["", f"TODO: check the zone: {note}."]
        if timeline.unreadable:
            rows = "; ".join(f"line {n}, {quote(t)}" for n, t in timeline.unreadable)
            lines += [
                "",
                f"TODO: rows of the source without a readable time, not in this table: {rows}.",
            ]
        inferred = [e for e in timeline.events if e.inferred]
        if inferred:
            rows = "; ".join(
                f"line {e.line} ({e.written}): {', '.join(e.inferred)}" for e in inferred
            )
            lines += [
                "",
                "TODO: check these rows: the source does not say all of their date or zone, "
                f"which the importer inferred: {rows}.",
            ]
        approximate = [e for e in timeline.events if e.approximate]
        if approximate:
            rows = ", ".join(f"line {e.line} ({e.written})" for e in approximate)
            lines += ["", f"TODO: the source gives approximate times: {rows}."]
        lines += ["", "| Time (UTC) | Event |", "|---|---|"]
        for event in sorted(timeline.events, key=lambda e: e.at):
            when = event.at.strftime("%Y-%m-%d %H:%M" + (":%S" if event.at.second else ""))
            text = _neutralise_links(event.text) + (
                " (no time given: TODO)" if event.date_only else ""
            )
            lines.append(f"| {when} | {_table_cell(text)} |")
        return lines
    sections = ctx.doc.of_kind("timeline")
    if sections:
        # The source has a timeline the importer could not read: say where, not that it is absent.
        where = ", ".join(
            f"{quote(s.title)} (line {s.blocks[0].line})" if s.title else f"line {s.blocks[0].line}"
            for s in sections
        )
        lines.append(
            f"TODO: no row of the source's timeline, {where}, was read as a time; these rows "
            "repeat the frontmatter: copy the source's rows here in UTC."
        )
    else:
        lines.append(
            "TODO: the source has no timeline with times; these rows repeat the frontmatter."
        )
    lines += ["", "| Time (UTC) | Event |", "|---|---|"]
    labels = {
        "started": "Impact began",
        "detected": "Detected",
        "acknowledged": "Acknowledged",
        "mitigated": "Impact ended",
        "resolved": "Resolved",
    }
    for key in KEYS:
        value = keys.get(key)
        if value is not None:
            lines.append(f"| {value.value:%Y-%m-%d %H:%M} | {labels[key]} |")
    return lines


_BODY_SECTIONS = (
    ("Summary", ("summary",)),
    ("Impact", ("impact",)),
    ("Timeline", ()),
    ("Root Cause", ("root_cause", "trigger")),
    ("Contributing Factors", ("contributing",)),
    ("Five Whys", ("five_whys",)),
    ("What Went Well", ("went_well",)),
    ("What Went Wrong", ("went_wrong",)),
    ("Lessons Learned", ("lessons",)),
)


def _preamble_prose(ctx: _Context, taken: set[int]) -> list[str]:
    """Paragraphs between the title and the first section that are not `Key: value` lines,
    nor lines ``taken`` by another section of the body."""
    field_lines = {v.line for v in ctx.doc.fields.values()} | taken
    lines = []
    for number, raw in ctx.doc.prose:
        if number <= ctx.doc.title_line or number in field_lines:
            continue
        if ctx.doc.sections and number >= ctx.doc.sections[0].blocks[0].line:
            break
        if re.match(r"^\s*#", raw) or re.match(
            r"^\s*(?:[-*+]\s+)?(?:\*\*)?[A-Za-z ]{1,30}(?:\*\*)?\s*:\s*", raw
        ):
            continue
        lines.append(_neutralise_links(raw))
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


#: A line that opens with a bold lead-in: "**Summary:** ...", "- **Root causes**: ...".
_LEAD_IN = re.compile(
    r"^\s*(?:[-*+]\s+)?\*\*(?P<label>[^*:\n]{1,40}?)\s*:?\s*\*\*\s*:?\s+(?P<value>\S.*)$"
)


def _lead_ins(ctx: _Context) -> tuple[dict[str, list[str]], set[int]]:
    """The text of bold lead-ins under the title that name a section ("**Impact:** ..."), by
    the section's kind, with the lines that continue their paragraph: they are the section
    as much as a heading would make them; and the numbers of the lines they take."""
    found: dict[str, list[str]] = {}
    used: set[int] = set()
    current: list[str] | None = None
    for number, raw in ctx.doc.prose:
        if number <= ctx.doc.title_line:
            continue
        if ctx.doc.sections and number >= ctx.doc.sections[0].blocks[0].line:
            break
        match = _LEAD_IN.match(raw)
        kind = classify(match["label"]) if match else None
        if match is not None:
            current = None
            if kind is not None:
                current = found.setdefault(kind, [])
                if current:
                    current.append("")
                current.append(_neutralise_links(match["value"].strip()))
                used.add(number)
        elif not raw.strip():
            current = None
        elif current is not None:
            current.append(_neutralise_links(raw))
            used.add(number)
    return found, used


def _without_tasks(
    lines: list[tuple[int, str]], task_starts: set[int], item_starts: set[int]
) -> list[tuple[int, str]]:
    """``lines`` less those of the list items and table rows that start on ``task_starts``:
    each task is an action item already, so the lessons keep the advice and prose around it.
    A task goes on over its wrapped and indented lines and its detail bullets, up to the next
    item (``item_starts``), a heading, or a line back at its indent after a blank line."""
    kept: list[tuple[int, str]] = []
    task_indent: int | None = None  # the indent of the task being left out, while it goes on
    blanks: list[tuple[int, str]] = []  # blank lines since the task's last line
    for number, raw in lines:
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        if number in task_starts:
            task_indent = indent
            continue
        if task_indent is not None:
            if not raw.strip():
                blanks.append((number, raw))
                continue
            listed = _LIST_ITEM.match(raw) is not None
            goes_on = (
                number not in item_starts
                and not raw.lstrip().startswith(("#", "|"))
                and (indent > task_indent or listed or not blanks)
            )
            if goes_on:
                blanks = []
                continue
            kept += blanks
            task_indent, blanks = None, []
        kept.append((number, raw))
    return kept


def _guidance_kept(
    ctx: _Context, advice: list[SourceItem], tasks: list[SourceItem]
) -> list[Section]:
    """The parts of the follow-up sections that hold ``advice``, each under its own heading
    (the section's title, or the sub-heading the advice is listed under): advice is no action
    item, but it is what the source learnt, and no line of it may be lost. The ``tasks``
    listed beside it are action items, left out here so that each is in the draft once; a
    paragraph is kept whole, whatever sentences of it were read as tasks."""
    lines = {item.line for item in advice}
    item_starts = lines | {item.line for item in tasks}
    task_starts = {item.line for item in tasks if not item.sentence}
    kept: list[Section] = []
    for section in ctx.doc.of_kind("actions"):
        for block in section.blocks:
            if lines & {number for number, _ in block.lines}:
                title = block.heading or section.title
                rest = _without_tasks(block.lines, task_starts, item_starts)
                kept.append(
                    Section("extra", title, block.level, [replace(block, heading=None, lines=rest)])
                )
    for item in advice:
        ctx.notes.append(
            f"line {item.line} {quote(item.text)} under {quote(item.guidance)} is advice, not a "
            "task: kept in the body under Lessons Learned, not read as an action item"
        )
    return kept


def _lesson_tasks(
    ctx: _Context,
    year: int,
    options: MarkdownOptions,
    order_known: bool,
    started_day: dt.date | None,
) -> list[SourceItem]:
    """The tasks listed under "Lessons learned": items with an owner, a due date, a ticket or
    a checkbox ("- [ ] Add a queue alert (print-team)"), read as action items like those under
    "Prevention measures". Any other item there is a lesson, imperative or not; it stays in
    the body, and the tasks are left out of it (``ctx.lesson_lines``) so each is there once."""
    sections = ctx.doc.of_kind("lessons")
    if not sections:
        return []
    listed = read_action_items(
        sections,
        default_year=year,
        day_first=options.day_first if order_known else None,
        incident_day=started_day,
    )
    tasks = [item for item in listed if is_clear_task(item)]
    ctx.lesson_lines = ({item.line for item in tasks}, {item.line for item in listed})
    for item in tasks:
        under = next(
            (
                s.title
                for s in sections
                if any(item.line == n for b in s.blocks for n, _ in b.lines)
            ),
            "Lessons learned",
        )
        ctx.notes.append(
            f"line {item.line} {quote(item.text)} under {quote(under)} is a task (an owner, a "
            "due date, a ticket or a checkbox): read as an action item; the other lines there "
            "stay in the body under Lessons Learned"
        )
    return tasks


def _body(
    ctx: _Context, text: str, name: str, timeline: Timeline, keys: dict[str, Noted[dt.datetime]]
) -> str:
    incident_id = (
        _field(ctx, "incident_id")
        or _fm(ctx, "id", "incident_id", "incident")
        or ctx.doc.title_number
    )
    intro = f"> Imported from `{PurePath(name).name}` by `pmkb import markdown`"
    intro += f"; the incident's id there is **{incident_id}**." if incident_id else "."
    lines = [
        intro,
        "> Lines marked TODO in the frontmatter were guessed or not found; the source's "
        "text is kept whole under [Original report](#original-report).",
        "",
    ]
    lines[-1:-1] = [f"> TODO: {said[0].upper()}{said[1:]}." for said in ctx.body_todos]
    if ctx.doc.broken_frontmatter is not None:
        first, last = ctx.doc.broken_frontmatter
        lines[-1:-1] = [
            f"> TODO: the source's frontmatter (lines {first}-{last}) is not valid YAML, so none "
            "of its values were read; it is kept verbatim in the original report: copy what "
            "it says into this draft by hand."
        ]
    lead_ins, taken = _lead_ins(ctx)
    for title, kinds in _BODY_SECTIONS:
        lines += [f"## {title}", ""]
        if title == "Timeline":
            lines += _timeline_body(timeline, keys, ctx) + [""]
            continue
        content: list[str] = []
        for kind in kinds:
            if kind in lead_ins:
                content += lead_ins[kind] + [""]
        sections = [s for s in ctx.doc.sections if s.kind in kinds]
        for index, section in enumerate(sections):
            if section.kind == "lessons" and ctx.lesson_lines[0]:
                # Its tasks are action items already: the lessons keep the rest.
                task_starts, item_starts = ctx.lesson_lines
                section = replace(
                    section,
                    blocks=[
                        replace(b, lines=_without_tasks(b.lines, task_starts, item_starts))
                        for b in section.blocks
                    ],
                )
            # A follow-up written under the cause ("**Follow-up:** purge old jobs") or among
            # the lessons ("**TODO**: add a disk alert") is in the draft's action items:
            # copied here too, the draft would say it twice.
            leave_out = ctx.follow_up_lines if title in ("Root Cause", "Lessons Learned") else set()
            if section.kind == "root_cause":
                # "- **Resolution:**" beside "- **Root Cause:**": told under its own heading below.
                leave_out = set(leave_out) | _other_parts(section)
            part = _section_markdown(section, leave_out=leave_out)
            if index or (section.kind == "trigger" and title == "Root Cause"):
                heading = section.title.strip() or "More"
                part = [f"### {heading}", ""] + part
            if part:
                content += part + [""]
        if title == "Lessons Learned":
            # Advice listed with the follow-ups ("Always test in staging" under "Prevention
            # measures") is a lesson: kept here under its own heading.
            for section in ctx.guidance:
                part = _section_markdown(section)
                if part:
                    content += [f"### {_plain(section.title) or 'More'}", ""] + part + [""]
        if title == "Summary":
            # The paragraphs under the title come first, whether or not a Summary section follows.
            preamble = _preamble_prose(ctx, taken)
            if sections:
                # Facts tables under the title are read into the frontmatter, not prose.
                preamble = [t for t in preamble if not t.lstrip().startswith("|")]
            content = preamble + [""] + content if preamble else content
        if content:
            lines += content
        else:
            lines += [f"<!-- TODO: not in the source: {TEMPLATE_PROMPTS[title]} -->", ""]
    for section in ctx.doc.of_kind("root_cause"):
        for group in _label_groups(section):
            if group.lines[0] in _other_parts(section):
                told = set(group.lines[1:])
                others = {n for n, _ in section.lines() if n not in told}
                # Its items were nested under the label: without it they are the list.
                part = textwrap.dedent("\n".join(_section_markdown(section, others))).split("\n")
                if any(line.strip() for line in part):
                    lines += [f"## {_plain(group.label)}", ""] + part + [""]
    for section in ctx.doc.sections:
        if (
            section.kind in ("extra", "detection", "resolution", "lucky", "leadup")
            and not section.is_fact
        ):
            part = _section_markdown(section)
            heading = _plain(section.title) or "Notes"
            if part and heading.lower() != "original report":
                lines += [f"## {heading}", ""] + part + [""]
    lines = _with_references(lines, text)
    fence = _fence_for(text)
    language = markup_language(name) or "markdown"
    lines += ["## Original report", "", f"{fence}{language}", text.rstrip("\n"), fence]
    return "\n".join(lines) + "\n"


_REF_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)([^\]]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]]+)\]:\s*(.*)$")
_REF_USE = re.compile(r"(!?)\[([^\]]*)\]\[([^\]]*)\]|(?<![\]!\\])\[([^\]^][^\]]*)\](?![(\[:])")
_FOOTNOTE_USE = re.compile(r"\[\^([^\]]+)\](?!:)")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)>\s]+)|<img\b[^>]*\bsrc=[\"']([^\"']+)", re.I)


def _outside_fences(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` outside fenced code, with their 1-based numbers."""
    out: list[tuple[int, str]] = []
    fence: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        marker = re.match(r"^ {0,3}(`{3,}|~{3,})", raw)
        if marker:
            fence = None if fence and marker.group(1)[0] == fence[0] else (fence or marker.group(1))
            continue
        if fence is None:
            out.append((number, raw))
    return out


def _definitions(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """The source's link reference definitions (label -> URL) and footnotes (label -> text)."""
    links: dict[str, str] = {}
    notes: dict[str, str] = {}
    current: str | None = None
    for _, raw in _outside_fences(text):
        footnote = _FOOTNOTE_DEFINITION.match(raw)
        if footnote:
            current = footnote.group(1)
            notes[current] = footnote.group(2).strip()
            continue
        if current is not None and raw.startswith(("    ", "\t")) and raw.strip():
            notes[current] += " " + raw.strip()  # a footnote's indented continuation
            continue
        current = None
        link = _REF_DEFINITION.match(raw)
        if link:
            links.setdefault(" ".join(link.group(1).lower().split()), link.group(2))
    return links, notes


def _with_references(lines: list[str], text: str) -> list[str]:
    """The body with the source's reference links and footnotes working where they are used.

    Sections are copied apart from the definitions at the end of the source: a definition the
    body uses is carried to the end of the body (a relative one points nowhere in the site:
    the link keeps its text), and footnotes, which the site's Markdown does not render, become
    numbered notes under "Footnotes"."""
    links, notes = _definitions(text)
    if not links and not notes:
        return lines
    used_links: dict[str, str] = {}
    used_notes: list[str] = []
    out: list[str] = []
    present: set[str] = set()
    fence: str | None = None
    in_footnote = False
    for raw in lines:
        marker = re.match(r"^ {0,3}(`{3,}|~{3,})", raw)
        if marker:
            fence = None if fence and marker.group(1)[0] == fence[0] else (fence or marker.group(1))
        defined = _REF_DEFINITION.match(raw) if fence is None and not marker else None
        if defined:
            present.add(" ".join(defined.group(1).lower().split()))
        if fence is not None or marker or defined:
            out.append(raw)
            continue
        if _FOOTNOTE_DEFINITION.match(raw) or (in_footnote and raw.startswith(("    ", "\t"))):
            in_footnote = True  # the definition moves to the Footnotes below
            continue
        in_footnote = False

        def link(match: re.Match[str]) -> str:
            if match.group(4) is not None:  # "[label]" alone: a link only if defined
                label, shown, bang = match.group(4), match.group(4), ""
            else:
                bang, shown = match.group(1), match.group(2)
                label = match.group(3) or shown
            key = " ".join(label.lower().split())
            url = links.get(key)
            if url is None:
                return match.group(0)
            if re.match(r"[a-z][a-z0-9+.-]*:|#|/", url, re.I) and not bang:
                used_links[key] = url
                return match.group(0)
            return f"*(image: {shown or 'not imported'})*" if bang else shown

        def footnote(match: re.Match[str]) -> str:
            label = match.group(1)
            if label not in notes:
                return match.group(0)
            if label not in used_notes:
                used_notes.append(label)
            return f"<sup>{used_notes.index(label) + 1}</sup>"

        out.append(_FOOTNOTE_USE.sub(footnote, _REF_USE.sub(link, raw)))
    if used_notes:
        while out and not out[-1].strip():
            out.pop()
        out += ["", "## Footnotes", ""]
        for number, label in enumerate(used_notes, 1):
            out += [f"{number}. {_neutralise_links(notes[label])}"]
        out.append("")
    carried = [f"[{label}]: {url}" for label, url in used_links.items() if label not in present]
    if carried:
        out += carried + [""]
    return out


def source_images(text: str) -> list[tuple[int, str]]:
    """Images the source shows from files beside it: what an import of Markdown leaves behind."""
    found: list[tuple[int, str]] = []
    links, _ = _definitions(text)
    for number, raw in _outside_fences(text):
        for match in _IMAGE.finditer(raw):
            found.append((number, html.unescape(match.group(1) or match.group(2))))
        for match in re.finditer(r"!\[[^\]]*\]\[([^\]]*)\]", raw):
            url = links.get(" ".join(match.group(1).lower().split()))
            if url:
                found.append((number, html.unescape(url)))
    return [(n, path) for n, path in found if not re.match(r"[a-z][a-z0-9+.-]*:|/", path, re.I)]


# --- the whole conversion -----------------------------------------------------


def _timed_runs_elsewhere(doc: Document) -> list[tuple[Section, str]]:
    """Runs of lines starting with a time, and tables whose rows carry times, outside any
    timeline section, when the timeline sections have none: each as a timeline section,
    with where it is in words.

    "## What happened?", then "Here is a timeline (all times UTC):" and "09:47 Onset",
    "09:48 Identified": a run of entries that start with a time is a timeline whatever
    its section is called; so is a "| Date | Time | Description |" table of timed rows.
    Action items (often dated) are never read as one.
    """
    timed = [t for s in doc.of_kind("timeline") for _, t in s.lines() if starts_with_time(t)]
    if timed:
        return []
    skip = {n for s in doc.sections if s.kind in ("timeline", "actions") for n, _ in s.lines()}
    skip.add(doc.title_line)
    # A heading ends a run, even one written without marks ("Root Cause and Resolution:"
    # right under the last row): left out, it leaves a gap that closes the run there.
    skip |= {b.line for s in doc.sections for b in s.blocks if b.heading is not None}
    lines = [(n, t) for n, t in doc.prose if n not in skip]
    found: list[tuple[Section, str]] = []
    for run in sorted(timed_runs(lines) + timed_tables(lines)):
        holder = next((s for s in doc.sections if any(n == run[0][0] for n, _ in s.lines())), None)
        where = f"under {quote(_plain(holder.title))}" if holder else "before the first section"
        block = Block(None, 2, run[0][0], run)
        found.append(
            (Section("timeline", holder.title if holder else "Timeline", 2, [block]), where)
        )
    return found


#: Headings of an outage's handling that no draft section takes ("## Investigation",
#: "## Symptoms", "## Solving"): each a sign of an incident report, as wiki-style reports of
#: small operations teams are made of them.
_HANDLING_HEADINGS = re.compile(
    r"^(?:investigation|investigating|diagnosis|diagnostic|symptoms?|troubleshooting|solving"
    r"|solving the issue|solving the problem"
    # The same headings in other languages, as the title is compared: accents left out.
    r"|现象|症状|排查|排查过程|調査|現象|증상|현상|조사|sintomas|investigacion|investigacao"
    r"|symptomes|enquete|diagnostico|symptome|untersuchung|fehlersuche)$"
)
#: A title that says something is down: "Wiki down", "Search is down", "ledger-sync-down";
#: the word before it, to tell "Legacy cluster shut down" (planned work) apart.
_DOWN_TITLE = re.compile(r"(?:^|(?P<before>\w+)?[\s_-]+)down[\s.!]*$", re.I)
_DOWN_ON_PURPOSE = {
    *("shut", "shutting", "scale", "scaled", "scaling", "wind", "winding", "step", "stepping"),
    *("turn", "turned", "turning", "cut", "cutting", "count", "counting", "cool", "cooling"),
    *("narrow", "narrowed", "narrowing", "break", "broken", "calm", "calming"),
}


def _says_down(title: str) -> bool:
    """True for a title that says something is down ("Wiki down", "Proxy host Down")."""
    found = _DOWN_TITLE.search(title)
    return found is not None and (found.group("before") or "").lower() not in _DOWN_ON_PURPOSE


def _looks_like_postmortem(doc: Document, name: str, *, has_timeline: bool = False) -> bool:
    """Two signs of an incident report: a timeline or a root cause alone count as two."""
    kinds = doc.kinds() | ({"timeline"} if has_timeline else set())
    score = len(kinds & _STRONG_KINDS) + len(set(doc.fields) & _INCIDENT_FIELDS)
    score += len(kinds & {"timeline", "root_cause"})
    score += len(
        {norm for s in doc.sections if _HANDLING_HEADINGS.match(norm := normalise_title(s.title))}
    )
    # "# Summary of the ... Service Event" is read as a Summary section, and is the title too.
    first = doc.sections[0].title if doc.sections and doc.sections[0].level == 1 else ""
    # The source's own words: "Incident notice:" or "Post-mortem:" says what a short notice
    # is, though the draft's title leaves the label out.
    title, stem = doc.source_title or doc.title or first, PurePath(name).stem.replace("_", " ")
    if any(_INCIDENT_WORDS.search(t) or _says_down(t) for t in (title, stem)):
        score += 2
    return score >= 2


#: Files that archives keep beside their post-mortems: "README.md", "CONTRIBUTING.md", "LICENSE".
_ARCHIVE_FILES = re.compile(
    r"^(?:readme|contributing|license|licence|copying|changelog|code[_-]of[_-]conduct|"
    r"security|codeowners|authors|notice)$",
    re.I,
)
#: A template's name or title: "Postmortem template", "report-template", "Template: outage",
#: "PMyyyy-nnn", "YYYY-MM-DD - Incident Title": a document's template, or letters where digits
#: go. "Bad launch template" names an incident.
_TEMPLATE = re.compile(
    r"^\s*templates?(?:$|[\s_:-])"
    r"|(?:post[-_ ]?mortem|incident|report|rca|review|retrospective)[\s_-]+templates?\s*$"
    r"|y{4}[-_/. ]?(?:m{2}|n{2,4})",
    re.I,
)


def _not_a_postmortem(doc: Document, name: str, *, has_timeline: bool) -> str | None:
    """Why the file is an archive's own page or a template rather than a post-mortem, or None.

    A README is read when its sections are a post-mortem's (a folder per incident keeps
    its report there); its title ("Postmortems") says nothing either way.
    """
    stem = PurePath(name).stem if PurePath(name).suffix else name
    if _ARCHIVE_FILES.match(stem):
        kinds = doc.kinds() | ({"timeline"} if has_timeline else set())
        score = len(kinds & _STRONG_KINDS) + len(set(doc.fields) & _INCIDENT_FIELDS)
        if score + len(kinds & {"timeline", "root_cause"}) < 2:
            return (
                f"not a post-mortem: {name} is the archive's {stem.upper()} file, with no "
                "sections such as Timeline, Root Cause or Action Items"
            )
    for place, text in (("file name", stem), ("title", _plain(doc.title or ""))):
        found = _TEMPLATE.search(text)
        if found is not None:
            return (
                f"not a post-mortem: a template, as its {place} {quote(text.strip())} says "
                f"({quote(found.group(0).strip(' _-'))})"
            )
    return None


def _times_told_in_items(ctx: _Context, rows: list[Event]) -> list[Event]:
    """Events told with a time inside a sentence of a list item of the timeline or of a
    Resolution section ("- Paged the platform team at 11:30 AM (UTC)."), each a row with
    the words of its clause. The timeline's rows read those that start with their time; a
    time in code, a quote or a table is no item's, and a duration is no time."""
    read = {e.line for e in rows}
    items: set[int] = set()
    for section in ctx.doc.sections:
        if section.kind not in ("timeline", "resolution"):
            continue
        fence = False
        for number, text in section.lines():
            if text.lstrip().startswith(("```", "~~~")):
                fence = not fence
            elif not fence and _LIST_ITEM.match(text) and number not in read:
                items.add(number)
    if not items:
        return []
    told = _read_prose(ctx, with_timeline=True).events
    return [replace(e, text=_LIST_ITEM.sub("", e.text)) for e in told if e.line in items]


def _tells_an_incident(ctx: _Context) -> bool:
    """True when the source's sentences tell an incident's course in times, whatever its title
    ("What happened on March 3rd"): three or more timed clauses, one of them an alert or a
    report, or the end of impact ("At 02:14 UTC the lag alert fired").

    A window of impact the text states ("From 14:02–14:37 UTC the search box showed no
    suggestions") tells both its start and its end in one clause: its end counts as a timed
    clause of its own, and as the end of impact.
    """
    prose = _read_prose(ctx, with_timeline=True)
    picks = pick_keys(prose.events)
    told = len(prose.events) + (prose.window is not None)
    return told >= 3 and ("detected" in picks or "mitigated" in picks or prose.window is not None)


#: The frontmatter keys that make a file a post-mortem in this project's format already.
_OWN_FORMAT_KEYS = ("id", "severity", "timeline", "contributing_factors", "action_items")


def _in_own_format(frontmatter: object) -> bool:
    """Whether a source's frontmatter is a post-mortem's in this project's format."""
    return (
        isinstance(frontmatter, dict)
        and all(key in frontmatter for key in _OWN_FORMAT_KEYS)
        and isinstance(frontmatter["timeline"], dict)
    )


def draft_from_markdown(
    raw: bytes,
    name: str,
    options: MarkdownOptions,
    *,
    original: str | None = None,
    part_note: str = "",
) -> Draft:
    """The draft for one source file; ``name`` is the file's name. ``original`` is the text
    kept as the original report when ``raw`` is only a part of it, which ``part_note`` tells.

    Raises :class:`NotAPostmortem` for an archive's README or a template, and
    :class:`SkipFile` for a file that cannot be made a draft (no date, empty...).
    """
    text, notes = decode(raw)
    if not text.strip():
        raise SkipFile("the file is empty")
    if original is None and markup_language(name) is not None:
        # reStructuredText or AsciiDoc: read as the Markdown that says the same, line for
        # line; the source as written is the original report. (A part of a report is given
        # converted already, with the whole source as ``original``.)
        original, text = text, as_markdown(text, name)
    # One rule for every numeric date of the file: the dates that read one way only
    # ("30/04/2025") tell the order of those that read both ways ("10/05/2025").
    order = numeric_date_order(text)
    if order is not None and order != options.day_first:
        options = replace(options, day_first=order)
        notes = [
            *notes,
            f"numeric dates read {'day' if order else 'month'} first, as the source's "
            "other dates are written",
        ]
    # Neither the file nor the command line tells the order: values read from a date that
    # reads both ways say so.
    order_known = options.day_first or order is not None
    doc = read_document(text, plain_text=PurePath(name).suffix.lower() in (".txt", ".text"))
    if _in_own_format(doc.frontmatter):
        # A draft this command wrote, or a post-mortem of the project: its values marked TODO
        # are placeholders ("service-name", "monitoring-gap"), which a second import would
        # read as facts the source states, and the dashboard would then count.
        raise SkipFile(
            "already a post-mortem in this project's format (its frontmatter has "
            f"{', '.join(_OWN_FORMAT_KEYS)}): copy it into the post-mortem folder and run "
            "`pmkb lint` on it; imported again, the values it marks TODO would read as facts"
        )
    updates = posted_updates(doc.prose)
    if updates >= 2 and not doc.of_kind("timeline"):
        # A status page's incident history: every "Posted ..." line closes an update.
        lines = [(n, t) for n, t in doc.prose if n > doc.title_line]
        doc.sections.insert(
            0,
            Section("timeline", "Updates", 2, [Block(None, 2, lines[0][0] if lines else 1, lines)]),
        )
    runs = [] if updates >= 2 else _timed_runs_elsewhere(doc)
    looks = updates >= 2 or _looks_like_postmortem(doc, name, has_timeline=bool(runs))
    other = _not_a_postmortem(doc, name, has_timeline=bool(runs))
    if other is not None:
        raise NotAPostmortem(other)

    doc_zone, stated_where = _stated_zone(doc)
    inferred_note = ""
    if doc_zone is None and options.zone is None:
        # "Start Time: 2:05 PM PST" and a timeline of bare times: the times are PST too.
        doc_zone, named_by = _zone_of_fields(doc)
        if doc_zone is not None and named_by is not None:
            inferred_note = (
                f"times without a zone read as {doc_zone.describe}, the zone of "
                f"{quote(named_by.label)}"
            )
    zone = doc_zone or options.zone or UTC
    not_one = SkipFile(
        "does not look like a post-mortem: no sections such as Timeline, Root Cause or Action "
        "Items, no incident facts such as Severity or Duration, and no sentences that tell "
        "at what time an incident was detected or ended"
    )
    try:
        day, day_how, day_note = _incident_day(doc, name, options)
    except NoDate as exc:
        raise (SkipFile(str(exc)) if looks else not_one) from None
    timeline_sections = doc.of_kind("timeline") + [section for section, _ in runs]
    told_apart = ""
    if doc_zone is None and options.zone is None:
        # "Service was restored at 04:13 mountain time" over rows of bare times: the rows
        # are in that zone too, when it is the only zone the source names.
        bare = read_timeline(
            timeline_sections,
            day=day,
            zone=UTC,
            zone_stated=False,
            default_year=day.year,
            day_first=options.day_first,
            elsewhere=doc.prose,
        ).events
        sentence_zone, told_note = _zone_told_in_a_sentence(doc, bare)
        if sentence_zone is not None:
            doc_zone, inferred_note = sentence_zone, told_note
            zone = sentence_zone
        else:
            told_apart = told_note
    ctx = _Context(
        doc, options, zone, doc_zone is not None or options.zone is not None, day, day_how, day_note
    )
    ctx.names_no_zone = not ctx.zone_stated and _names_no_zone(doc, timeline_sections, day, options)
    if part_note:
        ctx.notes.append(part_note)
        ctx.body_todos.append(part_note)
    if told_apart:
        ctx.notes.append(told_apart)
        ctx.body_todos.append(told_apart)
    if not looks and not _tells_an_incident(ctx):
        raise not_one
    timeline = read_timeline(
        timeline_sections,
        day=day,
        zone=zone,
        zone_stated=ctx.zone_stated,
        default_year=day.year,
        day_first=options.day_first,
        day_note="" if day_how == "missing" else day_note,
        day_is_the_incidents=_day_is_stated(ctx),
        elsewhere=doc.prose,
    )
    if timeline.events:
        timeline.events.extend(_times_told_in_items(ctx, timeline.events))
    differs = _zone_option_differs(doc, options, doc_zone, stated_where, day)
    if doc_zone is None:
        # "| When (PST) | Event |" or "## Timeline (PST)": the zone a heading of the timeline
        # names wins over --timezone for the times under it, as a stated zone does.
        for what, words, line, named in timeline.named_zones:
            said = _zone_option_differs(
                doc, options, named, f"the {what} {quote(words)} (line {line})", day
            )
            if said:
                differs = said
                break
    if differs:
        ctx.notes.append(differs)
        ctx.body_todos.append(differs)
    for said in timeline.weekdays:
        ctx.notes.append(said)
        ctx.body_todos.append(said)
    for section, where in runs:
        first, last = section.blocks[0].lines[0][0], section.blocks[0].lines[-1][0]
        timeline.found_elsewhere.append(
            f"the source has no timeline section; these rows were read from lines {first}-{last}, "
            f"{where}, which "
            + (
                "carry a time"
                if section.blocks[0].lines[0][1].lstrip().startswith("|")
                else "start with a time"
            )
        )
    keys = _timeline_keys(ctx, timeline.events)
    if not timeline.events and ctx.prose is not None and ctx.prose.events:
        # A report told in sentences: the times they give are its timeline.
        timeline.events = list(ctx.prose.events)
        timeline.zones = list(dict.fromkeys(e.zone for e in timeline.events))
        told = ", ".join(str(n) for n in sorted({e.line for e in timeline.events}))
        timeline.found_elsewhere.append(
            "the source has no timeline; these rows were read from the times its sentences "
            f"give (lines {told}), each with the words of its clause"
        )
    if day_how == "missing" and keys["started"].how != "missing":
        # The source gives times but no year: the start's date is the importer's, and says so.
        started = keys["started"]
        keys["started"] = replace(
            started,
            how="guessed",
            note=f"the date from {day_note}; " + (started.note or started.how),
        )
        ctx.notes.append(f"the incident's date is a guess: from {day_note}")
    if not order_known:
        _flag_date_order(ctx, keys, text)
    started_day = keys["started"].value.date()

    subject = _field(ctx, "title")
    # A field's title is a mail's subject as often as not: its tags go as a heading's do.
    title_text = doc.title or (subject and (clean_title(subject) or subject))
    placeholder = None
    if title_text and _PLACEHOLDER_TITLE.match(title_without_date(_plain(title_text))):
        # "# Incident Title" left from the template, the real title often on the line below.
        placeholder = title_text
        below = _line_below_title(doc)
        title_text = below[1] if below else None
    if placeholder is not None:
        said = f"the heading {quote(_plain(placeholder))} (line {doc.title_line}) is the template's"
        if title_text:
            title = title_without_date(_plain(title_text))
            title_noted: Noted[str] = Noted(
                title,
                "guessed",
                f"{said}; the title is the line below it",
                below[0] if below else None,
            )
        else:
            title_noted = Noted(_title_from_name(name), "guessed", f"{said}; from the file name")
    elif title_text:
        title = title_without_date(_plain(title_text))
        title_noted = Noted(title, line=doc.title_line or None)
        if title.lower() != _plain(title_text).lower():
            # The draft's date lives in its timeline and file name; in the title it would repeat.
            title_noted = Noted(
                title,
                "guessed",
                f"the date left out of {quote(_plain(title_text))}",
                doc.title_line,
            )
        if len(title) > 120:
            title_noted = Noted(
                title[:117].rsplit(" ", 1)[0] + "...",
                "guessed",
                "shortened from the source's title",
            )
    else:
        title_noted = Noted(_title_from_name(name), "guessed", "from the file name")
    incident = (
        _one_incident_heading(doc)
        if title_text and placeholder is None and _is_periodic_report(_plain(title_text))
        else None
    )
    if incident is not None and title_text:
        # "Service availability report - March 2025" holding one incident under its own
        # heading: the heading names the incident, the report's title only the month.
        title = title_without_date(_plain(incident.title))
        title_noted = Noted(
            title if len(title) <= 120 else title[:117].rsplit(" ", 1)[0] + "...",
            "guessed",
            f"the heading of the one incident in the report {quote(_plain(title_text))}"
            + ("" if title == _plain(incident.title) else ", its date left out"),
            incident.blocks[0].line,
        )

    services = _names(ctx, "services", ("services", "service", "components", "systems"))
    teams = _names(ctx, "teams", ("teams", "team"))
    authors = _people(ctx, "authors", ("authors", "author", "owner"))
    reviewers = _people(ctx, "reviewers", ("reviewers", "reviewed_by"))
    published = None
    if _field(ctx, "published"):
        found = find_date(
            _field(ctx, "published") or "", default_year=day.year, day_first=options.day_first
        )
        if found is not None:
            published = Noted(found[0])
    trigger = None
    trigger_text = _field(ctx, "trigger") or " ".join(s.text() for s in doc.of_kind("trigger"))
    if trigger_text.strip():
        found_trigger = trigger_from_text(trigger_text)
        if found_trigger:
            trigger = Noted(found_trigger, "guessed", f"from {quote(_plain(trigger_text))}")

    # "**Follow-up:** ..." in an incident's own sub-section is an action item too; the
    # timeline's rows are events, whatever their words. So is one above the first section,
    # where a short report or a pasted note puts it, unless a status page's updates or timed
    # rows there were read as the timeline.
    held = {n for s in doc.sections + [s for s, _ in runs] for n, _ in s.lines()}
    lead = [(n, t) for n, t in doc.preamble if n != doc.title_line and n not in held]
    lead_section = [Section("extra", "", 0, [Block(None, 0, lead[0][0], lead)])] if lead else []
    labelled = labelled_paragraphs(
        lead_section + [s for s in doc.sections if s.kind not in ("actions", "timeline")]
    )
    items = read_action_items(
        sorted(
            doc.of_kind("actions") + labelled, key=lambda s: s.blocks[0].line if s.blocks else 0
        ),
        default_year=day.year,
        day_first=options.day_first if order_known else None,
        incident_day=started_day,
    )
    advice = [item for item in items if is_advice(item)]
    if advice:
        items = [item for item in items if not is_advice(item)]
        ctx.guidance = _guidance_kept(ctx, advice, items)
    items = sorted(
        items + _lesson_tasks(ctx, day.year, options, order_known, started_day),
        key=lambda item: item.line,
    )
    item_lines = {item.line for item in items}
    ctx.follow_up_lines = {
        number
        for section in labelled
        if section.blocks[0].line in item_lines
        for number, _ in section.lines()
    }
    action_items = to_draft_items(
        items, started_day, published.value if published is not None else None
    )

    severity = _severity(ctx)  # before the report: a title's differing level adds a note
    report: list[str] = list(notes)  # decoding notes; ctx.notes are added below
    if inferred_note:
        report.append(inferred_note)
    if timeline.events:
        zones = sorted({e.zone.describe for e in timeline.events})
        report.append(f"timeline: {len(timeline.events)} events (times in {', '.join(zones)})")
        report += timeline.found_elsewhere
    if timeline.unreadable:
        count = len(timeline.unreadable)
        more = f"; and {count - 8} more" if count > 8 else ""
        report.append(
            f"{count} timeline {'row' if count == 1 else 'rows'} without a readable time, kept in "
            "the original report only: "
            + "; ".join(f"line {n} {quote(t)}" for n, t in timeline.unreadable[:8])
            + more
        )
    if timeline.placeholders:
        report.append(
            "template rows left out of the timeline on lines "
            + ", ".join(map(str, timeline.placeholders[:8]))
        )
    early = early_mitigation(timeline.events, keys)
    if early is not None:
        dropped = (
            f"line {early.line} {quote(_plain(early.text))} reads as the end of impact "
            f"({early.at:%Y-%m-%d %H:%M} UTC) but is before the detection, which the format's order "
            "does not allow: timeline.mitigated left out"
        )
        report.append(dropped)
        ctx.left_out.append(dropped)
    if timeline.rolled_over:
        rows = "row" if timeline.rolled_over == 1 else "rows"
        report.append(
            f"{timeline.rolled_over} timeline {rows} read as the next day (time earlier than the row before)"
        )
    if timeline.next_year:
        dates = "date" if len(timeline.next_year) == 1 else "dates"
        report.append(
            f"{len(timeline.next_year)} timeline {dates} without a year read in the next year "
            "(month before the one above, across a year's end): line "
            + ", ".join(map(str, timeline.next_year))
        )
    if items:
        done = sum(1 for i in action_items if i.status.value == "done")
        report.append(f"action items: {len(items)} ({done} done)")
    incident_id = _field(ctx, "incident_id") or _fm(ctx, "id", "incident_id")
    if incident_id:
        report.append(f"source id: {incident_id}")
    if doc.title_number and doc.title_number != incident_id:
        # Our pages show our own id before the title; the tool's number is kept here instead.
        report.append(f"source number {doc.title_number} left out of the title")
    report += ctx.notes
    report += doc.problems
    images = source_images(text)
    if images:
        report.append(
            "images the source shows are not copied (the import copies Markdown only): "
            + "; ".join(f"line {n} {path}" for n, path in images)
        )
    started_note = keys["started"].note
    counts = {
        "timeline_events": len(timeline.events),
        "timeline_unread": len(timeline.unreadable),
        "start_time": 0 if started_note.startswith("no start time") else 1,
        "action_items": len(action_items),
        "action_items_done": sum(1 for i in action_items if i.status.value == "done"),
    }

    return Draft(
        title=title_noted,
        severity=severity,
        services=_names_noted(ctx, "services", services, ["service-name"])
        or Noted(["service-name"], "missing", "kebab-case service names"),
        teams=_names_noted(ctx, "teams", teams, []),
        authors=Noted(authors)
        if authors
        else Noted(["incident-author"], "missing", "roles or team handles"),
        reviewers=Noted(reviewers) if reviewers else None,
        timeline=keys,
        published=published,
        detection=_detection(ctx, keys, timeline.events, timeline.labelled_groups),
        trigger=trigger,
        impact=_impact(ctx),
        root_cause=_root_cause(ctx),
        contributing_factors=_factors(ctx, options.taxonomy),
        action_items=action_items,
        body=_body(ctx, text if original is None else original, name, timeline, keys),
        source_key=source_key(raw),
        notes=report,
        left_out=ctx.left_out,
        counts=counts,
        separate_windows=ctx.separate_windows,
        source_names=tuple(
            str(said) for said in (incident_id, doc.title_number, PurePath(name).stem) if said
        ),
    )


def _flag_date_order(ctx: _Context, keys: dict[str, Noted[dt.datetime]], text: str) -> None:
    """A start dated by a numeric date that reads as two days ("03-04-2024"), when nothing
    tells the order, says so: the month was read first, as without --day-first."""
    days = {ctx.day, keys["started"].value.date()}
    for match in NUMERIC_DATE.finditer(text):
        written = match.group(0)
        read = read_date(written, default_year=None)
        other = read_date(written, default_year=None, day_first=True)
        if not is_ambiguous_date(written) or read is None or other is None or read[0] not in days:
            continue
        said = (
            f"{quote(written)} read as {read[0]:%-d %B %Y}, month first, though it reads as "
            f"{other[0]:%-d %B %Y} too, and no other date in the source tells "
            "the order; if it writes the day first, import it again with --day-first"
        )
        started = keys["started"]
        keys["started"] = replace(
            started,
            how="guessed" if started.how == "found" else started.how,
            note="; ".join(part for part in (started.note, said) if part),
        )
        ctx.notes.append(f"the incident's date reads two ways: {said}")
        return


def _stated_zone(doc: Document) -> tuple[Zone | None, str]:
    """The zone the source states for all its times ("Timezone: CET", a frontmatter's
    ``timezone``, "All times in CEST"), and where it states it, for notes."""
    value = doc.fields.get("timezone")
    if value:
        zone = find_zone(value.value) or stated_zone("times " + value.value)
        if zone is not None:
            return zone, f"the source's {quote(value.label)} (line {value.line})"
    zone = _fm_zone(doc)
    if zone is not None:
        return zone, "the source's frontmatter"
    for number, line in doc.prose:
        zone = stated_zone(line)
        if zone is not None:
            return zone, f"line {number} of the source"
    return None, ""


def _zone_option_differs(
    doc: Document,
    options: MarkdownOptions,
    stated: Zone | None,
    stated_where: str,
    day: dt.date,
) -> str:
    """What to tell the author when --timezone and the source name different zones; empty
    when they agree (the same offset on the incident's day) or only one of them names one.

    A zone the source states for all its times wins over the option; the option wins over a
    zone only a date or time field names. Either way one of the two is set aside, and a
    timeline read in the wrong zone is off by hours without looking wrong: the author checks.
    """
    given = options.zone
    if given is None:
        return ""
    noon = dt.datetime.combine(day, dt.time(12))
    if stated is not None:
        if stated.offset_on(noon) == given.offset_on(noon):
            return ""
        return (
            f"check the timeline's zone: {stated_where} states {stated.describe}, but "
            f"--timezone gave {given.describe}; times without a zone of their own were read "
            f"as {stated.label}, as the source states"
        )
    named, named_by = _zone_of_fields(doc)
    if named is None or named_by is None or named.offset_on(noon) == given.offset_on(noon):
        return ""
    return (
        f"check the timeline's zone: --timezone gave {given.describe}, but the source's "
        f"{quote(named_by.label)} (line {named_by.line}) names {named.describe}; times "
        f"without a zone of their own were read as {given.label}, as --timezone says"
    )


def _zone_of_fields(doc: Document) -> tuple[Zone | None, FieldValue | None]:
    """The one zone that the source's time fields name, if they name exactly one, and the
    first field that names it."""
    found: dict[str, tuple[Zone, FieldValue]] = {}
    for key in (
        "started",
        "detected",
        "acknowledged",
        "mitigated",
        "resolved",
        "date",
        "duration",
        "window",
        "impact_window",
    ):
        value = doc.fields.get(key)
        if value is None:
            continue
        stamp = read_stamp(value.value, default_year=2000)
        zone = stamp.zone if stamp is not None and stamp.clock is not None else None
        if zone is None and key == "date" and stamp is not None:
            # "**Date:** 2024-03-04 (UTC)": a zone in brackets after the day is the zone of
            # the times written under it; a bare word after a date may be no zone at all.
            zone = bracketed_zone(value.value)
        window = find_time_range(value.value)
        zone = zone or (window[2] if window else None)
        if zone is not None:
            found.setdefault(zone.describe, (zone, value))
    if len(found) != 1:
        return None, None
    return next(iter(found.values()))


#: A time and the words after it, in a sentence: "at 04:13 mountain time", "9:02 a.m. Eastern".
_TIME_IN_TEXT = re.compile(rf"(?<![\w:.])(?P<time>{TIME})(?!\d|:\d)", re.I)
#: What quotes words rather than tells: inline code and quoted text (a log line, a message).
_QUOTED = re.compile(r"`[^`]*`|\"[^\"]*\"|\u201c[^\u201d]*\u201d")
#: Zone names that say no one zone: "Central" alone is US Central or Central European time.
_AMBIGUOUS_ZONE_WORDS = ("central", "central time")


def _plain_zone(phrase: str) -> Zone | None:
    """The zone ``phrase`` names when it is one a reader cannot take for another: UTC or an
    offset, an abbreviation the importer knows ("MST", "CEST"), or a US or European zone
    written out ("mountain time", "Eastern"); None for a city or region elsewhere."""
    zone = zone_in_phrase(phrase)
    words = " ".join(phrase.lower().split())
    if zone is None or words in _AMBIGUOUS_ZONE_WORDS:
        return None
    if isinstance(zone.tz, dt.timezone) or zone.label.isupper():
        return zone
    key = str(getattr(zone.tz, "key", ""))
    return zone if key.startswith(("America/", "Europe/")) else None


def _zone_told_in_a_sentence(doc: Document, rows: list[Event]) -> tuple[Zone | None, str]:
    """The zone that a sentence gives one of the timeline's times in ("Service was restored
    at 04:13 mountain time", the row "04:13 — export complete"), for the rows of bare times;
    with the note that says so. None when a row carries a zone of its own, when the source
    names no zone or more than one (then the note says why the rows stay as they were), or
    when no zoned time in the text is a time of a row: a zone given to another event's time
    (a vendor's, a quoted log's) says nothing about the rows."""
    timed = [e for e in rows if not e.date_only]
    if not timed or any(e.zone_stated for e in timed):
        return None, ""
    told: list[tuple[int, str, dt.time, Zone]] = []
    for number, line in doc.prose:
        if line.lstrip().startswith(">"):
            continue  # a quoted mail or log
        text = _QUOTED.sub(" ", _plain(line))
        for match in _TIME_IN_TEXT.finditer(text):
            head = _ZONE_HEAD.match(text, match.end())
            zone = _plain_zone(head.group(1)) if head else None
            clock = read_clock(match.group("time"))
            if head is not None and zone is not None and clock is not None:
                written = text[match.start() : head.end()].strip(" ()")
                told.append((number, written, clock, zone))
        # A window with its zone after its last end ("9:40 から 10:35 まで（日本時間）",
        # "（9:40 から 10:35 まで、日本時間）") gives that zone to both its ends, in whatever
        # letters the zone is named.
        window = find_time_range(text)
        if window is not None and window[2] is not None:
            for clock in window[:2]:
                told.append((number, text.strip(), clock, window[2]))
    if not told:
        return None, ""
    kinds: dict[str, tuple[int, str, dt.time, Zone]] = {}
    for said in told:
        kinds.setdefault(str(getattr(said[3].tz, "key", said[3].label)), said)
    if len(kinds) > 1:
        named = ", ".join(f"{quote(w)} (line {n})" for n, w, _, _ in kinds.values())
        return None, (
            f"check the timeline's zone: the source's sentences name more than one zone "
            f"({named}); times without a zone of their own were read as UTC"
        )
    rows_at = {(e.at.hour, e.at.minute): e for e in timed}
    for number, written, clock, zone in told:
        row = rows_at.get((clock.hour, clock.minute))
        if row is not None and row.line != number:
            return zone, (
                f"times without a zone read as {zone.describe}, the zone of {quote(written)} "
                f"(line {number}), a time the timeline's line {row.line} gives too"
            )
    return None, ""


def _in_quotes(sentence: str, at: int) -> bool:
    """True when ``sentence[at]`` is inside inline code or quoted words."""
    return any(q.start() <= at < q.end() for q in _QUOTED.finditer(sentence))


def _names_no_zone(
    doc: Document, timeline_sections: list[Section], day: dt.date, options: MarkdownOptions
) -> bool:
    """True when no time of the source carries a zone: no timeline row, no heading or column
    of the timeline, no time written in the text ("14:05 PST", "at 9am (UTC+2)")."""
    rows = read_timeline(
        timeline_sections,
        day=day,
        zone=UTC,
        zone_stated=False,
        default_year=day.year,
        day_first=options.day_first,
        elsewhere=doc.prose,
    )
    if rows.named_zones or any(e.zone_stated for e in rows.events):
        return False
    for _, line in doc.prose:
        text = _plain(line)
        for match in _TIME_IN_TEXT.finditer(text):
            head = _ZONE_HEAD.match(text, match.end())
            if head is not None and zone_in_phrase(head.group(1)) is not None:
                return False
    return True


def _fm_zone(doc: Document) -> Zone | None:
    for key in ("timezone", "time_zone", "tz"):
        value = doc.frontmatter.get(key)
        if isinstance(value, str):
            zone = find_zone(value)
            if zone is not None:
                return zone
    return None


# --- reports of several incidents ----------------------------------------------


@dataclass
class IncidentPart:
    """One incident of a report of several: its heading and the lines its section spans."""

    heading: str
    level: int
    first: int
    last: int
    draft: Draft | None = None


def _incident_sections(doc: Document, windows: list[int], line_count: int) -> list[IncidentPart]:
    """The sections of a report that each hold one of the separate impact ``windows``
    (their lines), or [] when the headings do not tell them apart clearly: each window must
    lie under its own heading of one level, a heading that is no known section's name
    ("## Timeline") nor a part of the report ("## Background")."""
    headings = [
        (block.line, block.level, block.heading)
        for section in doc.sections
        for block in section.blocks
        if block.heading is not None and block.line != doc.title_line
    ]
    headings.sort()
    # Headings that open a recognised section (Timeline, Impact...) or a stated fact are the
    # parts of one incident, never an incident of their own.
    known = {
        section.blocks[0].line
        for section in doc.sections
        if section.blocks and (section.kind != "extra" or section.is_fact)
    }

    def enclosing(line: int, level: int) -> tuple[int, int, str] | None:
        found = None
        for heading in headings:
            if heading[0] > line:
                break
            if heading[1] < level:
                found = None
            elif heading[1] == level:
                found = heading
        return found

    for level in sorted({level for _, level, _ in headings}):
        chosen = [enclosing(line, level) for line in windows]
        picked = [heading for heading in chosen if heading is not None]
        if len(picked) != len(windows) or len({h[0] for h in picked}) != len(windows):
            continue
        if any(h[0] in known or _PART_OF_A_REPORT.search(_plain(h[2])) for h in picked):
            return []
        parts = []
        for line, _, heading in sorted(picked):
            after = [h[0] for h in headings if h[0] > line and h[1] <= level]
            parts.append(
                IncidentPart(heading, level, line, (after[0] - 1) if after else line_count)
            )
        return parts
    return []


def _part_text(lines: list[str], parts: list[IncidentPart], keep: IncidentPart) -> str:
    """The source with the other incidents' lines left blank: every line keeps its number,
    so that what the part's draft cites is the line of the source file."""
    out = list(lines)
    for part in parts:
        if part is not keep:
            for number in range(part.first, part.last + 1):
                out[number - 1] = ""
    return "\n".join(out)


def _ranges(numbers: list[int]) -> str:
    """The lines as runs: "1-4, 13-15" for the lines 1 to 4 and 13 to 15."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def incident_parts(
    raw: bytes, name: str, options: MarkdownOptions, whole: Draft
) -> list[IncidentPart]:
    """One part per incident, each with its own draft, of a report that states several
    incidents under their own headings (``whole``, the draft of the whole file, found their
    separate impact windows); [] when the source is no such report or a part could not be
    made a draft of its own incident, so that the draft of the whole file, with its note to
    split the source, stands."""
    if len(whole.separate_windows) < 2:
        return []
    source, _ = decode(raw)
    text = as_markdown(source, name)
    doc = read_document(text, plain_text=PurePath(name).suffix.lower() in (".txt", ".text"))
    lines = text.split("\n")
    parts = _incident_sections(doc, whole.separate_windows, len(lines))
    if not parts:
        return []
    # The whole file tells the order of its numeric dates; a part alone may not.
    order = numeric_date_order(text)
    if order is not None:
        options = replace(options, day_first=order)
    shared = [
        number
        for number in range(1, len(lines) + 1)
        if not any(p.first <= number <= p.last for p in parts)
    ]
    title = _plain(doc.title or "")
    # The report's own lines, blank ones at their ends left out: "1-3, 30-32".
    outside = set(shared)
    shared = [n for n in shared if lines[n - 1].strip() or {n - 1, n + 1} <= outside]
    for index, part in enumerate(parts, 1):
        said = (
            f"incident {index} of {len(parts)} in this report: this draft reads lines "
            f"{part.first}-{part.last} (under {quote(_plain(part.heading))})"
            + (f" and the report's own lines {_ranges(shared)}" if shared else "")
            + "; the other incidents have drafts of their own, and the original report below "
            "is the whole file"
        )
        try:
            draft = draft_from_markdown(
                _part_text(lines, parts, part).encode("utf-8"),
                name,
                options,
                original=source,
                part_note=said,
            )
        except (SkipFile, NotAPostmortem, ValueError, TypeError, KeyError, IndexError):
            return []
        started = draft.timeline["started"]
        if (
            draft.separate_windows
            or started.line is None
            or not part.first <= started.line <= part.last
        ):
            # The part's own start is not in its section, or it still holds several
            # incidents: the headings did not tell the incidents apart after all.
            return []
        heading = _plain(part.heading)
        if _names_more_than_when(heading):
            named = title_without_date(heading)
            draft.title = Noted(
                named if len(named) <= 120 else named[:117].rsplit(" ", 1)[0] + "...",
                "guessed",
                f"the heading of incident {index} of {len(parts)} in the report "
                f"{quote(title or name)}",
                part.first,
            )
        else:
            # "### July 5 16:31 UTC": a heading that only says when names no incident.
            draft.title = replace(
                draft.title,
                how="guessed",
                note=f"the report's title: the heading of incident {index} of {len(parts)} "
                f"(line {part.first}) only says when; name the incident",
            )
        # Each incident is a source of its own: importing the file again finds each draft.
        draft.source_key = f"{source_key(raw)}-{part.first}"
        part.draft = draft
    return parts
