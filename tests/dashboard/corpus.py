"""A small corpus for the dashboard, described as data so that tests compute what to expect.

Every published post-mortem below is written from an :class:`Incident`; the
tests work out counts, medians, bins and overdue items from these values with
the standard library, never from the code under test. The build's as-of date
is 2025-06-01, so the last 12 months start on 2024-06-01 and the last quarter
on 2025-03-01.

PM-2025-006 is restricted: every field holds a word found nowhere else
(:data:`CANARY`), so that a test can show it leaves no trace in an internal build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tests.site.sitebuild import AS_OF, action_item, report

#: A title that tries to close its script element and open another; U+2028 as well.
HOSTILE_TITLE = "Cache </script><script>alert(1)</script> & <b>bold</b>\u2028 line"


@dataclass(frozen=True)
class Incident:
    id: str
    started: str
    severity: str
    ttd: int  # minutes
    ttr: int  # minutes
    factors: tuple[str, ...]
    services: tuple[str, ...]
    status: str = "published"
    title: str = ""
    related: tuple[str, ...] = ()
    items: tuple[dict[str, Any], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.started.replace("Z", "+00:00"))

    @property
    def month(self) -> str:
        return self.started[:7]

    def text(self) -> str:
        start = self.start
        keys: dict[str, Any] = {
            "severity": self.severity,
            "status": self.status,
            "services": list(self.services),
            "contributing_factors": list(self.factors),
            "timeline": {
                "started": start,
                "detected": start + dt.timedelta(minutes=self.ttd),
                "acknowledged": start + dt.timedelta(minutes=self.ttd + 1),
                "mitigated": start + dt.timedelta(minutes=max(self.ttd + 1, self.ttr // 2)),
                "resolved": start + dt.timedelta(minutes=self.ttr),
            },
            "published": (start + dt.timedelta(minutes=self.ttr) + dt.timedelta(days=1)).date(),
            "action_items": list(self.items),
            **self.extra,
        }
        if self.related:
            keys["related"] = list(self.related)
        return report(self.id, self.title or f"Incident {self.id}", self.started, **keys)


INCIDENTS: tuple[Incident, ...] = (
    Incident(
        "PM-2024-001", "2024-01-15T10:00:00Z", "SEV1", 3, 90,
        ("monitoring-gap", "missing-index"), ("orders-db",),
        items=(action_item("AI-001", "Add an index on orders by customer", "2024-01-30", "done",
                           owner="storage", addresses=["missing-index"]),),
    ),
    Incident(
        "PM-2024-002", "2024-03-10T08:00:00Z", "SEV2", 20, 300,
        ("capacity-planning", "runbook-gap"), ("search-api",),
        items=(action_item("AI-001", "Write the search failover runbook", "2024-04-01",
                           owner="discovery"),),
    ),
    Incident(
        "PM-2024-003", "2024-07-04T12:00:00Z", "SEV3", 10, 45,
        ("missing-index", "testing-gap"), ("orders-db",), related=("PM-2024-001",),
    ),
    Incident(
        "PM-2024-004", "2024-09-20T22:00:00Z", "SEV2", 2, 2000,
        ("monitoring-gap", "unclear-ownership"), ("api-service",),
        items=(
            action_item("AI-001", "Name an owner for the gateway", "2025-01-10", "in-progress",
                        owner="platform-leads"),
            action_item("AI-002", "Alert on gateway error rate", "2024-10-01", "done",
                        owner="observability"),
        ),
    ),
    Incident(
        "PM-2024-005", "2024-11-05T06:30:00Z", "SEV4", 60, 600,
        ("knowledge-silo", "runbook-gap"), ("search-api",),
        items=(action_item("AI-001", "Rewrite the indexer", "2024-12-01", "wont-do"),),
    ),
    Incident(
        "PM-2025-001", "2025-01-20T14:00:00Z", "SEV2", 7, 120,
        ("monitoring-gap", "testing-gap"), ("orders-db",),
    ),
    Incident(
        "PM-2025-002", "2025-03-15T09:00:00Z", "SEV1", 1, 30,
        ("capacity-planning", "monitoring-gap"), ("api-service",),
        items=(action_item("AI-001", "Raise the connection limit", "2025-07-01",
                           owner="platform-leads"),),
    ),
    Incident(
        "PM-2025-003", "2025-04-02T03:00:00Z", "SEV3", 45, 240,
        ("missing-index", "monitoring-gap"), ("orders-db",), title=HOSTILE_TITLE,
    ),
    Incident(
        "PM-2025-004", "2025-05-20T17:00:00Z", "SEV2", 12, 150,
        ("runbook-gap",), ("search-api",),
    ),
    Incident(
        "PM-2025-005", "2025-05-25T17:00:00Z", "SEV4", 5, 50,
        ("testing-gap",), ("api-service",), status="draft",
    ),
)  # fmt: skip

#: Words of the restricted post-mortem, each in one of its fields.
CANARY = (
    "PM-2025-006",
    "pm-2025-006",
    "Zebraquokka",
    "canary-svc-xyzzy",
    "canary-team-plugh",
    "canary-author-thud",
    "canary-reviewer-quux",
    "canary-trigger-grault",
    "Fnordcause",
    "Waldoimpact",
    "Garplybody",
    "Wibbleaction",
    "canary-owner-frob",
    "canary-vendor-corge",
    "tracker.example.com/CANARY-77",
)

RESTRICTED = Incident(
    "PM-2025-006", "2025-04-20T10:00:00Z", "SEV1", 4, 75,
    ("knowledge-silo", "missing-index"), ("canary-svc-xyzzy", "orders-db"),
    title="Zebraquokka payroll leak",
    related=("PM-2025-003",),
    items=(action_item("AI-001", "Wibbleaction the payroll export", "2025-04-25",
                       owner="canary-owner-frob",
                       tracker="https://tracker.example.com/CANARY-77"),),
    extra={
        "visibility": "restricted",
        "teams": ["canary-team-plugh"],
        "authors": ["canary-author-thud"],
        "reviewers": ["canary-reviewer-quux"],
        "trigger": "canary-trigger-grault",
        "root_cause": "Fnordcause held the export open.",
        "impact": {"users_affected": 31337, "summary": "Waldoimpact on payroll"},
        "third_party": {"vendor": "canary-vendor-corge", "expectation": "violated"},
    },
)  # fmt: skip


def files(with_restricted: bool = True) -> dict[str, str]:
    out = {f"{i.started[:4]}/{i.started[:10]}-{i.id.lower()}.md": i.text() for i in INCIDENTS}
    if with_restricted:
        text = RESTRICTED.text().replace(
            "Requests failed until", "Garplybody: requests failed until"
        )
        out[f"2025/2025-04-20-{RESTRICTED.id.lower()}.md"] = text
    return out


#: Post-mortems citing one combination of factors together, far more often than
#: chance would: added to the corpus, they make a cluster of the related-incident graph
#: (the corpus alone has none).
RECURRING: tuple[Incident, ...] = tuple(
    Incident(
        f"PM-2023-{n:03d}",
        f"2023-0{n}-10T10:00:00Z",
        "SEV3",
        5,
        60,
        ("knowledge-silo", "unclear-ownership"),
        (f"ledger-{n}",),
    )
    for n in range(1, 9)
)


def recurring_files() -> dict[str, str]:
    return {f"2023/{i.started[:10]}-{i.id.lower()}.md": i.text() for i in RECURRING}


def counted() -> list[Incident]:
    """What an internal build's analytics count: every incident not restricted, draft or not."""
    return list(INCIDENTS)


def in_period(months: int | None) -> list[Incident]:
    if months is None:
        return counted()
    start = {12: dt.date(2024, 6, 1), 3: dt.date(2025, 3, 1)}[months]
    return [i for i in counted() if start <= i.start.date() <= AS_OF]
