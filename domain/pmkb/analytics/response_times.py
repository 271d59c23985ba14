"""Time to detect, acknowledge, mitigate and resolve, summarised per group.

Definitions (from the format)
-----------------------------
========  ==============  ==============
metric    from            to
========  ==============  ==============
``ttd``   started         detected
``tta``   detected        acknowledged
``ttm``   started         mitigated
``ttr``   started         resolved
========  ==============  ==============

All in minutes. A duration whose end is missing is missing: it is left out of
``count``, median, p90 and mean, and counted in ``missing``. It is never 0.

Statistics
----------
Incident durations are long-tailed: one slow incident moves a mean a long way
and hardly moves a median. So every summary row gives ``count``, ``median``,
``p90`` and ``mean`` side by side, plus a 95 % confidence interval for the
median and a ``low_sample`` flag:

* ``median`` and ``p90`` use linear interpolation between order statistics
  (numpy's and pandas' default ``'linear'`` method, Hyndman and Fan's type 7):
  for sorted values ``x[0..n-1]`` the q-quantile is read at position
  ``(n - 1) * q``. For [10, 20, 30, 40] the p90 is at position 2.7:
  30 + 0.7 * (40 - 30) = 37.
* ``median_ci_low``/``median_ci_high`` are the distribution-free interval
  ``[x(k), x(n-k+1)]`` (order statistics, 1-based) with the largest ``k`` for
  which the binomial coverage ``1 - 2 P(Binom(n, 1/2) <= k - 1)`` is at least
  95 %. It assumes nothing about the shape of the distribution.
* ``low_sample`` is true when ``count`` is below :data:`LOW_SAMPLE_BELOW`
  (6). Below six values no such interval exists: even the whole observed
  range, from the fastest to the slowest incident, covers the true median with
  less than 95 % probability (93.75 % for five values). Such a median says
  little about the period, and a change between two such periods cannot be
  told apart from chance; compare the intervals instead.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from pmkb.analytics._groups import PERIODS, as_keys, complete_index, explode_keys
from pmkb.analytics.frame import DURATIONS

#: A summary row with fewer values than this is flagged ``low_sample``.
LOW_SAMPLE_BELOW = 6

#: Coverage of the median's confidence interval.
CONFIDENCE = 0.95

SUMMARY_STATS: tuple[str, ...] = (
    "incidents",
    "count",
    "missing",
    "median",
    "p90",
    "mean",
    "median_ci_low",
    "median_ci_high",
    "low_sample",
)


def response_time_summary(
    incidents: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    metrics: Sequence[str] = DURATIONS,
    low_sample_below: int = LOW_SAMPLE_BELOW,
    fill_periods: bool = True,
) -> pd.DataFrame:
    """Count, median, p90, mean and the median's 95 % interval of each duration, per group.

    Parameters
    ----------
    incidents
        A table like :func:`~pmkb.analytics.frame.incidents_frame`'s; only
        the ``metrics`` columns and the group keys are read.
    by
        Nothing (one row per metric), a column name (``"month"``,
        ``"quarter"``, ``"severity"``, ...) or several. ``"service"``,
        ``"team"`` and ``"factor"`` read the list columns ``services``,
        ``teams`` and ``factors``: an incident counts once under each service
        it affected, so the rows of one metric can add up to more than the
        number of incidents.
    metrics
        Which durations, among ``ttd``, ``tta``, ``ttm``, ``ttr``.
    low_sample_below
        Rows whose ``count`` is below this are flagged ``low_sample``.
    fill_periods
        When a key is ``month``, ``quarter`` or ``year``, add the periods
        between the first and the last that have no incident, with
        ``count`` 0, so that a chart shows the gap instead of hiding it.

    Returns
    -------
    pandas.DataFrame
        Columns ``metric``, the keys, then ``incidents`` (rows in the group),
        ``count`` (with a value), ``missing`` (without), ``median``, ``p90``,
        ``mean``, ``median_ci_low``, ``median_ci_high`` (float minutes, NaN
        when undefined) and ``low_sample``. Rows sorted by metric (in the
        order given) then keys.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "quarter": ["2025Q1", "2025Q1", "2025Q1", "2025Q3"],
    ...     "ttd": [10.0, 20.0, 60.0, 5.0],
    ...     "tta": [1.0, None, 3.0, None],
    ... })
    >>> summary = response_time_summary(frame, "quarter", metrics=["ttd", "tta"])
    >>> summary[["metric", "quarter", "count", "missing", "median", "p90", "mean", "low_sample"]]
      metric quarter  count  missing  median   p90  mean  low_sample
    0    ttd  2025Q1      3        0    20.0  52.0  30.0        True
    1    ttd  2025Q2      0        0     NaN   NaN   NaN        True
    2    ttd  2025Q3      1        0     5.0   5.0   5.0        True
    3    tta  2025Q1      2        1     2.0   2.8   2.0        True
    4    tta  2025Q2      0        0     NaN   NaN   NaN        True
    5    tta  2025Q3      0        1     NaN   NaN   NaN        True
    """
    keys = as_keys(by)
    unknown = [m for m in metrics if m not in DURATIONS]
    if unknown:
        raise ValueError(f"unknown metric(s) {unknown}; use {', '.join(DURATIONS)}")
    if "metric" in keys:
        raise ValueError("'metric' is the name of the output's metric column; group by another key")
    metrics = list(dict.fromkeys(metrics))
    columns = ["metric", *keys, *SUMMARY_STATS]
    frame = explode_keys(incidents, keys, keep=metrics)[[*keys, *metrics]]
    group_cols = ["metric", *keys]
    if frame.empty or not metrics:
        stats = pd.DataFrame(
            columns=[
                *group_cols,
                "incidents",
                "count",
                "median",
                "p90",
                "mean",
                "median_ci_low",
                "median_ci_high",
            ]
        )
    else:
        stats = _group_stats(frame, keys, metrics)

    if not keys or (fill_periods and any(k in PERIODS for k in keys)):
        levels = complete_index(stats, keys, frame) if keys else None
        grid = pd.DataFrame({"metric": metrics})
        if levels is not None:
            grid = grid.merge(levels.to_frame(index=False), how="cross")
        if not keys or levels is not None:
            stats = grid.merge(stats, on=group_cols, how="left")

    stats["incidents"] = stats["incidents"].fillna(0).astype(np.int64)
    stats["count"] = stats["count"].fillna(0).astype(np.int64)
    stats["missing"] = stats["incidents"] - stats["count"]
    for name in ("median", "p90", "mean", "median_ci_low", "median_ci_high"):
        stats[name] = stats[name].astype(np.float64)
    stats["low_sample"] = stats["count"] < low_sample_below
    order = {m: i for i, m in enumerate(metrics)}
    stats = stats.assign(_rank=stats["metric"].map(order)).sort_values(
        ["_rank", *keys], kind="stable", na_position="last"
    )
    return stats[columns].reset_index(drop=True)


def median_ci(
    values: Sequence[float] | np.ndarray, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """The distribution-free confidence interval of the median of ``values``.

    Missing values (NaN) are ignored. ``(nan, nan)`` when there are too few
    values for any order-statistic interval to reach ``confidence``.

    Examples
    --------
    Five values are too few for 95 %; six give the whole range (96.9 %); ten
    give the second smallest to the second largest (97.9 %):

    >>> median_ci([1, 2, 3, 4, 5])
    (nan, nan)
    >>> median_ci([6, 1, 5, 2, 4, 3])
    (1.0, 6.0)
    >>> median_ci(range(1, 11))
    (2.0, 9.0)
    """
    data = np.sort(np.asarray(values, dtype=np.float64))
    data = data[~np.isnan(data)]
    k = median_ci_rank(len(data), confidence)
    if k == 0:
        return (float("nan"), float("nan"))
    return (float(data[k - 1]), float(data[len(data) - k]))


@functools.lru_cache(maxsize=4096)
def median_ci_rank(n: int, confidence: float = CONFIDENCE) -> int:
    """The ``k`` of the median's interval ``[x(k), x(n-k+1)]`` for ``n`` values; 0 if none.

    The largest ``k`` with ``P(Binom(n, 1/2) <= k - 1) <= (1 - confidence) / 2``.

    >>> [median_ci_rank(n) for n in (5, 6, 8, 9, 10, 20)]
    [0, 1, 1, 2, 2, 6]
    """
    from scipy import stats

    if n < 1:
        return 0
    cdf = stats.binom.cdf(np.arange(n // 2 + 1), n, 0.5)
    return int(np.count_nonzero(cdf <= (1.0 - confidence) / 2.0 + 1e-12))


def _group_stats(frame: pd.DataFrame, keys: list[str], metrics: list[str]) -> pd.DataFrame:
    """Statistics of each of the ``metrics`` columns of ``frame`` per group of ``keys``.

    One row per metric and group, metric by metric, the groups in the order they
    first appear in ``frame``: the rows of ``frame`` melted into one long column
    of minutes, grouped by ``["metric", *keys]``. The groups of the keys are
    found once and numbered again for each metric rather than grouping the
    long table by every key: this runs for each of the metrics' breakdowns of
    each period, and on tables of a few thousand rows pandas' fixed costs per
    step are most of its time.
    """
    if keys:
        key_group = frame.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
        first_rows = np.unique(key_group, return_index=True)[1]
    else:
        key_group, first_rows = np.zeros(len(frame), dtype=np.int64), np.zeros(1, dtype=np.int64)
    key_groups = len(first_rows)
    # Row i of metric m is row m * len(frame) + i of the long column, in group
    # m * key_groups + its key group.
    group = (np.arange(len(metrics))[:, None] * key_groups + key_group).ravel()
    # A column of None is object: as float, its values are missing.
    minutes = np.concatenate([frame[m].astype(np.float64).to_numpy() for m in metrics])
    grouped = pd.Series(minutes).groupby(group)
    stats = pd.DataFrame(
        {
            "incidents": grouped.size(),
            "count": grouped.count(),
            "median": grouped.median(),
            "p90": grouped.quantile(0.9, interpolation="linear"),
            "mean": grouped.mean(),
        }
    )
    # Confidence interval of each median, from order statistics picked by rank.
    valid = ~np.isnan(minutes)
    order = np.lexsort((minutes[valid], group[valid]))  # by group, then minutes
    group_sorted, minutes_sorted = group[valid][order], minutes[valid][order]
    sizes = np.bincount(group_sorted, minlength=len(stats))
    size = sizes[group_sorted]
    position = np.arange(len(group_sorted)) - (np.cumsum(sizes) - sizes)[group_sorted]
    distinct, where = np.unique(size, return_inverse=True)
    k = np.array([median_ci_rank(int(n)) for n in distinct], dtype=np.int64)[where.reshape(-1)]
    low, high = np.full(len(stats), np.nan), np.full(len(stats), np.nan)
    at_low, at_high = (k > 0) & (position == k - 1), (k > 0) & (position == size - k)
    low[group_sorted[at_low]] = minutes_sorted[at_low]
    high[group_sorted[at_high]] = minutes_sorted[at_high]
    stats["median_ci_low"], stats["median_ci_high"] = low, high
    # Each group's keys, from its first row, for every metric.
    labels = frame[keys].iloc[np.tile(first_rows, len(metrics))]
    labels.insert(0, "metric", np.repeat(np.array(metrics, dtype=object), key_groups))
    return pd.concat([labels.reset_index(drop=True), stats.reset_index(drop=True)], axis=1)
