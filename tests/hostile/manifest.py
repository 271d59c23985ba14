"""What the hostile corpus holds and what loading it must report.

The committed folder ``corpus/`` holds every file small enough to keep in git.
Three files are too big for that (2 MB, a 900 KB line, 600 KB of brackets)
and are written by :func:`materialize`, which copies the corpus to a scratch
folder and adds them: tests and site builds use that copy, never the
committed folder, so nothing is ever written into the repository.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from pathlib import Path

from . import payloads as P

CORPUS = Path(__file__).parent / "corpus"

_HEAD = """---
id: {id}
title: {title}
status: draft
severity: SEV3
services: [incident-site]
authors: [site-reliability]
timeline:
  started: {day}T09:00:00Z
  detected: {day}T09:05:00Z
detection: alert
contributing_factors: [testing-gap, injected-markup]
---

## Summary

Generated at test time: too big to keep in git.
"""


def _too_large() -> bytes:
    head = _HEAD.format(id="PM-2025-971", title="Two megabytes of pasted log", day="2025-03-01")
    line = (
        "2025-03-01T09:00:00Z ERROR <script>window.__pwned='too-large'</script> connection reset\n"
    )
    return (head + line * (2_000_000 // len(line) + 1)).encode()


def _huge_line() -> bytes:
    title = "A" * 900_000
    return _HEAD.format(id="PM-2025-972", title=title, day="2025-03-02").encode()


def _deep_nesting() -> bytes:
    # Deep enough to overflow the C stack of libyaml's recursive composer if
    # the loader let it compose the document.
    depth = 300_000
    text = _HEAD.format(
        id="PM-2025-973", title="Three hundred thousand nested lists", day="2025-03-03"
    )
    return text.replace(
        "---\n\n## Summary", "nested: " + "[" * depth + "]" * depth + "\n---\n\n## Summary", 1
    ).encode()


#: Files written at test time, by path relative to the corpus root.
GENERATED: dict[str, Callable[[], bytes]] = {
    "2025/2025-03-01-two-megabytes.md": _too_large,
    "2025/2025-03-02-huge-single-line.md": _huge_line,
    "2025/2025-03-03-deep-nesting-crash.md": _deep_nesting,
}


#: Written next to the corpus, never inside it: what a symbolic link in a pull
#: request could point at. No message, page or export may ever contain it.
OUTSIDE_SECRET = "secret-token-pwned-through-a-link"
_OUTSIDE = f"""---
id: "{OUTSIDE_SECRET}"
title: [{OUTSIDE_SECRET}]
---
{OUTSIDE_SECRET} <script>window.__pwned='outside-secret'</script>
"""
#: Symbolic links written at test time (git on Windows cannot hold them):
#: path in the corpus -> where it points, relative to the corpus's parent.
LINKS: dict[str, str] = {
    "2025/2025-03-04-linked-outside.md": "outside-the-corpus/secret.md",
    "2027": "outside-the-corpus/year",
}


def materialize(dest: Path) -> Path:
    """A full copy of the hostile corpus at ``dest``, which must not exist yet; returns ``dest``.

    Also writes a folder ``outside-the-corpus`` beside ``dest`` and, where the
    system allows, the symbolic links of :data:`LINKS` into it.
    """
    shutil.copytree(CORPUS, dest)
    for rel, make in GENERATED.items():
        (dest / rel).write_bytes(make())
    outside = dest.parent / "outside-the-corpus"
    (outside / "year").mkdir(parents=True)
    (outside / "secret.md").write_text(_OUTSIDE, encoding="utf-8")
    (outside / "year" / "2027-01-04-linked-folder.md").write_text(_OUTSIDE, encoding="utf-8")
    for rel, target in LINKS.items():
        # Where symbolic links cannot be made, the tests that need them skip.
        with contextlib.suppress(OSError, NotImplementedError):
            (dest / rel).symlink_to(dest.parent / target)
    return dest


#: Post-mortems that load as records, with the warnings (rule, line) they must get.
VALID: dict[str, tuple[tuple[str, int], ...]] = {
    P.SCRIPT_TAGS: (),
    P.BREAKOUTS: (),
    P.TEMPLATES: (),
    P.FORMULAS: (),
    P.UNICODE: (),
    P.LONG: (),
    P.PATHOLOGICAL: (),
    P.RENDERER: (),
    P.BOM_CRLF: (("file.bom", 1), ("file.line-endings", 1)),
    P.NEW_YEAR: (),
}

#: Files that must not load, with the errors (rule, line) each must get, all of them.
BROKEN: dict[str, tuple[tuple[str, int], ...]] = {
    "2025/2025-02-01-billion-laughs.md": (("frontmatter.alias", 4),),
    "2025/2025-02-02-merge-keys.md": (("frontmatter.alias", 17),),
    "2025/2025-02-03-duplicate-keys.md": (
        ("frontmatter.duplicate-key", 11),
        ("frontmatter.duplicate-key", 14),
    ),
    "2025/2025-02-04-wrong-types.md": (
        ("schema.type", 2),  # id: 2025
        ("schema.type", 3),  # title: 12345
        ("schema.value", 4),  # status: [draft]
        ("schema.value", 5),  # severity: 1
        ("schema.type", 6),  # services: a string
        ("schema.type", 7),  # teams: a mapping
        ("schema.type", 8),  # authors[0]: 42
        ("schema.type", 8),  # authors[1]: a mapping
        ("schema.timestamp", 11),  # detected: yesterday
        ("schema.type", 14),  # users_affected: many
        ("schema.type", 15),  # summary: 3.5
        ("schema.type", 16),  # root_cause: a list
        ("schema.type", 17),  # contributing_factors: a string
        ("schema.type", 20),  # action: 7
        ("schema.type", 21),  # owner: true
        ("schema.date", 22),  # due: 2025-02-30
        ("schema.value", 23),  # priority: urgent
    ),
    "2025/2025-02-05-non-http-trackers.md": tuple(
        ("action-item.tracker", line) for line in (21, 29, 37, 45, 53, 61)
    ),
    "2025/2025-02-06-deep-nesting.md": (("frontmatter.yaml", 4),),
    "2025/2025-02-07-nul-byte.md": (("file.encoding", 18),),
    "2025/2025-02-08-invalid-utf8.md": (("file.encoding", 3),),
    "2025/2025-02-10-control-characters.md": (("frontmatter.yaml", 3),),
    "2025/2025-02-11-line-separators.md": (("frontmatter.duplicate-key", 14),),
    P.KEBAB_FIELDS: (
        ("id.pattern", 2),
        ("schema.value", 5),  # severity
        ("schema.value", 7),  # services[0]
        ("schema.value", 14),  # teams[0]
        ("schema.value", 15),  # teams[1], a terminal escape sequence
        ("id.pattern", 17),  # related[0]
        ("schema.value", 18),  # trigger
        # contributing_factors[1], not kebab-case: reported once, by the schema
        ("schema.value", 21),
    ),
    "2025/2025-02-13-yaml-tags.md": (("frontmatter.yaml", 13),),
    "2025/2025-02-14-huge-numbers.md": (
        ("schema.value", 14),  # 5,000 digits
        ("schema.type", 15),  # a hexadecimal too long to be a number: text
        ("schema.value", 16),  # .inf
        ("schema.value", 17),  # .nan
    ),
    "2025/2025-02-15-year-zero.md": (("schema.value", 9), ("schema.value", 13)),
    "2025/2025-02-16-not-a-mapping.md": (("frontmatter.not-mapping", 2),),
    "2025/2025-02-17-unclosed-frontmatter.md": (("frontmatter.unclosed", 1),),
    "2025/2025-02-18-hash#percent%41&amp'quote.md": (("file.name", 1),),
    "2025/2025-03-01-two-megabytes.md": (("file.too-large", 1),),
    "2025/2025-03-02-huge-single-line.md": (("schema.value", 3),),
    "2025/2025-03-03-deep-nesting-crash.md": (("frontmatter.yaml", 13),),
}
