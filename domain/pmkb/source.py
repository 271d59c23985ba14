"""Read one post-mortem file into its frontmatter mapping, its body and key lines.

This layer only knows about bytes, text and YAML: whether the values make a
valid post-mortem is the model's business. Everything that can go wrong with a
file (encoding, size, line endings, missing or malformed frontmatter, YAML
tricks) becomes a :class:`~pmkb.problems.Problem` here, never an exception.

Lines: every key of the frontmatter is mapped to the 1-based line of the
*file* it appears on, so that messages point where an author's editor does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from pmkb.problems import Problem, Severity, key_path

#: A post-mortem is a page of prose; anything this big is a pasted log or dump.
MAX_FILE_BYTES = 1_000_000

# The opening and closing fences must be exactly '---' on a line of their own.
# python-frontmatter's default boundary also swallows the blank lines that
# follow a fence, which would shift every line number we report.
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_FRONTMATTER = YAMLHandler(fm_boundary=_FENCE)

Loc = tuple[str | int, ...]


@dataclass
class SourceFile:
    """What could be read of one file; ``data`` is None when the frontmatter is unusable."""

    path: str
    data: dict[str, Any] | None = None
    body: str = ""
    #: 1-based file line on which the body starts (the line after the closing fence).
    body_line: int = 1
    #: key path -> 1-based file line of that key (or list item)
    key_lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: YAML line (0-based) -> file line, set only while parsing YAML whose line
    #: breaks are not all newlines.
    yaml_lines: list[int] | None = field(default=None, repr=False, compare=False)
    #: A hash of the frontmatter's text (within one process): lets a rebuild tell
    #: an edit of the body, which changes no figure, from one of the frontmatter.
    frontmatter_digest: int = field(default=0, repr=False, compare=False)
    #: Keys (and list items) whose line carries a TODO note: placeholders their
    #: author has not confirmed (see :func:`is_placeholder`).
    placeholders: frozenset[Loc] = frozenset()

    def file_line(self, yaml_line: int) -> int:
        """The file line of 1-based YAML line ``yaml_line`` of the text being parsed."""
        if self.yaml_lines is None:
            return yaml_line
        return self.yaml_lines[min(yaml_line, len(self.yaml_lines)) - 1]

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest ancestor that exists in the file."""
        while loc:
            if loc in self.key_lines:
                return self.key_lines[loc]
            loc = loc[:-1]
        return 1

    def problem(
        self,
        loc: Loc | str,
        rule: str,
        message: str,
        severity: Severity = "error",
        *,
        line: int | None = None,
    ) -> Problem:
        """A problem at ``loc`` (a key path, or a free-form key such as ``body``)."""
        if isinstance(loc, str):
            key, found = loc, 1
        else:
            key, found = key_path(loc), self.line_of(loc)
        return Problem(self.path, line or found, key, rule, severity, message)


def read_source(path: Path, display_path: str) -> SourceFile:
    """Read ``path``; every problem is reported against ``display_path``."""
    src = SourceFile(display_path)
    try:
        if path.is_symlink():
            # Never read through a link: it could point at any file on the
            # machine that builds the site, and messages quote values.
            src.problems.append(
                src.problem(
                    "",
                    "file.symlink",
                    "this post-mortem is a symbolic link; it must be a file in the repository",
                )
            )
            return src
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            src.problems.append(
                src.problem(
                    "",
                    "file.too-large",
                    f"file is {size / 1_000_000:.1f} MB; a post-mortem is limited to "
                    f"{MAX_FILE_BYTES // 1_000_000} MB: link to logs and dumps instead of pasting them",
                )
            )
            return src
        raw = path.read_bytes()
    except OSError as exc:
        src.problems.append(src.problem("", "file.unreadable", f"cannot read file: {exc.strerror}"))
        return src
    return parse_source(raw, src)


def without_bom(raw: bytes, src: SourceFile) -> bytes:
    """``raw`` without a UTF-8 byte-order mark, which is a warning (``file.bom``)."""
    if not raw.startswith(b"\xef\xbb\xbf"):
        return raw
    src.problems.append(
        src.problem(
            "",
            "file.bom",
            "file starts with a byte-order mark; save it as UTF-8 without BOM",
            "warning",
        )
    )
    return raw[3:]


def parse_source(raw: bytes, src: SourceFile) -> SourceFile:
    """Decode, split and parse ``raw`` into ``src``."""
    raw = without_bom(raw, src)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        src.problems.append(
            Problem(
                src.path,
                line,
                "",
                "file.encoding",
                "error",
                f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8; "
                "re-save the file as UTF-8",
            )
        )
        return src
    if "\r" in text:
        # Old Mac editors end lines with CR alone; either way the fix is the same.
        endings = "CRLF" if "\r\n" in text else "CR"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        src.problems.append(
            src.problem(
                "",
                "file.line-endings",
                f"file has {endings} line endings; convert it to LF (the repository's "
                ".gitattributes does this on commit)",
                "warning",
            )
        )
    if not text.strip():
        src.problems.append(
            src.problem("", "file.empty", 'file is empty; start from `pmkb new "Title"`')
        )
        return src
    if not _FRONTMATTER.detect(text):
        src.problems.append(
            src.problem(
                "",
                "frontmatter.missing",
                "no frontmatter: the file must start with a line '---', the YAML keys, "
                "and a closing '---'",
            )
        )
        return src
    try:
        fm_text, body = _FRONTMATTER.split(text)
        src.frontmatter_digest = hash(fm_text)
    except ValueError:
        src.problems.append(
            src.problem(
                "",
                "frontmatter.unclosed",
                "frontmatter is not closed: add a line '---' after the last key",
            )
        )
        return src
    # fm_text starts right after the opening fence on line 1, so its line k
    # (0-based) is file line k + 1.
    src.body = body[1:] if body.startswith("\n") else body
    src.body_line = fm_text.count("\n") + 2
    if "\x00" in src.body:
        # git takes a file with a NUL byte for binary: a pull request would
        # show "binary file changed" and hide the text from its reviewers.
        # (YAML refuses one in the frontmatter itself.)
        src.problems.append(
            Problem(
                src.path,
                src.body_line + src.body.count("\n", 0, src.body.index("\x00")),
                "body",
                "file.encoding",
                "error",
                "NUL byte in the body: git would treat the file as binary and hide its "
                "changes from review; remove it",
            )
        )
    _parse_yaml(fm_text, src)
    return src


def _parse_yaml(fm_text: str, src: SourceFile) -> None:
    data = parse_yaml_mapping(fm_text, src)
    if data is not None:
        src.data = data
        if "TODO" in fm_text:
            src.placeholders = _marked_keys(fm_text, src.key_lines)


#: The note that marks a line as still to do, as the `todo-left` lint rule finds it.
TODO_NOTE = re.compile(r"\bTODO\b")


def _marked_keys(fm_text: str, key_lines: dict[Loc, int]) -> frozenset[Loc]:
    """The keys and list items written on a frontmatter line that carries a TODO note.

    Line ``k`` (0-based) of ``fm_text`` is file line ``k + 1``, as ``key_lines`` count.
    """
    marked = set()
    at = fm_text.find("TODO")
    while at >= 0:
        start = fm_text.rfind("\n", 0, at) + 1
        end = fm_text.find("\n", at)
        end = len(fm_text) if end < 0 else end
        if TODO_NOTE.search(fm_text, start, end):
            marked.add(fm_text.count("\n", 0, at) + 1)
        at = fm_text.find("TODO", end)
    found = {loc for loc, line in key_lines.items() if line in marked}
    # A list item that is a mapping starts on its first key's line: the note is that
    # key's (`- id: AI-001  # TODO`), not the whole item's.
    parents = {loc[:-1] for loc in found if isinstance(loc[-1], str) and len(loc) > 1}
    return frozenset(loc for loc in found if loc not in parents or isinstance(loc[-1], str))


def is_placeholder(placeholders: frozenset[Loc], loc: Loc) -> bool:
    """Whether the value at ``loc`` is a placeholder: its line, or the line of a key
    or list item holding it, carries a TODO note.

    A value whose line says TODO is one its author has not confirmed: the
    template's and the importer's guesses (``due`` four weeks out, ``services:
    [service-name]``, ``detected`` set to the start). The site shows it, marked,
    on its post-mortem's page, and no figure counts it as data.
    """
    if not placeholders:
        return False
    while loc:
        if loc in placeholders:
            return True
        loc = loc[:-1]
    return False


# libyaml's parser when PyYAML was built with it: composing is most of the cost
# of loading a corpus, and the C parser is several times faster.
if TYPE_CHECKING:
    _CLoader = yaml.CSafeLoader
else:
    _CLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# The plain scalars of YAML. !!binary is read as the text written, never
# decoded: base64 would show on the site what no reviewer could read.
_SCALAR_CONSTRUCTORS = {
    tag: _CONSTRUCTOR.yaml_constructors[tag]
    for tag in (
        _STR,
        _INT,
        _TIMESTAMP,
        *(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "float")),
    )
}
_BINARY = "tag:yaml.org,2002:binary"
_FLOAT = "tag:yaml.org,2002:float"
# Numbers with an exponent that YAML 1.2 (and so editors) reads as numbers and
# PyYAML's YAML 1.1 leaves as text (`1e3`, `2.5E6`): the model takes no text
# for a number, so read them as YAML 1.2 does.
_EXPONENT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)$")
#: Tags of plain scalars already resolved, by their text: the same keys and
#: values (`status`, `published`, `P1`) recur in every file, and resolving
#: one means trying YAML's implicit-type regexes in Python. Bounded.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_MAX = 20_000


class _Loader(_CLoader):
    """libyaml's loader with a cheap resolver.

    libyaml composes nodes in C but calls back into Python to resolve every
    node's tag and to track resolver paths. Post-mortems use no path
    resolvers, and a plain scalar's tag depends on its text alone, so the
    callbacks can skip the path bookkeeping and cache by text.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR  # quoted: always text
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                # types-PyYAML leaves Resolver.resolve unannotated.
                tag = yaml.resolver.Resolver.resolve(  # type: ignore[no-untyped-call]
                    self, kind, value, implicit
                )
                if tag == _STR and _EXPONENT.fullmatch(value):
                    tag = _FLOAT
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX and len(value) <= 64:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _MAP if kind is yaml.MappingNode else _SEQ


def _timestamp_constructor(_constructor: Any, node: yaml.ScalarNode) -> Any:
    return _timestamp(node)


def _timestamp(node: yaml.ScalarNode) -> Any:
    """A YAML timestamp; the ISO 8601 forms authors write go through C code."""
    text = node.value
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        if "T" in text and " " not in text:
            # fromisoformat reads `Z`, offsets and fractions (Python 3.11+) as
            # YAML does: aware with an offset, naive without.
            return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    return _SCALAR_CONSTRUCTORS[_TIMESTAMP](_CONSTRUCTOR, node)


# No count or amount in a post-mortem needs more characters. Python refuses to
# read a decimal of more than 4,300 digits, and a hexadecimal one that long
# becomes a number that cannot even be printed: keep such values as text.
_MAX_NUMBER_CHARS = 30


# A bracket, quote or key left open is noticed by the parser lines later (at
# the end of the block for a quote); the mistake is where it was opened.
_OPENED_AT_CONTEXT = (
    "while parsing a flow",
    "while scanning a quoted scalar",
    "while scanning a simple key",
)


#: Far deeper than a post-mortem goes (four levels); far shallower than what
#: crashes libyaml's recursive composer (a few hundred thousand levels
#: overflow the C stack and kill the interpreter, not just the build).
MAX_DEPTH = 64
# Every nested collection needs its own indicator character: a text with few
# of them cannot nest deeply, and needs no extra pass over its events.
_NESTING_INDICATORS = "[{-:?"
_NESTING_UNCHECKED = 1000
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _too_deep_at(text: str) -> int | None:
    """The 1-based line where ``text`` nests deeper than :data:`MAX_DEPTH`, or None.

    Reads parser events, which libyaml produces without recursion, before
    anything composes nodes, which it does recursively.
    """
    if sum(text.count(c) for c in _NESTING_INDICATORS) <= _NESTING_UNCHECKED:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    # Parser events always carry their marks (Optional in the stubs).
                    return (event.start_mark.line if event.start_mark else 0) + 1
            elif isinstance(event, _CLOSE):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml's scanner reads a run of flow brackets ahead of the events and
        # stops at a nesting limit of its own: judge the text before that point.
        mark = exc.problem_mark
        if mark is not None and _flow_depth(text[: mark.index]) > MAX_DEPTH:
            return mark.line + 1
    return None


def _flow_depth(text: str) -> int:
    """The deepest run of open flow brackets in ``text``, quotes ignored (a rough measure
    used only where libyaml has already refused the text)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


_TOO_DEEP = f"values are nested more than {MAX_DEPTH} levels deep; a post-mortem needs four"


class _Refused(Exception):
    """The document uses a YAML feature a post-mortem may not use; already reported."""


# YAML also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, which
# editors, git and Python-Markdown show inside a line.
_YAML_BREAKS = re.compile("[\n\x85\u2028\u2029]")


def parse_yaml_mapping(
    text: str, src: SourceFile, *, keep_first_duplicate: bool = False
) -> dict[str, Any] | None:
    """Parse ``text`` into a mapping, recording the file line of every key.

    ``text`` is either a frontmatter block starting right after the opening
    fence on file line 1, or a whole YAML file; in both cases YAML line ``k``
    (0-based) is file line ``k + 1``. Lines of every key land in
    ``src.key_lines``; problems in ``src.problems``. Returns None when the
    text is not a usable mapping.

    A key written twice is always a problem; it makes the whole text unusable
    unless ``keep_first_duplicate``, when the first value is kept (a vocabulary
    of independent entries loses nothing by keeping the others).
    """
    # YAML forbids control characters; PyYAML reports them by character offset
    # (and its pure-Python reader raises before parsing), so find the line here.
    unprintable = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if unprintable:
        src.problems.append(
            Problem(
                src.path,
                text.count("\n", 0, unprintable.start()) + 1,
                "",
                "frontmatter.yaml",
                "error",
                f"character U+{ord(unprintable.group()):04X} is not allowed in YAML; delete it "
                "(control characters often come with text pasted from a terminal)",
            )
        )
        return None
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return _parse_mapping(text, src, keep_first_duplicate)
    # Rare enough to convert afterwards rather than on the hot path.
    problems_before = len(src.problems)
    src.yaml_lines = [1]
    for brk in _YAML_BREAKS.findall(text):
        src.yaml_lines.append(src.yaml_lines[-1] + (brk == "\n"))
    try:
        data = _parse_mapping(text, src, keep_first_duplicate)
        src.key_lines = {loc: src.file_line(line) for loc, line in src.key_lines.items()}
        src.problems[problems_before:] = [
            dataclasses.replace(p, line=src.file_line(p.line))
            for p in src.problems[problems_before:]
        ]
    finally:
        src.yaml_lines = None
    return data


def _parse_mapping(
    text: str, src: SourceFile, keep_first_duplicate: bool = False
) -> dict[str, Any] | None:
    loader = _Loader(text)
    try:
        too_deep = _too_deep_at(text)
        if too_deep is not None:
            src.problems.append(src.problem("", "frontmatter.yaml", _TOO_DEEP, line=too_deep))
            return None
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (exc.context or "").startswith(_OPENED_AT_CONTEXT):
            mark = exc.context_mark
        src.problems.append(
            Problem(
                src.path,
                mark.line + 1 if mark else 1,
                "",
                "frontmatter.yaml",
                "error",
                f"YAML syntax: {exc.problem or 'invalid YAML'}"
                + (f" ({exc.context})" if exc.context else "")
                + "; check indentation, colons and quotes",
            )
        )
        return None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        src.problems.append(
            src.problem("", "frontmatter.yaml", f"cannot be read as YAML: {first_line}")
        )
        return None
    finally:
        loader.dispose()
    if node is None:
        src.problems.append(src.problem("", "frontmatter.empty", "no keys; add the required keys"))
        return None
    if not isinstance(node, yaml.MappingNode):
        src.problems.append(
            Problem(
                src.path,
                node.start_mark.line + 1,
                "",
                "frontmatter.not-mapping",
                "error",
                "expected a mapping of `key: value` lines",
            )
        )
        return None
    duplicates_before = len(src.problems)
    try:
        data: dict[str, Any] = _build(node, (), src, set() if "&" in text else None)
    except _Refused:
        return None
    except RecursionError:
        src.problems.append(src.problem("", "frontmatter.yaml", _TOO_DEEP))
        return None
    if len(src.problems) > duplicates_before and not keep_first_duplicate:
        return None  # duplicate keys: which value is meant is unknown
    return data


#: Key paths, and short words, are the same in most files: every post-mortem has
#: ``("action_items", 0, "due")``, ``owner`` and ``open``. Holding one copy of
#: each for the whole corpus instead of one per file saves about a third of
#: a loaded corpus' memory. Bounded, so that a long ``mkdocs serve`` of
#: changing files cannot grow it without end.
_SHARED: dict[Any, Any] = {}
_MAX_SHARED = 200_000
_SHARED_TEXT_LENGTH = 40


def _shared(value: Any) -> Any:
    """The corpus' one copy of ``value`` (a key path or a short string)."""
    found = _SHARED.get(value)
    if found is not None:
        return found
    if len(_SHARED) < _MAX_SHARED:
        _SHARED[value] = value
    return value


def _build(node: yaml.Node, loc: Loc, src: SourceFile, seen: set[int] | None) -> Any:
    """Construct the Python value of ``node`` and record the line of every key.

    One walk instead of PyYAML's construct plus a second walk for lines: it is
    the hot path of loading 10,000 files. ``seen`` holds the nodes built so
    far, to catch aliases; it is None when the text has no anchor (``&``), as
    then nothing can be an alias.
    """
    if seen is not None:
        if id(node) in seen:
            # An alias is the anchored node itself, so its own mark points at
            # the anchor: report it on the line of the key that uses it.
            src.problems.append(
                Problem(
                    src.path,
                    src.line_of(loc[:-1]) if loc and isinstance(loc[-1], int) else src.line_of(loc),
                    key_path(loc),
                    "frontmatter.alias",
                    "error",
                    "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
                )
            )
            raise _Refused
        seen.add(id(node))
    tag = node.tag
    if tag == _STR and type(node) is yaml.ScalarNode:
        value = node.value
        return _shared(value) if len(value) <= _SHARED_TEXT_LENGTH else value
    if isinstance(node, yaml.ScalarNode):
        if tag == _INT:
            if len(node.value) > _MAX_NUMBER_CHARS:
                return node.value  # the model refuses the text on its key
            if _DECIMAL.match(node.value):
                return int(node.value)
        if tag == _BINARY:
            return node.value
        constructor = _timestamp_constructor if tag == _TIMESTAMP else _SCALAR_CONSTRUCTORS.get(tag)
        if constructor is None:
            src.problems.append(
                src.problem(
                    loc, "frontmatter.yaml", f"YAML tag {tag} is not allowed; write a plain value"
                )
            )
            raise _Refused
        try:
            return constructor(_CONSTRUCTOR, node)
        except (ValueError, KeyError, AttributeError, yaml.constructor.ConstructorError):
            # `2025-13-40` looks like a timestamp to YAML but is no date: keep
            # the text so that the model reports it on the right key. An
            # explicit tag that does not fit its text (`!!bool maybe`,
            # `!!timestamp soon`) makes PyYAML fail with KeyError or AttributeError.
            return node.value
    if tag != _SEQ and tag != _MAP:
        src.problems.append(
            src.problem(
                loc,
                "frontmatter.yaml",
                f"YAML tag {tag} is not allowed; write a plain list or mapping",
            )
        )
        raise _Refused
    if len(loc) >= MAX_DEPTH:
        src.problems.append(
            Problem(
                src.path,
                node.start_mark.line + 1,
                key_path(loc[:1]),
                "frontmatter.yaml",
                "error",
                _TOO_DEEP,
            )
        )
        raise _Refused
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = _shared(loc + (index,))
            src.key_lines.setdefault(child, item.start_mark.line + 1)
            items.append(_build(item, child, src, seen))
        return items
    mapping: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if key_node.tag == _MERGE:
            src.problems.append(
                Problem(
                    src.path,
                    line,
                    key_path(loc),
                    "frontmatter.alias",
                    "error",
                    "YAML merge keys (<<) are not allowed; write the keys out",
                )
            )
            raise _Refused
        if not isinstance(key_node, yaml.ScalarNode):
            src.problems.append(
                Problem(
                    src.path,
                    line,
                    key_path(loc),
                    "frontmatter.yaml",
                    "error",
                    "keys must be plain words such as `title`",
                )
            )
            raise _Refused
        key = _shared(key_node.value)
        child = _shared(loc + (key,))
        if key in first_line:
            src.problems.append(
                Problem(
                    src.path,
                    line,
                    key_path(child),
                    "frontmatter.duplicate-key",
                    "error",
                    f"key `{key}` appears twice (first on line {src.file_line(first_line[key])}); "
                    "YAML would silently keep only the last one",
                )
            )
            continue
        first_line[key] = line
        src.key_lines[child] = line
        mapping[key] = _build(value_node, child, src, seen)
    return mapping
