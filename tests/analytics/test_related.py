from __future__ import annotations

import math
import random
from itertools import combinations

import networkx as nx
import pandas as pd
import pytest
from pmkb.analytics.frame import incidents_frame
from pmkb.analytics.related import (
    RelatedIncident,
    RelatednessWeights,
    _candidates,
    _Feature,
    detect_clusters,
    related_graph,
    top_related,
)
from pmkb.analytics.synthetic import random_postmortems

LN3, LN5 = math.log(3), math.log(5)


def table(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["started"] = pd.to_datetime(frame["started"], utc=True)
    for column in ("factors", "services", "related"):
        frame[column] = frame[column].map(tuple)
    return frame


@pytest.fixture
def four() -> pd.DataFrame:
    return table(
        [
            {
                "id": "A",
                "title": "a",
                "severity": "SEV1",
                "started": "2025-01-01",
                "factors": ["monitoring-gap", "runbook-gap"],
                "services": ["api"],
                "trigger": "deploy",
                "related": [],
            },
            {
                "id": "B",
                "title": "b",
                "severity": "SEV2",
                "started": "2025-02-01",
                "factors": ["monitoring-gap"],
                "services": ["api", "db"],
                "trigger": "deploy",
                "related": [],
            },
            {
                "id": "C",
                "title": "c",
                "severity": "SEV3",
                "started": "2025-03-01",
                "factors": ["runbook-gap", "testing-gap"],
                "services": ["search"],
                "trigger": "config-change",
                "related": ["A"],
            },
            {
                "id": "D",
                "title": "d",
                "severity": "SEV4",
                "started": "2025-04-01",
                "factors": ["ownership-gap"],
                "services": ["billing"],
                "trigger": "deploy",
                "related": [],
            },
        ]
    )


def test_weights_by_hand(four):
    graph = related_graph(four)
    assert sorted(graph.edges) == [("A", "B"), ("A", "C")]
    # A-B: monitoring-gap and api are each cited by 2 of 4: log(1 + 4/2) each, plus the trigger.
    assert graph.edges["A", "B"]["weight"] == pytest.approx(2 * LN3 + 0.5)
    # A-C: the explicit link and runbook-gap (2 of 4).
    assert graph.edges["A", "C"]["weight"] == pytest.approx(4 + LN3)
    assert graph.edges["A", "C"]["linked"] and not graph.edges["A", "B"]["linked"]
    # A shared trigger alone makes no edge (A-D, B-D).
    assert graph.degree["D"] == 0


def test_reasons_and_order_of_top_related(four):
    related = top_related(related_graph(four))
    assert list(related) == ["A", "B", "C", "D"]
    assert related["A"] == [
        RelatedIncident("C", pytest.approx(4 + LN3), linked=True, factors=("runbook-gap",)),
        RelatedIncident(
            "B",
            pytest.approx(2 * LN3 + 0.5),
            factors=("monitoring-gap",),
            services=("api",),
            trigger="deploy",
        ),
    ]
    assert related["A"][0].reasons == ("explicit link", "shared factors: runbook-gap")
    assert related["A"][1].reasons == (
        "shared factors: monitoring-gap",
        "shared services: api",
        "same trigger: deploy",
    )
    assert [r.id for r in related["B"]] == ["A"]
    assert related["D"] == []
    assert top_related(four, k=1)["A"][0].id == "C"  # a table is turned into a graph


def test_custom_weights(four):
    weights = RelatednessWeights(link=10.0, factor=2.0, service=0.0, trigger=0.0)
    graph = related_graph(four, weights=weights)
    assert graph.edges["A", "B"]["weight"] == pytest.approx(2 * LN3)
    assert graph.edges["A", "C"]["weight"] == pytest.approx(10 + 2 * LN3)


def test_shared_factors_are_listed_rarest_first_then_by_tag():
    frame = table(
        [
            {
                "id": "X",
                "started": "2025-01-01",
                "factors": ["runbook-gap", "monitoring-gap", "testing-gap"],
                "services": ["a"],
                "trigger": None,
                "related": [],
            },
            {
                "id": "Y",
                "started": "2025-01-02",
                "factors": ["monitoring-gap", "testing-gap", "runbook-gap"],
                "services": ["b"],
                "trigger": None,
                "related": [],
            },
            {
                "id": "Z",
                "started": "2025-01-03",
                "factors": ["monitoring-gap"],
                "services": ["c"],
                "trigger": None,
                "related": [],
            },
            {
                "id": "W",
                "started": "2025-01-04",
                "factors": ["runbook-gap"],
                "services": ["d"],
                "trigger": None,
                "related": [],
            },
        ]
    )
    graph = related_graph(frame)
    assert graph.edges["X", "Y"]["factors"] == ("testing-gap", "monitoring-gap", "runbook-gap")
    assert graph.edges["X", "Y"]["weight"] == pytest.approx(LN3 + 2 * math.log(1 + 4 / 3))
    assert graph.edges["X", "Y"]["trigger"] is None


def test_ties_are_broken_by_id():
    frame = table(
        [
            {
                "id": f"P{i}",
                "started": f"2025-01-0{i}",
                "factors": ["a"],
                "services": [f"s{i}"],
                "trigger": None,
                "related": [],
            }
            for i in (3, 1, 2)
        ]
    )
    related = top_related(related_graph(frame))
    assert [r.id for r in related["P3"]] == ["P1", "P2"]
    assert [r.id for r in related["P1"]] == ["P2", "P3"]


def test_keep_top_drops_edges_neither_end_keeps():
    frame = table(
        [
            {
                "id": "P1",
                "started": "2025-01-01",
                "factors": ["a", "c"],
                "services": ["s"],
                "trigger": None,
                "related": [],
            },
            {
                "id": "P2",
                "started": "2025-01-02",
                "factors": ["a", "c"],
                "services": ["t"],
                "trigger": None,
                "related": [],
            },
            {
                "id": "P3",
                "started": "2025-01-03",
                "factors": ["b", "d"],
                "services": ["s"],
                "trigger": None,
                "related": [],
            },
            {
                "id": "P4",
                "started": "2025-01-04",
                "factors": ["b", "d"],
                "services": ["u"],
                "trigger": None,
                "related": [],
            },
        ]
    )
    assert sorted(related_graph(frame, keep_top=None).edges) == [
        ("P1", "P2"),
        ("P1", "P3"),
        ("P3", "P4"),
    ]
    assert sorted(related_graph(frame, keep_top=1).edges) == [("P1", "P2"), ("P3", "P4")]


def test_links_to_unknown_ids_are_ignored(four):
    four.loc[3, "related"] = ("PM-2099-001",)
    assert related_graph(four).degree["D"] == 0


def test_nodes_carry_attributes_and_clusters(four):
    graph = related_graph(four)
    node = graph.nodes["A"]
    assert (node["title"], node["severity"], node["started"]) == (
        "a",
        "SEV1",
        "2025-01-01T00:00:00Z",
    )
    assert node["factors"] == ("monitoring-gap", "runbook-gap")
    clusters = graph.graph["clusters"]
    assert [c.members for c in clusters] == [("A", "B", "C")]
    assert graph.nodes["A"]["cluster"] == 1 and graph.nodes["D"]["cluster"] is None


def test_clusters_can_be_skipped(four):
    graph = related_graph(four, clusters=False)
    assert graph.graph["clusters"] == [] and graph.nodes["A"]["cluster"] is None
    assert sorted(graph.edges) == [("A", "B"), ("A", "C")]


def test_clusters_are_named_by_over_represented_factors():
    rows = []
    for group, tag in enumerate(["alpha", "beta"]):
        for i in range(3):
            rows.append(
                {
                    "id": f"PM-{group}{i}",
                    "started": f"2025-0{group + 1}-0{i + 1}",
                    "factors": [tag, "common"],
                    "services": [f"svc-{group}"],
                    "trigger": None,
                    "related": [],
                }
            )
    graph = related_graph(table(rows))
    clusters = detect_clusters(graph)
    # 'common' is everywhere: p = q, so it tells nothing and names nothing.
    assert [(c.name, c.members) for c in clusters] == [
        ("alpha", ("PM-00", "PM-01", "PM-02")),
        ("beta", ("PM-10", "PM-11", "PM-12")),
    ]
    assert clusters[0].top_factors == (("alpha", 3),)
    assert clusters[0].top_services == (("svc-0", 3),)
    assert detect_clusters(graph, min_size=4) == []
    assert detect_clusters(nx.Graph()) == []


def test_empty_and_one_incident():
    empty = incidents_frame([])
    graph = related_graph(empty)
    assert graph.number_of_nodes() == 0 and graph.graph["clusters"] == []
    assert top_related(graph) == {}
    one = table(
        [
            {
                "id": "A",
                "started": "2025-01-01",
                "factors": ["a"],
                "services": ["s"],
                "trigger": "deploy",
                "related": [],
            }
        ]
    )
    assert top_related(related_graph(one)) == {"A": []}


def test_bad_arguments(four):
    with pytest.raises(ValueError, match="window"):
        related_graph(four, window=0)
    with pytest.raises(ValueError, match="keep_top"):
        related_graph(four, keep_top=0)
    doubled = pd.concat([four, four.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match=r"duplicate ids.*A"):
        related_graph(doubled)


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return incidents_frame(random_postmortems(400, seed=7), include_statuses=None)


def exact_score(a: dict, b: dict, df: dict, n: int) -> float:
    """The edge weight recomputed from the definition, in plain Python."""
    score = 0.0
    if a["id"] in b["related"] or b["id"] in a["related"]:
        score += 4.0
    for tag in set(a["factors"]) & set(b["factors"]):
        score += math.log(1 + n / df[("f", tag)])
    for service in set(a["services"]) & set(b["services"]):
        score += math.log(1 + n / df[("s", service)])
    if a["trigger"] is not None and a["trigger"] == b["trigger"]:
        score += 0.5
    return score


def test_every_edge_is_scored_exactly_whatever_the_blocking(corpus):
    rows = {r["id"]: r for r in corpus.to_dict("records")}
    df: dict = {}
    for r in rows.values():
        for tag in r["factors"]:
            df[("f", tag)] = df.get(("f", tag), 0) + 1
        for service in r["services"]:
            df[("s", service)] = df.get(("s", service), 0) + 1
    graph = related_graph(corpus, window=3, keep_top=3)
    assert graph.number_of_edges() > 0
    for u, v, data in graph.edges(data=True):
        assert data["weight"] == pytest.approx(
            exact_score(rows[u], rows[v], df, len(rows)), abs=1e-9
        )
        assert set(data["factors"]) == set(rows[u]["factors"]) & set(rows[v]["factors"])
        assert set(data["services"]) == set(rows[u]["services"]) & set(rows[v]["services"])


def test_a_window_as_long_as_the_corpus_is_exact(corpus):
    exact = related_graph(corpus, window=None, keep_top=None)
    blocked = related_graph(corpus, window=len(corpus), keep_top=None)
    assert sorted(exact.edges) == sorted(blocked.edges)
    # Every pair sharing a factor or a service is there.
    rows = corpus.to_dict("records")
    expected = {
        tuple(sorted((a["id"], b["id"])))
        for a, b in combinations(rows, 2)
        if set(a["factors"]) & set(b["factors"])
        or set(a["services"]) & set(b["services"])
        or a["id"] in b["related"]
        or b["id"] in a["related"]
    }
    assert {tuple(sorted(e)) for e in exact.edges} == expected


def test_blocking_does_not_compare_every_pair():
    frame = incidents_frame(random_postmortems(2000, seed=3))
    n = len(frame)
    factors, services = _Feature(frame["factors"], n), _Feature(frame["services"], n)
    window = 5
    pairs = _candidates(factors, services, n, window)
    keys_per_node = [
        len(f) + len(s) + len(f) * (len(f) - 1) // 2 + len(f) * len(s)
        for f, s in zip(frame["factors"], frame["services"])
    ]
    # Sorted-neighbourhood bound: at most `window` pairs per entry of a blocking list.
    assert len(pairs) <= sum(keys_per_node) * window
    assert len(set(pairs.tolist())) < n * (n - 1) / 2 / 10


def test_deterministic_and_independent_of_row_order(corpus):
    first = related_graph(corpus)
    shuffled = corpus.sample(frac=1.0, random_state=random.Random(1).randint(0, 99)).reset_index(
        drop=True
    )
    second = related_graph(shuffled)
    assert list(first.nodes) == list(second.nodes)
    assert list(first.edges(data="weight")) == list(second.edges(data="weight"))
    assert first.graph["clusters"] == second.graph["clusters"]
    assert top_related(first) == top_related(second)


def test_large_graphs_are_clustered_in_two_stages_and_find_planted_groups():
    """Above TWO_STAGE_NODES, Louvain runs over label-propagation blocks: same groups."""
    from pmkb.analytics.related import TWO_STAGE_NODES, detect_clusters

    groups, size = 12, 200
    assert groups * size > TWO_STAGE_NODES
    rng = random.Random(7)
    graph = nx.Graph()
    for g in range(groups):
        for i in range(size):
            graph.add_node(f"PM-{g:02d}-{i:03d}", factors=(f"f{g}",), services=(f"s{g}",))
    for g in range(groups):
        members = [f"PM-{g:02d}-{i:03d}" for i in range(size)]
        for node in members:
            for other in rng.sample(members, 4):
                if other != node:
                    graph.add_edge(node, other, weight=2.0)
    for _ in range(groups * 10):  # a little noise between groups
        a, b = rng.sample(range(groups), 2)
        u = f"PM-{a:02d}-{rng.randrange(size):03d}"
        v = f"PM-{b:02d}-{rng.randrange(size):03d}"
        graph.add_edge(u, v, weight=0.5)
    clusters = detect_clusters(graph)
    found = sorted(sorted({m[3:5] for m in c.members}) for c in clusters)
    assert found == [[f"{g:02d}"] for g in range(groups)]
    assert {c.name for c in clusters} == {f"f{g}" for g in range(groups)}
    assert [c.members for c in detect_clusters(graph)] == [c.members for c in clusters]


def test_a_catch_all_factor_names_no_cluster_when_services_tell_them_apart() -> None:
    """Every post-mortem cites 'undetermined'; two groups differ only by their services."""
    graph = nx.Graph()
    for i in range(8):
        service = "checkout" if i < 4 else "search"
        graph.add_node(f"PM-{i}", factors=("undetermined",), services=(service,))
    for group in (range(0, 4), range(4, 8)):
        members = [f"PM-{i}" for i in group]
        graph.add_weighted_edges_from((a, b, 2.0) for a in members for b in members if a < b)
    names = sorted(c.name for c in detect_clusters(graph))
    assert names == ["checkout", "search"]


def test_cluster_names_are_distinct() -> None:
    """Two groups with the same telling factor get names that differ by what else tells them apart."""
    graph = nx.Graph()
    tags = ["retry-storm", "retry-storm", "missing-index", "runbook-gap"]
    for i in range(16):
        graph.add_node(f"PM-{i:02d}", factors=(tags[i // 4], "common"), services=(f"s{i // 4}",))
    for group in range(4):
        members = [f"PM-{i:02d}" for i in range(4 * group, 4 * group + 4)]
        graph.add_weighted_edges_from((a, b, 2.0) for a in members for b in members if a < b)
    names = sorted(c.name for c in detect_clusters(graph))
    # "common" is cited by all sixteen: a catch-all, in no name.
    assert names == ["missing-index", "retry-storm", "retry-storm on s1", "runbook-gap"]
