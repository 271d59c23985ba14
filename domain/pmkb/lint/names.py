"""Service and team names that look like one name written two ways.

Services and teams are free names: the dashboard's recurrence, the service
pages and related incidents count incidents by the name as written, so
``checkout`` and ``checkout-service`` split one service's incidents in two.

Two names are taken for one when they are the same once case, ``_``, spaces
and ``-`` are ignored and a suffix that only says what kind of thing the name
is (``-service``, ``-svc``, ``-srv`` for a service, ``-team`` for a team) is
dropped; or, for names of at least :data:`MIN_FUZZY` letters, when they carry
the same numbers and :mod:`difflib` finds them at least :data:`CUTOFF` alike
(``notification-service`` and ``notifications-service``). Suffixes that name a
part of a system (``-api``, ``-db``, ``-worker``, ``-ui``) are kept: ``orders-db``
and ``orders-api`` are two services. Numbers always tell names apart
(``eu-west-1``, ``eu-west-2``; ``ledger-v1``, ``ledger-v2``).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping

#: The frontmatter keys whose values are compared, each with its own names.
KEYS = ("services", "teams")

#: Suffixes that add nothing to a name of that kind: dropped before comparing.
KIND_SUFFIXES: dict[str, tuple[str, ...]] = {
    "services": ("service", "svc", "srv"),
    "teams": ("team",),
}

#: How alike two longer names must be (difflib's ratio) to be taken for one.
CUTOFF = 0.92
#: Names shorter than this (once compared) are only matched exactly: one letter
#: tells ``auth`` from ``oauth`` and ``api`` from ``app``.
MIN_FUZZY = 7

_SEPARATORS = re.compile(r"[\s_\-]+")
_NUMBERS = re.compile(r"\d+")


def comparable(name: str, key: str) -> str:
    """``name`` as it is compared: lower case, no separators, no kind suffix."""
    words = [w for w in _SEPARATORS.split(name.strip().lower()) if w]
    if len(words) > 1 and words[-1] in KIND_SUFFIXES.get(key, ()):
        words.pop()
    return "".join(words)


class NameIndex:
    """How many post-mortems use each service and team name, and which names are near."""

    def __init__(self, uses: Mapping[str, Counter[str]], distinct: Iterable[str] = ()) -> None:
        self.uses = {key: uses.get(key, Counter()) for key in KEYS}
        self.distinct = frozenset(distinct)
        self._forms: dict[str, dict[str, list[str]]] = {}
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
            forms = {}
            for used in sorted(self.uses[key]):
                if used not in self.distinct:
                    forms.setdefault(comparable(used, key), []).append(used)
            self._forms[key] = forms
        mine = comparable(name, key)
        alike = [mine]
        if len(mine) >= MIN_FUZZY:
            numbers = _NUMBERS.findall(mine)
            alike += [
                other
                for other in difflib.get_close_matches(mine, list(forms), n=5, cutoff=CUTOFF)
                if other != mine and len(other) >= MIN_FUZZY and _NUMBERS.findall(other) == numbers
            ]
        uses = self.uses[key]
        own = uses[name]
        found = sorted(
            (
                (other, uses[other])
                for form in alike
                for other in forms.get(form, [])
                if other != name and uses[other] >= own
            ),
            key=lambda pair: (-pair[1], pair[0]),
        )
        self._near[(key, name)] = found
        return found
