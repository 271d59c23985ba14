"""The open-data files' documentation, read from the analytics' own descriptions.

Columns come from :data:`~pmkb.analytics.exports.INCIDENT_CSV_COLUMNS` and
:data:`~pmkb.analytics.exports.ACTION_ITEM_CSV_COLUMNS`; the keys of
``metrics.json`` and ``graph.json`` and the CSV conventions from the
docstrings of :mod:`pmkb.analytics.metrics`, :func:`~pmkb.analytics.exports.graph_data`
and :mod:`pmkb.analytics.exports`. Nothing is written twice: a column the
analytics add or rename shows up here on the next build.
"""

from __future__ import annotations

import html
import inspect
import re
from dataclasses import dataclass

from markupsafe import Markup

#: Files of the open data, in the order the page lists them.
DATA_FILES = ("data/incidents.csv", "data/action-items.csv", "data/metrics.json", "data/graph.json")

_LITERAL = re.compile(r"``(.+?)``")
_ROLE = re.compile(r":(?:func|data|mod|class|attr|meth):`~?([^`]+)`")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Entry:
    name: str
    description: Markup


def rst_inline(source: str) -> Markup:
    """Docstring text as HTML: ````x```` and roles become code, ``**x**`` bold.

    >>> str(rst_inline("rows of :func:`~pmkb.analytics.a.f` with ``ids`` & more"))
    'rows of <code>f</code> with <code>ids</code> &amp; more'
    """
    escaped = html.escape(" ".join(source.split()), quote=False)
    escaped = _ROLE.sub(lambda m: f"<code>{m.group(1).rsplit('.', 1)[-1]}</code>", escaped)
    escaped = _LITERAL.sub(r"<code>\1</code>", escaped)
    escaped = _EMPHASIS.sub(r"<strong>\1</strong>", escaped)
    return Markup(escaped)


def _section(doc: str, title: str) -> list[str]:
    """The lines of the docstring section headed ``title`` (underlined with dashes)."""
    lines = inspect.cleandoc(doc).splitlines()

    def heading(i: int) -> bool:
        under = lines[i + 1].strip() if i + 1 < len(lines) else ""
        return bool(lines[i].strip()) and bool(under) and set(under) == {"-"}

    for index, line in enumerate(lines):
        if line.strip() == title and heading(index):
            end = index + 2
            while end < len(lines) and not heading(end):
                end += 1
            return lines[index + 2 : end]
    raise LookupError(f"no section {title!r} in the docstring")


def metrics_keys() -> list[Entry]:
    """The top-level keys of ``metrics.json`` and what each holds."""
    from pmkb.analytics import metrics

    return _definitions(metrics.__doc__ or "", f"Keys (schema version {metrics.SCHEMA_VERSION})")


def graph_keys() -> list[Entry]:
    """The keys of ``graph.json``, split from :func:`graph_data`'s "Keys:" paragraph."""
    from pmkb.analytics.exports import graph_data

    doc = inspect.cleandoc(graph_data.__doc__ or "")
    paragraph = doc.split("Keys:", 1)[1].split("\n\n", 1)[0]
    parts, depth, current = [], 0, ""
    for char in " ".join(paragraph.split()):
        depth += char == "("
        depth -= char == ")"
        if char == ";" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip().rstrip("."))
    entries = []
    for part in parts:
        match = re.match(r"``([^`]+)``\s*(.*)", part)
        if match:
            name, rest = match.groups()
            rest = rest.strip()
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1]
            entries.append(Entry(name, rst_inline(rest)))
    return entries


def csv_conventions() -> Markup:
    from pmkb.analytics import exports

    lines = _section(exports.__doc__ or "", "CSV conventions")
    return rst_inline(" ".join(line for line in lines if line.strip()).split("**Spreadsheet")[0])


def formula_note() -> Markup:
    from pmkb.analytics import exports

    doc = inspect.cleandoc(exports.__doc__ or "")
    paragraph = doc.split("**Spreadsheet formula injection.**", 1)[1].split("\n\n", 1)[0]
    return rst_inline(paragraph)


def csv_columns(which: str) -> list[Entry]:
    from pmkb.analytics.exports import ACTION_ITEM_CSV_COLUMNS, INCIDENT_CSV_COLUMNS

    spec = INCIDENT_CSV_COLUMNS if which == "incidents" else ACTION_ITEM_CSV_COLUMNS
    return [Entry(name, rst_inline(description)) for name, _, description in spec]


def _definitions(doc: str, title: str) -> list[Entry]:
    """``name`` / indented description pairs of a docstring section."""
    entries: list[Entry] = []
    name, text = "", list[str]()
    for line in _section(doc, title):
        if line.startswith("``") and not line.startswith(" "):
            if name:
                entries.append(Entry(name, rst_inline(" ".join(text))))
            name, text = line.strip().strip("`"), []
        elif line.strip():
            text.append(line.strip())
    if name:
        entries.append(Entry(name, rst_inline(" ".join(text))))
    return entries


def quality_flags() -> list[Entry]:
    """Each data-quality flag and what raises it, from :mod:`pmkb.analytics.quality`."""
    from pmkb.analytics import quality

    return _definitions(quality.__doc__ or "", "Flags")


def quality_field_names() -> dict[str, str]:
    from pmkb.analytics.quality import FIELD_NAMES

    return dict(FIELD_NAMES)


@dataclass(frozen=True)
class Method:
    title: str
    sentence: str


def methods(min_sample: int) -> list[Method]:
    """How the dashboard decides what to say, one sentence a manager can read per method."""
    from pmkb.analytics.changes import ALPHA, BOOTSTRAP_RESAMPLES
    from pmkb.analytics.quality import PLACEHOLDER_ZERO_SHARE

    level = f"{ALPHA * 100:.0f}%"
    zero_share = f"{PLACEHOLDER_ZERO_SHARE * 100:.0f}%"
    return [
        Method(
            "What counts",
            "Every incident counts, whatever the status of its report: a draft or a report in "
            "review describes an incident that happened. Each figure says how many of its "
            "reports are not yet published.",
        ),
        Method(
            "Placeholders",
            "A value whose line in the report carries a TODO note is a placeholder its author "
            "has not confirmed (the template's and the importer's guesses), not data. A "
            "duration measured from or to such a time is not known yet, never zero; an action "
            "item whose due date or status is marked is never counted overdue, and the figures "
            'say how many items have no confirmed due date or status ("x of y done" counts '
            "only items whose status is confirmed, and names those left out); a marked "
            "severity or detection, or an action item's marked owner, priority or category, "
            "counts as unknown; a marked factor, service or team relates "
            "no incidents, gets no page and counts nowhere. The data files leave such a value "
            "out (an empty cell, or null in JSON). The report's own page still shows "
            "the value, marked as a placeholder.",
        ),
        Method(
            "Data quality",
            "Before anything is shown, each field is checked: a duration that is exactly zero "
            f"for {zero_share} of the incidents or more (one in twenty) is a placeholder, and so "
            "is one measured from such a copied time (time to acknowledge, when detection was "
            "copied from the start); a field recorded for under half of them is sparse, and so "
            "is the status of action items confirmed for under half of them (won't-do aside): "
            "no completion rate is given from it; a "
            "severity or a factor that is the same everywhere is a default. Durations are "
            "checked in each window a figure or a claim uses, each side of a comparison on its "
            "own. Such a measure is never a headline, a chart or a claim there; the "
            "data-quality page lists the incidents to fix.",
        ),
        Method(
            "What is compared",
            "The last 12 months are compared with the 12 months before them, and the last "
            "quarter with the four quarters before it, counted per quarter.",
        ),
        Method(
            "Coverage",
            "Counts are compared only when the archive covers both periods: its first incident "
            "on or near the start of the earlier one, its latest on or near the as-of date, "
            "'near' meaning a stretch without incidents that the period's own pace leaves by "
            "chance at least one time in a hundred (about 4.6 times the average time between "
            "incidents). Inside each period, the longest stretch without incidents is weighed "
            "the same way, at the pace of the rest of the period and against as many stretches "
            "as it holds: months an archive skipped in the middle make a period look as quiet "
            "as months it never reached. "
            "Otherwise the recent count is given alone, with the reason. Durations "
            "and shares are not withheld for this: a missing stretch makes a side smaller, "
            "which the rule on too few values covers, but does not make the incidents recorded "
            "faster, slower or differently caused.",
        ),
        Method(
            "Counts of incidents",
            "Whether incidents came more or less often is judged by the exact test of two "
            "Poisson rates, the standard test for counts of independent events: of all the "
            "incidents in both periods, does the recent one hold more than its length would "
            "give it? The range given is that of the ratio of the two rates. The test takes "
            "incidents to happen independently: where one failure set off several reports, "
            "it is surer than it should be.",
        ),
        Method(
            "Durations",
            "Whether incidents took longer or shorter is judged on the median, which one very "
            "long incident cannot move: a Mann-Whitney test compares the two groups, and the "
            f"range of the change comes from resampling each group {BOOTSTRAP_RESAMPLES:,} times "
            "(a bootstrap, seeded so that every build gives the same answer). Severe "
            "incidents take longer, so when the mix of severities differs between the two "
            "periods (a chi-square test at 5%), the median of all incidents would move with "
            "the mix alone: the sentence then gives both shares of SEV1 and SEV2, and the "
            "verdict compares severity for severity (van Elteren's test, the Mann-Whitney "
            "test within each severity; the change is the average of each severity's ratio "
            "of medians, weighted by its incidents, with each severity resampled on its own). "
            "A severity with fewer than two values on either side is left out of it.",
        ),
        Method(
            "Shares",
            "Whether a factor is cited more often, or follow-ups are late more often, is judged "
            "by Fisher's exact test on the counts, with Newcombe's range for the difference of "
            "the two shares, in percentage points. The action items of one incident are "
            "not independent (sixty items one incident left open are one decision, not "
            "sixty), so for follow-ups the test and the range count what the items are worth: "
            "each period's counts divided by its design effect, the variance of the share "
            "between incidents over its variance were every item independent (Rao-Scott); "
            "where that spread cannot be measured (every item of a period late, or none, or "
            "all from one incident), each incident counts as one item. "
            "The shares shown are those of the items themselves.",
        ),
        Method(
            "Recurring causes",
            "A busy service and a common factor meet often by chance alone, so a factor on a "
            "service is called recurring only when more incidents cite the pair than chance "
            "gives: the expected count is the service's incidents times the factor's over all "
            "the incidents that name both a service and a factor, and the pair must exceed it "
            "by Fisher's exact test (the tail of a hypergeometric distribution), adjusted "
            f"(Benjamini-Hochberg at {level}) over every pair cited in the period. A pair cited "
            "twice or more but not that often is listed as within what chance alone can "
            "explain: it may be cited more often than expected, but not by enough to tell "
            f"from chance; a period with fewer than {min_sample} such incidents is not tested, and "
            "the page says so. A fix that did not hold (the factor back on the service after "
            "an earlier incident's fix for it was done) is drawn by the same rule: only on a "
            "pair cited more often than chance gives.",
        ),
        Method(
            "Many comparisons at once",
            "With dozens of comparisons, some would look remarkable by chance alone, so their "
            f"p-values are adjusted together (Benjamini-Hochberg at {level}): when nothing "
            "changed, at most about one build in twenty claims that something did.",
        ),
        Method(
            "Verdicts",
            f"'Better' or 'worse' is said only when the adjusted test is under {level} and the "
            "95% range of the change excludes no change at all; 'too few to tell' when either "
            f"side has fewer than {min_sample} values; 'no detectable change' otherwise. "
            "'Rising' means 'worse' in this sense, and nothing else.",
        ),
        Method(
            "Trends",
            f"Trend charts group incidents by month while a month holds {min_sample} or more on "
            "average, else by quarter, else by year; a point with fewer values is drawn alone "
            "with its count, never joined into the line.",
        ),
    ]
