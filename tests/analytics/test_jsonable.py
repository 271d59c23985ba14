"""``records`` converts a table column by column; each value must be ``plain`` of that cell."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pmkb.analytics.jsonable import plain, records

# Seconds and microseconds either side of midnight and of the epoch, where a
# date-only value or a floored second would go wrong first.
_instants = st.datetimes(
    min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2199, 12, 31)
) | st.sampled_from(
    [
        dt.datetime(2025, 2, 9),
        dt.datetime(2025, 2, 9, 0, 0, 0, 1),
        dt.datetime(2025, 2, 8, 23, 59, 59, 999999),
        dt.datetime(1969, 12, 31, 23, 59, 59, 500000),
        dt.datetime(1970, 1, 1),
    ]
)
_maybe_instants = st.lists(st.none() | _instants, min_size=1, max_size=6)
_floats = st.lists(
    st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([-0.0, -0.00004, 0.00005, 2.83333333, 1e300]),
    min_size=1,
    max_size=6,
)


def _cell_by_cell(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The definition: ``plain`` of every cell, row by row."""
    return [
        {column: plain(frame[column].iloc[i]) for column in frame.columns}
        for i in range(len(frame))
    ]


@settings(max_examples=200, deadline=None)
@given(stamps=_maybe_instants, offset_minutes=st.integers(-14 * 60, 14 * 60))
@example(stamps=[dt.datetime(2025, 2, 9, 10, 5, 23), None], offset_minutes=330)
def test_utc_timestamps_match_plain(stamps: list[dt.datetime | None], offset_minutes: int) -> None:
    zone = dt.timezone(dt.timedelta(minutes=offset_minutes))
    aware = [None if s is None else s.replace(tzinfo=zone) for s in stamps]
    frame = pd.DataFrame({"at": pd.to_datetime(pd.Series(aware, dtype=object), utc=True)})
    assert records(frame) == _cell_by_cell(frame)


@settings(max_examples=200, deadline=None)
@given(stamps=_maybe_instants, unit=st.sampled_from(["s", "us", "ns"]))
@example(stamps=[dt.datetime(2025, 2, 9), dt.datetime(2025, 2, 9, 8)], unit="s")
def test_calendar_dates_and_naive_times_match_plain(
    stamps: list[dt.datetime | None], unit: str
) -> None:
    frame = pd.DataFrame({"due": pd.Series(stamps, dtype=f"datetime64[{unit}]")})
    assert records(frame) == _cell_by_cell(frame)


@settings(max_examples=200, deadline=None)
@given(numbers=_floats)
def test_floats_match_plain(numbers: list[float]) -> None:
    frame = pd.DataFrame({"share": np.array(numbers, dtype=np.float64)})
    assert records(frame) == _cell_by_cell(frame)
    assert all(type(v) in (float, type(None)) for row in records(frame) for v in row.values())


def test_every_other_column_matches_plain_and_keeps_python_types() -> None:
    frame = pd.DataFrame(
        {
            "id": ["PM-1", "PM-2", "PM-3"],
            "incidents": np.array([3, 0, 12], dtype=np.int64),
            "low_sample": [True, False, True],
            "users": pd.array([5, None, 7], dtype="Int64"),
            "lost": pd.array([True, None, False], dtype="boolean"),
            "ids": [("PM-1", "PM-2"), (), ("PM-3",)],
            "layer": ["technical", None, "process"],
        }
    )
    rows = records(frame)
    assert rows == _cell_by_cell(frame)
    assert [type(row["incidents"]) for row in rows] == [int, int, int]
    assert [type(row["low_sample"]) for row in rows] == [bool, bool, bool]
    assert rows[1]["users"] is None and rows[1]["lost"] is None
    assert rows[0]["ids"] == ["PM-1", "PM-2"]
