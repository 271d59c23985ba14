from __future__ import annotations

import json
from typing import Any

import pytest

from tests.dashboard import corpus
from tests.site.dom import Element
from tests.site.sitebuild import BuiltSite, build_site, write_project


@pytest.fixture(scope="session")
def dash(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The dashboard corpus, with its restricted post-mortem, built strictly for internal readers."""
    folder = tmp_path_factory.mktemp("dashboard")
    return build_site(write_project(folder, corpus.files()), strict=True)


def charts(site: BuiltSite, url: str) -> dict[str, Element]:
    """The chart figures of a page, by their id."""
    return {
        f.get("id") or "": f for f in site.content(url).find_all("figure", data_pmkb_chart=True)
    }


def figure(site: BuiltSite, url: str, key: str) -> dict[str, Any]:
    """The Plotly figure (data and layout) of chart ``key`` on page ``url``, as the page holds it."""
    spec = charts(site, url)[key].one("template", cls="pmkb-chart__spec")
    return json.loads(spec.text)


def table(element: Element) -> list[list[str]]:
    """Body rows of the first table in ``element``, as cell texts."""
    body = element.first("table").first("tbody")
    return [[td.text for td in tr.find_all("td")] for tr in body.find_all("tr")]


def traces(site: BuiltSite, url: str, key: str) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in figure(site, url, key)["data"]}
