"""The home page's headline figures, read from the analytics' summaries.

Durations are long-tailed, so every duration figure carries its count,
median and 90th percentile; a mean alone would mislead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pmkb.loader import Record
from pmkb.model import Severity


@dataclass(frozen=True)
class DurationSummary:
    count: int
    median: dt.timedelta | None
    p90: dt.timedelta | None


@dataclass(frozen=True)
class HeadlineFigures:
    incidents: int
    by_severity: dict[str, int]
    ttd: DurationSummary
    ttr: DurationSummary
    actions: int
    actions_done: int
    #: open or in progress
    actions_open: int
    actions_overdue: int

    @property
    def done_pct(self) -> int | None:
        return round(100 * self.actions_done / self.actions) if self.actions else None


def _minutes(value: float) -> dt.timedelta | None:
    return None if math.isnan(value) else dt.timedelta(seconds=round(value * 60))


def headline_figures(
    records: Sequence[Record], as_of: dt.date, statuses: Sequence[str]
) -> HeadlineFigures:
    """Figures of the ``records`` whose status is one of ``statuses``."""
    # Imported here for the reason given in pmkb_mkdocs.related.
    from pmkb.analytics.action_items import action_item_summary
    from pmkb.analytics.frame import action_items_frame, incidents_frame
    from pmkb.analytics.response_times import response_time_summary

    incidents = incidents_frame(records, include_statuses=statuses)
    items = action_items_frame(records, as_of, include_statuses=statuses)
    times = response_time_summary(incidents, metrics=["ttd", "ttr"]).set_index("metric")
    durations = {
        metric: DurationSummary(
            int(times.at[metric, "count"]),
            _minutes(float(times.at[metric, "median"])),
            _minutes(float(times.at[metric, "p90"])),
        )
        for metric in ("ttd", "ttr")
    }
    actions = action_item_summary(items).iloc[0]
    counts = incidents["severity"].value_counts()
    return HeadlineFigures(
        incidents=len(incidents),
        by_severity={s.value: int(counts.get(s.value, 0)) for s in Severity},
        ttd=durations["ttd"],
        ttr=durations["ttr"],
        actions=int(actions["total"]),
        actions_done=int(actions["done"]),
        actions_open=int(actions["open"] + actions["in_progress"]),
        actions_overdue=int(actions["overdue"]),
    )
