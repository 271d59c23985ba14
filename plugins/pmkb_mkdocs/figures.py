"""Headline figures (home page, dashboard), read from the metrics of the analytics.

Durations are long-tailed, so every duration figure carries its count,
median and 90th percentile; a mean alone would mislead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


def _minutes(value: float | None) -> dt.timedelta | None:
    return None if value is None or math.isnan(value) else dt.timedelta(seconds=round(value * 60))


def figures_from_metrics(metrics: Mapping[str, Any]) -> HeadlineFigures:
    """Headline figures read from a :func:`pmkb.analytics.build_metrics` dict.

    The site computes its analytics once per build; the home page and each
    period of the dashboard read their figures from those metrics.
    """
    times = {row["metric"]: row for row in metrics["response_times"]["overall"]}
    durations = {
        metric: DurationSummary(
            int(times[metric]["count"]),
            _minutes(times[metric]["median"]),
            _minutes(times[metric]["p90"]),
        )
        for metric in ("ttd", "ttr")
    }
    actions = metrics["action_items"]["overall"]
    incidents = metrics["incidents"]
    severity = {row["severity"]: int(row["incidents"]) for row in incidents["by_severity"]}
    return HeadlineFigures(
        incidents=int(incidents["total"]),
        by_severity={s.value: severity.get(s.value, 0) for s in Severity},
        ttd=durations["ttd"],
        ttr=durations["ttr"],
        actions=int(actions["total"]),
        actions_done=int(actions["done"]),
        actions_open=int(actions["open"] + actions["in_progress"]),
        actions_overdue=int(actions["overdue"]),
    )
