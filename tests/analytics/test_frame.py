from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from pmkb.analytics.frame import (
    ACTION_ITEM_COLUMNS,
    INCIDENT_COLUMNS,
    action_items_frame,
    incidents_frame,
    visible_to,
)

from .builders import item, load, pm, write_postmortem


def test_empty_input_gives_empty_tables_with_every_column():
    incidents = incidents_frame([])
    items = action_items_frame([], dt.date(2025, 1, 1))
    assert list(incidents.columns) == list(INCIDENT_COLUMNS)
    assert list(items.columns) == list(ACTION_ITEM_COLUMNS)
    assert len(incidents) == 0 and len(items) == 0
    assert str(incidents["started"].dtype) == "datetime64[us, UTC]"
    assert incidents["ttd"].dtype == "float64"


def test_one_incident_durations_in_minutes():
    record = pm(
        "PM-2025-001",
        "2025-02-09T10:05:00Z",
        detected="2025-02-09T10:06:30Z",
        acknowledged="2025-02-09T10:12:00Z",
        mitigated="2025-02-09T10:35:00Z",
        resolved="2025-02-09T11:40:00Z",
    )
    row = incidents_frame([record]).iloc[0]
    assert row["ttd"] == 1.5  # 90 s
    assert row["tta"] == 5.5  # 10:06:30 -> 10:12:00
    assert row["ttm"] == 30.0
    assert row["ttr"] == 95.0
    assert (row["month"], row["quarter"], row["year"]) == ("2025-02", "2025Q1", 2025)


def test_missing_timestamps_stay_missing_and_a_real_zero_stays_zero():
    record = pm("PM-2025-001", "2025-02-09T10:00:00Z")  # detected == started, nothing else
    row = incidents_frame([record]).iloc[0]
    assert row["ttd"] == 0.0
    assert math.isnan(row["tta"]) and math.isnan(row["ttm"]) and math.isnan(row["ttr"])
    assert pd.isna(row["acknowledged"]) and pd.isna(row["resolved"])


def test_mixed_time_zones_give_utc_durations_and_periods():
    # 02:00 at +05:30 is 20:30 UTC the day before, in the previous quarter.
    record = pm(
        "PM-2025-001",
        "2025-04-01T02:00:00+05:30",
        detected="2025-03-31T20:45:00Z",
        acknowledged="2025-03-31T14:00:00-07:00",  # 21:00 UTC
        resolved="2025-04-01T00:30:00+02:00",  # 22:30 UTC
    )
    row = incidents_frame([record]).iloc[0]
    assert row["started"] == pd.Timestamp("2025-03-31T20:30:00Z")
    assert row["ttd"] == 15.0
    assert row["tta"] == 15.0
    assert row["ttr"] == 120.0
    assert (row["month"], row["quarter"]) == ("2025-03", "2025Q1")


def test_every_status_by_default_and_statuses_can_be_chosen():
    records = [
        pm("PM-2025-001", "2025-01-01T00:00:00Z"),
        pm("PM-2025-002", "2025-01-02T00:00:00Z", status="draft"),
        pm("PM-2025-003", "2025-01-03T00:00:00Z", status="in-review"),
    ]
    # Every incident counts, whatever its report's status.
    assert list(incidents_frame(records)["id"]) == list(
        incidents_frame(records, include_statuses=None)["id"]
    )
    assert list(incidents_frame(records, include_statuses=["published"])["id"]) == ["PM-2025-001"]
    assert list(incidents_frame(records, include_statuses=None)["id"]) == [
        "PM-2025-001",
        "PM-2025-002",
        "PM-2025-003",
    ]
    assert list(incidents_frame(records, include_statuses=["published", "in-review"])["id"]) == [
        "PM-2025-001",
        "PM-2025-003",
    ]
    with pytest.raises(ValueError, match="unknown status 'final'"):
        incidents_frame(records, include_statuses=["final"])


def test_rows_sorted_by_utc_start_then_id():
    records = [
        pm("PM-2025-003", "2025-01-01T10:00:00+02:00"),  # 08:00 UTC
        pm("PM-2025-002", "2025-01-01T09:00:00Z"),
        pm("PM-2025-001", "2025-01-01T09:00:00Z"),
    ]
    assert list(incidents_frame(records)["id"]) == ["PM-2025-003", "PM-2025-001", "PM-2025-002"]


def test_related_keeps_only_links_among_the_rows():
    records = [
        pm("PM-2025-001", "2025-01-01T00:00:00Z"),
        pm(
            "PM-2025-002",
            "2025-01-02T00:00:00Z",
            related=["PM-2025-001", "PM-2025-003", "PM-2025-009"],
        ),
        pm("PM-2025-003", "2025-01-03T00:00:00Z", status="draft"),
    ]
    frame = incidents_frame(records, include_statuses=["published"])
    assert frame.set_index("id").loc["PM-2025-002", "related"] == ("PM-2025-001",)
    every = incidents_frame(records)
    assert every.set_index("id").loc["PM-2025-002", "related"] == ("PM-2025-001", "PM-2025-003")


def test_list_columns_are_tuples_and_counts_of_items():
    record = pm(
        "PM-2025-001",
        "2025-01-01T00:00:00Z",
        services=["api", "orders-db"],
        factors=["monitoring-gap", "runbook-gap"],
        teams=["payments"],
        items=[
            item("AI-001", status="done", completed="2025-01-05"),
            item("AI-002", status="in-progress"),
            item("AI-003", status="open"),
            item("AI-004", status="wont-do"),
        ],
    )
    row = incidents_frame([record]).iloc[0]
    assert row["services"] == ("api", "orders-db")
    assert row["factors"] == ("monitoring-gap", "runbook-gap")
    assert row["teams"] == ("payments",)
    assert (
        row["action_items"],
        row["action_items_done"],
        row["action_items_open"],
        row["action_items_wont_do"],
    ) == (4, 1, 2, 1)


def test_action_items_overdue_as_of_a_date():
    record = pm(
        "PM-2025-007",
        "2025-01-10T23:30:00-05:00",  # 2025-01-11 04:30 UTC
        items=[
            item("AI-001", status="open", due="2025-02-28"),  # due before as-of: overdue
            item("AI-002", status="in-progress", due="2025-03-01"),  # due on as-of: not yet
            item("AI-003", status="done", due="2025-01-15", completed="2025-01-21"),
            item("AI-004", status="wont-do", due="2025-01-15"),
            item("AI-005", status="open", due="2025-03-02"),
        ],
    )
    items = action_items_frame([record], dt.date(2025, 3, 1))
    assert list(items["key"]) == [f"PM-2025-007/AI-00{i}" for i in range(1, 6)]
    assert list(items["overdue"]) == [True, False, False, False, False]
    assert items["days_overdue"].iloc[0] == 1.0
    assert items["days_overdue"].iloc[1:].isna().all()
    # Closed ten days after the incident's UTC start date (11 January).
    assert items["days_to_close"].iloc[2] == 10.0
    assert items["days_to_close"].drop(index=2).isna().all()
    assert items["incident_quarter"].iloc[0] == "2025Q1"
    assert items["due"].iloc[0] == pd.Timestamp("2025-02-28")


def test_action_items_follow_statuses_like_incidents():
    records = [
        pm("PM-2025-001", "2025-01-01T00:00:00Z", items=[item()]),
        pm("PM-2025-002", "2025-01-02T00:00:00Z", status="draft", items=[item()]),
    ]
    only_published = action_items_frame(
        records, dt.date(2025, 1, 1), include_statuses=["published"]
    )
    assert list(only_published["postmortem_id"]) == ["PM-2025-001"]
    every = action_items_frame(records, dt.date(2025, 1, 1))
    assert list(every["report_status"]) == ["published", "draft"]


def test_as_of_must_be_a_date():
    with pytest.raises(TypeError, match="as_of"):
        action_items_frame([], "2025-01-01")  # type: ignore[arg-type]


def test_visible_to_keeps_what_an_audience_may_read():
    records = [
        pm("PM-2025-001", "2025-01-01T00:00:00Z", visibility="public"),
        pm("PM-2025-002", "2025-01-02T00:00:00Z", visibility="internal"),
        pm("PM-2025-003", "2025-01-03T00:00:00Z", visibility="restricted"),
    ]
    assert [r.id for r in visible_to(records, "public")] == ["PM-2025-001"]
    assert [r.id for r in visible_to(records, "internal")] == ["PM-2025-001", "PM-2025-002"]
    assert len(visible_to(records, "restricted")) == 3
    with pytest.raises(ValueError, match="unknown audience 'everyone'"):
        visible_to(records, "everyone")


def test_rejects_an_id_given_twice():
    records = [pm("PM-2025-001", "2025-01-01T00:00:00Z"), pm("PM-2025-001", "2025-01-02T00:00:00Z")]
    with pytest.raises(ValueError, match="more than once: PM-2025-001"):
        incidents_frame(records)


def test_rejects_what_is_not_a_record():
    with pytest.raises(TypeError, match=r"Record or a pmkb\.model\.PostMortem"):
        incidents_frame([{"id": "PM-2025-001"}])  # type: ignore[list-item]


def test_loaded_files_with_offsets_give_the_same_table(corpus_dir):
    write_postmortem(
        corpus_dir,
        "2025/2025-03-31-checkout-errors.md",
        """
        id: PM-2025-001
        title: Checkout errors after a pool change
        status: published
        severity: SEV2
        services: [checkout]
        authors: [sre-oncall]
        timeline:
          started: 2025-04-01T02:00:00+05:30
          detected: 2025-03-31T20:45:00Z
          resolved: 2025-03-31T22:30:00Z
        published: 2025-04-02
        detection: alert
        root_cause: A pool limit was lowered without a load test.
        contributing_factors: [monitoring-gap, testing-gap]
        action_items:
          - id: AI-001
            action: Add a pool saturation alert
            owner: sre
            due: 2025-04-10
            priority: High
            category: detect
            status: done
            completed: 2025-04-08
            addresses: [monitoring-gap]
        """,
    )
    corpus = load(corpus_dir)
    incidents = incidents_frame(corpus.records)
    row = incidents.iloc[0]
    assert row["rel_path"] == "2025/2025-03-31-checkout-errors.md"
    assert (row["ttd"], row["ttr"], row["quarter"]) == (15.0, 120.0, "2025Q1")
    items = action_items_frame(corpus.records, dt.date(2025, 5, 1))
    assert items.iloc[0]["priority"] == "P1"  # High is read as P1
    assert items.iloc[0]["days_to_close"] == 8.0  # 31 March (UTC) -> 8 April
    assert items.iloc[0]["addresses"] == ("monitoring-gap",)


def test_the_rows_of_some_statuses_filtered_from_every_status_are_the_table_of_those() -> None:
    from pmkb.analytics.frame import with_statuses
    from pmkb.analytics.synthetic import random_postmortems

    postmortems = random_postmortems(300, seed=4)
    every = incidents_frame(postmortems, include_statuses=None)
    assert set(every["status"]) == {"draft", "in-review", "published"}
    for statuses in (["published"], ["draft", "in-review"], None):
        filtered = with_statuses(every, statuses)
        direct = incidents_frame(postmortems, include_statuses=statuses)
        assert filtered.equals(direct), statuses
        assert list(filtered.dtypes) == list(direct.dtypes)
    # Links to a report left out vanish, as when the table is built directly.
    published = with_statuses(every, ["published"])
    ids = set(published["id"])
    assert all(set(links) <= ids for links in published["related"])
    assert sum(map(len, published["related"])) < sum(map(len, every["related"]))
