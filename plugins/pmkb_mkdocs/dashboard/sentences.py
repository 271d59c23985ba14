"""The sentences a dashboard page opens with, made from the claims of change.

Each says what the data supports and no more: a figure, what it is compared
with, the verdict of :func:`pmkb.analytics.changes.claims_of_change` and, for
``better`` or ``worse``, the 95 % interval of the change. A measure flagged by
the data-quality checks gets the flag's reason instead of a figure; a count
whose windows the archive does not cover gets its recent figure and why it is
not compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmkb.analytics.changes import Change, Verdict, Window

from pmkb_mkdocs.dashboard.chart_spec import minutes_text
from pmkb_mkdocs.formatting import plural

#: Subject -> how a sentence names it.
SUBJECT_NAMES = {
    "incidents": "Incidents",
    "sev1-2": "SEV1 and SEV2 incidents",
    "ttd": "Time to detect",
    "tta": "Time to acknowledge",
    "ttm": "Time to mitigate",
    "ttr": "Time to resolve",
    "action-items-overdue": "Follow-ups due",
}
#: What a claim's ``n`` counts, per subject (factors: incidents).
SAMPLE_UNITS = {
    "incidents": "incidents",
    "sev1-2": "SEV1 and SEV2 incidents",
    **{m: "incidents with a value" for m in ("ttd", "tta", "ttm", "ttr")},
    "action-items-overdue": "items due",
}
#: The same for one.
SAMPLE_UNITS_ONE = {
    "incidents": "incident",
    "sev1-2": "SEV1 or SEV2 incident",
    **{m: "incident with a value" for m in ("ttd", "tta", "ttm", "ttr")},
    "action-items-overdue": "item due",
}
MINUS = "\u2212"


@dataclass(frozen=True)
class Sentence:
    """One sentence of a page's opening: its words, its verdict, where to read more."""

    text: str
    #: ``better``, ``worse``, ``no detectable change``, ``too few to tell``; None for a fact.
    verdict: str | None = None
    #: A link to the data-quality page, for a flagged measure.
    href: str | None = None
    #: The subject, for a reader (and a test) that wants to find one sentence.
    subject: str = ""

    @property
    def css(self) -> str:
        return (self.verdict or "fact").replace(" ", "-")


def relative_text(value: float) -> str:
    """``+12%``, ``−56%`` (a true minus sign).

    >>> relative_text(-0.5604), relative_text(0.12), relative_text(0.0)
    ('−56%', '+12%', '0%')
    """
    percent = round(value * 100)
    if percent == 0:
        return "0%"
    return f"{'+' if percent > 0 else MINUS}{abs(percent)}%"


def points_text(value: float) -> str:
    """``+15 pts``, ``−3 pts``: a difference of shares in percentage points.

    >>> points_text(0.153), points_text(-0.03)
    ('+15 pts', '−3 pts')
    """
    points = round(value * 100)
    if points == 0:
        return "0 pts"
    return f"{'+' if points > 0 else MINUS}{abs(points)} pts"


def interval_text(change: Change) -> str:
    """The 95 % interval of a change, ``−56% to −35%`` or ``+15 to +38 pts``."""
    if change.ci is None:
        return ""
    low, high = change.ci
    if change.unit == "points":
        return f"{points_text(low).removesuffix(' pts')} to {points_text(high)}"
    return f"{relative_text(low)} to {relative_text(high)}"


def _value(change: Change, value: float | None) -> str:
    if value is None:
        return "–"
    if change.subject in ("incidents", "sev1-2"):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if change.unit == "points":
        return f"{value * 100:.0f}%"
    return minutes_text(value)


def _verdict_text(change: Change, min_sample: int, comparisons: int) -> str:
    verdict = change.verdict
    if verdict in (Verdict.BETTER, Verdict.WORSE):
        return f"{verdict.value} ({interval_text(change)})"
    if verdict is Verdict.NO_CHANGE:
        if change.ci is None:
            return str(verdict.value)
        if change.ci[0] > 0 or change.ci[1] < 0:
            # Remarkable alone, not among all the comparisons made: say both.
            return (
                f"{verdict.value} once corrected for the {comparisons:,} comparisons made "
                f"({interval_text(change)} on its own)"
            )
        return f"{verdict.value} ({interval_text(change)})"
    fewer = min(change.current.n, change.baseline.n)
    if fewer < min_sample:
        unit = SAMPLE_UNITS.get(change.subject, "incidents")
        if fewer == 1:
            unit = SAMPLE_UNITS_ONE.get(change.subject, "incident")
        side = "now" if change.current.n <= change.baseline.n else "before"
        return (
            f"{verdict.value} ({fewer:,} {unit} {side}; a claim needs {min_sample:,} on each side)"
        )
    return f"{verdict.value} (no interval can be computed)"


def withheld_head(flag: str, share: float) -> str:
    """What a page says in place of a flagged measure's figure.

    >>> withheld_head("placeholder", 0.9), withheld_head("sparse", 0.18)
    ('not recorded', 'recorded for 18% only')
    """
    if flag == "placeholder":
        return "not recorded"
    if flag == "sparse":
        return f"recorded for {share * 100:.0f}% only"
    return "nothing to compare"


def claim_sentence(
    change: Change, window: Window, quality_href: str, min_sample: int, comparisons: int
) -> Sentence:
    """One claim in words, or the data-quality reason it cannot be made."""
    name = SUBJECT_NAMES.get(change.subject, change.subject)
    flag = change.withheld_by
    if flag is not None:
        return Sentence(
            f"{name}: {withheld_head(flag.flag, flag.share)}: {flag.message}.",
            None,
            quality_href,
            change.subject,
        )
    now, before = change.current, change.baseline
    if change.uncovered is not None:
        # The baseline's figure stays out: beside the recent one, it would read as a comparison.
        # The recent count of SEV1 and SEV2 is of confirmed severities: the others are said.
        besides = (
            ""
            if change.unconfirmed is None or not change.unconfirmed[0]
            else f", besides {plural(change.unconfirmed[0], 'incident')} whose severity is "
            "not confirmed"
        )
        return Sentence(
            f"{name}: {_value(change, now.value)} in {window.label}{besides}, not compared with "
            f"{window.baseline_label}: {change.uncovered}.",
            change.verdict.value,
            None,
            change.subject,
        )
    if change.subject in ("incidents", "sev1-2"):
        against = (
            f"{_value(change, before.value)} a quarter in {window.baseline_label}"
            if window.months != window.baseline_months
            else f"{_value(change, before.value)} in {window.baseline_label}"
        )
        figure = f"{_value(change, now.value)} in {window.label} against {against}"
        if change.unconfirmed is not None:
            # The claim holds whatever severity these have: the reader sees how many.
            figure += (
                f", besides {change.unconfirmed[0]:,} and {change.unconfirmed[1]:,} incidents "
                "whose severity is not confirmed"
            )
    elif change.subject == "action-items-overdue":
        figure = (
            f"{_value(change, now.value)} of the {now.n:,} due in {window.label} were late, "
            f"against {_value(change, before.value)} of {before.n:,} in {window.baseline_label}"
        )
        if change.unconfirmed is not None:
            # Items due whose status is marked TODO are in neither share: said, not hidden.
            figure += (
                f", besides {change.unconfirmed[0]:,} and {change.unconfirmed[1]:,} items due "
                "whose status is not confirmed"
            )
    elif change.constant:
        # Every value the same on each side: the change is exact, with no interval to give.
        if now.value == before.value:
            figure = (
                f"every value is {_value(change, now.value)}, for the "
                f"{plural(now.n, 'incident')} of {window.label} as for the {before.n:,} of "
                f"{window.baseline_label}"
            )
        else:
            figure = (
                f"every value is {_value(change, now.value)} for the "
                f"{plural(now.n, 'incident')} of {window.label}, against "
                f"{_value(change, before.value)} for the {before.n:,} of "
                f"{window.baseline_label}"
            )
        return Sentence(
            f"{name}: {figure}: {change.verdict.value} (the values do not vary on either side, "
            "so there is no interval to give).",
            change.verdict.value,
            None,
            change.subject,
        )
    else:
        # Each median says how many values it is of, as the counts and shares do.
        figure = (
            f"median {_value(change, now.value)} of {plural(now.n, 'incident')} in "
            f"{window.label} against {_value(change, before.value)} of {before.n:,} in "
            f"{window.baseline_label}"
        )
        if change.severity_mix is not None:
            # The mix moved the median of all incidents by itself: the verdict is per severity.
            share_now, share_before = change.severity_mix
            figure += (
                f", but SEV1 and SEV2 were {share_now * 100:.0f}% of them against "
                f"{share_before * 100:.0f}%; severity for severity"
            )
    text = f"{name}: {figure}: {_verdict_text(change, min_sample, comparisons)}."
    return Sentence(text, change.verdict.value, None, change.subject)


def factor_sentences(
    changes: Sequence[Change], window: Window, min_sample: int, factor_href: str | None = None
) -> list[Sentence]:
    """Which factors rose or fell (a ``worse`` or ``better`` verdict), or that none did."""
    factors = [c for c in changes if c.window == window.name and c.factor is not None]
    out = []
    for verdict, word in ((Verdict.WORSE, "Rising"), (Verdict.BETTER, "Falling")):
        for c in sorted(
            (c for c in factors if c.verdict is verdict), key=lambda c: -abs(c.change or 0)
        ):
            # The shares are of the incidents citing a confirmed factor: those citing
            # none are said beside them, as the data gives them.
            besides = (
                ""
                if c.unconfirmed is None
                else (
                    f", besides {c.unconfirmed[0]:,} and {c.unconfirmed[1]:,} incidents with "
                    "no confirmed factor"
                )
            )
            out.append(
                Sentence(
                    f"{word}: {c.factor}, cited by {_value(c, c.current.value)} of the "
                    f"{plural(c.current.n, 'incident')} of {window.label} against "
                    f"{_value(c, c.baseline.value)} of {c.baseline.n:,} in "
                    f"{window.baseline_label}{besides}: {c.verdict.value} ({interval_text(c)}).",
                    c.verdict.value,
                    None,
                    c.subject,
                )
            )
    if out:
        return out
    compared = [c for c in factors if c.verdict is Verdict.NO_CHANGE]
    if compared:
        # Every factor's claim leaves out the same incidents: those with no confirmed factor.
        unconfirmed = compared[0].unconfirmed
        besides = (
            ""
            if unconfirmed is None
            else (
                f"; {unconfirmed[0]:,} and {unconfirmed[1]:,} incidents with no confirmed "
                "factor left out"
            )
        )
        return [
            Sentence(
                f"Contributing factors: no factor's share changed detectably between "
                f"{window.label} and {window.baseline_label} ({len(compared):,} compared; "
                f"the others are cited too rarely to tell{besides}).",
                Verdict.NO_CHANGE.value,
                None,
                "factors",
            )
        ]
    # The shares would be of the incidents citing a confirmed factor (every factor's claim
    # has the same ones), so the count said is of those, not of every incident: one whose
    # factors are all marked TODO adds nothing a claim could read.
    if factors:
        fewer = min(factors[0].current.n, factors[0].baseline.n)
        unconfirmed = factors[0].unconfirmed
    else:
        # No confirmed factor in either window: every incident of it is left out.
        incidents = next(
            (c for c in changes if c.window == window.name and c.subject == "incidents"), None
        )
        fewer = 0
        unconfirmed = (
            (incidents.current.n, incidents.baseline.n)
            if incidents and (incidents.current.n or incidents.baseline.n)
            else None
        )
    besides = (
        ""
        if unconfirmed is None
        else (
            f"; {unconfirmed[0]:,} and {unconfirmed[1]:,} incidents with no confirmed "
            "factor left out"
        )
    )
    return [
        Sentence(
            f"Contributing factors: too few to tell whether any factor's share changed "
            f"({plural(fewer, 'incident')} citing a confirmed factor on the smaller side"
            f"{besides}; a claim needs {min_sample:,} on each side, and a factor cited that "
            "often).",
            Verdict.TOO_FEW.value,
            None,
            "factors",
        )
    ]


def could_be_overdue(count: int, *, more: bool = False) -> str:
    """What follows "N overdue" or "No overdue action items" when ``count`` (``more``)
    items would be overdue for some value of a due date or status marked TODO: a guessed
    date says nothing of being on time, so "none overdue" alone would say more than the data.
    """
    if not count:
        return ""
    return f"; {count:,} {'more ' if more else ''}could be, their due date or status not confirmed"


def follow_up_sentence(
    overdue: int,
    p1: int,
    unpublished: int,
    as_of: str,
    started_in: str | None = None,
    *,
    may_be: int = 0,
) -> Sentence:
    """``Follow-ups: 10 overdue, 2 of them P1`` as of the build's date.

    ``started_in`` names a period ("the last quarter") whose incidents' items alone are
    counted: beside a claim about every item due in it, "none overdue" would otherwise
    read as every follow-up on time where older incidents' items are still open.
    ``may_be`` counts the items that would be overdue for some value of a due date or
    status marked TODO: "none overdue" of an archive of imported drafts, whose due dates
    are all guesses, would tell a reader that every follow-up is on time.

    >>> follow_up_sentence(0, 0, 0, "2025-04-15", "the last quarter").text
    'Follow-ups of the incidents that started in the last quarter: none overdue as of 2025-04-15.'
    >>> follow_up_sentence(0, 0, 0, "2025-04-15", may_be=12).text
    'Follow-ups: none known to be overdue as of 2025-04-15; 12 could be, their due date or status not confirmed.'
    """
    whose = (
        "Follow-ups"
        if started_in is None
        else (f"Follow-ups of the incidents that started in {started_in}")
    )
    unknown = could_be_overdue(may_be, more=overdue > 0)
    if overdue == 0:
        none = "none known to be overdue" if may_be else "none overdue"
        return Sentence(f"{whose}: {none} as of {as_of}{unknown}.", None, None, "follow-ups")
    parts = [f"{p1:,} of them P1"]
    if unpublished:
        parts.append(f"{unpublished:,} from reports not yet published")
    return Sentence(
        f"{whose}: {overdue:,} overdue as of {as_of}, {', '.join(parts)}{unknown}.",
        None,
        None,
        "follow-ups",
    )
