"""What the dashboard's sentences say of unconfirmed values, the open data holds too.

A planted corpus is written to files and some of its values are marked TODO, as an
importer marks its guesses: severities, every factor of some incidents, the status
of some action items. The counts of them are worked out from the files here, and the
build must both say them and carry them in ``metrics.json`` (and document the key).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
import yaml
from pmkb.analytics.changes import months_before

from tests.dashboard.conftest import charts
from tests.dashboard.test_truth import AS_OF, TAXONOMY, answers, planted_files
from tests.site.sitebuild import BuiltSite, build_site, write_project

NOTE = "  # TODO: guessed by the importer; check it"


def _split(text: str) -> tuple[str, str]:
    head, _, body = text.removeprefix("---\n").partition("\n---\n")
    return head, body


def _mark(text: str, keep: Any) -> str:
    """``text`` with a TODO note on each frontmatter line ``keep(section, line)`` accepts;
    ``section`` is the top-level key the line is under."""
    head, body = _split(text)
    out, section = [], ""
    for line in head.split("\n"):
        if line and not line.startswith((" ", "-")):
            section = line.split(":", 1)[0]
        out.append(line + NOTE if keep(section, line) else line)
    return "---\n" + "\n".join(out) + "\n---\n" + body


def marked_corpus() -> tuple[dict[str, str], dict[str, set[str]]]:
    """The planted files, a few of them with guesses marked, and which (by id)."""
    # A factor planted to rise in the last 12 months: the page says "Rising" of it.
    files = planted_files(seed=600, factor_share_last=(12, "retry-storm", 0.35))
    marked: dict[str, set[str]] = {"severity": set(), "factors": set(), "status": set()}
    for index, (path, text) in enumerate(sorted(files.items())):
        pm_id = yaml.safe_load(_split(text)[0])["id"]
        which = ("severity", "factors", "status", None)[index % 4]
        if which == "severity":
            files[path] = _mark(text, lambda s, line: line.startswith("severity:"))
        elif which == "factors":
            files[path] = _mark(text, lambda s, line: s == "contributing_factors" and "- " in line)
        elif which == "status":
            # Only items not done: a done item's completion date stays consistent.
            files[path] = _mark(
                text, lambda s, line: line.strip() in ("status: open", "status: in-progress")
            )
        else:
            continue
        marked[which].add(pm_id)
    return files, marked


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, dict[str, Any]]:
    files, marked = marked_corpus()
    folder = tmp_path_factory.mktemp("unconfirmed")
    config = write_project(folder, files, taxonomy=TAXONOMY, plugin={"as_of": AS_OF.isoformat()})
    built = build_site(config, strict=True)
    frontmatter = [yaml.safe_load(_split(text)[0]) for text in files.values()]
    return built, {"marked": marked, "frontmatter": frontmatter}


def _windows() -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    start = months_before(AS_OF, 12)
    return (start, AS_OF), (months_before(start, 12), start - dt.timedelta(days=1))


def _started(meta: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(str(meta["timeline"]["started"])[:10])


def _claim(site: BuiltSite, subject: str) -> dict[str, Any]:
    metrics = json.loads((site.site_dir / "data/metrics.json").read_text())
    return next(
        c for c in metrics["changes"] if (c["window"], c["subject"]) == ("last-12-months", subject)
    )


def _in_windows(meta: dict[str, Any], marked: set[str]) -> list[int]:
    """1 for each window (now, before) the incident started in when its id is ``marked``."""
    return [
        int(meta["id"] in marked and first <= _started(meta) <= last) for first, last in _windows()
    ]


def _incidents_marked(truth: dict[str, Any], which: str) -> list[int]:
    rows = [_in_windows(meta, truth["marked"][which]) for meta in truth["frontmatter"]]
    return [sum(row[0] for row in rows), sum(row[1] for row in rows)]


def test_unconfirmed_severities_said_are_in_the_open_data(
    site: tuple[BuiltSite, dict[str, Any]],
) -> None:
    """The archive ends a month before the as-of date, so the count is not compared: the
    recent count of SEV1 and SEV2 is of confirmed severities, and says how many others."""
    built, truth = site
    counts = _incidents_marked(truth, "severity")
    assert counts[0] and counts[1]
    text, _ = answers(built, "dashboard/")["sev1-2"]
    assert "not compared" in text
    assert f"besides {counts[0]} incidents whose severity is not confirmed" in text
    assert _claim(built, "sev1-2")["unconfirmed"] == {"current": counts[0], "baseline": counts[1]}
    # A claim with nothing unconfirmed says so in the data.
    assert _claim(built, "incidents")["unconfirmed"] is None
    _documented(built)


def _documented(built: BuiltSite) -> None:
    """The key is documented where the files are."""
    data_page = built.content("data/")
    row = next(
        tr
        for tr in data_page.find_all("tr")
        if tr.find_all("td") and tr.find_all("td")[0].text == "changes"
    )
    assert re.search(r"unconfirmed.*marked TODO", row.text)


def test_incidents_with_no_confirmed_factor_are_said_and_in_the_open_data(
    site: tuple[BuiltSite, dict[str, Any]],
) -> None:
    """The factor shares are of the incidents citing a confirmed factor: the sentence and
    the chart's summary say so and how many are left out, and the data holds the count."""
    built, truth = site
    counts = _incidents_marked(truth, "factors")
    assert counts[0] and counts[1]
    said, _ = answers(built, "dashboard/factors/")["factor:retry-storm"]
    assert said.startswith("Rising: retry-storm")
    assert f"besides {counts[0]} and {counts[1]} incidents with no confirmed factor" in said
    claim = _claim(built, "factor:retry-storm")
    assert claim["unconfirmed"] == {"current": counts[0], "baseline": counts[1]}
    every = _claim(built, "incidents")
    assert claim["current"]["n"] == every["current"]["n"] - counts[0]
    assert f" of the {claim['current']['n']} incidents of the last 12 months " in said
    _documented(built)
    # The chart of every factor's share says the same of its incidents.
    chart = charts(built, "dashboard/factors/")["factor-changes"]
    summary = chart.one(cls="pmkb-chart__summary").text
    assert (
        f"the last 12 months ({claim['current']['n']} incidents citing a confirmed factor)"
        in summary
    )
    assert f"{counts[0]} and {counts[1]} incidents with no confirmed factor left out" in summary


def test_items_due_with_no_confirmed_status_are_said_and_in_the_open_data(
    site: tuple[BuiltSite, dict[str, Any]],
) -> None:
    """Items due whose status is marked TODO are in neither share of late follow-ups."""
    built, truth = site
    (start, end), (first, last) = _windows()
    counts = [0, 0]
    for meta in truth["frontmatter"]:
        if meta["id"] not in truth["marked"]["status"]:
            continue
        for item in meta.get("action_items") or []:
            due = dt.date.fromisoformat(str(item["due"]))
            if item["status"] not in ("open", "in-progress") or due >= AS_OF:
                continue
            counts[0] += start <= due <= end
            counts[1] += first <= due <= last
    assert counts[0] and counts[1]
    said, _ = answers(built, "dashboard/action-items/")["action-items-overdue"]
    assert f"besides {counts[0]} and {counts[1]} items due whose status is not confirmed" in said
    claim = _claim(built, "action-items-overdue")
    assert claim["unconfirmed"] == {"current": counts[0], "baseline": counts[1]}
    _documented(built)


def test_the_top_factors_are_not_said_to_be_cited_by_every_incident(
    site: tuple[BuiltSite, dict[str, Any]],
) -> None:
    """Incidents whose every factor is marked TODO cite no factor that counts: the chart's
    summary says how many, and /data/ holds it (the factors field's ``recorded``)."""
    built, truth = site
    total = len(truth["frontmatter"])
    none_confirmed = len(truth["marked"]["factors"])
    chart = charts(built, "dashboard/factors/")["top-factors"]
    summary = chart.one(cls="pmkb-chart__summary").text
    assert f"cited by {total} incidents" not in summary
    assert f"in {total} incidents, {none_confirmed} of which cite no confirmed factor" in summary
    metrics = json.loads((built.site_dir / "data/metrics.json").read_text())
    assert metrics["data_quality"]["fields"]["factors"]["recorded"] == total - none_confirmed


def test_a_duration_s_median_of_unconfirmed_severities_is_named_in_words(
    site: tuple[BuiltSite, dict[str, Any]],
) -> None:
    built, truth = site
    unknown = len(truth["marked"]["severity"])
    chart = charts(built, "dashboard/")["distribution-ttr"]
    summary = chart.one(cls="pmkb-chart__summary").text
    assert "None" not in summary
    assert re.search(rf"unknown severity median [^;]+ \(n = {unknown}\)", summary)
