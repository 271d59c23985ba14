"""Material's tabs and navigation rendered once per folder give exactly the pages rendered one by one.

The post-mortem, factor and service pages are outside the navigation, so the
plugin renders Material's tabs and navigation once for each folder of them
(see pmkb_mkdocs/shared_nav.py). These tests build the same site with and
without that sharing and require every file to be byte-identical, with
directory URLs and without, and with navigation pages in folders of their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pmkb_mkdocs import shared_nav
from pmkb_mkdocs.shared_nav import SharedNav

from tests.site.sitebuild import build_site, standard_corpus, write_project


def _corpus() -> dict[str, str]:
    return {
        **standard_corpus(),
        "guides/writing.md": "# Writing a post-mortem\n\nHow we write them.\n",
        "guides/review/checklist.md": "# Review checklist\n\nWhat reviewers look for.\n",
    }


def _site(folder: Path, *, directory_urls: bool) -> dict[str, bytes]:
    config = write_project(folder, _corpus(), config={"use_directory_urls": directory_urls})
    site = build_site(config, strict=True)
    return {
        path.relative_to(site.site_dir).as_posix(): path.read_bytes()
        for path in sorted(site.site_dir.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("directory_urls", [True, False])
def test_shared_navigation_is_the_navigation_each_page_would_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory_urls: bool
) -> None:
    made: list[SharedNav] = []
    original_init = SharedNav.__init__

    def recording_init(self: SharedNav) -> None:
        original_init(self)
        made.append(self)

    monkeypatch.setattr(SharedNav, "__init__", recording_init)
    shared = _site(tmp_path / "shared", directory_urls=directory_urls)
    assert made and made[-1].hits > 0, "the navigation was never reused"

    def render_every_time(self: SharedNav, name, page, nav, caller):  # type: ignore[no-untyped-def]
        return caller()

    monkeypatch.setattr(SharedNav, "__call__", render_every_time)
    alone = _site(tmp_path / "alone", directory_urls=directory_urls)
    assert shared.keys() == alone.keys()
    different = [path for path in shared if shared[path] != alone[path]]
    assert different == []
    # And the pages do carry Material's tabs and navigation.
    page = next(p for p in shared if "pm-2025-001" in p and p.endswith(".html"))
    html = shared[page].decode("utf-8")
    assert 'class="md-tabs"' in html and "md-nav--primary" in html
    assert "Writing a post-mortem" in html


def test_a_project_s_own_navigation_template_still_wins(tmp_path: Path) -> None:
    """A ``custom_dir`` that overrides ``partials/nav.html`` is used, in front of the plugin's."""
    overrides = tmp_path / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "nav.html").write_text('<nav class="our-own-nav"></nav>\n', encoding="utf-8")
    config = write_project(
        tmp_path,
        standard_corpus(),
        config={
            "theme": {
                "name": "material",
                "font": False,
                "custom_dir": "overrides",
                "features": ["navigation.tabs"],
            }
        },
    )
    site = build_site(config, strict=True)
    html = (site.site_dir / "incidents" / "pm-2025-001" / "index.html").read_text(encoding="utf-8")
    assert 'class="our-own-nav"' in html and "md-nav--primary" not in html
    assert 'class="md-tabs"' in html  # the plugin's shared tabs still render
    assert Path(shared_nav.OVERRIDES).is_dir()
