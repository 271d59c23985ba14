"""What a build does to its process besides building: no thread pools it never
uses, the heap handed back to Python's collector as it was found, and nothing of
the build kept once it ends."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest

from tests.site.sitebuild import build_site, standard_corpus, write_project

counts_threads = pytest.mark.skipif(
    not os.path.isdir("/proc/self/task"), reason="counts threads in Linux's /proc"
)

#: What OpenBLAS reads for its number of threads, most specific first.
BLAS_SETTINGS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def _run(code: str, **settings: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in BLAS_SETTINGS}
    env.update(settings)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


THREADS = "; import os; print(len(os.listdir('/proc/self/task')))"


@counts_threads
def test_the_plugin_leaves_numpy_and_scipy_without_blas_threads() -> None:
    bare = int(_run("import numpy; from scipy import stats" + THREADS))
    if bare == 1:
        pytest.skip("OpenBLAS starts no threads on this machine (one CPU)")
    # The plugin's own import brings NumPy in; SciPy comes with the analytics.
    assert int(_run("import pmkb_mkdocs.plugin; from scipy import stats" + THREADS)) == 1


@pytest.mark.parametrize("setting", BLAS_SETTINGS)
def test_a_blas_setting_of_the_user_is_kept(setting: str) -> None:
    code = "import pmkb_mkdocs.plugin, os; print(os.environ.get('OPENBLAS_NUM_THREADS'))"
    expected = "3" if setting == "OPENBLAS_NUM_THREADS" else "None"
    assert _run(code, **{setting: "3"}) == expected


@pytest.mark.usefixtures("no_other_collection")
def test_a_build_leaves_no_object_frozen(tmp_path: Path) -> None:
    """The build freezes what lives until it ends (the corpus, then what planning
    made), so that the collections while pages render skip it; once the site is
    written, all of it is Python's to collect again."""
    assert gc.get_freeze_count() == 0
    build_site(write_project(tmp_path, standard_corpus()))
    assert gc.get_freeze_count() == 0


#: Weak references to what a build's hooks saw (see the test below).
SEEN: list[weakref.ref[Any]] = []

HOOKS = """
import weakref
from tests.site import test_build_process as test


def on_files(files, config):
    test.SEEN.append(weakref.ref(files))


def on_nav(nav, config, files):
    test.SEEN.append(weakref.ref(nav))
"""


def test_nothing_of_a_build_outlives_it(tmp_path: Path) -> None:
    """MkDocs keeps its plugins until Python exits (its configuration's class holds
    the last ones): the plugin lets go of the corpus, the analytics and the pages
    when the site is written, so that they neither stay in memory nor are gone
    through again by the collector as Python exits."""
    config = write_project(tmp_path, standard_corpus(), config={"hooks": ["hooks.py"]})
    (tmp_path / "hooks.py").write_text(HOOKS, encoding="utf-8")
    SEEN.clear()
    build_site(config)
    gc.collect()
    assert len(SEEN) == 2
    assert [ref() for ref in SEEN] == [None, None]
