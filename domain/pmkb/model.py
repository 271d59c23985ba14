"""The post-mortem file format (version 1) as typed models.

These models are the single source of the format's *shape*: the loader
validates frontmatter with them and the committed JSON Schema is generated from
them (``pmkb schema``). Rules that span several keys or files (timeline order,
keys required by status, taxonomy tags, unique ids) live in
:mod:`pmkb.checks`, where each gets its own rule id and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set as AbstractSet
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

POSTMORTEM_ID = r"^PM-\d{4}-\d{3,}$"
ACTION_ITEM_ID = r"^AI-\d{3,}$"
KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Kebab = Annotated[str, StringConstraints(pattern=KEBAB)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
PostMortemId = Annotated[str, StringConstraints(pattern=POSTMORTEM_ID)]
ActionItemId = Annotated[str, StringConstraints(pattern=ACTION_ITEM_ID)]


def _readable_title(value: str) -> str:
    # Lists, search results and the browser tab show a title on one line, and a
    # title of invisible characters or punctuation alone names nothing. Text that
    # reorders itself on screen (U+202E...) is rendered isolated instead (see the
    # hostile corpus), since right-to-left titles are legitimate.
    # Only the breaks a person types: U+2028 and kin pass, and every page escapes them.
    if "\n" in value or "\r" in value:
        raise PydanticCustomError(
            "title_lines", "a title is one line; put the rest in the summary", {}
        )
    if not any(c.isalnum() for c in value):
        raise PydanticCustomError(
            "title_unreadable", "a title needs letters or digits, not only marks or spaces", {}
        )
    return value


Title = Annotated[
    str,
    StringConstraints(min_length=1, max_length=120, strip_whitespace=True),
    AfterValidator(_readable_title),
]


#: Dates and times outside these years are typing mistakes; near year 1 or
#: 9999 converting to UTC overflows, and pandas (the analytics) only holds
#: timestamps between 1677 and 2262.
FIRST_YEAR, LAST_YEAR = 1970, 2199


def _within_years(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        try:
            year = value.astimezone(dt.timezone.utc).year
        except OverflowError:
            year = value.year
    else:
        year = value.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PydanticCustomError(
            "year_range",
            "the year {year} is outside {first}-{last}",
            {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_timestamp(value: Any) -> Any:
    """An ISO 8601 timestamp written as text (quoted, or from JSON) read as YAML reads
    it unquoted; anything else is left for the strict check to refuse."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"  # Python 3.10 reads only the offset
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    return value


def _iso_date(value: Any) -> Any:
    """A date written as text, ``YYYY-MM-DD`` only; anything else is left to be refused."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    return value


# Strict: pydantic's lax mode would read a number as Unix seconds, a time of
# midnight as a date, and `"1770631523"` as a timestamp. Times and dates are
# only what YAML reads as one, or the same ISO 8601 text in quotes.
Timestamp = Annotated[
    AwareDatetime, Strict(), BeforeValidator(_iso_timestamp), AfterValidator(_within_years)
]
Date = Annotated[dt.date, Strict(), BeforeValidator(_iso_date), AfterValidator(_within_years)]


class Status(str, Enum):
    DRAFT = "draft"
    IN_REVIEW = "in-review"
    PUBLISHED = "published"


class Severity(str, Enum):
    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"


class Detection(str, Enum):
    ALERT = "alert"
    CUSTOMER_REPORT = "customer-report"
    INTERNAL_REPORT = "internal-report"
    SYNTHETIC_CHECK = "synthetic-check"
    OTHER = "other"


class Visibility(str, Enum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"

    @property
    def rank(self) -> int:
        """Wider audiences rank lower: a build for rank r shows everything of rank <= r."""
        return {"public": 0, "internal": 1, "restricted": 2}[self.value]

    def readable_by(self, audience: Visibility) -> bool:
        """Whether a post-mortem of this visibility may appear in a build for ``audience``.

        The audience rule of the whole project: the site's catalog, the analytics and
        the command line all ask this.

        >>> Visibility.INTERNAL.readable_by(Visibility.PUBLIC)
        False
        >>> Visibility.PUBLIC.readable_by(Visibility.RESTRICTED)
        True
        """
        return self.rank <= audience.rank


class Priority(str, Enum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class Category(str, Enum):
    INVESTIGATE = "investigate"
    MITIGATE = "mitigate"
    REPAIR = "repair"
    DETECT = "detect"
    MITIGATE_FUTURE = "mitigate-future"
    PREVENT = "prevent"


class ActionStatus(str, Enum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    WONT_DO = "wont-do"


#: The words many teams already use for priorities, read as the format's P1-P3.
PRIORITY_ALIASES = {"high": "P1", "medium": "P2", "low": "P3"}


def _priority_alias(value: Any) -> Any:
    if isinstance(value, str):
        word = value.strip()
        if word.lower() in PRIORITY_ALIASES:
            return PRIORITY_ALIASES[word.lower()]
        # Keep what the author wrote unless it is a priority in lower case:
        # the error message must quote their value, not an upper-cased one.
        return word.upper() if word.upper() in Priority.__members__ else word
    return value


PriorityField = Annotated[
    Priority,
    BeforeValidator(_priority_alias),
    # Spelled out rather than a $ref: draft-07 ignores keywords beside a $ref,
    # and the aliases must validate in editors too.
    WithJsonSchema(
        {
            "type": "string",
            "enum": ["P1", "P2", "P3", "High", "Medium", "Low"],
            "description": "P1 (high) to P3 (low); High/Medium/Low are read as P1/P2/P3.",
        }
    ),
]


class _Strict(BaseModel):
    # Unknown keys are errors: a misspelt optional key (`follow_up_reveiw`)
    # would otherwise vanish without a word.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Timeline(_Strict):
    """Timestamps of the incident, ISO 8601 with an offset (``Z`` or ``+02:00``)."""

    started: Timestamp = Field(description="User impact began.")
    detected: Timestamp = Field(description="First alert fired or first human noticed.")
    acknowledged: Timestamp | None = Field(None, description="A responder engaged.")
    mitigated: Timestamp | None = Field(None, description="User impact ended.")
    resolved: Timestamp | None = Field(
        None, description="Incident closed; optional while the post-mortem is a draft."
    )

    ORDER: ClassVar[tuple[str, ...]] = (
        "started",
        "detected",
        "acknowledged",
        "mitigated",
        "resolved",
    )

    def present(self) -> list[tuple[str, dt.datetime]]:
        """The timestamps that are set, in the order the format requires."""
        return [(k, v) for k in self.ORDER if (v := getattr(self, k)) is not None]


#: Far above any real incident, far below where sums over a large corpus would
#: overflow the 64-bit integers pandas keeps counts in (that overflow is silent).
MAX_COUNT = 10**12


class Impact(_Strict):
    # Strict: in lax mode `true` would count as 1 and the text "40_000" as 40000.
    users_affected: Annotated[int, Strict()] | None = Field(None, ge=0, le=MAX_COUNT)
    failed_requests: Annotated[int, Strict()] | None = Field(None, ge=0, le=MAX_COUNT)
    # YAML reads `.inf`, `.nan` and `1e400` as floats; none is an amount, and
    # JSON (the charts' data) has no way to write them. A whole number is a number.
    revenue_usd: Annotated[float, Strict()] | None = Field(None, ge=0, allow_inf_nan=False)
    data_loss: Annotated[bool, Strict()] | None = None
    slo_budget_consumed_pct: Annotated[float, Strict()] | None = Field(
        None, ge=0, allow_inf_nan=False
    )
    summary: str | None = None


class ThirdParty(_Strict):
    vendor: NonEmpty
    expectation: Literal["violated", "met", "undefined"]


class ActionItem(_Strict):
    id: ActionItemId = Field(description="AI-NNN, unique within its post-mortem.")
    action: NonEmpty = Field(description="Starts with a verb; specific and bounded.")
    owner: NonEmpty = Field(description="A team or role, never a person.")
    due: Date
    priority: PriorityField
    category: Category
    status: ActionStatus
    completed: Date | None = Field(None, description="Required exactly when status is done.")
    tracker: str | None = Field(None, description="URL of the ticket that tracks it.")
    addresses: list[Kebab] = Field(
        default_factory=list, description="Contributing factors this item is meant to remove."
    )

    def is_overdue(self, as_of: dt.date, unconfirmed: AbstractSet[str] = frozenset()) -> bool:
        """Open or in progress, and due before ``as_of``; never when the due date or the
        status is among ``unconfirmed``, the keys whose value is a guess marked TODO in
        the file: a guess says nothing of being late (figures, pages and reviews alike)."""
        if not unconfirmed.isdisjoint(DATING_KEYS):
            return False
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and self.due < as_of

    def may_be_overdue(self, as_of: dt.date, unconfirmed: AbstractSet[str]) -> bool:
        """Not known to be overdue, but would be for some value of its due date or status
        among ``unconfirmed`` (marked TODO): "none overdue" says nothing of such an item."""
        if unconfirmed.isdisjoint(DATING_KEYS):
            return False
        waiting = "status" in unconfirmed or self.status in (
            ActionStatus.OPEN,
            ActionStatus.IN_PROGRESS,
        )
        return waiting and ("due" in unconfirmed or self.due < as_of)


#: The keys of an action item that say whether it is late.
DATING_KEYS = frozenset({"due", "status"})


class PostMortem(_Strict):
    """The frontmatter of one post-mortem."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Post-mortem frontmatter (format version 1)",
        json_schema_extra={
            "allOf": [
                # Keys that become required once a report leaves draft...
                {
                    "if": {"properties": {"status": {"enum": ["in-review", "published"]}}},
                    "then": {
                        "required": ["root_cause"],
                        "properties": {"timeline": {"required": ["resolved"]}},
                    },
                },
                # ...and the day it was shared, once it is.
                {
                    "if": {"properties": {"status": {"const": "published"}}},
                    "then": {"required": ["published"]},
                },
            ]
        },
    )

    id: PostMortemId = Field(
        description="PM-YYYY-NNN: the year the incident started, then three or more digits."
    )
    title: Title
    status: Status
    severity: Severity
    services: Annotated[list[Kebab], Field(min_length=1)]
    teams: list[Kebab] = Field(default_factory=list)
    authors: Annotated[list[NonEmpty], Field(min_length=1)]
    reviewers: list[NonEmpty] = Field(default_factory=list)
    timeline: Timeline
    published: Date | None = Field(
        None, description="Day the report was shared; required once status is published."
    )
    follow_up_review: Date | None = None
    detection: Detection
    trigger: Kebab | None = None
    impact: Impact | None = None
    root_cause: NonEmpty | None = None
    contributing_factors: Annotated[list[Kebab], Field(min_length=1)]
    action_items: list[ActionItem] = Field(default_factory=list)
    related: list[PostMortemId] = Field(default_factory=list)
    third_party: ThirdParty | None = None
    visibility: Visibility = Visibility.INTERNAL

    # --- derived values the site and the analytics share -----------------
    @property
    def year(self) -> int:
        return self.timeline.started.astimezone(dt.timezone.utc).year

    @property
    def started_utc(self) -> dt.datetime:
        return self.timeline.started.astimezone(dt.timezone.utc)

    def durations(self) -> dict[str, dt.timedelta | None]:
        """TTD, TTA, TTM and TTR as the format defines them; None when an end is missing."""
        t = self.timeline
        return {
            "ttd": t.detected - t.started,
            "tta": (t.acknowledged - t.detected) if t.acknowledged else None,
            "ttm": (t.mitigated - t.started) if t.mitigated else None,
            "ttr": (t.resolved - t.started) if t.resolved else None,
        }


# --- what could be read of a post-mortem with errors ------------------------------


class _Partial(BaseModel):
    # Unknown keys were reported and removed before these models see the data.
    model_config = ConfigDict(extra="ignore", frozen=True)


class PartialTimeline(_Partial):
    """:class:`Timeline` with every key optional: the timestamps that validated."""

    started: Timestamp | None = None
    detected: Timestamp | None = None
    acknowledged: Timestamp | None = None
    mitigated: Timestamp | None = None
    resolved: Timestamp | None = None

    def present(self) -> list[tuple[str, dt.datetime]]:
        """The timestamps that are set, in the order the format requires."""
        return [(k, v) for k in Timeline.ORDER if (v := getattr(self, k)) is not None]


class PartialActionItem(_Partial):
    """:class:`ActionItem` with every key optional."""

    id: ActionItemId | None = None
    action: NonEmpty | None = None
    owner: NonEmpty | None = None
    due: Date | None = None
    priority: PriorityField | None = None
    category: Category | None = None
    status: ActionStatus | None = None
    completed: Date | None = None
    tracker: str | None = None
    addresses: list[Kebab] = Field(default_factory=list)


class PartialPostMortem(_Partial):
    """:class:`PostMortem` with every key optional: the keys of a file with errors
    whose values are valid on their own.

    The body's checks and the checks between keys run on it, so that a file with
    a schema error gets every other finding in the same run. Lists are empty and
    other keys None when absent or invalid.
    """

    id: PostMortemId | None = None
    title: Title | None = None
    status: Status | None = None
    severity: Severity | None = None
    services: list[Kebab] = Field(default_factory=list)
    teams: list[Kebab] = Field(default_factory=list)
    authors: list[NonEmpty] = Field(default_factory=list)
    reviewers: list[NonEmpty] = Field(default_factory=list)
    timeline: PartialTimeline = Field(default_factory=PartialTimeline)
    published: Date | None = None
    follow_up_review: Date | None = None
    detection: Detection | None = None
    trigger: Kebab | None = None
    impact: Impact | None = None
    root_cause: NonEmpty | None = None
    contributing_factors: list[Kebab] = Field(default_factory=list)
    action_items: list[PartialActionItem] = Field(default_factory=list)
    related: list[PostMortemId] = Field(default_factory=list)
    third_party: ThirdParty | None = None
    visibility: Visibility | None = None

    @property
    def started_utc(self) -> dt.datetime | None:
        started = self.timeline.started
        return started.astimezone(dt.timezone.utc) if started is not None else None
