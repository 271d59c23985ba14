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
