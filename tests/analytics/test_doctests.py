"""The examples in the analytics' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pmkb.analytics
import pytest

MODULES = sorted(m.name for m in pkgutil.iter_modules(pmkb.analytics.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"pmkb.analytics.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0


def test_every_public_function_has_an_example():
    missing = []
    for name in pmkb.analytics.__all__:
        obj = getattr(pmkb.analytics, name)
        if callable(obj) and not isinstance(obj, type) and ">>>" not in (obj.__doc__ or ""):
            missing.append(name)
    # Thin writers whose output is shown by their siblings' examples.
    assert sorted(missing) == [
        "action_items_csv",
        "export_files",
        "graph_json",
        "metrics_json",
        "write_exports",
    ]
