"""Every drawn chart is named and described in words a screen reader announces.

The description is the chart's "In short" line, made from the numbers the
chart draws; here it is checked against the corpus, counted by hand, and
against the figure the page holds.
"""

from __future__ import annotations

import statistics
from collections import Counter

import pytest

from tests.dashboard import corpus
from tests.dashboard.conftest import charts, figure
from tests.site.sitebuild import BuiltSite

SECTIONS = ("", "factors/", "recurrence/", "action-items/")
PAGES = [f"dashboard/{p}{s}" for p in ("", "last-12-months/", "last-quarter/") for s in SECTIONS]


def span(counts: Counter[str]) -> str:
    low, high = min(counts.values()), max(counts.values())
    return str(low) if low == high else f"{low}–{high}"


def summary(site: BuiltSite, url: str, key: str) -> str:
    """The words the chart ``key`` is described by, as a screen reader finds them."""
    chart = charts(site, url)[key]
    described = chart.get("aria-describedby")
    assert described, key
    return chart.one("p", id=described).text.removeprefix("In short: ")


@pytest.mark.parametrize("url", [*PAGES, "graph/"])
def test_every_drawn_chart_is_named_by_its_title_and_described_by_its_summary(
    dash: BuiltSite, url: str
) -> None:
    drawn = 0
    for key, chart in charts(dash, url).items():
        title = chart.one("h2")
        assert chart.get("aria-labelledby") == title.get("id") == f"{key}-title", key
        if chart.find_all(cls="pmkb-chart__empty"):
            # Nothing drawn: the sentence that says why is all there is to read.
            assert not chart.find_all(cls="pmkb-chart__plot"), key
            continue
        drawn += 1
        words = chart.one("p", cls="pmkb-chart__summary")
        assert words.get("id") == f"{key}-summary" == chart.get("aria-describedby"), key
        assert words.text.startswith("In short: ") and len(words.text) > 40, key
        # The drawing itself is one image with the same name and description.
        plot = chart.one("div", cls="pmkb-chart__plot")
        assert plot.get("role") == "img", key
        assert plot.get("aria-labelledby") == f"{key}-title", key
        assert plot.get("aria-describedby") == f"{key}-summary", key
    assert drawn or url not in ("dashboard/", "graph/"), url


def test_incidents_over_time_says_the_counts_it_draws_and_claims_no_change(
    dash: BuiltSite,
) -> None:
    incidents = corpus.counted()
    years = Counter(i.started[:4] for i in incidents)
    severities = Counter(i.severity for i in incidents)
    text = summary(dash, "dashboard/", "incidents-over-time")
    drawn = figure(dash, "dashboard/", "incidents-over-time")["data"]
    assert drawn[0]["x"] == sorted(years)
    assert text.startswith(
        f"{len(incidents)} incidents over {len(years)} years, {min(years)} to {max(years)}: "
        f"{span(years)} per year"
    )
    # The period starts with its first incident and ends on the as-of date: neither
    # year is whole, and the words say so as the paler bars do.
    assert f"({min(years)} and {max(years)} covered in part)" in text
    for severity, n in sorted(severities.items()):
        assert f"{severity} {n}" in text
    assert "no change is claimed" in text


def test_a_trend_gives_its_sample_sizes_and_joins_no_median_of_too_few(dash: BuiltSite) -> None:
    per_year = Counter(i.started[:4] for i in corpus.counted())
    text = summary(dash, "dashboard/", "trend-ttr")
    assert text.startswith(f"Median time to resolve per year, {len(per_year)} years")
    assert f"n per year {span(per_year)};" in text
    # No year holds 10 values: the page draws no line, and the words claim none.
    assert max(per_year.values()) < 10
    assert "no year has 10 values, so no median is joined" in text
    assert "No change is claimed" in text


def test_a_distribution_gives_each_severity_its_median_and_count(dash: BuiltSite) -> None:
    text = summary(dash, "dashboard/", "distribution-ttd")
    by_severity: dict[str, list[int]] = {}
    for incident in corpus.counted():
        by_severity.setdefault(incident.severity, []).append(incident.ttd)
    assert text.startswith(f"How the time to detect of {len(corpus.counted())} incidents")
    for severity, minutes in sorted(by_severity.items()):
        median = statistics.median(minutes)
        shown = f"{median:g} min" if median == int(median) else None
        assert f"{severity} median " in text and f"(n = {len(minutes)})" in text
        if shown:
            assert f"{severity} median {shown} (n = {len(minutes)})" in text
    # Every severity has fewer than 10: the words say how little that tells.
    assert "A median of fewer than 10 values says little." in text


def test_the_factor_changes_give_each_verdict_and_the_sample_sizes(dash: BuiltSite) -> None:
    text = summary(dash, "dashboard/factors/", "factor-changes")
    window = [i for i in corpus.in_period(12)]
    assert f"the last 12 months ({len(window)} incidents)" in text
    # Too few incidents on either side for any verdict but "too few to tell".
    drawn = len(figure(dash, "dashboard/factors/", "factor-changes")["data"][0]["y"])
    assert text.endswith(f"Verdicts: {drawn} too few to tell.")
    assert "worse" not in text and "better" not in text


def test_the_action_item_charts_say_their_totals_and_overdue(dash: BuiltSite) -> None:
    items = [item for i in corpus.counted() for item in i.items]
    text = summary(dash, "dashboard/action-items/", "completion-by-quarter")
    assert text.startswith(f"{len(items)} action items by quarter of the incident")
    owners = charts(dash, "dashboard/action-items/")["overdue-by-owner"]
    rows = owners.first("table").first("tbody").find_all("tr")
    said = summary(dash, "dashboard/action-items/", "overdue-by-owner")
    assert said.startswith(f"{len(rows)} owner")
    for row in rows:
        name, overdue = (td.text for td in row.find_all("td")[:2])
        assert f"{name}: {overdue}" in said


def test_the_graph_says_what_it_draws(dash: BuiltSite) -> None:
    nodes = figure(dash, "graph/", "related-graph")["data"][-1]
    text = summary(dash, "graph/", "related-graph")
    assert text.startswith(f"{len(nodes['x'])} post-mortems drawn with ")
    assert text.endswith("Every post-mortem drawn is listed below.")
