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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkb import site_plan
from pmkb.analytics.periods import PERIODS, Period, PeriodData
from pmkb.analytics.related import CLUSTER_FALSE_DISCOVERY_RATE, MIN_CLUSTER_SIZE
from pmkb.site_plan import (
    DASHBOARD,
    DATA,
    GRAPH,
    HOME,
    QUALITY,
    SECTIONS,
    PageKind,
    PlannedPage,
    Section,
    cluster_src,
    dashboard_src,
)
from pmkb.taxonomy import Taxonomy

from pmkb_mkdocs.dashboard import charts, datadoc, sentences
from pmkb_mkdocs.dashboard import graph as graph_view
from pmkb_mkdocs.dashboard.chart_spec import Chart, Link
from pmkb_mkdocs.render import Links, render

if TYPE_CHECKING:
    from pmkb.analytics import CorpusAnalytics
    from pmkb.analytics.metrics import Metrics
    from pmkb.analytics.related import Cluster

    from pmkb_mkdocs.headline_figures import HeadlineFigures

#: Incidents listed per flag on the data-quality page; the rest are counted.
QUALITY_LISTED = 300
#: Entries of the site's navigation, after the indexes.
DASHBOARD_NAV = {"Dashboard": DASHBOARD, "Graph": GRAPH, "Data": DATA}


#: Where the chart library is published in the site.
CHART_LIBRARY = "assets/pmkb/plotly.min.js"


def plotly_js() -> Path:
    """Plotly's partial "cartesian" bundle, vendored with the plugin (see assets/vendor/README.md)."""
    return Path(__file__).resolve().parent.parent / "assets" / "vendor" / "plotly-cartesian.min.js"


#: The sections whose charts name incidents by title (in hover boxes): their pages
#: change with a title, the others only with the figures (see preview.py).
TITLED_SECTIONS = frozenset({""})


class DashboardPages:
    """The pages of the dashboard, the graph and the open data of one build."""

    def __init__(
        self,
        analytics: Callable[[], CorpusAnalytics],
        taxonomy: Taxonomy | None,
        statuses: tuple[str, ...],
        figures: Callable[[Metrics], HeadlineFigures],
        left_out: Callable[[], int] = lambda: 0,
    ) -> None:
        self._analytics = analytics
        self._taxonomy = taxonomy
        self._statuses = statuses
        self._figures = figures
        #: How many post-mortems have errors: they are in no figure until fixed.
        self._left_out = left_out

    @property
    def analytics(self) -> CorpusAnalytics:
        return self._analytics()

    @functools.cached_property
    def _titles(self) -> dict[str, str]:
        frame = self.analytics.incidents
        return dict(zip(frame["id"].tolist(), frame["title"].tolist()))

    def period(self, period: Period) -> PeriodData:
        return self.analytics.period(period.slug)

    @functools.cached_property
    def clusters(self) -> list[Cluster]:
        return graph_view.clusters_of(self.analytics.graph)

    # --- which renderer -----------------------------------------------------------
    def renderer(self, page: PlannedPage) -> Callable[[Links], str]:
        """The renderer of one of the dashboard's, graph's or open data's planned pages."""
        if page.kind is PageKind.DASHBOARD:
            section = next(s for s in SECTIONS if s.slug == page.section)
            period = next(p for p in PERIODS if p.slug == page.period)
            return self._dashboard_renderer(section, period)
        if page.kind is PageKind.CLUSTER:
            return self._cluster_renderer(next(c for c in self.clusters if c.id == page.cluster))
        return {
            PageKind.GRAPH: self._graph,
            PageKind.DATA: self._data,
            PageKind.QUALITY: self._quality,
        }[page.kind]

    # --- dashboard -----------------------------------------------------------------
    def _charts(self, section: Section, data: PeriodData, links: Links) -> list[Chart]:
        if section.slug == "":
            titles = self._titles  # the overview is in TITLED_SECTIONS: it names incidents
            found = [
                charts.incidents_over_time(data, titles),
                *(charts.response_time_trend(data, m) for m in charts.TREND_METRICS),
                *(
                    charts.duration_distribution(data, m, titles)
                    for m in charts.DISTRIBUTION_METRICS
                ),
            ]
            # A flagged duration has no chart of its own: the page says why instead.
            return [c for c in found if c is not None]
        if section.slug == "factors":
            return [
                charts.factor_changes(data),
                charts.top_factors(data, links),
                charts.factors_over_time(data),
            ]
        if section.slug == "recurrence":
            return [charts.recurring_causes(data, links), charts.fixes_by_service_factor(data)]
        return [
            charts.completion_by_quarter(data),
            charts.completion_by_priority(data),
            charts.overdue_by_owner(data),
        ]

    def _sentences(
        self, section: Section, data: PeriodData, figures: HeadlineFigures, quality_href: str
    ) -> list[sentences.Sentence]:
        """What the page opens with: the claims of change of its window, in words."""
        window = data.period.window
        claims = {c.subject: c for c in data.changes if c.window == window.name}
        comparisons = sum(1 for c in data.changes if c.p_value is not None)

        def said(subject: str) -> sentences.Sentence | None:
            claim = claims.get(subject)
            if claim is None:
                return None
            return sentences.claim_sentence(
                claim, window, quality_href, data.min_sample, comparisons
            )

        follow_up = sentences.follow_up_sentence(
            figures.actions_overdue,
            figures.overdue_p1,
            figures.overdue_unpublished,
            data.as_of.isoformat(),
            None if data.period.months is None else window.label,
            may_be=figures.actions_overdue_unknown,
        )
        if section.slug == "":
            found = [said(s) for s in ("incidents", "sev1-2", "ttd", "tta", "ttm", "ttr")]
            return [s for s in found if s is not None] + [follow_up]
        if section.slug in ("factors", "recurrence"):
            return sentences.factor_sentences(data.changes, window, data.min_sample)
        overdue = said("action-items-overdue")
        return [follow_up] + ([overdue] if overdue is not None else [])

    def _dashboard_renderer(self, section: Section, period: Period) -> Callable[[Links], str]:
        def render_dashboard(links: Links) -> str:
            data = self.period(period)
            figures = self._figures(data.metrics)
            quality_href = links.page(QUALITY)
            context: dict[str, Any] = {}
            if section.slug == "":
                context["figures"] = figures
            elif section.slug == "recurrence":
                context["fixes"] = charts.fixes_list(data, links)
            elif section.slug == "action-items":
                context["overdue"] = charts.overdue_list(data, links)
                context["could_be_overdue"] = sentences.could_be_overdue(
                    figures.actions_overdue_unknown
                )
            return render(
                "dashboard.html",
                section=section,
                period=data.period,
                data=data,
                unpublished=figures,
                sentences=self._sentences(section, data, figures, quality_href),
                window=data.period.window,
                charts=self._charts(section, data, links),
                period_tabs=[
                    (p.label, links.page(dashboard_src(section.slug, p.slug)), p == period)
                    for p in PERIODS
                ],
                section_tabs=[
                    (s.label, links.page(dashboard_src(s.slug, period.slug)), s == section)
                    for s in SECTIONS
                ],
                statuses=list(self._statuses),
                left_out=self._left_out(),
                home_page=links.page(HOME),
                files=[(path, links.page(path)) for path in datadoc.DATA_FILES],
                data_page=links.page(DATA),
                quality_page=quality_href,
                period_flags=[
                    (datadoc.quality_field_names().get(f.field, f.field), f.message)
                    for f in data.quality.flags
                ],
                graph_page=links.page(GRAPH),
                incident_href=links.incident("PM-0000-000").replace("pm-0000-000", "{id}"),
                chart_library=links.page(CHART_LIBRARY),
                **context,
            )

        return render_dashboard

    # --- data quality ------------------------------------------------------------------
    def _quality(self, links: Links) -> str:
        quality = self.analytics.quality
        titles = self._titles
        flags = [
            (
                flag,
                [Link(pm_id, links.incident(pm_id)) for pm_id in flag.ids[:QUALITY_LISTED]],
                len(flag.ids) - QUALITY_LISTED if len(flag.ids) > QUALITY_LISTED else 0,
            )
            for flag in quality.flags
        ]
        del titles
        # Durations are checked in each period too (see PeriodData.quality): a tool that
        # zeroed only the recent detections flags the recent pages, so its incidents are
        # listed here under the period, or a reader sent here would find nothing.
        archive = {(flag.field, flag.flag) for flag in quality.flags}
        period_flags = [
            (
                period.label,
                [
                    (
                        flag,
                        [Link(pm_id, links.incident(pm_id)) for pm_id in flag.ids[:QUALITY_LISTED]],
                        max(len(flag.ids) - QUALITY_LISTED, 0),
                    )
                    for flag in self.period(period).quality.flags
                    if (flag.field, flag.flag) not in archive
                ],
            )
            for period in PERIODS
            if period.months is not None
        ]
        return render(
            "data_quality.html",
            quality=quality,
            flags=flags,
            period_flags=[(label, found) for label, found in period_flags if found],
            names=datadoc.quality_field_names(),
            kinds=datadoc.quality_flags(),
            min_sample=self.analytics.min_sample,
            dashboard=links.page(DASHBOARD),
            data_page=links.page(DATA),
            incidents_csv=links.page("data/incidents.csv"),
            as_of=self.analytics.as_of.isoformat(),
        )

    # --- graph -------------------------------------------------------------------------
    def _graph(self, links: Links) -> str:
        graph = self.analytics.graph
        names = {c.id: c.name for c in self.clusters}
        overview = graph_view.shows_clusters(graph)
        chart: Chart | None
        if overview:
            # Too many post-mortems to draw, and no cluster to draw instead: no chart.
            chart = (
                graph_view.cluster_overview_chart(
                    graph, self.clusters, lambda cid: links.page(cluster_src(cid))
                )
                if self.clusters
                else None
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
        unclustered = sorted(n for n, data in graph.nodes(data=True) if data.get("cluster") is None)
        return render(
            "graph.html",
            chart=chart,
            clusters=self.clusters,
            cluster_table=table,
            overview=overview,
            nodes=graph.number_of_nodes(),
            edges=graph.number_of_edges(),
            # Listed where the graph draws them; above that, thousands of rows would
            # make the page as slow as the whole graph: search and factor pages find them.
            unclustered=graph_view.member_table(graph, unclustered, links)
            if unclustered and not overview
            else None,
            unclustered_count=len(unclustered),
            min_size=MIN_CLUSTER_SIZE,
            false_discovery_rate=CLUSTER_FALSE_DISCOVERY_RATE,
            members={c.id: graph_view.member_table(graph, c.members, links) for c in self.clusters}
            if not overview
            else {},
            # The graph joins every post-mortem the site shows, drafts included.
            statuses=[
                status
                for status in ("published", "in-review", "draft")
                if any(data.get("status") == status for _, data in graph.nodes(data=True))
            ],
            limit=site_plan.FULL_GRAPH_NODES,
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
            # What metrics.json's "periods" holds, named as the file names it.
            periods=[(data.period.slug, data.period.label) for data in analytics.recent_periods],
            as_of=analytics.as_of.isoformat(),
            statuses=list(self._statuses),
            left_out=self._left_out(),
            home_page=links.page(HOME),
            dashboard=links.page(DASHBOARD),
            quality_page=links.page(QUALITY),
            methods=datadoc.methods(analytics.min_sample),
        )
