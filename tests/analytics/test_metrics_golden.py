"""``metrics.json`` byte for byte: the shipped corpus and a random one, every period.

The golden files hold what the analytics wrote for these corpora; the test
fails on any change of a key, a value or its rounding. A change meant to alter
``metrics.json`` (a new key, a new schema version) rewrites them with

    .venv/bin/python -m tests.analytics.test_metrics_golden

and the diff of the golden files is then part of the review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pmkb.analytics import CorpusAnalytics, analyse
from pmkb.analytics.exports import metrics_json
from pmkb.analytics.synthetic import random_postmortems
from pmkb.loader import load_corpus
from pmkb.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden")
#: A month after the last shipped incident, so that every period holds some.
SHIPPED_AS_OF = dt.date(2026, 12, 1)
#: Within the random corpus's three years, so that both recent periods are filled.
RANDOM_AS_OF = dt.date(2024, 10, 1)
PERIODS = {"all-time": "", "last-12-months": "last-12-months", "last-quarter": "last-quarter"}
CASES = [
    ("shipped", "all-time"),
    ("shipped", "last-quarter"),
    ("random", "all-time"),
    ("random", "last-12-months"),
]


@cache
def _analytics(corpus: str) -> CorpusAnalytics:
    if corpus == "shipped":
        taxonomy, _ = load_taxonomy(ROOT / "postmortems" / "taxonomy.yml")
        records = load_corpus(ROOT / "postmortems", taxonomy, base=ROOT).records
        return analyse(records, as_of=SHIPPED_AS_OF, audience="internal", taxonomy=taxonomy)
    return analyse(random_postmortems(100, seed=7), as_of=RANDOM_AS_OF, audience=None)


def _metrics_text(corpus: str, period: str) -> str:
    return metrics_json(_analytics(corpus).period(PERIODS[period]).metrics)


def _golden(corpus: str, period: str) -> Path:
    return GOLDEN / f"metrics-{corpus}-{period}.json"


@pytest.mark.parametrize(("corpus", "period"), CASES)
def test_metrics_json_is_byte_identical_to_the_golden_file(corpus: str, period: str) -> None:
    expected = _golden(corpus, period).read_text(encoding="utf-8")
    assert _metrics_text(corpus, period) == expected


def test_the_shipped_corpus_fills_every_section() -> None:
    # A golden file of empty lists would pin nothing.
    text = _golden("shipped", "last-quarter").read_text(encoding="utf-8")
    for key in ('"by_quarter_severity":[{', '"by_service_factor":[{', '"oldest_overdue":[{'):
        assert key in text


def _write_all() -> Iterator[Path]:
    GOLDEN.mkdir(exist_ok=True)
    for corpus, period in CASES:
        path = _golden(corpus, period)
        path.write_text(_metrics_text(corpus, period), encoding="utf-8")
        yield path


if __name__ == "__main__":
    for written in _write_all():
        print(written.relative_to(ROOT))
