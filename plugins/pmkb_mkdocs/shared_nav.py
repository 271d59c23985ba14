"""Material's tabs and navigation, rendered once for the pages outside the navigation.

Material renders the whole navigation and the tabs into every page. The
post-mortems, factor and service pages are not in the navigation, so nothing
in it is marked active on them, and its links differ only by where a page
sits: every such page of one folder gets the same HTML. Rendering it once per
folder instead of once per page saves a fixed cost per post-mortem page (a
build of 1,000 went from 11.75 s to 10.8 s with this site's navigation).

The plugin puts its own ``partials/nav.html`` and ``partials/tabs.html`` in
front of Material's (behind a project's own ``custom_dir``, which still wins
and then renders every page itself); they hand Material's original template,
reached under the ``material/`` prefix, to :class:`SharedNav`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

#: This package's overrides of Material's partials.
OVERRIDES = Path(__file__).parent / "overrides"
#: The prefix under which the overrides reach Material's own templates.
MATERIAL_PREFIX = "material"


class SharedNav:
    """The ``pmkb_shared_nav`` function of the templates: one render per folder.

    Called from a ``{% call %}`` block: ``caller()`` renders Material's
    template for the page at hand. One instance per build: the navigation's
    titles and links are settled before the first page is rendered.
    """

    def __init__(self) -> None:
        self._html: dict[tuple[str, str, str], str] = {}
        self._targets: tuple[int, tuple[str, ...]] | None = None
        self.hits = 0

    def __call__(self, name: str, page: object, nav: object, caller: Callable[[], str]) -> str:
        if not isinstance(page, Page) or not isinstance(nav, Navigation) or page in nav.pages:
            # No page (the 404 page), or one in the navigation, whose own entry
            # is marked active: rendered for it alone.
            return caller()
        key = self._key(name, page.url, nav)
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = caller()
        else:
            self.hits += 1
        return html

    def _key(self, name: str, url: str, nav: Navigation) -> tuple[str, str, str]:
        # Relative links depend on the folder the page's URL names (a
        # directory URL is a folder of its own). Pages of one folder share it;
        # so do sibling folders, when no link of the navigation points inside
        # them: each link then climbs out of either the same way.
        folder = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        if folder and not any(t.startswith(folder) for t in self._nav_targets(nav)):
            return (name, "beside", posixpath.dirname(folder.rstrip("/")))
        return (name, "in", folder)

    def _nav_targets(self, nav: Navigation) -> tuple[str, ...]:
        if self._targets is None or self._targets[0] != id(nav):
            self._targets = (id(nav), tuple(_urls(nav.items)))
        return self._targets[1]


def _urls(items: Iterable[object]) -> Iterable[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _urls(item.children)
        else:
            url = getattr(item, "url", None)
            if isinstance(url, str):
                yield url


def material_templates(dirs: list[str]) -> str | None:
    """Material's own templates folder among a theme's ``dirs``, or None (another theme)."""
    import material

    own = Path(material.__file__).parent / "templates"
    return next((d for d in dirs if Path(d) == own), None)


def install_overrides(dirs: list[str]) -> None:
    """Put the overrides just in front of Material's templates (nothing for another theme)."""
    material = material_templates(dirs)
    if material is not None and str(OVERRIDES) not in dirs:
        dirs.insert(dirs.index(material), str(OVERRIDES))


def prepare(env: jinja2.Environment, dirs: list[str], shared: SharedNav) -> None:
    """Let the overrides reach Material's templates, and give them ``pmkb_shared_nav``."""
    material = material_templates(dirs)
    if material is None or env.loader is None:
        return
    env.loader = jinja2.ChoiceLoader(
        [env.loader, jinja2.PrefixLoader({MATERIAL_PREFIX: jinja2.FileSystemLoader(material)})]
    )
    env.globals["pmkb_shared_nav"] = shared
