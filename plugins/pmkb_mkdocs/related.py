"""The closest incidents to each post-mortem, and why each one is close.

An adapter: the site asks for ``related_incidents(records, count)`` and gets,
per id, a short list of :class:`RelatedIncident`. The scoring belongs to the
analytics package; until ``pmkb.analytics.related`` is available this module
scores with the same three signals (explicit link, shared contributing
factors, shared services).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pmkb.loader import Record

#: Weights of the local scorer: an author's explicit link outranks any overlap.
LINK_WEIGHT = 3.0
FACTOR_WEIGHT = 1.0
SERVICE_WEIGHT = 1.0


@dataclass(frozen=True)
class Reason:
    """Why two incidents are related: an explicit ``link``, shared ``factors`` or ``services``."""

    kind: Literal["link", "factors", "services"]
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelatedIncident:
    id: str
    score: float
    #: Strongest first: an explicit link, then shared factors, then shared services.
    reasons: tuple[Reason, ...]


def related_incidents(records: Sequence[Record], count: int) -> dict[str, list[RelatedIncident]]:
    """Up to ``count`` related incidents for each record, best first, among ``records`` only.

    Links to ids outside ``records`` (hidden from this audience, or broken) are
    dropped silently, so a restricted post-mortem never shows up by reference.
    """
    if count <= 0 or not records:
        return {}
    by_id = {r.meta.id: r for r in records}
    links: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for other in record.meta.related:
            if other in by_id and other != record.meta.id:
                links[record.meta.id].add(other)
                links[other].add(record.meta.id)
    factor_index: dict[str, list[str]] = defaultdict(list)
    service_index: dict[str, list[str]] = defaultdict(list)
    for record in records:
        for tag in set(record.meta.contributing_factors):
            factor_index[tag].append(record.meta.id)
        for service in set(record.meta.services):
            service_index[service].append(record.meta.id)

    out: dict[str, list[RelatedIncident]] = {}
    for record in records:
        me = record.meta.id
        scores: Counter[str] = Counter()
        for other in links[me]:
            scores[other] += LINK_WEIGHT
        for tag in set(record.meta.contributing_factors):
            for other in factor_index[tag]:
                scores[other] += FACTOR_WEIGHT
        for service in set(record.meta.services):
            for other in service_index[service]:
                scores[other] += SERVICE_WEIGHT
        scores.pop(me, None)
        ranked = sorted(
            scores.items(),
            key=lambda item: (-item[1], -by_id[item[0]].meta.started_utc.timestamp(), item[0]),
        )[:count]
        out[me] = [
            RelatedIncident(other, score, _reasons(record, by_id[other], other in links[me]))
            for other, score in ranked
        ]
    return out


def _reasons(record: Record, other: Record, linked: bool) -> tuple[Reason, ...]:
    reasons = [Reason("link")] if linked else []
    factors = sorted(set(record.meta.contributing_factors) & set(other.meta.contributing_factors))
    if factors:
        reasons.append(Reason("factors", tuple(factors)))
    services = sorted(set(record.meta.services) & set(other.meta.services))
    if services:
        reasons.append(Reason("services", tuple(services)))
    return tuple(reasons)
