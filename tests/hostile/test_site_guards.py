"""The plugin's guards against hostile input, one function at a time, with hand-made inputs."""

from __future__ import annotations

import doctest
import html as html_module
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.htmlparser import HTMLExtractor
from mkdocs.exceptions import Abort
from pmkb_mkdocs import hidden_links, render_guard, sanitize
from pmkb_mkdocs.hidden_links import HiddenTargets, unlink_hidden
from pmkb_mkdocs.render_guard import Block, split_blocks, unrenderable_blocks, with_blocks_as_text
from pmkb_mkdocs.unvetted import unvetted

from tests.site.dom import Element
from tests.site.sitebuild import build_site, standard_corpus, write_project


@pytest.mark.parametrize("module", [render_guard, hidden_links])
def test_docstring_examples(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def _guarded(text: str) -> tuple[str, render_guard.Unrendered | None]:
    """``text`` converted as a page of the site is, with the guard among its extensions."""
    extensions: list[object] = ["toc", "tables", "admonition", "md_in_html", "pymdownx.superfences"]
    guard = render_guard.RenderGuard(extensions, {})
    html = markdown.Markdown(extensions=[*extensions, guard]).convert(text)  # type: ignore[list-item]
    return html, guard.take(text)


class _TooDeep(Extension):
    """Makes the renderer fail on any block holding :data:`TOO_DEEP` as it fails on Markdown
    nested past the interpreter's recursion limit: which nesting does so depends on the
    Markdown release (3.11.4 stopped nesting lists short of the limit), the guard's
    recovery must not. Raised while the parser is inside the block's own nesting (a list
    item, a quote), where a real failure leaves its state stack deep."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(_FailsDeep(md.parser), "test_too_deep", 95)


TOO_DEEP = "NESTED-PAST-THE-LIMIT"


class _FailsDeep(BlockProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith(TOO_DEEP)

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        raise RecursionError("maximum recursion depth exceeded")


def _guarded_failing(text: str) -> tuple[str, render_guard.Unrendered | None]:
    """``text`` converted as :func:`_guarded` does, with :class:`_TooDeep` among the extensions."""
    extensions: list[object] = ["toc", "tables", "admonition", "md_in_html", _TooDeep()]
    guard = render_guard.RenderGuard(extensions, {})
    html = markdown.Markdown(extensions=[*extensions, guard]).convert(text)  # type: ignore[list-item]
    return html, guard.take(text)


@pytest.mark.parametrize(
    "nested",
    [f"{TOO_DEEP} x", f"- - - {TOO_DEEP} x", f"> > {TOO_DEEP} x", f"1. - > {TOO_DEEP} x"],
    ids=["top-level", "in-a-list", "in-a-quote", "mixed"],
)
def test_a_block_the_renderer_fails_on_is_shown_as_text_on_its_line(nested: str) -> None:
    text = f"## Summary\n\nFine *text*.\n\n{nested}\n\nAfter."
    html, found = _guarded_failing(text)
    assert found is not None and found.too_deep == [4] and found.slow == []
    assert "<em>text</em>" in html and "<p>After.</p>" in html
    assert html.count(f'<pre class="{render_guard.UNRENDERED_CLASS}">') == 1
    assert f"{TOO_DEEP} x</pre>" in html


@pytest.mark.parametrize(
    "nested",
    [
        "- " * 600 + "x",
        "1. " * 600 + "x",
        "* " * 600 + "x",
        "+ " * 600 + "x",
        "*" * 2000 + "x" + "*" * 2000,
        "\n".join("    " * level + "- level" for level in range(400)),
    ],
    ids=["dashes", "numbers", "stars", "pluses", "emphasis", "indented"],
)
def test_markdown_nested_hundreds_deep_renders_or_is_shown_as_text_on_its_line(
    nested: str,
) -> None:
    # Whether the renderer copes with such nesting depends on its release; either way
    # the page renders, and a block it cannot render is shown as text and reported.
    text = f"## Summary\n\nFine *text*.\n\n{nested}\n\nAfter."
    html, found = _guarded(text)
    assert "<em>text</em>" in html and "<p>After.</p>" in html
    shown = html.count(f'<pre class="{render_guard.UNRENDERED_CLASS}">')
    if found is None:
        assert shown == 0 and "x" in html.replace("Fine", "")
    else:
        assert found.too_deep == [4] and found.slow == [] and shown == 1


@pytest.mark.parametrize(
    "nested",
    ["> " * 1000 + "x", "> - " * 400 + "x", "- > " * 400 + "x", "[" * 3000 + "x" + "](y)" * 3000],
    ids=["quotes", "quoted-lists", "lists-of-quotes", "links"],
)
def test_whatever_a_page_nests_its_conversion_never_raises(nested: str) -> None:
    html, _ = _guarded(f"Before.\n\n{nested}\n\nAfter.")
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


def test_a_pasted_log_leaving_brackets_open_is_shown_as_text_at_once() -> None:
    log = "\n".join(f'10:05:{n:02} ERROR payload=[{{"id":{n},"items":[1,2' for n in range(1500))
    text = f"## Summary\n\nSee [the runbook](rb.md).\n\n{log}\n\nAfter [a link](x.md)."
    started = time.perf_counter()
    html, found = _guarded(text)
    assert time.perf_counter() - started < 5  # minutes without the guard
    assert found is not None and found.too_deep == []
    assert [(line, slow.brackets, slow.unclosed) for line, slow in found.slow] == [(4, 3000, 3000)]
    assert '<a href="rb.md">the runbook</a>' in html and '<a href="x.md">a link</a>' in html
    shown = html.split(f'<pre class="{render_guard.UNRENDERED_CLASS}">', 1)[1].split("</pre>")[0]
    assert shown.splitlines()[1] == '10:05:01 ERROR payload=[{"id":1,"items":[1,2'


def test_a_fenced_log_and_ordinary_brackets_render_as_written() -> None:
    log = "\n".join(f"10:05:{n:02} ERROR payload=[" for n in range(1500))
    text = f"```\n{log}\n```\n\nA [link](x.md), [a note] and a typo [ here."
    html, found = _guarded(text)
    assert found is None
    assert "<code>10:05:00 ERROR payload=[" in html and '<a href="x.md">link</a>' in html


def test_each_block_too_slow_is_found_at_its_line() -> None:
    blocks = ["- item\n- " + "[" * 50, "| a | b |\n|---|---|\n| x | " + "[" * 50 + " |", "[" * 50]
    text = "\n\n".join(["Intro.", *blocks, "[" * 50])
    _, found = _guarded(text)
    assert found is not None
    assert [line for line, _ in found.slow] == [3, 7, 9, 11]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["[", "]", "x", " ", "\n", "\n\n", "- ", "> ", "`", "[x](y)", "![", "\t"]),
        max_size=300,
    )
)
def test_no_text_makes_a_guarded_conversion_raise(parts: list[str]) -> None:
    _guarded("".join(parts) * 20)


def test_every_way_of_linking_a_hidden_postmortem_keeps_only_the_text() -> None:
    hidden = HiddenTargets(frozenset({"2023/2023-05-01-payroll.md"}), frozenset({"pm-2023-004"}))
    page = "2025/2025-02-10-checkout.md"
    links = [
        '<a href="../pmkb-hidden/3.html">one</a>',
        "<A HREF='../2023/2023-05-01-payroll.md#summary' class=x>two</A>",
        "<a href=../2023/2023-05-01-payroll.md>three</a>",
        '<a href="&#46;&#46;/2023/2023-05-01-payroll%2Emd">four</a>',
        '<a title="t" href="../../incidents/pm-2023-004/"><em>five</em></a>',
        '<a href="../pm-2023-004.html">six</a>',
    ]
    assert unlink_hidden(" ".join(links), page, hidden) == "one two three four <em>five</em> six"
    kept = [
        '<a href="../pm-2023-005/">visible</a>',
        '<a href="https://example.com/pm-2023-004/">elsewhere</a>',
        '<a href="2023-05-01-payroll.md">same name, other folder</a>',
        "<abbr title='pm-2023-004'>abbr</abbr>",
    ]
    assert unlink_hidden(" ".join(kept), page, hidden) == " ".join(kept)


def test_blocks_keep_their_line_numbers() -> None:
    text = "\n## Summary\n\nline one\nline two\n\n\n- a\n    - b\n"
    assert split_blocks(text) == [
        Block(1, "## Summary"),
        Block(3, "line one\nline two"),
        Block(7, "- a\n    - b"),
    ]


def test_only_the_blocks_too_deep_to_render_are_found_and_shown_as_text() -> None:
    deep_list = "\n".join("    " * level + "- level" for level in range(3)) + f" {TOO_DEEP}"
    deep_list += "\n" + "    " * 3 + f"- {TOO_DEEP}"
    quoted = f"> > {TOO_DEEP}"
    # The list first: a Markdown that failed once misreads the next block.
    text = f"## Summary\n\nFine *text*.\n\n{deep_list}\n\n- a list that renders\n\n{quoted}\n\nAfter <b>."

    def new_markdown() -> markdown.Markdown:
        return markdown.Markdown(extensions=["toc", _TooDeep()])

    with pytest.raises(RecursionError):
        new_markdown().convert(text)
    bad = unrenderable_blocks(text, new_markdown)
    assert [b.line for b in bad] == [4, 11]
    shown = with_blocks_as_text(text, bad)
    html = new_markdown().convert(shown)
    assert '<h2 id="summary">Summary</h2>' in html and "<em>text</em>" in html
    assert html.count('<pre class="pmkb-unrendered">') == 2
    assert "<li>a list that renders</li>" in html
    assert "After <b>." in html  # the rest renders as before; the sanitizer runs later
    assert "- level\n    - level" in html


def test_a_block_shown_as_text_cannot_close_its_pre() -> None:
    shown = render_guard.as_text("</pre><script>alert(1)</script>")
    assert shown == (
        '<pre class="pmkb-unrendered">&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;</pre>'
    )


def test_ids_survive_on_headings_only_and_never_the_themes() -> None:
    html = (
        '<h2 id="timeline">Timeline</h2><b id="pwned-x">bold</b>'
        '<h3 id="__config">Config</h3><p id="note">p</p>'
    )
    assert sanitize.clean_html(html) == (
        '<h2 id="timeline">Timeline</h2><b>bold</b><h3>Config</h3><p>p</p>'
    )


@pytest.mark.parametrize(
    "heading",
    [
        "<H3 ID='__config'>x</H3>",
        "<h3 id=__config>x</h3>",
        '<h3 id="&#95;_config">x</h3>',
        '<h3 id="&#x5f;&#x5F;config">x</h3>',
        '<h3 id="&lowbar;_config">x</h3>',
        '<h3\nid = "__config" >x</h3>',
    ],
)
def test_a_themes_id_is_dropped_however_it_is_written(heading: str) -> None:
    assert sanitize.clean_html(heading) == "<h3>x</h3>"


@pytest.mark.parametrize(
    "image",
    [
        '<IMG SRC="https://evil.example.com/p.png" alt="a">',
        '<img src="//evil.example.com/p.png" alt="a">',
        '<img src=" https://evil.example.com/p.png" alt="a">',
        '<img src="&#104;ttps://evil.example.com/p.png" alt="a">',
        '<p>Text <img alt="a" src=https://evil.example.com/p.png></p>',
    ],
)
def test_an_image_from_another_host_loses_its_source_however_it_is_written(image: str) -> None:
    cleaned = sanitize.clean_html(image)
    assert "<img" in cleaned and 'alt="a"' in cleaned and "evil" not in cleaned


def test_level_one_headings_become_level_two() -> None:
    assert sanitize.demote_h1('<h1 id="x">A</h1><h10>') == '<h2 id="x">A</h2><h10>'
    assert sanitize.demote_h1("<p>&lt;h1&gt;</p>") == "<p>&lt;h1&gt;</p>"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    outside = tmp_path / "outside"
    (outside / "year").mkdir(parents=True)
    (outside / "secret.md").write_text("secret", encoding="utf-8")
    (outside / "year" / "2027-01-01-x.md").write_text("secret", encoding="utf-8")
    (docs / "2025" / "_drafts").mkdir(parents=True)
    (docs / "pages").mkdir()
    for rel in ("2025/2025-01-01-a.md", "2025/_drafts/2025-01-02-b.md", "2025/x.markdown",
                "2025/diagram.png", "2025/diagram.svg", "2025/notes.html", "about.md",
                "pages/faq.md", "pages/figure.svg", "2025-01-05-misplaced.md",
                "pages/2025-01-06-misplaced.md"):  # fmt: skip
        (docs / rel).write_text("text", encoding="utf-8")
    try:
        os.symlink(outside / "secret.md", docs / "2025" / "2025-01-03-linked.md")
        os.symlink(outside / "year", docs / "2027")
        os.symlink(outside, docs / "pages" / "linked")
    except (OSError, NotImplementedError):
        pytest.skip("no symbolic links on this system")
    return docs


def test_unvetted_files_are_those_the_loader_did_not_read(docs: Path) -> None:
    files = [
        ("2025/2025-01-01-a.md", True),
        ("2025/_drafts/2025-01-02-b.md", True),
        ("2025/x.markdown", True),
        ("2025/diagram.png", False),
        ("2025/diagram.svg", False),
        ("2025/notes.html", False),
        ("pages/figure.svg", False),
        ("2025/2025-01-03-linked.md", True),
        ("2027/2027-01-01-x.md", True),
        ("about.md", True),
        ("pages/faq.md", True),
        ("2025-01-05-misplaced.md", True),
        ("pages/2025-01-06-misplaced.md", True),
        ("pages/linked/secret.md", True),
        ("pages/linked/year/2027-01-01-x.md", True),
    ]
    read = {"2025/2025-01-01-a.md", "2025/2025-01-03-linked.md"}
    assert unvetted(files, str(docs), read) == [
        "2025/_drafts/2025-01-02-b.md",
        "2025/x.markdown",
        # Attachments beside post-mortems that would run code when opened.
        "2025/diagram.svg",
        "2025/notes.html",
        "2025/2025-01-03-linked.md",
        "2027/2027-01-01-x.md",
        "2025-01-05-misplaced.md",
        "pages/2025-01-06-misplaced.md",
        "pages/linked/secret.md",
        "pages/linked/year/2027-01-01-x.md",
    ]


def test_a_misplaced_postmortem_is_left_out_and_never_parsed_by_mkdocs(tmp_path: Path) -> None:
    """Outside a year folder, a post-mortem is reported as misplaced and not published.

    Published, MkDocs would parse its frontmatter itself: this one's 300,000
    nested lists crash the interpreter inside libyaml. The build runs in its
    own process so that a crash fails this test instead of ending the run.
    """
    from tests.hostile import manifest
    from tests.site.sitebuild import report, write_project

    nested = manifest.GENERATED["2025/2025-03-03-deep-nesting-crash.md"]()
    config = write_project(
        tmp_path,
        {"2025/2025-02-09-a.md": report("PM-2025-001", "A valid one", "2025-02-09T10:00:00Z")},
    )
    (tmp_path / "docs" / "2025-03-03-deep-nesting-crash.md").write_bytes(nested)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "docs/2025-03-03-deep-nesting-crash.md:1: error file.location" in result.stderr
    site = tmp_path / "site"
    assert (site / "incidents" / "pm-2025-001" / "index.html").is_file()
    assert not (site / "2025-03-03-deep-nesting-crash").exists()


def test_only_safe_attachments_are_published_beside_postmortems(tmp_path: Path) -> None:
    """A picture beside a post-mortem is published; an SVG, which can carry a script, is not."""
    files = dict(standard_corpus())
    files["2025/timeline.png"] = "not really a png"
    files["2025/diagram.svg"] = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    config = write_project(tmp_path, files)
    site = build_site(config)
    assert site.exists("2025/timeline.png")
    assert not site.exists("2025/diagram.svg")
    assert not any(p.suffix == ".svg" and "diagram" in p.name for p in site.files())
    with pytest.raises(Abort):
        build_site(config, strict=True, site_dir=tmp_path / "strict")


# --- raw HTML the renderer's HTML reader would read for minutes ---------------------------


def _reader_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Where the renderer's HTML reader reads a start tag, as it converts."""
    calls: list[int] = []
    reader = HTMLExtractor
    read = reader.parse_starttag

    def counted(self: object, i: int) -> int:
        calls.append(i)
        return read(self, i)

    monkeypatch.setattr(reader, "parse_starttag", counted)
    return calls


@pytest.mark.parametrize(
    "pasted",
    [
        "<a " * 3000,
        "\n".join(f"10:05:{n % 60:02} GET /items <div class=row data-id={n}" for n in range(1000)),
        "\n".join(["if a <b then"] * 1000),
        "\n".join(["</span"] * 2000),
        "\n".join(["<?xml"] * 2000),
        "<a title='>' " * 1000,
        "<a x= " * 2000,
    ],
    ids=["anchors", "log-of-divs", "comparisons", "end-tags", "instructions", "quoted", "equals"],
)
def test_a_block_leaving_html_tags_open_is_shown_as_written(
    pasted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _reader_calls(monkeypatch)
    text = f"## Summary\n\nSee <kbd>Ctrl</kbd>.\n\n{pasted}\n\nAfter [a link](x.md)."
    html, found = _guarded(text)
    assert found is not None and found.too_deep == [] and found.slow == []
    assert [(line, block.text) for line, block in found.slow_markup] == [(4, pasted)]
    # The reader read the page's own tag, never the block.
    assert len(calls) == 1
    assert "<kbd>Ctrl</kbd>" in html and '<a href="x.md">a link</a>' in html
    shown = html.split(f'<pre class="{render_guard.UNRENDERED_CLASS}">', 1)[1].split("</pre>")[0]
    assert html_module.unescape(shown) == pasted


def test_blocks_each_leaving_a_tag_open_are_each_shown_at_their_line() -> None:
    text = "Intro.\n\n" + "\n\n".join(f"step {n} <b" for n in range(2000)) + "\n\nAfter."
    html, found = _guarded(text)
    assert found is not None
    lines = [line for line, _ in found.slow_markup]
    assert lines[:3] == [2, 4, 6] and lines == sorted(lines)
    assert "<p>Intro.</p>" in html and "<p>After.</p>" in html
    assert "step 0 &lt;b</pre>" in html


@pytest.mark.parametrize(
    "page",
    [
        "<details><summary>Why</summary>\n\nThe <kbd>pool</kbd> ran dry.\n\n</details>\n\na < b, c <d>",
        '<div markdown="1">\n\n*kept*\n\n</div>\n\n<!-- a note -->\n\n<span title="x">y</span>',
        "```html\n" + "<a " * 3000 + "\n```\n\nThen <b>bold</b>.",
        "    <a href=x>link</a> <div class=y>\n\nA paragraph with one <b left open.",
    ],
    ids=["details", "md-in-html", "fenced-page", "indented"],
)
def test_a_page_whose_html_closes_converts_as_without_the_guard(page: str) -> None:
    extensions: list[object] = ["toc", "tables", "admonition", "md_in_html", "pymdownx.superfences"]
    plain = markdown.Markdown(extensions=extensions).convert(page)  # type: ignore[arg-type]
    html, found = _guarded(page)
    assert found is None and html == plain


def _pasted_page(
    tmp_path: Path, title: str, pasted: str, lessons: str = "Fence it."
) -> tuple[Element, list[str], int, Path]:
    """A site built with a post-mortem whose Summary holds ``pasted``: its page's
    content, the lines of its banner, the 1-based line of ``pasted`` in the file,
    and the site's config."""
    from tests.site.sitebuild import report

    body = f"## Summary\n\nIt went:\n\n{pasted}\n\n## Lessons Learned\n\n{lessons}"
    files = {
        "2025/2025-02-09-a.md": report("PM-2025-001", title, "2025-02-09T10:00:00Z", body=body)
    }
    config = write_project(tmp_path, files)
    content = build_site(config).content("incidents/pm-2025-001/")
    shown = [li.text for li in content.one(cls="pmkb-banner--unrendered").find_all("li")]
    source = (tmp_path / "docs" / "2025/2025-02-09-a.md").read_text(encoding="utf-8").splitlines()
    return content, shown, source.index(pasted.splitlines()[0]) + 1, config


def test_a_pasted_html_page_is_shown_as_written_with_a_warning(tmp_path: Path) -> None:
    pasted = "\n".join(
        f"10:05:{n % 60:02} proxy cut the page at <a href=/orders/{n} class=retry"
        for n in range(800)
    )
    content, shown, line, config = _pasted_page(tmp_path, "Pasted page", pasted)
    assert len(shown) == 1 and f"2025-02-09-a.md:{line}: warning body.unclosed-tags" in shown[0]
    block = content.one(cls="pmkb-body").one("pre", cls="pmkb-unrendered")
    assert block.text.startswith(" ".join(pasted.splitlines()[:2]))  # as written, not as links
    assert "Lessons Learned" in [h.text.rstrip("¶").strip() for h in content.find_all("h2")]
    build_site(config, strict=True, site_dir=tmp_path / "strict")  # a warning, not an error


# --- inline markup and fenced blocks the renderer would read for minutes ------------------


def _inline_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which of the renderer's slow inline readers run, as it converts."""
    from markdown import inlinepatterns

    calls: list[str] = []
    for cls, name in [
        (inlinepatterns.BacktickInlineProcessor, "find_code_spans"),
        (inlinepatterns.LinkInlineProcessor, "getLink"),
        (inlinepatterns.EscapeInlineProcessor, "handleMatch"),
        (inlinepatterns.HtmlInlineProcessor, "handleMatch"),
        (inlinepatterns.DelimiterProcessor, "handleMatch"),
    ]:
        method = getattr(cls, name)

        def counted(*args: object, _method: object = method, _name: str = name) -> object:
            calls.append(_name)
            return _method(*args)  # type: ignore[operator]

        monkeypatch.setattr(cls, name, counted)
    return calls


_PAGE = "## Summary\n\nRun `make` and see [the runbook](rb.md) *first*.\n\n{pasted}\n\nAfter."


@pytest.mark.parametrize(
    ("pasted", "ticks", "targets"),
    [
        ("\\```" * 3000, 3000, 0),
        (
            "\n".join(f"10:05:{n % 60:02} bot: \\`` deploy {n} started" for n in range(2000)),
            2000,
            0,
        ),
        ("`a " * 20000, 0, 0),
        ("[ (](" * 3000, 0, 3000),
        ("\n".join(f"see [step {n}](http://wiki/a_(b " for n in range(2000)), 0, 2000),
        ("*_" * 20000, 0, 0),
        ("&amp;" * 10000, 0, 0),
        ("\\\\" * 20000, 0, 0),
        ("\\\\*" * 10000, 0, 0),
    ],
    ids=[
        "escaped-ticks",
        "chat",
        "code-spans",
        "targets",
        "log",
        "emphasis",
        "entities",
        "backslashes",
        "escaped-stars",
    ],
)
def test_a_paragraph_too_slow_to_read_inline_is_shown_as_written(
    pasted: str, ticks: int, targets: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _inline_calls(monkeypatch)
    _guarded(_PAGE.format(pasted="Quiet."))
    own = len(calls)
    calls.clear()
    html, found = _guarded(_PAGE.format(pasted=pasted))
    assert found is not None and found.too_deep == [] and found.slow == []
    assert [(line, s.text, s.ticks, s.targets) for line, s in found.slow_inline] == [
        (4, pasted, ticks, targets)
    ]
    assert len(calls) == own  # the page's own code span, link and emphasis, never the block
    assert "<code>make</code>" in html and '<a href="rb.md">the runbook</a>' in html
    shown = html.split(f'<pre class="{render_guard.UNRENDERED_CLASS}">', 1)[1].split("</pre>")[0]
    # Exactly as written: an entity shows as typed, not as its character.
    assert html_module.unescape(shown) == pasted


def test_a_list_item_too_slow_to_read_is_kept_as_text_at_its_line() -> None:
    text = "Intro.\n\n- fine `code`\n- " + "`x " * 30000 + "\n- *also* fine"
    html, found = _guarded(text)
    assert found is not None and [line for line, _ in found.slow_inline] == [3]
    assert "<code>code</code>" in html and "<em>also</em>" in html
    assert "`x `x" in html


def _highlights(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from pymdownx.superfences import SuperFencesBlockPreprocessor

    calls: list[str] = []
    highlight = SuperFencesBlockPreprocessor.highlight

    def counted(self: object, src: str = "", *args: object, **kwargs: object) -> object:
        calls.append(src)
        return highlight(self, src, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SuperFencesBlockPreprocessor, "highlight", counted)
    return calls


@pytest.mark.parametrize("fence", ["```", "~~~", "> ```", "  ~~~~"])
def test_a_block_of_fences_past_the_pages_allowance_is_shown_as_written(
    fence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _highlights(monkeypatch)
    pasted = "\n".join([fence] * 3000)
    html, found = _guarded(f"## Summary\n\n```\nown code\n```\n\n{pasted}\n\nAfter *this*.")
    assert found is not None and found.too_deep == []
    assert [(line, b.text, b.fences) for line, b in found.slow_fences] == [(6, pasted, 3000)]
    assert calls == ["own code"]
    assert "<em>this</em>" in html and "own code" in html
    shown = html.split(f'<pre class="{render_guard.UNRENDERED_CLASS}">', 1)[1].split("</pre>")[0]
    assert html_module.unescape(shown) == pasted


def test_fenced_blocks_past_the_allowance_are_shown_as_written_each_at_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _highlights(monkeypatch)
    count = render_guard.FENCED_BLOCKS + 20
    text = "\n\n".join(f"Step {n}:\n\n```\nrun {n}\n```" for n in range(count))
    html, found = _guarded(text)
    assert found is not None
    assert len(calls) == render_guard.FENCED_BLOCKS
    lines = [line for line, _ in found.slow_fences]
    first = 6 * render_guard.FENCED_BLOCKS + 2
    assert lines == list(range(first, 6 * count, 6))
    assert f"<p>Step {count - 1}:</p>" in html and f"```\nrun {count - 1}\n```</pre>" in html


@pytest.mark.parametrize(
    "page",
    [
        'Run `make test`, then ``a ` b``, ```x``` and \\`not code\\`; see [a](b.md "t"), '
        "[c](<d e.md>), ![i](p.png) and [ref][r].\n\n[r]: https://example.com\n\n"
        + "A **b** _c_ snake_case \\* &amp; &#38; <kbd>k</kbd>  \nnext\n",
        "\n".join(f"[INFO] 10:05:{n % 60:02} pool[{n}] size=(3) ok_{n}" for n in range(3000)),
        " ".join(f"`call_{n}()` returns *{n}*" for n in range(300)),
        "\n\n".join(f"```python\nprint({n})\n```" for n in range(render_guard.FENCED_BLOCKS)),
        "````\n```\nnested\n```\n````\n\n- ```\n  in a list\n  ```\n\n> ~~~\n> quoted\n> ~~~",
    ],
    ids=["inline", "bracketed-log", "many-spans", "many-fences", "nested-fences"],
)
def test_a_page_read_in_time_converts_as_without_the_guard(page: str) -> None:
    extensions: list[object] = ["toc", "tables", "admonition", "md_in_html", "pymdownx.superfences"]
    plain = markdown.Markdown(extensions=extensions).convert(page)  # type: ignore[arg-type]
    html, found = _guarded(page)
    assert found is None and html == plain


def test_a_pasted_chat_with_open_code_spans_is_shown_as_written_with_a_warning(
    tmp_path: Path,
) -> None:
    pasted = "\n".join(f"10:05:{n % 60:02} bot: \\`` deploy {n} on web-{n}" for n in range(2000))
    content, shown, line, config = _pasted_page(tmp_path, "Pasted chat", pasted, "Use `code` once.")
    assert len(shown) == 1 and f"2025-02-09-a.md:{line}: warning body.slow-inline" in shown[0]
    assert "2000 runs of '`'" in shown[0]
    block = content.one(cls="pmkb-body").one("pre", cls="pmkb-unrendered")
    assert block.text.startswith(" ".join(pasted.splitlines()[:2]))
    assert "code" in [c.text for c in content.one(cls="pmkb-body").find_all("code")]
    build_site(config, strict=True, site_dir=tmp_path / "strict")  # a warning, not an error


# --- runs of blocks the block parser would read for minutes -------------------------------


def _block_runs(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times each of the block processors that split a run of lines takes a block."""
    from markdown import blockprocessors
    from markdown.extensions.admonition import AdmonitionProcessor
    from pymdownx.details import DetailsProcessor

    runs: dict[str, int] = {}
    for cls in [
        AdmonitionProcessor,
        DetailsProcessor,
        blockprocessors.HashHeaderProcessor,
        blockprocessors.HRProcessor,
        blockprocessors.BlockQuoteProcessor,
    ]:
        run = cls.run
        runs[cls.__name__] = 0

        def counted(
            self: object, *args: object, _run: object = run, _name: str = cls.__name__
        ) -> object:
            runs[_name] += 1
            return _run(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(cls, "run", counted)
    return runs


_BLOCK_EXTENSIONS: list[object] = [
    "toc",
    "tables",
    "admonition",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
]


def _guarded_blocks(text: str) -> tuple[str, render_guard.Unrendered | None]:
    guard = render_guard.RenderGuard(_BLOCK_EXTENSIONS, {})
    html = markdown.Markdown(extensions=[*_BLOCK_EXTENSIONS, guard]).convert(text)  # type: ignore[list-item]
    return html, guard.take(text)


@pytest.mark.parametrize(
    ("pasted", "processor"),
    [
        ("??? note\n" * 5000, "DetailsProcessor"),
        ("!!! note\n" * 5000, "AdmonitionProcessor"),
        ("# step\n" * 5000, "HashHeaderProcessor"),
        ("----\nnext\n" * 3000, "HRProcessor"),
        ("> ??? note\n" * 5000, "DetailsProcessor"),
        ("x\n!!! note\n" * 5000, "AdmonitionProcessor"),
    ],
    ids=["details", "admonitions", "headings", "rules", "quoted-details", "paragraphs-and-notes"],
)
def test_a_run_of_blocks_too_slow_to_parse_is_shown_as_written(
    pasted: str, processor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _block_runs(monkeypatch)
    pasted = pasted.rstrip("\n")
    html, found = _guarded_blocks(
        f"## Summary\n\n!!! note\n    Own *note*.\n\n{pasted}\n\nAfter *this*."
    )
    assert found is not None and found.too_deep == [] and found.slow == []
    assert [(line, block.text) for line, block in found.slow_blocks] == [(5, pasted)]
    # The processor took the page's own note, and the block only until the meter stopped it:
    # a few dozen times, never once per line.
    assert 1 <= runs[processor] < 10 * render_guard.BLOCK_READS
    assert "<p>Own <em>note</em>.</p>" in html and "<p>After <em>this</em>.</p>" in html
    shown = html.split(f'<pre class="{render_guard.UNRENDERED_CLASS}">', 1)[1].split("</pre>")[0]
    assert html_module.unescape(shown) == pasted


def test_a_long_text_quoted_hundreds_deep_is_reported_as_nested_too_deeply() -> None:
    quoted = "> " * 250 + "x\n" + "\n".join(["the reply went on"] * 20000)
    html, found = _guarded_blocks(f"Before.\n\n{quoted}\n\nAfter.")
    assert found is not None and found.too_deep == [2] and found.slow_blocks == []
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


def test_blocks_too_slow_to_parse_are_each_shown_at_their_line() -> None:
    run = "\n".join(["??? note"] * 3000)
    text = f"Intro.\n\n{run}\n\nMiddle *text*.\n\n{run}\n\nAfter."
    html, found = _guarded_blocks(text)
    assert found is not None
    assert [line for line, _ in found.slow_blocks] == [2, 3005]
    assert "<p>Middle <em>text</em>.</p>" in html and "<details" not in html


@pytest.mark.parametrize(
    "page",
    [
        "\n".join(f"## Step {n}\nRan `step {n}`.\n---" for n in range(60)),
        "\n".join(f"!!! note {n}\n    Note {n}.\n??? tip {n}\n    Tip *{n}*." for n in range(60)),
        "- item\n\n    ??? note\n        In a list.\n\n    !!! warning\n        Also.\n"
        "        !!! note\n            Nested.\n\n" * 50,
        "\n".join("> " * (n % 8) + f"reply {n}" for n in range(2000)),
        "\n".join(f"> ## Q{n}\n> ---\n> > quoted {n}" for n in range(100)),
        "\n\n".join(["# Title", "text " * 20000, "- a\n    - b\n        - c " + "d " * 5000]),
    ],
    ids=["sections", "notes", "nested-notes", "quote-levels", "quoted-headings", "long-page"],
)
def test_a_page_parsed_in_time_converts_as_without_the_guard(page: str) -> None:
    plain = markdown.Markdown(extensions=_BLOCK_EXTENSIONS).convert(page)  # type: ignore[arg-type]
    html, found = _guarded_blocks(page)
    assert found is None and html == plain


def test_a_pasted_run_of_headings_is_shown_as_written_with_a_warning(tmp_path: Path) -> None:
    pasted = "\n".join(f"# {n:05} retry of job-{n}" for n in range(4000))
    content, shown, line, config = _pasted_page(tmp_path, "Pasted headings", pasted)
    assert len(shown) == 1 and f"2025-02-09-a.md:{line}: warning body.slow-blocks" in shown[0]
    block = content.one(cls="pmkb-body").one("pre", cls="pmkb-unrendered")
    assert block.text.startswith(" ".join(pasted.splitlines()[:2]))  # as written, not as headings
    assert "Lessons Learned" in [h.text.rstrip("¶").strip() for h in content.find_all("h2")]
    build_site(config, strict=True, site_dir=tmp_path / "strict")  # a warning, not an error


def test_a_long_text_run_on_under_a_list_item_is_shown_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from markdown.blockprocessors import OListProcessor

    split: list[str] = []
    get_items = OListProcessor.get_items

    def counted(self: OListProcessor, block: str) -> list[str]:
        split.append(block)
        return get_items(self, block)

    monkeypatch.setattr(OListProcessor, "get_items", counted)
    pasted = "- the worker logged:\n" + "\n".join(
        f"10:05:{n % 60:02} worker-{n} retried the payment" for n in range(30000)
    )
    html, found = _guarded_blocks(f"- own item\n- another\n\n{pasted}\n\nAfter *this*.")
    assert found is not None and found.too_deep == []
    assert [(line, block.text) for line, block in found.slow_blocks] == [(3, pasted)]
    # The list reader split the page's own list (once per try), never the pasted one.
    assert split and set(split) == {"- own item\n- another"}
    assert "<li>own item</li>" in html and "<p>After <em>this</em>.</p>" in html
    assert "10:05:00 worker-0 retried the payment\n10:05:01" in html


@pytest.mark.parametrize("where", ["paragraph", "list-item"])
def test_a_text_kept_from_the_inline_parser_shows_its_entities_as_written(where: str) -> None:
    pasted = " ".join(f"[step {n} &amp; &#38; &copy; R&D <b>" for n in range(100))
    text = f"Intro &amp; more.\n\n{pasted if where == 'paragraph' else '- ' + pasted}\n\nAfter."
    html, found = _guarded(text)
    assert found is not None and len(found.slow) == 1
    assert "<p>Intro &amp; more.</p>" in html  # the page's own entity still renders
    tag = "pre" if where == "paragraph" else "li"
    shown = html.split("[step 0", 1)[1].split(f"</{tag}>")[0]
    assert html_module.unescape(shown) == pasted.removeprefix("[step 0")


# --- the cheap tests that let an ordinary page skip a scan, at their boundaries ---------


@pytest.mark.parametrize("marks", ["```", "~~~", "both"])
def test_fences_of_three_marks_one_block_past_the_allowance_are_still_shown_as_written(
    marks: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fewest backticks and tildes a page can hold with more fences than allowed.
    calls = _highlights(monkeypatch)
    count = render_guard.FENCED_BLOCKS + 1
    fences = ["```", "~~~"] if marks == "both" else [marks]
    text = "\n\n".join(
        f"{fences[n % len(fences)]}\nrun {n}\n{fences[n % len(fences)]}" for n in range(count)
    )
    html, found = _guarded(text)
    assert found is not None
    assert [(line, b.fences) for line, b in found.slow_fences] == [(4 * (count - 1), 2)]
    assert len(calls) == render_guard.FENCED_BLOCKS
    assert f"run {count - 1}\n{fences[(count - 1) % len(fences)]}</pre>" in html


def test_a_block_with_one_tag_opener_more_than_the_reads_allowed_is_still_shown_as_written() -> (
    None
):
    # Each `<` reads at most the rest of the text, so a page needs more than HTML_READS of
    # them to be read more than HTML_READS times over: eleven unclosed comments, the least.
    pasted = "<!--" * (render_guard.HTML_READS + 1) + " " + "x" * 300
    html, found = _guarded(f"{pasted}\n\nAfter *this*.")
    assert found is not None
    assert [(line, m.text, m.opened) for line, m in found.slow_markup] == [
        (0, pasted, render_guard.HTML_READS + 1)
    ]
    assert "<em>this</em>" in html and html_module.escape(pasted, quote=False) in html


@pytest.mark.parametrize("where", ["paragraph", "list-item"])
def test_a_text_with_one_bracket_more_than_the_reads_allowed_is_still_shown_as_written(
    where: str,
) -> None:
    # A text needs more `[` than BRACKET_READS to be read more than that many times over.
    pasted = "[" * (render_guard.BRACKET_READS + 1) + " " + "x" * 300
    html, found = _guarded(f"Intro.\n\n{pasted if where == 'paragraph' else '- ' + pasted}")
    assert found is not None and [(line, s.unclosed) for line, s in found.slow] == [
        (2, render_guard.BRACKET_READS + 1)
    ]
    assert "<p>Intro.</p>" in html and pasted in html


def test_list_items_counted_at_most_stop_the_parser_exactly_past_the_allowance() -> None:
    # What the list reader copies is counted exactly only once its most could matter:
    # the parser stops exactly where the exact count passes the allowance, not before.
    from markdown.blockprocessors import UListProcessor

    md = markdown.Markdown(extensions=[render_guard.RenderGuard([], {})])
    meter = md.parser.blockprocessors["pmkb_block_meter"]
    ulist = md.parser.blockprocessors["ulist"]
    assert isinstance(meter, render_guard._BlockMeter) and isinstance(ulist, UListProcessor)
    block = "- the worker logged:\n" + "\n".join(f"retry {n} of the payment" for n in range(60))
    exact = render_guard._item_copies(block, ulist.CHILD_RE, ulist.INDENT_RE, "    ")
    reads = exact // render_guard.COPIES_PER_READ
    assert render_guard._item_copies_at_most(block) // render_guard.COPIES_PER_READ > reads > 0
    meter.start(reads)
    assert ulist.get_items(block)
    assert meter.reads == reads  # counted exactly once its most passed the allowance
    meter.start(reads - 1)
    with pytest.raises(render_guard.SlowBlocks):
        ulist.get_items(block)
