"""Plain, JSON-ready values from pandas objects: the one conversion every output shares.

Rules: missing values (NaN, NaT, None, pandas.NA) become ``None``; floats are
rounded to :data:`FLOAT_DECIMALS` places; UTC timestamps become
``2025-02-09T10:05:23Z``; calendar dates (naive midnight) become
``2025-02-09``; tuples become lists; numpy scalars become Python ones.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

#: Decimal places kept in every float of the outputs.
FLOAT_DECIMALS = 4


def plain(value: Any) -> Any:
    """One value as a JSON-ready Python value (see the module's rules).

    >>> plain(np.float64(2.83333333)), plain(float("nan")), plain(pd.NaT), plain(("a", "b"))
    (2.8333, None, None, ['a', 'b'])
    >>> plain(pd.Timestamp("2025-02-09 15:35:23+05:30")), plain(pd.Timestamp("2025-02-09"))
    ('2025-02-09T10:05:23Z', '2025-02-09')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):  # the commonest case first
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _float(float(value))
    if isinstance(value, pd.Timestamp):
        return _timestamp(value)
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else _timestamp(pd.Timestamp(value))
    if isinstance(value, dt.datetime):
        return _timestamp(pd.Timestamp(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list, np.ndarray)):
        if all(type(v) is str for v in value):  # lists of ids and tags
            return list(value)
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    raise TypeError(f"no JSON form for {type(value).__name__}: {value!r}")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as a list of row dicts of plain values, in row order.

    Each column is converted as a whole: :func:`plain` of every cell gives
    the same values, at several times the cost on the dashboard's long tables.

    >>> frame = pd.DataFrame({
    ...     "at": pd.to_datetime(["2025-02-09 15:35:23+05:30", None], utc=True),
    ...     "due": pd.to_datetime(["2025-02-09 00:00", "2025-02-09 08:00"]),
    ...     "share": [1 / 3, float("nan")],
    ... })
    >>> records(frame)  # doctest: +NORMALIZE_WHITESPACE
    [{'at': '2025-02-09T10:05:23Z', 'due': '2025-02-09', 'share': 0.3333},
     {'at': None, 'due': '2025-02-09T08:00:00', 'share': None}]
    """
    columns = list(frame.columns)
    values = [_column(frame[c]) for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _column(series: pd.Series[Any]) -> list[Any]:
    """:func:`plain` of each value of ``series``, converted by its dtype where that is faster."""
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or (isinstance(dtype, np.dtype) and dtype.kind == "M"):
        return _datetimes(series)
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        return series.tolist()  # Python ints and bools already
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [_float(number) for number in series.tolist()]
    return [plain(value) for value in series.tolist()]


def _datetimes(series: pd.Series[Any]) -> list[str | None]:
    """A datetime column as :func:`_timestamp` writes each value; NaT as None."""
    aware = isinstance(series.dtype, pd.DatetimeTZDtype)
    # In UTC, without the zone: numpy writes ISO 8601 itself, much faster than strftime.
    naive = series.dt.tz_convert(None) if aware else series
    seconds = naive.to_numpy().astype("datetime64[s]")
    text = np.datetime_as_string(seconds, unit="s").tolist()
    missing = naive.isna().tolist()
    if aware:
        return [None if gone else f"{stamp}Z" for stamp, gone in zip(text, missing)]
    midnight = (naive == naive.dt.normalize()).tolist()
    return [
        None if gone else stamp[:10] if day else stamp
        for stamp, gone, day in zip(text, missing, midnight)
    ]


def _float(number: float) -> float | None:
    if math.isnan(number) or math.isinf(number):
        return None
    rounded = round(number, FLOAT_DECIMALS)
    return 0.0 if rounded == 0 else rounded  # no "-0.0"


def _timestamp(stamp: pd.Timestamp) -> str:
    if stamp.tzinfo is None:
        # Naive values in these tables are calendar dates at midnight.
        if stamp == stamp.normalize():
            return stamp.strftime("%Y-%m-%d")
        return stamp.strftime("%Y-%m-%dT%H:%M:%S")
    return stamp.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
