from __future__ import annotations

import pytest

from tests.site.sitebuild import BuiltSite, build_site, standard_corpus, write_project


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The standard corpus built once, strictly, for the default (internal) audience."""
    folder = tmp_path_factory.mktemp("standard")
    config = write_project(
        folder, standard_corpus(), config={"site_url": "https://kb.example.com/"}
    )
    return build_site(config, strict=True)
