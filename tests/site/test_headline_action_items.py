"""The headline's share of action items done is the tables' "Completion": won't-do left out."""

from __future__ import annotations

from pathlib import Path

from tests.site.sitebuild import action_item, build_site, report, write_project


def headline(folder: Path, statuses: list[str]) -> dict[str, tuple[str, str]]:
    """The dashboard's headline figures of one incident whose items have ``statuses``."""
    items = [
        action_item(f"AI-{i:03d}", "Add a saturation alert", "2025-03-01", status)
        for i, status in enumerate(statuses, start=1)
    ]
    files = {
        "2025/2025-02-01-pool.md": report(
            "PM-2025-001", "Pool exhaustion", "2025-02-01T10:00:00Z", action_items=items
        )
    }
    site = build_site(write_project(folder, files), strict=True)
    return {
        f.one(cls="pmkb-figure__label").text: (
            f.one(cls="pmkb-figure__value").text,
            f.one(cls="pmkb-figure__detail").text,
        )
        for f in site.content("dashboard/").find_all(cls="pmkb-figure")
    }


def test_wont_do_neither_helps_nor_hurts_the_share_done(tmp_path: Path) -> None:
    figures = headline(tmp_path, ["done", "wont-do", "open", "done"])
    value, detail = figures["of action items done"]
    # Two done of the three that count; the won't-do is said to be left out.
    assert value == "67%"
    assert detail.startswith("2 of 3 (1 won't-do left out) · 1 open")
    # One incident is one incident.
    assert figures["incident"][0] == "1"


def test_only_wont_do_items_give_no_share(tmp_path: Path) -> None:
    value, detail = headline(tmp_path, ["wont-do", "wont-do"])["of action items done"]
    assert value == "–"
    assert detail.startswith("all 2 are won't-do: no rate to give · 0 open")
