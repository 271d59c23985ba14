"""The language rules read every line of every post-mortem of a corpus: the work
each does per report is kept to what the report's text calls for, and what it
finds stays the same."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pmkb.lint import language

from tests.conftest import BASE_BODY, lint, only, render_postmortem, write_postmortem


def with_paragraph(paragraph: str) -> str:
    return render_postmortem(
        body=BASE_BODY.replace("## Root Cause", f"{paragraph}\n\n## Root Cause")
    )


def count_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    calls = [0]
    original = getattr(language, name)

    def counted(*args: object) -> object:
        calls[0] += 1
        return original(*args)

    monkeypatch.setattr(language, name, counted)
    return calls


def test_thing_words_wait_for_a_name_in_a_persons_place(
    corpus_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading which words a report uses for things is a pass over its whole text,
    needed only to clear a capitalised word standing where a person stands."""
    calls = count_calls(monkeypatch, "thing_words")
    write_postmortem(corpus_root, "2025/2025-02-09-case.md", text=with_paragraph(""))
    assert only(lint(corpus_root), "personal-names") == []
    assert calls == [0]


def test_thing_words_still_clear_a_product_in_a_persons_place(
    corpus_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_calls(monkeypatch, "thing_words")
    paragraph = (
        "The Quokkaflow scheduler retried the batch. Quokkaflow noticed the lag first. "
        "Torvald noticed it a minute later."
    )
    write_postmortem(corpus_root, "2025/2025-02-09-case.md", text=with_paragraph(paragraph))
    found = only(lint(corpus_root), "personal-names")
    assert [p.message.split("'")[1] for p in found] == ["Torvald"]
    assert calls == [1]


class CountingPattern:
    """A compiled pattern that counts the texts it is run over."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.texts: list[str] = []

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        self.texts.append(text)
        return self.pattern.finditer(text)


def test_a_blame_pattern_reads_only_the_lines_holding_its_keyword(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, advice = language.BLAME_PHRASES[0]
    counting = CountingPattern(first)
    monkeypatch.setattr(
        language, "BLAME_PHRASES", ((counting, advice), *language.BLAME_PHRASES[1:])
    )
    lines = [
        "The ledger-sync job stalled when its queue filled.",
        "It was called human error at first; the retry storm came from the defaults.",
        "The batch window moved to the night shift.",
    ]
    find = language.blame_checker("\n".join(lines))
    found = [[phrase.phrase for phrase in find(line)] for line in lines]
    assert found == [[], ["human error"], []]
    assert counting.texts == [lines[1]]


def test_a_case_blind_match_outside_ascii_is_still_found() -> None:
    """A keyword test on the lower-cased line would miss the long s, which the
    case-blind pattern matches as an s: such a line is searched in full."""
    lines = ["The reviewer \u017fhould have caught the typo.", "It should be automated."]
    find = language.blame_checker("\n".join(lines))
    assert [phrase.phrase for phrase in find(lines[0])] == ["\u017fhould have caught"]
