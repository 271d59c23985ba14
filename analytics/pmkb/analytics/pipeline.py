"""Everything the site needs from the analytics, in one call."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from pmkb.analytics.changes import MIN_SAMPLE, Change, claims_of_change
from pmkb.analytics.exports import (
    ACTION_ITEMS_CSV,
    GRAPH_JSON,
    INCIDENTS_CSV,
    METRICS_JSON,
    export_files,
    relabelled_graph_json,
)
from pmkb.analytics.factors import LayerMap, factor_layers
from pmkb.analytics.frame import (
    DEFAULT_STATUSES,
    RecordLike,
    action_items_frame,
    incidents_frame,
    status_set,
    visible_to,
    with_statuses,
)
from pmkb.analytics.metrics import build_metrics
from pmkb.analytics.quality import DataQuality, data_quality
from pmkb.analytics.related import RelatedIncident, related_graph, top_related
from pmkb.model import Status, Visibility
from pmkb.taxonomy import Taxonomy

#: Related post-mortems listed per post-mortem.
TOP_RELATED = 5


@dataclass(frozen=True)
class Summaries:
    """What the metrics say about the tables: data quality, claims of change, ``metrics.json``."""

    quality: DataQuality
    changes: tuple[Change, ...]
    metrics: dict


@dataclass(frozen=True)
class CorpusAnalytics:
    """The tables, metrics and graph of one audience's view of a corpus."""

    as_of: dt.date
    incidents: pd.DataFrame
    action_items: pd.DataFrame
    #: Computes :attr:`summaries`, on first use.
    metrics_source: Callable[[], Summaries] = field(repr=False, compare=False)
    graph: nx.Graph
    related: dict[str, list[RelatedIncident]]
    #: What the graph's edges and clusters were computed from (see :func:`graph_inputs`).
    graph_inputs: tuple = ()
    #: Related post-mortems listed per post-mortem in ``related``.
    related_count: int = TOP_RELATED
    #: ``{tag: layer}`` the metrics were computed with.
    layers: dict[str, str] = field(default_factory=dict)
    #: The fewest values on each side of a claim of change.
    min_sample: int = MIN_SAMPLE

    @functools.cached_property
    def summaries(self) -> Summaries:
        """Data quality, claims of change and metrics, computed together once.

        Computed when first read rather than by :func:`analyse`: a site
        builder that draws its figures in a second process (the MkDocs
        plugin's) needs the graph here before any page renders, but not the
        metrics, which are a third of the analytics' time.
        """
        return self.metrics_source()

    @property
    def metrics(self) -> dict:
        """The dict of ``metrics.json`` (:func:`~pmkb.analytics.metrics.build_metrics`)."""
        return self.summaries.metrics

    @property
    def quality(self) -> DataQuality:
        """:func:`~pmkb.analytics.quality.data_quality` of every incident counted."""
        return self.summaries.quality

    @property
    def changes(self) -> tuple[Change, ...]:
        """:func:`~pmkb.analytics.changes.claims_of_change` of the build."""
        return self.summaries.changes

    def files(
        self,
        earlier: CorpusAnalytics | None = None,
        earlier_files: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """The open-data files, ``{"data/incidents.csv": text, ...}``.

        ``earlier`` and ``earlier_files`` (an earlier result and its files, in
        a ``mkdocs serve`` rebuild) let a file whose inputs are unchanged be
        reused rather than written again: an edited title changes
        ``incidents.csv`` and the nodes of ``graph.json``, not the action
        items, the metrics or the graph's edges.
        """
        kept: dict[str, str] = {}
        if earlier is not None and earlier_files:
            unchanged = {
                INCIDENTS_CSV: earlier.incidents.equals(self.incidents),
                ACTION_ITEMS_CSV: earlier.action_items.equals(self.action_items),
                METRICS_JSON: earlier.metrics is self.metrics,
            }
            kept = {
                p: earlier_files[p] for p, same in unchanged.items() if same and p in earlier_files
            }
            if GRAPH_JSON in earlier_files and earlier.graph_inputs == self.graph_inputs:
                # The same edges and clusters (see analyse): only the node labels may differ.
                kept[GRAPH_JSON] = relabelled_graph_json(earlier_files[GRAPH_JSON], self.graph)
        return export_files(self.incidents, self.action_items, self.metrics, self.graph, kept=kept)


def analyse(
    records: Iterable[RecordLike],
    *,
    as_of: dt.date,
    audience: str | Visibility | None,
    taxonomy: Taxonomy | LayerMap | None = None,
    include_statuses: Iterable[str | Status] | None = DEFAULT_STATUSES,
    graph_statuses: Iterable[str | Status] | str | None = "same",
    related_count: int = TOP_RELATED,
    min_sample: int = MIN_SAMPLE,
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
        Which post-mortems the tables and metrics count (default: every
        status); see :func:`~pmkb.analytics.frame.incidents_frame`.
    graph_statuses
        Which post-mortems the related-incident graph joins: ``"same"`` (the
        default) as ``include_statuses``; ``None`` for every status. A site
        that shows drafts wants them related too, while its figures count
        published reports only; one graph then serves both, so the pairs are
        scored once.
    related_count
        Related post-mortems listed per post-mortem in ``related``.
    min_sample
        The fewest values on each side of a claim of change
        (:func:`~pmkb.analytics.changes.claims_of_change`).
    previous
        An earlier result for the same corpus (a ``mkdocs serve`` rebuild).
        When the graph's inputs are unchanged (no post-mortem added, removed,
        or with other factors, services, trigger, links or start), its edges,
        clusters and related lists are reused: they are most of the time the
        analytics take, and most edits (a title, an action item's status, a
        timeline entry) leave them as they were. Likewise the metrics are
        reused when the columns they read (:func:`metric_view`), the action
        items, ``as_of`` and the factors' layers are unchanged: a title or a
        root-cause sentence is in no metric.

    Examples
    --------
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> result = analyse(example_postmortems(), as_of=dt.date(2025, 5, 1), audience="public")
    >>> list(result.incidents["id"]), sorted(result.files())
    (['PM-2025-001'], ['data/action-items.csv', 'data/graph.json', 'data/incidents.csv', 'data/metrics.json'])
    """
    chosen = list(records) if audience is None else visible_to(records, audience)
    counted = status_set(include_statuses)
    same = isinstance(graph_statuses, str) and graph_statuses == "same"
    joined_statuses = counted if same else status_set(graph_statuses)
    if counted <= joined_statuses:
        # One table from the records; the counted rows are a subset of it.
        joined = incidents_frame(chosen, include_statuses=joined_statuses)
        incidents = joined if counted == joined_statuses else with_statuses(joined, counted)
    else:
        incidents = incidents_frame(chosen, include_statuses=counted)
        joined = incidents_frame(chosen, include_statuses=joined_statuses)
    items = action_items_frame(chosen, as_of, include_statuses=include_statuses)
    layers = factor_layers(taxonomy)
    if (
        previous is not None
        and previous.as_of == as_of
        and previous.layers == layers
        and previous.min_sample == min_sample
        and metric_view(previous.incidents).equals(metric_view(incidents))
        and previous.action_items.equals(items)
    ):
        # Bound now, so that this result does not keep the previous one alive.
        metrics_source = functools.partial(_same, previous.summaries)
    else:
        metrics_source = functools.partial(_summaries, incidents, items, as_of, layers, min_sample)
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
        metrics_source=metrics_source,
        graph=graph,
        related=related,
        graph_inputs=inputs,
        related_count=related_count,
        layers=layers,
        min_sample=min_sample,
    )


def _summaries(
    incidents: pd.DataFrame, items: pd.DataFrame, as_of: dt.date, layers: LayerMap, min_sample: int
) -> Summaries:
    view = metric_view(incidents)
    quality = data_quality(view, items, min_incidents=min_sample)
    changes = claims_of_change(view, items, as_of=as_of, min_sample=min_sample)
    metrics = build_metrics(
        view,
        items,
        as_of=as_of,
        taxonomy=layers,
        min_sample=min_sample,
        quality=quality,
        changes=changes,
    )
    return Summaries(quality, changes, metrics)


def _same(summaries: Summaries) -> Summaries:
    return summaries


#: Columns of the incidents table that describe a report rather than measure
#: an incident: no metric reads them, so editing them leaves the metrics as they were.
NOT_MEASURED = ("title", "rel_path", "root_cause")


def metric_view(incidents: pd.DataFrame) -> pd.DataFrame:
    """The columns of the incidents table the metrics may read (all but :data:`NOT_MEASURED`).

    :func:`analyse` gives :func:`~pmkb.analytics.metrics.build_metrics` this
    view only, so that reusing metrics after a title edit is safe by construction.
    """
    return incidents.drop(columns=[c for c in NOT_MEASURED if c in incidents])


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
