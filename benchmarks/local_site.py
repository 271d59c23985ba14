"""Serve a built site on 127.0.0.1 for the browser, counting the bytes it sends.

A static file server of the standard library, one thread per request, no
compression: what a reader's browser receives from any plain static server.
Every byte written to a connection (status line, headers, body) is counted,
so the count includes what a page's web workers fetch, which the browser's
own per-request sizes do not always report.
"""

from __future__ import annotations

import functools
import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Traffic:
    """Bytes and requests served since the last :meth:`reset`."""

    bytes_sent: int = 0
    requests: int = 0
    paths: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reset(self) -> None:
        with self.lock:
            self.bytes_sent = 0
            self.requests = 0
            self.paths = {}

    def add(self, path: str, sent: int) -> None:
        with self.lock:
            self.bytes_sent += sent
            self.requests += 1
            self.paths[path] = self.paths.get(path, 0) + sent


class _CountingWriter:
    def __init__(self, stream: io.BufferedIOBase, count: list[int]) -> None:
        self._stream = stream
        self._count = count

    def write(self, data: bytes) -> int:
        written = self._stream.write(data)
        self._count[0] += len(data) if written is None else written
        return len(data) if written is None else written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    traffic: Traffic

    def setup(self) -> None:
        super().setup()
        self._sent = [0]
        self.wfile = _CountingWriter(self.wfile, self._sent)  # type: ignore[assignment]

    def handle_one_request(self) -> None:
        self._sent[0] = 0
        super().handle_one_request()
        if self._sent[0]:
            self.traffic.add(getattr(self, "path", "?"), self._sent[0])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[tuple[str, Traffic]]:
    """``(base URL ending in /, traffic counter)`` of ``folder`` served until the block ends."""
    traffic = Traffic()
    handler = type("Handler", (_CountingHandler,), {"traffic": traffic})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", traffic
    finally:
        server.shutdown()
        server.server_close()
