"""Pages whose parts a second process rendered ahead are the same bytes as pages rendered in turn."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pmkb.parallel import machine_allows
from pmkb_mkdocs import prerender
from pmkb_mkdocs.pages import SitePages
from pmkb_mkdocs.prerender import Prerendered

from tests.site.sitebuild import report, standard_corpus, write_project

needs_fork = pytest.mark.skipif(
    not machine_allows(), reason="a second process needs Linux, fork and two CPUs"
)

#: A body with headings named like the page's own sections: its page takes other ids.
CLASHING_BODY = """\
## Summary

Deploys stalled on a full queue.

## Action items

Listed below.

## Related incidents

None known.
"""


def _corpus() -> dict[str, str]:
    return {
        **standard_corpus(),
        "2025/2025-03-01-clash.md": report(
            "PM-2025-010", "Deploy queue stalled", "2025-03-01T08:00:00Z", body=CLASHING_BODY
        ),
    }


def _build(folder: Path, parallel: bool) -> tuple[dict[str, bytes], str]:
    """The site's files and the build's log, from `mkdocs build` in a process of its own:
    the test process may run other threads, and the plugin never forks beside them."""
    config = write_project(folder, _corpus(), plugin={"parallel": parallel})
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--verbose", "-f", str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
    )
    site = config.parent / "site"
    files = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    return files, done.stderr


@needs_fork
def test_pages_rendered_ahead_are_byte_identical_to_pages_rendered_in_turn(
    tmp_path: Path,
) -> None:
    ahead, log = _build(tmp_path / "ahead", parallel=True)
    found = re.search(r"(\d+) pages' parts rendered ahead in a second process, (\d+) used", log)
    assert found is not None, log
    delivered, used = int(found[1]), int(found[2])
    # The six visible post-mortems, the generated pages (home, list, indexes,
    # dashboard, graph, factors, services...) and the data files. Every one took
    # its part from the worker but the clashing post-mortem, which renders its
    # own with the ids its body left free.
    assert delivered > 6 + 5 + len(SitePages.DATA_PATHS)
    assert used == delivered - 1
    in_turn, log = _build(tmp_path / "in-turn", parallel=False)
    assert "rendered ahead" not in log
    assert sorted(ahead) == sorted(in_turn)
    different = [path for path in ahead if ahead[path] != in_turn[path]]
    assert different == []
    # The data files were written in both builds, not left empty.
    assert ahead["data/incidents.csv"].startswith(b"id,title,")
    assert ahead["incidents/list.json"].startswith(b'{"v":')
    assert all(len(in_turn[path]) > 100 for path in SitePages.DATA_PATHS)
    clash = ahead["incidents/pm-2025-010/index.html"].decode()
    assert 'id="action-items_1"' in clash and 'id="related-incidents_1"' in clash


def _parts() -> list[prerender.Part]:
    return [("a.md", "a/", "<p>top a</p>", "<p>tail a ✓</p>"), ("b.md", "b/", "", "<p>b</p>")]


@needs_fork
def test_the_worker_answers_with_each_pages_parts_for_its_url() -> None:
    prerendered = Prerendered(_parts)
    try:
        assert prerendered.get("a.md", "a/") == ("<p>top a</p>", "<p>tail a ✓</p>")
        assert prerendered.get("b.md", "b/") == ("", "<p>b</p>")
        # Another URL than the worker assumed, or a page it did not render: render here.
        assert prerendered.get("a.md", "elsewhere/") is None
        assert prerendered.get("c.md", "c/") is None
        assert (prerendered.delivered, prerendered.used, prerendered.failure) == (2, 2, None)
    finally:
        prerendered.close()


def _failing() -> list[prerender.Part]:
    raise ValueError("template missing")


@needs_fork
def test_a_failing_worker_leaves_every_page_to_the_build() -> None:
    prerendered = Prerendered(_failing)
    try:
        assert prerendered.get("a.md", "a/") is None
        assert prerendered.failure == "ValueError: template missing"
    finally:
        prerendered.close()
