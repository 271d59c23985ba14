"""A small read-only DOM over the standard library's HTML parser, for asserting on built pages.

>>> doc = parse('<div class="a b"><p id="x">Hi <b>there</b></p></div>')
>>> doc.one("p", id="x").text
'Hi there'
>>> [e.tag for e in doc.find_all(cls="a")]
['div']
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
}  # fmt: skip


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def text(self) -> str:
        """The text content with runs of whitespace collapsed to one space."""
        return " ".join(self._text().split())

    def _text(self) -> str:
        return "".join(c if isinstance(c, str) else c._text() for c in self.children)

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(
        self,
        tag: str | None = None,
        *,
        cls: str | None = None,
        id: str | None = None,
        **attrs: str | bool,
    ) -> list[Element]:
        """Descendants matching every condition; ``attr=True`` means "has the attribute"."""
        found = []
        for el in self.iter():
            if tag is not None and el.tag != tag:
                continue
            if cls is not None and cls not in el.classes:
                continue
            if id is not None and el.attrs.get("id") != id:
                continue
            if any(
                (name.replace("_", "-") not in el.attrs)
                if want is True
                else el.attrs.get(name.replace("_", "-")) != want
                for name, want in attrs.items()
            ):
                continue
            found.append(el)
        return found

    def first(self, tag: str | None = None, **conditions: str | bool) -> Element:
        """The first element matching; fails the test when there is none."""
        found = self.find_all(tag, **conditions)  # type: ignore[arg-type]
        if not found:
            raise AssertionError(f"no <{tag or '*'}> matching {conditions}")
        return found[0]

    def one(self, tag: str | None = None, **conditions: str | bool) -> Element:
        """The only element matching; fails the test when there are none or several."""
        found = self.find_all(tag, **conditions)  # type: ignore[arg-type]
        if len(found) != 1:
            raise AssertionError(
                f"expected one <{tag or '*'}> matching {conditions}, found {len(found)}"
            )
        return found[0]

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v if v is not None else "" for k, v in attrs}, self.current)
        self.current.children.append(el)
        if tag not in VOID:
            self.current = el

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(
            Element(tag, {k: v if v is not None else "" for k, v in attrs}, self.current)
        )

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
