"""The plugin's pure parts, against values computed by hand."""

from __future__ import annotations

import datetime as dt
import logging
import math
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from pmkb.analytics import analyse
from pmkb.catalog import build_catalog
from pmkb.loader import Record, load_corpus
from pmkb.model import Visibility
from pmkb.taxonomy import load_taxonomy
from pmkb_mkdocs.formatting import count, human_duration, money, percent, plural
from pmkb_mkdocs.listing import list_data

from tests.site.sitebuild import AS_OF, report, standard_corpus, write_project


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0 s"),
        (59, "59 s"),
        (60, "1 min"),
        (82, "1 min 22 s"),
        (599, "9 min 59 s"),
        (600, "10 min"),
        (1777, "29 min"),
        (3600, "1 h"),
        (5677, "1 h 34 min"),
        (86399, "23 h 59 min"),
        (86400, "1 d"),
        (93900, "1 d 2 h"),
    ],
)
def test_human_duration(seconds: int, shown: str) -> None:
    assert human_duration(dt.timedelta(seconds=seconds)) == shown


def test_a_missing_or_negative_duration_is_a_dash() -> None:
    assert human_duration(None) == "–"
    assert human_duration(dt.timedelta(seconds=-5)) == "–"


def test_numbers_read_at_a_glance() -> None:
    assert count(40000) == "40,000"
    assert count(2.5) == "2.5"
    assert count(None) == "–"
    assert money(12500) == "$12,500"
    assert money(12.5) == "$12.50"
    assert percent(35.0) == "35%"
    assert plural(1, "post-mortem") == "1 post-mortem"
    assert plural(1200, "post-mortem") == "1,200 post-mortems"


def corpus_records(tmp_path: Path, files: dict[str, str]) -> list[Record]:
    write_project(tmp_path, files)
    taxonomy, _ = load_taxonomy(tmp_path / "docs" / "taxonomy.yml")
    corpus = load_corpus(tmp_path / "docs", taxonomy)
    assert corpus.errors == []
    return corpus.records


def test_related_incidents_come_from_the_analytics_graph_with_linkable_reasons(
    tmp_path: Path,
) -> None:
    records = corpus_records(
        tmp_path,
        {
            "2025/2025-01-01-a.md": report(
                "PM-2025-001",
                "A",
                "2025-01-01T00:00:00Z",
                services=["api", "db"],
                contributing_factors=["monitoring-gap", "missing-index"],
            ),
            "2025/2025-01-02-b.md": report(
                "PM-2025-002",
                "B",
                "2025-01-02T00:00:00Z",
                services=["db"],
                contributing_factors=["missing-index"],
                related=["PM-2025-001"],
            ),
            "2025/2025-01-03-c.md": report(
                "PM-2025-003",
                "C",
                "2025-01-03T00:00:00Z",
                services=["api"],
                contributing_factors=["monitoring-gap", "missing-index"],
            ),
            "2025/2025-01-04-d.md": report(
                "PM-2025-004",
                "D",
                "2025-01-04T00:00:00Z",
                services=["web"],
                contributing_factors=["runbook-gap"],
            ),
        },
    )

    def related_incidents(chosen: list[Record], count: int) -> dict:
        # As the site asks for them: every status shown takes part.
        return analyse(
            chosen,
            as_of=AS_OF,
            audience=None,
            graph_statuses=None,
            related_count=count,
        ).related

    related = related_incidents(records, 5)
    # Weights: a link 4; a shared value ln(1 + N / df), N = 4 post-mortems.
    # A-B: link + missing-index (df 3) + db (df 2) = 4 + ln(7/3) + ln 3
    # A-C: monitoring-gap (df 2) + missing-index (df 3) + api (df 2) = 2 ln 3 + ln(7/3)
    ln3, ln73 = math.log(3), math.log(7 / 3)
    assert [(r.id, round(r.score, 6)) for r in related["PM-2025-001"]] == [
        ("PM-2025-002", round(4 + ln73 + ln3, 6)),
        ("PM-2025-003", round(2 * ln3 + ln73, 6)),
    ]
    first = related["PM-2025-001"][0]
    assert (first.linked, first.factors, first.services, first.trigger) == (
        True,
        ("missing-index",),
        ("db",),
        None,
    )
    assert set(related["PM-2025-001"][1].factors) == {"monitoring-gap", "missing-index"}
    assert related["PM-2025-004"] == []
    assert [r.id for r in related_incidents(records, 1)["PM-2025-001"]] == ["PM-2025-002"]
    assert related_incidents(records, 0) == {}
    # Only the records given are known: without A, B's link to it is gone.
    assert [r.id for r in related_incidents(records[1:], 5)["PM-2025-002"]] == ["PM-2025-003"]


def test_catalog_filters_by_audience_and_counts_by_status(tmp_path: Path) -> None:
    write_project(tmp_path, standard_corpus())
    taxonomy, _ = load_taxonomy(tmp_path / "docs" / "taxonomy.yml")
    corpus = load_corpus(tmp_path / "docs", taxonomy)
    internal = build_catalog(corpus, audience=Visibility.INTERNAL, as_of=AS_OF)
    assert set(internal.by_id) == {
        "PM-2024-010",
        "PM-2025-001",
        "PM-2025-002",
        "PM-2025-003",
        "PM-2025-004",
    }
    assert internal.hidden == {"2025/2025-05-20-payroll-export.md"}
    everything = build_catalog(corpus, audience=Visibility.RESTRICTED, as_of=AS_OF)
    assert len(everything.records) == 6
    public = build_catalog(corpus, audience=Visibility.PUBLIC, as_of=AS_OF, drafts=False)
    assert set(public.by_id) == {"PM-2025-004"}
    assert [r.meta.id for r in public.by_factor["testing-gap"]] == ["PM-2025-004"]
    # A factor that only hidden post-mortems cite would point at them: the public
    # site keeps only those its own post-mortem cites (every factor here is cited).
    assert (
        set(public.taxonomy.factors) == set(public.by_factor) == {"testing-gap", "knowledge-silo"}
    )


def test_list_data_shares_name_tables(tmp_path: Path) -> None:
    records = corpus_records(
        tmp_path,
        {
            "2025/2025-01-02-a.md": report(
                "PM-2025-001", "A", "2025-01-01T23:30:00-02:00", services=["web", "api"]
            ),
            "2024/2024-12-31-b.md": report(
                "PM-2024-007",
                "B",
                "2024-12-31T10:00:00Z",
                severity="SEV1",
                status="draft",
                root_cause=None,
            ),
        },
    )
    data = list_data(records)
    assert data["services"] == ["api", "api-service", "web"]
    assert data["teams"] == ["payments-platform"]
    assert data["factors"] == ["monitoring-gap", "testing-gap"]
    # 2025-01-01T23:30-02:00 is 2025-01-02 in UTC: day 20090 since 1970-01-01;
    # the next row, 2024-12-31, is 2 days back. SEV2 published: 1 * 3 + 2 = 5;
    # SEV1 draft: 0 * 3 + 0 = 0. One name is written bare, several as a list.
    assert data["rows"] == [
        *(1, "A", 20090, 5, [2, 0], 0, [0, 1]),
        *(7, "B", 2, 0, 1, 0, [0, 1]),
    ]


@pytest.mark.parametrize(
    ("pm_id", "written"),
    [
        ("PM-2025-014", 14),
        ("PM-2025-1234", 1234),
        ("PM-2025-0014", "0014"),
        ("PM-2024-999", "PM-2024-999"),
    ],
)
def test_list_ids_are_shortened_only_where_they_read_back_the_same(
    pm_id: str, written: object
) -> None:
    from pmkb_mkdocs.listing import _short_id

    assert _short_id(pm_id, 2025) == written


def test_list_data_keeps_an_id_whose_year_is_not_the_start_year(tmp_path: Path) -> None:
    from pmkb.model import PostMortem

    records = corpus_records(
        tmp_path, {"2025/2025-01-02-a.md": report("PM-2025-001", "A", "2025-01-02T10:00:00Z")}
    )
    # The format forbids it, but the list must not invent another id if it happens.
    moved = PostMortem.model_validate({**records[0].meta.model_dump(), "id": "PM-2024-999"})
    record = Record(
        records[0].path, records[0].rel_path, moved, records[0].src, records[0].abs_path
    )
    assert list_data([record])["rows"][0] == "PM-2024-999"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"audience": "everyone"}, "audience"),
        ({"as_of": "2025-13-01"}, "expected a date YYYY-MM-DD"),
        ({"related_count": -1}, "expected zero or more"),
        ({"analytics_statuses": ["closed"]}, "analytics_statuses"),
        ({"taxonomy": ["a.yml"]}, "taxonomy"),
    ],
)
def test_bad_options_are_configuration_errors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, options: dict[str, object], message: str
) -> None:
    config = write_project(tmp_path, {}, plugin=options)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        load_config(str(config))
    errors = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert "postmortems" in errors and message in errors


def test_lint_settings_in_mkdocs_yml_are_accepted(tmp_path: Path) -> None:
    config = write_project(tmp_path, {}, plugin={"lint": {"rules": {"body-sections": "off"}}})
    loaded = load_config(str(config))
    plugin = loaded.plugins["postmortems"]
    assert plugin.config.lint.rules == {"body-sections": "off"}
    assert plugin.config.lint.allowed_words == []
    assert plugin.config.as_of == AS_OF


@pytest.mark.parametrize(
    ("lint", "message"),
    [
        ({"rules": {"body-section": "off"}}, "did you mean 'body-sections'"),
        ({"rules": {"body-sections": "loud"}}, "body-sections: level must be error, warning or off"),
        ({"allowed_words": "Kafka"}, "allowed_words"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_lint_settings_name_their_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, lint: dict[str, object], message: str
) -> None:
    config = write_project(tmp_path, {}, plugin={"lint": lint})
    with caplog.at_level(logging.WARNING):
        try:
            load_config(str(config))
        except Abort:
            pass
    shown = " ".join(r.getMessage() for r in caplog.records)
    assert "lint" in shown and message in shown


def test_a_plan_lends_its_analytics_only_while_no_frontmatter_changes(tmp_path: Path) -> None:
    """A preview rebuild after a body edit reuses the analytics; a frontmatter edit does not."""
    from pmkb.loader import ParseCache
    from pmkb.site_plan import SiteOptions, plan_site

    write_project(tmp_path, standard_corpus())
    docs = tmp_path / "docs"
    taxonomy, _ = load_taxonomy(docs / "taxonomy.yml")
    parsed = ParseCache()
    options = SiteOptions(as_of=AS_OF)

    def plan(previous=None):  # type: ignore[no-untyped-def]
        return plan_site(load_corpus(docs, taxonomy, cache=parsed), options, previous=previous)

    first = plan()
    target = sorted(docs.glob("2025/*.md"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more lesson.\n", encoding="utf-8")
    body_edited = plan(first)
    assert body_edited.analytics is first.analytics
    text = target.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Edited ", 1)
    target.write_text(text, encoding="utf-8")
    edited = plan(body_edited)
    assert edited.analytics is not first.analytics
    assert sum(str(t).startswith("Edited ") for t in edited.analytics.incidents["title"]) == 1
    # Planned afresh, the same inputs give the same figures.
    assert plan().analytics.metrics == edited.analytics.metrics
