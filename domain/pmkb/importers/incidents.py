"""``pmkb import incidents``: an incident log (CSV or JSON Lines) as draft post-mortems.

Incident trackers export one row per incident: an id, a title, when it
started, was detected and resolved, a severity and the services involved.
Each row becomes a draft with its timeline filled, so that time-to-detect and
time-to-resolve trends work from the first day, even before anyone has
written the story of those incidents.

Columns are found by common names (``opened_at``, ``Created``, ``Start Time``
... for ``started``) and can be named explicitly with ``--map started=Opened``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dateutil import parser as dateparser

from pmkb.body import SECTIONS
from pmkb.importers.draft import TEMPLATE_PROMPTS, Draft, Noted
from pmkb.importers.factor_evidence import evidence_note, suggest_factors
from pmkb.importers.markdown import SkipFile
from pmkb.importers.timestamps import read_stamp
from pmkb.importers.values import detection_from_text, kebab_names, parse_severity, quote
from pmkb.importers.zones import UTC, Zone, format_offset, heading_zone
from pmkb.taxonomy import Taxonomy

#: The fields a row can fill, with the column names looked for by default.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "incident_id",
        "incident",
        "key",
        "number",
        "incident_number",
        "ref",
        "reference",
        "ticket",
        # PagerDuty, Opsgenie, Jira Service Management
        "tiny_id",
        "issue_key",
        "issue_id",
    ),
    "title": (
        "title",
        "name",
        "subject",
        "summary",
        "short_description",
        "headline",
        "message",  # Opsgenie
        "incident_title",
        "incident_name",
    ),
    "started": (
        "started",
        "started_at",
        "start",
        "start_time",
        "started_time",
        "impact_start",
        "impact_started",
        "begin",
        "began",
        "began_at",
        "opened",
        "opened_at",
        "created",
        "created_at",
        "triggered_at",
        "start_date",
        "incident_start",
        # PagerDuty, Opsgenie, incident.io, FireHydrant
        "created_on",
        "started_on",
        "impact_started_at",
        "impact_start_date",
        "incident_started_at",
    ),
    "detected": (
        "detected",
        "detected_at",
        "detection",
        "detection_time",
        "detection_at",
        "alerted",
        "alerted_at",
        "reported",
        "reported_at",
        "first_alert",
        "discovered_at",
    ),
    "acknowledged": (
        "acknowledged",
        "acknowledged_at",
        "ack",
        "acked",
        "acked_at",
        "ack_time",
        "responded_at",
        "acknowledged_on",
        "first_acknowledged_at",
        "accepted_at",
    ),
    "mitigated": (
        "mitigated",
        "mitigated_at",
        "mitigation",
        "mitigation_time",
        "impact_end",
        "impact_ended",
        "recovered_at",
        "mitigated_on",
        "impact_ended_at",
        "impact_end_date",
        "monitoring_at",  # Statuspage: the fix is out and being watched
        "stabilized_at",
    ),
    "resolved": (
        "resolved",
        "resolved_at",
        "resolution",
        "resolution_time",
        "closed",
        "closed_at",
        "end",
        "ended",
        "ended_at",
        "end_time",
        "finished_at",
        "resolved_on",
        "resolution_date",
        "closed_on",
    ),
    "severity": (
        "severity",
        "sev",
        "severity_level",
        "impact",
        "impact_level",
        "priority",
        "level",
        "urgency",
        "priority_name",
        "severity_name",
    ),
    "services": (
        "services",
        "service",
        "affected_services",
        "components",
        "component",
        "affected_components",
        "systems",
        "system",
        "application",
        "applications",
        "service_name",
        "service_names",
        "impacted_services",
        "affected_service",
    ),
    "teams": (
        "teams",
        "team",
        "owner_team",
        "owning_team",
        "assigned_team",
        "assignment_group",
        "group",
        "team_name",
        "owner_team_name",
    ),
    "summary": ("description", "details", "notes", "body", "what_happened"),
    "detection": ("detection_method", "detected_by", "detection_source", "source", "how_detected"),
}
FIELDS = tuple(DEFAULT_COLUMNS)


class LogError(Exception):
    """The log as a whole cannot be read (unknown format, a --map column that does not exist)."""


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class IncidentOptions:
    taxonomy: Taxonomy
    #: field -> column name given with --map
    columns: dict[str, str] = field(default_factory=dict)
    #: zone for timestamps without one (--timezone); else UTC, marked as guessed
    zone: Zone | None = None
    day_first: bool = False
    #: "csv" or "jsonl"; None to decide by the file's extension
    format: str | None = None
    #: the year for dates written without one ("Mar 13 10:16"), from the log's file name
    year: int | None = None


@dataclass
class Row:
    line: int
    values: dict[str, Any]


def detect_format(path: Path, explicit: str | None) -> str:
    if explicit:
        return explicit
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise LogError(
        f"{path}: cannot tell the format from the extension {suffix or '(none)'}; pass --format csv or jsonl"
    )


def _decode(raw: bytes) -> str:
    """The text of a log: UTF-16 by its byte order mark (Excel's "Unicode text"), else UTF-8, else cp1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


_EXCEL_SEP = re.compile(r"^sep=(.)[ \t]*\r?\n", re.I)


def _read_csv(text: str) -> tuple[list[Row], list[tuple[int, str]], list[str]]:
    """Rows of a CSV log, read the way Excel writes CSV: only the delimiter varies.

    Excel's own ``sep=;`` first line names the delimiter; otherwise it is
    sniffed. Quotes are always doubled inside a quoted cell (``"a ""b"" c"``),
    and a row with more or fewer fields than the header is reported, never
    read with its cells shifted.
    """
    first_line = 1
    declared = _EXCEL_SEP.match(text)
    if declared:
        delimiter = declared.group(1)
        text = text[declared.end() :]
        first_line = 2
    else:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), dialect=csv.excel, delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise LogError("no header row")
    rows: list[Row] = []
    bad: list[tuple[int, str]] = []
    start = first_line + reader.line_num
    for cells in reader:
        line = start
        start = first_line + reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            bad.append(
                (
                    line,
                    f"row {line} has {len(cells)} fields, the header {len(header)}: "
                    "a delimiter inside a cell that is not quoted? nothing of it was imported",
                )
            )
            continue
        rows.append(Row(line, dict(zip(header, cells, strict=True))))
    return rows, bad, header


class _Doubled(dict):  # type: ignore[type-arg]
    """A JSON object in which ``key`` was written twice."""

    key: str


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, marked when a key is written twice: JSON would keep the last
    value without a word, and which one the incident meant cannot be known."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            doubled = _Doubled(out)
            doubled.key = key
            return doubled
        out[key] = value
    return out


def _doubled_key(value: Any) -> str | None:
    """Why an incident read from JSON cannot be imported: a key written twice in it."""
    if isinstance(value, _Doubled):
        return (
            f"key {json.dumps(value.key)} appears twice in one incident; nothing of it was imported"
        )
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    return next((why for child in children if (why := _doubled_key(child))), None)


def read_rows(path: Path, fmt: str) -> tuple[list[Row], list[tuple[int, str]], list[str]]:
    """Rows of the log, (line, reason) for lines that could not be read, and a CSV log's header."""
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise LogError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    rows: list[Row] = []
    bad: list[tuple[int, str]] = []
    if fmt == "csv":
        try:
            return _read_csv(text)
        except LogError as exc:
            raise LogError(f"{path}: {exc}") from exc
    stripped = text.lstrip()
    if stripped.startswith("["):
        # A JSON array of incidents is accepted too.
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            raise LogError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
        for index, item in enumerate(data if isinstance(data, list) else []):
            doubled = _doubled_key(item)
            if doubled:
                bad.append((index + 1, doubled))
            elif isinstance(item, dict):
                rows.append(Row(index + 1, item))
            else:
                bad.append((index + 1, "an incident must be a JSON object"))
        return rows, bad, []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            bad.append((number, f"not valid JSON: {exc.msg} (column {exc.colno})"))
            continue
        doubled = _doubled_key(item)
        if doubled:
            bad.append((number, doubled))
            continue
        if not isinstance(item, dict):
            bad.append((number, "an incident must be a JSON object"))
            continue
        rows.append(Row(number, item))
    return rows, bad, []


def resolve_columns(names: Iterable[str], mapping: dict[str, str]) -> dict[str, str]:
    """field -> the log's column name, from --map first, else the default names."""
    available = {_norm(n): n for n in names}
    for name in names:
        # "started_at (PST)": the zone is the column's, the name is "started_at".
        bare = re.sub(r"\s*\([^()]*\)\s*$|\s+(?:in|as)\s+\S+$", "", name)
        if bare != name and heading_zone(name) is not None:
            available.setdefault(_norm(bare), name)
    out: dict[str, str] = {}
    for field_name, column in mapping.items():
        if field_name not in DEFAULT_COLUMNS:
            raise LogError(f"--map {field_name}=...: unknown field; use one of {', '.join(FIELDS)}")
        found = available.get(_norm(column))
        if found is None:
            raise LogError(
                f"--map {field_name}={column}: no such column; the log has {', '.join(sorted(available.values()))}"
            )
        out[field_name] = found
    used = set(out.values())
    for field_name, candidates in DEFAULT_COLUMNS.items():
        if field_name in out:
            continue
        for candidate in candidates:
            found = available.get(_norm(candidate))
            if found is not None and found not in used:
                out[field_name] = found
                used.add(found)
                break
    return out


@dataclass
class _Stamp:
    at: dt.datetime
    guessed_zone: bool
    written: str
    #: the cell had no year; the year given to :func:`read_timestamp` was used
    year_guessed: bool = False
    #: what a reviewer must check: a local time skipped or repeated, "PST" in July
    notes: tuple[str, ...] = ()
    #: the cell gave a day and no time of day ("2024-05-02"): held at midnight UTC of that
    #: day, which keeps the day but is no time anyone wrote
    date_only: bool = False


_EPOCH = re.compile(r"\d{10}(\d{3})?(\.\d+)?")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_HAS_YEAR = re.compile(r"\d{4}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}\b")
#: A time of day in a cell: "10:05", "2024-05-02T10", "10am", "10 p.m."
_HAS_CLOCK = re.compile(r"\d:\d{2}|\dT\d{2}|\d\s*[ap]\.?m\b", re.I)


def local_to_utc(day: dt.date, clock: dt.time, zone: Zone) -> tuple[dt.datetime, list[str]]:
    """The UTC instant of a wall-clock time, with notes when the zone makes it doubtful.

    A time in the hour the clocks skip does not exist and one in the hour
    they repeat happened twice: both are read, and said. An abbreviation
    names its season, so "01:30 EST" in the repeated hour is the standard-time
    one (UTC-5), and "PST" written in July gets :meth:`Zone.season_note`.
    """
    local = dt.datetime.combine(day, clock.replace(tzinfo=None))
    first = local.replace(tzinfo=zone.tz, fold=0)
    second = local.replace(tzinfo=zone.tz, fold=1)
    notes: list[str] = []
    if first.utcoffset() == second.utcoffset():
        note = zone.season_note(local)
        if note:
            notes.append(note)
        return first.astimezone(dt.timezone.utc), notes
    offset = format_offset(first.utcoffset() or dt.timedelta(0))
    back = first.astimezone(dt.timezone.utc).astimezone(zone.tz).replace(tzinfo=None)
    if back != local:
        notes.append(
            f"{local:%Y-%m-%d %H:%M} does not exist in {zone.label}: the clocks skipped that "
            f"hour; read as {offset}"
        )
        return first.astimezone(dt.timezone.utc), notes
    if zone.summer is not None:
        # "EST" or "EDT" says which of the two it was.
        chosen = first if bool(first.dst()) == zone.summer else second
        return chosen.astimezone(dt.timezone.utc), notes
    other = format_offset(second.utcoffset() or dt.timedelta(0))
    notes.append(
        f"{local:%Y-%m-%d %H:%M} happened twice in {zone.label}: the clocks went back; "
        f"read as the first ({offset}), the second is {other}"
    )
    return first.astimezone(dt.timezone.utc), notes


def read_timestamp(
    value: Any, options: IncidentOptions, *, year: int | None = None
) -> _Stamp | None:
    """ISO 8601, "2025-02-09 10:05 PDT", "02/09/2025 10:05", epoch seconds or milliseconds.

    A date without a year ("Mar 13 10:16 AM") is read only when ``year`` is
    given, and then marked as such; a bare number that is not an epoch is
    no time at all.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (bool, dict, list)):
        # "acknowledged": true says that it happened, not when: unreadable as a time.
        return None
    written = str(value).strip()
    if _EPOCH.fullmatch(written):
        seconds = float(written)
        if seconds > 1e11:
            seconds /= 1000
        return _Stamp(dt.datetime.fromtimestamp(seconds, dt.timezone.utc), False, written)
    try:
        parsed = dt.datetime.fromisoformat(written.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None and _NUMBER.fullmatch(written):
        return None  # "12", "1.5": a count or a duration, not a time ("20240301" is a date)
    year_guessed = False
    if parsed is None:
        stamp = read_stamp(written, default_year=year, day_first=options.day_first)
        if (
            stamp is not None
            and stamp.day is not None
            and stamp.clock is not None
            and not stamp.rest
        ):
            if not stamp.year_given and year is None:
                return None
            zone = stamp.zone or options.zone or UTC
            at, notes = local_to_utc(stamp.day, stamp.clock, zone)
            return _Stamp(
                at,
                stamp.zone is None and options.zone is None,
                written,
                not stamp.year_given,
                tuple(notes),
            )
        if not _HAS_YEAR.search(written):
            if year is None:
                return None
            year_guessed = True
        try:
            parsed = dateparser.parse(
                written, dayfirst=options.day_first, default=dt.datetime(year or 2000, 1, 1)
            )
        except (ValueError, OverflowError, TypeError):
            return None
    if not _HAS_CLOCK.search(written):
        # "2024-05-02" or "May 2, 2024": a day, no time of day. Midnight UTC of that day keeps
        # the day whatever the log's zone; it is a placeholder, never a time to count from.
        midnight = dt.datetime.combine(parsed.date(), dt.time(0, 0), tzinfo=dt.timezone.utc)
        return _Stamp(midnight, False, written, year_guessed, date_only=True)
    if parsed.tzinfo is not None:
        return _Stamp(parsed.astimezone(dt.timezone.utc), False, written, year_guessed)
    zone = options.zone or UTC
    at, notes = local_to_utc(parsed.date(), parsed.time(), zone)
    return _Stamp(at, options.zone is None, written, year_guessed, tuple(notes))


def _why_unreadable(value: Any) -> str:
    """Why a cell is no time, for a report: " (no year)"; "" when nothing more can be said."""
    written = _text(value)
    if isinstance(value, bool):
        return " (says that, not when)"
    if _NUMBER.fullmatch(written):
        return " (a number, not an epoch time)"
    if written and not _HAS_YEAR.search(written) and re.search(r"\d", written):
        return " (no year, and none elsewhere in the row)"
    day = _ISO_DAY.search(written)
    if day:
        try:
            dt.date(*map(int, day.groups()))
        except ValueError:
            return f" ({day.group(0)} is no day of the calendar)"
    if _HOUR_24.search(written):
        return " (24:00 is no time of day; write 00:00 of the next day)"
    return ""


#: A day written year first, and an hour past the last: values that look like times but are none.
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_HOUR_24 = re.compile(r"(?<!\d)24:00")


def column_options(column: str | None, options: IncidentOptions) -> IncidentOptions:
    """The options for one column: a zone in its header ("started_at (PST)") is its zone."""
    zone = heading_zone(column) if column else None
    return replace(options, zone=zone) if zone is not None else options


#: Keys that name an object of a JSON export: `"severity": {"id": 3, "name": "Critical"}`.
_NAME_KEYS = ("name", "label", "summary", "title", "value", "slug")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        named = next((value[k] for k in _NAME_KEYS if isinstance(value.get(k), (str, int))), None)
        return "" if named is None else str(named).strip()
    return str(value).strip()


def _other_severity(row: Row, columns: dict[str, str]) -> str:
    """The first other severity-like cell of ``row`` with a value: PagerDuty exports carry
    both Priority and Urgency, and an incident without a priority still has an urgency."""
    chosen = columns.get("severity")
    known = {_norm(name) for name in DEFAULT_COLUMNS["severity"]}
    for name, value in row.values.items():
        if name != chosen and _norm(name) in known and _text(value):
            return _text(value)
    return ""


def row_key(row: Row, columns: dict[str, str]) -> str:
    """What recognises an incident imported before: its id with its start as written.

    An id alone is not enough: "1042" of one tool is not "1042" of another
    imported into the same folder. The start is taken as written, so that a
    second import with another --timezone still recognises the incident.
    """
    ident = _text(row.values.get(columns.get("id", ""), ""))
    if ident:
        started = _text(row.values.get(columns.get("started", ""), ""))
        when = re.sub(r"[\s<>]+", "_", started)
        return "incident:" + re.sub(r"\s+", "-", ident) + (f"@{when}" if when else "")
    payload = json.dumps(row.values, sort_keys=True, default=str).encode()
    return "incident-row:" + hashlib.sha256(payload).hexdigest()[:16]


_LABELS = {
    "started": "Impact began",
    "detected": "Detected",
    "acknowledged": "Acknowledged",
    "mitigated": "Impact ended",
    "resolved": "Resolved",
}


def draft_from_row(
    row: Row, columns: dict[str, str], source: str, options: IncidentOptions
) -> Draft:
    """The draft for one incident row."""

    def get(name: str) -> Any:
        column = columns.get(name)
        return row.values.get(column) if column else None

    timeline: dict[str, Noted[dt.datetime]] = {}
    unreadable: list[str] = []
    keys = ("started", "detected", "acknowledged", "mitigated", "resolved")
    read = {
        key: read_timestamp(get(key), column_options(columns.get(key), options)) for key in keys
    }
    # A date without a year takes the year of the row's other times, else the file name's.
    row_year = next((stamp.at.year for stamp in read.values() if stamp is not None), None)
    year, year_from = (
        (row_year, "the row's other times") if row_year else (options.year, "the log's file name")
    )
    for key in keys:
        raw = get(key)
        stamp = read[key]
        if stamp is None and year is not None:
            stamp = read_timestamp(raw, column_options(columns.get(key), options), year=year)
        if stamp is None:
            if _text(raw) and not (key == "detected" and detection_from_text(_text(raw))):
                unreadable.append(f"{columns[key]}={quote(_text(raw))}{_why_unreadable(raw)}")
            continue
        said: list[str] = []
        if stamp.date_only:
            said.append(
                f"the log gives the day only ({stamp.written}), no time of day: midnight UTC "
                "holds the day; set the time, or no duration is counted from it"
            )
        if stamp.guessed_zone:
            said.append(f"no time zone in the log, read as UTC: {stamp.written}")
        if stamp.year_guessed:
            said.append(f"no year in the log, {year} taken from {year_from}: {stamp.written}")
        said += stamp.notes
        timeline[key] = Noted(stamp.at, "guessed", "; ".join(said)) if said else Noted(stamp.at)
    if "started" not in timeline:
        column = columns.get("started")
        where = (
            f"column {column!r} is {quote(_text(get('started')))}{_why_unreadable(get('started'))}"
            if column
            else "no start column"
        )
        # The column is there but its value is no time: the value is what to fix.
        fix = "correct it in the log, or name the column that holds it" if column else "name it"
        raise SkipFile(f"no readable start time ({where}); {fix} with --map started=COLUMN")
    started = timeline["started"].value
    if "detected" not in timeline:
        timeline["detected"] = Noted(started, "missing", "set to the start time")
    ordered: dict[str, Noted[dt.datetime]] = {}
    latest = None
    notes: list[str] = []
    for key in ("started", "detected", "acknowledged", "mitigated", "resolved"):
        value = timeline.get(key)
        if value is None:
            continue
        if latest is not None and value.value < latest:
            if key == "detected":
                value = Noted(
                    latest,
                    "guessed",
                    "the log's detection time is before its start; set to the start",
                )
            else:
                notes.append(
                    f"left out {key}: {value.value:%Y-%m-%d %H:%M} UTC is before an earlier step"
                )
                continue
        ordered[key] = value
        latest = value.value

    ident = _text(get("id"))
    title_text = " ".join(_text(get("title")).split())
    if title_text:
        title = Noted(
            title_text if len(title_text) <= 120 else title_text[:117].rsplit(" ", 1)[0] + "...",
            "found" if len(title_text) <= 120 else "guessed",
            "" if len(title_text) <= 120 else "shortened from the log's title",
        )
    else:
        title = Noted(
            f"Incident {ident}" if ident else f"Incident of {started:%Y-%m-%d}",
            "missing",
            "what broke, for whom",
        )

    severity_said = _text(get("severity")) or _other_severity(row, columns)
    severity = parse_severity(severity_said) if severity_said else None
    services = kebab_names(_text(get("services")))
    teams = kebab_names(_text(get("teams")))
    summary = _text(get("summary"))
    detection_said = _text(get("detection"))
    if (not detection_said and "detected" not in timeline) or (
        "detected" in columns and read_timestamp(get("detected"), options) is None
    ):
        # A "detection" column may say how, not when.
        detection_said = detection_said or _text(get("detected"))
    detection_value = detection_from_text(detection_said) if detection_said else None
    if detection_value:
        detection = Noted(detection_value, "guessed", f"the log says {quote(detection_said)}")
    else:
        detection = Noted(
            "other",
            "missing",
            "alert | customer-report | internal-report | synthetic-check | other",
        )

    if not options.taxonomy.factors:
        raise SkipFile("the taxonomy has no factors, so no valid draft can be written")
    backed = suggest_factors(options.taxonomy, [(row.line, title_text), (row.line, summary)])
    factors = (
        Noted([tag for tag, _ in backed], "guessed", evidence_note(backed))
        if backed
        else Noted(
            [next(iter(options.taxonomy.factors))], "missing", "choose tags from the taxonomy"
        )
    )

    intro = f"> Imported from line {row.line} of `{source}` by `pmkb import incidents`"
    intro += f"; the incident's id there is **{ident}**." if ident else "."
    body = [
        intro,
        "> Only the timeline and the facts of the log are filled in: the story is yours to write.",
        "",
    ]
    for section in SECTIONS:
        body += [f"## {section}", ""]
        if section == "Timeline":
            guessed_zone = any(
                v.how == "guessed" and "time zone" in v.note for v in ordered.values()
            )
            body.append(
                "All times UTC."
                + (
                    " TODO: the log gives no time zone; times were read as UTC."
                    if guessed_zone
                    else ""
                )
            )
            body += ["", "| Time (UTC) | Event |", "|---|---|"]
            for key, value in ordered.items():
                column = columns.get(key, "")
                origin = (
                    f" (`{column}`)"
                    if value.how != "missing" and column
                    else " (TODO: not in the log)"
                )
                body.append(f"| {value.value:%Y-%m-%d %H:%M} | {_LABELS[key]}{origin} |")
            body.append("")
        elif section == "Summary" and summary:
            body += [summary.replace("\r\n", "\n"), ""]
        else:
            body += [f"<!-- TODO: {TEMPLATE_PROMPTS[section]} -->", ""]
    record = json.dumps(row.values, indent=2, ensure_ascii=False, default=str)
    fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", record)), default=0) + 1)
    body += ["## Source record", "", f"{fence}json", record, fence]

    report = [f"source id: {ident}"] if ident else []
    if unreadable:
        report.append("unreadable times: " + ", ".join(unreadable))
    report += notes
    return Draft(
        title=title,
        severity=severity or Noted("SEV3", "missing", "set to SEV3"),
        services=Noted(services)
        if services
        else Noted(["service-name"], "missing", "kebab-case service names"),
        teams=Noted(teams) if teams else None,
        authors=Noted(["incident-author"], "missing", "roles or team handles"),
        timeline=ordered,
        detection=detection,
        contributing_factors=factors,
        body="\n".join(body) + "\n",
        source_key=row_key(row, columns),
        source_names=(ident,) if ident else (),
        notes=report,
        left_out=[n for n in notes if n.startswith("left out ")],
    )
