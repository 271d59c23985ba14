"""The review checklist as lint rules.

Each rule is a function from one post-mortem, as far as it could be read, to
its findings, registered with an id, a default level and a one-line summary. A
file with schema errors is checked too: its invalid keys are None (or empty
lists) and listed in ``Reading.unreadable``, and a rule says nothing about a
key it cannot read, since the schema error already did. The levels are set per
project (``error``, ``warning`` or ``off``); the format's own rules, reported
by the loader, are always errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from pmkb import body as md
from pmkb.body import Heading
from pmkb.lint import durations, language, whys
from pmkb.lint.names import KEYS, NameIndex
from pmkb.loader import Reading
from pmkb.model import Status
from pmkb.problems import key_path
from pmkb.source import TODO_NOTE, Loc, is_placeholder
from pmkb.taxonomy import Taxonomy


@dataclass(frozen=True)
class Finding:
    """A rule's verdict before the project's level is applied."""

    message: str
    loc: Loc | str = ()
    line: int | None = None
    #: True when the rule guesses: the finding is a warning even where the
    #: rule's level is error, and its message says what was seen.
    guess: bool = False


@dataclass
class LintContext:
    taxonomy: Taxonomy
    as_of: dt.date
    allowed_words: frozenset[str] = frozenset()
    extra_verbs: frozenset[str] = frozenset()
    #: Service and team names the near-name rule must not take for one another.
    distinct_names: frozenset[str] = frozenset()
    options: dict[str, Any] = field(default_factory=dict)
    #: The services and teams of the whole corpus, set by ``lint_corpus``.
    names: NameIndex | None = None


Check = Callable[[Reading, LintContext], Iterator[Finding]]


#: How a rule's findings are reported: as errors, warnings, or not at all.
Level = Literal["error", "warning", "off"]


@dataclass(frozen=True)
class Rule:
    id: str
    default: Level
    summary: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(rule_id: str, default: Level, summary: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES[rule_id] = Rule(rule_id, default, summary, check)
        return check

    return register


def _item_name(item_id: str | None, index: int) -> str:
    """How a finding names an action item: its id, or its place when the id is invalid."""
    return item_id if item_id is not None else f"action_items[{index}]"


def _reviewed(record: Reading) -> bool:
    """Drafts are work in progress: completeness rules wait until review (and for a
    status that could not be read)."""
    return record.meta.status is not None and record.meta.status is not Status.DRAFT


# --- timeline -----------------------------------------------------------------


@rule(
    "timeline-complete",
    "warning",
    "Once out of draft, the timeline has acknowledged and mitigated times.",
)
def timeline_complete(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    if not _reviewed(record):
        return
    for key in ("acknowledged", "mitigated"):
        if getattr(record.meta.timeline, key) is None and not record.unread(("timeline", key)):
            yield Finding(
                f"timeline has no `{key}` time; without it time to "
                f"{'acknowledge' if key == 'acknowledged' else 'mitigate'} cannot be measured",
                ("timeline", key),
                record.src.line_of(("timeline",)),
            )


@rule(
    "started-by-as-of",
    "warning",
    "The incident started on or before the as-of date (today, unless the project sets as_of).",
)
def started_by_as_of(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    started = record.meta.timeline.started
    if started is None:
        return
    at = started.astimezone(dt.timezone.utc)
    if at.date() > ctx.as_of:
        yield Finding(
            f"timeline.started {at:%Y-%m-%d %H:%M} UTC is after the as-of date "
            f"{ctx.as_of.isoformat()} (today, unless the project sets `as_of`): check the "
            "date; until that day the site leaves the incident out of every figure",
            ("timeline", "started"),
        )


@rule(
    "timeline-table", "error", "The body's timeline table is in chronological order, times in UTC."
)
def timeline_table(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    started = record.meta.timeline.started
    table = md.timeline_table(record.body, record.body_line, started)
    if table.header is not None and table.other_zone:
        yield Finding(
            f"the timeline table's time column says '{table.other_zone}'; write the times "
            "in UTC and head the column 'Time (UTC)'",
            "body:## Timeline",
            table.header.line,
        )
    previous: md.TimelineRow | None = None
    for row in table.rows:
        if row.offset and row.at is not None:
            yield Finding(
                f"timeline row time '{row.cell}' has the offset {row.offset}; write it in UTC "
                f"({row.at:%Y-%m-%d %H:%M})",
                "body:## Timeline",
                row.line,
            )
        if row.at is None:
            yield Finding(
                f"timeline row time '{row.cell}' is not a time; write `YYYY-MM-DD HH:MM` in UTC",
                "body:## Timeline",
                row.line,
            )
            continue
        if previous is not None and previous.at is not None and row.at < previous.at:
            yield Finding(
                f"timeline row at {row.cell} comes after {previous.cell} (line {previous.line}); "
                "put the rows in chronological order"
                + (" or add dates for an incident that crosses midnight" if row.time_only else ""),
                "body:## Timeline",
                row.line,
            )
        previous = row


# --- contributing factors -----------------------------------------------------


@rule(
    "factors-min-two",
    "warning",
    "At least two contributing factors: incidents rarely have one cause.",
)
def factors_min_two(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    tags = record.meta.contributing_factors
    if len(tags) >= 2 or record.unread(("contributing_factors",)):
        return
    if tags and all(
        is_placeholder(record.src.placeholders, ("contributing_factors", index))
        for index in range(len(tags))
    ):
        # The template's or an import's guess: "only one factor" would read as one known.
        yield Finding(
            "no contributing factor confirmed yet (the one given is marked TODO); name at "
            "least two that made this possible (process and organizational factors too)",
            ("contributing_factors",),
        )
        return
    yield Finding(
        "only one contributing factor; ask what else made this possible "
        "(process and organizational factors too)",
        ("contributing_factors",),
    )


@rule("factor-layers", "warning", "Contributing factors come from more than one layer.")
def factor_layers(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    tags = record.meta.contributing_factors
    if not all(t in ctx.taxonomy for t in tags):
        return  # an unknown tag, or one whose entry is broken, has no layer to judge by
    layers = {ctx.taxonomy.layer_of(t) for t in tags}
    if len(tags) >= 2 and len(layers) == 1:
        (layer,) = layers
        others = [name for name in ("technical", "process", "organizational") if name != layer]
        yield Finding(
            f"every factor is {layer}; look for {others[0]} and {others[1]} factors as well",
            ("contributing_factors",),
        )


@rule(
    "addresses-cited-factor", "warning", "An action item addresses factors the post-mortem cites."
)
def addresses_cited(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    if record.unread(("contributing_factors",)):
        return  # what is cited is unknown
    cited = set(record.meta.contributing_factors)
    for index, item in enumerate(record.action_items):
        for tag_index, tag in enumerate(item.addresses):
            if tag not in cited and tag in ctx.taxonomy:
                yield Finding(
                    f"{_item_name(item.id, index)} addresses '{tag}', which is not among contributing_factors; "
                    "add the factor or fix the tag",
                    ("action_items", index, "addresses", tag_index),
                )


# --- services and teams -------------------------------------------------------


@rule(
    "service-names",
    "warning",
    "A service or team is named as the other post-mortems name it, not in a second spelling.",
)
def service_names(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    if ctx.names is None:
        return
    for key in KEYS:
        if record.unread((key,)):
            continue
        noun = "service" if key == "services" else "team"
        for index, name in enumerate(getattr(record.meta, key)):
            near = ctx.names.near(key, name)
            if not near:
                continue
            other, count = near[0]
            own = ctx.names.uses[key][name]
            yield Finding(
                f"{noun} '{name}' looks like '{other}', which {count} post-mortem"
                f"{'s use' if count != 1 else ' uses'} ('{name}': {own}); one {noun} written two "
                f"ways splits its incidents on the dashboard and its {noun} page: write '{other}', "
                f"or if they are different {key}, add '{name}' to lint.distinct_names",
                (key, index),
                guess=True,
            )


# --- action items -------------------------------------------------------------


@rule("action-items-present", "warning", "Once out of draft, a post-mortem has action items.")
def action_items_present(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    if _reviewed(record) and not record.meta.action_items and not record.unread(("action_items",)):
        yield Finding(
            "no action items; list what will detect, mitigate or prevent a recurrence",
            ("status",),
        )


@rule("action-item-verb", "warning", "Each action starts with a verb (Add, Alert, Migrate...).")
def action_item_verb(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    for index, item in enumerate(record.action_items):
        if item.action is None:
            continue
        word = language.first_word(item.action)
        if language.not_an_imperative(word, ctx.extra_verbs):
            yield Finding(
                f"{_item_name(item.id, index)} starts with '{word}'; start with a verb that says what will be done "
                "(Add, Migrate, Document...), or add the verb to lint.action_verbs",
                ("action_items", index, "action"),
            )


@rule(
    "action-item-specific",
    "warning",
    "Each action is specific and bounded, not 'improve monitoring'.",
)
def action_item_specific(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    for index, item in enumerate(record.action_items):
        if item.action is None:
            continue
        text = item.action.strip()
        vague = any(p.search(text) for p in language.VAGUE_ACTIONS)
        short = len(text.split()) < language.MIN_ACTION_WORDS
        if vague or short:
            yield Finding(
                f"{_item_name(item.id, index)} '{text}' is too vague to finish; say what, where and how to tell it is "
                "done (e.g. 'Add an alert when pool utilisation exceeds 80% for 5 minutes')",
                ("action_items", index, "action"),
            )


#: How far out an action item may be due before the date looks like a typo or a
#: wish: a year after the incident.
DUE_HORIZON_DAYS = 365


@rule(
    "action-item-due",
    "warning",
    "Each action is due after the incident started and within a year of it.",
)
def action_item_due(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    started = record.meta.timeline.started
    if started is None:
        return
    day = started.astimezone(dt.timezone.utc).date()
    for index, item in enumerate(record.action_items):
        if item.due is None:
            continue
        name = _item_name(item.id, index)
        days = (item.due - day).days
        if days < 0:
            yield Finding(
                f"{name} is due {item.due}, before the incident started ({day}); check the year",
                ("action_items", index, "due"),
            )
        elif days > DUE_HORIZON_DAYS:
            yield Finding(
                f"{name} is due {item.due}, {days} days after the incident started; "
                "check the year, or split it into steps due within a year",
                ("action_items", index, "due"),
            )


# --- blameless language -------------------------------------------------------


@dataclass(frozen=True)
class _Prose:
    """A piece of prose of a post-mortem: a frontmatter value or a body line."""

    loc: Loc | str
    #: the file line of the key, or of the body line
    line: int
    text: str
    #: set for a frontmatter value, which may span several lines
    record: Reading | None = None
    #: a body line under a heading such as "Attendees", listing who took part
    among_people: bool = False
    #: an action item, which starts with its verb
    imperative: bool = False

    def line_at(self, offset: int) -> int:
        """The file line holding character ``offset`` of the text."""
        if self.record is None or not isinstance(self.loc, tuple):
            return self.line
        return value_line(self.record, self.loc, self.text, offset)


def value_line(record: Reading, loc: Loc, value: str, offset: int) -> int:
    """The file line of character ``offset`` of the string ``value`` written at key ``loc``.

    A value may run over several lines: a block scalar (``root_cause: |`` or
    ``>``) or a plain or quoted one that YAML folds. Folding and indentation
    change only whitespace, so the n-th non-blank character of the value is the
    n-th one written after the key (after an opening quote, or from the line
    after a block scalar's ``|`` or ``>``). Read again from the file only when a
    rule has a finding to place.
    """
    key_line = record.src.line_of(loc)
    name = loc[-1]
    last = record.body_line - 2  # the line before the closing fence
    lines = _raw_lines(record)
    if not isinstance(name, str) or not 0 < key_line <= min(last, len(lines)):
        return key_line
    first = lines[key_line - 1][1]
    at = first.find(f"{name}:")
    if at < 0:
        return key_line
    rest = first[at + len(name) + 1 :].lstrip()
    pieces: list[tuple[int, str]] = []
    if rest[:1] not in ("|", ">"):  # a block scalar's header line holds none of its text
        pieces.append((key_line, rest[1:] if rest[:1] in ("'", '"') else rest))
    pieces += lines[key_line:last]
    before = sum(not c.isspace() for c in value[:offset])
    for number, text in pieces:
        count = sum(not c.isspace() for c in text)
        if before < count:
            return number
        before -= count
    return key_line


def _texts(record: Reading) -> Iterator[_Prose]:
    """Every piece of prose of a post-mortem, with its key and file line."""
    meta = record.meta
    src = record.src
    if meta.title:
        yield _Prose(("title",), src.line_of(("title",)), meta.title, record)
    if meta.root_cause:
        yield _Prose(("root_cause",), src.line_of(("root_cause",)), meta.root_cause, record)
    if meta.impact and meta.impact.summary:
        loc = ("impact", "summary")
        yield _Prose(loc, src.line_of(loc), meta.impact.summary, record)
    for index, item in enumerate(record.action_items):
        if item.action:
            at: Loc = ("action_items", index, "action")
            yield _Prose(at, src.line_of(at), item.action, record, imperative=True)
    yield from _body_prose(md.prose_lines(record.body, record.body_line))


def _body_prose(lines: Iterable[md.ProseLine]) -> Iterator[_Prose]:
    """Body lines as prose, each knowing whether it is under a people heading."""
    among_people = actions = False
    for prose in lines:
        found = md.heading(prose.text)
        if found:
            title = found[1].strip(" :")
            among_people = language.PEOPLE_HEADING.fullmatch(title) is not None
            actions = _ACTIONS_HEADING.fullmatch(title) is not None
        yield _Prose("body", prose.line, prose.text, among_people=among_people, imperative=actions)


_ACTIONS_HEADING = re.compile(r"(?:action items?|actions|follow[- ]ups?|next steps)", re.I)


_ORIGINAL_HEADING = re.compile(r"##\s+original report\s*#*\s*", re.I)
_OPENING_FENCE = re.compile(r"(`{3,}|~{3,})")


def _original_block(record: Reading) -> tuple[int, int] | None:
    """Where the source text an importer kept under ``## Original report`` sits: the body's
    indices of its fenced block's first line and of the line after its last."""
    body = record.body
    if "riginal report" not in body and "RIGINAL REPORT" not in body:
        return None
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if not _ORIGINAL_HEADING.fullmatch(line.strip()):
            continue
        opening = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        fence = _OPENING_FENCE.match(lines[opening]) if opening is not None else None
        if opening is None or fence is None:
            return None
        run = fence.group(1)
        end = next(
            (
                i
                for i in range(opening + 1, len(lines))
                if lines[i].startswith(run[0] * len(run)) and not lines[i].strip(run[0]).strip()
            ),
            len(lines),
        )
        return opening + 1, end
    return None


def _original_report(record: Reading) -> list[_Prose]:
    """The prose of the source text an importer kept under ``## Original report``:
    the lines of its fenced block, read as the Markdown they are."""
    block = _original_block(record)
    if block is None:
        return []
    first, end = block
    inner = "\n".join(record.body.split("\n")[first:end])
    return list(_body_prose(md.prose_lines(inner, record.body_line + first)))


@rule(
    "blameless-language",
    "error",
    "No blame: no 'human error', 'X's fault', 'should have known', @handles "
    "(quoted or negated: a warning).",
)
def blameless_language(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    texts = list(_texts(record))
    find = language.blame_checker("\n".join(prose.text for prose in texts))
    for prose in texts:
        loc, text = prose.loc, prose.text
        for phrase, advice, doubt, doubtful, start in find(text):
            line = prose.line_at(start)
            if doubt is None or doubtful:
                yield Finding(f"'{phrase}': {advice}", loc, line, guess=doubtful)
            else:
                # Quoted or negated: perhaps someone else's words, or a
                # rejection of blame ("this was not human error").
                yield Finding(
                    f"'{phrase}' {doubt}: leave it if the sentence quotes someone or "
                    f"rejects the blame; otherwise {advice}",
                    loc,
                    line,
                    guess=True,
                )
        for handle in language.HANDLE.finditer(text) if "@" in text else ():
            if (
                handle.group(0).lower() not in language.BROADCAST_MENTIONS
                and handle.group(0)[1:] not in ctx.allowed_words
            ):
                yield Finding(
                    f"'{handle.group(0)}' names a person; use their role (the on-call engineer, the "
                    "incident commander)",
                    loc,
                    prose.line_at(handle.start()),
                )


@rule("personal-names", "warning", "People are named by role, not by name.")
def personal_names(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    texts = list(_texts(record))
    original = _original_report(record)
    # Words the post-mortem uses for things are never a person's name: its own
    # team and service names, and what it writes after an article or in lower
    # case (@handles blanked: a handle's own word is no evidence).
    whole = "\n".join([*(prose.text for prose in texts), *(prose.text for prose in original)])
    # The names the report gives its own teams, services and code (read from the
    # body: prose lines have their code blanked) are things even where one is
    # also a given name (a service `oscar-api`: "Oscar restarted the workers").
    things = {
        word.lower()
        for name in [*record.meta.teams, *record.meta.services]
        if isinstance(name, str)
        for word in re.split(r"[\s_-]+", name)
    } | language.code_words(record.body)
    not_names = language.WordsOnDemand(
        lambda: language.thing_words(language.HANDLE.sub(" ", whole)) | things
    )
    # An owner is a team or role (a person there is reported below): its handle is not a person.
    owners = {
        word
        for item in record.action_items
        if item.owner and not _has_a_name(item.owner, ctx)
        for word in re.split(r"[\s_-]+", item.owner.lower())
    }
    every = [*((p, False) for p in texts), *((p, True) for p in original)]
    found = [
        language.personal_name_spans(
            p.text, ctx.allowed_words, not_names, p.imperative, frozenset(things)
        )
        for p, _ in every
    ]
    # A word the report names as a person in one place is that person everywhere:
    # "Ana noticed the lag" makes "Ana restarted the pods" hers, where a system
    # could have restarted them.
    people = language.person_words(name for names in found for name, _ in names)
    for (prose, in_original), names in zip(every, found):
        loc, text = prose.loc, prose.text
        if people is not None:
            names = language.merge_names(names, language.mentions(text, people))
        listed = (
            language.listed_people(text, ctx.allowed_words, not_names) if prose.among_people else []
        )
        if listed:
            where = (
                "in the original report, the source's text that the incident page publishes as "
                "it is; redact them there too, "
                if in_original
                else ""
            )
            yield Finding(
                f"{', '.join(repr(name) for name, _ in listed)} look like people listed by name "
                f"or initials {where}listing the teams or roles that took part instead (or add "
                "the words to lint.allowed_words)",
                loc,
                prose.line_at(listed[0][1]),
            )
        if in_original:
            mentions = language.HANDLE.finditer(text) if "@" in text else ()
            names += [
                (h.group(0), h.start())
                for h in mentions
                if h.group(0).lower() not in language.BROADCAST_MENTIONS
                and h.group(0)[1:] not in ctx.allowed_words
                # A team's handle (@billing-platform) is made of words the report uses.
                and not all(
                    word in not_names or word in owners
                    for word in re.split(r"[-_]+", h.group(0)[1:].lower())
                )
            ]
        for name, start in sorted(names, key=lambda pair: pair[1]):
            if in_original:
                message = (
                    f"'{name}' looks like a person's name in the original report, the source's "
                    "text that the incident page publishes as it is; redact it there too: "
                    "replace the name with the role or team in that block (or add the word "
                    "to lint.allowed_words)"
                )
            else:
                message = (
                    f"'{name}' looks like a person's name; use a role or team instead "
                    "(or add the word to lint.allowed_words)"
                )
            yield Finding(message, loc, prose.line_at(start))
        for address in language.EMAIL.finditer(text) if "@" in text else ():
            if _has_a_name(address.group(0).split("@")[0], ctx):
                yield Finding(
                    f"'{address.group(0)}' looks like a person's e-mail address; name the team's "
                    "mailbox or the role instead (or add the word to lint.allowed_words)",
                    loc,
                    prose.line_at(address.start()),
                )
    for key in ("authors", "reviewers"):
        for index, who in enumerate(getattr(record.meta, key)):
            if _has_a_name(who, ctx):
                yield Finding(
                    f"'{who}' looks like a person; list the role or team that wrote or reviewed it",
                    (key, index),
                )
    # An owner is a team or role (the format's word): a person's handle or
    # e-mail address is a person too, where an author may be a handle.
    for index, item in enumerate(record.action_items):
        owner = item.owner
        if owner is None:
            continue
        handles = [h for h in language.HANDLE.findall(owner) if h[1:] not in ctx.allowed_words]
        if _has_a_name(owner, ctx) or handles or language.EMAIL.search(owner):
            yield Finding(
                f"{_item_name(item.id, index)} owner '{owner}' looks like a person; an owner is "
                "the team or role that will do it (or add the word to lint.allowed_words)",
                ("action_items", index, "owner"),
            )


def _has_a_name(who: str, ctx: LintContext) -> bool:
    """Whether a handle or name such as ``jane-doe`` or ``Jane Doe`` holds a given name."""
    words = re.sub(r"[-_.]", " ", who).title()
    return bool(language.personal_names(words, ctx.allowed_words))


# --- rhythm: 48 hours to publish, four weeks to review ------------------------


@rule("published-48h", "warning", "The report is published within 48 hours of resolution.")
def published_48h(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    resolved, published = record.meta.timeline.resolved, record.meta.published
    if resolved is None or published is None:
        return
    resolved_day = resolved.astimezone(dt.timezone.utc).date()
    days = (published - resolved_day).days
    if days < 0:
        yield Finding(
            f"published {published} is before the incident was resolved ({resolved_day})",
            ("published",),
        )
    elif days > 2:
        yield Finding(
            f"published {days} days after resolution; share the report within 48 hours, "
            "while memories and logs are fresh",
            ("published",),
        )


@rule(
    "follow-up-review",
    "warning",
    "A follow-up review is scheduled two to six weeks after resolution.",
)
def follow_up_review(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    meta = record.meta
    if not _reviewed(record):
        return
    review, resolved = meta.follow_up_review, meta.timeline.resolved
    if review is None and record.unread(("follow_up_review",)):
        return
    if review is None:
        yield Finding(
            "no follow_up_review date; schedule a review of the action items about four weeks out",
            ("follow_up_review",),
            record.src.key_lines.get(("status",), 1),
        )
        return
    if resolved is None:
        return
    days = (review - resolved.astimezone(dt.timezone.utc).date()).days
    if not 14 <= days <= 42:
        yield Finding(
            f"follow_up_review is {days} days after resolution; schedule it 2 to 6 weeks out",
            ("follow_up_review",),
        )


# --- body ---------------------------------------------------------------------

_EXPECTED = {s.lower(): i for i, s in enumerate(md.SECTIONS)}


@rule("body-sections", "warning", "The body has the format's sections, in order.")
def body_sections(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    found = md.headings(record.body, record.body_line)
    for heading in found:
        if heading.level == 1:
            yield Finding(
                "the page title comes from `title`; start body headings at ##",
                "body",
                heading.line,
            )
    h2 = [h for h in found if h.level == 2]
    last_index, last_title = -1, ""
    present = set()
    near: dict[int, Heading] = {}
    for heading in h2:
        index = _EXPECTED.get(heading.title.lower())
        if index is None:
            close = _near_section(heading.title)
            if close is not None:
                near.setdefault(close, heading)
            continue
        present.add(index)
        if index < last_index:
            yield Finding(
                f"section '{heading.title}' comes after '{last_title}'; the order is "
                + ", ".join(md.SECTIONS),
                f"body:## {heading.title}",
                heading.line,
            )
        else:
            last_index, last_title = index, heading.title
    for index, heading in sorted(near.items()):
        if index in present:
            continue
        section = md.SECTIONS[index]
        yield Finding(
            f"'## {heading.title}' is not a section of the format; name it '## {section}' "
            f"so that the site and the checks read it as the {section.lower()}",
            f"body:## {heading.title}",
            heading.line,
        )
    if _reviewed(record):
        missing = [s for i, s in enumerate(md.SECTIONS) if i not in present and i not in near]
        if missing:
            yield Finding(
                "missing section"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(f"## {s}" for s in missing),
                "body",
                record.body_line,
            )


def _near_section(title: str) -> int | None:
    """The format's section a heading seems meant to be: one it starts with
    ("Timeline (all times UTC)", "Root Cause Analysis") or one it is close to
    ("5 Whys", "1. Summary")."""
    low = title.lower()
    for index, section in enumerate(md.SECTIONS):
        if low.startswith(section.lower()):
            return index
    close = difflib.get_close_matches(low, list(_EXPECTED), n=1, cutoff=0.6)
    return _EXPECTED[close[0]] if close else None


_SEVERITY_WORD = re.compile(r"\bSEV[ -]?([1-4])\b", re.I)


@rule("summary-severity", "warning", "The summary names the severity the frontmatter gives.")
def summary_severity(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    severity = record.meta.severity
    if severity is None:
        return
    for prose in md.section_lines(record.body, record.body_line, "Summary"):
        if "sev" not in prose.text.lower():
            continue
        said = {f"SEV{m.group(1)}" for m in _SEVERITY_WORD.finditer(prose.text)}
        if said and severity.value not in said:
            yield Finding(
                f"the summary says {', '.join(sorted(said))} but severity is "
                f"{severity.value}; make them agree",
                "body:## Summary",
                prose.line,
            )


@rule(
    "summary-duration",
    "warning",
    "A duration the summary gives the incident agrees with the timeline's times.",
)
def summary_duration(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    timeline = record.meta.timeline
    started = timeline.started
    times = [
        getattr(timeline, key)
        for key in ("started", "detected", "acknowledged", "mitigated", "resolved")
        if getattr(timeline, key) is not None
    ]
    if started is None or times != sorted(times):
        return  # times out of order are the format's error, and measure nothing
    spans = {
        "from started to mitigated": timeline.mitigated,
        "from started to resolved": timeline.resolved,
    }
    whole = {name: (end - started).total_seconds() for name, end in spans.items() if end}
    if not whole:
        return
    for prose in _summaries(record):
        for stated in durations.stated_durations(prose.text):
            actual = whole
            said = f"'{stated.text}'"
            if stated.phase is not None and stated.phase.step != "started":
                words = stated.phase.text  # "After the rollback" may open the sentence
                said += f" {words[:1].lower()}{words[1:]}"
            if stated.phase is not None:
                # A length tied to a step ("for 20 minutes after the rollback") is
                # that phase's, not the incident's: compared with the phase when the
                # timeline places the step, else only held to the incident's length.
                placed = _phase_spans(record, stated.phase)
                if placed is None:
                    longest = max(whole.values())
                    if durations.fits(stated, longest):
                        continue
                    yield Finding(
                        f"the summary says {said} but the whole "
                        f"incident, from started to {'resolved' if timeline.resolved else 'mitigated'}, "
                        f"is {durations.say(longest)}; correct the figure or the times, or say "
                        "what else the duration measures",
                        prose.loc,
                        prose.line_at(stated.start),
                        guess=True,
                    )
                    continue
                actual = placed
            if stated.clock is not None:
                # A range of times: inside the timeline, or no longer than it when no
                # zone places it.
                zones = durations.zones(stated, started)
                end = timeline.resolved or timeline.mitigated
                assert end is not None
                if not zones and durations.fits(stated, max(actual.values())):
                    continue
                if any(durations.within(stated, zone, started, end) for zone in zones):
                    continue
                if zones:
                    named = {"started": started, "mitigated": timeline.mitigated,
                             "resolved": timeline.resolved}  # fmt: skip
                    yield _outside(stated, zones[0], named, prose)
                    continue
            elif any(durations.agrees(stated, seconds) for seconds in actual.values()):
                continue
            gives = " and ".join(
                f"{durations.say(seconds)} {name}" for name, seconds in actual.items()
            )
            yield Finding(
                f"the summary says {said} but the timeline gives {gives}; correct "
                "the figure or the times, or say what else the duration measures",
                prose.loc,
                prose.line_at(stated.start),
                guess=True,
            )


def _phase_spans(record: Reading, phase: durations.Phase) -> dict[str, float] | None:
    """The lengths the timeline gives a phase, by the times they run between: from
    the step to mitigated and to resolved for a length after it, from started to
    the step for one before it. None when the step cannot be placed: a step no
    timeline key names and no row of the body's timeline table, or more rows than
    are worth listing."""
    timeline = record.meta.timeline
    started = timeline.started
    if phase.step is None or started is None:
        return None
    key, pattern = durations.STEPS[phase.step]
    steps: dict[str, dt.datetime] = {}
    if key is not None:
        at = getattr(timeline, key)
        if at is not None:
            steps[key] = at
    else:
        table = md.timeline_table(record.body, record.body_line, started)
        if table.other_zone:
            return None  # times in a zone the table does not say are no times to compare
        last = timeline.resolved or timeline.mitigated
        # A row gives the minute only: one in the minute the incident started is in it.
        first = started.replace(second=0, microsecond=0)
        times = sorted(
            {
                row.at
                for row in table.rows
                if row.at is not None
                and first <= row.at
                and (last is None or row.at <= last)
                and pattern.search(row.event)
            }
        )
        # Rows that may each be the step ("restart chosen", "restart complete"): the
        # length agrees when it is the phase of any of them.
        if len(times) > _MOST_STEP_ROWS:
            return None
        steps = {f"{phase.step} ({at.astimezone(dt.timezone.utc):%H:%M} UTC)": at for at in times}
    spans: dict[str, float] = {}
    for label, at in steps.items():
        if phase.after:
            ends = {"mitigated": timeline.mitigated, "resolved": timeline.resolved}
            for name, end in ends.items():
                if end is not None and end > at:
                    spans[f"from {label} to {name}"] = (end - at).total_seconds()
        elif at > started:
            spans[f"from started to {label}"] = (at - started).total_seconds()
    return spans or None


#: More rows than this that name a step leave it unplaced.
_MOST_STEP_ROWS = 3


def _outside(
    stated: durations.Stated,
    zone: dt.timezone,
    times: dict[str, dt.datetime | None],
    prose: _Prose,
) -> Finding:
    """A range of times outside the timeline's, which it gives in the zone written."""
    clock = stated.clock
    assert clock is not None
    fmt = "%Y-%m-%d %H:%M" if clock.dated else "%H:%M"
    gives = ", ".join(
        f"{name} {moment.astimezone(zone).strftime(fmt)}"
        for name, moment in times.items()
        if moment is not None
    )
    return Finding(
        f"the summary says '{stated.text}' but the timeline gives {gives} "
        f"{clock.zone or 'UTC'}; correct the times in one of them, or say what else the "
        "range measures",
        prose.loc,
        prose.line_at(stated.start),
        guess=True,
    )


def _summaries(record: Reading) -> Iterator[_Prose]:
    """The ``## Summary`` section as one text (a sentence may wrap), and ``impact.summary``."""
    lines = md.section_lines(record.body, record.body_line, "Summary")
    if lines:
        text = " ".join(p.text for p in lines)
        yield _Section("body:## Summary", lines[0].line, text, lines=lines)
    impact = record.meta.impact
    if impact is not None and impact.summary:
        loc = ("impact", "summary")
        yield _Prose(loc, record.src.line_of(loc), impact.summary, record)


@dataclass(frozen=True)
class _Section(_Prose):
    """A body section's lines joined with spaces, each offset still on its line."""

    lines: list[md.ProseLine] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        for prose in self.lines:
            if offset <= len(prose.text):
                return prose.line
            offset -= len(prose.text) + 1
        return self.line


#: Fewer whys than this, in a report out of draft, stop before the system.
MIN_WHYS = 3


@rule(
    "five-whys",
    "warning",
    "The five whys go past the first answers to the system: no chain that stops at a "
    "person or after two whys, no empty or repeated answer.",
)
def five_whys(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    chain = whys.read_whys(record.body, record.body_line)
    if not chain:
        return
    key = "body:## Five Whys"
    reviewed = _reviewed(record)
    for number, why in enumerate(chain, start=1):
        if reviewed and why.question and whys.is_empty(why.answer):
            shown = f"'{why.answer}'" if why.answer else "no answer"
            yield Finding(
                f"why {number} ('{why.question[:60]}') has {shown}; answer it, or take it out "
                "and ask the next why of the answer above",
                key,
                why.answer_line,
            )
        elif number > 1 and whys.repeats(chain[number - 2].answer, why.answer):
            yield Finding(
                f"why {number}'s answer repeats why {number - 1}'s nearly word for word; each "
                "answer says why the one above happened, one step further from the symptom",
                key,
                why.answer_line,
            )
    last = chain[-1]
    slip = whys.stops_at_a_person(last.answer)
    if slip is not None:
        yield Finding(
            f"the whys stop at a person ('{slip}'); ask one more: why did the system let "
            "that slip happen or reach users, and what would have caught it",
            key,
            last.answer_line,
            guess=True,
        )
    elif reviewed and len(chain) < MIN_WHYS and not whys.is_empty(last.answer):
        yield Finding(
            f"the whys stop after {len(chain)}; ask why again of this answer until one names "
            "a missing safeguard, process or decision (usually three to five whys)",
            key,
            last.answer_line,
        )


@rule("todo-left", "warning", "No TODO left from the template once out of draft.")
def todo_left(record: Reading, ctx: LintContext) -> Iterator[Finding]:
    # A TODO in the source an importer kept verbatim is the source's word (a "TODO" status
    # in its action table), not one left to fill in: nobody edits the original report.
    text = _raw_text(record)
    # TODO_NOTE matches "TODO" itself: a file without the word has no line to check.
    if text is None or "TODO" not in text:
        return
    block = _original_block(record)
    kept = range(record.body_line + block[0], record.body_line + block[1]) if block else range(0)
    todos = [
        (number, line)
        for number, line in _numbered(text)
        if "TODO" in line and TODO_NOTE.search(line) and number not in kept
    ]
    if not todos:
        return
    if not _reviewed(record):
        # Expected while drafting: one reminder rather than a wall of warnings,
        # naming what is left so that the author need not open every TODO.
        places = ", ".join(dict.fromkeys(_place_of(record, number) for number, _ in todos))
        yield Finding(
            f"{len(todos)} TODO{'s' if len(todos) > 1 else ''} left to fill in: {places} "
            "(fine while drafting; each is listed once the status is in-review)",
            "",
            todos[0][0],
        )
        return
    for number, text in todos:
        yield Finding(f"TODO left: {text.strip()[:80]}", "", number)


def _place_of(record: Reading, line: int) -> str:
    """The frontmatter key or the body section (``## Impact``) that holds file line ``line``."""
    if line < record.body_line:
        # The deepest key on the line (`timeline.detected`, not `timeline`), by its
        # name rather than an item of a list written on the same line.
        keys = [
            loc
            for loc, at in record.src.key_lines.items()
            if at == line and isinstance(loc[-1], str)
        ]
        return key_path(max(keys, key=len)) if keys else "frontmatter"
    section = "body"
    for heading in md.headings(record.body, record.body_line):
        if heading.line > line:
            break
        if heading.level <= 2:
            section = f"## {heading.title}"
    return section


def _raw_lines(record: Reading) -> list[tuple[int, str]]:
    text = _raw_text(record)
    return [] if text is None else _numbered(text)


def _raw_text(record: Reading) -> str | None:
    """The file's text with LF line ends; None when it cannot be read."""
    try:
        text = record.abs_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _numbered(text: str) -> list[tuple[int, str]]:
    # Split on newlines only: str.splitlines() also breaks at form feeds, U+2028
    # and the like, which editors show inside a line, and the numbers would drift.
    return [(i + 1, line) for i, line in enumerate(text.split("\n"))]
