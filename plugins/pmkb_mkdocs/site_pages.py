"""The HTML of the pages the plugin generates and of every post-mortem's page.

:class:`SitePages` renders what :func:`pmkb.site_plan.plan_site` decided: each
generated page (``specs``, each with its renderer), a post-mortem's article
(facts, header, body, action items, related incidents) and a broken
post-mortem's page. Nothing here imports MkDocs: links come in through the
:class:`~pmkb_mkdocs.render.Links` protocol.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup
from pmkb.actions import unconfirmed_keys
from pmkb.analytics.exports import (
    ACTION_ITEMS_CSV,
    GRAPH_JSON,
    INCIDENTS_CSV,
    METRICS_JSON,
    action_items_csv,
    graph_json,
    incidents_csv,
    metrics_json,
)
from pmkb.catalog import BrokenPostmortem
from pmkb.loader import Record
from pmkb.model import ActionItem, ActionStatus, PostMortem, Severity
from pmkb.site_plan import FACTORS, HOME, INCIDENTS, SERVICES, PageKind, PlannedPage, SiteModel
from pmkb.taxonomy import LAYERS, Factor

from pmkb_mkdocs import urls
from pmkb_mkdocs.dashboard import graph as graph_view
from pmkb_mkdocs.dashboard.dashboard_pages import TITLED_SECTIONS, DashboardPages
from pmkb_mkdocs.dashboard.datadoc import DATA_FILES
from pmkb_mkdocs.headline_figures import HeadlineFigures, figures_from_metrics
from pmkb_mkdocs.listing import filter_choices, filters_json, list_json
from pmkb_mkdocs.render import Links, render
from pmkb_mkdocs.sanitize import is_http_url

if TYPE_CHECKING:
    from pmkb.analytics.related import RelatedIncident

#: Link targets the templates name, so that they never spell a path themselves.
PAGES = {"home": HOME, "incidents": INCIDENTS, "factors": FACTORS, "services": SERVICES}
#: How many co-cited factors a factor's or service's page lists.
TOP_FACTORS = 8


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    title: str
    in_nav: bool
    render: Callable[[Links], str]
    #: A digest of everything the page shows: equal keys, equal pages (see preview.py).
    key: int


@dataclass(frozen=True)
class Layout:
    """How much the generated pages show; options of the site, not of the analytics."""

    latest_count: int = 10
    list_fallback_rows: int = 25


@dataclass(frozen=True)
class Headings:
    """Ids of a post-mortem page's "Action items" and "Related incidents" headings
    (the body may have taken the usual ones), and the theme's permalink mark."""

    actions_id: str = "action-items"
    related_id: str = "related-incidents"
    permalink: str | None = None


class SitePages:
    """The renderers of one build's pages, over its :class:`~pmkb.site_plan.SiteModel`."""

    def __init__(
        self, model: SiteModel, layout: Layout, rows: dict[str, tuple[int, str]] | None = None
    ) -> None:
        self.model = model
        self.catalog = model.catalog
        self.layout = layout
        self.figures: HeadlineFigures = figures_from_metrics(model.analytics.metrics)
        self.dashboard = DashboardPages(
            lambda: model.analytics,
            model.catalog.taxonomy,
            tuple(s.value for s in model.options.analytics_statuses),
            figures_from_metrics,
            lambda: len(model.catalog.broken),
        )
        #: Rendered table rows by link target, with the frontmatter digest they were
        #: rendered from: the same post-mortem is listed on several pages of the same
        #: depth, with the same relative link. Under `mkdocs serve` the preview's
        #: ledger keeps them from one rebuild to the next (``rows``).
        self._rows: dict[str, tuple[int, str]] = {} if rows is None else rows
        self._keys: dict[str, int] | None = None

    def rows(self, records: tuple[Record, ...] | list[Record], links: Links) -> Markup:
        """Table rows (``incident_row.html``) of ``records``, each rendered once per build."""
        out = []
        for record in records:
            href = links.incident(record.meta.id)
            out.append(self._rendered(href, record, "incident_row.html", href))
        return Markup("".join(out))

    def _rendered(self, key: str, record: Record, template: str, href: str) -> str:
        """``template`` of ``record`` linked at ``href``, rendered once per ``key`` and
        frontmatter (see ``_rows``)."""
        digest = record.src.frontmatter_digest
        kept = self._rows.get(key)
        if kept is None or kept[0] != digest:
            kept = self._rows[key] = (digest, render(template, meta=record.meta, href=href))
        return kept[1]

    #: Every data file the site gets: the open data, the all-incidents list's rows and
    #: search's filter values.
    DATA_PATHS = (*DATA_FILES, urls.LIST_DATA, urls.SEARCH_FILTERS)
    #: The open data: files to download, which no page shows.
    DOWNLOADS = DATA_FILES

    def data_file(self, path: str) -> str:
        """The text of the data file at ``path``, one of :attr:`DATA_PATHS`."""
        analytics = self.model.analytics
        writers: dict[str, Callable[[], str]] = {
            urls.LIST_DATA: lambda: list_json(self.catalog.newest_first),
            urls.SEARCH_FILTERS: lambda: filters_json(self.catalog.newest_first),
            INCIDENTS_CSV: lambda: incidents_csv(analytics.incidents),
            ACTION_ITEMS_CSV: lambda: action_items_csv(analytics.action_items),
            METRICS_JSON: lambda: metrics_json(analytics.metrics, analytics.recent_periods),
            GRAPH_JSON: lambda: graph_json(analytics.graph),
        }
        return writers[path]()

    @functools.cached_property
    def specs(self) -> list[PageSpec]:
        """Every generated page, in a stable order: the plan's, then the dashboard's."""
        catalog = self.catalog
        broken = self._broken_key()
        every_row = self._every_row_key
        renderers: dict[PageKind, Callable[[PlannedPage], tuple[Callable[[Links], str], object]]]
        renderers = {
            PageKind.HOME: lambda _: (
                self._home,
                (self.model.analytics_key, _rows_key(self._latest()), broken),
            ),
            PageKind.INCIDENTS: lambda _: (self._incidents, (every_row, broken)),
            PageKind.FACTORS: lambda _: (
                self._factors,
                (_taxonomy_key(self), tuple(len(rs) for rs in catalog.by_factor.values())),
            ),
            PageKind.FACTOR: lambda page: (
                self._factor_renderer(page.subject),
                (_taxonomy_key(self), _rows_key(catalog.by_factor[page.subject])),
            ),
            PageKind.SERVICES: lambda _: (self._services, every_row),
            PageKind.SERVICE: lambda page: (
                self._service_renderer(page.subject),
                _rows_key(catalog.by_service[page.subject]),
            ),
        }
        pages = []
        for page in self.model.pages:
            if page.kind in renderers:
                render_page, shown = renderers[page.kind](page)
            else:
                render_page, shown = self.dashboard.renderer(page), self._analytics_shown(page)
            pages.append(PageSpec(page.src_uri, page.title, page.in_nav, render_page, hash(shown)))
        return pages

    # Keys that several pages and files share, worked out once per build (10,000
    # rows each): every list's data file has the rows, the overviews the titles.
    @functools.cached_property
    def _every_row_key(self) -> int:
        return _rows_key(self.catalog.newest_first)

    @functools.cached_property
    def _titles_key(self) -> int:
        return hash(tuple((r.meta.id, r.meta.title) for r in self.catalog.newest_first))

    def _analytics_shown(self, page: PlannedPage) -> object:
        """What a dashboard, graph or data page shows, for its key (see preview.py)."""
        model = self.model
        if page.kind is PageKind.CLUSTER:
            cluster = next(
                c for c in model.analytics.graph.graph.get("clusters", []) if c.id == page.cluster
            )
            members = tuple(
                self.catalog.by_id[m] for m in cluster.members if m in self.catalog.by_id
            )
            # Not the whole graph's key: an edit leaves most clusters' pages as they were.
            return (
                graph_view.cluster_page_inputs(model.analytics.graph, cluster),
                _rows_key(members),
            )
        if page.kind is PageKind.GRAPH:
            return (model.graph_key, self._every_row_key)
        if page.kind is PageKind.DASHBOARD:
            # The overview's charts name incidents by title (hover boxes); the others
            # change with the figures alone.
            titles = self._titles_key if page.section in TITLED_SECTIONS else None
            left_out = len(self.catalog.broken)
            return (model.summaries_key, page.section, page.period, titles, left_out)
        return (model.analytics_key, page.kind, len(self.catalog.broken))

    def content_key(self, src_uri: str) -> int | None:
        """A digest of everything the page or data file at ``src_uri`` shows, or None
        for a file this site does not generate (see preview.py)."""
        if self._keys is None:
            self._keys = {spec.src_uri: spec.key for spec in self.specs}
        catalog = self.catalog
        if src_uri in self._keys:
            return self._keys[src_uri]
        if src_uri in self.DATA_PATHS:
            return self.data_key(src_uri)
        if (record := catalog.by_rel_path.get(src_uri)) is not None:
            return self.postmortem_key(record)
        if (broken := catalog.broken.get(src_uri)) is not None:
            return self.broken_key(broken)
        return None

    def body_of(self, src_uri: str) -> str | None:
        """The Markdown body of the post-mortem at ``src_uri`` (broken or not), else None."""
        record = self.catalog.by_rel_path.get(src_uri)
        if record is not None:
            return record.src.body
        broken = self.catalog.broken.get(src_uri)
        return broken.src.body if broken is not None else None

    def postmortem_key(self, record: Record) -> int:
        """A digest of everything a post-mortem's page shows."""
        related = self.model.analytics.related.get(record.meta.id, [])
        by_id = self.catalog.by_id
        # What the related list shows of each, in order; not its score: a post-mortem
        # leaving the graph moves every score a little and no page shows one.
        shown = tuple(
            (rel.id, rel.linked, rel.factors, rel.services, rel.trigger)
            + (by_id[rel.id].src.frontmatter_digest,)
            for rel in related
            if rel.id in by_id
        )
        return hash(
            (
                record.src.frontmatter_digest,
                hash(record.src.body),
                shown,
                () if shown else self._common(record.meta),
                self.catalog.hidden_ids,
                self.catalog.hidden,
            )
        )

    def _common(self, meta: PostMortem) -> tuple[str, ...]:
        """The factors ``meta`` cites that most post-mortems cite: they relate nothing
        on their own (see :mod:`pmkb.analytics.related`)."""
        common = self.model.analytics.graph.graph.get("common") or ()
        return tuple(t for t in meta.contributing_factors if t in common)

    def broken_key(self, broken: BrokenPostmortem) -> int:
        """A digest of everything a broken post-mortem's page shows."""
        return hash((broken.problems, hash(broken.src.body), broken.show_body, broken.id))

    def data_key(self, path: str) -> int:
        """A digest of what the data file at ``path`` holds."""
        model = self.model
        if path in (urls.LIST_DATA, urls.SEARCH_FILTERS, INCIDENTS_CSV):
            return hash((path, self._every_row_key))
        if path == METRICS_JSON:
            return hash((path, model.summaries_key))
        if path == GRAPH_JSON:
            return hash((path, model.graph_key, self._every_row_key))
        return hash((path, model.analytics_key))

    def _broken_key(self) -> int:
        return hash(
            tuple((b.rel_path, b.problems, b.has_page, b.id) for b in self.catalog.broken.values())
        )

    def _latest(self) -> tuple[Record, ...]:
        return self.catalog.newest_first[: self.layout.latest_count]

    # --- generated pages -------------------------------------------------------
    def _context(self, links: Links) -> dict[str, object]:
        return {"catalog": self.catalog, "links": links, "pages": PAGES}

    def _home(self, links: Links) -> str:
        latest = self._latest()
        return render(
            "home.html",
            figures=self.figures,
            latest=latest,
            rows=self.rows(latest, links),
            statuses=[s.value for s in self.model.options.analytics_statuses],
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
            fallback=records[: self.layout.list_fallback_rows],
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
            teams = sorted({t for r in records for t in r.confirmed("teams")})
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
    def postmortem_article(
        self, record: Record, body_html: str, links: Links, headings: Headings
    ) -> str:
        """A post-mortem's page content: banner, facts and header from its frontmatter,
        the sanitised ``body_html``, then its action items and related incidents."""
        meta = record.meta
        # The values are worked out here rather than in the template: Jinja's
        # attribute and method calls cost more than the page's whole markup.
        as_of = self.catalog.as_of
        unconfirmed = _Unconfirmed.of(record)
        items = [
            _action_item_view(item, as_of, links, unconfirmed.item_keys.get(n, _NO_KEYS))
            for n, item in enumerate(meta.action_items)
        ]
        related = None
        if self.model.options.related_count > 0:
            related = [
                (self._related_head(self.catalog.by_id[rel.id], links), _reason_view(rel, links))
                for rel in self.model.analytics.related.get(meta.id, [])
                if rel.id in self.catalog.by_id
            ]
        return render(
            "postmortem.html",
            meta=meta,
            links=links,
            counted=meta.status in self.model.options.analytics_statuses,
            body=Markup(body_html),
            items=items,
            done=sum(
                1 for i in items if i.status == ActionStatus.DONE.value and "status" not in i.marked
            ),
            unconfirmed=unconfirmed,
            durations=unconfirmed.durations(meta),
            overdue=sum(1 for item in items if item.overdue),
            as_of=as_of.isoformat(),
            related=related,
            common=self._common(meta) if related == [] else (),
            headings=headings,
        )

    def _related_head(self, other: Record, links: Links) -> Markup:
        """Id, severity, title and date of a related incident, rendered once per link target."""
        href = links.incident(other.meta.id)
        return Markup(self._rendered("related:" + href, other, "related_head.html", href).strip())

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
    #: The keys whose value is a placeholder (marked TODO in the file): its cell
    #: shows the value, marked, for each (:func:`pmkb.actions.unconfirmed_keys`).
    marked: frozenset[str] = frozenset()


def _action_item_view(
    item: ActionItem, as_of: dt.date, links: Links, marked: frozenset[str] = frozenset()
) -> _ActionItemView:
    return _ActionItemView(
        anchor=item.id.lower(),
        id=item.id,
        action=item.action,
        addresses=[(tag, links.factor(tag)) for tag in item.addresses],
        owner=item.owner,
        due=item.due.isoformat(),
        # A placeholder due date or status says nothing of being late.
        overdue=item.is_overdue(as_of, marked),
        priority=item.priority.value,
        category=item.category.value,
        status=item.status.value,
        marked=marked,
        completed=item.completed.isoformat() if item.completed else None,
        # A tracker link only when it is an http(s) URL, whatever slipped past the checks.
        tracker=item.tracker if is_http_url(item.tracker) else None,
    )


@dataclass(frozen=True)
class _Unconfirmed:
    """What a post-mortem's page marks as a placeholder: the values whose line in
    the file carries a TODO note. The page shows them, marked; no figure counts them."""

    services: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()
    factors: frozenset[str] = frozenset()
    #: Timeline keys (``detected``...).
    times: frozenset[str] = frozenset()
    severity: bool = False
    detection: bool = False
    trigger: bool = False
    #: Index of an action item -> its marked keys (``owner``, ``due``... ``status``).
    item_keys: dict[int, frozenset[str]] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, record: Record) -> _Unconfirmed:
        if not record.placeholders:
            return _NOTHING_UNCONFIRMED
        meta, marked = record.meta, record.is_placeholder

        def unconfirmed(key: str) -> frozenset[str]:
            return frozenset(getattr(meta, key)) - frozenset(record.confirmed(key))

        return cls(
            services=unconfirmed("services"),
            teams=unconfirmed("teams"),
            factors=unconfirmed("contributing_factors"),
            times=frozenset(
                name
                for name in ("started", "detected", "acknowledged", "mitigated", "resolved")
                if marked(("timeline", name))
            ),
            severity=marked(("severity",)),
            detection=marked(("detection",)),
            trigger=marked(("trigger",)),
            item_keys={
                n: keys
                for n in range(len(meta.action_items))
                if (keys := unconfirmed_keys(record, n))
            },
        )

    def durations(self, meta: PostMortem) -> dict[str, dt.timedelta | str | None]:
        """TTD ... TTR; ``not yet known`` for one measured from or to a placeholder."""
        spans = {
            "ttd": ("started", "detected"),
            "tta": ("detected", "acknowledged"),
            "ttm": ("started", "mitigated"),
            "ttr": ("started", "resolved"),
        }
        out: dict[str, dt.timedelta | str | None] = dict(meta.durations())
        if self.times:
            for name, (start, end) in spans.items():
                if out[name] is not None and (start in self.times or end in self.times):
                    out[name] = NOT_YET_KNOWN
        return out


_NO_KEYS: frozenset[str] = frozenset()
#: What a page shows for a duration measured from or to a placeholder.
NOT_YET_KNOWN = "not yet known"
_NOTHING_UNCONFIRMED = _Unconfirmed()


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


def _by_severity(records: Sequence[Record]) -> dict[str, int]:
    """Incidents by severity, then ``unknown`` for those whose severity is marked TODO."""
    counts = Counter(
        "unknown" if r.is_placeholder(("severity",)) else r.meta.severity.value for r in records
    )
    return {s: counts.get(s, 0) for s in (*(s.value for s in Severity), "unknown")}


def _top_factors(records: Sequence[Record], exclude: str | None = None) -> list[tuple[str, int]]:
    counts = Counter(
        tag for r in records for tag in set(r.confirmed("contributing_factors")) if tag != exclude
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_FACTORS]


def _rows_key(records: tuple[Record, ...]) -> int:
    """A digest of the frontmatter of ``records``, in order: what any list of them shows."""
    return hash(tuple((r.rel_path, r.src.frontmatter_digest) for r in records))


def _taxonomy_key(pages: SitePages) -> tuple[tuple[str, str, str], ...]:
    return tuple((f.tag, f.layer, f.description) for f in pages.catalog.taxonomy.factors.values())
