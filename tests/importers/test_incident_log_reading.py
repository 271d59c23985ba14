"""``pmkb import incidents``: what real exports put in a log, cell by cell."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import Result
from pmkb.analytics.frame import incidents_frame
from pmkb.loader import load_corpus

from tests.importers.conftest import corpus_taxonomy, run_cli

UTC = dt.timezone.utc


def _import(workdir: Path, name: str, content: str | bytes, *args: str) -> Result:
    log = workdir / name
    if isinstance(content, bytes):
        log.write_bytes(content)
    else:
        log.write_text(content, encoding="utf-8")
    return run_cli("import", "incidents", name, "--out", "out", "--taxonomy", "taxonomy.yml", *args)


def _records(workdir: Path) -> dict[str, object]:
    corpus = load_corpus(workdir / "out", corpus_taxonomy(), base=workdir / "out")
    assert corpus.problems == []
    return {r.meta.title: r.meta for r in corpus.records}


def _drafts(workdir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((workdir / "out").rglob("*.md"))]


def test_a_boolean_in_a_time_column_is_an_unreadable_cell(workdir: Path) -> None:
    rows = [
        {
            "id": "1",
            "message": "Disk full on the build cache",
            "acknowledged": True,
            "isSeen": False,
            "createdAt": "2024-07-04T09:15:31Z",
        },
        {
            "id": "2",
            "message": "Queue backlog",
            "acknowledged": False,
            "createdAt": "2024-07-05T10:00:00Z",
        },
    ]
    result = _import(workdir, "alerts.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    assert result.exit_code == 0, result.output
    assert "could not be read" not in result.output
    assert result.output.count("unreadable times: acknowledged=") == 2
    assert 'acknowledged="true"' in result.output
    records = _records(workdir)
    disk = records["Disk full on the build cache"]
    assert disk.timeline.started == dt.datetime(2024, 7, 4, 9, 15, 31, tzinfo=UTC)  # type: ignore[attr-defined]
    assert disk.timeline.acknowledged is None  # type: ignore[attr-defined]
    assert "Queue backlog" in records


def test_export_column_names_of_common_tools(workdir: Path) -> None:
    pagerduty = _import(
        workdir,
        "pagerduty.csv",
        "Incident Number,Title,Urgency,Service Name,Created On,Acknowledged On,Resolved On\n"
        "1041,Checkout 5xx,high,Checkout API,2024-03-13 10:16:00 -0600,"
        "2024-03-13 10:20:00 -0600,2024-03-13 11:02:00 -0600\n",
    )
    assert pagerduty.exit_code == 0, pagerduty.output
    opsgenie = _import(
        workdir,
        "opsgenie.jsonl",
        json.dumps(
            {
                "tinyId": "77",
                "message": "Search index stale",
                "priority": "P3",
                "impactedServices": ["search"],
                "createdAt": "2024-05-01T08:00:00Z",
            }
        )
        + "\n",
    )
    assert opsgenie.exit_code == 0, opsgenie.output
    jira = _import(
        workdir,
        "jira.csv",
        "Issue key,Summary,Priority,Component/s,Created,Resolved\n"
        "OPS-9,Login loop,Highest,auth,2024-06-01 10:00Z,2024-06-01 12:00Z\n",
    )
    assert jira.exit_code == 0, jira.output
    records = _records(workdir)
    checkout = records["Checkout 5xx"]
    assert checkout.services == ["checkout-api"]  # type: ignore[attr-defined]
    assert checkout.severity.value == "SEV2"  # type: ignore[attr-defined]
    assert (
        checkout.timeline.started,
        checkout.timeline.acknowledged,
        checkout.timeline.resolved,
    ) == (  # type: ignore[attr-defined]
        dt.datetime(2024, 3, 13, 16, 16, tzinfo=UTC),
        dt.datetime(2024, 3, 13, 16, 20, tzinfo=UTC),
        dt.datetime(2024, 3, 13, 17, 2, tzinfo=UTC),
    )
    search = records["Search index stale"]
    assert search.services == ["search"]  # type: ignore[attr-defined]
    assert records["Login loop"].timeline.resolved == dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC)  # type: ignore[attr-defined]


def test_the_same_id_from_another_log_is_another_incident(workdir: Path) -> None:
    first = _import(
        workdir, "a.csv", "id,title,started_at\n1042,Alpha incident,2024-08-01T10:00:00Z\n"
    )
    assert first.exit_code == 0, first.output
    other = _import(
        workdir, "b.csv", "id,title,started_at\n1042,Beta incident,2024-09-09T10:00:00Z\n"
    )
    assert "already-imported" not in other.output
    assert sorted(_records(workdir)) == ["Alpha incident", "Beta incident"]
    again = _import(
        workdir, "a.csv", "id,title,started_at\n1042,Alpha incident,2024-08-01T10:00:00Z\n"
    )
    assert "already-imported" in again.output
    assert len(_drafts(workdir)) == 2


def test_doubled_quotes_in_a_cell_are_read_as_excel_writes_them(workdir: Path) -> None:
    result = _import(
        workdir,
        "log.csv",
        "id,title,severity,started_at\n"
        'D-1,"Gateway ""502"" errors, EU",SEV2,2024-06-01T10:00:00Z\n'
        'D-2,"Plain, title",SEV3,2024-06-02T10:00:00Z\n',
    )
    assert result.exit_code == 0, result.output
    records = _records(workdir)
    assert sorted(records) == ['Gateway "502" errors, EU', "Plain, title"]
    assert records['Gateway "502" errors, EU'].severity.value == "SEV2"  # type: ignore[attr-defined]


def test_a_row_with_a_wrong_number_of_fields_is_reported_as_such(workdir: Path) -> None:
    result = _import(
        workdir,
        "log.csv",
        "id,title,severity,started_at\n"
        "S-1,Queue stuck, again,SEV2,2024-06-01T10:00:00Z\n"
        "S-2,Cache cold,SEV3,2024-06-02T10:00:00Z\n"
        "S-3,Short row\n",
    )
    assert "log.csv:2: row 2 has 5 fields, the header 4" in result.output
    assert "log.csv:4: row 4 has 2 fields, the header 4" in result.output
    assert sorted(_records(workdir)) == ["Cache cold"]


def test_excel_sep_line_names_the_delimiter(workdir: Path) -> None:
    result = _import(
        workdir, "log.csv", "sep=;\r\nID;Title;Start Time\r\n7;Mail down;2025-04-03 14:30Z\r\n"
    )
    assert result.exit_code == 0, result.output
    assert "log.csv:3" in result.output
    assert _records(workdir)["Mail down"].timeline.started == dt.datetime(  # type: ignore[attr-defined]
        2025, 4, 3, 14, 30, tzinfo=UTC
    )


def test_utf16_text_with_a_byte_order_mark(workdir: Path) -> None:
    text = "id\ttitle\tstarted_at\r\nU-1\tCaf\u00e9 menu down\t2024-06-01T10:00:00Z\r\n"
    result = _import(workdir, "export.txt", text.encode("utf-16"))
    assert result.exit_code == 0, result.output
    assert "Caf\u00e9 menu down" in _records(workdir)


def test_a_date_without_a_year_is_unreadable_unless_the_row_or_file_gives_it(
    workdir: Path,
) -> None:
    alone = _import(workdir, "log.csv", "id,title,started_at\nFH-3,No year,Mar 13 10:16 AM\n")
    assert "column 'started_at' is \"Mar 13 10:16 AM\" (no year" in alone.output
    assert not (workdir / "out").exists()
    in_row = _import(
        workdir,
        "log2.csv",
        "id,title,started_at,resolved_at\nFH-4,Year in the row,Mar 13 10:16 AM,2024-03-13 11:00Z\n",
    )
    assert in_row.exit_code == 0, in_row.output
    in_name = _import(
        workdir, "incidents-2023.csv", "id,title,started_at\nFH-5,Year in the name,Mar 14 09:00\n"
    )
    assert in_name.exit_code == 0, in_name.output
    records = _records(workdir)
    assert records["Year in the row"].timeline.started == dt.datetime(  # type: ignore[attr-defined]
        2024, 3, 13, 10, 16, tzinfo=UTC
    )
    assert records["Year in the name"].timeline.started == dt.datetime(  # type: ignore[attr-defined]
        2023, 3, 14, 9, 0, tzinfo=UTC
    )
    text = "\n".join(_drafts(workdir))
    assert "no year in the log, 2024 taken from the row's other times: Mar 13 10:16 AM" in text
    assert "no year in the log, 2023 taken from the log's file name: Mar 14 09:00" in text


def test_a_bare_number_is_no_time(workdir: Path) -> None:
    result = _import(
        workdir,
        "log.csv",
        "id,title,started_at,resolved_at\nX-1,Odd cells,12,1.5\nX-2,Epoch start,1728900000,90\n",
    )
    assert "column 'started_at' is \"12\" (a number, not an epoch time)" in result.output
    assert 'unreadable times: resolved_at="90" (a number, not an epoch time)' in result.output
    epoch = _records(workdir)["Epoch start"]
    assert epoch.timeline.started == dt.datetime(2024, 10, 14, 10, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    assert epoch.timeline.resolved is None  # type: ignore[attr-defined]


def test_a_zone_in_a_column_header_is_the_column_zone(workdir: Path) -> None:
    result = _import(
        workdir,
        "log.csv",
        "id,title,started_at (CET),resolved_at (CET)\nZ-1,Cache flush,2024-01-10 09:00,2024-01-10 10:00\n",
    )
    assert result.exit_code == 0, result.output
    timeline = _records(workdir)["Cache flush"].timeline  # type: ignore[attr-defined]
    assert (timeline.started, timeline.resolved) == (
        dt.datetime(2024, 1, 10, 8, 0, tzinfo=UTC),
        dt.datetime(2024, 1, 10, 9, 0, tzinfo=UTC),
    )
    assert "no time zone in the log" not in _drafts(workdir)[0]


def test_abbreviations_name_their_season_and_doubtful_local_times_are_said(
    workdir: Path,
) -> None:
    result = _import(
        workdir,
        "log.csv",
        "id,title,started_at,resolved_at\n"
        "Z-1,Fallback hour,2024-11-03 01:30 EST,2024-11-03 02:10 EST\n"
        "Z-2,PST in July,2024-07-10 09:00 PST,\n",
    )
    assert result.exit_code == 0, result.output
    records = _records(workdir)
    fallback = records["Fallback hour"].timeline  # type: ignore[attr-defined]
    # EST is UTC-5, also in the hour that New York lives twice.
    assert fallback.started == dt.datetime(2024, 11, 3, 6, 30, tzinfo=UTC)
    assert records["PST in July"].timeline.started == dt.datetime(2024, 7, 10, 16, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    text = "\n".join(_drafts(workdir))
    assert "TODO: guessed: PST written for 2024-07-10, in summer time" in text


def test_skipped_and_repeated_local_times_under_a_timezone(workdir: Path) -> None:
    result = _import(
        workdir,
        "log.csv",
        "id,title,started_at,resolved_at\n"
        "G-1,Spring gap,2024-03-10 02:30,2024-03-10 04:00\n"
        "G-2,Autumn fold,2024-11-03 01:30,2024-11-03 03:00\n",
        "--timezone",
        "America/New_York",
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(_drafts(workdir))
    assert "2024-03-10 02:30 does not exist in America/New_York" in text
    assert "2024-11-03 01:30 happened twice in America/New_York" in text
    records = _records(workdir)
    assert records["Autumn fold"].timeline.started == dt.datetime(2024, 11, 3, 5, 30, tzinfo=UTC)  # type: ignore[attr-defined]


def test_an_empty_priority_leaves_the_severity_to_the_urgency(workdir: Path) -> None:
    log = (
        "Incident Number,Title,Priority,Urgency,Created On\n"
        "1042,Search latency,,low,2024-11-03T06:30:00Z\n"
        "1043,Checkout errors,P1,low,2024-11-04T06:30:00Z\n"
    )
    result = _import(workdir, "pagerduty.csv", log)
    assert result.exit_code == 0, result.output
    records = _records(workdir)
    assert records["Search latency"].severity.value == "SEV4"  # type: ignore[attr-defined]
    assert records["Checkout errors"].severity.value == "SEV1"  # type: ignore[attr-defined]


def test_an_object_in_a_json_export_is_read_by_its_name(workdir: Path) -> None:
    row = {
        "id": "01HQ",
        "name": "Payments degraded",
        "severity": {"id": 7, "name": "Critical"},
        "services": [{"id": "s1", "name": "payments-api"}, {"id": "s2", "name": "Ledger"}],
        "created_at": "2024-03-10T07:32:00Z",
    }
    result = _import(workdir, "export.jsonl", json.dumps(row) + "\n")
    assert result.exit_code == 0, result.output
    (draft,) = _drafts(workdir)
    assert "{'" not in draft and "'id'" not in draft
    meta = _records(workdir)["Payments degraded"]
    assert meta.severity.value == "SEV1"  # type: ignore[attr-defined]
    assert meta.services == ["payments-api", "ledger"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("zone", [(), ("--timezone", "UTC"), ("--timezone", "Asia/Tokyo")])
def test_a_day_without_a_time_of_day_keeps_its_day_and_counts_no_duration(
    workdir: Path, zone: tuple[str, ...]
) -> None:
    # The detection is logged as a day only; the acknowledgement that morning has a time. A
    # guessed midnight must not give a time to acknowledge of 9 h 40 min, nor a time to detect.
    result = _import(
        workdir,
        "log.csv",
        "id,title,started_at,detected_at,acknowledged_at,resolved_at\n"
        "LS-7,Ledger sync stalls,2024-05-01 22:00,2024-05-02,2024-05-02 09:40,May 3 2024\n",
        *zone,
    )
    assert result.exit_code == 0, result.output
    corpus = load_corpus(workdir / "out", corpus_taxonomy(), base=workdir / "out")
    timeline = corpus.records[0].meta.timeline
    # The days the log gives stay, at midnight UTC whatever the log's zone.
    assert timeline.detected == dt.datetime(2024, 5, 2, tzinfo=UTC)
    assert timeline.resolved == dt.datetime(2024, 5, 3, tzinfo=UTC)
    draft = _drafts(workdir)[0]
    for day in ("2024-05-02", "May 3 2024"):
        assert f"the log gives the day only ({day}), no time of day" in draft
    row = incidents_frame(corpus.records).iloc[0]
    # Every duration from or to a day without its time is missing, never counted.
    assert row[["ttd", "tta", "ttr"]].isna().all()
