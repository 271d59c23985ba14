"""What one audience may see of a corpus, indexed for the pages of a site.

The audience rule itself is :meth:`pmkb.model.Visibility.readable_by`; this is
where a site applies it, once, to every post-mortem, every broken file and the
vocabulary of factors. Nothing that is left out here reaches a page, a figure,
a graph or an export of that site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pmkb.loader import Corpus, Record
from pmkb.model import Status, Visibility
from pmkb.problems import Problem
from pmkb.source import SourceFile
from pmkb.taxonomy import Taxonomy

_ID = re.compile(r"^PM-\d{4}-\d{3,}$")


@dataclass(frozen=True)
class BrokenPostmortem:
    """A file with errors, shown in a lenient build under a banner instead of dropped."""

    rel_path: str
    src: SourceFile
    problems: tuple[Problem, ...]
    #: False when the file's visibility cannot be read: then only its problems
    #: are shown, never its text, so a broken restricted report cannot leak.
    show_body: bool
    #: False for a file the loader refused to read (a symbolic link): no page.
    has_page: bool
    #: The id its frontmatter declares, when it can be read and no shown
    #: post-mortem holds it: the page stays at the id's URL while its author
    #: fixes it, instead of moving to the file's URL.
    id: str | None

    @property
    def title(self) -> str:
        # The file's path, never its frontmatter's title: nothing of a file
        # that failed validation reaches a template unchecked (it could be
        # 900,000 characters long, or a restricted report's words).
        return self.rel_path


@dataclass(frozen=True)
class Catalog:
    """The post-mortems one audience may read, and the indexes the pages need."""

    taxonomy: Taxonomy
    as_of: dt.date
    audience: Visibility
    #: Shown post-mortems, oldest first (start time, then id).
    records: tuple[Record, ...]
    #: The same, newest first.
    newest_first: tuple[Record, ...]
    #: Relative paths of post-mortems left out of this build (no trace at all).
    hidden: frozenset[str]
    #: Ids of post-mortems left out of this build, as links to them name them.
    hidden_ids: frozenset[str]
    broken: Mapping[str, BrokenPostmortem]
    by_id: Mapping[str, Record]
    by_rel_path: Mapping[str, Record]
    #: Every factor of the vocabulary (sorted), then any other cited, with its
    #: post-mortems newest first.
    by_factor: Mapping[str, tuple[Record, ...]]
    #: Every cited service, sorted, with its post-mortems newest first.
    by_service: Mapping[str, tuple[Record, ...]]


def _readable(visibility: object, audience: Visibility) -> bool | None:
    """True or False when ``visibility`` is a known value; None when it cannot be read."""
    if visibility is None:
        visibility = Visibility.INTERNAL.value
    try:
        return Visibility(visibility).readable_by(audience)
    except (ValueError, TypeError):
        return None


def _factors_named(data: object) -> set[str]:
    """Tags a post-mortem's frontmatter names, as factors or as what an action addresses.

    Read from the raw mapping, checked or not: a hidden file may be broken.
    """
    if not isinstance(data, dict):
        return set()
    lists = [data.get("contributing_factors")]
    items = data.get("action_items")
    if isinstance(items, list):
        lists += [item.get("addresses") for item in items if isinstance(item, dict)]
    return {tag for tags in lists if isinstance(tags, list) for tag in tags if isinstance(tag, str)}


def _vocabulary(taxonomy: Taxonomy, shown: Iterable[object], hidden: Iterable[object]) -> Taxonomy:
    """``taxonomy`` without the factors that only hidden post-mortems name.

    A factor added to the vocabulary for one restricted incident would name
    that incident on every factor list; factors nobody cites yet stay listed.
    """
    named_by_shown = set().union(*map(_factors_named, shown))
    only_hidden = set().union(*map(_factors_named, hidden)) - named_by_shown
    if not only_hidden & set(taxonomy.factors):
        return taxonomy
    factors = {tag: f for tag, f in taxonomy.factors.items() if tag not in only_hidden}
    return Taxonomy(factors, path=taxonomy.path)


def _without_names(problems: list[Problem], hidden_paths: set[str]) -> tuple[Problem, ...]:
    """``problems`` with the paths of hidden files in their messages replaced.

    A visible file that reuses a hidden one's id is told the id is taken, not by
    which file: that file's name is as much a trace as its title.
    """
    out = []
    for problem in problems:
        message = problem.message
        for path in hidden_paths:
            if path in message:
                # With the line of its id, if given: `2025/x.md:2`.
                message = re.sub(
                    re.escape(path) + r"(?::\d+)?", "a post-mortem this site does not show", message
                )
        out.append(
            problem if message == problem.message else dataclasses.replace(problem, message=message)
        )
    return tuple(out)


def _declared_id(data: Mapping[str, object] | None) -> str | None:
    value = data.get("id") if data is not None else None
    return value if isinstance(value, str) and _ID.match(value) else None


def build_catalog(
    corpus: Corpus,
    *,
    audience: Visibility,
    as_of: dt.date,
    drafts: bool = True,
) -> Catalog:
    """Filter ``corpus`` for ``audience`` and index it for the pages of one build.

    ``drafts=False`` leaves drafts out as completely as a hidden post-mortem.
    """
    shown: list[Record] = []
    hidden: set[str] = set()
    for record in corpus.records:
        readable = record.meta.visibility.readable_by(audience)
        if readable and (drafts or record.meta.status is not Status.DRAFT):
            shown.append(record)
        else:
            hidden.add(record.rel_path)

    problems_by_path: dict[str, list[Problem]] = defaultdict(list)
    for problem in corpus.problems:
        problems_by_path[problem.path].append(problem)
    visible_broken: dict[str, tuple[SourceFile, bool]] = {}
    for rel_path, src in sorted(corpus.broken.items()):
        data = src.data if isinstance(src.data, dict) else None
        known = _readable(data.get("visibility"), audience) if data is not None else None
        if known is False or (known is None and audience is Visibility.PUBLIC):
            # A public site is read outside the organisation: a file whose visibility
            # cannot be read may be restricted, and its name alone may say too much.
            hidden.add(rel_path)
        else:
            visible_broken[rel_path] = (src, bool(known))

    hidden_paths = {r.path for r in corpus.records if r.rel_path in hidden}
    hidden_paths |= {src.path for rel, src in corpus.broken.items() if rel in hidden}
    hidden_data = [r.src.data for r in corpus.records if r.rel_path in hidden]
    hidden_data += [src.data for rel, src in corpus.broken.items() if rel in hidden]
    hidden_ids = {r.meta.id for r in corpus.records if r.rel_path in hidden}
    hidden_ids |= {pm_id for data in hidden_data if (pm_id := _declared_id(data)) is not None}

    shown_ids = {r.meta.id for r in shown}
    taken_ids = shown_ids | hidden_ids
    broken: dict[str, BrokenPostmortem] = {}
    for rel_path, (src, show_body) in visible_broken.items():
        problems = problems_by_path.get(src.path, [])
        pm_id = _declared_id(src.data) if show_body else None
        if pm_id is not None and (
            pm_id in taken_ids or any(p.rule == "id.duplicate" for p in problems)
        ):
            # A duplicate keeps its file's URL; the id's belongs to the file that keeps
            # the id, broken or not (see checks.id_precedence).
            pm_id = None
        if pm_id is not None:
            taken_ids.add(pm_id)
        broken[rel_path] = BrokenPostmortem(
            rel_path=rel_path,
            src=src,
            problems=_without_names(problems, hidden_paths),
            show_body=show_body,
            has_page=not any(p.rule == "file.symlink" for p in problems),
            id=pm_id,
        )

    newest_first = sorted(shown, key=lambda r: (r.meta.started_utc, r.meta.id), reverse=True)
    taxonomy = _vocabulary(corpus.taxonomy, [r.src.data for r in shown], hidden_data)
    by_factor: dict[str, list[Record]] = {tag: [] for tag in sorted(taxonomy.factors)}
    by_service: dict[str, list[Record]] = defaultdict(list)
    for record in newest_first:
        # A factor or service marked TODO is a placeholder: no page lists it as cited.
        for tag in dict.fromkeys(record.confirmed("contributing_factors")):
            by_factor.setdefault(tag, []).append(record)
        for service in dict.fromkeys(record.confirmed("services")):
            by_service[service].append(record)
    return Catalog(
        taxonomy=taxonomy,
        as_of=as_of,
        audience=audience,
        records=tuple(shown),
        newest_first=tuple(newest_first),
        hidden=frozenset(hidden),
        hidden_ids=frozenset(hidden_ids),
        broken=MappingProxyType(broken),
        by_id=MappingProxyType({r.meta.id: r for r in shown}),
        by_rel_path=MappingProxyType({r.rel_path: r for r in shown}),
        by_factor=MappingProxyType({tag: tuple(rs) for tag, rs in by_factor.items()}),
        by_service=MappingProxyType({s: tuple(by_service[s]) for s in sorted(by_service)}),
    )
