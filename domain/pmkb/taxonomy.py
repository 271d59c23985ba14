"""The contributing-factor vocabulary: one YAML file of tags, each with a layer."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pmkb.problems import Problem
from pmkb.source import SourceFile, parse_yaml_mapping

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


def load_taxonomy(path: Path, display_path: str | None = None) -> tuple[Taxonomy, list[Problem]]:
    """Read a taxonomy file; problems name the file, line and tag."""
    shown = display_path or str(path)
    src = SourceFile(shown)
    taxonomy = Taxonomy(path=shown)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return taxonomy, [src.problem("", "taxonomy.unreadable", f"cannot read taxonomy: {exc}")]
    data = parse_yaml_mapping(text, src)
    problems = list(src.problems)
    if data is None and problems:
        # The YAML itself is unusable and that is said; "no factors" on top would mislead.
        return taxonomy, problems
    factors = data.get("factors") if isinstance(data, dict) else None
    if not isinstance(factors, dict) or not factors:
        problems.append(
            src.problem(
                ("factors",),
                "taxonomy.shape",
                "expected a mapping `factors:` of tag: {layer, description}",
            )
        )
        return taxonomy, problems
    for tag, spec in factors.items():
        loc = ("factors", tag)
        if not isinstance(tag, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tag):
            problems.append(src.problem(loc, "taxonomy.tag", f"tag '{tag}' must be kebab-case"))
            continue
        if not isinstance(spec, dict):
            problems.append(
                src.problem(loc, "taxonomy.shape", "give the tag a `layer` and a `description`")
            )
            continue
        layer = spec.get("layer")
        layer = _LAYER_ALIASES.get(layer, layer) if isinstance(layer, str) else layer
        if layer not in LAYERS:
            problems.append(
                src.problem(
                    (*loc, "layer"),
                    "taxonomy.layer",
                    f"layer must be one of {', '.join(LAYERS)}, not {layer!r}",
                )
            )
            continue
        description = spec.get("description")
        if not isinstance(description, str) or not description.strip():
            problems.append(
                src.problem(
                    (*loc, "description"),
                    "taxonomy.description",
                    "describe the tag in one sentence",
                )
            )
            continue
        taxonomy.factors[tag] = Factor(tag, layer, description.strip())
    return taxonomy, problems
