"""A rebuild reuses the related-incident graph when an edit leaves its inputs alone.

Most edits while writing (a title, an action item's status, a timeline
entry) change no factor, service, trigger, link or start: the graph's edges,
clusters and related lists are then reused, with the new labels on its nodes.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
from pmkb.analytics import analyse
from pmkb.analytics import recurrence as rc
from pmkb.analytics import update as update_analytics
from pmkb.analytics.synthetic import random_postmortems

AS_OF = dt.date(2025, 6, 1)


def _analyse(postmortems, previous=None, related_count=5, taxonomy=None):  # type: ignore[no-untyped-def]
    arguments = dict(
        as_of=AS_OF,
        audience=None,
        taxonomy=taxonomy,
        graph_statuses=None,
        related_count=related_count,
    )
    if previous is None:
        return analyse(postmortems, **arguments)
    return update_analytics(previous, postmortems, **arguments)


def _same_graph(a: nx.Graph, b: nx.Graph) -> bool:
    return (
        sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
        and sorted(a.edges(data=True)) == sorted(b.edges(data=True))
        and a.graph == b.graph
    )


def test_a_title_edit_reuses_the_graph_with_the_new_title() -> None:
    postmortems = random_postmortems(300, seed=3)
    first = _analyse(postmortems)
    edited = postmortems[:]
    edited[7] = edited[7].model_copy(update={"title": "Edited: " + edited[7].title})
    again = _analyse(edited, previous=first)
    fresh = _analyse(edited)
    # Reused: the clusters are the very same objects, not recomputed.
    assert again.graph.graph["clusters"] is first.graph.graph["clusters"]
    assert again.related is first.related
    # And the result is what a cold run gives, new title included.
    assert _same_graph(again.graph, fresh.graph)
    assert again.graph.nodes[edited[7].id]["title"].startswith("Edited: ")
    assert first.graph.nodes[edited[7].id]["title"] == postmortems[7].title
    assert again.related == fresh.related


def test_an_edit_to_factors_or_links_computes_the_graph_again() -> None:
    postmortems = random_postmortems(300, seed=3)
    first = _analyse(postmortems)
    target = postmortems[10]
    others = [p.id for p in postmortems if p.id != target.id]
    for update in (
        {"contributing_factors": [*target.contributing_factors, "untested-rollback"]},
        {"services": ["a-service-no-one-else-has"]},
        {"related": [others[-1]]},
    ):
        edited = postmortems[:]
        edited[10] = target.model_copy(update=update)
        again = _analyse(edited, previous=first)
        assert again.graph.graph["clusters"] is not first.graph.graph["clusters"]
        assert _same_graph(again.graph, _analyse(edited).graph)


def test_another_related_count_lists_again_from_the_reused_graph() -> None:
    postmortems = random_postmortems(120, seed=5)
    first = _analyse(postmortems, related_count=5)
    again = _analyse(postmortems, previous=first, related_count=2)
    assert again.graph.graph["clusters"] is first.graph.graph["clusters"]
    assert again.related == _analyse(postmortems, related_count=2).related
    assert max(len(v) for v in again.related.values()) == 2


# --- the metrics and the data files ----------------------------------------------


def _edits(target):  # type: ignore[no-untyped-def]
    """(name, the frontmatter keys changed, the data files that may be reused).

    The action-items table carries each item's incident severity and start;
    the metrics read every column but the title, root cause and path.
    """
    data = target.model_dump(mode="json")
    item = data["action_items"][0]
    flipped = "done" if item["status"] != "done" else "open"
    closed = {"status": flipped, "completed": AS_OF.isoformat() if flipped == "done" else None}
    timeline = {**data["timeline"], "resolved": data["timeline"]["detected"]}
    metrics, items = "data/metrics.json", "data/action-items.csv"
    return [
        ("title", {"title": "Edited " + target.title}, {metrics, items}),
        ("root cause", {"root_cause": "A different sentence about the cause."}, {metrics, items}),
        ("severity", {"severity": "SEV1" if data["severity"] != "SEV1" else "SEV4"}, set()),
        ("action item", {"action_items": [{**item, **closed}]}, set()),
        ("action text", {"action_items": [{**item, "action": "Another action"}]}, set()),
        ("timeline", {"timeline": timeline}, {items}),
        ("factors", {"contributing_factors": ["config-drift", "monitoring-gap"]}, {items}),
        ("teams", {"teams": ["a-team-of-its-own"]}, {items}),
    ]


def _with(target, update):  # type: ignore[no-untyped-def]
    """``target`` with ``update`` applied to its frontmatter, validated as a file would be."""
    return type(target).model_validate({**target.model_dump(mode="json"), **update})


def test_every_edit_gives_what_a_cold_run_gives_and_reuses_only_what_it_may() -> None:
    postmortems = random_postmortems(200, seed=11)
    first = _analyse(postmortems)
    # A published one with action items, so every edit is counted in the metrics.
    index = next(
        i
        for i, p in enumerate(postmortems)
        if p.status.value == "published" and p.action_items and p.timeline.resolved
    )
    for name, update, reusable in _edits(postmortems[index]):
        edited = postmortems[:]
        edited[index] = _with(postmortems[index], update)
        again = _analyse(edited, previous=first)
        cold = _analyse(edited)
        _same_tables(again, cold)
        assert again.metrics == cold.metrics, name
        # The summaries are reused exactly when no column they read changed.
        assert (again.summaries is first.summaries) == ("data/metrics.json" in reusable), name
        assert again.files() == cold.files(), name


def test_the_metrics_are_computed_again_for_another_as_of_date_or_taxonomy() -> None:
    postmortems = random_postmortems(120, seed=2)
    first = _analyse(postmortems)
    later = update_analytics(first, postmortems, as_of=AS_OF + dt.timedelta(days=90), audience=None)
    assert later.metrics is not first.metrics
    assert later.metrics.as_of == AS_OF + dt.timedelta(days=90)
    layers = {"config-drift": "organisational"}
    layered = _analyse(postmortems, previous=first, taxonomy=layers)
    assert layered.metrics is not first.metrics
    assert layered.metrics == _analyse(postmortems, taxonomy=layers).metrics


# --- the tables' rows ---------------------------------------------------------------


def _same_tables(a, b) -> None:  # type: ignore[no-untyped-def]
    pd.testing.assert_frame_equal(a.incidents, b.incidents)
    pd.testing.assert_frame_equal(a.action_items, b.action_items)


def test_the_rows_of_unchanged_postmortems_are_reused_and_the_tables_are_a_cold_runs() -> None:
    postmortems = random_postmortems(150, seed=4)
    first = _analyse(postmortems)
    index = next(i for i, p in enumerate(postmortems) if p.action_items and p.related)
    target, other = postmortems[index], postmortems[index + 1]
    ids = [p.id for p in postmortems]
    started = target.timeline.started - dt.timedelta(days=400)
    edits = {
        "title": {"title": "Edited " + target.title},
        # Moves the row: the table is sorted by start.
        "start": {
            "timeline": {**target.timeline.model_dump(mode="json"), "started": started.isoformat()}
        },
        "links": {"related": [ids[0], ids[-1]]},
        "action items": {"action_items": []},
    }
    for name, update in edits.items():
        edited = postmortems[:]
        edited[index] = _with(target, update)
        again = _analyse(edited, previous=first)
        _same_tables(again, _analyse(edited))
        # An unchanged post-mortem's rows are the very rows of the last tables.
        assert again.rows.incident(other, None) is first.rows.incident(other, None), name
        assert again.rows.items(other, AS_OF) is first.rows.items(other, AS_OF), name
        assert again.rows.incident(edited[index], None) is not None, name
    # Added, removed, and a link to one that is gone.
    removed = [p for p in postmortems if p.id != other.id]
    again = _analyse(removed, previous=first)
    _same_tables(again, _analyse(removed))
    assert other.id not in set(again.incidents["id"])
    added = [*postmortems, _with(other, {"id": "PM-2099-001", "related": [target.id]})]
    _same_tables(_analyse(added, previous=first), _analyse(added))


def test_another_as_of_date_makes_the_action_items_rows_again() -> None:
    postmortems = random_postmortems(120, seed=6)
    first = _analyse(postmortems)
    assert first.action_items["overdue"].any()
    # On the first due date, nothing is overdue yet.
    earlier = min(item.due for p in postmortems for item in p.action_items)
    again = update_analytics(first, postmortems, as_of=earlier, audience=None, graph_statuses=None)
    _same_tables(again, analyse(postmortems, as_of=earlier, audience=None, graph_statuses=None))
    assert not again.action_items["overdue"].any()


# --- the metrics' parts ---------------------------------------------------------------

#: After the random corpus' last incident: the last ones fall in every period.
PARTS_AS_OF = dt.date(2025, 2, 1)


def _part_edits(postmortems, first):  # type: ignore[no-untyped-def]
    """(name, id, update): an edit of every frontmatter field the metrics read.

    Each is made where it changes what its field feeds: the latest incident (in
    every period) for most, and a fix that did not hold for links and addresses.
    """
    latest = max(postmortems, key=lambda p: p.timeline.started)
    data = latest.model_dump(mode="json")
    item, *rest = data["action_items"]
    timeline = data["timeline"]

    def shifted(days: int) -> dict[str, object]:
        return {
            "timeline": {
                k: None
                if v is None
                else (dt.datetime.fromisoformat(v) + dt.timedelta(days=days)).isoformat()
                for k, v in timeline.items()
            }
        }

    started = dt.datetime.fromisoformat(timeline["started"])
    fixes = rc.fixes_that_did_not_hold(first.incidents, first.action_items)
    fix = fixes[~fixes["targeted"] & ~fixes["linked"]].iloc[-1]
    earlier = next(p for p in postmortems if p.id == fix["earlier_id"])
    earlier_items = earlier.model_dump(mode="json")["action_items"]
    other = "customer-report" if data["detection"] != "customer-report" else "alert"
    hidden = "internal" if data["visibility"] == "restricted" else "restricted"
    edits = {
        "severity": {"severity": "SEV1" if data["severity"] != "SEV1" else "SEV4"},
        "report status": {"status": "in-review"},
        "published": {"published": "2025-01-31"},
        "detection": {"detection": other},
        "trigger": {"trigger": "a-trigger-of-its-own"},
        "services": {"services": [*data["services"], "a-service-of-its-own"]},
        "teams": {"teams": ["a-team-of-its-own"]},
        "factors": {"contributing_factors": ["config-drift", "monitoring-gap"]},
        "detected later": {
            "timeline": {
                **timeline,
                "detected": (started + dt.timedelta(hours=9)).isoformat(),
                "acknowledged": None,
            }
        },
        "resolved later": {
            "timeline": {**timeline, "resolved": (started + dt.timedelta(days=3)).isoformat()}
        },
        # Into the next quarter, still the latest incident: only its quarter changes.
        "next quarter": shifted(1),
        "a year earlier": shifted(-365),
        "impact": {"impact": {"users_affected": 12345, "data_loss": True, "revenue_usd": 10.5}},
        "third party": {"third_party": {"vendor": "a-vendor", "expectation": "violated"}},
        "visibility": {"visibility": hidden},
        "item closed": {
            "action_items": [{**item, "status": "done", "completed": "2025-01-20"}, *rest]
        },
        "item started": {"action_items": [{**item, "status": "in-progress"}, *rest]},
        # The item is open and due after the as-of date: now overdue.
        "item due": {"action_items": [{**item, "due": "2024-06-01"}, *rest]},
        "item priority": {
            "action_items": [
                {**item, "priority": "P1" if item["priority"] != "P1" else "P3"},
                *rest,
            ]
        },
        "item category": {
            "action_items": [
                {**item, "category": "prevent" if item["category"] != "prevent" else "detect"},
                *rest,
            ]
        },
        "item owner": {"action_items": [{**item, "owner": "a-team-of-its-own"}, *rest]},
        "item text": {
            "action_items": [{**item, "action": "Add another check", "tracker": None}, *rest]
        },
        "no items": {"action_items": []},
    }
    yield from ((name, latest.id, update) for name, update in edits.items())
    yield "links", fix["later_id"], {"related": [fix["earlier_id"]]}
    yield (
        "addresses",
        earlier.id,
        {"action_items": [{**earlier_items[0], "addresses": [fix["factor"]]}, *earlier_items[1:]]},
    )


def _cold(postmortems):  # type: ignore[no-untyped-def]
    """A first analysis, with no claim kept from another one."""
    from pmkb.analytics import changes

    changes._share_claim.cache_clear()
    changes._median_values_claim.cache_clear()
    return analyse(postmortems, as_of=PARTS_AS_OF, audience=None, graph_statuses=None)


def test_every_field_edited_gives_the_summaries_of_a_cold_run_in_every_period() -> None:
    postmortems = random_postmortems(200, seed=11)
    # The latest incident's first action item open, due after the as-of date.
    latest = max(range(len(postmortems)), key=lambda i: postmortems[i].timeline.started)
    data = postmortems[latest].model_dump(mode="json")
    assert data["action_items"] and data["status"] == "published"
    opened = {**data["action_items"][0], "status": "open", "completed": None, "due": "2026-01-01"}
    postmortems[latest] = _with(
        postmortems[latest], {"action_items": [opened, *data["action_items"][1:]]}
    )
    first = _cold(postmortems)
    assert postmortems[latest].id in set(first.summaries.periods["last-quarter"].incidents["id"])
    position = {p.id: i for i, p in enumerate(postmortems)}
    for name, pm_id, update in _part_edits(postmortems, first):
        edited = postmortems[:]
        edited[position[pm_id]] = _with(postmortems[position[pm_id]], update)
        again = update_analytics(
            first, edited, as_of=PARTS_AS_OF, audience=None, graph_statuses=None
        )
        cold = _cold(edited)
        assert again.summaries.quality == cold.summaries.quality, name
        assert again.summaries.changes == cold.summaries.changes, name
        for slug, period in cold.summaries.periods.items():
            assert again.summaries.periods[slug].metrics == period.metrics, (name, slug)
        assert again.files() == cold.files(), name


def test_a_severity_edit_reuses_the_parts_that_do_not_read_severity() -> None:
    postmortems = random_postmortems(200, seed=11)
    index = max(range(len(postmortems)), key=lambda i: postmortems[i].timeline.started)
    first = _cold(postmortems)
    severity = "SEV1" if postmortems[index].severity.value != "SEV1" else "SEV4"
    edited = postmortems[:]
    edited[index] = _with(postmortems[index], {"severity": severity})
    again = update_analytics(first, edited, as_of=PARTS_AS_OF, audience=None, graph_statuses=None)
    for slug, period in again.summaries.periods.items():
        before = first.summaries.periods[slug].metrics
        # In every period, the edited incident counts: the severity breakdowns change...
        assert period.metrics.response_times.by_severity != before.response_times.by_severity
        # ...and the parts that never read severity are the last build's own.
        assert period.metrics.factors is before.factors, slug
        assert period.metrics.recurrence is before.recurrence, slug
        assert period.metrics.response_times.by_service is before.response_times.by_service
        assert period.metrics.action_items.by_priority is before.action_items.by_priority
