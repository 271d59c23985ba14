"""The all-incidents list's data, encoded compactly for the browser.

The list page must stay under 1 MB at 10,000 incidents, and titles alone
take most of that, so everything else in a row is squeezed::

    {"v": 2, "statuses": [...], "services": [...], "teams": [...], "factors": [...],
     "rows": [id, title, day, severity_status, services, teams, factors,  # first row
              id, title, ...]}                                              # and so on

``rows`` is flat, seven values per row (:data:`ROW_WIDTH`), newest first.

* ``id``: when the id's year is the year of ``day`` (as the format
  requires), its number: ``14`` for ``PM-2025-014`` (three digits, zero
  padded), or the digits as text when they are not written that way
  (``"0014"``, which a number would lose); otherwise the whole id.
* ``day``: the first row's UTC start date in days since 1970-01-01; each
  later row the days back from the row before it (never negative).
* ``severity_status``: ``(severity - 1) * 3 + status index``; SEV2
  published is ``1 * 3 + 2 = 5``.
* ``services``, ``teams``, ``factors``: indexes into the name tables; a
  single index is written bare, several as a list.

The page's script (``assets/pmkb/incidents.js``) decodes it; keep the two in
step and bump ``v`` when the encoding changes.

The data is a file of its own (:data:`~pmkb_mkdocs.urls.LIST_DATA`), not part
of the page: at 10,000 incidents it is over a megabyte, nearly all titles, and
most visits to the list only read its latest rows or follow a link. The page
carries those rows as a table and every filter's choices; the script fetches
the data when a reader first filters, sorts or asks for more.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from pmkb.loader import Record
from pmkb.model import Status

FORMAT_VERSION = 2
#: Values per row in the flat ``rows`` list.
ROW_WIDTH = 7
_EPOCH = dt.date(1970, 1, 1)
STATUSES = [s.value for s in Status]


def _table(values: set[str]) -> tuple[list[str], dict[str, int]]:
    names = sorted(values)
    return names, {name: i for i, name in enumerate(names)}


def _indexes(names: list[str], index: dict[str, int]) -> int | list[int]:
    if len(names) == 1:  # most rows: nothing to deduplicate
        return index[names[0]]
    codes = [index[n] for n in dict.fromkeys(names)]
    return codes[0] if len(codes) == 1 else codes


def _short_id(pm_id: str, year: int) -> int | str:
    prefix = f"PM-{year}-"
    if not pm_id.startswith(prefix):
        return pm_id
    digits = pm_id[len(prefix) :]
    return int(digits) if digits == f"{int(digits):03d}" else digits


def list_data(records: Sequence[Record]) -> dict[str, Any]:
    """The list's data for ``records`` (any order in; newest first out)."""
    # A service, team or factor marked TODO is a placeholder: no list or filter offers it
    # (the post-mortem's page shows it, marked). Each record's names and UTC start are
    # read once, for the name tables, the order and the row.
    keyed = [
        (
            (r.meta.started_utc, r.meta.id),
            r.meta,
            r.confirmed("services"),
            r.confirmed("teams"),
            r.confirmed("contributing_factors"),
        )
        for r in records
    ]
    services, service_ix = _table({s for row in keyed for s in row[2]})
    teams, team_ix = _table({t for row in keyed for t in row[3]})
    factors, factor_ix = _table({f for row in keyed for f in row[4]})
    rows: list[Any] = []
    previous: int | None = None
    keyed.sort(key=lambda row: row[0], reverse=True)
    for (started_utc, _), meta, its_services, its_teams, its_factors in keyed:
        started = started_utc.date()
        day = (started - _EPOCH).days
        rows += [
            _short_id(meta.id, started.year),
            meta.title,
            day if previous is None else previous - day,
            (int(meta.severity.value[3:]) - 1) * 3 + STATUSES.index(meta.status.value),
            _indexes(its_services, service_ix),
            _indexes(its_teams, team_ix),
            _indexes(its_factors, factor_ix),
        ]
        previous = day
    return {
        "v": FORMAT_VERSION,
        "statuses": STATUSES,
        "services": services,
        "teams": teams,
        "factors": factors,
        "rows": rows,
    }


def list_json(records: Sequence[Record]) -> str:
    """:func:`list_data` as the text of the list's data file, the same for the same records."""
    return json.dumps(list_data(records), ensure_ascii=False, separators=(",", ":"))


def filters_json(records: Sequence[Record]) -> str:
    """:func:`filter_choices` as the text of search's filter file (``urls.SEARCH_FILTERS``).

    Every post-mortem the site shows is indexed with these filters (see
    ``postmortem_head.html``), so they are exactly the values Pagefind knows.
    """
    return json.dumps(filter_choices(records), ensure_ascii=False, separators=(",", ":"))


def filter_choices(records: Sequence[Record]) -> dict[str, list[str]]:
    """The values each of the list's filters offers: those the records have, sorted.

    Years newest first; everything else in code-point order, as the list's
    script compares them.
    """
    years = {str(r.meta.started_utc.year) for r in records}
    return {
        "severity": sorted({r.meta.severity.value for r in records}),
        "status": sorted({r.meta.status.value for r in records}),
        "year": sorted(years, reverse=True),
        "service": sorted({s for r in records for s in r.confirmed("services")}),
        "team": sorted({t for r in records for t in r.confirmed("teams")}),
        "factor": sorted({f for r in records for f in r.confirmed("contributing_factors")}),
    }
