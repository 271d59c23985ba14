"""The dashboard as built: every chart's numbers, its table and its explanation, per period."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from pmkb.analytics.exports import metrics_json
from pmkb.loader import load_corpus
from pmkb.site_plan import SiteOptions, plan_site
from pmkb.taxonomy import load_taxonomy
from pmkb_mkdocs.formatting import human_duration

from tests.dashboard import corpus
from tests.dashboard.conftest import charts, figure, table, traces
from tests.site.dom import Element
from tests.site.sitebuild import AS_OF, BuiltSite, build_site, write_project

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


def bucket_for(first: dt.date, last: dt.date, values: int, least: int = 10) -> str:
    """The rule, by hand: months while a month holds ``least`` values on average, then
    quarters, then years."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    quarters = (last.year - first.year) * 4 + (last.month - 1) // 3 - (first.month - 1) // 3 + 1
    if values >= least * months:
        return "month"
    if values >= least * quarters:
        return "quarter"
    return "year"


def bucket_label(incident: corpus.Incident, bucket: str) -> str:
    start = incident.start
    return {
        "month": incident.month,
        "quarter": f"{start.year}Q{(start.month - 1) // 3 + 1}",
        "year": str(start.year),
    }[bucket]


PERIOD_SPANS = {
    None: (dt.date(2024, 1, 15), dt.date(2025, 5, 25)),
    12: (dt.date(2024, 6, 1), corpus.AS_OF),
    3: (dt.date(2025, 3, 1), corpus.AS_OF),
}


@pytest.mark.parametrize(("prefix", "months"), list(PERIODS.items()))
def test_incidents_over_time_by_severity(dash: BuiltSite, prefix: str, months: int | None) -> None:
    url = f"dashboard/{prefix}"
    chosen = corpus.in_period(months)
    # Ten incidents over 17 months: a month or a quarter would hold too few, so years.
    bucket = bucket_for(*PERIOD_SPANS[months], len(chosen))
    assert bucket == "year"
    first = dash.content(url).first(cls="pmkb-figure__value")
    # The headline figure of the period counts the same incidents, the draft too.
    assert first.text == str(len(chosen))
    if months == 3:
        # One year, in part: no trend to draw, and the page says why.
        empty = charts(dash, url)["incidents-over-time"].one(cls="pmkb-chart__empty")
        assert empty.text.startswith("Too few incidents for a trend in this period: 4, in one year")
        return
    expected: Counter[tuple[str, str]] = Counter(
        (bucket_label(i, bucket), i.severity) for i in chosen
    )
    bars = traces(dash, url, "incidents-over-time")
    got: Counter[tuple[str, str]] = Counter()
    for severity in SEVERITIES:
        for label, n in zip(bars[severity]["x"], bars[severity]["y"]):
            if n:
                got[(label, severity)] = n
    assert got == expected
    # The hover names the incidents behind each segment.
    year = bars["SEV1"]["x"].index("2025")
    assert "PM-2025-002" in bars["SEV1"]["hovertext"][year]
    rows = table(charts(dash, url)["incidents-over-time"])
    assert sum(int(r[-1]) for r in rows) == len(chosen)


def test_period_pages_say_what_they_cover_and_link_each_other(dash: BuiltSite) -> None:
    scope = dash.content("dashboard/last-quarter/").one(cls="pmkb-dashboard__scope")
    # PM-2025-005 is a draft: it counts, and the page says so.
    assert scope.text.startswith(
        "Last quarter: 4 incidents, 1 of them with reports not yet published (1 draft), "
        "2025-03-01 to 2025-06-01"
    )
    # It says what counts as overdue, and as of when.
    assert "an open or in-progress action item due before 2025-06-01 is overdue." in scope.text
    tabs = dash.content("dashboard/last-quarter/factors/").first("nav", cls="pmkb-tabs")
    links = {a.text: a.get("href") for a in tabs.find_all("a")}
    assert links == {
        "All time": "../../../dashboard/factors/",
        "Last 12 months": "../../../dashboard/last-12-months/factors/",
        "Last quarter": "../../../dashboard/last-quarter/factors/",
    }
    current = tabs.one("a", aria_current="page")
    assert current.text == "Last quarter"


def scaled(minutes: float) -> float:
    """Where a duration sits on the dashboard's duration axis: log10(1 + minutes)."""
    return round(math.log10(1 + minutes), 4)


def test_response_time_trends_leave_points_of_fewer_than_ten_unjoined(dash: BuiltSite) -> None:
    metrics = json.loads((dash.site_dir / "data" / "metrics.json").read_text())
    for metric in ("ttd", "ttr"):
        lines = traces(dash, "dashboard/", f"trend-{metric}")
        by_year: dict[str, list[float]] = defaultdict(list)
        ids_by_year: dict[str, list[str]] = defaultdict(list)
        for incident in corpus.counted():
            by_year[str(incident.start.year)].append(getattr(incident, metric))
            ids_by_year[str(incident.start.year)].append(incident.id)
        joined = lines["median (10+ values)"]
        alone = lines["median of fewer than 10 (n shown)"]
        assert joined["x"] == alone["x"] == ["2024", "2025"]
        # Five values a year: no point is joined into a line, no p90 is drawn.
        assert joined["y"] == [None, None] and lines["p90"]["y"] == [None, None]
        for year, values in by_year.items():
            at = alone["x"].index(year)
            assert alone["y"][at] == pytest.approx(scaled(statistics.median(values)), abs=1e-4)
            assert alone["text"][at] == f"n={len(values)}"
            # The hover names the incidents behind the point.
            assert all(pm_id in alone["hovertext"][at] for pm_id in ids_by_year[year])
        rows = [r for r in metrics["response_times"]["by_year"] if r["metric"] == metric]
        assert [r["count"] for r in rows] == [len(v) for v in by_year.values()]
        assert "not joined into the line" in alone["hovertext"][0]
        axis = figure(dash, "dashboard/", f"trend-{metric}")["layout"]["yaxis"]
        # Zero is on the axis, and the top tick is above every point.
        assert axis["range"][0] == 0 and axis["ticktext"][0] == "0"
        assert max(v for v in alone["y"] if v is not None) <= axis["range"][1]


def test_durations_by_severity_fall_in_the_right_ranges(dash: BuiltSite) -> None:
    bounds = [(1, "under 1 min"), (5, "1–5 min"), (15, "5–15 min"), (30, "15–30 min"),
              (60, "30 min–1 h"), (240, "1–4 h"), (1440, "4 h–1 d"), (math.inf, "over 1 d")]  # fmt: skip
    for metric in ("ttd", "ttr"):
        spec = figure(dash, "dashboard/", f"distribution-{metric}")
        assert spec["layout"]["yaxis"]["range"] == [0, 1]  # a share is read against the whole
        bars = {t["name"]: t for t in spec["data"]}
        for severity in SEVERITIES:
            values = [getattr(i, metric) for i in corpus.counted() if i.severity == severity]
            expected = Counter(
                "exactly 0" if v == 0 else next(name for b, name in bounds if v < b) for v in values
            )
            got = {
                x: round(y * len(values)) for x, y in zip(bars[severity]["x"], bars[severity]["y"])
            }
            assert {k: v for k, v in got.items() if v} == dict(expected), (metric, severity)
        assert bars["SEV1"]["x"][:2] == ["exactly 0", "under 1 min"]
    rows = table(charts(dash, "dashboard/")["distribution-ttr"])
    median_row = next(r for r in rows if r[0] == "median")
    # SEV2 resolutions: 300, 2000, 120, 150 minutes -> median 225 min.
    assert median_row[2] == "3 h 45 min"
    # No severity has ten values: no 90th percentile, as in the trend charts.
    assert next(r for r in rows if r[0] == "p90")[1:] == ["–"] * len(SEVERITIES)


def test_top_factors_count_incidents_and_link_their_pages(dash: BuiltSite) -> None:
    expected = Counter(tag for i in corpus.counted() for tag in i.factors)
    bars = figure(dash, "dashboard/factors/", "top-factors")["data"]
    got = {y: x for trace in bars for y, x in zip(trace["y"], trace["x"])}
    assert got == dict(expected)
    assert {t["name"] for t in bars} == {"technical", "process", "organizational"}
    rows = charts(dash, "dashboard/factors/")["top-factors"].first("tbody").find_all("tr")
    first = rows[0].first("a")
    assert (first.text, first.get("href")) == ("monitoring-gap", "../../factors/monitoring-gap/")


def test_factor_cells_are_shares_of_their_year_from_0_to_100_percent(dash: BuiltSite) -> None:
    heat = figure(dash, "dashboard/factors/", "factors-over-time")["data"][0]
    assert (heat["zmin"], heat["zmax"]) == (0, 1)
    year_of = {i.id: str(i.start.year) for i in corpus.counted()}
    totals = Counter(year_of.values())
    assert heat["x"] == ["2024", "2025"]
    for factor, row in zip(heat["y"], heat["z"]):
        for year, share in zip(heat["x"], row):
            cited = sum(
                1 for i in corpus.counted() if year_of[i.id] == year and factor in i.factors
            )
            assert share == pytest.approx(cited / totals[year], abs=1e-4)


def test_factor_changes_say_too_few_to_tell_on_ten_incidents(dash: BuiltSite) -> None:
    for prefix in ("", "last-quarter/"):
        page = dash.content(f"dashboard/{prefix}factors/")
        answers = [li.text for li in page.find_all("li", cls="pmkb-answer")]
        assert len(answers) == 1 and answers[0].startswith(
            "Contributing factors: too few to tell whether any factor's share changed"
        )
        assert "Rising" not in page.text
        bars = figure(dash, f"dashboard/{prefix}factors/", "factor-changes")["data"]
        assert bars[1]["marker"]["color"] == ["#9e9e9e"] * len(bars[1]["y"])
        assert figure(dash, f"dashboard/{prefix}factors/", "factor-changes")["layout"]["xaxis"][
            "range"
        ] == [0, 1]


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


def test_recurring_causes_list_every_repeat_with_what_chance_gives(dash: BuiltSite) -> None:
    """Ten incidents: chance alone can explain every pair cited twice, and the table says so."""
    counted = [i for i in corpus.counted() if i.services and i.factors]
    pairs = Counter((s, f) for i in counted for s in i.services for f in i.factors)
    on = Counter(s for i in counted for s in i.services)
    citing = Counter(f for i in counted for f in i.factors)
    chart = charts(dash, "dashboard/recurrence/")["recurring-causes"]
    rows = {(r[0], r[1]): (r[2], r[3], r[4]) for r in table(chart)}
    assert rows == {
        (s, f): (
            str(n),
            f"{on[s] * citing[f] / len(counted):.1f}",
            "within what chance alone can explain",
        )
        for (s, f), n in pairs.items()
        if n >= 2
    }
    # Nothing is drawn as a pattern: the chart says why and keeps the table.
    assert "more often than chance alone can explain" in chart.one(cls="pmkb-chart__empty").text
    assert not chart.find_all("template", cls="pmkb-chart__spec")


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


@pytest.mark.parametrize(("prefix", "months"), [("last-12-months/", 12), ("last-quarter/", 3)])
def test_a_period_page_s_figures_are_in_the_open_data_under_its_slug(
    dash: BuiltSite, prefix: str, months: int
) -> None:
    slug = prefix.rstrip("/")
    metrics = json.loads((dash.site_dir / "data" / "metrics.json").read_text())
    period = metrics["periods"][slug]
    # The same keys as the all-time figures, with the period's label and first day.
    assert set(period) == (set(metrics) - {"periods"}) | {"label", "first"}
    assert (period["first"], period["as_of"]) == (
        PERIOD_SPANS[months][0].isoformat(),
        AS_OF.isoformat(),
    )
    page = dash.content(f"dashboard/{prefix}")
    assert period["label"] == page.first("nav", cls="pmkb-tabs").one("a", aria_current="page").text
    # What the page shows is what the file holds, and both are the period's own incidents.
    chosen = corpus.in_period(months)
    shown = page.one("div", data_figure="incidents").first(cls="pmkb-figure__value").text
    assert int(shown) == period["incidents"]["total"] == len(chosen)
    # Fewer than all time's: the period's entry is not the all-time figures again.
    assert period["incidents"]["total"] < metrics["incidents"]["total"]
    for name, metric in (("time to detect", "ttd"), ("time to resolve", "ttr")):
        row = next(r for r in period["response_times"]["overall"] if r["metric"] == metric)
        assert row["median"] == statistics.median(getattr(i, metric) for i in chosen)
        shown = page.one("div", data_figure=name).first(cls="pmkb-figure__value").text
        assert shown == human_duration(dt.timedelta(minutes=row["median"]))
    # The note under the figures sends the reader to this period's part of the file.
    note = page.one(cls="pmkb-dashboard__data")
    assert [code.text for code in note.find_all("code")] == ["periods", slug]
    overview = dash.content("dashboard/").one(cls="pmkb-dashboard__data")
    assert [code.text for code in overview.find_all("code")] == ["periods"]


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
    # The files' list says metrics.json holds each period's figures, by the key it uses.
    row = next(
        tr
        for tr in page.first("table").first("tbody").find_all("tr")
        if tr.find_all("code")[0].text.endswith("metrics.json")
    )
    assert [c.text for c in row.find_all("code")[1:]] == ["periods", *metrics["periods"]]


def test_the_metrics_file_is_the_analytics_own_after_every_chart_is_drawn(
    dash: BuiltSite,
) -> None:
    # The charts read the metrics the file is written from: drawing them must change nothing.
    docs = dash.site_dir.parent / "docs"
    taxonomy, _ = load_taxonomy(docs / "taxonomy.yml")
    model = plan_site(load_corpus(docs, taxonomy), SiteOptions(as_of=AS_OF))
    written = (dash.site_dir / "data" / "metrics.json").read_text(encoding="utf-8")
    analytics = model.analytics
    assert written == metrics_json(analytics.metrics, analytics.recent_periods)
    # The periods are added beside the all-time figures, which stay as they were.
    data = json.loads(written)
    periods = data.pop("periods")
    assert data == json.loads(metrics_json(analytics.metrics))
    # Each period's entry is the metrics its pages were drawn from.
    for slug, entry in periods.items():
        drawn = analytics.period(slug)
        assert {k: v for k, v in entry.items() if k not in ("label", "first")} == json.loads(
            metrics_json(drawn.metrics)
        )


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
    # No combination of factors recurs in this corpus: no cluster is made up.
    assert graph["clusters"] == []
    assert "is cited together more often than chance" in dash.content("graph/").text
    unclustered = _next_element(dash.content("graph/").one("h3", id="unclustered"))
    assert len(table(unclustered)) == len(graph["nodes"])
    # In no cluster, there is no "related in the cluster" to count.
    assert _headers(unclustered) == ["ID", "Started", "Severity", "Title"]
    assert all(len(row) == 4 for row in table(unclustered))


def _headers(element: Element) -> list[str]:
    return [th.text for th in element.first("table").first("thead").find_all("th")]


def _next_element(element: Element) -> Element:
    assert element.parent is not None
    siblings = [c for c in element.parent.children if isinstance(c, Element)]
    return siblings[siblings.index(element) + 1]


def test_the_graph_page_names_each_cluster_by_what_its_members_cite(tmp_path: Path) -> None:
    files = {**corpus.files(), **corpus.recurring_files()}
    site = build_site(write_project(tmp_path, files), strict=True)
    graph = json.loads((site.site_dir / "data" / "graph.json").read_text())
    cluster, other = graph["clusters"]
    recurring = {i.id for i in corpus.RECURRING}
    assert cluster["name"] == "knowledge-silo, unclear-ownership"
    assert set(cluster["members"]) == recurring
    # Each factor cited by nine of eighteen, both by eight where 9 * 9 / 18 would by chance.
    assert (cluster["cited_together"], cluster["expected"]) == (8, 4.5)
    # With eighteen post-mortems, three citing runbook-gap on search-api (and no one
    # else either) are no longer what chance would give.
    assert other["name"] == "runbook-gap on search-api"
    assert other["members"] == ["PM-2024-002", "PM-2024-005", "PM-2025-004"]
    assert other["expected"] < 1
    page = site.content("graph/")
    legend = [li.text for li in page.one("ul", cls="pmkb-graph-legend").find_all("li")]
    assert legend == [f"1: {cluster['name']}", f"2: {other['name']}", "in no cluster"]
    rows = table(_next_element(_next_element(page.one("h2", id="clusters"))))
    assert [row[:4] for row in rows] == [
        [f"1: {cluster['name']}", "8", "8", "4.5"],
        [f"2: {other['name']}", "3", "3", f"{other['expected']:.1f}"],
    ]
    members = page.one("h3", id="cluster-1")
    assert members.text == "Cluster 1: knowledge-silo, unclear-ownership"
    listed = [r[0] for r in table(_next_element(members))]
    assert sorted(listed) == sorted(recurring)
    assert _headers(_next_element(members))[-1] == "Related in the cluster"
    nodes = figure(site, "graph/", "related-graph")["data"][-1]
    colours = {
        url.split("/")[-2].upper(): c
        for url, c in zip(nodes["customdata"], nodes["marker"]["color"])
    }
    assert len({colours[m] for m in recurring}) == 1
    assert all(colours[n] != colours[m] for n in colours if n not in recurring for m in recurring)


SHIPPED_AS_OF = "2026-12-05"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's own mkdocs.yml and corpus, at a fixed as-of date.

    2026-12-05: the last quarter holds three SEV2 incidents whose reports are in
    review or drafts, and two overdue P1 follow-ups of such reports.
    """
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
                "plugins": {"postmortems": {"as_of": SHIPPED_AS_OF}},
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
    bars = traces(shipped, "dashboard/", "incidents-over-time")
    assert sum(sum(t["y"]) for t in bars.values()) == len(incidents)
    graph = json.loads((shipped.site_dir / "data/graph.json").read_text())
    nodes = figure(shipped, "graph/", "related-graph")["data"][-1]
    # Every incident the site shows counts, drafts and reports in review too.
    shown = len(list(shipped.site_dir.glob("incidents/pm-*/index.html")))
    assert len(nodes["customdata"]) == len(graph["nodes"]) == shown == len(incidents)
    assert {n["status"] for n in graph["nodes"]} == {"published", "in-review", "draft"}
    metrics = json.loads((shipped.site_dir / "data/metrics.json").read_text())
    assert metrics["incidents"]["total"] == shown


def test_the_shipped_last_quarter_counts_incidents_whose_reports_are_in_review(
    shipped: BuiltSite,
) -> None:
    from pathlib import Path

    import yaml

    repo = Path(__file__).resolve().parents[2]
    start = dt.date(2026, 9, 5)
    sev2 = []
    for path in (repo / "postmortems").glob("20*/*.md"):
        meta = next(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        started = dt.datetime.fromisoformat(str(meta["timeline"]["started"]).replace("Z", "+00:00"))
        day = started.astimezone(dt.timezone.utc).date()
        visible = meta.get("visibility", "internal") != "restricted"
        if visible and meta["severity"] == "SEV2" and start <= day <= dt.date(2026, 12, 5):
            sev2.append(meta["status"])
    assert len(sev2) == 3 and "published" not in sev2  # in review or drafts, every one
    incidents = shipped.content("dashboard/last-quarter/").one("div", data_figure="incidents")
    assert "SEV2: 3" in incidents.text and "reports not yet published" in incidents.text
    scope = shipped.content("dashboard/last-quarter/").one(cls="pmkb-dashboard__scope")
    assert "of them with reports not yet published (2 in review, 3 drafts)" in scope.text


def test_overdue_p1_follow_ups_of_unpublished_reports_are_on_the_dashboard(
    shipped: BuiltSite,
) -> None:
    import re
    from pathlib import Path

    from click.testing import CliRunner
    from pmkb.cli import main

    repo = Path(__file__).resolve().parents[2]
    result = CliRunner().invoke(
        main,
        ["actions", "status", "--as-of", SHIPPED_AS_OF, "--dir", str(repo / "postmortems")],
    )
    assert result.exit_code == 0, result.output
    listed = {
        m.group(1)
        for line in result.output.splitlines()
        if line.strip().startswith("overdue") and " P1 " in line
        for m in [re.search(r"(PM-\d{4}-\d{3}/AI-\d{3})", line)]
        if m
    }
    assert len(listed) == 2
    section = shipped.content("dashboard/action-items/").one("section", id="overdue")
    shown = {r[5].replace(" ", "/") for r in table(section) if r[3] == "P1"}
    assert shown == listed
    said = [li.text for li in shipped.content("dashboard/").find_all("li", cls="pmkb-answer")]
    assert (
        "Follow-ups: 14 overdue as of 2026-12-05, 2 of them P1, 4 from reports not yet published."
        in said
    )
