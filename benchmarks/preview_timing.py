"""How long an author waits under ``make serve`` before an edit is served.

The server is started the way ``make serve`` starts it: the serve target's
commands are read from the Makefile with ``make -n serve ADDR=...``, in a
scratch copy of the project whose post-mortems are replaced by the benchmark's
corpus (``.venv`` is linked, not copied), so the benchmark follows the recipe
when it changes. Plain MkDocs is served with ``mkdocs serve`` on its own
config. Once the first build is served:

* **body edit**: a unique word is appended to one post-mortem's body; the time
  until its served page contains the word;
* **title edit**: one post-mortem's title gains a unique word; the time until
  every page that shows the title serves it: its own page and, on our site,
  the all-incidents list's data, the home page when it links to it and a
  factor page that links to it (checked before the edit).

Times run from the moment the file is written until the page (or the last of
the pages) is served with the change, polling every 20 ms. MkDocs' server
holds requests while it rebuilds, so a page is never read half-built.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

POLL_EVERY = 0.02
#: Folders of a checkout that a scratch copy does without (the venv is linked instead).
SKIPPED_NAMES = {
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "node_modules",
}
SKIPPED_PATHS = {"site", "benchmarks/out"}
#: A frontmatter's title and any lines it continues on (indented).
TITLE_LINE = re.compile(r"^title:.*(?:\n[ \t]+.*)*$", re.MULTILINE)
#: The plain site's home page: MkDocs needs one, and the search box lives on it.
PLAIN_HOME = "# Post-mortems\n\nSearch them with the box at the top of the page.\n"


@dataclass(frozen=True)
class Target:
    """One post-mortem of the corpus, as the benchmark needs to find it on each site."""

    path: str  # relative to the corpus folder, e.g. 2025/2025-03-04-pm-2025-014.md
    id: str
    title: str
    factors: tuple[str, ...]

    @property
    def plain_url(self) -> str:
        return self.path.removesuffix(".md") + "/"

    @property
    def our_url(self) -> str:
        return f"incidents/{self.id.lower()}/"


def read_target(corpus: Path, path: str) -> Target:
    text = (corpus / path).read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    return Target(path, meta["id"], meta["title"], tuple(meta.get("contributing_factors", ())))


def retitled(text: str, title: str) -> str:
    """A post-mortem's text with another title, on one line (a JSON string is valid YAML)."""
    return TITLE_LINE.sub(lambda _: f"title: {json.dumps(title)}", text, count=1)


def free_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


def _logical_lines(text: str) -> list[str]:
    """Lines with backslash continuations joined, blank ones dropped."""
    return [line for line in text.replace("\\\n", " ").splitlines() if line.strip()]


def recipe_line_count(makefile: Path, target: str) -> int:
    """How many commands the Makefile's rule for ``target`` has."""
    lines = makefile.read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    count, inside = 0, False
    for line in lines:
        if inside and line.startswith("\t"):
            count += bool(line.strip())
        elif re.match(rf"^{re.escape(target)}\s*:(?!=)", line):
            inside = True
        elif inside and line.strip() and not line.startswith("#"):
            break
    return count


def serve_commands(project: Path, address: str) -> list[str]:
    """The commands ``make serve`` runs in ``project``, with the server on ``address``."""
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "serve", f"ADDR={address}"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    count = recipe_line_count(project / "Makefile", "serve")
    if count == 0:
        raise SystemExit(f"{project / 'Makefile'}: no commands found for the serve target")
    # A prerequisite out of date (a stale venv) would print its own commands first.
    return _logical_lines(dry_run.stdout)[-count:]


def scratch_project(repo: Path, corpus: Path, into: Path) -> Path:
    """A copy of the project at ``repo`` whose post-mortems are ``corpus``'s; returns it."""

    def skipped(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).resolve().relative_to(repo.resolve())
        return {
            name
            for name in names
            if name in SKIPPED_NAMES
            or name.startswith(".venv")
            or (relative / name).as_posix() in SKIPPED_PATHS
        }

    project = into / "project"
    shutil.copytree(repo, project, ignore=skipped, symlinks=True)
    (project / ".venv").symlink_to((repo / ".venv").resolve(), target_is_directory=True)
    docs = project / "postmortems"
    for year in docs.iterdir():
        if year.is_dir() and re.fullmatch(r"\d{4}", year.name):
            shutil.rmtree(year)
    for item in corpus.iterdir():
        if item.is_dir():
            shutil.copytree(item, docs / item.name)
        else:
            shutil.copy2(item, docs / item.name)
    return project


def _get(url: str, timeout: float = 900) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cache-Control": "no-cache"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_served(base: str, process: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until ``base`` answers 200; fails if the server exits or the time runs out."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before serving")
        try:
            if _get(base, timeout=timeout)[0] == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base} not served within {timeout:.0f} s")


def time_until_served(
    pages: Mapping[str, tuple[str, str]], started: float, timeout: float = 600
) -> dict[str, float]:
    """Seconds from ``started`` until each page ``name -> (url, text)`` contains its text."""
    seen: dict[str, float] = {}
    status: dict[str, int] = {}
    while len(seen) < len(pages):
        for name, (url, needle) in pages.items():
            if name not in seen:
                status[name], text = _get(url)
                if needle in text:
                    seen[name] = time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            missing = "; ".join(
                f"{url} (HTTP {status[name]}) lacks {needle!r}"
                for name, (url, needle) in pages.items()
                if name not in seen
            )
            raise TimeoutError(f"not served within {timeout:.0f} s: {missing}")
        if len(seen) < len(pages):
            time.sleep(POLL_EVERY)
    return seen


@dataclass
class EditTiming:
    kind: str  # "body" or "title"
    postmortem: str
    #: page -> seconds from the write until it served the change
    pages: dict[str, float]

    @property
    def seconds(self) -> float:
        return max(self.pages.values())


@dataclass
class PreviewSession:
    side: str
    command: str
    first_build_s: float
    edits: list[EditTiming] = field(default_factory=list)


class ServedSite:
    """A running preview server and where each post-mortem is on it."""

    def __init__(
        self,
        commands: Sequence[str],
        cwd: Path,
        address: str,
        url_of: Callable[[Target], str],
        log: Path,
        ours: bool,
        edit_timeout: float,
    ) -> None:
        self.base = f"http://{address}/"
        self.edit_timeout = edit_timeout
        self.command = "\n".join(commands)
        self.url_of = url_of
        self.ours = ours
        self._log = log.open("wb")
        # Its own session, so that the server and everything it starts stop together.
        self.process = subprocess.Popen(
            ["sh", "-c", self.command],
            cwd=cwd,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()

    def settle(self) -> None:
        """Wait until no rebuild is running: the server holds requests until it ends."""
        time.sleep(0.5)
        _get(self.base)

    def links_to(self, page: str, target: Target) -> bool:
        status, html = _get(self.base + page)
        return status == 200 and f'{target.our_url}"' in html.replace("../", "")

    def pages_showing_title(self, target: Target) -> dict[str, str]:
        """Name -> URL of each page that shows ``target``'s title (read before an edit)."""
        pages = {"page": self.base + self.url_of(target)}
        if not self.ours:
            return pages
        status, data = _get(self.base + "incidents/list.json")
        if status == 200 and json.dumps(target.title)[1:-1] in data:
            pages["list data"] = self.base + "incidents/list.json"
        if self.links_to("", target):
            pages["home"] = self.base
        for factor in target.factors:
            if self.links_to(f"factors/{factor}/", target):
                pages["factor page"] = self.base + f"factors/{factor}/"
                break
        return pages

    def time_body_edit(self, docs: Path, target: Target) -> EditTiming:
        word = f"zqbody{secrets.token_hex(5)}"
        file = docs / target.path
        started = time.perf_counter()
        with file.open("a", encoding="utf-8") as out:
            out.write(f"\nAppended in a preview benchmark: {word}.\n")
        seen = time_until_served(
            {"page": (self.base + self.url_of(target), word)}, started, self.edit_timeout
        )
        return EditTiming("body", target.id, seen)

    def time_title_edit(self, docs: Path, target: Target) -> EditTiming:
        # The unique word takes the place of the title's first word, so that the
        # title stays about as long: the format caps a title's length.
        word = f"zq{secrets.token_hex(3)}"
        title = " ".join([word, *target.title.split(" ")[1:]])
        pages = self.pages_showing_title(target)
        file = docs / target.path
        text = file.read_text(encoding="utf-8")
        edited = retitled(text, title)
        started = time.perf_counter()
        file.write_text(edited, encoding="utf-8")
        seen = time_until_served(
            {name: (url, word) for name, url in pages.items()}, started, self.edit_timeout
        )
        return EditTiming("title", target.id, seen)


def _our_url(target: Target) -> str:
    return target.our_url


def _plain_url(target: Target) -> str:
    return target.plain_url


def run_session(
    side: str,
    repo: Path,
    corpus: Path,
    plain_config: str,  # the plain site's mkdocs.yml, docs in "docs"
    scratch: Path,
    body_targets: Sequence[Target],
    title_targets: Sequence[Target],
    start_timeout: float = 1800,
    edit_timeout: float = 600,
) -> PreviewSession:
    """Serve one side from a fresh scratch copy, time its edits, stop it."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    address = free_address()
    if side == "ours":
        cwd = scratch_project(repo, corpus, scratch)
        docs = cwd / "postmortems"
        commands = serve_commands(cwd, address)
        url_of = _our_url
    else:
        cwd = scratch
        docs = scratch / "docs"
        shutil.copytree(corpus, docs)
        (docs / "index.md").write_text(PLAIN_HOME, encoding="utf-8")
        (scratch / "mkdocs.yml").write_text(plain_config, encoding="utf-8")
        commands = [f"{sys.executable} -m mkdocs serve -f mkdocs.yml --dev-addr {address}"]
        url_of = _plain_url
    log = scratch.parent / f"{scratch.name}.log"
    server = ServedSite(commands, cwd, address, url_of, log, side == "ours", edit_timeout)
    try:
        first = wait_until_served(server.base, server.process, start_timeout)
        # The same command whatever port this session had.
        command = server.command.replace(address, "127.0.0.1:PORT")
        session = PreviewSession(side, command, round(first, 2))
        for body, title in zip(body_targets, title_targets):
            session.edits.append(server.time_body_edit(docs, body))
            server.settle()
            session.edits.append(server.time_title_edit(docs, title))
            server.settle()
        return session
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
