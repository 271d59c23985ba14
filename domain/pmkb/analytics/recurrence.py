"""Recurring causes, and fixes that did not hold.

A cause *recurs* when several incidents cite it: a contributing factor alone,
or a factor on the same service. A factor on a service is cited *more often
than chance* when the incidents citing the pair exceed what the service's and
the factor's own counts give if the factor fell on services at random (see
:func:`recurring_service_factors`): a busy service and a common factor meet
often by chance alone. A fix *did not hold* when an incident cites a factor on
a service after an earlier incident with the same factor on the same service
had every relevant action item done.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmkb.analytics._groups import explode_keys

#: A cause recurs when at least this many incidents cite it.
RECURRING_MIN_INCIDENTS = 2
#: The pairs of a period are tested against chance only when at least this many of its
#: incidents name both a service and a factor (the claims of change's ``MIN_SAMPLE``).
RECURRING_MIN_TESTED = 10
#: Expected share of the pairs called "more often than chance" that chance alone produced.
RECURRING_FALSE_DISCOVERY_RATE = 0.05

FIX_COLUMNS: tuple[str, ...] = (
    "service",
    "factor",
    "earlier_id",
    "later_id",
    "earlier_started",
    "fix_completed",
    "later_started",
    "days_after_fix",
    "targeted",
    "linked",
)


def recurring_factors(
    incidents: pd.DataFrame, *, min_incidents: int = RECURRING_MIN_INCIDENTS
) -> pd.DataFrame:
    """Factors cited by ``min_incidents`` incidents or more, with the incidents.

    Returns
    -------
    pandas.DataFrame
        ``factor``, ``incidents`` (count), ``ids`` (tuple, in order of start),
        ``first_seen`` and ``last_seen`` (UTC starts of the first and last of
        them). Most incidents first, then by tag.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "id": ["PM-1", "PM-2", "PM-3"],
    ...     "started": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-03-01"], utc=True),
    ...     "factors": [("a", "b"), ("a",), ("a", "b")],
    ...     "services": [("x",), ("y",), ("x",)],
    ... })
    >>> recurring_factors(frame)[["factor", "incidents", "ids", "first_seen"]]
      factor  incidents                 ids                first_seen
    0      a          3  (PM-1, PM-2, PM-3) 2025-01-05 00:00:00+00:00
    1      b          2        (PM-1, PM-3) 2025-01-05 00:00:00+00:00
    """
    return _recurring(incidents, ["factor"], min_incidents)


def recurring_service_factors(
    incidents: pd.DataFrame,
    *,
    min_incidents: int = RECURRING_MIN_INCIDENTS,
    min_tested: int = RECURRING_MIN_TESTED,
    false_discovery_rate: float = RECURRING_FALSE_DISCOVERY_RATE,
) -> pd.DataFrame:
    """(service, factor) pairs cited together by ``min_incidents`` incidents or more.

    An incident on two services counts under each. Columns as in
    :func:`recurring_factors`, with ``service`` first, and:

    ``expected``
        The incidents that would cite the pair if the factor fell on services
        independently of them: ``n_s * n_f / N``, where ``N`` counts the
        incidents that name at least one service and one factor, ``n_s``
        those of them on the service and ``n_f`` those citing the factor.
    ``p_adjusted``
        The chance of at least ``incidents`` of the ``n_s`` citing the factor
        under that independence (the upper tail of a hypergeometric
        distribution, ``scipy.stats.hypergeom``: Fisher's exact test, one
        sided), adjusted by Benjamini-Hochberg
        (``scipy.stats.false_discovery_control``) over every pair cited at
        all. NaN when ``N`` is under ``min_tested``: too few incidents to
        tell a recurring cause from chance, so nothing is tested.
    ``above_chance``
        ``p_adjusted`` is at most ``false_discovery_rate``: the pair is cited
        more often than chance alone gives. A pair that merely repeats is not
        (a busy service and a common factor meet often by chance).

    Pairs above chance come first (most significant, then most incidents),
    then the others (most incidents); then by service and factor.

    Examples
    --------
    With the table of :func:`recurring_factors`' example, only ``x`` sees a
    factor twice; three incidents are too few to test:

    >>> frame = pd.DataFrame({
    ...     "id": ["PM-1", "PM-2", "PM-3"],
    ...     "started": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-03-01"], utc=True),
    ...     "factors": [("a", "b"), ("a",), ("a", "b")],
    ...     "services": [("x",), ("y",), ("x",)],
    ... })
    >>> recurring_service_factors(frame)[["service", "factor", "incidents", "ids", "expected"]]
      service factor  incidents           ids  expected
    0       x      a          2  (PM-1, PM-3)      2.00
    1       x      b          2  (PM-1, PM-3)      1.33
    >>> recurring_service_factors(frame)["p_adjusted"].isna().all()
    np.True_
    """
    from scipy import stats

    columns = ["service", "factor", "incidents", "ids", "first_seen", "last_seen"]
    extra = ["expected", "p_adjusted", "above_chance"]
    if incidents.empty:
        return _empty_recurring([*columns, *extra])
    frame = incidents[["id", "started", "services", "factors"]]
    both = frame[[bool(s) and bool(f) for s, f in zip(frame["services"], frame["factors"])]]
    total = len(both)
    cited = _recurring(both, ["service", "factor"], 1)
    if cited.empty:
        return _empty_recurring([*columns, *extra])
    on_service = (
        explode_keys(both[["id", "services"]], ["service"]).groupby("service")["id"].nunique()
    )
    citing = explode_keys(both[["id", "factors"]], ["factor"]).groupby("factor")["id"].nunique()
    n_s = on_service.reindex(cited["service"]).to_numpy(dtype=np.int64)
    n_f = citing.reindex(cited["factor"]).to_numpy(dtype=np.int64)
    together = cited["incidents"].to_numpy(dtype=np.int64)
    cited["expected"] = np.round(n_s * n_f / total, 2)
    if total >= min_tested:
        # P(at least `together` of the n_s incidents on the service cite the factor, were
        # the n_f citing it drawn at random from the N); every pair cited at all is a test.
        p_values = stats.hypergeom.sf(together - 1, total, n_f, n_s)
        cited["p_adjusted"] = stats.false_discovery_control(p_values)
    else:
        cited["p_adjusted"] = np.nan
    cited["above_chance"] = (cited["p_adjusted"] <= false_discovery_rate) & (
        cited["incidents"] >= min_incidents
    )
    out = cited[cited["incidents"] >= min_incidents].copy()
    out["_rank"] = np.where(out["above_chance"], out["p_adjusted"], np.inf)
    out = out.sort_values(
        ["_rank", "incidents", "service", "factor"],
        ascending=[True, False, True, True],
        kind="stable",
    )
    return out[[*columns, *extra]].reset_index(drop=True)


def naming_service_and_factor(incidents: pd.DataFrame) -> pd.DataFrame:
    """The incidents that name at least one service and one factor (``id`` ... ``factors``)."""
    frame = incidents[["id", "started", "services", "factors"]]
    keep = [bool(s) and bool(f) for s, f in zip(frame["services"], frame["factors"])]
    return frame[np.array(keep, dtype=bool)]


def fixes_that_did_not_hold(incidents: pd.DataFrame, action_items: pd.DataFrame) -> pd.DataFrame:
    """Incidents whose factor came back on a service after an earlier incident's fix was done.

    Definition. For an earlier incident E and a factor f it cites, E's
    *relevant* action items are those whose ``addresses`` lists f, or all of
    E's items when none lists f. E's *fix for f is done* when it has at least
    one relevant item and every one is ``done`` (a ``wont-do`` or an open item
    means the fix was never complete); the fix's date is the latest
    ``completed`` among them. A later incident L shows that **the fix did not
    hold** when L cites f on a service s that E also affected, E started
    before L, and E's fix for f was completed on a day (UTC) strictly before
    the day L started. For each (L, s, f) the row names the earlier incident
    whose fix was completed last before L (ties: the later-starting earlier
    incident, then the greater id), so that a chain E1, E2, L gives
    E1 -> E2 and E2 -> L, not also E1 -> L.

    Parameters
    ----------
    incidents
        Columns ``id``, ``started``, ``services``, ``factors``.
    action_items
        Columns ``postmortem_id``, ``status``, ``completed``, ``addresses``
        (as in :func:`~pmkb.analytics.frame.action_items_frame`). Items of
        incidents not in ``incidents`` are ignored.

    Returns
    -------
    pandas.DataFrame
        ``service``, ``factor``, ``earlier_id``, ``later_id``,
        ``earlier_started``, ``fix_completed`` (date), ``later_started`` (the
        recurrence) and ``days_after_fix`` (days from the fix to the
        recurrence's UTC start date), ``targeted`` (True when the earlier
        fix had items that ``addresses`` the factor, rather than all items
        standing in for it) and ``linked`` (True when the later post-mortem
        lists the earlier one in ``related``: its authors saw the recurrence
        too). Generic factors such as ``testing-gap`` recur often; ``linked``
        and ``targeted`` rows are the strongest evidence, and a reader should
        see them first. In order of recurrence, then service, factor.

    Examples
    --------
    PM-1's only item addressing ``a`` was done on 10 January; PM-2 cites ``a``
    on the same service on 1 February:

    >>> incidents = pd.DataFrame({
    ...     "id": ["PM-1", "PM-2"],
    ...     "started": pd.to_datetime(["2025-01-05 10:00", "2025-02-01 09:00"], utc=True),
    ...     "services": [("x",), ("x", "y")],
    ...     "factors": [("a", "b"), ("a",)],
    ... })
    >>> items = pd.DataFrame({
    ...     "postmortem_id": ["PM-1", "PM-1"],
    ...     "status": ["done", "open"],
    ...     "completed": pd.to_datetime(["2025-01-10", None]),
    ...     "addresses": [("a",), ("b",)],
    ... })
    >>> fixes_that_did_not_hold(incidents, items)[["service", "factor", "earlier_id", "later_id",
    ...                                            "fix_completed", "days_after_fix"]]
      service factor earlier_id later_id fix_completed  days_after_fix
    0       x      a       PM-1     PM-2    2025-01-10              22
    """
    columns = list(FIX_COLUMNS)
    if incidents.empty or action_items.empty:
        return _empty_fixes()
    ids = set(incidents["id"])
    items = action_items[action_items["postmortem_id"].isin(ids)]
    items = items.assign(
        _done=(items["status"] == "done") & items["completed"].notna(),
        completed=pd.to_datetime(items["completed"]),
    )
    whole = items.groupby("postmortem_id").agg(
        _n=("_done", "size"), _n_done=("_done", "sum"), _last=("completed", "max")
    )
    addressed = (
        items.explode("addresses")
        .dropna(subset=["addresses"])
        .groupby(["postmortem_id", "addresses"])
        .agg(_n=("_done", "size"), _n_done=("_done", "sum"), _last=("completed", "max"))
    )
    addressed.index = addressed.index.set_names(["id", "factor"])

    cited = explode_keys(incidents[["id", "started", "services", "factors"]], ["factor"])
    own = cited.join(addressed, on=["id", "factor"])
    fallback = cited[["id"]].join(whole, on="id")
    use_all = own["_n"].isna().to_numpy()
    for name in ("_n", "_n_done", "_last"):
        own[name] = own[name].where(~use_all, fallback[name])
    own["_targeted"] = ~use_all
    fixed = own[(own["_n"] > 0) & (own["_n"] == own["_n_done"])]
    if fixed.empty:
        return _empty_fixes()

    earlier = explode_keys(fixed, ["service"])
    started_us = _micros(earlier["started"])
    day_us = 86_400_000_000
    # A fix counts from the day after its completion date, and never before
    # its own incident started, so one lookup enforces both conditions.
    counts_from = np.maximum(_micros(pd.to_datetime(earlier["_last"])) + day_us, started_us + 1)
    earlier = pd.DataFrame(
        {
            "service": earlier["service"].to_numpy(),
            "factor": earlier["factor"].to_numpy(),
            "earlier_id": earlier["id"].to_numpy(),
            "earlier_started": started_us,
            "fix_completed": pd.to_datetime(earlier["_last"]).to_numpy(),
            "targeted": earlier["_targeted"].to_numpy(dtype=bool),
            "_from": counts_from,
        }
    ).sort_values(["_from", "earlier_started", "earlier_id"], kind="stable")

    later = explode_keys(cited, ["service"])
    later = pd.DataFrame(
        {
            "service": later["service"].to_numpy(),
            "factor": later["factor"].to_numpy(),
            "later_id": later["id"].to_numpy(),
            "later_started": _micros(later["started"]),
        }
    ).sort_values(["later_started", "later_id"], kind="stable")

    matched = pd.merge_asof(
        later,
        earlier,
        left_on="later_started",
        right_on="_from",
        by=["service", "factor"],
        direction="backward",
        allow_exact_matches=True,
    )
    matched = matched[matched["earlier_id"].notna()].copy()
    if matched.empty:
        return _empty_fixes()
    for name in ("earlier_started", "later_started"):
        micros = matched[name].to_numpy(dtype=np.int64)
        matched[name] = pd.DatetimeIndex(micros.view("datetime64[us]")).tz_localize("UTC")
    matched["fix_completed"] = pd.to_datetime(matched["fix_completed"]).astype("datetime64[s]")
    later_day = matched["later_started"].to_numpy(dtype=np.int64) // day_us
    fix_day = _micros(matched["fix_completed"]) // day_us
    matched["days_after_fix"] = (later_day - fix_day).astype(np.int64)
    links = (
        {
            (later_id, earlier_id)
            for later_id, related in zip(incidents["id"], incidents["related"])
            for earlier_id in related
        }
        if "related" in incidents
        else set()
    )
    matched["targeted"] = matched["targeted"].astype(bool)
    matched["linked"] = [
        (later_id, earlier_id) in links
        for later_id, earlier_id in zip(matched["later_id"], matched["earlier_id"])
    ]
    matched = matched.sort_values(["later_started", "later_id", "service", "factor"], kind="stable")
    return matched[columns].reset_index(drop=True)


def _micros(values: pd.Series) -> np.ndarray:
    """Microseconds since the epoch (UTC) of a datetime Series, aware or naive."""
    micros: npt.NDArray[np.int64] = values.dt.as_unit("us").array.asi8.copy()
    return micros


def _recurring(incidents: pd.DataFrame, keys: list[str], min_incidents: int) -> pd.DataFrame:
    columns = [*keys, "incidents", "ids", "first_seen", "last_seen"]
    if incidents.empty:
        return _empty_recurring(columns)
    rows = explode_keys(incidents[["id", "started", "services", "factors"]], keys)
    if rows.empty:  # no incident names the keys
        return _empty_recurring(columns)
    rows = rows.sort_values(["started", "id"], kind="stable")
    grouped = rows.groupby(keys, sort=True)
    out = grouped.agg(
        incidents=("id", "size"),
        first_seen=("started", "min"),
        last_seen=("started", "max"),
    ).reset_index()
    # Each group's ids in start order, gathered in one pass: aggregating with
    # `tuple` calls it once per group on a Series of its own, and a corpus has
    # thousands of (service, factor) groups.
    ids: list[list[str]] = [[] for _ in range(len(out))]
    for group, incident in zip(grouped.ngroup().tolist(), rows["id"].tolist()):
        ids[group].append(incident)
    out["ids"] = [tuple(group_ids) for group_ids in ids]
    out = out[out["incidents"] >= min_incidents]
    out = out.sort_values(
        ["incidents", *keys], ascending=[False] + [True] * len(keys), kind="stable"
    )
    return out[columns].reset_index(drop=True)


def _empty_recurring(columns: list[str]) -> pd.DataFrame:
    dtypes: dict[str, str | type[object]] = {
        "incidents": np.int64,
        "expected": np.float64,
        "p_adjusted": np.float64,
        "above_chance": bool,
        "first_seen": "datetime64[us, UTC]",
        "last_seen": "datetime64[us, UTC]",
    }
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, object)) for c in columns})


def _empty_fixes() -> pd.DataFrame:
    dtypes: dict[str, str | type[object]] = {
        "earlier_started": "datetime64[us, UTC]",
        "later_started": "datetime64[us, UTC]",
        "fix_completed": "datetime64[s]",
        "days_after_fix": np.int64,
        "targeted": bool,
        "linked": bool,
    }
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, object)) for c in FIX_COLUMNS})
