"""Action items: how many are done, open and overdue, and how long they take to close.

Definitions
-----------
* **done**, **open**, **in progress**, **won't do**: the item's ``status``.
* **overdue**: ``open`` or ``in-progress`` with ``due`` before the as-of date
  (computed by :func:`~pmkb.analytics.frame.action_items_frame`).
* **status unknown**, **due unknown**: the item's ``status`` or ``due`` is a
  placeholder, marked TODO in its file (the table holds it as missing). An
  item whose status is unknown is neither done nor open; one whose status or
  due date is unknown is never overdue.
* **completion rate**: done / (all items - won't do - status unknown). An
  item the team decided not to do is a decision, not a debt: it neither helps
  nor hurts the rate; nor does one whose status nobody has confirmed. NaN
  when no item counts, and when fewer than half of the items that are not
  won't-do (:data:`CONFIRMED_AT_LEAST`) have a confirmed status: an
  unconfirmed status is most often an item nobody closed (an importer writes
  ``open`` marked TODO where its source said nothing), so a rate read from
  the few confirmed ones, mostly done, would say more than the data holds.
* **days to close**: from the incident's UTC start date to ``completed``,
  for done items; the median is reported because, like incident durations,
  closing times are long-tailed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pmkb.analytics._groups import as_keys
from pmkb.analytics.quality import SPARSE_BELOW

#: The completion rate is given only when at least this share of the items that
#: count (all but won't-do) have a confirmed status, as a duration is measured only
#: when recorded for half of the incidents.
CONFIRMED_AT_LEAST = SPARSE_BELOW

#: The summary's counts of items, added up over a group's incidents.
COUNT_COLUMNS: tuple[str, ...] = (
    "total",
    "done",
    "open",
    "in_progress",
    "wont_do",
    "status_unknown",
    "overdue",
    "due_unknown",
    "overdue_unknown",
)
SUMMARY_COLUMNS: tuple[str, ...] = (*COUNT_COLUMNS, "completion_rate", "median_days_to_close")

OVERDUE_COLUMNS: tuple[str, ...] = (
    "key",
    "postmortem_id",
    "action",
    "owner",
    "priority",
    "category",
    "status",
    "due",
    "days_overdue",
)


def action_item_summary(items: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Counts by status, overdue items, completion rate and median days to close, per group.

    Parameters
    ----------
    items
        A table like :func:`~pmkb.analytics.frame.action_items_frame`'s
        (columns ``status``, ``overdue``, ``days_to_close`` and the keys).
    by
        Group keys: ``"priority"``, ``"category"``, ``"owner"``,
        ``"incident_quarter"``, ``"severity"``... ``None`` gives one row for
        all items, even when there are none.

    Returns
    -------
    pandas.DataFrame
        The keys, then ``total``, ``done``, ``open``, ``in_progress``,
        ``wont_do``, ``status_unknown``, ``overdue``, ``due_unknown``,
        ``completion_rate`` and ``median_days_to_close``. Sorted by keys.

    Examples
    --------
    >>> items = pd.DataFrame({
    ...     "priority": ["P1", "P1", "P1", "P2"],
    ...     "status": ["done", "done", "wont-do", "open"],
    ...     "overdue": [False, False, False, True],
    ...     "days_to_close": [4.0, 10.0, None, None],
    ... })
    >>> summary = action_item_summary(items)
    >>> summary[["total", "done", "open", "wont_do", "overdue"]]
       total  done  open  wont_do  overdue
    0      4     2     1        1        1
    >>> summary[["completion_rate", "median_days_to_close"]]
       completion_rate  median_days_to_close
    0         0.666667                   7.0
    >>> action_item_summary(items, "priority")[["priority", "total", "completion_rate"]]
      priority  total  completion_rate
    0       P1      3              1.0
    1       P2      1              0.0
    """
    keys = as_keys(by)
    missing = [k for k in keys if k not in items.columns]
    if missing:
        raise KeyError(f"cannot group action items by {missing}: no such column")
    status = items["status"]
    counts = pd.DataFrame(
        {
            **{k: items[k] for k in keys},
            "total": 1,
            "done": (status == "done").astype(np.int64),
            "open": (status == "open").astype(np.int64),
            "in_progress": (status == "in-progress").astype(np.int64),
            "wont_do": (status == "wont-do").astype(np.int64),
            "status_unknown": status.isna().astype(np.int64),
            "overdue": items["overdue"].astype(bool).astype(np.int64),
            "due_unknown": (
                items["due"].isna().astype(np.int64) if "due" in items else np.int64(0)
            ),
            "overdue_unknown": (
                items["overdue_unknown"].astype(bool).astype(np.int64)
                if "overdue_unknown" in items
                else np.int64(0)
            ),
            "days_to_close": items["days_to_close"].astype(np.float64),
        },
        index=items.index,
    )
    sums = list(COUNT_COLUMNS)
    if keys:
        grouped = counts.groupby(keys, dropna=False, sort=True)
        out = grouped[sums].sum()
        out["median_days_to_close"] = grouped["days_to_close"].median()
        out = out.reset_index()
    else:
        out = pd.DataFrame({name: [int(counts[name].sum())] for name in sums})
        out["median_days_to_close"] = counts["days_to_close"].median()
    counted = out["total"] - out["wont_do"] - out["status_unknown"]
    confirmed = counted >= CONFIRMED_AT_LEAST * (out["total"] - out["wont_do"])
    out["completion_rate"] = (out["done"] / counted.where((counted > 0) & confirmed)).astype(
        np.float64
    )
    for name in sums:
        out[name] = out[name].astype(np.int64)
    out["median_days_to_close"] = out["median_days_to_close"].astype(np.float64)
    return out[[*keys, *SUMMARY_COLUMNS]].reset_index(drop=True)


def oldest_overdue(items: pd.DataFrame, n: int | None = 10) -> pd.DataFrame:
    """The ``n`` overdue items with the earliest due date (all of them when ``n`` is None).

    Ties on the due date are broken by the item's key, so the list is stable.

    Examples
    --------
    >>> items = pd.DataFrame({
    ...     "key": ["PM-2/AI-001", "PM-1/AI-002", "PM-1/AI-001"],
    ...     "postmortem_id": ["PM-2", "PM-1", "PM-1"], "action": ["x", "y", "z"],
    ...     "owner": ["sre"] * 3, "priority": ["P1"] * 3, "category": ["detect"] * 3,
    ...     "status": ["open"] * 3,
    ...     "due": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-03-01"]),
    ...     "overdue": [True, True, False], "days_overdue": [40.0, 40.0, None],
    ... })
    >>> oldest_overdue(items)[["key", "due", "days_overdue"]]
               key        due  days_overdue
    0  PM-1/AI-002 2025-01-01          40.0
    1  PM-2/AI-001 2025-01-01          40.0
    """
    overdue = items[items["overdue"].astype(bool)]
    overdue = overdue.sort_values(["due", "key"], kind="stable")
    if n is not None:
        overdue = overdue.head(n)
    return overdue[list(OVERDUE_COLUMNS)].reset_index(drop=True)
