"""The dashboard's charts, built from one period's analytics.

Each function returns a :class:`~pmkb_mkdocs.dashboard.chart_spec.Chart`: the
Plotly figure as plain data, the table of the numbers behind it and a
sentence on how to read it. Counts and durations come from the period's
``metrics`` (:func:`pmkb.analytics.build_metrics`) wherever the metrics hold
them; the incidents named in hover boxes, and the month-by-severity counts,
come from the period's incidents table, which the metrics were built from.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pmkb.analytics.buckets import bucket_bounds, bucket_labels, trend_bucket
from pmkb.analytics.changes import Verdict
from pmkb.analytics.periods import PeriodData

from pmkb_mkdocs.dashboard.chart_spec import (
    LAYER_COLOURS,
    MUTED,
    SEVERITY_COLOURS,
    Cell,
    Chart,
    Link,
    Table,
    base_layout,
    category_ticks,
    count_axis,
    duration_axis,
    duration_scale,
    hover,
    incident_lines,
    label_margin,
    listing,
    minutes_text,
    narrow_categories,
    number,
    percent_text,
    ranked_bars,
    ranked_bars_layout,
    share_axis,
    span_text,
    text,
)
from pmkb_mkdocs.dashboard.sentences import could_be_overdue, interval_text
from pmkb_mkdocs.formatting import plural
from pmkb_mkdocs.render import Links

if TYPE_CHECKING:
    import pandas as pd
    from pmkb.analytics.metrics import ActionItemCounts, DurationStats

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
    (0, "exactly 0"),
    (1, "under 1 min"),
    (5, "1–5 min"),
    (15, "5–15 min"),
    (30, "15–30 min"),
    (60, "30 min–1 h"),
    (240, "1–4 h"),
    (1440, "4 h–1 d"),
    (math.inf, "over 1 d"),
)
TOP_FACTORS = 15
RISING_SHOWN = 12
HEATMAP_FACTORS = 12
RECURRING_SHOWN = 12
FIXES_LISTED = 50
OWNERS_SHOWN = 12
OVERDUE_LISTED = 100


# --- helpers ------------------------------------------------------------------


def _ids_by(
    frame: pd.DataFrame, key: str, where: pd.Series[bool] | None = None
) -> dict[str, list[str]]:
    """Incident ids (in start order) of each value of the text column ``key``."""
    if where is not None:
        frame = frame[where]
    if frame.empty:
        return {}
    # By the column's name, not a list of one: pandas gives a list's groups tuple keys.
    grouped = frame.groupby(key, sort=False)["id"]
    return {str(value): list(ids) for value, ids in grouped}


def _exploded_ids(frame: pd.DataFrame, column: str) -> dict[str, list[str]]:
    """Ids per value of a list column (``factors``, ``services``), in start order."""
    if frame.empty:
        return {}
    rows = frame[["id", column]].explode(column).dropna(subset=[column])
    return {str(value): list(ids) for value, ids in rows.groupby(column, sort=False)["id"]}


def _latest_first(ids: Sequence[str]) -> list[str]:
    return list(reversed(ids))


# --- overview -----------------------------------------------------------------


def flag_note(data: PeriodData, field: str, *kinds: str) -> str | None:
    """The data-quality message of ``field`` in this period, if one of ``kinds`` is raised."""
    flag = data.quality.flag(field, *kinds)
    return None if flag is None else flag.message


def _one_severity(data: PeriodData) -> str | None:
    """The one severity of every incident, when the period's severity is ``constant``."""
    flag = data.quality.flag("severity", "constant")
    return None if flag is None else flag.value


def _severity_groups(data: PeriodData) -> list[str | None]:
    """The severities a chart splits by: the one of every incident when it is constant,
    else the four, then None ("unknown") when a severity is marked TODO in some file."""
    only = _one_severity(data)
    if only:
        return [only]
    unknown = bool(len(data.incidents)) and bool(data.incidents["severity"].isna().any())
    return [*SEVERITIES, *([None] if unknown else [])]


def _bucket_of(data: PeriodData, values: int) -> str:
    return trend_bucket(data.first, data.last, values, data.min_sample)


def _partial(label: str, data: PeriodData) -> bool:
    """Whether the period covers only part of the bucket ``label``."""
    if data.first is None or data.last is None:
        return False
    start, end = bucket_bounds(label)
    return start < data.first or end > data.last


def incidents_over_time(data: PeriodData, titles: dict[str, str]) -> Chart:
    frame = data.incidents
    bucket = _bucket_of(data, len(frame))
    labels = bucket_labels(data.first, data.last, bucket) if data.first and data.last else []
    keys = frame[bucket].astype(str) if len(frame) else frame.get(bucket)
    grouped: dict[tuple[str, str | None], list[str]] = {}
    for pm_id, key, severity in zip(
        frame["id"].tolist(), [] if keys is None else keys.tolist(), frame["severity"].tolist()
    ):
        grouped.setdefault((key, severity), []).append(pm_id)
    only = _one_severity(data)
    groups = _severity_groups(data)
    partial = [_partial(label, data) for label in labels]
    traces: list[dict[str, Any]] = []
    for severity in groups:
        counts = [len(grouped.get((b, severity), [])) for b in labels]
        name = (severity or "unknown") if not only else "incidents"
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": labels,
                "y": counts,
                "marker": {
                    "color": SEVERITY_COLOURS.get(severity or "", MUTED) if not only else "#1565c0",
                    # A bucket the period covers in part is paler: its count is not comparable.
                    "opacity": [0.45 if p else 1.0 for p in partial],
                },
                "hovertext": [
                    hover(
                        f"<b>{b}{' (part of it)' if p else ''} · {severity or 'unknown'}</b>: "
                        f"{n:,} incident{'s' if n != 1 else ''}",
                        incident_lines(_latest_first(grouped.get((b, severity), [])), titles),
                    )
                    for b, n, p in zip(labels, counts, partial)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    rows: list[tuple[Cell, ...]] = []
    for index, label in enumerate(labels):
        per: list[int] = [trace["y"][index] for trace in traces]
        rows.append((label + (" (part)" if partial[index] else ""), *per, sum(per)))
    largest = max((sum(trace["y"][i] for trace in traces) for i in range(len(labels))), default=0)
    note = (
        f"Every incident of the period is {only}: {flag_note(data, 'severity', 'constant')}; "
        "the bars are not split by severity."
        if only
        else None
    )
    per_word = {"month": "month", "quarter": "quarter", "year": "year"}[bucket]
    totals = [sum(trace["y"][i] for trace in traces) for i in range(len(labels))]
    in_part = [label for label, p in zip(labels, partial) if p]
    summary = (
        f"{plural(len(frame), 'incident')} over {plural(len(labels), per_word)}, "
        f"{labels[0]} to {labels[-1]}: {span_text(totals)} per {per_word}"
        + (f" ({listing(in_part)} covered in part)" if in_part else "")
        + (
            ""
            if only
            else "; " + ", ".join(f"{trace['name']} {sum(trace['y']):,}" for trace in traces)
        )
        + ". Counts only: no change is claimed from them."
        if labels
        else ""
    )
    widened = (
        f" By {per_word}: a month would hold fewer than {data.min_sample} incidents on average."
        if bucket != "month"
        else ""
    )
    return Chart(
        key="incidents-over-time",
        title=f"Incidents per {per_word}" + ("" if only else ", by severity"),
        how_to_read=(
            f"Each bar is one {per_word} (UTC start of the incident)"
            + ("" if only else ", split by severity")
            + "; a paler bar covers part of its "
            + per_word
            + " only."
            + widened
        ),
        using="Hover over a bar for the incidents in it.",
        figure={
            "data": traces,
            "layout": base_layout(
                barmode="stack",
                xaxis={"type": "category", "title": {"text": per_word}},
                yaxis=count_axis(largest, "incidents"),
            ),
        },
        table=Table(
            (
                per_word.capitalize(),
                *(["Incidents"] if only else [g or "unknown" for g in groups]),
                *([] if only else ["Total"]),
            ),
            [r[:-1] if only else r for r in rows],
            frozenset(range(1, len(groups) + 2)),
        ),
        empty=(
            "No incidents in this period."
            if not len(frame)
            else (
                f"Too few incidents for a trend in this period: {len(frame):,}, in one "
                f"{per_word} (a month would hold fewer than {data.min_sample} on average)."
                if len(labels) < 2
                else None
            )
        ),
        note=note,
        summary=summary,
    )


def response_time_trend(data: PeriodData, metric: str) -> Chart | None:
    """The median and p90 of a duration over time; None when the duration is flagged."""
    if data.quality.flag(metric, "placeholder", "sparse") is not None:
        return None
    frame = data.incidents
    values = int(frame[metric].notna().sum()) if len(frame) else 0
    key = _bucket_of(data, values)
    summary = data.metrics.response_times.by_period(key)
    points = [row for row in summary if row.metric == metric]
    labels = [str(row.period) for row in points]
    ids = (
        _ids_by(frame.assign(_b=frame[key].astype(str)), "_b", frame[metric].notna())
        if len(frame)
        else {}
    )
    x = labels
    enough = [row.count >= data.min_sample for row in points]
    texts = []
    for label_, row, ok in zip(labels, points, enough):
        ci = (
            f" (95% CI {minutes_text(row.median_ci_low)}–{minutes_text(row.median_ci_high)})"
            if row.median_ci_low is not None
            else ""
        )
        texts.append(
            hover(
                f"<b>{label_}</b>",
                f"median {minutes_text(row.median)}{ci}",
                f"p90 {minutes_text(row.p90)}" if ok else "p90 not shown: too few values",
                f"n = {row.count:,}"
                + (f" ({row.missing:,} without a value)" if row.missing else "")
                + ("" if ok else f" · fewer than {data.min_sample}: not joined into the line"),
                incident_lines(_latest_first(ids.get(label_, []))),
            )
        )
    label = DURATION_LABELS[metric]
    medians = [duration_scale(row.median) for row in points]
    highs = [duration_scale(row.median_ci_high) for row in points]
    lows = [duration_scale(row.median_ci_low) for row in points]
    p90s = [duration_scale(row.p90) if ok else None for row, ok in zip(points, enough)]
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": f"median ({data.min_sample}+ values)",
            "x": x,
            "y": [m if ok else None for m, ok in zip(medians, enough)],
            "connectgaps": False,
            "line": {"color": "#1565c0"},
            "marker": {"color": "#1565c0", "size": 8},
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [
                    number(h - m) if ok and h is not None and m is not None else None
                    for h, m, ok in zip(highs, medians, enough)
                ],
                "arrayminus": [
                    number(m - low) if ok and m is not None and low is not None else None
                    for low, m, ok in zip(lows, medians, enough)
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
            "mode": "markers+text",
            "name": f"median of fewer than {data.min_sample} (n shown)",
            "showlegend": not all(enough),
            "x": x,
            "y": [
                m if not ok and row.count else None for m, ok, row in zip(medians, enough, points)
            ],
            "text": [
                f"n={row.count}" if not ok and row.count else "" for row, ok in zip(points, enough)
            ],
            "textposition": "top center",
            "textfont": {"size": 10},
            "marker": {"color": "#1565c0", "size": 8, "symbol": "circle-open"},
            "hovertext": texts,
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "p90",
            "x": x,
            "y": p90s,
            "connectgaps": False,
            "line": {"color": "#c62828", "dash": "dash"},
            "marker": {"color": "#c62828", "size": 6, "symbol": "diamond"},
            "hovertext": texts,
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
    ]
    rows: list[tuple[Cell, ...]] = [
        (
            label_,
            row.count,
            minutes_text(row.median),
            (
                f"{minutes_text(row.median_ci_low)}–{minutes_text(row.median_ci_high)}"
                if row.median_ci_low is not None
                else "–"
            ),
            minutes_text(row.p90) if ok else "–",
            "" if ok else f"fewer than {data.min_sample}",
        )
        for label_, row, ok in zip(labels, points, enough)
    ]
    drawn = [v for v in (*medians, *highs, *p90s) if v is not None]
    raw_top = max(
        (
            v
            for row, ok in zip(points, enough)
            for v in (
                row.median,
                row.median_ci_high if ok else None,
                row.p90 if ok else None,
            )
            if v is not None
        ),
        default=60.0,
    )
    axis = duration_axis([raw_top])
    if drawn and max(drawn) > axis["range"][1]:  # never a point outside the drawn range
        axis["range"][1] = number(max(drawn) * 1.04)
    with_values = sum(1 for row in points if row.count)
    joined = [row.median for row, ok in zip(points, enough) if ok and row.median is not None]
    few = sum(1 for row, ok in zip(points, enough) if not ok and row.count)
    words = (
        f"Median {label} per {key}, {plural(len(points), key)} ({labels[0]} to "
        f"{labels[-1]}), n per {key} {span_text(row.count for row in points)}"
        + (
            f"; medians from {minutes_text(min(joined))} to {minutes_text(max(joined))} "
            f"where a {key} has {data.min_sample} values or more"
            if joined
            else f"; no {key} has {data.min_sample} values, so no median is joined"
        )
        + (
            f"; {plural(few, key)} with fewer, shown apart with their count"
            if few and joined
            else ""
        )
        + ". No change is claimed from the line."
        if points
        else ""
    )
    return Chart(
        key=f"trend-{metric}",
        title=f"{label.capitalize()}: median and 90th percentile by {key}",
        how_to_read=(
            f"The blue line joins the median {label} of each {key} with {data.min_sample} values "
            f"or more, with its 95% confidence interval; hollow points are {key}s with fewer, "
            f"not joined, their count beside them. The dashed red line is the 90th percentile. "
            f"The scale is logarithmic from zero, so that seconds and days both show."
            + (
                f" By {key}: a month would hold fewer than {data.min_sample} values on average."
                if key != "month"
                else ""
            )
        ),
        figure={
            "data": traces,
            "layout": base_layout(
                xaxis={"type": "category", "title": {"text": key}},
                yaxis=axis,
            ),
        },
        table=Table(
            (key.capitalize(), "n", "Median", "Median 95% CI", "p90", ""),
            rows,
            frozenset({1}),
        ),
        empty=(
            f"No {label} in this period."
            if not with_values
            else (
                f"Too few incidents for a trend of the {label} in this period: {values:,} with a "
                f"value, in one {key}."
                if len(points) < 2
                else None
            )
        ),
        summary=words,
    )


def duration_distribution(data: PeriodData, metric: str, titles: dict[str, str]) -> Chart | None:
    """How a duration is spread, per severity; None when the duration is flagged."""
    if data.quality.flag(metric, "placeholder", "sparse") is not None:
        return None
    frame = data.incidents
    label = DURATION_LABELS[metric]
    bins = [name for _, name in DURATION_BINS]
    only = _one_severity(data)
    groups = _severity_groups(data)
    by_severity = {
        row.severity: row for row in data.metrics.response_times.by_severity if row.metric == metric
    }
    members: dict[tuple[str | None, str], list[str]] = {}
    for pm_id, severity, minutes in zip(
        frame["id"].tolist(), frame["severity"].tolist(), frame[metric].tolist()
    ):
        if minutes is None or math.isnan(minutes):
            continue
        name = duration_bin(minutes)
        members.setdefault((severity, name), []).append(pm_id)
    traces: list[dict[str, Any]] = []
    for severity in groups:
        total = sum(len(members.get((severity, b), [])) for b in bins)
        counts = [len(members.get((severity, b), [])) for b in bins]
        traces.append(
            {
                "type": "bar",
                "name": (severity or "unknown") if not only else "all incidents",
                "x": bins,
                "y": [number(n / total) if total else 0 for n in counts],
                "marker": {
                    "color": SEVERITY_COLOURS.get(severity or "", MUTED) if not only else "#1565c0"
                },
                "hovertext": [
                    hover(
                        f"<b>{severity or 'unknown'} · {b}</b>: {n:,} of {total:,} "
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
        rows.append((name, *(len(members.get((s, name), [])) for s in groups)))
    stats: tuple[tuple[str, Callable[[DurationStats], Cell]], ...] = (
        ("n", lambda row: row.count),
        ("median", lambda row: minutes_text(row.median)),
        # As in the trend charts: no p90 from fewer than min_sample values.
        ("p90", lambda row: minutes_text(row.p90) if row.count >= data.min_sample else "–"),
    )
    for label_, cell in stats:
        found = [by_severity.get(severity) for severity in groups]
        rows.append((label_, *("–" if row is None else cell(row) for row in found)))
    valued = sum(len(ids) for ids in members.values())
    medians = [
        # A severity marked TODO is grouped as None: named as the table names it.
        f"{'all incidents' if only else severity or 'unknown severity'} median "
        f"{minutes_text(row.median)} "
        f"(n = {row.count:,})"
        for severity in groups
        if (row := by_severity.get(severity)) is not None and row.count
    ]
    few = any(
        row is not None and 0 < row.count < data.min_sample
        for row in (by_severity.get(severity) for severity in groups)
    )
    summary = (
        f"How the {label} of {plural(valued, 'incident')} with a value is spread over "
        f"{len(bins)} ranges from exactly 0 to over 1 d"
        + ("" if only else ", by severity")
        + ": "
        + "; ".join(medians)
        + (f". A median of fewer than {data.min_sample} values says little." if few else ".")
    )
    return Chart(
        key=f"distribution-{metric}",
        title=f"{label.capitalize()}" + (" by severity" if not only else ": how it is spread"),
        how_to_read=(
            f"For each severity, the share of its incidents whose {label} fell in each range, "
            "from exactly zero (a placeholder, if common) to over a day; bars further right "
            "mean slower. The table adds the counts, median and p90 (from "
            f"{data.min_sample} values on)."
            if not only
            else f"The share of incidents whose {label} fell in each range, from exactly zero "
            "to over a day. Every incident has the same severity, so there is no split."
        ),
        figure={
            "data": traces,
            "layout": base_layout(
                barmode="group",
                xaxis={"type": "category", "title": {"text": label}},
                yaxis=share_axis("share of the incidents"),
            ),
        },
        table=Table(
            ("Range", *(g or "unknown" for g in groups)),
            rows,
            frozenset(range(1, len(groups) + 1)),
        ),
        empty=None if members else f"No {label} in this period.",
        narrow={"xaxis": {"tickangle": -60}},
        summary=summary,
    )


def duration_bin(minutes: float) -> str:
    """The range of :data:`DURATION_BINS` a duration falls in.

    >>> duration_bin(0.0), duration_bin(0.5), duration_bin(1.0), duration_bin(5000)
    ('exactly 0', 'under 1 min', '1–5 min', 'over 1 d')
    """
    if minutes == 0:
        return DURATION_BINS[0][1]
    return next(name for bound, name in DURATION_BINS[1:] if minutes < bound)


# --- factors ------------------------------------------------------------------


def _catch_all_note(data: PeriodData) -> str | None:
    flags = [f for f in data.quality.flags_of("factors") if f.value is not None]
    if not flags:
        return None
    return "Left out: " + "; ".join(f.message for f in flags) + " (see data quality)."


def top_factors(data: PeriodData, links: Links) -> Chart:
    catch_all = data.quality.catch_all_factors
    frequency = [r for r in data.metrics.factors.frequency if r.factor not in catch_all]
    shown = frequency[:TOP_FACTORS]
    ids = _exploded_ids(data.incidents, "factors")
    traces = []
    layers = [layer for layer in LAYER_COLOURS if any(r.layer == layer for r in shown)]
    layers += sorted({r.layer or "unknown" for r in shown} - set(layers))
    for layer in layers:
        rows = [r for r in shown if (r.layer or "unknown") == layer]
        traces.append(
            ranked_bars(
                layer,
                [r.factor for r in rows],
                [r.incidents for r in rows],
                LAYER_COLOURS.get(layer, MUTED),
                [
                    hover(
                        f"<b>{text(r.factor)}</b> ({layer})",
                        f"{plural(r.incidents, 'incident')}, "
                        f"{percent_text(r.share)} of the period's",
                        "latest:",
                        incident_lines(_latest_first(ids.get(r.factor, []))),
                    )
                    for r in rows
                ],
            )
        )
    order = [r.factor for r in reversed(shown)]
    labels = [r.factor for r in shown]
    # Not "cited by" every incident: one whose every factor is marked TODO cites none
    # that counts (its share is still of all the period's incidents, as in the data).
    unconfirmed = int((~data.incidents["factors"].map(bool).astype(bool)).sum())
    summary = (
        f"The {plural(len(shown), 'factor')} "
        + (f"most cited of {len(frequency):,}" if len(frequency) > len(shown) else "cited")
        + f" in {plural(len(data.incidents), 'incident')}"
        + (f", {unconfirmed:,} of which cite no confirmed factor" if unconfirmed else "")
        + "; most cited: "
        + listing(
            [
                f"{r.factor} {plural(r.incidents, 'incident')} ({percent_text(r.share)})"
                for r in shown
            ]
        )
        + ". An incident counts once per factor."
    )
    return Chart(
        key="top-factors",
        title="Most cited contributing factors",
        how_to_read=(
            "How many incidents cite each factor (an incident counts once per factor), "
            "coloured by layer."
        ),
        using="Hover over a bar for the share of all incidents and the latest ones.",
        figure={
            "data": traces,
            "layout": base_layout(
                barmode="stack",
                yaxis={
                    "type": "category",
                    "categoryorder": "array",
                    "categoryarray": order,
                    **category_ticks(labels),
                },
                xaxis=count_axis(max((r.incidents for r in shown), default=0), "incidents"),
                margin={"l": label_margin(order)},
            ),
        },
        table=Table(
            ("Factor", "Layer", "Incidents", "Share"),
            [
                (
                    Link(r.factor, links.factor(r.factor)),
                    r.layer or "unknown",
                    r.incidents,
                    percent_text(r.share),
                )
                for r in frequency
            ],
            frozenset({2, 3}),
        ),
        empty=None
        if frequency
        else "No factor cited in this period" + (" but the catch-all." if catch_all else "."),
        height=(height := max(260, 24 * len(shown) + 80)),
        note=_catch_all_note(data),
        narrow=narrow_categories(labels, height),
        summary=summary,
    )


_VERDICT_COLOURS = {
    Verdict.WORSE: "#c62828",
    Verdict.BETTER: "#2e7d32",
    Verdict.NO_CHANGE: "#1565c0",
    Verdict.TOO_FEW: MUTED,
}


def factor_changes(data: PeriodData) -> Chart:
    """Each factor's share of incidents in the window against its baseline, with the verdict."""
    window = data.period.window
    claims = [c for c in data.changes if c.window == window.name and c.factor is not None]
    order = {Verdict.WORSE: 0, Verdict.BETTER: 1, Verdict.NO_CHANGE: 2, Verdict.TOO_FEW: 3}
    claims.sort(
        key=lambda c: (
            order[c.verdict],
            -((c.current.value or 0) + (c.baseline.value or 0)),
            c.subject,
        )
    )
    shown = claims[:RISING_SHOWN]
    labels = [c.factor or "" for c in shown]
    hovers = [
        hover(
            f"<b>{text(c.factor or '')}</b>: {c.verdict.value}",
            f"{window.label}: {percent_text(c.current.value)} of {plural(c.current.n, 'incident')}",
            f"{window.baseline_label}: {percent_text(c.baseline.value)} of {c.baseline.n:,}",
            f"change {interval_text(c)}" if c.ci else "",
        )
        for c in shown
    ]
    traces = [
        {
            **ranked_bars(
                window.baseline_label,
                labels,
                [number(c.baseline.value) for c in shown],
                "rgba(128,128,128,0.55)",
                hovers,
            ),
        },
        {
            **ranked_bars(
                window.label,
                labels,
                [number(c.current.value) for c in shown],
                [_VERDICT_COLOURS[c.verdict] for c in shown],
                hovers,
            ),
        },
    ]
    layout = ranked_bars_layout(labels, 0, "share of incidents", barmode="group")
    layout["xaxis"] = share_axis("share of the incidents citing the factor")
    layout["showlegend"] = True
    incidents = next(
        (c for c in data.changes if c.window == window.name and c.subject == "incidents"), None
    )
    verdicts = {v: [c.factor or "" for c in shown if c.verdict is v] for v in order}
    # The shares are of the incidents citing a confirmed factor (every factor's claim has
    # the same ones), not of every incident of the window: say which, and who is left out.
    of = claims[0] if claims else incidents
    unconfirmed = claims[0].unconfirmed if claims else None
    whose = " citing a confirmed factor" if unconfirmed else ""
    summary = (
        f"The share of incidents citing each of {plural(len(shown), 'factor')}"
        + (f" (of {len(claims):,})" if len(claims) > len(shown) else "")
        + f", {window.label}"
        + (f" ({plural(of.current.n, 'incident')}{whose})" if of else "")
        + f" against {window.baseline_label}"
        + (f" ({plural(of.baseline.n, 'incident')}{whose})" if of else "")
        + (
            f"; {unconfirmed[0]:,} and {unconfirmed[1]:,} incidents with no confirmed factor "
            "left out"
            if unconfirmed
            else ""
        )
        + ". Verdicts: "
        + ", ".join(f"{len(named):,} {v.value}" for v, named in verdicts.items() if named)
        + "".join(
            f"; {v.value}: {listing(verdicts[v], 4)}"
            for v in (Verdict.WORSE, Verdict.BETTER)
            if verdicts[v]
        )
        + "."
    )
    return Chart(
        key="factor-changes",
        title=f"Factors: {window.label} against {window.baseline_label}",
        how_to_read=(
            f"For each factor, the share of incidents citing it in {window.label} (coloured: "
            f"red for worse, green for better, blue for no detectable change, grey for too few "
            f"to tell) against {window.baseline_label} (grey). A verdict needs "
            f"{data.min_sample} incidents on each side and a test that holds after the "
            "correction for comparing every factor at once."
        ),
        figure={"data": traces, "layout": layout},
        table=Table(
            (
                "Factor",
                window.label.capitalize(),
                window.baseline_label.capitalize(),
                "Change (95% CI)",
                "Verdict",
            ),
            [
                (
                    c.factor,
                    f"{percent_text(c.current.value)} of {c.current.n:,}",
                    f"{percent_text(c.baseline.value)} of {c.baseline.n:,}",
                    interval_text(c) or "–",
                    c.verdict.value + (f" ({c.flag})" if c.flag else ""),
                )
                for c in claims
            ],
        ),
        empty=None
        if shown
        else (
            f"No incident in {window.label} or {window.baseline_label} to compare."
            if incidents is None or not (incidents.current.n or incidents.baseline.n)
            else "No factor cited in either window."
        ),
        height=(height := max(280, 36 * len(shown) + 110)),
        narrow=narrow_categories(labels, height),
        summary=summary,
    )


def factors_over_time(data: PeriodData) -> Chart:
    """The share of each bucket's incidents citing each of the most cited factors."""
    from pmkb.analytics.factors import factor_frequency

    catch_all = data.quality.catch_all_factors
    frame = data.incidents
    factors = [r.factor for r in data.metrics.factors.frequency if r.factor not in catch_all][
        :HEATMAP_FACTORS
    ]
    # A heatmap of months is too thin to read: quarters at the finest.
    bucket = _bucket_of(data, len(frame))
    bucket = "quarter" if bucket == "month" else bucket
    labels = bucket_labels(data.first, data.last, bucket) if data.first and data.last else []
    keyed = (
        frame.assign(bucket=frame[bucket].astype(str)) if len(frame) else frame.assign(bucket=[])
    )
    totals = keyed["bucket"].value_counts().to_dict()
    cells = {
        (str(r.factor), str(r.bucket)): int(str(r.incidents))
        for r in factor_frequency(keyed, by="bucket").itertuples(index=False)
    }
    z, hovers = [], []
    rows: list[tuple[Cell, ...]] = []
    for factor in factors:
        line, texts, counts = [], [], []
        for label in labels:
            n, total = cells.get((factor, label), 0), totals.get(label, 0)
            share = n / total if total else None
            line.append(number(share))
            counts.append(n)
            texts.append(
                hover(
                    f"<b>{text(factor)} · {label}</b>",
                    f"{n:,} of {plural(total, 'incident')} ({percent_text(share)})",
                )
            )
        z.append(line)
        hovers.append(texts)
        rows.append((factor, *counts))
    summary = (
        f"The share of each {bucket}'s incidents citing each of the {plural(len(factors), 'factor')} "
        f"most cited, over {plural(len(labels), bucket)} ({labels[0]} to {labels[-1]}), "
        f"n per {bucket} {span_text(totals.get(label, 0) for label in labels)}. "
        "No change is claimed from the cells."
        if labels
        else ""
    )
    return Chart(
        key="factors-over-time",
        title=f"Factors by {bucket}",
        how_to_read=(
            f"Each cell is the share of a {bucket}'s incidents that cite the factor, on a scale "
            "from 0% (white) to 100% (darkest); a blank cell had no incident. The table gives "
            "the counts. The most cited factors of the period are shown."
        ),
        figure={
            "data": [
                {
                    "type": "heatmap",
                    "x": labels,
                    "y": factors,
                    "z": z,
                    "zmin": 0,
                    "zmax": 1,
                    "colorscale": [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
                    "colorbar": {
                        "title": {"text": "share"},
                        "tickformat": ".0%",
                        "tickvals": [0, 0.25, 0.5, 0.75, 1],
                        "thickness": 12,
                    },
                    "hovertext": hovers,
                    "hovertemplate": "%{hovertext}<extra></extra>",
                    "xgap": 1,
                    "ygap": 1,
                }
            ],
            "layout": base_layout(
                xaxis={"type": "category", "title": {"text": bucket}},
                yaxis={"type": "category", "autorange": "reversed", **category_ticks(factors)},
                margin={"l": label_margin(factors)},
            ),
        },
        table=Table(("Factor", *labels), rows, frozenset(range(1, len(labels) + 1))),
        empty=(
            "No factor cited in this period."
            if not factors
            else (
                f"Too few incidents for factors over time in this period: {len(frame):,}, "
                f"in one {bucket}."
                if len(labels) < 2
                else None
            )
        ),
        height=(height := max(280, 26 * len(factors) + 110)),
        note=_catch_all_note(data),
        narrow=narrow_categories(factors, height),
        summary=summary,
    )


# --- recurrence ---------------------------------------------------------------


#: How the table of recurring causes says where a pair stands against chance.
ABOVE_CHANCE = "more often than chance"
#: Not shown to be more often than chance: a pair cited twice where once was expected may
#: be that, so the words say chance can explain it, never that it is "as often".
AS_CHANCE = "within what chance alone can explain"
NOT_TESTED = "not tested (too few incidents)"


def recurring_causes(data: PeriodData, links: Links) -> Chart:
    """The pairs of a service and a factor cited more often than chance, and those that repeat.

    A busy service and a common factor meet often by chance alone: only a pair
    cited more often than its expected count (see
    :func:`~pmkb.analytics.recurrence.recurring_service_factors`) is drawn; every
    pair cited by ``min_incidents`` or more stays in the table, with its count
    against the expected one.
    """
    recurrence = data.metrics.recurrence
    catch_all = data.quality.catch_all_factors
    pairs = [r for r in recurrence.service_factors if r.factor not in catch_all]
    above = [r for r in pairs if r.above_chance]
    shown = above[:RECURRING_SHOWN]
    labels = [f"{r.service} · {r.factor}" for r in shown]
    trace = ranked_bars(
        "incidents",
        labels,
        [r.incidents for r in shown],
        "#6a1b9a",
        [
            hover(
                f"<b>{text(label)}</b>: {plural(r.incidents, 'incident')}",
                f"{_expected_text(r.expected)} expected by chance",
                f"first {r.first_seen[:10]}, last {r.last_seen[:10]}",
                incident_lines(_latest_first(r.ids)),
            )
            for label, r in zip(labels, shown)
        ],
    )
    expected = {
        "type": "scatter",
        "mode": "markers",
        "name": "expected by chance",
        "y": labels,
        "x": [r.expected for r in shown],
        "marker": {"symbol": "line-ns-open", "size": 18, "color": "#212121", "line": {"width": 2}},
        "hoverinfo": "skip",
    }
    rows: list[tuple[Cell, ...]] = []
    for r in pairs[:50]:
        latest = _latest_first(r.ids)[:3]
        rows.append(
            (
                Link(r.service, links.service(r.service)),
                Link(r.factor, links.factor(r.factor)),
                r.incidents,
                _expected_text(r.expected),
                ABOVE_CHANCE if r.above_chance else AS_CHANCE if recurrence.tested else NOT_TESTED,
                r.first_seen[:10],
                r.last_seen[:10],
                ", ".join(latest) + (" …" if len(r.ids) > 3 else ""),
            )
        )
    repeats = len(pairs) - len(above)
    summary = (
        f"{plural(len(above), 'pair')} of a service and a factor cited more often than chance"
        + (f", the {len(shown):,} drawn" if len(above) > len(shown) else "")
        + ": "
        + listing(
            [
                f"{label} {plural(r.incidents, 'incident')} where {_expected_text(r.expected)} "
                "expected"
                for label, r in zip(labels, shown)
            ]
        )
        + "."
    )
    if not pairs:
        empty: str | None = "No cause recurred in this period."
    elif not recurrence.tested:
        empty = (
            f"Too few incidents in this period to tell a recurring cause from chance: "
            f"{recurrence.tested_incidents:,} name both a service and a factor, and a test "
            f"needs {recurrence.min_tested:,}. The table lists the "
            f"{plural(len(pairs), 'pair')} cited by {recurrence.min_incidents} incidents or "
            "more, untested."
        )
    elif not above:
        empty = (
            "No factor is cited on a service more often than chance alone can explain in this "
            f"period. The table lists the {plural(len(pairs), 'pair')} cited by "
            f"{recurrence.min_incidents} incidents or more: for each, chance alone can explain "
            "the count, given how busy the service is and how common the factor."
        )
    else:
        empty = None
    return Chart(
        key="recurring-causes",
        title="Recurring causes: the same factor on the same service, more than chance",
        how_to_read=(
            "Each bar is a service and a contributing factor cited together by more incidents "
            "than chance alone gives; the black tick is that expected count: the incidents "
            "that would cite the pair if the factor fell on services at random, from how many "
            "incidents the service had and how many cite the factor. A busy service and a "
            "common factor meet often by chance, so a pair that merely repeats is not drawn: "
            f"the table lists every pair cited by {recurrence.min_incidents} incidents or "
            "more, with its expected count."
        ),
        using="Hover over a bar for when the pair first and last happened and which incidents.",
        figure={
            "data": [trace, expected],
            "layout": ranked_bars_layout(
                labels, max((r.incidents for r in shown), default=0), "incidents"
            ),
        },
        table=Table(
            (
                "Service",
                "Factor",
                "Incidents",
                "Expected by chance",
                "Against chance",
                "First",
                "Last",
                "Latest",
            ),
            rows,
            frozenset({2, 3}),
            note=(
                f"{plural(len(above), 'pair')} more often than chance, "
                f"{repeats:,} {AS_CHANCE}"
                + (f"; the first 50 of {len(pairs):,}." if len(pairs) > 50 else ".")
                if recurrence.tested
                else (f"The first 50 of {len(pairs):,}." if len(pairs) > 50 else None)
            ),
        ),
        empty=empty,
        height=(height := max(260, 24 * len(shown) + 80)),
        note=_catch_all_note(data),
        narrow=narrow_categories(labels, height),
        table_when_empty=True,
        summary=summary,
    )


def _expected_text(value: float) -> str:
    """An expected count to one decimal (``1.3``); below 0.05, ``under 0.1``."""
    return f"{value:,.1f}" if value >= 0.05 else "under 0.1"


def fixes_by_service_factor(data: PeriodData) -> Chart:
    """Where a factor came back on a service after a completed fix, beyond chance.

    A factor comes back on a busy service often by chance alone, whatever the fix:
    only a pair cited more often than chance gives (the rule of
    :func:`recurring_causes`, from the same test) is drawn as a fix that did not
    hold; every pair where a factor came back stays in the table, with where it
    stands against chance.
    """
    recurrence = data.metrics.recurrence
    fixes = recurrence.fixes_that_did_not_hold
    every = fixes.by_service_factor
    above = [r for r in every if r.above_chance]
    pairs = above[:RECURRING_SHOWN]
    labels = [f"{r.service} · {r.factor}" for r in pairs]
    trace = ranked_bars(
        "recurrences after a fix",
        labels,
        [r.recurrences for r in pairs],
        "#c62828",
        [
            hover(
                f"<b>{text(label)}</b>",
                f"{plural(r.recurrences, 'recurrence')} after a completed fix",
                f"{plural(r.earlier_ids, 'earlier incident')}, {r.later_ids:,} later",
                f"last {r.last_recurrence[:10]}",
            )
            for label, r in zip(labels, pairs)
        ],
    )
    summary = (
        f"{plural(len(pairs), 'pair')} of a service and a factor cited more often than chance, "
        "where the factor came back after a completed fix"
        + (f" (the {len(pairs):,} with the most)" if len(above) > len(pairs) else "")
        + ": "
        + listing([f"{label} {plural(r.recurrences, 'time')}" for label, r in zip(labels, pairs)])
        + "."
    )
    listed = every[:50]
    if not every:
        # What was seen, not that every fix held: with few incidents, or none, nothing
        # had the chance to come back.
        empty: str | None = (
            "No factor came back on a service after a completed fix in this period "
            f"({plural(len(data.incidents), 'incident')}; of the fixes recorded as done)."
        )
    elif not recurrence.tested:
        empty = (
            "Too few incidents in this period to tell a fix that did not hold from chance: "
            f"{recurrence.tested_incidents:,} name both a service and a factor, and a test "
            f"needs {recurrence.min_tested:,}. The table lists the "
            f"{plural(len(every), 'pair')} where a factor came back after a completed fix, "
            "untested."
        )
    elif not above:
        empty = (
            "No factor came back on a service more often than chance alone can explain in this "
            f"period. The table lists the {plural(len(every), 'pair')} where a factor came "
            "back after a completed fix: for each, chance alone can explain the count, given "
            "how busy the service is and how common the factor, so none shows that a fix "
            "failed."
        )
    else:
        empty = None
    return Chart(
        key="fixes-by-cause",
        title="Fixes that did not hold: the same factor back on the same service, more than chance",
        how_to_read=(
            "Each bar is a service and a factor cited together more often than chance alone "
            "gives (as under recurring causes), and counts how often the factor came back "
            "there after an earlier incident's action items for it were all done. A busy "
            "service and a common factor meet often by chance, whatever the fix, so a pair "
            "that merely comes back is not drawn: the table lists every pair that came back, "
            "with where it stands against chance; the list below names each case, strongest "
            "evidence first."
        ),
        figure={
            "data": [trace],
            "layout": ranked_bars_layout(
                labels, max((r.recurrences for r in pairs), default=0), "recurrences"
            ),
        },
        table=Table(
            (
                "Service · factor",
                "Recurrences",
                "Earlier incidents",
                "Later incidents",
                "Last",
                "Against chance",
            ),
            [
                (
                    f"{r.service} · {r.factor}",
                    r.recurrences,
                    r.earlier_ids,
                    r.later_ids,
                    r.last_recurrence[:10],
                    ABOVE_CHANCE
                    if r.above_chance
                    else AS_CHANCE
                    if recurrence.tested
                    else NOT_TESTED,
                )
                for r in listed
            ],
            frozenset({1, 2, 3}),
            note=(
                f"{plural(len(above), 'pair')} more often than chance, "
                f"{len(every) - len(above):,} {AS_CHANCE}"
                + (f"; the first 50 of {len(every):,}." if len(every) > 50 else ".")
                if recurrence.tested
                else (f"The first 50 of {len(every):,}." if len(every) > 50 else None)
            ),
        ),
        empty=_no_items(data) or empty,
        height=(height := max(260, 24 * len(pairs) + 80)),
        narrow=narrow_categories(labels, height),
        table_when_empty=True,
        summary=summary,
    )


def _no_items(data: PeriodData) -> str | None:
    """Why nothing can be said about follow-ups, when no action item is recorded."""
    message = flag_note(data, "action_items", "absent")
    return None if message is None else f"Cannot tell: {message}."


def fixes_list(data: PeriodData, links: Links) -> Table:
    """Each fix that did not hold: linked by the later report first, the rest as possible."""
    fixes = data.metrics.recurrence.fixes_that_did_not_hold
    rows: list[tuple[Cell, ...]] = []
    for r in fixes.latest[:FIXES_LISTED]:
        if r.linked:
            evidence = "linked by the later report"
        elif r.targeted:
            evidence = "possible recurrence (the fix targeted this factor)"
        else:
            evidence = "possible recurrence"
        rows.append(
            (
                evidence,
                r.service,
                Link(r.factor, links.factor(r.factor)),
                Link(r.earlier_id, links.incident(r.earlier_id)),
                r.fix_completed[:10],
                Link(r.later_id, links.incident(r.later_id)),
                r.days_after_fix,
            )
        )
    shown = min(len(fixes.latest), FIXES_LISTED)
    return Table(
        ("Evidence", "Service", "Factor", "Earlier", "Fix completed", "Came back in", "Days after"),
        rows,
        frozenset({6}),
        note=(
            f"{shown:,} of {fixes.total:,} shown ({fixes.linked:,} linked by the later "
            f"report, {fixes.targeted:,} with a fix that targeted the factor); "
            "the full list is in data/metrics.json."
            if fixes.total > shown
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


def _status_parts(row: ActionItemCounts) -> dict[str, int]:
    return {
        "done": row.done,
        "wont_do": row.wont_do,
        "on_time": row.waiting - row.overdue,
        "overdue": row.overdue,
    }


def _completion_chart(
    data: PeriodData,
    rows: Sequence[ActionItemCounts],
    label: str,
    chart_key: str,
    title: str,
    how: str,
    unit: tuple[str, str],
    using: str = "",
) -> Chart:
    names = [_group_name(r.group) for r in rows]
    parts = [_status_parts(r) for r in rows]
    rated = [(n, r.completion_rate) for n, r in zip(names, rows) if r.completion_rate is not None]
    rates = [rate for _, rate in rated]
    # A rate for some groups only is theirs: said of all, "completion 38%" would be read
    # as the whole's when the others have too few items whose status is confirmed.
    unrated = len(rows) - len(rated)
    others = f"the other {plural(unrated, *unit)} {'gives' if unrated == 1 else 'give'} no rate"
    which = (
        ""
        if not unrated
        else f" ({rated[0][0]}; {others})"
        if len(rated) == 1
        else f" (in {plural(len(rated), *unit)}; {others})"
    )
    summary = (
        f"{sum(r.total for r in rows):,} action items by {label}, "
        f"{plural(len(rows), *unit)} ({names[0]}{f' to {names[-1]}' if len(rows) > 1 else ''}): "
        f"{span_text(r.total for r in rows)} items"
        + (" each" if len(rows) > 1 else "")
        + (
            f", completion {percent_text(min(rates))} to {percent_text(max(rates))}{which}"
            if len(rates) > 1
            else f", completion {percent_text(rates[0])}{which}"
            if rates
            else ""
        )
        + f", {sum(r.overdue for r in rows):,} overdue in all"
        + (
            " ("
            + listing([f"{n}: {r.overdue:,}" for n, r in zip(names, rows) if r.overdue], 4)
            + ")"
            if any(r.overdue for r in rows)
            else ""
        )
        + could_be_overdue(sum(r.overdue_unknown for r in rows))
        + "."
        if rows
        else ""
    )
    summaries = [
        hover(
            f"<b>{text(name)}</b>: {r.total:,} items",
            f"done {r.done:,} · won't do {r.wont_do:,} · open {r.open:,} · "
            f"in progress {r.in_progress:,}",
            f"overdue {r.overdue:,} · completion {percent_text(r.completion_rate)}",
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
        using=using,
        figure={
            "data": traces,
            "layout": base_layout(
                barmode="stack",
                xaxis={"type": "category", "title": {"text": label}},
                yaxis=count_axis(max((r.total for r in rows), default=0), "action items"),
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
                    r.total,
                    r.done,
                    r.wont_do,
                    r.open,
                    r.in_progress,
                    r.overdue,
                    percent_text(r.completion_rate),
                )
                for name, r in zip(names, rows)
            ],
            frozenset(range(1, 8)),
        ),
        empty=_no_items(data)
        or (None if rows else f"No action items{_items_of(data) or ' in this period'}."),
        summary=summary,
    )


def completion_by_quarter(data: PeriodData) -> Chart:
    return _completion_chart(
        data,
        data.metrics.action_items.by_quarter,
        "quarter of the incident",
        "completion-by-quarter",
        "Action items by the quarter of their incident",
        "Each bar holds the action items of one quarter's incidents by status: green is done, "
        "red is overdue (open or in progress past its due date).",
        ("quarter", "quarters"),
        using="Hover over a bar for the completion rate.",
    )


def completion_by_priority(data: PeriodData) -> Chart:
    return _completion_chart(
        data,
        data.metrics.action_items.by_priority,
        "priority",
        "completion-by-priority",
        "Action items by priority",
        "The same split by priority: a red share in P1 means urgent work is late.",
        ("priority", "priorities"),
    )


def _items_of(data: PeriodData) -> str:
    """`` of the incidents that started in the last quarter`` on a period's page, else "".

    A period's action items are those of its own incidents, not every item due in it:
    "no overdue item in this period" would read as every follow-up on time while older
    incidents' items due in it are still open.
    """
    if data.period.months is None:
        return ""
    return f" of the incidents that started in {data.period.window.label}"


def _group_name(group: str | int | None) -> str:
    """A group's label: ``unknown`` for the items whose value is marked TODO (None)."""
    return "unknown" if group is None else str(group)


def overdue_by_owner(data: PeriodData) -> Chart:
    owners = [r for r in data.metrics.action_items.by_owner if r.overdue]
    owners.sort(key=lambda r: (-r.overdue, r.group is None, str(r.group)))
    shown = owners[:OWNERS_SHOWN]
    every = [_group_name(r.group) for r in owners]
    names = every[: len(shown)]
    unknown = sum(r.overdue for r in owners if r.group is None)
    trace = ranked_bars(
        "overdue",
        names,
        [r.overdue for r in shown],
        "#c62828",
        [
            hover(
                f"<b>{text(name)}</b>: {r.overdue:,} overdue",
                f"of {r.total:,} items ({r.done:,} done, "
                f"completion {percent_text(r.completion_rate)})",
            )
            for name, r in zip(names, shown)
        ],
    )
    summary = (
        f"{plural(len(owners) - bool(unknown), 'owner')} with overdue action items"
        + (f" and {plural(unknown, 'item')} whose owner is not confirmed" if unknown else "")
        + f", {sum(r.overdue for r in owners):,} overdue in all; the most: "
        + listing([f"{n}: {r.overdue:,}" for n, r in zip(names, shown)])
        + "."
    )
    return Chart(
        key="overdue-by-owner",
        title="Overdue action items by owner",
        how_to_read=f"Owners with the most overdue items{_items_of(data)}.",
        using="Hover over a bar for all the owner's items and their completion rate.",
        figure={
            "data": [trace],
            "layout": ranked_bars_layout(
                names, max((r.overdue for r in shown), default=0), "overdue items"
            ),
        },
        table=Table(
            ("Owner", "Overdue", "Items", "Done", "Completion"),
            [
                (n, r.overdue, r.total, r.done, percent_text(r.completion_rate))
                for n, r in zip(every, owners)
            ],
            frozenset({1, 2, 3}),
        ),
        empty=_no_items(data)
        or (
            None
            if owners
            else f"No overdue action items{_items_of(data) or ' in this period'}"
            + could_be_overdue(data.metrics.action_items.overall.overdue_unknown)
            + "."
        ),
        height=max(220, 24 * len(shown) + 80),
        summary=summary,
    )


def overdue_list(data: PeriodData, links: Links) -> Table:
    from pmkb.analytics.metrics import overdue_items

    items = overdue_items(data.action_items, None)
    total = len(items)
    rows: list[tuple[Cell, ...]] = []
    for row in items[:OVERDUE_LISTED]:
        item_id = row.key.split("/", 1)[1]
        rows.append(
            (
                row.due,
                int(row.days_overdue or 0),
                row.owner or "unknown",
                row.priority or "unknown",
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
