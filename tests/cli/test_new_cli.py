"""``pmkb new``: a draft from the template, the next free id, never an overwrite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pmkb.cli import main
from pmkb.scaffold import next_id, slugify

from tests.conftest import (
    TAXONOMY_YAML,
    corpus_report,
    line_of,
    load,
    make_corpus,
    render_postmortem,
    write_postmortem,
    write_project,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_corpus(tmp_path, n=3)  # PM-2025-001 .. 003, 2025-02-01 .. 03
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new(*args: str) -> Result:
    result = CliRunner().invoke(main, ["new", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def created_path(result: Result) -> Path:
    """The file ``new`` reports, absolute (it shows it relative to the working directory)."""
    assert result.exit_code == 0, result.output
    return Path(result.stdout.split(": created ")[0]).absolute()


def test_writes_year_folder_date_and_slug_with_the_next_id(project: Path) -> None:
    result = new(
        "Checkout: 5xx spike from pool exhaustion!", "--date", "2025-03-04", "--severity", "SEV2"
    )
    path = created_path(result)
    assert (
        path
        == project
        / "postmortems"
        / "2025"
        / "2025-03-04-checkout-5xx-spike-from-pool-exhaustion.md"
    )
    assert result.stdout == (
        "postmortems/2025/2025-03-04-checkout-5xx-spike-from-pool-exhaustion.md: "
        "created PM-2025-004 as a draft\n"
    )
    corpus = load(project / "postmortems")
    record = next(r for r in corpus.records if r.abs_path == path)
    assert record.meta.id == "PM-2025-004"
    assert record.meta.title == "Checkout: 5xx spike from pool exhaustion!"
    assert record.meta.severity.value == "SEV2"
    assert record.meta.status.value == "draft"
    assert record.meta.timeline.started.isoformat() == "2025-03-04T00:00:00+00:00"


def test_the_draft_lints_with_no_errors_and_only_the_draft_warnings(project: Path) -> None:
    path = created_path(new("Search results were stale for an hour", "--date", "2025-03-04"))
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(path)])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    # A fresh draft still has the template's to-dos and one placeholder factor.
    assert sorted(p["rule"] for p in report["problems"]) == ["factors-min-two", "todo-left"]


def test_the_whole_corpus_still_lints_clean_of_errors_after_new(project: Path) -> None:
    new("Search results were stale for an hour", "--date", "2025-03-04")
    result = CliRunner().invoke(main, ["lint", "--errors-only"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_never_overwrites(project: Path) -> None:
    first = created_path(new("Queue backlog after a broker restart", "--date", "2025-03-04"))
    before = first.read_bytes()
    second = new(
        "Queue backlog after a broker restart", "--date", "2025-03-04", "--severity", "SEV1"
    )
    assert second.exit_code == 1
    assert second.stdout == ""
    assert f"{first} already exists" in second.stderr
    assert first.read_bytes() == before
    assert len(list(first.parent.glob("2025-03-04-*.md"))) == 1


def test_never_overwrites_a_hand_written_file(project: Path) -> None:
    target = project / "postmortems" / "2025" / "2025-03-04-queue-backlog.md"
    target.write_bytes(b"my notes, not a post-mortem yet\r\n")
    result = new("Queue backlog", "--date", "2025-03-04")
    assert result.exit_code == 1
    assert target.read_bytes() == b"my notes, not a post-mortem yet\r\n"


def test_same_day_different_title_gets_the_following_id(project: Path) -> None:
    new("Queue backlog after a broker restart", "--date", "2025-03-04")
    result = new("Login failures from an expired certificate", "--date", "2025-03-04")
    assert result.stdout.endswith("created PM-2025-005 as a draft\n")


# --- ids ----------------------------------------------------------------------------------------


def test_ids_are_never_reused_even_with_gaps(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=0)
    for number in (1, 5):
        rel, text = corpus_report(number)
        write_postmortem(root, rel, text=text)
    assert next_id(root, 2025) == "PM-2025-006"


def test_ids_are_counted_per_year(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=2)
    rel, text = corpus_report(9, year=2024)
    write_postmortem(root, rel, text=text)
    assert next_id(root, 2025) == "PM-2025-003"
    assert next_id(root, 2024) == "PM-2024-010"
    assert next_id(root, 2026) == "PM-2026-001"


def test_ids_of_broken_crlf_and_misplaced_files_are_taken(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    write_postmortem(
        root, "2025/2025-03-01-broken.md", text=render_postmortem(id="PM-2025-007", severity="SEV9")
    )
    rel, text = corpus_report(8)
    write_postmortem(root, rel, text=text.replace("\n", "\r\n"))
    (root / "2025-04-01-lost.md").write_text(render_postmortem(id="PM-2025-011"), encoding="utf-8")
    assert next_id(root, 2025) == "PM-2025-012"
    (root / "2025-04-01-lost.md").unlink()
    assert next_id(root, 2025) == "PM-2025-009"


def test_four_digit_ids_continue(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=0)
    rel, text = corpus_report(1, id="PM-2025-1000")
    write_postmortem(root, rel, text=text)
    assert next_id(root, 2025) == "PM-2025-1001"


def test_first_post_mortem_in_a_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path)  # no postmortems/ folder yet
    monkeypatch.chdir(tmp_path)
    path = created_path(new("First incident", "--date", "2025-01-15"))
    assert path == tmp_path / "postmortems" / "2025" / "2025-01-15-first-incident.md"
    assert "PM-2025-001" in path.read_text(encoding="utf-8")


# --- options -------------------------------------------------------------------------------------


def test_options_are_written_into_the_frontmatter(project: Path) -> None:
    path = created_path(
        new(
            'Title with "quotes", a # hash and a: colon',
            "--date",
            "2025-03-04",
            "--time",
            "23:45",
            "--severity",
            "SEV1",
            "--service",
            "api-gateway",
            "--service",
            "orders-db",
            "--team",
            "payments-platform",
            "--author",
            "payments-oncall",
        )
    )
    record = next(r for r in load(project / "postmortems").records if r.abs_path == path)
    meta = record.meta
    assert meta.title == 'Title with "quotes", a # hash and a: colon'
    assert meta.severity.value == "SEV1"
    assert meta.services == ["api-gateway", "orders-db"]
    assert meta.teams == ["payments-platform"]
    assert meta.authors == ["payments-oncall"]
    assert meta.timeline.started.isoformat() == "2025-03-04T23:45:00+00:00"


def test_dir_option(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    path = created_path(new("Cache stampede at noon", "--date", "2024-07-01", "--dir", str(other)))
    assert path == other / "2024" / "2024-07-01-cache-stampede-at-noon.md"
    assert "id: PM-2024-001" in path.read_text(encoding="utf-8")


def test_factor_placeholder_comes_from_the_projects_taxonomy(project: Path) -> None:
    (project / "postmortems" / "taxonomy.yml").write_text(
        TAXONOMY_YAML.replace("monitoring-gap:", "observability-gap:"), encoding="utf-8"
    )
    path = created_path(new("Stale search results", "--date", "2025-03-04"))
    assert "contributing_factors: [observability-gap]" in path.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--errors-only", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--severity", "SEV5"], "'SEV5' is not one of"),
        (["x", "--date", "2025-13-01"], "is not a date YYYY-MM-DD"),
        (["x", "--time", "25:00"], "is not a time HH:MM"),
        (["x", "--time", "10:00:30.5"], "to the second at most"),
        (["   "], "Invalid value for TITLE: `title` is empty"),
        (["x" * 121], "Invalid value for TITLE: title is 121 characters; keep it to 120"),
        (["bell\a"], "Invalid value for TITLE: 'bell\\x07' contains the control character U+0007"),
        (["tab\there"], "contains the control character U+0009"),
        (["x", "--author", "on\x1bcall"], "Invalid value for '--author'"),
        (["x", "--service", "Bad Name"], "Invalid value for '--service': 'Bad Name' is not valid"),
        (["x", "--team", "payments]"], "Invalid value for '--team': 'payments]' is not valid"),
        (["x", "--author", " "], "Invalid value for '--author': `authors[0]` is empty"),
        (["x", "--date", "0001-01-01"], "the year 1 is outside"),
        (["x", "--date", "1969-12-31"], "the year 1969 is outside"),
        (["x", "--date", "2300-01-01"], "the year 2300 is outside"),
        (["x", "--date", "9999-12-31", "--time", "23:00-05:00"], "the year 9999 is outside"),
        # Within the range where it was written, past it in UTC.
        (["x", "--date", "2199-12-31", "--time", "23:30-05:00"], "the year 2200 is outside"),
        ([], "Missing argument 'TITLE'"),
    ],
)  # fmt: skip
def test_bad_usage_exits_2_and_writes_nothing(project: Path, args: list[str], message: str) -> None:
    before = sorted(p.relative_to(project) for p in (project / "postmortems").rglob("*"))
    result = new(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    if "year" in message:
        assert "Invalid value for '--date' / '--time'" in result.stderr
    assert sorted(p.relative_to(project) for p in (project / "postmortems").rglob("*")) == before


def test_every_year_the_format_allows_is_accepted_at_its_ends(project: Path) -> None:
    from pmkb.model import FIRST_YEAR, LAST_YEAR

    for day in (f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31"):
        path = created_path(new("Edge of the range", "--date", day, "--time", "12:00"))
        result = CliRunner().invoke(main, ["lint", "--errors-only", str(path)])
        assert (result.exit_code, result.stdout) == (0, ""), day


# --- times with an offset ------------------------------------------------------------------------


def test_an_offset_is_kept_and_read_as_the_same_instant(project: Path) -> None:
    path = created_path(new("Checkout errors", "--date", "2025-03-04", "--time", "10:00+02:00"))
    text = path.read_text(encoding="utf-8")
    assert frontmatter_line(text, "  started:").startswith("  started: 2025-03-04T10:00:00+02:00")
    record = next(r for r in load(project / "postmortems").records if r.abs_path == path)
    assert record.meta.started_utc.isoformat() == "2025-03-04T08:00:00+00:00"
    # The body's table is in UTC, as its heading says.
    assert "| 2025-03-04 08:00 |" in text


def test_an_offset_that_crosses_midnight_names_the_utc_day(project: Path) -> None:
    path = created_path(new("Checkout errors", "--date", "2025-03-04", "--time", "01:30+02:00"))
    assert path == project / "postmortems" / "2025" / "2025-03-03-checkout-errors.md"
    result = CliRunner().invoke(main, ["lint", "--errors-only", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")


def test_z_is_utc(project: Path) -> None:
    path = created_path(new("Checkout errors", "--date", "2025-03-04", "--time", "10:05Z"))
    text = path.read_text(encoding="utf-8")
    assert frontmatter_line(text, "  started:").startswith("  started: 2025-03-04T10:05:00Z")


# --- values are written as given, never split or retyped ----------------------------------------


def test_authors_are_written_as_given(project: Path) -> None:
    path = created_path(
        new("Checkout errors", "--date", "2025-03-04", *("--author", "sre, payments"),
            *("--author", "yes"), *("--author", "2025"), *("--author", "payments-oncall"))
    )  # fmt: skip
    record = next(r for r in load(project / "postmortems").records if r.abs_path == path)
    assert record.meta.authors == ["sre, payments", "yes", "2025", "payments-oncall"]
    assert "authors: [payments-oncall]" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "title",
    ["bell\a", "nel\x85 and\u2028separators", 'back\\slash "quoted"', "del\x7f", "tab\tinside"],
)
def test_any_title_is_written_as_a_yaml_string_that_reads_back(tmp_path: Path, title: str) -> None:
    import datetime as dt

    from pmkb.scaffold import NewPostmortem, create

    root = make_corpus(tmp_path, n=0)
    started = dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc)
    path, _ = create(root, NewPostmortem(title=title, started=started))
    corpus = load(root)
    assert [p for p in corpus.problems if p.is_error] == []
    (record,) = corpus.records
    assert (record.abs_path, record.meta.title) == (path, title)


@pytest.mark.parametrize("title", ["line\nbreak", "carriage\rreturn"])
def test_a_title_of_several_lines_is_refused_before_anything_is_written(
    tmp_path: Path, title: str
) -> None:
    import datetime as dt

    from pmkb.scaffold import InvalidDraft, NewPostmortem, create

    root = make_corpus(tmp_path, n=0)
    started = dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc)
    with pytest.raises(InvalidDraft, match="a title is one line"):
        create(root, NewPostmortem(title=title, started=started))
    assert list(root.rglob("*.md")) == []


# --- slugs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("API 5xx spike: pool exhausted!", "api-5xx-spike-pool-exhausted"),
        ("Café outage in Zürich", "cafe-outage-in-zurich"),
        ("one two three four five six seven eight", "one-two-three-four-five-six"),
        ("!!!", "incident"),
        ("日本語のタイトル", "incident"),
        ("  spaces   and\ttabs  ", "spaces-and-tabs"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


# --- outside a project ---------------------------------------------------------------------------


def test_refuses_outside_a_project_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmkb.project import find_config

    if find_config(tmp_path) is not None:
        pytest.skip("a mkdocs.yml above the temporary folder makes every folder a project here")
    monkeypatch.chdir(tmp_path)
    result = new("Checkout errors", "--date", "2025-03-04", "--service", "checkout-service")
    assert result.exit_code == 2
    assert "no mkdocs.yml in" in result.stderr and "--config" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_config_names_the_project_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_dir = tmp_path / "kb"
    make_corpus(project_dir, n=3)
    config = write_project(project_dir)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = created_path(new("Checkout errors", "--date", "2025-03-04", "--config", str(config)))
    assert path == project_dir / "postmortems" / "2025" / "2025-03-04-checkout-errors.md"
    assert "id: PM-2025-004" in path.read_text(encoding="utf-8")
    assert list(elsewhere.iterdir()) == []


def test_a_project_above_the_working_folder_is_found(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "notes").mkdir()
    monkeypatch.chdir(project / "notes")
    path = created_path(new("Checkout errors", "--date", "2025-03-04"))
    assert path == project / "postmortems" / "2025" / "2025-03-04-checkout-errors.md"
    assert "id: PM-2025-004" in path.read_text(encoding="utf-8")


# --- TODO only where a value is a placeholder ----------------------------------------------------

GIVEN_KEYS = ("severity:", "services:", "teams:", "authors:", "  started:")


def frontmatter_line(text: str, key: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(key))


def test_no_todo_on_the_values_given_as_options(project: Path) -> None:
    path = created_path(
        new(
            "Checkout errors",
            *("--date", "2025-03-04", "--time", "14:05", "--severity", "SEV2"),
            *("--service", "checkout-service", "--team", "payments-platform"),
            *("--author", "payments-oncall"),
        )
    )
    text = path.read_text(encoding="utf-8")
    for key in GIVEN_KEYS:
        assert "TODO" not in frontmatter_line(text, key), key
    # What the options cannot give stays marked: the author must still write it.
    for key in ("  detected:", "detection:", "contributing_factors:"):
        assert "# TODO:" in frontmatter_line(text, key), key


def test_placeholders_for_values_not_given_are_marked_todo(project: Path) -> None:
    path = created_path(new("Checkout errors", "--date", "2025-03-04"))
    text = path.read_text(encoding="utf-8")
    assert frontmatter_line(text, "severity:").startswith("severity: SEV3  # TODO:")
    assert frontmatter_line(text, "services:").startswith("services: [service-name]  # TODO:")
    assert frontmatter_line(text, "teams:").startswith("teams: [team-name]  # TODO:")
    assert frontmatter_line(text, "authors:").startswith("authors: [incident-author]  # TODO:")
    # A day without a time: the time is a placeholder.
    assert frontmatter_line(text, "  started:").startswith(
        "  started: 2025-03-04T00:00:00Z  # TODO:"
    )


def test_the_drafts_todo_warning_names_what_is_left_and_nothing_given(project: Path) -> None:
    path = created_path(
        new(
            "Checkout errors",
            *("--date", "2025-03-04", "--time", "14:05", "--severity", "SEV2"),
            *("--service", "checkout-service", "--team", "payments-platform"),
            *("--author", "payments-oncall"),
        )
    )
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(path)])
    (todo,) = [p for p in json.loads(result.stdout)["problems"] if p["rule"] == "todo-left"]
    sections = ", ".join(
        f"## {s}"
        for s in (
            "Summary", "Impact", "Timeline", "Root Cause", "Contributing Factors", "Five Whys",
            "What Went Well", "What Went Wrong", "Lessons Learned",
        )
    )  # fmt: skip
    text = path.read_text(encoding="utf-8")
    count = text.count("TODO")
    assert todo["message"] == (
        f"{count} TODOs left to fill in: timeline.detected, detection, contributing_factors, "
        f"{sections} (fine while drafting; each is listed once the status is in-review)"
    )
    assert todo["line"] == line_of(text, "TODO")


@pytest.mark.parametrize("in_the_way", ["postmortems/2025", "postmortems"])
def test_a_file_where_a_folder_belongs_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_the_way: str
) -> None:
    write_project(tmp_path)
    (tmp_path / in_the_way).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / in_the_way).write_text("not a folder\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = new("Queue backlog after a broker restart", "--date", "2025-03-04")
    assert result.exit_code == 1
    assert f"{tmp_path / in_the_way} is a file, not a folder" in result.stderr
    assert "Traceback" not in result.output
    assert (tmp_path / in_the_way).read_text(encoding="utf-8") == "not a folder\n"


def test_a_folder_it_may_not_write_to_is_named_not_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmkb.scaffold

    def refuse(path: object, *args: object, **kwargs: object) -> object:
        # What a read-only checkout answers; root would be let through, so say it here.
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(pmkb.scaffold, "open", refuse, raising=False)
    result = new("Queue backlog after a broker restart", "--date", "2025-03-04")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot write ")
    assert result.stderr.rstrip().endswith(
        "2025-03-04-queue-backlog-after-a-broker-restart.md: Permission denied"
    )
