"""Grouping helpers shared by the metric modules: multi-valued keys and period ranges."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_list_like

#: Group keys that name one value of a list column: an incident with two
#: services counts once under each of them.
EXPLODED: dict[str, str] = {"service": "services", "team": "teams", "factor": "factors"}

#: Keys whose values form a calendar sequence; gaps are filled with empty groups.
PERIODS: tuple[str, ...] = ("month", "quarter", "year")


def as_keys(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    keys = list(by)
    if len(set(keys)) != len(keys):
        raise ValueError(f"group keys repeat: {keys}")
    return keys


def explode_keys(
    frame: pd.DataFrame, keys: Sequence[str], keep: Sequence[str] | None = None
) -> pd.DataFrame:
    """``frame`` with one row per value of each multi-valued key in ``keys``.

    ``service`` reads the ``services`` column, and so on (:data:`EXPLODED`).
    A row whose list is empty disappears for that key, as an incident without
    teams has no team to be counted under. With ``keep``, only the keys and
    those columns are carried along (exploding copies every column kept).
    """
    if keep is not None:
        wanted = [EXPLODED.get(k, k) for k in keys] + [c for c in keep if c not in keys]
        missing = [c for c in dict.fromkeys(wanted) if c not in frame.columns]
        if missing:
            _raise_missing(keys, missing, frame)
        frame = frame[list(dict.fromkeys(wanted))]
    out = frame
    for key in keys:
        source = EXPLODED.get(key)
        if source is None:
            if key not in frame.columns:
                raise KeyError(
                    f"cannot group by {key!r}: no such column "
                    f"(use a column name or one of {', '.join(EXPLODED)})"
                )
            continue
        if source not in frame.columns:
            raise KeyError(f"cannot group by {key!r}: the table has no {source!r} column")
        out = _exploded(out, key, source)
    return out


def _exploded(frame: pd.DataFrame, key: str, source: str) -> pd.DataFrame:
    """``frame`` with one row per value of its list column ``source``, the value in ``key``.

    The same table as ``frame.assign(key=frame[source]).explode(key, ignore_index=True)``
    without the rows whose ``key`` is missing, built in fewer steps: the metrics
    explode dozens of times per build, and ``DataFrame.explode`` resets, joins and
    reindexes the whole table, then filtering copies it again.
    """
    lists = frame[source]
    # Series.explode gives the values exactly as DataFrame.explode does (an empty
    # list becomes a missing value, a scalar stays; the dtype is inferred alike).
    values = lists.explode(ignore_index=True)
    repeats = [len(v) if is_list_like(v) and len(v) else 1 for v in lists.tolist()]
    present = values.notna().to_numpy()
    out = frame.take(np.repeat(np.arange(len(frame)), repeats)[present])
    # The index the exploded table had, with the missing values' rows filtered out.
    out.index = values.index[present]
    out[key] = values.array[present]
    return out


def _raise_missing(keys: Sequence[str], missing: list[str], frame: pd.DataFrame) -> None:
    for key in keys:
        source = EXPLODED.get(key, key)
        if source in missing:
            if key in EXPLODED:
                raise KeyError(f"cannot group by {key!r}: the table has no {source!r} column")
            raise KeyError(
                f"cannot group by {key!r}: no such column "
                f"(use a column name or one of {', '.join(EXPLODED)})"
            )
    raise KeyError(f"the table has no column {missing[0]!r}")


def period_range(key: str, values: pd.Series[Any]) -> list[str] | list[int]:
    """Every period from the first to the last of ``values`` (month, quarter or year)."""
    present = values.dropna()
    if present.empty:
        return []
    first, last = present.min(), present.max()
    if key == "year":
        return list(range(int(first), int(last) + 1))
    freq = "M" if key == "month" else "Q"
    periods = pd.period_range(pd.Period(str(first), freq=freq), pd.Period(str(last), freq=freq))
    return [str(p) for p in periods]


def complete_index(
    grouped_keys: pd.DataFrame, keys: Sequence[str], full: pd.DataFrame
) -> pd.MultiIndex | None:
    """Every combination of observed values, with period keys spanning their full range.

    ``None`` when no key is a period (nothing to fill).
    """
    if not any(k in PERIODS for k in keys):
        return None
    levels = []
    for key in keys:
        if key in PERIODS:
            levels.append(period_range(key, full[key]))
        else:
            levels.append(sorted(grouped_keys[key].dropna().unique().tolist()))
    return pd.MultiIndex.from_product(levels, names=list(keys))
