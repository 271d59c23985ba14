"""The hostile corpus built into a real site: every file it writes is read back and checked.

The site is built once, leniently, with the project's own ``mkdocs.yml``
(see ``hostile_site.py``). Each test reads what was written (every HTML page
parsed, every JSON, CSV and XML file, every byte of every file) and looks for
what a payload would leave if it got through: an element or attribute from
the payload catalogue, an event handler, a script URL, a JSON block a value
closed early, a formula at the start of a CSV cell, a template evaluated, a
file read through a symbolic link.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from pmkb.loader import Record, load_corpus
from pmkb.taxonomy import load_taxonomy

from tests.site.dom import Element, parse
from tests.site.sitebuild import BuiltSite

from . import manifest
from . import payloads as P
from .hostile_site import SITE_URL, every_byte, write_hostile_project

#: Attributes whose value a browser follows or loads as a URL.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background", "cite",
    "xlink:href", "ping", "manifest", "codebase", "longdesc", "srcset",
}  # fmt: skip
#: Elements the site itself never writes; from a post-mortem they would load or run something.
FOREIGN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "math", "style",
    "marquee", "textarea", "noscript", "portal", "audio", "video",
}  # fmt: skip
#: The site's own inert data: each chart's figure, as JSON in a <template>.
DATA_TEMPLATES = {"pmkb-chart__spec"}
_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\u00a0\u200b-\u200f\u2028\u2029\ufeff]")


def html_pages(site: BuiltSite) -> Iterator[tuple[str, str]]:
    for path in site.files():
        if path.suffix == ".html":
            yield path.relative_to(site.site_dir).as_posix(), path.read_text(encoding="utf-8")


def injected(root: Element) -> list[str]:
    """What a payload left in a parsed document: each finding described, empty when none."""
    found = []
    for el in root.iter():
        where = f"<{el.tag}>"
        if (el.get("id") or "").lower().startswith("pwned-"):
            found.append(f"{where} with the injected id {el.get('id')}")
        if el.tag in FOREIGN_TAGS:
            found.append(f"{where} element")
        if el.tag == "template" and not el.classes & DATA_TEMPLATES:
            found.append(f"{where} element not written by the site")
        if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        for name, value in el.attrs.items():
            if name.startswith("on"):
                found.append(f"{where} event handler {name}={value[:60]}")
            if name == "srcdoc":
                found.append(f"{where} srcdoc")
            if name in URL_ATTRIBUTES and _UNSAFE_SCHEME.match(_IGNORED_IN_URL.sub("", value)):
                found.append(f"{where} {name}={value[:60]}")
            if name == "style" and not (
                el.tag in ("th", "td") and re.fullmatch(r"text-align:\s*\w+;?", value)
            ):
                found.append(f"{where} style={value[:60]}")
    return found


def scripts_of(root: Element) -> list[Element]:
    return [el for el in root.iter() if el.tag == "script"]


# --- every page ------------------------------------------------------------------------


def test_no_page_holds_an_injected_element_attribute_or_script_url(
    hostile_site: BuiltSite,
) -> None:
    pages = dict(html_pages(hostile_site))
    assert len(pages) > 50  # the whole site, not an empty folder
    findings = {url: injected(parse(html)) for url, html in pages.items()}
    assert {url: found for url, found in findings.items() if found} == {}


def test_every_script_is_the_themes_or_inert_json_that_parses(hostile_site: BuiltSite) -> None:
    json_blocks = 0
    for url, html in html_pages(hostile_site):
        for script in scripts_of(parse(html)):
            kind = script.get("type")
            if kind == "application/json":
                json.loads(script.text or "null")
                json_blocks += 1
            else:
                assert kind in (None, "text/javascript", "module"), (url, kind)
                src = script.get("src")
                if src is not None:
                    # Loaded from the site itself, never from a value.
                    assert not urlsplit(src).scheme and not src.startswith("//"), (url, src)
                assert "pwned" not in script.text, url
        # A value that closed its JSON block would leave the rest as HTML: count the
        # openings and closings in the raw text, which the parser cannot see past.
        assert html.count("<script") == html.count("</script>"), url
    assert json_blocks > 0


def test_every_data_template_holds_json_that_parses_and_no_markup(
    hostile_site: BuiltSite,
) -> None:
    """The charts' figures are JSON in a <template>: inert, closed once."""
    found = {name: 0 for name in DATA_TEMPLATES}
    for url, html in html_pages(hostile_site):
        for template in parse(html).find_all("template"):
            kind = (template.classes & DATA_TEMPLATES).pop()
            found[kind] += 1
            # Nothing in it is markup: no element, only text, which is JSON.
            assert [c for c in template.children if not isinstance(c, str)] == [], url
            data = json.loads(template.text)
            assert data, url
        # Values hold "<" and ">": written as \u003c and \u003e, they open nothing.
        for block in re.findall(r"<template[^>]*>(.*?)</template>", html, re.DOTALL):
            assert "<" not in block and ">" not in block, url
        assert html.count("<template") == html.count("</template>"), url
    assert found["pmkb-chart__spec"] > 10
    # The list's rows are a JSON file of their own, holding every hostile title as text.
    rows = json.loads(hostile_site.path("incidents/list.json").read_text(encoding="utf-8"))
    assert len(rows["rows"]) > 0 and all(isinstance(v, (str, int, list)) for v in rows["rows"])


def test_no_value_from_a_postmortem_is_written_unescaped(hostile_site: BuiltSite) -> None:
    # Values from frontmatter and the taxonomy go through the templates: any of
    # them holding markup characters found verbatim in a page was not escaped.
    # (Bodies are Markdown: their HTML is sanitised, which the checks above prove.)
    values = [
        p
        for p in P.PAYLOADS
        if p.field != "body"
        and p.threat in ("script", "element", "link", "template")
        and re.search("[<>\"']", p.text)
    ]
    assert len(values) > 30
    pages = dict(html_pages(hostile_site))
    leaks = [(p.name, url) for p in values for url, html in pages.items() if p.text in html]
    assert leaks == []


def test_no_template_evaluated_a_value(hostile_site: BuiltSite) -> None:
    # Evaluated, "pwned-t" ~ "pl-x" would read "pwned-tpl-x", which no input holds.
    assert [rel for rel, data in every_byte(hostile_site.site_dir) if b"pwned-tpl" in data] == []


def test_the_secret_behind_a_symbolic_link_appears_nowhere(hostile_site: BuiltSite) -> None:
    secret = manifest.OUTSIDE_SECRET.encode()
    files = list(every_byte(hostile_site.site_dir))
    assert any(rel.endswith(".gz (decompressed)") for rel, _ in files)
    assert [rel for rel, data in files if secret in data] == []


def test_nothing_the_loader_did_not_read_is_published(hostile_site: BuiltSite) -> None:
    site = hostile_site.site_dir
    published = {p.relative_to(site).as_posix() for p in site.rglob("*")}
    assert not any(rel.startswith("2027") for rel in published)
    assert not any("_drafts" in rel or "underscore-folder" in rel for rel in published)
    assert not any("linked-outside" in rel for rel in published)
    text = b"".join(data for _, data in every_byte(site))
    assert b"underscore-folder" not in text


def test_the_linked_file_is_named_in_the_error_notice_without_a_link(
    hostile_site: BuiltSite,
) -> None:
    notice = hostile_site.content("").one(cls="pmkb-banner--broken")
    item = next(li for li in notice.find_all("li") if "linked-outside" in li.text)
    assert item.find_all("a") == []


def test_a_broken_files_page_shows_its_path_and_problems_never_its_frontmatter(
    hostile_site: BuiltSite,
) -> None:
    shown = _broken_links(hostile_site)
    for rel in manifest.BROKEN:
        url = shown[rel]
        page = hostile_site.page(url)
        assert page.one("title").text == f"Errors: {rel} - Hostile corpus"
        banner = hostile_site.content(url).one(cls="pmkb-banner--broken")
        assert len(banner.find_all("li")) == len(manifest.BROKEN[rel])
    # The 900,000-character title is counted in the message, not shown.
    huge = hostile_site.path(shown["2025/2025-03-02-huge-single-line.md"])
    assert huge.stat().st_size < 100_000


# --- links ---------------------------------------------------------------------------------


def _inside_body(el: Element) -> bool:
    node = el.parent
    while node is not None:
        if "pmkb-body" in node.classes:
            return True
        node = node.parent
    return False


def test_every_link_the_site_writes_leads_to_a_file_of_the_site(hostile_site: BuiltSite) -> None:
    """Links built from ids, tags and file names (`#`, `%41`, `&`, `'`) are encoded right."""
    site = hostile_site.site_dir
    dead = []
    checked = 0
    for url, html in html_pages(hostile_site):
        if url == "404.html":
            continue  # written for any depth, with links from the site's root
        for a in parse(html).find_all("a"):
            href = a.get("href")
            if href is None or _inside_body(a):
                continue
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = unquote(urlsplit(urljoin("/" + url, parts.path)).path).lstrip("/")
            path = site / target
            if target == "" or target.endswith("/"):
                path = path / "index.html"
            checked += 1
            if not path.is_file():
                dead.append((url, href))
    assert checked > 1000
    assert dead == []


def _broken_links(site: BuiltSite) -> dict[str, str]:
    """Where the home page's notice sends a reader for each broken file: {rel path: URL}."""
    notice = site.content("").one(cls="pmkb-banner--broken")
    return {
        a.text.split("/", 1)[1]: unquote(a.get("href") or "")
        for a in notice.find_all("a")
        if "/" in a.text
    }


def test_a_file_name_with_url_characters_gets_an_encoded_link(hostile_site: BuiltSite) -> None:
    name = "2025-02-18-hash#percent%41&amp'quote"
    notice = hostile_site.content("").one(cls="pmkb-banner--broken")
    link = next(a for a in notice.find_all("a") if "hash" in a.text)
    # A broken file whose id can be read is shown at its id's URL; one whose id
    # cannot is at its file's URL, encoded.
    href = link.get("href") or ""
    assert hostile_site.path(unquote(href)).is_file()
    if href.startswith("2025/"):
        assert href == "2025/2025-02-18-hash%23percent%2541%26amp%27quote/"
        assert (hostile_site.site_dir / "2025" / name / "index.html").is_file()
    else:
        assert href.startswith("incidents/pm-") and "%" not in href


def test_every_href_has_a_harmless_scheme(hostile_site: BuiltSite) -> None:
    schemes = set()
    for _, html in html_pages(hostile_site):
        for el in parse(html).iter():
            href = el.get("href")
            if href is not None:
                schemes.add(urlsplit(_IGNORED_IN_URL.sub("", href)).scheme.lower())
    assert schemes <= {"", "http", "https", "mailto"}


# --- tracker links -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records(hostile_site: BuiltSite) -> list[Record]:
    docs = hostile_site.site_dir.parent / "docs"
    taxonomy, _ = load_taxonomy(docs / "taxonomy.yml")
    return load_corpus(docs, taxonomy).records


def _http(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def test_a_tracker_is_a_link_exactly_when_it_is_http(
    hostile_site: BuiltSite, records: list[Record]
) -> None:
    seen = 0
    for record in records:
        content = hostile_site.content(f"incidents/{record.meta.id.lower()}/")
        for item in record.meta.action_items:
            if item.tracker is None:
                continue
            row = content.one("tr", id=item.id.lower())
            anchors = row.find_all("td")[-1].find_all("a")
            expected = [item.tracker] if _http(item.tracker) else []
            assert [a.get("href") for a in anchors] == expected, (record.meta.id, item.id)
            seen += 1
    assert seen >= 3  # the three payload trackers, at least


# --- other files ---------------------------------------------------------------------------


def test_search_holds_the_payloads_as_the_text_that_was_written(
    hostile_site: BuiltSite, records: list[Record]
) -> None:
    # Pagefind keeps each page's text, entities decoded: a payload in a title is
    # the title's text, which the search box writes as text (the browser tests
    # search for the payloads and find nothing run). Every indexed title is the
    # title its post-mortem was written with.
    pages = hostile_site.search_pages()
    assert any("pwned" in p["content"] for p in pages.values())  # the payloads are indexed
    written = {f"incidents/{r.meta.id.lower()}/": r.meta.title for r in records}
    indexed = {url: p["meta"]["title"] for url, p in pages.items() if url.startswith("incidents/")}
    assert indexed == {url: title for url, title in written.items() if url in indexed}
    assert len(indexed) > len(written) / 2
    assert any("<" in title for title in indexed.values())


def test_every_json_and_xml_file_parses_and_the_sitemap_lists_real_pages(
    hostile_site: BuiltSite,
) -> None:
    site = hostile_site.site_dir
    for rel, data in every_byte(site):
        if rel.endswith(".json"):
            json.loads(data)
        elif rel.endswith((".xml", ".xml.gz (decompressed)")):
            tree = ET.fromstring(data)
            if "sitemap" in rel:
                locs = [el.text or "" for el in tree.iter() if el.tag.endswith("loc")]
                assert locs
                for loc in locs:
                    assert loc.startswith(SITE_URL)
                    target = site / unquote(loc[len(SITE_URL) :])
                    assert (target / "index.html").is_file() or target.is_file(), loc


def formula_cells(text: str) -> list[str]:
    return [
        cell
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if cell.startswith(P.FORMULA_PREFIXES)
    ]


def test_the_formula_check_finds_a_formula() -> None:
    assert formula_cells('id,title\nPM-2025-001,"=HYPERLINK(""x"")"\n') == ['=HYPERLINK("x")']
    assert formula_cells("id,title\nPM-2025-001,'=1+1\n") == []


def test_no_csv_cell_starts_a_formula(hostile_site: BuiltSite) -> None:
    cells: set[str] = set()
    for rel, data in every_byte(hostile_site.site_dir):
        if rel.endswith(".csv"):
            text = data.decode("utf-8")
            assert formula_cells(text) == [], rel
            cells |= {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    # The exports hold the formulas, defused by a leading apostrophe, as text.
    formulas = [
        p for p in P.PAYLOADS if p.file == P.FORMULAS and p.field in ("title", "root_cause")
    ]
    assert formulas
    for payload in formulas:
        assert "'" + payload.text in cells, payload.name


# --- pages that keep what they should ---------------------------------------------------


def test_harmless_markup_of_a_body_is_kept(hostile_site: BuiltSite, records: list[Record]) -> None:
    record = next(r for r in records if r.rel_path == P.KEPT_FILE)
    body = hostile_site.content(f"incidents/{record.meta.id.lower()}/").one(cls="pmkb-body")
    details = body.find_all("details")
    assert any("KEPT-DETAILS" in d.text for d in details)
    assert any(s.text == "KEPT-SUMMARY" for d in details for s in d.find_all("summary"))
    assert any("KEPT-KBD" in k.text for k in body.find_all("kbd"))


def test_values_read_as_written(hostile_site: BuiltSite, records: list[Record]) -> None:
    for record in records:
        content = hostile_site.content(f"incidents/{record.meta.id.lower()}/")
        assert content.one("h1").text == " ".join(f"{record.meta.id}: {record.meta.title}".split())


# --- the Markdown the renderer cannot handle ---------------------------------------------


def test_a_body_too_deep_to_render_shows_as_text_under_a_banner(
    hostile_site: BuiltSite, records: list[Record]
) -> None:
    record = next(r for r in records if r.rel_path == P.RENDERER)
    text = (manifest.CORPUS / P.RENDERER).read_text(encoding="utf-8")
    lines = text.splitlines()
    emphasis = next(i for i, line in enumerate(lines, 1) if line.startswith("*" * 100))
    nested = next(i for i, line in enumerate(lines, 1) if line == "- level")
    content = hostile_site.content(f"incidents/{record.meta.id.lower()}/")
    banner = content.one(cls="pmkb-banner--unrendered")
    shown = [li.text for li in banner.find_all("li")]
    brackets = next(i for i, line in enumerate(lines, 1) if line.startswith("[" * 100))
    found = [re.match(r".*?:(\d+): (error|warning) ([\w.-]+)", s).groups() for s in shown]
    assert found == [
        (str(emphasis), "error", "body.too-deep"),
        (str(nested), "error", "body.too-deep"),
        (str(brackets), "warning", "body.unclosed-brackets"),
    ]
    assert all(P.RENDERER in s for s in shown)
    body = content.one(cls="pmkb-body")
    blocks = body.find_all("pre", cls="pmkb-unrendered")
    assert [b.text[:10] for b in blocks] == ["*" * 10, "- level - ", "[" * 10]
    # The rest of the body rendered as usual.
    headings = [h.text.rstrip("¶").strip() for h in body.find_all("h2")]
    assert headings[-2:] == ["What Went Wrong", "Lessons Learned"]
    assert "[[[[" in body.text


def _mkdocs(config_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), *args],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"},
        check=False,
        timeout=900,
    )


def test_strict_build_fails_with_path_line_messages_and_no_traceback(tmp_path: Path) -> None:
    config_file = write_hostile_project(tmp_path)
    result = _mkdocs(config_file, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "Aborted with" in output and "in strict mode" in output
    plugin_lines = [
        line.split("pmkb_mkdocs: ", 1)[1]
        for line in output.splitlines()
        if line.startswith("WARNING") and "pmkb_mkdocs: " in line
    ]
    reported = set()
    for line in plugin_lines:
        match = re.match(r"(docs/\S.*?):(\d+): (error|warning) ([\w.-]+)", line)
        assert match, line
        reported.add((match.group(1)[len("docs/") :], int(match.group(2)), match.group(4)))
    expected = {
        (rel, line, rule) for rel, errors in manifest.BROKEN.items() for rule, line in errors
    }
    assert expected <= reported
    assert {rule for _, _, rule in reported} >= {"body.too-deep", "file.symlink"}
