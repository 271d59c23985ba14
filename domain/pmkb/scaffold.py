"""``pmkb new``: a new post-mortem from the template, with the next free id."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from pmkb.loader import discover, scan_ids

_SLUG_WORDS = 6


class ScaffoldError(Exception):
    pass


# What the draft holds for a value the author has not given yet, marked TODO.
_SEVERITY = "SEV3"
_SERVICES = ("service-name",)
_TEAMS = ("team-name",)
_AUTHORS = ("incident-author",)


@dataclass(frozen=True)
class NewPostmortem:
    """What the author gave; an empty or None value becomes a placeholder marked TODO."""

    title: str
    started: dt.datetime  # UTC
    severity: str | None = None
    services: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    #: False when ``started`` is only a day (or today): its time is a placeholder.
    started_known: bool = False
    factor: str = "monitoring-gap"


def slugify(title: str) -> str:
    """``API 5xx spike: pool exhausted!`` -> ``api-5xx-spike-pool-exhausted``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words[:_SLUG_WORDS]) or "incident"


def next_id(root: Path, year: int) -> str:
    """One more than the highest id of ``year`` in the corpus (ids are never reused)."""
    files, misplaced = discover(root) if root.is_dir() else ([], [])
    numbers = [
        int(pm_id.rsplit("-", 1)[1])
        for pm_id in scan_ids(files + misplaced)
        if pm_id.startswith(f"PM-{year}-")
    ]
    return f"PM-{year}-{max(numbers, default=0) + 1:03d}"


def render(spec: NewPostmortem, pm_id: str) -> str:
    template = Template(
        resources.files("pmkb").joinpath("templates/postmortem.md").read_text(encoding="utf-8")
    )
    started = spec.started.astimezone(dt.timezone.utc)

    def note(given: object) -> str:
        # A TODO only where the value is a placeholder: `pmkb lint` lists every
        # TODO left once the report is in review, and a correct value is not one.
        return "# " if given else "# TODO: "

    return template.substitute(
        id=pm_id,
        title=_yaml_string(spec.title),
        severity=spec.severity or _SEVERITY,
        severity_note=note(spec.severity),
        services=", ".join(spec.services or _SERVICES),
        services_note=note(spec.services),
        teams=", ".join(spec.teams or _TEAMS),
        teams_note=note(spec.teams),
        authors=", ".join(spec.authors or _AUTHORS),
        authors_note=note(spec.authors),
        started=started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        started_note=note(spec.started_known),
        timeline_start=started.strftime("%Y-%m-%d %H:%M"),
        factor=spec.factor,
    )


def _yaml_string(text: str) -> str:
    # Quote always: titles contain colons, hashes and quotes often enough.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def create(root: Path, spec: NewPostmortem) -> tuple[Path, str]:
    """Write the new file under ``root`` and return its path and id; never overwrites."""
    started = spec.started.astimezone(dt.timezone.utc)
    pm_id = next_id(root, started.year)
    path = root / f"{started:%Y}" / f"{started:%Y-%m-%d}-{slugify(spec.title)}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x" mode: fail rather than replace someone's report, even in a race.
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(render(spec, pm_id))
    except FileExistsError as exc:
        raise ScaffoldError(
            f"{path} already exists; choose another title or edit that file"
        ) from exc
    return path, pm_id
