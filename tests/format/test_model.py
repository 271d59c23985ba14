"""Values derived from a valid post-mortem, against hand-computed numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmkb.model import PostMortem, Visibility
from pmkb.source import SourceFile, parse_source
from pmkb.validation import validate_frontmatter

from tests.conftest import REMOVE, render_postmortem


def model(**overrides: Any) -> PostMortem:
    src = parse_source(render_postmortem(**overrides).encode(), SourceFile("pm.md"))
    meta = validate_frontmatter(src)
    assert meta is not None, src.problems
    return meta


def test_durations_from_the_timeline() -> None:
    # started 10:05:23, detected 10:06:45, acknowledged 10:12:00, mitigated 10:35:00, resolved 11:40:00
    assert model().durations() == {
        "ttd": dt.timedelta(minutes=1, seconds=22),
        "tta": dt.timedelta(minutes=5, seconds=15),
        "ttm": dt.timedelta(minutes=29, seconds=37),
        "ttr": dt.timedelta(hours=1, minutes=34, seconds=37),
    }


def test_a_missing_end_is_a_missing_duration_never_zero() -> None:
    durations = model(
        status="draft",
        timeline__acknowledged=REMOVE,
        timeline__mitigated=REMOVE,
        timeline__resolved=REMOVE,
    ).durations()
    assert durations["tta"] is None and durations["ttm"] is None and durations["ttr"] is None
    assert durations["ttd"] == dt.timedelta(minutes=1, seconds=22)


def test_durations_across_offsets() -> None:
    # 12:00+02:00 is 10:00Z; detected at 10:30Z is 30 minutes later.
    meta = model(
        timeline__started="2025-02-09T12:00:00+02:00", timeline__detected="2025-02-09T10:30:00Z"
    )
    assert meta.durations()["ttd"] == dt.timedelta(minutes=30)
    assert meta.started_utc == dt.datetime(2025, 2, 9, 10, 0, tzinfo=dt.timezone.utc)


def test_year_is_the_utc_year_of_the_start() -> None:
    meta = model(timeline__started="2025-01-01T00:30:00+01:00")  # 2024-12-31T23:30Z
    assert meta.year == 2024


def test_defaults() -> None:
    meta = model()
    assert meta.visibility is Visibility.INTERNAL
    assert meta.related == [] and meta.third_party is None


def test_visibility_ranks_from_widest_to_narrowest() -> None:
    assert [v.rank for v in (Visibility.PUBLIC, Visibility.INTERNAL, Visibility.RESTRICTED)] == [
        0,
        1,
        2,
    ]


def test_overdue_items() -> None:
    done, open_item = model().action_items  # done due 2025-02-16; open due 2025-03-01
    assert not done.is_overdue(dt.date(2025, 6, 1))
    assert not open_item.is_overdue(dt.date(2025, 3, 1))  # due today is not late
    assert open_item.is_overdue(dt.date(2025, 3, 2))
    in_progress = model(action_items__1__status="in-progress").action_items[1]
    assert in_progress.is_overdue(dt.date(2025, 3, 2))
    wont_do = model(action_items__1__status="wont-do").action_items[1]
    assert not wont_do.is_overdue(dt.date(2026, 1, 1))
