"""The home page's headline figures, computed from the records a build counts.

Durations are long-tailed, so every duration figure carries its count, median
and 90th percentile; a mean alone would mislead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pmkb.loader import Record
from pmkb.model import ActionStatus, Severity


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
    actions_open: int
    actions_overdue: int

    @property
    def done_pct(self) -> int | None:
        return round(100 * self.actions_done / self.actions) if self.actions else None


def quantile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile by linear interpolation between ranks (pandas' and numpy's default).

    >>> quantile([1, 2, 3, 4], 0.5)
    2.5
    >>> quantile([10.0], 0.9)
    10.0
    """
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(durations: Sequence[dt.timedelta | None]) -> DurationSummary:
    """Count, median and p90 of the durations that exist; missing ones are left out, not zero."""
    seconds = [d.total_seconds() for d in durations if d is not None]
    as_delta = lambda s: None if s is None else dt.timedelta(seconds=round(s))  # noqa: E731
    return DurationSummary(len(seconds), as_delta(quantile(seconds, 0.5)), as_delta(quantile(seconds, 0.9)))


def headline_figures(records: Sequence[Record], as_of: dt.date) -> HeadlineFigures:
    by_severity = {s.value: 0 for s in Severity}
    ttd, ttr = [], []
    actions = done = open_ = overdue = 0
    for record in records:
        meta = record.meta
        by_severity[meta.severity.value] += 1
        durations = meta.durations()
        ttd.append(durations["ttd"])
        ttr.append(durations["ttr"])
        for item in meta.action_items:
            actions += 1
            if item.status is ActionStatus.DONE:
                done += 1
            elif item.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
                open_ += 1
                overdue += item.is_overdue(as_of)
    return HeadlineFigures(
        incidents=len(records),
        by_severity=by_severity,
        ttd=summarize(ttd),
        ttr=summarize(ttr),
        actions=actions,
        actions_done=done,
        actions_open=open_,
        actions_overdue=overdue,
    )
