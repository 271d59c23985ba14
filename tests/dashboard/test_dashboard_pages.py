"""The dashboard as built: every chart's numbers, its table and its explanation, per period."""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from collections import Counter, defaultdict

import pytest

from tests.dashboard import corpus
from tests.dashboard.conftest import charts, figure, table, traces
from tests.site.sitebuild import BuiltSite

SECTIONS = ("", "factors/", "recurrence/", "action-items/")
PERIODS = {"": None, "last-12-months/": 12, "last-quarter/": 3}
PAGES = [f"dashboard/{p}{s}" for p in PERIODS for s in SECTIONS]
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")


def p90(values: list[float]) -> float:
    """The 90th percentile, linear between closest ranks (numpy's default), by hand."""
    ordered = sorted(values)
    rank = 0.9 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def test_every_page_exists_and_the_dashboard_is_in_the_navigation(dash: BuiltSite) -> None:
    for url in [*PAGES, "graph/", "data/"]:
        assert dash.exists(url), url
    tabs = dash.page("").one("nav", cls="md-tabs")
    labels = [a.text for a in tabs.find_all("a", cls="md-tabs__link")]
    assert labels[4:7] == ["Dashboard", "Graph", "Data"]


@pytest.mark.parametrize("url", PAGES)
def test_every_chart_has_an_explanation_a_figure_and_its_numbers(dash: BuiltSite, url: str) -> None:
    found = charts(dash, url)
    assert found, url
    for key, chart in found.items():
        how = chart.one("p", cls="pmkb-chart__how")
        assert how.text.startswith("How to read it: ") and len(how.text) > 40, key
        if chart.find_all(cls="pmkb-chart__empty"):
            continue
        data = figure(dash, url, key)["data"]
        assert data and all("type" in t for t in data), key
        numbers = chart.one("details", cls="pmkb-chart__numbers")
        # Open without JavaScript: the table is the chart for a reader without it.
        assert numbers.get("open") is not None and numbers.one("summary").text == (
            "Numbers behind this chart"
        )
        assert table(numbers), key


@pytest.mark.parametrize(("prefix", "months"), list(PERIODS.items()))
def test_incidents_per_month_by_severity(dash: BuiltSite, prefix: str, months: int | None) -> None:
    url = f"dashboard/{prefix}"
    expected: Counter[tuple[str, str]] = Counter(
        (i.month, i.severity) for i in corpus.in_period(months)
    )
    bars = traces(dash, url, "incidents-by-month")
    got = Counter()
    for severity in SEVERITIES:
        for month, n in zip(bars[severity]["x"], bars[severity]["y"]):
            if n:
                got[(month, severity)] = n
    assert got == expected
    # The hover names the incidents behind each segment.
    march = bars["SEV1"]["x"].index("2025-03")
    assert "PM-2025-002" in bars["SEV1"]["hovertext"][march]
    rows = table(charts(dash, url)["incidents-by-month"])
    assert sum(int(r[-1]) for r in rows) == len(corpus.in_period(months))
    # The headline figure of the period counts the same incidents.
    first = dash.content(url).first(cls="pmkb-figure__value")
    assert first.text == str(len(corpus.in_period(months)))


def test_period_pages_say_what_they_cover_and_link_each_other(dash: BuiltSite) -> None:
    scope = dash.content("dashboard/last-quarter/").one(cls="pmkb-dashboard__scope")
    assert scope.text.startswith("Last quarter: 3 post-mortems with status published")
    assert "2025-03-01 to 2025-06-01" in scope.text
    tabs = dash.content("dashboard/last-quarter/factors/").first("nav", cls="pmkb-tabs")
    links = {a.text: a.get("href") for a in tabs.find_all("a")}
    assert links == {
        "All time": "../../../dashboard/factors/",
        "Last 12 months": "../../../dashboard/last-12-months/factors/",
        "Last quarter": "../../../dashboard/last-quarter/factors/",
    }
    current = tabs.one("a", aria_current="page")
    assert current.text == "Last quarter"


def test_response_time_trends_are_the_medians_and_p90_of_each_month(dash: BuiltSite) -> None:
    metrics = json.loads((dash.site_dir / "data" / "metrics.json").read_text())
    for metric in ("ttd", "ttr"):
        lines = traces(dash, "dashboard/", f"trend-{metric}")
        by_month: dict[str, list[float]] = defaultdict(list)
        for incident in corpus.counted():
            by_month[incident.month].append(getattr(incident, metric))
        medians = dict(zip(lines["median"]["x"], lines["median"]["y"]))
        p90s = dict(zip(lines["p90"]["x"], lines["p90"]["y"]))
        counts = dict(zip(lines["incidents (n)"]["x"], lines["incidents (n)"]["y"]))
        for month, values in by_month.items():
            assert medians[month] == pytest.approx(statistics.median(values)), (metric, month)
            assert p90s[month] == pytest.approx(p90(values)), (metric, month)
            assert counts[month] == len(values)
        # Months without incidents are gaps, not zeros.
        assert medians["2024-02"] is None and counts["2024-02"] == 0
        # Every point is the analytics' own row, low-sample flag included.
        rows = [r for r in metrics["response_times"]["by_month"] if r["metric"] == metric]
        assert [r["median"] for r in rows] == lines["median"]["y"]
        assert all(s == "circle-open" for s in lines["median"]["marker"]["symbol"])  # n < 6
        assert "low sample" in lines["median"]["hovertext"][0]


def test_durations_by_severity_fall_in_the_right_ranges(dash: BuiltSite) -> None:
    bounds = [(5, "under 5 min"), (15, "5–15 min"), (30, "15–30 min"), (60, "30 min–1 h"),
              (240, "1–4 h"), (1440, "4 h–1 d"), (math.inf, "over 1 d")]  # fmt: skip
    for metric in ("ttd", "ttr"):
        bars = traces(dash, "dashboard/", f"distribution-{metric}")
        for severity in SEVERITIES:
            values = [getattr(i, metric) for i in corpus.counted() if i.severity == severity]
            expected = Counter(next(name for b, name in bounds if v < b) for v in values)
            got = {
                x: round(y * len(values)) for x, y in zip(bars[severity]["x"], bars[severity]["y"])
            }
            assert {k: v for k, v in got.items() if v} == dict(expected), (metric, severity)
    rows = table(charts(dash, "dashboard/")["distribution-ttr"])
    median_row = next(r for r in rows if r[0] == "median")
    # SEV2 resolutions: 300, 2000, 120, 150 minutes -> median 225 min.
    assert median_row[2] == "3 h 45 min"


def test_top_factors_count_incidents_and_link_their_pages(dash: BuiltSite) -> None:
    expected = Counter(tag for i in corpus.counted() for tag in i.factors)
    bars = figure(dash, "dashboard/factors/", "top-factors")["data"]
    got = {y: x for trace in bars for y, x in zip(trace["y"], trace["x"])}
    assert got == dict(expected)
    assert {t["name"] for t in bars} == {"technical", "process", "organizational"}
    rows = charts(dash, "dashboard/factors/")["top-factors"].first("tbody").find_all("tr")
    first = rows[0].first("a")
    assert (first.text, first.get("href")) == ("monitoring-gap", "../../factors/monitoring-gap/")


def test_factor_by_quarter_cells_are_shares_of_the_quarter(dash: BuiltSite) -> None:
    heat = figure(dash, "dashboard/factors/", "factors-by-quarter")["data"][0]
    quarter_of = {i.id: f"{i.start.year}Q{(i.start.month - 1) // 3 + 1}" for i in corpus.counted()}
    totals = Counter(quarter_of.values())
    for factor, row in zip(heat["y"], heat["z"]):
        for quarter, share in zip(heat["x"], row):
            cited = sum(
                1 for i in corpus.counted() if quarter_of[i.id] == quarter and factor in i.factors
            )
            expected = cited / totals[quarter] if totals[quarter] else None
            assert share == (pytest.approx(expected, abs=1e-4) if expected is not None else None)


def test_rising_factors_need_a_window_to_compare(dash: BuiltSite) -> None:
    short = charts(dash, "dashboard/last-quarter/factors/")["rising-factors"]
    assert "Choose a longer period" in short.one(cls="pmkb-chart__empty").text
    assert figure(dash, "dashboard/factors/", "rising-factors")["data"][0]["y"]


def test_fixes_that_did_not_hold_list_linked_cases_first(dash: BuiltSite) -> None:
    section = dash.content("dashboard/recurrence/").one("section", id="fixes-that-did-not-hold")
    rows = table(section)
    assert rows[0][:6] == [
        "linked by the later report", "orders-db", "missing-index", "PM-2024-001", "2024-01-30",
        "PM-2024-003",
    ]  # fmt: skip
    assert all(r[0].startswith("possible recurrence") for r in rows[1:])
    assert len(rows) == 4
    assert section.first("a", href="../../incidents/pm-2024-003/")


def test_recurring_causes_name_their_incidents(dash: BuiltSite) -> None:
    bar = figure(dash, "dashboard/recurrence/", "recurring-causes")["data"][0]
    got = dict(zip(bar["y"], bar["x"]))
    pairs = Counter((s, f) for i in corpus.counted() for s in i.services for f in i.factors)
    assert got == {f"{s} · {f}": n for (s, f), n in pairs.items() if n >= 2}


def test_overdue_action_items_oldest_first_with_owner_and_link(dash: BuiltSite) -> None:
    section = dash.content("dashboard/action-items/").one("section", id="overdue")
    rows = table(section)
    assert [(r[0], r[2], r[5]) for r in rows] == [
        ("2024-04-01", "discovery", "PM-2024-002 AI-001"),
        ("2025-01-10", "platform-leads", "PM-2024-004 AI-001"),
    ]
    assert rows[0][1] == str((corpus.AS_OF - __import__("datetime").date(2024, 4, 1)).days)
    assert section.first("a").get("href") == "../../incidents/pm-2024-002/#ai-001"
    bars = traces(dash, "dashboard/action-items/", "completion-by-priority")
    assert sum(bars["overdue"]["y"]) == 2 and sum(bars["done"]["y"]) == 2
    # Last quarter: only PM-2025-002's item, open and not yet due.
    quarter = dash.content("dashboard/last-quarter/action-items/").one("section", id="overdue")
    assert quarter.one(cls="pmkb-chart__empty")


def test_hover_text_and_json_cannot_break_out_of_the_page(dash: BuiltSite) -> None:
    html = dash.html("dashboard/")
    start = html.index('id="distribution-ttd"')
    spec = html[start : html.index("</template>", start)]
    assert "<" not in spec.split("<template", 1)[1].split(">", 1)[1]
    assert "\u2028" not in spec and "&" not in spec
    bars = traces(dash, "dashboard/", "distribution-ttd")
    hovers = " ".join(t for trace in bars.values() for t in trace["hovertext"])
    assert "Cache &lt;/script&gt;&lt;script&gt;alert(1)" in hovers


def test_dashboard_links_the_data_files(dash: BuiltSite) -> None:
    note = dash.content("dashboard/").one(cls="pmkb-dashboard__data")
    hrefs = [a.get("href") for a in note.find_all("a")]
    for name in ("incidents.csv", "action-items.csv", "metrics.json", "graph.json"):
        assert f"../data/{name}" in hrefs
        assert (dash.site_dir / "data" / name).is_file()
    assert "../data/" in hrefs


def test_data_files_match_their_documentation(dash: BuiltSite) -> None:
    page = dash.content("data/")

    def documented(anchor: str) -> list[str]:
        heading = page.one("h2", id=anchor)
        wrap = heading.parent.children[heading.parent.children.index(heading) + 2]
        return [row[0] for row in table(wrap)]  # type: ignore[arg-type]

    data = dash.site_dir / "data"
    incidents = list(csv.DictReader(io.StringIO((data / "incidents.csv").read_text())))
    items_text = (data / "action-items.csv").read_text()
    assert documented("incidents-csv") == list(incidents[0])
    assert documented("action-items-csv") == items_text.splitlines()[0].split(",")
    metrics = json.loads((data / "metrics.json").read_text())
    assert sorted(documented("metrics-json")) == sorted(metrics)
    graph = json.loads((data / "graph.json").read_text())
    assert sorted(documented("graph-json")) == sorted(graph)
    # The same incidents as the dashboard, durations in minutes.
    assert [r["id"] for r in incidents] == [i.id for i in corpus.counted()]
    assert [float(r["ttr_minutes"]) for r in incidents] == [i.ttr for i in corpus.counted()]
    assert metrics["units"]["durations"] == "minutes"


def test_graph_page_draws_the_related_graph(dash: BuiltSite) -> None:
    graph = json.loads((dash.site_dir / "data" / "graph.json").read_text())
    spec = figure(dash, "graph/", "related-graph")
    nodes = spec["data"][-1]
    ids = [url.split("/")[-2].upper() for url in nodes["customdata"]]
    assert ids == [n["id"] for n in graph["nodes"]]
    for url in nodes["customdata"]:
        assert (dash.site_dir / "graph" / url / "index.html").resolve().is_file()
    segments = sum(t["x"].count(None) for t in spec["data"][:-1])
    assert segments == len(graph["edges"])
    linked = next(t for t in spec["data"] if t["name"] == "explicit link")
    assert linked["x"].count(None) == sum(1 for e in graph["edges"] if e["linked"])
    first = nodes["hovertext"][ids.index("PM-2024-003")]
    assert "PM-2024-003" in first and "shares with related: missing-index" in first
    buttons = spec["layout"]["updatemenus"][0]["buttons"]
    assert [b["label"] for b in buttons] == ["Colour by cluster", "Colour by severity"]
    severity_colours = buttons[1]["args"][0]["marker.color"][0]
    assert severity_colours[ids.index("PM-2024-001")] == "#b71c1c"  # SEV1
    rows = table(dash.content("graph/").first("div", cls="pmkb-table-wrap"))
    assert len(rows) == len(graph["clusters"])
    for cluster in graph["clusters"]:
        members = dash.content("graph/").one("h3", id=f"cluster-{cluster['id']}")
        assert members.text.startswith(f"Cluster {cluster['id']}: ")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's own mkdocs.yml and corpus, at a fixed as-of date."""
    from pathlib import Path

    import yaml

    from tests.site.sitebuild import build_site

    repo = Path(__file__).resolve().parents[2]
    folder = tmp_path_factory.mktemp("shipped-dashboard")
    config = folder / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "INHERIT": str(repo / "mkdocs.yml"),
                "docs_dir": str(repo / "postmortems"),
                "plugins": {"postmortems": {"as_of": "2026-01-01"}},
            }
        ),
        encoding="utf-8",
    )
    return build_site(config, strict=True, site_dir=folder / "site")


def test_the_shipped_corpus_fills_every_chart_of_the_dashboard(shipped: BuiltSite) -> None:
    incidents = list(
        csv.DictReader(io.StringIO((shipped.site_dir / "data/incidents.csv").read_text()))
    )
    assert len(incidents) > 20
    for section in SECTIONS:
        found = charts(shipped, f"dashboard/{section}")
        empty = [k for k, c in found.items() if c.find_all(cls="pmkb-chart__empty")]
        assert empty == [], section
    bars = traces(shipped, "dashboard/", "incidents-by-month")
    assert sum(sum(t["y"]) for t in bars.values()) == len(incidents)
    graph = json.loads((shipped.site_dir / "data/graph.json").read_text())
    nodes = figure(shipped, "graph/", "related-graph")["data"][-1]
    # The graph relates every post-mortem the site shows, drafts and reports in
    # review too; the figures and incidents.csv count the published ones.
    shown = len(list(shipped.site_dir.glob("incidents/pm-*/index.html")))
    assert len(nodes["customdata"]) == len(graph["nodes"]) == shown > len(incidents)
    assert {n["status"] for n in graph["nodes"]} == {"published", "in-review", "draft"}
    assert sum(n["status"] == "published" for n in graph["nodes"]) == len(incidents)
