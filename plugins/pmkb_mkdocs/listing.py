"""The all-incidents list's data, encoded compactly for the browser.

The list page must stay under 1 MB at 10,000 incidents, so each row is an
array, and services, teams and factors are indexes into shared name tables::

    {"v": 1, "services": [...], "teams": [...], "factors": [...],
     "statuses": ["draft", "in-review", "published"],
     "rows": [[id, title, days_since_1970, severity 1-4, status index,
               [service indexes], [team indexes], [factor indexes]], ...]}

Rows are newest first. The page's script (``assets/pmkb/incidents.js``)
decodes it; keep both in step (``v`` is the format's version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pmkb.loader import Record
from pmkb.model import Status

FORMAT_VERSION = 1
_EPOCH = dt.date(1970, 1, 1)
STATUSES = [s.value for s in Status]


def _table(values: set[str]) -> tuple[list[str], dict[str, int]]:
    names = sorted(values)
    return names, {name: i for i, name in enumerate(names)}


def list_data(records: Sequence[Record]) -> dict[str, Any]:
    """The list's data for ``records`` (any order in; newest first out)."""
    services, service_ix = _table({s for r in records for s in r.meta.services})
    teams, team_ix = _table({t for r in records for t in r.meta.teams})
    factors, factor_ix = _table({f for r in records for f in r.meta.contributing_factors})
    rows = []
    for record in sorted(records, key=lambda r: (r.meta.started_utc, r.meta.id), reverse=True):
        meta = record.meta
        rows.append(
            [
                meta.id,
                meta.title,
                (meta.started_utc.date() - _EPOCH).days,
                int(meta.severity.value[3:]),
                STATUSES.index(meta.status.value),
                [service_ix[s] for s in dict.fromkeys(meta.services)],
                [team_ix[t] for t in dict.fromkeys(meta.teams)],
                [factor_ix[f] for f in dict.fromkeys(meta.contributing_factors)],
            ]
        )
    return {
        "v": FORMAT_VERSION,
        "statuses": STATUSES,
        "services": services,
        "teams": teams,
        "factors": factors,
        "rows": rows,
    }
