"""Word lists and patterns behind the language rules: blame, names, vague actions.

Heuristics, deliberately conservative: each finding is a prompt for the
author and the reviewer to look again, and every rule can be switched off or
taught project words in configuration.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from pmkb.lint.folding import lowered_twin

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
        (keywords, pattern, advice, doubtful)
        for keywords, (pattern, advice), doubtful in [
            *((k, p, False) for k, p in zip(_KEYWORDS, BLAME_PHRASES)),
            *((k, p, True) for k, p in zip(_DOUBTFUL_KEYWORDS, DOUBTFUL_PHRASES)),
        ]
        if any(k in low for k in keywords)
    ]

    def find(text: str) -> list[BlamePhrase]:
        found: list[BlamePhrase] = []
        taken: list[tuple[int, int]] = []
        # The keywords sift lines too, but only ASCII ones: elsewhere a case-blind
        # pattern may match letters that lower() does not turn into its keyword
        # (the long s of "\u017fhould"), which the whole text's keywords admit.
        low = text.lower() if text.isascii() else None
        for keywords, pattern, advice, doubtful in active:
            if low is not None and not any(k in low for k in keywords):
                continue
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


def personal_name_spans(
    text: str,
    allowed: frozenset[str] = frozenset(),
    not_names: Container[str] = frozenset(),
    imperative: bool = False,
    things: frozenset[str] = frozenset(),
) -> list[tuple[str, int]]:
    """(name, where it starts in ``text``) for each person named in ``text``.

    A person is a given name of the list, or a capitalised word or full name
    standing where only a person stands (:func:`names_by_place`). ``allowed``
    words are never names; nor are ``not_names`` (lower case: the post-mortem's
    own team and service names) in a person's place, nor ``things`` (lower case:
    the names the report gives its services, teams and code) anywhere.
    """
    names = given_names()
    # Most lines hold no given name at all: one search in C tells, before a loop
    # in Python over every capitalised word.
    found = (
        {}
        if names.isdisjoint(_NAME_WORD.findall(text))
        else {
            m.start(): m.group(0)
            for m in _NAME_WORD.finditer(text)
            if m.group(0) in names
            and m.group(0) not in allowed
            and m.group(0).lower() not in things
        }
    )
    by_place = names_by_place(text, allowed, not_names, imperative)
    if not found and not by_place:
        return []
    for name, start in by_place:
        # A full name takes the place of the given name it starts with.
        covered = [at for at in found if start <= at < start + len(name)]
        if all(len(found[at]) < len(name) for at in covered):
            for at in covered:
                del found[at]
            found[start] = name
    return sorted(((name, start) for start, name in found.items()), key=lambda pair: pair[1])


# --- names by their place in the sentence -------------------------------------
# A name of any language is found by where it stands: the subject of a verb
# only people do ("Rasmus noticed", "Ana and Ivo discussed"), the object of one
# ("asked Ivo to", "pinged Ana", "cc Ana", "thanks, Ana Lind", "handed the
# issue over to Ivo", "let Ana know"), or beside a role ("the incident manager
# (Ana Lind)"). A name is one to three capitalised words, with the particles of
# surnames between them ("Ana de Lind"); a word with a capital inside
# (JupyterHub, PagerDuty) or in capitals (AWS) is a product, never a name.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
_WORD = f"[{_UPPER}][{_LOWER}]+"
_PARTICLE = r"(?:de|da|di|del|der|den|van|von|la|le|du|dos|ter|bin|al)"
_NAME = rf"{_WORD}(?:[ ]+(?:{_PARTICLE}[ ]+)?{_WORD}){{0,2}}"
_NAMES = rf"{_NAME}(?:,[ ]*{_NAME})*(?:,?[ ]+(?:and|&)[ ]+{_NAME})?"
_ONE_NAME = re.compile(_NAME)
_PARTICLE_WORD = re.compile(_PARTICLE)

# Verbs whose subject is a person: saying, thinking, taking part. Verbs a
# program does as well (found, reported, started, notified, decided) are not
# evidence; nor is a passive ("Alert noticed by the on-call engineer").
_PERSON_VERBS = (
    r"(?:said|says|asked|asks|told|tells|noted|notes|noticed|notices|realised|realises|"
    r"realized|realizes|thought|thinks|believed|believes|suspected|suspects|discussed|"
    r"discusses|discuss|discussing|arrived|arrives|agreed|agrees|suggested|suggests|"
    r"mentioned|mentions|volunteered|volunteers|handed|hands|pinged|pings|messaged|"
    r"emailed|e-mailed|phoned|diagnosed|diagnoses|assessed|assesses|investigated|"
    r"investigates|shared|shares|explained|explains|was assigned|were assigned|"
    r"reports that|reported that|confirmed that|confirms that|"
    # What only people do in an incident: be paged, join the call, take it over.
    r"(?:was|were|got) paged|joined the (?:bridge|call|incident|channel|war room|huddle|meeting)|"
    r"took over (?:the )?(?:incident|bridge|call|command)|stepped in|reached out|"
    r"acknowledged the (?:page|alert))"
)
_BY_SUBJECT = re.compile(
    rf"(?<![\w@/.-])(?P<who>{_NAMES})[ ]+(?:(?:also|then|quickly|already|had|has|have|"
    rf"had already|has already|later|first|immediately)[ ]+)?{_PERSON_VERBS}\b(?![ ]+by\b)"
)
# Verbs a system does as well as a person ("Kafka failed over", "Argo rolled back
# the release", "Alertmanager paged the on-call engineer"): their subject is a
# person only when the sentence says so (below), or when the post-mortem names
# the same word where only a person stands elsewhere (the rule's second pass).
_SHARED_VERBS = (
    r"(?:restarted|rebooted|rolled back|reverted|failed over|failed back|paged|deployed|"
    r"redeployed|scaled(?: up| down| out| in)?|drained|promoted|demoted|killed|terminated|"
    r"disabled|enabled|re-enabled|purged|flushed|rotated|patched|merged|applied|ran|re-ran|"
    r"reran|retried|escalated|blocked|unblocked|throttled|upgraded|downgraded|cordoned|"
    r"restored|resumed|paused|triggered|switched|migrated|pushed|shipped|rebuilt)"
)
# What makes such a subject a person: doing it by hand ("Ana manually failed
# over"), a role beside the name ("Ana, the on-call engineer, rolled back", "Ivo
# (SRE) restarted"), the team a person comes from ("Ivo from the storage team
# restarted"), or "he" or "she" later in the sentence or opening the next one,
# with no person of another kind between ("Ana rolled back once she saw...").
_PERSON_ROLES = (
    r"(?i:engineer|developer|on-?call(?:er)?|commander|responder|sre|dba|scribe|"
    r"(?:team|tech|incident) lead|incident manager|engineering manager)s?"
)
_SHARED_SUBJECT = rf"(?<![\w@/.-])(?P<who>{_NAMES})"
_BY_CUE = re.compile(
    rf"{_SHARED_SUBJECT}(?:"
    rf"[ ]+(?:(?:also|then|later|first|quickly)[ ]+)?(?:manually|by hand)[ ]+[{_LOWER}]|"
    rf",[ ]+(?:the|our|an?)[ ]+(?:(?!(?:for|of|by|with|to|from)\b)[\w-]+[ ]+){{0,2}}?"
    rf"{_PERSON_ROLES},|"
    rf"[ ]*\((?:the[ ]+)?(?:SRE|DBA|IC|on-?call)\)[ ]+[{_LOWER}]|"
    rf"[ ]+from[ ]+the[ ]+[\w -]{{1,30}}?[ ]team[ ]+{_SHARED_VERBS}\b|"
    rf"[ ]+{_SHARED_VERBS}\b(?P<between>[^.;!?\n]{{0,120}}?)"
    rf"(?:\b(?i:he|she|him|his|her|hers|himself|herself)\b|[.;!?][ ]+(?:[Hh]e|[Ss]he)\b))"
    # A full name with a surname's particle: "Anouk de Vries rolled back".
    rf"|(?<![\w@/.-])(?P<who2>{_WORD}[ ]+{_PARTICLE}[ ]+{_WORD})[ ]+{_SHARED_VERBS}\b"
)
# Someone else the pronoun may stand for: "Argo rolled back while the on-call
# engineer watched her dashboard".
_OTHER_PERSON = re.compile(
    rf"\b(?i:{_PERSON_ROLES}|someone|somebody|customers?|users?|colleagues?|managers?|leads?|"
    rf"operators?|admins?|person|people|who)\b|\b[{_UPPER}][{_LOWER}]"
)


# Verbs and phrases whose object is a person.
def _object_verbs(lower: str) -> str:
    """The verbs and phrases before a person, ``lower`` the class of lower-case letters."""
    return (
        rf"asked|ask|asks|asking|told|tell|tells|pinged|ping|pings|pinging|cc|cc:|cc'd|"
        rf"thanks|thanks,|thanks to|thank you|thank you,|let|"
        rf"(?:handed|passed|hands|passes)(?: [{lower}]+){{0,3}} over to|"
        rf"speak to|spoke to|spoke with|talk to|talked to|talked with|"
        rf"given to|reports back to|information from|"
        # People are paged and woken; teams too, but the report's own are not names
        # and others are written with "the" ("paged the storage team").
        rf"paged|pages|paging|woke up|woke|wakes up"
    )


_BY_OBJECT = re.compile(rf"(?:\b(?i:{_object_verbs(_LOWER)})[ ]+)(?P<who>{_NAMES})(?![\w@])")
# Where _BY_OBJECT may start in an ASCII line, found in the line's lower case:
# there the case-blind verbs are the lower-case ones, and a letter of _LOWER
# is one of a-z (see lowered_twin). A search for the whole pattern tries its
# case-blind verbs at every word; this finds the few places to try it.
_BY_OBJECT_STARTS = re.compile(rf"(?=\b(?:{_object_verbs('a-z')})[ ]+)")
# A role with the person in brackets, or the person with the role in brackets.
_ROLE = (
    r"(?:manager|commander|lead|engineer|owner|responder|on-?call(?:er)?|coordinator|"
    r"reporter|scribe|developer)"
)
_BY_ROLE = re.compile(
    rf"\b{_ROLE}\s*\((?P<who>{_NAME})\)|(?P<who2>{_NAME})\s*\((?:the |an? )?[^)]*\b{_ROLE}\)",
    re.I,
)
# A role a program plays, whose name in brackets is a product's: "the cluster
# manager (Patroni)", "Vault (the secrets manager)", "the group coordinator".
_MACHINE_ROLE = re.compile(
    r"\b(?:cluster|secrets?|package|certificate|cert|connection|pool|window|resource|"
    r"config(?:uration)?|process|task|state|key|session|traffic|node|lock|lease|leader|cache|"
    r"memory|queue|job|workflow|device|identity|access|password|credential|dns|file|"
    r"volume|storage|network|transaction|replication|failover|group|crash|error|log|metrics?|"
    r"health|partition|shard|schema|release train)[ -](?:manager|coordinator|reporter|owner|lead)\b",
    re.I,
)
# What a line must hold before each pattern is worth running (Python's regex
# engine is slow to try a name at every capital): a character it needs, then
# its verb, its word, its role, its cue.
_WORTH_TRYING = (
    ("", re.compile(rf"\b{_PERSON_VERBS}\b"), _BY_SUBJECT),
    (
        "",
        re.compile(
            r"\b(?:ask|tell|told|ping|cc\b|thank|let\b|over to|spoke|speak|talk|given|from|pag|wake|woke)",
            re.I,
        ),
        _BY_OBJECT,
    ),
    # A bracket first: the case-blind search for a role is the slowest of these.
    ("(", re.compile(rf"{_ROLE}\s*\)|\b{_ROLE}\s*\(", re.I), _BY_ROLE),
    (
        "",
        re.compile(
            r"\b(?:manually|by hand|from the|[Hh]e|[Ss]he|him|his|her|hers|himself|herself)\b"
            rf"|\((?:the )?(?:SRE|DBA|IC|on-?call)\)|, (?:the|our|an?) |[ ]{_PARTICLE}[ ]",
        ),
        _BY_CUE,
    ),
)
# The case-blind ones' case-sensitive twins, for an ASCII line lower-cased
# (see lowered_twin): they find the same, several times faster.
_LOWERED_TWINS = {
    cheap: lowered_twin(cheap) for _, cheap, _ in _WORTH_TRYING if cheap.flags & re.IGNORECASE
}
# Words that stand where a person does but name no one: pronouns and
# determiners, groups, roles, and the calendar.
NOT_NAMES = frozenset(
    w.lower()
    for w in [
        "I",
        "We",
        "You",
        "He",
        "She",
        "They",
        "It",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "The",
        "A",
        "An",
        "One",
        "Our",
        "Their",
        "His",
        "Her",
        "Its",
        "My",
        "Your",
        "Someone",
        "Somebody",
        "Anyone",
        "Anybody",
        "Everyone",
        "Everybody",
        "Nobody",
        "No",
        "None",
        "All",
        "Both",
        "Each",
        "Either",
        "Neither",
        "Another",
        "Other",
        "Others",
        "Then",
        "Later",
        "Also",
        "Once",
        "When",
        "After",
        "Before",
        "While",
        "As",
        "If",
        "So",
        "But",
        "And",
        "Or",
        "Finally",
        "Eventually",
        "Meanwhile",
        "Initially",
        "Next",
        "Meanwhile",
        "Team",
        "Teams",
        "Engineer",
        "Engineers",
        "Engineering",
        "Customer",
        "Customers",
        "Client",
        "Clients",
        "User",
        "Users",
        "Support",
        "Security",
        "Operations",
        "Ops",
        "Management",
        "Leadership",
        "Product",
        "Legal",
        "Finance",
        "Sales",
        "Marketing",
        "Staff",
        "Colleagues",
        "People",
        "Primary",
        "Secondary",
        "Incident",
        "Commander",
        "Manager",
        "Managers",
        "Lead",
        "Responder",
        "Responders",
        "Reviewer",
        "Reviewers",
        "Author",
        "Owner",
        "Oncall",
        "On-call",
        "Vendor",
        "Developer",
        "Developers",
        "Operator",
        "Operators",
        "Admin",
        "Admins",
        "Administrator",
        "Monitoring",
        "Alerting",
        "Automation",
        "Because",
        "Since",
        "Although",
        "Though",
        "Until",
        "Unless",
        "Whether",
        "Where",
        "Why",
        "What",
        "How",
        "Who",
        "Which",
        "Nothing",
        "Everything",
        "Something",
        "Provider",
        "Partner",
        "Partners",
        "Everyone",
        "Someone",
        "Platform",
        "Infrastructure",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Morning",
        "Evening",
        "Night",
    ]
)


# Where the first word of a line starts: after a list marker or a table's pipe.
_FIRST_WORD = re.compile(r"(?:\s*(?:[-*+|>]|\d+[.)]))*\s*\S")
_THING_WORD = re.compile(
    rf"\b(?i:the|a|an|our|their|its|this|that|each|every|any|no)[ ]+(?P<word>{_WORD})|"
    rf"(?<![\w{_UPPER}])(?P<lower>[{_LOWER}][{_LOWER}]+)"
)


class WordsOnDemand:
    """Words worked out the first time one is looked up.

    A post-mortem's thing words (:func:`thing_words`) take a pass over its whole
    text, yet are only consulted where a capitalised word stands in a person's
    place, which most reports never have: worked out on demand, most files
    never pay for them.
    """

    def __init__(self, compute: Callable[[], frozenset[str]]) -> None:
        self._compute = compute
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = self._compute()
        return word in self._words


def thing_words(text: str) -> frozenset[str]:
    """Words ``text`` writes as things: after an article ("the Kafka cluster",
    "our Traefik pods") or in lower case ("the kafka-consumer service"),
    lower-cased. People are not written so; a product's name is."""
    # Each distinct match once: a report repeats its words, and a loop over every
    # match in Python was most of the personal-names rule's time.
    return frozenset((word or lower).lower() for word, lower in set(_THING_WORD.findall(text)))


def names_by_place(
    text: str,
    allowed: frozenset[str] = frozenset(),
    not_names: Container[str] = frozenset(),
    imperative: bool = False,
) -> list[tuple[str, int]]:
    """(name, start) for each name standing where only a person stands in ``text``.

    ``allowed`` holds words as written; ``not_names`` lower-case words that
    are never a person here (see :func:`thing_words`). In an ``imperative``
    text (an action item) the first word is the verb ("Add suspected
    attacks..."), never a subject.
    """
    low = text.lower() if text.isascii() else None
    patterns = [
        pattern
        for needs, cheap, pattern in _WORTH_TRYING
        if (not needs or needs in text)
        and (
            _LOWERED_TWINS[cheap].search(low)
            if low is not None and cheap in _LOWERED_TWINS
            else cheap.search(text)
        )
    ]
    if not patterns:
        return []
    first = _FIRST_WORD.match(text)
    found: list[tuple[str, int]] = []
    for pattern in patterns:
        for m in _matches(pattern, text, low):
            group = "who2" if m.groupdict().get("who2") else "who"
            span_start = m.start(group)
            if (
                imperative
                and pattern in (_BY_SUBJECT, _BY_CUE)
                and first
                and span_start == first.end() - 1
            ):
                continue
            if pattern is _BY_ROLE and _MACHINE_ROLE.search(text, max(0, m.start() - 30), m.end()):
                continue
            between = m.groupdict().get("between")
            if between and _OTHER_PERSON.search(between):
                continue
            for one in _ONE_NAME.finditer(m.group(group)):
                words = one.group(0).split()
                while words and (words[0].lower() in NOT_NAMES or words[0] in allowed):
                    words.pop(0)
                if not words or any(
                    w in allowed or w.lower() in not_names or w.lower() in NOT_NAMES
                    for w in words
                    if not _PARTICLE_WORD.fullmatch(w)
                ):
                    continue
                name = " ".join(words)
                start = span_start + one.start() + one.group(0).index(words[0])
                if all(start != at for _, at in found):
                    found.append((name, start))
    return found


def _matches(pattern: re.Pattern[str], text: str, low: str | None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``; ``low`` is ``text.lower()`` for an ASCII text, else None."""
    if pattern is not _BY_OBJECT or low is None:
        yield from pattern.finditer(text)
        return
    # What finditer finds: from where the last match ended, the first place the
    # pattern matches at, of the only places it can start.
    end = 0
    for start in _BY_OBJECT_STARTS.finditer(low):
        if start.start() < end:
            continue
        found = _BY_OBJECT.match(text, start.start())
        if found:
            yield found
            end = found.end()


_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LETTERS = re.compile(rf"[{_UPPER}{_LOWER}]+")


def code_words(body: str) -> frozenset[str]:
    """The words of ``body``'s inline code spans, lower-cased: the names of
    things (`checkout-api`, `Ledger`), never a person's. A handle or an e-mail
    address in code (`@ana-l`) is a person's, and is left out."""
    if "`" not in body:
        return frozenset()
    return frozenset(
        word.lower()
        for span in _CODE_SPAN.finditer(body)
        for word in _LETTERS.findall(HANDLE.sub(" ", EMAIL.sub(" ", span[2])))
    )


def person_words(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding the names (one to three capitalised words) made of the
    words of ``names``, people already found; None when there are none."""
    words = {
        word
        for name in names
        if not name.startswith("@")
        for word in name.split()
        if not _PARTICLE_WORD.fullmatch(word)
    }
    if not words:
        return None
    one = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w@/.-])(?:{one})(?:[ ]+(?:{_PARTICLE}[ ]+)?(?:{one})){{0,2}}(?![\w@])"
    )


def mentions(text: str, people: re.Pattern[str]) -> list[tuple[str, int]]:
    """(name, start) for each place ``text`` names one of ``people``."""
    return [(m.group(0), m.start()) for m in people.finditer(text)]


def merge_names(found: list[tuple[str, int]], more: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``found`` with each of ``more`` that overlaps none of them, by start."""
    spans = [(start, start + len(name)) for name, start in found]
    extra = [
        (name, start)
        for name, start in more
        if not any(start < end and begin < start + len(name) for begin, end in spans)
    ]
    return sorted([*found, *extra], key=lambda pair: pair[1])


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


# Headings of a list of the people who took part ("## Attendees").
PEOPLE_HEADING = re.compile(
    r"(?:attendees|participants|people(?: involved)?|present|responders|involved|who was there)\b",
    re.I,
)
# Initials ("RF, PW, AN"): two or three capitals, unless a role's abbreviation.
INITIALS = re.compile(r"[A-Z]{2,3}")
ROLE_ABBREVIATIONS = frozenset(
    [
        "IC",
        "SRE",
        "QA",
        "CTO",
        "CEO",
        "CIO",
        "CISO",
        "COO",
        "VP",
        "PM",
        "EM",
        "TL",
        "DBA",
        "HR",
        "IT",
        "SOC",
        "NOC",
        "OPS",
        "CS",
    ]
)
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+(?P<item>.+)")
_ENTRY_SEPARATOR = re.compile(r"\s*(?:[,;/]|\band\b|&)\s*")
_FULL_NAME = re.compile(_NAME)


def listed_people(
    line: str, allowed: frozenset[str] = frozenset(), not_names: Container[str] = frozenset()
) -> list[tuple[str, int]]:
    """(entry, start) for each person in a list item under a people heading:
    initials ("RF, PW") or a capitalised name ("Ana Lind"), not a team or role."""
    item = _LIST_ITEM.match(line)
    if item is None:
        return []
    found = []
    at = item.start("item")
    for entry in _ENTRY_SEPARATOR.split(item.group("item")):
        start = line.find(entry, at)
        at = start + len(entry)
        entry = entry.strip().rstrip(".")
        if not entry or entry in allowed:
            continue
        # Initials are compared as written: "AN" is not the word "an".
        if INITIALS.fullmatch(entry):
            if entry not in ROLE_ABBREVIATIONS:
                found.append((entry, start))
        elif _FULL_NAME.fullmatch(entry) and not any(
            w.lower() in NOT_NAMES or w.lower() in not_names or w in allowed for w in entry.split()
        ):
            found.append((entry, start))
    return found
