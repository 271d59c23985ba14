"""Claims of change on corpora with planted truth, and on tables worked out by hand.

The planted corpora come from :func:`pmkb.analytics.synthetic.planted_postmortems`:
a Poisson stream of incidents whose every distribution stays the same, or
changes in one planted way from a known day on.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter

import pandas as pd
import pytest
from pmkb.analytics.changes import (
    FACTOR_PREFIX,
    SUBJECTS,
    WINDOWS,
    Change,
    Verdict,
    WindowBounds,
    claims_of_change,
    months_before,
)
from pmkb.analytics.exports import metrics_json
from pmkb.analytics.frame import action_items_frame, incidents_frame
from pmkb.analytics.metrics import build_metrics
from pmkb.analytics.synthetic import planted_postmortems
from scipy import stats

AS_OF = dt.date(2025, 1, 1)
CLAIMED = (Verdict.BETTER, Verdict.WORSE)


def claims(**planted: object) -> tuple[Change, ...]:
    options: dict[str, object] = {"as_of": AS_OF, "months": 27, "per_month": 8, **planted}
    corpus = planted_postmortems(**options)  # type: ignore[arg-type]
    return claims_of_change(incidents_frame(corpus), action_items_frame(corpus, AS_OF), as_of=AS_OF)


def verdicts(found: tuple[Change, ...]) -> dict[tuple[str, str], Verdict]:
    return {(c.window, c.subject): c.verdict for c in found}


def claimed(found: tuple[Change, ...]) -> set[tuple[str, str, str]]:
    return {(c.window, c.subject, c.verdict.value) for c in found if c.verdict in CLAIMED}


def test_stationary_corpora_rarely_claim_anything() -> None:
    """Across 200 corpora where nothing changes, at most 5 % say anything changed.

    Benjamini-Hochberg across every claim of a build keeps the chance of any
    claim at all, when none is true, at or under its 5 % level.
    """
    any_claim = Counter()
    for seed in range(200):
        found = claims(seed=seed, per_month=6)
        assert len(found) > 2 * len(SUBJECTS)
        any_claim[bool(claimed(found))] += 1
    rate = any_claim[True] / 200
    assert rate <= 0.05, f"{any_claim[True]} of 200 stationary corpora claimed a change"


def test_a_halved_time_to_resolve_is_found_in_its_window() -> None:
    """Found in every one of 20 corpora; anything else claimed in at most 2.

    Benjamini-Hochberg bounds the share of false claims among those made (5 %),
    not the chance of one beside a true one: measured over 100 such corpora,
    5 had one. The seeds are consecutive, not chosen.
    """
    with_others = 0
    for seed in range(20):
        found = claims(seed=500 + seed, ttr_scale_last=(12, 0.5))
        assert ("last-12-months", "ttr", "better") in claimed(found), seed
        with_others += bool(
            claimed(found)
            - {("last-12-months", "ttr", "better"), ("last-quarter", "ttr", "better")}
        )
        ttr = next(c for c in found if (c.window, c.subject) == ("last-12-months", "ttr"))
        assert ttr.ci is not None and ttr.ci[1] < 0 and ttr.change is not None
        assert ttr.ci[0] <= ttr.change <= ttr.ci[1]
        if ttr.severity_mix is None:  # else the change is severity for severity
            assert ttr.current.value == pytest.approx(ttr.baseline.value * (1 + ttr.change))
        else:
            assert ttr.change == pytest.approx(-0.5, abs=0.15)
    assert with_others <= 2


def test_a_factor_from_8_to_35_percent_is_found_in_its_window() -> None:
    hits, with_others, now, before = 0, 0, [], []
    for seed in range(20):
        found = claims(seed=600 + seed, factor_share_last=(12, "retry-storm", 0.35))
        planted = ("last-12-months", "factor:retry-storm", "worse")
        hits += planted in claimed(found)
        with_others += bool(
            claimed(found) - {planted, ("last-quarter", "factor:retry-storm", "worse")}
        )
        claim = next(
            c for c in found if (c.window, c.subject) == ("last-12-months", "factor:retry-storm")
        )
        assert claim.unit == "points" and claim.factor == "retry-storm"
        now.append(claim.current.value)
        before.append(claim.baseline.value)
    # About 90 incidents a side: measured 92 of 100 found.
    assert hits >= 17 and with_others <= 2
    assert sum(now) / 20 == pytest.approx(0.35, abs=0.05)
    assert sum(before) / 20 == pytest.approx(0.08, abs=0.03)


def test_a_sparse_last_quarter_is_too_few_to_tell() -> None:
    # A tenth of the usual rate in the last quarter: about two incidents.
    found = claims(seed=31, rate_scale_last=(3, 0.1))
    quarter = [
        c for c in found if c.window == "last-quarter" and c.subject != "action-items-overdue"
    ]
    assert quarter and {c.verdict for c in quarter} == {Verdict.TOO_FEW}
    assert all(c.p_value is None and c.ci is None and c.current.n < 10 for c in quarter)
    # Follow-ups due in the quarter come from earlier incidents too: enough to compare.
    overdue = verdicts(found)[("last-quarter", "action-items-overdue")]
    assert overdue is not Verdict.TOO_FEW
    year = verdicts(found)
    assert year[("last-12-months", "ttr")] is not Verdict.TOO_FEW


def test_zero_detection_is_flagged_and_makes_no_claim() -> None:
    found = claims(seed=41, detected_at_start=0.8)
    for window in WINDOWS:
        ttd = next(c for c in found if (c.window, c.subject) == (window.name, "ttd"))
        assert (ttd.verdict, ttd.flag, ttd.p_value) == (Verdict.TOO_FEW, "placeholder", None)


def test_one_severity_makes_no_claim_about_sev1_2() -> None:
    found = claims(seed=42, severities={"SEV2": 1})
    for window in WINDOWS:
        sev = next(c for c in found if (c.window, c.subject) == (window.name, "sev1-2"))
        assert (sev.verdict, sev.flag) == (Verdict.TOO_FEW, "constant")


def test_no_action_items_make_no_claim_about_follow_ups() -> None:
    found = claims(seed=43, action_items=False)
    overdue = [c for c in found if c.subject == "action-items-overdue"]
    assert len(overdue) == 2 and {(c.verdict, c.flag) for c in overdue} == {
        (Verdict.TOO_FEW, "absent")
    }


def test_no_verdict_on_fewer_than_ten_on_either_side() -> None:
    for seed in range(20):
        for c in claims(seed=100 + seed, per_month=1.5, ttr_scale_last=(12, 0.2)):
            if min(c.current.n, c.baseline.n) < 10:
                assert c.verdict is Verdict.TOO_FEW, c


def test_counts_by_hand() -> None:
    # 30 incidents in the last 12 months, 12 in the 12 before, 6 in the last quarter.
    bounds = WINDOWS[0].bounds(AS_OF)
    current_from, baseline_from = bounds.start, bounds.baseline_start
    days = (
        [current_from + dt.timedelta(days=11 * i) for i in range(24)]
        + [AS_OF - dt.timedelta(days=15 * i) for i in range(6)]
        + [baseline_from + dt.timedelta(days=25 * i) for i in range(12)]
    )
    frame = pd.DataFrame(
        {
            "id": [f"PM-{i:04d}" for i in range(len(days))],
            "started": pd.to_datetime(
                [dt.datetime.combine(d, dt.time(12)) for d in days], utc=True
            ),
            "severity": ["SEV3"] * len(days),
            "factors": [("a",)] * len(days),
            **{m: [1.0] * len(days) for m in ("ttd", "tta", "ttm", "ttr")},
        }
    )
    found = {(c.window, c.subject): c for c in claims_of_change(frame, as_of=AS_OF)}
    year = found[("last-12-months", "incidents")]
    assert (year.current.n, year.baseline.n, year.current.value, year.baseline.value) == (
        30,
        12,
        30,
        12,
    )
    assert year.change == pytest.approx(30 / 12 - 1)
    # Given the total, k_now is binomial: its exact test and interval give the ratio's.
    assert year.p_value == pytest.approx(stats.binomtest(30, 42, p=0.5).pvalue)
    low, high = stats.binomtest(30, 42, p=0.5).proportion_ci(0.95, method="exact")
    assert year.ci == pytest.approx((low / (1 - low) - 1, high / (1 - high) - 1))
    assert year.verdict is Verdict.WORSE
    quarter = found[("last-quarter", "incidents")]
    # The last quarter (6 incidents) against the four before, scaled to a quarter.
    assert quarter.current.n == 6 and quarter.verdict is Verdict.TOO_FEW
    assert quarter.baseline.value == pytest.approx(quarter.baseline.n * 3 / 12)
    # Every duration is one minute: nothing moved. Every incident cites "a": a
    # constant field, so no claim about it.
    assert found[("last-12-months", "ttr")].verdict is Verdict.NO_CHANGE
    assert found[("last-12-months", "factor:a")].flag == "constant"


def test_shares_by_hand() -> None:
    # 20 of 40 incidents cite "a" in the last 12 months, 4 of 40 in the 12 before.
    bounds = WINDOWS[0].bounds(AS_OF)
    current_from, baseline_from = bounds.start, bounds.baseline_start
    days = [current_from + dt.timedelta(days=8 * i) for i in range(40)] + [
        baseline_from + dt.timedelta(days=8 * i) for i in range(40)
    ]
    factors = [("a",) if i < 20 else (f"b{i % 4}",) for i in range(40)] + [
        ("a",) if i < 4 else ("b0",) for i in range(40)
    ]
    frame = pd.DataFrame(
        {
            "id": [f"PM-{i:04d}" for i in range(80)],
            "started": pd.to_datetime(
                [dt.datetime.combine(d, dt.time(12)) for d in days], utc=True
            ),
            "severity": ["SEV3", "SEV4"] * 40,
            "factors": factors,
            **{m: [float(1 + i % 7) for i in range(80)] for m in ("ttd", "tta", "ttm", "ttr")},
        }
    )
    found = {(c.window, c.subject): c for c in claims_of_change(frame, as_of=AS_OF)}
    a = found[("last-12-months", FACTOR_PREFIX + "a")]
    assert (a.current.value, a.baseline.value, a.change) == (0.5, 0.1, pytest.approx(0.4))
    assert a.p_value == pytest.approx(stats.fisher_exact([[20, 20], [4, 36]]).pvalue)
    # Newcombe's interval from the two Wilson intervals.
    low_a, high_a = stats.binomtest(20, 40).proportion_ci(0.95, method="wilson")
    low_b, high_b = stats.binomtest(4, 40).proportion_ci(0.95, method="wilson")
    assert a.ci == pytest.approx(
        (0.4 - math.hypot(0.5 - low_a, high_b - 0.1), 0.4 + math.hypot(high_a - 0.5, 0.1 - low_b))
    )
    assert a.verdict is Verdict.WORSE
    # b0: 36 of 40 before, 5 of 40 now; cited by 41 of 80, more than half: a
    # catch-all, about which nothing is claimed.
    assert found[("last-12-months", FACTOR_PREFIX + "b0")].flag == "dominant"
    b1 = found[("last-12-months", FACTOR_PREFIX + "b1")]
    assert (b1.current.n, b1.current.value, b1.baseline.value) == (40, 5 / 40, 0.0)
    # A claim is adjusted for the others: never below its own p-value.
    assert all(c.p_adjusted >= c.p_value for c in found.values() if c.p_value is not None)


def test_same_inputs_same_bytes() -> None:
    corpus = planted_postmortems(seed=7, as_of=AS_OF, months=27, per_month=8)
    texts = set()
    for _ in range(2):
        incidents, items = incidents_frame(corpus), action_items_frame(corpus, AS_OF)
        texts.add(metrics_json(build_metrics(incidents, items, as_of=AS_OF)))
    assert len(texts) == 1
    changes = json.loads(texts.pop())["changes"]
    assert {c["window"] for c in changes} == {"last-12-months", "last-quarter"}
    assert set(changes[0]) == {
        "subject",
        "window",
        "current",
        "baseline",
        "change",
        "ci",
        "p_value",
        "p_adjusted",
        "verdict",
        "unit",
        "flag",
        "reason",
        "by_severity",
        "unconfirmed",
    }
    assert set(changes[0]["current"]) == {"from", "to", "n", "value"}


def test_windows_end_on_the_as_of_date() -> None:
    assert WINDOWS[0].bounds(dt.date(2025, 3, 31)) == WindowBounds(
        start=dt.date(2024, 3, 31),
        end=dt.date(2025, 3, 31),
        baseline_start=dt.date(2023, 3, 31),
        baseline_end=dt.date(2024, 3, 30),
    )
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)


def _mix_shifted(seed: int, scale: float) -> tuple[Change, ...]:
    """Each severity resolves ``scale`` times as long in the last 12 months, while the
    mix swings: SEV1-2 are 70 % of the incidents before and 20 % since (``scale`` < 1:
    the other way round), so the median of all incidents moves against the truth."""
    import numpy as np

    frame = incidents_frame(
        planted_postmortems(seed=seed, as_of=AS_OF, months=24, per_month=12, action_items=False)
    )
    rng = np.random.default_rng(seed)
    recent = frame["started"] >= pd.Timestamp(months_before(AS_OF, 12), tz="UTC")
    severe, mild = ("SEV1", "SEV2"), ("SEV3", "SEV4")
    share_recent = 0.2 if scale > 1 else 0.7
    severity = [
        str(
            rng.choice(
                severe if rng.random() < (share_recent if r else 0.9 - share_recent) else mild
            )
        )
        for r in recent
    ]
    base = {"SEV1": 600.0, "SEV2": 300.0, "SEV3": 120.0, "SEV4": 40.0}
    ttr = [
        base[s] * (scale if r else 1.0) * float(np.exp(rng.normal(0, 0.5)))
        for s, r in zip(severity, recent)
    ]
    frame = frame.assign(severity=severity, ttr=ttr)
    return claims_of_change(frame, as_of=AS_OF)


@pytest.mark.parametrize(("scale", "truth"), [(1.6, Verdict.WORSE), (0.6, Verdict.BETTER)])
def test_a_change_of_severity_mix_does_not_reverse_a_duration(scale: float, truth: Verdict) -> None:
    """Slower in every severity but fewer severe incidents: the median of all falls.

    The claim compares severity for severity once the mix changed, so it finds
    the planted change, not its reverse, and its interval holds the planted ratio.
    """
    covered = 0
    for seed in range(10):
        found = {(c.window, c.subject): c for c in _mix_shifted(seed=seed, scale=scale)}
        ttr = found[("last-12-months", "ttr")]
        overall_fell = ttr.current.value < ttr.baseline.value
        assert overall_fell == (scale > 1), seed  # the plain medians point the wrong way
        assert ttr.severity_mix is not None
        assert ttr.verdict is truth, seed
        assert ttr.ci is not None
        covered += ttr.ci[0] < scale - 1 < ttr.ci[1]
        assert ttr.as_json()["by_severity"]["sev1_2_share_now"] == pytest.approx(
            0.2 if scale > 1 else 0.7, abs=0.1
        )
    assert covered >= 9  # a 95 % interval: measured, 39 of 40 seeds


def test_a_steady_mix_keeps_the_plain_comparison() -> None:
    found = {(c.window, c.subject): c for c in claims(seed=500, ttr_scale_last=(12, 0.5))}
    assert found[("last-12-months", "ttr")].severity_mix is None
    assert found[("last-12-months", "ttr")].as_json()["by_severity"] is None


def _follow_ups(seed: int, late_before: float, late_now: float, one_big: int) -> Change:
    """Two items per incident, 120 incidents a year due over two years, each late with
    its window's chance; ``one_big``: one more incident with that many items, all open."""
    import numpy as np

    rng = np.random.default_rng(seed)
    corpus = planted_postmortems(seed=seed, as_of=AS_OF, months=24, per_month=13)
    incidents = incidents_frame(corpus)
    ids = list(incidents["id"])  # only to name each item's incident
    assert len(ids) > 240
    rows = []
    for k in range(240):
        days = int(rng.integers(20, 360) if k < 120 else rng.integers(370, 725))
        due = AS_OF - dt.timedelta(days=days)
        share = late_now if k < 120 else late_before
        for _ in range(2):
            late = rng.random() < share
            rows.append((ids[k], due, "done", due + dt.timedelta(days=5 if late else -3)))
    rows += [(ids[240], AS_OF - dt.timedelta(days=100), "open", None)] * one_big
    items = pd.DataFrame(rows, columns=["postmortem_id", "due", "status", "completed"])
    items["due"] = pd.to_datetime(items["due"])
    items["completed"] = pd.to_datetime(items["completed"])
    found = claims_of_change(incidents, items, as_of=AS_OF)
    return next(
        c for c in found if (c.window, c.subject) == ("last-12-months", "action-items-overdue")
    )


def test_one_incident_with_many_open_items_is_not_a_trend() -> None:
    """Late follow-ups steady at 30 %, but one recent incident leaves 60 items open.

    The share of items late rose (that is shown), yet one incident's items are one
    decision: the test counts what the clustered items are worth, and says no
    detectable change, where counting each item alone said "worse".
    """
    for seed in range(5):
        claim = _follow_ups(seed, 0.3, 0.3, one_big=60)
        assert claim.current.n == 300 and claim.baseline.n == 240
        assert claim.current.value > claim.baseline.value  # the figure shown
        assert claim.verdict is Verdict.NO_CHANGE, seed


def test_follow_ups_late_more_often_everywhere_are_still_found() -> None:
    covered = 0
    for seed in range(5):
        claim = _follow_ups(seed, 0.2, 0.45, one_big=0)
        assert claim.verdict is Verdict.WORSE, seed
        assert claim.ci is not None
        covered += claim.ci[0] < 0.25 < claim.ci[1]
    assert covered >= 4


def test_a_duration_that_never_varies_has_no_interval() -> None:
    """Time to acknowledge always exactly 3 minutes: no change, and no zero-width interval."""
    corpus = planted_postmortems(seed=4, as_of=AS_OF, months=27, per_month=8)
    frame = incidents_frame(corpus).assign(tta=3.0)
    items = action_items_frame(corpus, AS_OF)
    for claim in claims_of_change(frame, items, as_of=AS_OF):
        if claim.subject == "tta":
            assert claim.constant and claim.ci is None and claim.change == 0
            assert claim.verdict is Verdict.NO_CHANGE
            assert claim.current.value == claim.baseline.value == 3.0
    # 5 minutes every time in the last 12 months, 3 before: exact, and a real change.
    recent = frame["started"] >= pd.Timestamp(months_before(AS_OF, 12), tz="UTC")
    frame.loc[recent, "tta"] = 5.0
    tta = next(
        c
        for c in claims_of_change(frame, items, as_of=AS_OF)
        if c.subject == "tta" and c.window == "last-12-months"
    )
    assert tta.constant and tta.ci is None and tta.change == pytest.approx(2 / 3)
    assert tta.verdict is Verdict.WORSE


def test_a_few_incidents_with_every_item_late_are_a_few_decisions() -> None:
    """Three recent incidents leave all their five items late; before, half were late.

    Every item late leaves no spread between incidents to measure the clustering
    from: the three incidents count as three items, not fifteen, and three of
    three against a half is what chance gives.
    """
    corpus = planted_postmortems(seed=2, as_of=AS_OF, months=24, per_month=4)
    incidents = incidents_frame(corpus)
    ids = list(incidents["id"])
    rows = []
    for k in range(3):
        due = AS_OF - dt.timedelta(days=30 + 20 * k)
        rows += [(ids[k], due, "open", None)] * 5
    for k in range(3, 15):
        due = AS_OF - dt.timedelta(days=400 + 20 * k)
        rows.append((ids[k], due, "done", due + dt.timedelta(days=5)))
        rows.append((ids[k], due, "done", due - dt.timedelta(days=3)))
    items = pd.DataFrame(rows, columns=["postmortem_id", "due", "status", "completed"])
    items["due"] = pd.to_datetime(items["due"])
    items["completed"] = pd.to_datetime(items["completed"])
    found = claims_of_change(incidents, items, as_of=AS_OF)
    claim = next(
        c for c in found if (c.window, c.subject) == ("last-12-months", "action-items-overdue")
    )
    assert (claim.current.n, claim.current.value) == (15, 1.0)  # the figure shown
    assert (claim.baseline.n, claim.baseline.value) == (24, 0.5)
    assert claim.verdict is Verdict.NO_CHANGE


def test_follow_ups_whose_statuses_are_mostly_unconfirmed_make_no_claim() -> None:
    """In the last 12 months, only the items closed on time have a confirmed status: the
    others are marked TODO (an importer's guess). Read from the confirmed ones, nothing
    was late, against two in three before: a "better" that only the unconfirmed statuses
    make. Fewer than half confirmed on a side withholds the claim, as a sparse field does."""
    corpus = planted_postmortems(seed=6, as_of=AS_OF, months=27, per_month=8)
    incidents, items = incidents_frame(corpus), action_items_frame(corpus, AS_OF)
    recent = items["due"] >= pd.Timestamp(months_before(AS_OF, 12))
    confirmed = recent & (items["status"] == "done") & (items.index % 3 == 0)
    items.loc[confirmed, "completed"] = items.loc[confirmed, "due"] - pd.Timedelta(days=1)
    items.loc[recent & ~confirmed & (items["status"] != "wont-do"), "status"] = None

    def follow_ups(table: pd.DataFrame) -> Change:
        return next(
            c
            for c in claims_of_change(incidents, table, as_of=AS_OF)
            if (c.window, c.subject) == ("last-12-months", "action-items-overdue")
        )

    claim = follow_ups(items)
    assert claim.verdict is Verdict.TOO_FEW
    assert claim.flag == "sparse" and claim.withheld_by is not None
    assert "confirmed" in (claim.reason or "")
    assert claim.current.value == 0.0  # the figure stays what it is
    # The same statuses all confirmed: a claim is made again.
    items.loc[recent & items["status"].isna(), "status"] = "open"
    assert follow_ups(items).withheld_by is None


def test_unconfirmed_severities_do_not_make_fewer_sev1_2_incidents() -> None:
    """Nothing changes, but in the last 12 months 45 % of severities are marked TODO (an
    importer's guess). Counting only the confirmed SEV1 and SEV2 read "better". A claim
    must hold whatever severity the unconfirmed incidents have: here it cannot."""
    import numpy as np

    seen_unknown = False
    for seed in range(4):
        corpus = planted_postmortems(seed=seed, as_of=AS_OF, months=27, per_month=15)
        frame = incidents_frame(corpus)
        recent = frame["started"] >= pd.Timestamp(months_before(AS_OF, 12), tz="UTC")
        guessed = recent & (np.random.default_rng(seed).random(len(frame)) < 0.45)
        frame.loc[guessed, "severity"] = None
        claim = next(
            c
            for c in claims_of_change(frame, as_of=AS_OF)
            if (c.window, c.subject) == ("last-12-months", "sev1-2")
        )
        assert claim.verdict is Verdict.NO_CHANGE, seed
        assert claim.ci is not None and claim.ci[0] < 0 < claim.ci[1], seed
        assert claim.unconfirmed == (int(guessed.sum()), 0)
        seen_unknown = True
    assert seen_unknown
    # Every severity confirmed and a real doubling of SEV1 and SEV2: still found.
    corpus = planted_postmortems(seed=9, as_of=AS_OF, months=27, per_month=15)
    frame = incidents_frame(corpus)
    recent = frame["started"] >= pd.Timestamp(months_before(AS_OF, 12), tz="UTC")
    extra = frame[recent & frame["severity"].isin(["SEV3", "SEV4"])].head(60)
    frame.loc[extra.index, "severity"] = "SEV2"
    claim = next(
        c
        for c in claims_of_change(frame, as_of=AS_OF)
        if (c.window, c.subject) == ("last-12-months", "sev1-2")
    )
    assert claim.verdict is Verdict.WORSE and claim.unconfirmed is None


def test_incidents_whose_factors_are_all_unconfirmed_make_no_factor_fall() -> None:
    """Nothing changes, but in the last 12 months 45 % of incidents cite only factors
    marked TODO (an importer's catch-all), which the tables leave out. Counted in the
    denominator, they made every factor's share fall and four "better" verdicts; an
    incident with no confirmed factor says nothing about which it cites."""
    import numpy as np

    corpus = planted_postmortems(seed=1, as_of=AS_OF, months=27, per_month=10)
    frame = incidents_frame(corpus)
    recent = frame["started"] >= pd.Timestamp(months_before(AS_OF, 12), tz="UTC")
    unknown = recent & (np.random.default_rng(1).random(len(frame)) < 0.45)
    frame["factors"] = [() if u else f for u, f in zip(unknown, frame["factors"])]
    found = claims_of_change(frame, as_of=AS_OF)
    factors = [c for c in found if c.factor is not None and c.window == "last-12-months"]
    assert factors and not [c for c in factors if c.verdict in CLAIMED]
    for c in factors:
        assert c.current.n == int((recent & ~unknown).sum())
    # The count of incidents still counts every one of them.
    incidents = next(c for c in found if (c.window, c.subject) == ("last-12-months", "incidents"))
    assert incidents.current.n == int(recent.sum())
