"""The dashboard's charts, built from one period's analytics.

Each function returns a :class:`~pmkb_mkdocs.dashboard.figure.Chart`: the
Plotly figure as plain data, the table of the numbers behind it and a
sentence on how to read it. Counts and durations come from the period's
``metrics`` (:func:`pmkb.analytics.build_metrics`) wherever the metrics hold
them; the incidents named in hover boxes, and the month-by-severity counts,
come from the period's incidents table, which the metrics were built from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkb_mkdocs.dashboard.figure import (
    LAYER_COLOURS,
    MUTED,
    SEVERITY_COLOURS,
    Cell,
    Chart,
    Link,
    Table,
    base_layout,
    count_axis,
    duration_axis,
    hover,
    incident_lines,
    label_margin,
    minutes_text,
    number,
    percent_text,
    ranked_bars,
    ranked_bars_layout,
    text,
)
from pmkb_mkdocs.dashboard.periods import PeriodData
from pmkb_mkdocs.render import Links

if TYPE_CHECKING:
    import pandas as pd

SEVERITIES = tuple(SEVERITY_COLOURS)
DURATION_LABELS = {
    "ttd": "time to detect",
    "tta": "time to acknowledge",
    "ttm": "time to mitigate",
    "ttr": "time to resolve",
}
#: Durations whose trend the overview charts, and those whose distribution it shows.
TREND_METRICS = ("ttd", "ttm", "ttr")
DISTRIBUTION_METRICS = ("ttd", "ttr")
#: Bins of a duration distribution: (upper bound in minutes, label).
DURATION_BINS: tuple[tuple[float, str], ...] = (
    (5, "under 5 min"),
    (15, "5–15 min"),
    (30, "15–30 min"),
    (60, "30 min–1 h"),
    (240, "1–4 h"),
    (1440, "4 h–1 d"),
    (math.inf, "over 1 d"),
)
#: Periods longer than this many months are charted by quarter rather than by month.
MONTHLY_UP_TO = 24
TOP_FACTORS = 15
RISING_SHOWN = 12
HEATMAP_FACTORS = 12
RECURRING_SHOWN = 12
FIXES_LISTED = 50
OWNERS_SHOWN = 12
OVERDUE_LISTED = 100


# --- helpers ------------------------------------------------------------------


def _ids_by(frame: pd.DataFrame, keys: list[str], where: pd.Series | None = None) -> dict:
    """Incident ids (in start order) of each group of ``frame``."""
    if where is not None:
        frame = frame[where]
    if frame.empty:
        return {}
    grouped = frame.groupby(keys, sort=False)["id"]
    return {key: list(ids) for key, ids in grouped}


def _exploded_ids(frame: pd.DataFrame, column: str) -> dict[str, list[str]]:
    """Ids per value of a list column (``factors``, ``services``), in start order."""
    if frame.empty:
        return {}
    rows = frame[["id", column]].explode(column).dropna(subset=[column])
    return {value: list(ids) for value, ids in rows.groupby(column, sort=False)["id"]}


def _latest_first(ids: Sequence[str]) -> list[str]:
    return list(reversed(ids))


def uses_quarters(data: PeriodData) -> bool:
    if data.first is None or data.last is None:
        return False
    months = (data.last.year - data.first.year) * 12 + data.last.month - data.first.month + 1
    return months > MONTHLY_UP_TO


def months_between(first: Any, last: Any) -> list[str]:
    """``YYYY-MM`` of every month from ``first`` to ``last`` (dates), both included."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


# --- overview -----------------------------------------------------------------


def incidents_by_month(data: PeriodData, titles: dict[str, str]) -> Chart:
    frame = data.incidents
    months = months_between(data.first, data.last) if data.first and data.last else []
    ids = _ids_by(frame, ["month", "severity"])
    traces = []
    rows: list[tuple[Cell, ...]] = []
    for severity in SEVERITIES:
        counts = [len(ids.get((m, severity), [])) for m in months]
        traces.append(
            {
                "type": "bar",
                "name": severity,
                "x": months,
                "y": counts,
                "marker": {"color": SEVERITY_COLOURS[severity]},
                "hovertext": [
                    hover(
                        f"<b>{m} · {severity}</b>: {n:,} incident{'s' if n != 1 else ''}",
                        incident_lines(_latest_first(ids.get((m, severity), [])), titles),
                    )
                    for m, n in zip(months, counts)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    for index, month in enumerate(months):
        per = [traces[s]["y"][index] for s in range(len(SEVERITIES))]
        rows.append((month, *per, sum(per)))
    return Chart(
        key="incidents-by-month",
        title="Incidents per month, by severity",
        how_to_read=(
            "Each bar is one month (UTC start of the incident), split by severity; "
            "hover over a segment for its count and the incidents in it."
        ),
        figure={
            "data": traces,
            "layout": base_layout(
                barmode="stack",
                xaxis={"type": "category", "title": {"text": "month"}},
                yaxis=count_axis(max((r[-1] for r in rows), default=0), "incidents"),
            ),
        },
        table=Table(("Month", *SEVERITIES, "Total"), rows, frozenset(range(1, 6))),
        empty=None if len(frame) else "No incidents in this period.",
    )


def response_time_trend(data: PeriodData, metric: str) -> Chart:
    key = "quarter" if uses_quarters(data) else "month"
    summary = data.metrics["response_times"][f"by_{key}"]
    points = [row for row in summary if row["metric"] == metric]
    frame = data.incidents
    ids = _ids_by(frame, [key], frame[metric].notna()) if len(frame) else {}
    x = [row[key] for row in points]
    low = [bool(row["low_sample"]) for row in points]
    texts = []
    for row in points:
        ci = (
            f" (95% CI {minutes_text(row['median_ci_low'])}–{minutes_text(row['median_ci_high'])})"
            if row["median_ci_low"] is not None
            else ""
        )
        texts.append(
            hover(
                f"<b>{row[key]}</b>",
                f"median {minutes_text(row['median'])}{ci}",
                f"p90 {minutes_text(row['p90'])}",
                f"n = {row['count']:,}"
                + (f" ({row['missing']:,} without a value)" if row["missing"] else "")
                + (" · low sample" if row["low_sample"] else ""),
                incident_lines(_latest_first(ids.get(row[key], []))),
            )
        )
    label = DURATION_LABELS[metric]
    medians = [number(row["median"]) for row in points]
    p90s = [number(row["p90"]) for row in points]
    has_ci = [row["median_ci_low"] is not None for row in points]
    traces = [
        {
            "type": "bar",
            "name": "incidents (n)",
            "x": x,
            "y": [row["count"] for row in points],
            "yaxis": "y2",
            "marker": {"color": "rgba(128,128,128,0.25)"},
            "hovertext": texts,
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "median",
            "x": x,
            "y": medians,
            "line": {"color": "#1565c0"},
            # Hollow markers flag the periods with too few values to trust.
            "marker": {
                "color": "#1565c0",
                "size": 8,
                "symbol": ["circle-open" if flag else "circle" for flag in low],
            },
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [
                    number(row["median_ci_high"] - row["median"]) if ok else None
                    for row, ok in zip(points, has_ci)
                ],
                "arrayminus": [
                    number(row["median"] - row["median_ci_low"]) if ok else None
                    for row, ok in zip(points, has_ci)
                ],
                "color": "rgba(21,101,192,0.5)",
                "thickness": 1,
                "width": 3,
            },
            "hovertext": texts,
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "p90",
            "x": x,
            "y": p90s,
            "line": {"color": "#c62828", "dash": "dash"},
            "marker": {
                "color": "#c62828",
                "size": 6,
                "symbol": ["diamond-open" if flag else "diamond" for flag in low],
            },
            "hovertext": texts,
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
    ]
    rows: list[tuple[Cell, ...]] = [
        (
            row[key],
            row["count"],
            minutes_text(row["median"]),
            (
                f"{minutes_text(row['median_ci_low'])}–{minutes_text(row['median_ci_high'])}"
                if row["median_ci_low"] is not None
                else "–"
            ),
            minutes_text(row["p90"]),
            "low sample" if row["low_sample"] else "",
        )
        for row in points
    ]
    below = data.metrics["response_times"]["low_sample_below"]
    return Chart(
        key=f"trend-{metric}",
        title=f"{label.capitalize()}: median and 90th percentile by {key}",
        how_to_read=(
            f"The blue line is the median {label}, with its 95% confidence interval, the dashed "
            f"red line the 90th percentile (log scale); grey bars count the incidents with a "
            f"value; hollow markers flag {key}s with fewer than {below} values."
        ),
        figure={
            "data": traces,
            "layout": base_layout(
                xaxis={"type": "category", "title": {"text": key}},
                yaxis=duration_axis([*medians, *p90s]),
                # The counts keep to the lower part of the chart, under the lines.
                yaxis2={
                    "overlaying": "y",
                    "side": "right",
                    "title": {"text": "incidents with a value"},
                    "showgrid": False,
                    "tickmode": "auto",
                    "tickformat": ",d",
                    "range": [0, max((row["count"] for row in points), default=1) * 2.5 or 1],
                },
                margin={"r": 60},
            ),
        },
        table=Table(
            (key.capitalize(), "n", "Median", "Median 95% CI", "p90", ""),
            rows,
            frozenset({1}),
        ),
        empty=None if any(row["count"] for row in points) else f"No {label} in this period.",
    )


def duration_distribution(data: PeriodData, metric: str, titles: dict[str, str]) -> Chart:
    frame = data.incidents
    label = DURATION_LABELS[metric]
    bins = [name for _, name in DURATION_BINS]
    by_severity = {
        row["severity"]: row
        for row in data.metrics["response_times"]["by_severity"]
        if row["metric"] == metric
    }
    members: dict[tuple[str, str], list[str]] = {}
    for pm_id, severity, minutes in zip(
        frame["id"].tolist(), frame["severity"].tolist(), frame[metric].tolist()
    ):
        if minutes is None or math.isnan(minutes):
            continue
        name = next(name for bound, name in DURATION_BINS if minutes < bound)
        members.setdefault((severity, name), []).append(pm_id)
    traces = []
    for severity in SEVERITIES:
        total = sum(len(members.get((severity, b), [])) for b in bins)
        counts = [len(members.get((severity, b), [])) for b in bins]
        traces.append(
            {
                "type": "bar",
                "name": severity,
                "x": bins,
                "y": [number(n / total) if total else 0 for n in counts],
                "marker": {"color": SEVERITY_COLOURS[severity]},
                "hovertext": [
                    hover(
                        f"<b>{severity} · {b}</b>: {n:,} of {total:,} "
                        f"({percent_text(n / total if total else None)})",
                        incident_lines(_latest_first(members.get((severity, b), [])), titles),
                    )
                    for b, n in zip(bins, counts)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    rows: list[tuple[Cell, ...]] = []
    for name in bins:
        rows.append((name, *(len(members.get((s, name), [])) for s in SEVERITIES)))
    for stat, label_ in (("count", "n"), ("median", "median"), ("p90", "p90")):
        cells: list[Cell] = []
        for severity in SEVERITIES:
            row = by_severity.get(severity)
            if row is None:
                cells.append("–")
            elif stat == "count":
                cells.append(row["count"])
            else:
                cells.append(minutes_text(row[stat]))
        rows.append((label_, *cells))
    return Chart(
        key=f"distribution-{metric}",
        title=f"{label.capitalize()} by severity",
        how_to_read=(
            f"For each severity, the share of its incidents whose {label} fell in each range; "
            "bars further right mean slower. The table adds the counts, median and p90."
        ),
        figure={
            "data": traces,
            "layout": base_layout(
                barmode="group",
                xaxis={"type": "category", "title": {"text": label}},
                yaxis={"title": {"text": "share of the severity's incidents"}, "tickformat": ".0%"},
            ),
        },
        table=Table(("Range", *SEVERITIES), rows, frozenset(range(1, 5))),
        empty=None if members else f"No {label} in this period.",
    )


# --- factors ------------------------------------------------------------------


def top_factors(data: PeriodData, links: Links) -> Chart:
    frequency = data.metrics["factors"]["frequency"]
    shown = frequency[:TOP_FACTORS]
    ids = _exploded_ids(data.incidents, "factors")
    traces = []
    layers = [layer for layer in LAYER_COLOURS if any(r["layer"] == layer for r in shown)]
    layers += sorted({r["layer"] or "unknown" for r in shown} - set(layers))
    for layer in layers:
        rows = [r for r in shown if (r["layer"] or "unknown") == layer]
        traces.append(
            ranked_bars(
                layer,
                [r["factor"] for r in rows],
                [r["incidents"] for r in rows],
                LAYER_COLOURS.get(layer, MUTED),
                [
                    hover(
                        f"<b>{text(r['factor'])}</b> ({layer})",
                        f"{r['incidents']:,} incidents, {percent_text(r['share'])} of the period's",
                        "latest:",
                        incident_lines(_latest_first(ids.get(r["factor"], []))),
                    )
                    for r in rows
                ],
            )
        )
    order = [r["factor"] for r in reversed(shown)]
    return Chart(
        key="top-factors",
        title="Most cited contributing factors",
        how_to_read=(
            "How many incidents cite each factor (an incident counts once per factor), "
            "coloured by layer; hover for the share of all incidents and the latest ones."
        ),
        figure={
            "data": traces,
            "layout": base_layout(
                barmode="stack",
                yaxis={"type": "category", "categoryorder": "array", "categoryarray": order},
                xaxis=count_axis(max((r["incidents"] for r in shown), default=0), "incidents"),
                margin={"l": label_margin(order)},
            ),
        },
        table=Table(
            ("Factor", "Layer", "Incidents", "Share"),
            [
                (
                    Link(r["factor"], links.factor(r["factor"])),
                    r["layer"] or "unknown",
                    r["incidents"],
                    percent_text(r["share"]),
                )
                for r in frequency
            ],
            frozenset({2, 3}),
        ),
        empty=None if frequency else "No factor cited in this period.",
        height=max(260, 24 * len(shown) + 80),
    )


def rising_factors(data: PeriodData) -> Chart:
    rising = data.metrics["factors"]["rising"]
    recent, previous = rising["recent_quarters"], rising["previous_quarters"]
    rows = [r for r in rising["factors"] if r["change"] is not None]
    shown = rows[:RISING_SHOWN]
    window = f"{recent[0]}–{recent[-1]}" if recent else ""
    before = f"{previous[0]}–{previous[-1]}" if previous else ""
    y = [r["factor"] for r in shown]
    trace = ranked_bars(
        "change in share",
        y,
        [number(r["change"] * 100) for r in shown],
        ["#c62828" if r["rising"] else MUTED for r in shown],
        [
            hover(
                f"<b>{text(r['factor'])}</b>" + (" · rising" if r["rising"] else ""),
                f"{window}: {r['recent_incidents']:,} incidents ({percent_text(r['recent_share'])})",
                f"{before}: {r['previous_incidents']:,} incidents "
                f"({percent_text(r['previous_share'])})",
                f"change {r['change'] * 100:+.0f} points",
            )
            for r in shown
        ],
    )
    if not recent:
        empty: str | None = "No incidents in this period."
    elif not rows:
        empty = (
            f"Nothing to compare: no incident in {before}, the two quarters before {window}. "
            "Choose a longer period."
        )
    else:
        empty = None
    return Chart(
        key="rising-factors",
        title="Rising factors",
        how_to_read=(
            f"Change in the share of incidents citing each factor, {window} against {before}, "
            f"in percentage points; red bars are rising (at least {rising['min_incidents']} "
            f"incidents and {rising['min_change'] * 100:.0f} points up)."
            if recent
            else "Change in the share of incidents citing each factor, the last two quarters "
            "against the two before."
        ),
        figure={
            "data": [trace],
            "layout": base_layout(
                yaxis={"type": "category", "categoryorder": "array", "categoryarray": y[::-1]},
                xaxis={"title": {"text": "change, percentage points"}, "zeroline": True},
                margin={"l": label_margin(y)},
                showlegend=False,
            ),
        },
        table=Table(
            (
                "Factor",
                f"Incidents {window}",
                "Share",
                f"Incidents {before}",
                "Share",
                "Change",
                "",
            ),
            [
                (
                    r["factor"],
                    r["recent_incidents"],
                    percent_text(r["recent_share"]),
                    r["previous_incidents"],
                    percent_text(r["previous_share"]),
                    f"{r['change'] * 100:+.0f} pts",
                    "rising" if r["rising"] else "",
                )
                for r in rows
            ],
            frozenset({1, 2, 3, 4, 5}),
        ),
        empty=empty,
        height=max(260, 24 * len(shown) + 80),
    )


def factors_by_quarter(data: PeriodData) -> Chart:
    metrics = data.metrics
    factors = [r["factor"] for r in metrics["factors"]["frequency"][:HEATMAP_FACTORS]]
    quarters = [r["quarter"] for r in metrics["incidents"]["by_quarter"]]
    totals = {r["quarter"]: r["incidents"] for r in metrics["incidents"]["by_quarter"]}
    cells = {(r["factor"], r["quarter"]): r for r in metrics["factors"]["by_quarter"]}
    z, hovers, rows = [], [], []
    for factor in factors:
        line, texts, counts = [], [], []
        for quarter in quarters:
            row = cells.get((factor, quarter))
            n = row["incidents"] if row else 0
            share = row["share"] if row else (0.0 if totals[quarter] else None)
            line.append(number(share))
            counts.append(n)
            texts.append(
                hover(
                    f"<b>{text(factor)} · {quarter}</b>",
                    f"{n:,} of {totals[quarter]:,} incidents ({percent_text(share)})",
                )
            )
        z.append(line)
        hovers.append(texts)
        rows.append((factor, *counts))
    return Chart(
        key="factors-by-quarter",
        title="Factors by quarter",
        how_to_read=(
            "Each cell is the share of a quarter's incidents that cite the factor (darker is "
            "more); the table gives the counts. The most cited factors of the period are shown."
        ),
        figure={
            "data": [
                {
                    "type": "heatmap",
                    "x": quarters,
                    "y": factors,
                    "z": z,
                    "zmin": 0,
                    "colorscale": [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
                    "colorbar": {"title": {"text": "share"}, "tickformat": ".0%"},
                    "hovertext": hovers,
                    "hovertemplate": "%{hovertext}<extra></extra>",
                    "xgap": 1,
                    "ygap": 1,
                }
            ],
            "layout": base_layout(
                xaxis={"type": "category", "title": {"text": "quarter"}},
                yaxis={"type": "category", "autorange": "reversed"},
                margin={"l": label_margin(factors)},
            ),
        },
        table=Table(("Factor", *quarters), rows, frozenset(range(1, len(quarters) + 1))),
        empty=None if factors else "No factor cited in this period.",
        height=max(260, 26 * len(factors) + 90),
    )


# --- recurrence ---------------------------------------------------------------


def recurring_causes(data: PeriodData, links: Links) -> Chart:
    pairs = data.metrics["recurrence"]["service_factors"]
    shown = pairs[:RECURRING_SHOWN]
    labels = [f"{r['service']} · {r['factor']}" for r in shown]
    trace = ranked_bars(
        "incidents",
        labels,
        [r["incidents"] for r in shown],
        "#6a1b9a",
        [
            hover(
                f"<b>{text(label)}</b>: {r['incidents']:,} incidents",
                f"first {r['first_seen'][:10]}, last {r['last_seen'][:10]}",
                incident_lines(_latest_first(r["ids"])),
            )
            for label, r in zip(labels, shown)
        ],
    )
    rows: list[tuple[Cell, ...]] = []
    for r in pairs[:50]:
        latest = _latest_first(r["ids"])[:3]
        rows.append(
            (
                Link(r["service"], links.service(r["service"])),
                Link(r["factor"], links.factor(r["factor"])),
                r["incidents"],
                r["first_seen"][:10],
                r["last_seen"][:10],
                ", ".join(latest) + (" …" if len(r["ids"]) > 3 else ""),
            )
        )
    return Chart(
        key="recurring-causes",
        title="Recurring causes: the same factor on the same service",
        how_to_read=(
            "Each bar is a service and a contributing factor cited together by "
            f"{data.metrics['recurrence']['min_incidents']} incidents or more; hover for when "
            "it first and last happened and which incidents."
        ),
        figure={
            "data": [trace],
            "layout": ranked_bars_layout(
                labels, max((r["incidents"] for r in shown), default=0), "incidents"
            ),
        },
        table=Table(
            ("Service", "Factor", "Incidents", "First", "Last", "Latest"),
            rows,
            frozenset({2}),
            note=f"The first 50 of {len(pairs):,}." if len(pairs) > 50 else None,
        ),
        empty=None if pairs else "No cause recurred in this period.",
        height=max(260, 24 * len(shown) + 80),
    )


def fixes_by_service_factor(data: PeriodData) -> Chart:
    fixes = data.metrics["recurrence"]["fixes_that_did_not_hold"]
    pairs = fixes["by_service_factor"][:RECURRING_SHOWN]
    labels = [f"{r['service']} · {r['factor']}" for r in pairs]
    trace = ranked_bars(
        "recurrences after a fix",
        labels,
        [r["recurrences"] for r in pairs],
        "#c62828",
        [
            hover(
                f"<b>{text(label)}</b>",
                f"{r['recurrences']:,} recurrences after a completed fix",
                f"{r['earlier_ids']:,} earlier incidents, {r['later_ids']:,} later ones",
                f"last {str(r['last_recurrence'])[:10]}",
            )
            for label, r in zip(labels, pairs)
        ],
    )
    return Chart(
        key="fixes-by-cause",
        title="Fixes that did not hold, by service and factor",
        how_to_read=(
            "How often a factor came back on a service after an earlier incident's action items "
            "for it were all done; the list below names each case, strongest evidence first."
        ),
        figure={
            "data": [trace],
            "layout": ranked_bars_layout(
                labels, max((r["recurrences"] for r in pairs), default=0), "recurrences"
            ),
        },
        table=Table(
            ("Service · factor", "Recurrences", "Earlier incidents", "Later incidents", "Last"),
            [
                (
                    label,
                    r["recurrences"],
                    r["earlier_ids"],
                    r["later_ids"],
                    str(r["last_recurrence"])[:10],
                )
                for label, r in zip(labels, pairs)
            ],
            frozenset({1, 2, 3}),
        ),
        empty=None if pairs else "No fix failed to hold in this period.",
        height=max(260, 24 * len(pairs) + 80),
    )


def fixes_list(data: PeriodData, links: Links) -> Table:
    """Each fix that did not hold: linked by the later report first, the rest as possible."""
    fixes = data.metrics["recurrence"]["fixes_that_did_not_hold"]
    rows: list[tuple[Cell, ...]] = []
    for r in fixes["latest"][:FIXES_LISTED]:
        if r["linked"]:
            evidence = "linked by the later report"
        elif r["targeted"]:
            evidence = "possible recurrence (the fix targeted this factor)"
        else:
            evidence = "possible recurrence"
        rows.append(
            (
                evidence,
                r["service"],
                Link(r["factor"], links.factor(r["factor"])),
                Link(r["earlier_id"], links.incident(r["earlier_id"])),
                str(r["fix_completed"])[:10],
                Link(r["later_id"], links.incident(r["later_id"])),
                r["days_after_fix"],
            )
        )
    shown = min(len(fixes["latest"]), FIXES_LISTED)
    return Table(
        ("Evidence", "Service", "Factor", "Earlier", "Fix completed", "Came back in", "Days after"),
        rows,
        frozenset({6}),
        note=(
            f"{shown:,} of {fixes['total']:,} shown ({fixes['linked']:,} linked by the later "
            f"report, {fixes['targeted']:,} with a fix that targeted the factor); "
            "the full list is in data/metrics.json."
            if fixes["total"] > shown
            else None
        ),
    )


# --- action items -------------------------------------------------------------

_STATUS_PARTS = (
    ("done", "done", "#2e7d32"),
    ("wont_do", "won't do", "#9e9e9e"),
    ("on_time", "open, not yet due", "#90caf9"),
    ("overdue", "overdue", "#c62828"),
)


def _status_parts(row: dict[str, Any]) -> dict[str, int]:
    waiting = row["open"] + row["in_progress"]
    return {
        "done": row["done"],
        "wont_do": row["wont_do"],
        "on_time": waiting - row["overdue"],
        "overdue": row["overdue"],
    }


def _completion_chart(
    rows: list[dict[str, Any]], key: str, label: str, chart_key: str, title: str, how: str
) -> Chart:
    names = [str(r[key]) for r in rows]
    parts = [_status_parts(r) for r in rows]
    summaries = [
        hover(
            f"<b>{text(name)}</b>: {r['total']:,} items",
            f"done {r['done']:,} · won't do {r['wont_do']:,} · open {r['open']:,} · "
            f"in progress {r['in_progress']:,}",
            f"overdue {r['overdue']:,} · completion {percent_text(r['completion_rate'])}",
        )
        for name, r in zip(names, rows)
    ]
    traces = [
        {
            "type": "bar",
            "name": part_label,
            "x": names,
            "y": [p[part] for p in parts],
            "marker": {"color": colour},
            "hovertext": summaries,
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
        for part, part_label, colour in _STATUS_PARTS
    ]
    return Chart(
        key=chart_key,
        title=title,
        how_to_read=how,
        figure={
            "data": traces,
            "layout": base_layout(
                barmode="stack",
                xaxis={"type": "category", "title": {"text": label}},
                yaxis=count_axis(max((r["total"] for r in rows), default=0), "action items"),
            ),
        },
        table=Table(
            (
                label.capitalize(),
                "Items",
                "Done",
                "Won't do",
                "Open",
                "In progress",
                "Overdue",
                "Completion",
            ),
            [
                (
                    name,
                    r["total"],
                    r["done"],
                    r["wont_do"],
                    r["open"],
                    r["in_progress"],
                    r["overdue"],
                    percent_text(r["completion_rate"]),
                )
                for name, r in zip(names, rows)
            ],
            frozenset(range(1, 8)),
        ),
        empty=None if rows else "No action items in this period.",
    )


def completion_by_quarter(data: PeriodData) -> Chart:
    return _completion_chart(
        data.metrics["action_items"]["by_quarter"],
        "incident_quarter",
        "quarter of the incident",
        "completion-by-quarter",
        "Action items by the quarter of their incident",
        "Each bar holds the action items of one quarter's incidents by status: green is done, "
        "red is overdue (open or in progress past its due date); hover for the completion rate.",
    )


def completion_by_priority(data: PeriodData) -> Chart:
    return _completion_chart(
        data.metrics["action_items"]["by_priority"],
        "priority",
        "priority",
        "completion-by-priority",
        "Action items by priority",
        "The same split by priority: a red share in P1 means urgent work is late.",
    )


def overdue_by_owner(data: PeriodData) -> Chart:
    owners = [r for r in data.metrics["action_items"]["by_owner"] if r["overdue"]]
    owners.sort(key=lambda r: (-r["overdue"], str(r["owner"])))
    shown = owners[:OWNERS_SHOWN]
    names = [str(r["owner"]) for r in shown]
    trace = ranked_bars(
        "overdue",
        names,
        [r["overdue"] for r in shown],
        "#c62828",
        [
            hover(
                f"<b>{text(name)}</b>: {r['overdue']:,} overdue",
                f"of {r['total']:,} items ({r['done']:,} done, "
                f"completion {percent_text(r['completion_rate'])})",
            )
            for name, r in zip(names, shown)
        ],
    )
    return Chart(
        key="overdue-by-owner",
        title="Overdue action items by owner",
        how_to_read="Owners with the most overdue items; hover for all their items and their "
        "completion rate.",
        figure={
            "data": [trace],
            "layout": ranked_bars_layout(
                names, max((r["overdue"] for r in shown), default=0), "overdue items"
            ),
        },
        table=Table(
            ("Owner", "Overdue", "Items", "Done", "Completion"),
            [
                (n, r["overdue"], r["total"], r["done"], percent_text(r["completion_rate"]))
                for n, r in zip(names, owners)
            ],
            frozenset({1, 2, 3}),
        ),
        empty=None if owners else "No overdue action items in this period.",
        height=max(220, 24 * len(shown) + 80),
    )


def overdue_list(data: PeriodData, links: Links) -> Table:
    from pmkb.analytics.action_items import oldest_overdue

    items = oldest_overdue(data.action_items, None)
    total = len(items)
    rows: list[tuple[Cell, ...]] = []
    for row in items.head(OVERDUE_LISTED).itertuples(index=False):
        item_id = str(row.key).split("/", 1)[1]
        rows.append(
            (
                row.due.date().isoformat(),
                int(row.days_overdue),
                row.owner,
                row.priority,
                row.action,
                Link(
                    f"{row.postmortem_id} {item_id}",
                    links.incident(row.postmortem_id) + "#" + item_id.lower(),
                ),
                row.status,
            )
        )
    return Table(
        ("Due", "Days overdue", "Owner", "Priority", "Action", "Item", "Status"),
        rows,
        frozenset({1}),
        note=(
            f"The oldest {OVERDUE_LISTED:,} of {total:,}; all of them are in "
            "data/action-items.csv (column overdue)."
            if total > OVERDUE_LISTED
            else None
        ),
    )
