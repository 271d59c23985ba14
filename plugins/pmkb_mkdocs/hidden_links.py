"""Links to post-mortems hidden from a build's audience, reduced to their text.

A visible post-mortem may link to one its readers may not see. A Markdown
link to the file MkDocs resolves, and the plugin has pointed the hidden file
at :data:`HIDDEN`; but MkDocs leaves alone a link written as HTML
(``<a href="../2023/x.md">``) and a link to the page's address
(``../pm-2023-004/``), and either would publish the hidden file's name or id.
Each such link keeps its text and loses its target, silently: the author
wrote a valid link, which only this audience may not follow.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

#: Where hidden post-mortems would be; never written, only recognised in links.
HIDDEN = "pmkb-hidden"

_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class HiddenTargets:
    """The hidden post-mortems of one build: their files (relative to docs_dir) and URL slugs."""

    paths: frozenset[str]
    slugs: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.paths or self.slugs)

    def is_target(self, href: str, src_uri: str) -> bool:
        """Whether ``href``, written in the page of ``src_uri``, leads to a hidden post-mortem.

        >>> hidden = HiddenTargets(frozenset({"2023/2023-05-01-x.md"}), frozenset({"pm-2023-004"}))
        >>> hidden.is_target("../2023/2023-05-01-x.md#summary", "2025/2025-02-10-y.md")
        True
        >>> hidden.is_target("../pm-2023-004/", "2025/2025-02-10-y.md")
        True
        >>> hidden.is_target("https://example.com/pm-2023-004/", "2025/2025-02-10-y.md")
        False
        """
        if HIDDEN + "/" in href:
            return True
        try:
            parts = urlsplit(href.strip())
        except ValueError:
            return False
        if parts.scheme or parts.netloc or not parts.path:
            return False
        path = unquote(parts.path)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if target in self.paths:
            return True
        segments = {s.removesuffix(".html") for s in path.lower().split("/")}
        return not self.slugs.isdisjoint(segments)


def unlink_hidden(text: str, src_uri: str, hidden: HiddenTargets) -> str:
    """``text`` (HTML) with each link to a hidden post-mortem replaced by its content."""
    if not hidden or "<a" not in text.lower():
        return text

    def unlink(match: re.Match[str]) -> str:
        found = _HREF.search(match.group(1))
        if found is None:
            return match.group(0)
        href = html.unescape(next(g for g in found.groups() if g is not None))
        return match.group(2) if hidden.is_target(href, src_uri) else match.group(0)

    return _ANCHOR.sub(unlink, text)
