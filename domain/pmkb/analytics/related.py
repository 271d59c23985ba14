"""Related incidents: a weighted graph, the closest incidents to each, and clusters.

Weights
-------
Two post-mortems are joined by an edge when one links the other explicitly
(``related``), or when they share a contributing factor or a service. The
edge's weight adds up what they have in common:

* an explicit link: ``weights.link`` (4.0);
* each shared factor: ``weights.factor`` (1.0) times its rarity
  ``log(1 + N / df)``, where N is the number of post-mortems and df the
  number that cite the factor. A factor cited everywhere says little
  (``log 2``, about 0.69); one cited by 1 in 1,000 says much (about 6.9).
  The ``1 +`` keeps the rarity positive, so a shared factor counts even in a
  corpus of two;
* each shared service: ``weights.service`` (1.0) times its rarity, likewise;
* the same ``trigger``: ``weights.trigger`` (0.5), flat. A shared trigger
  alone makes no edge: "both were deploys" relates too much.

Likewise, once there are ``COMMON_FROM`` (20) post-mortems or more, a factor
cited by more than half of them is *common* (``graph.graph["common"]``): it
makes no edge alone, though it adds its weight to an edge something else makes
(an explicit link, a shared service, a shared factor that is not common).
Where nine reports in ten cite ``monitoring-gap``, "both lacked monitoring"
would relate every incident to every other, and list under each a few of them
picked by id. A common factor and a shared trigger together make no edge
either: each relates too much, and so do both. Below 20 post-mortems, "more
than half" is a handful of reports, which shows no factor to be a catch-all:
every shared factor relates. Services are never common: an incident on the
same service is worth a look however busy that service is.

Scale
-----
Comparing every pair of 10,000 post-mortems is 50 million comparisons. The
graph instead looks only at *candidate* pairs (sorted-neighbourhood
blocking). Blocking lists are kept for each factor, each service, each two
factors cited together and each (service, factor), every list sorted by start
time; on each list, each post-mortem is paired with the ``window``
post-mortems before and after it. A list no longer than ``window + 1`` is
paired completely. The combined lists are much shorter than the single ones,
so two post-mortems that share two things, the pairs that score highest, are
found across years, while pairs that share one common thing are considered
when close in time. Each candidate pair is then scored *exactly*, on
everything the two share, with numpy and no Python loop over pairs. Finally
each post-mortem keeps its ``keep_top`` strongest edges (an edge stays when
either end keeps it; explicit links always stay).

On a random corpus of 2,700 post-mortems (no structure to help), the default
window finds 91 % of the exact top-5 scores at their rank and 99.4 % of their
sum (``benchmarks/analytics_scale.py --recall``); ``window=None`` gives the
exact, quadratic graph.

Clusters
--------
A cluster is not a region of the graph: it is the post-mortems that cite a
combination (two factors, or a factor on a service) more often than chance
would, tested with SciPy and corrected for the number of combinations tried
(see :func:`detect_clusters`). Community detection was tried first: it
divided a corpus with no structure at all into 31 clusters of about 450, and
one edited factor changed every one of them.

Everything is deterministic: ties are broken by id.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

#: Neighbours in time, on each side, paired on each blocking list.
DEFAULT_WINDOW = 20
#: Strongest edges kept per post-mortem.
DEFAULT_KEEP_TOP = 5
#: Fewest post-mortems for a factor cited by more than half of them to be common,
#: relating nothing on its own (see the module's documentation).
COMMON_FROM = 20
#: Fewest members of a cluster: a combination recurs when three post-mortems cite it.
MIN_CLUSTER_SIZE = 3
#: Expected share of the reported clusters that chance alone would produce.
CLUSTER_FALSE_DISCOVERY_RATE = 0.05


@dataclass(frozen=True)
class RelatednessWeights:
    """How much each thing two post-mortems share adds to their edge's weight."""

    link: float = 4.0
    factor: float = 1.0
    service: float = 1.0
    trigger: float = 0.5


@dataclass(frozen=True)
class RelatedIncident:
    """One post-mortem related to another, with how strongly and what they share."""

    id: str
    score: float
    #: One of the two lists the other in ``related``.
    linked: bool = False
    #: Contributing factors both cite, rarest first.
    factors: tuple[str, ...] = ()
    #: Services both affected, rarest first.
    services: tuple[str, ...] = ()
    #: The trigger both share, if any.
    trigger: str | None = None

    @property
    def reasons(self) -> tuple[str, ...]:
        """What they share, in words (see :func:`edge_reasons`)."""
        return edge_reasons(
            {
                "linked": self.linked,
                "factors": self.factors,
                "services": self.services,
                "trigger": self.trigger,
            }
        )


@dataclass(frozen=True)
class Cluster:
    """Post-mortems citing a combination that recurs beyond chance (see :func:`detect_clusters`)."""

    id: int
    #: The combination in words: ``a, b`` (two factors) or ``a on checkout``.
    name: str
    size: int
    members: tuple[str, ...]
    #: (tag, members citing it): the combination's factors first, then the most cited.
    top_factors: tuple[tuple[str, int], ...]
    #: (service, members affecting it), most frequent first.
    top_services: tuple[tuple[str, int], ...]
    #: Post-mortems citing the combination (more than ``size`` when some of them
    #: went to a more significant combination).
    cited_together: int = 0
    #: How many would cite it if its two parts were cited independently.
    expected: float = 0.0
    #: The combination's p-value, adjusted for the number of combinations tested.
    q_value: float = 1.0


def rarity(document_frequency: int, total: int) -> float:
    """The weight of a feature shared by ``document_frequency`` of ``total`` post-mortems.

    >>> round(rarity(1, 1000), 3), round(rarity(2, 2), 3)
    (6.909, 0.693)
    """
    return math.log(1.0 + total / document_frequency)


def related_graph(
    incidents: pd.DataFrame,
    *,
    weights: RelatednessWeights = RelatednessWeights(),
    window: int | None = DEFAULT_WINDOW,
    keep_top: int | None = DEFAULT_KEEP_TOP,
    min_cluster_size: int = MIN_CLUSTER_SIZE,
    clusters: bool = True,
) -> nx.Graph[str]:
    """The weighted graph of related post-mortems, with clusters.

    Parameters
    ----------
    incidents
        Columns ``id``, ``started``, ``factors``, ``services``, ``trigger``,
        ``related`` (and ``title``, ``severity``, ``status`` when present,
        copied onto the nodes).
    weights
        What each shared thing adds (see the module's documentation).
    window
        Neighbours in time paired on each postings list; ``None`` pairs every
        two post-mortems that share a factor or a service (exact, quadratic:
        for small corpora and for checking the blocking).
    keep_top
        Strongest edges kept per post-mortem; ``None`` keeps all.
    min_cluster_size
        Passed to :func:`detect_clusters`.
    clusters
        Whether to detect clusters; without them every node's ``cluster`` is None and the
        graph's ``clusters`` list is empty.

    Returns
    -------
    networkx.Graph
        Nodes are ids, added in id order, with ``title``, ``severity``,
        ``status``, ``started`` (ISO 8601, UTC), ``factors``, ``services`` and ``cluster``
        (a :class:`Cluster` id, or None). Edges have ``weight``, ``linked``,
        ``factors`` and ``services`` (what the two share, rarest first) and
        ``trigger`` (the shared trigger or None). ``graph.graph["clusters"]``
        holds the list of :class:`Cluster`, ``graph.graph["common"]`` the
        factors cited by more than half of the post-mortems when there are
        at least :data:`COMMON_FROM` of them (else empty), in tag order.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "id": ["PM-1", "PM-2", "PM-3"],
    ...     "started": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"], utc=True),
    ...     "factors": [("a", "b"), ("a",), ("c",)],
    ...     "services": [("x",), ("y",), ("z",)],
    ...     "trigger": ["deploy", "deploy", "deploy"],
    ...     "related": [(), (), ("PM-1",)],
    ... })
    >>> graph = related_graph(frame)
    >>> sorted(graph.edges)
    [('PM-1', 'PM-2'), ('PM-1', 'PM-3')]
    >>> round(graph.edges["PM-1", "PM-2"]["weight"], 4)  # log(1 + 3/2) + 0.5
    1.4163
    """
    if window is not None and window < 1:
        raise ValueError(f"window must be at least 1 (or None for every pair), not {window}")
    if keep_top is not None and keep_top < 1:
        raise ValueError(f"keep_top must be at least 1 (or None for all edges), not {keep_top}")
    nodes = incidents.sort_values(["started", "id"], kind="stable").reset_index(drop=True)
    if nodes["id"].duplicated().any():
        dupes = sorted(nodes.loc[nodes["id"].duplicated(), "id"].unique())
        raise ValueError(f"duplicate ids in the incidents table: {', '.join(dupes)}")
    n = len(nodes)
    ids = nodes["id"].to_numpy(dtype=object)
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(ids.astype(str), kind="stable")] = np.arange(n)

    factors = _Feature(nodes["factors"], n, common_from=COMMON_FROM)
    services = _Feature(nodes["services"], n)
    triggers = _codes(nodes["trigger"]) if "trigger" in nodes else np.full(n, -1, dtype=np.int64)
    links = _link_pairs(nodes, ids)

    pairs = _sorted_unique(np.concatenate([_candidates(factors, services, n, window), links]))
    a, b = pairs // max(n, 1), pairs % max(n, 1)
    factor_shared = factors.shared(a, b)
    service_shared = services.shared(a, b)
    factor_weight = factors.weight(factor_shared)
    service_weight = services.weight(service_shared)
    linked = _contains(links, pairs)
    same_trigger = (triggers[a] >= 0) & (triggers[a] == triggers[b])
    score = (
        weights.link * linked
        + weights.factor * factor_weight
        + weights.service * service_weight
        + weights.trigger * same_trigger
    )
    # Rounded so that equal sums added in different orders tie exactly.
    score = np.round(score, 9)
    # A factor most post-mortems cite relates too much to make an edge alone, as a trigger.
    keep = linked | factors.distinctive(factor_shared) | (service_weight > 0)
    keep &= _top_per_node(a, b, score, id_rank, keep, keep_top) | linked

    graph: nx.Graph[str] = nx.Graph()
    titles = nodes["title"].tolist() if "title" in nodes else [None] * n
    severities = nodes["severity"].tolist() if "severity" in nodes else [None] * n
    statuses = nodes["status"].tolist() if "status" in nodes else [None] * n
    starts = _iso_utc(nodes["started"])
    factor_lists = nodes["factors"].tolist()
    service_lists = nodes["services"].tolist()
    graph.add_nodes_from(
        (
            ids[i],
            {
                "title": titles[i],
                "severity": severities[i],
                "status": statuses[i],
                "started": starts[i],
                "factors": tuple(factor_lists[i]),
                "services": tuple(service_lists[i]),
                "cluster": None,
            },
        )
        for i in np.argsort(id_rank).tolist()
    )
    kept = np.flatnonzero(keep)
    shared_factor_tags = factors.labels(factor_shared[kept])
    shared_service_tags = services.labels(service_shared[kept])
    trigger_values = (
        nodes["trigger"].to_numpy(dtype=object) if "trigger" in nodes else np.full(n, None)
    )
    edges = []
    for position, index in enumerate(kept.tolist()):
        u, v = ids[a[index]], ids[b[index]]
        if id_rank[a[index]] > id_rank[b[index]]:
            u, v = v, u
        edges.append(
            (
                u,
                v,
                {
                    "weight": float(score[index]),
                    "linked": bool(linked[index]),
                    "factors": shared_factor_tags[position],
                    "services": shared_service_tags[position],
                    "trigger": trigger_values[a[index]] if same_trigger[index] else None,
                },
            )
        )
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    graph.add_edges_from(edges)

    found = detect_clusters(graph, min_size=min_cluster_size) if clusters else []
    for cluster in found:
        for member in cluster.members:
            graph.nodes[member]["cluster"] = cluster.id
    graph.graph["clusters"] = found
    graph.graph["weights"] = weights
    graph.graph["common"] = factors.common
    return graph


def edge_reasons(data: Mapping[str, Any]) -> tuple[str, ...]:
    """Why two post-mortems are related, in words, from an edge's attributes.

    >>> edge_reasons({"linked": True, "factors": ("runbook-gap", "monitoring-gap"),
    ...               "services": ("orders-db",), "trigger": "deploy"})
    ('explicit link', 'shared factors: runbook-gap, monitoring-gap', 'shared services: orders-db', 'same trigger: deploy')
    """
    reasons = []
    if data.get("linked"):
        reasons.append("explicit link")
    shared_factors = data.get("factors") or ()
    if shared_factors:
        reasons.append("shared factors: " + ", ".join(shared_factors))
    shared_services = data.get("services") or ()
    if shared_services:
        reasons.append("shared services: " + ", ".join(shared_services))
    if data.get("trigger"):
        reasons.append(f"same trigger: {data['trigger']}")
    return tuple(reasons)


def top_related(
    graph: nx.Graph[str] | pd.DataFrame, k: int = 5
) -> dict[str, list[RelatedIncident]]:
    """The ``k`` most related post-mortems of each post-mortem, strongest first.

    Parameters
    ----------
    graph
        A graph from :func:`related_graph`, or an incidents table (the graph
        is then built with the defaults).
    k
        How many per post-mortem.

    Returns
    -------
    dict
        Every node's id (in id order) to a list of :class:`RelatedIncident`,
        explicit links first, then by score (descending), then id; empty when
        it has no edge.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "id": ["PM-1", "PM-2", "PM-3"],
    ...     "started": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"], utc=True),
    ...     "factors": [("a", "b"), ("a",), ("c",)],
    ...     "services": [("x",), ("y",), ("z",)],
    ...     "trigger": ["deploy", "deploy", "deploy"],
    ...     "related": [(), (), ("PM-1",)],
    ... })
    >>> for item in top_related(frame)["PM-1"]:
    ...     print(item.id, round(item.score, 3), item.reasons)
    PM-3 4.5 ('explicit link', 'same trigger: deploy')
    PM-2 1.416 ('shared factors: a', 'same trigger: deploy')
    """
    if isinstance(graph, pd.DataFrame):
        graph = related_graph(graph)
    out: dict[str, list[RelatedIncident]] = {}
    adjacency = graph.adj
    for node in sorted(graph.nodes):
        # An author's explicit link first: it was chosen, the rest is inferred.
        neighbours = sorted(
            adjacency[node].items(),
            key=lambda item: (not item[1]["linked"], -item[1]["weight"], item[0]),
        )
        out[node] = [
            RelatedIncident(
                other,
                float(data["weight"]),
                bool(data.get("linked")),
                tuple(data.get("factors") or ()),
                tuple(data.get("services") or ()),
                data.get("trigger") or None,
            )
            for other, data in neighbours[:k]
        ]
    return out


def detect_clusters(
    graph: nx.Graph[str],
    *,
    min_size: int = MIN_CLUSTER_SIZE,
    false_discovery_rate: float = CLUSTER_FALSE_DISCOVERY_RATE,
) -> list[Cluster]:
    """Groups of post-mortems that cite a combination more often than chance would.

    A *combination* is two contributing factors, or a factor on a service.
    For each combination that some post-mortems cite together, the chance of
    at least that many doing so if the two were cited independently is the
    tail of a hypergeometric distribution (``scipy.stats.hypergeom``), with
    chance counted by post-mortem (each as likely as any other to cite the
    second part) and by citation (of the other factors, or services, cited by
    the post-mortems citing one part, how many would be the other part, were
    every citation of that kind dealt at random, each post-mortem getting as
    many as it makes), the latter given either part; the least significant of
    the three is kept. Counted by post-mortem alone, a corpus whose factors
    were drawn at random showed dozens of clusters only because thorough
    reports cite six factors and terse ones one; counted by citation alone, the
    two most cited factors of reports all citing three looked tied. The
    combinations whose Benjamini-Hochberg adjusted value
    (``scipy.stats.false_discovery_control``) is at most
    ``false_discovery_rate`` *recur*. Going from the most to the least
    significant (then the most cited, then by name), each recurring
    combination takes the post-mortems citing it that no earlier one took,
    and is a cluster when that is at least ``min_size`` of them.

    Unlike community detection, this divides nothing that has no group in
    it (a corpus whose factors are cited at random has no cluster), every
    member of a cluster cites what names it, and one edited post-mortem
    changes only the combinations it cites: the others keep their members
    (unless the adjusted threshold moves across one of them).

    Parameters
    ----------
    graph
        A graph whose nodes carry ``factors`` and ``services`` tuples; only
        its nodes are read.
    min_size
        Fewest members of a cluster.
    false_discovery_rate
        Expected share of reported combinations that chance alone produced.

    Returns
    -------
    list of Cluster
        Largest first, then by name; ids count from 1.

    Examples
    --------
    >>> graph = nx.Graph()
    >>> for i in range(12):
    ...     factors = ("retry-storm", "missing-timeout") if i < 4 else (f"other-{i}",)
    ...     graph.add_node(f"PM-{i:02d}", factors=factors, services=("checkout",))
    >>> [(c.name, c.members, c.cited_together, c.expected) for c in detect_clusters(graph)]
    [('missing-timeout, retry-storm', ('PM-00', 'PM-01', 'PM-02', 'PM-03'), 4, 1.33)]
    """
    from scipy import stats

    nodes = sorted(graph.nodes)
    cited: dict[_Item, int] = {}
    holders: dict[tuple[_Item, _Item], list[str]] = {}
    # Citations of each kind: in all, and by the post-mortems citing each item.
    slots = {"factor": 0, "service": 0}
    beside: dict[tuple[_Item, str], int] = {}
    for node in nodes:
        data = graph.nodes[node]
        items = sorted(
            {("factor", t) for t in data.get("factors") or ()}
            | {("service", s) for s in data.get("services") or ()}
        )
        counts = {kind: sum(1 for k, _ in items if k == kind) for kind in slots}
        for kind, count in counts.items():
            slots[kind] += count
        for item in items:
            cited[item] = cited.get(item, 0) + 1
            for kind, count in counts.items():
                beside[item, kind] = beside.get((item, kind), 0) + count
        for pair in itertools.combinations(items, 2):
            if pair[0][0] == "factor":  # two factors, or a factor on a service
                holders.setdefault(pair, []).append(node)
    if not holders:
        return []
    tested = sorted(holders)
    together = np.array([len(holders[pair]) for pair in tested])
    total = len(nodes)
    cited_x, cited_y = (np.array([cited[pair[side]] for pair in tested]) for side in (0, 1))
    # Citations of y's kind made by x's holders, and of x's kind by y's holders.
    beside_x = np.array([beside[x, y[0]] for x, y in tested])
    beside_y = np.array([beside[y, x[0]] for x, y in tested])
    same_kind = np.array([x[0] == y[0] for x, y in tested])
    slots_x, slots_y = (np.array([slots[pair[side][0]] for pair in tested]) for side in (0, 1))

    def chance(
        draws: np.ndarray, population: np.ndarray, successes: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """P-value and expected count of the pairs cited together, for ``draws`` from
        ``population`` holding ``successes``."""
        p_value = np.asarray(stats.hypergeom.sf(together - 1, population, successes, draws))
        return p_value, draws * successes / population

    # P(at least `together` post-mortems cite both, were the two cited independently),
    # with chance counted three ways: each post-mortem as likely as any other to cite
    # the second part; or, given either part, each citation made beside it as likely
    # as any other to be the second part, so that a post-mortem citing six factors has
    # six chances to cite any one and one citing a single factor has one. The least
    # significant of the three is kept: a combination recurs only when it beats chance
    # however counted. Every combination cited at all is a test.
    own_x, own_y = cited_x * same_kind, cited_y * same_kind  # not the other's to take
    tests = [
        chance(cited_x, np.full(len(tested), total), cited_y),
        chance(beside_x - own_x, slots_y - own_x, cited_y),
        chance(beside_y - own_y, slots_x - own_y, cited_x),
    ]
    p_all = np.array([p for p, _ in tests])
    least = np.argmax(p_all, axis=0)
    columns = np.arange(len(tested))
    p_values = p_all[least, columns]
    expected_counts = np.array([e for _, e in tests])[least, columns]
    adjusted = stats.false_discovery_control(p_values)
    recurring = sorted(
        (float(adjusted[i]), -int(together[i]), tested[i], float(expected_counts[i]))
        for i in range(len(tested))
        if adjusted[i] <= false_discovery_rate and together[i] >= min_size
    )
    taken: set[str] = set()
    clusters = []
    for q_value, _, pair, expected in recurring:
        members = tuple(node for node in holders[pair] if node not in taken)
        if len(members) >= min_size:
            taken.update(members)
            clusters.append(
                _cluster(graph, pair, members, len(holders[pair]), round(expected, 2), q_value)
            )
    clusters.sort(key=lambda c: (-c.size, c.name))
    return [dataclasses.replace(c, id=number) for number, c in enumerate(clusters, start=1)]


def _cluster(
    graph: nx.Graph[str],
    pair: tuple[_Item, _Item],
    members: tuple[str, ...],
    cited_together: int,
    expected: float,
    q_value: float,
) -> Cluster:
    """The cluster of ``pair``'s ``members``, numbered later (see :func:`detect_clusters`)."""
    factor_counts: dict[str, int] = {}
    service_counts: dict[str, int] = {}
    for member in members:
        for tag in graph.nodes[member].get("factors") or ():
            factor_counts[tag] = factor_counts.get(tag, 0) + 1
        for service in graph.nodes[member].get("services") or ():
            service_counts[service] = service_counts.get(service, 0) + 1
    naming = [value for kind, value in pair if kind == "factor"]
    others = sorted(
        (t for t in factor_counts if t not in naming), key=lambda t: (-factor_counts[t], t)
    )
    return Cluster(
        id=0,
        name=_combination_name(pair),
        size=len(members),
        members=members,
        top_factors=tuple((t, factor_counts[t]) for t in [*naming, *others][:5]),
        top_services=tuple(
            sorted(service_counts.items(), key=lambda item: (-item[1], item[0]))[:3]
        ),
        cited_together=cited_together,
        expected=expected,
        q_value=q_value,
    )


#: ("factor", tag) or ("service", name).
_Item = tuple[str, str]


def _combination_name(pair: tuple[_Item, _Item]) -> str:
    """``a, b`` for two factors, ``a on checkout`` for a factor on a service."""
    (_, first), (kind, second) = pair
    return f"{first} on {second}" if kind == "service" else f"{first}, {second}"


# --- vectorised pair machinery ---------------------------------------------------


class _Feature:
    """One multi-valued feature (factors or services): codes, rarity and per-node bitsets.

    Each node's set of values is a row of 64-bit words. What two nodes share
    is the AND of their rows; its summed rarity is read byte by byte from
    precomputed tables (the rarity sum of every 8-bit pattern at every byte
    position), so scoring millions of pairs is a few vectorised lookups.
    """

    def __init__(self, values: pd.Series, n: int, common_from: int | None = None) -> None:
        self.n = n
        exploded = values.reset_index(drop=True).explode().dropna()
        self.tags: list[str] = sorted(exploded.unique()) if len(exploded) else []
        codes = pd.Categorical(exploded, categories=self.tags).codes.astype(np.int64)
        nodes = exploded.index.to_numpy(dtype=np.int64)
        order = np.lexsort((codes, nodes))
        self.nodes, self.codes = nodes[order], codes[order]
        df = np.bincount(codes, minlength=len(self.tags))
        self.rarity = np.log1p(n / np.maximum(df, 1))
        #: Values cited by more than half of the post-mortems, when there are at
        #: least ``common_from`` of them (never, without ``common_from``).
        self.common: tuple[str, ...] = (
            tuple(t for t, d in zip(self.tags, df) if 2 * d > n)
            if common_from is not None and n >= common_from
            else ()
        )
        self.words = max(1, -(-len(self.tags) // 64))
        bits = np.zeros((n, self.words), dtype=np.uint64)
        np.bitwise_or.at(
            bits,
            (self.nodes, self.codes // 64),
            np.left_shift(np.uint64(1), (self.codes % 64).astype(np.uint64)),
        )
        self.bits: npt.NDArray[np.uint64] = bits
        padded = np.zeros(self.words * 64)
        padded[: len(self.tags)] = self.rarity
        patterns = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little")
        # tables[w, byte, pattern]: summed rarity of the bits set in `pattern`
        # at byte `byte` of word `w`.
        self.tables = np.einsum(
            "pb,wyb->wyp", patterns.astype(np.float64), padded.reshape(self.words, 8, 8)
        )

    def shared(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The values each pair (a[i], b[i]) shares, as bitset rows."""
        rows: npt.NDArray[np.uint64] = self.bits[a] & self.bits[b]
        return rows

    def distinctive(self, shared: np.ndarray) -> npt.NDArray[np.bool_]:
        """Whether each bitset row holds a value that is not :attr:`common`."""
        mask = np.zeros(self.words * 64, dtype=bool)
        mask[: len(self.tags)] = True
        for tag in self.common:
            mask[self.tags.index(tag)] = False
        words = np.packbits(mask.reshape(self.words, 64), axis=1, bitorder="little")
        bits = np.ascontiguousarray(words).view("<u8").reshape(self.words).astype(np.uint64)
        found: npt.NDArray[np.bool_] = np.asarray((shared & bits).any(axis=1), dtype=bool)
        return found

    def weight(self, shared: np.ndarray) -> np.ndarray:
        """Summed rarity of the values in each bitset row."""
        total = np.zeros(len(shared))
        for word in range(self.words):
            column = shared[:, word]
            for byte in range(8):
                pattern = ((column >> np.uint64(8 * byte)) & np.uint64(255)).astype(np.intp)
                total += self.tables[word, byte][pattern]
        return total

    def labels(self, shared: np.ndarray) -> list[tuple[str, ...]]:
        """The tags in each bitset row, rarest first, then alphabetical."""
        if len(shared) == 0:
            return []
        as_bytes = np.ascontiguousarray(shared.astype("<u8")).view(np.uint8)
        flags = np.unpackbits(as_bytes, axis=1, bitorder="little")[:, : len(self.tags)]
        row, code = np.nonzero(flags)
        # Tags are sorted, so the code breaks ties alphabetically.
        order = np.lexsort((code, -np.round(self.rarity[code], 9), row))
        out: list[list[str]] = [[] for _ in range(len(shared))]
        tags = self.tags
        for r, c in zip(row[order].tolist(), code[order].tolist()):
            out[r].append(tags[c])
        return [tuple(v) for v in out]


def _candidates(factors: _Feature, services: _Feature, n: int, window: int | None) -> np.ndarray:
    """Pair keys ``a * n + b`` (a < b) worth scoring: neighbours in time on each blocking list.

    Blocking lists are those of each factor, each service, each two factors
    cited together and each (service, factor). The combined lists are much
    shorter than the single ones, so two post-mortems that share two things,
    the pairs that score highest, are found across far more time.
    """
    f_nodes, f_codes = factors.nodes, factors.codes
    s_nodes, s_codes = services.nodes, services.codes
    if window is None:  # every pair on the single lists already covers the combined ones
        keys = np.concatenate([f_codes, max(len(factors.tags), 1) + s_codes])
        return _window_pairs(keys, np.concatenate([f_nodes, s_nodes]), n, None)
    n_factors, n_services = max(len(factors.tags), 1), max(len(services.tags), 1)
    pair_a, pair_b = _pairs_within_nodes(f_nodes, f_codes, f_nodes, f_codes, same=True)
    mixed_a, mixed_b = _pairs_within_nodes(s_nodes, s_codes, f_nodes, f_codes, same=False)
    offset_services = n_factors
    offset_pairs = offset_services + n_services
    offset_mixed = offset_pairs + n_factors * n_factors
    single = _window_pairs(
        np.concatenate([f_codes, offset_services + s_codes]),
        np.concatenate([f_nodes, s_nodes]),
        n,
        window,
    )
    keys = np.concatenate(
        [
            offset_pairs + pair_a[1] * n_factors + pair_b[1],
            offset_mixed + mixed_a[1] * n_factors + mixed_b[1],
        ]
    )
    nodes = np.concatenate([pair_a[0], mixed_a[0]])
    return np.concatenate([single, _window_pairs(keys, nodes, n, window)])


def _pairs_within_nodes(
    nodes_x: np.ndarray,
    codes_x: np.ndarray,
    nodes_y: np.ndarray,
    codes_y: np.ndarray,
    *,
    same: bool,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Every (x, y) code combination held by one node: ((node, x), (node, y)) arrays.

    With ``same`` (both sides the same feature), only x < y.
    """
    left = pd.DataFrame({"node": nodes_x, "x": codes_x})
    right = pd.DataFrame({"node": nodes_y, "y": codes_y})
    both = left.merge(right, on="node")
    if same:
        both = both[both["x"] < both["y"]]
    node = both["node"].to_numpy(dtype=np.int64)
    return (node, both["x"].to_numpy(dtype=np.int64)), (node, both["y"].to_numpy(dtype=np.int64))


def _window_pairs(keys: np.ndarray, nodes: np.ndarray, n: int, window: int | None) -> np.ndarray:
    """Pairs of nodes at most ``window`` apart on the list of each key (all pairs if None).

    Nodes are numbered in time order, so sorting a list by node sorts it by time.
    """
    if len(nodes) < 2:
        return np.empty(0, dtype=np.int64)
    order = np.lexsort((nodes, keys))
    keys, nodes = keys[order], nodes[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    longest = int(np.diff(np.append(starts, len(keys))).max())
    reach = longest - 1 if window is None else min(window, longest - 1)
    found = []
    for step in range(1, reach + 1):
        same = keys[:-step] == keys[step:]
        first, second = nodes[:-step][same], nodes[step:][same]
        found.append(first * n + second)  # first < second: lists are sorted by node
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _codes(values: pd.Series) -> np.ndarray:
    """Integer code of each value, -1 for missing."""
    codes, _ = pd.factorize(values.reset_index(drop=True), use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64)


def _link_pairs(nodes: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """Pair keys of explicit links between nodes (either direction)."""
    if "related" not in nodes or not len(nodes):
        return np.empty(0, dtype=np.int64)
    position = {pm_id: i for i, pm_id in enumerate(ids)}
    n = len(ids)
    keys = []
    for i, targets in enumerate(nodes["related"].tolist()):
        for target in targets or ():
            j = position.get(target)
            if j is not None and j != i:
                keys.append(min(i, j) * n + max(i, j))
    return _sorted_unique(np.asarray(keys, dtype=np.int64))


def _sorted_unique(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``np.unique`` by sorting: many times faster than its hash path on millions of int64."""
    values = np.sort(values)
    if len(values) == 0:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _contains(
    sorted_values: npt.NDArray[np.int64], wanted: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """Which of ``wanted`` are in ``sorted_values`` (sorted, unique), by binary search."""
    if len(sorted_values) == 0:
        return np.zeros(len(wanted), dtype=bool)
    where = np.minimum(np.searchsorted(sorted_values, wanted), len(sorted_values) - 1)
    # numpy's stubs type an array comparison as Any.
    found: npt.NDArray[np.bool_] = sorted_values[where] == wanted
    return found


def _top_per_node(
    a: np.ndarray,
    b: np.ndarray,
    score: np.ndarray,
    id_rank: np.ndarray,
    valid: np.ndarray,
    keep_top: int | None,
) -> np.ndarray:
    """Edges among the ``keep_top`` strongest of either end (ties: the other end's id).

    Each valid edge appears once from each end as one int64 sort key packing
    (end, score descending, other end's id rank); sorting the keys alone is
    several times faster than a three-key lexsort or an argsort. The score is
    quantised to the bits left over (about 2e-9 of the largest score at
    10,000 post-mortems), finer than any difference that means something.
    """
    if keep_top is None:
        return valid.copy()
    kept = np.zeros(len(a), dtype=bool)
    edge = np.flatnonzero(valid)
    if len(edge) == 0:
        return kept
    if len(edge) < len(a):  # usually every candidate is an edge: skip the copies
        a, b, score = a[edge], b[edge], score[edge]
    n = len(id_rank)
    node_bits = max(1, int(n - 1).bit_length())
    score_bits = 62 - 2 * node_bits
    if score_bits < 16:
        raise ValueError(f"too many post-mortems ({n}) to rank edges in one sort key")
    top = float(score.max()) or 1.0
    descending = np.rint((top - score) * (((1 << score_bits) - 1) / top)).astype(np.int64)
    descending <<= node_bits
    shift = score_bits + node_bits
    keys = np.concatenate(
        [(a << shift) | descending | id_rank[b], (b << shift) | descending | id_rank[a]]
    )
    keys.sort()
    source = keys >> shift
    # Rank of each entry within its source: position minus where the source starts.
    per_source = np.bincount(source, minlength=n)
    starts = np.cumsum(per_source) - per_source
    chosen = (np.arange(len(keys)) - starts[source]) < keep_top
    ends = source[chosen]
    others = np.argsort(id_rank)[keys[chosen] & ((1 << node_bits) - 1)]
    pair = np.minimum(ends, others) * n + np.maximum(ends, others)
    kept[edge[_positions(a * n + b, pair)]] = True
    return kept


def _positions(sorted_keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of each of ``wanted`` in ``sorted_keys`` (all must be present)."""
    return np.searchsorted(sorted_keys, wanted)


def _iso_utc(values: pd.Series) -> list[str | None]:
    """ISO 8601 UTC strings (``2025-02-09T10:05:23Z``) of a datetime Series."""
    stamps = pd.to_datetime(values, utc=True)
    text = stamps.dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return [None if pd.isna(t) else t for t in text.tolist()]
