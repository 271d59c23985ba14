"""Keep Hypothesis's files out of the repository.

Even without an example database, Hypothesis caches constants and Unicode
tables in ``.hypothesis/`` under the working directory, some of it while
test modules are imported: the folder is moved to a scratch folder as soon
as this directory is collected, and removed after the run.

``hostile_site`` is the hostile corpus built into a site once per run, for
the site's tests.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from tests.site.sitebuild import BuiltSite


def pytest_configure(config: pytest.Config) -> None:
    home = Path(tempfile.mkdtemp(prefix="pmkb-hypothesis-"))
    set_hypothesis_home_dir(home)

    def restore() -> None:
        set_hypothesis_home_dir(None)
        shutil.rmtree(home, ignore_errors=True)

    config.add_cleanup(restore)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The hostile corpus built once, leniently, for the internal audience."""
    from tests.hostile.hostile_site import build_hostile_site

    return build_hostile_site(tmp_path_factory.mktemp("hostile-site"))
