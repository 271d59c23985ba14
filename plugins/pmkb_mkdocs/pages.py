"""The pages the plugin generates, and the HTML of every page it touches.

:class:`SitePages` is built once per build from the :class:`Catalog`; the
plugin asks it which pages exist (``specs``, each with its renderer) and for
the HTML of a post-mortem's page (``render_postmortem_content``, then
``finish_postmortem_page``) or a broken one's (``render_broken``). Nothing here
imports MkDocs: links come in through the :class:`~pmkb_mkdocs.render.Links`
protocol.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from pmkb.loader import Record
from pmkb.model import ActionItem, ActionStatus, Severity
from pmkb.taxonomy import LAYERS, Factor

from pmkb_mkdocs import urls
from pmkb_mkdocs.catalog import BrokenPostmortem, Catalog
from pmkb_mkdocs.dashboard.datadoc import DATA_FILES
from pmkb_mkdocs.dashboard.pages import DashboardPages
from pmkb_mkdocs.figures import HeadlineFigures, figures_from_metrics
from pmkb_mkdocs.listing import filter_choices, list_json
from pmkb_mkdocs.render import Links, render
from pmkb_mkdocs.sanitize import is_http_url

if TYPE_CHECKING:
    from pmkb.analytics import CorpusAnalytics
    from pmkb.analytics.related import RelatedIncident

    from pmkb_mkdocs.dashboard.periods import Period, PeriodData

#: Link targets the templates name, so that they never spell a path themselves.
PAGES = {
    "home": urls.HOME,
    "incidents": urls.INCIDENTS,
    "factors": urls.FACTORS,
    "services": urls.SERVICES,
}
#: Where a post-mortem's header, body and tables go in its finished page: comments,
#: which the sanitised body cannot contain.
HEAD_MARKER = "<!-- pmkb:head -->"
BODY_MARKER = "<!-- pmkb:body -->"
TAIL_MARKER = "<!-- pmkb:tail -->"
_ROOT_CAUSE_HEADING = re.compile(r"<h2[^>]*>\s*Root Cause", re.IGNORECASE)
#: How many co-cited factors a factor's or service's page lists.
TOP_FACTORS = 8


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    title: str
    #: Only the four index pages go in the navigation: Material renders the
    #: whole navigation into every page, so thousands of entries there would
    #: multiply the size and build time of the site.
    in_nav: bool
    render: Callable[[Links], str]


@dataclass(frozen=True)
class Options:
    latest_count: int = 10
    list_fallback_rows: int = 50
    analytics_statuses: tuple[str, ...] = ("published",)
    related_count: int = 5


class AnalyticsCache:
    """The last build's analytics and data files, for ``mkdocs serve`` rebuilds.

    Most edits while writing touch a post-mortem's body, which no figure,
    chart, graph or data file reads: when the frontmatter of every shown
    post-mortem and the settings are what they were, the next build reuses
    the analytics instead of computing them again. One entry; a deliberate
    cache, kept by the plugin across rebuilds.
    """

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._analytics: CorpusAnalytics | None = None
        self._files: dict[str, str] | None = None
        #: The analytics and files before the last recompute, until the files
        #: are written again: those whose inputs did not change are reused.
        self._earlier: tuple[CorpusAnalytics, dict[str, str]] | None = None
        #: The dashboard's periods, computed from these analytics' metrics as pages ask.
        self.periods: dict[Period, PeriodData] = {}
        self.hits = 0

    def analytics(
        self,
        key: tuple[object, ...],
        compute: Callable[[CorpusAnalytics | None], CorpusAnalytics],
    ) -> CorpusAnalytics:
        """The cached analytics when ``key`` is unchanged; else ``compute(previous)``.

        ``previous`` (None on a first build) lets the analytics reuse what an
        edit left as it was, such as the related-incident graph and the metrics.
        """
        if self._analytics is not None and key == self._key:
            self.hits += 1
            return self._analytics
        previous, earlier_files = self._analytics, self._files
        self._key, self._analytics, self._files = key, compute(previous), None
        if previous is not None and earlier_files is not None:
            self._earlier = (previous, earlier_files)
        if previous is None or self._analytics.metrics is not previous.metrics:
            # The periods come from the same columns as the metrics (see period_data).
            self.periods.clear()
        return self._analytics

    def files(
        self, compute: Callable[[CorpusAnalytics | None, dict[str, str] | None], dict[str, str]]
    ) -> dict[str, str]:
        """The data files of the current analytics: ``compute(earlier, earlier_files)`` once."""
        if self._files is None:
            earlier, earlier_files = self._earlier or (None, None)
            self._files = compute(earlier, earlier_files)
            self._earlier = None
        return self._files


def import_analytics() -> None:
    """Import the analytics and their libraries ahead of the first page that needs them.

    pandas, numpy and networkx take most of a second to load, which a build
    with the plugin off need not pay, so nothing imports them at the top; the
    plugin has them loaded while a second process reads the corpus.
    """
    import pmkb.analytics  # noqa: F401


class SitePages:
    def __init__(
        self, catalog: Catalog, options: Options, cache: AnalyticsCache | None = None
    ) -> None:
        self.catalog = catalog
        self.options = options
        # A fresh cache per build unless the plugin hands over its own.
        self._cache = cache or AnalyticsCache()
        self._figures: HeadlineFigures | None = None
        #: Rendered table rows by link target: the same post-mortem is listed on
        #: several pages of the same depth, with the same relative link.
        self._rows: dict[str, str] = {}

    def rows(self, records: list[Record], links: Links) -> Markup:
        """Table rows (``incident_row.html``) of ``records``, each rendered once per build."""
        out = []
        for record in records:
            href = links.incident(record.meta.id)
            row = self._rows.get(href)
            if row is None:
                row = self._rows[href] = render("incident_row.html", meta=record.meta, href=href)
            out.append(row)
        return Markup("".join(out))

    @functools.cached_property
    def analytics(self) -> CorpusAnalytics:
        """The build's one run of the analytics, over what this audience may read.

        Every figure, chart, graph and data file of the site comes from it.
        """
        return self._cache.analytics(self._analytics_key(), self._analyse)

    def _analyse(self, previous: CorpusAnalytics | None = None) -> CorpusAnalytics:
        from pmkb.analytics import analyse  # see import_analytics

        return analyse(
            self.catalog.records,
            as_of=self.catalog.as_of,
            # The catalog has filtered already; filtering again costs nothing
            # and keeps a restricted report out even if that ever changed.
            audience=self.catalog.audience,
            taxonomy=self.catalog.taxonomy,
            include_statuses=self.options.analytics_statuses,
            # Every post-mortem the site shows is related to the others (a
            # draft can be the closest match), in the one graph the graph page
            # draws: the pairs are scored once per build.
            graph_statuses=None,
            related_count=self.options.related_count,
            previous=previous,
        )

    def _analytics_key(self) -> tuple[object, ...]:
        """Everything the analytics read: the frontmatter of each shown post-mortem and the settings."""
        catalog, options = self.catalog, self.options
        return (
            catalog.as_of,
            catalog.audience,
            options.analytics_statuses,
            options.related_count,
            tuple((f.tag, f.layer) for f in catalog.taxonomy.factors.values()),
            tuple((r.rel_path, r.src.frontmatter_digest) for r in catalog.records),
        )

    @functools.cached_property
    def dashboard(self) -> DashboardPages:
        self.analytics  # noqa: B018 (computed or reused first, so the periods are the cache's)
        return DashboardPages(
            lambda: self.analytics,
            self.catalog.taxonomy,
            self.options.analytics_statuses,
            figures_from_metrics,
            self._cache.periods,
        )

    @property
    def figures(self) -> HeadlineFigures:
        if self._figures is None:
            self._figures = figures_from_metrics(self.analytics.metrics)
        return self._figures

    def data_files(self) -> dict[str, str]:
        """The open-data files to add to the site: ``{"data/incidents.csv": text, ...}``."""
        self.analytics  # noqa: B018 (computed or reused first, so the key is the cache's)
        return self._cache.files(self.analytics.files)

    #: Every data file the site gets: the open data, then the all-incidents list's rows.
    DATA_PATHS = (*DATA_FILES, urls.LIST_DATA)

    def data_file(self, path: str) -> str:
        """The text of the data file at ``path``, one of :attr:`DATA_PATHS`."""
        if path == urls.LIST_DATA:
            return list_json(self.catalog.newest_first)
        return self.data_files()[path]

    def specs(self) -> list[PageSpec]:
        """Every generated page, in a stable order."""
        catalog = self.catalog
        pages = [
            PageSpec(urls.HOME, "Home", True, self._home),
            PageSpec(urls.INCIDENTS, "All post-mortems", True, self._incidents),
            PageSpec(urls.FACTORS, "Contributing factors", True, self._factors),
            PageSpec(urls.SERVICES, "Services", True, self._services),
        ]
        for tag in catalog.by_factor:
            if tag in catalog.taxonomy.factors:
                pages.append(PageSpec(urls.factor_src(tag), tag, False, self._factor_renderer(tag)))
        for name in catalog.by_service:
            pages.append(
                PageSpec(urls.service_src(name), name, False, self._service_renderer(name))
            )
        pages += [PageSpec(p.src_uri, p.title, p.in_nav, p.render) for p in self.dashboard.pages()]
        return pages

    # --- generated pages -------------------------------------------------------
    def _context(self, links: Links) -> dict[str, object]:
        return {"catalog": self.catalog, "links": links, "pages": PAGES}

    def _home(self, links: Links) -> str:
        latest = self.catalog.newest_first[: self.options.latest_count]
        return render(
            "home.html",
            figures=self.figures,
            latest=latest,
            rows=self.rows(latest, links),
            statuses=list(self.options.analytics_statuses),
            **self._context(links),
        )

    def _incidents(self, links: Links) -> str:
        records = self.catalog.newest_first
        sample = "PM-0000-000"
        return render(
            "incidents.html",
            choices=filter_choices(records),
            data_href=links.page(urls.LIST_DATA),
            total=len(records),
            fallback=records[: self.options.list_fallback_rows],
            incident_href=links.incident(sample).replace(urls.incident_slug(sample), "{id}"),
            service_href=links.service("service-name").replace("service-name", "{name}"),
            **self._context(links),
        )

    def _factors(self, links: Links) -> str:
        layers: dict[str, list[Factor]] = {layer: [] for layer in LAYERS}
        for factor in sorted(self.catalog.taxonomy.factors.values(), key=lambda f: f.tag):
            layers[factor.layer].append(factor)
        return render("factors.html", layers=layers, **self._context(links))

    def _factor_renderer(self, tag: str) -> Callable[[Links], str]:
        def render_factor(links: Links) -> str:
            records = self.catalog.by_factor[tag]
            cooccurring = _top_factors(records, exclude=tag)
            return render(
                "factor.html",
                factor=self.catalog.taxonomy.factors[tag],
                records=records,
                rows=self.rows(records, links),
                by_severity=_by_severity(records),
                cooccurring=cooccurring,
                **self._context(links),
            )

        return render_factor

    def _services(self, links: Links) -> str:
        return render("services.html", **self._context(links))

    def _service_renderer(self, name: str) -> Callable[[Links], str]:
        def render_service(links: Links) -> str:
            records = self.catalog.by_service[name]
            teams = sorted({t for r in records for t in r.meta.teams})
            return render(
                "service.html",
                records=records,
                rows=self.rows(records, links),
                teams=teams,
                factors=_top_factors(records),
                **self._context(links),
            )

        return render_service

    # --- post-mortem pages ---------------------------------------------------
    # A post-mortem's page is written in two steps. Its content, which the
    # search plugin parses, holds only what people search an incident by: a
    # plain summary (services, teams, factors, root cause, impact) and the
    # body. The finished page gets the facts and the header (its "top") in
    # place of that summary, and the tables (its "tail") below the body.
    # Search parses the content in Python, tag by tag: the styled header and a
    # wrapper around the body made it about a third slower per page than the
    # body alone. Top and tail depend on the frontmatter and the analytics,
    # never on the body, so they may be rendered ahead (see prerender.py).
    def render_postmortem_content(self, record: Record, body_html: str) -> str:
        """The searchable content of a post-mortem's page around the sanitised ``body_html``."""
        meta = record.meta
        paragraphs = [" ".join([*meta.services, *meta.teams, *meta.contributing_factors])]
        if meta.root_cause and _ROOT_CAUSE_HEADING.search(body_html) is None:
            # When the body explains the root cause in its own section, search
            # finds it there; indexing the summary too would only grow the index.
            paragraphs.append(meta.root_cause)
        if meta.impact and meta.impact.summary:
            paragraphs.append(meta.impact.summary)
        summary = "".join(f"<p>{escape(text)}</p>" for text in paragraphs if text)
        return f"{HEAD_MARKER}{summary}{BODY_MARKER}{body_html}\n{TAIL_MARKER}"

    def render_postmortem_top(self, record: Record, links: Links) -> str:
        """The banner, the facts and the header above a post-mortem's body."""
        head = render("postmortem_head.html", meta=record.meta, links=links)
        return self.render_postmortem_facts(record) + head

    def render_postmortem_facts(self, record: Record) -> str:
        counted = record.meta.status.value in self.options.analytics_statuses
        return render("postmortem_facts.html", meta=record.meta, counted=counted)

    def render_postmortem_tail(
        self,
        record: Record,
        links: Links,
        *,
        permalink: str | None,
        actions_id: str,
        related_id: str,
        show_related: bool,
    ) -> str:
        # The values are worked out here rather than in the template: Jinja's
        # attribute and method calls cost more than the page's whole markup.
        as_of = self.catalog.as_of
        items = [_action_item_view(item, as_of, links) for item in record.meta.action_items]
        related = None
        if show_related:
            related = [
                (self._related_head(self.catalog.by_id[rel.id], links), _reason_view(rel, links))
                for rel in self.analytics.related.get(record.meta.id, [])
                if rel.id in self.catalog.by_id
            ]
        return render(
            "postmortem_tail.html",
            items=items,
            done=sum(1 for item in record.meta.action_items if item.status is ActionStatus.DONE),
            overdue=sum(1 for item in items if item.overdue),
            as_of=as_of.isoformat(),
            related=related,
            permalink=permalink,
            actions_id=actions_id,
            related_id=related_id,
        )

    def _related_head(self, other: Record, links: Links) -> Markup:
        """Id, severity, title and date of a related incident, rendered once per link target."""
        href = links.incident(other.meta.id)
        key = "related:" + href
        head = self._rows.get(key)
        if head is None:
            head = self._rows[key] = render("related_head.html", meta=other.meta, href=href).strip()
        return Markup(head)

    def render_broken(self, broken: BrokenPostmortem, body_html: str | None) -> str:
        body = Markup(body_html) if body_html is not None and broken.show_body else None
        return render("broken.html", broken=broken, body=body)


@dataclass(frozen=True, slots=True)
class _ActionItemView:
    """An action item as its table row shows it. A class rather than a dict:
    Jinja looks a name up as an attribute first, and on a dict every miss
    raises and catches an exception."""

    anchor: str
    id: str
    action: str
    addresses: list[tuple[str, str]]
    owner: str
    due: str
    overdue: bool
    priority: str
    category: str
    status: str
    completed: str | None
    tracker: str | None


def _action_item_view(item: ActionItem, as_of: dt.date, links: Links) -> _ActionItemView:
    return _ActionItemView(
        anchor=item.id.lower(),
        id=item.id,
        action=item.action,
        addresses=[(tag, links.factor(tag)) for tag in item.addresses],
        owner=item.owner,
        due=item.due.isoformat(),
        overdue=item.is_overdue(as_of),
        priority=item.priority.value,
        category=item.category.value,
        status=item.status.value,
        completed=item.completed.isoformat() if item.completed else None,
        # A tracker link only when it is an http(s) URL, whatever slipped past the checks.
        tracker=item.tracker if is_http_url(item.tracker) else None,
    )


def _reason_view(rel: RelatedIncident, links: Links) -> list[tuple[str, list[tuple[str, str]]]]:
    """What two post-mortems share as (kind, [(name, link)]), strongest first:
    an explicit link, factors and services (linked to their pages), the trigger."""
    out: list[tuple[str, list[tuple[str, str]]]] = [("link", [])] if rel.linked else []
    if rel.factors:
        out.append(("factors", [(tag, links.factor(tag)) for tag in rel.factors]))
    if rel.services:
        out.append(("services", [(name, links.service(name)) for name in rel.services]))
    if rel.trigger:
        out.append(("trigger", [(rel.trigger, "")]))
    return out


def _by_severity(records: list[Record]) -> dict[str, int]:
    counts = Counter(r.meta.severity.value for r in records)
    return {s.value: counts.get(s.value, 0) for s in Severity}


def _top_factors(records: list[Record], exclude: str | None = None) -> list[tuple[str, int]]:
    counts = Counter(
        tag for r in records for tag in set(r.meta.contributing_factors) if tag != exclude
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_FACTORS]


def finish_postmortem_page(output: str, top: str, tail: str) -> str:
    """A post-mortem's finished page ``output`` with ``top`` in place of the search summary
    and ``tail`` below the body (see :meth:`SitePages.render_postmortem_content`)."""
    start = output.find(HEAD_MARKER)
    end = output.find(BODY_MARKER, start)
    if start < 0 or end < 0:
        return output  # a theme that does not write the page's content
    rest = output[end + len(BODY_MARKER) :].replace(TAIL_MARKER, "</div>\n" + tail, 1)
    # The body is searched (data-pagefind-body, see search_index.py); the tail is not.
    return f'{output[:start]}{top}<div class="pmkb-body" data-pagefind-body>\n{rest}'
