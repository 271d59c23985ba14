"""Write a corpus and a ``mkdocs.yml`` into a temporary folder, build it for real, read the result.

    project = write_project(tmp_path, {"2025/2025-02-09-x.md": report("PM-2025-001", ...)})
    site = build_site(project)
    site.page("incidents/pm-2025-001/").one("h1").text

Reports are written from plain dicts through YAML, as an author would type
them; ``report()`` fills in a complete, valid published post-mortem and a
test names only what it changes.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pagefind.service import get_executable

from tests.site.dom import Element, parse

#: No test depends on the day it runs.
AS_OF = dt.date(2025, 6, 1)

TAXONOMY = """\
factors:
  monitoring-gap:
    layer: technical
    description: A signal that would have shown the problem was not collected or alerted on.
  missing-index:
    layer: technical
    description: A query lacked a suitable index.
  capacity-planning:
    layer: technical
    description: A resource was sized for past load.
  testing-gap:
    layer: process
    description: The failing path was not covered by tests.
  runbook-gap:
    layer: process
    description: No documented procedure for the situation responders faced.
  unclear-ownership:
    layer: organizational
    description: No team clearly owned the component.
  knowledge-silo:
    layer: organizational
    description: What responders needed to know lived with one team.
"""

BODY = """\
## Summary

{title}. Requests failed until the change was rolled back.

## Root Cause

A change held a shared resource for too long under load.
"""


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def report(
    pm_id: str,
    title: str,
    started: str,
    *,
    body: str | None = None,
    **keys: Any,
) -> str:
    """A valid published post-mortem; ``keys`` replace or add frontmatter keys (None removes one)."""
    start = utc(started)
    meta: dict[str, Any] = {
        "id": pm_id,
        "title": title,
        "status": "published",
        "severity": "SEV2",
        "services": ["api-service"],
        "teams": ["payments-platform"],
        "authors": ["payments-oncall"],
        "timeline": {
            "started": start,
            "detected": start + dt.timedelta(minutes=2),
            "acknowledged": start + dt.timedelta(minutes=5),
            "mitigated": start + dt.timedelta(minutes=30),
            "resolved": start + dt.timedelta(hours=1),
        },
        "published": (start + dt.timedelta(days=2)).date(),
        "detection": "alert",
        "root_cause": "A change held a shared resource for too long under load.",
        "contributing_factors": ["monitoring-gap", "testing-gap"],
        "action_items": [],
    }
    for key, value in keys.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    if meta.get("status") == "draft" and "resolved" not in keys:
        meta.pop("published", None)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=200)
    return f"---\n{front}---\n\n{body if body is not None else BODY.format(title=title)}"


def action_item(
    item_id: str, action: str, due: str, status: str = "open", **keys: Any
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": item_id,
        "action": action,
        "owner": "payments-platform",
        "due": dt.date.fromisoformat(due),
        "priority": "P2",
        "category": "prevent",
        "status": status,
    }
    if status == "done":
        item["completed"] = dt.date.fromisoformat(due)
    item.update(keys)
    return item


def write_project(
    folder: Path,
    files: dict[str, str],
    *,
    docs: str = "docs",
    plugin: dict[str, Any] | None = None,
    config: dict[str, Any] | None = None,
    taxonomy: str | None = TAXONOMY,
) -> Path:
    """Write ``files`` (paths relative to the docs folder) and a ``mkdocs.yml``; return its path."""
    docs_dir = folder / docs
    docs_dir.mkdir(parents=True, exist_ok=True)
    if taxonomy is not None:
        (docs_dir / "taxonomy.yml").write_text(taxonomy, encoding="utf-8")
    for rel, text in files.items():
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    options = {"as_of": AS_OF.isoformat(), **(plugin or {})}
    settings: dict[str, Any] = {
        "site_name": "Test knowledge base",
        "docs_dir": docs,
        "site_dir": "site",
        "theme": {
            "name": "material",
            "font": False,
            "features": ["navigation.instant", "navigation.tabs"],
        },
        "plugins": [{"postmortems": options}],
        "markdown_extensions": ["tables", "admonition", "attr_list", {"toc": {"permalink": True}}],
        **(config or {}),
    }
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return config_file


@dataclass
class BuiltSite:
    site_dir: Path

    def path(self, url: str) -> Path:
        """The file a static server would answer ``url`` (site-relative) with."""
        target = self.site_dir / url
        return target / "index.html" if url.endswith("/") or url == "" else target

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def html(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def page(self, url: str) -> Element:
        return parse(self.html(url))

    def content(self, url: str) -> Element:
        """The page's article: what the page says, without the theme's header, nav and footer."""
        articles = self.page(url).find_all("article")
        if len(articles) != 1:
            raise AssertionError(f"{url}: expected one <article>, found {len(articles)}")
        return articles[0]

    def search_pages(self) -> dict[str, dict[str, Any]]:
        """What Pagefind indexed, by site-relative URL: each page's text, meta and filters."""
        pages = {}
        for path in sorted((self.site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
            fragment = json.loads(decode_search_file(path.read_bytes()))
            pages[fragment["url"].lstrip("/")] = fragment
        return pages

    def search(self, word: str) -> list[str]:
        """The site-relative URLs of the pages Pagefind's index finds ``word`` on, as its
        runtime looks a word up: the chunk of the index whose range holds it, the pages
        it lists (each number the gap from the last), their fragments."""
        bundle = self.site_dir / "pagefind"
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        urls = []
        for language in entry["languages"].values():
            meta = cbor2.loads(
                decode_search_file((bundle / f"pagefind.{language['hash']}.pf_meta").read_bytes())
            )
            pages, chunks = meta[1], meta[2]
            for first, last, chunk in chunks:
                if not first <= word <= last:
                    continue
                words = cbor2.loads(
                    decode_search_file((bundle / "index" / f"{chunk}.pf_index").read_bytes())
                )
                for found, hits, *_ in words[0]:
                    if found != word:
                        continue
                    number = 0
                    for hit in hits:
                        number += hit[0]
                        fragment = bundle / "fragment" / f"{pages[number][0]}.pf_fragment"
                        urls.append(
                            json.loads(decode_search_file(fragment.read_bytes()))["url"].lstrip("/")
                        )
        return sorted(set(urls))

    def text(self, path: Path) -> str:
        """A file of the site as text; Pagefind's compressed index files decoded."""
        data = path.read_bytes()
        if path.suffix in SEARCH_FILE_SUFFIXES:
            data = decode_search_file(data)
        return data.decode("utf-8", errors="replace")

    def files(self) -> list[Path]:
        return sorted(p for p in self.site_dir.rglob("*") if p.is_file())


#: Pagefind's index files: gzip, then a signature and JSON (fragments) or CBOR.
SEARCH_FILE_SUFFIXES = (".pf_fragment", ".pf_meta", ".pf_filter", ".pf_index")


def decode_search_file(data: bytes) -> bytes:
    """A Pagefind index file's content, its strings readable (see ``SEARCH_FILE_SUFFIXES``)."""
    content = gzip.decompress(data)
    if not content.startswith(b"pagefind_dcd"):
        raise AssertionError("not a Pagefind index file")
    return content[len(b"pagefind_dcd") :]


def build_site(
    config_file: Path, *, strict: bool = False, site_dir: Path | None = None
) -> BuiltSite:
    """Build with MkDocs' own ``build()``, between the startup and shutdown events as ``mkdocs build`` does."""
    target = site_dir or config_file.parent / "site"
    config = load_config(str(config_file), strict=strict, site_dir=str(target))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return BuiltSite(target)


def ids_linked(element: Element, site: BuiltSite | None = None) -> list[str]:
    """Post-mortem ids that ``element`` links to, in order (from links whose text is an id)."""
    return [a.text for a in element.find_all("a") if a.text.startswith("PM-")]


def standard_corpus() -> dict[str, str]:
    """Six post-mortems and one ordinary page, chosen so that every page type has something to show.

    ========== ========== =========== ============================ ==============================
    id         status     visibility  services                     factors
    ========== ========== =========== ============================ ==============================
    PM-2024-010 published internal   orders-db                    missing-index, unclear-ownership
    PM-2025-001 published internal   api-service, orders-db       monitoring-gap, missing-index
    PM-2025-002 published internal   search-api                   capacity-planning, runbook-gap
    PM-2025-003 draft     internal   api-service                  monitoring-gap
    PM-2025-004 in-review public     ledger-worker                testing-gap, knowledge-silo
    PM-2025-005 published restricted hr-payroll                   knowledge-silo, unclear-ownership
    ========== ========== =========== ============================ ==============================
    """
    return {
        "2025/2025-02-09-checkout-errors.md": report(
            "PM-2025-001",
            "Checkout errors from connection-pool exhaustion",
            "2025-02-09T10:05:23Z",
            services=["api-service", "orders-db"],
            contributing_factors=["monitoring-gap", "missing-index"],
            timeline={
                "started": utc("2025-02-09T10:05:23Z"),
                "detected": utc("2025-02-09T10:06:45Z"),
                "acknowledged": utc("2025-02-09T10:12:00Z"),
                "mitigated": utc("2025-02-09T10:35:00Z"),
                "resolved": utc("2025-02-09T11:40:00Z"),
            },
            trigger="deploy",
            impact={
                "users_affected": 2000,
                "failed_requests": 40000,
                "revenue_usd": 12500,
                "data_loss": False,
            },
            action_items=[
                action_item(
                    "AI-001",
                    "Add a connection-pool saturation alert at 80%",
                    "2025-02-16",
                    "done",
                    category="detect",
                    addresses=["monitoring-gap"],
                ),
                action_item(
                    "AI-002",
                    "Add a query-plan check to the release pipeline",
                    "2025-03-01",
                    "open",
                    tracker="https://tracker.example.com/browse/PAY-12",
                ),
                action_item(
                    "AI-003", "Index the orders table by customer", "2025-07-01", "in-progress"
                ),
                action_item("AI-004", "Rewrite the checkout service", "2025-01-15", "wont-do"),
            ],
            related=["PM-2024-010"],
            body=(
                "## Summary\n\nCheckout failed for half an hour; the pool of the orders database "
                "was exhausted by a slow query. See [the earlier failover]"
                "(../2024/2024-11-02-orders-failover.md).\n\n"
                "## Root Cause\n\nA query without an index scanned the whole orders table.\n"
            ),
        ),
        "2025/2025-03-02-search-latency.md": report(
            "PM-2025-002",
            "Search latency from a cache stampede",
            "2025-03-02T08:00:00Z",
            severity="SEV3",
            services=["search-api"],
            teams=["discovery"],
            contributing_factors=["capacity-planning", "runbook-gap"],
            related=["PM-2025-001", "PM-2025-005"],
            body=(
                "## Summary\n\nSearch answered slowly after a cache stampede, like "
                "[the other incident](2025-05-20-payroll-export.md) that spring.\n"
            ),
        ),
        "2025/2025-04-10-api-timeouts.md": report(
            "PM-2025-003",
            "API timeouts after a configuration change",
            "2025-04-10T14:00:00Z",
            status="draft",
            severity="SEV4",
            services=["api-service"],
            contributing_factors=["monitoring-gap"],
            root_cause=None,
        ),
        "2024/2024-11-02-orders-failover.md": report(
            "PM-2024-010",
            "Orders database failover took twenty minutes",
            "2024-11-02T03:00:00Z",
            severity="SEV1",
            services=["orders-db"],
            teams=["storage"],
            contributing_factors=["missing-index", "unclear-ownership"],
        ),
        "2025/2025-05-01-ledger-backlog.md": report(
            "PM-2025-004",
            "Ledger worker backlog delayed payouts",
            "2025-05-01T09:00:00Z",
            status="in-review",
            services=["ledger-worker"],
            teams=["finance-platform"],
            contributing_factors=["testing-gap", "knowledge-silo"],
            visibility="public",
        ),
        "2025/2025-05-20-payroll-export.md": report(
            "PM-2025-005",
            "Payroll export shared with the wrong group",
            "2025-05-20T12:00:00Z",
            services=["hr-payroll"],
            teams=["people-systems"],
            contributing_factors=["knowledge-silo", "unclear-ownership"],
            visibility="restricted",
        ),
        "about.md": "# About this site\n\nHow we write post-mortems.\n",
    }


#: Ids of the standard corpus that an internal build shows.
INTERNAL_IDS = {"PM-2024-010", "PM-2025-001", "PM-2025-002", "PM-2025-003", "PM-2025-004"}


def pagefind_wrapper(folder: Path, *, runs_it: str) -> tuple[Path, Path]:
    """A script that ``PAGEFIND_BINARY_PATH`` can name in place of Pagefind, as an npm
    launcher or a shell script does, and the file it writes Pagefind's process ids to.
    ``runs_it`` is "as its child" (signalling the script leaves Pagefind running) or
    "in its place" (``exec``)."""
    binary = get_executable()
    if binary is None or not Path(binary).is_file():
        pytest.skip("no Pagefind binary to wrap")
    pids = folder / "pagefind.pids"
    if runs_it == "as its child":
        # A shell of its own writes its process id, then becomes Pagefind.
        run = f'sh -c \'echo $$ >> "{pids}"; exec "$0" "$@"\' "{binary}" "$@"\n'
    else:
        run = f'echo $$ >> "{pids}"\nexec "{binary}" "$@"\n'
    wrapper = folder / "pagefind-wrapper"
    wrapper.write_text(f"#!/bin/sh\n{run}", encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper, pids


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (an ended one not yet reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
