"""Audiences that must not leak: canaries in every field of the post-mortems a build hides.

A restricted post-mortem and an internal one each carry a canary (a string
found nowhere else) in every field the format has, in their file names and
in their body, and are linked to from visible post-mortems (``related`` and
body links). Built for ``internal``, the site holds no byte of the
restricted one's canaries; built for ``public``, none of either. Every file
of the site is read, ``.gz`` files decompressed. A build for ``restricted``
holds every canary, which shows that the search finds them when they are
there. Every count the site shows is compared with the count worked out here
from the visible post-mortems alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pmkb_mkdocs.formatting import human_duration

from tests.site.sitebuild import (
    AS_OF,
    TAXONOMY,
    BuiltSite,
    action_item,
    build_site,
    report,
    utc,
    write_project,
)

from .hostile_site import every_byte

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
AUDIENCES = ("public", "internal", "restricted")
_RANK = {audience: rank for rank, audience in enumerate(AUDIENCES)}


@dataclass(frozen=True)
class Spec:
    """One post-mortem of the test corpus, as the expected figures need it."""

    id: str
    file: str
    title: str
    visibility: str
    severity: str
    started: str
    ttd_minutes: int
    ttr_minutes: int
    services: tuple[str, ...]
    factors: tuple[str, ...]
    teams: tuple[str, ...] = ()
    #: (status, due) of each action item
    actions: tuple[tuple[str, str], ...] = ()
    related: tuple[str, ...] = ()
    canary: str | None = None
    body: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def visible_to(self, audience: str) -> bool:
        return _RANK[self.visibility] <= _RANK[audience]

    @property
    def start(self) -> dt.datetime:
        return utc(self.started)


def canaries(tag: str, pm_id: str, file: str) -> dict[str, str]:
    """One string per field, each found nowhere but in that field of one post-mortem."""
    names = ("title", "service", "team", "author", "reviewer", "trigger", "impact", "cause",
             "factor", "factordesc", "action", "owner", "tracker", "vendor", "heading", "body",
             "linktext", "file")  # fmt: skip
    out = {name: f"cnry-{name}-{tag}" for name in names}
    out["id"] = pm_id
    out["slug"] = pm_id.lower()
    out["path"] = file[: -len(".md")]
    out["users"] = "9182736" if tag == "rzq" else "8172635"
    out["users-shown"] = "9,182,736" if tag == "rzq" else "8,172,635"
    return out


RESTRICTED_TAG, INTERNAL_TAG = "rzq", "ixk"
R_ID, R_FILE = "PM-2023-90417", "2023/2023-05-01-cnry-file-rzq.md"
I_ID, I_FILE = "PM-2025-90853", "2025/2025-04-15-cnry-file-ixk.md"
CANARIES = {
    "restricted": canaries(RESTRICTED_TAG, R_ID, R_FILE),
    "internal": canaries(INTERNAL_TAG, I_ID, I_FILE),
}


def carrier(visibility: str, pm_id: str, file: str, started: str, ttd: int) -> Spec:
    c = CANARIES[visibility]
    return Spec(
        id=pm_id,
        file=file,
        title=f"Ledger outage {c['title']}",
        visibility=visibility,
        severity="SEV1",
        started=started,
        ttd_minutes=ttd,
        ttr_minutes=ttd + 600,
        # A service and a factor that visible post-mortems share, and one of its own.
        services=("api-service", c["service"]),
        factors=("monitoring-gap", c["factor"]),
        teams=(c["team"],),
        actions=(("open", "2025-05-01"),),
        related=("PM-2025-101",),
        canary=visibility,
        body=(
            f"## Summary\n\nWhat happened: {c['body']}.\n\n## {c['heading']}\n\n"
            f"It followed [{c['linktext']}](../2025/2025-02-10-checkout.md).\n"
        ),
        extra={
            "authors": [c["author"]],
            "reviewers": [c["reviewer"]],
            "trigger": c["trigger"],
            "impact": {"summary": c["impact"], "users_affected": int(c["users"])},
            "root_cause": c["cause"],
            "third_party": {"vendor": c["vendor"], "expectation": "violated"},
            "action_items": [
                action_item(
                    "AI-001",
                    f"Add {c['action']} alert",
                    "2025-05-01",
                    owner=c["owner"],
                    tracker=f"https://tracker.example.com/browse/{c['tracker']}",
                    addresses=[c["factor"]],
                )
            ],
        },
    )


SPECS = (
    Spec(
        "PM-2025-101", "2025/2025-02-10-checkout.md", "Checkout errors after a pool change",
        "public", "SEV2", "2025-02-10T10:00:00Z", 2, 60,
        services=("api-service",), factors=("monitoring-gap", "testing-gap"),
        teams=("payments-platform",),
        actions=(("done", "2025-02-20"), ("open", "2025-03-01")),
        related=(R_ID, I_ID),
        body=(
            "## Summary\n\nLike [the payroll incident](../2023/2023-05-01-cnry-file-rzq.md) and "
            "[the ledger one](2025-04-15-cnry-file-ixk.md), requests failed.\n\n"
            # Links MkDocs does not rewrite: HTML naming the file, Markdown naming the page.
            '<p>See <a href="../2023/2023-05-01-cnry-file-rzq.md">the raw link</a> and '
            "<a href='2025-04-15-cnry-file-ixk.md#summary'>the quoted one</a>.</p>\n\n"
            "Or [by its address](../pm-2023-90417/) and [by id](../pm-2025-90853/).\n"
        ),
    ),
    Spec(
        "PM-2025-102", "2025/2025-03-02-search.md", "Search latency from a cache stampede",
        "public", "SEV3", "2025-03-02T08:00:00Z", 4, 90,
        services=("api-service", "search-api"), factors=("monitoring-gap", "capacity-planning"),
        teams=("discovery",), actions=(("in-progress", "2025-07-01"),),
        related=("PM-2025-101", R_ID),
    ),
    Spec(
        "PM-2025-103", "2025/2025-04-01-orders.md", "Orders database failover took twenty minutes",
        "internal", "SEV1", "2025-04-01T03:00:00Z", 10, 45,
        services=("orders-db",), factors=("missing-index", "monitoring-gap"), teams=("storage",),
    ),
    carrier("internal", I_ID, I_FILE, "2025-04-15T00:00:00Z", 1440),
    carrier("restricted", R_ID, R_FILE, "2023-05-01T00:00:00Z", 4320),
)  # fmt: skip


def write_corpus(folder: Path, audience: str) -> Path:
    files = {}
    for spec in SPECS:
        start = spec.start
        actions = spec.extra.get("action_items") or [
            action_item(f"AI-{n:03d}", f"Fix step {n}", due, status)
            for n, (status, due) in enumerate(spec.actions, start=1)
        ]
        keys = {k: v for k, v in spec.extra.items() if k != "action_items"}
        files[spec.file] = report(
            spec.id,
            spec.title,
            spec.started,
            severity=spec.severity,
            visibility=spec.visibility,
            services=list(spec.services),
            teams=list(spec.teams),
            contributing_factors=list(spec.factors),
            related=list(spec.related) or None,
            action_items=actions,
            timeline={
                "started": start,
                "detected": start + dt.timedelta(minutes=spec.ttd_minutes),
                "resolved": start + dt.timedelta(minutes=spec.ttr_minutes),
            },
            published=(start + dt.timedelta(minutes=spec.ttr_minutes, days=2)).date(),
            body=spec.body or None,
            **keys,
        )
    taxonomy = TAXONOMY + "".join(
        f"  {c['factor']}:\n    layer: technical\n    description: {c['factordesc']}\n"
        for c in CANARIES.values()
    )
    return write_project(
        folder,
        files,
        plugin={"audience": audience},
        config={"site_url": "https://kb.example.com/"},
        taxonomy=taxonomy,
    )


@dataclass
class Build:
    audience: str
    site: BuiltSite
    #: Every record the build logged at WARNING or above.
    warnings: list[str]

    @property
    def visible(self) -> list[Spec]:
        return [s for s in SPECS if s.visible_to(self.audience)]

    def url(self, spec: Spec) -> str:
        return f"incidents/{spec.id.lower()}/"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module", params=AUDIENCES)
def build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    audience = request.param
    config = write_corpus(tmp_path_factory.mktemp(f"audience-{audience}"), audience)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        # Strict: a warning (a link reported as broken, say) fails the build.
        site = build_site(config, strict=True)
    finally:
        logger.removeHandler(collect)
    return Build(audience, site, collect.messages)


def hidden_canaries(build: Build) -> dict[str, str]:
    """Canary -> where it came from, for the post-mortems this build must hide."""
    return {
        value: f"{spec.visibility} {name}"
        for spec in SPECS
        if spec.canary and not spec.visible_to(build.audience)
        for name, value in CANARIES[spec.canary].items()
    }


def shown_canaries(build: Build) -> dict[str, str]:
    return {
        value: f"{spec.visibility} {name}"
        for spec in SPECS
        if spec.canary and spec.visible_to(build.audience)
        for name, value in CANARIES[spec.canary].items()
        # The taxonomy's description, the text of a link out, the file's name and
        # the raw number are not shown as such.
        if name not in ("factordesc", "linktext", "file", "path", "users")
    }


def site_bytes(site: BuiltSite) -> Iterator[tuple[str, bytes]]:
    yield from every_byte(site.site_dir)


# --- no trace ---------------------------------------------------------------------------


def test_no_byte_of_the_site_holds_a_hidden_canary(build: Build) -> None:
    wanted = hidden_canaries(build)
    if build.audience == "restricted":
        assert wanted == {}
        return
    found = sorted(
        (rel, origin)
        for rel, data in site_bytes(build.site)
        for value, origin in wanted.items()
        if value.encode() in data or value.lower().encode() in data
    )
    assert found == []


def test_every_shown_canary_is_found_where_it_belongs(build: Build) -> None:
    # The search above would find a canary that is there: here they are, for the
    # post-mortems this build shows (all of them in the restricted build).
    everything = b"".join(data for _, data in site_bytes(build.site))
    missing = sorted(o for v, o in shown_canaries(build).items() if v.encode() not in everything)
    assert missing == []
    if build.audience == "restricted":
        assert len(shown_canaries(build)) >= 2 * 15


def test_no_warning_names_a_hidden_postmortem(build: Build) -> None:
    assert build.warnings == []


def test_visible_pages_never_mention_or_link_a_hidden_one(build: Build) -> None:
    hidden = [s for s in SPECS if not s.visible_to(build.audience)]
    traces = set(hidden_canaries(build)) | {s.id.lower() for s in hidden}
    for spec in build.visible:
        content = build.site.content(build.url(spec))
        related = content.one(cls="pmkb-related")
        linked = {a.text for a in related.find_all("a") if a.text.startswith("PM-")}
        assert linked <= {s.id for s in build.visible}
        for other in hidden:
            assert other.id not in content.text
        for a in content.one(cls="pmkb-body").find_all("a"):
            href = a.get("href") or ""
            assert not any(t in href for t in traces) and "pmkb-hidden" not in href
    checkout = build.site.content("incidents/pm-2025-101/").one(cls="pmkb-body")
    hrefs = {a.text: a.get("href") for a in checkout.find_all("a") if a.text != "¶"}
    restricted, internal = (next(s for s in SPECS if s.id == i) for i in (R_ID, I_ID))
    # Link text -> (where it leads when its target is shown, the target).
    links = {
        "the payroll incident": ("../pm-2023-90417/", restricted),
        "the ledger one": ("../pm-2025-90853/", internal),
        # Links MkDocs leaves as written; dead as written, but the author's to fix.
        "the raw link": ("../2023/2023-05-01-cnry-file-rzq.md", restricted),
        "the quoted one": ("2025-04-15-cnry-file-ixk.md#summary", internal),
        "by its address": ("../pm-2023-90417/", restricted),
        "by id": ("../pm-2025-90853/", internal),
    }
    # The text of a link stays, as text, when its target is hidden.
    for text in links:
        assert text in checkout.text
    assert hrefs == {
        text: href for text, (href, target) in links.items() if target.visible_to(build.audience)
    }


# --- counts from the visible post-mortems alone ------------------------------------------


def newest_first(specs: list[Spec]) -> list[Spec]:
    return sorted(specs, key=lambda s: (s.start, s.id), reverse=True)


def test_pages_and_search_entries_are_the_visible_ones(build: Build) -> None:
    site = build.site
    pages = {p.parent.name for p in (site.site_dir / "incidents").glob("pm-*/index.html")}
    assert pages == {s.id.lower() for s in build.visible}
    located = set(site.search_pages())
    assert {loc for loc in located if loc.startswith("incidents/pm-")} == {
        build.url(s) for s in build.visible
    }
    sitemap = (site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>https://kb\.example\.com/incidents/(pm-[^/<]+)/</loc>", sitemap)
    assert set(listed) == {s.id.lower() for s in build.visible}


@pytest.mark.parametrize("url", ["", "dashboard/"])
def test_headline_figures_count_the_visible_ones(build: Build, url: str) -> None:
    """The home page's and the dashboard's figures, worked out from the specs above."""
    visible = build.visible  # all published
    page = build.site.content(url)
    figures = page.find_all(cls="pmkb-figure")
    value = [f.one(cls="pmkb-figure__value").text for f in figures]
    detail = [f.one(cls="pmkb-figure__detail").text for f in figures]
    assert value[0] == str(len(visible))
    by_severity = " · ".join(
        f"{sev}: {sum(s.severity == sev for s in visible)}" for sev in SEVERITIES
    )
    assert detail[0] == by_severity
    ttd = statistics.median(s.ttd_minutes for s in visible)
    ttr = statistics.median(s.ttr_minutes for s in visible)
    assert value[1] == human_duration(dt.timedelta(minutes=ttd))
    assert value[2] == human_duration(dt.timedelta(minutes=ttr))
    assert detail[1].endswith(f"n = {len(visible)}") and detail[2].endswith(f"n = {len(visible)}")
    actions = [a for s in visible for a in s.actions]
    done = sum(status == "done" for status, _ in actions)
    still_open = sum(status in ("open", "in-progress") for status, _ in actions)
    overdue = sum(
        status in ("open", "in-progress") and dt.date.fromisoformat(due) < AS_OF
        for status, due in actions
    )
    assert detail[3].startswith(f"{done} of {len(actions)} · {still_open} open · {overdue} overdue")
    if url == "":
        latest = [a.text for a in page.one("table").find_all("a")]
        assert latest == [s.id for s in newest_first(visible)]
    else:
        scope = page.one(cls="pmkb-dashboard__scope").text
        assert scope.startswith(f"All time: {len(visible)} incidents, ")


def test_graph_page_and_open_data_hold_the_visible_ones(build: Build) -> None:
    site = build.site.site_dir
    ids = {s.id for s in build.visible}
    graph = json.loads((site / "data" / "graph.json").read_text(encoding="utf-8"))
    assert {node["id"] for node in graph["nodes"]} == ids
    assert {e["source"] for e in graph["edges"]} | {e["target"] for e in graph["edges"]} <= ids
    assert all(set(c["members"]) <= ids for c in graph["clusters"])
    lead = build.site.content("graph/").one(cls="pmkb-lead").text
    assert lead.startswith("Post-mortems joined by what they share") and (
        f" {len(ids)} post-mortems with status published, {len(graph['edges'])} relation" in lead
    )
    with (site / "data" / "incidents.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["id"] for r in rows) == sorted(ids)
    assert {r["id"]: set(r["services"].split(";")) for r in rows} == {
        s.id: set(s.services) for s in build.visible
    }
    with (site / "data" / "action-items.csv").open(encoding="utf-8", newline="") as handle:
        keys = sorted(r["key"] for r in csv.DictReader(handle))
    assert keys == sorted(
        f"{s.id}/AI-{n:03d}" for s in build.visible for n in range(1, len(s.actions) + 1)
    )
    metrics = json.loads((site / "data" / "metrics.json").read_text(encoding="utf-8"))
    by_service = {r["service"]: r["incidents"] for r in metrics["incidents"]["by_service"]}
    services = {name for s in build.visible for name in s.services}
    assert by_service == {n: sum(n in s.services for s in build.visible) for n in services}
    assert sum(r["incidents"] for r in metrics["incidents"]["by_month"]) == len(ids)


def _tags_shown(build: Build) -> set[str]:
    """Taxonomy tags the site lists: those visible post-mortems cite, and those nobody cites.

    A tag that only hidden post-mortems cite would point at them (the canary
    factors were added to the taxonomy for them alone).
    """
    taxonomy = set(re.findall(r"^  ([a-z-]+):$", TAXONOMY, re.MULTILINE))
    taxonomy |= {c["factor"] for c in CANARIES.values()}
    cited = {f for s in build.visible for f in s.factors}
    cited_by_hidden = {f for s in SPECS if not s.visible_to(build.audience) for f in s.factors}
    return cited | (taxonomy - cited_by_hidden)


def test_factor_counts_are_the_visible_ones(build: Build) -> None:
    site = build.site
    rows = {
        tr.find_all("td")[0].text: int(tr.find_all("td")[2].text)
        for tr in site.content("factors/").find_all("tr")
        if tr.find_all("td")
    }
    assert rows == {tag: sum(tag in s.factors for s in build.visible) for tag in _tags_shown(build)}
    for tag in sorted({f for s in build.visible for f in s.factors}):
        citing = [s for s in build.visible if tag in s.factors]
        page = site.content(f"factors/{tag}/")
        cited = next(p for p in page.find_all("p") if p.text.startswith("Cited by"))
        noun = "post-mortem" if len(citing) == 1 else "post-mortems"
        assert cited.text.startswith(f"Cited by {len(citing)} {noun}")
        ids = [a.text for a in page.one("table").find_all("a")]
        assert ids == [s.id for s in newest_first(citing)]


def test_service_counts_are_the_visible_ones(build: Build) -> None:
    site = build.site
    services = sorted({name for s in build.visible for name in s.services})
    rows = {
        tr.find_all("td")[0].text: (int(tr.find_all("td")[1].text), int(tr.find_all("td")[2].text))
        for tr in site.content("services/").find_all("tr")
        if tr.find_all("td")
    }
    expected = {}
    for name in services:
        affected = [s for s in build.visible if name in s.services]
        expected[name] = (len(affected), sum(s.severity in ("SEV1", "SEV2") for s in affected))
        page = site.content(f"services/{name}/")
        ids = [a.text for a in page.one("table").find_all("a")]
        assert ids == [s.id for s in newest_first(affected)]
        teams = sorted({t for s in affected for t in s.teams})
        lead = next(p for p in page.find_all("p") if p.text.startswith("Affected in"))
        noun = "post-mortem" if len(affected) == 1 else "post-mortems"
        assert lead.text == f"Affected in {len(affected)} {noun}; owning teams: {', '.join(teams)}."
    assert rows == expected


def decode_list(data: dict[str, object]) -> list[dict[str, object]]:
    """The list page's rows, decoded as its docstring (pmkb_mkdocs/listing.py) describes."""
    flat = data["rows"]
    assert isinstance(flat, list) and len(flat) % 7 == 0
    rows, day = [], 0

    def names(table: str, value: object) -> set[str]:
        index = value if isinstance(value, list) else [value]
        return {data[table][i] for i in index}  # type: ignore[index]

    for i in range(0, len(flat), 7):
        short, title, delta, sev_status, services, teams, factors = flat[i : i + 7]
        day = delta if i == 0 else day - delta
        year = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).year
        pm_id = (
            f"PM-{year}-{short:03d}"
            if isinstance(short, int)
            else (short if str(short).startswith("PM-") else f"PM-{year}-{short}")
        )
        rows.append({
            "id": pm_id, "title": title, "severity": f"SEV{sev_status // 3 + 1}",
            "services": names("services", services), "teams": names("teams", teams),
            "factors": names("factors", factors),
        })  # fmt: skip
    return rows


def test_list_page_data_holds_the_visible_ones(build: Build) -> None:
    source = build.site.content("incidents/").one(cls="pmkb-list").get("data-list-src")
    assert source == "../incidents/list.json"
    data = json.loads(build.site.path("incidents/list.json").read_text(encoding="utf-8"))
    rows = decode_list(data)
    expected = newest_first(build.visible)
    assert [r["id"] for r in rows] == [s.id for s in expected]
    assert [r["severity"] for r in rows] == [s.severity for s in expected]
    assert [r["services"] for r in rows] == [set(s.services) for s in expected]
    assert data["services"] == sorted({n for s in build.visible for n in s.services})
    assert data["teams"] == sorted({t for s in build.visible for t in s.teams})
    assert data["factors"] == sorted({f for s in build.visible for f in s.factors})
    # The page offers as filter choices only what the visible ones have.
    form = build.site.content("incidents/").one("form", cls="pmkb-filters")
    offered = [o.get("value") for o in form.one("select", name="service").find_all("option")]
    assert offered == ["", *data["services"]]


def test_related_sections_list_visible_ones_only(build: Build) -> None:
    checkout = build.site.content("incidents/pm-2025-101/").one(cls="pmkb-related")
    linked = [li.first("a").text for li in checkout.find_all("li")]
    # Explicit links come first, then incidents sharing factors or services.
    assert set(linked) == {s.id for s in build.visible} - {"PM-2025-101"}


def test_a_broken_restricted_postmortem_leaves_no_trace_in_a_lenient_build(
    tmp_path: Path,
) -> None:
    """A lenient build shows broken files under a banner; not one its audience may not read."""
    config = write_corpus(tmp_path, "internal")
    canary = canaries("bkn", "PM-2025-90999", "2025/2025-05-09-cnry-file-bkn.md")
    broken = report(
        canary["id"],
        f"Broken {canary['title']}",
        "2025-05-09T10:00:00Z",
        severity="SEV9",  # the error that makes it broken
        visibility="restricted",
        services=[canary["service"]],
        teams=[canary["team"]],
        authors=[canary["author"]],
        contributing_factors=["monitoring-gap", canary["factor"]],
        root_cause=canary["cause"],
        body=f"## Summary\n\n{canary['body']}\n",
    )
    (tmp_path / "docs" / "2025" / "2025-05-09-cnry-file-bkn.md").write_text(broken, "utf-8")
    with (tmp_path / "docs" / "taxonomy.yml").open("a", encoding="utf-8") as taxonomy:
        taxonomy.write(f"  {canary['factor']}:\n    layer: process\n    description: x\n")
    site = build_site(config, strict=False)
    wanted = [v for k, v in canary.items() if k not in ("users", "users-shown")]
    found = [(rel, v) for rel, data in site_bytes(site) for v in wanted if v.encode() in data]
    assert found == []
    assert not site.content("").find_all(cls="pmkb-banner--broken")


@pytest.mark.parametrize(("audience", "shown"), [("public", False), ("internal", True)])
def test_a_file_whose_visibility_cannot_be_read_is_named_only_inside(
    tmp_path: Path, audience: str, shown: bool
) -> None:
    """Its frontmatter is no YAML: it may be restricted, so a public site names it nowhere."""
    config = write_corpus(tmp_path, audience)
    name = "2025-05-09-acquisition-of-a-competitor"
    (tmp_path / "docs" / "2025" / f"{name}.md").write_text(
        "---\nid: PM-2025-90998\ntitle: [unclosed\nvisibility: restricted\n---\n\nText.\n",
        encoding="utf-8",
    )
    site = build_site(config, strict=False)
    found = [rel for rel, data in site_bytes(site) if b"acquisition-of-a-competitor" in data]
    assert bool(found) is shown, found
    assert bool(site.content("").find_all(cls="pmkb-banner--broken")) is shown


def test_a_problem_shown_on_a_visible_page_never_names_a_hidden_file(tmp_path: Path) -> None:
    """A visible post-mortem that reuses a hidden one's id is told the id is taken, not by whom."""
    config = write_corpus(tmp_path, "internal")
    reused = report(R_ID, "Payroll export rerun", "2023-06-01T10:00:00Z", visibility="internal")
    (tmp_path / "docs" / "2023" / "2023-06-01-rerun.md").write_text(reused, encoding="utf-8")
    site = build_site(config, strict=False)
    problems = site.content("2023/2023-06-01-rerun/").one(cls="pmkb-banner--broken").text
    assert f"id {R_ID} is already used by a post-mortem this site does not show" in problems
    restricted = CANARIES["restricted"]
    found = [
        (rel, name)
        for rel, data in site_bytes(site)
        for name in ("file", "path", "title", "body")
        if restricted[name].encode() in data
    ]
    assert found == []
