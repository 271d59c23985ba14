"""Small fixed and large random corpora built in memory, for examples, tests and benchmarks.

:func:`example_postmortems` is the three-incident corpus the docstrings of
this package run on. :func:`random_postmortems` makes any number of valid,
realistic post-mortems from a seed: long-tailed durations, timestamps in
several time zones, a skewed choice of factors and services, missing optional
timestamps, action items in every status. Nothing here reads or writes files.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from typing import Any

from pmkb.model import PostMortem

UTC = dt.timezone.utc
_OFFSETS = (
    UTC,
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
    dt.timezone(dt.timedelta(hours=-7)),
    dt.timezone(dt.timedelta(hours=2)),
    dt.timezone(dt.timedelta(hours=9)),
)
_TRIGGERS = (
    "deploy",
    "config-change",
    "traffic-surge",
    "dependency-failure",
    "hardware",
    "certificate-expiry",
    "schema-migration",
    "scheduled-job",
)


def example_postmortems() -> list[PostMortem]:
    """Three post-mortems that the examples in this package's docstrings use.

    ========== =========== ========== ============ ===== =====
    id         status      visibility started (UTC) TTD   TTA
    ========== =========== ========== ============ ===== =====
    PM-2025-001 published  public     03-01 10:00  15    --
    PM-2025-002 published  internal   04-10 06:30  5     10
    PM-2025-003 draft      restricted 05-20 08:00  60    5
    ========== =========== ========== ============ ===== =====

    PM-2025-002 starts at 12:00+05:30. PM-2025-001 has one item done ten days
    after the incident and one in progress, due 2025-04-01; PM-2025-002 has one
    open item due 2025-06-01.
    """

    def ts(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text)

    common: dict[str, Any] = {
        "authors": ["sre-oncall"],
        "detection": "alert",
        "root_cause": "A change removed a safety margin nobody was watching.",
    }
    return [
        PostMortem.model_validate(
            dict(
                id="PM-2025-001",
                title="Checkout errors after a connection-pool change",
                status="published",
                severity="SEV2",
                visibility="public",
                services=["checkout", "orders-db"],
                timeline={
                    "started": ts("2025-03-01T10:00:00+00:00"),
                    "detected": ts("2025-03-01T10:15:00+00:00"),
                    "resolved": ts("2025-03-01T12:00:00+00:00"),
                },
                published=dt.date(2025, 3, 3),
                trigger="config-change",
                contributing_factors=["monitoring-gap", "unsafe-config-change"],
                action_items=[
                    {
                        "id": "AI-001",
                        "action": "Alert on pool saturation at 80%",
                        "owner": "sre",
                        "due": dt.date(2025, 3, 15),
                        "priority": "P1",
                        "category": "detect",
                        "status": "done",
                        "completed": dt.date(2025, 3, 11),
                        "addresses": ["monitoring-gap"],
                    },
                    {
                        "id": "AI-002",
                        "action": "Stage pool changes behind a flag",
                        "owner": "platform",
                        "due": dt.date(2025, 4, 1),
                        "priority": "P2",
                        "category": "prevent",
                        "status": "in-progress",
                    },
                ],
                **common,
            )
        ),
        PostMortem.model_validate(
            dict(
                id="PM-2025-002",
                title="Search latency from an unindexed query",
                status="published",
                severity="SEV3",
                visibility="internal",
                services=["search"],
                timeline={
                    "started": ts("2025-04-10T12:00:00+05:30"),
                    "detected": ts("2025-04-10T06:35:00+00:00"),
                    "acknowledged": ts("2025-04-10T06:45:00+00:00"),
                    "resolved": ts("2025-04-10T08:00:00+00:00"),
                },
                published=dt.date(2025, 4, 11),
                trigger="deploy",
                contributing_factors=["missing-index", "monitoring-gap"],
                related=["PM-2025-001"],
                action_items=[
                    {
                        "id": "AI-001",
                        "action": "Add the missing index",
                        "owner": "search-team",
                        "due": dt.date(2025, 6, 1),
                        "priority": "P1",
                        "category": "repair",
                        "status": "open",
                        "addresses": ["missing-index"],
                    },
                ],
                **common,
            )
        ),
        PostMortem.model_validate(
            dict(
                id="PM-2025-003",
                title="Payment retries overloaded the ledger",
                status="draft",
                severity="SEV1",
                visibility="restricted",
                services=["payments", "ledger"],
                timeline={
                    "started": ts("2025-05-20T08:00:00+00:00"),
                    "detected": ts("2025-05-20T09:00:00+00:00"),
                    "acknowledged": ts("2025-05-20T09:05:00+00:00"),
                },
                trigger="traffic-surge",
                contributing_factors=["retry-storm", "missing-rate-limit"],
                related=["PM-2025-001"],
                **common,
            )
        ),
    ]


def random_postmortems(
    n: int,
    *,
    seed: int = 0,
    factors: Sequence[str] | None = None,
    services: Sequence[str] | None = None,
    start: dt.date = dt.date(2022, 1, 1),
    years: float = 3.0,
) -> list[PostMortem]:
    """``n`` valid post-mortems drawn from a seeded generator.

    Parameters
    ----------
    n
        How many.
    seed
        The same seed gives the same corpus.
    factors, services
        Vocabularies to draw from (default: 37 factors ``factor-00`` ... and 16
        services ``service-00`` ...). Both are drawn with Zipf-like weights, so
        a few are common and most are rare, as in real archives.
    start, years
        Incidents start uniformly over ``years`` years from ``start``.

    Notes
    -----
    About 90 % are published (5 % drafts, 5 % in review), 20 % public and 10 %
    restricted. Durations are log-normal (TTD median about 8 minutes, TTR
    about 3 hours); about 20 % lack ``acknowledged`` and 15 % ``mitigated``.
    Each incident cites 2 to 5 factors, affects 1 to 3 services and has 0 to 4
    action items; about 5 % link to an earlier incident.
    """
    rng = random.Random(seed)
    factors = list(factors) if factors else [f"factor-{i:02d}" for i in range(37)]
    services = list(services) if services else [f"service-{i:02d}" for i in range(16)]
    factor_weights = [1 / (i + 1) for i in range(len(factors))]
    service_weights = [1 / (i + 1) ** 0.8 for i in range(len(services))]
    span = years * 365.25 * 86400
    origin = dt.datetime.combine(start, dt.time(), UTC)
    starts = sorted(origin + dt.timedelta(seconds=int(rng.random() * span)) for _ in range(n))

    per_year: dict[int, int] = {}
    out: list[PostMortem] = []
    ids: list[str] = []
    for started_utc in starts:
        per_year[started_utc.year] = per_year.get(started_utc.year, 0) + 1
        pm_id = f"PM-{started_utc.year}-{per_year[started_utc.year]:03d}"
        tz = rng.choice(_OFFSETS)

        def minutes(median: float, sigma: float = 1.0) -> dt.timedelta:
            return dt.timedelta(seconds=int(60 * median * math.exp(rng.gauss(0, sigma))) + 1)

        detected = started_utc + minutes(8)
        acknowledged = detected + minutes(4) if rng.random() > 0.2 else None
        mitigated = (acknowledged or detected) + minutes(45) if rng.random() > 0.15 else None
        resolved = (mitigated or acknowledged or detected) + minutes(90)
        status = rng.choices(("published", "in-review", "draft"), (90, 5, 5))[0]
        chosen_factors = _sample(rng, factors, factor_weights, rng.randint(2, 5))
        item_count = rng.choices((0, 1, 2, 3, 4), (10, 25, 30, 20, 15))[0]
        items = []
        for index in range(item_count):
            item_status = rng.choices(("done", "open", "in-progress", "wont-do"), (55, 20, 15, 10))[
                0
            ]
            day0 = started_utc.date()
            item: dict[str, Any] = {
                "id": f"AI-{index + 1:03d}",
                "action": "Add a check that would have caught this",
                "owner": rng.choice(("sre", "platform", "payments", "search-team", "data")),
                "due": day0 + dt.timedelta(days=rng.randint(7, 60)),
                "priority": rng.choice(("P1", "P2", "P3")),
                "category": rng.choice(
                    ("investigate", "mitigate", "repair", "detect", "mitigate-future", "prevent")
                ),
                "status": item_status,
            }
            if item_status == "done":
                item["completed"] = day0 + dt.timedelta(days=rng.randint(1, 90))
            if rng.random() < 0.6:
                item["addresses"] = [rng.choice(chosen_factors)]
            items.append(item)
        related = [rng.choice(ids)] if ids and rng.random() < 0.05 else []
        out.append(
            PostMortem.model_validate(
                {
                    "id": pm_id,
                    "title": f"Synthetic incident {pm_id}",
                    "status": status,
                    "severity": rng.choices(("SEV1", "SEV2", "SEV3", "SEV4"), (5, 20, 45, 30))[0],
                    "visibility": rng.choices(("public", "internal", "restricted"), (20, 70, 10))[
                        0
                    ],
                    "services": _sample(
                        rng, services, service_weights, rng.choices((1, 2, 3), (60, 30, 10))[0]
                    ),
                    "authors": ["sre-oncall"],
                    "timeline": {
                        "started": started_utc.astimezone(tz),
                        "detected": detected.astimezone(rng.choice(_OFFSETS)),
                        "acknowledged": acknowledged.astimezone(tz) if acknowledged else None,
                        "mitigated": mitigated.astimezone(tz) if mitigated else None,
                        "resolved": resolved.astimezone(tz),
                    },
                    "published": (resolved + dt.timedelta(days=rng.randint(1, 5))).date(),
                    "detection": rng.choices(
                        ("alert", "customer-report", "internal-report", "synthetic-check", "other"),
                        (60, 15, 15, 8, 2),
                    )[0],
                    "trigger": rng.choice(_TRIGGERS) if rng.random() > 0.1 else None,
                    "root_cause": "A synthetic cause.",
                    "contributing_factors": chosen_factors,
                    "action_items": items,
                    "related": related,
                }
            )
        )
        ids.append(pm_id)
    return out


def _sample(rng: random.Random, population: list[str], weights: list[float], k: int) -> list[str]:
    """``k`` distinct values drawn with the given weights."""
    chosen: list[str] = []
    while len(chosen) < min(k, len(population)):
        value = rng.choices(population, weights)[0]
        if value not in chosen:
            chosen.append(value)
    return chosen


#: Factors every planted incident draws its first factor from, one each, equally often.
PLANTED_PRIMARY = ("monitoring-gap", "testing-gap", "runbook-gap", "capacity-planning")
#: Factors a planted incident cites besides, each on its own, with these shares.
PLANTED_EXTRA: dict[str, float] = {
    "missing-index": 0.2,
    "unsafe-config-change": 0.15,
    "retry-storm": 0.08,
    "knowledge-silo": 0.1,
}
_SEVERITY_WEIGHTS = {"SEV1": 0.1, "SEV2": 0.25, "SEV3": 0.4, "SEV4": 0.25}


def planted_postmortems(
    *,
    seed: int,
    as_of: dt.date,
    months: int,
    per_month: float,
    ttd_minutes: float = 8.0,
    ttr_minutes: float = 180.0,
    severities: dict[str, float] | None = None,
    extra_factors: dict[str, float] | None = None,
    detected_at_start: float = 0.0,
    action_items: bool = True,
    rate_scale_last: tuple[int, float] | None = None,
    ttr_scale_last: tuple[int, float] | None = None,
    factor_share_last: tuple[int, str, float] | None = None,
    factor_on_service: tuple[str, str, float] | None = None,
) -> list[PostMortem]:
    """Post-mortems with known statistics: stationary, or with one change planted.

    Incidents start at random over the ``months`` months up to ``as_of``,
    ``per_month`` a month on average (a Poisson process). Each cites one of
    :data:`PLANTED_PRIMARY` and each of ``extra_factors`` (default
    :data:`PLANTED_EXTRA`) with its share; durations are log-normal around
    their medians; 85 % of reports are published, 10 % in review, 5 % drafts;
    each incident has one to three action items.

    Parameters
    ----------
    seed
        The same seed gives the same corpus.
    ttd_minutes, ttr_minutes
        Median time to detect and to resolve.
    severities
        Weights of each severity (``{"SEV2": 1}``: every incident SEV2).
    detected_at_start
        The share of incidents whose ``detected`` is their ``started``.
    action_items
        False: not one action item.
    rate_scale_last, ttr_scale_last
        ``(m, s)``: in the last ``m`` months, incidents come ``s`` times as
        often, or take ``s`` times as long to resolve.
    factor_share_last
        ``(m, tag, share)``: in the last ``m`` months, ``tag`` (one of the
        extra factors) is cited by ``share`` of the incidents.
    factor_on_service
        ``(service, tag, share)``: an incident on ``service`` (``checkout``,
        ``search`` or ``orders-db``, each a third of them) also cites ``tag``
        with chance ``share``, from a stream of its own: the rest of the corpus
        is the seed's. Without it, factors fall on services independently.

    Examples
    --------
    >>> corpus = planted_postmortems(seed=3, as_of=dt.date(2025, 1, 1), months=24, per_month=10)
    >>> 180 < len(corpus) < 300, sorted({pm.status.value for pm in corpus})
    (True, ['draft', 'in-review', 'published'])
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    planted = np.random.default_rng([seed, 1])
    weights = severities or _SEVERITY_WEIGHTS
    extras = dict(PLANTED_EXTRA if extra_factors is None else extra_factors)
    end = dt.datetime.combine(as_of, dt.time(), UTC)
    first_day = as_of - dt.timedelta(days=round(months * 30.44))

    def since(last_months: int) -> dt.date:
        return as_of - dt.timedelta(days=round(last_months * 30.44))

    starts: list[dt.datetime] = []
    day = first_day
    while day < as_of:
        rate = per_month / 30.44
        if rate_scale_last and day >= since(rate_scale_last[0]):
            rate *= rate_scale_last[1]
        for _ in range(int(rng.poisson(rate))):
            moment = dt.datetime.combine(day, dt.time(), UTC)
            starts.append(moment + dt.timedelta(seconds=int(rng.integers(0, 86400))))
        day += dt.timedelta(days=1)
    starts.sort()

    def minutes(median: float, sigma: float) -> dt.timedelta:
        return dt.timedelta(seconds=int(60 * median * float(np.exp(rng.normal(0, sigma)))) + 1)

    out: list[PostMortem] = []
    per_year: dict[int, int] = {}
    for started in starts:
        if started >= end:
            continue
        per_year[started.year] = per_year.get(started.year, 0) + 1
        pm_id = f"PM-{started.year}-{per_year[started.year]:03d}"
        recent = started.date()
        detected = (
            started if rng.random() < detected_at_start else started + minutes(ttd_minutes, 1.0)
        )
        acknowledged = detected + minutes(4, 0.8)
        mitigated = acknowledged + minutes(20, 0.8)
        scale = ttr_scale_last[1] if ttr_scale_last and recent >= since(ttr_scale_last[0]) else 1
        resolved = max(
            started + minutes(ttr_minutes * scale, 0.7), mitigated + dt.timedelta(1 / 24 / 60)
        )
        shares = dict(extras)
        if factor_share_last and recent >= since(factor_share_last[0]):
            shares[factor_share_last[1]] = factor_share_last[2]
        factors = [PLANTED_PRIMARY[int(rng.integers(0, len(PLANTED_PRIMARY)))]]
        factors += [tag for tag, share in shares.items() if rng.random() < share]
        status = str(rng.choice(["published", "in-review", "draft"], p=[0.85, 0.1, 0.05]))
        items = []
        for index in range(int(rng.integers(1, 4)) if action_items else 0):
            item_status = str(
                rng.choice(["done", "open", "in-progress", "wont-do"], p=[0.65, 0.15, 0.08, 0.12])
            )
            day0 = started.date()
            item: dict[str, Any] = {
                "id": f"AI-{index + 1:03d}",
                "action": "Add a check that would have caught this",
                "owner": str(rng.choice(["sre", "platform", "payments"])),
                "due": day0 + dt.timedelta(days=int(rng.integers(14, 46))),
                "priority": str(rng.choice(["P1", "P2", "P3"])),
                "category": "detect",
                "status": item_status,
            }
            if item_status == "done":
                item["completed"] = day0 + dt.timedelta(days=int(rng.integers(3, 61)))
            items.append(item)
        record: dict[str, Any] = {
            "id": pm_id,
            "title": f"Planted incident {pm_id}",
            "status": status,
            "severity": str(rng.choice(list(weights), p=_normalised(weights))),
            "services": [str(rng.choice(["checkout", "search", "orders-db"]))],
            "authors": ["sre-oncall"],
            "timeline": {
                "started": started,
                "detected": detected,
                "acknowledged": acknowledged,
                "mitigated": mitigated,
                "resolved": resolved,
            },
            "published": (resolved + dt.timedelta(days=2)).date(),
            "detection": str(rng.choice(["alert", "customer-report", "internal-report"])),
            "trigger": str(rng.choice(["deploy", "config-change", "traffic-surge"])),
            "root_cause": "A planted cause.",
            "contributing_factors": factors,
            "action_items": items,
        }
        if (
            factor_on_service
            and record["services"] == [factor_on_service[0]]
            and planted.random() < factor_on_service[2]
            and factor_on_service[1] not in factors
        ):
            factors.append(factor_on_service[1])
        out.append(PostMortem.model_validate(record))
    return out


def planted_frame(
    *,
    seed: int,
    months: int,
    per_month: float,
    as_of: dt.date,
    ttr_minutes: float = 180.0,
    ttr_scale_last: tuple[int, float] | None = None,
) -> Any:
    """The incidents table of :func:`planted_postmortems` (every status), for examples.

    >>> frame = planted_frame(seed=1, months=12, per_month=5, as_of=dt.date(2025, 1, 1))
    >>> sorted(frame["quarter"].unique())
    ['2024Q1', '2024Q2', '2024Q3', '2024Q4']
    """
    from pmkb.analytics.frame import incidents_frame

    corpus = planted_postmortems(
        seed=seed,
        as_of=as_of,
        months=months,
        per_month=per_month,
        ttr_minutes=ttr_minutes,
        ttr_scale_last=ttr_scale_last,
    )
    return incidents_frame(corpus, include_statuses=None)


def _normalised(weights: dict[str, float]) -> list[float]:
    total = sum(weights.values())
    return [w / total for w in weights.values()]
