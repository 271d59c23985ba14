"""Two tables every metric starts from: one row per post-mortem, one per action item.

The analytics never read post-mortem models directly: they read these two
DataFrames, so that a notebook can load a corpus once and explore it with
plain pandas, and so that every metric can be tested on a small hand-made
table.

Which post-mortems count
------------------------
Every incident counts, whatever its report's status (``draft``,
``in-review`` or ``published``): the report's lifecycle is not the
incident's, and a figure that left out the incidents whose reports are still
being written would show the last weeks emptier than they were. A caller may
count fewer statuses with ``include_statuses``; figures that include reports
not yet published say how many (the ``status`` column tells them apart).

Who may see them
----------------
The tables never filter by audience: the caller does, before, with
:func:`visible_to`. Whatever is not given is not known, so a ``related`` link
to a post-mortem that was filtered out (a restricted one in a wider build, or a
draft) vanishes silently from the ``related`` column.

Placeholders
------------
A value whose line in the file carries a TODO note is a placeholder its
author has not confirmed (the template's and ``pmkb import``'s guesses), not
data: the tables read it as missing. A marked ``severity``, ``detection`` or
``trigger`` is missing (``None``); a marked service, team or factor is left
out of its tuple; a marked ``detected``, ``acknowledged``, ``mitigated`` or
``resolved`` is missing, and so is every duration from a marked ``started``
(the start still dates the incident: it is required, and the file's year and
month come from it). A marked action item ``status`` is missing (neither
done nor open), a marked ``due`` is missing; either way the item is never
overdue. A marked ``impact`` value is missing.

Time
----
Every timestamp is converted to UTC (``datetime64[us, UTC]``); month, quarter
and year are those of the UTC start, as in the file names. Durations are float
minutes and are ``NaN`` when their end is missing, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol, cast

import numpy as np
import pandas as pd

from pmkb.model import ActionStatus, PostMortem, Severity, Status, Visibility

#: Statuses counted when a caller does not say otherwise: every one.
DEFAULT_STATUSES: tuple[str, ...] = tuple(s.value for s in Status)

#: The four derived durations of the format, in the order reports show them.
DURATIONS: tuple[str, ...] = ("ttd", "tta", "ttm", "ttr")

#: name -> (from, to): the format's definition of each duration.
DURATION_SPANS: dict[str, tuple[str, str]] = {
    "ttd": ("started", "detected"),
    "tta": ("detected", "acknowledged"),
    "ttm": ("started", "mitigated"),
    "ttr": ("started", "resolved"),
}

#: Human names of the durations, for labels.
DURATION_NAMES: dict[str, str] = {
    "ttd": "time to detect",
    "tta": "time to acknowledge",
    "ttm": "time to mitigate",
    "ttr": "time to resolve",
}

SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)

TIMESTAMPS: tuple[str, ...] = ("started", "detected", "acknowledged", "mitigated", "resolved")

#: Columns of :func:`incidents_frame`, in order, with what each holds.
INCIDENT_COLUMNS: dict[str, str] = {
    "id": "post-mortem id, PM-YYYY-NNN",
    "title": "title of the post-mortem",
    "rel_path": "file path relative to the corpus root (None for models built in memory)",
    "status": "draft | in-review | published",
    "severity": "SEV1 (critical) to SEV4 (minor); missing when marked TODO",
    "visibility": "public | internal | restricted",
    "detection": "how the incident was detected (missing when marked TODO)",
    "trigger": "what set it off (missing when not given)",
    "started": "user impact began (UTC)",
    "detected": "first alert or first human noticed (UTC)",
    "acknowledged": "a responder engaged (UTC; missing when not given)",
    "mitigated": "user impact ended (UTC; missing when not given)",
    "resolved": "incident closed (UTC; missing when not given)",
    "published": "day the report was shared (date)",
    "ttd": "time to detect, minutes: detected - started",
    "tta": "time to acknowledge, minutes: acknowledged - detected",
    "ttm": "time to mitigate, minutes: mitigated - started",
    "ttr": "time to resolve, minutes: resolved - started",
    "year": "year of the UTC start",
    "quarter": "quarter of the UTC start, e.g. 2025Q1",
    "month": "month of the UTC start, e.g. 2025-02",
    "services": "services affected (tuple)",
    "teams": "owning teams (tuple)",
    "factors": "contributing-factor tags (tuple, in the file's order)",
    "related": "explicit links to other post-mortems among those given (tuple)",
    "root_cause": "the report's root-cause sentence",
    "users_affected": "impact.users_affected",
    "failed_requests": "impact.failed_requests",
    "revenue_usd": "impact.revenue_usd",
    "data_loss": "impact.data_loss",
    "slo_budget_consumed_pct": "impact.slo_budget_consumed_pct",
    "third_party_vendor": "third_party.vendor",
    "third_party_expectation": "third_party.expectation: violated | met | undefined",
    "action_items": "number of action items",
    "action_items_done": "action items with status done (not marked TODO)",
    "action_items_open": "action items with status open or in-progress (not marked TODO)",
    "action_items_wont_do": "action items with status wont-do (not marked TODO)",
}

#: Columns of :func:`action_items_frame`, in order, with what each holds.
ACTION_ITEM_COLUMNS: dict[str, str] = {
    "key": "global key, e.g. PM-2025-007/AI-001",
    "postmortem_id": "id of the post-mortem the item belongs to",
    "item_id": "AI-NNN, unique within its post-mortem",
    "severity": "severity of the incident",
    "report_status": "status of the incident's report: draft | in-review | published",
    "incident_started": "start of the incident (UTC)",
    "incident_month": "month of the incident's UTC start",
    "incident_quarter": "quarter of the incident's UTC start",
    "action": "what is to be done",
    "owner": "team or role that owns the item (missing when marked TODO)",
    "due": "due date (missing when marked TODO)",
    "priority": "P1 (high) to P3 (low) (missing when marked TODO)",
    "category": (
        "investigate | mitigate | repair | detect | mitigate-future | prevent "
        "(missing when marked TODO)"
    ),
    "status": "open | in-progress | done | wont-do (missing when marked TODO)",
    "completed": "date completed (only when done)",
    "tracker": "URL of the ticket",
    "addresses": "contributing factors the item is meant to remove (tuple)",
    "overdue": "open or in-progress and due before the as-of date (neither marked TODO)",
    "overdue_unknown": (
        "not known to be overdue, but would be for some value of its due date or status, "
        "either marked TODO"
    ),
    "days_overdue": "as-of date - due, in days, for overdue items",
    "days_to_close": "completed - the incident's UTC start date, in days, for done items",
}

_OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class _IncidentRow(NamedTuple):
    """The values :func:`incidents_frame` reads from one post-mortem, by column name.

    Timestamps and durations are read column by column instead. Rows are
    collected, then turned into columns with ``zip(*rows)``: one DataFrame at
    the end, as appending rows to one is quadratic.
    """

    id: str
    title: str
    rel_path: str | None
    status: str
    severity: str | None
    visibility: str
    detection: str | None
    trigger: str | None
    published: dt.date | None
    year: int
    quarter: str
    month: str
    services: tuple[str, ...]
    teams: tuple[str, ...]
    factors: tuple[str, ...]
    related: tuple[str, ...]
    root_cause: str | None
    users_affected: int | None
    failed_requests: int | None
    revenue_usd: float | None
    data_loss: bool | None
    slo_budget_consumed_pct: float | None
    third_party_vendor: str | None
    third_party_expectation: str | None
    action_items: int
    action_items_done: int
    action_items_open: int
    action_items_wont_do: int


#: A post-mortem's row (``related`` left empty) and its timestamps in microseconds:
#: those of :data:`TIMESTAMPS`, then the start durations are measured from (NaT
#: when ``started`` is a placeholder).
_MadeRow = tuple[_IncidentRow, tuple[int, ...]]

#: Keys of the file whose line carries a TODO note (``SourceFile.placeholders``).
Marks = frozenset[tuple[str | int, ...]]
_NO_MARKS: Marks = frozenset()


class _ItemRow(NamedTuple):
    """The values :func:`action_items_frame` reads from one action item, by column name."""

    key: str
    postmortem_id: str
    item_id: str
    severity: str | None
    report_status: str
    #: Microseconds since the epoch (:func:`_micros`).
    incident_started: int
    incident_month: str
    incident_quarter: str
    action: str
    owner: str | None
    due: dt.date | None
    priority: str | None
    category: str | None
    status: str | None
    completed: dt.date | None
    tracker: str | None
    addresses: tuple[str, ...]
    overdue: bool
    overdue_unknown: bool
    #: The incident's UTC start date, from which ``days_to_close`` is counted.
    start_day: dt.date


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MICROSECOND = dt.timedelta(microseconds=1)
_NAT = np.iinfo(np.int64).min  # NaT's bit pattern in datetime64


class _HasMeta(Protocol):
    meta: PostMortem
    rel_path: str

    @property
    def placeholders(self) -> Marks: ...


RecordLike = _HasMeta | PostMortem
"""A :class:`pmkb.loader.Record`, or a bare :class:`~pmkb.model.PostMortem` (in a notebook)."""


def visible_to(records: Iterable[RecordLike], audience: str | Visibility) -> list[RecordLike]:
    """The records a build for ``audience`` may show, in their given order.

    A build for ``public`` shows public post-mortems; ``internal`` shows public
    and internal ones; ``restricted`` shows all. Call this *before* building
    the tables: a post-mortem that is not given leaves no trace in any metric,
    graph or export.

    Examples
    --------
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> [r.id for r in visible_to(example_postmortems(), "public")]
    ['PM-2025-001']
    >>> [r.id for r in visible_to(example_postmortems(), "internal")]
    ['PM-2025-001', 'PM-2025-002']
    """
    try:
        reader = Visibility(audience)
    except ValueError:
        choices = ", ".join(v.value for v in Visibility)
        raise ValueError(f"unknown audience {audience!r}; use one of {choices}") from None
    return [r for r in records if _meta(r).visibility.readable_by(reader)]


def incidents_frame(
    records: Iterable[RecordLike],
    *,
    include_statuses: Iterable[str | Status] | None = DEFAULT_STATUSES,
    memo: RowMemo | None = None,
) -> pd.DataFrame:
    """One row per post-mortem, sorted by UTC start then id.

    Parameters
    ----------
    records
        :class:`pmkb.loader.Record` objects (or bare ``PostMortem`` models),
        already filtered by audience (see :func:`visible_to`).
    include_statuses
        Statuses to count; ``None`` (or the default) counts every status.
    memo
        Rows to reuse and keep (see :class:`RowMemo`); the table is the same.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`INCIDENT_COLUMNS`, in that order. Timestamps are
        UTC, durations (``ttd``, ``tta``, ``ttm``, ``ttr``) float minutes with
        ``NaN`` for a missing end; list-valued keys are tuples; ``related``
        keeps only ids present among the rows.

    Examples
    --------
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> frame = incidents_frame(example_postmortems(), include_statuses=None)
    >>> frame[["id", "quarter", "ttd", "tta"]]
                id quarter   ttd   tta
    0  PM-2025-001  2025Q1  15.0   NaN
    1  PM-2025-002  2025Q2   5.0  10.0
    2  PM-2025-003  2025Q2  60.0   5.0
    """
    chosen = _select(records, include_statuses)
    metas = [m for m, _, _ in chosen]
    ids = {m.id for m in metas}
    # Columns as lists first, then one DataFrame: appending rows is quadratic.
    cols: dict[str, list[Any]] = {name: [] for name in INCIDENT_COLUMNS}
    rows: list[_IncidentRow] = []
    times: list[tuple[int, ...]] = []
    for meta, rel_path, marks in chosen:
        made = memo.incident(meta, rel_path) if memo is not None else None
        if made is None:
            made = _incident_row(meta, rel_path, marks)
            if memo is not None:
                memo.keep_incident(meta, rel_path, made)
        rows.append(made[0])
        times.append(made[1])
    if rows:
        for column, values in zip(_IncidentRow._fields, zip(*rows, strict=True)):
            cols[column] = list(values)
        # Which links count depends on every other row: never kept with a row.
        cols["related"] = [
            tuple(r for r in _unique(meta.related) if r in ids and r != meta.id)
            for meta, _, _ in chosen
        ]
    stamps: dict[str, list[int]] = {
        name: list(values) for name, values in zip((*TIMESTAMPS, _FROM), zip(*times, strict=True))
    } or {name: [] for name in (*TIMESTAMPS, _FROM)}

    data: dict[str, Any] = {}
    for name in INCIDENT_COLUMNS:
        if name in TIMESTAMPS:
            data[name] = _utc_index(stamps[name])
        elif name in DURATION_SPANS:
            start_col, end_col = DURATION_SPANS[name]
            start_col = _FROM if start_col == "started" else start_col
            data[name] = _minutes(stamps[end_col], stamps[start_col])
        elif name == "published":
            data[name] = _dates(cols[name])
        elif name in ("services", "teams", "factors", "related"):
            data[name] = pd.Series(cols[name], dtype=object)
        elif name in (
            "year",
            "action_items",
            "action_items_done",
            "action_items_open",
            "action_items_wont_do",
        ):
            data[name] = np.asarray(cols[name], dtype=np.int64)
        elif name in ("users_affected", "failed_requests"):
            data[name] = pd.array(cols[name], dtype="Int64")
        elif name in ("revenue_usd", "slo_budget_consumed_pct"):
            data[name] = np.asarray(
                [np.nan if v is None else float(v) for v in cols[name]], dtype=np.float64
            )
        elif name == "data_loss":
            data[name] = pd.array(cols[name], dtype="boolean")
        else:
            data[name] = pd.Series(cols[name], dtype=object)
    return pd.DataFrame(data, columns=list(INCIDENT_COLUMNS))


#: The column of the start that durations are measured from (see :data:`_MadeRow`).
_FROM = "_measured_from"


#: The keys of an action item whose value may be a placeholder, each then unknown.
_ITEM_KEYS = ("owner", "due", "priority", "category", "status", "completed")
_NO_KEYS: frozenset[str] = frozenset()


def _marked(marks: Marks, loc: tuple[str | int, ...]) -> bool:
    """Whether ``loc`` or a key holding it is marked TODO (:func:`pmkb.source.is_placeholder`)."""
    while loc:
        if loc in marks:
            return True
        loc = loc[:-1]
    return False


def _confirmed(values: Sequence[str], key: str, marks: Marks) -> tuple[str, ...]:
    """``values`` of the list ``key`` less those marked TODO, each once."""
    if not marks:
        return _unique(values)
    return _unique([v for i, v in enumerate(values) if not _marked(marks, (key, i))])


def _incident_row(meta: PostMortem, rel_path: str | None, marks: Marks = _NO_MARKS) -> _MadeRow:
    start = meta.started_utc
    timeline = meta.timeline
    impact = meta.impact
    third = meta.third_party
    statuses = [
        None if marks and _marked(marks, ("action_items", i, "status")) else item.status
        for i, item in enumerate(meta.action_items)
    ]
    done, waiting, dropped = ActionStatus.DONE, _OPEN_STATUSES, ActionStatus.WONT_DO

    def known(*loc: str | int) -> bool:
        return not (marks and _marked(marks, loc))

    def impact_value(name: str) -> Any:
        return getattr(impact, name) if impact and known("impact", name) else None

    row = _IncidentRow(
        id=meta.id,
        title=meta.title,
        rel_path=rel_path,
        status=meta.status.value,
        severity=meta.severity.value if known("severity") else None,
        visibility=meta.visibility.value,
        detection=meta.detection.value if known("detection") else None,
        trigger=meta.trigger if known("trigger") else None,
        published=meta.published,
        year=start.year,
        quarter=_quarter(start),
        month=_month(start),
        services=_confirmed(meta.services, "services", marks),
        teams=_confirmed(meta.teams, "teams", marks),
        factors=_confirmed(meta.contributing_factors, "contributing_factors", marks),
        related=(),
        root_cause=meta.root_cause,
        users_affected=impact_value("users_affected"),
        failed_requests=impact_value("failed_requests"),
        revenue_usd=impact_value("revenue_usd"),
        data_loss=impact_value("data_loss"),
        slo_budget_consumed_pct=impact_value("slo_budget_consumed_pct"),
        third_party_vendor=third.vendor if third else None,
        third_party_expectation=third.expectation if third else None,
        action_items=len(statuses),
        action_items_done=statuses.count(done),
        action_items_open=sum(1 for s in statuses if s in waiting),
        action_items_wont_do=statuses.count(dropped),
    )
    # A marked start still dates the incident; no duration is measured from it.
    stamps = [_micros(timeline.started)]
    stamps.extend(
        _micros(getattr(timeline, name) if known("timeline", name) else None)
        for name in TIMESTAMPS[1:]
    )
    stamps.append(stamps[0] if known("timeline", "started") else _NAT)
    return row, tuple(stamps)


def with_statuses(
    incidents: pd.DataFrame, include_statuses: Iterable[str | Status] | None
) -> pd.DataFrame:
    """The rows of ``incidents`` whose status counts, as :func:`incidents_frame` gives them.

    For a table built with more statuses than a caller counts (the related
    graph joins drafts, the figures count published reports): filtering it is
    cheaper than building a second table from the records, and ``related``
    is narrowed to the ids that remain, as :func:`incidents_frame` does.

    Examples
    --------
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> every = incidents_frame(example_postmortems(), include_statuses=None)
    >>> published = incidents_frame(example_postmortems(), include_statuses=["published"])
    >>> with_statuses(every, ["published"]).equals(published)
    True
    """
    wanted = status_set(include_statuses)
    kept = incidents[incidents["status"].isin(wanted)].reset_index(drop=True)
    ids = set(kept["id"].tolist())
    kept["related"] = pd.Series(
        [tuple(r for r in links if r in ids) for links in kept["related"].tolist()], dtype=object
    )
    return kept


def action_items_frame(
    records: Iterable[RecordLike],
    as_of: dt.date,
    *,
    include_statuses: Iterable[str | Status] | None = DEFAULT_STATUSES,
    memo: RowMemo | None = None,
) -> pd.DataFrame:
    """One row per action item of the chosen post-mortems.

    Rows follow the post-mortems' order (UTC start, then id) and, within one,
    the order of the file.

    Parameters
    ----------
    records
        As for :func:`incidents_frame`; pass the same records and statuses so
        that both tables describe the same incidents.
    as_of
        The build's as-of date. An item is **overdue** when its status is
        ``open`` or ``in-progress`` and ``due`` is *before* this date (an item
        due today is not overdue yet).
    include_statuses
        As for :func:`incidents_frame`.
    memo
        Rows to reuse and keep (see :class:`RowMemo`); the table is the same.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`ACTION_ITEM_COLUMNS`. ``due`` and ``completed``
        are calendar dates (``datetime64`` at midnight, no time zone).
        ``days_to_close`` counts days from the incident's UTC start date to
        ``completed``: the format records no creation date for an item, and
        the incident is the earliest it can have existed.

    Examples
    --------
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> items = action_items_frame(
    ...     example_postmortems(), dt.date(2025, 5, 1), include_statuses=None
    ... )
    >>> items[["key", "status", "overdue", "days_overdue", "days_to_close"]]
                      key       status  overdue  days_overdue  days_to_close
    0  PM-2025-001/AI-001         done    False           NaN           10.0
    1  PM-2025-001/AI-002  in-progress     True          30.0            NaN
    2  PM-2025-002/AI-001         open    False           NaN            NaN
    """
    if not isinstance(as_of, dt.date):
        raise TypeError(f"as_of must be a datetime.date, not {type(as_of).__name__}")
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    cols: dict[str, list[Any]] = {name: [] for name in ACTION_ITEM_COLUMNS}
    rows: list[_ItemRow] = []
    for meta, _, marks in _select(records, include_statuses):
        if not meta.action_items:
            continue
        made = memo.items(meta, as_of) if memo is not None else None
        if made is None:
            made = _item_rows(meta, as_of, marks)
            if memo is not None:
                memo.keep_items(meta, as_of, made)
        rows.extend(made)
    if rows:
        for column, values in zip(_ItemRow._fields, zip(*rows, strict=True)):
            cols[column] = list(values)
    started = cols["incident_started"]
    start_days = cols.pop("start_day", [])

    due = _dates(cols["due"])
    completed = _dates(cols["completed"])
    start_day = _dates(start_days)
    as_of_day = np.datetime64(as_of, "s")
    overdue = np.asarray(cols["overdue"], dtype=bool)
    days_overdue = (as_of_day - due.to_numpy()) / np.timedelta64(1, "D")
    data: dict[str, Any] = {}
    for name in ACTION_ITEM_COLUMNS:
        if name == "incident_started":
            data[name] = _utc_index(started)
        elif name == "due":
            data[name] = due
        elif name == "completed":
            data[name] = completed
        elif name == "overdue":
            data[name] = overdue
        elif name == "overdue_unknown":
            data[name] = np.asarray(cols[name], dtype=bool)
        elif name == "days_overdue":
            data[name] = np.where(overdue, days_overdue, np.nan)
        elif name == "days_to_close":
            data[name] = ((completed - start_day) / pd.Timedelta(days=1)).to_numpy(
                dtype=np.float64, na_value=np.nan
            )
        else:
            data[name] = pd.Series(cols[name], dtype=object)
    return pd.DataFrame(data, columns=list(ACTION_ITEM_COLUMNS))


def _month(start: dt.datetime) -> str:
    """The month bucket of an incident that started at ``start``, e.g. ``2025-02``."""
    return f"{start.year:04d}-{start.month:02d}"


def _quarter(start: dt.datetime) -> str:
    """The quarter bucket of an incident that started at ``start``, e.g. ``2025Q1``."""
    return f"{start.year}Q{(start.month - 1) // 3 + 1}"


def _item_rows(meta: PostMortem, as_of: dt.date, marks: Marks = _NO_MARKS) -> tuple[_ItemRow, ...]:
    """The rows of a post-mortem's action items, in the order of its file."""
    start = meta.started_utc
    pm_id = meta.id
    severity = None if _marked(marks, ("severity",)) else meta.severity.value
    report_status = meta.status.value
    micros = _micros(meta.timeline.started)
    start_date = start.date()
    month, quarter = _month(start), _quarter(start)
    rows = []
    for i, item in enumerate(meta.action_items):
        at: tuple[str | int, ...] = ("action_items", i)
        guessed = (
            frozenset(k for k in _ITEM_KEYS if _marked(marks, (*at, k))) if marks else _NO_KEYS
        )
        rows.append(
            _ItemRow(
                key=f"{pm_id}/{item.id}",
                postmortem_id=pm_id,
                item_id=item.id,
                severity=severity,
                report_status=report_status,
                incident_started=micros,
                incident_month=month,
                incident_quarter=quarter,
                action=item.action,
                # A guessed owner, priority or category is unknown: no figure reads it.
                owner=None if "owner" in guessed else item.owner,
                due=None if "due" in guessed else item.due,
                priority=None if "priority" in guessed else item.priority.value,
                category=None if "category" in guessed else item.category.value,
                status=None if "status" in guessed else item.status.value,
                completed=None if "completed" in guessed else item.completed,
                tracker=item.tracker,
                addresses=_confirmed(item.addresses, "addresses", _within(marks, at)),
                # An item whose due date or status is a placeholder is never overdue.
                overdue=item.is_overdue(as_of, guessed),
                overdue_unknown=item.may_be_overdue(as_of, guessed),
                start_day=start_date,
            )
        )
    return tuple(rows)


def _within(marks: Marks, at: tuple[str | int, ...]) -> Marks:
    """The marks under ``at``, relative to it (those of one action item)."""
    if not marks:
        return marks
    n = len(at)
    return frozenset(loc[n:] for loc in marks if loc[:n] == at and len(loc) > n)


class RowMemo:
    """The rows the tables were made of, by post-mortem, for the next tables to reuse.

    A preview makes the tables again after every save, and a save changes one
    file: its post-mortem is read again, into a new object, while the others
    are the very objects the last tables were made of. Their rows are taken as
    they were (at 10,000 post-mortems, most of the tables' time); a row is kept
    by the object's identity, so an edited post-mortem can never get an old row.
    A memo keeps the rows of the tables made with it, and reads those of
    ``previous`` until :meth:`forget_previous`.
    """

    def __init__(self, previous: RowMemo | None = None) -> None:
        self._previous = previous
        #: (table, id of the post-mortem) -> (the post-mortem, what else its rows
        #: depend on, its rows)
        self._kept: dict[tuple[str, int], tuple[PostMortem, object, object]] = {}

    def incident(self, meta: PostMortem, rel_path: str | None) -> _MadeRow | None:
        """The row kept of ``meta`` at ``rel_path``, kept again by this memo; or None."""
        return cast("_MadeRow | None", self._recall("incidents", meta, rel_path))

    def keep_incident(self, meta: PostMortem, rel_path: str | None, made: _MadeRow) -> None:
        self._kept["incidents", id(meta)] = (meta, rel_path, made)

    def items(self, meta: PostMortem, as_of: dt.date) -> tuple[_ItemRow, ...] | None:
        """The action items' rows kept of ``meta`` at ``as_of``, kept again; or None."""
        return cast("tuple[_ItemRow, ...] | None", self._recall("items", meta, as_of))

    def keep_items(self, meta: PostMortem, as_of: dt.date, rows: tuple[_ItemRow, ...]) -> None:
        self._kept["items", id(meta)] = (meta, as_of, rows)

    def _recall(self, table: str, meta: PostMortem, depends_on: object) -> object | None:
        key = (table, id(meta))
        for memo in (self, self._previous):
            kept = memo._kept.get(key) if memo is not None else None
            if kept is not None and kept[0] is meta and kept[1] == depends_on:
                self._kept[key] = kept
                return kept[2]
        return None

    def forget_previous(self) -> None:
        """Stop reading the previous memo, so that memos do not chain without end."""
        self._previous = None


# --- helpers ------------------------------------------------------------------


def _meta(record: RecordLike) -> PostMortem:
    # isinstance first: a missing attribute on a pydantic model is slow to look up.
    meta = record if isinstance(record, PostMortem) else getattr(record, "meta", None)
    if not isinstance(meta, PostMortem):
        raise TypeError(
            f"expected a pmkb.loader.Record or a pmkb.model.PostMortem, not {type(record).__name__}"
        )
    return meta


def _select(
    records: Iterable[RecordLike], include_statuses: Iterable[str | Status] | None
) -> list[tuple[PostMortem, str | None, Marks]]:
    """(model, rel_path, placeholders) of the records whose status counts, by UTC
    start then id."""
    wanted = status_set(include_statuses)
    keyed = []
    for record in records:
        meta = _meta(record)
        if meta.status.value in wanted:
            if record is meta:
                rel_path, marks = None, _NO_MARKS
            else:
                rel_path = getattr(record, "rel_path", None)
                marks = getattr(record, "placeholders", _NO_MARKS)
            keyed.append(((meta.started_utc, meta.id), meta, rel_path, marks))
    keyed.sort(key=lambda entry: entry[0])
    counts = Counter(meta.id for _, meta, _, _ in keyed)
    if len(counts) != len(keyed):
        twice = sorted(pm_id for pm_id, n in counts.items() if n > 1)
        # Counting one incident twice would skew every figure without a word.
        raise ValueError(f"post-mortem ids given more than once: {', '.join(twice)}")
    return [(meta, rel_path, marks) for _, meta, rel_path, marks in keyed]


def status_set(include: Iterable[str | Status] | None) -> frozenset[str]:
    """The status values ``include_statuses`` names (``None``: every status); raises on an unknown one."""
    if include is None:
        return frozenset(s.value for s in Status)
    if isinstance(include, (str, Status)):
        include = [include]
    out = set()
    for value in include:
        try:
            out.add(Status(value).value)
        except ValueError:
            choices = ", ".join(s.value for s in Status)
            raise ValueError(
                f"unknown status {value!r} in include_statuses; use {choices}"
            ) from None
    return frozenset(out)


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _micros(value: dt.datetime | None) -> int:
    """Microseconds since the epoch (exact integer arithmetic), or NaT's pattern."""
    return _NAT if value is None else (value - _EPOCH) // _MICROSECOND


def _utc_index(micros: list[int]) -> pd.DatetimeIndex:
    values = np.asarray(micros, dtype=np.int64).view("datetime64[us]")
    return pd.DatetimeIndex(values).tz_localize("UTC")


def _minutes(end: list[int], start: list[int]) -> np.ndarray:
    end_arr = np.asarray(end, dtype=np.int64)
    start_arr = np.asarray(start, dtype=np.int64)
    missing = (end_arr == _NAT) | (start_arr == _NAT)
    with np.errstate(invalid="ignore"):
        minutes = (end_arr - start_arr) / 60_000_000
    return np.where(missing, np.nan, minutes)


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _dates(values: Sequence[dt.date | None]) -> pd.Series[pd.Timestamp]:
    """Calendar dates as naive midnight datetime64[s]; None becomes NaT."""
    days = np.array(
        [_NAT if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values], dtype=np.int64
    )
    return pd.Series(days.view("datetime64[D]").astype("datetime64[s]"))
