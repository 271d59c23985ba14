"""What one build of the site shows: the post-mortems its audience may read, indexed.

Built once per build from the loader's :class:`~pmkb.loader.Corpus`; every
page is rendered from it. Nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from pmkb.loader import Corpus, Record
from pmkb.model import Status, Visibility
from pmkb.problems import Problem
from pmkb.source import SourceFile
from pmkb.taxonomy import Taxonomy


@dataclass(frozen=True)
class BrokenPostmortem:
    """A file with errors, shown in a lenient build under a banner instead of dropped."""

    rel_path: str
    src: SourceFile
    problems: list[Problem]
    #: False when the file's visibility cannot be read: then only its problems
    #: are shown, never its text, so a broken restricted report cannot leak.
    show_body: bool
    #: False when the file gets no page (one reached through a symbolic link).
    has_page: bool = True

    @property
    def title(self) -> str:
        # The file's path, never its frontmatter's title: nothing of a file
        # that failed validation reaches a template unchecked (it could be
        # 900,000 characters long, or a restricted report's words).
        return self.rel_path


@dataclass
class Catalog:
    taxonomy: Taxonomy
    as_of: dt.date
    audience: Visibility
    #: Post-mortems this audience may read, oldest first.
    records: list[Record]
    #: Relative paths of post-mortems left out of this build (no trace at all).
    hidden: set[str]
    broken: dict[str, BrokenPostmortem]
    #: Ids of post-mortems left out of this build, as links to them name them.
    hidden_ids: set[str] = field(default_factory=set)
    by_id: dict[str, Record] = field(init=False)
    by_rel_path: dict[str, Record] = field(init=False)
    by_factor: dict[str, list[Record]] = field(init=False)
    by_service: dict[str, list[Record]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {r.meta.id: r for r in self.records}
        self.by_rel_path = {r.rel_path: r for r in self.records}
        by_factor: dict[str, list[Record]] = {tag: [] for tag in sorted(self.taxonomy.factors)}
        by_service: dict[str, list[Record]] = defaultdict(list)
        for record in self.newest_first:
            for tag in dict.fromkeys(record.meta.contributing_factors):
                by_factor.setdefault(tag, []).append(record)
            for service in dict.fromkeys(record.meta.services):
                by_service[service].append(record)
        self.by_factor = by_factor
        self.by_service = dict(sorted(by_service.items()))

    @property
    def newest_first(self) -> list[Record]:
        return sorted(self.records, key=lambda r: (r.meta.started_utc, r.meta.id), reverse=True)


def _visible(visibility: object, audience: Visibility) -> bool | None:
    """True or False when ``visibility`` is a known value; None when it cannot be read."""
    if visibility is None:
        visibility = Visibility.INTERNAL.value
    try:
        return Visibility(visibility).rank <= audience.rank
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


def _vocabulary(taxonomy: Taxonomy, shown: list[object], hidden: list[object]) -> Taxonomy:
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


def _without_names(problems: list[Problem], hidden: set[str]) -> list[Problem]:
    """``problems`` with the paths of hidden files in their messages replaced.

    A visible file that reuses a hidden one's id is told the id is taken, not by
    which file: that file's name is as much a trace as its title.
    """
    if not hidden or not any(path in p.message for p in problems for path in hidden):
        return problems
    out = []
    for problem in problems:
        message = problem.message
        for path in hidden:
            message = message.replace(path, "a post-mortem this site does not show")
        out.append(dataclasses.replace(problem, message=message))
    return out


def build_catalog(
    corpus: Corpus,
    *,
    audience: Visibility,
    as_of: dt.date,
    drafts: bool = True,
) -> Catalog:
    """Filter ``corpus`` for ``audience`` and index it for the pages of one build."""
    shown: list[Record] = []
    hidden: set[str] = set()
    for record in corpus.records:
        allowed = record.meta.visibility.rank <= audience.rank
        if allowed and (drafts or record.meta.status is not Status.DRAFT):
            shown.append(record)
        else:
            hidden.add(record.rel_path)

    broken: dict[str, BrokenPostmortem] = {}
    for rel_path, src in sorted(corpus.broken.items()):
        data = src.data if isinstance(src.data, dict) else None
        visible = _visible(data.get("visibility") if data else None, audience) if data else None
        if visible is False:
            hidden.add(rel_path)
            continue
        problems = [p for p in corpus.problems if p.path == src.path]
        broken[rel_path] = BrokenPostmortem(rel_path, src, problems, show_body=bool(visible))

    hidden_shown = {r.path for r in corpus.records if r.rel_path in hidden}
    hidden_shown |= {src.path for rel, src in corpus.broken.items() if rel in hidden}
    for rel_path, entry in broken.items():
        problems = _without_names(entry.problems, hidden_shown)
        if problems is not entry.problems:
            broken[rel_path] = dataclasses.replace(entry, problems=problems)
    hidden_data = [r.src.data for r in corpus.records if r.rel_path in hidden]
    hidden_data += [src.data for rel, src in corpus.broken.items() if rel in hidden]
    taxonomy = _vocabulary(corpus.taxonomy, [r.src.data for r in shown], hidden_data)
    catalog = Catalog(taxonomy, as_of, audience, shown, hidden, broken)
    catalog.hidden_ids = {r.meta.id for r in corpus.records if r.rel_path in hidden}
    catalog.hidden_ids |= {
        data["id"]
        for data in hidden_data
        if isinstance(data, dict) and isinstance(data.get("id"), str)
    }
    return catalog
