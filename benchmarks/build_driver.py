"""Run one ``mkdocs build`` in this process and time every plugin's event handlers.

    python benchmarks/build_driver.py mkdocs.yml report.json

It does what ``mkdocs build`` does (load the config with MkDocs' own loader,
``on_startup``, ``build``, ``on_shutdown``), after wrapping each registered
event handler so that its calls, wall time and CPU time are added to a table
per plugin and event. CPU is the main thread's, where MkDocs runs every handler
(``time.thread_time``: a plugin's own threads run beside, whatever the main
thread does), and, apart, that of the child processes reaped while the handler
ran (``RUSAGE_CHILDREN``).
Times are exclusive: a handler that runs another plugin's event does not count
that one's time twice. Work a plugin does outside its handlers (a template it
provides, rendered by MkDocs) counts as MkDocs'. The wrapping costs about a
microsecond a call, the same for any build.

The report is JSON: ``events`` (plugin -> event -> calls, wall_s, cpu_s,
children_cpu_s), ``wall_s``, and at the end the CPU of the process (all its
threads), of its main thread and of its reaped children (``self_cpu_s``,
``main_thread_cpu_s``, ``children_cpu_s``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class EventTime:
    calls: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    children_cpu_s: float = 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class EventClock:
    """Wraps event handlers; keeps each one's exclusive time per plugin and event."""

    def __init__(self) -> None:
        self.table: dict[str, dict[str, EventTime]] = {}
        # Time of the handlers running inside the current one, per nesting level:
        # [wall, cpu, children cpu]
        self._inner: list[list[float]] = []

    def wrap(self, plugin: str, event: str, handler: Callable[..., Any]) -> Callable[..., Any]:
        cell = self.table.setdefault(plugin, {}).setdefault(event, EventTime())

        def timed(*args: Any, **kwargs: Any) -> Any:
            self._inner.append([0.0, 0.0, 0.0])
            wall, cpu, children = time.perf_counter(), time.thread_time(), _children_cpu()
            try:
                return handler(*args, **kwargs)
            finally:
                spent = [
                    time.perf_counter() - wall,
                    time.thread_time() - cpu,
                    _children_cpu() - children,
                ]
                inner = self._inner.pop()
                cell.calls += 1
                cell.wall_s += spent[0] - inner[0]
                cell.cpu_s += spent[1] - inner[1]
                cell.children_cpu_s += spent[2] - inner[2]
                if self._inner:
                    outer = self._inner[-1]
                    for index, value in enumerate(spent):
                        outer[index] += value

        return timed

    def report(self) -> dict[str, dict[str, dict[str, float | int]]]:
        return {
            plugin: {event: asdict(t) for event, t in events.items() if t.calls}
            for plugin, events in self.table.items()
        }


def time_plugin_events(plugins: Any, clock: EventClock) -> None:
    """Replace every handler registered in MkDocs' ``PluginCollection`` by a timed one."""
    origins: dict[Callable[..., Any], str] = getattr(plugins, "_event_origins", {})
    for event, handlers in plugins.events.items():
        for index, handler in enumerate(handlers):
            plugin = origins.get(handler, "<unknown>")
            timed = clock.wrap(plugin, event, handler)
            handlers[index] = timed
            # MkDocs names the plugin in its debug log and error messages from this map.
            origins[timed] = plugin


def build(config_file: Path) -> dict[str, Any]:
    """Build the site of ``config_file`` as ``mkdocs build`` does; the timing report."""
    started = time.perf_counter()
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    clock = EventClock()
    time_plugin_events(config.plugins, clock)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config, dirty=False)
    finally:
        config.plugins.on_shutdown()
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "wall_s": time.perf_counter() - started,
        "self_cpu_s": own.ru_utime + own.ru_stime,
        "main_thread_cpu_s": time.thread_time(),
        "children_cpu_s": _children_cpu(),
        "events": clock.report(),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    report = build(Path(args[0]))
    Path(args[1]).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
