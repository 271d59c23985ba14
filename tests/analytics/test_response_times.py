from __future__ import annotations

import math

import pandas as pd
import pytest
from pmkb.analytics.frame import incidents_frame
from pmkb.analytics.response_times import median_ci, median_ci_rank, response_time_summary

from .builders import pm


def frame(**columns):
    return pd.DataFrame(columns)


def row(summary: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=summary.index)
    for key, value in where.items():
        mask &= summary[key] == value
    found = summary[mask]
    assert len(found) == 1, found
    return found.iloc[0]


def test_count_median_p90_mean_by_hand():
    table = frame(ttd=[1.0, 2, 3, 4, 5, 6, 100])
    r = row(response_time_summary(table, metrics=["ttd"]), metric="ttd")
    assert r["count"] == 7 and r["missing"] == 0 and r["incidents"] == 7
    assert r["median"] == 4.0
    # p90: position 6 * 0.9 = 5.4 between 6 and 100: 6 + 0.4 * 94.
    assert r["p90"] == pytest.approx(43.6)
    assert r["mean"] == pytest.approx(121 / 7)
    # Seven values: P(Binom(7, .5) <= 0) = 1/128 <= 2.5 % < P(<= 1) = 8/128, so k = 1.
    assert (r["median_ci_low"], r["median_ci_high"]) == (1.0, 100.0)
    assert not r["low_sample"]


def test_missing_values_are_missing_not_zero():
    table = frame(tta=[2.0, None, 4.0, None, None])
    r = row(response_time_summary(table, metrics=["tta"]), metric="tta")
    assert (r["incidents"], r["count"], r["missing"]) == (5, 2, 3)
    assert r["median"] == 3.0  # a zero for each missing value would give 0
    assert r["mean"] == 3.0


def test_ties_give_a_flat_summary():
    table = frame(ttd=[5.0] * 6)
    r = row(response_time_summary(table, metrics=["ttd"]), metric="ttd")
    assert (r["median"], r["p90"], r["mean"]) == (5.0, 5.0, 5.0)
    assert (r["median_ci_low"], r["median_ci_high"]) == (5.0, 5.0)


def test_low_sample_flag_below_six_values():
    table = frame(severity=["SEV1"] * 5 + ["SEV2"] * 6, ttd=[float(i) for i in range(11)])
    summary = response_time_summary(table, "severity", metrics=["ttd"])
    sev1, sev2 = row(summary, severity="SEV1"), row(summary, severity="SEV2")
    assert sev1["low_sample"] and math.isnan(sev1["median_ci_low"])
    assert not sev2["low_sample"]
    assert (sev2["median_ci_low"], sev2["median_ci_high"]) == (5.0, 10.0)
    custom = response_time_summary(table, "severity", metrics=["ttd"], low_sample_below=3)
    assert not row(custom, severity="SEV1")["low_sample"]


def test_two_values_per_group():
    table = frame(severity=["SEV1", "SEV1"], ttd=[10.0, 30.0])
    r = row(response_time_summary(table, "severity", metrics=["ttd"]), severity="SEV1")
    assert (r["median"], r["mean"]) == (20.0, 20.0)
    assert r["p90"] == pytest.approx(28.0)  # 10 + 0.9 * 20
    assert r["low_sample"]


def test_one_incident():
    table = frame(ttd=[7.0], tta=[None], ttm=[12.0], ttr=[60.0])
    summary = response_time_summary(table)
    assert list(summary["metric"]) == ["ttd", "tta", "ttm", "ttr"]
    ttd = row(summary, metric="ttd")
    assert (ttd["count"], ttd["median"], ttd["p90"], ttd["mean"]) == (1, 7.0, 7.0, 7.0)
    tta = row(summary, metric="tta")
    assert tta["count"] == 0 and tta["missing"] == 1 and math.isnan(tta["median"])
    assert summary["low_sample"].all()


def test_empty_input_gives_one_empty_row_per_metric():
    summary = response_time_summary(frame(ttd=[], tta=[], ttm=[], ttr=[]))
    assert list(summary["metric"]) == ["ttd", "tta", "ttm", "ttr"]
    assert (summary["count"] == 0).all() and summary["median"].isna().all()
    assert response_time_summary(frame(month=[], ttd=[]), "month", metrics=["ttd"]).empty


def test_an_incident_counts_under_each_of_its_services():
    table = frame(services=[("api", "db"), ("api",)], ttd=[10.0, 20.0])
    summary = response_time_summary(table, "service", metrics=["ttd"])
    assert list(summary["service"]) == ["api", "db"]
    assert row(summary, service="api")["median"] == 15.0
    assert row(summary, service="db")["count"] == 1


def test_months_without_incidents_appear_with_count_zero():
    table = frame(month=["2025-01", "2025-03", "2025-03"], ttd=[1.0, 2.0, 4.0])
    summary = response_time_summary(table, "month", metrics=["ttd"])
    assert list(summary["month"]) == ["2025-01", "2025-02", "2025-03"]
    assert list(summary["count"]) == [1, 0, 2]
    assert row(summary, month="2025-03")["median"] == 3.0
    unfilled = response_time_summary(table, "month", metrics=["ttd"], fill_periods=False)
    assert list(unfilled["month"]) == ["2025-01", "2025-03"]


def test_quarter_and_severity_fill_every_combination():
    table = frame(quarter=["2025Q1", "2025Q3"], severity=["SEV1", "SEV2"], ttd=[1.0, 2.0])
    summary = response_time_summary(table, ["quarter", "severity"], metrics=["ttd"])
    assert list(zip(summary["quarter"], summary["severity"], summary["count"])) == [
        ("2025Q1", "SEV1", 1),
        ("2025Q1", "SEV2", 0),
        ("2025Q2", "SEV1", 0),
        ("2025Q2", "SEV2", 0),
        ("2025Q3", "SEV1", 0),
        ("2025Q3", "SEV2", 1),
    ]


def test_from_records_with_mixed_time_zones():
    records = [
        pm("PM-2025-001", "2025-04-01T02:00:00+05:30", detected="2025-03-31T20:45:00Z"),
        pm("PM-2025-002", "2025-04-01T10:00:00Z", detected="2025-04-01T12:30:00+02:00"),
    ]
    summary = response_time_summary(incidents_frame(records), "quarter", metrics=["ttd"])
    assert list(zip(summary["quarter"], summary["median"])) == [("2025Q1", 15.0), ("2025Q2", 30.0)]


def test_bad_arguments_are_named():
    table = frame(ttd=[1.0])
    with pytest.raises(ValueError, match="unknown metric"):
        response_time_summary(table, metrics=["mttr"])
    with pytest.raises(KeyError, match="no such column"):
        response_time_summary(table, "region", metrics=["ttd"])


@pytest.mark.parametrize(
    ("n", "k"),
    # Ranks of the classic tables of distribution-free 95 % intervals for the median.
    [(1, 0), (5, 0), (6, 1), (8, 1), (9, 2), (10, 2), (11, 2), (12, 3), (20, 6), (30, 10)],
)
def test_median_interval_ranks_match_the_tables(n, k):
    assert median_ci_rank(n) == k


def test_median_ci_ignores_missing_values():
    assert median_ci([float("nan"), 6, 1, 5, 2, 4, 3]) == (1.0, 6.0)
    low, high = median_ci([1, 2, 3])
    assert math.isnan(low) and math.isnan(high)
