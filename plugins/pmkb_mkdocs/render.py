"""Render the site's generated HTML from Jinja2 templates in ``templates/``.

The environment autoescapes every value: anything read from a post-mortem is
escaped by Jinja wherever it is written (text, attributes, inline JSON via
``tojson``), never by hand. Only HTML that has already been sanitised (a
post-mortem's rendered body) is marked safe, by the caller, with ``Markup``.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

import jinja2

from pmkb_mkdocs import formatting
from pmkb_mkdocs.sanitize import is_http_url


class Links(Protocol):
    """Site-relative links from the page being rendered to the other pages."""

    def incident(self, pm_id: str) -> str: ...

    def factor(self, tag: str) -> str: ...

    def service(self, name: str) -> str: ...

    def page(self, src_uri: str) -> str: ...


@functools.cache
def environment() -> jinja2.Environment:
    """The one template environment (compiled templates are a deliberate cache)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pmkb_mkdocs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        # Templates ship with the package: no need to check their files for changes.
        auto_reload=False,
        lstrip_blocks=True,
    )
    env.filters.update(
        duration=formatting.human_duration,
        utc_stamp=formatting.utc_stamp,
        utc_date=formatting.utc_date,
        count=formatting.count,
        money=formatting.money,
        percent=formatting.percent,
        plural=formatting.plural,
    )
    env.tests["http_url"] = is_http_url
    # Compact, key-sorted JSON: the list page's data is its largest part.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
