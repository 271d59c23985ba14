"""A post-mortem the audience may not read leaves no trace in anything the analytics produce."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest
from pmkb.analytics.pipeline import analyse
from pmkb.taxonomy import load_taxonomy

from .builders import load, write_postmortem

COMMON = """
authors: [sre-oncall]
published: 2025-03-10
detection: alert
root_cause: A limit nobody watched was reached.
"""


@pytest.fixture
def corpus(corpus_dir):
    write(
        corpus_dir,
        "2025/2025-03-01-public-outage.md",
        """
        id: PM-2025-001
        title: Public status page outage
        status: published
        severity: SEV3
        visibility: public
        services: [status-page]
        timeline: {started: 2025-03-01T10:00:00Z, detected: 2025-03-01T10:05:00Z,
                    resolved: 2025-03-01T11:00:00Z}
        contributing_factors: [monitoring-gap, runbook-gap]
    """,
    )
    write(
        corpus_dir,
        "2025/2025-03-02-internal-queue.md",
        """
        id: PM-2025-002
        title: Internal queue backlog
        status: published
        severity: SEV2
        visibility: internal
        services: [status-page, queue]
        related: [PM-2025-003]
        timeline: {started: 2025-03-02T10:00:00Z, detected: 2025-03-02T10:10:00Z,
                    resolved: 2025-03-02T12:00:00Z}
        contributing_factors: [monitoring-gap, testing-gap]
    """,
    )
    write(
        corpus_dir,
        "2025/2025-03-03-vault-keys.md",
        """
        id: PM-2025-003
        title: Vault key rotation locked out payments
        status: published
        severity: SEV1
        visibility: restricted
        services: [key-vault, queue]
        trigger: certificate-expiry
        related: [PM-2025-002]
        timeline: {started: 2025-03-03T10:00:00Z, detected: 2025-03-03T13:37:00Z,
                    resolved: 2025-03-03T20:00:00Z}
        contributing_factors: [ownership-gap, monitoring-gap]
        action_items:
          - id: AI-001
            action: Automate the rotation of vault keys
            owner: security
            due: 2025-03-20
            priority: P1
            category: prevent
            status: open
    """,
    )
    return load(corpus_dir), load_taxonomy(corpus_dir / "taxonomy.yml")[0]


def write(root, rel_path: str, frontmatter: str) -> None:
    write_postmortem(root, rel_path, textwrap.dedent(frontmatter) + COMMON)


def everything(result) -> str:
    """Every output as one text: tables, metrics, graph, related lists and files."""
    parts = [
        result.incidents.to_csv(),
        result.action_items.to_csv(),
        json.dumps(result.metrics.as_json()),
        repr(list(result.graph.nodes(data=True))),
        repr(list(result.graph.edges(data=True))),
        repr(result.graph.graph),
        repr(result.related),
        *result.files().values(),
    ]
    return "\n".join(parts)


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_restricted_post_mortem_leaves_no_trace(corpus, audience):
    loaded, taxonomy = corpus
    result = analyse(
        loaded.records, as_of=dt.date(2025, 4, 1), audience=audience, taxonomy=taxonomy
    )
    text = everything(result)
    for trace in (
        "PM-2025-003",
        "Vault key",
        "key-vault",
        "ownership-gap",
        "certificate-expiry",
        "Automate the rotation",
        "security",
        "217",
    ):  # 217: its TTD in minutes
        assert trace not in text, f"{trace!r} leaked into the {audience} build"
    sev1 = result.metrics.incidents.by_severity[0]
    assert (sev1.group, sev1.incidents) == ("SEV1", 0)
    assert result.metrics.action_items.overall.total == 0


def test_internal_build_hides_nothing_internal_and_public_build_hides_internal(corpus):
    loaded, taxonomy = corpus
    internal = analyse(
        loaded.records, as_of=dt.date(2025, 4, 1), audience="internal", taxonomy=taxonomy
    )
    assert list(internal.incidents["id"]) == ["PM-2025-001", "PM-2025-002"]
    assert internal.incidents.iloc[1]["related"] == ()  # the link to the restricted one is gone
    public = analyse(
        loaded.records, as_of=dt.date(2025, 4, 1), audience="public", taxonomy=taxonomy
    )
    assert "PM-2025-002" not in everything(public)
    assert "queue" not in everything(public)


def test_restricted_build_shows_everything(corpus):
    loaded, taxonomy = corpus
    full = analyse(
        loaded.records, as_of=dt.date(2025, 4, 1), audience="restricted", taxonomy=taxonomy
    )
    assert len(full.incidents) == 3
    assert full.incidents.iloc[2]["ttd"] == 217.0
    assert ("PM-2025-002", "PM-2025-003") in full.graph.edges
    assert full.related["PM-2025-003"][0].reasons[0] == "explicit link"
