"""How values read on a page: durations in human units, counts, money, dates.

Pure functions, no MkDocs: the templates call them as Jinja filters.
"""

from __future__ import annotations

import datetime as dt


def human_duration(delta: dt.timedelta | None) -> str:
    """``1 min 22 s``, ``2 h 5 min``, ``3 d 4 h``; an en dash when the end is missing.

    Precision falls as durations grow: seconds matter for time to detect,
    not for a three-day resolution.

    >>> human_duration(dt.timedelta(seconds=82))
    '1 min 22 s'
    >>> human_duration(dt.timedelta(hours=26, minutes=5))
    '1 d 2 h'
    >>> human_duration(None)
    '–'
    """
    if delta is None:
        return "–"
    seconds = int(delta.total_seconds())
    if seconds < 0:
        return "–"
    if seconds < 60:
        return f"{seconds} s"
    minutes, sec = divmod(seconds, 60)
    if minutes < 10:
        return f"{minutes} min {sec} s" if sec else f"{minutes} min"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def utc_stamp(moment: dt.datetime | None) -> str:
    """``2025-02-09 10:05 UTC``: every time on the site is shown in UTC."""
    if moment is None:
        return "–"
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def utc_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).date().isoformat()


def count(number: float | None) -> str:
    """``40,000``; thousands separated so that large impact figures read at a glance."""
    if number is None:
        return "–"
    if isinstance(number, float) and not number.is_integer():
        return f"{number:,.1f}"
    return f"{int(number):,}"


def money(amount: float | None) -> str:
    """``$12,500`` (whole dollars) or ``$12.50`` for small sums."""
    if amount is None:
        return "–"
    if amount < 100 and not float(amount).is_integer():
        return f"${amount:,.2f}"
    return f"${round(amount):,}"


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}%"


def plural(number: int, singular: str, plural_form: str | None = None) -> str:
    """``1 post-mortem``, ``3 post-mortems``."""
    word = singular if number == 1 else (plural_form or singular + "s")
    return f"{number:,} {word}"
