"""Everything the site needs from the analytics, in one call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from pmkb.analytics.exports import export_files
from pmkb.analytics.factors import LayerMap
from pmkb.analytics.frame import (
    DEFAULT_STATUSES,
    RecordLike,
    action_items_frame,
    incidents_frame,
    visible_to,
)
from pmkb.analytics.metrics import build_metrics
from pmkb.analytics.related import RelatedIncident, related_graph, top_related
from pmkb.model import Status, Visibility
from pmkb.taxonomy import Taxonomy

#: Related post-mortems listed per post-mortem.
TOP_RELATED = 5


@dataclass(frozen=True)
class CorpusAnalytics:
    """The tables, metrics and graph of one audience's view of a corpus."""

    as_of: dt.date
    incidents: pd.DataFrame
    action_items: pd.DataFrame
    metrics: dict
    graph: nx.Graph
    related: dict[str, list[RelatedIncident]]

    def files(self) -> dict[str, str]:
        """The open-data files, ``{"data/incidents.csv": text, ...}``."""
        return export_files(self.incidents, self.action_items, self.metrics, self.graph)


def analyse(
    records: Iterable[RecordLike],
    *,
    as_of: dt.date,
    audience: str | Visibility | None,
    taxonomy: Taxonomy | LayerMap | None = None,
    include_statuses: Iterable[str | Status] | None = DEFAULT_STATUSES,
    graph_statuses: Iterable[str | Status] | None | str = "same",
    related_count: int = TOP_RELATED,
) -> CorpusAnalytics:
    """Tables, metrics, related-incident graph and top related post-mortems of ``records``.

    Parameters
    ----------
    records
        Loaded records (:attr:`pmkb.loader.Corpus.records`) or models.
    as_of
        Decides which action items are overdue.
    audience
        ``public``, ``internal`` or ``restricted``: records the audience may
        not read are dropped first, so they leave no trace in any table,
        figure, graph or file. ``None`` uses the records as given (the
        caller has filtered them).
    taxonomy
        Gives factors their layers.
    include_statuses
        Which post-mortems the tables and metrics count; see
        :func:`~pmkb.analytics.frame.incidents_frame`.
    graph_statuses
        Which post-mortems the related-incident graph joins: ``"same"`` (the
        default) as ``include_statuses``; ``None`` for every status. A site
        that shows drafts wants them related too, while its figures count
        published reports only; one graph then serves both, so the pairs are
        scored once.
    related_count
        Related post-mortems listed per post-mortem in ``related``.

    Examples
    --------
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> result = analyse(example_postmortems(), as_of=dt.date(2025, 5, 1), audience="public")
    >>> list(result.incidents["id"]), sorted(result.files())
    (['PM-2025-001'], ['data/action-items.csv', 'data/graph.json', 'data/incidents.csv', 'data/metrics.json'])
    """
    chosen = list(records) if audience is None else visible_to(records, audience)
    incidents = incidents_frame(chosen, include_statuses=include_statuses)
    items = action_items_frame(chosen, as_of, include_statuses=include_statuses)
    metrics = build_metrics(incidents, items, as_of=as_of, taxonomy=taxonomy)
    if isinstance(graph_statuses, str) and graph_statuses == "same":
        joined = incidents
    else:
        joined = incidents_frame(chosen, include_statuses=graph_statuses)
    graph = related_graph(joined)
    return CorpusAnalytics(
        as_of=as_of,
        incidents=incidents,
        action_items=items,
        metrics=metrics,
        graph=graph,
        related=top_related(graph, related_count) if related_count > 0 else {},
    )
