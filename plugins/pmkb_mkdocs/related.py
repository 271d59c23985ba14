"""The closest incidents to each post-mortem, and why each one is close.

A thin adapter over :mod:`pmkb.analytics.related`: the analytics score the
related-incident graph (explicit links, shared factors and services weighted
by rarity, a shared trigger); this module turns each post-mortem's strongest
edges into :class:`RelatedIncident` items whose reasons the page can link
(each shared factor to its factor page, each service to its service page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pmkb.loader import Record


@dataclass(frozen=True)
class Reason:
    """Why two incidents are related: an explicit ``link``, shared ``factors`` or
    ``services``, the same ``trigger``."""

    kind: Literal["link", "factors", "services", "trigger"]
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelatedIncident:
    id: str
    score: float
    #: Strongest first: an explicit link, then shared factors, services, trigger.
    reasons: tuple[Reason, ...]


def related_incidents(records: Sequence[Record], count: int) -> dict[str, list[RelatedIncident]]:
    """Up to ``count`` related incidents for each record, best first, among ``records`` only.

    Whatever is not in ``records`` (hidden from this audience, broken) is not
    known to the graph, so a ``related`` link to it is dropped silently.
    """
    if count <= 0 or not records:
        return {}
    # Imported here: pandas, numpy and networkx take most of a second to load,
    # which a build without post-mortems (or with the plugin off) need not pay.
    from pmkb.analytics.frame import incidents_frame
    from pmkb.analytics.related import DEFAULT_KEEP_TOP, related_graph, top_related

    # Every status the site shows takes part: a draft can be the closest match.
    frame = incidents_frame(records, include_statuses=None)
    graph = related_graph(frame, keep_top=max(count, DEFAULT_KEEP_TOP), clusters=False)
    out: dict[str, list[RelatedIncident]] = {}
    for pm_id, items in top_related(graph, count).items():
        out[pm_id] = [
            RelatedIncident(item.id, item.score, _reasons(graph.edges[pm_id, item.id]))
            for item in items
        ]
    return out


def _shared(edge: Mapping[str, object], key: str) -> tuple[str, ...]:
    values = edge.get(key)
    return tuple(str(v) for v in values) if isinstance(values, (tuple, list)) else ()


def _reasons(edge: Mapping[str, object]) -> tuple[Reason, ...]:
    reasons = [Reason("link")] if edge.get("linked") else []
    if factors := _shared(edge, "factors"):
        reasons.append(Reason("factors", factors))
    if services := _shared(edge, "services"):
        reasons.append(Reason("services", services))
    if edge.get("trigger"):
        reasons.append(Reason("trigger", (str(edge["trigger"]),)))
    return tuple(reasons)
