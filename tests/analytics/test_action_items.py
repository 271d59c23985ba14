from __future__ import annotations

import datetime as dt
import math

import pytest
from pmkb.analytics.action_items import action_item_summary, oldest_overdue
from pmkb.analytics.frame import action_items_frame

from .builders import item, pm

AS_OF = dt.date(2025, 3, 1)


@pytest.fixture
def items():
    records = [
        pm(
            "PM-2025-001",
            "2025-01-01T10:00:00Z",
            items=[
                item(
                    "AI-001",
                    status="done",
                    completed="2025-01-05",
                    priority="P1",
                    category="detect",
                    owner="sre",
                ),
                item(
                    "AI-002",
                    status="done",
                    completed="2025-01-11",
                    priority="P1",
                    category="prevent",
                    owner="sre",
                ),
                item(
                    "AI-003",
                    status="open",
                    due="2025-02-01",
                    priority="P2",
                    category="prevent",
                    owner="platform",
                ),
            ],
        ),
        pm(
            "PM-2025-002",
            "2025-04-02T10:00:00Z",
            items=[
                item(
                    "AI-001", status="wont-do", priority="P3", category="repair", owner="platform"
                ),
                item(
                    "AI-002",
                    status="in-progress",
                    due="2025-01-15",
                    priority="P1",
                    category="repair",
                    owner="platform",
                ),
                item(
                    "AI-003",
                    status="done",
                    completed="2025-04-12",
                    priority="P2",
                    category="detect",
                    owner="sre",
                ),
            ],
        ),
    ]
    return action_items_frame(records, AS_OF)


def test_overall_counts_rate_and_median_days(items):
    r = action_item_summary(items).iloc[0]
    assert (r["total"], r["done"], r["open"], r["in_progress"], r["wont_do"], r["overdue"]) == (
        6,
        3,
        1,
        1,
        1,
        2,
    )
    assert r["completion_rate"] == pytest.approx(3 / 5)  # won't do is out of the denominator
    # Days to close: 4, 10 and 10 days after the incidents' start dates.
    assert r["median_days_to_close"] == 10.0


def test_by_priority(items):
    table = action_item_summary(items, "priority").set_index("priority")
    assert list(table.index) == ["P1", "P2", "P3"]
    assert table.loc["P1", "completion_rate"] == pytest.approx(2 / 3)
    assert table.loc["P1", "overdue"] == 1
    assert table.loc["P1", "median_days_to_close"] == 7.0  # 4 and 10
    # Only a won't-do item: no rate at all, rather than 0 %.
    assert math.isnan(table.loc["P3", "completion_rate"])
    assert math.isnan(table.loc["P3", "median_days_to_close"])


def test_by_category_owner_and_quarter(items):
    by_category = action_item_summary(items, "category").set_index("category")
    assert by_category.loc["detect", "completion_rate"] == 1.0
    assert by_category.loc["repair", "total"] == 2
    by_owner = action_item_summary(items, "owner").set_index("owner")
    assert (by_owner.loc["platform", "total"], by_owner.loc["platform", "overdue"]) == (3, 2)
    by_quarter = action_item_summary(items, "incident_quarter").set_index("incident_quarter")
    assert by_quarter.loc["2025Q1", "completion_rate"] == pytest.approx(2 / 3)
    assert by_quarter.loc["2025Q2", "completion_rate"] == pytest.approx(1 / 2)


def test_oldest_overdue_first_ties_by_key(items):
    table = oldest_overdue(items)
    assert list(table["key"]) == ["PM-2025-002/AI-002", "PM-2025-001/AI-003"]
    assert list(table["days_overdue"]) == [45.0, 28.0]
    assert list(oldest_overdue(items, n=1)["key"]) == ["PM-2025-002/AI-002"]


def test_empty_and_one_item():
    empty = action_items_frame([], AS_OF)
    r = action_item_summary(empty).iloc[0]
    assert r["total"] == 0 and math.isnan(r["completion_rate"])
    assert action_item_summary(empty, "priority").empty
    assert oldest_overdue(empty).empty
    one = action_items_frame(
        [pm("PM-2025-001", "2025-01-01T00:00:00Z", items=[item(status="open", due="2025-02-28")])],
        AS_OF,
    )
    r = action_item_summary(one).iloc[0]
    assert (r["total"], r["overdue"], r["completion_rate"]) == (1, 1, 0.0)


def test_unknown_key_is_named(items):
    with pytest.raises(KeyError, match="team"):
        action_item_summary(items, "team")


def test_no_rate_when_most_statuses_are_unconfirmed():
    """Items whose status nobody confirmed are most often the ones nobody closed (an
    importer writes ``open # TODO`` where its source said nothing): a rate read from
    the few confirmed ones would say "100% done" of an archive that is mostly unknown."""
    import pandas as pd

    def summary(statuses):
        frame = pd.DataFrame(
            {
                "status": statuses,
                "overdue": [False] * len(statuses),
                "days_to_close": [5.0 if s == "done" else None for s in statuses],
            }
        )
        return action_item_summary(frame).iloc[0]

    mostly_unknown = summary(["done", "done"] + [None] * 8)
    assert (mostly_unknown["done"], mostly_unknown["status_unknown"]) == (2, 8)
    assert math.isnan(mostly_unknown["completion_rate"])
    # Won't-do items count for neither side: 4 done of the 8 that count, 4 unknown.
    half_known = summary(["wont-do"] * 2 + ["done"] * 4 + [None] * 4)
    assert half_known["completion_rate"] == 1.0
    mostly_known = summary(["done"] * 3 + ["open"] * 3 + [None] * 4)
    assert mostly_known["completion_rate"] == 0.5
