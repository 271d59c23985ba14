from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pandas as pd
from pmkb.analytics.frame import action_items_frame, incidents_frame
from pmkb.analytics.recurrence import (
    fixes_that_did_not_hold,
    recurring_factors,
    recurring_service_factors,
)

from .builders import item, pm

AS_OF = dt.date(2025, 6, 1)


def fixes(records) -> list[tuple]:
    incidents = incidents_frame(records)
    items = action_items_frame(records, AS_OF)
    table = fixes_that_did_not_hold(incidents, items)
    return [
        (
            r.service,
            r.factor,
            r.earlier_id,
            r.later_id,
            r.fix_completed.date().isoformat(),
            r.days_after_fix,
        )
        for r in table.itertuples()
    ]


def earlier(
    *items_,
    services=("api",),
    factors=("monitoring-gap", "runbook-gap"),
    pm_id="PM-2025-001",
    started="2025-01-05T10:00:00Z",
):
    return pm(pm_id, started, services=list(services), factors=list(factors), items=list(items_))


def later(
    started="2025-02-01T09:00:00Z",
    services=("api", "db"),
    factors=("monitoring-gap", "runbook-gap"),
    pm_id="PM-2025-002",
):
    return pm(pm_id, started, services=list(services), factors=list(factors))


def test_fix_that_did_not_hold_when_the_addressing_items_were_done():
    records = [
        earlier(
            item("AI-001", status="done", completed="2025-01-10", addresses=["monitoring-gap"]),
            item("AI-002", status="open", addresses=["runbook-gap"]),
        ),
        later(),
    ]
    # monitoring-gap's item was done; runbook-gap's is open; db was not affected before.
    assert fixes(records) == [
        ("api", "monitoring-gap", "PM-2025-001", "PM-2025-002", "2025-01-10", 22)
    ]


def test_wont_do_means_the_fix_was_never_complete():
    records = [
        earlier(
            item("AI-001", status="done", completed="2025-01-10", addresses=["monitoring-gap"]),
            item("AI-002", status="wont-do", addresses=["monitoring-gap"]),
        ),
        later(),
    ]
    assert fixes(records) == []


def test_without_addressing_items_every_item_of_the_incident_counts():
    records = [
        earlier(
            item("AI-001", status="done", completed="2025-01-10", addresses=["testing-gap"]),
            item("AI-002", status="done", completed="2025-01-12"),
        ),
        later(factors=("runbook-gap",)),
    ]
    assert fixes(records) == [
        ("api", "runbook-gap", "PM-2025-001", "PM-2025-002", "2025-01-12", 20)
    ]
    still_open = [
        earlier(
            item("AI-001", status="done", completed="2025-01-10"),
            item("AI-002", status="in-progress"),
        ),
        later(factors=("runbook-gap",)),
    ]
    assert fixes(still_open) == []


def test_an_incident_without_action_items_had_no_fix():
    assert fixes([earlier(), later()]) == []


def test_the_fix_must_be_done_a_day_before_the_recurrence_in_utc():
    fixed = item("AI-001", status="done", completed="2025-02-01", addresses=["monitoring-gap"])
    factors = ("monitoring-gap",)
    # Same UTC day as the fix: not counted, whatever the local offset says.
    same_day = later(started="2025-02-02T00:30:00+05:30", factors=factors)  # 2025-02-01 19:00 UTC
    assert fixes([earlier(fixed, factors=factors), same_day]) == []
    next_day = later(started="2025-02-01T20:00:00-05:00", factors=factors)  # 2025-02-02 01:00 UTC
    assert fixes([earlier(fixed, factors=factors), next_day]) == [
        ("api", "monitoring-gap", "PM-2025-001", "PM-2025-002", "2025-02-01", 1)
    ]


def test_a_fix_completed_after_the_recurrence_is_not_a_failed_fix():
    records = [
        earlier(item("AI-001", status="done", completed="2025-03-01"), factors=("monitoring-gap",)),
        later(factors=("monitoring-gap",)),
    ]
    assert fixes(records) == []


def test_a_different_service_is_not_a_recurrence():
    records = [
        earlier(item("AI-001", status="done", completed="2025-01-10"), services=("search",)),
        later(),
    ]
    assert fixes(records) == []


def test_chains_name_the_latest_fix_before_each_recurrence():
    f = ("monitoring-gap",)
    records = [
        earlier(item("AI-001", status="done", completed="2025-01-10"), factors=f),
        pm(
            "PM-2025-002",
            "2025-02-01T09:00:00Z",
            services=["api"],
            factors=list(f),
            items=[item("AI-001", status="done", completed="2025-02-05")],
        ),
        pm("PM-2025-003", "2025-03-01T09:00:00Z", services=["api"], factors=list(f)),
    ]
    assert fixes(records) == [
        ("api", "monitoring-gap", "PM-2025-001", "PM-2025-002", "2025-01-10", 22),
        ("api", "monitoring-gap", "PM-2025-002", "PM-2025-003", "2025-02-05", 24),
    ]
    # When the second incident's fix is still open, the first fix is the one that failed again.
    records[1] = pm(
        "PM-2025-002",
        "2025-02-01T09:00:00Z",
        services=["api"],
        factors=list(f),
        items=[item("AI-001", status="open")],
    )
    assert fixes(records) == [
        ("api", "monitoring-gap", "PM-2025-001", "PM-2025-002", "2025-01-10", 22),
        ("api", "monitoring-gap", "PM-2025-001", "PM-2025-003", "2025-01-10", 50),
    ]


def test_fixes_done_the_same_day_name_the_later_incident():
    f = ("monitoring-gap",)
    records = [
        earlier(
            item("AI-001", status="done", completed="2025-01-20"),
            factors=f,
            pm_id="PM-2025-001",
            started="2025-01-05T10:00:00Z",
        ),
        earlier(
            item("AI-001", status="done", completed="2025-01-20"),
            factors=f,
            pm_id="PM-2025-002",
            started="2025-01-06T10:00:00Z",
        ),
        later(pm_id="PM-2025-003", started="2025-02-01T00:00:00Z", factors=f, services=("api",)),
    ]
    # PM-2025-001's fix came after PM-2025-002 started, so that is no recurrence; for
    # PM-2025-003 both fixes are from the same day and the later incident is named.
    assert [r[2:4] for r in fixes(records)] == [("PM-2025-002", "PM-2025-003")]


def test_items_of_incidents_not_in_the_table_are_ignored():
    records = [
        earlier(item("AI-001", status="done", completed="2025-01-10"), factors=("monitoring-gap",)),
        later(factors=("monitoring-gap",)),
    ]
    incidents = incidents_frame(records[1:])  # the earlier one is filtered out
    items = action_items_frame(records, AS_OF)
    assert fixes_that_did_not_hold(incidents, items).empty


def test_empty_inputs():
    empty = incidents_frame([])
    items = action_items_frame([], AS_OF)
    assert list(fixes_that_did_not_hold(empty, items).columns)[:4] == [
        "service",
        "factor",
        "earlier_id",
        "later_id",
    ]
    assert recurring_factors(empty).empty and recurring_service_factors(empty).empty


def test_recurring_factors_and_service_factor_pairs():
    records = [
        pm("PM-2025-003", "2025-03-01T00:00:00Z", services=["api"], factors=["monitoring-gap"]),
        pm(
            "PM-2025-001",
            "2025-01-01T00:00:00+05:30",
            services=["api", "db"],
            factors=["monitoring-gap", "runbook-gap"],
        ),
        pm(
            "PM-2025-002",
            "2025-02-01T00:00:00Z",
            services=["db"],
            factors=["runbook-gap", "monitoring-gap"],
        ),
        pm("PM-2025-004", "2025-04-01T00:00:00Z", services=["db"], factors=["testing-gap"]),
    ]
    incidents = incidents_frame(records)
    by_factor = recurring_factors(incidents)
    assert list(zip(by_factor["factor"], by_factor["incidents"], by_factor["ids"])) == [
        ("monitoring-gap", 3, ("PM-2025-001", "PM-2025-002", "PM-2025-003")),
        ("runbook-gap", 2, ("PM-2025-001", "PM-2025-002")),
    ]
    first = by_factor.iloc[0]
    assert first["first_seen"] == pd.Timestamp("2024-12-31T18:30:00Z")
    assert first["last_seen"] == pd.Timestamp("2025-03-01T00:00:00Z")
    pairs = recurring_service_factors(incidents)
    assert list(zip(pairs["service"], pairs["factor"], pairs["ids"])) == [
        ("api", "monitoring-gap", ("PM-2025-001", "PM-2025-003")),
        ("db", "monitoring-gap", ("PM-2025-001", "PM-2025-002")),
        ("db", "runbook-gap", ("PM-2025-001", "PM-2025-002")),
    ]
    assert len(recurring_factors(incidents, min_incidents=1)) == 3


def test_targeted_and_linked_flags_rank_the_evidence():
    """targeted: the earlier fix named the factor; linked: the authors linked the two."""
    first = earlier(
        item("AI-001", status="done", completed="2025-01-10", addresses=["monitoring-gap"]),
        item("AI-002", status="done", completed="2025-01-12"),
    )
    second = pm(
        "PM-2025-002",
        "2025-02-01T09:00:00Z",
        services=["api"],
        factors=["monitoring-gap", "runbook-gap"],
        related=["PM-2025-001"],
    )
    table = fixes_that_did_not_hold(
        incidents_frame([first, second]), action_items_frame([first], AS_OF)
    )
    flags = {(r.factor, r.targeted, r.linked) for r in table.itertuples()}
    # monitoring-gap had its own item; runbook-gap fell back to all of the incident's items.
    assert flags == {("monitoring-gap", True, True), ("runbook-gap", False, True)}
    unlinked = pm("PM-2025-002", "2025-02-01T09:00:00Z", services=["api"], factors=["runbook-gap"])
    table = fixes_that_did_not_hold(
        incidents_frame([first, unlinked]), action_items_frame([first], AS_OF)
    )
    assert [(r.factor, r.targeted, r.linked) for r in table.itertuples()] == [
        ("runbook-gap", False, False)
    ]


# --- recurrence against chance ------------------------------------------------


def _by_hand(frame: pd.DataFrame) -> tuple[Counter, Counter, Counter, int]:
    """Pairs, incidents per service and per factor, and N: of incidents naming both."""
    rows = [(set(s), set(f)) for s, f in zip(frame["services"], frame["factors"]) if s and f]
    pairs = Counter((s, f) for services, factors in rows for s in services for f in factors)
    on = Counter(s for services, _ in rows for s in services)
    citing = Counter(f for _, factors in rows for f in factors)
    return pairs, on, citing, len(rows)


def _random_frame(seed: int, n: int, plant: tuple[str, str, int] | None = None) -> pd.DataFrame:
    """Factors and services drawn independently, the busiest and commonest far ahead;
    with ``plant`` (service, factor, every k-th), one pair added to one incident in k."""
    rng = np.random.default_rng(seed)
    services = [f"svc-{i:02d}" for i in range(15)]
    factors = [f"fac-{i:02d}" for i in range(20)]
    on = rng.dirichlet(np.full(len(services), 0.7))
    cite = rng.dirichlet(np.full(len(factors), 0.7))
    rows = []
    for i in range(n):
        s = set(rng.choice(services, size=int(rng.integers(1, 3)), p=on).tolist())
        f = set(rng.choice(factors, size=int(rng.integers(1, 4)), p=cite).tolist())
        if plant and i % plant[2] == 0:
            s.add(plant[0])
            f.add(plant[1])
        started = pd.Timestamp("2025-01-01", tz="UTC") + pd.Timedelta(hours=i)
        rows.append((f"PM-{i:04d}", started, tuple(sorted(f)), tuple(sorted(s))))
    return pd.DataFrame(rows, columns=["id", "started", "factors", "services"])


def test_a_pair_that_merely_repeats_is_not_above_chance():
    """400 incidents, factors on services at random: hundreds of pairs repeat, none is a pattern."""
    called = []
    for seed in range(8):
        frame = _random_frame(seed, 400)
        pairs = recurring_service_factors(frame)
        counted, _, _, _ = _by_hand(frame)
        assert len(pairs) == sum(1 for n in counted.values() if n >= 2) > 100
        assert pairs["p_adjusted"].notna().all()
        called.append(int(pairs["above_chance"].sum()))
    # At a false-discovery rate of 5 %, a corpus with nothing planted calls a pair in about
    # one build in twenty: here in at most one of the eight.
    assert sum(1 for n in called if n) <= 1, called


def test_a_planted_pair_is_above_chance_with_its_expected_count():
    for seed in range(3):
        frame = _random_frame(100 + seed, 400, plant=("svc-03", "fac-07", 20))
        pairs = recurring_service_factors(frame)
        counted, on, citing, total = _by_hand(frame)
        above = pairs[pairs["above_chance"]]
        assert list(zip(above["service"], above["factor"]))[:1] == [("svc-03", "fac-07")], seed
        first = above.iloc[0]
        assert first["incidents"] == counted[("svc-03", "fac-07")]
        assert first["expected"] == round(on["svc-03"] * citing["fac-07"] / total, 2)
        assert first["expected"] < first["incidents"]
        # Above chance first, then every other repeat by count.
        assert pairs["above_chance"].tolist() == sorted(pairs["above_chance"], reverse=True)


def test_too_few_incidents_are_not_tested_against_chance():
    frame = _random_frame(7, 9)
    pairs = recurring_service_factors(frame)
    assert len(pairs) and pairs["p_adjusted"].isna().all() and not pairs["above_chance"].any()
    assert recurring_service_factors(_random_frame(7, 10))["p_adjusted"].notna().all()
