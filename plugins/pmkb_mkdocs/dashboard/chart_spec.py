"""The pieces every chart is made of: a Plotly figure as plain data, its table, its words.

A :class:`Chart` is what one chart on a page needs: the figure (``data`` and
``layout`` as Plotly reads them, plain dicts and lists), a one-line "how to
read it", a summary of what it draws in words (the text a screen reader
announces for the drawing, shown to every reader), and the :class:`Table` of
the numbers behind it, which is what a reader without JavaScript sees. ``assets/pmkb/charts.js`` draws the figure
from the JSON that :func:`inline_json` writes into the page.

Nothing here imports Plotly or MkDocs: a figure is data, so that a test can
read it back from the built page and compare it with the analytics.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pmkb_mkdocs.formatting import human_duration

#: Severity colours, the same as the badges of pmkb.css.
SEVERITY_COLOURS = {"SEV1": "#b71c1c", "SEV2": "#e65100", "SEV3": "#f9a825", "SEV4": "#546e7a"}
LAYER_COLOURS = {
    "technical": "#1565c0",
    "process": "#2e7d32",
    "organizational": "#6a1b9a",
    "unknown": "#757575",
}
#: A qualitative palette (colour-blind safe, Okabe-Ito order) for clusters.
PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
    "#000000", "#999999", "#882255", "#44aa99", "#117733",
)  # fmt: skip
MUTED = "#9e9e9e"
#: Incidents named in one hover box; the rest are counted.
HOVER_INCIDENTS = 5
#: Characters of a title shown in a hover box.
HOVER_TITLE = 60
#: Decimals kept in the figures' floats: enough for minutes and shares, and stable bytes.
DECIMALS = 4

# Tick marks of a duration axis (minutes): zero, then human units at round values.
_DURATION_TICKS = (
    (0, "0"), (1, "1 min"), (5, "5 min"), (15, "15 min"), (60, "1 h"), (240, "4 h"),
    (1440, "1 d"), (4320, "3 d"), (10080, "1 wk"), (43200, "30 d"), (129600, "90 d"),
    (525600, "1 yr"), (2628000, "5 yr"),
)  # fmt: skip
#: Longest category label drawn in full; longer ones are cut (in full in the hover and table).
LABEL_CHARACTERS = 32
#: ... and on a narrow screen (see :attr:`Chart.narrow`).
NARROW_LABEL_CHARACTERS = 16


@dataclass(frozen=True)
class Link:
    """A table cell that links somewhere (``href`` is relative to the page)."""

    text: str
    href: str


Cell = str | int | float | Link | None


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    #: Indexes of the columns that hold numbers (right-aligned).
    numeric: frozenset[int] = frozenset()
    #: Said under the table when rows were left out.
    note: str | None = None


@dataclass(frozen=True)
class Chart:
    """One chart: its figure, its one-line explanation and the table behind it."""

    key: str
    title: str
    how_to_read: str
    figure: dict[str, Any]
    table: Table
    #: Said instead of the chart when there is nothing to draw.
    empty: str | None = None
    #: Points whose ``customdata`` is a link open it when clicked.
    clickable: bool = False
    height: int = 360
    extra: dict[str, Any] = field(default_factory=dict)
    #: Layout merged over the figure's on a screen under 600 px wide (charts.js).
    narrow: dict[str, Any] = field(default_factory=dict)
    #: Plotly's toolbar: off, except where zooming helps (the graph).
    toolbar: bool = False
    #: Said under the chart: what was left out of it and why (a data-quality flag).
    note: str | None = None
    #: (swatch, label) of each colour the figure uses, drawn as a list under it; the
    #: swatch names a class of pmkb.css (``c1`` ... for the palette, ``none``), not a
    #: colour: the site's pages carry no inline style.
    legend: tuple[tuple[str, str], ...] = ()
    #: What the drawn figure offers a pointer (hover, click, zoom), said after
    #: ``how_to_read`` only once charts.js has drawn the figure: without JavaScript, or
    #: without the chart library, there is nothing to hover. ``how_to_read`` and every
    #: other text of a chart never speak of using the drawing.
    using: str = ""
    #: How to read the page while the figure is not drawn, when ``how_to_read`` itself
    #: describes only the drawing (the graph): shown in its place until it is drawn.
    undrawn_how_to_read: str | None = None
    #: Show the table under the ``empty`` sentence too: rows the figure leaves out on purpose.
    table_when_empty: bool = False
    #: What the figure draws, in words, from the same numbers and with the same hedges
    #: as the page's sentences: the drawing's description for a screen reader, and a
    #: line every reader sees. Required of every chart that draws something.
    summary: str = ""

    @property
    def spec_json(self) -> str:
        layout = {**self.figure.get("layout", {}), "height": self.height}
        spec: dict[str, Any] = {**self.figure, "layout": layout}
        if self.narrow:
            spec["narrow"] = self.narrow
        if self.toolbar:
            spec["toolbar"] = True
        return inline_json(spec)


def inline_json(data: Any) -> str:
    """``data`` as compact, key-sorted JSON that can stand as text anywhere in an HTML page.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` and so on, so that no value
    can close the element holding it, open a tag or a comment, or read as a
    character reference; U+2028 and U+2029 too, for old JavaScript parsers.
    The bytes depend on ``data`` alone.

    >>> inline_json({"b": "</script>", "a": 1.5})
    '{"a":1.5,"b":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def number(value: float | int | None) -> float | None:
    """A value for a figure: None for missing, floats rounded to :data:`DECIMALS`, ints as given."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        rounded = round(value, DECIMALS)
        return 0.0 if rounded == 0 else rounded
    return value


def text(value: str) -> str:
    """User text for a hover box: Plotly reads a small HTML subset there, so escape it."""
    return html.escape(value, quote=False)


def short_title(title: str) -> str:
    return title if len(title) <= HOVER_TITLE else title[: HOVER_TITLE - 1].rstrip() + "…"


def incident_lines(
    ids: Sequence[str], titles: dict[str, str] | None = None, limit: int = HOVER_INCIDENTS
) -> list[str]:
    """Hover lines naming the incidents behind a point: up to ``limit``, then a count.

    >>> incident_lines(["PM-1", "PM-2", "PM-3"], {"PM-1": "Disk <full>"}, limit=2)
    ['PM-1 Disk &lt;full&gt;', 'PM-2', '… and 1 more']
    """
    lines = []
    for pm_id in ids[:limit]:
        title = (titles or {}).get(pm_id)
        lines.append(f"{pm_id} {text(short_title(title))}" if title else pm_id)
    if len(ids) > limit:
        lines.append(f"… and {len(ids) - limit:,} more")
    return lines


def hover(*lines: str | Iterable[str]) -> str:
    """Hover-box lines joined with ``<br>``; nested iterables are flattened."""
    out: list[str] = []
    for line in lines:
        if isinstance(line, str):
            out.append(line)
        else:
            out.extend(line)
    return "<br>".join(out)


def minutes_text(minutes: float | None) -> str:
    """``12 min``, ``3 h 5 min``; an en dash when missing."""
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return "–"
    return human_duration(dt.timedelta(seconds=round(minutes * 60)))


def percent_text(share: float | None) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{share * 100:.0f}%"


def duration_scale(minutes: float | None) -> float | None:
    """Where a duration sits on a duration axis: ``log10(1 + minutes)``.

    Like a log scale, it spreads a minute and a day apart on one chart; unlike
    one, zero sits at zero and half a minute above it, so that a duration of
    zero (a placeholder) or of seconds is drawn, not dropped.

    >>> duration_scale(0), duration_scale(9), duration_scale(None)
    (0.0, 1.0, None)
    """
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return None
    return number(math.log10(1 + max(minutes, 0.0)))


def duration_axis(values: Iterable[float | None]) -> dict[str, Any]:
    """A y axis for :func:`duration_scale` values, ticked at human durations up to above the top.

    The range runs from zero to the first tick at or above the largest value,
    so that no point or interval is drawn outside it and the top is readable.

    >>> axis = duration_axis([0.0, 50.0, 200.0])
    >>> axis["ticktext"], axis["range"][0]
    (['0', '1 min', '5 min', '15 min', '1 h', '4 h'], 0)
    """
    present = [v for v in values if v is not None and not math.isnan(v)]
    high = max(present, default=60.0)
    ticks = []
    for value, label in _DURATION_TICKS:
        ticks.append((value, label))
        if value >= high:
            break
    top = duration_scale(float(ticks[-1][0])) or 1.0
    return {
        "title": {"text": "duration (log scale from 0)"},
        "tickvals": [duration_scale(float(v)) for v, _ in ticks],
        "ticktext": [t for _, t in ticks],
        "range": [0, number(top * 1.04)],
        "zeroline": True,
        "gridcolor": "rgba(128,128,128,0.2)",
        "automargin": True,
    }


def base_layout(**extra: Any) -> dict[str, Any]:
    """What every figure's layout shares: transparent, compact, horizontal legend on top."""
    layout: dict[str, Any] = {
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 60, "r": 20, "t": 10, "b": 50},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "hoverlabel": {"align": "left"},
        "font": {"size": 12},
        # Margins grow to fit tick labels and titles, so that neither covers the other.
        "xaxis": {"gridcolor": "rgba(128,128,128,0.2)", "automargin": True},
        "yaxis": {"gridcolor": "rgba(128,128,128,0.2)", "rangemode": "tozero", "automargin": True},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def count_axis(largest: int, title: str) -> dict[str, Any]:
    """A linear axis of whole counts: no 0.5 ticks when the counts are small."""
    axis: dict[str, Any] = {
        "title": {"text": title},
        "rangemode": "tozero",
        "tickformat": ",d",
        "automargin": True,
    }
    if largest <= 8:
        axis["dtick"] = 1
    return axis


def share_axis(title: str) -> dict[str, Any]:
    """A share axis from 0 % to 100 %, whatever the data: a share is read against the whole."""
    return {
        "title": {"text": title},
        "range": [0, 1],
        "tickformat": ".0%",
        "automargin": True,
        "gridcolor": "rgba(128,128,128,0.2)",
    }


def cut(label: str, limit: int = LABEL_CHARACTERS) -> str:
    """``label`` cut to ``limit`` characters with an ellipsis.

    >>> cut("vendor-expectation-gap", 10)
    'vendor-ex…'
    """
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def category_ticks(labels: Sequence[str], limit: int = LABEL_CHARACTERS) -> dict[str, Any]:
    """A category axis's labels, cut to ``limit`` characters (the full label is in the hover)."""
    return {
        "tickmode": "array",
        "tickvals": list(labels),
        "ticktext": [cut(x, limit) for x in labels],
    }


def wrap(label: str, limit: int = NARROW_LABEL_CHARACTERS) -> list[str]:
    """``label`` on at most two lines of ``limit`` characters, broken after a space or a
    hyphen; what does not fit is cut with an ellipsis (the full label is in the hover and
    the table).

    >>> wrap("cross-team-dependency"), wrap("orders-db · missing-index")
    (['cross-team-', 'dependency'], ['orders-db ·', 'missing-index'])
    >>> wrap("runbook-gap"), wrap("internal-dns · dns-misconfiguration")
    (['runbook-gap'], ['internal-dns ·', 'dns-misconfigur…'])
    """
    lines = [""]
    for word in re.findall(r"[^\s-]*-|\S+\s*|\s+", label):
        if lines[-1] and len((lines[-1] + word).rstrip()) > limit and len(lines) < 2:
            lines.append("")
        lines[-1] += word
    return [cut(line.strip(), limit) for line in lines]


def narrow_categories(labels: Sequence[str], height: int, axis: str = "yaxis") -> dict[str, Any]:
    """The :attr:`Chart.narrow` layout of a chart of ``height`` with category labels on
    ``axis``: each label on up to two short lines (:func:`wrap`), the chart taller by a
    line for each label that takes two, so that no label runs into the next."""
    lines = [wrap(label) for label in labels]
    return {
        axis: {
            "tickmode": "array",
            "tickvals": list(labels),
            "ticktext": ["<br>".join(text(line) for line in split) for split in lines],
        },
        "margin": {"l": min(label_margin(labels), 7 * NARROW_LABEL_CHARACTERS + 12)},
        "height": height + 14 * sum(1 for split in lines if len(split) > 1),
    }


def ranked_bars(
    name: str, labels: list[str], values: list[Any], colour: Any, hovertext: list[str]
) -> dict[str, Any]:
    """A horizontal bar trace: ``values`` against ``labels``, a hover box per bar.

    ``colour`` is one colour or one per bar; :func:`ranked_bars_layout` lays it out.
    """
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": labels,
        "x": values,
        "marker": {"color": colour},
        "hovertext": hovertext,
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def ranked_bars_layout(labels: list[str], largest: int, unit: str, **extra: Any) -> dict[str, Any]:
    """The layout of a horizontal bar chart that lists ``labels`` from the top down."""
    return base_layout(
        # Plotly draws the first category at the bottom: reversed, the list reads down.
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels[::-1],
            **category_ticks(labels),
        },
        xaxis=count_axis(largest, unit),
        margin={"l": label_margin(labels)},
        showlegend=False,
        **extra,
    )


def span_text(values: Iterable[int]) -> str:
    """The range of some counts: ``12–40``, or ``12`` when they are all the same.

    >>> span_text([40, 12, 30]), span_text([7, 7]), span_text([])
    ('12–40', '7', '–')
    """
    found = list(values)
    if not found:
        return "–"
    low, high = min(found), max(found)
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def listing(parts: Sequence[str], limit: int = 3) -> str:
    """Up to ``limit`` of ``parts`` in a sentence, then how many more.

    >>> listing(["a"]), listing(["a", "b"]), listing(["a", "b", "c", "d", "e"])
    ('a', 'a and b', 'a, b, c and 2 more')
    """
    shown = list(parts[:limit])
    more = len(parts) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more:,} more"
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def label_margin(labels: Iterable[str]) -> int:
    """A left margin wide enough for the category labels of a horizontal bar chart."""
    longest = max((min(len(label), LABEL_CHARACTERS) for label in labels), default=0)
    return min(240, max(80, 7 * longest + 20))
