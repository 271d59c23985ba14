"""``mkdocs serve --dirty`` through MkDocs' own server: a save that changes a
post-mortem's body alone builds that page by itself, and the site stays as a
clean build's.

The server runs in a thread, wired as ``mkdocs serve`` wires it (the first
build, the watched folders, the plugins' ``on_serve``), and is read over HTTP.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from tests.site.sitebuild import AS_OF, BuiltSite, report, standard_corpus, write_project
from tests.site.test_preview import CHECKOUT, _clean_build, _same_pages

#: Our log line when a page was built by itself (see PostmortemsPlugin._build_bodies_again).
ALONE = "built again in"


class Server:
    """``mkdocs serve --dirty`` on ``project``, writing into ``site_dir``."""

    def __init__(self, project: Path, site_dir: Path) -> None:
        self.project, self.site_dir = project, site_dir
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        config = self._load()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugins = config.plugins
        self._builder(config)
        self.server = LiveReloadServer(
            builder=self._builder, host="127.0.0.1", port=port, root=str(site_dir)
        )
        self.server.watch(config.docs_dir)
        self.server.watch(str(project))
        self.server = config.plugins.on_serve(self.server, config=config, builder=self._builder)
        self._thread = threading.Thread(target=self.server.serve, daemon=True)
        self._thread.start()
        # The server watches the files before it answers: a save before that would go unseen.
        ends = time.monotonic() + 30
        while True:
            try:
                self.page("")
                break
            except OSError:
                assert time.monotonic() < ends, "the server never answered"
                time.sleep(0.05)
        self.plugins["postmortems"].wait_for_background_writes()

    def _load(self) -> MkDocsConfig:
        config = load_config(str(self.project), site_dir=str(self.site_dir))
        config.site_url = self.url
        return config

    #: Builds of the whole site finished (a page built by itself is not one).
    builds = 0

    def _builder(self, config: MkDocsConfig | None = None) -> None:
        # As mkdocs serve's own: the configuration is loaded afresh for each rebuild.
        build(config or self._load(), serve_url=self.url, dirty=True)
        self.builds += 1

    def page(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def wait_for(self, path: str, text: str, timeout: float = 60) -> None:
        """Until the page at ``path`` is served with ``text`` in it."""
        ends = time.monotonic() + timeout
        while text not in self.page(path):
            assert time.monotonic() < ends, f"{path} never showed {text!r}"
            time.sleep(0.05)
        # Its search index and downloads, written after the site is served.
        self.plugins["postmortems"].wait_for_background_writes()

    def same_as_clean_build(self, into: Path) -> bool:
        """Whether the served site's pages and data are a clean build's, byte for byte.

        Last in a test: the clean build has the same plugin instance (MkDocs keeps
        one per process), and makes it a one-off build's.
        """
        clean = _clean_build(self.project, into, self.url)
        return _same_pages(BuiltSite(self.site_dir), clean) == []

    def close(self) -> None:
        self.server.shutdown()
        self._thread.join(30)
        self.plugins.on_shutdown()


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    served = Server(project, project.parent / "served")
    if isinstance(served.server.observer, PollingObserver):
        served.close()
        pytest.skip("this system does not report file changes itself")
    try:
        yield served
    finally:
        served.close()


def _stamps(site_dir: Path) -> dict[str, int]:
    return {str(p.relative_to(site_dir)): p.stat().st_mtime_ns for p in site_dir.rglob("*.*")}


def _changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(name for name in after if after[name] != before.get(name))


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _alone(caplog: pytest.LogCaptureFixture, src_uri: str) -> int:
    """How many times the page of ``src_uri`` was built by itself."""
    return sum(ALONE in r.getMessage() and src_uri in r.getMessage() for r in caplog.records)


def test_a_body_edit_builds_its_page_alone_and_the_site_stays_a_clean_builds(
    server: Server, project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = project.parent / "docs"
    before = _stamps(server.site_dir)
    with caplog.at_level(logging.INFO):
        _replace_in(docs / CHECKOUT, "## Root Cause", "A paragraph added.\n\n## Root Cause")
        server.wait_for("incidents/pm-2025-001/", "A paragraph added.")
        changed = _changed(before, _stamps(server.site_dir))
        # The page and the search index, which has its words; not even the sitemap
        # and the 404 page, which every build of the whole site writes again.
        assert [n for n in changed if not n.startswith("pagefind/")] == [
            "incidents/pm-2025-001/index.html"
        ]
        assert "pagefind/pagefind-entry.json" in changed
        assert _alone(caplog, CHECKOUT) == 1

        # Saved by an editor that keeps a swap file beside the file while it is open.
        (docs / "2025" / ".checkout-errors.md.swp").write_bytes(b"b0VIM 9.0")
        _replace_in(docs / CHECKOUT, "A paragraph added.", "A paragraph changed.")
        server.wait_for("incidents/pm-2025-001/", "A paragraph changed.")
        assert _alone(caplog, CHECKOUT) == 2
        (docs / "2025" / ".checkout-errors.md.swp").unlink()

        # An editor that writes beside the file and renames over it.
        text = (docs / CHECKOUT).read_text(encoding="utf-8")
        swap = docs / "2025" / "checkout-errors.md.tmp"
        swap.write_text(text.replace("A paragraph changed.", "Saved by renaming."), "utf-8")
        os.replace(swap, docs / CHECKOUT)
        server.wait_for("incidents/pm-2025-001/", "Saved by renaming.")
    assert server.same_as_clean_build(tmp_path / "b")


def _wait_until(done: Callable[[], bool], failure: str, timeout: float = 60) -> None:
    ends = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < ends, failure
        time.sleep(0.05)


def _shown_again(caplog: pytest.LogCaptureFixture, src_uri: str) -> int:
    """How many times the pages that show what ``src_uri`` says were built without the
    whole site (a frontmatter edit)."""
    return sum(
        "not the whole site" in r.getMessage() and src_uri in r.getMessage() for r in caplog.records
    )


@pytest.mark.parametrize(
    ("old", "new", "page", "shown"),
    [
        ("title: ", "title: Renamed ", "incidents/", "Renamed "),
        (
            "severity: SEV2",
            "severity: SEV1",
            "incidents/pm-2025-001/",
            'data-pagefind-filter="severity">SEV1<',
        ),
        (
            "- missing-index\n",
            "- missing-index\n- capacity-planning\n",
            "factors/capacity-planning/",
            "PM-2025-001",
        ),
    ],
    ids=["title", "severity", "factor"],
)
def test_a_frontmatter_edit_builds_the_pages_that_show_it_and_the_site_stays_a_clean_builds(
    server: Server,
    project: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    old: str,
    new: str,
    page: str,
    shown: str,
) -> None:
    docs = project.parent / "docs"
    before, builds = _stamps(server.site_dir), server.builds
    with caplog.at_level(logging.INFO):
        assert shown not in server.page(page)
        _replace_in(docs / CHECKOUT, old, new)
        _wait_until(lambda: _shown_again(caplog, CHECKOUT) == 1, "the pages were not built")
        server.plugins["postmortems"].wait_for_background_writes()
        assert shown in server.page(page)
    changed = _changed(before, _stamps(server.site_dir))
    assert "incidents/pm-2025-001/index.html" in changed
    assert server.builds == builds
    # Written by every build of the whole site, whatever changed.
    assert "sitemap.xml" not in changed and "404.html" not in changed
    assert server.same_as_clean_build(tmp_path / "clean")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Its page moves to the new id's URL.
        ("id: PM-2025-001", "id: PM-2025-011"),
        # Restricted post-mortems are not in an internal site.
        ("severity: SEV2\n", "severity: SEV2\nvisibility: restricted\n"),
    ],
    ids=["id", "restricted"],
)
def test_a_frontmatter_edit_that_adds_moves_or_hides_a_page_builds_the_whole_site(
    server: Server,
    project: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    old: str,
    new: str,
) -> None:
    docs = project.parent / "docs"
    with caplog.at_level(logging.INFO):
        builds = server.builds
        _replace_in(docs / CHECKOUT, old, new)
        _wait_until(lambda: server.builds > builds, "the site was not built")
        server.plugins["postmortems"].wait_for_background_writes()
    assert _shown_again(caplog, CHECKOUT) == 0
    assert server.same_as_clean_build(tmp_path / "clean")


LEDGER = "2025/2025-05-01-ledger-backlog.md"


@pytest.mark.parametrize(
    ("path", "without", "with_", "url", "adds"),
    [
        # A service no post-mortem named before gets a page of its own, which goes
        # when no post-mortem names it.
        (
            CHECKOUT,
            "- orders-db\n",
            "- orders-db\n- ledger-writer\n",
            "services/ledger-writer/",
            True,
        ),
        (
            CHECKOUT,
            "- orders-db\n",
            "- orders-db\n- ledger-writer\n",
            "services/ledger-writer/",
            False,
        ),
        # A third post-mortem citing testing-gap with runbook-gap makes that
        # combination a cluster (see _with_a_combination_cited_twice); taken out, it
        # dissolves it.
        (LEDGER, "- testing-gap\n", "- testing-gap\n- runbook-gap\n", "graph/cluster-1/", True),
        (LEDGER, "- testing-gap\n", "- testing-gap\n- runbook-gap\n", "graph/cluster-1/", False),
    ],
    ids=["new-service", "service-gone", "new-cluster", "cluster-gone"],
)
def test_a_frontmatter_edit_that_adds_or_removes_a_page_outside_the_navigation_builds_only_the_pages_that_show_it(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    without: str,
    with_: str,
    url: str,
    adds: bool,
) -> None:
    from pmkb import site_plan

    # Cluster pages, which large sites have, in a site of six post-mortems.
    monkeypatch.setattr(site_plan, "FULL_GRAPH_NODES", 3)
    old, new = (without, with_) if adds else (with_, without)
    corpus = standard_corpus() if url.startswith("services/") else _with_a_combination_cited_twice()
    corpus[path] = corpus[path].replace(without, old, 1)
    project = write_project(tmp_path, corpus, plugin={"drafts": True})
    served = Server(project, tmp_path / "served")
    try:
        assert _serves(served, url) is not adds
        before, builds = _stamps(served.site_dir), served.builds
        with caplog.at_level(logging.INFO):
            _replace_in(tmp_path / "docs" / path, old, new)
            _wait_until(lambda: _shown_again(caplog, path) == 1, "the pages were not built")
            served.plugins["postmortems"].wait_for_background_writes()
        assert served.builds == builds
        assert _serves(served, url) is adds
        changed = _changed(before, _stamps(served.site_dir))
        assert "sitemap.xml" in changed and "404.html" not in changed
        clean = tmp_path / "clean"
        assert served.same_as_clean_build(clean)
        for sitemap in ("sitemap.xml", "sitemap.xml.gz"):
            assert (served.site_dir / sitemap).read_bytes() == (clean / sitemap).read_bytes()
    finally:
        served.close()


def _with_a_combination_cited_twice() -> dict[str, str]:
    """The standard corpus, two post-mortems citing testing-gap with runbook-gap, and
    sixty-two citing monitoring-gap alone: enough that a third citing both is more
    than chance would give, counted by post-mortem or by citation (each factor is then
    cited by three or four of seventy)."""
    corpus = standard_corpus()
    for n in range(64):
        factors = ["testing-gap", "runbook-gap"] if n < 2 else ["monitoring-gap"]
        corpus[f"2023/2023-01-{n % 28 + 1:02d}-filler-{n}.md"] = report(
            f"PM-2023-{n + 1:03d}",
            f"Filler incident {n}",
            f"2023-01-{n % 28 + 1:02d}T10:00:00Z",
            services=[f"filler-{n}"],
            contributing_factors=factors,
        )
    return corpus


def test_a_frontmatter_edit_in_a_corpus_with_its_own_home_page_builds_only_the_pages_that_show_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = {**standard_corpus(), "index.md": "# Our incidents\n\nWelcome.\n"}
    project = write_project(tmp_path, corpus, plugin={"drafts": True})
    served = Server(project, tmp_path / "served")
    try:
        builds = served.builds
        with caplog.at_level(logging.INFO):
            _replace_in(tmp_path / "docs" / CHECKOUT, "title: ", "title: Renamed ")
            _wait_until(lambda: _shown_again(caplog, CHECKOUT) == 1, "the pages were not built")
            served.plugins["postmortems"].wait_for_background_writes()
        assert served.builds == builds
        assert "Welcome." in served.page("")
        assert "Renamed " in served.page("incidents/")
        assert served.same_as_clean_build(tmp_path / "clean")
    finally:
        served.close()


def _serves(server: Server, path: str) -> bool:
    try:
        server.page(path)
    except urllib.error.HTTPError as error:
        assert error.code == 404
        return False
    return True


def test_a_body_edit_saved_with_another_file_builds_the_whole_site(
    server: Server, project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = project.parent / "docs"
    with caplog.at_level(logging.INFO):
        _replace_in(docs / "about.md", "# About this site", "# How we work")
        _replace_in(docs / CHECKOUT, "## Root Cause", "Saved with the guide.\n\n## Root Cause")
        server.wait_for("incidents/pm-2025-001/", "Saved with the guide.")
        server.wait_for("incidents/pm-2025-001/", "How we work")
    assert _alone(caplog, CHECKOUT) == 0
    assert server.same_as_clean_build(tmp_path / "clean")


def test_a_body_edit_that_changes_the_findings_builds_the_whole_site(
    server: Server, project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = project.parent / "docs"
    with caplog.at_level(logging.INFO):
        # A NUL byte is an error of the file: its page becomes the list of its errors.
        _replace_in(docs / CHECKOUT, "## Root Cause", "Pasted\x00 text.\n\n## Root Cause")
        server.wait_for("incidents/pm-2025-001/", "NUL byte")
        assert _alone(caplog, CHECKOUT) == 0
        _replace_in(docs / CHECKOUT, "Pasted\x00 text.", "Pasted again.")
        server.wait_for("incidents/pm-2025-001/", "Pasted again.")
        assert _alone(caplog, CHECKOUT) == 0
    assert server.same_as_clean_build(tmp_path / "clean")


def test_a_site_with_another_plugin_builds_the_whole_site_after_a_body_edit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Another plugin may write something of the whole site after the build (a
    # tags index, a feed): only a build of the whole site runs its events.
    ours = {"postmortems": {"as_of": AS_OF.isoformat(), "drafts": True}}
    project = write_project(tmp_path, standard_corpus(), config={"plugins": [ours, "tags"]})
    served = Server(project, tmp_path / "served")
    try:
        with caplog.at_level(logging.INFO):
            _replace_in(tmp_path / "docs" / CHECKOUT, "## Root Cause", "Tagged.\n\n## Root Cause")
            served.wait_for("incidents/pm-2025-001/", "Tagged.")
        assert _alone(caplog, CHECKOUT) == 0
        assert served.same_as_clean_build(tmp_path / "clean")
    finally:
        served.close()


def test_a_page_deleted_while_a_post_mortem_is_saved_is_gone_after_the_build(
    server: Server, project: Path, tmp_path: Path
) -> None:
    docs = project.parent / "docs"
    assert "About this site" in server.page("about/")
    (docs / "about.md").unlink()
    _replace_in(docs / CHECKOUT, "## Root Cause", "Saved as the guide went.\n\n## Root Cause")
    # The build that shows the save began after the deletion was seen.
    server.wait_for("incidents/pm-2025-001/", "Saved as the guide went.")
    with pytest.raises(urllib.error.HTTPError):
        server.page("about/")
    assert server.same_as_clean_build(tmp_path / "clean")
