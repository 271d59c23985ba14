"""Shared fixtures: a small valid post-mortem corpus written into ``tmp_path``.

Every test that needs post-mortem files builds them here, from one valid base
report, so that a test states only what it changes. The base report is
published, complete and clean: it loads as a record and the linter reports
nothing on it, so any problem a test sees comes from its own edit.

``tests`` is a package: import the helpers below with
``from tests.conftest import write_postmortem, make_corpus`` (give a new test
folder an ``__init__.py`` so that test files of the same name can coexist).

Building files
    ``render_postmortem(**overrides) -> str``
        The text of the base report with some keys changed. Keyword names use
        ``__`` to go down a level and digits for list indexes:
        ``timeline__started="2025-02-09T10:05:23"``,
        ``action_items__1__due="2025-13-40"``. A value of :data:`REMOVE`
        deletes the key. String values are written into the YAML *as typed*
        (``title='"123"'`` writes a quoted string, ``title="123"`` a number);
        dates, datetimes, numbers, booleans, lists and mappings are rendered as
        an author would type them. ``body=`` replaces the Markdown body.
    ``write_postmortem(root, rel_path=None, *, text=None, **overrides) -> Path``
        Writes that text (or ``text`` verbatim, ``str`` or ``bytes``) to
        ``root/rel_path``; the default path follows the format's
        ``YYYY/YYYY-MM-DD-slug.md`` from the report's start date.
    ``write_taxonomy(root) -> Path`` writes :data:`TAXONOMY_YAML`.
    ``make_corpus(tmp_path, n=3) -> Path``
        A folder with the taxonomy and ``n`` valid reports
        ``PM-2025-001`` ... (one a day from 2025-02-01); returns the folder.
    ``write_project(tmp_path, docs="postmortems", **plugin_options) -> Path``
        A ``mkdocs.yml`` naming the folder and the ``postmortems`` plugin's
        options (``lint={"rules": {...}}`` and so on); returns its path.

Finding what to assert
    ``line_of(text, needle, occurrence=1) -> int``
        The 1-based line of the file on which ``needle`` appears: expected
        lines are computed from the text a test wrote, never copied from the
        code under test.
    ``sample_taxonomy()`` is the test vocabulary as a ``Taxonomy``.
    ``load(root)`` loads a corpus folder with its own taxonomy.
    ``lint(root, levels=None)`` loads and lints it; returns all problems.
    ``only(problems, rule)`` keeps the problems of one rule id.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pmkb.lint import LintContext, lint_corpus, resolve_levels
from pmkb.loader import Corpus, load_corpus
from pmkb.problems import Problem
from pmkb.taxonomy import Taxonomy, load_taxonomy

#: Delete a key from the base report: ``render_postmortem(trigger=REMOVE)``.
REMOVE = object()

#: A fixed as-of date so that no test depends on the day it runs.
AS_OF = dt.date(2025, 6, 1)

TAXONOMY_YAML = """\
# A small vocabulary for tests: two or more tags in each layer.
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

BASE_BODY = """\
## Summary

Checkout requests failed for about thirty minutes because the orders database
ran out of connections after a release added a slow query.

## Impact

About two thousand customers saw errors at checkout; no data was lost.

## Timeline

| Time (UTC) | Event |
|---|---|
| 2025-02-09 10:05 | Error rate on the API starts to climb |
| 2025-02-09 10:06 | Error-rate alert fires and pages the on-call engineer |
| 2025-02-09 10:35 | Release rolled back; errors stop |
| 2025-02-09 11:40 | Incident closed after a quiet hour |

## Root Cause

A query without an index scanned the whole orders table and held its
connection for seconds under peak load.

## Contributing Factors

The pool had no saturation alert and the release pipeline ran no query-plan check.

## Five Whys

1. Why did checkout fail? The connection pool was exhausted.
2. Why was it exhausted? A new query held connections for seconds.
3. Why did the query ship? The release pipeline had no query-plan check.

## What Went Well

The rollback was quick and well rehearsed.

## What Went Wrong

Nothing showed the pool filling up before it was full.

## Lessons Learned

A query plan check belongs in the release pipeline.
"""


def base_frontmatter() -> dict[str, Any]:
    """The frontmatter of the base report, in file order (a fresh copy each call)."""
    return {
        "id": "PM-2025-014",
        "title": "API error spike from database connection-pool exhaustion",
        "status": "published",
        "severity": "SEV2",
        "services": ["api-service", "orders-db"],
        "teams": ["payments-platform"],
        "authors": ["payments-oncall"],
        "reviewers": ["sre-leads"],
        "timeline": {
            "started": "2025-02-09T10:05:23Z",
            "detected": "2025-02-09T10:06:45Z",
            "acknowledged": "2025-02-09T10:12:00Z",
            "mitigated": "2025-02-09T10:35:00Z",
            "resolved": "2025-02-09T11:40:00Z",
        },
        "published": "2025-02-10",
        "follow_up_review": "2025-03-10",
        "detection": "alert",
        "trigger": "deploy",
        "impact": {"users_affected": 2000, "failed_requests": 40000, "data_loss": False},
        "root_cause": (
            "A query added in release 2.3.0 scanned a whole table and held connections "
            "until the pool was exhausted."
        ),
        "contributing_factors": ["missing-index", "monitoring-gap", "testing-gap"],
        "action_items": [
            {
                "id": "AI-001",
                "action": "Add a connection-pool utilisation alert at 80% for five minutes",
                "owner": "observability",
                "due": "2025-02-16",
                "priority": "P1",
                "category": "detect",
                "status": "done",
                "completed": "2025-02-15",
                "addresses": ["monitoring-gap"],
            },
            {
                "id": "AI-002",
                "action": "Add a query-plan check for new queries to the release pipeline",
                "owner": "payments-platform",
                "due": "2025-03-01",
                "priority": "P2",
                "category": "prevent",
                "status": "open",
                "tracker": "https://tracker.example.com/browse/OPS-123",
                "addresses": ["missing-index", "testing-gap"],
            },
        ],
    }


def apply_overrides(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with ``a__b__0__c``-style overrides applied."""
    out = copy.deepcopy(data)
    for name, value in overrides.items():
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in name.split("__")]
        parent: Any = out
        for part in parts[:-1]:
            parent = parent[part]
        last = parts[-1]
        if value is REMOVE:
            del parent[last]
        elif isinstance(parent, list) and last == len(parent):
            parent.append(value)
        else:
            parent[last] = value
    return out


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, (dt.date, int, float)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    return str(value)  # as typed: the test decides on quotes


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def _block(data: dict[str, Any], indent: str = "") -> list[str]:
    lines = []
    for key, value in data.items():
        if isinstance(value, dict) and key != "impact":
            lines.append(f"{indent}{key}:")
            lines.extend(_block(value, indent + "  "))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{indent}{key}:")
            for item in value:
                item_lines = _block(item, indent + "    ")
                lines.append(f"{indent}  - " + item_lines[0].lstrip())
                lines.extend(item_lines[1:])
        else:
            lines.append(f"{indent}{key}: {_flow(value)}")
    return lines


def frontmatter_text(data: dict[str, Any]) -> str:
    """``data`` as the YAML an author types: block mappings, flow lists of scalars."""
    return "\n".join(_block(data)) + "\n"


def render_postmortem(body: str = BASE_BODY, **overrides: Any) -> str:
    """The base report's text with ``overrides`` applied (see the module docstring)."""
    data = apply_overrides(base_frontmatter(), overrides)
    return "---\n" + frontmatter_text(data) + "---\n\n" + body


def default_rel_path(text: str, slug: str = "incident") -> str:
    """``YYYY/YYYY-MM-DD-slug.md`` from the ``started:`` line of ``text`` (its UTC date)."""
    match = re.search(r"^\s+started:\s*['\"]?([^'\"\s#]+)", text, re.MULTILINE)
    day = "2025-02-09"
    if match:
        try:
            stamp = dt.datetime.fromisoformat(match.group(1).replace("Z", "+00:00"))
            if stamp.tzinfo is not None:
                stamp = stamp.astimezone(dt.timezone.utc)
            day = stamp.date().isoformat()
        except ValueError:
            pass
    return f"{day[:4]}/{day}-{slug}.md"


def write_postmortem(
    root: Path,
    rel_path: str | None = None,
    *,
    text: str | bytes | None = None,
    **overrides: Any,
) -> Path:
    """Write a report under ``root`` and return its path (see the module docstring)."""
    if text is None:
        text = render_postmortem(**overrides)
    elif overrides:
        raise TypeError("pass either text= or overrides, not both")
    if rel_path is None:
        shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        rel_path = default_rel_path(shown)
    path = root / rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation
    return path


def write_taxonomy(root: Path, text: str = TAXONOMY_YAML) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    return path


def corpus_report(number: int, year: int = 2025, **overrides: Any) -> tuple[str, str]:
    """(rel_path, text) of the ``number``-th valid report of a generated corpus."""
    start = dt.datetime(year, 2, 1, 10, 0, tzinfo=dt.timezone.utc) + dt.timedelta(days=number - 1)
    day = start.date()

    def at(minutes: int) -> str:
        return (start + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")

    body = BASE_BODY.replace("2025-02-09", day.isoformat())
    fields: dict[str, Any] = {
        "id": f"PM-{year}-{number:03d}",
        "title": f"Checkout errors number {number} from connection-pool exhaustion",
        "timeline__started": at(5),
        "timeline__detected": at(6),
        "timeline__acknowledged": at(12),
        "timeline__mitigated": at(35),
        "timeline__resolved": at(100),
        "published": (day + dt.timedelta(days=1)).isoformat(),
        "follow_up_review": (day + dt.timedelta(days=28)).isoformat(),
        "action_items__0__due": (day + dt.timedelta(days=7)).isoformat(),
        "action_items__0__completed": (day + dt.timedelta(days=6)).isoformat(),
        "action_items__1__due": (day + dt.timedelta(days=20)).isoformat(),
    }
    fields.update(overrides)
    return f"{year}/{day.isoformat()}-checkout-errors-{number}.md", render_postmortem(
        body=body, **fields
    )


def make_corpus(tmp_path: Path, n: int = 3, folder: str = "postmortems") -> Path:
    """A corpus folder with the test taxonomy and ``n`` valid reports; returns the folder."""
    root = tmp_path / folder
    write_taxonomy(root)
    for number in range(1, n + 1):
        rel_path, text = corpus_report(number)
        write_postmortem(root, rel_path, text=text)
    return root


def write_project(tmp_path: Path, docs: str = "postmortems", **plugin_options: Any) -> Path:
    """A ``mkdocs.yml`` for ``docs`` with the plugin's options; returns its path."""
    options = {"taxonomy": f"{docs}/taxonomy.yml", "as_of": AS_OF.isoformat(), **plugin_options}
    config = {
        "site_name": "Test archive",
        "docs_dir": docs,
        "plugins": [{"postmortems": options}],
    }
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def line_of(text: str | bytes, needle: str, occurrence: int = 1) -> int:
    """The 1-based file line holding the ``occurrence``-th ``needle``."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found {occurrence} time(s) in the text")


def sample_taxonomy() -> Taxonomy:
    """The test vocabulary as a :class:`Taxonomy`."""
    data = yaml.safe_load(TAXONOMY_YAML)["factors"]
    from pmkb.taxonomy import Factor

    return Taxonomy(
        {tag: Factor(tag, spec["layer"], spec["description"]) for tag, spec in data.items()},
        path="taxonomy.yml",
    )


def load(root: Path, taxonomy: Taxonomy | None = None, **kwargs: Any) -> Corpus:
    """Load ``root`` with its own taxonomy.yml (or the test vocabulary); paths relative to root."""
    if taxonomy is None:
        tax_file = root / "taxonomy.yml"
        if tax_file.is_file():
            taxonomy, problems = load_taxonomy(tax_file, "taxonomy.yml")
            if problems:
                raise AssertionError(f"test taxonomy has problems: {problems}")
        else:
            taxonomy = sample_taxonomy()
    kwargs.setdefault("base", root)
    return load_corpus(root, taxonomy, **kwargs)


def lint_context(taxonomy: Taxonomy | None = None, **kwargs: Any) -> LintContext:
    settings: dict[str, Any] = {"as_of": AS_OF, **kwargs}
    return LintContext(taxonomy=taxonomy or sample_taxonomy(), **settings)


def lint(root: Path, levels: dict[str, str] | None = None, **ctx: Any) -> list[Problem]:
    """Every problem of the corpus at ``root``: the loader's and the linter's."""
    corpus = load(root)
    return lint_corpus(corpus, lint_context(corpus.taxonomy, **ctx), resolve_levels(levels or {}))


def only(problems: Iterable[Problem], rule: str) -> list[Problem]:
    return [p for p in problems if p.rule == rule]


@pytest.fixture
def corpus_root(tmp_path: Path) -> Path:
    """An empty corpus folder with the test taxonomy."""
    root = tmp_path / "postmortems"
    write_taxonomy(root)
    return root
