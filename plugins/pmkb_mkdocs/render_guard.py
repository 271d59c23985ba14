"""Keep one post-mortem that the Markdown renderer cannot handle from failing the whole build.

Python-Markdown parses nested blocks and nested inline markup recursively: a
list nested a few hundred levels deep, or emphasis nested a thousand times,
raises ``RecursionError``, and MkDocs stops the whole build on any exception
raised while it renders a page. MkDocs has no event between rendering a page
and giving up, so the plugin wraps the ``render`` of the pages it owns: on
``RecursionError`` the blocks that cannot be rendered are found one at a time
and shown as preformatted text, the rest of the body renders as usual, and the
caller is told the line of each such block so that it can report them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import markdown

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

#: Class of the ``<pre>`` that holds a block shown as text instead of rendered.
UNRENDERED_CLASS = "pmkb-unrendered"


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines of a Markdown text; ``line`` is 0-based."""

    line: int
    text: str


def split_blocks(text: str) -> list[Block]:
    """The runs of non-blank lines of ``text``, in order.

    >>> split_blocks("a\\nb\\n\\n  \\nc\\n")
    [Block(line=0, text='a\\nb'), Block(line=4, text='c')]
    """
    blocks: list[Block] = []
    start: int | None = None
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = number
        elif start is not None:
            blocks.append(Block(start, "\n".join(lines[start:number])))
            start = None
    if start is not None:
        blocks.append(Block(start, "\n".join(lines[start:])))
    return blocks


def unrenderable_blocks(text: str, new_markdown: Callable[[], markdown.Markdown]) -> list[Block]:
    """The blocks of ``text`` that a Markdown from ``new_markdown()`` cannot render on their own."""
    bad = []
    md = new_markdown()
    for block in split_blocks(text):
        try:
            md.reset().convert(block.text)
        except RecursionError:
            bad.append(block)
            # reset() leaves the block parser's state stack as the error left it,
            # which changes how the next block parses: start afresh.
            md = new_markdown()
    return bad


def as_text(text: str) -> str:
    """``text`` as one raw ``<pre>`` block, which Markdown passes through unparsed."""
    escaped = html.escape(text, quote=False)
    return f'<pre class="{UNRENDERED_CLASS}">{escaped}</pre>'


def with_blocks_as_text(text: str, blocks: list[Block]) -> str:
    """``text`` with each of ``blocks`` replaced by a ``<pre>`` holding it as text."""
    lines = text.split("\n")
    for block in sorted(blocks, key=lambda b: b.line, reverse=True):
        end = block.line + block.text.count("\n") + 1
        lines[block.line : end] = [as_text(block.text)]
    return "\n".join(lines)


def guard_render(page: Page, on_failure: Callable[[list[int]], None]) -> None:
    """Make ``page.render`` survive ``RecursionError``; ``on_failure`` gets the 0-based
    lines (of ``page.markdown``) of the blocks shown as text instead."""
    render = page.render

    def guarded(config: MkDocsConfig, files: Files) -> None:
        try:
            render(config, files)
            return
        except RecursionError:
            pass
        text = page.markdown or ""

        def new_markdown() -> markdown.Markdown:
            return markdown.Markdown(
                extensions=config.markdown_extensions,
                extension_configs=config.mdx_configs or {},
            )

        bad = unrenderable_blocks(text, new_markdown)
        page.markdown = with_blocks_as_text(text, bad) if bad else as_text(text)
        try:
            render(config, files)
        except RecursionError:
            # The blocks fail only together (a list continued across blank lines).
            page.markdown = as_text(text)
            render(config, files)
        on_failure([block.line for block in bad] or [0])

    # An instance attribute: MkDocs calls `page.render(config, files)` for each page.
    page.render = guarded  # type: ignore[method-assign]
