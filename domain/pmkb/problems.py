"""The one shape every finding takes, from the loader, the linter and the site."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with a file, located precisely enough to fix without searching.

    ``line`` is 1-based and counts lines of the whole file (not of the YAML
    block); ``key`` is a path into the frontmatter such as ``action_items[2].due``
    or a body location such as ``body:## Timeline``; ``rule`` is a stable id
    that configuration and documentation refer to.
    """

    path: str
    line: int
    key: str
    rule: str
    severity: Severity
    message: str

    def format(self) -> str:
        """``path:line: severity rule key: message``, as compilers and editors expect.

        One line of visible characters whatever the file held: see :func:`printable`.
        """
        key = f" {printable(self.key)}" if self.key else ""
        return (
            f"{printable(self.path)}:{self.line}: {self.severity} {self.rule}{key}: "
            f"{printable(self.message)}"
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File order, then line order: the order a reader fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.key, p.rule, p.message))


def key_path(loc: tuple[str | int, ...]) -> str:
    """Render a location tuple as the key path authors see: ``action_items[2].due``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# Control characters (tab aside), and the invisible characters that reorder or
# hide text: a terminal or a CI log would act on an escape sequence quoted from
# a post-mortem, and a direction override would make the line say something
# other than what it holds.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def printable(text: str) -> str:
    """``text`` with control and invisible characters written as escapes: ``\\x1b``, ``\\u202e``."""
    if _INVISIBLE.search(text) is None:
        return text
    return _INVISIBLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
