"""The ``postmortems`` plugin's options, as set under ``plugins:`` in ``mkdocs.yml``."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

AUDIENCES = ("public", "internal", "restricted")
STATUSES = ("draft", "in-review", "published")


class _Date(base.BaseConfigOption[dt.date]):
    """A calendar date written ``YYYY-MM-DD`` (YAML reads it as a date, ``!ENV`` as text)."""

    def run_validation(self, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise base.ValidationError(f"expected a date YYYY-MM-DD, not {value!r}")


class _Count(base.BaseConfigOption[int]):
    """A whole number, ``minimum`` (zero) or more."""

    def __init__(self, default: int, minimum: int = 0) -> None:
        super().__init__()
        self.default = default
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        # bool is an int to Python, but `related_count: true` is a mistake.
        if not isinstance(value, int) or isinstance(value, bool):
            raise base.ValidationError(f"expected a whole number, not {value!r}")
        number = value
        if number < self.minimum:
            least = "zero" if self.minimum == 0 else str(self.minimum)
            raise base.ValidationError(f"expected {least} or more, not {number}")
        return number


class _RuleLevels(base.BaseConfigOption[dict[str, str]]):
    """``{rule id: error | warning | off}``; every rule not named keeps its default."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, str] = {}

    def run_validation(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict):
            raise base.ValidationError(f"expected a mapping of rule id: level, not {value!r}")
        if not value:
            return {}
        # Here, not at the top: the checklist's rules take longer to import than the
        # rest of the plugin's own modules, and a build reads no lint setting.
        from pmkb.lint import SettingsError, resolve_levels

        try:
            resolve_levels(value)
        except SettingsError as exc:
            # MkDocs names the option; the message names the rule.
            raise base.ValidationError(
                str(exc).removeprefix("lint.rules: ").removeprefix("lint.rules.")
            ) from None
        return {str(rule): str(level) for rule, level in value.items()}


class LintConfig(base.Config):
    """Settings of ``pmkb lint``; the site itself does not read them."""

    rules = _RuleLevels()
    """Level of checklist rules by id (``pmkb rules`` lists them): error, warning or off."""

    allowed_words = c.ListOfItems(c.Type(str), default=[])
    """Words the personal-names rule must not take for a person's name (``Kafka``)."""

    action_verbs = c.ListOfItems(c.Type(str), default=[])
    """Extra first words an action item may start with (``Canary``)."""

    distinct_names = c.ListOfItems(c.Type(str), default=[])
    """Service and team names that are not another name written differently
    (``orders``, when ``orders-service`` is a different service)."""


class PostmortemsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Build the post-mortem pages; turn off to build the other pages alone."""

    # Not checked here: a new project's vocabulary may not exist yet, and a
    # build stops with its own message when it is missing.
    taxonomy = c.Optional(c.File(exists=False))
    """Path of the contributing-factor vocabulary, relative to mkdocs.yml.

    Default: ``taxonomy.yml`` in ``docs_dir``, so that a corpus brings its own."""

    as_of = c.Optional(_Date())
    """The day "overdue" is measured against (YYYY-MM-DD). Default: today, UTC.

    Set it for reproducible builds: the same inputs and ``as_of`` give the same bytes."""

    audience = c.Choice(AUDIENCES, default="internal")
    """Who the site is built for. A post-mortem whose ``visibility`` is wider than or
    equal to the audience is built; the others leave no trace at all."""

    drafts = c.Type(bool, default=True)
    """Build pages for drafts (under a banner). Turn off for a site read beyond the team."""

    analytics_statuses = c.ListOfItems(c.Choice(STATUSES), default=list(STATUSES))
    """Statuses whose post-mortems the figures, trends and claims of change count.

    Default: all three, since an incident counts whatever its report's status; every
    figure says how many of its reports are not yet published."""

    min_sample = _Count(default=10, minimum=2)
    """The fewest values on each side of a claim of change ("better", "worse"), and in a
    trend's bucket on average; below it the dashboard says it cannot tell."""

    related_count = _Count(default=5)
    """How many related incidents each post-mortem's page lists (0 hides the section)."""

    latest_count = _Count(default=10)
    """How many of the latest post-mortems the home page lists."""

    list_fallback_rows = _Count(default=25)
    """Rows of the all-incidents table written as static HTML for readers without
    JavaScript; with JavaScript the whole list is filterable."""

    parallel = c.Deprecated(
        message="The '{}' option of the postmortems plugin has no effect any more: "
        "the site is built in one process. Remove it from mkdocs.yml."
    )

    lint = c.SubConfig(LintConfig)
    """Settings of ``pmkb lint`` (see :class:`LintConfig`); the site ignores them."""
