"""The benchmark's results as Markdown tables: build, CPU parts, search, preview, pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

SIDES = ("plain", "ours")


def _cell(value: Any) -> str:
    """A table cell: numbers as rounded, with thousands separated."""
    if value is None:
        return "-"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _table(head: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" for _ in head) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _pair(plain: Any, ours: Any) -> str:
    return f"{_cell(plain)} / {_cell(ours)}"


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _by_folder(build: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A size's build figures per site folder: warm (the top level of results written
    before cold builds were timed), then cold when it was timed."""
    folders = [("warm", build.get("warm") or build)]
    if build.get("cold"):
        folders.append(("cold", build["cold"]))
    return folders


def _ratio(build: dict[str, Any], name: str) -> str:
    """The medians' ratio, then the lowest and highest of the runs' own ratios."""
    spread = build.get(f"{name}_ratio_range")
    median = build[f"{name}_ratio"]
    return f"{median} ({spread[0]}-{spread[1]})" if spread else str(median)


def markdown_report(results: list[dict[str, Any]], command: str, info: dict[str, Any]) -> str:
    out = [f"`{command}`", "", f"Machine: {_machine_line(info)}", ""]
    out.append(
        "Build (medians; CPU is user + system of every process the build starts; system is "
        "the kernel's part of it: files, pipes, memory; warm: into the site folder the "
        "side's previous build left, cold: into none, as a fresh clone's first build):\n"
    )
    out.append(
        _table(
            [
                "N",
                "site folder",
                "plain wall s",
                "our wall s",
                "wall ratio (each run)",
                "plain CPU s",
                "our CPU s",
                "CPU ratio (each run)",
                "system s, plain / ours",
                "plain RSS MB",
                "our RSS MB",
            ],
            [
                (
                    r["n"],
                    folder,
                    b["plain"]["wall_s"],
                    b["ours"]["wall_s"],
                    _ratio(b, "wall"),
                    b["plain"]["cpu_s"],
                    b["ours"]["cpu_s"],
                    _ratio(b, "cpu"),
                    _pair(b["plain"].get("system_s"), b["ours"].get("system_s")),
                    b["plain"]["max_rss_mb"],
                    b["ours"]["max_rss_mb"],
                )
                for r in results
                for folder, b in _by_folder(r["build"])
            ],
        )
    )
    out.append("\nEach part's share of the build's CPU (the median run):\n")
    out.append(
        _table(
            [
                "N",
                "site folder",
                "site",
                "MkDocs + Material",
                "our plugin",
                "search indexer",
                "processes started",
            ],
            [
                (
                    r["n"],
                    folder,
                    side,
                    _percent(s["shares"]["mkdocs"]),
                    _percent(s["shares"]["plugin"]),
                    _percent(s["shares"]["indexer"]),
                    ", ".join(f"{k} x{v}" for k, v in sorted(s["processes"].items())) or "none",
                )
                for r in results
                for folder, b in _by_folder(r["build"])
                for side in SIDES
                for s in [b[side]]
            ],
        )
    )
    for r in results:
        for folder, key in (("warm", "our_plugin_events"), ("cold", "our_plugin_events_cold")):
            events = r.get(key)
            if events:
                out.append(
                    f"\nOur plugin's handlers at N={r['n']:,}, {folder} (CPU s, median run): "
                    + ", ".join(f"{name} {cpu:.2f}" for name, cpu in events)
                )
    if any(r["search"] for r in results):
        out.append("\nSearch, cold, headless Chromium (medians; ms and MB fetched):\n")
        out.append(
            _table(
                [
                    "N",
                    "query",
                    "plain from typing",
                    "ours from typing",
                    "plain from opening",
                    "ours from opening",
                    "plain MB",
                    "ours MB",
                    "search box (ours)",
                    "id first",
                ],
                [
                    (
                        r["n"],
                        f"{kind}: {row['query']}",
                        row["plain"]["from_typing_ms"],
                        row["ours"]["from_typing_ms"],
                        row["plain"]["from_opening_ms"],
                        row["ours"]["from_opening_ms"],
                        round(row["plain"]["bytes"] / 1e6, 2),
                        round(row["ours"]["bytes"] / 1e6, 2),
                        row["ours"]["search_box"],
                        _id_first(row),
                    )
                    for r in results
                    for kind, row in r["search"].items()
                ],
            )
        )
        out.append(
            "\nSearch typed key by key, ten keys a second: from the last key to the first "
            "result of the whole text drawn after it (medians; ms and MB fetched):\n"
        )
        out.append(
            _table(
                ["N", "query", "plain", "ours", "plain MB", "ours MB"],
                [
                    (
                        r["n"],
                        f"{kind}: {row['query']}",
                        row["plain"]["after_last_key_ms"],
                        row["ours"]["after_last_key_ms"],
                        round(row["plain"]["keyed_bytes"] / 1e6, 2),
                        round(row["ours"]["keyed_bytes"] / 1e6, 2),
                    )
                    for r in results
                    for kind, row in r["search"].items()
                ],
            )
        )
    if any(r["preview"] for r in results):
        out.append("\nPreview: from saving an edit until it is served (medians, s):\n")
        out.append(
            _table(
                [
                    "N",
                    "edit",
                    "plain",
                    "ours",
                    "ours / plain",
                    "edits each",
                    "pages checked (ours)",
                ],
                [
                    (
                        r["n"],
                        kind,
                        r["preview"][kind]["plain"]["median_s"],
                        r["preview"][kind]["ours"]["median_s"],
                        r["preview"][kind]["ratio"],
                        r["preview"][kind]["ours"]["edits"],
                        ", ".join(r["preview"][kind]["ours"]["pages"]),
                    )
                    for r in results
                    if r["preview"]
                    for kind in ("body", "title")
                ],
            )
        )
        out.append(f"\nServed with: `{results[-1]['preview'].get('command', '')}`")
    out.append("\nPages and files:\n")
    out.append(
        _table(
            [
                "N",
                "site MB plain / ours",
                "search files plain / ours",
                "dashboard KB",
                "list KB (+ data)",
                "dashboard usable ms (every chart)",
                "list usable ms (first filter)",
            ],
            [_pages_row(r) for r in results],
        )
    )
    return "\n".join(out)


def _id_first(row: dict[str, Any]) -> str:
    flags = [row[side]["first_is_expected"] for side in SIDES]
    if flags == [None, None]:
        return ""
    return " / ".join("yes" if flag else "NO" for flag in flags)


def _pages_row(r: dict[str, Any]) -> list[Any]:
    pages = r["pages"]
    search = pages["search_files"]
    weights = pages["weights_kb"]
    usable = pages.get("usable_ms", {})
    return [
        r["n"],
        f"{pages['site_mb']['plain']} / {pages['site_mb']['ours']}",
        " / ".join(f"{s['kind']} {s['mb']} MB" for s in (search["plain"], search["ours"])),
        weights.get("dashboard"),
        f"{_cell(weights.get('incidents list'))} (+{_cell(weights.get('list data'))})",
        f"{_cell(usable.get('dashboard'))} ({_cell(usable.get('dashboard every chart'))})",
        f"{_cell(usable.get('incidents list'))} ({_cell(usable.get('incidents list first filter'))})",
    ]


def _machine_line(info: dict[str, Any]) -> str:
    v = info["versions"]
    return (
        f"{info['cpu']}, {info['cpus']} CPUs, {info['memory_gb']} GB, {info['system']}, "
        f"Python {v['python']}, MkDocs {v['mkdocs']}, Material {v['mkdocs-material']}, "
        f"Pagefind {v['pagefind'] or '-'} (binary: {v.get('pagefind binary') or '-'}), "
        f"{v['chromium'] or 'no Chromium'}; "
        f"commit {info['commit']}"
    )
