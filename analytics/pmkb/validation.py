"""Validate a frontmatter mapping against the model, in words an author can act on.

Pydantic finds every shape error in one pass and gives each a location tuple;
this module turns each into a :class:`Problem` with the key's file line, a rule
id and a message that says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from pmkb.model import ActionItem, Impact, PostMortem, ThirdParty, Timeline
from pmkb.problems import key_path
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


def _generic(loc: Loc) -> str:
    """``action_items.due`` for ``('action_items', 2, 'due')``: the key whatever the index."""
    return ".".join(str(p) for p in loc if not isinstance(p, int))


def _model_at(loc: Loc) -> type[BaseModel] | None:
    shape = tuple("*" if isinstance(p, int) else p for p in loc)
    return _MODEL_AT.get(shape)


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
        model = _model_at(loc[:-1])
        close = difflib.get_close_matches(name, list(model.model_fields), n=1) if model else []
        hint = f"; did you mean `{close[0]}`?" if close else "; remove it or check the format"
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
        return rule, f"{_show(value)} is not valid here; {hint}"
    if kind == "string_too_long":
        return (
            "schema.value",
            f"{name} is {len(value)} characters; keep it to {ctx.get('max_length')}",
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
    if kind == "int_parsing_size":
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
        return "schema.type", f"`{name}` must be {wanted}, not {_describe(value)}{hint}"
    return "schema.value", f"{err.get('msg', 'invalid value')}"


def validate_frontmatter(src: SourceFile) -> PostMortem | None:
    """The validated model, or None with every shape problem appended to ``src.problems``."""
    if src.data is None:
        return None
    try:
        return PostMortem.model_validate(src.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc: Loc = tuple(err["loc"])
            # Pydantic appends the enum's class or tagged-union branch to some
            # locations; keep only the parts that exist in the file. The last
            # part of an unknown key is the author's key, however it is spelt
            # (`Severity:`), never a label.
            last = len(loc) - 1 if err["type"] == "extra_forbidden" else len(loc)
            loc = tuple(
                p
                for i, p in enumerate(loc)
                if isinstance(p, int) or i == last or not _is_enum_label(p)
            )
            rule, message = _message(err, loc)
            src.problems.append(src.problem(loc, rule, message))
        return None


def _is_enum_label(part: str) -> bool:
    return part[:1].isupper() or part.startswith("function-")
