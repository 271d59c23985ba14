"""Data quality: what each field of a corpus records, and what is too degenerate to measure.

A figure is only as good as the field it is computed from. An archive whose
tool copied ``started`` into ``detected`` has a "median time to detect" of
0 s; an archive where every incident is ``SEV2`` (a default) has nothing to
split by severity; one where every incident cites ``undetermined`` has a top
factor that says nothing. :func:`data_quality` measures every field once and
flags what is degenerate, so that the site never makes a headline of it.

Fields
------
``timeline.started`` ... ``timeline.resolved``, the four durations ``ttd``,
``tta``, ``ttm``, ``ttr``, ``severity``, ``detection``, ``trigger``,
``factors``, ``services`` and ``action_items``. For each: how many incidents
were looked at, how many record the field (``coverage`` is their share), how
many distinct values it takes and, for durations, the share of recorded values
that are exactly zero.

Flags
-----
``placeholder``
    One in twenty or more of a duration's recorded values (5 %,
    :data:`PLACEHOLDER_ZERO_SHARE`) are exactly zero: a tool copied one time
    into the next, nobody measured it, and that many zeros move a median.
    A duration measured from such a copied time is flagged with it: when
    ``detected`` is a copy of ``started``, time to acknowledge runs from the
    start, not from detection. Checked in each window a figure or a claim
    uses: a tool that zeroes only the recent incidents flags the recent
    windows, not the archive's earlier years.
``sparse``
    A duration, the trigger or the action items recorded for under half of
    the incidents: whatever the others say may not hold for the rest.
``constant``
    One value for every incident (severity, detection, trigger, services,
    factors), from ten incidents on (:data:`MIN_INCIDENTS`): nothing to
    compare or split by.
``dominant``
    One contributing factor cited by more than half of the incidents, from
    the same number of incidents on: a catch-all that tells no incident apart.
``absent``
    Not one action item: "no fix failed to hold" would be no news at all.
``future``
    An incident starts (UTC) after the as-of date: a mistyped date, or a build
    dated before the archive's latest incidents. It is left out of every
    figure, chart and claim (measured up to the as-of date), and the flag
    names it (:func:`after_as_of`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pmkb.analytics.frame import DURATION_NAMES, DURATION_SPANS, DURATIONS, TIMESTAMPS

#: Fewer incidents than this are too few for ``constant`` or ``dominant`` to mean anything.
MIN_INCIDENTS = 10
#: A duration is a ``placeholder`` when at least this share of its values is exactly zero:
#: one in twenty. The format counts every zero as a finding and lets none make a
#: headline; a median moves a little with each zero (5 % of them on one side move it
#: by about 6 % for a spread like incidents'), so the line is drawn low, not at half.
PLACEHOLDER_ZERO_SHARE = 0.05
#: A field recorded for fewer than this share of incidents is ``sparse``.
SPARSE_BELOW = 0.5
#: A factor cited by more than this share of incidents is ``dominant``.
DOMINANT_ABOVE = 0.5

FLAGS: tuple[str, ...] = ("placeholder", "sparse", "constant", "dominant", "absent", "future")

#: Every field measured, in the order the data-quality page lists them.
FIELDS: tuple[str, ...] = (
    *(f"timeline.{name}" for name in TIMESTAMPS),
    *DURATIONS,
    "severity",
    "detection",
    "trigger",
    "factors",
    "services",
    "action_items",
)

#: Words for each field, as a sentence names it.
FIELD_NAMES: dict[str, str] = {
    **{f"timeline.{name}": f"timeline.{name}" for name in TIMESTAMPS},
    **DURATION_NAMES,
    "severity": "severity",
    "detection": "detection",
    "trigger": "trigger",
    "factors": "contributing factors",
    "services": "services",
    "action_items": "action items",
}


@dataclass(frozen=True)
class FieldQuality:
    """What one field records across the incidents looked at."""

    field: str
    incidents: int
    #: Incidents with a value (for action items: with at least one item).
    recorded: int
    #: ``recorded / incidents``; None without incidents.
    coverage: float | None
    #: Distinct values among those recorded (tags and services one by one; items: None).
    distinct: int | None
    #: Durations only: the share of recorded values that are exactly zero.
    zero_share: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "incidents": self.incidents,
            "recorded": self.recorded,
            "coverage": _rounded(self.coverage),
            "distinct": self.distinct,
            "zero_share": _rounded(self.zero_share),
        }


@dataclass(frozen=True)
class QualityFlag:
    """One degenerate field, why, and the incidents behind it."""

    field: str
    flag: str
    #: The share the flag is about: of zeros (placeholder), recorded (sparse), of
    #: incidents with the one value (constant, dominant), 0 (absent).
    share: float
    message: str
    #: The incidents an author would open to fix it, in start order.
    ids: tuple[str, ...]
    #: The one value (constant) or the catch-all factor (dominant).
    value: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "flag": self.flag,
            "share": _rounded(self.share),
            "message": self.message,
            "incidents": len(self.ids),
            "value": self.value,
        }


@dataclass(frozen=True)
class DataQuality:
    """Every field measured, and the flags raised."""

    fields: tuple[FieldQuality, ...]
    flags: tuple[QualityFlag, ...]

    def field(self, name: str) -> FieldQuality:
        for found in self.fields:
            if found.field == name:
                return found
        raise KeyError(f"no field {name!r}; measured: {', '.join(FIELDS)}")

    def flags_of(self, field: str) -> tuple[QualityFlag, ...]:
        """The flags raised on ``field``, in :data:`FLAGS` order."""
        return tuple(f for f in self.flags if f.field == field)

    def flag(self, field: str, *kinds: str) -> QualityFlag | None:
        """The first flag of ``field`` among ``kinds`` (any kind when none given), or None."""
        for found in self.flags_of(field):
            if not kinds or found.flag in kinds:
                return found
        return None

    @property
    def catch_all_factors(self) -> frozenset[str]:
        """Factors flagged ``dominant`` (or the one factor of a ``constant`` field)."""
        return frozenset(f.value for f in self.flags_of("factors") if f.value is not None)

    def with_flag(self, flag: QualityFlag | None) -> DataQuality:
        """These checks and ``flag`` (none: these), in the order of the fields, then flags."""
        if flag is None:
            return self
        return DataQuality(self.fields, tuple(_ordered([*self.flags, flag])))

    def as_json(self) -> dict[str, Any]:
        """``{"fields": {name: {...}}, "flags": [{field, flag, share, message, ...}]}``."""
        return {
            "fields": {f.field: f.as_json() for f in self.fields},
            "flags": [f.as_json() for f in self.flags],
        }


def data_quality(
    incidents: pd.DataFrame,
    action_items: pd.DataFrame | None = None,
    *,
    min_incidents: int = MIN_INCIDENTS,
) -> DataQuality:
    """Coverage, distinct values and zeros of every field, and the flags they raise.

    Parameters
    ----------
    incidents
        A table like :func:`~pmkb.analytics.frame.incidents_frame`'s.
    action_items
        Its action items (:func:`~pmkb.analytics.frame.action_items_frame`);
        only the ``postmortem_id`` column is read. ``None``: the incidents
        table's ``action_items`` column counts them.
    min_incidents
        ``constant`` and ``dominant`` need at least this many incidents: three
        incidents of one severity are not a default.

    Returns
    -------
    DataQuality
        One :class:`FieldQuality` per field of :data:`FIELDS` that the table
        has (action items: when either table counts them), and the
        :class:`QualityFlag` raised, in the order of the fields, then of :data:`FLAGS`.

    Examples
    --------
    Ten incidents, all ``SEV2``, six detected the second they started:

    >>> frame = pd.DataFrame({
    ...     "id": [f"PM-2025-{i:03d}" for i in range(1, 11)],
    ...     "severity": ["SEV2"] * 10,
    ...     "ttd": [0.0] * 6 + [4.0, 9.0, 12.0, 30.0],
    ... })
    >>> quality = data_quality(frame)
    >>> quality.field("ttd").zero_share
    0.6
    >>> [(f.field, f.flag, f.share) for f in quality.flags]
    [('ttd', 'placeholder', 0.6), ('severity', 'constant', 1.0)]
    >>> quality.flags[0].message
    'time to detect is exactly 0 for 60% of the 10 incidents that record it: placeholders (detected copied from started), not measurements'
    >>> data_quality(frame.iloc[:0]).flags
    ()
    """
    n = len(incidents)
    ids = incidents["id"].tolist() if "id" in incidents else [str(i) for i in range(n)]
    fields: list[FieldQuality] = []
    flags: list[QualityFlag] = []
    if n == 0:
        return DataQuality(
            tuple(
                FieldQuality(name, 0, 0, None, None if name == "action_items" else 0)
                for name in FIELDS
            ),
            (),
        )
    for name in TIMESTAMPS:
        column = f"timeline.{name}"
        if name not in incidents:
            continue
        values = incidents[name]
        present = values.notna().to_numpy()
        fields.append(
            FieldQuality(column, n, int(present.sum()), present.mean(), int(values.nunique()))
        )
    #: Timestamps found copied from the one before, and where.
    copies: dict[str, np.ndarray] = {}
    for metric in DURATIONS:
        if metric not in incidents:
            continue
        values = incidents[metric].astype(np.float64)
        present = values.notna().to_numpy()
        recorded = int(present.sum())
        zeros = (values == 0).to_numpy()
        zero_share = float(zeros.sum() / recorded) if recorded else None
        fields.append(
            FieldQuality(metric, n, recorded, recorded / n, int(values.nunique()), zero_share)
        )
        words = DURATION_NAMES[metric]
        start, end = DURATION_SPANS[metric]
        copied = _copied_start(metric, incidents, copies, present)
        if zero_share is not None and zero_share >= PLACEHOLDER_ZERO_SHARE:
            copies[end] = zeros
            flags.append(
                QualityFlag(
                    metric,
                    "placeholder",
                    zero_share,
                    f"{words} is exactly 0 for {_percent(zero_share)} of the {recorded:,} "
                    f"incidents that record it: placeholders ({end} copied from {start}), "
                    "not measurements",
                    _ids(ids, zeros),
                )
            )
        elif copied is not None and recorded and copied.sum() / recorded >= PLACEHOLDER_ZERO_SHARE:
            share = float(copied.sum() / recorded)
            flags.append(
                QualityFlag(
                    metric,
                    "placeholder",
                    share,
                    f"{words} is measured from timeline.{start}, a placeholder for "
                    f"{_percent(share)} of the {recorded:,} incidents that record it: "
                    "not a measurement either",
                    _ids(ids, copied),
                )
            )
        if recorded / n < SPARSE_BELOW:
            flags.append(
                QualityFlag(
                    metric,
                    "sparse",
                    recorded / n,
                    f"{words} is recorded for {_percent(recorded / n)} of the {n:,} incidents "
                    f"only (timeline.{end} missing, or it or timeline.{start} marked TODO, "
                    f"in {n - recorded:,}): the others may differ",
                    _ids(ids, ~present),
                )
            )
    for column in ("severity", "detection", "trigger"):
        if column not in incidents:
            continue
        values = incidents[column]
        present = values.notna().to_numpy()
        recorded = int(present.sum())
        distinct = values.dropna().unique().tolist()
        fields.append(FieldQuality(column, n, recorded, recorded / n, len(distinct)))
        if column == "trigger" and recorded / n < SPARSE_BELOW:
            flags.append(
                QualityFlag(
                    column,
                    "sparse",
                    recorded / n,
                    f"the trigger is recorded for {_percent(recorded / n)} of the {n:,} "
                    "incidents only",
                    _ids(ids, ~present),
                )
            )
        if recorded >= min_incidents and len(distinct) == 1:
            flags.append(_constant(column, str(distinct[0]), recorded, ids, present))
    for column in ("factors", "services"):
        if column not in incidents:
            continue
        lists = incidents[column].tolist()
        present = np.array([bool(v) for v in lists], dtype=bool)
        counts: Counter[str] = Counter(tag for tags in lists for tag in set(tags or ()))
        recorded = int(present.sum())
        fields.append(FieldQuality(column, n, recorded, recorded / n, len(counts)))
        if recorded >= min_incidents and len(counts) == 1:
            flags.append(_constant(column, next(iter(counts)), recorded, ids, present))
        elif column == "factors" and n >= min_incidents and counts:
            for tag, cited in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                if cited / n <= DOMINANT_ABOVE:
                    break
                flags.append(
                    QualityFlag(
                        column,
                        "dominant",
                        cited / n,
                        f"{tag} is cited by {_percent(cited / n)} of the {n:,} incidents: "
                        "a catch-all that tells no incident apart",
                        _ids(ids, np.array([tag in (tags or ()) for tags in lists])),
                        tag,
                    )
                )
    per_incident = _items_per_incident(incidents, action_items, ids)
    with_items = per_incident > 0 if per_incident is not None else np.zeros(n, dtype=bool)
    recorded = int(with_items.sum())
    if per_incident is not None:
        fields.append(FieldQuality("action_items", n, recorded, recorded / n, None))
    if per_incident is None:
        pass
    elif recorded == 0:
        flags.append(
            QualityFlag(
                "action_items",
                "absent",
                0.0,
                f"not one of the {n:,} incidents records an action item: nothing can be said "
                "about follow-ups or fixes that did not hold",
                tuple(ids),
            )
        )
    elif recorded / n < SPARSE_BELOW:
        flags.append(
            QualityFlag(
                "action_items",
                "sparse",
                recorded / n,
                f"action items are recorded for {_percent(recorded / n)} of the {n:,} "
                "incidents only",
                _ids(ids, ~with_items),
            )
        )
    return DataQuality(tuple(fields), tuple(_ordered(flags)))


def _ordered(flags: list[QualityFlag]) -> list[QualityFlag]:
    """``flags`` in the order of the fields, then of :data:`FLAGS`."""
    order = {name: i for i, name in enumerate(FIELDS)}
    kinds = {kind: i for i, kind in enumerate(FLAGS)}
    return sorted(flags, key=lambda f: (order[f.field], kinds[f.flag], -f.share, f.value or ""))


def started_after(incidents: pd.DataFrame, as_of: dt.date) -> np.ndarray:
    """Which incidents start (UTC) on a day after ``as_of``: a boolean mask of the rows."""
    if not len(incidents):
        return np.zeros(0, dtype=bool)
    next_day = pd.Timestamp(as_of + dt.timedelta(days=1), tz="UTC")
    later: np.ndarray = (incidents["started"] >= next_day).to_numpy(dtype=bool)
    return later


def after_as_of(ids: Iterable[str], total: int, as_of: dt.date) -> QualityFlag | None:
    """The ``future`` flag of the incidents ``ids`` (of ``total``) that start after ``as_of``.

    >>> after_as_of(["PM-2031-001"], 40, dt.date(2025, 1, 1)).message
    '1 incident starts after the as-of date 2025-01-01 (PM-2031-001): left out of every figure, chart and claim, which are measured up to that date; correct timeline.started or build as of a later date'
    >>> after_as_of([], 40, dt.date(2025, 1, 1)) is None
    True
    """
    later = tuple(ids)
    if not later:
        return None
    named = ", ".join(later[:5]) + (f" and {len(later) - 5:,} more" if len(later) > 5 else "")
    verb = "starts" if len(later) == 1 else "start"
    return QualityFlag(
        "timeline.started",
        "future",
        len(later) / total if total else 1.0,
        f"{len(later):,} incident{'' if len(later) == 1 else 's'} {verb} after the as-of "
        f"date {as_of.isoformat()} ({named}): left out of every figure, chart and claim, "
        "which are measured up to that date; correct timeline.started or build as of a "
        "later date",
        later,
    )


def _copied_start(
    metric: str, incidents: pd.DataFrame, copies: dict[str, np.ndarray], present: np.ndarray
) -> np.ndarray | None:
    """Where ``metric`` is recorded but starts from a timestamp found copied; None if none is."""
    start = DURATION_SPANS[metric][0]
    copied = copies.get(start)
    return None if copied is None else copied & present


def _constant(
    column: str, value: str, recorded: int, ids: list[str], present: np.ndarray
) -> QualityFlag:
    return QualityFlag(
        column,
        "constant",
        1.0,
        f"every one of the {recorded:,} incidents has {FIELD_NAMES[column]} {value}: "
        "a default, nothing to compare or split by",
        _ids(ids, present),
        value,
    )


def _items_per_incident(
    incidents: pd.DataFrame, action_items: pd.DataFrame | None, ids: list[str]
) -> np.ndarray | None:
    """Action items per incident; None when neither table says."""
    if action_items is not None:
        counts = Counter(action_items["postmortem_id"].tolist()) if len(action_items) else Counter()
        return np.array([counts.get(pm_id, 0) for pm_id in ids], dtype=np.int64)
    if "action_items" in incidents:
        return incidents["action_items"].to_numpy(dtype=np.int64)
    return None


def _ids(ids: Iterable[str], mask: np.ndarray) -> tuple[str, ...]:
    return tuple(pm_id for pm_id, chosen in zip(ids, mask.tolist()) if chosen)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def within_window(archive: DataQuality, window: DataQuality) -> DataQuality:
    """The checks of a window of the archive: its own for durations, the archive's for the rest.

    A duration is a measurement of each incident: zeros or gaps in a quarter
    make that quarter's median what it is, whatever the years before recorded,
    so they are checked on the window's incidents. How the archive records
    severity, factors or action items is a property of the archive (six of
    eleven incidents citing one factor is no default), so those flags are the
    archive's.

    >>> archive = data_quality(pd.DataFrame({"id": ["a", "b", "c", "d"], "ttd": [0.0, 4, 5, 6]}))
    >>> recent = data_quality(pd.DataFrame({"id": ["c", "d"], "ttd": [5.0, 6.0]}))
    >>> [f.flag for f in archive.flags], [f.flag for f in within_window(archive, recent).flags]
    (['placeholder'], [])
    """
    own = {f.field: f for f in window.fields if f.field in DURATIONS}
    fields = tuple(own.get(f.field, f) for f in archive.fields)
    flags = [f for f in archive.flags if f.field not in DURATIONS]
    flags += [f for f in window.flags if f.field in DURATIONS]
    return DataQuality(fields, tuple(_ordered(flags)))
