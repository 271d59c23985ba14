"""Keep one page that the Markdown renderer cannot handle from failing or stalling the build.

Python-Markdown parses nested blocks and nested inline markup recursively: a
list nested a few hundred levels deep (600 ``- `` on one line is enough),
emphasis nested a thousand times or a deep mix of quotes and lists raises
``RecursionError``, and MkDocs stops the whole build on any exception raised
while it renders a page. Rather than guess every way Markdown nests,
:class:`RenderGuard`, added to the site's Markdown extensions, catches the
error around each page's own conversion: each block that fails on its own is
then shown as preformatted text, so the rest of the page renders as usual and
the caller can report the lines.

Its inline links are the other hazard: for every ``[`` the renderer reads
ahead to the matching ``]``, so a pasted log whose lines each leave one open
takes minutes. A paragraph (or list item, or table cell) whose brackets would
make the renderer read it more than :data:`BRACKET_READS` times over is shown
as text too, before the inline parsing starts.

Raw HTML is the third: before any Markdown is read, the renderer's HTML reader
reads on from every ``<`` that may open a tag, a closing tag, a comment or a
declaration to where it ends, and from the next one again when it does not
end; a pasted HTML page or log with thousands of ``<a `` left open takes
minutes. A block (a run of non-blank lines) whose ``<`` would make that reader
read it more than :data:`HTML_READS` times over is shown as text, before the
reader starts.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markdown
import markdown.htmlparser
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

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


def recovered(text: str, new_markdown: Callable[[], markdown.Markdown]) -> tuple[str, list[int]]:
    """``text``, which a Markdown could not convert, with the blocks a Markdown from
    ``new_markdown()`` cannot render shown as text, and the 0-based lines of those blocks."""
    bad = unrenderable_blocks(text, new_markdown)
    shown = with_blocks_as_text(text, bad) if bad else as_text(text)
    try:
        new_markdown().convert(shown)
    except RecursionError:
        # The blocks fail only together (a list continued across blank lines).
        return as_text(text), [block.line for block in bad] or [0]
    return shown, [block.line for block in bad] or [0]


#: How many times over the renderer may read a text looking for closing
#: brackets before the text is shown as written. A link or a typo leaves one
#: or two ``[`` open; a pasted log leaves thousands. The limit bounds the work
#: by the length of the text: at most ten readings of a whole 1 MB body take
#: the renderer a couple of seconds.
BRACKET_READS = 10

_BRACKET = re.compile(r"[\[\]]")


@dataclass(frozen=True)
class SlowText:
    """A text shown as written because its brackets are too slow to parse."""

    text: str
    brackets: int  # ``[`` in the text
    unclosed: int  # ``[`` never closed


def slow_brackets(text: str) -> SlowText | None:
    """``text`` when its ``[`` would make the renderer read it more than
    :data:`BRACKET_READS` times over, else None.

    For each ``[``, Python-Markdown's link parsers read on to the matching ``]``
    or to the end of the text: all of them together read each character once
    per ``[`` open around it.

    >>> slow_brackets("See [the runbook](https://example.com) [sic].") is None
    True
    >>> slow_brackets("ERROR payload=[{ " * 50).unclosed
    50
    """
    brackets = text.count("[")
    if brackets <= BRACKET_READS:
        return None  # each character is read at most once per ``[``
    reads = depth = last = 0
    for match in _BRACKET.finditer(text):
        reads += depth * (match.start() - last)
        last = match.start()
        if match.group() == "[":
            depth += 1
        elif depth:
            depth -= 1
    reads += depth * (len(text) - last)
    if reads <= BRACKET_READS * len(text):
        return None
    return SlowText(text, brackets, depth)


class _SlowBrackets(Treeprocessor):
    """Before inline parsing: every text too slow to parse is kept as written."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[SlowText] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            slow = slow_brackets(element.text) if element.text else None
            if slow is not None and not isinstance(element.text, AtomicString):
                self.found.append(slow)
                element.text = AtomicString(element.text)
                if element.tag == "p":
                    element.tag = "pre"
                    element.set("class", UNRENDERED_CLASS)
            slow = slow_brackets(element.tail) if element.tail else None
            if slow is not None and not isinstance(element.tail, AtomicString):
                self.found.append(slow)
                element.tail = AtomicString(element.tail)


def _register_slow_brackets(md: markdown.Markdown) -> _SlowBrackets:
    processor = _SlowBrackets(md)
    # Just before the inline parsing (priority 20), after every block is parsed.
    md.treeprocessors.register(processor, "pmkb_slow_brackets", 21)
    return processor


#: How many times over the renderer's HTML reader may read a block looking for
#: the ends of the tags it opens before the block is shown as written. A page's
#: own HTML closes each tag it opens a few characters on; a pasted page or log
#: leaves thousands open.
HTML_READS = 10

#: What the HTML reader reads on from: a tag, a closing tag, a comment or a declaration.
_MARKUP_OPEN = re.compile(r"<[a-zA-Z!?]|</[a-zA-Z]")
#: The HTML reader's own pattern for how far a start tag runs (a name of the standard
#: library's HTML parser, which Python-Markdown copies): where a Python release renames it,
#: a start tag counts as read to its next ``>``, which overstates the reading, never
#: understates it.
_PARSER_MODULE: Any = markdown.htmlparser.htmlparser  # type: ignore[attr-defined]
_START_TAG: re.Pattern[str] = getattr(
    _PARSER_MODULE, "locatestarttagend_tolerant", re.compile(r"<[a-zA-Z][^>]*")
)


def html_reads(text: str, start: int, end: int, limit: int) -> int:
    """How many characters the renderer's HTML reader reads from the ``<`` in
    ``text[start:end]`` (each read on through ``text``), counting no further than
    just past ``limit``.

    A start tag reads as far as the reader's own pattern matches; anything else
    reads on to the next ``>``. Counting every ``<`` overstates what the reader
    does (it skips those inside a tag it has read), never understates it.

    >>> html_reads("a <b>bold</b> line", 0, 18, 100)
    5
    >>> html_reads("<a " * 10, 0, 30, 1000)
    165
    """
    reads = 0
    for match in _MARKUP_OPEN.finditer(text, start, end):
        at = match.start()
        stop = at + limit - reads + 1  # no read past this changes the answer
        if text[at + 1].isalpha():
            tag = _START_TAG.match(text, at, stop)
            reads += (tag.end() if tag else at + 1) - at
        else:
            close = text.find(">", at, stop)
            reads += (close if close >= 0 else min(stop, len(text))) - at
        if reads > limit:
            break
    return reads


@dataclass(frozen=True)
class SlowMarkup:
    """A block shown as written because its ``<`` are too slow to read as HTML."""

    text: str
    opened: int  # ``<`` that may open a tag, a comment or a declaration


class _SlowMarkup(Preprocessor):
    """Before the HTML reader: every block too slow for it is kept as written."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[SlowMarkup] = []

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if html_reads(text, 0, len(text), HTML_READS * len(text)) <= HTML_READS * len(text):
            return lines
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        slow = []
        for block in split_blocks(text):
            start = offsets[block.line]
            limit = HTML_READS * len(block.text)
            if html_reads(text, start, start + len(block.text), limit) > limit:
                slow.append(block)
                opened = len(_MARKUP_OPEN.findall(block.text))
                self.found.append(SlowMarkup(block.text, opened))
        kept = self.md.htmlStash.store
        lines = lines[:]
        for block in reversed(slow):
            end = block.line + block.text.count("\n") + 1
            lines[block.line : end] = [kept(as_text(block.text))]
        return lines


def _register_slow_markup(md: markdown.Markdown) -> _SlowMarkup:
    processor = _SlowMarkup(md)
    # Just before the HTML reader (priority 20), after fenced code is set aside.
    md.preprocessors.register(processor, "pmkb_slow_markup", 21)
    return processor


class _SlowBracketsOnly(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        _register_slow_brackets(md)
        _register_slow_markup(md)


@dataclass(frozen=True)
class Unrendered:
    """What one conversion showed as text instead of rendering; lines are 0-based."""

    too_deep: list[int]
    slow: list[tuple[int, SlowText]]
    slow_markup: list[tuple[int, SlowMarkup]] = field(default_factory=list)


_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")


def lines_of(source: str, texts: list[str]) -> list[int]:
    """The 0-based line of ``source`` where each of ``texts``, taken out of it in order
    by the block parser, begins (at worst the line where the text before it ends)."""
    # The block parser reads the source with its tabs expanded; lines stay where they were.
    expanded = source.expandtabs(4)
    lines = []
    line = at = 0  # ``at`` is an offset on line ``line``
    for text in texts:
        # Its longest run of a line that the parser left as written (no placeholder, no
        # list or quote marker) is looked for, and the text starts that many lines above.
        parts = [
            (len(piece), -index, piece)
            for index, part in enumerate(text.split("\n"))
            for piece in [max(_PLACEHOLDER.split(part), key=len).strip()]
            if piece
        ]
        found = -1
        if parts:
            _, minus_index, piece = max(parts)
            found = expanded.find(piece, at)
        if found < 0:
            lines.append(line)
            continue
        line += expanded.count("\n", at, found)
        at = found + len(piece)
        lines.append(max(line + minus_index, lines[-1] if lines else 0))
    return lines


class RenderGuard(Extension):
    """Added to the site's Markdown extensions: no page's conversion raises
    ``RecursionError`` or parses a text's brackets or HTML for minutes.

    What each conversion showed as text is kept under the source it converted,
    for :meth:`take` to hand to whoever reports it.
    """

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        super().__init__()
        # The site's other extensions, for the Markdowns that try one block at a time.
        self._extensions = [e for e in extensions if not isinstance(e, RenderGuard)]
        self._configs = configs
        self._found: dict[str, Unrendered] = {}

    def take(self, source: str) -> Unrendered | None:
        """What the conversion of ``source`` showed as text, once; None when nothing."""
        return self._found.pop(source, None)

    def _new_markdown(self) -> markdown.Markdown:
        return markdown.Markdown(
            extensions=[*self._extensions, _SlowBracketsOnly()], extension_configs=self._configs
        )

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        processor = _register_slow_brackets(md)
        markup = _register_slow_markup(md)
        convert = md.convert

        def guarded(source: str) -> str:
            processor.found.clear()
            markup.found.clear()
            too_deep: list[int] = []
            try:
                html = convert(source)
            except RecursionError:
                shown, too_deep = recovered(source, self._new_markdown)
                # The error left the block parser's state stack as it was, deep down.
                md.reset()
                md.parser.state.clear()
                processor.found.clear()
                markup.found.clear()
                html = convert(shown)
            lines = lines_of(source, [text.text for text in processor.found])
            slow = list(zip(lines, processor.found, strict=True))
            lines = lines_of(source, [block.text for block in markup.found])
            slow_markup = list(zip(lines, markup.found, strict=True))
            if too_deep or slow or slow_markup:
                self._found[source] = Unrendered(too_deep, slow, slow_markup)
            return html

        # MkDocs calls convert() on the Markdown it made for the page, extensions and all.
        md.convert = guarded  # type: ignore[method-assign]
