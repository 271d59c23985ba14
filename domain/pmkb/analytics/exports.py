"""The open-data files of the site: two CSV tables, the metrics and the graph as JSON.

=============================  ==================================================
file                           content
=============================  ==================================================
``data/incidents.csv``         one row per post-mortem (:data:`INCIDENT_CSV_COLUMNS`)
``data/action-items.csv``      one row per action item (:data:`ACTION_ITEM_CSV_COLUMNS`)
``data/metrics.json``          :func:`~pmkb.analytics.metrics.build_metrics`, with
                               each recent period's under ``periods``
``data/graph.json``            :func:`graph_data` of the related-incident graph
=============================  ==================================================

Every writer returns text; only :func:`write_exports` touches the disk. The
output is deterministic: the same input gives the same bytes (rows in a stable
order, JSON keys sorted, floats rounded to four decimals, no time of
generation inside).

CSV conventions
---------------
UTF-8 without a byte-order mark, a header row, ``\\n`` line ends, fields quoted
only when needed. Durations are minutes (``ttd_minutes`` ...), timestamps
ISO 8601 in UTC (``2025-02-09T10:05:23Z``), dates ``YYYY-MM-DD``, booleans
``true``/``false``, list cells joined with ``;`` (tags and service names
cannot contain one), a missing value is an empty cell.

**Spreadsheet formula injection.** A spreadsheet runs a cell that starts with
``=``, ``+``, ``-`` or ``@`` (and some also after a leading tab or carriage
return) as a formula, so a title such as ``=HYPERLINK(...)`` typed into a
post-mortem could act on the reader's machine when the CSV is opened. Every
*text* cell starting with one of these characters is written with a leading
``'``, which spreadsheets read as "this is text". Numbers, dates and
timestamps are never changed (a negative number is a number).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from pmkb.analytics.jsonable import FLOAT_DECIMALS, plain

if TYPE_CHECKING:
    from pmkb.analytics.metrics import Metrics
    from pmkb.analytics.periods import PeriodData

GRAPH_SCHEMA_VERSION = 1

#: Where :func:`export_files` puts each file, relative to the site's root.
INCIDENTS_CSV = "data/incidents.csv"
ACTION_ITEMS_CSV = "data/action-items.csv"
METRICS_JSON = "data/metrics.json"
GRAPH_JSON = "data/graph.json"

#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Columns of ``incidents.csv``: (column, source column of the incidents table, description).
INCIDENT_CSV_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "id", "post-mortem id, PM-YYYY-NNN"),
    ("title", "title", "title"),
    ("status", "status", "draft | in-review | published"),
    ("severity", "severity", "SEV1 (critical) to SEV4 (minor)"),
    ("visibility", "visibility", "public | internal | restricted"),
    (
        "detection",
        "detection",
        "alert | customer-report | internal-report | synthetic-check | other",
    ),
    ("trigger", "trigger", "what set the incident off; empty when not given"),
    ("started", "started", "user impact began, UTC"),
    ("detected", "detected", "first alert or first human noticed, UTC"),
    ("acknowledged", "acknowledged", "a responder engaged, UTC; empty when not given"),
    ("mitigated", "mitigated", "user impact ended, UTC; empty when not given"),
    ("resolved", "resolved", "incident closed, UTC; empty when not given"),
    ("published", "published", "day the report was shared"),
    ("ttd_minutes", "ttd", "time to detect: detected - started, minutes"),
    (
        "tta_minutes",
        "tta",
        "time to acknowledge: acknowledged - detected, minutes; empty when either is missing",
    ),
    (
        "ttm_minutes",
        "ttm",
        "time to mitigate: mitigated - started, minutes; empty when mitigated is missing",
    ),
    (
        "ttr_minutes",
        "ttr",
        "time to resolve: resolved - started, minutes; empty when resolved is missing",
    ),
    ("year", "year", "year of the UTC start"),
    ("quarter", "quarter", "quarter of the UTC start, e.g. 2025Q1"),
    ("month", "month", "month of the UTC start, e.g. 2025-02"),
    ("services", "services", "services affected, ;-separated"),
    ("teams", "teams", "owning teams, ;-separated"),
    ("factors", "factors", "contributing-factor tags, ;-separated"),
    ("related", "related", "explicitly linked post-mortems in this export, ;-separated"),
    ("root_cause", "root_cause", "root cause in one or two sentences"),
    ("users_affected", "users_affected", "impact: users affected"),
    ("failed_requests", "failed_requests", "impact: failed requests"),
    ("revenue_usd", "revenue_usd", "impact: revenue lost, USD"),
    ("data_loss", "data_loss", "impact: data was lost (true/false)"),
    (
        "slo_budget_consumed_pct",
        "slo_budget_consumed_pct",
        "impact: error budget consumed, percent",
    ),
    ("third_party_vendor", "third_party_vendor", "vendor involved"),
    ("third_party_expectation", "third_party_expectation", "violated | met | undefined"),
    ("action_items", "action_items", "number of action items"),
    ("action_items_done", "action_items_done", "action items done"),
    ("action_items_open", "action_items_open", "action items open or in progress"),
    ("action_items_wont_do", "action_items_wont_do", "action items the team decided not to do"),
    ("path", "rel_path", "source file, relative to the post-mortems folder"),
)

#: Columns of ``action-items.csv``: (column, source column of the action-items table, description).
ACTION_ITEM_CSV_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("key", "key", "global key, e.g. PM-2025-007/AI-001"),
    ("postmortem_id", "postmortem_id", "the post-mortem the item belongs to"),
    ("item_id", "item_id", "AI-NNN"),
    ("severity", "severity", "severity of the incident"),
    ("incident_started", "incident_started", "start of the incident, UTC"),
    ("incident_quarter", "incident_quarter", "quarter of the incident's UTC start"),
    ("action", "action", "what is to be done"),
    ("owner", "owner", "team or role"),
    ("due", "due", "due date"),
    ("priority", "priority", "P1 (high) to P3 (low)"),
    (
        "category",
        "category",
        "investigate | mitigate | repair | detect | mitigate-future | prevent",
    ),
    ("status", "status", "open | in-progress | done | wont-do"),
    ("completed", "completed", "date completed; empty unless done"),
    ("tracker", "tracker", "URL of the ticket"),
    ("addresses", "addresses", "contributing factors the item removes, ;-separated"),
    ("overdue", "overdue", "open or in progress with due before the as-of date (true/false)"),
    ("days_overdue", "days_overdue", "as-of date - due, days; empty unless overdue"),
    (
        "days_to_close",
        "days_to_close",
        "completed - incident's UTC start date, days; empty unless done",
    ),
)


def incidents_csv(incidents: pd.DataFrame) -> str:
    """``incidents.csv``: one row per post-mortem, in the table's order.

    Examples
    --------
    >>> from pmkb.analytics.frame import incidents_frame
    >>> from pmkb.analytics.synthetic import example_postmortems
    >>> text = incidents_csv(incidents_frame(example_postmortems(), include_statuses=None))
    >>> print(text.splitlines()[0][:60])
    id,title,status,severity,visibility,detection,trigger,starte
    >>> row = next(csv.DictReader(io.StringIO(text)))
    >>> row["started"], row["ttd_minutes"], row["tta_minutes"], row["services"]
    ('2025-03-01T10:00:00Z', '15', '', 'checkout;orders-db')
    """
    return _csv(incidents, INCIDENT_CSV_COLUMNS)


def action_items_csv(action_items: pd.DataFrame) -> str:
    """``action-items.csv``: one row per action item, in the table's order."""
    return _csv(action_items, ACTION_ITEM_CSV_COLUMNS)


def metrics_json(metrics: Metrics, periods: Iterable[PeriodData] | None = None) -> str:
    """``metrics.json``: :meth:`~pmkb.analytics.metrics.Metrics.as_json`, keys sorted.

    ``periods`` (the dashboard's periods but all time) adds the ``periods`` key:
    each period's :meth:`~pmkb.analytics.periods.PeriodData.as_json` by its slug,
    the metrics its pages were drawn from, so that a reader of a period's page
    finds its figures in the file. Raises ``ValueError`` rather than writing NaN
    or Infinity, which are not JSON.
    """
    data = metrics.as_json()
    if periods is not None:
        data["periods"] = {p.period.slug: p.as_json() for p in periods}
    return _json(data)


def graph_data(graph: nx.Graph[str]) -> dict[str, Any]:
    """The related-incident graph as plain data (the content of ``graph.json``).

    Keys: ``schema_version``; ``nodes`` (by id: ``id``, ``title``,
    ``severity``, ``status``, ``started``, ``cluster``, ``factors``, ``services``);
    ``edges`` (by source then target, source < target: ``source``,
    ``target``, ``weight``, ``linked`` (an explicit link), ``factors`` and
    ``services`` shared (rarest first) and the shared ``trigger`` or null;
    :func:`~pmkb.analytics.related.edge_reasons` puts them in words);
    ``clusters`` (post-mortems citing a combination of two factors, or of a
    factor and a service, more often than chance: ``id``, ``name`` (the
    combination), ``size``, ``members``, ``cited_together`` (post-mortems
    citing the combination, some of them in other clusters), ``expected``
    (how many would by chance), ``q_value`` (its p-value adjusted for the
    combinations tested), ``top_factors`` and ``top_services`` as
    ``[name, count]`` pairs); ``weights`` (what each shared thing adds).

    Examples
    --------
    >>> graph = nx.Graph()
    >>> graph.add_node("PM-2", title="b", severity="SEV2", started=None, cluster=None,
    ...                factors=("x",), services=())
    >>> graph.add_node("PM-1", title="a", severity="SEV1", started=None, cluster=None,
    ...                factors=("x",), services=())
    >>> graph.add_edge("PM-2", "PM-1", weight=1.23456, linked=False, factors=("x",),
    ...                services=(), trigger=None)
    >>> data = graph_data(graph)
    >>> [n["id"] for n in data["nodes"]], data["edges"][0]["source"], data["edges"][0]["weight"]
    (['PM-1', 'PM-2'], 'PM-1', 1.2346)
    """
    edges = []
    for u, v, attrs in graph.edges(data=True):
        source, target = (u, v) if u < v else (v, u)
        edges.append(
            {
                "source": source,
                "target": target,
                "weight": round(float(attrs.get("weight", 0.0)), FLOAT_DECIMALS),
                "linked": bool(attrs.get("linked")),
                "factors": list(attrs.get("factors") or ()),
                "services": list(attrs.get("services") or ()),
                "trigger": attrs.get("trigger"),
            }
        )
    edges.sort(key=lambda edge: (edge["source"], edge["target"]))
    clusters = [
        {
            "id": c.id,
            "name": c.name,
            "size": c.size,
            "members": list(c.members),
            "cited_together": c.cited_together,
            "expected": c.expected,
            # Rounded: the last digits of a p-value depend on the platform's floating point.
            "q_value": float(f"{c.q_value:.4g}"),
            "top_factors": [list(pair) for pair in c.top_factors],
            "top_services": [list(pair) for pair in c.top_services],
        }
        for c in graph.graph.get("clusters", [])
    ]
    weights = graph.graph.get("weights")
    return {
        "schema_version": GRAPH_SCHEMA_VERSION,
        "nodes": _graph_nodes(graph),
        "edges": edges,
        "clusters": clusters,
        "weights": plain(vars(weights)) if weights is not None else None,
    }


def _graph_nodes(graph: nx.Graph[str]) -> list[dict[str, Any]]:
    nodes = []
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        nodes.append(
            {
                "id": node,
                "title": attrs.get("title"),
                "severity": attrs.get("severity"),
                "status": attrs.get("status"),
                "started": plain(attrs.get("started")),
                "cluster": attrs.get("cluster"),
                "factors": list(attrs.get("factors") or ()),
                "services": list(attrs.get("services") or ()),
            }
        )
    return nodes


def graph_json(graph: nx.Graph[str]) -> str:
    """``graph.json``: :func:`graph_data` as JSON text."""
    return _json(graph_data(graph))


def export_files(
    incidents: pd.DataFrame,
    action_items: pd.DataFrame,
    metrics: Metrics,
    graph: nx.Graph[str],
    periods: Iterable[PeriodData] | None = None,
) -> dict[str, str]:
    """The four open-data files as ``{relative path: text}``, for a site generator to add.

    The paths are relative to the site's root: ``data/incidents.csv``,
    ``data/action-items.csv``, ``data/metrics.json``, ``data/graph.json``.
    ``periods`` goes into ``metrics.json`` (see :func:`metrics_json`); the
    tables and the graph are all time, the tables dated row by row.
    """
    return {
        INCIDENTS_CSV: incidents_csv(incidents),
        ACTION_ITEMS_CSV: action_items_csv(action_items),
        METRICS_JSON: metrics_json(metrics, periods),
        GRAPH_JSON: graph_json(graph),
    }


def write_exports(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``files`` (from :func:`export_files`) under ``folder``; the paths written.

    Text is written as UTF-8 with ``\\n`` line ends on every platform.
    """
    written = []
    for relative, text in sorted(files.items()):
        path = Path(folder, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        written.append(path)
    return written


def neutralise(text: str) -> str:
    """``text`` made safe to open in a spreadsheet (see the module's notes).

    >>> neutralise("=SUM(A1:A3)"), neutralise("-1 error rate"), neutralise("Disk full")
    ("'=SUM(A1:A3)", "'-1 error rate", 'Disk full')
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


# --- helpers ------------------------------------------------------------------


def _csv(frame: pd.DataFrame, spec: tuple[tuple[str, str, str], ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _, _ in spec])
    columns = []
    for _, source, _ in spec:
        if source not in frame.columns:
            raise KeyError(f"the table has no {source!r} column to export")
        columns.append(_cells(frame[source]))
    writer.writerows(zip(*columns))
    return buffer.getvalue()


def _cells(column: pd.Series) -> list[str]:
    """A column's CSV cells, formatted a whole column at a time where the dtype allows."""
    dtype = column.dtype
    # pandas-stubs cannot follow the .dt accessor of a column of unknown dtype.
    cells: list[str]
    if isinstance(dtype, pd.DatetimeTZDtype):
        # Whole seconds of UTC written by NumPy, a third of the cost of strftime, which
        # makes a timestamp of each value: ``2025-02-09T10:05:23``, NaT as ``NaT``.
        utc = column.dt.tz_convert("UTC").dt.tz_localize(None).dt.floor("s")
        seconds = utc.to_numpy().astype("datetime64[s]")
        texts = np.datetime_as_string(seconds, unit="s").tolist()
        return [text + "Z" if text != "NaT" else "" for text in texts]
    if pd.api.types.is_datetime64_dtype(dtype):
        cells = column.dt.strftime("%Y-%m-%d").fillna("").tolist()
        return cells
    if pd.api.types.is_float_dtype(dtype):
        return _numbers(column.tolist())
    if pd.api.types.is_bool_dtype(dtype) and not column.hasnans:
        return ["true" if v else "false" for v in column.tolist()]
    if pd.api.types.is_integer_dtype(dtype) and not column.hasnans:
        return column.astype(str).tolist()
    # Text and lists of names, nearly every cell of the tables: tested here rather
    # than in _cell, which a call per cell would cost more than the test.
    return [
        ("'" + v if v.startswith(FORMULA_PREFIXES) else v)
        if type(v) is str
        else _names_cell(v)
        if type(v) is tuple
        else _cell(v)
        for v in column.tolist()
    ]


def _names_cell(values: tuple[Any, ...] | list[Any]) -> str:
    """A list cell: its values neutralised, joined with ``;``."""
    return ";".join(["'" + v if v.startswith(FORMULA_PREFIXES) else v for v in map(str, values)])


def _numbers(values: list[float]) -> list[str]:
    """:func:`_number` of each of ``values``, each value formatted once: a column of
    durations or counts repeats the same few values."""
    formatted: dict[float, str] = {}
    cells = []
    for value in values:
        cell = formatted.get(value)
        if cell is None:
            cell = _number(value)
            if value == value:  # NaN equals nothing, not even itself: never found again
                formatted[value] = cell
        cells.append(cell)
    return cells


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, (tuple, list)):
        return _names_cell(value)
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _number(value: float | None) -> str:
    """Fixed-point, at most four decimals, no trailing zeros: 15, 2.5, 2.8333."""
    if value is None or math.isnan(value):
        return ""
    text = f"{value:.{FLOAT_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _json(data: Mapping[str, Any]) -> str:
    return _json_text({key: _json_entry(key, value) for key, value in data.items()})


def _json_entry(key: str, value: Any) -> str:
    # The data is plain values built for the file, never a cycle: checking for one on
    # each of its many thousand lists and objects costs a tenth of the encoding.
    text = json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        check_circular=False,
    )
    return f"{json.dumps(key)}:{text}"


def _json_text(entries: Mapping[str, str]) -> str:
    # One line per top-level key keeps diffs readable without the size of full indentation.
    return "{\n" + ",\n".join(entries[key] for key in sorted(entries)) + "\n}\n"
