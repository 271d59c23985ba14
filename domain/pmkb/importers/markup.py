"""reStructuredText and AsciiDoc post-mortems as the Markdown the importer reads.

Teams that keep their incident reports in Sphinx or Antora docs write them as ``.rst`` or
``.adoc`` files. Only what the Markdown reader needs is converted: headings, the facts at
the top (RST field lists, AsciiDoc attributes) as "Date: ..." lines, lists, inline literals
and links, code blocks, tables, and directives or comments out of the way. Every line stays
on its line number (a line that means nothing in Markdown becomes blank, a table's inner
lines become separators), so that what the report cites ("line 12") is the source's line.
The source itself is kept whole as the draft's original report.
"""

from __future__ import annotations

import csv
import re
from pathlib import PurePath

RST_SUFFIXES = (".rst", ".rest")
ASCIIDOC_SUFFIXES = (".adoc", ".asciidoc")
MARKUP_SUFFIXES = RST_SUFFIXES + ASCIIDOC_SUFFIXES


def markup_language(name: str) -> str | None:
    """ "rst" or "asciidoc" for a file name with their suffix, else None."""
    suffix = PurePath(name).suffix.lower()
    if suffix in RST_SUFFIXES:
        return "rst"
    if suffix in ASCIIDOC_SUFFIXES:
        return "asciidoc"
    return None


def as_markdown(text: str, name: str) -> str:
    """``text`` as Markdown when ``name`` is a reStructuredText or AsciiDoc file, else as is."""
    language = markup_language(name)
    if language == "rst":
        return rst_as_markdown(text)
    if language == "asciidoc":
        return asciidoc_as_markdown(text)
    return text


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(" ".join(c.split()) for c in cells) + " |"


def _separator(columns: int) -> str:
    return "|" + "---|" * max(columns, 1)


# --- reStructuredText ------------------------------------------------------------

#: Any punctuation may underline a title; these are the ones documents use.
_ADORNMENT = re.compile(r"^([=\-~^\"*+#`':.,_!$%&;<>?@|/\\])\1{2,}\s*$")
_RST_FIELD = re.compile(r"^:(?P<name>[^:`\s][^:`]{0,40}?):(?:\s+(?P<value>.*?))?\s*$")
_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\.\s+(?P<name>[\w:-]+)::(?:\s+(?P<args>.*?))?\s*$")
_EXPLICIT = re.compile(r"^(?P<indent>\s*)\.\.(?:\s|$)")
_TARGET = re.compile(r"^\s*\.\.\s+_`?(?P<name>[^:`]+)`?:\s*(?P<url>\S+)?\s*$")
_SIMPLE_BORDER = re.compile(r"^=+(?:\s+=+)+\s*$")
#: Directives whose content is code: it stays code.
_CODE_DIRECTIVES = {"code-block", "code", "sourcecode", "parsed-literal"}
#: Directives whose content is no prose of the report (a table of contents, a picture).
_SILENT_DIRECTIVES = {
    "toctree", "contents", "image", "figure", "include", "raw", "meta", "index",
    "highlight", "sectnum", "default-role", "role", "only", "literalinclude",
}  # fmt: skip


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the lines indented deeper than ``indent`` from ``start`` on (blank
    lines inside count, trailing ones do not)."""
    end = start
    last = start
    while end < len(lines):
        if lines[end].strip():
            if _indent(lines[end]) <= indent:
                break
            last = end + 1
        end += 1
    return last


def _dedented(lines: list[str], start: int, end: int, n: int) -> str:
    """Line ``n`` of the indented block ``start:end`` without the block's indent."""
    indent = min((_indent(lines[i]) for i in range(start, end) if lines[i].strip()), default=0)
    return lines[n][indent:] if lines[n].strip() else ""


def _rst_inline(line: str, targets: dict[str, str]) -> str:
    # `text <url>`_ and `text <url>`__: a Markdown link; `name`_: its target's link or its text.
    line = re.sub(r"`([^`<]+?)\s*<([^>`]+)>`__?", r"[\1](\2)", line)

    def named(m: re.Match[str]) -> str:
        """A reference to a named target: its link, or its text when no target has it."""
        name = m.group(1)
        return f"[{name}]({targets[name.lower()]})" if name.lower() in targets else name

    line = re.sub(r"`([^`]+)`__?(?!\w)", named, line)
    line = re.sub(r"(?<![\w`])(\w[\w-]*)__?(?![\w`])", named, line)
    # :role:`text <target>` and :role:`text`: the text a reader sees.
    line = re.sub(r":[\w:+-]+:`([^`<]+?)\s*<[^>`]+>`", r"\1", line)
    line = re.sub(r":[\w:+-]+:`([^`]+)`", r"\1", line)
    # ``literal`` is Markdown's `literal`.
    return re.sub(r"``(.+?)``", r"`\1`", line)


#: The start of a reference left open at the end of a line: "`the status", ":ref:`the paging".
_OPENED_REFERENCE = re.compile(r"(?<!`)(?P<role>:[\w:+-]+:)?`(?=[^`\s])(?P<text>[^`]*)$")
#: Its end at the start of the next line: "page <https://...>`_", "<url>`__", "policy`_".
_CLOSED_REFERENCE = re.compile(
    r"^(?P<indent>\s*)(?P<text>[^`<]*?)\s*(?:<(?P<target>[^>`]+)>)?`(?P<underscores>__?)?(?!`)"
)


#: How many lines a reference's text may wrap over ("`the status page for the" then two
#: more lines): a backtick left open longer is a typo, not a link.
_WRAPPED_REFERENCE_LINES = 6


def _closing_line(lines: list[str], n: int) -> tuple[int, re.Match[str]] | None:
    """The line after ``n`` that closes the reference opened on ``n``, and its match: the next
    line, or one further down when the lines between are words of the reference's text (no
    backtick, no blank line)."""
    for close in range(n + 1, min(n + _WRAPPED_REFERENCE_LINES, len(lines))):
        closed = _CLOSED_REFERENCE.match(lines[close])
        if closed:
            return close, closed
        if not lines[close].strip() or "`" in lines[close]:
            return None
    return None


def _spread(first: str, tokens: list[str], indents: list[str]) -> list[str]:
    """``first`` on the first line and ``tokens`` spread evenly over the lines after it, each
    line with its own indent, so that no line of a paragraph is left blank while words
    remain: ``first`` gives the lines after it its last words when ``tokens`` are too few, and
    an empty ``first`` takes the first token."""
    words = first.split()
    lead = first[: len(first) - len(first.lstrip())]
    if not words and tokens:
        words, tokens = [tokens[0]], tokens[1:]
    room = len(indents) - 1
    moved = min(max(room - len(tokens), 0), max(len(words) - 1, 0))
    if moved:
        tokens = words[len(words) - moved :] + tokens
        words = words[: len(words) - moved]
    spread = [lead + " ".join(words)]
    each, extra = divmod(len(tokens), room)
    taken = 0
    for offset, indent in enumerate(indents[1:]):
        count = each + (1 if offset < extra else 0)
        piece = " ".join(tokens[taken : taken + count])
        taken += count
        spread.append(indent + piece if piece else "")
    return spread


def _wrapped_references_joined(lines: list[str], targets: dict[str, str]) -> list[str]:
    """A link or a role whose text wraps onto the next lines (editors wrap at 72-80 columns):
    "`status page" then "<https://...>`_" is one link, ":ref:`the paging" then "policy
    <paging>`" the words a reader sees. All the lines stay lines, so that every line keeps its
    number: over two lines, the link on the first line and the rest of the second after it,
    or, when nothing follows it on the second line, the words before it on the first and the
    link on the second (so that no blank line splits the paragraph). Over three lines or more,
    the link whole on one line and the words around it one a line, as many lines as words
    allow, so that no blank line splits the paragraph either."""
    out = list(lines)
    for n in range(len(out) - 1):
        opened = _OPENED_REFERENCE.search(out[n])
        closing = _closing_line(out, n)
        if not (opened and closing and out[n].count("`") % 2):
            continue
        close, closed = closing
        middle = " ".join(out[m] for m in range(n + 1, close))
        words = " ".join(f"{opened.group('text')} {middle} {closed.group('text')}".split())
        target = closed.group("target")
        if opened.group("role"):
            piece = words  # :ref:`...`, :doc:`...`: what a reader sees is the text
        elif not closed.group("underscores"):
            continue  # `interpreted text` is no reference: left as it is
        elif target and target.endswith("_") and target[:-1].strip().lower() in targets:
            piece = f"[{words}]({targets[target[:-1].strip().lower()]})"
        elif target and not target.endswith("_"):
            piece = f"[{words}]({target})"
        elif not target and words.lower() in targets:
            piece = f"[{words}]({targets[words.lower()]})"
        else:
            piece = words  # a name with no target: its text
        before = out[n][: opened.start()]
        rest = out[close][closed.end() :]
        indent = closed.group("indent")
        # The punctuation right after the reference stays with it (", but ..." reads wrong).
        cut = len(rest) - len(rest.lstrip(",.;:!?)"))
        piece, rest = piece + rest[:cut], rest[cut:]
        out[n : close + 1] = _placed(out[n : close + 1], before, piece, rest, indent)
    return out


def _placed(wrapped: list[str], before: str, piece: str, rest: str, indent: str) -> list[str]:
    """The lines ``wrapped`` (a link's text wrapped over them) with the link ``piece`` whole on
    one of them, the words ``before`` and ``rest`` around it: see
    :func:`_wrapped_references_joined`."""
    if len(wrapped) > 2:
        indents = [line[: _indent(line)] for line in wrapped]
        if len(rest.split()) >= len(wrapped) - 1:
            return _spread(before + piece, rest.split(), indents)
        return _spread(before, [piece, *rest.split()], indents)
    if re.search(r"\w", rest):
        return [before + piece, indent + rest.lstrip()]
    if before.strip():
        return [before.rstrip(), indent + piece + rest]
    return [before + piece + rest.strip(), ""]  # the reference is all there is on both lines


def _rst_titles(lines: list[str], out: list[str]) -> None:
    """Section titles (underlined, or over- and underlined with any adornment) as Markdown
    headings, their level by the order in which each style first appears, as in RST."""
    styles: list[tuple[str, bool]] = []
    index = 0
    while index < len(lines):
        raw = lines[index]
        over = _ADORNMENT.match(raw)
        before_blank = index == 0 or not lines[index - 1].strip()
        if (
            over
            and before_blank
            and index + 2 < len(lines)
            and lines[index + 1].strip()
            and lines[index + 2].strip() == raw.strip()
        ):
            title, style, used = lines[index + 1].strip(), (over.group(1), True), 3
        elif (
            before_blank
            and raw.strip()
            and not raw[0].isspace()
            and index + 1 < len(lines)
            and (under := _ADORNMENT.match(lines[index + 1])) is not None
            and len(lines[index + 1].strip()) >= min(len(raw.strip()), 4)
            and not _ADORNMENT.match(raw)
            and not raw.startswith("..")
        ):
            title, style, used = raw.strip(), (under.group(1), False), 2
        else:
            index += 1
            continue
        if style not in styles:
            styles.append(style)
        level = min(styles.index(style) + 1, 6)
        heading_at = index + 1 if used == 3 else index
        for n in range(index, index + used):
            out[n] = ""
        out[heading_at] = "#" * level + " " + _rst_inline(title, {})
        index += used


def _simple_table(lines: list[str], out: list[str], start: int) -> int:
    """A simple table (``=====  =====`` borders) from ``start`` as a pipe table, line for
    line; the index after it."""
    border = lines[start]
    spans = [(m.start(), m.end()) for m in re.finditer(r"=+", border)]

    def cells(raw: str) -> list[str]:
        parts = [raw[a:b] if i < len(spans) - 1 else raw[a:] for i, (a, b) in enumerate(spans)]
        return [p.strip() for p in parts]

    end = start + 1
    rows: list[int] = []
    borders = [start]
    while end < len(lines):
        raw = lines[end]
        if _SIMPLE_BORDER.match(raw):
            borders.append(end)
            if end + 1 >= len(lines) or not lines[end + 1].strip():
                end += 1
                break
        elif raw.strip():
            rows.append(end)
        end += 1
    headed = len(borders) >= 3
    out[start] = ""
    out[borders[-1]] = ""
    if headed:
        out[borders[1]] = _separator(len(spans))
    previous: tuple[int, list[str]] | None = None
    for n in rows:
        row = cells(lines[n])
        if previous is not None and not row[0] and n > borders[1 if headed else 0]:
            # A first cell left empty continues the row above: its words join that row.
            at, above = previous
            above[:] = [f"{a} {b}".strip() for a, b in zip(above, row)]
            out[at] = _pipe_row(above)
            out[n] = _separator(len(spans))
            continue
        out[n] = _pipe_row(row)
        previous = (n, row)
    for n in range(start + 1, borders[-1]):
        if not lines[n].strip():
            out[n] = _separator(len(spans))  # no blank line splits the table
    return end


def _list_table(lines: list[str], out: list[str], start: int, end: int) -> None:
    """A ``list-table`` directive's rows as a pipe table: each row on its first line, the
    other lines separators, so that rows keep their line numbers."""
    rows: list[tuple[int, list[str]]] = []
    header_rows = 0
    for n in range(start + 1, end):
        raw = lines[n].strip()
        option = re.match(r":header-rows:\s*(\d+)", raw)
        if option:
            header_rows = int(option.group(1))
        row_start = re.match(r"^\*\s+-\s*(.*)$", raw)
        cell_start = re.match(r"^-\s*(.*)$", raw)
        if row_start:
            rows.append((n, [row_start.group(1)]))
        elif cell_start and rows:
            rows[-1][1].append(cell_start.group(1))
        elif raw and rows and not raw.startswith(":"):
            rows[-1][1][-1] += " " + raw
    if not rows:
        return
    columns = max(len(cells) for _, cells in rows)
    first = rows[0][0]
    for n in range(start, end):
        # The directive and its options are no part of the table; inside it, the lines
        # that go on a row are separators, which the readers pass over.
        out[n] = "" if n < first else _separator(columns)
    if not header_rows:
        # A pipe table needs a header: a row of empty cells right above the first row
        # (a blank line always parts the options from the rows).
        out[first - 1] = "|" + " |" * columns
    for n, cells in rows:
        out[n] = _pipe_row(cells + [""] * (columns - len(cells)))


def _csv_table(lines: list[str], out: list[str], start: int, end: int) -> None:
    """A ``csv-table`` directive's records as a pipe table, each on the line where it starts
    (a quoted cell may go on over several lines, which become separators); the header of
    its ``:header:`` option on the lines above the first record."""
    options: dict[str, str] = {}
    for n in range(start + 1, end):
        option = re.match(r"^\s*:([\w-]+):\s*(.*)$", lines[n])
        if option:
            options[option.group(1)] = option.group(2)
    delimiter = {"tab": "\t", "space": " "}.get(
        options.get("delim", ","), options.get("delim", ",")
    )
    first = next(
        (n for n in range(start + 1, end) if lines[n].strip() and not re.match(r"^\s*:", lines[n])),
        None,
    )
    for n in range(start, end):
        out[n] = ""
    if first is None:
        return  # the records are in a file (":file:"), none in the report
    records: list[tuple[int, list[str]]] = []
    pending: list[str] = []
    for n in range(first, end):
        if not pending:
            if not lines[n].strip():
                continue
            records.append((n, []))
        pending.append(lines[n].strip())
        joined = "\n".join(pending)
        if joined.count('"') % 2 == 0:  # no quoted cell left open: the record is whole
            reader = csv.reader(
                [joined.replace("\n", " ")], delimiter=delimiter[:1] or ",", skipinitialspace=True
            )
            records[-1][1].extend(cell.strip() for cell in next(reader))
            pending = []
    header = (
        next(csv.reader([options["header"]], skipinitialspace=True))
        if "header" in options
        else None
    )
    header_rows = int(options.get("header-rows", "0") or 0)
    columns = max([len(cells) for _, cells in records] + [len(header or [])])
    for n in range(first, end):
        out[n] = _separator(columns) if lines[n].strip() else ""
    for n, cells in records:
        out[n] = _pipe_row(cells + [""] * (columns - len(cells)))
    if header is None and header_rows and records:
        # The first record is the header: it moves up a line, its own line the separator.
        header = records[0][1]
        out[records[0][0]] = _separator(columns)
        out[first - 1] = _pipe_row(header + [""] * (columns - len(header)))
        return
    # A header and its separator on the two lines above the first record (an option line
    # and the blank line that parts the options from the records); an empty header when
    # the table has none.
    out[first - 1] = _separator(columns)
    out[first - 2] = _pipe_row((header or []) + [""] * (columns - len(header or [])))


def _inline_code(text: str) -> str:
    """``text`` as Markdown inline code, with a longer fence when it holds a backtick."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _fence_code(
    lines: list[str], out: list[str], code: set[int], free: int, start: int, end: int, lang: str
) -> None:
    """The code on lines ``start:end`` as a fenced block in the lines it may take, so that no
    line outside them changes its number: ``free:start`` (a directive's line and options, the
    blank line after "::"), the code's own lines, and the line after the code when it is blank
    or the end of the text. The code moves up a line when text follows it right under it;
    when the lines are one too few for the fences (a "::" with no blank line after it), the
    code's last lines share one line; when there is no room for fences at all, each code line
    becomes inline code where it is."""
    after_free = end >= len(lines) or not lines[end].strip()
    last = end if after_free else end - 1  # the closing fence's line
    first = max(free, start - 1 if after_free else start - 2)  # the opening fence's line
    body = [_dedented(lines, start, end, n) for n in range(start, end)]
    room = last - first - 1
    for n in range(min(free, start), end):
        out[n] = ""
    if room < 1:
        for n in range(start, end):
            if lines[n].strip():
                out[n] = lines[n][: _indent(lines[n])] + _inline_code(lines[n].strip())
                code.add(n)
        return
    if len(body) > room:
        # Too few lines: the last ones share a line (the source keeps them whole).
        kept = [line for line in body[room - 1 :] if line.strip()]
        body = body[: room - 1] + ["  ".join(kept)]
    if last >= len(out):
        out.append("")  # the text ends with the code: the closing fence goes after it
    out[first] = f"```{lang}"
    for offset, line in enumerate(body):
        out[first + 1 + offset] = line
        code.add(first + 1 + offset)
    out[last] = "```"


#: An RST list item, table or field: a block indented under a paragraph that starts with one
#: is the list (or table) its author indented, which the reader reads as such, no quote.
_LISTED = re.compile(
    r"^\s*(?:[-*+\u2022]\s|#\.\s|\(?\w{1,3}[.)]\s|[+|]|=+\s|:[^:\s][^:]*:(?:\s|$))"
)


#: A list item's marker and the spaces after it: where the item's text starts.
_ITEM_TEXT = re.compile(r"^\s*(?:[-*+\u2022]|#\.|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+(?=\S)")


def _item_text_column(lines: list[str], top: int, above: int) -> int | None:
    """The column where the text of the list item whose paragraph runs ``top:above + 1``
    starts, or None when that paragraph is no list item (or a table, a field)."""
    item = _ITEM_TEXT.match(lines[top])
    if item is None:
        return None
    column = item.end()
    if any(_indent(lines[n]) != column for n in range(top + 1, above + 1)):
        return None  # wrapped lines that leave the item's text: no plain item
    return column


def _block_quote_end(lines: list[str], out: list[str], index: int) -> tuple[int, int] | None:
    """The end of the block quote that starts at ``index`` and the column its "> " goes at, or
    None when none starts there. RST reads a prose paragraph indented under a paragraph or a
    title (a blank line between, no "::" before it) as a block quote: a notice to customers, a
    quoted alert or message; so too one indented deeper than a list item's text, under the
    item ("- 10:20 Support posted:" then the notice). Only a block indented four spaces or
    more past where its paragraph's text starts is one here: Markdown would make it code, lost
    to the reader, while one indented less is a paragraph to Markdown too and is read as such
    (its rows, its follow-ups). A list, table or field indented the same way is left as it is,
    and so is anything indented under a field or a directive."""
    raw = lines[index]
    if (
        _indent(raw) < 4
        or out[index] != raw
        or (index > 0 and lines[index - 1].strip())
        or _LISTED.match(raw)
        or _EXPLICIT.match(raw)
    ):
        return None
    above = index - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0:
        if lines[above].rstrip().endswith("::"):
            return None
        # The paragraph's top, or the list item it ends with (items need no blank line
        # between them).
        top = above
        while top > 0 and lines[top - 1].strip() and not _ITEM_TEXT.match(lines[top]):
            top -= 1
        if _EXPLICIT.match(lines[top]):
            return None
        if _LISTED.match(lines[top]):
            # Under a list item: a quote only when indented four past the item's text.
            column = _item_text_column(lines, top, above)
            if column is None or _indent(raw) < column + 4:
                return None
            return _block_end(lines, index, column), column
        if _indent(lines[above]) != 0:
            return None
    return _block_end(lines, index, 0), 0


def rst_as_markdown(text: str) -> str:
    """reStructuredText as Markdown, line for line (see the module's docstring)."""
    targets = {
        m.group("name").strip().lower(): m.group("url")
        for m in map(_TARGET.match, text.split("\n"))
        if m and m.group("url")
    }
    lines = _wrapped_references_joined(text.split("\n"), targets)
    out = list(lines)
    _rst_titles(lines, out)
    code: set[int] = set()
    index = 0
    while index < len(lines):
        raw = lines[index]
        directive = _DIRECTIVE.match(raw)
        if _SIMPLE_BORDER.match(raw) and index + 1 < len(lines) and lines[index + 1].strip():
            index = _simple_table(lines, out, index)
            continue
        if directive:
            indent = len(directive.group("indent"))
            name = directive.group("name").lower()
            end = _block_end(lines, index + 1, indent)
            body = range(index + 1, end)
            options = [n for n in body if re.match(r"^\s*:[\w-]+:", lines[n])]
            content_start = next(
                (n for n in body if n not in options and lines[n].strip()),
                end,
            )
            if name == "list-table":
                _list_table(lines, out, index, end)
                index = end
                continue
            if name == "csv-table" and content_start - 2 > index:
                _csv_table(lines, out, index, end)
                index = end
                continue
            for n in range(index, content_start):
                out[n] = ""
            if name in _CODE_DIRECTIVES:
                # The code stays code, fenced in the lines of the directive and its code.
                language = (directive.group("args") or "").split(" ")[0]
                if content_start < end:
                    _fence_code(lines, out, code, index, content_start, end, language)
            elif name in _SILENT_DIRECTIVES:
                for n in range(content_start, end):
                    out[n] = ""
            else:
                # An admonition (note, warning) or another directive: its words are the report's.
                args = directive.group("args")
                if args:
                    out[index] = args
                for n in range(content_start, end):
                    out[n] = _rst_inline(_dedented(lines, content_start, end, n), targets)
            index = end
            continue
        if _EXPLICIT.match(raw):
            # A comment, a link target, a footnote or a substitution: none is prose to read,
            # except a footnote's words.
            end = _block_end(lines, index + 1, _indent(raw))
            footnote = re.match(r"^\s*\.\.\s+\[([^\]]+)\]\s+(.*)$", raw)
            for n in range(index, end):
                out[n] = ""
            if footnote:
                out[index] = f"[{footnote.group(1)}] {footnote.group(2)}"
            index = end
            continue
        literal = re.search(r"(\s?)::\s*$", raw)
        if literal and not _RST_FIELD.match(raw):
            # "Log from the worker::" then an indented block: the block is code, also when the
            # blank line RST wants after the "::" is missing. A "::" alone is no text.
            alone = raw.strip() == "::"
            out[index] = "" if alone else raw[: literal.start()] + ("" if literal.group(1) else ":")
            end = _block_end(lines, index + 1, _indent(raw))
            start = next((n for n in range(index + 1, end) if lines[n].strip()), end)
            if start < end:
                _fence_code(lines, out, code, index if alone else index + 1, start, end, "")
                index = end
                continue
        quote = _block_quote_end(lines, out, index)
        if quote is not None:
            # A block quote: Markdown's "> " quote, its words read as the report's; under a
            # list item at the item's text, so that it stays in the item.
            quote_end, column = quote
            for n in range(index, quote_end):
                quoted = _rst_inline(_dedented(lines, index, quote_end, n), targets)
                out[n] = " " * column + (f"> {quoted}" if quoted.strip() else ">")
            index = quote_end
            continue
        index += 1
    _rst_lists_and_fields(lines, out, code, targets)
    return "\n".join(out)


def _rst_lists_and_fields(
    lines: list[str], out: list[str], code: set[int], targets: dict[str, str]
) -> None:
    for n, raw in enumerate(out):
        if n in code or n >= len(lines) or out[n] != lines[n]:
            continue  # code, or a line already converted
        field = _RST_FIELD.match(raw)
        if field:
            # ":Date: 2024-03-05" at the top (docinfo) or anywhere: the fact line "Date: ...".
            out[n] = f"{field.group('name')}: {field.group('value') or ''}".rstrip()
            continue
        # "#." and "(1)" enumerations: Markdown's "1." items.
        enumerated = re.match(r"^(\s*)(#\.|\(\d+\)|\d+[.)])\s+(?=\S)", raw)
        if enumerated:
            number = re.search(r"\d+", enumerated.group(2))
            out[n] = f"{enumerated.group(1)}{number.group(0) if number else '1'}. " + _rst_inline(
                raw[enumerated.end() :], targets
            )
            continue
        out[n] = _rst_inline(raw, targets)


# --- AsciiDoc ----------------------------------------------------------------------

#: Attributes that set how the page renders, no fact of the incident.
_ADOC_SETTINGS = {
    "toc", "toclevels", "toc-title", "icons", "sectnums", "sectanchors", "sectlinks",
    "source-highlighter", "imagesdir", "experimental", "idprefix", "idseparator", "nofooter",
    "doctype", "showtitle", "page-layout", "navtitle", "lang", "hide-uri-scheme",
    "table-caption", "figure-caption", "example-caption", "email", "revremark", "revnumber",
}  # fmt: skip
#: Attribute names that the Markdown reader knows under another name.
_ADOC_NAMES = {"revdate": "Date", "author": "Authors", "authors": "Authors"}
_ADOC_ATTRIBUTE = re.compile(r"^:(?P<name>!?[\w][\w-]*!?):(?:\s+(?P<value>.*?))?\s*$")
_ADOC_DELIMITER = re.compile(r"^(?:-{4,}|\.{4,}|={4,}|\*{4,}|_{4,}|\+{4,}|/{4,}|--)\s*$")


def _adoc_inline(line: str) -> str:
    # link:url[text], url[text]: a Markdown link; xref:page.adoc[text], <<id,text>>: the text.
    line = re.sub(r"\b(?:xref:)\S+?\[([^\]]+)\]", r"\1", line)
    line = re.sub(r"<<[^,>]+,\s*([^>]+)>>", r"\1", line)
    line = re.sub(r"<<([^,>]+)>>", r"\1", line)
    line = re.sub(r"\blink:(\S+?)\[([^\]]+)\]", r"[\2](\1)", line)
    line = re.sub(r"\b((?:https?|mailto):[^\s\[]+)\[([^\]]+)\]", r"[\2](\1)", line)
    line = re.sub(r"\b((?:https?):[^\s\[]+)\[\]", r"\1", line)
    # *strong* is Markdown's **strong**; +literal+ and `literal` its `literal`.
    line = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"**\1**", line)
    line = re.sub(r"(?<![\w+])\+(?=\S)([^+\n]+?)(?<=\S)\+(?![\w+])", r"`\1`", line)
    # A hard line break's " +" at the end of a line.
    return re.sub(r"\s\+$", "", line)


#: A link macro whose text is left open at the end of a line: "https://...[the status page".
_ADOC_OPENED_LINK = re.compile(r"(?P<url>(?:link:)?(?:https?|mailto):[^\s\[]+)\[(?P<text>[^\]]*)$")


def _adoc_wrapped_links_joined(lines: list[str]) -> list[str]:
    """A link macro whose text wraps onto the next lines ("https://...[the status page for
    the" then "east hall] to ...") as one macro, placed as a wrapped reStructuredText link is
    (see :func:`_wrapped_references_joined`), so that every line keeps its number. Lines in a
    listing or literal block are code and stay as they are."""
    out = list(lines)
    block: str | None = None
    for n in range(len(out) - 1):
        stripped = out[n].strip()
        if block is not None:
            block = None if stripped == block else block
            continue
        if _ADOC_DELIMITER.match(stripped) and stripped[0] in "-./" and stripped != "--":
            block = stripped
            continue
        opened = _ADOC_OPENED_LINK.search(out[n])
        if opened is None:
            continue
        close = next(
            (
                m
                for m in range(n + 1, min(n + _WRAPPED_REFERENCE_LINES, len(out)))
                if "]" in out[m] or not out[m].strip() or "[" in out[m]
            ),
            None,
        )
        if close is None or "]" not in out[close] or "[" in out[close].split("]", 1)[0]:
            continue
        text, rest = out[close].split("]", 1)
        middle = " ".join(out[m] for m in range(n + 1, close))
        words = " ".join(f"{opened.group('text')} {middle} {text}".split())
        piece = f"{opened.group('url')}[{words}]"
        cut = len(rest) - len(rest.lstrip(",.;:!?)"))
        piece, rest = piece + rest[:cut], rest[cut:]
        indent = out[close][: _indent(out[close])]
        before = out[n][: opened.start()]
        out[n : close + 1] = _placed(out[n : close + 1], before, piece, rest, indent)
    return out


def _adoc_columns(lines: list[str], opening: int) -> tuple[int | None, bool]:
    """The number of columns the block attributes over the table opened at ``opening`` give
    (``[cols="1,4"]``, ``[cols="3*"]``, ``[cols=2]``), or None, and whether they make its
    first row the header. A block title (".Timeline") may stand between them and the table."""
    above = opening - 1
    while above >= 0 and re.match(r"^\.(?=[^\s.])", lines[above]):
        above -= 1
    attributes = lines[above].strip() if above >= 0 else ""
    if not re.match(r"^\[.*\]$", attributes):
        return None, False
    header = "header" in attributes
    cols = re.search(r"\bcols\s*=\s*\"?(?P<spec>[^\"\]]*)", attributes)
    if cols is None:
        return None, header
    spec = cols.group("spec").strip()
    repeated = re.match(r"^(\d+)\*", spec)
    if repeated:
        return int(repeated.group(1)), header
    if re.fullmatch(r"\d+", spec):
        return int(spec), header
    entries = [entry for entry in re.split(r"[,;]", spec) if entry.strip()]
    return (len(entries) or None), header


def asciidoc_as_markdown(text: str) -> str:
    """AsciiDoc as Markdown, line for line (see the module's docstring)."""
    lines = _adoc_wrapped_links_joined(text.split("\n"))
    out = list(lines)
    table_columns: int | None = None
    block: str | None = None  # the delimiter of the open listing, literal or comment block
    table: list[int] | None = None
    table_header = False
    after_title = False
    for n, raw in enumerate(lines):
        stripped = raw.strip()
        if block is not None:
            if stripped == block:
                out[n] = "" if block.startswith("/") else "```"
                block = None
            elif block.startswith("/"):
                out[n] = ""
            continue
        if table is not None:
            if stripped == "|===":
                _adoc_table(lines, out, table, table_header, table_columns)
                out[n] = ""
                table = None
            else:
                table.append(n)
            continue
        if stripped == "|===":
            out[n] = ""
            table = []
            table_columns, table_header = _adoc_columns(lines, n)
            continue
        if _ADOC_DELIMITER.match(stripped):
            if stripped[0] in "-." and stripped != "--":
                block = stripped
                options = lines[n - 1].strip() if n else ""
                source = re.match(r"^\[source,\s*([\w+-]+)", options)
                out[n] = "```" + (source.group(1) if source else "")
            elif stripped[0] == "/":
                block = stripped
                out[n] = ""
            else:
                out[n] = ""  # an example, sidebar, quote or open block: its words are prose
            continue
        if re.match(r"^\[.*\]$", stripped) or stripped.startswith("//"):
            out[n] = ""  # block attributes, anchors, comments
            continue
        heading = re.match(r"^(=+)\s+(\S.*)$", raw)
        if heading:
            out[n] = "#" * min(len(heading.group(1)), 6) + " " + heading.group(2).strip()
            after_title = len(heading.group(1)) == 1
            continue
        attribute = _ADOC_ATTRIBUTE.match(raw)
        if attribute:
            name = attribute.group("name")
            value = attribute.group("value") or ""
            if name.strip("!").lower() in _ADOC_SETTINGS or "!" in name or not value:
                out[n] = ""
            else:
                label = _ADOC_NAMES.get(name.lower(), name.replace("-", " ").replace("_", " "))
                out[n] = f"{label[0].upper()}{label[1:]}: {value}"
            continue
        if after_title and stripped:
            # The header's author and revision lines, right under the title.
            revision = re.match(r"^v?[\d.]+,\s*([^:]+?)(?::.*)?$", stripped)
            if revision:
                out[n] = f"Date: {revision.group(1)}"
            elif not lines[n - 1].startswith(":") and "<" in stripped:
                out[n] = "Authors: " + re.sub(r"\s*<[^>]*>", "", stripped)
            else:
                after_title = False
                out[n] = _adoc_inline(raw)
            continue
        after_title = False
        block_title = re.match(r"^\.(?=[^\s.])(.+)$", raw)
        if block_title:
            out[n] = f"**{block_title.group(1).strip()}**"
            continue
        listed = re.match(r"^(\*{1,5}|-|\.{1,5})\s+(\S.*)$", raw)
        if listed:
            marks = listed.group(1)
            depth = len(marks) - 1 if marks != "-" else 0
            bullet = "1." if marks.startswith(".") else "-"
            out[n] = "    " * depth + f"{bullet} " + _adoc_inline(listed.group(2))
            continue
        if re.match(r"^(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s", raw):
            out[n] = _adoc_inline(raw.split(":", 1)[1].strip())
            continue
        out[n] = _adoc_inline(raw)
    return "\n".join(out)


def _adoc_table(
    lines: list[str], out: list[str], rows_at: list[int], header: bool, columns: int | None
) -> None:
    """An AsciiDoc table (``|===`` ... ``|===``) as a pipe table: each row on the line of its
    first cell, the other lines separators. ``columns`` is what ``[cols=...]`` gives; without
    it the first line's cells are the columns (a table written a cell a line needs it)."""
    filled = [n for n in rows_at if lines[n].strip()]
    if not filled:
        return
    columns = columns or lines[filled[0]].count("|")
    # An empty line right under the first row makes it the header, as in AsciiDoc.
    header = header or (filled[0] + 1 in rows_at and not lines[filled[0] + 1].strip())
    rows: list[tuple[int, list[str]]] = []
    for n in filled:
        cells = [c.strip() for c in re.split(r"(?:^|\s)[\d.+*]*[a-z]?\|", " " + lines[n])[1:]]
        for cell in cells:
            if not rows or len(rows[-1][1]) >= columns:
                rows.append((n, []))
            rows[-1][1].append(_adoc_inline(cell))
    for n in rows_at:
        out[n] = _separator(columns)
    for n, cells in rows:
        out[n] = _pipe_row(cells)
    # A pipe table needs a header and a separator under it: the opening "|===" line takes
    # the header row (or a row of empty cells when the table has none), so that the line
    # of the first row can always be the separator when it is the header.
    opening = rows_at[0] - 1
    if header:
        out[opening] = out[rows[0][0]]
        out[rows[0][0]] = _separator(columns)
    else:
        out[opening] = "|" + " |" * columns
