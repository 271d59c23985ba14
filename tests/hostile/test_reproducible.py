"""Builds that can be trusted: the same inputs give the same bytes, and the content stays untouched.

Each corpus (the shipped one, and the hostile one) is built twice by
``mkdocs build`` in two processes that differ in everything but their
inputs and as-of date: hash seed, ``SOURCE_DATE_EPOCH``, time zone (one of
them fourteen hours ahead of UTC, another day), working directory. Every
byte of the two sites must match. A post-mortem whose file is renamed keeps
its URL and the links to it. Neither a build nor ``mkdocs serve``, rebuilding
after an edit, writes anything into the content folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.site.sitebuild import AS_OF, build_site, report, write_project

from . import manifest
from . import payloads as P
from .hostile_site import REPO, SITE_URL

#: Two environments that share nothing but the inputs.
ENVIRONMENTS = (
    {"PYTHONHASHSEED": "0", "TZ": "UTC"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "SOURCE_DATE_EPOCH": "1700000000"},
)


def shipped_project(folder: Path) -> Path:
    """The shipped corpus (copied) with the project's mkdocs.yml and a fixed as-of date."""
    shutil.copytree(REPO / "postmortems", folder / "postmortems")
    return _config(folder, "postmortems", {})


def hostile_project(folder: Path) -> Path:
    manifest.materialize(folder / "docs")
    return _config(folder, "docs", {"exclude_docs": P.MKDOCS_EXCLUDE_DOCS})


def _config(folder: Path, docs: str, extra: dict[str, object]) -> Path:
    config = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "site_url": SITE_URL,
        "docs_dir": docs,
        **extra,
        "plugins": {"postmortems": {"as_of": AS_OF.isoformat()}},
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def mkdocs(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONHASHSEED", "TZ", "SOURCE_DATE_EPOCH")
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd,
        env={**base, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def snapshot(folder: Path) -> dict[str, tuple[bool, int, int]]:
    """Every entry under ``folder``: (is a folder, size, modification time in ns)."""
    out = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        info = path.lstat()
        is_dir = path.is_dir() and not path.is_symlink()
        out[path.relative_to(folder).as_posix()] = (
            is_dir,
            0 if is_dir else info.st_size,
            info.st_mtime_ns,
        )
    return out


def differences(left: Path, right: Path, renamed: tuple[bytes, bytes] | None = None) -> list[str]:
    """Files only in one site, or whose bytes differ, with the first difference shown.

    ``renamed`` (old, new) is replaced in the left site's bytes before comparing.
    """
    files = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    others = {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    out = [f"only in one: {rel}" for rel in sorted(files ^ others)]
    for rel in sorted(files & others):
        a, b = (left / rel).read_bytes(), (right / rel).read_bytes()
        if renamed is not None:
            a = a.replace(*renamed)
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            out.append(f"{rel} at byte {at}: {a[at - 40 : at + 40]!r} / {b[at - 40 : at + 40]!r}")
    return out


@pytest.mark.parametrize(
    "make_project", [shipped_project, hostile_project], ids=["shipped", "hostile"]
)
def test_two_builds_in_different_processes_give_the_same_bytes(
    tmp_path: Path, make_project: object
) -> None:
    config = make_project(tmp_path / "project")  # type: ignore[operator]
    docs = config.parent / ("postmortems" if (config.parent / "postmortems").is_dir() else "docs")
    before = snapshot(docs)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sites = []
    for n, (env, cwd) in enumerate(zip(ENVIRONMENTS, (config.parent, elsewhere))):
        site = tmp_path / f"site-{n}"
        result = mkdocs(
            "build", "--config-file", str(config), "--site-dir", str(site), cwd=cwd, env=env
        )
        assert result.returncode == 0, result.stderr[-2000:]
        sites.append(site)
    assert sum(1 for _ in sites[0].rglob("*.html")) > 20
    assert differences(*sites) == []
    # The sitemap's dates are the as-of date, whatever the clock or SOURCE_DATE_EPOCH said.
    sitemap = (sites[0] / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>") > 20
    assert sitemap.count(f"<lastmod>{AS_OF.isoformat()}</lastmod>") == sitemap.count("<lastmod>")
    assert snapshot(docs) == before


def test_a_renamed_postmortem_keeps_its_url_and_the_links_to_it(tmp_path: Path) -> None:
    files = {
        "2025/2025-02-09-checkout-errors.md": report(
            "PM-2025-001", "Checkout errors from pool exhaustion", "2025-02-09T10:00:00Z"
        ),
        "2025/2025-03-01-search-latency.md": report(
            "PM-2025-002",
            "Search latency from a cache stampede",
            "2025-03-01T10:00:00Z",
            related=["PM-2025-001"],
        ),
    }
    config = write_project(tmp_path, files, config={"site_url": SITE_URL})
    before = build_site(config, strict=True, site_dir=tmp_path / "before")
    docs = tmp_path / "docs" / "2025"
    (docs / "2025-02-09-checkout-errors.md").rename(docs / "2025-02-09-pool-exhaustion.md")
    after = build_site(config, strict=True, site_dir=tmp_path / "after")
    page = "incidents/pm-2025-001/"
    assert after.exists(page)
    related = after.content("incidents/pm-2025-002/").one(cls="pmkb-related")
    assert related.first("a").get("href") == "../../incidents/pm-2025-001/"
    # The id is the key: the site changes only where it names the file (the open
    # data's source column), and no page changes at all.
    old, new = b"2025-02-09-checkout-errors.md", b"2025-02-09-pool-exhaustion.md"
    assert differences(before.site_dir, after.site_dir, (old, new)) == []
    changed = [d.split(" at byte")[0] for d in differences(before.site_dir, after.site_dir)]
    assert changed and all(rel.startswith("data/") for rel in changed), changed


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(condition: object, what: str, limit: float = 240) -> None:
    # A bound on waiting, not a timing assertion: the machine may be slow.
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.5)
    pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``mkdocs serve --dirty`` on a small corpus; yields the docs folder and the served URL."""
    files = {
        "2025/2025-02-09-checkout-errors.md": report(
            "PM-2025-001", "Checkout errors from pool exhaustion", "2025-02-09T10:00:00Z"
        ),
        "about.md": "# About\n\nHow we write post-mortems.\n",
    }
    config = write_project(tmp_path, files)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty",
         "--dev-addr", f"127.0.0.1:{port}", "--config-file", str(config)],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        yield tmp_path / "docs", f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_mkdocs_serve_rebuilding_after_an_edit_writes_nothing_into_the_content(
    serve: tuple[Path, str],
) -> None:
    docs, url = serve
    page = url + "incidents/pm-2025-001/"
    _wait_for(lambda: "Checkout errors" in (_fetch(page) or ""), "the first build")
    before = snapshot(docs)
    edited = docs / "2025" / "2025-02-09-checkout-errors.md"
    text = edited.read_text(encoding="utf-8").replace("Checkout errors", "Checkout failures")
    edited.write_text(text, encoding="utf-8")
    _wait_for(lambda: "Checkout failures" in (_fetch(page) or ""), "the rebuild after the edit")
    # A second edit, so that at least one more rebuild ran while we watched.
    edited.write_text(text.replace("Checkout failures", "Checkout outage"), encoding="utf-8")
    _wait_for(lambda: "Checkout outage" in (_fetch(page) or ""), "the second rebuild")
    after = snapshot(docs)
    # Only the file we edited changed: no file was added, removed or touched, and
    # no folder's time changed (a file written and deleted again would change it).
    assert set(after) == set(before)
    assert {k for k in after if after[k] != before[k]} == {"2025/2025-02-09-checkout-errors.md"}
