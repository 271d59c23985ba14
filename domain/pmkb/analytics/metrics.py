"""Every aggregate of the corpus in one typed structure: the content of ``metrics.json``.

:func:`build_metrics` calls the other modules with their defaults and turns
each table into a tuple of frozen rows (:class:`Metrics`, one class per
section below); :meth:`Metrics.as_json` gives the dict that ``metrics.json``
writes, and :func:`~pmkb.analytics.exports.metrics_json` adds each period's
under ``periods`` (see :mod:`pmkb.analytics.jsonable` for how values are written).
Durations are minutes, ``days_*`` are days, ``share`` and ``*_rate`` are
fractions between 0 and 1, missing values are ``null`` (never NaN, never 0);
timestamps and dates in rows are the ISO 8601 text the file holds.

Keys (schema version 2)
-----------------------
``schema_version``
    2; a key's meaning never changes within a version. Version 2 counts every
    incident whatever its report's status, and adds ``data_quality``,
    ``changes`` and ``min_sample`` in place of ``factors.rising``.
``as_of``
    The as-of date (``YYYY-MM-DD``) that decides which action items are overdue.
``min_sample``
    Fewer values than this on either side of a claim of change give ``too few to tell``.
``units``
    ``{"durations": "minutes", "days": "days"}``.
``incidents``
    ``total``: every incident counted (with the default statuses, every
    incident the build's audience may see); ``by_status`` (``published``,
    ``in-review``, ``draft``, zeros included: the reports not yet published
    are in every figure); ``by_severity`` (all four severities, zeros included,
    then ``null`` for the incidents whose severity is marked TODO, when there are any),
    ``by_month``, ``by_quarter`` and ``by_year`` (every period from the first incident to
    the last, zeros included), ``by_service``, ``by_team``, ``by_detection``,
    ``by_trigger`` (most incidents first, then name; a missing trigger is
    ``null``; so is a detection marked TODO): lists of ``{<key>: value,
    "incidents": n}``. An incident on two services counts under each; a
    service, team or factor marked TODO counts nowhere.
``response_times``
    ``definitions`` (metric -> [from, to]), ``low_sample_below``,
    ``confidence``, ``percentile_method`` and, as lists of rows from
    :func:`~pmkb.analytics.response_times.response_time_summary`:
    ``overall``, ``by_month``, ``by_quarter``, ``by_year``, ``by_severity``,
    ``by_service``, ``by_quarter_severity``. Each row: ``metric``, its keys,
    ``incidents``, ``count``, ``missing``, ``median``, ``p90``, ``mean``,
    ``median_ci_low``, ``median_ci_high``, ``low_sample``.
``factors``
    ``frequency`` and ``by_quarter`` (:func:`~pmkb.analytics.factors.factor_frequency`),
    ``layers`` and ``layers_by_quarter`` (:func:`~pmkb.analytics.factors.layer_frequency`),
    ``cooccurrence`` (:func:`~pmkb.analytics.factors.factor_cooccurrence`,
    pairs cited together at least twice). Whether a factor rose is a claim
    of change: see ``changes``.
``recurrence``
    ``min_incidents``; ``factors`` and ``service_factors``
    (:mod:`~pmkb.analytics.recurrence`, with ``ids``, ``first_seen``,
    ``last_seen``; a service factor also with ``expected``, the incidents
    that would cite it were the factor independent of services,
    ``p_adjusted`` and ``above_chance``: cited more often than that, by a
    hypergeometric test adjusted by Benjamini-Hochberg at
    ``false_discovery_rate`` over every pair cited; ``p_adjusted`` is null
    when fewer than ``min_tested`` incidents, of the ``tested_incidents``
    that name both a service and a factor, leave nothing to test; above
    chance first); ``fixes_that_did_not_hold``: ``{"total", "linked", "targeted",
    "by_service_factor", "latest", "latest_limit"}``, where ``total`` counts the rows of
    :func:`~pmkb.analytics.recurrence.fixes_that_did_not_hold` (``linked`` and
    ``targeted`` those with that flag set),
    ``by_service_factor`` gives per (service, factor) the ``recurrences``,
    the distinct ``earlier_ids`` and ``later_ids`` counts, the
    ``last_recurrence`` and the pair's ``expected``, ``p_adjusted`` and
    ``above_chance`` from ``service_factors`` (a factor back on a service no
    more often than chance gives is no sign a fix failed; above chance first,
    then most recurrences, then service, factor), and ``latest``
    holds :data:`LATEST_FIXES` rows: linked ones first, then targeted ones,
    each group most recent first.
``action_items``
    ``overall`` (one object), ``by_priority``, ``by_category``,
    ``by_owner``, ``by_quarter`` (the incident's quarter), ``by_severity``,
    ``by_report_status`` (the status of the item's post-mortem)
    (:func:`~pmkb.analytics.action_items.action_item_summary` rows, with
    ``status_unknown`` and ``due_unknown``: items whose status or due date
    is marked TODO, never counted overdue; ``overdue_unknown``: those of them that
    would be overdue for some value of what is marked) and
    ``oldest_overdue`` (the :data:`OLDEST_OVERDUE` with the earliest due date).
``data_quality``
    ``fields``: per field (``timeline.started`` ... ``timeline.resolved``,
    ``ttd`` ... ``ttr``, ``severity``, ``detection``, ``trigger``, ``factors``,
    ``services``, ``action_items``) ``incidents``, ``recorded``, ``coverage``,
    ``distinct`` and, for durations, ``zero_share``; ``flags``: a list of
    ``{field, flag, share, message, incidents, value}`` where ``flag`` is
    ``placeholder``, ``sparse``, ``constant``, ``dominant`` or ``absent``
    (:func:`~pmkb.analytics.quality.data_quality`). A flagged measure is
    never a headline.
``changes``
    Claims of change (:func:`~pmkb.analytics.changes.claims_of_change`): a
    list of ``{subject, window, current: {from, to, n, value}, baseline:
    {from, to, n, value}, change, ci: [low, high], p_value, p_adjusted,
    verdict, unit, flag, reason, by_severity, unconfirmed}``. ``subject`` is ``incidents``, ``sev1-2``, ``ttd``,
    ``tta``, ``ttm``, ``ttr``, ``action-items-overdue`` or ``factor:<tag>``;
    ``window`` is ``last-12-months`` (against the 12 months before) or
    ``last-quarter`` (against the four quarters before); ``change`` is
    relative for counts and medians, a difference of shares for shares
    (``unit``: ``relative`` or ``points``); ``verdict`` is ``better``,
    ``worse``, ``no detectable change`` or ``too few to tell``; ``flag`` names
    the data-quality flag that withheld a verdict (``coverage`` when the
    archive does not cover both windows of a count), ``reason`` its message;
    ``by_severity`` is null, or for a duration whose two sides' mix of
    severities differs, ``{sev1_2_share_now, sev1_2_share_before}``: then
    ``change``, ``ci`` and the verdict compare severity for severity;
    ``unconfirmed`` is null when the claim reads no value marked TODO, else
    ``{current, baseline}``, per window: for ``sev1-2`` the incidents whose
    severity is marked (the claim holds whatever their severity), for a
    factor the incidents with no confirmed factor, for
    ``action-items-overdue`` the items due whose status is marked (both left
    out of the shares and of ``n``).
``periods``
    The figures of the dashboard's period pages, by the slug of their URL
    (``last-12-months``, ``last-quarter``): each holds every key above but
    ``periods``, for the incidents whose UTC start date falls from the
    period's ``first`` day (``YYYY-MM-DD``) to its ``as_of``, and their action
    items, with the period's ``label``. Its ``data_quality`` checks durations
    on the period's own incidents and takes the other fields from the whole
    archive; its ``changes`` are the build's, the same in every period. The
    CSV files hold every incident and item of all time, each row dated, and
    ``graph.json`` the graph of all time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar, TypeVar

import numpy as np
import pandas as pd

from pmkb.analytics import action_items as ai
from pmkb.analytics import factors as fc
from pmkb.analytics import recurrence as rc
from pmkb.analytics import response_times as rt
from pmkb.analytics._groups import EXPLODED, as_keys, explode_keys, period_range
from pmkb.analytics.changes import MIN_SAMPLE, Change, claims_of_change
from pmkb.analytics.factors import LayerMap, factor_layers
from pmkb.analytics.frame import DURATION_SPANS, DURATIONS, SEVERITIES
from pmkb.analytics.jsonable import plain, records
from pmkb.analytics.parts import PartMemo
from pmkb.analytics.quality import DataQuality, data_quality
from pmkb.model import Status
from pmkb.taxonomy import Taxonomy

SCHEMA_VERSION = 2
#: ``units`` of ``metrics.json``.
UNITS: Mapping[str, str] = {"durations": "minutes", "days": "days"}
#: Report statuses in the order ``incidents.by_status`` lists them.
REPORT_STATUSES: tuple[str, ...] = (
    Status.PUBLISHED.value,
    Status.IN_REVIEW.value,
    Status.DRAFT.value,
)
#: Overdue items listed in ``action_items.oldest_overdue``.
OLDEST_OVERDUE = 20
#: Rows of ``recurrence.fixes_that_did_not_hold.latest``. A dense corpus has
#: a recurrence for most (incident, service, factor) triples; the full list is
#: a function call away (:func:`~pmkb.analytics.recurrence.fixes_that_did_not_hold`).
LATEST_FIXES = 500
#: Factor pairs listed in ``factors.cooccurrence`` are cited together at least this often.
COOCCURRENCE_MIN_INCIDENTS = 2

# --- rows ---------------------------------------------------------------------
# A table of one figure per value of a key keeps that value in ``group`` (the
# section knows the key's name); a table of statistics names its keys, and
# leaves those it is not grouped by at None.


@dataclass(frozen=True)
class Count:
    """How many incidents have one value of a key (a row of ``incidents.by_*``)."""

    #: A status, a severity, a month, a year, a service...; None for a missing trigger.
    group: str | int | None
    incidents: int


@dataclass(frozen=True)
class DurationStats:
    """One duration of one group (a row of ``response_times``)."""

    #: ``ttd``, ``tta``, ``ttm`` or ``ttr``.
    metric: str
    #: Incidents in the group, with or without a value.
    incidents: int
    count: int
    missing: int
    median: float | None
    p90: float | None
    mean: float | None
    median_ci_low: float | None
    median_ci_high: float | None
    low_sample: bool
    #: The keys of the table the row is in; None for those it is not grouped by.
    month: str | None = None
    quarter: str | None = None
    year: int | None = None
    severity: str | None = None
    service: str | None = None

    KEYS: ClassVar[tuple[str, ...]] = ("month", "quarter", "year", "severity", "service")

    @property
    def period(self) -> str | None:
        """The row's month, quarter or year as text (``2025Q1``, ``2025``); None if none."""
        for value in (self.month, self.quarter, self.year):
            if value is not None:
                return str(value)
        return None

    def as_json(self) -> dict[str, Any]:
        return _row_json(self, optional=self.KEYS)


@dataclass(frozen=True)
class FactorCount:
    """How many incidents cite a factor (a row of ``factors.frequency`` and ``by_quarter``)."""

    factor: str
    #: None for a factor the taxonomy does not list.
    layer: str | None
    incidents: int
    #: Of the incidents of the group (all of them, or the quarter's).
    share: float
    quarter: str | None = None

    def as_json(self) -> dict[str, Any]:
        return _row_json(self, optional=("quarter",))


@dataclass(frozen=True)
class LayerCount:
    """How many incidents cite a factor of a layer (a row of ``factors.layers*``)."""

    layer: str
    incidents: int
    #: Factor citations in the layer: an incident citing two of its factors adds 2.
    citations: int
    share: float
    quarter: str | None = None

    def as_json(self) -> dict[str, Any]:
        return _row_json(self, optional=("quarter",))


@dataclass(frozen=True)
class FactorPair:
    """Two factors cited by the same incidents (a row of ``factors.cooccurrence``)."""

    factor_a: str
    factor_b: str
    incidents: int
    jaccard: float
    lift: float

    def as_json(self) -> dict[str, Any]:
        return _row_json(self)


@dataclass(frozen=True)
class RecurringFactor:
    """A factor cited again and again (a row of ``recurrence.factors``)."""

    factor: str
    incidents: int
    #: The incidents citing it, in start order.
    ids: tuple[str, ...]
    first_seen: str
    last_seen: str

    def as_json(self) -> dict[str, Any]:
        return _row_json(self)


@dataclass(frozen=True)
class RecurringServiceFactor(RecurringFactor):
    """A factor cited again and again on one service (a row of ``recurrence.service_factors``)."""

    service: str
    #: The incidents that would cite the pair were the factor independent of services.
    expected: float
    #: Benjamini-Hochberg-adjusted p-value of "cited more often than expected";
    #: None when the period has too few incidents to test.
    p_adjusted: float | None
    #: Cited more often than chance alone gives (``p_adjusted`` at most the false-discovery rate).
    above_chance: bool


@dataclass(frozen=True)
class FixPair:
    """Fixes that did not hold, per service and factor (``by_service_factor``)."""

    service: str
    factor: str
    recurrences: int
    #: Distinct earlier and later incidents.
    earlier_ids: int
    later_ids: int
    last_recurrence: str
    #: The pair's test against chance, as in :class:`RecurringServiceFactor`: the
    #: incidents expected to cite it, and whether more than that do. A factor that comes
    #: back on a service no more often than chance gives is no sign that a fix failed.
    expected: float
    p_adjusted: float | None
    above_chance: bool

    def as_json(self) -> dict[str, Any]:
        return _row_json(self)


@dataclass(frozen=True)
class FixThatDidNotHold:
    """A completed fix followed by an incident of the same service and factor (``latest``)."""

    service: str
    factor: str
    earlier_id: str
    earlier_started: str
    fix_completed: str
    later_id: str
    later_started: str
    days_after_fix: int
    #: The later report links the earlier one.
    linked: bool
    #: The earlier fix named the factor among those it addresses.
    targeted: bool

    def as_json(self) -> dict[str, Any]:
        return _row_json(self)


@dataclass(frozen=True)
class ActionItemCounts:
    """Action items by status, overdue, and how fast they close (``action_items``)."""

    total: int
    done: int
    open: int
    in_progress: int
    wont_do: int
    #: Items whose status is a placeholder (marked TODO): neither done nor open.
    status_unknown: int
    overdue: int
    #: Items whose due date is a placeholder (marked TODO): never overdue.
    due_unknown: int
    #: Items that would be overdue for some value of a due date or status marked TODO.
    overdue_unknown: int
    completion_rate: float | None
    median_days_to_close: float | None
    #: A priority, a category, an owner, a quarter...; None in ``overall``.
    group: str | None = None

    @property
    def waiting(self) -> int:
        """Open or in progress."""
        return self.open + self.in_progress

    def as_json(self, key: str | None = None) -> dict[str, Any]:
        """The row, its ``group`` under ``key`` (left out without one)."""
        out = _row_json(self, optional=("group",))
        group = out.pop("group", None)
        return out if key is None else {key: group, **out}


@dataclass(frozen=True)
class OverdueItem:
    """An overdue action item (``action_items.oldest_overdue``)."""

    key: str
    postmortem_id: str
    action: str
    #: None when the file marks it TODO (a guess): unknown.
    owner: str | None
    priority: str | None
    category: str | None
    status: str
    due: str
    days_overdue: float | None

    def as_json(self) -> dict[str, Any]:
        return _row_json(self)


# --- sections -------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentCounts:
    """``incidents``: every incident counted, and per value of each key."""

    total: int
    by_status: tuple[Count, ...]
    by_severity: tuple[Count, ...]
    by_month: tuple[Count, ...]
    by_quarter: tuple[Count, ...]
    by_year: tuple[Count, ...]
    by_service: tuple[Count, ...]
    by_team: tuple[Count, ...]
    by_detection: tuple[Count, ...]
    by_trigger: tuple[Count, ...]

    def as_json(self) -> dict[str, Any]:
        tables = {
            "status": self.by_status,
            "severity": self.by_severity,
            "month": self.by_month,
            "quarter": self.by_quarter,
            "year": self.by_year,
            "service": self.by_service,
            "team": self.by_team,
            "detection": self.by_detection,
            "trigger": self.by_trigger,
        }
        return {
            "total": self.total,
            **{
                f"by_{key}": [{key: c.group, "incidents": c.incidents} for c in counts]
                for key, counts in tables.items()
            },
        }


@dataclass(frozen=True)
class ResponseTimes:
    """``response_times``: each duration overall and per group."""

    #: ``{"ttd": ("started", "detected"), ...}``.
    definitions: Mapping[str, tuple[str, str]]
    low_sample_below: int
    confidence: float
    percentile_method: str
    overall: tuple[DurationStats, ...]
    by_month: tuple[DurationStats, ...]
    by_quarter: tuple[DurationStats, ...]
    by_year: tuple[DurationStats, ...]
    by_severity: tuple[DurationStats, ...]
    by_service: tuple[DurationStats, ...]
    by_quarter_severity: tuple[DurationStats, ...]

    def by_period(self, bucket: str) -> tuple[DurationStats, ...]:
        """``by_month``, ``by_quarter`` or ``by_year``, by the name of the ``bucket``."""
        tables = {"month": self.by_month, "quarter": self.by_quarter, "year": self.by_year}
        return tables[bucket]

    def as_json(self) -> dict[str, Any]:
        tables = {
            "overall": self.overall,
            "by_month": self.by_month,
            "by_quarter": self.by_quarter,
            "by_year": self.by_year,
            "by_severity": self.by_severity,
            "by_service": self.by_service,
            "by_quarter_severity": self.by_quarter_severity,
        }
        return {
            "definitions": {name: list(span) for name, span in self.definitions.items()},
            "low_sample_below": self.low_sample_below,
            "confidence": self.confidence,
            "percentile_method": self.percentile_method,
            **{name: [row.as_json() for row in rows] for name, rows in tables.items()},
        }


@dataclass(frozen=True)
class FactorMetrics:
    """``factors``: how often each factor and each layer is cited, and which go together."""

    frequency: tuple[FactorCount, ...]
    by_quarter: tuple[FactorCount, ...]
    layers: tuple[LayerCount, ...]
    layers_by_quarter: tuple[LayerCount, ...]
    cooccurrence: tuple[FactorPair, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "frequency": [row.as_json() for row in self.frequency],
            "by_quarter": [row.as_json() for row in self.by_quarter],
            "layers": [row.as_json() for row in self.layers],
            "layers_by_quarter": [row.as_json() for row in self.layers_by_quarter],
            "cooccurrence": [row.as_json() for row in self.cooccurrence],
        }


@dataclass(frozen=True)
class FixesSummary:
    """``recurrence.fixes_that_did_not_hold``."""

    #: Every fix that did not hold, and those linked by the later report or targeted.
    total: int
    linked: int
    targeted: int
    by_service_factor: tuple[FixPair, ...]
    #: At most :attr:`latest_limit`: linked ones first, then targeted ones, most recent first.
    latest: tuple[FixThatDidNotHold, ...]
    latest_limit: int

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "linked": self.linked,
            "targeted": self.targeted,
            "by_service_factor": [row.as_json() for row in self.by_service_factor],
            "latest": [row.as_json() for row in self.latest],
            "latest_limit": self.latest_limit,
        }


@dataclass(frozen=True)
class RecurrenceMetrics:
    """``recurrence``: causes cited again and again, and fixes that did not hold."""

    #: A cause recurs when at least this many incidents cite it.
    min_incidents: int
    factors: tuple[RecurringFactor, ...]
    service_factors: tuple[RecurringServiceFactor, ...]
    fixes_that_did_not_hold: FixesSummary
    #: Incidents naming both a service and a factor: the population of the test against chance.
    tested_incidents: int = 0
    #: Fewest such incidents for the pairs to be tested against chance.
    min_tested: int = rc.RECURRING_MIN_TESTED
    false_discovery_rate: float = rc.RECURRING_FALSE_DISCOVERY_RATE

    @property
    def tested(self) -> bool:
        """Whether the period has incidents enough for the pairs to be tested against chance."""
        return self.tested_incidents >= self.min_tested

    def as_json(self) -> dict[str, Any]:
        return {
            "min_incidents": self.min_incidents,
            "tested_incidents": self.tested_incidents,
            "min_tested": self.min_tested,
            "false_discovery_rate": self.false_discovery_rate,
            "factors": [row.as_json() for row in self.factors],
            "service_factors": [row.as_json() for row in self.service_factors],
            "fixes_that_did_not_hold": self.fixes_that_did_not_hold.as_json(),
        }


@dataclass(frozen=True)
class ActionItemMetrics:
    """``action_items``: every item, per key, and the oldest overdue ones."""

    overall: ActionItemCounts
    by_priority: tuple[ActionItemCounts, ...]
    by_category: tuple[ActionItemCounts, ...]
    by_owner: tuple[ActionItemCounts, ...]
    #: By the quarter of the item's incident.
    by_quarter: tuple[ActionItemCounts, ...]
    by_severity: tuple[ActionItemCounts, ...]
    #: By the status of the item's post-mortem.
    by_report_status: tuple[ActionItemCounts, ...]
    oldest_overdue: tuple[OverdueItem, ...]

    #: The column each table is grouped by, as ``metrics.json`` names it in its rows.
    KEYS: ClassVar[Mapping[str, str]] = {
        "by_priority": "priority",
        "by_category": "category",
        "by_owner": "owner",
        "by_quarter": "incident_quarter",
        "by_severity": "severity",
        "by_report_status": "report_status",
    }

    def as_json(self) -> dict[str, Any]:
        tables = {
            "by_priority": self.by_priority,
            "by_category": self.by_category,
            "by_owner": self.by_owner,
            "by_quarter": self.by_quarter,
            "by_severity": self.by_severity,
            "by_report_status": self.by_report_status,
        }
        return {
            "overall": self.overall.as_json(),
            **{
                name: [row.as_json(self.KEYS[name]) for row in rows]
                for name, rows in tables.items()
            },
            "oldest_overdue": [row.as_json() for row in self.oldest_overdue],
        }


@dataclass(frozen=True)
class Metrics:
    """Every aggregate of a corpus: :meth:`as_json` is the content of ``metrics.json``."""

    #: The date that decides which action items are overdue.
    as_of: dt.date
    #: Fewer values than this on either side of a claim of change: too few to tell.
    min_sample: int
    incidents: IncidentCounts
    response_times: ResponseTimes
    factors: FactorMetrics
    recurrence: RecurrenceMetrics
    action_items: ActionItemMetrics
    data_quality: DataQuality
    changes: tuple[Change, ...]

    schema_version: ClassVar[int] = SCHEMA_VERSION
    units: ClassVar[Mapping[str, str]] = UNITS

    def as_json(self) -> dict[str, Any]:
        """The dict of ``metrics.json``: plain values only (see the module's key list)."""
        return {
            "schema_version": self.schema_version,
            "as_of": self.as_of.isoformat(),
            "min_sample": self.min_sample,
            "units": dict(self.units),
            "incidents": self.incidents.as_json(),
            "response_times": self.response_times.as_json(),
            "factors": self.factors.as_json(),
            "recurrence": self.recurrence.as_json(),
            "action_items": self.action_items.as_json(),
            "data_quality": self.data_quality.as_json(),
            "changes": [change.as_json() for change in self.changes],
        }


def build_metrics(
    incidents: pd.DataFrame,
    action_items: pd.DataFrame,
    *,
    as_of: dt.date,
    taxonomy: Taxonomy | LayerMap | None = None,
    low_sample_below: int = rt.LOW_SAMPLE_BELOW,
    min_sample: int = MIN_SAMPLE,
    quality: DataQuality | None = None,
    changes: Sequence[Change] | None = None,
    memo: PartMemo | None = None,
) -> Metrics:
    """The content of ``metrics.json``, typed (see the module's key list).

    Parameters
    ----------
    incidents, action_items
        Tables from :func:`~pmkb.analytics.frame.incidents_frame` and
        :func:`~pmkb.analytics.frame.action_items_frame`, built from the
        same records (already filtered by audience and status).
    as_of
        The date ``action_items`` was built with; recorded in the output.
    taxonomy
        Gives factors their layers.
    low_sample_below
        See :data:`~pmkb.analytics.response_times.LOW_SAMPLE_BELOW`.
    min_sample
        The fewest values on each side of a claim of change, and the fewest
        incidents for a ``constant`` or ``dominant`` flag.
    quality, changes
        :func:`~pmkb.analytics.quality.data_quality` and
        :func:`~pmkb.analytics.changes.claims_of_change` of these tables,
        when the caller has them already; computed here otherwise.
    memo
        Keeps the parts of these metrics, and gives back those of the last
        metrics whose columns are unchanged (a preview's next build).

    Examples
    --------
    >>> from pmkb.analytics.frame import incidents_frame, action_items_frame
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> records_ = example_postmortems()
    >>> metrics = build_metrics(
    ...     incidents_frame(records_), action_items_frame(records_, dt.date(2025, 5, 1)),
    ...     as_of=dt.date(2025, 5, 1),
    ... )
    >>> metrics.incidents.total, [(c.group, c.incidents) for c in metrics.incidents.by_status]
    (3, [('published', 2), ('in-review', 0), ('draft', 1)])
    >>> metrics.as_json()["incidents"]["by_quarter"]
    [{'quarter': '2025Q1', 'incidents': 1}, {'quarter': '2025Q2', 'incidents': 2}]
    >>> [(r.metric, r.median, r.count) for r in metrics.response_times.overall]
    [('ttd', 15.0, 3), ('tta', 7.5, 2), ('ttm', None, 0), ('ttr', 105.0, 2)]
    >>> [c.verdict.value for c in metrics.changes][:2]
    ['too few to tell', 'too few to tell']
    """
    if quality is None:
        quality = data_quality(incidents, action_items, min_incidents=min_sample)
    if changes is None:
        changes = claims_of_change(incidents, action_items, as_of=as_of, min_sample=min_sample)
    memo = PartMemo() if memo is None else memo
    layers = factor_layers(taxonomy)
    return Metrics(
        as_of=as_of,
        min_sample=min_sample,
        incidents=_incident_counts(incidents),
        response_times=_response_times(incidents, low_sample_below, memo),
        factors=memo.part(
            ("factors", frozenset(layers.items())),
            [(incidents, FACTOR_COLUMNS)],
            lambda: _factor_metrics(incidents, layers),
        ),
        recurrence=memo.part(
            ("recurrence", min_sample),
            [(incidents, RECURRENCE_COLUMNS), (action_items, FIX_ITEM_COLUMNS)],
            lambda: _recurrence_metrics(incidents, action_items, min_sample),
        ),
        action_items=_action_item_metrics(action_items, memo),
        data_quality=quality,
        changes=tuple(changes),
    )


#: The columns of the incidents table each part of the metrics reads
#: (besides the number of rows), for :class:`~pmkb.analytics.parts.PartMemo`.
FACTOR_COLUMNS = ("factors", "quarter")
RECURRENCE_COLUMNS = ("id", "started", "services", "factors", "related")
#: The columns of the action items the fixes that did not hold read.
FIX_ITEM_COLUMNS = ("postmortem_id", "status", "completed", "addresses")
#: The columns of the action items every count of them reads, besides its group.
ITEM_COUNT_COLUMNS = ("status", "overdue", "overdue_unknown", "due", "days_to_close")


def _recurrence_metrics(
    incidents: pd.DataFrame, action_items: pd.DataFrame, min_tested: int
) -> RecurrenceMetrics:
    pairs = rc.recurring_service_factors(incidents, min_tested=min_tested)
    return RecurrenceMetrics(
        min_incidents=rc.RECURRING_MIN_INCIDENTS,
        factors=_rows(RecurringFactor, rc.recurring_factors(incidents)),
        service_factors=_rows(RecurringServiceFactor, pairs),
        fixes_that_did_not_hold=_fixes_summary(
            rc.fixes_that_did_not_hold(incidents, action_items), pairs
        ),
        tested_incidents=len(rc.naming_service_and_factor(incidents)),
        min_tested=min_tested,
        false_discovery_rate=rc.RECURRING_FALSE_DISCOVERY_RATE,
    )


def _response_times(
    incidents: pd.DataFrame, low_sample_below: int, memo: PartMemo
) -> ResponseTimes:
    def summary(by: str | list[str] | None) -> tuple[DurationStats, ...]:
        keys = as_keys(by)
        return memo.part(
            ("response_times", tuple(keys), low_sample_below),
            [(incidents, [*DURATIONS, *(EXPLODED.get(k, k) for k in keys)])],
            lambda: _rows(
                DurationStats,
                rt.response_time_summary(incidents, by, low_sample_below=low_sample_below),
            ),
        )

    return ResponseTimes(
        definitions={name: (start, end) for name, (start, end) in DURATION_SPANS.items()},
        low_sample_below=low_sample_below,
        confidence=rt.CONFIDENCE,
        percentile_method="linear",
        overall=summary(None),
        by_month=summary("month"),
        by_quarter=summary("quarter"),
        by_year=summary("year"),
        by_severity=summary("severity"),
        by_service=summary("service"),
        by_quarter_severity=summary(["quarter", "severity"]),
    )


def _factor_metrics(incidents: pd.DataFrame, layers: LayerMap) -> FactorMetrics:
    return FactorMetrics(
        frequency=_rows(FactorCount, fc.factor_frequency(incidents, layers)),
        by_quarter=_rows(FactorCount, fc.factor_frequency(incidents, layers, by="quarter")),
        layers=_rows(LayerCount, fc.layer_frequency(incidents, layers)),
        layers_by_quarter=_rows(LayerCount, fc.layer_frequency(incidents, layers, by="quarter")),
        cooccurrence=_rows(
            FactorPair,
            fc.factor_cooccurrence(incidents, min_incidents=COOCCURRENCE_MIN_INCIDENTS),
        ),
    )


def _action_item_metrics(items: pd.DataFrame, memo: PartMemo) -> ActionItemMetrics:
    def by(column: str) -> tuple[ActionItemCounts, ...]:
        return memo.part(
            ("action_items", column),
            [(items, [*ITEM_COUNT_COLUMNS, column])],
            lambda: _rows(ActionItemCounts, ai.action_item_summary(items, column), group=column),
        )

    return ActionItemMetrics(
        overall=memo.part(
            ("action_items", None),
            [(items, ITEM_COUNT_COLUMNS)],
            lambda: _rows(ActionItemCounts, ai.action_item_summary(items))[0],
        ),
        by_priority=by("priority"),
        by_category=by("category"),
        by_owner=by("owner"),
        by_quarter=by("incident_quarter"),
        by_severity=by("severity"),
        by_report_status=by("report_status"),
        oldest_overdue=overdue_items(items, OLDEST_OVERDUE),
    )


def overdue_items(items: pd.DataFrame, n: int | None) -> tuple[OverdueItem, ...]:
    """The ``n`` overdue items due first (all with None), as rows of ``oldest_overdue``."""
    return _rows(OverdueItem, ai.oldest_overdue(items, n))


def _fixes_summary(fixes: pd.DataFrame, pairs: pd.DataFrame) -> FixesSummary:
    """The fixes that did not hold, per pair with the pair's test against chance (``pairs``,
    :func:`~pmkb.analytics.recurrence.recurring_service_factors` of the same incidents)."""
    grouped = fixes.groupby(["service", "factor"], sort=True)
    by_pair = grouped.agg(
        recurrences=("later_id", "size"),
        earlier_ids=("earlier_id", "nunique"),
        later_ids=("later_id", "nunique"),
        last_recurrence=("later_started", "max"),
    ).reset_index()
    # Both incidents of a recurrence cite the pair, so each pair is among those tested.
    tests = pairs[["service", "factor", "expected", "p_adjusted", "above_chance"]]
    by_pair = by_pair.merge(tests, on=["service", "factor"], how="left")
    by_pair["above_chance"] = by_pair["above_chance"].fillna(False).astype(bool)
    by_pair["_rank"] = np.where(by_pair["above_chance"], by_pair["p_adjusted"], np.inf)
    by_pair = by_pair.sort_values(
        ["_rank", "recurrences", "service", "factor"],
        ascending=[True, False, True, True],
        kind="stable",
    ).drop(columns="_rank")
    # Strongest evidence first: recurrences the authors linked themselves,
    # then those whose earlier fix targeted the factor explicitly.
    latest = fixes.iloc[::-1].sort_values(["linked", "targeted"], ascending=False, kind="stable")
    latest = latest.head(LATEST_FIXES)
    return FixesSummary(
        total=len(fixes),
        linked=int(fixes["linked"].sum()),
        targeted=int(fixes["targeted"].sum()),
        by_service_factor=_rows(FixPair, by_pair),
        latest=_rows(FixThatDidNotHold, latest),
        latest_limit=LATEST_FIXES,
    )


def _incident_counts(incidents: pd.DataFrame) -> IncidentCounts:
    status = incidents["status"].value_counts()
    severity = incidents["severity"].value_counts()

    def by_period(key: str) -> tuple[Count, ...]:
        counts = incidents[key].value_counts()
        return tuple(
            Count(period, int(counts.get(period, 0)))
            for period in period_range(key, incidents[key])
        )

    def by_value(key: str) -> tuple[Count, ...]:
        rows = explode_keys(incidents, [key], keep=[])
        counts = rows[key].value_counts(dropna=False)
        # plain() makes None of every kind of missing value.
        named: list[tuple[str | None, int]] = [(plain(name), int(n)) for name, n in counts.items()]
        # Most incidents first, then by name, a missing value last.
        named.sort(key=lambda item: (-item[1], item[0] is None, item[0] or ""))
        return tuple(Count(name, n) for name, n in named)

    return IncidentCounts(
        total=len(incidents),
        by_status=tuple(Count(s, int(status.get(s, 0))) for s in REPORT_STATUSES),
        by_severity=tuple(Count(s, int(severity.get(s, 0))) for s in SEVERITIES)
        + _unknown(len(incidents) - int(severity.sum())),
        by_month=by_period("month"),
        by_quarter=by_period("quarter"),
        by_year=by_period("year"),
        by_service=by_value("service"),
        by_team=by_value("team"),
        by_detection=by_value("detection"),
        by_trigger=by_value("trigger"),
    )


def _unknown(n: int) -> tuple[Count, ...]:
    """A ``null`` row for ``n`` incidents whose value is a placeholder; none when none is."""
    return (Count(None, n),) if n else ()


RowT = TypeVar("RowT")


def _rows(
    make: Callable[..., RowT], table: pd.DataFrame, *, group: str | None = None
) -> tuple[RowT, ...]:
    """``table``'s rows as ``make(**row)`` of plain values; its column ``group`` as ``group=``."""
    rows: list[RowT] = []
    for row in records(table):
        fields_ = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
        if group is not None:
            fields_["group"] = fields_.pop(group)
        rows.append(make(**fields_))
    return tuple(rows)


def _row_json(row: Any, *, optional: Sequence[str] = ()) -> dict[str, Any]:
    """A row as ``metrics.json`` writes it: tuples as lists; ``optional`` fields only when set."""
    out: dict[str, Any] = {}
    for name in _field_names(type(row)):
        value = getattr(row, name)
        if value is None and name in optional:
            continue
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(row_type: type) -> tuple[str, ...]:
    """The fields of a row class, looked up once: ``fields()`` rebuilds them on every call,
    and the file has thousands of rows of a dozen classes."""
    names = _FIELD_NAMES.get(row_type)
    if names is None:
        names = _FIELD_NAMES[row_type] = tuple(field.name for field in fields(row_type))
    return names
