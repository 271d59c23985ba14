from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace

import pandas as pd
import pytest
from pmkb.analytics.exports import (
    ACTION_ITEM_CSV_COLUMNS,
    INCIDENT_CSV_COLUMNS,
    action_items_csv,
    export_files,
    graph_json,
    incidents_csv,
    metrics_json,
    neutralise,
    write_exports,
)
from pmkb.analytics.frame import action_items_frame, incidents_frame
from pmkb.analytics.metrics import build_metrics
from pmkb.analytics.related import Cluster, related_graph

from .builders import item, pm

AS_OF = dt.date(2025, 3, 1)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def records():
    return [
        pm(
            "PM-2025-001",
            "2025-02-09T15:35:00+05:30",
            detected="2025-02-09T10:06:30Z",
            resolved="2025-02-09T11:40:00Z",
            title='=HYPERLINK("http://evil.example","click")',
            services=["api", "orders-db"],
            factors=["monitoring-gap", "runbook-gap"],
            trigger="deploy",
            items=[
                item(
                    "AI-001",
                    status="done",
                    completed="2025-02-15",
                    action="+1 replica for the pool",
                    addresses=["monitoring-gap"],
                ),
                item(
                    "AI-002", status="open", due="2025-02-20", action="@owner to write the runbook"
                ),
            ],
        ),
        pm(
            "PM-2025-002",
            "2025-02-10T08:00:00Z",
            related=["PM-2025-001"],
            title="-5% checkout conversions",
        ),
    ]


def test_incidents_csv_columns_and_formats(records):
    text = incidents_csv(incidents_frame(records))
    header = text.splitlines()[0].split(",")
    assert header == [name for name, _, _ in INCIDENT_CSV_COLUMNS]
    first, second = rows(text)
    assert first["started"] == "2025-02-09T10:05:00Z"
    assert first["ttd_minutes"] == "1.5"
    assert first["ttr_minutes"] == "95"
    assert first["tta_minutes"] == "" and first["acknowledged"] == ""  # missing, not 0
    assert first["published"] == "2030-01-01"
    assert first["services"] == "api;orders-db"
    assert first["factors"] == "monitoring-gap;runbook-gap"
    assert first["users_affected"] == "" and first["data_loss"] == ""
    assert first["action_items"] == "2" and first["action_items_done"] == "1"
    assert second["related"] == "PM-2025-001"
    assert text.endswith("\n") and "\r" not in text


def test_formula_injection_is_neutralised_in_text_cells(records):
    incidents = rows(incidents_csv(incidents_frame(records)))
    assert incidents[0]["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert incidents[1]["title"] == "'-5% checkout conversions"
    items = rows(action_items_csv(action_items_frame(records, AS_OF)))
    assert [i["action"] for i in items] == [
        "'+1 replica for the pool",
        "'@owner to write the runbook",
    ]
    assert [neutralise(v) for v in ("\tx", "\rx", "fine", "")] == ["'\tx", "'\rx", "fine", ""]


def test_numbers_are_never_neutralised():
    frame = incidents_frame([pm("PM-2025-001", "2025-01-01T00:00:00Z")])
    frame["ttd"] = -1.5  # not a valid duration, but a number must stay a number
    assert rows(incidents_csv(frame))[0]["ttd_minutes"] == "-1.5"


def test_times_are_written_as_the_utc_second_they_fall_in():
    frame = incidents_frame([pm(f"PM-2025-00{n}", "2025-01-01T00:00:00Z") for n in range(1, 5)])
    frame["acknowledged"] = pd.to_datetime(
        [
            "2025-03-30T01:59:59.999999+01:00",
            "1969-12-31T23:59:59.5Z",  # before 1970 a fraction still counts down
            None,
            "2024-12-31T23:45:00-00:30",
        ],
        utc=True,
        format="ISO8601",
    )
    assert [row["acknowledged"] for row in rows(incidents_csv(frame))] == [
        "2025-03-30T00:59:59Z",
        "1969-12-31T23:59:59Z",
        "",
        "2025-01-01T00:15:00Z",
    ]


def test_action_items_csv(records):
    text = action_items_csv(action_items_frame(records, AS_OF))
    assert text.splitlines()[0].split(",") == [name for name, _, _ in ACTION_ITEM_CSV_COLUMNS]
    done, open_ = rows(text)
    assert (done["key"], done["completed"], done["days_to_close"], done["overdue"]) == (
        "PM-2025-001/AI-001",
        "2025-02-15",
        "6",
        "false",
    )
    assert (open_["overdue"], open_["days_overdue"], open_["completed"]) == ("true", "9", "")
    assert done["addresses"] == "monitoring-gap"
    assert done["incident_started"] == "2025-02-09T10:05:00Z"


def test_csv_reads_back_into_pandas_as_numbers(records):
    frame = pd.read_csv(io.StringIO(incidents_csv(incidents_frame(records))))
    assert frame["ttd_minutes"].dtype == "float64"
    assert frame["ttd_minutes"].tolist() == [1.5, 0.0]


def test_output_is_deterministic_whatever_the_input_order(records):
    def files(recs):
        incidents = incidents_frame(recs)
        items = action_items_frame(recs, AS_OF)
        metrics = build_metrics(incidents, items, as_of=AS_OF)
        return export_files(incidents, items, metrics, related_graph(incidents))

    assert files(records) == files(list(reversed(records)))
    assert sorted(files(records)) == [
        "data/action-items.csv",
        "data/graph.json",
        "data/incidents.csv",
        "data/metrics.json",
    ]


def test_metrics_json_has_no_nan_and_sorted_keys(records):
    incidents = incidents_frame(records)
    metrics = build_metrics(incidents, action_items_frame(records, AS_OF), as_of=AS_OF)
    text = metrics_json(metrics)

    def reject(constant):
        raise AssertionError(f"{constant} in JSON")

    data = json.loads(text, parse_constant=reject)
    assert list(data) == sorted(data)
    overall = {r["metric"]: r for r in data["response_times"]["overall"]}
    assert overall["tta"]["median"] is None and overall["tta"]["count"] == 0
    broken = replace(metrics.response_times, confidence=float("nan"))
    with pytest.raises(ValueError):
        metrics_json(replace(metrics, response_times=broken))


def test_graph_json(records):
    graph = related_graph(incidents_frame(records))
    data = json.loads(graph_json(graph))
    assert [n["id"] for n in data["nodes"]] == ["PM-2025-001", "PM-2025-002"]
    (edge,) = data["edges"]
    assert (edge["source"], edge["target"], edge["linked"]) == ("PM-2025-001", "PM-2025-002", True)
    assert edge["services"] == ["api"] and edge["factors"] == ["monitoring-gap"]
    assert data["weights"] == {"factor": 1.0, "link": 4.0, "service": 1.0, "trigger": 0.5}
    assert data["clusters"] == []  # two post-mortems: no combination recurs
    members = ("PM-2025-001", "PM-2025-002")
    found = Cluster(1, "a, b", 2, members, (("a", 2), ("b", 2)), (("api", 2),), 3, 0.75, 0.0123456)
    graph.graph["clusters"] = [found]
    assert json.loads(graph_json(graph))["clusters"] == [
        {
            "id": 1,
            "name": "a, b",
            "size": 2,
            "members": list(members),
            "cited_together": 3,
            "expected": 0.75,
            "q_value": 0.01235,
            "top_factors": [["a", 2], ["b", 2]],
            "top_services": [["api", 2]],
        }
    ]


def test_write_exports_writes_the_files(records, tmp_path):
    incidents = incidents_frame(records)
    items = action_items_frame(records, AS_OF)
    files = export_files(
        incidents, items, build_metrics(incidents, items, as_of=AS_OF), related_graph(incidents)
    )
    written = write_exports(tmp_path / "site", files)
    assert [p.relative_to(tmp_path / "site").as_posix() for p in written] == sorted(files)
    for path in written:
        relative = path.relative_to(tmp_path / "site").as_posix()
        assert path.read_bytes() == files[relative].encode("utf-8")
