"""Cross-incident analytics: pure functions over pandas DataFrames and networkx graphs.

Nothing here imports MkDocs or touches the disk (except
:func:`~pmkb.analytics.exports.write_exports`), so the same functions serve
the site, a notebook and the command line::

    from pmkb.analytics import analyse
    result = analyse(corpus.records, as_of=date.today(), audience="internal", taxonomy=taxonomy)
    result.metrics.response_times.by_quarter

The layers, each usable alone:

* :mod:`~pmkb.analytics.frame`: records -> an incidents table and an action-items table;
* :mod:`~pmkb.analytics.response_times`, :mod:`~pmkb.analytics.factors`,
  :mod:`~pmkb.analytics.recurrence`, :mod:`~pmkb.analytics.action_items`:
  tables -> tidy summary tables;
* :mod:`~pmkb.analytics.related`: the incidents table -> a weighted graph,
  top related post-mortems, clusters;
* :mod:`~pmkb.analytics.quality`: the tables -> what each field records, and
  what is too degenerate to measure;
* :mod:`~pmkb.analytics.changes`: the tables -> claims of change, each with
  its interval, p-value and verdict;
* :mod:`~pmkb.analytics.metrics`: all summaries -> :class:`~pmkb.analytics.metrics.Metrics`,
  the content of ``metrics.json``;
* :mod:`~pmkb.analytics.exports`: tables, metrics, graph -> the open-data files;
* :mod:`~pmkb.analytics.pipeline`: all of the above in one call.
"""

from __future__ import annotations

from pmkb.analytics.action_items import action_item_summary, oldest_overdue
from pmkb.analytics.changes import Change, Verdict, claims_of_change
from pmkb.analytics.exports import (
    action_items_csv,
    export_files,
    graph_data,
    graph_json,
    incidents_csv,
    metrics_json,
    write_exports,
)
from pmkb.analytics.factors import (
    factor_cooccurrence,
    factor_frequency,
    layer_frequency,
)
from pmkb.analytics.frame import action_items_frame, incidents_frame, visible_to
from pmkb.analytics.metrics import Metrics, build_metrics
from pmkb.analytics.pipeline import CorpusAnalytics, analyse, update
from pmkb.analytics.quality import DataQuality, FieldQuality, QualityFlag, data_quality
from pmkb.analytics.recurrence import (
    fixes_that_did_not_hold,
    recurring_factors,
    recurring_service_factors,
)
from pmkb.analytics.related import (
    Cluster,
    RelatedIncident,
    RelatednessWeights,
    detect_clusters,
    edge_reasons,
    related_graph,
    top_related,
)
from pmkb.analytics.response_times import median_ci, response_time_summary

__all__ = [
    "Change",
    "Cluster",
    "CorpusAnalytics",
    "DataQuality",
    "FieldQuality",
    "Metrics",
    "QualityFlag",
    "RelatedIncident",
    "RelatednessWeights",
    "Verdict",
    "action_item_summary",
    "action_items_csv",
    "action_items_frame",
    "analyse",
    "build_metrics",
    "claims_of_change",
    "data_quality",
    "detect_clusters",
    "edge_reasons",
    "export_files",
    "factor_cooccurrence",
    "factor_frequency",
    "fixes_that_did_not_hold",
    "graph_data",
    "graph_json",
    "incidents_csv",
    "incidents_frame",
    "layer_frequency",
    "median_ci",
    "metrics_json",
    "oldest_overdue",
    "recurring_factors",
    "recurring_service_factors",
    "related_graph",
    "response_time_summary",
    "top_related",
    "update",
    "visible_to",
    "write_exports",
]
