"""How often `pmkb import markdown` reads each field right, on two corpora labelled by hand.

``shapes/documents`` holds post-mortems written for this test in the shapes real
archives use (see README.md beside this file); ``shapes/expected.yml`` says what a careful
reader takes from each. ``corpus/labels.yml`` does the same for the golden corpus. Run with
``-s`` to see the table; the thresholds are the issue's: every start time and every action
item with its done state right, and suggested factors right at least four times in five.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from pmkb.importers.draft import Draft
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

from tests.importers.conftest import CORPUS, corpus_taxonomy

SHAPES = Path(__file__).parent / "shapes"
CORPORA = {
    "shapes": (SHAPES / "documents", SHAPES / "expected.yml"),
    "golden": (CORPUS / "markdown", CORPUS / "labels.yml"),
}
TIME_KEYS = ("started", "detected", "mitigated", "resolved")


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(what)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0


def suggested_factors(draft: Draft) -> list[str]:
    """The factors the draft proposes from evidence; a placeholder is no suggestion."""
    factors = draft.contributing_factors
    return [] if factors.how == "missing" else list(factors.value)


def measure(name: str) -> dict[str, Tally]:
    folder, labels_path = CORPORA[name]
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    options = MarkdownOptions(corpus_taxonomy())
    tallies = {
        key: Tally()
        for key in (
            "title",
            *TIME_KEYS,
            "action items",
            "done state",
            "factor precision",
            "factor recall",
        )
    }
    for document, expected in sorted(labels.items()):
        raw = (folder / document).read_bytes()
        draft = draft_from_markdown(raw, document, options)
        if "title" in expected:
            tallies["title"].add(
                draft.title.value == expected["title"], f"{document}: title {draft.title.value!r}"
            )
        for key in TIME_KEYS:
            if key in expected:
                got = draft.timeline.get(key)
                value = got.value.astimezone(dt.timezone.utc) if got is not None else None
                ok = value == utc(str(expected[key])) and (got is not None and got.how != "missing")
                tallies[key].add(
                    ok,
                    f"{document}: {key} {value:%Y-%m-%d %H:%M}"
                    if value
                    else f"{document}: {key} none",
                )
        wanted = [state == "done" for state in expected["actions"]]
        found = [item.status.value == "done" for item in draft.action_items]
        for index in range(max(len(wanted), len(found))):
            tallies["action items"].add(
                index < len(wanted) and index < len(found), f"{document}: item {index + 1}"
            )
            if index < len(wanted) and index < len(found):
                tallies["done state"].add(
                    wanted[index] == found[index],
                    f"{document}: item {index + 1} done={found[index]}",
                )
        suggested = suggested_factors(draft)
        for tag in suggested:
            tallies["factor precision"].add(tag in expected["factors"], f"{document}: {tag}")
        for tag in expected["factors"]:
            tallies["factor recall"].add(tag in suggested, f"{document}: {tag} not suggested")
    return tallies


def table(name: str, tallies: dict[str, Tally]) -> str:
    lines = [f"\n{name} corpus", f"{'field':<18} {'right':>5} {'of':>4} {'rate':>7}"]
    for key, tally in tallies.items():
        lines.append(f"{key:<18} {tally.right:>5} {tally.total:>4} {tally.rate:>7.1%}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_accuracy_per_field(name: str) -> None:
    tallies = measure(name)
    print(table(name, tallies))
    assert tallies["title"].rate == 1.0, tallies["title"].misses
    assert tallies["started"].rate == 1.0, tallies["started"].misses
    assert tallies["action items"].rate == 1.0, tallies["action items"].misses
    assert tallies["done state"].rate == 1.0, tallies["done state"].misses
    assert tallies["factor precision"].rate >= 0.8, tallies["factor precision"].misses
    for key in ("detected", "mitigated", "resolved"):
        assert tallies[key].rate >= 0.9, tallies[key].misses


def test_the_shapes_corpus_is_what_the_readme_says() -> None:
    """At least 40 documents in at least 8 shapes, every one labelled."""
    labels = yaml.safe_load((SHAPES / "expected.yml").read_text(encoding="utf-8"))
    documents = {p.name for p in (SHAPES / "documents").iterdir()}
    assert set(labels) == documents
    assert len(documents) >= 40
    assert len({label["shape"] for label in labels.values()}) >= 8
    readme = (Path(__file__).parent / "README.md").read_text(encoding="utf-8")
    for shape in {label["shape"] for label in labels.values()}:
        assert f"`{shape}`" in readme, shape
