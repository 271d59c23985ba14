"""Generate N realistic, valid post-mortems for the build benchmark.

The shapes follow the shipped sample corpus: 17 services owned by 10 teams, the
shipped taxonomy's factors cited with a skewed (Zipf-like) frequency, two to
five factors per incident across layers, long-tailed response times written in
several UTC offsets, two to six action items in every status, a third of the
incidents linking to one or two earlier ones on the same service, and bodies
of the sample corpus's size (about 5 KB of prose, a timeline table and five
whys). Same seed, same files.

    python benchmarks/generate_corpus.py 1000 /path/to/out   # writes out/YYYY/..., out/taxonomy.yml
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TAXONOMY = REPO / "postmortems" / "taxonomy.yml"

SERVICES = {
    "api-gateway": "edge-networking",
    "cdn-edge": "edge-networking",
    "internal-dns": "edge-networking",
    "checkout-service": "commerce",
    "catalog-service": "commerce",
    "inventory-service": "commerce",
    "payments-api": "payments-platform",
    "billing-service": "payments-platform",
    "orders-db": "payments-platform",
    "identity-service": "identity",
    "search-service": "search-relevance",
    "notification-service": "core-platform",
    "message-bus": "core-platform",
    "k8s-platform": "sre",
    "observability": "sre",
    "data-pipeline": "data-engineering",
    "mobile-bff": "mobile",
}
TRIGGERS = [
    "deploy",
    "config-change",
    "traffic-surge",
    "dependency-failure",
    "capacity",
    "certificate-expiry",
    "schema-migration",
    "data-change",
    "scheduled-job",
    "hardware",
]
DETECTIONS = (
    ["alert"] * 12
    + ["customer-report"] * 3
    + ["internal-report"] * 2
    + ["synthetic-check"] * 2
    + ["other"]
)
SEVERITIES = ["SEV1"] * 2 + ["SEV2"] * 8 + ["SEV3"] * 11 + ["SEV4"] * 6
OFFSETS = (
    [dt.timedelta(0)] * 5
    + [dt.timedelta(hours=h) for h in (1, 2, -5, -8, 9)]
    + [dt.timedelta(hours=5, minutes=30)]
)
CATEGORIES = ["investigate", "mitigate", "repair", "detect", "mitigate-future", "prevent"]
VERBS = [
    "Add",
    "Alert on",
    "Document",
    "Automate",
    "Migrate",
    "Enforce",
    "Rotate",
    "Cap",
    "Test",
    "Schedule",
    "Replace",
    "Split",
    "Raise",
    "Instrument",
    "Remove",
]
OBJECTS = [
    "connection-pool utilisation above 80% for five minutes",
    "the rollback runbook for the service",
    "certificate renewal for every ingress certificate",
    "a canary stage with automatic halt on 5xx",
    "the per-client rate limit at 200 requests per second",
    "the consumer-lag panel and page",
    "the staging data set to production-sized tables",
    "the retry budget to three attempts with jitter",
    "the DNS TTL of the service records to 60 seconds",
    "a load test of the checkout path at 3x peak",
    "the on-call escalation path for the owning team",
    "a weekly restore drill of the primary database",
]
SENTENCES = [
    "The {svc} error rate rose from 0.2% to {pct}% within two minutes of the change reaching the first region.",
    "Requests queued behind a saturated pool of {n} connections, and p99 latency climbed past {ms} ms.",
    "The on-call engineer for {team} acknowledged the page and opened the incident channel.",
    "Dashboards showed the symptom, but no alert covered the signal that would have pointed at the cause.",
    "The incident commander asked for a rollback once the deploy was identified as the most recent change.",
    "Traffic was shifted away from the affected zone while the team confirmed the mechanism.",
    "Retries from upstream clients doubled the load on {svc} and delayed recovery by several minutes.",
    "A configuration value that differed between staging and production made the test results misleading.",
    "Customer support reported a rise in failed checkouts before the alert threshold was crossed.",
    "The runbook described the old topology, so responders rebuilt the procedure during the incident.",
    "After the mitigation, error rates returned to baseline and the backlog drained in {mins} minutes.",
    "Ownership of the alert had moved between teams during a reorganisation and was never reassigned.",
]


def _zipf_weights(n: int, s: float = 1.05) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


def _iso(moment: dt.datetime, offset: dt.timedelta) -> str:
    return moment.astimezone(dt.timezone(offset)).isoformat()


def _lognormal_minutes(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


def generate(
    count: int,
    out: Path,
    seed: int = 20261122,
    start: dt.date = dt.date(2016, 1, 1),
    end: dt.date = dt.date(2026, 11, 1),
) -> list[Path]:
    """Write ``count`` post-mortems and the taxonomy into ``out``; return the files."""
    rng = random.Random(seed)
    taxonomy = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))["factors"]
    factors = list(taxonomy)
    rng.shuffle(factors)
    weights = _zipf_weights(len(factors))
    services = list(SERVICES)
    service_weights = _zipf_weights(len(services), 0.8)
    span = (end - start).days * 86400
    starts = sorted(
        dt.datetime.combine(start, dt.time(), tzinfo=dt.timezone.utc)
        + dt.timedelta(seconds=rng.randrange(span))
        for _ in range(count)
    )
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(TAXONOMY, out / "taxonomy.yml")
    per_year: dict[int, int] = {}
    by_service: dict[str, list[str]] = {}
    written = []
    for index, started in enumerate(starts):
        per_year[started.year] = per_year.get(started.year, 0) + 1
        pm_id = f"PM-{started.year}-{per_year[started.year]:03d}"
        svc = rng.choices(services, service_weights, k=rng.choice([1, 1, 2, 2, 3]))
        svc = list(dict.fromkeys(svc))
        teams = sorted({SERVICES[s] for s in svc})
        chosen: list[str] = []
        while len(chosen) < rng.randint(2, 5):
            tag = rng.choices(factors, weights)[0]
            if tag not in chosen:
                chosen.append(tag)
        offset = rng.choice(OFFSETS)
        ttd = _lognormal_minutes(rng, 8, 1.2)
        tta = _lognormal_minutes(rng, 4, 0.8)
        ttm = ttd + tta + _lognormal_minutes(rng, 35, 1.0)
        ttr = ttm + _lognormal_minutes(rng, 90, 1.0)
        detected = started + dt.timedelta(minutes=ttd)
        acknowledged = detected + dt.timedelta(minutes=tta)
        mitigated = started + dt.timedelta(minutes=ttm)
        resolved = started + dt.timedelta(minutes=ttr)
        draft = index >= count - max(1, count // 60)
        published = resolved.date() + dt.timedelta(days=rng.choice([0, 1, 1, 2, 2, 3, 6]))
        related = []
        for s in svc:
            earlier = by_service.get(s, [])
            if earlier and rng.random() < 0.35:
                related.append(rng.choice(earlier[-30:]))
        related = sorted(set(related))[:2]
        for s in svc:
            by_service.setdefault(s, []).append(pm_id)
        items = []
        for n in range(1, rng.randint(2, 6) + 1):
            due = resolved.date() + dt.timedelta(days=rng.choice([3, 7, 14, 30, 45, 60]))
            age = (end - due).days
            status = rng.choices(
                ["done", "wont-do", "in-progress", "open"],
                [0.85, 0.05, 0.05, 0.05] if age > 180 else [0.5, 0.05, 0.2, 0.25],
            )[0]
            item: dict[str, object] = {
                "id": f"AI-{n:03d}",
                "action": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                "owner": rng.choice(teams + ["sre", "observability"]),
                "due": due,
                "priority": rng.choice(["P1", "P2", "P2", "P3"]),
                "category": rng.choice(CATEGORIES),
                "status": status,
            }
            if status == "done":
                item["completed"] = due - dt.timedelta(days=rng.randint(-10, 5))
            if rng.random() < 0.5:
                item["tracker"] = (
                    f"https://tracker.example.com/browse/OPS-{rng.randint(1000, 99999)}"
                )
            item["addresses"] = [rng.choice(chosen)]
            items.append(item)
        # As long as the sample corpus's titles (about 87 characters), since
        # titles are most of the all-incidents list's weight; the id keeps each
        # one unique, so that a search for it has one right answer.
        symptom = rng.choice(
            ["Elevated errors", "Latency spike", "Partial outage", "Failed jobs", "Degraded search"]
        )
        cause = rng.choice(
            ["a deploy", "a config change", "a traffic surge", "a dependency failure"]
        )
        title = (
            f"{symptom} on {svc[0]} for {round(ttr)} minutes after {cause} "
            f"in {started:%B} ({pm_id.lower()})"
        )
        meta: dict[str, object] = {
            "id": pm_id,
            "title": title,
            "status": "draft" if draft else "published",
            "severity": rng.choice(SEVERITIES),
            "services": svc,
            "teams": teams,
            "authors": [f"{teams[0]}-oncall"],
            "reviewers": ["sre-incident-commander"],
            "timeline": {
                "started": _iso(started, offset),
                "detected": _iso(detected, offset),
                "acknowledged": _iso(acknowledged, offset),
                "mitigated": _iso(mitigated, offset),
                "resolved": _iso(resolved, offset),
            },
            "published": published,
            "follow_up_review": published + dt.timedelta(days=28),
            "detection": rng.choice(DETECTIONS),
            "trigger": rng.choice(TRIGGERS),
            "impact": {
                "users_affected": rng.randint(10, 200_000),
                "failed_requests": rng.randint(100, 2_000_000),
                "data_loss": False,
                "summary": f"Customers of {svc[0]} saw errors or slow responses for {int(ttm)} minutes.",
            },
            "root_cause": (
                f"A change to {svc[0]} met a condition that tests and staging did not reproduce, "
                "and the signal that would have shown it early was not alerted on."
            ),
            "contributing_factors": chosen,
            "action_items": items,
        }
        if related:
            meta["related"] = related
        if rng.random() < 0.05:
            meta["visibility"] = "public"
        body = _body(
            rng, svc[0], teams[0], started, [detected, acknowledged, mitigated, resolved], chosen
        )
        path = out / f"{started:%Y}" / f"{started:%Y-%m-%d}-{pm_id.lower()}.md"
        path.parent.mkdir(exist_ok=True)
        text = (
            "---\n"
            + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
            + "---\n\n"
            + body
        )
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _paragraph(rng: random.Random, svc: str, team: str, k: int) -> str:
    return " ".join(
        rng.choice(SENTENCES).format(
            svc=svc,
            team=team,
            pct=rng.randint(2, 40),
            n=rng.choice([20, 50, 100]),
            ms=rng.choice([800, 1500, 4000]),
            mins=rng.randint(5, 90),
        )
        for _ in range(k)
    )


def _body(
    rng: random.Random,
    svc: str,
    team: str,
    started: dt.datetime,
    marks: list[dt.datetime],
    factors: list[str],
) -> str:
    rows = [(started, f"First errors on {svc}.")]
    labels = [
        "Alert fired and paged the on-call engineer.",
        "On-call engineer acknowledged.",
        "Mitigation applied; error rate back to baseline.",
        "Incident resolved.",
    ]
    extra = sorted(started + (marks[2] - started) * rng.random() for _ in range(rng.randint(2, 6)))
    rows += [(m, _paragraph(rng, svc, team, 1)) for m in extra]
    rows += list(zip(marks, labels))
    rows.sort(key=lambda r: r[0])
    table = "\n".join(
        f"| {m.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} | {text} |" for m, text in rows
    )
    whys = "\n".join(f"{i}. Why? {_paragraph(rng, svc, team, 1)}" for i in range(1, 6))
    factor_lines = "\n".join(f"- `{tag}`: {_paragraph(rng, svc, team, 1)}" for tag in factors)
    return f"""## Summary

{_paragraph(rng, svc, team, 4)}

## Impact

{_paragraph(rng, svc, team, 3)}

## Timeline

All times UTC.

| Time (UTC) | Event |
|---|---|
{table}

## Root Cause

{_paragraph(rng, svc, team, 5)}

{_paragraph(rng, svc, team, 4)}

## Contributing Factors

{factor_lines}

## Five Whys

{whys}

## What Went Well

- {_paragraph(rng, svc, team, 1)}
- {_paragraph(rng, svc, team, 1)}

## What Went Wrong

- {_paragraph(rng, svc, team, 1)}
- {_paragraph(rng, svc, team, 1)}

## Lessons Learned

{_paragraph(rng, svc, team, 3)}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)
    files = generate(args.count, args.out, args.seed)
    print(f"wrote {len(files)} post-mortems to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
