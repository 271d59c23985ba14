from __future__ import annotations

import datetime as dt
import json

import pytest
from pmkb.analytics.exports import metrics_json
from pmkb.analytics.frame import action_items_frame, incidents_frame
from pmkb.analytics.metrics import SCHEMA_VERSION, build_metrics

from .builders import LAYERS, item, pm

AS_OF = dt.date(2025, 6, 1)


def metrics_of(records):
    incidents = incidents_frame(records)
    items = action_items_frame(records, AS_OF)
    # Through the JSON text, as a reader of metrics.json sees it.
    return json.loads(metrics_json(build_metrics(incidents, items, as_of=AS_OF, taxonomy=LAYERS)))


def test_empty_corpus():
    m = metrics_of([])
    assert m["schema_version"] == SCHEMA_VERSION and m["as_of"] == "2025-06-01"
    assert m["incidents"]["total"] == 0
    assert m["incidents"]["by_severity"] == [
        {"severity": f"SEV{i}", "incidents": 0} for i in range(1, 5)
    ]
    assert m["incidents"]["by_month"] == []
    assert [(r["metric"], r["count"], r["median"]) for r in m["response_times"]["overall"]] == [
        ("ttd", 0, None),
        ("tta", 0, None),
        ("ttm", 0, None),
        ("ttr", 0, None),
    ]
    assert m["factors"]["frequency"] == []
    assert m["incidents"]["by_status"] == [
        {"status": s, "incidents": 0} for s in ("published", "in-review", "draft")
    ]
    assert m["data_quality"]["flags"] == [] and m["changes"] == []
    assert m["recurrence"]["fixes_that_did_not_hold"]["total"] == 0
    assert m["action_items"]["overall"]["total"] == 0
    assert m["action_items"]["overall"]["completion_rate"] is None


def test_small_corpus_by_hand():
    records = [
        pm(
            "PM-2025-001",
            "2025-01-10T10:00:00Z",
            detected="2025-01-10T10:20:00Z",
            severity="SEV1",
            services=["api"],
            factors=["monitoring-gap"],
            trigger="deploy",
            items=[
                item("AI-001", status="done", completed="2025-01-20", addresses=["monitoring-gap"])
            ],
        ),
        pm(
            "PM-2025-002",
            "2025-03-05T10:00:00+01:00",
            detected="2025-03-05T09:10:00Z",
            severity="SEV2",
            services=["api", "db"],
            factors=["monitoring-gap", "runbook-gap"],
            items=[item("AI-001", status="open", due="2025-04-01", priority="P1")],
        ),
        pm("PM-2025-003", "2025-03-06T00:00:00Z", status="draft", severity="SEV1"),
    ]
    every = metrics_of(records)
    # The draft counts: an incident counts whatever its report's status.
    assert every["incidents"]["total"] == 3
    assert every["incidents"]["by_status"] == [
        {"status": "published", "incidents": 2},
        {"status": "in-review", "incidents": 0},
        {"status": "draft", "incidents": 1},
    ]
    m = metrics_of(records[:2])
    assert m["incidents"]["total"] == 2
    assert m["incidents"]["by_severity"][:2] == [
        {"severity": "SEV1", "incidents": 1},
        {"severity": "SEV2", "incidents": 1},
    ]
    assert m["incidents"]["by_month"] == [
        {"month": "2025-01", "incidents": 1},
        {"month": "2025-02", "incidents": 0},
        {"month": "2025-03", "incidents": 1},
    ]
    assert m["incidents"]["by_service"] == [
        {"service": "api", "incidents": 2},
        {"service": "db", "incidents": 1},
    ]
    assert m["incidents"]["by_trigger"] == [
        {"trigger": "deploy", "incidents": 1},
        {"trigger": None, "incidents": 1},
    ]
    ttd = m["response_times"]["overall"][0]
    assert (ttd["metric"], ttd["count"], ttd["median"], ttd["mean"], ttd["low_sample"]) == (
        "ttd",
        2,
        15.0,
        15.0,
        True,
    )
    assert ttd["p90"] == pytest.approx(19.0)  # 10 + 0.9 * (20 - 10)
    by_month = [
        (r["month"], r["count"]) for r in m["response_times"]["by_month"] if r["metric"] == "ttd"
    ]
    assert by_month == [("2025-01", 1), ("2025-02", 0), ("2025-03", 1)]
    assert m["factors"]["frequency"][0] == {
        "factor": "monitoring-gap",
        "layer": "technical",
        "incidents": 2,
        "share": 1.0,
    }
    # Two incidents support no claim of change, whatever they show.
    assert {c["verdict"] for c in m["changes"]} == {"too few to tell"}
    fixes = m["recurrence"]["fixes_that_did_not_hold"]
    assert fixes["total"] == 1
    assert fixes["latest"][0] == {
        "service": "api",
        "factor": "monitoring-gap",
        "earlier_id": "PM-2025-001",
        "later_id": "PM-2025-002",
        "earlier_started": "2025-01-10T10:00:00Z",
        "fix_completed": "2025-01-20",
        "later_started": "2025-03-05T09:00:00Z",
        "days_after_fix": 44,
        "targeted": True,
        "linked": False,
    }
    assert (fixes["linked"], fixes["targeted"]) == (0, 1)
    assert fixes["by_service_factor"] == [
        {
            "service": "api",
            "factor": "monitoring-gap",
            "recurrences": 1,
            "earlier_ids": 1,
            "later_ids": 1,
            "last_recurrence": "2025-03-05T09:00:00Z",
            # Two incidents are too few to tell a fix that did not hold from chance.
            "expected": 2.0,
            "p_adjusted": None,
            "above_chance": False,
        }
    ]
    overall = m["action_items"]["overall"]
    assert (overall["total"], overall["done"], overall["overdue"], overall["completion_rate"]) == (
        2,
        1,
        1,
        0.5,
    )
    assert overall["median_days_to_close"] == 10.0
    assert m["action_items"]["oldest_overdue"][0]["key"] == "PM-2025-002/AI-001"
    assert m["recurrence"]["factors"][0]["ids"] == ["PM-2025-001", "PM-2025-002"]
