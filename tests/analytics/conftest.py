from __future__ import annotations

from pathlib import Path

import pytest

from .builders import TAXONOMY_YAML


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """An empty post-mortems folder with the test taxonomy."""
    root = tmp_path / "postmortems"
    root.mkdir()
    (root / "taxonomy.yml").write_text(TAXONOMY_YAML, encoding="utf-8")
    return root
