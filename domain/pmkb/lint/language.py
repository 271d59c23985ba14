"""Word lists and patterns behind the language rules: blame, names, vague actions.

Heuristics, deliberately conservative: each finding is a prompt for the
author and the reviewer to look again, and every rule can be switched off or
taught project words in configuration.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

# Phrases that judge a person instead of describing a system. Each comes with
# what to write instead.
BLAME_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bhuman[ -]error\b", re.I),
        "'human error' ends the analysis; ask what let the error have this impact",
    ),
    (
        re.compile(r"(?:'s|s') fault\b|\bfault of\b|\bat fault\b", re.I),
        "assigning fault; describe the conditions instead",
    ),
    (
        re.compile(
            r"\bshould(?:'ve| have) (?:known|caught|noticed|checked|seen|realised|realized|tested)\b",
            re.I,
        ),
        "hindsight judgement; say what information was available at the time",
    ),
    # Not "lazy": lazy loading and lazy evaluation are techniques, not judgements.
    (
        re.compile(
            r"\bcareless(?:ly|ness)?\b|\bnegligen(?:t|ce)\b|\bsloppy\b|\bincompeten(?:t|ce)\b|\breckless(?:ly)?\b",
            re.I,
        ),
        "judges a person; describe the action and its context",
    ),
    (
        re.compile(r"\b(?:to blame|blamed|blaming)\b", re.I),
        "blame; describe contributing factors instead",
    ),
    (
        re.compile(r"\bdid(?:n't| not) bother\b", re.I),
        "judges motive; describe what the process asked for",
    ),
    (
        re.compile(
            r"\b(?:engineer|developer|dev|operator|admin(?:istrator)?|on-?call(?:er)?|responder|reviewer|"
            r"author|employee|intern|contractor|he|she|someone|somebody)s? (?:failed|forgot|neglected|ignored)\b",
            re.I,
        ),
        "points at a person; say what the system or process did not provide",
    ),
    (
        # Whoever the subject ("Sam forgot to", "we neglected to"): only people forget.
        re.compile(r"\b(?:forgot|neglected) to\b", re.I),
        "points at a person; say what the system or process did not provide",
    ),
)

# Phrases that may single out a person, or may be about a group: warnings
# that say what they saw ("New engineers get no training on the tool" is an
# organisational factor; "the new engineer ran the script" points at one).
DOUBTFUL_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:new|junior|inexperienced|newly hired)[ -](?:engineer|developer|dev|operator|"
            r"admin|sre|hire|employee|team member|intern|on-?call(?:er)?)s?\b",
            re.I,
        ),
        "may single out a person by experience; say what onboarding, tooling or review "
        "gave them (leave it if it is about a group)",
    ),
)

# Cheap substring tests that must hold before a phrase's regex is worth running:
# Python's regex engine is slow on word boundaries and alternations, and these
# rules read every line of every post-mortem.
_KEYWORDS: tuple[tuple[str, ...], ...] = (
    ("error",),
    ("fault",),
    ("should",),
    ("careless", "negligen", "sloppy", "incompeten", "reckless"),
    ("blam",),
    ("bother",),
    ("failed", "forgot", "neglected", "ignored"),
    ("forgot", "neglected"),
)
_DOUBTFUL_KEYWORDS: tuple[tuple[str, ...], ...] = (("new", "junior", "inexperienced"),)


class BlamePhrase(NamedTuple):
    phrase: str
    advice: str
    #: why the phrase may not be the report's own judgement ("in a quotation",
    #: "after 'not'"), or None when it plainly is
    doubt: str | None
    #: True for a phrase of DOUBTFUL_PHRASES, which is a guess wherever it is
    doubtful: bool = False
    #: where the phrase starts in the text searched
    start: int = 0


def blame_checker(whole_text: str) -> Callable[[str], list[BlamePhrase]]:
    """A function finding blaming phrases in one line of ``whole_text``.

    Only the phrases whose keywords occur somewhere in the whole text are
    searched line by line; in a clean post-mortem that is none of them. Where
    two phrases overlap ("the engineer forgot to"), the first one found is kept.
    """
    low = whole_text.lower()
    active = [
        (pattern, advice, doubtful)
        for keywords, (pattern, advice), doubtful in [
            *((k, p, False) for k, p in zip(_KEYWORDS, BLAME_PHRASES)),
            *((k, p, True) for k, p in zip(_DOUBTFUL_KEYWORDS, DOUBTFUL_PHRASES)),
        ]
        if any(k in low for k in keywords)
    ]

    def find(text: str) -> list[BlamePhrase]:
        found: list[BlamePhrase] = []
        taken: list[tuple[int, int]] = []
        for pattern, advice, doubtful in active:
            for m in pattern.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append(m.span())
                doubt = not_in_own_voice(text, m.start())
                found.append(BlamePhrase(m.group(0), advice, doubt, doubtful, m.start()))
        return found

    return find


def blame_phrases(text: str) -> list[BlamePhrase]:
    """(phrase, advice, doubt) for each blaming phrase in ``text``."""
    return blame_checker(text)(text)


# Someone else's words: a Markdown blockquote, or text between double quotes
# (a customer's message, a log line, a phrase the report mentions to reject).
_BLOCKQUOTE = re.compile(r"\s{0,3}>")
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')
# A negation just before a phrase turns it into its rejection: "not human
# error", "no one was at fault", "nobody is to blame", "instead of blaming".
_NEGATIONS = frozenset({"not", "no", "never", "nobody", "none", "nor", "without", "instead"})
_CLAUSE_END = re.compile(r"[.!?;:]\s|\bbut\b", re.I)


def not_in_own_voice(text: str, start: int) -> str | None:
    """Why the phrase at ``text[start:]`` may not be the report's own judgement.

    "in a quotation" for a blockquote or quoted text; "after 'not'" when one of
    the four words before it, in the same clause (up to a "but"), is a
    negation; else None.
    """
    if _BLOCKQUOTE.match(text):
        return "in a quotation"
    quoted = '"' in text or "\u201c" in text
    if quoted and any(m.start() < start < m.end() for m in _QUOTED.finditer(text)):
        return "in a quotation"
    clause = _CLAUSE_END.split(text[:start])[-1]
    for word in reversed(re.findall(r"[\w'-]+", clause.lower())[-4:]):
        if word in _NEGATIONS or word.endswith("n't"):
            return f"after '{word}'"
    return None


# @handles, but not e-mail addresses or decorators inside words.
HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z][A-Za-z0-9_-]{1,38}\b")
# Chat mentions that notify a whole channel, not a person.
BROADCAST_MENTIONS = frozenset({"@here", "@channel", "@everyone", "@all"})
# An e-mail address: someone's mailbox, where a team or role is asked for.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# Given names that are also ordinary English words are left out of the list,
# so that "Will the cache..." or "Grant access" are not flagged.
_NAME_WORD = re.compile(r"\b[A-Z][a-z]{2,}\b")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    text = resources.files("pmkb.lint").joinpath("given_names.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def personal_names(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    return [name for name, _ in personal_name_spans(text, allowed)]


def personal_name_spans(text: str, allowed: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """(name, where it starts in ``text``) for each given name in ``text``."""
    names = given_names()
    return [
        (m.group(0), m.start())
        for m in _NAME_WORD.finditer(text)
        if m.group(0) in names and m.group(0) not in allowed
    ]


# Words an action item should not start with: it then reads as a wish or a
# topic ("Better alerting", "The runbook", "Improving tests") instead of a task.
# Any other first word is taken for an imperative verb: English has too many
# verbs (Quantify, Coalesce, Canary...) for an allow-list to be fair.
NOT_VERBS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "our",
        "their",
        "its",
        "my",
        "your",
        "we",
        "they",
        "it",
        "there",
        "he",
        "she",
        "someone",
        "somebody",
        "more",
        "better",
        "less",
        "fewer",
        "new",
        "improved",
        "additional",
        "further",
        "proper",
        "possible",
        "possibly",
        "maybe",
        "perhaps",
        "should",
        "must",
        "could",
        "would",
        "need",
        "needs",
        "needed",
        "might",
        "may",
        "will",
        "shall",
        "can",
        "consider",
        "considering",
        "tbd",
        "todo",
        "tba",
        "na",
        "n/a",
        "none",
        "some",
        "any",
        "all",
        "each",
        "every",
        "other",
        "general",
        "various",
        "overall",
        # An action phrased as a question ("Why did the alert not fire?") asks
        # for an answer instead of saying what will be done.
        "what",
        "why",
        "how",
        "when",
        "where",
        "who",
        "which",
        "whether",
        "is",
        "are",
        "was",
        "were",
        "does",
        "did",
    ]
)
# Words that look like nouns or participles by their ending but are verbs.
VERBS_WITH_NOUN_ENDINGS = frozenset(
    [
        "document",
        "implement",
        "comment",
        "augment",
        "segment",
        "experiment",
        "reference",
        "balance",
        "enhance",
        "silence",
        "sequence",
        "influence",
        "evidence",
        "embed",
        "seed",
        "feed",
        "speed",
        "proceed",
        "exceed",
        "succeed",
        "shed",
        "bring",
        "string",
        "ring",
        "sing",
        "commission",
        "decommission",
        "position",
        "provision",
        "partition",
        "function",
        "mention",
        "question",
        "station",
        "caution",
        "ration",
        "condition",
        "version",
        "section",
        "auction",
        "pension",
        "sanction",
        "fashion",
        "cushion",
    ]
)
_NOUN_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ed")


def not_an_imperative(word: str, extra_verbs: frozenset[str] = frozenset()) -> bool:
    """True when ``word`` (lower case) clearly does not start an instruction."""
    if not word or word in extra_verbs or word in VERBS_WITH_NOUN_ENDINGS:
        return False
    return word in NOT_VERBS or (len(word) > 4 and word.endswith(_NOUN_ENDINGS))


# Actions that cannot be finished because nobody can tell when they are done.
# A vague topic stays vague with a short qualifier that has no figure in it:
# "Improve monitoring and alerting for the checkout service".
_TOPIC = (
    r"(?:monitoring|alerting|testing|tests|documentation|docs|communication|"
    r"process(?:es)?|reliability|observability|resilience|stability|performance|quality)"
)
_QUALIFIER = r"(?: (?:for|of|on|in|around|across|of the|in the)(?: [^\s\d]+){1,4})?\.?$"
VAGUE_ACTIONS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        rf"^improve (?:the |our )?{_TOPIC}(?: (?:and|&) {_TOPIC})?{_QUALIFIER}",
        r"^investigate (?:the )?(?:issue|issues|problem|problems|incident|root cause|it|this)"
        r"(?: further)?" + _QUALIFIER,
        r"^look into\b",
        r"^be (?:more )?careful\b",
        r"^fix (?:the )?(?:bug|bugs|issue|issues|problem|it|this)\.?$",
        rf"^(?:better|more) {_TOPIC}(?: (?:and|&) {_TOPIC})?{_QUALIFIER}",
        r"^monitor (?:it|this|the situation)\.?$",
        r"^follow[ -]up\b",
        r"^(?:tbd|todo|n/?a|tba)\.?$",
        r"^double[- ]check\b",
    )
)

MIN_ACTION_WORDS = 4


def first_word(text: str) -> str:
    match = re.match(r"\s*([A-Za-z][A-Za-z-]*)", text)
    return match.group(1).lower() if match else ""
