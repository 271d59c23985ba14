"""Everything the site needs from the analytics, in one call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from pmkb.analytics.changes import MIN_SAMPLE, Change, claims_of_change
from pmkb.analytics.exports import export_files
from pmkb.analytics.factors import LayerMap, factor_layers
from pmkb.analytics.frame import (
    DEFAULT_STATUSES,
    RecordLike,
    RowMemo,
    action_items_frame,
    incidents_frame,
    status_set,
    visible_to,
    with_statuses,
)
from pmkb.analytics.metrics import Metrics, build_metrics
from pmkb.analytics.parts import PartMemo
from pmkb.analytics.periods import PERIODS, PeriodData, all_time, period_data
from pmkb.analytics.quality import DataQuality, after_as_of, data_quality, started_after
from pmkb.analytics.related import RelatedIncident, related_graph, top_related
from pmkb.model import Status, Visibility
from pmkb.taxonomy import Taxonomy

#: Related post-mortems listed per post-mortem.
TOP_RELATED = 5


@dataclass(frozen=True)
class Summaries:
    """What the metrics say about the tables: data quality, claims of change,
    ``metrics.json``, and the same metrics for each of the dashboard's periods."""

    quality: DataQuality
    changes: tuple[Change, ...]
    metrics: Metrics
    #: The dashboard's periods by slug ("" for all time).
    periods: dict[str, PeriodData]
    #: The metrics' parts, for the next summaries to reuse what an edit left unchanged.
    parts: PartMemo = field(default_factory=PartMemo, repr=False, compare=False)


@dataclass(frozen=True)
class CorpusAnalytics:
    """The tables, metrics and graph of one audience's view of a corpus."""

    as_of: dt.date
    incidents: pd.DataFrame
    action_items: pd.DataFrame
    summaries: Summaries = field(repr=False, compare=False)
    graph: nx.Graph[str]
    related: dict[str, list[RelatedIncident]]
    #: What the graph's edges and clusters were computed from (see :func:`graph_inputs`).
    graph_inputs: GraphInputs = field(default_factory=lambda: GraphInputs((), ()))
    #: Related post-mortems listed per post-mortem in ``related``.
    related_count: int = TOP_RELATED
    #: ``{tag: layer}`` the metrics were computed with.
    layers: Mapping[str, str] = field(default_factory=dict)
    #: The fewest values on each side of a claim of change.
    min_sample: int = MIN_SAMPLE
    #: The rows the tables were made of, for :func:`update` to reuse.
    rows: RowMemo = field(default_factory=RowMemo, repr=False, compare=False)

    @property
    def metrics(self) -> Metrics:
        """The content of ``metrics.json`` (:func:`~pmkb.analytics.metrics.build_metrics`)."""
        return self.summaries.metrics

    @property
    def quality(self) -> DataQuality:
        """:func:`~pmkb.analytics.quality.data_quality` of every incident counted."""
        return self.summaries.quality

    @property
    def changes(self) -> tuple[Change, ...]:
        """:func:`~pmkb.analytics.changes.claims_of_change` of the build."""
        return self.summaries.changes

    def period(self, slug: str) -> PeriodData:
        """The analytics of one of the dashboard's periods (``""`` for all time)."""
        return self.summaries.periods[slug]

    @property
    def recent_periods(self) -> tuple[PeriodData, ...]:
        """The dashboard's periods but all time, in :data:`PERIODS`' order: the
        ``periods`` of ``metrics.json``."""
        return tuple(self.summaries.periods[p.slug] for p in PERIODS if p.months is not None)

    def files(self) -> dict[str, str]:
        """The open-data files, ``{"data/incidents.csv": text, ...}``."""
        return export_files(
            self.incidents, self.action_items, self.metrics, self.graph, self.recent_periods
        )


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
    Examples
    --------
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> result = analyse(example_postmortems(), as_of=dt.date(2025, 5, 1), audience="public")
    >>> list(result.incidents["id"]), sorted(result.files())
    (['PM-2025-001'], ['data/action-items.csv', 'data/graph.json', 'data/incidents.csv', 'data/metrics.json'])
    """
    tables = _tables(
        records, as_of, audience, include_statuses, graph_statuses, taxonomy, RowMemo()
    )
    graph = related_graph(tables.joined)
    return _assemble(
        tables,
        as_of=as_of,
        summaries=_summaries(tables, as_of, min_sample, PartMemo()),
        graph=graph,
        related=top_related(graph, related_count) if related_count > 0 else {},
        related_count=related_count,
        min_sample=min_sample,
    )


def update(
    previous: CorpusAnalytics,
    records: Iterable[RecordLike],
    *,
    as_of: dt.date,
    audience: str | Visibility | None,
    taxonomy: Taxonomy | LayerMap | None = None,
    include_statuses: Iterable[str | Status] | None = DEFAULT_STATUSES,
    graph_statuses: Iterable[str | Status] | str | None = "same",
    related_count: int = TOP_RELATED,
    min_sample: int = MIN_SAMPLE,
) -> CorpusAnalytics:
    """What :func:`analyse` gives, reusing from ``previous`` what an edit left unchanged.

    For a preview that rebuilds after every save. The related-incident graph
    (edges, clusters, related lists) is reused when no post-mortem was added
    or removed or changed its factors, services, trigger, links or start; the
    summaries (metrics, data quality, claims, periods) when the columns they
    read (:func:`metric_view`), the action items, ``as_of``, the factors'
    layers and ``min_sample`` are unchanged. Most edits (a title, a root
    cause, a body) leave both, and they are most of the analytics' time.
    Otherwise each part of the metrics whose columns are unchanged is reused
    (:class:`~pmkb.analytics.parts.PartMemo`): a severity edit recomputes the
    severity breakdowns, not the factor or recurrence tables. The
    tables take the rows of every post-mortem that is the same object as in
    ``previous`` (:class:`~pmkb.analytics.frame.RowMemo`). The result equals
    :func:`analyse` of the same arguments.

    Examples
    --------
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> records = example_postmortems()
    >>> first = analyse(records, as_of=dt.date(2025, 5, 1), audience="internal")
    >>> retitled = [r.model_copy(update={"title": "Edited"}) for r in records]
    >>> again = update(first, retitled, as_of=dt.date(2025, 5, 1), audience="internal")
    >>> again.summaries is first.summaries, set(again.incidents["title"])
    (True, {'Edited'})
    """
    memo = RowMemo(previous.rows)
    tables = _tables(records, as_of, audience, include_statuses, graph_statuses, taxonomy, memo)
    memo.forget_previous()
    summaries = (
        previous.summaries
        if previous.as_of == as_of
        and previous.layers == tables.layers
        and previous.min_sample == min_sample
        and metric_view(previous.incidents).equals(metric_view(tables.incidents))
        and previous.action_items.equals(tables.action_items)
        else _summaries(tables, as_of, min_sample, PartMemo(previous.summaries.parts))
    )
    summaries.parts.forget_previous()
    related: dict[str, list[RelatedIncident]] | None
    if previous.graph_inputs == graph_inputs(tables.joined):
        graph = _relabelled(previous.graph, tables.joined)
        related = previous.related if previous.related_count == related_count else None
    else:
        graph, related = related_graph(tables.joined), None
    if related is None:
        related = top_related(graph, related_count) if related_count > 0 else {}
    return _assemble(
        tables,
        as_of=as_of,
        summaries=summaries,
        graph=graph,
        related=related,
        related_count=related_count,
        min_sample=min_sample,
    )


@dataclass(frozen=True)
class _Tables:
    """The tables one call of :func:`analyse` or :func:`update` works from."""

    #: The incidents the figures count, and their action items.
    incidents: pd.DataFrame
    action_items: pd.DataFrame
    #: The incidents the related-incident graph joins (a superset of ``incidents``).
    joined: pd.DataFrame
    #: ``{tag: layer}`` of the taxonomy.
    layers: LayerMap
    #: The rows the tables were made of.
    rows: RowMemo


def _tables(
    records: Iterable[RecordLike],
    as_of: dt.date,
    audience: str | Visibility | None,
    include_statuses: Iterable[str | Status] | None,
    graph_statuses: Iterable[str | Status] | str | None,
    taxonomy: Taxonomy | LayerMap | None,
    memo: RowMemo,
) -> _Tables:
    """The counted incidents, their action items, the incidents the graph joins, the layers."""
    chosen = list(records) if audience is None else visible_to(records, audience)
    counted = status_set(include_statuses)
    same = isinstance(graph_statuses, str) and graph_statuses == "same"
    joined_statuses = counted if same else status_set(graph_statuses)
    if counted <= joined_statuses:
        # One table from the records; the counted rows are a subset of it.
        joined = incidents_frame(chosen, include_statuses=joined_statuses, memo=memo)
        incidents = joined if counted == joined_statuses else with_statuses(joined, counted)
    else:
        incidents = incidents_frame(chosen, include_statuses=counted, memo=memo)
        joined = incidents_frame(chosen, include_statuses=joined_statuses, memo=memo)
    items = action_items_frame(chosen, as_of, include_statuses=include_statuses, memo=memo)
    return _Tables(incidents, items, joined, factor_layers(taxonomy), memo)


def _assemble(
    tables: _Tables,
    *,
    as_of: dt.date,
    summaries: Summaries,
    graph: nx.Graph[str],
    related: dict[str, list[RelatedIncident]],
    related_count: int,
    min_sample: int,
) -> CorpusAnalytics:
    return CorpusAnalytics(
        as_of=as_of,
        incidents=tables.incidents,
        action_items=tables.action_items,
        summaries=summaries,
        graph=graph,
        related=related,
        graph_inputs=graph_inputs(tables.joined),
        related_count=related_count,
        layers=tables.layers,
        min_sample=min_sample,
        rows=tables.rows,
    )


def _summaries(tables: _Tables, as_of: dt.date, min_sample: int, parts: PartMemo) -> Summaries:
    view, items, layers = metric_view(tables.incidents), tables.action_items, tables.layers
    # Every figure is measured up to the as-of date: an incident that starts after it
    # (a mistyped year, or a build dated in the past) is left out, and flagged by name.
    later = started_after(view, as_of)
    future = after_as_of(view["id"][later].tolist(), len(view), as_of)
    if future is not None:
        view = view[~later].reset_index(drop=True)
        items = items[~items["postmortem_id"].isin(set(future.ids))].reset_index(drop=True)
    quality = data_quality(view, items, min_incidents=min_sample).with_flag(future)
    changes = claims_of_change(view, items, as_of=as_of, min_sample=min_sample)
    metrics = build_metrics(
        view,
        items,
        as_of=as_of,
        taxonomy=layers,
        min_sample=min_sample,
        quality=quality,
        changes=changes,
        memo=parts.within("all time"),
    )
    everything = all_time(
        view, items, metrics, quality, changes, as_of=as_of, min_sample=min_sample
    )
    periods = {
        p.slug: period_data(view, items, everything, p, layers, parts.within(p.slug))
        for p in PERIODS
    }
    return Summaries(
        quality=quality, changes=changes, metrics=metrics, periods=periods, parts=parts
    )


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


@dataclass(frozen=True)
class GraphInputs:
    """The columns :func:`related_graph` reads, and their values row by row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def graph_inputs(incidents: pd.DataFrame) -> GraphInputs:
    """Everything :func:`related_graph` computes edges and clusters from, comparable with ``==``."""
    columns = tuple(c for c in GRAPH_INPUT_COLUMNS if c in incidents)
    return GraphInputs(columns, tuple(zip(*(incidents[c].tolist() for c in columns))))


def _relabelled(graph: nx.Graph[str], incidents: pd.DataFrame) -> nx.Graph[str]:
    """A copy of ``graph`` with each node's labels taken from ``incidents``."""
    graph = graph.copy()
    columns = [c for c in NODE_LABEL_COLUMNS if c in incidents]
    for row in zip(incidents["id"].tolist(), *(incidents[c].tolist() for c in columns)):
        graph.nodes[row[0]].update(zip(columns, row[1:]))
    return graph
