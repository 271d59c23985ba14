"""Real builds of corpora with planted truth: the dashboard says what the data supports.

Each corpus comes from :func:`pmkb.analytics.synthetic.planted_postmortems`,
written to files and built strictly; the tests read the HTML a reader gets.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pmkb.analytics.changes import months_before
from pmkb.analytics.synthetic import PLANTED_EXTRA, PLANTED_PRIMARY, planted_postmortems

from tests.dashboard.conftest import charts, figure, table
from tests.site.sitebuild import BODY, BuiltSite, build_site, write_project

AS_OF = dt.date(2025, 1, 1)
TAXONOMY = yaml.safe_dump(
    {
        "factors": {
            tag: {"layer": "technical", "description": f"The {tag} factor."}
            for tag in (*PLANTED_PRIMARY, *PLANTED_EXTRA, "undetermined")
        }
    }
)


def planted_files(**options: Any) -> dict[str, str]:
    """The planted corpus as post-mortem files, one per incident."""
    settings = {"as_of": AS_OF, "months": 27, "per_month": 8, **options}
    out = {}
    for pm in planted_postmortems(**settings):
        meta = pm.model_dump(mode="json", exclude_none=True)
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=200)
        started = pm.started_utc.date().isoformat()
        out[f"{started[:4]}/{started}-{pm.id.lower()}.md"] = (
            f"---\n{front}---\n\n{BODY.format(title=pm.title)}"
        )
    return out


def built(folder: Path, **options: Any) -> BuiltSite:
    files = planted_files(**options)
    config = write_project(folder, files, taxonomy=TAXONOMY, plugin={"as_of": AS_OF.isoformat()})
    return build_site(config, strict=True)


def answers(site: BuiltSite, url: str) -> dict[str, Any]:
    """The opening sentences of a page by subject: (text, verdict)."""
    return {
        li.get("data-subject"): (li.text, li.get("data-verdict"))
        for li in site.content(url).find_all("li", cls="pmkb-answer")
    }


def verdicts_anywhere(site: BuiltSite) -> set[str]:
    found = set()
    for page in site.site_dir.glob("dashboard/**/index.html"):
        url = str(page.parent.relative_to(site.site_dir)) + "/"
        found |= {v for _, v in answers(site, url).values() if v}
    return found


@pytest.fixture(scope="module")
def halved(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built(tmp_path_factory.mktemp("halved"), seed=500, ttr_scale_last=(12, 0.5))


def test_a_halved_time_to_resolve_is_said_first(halved: BuiltSite) -> None:
    said = answers(halved, "dashboard/")
    text, verdict = said["ttr"]
    assert verdict == "better"
    assert text.startswith("Time to resolve: median ") and "in the last 12 months against" in text
    assert text.endswith("%).") and ": better (−" in text
    # Each median says how many incidents it is of.
    corpus = planted_postmortems(
        seed=500, as_of=AS_OF, months=27, per_month=8, ttr_scale_last=(12, 0.5)
    )
    start = months_before(AS_OF, 12)
    days = [pm.started_utc.date() for pm in corpus]
    now = sum(1 for d in days if start <= d <= AS_OF)
    before = sum(1 for d in days if months_before(start, 12) <= d < start)
    assert f" of {now} incidents in the last 12 months against " in text
    assert f" of {before} in the 12 months before: " in text
    # Nothing else moved, and nothing else is said to.
    assert {v for s, (_, v) in said.items() if s not in ("ttr", "follow-ups")} <= {
        "no detectable change"
    }
    assert "Rising" not in halved.content("dashboard/factors/").text
    metrics = json.loads((halved.site_dir / "data/metrics.json").read_text())
    claims = {(c["window"], c["subject"]): c for c in metrics["changes"]}
    assert claims[("last-12-months", "ttr")]["verdict"] == "better"
    assert claims[("last-12-months", "ttr")]["ci"][1] < 0


def test_a_dense_corpus_trends_by_month_and_joins_its_points(halved: BuiltSite) -> None:
    # Eight incidents a month: a month holds fewer than ten, a quarter more.
    spec = figure(halved, "dashboard/", "trend-ttr")
    joined = next(t for t in spec["data"] if t["name"].startswith("median ("))
    assert joined["x"][0].endswith("Q4") or "Q" in joined["x"][0]
    assert sum(v is not None for v in joined["y"]) >= 8


@pytest.fixture(scope="module")
def stationary(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built(tmp_path_factory.mktemp("stationary"), seed=3)


def test_a_stationary_corpus_says_nothing_changed_anywhere(stationary: BuiltSite) -> None:
    assert verdicts_anywhere(stationary) <= {"no detectable change", "too few to tell"}
    for page in stationary.site_dir.glob("dashboard/**/index.html"):
        html = page.read_text()
        assert "Rising:" not in html and "Falling:" not in html


def test_a_stationary_corpus_calls_no_repeating_cause_a_pattern(stationary: BuiltSite) -> None:
    """Factors fall on services at random: every pair repeats, none more than chance gives."""
    chart = charts(stationary, "dashboard/recurrence/")["recurring-causes"]
    said = chart.one(cls="pmkb-chart__empty").text
    assert "No factor is cited on a service more often than chance alone can explain" in said
    rows = table(chart)
    assert len(rows) > 10
    assert {r[4] for r in rows} == {"within what chance alone can explain"}


def test_a_pair_cited_twice_as_often_as_expected_is_never_called_as_often(
    tmp_path: Path,
) -> None:
    """A small archive: a pair cited by 4 incidents where 2 were expected is not shown to
    be more than chance, and is not shown to be as often as chance either; no row may
    say "about as often" beside a count twice its expected one."""
    site = built(tmp_path, seed=3, months=27, per_month=1.5)
    chart = charts(site, "dashboard/recurrence/")["recurring-causes"]
    rows = table(chart)
    doubled = [r for r in rows if float(r[2]) >= 2 * float(r[3])]
    assert doubled, "the corpus should hold a pair cited twice as often as expected"
    for r in doubled:
        assert r[4] != "more often than chance"
        assert "as often as" not in r[4], r
    assert "as often as chance" not in chart.one(cls="pmkb-chart__empty").text


def test_a_stationary_corpus_calls_no_fix_a_failure_chance_explains(stationary: BuiltSite) -> None:
    """Factors fall on services at random: a factor comes back on a service after a fix as
    often as chance gives, so no pair is drawn as a fix that did not hold; each is listed."""
    metrics = json.loads((stationary.site_dir / "data/metrics.json").read_text())
    fixes = metrics["recurrence"]["fixes_that_did_not_hold"]["by_service_factor"]
    assert len(fixes) > 5 and not any(r["above_chance"] for r in fixes)
    chart = charts(stationary, "dashboard/recurrence/")["fixes-by-cause"]
    assert not chart.find_all("template", cls="pmkb-chart__spec")
    said = chart.one(cls="pmkb-chart__empty").text
    assert "No factor came back on a service more often than chance alone can explain" in said
    rows = table(chart)
    assert len(rows) == min(len(fixes), 50)
    assert {r[-1] for r in rows} == {"within what chance alone can explain"}


def test_a_planted_cause_is_said_above_chance_with_its_expected_count(
    planted_cause: BuiltSite,
) -> None:
    site = planted_cause
    corpus = planted_postmortems(**{"as_of": AS_OF, "months": 27, "per_month": 8, **PLANTED_CAUSE})
    total = len(corpus)  # every incident names one service and at least one factor
    on_search = sum(1 for pm in corpus if "search" in pm.services)
    citing = sum(1 for pm in corpus if "retry-storm" in pm.contributing_factors)
    both = sum(
        1 for pm in corpus if "search" in pm.services and "retry-storm" in pm.contributing_factors
    )
    expected = on_search * citing / total
    chart = charts(site, "dashboard/recurrence/")["recurring-causes"]
    bars = figure(site, "dashboard/recurrence/", "recurring-causes")["data"]
    assert bars[0]["y"] == ["search · retry-storm"] and bars[0]["x"] == [both]
    assert bars[1]["name"] == "expected by chance" and bars[1]["x"] == [round(expected, 2)]
    rows = table(chart)
    assert rows[0][:5] == [
        "search",
        "retry-storm",
        str(both),
        f"{expected:.1f}",
        "more often than chance",
    ]
    assert {r[4] for r in rows[1:]} == {"within what chance alone can explain"}


def test_a_planted_cause_is_the_only_fix_drawn_as_not_holding(planted_cause: BuiltSite) -> None:
    site = planted_cause
    metrics = json.loads((site.site_dir / "data/metrics.json").read_text())
    pairs = metrics["recurrence"]["fixes_that_did_not_hold"]["by_service_factor"]
    above = [(r["service"], r["factor"]) for r in pairs if r["above_chance"]]
    assert above == [("search", "retry-storm")]
    bars = figure(site, "dashboard/recurrence/", "fixes-by-cause")["data"]
    assert bars[0]["y"] == ["search · retry-storm"]
    rows = table(charts(site, "dashboard/recurrence/")["fixes-by-cause"])
    assert rows[0][0] == "search · retry-storm" and rows[0][-1] == "more often than chance"
    assert {r[-1] for r in rows[1:]} == {"within what chance alone can explain"}


PLANTED_CAUSE = {"seed": 11, "factor_on_service": ("search", "retry-storm", 0.5)}


@pytest.fixture(scope="module")
def planted_cause(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Factors on services at random, but for one factor on one service."""
    return built(tmp_path_factory.mktemp("planted-cause"), **PLANTED_CAUSE)


def test_on_a_phone_a_service_and_factor_label_keeps_both_on_two_lines(
    planted_cause: BuiltSite,
) -> None:
    """Cut to one short line, "search · retry-storm" showed the service and a word:
    the factor, what the bar is about, was gone. On a narrow screen each label takes up to
    two short lines, and the chart grows by a line for each label that does."""
    for key in ("recurring-causes", "fixes-by-cause"):
        spec = figure(planted_cause, "dashboard/recurrence/", key)
        assert "search · retry-storm" in spec["data"][0]["y"]
        narrow = spec["narrow"]
        ticks = dict(zip(narrow["yaxis"]["tickvals"], narrow["yaxis"]["ticktext"]))
        assert ticks["search · retry-storm"].startswith("search ·")
        assert "<br>" in ticks["search · retry-storm"]
        for label, tick in ticks.items():
            lines = tick.split("<br>")
            assert len(lines) <= 2 and all(len(line) <= 16 for line in lines), tick
            assert "".join(lines).replace(" ", "") == label.replace(" ", "") or "…" in tick
        wrapped = sum(1 for tick in ticks.values() if "<br>" in tick)
        assert narrow["height"] == spec["layout"]["height"] + 14 * wrapped


def test_a_tiny_period_says_it_is_too_few_to_test(tmp_path: Path) -> None:
    site = built(tmp_path, seed=0, months=1, per_month=8)  # 8 incidents, 3 pairs repeat
    chart = charts(site, "dashboard/recurrence/")["recurring-causes"]
    said = chart.one(cls="pmkb-chart__empty").text
    assert said.startswith("Too few incidents in this period to tell a recurring cause")
    assert "8 name both a service and a factor, and a test needs 10" in said
    assert len(table(chart)) == 3 and {r[4] for r in table(chart)} == {
        "not tested (too few incidents)"
    }


@pytest.fixture(scope="module")
def degenerate(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Detection copied from the start, one severity, a catch-all factor, no action items."""
    return built(
        tmp_path_factory.mktemp("degenerate"),
        seed=9,
        detected_at_start=0.9,
        severities={"SEV2": 1},
        extra_factors={**PLANTED_EXTRA, "undetermined": 1.0},
        action_items=False,
    )


def test_zero_detection_is_never_a_headline(degenerate: BuiltSite) -> None:
    page = degenerate.content("dashboard/")
    figure_ = page.one("div", data_figure="time to detect")
    assert figure_.one(cls="pmkb-figure__value").text == "not recorded"
    assert "exactly 0 for" in figure_.text and figure_.first("a").get("href") == "../data/quality/"
    assert "trend-ttd" not in charts(degenerate, "dashboard/")
    assert "distribution-ttd" not in charts(degenerate, "dashboard/")
    text, verdict = answers(degenerate, "dashboard/")["ttd"]
    assert text.startswith(
        "Time to detect: not recorded: in the last 12 months, time to detect is exactly 0 for "
    )
    assert verdict is None
    # The home page's figures too.
    home = degenerate.content("").one("div", data_figure="time to detect")
    assert home.one(cls="pmkb-figure__value").text == "not recorded"


def test_one_severity_splits_nothing(degenerate: BuiltSite) -> None:
    bars = figure(degenerate, "dashboard/", "incidents-over-time")["data"]
    assert [t["name"] for t in bars] == ["incidents"]
    text, _ = answers(degenerate, "dashboard/")["sev1-2"]
    assert text.startswith("SEV1 and SEV2 incidents: nothing to compare: every one of the ")
    assert "all SEV2" in degenerate.content("dashboard/").one("div", data_figure="incidents").text


def test_a_catch_all_factor_names_nothing(degenerate: BuiltSite) -> None:
    top = figure(degenerate, "dashboard/factors/", "top-factors")["data"]
    assert "undetermined" not in {y for t in top for y in t["y"]}
    note = charts(degenerate, "dashboard/factors/")["top-factors"].one(cls="pmkb-chart__note")
    assert note.text.startswith("Left out: undetermined is cited by 100% of the ")
    graph = json.loads((degenerate.site_dir / "data/graph.json").read_text())
    # Cited by all, it is cited with anything exactly as often as chance would: no cluster.
    assert all("undetermined" not in c["name"] for c in graph["clusters"])


def test_no_action_items_is_no_good_news(degenerate: BuiltSite) -> None:
    fixes = charts(degenerate, "dashboard/recurrence/")["fixes-by-cause"]
    empty = fixes.one(cls="pmkb-chart__empty").text
    assert empty.startswith("Cannot tell: not one of the ") and "No fix failed" not in empty
    figure_ = degenerate.content("dashboard/").one("div", data_figure="action items")
    assert figure_.one(cls="pmkb-figure__value").text == "not recorded"


def test_the_quality_page_lists_every_flag_with_its_incidents(degenerate: BuiltSite) -> None:
    metrics = json.loads((degenerate.site_dir / "data/metrics.json").read_text())
    flags = metrics["data_quality"]["flags"]
    assert {(f["field"], f["flag"]) for f in flags} == {
        ("ttd", "placeholder"),
        # Acknowledgement is measured from the copied detection.
        ("tta", "placeholder"),
        ("severity", "constant"),
        ("factors", "dominant"),
        ("action_items", "absent"),
    }
    page = degenerate.content("data/quality/")
    sections = page.find_all("section", cls="pmkb-quality__flag")
    assert [(s.get("data-field"), s.get("data-flag")) for s in sections] == [
        (f["field"], f["flag"]) for f in flags
    ]
    placeholder = sections[0]
    linked = [a.text for a in placeholder.find_all("a") if a.text.startswith("PM-")]
    expected = next(f for f in flags if f["flag"] == "placeholder")["incidents"]
    assert len(linked) == expected > 0
    assert placeholder.first("a").get("href").startswith("../../incidents/pm-")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Thirty years, a handful of incidents a year."""
    return built(tmp_path_factory.mktemp("archive"), seed=30, months=360, per_month=0.3)


def test_a_thirty_year_sparse_archive_is_drawn_by_year(archive: BuiltSite) -> None:
    bars = figure(archive, "dashboard/", "incidents-over-time")["data"]
    years = bars[0]["x"]
    assert years[0] >= "1995" and len(years) <= 31 and all(len(y) == 4 for y in years)
    trend = figure(archive, "dashboard/", "trend-ttr")["data"]
    joined = next(t for t in trend if t["name"].startswith("median ("))
    alone = next(t for t in trend if t["name"].startswith("median of fewer"))
    # A year holds three or four: no point joined, each with its count.
    assert all(v is None for v in joined["y"])
    assert all(t.startswith("n=") for t, v in zip(alone["text"], alone["y"]) if v is not None)
    text, verdict = answers(archive, "dashboard/")["ttr"]
    assert verdict == "too few to tell" and "a claim needs 10 on each side" in text


def test_a_flag_raised_in_the_last_quarter_alone_lists_its_incidents(tmp_path: Path) -> None:
    # A tool that began copying `started` into `detected` three months ago: across seven
    # years the zeros are too few to flag the archive, but the last quarter is all zeros.
    since = AS_OF - dt.timedelta(days=80)
    files = {}
    copied = []
    for pm in planted_postmortems(seed=11, as_of=AS_OF, months=84, per_month=10):
        if pm.started_utc.date() >= since:
            timeline = pm.timeline.model_copy(update={"detected": pm.timeline.started})
            pm = pm.model_copy(update={"timeline": timeline})
            copied.append(pm.id)
        meta = pm.model_dump(mode="json", exclude_none=True)
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=200)
        started = pm.started_utc.date().isoformat()
        files[f"{started[:4]}/{started}-{pm.id.lower()}.md"] = (
            f"---\n{front}---\n\n{BODY.format(title=pm.title)}"
        )
    config = write_project(tmp_path, files, taxonomy=TAXONOMY, plugin={"as_of": AS_OF.isoformat()})
    site = build_site(config, strict=True)
    metrics = json.loads((site.site_dir / "data/metrics.json").read_text())
    assert ("ttd", "placeholder") not in {
        (f["field"], f["flag"]) for f in metrics["data_quality"]["flags"]
    }
    assert 10 <= len(copied) <= 0.04 * 84 * 10
    page = site.content("data/quality/")
    recent = [
        s
        for s in page.find_all("section", cls="pmkb-quality__flag")
        if s.get("data-period") == "Last quarter" and s.get("data-field") == "ttd"
    ]
    assert len(recent) == 1 and recent[0].get("data-flag") == "placeholder"
    linked = {a.text for a in recent[0].find_all("a") if a.text.startswith("PM-")}
    assert linked == set(copied)


def test_a_p90_is_given_from_ten_values_on(halved: BuiltSite, tmp_path: Path) -> None:
    """The headline's 90th percentile follows the trend charts' rule: from ten values."""
    figures = halved.content("dashboard/").find_all(cls="pmkb-figure__detail")
    assert figures[1].text.startswith("p90 ") and " · n = " in figures[1].text
    # Three incidents in the last quarter: their largest value is no 90th percentile.
    few = built(tmp_path, seed=501, months=4, per_month=1)
    content = few.content("dashboard/last-quarter/")
    n = int(content.one(cls="pmkb-dashboard__scope").text.split(": ")[1].split(" ")[0])
    assert n < 10
    for figure_ in content.find_all(cls="pmkb-figure"):
        if figure_.get("data-figure") in ("time to detect", "time to resolve"):
            detail = figure_.one(cls="pmkb-figure__detail").text
            assert detail.startswith("p90 not shown: fewer than 10 values · n = "), detail


def test_incidents_after_the_as_of_date_are_left_out_and_named(tmp_path: Path) -> None:
    """Two months of the corpus start after the as-of date: a typed year, or a build
    dated in the past. They are in no figure or chart, and the data-quality checks name them."""
    later = dt.date(2025, 3, 1)
    corpus = planted_postmortems(seed=4, as_of=later, months=27, per_month=8)
    after = sorted(pm.id for pm in corpus if pm.started_utc.date() > AS_OF)
    before = [pm for pm in corpus if pm.started_utc.date() <= AS_OF]
    assert len(after) >= 5
    files = planted_files(seed=4, as_of=later)
    config = write_project(tmp_path, files, taxonomy=TAXONOMY, plugin={"as_of": AS_OF.isoformat()})
    site = build_site(config, strict=True)
    metrics = json.loads((site.site_dir / "data/metrics.json").read_text())
    assert metrics["incidents"]["total"] == len(before)
    assert max(r["month"] for r in metrics["incidents"]["by_month"]) <= "2025-01"
    flag = next(f for f in metrics["data_quality"]["flags"] if f["flag"] == "future")
    assert (flag["field"], flag["incidents"]) == ("timeline.started", len(after))
    assert "after the as-of date 2025-01-01" in flag["message"]
    # The data-quality page lists each of them, and each dashboard page says so.
    section = site.content("data/quality/").one(
        "section", data_field="timeline.started", data_flag="future"
    )
    assert sorted(a.text for a in section.find_all("a") if a.text.startswith("PM-")) == after
    for url in ("dashboard/", "dashboard/recurrence/", "dashboard/last-quarter/"):
        box = site.content(url).one(cls="pmkb-withheld")
        assert f"{len(after)} incidents start after the as-of date 2025-01-01" in box.text, url
    bars = figure(site, "dashboard/", "incidents-over-time")["data"]
    assert sum(y for t in bars for y in t["y"]) == len(before)


def test_a_period_without_incidents_does_not_say_no_follow_up_is_overdue(
    tmp_path: Path,
) -> None:
    """The archive ends 105 days before the as-of date: the last quarter has no incident,
    but items of earlier incidents fell due in it and some are still open. "Follow-ups:
    none overdue" there would read as every follow-up on time; the sentence names whose
    follow-ups it counts."""
    files = planted_files(seed=5)
    config = write_project(tmp_path, files, taxonomy=TAXONOMY, plugin={"as_of": "2025-04-15"})
    site = build_site(config, strict=True)
    said = answers(site, "dashboard/last-quarter/action-items/")
    text, _ = said["follow-ups"]
    assert text.startswith("Follow-ups of the incidents that started in the last quarter:")
    assert "none overdue" in text
    overdue_now = json.loads((site.site_dir / "data/metrics.json").read_text())
    assert overdue_now["action_items"]["overall"]["overdue"] > 0
    # All time counts every item: the plain word is right there.
    everything, _ = answers(site, "dashboard/action-items/")["follow-ups"]
    assert everything.startswith("Follow-ups: ")
    assert f"{overdue_now['action_items']['overall']['overdue']:,} overdue" in everything


def test_a_period_without_incidents_does_not_say_every_fix_held(tmp_path: Path) -> None:
    """No incident in the last quarter: nothing came back, and nothing shows a fix held.
    The page says what was seen (no factor came back after a completed fix), not that
    no fix failed."""
    config = write_project(
        tmp_path, planted_files(seed=5), taxonomy=TAXONOMY, plugin={"as_of": "2025-04-15"}
    )
    site = build_site(config, strict=True)
    chart = charts(site, "dashboard/last-quarter/recurrence/")["fixes-by-cause"]
    said = chart.one(cls="pmkb-chart__empty").text
    assert "failed to hold" not in said and "held" not in said
    assert said.startswith("No factor came back on a service after a completed fix")


def test_a_period_s_overdue_figure_and_list_say_whose_items_they_count(
    tmp_path: Path,
) -> None:
    """The archive ends 105 days before the as-of date: the last quarter has no incident, so
    its headline reads "0 overdue" and its list of overdue items is empty, while items of
    earlier incidents are overdue. Like the follow-up sentence beside them, the figure and
    the list say they count the items of the incidents that started in the period."""
    files = planted_files(seed=5)
    config = write_project(tmp_path, files, taxonomy=TAXONOMY, plugin={"as_of": "2025-04-15"})
    site = build_site(config, strict=True)
    overdue_now = json.loads((site.site_dir / "data/metrics.json").read_text())
    assert overdue_now["action_items"]["overall"]["overdue"] > 0
    whose = "of the incidents that started in the last quarter"

    def items_figure(url: str) -> str:
        found = site.content(url).find_all("div", data_figure="action items")
        return found[0].one(cls="pmkb-figure__detail").text

    quarter = items_figure("dashboard/last-quarter/")
    assert quarter.startswith(f"Items {whose}: ") and "0 overdue" in quarter
    sentence, _ = answers(site, "dashboard/last-quarter/")["follow-ups"]
    assert whose in sentence
    # All time counts every item: no scope to name.
    everything = items_figure("dashboard/")
    assert not everything.startswith("Items ")
    assert f"{overdue_now['action_items']['overall']['overdue']:,} overdue" in everything
    page = site.content("dashboard/last-quarter/action-items/")
    listed = page.one("section", id="overdue")
    assert f"open or in-progress items {whose} whose due date" in listed.text
    assert listed.one(cls="pmkb-chart__empty").text == f"No overdue action items {whose}."
    owners = charts(site, "dashboard/last-quarter/action-items/")["overdue-by-owner"]
    assert owners.one(cls="pmkb-chart__empty").text == f"No overdue action items {whose}."


def test_follow_ups_whose_due_date_or_status_is_a_guess_are_not_said_to_be_on_time(
    tmp_path: Path,
) -> None:
    """Imported drafts carry guessed due dates and statuses, marked TODO: no item of
    theirs is counted overdue, and "none overdue" would tell leadership that every
    follow-up is on time. The sentence says how many could be overdue instead."""
    files = planted_files(seed=6)
    could_be = 0
    for n, (name, text) in enumerate(sorted(files.items())):
        front = yaml.safe_load(text.split("---\n")[1])
        items = front.get("action_items") or []
        if n % 2:  # the due date guessed: late for any open or in-progress item
            files[name] = re.sub(r"(?m)^(\s+due: .*)$", r"\1  # TODO: guessed", text)
            could_be += sum(1 for i in items if i["status"] in ("open", "in-progress"))
        else:  # the status guessed: late for any item due before the as-of date
            files[name] = re.sub(r"(?m)^(\s+status: .*)$", r"\1  # TODO: guessed", text)
            could_be += sum(1 for i in items if dt.date.fromisoformat(i["due"]) < AS_OF)
    assert could_be > 0
    config = write_project(tmp_path, files, taxonomy=TAXONOMY, plugin={"as_of": AS_OF.isoformat()})
    site = build_site(config, strict=True)
    text, _ = answers(site, "dashboard/")["follow-ups"]
    assert "none overdue" not in text
    assert text.startswith("Follow-ups: none known to be overdue as of 2025-01-01;")
    assert f"{could_be:,} could be" in text
    metrics = json.loads((site.site_dir / "data/metrics.json").read_text())
    assert metrics["action_items"]["overall"]["overdue"] == 0
    assert metrics["action_items"]["overall"]["overdue_unknown"] == could_be
    # The charts' summaries and the empty overdue list and chart say the same.
    page = "dashboard/action-items/"
    unknown = f"{could_be:,} could be, their due date or status not confirmed"
    found = charts(site, page)
    for key in ("completion-by-quarter", "completion-by-priority"):
        summary = found[key].one(cls="pmkb-chart__summary").text
        assert f"0 overdue in all; {unknown}." in summary, key
    assert found["overdue-by-owner"].one(cls="pmkb-chart__empty").text == (
        f"No overdue action items in this period; {unknown}."
    )
    listed = site.content(page).one("section", id="overdue")
    assert listed.one(cls="pmkb-chart__empty").text == (
        f"No overdue action items in this period; {unknown}."
    )


def test_a_completion_rate_of_some_quarters_only_is_said_to_be_theirs(tmp_path: Path) -> None:
    """Statuses guessed (marked TODO) in every incident before July 2024: those quarters
    give no completion rate, and "completion 40% to 70%" said of all the quarters would
    read as the whole archive's."""
    files = planted_files(seed=7)
    for name, text in files.items():
        if name.split("/")[1] < "2024-07":
            files[name] = re.sub(r"(?m)^(\s+status: .*)$", r"\1  # TODO: guessed", text)
    config = write_project(tmp_path, files, taxonomy=TAXONOMY, plugin={"as_of": AS_OF.isoformat()})
    site = build_site(config, strict=True)
    chart = charts(site, "dashboard/action-items/")["completion-by-quarter"]
    rows = [[td.text for td in tr.find_all("td")] for tr in chart.first("tbody").find_all("tr")]
    rated = [row[0] for row in rows if row[-1] != "–"]
    assert 1 < len(rated) < len(rows)
    assert all(quarter >= "2024Q3" for quarter in rated), rated
    summary = chart.one(cls="pmkb-chart__summary").text
    assert (
        f"(in {len(rated)} quarters; the other {len(rows) - len(rated)} quarters give no rate)"
        in (summary)
    )
