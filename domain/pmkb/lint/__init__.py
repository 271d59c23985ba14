"""``pmkb lint``: the loader's problems plus the review checklist, as one report."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping

from pmkb.lint.names import KEYS, NameIndex
from pmkb.lint.rules import RULES, Finding, Level, LintContext, Rule
from pmkb.loader import Corpus, Reading
from pmkb.problems import Problem, Severity, key_path, sort_problems

LEVELS: tuple[Level, ...] = ("error", "warning", "off")
# YAML 1.1 reads a bare `off` as False and `on` as True.
_LEVEL_WORDS = {"false": "off", "no": "off", "none": "off", "true": "error", "warn": "warning"}


class SettingsError(ValueError):
    pass


def resolve_levels(configured: Mapping[str, object]) -> dict[str, Level]:
    """Each rule's level: the project's setting, else the rule's default."""
    levels = {rule_id: rule.default for rule_id, rule in RULES.items()}
    known: dict[str, Level] = {level: level for level in LEVELS}
    for rule_id, raw in configured.items():
        if rule_id not in RULES:
            close = difflib.get_close_matches(str(rule_id), list(RULES), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise SettingsError(f"lint.rules: unknown rule '{rule_id}'{hint}")
        level = known.get(_LEVEL_WORDS.get(str(raw).lower(), str(raw).lower()))
        if level is None:
            raise SettingsError(
                f"lint.rules.{rule_id}: level must be error, warning or off, not {raw!r}"
            )
        levels[rule_id] = level
    return levels


def lint_records(
    records: Iterable[Reading],
    ctx: LintContext,
    levels: Mapping[str, Level],
    *,
    errors_only: bool = False,
) -> list[Problem]:
    """The checklist's problems of ``records``; with ``errors_only``, the rules at level
    ``warning`` are not run (what they find would not be shown)."""
    problems = []
    for record in records:
        for rule_id, rule in RULES.items():
            level = levels.get(rule_id, rule.default)
            if level == "off" or (errors_only and level == "warning"):
                continue
            for finding in rule.check(record, ctx):
                problems.append(_to_problem(record, rule, level, finding))
    return problems


def lint_corpus(
    corpus: Corpus, ctx: LintContext, levels: Mapping[str, Level], *, errors_only: bool = False
) -> list[Problem]:
    """Every problem of the corpus: the format's (always errors) and the checklist's
    (with ``errors_only``, those of the rules at level ``error`` only)."""
    if ctx.names is None:
        # Names as the files linted were read (an unreadable list counts for
        # nothing), and as the other files declare them.
        own = (
            {key: [] if r.unread((key,)) else getattr(r.meta, key) for key in KEYS}
            for r in corpus.readings
        )
        ctx = dataclasses.replace(
            ctx, names=NameIndex.count([*own, *corpus.other_names], ctx.distinct_names)
        )
    checked = lint_records(corpus.readings, ctx, levels, errors_only=errors_only)
    return sort_problems(corpus.problems + checked)


def _to_problem(record: Reading, rule: Rule, level: Severity, finding: Finding) -> Problem:
    if isinstance(finding.loc, str):
        key, line = finding.loc, 1
    else:
        key, line = key_path(finding.loc), record.src.line_of(finding.loc)
    if finding.guess and level == "error":
        level = "warning"
    return Problem(record.path, finding.line or line, key, rule.id, level, finding.message)


__all__ = ["RULES", "LintContext", "SettingsError", "lint_corpus", "lint_records", "resolve_levels"]
