"""The preview driver starts the server as `make serve` does and sees an edit once it is served."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import build_benchmark
import generate_corpus
import yaml
from preview_timing import retitled, run_session, serve_commands

REPO = Path(__file__).resolve().parents[2]

MAKEFILE = """\
BIN   := .venv/bin
STAMP := .venv/.installed
ADDR  ?= 127.0.0.1:8000

$(STAMP): pyproject.toml
\techo installing
\t@touch $(STAMP)

serve: $(STAMP)
\t$(BIN)/mkdocs serve --dev-addr $(ADDR)

watch: $(STAMP)
\tcd docs && \\
\t  ../$(BIN)/mkdocs serve --dirty --dev-addr $(ADDR)
\t@echo stopped
"""


def test_the_serve_commands_are_read_from_the_makefile(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text(MAKEFILE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / ".installed").write_text("", encoding="utf-8")
    os.utime(tmp_path / "pyproject.toml", (1_000_000, 1_000_000))
    assert serve_commands(tmp_path, "127.0.0.1:9") == [
        ".venv/bin/mkdocs serve --dev-addr 127.0.0.1:9"
    ]
    # An out-of-date prerequisite prints its own commands first; they are not the server.
    (tmp_path / ".venv" / ".installed").unlink()
    assert serve_commands(tmp_path, "127.0.0.1:9") == [
        ".venv/bin/mkdocs serve --dev-addr 127.0.0.1:9"
    ]


def test_the_serve_commands_follow_the_recipe_when_it_changes(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text(
        MAKEFILE.replace("serve: $(STAMP)", "old-serve: $(STAMP)").replace(
            "watch: $(STAMP)", "serve: $(STAMP)"
        ),
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    commands = serve_commands(tmp_path, "127.0.0.1:9")
    # A continued line is one command (the shell ignores the spacing).
    assert [" ".join(command.split()) for command in commands] == [
        "cd docs && ../.venv/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:9",
        "echo stopped",
    ]


def test_a_plain_mkdocs_serve_shows_a_body_and_a_title_edit(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus.generate(6, corpus)
    bodies, titles = build_benchmark.preview_targets(corpus, 1)
    session = run_session(
        "plain",
        REPO,
        corpus,
        build_benchmark.plain_config("docs", "site"),
        tmp_path / "scratch",
        bodies,
        titles,
        start_timeout=300,
        edit_timeout=120,
    )
    assert f"{sys.executable} -m mkdocs serve" in session.command
    assert [(e.kind, sorted(e.pages)) for e in session.edits] == [
        ("body", ["page"]),
        ("title", ["page"]),
    ]
    assert all(e.seconds > 0 for e in session.edits)
    # The scratch copy goes with the session; the corpus is never edited.
    assert not (tmp_path / "scratch").exists()
    assert "zqbody" not in "".join(p.read_text() for p in corpus.glob("*/*.md"))


def test_make_serve_on_our_site_shows_a_title_on_every_page_that_lists_it(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus.generate(12, corpus)
    bodies, titles = build_benchmark.preview_targets(corpus, 1)
    session = run_session(
        "ours",
        REPO,
        corpus,
        build_benchmark.plain_config("docs", "site"),
        tmp_path / "scratch",
        bodies,
        titles,
        start_timeout=300,
        edit_timeout=120,
    )
    # Whatever the Makefile's serve recipe says, read from it.
    assert session.command.startswith(".venv/bin/mkdocs serve ")
    assert session.command.endswith("--dev-addr 127.0.0.1:PORT")
    body, title = session.edits
    assert list(body.pages) == ["page"]
    # The latest published post-mortem: on the home page, the list and its factors' pages.
    assert sorted(title.pages) == ["factor page", "home", "list data", "page"]
    assert title.seconds == max(title.pages.values()) > 0


def test_a_title_edit_keeps_the_frontmatter_valid_and_the_title_short(tmp_path: Path) -> None:
    title = "Latency spike on identity-service for 169 minutes after a dependency failure: x (pm-1)"
    meta = {"id": "PM-2026-113", "title": title, "status": "published"}
    # Wrapped onto two lines, as the generator's YAML writer does with long titles.
    text = "---\n" + yaml.safe_dump(meta, sort_keys=False, width=60) + "---\n\nBody.\n"
    assert "\n  " in text.split("status:")[0]
    edited = retitled(text, "zq1a2b3c " + title.split(" ", 1)[1])
    head = yaml.safe_load(edited.split("---\n")[1])
    assert head == {
        **meta,
        "title": "zq1a2b3c spike on identity-service for 169 minutes after"
        " a dependency failure: x (pm-1)",
    }
    assert edited.endswith("---\n\nBody.\n")
