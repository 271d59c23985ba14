"""``pmkb import incidents``: incident logs as drafts with their timelines filled."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pmkb.loader import load_corpus

from tests.importers.conftest import corpus_taxonomy, run_cli

UTC = dt.timezone.utc
JSONL_MAP = (
    "--map",
    "id=ref",
    "--map",
    "title=name",
    "--map",
    "started=impact_start",
    "--map",
    "severity=impact_level",
)


def _records(workdir: Path, folder: str = "out") -> dict[str, object]:
    corpus = load_corpus(workdir / folder, corpus_taxonomy(), base=workdir / folder)
    assert corpus.problems == []
    return {r.meta.title: r.meta for r in corpus.records}


def test_csv_timestamps_with_offsets_land_in_utc(workdir: Path) -> None:
    run_cli(
        "import",
        "incidents",
        "logs/pagerduty-style.csv",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
    )
    login = _records(workdir)["Login failures for SSO customers"].timeline  # type: ignore[attr-defined]
    # 22:40, 22:55 and 00:10 at +02:00 are 20:40, 20:55 and 22:10 UTC on 9 April.
    assert (login.started, login.acknowledged, login.resolved) == (
        dt.datetime(2025, 4, 9, 20, 40, tzinfo=UTC),
        dt.datetime(2025, 4, 9, 20, 55, tzinfo=UTC),
        dt.datetime(2025, 4, 9, 22, 10, tzinfo=UTC),
    )
    # No detection column: detected is the start, marked as such.
    assert login.detected == login.started


def test_jsonl_with_mapped_columns_epoch_seconds_and_offsets(workdir: Path) -> None:
    result = run_cli(
        "import",
        "incidents",
        "logs/statuspage-export.jsonl",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
        *JSONL_MAP,
    )
    assert "failed        logs/statuspage-export.jsonl:4: not valid JSON" in result.stdout
    records = _records(workdir)
    webhooks = records["Webhook deliveries delayed"]
    # 14:02, 14:09, 14:48 and 15:30 at -04:00.
    assert webhooks.timeline.present() == [  # type: ignore[attr-defined]
        ("started", dt.datetime(2024, 10, 1, 18, 2, tzinfo=UTC)),
        ("detected", dt.datetime(2024, 10, 1, 18, 9, tzinfo=UTC)),
        ("mitigated", dt.datetime(2024, 10, 1, 18, 48, tzinfo=UTC)),
        ("resolved", dt.datetime(2024, 10, 1, 19, 30, tzinfo=UTC)),
    ]
    assert webhooks.detection.value == "synthetic-check"  # type: ignore[attr-defined]
    assert webhooks.services == ["webhooks", "event-bus"]  # type: ignore[attr-defined]
    eu = records["Partial outage of the EU API after a DNS change"]
    # Epoch 1728900000 is 2024-10-14 10:00:00 UTC; 360 s later it was detected.
    assert eu.timeline.started == dt.datetime(2024, 10, 14, 10, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    assert eu.timeline.detected == dt.datetime(2024, 10, 14, 10, 6, tzinfo=UTC)  # type: ignore[attr-defined]
    assert eu.severity.value == "SEV1"  # type: ignore[attr-defined]


def test_day_first_dates(workdir: Path) -> None:
    run_cli(
        "import",
        "incidents",
        "logs/statuspage-export.jsonl",
        "--out",
        "us",
        "--taxonomy",
        "taxonomy.yml",
        *JSONL_MAP,
    )
    run_cli(
        "import",
        "incidents",
        "logs/statuspage-export.jsonl",
        "--out",
        "eu",
        "--taxonomy",
        "taxonomy.yml",
        "--day-first",
        *JSONL_MAP,
    )
    us = _records(workdir, "us")["Billing dashboard slow"].timeline.started  # type: ignore[attr-defined]
    eu = _records(workdir, "eu")["Billing dashboard slow"].timeline.started  # type: ignore[attr-defined]
    assert (us, eu) == (
        dt.datetime(2024, 10, 7, 8, 30, tzinfo=UTC),
        dt.datetime(2024, 7, 10, 8, 30, tzinfo=UTC),
    )


def test_a_zone_for_naive_timestamps(workdir: Path) -> None:
    run_cli(
        "import",
        "incidents",
        "logs/pagerduty-style.csv",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
        "--timezone",
        "America/New_York",
    )
    nightly = _records(workdir)["Nightly report export late"].timeline  # type: ignore[attr-defined]
    # 03:00 in New York on 15 April (EDT, UTC-4) is 07:00 UTC.
    assert nightly.started == dt.datetime(2025, 4, 15, 7, 0, tzinfo=UTC)


def test_semicolon_csv_with_a_bom_and_other_column_names(workdir: Path) -> None:
    log = workdir / "export.csv"
    log.write_bytes(
        "\ufeffKey;Summary;Opened At;Closed At;Priority;Components\n"
        "OPS-1;Queue stuck;2025-02-01 10:00:00Z;2025-02-01 11:00:00Z;P2;queue\n".encode()
    )
    result = run_cli(
        "import", "incidents", "export.csv", "--out", "out", "--taxonomy", "taxonomy.yml"
    )
    assert result.exit_code == 0, result.output
    (meta,) = _records(workdir).values()
    assert (meta.title, meta.severity.value, meta.services) == ("Queue stuck", "SEV2", ["queue"])  # type: ignore[attr-defined]
    assert meta.timeline.resolved == dt.datetime(2025, 2, 1, 11, 0, tzinfo=UTC)  # type: ignore[attr-defined]


def test_a_second_import_of_the_same_log_creates_nothing(workdir: Path) -> None:
    run_cli(
        "import",
        "incidents",
        "logs/pagerduty-style.csv",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
    )
    before = sorted(p.name for p in (workdir / "out").rglob("*.md"))
    again = run_cli(
        "import",
        "incidents",
        "logs/pagerduty-style.csv",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
    )
    assert again.stdout.count("already-imported") == 3
    assert sorted(p.name for p in (workdir / "out").rglob("*.md")) == before


def test_bad_mappings_are_usage_errors(workdir: Path) -> None:
    unknown_field = run_cli(
        "import", "incidents", "logs/pagerduty-style.csv", "--out", "out", "--map", "start=Created"
    )
    assert unknown_field.exit_code == 2 and "'start' is not a field" in unknown_field.output
    missing_column = run_cli(
        "import",
        "incidents",
        "logs/pagerduty-style.csv",
        "--out",
        "out",
        "--taxonomy",
        "taxonomy.yml",
        "--map",
        "started=Opened",
    )
    assert missing_column.exit_code == 2
    assert "--map started=Opened: no such column; the log has" in missing_column.output
    assert not (workdir / "out").exists()


def test_a_log_without_a_start_column_is_a_usage_error(workdir: Path) -> None:
    (workdir / "log.jsonl").write_text(
        json.dumps({"id": "X-1", "title": "t"}) + "\n", encoding="utf-8"
    )
    result = run_cli(
        "import", "incidents", "log.jsonl", "--out", "out", "--taxonomy", "taxonomy.yml"
    )
    assert result.exit_code == 2
    assert (
        "no column for the start time" in result.output and "--map started=COLUMN" in result.output
    )


def _import(log: str) -> object:
    return run_cli(
        "import", "incidents", log, "--out", "out", "--taxonomy", "taxonomy.yml", "--dry-run"
    )


def test_a_column_named_twice_in_a_csv_header_is_refused_not_guessed(workdir: Path) -> None:
    # Two start columns: a mapping keeps the last cell, and either could be the one meant.
    (workdir / "log.csv").write_text(
        "title,started_at,started_at\n"
        "Queue backlog after a broker restart,2025-03-01T10:00:00Z,2025-03-02T10:00:00Z\n",
        encoding="utf-8",
    )
    result = _import("log.csv")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert (
        "log.csv:1: the header names column 'started_at' more than once" in result.output  # type: ignore[attr-defined]
    )


def test_a_key_written_twice_in_a_json_incident_fails_that_incident_alone(workdir: Path) -> None:
    doubled = (
        '{"title": "Queue backlog after a broker restart", '
        '"started_at": "2025-03-01T10:00:00Z", "started_at": "2025-03-05T10:00:00Z"}'
    )
    nested = (
        '{"title": "Cache misses after a resize", "started_at": "2025-03-02T10:00:00Z", '
        '"fields": {"region": "north", "region": "south"}}'
    )
    fine = json.dumps({"title": "Search latency", "started_at": "2025-03-03T10:00:00Z"})
    (workdir / "log.jsonl").write_text(f"{doubled}\n{nested}\n{fine}\n", encoding="utf-8")
    (workdir / "log.json").write_text(f"[{doubled},\n{nested},\n{fine}]\n", encoding="utf-8")
    for log in ("log.jsonl", "log.json"):
        result = _import(log)
        lines = result.stdout.splitlines()  # type: ignore[attr-defined]
        assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
        assert f'failed        {log}:1: key "started_at" appears twice in one incident' in lines[0]
        assert f'failed        {log}:2: key "region" appears twice in one incident' in lines[1]
        assert lines[2].startswith("would-create ") and lines[2].endswith(f"<- {log}:3")


def test_a_log_none_of_whose_lines_is_an_incident_says_why_for_each(workdir: Path) -> None:
    (workdir / "log.jsonl").write_text('5\n"text"\n[1, 2]\n', encoding="utf-8")
    result = _import("log.jsonl")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stdout.splitlines() == [  # type: ignore[attr-defined]
        f"failed        log.jsonl:{n}: an incident must be a JSON object" for n in (1, 2, 3)
    ]


def test_a_start_time_that_is_no_time_says_why_and_what_to_fix(workdir: Path) -> None:
    (workdir / "log.csv").write_text(
        "title,started_at,resolved_at\n"
        "Queue backlog after a broker restart,2025-02-30T10:00:00Z,\n"
        "Cache misses after a resize,2025-03-01T24:00,\n"
        "Search latency,2025-03-02T10:00:00Z,2025-02-30T11:00:00Z\n",
        encoding="utf-8",
    )
    result = _import("log.csv")
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0] == (
        "skipped       log.csv:2: no readable start time (column 'started_at' is \"2025-02-30T10:00:00Z\" "
        "(2025-02-30 is no day of the calendar)); correct it in the log, or name the column "
        "that holds it with --map started=COLUMN"
    )
    assert "(24:00 is no time of day; write 00:00 of the next day)" in lines[1]
    assert lines[1].startswith("skipped       log.csv:3: ")
    # A later time that is none is named too, with its reason, and the draft still made.
    assert any(
        'resolved_at="2025-02-30T11:00:00Z" (2025-02-30 is no day of the calendar)' in line
        for line in lines
    )
