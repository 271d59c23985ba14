"""A project's settings: where its post-mortems and vocabulary are, and how to lint them.

The command line reads them from the ``mkdocs.yml`` the site is built with,
through MkDocs' own loading (see :mod:`pmkb_mkdocs.project_config`); without
one it uses the defaults of :func:`default_project`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PLUGIN_NAME = "postmortems"


class ProjectError(Exception):
    """A setting cannot be read; the message names the file and key."""


@dataclass
class Project:
    """Where the corpus and its taxonomy are, and how to lint it."""

    config_file: Path | None
    docs_dir: Path
    taxonomy: Path
    as_of: dt.date | None = None
    lint_levels: dict[str, str] = field(default_factory=dict)
    lint_options: dict[str, Any] = field(default_factory=dict)
    #: Where the site is published, for links to its pages.
    site_url: str | None = None
    use_directory_urls: bool = True
    #: Whose site this is (``public``, ``internal``, ``restricted``) and whether it
    #: shows drafts: the commands that list post-mortems leave out what it leaves out.
    audience: str = "internal"
    drafts: bool = True


def default_project() -> Project:
    """The settings of a project without a ``mkdocs.yml``: ``postmortems/`` and its vocabulary."""
    docs = Path("postmortems")
    return Project(None, docs, docs / "taxonomy.yml")


def find_config(start: Path | None = None) -> Path | None:
    """The nearest mkdocs.yml in ``start`` or its parents."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    return None
