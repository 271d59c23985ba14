"""A broken post-mortem fails a strict build naming file and line, and shows under a banner otherwise."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from pmkb.loader import load_corpus
from pmkb.taxonomy import load_taxonomy

from tests.site.sitebuild import TAXONOMY, build_site, report, write_project

GOOD = report(
    "PM-2025-001", "Checkout errors from connection-pool exhaustion", "2025-02-09T10:05:23Z"
)
BROKEN = report(
    "PM-2025-002", "Search latency from a cache stampede", "2025-03-02T08:00:00Z", severity="SEV9"
)
BROKEN_PATH = "2025/2025-03-02-search-latency.md"


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def linter_messages(docs: Path, base: Path | None = None) -> list[str]:
    """What ``pmkb lint`` reports as errors for the folder, through the same loader.

    Paths are relative to ``base`` (default: the working directory, as in a terminal).
    """
    taxonomy, _ = load_taxonomy(docs / "taxonomy.yml")
    return [p.format() for p in load_corpus(docs, taxonomy, base=base).errors]


def plugin_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    prefix = "pmkb_mkdocs: "
    return [
        r.getMessage()[len(prefix) :]
        for r in caplog.records
        if r.levelno == logging.WARNING and r.getMessage().startswith(prefix)
    ]


def test_strict_build_fails_with_the_linters_path_line_messages(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD, BROKEN_PATH: BROKEN})
    with caplog.at_level(logging.INFO), pytest.raises(Abort):
        build_site(config, strict=True)
    warnings = plugin_warnings(caplog)
    expected_line = line_of(BROKEN, "severity: SEV9")
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{tmp_path / 'docs' / BROKEN_PATH}:{expected_line}: error ")
    assert "severity" in warnings[0] and "SEV9" in warnings[0]
    assert warnings == linter_messages(tmp_path / "docs")


def test_mkdocs_build_strict_on_the_command_line_names_file_and_line(tmp_path: Path) -> None:
    write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD, BROKEN_PATH: BROKEN})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode != 0
    expected = (
        f"docs/{BROKEN_PATH}:{line_of(BROKEN, 'severity: SEV9')}: error schema.value severity:"
    )
    assert expected in result.stderr


def test_lenient_build_shows_the_broken_file_under_an_error_banner(tmp_path: Path) -> None:
    site = build_site(write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD, BROKEN_PATH: BROKEN}))
    # Its id can be read: the page stays at the id's URL, where the author's
    # preview showed it before the mistake, instead of moving to the file's.
    content = site.content("incidents/pm-2025-002/")
    assert not site.exists("2025/2025-03-02-search-latency/")
    banner = content.one(cls="pmkb-banner--broken")
    problems = [li.text for li in banner.find_all("li")]
    # On the page, paths are relative to the project (the folder of mkdocs.yml), so
    # that the site does not depend on where the build ran.
    assert problems == linter_messages(tmp_path / "docs", base=tmp_path)
    assert problems[0].startswith(f"docs/{BROKEN_PATH}:")
    # Its text is still there for the author to read.
    assert (
        "Search latency from a cache stampede. Requests failed" in content.one(cls="pmkb-body").text
    )
    # It is named on the home and list pages, and counted nowhere.
    notice = site.content("").one(cls="pmkb-banner--broken")
    assert notice.one("a").get("href") == "incidents/pm-2025-002/"
    data = site.path("incidents/list.json").read_text(encoding="utf-8")
    assert "Checkout errors from connection-pool exhaustion" in data
    assert "PM-2025-002" not in data and "Search latency" not in data


def test_a_broken_file_reusing_a_shown_id_keeps_its_files_url(tmp_path: Path) -> None:
    duplicate = report("PM-2025-001", "Second report of the same id", "2025-03-02T08:00:00Z")
    site = build_site(
        write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD, BROKEN_PATH: duplicate})
    )
    # The id's URL belongs to the valid post-mortem; the duplicate shows its problems at its file's.
    assert "Checkout errors" in site.content("incidents/pm-2025-001/").one("h1").text
    banner = site.content("2025/2025-03-02-search-latency/").one(cls="pmkb-banner--broken")
    assert "PM-2025-001" in banner.text


NEWCOMER_PATH = "2025/2025-01-05-newcomer.md"


@pytest.mark.parametrize(
    "keys",
    [{"status": "draft", "published": None}, {"published": dt.date(2025, 3, 1)}],
    ids=["draft", "published-later"],
)
def test_a_newcomer_reusing_an_id_never_takes_the_established_reports_url(
    tmp_path: Path, keys: dict[str, object]
) -> None:
    """The newcomer comes first by path, yet the published report keeps its id and URL."""
    newcomer = report("PM-2025-001", "Newcomer reusing the id", "2025-01-05T08:00:00Z", **keys)
    site = build_site(
        write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD, NEWCOMER_PATH: newcomer})
    )
    established = site.content("incidents/pm-2025-001/")
    assert "Checkout errors" in established.one("h1").text
    assert not established.find_all(cls="pmkb-banner--broken")
    banner = site.content("2025/2025-01-05-newcomer/").one(cls="pmkb-banner--broken")
    (problem,) = [li.text for li in banner.find_all("li")]
    assert problem.startswith(f"docs/{NEWCOMER_PATH}:2: error id.duplicate id: ")
    assert "id PM-2025-001 is already used by docs/2025/2025-02-09-a.md:2, which keeps it" in (
        problem
    )
    data = site.path("incidents/list.json").read_text(encoding="utf-8")
    assert "Checkout errors" in data and "Newcomer" not in data


def test_the_id_keeps_its_url_when_the_report_that_keeps_it_is_broken(tmp_path: Path) -> None:
    broken = report(
        "PM-2025-001", "Checkout errors, now broken", "2025-02-09T10:05:23Z", severity="SEV9"
    )
    newcomer = report(
        "PM-2025-001", "Newcomer reusing the id", "2025-01-05T08:00:00Z", status="draft"
    )
    site = build_site(
        write_project(tmp_path, {"2025/2025-02-09-a.md": broken, NEWCOMER_PATH: newcomer})
    )
    # The newcomer comes first by path, but the id's URL is the keeper's.
    kept = site.content("incidents/pm-2025-001/")
    assert "SEV9" in kept.one(cls="pmkb-banner--broken").text
    assert "Checkout errors, now broken" in kept.one(cls="pmkb-body").text
    assert not site.exists("2025/2025-02-09-a/")
    banner = site.content("2025/2025-01-05-newcomer/").one(cls="pmkb-banner--broken")
    assert "already used by docs/2025/2025-02-09-a.md:2" in banner.text


def test_broken_file_whose_visibility_cannot_be_read_shows_problems_but_no_text(
    tmp_path: Path,
) -> None:
    unreadable = "---\nid: PM-2025-002\ntitle: [unclosed\n---\n\n## Summary\n\nSecret details.\n"
    site = build_site(
        write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD, BROKEN_PATH: unreadable})
    )
    html = site.html("2025/2025-03-02-search-latency/")
    content = site.content("2025/2025-03-02-search-latency/")
    assert content.one(cls="pmkb-banner--broken").find_all("li")
    assert "Secret details" not in html


def test_broken_restricted_file_leaves_no_trace_in_an_internal_build(tmp_path: Path) -> None:
    restricted = report(
        "PM-2025-002",
        "Payroll leak",
        "2025-03-02T08:00:00Z",
        severity="SEV9",
        visibility="restricted",
    )
    site = build_site(
        write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD, BROKEN_PATH: restricted})
    )
    assert not site.exists("2025/2025-03-02-search-latency/")
    assert all("Payroll" not in p.read_text(errors="replace") for p in site.files())


def test_a_missing_taxonomy_stops_the_build_with_a_clear_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD}, taxonomy=None)
    with pytest.raises(Abort):
        build_site(config)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        (
            f"taxonomy file {tmp_path / 'docs' / 'taxonomy.yml'} not found: add one to docs_dir "
            "or set `taxonomy` under the postmortems plugin in mkdocs.yml"
        )
    ]


# --- the taxonomy ----------------------------------------------------------------------------

OWNERSHIP = report(
    "PM-2025-003",
    "Pages routed to a retired rotation",
    "2025-04-01T09:00:00Z",
    contributing_factors=["unclear-ownership", "runbook-gap"],
)


def test_one_bad_taxonomy_entry_breaks_only_the_reports_that_cite_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    taxonomy = TAXONOMY.replace(
        "  unclear-ownership:\n    layer: organizational\n",
        "  unclear-ownership:\n    layer: Technical\n",
    )
    taxonomy += "  monitoring-gap:\n    layer: technical\n    description: Written twice.\n"
    files = {"2025/2025-02-09-a.md": GOOD, "2025/2025-04-01-pages.md": OWNERSHIP}
    config = write_project(tmp_path, files, taxonomy=taxonomy)
    shown = f"{tmp_path / 'docs' / 'taxonomy.yml'}"
    with caplog.at_level(logging.INFO), pytest.raises(Abort):
        build_site(config, strict=True)
    warnings = plugin_warnings(caplog)
    # The taxonomy's own problems are errors at their lines, as the linter says them.
    assert warnings[:2] == [
        f"{shown}:{line_of(taxonomy, 'layer: Technical')}: error taxonomy.layer "
        "factors.unclear-ownership.layer: layer must be one of technical, process, "
        "organizational, not 'Technical'",
        f"{shown}:{line_of(taxonomy, 'Written twice') - 2}: error taxonomy.duplicate "
        "factors.monitoring-gap: tag `monitoring-gap` appears twice (first on line "
        f"{line_of(taxonomy, 'monitoring-gap:')}); the first entry is used: merge the two into one",
    ]
    caplog.clear()
    site = build_site(config)
    # The report citing monitoring-gap (written twice, counted once) is unaffected.
    good = site.content("incidents/pm-2025-001/")
    assert "Checkout errors" in good.one("h1").text
    assert not good.find_all(cls="pmkb-banner--broken")
    data = site.path("incidents/list.json").read_text(encoding="utf-8")
    assert "Checkout errors" in data and "retired rotation" not in data
    # The one citing the broken entry is told where to fix it, not "unknown, did you mean".
    banner = site.content("incidents/pm-2025-003/").one(cls="pmkb-banner--broken")
    problems = [li.text for li in banner.find_all("li")]
    assert problems
    assert all(
        "contributing factor 'unclear-ownership' has a broken entry in the taxonomy "
        f"(docs/taxonomy.yml:{line_of(taxonomy, 'layer: Technical')}); fix the entry there" in p
        for p in problems
    )


def test_the_dashboard_and_the_data_page_say_how_many_reports_they_leave_out(
    tmp_path: Path,
) -> None:
    """Leadership reads the figures on the dashboard, not the home page's banner: each
    page that counts incidents says that a report with errors is in none of its counts."""
    site = build_site(write_project(tmp_path, {"2025/2025-02-09-a.md": GOOD, BROKEN_PATH: BROKEN}))
    for url in ("dashboard/", "dashboard/last-quarter/action-items/", "data/"):
        note = site.content(url).one(cls="pmkb-left-out")
        assert (
            note.text
            == "Left out until fixed: 1 post-mortem with errors (listed on the home page)."
        )
    assert (
        site.content("dashboard/")
        .one(cls="pmkb-dashboard__scope")
        .text.startswith("All time: 1 incident, ")
    )
    # With nothing broken, nothing is said.
    clean = build_site(write_project(tmp_path / "clean", {"2025/2025-02-09-a.md": GOOD}))
    assert not clean.content("dashboard/").find_all(cls="pmkb-left-out")
    assert not clean.content("data/").find_all(cls="pmkb-left-out")
