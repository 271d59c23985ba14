"""The lock file every make command installs from: complete, hashed and within pyproject's ranges."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest brings tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"


def _locked() -> list[tuple[str, Version, Marker | None, list[str]]]:
    """(name, version, marker, hashes) of every entry, continuation lines joined."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
        requirement = Requirement(re.sub(r"\s*--hash=\S+", "", line))
        (spec,) = requirement.specifier
        assert spec.operator == "==", line
        entries.append(
            (canonicalize_name(requirement.name), Version(spec.version), requirement.marker, hashes)
        )
    return entries


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]
    ]


def test_every_entry_is_pinned_and_hashed() -> None:
    entries = _locked()
    assert len(entries) > 20
    assert all(hashes for *_, hashes in entries)


def test_every_declared_dependency_is_locked_within_its_range() -> None:
    # On each Python the lock covers, the pinned version must satisfy pyproject.toml:
    # a range changed without `make lock` fails here, not on a fresh clone.
    entries = _locked()
    for python in ("3.10", "3.11", "3.12", "3.13"):
        env = {"python_version": python, "python_full_version": python + ".5"}
        chosen = {
            name: version
            for name, version, marker, _ in entries
            if marker is None or marker.evaluate(env)
        }
        for requirement in _declared():
            name = canonicalize_name(requirement.name)
            assert name in chosen, f"{name} is not in requirements.lock: run make lock"
            assert requirement.specifier.contains(chosen[name], prereleases=True), (
                f"{name} {chosen[name]} is outside {requirement.specifier} on Python {python}"
            )


def test_npms_pagefind_is_pinned_hashed_and_never_older_than_pypis() -> None:
    # The Makefile prefers Pagefind's npm release (see its comment); it must be exactly
    # the version package.json names, hashed for every platform, and at least the one
    # requirements.lock pins, or it would slow search down instead of speeding it up.
    import json

    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert list(wanted) == ["pagefind"]
    pinned = Version(wanted["pagefind"])
    assert str(pinned) == wanted["pagefind"], "package.json pins an exact version"
    packages = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    pagefinds = {path: entry for path, entry in packages.items() if "pagefind" in path}
    assert "node_modules/pagefind" in pagefinds and len(pagefinds) >= 5
    for path, entry in pagefinds.items():
        assert Version(entry["version"]) == pinned, path
        assert entry["integrity"].startswith("sha512-"), path
    pypi = {name: version for name, version, _, _ in _locked()}[canonicalize_name("pagefind-bin")]
    assert pinned >= pypi, f"PyPI's pagefind-bin {pypi} is newer than npm's {pinned}: drop npm's"
