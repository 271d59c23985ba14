"""The ``pmkb`` commands on a project whose folders and settings are in a bad state.

The rest of this folder attacks the files' contents; this attacks what lies
around them: a folder that cannot be listed or is a symbolic link, a broken
taxonomy. Whatever is wrong, each command names the file or folder, and a
post-mortem it could not read is never left out without a word.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pmkb.cli import main
from pmkb.loader import load_corpus

from tests.conftest import line_of, make_corpus, sample_taxonomy, write_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_corpus(tmp_path, n=3)  # postmortems/2025/..., each with one open item
    write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def unlistable(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[Path]]:
    """Folders added to the set cannot be listed, as for a user without permission.

    Removing the permission alone does nothing for root (which the test machine
    may be), so the listing itself is refused, as the system refuses it.
    """
    denied: set[Path] = set()
    real_scandir = os.scandir

    def scandir(path: int | str | os.PathLike[str] = ".") -> object:
        # shutil.rmtree lists folders by descriptor: those are never denied.
        if not isinstance(path, int) and Path(path).resolve() in denied:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    yield denied


def test_a_year_folder_that_cannot_be_listed_is_an_error_naming_it(
    project: Path, unlistable: set[Path]
) -> None:
    unlistable.add((project / "postmortems" / "2025").resolve())
    corpus = load_corpus(project / "postmortems", sample_taxonomy(), base=project)
    assert corpus.records == []
    (problem,) = corpus.errors
    assert (problem.path, problem.line, problem.rule) == ("postmortems/2025", 1, "file.unreadable")
    assert "Permission denied" in problem.message

    result = run("lint")
    assert result.exit_code == 1
    assert result.stdout.startswith("postmortems/2025:1: error file.unreadable: ")


@pytest.mark.parametrize("command", [["actions", "status"], ["actions", "export"]])
def test_the_actions_never_lose_a_folder_they_could_not_read(
    project: Path, unlistable: set[Path], command: list[str]
) -> None:
    unlistable.add((project / "postmortems" / "2025").resolve())
    result = run(*command)
    # Not "nothing open" with exit 0: the items of the folder were never seen.
    assert result.exit_code == 1
    assert "postmortems/2025:1: error file.unreadable: " in result.stderr
    assert "1 post-mortem with errors left out" in result.stderr


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_the_actions_name_a_year_folder_that_is_a_symbolic_link(
    project: Path, tmp_path_factory: pytest.TempPathFactory, audience: str
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    try:
        (project / "postmortems" / "2026").symlink_to(elsewhere, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot create symbolic links")
    result = run("actions", "export", "--format", "json", "--audience", audience)
    assert result.exit_code == 1
    # The folder names no post-mortem: every audience is told.
    assert "postmortems/2026:1: error file.symlink: " in result.stderr


@pytest.mark.parametrize(
    ("moved_to", "rule"), [("{name}", "file.location"), ("2025/{stem}.MD", "file.name")]
)
def test_the_actions_name_a_post_mortem_they_never_read(
    project: Path, moved_to: str, rule: str
) -> None:
    source = next((project / "postmortems" / "2025").glob("*.md"))
    shown = "postmortems/" + moved_to.format(name=source.name, stem=source.stem)
    text = source.read_bytes()
    source.unlink()
    (project / shown).write_bytes(text)
    result = run("actions", "status")
    assert result.exit_code == 1
    assert f"{shown}:1: error {rule}: " in result.stderr
    # Its visibility was never read: a public site's command leaves no trace of it.
    public = run("actions", "status", "--audience", "public")
    assert shown not in public.output


@pytest.mark.parametrize("command", [["actions", "status"], ["actions", "export"]])
def test_the_actions_name_the_broken_line_of_the_taxonomy(
    project: Path, command: list[str]
) -> None:
    taxonomy = project / "postmortems" / "taxonomy.yml"
    lines = taxonomy.read_text(encoding="utf-8").splitlines()
    # A tab where YAML wants spaces, on the second line: nothing of the file can be read.
    lines[1] = "\t" + lines[1].lstrip()
    taxonomy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(*command)
    assert result.exit_code == 1
    # The cause, with its line, before the "unknown factor" errors it causes.
    first = result.stderr.splitlines()[0]
    assert first.startswith("postmortems/taxonomy.yml:2: error taxonomy.yaml"), result.stderr


@pytest.mark.parametrize("command", [["lint"], ["actions", "status"]])
def test_a_folder_where_the_taxonomy_belongs_is_called_a_folder(
    project: Path, command: list[str]
) -> None:
    taxonomy = project / "postmortems" / "taxonomy.yml"
    taxonomy.unlink()
    taxonomy.mkdir()
    result = run(*command)
    assert result.exit_code == 2
    assert "taxonomy.yml is a folder, not a file" in result.output


# --- mkdocs.yml ---------------------------------------------------------------------------


def test_a_key_written_twice_in_mkdocs_yml_is_named_with_both_lines(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # A merge that adds a second `plugins:`: YAML keeps it alone, and this plugin is gone.
    config.write_text(text + "plugins:\n- search\n", encoding="utf-8")
    first = line_of(text, "plugins:")
    second = len(text.splitlines()) + 1
    for command in (["lint"], ["rules"], ["actions", "status"]):
        result = run(*command)
        assert result.exit_code == 2
        assert (
            f"mkdocs.yml:{second}: key `plugins` appears twice (first on line {first})"
            in result.output
        )


def test_a_key_written_twice_inside_the_plugins_options_is_named(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    as_of = "    as_of: '2025-06-01'\n"
    assert as_of in text
    config.write_text(text.replace(as_of, as_of + "    as_of: '2026-01-01'\n"), encoding="utf-8")
    result = run("actions", "status")
    assert result.exit_code == 2
    line = line_of(text, "as_of:")
    assert (
        f"mkdocs.yml:{line + 1}: key `plugins[0].postmortems.as_of` appears twice "
        f"(first on line {line})" in result.output
    )


def test_a_byte_that_is_not_utf8_in_mkdocs_yml_is_named_on_its_line(project: Path) -> None:
    config = project / "mkdocs.yml"
    raw = config.read_bytes()
    config.write_bytes(raw + b"site_description: caf\xe9 incidents\n")
    result = run("lint")
    assert result.exit_code == 2
    line = raw.count(b"\n") + 1
    assert f"mkdocs.yml:{line}: byte 0xe9 is not UTF-8" in result.output


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_the_build_names_a_key_written_twice_in_mkdocs_yml(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, encoding: str
) -> None:
    from mkdocs.exceptions import Abort

    from tests.site.sitebuild import build_site, report
    from tests.site.sitebuild import write_project as write_site

    good = report("PM-2025-001", "Checkout errors after a deploy", "2025-02-09T10:05:00Z")
    config = write_site(tmp_path, {"2025/2025-02-09-checkout.md": good})
    text = config.read_text(encoding="utf-8")
    # YAML, and so MkDocs, reads UTF-16 by its byte-order mark: so does the check.
    config.write_bytes((text + "site_name: Another name\n").encode(encoding))
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config, strict=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        w.endswith(
            f"mkdocs.yml:{len(text.splitlines()) + 1}: key `site_name` appears twice "
            f"(first on line {line_of(text, 'site_name:')}); MkDocs would silently keep "
            "only the last one: merge them"
        )
        for w in warnings
    ), warnings
    # A lenient build still builds every page.
    site = build_site(config)
    assert "Checkout errors" in site.content("incidents/pm-2025-001/").one("h1").text


def test_the_build_names_a_year_folder_it_cannot_list_and_builds_the_rest(
    tmp_path: Path, unlistable: set[Path], caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    from tests.site.sitebuild import build_site, report
    from tests.site.sitebuild import write_project as write_site

    files = {
        "2024/2024-11-02-queue.md": report(
            "PM-2024-001", "Queue backlog after a broker restart", "2024-11-02T09:00:00Z"
        ),
        "2025/2025-02-09-checkout.md": report(
            "PM-2025-001", "Checkout errors after a deploy", "2025-02-09T10:05:00Z"
        ),
    }
    config = write_site(tmp_path, files)
    unlistable.add((tmp_path / "docs" / "2024").resolve())
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config, strict=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("docs/2024:1: error file.unreadable: cannot list this folder" in w for w in warnings)
    site = build_site(config)
    assert "Checkout errors" in site.content("incidents/pm-2025-001/").one("h1").text


def test_a_site_dir_that_is_a_file_stops_the_build_with_its_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    from tests.site.sitebuild import build_site, report
    from tests.site.sitebuild import write_project as write_site

    good = report("PM-2025-001", "Checkout errors after a deploy", "2025-02-09T10:05:00Z")
    config = write_site(tmp_path, {"2025/2025-02-09-checkout.md": good})
    (tmp_path / "site").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_site(config)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("site is a file, not a folder" in e for e in errors), errors
    assert (tmp_path / "site").read_text(encoding="utf-8") == "not a folder\n"


def test_an_ordinary_page_that_is_not_utf8_is_named_and_the_site_still_built(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    from tests.site.sitebuild import build_site, report
    from tests.site.sitebuild import write_project as write_site

    good = report("PM-2025-001", "Checkout errors after a deploy", "2025-02-09T10:05:00Z")
    config = write_site(tmp_path, {"2025/2025-02-09-checkout.md": good})
    page = b"# On-call handbook\n\nPage the caf\xe9 rota first.\n"
    (tmp_path / "docs" / "handbook.md").write_bytes(page)
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config, strict=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        w.endswith(
            f"docs/handbook.md:{line_of(page, 'caf')}: error file.encoding: byte 0xe9 is "
            "not UTF-8; re-save the file as UTF-8"
        )
        for w in warnings
    ), warnings
    # Leniently, MkDocs no longer stops on it: every other page is built.
    site = build_site(config)
    assert "Checkout errors" in site.content("incidents/pm-2025-001/").one("h1").text
    assert "could not be read" in site.content("handbook/").one("h1").text


def test_a_setting_mkdocs_refuses_is_named_with_its_line(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    as_of = "    as_of: '2025-06-01'\n"
    assert as_of in text
    config.write_text(text.replace(as_of, "    as_of: 'last tuesday'\n"), encoding="utf-8")
    result = run("rules")
    assert result.exit_code == 2
    assert (
        f"mkdocs.yml:{line_of(text, 'as_of:')}: plugins: Plugin 'postmortems' option 'as_of': "
        in result.output
    )
    # A setting the file does not hold has no line to name: the file and the key.
    config.write_text(text.replace("site_name: Test archive\n", ""), encoding="utf-8")
    result = run("rules")
    assert result.exit_code == 2
    assert "mkdocs.yml: site_name: " in result.output


def test_a_utf16_mkdocs_yml_is_read_as_mkdocs_reads_it(project: Path) -> None:
    # YAML, and so MkDocs, reads UTF-16 by its byte-order mark: so do the checks above.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_bytes(text.encode("utf-16"))
    assert run("rules").exit_code == 0
    config.write_bytes((text + "site_name: Another name\n").encode("utf-16"))
    result = run("rules")
    assert result.exit_code == 2
    assert f"mkdocs.yml:{len(text.splitlines()) + 1}: key `site_name` appears twice" in (
        result.output
    )
