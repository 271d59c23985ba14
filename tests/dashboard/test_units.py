"""The dashboard's pure pieces: periods, inline JSON, the data dictionary; and its docstring examples."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from pmkb.analytics import analyse
from pmkb.analytics.exports import INCIDENT_CSV_COLUMNS
from pmkb.analytics.periods import PERIODS
from pmkb.analytics.synthetic import example_postmortems
from pmkb_mkdocs.dashboard import datadoc
from pmkb_mkdocs.dashboard.chart_spec import incident_lines, inline_json, minutes_text

MODULES = ("chart_spec", "datadoc", "charts", "graph", "dashboard_pages", "sentences")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"pmkb_mkdocs.dashboard.{name}")
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


@pytest.mark.parametrize(
    ("as_of", "months", "start"),
    [
        (dt.date(2025, 6, 1), 12, dt.date(2024, 6, 1)),
        (dt.date(2025, 6, 1), 3, dt.date(2025, 3, 1)),
        (dt.date(2025, 5, 31), 3, dt.date(2025, 2, 28)),  # no 31 February
        (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28)),
        (dt.date(2025, 1, 15), 3, dt.date(2024, 10, 15)),  # across a year
    ],
)
def test_a_period_starts_the_same_day_months_back(
    as_of: dt.date, months: int, start: dt.date
) -> None:
    period = next(p for p in PERIODS if p.months == months)
    assert period.start(as_of) == start
    assert PERIODS[0].start(as_of) is None


def test_inline_json_cannot_close_its_element_and_reads_back() -> None:
    value = {"title": "</template><script>x</script> & \u2028\u2029 <!--", "n": [1.5, None]}
    text = inline_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value
    assert inline_json({"b": 1, "a": 2}) == '{"a":2,"b":1}'


def test_hover_lines_escape_titles_and_count_the_rest() -> None:
    lines = incident_lines([f"PM-{n}" for n in range(8)], {"PM-0": "<i>x</i> " + "y" * 80})
    assert lines[0].startswith("PM-0 &lt;i&gt;x&lt;/i&gt; y") and lines[0].endswith("…")
    assert lines[1:5] == ["PM-1", "PM-2", "PM-3", "PM-4"]
    assert lines[-1] == "… and 3 more"
    assert minutes_text(90.5) == "1 h 30 min" and minutes_text(None) == "–"


def test_the_data_dictionary_documents_every_key_the_files_have() -> None:
    result = analyse(example_postmortems(), as_of=dt.date(2025, 5, 1), audience="internal")
    metrics = json.loads(result.files()["data/metrics.json"])
    assert sorted(e.name for e in datadoc.metrics_keys()) == sorted(metrics)
    graph = json.loads(result.files()["data/graph.json"])
    assert sorted(e.name for e in datadoc.graph_keys()) == sorted(graph)
    assert [e.name for e in datadoc.csv_columns("incidents")] == [
        name for name, _, _ in INCIDENT_CSV_COLUMNS
    ]
    assert "Durations are minutes" in str(datadoc.csv_conventions())
    assert all(e.description for e in datadoc.metrics_keys())


def test_a_period_holds_the_incidents_and_items_it_names() -> None:
    result = analyse(example_postmortems(), as_of=dt.date(2025, 5, 1), audience="internal")
    quarter = result.period(PERIODS[2].slug)
    days = [d.date() for d in quarter.incidents["started"]]
    assert all(dt.date(2025, 2, 1) <= d <= dt.date(2025, 5, 1) for d in days)
    assert set(quarter.action_items["postmortem_id"]) <= set(quarter.incidents["id"])
    assert quarter.metrics.incidents.total == len(quarter.incidents)
    everything = result.period(PERIODS[0].slug)
    assert everything.metrics is result.metrics


#: Lays out a cluster-sized part (fewer than half the nodes) of a graph, prints it and its edges.
_LAYOUT_SCRIPT = """
import json
import networkx as nx
from pmkb_mkdocs.dashboard.graph import _edges, _layout
graph = nx.Graph()
graph.add_nodes_from(f"PM-2025-{i:03d}" for i in range(60))
graph.add_weighted_edges_from(
    (f"PM-2025-{i:03d}", f"PM-2025-{(i * 7 + 3) % 60:03d}", 1 + i % 3) for i in range(60)
)
part = graph.subgraph(f"PM-2025-{i:03d}" for i in range(0, 60, 3))
positions = _layout(part)
print(json.dumps([sorted(positions.items()), _edges(part, positions)]))
"""


def test_a_cluster_is_drawn_the_same_whatever_the_hash_seed() -> None:
    # Each build is a new interpreter with its own hash seed (string sets iterate
    # in another order): the same site must come out of every one.
    layouts = {
        subprocess.run(
            [sys.executable, "-c", _LAYOUT_SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(layouts) == 1


def test_sentences_say_the_verdict_with_its_interval() -> None:
    from pmkb.analytics.changes import WINDOWS, Change, Side, Verdict
    from pmkb_mkdocs.dashboard.sentences import claim_sentence

    day = dt.date(2025, 1, 1)
    ttr = Change(
        "ttr", "last-12-months", Side(day, day, 40, 32.0), Side(day, day, 38, 60.0),
        -0.4667, (-0.56, -0.35), 0.0001, 0.002, Verdict.BETTER, "relative",
    )  # fmt: skip
    said = claim_sentence(ttr, WINDOWS[0], "q/", 10, 30)
    assert said.text == (
        "Time to resolve: median 32 min of 40 incidents in the last 12 months against 1 h of "
        "38 in the 12 months before: better (\u221256% to \u221235%)."
    )
    incidents = Change(
        "incidents", "last-12-months", Side(day, day, 41, 41.0), Side(day, day, 38, 38.0),
        0.079, (-0.3, 0.66), 0.7, 0.9, Verdict.NO_CHANGE, "relative",
    )  # fmt: skip
    assert claim_sentence(incidents, WINDOWS[0], "q/", 10, 30).text == (
        "Incidents: 41 in the last 12 months against 38 in the 12 months before: "
        "no detectable change (\u221230% to +66%)."
    )
    severe = Change(
        "sev1-2", "last-12-months", Side(day, day, 25, 25.0), Side(day, day, 82, 82.0),
        -0.695, (-0.81, 0.12), 0.2, 0.6, Verdict.NO_CHANGE, "relative", unconfirmed=(40, 0),
    )  # fmt: skip
    assert claim_sentence(severe, WINDOWS[0], "q/", 10, 30).text == (
        "SEV1 and SEV2 incidents: 25 in the last 12 months against 82 in the 12 months "
        "before, besides 40 and 0 incidents whose severity is not confirmed: "
        "no detectable change (\u221281% to +12%)."
    )
    few = Change(
        "ttd", "last-quarter", Side(day, day, 7, 5.0), Side(day, day, 30, 8.0),
        None, None, None, None, Verdict.TOO_FEW, "relative",
    )  # fmt: skip
    assert claim_sentence(few, WINDOWS[1], "q/", 10, 30).text.endswith(
        "too few to tell (7 incidents with a value now; a claim needs 10 on each side)."
    )
    # Remarkable alone, not once corrected: both are said.
    alone = Change(
        "action-items-overdue", "last-12-months", Side(day, day, 114, 0.24),
        Side(day, day, 117, 0.13), 0.11, (0.01, 0.21), 0.03, 0.4, Verdict.NO_CHANGE, "points",
    )  # fmt: skip
    assert claim_sentence(alone, WINDOWS[0], "q/", 10, 30).text.endswith(
        "no detectable change once corrected for the 30 comparisons made (+1 to +21 pts on its own)."
    )


def test_a_duration_that_never_varies_says_so_without_an_interval() -> None:
    from pmkb.analytics.changes import WINDOWS, Change, Side, Verdict
    from pmkb_mkdocs.dashboard.sentences import claim_sentence

    day = dt.date(2025, 1, 1)
    same = Change(
        "tta", "last-quarter", Side(day, day, 24, 3.0), Side(day, day, 95, 3.0),
        0.0, None, 1.0, 1.0, Verdict.NO_CHANGE, "relative", constant=True,
    )  # fmt: skip
    said = claim_sentence(same, WINDOWS[1], "q/", 10, 30)
    assert said.text == (
        "Time to acknowledge: every value is 3 min, for the 24 incidents of the last quarter "
        "as for the 95 of the four quarters before: no detectable change (the values do not "
        "vary on either side, so there is no interval to give)."
    )
    assert "0%" not in said.text
    moved = Change(
        "tta", "last-quarter", Side(day, day, 1, 5.0), Side(day, day, 95, 3.0),
        0.667, None, 0.001, 0.01, Verdict.WORSE, "relative", constant=True,
    )  # fmt: skip
    assert claim_sentence(moved, WINDOWS[1], "q/", 10, 30).text.startswith(
        "Time to acknowledge: every value is 5 min for the 1 incident of the last quarter, "
        "against 3 min for the 95 of the four quarters before: worse (the values"
    )


def test_a_duration_compared_severity_for_severity_says_the_mix() -> None:
    """The plain medians fell, but only because severe incidents became rarer."""
    from pmkb.analytics.changes import WINDOWS, Change, Side, Verdict
    from pmkb_mkdocs.dashboard.sentences import claim_sentence

    day = dt.date(2025, 1, 1)
    ttr = Change(
        "ttr", "last-12-months", Side(day, day, 152, 118.0), Side(day, day, 148, 324.0),
        0.6, (0.15, 0.77), 0.0001, 0.002, Verdict.WORSE, "relative",
        severity_mix=(0.18, 0.7),
    )  # fmt: skip
    assert claim_sentence(ttr, WINDOWS[0], "q/", 10, 30).text == (
        "Time to resolve: median 1 h 58 min of 152 incidents in the last 12 months against "
        "5 h 24 min of 148 in the 12 months before, but SEV1 and SEV2 were 18% of them against "
        "70%; severity for severity: worse (+15% to +77%)."
    )


def test_sentences_count_one_in_the_singular_and_say_why_a_count_is_not_compared() -> None:
    from pmkb.analytics.changes import WINDOWS, Change, Side, Verdict
    from pmkb_mkdocs.dashboard.sentences import claim_sentence

    day = dt.date(2025, 1, 1)
    one = Change(
        "incidents", "last-quarter", Side(day, day, 1, 1.0), Side(day, day, 30, 7.5),
        None, None, None, None, Verdict.TOO_FEW, "relative",
    )  # fmt: skip
    assert claim_sentence(one, WINDOWS[1], "q/", 10, 30).text.endswith(
        "too few to tell (1 incident now; a claim needs 10 on each side)."
    )
    uncovered = Change(
        "incidents", "last-12-months", Side(day, day, 261, 261.0), Side(day, day, 139, 139.0),
        None, None, None, None, Verdict.TOO_FEW, "relative",
        uncovered="the archive starts on 2025-06-01, inside the 12 months before",
    )  # fmt: skip
    said = claim_sentence(uncovered, WINDOWS[0], "q/", 10, 30)
    # The baseline's figure is left out: beside the recent one it would read as a comparison.
    assert said.text == (
        "Incidents: 261 in the last 12 months, not compared with the 12 months before: "
        "the archive starts on 2025-06-01, inside the 12 months before."
    )
    assert said.verdict == "too few to tell" and "139" not in said.text


def test_min_sample_is_an_option_of_two_or_more(tmp_path: os.PathLike[str]) -> None:
    from pathlib import Path

    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from tests.site.sitebuild import write_project

    config = write_project(Path(tmp_path), {}, plugin={"min_sample": 1})
    with pytest.raises(Abort):
        load_config(str(config))
    loaded = load_config(str(write_project(Path(tmp_path) / "ok", {})))
    options = loaded.plugins["postmortems"].config
    assert options.min_sample == 10
    assert options.analytics_statuses == ["draft", "in-review", "published"]


def test_the_data_page_documents_each_method_in_a_sentence() -> None:
    methods = datadoc.methods(10)
    titles = [m.title for m in methods]
    assert "Counts of incidents" in titles and "Many comparisons at once" in titles
    assert "chance" in next(m for m in methods if m.title == "Recurring causes").sentence
    assert all(m.sentence.endswith(".") and len(m.sentence) > 60 for m in methods)
    verdicts = next(m for m in methods if m.title == "Verdicts").sentence
    assert "fewer than 10 values" in verdicts and "'Rising' means 'worse'" in verdicts


def test_the_legend_swatches_of_pmkb_css_are_the_cluster_palette() -> None:
    import re
    from pathlib import Path

    from pmkb_mkdocs.dashboard.chart_spec import MUTED, PALETTE

    css = (Path(datadoc.__file__).parent.parent / "assets" / "pmkb.css").read_text()
    found = dict(re.findall(r"\.pmkb-swatch--(\w+) \{ background: (#[0-9a-f]{6}); \}", css))
    assert found == {**{f"c{i + 1}": c for i, c in enumerate(PALETTE)}, "none": MUTED}


def test_no_factor_changed_says_which_incidents_were_left_out() -> None:
    """The shares are of the incidents citing a confirmed factor: when some cite none,
    "no factor's share changed" says how many were left out, as metrics.json does."""
    from pmkb.analytics.changes import WINDOWS, Change, Side, Verdict
    from pmkb_mkdocs.dashboard.sentences import factor_sentences

    day = dt.date(2025, 1, 1)
    flat = Change(
        "factor:cache-stampede", "last-12-months", Side(day, day, 60, 0.3),
        Side(day, day, 55, 0.28), 0.02, (-0.1, 0.14), 0.8, 0.9, Verdict.NO_CHANGE, "points",
    )  # fmt: skip
    (plain,) = factor_sentences([flat], WINDOWS[0], 10)
    assert "left out" not in plain.text
    (said,) = factor_sentences([replace(flat, unconfirmed=(14, 3))], WINDOWS[0], 10)
    assert said.text.endswith(
        "(1 compared; the others are cited too rarely to tell; 14 and 3 incidents with no "
        "confirmed factor left out)."
    )


def test_too_few_factors_counts_the_incidents_citing_a_confirmed_factor() -> None:
    """ "Too few to tell" qualifies the factor shares, which are of the incidents citing a
    confirmed factor: its count is of those, and it says how many others are left out."""
    from pmkb.analytics.changes import WINDOWS, Change, Side, Verdict
    from pmkb_mkdocs.dashboard.sentences import factor_sentences

    day = dt.date(2025, 1, 1)
    every = Change(
        "incidents", "last-12-months", Side(day, day, 30, 30.0), Side(day, day, 26, 26.0),
        None, None, None, None, Verdict.NO_CHANGE, "relative",
    )  # fmt: skip
    rare = Change(
        "factor:queue-backlog", "last-12-months", Side(day, day, 8, 0.25),
        Side(day, day, 12, 0.5), None, None, None, None, Verdict.TOO_FEW, "points",
        unconfirmed=(22, 14),
    )  # fmt: skip
    (said,) = factor_sentences([every, rare], WINDOWS[0], 10)
    assert said.verdict == "too few to tell"
    smaller = min(rare.current.n, rare.baseline.n)
    assert f"({smaller} incidents citing a confirmed factor on the smaller side; " in said.text
    assert "22 and 14 incidents with no confirmed factor left out" in said.text
    assert f"{min(every.current.n, every.baseline.n)} incidents" not in said.text
    # No factor confirmed at all: none is counted, and every incident is left out.
    (none,) = factor_sentences([every], WINDOWS[0], 10)
    assert "(0 incidents citing a confirmed factor on the smaller side; " in none.text
    assert "30 and 26 incidents with no confirmed factor left out" in none.text
