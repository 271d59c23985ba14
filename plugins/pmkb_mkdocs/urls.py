"""Where every page of the site lives.

A post-mortem's URL comes from its id, never from its file name, so that
renaming or moving a file keeps every link to it working: the id is the
stable key of the format.
"""

from __future__ import annotations

HOME = "index.md"
INCIDENTS = "incidents/index.md"
FACTORS = "factors/index.md"
SERVICES = "services/index.md"
#: The all-incidents list's rows, fetched by the list page when a reader first
#: filters, sorts or asks for more (see listing.py).
LIST_DATA = "incidents/list.json"
#: The values of search's filters (severity, service, team, factor, year), fetched by
#: the search box when a reader goes for them: Pagefind's own filter index holds
#: every value's pages, ten times the bytes at 10,000 post-mortems.
SEARCH_FILTERS = "incidents/filters.json"
ASSETS = "assets/pmkb"


def incident_slug(pm_id: str) -> str:
    """``pm-2025-014`` for ``PM-2025-014``."""
    return pm_id.lower()


def incident_dest(pm_id: str, use_directory_urls: bool) -> str:
    """The output path of a post-mortem's page, relative to the site root."""
    slug = incident_slug(pm_id)
    return f"incidents/{slug}/index.html" if use_directory_urls else f"incidents/{slug}.html"


def incident_url(pm_id: str, use_directory_urls: bool) -> str:
    """The site-relative URL of a post-mortem's page: ``incidents/pm-2025-014/``."""
    slug = incident_slug(pm_id)
    return f"incidents/{slug}/" if use_directory_urls else f"incidents/{slug}.html"


def factor_src(tag: str) -> str:
    return f"factors/{tag}.md"


def service_src(name: str) -> str:
    return f"services/{name}.md"
