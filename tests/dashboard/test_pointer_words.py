"""Words about using a chart (hover, click, zoom) are said only where it is drawn.

Without JavaScript, or when the chart library does not load, a page shows each
chart's words and table and no drawing: an instruction to hover over a bar
would point at nothing. Such words are kept in the one element the stylesheet
shows once charts.js has drawn the figure; no other text of a page with charts
speaks of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tests.site.dom import Element
from tests.site.sitebuild import BuiltSite

#: Words that tell a reader to use the drawing with a pointer.
POINTER = re.compile(r"\b(hover|click|tap|zoom|drag|mouse|point at)", re.IGNORECASE)
USING = "pmkb-chart__using"


def chart_pages(site: BuiltSite) -> Iterator[str]:
    for path in sorted(site.site_dir.rglob("index.html")):
        if "data-pmkb-chart" in path.read_text(encoding="utf-8"):
            yield path.parent.relative_to(site.site_dir).as_posix() + "/"


def said_outside_the_drawing(element: Element) -> Iterator[str]:
    """Every text of ``element`` a reader sees without the drawing: not the figure's
    JSON (its hover boxes, inert in a template) nor the words shown once it is drawn."""
    if element.tag == "template" or USING in element.classes:
        return
    for child in element.children:
        if isinstance(child, str):
            yield child
        else:
            yield from said_outside_the_drawing(child)


def test_only_the_drawn_figure_says_to_hover_click_or_zoom(dash: BuiltSite) -> None:
    pages = list(chart_pages(dash))
    assert "dashboard/" in pages and "graph/" in pages, pages
    using = {}
    for url in pages:
        article = dash.content(url)
        text = " ".join(" ".join(said_outside_the_drawing(article)).split())
        assert not POINTER.search(text), (url, POINTER.findall(text))
        for span in article.find_all(cls=USING):
            figure = next(a for a in span.ancestors() if "pmkb-chart" in a.classes)
            # After the chart's "How to read it", never in place of its summary or table.
            assert span.parent is not None and "pmkb-chart__how" in span.parent.classes, url
            using[figure.get("id")] = span.text
    # The instructions are still there for the drawn figure.
    assert using["incidents-over-time"] == "Hover over a bar for the incidents in it."
    assert using["related-graph"].startswith("Hover for the title, severity and shared factors")
    assert "overdue-by-owner" in using and "top-factors" in using
