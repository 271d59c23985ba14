"""The ``postmortems`` MkDocs plugin: event handlers that look things up and render.

Per build: ``on_config`` settles the options, ``on_files`` reads every
post-mortem once with :func:`pmkb.loader.load_corpus`, reports its problems,
plans the site with :func:`pmkb.site_plan.plan_site` and places the files;
the page events hand each page its body and its HTML from that plan;
``on_env`` gives the data files their text. Everything one build knows lives
in one :class:`_Build`, made in ``on_files``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url
from pmkb.catalog import BrokenPostmortem
from pmkb.loader import ParseCache, Record, display_path, load_corpus, reread_body
from pmkb.model import Status, Visibility
from pmkb.problems import Problem
from pmkb.site_plan import SiteModel, SiteOptions, factor_src, plan_site, service_src
from pmkb.source import SourceFile
from pmkb.taxonomy import Taxonomy, load_taxonomy

from pmkb_mkdocs import preview, site_files, urls
from pmkb_mkdocs.config import PostmortemsConfig
from pmkb_mkdocs.hidden_links import HiddenTargets, unlink_hidden
from pmkb_mkdocs.preview import KeyedFile, Ledger
from pmkb_mkdocs.project_config import config_text, duplicate_keys
from pmkb_mkdocs.render import render
from pmkb_mkdocs.render_guard import (
    FENCED_BLOCKS,
    Block,
    RenderGuard,
    SlowFences,
    SlowInline,
    SlowMarkup,
    SlowText,
    Unrendered,
)
from pmkb_mkdocs.sanitize import (
    clean_html,
    clean_inline,
    demote_h1,
    unsearched_permalinks,
    unsearched_times,
)
from pmkb_mkdocs.search_index import (
    Handed,
    SearchIndexer,
    SearchIndexError,
    drop_previous,
    engine_version,
    reads_as_handed,
    set_previous_aside,
)

if TYPE_CHECKING:
    from pmkb_mkdocs.site_pages import Headings, PageSpec, SitePages

# The site's pages and the dashboard (and with them pandas, NetworkX and SciPy) are
# imported where a build first needs them, not here: the command line reads
# mkdocs.yml through MkDocs, which imports this module to check the plugin's
# options, and `pmkb lint` of one file waited half a second for them.

log = get_plugin_logger(__name__)
_BUILD_LOG = logging.getLogger("mkdocs.commands.build")

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
#: Where a post-mortem page's generated tables begin, which search leaves out.
TABLES_MARK = '<div class="pmkb-tables">'
#: How a finished post-mortem page shows that its article reached the theme
#: (a minifier may drop the quotes around the value).
ARTICLE_MARK = "data-pmkb-postmortem="


@dataclass(frozen=True)
class _Build:
    """Everything one build knows, planned in ``on_files``."""

    model: SiteModel
    pages: SitePages
    #: src_uri -> spec of each page this plugin generates
    generated: dict[str, PageSpec]
    #: path -> the site's data files (open data, the list's rows), their text set in on_env
    data_files: dict[str, File]
    files: Files
    hidden: HiddenTargets
    #: The folder of mkdocs.yml: paths shown on pages are relative to it.
    project_dir: Path
    permalink: str | None
    #: The class of the permalinks' links (the ``toc`` extension's ``permalink_class``).
    permalink_class: str
    directory_urls: bool
    #: src_uri -> problems of a post-mortem whose body could not all be rendered
    unrendered: dict[str, list[Problem]]
    #: The last page search may index, in the order MkDocs builds them: once it is
    #: handed over, Pagefind can write the index while the other pages render.
    last_searched: str | None
    #: src_uri -> what search read of the page's content, to check its finished page against
    handed: dict[str, Handed]
    #: The language the theme writes in <html lang>, which Pagefind stems for.
    language: str
    #: src_uri -> a post-mortem's source read again after a save changed its body alone
    bodies: dict[str, SourceFile] = dataclasses.field(default_factory=dict)
    #: src_uri -> URL of the pages links point to, looked up once per build: the
    #: factor and service pages are linked from every post-mortem, many times.
    page_urls: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class _Built:
    """What MkDocs built the last site with, to build one page of it again."""

    config: MkDocsConfig
    nav: Navigation
    env: jinja2.Environment


@dataclass
class _Preview:
    """What `mkdocs serve` keeps from one rebuild to the next; nothing in a one-off build."""

    active: bool = False
    #: `mkdocs serve --dirty`: MkDocs builds only the pages whose files say they changed.
    dirty: bool = False
    #: Parsed files, reused while a file's size and modification time are unchanged.
    parsed: ParseCache | None = None
    #: The last plan: its analytics are reused while no frontmatter changes.
    model: SiteModel | None = None
    #: What the dirty builds wrote (see preview.py).
    ledger: Ledger | None = None
    #: The paths the server saw saved, where the system reports them (see preview.py).
    saves: preview.Saves | None = None
    #: The last build, while its site is the one served; its navigation and environment.
    built: _Built | None = None
    nav: Navigation | None = None
    env: jinja2.Environment | None = None
    #: Full collections of Python's cyclic garbage, while the author pauses (see preview.py).
    collector: preview.PausedCollector | None = None

    def __post_init__(self) -> None:
        if self.active and self.parsed is None:
            self.parsed = ParseCache()
        if self.active and self.collector is None:
            self.collector = preview.PausedCollector()
        if self.active and self.dirty and self.ledger is None:
            self.ledger = Ledger()


class _PageLinks:
    """Links from one page to the others, relative so that the site works from any folder.

    Every link goes up to the site's root and down to its target: one string
    join per link, where MkDocs' shortest relative path costs a path walk, and
    a page of related incidents has dozens of links.
    """

    def __init__(self, build: _Build, url: str) -> None:
        self._build = build
        up = get_relative_url(".", url)
        self._root = "" if up == "." else up + "/"

    def incident(self, pm_id: str) -> str:
        return self._root + urls.incident_url(pm_id, self._build.directory_urls)

    def factor(self, tag: str) -> str:
        return self.page(factor_src(tag))

    def service(self, name: str) -> str:
        return self.page(service_src(name))

    def page(self, src_uri: str) -> str:
        url = self._build.page_urls.get(src_uri)
        if url is None:
            file = self._build.files.get_file_from_path(src_uri)
            # A page that does not exist (the list's URL patterns) gets the URL MkDocs would give it.
            url = (file or File(src_uri, None, "", self._build.directory_urls)).url
            self._build.page_urls[src_uri] = url
        return self._root if url == "./" else self._root + url


class PostmortemsPlugin(BasePlugin[PostmortemsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self._build: _Build | None = None
        self._preview = _Preview()
        self._search: SearchIndexer | None = None
        #: Added to the site's Markdown extensions: what it showed as text is reported.
        self._guard: RenderGuard | None = None
        #: The site whose last search index was set aside for this build's (see on_pre_build).
        self._aside_in: str | None = None
        # A dirty build of ours is as accurate as a clean one (see preview.py).
        self._dirty_warning = preview.DirtyWarningFilter(lambda: self._preview.dirty)

    # MkDocs keeps a plugin with this event across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._preview = _Preview(active=command == "serve", dirty=command == "serve" and dirty)
        if self._preview.dirty:
            _BUILD_LOG.addFilter(self._dirty_warning)

    def on_shutdown(self) -> None:
        _BUILD_LOG.removeFilter(self._dirty_warning)
        if self._search is not None and self._preview.active:
            # `mkdocs serve` deletes its site folder next: an index read from it would fail.
            self._search.cancel()
        if self._preview.ledger is not None:
            # `mkdocs serve` deletes its site folder next: nothing left is worth writing.
            self._preview.ledger.stop_writing()
        if self._preview.collector is not None:
            self._preview.collector.stop()
        self._preview = _Preview()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        if self._preview.dirty:
            self._preview.saves = preview.react_sooner(server, config)
        if self._preview.saves is not None:
            build_site: Callable[..., None] = server.builder  # called with a config first

            def build_after_save(config: MkDocsConfig | None = None) -> None:
                # MkDocs passes a configuration only for the first build.
                if config is not None:
                    build_site(config)
                elif not self._build_saves_again():
                    build_site()

            server.builder = build_after_save
        return server

    def _build_saves_again(self) -> bool:
        """Build again, in the last build's files and navigation, the pages that the
        saved post-mortems change, when nothing else was saved (nothing at all when no
        saved file is one the site shows); False when the whole site must be built
        (see preview.py)."""
        kept, build = self._preview, self._build
        saved = kept.saves.take() if kept.saves is not None else None
        if not saved or kept.built is None or build is None or kept.parsed is None:
            return False
        config = kept.built.config
        if any(plugin is not self for plugin in config.plugins.values()):
            return False  # another plugin may write from the whole site (on_post_build)
        began = time.perf_counter()
        found = self._saved_postmortems(saved, build, config)
        if found is None:
            return False
        if not found:
            return True  # nothing the site shows was saved
        bodies = {rel: reread_body(record, kept.parsed) for rel, (record, _) in found.items()}
        saved_names = ", ".join(sorted(found))
        if kept.collector is not None:
            kept.collector.building()
        try:
            if all(src is not None for src in bodies.values()):
                for rel, (record, file) in found.items():
                    src = bodies[rel]
                    assert src is not None
                    build.bodies[rel] = src
                    build.unrendered.pop(rel, None)
                    file.key = build.pages.postmortem_key(dataclasses.replace(record, src=src))
                preview.build_pages_again(
                    (file.page for _, file in found.values() if file.page is not None),
                    config,
                    build.files,
                    kept.built.nav,
                    kept.built.env,
                )
                done: tuple[Any, ...] = (
                    "%s built again in %.2f seconds (a body edit, no other page shows it)",
                    saved_names,
                )
            else:
                pages = self._build_changed_pages(kept.built)
                if pages is None:
                    return False
                done = (
                    "%d pages showing what %s says built again in %.2f seconds, not the whole site",
                    len(pages),
                    saved_names,
                )
        except Exception as error:  # built whole instead, with the same result
            log.debug("building %s again failed (%r): building the site", sorted(found), error)
            kept.built = None
            return False
        self._restart_search_index(config.site_dir)
        if kept.ledger is not None:
            kept.ledger.postpone_writing()
        if kept.collector is not None:
            kept.collector.built()
        log.info(*done, time.perf_counter() - began)
        return True

    def _saved_postmortems(
        self, saved: set[str], build: _Build, config: MkDocsConfig
    ) -> dict[str, tuple[Record, KeyedFile]] | None:
        """Each saved post-mortem of the last build, with its file, by src_uri; None
        when a save is of anything else the site reads."""
        # Resolved on both sides: a system may report a folder by its real path.
        docs_dir = os.path.realpath(config.docs_dir)
        taxonomy = os.path.realpath(self._taxonomy_path(config))
        catalog = build.model.catalog
        found: dict[str, tuple[Record, KeyedFile]] = {}
        for path in saved:
            real = os.path.realpath(path)
            try:
                rel = os.path.relpath(real, docs_dir).replace(os.sep, "/")
            except ValueError:  # on another drive (Windows)
                return None
            record = catalog.by_rel_path.get(rel)
            if record is None:
                # An editor's swap file (a dot file, which the site leaves out) or
                # temporary file (written and gone, never read) changes nothing.
                gone_unread = not (
                    os.path.exists(real)
                    or real == taxonomy
                    or build.files.get_file_from_path(rel) is not None
                )
                if rel.split("/")[0] != ".." and (_left_out(rel, config) or gone_unread):
                    continue
                return None
            file = build.files.get_file_from_path(rel)
            if not isinstance(file, KeyedFile) or file.page is None:
                return None
            found[rel] = (record, file)
        return found

    def _build_changed_pages(self, built: _Built) -> list[str] | None:
        """Plan the site again and build each page whose content changed, in the last
        build's navigation; None, with nothing built, when the plan adds, removes,
        moves or hides a post-mortem or a page of the navigation (then the whole site
        is built). Generated pages outside the navigation may come and go."""
        build, ledger = self._build, self._preview.ledger
        assert build is not None and ledger is not None
        config = built.config
        project, taxonomy_path = _project_dir(config), self._taxonomy_path(config)
        if self._search is not None:
            # The last save's index, still being written, would take the CPU this needs.
            self._search.cancel()
        model, problems = self._plan(config, project, taxonomy_path)
        pages = self._site_pages(model)
        stamp = self._site_stamp(build.files, config, model, taxonomy_path)
        if stamp != ledger.stamp or not _same_pages(build, model, pages):
            return None
        specs = {spec.src_uri: spec for spec in pages.specs}
        placed = site_files.regenerated(
            build.files, build.generated, ((s, p.in_nav) for s, p in specs.items()), config
        )
        if placed is None:
            return None
        files, generated = placed
        self._report(problems, project)
        # Downloads not yet written are made again below if they changed.
        ledger.stop_writing()
        came_or_went = generated.keys() != build.generated.keys()
        for src_uri, file in generated.items():
            if src_uri not in build.generated:  # new to the site, outside the navigation
                assert isinstance(file, KeyedFile)
                file.ledger = ledger
                Page(None, file, config)
        build = dataclasses.replace(
            build,
            model=model,
            pages=pages,
            generated={src: specs[src] for src in generated},
            files=files,
            bodies={},
        )
        self._build = build
        # Ordinary pages keep theirs unless a page came or went: their links show where files are.
        where = preview.layout(files) if came_or_went else None
        for file in files:
            if isinstance(file, KeyedFile):
                key = pages.content_key(file.src_uri)
                if key is None and where is not None and file.is_documentation_page():
                    key = preview.ordinary_key(file, where)
                file.key = file.key if key is None else key
        self._data_files(build)
        for file in build.data_files.values():
            file.copy_file(dirty=True)
        changed = [
            file.page
            for file in build.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            if file.page is not None and file.is_modified()
        ]
        for page in changed:
            build.unrendered.pop(page.file.src_uri, None)
        preview.build_pages_again(changed, config, build.files, built.nav, built.env)
        if came_or_went:
            preview.write_sitemap_again(config, build.files, built.nav, built.env)
        ledger.finish(build.files, config.site_dir)
        ledger.start_writing(config.site_dir)
        return [page.file.src_uri for page in changed]

    # --- configuration ----------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._build = None
        self._preview.built = None
        if self._preview.collector is not None:
            self._preview.collector.building()
        if not self.config.enabled:
            return None
        _warn_duplicate_keys(config)
        for path, extras in (
            (ASSETS["css"], config.extra_css),
            (ASSETS["search_css"], config.extra_css),
            (ASSETS["js"], config.extra_javascript),
            (ASSETS["charts"], config.extra_javascript),
            (ASSETS["search_js"], config.extra_javascript),
        ):
            if path not in extras:
                extras.append(path)
        self._start_search_index()
        # Every page's conversion, ours or not: an exception there would stop the build
        # (MkDocs types the list as names; Markdown takes extension objects as well).
        self._guard = RenderGuard(config.markdown_extensions, config.mdx_configs or {})
        config.markdown_extensions.append(self._guard)  # type: ignore[arg-type]
        # `mkdocs serve` rebuilds when the vocabulary changes, wherever it lives.
        taxonomy = str(self._taxonomy_path(config))
        if os.path.isfile(taxonomy) and taxonomy not in config.watch:
            config.watch.append(taxonomy)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.config.enabled and site_dir.exists() and not site_dir.is_dir():
            # MkDocs would empty it next and fail with a traceback.
            raise PluginError(
                f"site_dir {display_path(site_dir)} is a file, not a folder: remove it, or "
                "set `site_dir` in mkdocs.yml to a folder"
            )
        if self._search is not None and not self._preview.active:
            # MkDocs empties the site next: the last index is kept aside to be written over.
            set_previous_aside(config.site_dir)
            self._aside_in = config.site_dir

    def _drop_previous(self) -> None:
        """The last index set aside, if this build did not write over it, goes."""
        if self._aside_in is not None:
            drop_previous(self._aside_in)
            self._aside_in = None

    def _start_search_index(self) -> None:
        """This build's search index (see search_index.py). In a one-off build,
        Pagefind reads each page as it is finished; under `mkdocs serve` the index
        is written from the built site after it is served, so that a rebuild never
        waits for it. A previous build's unfinished index stops."""
        if self._search is not None:
            self._search.cancel()
        if self._preview.ledger is not None:
            self._preview.ledger.stop_writing()
        self._search = SearchIndexer.start(background=self._preview.active)

    def _restart_search_index(self, site_dir: str) -> None:
        """Index the served site again in the background, after some of its pages changed."""
        if self._search is not None:
            self._search.cancel()
        self._search = SearchIndexer.start(background=True)
        self._write_search_index(site_dir)

    def _taxonomy_path(self, config: MkDocsConfig) -> Path:
        return Path(self.config.taxonomy or os.path.join(config.docs_dir, "taxonomy.yml"))

    def _site_options(self) -> SiteOptions:
        return SiteOptions(
            as_of=self.config.as_of or dt.datetime.now(dt.timezone.utc).date(),
            audience=Visibility(self.config.audience),
            drafts=self.config.drafts,
            analytics_statuses=tuple(Status(s) for s in self.config.analytics_statuses),
            related_count=self.config.related_count,
            min_sample=self.config.min_sample,
        )

    # --- files: read the corpus once, plan the site, place the files ---------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        # Paths on pages are relative to the project, so that the site does not
        # depend on where the build ran; in the log they are as `pmkb lint` run here writes them.
        project = _project_dir(config)
        taxonomy_path = self._taxonomy_path(config)
        model, problems = self._plan(config, project, taxonomy_path)
        self._report(problems, project)
        ledger = self._preview.ledger
        pages = self._site_pages(model)
        files = site_files.without_unvetted(files, config.docs_dir, model)
        files = site_files.placed_postmortems(files, model, taxonomy_path)
        files = site_files.readable_pages(files, model)
        specs = {spec.src_uri: spec for spec in pages.specs}
        added = site_files.add_generated(files, config, ((s, p.in_nav) for s, p in specs.items()))
        from pmkb_mkdocs.site_pages import SitePages

        data_files = {
            path: KeyedFile.generated(config, path, content="") for path in SitePages.DATA_PATHS
        }
        for file in (*self._assets(config), *data_files.values()):
            files.append(file)
        if config.nav is None:
            config.nav = site_files.navigation(files, self._nav_entries())
        if ledger is not None:
            ledger.begin(self._site_stamp(files, config, model, taxonomy_path))
            files = preview.keyed_files(files, pages.content_key, ledger, pages.body_of)
        catalog = model.catalog
        self._build = _Build(
            model=model,
            pages=pages,
            generated={src: specs[src] for src in added},
            data_files=data_files,
            files=files,
            hidden=HiddenTargets(
                frozenset(catalog.hidden),
                frozenset(urls.incident_slug(i) for i in catalog.hidden_ids),
            ),
            project_dir=project,
            permalink=_permalink(config),
            permalink_class=_permalink_class(config),
            directory_urls=config.use_directory_urls,
            unrendered={},
            last_searched=_last_searched(files, model, specs),
            handed={},
            language=config.theme.get("language") or str(config.theme.locale),
        )
        return files

    def _site_pages(self, model: SiteModel) -> SitePages:
        """The pages of ``model``; a preview's keep the table rows of earlier builds."""
        from pmkb_mkdocs.site_pages import Layout, SitePages

        ledger = self._preview.ledger
        return SitePages(
            model,
            Layout(self.config.latest_count, self.config.list_fallback_rows),
            rows=ledger.rows if ledger is not None else None,
        )

    def _plan(
        self, config: MkDocsConfig, project: Path, taxonomy_path: Path
    ) -> tuple[SiteModel, list[Problem]]:
        """Read every post-mortem once and plan the site; the problems found on the way."""
        taxonomy = _load_taxonomy(taxonomy_path, project)
        kept = self._preview
        corpus = load_corpus(Path(config.docs_dir), taxonomy, cache=kept.parsed, base=project)
        # The corpus is millions of objects that live until the build ends.
        # Freezing them keeps the cyclic collector from rescanning them on every
        # full collection the rest of the build triggers: on 10,000 post-mortems
        # that halved the analytics' time. Thawed when a one-off build ends; under
        # `mkdocs serve`, collected while the author pauses (preview.PausedCollector).
        gc.freeze()
        model = plan_site(corpus, self._site_options(), previous=kept.model)
        # Again for what planning left alive until the build ends (the analytics,
        # SciPy's modules): the full collections while the pages are rendered went
        # over it each time: 0.10-0.27 s of a build at 2,000 post-mortems.
        gc.freeze()
        kept.model = model if kept.active else None
        return model, list(corpus.problems)

    @staticmethod
    def _report(problems: list[Problem], project: Path) -> None:
        for problem in problems:
            # Errors are warnings to MkDocs so that `--strict` fails on them, with
            # the same `path:line: ...` text `pmkb lint` prints.
            (log.warning if problem.is_error else log.info)("%s", _logged(problem, project))

    def _site_stamp(
        self, files: Files, config: MkDocsConfig, model: SiteModel, taxonomy: Path
    ) -> int:
        """A digest of every input of the site other than the post-mortems (see preview.py)."""
        ours = {**model.catalog.by_rel_path, **model.catalog.broken}
        others = [f.abs_src_path for f in files if f.src_uri not in ours and f.abs_src_path]
        return preview.stamp(
            [*others, str(taxonomy), *preview.config_files(config), *preview.theme_files(config)],
            (repr(dict(self.config)), config.site_url),
        )

    def _assets(self, config: MkDocsConfig) -> list[File]:
        from pmkb_mkdocs.dashboard.dashboard_pages import CHART_LIBRARY, plotly_js

        assets = [
            File.generated(config, path, abs_src_path=str(ASSET_DIR / Path(path).name))
            for path in ASSETS.values()
        ]
        assets.append(File.generated(config, CHART_LIBRARY, abs_src_path=str(plotly_js())))
        return assets

    def _nav_entries(self) -> list[tuple[str, str]]:
        from pmkb.site_plan import FACTORS, HOME, INCIDENTS, SERVICES

        from pmkb_mkdocs.dashboard.dashboard_pages import DASHBOARD_NAV

        return [
            ("Home", HOME),
            ("Post-mortems", INCIDENTS),
            ("Factors", FACTORS),
            ("Services", SERVICES),
            *DASHBOARD_NAV.items(),
        ]

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        # Here rather than in on_files, which would hold up every page: the
        # files' text is most of the analytics' time and no page needs it.
        build = self._build
        if build is None:
            return None
        self._data_files(build)
        ledger = self._preview.ledger
        if ledger is not None:
            env.bytecode_cache = ledger.templates
        self._preview.env = env
        return env

    def _data_files(self, build: _Build) -> None:
        """Give each data file its text, in a preview only those whose content changed."""
        from pmkb_mkdocs.site_pages import SitePages

        ledger = self._preview.ledger
        for path, file in build.data_files.items():
            if ledger is not None and not file.is_modified():
                continue
            if ledger is not None and path in SitePages.DOWNLOADS and isinstance(file, KeyedFile):
                # No page shows them: written once the site is served (see preview.py).
                ledger.write_later(file, functools.partial(build.pages.data_file, path))
            else:
                file.content_string = build.pages.data_file(path)

    # --- pages -------------------------------------------------------------------
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self._preview.nav = nav
        if self._preview.ledger is not None and self._build is not None:
            pages = (f.page for f in files.documentation_pages() if f.page is not None)
            self._preview.ledger.recall(p for p in pages if _is_ordinary(p, self._build))
        return None

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self._build is not None:
            # The sitemap's dates come from the as-of date, not the clock, so the
            # same inputs and as_of give a byte-identical site.
            page.update_date = self._build.model.options.as_of.isoformat()
        return page

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        build = self._build
        if build is None:
            return None
        src_uri = page.file.src_uri
        if src_uri in build.generated:
            return ""
        src = _source_of(build, src_uri)
        if src is None:
            return None
        broken = build.model.catalog.broken.get(src_uri)
        if broken is not None and not broken.show_body:
            return ""
        # The loader has already split the frontmatter off: hand MkDocs the body
        # so that it does not parse the YAML a second time. The leading blank
        # line stops MkDocs from reading a first line such as "Note: ..." as
        # MultiMarkdown metadata and dropping it.
        return "\n" + src.body

    def on_page_markdown(
        self, markdown_text: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        build = self._build
        if build is None:
            return None
        src_uri = page.file.src_uri
        catalog = build.model.catalog
        spec = build.generated.get(src_uri)
        record = catalog.by_rel_path.get(src_uri)
        broken = catalog.broken.get(src_uri)
        # Titles are escaped here because themes write page titles unescaped.
        if spec is not None:
            page.meta.update(
                title=str(escape(spec.title)), hide=["navigation", "toc"], search={"exclude": True}
            )
        elif record is not None:
            # Other plugins see the frontmatter as MkDocs would have read it.
            page.meta.update(record.src.data or {})
            meta = record.meta
            page.meta.update(
                title=str(escape(f"{meta.id}: {meta.title}")),
                description=str(escape(meta.root_cause or meta.title)),
                hide=["navigation"],
            )
        elif broken is not None:
            page.meta.update(title=str(escape(f"Errors: {broken.title}")), search={"exclude": True})
        return None

    def _report_unrendered(self, page: Page, build: _Build) -> None:
        """Report what the render guard showed as text on ``page`` (see render_guard.py)."""
        found = self._guard.take(page.markdown) if self._guard and page.markdown else None
        if found is None:
            return
        src = _source_of(build, page.file.src_uri)
        problems = _unrendered_problems(found, src, page)
        for problem in problems:
            # Errors are warnings to MkDocs, so that `--strict` fails on them (as in _report).
            (log.warning if problem.is_error else log.info)(
                "%s", _logged(problem, build.project_dir)
            )
        if src is not None:
            build.unrendered[page.file.src_uri] = problems

    # Early, so that other plugins see the page as readers will and the
    # sanitiser never strips what they add.
    @event_priority(50)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        build = self._build
        if build is None:
            return None
        self._report_unrendered(page, build)
        content = self._page_content(html, page, build)
        if page.file.src_uri == build.last_searched and self._indexing():
            assert self._search is not None
            self._search.seal(config.site_dir)
        return content

    def _page_content(self, html: str, page: Page, build: _Build) -> str:
        src_uri = page.file.src_uri
        links = _PageLinks(build, page.url)
        spec = build.generated.get(src_uri)
        if spec is not None:
            return spec.render(links)
        catalog = build.model.catalog
        record = catalog.by_rel_path.get(src_uri)
        if record is not None:
            body = unsearched_permalinks(
                unsearched_times(_clean_body(html, src_uri, build.hidden)), build.permalink_class
            )
            headings = self._add_headings(page, build)
            article = build.pages.postmortem_article(
                record, _unrendered_notice(build, src_uri) + body, links, headings
            )
            # Up to the tables, which search leaves out: Pagefind parses all it is given.
            self._hand_to_search(page, article, TABLES_MARK, build)
            return article
        broken = catalog.broken.get(src_uri)
        if broken is not None:
            return self._broken_page(page, html, broken, build)
        # An ordinary page of the site may link to a hidden post-mortem too.
        html = unlink_hidden(html, src_uri, build.hidden)
        if not _searched(page, build):
            return html
        content = render(
            "searchable_page.html",
            title=page.title or "",
            titled_by_heading="<h1" in html,
            content=Markup(unsearched_permalinks(html, build.permalink_class)),
        )
        self._hand_to_search(page, content, None, build)
        return content

    def _indexing(self) -> bool:
        """Whether this build hands its pages to search as they come (not a preview's)."""
        return self._search is not None and not self._preview.active

    def _hand_to_search(self, page: Page, content: str, end: str | None, build: _Build) -> None:
        """Give search the page's content now, so that Pagefind reads it while MkDocs
        renders the rest of the site; its finished page is checked in on_post_page."""
        if not self._indexing():
            return
        assert self._search is not None
        build.handed[page.file.src_uri] = self._search.add_content(
            page.url, content, build.language, end
        )

    def _add_headings(self, page: Page, build: _Build) -> Headings:
        """The table of contents, cleaned, with the tables' headings at ids the body left free."""
        from pmkb_mkdocs.site_pages import Headings

        assert page.toc is not None
        _clean_toc(page.toc.items)
        taken = _ids(page.toc.items)
        actions_id = _free_id("action-items", taken)
        related_id = _free_id("related-incidents", taken | {actions_id})
        page.toc.items.append(AnchorLink("Action items", actions_id, 2))
        if build.model.options.related_count > 0:
            page.toc.items.append(AnchorLink("Related incidents", related_id, 2))
        return Headings(actions_id, related_id, build.permalink)

    def _broken_page(self, page: Page, html: str, broken: BrokenPostmortem, build: _Build) -> str:
        assert page.toc is not None
        _clean_toc(page.toc.items)
        src_uri = page.file.src_uri
        body = _unrendered_notice(build, src_uri) + _clean_body(html, src_uri, build.hidden)
        return build.pages.render_broken(broken, body if broken.show_body else None)

    # Last: only the finished page can tell that the article reached it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        build = self._build
        if build is None:
            return None
        if self._preview.ledger is not None:
            self._preview.ledger.wrote(page.file)
            if _is_ordinary(page, build):
                self._preview.ledger.remember(page)
        record = build.model.catalog.by_rel_path.get(page.file.src_uri)
        handed = build.handed.pop(page.file.src_uri, None)
        if handed is not None and not reads_as_handed(output, handed):
            assert self._search is not None
            self._search.distrust(
                f"the finished page {page.file.src_uri} is not what search read of its "
                "content (a theme or another plugin changed it)"
            )
        if record is not None and not _has_article(output, record.meta.id):
            # A theme that does not write the content, or a plugin that dropped
            # it: readers would get a page without its facts and tables.
            log.warning(
                "%s: the finished page of %s lacks its post-mortem article (facts, body, "
                "action items): a theme override or another plugin removed it",
                page.file.src_uri,
                record.meta.id,
            )
        return None

    # --- end of build -------------------------------------------------------------------
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._preview.collector is None:
            gc.unfreeze()
        self._write_search_index(config.site_dir)
        self._drop_previous()
        if self._preview.ledger is not None and self._build is not None:
            gone = self._preview.ledger.finish(self._build.files, config.site_dir)
            for dest_uri in gone:
                log.debug("removed %s: nothing builds it any more", dest_uri)
            self._preview.ledger.start_writing(config.site_dir)
        kept = self._preview
        if kept.ledger is not None and kept.nav is not None and kept.env is not None:
            kept.built = _Built(config, kept.nav, kept.env)
        if kept.collector is not None:
            kept.collector.built()
        if not kept.active:
            self._release()

    def _release(self) -> None:
        """Let go of a one-off build's corpus, analytics and pages. MkDocs keeps its
        plugins alive until Python exits (in the class of its configuration), so
        without this the whole build stayed in memory after it ended, and Python's
        collector went through all of it again while exiting."""
        self._build = None
        self._search = None
        self._preview = _Preview()

    def on_build_error(self, *, error: Exception) -> None:
        if self._preview.collector is None:
            gc.unfreeze()
        else:
            self._preview.collector.built()
        self._preview.built = None
        if self._search is not None:
            self._search.cancel()
        self._drop_previous()
        if self._preview.ledger is not None:
            self._preview.ledger.stop_writing()

    def wait_for_background_writes(self) -> None:
        """Return once the last build's search index and downloads are written (under
        `mkdocs serve`, they are written in the background after the site is served)."""
        if self._preview.ledger is not None:
            self._preview.ledger.wait_for_writes()
        if self._search is not None:
            self._search.wait()

    def _write_search_index(self, site_dir: str) -> None:
        search, build = self._search, self._build
        if search is None or build is None:
            return
        if self._preview.active:
            # A preview builds some pages only: the index reads every searched
            # page back from the site, in the background.
            for file in build.files.documentation_pages():
                if file.page is not None and _searched(file.page, build):
                    search.add_page(file.page.url, "")
        try:
            report = search.finish(site_dir)
        except SearchIndexError as error:
            # An error, so that a strict build fails: search must never vanish unnoticed.
            log.error("%s", error)
            return
        if report is not None:
            log.info(
                "search index: %d pages by Pagefind %s, written %.1f s after the last page (%s)",
                report.pages,
                engine_version(Path(site_dir)),
                report.seconds,
                report.fallback_reason or report.mode,
            )


def _is_ordinary(page: Page, build: _Build) -> bool:
    """A page of the corpus' own (the guide): neither generated nor a post-mortem."""
    src_uri = page.file.src_uri
    catalog = build.model.catalog
    return not (
        src_uri in build.generated or src_uri in catalog.by_rel_path or src_uri in catalog.broken
    )


def _searched(page: Page, build: _Build) -> bool:
    """Whether search indexes ``page``: post-mortems and the corpus' own pages, unless
    their frontmatter says ``search: {exclude: true}`` (Material's convention)."""
    if page.file.src_uri in build.model.catalog.by_rel_path:
        return True
    if not _is_ordinary(page, build):
        return False
    search = page.meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude"))


def _last_searched(files: Files, model: SiteModel, generated: Mapping[str, object]) -> str | None:
    """The src_uri of the last page search may index, in MkDocs' order of building."""
    last = None
    for file in files.documentation_pages():
        src_uri = file.src_uri
        if src_uri not in generated and src_uri not in model.catalog.broken:
            last = src_uri
    return last


#: The article mark and its id, quoted or (minified) not. One pattern for every
#: page: a pattern per id would be compiled again for each of thousands of pages.
_ARTICLE = re.compile(re.escape(ARTICLE_MARK) + r"""["']?([^"'\s>]+)""")


def _has_article(output: str, pm_id: str) -> bool:
    """Whether ``output`` holds the article of ``pm_id``."""
    return any(found == pm_id for found in _ARTICLE.findall(output))


def _left_out(rel: str, config: MkDocsConfig) -> bool:
    """Whether MkDocs leaves the path ``rel`` of docs_dir out of the site whatever it
    holds: a dot file or one in a dot folder (its default ``exclude_docs``), when the
    configuration adds no pattern that might bring it back."""
    return config.exclude_docs is None and any(p.startswith(".") for p in rel.split("/"))


def _same_pages(build: _Build, model: SiteModel, pages: SitePages) -> bool:
    """Whether ``model`` and ``pages`` make the last build's post-mortem pages at the
    same places, and its navigation with the same pages and titles.

    Generated pages outside the navigation may come, go or change title (a
    cluster's, when the clusters change; a service's, when a post-mortem names a
    new one): :func:`site_files.regenerated` places them.
    """
    old, new = build.model.catalog, model.catalog

    def navigation(specs: Iterable[PageSpec]) -> dict[str, str]:
        # A page of ours that a file of the corpus stands in for (its home page) is in neither.
        return {
            s.src_uri: s.title
            for s in specs
            if s.in_nav
            and (s.src_uri in build.generated or build.files.get_file_from_path(s.src_uri) is None)
        }

    return (
        {rel: r.meta.id for rel, r in old.by_rel_path.items()}
        == {rel: r.meta.id for rel, r in new.by_rel_path.items()}
        and {rel: b.id for rel, b in old.broken.items()}
        == {rel: b.id for rel, b in new.broken.items()}
        and old.hidden == new.hidden
        and old.hidden_ids == new.hidden_ids
        and navigation(build.generated.values()) == navigation(pages.specs)
    )


def _source_of(build: _Build, src_uri: str) -> SourceFile | None:
    """The source file of a post-mortem page, valid or broken."""
    if src_uri in build.bodies:
        return build.bodies[src_uri]
    catalog = build.model.catalog
    record: Record | None = catalog.by_rel_path.get(src_uri)
    if record is not None:
        return record.src
    broken = catalog.broken.get(src_uri)
    return broken.src if broken is not None else None


def _load_taxonomy(path: Path, project: Path) -> Taxonomy:
    if not path.is_file():
        raise PluginError(
            f"taxonomy file {display_path(path)} not found: add one to docs_dir or set "
            "`taxonomy` under the postmortems plugin in mkdocs.yml"
        )
    taxonomy, problems = load_taxonomy(path, display_path(path, project))
    for problem in problems:
        (log.warning if problem.is_error else log.info)("%s", _logged(problem, project))
    return taxonomy


def _permalink(config: MkDocsConfig) -> str | None:
    """The mark the ``toc`` extension puts after headings, if any."""
    permalink = config.mdx_configs.get("toc", {}).get("permalink")
    if not permalink:
        return None
    return "¶" if permalink is True else str(permalink)


def _permalink_class(config: MkDocsConfig) -> str:
    """The class of the link the ``toc`` extension puts after headings."""
    return str(config.mdx_configs.get("toc", {}).get("permalink_class", "headerlink"))


def _project_dir(config: MkDocsConfig) -> Path:
    if config.config_file_path:
        return Path(config.config_file_path).absolute().parent
    return Path.cwd()


def _warn_duplicate_keys(config: MkDocsConfig) -> None:
    """Name each key written twice in ``mkdocs.yml``, of which MkDocs keeps the last without
    a word; a warning, so that `--strict` (CI's build) fails on it as `pmkb` commands do."""
    if not config.config_file_path:
        return
    path = Path(config.config_file_path)
    try:
        text = config_text(path.read_bytes())
    except (OSError, UnicodeDecodeError):
        return  # MkDocs read it already; it would have said
    for line, message in duplicate_keys(text):
        log.warning("%s:%d: %s", display_path(path), line, message)


def _logged(problem: Problem, project: Path) -> str:
    """``problem`` with its path relative to the working directory, as `pmkb lint` writes it."""
    path = Path(problem.path)
    path = path if path.is_absolute() else project / path
    return dataclasses.replace(problem, path=display_path(path)).format()


def _clean_body(html: str, src_uri: str, hidden: HiddenTargets) -> str:
    # Unlinked after cleaning, in the sanitiser's regular HTML, which no author's quoting can fool.
    return unlink_hidden(demote_h1(clean_html(html)), src_uri, hidden)


def _unrendered_problems(found: Unrendered, src: SourceFile | None, page: Page) -> list[Problem]:
    """The problems of what the render guard showed as text on ``page``, by file line."""
    if src is not None:
        path = src.path
        # MkDocs drops the blank lines that start the source we hand it (see on_page_read_source).
        first = src.body_line + len(src.body) - len(src.body.lstrip("\n"))
    else:
        # A page of the site's own: its lines after the metadata MkDocs took off.
        path = page.file.abs_src_path or page.file.src_uri
        try:
            whole = Path(path).read_text(encoding="utf-8-sig").count("\n")
        except (OSError, UnicodeDecodeError):
            whole = 0
        first = 1 + max(whole - (page.markdown or "").count("\n"), 0)
    problems = [
        Problem(
            path,
            first + line,
            "body",
            "body.too-deep",
            "error",
            "Markdown nested too deeply for the renderer; this block is shown as plain text: "
            "flatten its lists, quotes or emphasis",
        )
        for line in found.too_deep
    ]
    # Each rule's blocks, in the order the guard found them: a message for each of the first few.
    groups: tuple[tuple[str, list[tuple[int, str]]], ...] = (
        ("body.unclosed-brackets", [(line, _slow_message(t)) for line, t in found.slow]),
        ("body.slow-inline", [(line, _slow_inline_message(t)) for line, t in found.slow_inline]),
        ("body.unclosed-tags", [(line, _slow_markup_message(b)) for line, b in found.slow_markup]),
        (
            "body.too-many-fences",
            [(line, _slow_fences_message(b)) for line, b in found.slow_fences],
        ),
        ("body.slow-blocks", [(line, _slow_blocks_message(b)) for line, b in found.slow_blocks]),
    )
    for rule, of_rule in groups:
        reported = [
            Problem(path, first + line, "body", rule, "warning", message)
            for line, message in of_rule[:_SLOW_REPORTED]
        ]
        if len(of_rule) > len(reported):
            more = len(of_rule) - len(reported)
            reported[-1] = dataclasses.replace(
                reported[-1], message=f"{reported[-1].message} ({more} more such blocks below)"
            )
        problems += reported
    return sorted(problems, key=lambda p: p.line)


#: A body of thousands of such blocks is one mistake: the first few are named.
_SLOW_REPORTED = 10


def _slow_message(slow: SlowText) -> str:
    what = _lines_of(slow.text)
    return (
        f"{what} with {slow.brackets} '[' ({slow.unclosed} never closed) would take the "
        "renderer minutes to read for links; shown as plain text: fence a pasted log "
        "in ``` so that it is shown as written"
    )


def _lines_of(text: str) -> str:
    """How many lines ``text`` holds, as a message names them: "a line", "3 lines"."""
    lines = text.count("\n") + 1
    return f"{lines} lines" if lines > 1 else "a line"


def _slow_inline_message(slow: SlowInline) -> str:
    what = _lines_of(slow.text)
    seen = [
        f"{slow.ticks} runs of '`' that open code spans never closed" if slow.ticks else "",
        f"{slow.targets} link targets '](' never closed" if slow.targets else "",
        f"up to {slow.elements} inline elements" if slow.elements else "",
    ]
    return (
        f"{what} with {', '.join(s for s in seen if s)} would take the renderer minutes "
        "to read; shown as plain text: fence a pasted log or chat in ``` so that it is "
        "shown as written"
    )


def _slow_blocks_message(block: Block) -> str:
    what = _lines_of(block.text)
    return (
        f"{what} whose headings, rules, notes ('!!!', '???') or quotes follow each other "
        "without blank lines, or nest deeply, would take the renderer minutes to "
        "lay out; shown as plain text: put a blank line between them, or fence a pasted "
        "text in ``` so that it is shown as written"
    )


def _slow_fences_message(slow: SlowFences) -> str:
    what = _lines_of(slow.text)
    return (
        f"{what} with {slow.fences} lines opening or closing fenced blocks, past the "
        f"{FENCED_BLOCKS} fenced blocks a page may hold, would take the renderer minutes "
        "to highlight; shown as plain text: split the page or join its fenced blocks"
    )


def _slow_markup_message(slow: SlowMarkup) -> str:
    what = _lines_of(slow.text)
    return (
        f"{what} with {slow.opened} '<' that open HTML tags never closed would take the "
        "renderer minutes to read; shown as plain text: fence a pasted log or page in ``` "
        "so that it is shown as written"
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
