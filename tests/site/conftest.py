from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.site.sitebuild import BuiltSite, build_site, standard_corpus, write_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The standard corpus with drafts shown, in a project of its own (the preview's tests)."""
    return write_project(tmp_path, standard_corpus(), plugin={"drafts": True})


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The standard corpus built once, strictly, for the default (internal) audience."""
    folder = tmp_path_factory.mktemp("standard")
    config = write_project(
        folder, standard_corpus(), config={"site_url": "https://kb.example.com/"}
    )
    return build_site(config, strict=True)


@pytest.fixture
def no_other_collection() -> None:
    """Freezing is the interpreter's, not a collector's: a server of an earlier test may
    still wait for its author's pause, and its collection would unfreeze the heap under
    these tests. Its timer is cancelled (the server is gone; nothing else waits for it)."""
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer) and thread.name == "pmkb-collect":
            thread.cancel()
            thread.join()
