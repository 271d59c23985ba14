"""The one shape every finding takes, from the loader, the linter and the site."""

from __future__ import annotations

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
        """``path:line: severity rule key: message``, as compilers and editors expect."""
        key = f" {self.key}" if self.key else ""
        return f"{self.path}:{self.line}: {self.severity} {self.rule}{key}: {self.message}"

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
