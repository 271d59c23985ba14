"""The ``postmortems`` MkDocs plugin: event handlers that delegate.

Per build: ``on_config`` settles the options, ``on_files`` reads every
post-mortem once with :func:`pmkb.loader.load_corpus`, reports its problems
and decides the pages, ``on_nav`` may start a second process that renders
the plugin's parts ahead (see prerender.py), ``on_env`` gives the data files
their text, and the page events hand each page its body and its HTML. All
per-build state lives in one :class:`_Build` created in ``on_config``; the
only things kept across ``mkdocs serve`` rebuilds are the parse and analytics
caches, on purpose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url, nest_paths
from pmkb.loader import ParseCache, Record, display_path, load_corpus
from pmkb.model import Visibility
from pmkb.parallel import fork_allowed
from pmkb.problems import Problem
from pmkb.source import SourceFile
from pmkb.taxonomy import Taxonomy, load_taxonomy

from pmkb_mkdocs import prerender, shared_nav, urls
from pmkb_mkdocs.catalog import Catalog, build_catalog
from pmkb_mkdocs.config import PostmortemsConfig
from pmkb_mkdocs.dashboard.pages import CHART_LIBRARY, DASHBOARD_NAV, plotly_js
from pmkb_mkdocs.hidden_links import HIDDEN, HiddenTargets, unlink_hidden
from pmkb_mkdocs.pages import (
    AnalyticsCache,
    Options,
    PageSpec,
    SitePages,
    finish_postmortem_page,
    import_analytics,
)
from pmkb_mkdocs.render import render
from pmkb_mkdocs.render_guard import guard_render
from pmkb_mkdocs.sanitize import clean_html, clean_inline, demote_h1, unsearched_times
from pmkb_mkdocs.search_index import SearchIndexer, SearchIndexError, searched_part
from pmkb_mkdocs.unvetted import unvetted

log = get_plugin_logger(__name__)

ASSET_DIR = Path(__file__).parent / "assets"
ASSETS = {
    "css": f"{urls.ASSETS}/pmkb.css",
    "js": f"{urls.ASSETS}/incidents.js",
    # Small and site-wide: it loads plotly.min.js, once, on the first page with a chart.
    "charts": f"{urls.ASSETS}/charts.js",
    # The search box in the header; it loads Pagefind's runtime when first opened.
    "search_js": f"{urls.ASSETS}/search.js",
    "search_css": f"{urls.ASSETS}/search.css",
}

#: Parsed post-mortems, reused by ``mkdocs serve`` rebuilds while a file's size
#: and modification time are unchanged, and the last build's analytics, reused
#: while no frontmatter changed. The only module-level state, deliberate caches.
_PARSE_CACHE = ParseCache()
_ANALYTICS_CACHE = AnalyticsCache()


@dataclass
class _Build:
    """Everything one build knows; replaced at the start of the next build."""

    as_of: dt.date
    audience: Visibility
    taxonomy_path: Path
    permalink: str | None
    directory_urls: bool = True
    catalog: Catalog | None = None
    pages: SitePages | None = None
    #: src_uri -> spec of the pages this plugin generates
    generated: dict[str, PageSpec] = field(default_factory=dict)
    #: src_uri -> site-relative URL of generated pages
    page_urls: dict[str, str] = field(default_factory=dict)
    #: src_uri -> what finishing a post-mortem's page needs from its content
    postmortem_pages: dict[str, _PostmortemPage] = field(default_factory=dict)
    #: path -> the site's data files (open data, the list's rows), their text set in on_env
    data_files: dict[str, File] = field(default_factory=dict)
    #: src_uri -> problems of a post-mortem whose body could not all be rendered
    unrendered: dict[str, list[Problem]] = field(default_factory=dict)
    files: Files | None = None
    #: The folder of mkdocs.yml: paths shown on pages are relative to it.
    project_dir: Path = field(default_factory=Path.cwd)
    hidden: HiddenTargets = field(default_factory=lambda: HiddenTargets(frozenset(), frozenset()))
    #: Post-mortems' tops and tails and generated pages rendered by a second process
    #: (see prerender.py)
    prerendered: prerender.Prerendered | None = None


#: Ids of a post-mortem page's "Action items" and "Related incidents" headings,
#: unless its body has taken them.
ACTIONS_ID, RELATED_ID = "action-items", "related-incidents"


@dataclass(frozen=True)
class _PostmortemPage:
    #: ids of the "Action items" and "Related incidents" headings
    actions_id: str
    related_id: str


#: The headings of a page whose body took neither id: what the second process assumes.
_FREE_HEADINGS = _PostmortemPage(ACTIONS_ID, RELATED_ID)


class _PageLinks:
    """Links from one page to the others, relative so that the site works from any folder.

    Every link goes up to the site's root and down to its target: one string
    join per link, where MkDocs' shortest relative path costs a path walk, and
    a page of related incidents has dozens of links.
    """

    def __init__(self, build: _Build, files: Files, url: str, use_directory_urls: bool) -> None:
        self._build, self._files = build, files
        self._directory_urls = use_directory_urls
        up = get_relative_url(".", url)
        self._root = "" if up == "." else up + "/"

    def incident(self, pm_id: str) -> str:
        return self._root + urls.incident_url(pm_id, self._directory_urls)

    def factor(self, tag: str) -> str:
        return self.page(urls.factor_src(tag))

    def service(self, name: str) -> str:
        return self.page(urls.service_src(name))

    def page(self, src_uri: str) -> str:
        url = self._build.page_urls.get(src_uri)
        if url is None:
            file = self._files.get_file_from_path(src_uri)
            # A page that does not exist (the list's URL patterns) gets the URL
            # MkDocs would give it.
            file = file or File(src_uri, None, "", self._directory_urls)
            url = file.url
        return self._root if url == "./" else self._root + url


class PostmortemsPlugin(BasePlugin[PostmortemsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self._build: _Build | None = None
        self._command = "build"
        self._search: SearchIndexer | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    # --- configuration ----------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._build = None
        if not self.config.enabled:
            return None
        taxonomy = self.config.taxonomy or os.path.join(config.docs_dir, "taxonomy.yml")
        as_of = self.config.as_of or dt.datetime.now(dt.timezone.utc).date()
        toc = config.mdx_configs.get("toc", {})
        permalink = toc.get("permalink")
        self._build = _Build(
            as_of=as_of,
            audience=Visibility(self.config.audience),
            taxonomy_path=Path(taxonomy),
            permalink=("¶" if permalink is True else str(permalink)) if permalink else None,
            directory_urls=config.use_directory_urls,
        )
        for path, extras in (
            (ASSETS["css"], config.extra_css),
            (ASSETS["search_css"], config.extra_css),
            (ASSETS["js"], config.extra_javascript),
            (ASSETS["charts"], config.extra_javascript),
            (ASSETS["search_js"], config.extra_javascript),
        ):
            if path not in extras:
                extras.append(path)
        # Material's tabs and navigation, once per folder of pages outside it.
        shared_nav.install_overrides(config.theme.dirs)
        self._start_search_index()
        return config

    def _start_search_index(self) -> None:
        """This build's search index: Pagefind reads pages as they are finished (see
        search_index.py). Under `mkdocs serve` the index is written after the site is
        served, so that a rebuild never waits for it; a previous build's unfinished
        index stops.
        """
        if self._search is not None:
            self._search.cancel()
        self._search = SearchIndexer.start(background=self._command == "serve")

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        build = self._build
        if build is None:
            return None
        shared_nav.prepare(env, config.theme.dirs, shared_nav.SharedNav())
        if build.pages is not None:
            self._write_data_files(build)
        return env

    def _write_data_files(self, build: _Build) -> None:
        """Give the data files their text, before MkDocs copies them into the site.

        Not in on_files, which would hold up every page: the metrics and the
        files' text are most of the analytics' time and no page's Markdown needs them.
        """
        assert build.pages is not None
        for path, file in build.data_files.items():
            ahead = build.prerendered.get(path, file.url) if build.prerendered else None
            file.content_string = ahead[0] if ahead is not None else build.pages.data_file(path)

    # --- files: read the corpus once, decide the pages -------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        build = self._build
        if build is None:
            return None
        # Paths on pages are relative to the project, so that the site does not
        # depend on where the build ran; in the log they are as `pmkb lint` run here writes them.
        project = _project_dir(config)
        build.project_dir = project
        taxonomy = self._load_taxonomy(build.taxonomy_path, project)
        corpus = load_corpus(
            Path(config.docs_dir),
            taxonomy,
            cache=_PARSE_CACHE,
            base=project,
            parallel=self.config.parallel,
            meanwhile=import_analytics,
        )
        # The corpus is millions of objects that live until the build ends.
        # Freezing them keeps the cyclic collector from rescanning them on every
        # full collection the rest of the build triggers: on 10,000 post-mortems
        # that halved the analytics' time. Thawed when the build ends.
        gc.freeze()
        for problem in corpus.problems:
            # Errors are warnings to MkDocs so that `--strict` fails on them, with
            # the same `path:line: ...` text `pmkb lint` prints.
            (log.warning if problem.is_error else log.info)("%s", _logged(problem, project))
        catalog = build_catalog(
            corpus,
            audience=build.audience,
            as_of=build.as_of,
            drafts=self.config.drafts,
        )
        build.catalog = catalog
        build.hidden = HiddenTargets(
            frozenset(catalog.hidden), frozenset(urls.incident_slug(i) for i in catalog.hidden_ids)
        )
        build.pages = SitePages(
            catalog,
            Options(
                latest_count=self.config.latest_count,
                list_fallback_rows=self.config.list_fallback_rows,
                analytics_statuses=tuple(self.config.analytics_statuses),
                related_count=self.config.related_count,
            ),
            _ANALYTICS_CACHE,
        )
        files = self._leave_out_unvetted(files, config, build)
        files = self._place_postmortems(files, config, build)
        self._add_generated(files, config, build)
        build.files = files
        if config.nav is None:
            config.nav = self._navigation(files, build)
        return files

    def _load_taxonomy(self, path: Path, project: Path) -> Taxonomy:
        shown = display_path(path)
        if not path.is_file():
            raise PluginError(
                f"taxonomy file {shown} not found: add one to docs_dir or set "
                "`taxonomy` under the postmortems plugin in mkdocs.yml"
            )
        taxonomy, problems = load_taxonomy(path, display_path(path, project))
        for problem in problems:
            (log.warning if problem.is_error else log.info)("%s", _logged(problem, project))
        return taxonomy

    def _leave_out_unvetted(self, files: Files, config: MkDocsConfig, build: _Build) -> Files:
        """Leave out what the loader did not read and MkDocs would publish (see unvetted.py)."""
        assert build.catalog is not None
        catalog = build.catalog
        docs_dir = os.path.abspath(config.docs_dir)
        from_docs = [
            f for f in files if f.src_dir is not None and os.path.abspath(f.src_dir) == docs_dir
        ]
        read = set(catalog.by_rel_path) | set(catalog.broken) | catalog.hidden
        left_out = set(
            unvetted(((f.src_uri, f.is_documentation_page()) for f in from_docs), docs_dir, read)
        )
        if not left_out:
            return files
        for file in from_docs:
            if file.src_uri in left_out:
                log.info(
                    "%s: left out of the site: not a post-mortem the loader read", file.src_uri
                )
                files.remove(file)
        for rel_path in left_out & set(catalog.broken):
            # Its problems are still listed (a symbolic link); its page is not built.
            catalog.broken[rel_path] = dataclasses.replace(catalog.broken[rel_path], has_page=False)
        return files

    def _place_postmortems(self, files: Files, config: MkDocsConfig, build: _Build) -> Files:
        """Exclude hidden post-mortems, move the others to their id's URL, keep them out of the nav."""
        assert build.catalog is not None
        catalog = build.catalog
        taxonomy_file = os.path.abspath(build.taxonomy_path)
        placed: list[File] = []
        for file in files:
            rel = file.src_uri
            if rel in catalog.hidden:
                # Kept, excluded and renamed, so that a link to it from a visible
                # page resolves without a warning and can be unwrapped (see
                # _unlink_hidden) without naming the hidden file.
                placed.append(
                    File(
                        file.src_path,
                        file.src_dir,
                        file.dest_dir,
                        file.use_directory_urls,
                        dest_uri=f"{HIDDEN}/{len(placed)}.html",
                        inclusion=InclusionLevel.EXCLUDED,
                    )
                )
                continue
            if file.abs_src_path and os.path.abspath(file.abs_src_path) == taxonomy_file:
                continue  # the vocabulary is source, not content
            record = catalog.by_rel_path.get(rel)
            if record is not None:
                file = File(
                    file.src_path,
                    file.src_dir,
                    file.dest_dir,
                    file.use_directory_urls,
                    dest_uri=urls.incident_dest(record.meta.id, config.use_directory_urls),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            elif rel in catalog.broken:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            placed.append(file)
        return Files(placed)

    def _add_generated(self, files: Files, config: MkDocsConfig, build: _Build) -> None:
        assert build.pages is not None
        # Files left out of the site (exclude_docs, hidden post-mortems) take no place.
        taken = {f.dest_uri: f.src_uri for f in files if not f.inclusion.is_excluded()}
        for spec in build.pages.specs():
            existing = files.get_file_from_path(spec.src_uri)
            if existing is not None and existing.inclusion.is_excluded():
                files.remove(existing)
            elif existing is not None:
                if spec.src_uri == urls.HOME:
                    # A corpus may bring its own home page; it wins over ours.
                    log.info("using %s from docs_dir as the home page", spec.src_uri)
                    build.page_urls[spec.src_uri] = existing.url
                    continue
                log.warning(
                    "%s: the postmortems plugin generates this page; rename the file",
                    display_path(Path(existing.abs_src_path or spec.src_uri)),
                )
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
            if file.dest_uri in taken:
                log.warning(
                    "%s is written to %s, where the postmortems plugin writes %s; rename it",
                    taken[file.dest_uri],
                    file.dest_uri,
                    spec.src_uri,
                )
            files.append(file)
            build.generated[spec.src_uri] = spec
            build.page_urls[spec.src_uri] = file.url
        for name in ("css", "js", "charts", "search_js", "search_css"):
            path = ASSETS[name]
            files.append(
                File.generated(config, path, abs_src_path=str(ASSET_DIR / Path(path).name))
            )
        files.append(File.generated(config, CHART_LIBRARY, abs_src_path=str(plotly_js())))
        for path in build.pages.DATA_PATHS:
            # Written in on_env, once the pages are rendered: a second process may
            # have computed them meanwhile (see _write_data_files).
            file = File.generated(config, path, content="")
            files.append(file)
            build.data_files[path] = file

    def _navigation(self, files: Files, build: _Build) -> list[object]:
        """Home, the three indexes, then the corpus' own pages: never the post-mortems."""
        assert build.catalog is not None
        ours = {urls.HOME, urls.INCIDENTS, urls.FACTORS, urls.SERVICES, *DASHBOARD_NAV.values()}
        ordinary = sorted(
            f.src_uri
            for f in files.documentation_pages()
            if f.inclusion.is_in_nav() and f.src_uri not in ours and f.generated_by is None
        )
        return [
            {"Home": urls.HOME},
            {"Post-mortems": urls.INCIDENTS},
            {"Factors": urls.FACTORS},
            {"Services": urls.SERVICES},
            *({title: src} for title, src in DASHBOARD_NAV.items()),
            *nest_paths(ordinary),
        ]

    # Last, once every plugin has settled the files: the pages' URLs are final.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        build = self._build
        if (
            build is None
            or build.catalog is None
            or not self.config.parallel
            # Never in `mkdocs serve`, whose server threads a fork must not copy.
            or self._command not in ("build", "gh-deploy")
            or not fork_allowed()
        ):
            return None
        build.prerendered = prerender.Prerendered(lambda: self._parts_ahead(build, files))
        return None

    def _parts_ahead(self, build: _Build, files: Files) -> Iterator[prerender.Part]:
        """In the worker: the top and tail of every post-mortem page (for the heading ids
        its body leaves free), the content of every page the plugin generates, then the
        text of the data files."""
        assert build.catalog is not None
        for src_uri, record in build.catalog.by_rel_path.items():
            file = _page_file(files, src_uri)
            if file is not None:
                top, tail = self._top_and_tail(build, files, record, file.url, _FREE_HEADINGS)
                yield src_uri, file.url, top, tail
        for src_uri, spec in build.generated.items():
            file = _page_file(files, src_uri)
            if file is not None:
                links = _PageLinks(build, files, file.url, build.directory_urls)
                yield src_uri, file.url, spec.render(links), ""
        assert build.pages is not None
        for path, data_file in build.data_files.items():
            yield path, data_file.url, build.pages.data_file(path), ""

    # --- pages -------------------------------------------------------------------
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self._build is not None:
            # The sitemap's dates come from the as-of date, not the clock, so the
            # same inputs and as_of give a byte-identical site.
            page.update_date = self._build.as_of.isoformat()
            self._guard_postmortem_render(page, self._build)
        return page

    def _guard_postmortem_render(self, page: Page, build: _Build) -> None:
        """One post-mortem's Markdown must not stop the build: see render_guard."""
        if build.catalog is None:
            return
        src_uri = page.file.src_uri
        record = build.catalog.by_rel_path.get(src_uri)
        broken = build.catalog.broken.get(src_uri)
        src = record.src if record is not None else broken.src if broken is not None else None
        if src is None:
            return

        def report(lines: list[int]) -> None:
            problems = [_unrendered_problem(src, line) for line in lines]
            for problem in problems:
                log.warning("%s", _logged(problem, build.project_dir))
            build.unrendered[src_uri] = problems

        guard_render(page, report)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        build = self._build
        if build is None or build.catalog is None:
            return None
        src_uri = page.file.src_uri
        if src_uri in build.generated:
            return ""
        record = build.catalog.by_rel_path.get(src_uri)
        if record is not None:
            # The loader has already split the frontmatter off: hand MkDocs the body
            # so that it does not parse the YAML a second time. The leading blank
            # line stops MkDocs from reading a first line such as "Note: ..." as
            # MultiMarkdown metadata and dropping it.
            return "\n" + record.body
        broken = build.catalog.broken.get(src_uri)
        if broken is not None:
            return "\n" + broken.src.body if broken.show_body else ""
        return None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        build = self._build
        if build is None or build.catalog is None:
            return None
        src_uri = page.file.src_uri
        spec = build.generated.get(src_uri)
        record = build.catalog.by_rel_path.get(src_uri)
        broken = build.catalog.broken.get(src_uri)
        # Titles are escaped here because themes write page titles unescaped.
        if spec is not None:
            page.meta = {
                "title": str(escape(spec.title)),
                "search": {"exclude": True},
                "hide": ["navigation", "toc"],
            }
        elif record is not None:
            meta = record.meta
            page.meta = {
                "title": str(escape(f"{meta.id}: {meta.title}")),
                "description": str(escape(meta.root_cause or meta.title)),
                "hide": ["navigation"],
            }
        elif broken is not None:
            page.meta = {
                "title": str(escape(f"Errors: {broken.title}")),
                "search": {"exclude": True},
            }
        return markdown

    # Early, so that other plugins see the page as readers will and the
    # sanitiser never strips what they add.
    @event_priority(50)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        build = self._build
        if build is None or build.catalog is None or build.pages is None:
            return None
        src_uri = page.file.src_uri
        spec = build.generated.get(src_uri)
        if spec is not None:
            ahead = build.prerendered.get(src_uri, page.file.url) if build.prerendered else None
            if ahead is not None:
                return ahead[0]
            return spec.render(_PageLinks(build, files, page.url, build.directory_urls))
        record = build.catalog.by_rel_path.get(src_uri)
        if record is not None:
            _clean_toc(page.toc.items)
            taken = _ids(page.toc.items)
            actions_id = _free_id(ACTIONS_ID, taken)
            related_id = _free_id(RELATED_ID, taken | {actions_id})
            page.toc.items.append(AnchorLink("Action items", actions_id, 2))
            if self.config.related_count > 0:
                page.toc.items.append(AnchorLink("Related incidents", related_id, 2))
            body = unsearched_times(_clean_body(html, src_uri, build.hidden))
            body = _unrendered_notice(build, src_uri) + body
            build.postmortem_pages[src_uri] = _PostmortemPage(actions_id, related_id)
            return build.pages.render_postmortem_content(record, body)
        broken = build.catalog.broken.get(src_uri)
        if broken is not None:
            _clean_toc(page.toc.items)
            body = _unrendered_notice(build, src_uri) + _clean_body(html, src_uri, build.hidden)
            return build.pages.render_broken(broken, body if broken.show_body else None)
        # An ordinary page of the site may link to a hidden post-mortem too.
        html = unlink_hidden(html, src_uri, build.hidden)
        if _excluded_from_search(page):
            return html
        return render("searchable_page.html", title=page.title or "", content=Markup(html))

    # First, so that plugins that rewrite or minify the finished page see it whole.
    @event_priority(50)
    def _finish_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        build = self._build
        if build is None or build.catalog is None or build.pages is None or build.files is None:
            return None
        src_uri = page.file.src_uri
        record = build.catalog.by_rel_path.get(src_uri)
        parts = build.postmortem_pages.get(src_uri)
        if record is None or parts is None:
            return None
        ahead = None
        if build.prerendered is not None and parts == _FREE_HEADINGS:
            ahead = build.prerendered.get(src_uri, page.file.url)
        if ahead is None:
            ahead = self._top_and_tail(build, build.files, record, page.url, parts)
        return finish_postmortem_page(output, *ahead)

    # Last, so that search indexes the page as it is written, whatever other plugins did.
    @event_priority(-100)
    def _index_page(self, output: str, *, page: Page, config: MkDocsConfig) -> None:
        build = self._build
        if self._search is None or build is None or build.catalog is None:
            return
        src_uri = page.file.src_uri
        parts = build.postmortem_pages.get(src_uri)
        if parts is not None:
            # Up to the tables, which search leaves out: Pagefind parses all it is given.
            self._search.add_page(page.url, searched_part(output, f'<h2 id="{parts.actions_id}"'))
        elif not (
            src_uri in build.generated
            or src_uri in build.catalog.broken
            or _excluded_from_search(page)
        ):
            self._search.add_page(page.url, output)

    on_post_page = CombinedEvent(_finish_page, _index_page)

    def _top_and_tail(
        self, build: _Build, files: Files, record: Record, url: str, parts: _PostmortemPage
    ) -> tuple[str, str]:
        assert build.pages is not None
        links = _PageLinks(build, files, url, build.directory_urls)
        top = build.pages.render_postmortem_top(record, links)
        tail = build.pages.render_postmortem_tail(
            record,
            links,
            permalink=build.permalink,
            actions_id=parts.actions_id,
            related_id=parts.related_id,
            show_related=self.config.related_count > 0,
        )
        return top, tail

    # --- end of build -------------------------------------------------------------------
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._end_prerendering()
        gc.unfreeze()
        self._write_search_index(config.site_dir)

    def _write_search_index(self, site_dir: str) -> None:
        search = self._search
        if search is None:
            return
        try:
            report = search.finish(site_dir)
        except SearchIndexError as error:
            # An error, so that a strict build fails: search must never vanish unnoticed.
            log.error("%s", error)
            return
        if report is not None:
            log.info(
                "search index: %d pages, written %.1f s after the build (%s it%s)%s",
                report.pages,
                report.seconds,
                "pages read beside" if report.mode == "beside" else "pages read back after",
                f": {report.fallback_reason}" if report.fallback_reason else "",
                f"; Pagefind used {report.pagefind_cpu_s:.1f} s of CPU, {report.pagefind_peak_mb:.0f} MB"
                if report.pagefind_cpu_s is not None and report.pagefind_peak_mb is not None
                else "",
            )

    def on_build_error(self, *, error: Exception) -> None:
        self._end_prerendering()
        gc.unfreeze()
        if self._search is not None:
            self._search.cancel()

    def _end_prerendering(self) -> None:
        build = self._build
        if build is None or build.prerendered is None:
            return
        prerendered, build.prerendered = build.prerendered, None
        if prerendered.failure:
            log.debug("rendered every page here: %s", prerendered.failure)
        else:
            log.debug(
                "%d pages' parts rendered ahead in a second process, %d used",
                prerendered.delivered,
                prerendered.used,
            )
        prerendered.close()


def _excluded_from_search(page: Page) -> bool:
    """Whether the page's front matter says ``search: {exclude: true}`` (Material's convention)."""
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _page_file(files: Files, src_uri: str) -> File | None:
    """The file of a page that is built, or None."""
    file = files.get_file_from_path(src_uri)
    if file is None or file.inclusion.is_excluded() or not file.is_documentation_page():
        return None
    return file


def _project_dir(config: MkDocsConfig) -> Path:
    if config.config_file_path:
        return Path(config.config_file_path).absolute().parent
    return Path.cwd()


def _logged(problem: Problem, project: Path) -> str:
    """``problem`` with its path relative to the working directory, as `pmkb lint` writes it."""
    path = Path(problem.path)
    path = path if path.is_absolute() else project / path
    return dataclasses.replace(problem, path=display_path(path)).format()


def _clean_body(html: str, src_uri: str, hidden: HiddenTargets) -> str:
    # Unlinked after cleaning, in the sanitiser's regular HTML, which no author's quoting can fool.
    return unlink_hidden(demote_h1(clean_html(html)), src_uri, hidden)


def _unrendered_problem(src: SourceFile, markdown_line: int) -> Problem:
    # MkDocs drops the blank lines that start the source we hand it (see on_page_read_source).
    skipped = len(src.body) - len(src.body.lstrip("\n"))
    line = src.body_line + skipped + markdown_line
    return Problem(
        src.path,
        line,
        "body",
        "body.too-deep",
        "error",
        "Markdown nested too deeply for the renderer; this block is shown as plain text: "
        "flatten its lists or emphasis",
    )


def _unrendered_notice(build: _Build, src_uri: str) -> str:
    problems = build.unrendered.get(src_uri)
    return render("unrendered_notice.html", problems=problems) if problems else ""


def _ids(items: list[AnchorLink]) -> set[str]:
    found: set[str] = set()
    for item in items:
        found.add(item.id)
        found |= _ids(item.children)
    return found


def _free_id(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        candidate, n = f"{wanted}_{n}", n + 1
    return candidate


def _clean_toc(items: list[AnchorLink]) -> None:
    """Table-of-contents titles are HTML from the author's headings: sanitise them too."""
    for item in items:
        if "<" in item.title:  # plain text (entities escaped) needs no cleaning
            item.title = clean_inline(item.title)
        _clean_toc(item.children)
