"""Headline figures (home page, dashboard), read from the metrics of the analytics.

Durations are long-tailed, so every duration figure carries its count,
median and 90th percentile (from ``min_sample`` values on, as in the trend
charts); a mean alone would mislead.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pmkb.model import Severity

if TYPE_CHECKING:
    from pmkb.analytics.metrics import Metrics


@dataclass(frozen=True)
class DurationSummary:
    count: int
    median: dt.timedelta | None
    p90: dt.timedelta | None
    #: Set when the data-quality checks flag the duration: what to say instead of a median.
    withheld: str | None = None
    #: ... and why.
    reason: str | None = None
    #: The values a p90 needs (the dashboard's ``min_sample``): from fewer, ``p90`` is None.
    p90_needs: int = 0


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
    #: Incidents by their report's status (published, in-review, draft).
    by_status: dict[str, int] = field(default_factory=dict)
    overdue_p1: int = 0
    #: Overdue items of reports not yet published.
    overdue_unpublished: int = 0
    #: The one severity of every incident, when the severity is a constant default.
    one_severity: str | None = None
    one_severity_reason: str | None = None
    #: Why nothing can be said about action items, when none is recorded.
    actions_absent: str | None = None

    #: Won't-do items: they neither help nor hurt the completion rate.
    actions_wont_do: int = 0
    #: Items whose status is marked TODO: neither done nor open, left out of the rate.
    actions_status_unknown: int = 0
    #: Items whose due date is marked TODO: never counted overdue.
    actions_due_unknown: int = 0
    #: Items that would be overdue for some value of a due date or status marked TODO.
    actions_overdue_unknown: int = 0
    #: Incidents whose severity is marked TODO.
    severity_unknown: int = 0

    @property
    def actions_counted(self) -> int:
        """The items the completion rate is of: every one but won't-do and those
        whose status is a placeholder (marked TODO)."""
        return self.actions - self.actions_wont_do - self.actions_status_unknown

    @property
    def actions_left_out(self) -> str:
        """``2 won't-do, 3 with no confirmed status``: the items the rate leaves out."""
        parts = []
        if self.actions_wont_do:
            parts.append(f"{self.actions_wont_do:,} won't-do")
        if self.actions_status_unknown:
            parts.append(f"{self.actions_status_unknown:,} with no confirmed status")
        return ", ".join(parts)

    @property
    def too_few_confirmed(self) -> bool:
        """Whether some statuses are confirmed but too few for a rate (as in the tables)."""
        from pmkb.analytics.action_items import CONFIRMED_AT_LEAST

        countable = self.actions - self.actions_wont_do
        return 0 < self.actions_counted < CONFIRMED_AT_LEAST * countable

    @property
    def done_pct(self) -> int | None:
        """Done, of the items not won't-do (the tables' "Completion"); None without one,
        or when fewer than half of them have a confirmed status."""
        counted = self.actions_counted
        if not counted or self.too_few_confirmed:
            return None
        return round(100 * self.actions_done / counted)

    @property
    def unpublished(self) -> int:
        """Incidents counted whose reports are not yet published."""
        return sum(n for status, n in self.by_status.items() if status != "published")

    @property
    def unpublished_text(self) -> str:
        """``3 in review, 2 drafts``: the reports not yet published, by status."""
        parts = []
        review, drafts = self.by_status.get("in-review", 0), self.by_status.get("draft", 0)
        if review:
            parts.append(f"{review:,} in review")
        if drafts:
            parts.append(f"{drafts:,} draft{'s' if drafts != 1 else ''}")
        return ", ".join(parts)


def _minutes(value: float | None) -> dt.timedelta | None:
    return None if value is None or math.isnan(value) else dt.timedelta(seconds=round(value * 60))


def figures_from_metrics(metrics: Metrics) -> HeadlineFigures:
    """Headline figures read from :func:`pmkb.analytics.build_metrics`'s metrics.

    The site computes its analytics once per build; the home page and each
    period of the dashboard read their figures from those metrics.
    """
    times = {row.metric: row for row in metrics.response_times.overall}
    quality = metrics.data_quality
    durations = {}
    for metric in ("ttd", "ttr"):
        found = quality.flag(metric, "placeholder", "sparse")
        withheld = None
        if found is not None:
            from pmkb_mkdocs.dashboard.sentences import withheld_head

            withheld = withheld_head(found.flag, found.share)
        # The 90th percentile of a few values is the largest of them, or between the two
        # largest: from fewer than min_sample it is not shown, as in the trend charts.
        enough = times[metric].count >= metrics.min_sample
        durations[metric] = DurationSummary(
            times[metric].count,
            _minutes(times[metric].median),
            _minutes(times[metric].p90) if enough else None,
            withheld,
            found.message if found else None,
            metrics.min_sample,
        )
    actions = metrics.action_items.overall
    incidents = metrics.incidents
    severity = {row.group: row.incidents for row in incidents.by_severity}
    priority = {row.group: row for row in metrics.action_items.by_priority}
    one_severity = quality.flag("severity", "constant")
    absent = quality.flag("action_items", "absent")
    return HeadlineFigures(
        incidents=incidents.total,
        by_severity={s.value: severity.get(s.value, 0) for s in Severity},
        ttd=durations["ttd"],
        ttr=durations["ttr"],
        actions=actions.total,
        actions_done=actions.done,
        actions_open=actions.waiting,
        actions_overdue=actions.overdue,
        actions_wont_do=actions.wont_do,
        actions_status_unknown=actions.status_unknown,
        actions_due_unknown=actions.due_unknown,
        actions_overdue_unknown=actions.overdue_unknown,
        severity_unknown=sum(row.incidents for row in incidents.by_severity if row.group is None),
        by_status={str(row.group): row.incidents for row in incidents.by_status},
        overdue_p1=priority["P1"].overdue if "P1" in priority else 0,
        overdue_unpublished=sum(
            row.overdue for row in metrics.action_items.by_report_status if row.group != "published"
        ),
        one_severity=one_severity.value if one_severity else None,
        one_severity_reason=one_severity.message if one_severity else None,
        actions_absent=absent.message if absent else None,
    )
