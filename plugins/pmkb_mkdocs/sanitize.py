"""Clean the HTML an author's Markdown produced, before it reaches a reader.

Post-mortems arrive by pull request and may quote logs, payloads and HTML.
Their rendered bodies pass through nh3 (ammonia) with an allow-list: the
markup Markdown and its extensions produce is kept (headings with their ids
and permalinks, tables, code highlighting spans, admonitions, details,
``kbd``); scripts, styles, event handlers, ``javascript:`` URLs and inline
styles are removed. Images must come from the site itself: the site is read
on networks without internet access and must load nothing from outside.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {"tfoot", "caption", "figure", "figcaption"}
_GLOBAL = {"class", "title", "lang", "dir"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL,
    # Ids only where the table of contents links to them: an id is also a
    # global variable of the page's scripts, and the theme's scripts look up
    # elements by id, so an author's ids could shadow either.
    **{tag: {"id"} for tag in _HEADINGS},
    "a": {"href", "name", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "scope", "style", "align"},
    "td": {"colspan", "rowspan", "style", "align"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
    "code": set(),
    "q": {"cite"},
    "blockquote": {"cite"},
}


def _is_external(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return True  # unparseable: treat as not ours
    return bool(parts.scheme or parts.netloc)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # An image from another host would make the page fetch it: drop the source.
    if tag == "img" and attribute == "src" and _is_external(value):
        return None
    # The theme's own ids start with two underscores (`__config`, `__search`).
    if attribute == "id" and value.startswith("__"):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    # Tables from Markdown align columns with `style="text-align: ..."`.
    filter_style_properties={"text-align"},
    attribute_filter=_filter_attribute,
    link_rel=None,
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """``html`` with only the allowed markup left."""
    return _CLEANER.clean(html)


# A table cell holding nothing but a time (a timeline's first column).
_TIME_CELL = re.compile(
    r"<td>(\s*(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}(?::\d{2})?\s*(?:Z|UTC)?\s*)</td>"
)


def unsearched_times(html: str) -> str:
    """Mark table cells that hold only a time to stay out of the search index.

    Nobody searches for ``2025-02-09 10:05``; a timeline's event column, which
    people do search, stays indexed. Run on cleaned HTML, whose cells carry no
    other attributes.
    """
    return _TIME_CELL.sub(r"<td data-pagefind-ignore>\1</td>", html)


def unsearched_permalinks(html: str, css_class: str) -> str:
    """Mark headings' permalinks (the ``toc`` extension's link, class ``css_class``,
    after each heading) to stay out of the search index.

    Indexed, the mark stuck to the heading's last word, and results' excerpts read
    "Impact¶ Retries from...". Run on HTML as the ``toc`` extension or the sanitiser
    wrote it, where the class is the link's first attribute.
    """
    link = f'<a class="{css_class}" '
    return html.replace(link, f"{link}data-pagefind-ignore ")


def is_http_url(value: str | None) -> bool:
    """True for an absolute ``http(s)://host/...`` URL, the only kind of tracker link shown."""
    if not value:
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # e.g. an unbalanced bracket in the host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


_INLINE = nh3.Cleaner(
    tags={"code", "em", "strong", "b", "i", "kbd", "sub", "sup", "mark", "abbr", "span"},
    attributes={},
    link_rel=None,
)


def clean_inline(html: str) -> str:
    """Inline markup only, no attributes: for headings copied into the table of contents."""
    return _INLINE.clean(html)


_H1_TAG = re.compile(r"<(/?)h1\b")


def demote_h1(html: str) -> str:
    """Level-1 headings of cleaned ``html`` as level 2: a post-mortem's one ``h1`` is its title.

    The theme writes the page title as an ``h1`` only when the content has
    none, so an author's ``# Heading`` would otherwise take the place of the
    post-mortem's id and title at the top of its page.
    """
    return _H1_TAG.sub(r"<\1h2", html)
