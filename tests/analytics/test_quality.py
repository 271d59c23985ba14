"""Data quality: each flag on a table made for it, with values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pmkb.analytics.frame import action_items_frame, incidents_frame
from pmkb.analytics.quality import FIELDS, data_quality
from pmkb.analytics.synthetic import planted_postmortems

AS_OF = dt.date(2025, 1, 1)


def table(n: int = 10, **columns: list[object]) -> pd.DataFrame:
    """``n`` incidents, every column recorded and varied unless given."""
    base: dict[str, list[object]] = {
        "id": [f"PM-2024-{i:03d}" for i in range(1, n + 1)],
        "ttd": [float(i + 1) for i in range(n)],
        "severity": [f"SEV{i % 4 + 1}" for i in range(n)],
        "detection": ["alert", "customer-report"] * (n // 2) + ["alert"] * (n % 2),
        "trigger": ["deploy", "config-change"] * (n // 2) + ["deploy"] * (n % 2),
        "factors": [("a", f"f{i % 3}") if i % 2 else (f"f{i % 3}",) for i in range(n)],
        "services": [(f"s{i % 2}",) for i in range(n)],
        "action_items": [1] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


def flags(frame: pd.DataFrame, **options: int) -> list[tuple[str, str]]:
    return [(f.field, f.flag) for f in data_quality(frame, **options).flags]


def test_a_healthy_table_raises_nothing() -> None:
    assert flags(table()) == []


def test_placeholder_from_one_duration_in_twenty_exactly_zero() -> None:
    # One zero of twenty: the placeholder threshold (5 %), reached exactly.
    frame = table(20, ttd=[0.0] + [float(i) for i in range(3, 22)])
    quality = data_quality(frame)
    assert quality.field("ttd").zero_share == 0.05
    flag = quality.flag("ttd", "placeholder")
    assert flag is not None and flag.share == 0.05
    assert flag.ids == ("PM-2024-001",)
    assert "exactly 0 for 5%" in flag.message
    # One of twenty-one is under it.
    assert flags(table(21, ttd=[0.0] + [float(i) for i in range(3, 23)])) == []


def test_a_duration_measured_from_a_copied_time_is_a_placeholder_too() -> None:
    # detected copied from started in three of ten: time to acknowledge runs from the start.
    frame = table(ttd=[0.0] * 3 + [4.0] * 7, tta=[30.0] * 3 + [5.0] * 7, ttm=[40.0] * 10)
    quality = data_quality(frame)
    tta = quality.flag("tta", "placeholder")
    assert tta is not None and tta.share == 0.3 and len(tta.ids) == 3
    assert tta.message.startswith("time to acknowledge is measured from timeline.detected")
    # Time to mitigate runs from started, which nothing copied.
    assert quality.flag("ttm") is None
    # Without the copies, nothing.
    assert flags(table(tta=[5.0] * 10)) == []


def test_sparse_when_recorded_for_under_half() -> None:
    frame = table(ttd=[None] * 6 + [1.0, 2.0, 3.0, 4.0])
    quality = data_quality(frame)
    assert quality.field("ttd").coverage == 0.4
    flag = quality.flag("ttd", "sparse")
    assert flag is not None and flag.share == 0.4 and len(flag.ids) == 6
    assert "recorded for 40% of the 10 incidents only" in flag.message
    # Half recorded is not under half.
    assert flags(table(ttd=[None] * 5 + [1.0] * 5)) == []


def test_constant_severity_from_ten_incidents_on() -> None:
    assert flags(table(severity=["SEV2"] * 10)) == [("severity", "constant")]
    assert flags(table(9, severity=["SEV2"] * 9)) == []
    assert data_quality(table(severity=["SEV2"] * 10)).flag("severity").value == "SEV2"
    # The threshold follows the caller's minimum sample.
    assert flags(table(9, severity=["SEV2"] * 9), min_incidents=5) == [("severity", "constant")]


def test_dominant_factor_cited_by_more_than_half() -> None:
    six = [("undetermined", f"f{i}") for i in range(6)] + [("f9",)] * 4
    quality = data_quality(table(factors=six))
    flag = quality.flag("factors", "dominant")
    assert flag is not None and (flag.value, flag.share) == ("undetermined", 0.6)
    assert quality.catch_all_factors == frozenset({"undetermined"})
    # Exactly half is not "most".
    assert flags(table(factors=[("undetermined",)] * 5 + [("f2",)] * 5)) == []


def test_one_factor_for_all_is_constant_not_dominant() -> None:
    quality = data_quality(table(factors=[("undetermined",)] * 10))
    assert [(f.field, f.flag) for f in quality.flags] == [("factors", "constant")]
    assert quality.catch_all_factors == frozenset({"undetermined"})


def test_absent_and_sparse_action_items() -> None:
    assert flags(table(action_items=[0] * 10)) == [("action_items", "absent")]
    assert flags(table(action_items=[0] * 6 + [2] * 4)) == [("action_items", "sparse")]


def test_empty_table_has_every_field_and_no_flag() -> None:
    quality = data_quality(table().iloc[:0])
    assert [f.field for f in quality.fields] == list(FIELDS)
    assert quality.flags == () and quality.field("ttd").coverage is None


def test_the_tables_of_a_loaded_corpus() -> None:
    corpus = planted_postmortems(
        seed=5, as_of=AS_OF, months=12, per_month=10, detected_at_start=0.8, severities={"SEV2": 1}
    )
    incidents = incidents_frame(corpus)
    quality = data_quality(incidents, action_items_frame(corpus, AS_OF))
    assert [f.field for f in quality.fields] == list(FIELDS)
    assert quality.field("timeline.resolved").coverage == 1.0
    assert quality.field("severity").distinct == 1
    assert ("ttd", "placeholder") in [(f.field, f.flag) for f in quality.flags]
    assert ("severity", "constant") in [(f.field, f.flag) for f in quality.flags]
    zeros = incidents.loc[incidents["ttd"] == 0, "id"].tolist()
    assert list(quality.flag("ttd", "placeholder").ids) == zeros
    assert quality.field("ttd").zero_share == pytest.approx(len(zeros) / len(incidents))
    as_json = quality.as_json()
    assert set(as_json) == {"fields", "flags"}
    assert as_json["flags"][0]["field"] == "ttd" and as_json["flags"][0]["incidents"] == len(zeros)
