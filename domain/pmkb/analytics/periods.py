"""The dashboard's three periods, and the analytics of each one.

*All time* is the analytics of the whole build. *Last 12 months* and *last
quarter* (three months) are measured back from the build's as-of date: they
hold the incidents whose UTC start date falls from the same day 12 (or 3)
months before ``as_of`` up to ``as_of`` itself, and the action items of those
incidents. Their metrics come from :func:`pmkb.analytics.build_metrics` on
those rows alone, so every figure of a period describes the same incidents,
and so do the checks of its durations (a placeholder in the last quarter is
flagged on the last quarter's pages);
the related-incident graph is not recomputed per period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from pmkb.analytics.changes import Change, Window
    from pmkb.analytics.factors import LayerMap
    from pmkb.analytics.metrics import Metrics
    from pmkb.analytics.parts import PartMemo
    from pmkb.analytics.quality import DataQuality


@dataclass(frozen=True)
class Period:
    #: URL segment of the period's pages ("" for all time, the default pages).
    slug: str
    label: str
    #: How many months back from as_of; None for all time.
    months: int | None

    def start(self, as_of: dt.date) -> dt.date | None:
        """The first day of the period, or None for all time.

        >>> PERIODS[2].start(dt.date(2025, 5, 31)), PERIODS[1].start(dt.date(2024, 2, 29))
        (datetime.date(2025, 2, 28), datetime.date(2023, 2, 28))
        """
        if self.months is None:
            return None
        from pmkb.analytics.changes import months_before

        return months_before(as_of, self.months)

    @property
    def window(self) -> Window:
        """The window of claims of change the period's pages open with (all time: 12 months)."""
        from pmkb.analytics.changes import WINDOWS

        return WINDOWS[1] if self.months == 3 else WINDOWS[0]


PERIODS: tuple[Period, ...] = (
    Period("", "All time", None),
    Period("last-12-months", "Last 12 months", 12),
    Period("last-quarter", "Last quarter", 3),
)


@dataclass(frozen=True)
class PeriodData:
    """The incidents, action items and metrics of one period."""

    period: Period
    as_of: dt.date
    #: First and last day covered (the first and last incident for all time).
    first: dt.date | None
    last: dt.date | None
    incidents: pd.DataFrame
    action_items: pd.DataFrame
    metrics: Metrics
    #: What the fields record, and what is too degenerate to show: durations are
    #: checked on the period's own incidents (a tool that zeroed every recent
    #: detection flags the recent periods); the other fields are the archive's, how an
    #: archive is recorded being a property of the archive, not of one quarter of it
    #: (six of eleven incidents citing one factor is no default). See
    #: :func:`~pmkb.analytics.quality.within_window`.
    quality: DataQuality
    #: The build's claims of change (both windows; they do not depend on the period).
    changes: tuple[Change, ...]
    min_sample: int

    @property
    def unpublished(self) -> dict[str, int]:
        """Incidents counted whose reports are not yet published, by status (zeros left out)."""
        counts = {str(k): int(v) for k, v in self.incidents["status"].value_counts().items()}
        return {s: int(counts[s]) for s in ("in-review", "draft") if s in counts}

    def as_json(self) -> dict[str, Any]:
        """The period's entry in ``metrics.json``'s ``periods``: its metrics as they are
        (:meth:`~pmkb.analytics.metrics.Metrics.as_json`, serialised, never computed
        again), with its ``label`` and ``first`` day; its last day is ``as_of``."""
        return {
            **self.metrics.as_json(),
            "label": self.period.label,
            "first": None if self.first is None else self.first.isoformat(),
        }

    @property
    def span(self) -> str:
        if self.first is None or self.last is None:
            return "no incidents"
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def period_data(
    incidents: pd.DataFrame,
    items: pd.DataFrame,
    summary: PeriodData,
    period: Period,
    layers: LayerMap,
    memo: PartMemo | None = None,
) -> PeriodData:
    """The analytics of ``period``, from the build's tables and its all-time ``summary``.

    ``incidents`` holds only the columns the metrics read
    (:func:`~pmkb.analytics.pipeline.metric_view`). The durations' data quality
    is the period's own, the other fields' the build's
    (:func:`~pmkb.analytics.quality.within_window`); the claims of change are
    the build's, and check each window they compare themselves. ``memo``
    is :func:`~pmkb.analytics.metrics.build_metrics`'s, scoped to the period.
    """
    start = period.start(summary.as_of)
    if start is None:
        return summary
    from pmkb.analytics.metrics import build_metrics
    from pmkb.analytics.quality import data_quality, within_window

    days = incidents["started"].dt.date
    chosen = incidents[(days >= start) & (days <= summary.as_of)].reset_index(drop=True)
    chosen_items = items[items["postmortem_id"].isin(set(chosen["id"]))].reset_index(drop=True)
    quality = within_window(
        summary.quality, data_quality(chosen, chosen_items, min_incidents=summary.min_sample)
    )
    metrics = build_metrics(
        chosen,
        chosen_items,
        as_of=summary.as_of,
        taxonomy=layers,
        min_sample=summary.min_sample,
        quality=quality,
        changes=summary.changes,
        memo=memo,
    )
    return PeriodData(
        period=period,
        as_of=summary.as_of,
        first=start,
        last=summary.as_of,
        incidents=chosen,
        action_items=chosen_items,
        metrics=metrics,
        quality=quality,
        changes=summary.changes,
        min_sample=summary.min_sample,
    )


def all_time(
    incidents: pd.DataFrame,
    items: pd.DataFrame,
    metrics: Metrics,
    quality: DataQuality,
    changes: tuple[Change, ...],
    *,
    as_of: dt.date,
    min_sample: int,
) -> PeriodData:
    """The all-time period of a build whose metrics are ``metrics``."""
    days = incidents["started"].dt.date if len(incidents) else None
    first = days.min() if days is not None else None
    last = days.max() if days is not None else None
    return PeriodData(
        period=PERIODS[0],
        as_of=as_of,
        first=first,
        last=last,
        incidents=incidents,
        action_items=items,
        metrics=metrics,
        quality=quality,
        changes=changes,
        min_sample=min_sample,
    )
