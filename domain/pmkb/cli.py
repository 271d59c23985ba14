"""The author's command line: ``pmkb lint``, ``pmkb new``, ``pmkb schema``, ``pmkb rules``,
``pmkb import`` (existing post-mortems and incident logs) and ``pmkb actions`` (follow-up).

Exit codes follow compilers and linters: 0 when there are no errors, 1 when
there are, 2 when the command itself was used wrongly (click's usage errors
and unreadable settings).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pmkb.problems import Problem, printable
from pmkb.project import Project, ProjectError, default_project, find_config

if TYPE_CHECKING:
    from pmkb.importers import FileReport
    from pmkb.importers.zones import Zone
    from pmkb.loader import Record
    from pmkb.taxonomy import Taxonomy

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(click.UsageError):
    """Bad settings or paths: exit 2 with a one-line message, never a traceback."""


def _project(config: Path | None) -> Project:
    config = config or find_config()
    if config is None:
        return default_project()
    # The command line reads mkdocs.yml as the site does, through MkDocs' own
    # loading; imported here so that the commands that need no project do not pay for it.
    from pmkb_mkdocs.project_config import read_project

    try:
        return read_project(config)
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


def _load_taxonomy(path: Path) -> tuple[Taxonomy, list[Problem]]:
    from pmkb.loader import display_path
    from pmkb.taxonomy import load_taxonomy

    if not path.is_file():
        found = "is a folder, not a file" if path.is_dir() else "not found"
        raise UsageError(
            f"taxonomy file {path} {found}; pass --taxonomy FILE or set the "
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
@click.option(
    "--config",
    "config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="mkdocs.yml to read settings from (default: the nearest one).",
)
@click.option(
    "--taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Taxonomy file (default: the plugin setting, else <folder>/taxonomy.yml).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github prints workflow annotations for pull requests.",
)
@click.option(
    "--errors-only",
    is_flag=True,
    help="Errors only: the rules at level warning are not run, and warnings not shown "
    "(faster on a whole corpus).",
)
def lint(
    paths: tuple[Path, ...], config: Path | None, taxonomy: Path | None, fmt: str, errors_only: bool
) -> None:
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
            distinct_names=frozenset(map(str, options.get("distinct_names") or [])),
        )
        corpus = load_corpus(root, tax, only=only)
        files += len(corpus.records) + len(corpus.broken) + len(corpus.misplaced)
        problems.extend(lint_corpus(corpus, ctx, levels, errors_only=errors_only))

    if files == 0 and not problems:
        # "0 post-mortems: 0 errors" would read as a pass for a folder that holds none.
        raise UsageError(_nothing_to_lint(targets, bool(paths)))
    problems = sorted(set(taxonomy_problems)) + problems
    shown = [p for p in problems if p.is_error or not errors_only]
    errors = sum(p.is_error for p in problems)
    # Not counted when the rules at level warning did not run: a count of some would mislead.
    warnings = None if errors_only else len(problems) - errors
    _print_problems(shown, fmt, files, errors, warnings)
    sys.exit(EXIT_PROBLEMS if errors else EXIT_OK)


def _nothing_to_lint(targets: list[Path], named: bool) -> str:
    from pmkb.loader import display_path

    where = ", ".join(display_path(t) for t in targets)
    if not named:
        return f'no post-mortems in {where} yet; `pmkb new "Title"` starts one'
    pages = sum(1 for t in targets if t.is_dir() for _ in t.rglob("*.md"))
    found = (
        f"; its {pages} Markdown file{'s' if pages != 1 else ''} "
        f"{'have' if pages != 1 else 'has'} neither a date in the name nor a post-mortem's "
        "keys in the frontmatter (`pmkb import markdown` turns reports written elsewhere "
        "into drafts)"
        if pages
        else ""
    )
    return (
        f"no post-mortems in {where}: a post-mortem is a Markdown file with frontmatter "
        f"in a year folder, YYYY/YYYY-MM-DD-slug.md{found}"
    )


def _print_problems(
    problems: list[Problem], fmt: str, files: int, errors: int, warnings: int | None
) -> None:
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "files": files,
                    "errors": errors,
                    "warnings": warnings,
                    "problems": [p.as_dict() for p in problems],
                },
                indent=2,
            )
        )
        return
    for problem in problems:
        if fmt == "github":
            level = "error" if problem.is_error else "warning"
            message = f"{problem.key}: {problem.message}" if problem.key else problem.message
            click.echo(
                f"::{level} file={_workflow_property(problem.path)},line={problem.line},"
                f"title={_workflow_property(problem.rule)}::{_workflow_data(message)}"
            )
        else:
            click.echo(problem.format())
    counted = (
        "warnings not checked (--errors-only)"
        if warnings is None
        else f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    summary = f"{files} post-mortem{'s' if files != 1 else ''}: {errors} error{'s' if errors != 1 else ''}, {counted}"
    click.echo(summary, err=True)


def _workflow_data(text: str) -> str:
    """``text`` as the message of a workflow command (GitHub's toolkit escapes the same)."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _workflow_property(text: str) -> str:
    """``text`` as a property of a workflow command: a file name may hold `,`, `:` or `%`."""
    return _workflow_data(text).replace(":", "%3A").replace(",", "%2C")


# --- new ----------------------------------------------------------------------


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from exc


def _parse_time(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.time | None:
    """HH:MM or HH:MM:SS, in UTC or with an offset (``Z``, ``+02:00``), kept on the time."""
    if value is None:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"  # Python 3.10 reads only the offset
    try:
        clock = dt.time.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not a time HH:MM (UTC) or HH:MM+02:00 (at an offset)"
        ) from exc
    if clock.microsecond:
        raise click.BadParameter(f"{value!r}: give the time to the second at most")
    return clock


#: Options of `pmkb new` by the frontmatter key they fill, to name the one at fault.
_NEW_OPTIONS = {
    "title": "TITLE",
    "services": "'--service'",
    "teams": "'--team'",
    "authors": "'--author'",
    "timeline": "'--date' / '--time'",
    "id": "'--date' / '--time'",
}


def _text_option(value: str, hint: str) -> None:
    """Refuse a control character (or bytes that are not UTF-8) in text for the page."""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs"):
            what = (
                "bytes that are not UTF-8"
                if 0xD800 <= ord(char) <= 0xDFFF
                else f"the control character U+{ord(char):04X}"
            )
            raise click.BadParameter(
                f"{value!r} contains {what}; text pasted from a terminal often does, retype it",
                param_hint=hint,
            )


@main.command()
@click.argument("title")
@click.option(
    "--severity",
    type=click.Choice(["SEV1", "SEV2", "SEV3", "SEV4"]),
    help="Severity (default: SEV3, marked TODO).",
)
@click.option(
    "--date",
    "day",
    callback=_parse_date,
    help="Date the incident started, in UTC or at --time's offset (default: today, UTC).",
)
@click.option(
    "--time",
    "clock",
    callback=_parse_time,
    help="Time the incident started, HH:MM in UTC or with an offset, e.g. 10:05+02:00 "
    "(default: 00:00 UTC, marked TODO).",
)
@click.option("--service", "services", multiple=True, help="Affected service (repeatable).")
@click.option("--team", "teams", multiple=True, help="Owning team (repeatable).")
@click.option("--author", "authors", multiple=True, help="Author role or team handle (repeatable).")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Post-mortem folder (default: the project's).",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="mkdocs.yml of the project (default: the nearest one from here up).",
)
def new(
    title: str,
    severity: str | None,
    day: dt.date,
    clock: dt.time | None,
    services: tuple[str, ...],
    teams: tuple[str, ...],
    authors: tuple[str, ...],
    folder: Path | None,
    config: Path | None,
) -> None:
    """Start a post-mortem from the template, with the next free id.

    Writes YYYY/YYYY-MM-DD-slug.md in the post-mortem folder of the project
    (the nearest mkdocs.yml, or --config) and never overwrites an existing
    file. Values not given as options are placeholders marked TODO; a value the
    format would refuse is a usage error naming its option, and nothing is written.
    """
    from pydantic import TypeAdapter, ValidationError

    from pmkb.loader import display_path
    from pmkb.model import Timestamp
    from pmkb.scaffold import InvalidDraft, NewPostmortem, ScaffoldError, create
    from pmkb.taxonomy import load_taxonomy
    from pmkb.validation import explain

    title = title.strip()
    _text_option(title, "TITLE")
    for author in authors:
        _text_option(author, "'--author'")
    # The model's own bounds, before anything is converted to UTC (near year 1 or
    # 9999 that overflows) or a year folder is named.
    try:
        started = TypeAdapter(Timestamp).validate_python(
            dt.datetime.combine(day, clock or dt.time(0, 0)).replace(
                tzinfo=(clock and clock.tzinfo) or dt.timezone.utc
            )
        )
    except ValidationError as exc:
        raise click.BadParameter(
            "; ".join(explain(exc, ("timeline", "started"))), param_hint=_NEW_OPTIONS["timeline"]
        ) from exc
    if config is None:
        config = find_config()
    if config is None:
        # Outside a project the next free id cannot be known: a draft written
        # here would take an id the real corpus already uses.
        raise UsageError(
            f"no mkdocs.yml in {Path.cwd()} or any folder above it, so the post-mortem folder "
            "and its ids are unknown; run `pmkb new` inside the project, or pass "
            "--config path/to/mkdocs.yml"
        )
    project = _project(config)
    root = folder or project.docs_dir
    factor = "monitoring-gap"
    if project.taxonomy.is_file():
        tax, _ = load_taxonomy(project.taxonomy)
        if tax.factors and factor not in tax:
            factor = next(iter(tax.factors))
    spec = NewPostmortem(
        title=title,
        started=started,
        started_known=clock is not None,
        severity=severity,
        services=services,
        teams=teams,
        authors=authors,
        factor=factor,
    )
    try:
        path, pm_id = create(root, spec)
    except InvalidDraft as exc:
        # What the options hold would make a file `pmkb lint` refuses: say which option.
        first = exc.problems[0]
        option = _NEW_OPTIONS.get(re.split(r"[.\[]", first.key)[0])
        if option is None:
            click.echo(f"error: the new post-mortem would not be valid: {exc}", err=True)
            sys.exit(EXIT_PROBLEMS)
        raise click.BadParameter(first.message, param_hint=option) from exc
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    shown = display_path(path)
    click.echo(f"{shown}: created {pm_id} as a draft")
    click.echo(
        f"next: fill in the TODOs, then `pmkb lint {shown}` and `make serve` to preview", err=True
    )


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
        try:
            target.write_text(current, encoding="utf-8")
        except OSError as exc:
            # An installed (not editable) package is often read-only: it is a
            # clone's file to rewrite.
            click.echo(
                f"error: cannot write {target}: {exc.strerror or exc}; run it in a clone "
                "with the package installed editable (`make test` does)",
                err=True,
            )
            sys.exit(EXIT_PROBLEMS)
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


# --- import -------------------------------------------------------------------


def _zone_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Zone | None:
    from pmkb.importers.zones import find_zone

    if value is None:
        return None
    zone = find_zone(value)
    if zone is None:
        raise click.BadParameter(
            f"{value!r} is not a time zone; use an abbreviation (PDT, CEST), an offset (UTC+2) "
            "or a zone name (Europe/Berlin)"
        )
    return zone


def _import_setup(
    out: Path, config: Path | None, taxonomy: Path | None
) -> tuple[Taxonomy, list[Path]]:
    """The taxonomy to suggest factors from, and the corpora whose ids are taken."""
    project = _project(config)
    tax, problems = _load_taxonomy(_taxonomy_for(out, project, taxonomy))
    for problem in problems:
        click.echo(problem.format(), err=True)
    id_roots = [project.docs_dir] if project.docs_dir.resolve() != out.resolve() else []
    return tax, id_roots


def _print_import_report(reports: list[FileReport], fmt: str, dry_run: bool) -> None:
    from collections import Counter

    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        for report in reports:
            if report.outcome in ("created", "would-create"):
                click.echo(
                    f"{report.outcome:<13} {report.target}  {report.pm_id}  <- {report.source}"
                )
                for label, values in (
                    ("found", report.found),
                    ("guessed", report.guessed),
                    ("not found", report.missing),
                    ("notes", report.notes),
                ):
                    if values:
                        click.echo(
                            f"{'':<14}{label + ':':<11}{'; '.join(values) if label == 'notes' else ', '.join(values)}"
                        )
            else:
                click.echo(f"{report.outcome:<13} {report.source}: {report.reason}")
    counts = Counter(r.outcome for r in reports)
    parts = ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
    split = {r.part_of for r in reports if r.part_of}
    # A report of several incidents is listed once per incident: say how the count was made.
    of_reports = (
        f" ({sum(1 for r in reports if r.part_of)} of them incidents of "
        f"{len(split)} report{'s' if len(split) != 1 else ''} of several)"
        if split
        else ""
    )
    click.echo(
        f"{len(reports)} source{'s' if len(reports) != 1 else ''}{of_reports}: "
        f"{parts or 'nothing to import'}",
        err=True,
    )
    read = [r.counts for r in reports if r.counts]
    if read:
        timelines = sum(1 for c in read if c.get("timeline_events"))
        events = sum(c.get("timeline_events", 0) for c in read)
        unread = sum(c.get("timeline_unread", 0) for c in read)
        starts = sum(c.get("start_time", 0) for c in read)
        items = sum(c.get("action_items", 0) for c in read)
        done = sum(c.get("action_items_done", 0) for c in read)
        click.echo(
            f"read: {timelines} of {len(read)} timelines ({events} events"
            + (f", {unread} rows without a readable time" if unread else "")
            + f"), {starts} of {len(read)} start times, {items} action items ({done} done)",
            err=True,
        )
    if counts.get("created"):
        click.echo(
            "next: check each line marked TODO, then `pmkb lint` the drafts and preview with `make serve`",
            err=True,
        )


def _import_exit(reports: list[FileReport]) -> None:
    sys.exit(EXIT_OK if all(r.ok for r in reports) else EXIT_PROBLEMS)


_OUT = click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Post-mortem folder to write drafts into (as YYYY/YYYY-MM-DD-slug.md).",
)
_TIMEZONE = click.option(
    "--timezone",
    "zone",
    callback=_zone_option,
    metavar="ZONE",
    help="Zone of times the source gives without one (default: UTC). A zone the "
    "source states itself, such as 'All times in CEST', wins.",
)
_DAY_FIRST = click.option(
    "--day-first", is_flag=True, help="Read 03/04/2025 as 3 April (default: March 4)."
)
_DRY_RUN = click.option(
    "--dry-run", is_flag=True, help="Report what would be written; write nothing."
)
_REPORT = click.option(
    "--report",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format of the report: text, or json with each field of each draft as found, "
    "guessed or missing and the source line it came from.",
)
_TAXONOMY = click.option(
    "--taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Taxonomy to suggest contributing factors from (default: as for lint).",
)
_CONFIG = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="mkdocs.yml to read settings from (default: the nearest one).",
)


@main.group(name="import")
def import_group() -> None:
    """Bring in post-mortems and incident logs that teams already have, as drafts.

    Drafts load without errors; every value the importer guessed, and every
    placeholder for what the source does not say, carries a TODO comment on
    its line. Existing files are never overwritten and a source imported
    before is skipped. In a folder, files that are no post-mortem (images,
    other extensions, an archive's README or templates) are listed as ignored;
    a source that gives no date for its incident is skipped with how to give one. Exit status: 0 when every source
    was imported (now or before) or ignored, 1 when any was skipped or failed.
    """


@import_group.command("markdown")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_OUT
@_TIMEZONE
@_DAY_FIRST
@_DRY_RUN
@_REPORT
@_TAXONOMY
@_CONFIG
def import_markdown_command(
    sources: tuple[Path, ...],
    out: Path,
    zone: Zone | None,
    day_first: bool,
    dry_run: bool,
    fmt: str,
    taxonomy: Path | None,
    config: Path | None,
) -> None:
    """Import post-mortems written as Markdown, text, reStructuredText or AsciiDoc (files, or
    folders of .md, .txt, .rst and .adoc).

    Reads the common template: a title, sections such as Summary, Impact,
    Timeline, Root Cause, Action Items and Lessons Learned (in any heading
    level or spelling), a timeline as a table or dated lines, action items
    as bullets or checkboxes, and facts such as "Severity: SEV2" or "Time to
    detection: 54 hours". The whole original text is kept in each draft.

    A report of several incidents (a weekly or monthly report with an
    incident per heading, each with its own impact window) gives one draft
    per incident, listed as FILE:LINE of its heading; the report's own lines
    (introduction, closing words) are read into each. When the headings do
    not tell the incidents apart, one draft holds the first, with a TODO to
    split the source.
    """
    from pmkb.importers import MarkdownOptions, import_markdown

    tax, id_roots = _import_setup(out, config, taxonomy)
    options = MarkdownOptions(taxonomy=tax, zone=zone, day_first=day_first)
    reports = import_markdown(sources, out, options, id_roots=id_roots, dry_run=dry_run)
    _print_import_report(reports, fmt, dry_run)
    _import_exit(reports)


def _mappings(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    from pmkb.importers.incidents import FIELDS

    out: dict[str, str] = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise click.BadParameter(f"{value!r}: write FIELD=COLUMN, e.g. started=opened_at")
        if name.strip() not in FIELDS:
            raise click.BadParameter(
                f"{name.strip()!r} is not a field; use one of {', '.join(FIELDS)}"
            )
        out[name.strip()] = column.strip()
    return out


@import_group.command("incidents")
@click.argument("log", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_OUT
@click.option(
    "--map",
    "columns",
    multiple=True,
    callback=_mappings,
    metavar="FIELD=COLUMN",
    help="Read FIELD from COLUMN (repeatable). Fields: id, title, started, detected, acknowledged, "
    "mitigated, resolved, severity, services, teams, summary, detection.",
)
@click.option(
    "--log-format",
    type=click.Choice(["csv", "jsonl"]),
    help="Format of LOG (default: from its extension; .json arrays are read too).",
)
@_TIMEZONE
@_DAY_FIRST
@_DRY_RUN
@_REPORT
@_TAXONOMY
@_CONFIG
def import_incidents_command(
    log: Path,
    out: Path,
    columns: dict[str, str],
    log_format: str | None,
    zone: Zone | None,
    day_first: bool,
    dry_run: bool,
    fmt: str,
    taxonomy: Path | None,
    config: Path | None,
) -> None:
    """Turn an incident log (CSV or JSON Lines, one incident per row) into draft post-mortems.

    Each row becomes a draft with its timeline filled from the start,
    detection, acknowledgement, mitigation and resolution columns, so that
    response-time trends work at once. Columns are found by common names
    (opened_at, Created, Start Time...) and by the export names of common
    incident tools (PagerDuty's Created On, Opsgenie's createdAt...), unless
    named with --map; a zone in a header (started_at (PST)) is its column's.
    """
    from pmkb.importers import IncidentOptions, LogError, import_incidents

    tax, id_roots = _import_setup(out, config, taxonomy)
    options = IncidentOptions(
        taxonomy=tax, columns=columns, zone=zone, day_first=day_first, format=log_format
    )
    try:
        reports = import_incidents(log, out, options, id_roots=id_roots, dry_run=dry_run)
    except LogError as exc:
        raise UsageError(str(exc)) from exc
    _print_import_report(reports, fmt, dry_run)
    _import_exit(reports)


# --- actions ------------------------------------------------------------------


def _load_records(
    folder: Path | None,
    config: Path | None,
    taxonomy: Path | None,
    audience: str | None,
    drafts: bool | None,
) -> tuple[Project, Path, list[Record], int]:
    """The valid post-mortems the project's site shows, and how many broken ones were left out.

    The audience and drafts are the site's (its plugin settings) unless given.
    The errors of the taxonomy and of each broken file the audience may read are
    printed on stderr, as `pmkb lint` prints them; a file it may not read leaves no trace.
    """
    from pmkb.actions import select
    from pmkb.loader import load_corpus
    from pmkb.model import Visibility

    project = _project(config)
    root = folder or project.docs_dir
    if not root.is_dir():
        raise UsageError(f"post-mortem folder {root} not found; pass --dir or --config")
    tax, tax_problems = _load_taxonomy(_taxonomy_for(root, project, taxonomy))
    # A broken taxonomy is why post-mortems citing its factors are left out:
    # say so first, or only their "unknown factor" errors would be printed.
    for problem in tax_problems:
        if problem.is_error:
            click.echo(problem.format(), err=True)
    corpus = load_corpus(root, tax)
    selection = select(
        corpus,
        Visibility(audience or project.audience),
        drafts=project.drafts if drafts is None else drafts,
    )
    for problem in selection.problems:
        click.echo(problem.format(), err=True)
    return project, root, selection.records, selection.left_out


def _left_out_note(left_out: int) -> str:
    if not left_out:
        return ""
    noun = "post-mortem" if left_out == 1 else "post-mortems"
    return f"; {left_out} {noun} with errors left out (run `pmkb lint`)"


_AUDIENCE = click.option(
    "--audience",
    type=click.Choice(["public", "internal", "restricted"]),
    default=None,
    help="Whose site this is for: restricted post-mortems appear only for 'restricted' "
    "(default: the audience setting in mkdocs.yml, else internal).",
)
_DRAFTS = click.option(
    "--drafts/--no-drafts",
    default=None,
    help="Include drafts (default: the drafts setting in mkdocs.yml, else included).",
)
_CORPUS_TAXONOMY = click.option(
    "--taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Taxonomy file (default: as for lint).",
)
_DIR = click.option(
    "--dir",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Post-mortem folder (default: the project's).",
)


@main.group()
def actions() -> None:
    """Follow up action items: tickets for untracked items, and a weekly status."""


@actions.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gh", "csv", "json"]),
    default="gh",
    show_default=True,
    help="gh: a shell script of `gh issue create` commands; csv/json: one row per item.",
)
@click.option(
    "--open-only",
    is_flag=True,
    help="Only items with status open (leave out in-progress ones); an item whose "
    "status is marked TODO is kept.",
)
@click.option(
    "--site-url",
    metavar="URL",
    help="Base URL of the published site, to link each ticket to its post-mortem's page "
    "(default: site_url in mkdocs.yml; without one, tickets name the file).",
)
@_AUDIENCE
@_DRAFTS
@_DIR
@_CORPUS_TAXONOMY
@_CONFIG
def actions_export(
    fmt: str,
    open_only: bool,
    site_url: str | None,
    audience: str | None,
    drafts: bool | None,
    folder: Path | None,
    taxonomy: Path | None,
    config: Path | None,
) -> None:
    """Print what creates a ticket for each action item that has no tracker yet.

    Items that are done or won't be done, and items with a `tracker`, are
    left out, except an item whose status is marked TODO (a guess): it is
    exported, its status shown as unconfirmed. The gh script also skips
    items whose issue exists already, so running it twice creates nothing new. Post-mortems with errors are left
    out, their errors printed on stderr, and the exit status is then 1.
    """
    import os

    from pmkb.actions import (
        page_url,
        render_csv,
        render_gh,
        render_json,
        ticket_for,
        untracked_items,
    )

    project, root, records, left_out = _load_records(folder, config, taxonomy, audience, drafts)
    base = site_url if site_url is not None else project.site_url
    directory_urls = project.use_directory_urls
    anchor = project.config_file.parent if project.config_file else Path.cwd()
    try:
        prefix = Path(os.path.relpath(root.resolve(), anchor.resolve())).as_posix()
    except ValueError:
        prefix = root.as_posix()
    prefix = "" if prefix == "." else prefix
    rows = untracked_items(records, open_only=open_only)
    tickets = [
        ticket_for(r, page_url(r.record, base, directory_urls=directory_urls, docs_prefix=prefix))
        for r in rows
    ]
    if fmt == "gh":
        click.echo(render_gh(tickets, left_out=left_out), nl=False)
    else:
        click.echo({"csv": render_csv, "json": render_json}[fmt](tickets), nl=False)
    click.echo(
        f"{len(tickets)} action item{'s' if len(tickets) != 1 else ''} without a tracker"
        + _left_out_note(left_out),
        err=True,
    )
    if left_out:
        sys.exit(EXIT_PROBLEMS)


@actions.command("status")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Day to measure overdue from, YYYY-MM-DD (default: the as_of setting, else today, UTC).",
)
@click.option("--owner", "owners", multiple=True, help="Only this owner (repeatable).")
@_AUDIENCE
@_DRAFTS
@_DIR
@_CORPUS_TAXONOMY
@_CONFIG
def actions_status(
    as_of: str | None,
    owners: tuple[str, ...],
    audience: str | None,
    drafts: bool | None,
    folder: Path | None,
    taxonomy: Path | None,
    config: Path | None,
) -> None:
    """Open and overdue action items by owner, overdue first: the weekly review.

    Post-mortems with errors are left out, their errors printed on stderr, and
    the exit status is then 1.
    """
    import shutil

    from pmkb.actions import render_status, status_by_owner

    project, _root, records, left_out = _load_records(folder, config, taxonomy, audience, drafts)
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError as exc:
            raise click.BadParameter(
                f"{as_of!r} is not a date YYYY-MM-DD", param_hint="--as-of"
            ) from exc
    else:
        day = project.as_of or dt.datetime.now(dt.timezone.utc).date()
    groups = status_by_owner(records, day)
    if owners:
        wanted = {o.casefold() for o in owners}
        # A guessed owner (marked TODO) is no owner: its items are in no owner's list.
        groups = [g for g in groups if g.owner is not None and g.owner.casefold() in wanted]
    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if tty else None

    def style(text: str, overdue: bool) -> str:
        return click.style(text, fg="red") if overdue else text

    # click.echo drops the colours when stdout is not a terminal.
    click.echo(render_status(groups, day, width=width, style=style, left_out=left_out), nl=False)
    if left_out:
        click.echo(_left_out_note(left_out).lstrip("; ").capitalize(), err=True)
        sys.exit(EXIT_PROBLEMS)


if __name__ == "__main__":  # pragma: no cover
    main()
