"""MkDocs' files for one build: post-mortems at their ids' URLs, nothing unvetted, our pages added.

Each function takes the files MkDocs found and the build's
:class:`~pmkb.site_plan.SiteModel`, and returns what MkDocs should build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import nest_paths
from pmkb.loader import display_path
from pmkb.site_plan import FACTORS, HOME, INCIDENTS, SERVICES, SiteModel

from pmkb_mkdocs import urls
from pmkb_mkdocs.hidden_links import HIDDEN
from pmkb_mkdocs.preview import KeyedFile, keyed_copy
from pmkb_mkdocs.unvetted import unvetted

log = get_plugin_logger(__name__)


def without_unvetted(files: Files, docs_dir: str, model: SiteModel) -> Files:
    """``files`` without what the loader did not read and MkDocs would publish (see unvetted.py)."""
    catalog = model.catalog
    docs_dir = os.path.abspath(docs_dir)
    from_docs = [
        f for f in files if f.src_dir is not None and os.path.abspath(f.src_dir) == docs_dir
    ]
    read = set(catalog.by_rel_path) | set(catalog.broken) | catalog.hidden
    left_out = set(
        unvetted(((f.src_uri, f.is_documentation_page()) for f in from_docs), docs_dir, read)
    )
    for file in from_docs:
        if file.src_uri in left_out:
            log.info("%s: left out of the site: not a post-mortem the loader read", file.src_uri)
            files.remove(file)
    return files


def placed_postmortems(files: Files, model: SiteModel, taxonomy_path: Path) -> Files:
    """``files`` with each post-mortem at its id's URL and out of the navigation, a hidden
    one excluded, and the taxonomy file (source, not content) left out."""
    catalog = model.catalog
    taxonomy_file = os.path.abspath(taxonomy_path)
    placed: list[File] = []
    for file in files:
        rel = file.src_uri
        if rel in catalog.hidden:
            # Kept, excluded and renamed, so that a link to it from a visible
            # page resolves without a warning and can be unwrapped (see
            # hidden_links.py) without naming the hidden file.
            placed.append(_moved(file, f"{HIDDEN}/{len(placed)}.html", InclusionLevel.EXCLUDED))
        elif (record := catalog.by_rel_path.get(rel)) is not None:
            dest: str | None = urls.incident_dest(record.meta.id, file.use_directory_urls)
            placed.append(_moved(file, dest, InclusionLevel.NOT_IN_NAV))
        elif (broken := catalog.broken.get(rel)) is not None:
            # While its author fixes it, a broken post-mortem stays where the
            # preview showed it, at its id's URL, when its id can be read.
            dest = urls.incident_dest(broken.id, file.use_directory_urls) if broken.id else None
            placed.append(_moved(file, dest, InclusionLevel.NOT_IN_NAV))
        elif file.abs_src_path and os.path.abspath(file.abs_src_path) == taxonomy_file:
            continue
        else:
            placed.append(file)
    return Files(placed)


def readable_pages(files: Files, model: SiteModel) -> Files:
    """``files`` with each ordinary Markdown page that is not UTF-8 given a notice
    instead of its text, and named in the log with the line of its first bad byte.

    MkDocs would stop the whole build on such a page with a traceback; a
    post-mortem is read by the loader, which reports it, and is not read here.
    """
    catalog = model.catalog
    ours = set(catalog.by_rel_path) | set(catalog.broken) | catalog.hidden
    for file in files.documentation_pages():
        if file.src_uri in ours or not file.abs_src_path:
            continue
        try:
            raw = Path(file.abs_src_path).read_bytes()
            raw.decode("utf-8-sig")
        except OSError as exc:
            line, why = 1, f"cannot read the page: {exc.strerror or exc}"
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            why = f"byte 0x{raw[exc.start]:02x} is not UTF-8; re-save the file as UTF-8"
        else:
            continue
        # A warning, so that `--strict` fails; the rest of the site is still built.
        log.warning(
            "%s:%d: error file.encoding: %s", display_path(Path(file.abs_src_path)), line, why
        )
        file.content_string = (
            "# This page could not be read\n\n"
            f"Line {line} of its file: {why}. The site was built without it.\n"
        )
    return files


def _moved(file: File, dest_uri: str | None, inclusion: InclusionLevel) -> File:
    moved = keyed_copy(file, dest_uri=dest_uri)
    moved.inclusion = inclusion
    return moved


def add_generated(
    files: Files, config: MkDocsConfig, pages: Iterable[tuple[str, bool]]
) -> dict[str, File]:
    """Add a generated page for each ``(src_uri, in_nav)``; returns them by ``src_uri``.

    A file of ``docs_dir`` at the same path gives way, with a warning, except a
    home page of the corpus' own, which wins over ours (then it is not returned).
    """
    # Files left out of the site (exclude_docs, hidden post-mortems) take no place.
    taken = {f.dest_uri: f.src_uri for f in files if not f.inclusion.is_excluded()}
    added: dict[str, File] = {}
    for src_uri, in_nav in pages:
        existing = files.get_file_from_path(src_uri)
        if existing is not None and existing.inclusion.is_excluded():
            files.remove(existing)
        elif existing is not None:
            if src_uri == HOME:
                log.info("using %s from docs_dir as the home page", src_uri)
                continue
            log.warning(
                "%s: the postmortems plugin generates this page; rename the file",
                display_path(Path(existing.abs_src_path or src_uri)),
            )
            files.remove(existing)
        inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
        file = KeyedFile.generated(config, src_uri, content="", inclusion=inclusion)
        if file.dest_uri in taken:
            log.warning(
                "%s is written to %s, where the postmortems plugin writes %s; rename it",
                taken[file.dest_uri],
                file.dest_uri,
                src_uri,
            )
        files.append(file)
        added[src_uri] = file
    return added


def regenerated(
    files: Files,
    generated: Iterable[str],
    pages: Iterable[tuple[str, bool]],
    config: MkDocsConfig,
) -> tuple[Files, dict[str, File]] | None:
    """``files`` with the generated pages ``pages`` (``(src_uri, in_nav)``) in place of
    the ones at ``generated``, where :func:`add_generated` would have put them.

    For an edit that adds or removes pages outside the navigation (a cluster's, a
    service's): the pages kept keep their files, a new page gets a new one (no
    :class:`~mkdocs.structure.pages.Page` yet). Returns the files and the generated
    ones by ``src_uri``; None when :func:`add_generated` would do more than add,
    keep or drop a page (a file of docs_dir in its way, a page new to the
    navigation), so that a build of the whole site does it and warns.
    """
    listed = list(files)
    before = set(generated)
    places = [i for i, f in enumerate(listed) if f.src_uri in before]
    # add_generated appends them together: anything between them would move.
    if not places or places[-1] - places[0] + 1 != len(places):
        return None
    first, last = places[0], places[-1]
    others = listed[:first] + listed[last + 1 :]
    srcs = {f.src_uri: f for f in others}
    taken = {f.dest_uri for f in others if not f.inclusion.is_excluded()}
    kept = {f.src_uri: f for f in listed[first : last + 1]}
    made: dict[str, File] = {}
    for src_uri, in_nav in pages:
        file = kept.get(src_uri)
        if file is None:
            existing = srcs.get(src_uri)
            if existing is not None and src_uri == HOME and not existing.inclusion.is_excluded():
                continue  # the corpus' own home page, as in add_generated
            if existing is not None or in_nav:
                return None
            file = KeyedFile.generated(
                config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV
            )
            if file.dest_uri in taken:
                return None
        made[src_uri] = file
    return Files([*listed[:first], *made.values(), *listed[last + 1 :]]), made


def navigation(files: Files, ours: Iterable[tuple[str, str]]) -> list[object]:
    """Our pages ``(title, src_uri)`` first, then the corpus' own pages: never the post-mortems."""
    ours = list(ours)
    taken = {src for _, src in ours} | {HOME, INCIDENTS, FACTORS, SERVICES}
    ordinary = sorted(
        f.src_uri
        for f in files.documentation_pages()
        if f.inclusion.is_in_nav() and f.src_uri not in taken and f.generated_by is None
    )
    return [*({title: src} for title, src in ours), *nest_paths(ordinary)]
