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
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        rounded = round(number, FLOAT_DECIMALS)
        return 0.0 if rounded == 0 else rounded  # no "-0.0"
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
    """A DataFrame as a list of row dicts of plain values, in row order."""
    columns = list(frame.columns)
    values = [frame[c].tolist() for c in columns]
    return [{column: plain(value) for column, value in zip(columns, row)} for row in zip(*values)]


def _timestamp(stamp: pd.Timestamp) -> str:
    if stamp.tzinfo is None:
        # Naive values in these tables are calendar dates at midnight.
        if stamp == stamp.normalize():
            return stamp.strftime("%Y-%m-%d")
        return stamp.strftime("%Y-%m-%dT%H:%M:%S")
    return stamp.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
