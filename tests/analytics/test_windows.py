"""Each window a figure or a claim uses is checked on its own incidents.

A tool that copies ``started`` into ``detected`` for the recent incidents only
must not pass for faster detection; an archive that starts inside the
baseline, or stopped being written, must not pass for a change of rate.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from pmkb.analytics import analyse
from pmkb.analytics.changes import Change, Verdict, claims_of_change, months_before
from pmkb.analytics.frame import action_items_frame, incidents_frame
from pmkb.analytics.synthetic import planted_postmortems
from pmkb.model import PostMortem
from pmkb_mkdocs.headline_figures import figures_from_metrics

AS_OF = dt.date(2025, 1, 1)
QUARTER = months_before(AS_OF, 3)


def planted(**options: object) -> list[PostMortem]:
    settings: dict[str, object] = {"as_of": AS_OF, "months": 27, "per_month": 8, **options}
    return planted_postmortems(**settings)  # type: ignore[arg-type]


def detected_at_start_since(corpus: list[PostMortem], day: dt.date) -> list[PostMortem]:
    """The corpus with ``detected`` copied from ``started`` for every incident from ``day`` on."""
    out = []
    for pm in corpus:
        if pm.started_utc.date() >= day:
            timeline = pm.timeline.model_copy(update={"detected": pm.timeline.started})
            pm = pm.model_copy(update={"timeline": timeline})
        out.append(pm)
    return out


def claim(found: tuple[Change, ...], window: str, subject: str) -> Change:
    return next(c for c in found if (c.window, c.subject) == (window, subject))


def claims_of(corpus: list[PostMortem]) -> tuple[Change, ...]:
    return claims_of_change(incidents_frame(corpus), action_items_frame(corpus, AS_OF), as_of=AS_OF)


def test_placeholders_in_the_last_quarter_only_make_no_claim() -> None:
    found = claims_of(detected_at_start_since(planted(seed=7), QUARTER))
    for window, label in (
        ("last-quarter", "the last quarter"),
        ("last-12-months", "the last 12 months"),
    ):
        ttd = claim(found, window, "ttd")
        assert (ttd.verdict, ttd.flag, ttd.p_value) == (Verdict.TOO_FEW, "placeholder", None)
        assert ttd.reason is not None and ttd.reason.startswith(f"in {label}, time to detect")
        # Acknowledgement is measured from the copied detection: withheld the same way.
        tta = claim(found, window, "tta")
        assert (tta.verdict, tta.flag) == (Verdict.TOO_FEW, "placeholder")
        assert "measured from timeline.detected" in (tta.reason or "")
    # Mitigation and resolution run from the start, which nobody copied.
    assert claim(found, "last-quarter", "ttr").flag is None


def test_placeholders_in_the_baseline_only_make_no_claim_either() -> None:
    found = claims_of(
        [
            pm
            for pm in detected_at_start_since(planted(seed=8), months_before(AS_OF, 24))
            if pm.started_utc.date() < months_before(AS_OF, 12)
        ]
        + [pm for pm in planted(seed=8) if pm.started_utc.date() >= months_before(AS_OF, 12)]
    )
    ttd = claim(found, "last-12-months", "ttd")
    assert ttd.flag == "placeholder"
    assert (ttd.reason or "").startswith("in the 12 months before, time to detect")


def test_a_period_page_checks_its_own_durations() -> None:
    # Ten years at eight a month: the last quarter's zeros are 2.5 % of the archive.
    corpus = detected_at_start_since(planted(seed=9, months=120), QUARTER)
    result = analyse(corpus, as_of=AS_OF, audience=None)
    assert result.quality.flag("ttd", "placeholder") is None
    assert figures_from_metrics(result.metrics).ttd.withheld is None
    quarter = result.period("last-quarter")
    flag = quarter.quality.flag("ttd", "placeholder")
    assert flag is not None and flag.share == 1.0
    assert quarter.quality.flag("tta", "placeholder") is not None
    figures = figures_from_metrics(quarter.metrics)
    assert figures.ttd.withheld == "not recorded" and "exactly 0 for 100%" in (
        figures.ttd.reason or ""
    )
    # Factors and severity stay the archive's: a quarter is no default.
    assert {f.field for f in quarter.quality.flags} == {"ttd", "tta"}


def test_an_archive_that_starts_inside_the_baseline_compares_no_counts() -> None:
    # Eighteen months of incidents: the 12 months before the last 12 are half recorded.
    found = claims_of(planted(seed=10, months=18))
    for subject in ("incidents", "sev1-2"):
        count = claim(found, "last-12-months", subject)
        assert (count.verdict, count.flag, count.p_value) == (Verdict.TOO_FEW, "coverage", None)
        assert (count.reason or "").startswith("the archive starts on 2023-0")
        assert "inside the 12 months before" in (count.reason or "")
    # The last quarter's baseline (the 15 months back) is covered.
    assert claim(found, "last-quarter", "incidents").flag is None
    # Durations are left to the sample-size rule: the recorded months are no less typical.
    assert claim(found, "last-12-months", "ttr").flag is None


def test_an_archive_covering_both_windows_is_compared() -> None:
    found = claims_of(planted(seed=10, months=24))
    for window in ("last-12-months", "last-quarter"):
        count = claim(found, window, "incidents")
        assert count.flag is None and count.p_value is not None


def test_an_archive_no_longer_written_compares_no_counts() -> None:
    stopped = [pm for pm in planted(seed=11) if pm.started_utc.date() < dt.date(2024, 9, 1)]
    found = claims_of(stopped)
    for window in ("last-12-months", "last-quarter"):
        count = claim(found, window, "incidents")
        assert (count.verdict, count.flag) == (Verdict.TOO_FEW, "coverage")
        assert "latest incident started on 2024-08-" in (count.reason or "")
    # A quiet week at the end is what a steady pace gives: still compared.
    quiet = [pm for pm in planted(seed=11) if pm.started_utc.date() < dt.date(2024, 12, 25)]
    assert claim(claims_of(quiet), "last-12-months", "incidents").flag is None


def test_coverage_is_in_the_json_as_a_flag_with_its_reason() -> None:
    found = claims_of(planted(seed=10, months=18))
    data = claim(found, "last-12-months", "incidents").as_json()
    assert data["flag"] == "coverage" and data["reason"].startswith("the archive starts on")
    assert isinstance(pd.Timestamp(data["baseline"]["from"]), pd.Timestamp)


def test_an_archive_with_months_missing_inside_the_baseline_compares_no_counts() -> None:
    """Six a month all along, but April to December 2023 never imported: the 12 months
    before hold a quarter of what happened, which is no fall in the rate."""
    corpus = [
        pm
        for pm in planted(seed=12, months=36, per_month=6)
        if not dt.date(2023, 4, 1) <= pm.started_utc.date() < dt.date(2024, 1, 1)
    ]
    found = claims_of(corpus)
    for subject in ("incidents", "sev1-2"):
        count = claim(found, "last-12-months", subject)
        assert (count.verdict, count.flag, count.p_value) == (Verdict.TOO_FEW, "coverage", None)
        assert (count.reason or "").startswith("no incident is recorded between 2023-03-")
        assert "inside the 12 months before" in (count.reason or "")
    # Durations are left to the sample-size rule, as for the archive's ends.
    assert claim(found, "last-12-months", "ttr").flag is None


def test_the_quiet_stretches_a_steady_pace_leaves_are_mostly_still_compared() -> None:
    """Each side of a count is withheld for a stretch a steady pace leaves one time in a
    hundred: in 20 steady archives, large and small, nearly every count is compared."""
    withheld = 0
    for seed in range(100, 120):
        for per_month in (1.5, 8):
            found = claims_of(planted(seed=seed, per_month=per_month))
            for window in ("last-12-months", "last-quarter"):
                withheld += claim(found, window, "incidents").flag == "coverage"
    assert withheld <= 6  # measured: 4 of 80, both rules together
