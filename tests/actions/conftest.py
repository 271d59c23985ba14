"""A small corpus of post-mortems whose action items cover every case the tracker commands meet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

TAXONOMY = """\
factors:
  monitoring-gap:
    layer: technical
    description: A signal that would have shown the problem was not collected or alerted on.
  runbook-gap:
    layer: process
    description: No documented procedure for the situation responders faced.
"""

HEAD = """\
---
id: {id}
title: "{title}"
status: published
severity: SEV2
services: [api-service]
authors: [payments-oncall]
timeline:
  started: {day}T10:00:00Z
  detected: {day}T10:05:00Z
  resolved: {day}T11:00:00Z
published: {day}
detection: alert
root_cause: A query scanned a whole table and held connections until the pool was exhausted.
contributing_factors: [monitoring-gap, runbook-gap]
visibility: {visibility}
action_items:
"""

ITEM = """\
  - id: {id}
    action: "{action}"
    owner: {owner}
    due: {due}
    priority: {priority}
    category: {category}
    status: {status}
"""

#: (post-mortem id, day, title, visibility, items: (id, action, owner, due, priority, category, status, extra))
POSTMORTEMS = [
    (
        "PM-2025-001",
        "2025-02-09",
        "API errors from pool exhaustion",
        "internal",
        [
            (
                "AI-001",
                "Add a pool utilisation alert at 80% for five minutes",
                "observability",
                "2025-02-16",
                "P1",
                "detect",
                "done",
                "    completed: 2025-02-15\n",
            ),
            (
                "AI-002",
                "Add a query-plan check to the release pipeline",
                "payments-platform",
                "2025-03-01",
                "P2",
                "prevent",
                "open",
                "",
            ),
            (
                "AI-003",
                "Write the runbook for pool exhaustion",
                "payments-platform",
                "2025-05-20",
                "P2",
                "mitigate-future",
                "open",
                "    tracker: https://tracker.example.com/browse/OPS-123\n",
            ),
            (
                "AI-004",
                "Shard the orders table by region",
                "payments-platform",
                "2025-06-30",
                "P3",
                "prevent",
                "wont-do",
                "",
            ),
        ],
    ),
    (
        "PM-2025-002",
        "2025-04-02",
        "Login failures after a certificate expired",
        "public",
        [
            (
                "AI-001",
                "Renew certificates automatically 30 days before expiry",
                "identity",
                "2025-04-20",
                "P1",
                "prevent",
                "in-progress",
                "",
            ),
            # Author-written text that must reach a shell and a spreadsheet unharmed.
            (
                "AI-002",
                'Check `$(touch pwned)` and it\'s \\"quoted\\"; rm -rf / # not run',
                "=HYPERLINK(1)",
                "2025-07-01",
                "P3",
                "detect",
                "open",
                "",
            ),
        ],
    ),
    (
        "PM-2025-003",
        "2025-05-05",
        "Payroll export sent to the wrong bucket",
        "restricted",
        [
            (
                "AI-001",
                "Restrict the export bucket to the payroll service account",
                "security",
                "2025-05-12",
                "P1",
                "prevent",
                "open",
                "",
            ),
        ],
    ),
]


def write_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    for pm_id, day, title, visibility, items in POSTMORTEMS:
        text = HEAD.format(id=pm_id, title=title, day=day, visibility=visibility)
        for item_id, action, owner, due, priority, category, status, extra in items:
            text += (
                ITEM.format(
                    id=item_id,
                    action=action,
                    owner=f'"{owner}"',
                    due=due,
                    priority=priority,
                    category=category,
                    status=status,
                )
                + extra
            )
        text += "---\n\n## Summary\n\nText.\n"
        path = root / day[:4] / f"{day}-{title.lower().replace(' ', '-')}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with mkdocs.yml, the corpus under postmortems/, and cwd set to it."""
    write_corpus(tmp_path / "postmortems")
    config = {
        "site_name": "Test archive",
        "site_url": "https://postmortems.example.com/",
        "docs_dir": "postmortems",
        "plugins": [
            {"postmortems": {"taxonomy": "postmortems/taxonomy.yml", "as_of": "2025-06-01"}}
        ],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fake_gh(tmp_path: Path) -> Path:
    """A stand-in for the GitHub CLI that keeps issues in a file: list, create and label create."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "gh"
    script.write_text(
        """#!/bin/sh
state="$FAKE_GH_STATE"
touch "$state"
case "$1 $2" in
  "label create") exit 0 ;;
  "issue list") cat "$state"; exit 0 ;;
  "issue create")
    shift 2
    while [ $# -gt 0 ]; do
      case "$1" in
        --title) title=$2; shift 2 ;;
        --body) body=$2; shift 2 ;;
        --label) labels=$2; shift 2 ;;
        *) echo "unexpected argument $1" >&2; exit 2 ;;
      esac
    done
    printf '%s\\n' "$title" >> "$state"
    n=$(wc -l < "$state" | tr -d ' ')
    printf '%s\\n' "$title" > "$FAKE_GH_STATE.title.$n"
    printf '%s' "$body" > "$FAKE_GH_STATE.body.$n"
    printf '%s' "$labels" > "$FAKE_GH_STATE.labels.$n"
    echo "https://github.example.com/issues/$n"
    exit 0 ;;
esac
echo "unexpected: $*" >&2
exit 2
""",
        encoding="utf-8",
    )
    script.chmod(0o755)
    assert shutil.which("sh")
    return bin_dir
