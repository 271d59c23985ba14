"""``pmkb new``: a new post-mortem from the template, with the next free id."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from pmkb.loader import discover, scan_ids
from pmkb.problems import Problem
from pmkb.source import SourceFile, parse_source
from pmkb.validation import validate_frontmatter

_SLUG_WORDS = 6


class ScaffoldError(Exception):
    pass


class InvalidDraft(ScaffoldError):
    """What the author gave would make a file the loader refuses; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.key}: {p.message}" for p in problems))
        self.problems = problems


# What the draft holds for a value the author has not given yet, marked TODO.
_SEVERITY = "SEV3"
_SERVICES = ("service-name",)
_TEAMS = ("team-name",)
_AUTHORS = ("incident-author",)


@dataclass(frozen=True)
class NewPostmortem:
    """What the author gave; an empty or None value becomes a placeholder marked TODO."""

    title: str
    #: Aware; written with the offset it carries (UTC is written `Z`).
    started: dt.datetime
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
    written = spec.started.isoformat(timespec="seconds").replace("+00:00", "Z")

    def note(given: object) -> str:
        # A TODO only where the value is a placeholder: `pmkb lint` lists every
        # TODO left once the report is in review, and a correct value is not one.
        return "# " if given else "# TODO: "

    return template.substitute(
        id=pm_id,
        title=_yaml_string(spec.title),
        severity=spec.severity or _SEVERITY,
        severity_note=note(spec.severity),
        services=", ".join(_yaml_item(s) for s in spec.services or _SERVICES),
        services_note=note(spec.services),
        teams=", ".join(_yaml_item(t) for t in spec.teams or _TEAMS),
        teams_note=note(spec.teams),
        authors=", ".join(_yaml_item(a) for a in spec.authors or _AUTHORS),
        authors_note=note(spec.authors),
        started=written,
        started_note=note(spec.started_known),
        timeline_start=started.strftime("%Y-%m-%d %H:%M"),
        factor=spec.factor,
    )


# The escapes of YAML's double-quoted scalars for what it cannot hold raw there:
# control characters, and the line breaks YAML sees inside a line (NEL, U+2028/9).
_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(
    '[\\\\"\t\n\r\x85\u2028\u2029]|' + yaml.reader.Reader.NON_PRINTABLE.pattern
)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that reads back as exactly ``text``.

    Quote always: titles contain colons, hashes and quotes often enough.
    """
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


_PLAIN_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
#: Plain words YAML reads as something other than text.
_YAML_WORDS = frozenset(["null", "true", "false", "yes", "no", "on", "off", "y", "n"])


def _yaml_item(text: str) -> str:
    """An entry of a flow list: plain when it is a kebab-case name, else quoted (a comma
    or a bracket would split or end the list, a number would not be text)."""
    if _PLAIN_NAME.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return _yaml_string(text)


def check(text: str) -> list[Problem]:
    """The errors the loader would report on the frontmatter of ``text``."""
    src = parse_source(text.encode("utf-8"), SourceFile("new"))
    validate_frontmatter(src)
    return [p for p in src.problems if p.is_error]


def create(root: Path, spec: NewPostmortem) -> tuple[Path, str]:
    """Write the new file under ``root`` and return its path and id; never overwrites."""
    started = spec.started.astimezone(dt.timezone.utc)
    pm_id = next_id(root, started.year)
    text = render(spec, pm_id)
    # Never write what `pmkb lint` would refuse: the author's values are checked
    # by the loader itself, before any folder is made.
    problems = check(text)
    if problems:
        raise InvalidDraft(problems)
    path = root / f"{started:%Y}" / f"{started:%Y-%m-%d}-{slugify(spec.title)}.md"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # A file where the year folder belongs, or a folder we may not write to.
        raise ScaffoldError(folder_error(path.parent, exc)) from exc
    try:
        # "x" mode: fail rather than replace someone's report, even in a race.
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise ScaffoldError(
            f"{path} already exists; choose another title or edit that file"
        ) from exc
    except OSError as exc:
        raise ScaffoldError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path, pm_id


def folder_error(folder: Path, exc: OSError) -> str:
    """Why ``folder`` could not be made, naming the file in its way if there is one
    (the system says only "File exists" or "Not a directory")."""
    for part in (folder, *folder.parents):
        if part.exists() and not part.is_dir():
            return f"cannot create the folder {folder}: {part} is a file, not a folder"
    return f"cannot create the folder {folder}: {exc.strerror or exc}"
