"""The grouping helpers the metrics share, against the pandas operations they stand for."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pmkb.analytics._groups import explode_keys
from pmkb.analytics.response_times import response_time_summary


def incidents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["PM-1", "PM-2", "PM-3", "PM-4", "PM-5"],
            "started": pd.to_datetime(
                ["2025-01-03", "2025-01-09", "2025-02-11", "2025-03-02", "2025-03-20"], utc=True
            ),
            "services": [("billing", "ledger"), (), ("ledger",), ("billing",), ("queue", "ledger")],
            "factors": [("stale-cache",), ("config-drift", "stale-cache"), (), ("x",), ()],
            "ttd": [5.0, None, 12.0, 3.0, 40.0],
        },
        index=[10, 11, 12, 13, 14],
    )


def exploded_by_pandas(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    for key in keys:
        source = {"service": "services", "factor": "factors"}[key]
        table = table.assign(**{key: table[source]}).explode(key, ignore_index=True)
        table = table[table[key].notna()]
    return table


@pytest.mark.parametrize("keys", [["service"], ["factor"], ["service", "factor"]])
def test_explode_keys_gives_the_table_dataframe_explode_gives(keys: list[str]) -> None:
    # One row per value, an empty list leaving none: values, order, index and dtypes
    # as DataFrame.explode then dropping the missing values.
    for table in (incidents(), incidents().iloc[:0], incidents().iloc[[1, 2, 4]]):
        pd.testing.assert_frame_equal(
            explode_keys(table, keys), exploded_by_pandas(table, keys), check_exact=True
        )


def test_explode_keys_keeps_a_scalar_and_explodes_a_set_as_pandas_does() -> None:
    table = pd.DataFrame({"id": ["PM-1", "PM-2", "PM-3"], "teams": ["storage", {"edge"}, None]})
    exploded = explode_keys(table, ["team"])
    assert exploded["team"].tolist() == ["storage", "edge"]
    assert exploded["id"].tolist() == ["PM-1", "PM-2"]


def test_response_times_by_service_match_each_service_computed_alone() -> None:
    # The groups are numbered once and reused for every metric: each row must
    # still describe its own service's incidents, a missing severity included.
    table = incidents().assign(severity=["sev1", None, "sev2", None, "sev1"], tta=1.0)
    summary = response_time_summary(table, ["service", "severity"], metrics=["tta", "ttd"])
    for row in summary.itertuples():
        on_service = table[[row.service in s for s in table["services"]]]
        same = on_service["severity"].isna() if pd.isna(row.severity) else None
        if same is None:
            same = on_service["severity"] == row.severity
        values = on_service[same][row.metric].dropna().to_numpy(dtype=np.float64)
        assert row.incidents == same.sum() and row.count == len(values)
        assert row.median == pytest.approx(np.median(values)) if len(values) else True
    assert list(summary["metric"].unique()) == ["tta", "ttd"]
