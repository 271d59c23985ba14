"""The dashboard's, graph's and open data's pages: which exist, and their HTML.

URLs (``use_directory_urls``)::

    dashboard/                        overview, all time
    dashboard/factors/                ... recurrence/, action-items/
    dashboard/last-12-months/         the same four pages for the last 12 months
    dashboard/last-quarter/           ... and for the last quarter
    graph/                            the related-incident graph (or its clusters)
    graph/cluster-N/                  one cluster, when the graph page shows clusters
    data/                             what the open-data files hold
    data/incidents.csv ...            the files themselves
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkb.taxonomy import Taxonomy

from pmkb_mkdocs.dashboard import charts, datadoc
from pmkb_mkdocs.dashboard import graph as graph_view
from pmkb_mkdocs.dashboard.figure import Chart, Link
from pmkb_mkdocs.dashboard.periods import PERIODS, Period, PeriodData, period_data
from pmkb_mkdocs.render import Links, render

if TYPE_CHECKING:
    from pmkb.analytics import CorpusAnalytics
    from pmkb.analytics.related import Cluster

    from pmkb_mkdocs.figures import HeadlineFigures

DASHBOARD = "dashboard/index.md"
GRAPH = "graph/index.md"
DATA = "data/index.md"
#: Entries of the site's navigation, after the indexes.
DASHBOARD_NAV = {"Dashboard": DASHBOARD, "Graph": GRAPH, "Data": DATA}


#: Where the chart library is published in the site.
CHART_LIBRARY = "assets/pmkb/plotly.min.js"


def plotly_js() -> Path:
    """Plotly's partial "cartesian" bundle, vendored with the plugin (see assets/vendor/README.md)."""
    return Path(__file__).resolve().parent.parent / "assets" / "vendor" / "plotly-cartesian.min.js"


@dataclass(frozen=True)
class Section:
    slug: str
    label: str


SECTIONS: tuple[Section, ...] = (
    Section("", "Overview"),
    Section("factors", "Factors"),
    Section("recurrence", "Recurrence"),
    Section("action-items", "Action items"),
)


def dashboard_src(section: Section, period: Period) -> str:
    folder = "dashboard/" + (period.slug + "/" if period.slug else "")
    return folder + (section.slug + ".md" if section.slug else "index.md")


def cluster_src(cluster_id: int) -> str:
    return f"graph/cluster-{cluster_id}.md"


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    title: str
    in_nav: bool
    render: Callable[[Links], str]


class DashboardPages:
    """The pages of the dashboard, the graph and the open data of one build."""

    def __init__(
        self,
        analytics: Callable[[], CorpusAnalytics],
        taxonomy: Taxonomy | None,
        statuses: tuple[str, ...],
        figures: Callable[[dict[str, Any]], HeadlineFigures],
        periods: dict[Period, PeriodData] | None = None,
    ) -> None:
        self._analytics = analytics
        self._taxonomy = taxonomy
        self._statuses = statuses
        self._figures = figures
        # Each period's analytics, kept with the analytics they come from
        # (see AnalyticsCache) so that a rebuild that reuses those reuses these.
        self._periods: dict[Period, PeriodData] = {} if periods is None else periods

    @property
    def analytics(self) -> CorpusAnalytics:
        return self._analytics()

    @functools.cached_property
    def _titles(self) -> dict[str, str]:
        frame = self.analytics.incidents
        return dict(zip(frame["id"].tolist(), frame["title"].tolist()))

    def period(self, period: Period) -> PeriodData:
        found = self._periods.get(period)
        if found is None:
            found = self._periods[period] = period_data(self.analytics, period, self._taxonomy)
        return found

    @functools.cached_property
    def clusters(self) -> list[Cluster]:
        return graph_view.clusters_of(self.analytics.graph)

    # --- which pages -------------------------------------------------------------
    def pages(self) -> list[GeneratedPage]:
        out = []
        for period in PERIODS:
            for section in SECTIONS:
                title = "Dashboard" + (f": {section.label.lower()}" if section.slug else "")
                if period.slug:
                    title += f" ({period.label.lower()})"
                out.append(
                    GeneratedPage(
                        dashboard_src(section, period),
                        title,
                        not period.slug and not section.slug,
                        self._dashboard_renderer(section, period),
                    )
                )
        out.append(GeneratedPage(GRAPH, "Related-incident graph", True, self._graph))
        if graph_view.shows_clusters(self.analytics.graph):
            for cluster in self.clusters:
                out.append(
                    GeneratedPage(
                        cluster_src(cluster.id),
                        f"Cluster {cluster.id}: {cluster.name}",
                        False,
                        self._cluster_renderer(cluster),
                    )
                )
        out.append(GeneratedPage(DATA, "Open data", True, self._data))
        return out

    # --- dashboard -----------------------------------------------------------------
    def _charts(self, section: Section, data: PeriodData, links: Links) -> list[Chart]:
        titles = self._titles
        if section.slug == "":
            return [
                charts.incidents_by_month(data, titles),
                *(charts.response_time_trend(data, m) for m in charts.TREND_METRICS),
                *(
                    charts.duration_distribution(data, m, titles)
                    for m in charts.DISTRIBUTION_METRICS
                ),
            ]
        if section.slug == "factors":
            return [
                charts.top_factors(data, links),
                charts.rising_factors(data),
                charts.factors_by_quarter(data),
            ]
        if section.slug == "recurrence":
            return [charts.recurring_causes(data, links), charts.fixes_by_service_factor(data)]
        return [
            charts.completion_by_quarter(data),
            charts.completion_by_priority(data),
            charts.overdue_by_owner(data),
        ]

    def _dashboard_renderer(self, section: Section, period: Period) -> Callable[[Links], str]:
        def render_dashboard(links: Links) -> str:
            data = self.period(period)
            context: dict[str, Any] = {}
            if section.slug == "":
                context["figures"] = self._figures(data.metrics)
            elif section.slug == "recurrence":
                context["fixes"] = charts.fixes_list(data, links)
            elif section.slug == "action-items":
                context["overdue"] = charts.overdue_list(data, links)
            return render(
                "dashboard.html",
                section=section,
                period=data.period,
                data=data,
                charts=self._charts(section, data, links),
                period_tabs=[
                    (p.label, links.page(dashboard_src(section, p)), p == period) for p in PERIODS
                ],
                section_tabs=[
                    (s.label, links.page(dashboard_src(s, period)), s == section) for s in SECTIONS
                ],
                statuses=list(self._statuses),
                files=[(path, links.page(path)) for path in datadoc.DATA_FILES],
                data_page=links.page(DATA),
                graph_page=links.page(GRAPH),
                incident_href=links.incident("PM-0000-000").replace("pm-0000-000", "{id}"),
                chart_library=links.page(CHART_LIBRARY),
                **context,
            )

        return render_dashboard

    # --- graph -------------------------------------------------------------------------
    def _graph(self, links: Links) -> str:
        graph = self.analytics.graph
        names = {c.id: c.name for c in self.clusters}
        if graph_view.shows_clusters(graph):
            chart = graph_view.cluster_overview_chart(
                graph, self.clusters, lambda cid: links.page(cluster_src(cid))
            )
            table = graph_view.cluster_table(
                self.clusters,
                lambda c: Link(f"{c.id}: {c.name}", links.page(cluster_src(c.id))),
            )
        else:
            chart = graph_view.incident_graph_chart(graph, list(graph.nodes), links, names)
            table = graph_view.cluster_table(
                self.clusters, lambda c: Link(f"{c.id}: {c.name}", "#cluster-" + str(c.id))
            )
        unclustered = sorted(n for n, c in graph.nodes(data="cluster") if c is None)
        return render(
            "graph.html",
            chart=chart,
            clusters=self.clusters,
            cluster_table=table,
            overview=graph_view.shows_clusters(graph),
            nodes=graph.number_of_nodes(),
            edges=graph.number_of_edges(),
            unclustered=graph_view.member_table(graph, unclustered, links) if unclustered else None,
            members={c.id: graph_view.member_table(graph, c.members, links) for c in self.clusters}
            if not graph_view.shows_clusters(graph)
            else {},
            # The graph joins every post-mortem the site shows, drafts included.
            statuses=[
                status
                for status in ("published", "in-review", "draft")
                if any(s == status for _, s in graph.nodes(data="status"))
            ],
            limit=graph_view.FULL_GRAPH_NODES,
            data_page=links.page(DATA),
            graph_file=links.page("data/graph.json"),
            dashboard=links.page(DASHBOARD),
            chart_library=links.page(CHART_LIBRARY),
        )

    def _cluster_renderer(self, cluster: Cluster) -> Callable[[Links], str]:
        def render_cluster(links: Links) -> str:
            graph = self.analytics.graph
            drawn = graph_view.most_connected(graph, cluster.members, graph_view.CLUSTER_PAGE_NODES)
            chart = graph_view.incident_graph_chart(
                graph,
                drawn,
                links,
                {c.id: c.name for c in self.clusters},
                key="cluster-graph",
                title=f"Cluster {cluster.id}: {cluster.name}",
            )
            return render(
                "graph_cluster.html",
                chart=chart,
                cluster=cluster,
                drawn=len(drawn),
                members=graph_view.member_table(graph, cluster.members, links),
                graph_page=links.page(GRAPH),
                chart_library=links.page(CHART_LIBRARY),
            )

        return render_cluster

    # --- open data -------------------------------------------------------------------
    def _data(self, links: Links) -> str:
        analytics = self.analytics
        return render(
            "data.html",
            files=[(path, links.page(path)) for path in datadoc.DATA_FILES],
            incidents=datadoc.csv_columns("incidents"),
            action_items=datadoc.csv_columns("action-items"),
            metrics=datadoc.metrics_keys(),
            graph=datadoc.graph_keys(),
            conventions=datadoc.csv_conventions(),
            formulas=datadoc.formula_note(),
            rows={
                "incidents": len(analytics.incidents),
                "action_items": len(analytics.action_items),
            },
            nodes=analytics.graph.number_of_nodes(),
            as_of=analytics.as_of.isoformat(),
            statuses=list(self._statuses),
            dashboard=links.page(DASHBOARD),
        )
