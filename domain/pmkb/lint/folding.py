"""Case-blind patterns run case-sensitively on lower-cased ASCII text, for speed.

Python's regex engine tries the alternatives of a case-blind pattern one by one at
every position, folding each letter as it goes; in a case-sensitive alternation it
skips at once every alternative whose first letter differs from the text's. The
long case-blind alternations of the lint rules (durations, verbs before a name)
run several times faster as their case-sensitive twins.
"""

from __future__ import annotations

import re

# Escapes whose meaning lower-casing would change (\S is not \s) and inline flags
# other than a named group's (?P: a pattern holding one has no safe twin.
_UNSAFE = re.compile(r"\\[A-Z]|\(\?(?!P[<=])[a-zA-Z-]")


def lowered_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-sensitive pattern that finds in ``text.lower()``, for an ASCII ``text``,
    the same matches (spans and groups) as the case-blind ``pattern`` finds in ``text``.

    Why they agree: in ASCII text lower() turns each letter into the one form a
    case-blind comparison sees and keeps every offset, and the twin is the pattern
    with its letters lower-cased. Only ASCII text: a case-blind pattern also takes
    some other letters for ASCII ones (the long s for s, the Kelvin sign for k),
    which lower() leaves as they are. Raises ValueError for a pattern that is not
    case-blind or that lower-casing would change otherwise.
    """
    source = pattern.pattern
    if (
        not pattern.flags & re.IGNORECASE
        or not source.isascii()
        or _UNSAFE.search(source)
        or any(name != name.lower() for name in pattern.groupindex)
    ):
        raise ValueError(f"no case-sensitive twin for {source[:60]!r}")
    lowered = source.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    return re.compile(lowered, pattern.flags & ~re.IGNORECASE)
