"""Reading a corpus in two processes gives exactly what reading it in one gives."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from pmkb import loader, parallel
from pmkb.loader import ParseCache

from tests.conftest import load, make_corpus, write_postmortem
from tests.format.test_loader import BROKEN_FILES

needs_fork = pytest.mark.skipif(
    not parallel.machine_allows(), reason="a second process needs Linux, fork and two CPUs"
)


@needs_fork
def test_both_processes_share_the_items_and_the_results_keep_their_order() -> None:
    parent = os.getpid()
    child_began = multiprocessing.get_context("fork").Event()

    def square_and_pid(n: int) -> tuple[int, int]:
        if os.getpid() != parent:
            child_began.set()
        time.sleep(0.002)
        return n * n, os.getpid()

    ran: list[int] = []

    def meanwhile() -> None:
        # This process is busy elsewhere until the child has begun on the items.
        ran.append(os.getpid())
        assert child_began.wait(30)

    results = parallel.map_in_two(square_and_pid, list(range(300)), meanwhile=meanwhile)
    assert ran == [parent]
    assert [square for square, _ in results] == [n * n for n in range(300)]
    pids = [pid for _, pid in results]
    assert pids[0] != parent  # the child took the first items
    assert len(set(pids)) == 2 and parent in pids


@needs_fork
@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_child_that_fails_leaves_its_half_to_the_parent(how: str) -> None:
    parent = os.getpid()

    def square_here(n: int) -> int:
        if os.getpid() != parent:
            if how == "dies":
                os._exit(3)
            raise RuntimeError("not in the child")
        return n * n

    assert parallel.map_in_two(square_here, list(range(9))) == [n * n for n in range(9)]


@needs_fork
def test_an_error_of_the_work_itself_still_reaches_the_caller() -> None:
    def fails(n: int) -> int:
        raise ValueError(f"bad item {n}")

    with pytest.raises(ValueError, match="bad item 0"):
        parallel.map_in_two(fails, [0, 1, 2])


@pytest.fixture
def split_load(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every load from here on parses in two processes; lists how many files each time."""
    calls: list[int] = []
    real = parallel.map_in_two

    def counted(function, items, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(items))
        return real(function, items, **kwargs)

    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(parallel, "fork_allowed", lambda: True)
    monkeypatch.setattr(parallel, "map_in_two", counted)
    return calls


def _broken_and_good_corpus(tmp_path: Path) -> Path:
    root = make_corpus(tmp_path, n=6)
    for index, (name, (raw, _wanted)) in enumerate(BROKEN_FILES.items()):
        if name == "id year":
            raw = raw.replace(b"PM-2024-014", b"PM-2024-500")
        else:
            raw = raw.replace(b"PM-2025-014", f"PM-2025-{100 + index}".encode())
        write_postmortem(root, f"2025/2025-02-09-broken-{index:02d}.md", text=raw)
    return root


def _summary(corpus: loader.Corpus) -> tuple[object, ...]:
    return (
        [(r.rel_path, r.meta, r.src) for r in corpus.records],
        corpus.problems,
        corpus.broken,
        [r.rel_path for r in corpus.readings],
    )


@needs_fork
def test_a_corpus_read_in_two_processes_is_the_same_as_in_one(
    tmp_path: Path, split_load: list[int]
) -> None:
    root = _broken_and_good_corpus(tmp_path)
    files = len(list(root.glob("2025/*.md")))
    split = load(root)
    assert split_load == [files]
    loader.PARALLEL_MIN_FILES = files + 1  # restored by monkeypatch
    alone = load(root)
    assert split_load == [files]
    assert _summary(split) == _summary(alone)
    assert len(split.records) == 6 and len(split.broken) == len(BROKEN_FILES)


@needs_fork
def test_only_changed_files_are_parsed_again_and_the_cache_keeps_both_halves(
    tmp_path: Path, split_load: list[int]
) -> None:
    root = make_corpus(tmp_path, n=5)
    cache = ParseCache()
    first = load(root, cache=cache)
    assert (cache.hits, cache.misses) == (0, 5) and split_load == [5]
    for name in ("2025/2025-02-02-checkout-errors-2.md", "2025/2025-02-04-checkout-errors-4.md"):
        path = root / name
        path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    second = load(root, cache=cache)
    assert (cache.hits, cache.misses) == (3, 7) and split_load == [5, 2]
    assert [r.meta for r in second.records] == [r.meta for r in first.records]
    assert second.records[1].body.endswith("More.\n")
    load(root, cache=cache)
    assert (cache.hits, cache.misses) == (8, 7) and split_load == [5, 2]


def test_few_files_are_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "map_in_two", lambda *_: pytest.fail("forked for 3 files"))
    assert len(load(make_corpus(tmp_path, n=3)).records) == 3


def test_parallel_false_keeps_the_load_to_this_process(
    tmp_path: Path, split_load: list[int]
) -> None:
    assert len(load(make_corpus(tmp_path, n=4), parallel=False).records) == 4
    assert split_load == []


@needs_fork
@pytest.mark.parametrize("files", [1, 5])
def test_meanwhile_runs_once_whether_or_not_a_second_process_parses(
    tmp_path: Path, split_load: list[int], files: int
) -> None:
    loader.PARALLEL_MIN_FILES = 3  # restored by monkeypatch
    ran: list[int] = []
    corpus = load(make_corpus(tmp_path, n=files), meanwhile=lambda: ran.append(os.getpid()))
    assert len(corpus.records) == files and ran == [os.getpid()]
    assert split_load == ([files] if files >= 3 else [])
