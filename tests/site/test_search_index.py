"""Search: the Pagefind index a build writes into the site, and what it holds."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from pmkb_mkdocs import search_index
from pmkb_mkdocs.search_index import searched_part

from tests.site.dom import Element
from tests.site.sitebuild import (
    INTERNAL_IDS,
    BuiltSite,
    build_site,
    pagefind_wrapper,
    running,
    standard_corpus,
    write_project,
)


def bundle_files(site: BuiltSite) -> dict[str, bytes]:
    bundle = site.site_dir / "pagefind"
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def searched_parts(content: Element) -> list[Element]:
    return [el for el in content.iter() if "data-pagefind-body" in el.attrs]


def test_the_build_writes_pagefinds_bundle_into_the_site(site: BuiltSite) -> None:
    bundle = site.site_dir / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # One language, English, which Pagefind reads from <html lang> and stems for.
    assert list(entry["languages"]) == ["en"]
    assert site.page("incidents/pm-2025-001/").one("html").get("lang") == "en"
    assert entry["languages"]["en"]["page_count"] == len(INTERNAL_IDS) + 1
    assert (bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.en.pagefind").is_file()
    # Pagefind's own interfaces are left out: the site has its own search box.
    assert not (bundle / "pagefind-ui.js").exists()
    assert not (bundle / "pagefind-worker.js").exists()  # Pagefind runs in the page
    assert not (site.site_dir / "search" / "search_index.json").exists()


def test_postmortems_and_ordinary_pages_are_indexed_and_generated_pages_are_not(
    site: BuiltSite,
) -> None:
    assert set(site.search_pages()) == {f"incidents/{i.lower()}/" for i in INTERNAL_IDS} | {
        "about/"
    }


def test_a_postmortem_page_marks_what_search_reads(site: BuiltSite) -> None:
    content = site.content("incidents/pm-2025-001/")
    parts = searched_parts(content)
    assert [sorted(el.classes) for el in parts] == [
        ["pmkb-summary-text"],
        ["pmkb-body"],
        ["pmkb-search-terms"],
    ]
    # The generated tables are outside every part search reads.
    for part in parts:
        assert part.find_all(cls="pmkb-actions") == [] and part.find_all(cls="pmkb-related") == []
    terms = content.one(cls="pmkb-search-terms")
    assert "hidden" in terms.attrs
    assert [(el.text, el.get("data-pagefind-weight")) for el in terms.find_all("span")] == [
        ("PM-2025-001", "10"),
        ("api-service", "4"),
        ("orders-db", "4"),
        ("payments-platform", "2"),
        ("monitoring-gap", "2"),
        ("missing-index", "2"),
    ]
    lead = content.one(cls="pmkb-summary-text")
    title = lead.one(cls="pmkb-search-title")
    assert title.get("data-pagefind-meta") == "title" and "hidden" in title.attrs
    assert title.text == "Checkout errors from connection-pool exhaustion"
    record = lead.one(cls="pmkb-search-record")
    assert "hidden" in record.attrs and "data-pagefind-ignore" in record.attrs
    started = [el for el in record.iter() if el.get("data-pagefind-filter", "").startswith("year")]
    assert [el.get("data-pagefind-meta") for el in started] == ["date:2025-02-09"]
    services = [el.text for el in record.iter() if el.get("data-pagefind-filter") == "service"]
    assert services == ["api-service", "orders-db"]


def test_the_facts_shown_above_carry_nothing_for_search(site: BuiltSite) -> None:
    """Pagefind parses all the HTML it is handed, from the first part it reads on: the
    badges, facts and links above that part, a sixth of a page's HTML, are not handed."""
    content = site.content("incidents/pm-2025-001/")
    for cls in ("pmkb-header", "pmkb-classification"):
        shown = content.one(cls=cls)
        assert shown.text.strip()
        assert [
            name for el in shown.iter() for name in el.attrs if name.startswith("data-pagefind")
        ] == []
    page = site.html("incidents/pm-2025-001/")
    part = searched_part(page, '<h2 id="action-items"')
    assert "pmkb-facts" not in part and "pmkb-classification" not in part
    assert "Written by" in part


def test_excerpts_read_the_title_then_the_root_cause_and_the_facts_come_last(
    site: BuiltSite,
) -> None:
    """A result's excerpt is the indexed text around the words asked for. With the id,
    severity, services and factors right after the title, a title match's excerpt read
    "... exhaustion PM-2025-001 SEV2 alert. deploy. api-service orders-db ..."."""
    text = site.search_pages()["incidents/pm-2025-001/"]["content"]
    title = "Checkout errors from connection-pool exhaustion"
    root_cause = "A change held a shared resource for too long under load."
    assert text.index(title) < text.index(root_cause)
    between = text[text.index(title) + len(title) : text.index(root_cause)]
    for fact in ("PM-2025-001", "SEV2", "api-service", "payments-platform", "monitoring-gap"):
        assert fact not in between
        # Still searched, once, after the body's last words.
        assert text.count(fact) == 1 and text.index(fact) > text.index("Checkout failed")


def test_results_carry_the_id_title_date_severity_and_services(site: BuiltSite) -> None:
    page = site.search_pages()["incidents/pm-2025-001/"]
    assert page["meta"] == {
        "id": "PM-2025-001",
        "title": "Checkout errors from connection-pool exhaustion",
        "date": "2025-02-09",
        "severity": "SEV2",
        "services": "api-service orders-db",
    }
    assert page["filters"] == {
        "severity": ["SEV2"],
        "service": ["api-service", "orders-db"],
        "team": ["payments-platform"],
        "factor": ["monitoring-gap", "missing-index"],
        "year": ["2025"],
    }
    assert site.search_pages()["incidents/pm-2024-010/"]["filters"]["year"] == ["2024"]


def test_the_whole_postmortem_is_indexed_and_its_generated_tables_are_not(
    site: BuiltSite,
) -> None:
    text = site.search_pages()["incidents/pm-2025-001/"]["content"]
    for indexed in (
        "Checkout errors from connection-pool exhaustion",
        "PM-2025-001",
        "deploy",  # the facts people search by: trigger, detection
        "monitoring-gap",  # the header
        "payments-platform",
        "Checkout failed for half an hour",  # the body
        "A query without an index scanned the whole orders table.",
    ):
        assert indexed in text
    for left_out in (
        "2025-02-09 10:05 UTC",  # times, durations and figures: nobody searches for them
        "1 min 22 s",
        "40,000",
        "Add a connection-pool saturation alert",  # action items
        "Action items",
        "Related incidents",
        "Orders database failover took twenty minutes",  # a related incident's title
    ):
        assert left_out not in text
    # The status badge: "published" on every page matched every page, and filled the
    # excerpts of title matches with labels.
    assert site.content("incidents/pm-2025-001/").one(cls="pmkb-status").text == "published"
    assert "published" not in text.lower()


def test_headings_are_indexed_without_their_permalink_mark(tmp_path: Path) -> None:
    """The mark stuck to a heading's last word in results' excerpts ("Impact¶ ...");
    readers still see it on the page."""
    files = standard_corpus()
    files["about.md"] += "\n## How to write one\n\nStart from the template.\n"
    site = build_site(write_project(tmp_path, files))
    indexed = site.search_pages()
    for url, heading in (("incidents/pm-2025-001/", "Root Cause"), ("about/", "How to write one")):
        assert heading in indexed[url]["content"]
        assert "¶" not in indexed[url]["content"]
        assert "¶" not in json.dumps(indexed[url]["anchors"], ensure_ascii=False)
        links = site.content(url).find_all("a", cls="headerlink")
        assert links and {a.text for a in links} == {"¶"}


def test_an_ordinary_page_is_indexed_under_its_title(site: BuiltSite) -> None:
    page = site.search_pages()["about/"]
    assert page["meta"]["title"] == "About this site"
    assert "How we write post-mortems." in page["content"]


def test_an_ordinary_page_gives_search_its_title_once(tmp_path: Path) -> None:
    """Its heading titles its result. A hidden copy of the title before the heading
    made every excerpt that starts at the top read the title twice."""
    files = standard_corpus()
    files["headed.md"] = "# Importing old reports\n\nMost teams arrive with years of reports.\n"
    files["headless.md"] = "Notes without a heading of their own.\n"
    site = build_site(write_project(tmp_path, files))
    indexed = site.search_pages()
    assert indexed["headed/"]["meta"]["title"] == "Importing old reports"
    assert indexed["headed/"]["content"].count("Importing old reports") == 1
    assert indexed["headless/"]["meta"]["title"] == "Headless"
    assert "Notes without a heading of their own." in indexed["headless/"]["content"]


def test_a_page_can_stay_out_of_search_as_materials_convention_says(tmp_path: Path) -> None:
    files = standard_corpus()
    files["private.md"] = "---\nsearch:\n  exclude: true\n---\n# Private\n\nNot for search.\n"
    site = build_site(write_project(tmp_path, files), strict=True)
    assert "private/" not in site.search_pages() and "about/" in site.search_pages()
    assert searched_parts(site.content("private/")) == []


def test_the_same_inputs_give_the_same_index_files(site: BuiltSite, tmp_path: Path) -> None:
    config = write_project(
        tmp_path, standard_corpus(), config={"site_url": "https://kb.example.com/"}
    )
    again = build_site(config, strict=True)
    first, second = bundle_files(site), bundle_files(again)
    # Same file names (Pagefind names files by their content) and same bytes.
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("filter/") for name in first)


def test_a_build_over_the_last_one_writes_its_index_over_the_last_index(
    site: BuiltSite, tmp_path: Path
) -> None:
    # The last build had a post-mortem fewer and another worded otherwise: this one
    # rewrites the files both index in place, and ends with a fresh build's files.
    earlier = standard_corpus()
    del earlier["2025/2025-03-02-search-latency.md"]
    earlier["about.md"] = earlier["about.md"].replace("How we write", "How we wrote")
    last = build_site(write_project(tmp_path, earlier))
    fragments = last.site_dir / "pagefind" / "fragment"
    inodes = {p.name: p.stat().st_ino for p in fragments.iterdir()}
    config = write_project(
        tmp_path, standard_corpus(), config={"site_url": "https://kb.example.com/"}
    )
    again = build_site(config, strict=True)
    assert bundle_files(again) == bundle_files(site)
    kept = [
        p.name
        for p in (again.site_dir / "pagefind" / "fragment").iterdir()
        if inodes.get(p.name) == p.stat().st_ino
    ]
    assert kept, "no file of the last index was written over"
    # Nothing of the last index is left aside in the site.
    assert [p.name for p in again.site_dir.iterdir() if p.name.startswith(".")] == []


def test_an_index_read_back_from_the_written_pages_is_the_same(
    site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The service refuses to start with the first page: the pages are read back
    # from the site at the end, whole, where the build hands Pagefind only the
    # parts it reads (see search_index.searched_part).
    real = search_index._Session
    refusals = [1]

    def refusing() -> search_index._Session:
        if refusals[0]:
            refusals[0] -= 1
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real()

    monkeypatch.setattr(search_index, "_Session", refusing)
    config = write_project(
        tmp_path, standard_corpus(), config={"site_url": "https://kb.example.com/"}
    )
    again = build_site(config, strict=True)
    assert refusals == [0]
    assert bundle_files(again) == bundle_files(site)


def test_a_strict_build_fails_when_the_index_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class Refused:
        def __init__(self) -> None:
            raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(search_index, "_Session", Refused)
    config = write_project(tmp_path, standard_corpus())
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(config, strict=True)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(
        "search index: Pagefind could not run ([Errno 11]" in m and "has no search" in m
        for m in errors
    ), errors
    assert not (tmp_path / "site" / "pagefind").exists()


def test_pagefind_is_handed_only_the_part_of_a_postmortem_page_it_reads(site: BuiltSite) -> None:
    page = site.html("incidents/pm-2025-001/")
    part = searched_part(page, '<h2 id="action-items"')
    assert part.startswith('<html lang="en"') and part.endswith("</body></html>")
    assert len(part) < len(page) / 2
    assert part.count("data-pagefind-body") == page.count("data-pagefind-body") == 3
    assert "Checkout failed for half an hour" in part and "Action items" not in part
    # Without an end, to the end of the page; without the marks, the whole page.
    assert "Action items" in searched_part(page)
    assert searched_part("<html><p>plain</p></html>") == "<html><p>plain</p></html>"


REWORDING_HOOK = """
def on_post_page(output, page, config):
    return output.replace("Checkout failed for half an hour", "Checkout faltered for half an hour")
"""


def test_a_page_changed_after_search_read_its_content_is_indexed_as_finished(
    site: BuiltSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Pagefind reads each page's content while MkDocs renders the rest; a plugin
    # that changes a finished page makes the build index the pages it wrote.
    (tmp_path / "hooks.py").write_text(REWORDING_HOOK, encoding="utf-8")
    config = write_project(tmp_path, standard_corpus(), config={"hooks": ["hooks.py"]})
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        changed = build_site(config, strict=True)
    text = changed.search_pages()["incidents/pm-2025-001/"]["content"]
    assert "Checkout faltered for half an hour" in text
    assert "Checkout failed" not in text
    reports = [r.getMessage() for r in caplog.records if "search index:" in r.getMessage()]
    assert len(reports) == 1 and reports[0].endswith(
        ".md is not what search read of its content (a theme or another plugin changed it))"
    ), reports
    # Every other page is indexed as before.
    unchanged = site.search_pages()
    for url, page in changed.search_pages().items():
        if url != "incidents/pm-2025-001/":
            assert page["content"] == unchanged[url]["content"], url


def test_the_shipped_templates_let_search_read_each_page_before_it_is_finished(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What search reads of each page's content is what its finished page says: the
    # index is written beside the build, never made again from the written pages.
    monkeypatch.setattr(search_index, "available_cpus", lambda: 2)
    config = write_project(tmp_path, standard_corpus())
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build_site(config, strict=True)
    reports = [r.getMessage() for r in caplog.records if "search index:" in r.getMessage()]
    assert len(reports) == 1 and reports[0].endswith("(beside)"), reports


def test_pypis_pagefind_binary_indexes_the_same_pages_as_the_one_in_use(
    site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `make` hands Pagefind npm's newer binary where npm is present; without npm the
    # build falls back on the one from PyPI, which must give readers the same results.
    from pagefind_bin import get_executable

    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(get_executable()))
    config = write_project(
        tmp_path, standard_corpus(), config={"site_url": "https://kb.example.com/"}
    )
    other = build_site(config, strict=True)
    assert search_index.engine_version(other.site_dir) == version("pagefind-bin")
    assert other.search_pages() == site.search_pages()
    assert search_index.engine_version(site.site_dir) != "unknown"


def test_the_search_filters_file_holds_exactly_the_values_pagefind_filters_by(
    site: BuiltSite,
) -> None:
    # The search box fills its filters from this small file rather than from
    # Pagefind's filter index (every value's pages): they must offer the same values.
    offered = json.loads((site.site_dir / "incidents" / "filters.json").read_text("utf-8"))
    indexed = {}
    for path in (site.site_dir / "pagefind" / "filter").glob("*.pf_filter"):
        name, values = search_index._read_index_file(path)
        indexed[name] = sorted(value for value, _pages in values)
    assert set(indexed) == {"severity", "service", "team", "factor", "year"}
    for name, values in indexed.items():
        assert sorted(offered[name]) == values, name
    assert offered["year"] == sorted(offered["year"], reverse=True)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes in /proc")
@pytest.mark.parametrize("runs_it", ["as its child", "in its place"])
def test_a_build_through_a_wrapper_of_pagefind_ends_with_its_index_and_no_pagefind_left(
    tmp_path: Path, runs_it: str
) -> None:
    # Stopping the service used to signal the wrapper and wait for the pipes, which the
    # Pagefind it had started still held: the build wrote its site and never ended.
    wrapper, pids = pagefind_wrapper(tmp_path, runs_it=runs_it)
    corpus = standard_corpus()
    write_project(tmp_path, corpus)
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(wrapper), "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the build did not end")
    assert done.returncode == 0, done.stderr
    site = BuiltSite(tmp_path / "site")
    assert search_index.engine_version(site.site_dir) != "unknown"
    assert site.search("checkout") == ["incidents/pm-2025-001/"]
    started = [int(line) for line in pids.read_text().split()]
    assert started and not [pid for pid in started if running(pid)]
