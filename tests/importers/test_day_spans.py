"""An impact told only as a span of days ("Between October 9 and October 23, 2025, some uploads
failed") gives the start and the end of impact as dates, each a guess quoting the sentence."""

from __future__ import annotations

import pytest
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

from tests.importers.conftest import corpus_taxonomy


def _keys(
    summary: str, extra: str = "", name: str = "2025-10-30-asset-uploads.md"
) -> dict[str, tuple[str, str, str]]:
    text = (
        "# Upload failures in the asset store\n\n## Summary\n\n" + summary + "\n\n"
        "## Root cause\n\nA retry budget in the asset gateway was set to zero.\n\n"
        + extra
        + "## Action items\n\n- Add a retry budget check to the gateway deploy (assets-team)\n"
    )
    draft = draft_from_markdown(text.encode(), name, MarkdownOptions(corpus_taxonomy()))
    return {
        key: (f"{value.value:%Y-%m-%d %H:%M}", value.how, value.note)
        for key, value in draft.timeline.items()
        if value.how != "missing"
    }


def test_a_span_of_days_gives_the_start_and_the_end_of_impact_as_guesses() -> None:
    sentence = "Between October 9 and October 23, 2025, some uploads to the asset store failed."
    keys = _keys(sentence)
    assert keys["started"][:2] == ("2025-10-09 00:00", "guessed")
    assert keys["mitigated"][:2] == ("2025-10-23 00:00", "guessed")
    for key in ("started", "mitigated"):
        assert '"Between October 9 and October 23, 2025, some' in keys[key][2], key


def test_a_span_of_bare_days_takes_the_month_and_year_of_its_last_day() -> None:
    keys = _keys("From 3 to 5 March 2024 the thumbnail sync job dropped one upload in ten.")
    assert keys["started"][0] == "2024-03-03 00:00"
    assert keys["mitigated"][0] == "2024-03-05 00:00"


@pytest.mark.parametrize(
    "sentence",
    [
        "Between December 28, 2024 and January 3, 2025, some uploads failed.",
        "Between December 28 and January 3, 2025, some uploads failed.",
        "From Dec 28 - Jan 3, 2025, some uploads failed.",
        "From 28 December to 3 January 2025 some uploads failed.",
    ],
)
@pytest.mark.parametrize("name", ["2025-01-06-asset-uploads.md", "asset-uploads.md"])
def test_a_span_across_a_years_end_starts_in_the_year_before(sentence: str, name: str) -> None:
    # With the year written once, at the end, the first day is in the year before the last:
    # whether the file name dates the report or the span is the only date the source gives.
    keys = _keys(sentence, name=name)
    assert keys["started"][0] == "2024-12-28 00:00"
    assert keys["mitigated"][0] == "2025-01-03 00:00"


def test_a_span_is_midnight_in_the_stated_zone() -> None:
    keys = _keys(
        "All times in CET.\n\nBetween 3 March 2024 and 5 March 2024 thumbnails failed to render."
    )
    assert keys["started"][0] == "2024-03-02 23:00"
    assert keys["mitigated"][0] == "2024-03-04 23:00"


def test_the_responders_work_and_plans_state_no_impact() -> None:
    for sentence in (
        "Between October 9 and October 23, 2025, the team rebuilt the upload index.",
        "Between October 9 and October 23, 2025 we audited every retry budget.",
        "We audited every retry budget from October 9 to October 23, 2025.",
        "From 3 to 5 November 2025 we will move uploads to the new gateway.",
    ):
        keys = _keys("Uploads to the asset store failed for some customers. " + sentence)
        assert "span" not in keys["started"][2], sentence
        assert "mitigated" not in keys, sentence


def test_times_in_the_rows_beat_a_span_of_days() -> None:
    keys = _keys(
        "Between October 9 and October 23, 2025, some uploads failed.",
        "## Timeline\n\n- 2025-10-09 14:05 UTC Upload errors climb\n"
        "- 2025-10-23 09:30 UTC Retry budget restored, uploads succeed\n\n",
    )
    assert keys["started"][0] == "2025-10-09 14:05"
    assert keys["mitigated"][0] == "2025-10-23 09:30"


@pytest.mark.parametrize(
    "month", ["Date: January 2025", "Month: January 2025", "Date: December 2024"]
)
@pytest.mark.parametrize(
    "sentence",
    [
        "Between Dec 28 and Jan 3, some exports failed.",
        "From 28 December to 3 January exports failed.",
    ],
)
def test_a_span_with_no_year_across_a_years_end_in_a_report_dated_by_its_month(
    month: str, sentence: str
) -> None:
    # Neither day has a year; the report's month line is the only year the source gives: the
    # span is the one nearest that month, and it dates the rows that give only a time.
    text = (
        f"# Ledger exports failing\n\n{month}\n\n## Summary\n\n{sentence}\n\n"
        "## Timeline\n\n- 09:10 UTC Export workers time out on the table lock\n"
        "- 09:40 UTC Finance team reports failed exports\n\n"
        "## Action items\n\n- Let the archiving job release its lock (ledger-team)\n"
    )
    draft = draft_from_markdown(text.encode(), "ledger.md", MarkdownOptions(corpus_taxonomy()))
    assert f"{draft.timeline['started'].value:%Y-%m-%d %H:%M}" == "2024-12-28 09:10"
    assert f"{draft.timeline['detected'].value:%Y-%m-%d %H:%M}" == "2024-12-28 09:40"
    keys = _keys(sentence, extra=f"{month}\n\n", name="ledger-exports.md")
    assert keys["started"][0] == "2024-12-28 00:00"
    assert keys["mitigated"][0] == "2025-01-03 00:00"
