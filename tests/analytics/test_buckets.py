"""Trend buckets: months while a month holds enough, then quarters, then years."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.analytics.buckets import buckets_between, trend_bucket


def test_buckets_widen_as_the_values_thin_out() -> None:
    first, last = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    assert trend_bucket(first, last, 120, 10) == "month"  # 10 a month, exactly enough
    assert trend_bucket(first, last, 119, 10) == "quarter"
    assert trend_bucket(first, last, 40, 10) == "quarter"
    assert trend_bucket(first, last, 39, 10) == "year"


def test_a_thirty_year_sparse_archive_is_drawn_by_year() -> None:
    first, last = dt.date(1995, 3, 1), dt.date(2024, 11, 30)
    assert buckets_between(first, last, "month") == 357
    assert trend_bucket(first, last, 90, 10) == "year"
    assert buckets_between(first, last, "year") == 30


def test_an_unknown_bucket_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown bucket 'week'"):
        buckets_between(dt.date(2024, 1, 1), dt.date(2024, 2, 1), "week")
