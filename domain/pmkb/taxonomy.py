"""The contributing-factor vocabulary: one YAML file of tags, each with a layer."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pmkb.problems import Problem, sort_problems
from pmkb.source import Loc, SourceFile, parse_yaml_mapping, without_bom

LAYERS = ("technical", "process", "organizational")
# British spelling is common in our own prose; read it as the format's word.
_LAYER_ALIASES = {"organisational": "organizational"}


@dataclass(frozen=True)
class Factor:
    tag: str
    layer: str
    description: str


@dataclass
class Taxonomy:
    factors: dict[str, Factor] = field(default_factory=dict)
    path: str = ""
    #: Tags whose entry is in the file but is not valid, with the line of its
    #: problem: a post-mortem citing one is told where to fix it, not that the
    #: tag is unknown.
    broken: dict[str, int] = field(default_factory=dict)
    #: The line of the problem that left no factor readable (an encoding or YAML
    #: error, no ``factors:`` mapping): a post-mortem's tags are then not unknown,
    #: they cannot be checked, and its author is sent to the taxonomy.
    unusable: int | None = None

    def __contains__(self, tag: object) -> bool:
        return tag in self.factors

    def layer_of(self, tag: str) -> str:
        return self.factors[tag].layer

    def suggest(self, tag: str) -> list[str]:
        """Known tags closest to ``tag``, best first, for did-you-mean messages.

        One suggestion when it is clearly a typo, up to three when it is not.
        """
        close = difflib.get_close_matches(tag, list(self.factors), n=3, cutoff=0.6)
        if close and difflib.SequenceMatcher(None, tag, close[0]).ratio() >= 0.85:
            return close[:1]
        return close

    def unknown_message(self, tag: str, what: str = "contributing factor") -> str:
        if self.unusable is not None:
            return (
                f"{what} '{tag}' cannot be checked: the taxonomy "
                f"({self.path or 'the taxonomy'}:{self.unusable}) cannot be read; fix it there"
            )
        if tag in self.broken:
            return (
                f"{what} '{tag}' has a broken entry in the taxonomy "
                f"({self.path or 'the taxonomy'}:{self.broken[tag]}); fix the entry there"
            )
        close = self.suggest(tag)
        if close:
            hint = " or ".join(f"'{c}'" for c in close)
            return f"unknown {what} '{tag}'; did you mean {hint}?"
        return f"unknown {what} '{tag}'; use a tag from {self.path or 'the taxonomy'} or propose a new one there"

    def by_layer(self) -> dict[str, list[Factor]]:
        out: dict[str, list[Factor]] = {layer: [] for layer in LAYERS}
        for factor in self.factors.values():
            out[factor.layer].append(factor)
        return out


_SHAPE = "expected a mapping `factors:` of tag: {layer, description}"
# The YAML reader's rules are named for a post-mortem's frontmatter; in the
# taxonomy the same mistakes are the taxonomy's.
_READER_RULES = {
    "frontmatter.yaml": "taxonomy.yaml",
    "frontmatter.alias": "taxonomy.yaml",
    "frontmatter.empty": "taxonomy.shape",
    "frontmatter.not-mapping": "taxonomy.shape",
}


def load_taxonomy(path: Path, display_path: str | None = None) -> tuple[Taxonomy, list[Problem]]:
    """Read a taxonomy file; problems name the file, line and tag.

    One bad entry costs only itself: every valid entry is kept, a tag written
    twice keeps its first entry, and a tag whose entry is invalid is kept in
    :attr:`Taxonomy.broken`.
    """
    shown = display_path or str(path)
    src = SourceFile(shown)
    taxonomy = Taxonomy(path=shown)
    try:
        raw = without_bom(path.read_bytes(), src)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        taxonomy.unusable = 1
        return taxonomy, [src.problem("", "taxonomy.unreadable", f"cannot read taxonomy: {reason}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The line of the bad byte, as for a post-mortem: an offset is no help in an editor.
        line = raw.count(b"\n", 0, exc.start) + 1
        message = (
            f"byte 0x{raw[exc.start]:02x} is not UTF-8, so no factor can be read; "
            "re-save the file as UTF-8"
        )
        taxonomy.unusable = line
        return taxonomy, [Problem(shown, line, "", "taxonomy.unreadable", "error", message)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    data = parse_yaml_mapping(text, src, keep_first_duplicate=True)
    problems = [_as_taxonomy_problem(p) for p in src.problems]
    # A key written twice inside one entry (`layer` twice) leaves the entry's meaning unknown.
    doubtful = {
        p.key.split(".")[1]: p.line
        for p in problems
        if p.rule == "taxonomy.duplicate" and p.key.count(".") >= 2
    }
    if data is None and problems:
        # The YAML itself is unusable and that is said; "no factors" on top would mislead.
        taxonomy.unusable = min((p.line for p in problems if p.is_error), default=1)
        return taxonomy, problems
    factors = data.get("factors") if isinstance(data, dict) else None
    if not isinstance(factors, dict) or not factors:
        problems.append(src.problem(("factors",), "taxonomy.shape", _SHAPE))
        taxonomy.unusable = problems[-1].line
        return taxonomy, problems

    def broken(tag: str, loc: Loc, rule: str, message: str) -> None:
        problem = src.problem(loc, rule, message)
        problems.append(problem)
        taxonomy.broken.setdefault(tag, problem.line)

    for tag, spec in factors.items():
        loc: Loc = ("factors", tag)
        if not isinstance(tag, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tag):
            problems.append(src.problem(loc, "taxonomy.tag", f"tag '{tag}' must be kebab-case"))
            continue
        if not isinstance(spec, dict):
            broken(tag, loc, "taxonomy.shape", "give the tag a `layer` and a `description`")
            continue
        layer = spec.get("layer")
        layer = _LAYER_ALIASES.get(layer, layer) if isinstance(layer, str) else layer
        if layer not in LAYERS:
            broken(
                tag,
                (*loc, "layer"),
                "taxonomy.layer",
                f"layer must be one of {', '.join(LAYERS)}, not {layer!r}",
            )
            continue
        description = spec.get("description")
        if not isinstance(description, str) or not description.strip():
            broken(
                tag,
                (*loc, "description"),
                "taxonomy.description",
                "describe the tag in one sentence",
            )
            continue
        if tag in doubtful:
            taxonomy.broken[tag] = doubtful[tag]
            continue
        taxonomy.factors[tag] = Factor(tag, layer, description.strip())
    return taxonomy, sort_problems(problems)


def _as_taxonomy_problem(problem: Problem) -> Problem:
    """A problem of the YAML reader, told in the taxonomy's terms."""
    if problem.rule == "frontmatter.duplicate-key":
        found = re.search(r"first on line (\d+)", problem.message)
        first = found.group(1) if found else "?"
        parts = problem.key.split(".")
        if len(parts) == 2 and parts[0] == "factors":
            message = (
                f"tag `{parts[1]}` appears twice (first on line {first}); the first entry is "
                "used: merge the two into one"
            )
        else:
            message = f"key `{parts[-1]}` appears twice (first on line {first}); keep one of them"
        return dataclasses.replace(problem, rule="taxonomy.duplicate", message=message)
    if problem.rule in ("frontmatter.empty", "frontmatter.not-mapping"):
        return dataclasses.replace(problem, rule="taxonomy.shape", message=_SHAPE)
    rule = _READER_RULES.get(problem.rule)
    return problem if rule is None else dataclasses.replace(problem, rule=rule)
