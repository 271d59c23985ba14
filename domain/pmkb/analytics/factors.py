"""Contributing factors: how often each is cited, by layer and together.

Every count here is a count of *incidents*: a factor is cited at most once per
post-mortem, and a ``share`` is the fraction of the incidents in its group
that cite the factor. Whether a factor's share rose is a claim of change,
made only when the data supports it: see :mod:`~pmkb.analytics.changes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from pmkb.analytics._groups import as_keys, explode_keys
from pmkb.taxonomy import LAYERS, Taxonomy

LayerMap = Mapping[str, str]


def factor_layers(taxonomy: Taxonomy | LayerMap | None) -> dict[str, str]:
    """``{tag: layer}`` from a :class:`~pmkb.taxonomy.Taxonomy` or a plain mapping."""
    if taxonomy is None:
        return {}
    if isinstance(taxonomy, Taxonomy):
        return {tag: factor.layer for tag, factor in taxonomy.factors.items()}
    return dict(taxonomy)


def factor_frequency(
    incidents: pd.DataFrame,
    taxonomy: Taxonomy | LayerMap | None = None,
    *,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """How many incidents cite each factor, and what share of their group that is.

    Parameters
    ----------
    incidents
        A table with a ``factors`` column of tuples and the group keys.
    taxonomy
        Gives each factor's layer (``None``: the ``layer`` column is empty).
    by
        Group keys, e.g. ``"quarter"``; ``"service"`` counts an incident
        under each of its services.

    Returns
    -------
    pandas.DataFrame
        Columns: the keys, ``factor``, ``layer``, ``incidents``, ``share``
        (``incidents`` over the incidents of the group). Only cited factors
        appear. Sorted by keys, then most cited first, then tag.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "quarter": ["2025Q1", "2025Q1", "2025Q2"],
    ...     "factors": [("a", "b"), ("a",), ("b",)],
    ... })
    >>> factor_frequency(frame, {"a": "technical", "b": "process"})
      factor      layer  incidents     share
    0      a  technical          2  0.666667
    1      b    process          2  0.666667
    >>> factor_frequency(frame, by="quarter")
      quarter factor layer  incidents  share
    0  2025Q1      a  None          2    1.0
    1  2025Q1      b  None          1    0.5
    2  2025Q2      b  None          1    1.0
    """
    keys = as_keys(by)
    if "factor" in keys:
        raise ValueError("factor frequency is already per factor; group by other keys")
    layers = factor_layers(taxonomy)
    columns = [*keys, "factor", "layer", "incidents", "share"]
    grouped = explode_keys(incidents, keys, keep=["factors"])
    cited = explode_keys(grouped, ["factor"], keep=keys)
    if cited.empty:
        return _empty(columns, incidents=np.int64, share=np.float64)
    counts = cited.groupby([*keys, "factor"], dropna=False).size().rename("incidents").reset_index()
    if keys:
        totals = grouped.groupby(keys, dropna=False).size().rename("_total").reset_index()
        counts = counts.merge(totals, on=keys, how="left")
    else:
        counts["_total"] = len(grouped)
    counts["share"] = counts["incidents"] / counts["_total"]
    counts["layer"] = counts["factor"].map(lambda tag: layers.get(tag)).astype(object)
    counts = _sort(counts, keys, "incidents", "factor")
    return counts[columns]


def layer_frequency(
    incidents: pd.DataFrame,
    taxonomy: Taxonomy | LayerMap,
    *,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per layer (technical, process, organizational): incidents citing any of its factors.

    Returns
    -------
    pandas.DataFrame
        Columns: the keys, ``layer``, ``incidents`` (citing at least one
        factor of the layer), ``citations`` (factor citations in the layer,
        so an incident citing two technical factors adds 2), ``share``
        (``incidents`` over the group's incidents). Every layer appears in
        every observed group, with 0 when none of its factors is cited.
        Factors missing from the taxonomy are counted under ``unknown``.

    Examples
    --------
    >>> frame = pd.DataFrame({"factors": [("a", "b"), ("a", "c"), ("b",)]})
    >>> layer_frequency(frame, {"a": "technical", "b": "technical", "c": "process"})
                layer  incidents  citations     share
    0       technical          3          4  1.000000
    1         process          1          1  0.333333
    2  organizational          0          0  0.000000
    """
    keys = as_keys(by)
    layers = factor_layers(taxonomy)
    columns = [*keys, "layer", "incidents", "citations", "share"]
    grouped = explode_keys(incidents, keys, keep=["factors"]).reset_index(drop=True)
    grouped["_row"] = np.arange(len(grouped))
    cited = explode_keys(grouped, ["factor"], keep=[*keys, "_row"])
    cited = cited.assign(layer=cited["factor"].map(lambda tag: layers.get(tag, "unknown")))
    if grouped.empty:
        return _empty(columns, incidents=np.int64, citations=np.int64, share=np.float64)
    group_cols = [*keys, "layer"]
    stats = cited.groupby(group_cols, dropna=False).agg(
        incidents=("_row", "nunique"), citations=("_row", "size")
    )
    known = list(LAYERS) + (["unknown"] if (cited["layer"] == "unknown").any() else [])
    if keys:
        totals = grouped.groupby(keys, dropna=False).size().rename("_total").reset_index()
        grid = totals.merge(pd.DataFrame({"layer": known}), how="cross")
    else:
        grid = pd.DataFrame({"layer": known, "_total": len(grouped)})
    out = grid.merge(stats.reset_index(), on=group_cols, how="left")
    out["incidents"] = out["incidents"].fillna(0).astype(np.int64)
    out["citations"] = out["citations"].fillna(0).astype(np.int64)
    out["share"] = out["incidents"] / out["_total"]
    order = {layer: i for i, layer in enumerate(known)}
    out = out.assign(_rank=out["layer"].map(order)).sort_values([*keys, "_rank"], kind="stable")
    return out[columns].reset_index(drop=True)


def factor_cooccurrence(incidents: pd.DataFrame, *, min_incidents: int = 1) -> pd.DataFrame:
    """Pairs of factors cited by the same incidents.

    Parameters
    ----------
    incidents
        A table with a ``factors`` column of tuples.
    min_incidents
        Leave out pairs cited together by fewer incidents than this.

    Returns
    -------
    pandas.DataFrame
        One row per pair, ``factor_a`` < ``factor_b`` alphabetically:
        ``incidents`` (citing both), ``jaccard`` (both / either) and ``lift``
        (``N * both / (count_a * count_b)``: 1 when the two are cited
        together as often as chance alone would have it, above 1 when more
        often). Most frequent pairs first, then by tags.

    Examples
    --------
    >>> frame = pd.DataFrame({"factors": [("a", "b"), ("a", "b", "c"), ("a",), ("c",)]})
    >>> factor_cooccurrence(frame)
      factor_a factor_b  incidents   jaccard      lift
    0        a        b          2  0.666667  1.333333
    1        a        c          1  0.250000  0.666667
    2        b        c          1  0.333333  1.000000
    """
    columns = ["factor_a", "factor_b", "incidents", "jaccard", "lift"]
    tags, matrix = _incidence(incidents["factors"])
    if len(tags) < 2:
        return _empty(columns, incidents=np.int64, jaccard=np.float64, lift=np.float64)
    together = matrix.T @ matrix
    single = np.diag(together).astype(np.float64)
    a, b = np.triu_indices(len(tags), k=1)
    both = together[a, b]
    keep = both >= max(min_incidents, 1)
    a, b, both = a[keep], b[keep], both[keep].astype(np.float64)
    out = pd.DataFrame(
        {
            "factor_a": np.asarray(tags, dtype=object)[a],
            "factor_b": np.asarray(tags, dtype=object)[b],
            "incidents": both.astype(np.int64),
            "jaccard": both / (single[a] + single[b] - both),
            "lift": len(incidents) * both / (single[a] * single[b]),
        }
    )
    return out.sort_values(
        ["incidents", "factor_a", "factor_b"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


# --- helpers ------------------------------------------------------------------


def _factor_counts(frame: pd.DataFrame) -> pd.Series:
    exploded = frame["factors"].explode().dropna()
    return exploded.value_counts()


def _incidence(factors: pd.Series) -> tuple[list[str], np.ndarray]:
    """Sorted tags and the incidents x tags 0/1 matrix."""
    exploded = factors.reset_index(drop=True).explode().dropna()
    if exploded.empty:
        return [], np.zeros((len(factors), 0), dtype=np.int64)
    tags = sorted(exploded.unique())
    codes = pd.Categorical(exploded, categories=tags).codes
    matrix = np.zeros((len(factors), len(tags)), dtype=np.int64)
    matrix[exploded.index.to_numpy(), codes] = 1
    return tags, matrix


def _sort(frame: pd.DataFrame, keys: list[str], count: str, tag: str) -> pd.DataFrame:
    return frame.sort_values(
        [*keys, count, tag],
        ascending=[True] * len(keys) + [False, True],
        kind="stable",
        na_position="last",
    ).reset_index(drop=True)


def _empty(columns: list[str], **dtypes: str | type[object]) -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(dtype=dtypes.get(name, object)) for name in columns}, columns=columns
    )
