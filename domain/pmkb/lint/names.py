"""Service and team names that look like one name written two ways.

Services and teams are free names: the dashboard's recurrence, the service
pages and related incidents count incidents by the name as written, so
``checkout`` and ``checkout-service`` split one service's incidents in two.

Two names are taken for one when they are the same once case, ``_``, spaces
and ``-`` are ignored and a suffix that only says what kind of thing the name
is (``-service``, ``-svc``, ``-srv`` for a service, ``-team`` for a team) is
dropped; or when they differ in one word only, a word of at least
:data:`MIN_WORD` letters that :mod:`difflib` finds at least :data:`CUTOFF`
alike (``notification``, ``notifications``: a plural or a slipped letter).
A word swapped for another is another name, however long the rest:
``orders-db`` and ``orders-api``, ``edge-cdn-cache`` and ``edge-dns-cache``,
``eu-west-1`` and ``eu-west-2``; so are ``-api``, ``-db`` or ``-worker``
beside the bare name, since they name a part of a system.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: The frontmatter keys whose values are compared, each with its own names.
KEYS = ("services", "teams")

#: Suffixes that add nothing to a name of that kind: dropped before comparing.
KIND_SUFFIXES: dict[str, tuple[str, ...]] = {
    "services": ("service", "svc", "srv"),
    "teams": ("team",),
}

#: How alike the one word two names differ in must be (difflib's ratio).
CUTOFF = 0.9
#: Shorter words are only matched exactly: one letter tells ``auth`` from
#: ``oauth`` and ``api`` from ``app``.
MIN_WORD = 5

_SEPARATORS = re.compile(r"[\s_\-]+")
_NUMBERS = re.compile(r"\d+")


def words(name: str, key: str) -> list[str]:
    """The words of ``name`` as they are compared: lower case, without a kind suffix."""
    found = [w for w in _SEPARATORS.split(name.strip().lower()) if w]
    if len(found) > 1 and found[-1] in KIND_SUFFIXES.get(key, ()):
        found.pop()
    return found


def comparable(name: str, key: str) -> str:
    """``name`` as it is compared whole: its words, joined."""
    return "".join(words(name, key))


@dataclass
class _Forms:
    """One key's names, by their joined words and by their words less one."""

    joined: dict[str, list[str]] = field(default_factory=dict)
    #: (position, the other words) -> the word at that position -> names.
    but_one: dict[tuple[int, tuple[str, ...]], dict[str, list[str]]] = field(default_factory=dict)


class NameIndex:
    """How many post-mortems use each service and team name, and which names are near."""

    def __init__(self, uses: Mapping[str, Counter[str]], distinct: Iterable[str] = ()) -> None:
        self.uses = {key: uses.get(key, Counter()) for key in KEYS}
        self.distinct = frozenset(distinct)
        self._forms: dict[str, _Forms] = {}
        self._near: dict[tuple[str, str], list[tuple[str, int]]] = {}

    @classmethod
    def count(
        cls, names_per_file: Iterable[Mapping[str, Iterable[str]]], distinct: Iterable[str] = ()
    ) -> NameIndex:
        """The index of files' names, each name counted once per file."""
        uses: dict[str, Counter[str]] = {key: Counter() for key in KEYS}
        for names in names_per_file:
            for key in KEYS:
                uses[key].update({n for n in names.get(key) or () if isinstance(n, str)})
        return cls(uses, distinct)

    def near(self, key: str, name: str) -> list[tuple[str, int]]:
        """Other names of ``key`` that look like ``name`` and are used at least as
        often, most used first, each with its number of post-mortems."""
        if name in self.distinct:
            return []
        cached = self._near.get((key, name))
        if cached is not None:
            return cached
        forms = self._forms.get(key)
        if forms is None:
            forms = self._forms[key] = _Forms()
            for used in sorted(self.uses[key]):
                if used in self.distinct:
                    continue
                mine = words(used, key)
                forms.joined.setdefault("".join(mine), []).append(used)
                for at, word in enumerate(mine):
                    rest = (at, tuple(mine[:at] + mine[at + 1 :]))
                    forms.but_one.setdefault(rest, {}).setdefault(word, []).append(used)
        mine = words(name, key)
        alike = list(forms.joined.get("".join(mine), []))
        for at, word in enumerate(mine):
            if len(word) < MIN_WORD:
                continue
            group = forms.but_one.get((at, tuple(mine[:at] + mine[at + 1 :])), {})
            for other in difflib.get_close_matches(word, list(group), n=5, cutoff=CUTOFF):
                if (
                    other != word
                    and len(other) >= MIN_WORD
                    and _NUMBERS.findall(other) == _NUMBERS.findall(word)
                ):
                    alike += group[other]
        uses = self.uses[key]
        own = uses[name]
        found = sorted(
            (
                (other, uses[other])
                for other in dict.fromkeys(alike)
                if other != name and uses[other] >= own
            ),
            key=lambda pair: (-pair[1], pair[0]),
        )
        self._near[(key, name)] = found
        return found
