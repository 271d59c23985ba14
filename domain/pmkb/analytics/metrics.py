"""Every aggregate of the corpus in one JSON-ready dict: the content of ``metrics.json``.

:func:`build_metrics` calls the other modules with their defaults and turns
each table into a list of row objects (see :mod:`pmkb.analytics.jsonable`
for how values are written). Durations are minutes, ``days_*`` are days,
``share`` and ``*_rate`` are fractions between 0 and 1, missing values are
``null`` (never NaN, never 0).

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
    are in every figure); ``by_severity`` (all four severities, zeros included),
    ``by_month``, ``by_quarter`` and ``by_year`` (every period from the first incident to
    the last, zeros included), ``by_service``, ``by_team``, ``by_detection``,
    ``by_trigger`` (most incidents first, then name; a missing trigger is
    ``null``): lists of ``{<key>: value, "incidents": n}``. An incident on
    two services counts under each.
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
    ``last_seen``); ``fixes_that_did_not_hold``: ``{"total", "linked", "targeted",
    "by_service_factor", "latest", "latest_limit"}``, where ``total`` counts the rows of
    :func:`~pmkb.analytics.recurrence.fixes_that_did_not_hold` (``linked`` and
    ``targeted`` those with that flag set),
    ``by_service_factor`` gives per (service, factor) the ``recurrences``,
    the distinct ``earlier_ids`` and ``later_ids`` counts and the
    ``last_recurrence`` (most first, then service, factor), and ``latest``
    holds :data:`LATEST_FIXES` rows: linked ones first, then targeted ones,
    each group most recent first.
``action_items``
    ``overall`` (one object), ``by_priority``, ``by_category``,
    ``by_owner``, ``by_quarter`` (the incident's quarter), ``by_severity``,
    ``by_report_status`` (the status of the item's post-mortem)
    (:func:`~pmkb.analytics.action_items.action_item_summary` rows) and
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
    verdict, unit, flag, reason}``. ``subject`` is ``incidents``, ``sev1-2``, ``ttd``,
    ``tta``, ``ttm``, ``ttr``, ``action-items-overdue`` or ``factor:<tag>``;
    ``window`` is ``last-12-months`` (against the 12 months before) or
    ``last-quarter`` (against the four quarters before); ``change`` is
    relative for counts and medians, a difference of shares for shares
    (``unit``: ``relative`` or ``points``); ``verdict`` is ``better``,
    ``worse``, ``no detectable change`` or ``too few to tell``; ``flag`` names
    the data-quality flag that withheld a verdict, ``reason`` its message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from pmkb.analytics import action_items as ai
from pmkb.analytics import factors as fc
from pmkb.analytics import recurrence as rc
from pmkb.analytics import response_times as rt
from pmkb.analytics._groups import explode_keys, period_range
from pmkb.analytics.changes import MIN_SAMPLE, Change, claims_of_change
from pmkb.analytics.factors import LayerMap
from pmkb.analytics.frame import DURATION_SPANS, SEVERITIES
from pmkb.analytics.jsonable import plain, records
from pmkb.analytics.quality import DataQuality, data_quality
from pmkb.model import Status
from pmkb.taxonomy import Taxonomy

SCHEMA_VERSION = 2
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
) -> dict[str, Any]:
    """The content of ``metrics.json``: a dict of plain values (see the module's key list).

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

    Examples
    --------
    >>> from pmkb.analytics.frame import incidents_frame, action_items_frame
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> records_ = example_postmortems()
    >>> metrics = build_metrics(
    ...     incidents_frame(records_), action_items_frame(records_, dt.date(2025, 5, 1)),
    ...     as_of=dt.date(2025, 5, 1),
    ... )
    >>> metrics["incidents"]["total"], metrics["incidents"]["by_status"]
    (3, [{'status': 'published', 'incidents': 2}, {'status': 'in-review', 'incidents': 0}, {'status': 'draft', 'incidents': 1}])
    >>> metrics["incidents"]["by_quarter"]
    [{'quarter': '2025Q1', 'incidents': 1}, {'quarter': '2025Q2', 'incidents': 2}]
    >>> [(r["metric"], r["median"], r["count"]) for r in metrics["response_times"]["overall"]]
    [('ttd', 15.0, 3), ('tta', 7.5, 2), ('ttm', None, 0), ('ttr', 105.0, 2)]
    >>> [c["verdict"] for c in metrics["changes"]][:2]
    ['too few to tell', 'too few to tell']
    """
    summary = rt.response_time_summary
    if quality is None:
        quality = data_quality(incidents, action_items, min_incidents=min_sample)
    if changes is None:
        changes = claims_of_change(incidents, action_items, as_of=as_of, min_sample=min_sample)
    metrics: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "min_sample": min_sample,
        "units": {"durations": "minutes", "days": "days"},
        "incidents": _incident_counts(incidents),
        "response_times": {
            "definitions": {name: list(span) for name, span in DURATION_SPANS.items()},
            "low_sample_below": low_sample_below,
            "confidence": rt.CONFIDENCE,
            "percentile_method": "linear",
            **{
                name: records(summary(incidents, by, low_sample_below=low_sample_below))
                for name, by in (
                    ("overall", None),
                    ("by_month", "month"),
                    ("by_quarter", "quarter"),
                    ("by_year", "year"),
                    ("by_severity", "severity"),
                    ("by_service", "service"),
                    ("by_quarter_severity", ["quarter", "severity"]),
                )
            },
        },
        "factors": {
            "frequency": records(fc.factor_frequency(incidents, taxonomy)),
            "by_quarter": records(fc.factor_frequency(incidents, taxonomy, by="quarter")),
            "layers": records(fc.layer_frequency(incidents, taxonomy or {})),
            "layers_by_quarter": records(
                fc.layer_frequency(incidents, taxonomy or {}, by="quarter")
            ),
            "cooccurrence": records(
                fc.factor_cooccurrence(incidents, min_incidents=COOCCURRENCE_MIN_INCIDENTS)
            ),
        },
        "recurrence": {
            "min_incidents": rc.RECURRING_MIN_INCIDENTS,
            "factors": records(rc.recurring_factors(incidents)),
            "service_factors": records(rc.recurring_service_factors(incidents)),
            "fixes_that_did_not_hold": _fixes_summary(
                rc.fixes_that_did_not_hold(incidents, action_items)
            ),
        },
        "action_items": {
            "overall": records(ai.action_item_summary(action_items))[0],
            **{
                name: records(ai.action_item_summary(action_items, by))
                for name, by in (
                    ("by_priority", "priority"),
                    ("by_category", "category"),
                    ("by_owner", "owner"),
                    ("by_quarter", "incident_quarter"),
                    ("by_severity", "severity"),
                    ("by_report_status", "report_status"),
                )
            },
            "oldest_overdue": records(ai.oldest_overdue(action_items, OLDEST_OVERDUE)),
        },
        "data_quality": quality.as_json(),
        "changes": [change.as_json() for change in changes],
    }
    return metrics


def _fixes_summary(fixes: pd.DataFrame) -> dict[str, Any]:
    grouped = fixes.groupby(["service", "factor"], sort=True)
    by_pair = grouped.agg(
        recurrences=("later_id", "size"),
        earlier_ids=("earlier_id", "nunique"),
        later_ids=("later_id", "nunique"),
        last_recurrence=("later_started", "max"),
    ).reset_index()
    by_pair = by_pair.sort_values(
        ["recurrences", "service", "factor"], ascending=[False, True, True], kind="stable"
    )
    # Strongest evidence first: recurrences the authors linked themselves,
    # then those whose earlier fix targeted the factor explicitly.
    latest = fixes.iloc[::-1].sort_values(["linked", "targeted"], ascending=False, kind="stable")
    latest = latest.head(LATEST_FIXES)
    return {
        "total": len(fixes),
        "linked": int(fixes["linked"].sum()),
        "targeted": int(fixes["targeted"].sum()),
        "by_service_factor": records(by_pair),
        "latest": records(latest),
        "latest_limit": LATEST_FIXES,
    }


def _incident_counts(incidents: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {"total": len(incidents)}
    status = incidents["status"].value_counts()
    out["by_status"] = [{"status": s, "incidents": int(status.get(s, 0))} for s in REPORT_STATUSES]
    severity = incidents["severity"].value_counts()
    out["by_severity"] = [{"severity": s, "incidents": int(severity.get(s, 0))} for s in SEVERITIES]
    for key in ("month", "quarter", "year"):
        counts = incidents[key].value_counts()
        out[f"by_{key}"] = [
            {key: period, "incidents": int(counts.get(period, 0))}
            for period in period_range(key, incidents[key])
        ]
    for key in ("service", "team", "detection", "trigger"):
        rows = explode_keys(incidents, [key], keep=[])
        counts = rows[key].value_counts(dropna=False)
        named = [(plain(name) if not pd.isna(name) else None, int(n)) for name, n in counts.items()]
        # Most incidents first, then by name, a missing value last.
        named.sort(key=lambda item: (-item[1], item[0] is None, item[0] or ""))
        out[f"by_{key}"] = [{key: name, "incidents": n} for name, n in named]
    return out
