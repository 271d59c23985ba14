"""How wide a trend's buckets are: months, quarters or years, so that each holds enough.

A trend drawn through months that hold two incidents each is noise that
looks like news, and 430 monthly bars of a 36-year archive are hairlines. A
trend is drawn by month while a month holds ``min_sample`` values on
average, else by quarter while a quarter does, else by year.
"""

from __future__ import annotations

import datetime as dt

#: From the finest to the widest.
BUCKETS: tuple[str, ...] = ("month", "quarter", "year")


def buckets_between(first: dt.date, last: dt.date, bucket: str) -> int:
    """How many calendar months, quarters or years ``first`` to ``last`` touch.

    >>> buckets_between(dt.date(2024, 11, 30), dt.date(2025, 1, 1), "month")
    3
    >>> buckets_between(dt.date(2024, 11, 30), dt.date(2025, 1, 1), "quarter")
    2
    """
    if bucket == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    if bucket == "quarter":
        return (last.year - first.year) * 4 + (last.month - 1) // 3 - (first.month - 1) // 3 + 1
    if bucket == "year":
        return last.year - first.year + 1
    raise ValueError(f"unknown bucket {bucket!r}; use one of {', '.join(BUCKETS)}")


def trend_bucket(first: dt.date | None, last: dt.date | None, values: int, min_sample: int) -> str:
    """The finest bucket whose average holds ``min_sample`` values, else ``year``.

    Parameters
    ----------
    first, last
        The days the trend spans (None: nothing to span, ``month``).
    values
        How many values the trend has in all.
    min_sample
        What a bucket should hold on average.

    Examples
    --------
    Three years of 30 incidents a month, of 8 a month, of 3 a month:

    >>> first, last = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
    >>> [trend_bucket(first, last, n * 36, 10) for n in (30, 8, 3)]
    ['month', 'quarter', 'year']
    >>> trend_bucket(None, None, 0, 10)
    'month'
    """
    if first is None or last is None or values <= 0:
        return BUCKETS[0]
    for bucket in BUCKETS:
        if values / buckets_between(first, last, bucket) >= min_sample:
            return bucket
    return BUCKETS[-1]


def bucket_labels(first: dt.date, last: dt.date, bucket: str) -> list[str]:
    """The label of every bucket from ``first`` to ``last``, as the incidents table writes them.

    >>> bucket_labels(dt.date(2024, 11, 5), dt.date(2025, 1, 2), "month")
    ['2024-11', '2024-12', '2025-01']
    >>> bucket_labels(dt.date(2024, 11, 5), dt.date(2025, 1, 2), "quarter")
    ['2024Q4', '2025Q1']
    >>> bucket_labels(dt.date(2024, 11, 5), dt.date(2025, 1, 2), "year")
    ['2024', '2025']
    """
    out = []
    for index in range(buckets_between(first, last, bucket)):
        if bucket == "month":
            year, month = divmod(first.year * 12 + first.month - 1 + index, 12)
            out.append(f"{year:04d}-{month + 1:02d}")
        elif bucket == "quarter":
            year, quarter = divmod(first.year * 4 + (first.month - 1) // 3 + index, 4)
            out.append(f"{year}Q{quarter + 1}")
        else:
            out.append(str(first.year + index))
    return out


def bucket_bounds(label: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the bucket ``label`` (a month, quarter or year).

    >>> bucket_bounds("2024-02"), bucket_bounds("2024Q4")[1], bucket_bounds("2024")[0]
    ((datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)), datetime.date(2024, 12, 31), datetime.date(2024, 1, 1))
    """
    if "Q" in label:
        year, quarter = int(label[:4]), int(label[-1])
        first_month, months = 3 * quarter - 2, 3
    elif "-" in label:
        year, first_month, months = int(label[:4]), int(label[5:7]), 1
    else:
        year, first_month, months = int(label), 1, 12
    following = year * 12 + first_month - 1 + months
    end = dt.date(following // 12, following % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first_month, 1), end
