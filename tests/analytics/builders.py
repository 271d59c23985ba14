"""Builders of post-mortems in memory and on disk, every value explicit."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

from pmkb.loader import Corpus, load_corpus
from pmkb.model import PostMortem
from pmkb.taxonomy import load_taxonomy

TAXONOMY_YAML = """\
factors:
  monitoring-gap:
    layer: technical
    description: A signal that would have shown the problem was not collected.
  missing-index:
    layer: technical
    description: A query lacked a suitable index.
  runbook-gap:
    layer: process
    description: No documented procedure for the situation.
  testing-gap:
    layer: process
    description: The failure mode was not covered by tests.
  ownership-gap:
    layer: organizational
    description: Nobody clearly owned the component.
"""

LAYERS = {
    "monitoring-gap": "technical",
    "missing-index": "technical",
    "runbook-gap": "process",
    "testing-gap": "process",
    "ownership-gap": "organizational",
}


def ts(text: str) -> dt.datetime:
    """An aware datetime from ISO text (``Z`` allowed)."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def item(
    item_id: str = "AI-001",
    *,
    status: str = "open",
    due: str = "2025-03-01",
    completed: str | None = None,
    addresses: list[str] | None = None,
    priority: str = "P2",
    category: str = "prevent",
    owner: str = "platform",
    action: str = "Add a check",
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item_id,
        "action": action,
        "owner": owner,
        "due": dt.date.fromisoformat(due),
        "priority": priority,
        "category": category,
        "status": status,
    }
    if completed is not None:
        out["completed"] = dt.date.fromisoformat(completed)
    if addresses is not None:
        out["addresses"] = addresses
    return out


def pm(
    pm_id: str,
    started: str,
    *,
    detected: str | None = None,
    acknowledged: str | None = None,
    mitigated: str | None = None,
    resolved: str | None = None,
    status: str = "published",
    severity: str = "SEV2",
    visibility: str = "internal",
    services: list[str] | None = None,
    factors: list[str] | None = None,
    trigger: str | None = None,
    related: list[str] | None = None,
    items: list[dict[str, Any]] | None = None,
    title: str | None = None,
    teams: list[str] | None = None,
) -> PostMortem:
    """A valid post-mortem; ``detected`` defaults to ``started``."""
    timeline = {
        "started": ts(started),
        "detected": ts(detected or started),
        "acknowledged": ts(acknowledged) if acknowledged else None,
        "mitigated": ts(mitigated) if mitigated else None,
        "resolved": ts(resolved) if resolved else None,
    }
    return PostMortem(
        id=pm_id,
        title=title or f"Incident {pm_id}",
        status=status,
        severity=severity,
        visibility=visibility,
        services=services or ["api"],
        teams=teams or [],
        authors=["sre-oncall"],
        timeline=timeline,
        published=dt.date(2030, 1, 1) if status != "draft" else None,
        detection="alert",
        trigger=trigger,
        root_cause="A systemic cause." if status != "draft" else None,
        contributing_factors=factors or ["monitoring-gap"],
        action_items=items or [],
        related=related or [],
    )


def write_postmortem(
    root: Path, rel_path: str, frontmatter: str, body: str = "## Summary\n\nText.\n"
) -> Path:
    path = root / rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "---\n" + textwrap.dedent(frontmatter).strip() + "\n---\n\n" + body, encoding="utf-8"
    )
    return path


def load(root: Path) -> Corpus:
    taxonomy, problems = load_taxonomy(root / "taxonomy.yml")
    assert not problems, problems
    corpus = load_corpus(root, taxonomy, base=root)
    errors = [p.format() for p in corpus.errors]
    assert not errors, errors
    return corpus
