"""The author's command line: ``pmkb lint``, ``pmkb new``, ``pmkb schema``, ``pmkb rules``.

Exit codes follow compilers and linters: 0 when there are no errors, 1 when
there are, 2 when the command itself was used wrongly (click's usage errors
and unreadable settings).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from pmkb.problems import Problem
from pmkb.project import Project, ProjectError, find_config, read_project

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(click.UsageError):
    """Bad settings or paths: exit 2 with a one-line message, never a traceback."""


def _project(config: Path | None) -> Project:
    try:
        return read_project(config or find_config())
    except ProjectError as exc:
        raise UsageError(str(exc)) from exc


def _taxonomy_for(root: Path, project: Project, explicit: Path | None) -> Path:
    """--taxonomy, else the project's for its own folder, else the folder's own taxonomy.yml."""
    if explicit is not None:
        return explicit
    own = root / "taxonomy.yml"
    if root.resolve() != project.docs_dir.resolve() and own.is_file():
        return own
    return project.taxonomy


def _load_taxonomy(path: Path):  # type: ignore[no-untyped-def]
    from pmkb.loader import display_path
    from pmkb.taxonomy import load_taxonomy

    if not path.is_file():
        raise UsageError(
            f"taxonomy file {path} not found; pass --taxonomy FILE or set the "
            "postmortems plugin's `taxonomy` in mkdocs.yml"
        )
    return load_taxonomy(path, display_path(path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pmkb")
def main() -> None:
    """Write, check and follow up post-mortems."""


# --- lint ---------------------------------------------------------------------


def _corpus_root(path: Path, docs_dir: Path) -> Path:
    from pmkb.loader import YEAR_DIR

    """The folder whose year folders hold ``path``: the project's, or the one given."""
    resolved = path.resolve()
    docs = docs_dir.resolve()
    if resolved == docs or docs in resolved.parents:
        return docs_dir
    if path.is_dir():
        return path.parent if YEAR_DIR.match(resolved.name) else path
    parent = resolved.parent
    return parent.parent if YEAR_DIR.match(parent.name) else parent


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--config", "config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="mkdocs.yml to read settings from (default: the nearest one).")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Taxonomy file (default: the plugin setting, else <folder>/taxonomy.yml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="github prints workflow annotations for pull requests.")
@click.option("--errors-only", is_flag=True, help="Hide warnings.")
def lint(paths: tuple[Path, ...], config: Path | None, taxonomy: Path | None, fmt: str,
         errors_only: bool) -> None:
    """Check post-mortems against the format and the review checklist.

    PATHS are post-mortem files or folders (default: the project's post-mortem
    folder). Prints one line per problem: path:line: severity rule key: message.
    """
    from pmkb.lint import LintContext, SettingsError, lint_corpus, resolve_levels
    from pmkb.loader import display_path, is_postmortem_path, load_corpus

    project = _project(config)
    try:
        levels = resolve_levels(project.lint_levels)
    except SettingsError as exc:
        raise UsageError(f"{project.config_file}: {exc}") from exc
    targets = list(paths) or [project.docs_dir]
    if not paths and not project.docs_dir.is_dir():
        raise UsageError(f"post-mortem folder {project.docs_dir} not found; pass PATHS")

    # Group targets by corpus: files are validated with the rest of their
    # corpus known, so `related` links and duplicate ids are still checked.
    roots: dict[Path, None] = {}  # in the order given, for a stable report
    whole: set[Path] = set()
    some: dict[Path, list[Path]] = {}
    for target in targets:
        root = _corpus_root(target, project.docs_dir)
        roots.setdefault(root)
        if target.is_dir() and target.resolve() == root.resolve():
            whole.add(root)
        elif target.is_dir():
            some.setdefault(root, []).extend(sorted(target.rglob("*.md")))
        elif is_postmortem_path(target, root):
            some.setdefault(root, []).append(target)
        else:
            raise UsageError(
                f"{target} is not a post-mortem: post-mortems are Markdown files in a year "
                f"folder, YYYY/YYYY-MM-DD-slug.md, of the corpus {display_path(root)}"
            )
    groups = {root: None if root in whole else some[root] for root in roots}

    taxonomy_problems: list[Problem] = []
    problems: list[Problem] = []
    files = 0
    for root, only in groups.items():
        tax, tax_problems = _load_taxonomy(_taxonomy_for(root, project, taxonomy))
        taxonomy_problems.extend(tax_problems)
        options = project.lint_options
        ctx = LintContext(
            taxonomy=tax,
            as_of=project.as_of or dt.datetime.now(dt.timezone.utc).date(),
            allowed_words=frozenset(map(str, options.get("allowed_words") or [])),
            extra_verbs=frozenset(str(v).lower() for v in options.get("action_verbs") or []),
        )
        corpus = load_corpus(root, tax, only=only)
        files += len(corpus.records) + len(corpus.broken)
        problems.extend(lint_corpus(corpus, ctx, levels))

    problems = sorted(set(taxonomy_problems)) + problems
    shown = [p for p in problems if p.is_error or not errors_only]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    _print_problems(shown, fmt, files, errors, warnings)
    sys.exit(EXIT_PROBLEMS if errors else EXIT_OK)


def _print_problems(problems: list[Problem], fmt: str, files: int, errors: int, warnings: int) -> None:
    if fmt == "json":
        click.echo(json.dumps(
            {"files": files, "errors": errors, "warnings": warnings,
             "problems": [p.as_dict() for p in problems]},
            indent=2,
        ))
        return
    for problem in problems:
        if fmt == "github":
            level = "error" if problem.is_error else "warning"
            message = f"{problem.key}: {problem.message}" if problem.key else problem.message
            click.echo(
                f"::{level} file={problem.path},line={problem.line},title={problem.rule}::"
                + message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            )
        else:
            click.echo(problem.format())
    summary = f"{files} post-mortem{'s' if files != 1 else ''}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    click.echo(summary, err=True)


# --- new ----------------------------------------------------------------------


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from exc


def _parse_time(_ctx: click.Context, _param: click.Parameter, value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a time HH:MM (UTC)") from exc


@main.command()
@click.argument("title")
@click.option("--severity", type=click.Choice(["SEV1", "SEV2", "SEV3", "SEV4"]), default="SEV3",
              show_default=True)
@click.option("--date", "day", callback=_parse_date, help="UTC date the incident started (default: today).")
@click.option("--time", "clock", default="00:00", callback=_parse_time, show_default=True,
              help="UTC time the incident started.")
@click.option("--service", "services", multiple=True, help="Affected service (repeatable).")
@click.option("--team", "teams", multiple=True, help="Owning team (repeatable).")
@click.option("--author", "authors", multiple=True, help="Author role or team handle (repeatable).")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Post-mortem folder (default: the project's).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def new(title: str, severity: str, day: dt.date, clock: dt.time, services: tuple[str, ...],
        teams: tuple[str, ...], authors: tuple[str, ...], folder: Path | None,
        config: Path | None) -> None:
    """Start a post-mortem from the template, with the next free id.

    Writes YYYY/YYYY-MM-DD-slug.md in the post-mortem folder and never
    overwrites an existing file.
    """
    from pmkb.scaffold import NewPostmortem, ScaffoldError, create
    from pmkb.taxonomy import load_taxonomy

    title = title.strip()
    if not title or len(title) > 120:
        raise click.BadParameter("give a title of 1 to 120 characters", param_hint="TITLE")
    project = _project(config)
    root = folder or project.docs_dir
    factor = "monitoring-gap"
    if project.taxonomy.is_file():
        tax, _ = load_taxonomy(project.taxonomy)
        if tax.factors and factor not in tax:
            factor = next(iter(tax.factors))
    spec = NewPostmortem(
        title=title,
        severity=severity,
        started=dt.datetime.combine(day, clock, tzinfo=dt.timezone.utc),
        services=services or ("service-name",),
        teams=teams or ("team-name",),
        authors=authors or ("incident-author",),
        factor=factor,
    )
    try:
        path, pm_id = create(root, spec)
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"{path}: created {pm_id} as a draft")
    click.echo(f"next: fill in the TODOs, then `pmkb lint {path}` and `make serve` to preview", err=True)


# --- schema and rules ---------------------------------------------------------


@main.command()
@click.option("--write", is_flag=True, help="Rewrite the committed schema file from the model.")
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema is stale.")
def schema(write: bool, check: bool) -> None:
    """Print the JSON Schema (draft-07) of the frontmatter."""
    from importlib import resources

    from pmkb.schema import SCHEMA_FILE, committed_schema, render_schema

    current = render_schema()
    if write:
        target = Path(str(resources.files("pmkb").joinpath(SCHEMA_FILE)))
        target.write_text(current, encoding="utf-8")
        click.echo(f"wrote {target}", err=True)
        return
    if check:
        if committed_schema() != current:
            click.echo("the committed schema is stale; run `pmkb schema --write`", err=True)
            sys.exit(EXIT_PROBLEMS)
        return
    click.echo(current, nl=False)


@main.command()
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def rules(config: Path | None) -> None:
    """List the review-checklist rules with their level in this project."""
    from pmkb.lint import RULES, SettingsError, resolve_levels

    project = _project(config)
    try:
        levels = resolve_levels(project.lint_levels)
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    width = max(len(r) for r in RULES)
    for rule_id, rule in RULES.items():
        click.echo(f"{rule_id:<{width}}  {levels[rule_id]:<7}  {rule.summary}")


if __name__ == "__main__":  # pragma: no cover
    main()
