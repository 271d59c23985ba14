"""No trace of a restricted post-mortem, the same bytes from the same inputs, and the graph at scale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pmkb import site_plan
from pmkb_mkdocs.dashboard import graph as graph_view

from tests.dashboard import corpus
from tests.dashboard.conftest import figure, table
from tests.site.sitebuild import BuiltSite, build_site, write_project

#: What the dashboard adds to a site: its pages, the graph's, the open data.
OURS = ("dashboard", "graph", "data")


def our_files(site: BuiltSite) -> dict[str, bytes]:
    return {
        p.relative_to(site.site_dir).as_posix(): p.read_bytes()
        for p in site.files()
        if p.relative_to(site.site_dir).parts[0] in OURS
    }


def test_a_restricted_postmortem_leaves_no_trace_in_an_internal_build(dash: BuiltSite) -> None:
    everything = {
        p.relative_to(dash.site_dir).as_posix(): dash.text(p)
        for p in dash.files()
        if p.suffix != ".gz"
    }
    assert "pagefind/pagefind-entry.json" in everything and "data/graph.json" in everything
    for word in corpus.CANARY:
        found = [path for path, text in everything.items() if word in text]
        assert found == [], word


@pytest.fixture(scope="module")
def without_restricted(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    folder = tmp_path_factory.mktemp("no-restricted")
    return build_site(write_project(folder, corpus.files(with_restricted=False)), strict=True)


def test_every_figure_counts_the_visible_postmortems_alone(
    dash: BuiltSite, without_restricted: BuiltSite
) -> None:
    # Built with and without the restricted report, the dashboard, the graph and
    # the data are the same bytes: no count, share, edge or cluster includes it.
    with_it, without_it = our_files(dash), our_files(without_restricted)
    assert sorted(with_it) == sorted(without_it)
    assert [path for path in with_it if with_it[path] != without_it[path]] == []
    assert dash.html("") == without_restricted.html("")


def test_a_restricted_build_counts_it(tmp_path: Path) -> None:
    site = build_site(
        write_project(tmp_path, corpus.files(), plugin={"audience": "restricted"}), strict=True
    )
    first = site.content("dashboard/").first(cls="pmkb-figure__value")
    assert first.text == str(len(corpus.counted()) + 1)
    assert "PM-2025-006" in (site.site_dir / "data" / "incidents.csv").read_text()


def test_the_same_inputs_give_the_same_bytes(dash: BuiltSite, tmp_path: Path) -> None:
    again = build_site(write_project(tmp_path, corpus.files()), strict=True)
    first, second = our_files(dash), our_files(again)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
    for asset in ("charts.js", "plotly.min.js"):
        path = f"assets/pmkb/{asset}"
        assert (dash.site_dir / path).read_bytes() == (again.site_dir / path).read_bytes()


def test_a_large_graph_is_shown_by_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The thresholds scaled down to this corpus, so that a small build takes the
    # path a corpus of thousands takes.
    monkeypatch.setattr(site_plan, "FULL_GRAPH_NODES", 3)
    monkeypatch.setattr(graph_view, "CLUSTER_PAGE_NODES", 2)
    files = {**corpus.files(), **corpus.recurring_files()}
    site = build_site(write_project(tmp_path, files), strict=True)
    graph = json.loads((site.site_dir / "data" / "graph.json").read_text())
    assert len(graph["nodes"]) > 3 and graph["clusters"]
    overview = figure(site, "graph/", "cluster-overview")
    nodes = overview["data"][-1]
    assert nodes["text"] == [str(c["id"]) for c in graph["clusters"]]
    assert nodes["marker"]["size"] == sorted(nodes["marker"]["size"], reverse=True)
    for cluster, url in zip(graph["clusters"], nodes["customdata"]):
        assert url == f"../graph/cluster-{cluster['id']}/"
        page = f"graph/cluster-{cluster['id']}/"
        drawn = figure(site, page, "cluster-graph")["data"][-1]["customdata"]
        assert len(drawn) == min(2, cluster["size"])
        listed = [row[0] for row in table(site.content(page).one("h2", id="members").parent)]
        assert sorted(listed) == sorted(cluster["members"])
        # From the keyboard, a link shown when focused skips the drawing to that list.
        skip = site.content(page).one("a", cls="pmkb-skip")
        assert skip.attrs["href"] == "#members"
        assert skip.text == (
            "Skip the graph: the table below lists every post-mortem in this cluster, with a link"
        )
        lead = site.content(page).first("p", cls="pmkb-lead").text
        assert f"{cluster['size']} post-mortems citing {cluster['name']}" in lead
        assert (
            f"{cluster['cited_together']} cite this combination, "
            f"where about {cluster['expected']:.1f} would if its two parts were cited independently."
        ) in lead
    assert "more than 3 post-mortems" in site.content("graph/").first("p").text
    skip = site.content("graph/").one("a", cls="pmkb-skip")
    assert skip.attrs["href"] == "#clusters"
    assert skip.text == "Skip the graph: the table below lists every cluster, with a link"
    # Those in no cluster are counted, not listed: at this scale there may be thousands.
    in_none = sum(1 for n in graph["nodes"] if n["cluster"] is None)
    assert in_none and not site.content("graph/").find_all("h3", id="unclustered")
    assert f"{in_none} post-mortems are in no cluster" in site.content("graph/").text


def test_a_large_graph_without_clusters_says_so_and_draws_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_plan, "FULL_GRAPH_NODES", 3)
    site = build_site(write_project(tmp_path, corpus.files()), strict=True)
    graph = json.loads((site.site_dir / "data" / "graph.json").read_text())
    assert graph["clusters"] == [] and len(graph["nodes"]) > 3
    page = site.content("graph/")
    assert "shown by cluster, and there is none" in page.first("p").text
    assert not page.find_all("figure", data_pmkb_chart=True)
    assert f"{len(graph['nodes'])} post-mortems are in no cluster" in page.text
    assert not page.find_all("h3", id="unclustered")
    assert not list((site.site_dir / "graph").glob("cluster-*"))
