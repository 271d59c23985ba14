"""Build a site from the hostile corpus the way the project builds its own.

The project's ``mkdocs.yml`` is inherited (``INHERIT``), so the hostile site
has the shipped theme, features and Markdown extensions (``attr_list`` and
``md_in_html`` included, which the body payloads aim at); only the folder,
the as-of date and the README exclusion differ.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tests.site.sitebuild import (
    AS_OF,
    SEARCH_FILE_SUFFIXES,
    BuiltSite,
    build_site,
    decode_search_file,
)

from . import manifest
from . import payloads as P

REPO = Path(__file__).resolve().parents[2]
SITE_URL = "https://kb.example.com/"


def write_hostile_project(folder: Path, **plugin_options: Any) -> Path:
    """Copy the hostile corpus to ``folder/docs``, write a ``mkdocs.yml`` for it; return its path."""
    manifest.materialize(folder / "docs")
    config = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "site_name": "Hostile corpus",
        "site_url": SITE_URL,
        "docs_dir": "docs",
        "site_dir": "site",
        "exclude_docs": P.MKDOCS_EXCLUDE_DOCS,
        "plugins": {"postmortems": {"as_of": AS_OF.isoformat(), **plugin_options}},
    }
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


def build_hostile_site(folder: Path, **plugin_options: Any) -> BuiltSite:
    """The hostile corpus built leniently (a strict build fails on it, by design)."""
    return build_site(write_hostile_project(folder, **plugin_options), strict=False)


def every_byte(site_dir: Path) -> Iterator[tuple[str, bytes]]:
    """(site-relative path, content) of every file, and of every ``.gz`` file decompressed."""
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        yield rel, data
        if path.suffix == ".gz":
            yield rel + " (decompressed)", gzip.decompress(data)
        elif path.suffix in SEARCH_FILE_SUFFIXES:
            yield rel + " (decoded)", decode_search_file(data)
