"""Plan a site once: what its audience may see, the analytics, and its pages.

    corpus = load_corpus(Path("postmortems"), taxonomy)
    model = plan_site(corpus, SiteOptions(as_of=dt.date(2025, 6, 1)))
    [page.src_uri for page in model.pages][:2]      # ['index.md', 'incidents/index.md']

:func:`plan_site` is the whole of what a site builder decides about a corpus;
a builder (the MkDocs plugin) only looks things up in the :class:`SiteModel`
and renders. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, TypedDict

from pmkb.catalog import Catalog, build_catalog
from pmkb.loader import Corpus
from pmkb.model import Status, Visibility
from pmkb.taxonomy import Taxonomy

if TYPE_CHECKING:
    from pmkb.analytics import CorpusAnalytics

HOME = "index.md"
INCIDENTS = "incidents/index.md"
FACTORS = "factors/index.md"
SERVICES = "services/index.md"
DASHBOARD = "dashboard/index.md"
GRAPH = "graph/index.md"
DATA = "data/index.md"
#: Every data-quality flag with the incidents behind it.
QUALITY = "data/quality.md"
#: Above this many post-mortems the graph page draws one node per cluster, and
#: each cluster gets a page of its own.
FULL_GRAPH_NODES = 300


@dataclass(frozen=True)
class Section:
    """One of the dashboard's pages, shown for each of its periods."""

    slug: str
    label: str


SECTIONS: tuple[Section, ...] = (
    Section("", "Overview"),
    Section("factors", "Factors"),
    Section("recurrence", "Recurrence"),
    Section("action-items", "Action items"),
)


def dashboard_src(section: str, period: str) -> str:
    """``dashboard/last-quarter/factors.md`` for the sections and periods by slug."""
    folder = "dashboard/" + (period + "/" if period else "")
    return folder + (section + ".md" if section else "index.md")


def cluster_src(cluster_id: int) -> str:
    return f"graph/cluster-{cluster_id}.md"


def factor_src(tag: str) -> str:
    return f"factors/{tag}.md"


def service_src(name: str) -> str:
    return f"services/{name}.md"


@dataclass(frozen=True)
class SiteOptions:
    """What a site is built for; everything else comes from the corpus."""

    #: The day "overdue" is measured against.
    as_of: dt.date
    audience: Visibility = Visibility.INTERNAL
    #: Whether drafts get pages (under a banner) and count; False leaves them out entirely.
    drafts: bool = True
    #: Which reports the figures and trends count: every incident counts,
    #: whatever its report's status, unless a site says otherwise.
    analytics_statuses: tuple[Status, ...] = tuple(Status)
    #: Related incidents listed per post-mortem (0 lists none).
    related_count: int = 5
    #: Fewer values than this on either side of a comparison, or in a trend's
    #: point, and the site says it cannot tell.
    min_sample: int = 10


class PageKind(str, Enum):
    HOME = "home"
    INCIDENTS = "incidents"
    FACTORS = "factors"
    FACTOR = "factor"
    SERVICES = "services"
    SERVICE = "service"
    DASHBOARD = "dashboard"
    GRAPH = "graph"
    CLUSTER = "cluster"
    DATA = "data"
    QUALITY = "quality"


@dataclass(frozen=True)
class PlannedPage:
    """A page the site generates (post-mortems have their own files)."""

    src_uri: str
    title: str
    #: Only the index pages go in the navigation: themes render the whole
    #: navigation into every page, and thousands of entries there would
    #: multiply the size and build time of the site.
    in_nav: bool
    kind: PageKind
    #: The factor's tag or the service's name, for the pages of one.
    subject: str = ""
    #: A dashboard page's section and period, by slug.
    section: str = ""
    period: str = ""
    #: A cluster page's cluster.
    cluster: int = 0


@dataclass(frozen=True)
class SiteModel:
    """Everything one build of the site shows, decided once."""

    options: SiteOptions
    catalog: Catalog
    #: Every figure, chart, graph and data file of the site comes from these.
    analytics: CorpusAnalytics
    pages: tuple[PlannedPage, ...]
    #: Digest of every input of :attr:`analytics`: equal digests, equal analytics.
    analytics_key: int
    #: Equal for two plans whose analytics have the same summaries (metrics, data
    #: quality, claims, periods), and for two whose related-incident graph has the
    #: same edges and clusters: what a preview needs to know which pages to build.
    summaries_key: int
    graph_key: int


def plan_site(corpus: Corpus, options: SiteOptions, *, previous: SiteModel | None = None) -> SiteModel:
    """The catalog, analytics and pages of a site of ``corpus`` for ``options``.

    ``previous``, a model of the same project planned earlier (a preview that
    rebuilds after every save), lends its analytics when every input they
    read is unchanged: most edits touch a body, which no figure reads.
    """
    catalog = build_catalog(
        corpus, audience=options.audience, as_of=options.as_of, drafts=options.drafts
    )
    key = _analytics_key(catalog, options)
    if previous is not None and previous.analytics_key == key:
        analytics = previous.analytics
    else:
        analytics = _analyse(catalog, options, previous.analytics if previous else None)
    summaries_key = graph_key = key
    if previous is not None and analytics.summaries is previous.analytics.summaries:
        summaries_key = previous.summaries_key
    if previous is not None and analytics.graph_inputs == previous.analytics.graph_inputs:
        graph_key = previous.graph_key
    pages = _pages(catalog, analytics)
    return SiteModel(options, catalog, analytics, pages, key, summaries_key, graph_key)


def _analyse(
    catalog: Catalog, options: SiteOptions, previous: CorpusAnalytics | None
) -> CorpusAnalytics:
    # Imported here: pandas, numpy and networkx take most of a second to load,
    # which linting and a build with the plugin off need not pay.
    from pmkb.analytics import analyse, update

    arguments = _AnalyseArguments(
        as_of=options.as_of,
        audience=None,  # the catalog has applied the audience rule
        taxonomy=catalog.taxonomy,
        include_statuses=options.analytics_statuses,
        # Every post-mortem the site shows is related to the others (a draft
        # can be the closest match), in the one graph the graph page draws.
        graph_statuses=None,
        related_count=options.related_count,
        min_sample=options.min_sample,
    )
    if previous is None:
        return analyse(catalog.records, **arguments)
    return update(previous, catalog.records, **arguments)


class _AnalyseArguments(TypedDict):
    """What :func:`_analyse` passes to :func:`~pmkb.analytics.analyse` and ``update``."""

    as_of: dt.date
    audience: None
    taxonomy: Taxonomy
    include_statuses: tuple[Status, ...]
    graph_statuses: None
    related_count: int
    min_sample: int


def _analytics_key(catalog: Catalog, options: SiteOptions) -> int:
    """Everything the analytics read: the settings, the vocabulary and every shown frontmatter."""
    return hash(
        (
            options.as_of,
            options.audience,
            options.analytics_statuses,
            options.related_count,
            options.min_sample,
            tuple((f.tag, f.layer) for f in catalog.taxonomy.factors.values()),
            tuple((r.rel_path, r.src.frontmatter_digest) for r in catalog.records),
        )
    )


def _pages(catalog: Catalog, analytics: CorpusAnalytics) -> tuple[PlannedPage, ...]:
    """Every page the site generates, in a stable order."""
    pages = [
        PlannedPage(HOME, "Home", True, PageKind.HOME),
        PlannedPage(INCIDENTS, "All post-mortems", True, PageKind.INCIDENTS),
        PlannedPage(FACTORS, "Contributing factors", True, PageKind.FACTORS),
        PlannedPage(SERVICES, "Services", True, PageKind.SERVICES),
    ]
    pages += [
        PlannedPage(factor_src(tag), tag, False, PageKind.FACTOR, tag)
        for tag in catalog.by_factor
        if tag in catalog.taxonomy.factors
    ]
    pages += [
        PlannedPage(service_src(name), name, False, PageKind.SERVICE, name)
        for name in catalog.by_service
    ]
    from pmkb.analytics.periods import PERIODS

    for period in PERIODS:
        for section in SECTIONS:
            title = "Dashboard" + (f": {section.label.lower()}" if section.slug else "")
            title += f" ({period.label.lower()})" if period.slug else ""
            pages.append(
                PlannedPage(
                    dashboard_src(section.slug, period.slug),
                    title,
                    not period.slug and not section.slug,
                    PageKind.DASHBOARD,
                    section=section.slug,
                    period=period.slug,
                )
            )
    pages.append(PlannedPage(GRAPH, "Related-incident graph", True, PageKind.GRAPH))
    graph = analytics.graph
    if graph.number_of_nodes() > FULL_GRAPH_NODES:
        pages += [
            PlannedPage(
                cluster_src(c.id), f"Cluster {c.id}: {c.name}", False, PageKind.CLUSTER, cluster=c.id
            )
            for c in graph.graph.get("clusters", [])
        ]
    pages.append(PlannedPage(DATA, "Open data", True, PageKind.DATA))
    pages.append(PlannedPage(QUALITY, "Data quality", False, PageKind.QUALITY))
    return tuple(pages)
