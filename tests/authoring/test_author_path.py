"""The author's path, as the README and the guide write it, followed step by step.

The commands are read from the documents themselves and run in a shell, as a
new author would type them, on a scratch copy of the project (its
``mkdocs.yml`` and the sample corpus); what the author writes by hand between
them (the frontmatter and the sections) the test writes. A step the
documents change or drop fails here rather than in a newcomer's first hour.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
GUIDE = ROOT / "postmortems" / "guide" / "index.md"

README_STEPS = ["Start it", "Fill it in", "Check it", "Preview it", "Publish it"]


# --- reading the documents ----------------------------------------------------------------------


def section(text: str, title: str) -> str:
    """The text under the ``## title`` heading, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"no section '## {title}'"
    return match.group(1)


def numbered_steps(text: str) -> dict[str, str]:
    """``1. **Start it** ...`` items: bold title -> the item's text."""
    parts = re.split(r"^\d+\. \*\*(.+?)\*\*", text, flags=re.M)
    return {title: body for title, body in zip(parts[1::2], parts[2::2])}


def shell_commands(text: str) -> list[str]:
    """The commands of the ```sh blocks of ``text``: continuation lines joined, comments dropped."""
    commands = []
    for block in re.findall(r"^ *```sh\n(.*?)^ *```", text, re.S | re.M):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(shlex.join(words))
    return commands


def inline_commands(text: str, program: str) -> list[str]:
    """Commands quoted as inline code: `` `.venv/bin/pmkb lint ...` ``."""
    return re.findall(rf"`({re.escape(program)} [^`]+)`", text)


# --- the scratch project ------------------------------------------------------------------------


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of the project's configuration and corpus, with ``.venv/bin/pmkb`` as the
    README names it running this interpreter's pmkb (the suite may run in another venv)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "postmortems", project / "postmortems")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    shim = bin_dir / "pmkb"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m pmkb.cli "$@"\n')
    shim.chmod(0o755)
    return project


def run(project: Path, command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{project / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "-c", command], cwd=project, env=env, capture_output=True, text=True, check=False
    )


def lint_summary(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1]


# --- what the author writes by hand -------------------------------------------------------------

FILLED_KEYS = {
    r"  detected: .*": "  detected: 2026-11-20T14:09:00Z",
    r"  # acknowledged: .*": "  acknowledged: 2026-11-20T14:14:00Z",
    r"  # mitigated: .*": "  mitigated: 2026-11-20T14:52:00Z",
    r"  # resolved: .*": "  resolved: 2026-11-20T15:40:00Z",
    r"# follow_up_review: .*": "follow_up_review: 2026-12-18",
    r"detection: .*": "detection: alert",
    r"# trigger: .*": "trigger: deploy",
    r"# impact: .*": "impact: {users_affected: 1800, failed_requests: 21000, data_loss: false}",
    r"# root_cause: .*": (
        "root_cause: A release added a query without an index; under peak load it held "
        "connections until the pool was exhausted."
    ),
    r"contributing_factors: .*": (
        "contributing_factors: [missing-index, monitoring-gap, testing-gap, knowledge-silo]"
    ),
    r"action_items: \[\]": """action_items:
  - id: AI-001
    action: Add an alert when connection-pool utilisation exceeds 80% for five minutes
    owner: observability
    due: 2026-11-27
    priority: P1
    category: detect
    status: open
    addresses: [monitoring-gap]
  - id: AI-002
    action: Add a query-plan check for new queries to the release pipeline
    owner: payments-platform
    due: 2026-12-11
    priority: P2
    category: prevent
    status: open
    addresses: [missing-index, testing-gap]""",
}

FILLED_SECTIONS = {
    "Summary": "Checkout failed for about fifty minutes after a release exhausted the "
    "orders database's connection pool; a rollback ended it.",
    "Impact": "About 1,800 customers could not check out; 21,000 requests failed.",
    "Root Cause": "A new query scanned the whole orders table and held its connection "
    "for seconds under peak load.",
    "Contributing Factors": "The pool had no saturation alert, the release pipeline ran "
    "no query-plan check, and the pool's limits were known to one team only.",
    "What Went Well": "The rollback was quick and well rehearsed.",
    "What Went Wrong": "Nothing showed the pool filling up before it was full.",
    "Lessons Learned": "A query-plan check belongs in the release pipeline.",
}


def fill_in(draft: str) -> str:
    """The draft as an author leaves it after step 2: every TODO answered."""
    text = draft
    for pattern, value in FILLED_KEYS.items():
        text, count = re.subn(rf"^{pattern}$", value, text, count=1, flags=re.M)
        assert count == 1, f"the template has no line {pattern!r} to fill in"
    for title, prose in FILLED_SECTIONS.items():
        text, count = re.subn(
            rf"(^## {title}\n\n)<!-- TODO[^\n]*-->", rf"\g<1>{prose}", text, flags=re.M
        )
        assert count == 1, f"the template has no TODO under ## {title}"
    text = re.sub(
        r"^\| (2026-11-20 14:05) \| TODO[^\n]*\|$",
        "| 2026-11-20 14:05 | Checkout error rate starts to climb |\n"
        "| 2026-11-20 14:09 | Error-rate alert pages the on-call engineer |\n"
        "| 2026-11-20 14:52 | Release rolled back; errors stop |\n"
        "| 2026-11-20 15:40 | Incident closed after a quiet period |",
        text,
        flags=re.M,
    )
    text = re.sub(
        r"^1\. Why \.\.\.\? <!-- TODO -->$",
        "1. Why did checkout fail? The connection pool was exhausted.\n"
        "2. Why was it exhausted? A new query held connections for seconds.\n"
        "3. Why did that ship? No step of the release checked query plans.",
        text,
        flags=re.M,
    )
    assert "TODO" not in text, "a TODO of the template is not covered by step 2"
    return text


def set_key(text: str, key: str, value: str) -> str:
    return re.sub(rf"^{key}: [^\n]*$", f"{key}: {value}", text, count=1, flags=re.M)


# --- the README ---------------------------------------------------------------------------------


def test_the_readme_author_path_step_by_step(scratch: Path) -> None:
    steps = numbered_steps(
        section(README.read_text(encoding="utf-8"), "Write a post-mortem in ten minutes")
    )
    assert list(steps) == README_STEPS

    # 1. Start it: the command as written, in the project's folder.
    (start,) = shell_commands(steps["Start it"])
    created = run(scratch, start)
    assert created.returncode == 0, created.stderr
    named = re.search(r"`(postmortems/\d{4}/[\w-]+\.md)`", steps["Start it"].replace("\n   ", ""))
    assert named, "step 1 names the file it writes"
    draft_path = scratch / named.group(1)
    assert created.stdout.startswith(f"{named.group(1)}: created ")
    draft = draft_path.read_text(encoding="utf-8")
    assert re.search(r"^status: draft\b", draft, re.M)

    # 3. Check it, right away: no errors, and the warnings name only what is left to write.
    (check,) = inline_commands(steps["Check it"], ".venv/bin/pmkb lint")
    checked = run(scratch, check)
    assert checked.returncode == 0, checked.stdout
    assert lint_summary(checked) == "1 post-mortem: 0 errors, 2 warnings"
    todo, factors = checked.stdout.splitlines()
    assert " warning todo-left: " in todo and " warning factors-min-two " in factors
    left = todo.split("left to fill in: ")[1].split(" (fine while drafting")[0].split(", ")
    assert left[:3] == ["timeline.detected", "detection", "contributing_factors"]
    assert all(place.startswith("## ") for place in left[3:])
    # what step 1's options gave is not among them
    for given in ("severity", "services", "teams", "authors", "timeline.started"):
        assert given not in left

    # 2. Fill it in, then check again: nothing left to say.
    draft_path.write_text(fill_in(draft), encoding="utf-8")
    checked = run(scratch, check)
    assert (checked.returncode, checked.stdout) == (0, "")
    assert lint_summary(checked) == "1 post-mortem: 0 errors, 0 warnings"

    # 4. Preview it: the page is at the URL the README gives.
    (url,) = re.findall(r"`(/incidents/pm-\d{4}-\d{3,}/)`", steps["Preview it"])
    assert "make serve" in steps["Preview it"]
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=scratch,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    page = (scratch / "site" / url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "Checkout errors from database connection-pool exhaustion" in page
    assert url == f"/incidents/{created.stdout.split('created ')[1].split()[0].lower()}/"

    # 5. Publish it: in review first (no `published` yet), then published on the day.
    publish = steps["Publish it"]
    assert "`status: in-review`" in publish and "`status: published`" in publish
    assert "`published:`" in publish
    filled = draft_path.read_text(encoding="utf-8")
    in_review = set_key(filled, "status", "in-review")
    assert "\npublished:" not in in_review
    draft_path.write_text(in_review, encoding="utf-8")
    checked = run(scratch, check)
    assert (checked.returncode, checked.stdout) == (0, "")
    published = set_key(in_review, "status", "published")
    published = re.sub(r"^# published: [^\n]*$", "published: 2026-11-21", published, flags=re.M)
    draft_path.write_text(published, encoding="utf-8")
    checked = run(scratch, check)
    assert (checked.returncode, checked.stdout) == (0, "")
    # and without the day it was shared, a published report is an error
    draft_path.write_text(set_key(in_review, "status", "published"), encoding="utf-8")
    checked = run(scratch, check)
    assert checked.returncode == 1
    assert " error status.required published: " in checked.stdout


# --- the guide ----------------------------------------------------------------------------------


def test_the_guides_commands_run_as_written(scratch: Path) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    rhythm = section(text, "The rhythm: 48 hours, then four weeks")
    (start,) = shell_commands(rhythm)
    created = run(scratch, start)
    assert created.returncode == 0, created.stderr
    # The file the guide says `pmkb new` writes is the one it wrote.
    named = re.findall(r"`(postmortems/\d{4}/[\w-]+\.md)`", rhythm.replace("\n", ""))
    assert created.stdout.startswith(f"{named[0]}: created ")

    commands = shell_commands(section(text, "Check and preview before the pull request"))
    assert commands[-1] == "make serve"  # the preview; the README's path builds the site
    for command in commands[:-1]:
        result = run(scratch, command)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        if command.startswith("pmkb lint postmortems/"):
            # the file of the first step, with its draft's warnings and no error
            assert lint_summary(result) == "1 post-mortem: 0 errors, 2 warnings"
            assert result.stdout.startswith(named[0])
