"""metrics.json against a from-scratch computation of the same definitions.

The reference below reads the post-mortem models directly with plain Python
and the statistics module: no pandas, no code shared with the analytics.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter, defaultdict

import pytest
from pmkb.analytics.exports import metrics_json
from pmkb.analytics.frame import action_items_frame, incidents_frame
from pmkb.analytics.metrics import build_metrics
from pmkb.analytics.recurrence import fixes_that_did_not_hold
from pmkb.analytics.synthetic import random_postmortems

AS_OF = dt.date(2024, 6, 30)
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def corpus():
    records = random_postmortems(200, seed=20240630, years=2.0)
    counted = list(records)  # every incident counts, whatever its report's status
    incidents = incidents_frame(records)
    items = action_items_frame(records, AS_OF)
    metrics = json.loads(metrics_json(build_metrics(incidents, items, as_of=AS_OF)))
    return counted, metrics, incidents, items


def minutes(start, end):
    return None if end is None else (end - start).total_seconds() / 60


def durations(pm):
    t = pm.timeline
    return {
        "ttd": minutes(t.started, t.detected),
        "tta": minutes(t.detected, t.acknowledged) if t.acknowledged else None,
        "ttm": minutes(t.started, t.mitigated),
        "ttr": minutes(t.started, t.resolved),
    }


def quarter(pm):
    start = pm.timeline.started.astimezone(UTC)
    return f"{start.year}Q{(start.month - 1) // 3 + 1}"


def p90(values):
    # statistics' "inclusive" method is the linear (type 7) interpolation.
    return (
        values[0] if len(values) == 1 else statistics.quantiles(values, n=10, method="inclusive")[8]
    )


def test_the_corpus_is_not_trivial(corpus):
    counted, metrics, _, _ = corpus
    assert {pm.status.value for pm in counted} == {"draft", "in-review", "published"}
    assert len(counted) > 150
    assert metrics["incidents"]["total"] == len(counted)
    assert metrics["recurrence"]["fixes_that_did_not_hold"]["total"] > 0


def test_response_times_per_quarter_and_severity(corpus):
    counted, metrics, _, _ = corpus
    for key, rows in (("quarter", "by_quarter"), ("severity", "by_severity")):
        groups = defaultdict(list)
        for pm in counted:
            groups[quarter(pm) if key == "quarter" else pm.severity.value].append(durations(pm))
        reported = {(r["metric"], r[key]): r for r in metrics["response_times"][rows]}
        for group, members in groups.items():
            for metric in ("ttd", "tta", "ttm", "ttr"):
                values = sorted(d[metric] for d in members if d[metric] is not None)
                row = reported[(metric, group)]
                assert row["incidents"] == len(members)
                assert row["count"] == len(values)
                assert row["missing"] == len(members) - len(values)
                assert row["low_sample"] == (len(values) < 6)
                if values:
                    assert row["median"] == pytest.approx(statistics.median(values), abs=1e-4)
                    assert row["mean"] == pytest.approx(statistics.fmean(values), abs=1e-4)
                    assert row["p90"] == pytest.approx(p90(values), abs=1e-4)
                else:
                    assert row["median"] is None and row["mean"] is None


def test_counts_by_severity_and_factor_frequency(corpus):
    counted, metrics, _, _ = corpus
    severities = Counter(pm.severity.value for pm in counted)
    assert {r["severity"]: r["incidents"] for r in metrics["incidents"]["by_severity"]} == {
        s: severities.get(s, 0) for s in ("SEV1", "SEV2", "SEV3", "SEV4")
    }
    factors = Counter(tag for pm in counted for tag in set(pm.contributing_factors))
    reported = {r["factor"]: (r["incidents"], r["share"]) for r in metrics["factors"]["frequency"]}
    assert {tag: n for tag, (n, _) in reported.items()} == dict(factors)
    for n, share in reported.values():
        assert share == pytest.approx(n / len(counted), abs=1e-4)


def test_action_items(corpus):
    counted, metrics, _, _ = corpus
    items = [(pm, ai) for pm in counted for ai in pm.action_items]
    done = [(pm, ai) for pm, ai in items if ai.status.value == "done"]
    wont = sum(ai.status.value == "wont-do" for _, ai in items)
    overdue = sum(ai.status.value in ("open", "in-progress") and ai.due < AS_OF for _, ai in items)
    days = [(ai.completed - pm.timeline.started.astimezone(UTC).date()).days for pm, ai in done]
    overall = metrics["action_items"]["overall"]
    assert (overall["total"], overall["done"], overall["wont_do"], overall["overdue"]) == (
        len(items),
        len(done),
        wont,
        overdue,
    )
    assert overall["completion_rate"] == pytest.approx(len(done) / (len(items) - wont), abs=1e-4)
    assert overall["median_days_to_close"] == pytest.approx(statistics.median(days))


def reference_fixes(counted):
    """Every (later, service, factor) recurrence, by brute force over all pairs."""

    def fix(pm, tag):
        relevant = [ai for ai in pm.action_items if tag in ai.addresses] or list(pm.action_items)
        if not relevant or any(ai.status.value != "done" for ai in relevant):
            return None
        return max(ai.completed for ai in relevant)

    rows = set()
    for later in counted:
        later_start = later.timeline.started.astimezone(UTC)
        for service in set(later.services):
            for tag in set(later.contributing_factors):
                best = None
                for earlier in counted:
                    start = earlier.timeline.started.astimezone(UTC)
                    if earlier.id == later.id or start >= later_start:
                        continue
                    if service not in earlier.services or tag not in earlier.contributing_factors:
                        continue
                    done = fix(earlier, tag)
                    if done is None or done >= later_start.date():
                        continue
                    candidate = (done, start, earlier.id)
                    best = candidate if best is None or candidate > best else best
                if best is not None:
                    rows.add(
                        (
                            service,
                            tag,
                            best[2],
                            later.id,
                            best[0].isoformat(),
                            (later_start.date() - best[0]).days,
                        )
                    )
    return rows


def test_fixes_that_did_not_hold(corpus):
    counted, metrics, incidents, items = corpus
    expected = reference_fixes(counted)
    table = fixes_that_did_not_hold(incidents, items)
    got = {
        (
            r.service,
            r.factor,
            r.earlier_id,
            r.later_id,
            r.fix_completed.date().isoformat(),
            r.days_after_fix,
        )
        for r in table.itertuples()
    }
    assert got == expected
    summary = metrics["recurrence"]["fixes_that_did_not_hold"]
    assert summary["total"] == len(expected)
    per_pair = Counter((s, f) for s, f, *_ in expected)
    assert {
        (r["service"], r["factor"]): r["recurrences"] for r in summary["by_service_factor"]
    } == dict(per_pair)
