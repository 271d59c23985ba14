"""Claims of change: did a figure rise or fall, or can the data not tell?

A dashboard that says "time to resolve fell" is making a statistical claim.
:func:`claims_of_change` makes it only when the data supports it: enough
incidents on both sides, a test that survives the correction for making many
claims at once, and a 95 % interval that excludes no change. Otherwise the
verdict says so.

Windows
-------
``last-12-months``
    Incidents that started from the same day 12 months before the as-of date
    up to it, against the 12 months before those.
``last-quarter``
    The same with 3 months, against the 12 months (four quarters) before.

Subjects and methods
--------------------
``incidents``, ``sev1-2``
    How many incidents (of severity SEV1 or SEV2) started, per month: the
    exact conditional test of two Poisson rates. Given both windows' events,
    the current window's are binomial with a share set by the windows'
    lengths when the rates are equal (:func:`scipy.stats.binomtest`); its
    p-value, and its exact interval turned into one of the ratio of rates.
    (SciPy's ``poisson_means_test`` sums over a grid whose size grows with the
    counts: seconds on a large archive, for the same verdicts.) The
    baseline's ``value`` is scaled to the current window's length. An
    incident whose severity is marked TODO may be SEV1 or SEV2 or not: the
    ``sev1-2`` claim is tested at both extremes (every such incident SEV1
    or SEV2 on one side, none on the other, each way round), keeps the
    larger p-value and the interval that spans both (``unconfirmed`` counts
    them), so no guessed severity makes a change.
``ttd``, ``tta``, ``ttm``, ``ttr``
    The median duration: a Mann-Whitney test (:func:`scipy.stats.mannwhitneyu`)
    and a seeded bootstrap interval of the ratio of the medians
    (:func:`scipy.stats.bootstrap`, percentile method, resampling each side).
    When the two sides' mix of severities differs (:func:`scipy.stats.chi2_contingency`
    at ``ALPHA``), the median of all incidents moves with the mix alone, so the
    claim compares severity for severity: van Elteren's stratified rank test, and
    the change is the geometric mean of each severity's ratio of medians,
    weighted by its values, with a bootstrap resampling each severity on each
    side (``severity_mix`` gives both sides' share of SEV1 and SEV2). When every
    value on each side is the same (``constant``), the change is exact: no
    interval (``ci`` is null), the verdict from the test alone.
``action-items-overdue``
    Of the action items due in a window (before the as-of date, ``wont-do``
    left out), the share that was not done by its due date: still open, or
    done later. Fisher's exact test (:func:`scipy.stats.fisher_exact`);
    the interval of the difference is Newcombe's, from each side's Wilson interval.
    Items of one incident are not independent (one incident's sixty open items
    are one decision), so the test and interval use each side's counts divided
    by its design effect (Rao-Scott), or, where the spread between incidents
    cannot be measured (every item late, or none, or one incident), each
    incident as one item; the figures shown are the items themselves.
    An item whose status is marked TODO is neither late nor on time (``unconfirmed``
    counts those due on each side); when under half of a side's items due have a confirmed status (``flag``
    ``sparse``), the claim is withheld: an unconfirmed status is most often
    an item nobody closed, so the confirmed ones would make it look on time.
``factor:<tag>``
    The share of incidents that cite the factor, likewise, of the incidents
    that cite a confirmed factor (one whose every factor is marked TODO says
    nothing about which it cites; ``unconfirmed`` counts them); only for a factor
    cited by ``min_sample`` incidents or more in the two windows together: a
    rarer one could not show a change however it moved, and testing it would
    only make the correction stricter for the others.

``change`` is relative for counts and medians (``-0.5`` is half), in
percentage points as a fraction for shares (``0.27`` is 27 points).

Verdicts
--------
``too few to tell``
    Fewer than ``min_sample`` values on either side (incidents for counts
    and shares, recorded durations for medians, items due for follow-ups);
    or the measure is flagged by :func:`~pmkb.analytics.quality.data_quality`
    (``flag`` names it): a duration on either side alone (placeholders in
    the recent window only would pass for a faster response), any other
    field on the two sides together; or, for a count, the archive does not
    cover both windows (``flag`` is ``coverage``, see below); or no interval
    can be computed.
``better``, ``worse``
    The p-value, adjusted with Benjamini-Hochberg across every claim of the
    build (both windows, every subject and factor), is below 5 % *and* the
    95 % interval excludes no change. A rise is ``worse`` for every subject.
``no detectable change``
    Anything else.

Coverage
--------
A count compares how many incidents each window recorded: a window the
archive only partly covers looks quieter than it was. The archive covers the
two windows when its first incident is on or near the baseline's first day
and its latest on or near the as-of date, "near" meaning a stretch without
incidents that the window's own pace would leave by chance at least one time
in a hundred (:data:`COVERAGE_CHANCE`; about 4.6 times the average time
between two incidents); and when no stretch without incidents inside either
window is that unlikely at the pace of the rest of the window, counting the
longest among as many as the window holds (months an archive skipped in the
middle). Otherwise the count's claim is ``too few to tell``
with the reason in words. Medians and shares are left to the sample-size
rule: a missing stretch makes a side smaller, but the durations, factors and
late follow-ups of the incidents recorded are no less typical of the window
for it (a quiet stretch is not known to differ), so it does not push them
one way.

Every random draw comes from a generator seeded by the subject and window:
the same table and as-of date give the same claims, to the last digit.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from pmkb.analytics.action_items import CONFIRMED_AT_LEAST
from pmkb.analytics.quality import DataQuality, QualityFlag, data_quality

#: A claim needs at least this many values on each side.
MIN_SAMPLE = 10
#: The false-discovery rate across all claims, and 1 - the intervals' confidence.
ALPHA = 0.05
#: Resamples of each bootstrap interval.
BOOTSTRAP_RESAMPLES = 2000
#: Seeds every bootstrap, with the subject and the window.
SEED = 20250209
#: A count is compared only when a stretch without incidents at either end of the
#: archive is at least this likely at the window's own pace (see :func:`_uncovered`).
COVERAGE_CHANCE = 0.01

COUNT_SUBJECTS: tuple[str, ...] = ("incidents", "sev1-2")
MEDIAN_SUBJECTS: tuple[str, ...] = ("ttd", "tta", "ttm", "ttr")
#: Severities, most severe first.
SEVERITIES: tuple[str, ...] = ("SEV1", "SEV2", "SEV3", "SEV4")
OVERDUE = "action-items-overdue"
FACTOR_PREFIX = "factor:"
#: Every subject but the factors, in the order pages state them.
SUBJECTS: tuple[str, ...] = (*COUNT_SUBJECTS, *MEDIAN_SUBJECTS, OVERDUE)

#: Data-quality flags that withhold a claim about each subject's field.
_WITHHOLDING: dict[str, tuple[str, tuple[str, ...]]] = {
    "sev1-2": ("severity", ("constant",)),
    **{m: (m, ("placeholder", "sparse")) for m in MEDIAN_SUBJECTS},
    OVERDUE: ("action_items", ("absent",)),
}


class Verdict(str, enum.Enum):
    BETTER = "better"
    WORSE = "worse"
    NO_CHANGE = "no detectable change"
    TOO_FEW = "too few to tell"


class WindowBounds(NamedTuple):
    """The first and last day of a window, and of its baseline."""

    start: dt.date
    end: dt.date
    baseline_start: dt.date
    baseline_end: dt.date


@dataclass(frozen=True)
class Window:
    """A window of recent incidents and the baseline it is compared with."""

    name: str
    #: "the last 12 months", as a sentence names it.
    label: str
    #: "the 12 months before", as a sentence names the baseline.
    baseline_label: str
    months: int
    baseline_months: int

    def bounds(self, as_of: dt.date) -> WindowBounds:
        """First and last day of the window, then of its baseline.

        >>> bounds = WINDOWS[1].bounds(dt.date(2025, 5, 31))
        >>> bounds.start, bounds.end
        (datetime.date(2025, 2, 28), datetime.date(2025, 5, 31))
        >>> bounds.baseline_start, bounds.baseline_end
        (datetime.date(2024, 2, 28), datetime.date(2025, 2, 27))
        """
        start = months_before(as_of, self.months)
        return WindowBounds(start, as_of, months_before(start, self.baseline_months), start - _DAY)


WINDOWS: tuple[Window, ...] = (
    Window("last-12-months", "the last 12 months", "the 12 months before", 12, 12),
    Window("last-quarter", "the last quarter", "the four quarters before", 3, 12),
)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its days, how many values, and the figure compared."""

    start: dt.date
    end: dt.date
    n: int
    value: float | None

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "n": self.n,
            "value": _rounded(self.value),
        }


@dataclass(frozen=True)
class Change:
    """One claim of change (see the module's documentation for every field)."""

    subject: str
    window: str
    current: Side
    baseline: Side
    #: Relative for counts and medians, a difference of shares for shares; None if undefined.
    change: float | None
    ci: tuple[float, float] | None
    p_value: float | None
    #: Benjamini-Hochberg-adjusted across every claim of the build.
    p_adjusted: float | None
    verdict: Verdict
    #: ``relative`` or ``points``.
    unit: str
    #: The data-quality flag that withheld a verdict, if any.
    withheld_by: QualityFlag | None = None
    #: Why the archive does not cover both windows of a count, if it does not.
    uncovered: str | None = None
    #: For a duration compared severity for severity (the mix changed): the share of
    #: SEV1 and SEV2 among the values now and before; None when compared as a whole.
    severity_mix: tuple[float, float] | None = None
    #: For a duration: every value on each side is one and the same (a time always recorded
    #: as, say, 3 min). The change is then exact, not estimated: ``ci`` is None.
    constant: bool = False
    #: What a claim cannot read for a TODO mark (now, before), when any: for ``sev1-2``
    #: the incidents whose severity is marked (the claim holds whatever their severity);
    #: for a factor, the incidents with no confirmed factor (left out of the shares); for
    #: ``action-items-overdue``, the items due whose status is marked (left out too).
    unconfirmed: tuple[int, int] | None = None

    @property
    def flag(self) -> str | None:
        """The name of the data-quality flag that withheld a verdict (``coverage``: the archive)."""
        if self.uncovered is not None:
            return "coverage"
        return None if self.withheld_by is None else self.withheld_by.flag

    @property
    def reason(self) -> str | None:
        """Why: the flag's message, or why the archive does not cover both windows."""
        if self.uncovered is not None:
            return self.uncovered
        return None if self.withheld_by is None else self.withheld_by.message

    @property
    def factor(self) -> str | None:
        """The factor's tag for a ``factor:<tag>`` subject."""
        return (
            self.subject[len(FACTOR_PREFIX) :] if self.subject.startswith(FACTOR_PREFIX) else None
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "window": self.window,
            "current": self.current.as_json(),
            "baseline": self.baseline.as_json(),
            "change": _rounded(self.change),
            "ci": None if self.ci is None else [_rounded(self.ci[0]), _rounded(self.ci[1])],
            "p_value": _significant(self.p_value),
            "p_adjusted": _significant(self.p_adjusted),
            "verdict": self.verdict.value,
            "unit": self.unit,
            "flag": self.flag,
            "reason": self.reason,
            "by_severity": None
            if self.severity_mix is None
            else {
                "sev1_2_share_now": _rounded(self.severity_mix[0]),
                "sev1_2_share_before": _rounded(self.severity_mix[1]),
            },
            # The counts a sentence gives beside the claim: without them here, a reader
            # of the data could not tell how much of a window is unconfirmed.
            "unconfirmed": None
            if self.unconfirmed is None
            else {"current": self.unconfirmed[0], "baseline": self.unconfirmed[1]},
        }


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months before ``day`` (the month's last day if shorter).

    >>> months_before(dt.date(2025, 5, 31), 3), months_before(dt.date(2024, 2, 29), 12)
    (datetime.date(2025, 2, 28), datetime.date(2023, 2, 28))
    """
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - _DAY).day))


def claims_of_change(
    incidents: pd.DataFrame,
    action_items: pd.DataFrame | None = None,
    *,
    as_of: dt.date,
    min_sample: int = MIN_SAMPLE,
    windows: Sequence[Window] = WINDOWS,
) -> tuple[Change, ...]:
    """Every claim of change of :data:`SUBJECTS` and of each factor, in each window.

    Parameters
    ----------
    incidents, action_items
        Tables from :func:`~pmkb.analytics.frame.incidents_frame` and
        :func:`~pmkb.analytics.frame.action_items_frame` (columns
        ``started``, ``severity``, the durations, ``factors``; ``due``,
        ``status``, ``completed``). Without ``action_items``, no follow-up claim.
    as_of
        The build's as-of date: the windows end on it.
    min_sample
        Fewer values than this on either side give ``too few to tell``.
    windows
        The windows compared (default :data:`WINDOWS`).

    Returns
    -------
    tuple of Change
        Per window, the subjects in :data:`SUBJECTS` order, then one claim
        per factor cited in the window or its baseline, by tag.

    Examples
    --------
    Twelve incidents a month for two years, resolved in four hours (median),
    then in two since a year ago:

    >>> from pmkb.analytics.synthetic import planted_frame
    >>> frame = planted_frame(seed=1, months=24, per_month=12, as_of=dt.date(2025, 1, 1),
    ...                       ttr_minutes=240, ttr_scale_last=(12, 0.5))
    >>> claims = claims_of_change(frame, as_of=dt.date(2025, 1, 1))
    >>> ttr = next(c for c in claims if c.subject == "ttr" and c.window == "last-12-months")
    >>> ttr.verdict.value, round(ttr.current.value / ttr.baseline.value, 1)
    ('better', 0.5)
    >>> sorted({c.verdict.value for c in claims if c.subject != "ttr"})
    ['no detectable change']
    >>> claims_of_change(frame.iloc[:0], as_of=dt.date(2025, 1, 1))
    ()
    """
    if incidents.empty:
        return ()
    if min_sample < 1:
        raise ValueError(f"min_sample must be at least 1, not {min_sample}")
    days = _days(incidents["started"])
    archive: tuple[dt.date, dt.date] = (days.min().item(), days.max().item())
    pending: list[tuple[Change, float | None]] = []
    for window in windows:
        bounds = window.bounds(as_of)
        in_current = (days >= np.datetime64(bounds.start)) & (days <= np.datetime64(bounds.end))
        in_baseline = (days >= np.datetime64(bounds.baseline_start)) & (
            days <= np.datetime64(bounds.baseline_end)
        )
        current, baseline = incidents[in_current], incidents[in_baseline]
        both = incidents[in_current | in_baseline]
        items_both = None
        if action_items is not None:
            items_both = action_items[action_items["postmortem_id"].isin(set(both["id"]))]
        quality = _Checks(
            data_quality(both, items_both, min_incidents=min_sample),
            data_quality(current, min_incidents=min_sample),
            data_quality(baseline, min_incidents=min_sample),
            window,
        )
        uncovered = _uncovered(window, bounds, archive, current, baseline) or _silent(
            window, bounds, archive, days[in_current], days[in_baseline]
        )
        for subject in COUNT_SUBJECTS:
            pending.append(
                _count_claim(
                    subject, window, current, baseline, bounds, min_sample, quality, uncovered
                )
            )
        for subject in MEDIAN_SUBJECTS:
            pending.append(
                _median_claim(
                    subject, window, current, baseline, bounds, min_sample, quality.flag(subject)
                )
            )
        if action_items is not None:
            pending.append(
                _overdue_claim(
                    window, action_items, as_of, bounds, min_sample, quality.flag(OVERDUE)
                )
            )
        pending.extend(_factor_claims(window, current, baseline, bounds, min_sample, quality))
    return _decided(pending)


# --- one claim per subject ----------------------------------------------------------


def _count_claim(
    subject: str,
    window: Window,
    current: pd.DataFrame,
    baseline: pd.DataFrame,
    bounds: WindowBounds,
    min_sample: int,
    quality: _Checks,
    uncovered: str | None,
) -> tuple[Change, float | None]:
    from scipy import stats

    u_c = u_b = 0
    if subject == "incidents":
        k_c, k_b = len(current), len(baseline)
    else:
        k_c = int(current["severity"].isin(("SEV1", "SEV2")).sum())
        k_b = int(baseline["severity"].isin(("SEV1", "SEV2")).sum())
        # Severities marked TODO (held as missing) may be SEV1 or SEV2 or not.
        u_c, u_b = int(current["severity"].isna().sum()), int(baseline["severity"].isna().sum())
    months_c, months_b = window.months, window.baseline_months
    claim = _claim(
        subject, window, bounds, (k_c, float(k_c)), (k_b, k_b * months_c / months_b), "relative"
    )
    if u_c or u_b:
        claim = replace(claim, unconfirmed=(u_c, u_b))
    if uncovered is not None:
        return replace(claim, uncovered=uncovered), None
    withheld = _withheld(claim, quality.flag(subject), k_c, k_b, min_sample)
    if withheld is not None:
        return withheld, None
    # A claim must hold whatever severity the unconfirmed incidents have: the two
    # extremes (every one SEV1 or SEV2 now and none before, and the reverse) bound
    # every other case, so the least significant of them is kept and the interval
    # spans both. With none unconfirmed, both are the confirmed counts.
    p_value, low, high = 0.0, math.inf, -math.inf
    for now, before in ((k_c + u_c, k_b), (k_c, k_b + u_b)):
        # Given now + before events, now is binomial with p = r m_c / (r m_c + m_b), r
        # the ratio of rates: the test of r = 1, and its exact interval gives r's.
        share = stats.binomtest(now, now + before, p=months_c / (months_c + months_b))
        p_value = max(p_value, _probability(share.pvalue) or 0.0)
        interval = share.proportion_ci(confidence_level=1 - ALPHA, method="exact")
        low = min(low, _rate_ratio(interval.low, months_c, months_b) - 1)
        high = max(high, _rate_ratio(interval.high, months_c, months_b) - 1)
    change = (k_c / months_c) / (k_b / months_b) - 1
    return replace(claim, change=change, ci=_finite((low, high)), p_value=p_value), p_value


def _median_claim(
    subject: str,
    window: Window,
    current: pd.DataFrame,
    baseline: pd.DataFrame,
    bounds: WindowBounds,
    min_sample: int,
    flag: QualityFlag | None,
) -> tuple[Change, float | None]:
    now_rows = current[current[subject].notna()]
    before_rows = baseline[baseline[subject].notna()]
    now = now_rows[subject].to_numpy(dtype=np.float64)
    before = before_rows[subject].to_numpy(dtype=np.float64)
    return _median_values_claim(
        subject,
        window,
        now.tobytes(),
        before.tobytes(),
        _severity_codes(now_rows).tobytes(),
        _severity_codes(before_rows).tobytes(),
        bounds,
        min_sample,
        flag,
    )


def _severity_codes(rows: pd.DataFrame) -> np.ndarray:
    """Each row's severity as 0 (SEV1) to 3 (SEV4), -1 when unknown, as int8."""
    if "severity" not in rows:
        return np.full(len(rows), -1, dtype=np.int8)
    codes = rows["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    return codes.fillna(-1).to_numpy(dtype=np.int8)


def _mix_changed(sev_now: np.ndarray, sev_before: np.ndarray) -> bool:
    """Whether the two sides' shares of each severity differ (chi-square test, ``ALPHA``)."""
    from scipy import stats

    table = np.array(
        [
            [int((sev_now == code).sum()) for code in range(len(SEVERITIES))],
            [int((sev_before == code).sum()) for code in range(len(SEVERITIES))],
        ]
    )
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2:
        return False
    return bool(stats.chi2_contingency(table).pvalue < ALPHA)


def _by_severity(
    now: np.ndarray, before: np.ndarray, sev_now: np.ndarray, sev_before: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Per severity with two values or more on each side: values now, before, and weights."""
    strata_now, strata_before, sizes = [], [], []
    for code in range(len(SEVERITIES)):
        a, b = now[sev_now == code], before[sev_before == code]
        if len(a) >= 2 and len(b) >= 2 and np.median(b) > 0:
            strata_now.append(a)
            strata_before.append(b)
            sizes.append(len(a) + len(b))
    weights = np.asarray(sizes, dtype=np.float64)
    return strata_now, strata_before, weights / weights.sum() if len(weights) else weights


def _stratified_p(strata_now: list[np.ndarray], strata_before: list[np.ndarray]) -> float:
    """Van Elteren's test: Wilcoxon rank sums within each stratum, weighted by 1 / (N + 1)."""
    from scipy import stats

    statistic, variance = 0.0, 0.0
    for a, b in zip(strata_now, strata_before):
        pooled = np.concatenate([a, b])
        n, m, size = len(a), len(b), len(a) + len(b)
        ranks = stats.rankdata(pooled)
        _, ties = np.unique(pooled, return_counts=True)
        tie_term = float((ties**3 - ties).sum()) / (size * (size - 1)) if size > 1 else 0.0
        weight = 1.0 / (size + 1)
        statistic += weight * (float(ranks[:n].sum()) - n * (size + 1) / 2)
        variance += weight**2 * n * m / 12 * (size + 1 - tie_term)
    if variance <= 0:
        return 1.0  # every value tied with every other in each severity: nothing moved
    return float(2 * stats.norm.sf(abs(statistic) / math.sqrt(variance)))


def _adjusted_ratio(weights: np.ndarray, count: int) -> Any:
    """The weighted geometric mean of the strata's ratios of medians (now over before)."""

    def statistic(*samples: np.ndarray, axis: int = -1) -> np.ndarray:
        logs = [
            np.log(np.median(samples[i], axis=axis) / np.median(samples[count + i], axis=axis))
            for i in range(count)
        ]
        result: np.ndarray = np.exp(sum(w * v for w, v in zip(weights, logs)))
        return result

    return statistic


# A claim is a function of the values it compares, and a preview's next build
# compares the same values after most edits: a bootstrap or an exact test is
# most of a claim's time. The eight median claims of the last few builds are
# kept, their values as bytes (8 per value: 160 KB a claim at 10,000 a year).
@functools.lru_cache(maxsize=64)
def _median_values_claim(
    subject: str,
    window: Window,
    values_now: bytes,
    values_before: bytes,
    severities_now: bytes,
    severities_before: bytes,
    bounds: WindowBounds,
    min_sample: int,
    flag: QualityFlag | None,
) -> tuple[Change, float | None]:
    from scipy import stats

    now = np.frombuffer(values_now, dtype=np.float64)
    before = np.frombuffer(values_before, dtype=np.float64)
    sev_now = np.frombuffer(severities_now, dtype=np.int8)
    sev_before = np.frombuffer(severities_before, dtype=np.int8)
    median_now = float(np.median(now)) if len(now) else None
    median_before = float(np.median(before)) if len(before) else None
    claim = _claim(subject, window, bounds, (len(now), median_now), (len(before), median_before))
    withheld = _withheld(claim, flag, len(now), len(before), min_sample)
    if withheld is not None:
        return withheld, None
    if not median_before:
        return claim, None  # no ratio to a median of zero
    if now.min() == now.max() and before.min() == before.max():
        # No spread to resample: the change is exact and an interval would be of zero width.
        p_value = _probability(
            float(stats.mannwhitneyu(now, before, alternative="two-sided").pvalue)
        )
        change = median_now / median_before - 1 if median_now is not None else None
        return replace(claim, change=change, p_value=p_value, constant=True), p_value
    if _mix_changed(sev_now, sev_before):
        return _severity_claim(claim, window, now, before, sev_now, sev_before)
    p_value = _probability(float(stats.mannwhitneyu(now, before, alternative="two-sided").pvalue))
    ci = _ratio_interval((now, before), _median_ratio, f"{window.name}/{subject}")
    change = median_now / median_before - 1 if median_now is not None else None
    return replace(claim, change=change, ci=ci, p_value=p_value), p_value


def _ratio_interval(
    samples: tuple[np.ndarray, ...], statistic: Callable[..., Any], key: str
) -> tuple[float, float] | None:
    """The seeded percentile bootstrap interval of a ratio ``statistic`` of
    ``samples``, as a change (ratio minus one); ``key`` names the claim, so that
    each claim draws its own resamples, the same at every build."""
    from scipy import stats

    with np.errstate(divide="ignore", invalid="ignore"):
        result = stats.bootstrap(
            samples,
            statistic,
            n_resamples=BOOTSTRAP_RESAMPLES,
            method="percentile",
            confidence_level=1 - ALPHA,
            vectorized=True,
            batch=500,
            rng=np.random.default_rng([SEED, zlib.crc32(key.encode())]),
        )
    interval = result.confidence_interval
    return _finite((float(interval.low) - 1, float(interval.high) - 1))


def _severity_claim(
    claim: Change,
    window: Window,
    now: np.ndarray,
    before: np.ndarray,
    sev_now: np.ndarray,
    sev_before: np.ndarray,
) -> tuple[Change, float | None]:
    """A duration compared severity for severity, when the mix of severities changed.

    Durations differ by severity, so the median of all incidents moves with
    the mix alone: fewer SEV1s make it fall while every severity got slower.
    The test is van Elteren's (Wilcoxon rank sums within each severity); the
    change is the geometric mean of each severity's ratio of medians, weighted
    by its values on both sides, with a bootstrap interval that resamples each
    severity on each side. Severities with fewer than two values on either side are left out.
    """
    shares = (_severe_share(sev_now), _severe_share(sev_before))
    strata_now, strata_before, weights = _by_severity(now, before, sev_now, sev_before)
    claim = replace(claim, severity_mix=shares)
    if not strata_now:
        return claim, None
    p_value = _stratified_p(strata_now, strata_before)
    count = len(strata_now)
    statistic = _adjusted_ratio(weights, count)
    change = float(statistic(*strata_now, *strata_before)) - 1
    ci = _ratio_interval(
        (*strata_now, *strata_before), statistic, f"{window.name}/{claim.subject}/severity"
    )
    return replace(claim, change=change, ci=ci, p_value=_probability(p_value)), p_value


def _severe_share(codes: np.ndarray) -> float:
    """The share of SEV1 and SEV2 among rows with a known severity."""
    known = codes >= 0
    return float((codes[known] <= 1).sum() / known.sum()) if known.any() else math.nan


def _overdue_claim(
    window: Window,
    items: pd.DataFrame,
    as_of: dt.date,
    bounds: WindowBounds,
    min_sample: int,
    flag: QualityFlag | None,
) -> tuple[Change, float | None]:
    due = items["due"].to_numpy().astype("datetime64[D]")
    completed = items["completed"].to_numpy().astype("datetime64[D]")
    status = items["status"].to_numpy()
    # An item whose status is a placeholder (missing) is neither late nor on time.
    counted = np.isin(status, ("open", "in-progress", "done")) & (due < np.datetime64(as_of))
    # Late: still open past its due date, or done after it.
    late = np.isin(status, ("open", "in-progress")) | ((status == "done") & (completed > due))
    incident = (
        items["postmortem_id"].to_numpy()
        if "postmortem_id" in items
        else np.arange(len(items)).astype(str)
    )
    # Due before the as-of date and not won't-do, its status confirmed or not.
    countable = (status != "wont-do") & (due < np.datetime64(as_of))
    counts, effective, unknown = [], [], []
    for first, last, label in (
        (bounds.start, bounds.end, window.label),
        (bounds.baseline_start, bounds.baseline_end, window.baseline_label),
    ):
        in_side = (due >= np.datetime64(first)) & (due <= np.datetime64(last))
        chosen = counted & in_side
        counts.append((int(late[chosen].sum()), int(chosen.sum())))
        effective.append(_effective_counts(late[chosen], incident[chosen]))
        left_out = countable & in_side & ~counted
        unknown.append(int(left_out.sum()))
        flag = flag or _unconfirmed(chosen, left_out, incident, label)
    claim, p_value = _share_claim(OVERDUE, window, counts[0], counts[1], bounds, min_sample, flag)
    claim = _with_unconfirmed(claim, unknown[0], unknown[1])
    if p_value is None or effective == counts:
        return claim, p_value
    # The same items, the test and interval on the counts their clustering is worth.
    judged, p_value = _share_claim(OVERDUE, window, effective[0], effective[1], bounds, 1, flag)
    return replace(
        judged, current=claim.current, baseline=claim.baseline, unconfirmed=claim.unconfirmed
    ), p_value


def _with_unconfirmed(claim: Change, now: int, before: int) -> Change:
    """``claim`` with the counts its shares leave out as unconfirmed (marked TODO), if any:
    the sentence gives them, and so does ``metrics.json``."""
    return replace(claim, unconfirmed=(now, before)) if now or before else claim


def _unconfirmed(
    confirmed: np.ndarray, unknown: np.ndarray, incident: np.ndarray, label: str
) -> QualityFlag | None:
    """A ``sparse`` flag when under half of one side's items due have a confirmed status.

    An unconfirmed status (marked TODO) is most often an item nobody closed: the
    confirmed ones, mostly done, would make the share late look low where most
    statuses are unknown, and a fall that only the unknown statuses make would
    pass for better follow-through.
    """
    known, due = int(confirmed.sum()), int(confirmed.sum() + unknown.sum())
    if not due or known >= CONFIRMED_AT_LEAST * due:
        return None
    return QualityFlag(
        "action_items",
        "sparse",
        known / due,
        f"in {label}, the status of {known:,} of the {due:,} items due is confirmed "
        "(the others are marked TODO): which of them were late cannot be told",
        tuple(dict.fromkeys(incident[unknown].tolist())),
    )


def _effective_counts(late: np.ndarray, incident: np.ndarray) -> tuple[int, int]:
    """(late, items) shrunk by the design effect of items clustered in incidents.

    The items of one incident share a team, a deadline and a fate: sixty items
    left open by one incident are one decision, not sixty. Each side's counts
    are divided by its design effect (the ratio of the share's variance between
    incidents to its variance were every item independent; Rao and Scott), never
    below 1, so the tests see as many independent items as the data holds.
    Where that spread cannot be measured (the items of one incident, or every
    item late, or none), nothing shows the items to be independent: each
    incident counts as one item, the most their clustering can be worth.
    """
    items = len(late)
    if items == 0:
        return 0, 0
    frame = pd.DataFrame({"incident": incident, "late": late.astype(np.float64)})
    grouped = frame.groupby("incident", sort=False)["late"].agg(["sum", "size"])
    clusters = len(grouped)
    share = float(late.sum()) / items
    if clusters < 2 or share in (0.0, 1.0):
        return round(share * clusters), clusters
    residuals = grouped["sum"].to_numpy() - share * grouped["size"].to_numpy()
    clustered = clusters / (clusters - 1) * float((residuals**2).sum()) / items**2
    independent = share * (1 - share) / items
    effect = max(1.0, clustered / independent)
    n = max(1, round(items / effect))
    return min(n, round(float(late.sum()) / effect)), n


def _factor_claims(
    window: Window,
    current: pd.DataFrame,
    baseline: pd.DataFrame,
    bounds: WindowBounds,
    min_sample: int,
    quality: _Checks,
) -> list[tuple[Change, float | None]]:
    # An incident whose every factor is marked TODO (left out of the table) says
    # nothing about which it cites: counted, it would make every factor's share fall.
    unknown = (len(current), len(baseline))
    current = current[current["factors"].map(bool).to_numpy(dtype=bool)]
    baseline = baseline[baseline["factors"].map(bool).to_numpy(dtype=bool)]
    unknown = (unknown[0] - len(current), unknown[1] - len(baseline))
    now = _citations(current)
    before = _citations(baseline)
    found = []
    for tag in sorted(set(now) | set(before)):
        claim, p_value = _share_claim(
            FACTOR_PREFIX + tag,
            window,
            (now.get(tag, 0), len(current)),
            (before.get(tag, 0), len(baseline)),
            bounds,
            min_sample,
            quality.flag(FACTOR_PREFIX + tag),
        )
        found.append((_with_unconfirmed(claim, *unknown), p_value))
    return found


# Kept like the median claims: counts are small keys, a few per factor and window.
@functools.lru_cache(maxsize=1024)
def _share_claim(
    subject: str,
    window: Window,
    now: tuple[int, int],
    before: tuple[int, int],
    bounds: WindowBounds,
    min_sample: int,
    flag: QualityFlag | None,
) -> tuple[Change, float | None]:
    from scipy import stats

    (a, n_a), (b, n_b) = now, before
    claim = _claim(
        subject,
        window,
        bounds,
        (n_a, a / n_a if n_a else None),
        (n_b, b / n_b if n_b else None),
        "points",
    )
    withheld = _withheld(claim, flag, n_a, n_b, min_sample)
    if withheld is not None:
        return withheld, None
    if claim.factor is not None and a + b < min_sample:
        return claim, None
    table = np.array([[a, n_a - a], [b, n_b - b]], dtype=np.int64)
    p_value = _probability(stats.fisher_exact(table).pvalue)
    share_a, share_b = a / n_a, b / n_b
    low_a, high_a = stats.binomtest(a, n_a).proportion_ci(1 - ALPHA, method="wilson")
    low_b, high_b = stats.binomtest(b, n_b).proportion_ci(1 - ALPHA, method="wilson")
    # Newcombe's hybrid score interval of a difference of two proportions.
    difference = share_a - share_b
    ci = (
        difference - math.hypot(share_a - low_a, high_b - share_b),
        difference + math.hypot(high_a - share_a, share_b - low_b),
    )
    return replace(claim, change=difference, ci=ci, p_value=p_value), p_value


# --- helpers --------------------------------------------------------------------------

_DAY = dt.timedelta(days=1)


def _claim(
    subject: str,
    window: Window,
    bounds: WindowBounds,
    now: tuple[int, float | None],
    before: tuple[int, float | None],
    unit: str = "relative",
) -> Change:
    return Change(
        subject=subject,
        window=window.name,
        current=Side(bounds.start, bounds.end, now[0], now[1]),
        baseline=Side(bounds.baseline_start, bounds.baseline_end, before[0], before[1]),
        change=None,
        ci=None,
        p_value=None,
        p_adjusted=None,
        verdict=Verdict.TOO_FEW,
        unit=unit,
    )


def _withheld(
    claim: Change, flag: QualityFlag | None, n_now: int, n_before: int, min_sample: int
) -> Change | None:
    """The claim as ``too few to tell`` when a flag or a small side withholds it, else None."""
    if flag is not None:
        return replace(claim, withheld_by=flag)
    if n_now < min_sample or n_before < min_sample:
        return claim
    return None


@dataclass(frozen=True)
class _Checks:
    """The data-quality checks of one window: of both sides together, of each side alone."""

    both: DataQuality
    now: DataQuality
    before: DataQuality
    window: Window

    def flag(self, subject: str) -> QualityFlag | None:
        """The flag that withholds a claim about ``subject``, if any.

        A duration is checked on each side alone, its message saying which:
        placeholders in the recent window only would otherwise pass as a
        faster response. The other fields are checked on both sides together.
        """
        tag = subject[len(FACTOR_PREFIX) :] if subject.startswith(FACTOR_PREFIX) else None
        if tag is not None:
            dominant = [f for f in self.both.flags_of("factors") if f.flag == "dominant"]
            return self.both.flag("factors", "constant") or next(
                (f for f in dominant if f.value == tag), None
            )
        field, kinds = _WITHHOLDING.get(subject, ("", ()))
        if not field:
            return None
        if subject not in MEDIAN_SUBJECTS:
            return self.both.flag(field, *kinds)
        for side, label in (
            (self.now, self.window.label),
            (self.before, self.window.baseline_label),
        ):
            found = side.flag(field, *kinds)
            if found is not None:
                return replace(found, message=f"in {label}, {found.message}")
        return None


def _uncovered(
    window: Window,
    bounds: WindowBounds,
    archive: tuple[dt.date, dt.date],
    current: pd.DataFrame,
    baseline: pd.DataFrame,
) -> str | None:
    """Why the archive does not cover both sides of a count, or None when it does.

    A count compares how many incidents each window recorded, so a window the
    archive only partly covers looks quieter than it was. The archive covers
    a window when its first incident is not later after the window's start
    (or its latest not earlier before the as-of date) than incidents at the
    window's own pace would leave by chance at least one time in a hundred
    (:data:`COVERAGE_CHANCE`): about 4.6 times the average time between them.
    """
    first, last = archive
    start_gap = (first - bounds.baseline_start).days
    end_gap = (bounds.end - last).days
    if start_gap > 0 and _unlikely_gap(
        start_gap, len(baseline), (bounds.baseline_end - bounds.baseline_start).days + 1
    ):
        return (
            f"the archive starts on {first.isoformat()}, "
            + (
                f"inside {window.baseline_label}"
                if first <= bounds.baseline_end
                else f"after {window.baseline_label}"
            )
            + f" ({bounds.baseline_start.isoformat()} to {bounds.baseline_end.isoformat()}): "
            "too little of them recorded to compare"
        )
    if end_gap > 0 and _unlikely_gap(end_gap, len(current), (bounds.end - bounds.start).days + 1):
        return (
            f"the archive's latest incident started on {last.isoformat()}, {end_gap:,} days "
            f"before {bounds.end.isoformat()}: {window.label} may not all be recorded yet, "
            "too little to compare"
        )
    return None


def _silent(
    window: Window,
    bounds: WindowBounds,
    archive: tuple[dt.date, dt.date],
    current: np.ndarray,
    baseline: np.ndarray,
) -> str | None:
    """Why a stretch without incidents inside a window stops its count being compared, or None.

    An archive can miss months in the middle (a migration that skipped them,
    a team that stopped writing for a while) as well as at its ends. Inside
    the part of each window the archive spans, incidents at a steady pace fall
    uniformly: the window's longest stretch without one is weighed against the
    longest gap that as many uniform points leave (:func:`_longest_gap_chance`),
    and one that long by chance less than one time in a hundred
    (:data:`COVERAGE_CHANCE`) means the window is not all recorded. The
    archive's own ends are :func:`_uncovered`'s.
    """
    sides = (
        (baseline, bounds.baseline_start, bounds.baseline_end, window.baseline_label),
        (current, bounds.start, bounds.end, window.label),
    )
    for days, start, end, label in sides:
        dates = sorted(d.item() for d in days)
        if len(dates) < 2:
            continue
        # The span the archive covers: from the window's start if it began before,
        # else from its first incident; likewise at the end.
        first = start if archive[0] < start else dates[0]
        last = end if archive[1] > end else dates[-1]
        inside = dates[(first == dates[0]) : len(dates) - (last == dates[-1])]
        edges = [first, *inside, last]
        gap, since, until = max(((b - a).days, a, b) for a, b in itertools.pairwise(edges))
        if _longest_gap_chance(gap, (last - first).days, len(inside)) < COVERAGE_CHANCE:
            return (
                f"no incident is recorded between {since.isoformat()} and {until.isoformat()} "
                f"({gap:,} days, inside {label}), a stretch that the other incidents of "
                f"{label} leave by chance less than one time in a hundred: "
                "too little of them recorded to compare"
            )
    return None


def _longest_gap_chance(gap: int, span: int, points: int) -> float:
    """At most the chance that ``points`` uniform points on ``span`` days leave ``gap`` days empty.

    Each of the ``points + 1`` spacings is Beta(1, points) as a share of the
    span; the chance that any is this long is at most their sum (Bonferroni),
    which is close to exact where it matters, when the chance is small.
    """
    from scipy import stats

    if span <= 0 or gap <= 0:
        return 1.0
    return min(1.0, (points + 1) * float(stats.beta.sf(gap / span, 1, max(points, 1))))


def _unlikely_gap(gap: int, incidents: int, days: int) -> bool:
    """Whether ``gap`` days without an incident are unlikely at the pace of the days around it."""
    covered = days - gap
    if covered <= 0:
        return True
    # At a steady pace of r a day, a stretch of g days holds none with chance exp(-r g).
    return math.exp(-incidents / covered * gap) < COVERAGE_CHANCE


def _decided(pending: list[tuple[Change, float | None]]) -> tuple[Change, ...]:
    """Each claim with its adjusted p-value and verdict (BH across all tested claims)."""
    from scipy import stats

    tested = [i for i, (_, p) in enumerate(pending) if p is not None]
    adjusted: list[float] = (
        stats.false_discovery_control(
            np.array([pending[i][1] for i in tested], dtype=np.float64), method="bh"
        ).tolist()
        if tested
        else []
    )
    out = [claim for claim, _ in pending]
    for i, p_adjusted in zip(tested, adjusted):
        claim = pending[i][0]
        verdict = Verdict.NO_CHANGE
        if claim.constant and claim.change is not None:
            if claim.change != 0 and p_adjusted < ALPHA:
                verdict = Verdict.WORSE if claim.change > 0 else Verdict.BETTER
        elif claim.ci is None or claim.change is None:
            verdict = Verdict.TOO_FEW
        elif p_adjusted < ALPHA and (claim.ci[0] > 0 or claim.ci[1] < 0):
            verdict = Verdict.WORSE if claim.change > 0 else Verdict.BETTER
        out[i] = replace(claim, p_adjusted=float(p_adjusted), verdict=verdict)
    return tuple(out)


def _probability(value: float) -> float | None:
    """A p-value in [0, 1]: sums of many small terms can land a hair above 1."""
    number = float(value)
    return None if math.isnan(number) else min(max(number, 0.0), 1.0)


def _median_ratio(now: np.ndarray, before: np.ndarray, axis: int = -1) -> np.ndarray:
    ratio: np.ndarray = np.median(now, axis=axis) / np.median(before, axis=axis)
    return ratio


def _rate_ratio(share: float, months_now: int, months_before: int) -> float:
    if share >= 1:
        return math.inf
    return share / (1 - share) * months_before / months_now


def _finite(ci: tuple[float, float]) -> tuple[float, float] | None:
    return ci if all(math.isfinite(v) for v in ci) else None


def _citations(frame: pd.DataFrame) -> dict[str, int]:
    counts: dict[str, int] = {}
    for tags in frame["factors"].tolist():
        for tag in set(tags or ()):
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def _days(started: pd.Series) -> np.ndarray:
    """UTC start dates as ``datetime64[D]``."""
    stamps = pd.to_datetime(started, utc=True).dt.tz_localize(None)
    return stamps.to_numpy().astype("datetime64[D]")


def _rounded(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    rounded = round(float(value), 4)
    return 0.0 if rounded == 0 else rounded


def _significant(value: float | None) -> float | None:
    """A p-value to three significant digits: a tiny one must not round to 0."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.3g}")
