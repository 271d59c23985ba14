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
    #: What the graph's edges and clusters were computed from (see :func:`graph_inputs`).
    graph_inputs: tuple = ()
    #: Related post-mortems listed per post-mortem in ``related``.
    related_count: int = TOP_RELATED

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
    graph_statuses: Iterable[str | Status] | str | None = "same",
    related_count: int = TOP_RELATED,
    previous: CorpusAnalytics | None = None,
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
    previous
        An earlier result for the same corpus (a ``mkdocs serve`` rebuild).
        When the graph's inputs are unchanged (no post-mortem added, removed,
        or with other factors, services, trigger, links or start), its edges,
        clusters and related lists are reused: they are most of the time the
        analytics take, and most edits (a title, an action item's status, a
        timeline entry) leave them as they were.

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
    inputs = graph_inputs(joined)
    related = None
    if previous is not None and previous.graph_inputs == inputs:
        graph = _relabelled(previous.graph, joined)
        if previous.related_count == related_count:
            related = previous.related
    else:
        graph = related_graph(joined)
    if related is None:
        related = top_related(graph, related_count) if related_count > 0 else {}
    return CorpusAnalytics(
        as_of=as_of,
        incidents=incidents,
        action_items=items,
        metrics=metrics,
        graph=graph,
        related=related,
        graph_inputs=inputs,
        related_count=related_count,
    )


#: The incidents table's columns the graph's edges and clusters are computed from.
GRAPH_INPUT_COLUMNS = ("id", "started", "factors", "services", "trigger", "related")
#: Node attributes copied from the table, which change nothing else in the graph.
NODE_LABEL_COLUMNS = ("title", "severity", "status")


def graph_inputs(incidents: pd.DataFrame) -> tuple:
    """Everything :func:`related_graph` computes edges and clusters from, comparable with ``==``."""
    columns = [c for c in GRAPH_INPUT_COLUMNS if c in incidents]
    return (tuple(columns), *zip(*(incidents[c].tolist() for c in columns)))


def _relabelled(graph: nx.Graph, incidents: pd.DataFrame) -> nx.Graph:
    """A copy of ``graph`` with each node's labels taken from ``incidents``."""
    graph = graph.copy()
    columns = [c for c in NODE_LABEL_COLUMNS if c in incidents]
    for row in zip(incidents["id"].tolist(), *(incidents[c].tolist() for c in columns)):
        graph.nodes[row[0]].update(zip(columns, row[1:]))
    return graph
