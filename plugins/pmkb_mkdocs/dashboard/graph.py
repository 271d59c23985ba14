"""The related-incident graph as pictures: the whole graph, or its clusters and one cluster.

Positions are computed here, with a fixed seed, so that the browser draws
and never simulates, and the same graph gives the same bytes. Up to
:data:`FULL_GRAPH_NODES` post-mortems the graph page draws every one; above
that it draws one node per cluster, and each cluster has a page of its own
with at most :data:`CLUSTER_PAGE_NODES` of its best-connected members drawn
(all of them listed), so that no page outgrows what a browser shows well.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pmkb import site_plan

from pmkb_mkdocs.dashboard.chart_spec import (
    MUTED,
    PALETTE,
    Chart,
    Link,
    Table,
    base_layout,
    hover,
    listing,
    short_title,
    span_text,
    text,
)
from pmkb_mkdocs.formatting import plural
from pmkb_mkdocs.render import Links

if TYPE_CHECKING:
    import networkx as nx
    from pmkb.analytics.related import Cluster

#: A cluster's page draws at most this many of its members.
CLUSTER_PAGE_NODES = 120
#: The overview draws at most this many clusters (the largest).
OVERVIEW_CLUSTERS = 200
LAYOUT_SEED = 7
LAYOUT_ITERATIONS = 40
#: Decimals of an edge's weight as drawings read it. Editing one post-mortem's
#: factors moves the rarity of each, and so the weight of every edge sharing one,
#: by a little; rounded, that leaves the drawings of other clusters as they were,
#: so that a preview need not draw them again.
DRAWN_WEIGHT_DIGITS = 1
#: Shared factors named in a node's hover box.
HOVER_FACTORS = 4


def clusters_of(graph: nx.Graph[str]) -> list[Cluster]:
    return list(graph.graph.get("clusters", []))


def shows_clusters(graph: nx.Graph[str]) -> bool:
    """Whether the graph page shows clusters rather than every post-mortem."""
    return graph.number_of_nodes() > site_plan.FULL_GRAPH_NODES


def cluster_colour(cluster: int | None) -> str:
    return MUTED if cluster is None else PALETTE[(cluster - 1) % len(PALETTE)]


def cluster_swatch(cluster: int | None) -> str:
    """The class of pmkb.css that shows :func:`cluster_colour` in a legend.

    >>> cluster_swatch(1), cluster_swatch(13), cluster_swatch(None)
    ('c1', 'c1', 'none')
    """
    return "none" if cluster is None else f"c{(cluster - 1) % len(PALETTE) + 1}"


#: Nodes of a drawn graph: post-mortem ids, or cluster numbers in the overview.
NodeT = TypeVar("NodeT", str, int)


def _layout(graph: nx.Graph[NodeT]) -> dict[NodeT, tuple[float, float]]:
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    # The layout starts from positions drawn in node order, and a subgraph view
    # of fewer than half the nodes lists them in the order of a set, which
    # changes with the interpreter's hash seed: the same site must come out of
    # every build, so the nodes go in sorted.
    ordered: nx.Graph[NodeT] = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(
        (u, v, {"weight": _drawn_weight(data)}) for u, v, data in graph.edges(data=True)
    )
    positions = nx.spring_layout(
        ordered, seed=LAYOUT_SEED, iterations=LAYOUT_ITERATIONS, weight="weight"
    )
    # Rounded: positions are only drawn, and rounding keeps the bytes stable.
    return {node: (round(float(x), 3), round(float(y), 3)) for node, (x, y) in positions.items()}


def _drawn_weight(data: dict[str, Any]) -> float:
    return round(float(data["weight"]), DRAWN_WEIGHT_DIGITS)


def cluster_page_inputs(graph: nx.Graph[str], cluster: Cluster) -> int:
    """A digest of all that a cluster's page reads from the graph, besides its members'
    frontmatter: the cluster as shown, and each member's edges (to whom, drawn weight,
    link, shared factors) with the other end's cluster (see :func:`incident_graph_chart`,
    :func:`most_connected` and :func:`member_table`)."""
    nodes, adjacency = graph.nodes, graph.adj
    shown = dataclasses.replace(cluster, q_value=0.0)  # adjusted anew by any edit, never shown
    return hash(
        (
            shown,
            tuple(
                tuple(
                    sorted(
                        (
                            other,
                            _drawn_weight(data),
                            bool(data.get("linked")),
                            tuple(data.get("factors") or ()),
                            nodes[other].get("cluster"),
                        )
                        for other, data in adjacency[member].items()
                    )
                )
                for member in cluster.members
            ),
        )
    )


def _shared_factors(graph: nx.Graph[str], node: str) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    # data=True: types-networkx cannot type one named attribute of the edges.
    for _, _, data in graph.edges(node, data=True):
        counts.update(data.get("factors") or ())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _axis() -> dict[str, Any]:
    return {"visible": False, "showgrid": False, "zeroline": False}


def _edges(graph: nx.Graph[str], positions: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    plain: tuple[list[float | None], list[float | None]] = ([], [])
    linked: tuple[list[float | None], list[float | None]] = ([], [])
    # Each edge with its ends in order: a subgraph view may list either end first.
    ends = [
        (min(u, v), max(u, v), bool(data.get("linked"))) for u, v, data in graph.edges(data=True)
    ]
    for u, v, is_linked in sorted(ends, key=lambda e: (e[0], e[1])):
        xs, ys = linked if is_linked else plain
        (x0, y0), (x1, y1) = positions[u], positions[v]
        xs.extend((x0, x1, None))
        ys.extend((y0, y1, None))
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": xs,
            "y": ys,
            "line": {"color": colour, "width": width},
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for name, (xs, ys), colour, width in (
            ("shared factors or services", plain, "rgba(128,128,128,0.35)", 0.7),
            ("explicit link", linked, "rgba(90,90,90,0.8)", 1.4),
        )
        if xs
    ]


def incident_graph_chart(
    graph: nx.Graph[str],
    nodes: Sequence[str],
    links: Links,
    cluster_names: dict[int, str],
    *,
    key: str = "related-graph",
    title: str = "Related incidents",
) -> Chart:
    """The post-mortems ``nodes`` and the edges among them, coloured by cluster or severity."""
    sub = graph.subgraph(nodes)
    positions = _layout(sub)
    order = [n for n in sorted(sub.nodes)]
    data = sub.nodes
    cluster_colours = [cluster_colour(data[n].get("cluster")) for n in order]
    hovers = []
    for n in order:
        attrs = data[n]
        cluster = attrs.get("cluster")
        shared = _shared_factors(graph, n)[:HOVER_FACTORS]
        hovers.append(
            hover(
                f"<b>{n}</b> · {attrs.get('severity') or ''} · {str(attrs.get('started') or '')[:10]}",
                text(short_title(attrs.get("title") or "")),
                f"cluster {cluster}: {text(cluster_names.get(cluster, ''))}"
                if cluster is not None
                else "in no cluster",
                "shares with related: " + ", ".join(f"{text(t)} ({c})" for t, c in shared)
                if shared
                else "no shared factors",
            )
        )
    degree = dict(graph.degree(order))
    nodes_trace = {
        "type": "scatter",
        "mode": "markers",
        "name": "post-mortems",
        "x": [positions[n][0] for n in order],
        "y": [positions[n][1] for n in order],
        "customdata": [links.incident(n) for n in order],
        "hovertext": hovers,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {
            "color": cluster_colours,
            "size": [round(7 + 2 * math.sqrt(degree[n]), 1) for n in order],
            "line": {"color": "rgba(255,255,255,0.8)", "width": 0.5},
        },
        "showlegend": False,
    }
    traces = [*_edges(sub, positions), nodes_trace]
    layout = base_layout(
        xaxis=_axis(),
        yaxis={**_axis(), "scaleanchor": "x"},
        hovermode="closest",
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    present = sorted({data[n].get("cluster") for n in order}, key=lambda c: (c is None, c or 0))
    legend = tuple(
        (
            cluster_swatch(c),
            f"{c}: {cluster_names.get(c, '')}" if c is not None else "in no cluster",
        )
        for c in present
    )
    linked = sum(1 for _, _, edge in sub.edges(data=True) if edge.get("linked"))
    in_cluster = Counter(data[n].get("cluster") for n in order)
    clustered = [
        f"cluster {c} {cluster_names.get(c, '')} ({in_cluster[c]:,})"
        for c in present
        if c is not None
    ]
    summary = (
        f"{plural(len(order), 'post-mortem')} drawn with {plural(sub.number_of_edges(), 'relation')}"
        + (f", {plural(linked, 'explicit link')} among them" if linked else "")
        + "; "
        + (
            f"{plural(len(clustered), 'cluster')}: {listing(clustered, 4)}"
            if clustered
            else "no cluster"
        )
        + (f"; {in_cluster[None]:,} in no cluster" if in_cluster[None] else "")
        + ". Every post-mortem drawn is listed below."
    )
    return Chart(
        key=key,
        title=title,
        how_to_read=(
            "Each dot is a post-mortem, coloured by its cluster (the list under the graph names "
            "them), each line a strong relation (shared rare factors or services, darker for "
            "an explicit link); dots close together are alike."
        ),
        using=(
            "Hover for the title, severity and shared factors, click to open the post-mortem; "
            "the buttons zoom."
        ),
        undrawn_how_to_read=(
            "Without JavaScript the graph is not drawn: the tables below list every "
            "post-mortem in it, each with a link to its page, which names the incidents most "
            "related to it."
        ),
        figure={"data": traces, "layout": layout},
        table=Table((), []),
        empty=None if order else "No post-mortems to draw.",
        clickable=True,
        height=620,
        legend=legend,
        toolbar=True,
        narrow={"height": 420},
        summary=summary,
    )


def most_connected(graph: nx.Graph[str], members: Sequence[str], limit: int) -> list[str]:
    """Up to ``limit`` of ``members``, those with the most weight inside the group first."""
    if len(members) <= limit:
        return list(members)
    inside = set(members)
    strength = {
        n: sum(_drawn_weight(data) for m, data in graph.adj[n].items() if m in inside)
        for n in members
    }
    ranked = sorted(members, key=lambda n: (-strength[n], n))
    return sorted(ranked[:limit])


def cluster_overview_chart(
    graph: nx.Graph[str], clusters: list[Cluster], cluster_url: Callable[[int], str]
) -> Chart:
    """One node per cluster, sized by members, joined by the weight of the edges between them."""
    import networkx as nx

    shown = clusters[:OVERVIEW_CLUSTERS]
    ids = {c.id for c in shown}
    between: Counter[tuple[int, int]] = Counter()
    for u, v, data in graph.edges(data=True):
        weight = data["weight"]
        a, b = graph.nodes[u].get("cluster"), graph.nodes[v].get("cluster")
        if a is None or b is None or a == b or a not in ids or b not in ids:
            continue
        between[(min(a, b), max(a, b))] += weight
    summary: nx.Graph[int] = nx.Graph()
    summary.add_nodes_from(c.id for c in shown)
    summary.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(between.items()))
    positions = _layout(summary)
    severity_mix: dict[int, Counter[str]] = {c.id: Counter() for c in shown}
    for c in shown:
        for member in c.members:
            severity_mix[c.id][graph.nodes[member].get("severity") or "?"] += 1
    largest = max((c.size for c in shown), default=1)
    edges_x: list[float | None] = []
    edges_y: list[float | None] = []
    for a, b in sorted(between):
        edges_x.extend((positions[a][0], positions[b][0], None))
        edges_y.extend((positions[a][1], positions[b][1], None))
    node_trace = {
        "type": "scatter",
        "mode": "markers+text",
        "name": "clusters",
        "x": [positions[c.id][0] for c in shown],
        "y": [positions[c.id][1] for c in shown],
        "text": [str(c.id) for c in shown],
        "textposition": "middle center",
        "textfont": {"color": "#ffffff", "size": 11},
        "customdata": [cluster_url(c.id) for c in shown],
        "hovertext": [
            hover(
                f"<b>Cluster {c.id}: {text(c.name)}</b>",
                f"{c.size:,} post-mortems ({c.cited_together:,} cite it, {c.expected:.1f} by chance) · "
                + " ".join(f"{s} {severity_mix[c.id][s]:,}" for s in sorted(severity_mix[c.id])),
                "factors: " + ", ".join(f"{text(t)} ({n})" for t, n in c.top_factors[:4]),
                "services: " + ", ".join(f"{text(t)} ({n})" for t, n in c.top_services[:3]),
                "click to open the cluster",
            )
            for c in shown
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {
            "color": [cluster_colour(c.id) for c in shown],
            "size": [round(14 + 46 * math.sqrt(c.size / largest), 1) for c in shown],
            "line": {"color": "rgba(255,255,255,0.8)", "width": 1},
        },
        "showlegend": False,
    }
    traces: list[dict[str, Any]] = []
    if edges_x:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "relations between clusters",
                "x": edges_x,
                "y": edges_y,
                "line": {"color": "rgba(128,128,128,0.3)", "width": 1},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    traces.append(node_trace)
    words = (
        f"{plural(len(shown), 'cluster')}"
        + (
            f" (the largest {len(shown):,} of {len(clusters):,})"
            if len(clusters) > len(shown)
            else ""
        )
        + f" of {span_text(c.size for c in shown)} post-mortems each, "
        + f"{plural(len(between), 'pair')} of them related; the largest: "
        + listing(
            [f"{c.id} {c.name} ({c.size:,})" for c in sorted(shown, key=lambda c: (-c.size, c.id))]
        )
        + ". The table below lists every cluster."
    )
    return Chart(
        key="cluster-overview",
        title="Clusters of related incidents",
        how_to_read=(
            "Each circle is a cluster: the post-mortems citing a combination of factors, or a "
            "factor on a service, more often than chance would. It is sized by its members and "
            "placed near the clusters it relates to most."
        ),
        using="Hover for what its members cite, click to open it.",
        undrawn_how_to_read=(
            "Without JavaScript the clusters are not drawn: the table below lists every "
            "cluster, each with a link to its page."
        ),
        figure={
            "data": traces,
            "layout": base_layout(
                xaxis=_axis(),
                yaxis={**_axis(), "scaleanchor": "x"},
                hovermode="closest",
                margin={"l": 10, "r": 10, "t": 10, "b": 10},
            ),
        },
        table=Table((), []),
        empty=None if shown else "No clusters.",
        clickable=True,
        height=620,
        legend=tuple((cluster_swatch(c.id), f"{c.id}: {c.name} ({c.size:,})") for c in shown),
        toolbar=True,
        narrow={"height": 420},
        summary=words,
    )


def cluster_table(clusters: list[Cluster], href: Callable[[Cluster], Link]) -> Table:
    return Table(
        ("Cluster", "Post-mortems", "Cite the combination", "By chance", "Factors", "Services"),
        [
            (
                href(c),
                c.size,
                c.cited_together,
                f"{c.expected:.1f}",
                ", ".join(f"{t} ({n})" for t, n in c.top_factors[:4]),
                ", ".join(f"{t} ({n})" for t, n in c.top_services[:3]),
            )
            for c in clusters
        ],
        frozenset({1, 2, 3}),
    )


def member_table(graph: nx.Graph[str], members: Sequence[str], links: Links) -> Table:
    """The post-mortems of a cluster, newest first, each with how many of its related
    incidents are in the cluster too. Post-mortems in no cluster (``cluster`` None) have
    no such count: they form no group, and what relates them is on their own pages."""
    rows = sorted(
        members, key=lambda n: (str(graph.nodes[n].get("started") or ""), n), reverse=True
    )
    clustered = any(graph.nodes[n].get("cluster") is not None for n in members)
    return Table(
        ("ID", "Started", "Severity", "Title", *(("Related in the cluster",) if clustered else ())),
        [
            (
                Link(n, links.incident(n)),
                str(graph.nodes[n].get("started") or "")[:10],
                graph.nodes[n].get("severity") or "",
                graph.nodes[n].get("title") or "",
                *(
                    (
                        sum(
                            1
                            for m in graph[n]
                            if graph.nodes[m].get("cluster") == graph.nodes[n].get("cluster")
                        ),
                    )
                    if clustered
                    else ()
                ),
            )
            for n in rows
        ],
        frozenset({4}) if clustered else frozenset(),
    )
