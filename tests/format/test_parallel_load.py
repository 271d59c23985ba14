"""Reading a corpus in two processes gives exactly what reading it in one gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pmkb import loader, parallel
from pmkb.loader import ParseCache

from tests.conftest import load, make_corpus, write_postmortem
from tests.format.test_loader import BROKEN_FILES

needs_fork = pytest.mark.skipif(
    not parallel.machine_allows(), reason="a second process needs Linux, fork and two CPUs"
)


def _pid_of(_item: int) -> int:
    return os.getpid()


@needs_fork
def test_the_second_half_is_computed_by_another_process_and_kept_in_order() -> None:
    assert parallel.map_in_two(lambda n: n * n, list(range(101))) == [n * n for n in range(101)]
    pids = parallel.map_in_two(_pid_of, list(range(10)))
    assert pids[:5] == [os.getpid()] * 5
    assert len(set(pids[5:])) == 1 and pids[5] != os.getpid()


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

    def counted(function, items):  # type: ignore[no-untyped-def]
        calls.append(len(items))
        return real(function, items)

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
        [r.rel_path for r in corpus.shaped],
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
