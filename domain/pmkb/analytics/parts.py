"""The parts of the last metrics, for the next metrics to reuse where their inputs are unchanged.

A preview computes the metrics again after every save. A severity edit changes
one column of one row; the factor and recurrence tables, most response-time
breakdowns and most action-item breakdowns never read it, yet they are most of
the metrics' time. Each part names the columns it reads; when those columns of
its tables equal the ones it was last computed from, the last result is the
result. The part itself is always computed from the whole tables, so a column
left out of its list can only make a part reused when it should not be, which
the tests that edit every column one at a time catch.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")

#: (scope, part) -> (the columns it was computed from, its result)
_Kept = dict[tuple[Hashable, ...], tuple[tuple[pd.DataFrame, ...], Any]]


class PartMemo:
    """Results of metric parts, keyed by what they read.

    A memo keeps the parts computed with it, and reuses those of ``previous``
    until :meth:`forget_previous`.
    """

    def __init__(self, previous: PartMemo | None = None, *, scope: tuple[Hashable, ...] = ()):
        self._previous: _Kept = {} if previous is None else previous._kept
        self._kept: _Kept = {}
        self._scope = scope

    def within(self, scope: Hashable) -> PartMemo:
        """The same memo, its keys inside ``scope`` (one period's metrics, say)."""
        view = copy.copy(self)  # shares the kept parts
        view._scope = (*self._scope, scope)
        return view

    def part(
        self,
        key: Hashable,
        reads: Sequence[tuple[pd.DataFrame, Sequence[str]]],
        compute: Callable[[], T],
    ) -> T:
        """``compute()``, or the result kept under ``key`` if the ``reads`` it was made from are equal.

        ``reads`` pairs each table the part reads with the columns it reads of it.
        """
        inputs = tuple(table[list(columns)] for table, columns in reads)
        full_key = (*self._scope, key)
        kept = self._previous.get(full_key)
        if kept is not None and _equal(kept[0], inputs):
            result: T = kept[1]
        else:
            result = compute()
        self._kept[full_key] = (inputs, result)
        return result

    def forget_previous(self) -> None:
        """Stop reading the previous memo's parts, so that memos do not keep them alive."""
        self._previous = {}


def _equal(before: tuple[pd.DataFrame, ...], now: tuple[pd.DataFrame, ...]) -> bool:
    # DataFrame.equals compares values, dtypes and the index (missing values equal).
    return len(before) == len(now) and all(a.equals(b) for a, b in zip(before, now))
