"""Files of ``docs_dir`` that MkDocs would publish but the site must leave out.

MkDocs publishes every file of ``docs_dir`` whose name does not start with a
dot, and follows symbolic links to do so. The loader reads post-mortems only
in year folders, never in a folder whose name starts with ``.`` or ``_``, and
never through a symbolic link. What the loader did not read, the site does not
publish either:

* a file reached through a symbolic link (the file itself or one of its
  folders): a link added in a pull request can point at any file of the
  machine that builds the site, and MkDocs would copy or render it;
* a page in a year folder that is not one of the post-mortems the loader read
  (``2025/_drafts/x.md``, ``2025/x.markdown``), or a post-mortem outside the
  year folders (``2025-01-05-x.md``, which the loader reports as misplaced):
  it would be published as an ordinary page, its frontmatter parsed by MkDocs
  (which a 300,000-level nesting crashes), unchecked and unsanitised;
* a file in a year folder of a type a post-mortem may not attach
  (:data:`pmkb.loader.ATTACHMENT_TYPES`): an HTML or SVG file opened on the
  site runs its scripts there. The loader reports each one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from pmkb.loader import ATTACHMENT_TYPES, YEAR_DIR, is_postmortem_path


class LinkFinder:
    """Answers whether a path under ``root`` goes through a symbolic link; folders are
    checked once each."""

    def __init__(self, root: str) -> None:
        self._root = root
        self._linked_dirs: dict[str, bool] = {}

    def _dir_is_linked(self, rel_dir: str) -> bool:
        if not rel_dir:
            return False
        known = self._linked_dirs.get(rel_dir)
        if known is None:
            parent = rel_dir.rpartition("/")[0]
            known = self._dir_is_linked(parent) or os.path.islink(os.path.join(self._root, rel_dir))
            self._linked_dirs[rel_dir] = known
        return known

    def through_link(self, src_uri: str) -> bool:
        """True when ``src_uri`` (POSIX, relative to the root) or one of its folders is a link."""
        parent = src_uri.rpartition("/")[0]
        return self._dir_is_linked(parent) or os.path.islink(os.path.join(self._root, src_uri))


def in_year_folder(src_uri: str) -> bool:
    parts = PurePosixPath(src_uri).parts
    return len(parts) > 1 and YEAR_DIR.match(parts[0]) is not None


def unvetted(
    docs_files: Iterable[tuple[str, bool]], docs_dir: str, read_by_loader: set[str]
) -> list[str]:
    """The ``src_uri`` of each file to leave out of the site, in the order given.

    ``docs_files`` holds ``(src_uri, is_page)`` for the files read from
    ``docs_dir``; ``read_by_loader`` the relative paths the loader read.
    """
    links = LinkFinder(docs_dir)
    root = Path(docs_dir)
    out = []
    for src_uri, is_page in docs_files:
        unread_page = (
            is_page
            and src_uri not in read_by_loader
            and (in_year_folder(src_uri) or is_postmortem_path(root / src_uri, root))
        )
        refused = (
            not is_page
            and in_year_folder(src_uri)
            and PurePosixPath(src_uri).suffix.lower() not in ATTACHMENT_TYPES
        )
        if unread_page or refused or links.through_link(src_uri):
            out.append(src_uri)
    return out
