"""Keep one post-mortem that the Markdown renderer cannot handle from failing the whole build.

Python-Markdown parses nested blocks and nested inline markup recursively: a
list nested a few hundred levels deep, or emphasis nested a thousand times,
raises ``RecursionError``, and MkDocs stops the whole build on any exception
raised while it renders a page. Before MkDocs renders a post-mortem's body,
:func:`renderable` looks for the nesting that could do that (far deeper than
any real report goes); only a body that has it is tried with a renderer of the
site's own settings, and each block that fails is shown as preformatted text,
so the rest of the body renders as usual and the caller can report the lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import markdown

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


#: Nesting far beyond any real report, and far short of what overflows the
#: renderer's recursion (measured with the default limit of 1,000 frames: a
#: list 200-300 levels deep, an admonition or ``<div markdown>`` 500 deep,
#: emphasis nested 500-1,000 times or a run of 1,000-2,000 asterisks).
SUSPECT_INDENT = 160  # columns of leading whitespace (40 list levels)
SUSPECT_EMPHASIS = 400  # asterisks and underscores in one block
SUSPECT_TAGS = 200  # ``<`` in the whole body


#: A line whose leading spaces and tabs could reach :data:`SUSPECT_INDENT` columns.
_DEEP_INDENT = re.compile(rf"^[ \t]{{{SUSPECT_INDENT // 4},}}", re.MULTILINE)


def may_overflow(text: str) -> bool:
    """Whether ``text`` nests deeply enough to be worth trying before MkDocs renders it.

    >>> may_overflow("- a\\n    - b *c*")
    False
    >>> may_overflow("*" * 500 + "x")
    True
    """
    if text.count("<") >= SUSPECT_TAGS:
        return True
    # Every post-mortem passes here: most bodies are settled by the whole text at once.
    if text.count("*") + text.count("_") < SUSPECT_EMPHASIS and not _DEEP_INDENT.search(text):
        return False
    for block in split_blocks(text):
        if block.text.count("*") + block.text.count("_") >= SUSPECT_EMPHASIS:
            return True
        for line in block.text.split("\n"):
            stripped = line.lstrip(" \t")
            if len(line) - len(stripped) >= SUSPECT_INDENT // 4 and (
                len(line[: len(line) - len(stripped)].expandtabs(4)) >= SUSPECT_INDENT
            ):
                return True
    return False


def renderable(text: str, new_markdown: Callable[[], markdown.Markdown]) -> tuple[str, list[int]]:
    """``text`` with the blocks a Markdown from ``new_markdown()`` cannot render shown as
    text, and the 0-based lines of those blocks (empty when the text was left as it was)."""
    if not may_overflow(text):
        return text, []
    try:
        new_markdown().convert(text)
        return text, []
    except RecursionError:
        pass
    bad = unrenderable_blocks(text, new_markdown)
    shown = with_blocks_as_text(text, bad) if bad else as_text(text)
    try:
        new_markdown().convert(shown)
    except RecursionError:
        # The blocks fail only together (a list continued across blank lines).
        return as_text(text), [block.line for block in bad] or [0]
    return shown, [block.line for block in bad] or [0]
