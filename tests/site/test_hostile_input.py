"""Every value from a post-mortem is escaped where written; bodies keep harmless markup only."""

from __future__ import annotations

import json

import pytest

from tests.site.dom import Element, parse
from tests.site.sitebuild import BuiltSite, action_item, build_site, report, write_project

TITLE = 'Outage </script><script>alert("title")</script> & "quotes"'
BODY = """\
## Summary

<script>alert("body")</script>
<img src="https://evil.example.com/pixel.png" onerror="alert('img')">
<img src="diagram.png" alt="local diagram">
[click me](javascript:alert('link'))
[the runbook](https://runbooks.example.com/pool)

<div onclick="alert('div')" style="position:fixed">styled</div>

<iframe src="https://evil.example.com/frame"></iframe>

<details><summary>Raw log</summary><kbd>Ctrl</kbd>+<kbd>C</kbd></details>

## Impact <img src="x" onerror="alert('heading')">

| Metric | Value |
|:--|--:|
| errors | 40 |
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    text = report(
        "PM-2025-001",
        TITLE,
        "2025-02-09T10:00:00Z",
        authors=["<img src=x onerror=alert('author')>"],
        root_cause="</p><script>alert('cause')</script>",
        impact={"summary": "<b onmouseover=\"alert('impact')\">bold</b>"},
        third_party={"vendor": '"><svg onload=alert("vendor")>', "expectation": "violated"},
        action_items=[
            action_item(
                "AI-001",
                "<a href=\"javascript:alert('action')\">Fix</a> it",
                "2025-03-01",
                owner="<script>alert('owner')</script>",
            )
        ],
        body=BODY,
    )
    other = report("PM-2025-002", "A neighbour", "2025-03-01T10:00:00Z", related=["PM-2025-001"])
    folder = tmp_path_factory.mktemp("hostile")
    files = {"2025/2025-02-09-outage.md": text, "2025/2025-03-01-neighbour.md": other}
    return build_site(write_project(folder, files), strict=True)


def scripts_and_handlers(root: Element) -> list[str]:
    found = []
    for el in root.iter():
        if el.tag in ("script", "iframe", "svg", "object", "embed"):
            found.append(f"<{el.tag}>")
        found += [f"{el.tag}[{name}]" for name in el.attrs if name.startswith("on")]
        found += [
            f"{el.tag}[style]"
            for name in el.attrs
            if name == "style" and el.tag not in ("th", "td")
        ]
        href = (el.get("href") or "").strip().lower()
        if href.startswith(("javascript:", "data:", "vbscript:")):
            found.append(f"{el.tag}[href={href}]")
    return found


@pytest.mark.parametrize(
    "url",
    ["incidents/pm-2025-001/", "incidents/pm-2025-002/", "incidents/", "", "services/api-service/"],
)
def test_no_script_handler_or_script_url_reaches_a_page(hostile_site: BuiltSite, url: str) -> None:
    content = hostile_site.content(url)
    found = scripts_and_handlers(content)
    assert found == []
    if url == "incidents/":
        # The list's data is a JSON file the script fetches, never a script in the page.
        assert content.one(cls="pmkb-list").get("data-list-src") == "../incidents/list.json"


def test_values_are_shown_as_text_exactly_as_written(hostile_site: BuiltSite) -> None:
    page = hostile_site.page("incidents/pm-2025-001/")
    assert page.one("title").text == f"PM-2025-001: {TITLE} - Test knowledge base"
    content = hostile_site.content("incidents/pm-2025-001/")
    assert content.one("h1").text == f"PM-2025-001: {TITLE}"
    assert (
        content.one(cls="pmkb-root-cause").text == "Root cause: </p><script>alert('cause')</script>"
    )
    assert content.one(cls="pmkb-authors").text == "Written by <img src=x onerror=alert('author')>."
    row = content.one(cls="pmkb-action-items").one("tbody").one("tr")
    cells = [td.text for td in row.find_all("td")]
    assert cells[1] == "<a href=\"javascript:alert('action')\">Fix</a> it"
    assert cells[2] == "<script>alert('owner')</script>"
    description = next(m for m in page.find_all("meta") if m.get("name") == "description")
    assert description.get("content") == "</p><script>alert('cause')</script>"


def test_harmless_markup_of_the_body_is_kept(hostile_site: BuiltSite) -> None:
    body = hostile_site.content("incidents/pm-2025-001/").one(cls="pmkb-body")
    assert body.one("summary").text == "Raw log"
    assert [k.text for k in body.find_all("kbd")] == ["Ctrl", "C"]
    assert body.one("a", href="https://runbooks.example.com/pool").text == "the runbook"
    assert body.one("img", alt="local diagram").get("src") == "diagram.png"
    # The remote image lost its source: the page loads nothing from elsewhere.
    assert [
        img.get("src") for img in body.find_all("img") if (img.get("src") or "").startswith("http")
    ] == []
    assert [th.get("style") for th in body.find_all("th")] == [
        "text-align:left",
        "text-align:right",
    ]
    styled = next(d for d in body.find_all("div") if d.text == "styled")
    assert styled.attrs == {}


def test_table_of_contents_titles_are_sanitised(hostile_site: BuiltSite) -> None:
    toc = hostile_site.page("incidents/pm-2025-001/").one("nav", cls="md-nav--secondary")
    assert [a.text for a in toc.find_all("a", cls="md-nav__link")] == [
        "Summary",
        "Impact",
        "Action items",
        "Related incidents",
    ]
    assert toc.find_all("img") == []


def test_list_data_round_trips_a_hostile_title(hostile_site: BuiltSite) -> None:
    rows = json.loads(hostile_site.path("incidents/list.json").read_text(encoding="utf-8"))["rows"]
    assert TITLE in rows


def test_search_title_reads_back_as_the_written_title(hostile_site: BuiltSite) -> None:
    meta = hostile_site.search_pages()["incidents/pm-2025-001/"]["meta"]
    # Pagefind keeps the page's text, entities decoded: the title as it was
    # written, which the search box writes as text (see search.js).
    assert meta["title"] == TITLE and meta["id"] == "PM-2025-001"
    # It was escaped on the page that Pagefind read.
    page = hostile_site.html("incidents/pm-2025-001/")
    assert "<script>alert(" not in page and "&lt;script&gt;alert(&#34;title&#34;)" in page


def test_related_titles_are_escaped(hostile_site: BuiltSite) -> None:
    related = hostile_site.content("incidents/pm-2025-002/").one(cls="pmkb-related")
    assert related.one(cls="pmkb-related__title").text == TITLE
    assert scripts_and_handlers(related) == []


def test_nothing_hostile_in_any_file_of_the_site(hostile_site: BuiltSite) -> None:
    for path in hostile_site.files():
        if path.suffix != ".html":
            continue
        root = parse(path.read_text(encoding="utf-8"))
        bad = [f for f in scripts_and_handlers(root) if f not in ("<script>", "<svg>")]
        assert bad == [], path
        # Inline scripts are the theme's own.
        for script in root.find_all("script"):
            assert "alert(" not in script.text, path


def test_a_tracker_link_is_only_written_for_http_urls() -> None:
    from pmkb_mkdocs.sanitize import is_http_url

    assert is_http_url("https://tracker.example.com/browse/PAY-1")
    assert is_http_url("http://tracker.example.com/x")
    assert not is_http_url("javascript:alert(1)")
    assert not is_http_url("ftp://tracker.example.com/x")
    assert not is_http_url("https:///no-host")
    assert not is_http_url("http://[unclosed")
    assert not is_http_url(None)
