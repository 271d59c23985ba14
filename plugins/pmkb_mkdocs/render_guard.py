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

The inline parser has more: from each backtick it reads on to a run of as many
backticks, from each link target ``](`` to the ``)`` that closes it, and it
copies the whole text for each element it finds. A text whose code spans, link
targets and elements would make it read the text more than :data:`INLINE_READS`
times over is shown as text too. Last, each fenced block is highlighted on its
own at a high cost: a page's blocks holding fences past its first
:data:`FENCED_BLOCKS` are shown as text, before the fences are read.

The block parser has the same hazard in its own terms: each heading, rule, note
(``!!!``, ``???``) or quote level in a run of lines makes it read the rest of the
run again, so a pasted run of thousands of ``# `` or ``??? note`` lines, or a long
text under hundreds of ``>``, takes minutes; and its list reader rebuilds an item
for each line added to it, so a long text run on under one list item does too. The
guard meters what the block parser reads and what the list reader would copy, and
stops them past :data:`BLOCK_READS` readings of the page; then,
as for Markdown nested too deeply, each block that is too slow on its own is
shown as text and the page is converted again.
"""

from __future__ import annotations

import bisect
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markdown
import markdown.htmlparser
from markdown.blockprocessors import BlockProcessor
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


class SlowBlocks(Exception):
    """Raised when the block parser reads a text more than :data:`BLOCK_READS` times over;
    ``nested`` is how many lists and quotes deep it was then."""

    def __init__(self, nested: int) -> None:
        super().__init__(nested)
        self.nested = nested


#: A block too slow to parse whose parse was stopped more than this many lists and quotes
#: deep is slow because of its nesting, and is reported as nested too deeply: flattening
#: it is the remedy. A post-mortem nests a handful of levels.
NESTED_LEVELS = 32


def _too_deep(error: Exception) -> bool:
    return not isinstance(error, SlowBlocks) or error.nested > NESTED_LEVELS


def failing_blocks(
    text: str, new_markdown: Callable[[], markdown.Markdown]
) -> tuple[list[Block], list[Block]]:
    """The blocks of ``text`` that a Markdown from ``new_markdown()`` cannot render on
    their own: those nested too deeply, and those too slow for its block parser."""
    deep: list[Block] = []
    slow: list[Block] = []
    md = new_markdown()
    for block in split_blocks(text):
        try:
            md.reset().convert(block.text)
        except (RecursionError, SlowBlocks) as error:
            (deep if _too_deep(error) else slow).append(block)
        else:
            continue
        # reset() leaves the block parser's state stack as the error left it,
        # which changes how the next block parses: start afresh.
        md = new_markdown()
    return deep, slow


def unrenderable_blocks(text: str, new_markdown: Callable[[], markdown.Markdown]) -> list[Block]:
    """The blocks of ``text`` that a Markdown from ``new_markdown()`` cannot render on their own."""
    deep, slow = failing_blocks(text, new_markdown)
    return sorted(deep + slow, key=lambda block: block.line)


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


def recovered(
    text: str, new_markdown: Callable[[], markdown.Markdown], error: Exception | None = None
) -> tuple[str, list[int], list[Block]]:
    """``text``, which a Markdown could not convert (raising ``error``), with the blocks a
    Markdown from ``new_markdown()`` cannot render shown as text; and the 0-based lines
    of those nested too deeply, and the blocks too slow to parse.

    When no block fails on its own, or they fail only together, the whole text is shown
    as text, reported at its first line as ``error`` says.
    """
    deep, slow = failing_blocks(text, new_markdown)
    bad = sorted(deep + slow, key=lambda block: block.line)
    if bad:
        shown = with_blocks_as_text(text, bad)
        try:
            new_markdown().convert(shown)
        except (RecursionError, SlowBlocks):
            # The blocks fail only together (a list continued across blank lines).
            pass
        else:
            return shown, [block.line for block in deep], slow
    if error is not None and not _too_deep(error):
        return as_text(text), [block.line for block in deep], slow or [Block(0, text)]
    return as_text(text), [block.line for block in deep] or [0], slow


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


#: How many times over the renderer's inline parser may read a text looking for
#: the ends of its code spans and link targets, counting its copies of the text as
#: below, before the text is shown as written.
INLINE_READS = 10

#: The renderer copies a text whole for each inline element it finds in it (a code
#: span, an escape, a link, a tag, an entity, an emphasis); copying a character costs
#: it about a two-hundredth of reading one in its own loops (measured).
COPIES_PER_READ = 200

#: A text whose ticks and link targets, each counted as :data:`COPIES_PER_READ`
#: characters, and length add up to no more than this cannot be read
#: :data:`INLINE_READS` times over (see :func:`slow_inline`).
_INLINE_UNCHECKED = INLINE_READS * COPIES_PER_READ

_TICKS = re.compile(r"`+")
#: A backslash and what it escapes: the renderer sets both aside before it reads links.
_ESCAPED = re.compile(r"\\.", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\(")
_PAREN = re.compile(r"[()]")
_QUOTE = re.compile(r"[\"']")
#: A quote closed right before the ``)`` that ends a link target with a title.
_TITLE_END = re.compile(r"([\"']) *\)")
#: What may be an inline element besides a code span (the renderer copies the text
#: for each it finds): an escape, a link or image with its target or reference, a
#: tag, an entity, a line break, a run of ``*``, and a run of ``_`` not inside a word
#: (the renderer's rule). A ``[`` alone may be a link to a reference the page defines.
_ELEMENT = re.compile(
    r"\\[^\w\s]|\]\(|\]\[|<[a-zA-Z/!?]|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);|  \n"
    r"|\*+|(?<!\w)_+|_+(?!\w)"
)


@dataclass(frozen=True)
class SlowInline:
    """A text shown as written because its inline markup is too slow to parse."""

    text: str
    ticks: int  # backtick runs that open a code span never closed
    targets: int  # link targets ``](`` whose ``(`` is never closed
    elements: int  # inline elements it may hold, at most


def _code_spans(text: str) -> tuple[int, int, list[tuple[int, int]]]:
    """The characters the renderer reads looking for the ends of the code spans of
    ``text``, the backtick runs it leaves unclosed, and the spans it finds (start, end).

    From each backtick not escaped, the renderer reads on to the next run of as
    many backticks, which ends the span, or to the end of the text, and then tries
    the next run.
    """
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    # For each run, the next run as long as it and the next one a backtick shorter.
    same: list[int | None] = [None] * len(runs)
    shorter: list[int | None] = [None] * len(runs)
    ahead: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        same[index] = ahead.get(length)
        shorter[index] = ahead.get(length - 1)
        ahead[length] = index
    reads = unclosed = index = 0
    spans = []
    while index < len(runs):
        start, end = runs[index]
        slash = start
        while slash and text[slash - 1] == "\\":
            slash -= 1
        escaped = (start - slash) % 2 == 1  # its first backtick is escaped
        close = shorter[index] if escaped else same[index]
        if escaped and end - start == 1:
            index += 1
        elif close is None:
            reads += len(text) - end
            unclosed += 1
            index += 1
        else:
            reads += runs[close][0] - end
            spans.append((start, runs[close][1]))
            index = close + 1
    return reads, unclosed, spans


def _link_targets(text: str) -> tuple[int, int]:
    """The characters the renderer reads looking for the ends of the link targets
    ``](`` of ``text`` (its code spans and escapes already set aside), and the
    targets it leaves unclosed.

    From each ``](``, the renderer reads on to the ``)`` that closes the ``(``; from a
    quote on, to a ``)`` right after the same quote again; else to the end.
    """
    length = len(text)
    closing: dict[int, int] = {}
    opened: list[int] = []
    for match in _PAREN.finditer(text):
        if match.group() == "(":
            opened.append(match.start())
        elif opened:
            closing[opened.pop()] = match.start()
    quotes = [m.start() for m in _QUOTE.finditer(text)]
    title_ends = {
        quote: [m.start() for m in _TITLE_END.finditer(text) if m.group(1) == quote]
        for quote in "\"'"
    }
    reads = unclosed = 0
    for match in _LINK_TARGET.finditer(text):
        at = match.end() - 1
        end = closing.get(at, length)
        first_quote = bisect.bisect_right(quotes, at)
        if first_quote < len(quotes) and quotes[first_quote] < end:
            quote = quotes[first_quote]
            ends = title_ends[text[quote]]
            after = bisect.bisect_right(ends, quote)
            end = ends[after] if after < len(ends) else length
        if end == length:
            unclosed += 1
        reads += end - at
    return reads, unclosed


def slow_inline(text: str, references: bool = False) -> SlowInline | None:
    """``text`` when its code spans, link targets and inline elements would make the
    renderer read it more than :data:`INLINE_READS` times over, else None;
    ``references`` when the page defines link references, which any ``[`` may use.

    >>> slow_inline("Run `make test` then see [the runbook](rb.md) *first*.") is None
    True
    >>> slow_inline("\\\\`` " * 50).ticks
    50
    >>> slow_inline("[a](" * 50).targets
    50
    >>> slow_inline("`a` " * 5000).elements
    5000
    """
    length = len(text)
    limit = INLINE_READS * length
    ticks = text.count("`")
    targets = text.count("](")
    # Each tick and target reads the text at most once, and each element copies it.
    if (ticks + targets) * COPIES_PER_READ + length <= _INLINE_UNCHECKED:
        return None
    reads, unclosed, spans = _code_spans(text) if ticks else (0, 0, [])
    elements = len(spans)
    rest = text
    if spans:
        parts, at = [], 0
        for start, end in spans:
            parts.append(text[at:start])
            at = end
        parts.append(text[at:])
        rest = "\x00".join(parts)
    elements += len(_ELEMENT.findall(rest)) + (rest.count("[") if references else 0)
    reads += elements * length // COPIES_PER_READ
    open_targets = 0
    if targets:
        target_reads, open_targets = _link_targets(_ESCAPED.sub("\x00", rest))
        reads += target_reads
    if reads <= limit:
        return None
    return SlowInline(text, unclosed, open_targets, elements)


class _SlowBrackets(Treeprocessor):
    """Before inline parsing: every text too slow to parse is kept as written."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[SlowText] = []
        self.found_inline: list[SlowInline] = []

    def _slow(self, text: str) -> bool:
        bracket = slow_brackets(text)
        if bracket is not None:
            self.found.append(bracket)
            return True
        inline = slow_inline(text, bool(self.md.references))
        if inline is not None:
            self.found_inline.append(inline)
            return True
        return False

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            text = element.text
            if (
                text
                and _may_be_slow(text)
                and not isinstance(text, AtomicString)
                and self._slow(text)
            ):
                element.text = _as_written(text)
                if element.tag == "p":
                    element.tag = "pre"
                    element.set("class", UNRENDERED_CLASS)
            tail = element.tail
            if (
                tail
                and _may_be_slow(tail)
                and not isinstance(tail, AtomicString)
                and self._slow(tail)
            ):
                element.tail = _as_written(tail)


def _may_be_slow(text: str) -> bool:
    """False when ``text`` passes the first, cheap tests of both :func:`slow_brackets` and
    :func:`slow_inline`, as nearly every text of a page does: one call in place of the
    three that reach them, on the tens of texts of each page."""
    return (
        text.count("[") > BRACKET_READS
        or (text.count("`") + text.count("](")) * COPIES_PER_READ + len(text) > _INLINE_UNCHECKED
    )


def _as_written(text: str) -> AtomicString:
    """``text`` kept from the inline parser, to be shown exactly as written: the renderer
    leaves what looks like an entity (``&amp;``) unescaped when it writes a text out, so
    that it would show as its character; each ``&`` is escaped here instead."""
    return AtomicString(text.replace("&", "&amp;"))


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
        # Each ``<`` reads at most the rest of the text: with no more of them than
        # HTML_READS, the text is read at most that many times over (as tested below).
        if text.count("<") <= HTML_READS:
            return lines
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
        return _kept_as_text(self.md, lines, slow)


def _kept_as_text(md: markdown.Markdown, lines: list[str], blocks: list[Block]) -> list[str]:
    """``lines`` with each of ``blocks`` (found in them, in order) put aside as
    preformatted text, for a preprocessor to hand on: no later step reads it."""
    lines = lines[:]
    for block in reversed(blocks):
        end = block.line + block.text.count("\n") + 1
        lines[block.line : end] = [md.htmlStash.store(as_text(block.text))]
    return lines


def _register_slow_markup(md: markdown.Markdown) -> _SlowMarkup:
    processor = _SlowMarkup(md)
    # Just before the HTML reader (priority 20), after fenced code is set aside.
    md.preprocessors.register(processor, "pmkb_slow_markup", 21)
    return processor


#: How many fenced blocks a page may hold before those past them are shown as
#: written. The renderer highlights each fenced block on its own, which costs as much
#: as reading a thousand lines of text, and rebuilds the page's lines for each.
FENCED_BLOCKS = 500

#: A line that opens or closes a fenced block, in a list or a quote or not.
_FENCE_LINE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})", re.MULTILINE)


@dataclass(frozen=True)
class SlowFences:
    """A block shown as written because the page holds too many fenced blocks before it."""

    line: int  # 0-based, in the text converted
    text: str
    fences: int  # lines of the block that open or close a fenced block


class _SlowFences(Preprocessor):
    """Before fenced blocks are read: the blocks holding fences past the page's
    :data:`FENCED_BLOCKS` are kept as written."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[SlowFences] = []

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        allowed = 2 * FENCED_BLOCKS  # lines that open or close one
        # Each such line holds three backticks or tildes of its own: counting those
        # characters is much cheaper than matching the lines, and all a page needs
        # unless it holds thousands.
        if text.count("`") + text.count("~") <= 3 * allowed:
            return lines
        if len(_FENCE_LINE.findall(text)) <= allowed:
            return lines
        seen = 0
        slow = []
        for block in split_blocks(text):
            fences = len(_FENCE_LINE.findall(block.text))
            seen += fences
            if fences and seen > allowed:
                slow.append(block)
                # The lines are still the page's own: read where each block is.
                self.found.append(SlowFences(block.line, block.text, fences))
        return _kept_as_text(self.md, lines, slow)


def _register_slow_fences(md: markdown.Markdown) -> _SlowFences:
    processor = _SlowFences(md)
    # Just before fenced blocks are read (priority 25), after the text is normalised.
    md.preprocessors.register(processor, "pmkb_slow_fences", 26)
    return processor


#: How many times over the block parser may read a page (counting, for each block it
#: parses, the block's length) before the page's blocks too slow on their own are shown
#: as written. A page's own nesting and sections read it a few times over; a run of
#: thousands of headings or notes with no blank line, thousands of times. Reading a text
#: once costs the block parser about as much as one of the renderer's full readings of it
#: (its processors each look at every block), so the limit bounds the work at about
#: fifty readings of the page, a couple of seconds for the largest body.
BLOCK_READS = 50

#: A page shorter than this is allowed as many readings as if it were this long: the
#: sections of a short page written without blank lines never cost a measurable time.
BLOCK_READS_FLOOR = 20_000


class _BlockMeter(BlockProcessor):
    """First of the block processors: counts the length of each block the parser
    tries, and stops the parser with :class:`SlowBlocks` past the page's allowance.
    It never takes a block.

    What the list readers copy is costly to count exactly and on an ordinary page far
    below the allowance: it is counted at most first (see :func:`_metered_items`), and
    exactly only once that count takes the page past its allowance, so that the parser
    is stopped exactly where an exact count would stop it."""

    def __init__(self, parser: Any) -> None:
        super().__init__(parser)
        self.reads = 0
        self.limit = BLOCK_READS * BLOCK_READS_FLOOR
        #: Readings added at most, each with the block and the count that gives them
        #: exactly: ``reads`` holds the most, never less than the exact readings.
        self.at_most: list[tuple[int, str, Callable[[str], int]]] = []

    def start(self, limit: int) -> None:
        self.reads = 0
        self.limit = limit
        self.at_most.clear()

    def add_at_most(self, at_most: int, block: str, exactly: Callable[[str], int]) -> None:
        """Add the readings of ``block``, at most ``at_most``, exactly ``exactly(block)``."""
        self.reads += at_most
        self.at_most.append((at_most, block, exactly))
        if self.reads > self.limit:
            self._stop_if_past()

    def _stop_if_past(self) -> None:
        """Count exactly what was counted at most; raise :class:`SlowBlocks` if the page
        is still past its allowance."""
        for at_most, block, exactly in self.at_most:
            self.reads += exactly(block) - at_most
        self.at_most.clear()
        if self.reads > self.limit:
            raise SlowBlocks(len(self.parser.state))

    def test(self, parent: etree.Element, block: str) -> bool:
        self.reads += len(block)
        if self.reads > self.limit:
            self._stop_if_past()
        return False

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:  # pragma: no cover
        return False


class _BlockMeterStart(Preprocessor):
    """Last of the preprocessors: sets the meter's allowance for the text it hands on."""

    def __init__(self, md: markdown.Markdown, meter: _BlockMeter) -> None:
        super().__init__(md)
        self.meter = meter

    def run(self, lines: list[str]) -> list[str]:
        length = sum(map(len, lines)) + len(lines)
        self.meter.start(BLOCK_READS * max(length, BLOCK_READS_FLOOR))
        return lines


def _item_copies(block: str, child: re.Pattern[str], indent: re.Pattern[str], tab: str) -> int:
    """The characters a list reader copies splitting ``block`` into items: it rebuilds
    an item for each line added to it, so a long text run on under one item costs its
    length times its lines. ``child`` and ``indent`` are the reader's own patterns for
    a line that starts an item and one that starts a nested item.

    An item is never longer than the block and a line, so the copies are at most
    the block's lines times its length and a character (:func:`_item_copies_at_most`).
    """
    copies = item = 0
    nested = False  # whether the item being built is itself indented
    for line in block.split("\n"):
        start = child.match(line)
        if start:
            item, nested = len(start.group(3)), start.group(3).startswith(tab)
        elif indent.match(line) and not nested:
            item, nested = len(line), True
        else:
            item += len(line) + 1
            copies += item
    return copies


def _item_copies_at_most(block: str) -> int:
    """At least :func:`_item_copies` of ``block``, whatever the patterns: each of its
    lines adds at most the item built so far, never longer than the block and a line
    end."""
    return (block.count("\n") + 1) * (len(block) + 1)


def _metered_items(processor: Any, meter: _BlockMeter) -> None:
    """Meter what ``processor``, a list reader, copies splitting a block into items,
    before it does so."""
    get_items = processor.get_items
    child, indent = processor.CHILD_RE, processor.INDENT_RE
    tab = " " * processor.tab_length

    def reads(block: str) -> int:
        return _item_copies(block, child, indent, tab) // COPIES_PER_READ

    def metered(block: str) -> list[str]:
        meter.add_at_most(_item_copies_at_most(block) // COPIES_PER_READ, block, reads)
        return get_items(block)  # type: ignore[no-any-return]

    processor.get_items = metered


def _register_block_meter(md: markdown.Markdown) -> None:
    meter = _BlockMeter(md.parser)
    # Before every other block processor, so that it sees each block tried.
    md.parser.blockprocessors.register(meter, "pmkb_block_meter", 1000)
    md.preprocessors.register(_BlockMeterStart(md, meter), "pmkb_block_meter_start", 0)
    for name in ("olist", "ulist"):
        if name in md.parser.blockprocessors:
            _metered_items(md.parser.blockprocessors[name], meter)


class _SlowBracketsOnly(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        _register_slow_brackets(md)
        _register_slow_markup(md)
        _register_slow_fences(md)
        _register_block_meter(md)


@dataclass(frozen=True)
class Unrendered:
    """What one conversion showed as text instead of rendering; lines are 0-based."""

    too_deep: list[int]
    slow: list[tuple[int, SlowText]]
    slow_markup: list[tuple[int, SlowMarkup]] = field(default_factory=list)
    slow_inline: list[tuple[int, SlowInline]] = field(default_factory=list)
    slow_fences: list[tuple[int, SlowFences]] = field(default_factory=list)
    #: Blocks too slow for the block parser, each at its line.
    slow_blocks: list[tuple[int, Block]] = field(default_factory=list)


_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")


def lines_of(source: str, texts: list[str]) -> list[int]:
    """The 0-based line of ``source`` where each of ``texts``, taken out of it in order
    by the block parser, begins (at worst the line where the text before it ends)."""
    if not texts:
        return []
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
    ``RecursionError`` or parses a text's blocks, brackets or HTML for minutes.

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
        fences = _register_slow_fences(md)
        _register_block_meter(md)
        found_lists: list[list[Any]] = [
            processor.found,
            processor.found_inline,
            markup.found,
        ]
        every_found: list[list[Any]] = [*found_lists, fences.found]
        convert = md.convert

        def guarded(source: str) -> str:
            for found in every_found:
                found.clear()
            too_deep: list[int] = []
            slow_blocks: list[Block] = []
            try:
                html = convert(source)
            except (RecursionError, SlowBlocks) as error:
                shown, too_deep, slow_blocks = recovered(source, self._new_markdown, error)
                # The error left the block parser's state stack as it was, deep down.
                md.reset()
                md.parser.state.clear()
                for found in every_found:
                    found.clear()
                html = convert(shown)
            if not (too_deep or slow_blocks or any(every_found)):
                return html  # every page but a hostile one: nothing to locate or keep
            slow, slow_inline, slow_markup = (
                list(zip(lines_of(source, [item.text for item in found]), found, strict=True))
                for found in found_lists[:3]
            )
            slow_fences = [(block.line, block) for block in fences.found]
            if too_deep or slow or slow_inline or slow_markup or slow_fences or slow_blocks:
                self._found[source] = Unrendered(
                    too_deep,
                    slow,
                    slow_markup,
                    slow_inline,
                    slow_fences,
                    [(block.line, block) for block in slow_blocks],
                )
            return html

        # MkDocs calls convert() on the Markdown it made for the page, extensions and all.
        md.convert = guarded  # type: ignore[method-assign]
