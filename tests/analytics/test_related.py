from __future__ import annotations

import math
import random
from collections import Counter
from itertools import combinations

import networkx as nx
import pandas as pd
import pytest
from pmkb.analytics.frame import incidents_frame
from pmkb.analytics.related import (
    DEFAULT_WINDOW,
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
    # Four post-mortems cite no combination three times: no cluster.
    assert graph.graph["clusters"] == [] and node["cluster"] is None
    grown = pd.concat([four, recurring_rows("retry-storm", "missing-timeout", 7)])
    graph = related_graph(grown)
    (cluster,) = graph.graph["clusters"]
    assert cluster.members == tuple(f"R-{i}" for i in range(7))
    assert graph.nodes["R-0"]["cluster"] == 1 and graph.nodes["A"]["cluster"] is None


def recurring_rows(first: str, second: str, count: int, prefix: str = "R") -> pd.DataFrame:
    """``count`` post-mortems citing the two factors together."""
    return table(
        [
            {
                "id": f"{prefix}-{i}",
                "started": f"2025-06-{i + 1:02d}",
                "factors": [first, second],
                "services": [],
                "trigger": None,
                "related": [],
            }
            for i in range(count)
        ]
    )


def test_clusters_can_be_skipped(four):
    graph = related_graph(four, clusters=False)
    assert graph.graph["clusters"] == [] and graph.nodes["A"]["cluster"] is None
    assert sorted(graph.edges) == [("A", "B"), ("A", "C")]


def test_a_combination_cited_more_often_than_chance_is_a_cluster():
    graph = nx.Graph()
    for i in range(12):
        factors = ("retry-storm", "missing-timeout") if i < 4 else (f"other-{i}", "retry-storm")
        graph.add_node(f"PM-{i:02d}", factors=factors, services=("checkout",))
    # retry-storm is cited by all twelve: cited with it is never more often than chance.
    assert detect_clusters(graph) == []
    graph = nx.Graph()
    for i in range(12):
        factors = ("retry-storm", "missing-timeout") if i < 4 else (f"other-{i}",)
        graph.add_node(f"PM-{i:02d}", factors=factors, services=(f"svc-{i % 2}",))
    (cluster,) = detect_clusters(graph)
    assert (cluster.id, cluster.name, cluster.size) == (1, "missing-timeout, retry-storm", 4)
    # Four cite both where 4 * 4 / 12 would by chance.
    assert (cluster.cited_together, cluster.expected) == (4, 1.33)
    assert 0 < cluster.q_value <= 0.05
    assert cluster.top_factors == (("missing-timeout", 4), ("retry-storm", 4))
    assert cluster.top_services == (("svc-0", 2), ("svc-1", 2))
    assert detect_clusters(graph, min_size=5) == []
    assert detect_clusters(graph, false_discovery_rate=1e-6) == []
    assert detect_clusters(nx.Graph()) == []


def test_a_factor_on_a_service_is_a_combination():
    graph = nx.Graph()
    for i in range(20):
        on_dns = i < 4
        graph.add_node(
            f"PM-{i:02d}",
            factors=("dns-misconfiguration" if on_dns else f"other-{i % 5}",),
            services=("internal-dns" if on_dns else f"svc-{i % 3}",),
        )
    assert [(c.name, c.size) for c in detect_clusters(graph)] == [
        ("dns-misconfiguration on internal-dns", 4)
    ]


def test_two_services_together_are_no_combination():
    """Services affected together say how systems depend on each other, not why they failed."""
    graph = nx.Graph()
    for i in range(20):
        services = ("orders-db", "api-gateway") if i < 5 else (f"svc-{i}",)
        graph.add_node(f"PM-{i:02d}", factors=(f"f-{i}",), services=services)
    assert detect_clusters(graph) == []


def planted_graph(groups: int, size: int, background: int, seed: int = 11) -> nx.Graph[str]:
    """``background`` post-mortems citing factors and services at random, and ``groups``
    planted groups of ``size``, each citing its own pair of factors among random others."""
    rng = random.Random(seed)
    factors = [f"factor-{i:02d}" for i in range(30)]
    services = [f"service-{i:02d}" for i in range(12)]
    graph = nx.Graph()
    for i in range(background):
        graph.add_node(
            f"PM-B{i:05d}",
            factors=tuple(sorted(rng.sample(factors, rng.randint(1, 4)))),
            services=tuple(sorted(rng.sample(services, rng.randint(1, 2)))),
        )
    for g in range(groups):
        pair = (factors[2 * g], factors[2 * g + 1])
        for i in range(size):
            extra = rng.sample(factors, rng.randint(0, 2))
            graph.add_node(
                f"PM-G{g}-{i:03d}",
                factors=tuple(sorted({*pair, *extra})),
                services=tuple(sorted(rng.sample(services, 1))),
            )
    return graph


def test_factors_cited_at_random_make_no_cluster():
    """Community detection divided such a corpus into clusters all the same: none is real."""
    assert detect_clusters(planted_graph(0, 0, 3_000)) == []


def unequal_graph(count: int, seed: int) -> nx.Graph[str]:
    """``count`` post-mortems citing factors and services drawn at random, independently,
    some popular and most rare; but some reports are terse (one factor, one service) and
    some thorough (six factors, three services), as in real archives."""
    rng = random.Random(seed)
    factors = [f"factor-{i:02d}" for i in range(37)]
    services = [f"service-{i:02d}" for i in range(16)]
    factor_weights = [1 / (i + 1) for i in range(len(factors))]
    service_weights = [1 / (i + 1) ** 0.8 for i in range(len(services))]
    graph = nx.Graph()
    for i in range(count):
        thorough = rng.random() < 0.25
        cited: set[str] = set()
        while len(cited) < (6 if thorough else rng.choice((1, 2))):
            cited.update(rng.choices(factors, factor_weights))
        affected: set[str] = set()
        while len(affected) < (3 if thorough else 1):
            affected.update(rng.choices(services, service_weights))
        graph.add_node(
            f"PM-{i:05d}", factors=tuple(sorted(cited)), services=tuple(sorted(affected))
        )
    return graph


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_thorough_reports_citing_more_factors_make_no_cluster(seed):
    """A report citing six factors has six chances to cite any one: two popular factors
    are then often cited together without any tie between them, and were claimed as
    clusters, dozens of them, as if every post-mortem could cite only one."""
    assert detect_clusters(unequal_graph(2_000, seed)) == []


def test_reports_of_one_length_and_a_dominant_factor_make_no_cluster():
    """Counted by citation alone, the two most cited factors, drawn at random for reports
    all citing three, looked tied by a few percent: chance is counted both ways."""
    rng = random.Random(5)
    factors = ["monitoring-gap", *(f"factor-{i:02d}" for i in range(30))]
    weights = [0.3, *(0.7 / (i + 1) / sum(1 / (j + 1) for j in range(30)) for i in range(30))]
    graph = nx.Graph()
    for i in range(5_000):
        cited: set[str] = set()
        while len(cited) < 3:
            cited.update(rng.choices(factors, weights))
        graph.add_node(f"PM-{i:05d}", factors=tuple(sorted(cited)), services=(f"svc-{i % 9}",))
    assert detect_clusters(graph) == []


def test_planted_groups_are_found_among_reports_of_unequal_length():
    graph = unequal_graph(2_000, 0)
    for i in range(12):
        graph.add_node(
            f"PM-G{i:02d}", factors=("factor-30", "factor-31"), services=(f"service-{i % 16:02d}",)
        )
    (cluster,) = detect_clusters(graph)
    assert cluster.name == "factor-30, factor-31"
    assert {f"PM-G{i:02d}" for i in range(12)} <= set(cluster.members)


def test_planted_groups_are_found_whole_and_every_member_cites_the_name():
    graph = planted_graph(6, 40, 3_000)
    clusters = detect_clusters(graph)
    by_name = {c.name: c for c in clusters}
    for g in range(6):
        cluster = by_name[f"factor-{2 * g:02d}, factor-{2 * g + 1:02d}"]
        planted = {f"PM-G{g}-{i:03d}" for i in range(40)}
        # Whole: a planted member may only be elsewhere if it cites another group's pair too.
        elsewhere = planted - set(cluster.members)
        assert all(
            any(
                set(graph.nodes[m]["factors"]) >= set(c.top_factors[i][0] for i in (0, 1))
                for c in clusters
                if c is not cluster
            )
            for m in elsewhere
        )
        assert cluster.top_factors[0][1] == cluster.top_factors[1][1] == cluster.size
    for cluster in clusters:
        named = {cluster.top_factors[0][0], cluster.top_factors[1][0]}
        assert all(named <= set(graph.nodes[m]["factors"]) for m in cluster.members)
        assert cluster.size <= cluster.cited_together and cluster.expected < cluster.size
    # A post-mortem is in one cluster at most.
    assert len({m for c in clusters for m in c.members}) == sum(c.size for c in clusters)
    assert [c.members for c in detect_clusters(graph)] == [c.members for c in clusters]


def test_one_edit_leaves_the_clusters_it_does_not_cite_alone():
    graph = planted_graph(6, 40, 3_000)
    before = {c.name: c.members for c in detect_clusters(graph)}
    edited = graph.copy()
    node = "PM-G0-007"
    edited.nodes[node]["factors"] = (*edited.nodes[node]["factors"], "factor-29")
    after = {c.name: c.members for c in detect_clusters(edited)}
    assert after.keys() == before.keys()
    changed = {name for name in before if before[name] != after[name]}
    assert all(node in before[name] or node in after[name] for name in changed)


def test_a_post_mortem_citing_two_combinations_is_in_the_less_likely_one():
    graph = nx.Graph()
    for i in range(60):
        graph.add_node(f"PM-{i:02d}", factors=(f"f-{i % 20}",), services=(f"s-{i % 7}",))
    for i in range(8):
        graph.add_node(f"PM-A{i}", factors=("a", "b"), services=("x",))
    for i in range(4):
        graph.add_node(f"PM-C{i}", factors=("c", "d"), services=("y",))
    graph.add_node("PM-both", factors=("a", "b", "c", "d"), services=("z",))
    ab, cd = sorted(detect_clusters(graph), key=lambda c: c.name)
    assert (ab.name, cd.name) == ("a, b", "c, d")
    assert "PM-both" in ab.members and "PM-both" not in cd.members
    assert (cd.size, cd.cited_together) == (4, 5)


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
    # Every pair sharing a service, or a factor no more than half of the corpus cites, is there.
    rows = corpus.to_dict("records")
    cited = Counter(f for r in rows for f in set(r["factors"]))
    common = {f for f, count in cited.items() if 2 * count > len(rows)}
    assert common and exact.graph["common"] == tuple(sorted(common))
    expected = {
        tuple(sorted((a["id"], b["id"])))
        for a, b in combinations(rows, 2)
        if set(a["factors"]) & set(b["factors"]) - common
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


def test_a_catch_all_factor_makes_no_cluster() -> None:
    """Every post-mortem cites 'undetermined': with it, nothing is cited more often than chance."""
    graph = nx.Graph()
    for i in range(40):
        graph.add_node(
            f"PM-{i:02d}", factors=("undetermined",), services=("checkout" if i < 20 else "search",)
        )
    assert detect_clusters(graph) == []


def test_an_explicit_link_comes_first_however_much_others_share() -> None:
    """Five incidents sharing three rare factors outscored the one the author linked,
    which fell off the list of five."""
    rows = [
        {
            "id": f"PM-{i:02d}",
            "started": f"2025-01-{i + 1:02d}",
            "factors": ["a", "b", "c"] if i < 6 else [f"other-{i}"],
            "services": [f"svc-{i}"],
            "trigger": None,
            "related": ["PM-06"] if i == 0 else [],
        }
        for i in range(20)
    ]
    related = top_related(related_graph(table(rows)), 5)
    assert [r.id for r in related["PM-00"]] == ["PM-06", "PM-01", "PM-02", "PM-03", "PM-04"]
    assert related["PM-00"][0].linked and related["PM-00"][0].score < related["PM-00"][1].score


def common_factor_corpus(size: int) -> list[dict]:
    """``size`` post-mortems, all but four citing monitoring-gap, all triggered by a deploy.

    PM-00 cites only monitoring-gap; PM-01 and PM-02 also cite backup-gap, PM-03 and
    PM-04 share a service, PM-05 links PM-06; the rest cite a factor of their own.
    """
    rows = [
        {
            "id": f"PM-{i:02d}",
            "started": f"2025-01-01T{i // 60:02d}:{i % 60:02d}:00",
            "factors": ["monitoring-gap", f"other-{i}"] if i < size - 4 else [f"other-{i}"],
            "services": [f"svc-{i}"],
            "trigger": "deploy",
            "related": [],
        }
        for i in range(size)
    ]
    rows[0]["factors"] = ["monitoring-gap"]
    rows[1]["factors"] = rows[2]["factors"] = ["monitoring-gap", "backup-gap"]
    rows[3]["services"] = rows[4]["services"] = ["orders-db"]
    rows[5]["factors"] = rows[6]["factors"] = ["monitoring-gap"]
    rows[5]["related"] = ["PM-06"]
    return rows


@pytest.mark.parametrize("window", [DEFAULT_WINDOW, None])
def test_a_factor_most_post_mortems_cite_relates_nothing_on_its_own(window) -> None:
    """20 of 24 cite monitoring-gap: it related every incident to every other, and an
    incident citing only it listed five others picked by id as its similar past incidents."""
    graph = related_graph(table(common_factor_corpus(24)), window=window)
    assert graph.graph["common"] == ("monitoring-gap",)
    # No edge rests on it alone, nor on it and the shared trigger.
    for _, _, data in graph.edges(data=True):
        assert data["linked"] or data["services"] or set(data["factors"]) - {"monitoring-gap"}
    related = top_related(graph)
    assert related["PM-00"] == []
    # The real neighbours are still found, the common factor adding its weight.
    (rare,) = related["PM-01"]
    assert rare.id == "PM-02" and rare.factors == ("backup-gap", "monitoring-gap")
    assert rare.score == pytest.approx(math.log(1 + 24 / 2) + math.log(1 + 24 / 20) + 0.5)
    (service,) = related["PM-03"]
    assert service.id == "PM-04" and service.services == ("orders-db",)
    assert service.factors == ("monitoring-gap",)
    (link,) = related["PM-05"]
    assert link.id == "PM-06" and link.linked and link.factors == ("monitoring-gap",)


def test_below_twenty_post_mortems_every_shared_factor_relates() -> None:
    """In a new knowledge base, "more than half" is a few reports: it shows nothing
    to be a catch-all, and two post-mortems sharing everything are related."""
    small = related_graph(table(common_factor_corpus(19)))
    assert small.graph["common"] == ()
    assert [r.id for r in top_related(small)["PM-00"]] == [
        "PM-01",
        "PM-02",
        "PM-03",
        "PM-04",
        "PM-05",
    ]
    two = table(common_factor_corpus(24)[:2])
    assert [r.id for r in top_related(two)["PM-01"]] == ["PM-00"]
