"""The author's guide: it builds strictly with its links, and its recipes work as written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pmkb.cli import main

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "postmortems" / "guide"


def test_the_guide_builds_strictly_and_every_link_and_anchor_resolves(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "postmortems", tmp_path / "docs")
    config = {
        "site_name": "Guide check",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": [
            "tables",
            "admonition",
            {"toc": {"permalink": True}},
            "pymdownx.superfences",
        ],
        # Anchors too: a link to a heading that was renamed is a warning, and strict fails on it.
        "validation": {
            "links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn"}
        },
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    build(load_config(config_file=str(tmp_path / "mkdocs.yml"), strict=True))
    page = (tmp_path / "site" / "guide" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="writing-a-post-mortem">Writing a post-mortem' in page
    # The guide points at real reports of the sample corpus.
    linked = set(
        re.findall(r"\.\./(20\d\d/[\w-]+\.md)", (GUIDE / "index.md").read_text(encoding="utf-8"))
    )
    assert len(linked) >= 4 and all((ROOT / "postmortems" / name).is_file() for name in linked)


def test_the_guide_names_every_lint_rule_it_explains() -> None:
    from pmkb.lint import RULES

    text = (GUIDE / "index.md").read_text(encoding="utf-8")
    for rule in (
        "blameless-language",
        "personal-names",
        "factors-min-two",
        "factor-layers",
        "published-48h",
        "follow-up-review",
        "service-names",
        "five-whys",
        "summary-duration",
    ):
        assert rule in RULES and f"`{rule}`" in text


def _problem_matcher() -> re.Pattern[str]:
    text = (GUIDE / "editors.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block
    matcher = json.loads(block.group(1))["tasks"][0]["problemMatcher"]["pattern"]
    return re.compile(matcher["regexp"])


def test_the_editor_problem_matcher_reads_lint_output(tmp_path: Path) -> None:
    from tests.importers.conftest import CORPUS, EXPECTED

    draft = EXPECTED / "markdown" / "2025" / "2025-03-12-checkout-api-errors-after-release-4.md"
    folder = tmp_path / "2025"
    folder.mkdir()
    broken = draft.read_text(encoding="utf-8").replace("severity: SEV2", "severity: SEV9")
    (folder / draft.name).write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["lint", str(folder / draft.name), "--taxonomy", str(CORPUS / "taxonomy.yml")]
    )
    pattern = _problem_matcher()
    parsed = [pattern.match(line) for line in result.stdout.splitlines()]
    assert parsed and all(parsed)
    error = next(m for m in parsed if m and m.group(3) == "error")
    line = broken.splitlines().index("severity: SEV9") + 1
    assert (error.group(1), error.group(2), error.group(4)) == (
        str(folder / draft.name),
        str(line),
        "schema.value",
    )


def test_the_check_jsonschema_recipe(tmp_path: Path) -> None:
    text = (GUIDE / "editors.md").read_text(encoding="utf-8")
    awk_program = re.search(r"awk '([^']+)'", text).group(1)  # type: ignore[union-attr]
    schema = tmp_path / "postmortem.schema.json"
    schema.write_text(CliRunner().invoke(main, ["schema"]).stdout, encoding="utf-8")
    report = next((ROOT / "postmortems").glob("20*/*.md"))
    frontmatter = subprocess.run(
        ["awk", awk_program, str(report)], capture_output=True, text=True, check=True
    ).stdout
    good = tmp_path / "good.yaml"
    good.write_text(frontmatter, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(re.sub(r"(?m)^severity: SEV\d", "severity: SEV9", frontmatter), encoding="utf-8")

    def check(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), str(path)],
            capture_output=True,
            text=True,
            check=False,
        )

    assert check(good).returncode == 0, check(good).stdout
    failed = check(bad)
    assert failed.returncode == 1 and "$.severity: 'SEV9' is not one of" in failed.stdout


def test_the_guide_links_only_to_public_reports() -> None:
    """The guide is in every build; a link to an internal report would break a public one."""
    from pmkb.source import read_source

    for page in GUIDE.glob("*.md"):
        for name in re.findall(r"\.\./(20\d\d/[\w-]+\.md)", page.read_text(encoding="utf-8")):
            src = read_source(ROOT / "postmortems" / name, name)
            assert src.data is not None and src.data.get("visibility") == "public", (
                page.name,
                name,
            )
