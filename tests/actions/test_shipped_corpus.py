"""``pmkb actions export`` on the sample corpus that ships with the project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pmkb.cli import main
from pmkb.loader import load_corpus
from pmkb.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]


def _expected_keys() -> tuple[list[str], set[str]]:
    """Untracked unfinished items counted straight from the files; and every other item's key."""
    taxonomy, _ = load_taxonomy(ROOT / "postmortems" / "taxonomy.yml")
    corpus = load_corpus(ROOT / "postmortems", taxonomy)
    wanted, others = [], set()
    for record in corpus.records:
        if record.meta.visibility.value == "restricted":
            continue
        for item in record.meta.action_items:
            key = f"{record.meta.id}/{item.id}"
            if item.tracker is None and item.status.value in ("open", "in-progress"):
                wanted.append(key)
            else:
                others.add(key)
    return wanted, others


def test_one_ticket_per_untracked_item_and_none_for_tracked_or_done_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    wanted, others = _expected_keys()
    if not wanted and not others:
        pytest.skip("no sample corpus on this branch")
    script = CliRunner().invoke(main, ["actions", "export"], catch_exceptions=False)
    assert script.exit_code == 0
    created = [line.split()[1] for line in script.stdout.splitlines() if line.startswith("create ")]
    assert sorted(created) == sorted(wanted)
    assert not others & set(created)
    rows = json.loads(CliRunner().invoke(main, ["actions", "export", "--format", "json"]).stdout)
    assert sorted(r["key"] for r in rows) == sorted(wanted)
