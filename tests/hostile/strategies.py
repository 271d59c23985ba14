"""Hypothesis strategies for post-mortem files: valid ones, arbitrary ones, and broken ones.

Examples are reproducible by default: every test runs the same derandomized
examples, without a database, so nothing is written into the repository
(no ``.hypothesis/``). Set ``PMKB_HYPOTHESIS=explore`` to draw twenty times as
many fresh random examples; a failure then prints the seed and a
``@reproduce_failure`` blob to replay it.
"""

from __future__ import annotations

import datetime as dt
import os
import string
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pmkb.model import (
    PRIORITY_ALIASES,
    ActionStatus,
    Category,
    Detection,
    Severity,
    Status,
    Visibility,
)

EXPLORE = os.environ.get("PMKB_HYPOTHESIS") == "explore"


def hostile_settings(max_examples: int) -> settings:
    """For tests that write files: no deadline, no database, reproducible unless exploring."""
    return settings(
        max_examples=max_examples * (20 if EXPLORE else 1),
        deadline=None,
        database=None,
        derandomize=not EXPLORE,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- pieces --------------------------------------------------------------------------

FIRST_DAY, LAST_DAY = dt.date(1970, 1, 2), dt.date(2199, 12, 30)

kebab = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
dates = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
# YAML writes offsets as +HH:MM: Python's offsets with seconds have no YAML form.
offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
# Late enough in 2199 that the later timestamps, days after, stay in the format's years.
aware_datetimes = st.datetimes(
    min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2199, 6, 30), timezones=offsets
)
#: Any text the format allows in a free-text field: no surrogates (not UTF-8).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


def prose(max_size: int = 200) -> st.SearchStrategy[str]:
    """Text that survives the model's stripping unchanged: nothing blank at either end."""
    return st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=max_size).filter(
        lambda s: s == s.strip() != ""
    )


non_blank = prose()
http_urls = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.example/{path}",
    st.sampled_from(["http", "https", "HTTPS"]),
    kebab,
    st.text(string.ascii_letters + string.digits + "-._~/?#[]@!$&'()*+,;=%\"<>", max_size=40),
)


@dataclass(frozen=True)
class Generated:
    """A valid post-mortem as written (``frontmatter``) and where it belongs."""

    rel_path: str
    frontmatter: dict[str, Any]
    body: str

    def text(self) -> str:
        return render(self.frontmatter, self.body, quote_strings=True)


class _QuotingDumper(yaml.SafeDumper):
    """Writes every string double-quoted, with escapes.

    PyYAML's default styles do not round-trip every string: it writes a NEL
    inside a single-quoted scalar as one raw line break, which YAML then
    folds into a space. Double quotes escape it (``\\N``).
    """


_QuotingDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)


def render(frontmatter: Any, body: str, *, quote_strings: bool = False) -> str:
    """A post-mortem file: ``frontmatter`` as YAML between fences, then ``body``."""
    dumped = yaml.dump(
        frontmatter,
        Dumper=_QuotingDumper if quote_strings else yaml.SafeDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return f"---\n{dumped}---\n{body}"


@st.composite
def action_items(draw: st.DrawFn, factors: list[str]) -> list[dict[str, Any]]:
    items = []
    for number in range(1, draw(st.integers(0, 4)) + 1):
        status = draw(st.sampled_from(list(ActionStatus)))
        item: dict[str, Any] = {
            "id": f"AI-{number:03d}",
            "action": draw(non_blank),
            "owner": draw(non_blank),
            "due": draw(dates),
            "priority": draw(st.sampled_from(["P1", "P2", "P3", "High", "Medium", "Low"])),
            "category": draw(st.sampled_from(list(Category))).value,
            "status": status.value,
        }
        if status is ActionStatus.DONE:
            item["completed"] = draw(dates)
        if draw(st.booleans()):
            item["tracker"] = draw(http_urls)
        if draw(st.booleans()):
            item["addresses"] = draw(st.lists(st.sampled_from(factors), unique=True, max_size=2))
        items.append(item)
    return items


#: A post-mortem that exists in every generated corpus, for `related` to point at.
COMPANION_ID = "PM-2000-001"
COMPANION_PATH = "2000/2000-01-01-companion.md"
COMPANION = render(
    {
        "id": COMPANION_ID,
        "title": "Companion post-mortem",
        "status": "draft",
        "severity": "SEV4",
        "services": ["companion"],
        "authors": ["sre"],
        "timeline": {
            "started": dt.datetime(2000, 1, 1, 10, 0, tzinfo=dt.timezone.utc),
            "detected": dt.datetime(2000, 1, 1, 10, 5, tzinfo=dt.timezone.utc),
        },
        "detection": "alert",
        "contributing_factors": ["monitoring-gap"],
    },
    "",
)


@st.composite
def valid_postmortems(draw: st.DrawFn, factors: list[str]) -> Generated:
    """A post-mortem that satisfies every rule of the format (not the checklist)."""
    started = draw(aware_datetimes)
    stamps = {"started": started}
    moment = started
    for key in ("detected", "acknowledged", "mitigated", "resolved"):
        moment = moment + dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 3)))
        stamps[key] = moment.astimezone(draw(offsets))
    status = draw(st.sampled_from(list(Status)))
    timeline = {
        k: v for k, v in stamps.items() if k in ("started", "detected") or draw(st.booleans())
    }
    if status is not Status.DRAFT:
        timeline["resolved"] = stamps["resolved"]
    started_utc = started.astimezone(dt.timezone.utc)
    chosen = draw(st.lists(st.sampled_from(factors), min_size=1, max_size=4, unique=True))
    fm: dict[str, Any] = {
        # From 2: PM-2000-001 is the companion's.
        "id": f"PM-{started_utc.year}-{draw(st.integers(2, 99_999)):03d}",
        "title": draw(
            prose(120).filter(
                lambda s: "\n" not in s and "\r" not in s and any(c.isalnum() for c in s)
            )
        ),
        "status": status.value,
        "severity": draw(st.sampled_from(list(Severity))).value,
        "services": draw(st.lists(kebab, min_size=1, max_size=3, unique=True)),
        "authors": draw(st.lists(non_blank, min_size=1, max_size=3)),
        "timeline": timeline,
        "detection": draw(st.sampled_from(list(Detection))).value,
        "contributing_factors": chosen,
    }
    optional: dict[str, Any] = {
        "teams": st.lists(kebab, max_size=3, unique=True),
        "reviewers": st.lists(non_blank, max_size=3),
        "follow_up_review": dates,
        "trigger": kebab,
        "impact": st.fixed_dictionaries(
            {},
            optional={
                "users_affected": st.integers(0, 10**12),
                "failed_requests": st.integers(0, 10**12),
                "revenue_usd": st.floats(0, 1e12, allow_nan=False),
                "data_loss": st.booleans(),
                "slo_budget_consumed_pct": st.floats(0, 1000, allow_nan=False),
                "summary": any_text,
            },
        ),
        "action_items": action_items(chosen),
        "related": st.just([COMPANION_ID]),
        "third_party": st.fixed_dictionaries(
            {"vendor": non_blank, "expectation": st.sampled_from(["violated", "met", "undefined"])}
        ),
        "visibility": st.sampled_from(list(Visibility)).map(lambda v: v.value),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            fm[key] = draw(strategy)
    if status is not Status.DRAFT or draw(st.booleans()):
        fm["published"] = draw(dates)
        fm["root_cause"] = draw(non_blank)
    slug = draw(kebab.filter(lambda s: s != "companion"))
    rel = f"{started_utc:%Y}/{started_utc:%Y-%m-%d}-{slug}.md"
    body = draw(
        st.text(
            st.characters(exclude_categories=("Cs",), exclude_characters="\r\x00"), max_size=300
        )
    )
    return Generated(rel, fm, body)


def expected_priority(raw: str) -> str:
    return PRIORITY_ALIASES.get(raw.lower(), raw)


# --- arbitrary values where a post-mortem's values go ---------------------------------------

KNOWN_KEYS = (
    "id",
    "title",
    "status",
    "severity",
    "services",
    "teams",
    "authors",
    "reviewers",
    "timeline",
    "started",
    "detected",
    "acknowledged",
    "mitigated",
    "resolved",
    "published",
    "follow_up_review",
    "detection",
    "trigger",
    "impact",
    "users_affected",
    "summary",
    "revenue_usd",
    "root_cause",
    "contributing_factors",
    "action_items",
    "action",
    "owner",
    "due",
    "priority",
    "category",
    "completed",
    "tracker",
    "addresses",
    "related",
    "third_party",
    "vendor",
    "expectation",
    "visibility",
)
KNOWN_VALUES = (
    "SEV1",
    "published",
    "draft",
    "alert",
    "PM-2025-001",
    "AI-001",
    "P1",
    "High",
    "done",
    "open",
    "monitoring-gap",
    "https://tracker.example.com/OPS-1",
    "javascript:alert(1)",
    "2025-02-30",
    "2025-01-08T10:00:00",
    "<script>window.__pwned='property'</script>",
    "",
    " ",
    "~",
    "null",
    "yes",
    "0x1F",
    "1e400",
    ".inf",
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    any_text,
    st.text(max_size=3000),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=offsets),
    st.datetimes(
        timezones=st.builds(
            dt.timezone,
            st.timedeltas(
                min_value=dt.timedelta(hours=-23, minutes=-59),
                max_value=dt.timedelta(hours=23, minutes=59),
            ),
        )
    ),
    st.sampled_from(KNOWN_VALUES),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), any_text.filter(bool))
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=25,
)
frontmatters = st.dictionaries(keys, values, max_size=25)

#: Characters YAML gives a meaning to, and a few letters and digits to put between them.
YAML_ALPHABET = "-:[]{}&*!|>'\"%@`#,?~ \n\t.01Zaz\\<=\u2028\x85\ufeff"
yamlish_text = st.text(YAML_ALPHABET, max_size=400)


@st.composite
def file_contents(draw: st.DrawFn) -> bytes:
    """Bytes a post-mortem file might hold, from noise to nearly valid YAML."""
    kind = draw(st.sampled_from(["bytes", "text", "fenced-bytes", "fenced-yamlish", "fenced-text"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2000))
    if kind == "text":
        return draw(st.text(max_size=2000)).encode("utf-8", "surrogatepass")
    fence = draw(st.sampled_from(["---\n", "---\r\n", "--- \n", "\ufeff---\n"])).encode()
    if kind == "fenced-bytes":
        inner = draw(st.binary(max_size=1000))
    elif kind == "fenced-yamlish":
        inner = draw(yamlish_text).encode("utf-8")
    else:
        inner = draw(st.text(max_size=1000)).encode("utf-8", "surrogatepass")
    closing = draw(st.sampled_from([b"\n---\n", b"\n---", b"\r\n---\r\n", b""]))
    body = draw(st.text(max_size=300)).encode("utf-8", "surrogatepass")
    return fence + inner + closing + body
