"""Validate a frontmatter mapping against the model, in words an author can act on.

Pydantic finds every shape error in one pass and gives each a location tuple;
this module turns each into a :class:`Problem` with the key's file line, a rule
id and a message that says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pmkb.model import (
    KEBAB,
    MAX_COUNT,
    ActionItem,
    Impact,
    PartialPostMortem,
    PostMortem,
    ThirdParty,
    Timeline,
)
from pmkb.problems import Problem, key_path
from pmkb.source import Loc, SourceFile

# The model that owns the keys at each location, for did-you-mean on unknown keys.
_MODEL_AT: dict[tuple[str, ...], type[BaseModel]] = {
    (): PostMortem,
    ("timeline",): Timeline,
    ("impact",): Impact,
    ("third_party",): ThirdParty,
    ("action_items", "*"): ActionItem,
}

_HINTS = {
    "id": "write it as PM-YYYY-NNN, e.g. PM-2025-014",
    "action_items.id": "write it as AI-NNN, e.g. AI-001",
    "services": "use kebab-case service names such as `api-gateway`",
    "teams": "use kebab-case team names such as `payments-platform`",
    "contributing_factors": "use tags from the taxonomy, e.g. `monitoring-gap`",
    "action_items.addresses": "use tags from the taxonomy, e.g. `monitoring-gap`",
    "trigger": "use a kebab-case word such as `deploy` or `config-change`",
    "related": "list post-mortem ids such as PM-2024-088",
}

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}


def _describe(value: Any) -> str:
    for t, name in _TYPE_NAMES.items():
        if type(value) is t:
            return name
    if value is None:
        return "empty"
    return type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    else:
        text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


_NAME_LIKE = re.compile(r"[A-Za-z0-9_ .-]{1,60}")


def _as_kebab(value: Any) -> str | None:
    """``Testing_Gap`` -> ``testing-gap``: what a kebab-case value probably meant.

    Only for what looks like a name typed another way, not for any text.
    """
    if not isinstance(value, str) or not _NAME_LIKE.fullmatch(value):
        return None
    kebab = "-".join(re.findall(r"[a-z0-9]+", value.lower()))
    return kebab or None


def _generic(loc: Loc) -> str:
    """``action_items.due`` for ``('action_items', 2, 'due')``: the key whatever the index."""
    return ".".join(str(p) for p in loc if not isinstance(p, int))


def _model_at(loc: Loc) -> type[BaseModel] | None:
    shape = tuple("*" if isinstance(p, int) else p for p in loc)
    return _MODEL_AT.get(shape)


def _meant_key(loc: Loc) -> str | None:
    """The format's key closest to the unknown key at ``loc`` (`publised` -> `published`)."""
    model = _model_at(loc[:-1])
    if model is None or not loc:
        return None
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1)
    return close[0] if close else None


#: Text that is a number written with separators or in quotes: `"40_000"`, `"40,000"`.
_NUMBER_TEXT = re.compile(r"[+-]?[0-9][0-9_,.]*")


def _too_many_digits(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) > len(str(MAX_COUNT))


def _message(err: dict[str, Any], loc: Loc) -> tuple[str, str]:
    """(rule id, message) for one pydantic error."""
    kind = err["type"]
    value = err.get("input")
    key = _generic(loc)
    if not loc:
        name = "frontmatter"
    elif isinstance(loc[-1], int):
        # A list item is named with its list (`services[1]`), not by its bare index.
        name = key_path(loc[-2:])
    else:
        name = str(loc[-1])
    ctx = err.get("ctx") or {}
    if kind == "missing":
        rule = "action-item.incomplete" if key.startswith("action_items.") else "schema.required"
        return rule, f"missing required key `{name}`"
    if kind == "extra_forbidden":
        meant = _meant_key(loc)
        hint = f"; did you mean `{meant}`?" if meant else "; remove it or check the format"
        return "schema.unknown-key", f"unknown key `{name}`{hint}"
    if kind == "timezone_aware":
        return (
            "timeline.offset",
            f"timestamp {_show(value)} has no UTC offset; add `Z` for UTC or the local "
            "offset such as `+02:00`",
        )
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
        return (
            "schema.timestamp",
            f"{_show(value)} is not a timestamp; write ISO 8601 with an offset, "
            "e.g. 2025-02-09T10:05:00Z",
        )
    if kind == "year_range":
        return (
            "schema.value",
            f"{_show(value)}: the year {ctx.get('year')} is outside "
            f"{ctx.get('first')}-{ctx.get('last')}; check the year",
        )
    if kind.startswith("date_"):
        return "schema.date", f"{_show(value)} is not a date; write YYYY-MM-DD"
    if kind == "enum" or kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        close = [
            o for o in options if isinstance(value, str) and o.lower() == value.lower()
        ] or difflib.get_close_matches(str(value), options, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return "schema.value", f"{_show(value)} is not one of {expected}{hint}"
    if kind == "string_pattern_mismatch":
        hint = _HINTS.get(key, "check the format")
        rule = "id.pattern" if key in ("id", "action_items.id", "related") else "schema.value"
        kebab = _as_kebab(value) if ctx.get("pattern") == KEBAB else None
        if kebab:
            hint += f"; did you mean '{kebab}'?"
        return rule, f"{_show(value)} is not valid here; {hint}"
    if kind == "string_too_long":
        return (
            "schema.value",
            f"{name} is {len(str(value))} characters; keep it to {ctx.get('max_length')}",
        )
    if kind in ("string_too_short", "too_short"):
        if isinstance(value, list):
            return "schema.required", f"`{name}` needs at least one entry"
        return "schema.required", f"`{name}` is empty; fill it in"
    if kind in ("greater_than_equal", "greater_than"):
        return "schema.value", f"{_show(value)} must be zero or more"
    if kind == "less_than_equal":
        limit = ctx.get("le")
        return "schema.value", f"{_show(value)} is more than any incident; the limit is {limit:,}"
    if kind == "finite_number":
        return "schema.value", f"`{name}` must be a finite number, not {_show(value)}"
    if kind == "int_parsing_size" or (
        # Digits the loader kept as text because no count has that many.
        kind == "int_type" and isinstance(value, str) and _too_many_digits(value)
    ):
        return "schema.value", f"`{name}` has {len(str(value))} digits, more than any count"
    if kind.endswith("_type") or kind.endswith("_parsing") or kind == "int_from_float":
        wanted = {
            "string_type": "text",
            "int_type": "a whole number",
            "int_parsing": "a whole number",
            "int_from_float": "a whole number",
            "float_type": "a number",
            "float_parsing": "a number",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
            "list_type": "a list",
            "model_type": "a mapping of keys",
            "dict_type": "a mapping of keys",
        }.get(kind, "another type")
        hint = ""
        if kind == "list_type" and isinstance(value, str):
            hint = f"; write [{value}]"
        elif kind == "string_type" and isinstance(value, (int, float, bool)):
            hint = "; put it in quotes"
        elif kind in ("int_type", "float_type") and _NUMBER_TEXT.fullmatch(str(value)):
            hint = "; write the digits alone, without quotes or separators (40000)"
        return "schema.type", f"`{name}` must be {wanted}, not {_describe(value)}{hint}"
    return "schema.value", f"{err.get('msg', 'invalid value')}"


def explain(exc: ValidationError, at: Loc = ()) -> list[str]:
    """The messages of ``exc`` for a value validated on its own, as if found at ``at``."""
    return [_message(dict(err), (*at, *_file_loc(err)))[1] for err in exc.errors(include_url=False)]


@dataclass(frozen=True)
class Salvaged:
    """What validated of a frontmatter with errors (see :class:`PartialPostMortem`)."""

    meta: PartialPostMortem
    #: Keys the file holds whose values did not validate, and keys an unknown key
    #: was probably meant to be: their absence from ``meta`` is already reported.
    unreadable: frozenset[Loc]


def validate_frontmatter(src: SourceFile) -> PostMortem | None:
    """The validated model, or None with every shape problem appended to ``src.problems``."""
    result = read_frontmatter(src)
    return result if isinstance(result, PostMortem) else None


def read_frontmatter(src: SourceFile) -> PostMortem | Salvaged | None:
    """The validated model; or, with every shape problem appended to ``src.problems``,
    the keys that are valid on their own; None when there is no frontmatter mapping."""
    if src.data is None:
        return None
    split = _key_after_the_fence(src)
    if split is not None:
        src.problems.append(split)
    try:
        return PostMortem.model_validate(src.data)
    except ValidationError as exc:
        bad: list[Loc] = []
        meant: list[Loc] = []
        for err in exc.errors(include_url=False):
            loc = _file_loc(err)
            rule, message = _message(dict(err), loc)
            src.problems.append(src.problem(loc, rule, message))
            if err["type"] == "missing":
                continue
            bad.append(loc)
            if err["type"] == "extra_forbidden" and (key := _meant_key(loc)) is not None:
                meant.append((*loc[:-1], key))
        return salvage(src.data, bad, meant)


#: The body's first line with text, when it is written like a top-level key.
_FIRST_BODY_KEY = re.compile(r"(?:[ \t]*\n)*([a-z_]+):(?:[ \t]|$)", re.MULTILINE)


def _key_after_the_fence(src: SourceFile) -> Problem | None:
    """An error when the body opens with a key of the format, as when a stray
    ``---`` line (a YAML document separator) closed the frontmatter early: every
    key after it would be read as body text and lost without a word."""
    found = _FIRST_BODY_KEY.match(src.body)
    if found is None or found.group(1) not in PostMortem.model_fields:
        return None
    key = found.group(1)
    line = src.body_line + src.body.count("\n", 0, found.start(1))
    return Problem(
        src.path,
        line,
        key,
        "frontmatter.split",
        "error",
        f"`{key}:` is after the line '---' that closes the frontmatter (line "
        f"{src.body_line - 1}), so it and what follows are read as body text, not as keys; "
        "remove that '---' line or move the keys above it",
    )


def _file_loc(err: ErrorDetails) -> Loc:
    """The error's location as keys of the file.

    Pydantic appends the enum's class or tagged-union branch to some
    locations; keep only the parts that exist in the file. The last part of
    an unknown key is the author's key, however it is spelt (`Severity:`),
    never a label.
    """
    loc: Loc = tuple(err["loc"])
    last = len(loc) - 1 if err["type"] == "extra_forbidden" else len(loc)
    return tuple(
        p for i, p in enumerate(loc) if isinstance(p, int) or i == last or not _is_enum_label(p)
    )


#: The one list whose items are mappings: an invalid item is emptied, not removed,
#: so that the items after it keep their index (and their file lines).
_ITEM_LISTS = {("action_items",)}
#: Rounds of removing what the lenient model still refuses; one is enough for
#: every input we know of, and the loop guarantees an answer for the others.
_SALVAGE_ROUNDS = 3


def salvage(data: dict[str, Any], bad: Sequence[Loc], meant: Sequence[Loc] = ()) -> Salvaged:
    """The keys of ``data`` that are valid on their own, once the values at ``bad`` are removed.

    A scalar list with an invalid entry is removed whole (its other entries
    would otherwise move up an index and be reported on the wrong line).
    ``meant`` are keys that misspelt keys were probably meant to be: they count
    as unreadable, so that no check reports them missing as well.
    """
    kept = _copy(data)
    unreadable = set(bad) | set(meant)
    for loc in bad:
        _remove(kept, loc, (), unreadable)
    for _ in range(_SALVAGE_ROUNDS):
        try:
            return Salvaged(PartialPostMortem.model_validate(kept), frozenset(unreadable))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = _file_loc(err)
                unreadable.add(loc)
                _remove(kept, loc, (), unreadable)
    return Salvaged(PartialPostMortem(), frozenset(unreadable))


def _copy(value: Any) -> Any:
    """A copy of the mappings and lists of ``value`` (the values themselves are shared)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _remove(node: Any, loc: Loc, at: Loc, removed: set[Loc]) -> None:
    """Remove what ``loc`` (relative to ``node``, found at ``at``) points at, adding it to ``removed``."""
    if not loc:
        return
    part, rest = loc[0], loc[1:]
    here = (*at, part)
    if isinstance(node, dict) and part in node:
        child = node[part]
        if not rest or (isinstance(child, list) and here not in _ITEM_LISTS):
            del node[part]
            removed.add(here)
        else:
            _remove(child, rest, here, removed)
    elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        if not rest or not isinstance(node[part], dict):
            node[part] = {}
            removed.add(here)
        else:
            _remove(node[part], rest, here, removed)


def _is_enum_label(part: str) -> bool:
    return part[:1].isupper() or part.startswith("function-")
