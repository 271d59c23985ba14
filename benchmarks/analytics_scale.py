"""How long the analytics take on large synthetic corpora, stage by stage.

    python benchmarks/analytics_scale.py                 # 1,000 and 10,000 post-mortems
    python benchmarks/analytics_scale.py --sizes 50000   # any sizes
    python benchmarks/analytics_scale.py --recall 3000   # blocking against the exact graph

The corpus is built in memory (37 factors and 16 services drawn with
Zipf-like weights, 2 to 5 factors and 1 to 3 services per incident, see
pmkb.analytics.synthetic) and is not part of the timings. Each stage is run
--repeat times and the fastest run is shown: on a shared machine the minimum
is the least noisy estimate of what the code costs. CPU time is shown beside
wall time because other work on the machine inflates only the latter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from pmkb.analytics.exports import export_files
from pmkb.analytics.frame import action_items_frame, incidents_frame
from pmkb.analytics.metrics import build_metrics
from pmkb.analytics.related import detect_clusters, related_graph, top_related
from pmkb.analytics.synthetic import random_postmortems

AS_OF = dt.date(2025, 1, 1)


def fastest(repeat: int, run: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """(CPU seconds, wall seconds) of the fastest of ``repeat`` runs, and the result."""
    best, result = (float("inf"), float("inf")), None
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        result = run()
        best = min(best, (time.process_time() - cpu, time.perf_counter() - wall))
    return best, result


def measure(size: int, repeat: int) -> None:
    records = random_postmortems(size, seed=size)
    stages: list[tuple[str, tuple[float, float]]] = []
    seconds, incidents = fastest(repeat, lambda: incidents_frame(records))
    stages.append(("incidents table", seconds))
    seconds, items = fastest(repeat, lambda: action_items_frame(records, AS_OF))
    stages.append(("action-items table", seconds))
    seconds, metrics = fastest(repeat, lambda: build_metrics(incidents, items, as_of=AS_OF))
    stages.append(("metrics", seconds))
    seconds, graph = fastest(repeat, lambda: related_graph(incidents))
    stages.append(("related graph + clusters", seconds))
    clusters_only, _ = fastest(repeat, lambda: detect_clusters(graph))
    seconds, _ = fastest(repeat, lambda: top_related(graph))
    stages.append(("top related", seconds))
    seconds, files = fastest(repeat, lambda: export_files(incidents, items, metrics, graph))
    stages.append(("export files", seconds))
    total = (sum(s[0] for _, s in stages), sum(s[1] for _, s in stages))
    print(
        f"\n{size:,} post-mortems generated, {len(incidents):,} published, "
        f"{len(items):,} action items, {graph.number_of_edges():,} edges, "
        f"{len(graph.graph['clusters'])} clusters"
    )
    print(f"  {'stage':<28} {'CPU s':>7} {'wall s':>7}")
    for name, (cpu, wall) in [
        *stages[:4],
        ("  of which clusters", clusters_only),
        *stages[4:],
        ("total", total),
    ]:
        print(f"  {name:<28} {cpu:7.3f} {wall:7.3f}")
    sizes = ", ".join(
        f"{name.split('/')[-1]} {len(text) / 1e6:.1f} MB" for name, text in sorted(files.items())
    )
    print(f"  files: {sizes}")


def recall(size: int) -> None:
    """Share of the exact top-5 scores that the blocked graph finds, position by position."""
    incidents = incidents_frame(random_postmortems(size, seed=size))
    exact = top_related(related_graph(incidents, window=None), 5)
    found = top_related(related_graph(incidents), 5)
    hits = total = 0
    exact_sum = found_sum = 0.0
    for pm_id, best in exact.items():
        want = [r.score for r in best]
        got = [r.score for r in found[pm_id]]
        total += len(want)
        hits += sum(abs(a - b) < 1e-9 for a, b in zip(want, got))
        exact_sum += sum(want)
        found_sum += sum(got)
    print(
        f"\nrecall of the top 5 at {len(incidents):,} post-mortems: {hits / total:.1%} of the exact "
        f"scores found at their rank, {found_sum / exact_sum:.1%} of their sum"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--recall", type=int, default=0, help="also measure recall at this size")
    args = parser.parse_args()
    for size in args.sizes:
        measure(size, args.repeat)
    if args.recall:
        recall(args.recall)


if __name__ == "__main__":
    main()
