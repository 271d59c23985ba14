from __future__ import annotations

import pandas as pd
import pytest
from pmkb.analytics.factors import (
    factor_cooccurrence,
    factor_frequency,
    layer_frequency,
)
from pmkb.taxonomy import load_taxonomy

from .builders import LAYERS


@pytest.fixture
def four() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "quarter": ["2025Q1", "2025Q1", "2025Q2", "2025Q2"],
            "factors": [
                ("monitoring-gap", "runbook-gap"),
                ("monitoring-gap",),
                ("runbook-gap", "testing-gap"),
                ("monitoring-gap", "runbook-gap", "ownership-gap"),
            ],
        }
    )


def test_frequency_overall_with_ties_broken_by_tag(four):
    table = factor_frequency(four, LAYERS)
    assert list(zip(table["factor"], table["incidents"], table["share"], table["layer"])) == [
        ("monitoring-gap", 3, 0.75, "technical"),
        ("runbook-gap", 3, 0.75, "process"),
        ("ownership-gap", 1, 0.25, "organizational"),
        ("testing-gap", 1, 0.25, "process"),
    ]


def test_frequency_per_quarter_shares_of_the_quarter(four):
    table = factor_frequency(four, by="quarter")
    assert list(zip(table["quarter"], table["factor"], table["incidents"], table["share"])) == [
        ("2025Q1", "monitoring-gap", 2, 1.0),
        ("2025Q1", "runbook-gap", 1, 0.5),
        ("2025Q2", "runbook-gap", 2, 1.0),
        ("2025Q2", "monitoring-gap", 1, 0.5),
        ("2025Q2", "ownership-gap", 1, 0.5),
        ("2025Q2", "testing-gap", 1, 0.5),
    ]
    assert table["layer"].isna().all()  # no taxonomy given


def test_layers_count_incidents_and_citations(four):
    table = layer_frequency(four, LAYERS)
    assert list(zip(table["layer"], table["incidents"], table["citations"], table["share"])) == [
        ("technical", 3, 3, 0.75),
        ("process", 3, 4, 0.75),  # C cites two process factors
        ("organizational", 1, 1, 0.25),
    ]


def test_layers_per_quarter_include_zeros(four):
    table = layer_frequency(four, LAYERS, by="quarter")
    q1 = table[table["quarter"] == "2025Q1"]
    assert list(zip(q1["layer"], q1["incidents"], q1["share"])) == [
        ("technical", 2, 1.0),
        ("process", 1, 0.5),
        ("organizational", 0, 0.0),
    ]


def test_layers_from_a_taxonomy_file(four, corpus_dir):
    taxonomy, problems = load_taxonomy(corpus_dir / "taxonomy.yml")
    assert not problems
    assert list(layer_frequency(four, taxonomy)["incidents"]) == [3, 3, 1]
    assert list(factor_frequency(four, taxonomy)["layer"])[:2] == ["technical", "process"]


def test_cooccurrence_counts_jaccard_and_lift(four):
    table = factor_cooccurrence(four)
    assert list(zip(table["factor_a"], table["factor_b"], table["incidents"])) == [
        ("monitoring-gap", "runbook-gap", 2),
        ("monitoring-gap", "ownership-gap", 1),
        ("ownership-gap", "runbook-gap", 1),
        ("runbook-gap", "testing-gap", 1),
    ]
    first = table.iloc[0]
    assert first["jaccard"] == pytest.approx(2 / (3 + 3 - 2))
    assert first["lift"] == pytest.approx(4 * 2 / (3 * 3))
    assert list(factor_cooccurrence(four, min_incidents=2)["incidents"]) == [2]


def test_empty_and_single_incident():
    empty = pd.DataFrame({"quarter": [], "factors": []})
    assert factor_frequency(empty).empty
    assert factor_cooccurrence(empty).empty
    assert list(layer_frequency(empty, LAYERS).columns) == [
        "layer",
        "incidents",
        "citations",
        "share",
    ]
    one = pd.DataFrame({"quarter": ["2025Q1"], "factors": [("monitoring-gap",)]})
    assert list(factor_frequency(one)["share"]) == [1.0]
    assert factor_cooccurrence(one).empty
