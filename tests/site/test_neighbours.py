"""The plugin among others: minifiers, Material's offline plugin, hooks that rewrite pages.

A post-mortem's facts and tables are part of its page content, so a plugin that
rewrites the finished HTML keeps them or, if it drops them, a strict build says
which page lost what.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.site.sitebuild import BuiltSite, action_item, build_site, report, write_project

ROOT = Path(__file__).resolve().parents[2]

CHECKOUT = report(
    "PM-2025-001",
    "Checkout errors from connection-pool exhaustion",
    "2025-02-09T10:05:23Z",
    services=["api-service", "orders-db"],
    action_items=[action_item("AI-001", "Add a pool saturation alert at 80%", "2025-02-16")],
)
SEARCH = report(
    "PM-2025-002",
    "Search latency from a pool of slow replicas",
    "2025-03-02T08:00:00Z",
    services=["api-service"],
)
CORPUS = {"2025/2025-02-09-checkout.md": CHECKOUT, "2025/2025-03-02-search.md": SEARCH}

STRIP_COMMENTS = '''
import re

def on_post_page(output, page, config):
    return re.sub(r"<!--.*?-->", "", output, flags=re.DOTALL)
'''

DROP_CONTENT = '''
def on_page_content(html, page, config, files):
    if page.file.src_uri.startswith("2025/"):
        return "<p>Replaced by another plugin.</p>"
    return html
'''

RECORD_META = '''
import json
from pathlib import Path

SEEN = {}

def on_page_context(context, page, config, nav):
    if page.file.src_uri.startswith("2025/"):
        SEEN[page.file.src_uri] = {k: str(v) for k, v in page.meta.items()}
    return context

def on_post_build(config):
    Path(config.config_file_path).with_name("meta.json").write_text(json.dumps(SEEN, sort_keys=True))
'''


def _project(tmp_path: Path, hook: str | None = None, **config: object) -> Path:
    if hook is not None:
        (tmp_path / "hooks.py").write_text(hook, encoding="utf-8")
        config["hooks"] = ["hooks.py"]
    return write_project(tmp_path, CORPUS, config=config)


def _assert_whole(site: BuiltSite, url: str = "incidents/pm-2025-001/") -> None:
    """The post-mortem page has its facts, body, action items and related incidents."""
    content = site.content(url)
    article = content.one(cls="pmkb-postmortem")
    assert article.get("data-pmkb-postmortem") == "PM-2025-001"
    assert article.one(cls="pmkb-facts").find_all("dt")
    assert "Requests failed" in article.one(cls="pmkb-body").text
    assert "Add a pool saturation alert at 80%" in article.one(cls="pmkb-action-items").text
    assert "PM-2025-002" in article.one(cls="pmkb-related").text


def test_a_hook_that_strips_comments_loses_nothing(tmp_path: Path) -> None:
    _assert_whole(build_site(_project(tmp_path, STRIP_COMMENTS), strict=True))


def test_the_minify_plugin_loses_nothing(tmp_path: Path) -> None:
    config = _project(
        tmp_path,
        plugins=[
            "search",
            {"postmortems": {"as_of": "2025-06-01"}},
            {"minify": {"minify_html": True, "htmlmin_opts": {"remove_comments": True}}},
        ],
    )
    site = build_site(config, strict=True)
    assert "\n    " not in site.html("incidents/pm-2025-001/")  # it did minify
    _assert_whole(site)


def test_materials_offline_plugin_builds_the_site(tmp_path: Path) -> None:
    config = _project(
        tmp_path,
        plugins=["search", "offline", {"postmortems": {"as_of": "2025-06-01"}}],
    )
    site = build_site(config, strict=True)
    # The offline plugin turns directory URLs off, so that pages open from file://.
    _assert_whole(site, "incidents/pm-2025-001.html")


def test_a_plugin_that_drops_the_article_fails_a_strict_build_naming_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(_project(tmp_path, DROP_CONTENT), strict=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "2025/2025-02-09-checkout.md" in w and "PM-2025-001" in w and "article" in w
        for w in warnings
    )


def test_other_plugins_see_the_frontmatter_in_page_meta(tmp_path: Path) -> None:
    build_site(_project(tmp_path, RECORD_META))
    seen = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    meta = seen["2025/2025-02-09-checkout.md"]
    assert meta["severity"] == "SEV2"
    assert meta["services"] == str(["api-service", "orders-db"])
    assert meta["id"] == "PM-2025-001"
    # The title as the theme must write it: id first, escaped.
    assert meta["title"] == "PM-2025-001: Checkout errors from connection-pool exhaustion"


def test_properdocs_builds_the_shipped_site(tmp_path: Path) -> None:
    """ProperDocs, the maintained continuation of MkDocs 1.x, builds the shipped site strictly."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {ROOT / 'postmortems'}\n"
        f"site_dir: {tmp_path / 'site'}\n"
        "plugins:\n  postmortems:\n    as_of: 2026-11-22\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    site = BuiltSite(tmp_path / "site")
    pages = sorted(p.parent.name for p in (tmp_path / "site" / "incidents").glob("pm-*/index.html"))
    assert len(pages) >= 50
    assert site.content("dashboard/").find_all("h2")
