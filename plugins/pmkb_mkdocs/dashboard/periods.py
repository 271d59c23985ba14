"""The dashboard's three periods, and the analytics of each one.

*All time* is the analytics of the whole build. *Last 12 months* and *last
quarter* (three months) are measured back from the build's as-of date: they
hold the incidents whose UTC start date falls from the same day 12 (or 3)
months before ``as_of`` up to ``as_of`` itself, and the action items of those
incidents. Their metrics come from :func:`pmkb.analytics.build_metrics` on
those rows alone, so every figure of a period describes the same incidents;
the related-incident graph is not recomputed per period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmkb.taxonomy import Taxonomy

if TYPE_CHECKING:
    import pandas as pd
    from pmkb.analytics import CorpusAnalytics


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
        month = as_of.month - 1 - self.months
        year, month = as_of.year + month // 12, month % 12 + 1
        last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(year, month, min(as_of.day, last_day))


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
    metrics: dict[str, Any]

    @property
    def span(self) -> str:
        if self.first is None or self.last is None:
            return "no incidents"
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def period_data(
    analytics: CorpusAnalytics, period: Period, taxonomy: Taxonomy | None
) -> PeriodData:
    """The analytics of ``period``: the build's own for all time, a subset otherwise.

    Its tables hold only the columns the metrics read
    (:func:`~pmkb.analytics.pipeline.metric_view`): a period is reused as long
    as the metrics are, so it must not carry a title that an edit could change.
    """
    from pmkb.analytics.pipeline import metric_view

    incidents, items = metric_view(analytics.incidents), analytics.action_items
    start = period.start(analytics.as_of)
    if start is None:
        days = incidents["started"].dt.date if len(incidents) else None
        first = days.min() if days is not None else None
        last = days.max() if days is not None else None
        return PeriodData(period, analytics.as_of, first, last, incidents, items, analytics.metrics)
    from pmkb.analytics.metrics import build_metrics

    days = incidents["started"].dt.date
    chosen = incidents[(days >= start) & (days <= analytics.as_of)].reset_index(drop=True)
    chosen_items = items[items["postmortem_id"].isin(set(chosen["id"]))].reset_index(drop=True)
    metrics = build_metrics(chosen, chosen_items, as_of=analytics.as_of, taxonomy=taxonomy)
    return PeriodData(
        period, analytics.as_of, start, analytics.as_of, chosen, chosen_items, metrics
    )
