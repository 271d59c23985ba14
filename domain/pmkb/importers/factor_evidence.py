"""Suggest contributing-factor tags only where the document's own words say so.

A wrong tag is worse than none: a reviewer in a hurry accepts what the draft
proposes, and the dashboard then counts it. So a tag is suggested only with
evidence, and the evidence is quoted in the draft's TODO note:

* the tag's name written out as a phrase ("single point of failure", "race
  condition", "monitoring gap"), in any taxonomy, not negated ("there was
  no race condition" is no evidence);
* for the common vocabulary (the shipped taxonomy's tags), phrases that
  say the same thing in other words: "nobody was notified" for
  ``monitoring-gap``, "not tested" for ``testing-gap``, "out of memory" for
  ``resource-exhaustion``. A cue counts only when its tag is in the target
  taxonomy;
* for the tags reports name most, the same few precise words in Chinese,
  Japanese, Korean, Spanish, French, German and Portuguese ("缺少监控告警",
  "設定ミス", "falta de pruebas"), from :mod:`pmkb.importers.factor_words`,
  not denied in their language ("并非配置错误", "設定ミスではない").

Only the sections where causes are discussed are read (the title, summary,
impact, root cause, contributing factors, five whys, what went wrong,
lessons): a timeline's "rolled back" or an action item's "add an alert" is
no statement about a cause. Every tag backed by an item of the report's own
list of contributing factors is suggested, since the writer named each one;
tags found only in prose are guesses, and at most three tags in all are
suggested from them, by how many distinct cues back each.

    >>> from pmkb.taxonomy import Factor, Taxonomy
    >>> tax = Taxonomy({
    ...     "monitoring-gap": Factor("monitoring-gap", "technical", "No alert on the failing signal."),
    ...     "unsafe-deploy": Factor("unsafe-deploy", "process", "No canary."),
    ... })
    >>> [(e.tag, e.words) for e in find_evidence(tax, [(3, "Binder was down, but nobody was notified.")])]
    [('monitoring-gap', 'nobody was notified')]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from pmkb.importers.factor_words import denied_after, denied_before, other_language_cues
from pmkb.taxonomy import Taxonomy

#: Not right after "DNS": a wrong DNS setting is ``dns-misconfiguration``.
_NOT_DNS = r"(?<!\bdns\s)(?<!\bdns-)"
#: "The DNS record was misconfigured" too, said of a DNS setting.
_NOT_DNS_SUBJECT = (
    "".join(
        rf"(?<!\bdns\s{subject}\s{verb}\s)"
        for subject, verb in (
            ("record", "was"),
            ("records", "were"),
            ("entry", "was"),
            ("zone", "was"),
        )
    )
    + r"(?<!\bdns\swas\s)"
)
_NOT = r"(?:no|not|never|without|lack(?:ed|ing)?(?:\s+of)?|missing|had\s+no|did\s+not\s+have|didn't\s+have)"

#: Phrases that say what a common tag means, in the words incident reports use.
CUES: dict[str, tuple[str, ...]] = {
    "monitoring-gap": (
        rf"\b{_NOT}\s+(?:an?\s+|any\s+)?(?:[\w-]+\s+){{0,2}}(?:alert(?:s|ing)?|monitoring|metrics?|visibility|observability|dashboards?)\b",
        r"\b(?:nobody|no\s+one|none\s+of\s+us)\s+(?:was|were|got)\s+(?:notified|alerted|paged)",
        r"\b(?:was|were)\s+not\s+(?:notified|alerted|paged|monitored)",
        r"\bnot\s+(?:monitored|alerted\s+on)\b",
        r"\b(?:alerts?|monitoring)\s+(?:did\s+not|didn't|never)\s+(?:fire|trigger|catch|notice)",
        r"\b\w+\s+hours\s+before\s+(?:we|anyone|someone|the\s+team)\s+(?:realized|noticed|knew)",
        r"\bonly\s+(?:proactive|manual)\s+checking\b",
        r"\bnothing\s+(?:alerted|paged|fired)\b",
        r"\bmonitoring\s+gap\b",
        # As "监控不足", "監視不足", "ausencia de alertas", "monitoring blind spot" ("监控盲区").
        r"\b(?:insufficient|inadequate)\s+(?:monitoring|alerting)\b",
        r"\b(?:monitoring|alerting)\s+(?:was\s+)?(?:insufficient|inadequate)\b",
        r"\babsence\s+of\s+(?:any\s+)?(?:monitoring|alert(?:s|ing)?)\b",
        r"\bmonitoring\s+blind\s+spots?\b",
    ),
    "testing-gap": (
        r"(?<!failover\s)(?<!rollback\s)(?<!restore\s)\b(?:was|were|had)\s+not\s+(?:been\s+)?tested\b",
        r"\buntested\s+(?:code|change|path|branch)",
        rf"\b{_NOT}\s+(?:\w+\s+)?(?:tests?|test\s+coverage)\b",
        r"\btesting\s+(?:in\s+\w+\s+)?(?:was\s+)?not\s+thorough",
        r"\btests?\s+(?:did\s+not|didn't|never)\s+(?:catch|cover|exercise)",
        r"\bnot\s+covered\s+by\s+(?:any\s+)?tests?\b",
        r"\binsufficient\s+testing\b",
        # As "测试不足", "jamais testé", "ungetestet": a change or code never tested.
        r"\btest(?:ing|s)?\s+(?:coverage\s+)?(?:was|were)\s+(?:insufficient|inadequate)\b",
        r"(?<!failover\s)(?<!rollback\s)(?<!restore\s)\b(?:was|were)\s+never\s+tested\b",
    ),
    "capacity-planning": (
        r"\b(?:reached|hit|exceeded|at)\s+(?:its|our|the)\s+(?:\w+\s+){0,2}(?:node\s+)?(?:limit|quota|capacity|size)\b",
        r"\b(?:limit|quota|capacity)\s+(?:\w+\s+){0,3}(?:was|were|had\s+been)\s+(?:reached|hit|exceeded)\b",
        r"\bnode\s+limit\b",
        r"\bnot\s+enough\s+(?:capacity|nodes|instances|headroom|workers)\b",
        r"\bunder-?provisioned\b",
        r"\bcapacity\s+planning\b",
        r"\bsized\s+for\s+(?:last|past|old|ordinary|normal|usual|average)\b",
        r"\b(?:nobody|no\s+one)\s+planned\s+(?:for\s+)?(?:the\s+)?capacity\b",
        # As "容量不足", "capacidad insuficiente", "Kapazitätsengpass".
        r"\b(?:insufficient|lack\s+of)\s+capacity\b",
        r"\bcapacity\s+(?:shortage|bottleneck)\b",
    ),
    "resource-exhaustion": (
        r"\bout\s+of\s+memory\b",
        r"\boom(?:[- ]?kill(?:ed|er)?)?\b",
        r"\bno\s+space\s+left\b",
        r"\bdisks?\s+(?:was\s+|were\s+)?(?:full|filled\s+up)\b",
        r"\bran\s+out\s+of\s+(?:memory|disk|space|connections|file\s+descriptors|ip\s+addresses|inodes)\b",
        r"\b(?:memory|connection\s+pool|connections|disk|file\s+descriptors)\s+(?:was\s+|were\s+)?exhausted\b",
        r"\bpool\s+exhaustion\b",
        r"\bexhaust(?:ed|s|ing)?\s+(?:the\s+|\w+\s+)?(?:memory|connections|disk|connection\s+pool|pool)\b",
        r"\bresource\s+exhaustion\b",
        # As "内存不足", "メモリ不足", "manque de mémoire".
        r"\binsufficient\s+memory\b",
    ),
    "dependency-failure": (
        r"\b(?:upstream|third[- ]party|vendor|provider|dependency|external)\s+(?:service\s+|api\s+|system\s+)?(?:had\s+an?\s+)?(?:outage|failure|was\s+down|failed|degraded)",
        # "An outage at our cloud provider", "failure of the external service" ("fallo del proveedor").
        r"\b(?:outage|failure)\s+(?:at|of)\s+(?:the\s+|an?\s+|our\s+)?(?:cloud\s+|upstream\s+|external\s+)?(?:provider|vendor|dependency|service\s+provider)\b",
        r"\bdependency\s+failure\b",
    ),
    "config-drift": (
        r"\bconfig(?:uration)?\s+drift\b",
        r"\b(?:configs?|configurations?|settings|environments?)\s+(?:had\s+)?(?:drifted|diverged|out\s+of\s+sync)\b",
    ),
    "unsafe-config-change": (
        r"\bconfig(?:uration)?\s+change\s+(?:was\s+)?(?:pushed|applied|rolled\s+out|went\s+out)\s+(?:to\s+all|globally|everywhere|at\s+once|without)",
        r"\bunsafe\s+config(?:uration)?\s+change\b",
        # "Config changes reach all regions at once, with no staged rollout."
        r"\bconfig(?:uration)?\s+(?:changes?|push(?:es)?)\b[\w\s,-]{0,60}?"
        r"\b(?:with\s+no|without\s+an?)\s+(?:staged|gradual|progressive)\s+rollout\b",
        # "The pool size was changed in the live configuration": by hand, past any rollout.
        r"\b(?:changed|edited|modified)\s+(?:directly\s+)?in\s+the\s+live\s+config(?:uration)?\b",
        r"\bfeature\s+flag\s+(?:was\s+)?(?:flipped|enabled|turned\s+on)\s+(?:for\s+everyone|globally|for\s+all)",
        # A setting wrong in production, as "配置错误", "設定ミス", "error de configuración" and
        # "Fehlkonfiguration" say in their languages (see factor_words): "a misconfiguration",
        # "misconfigured", "a bad config push", "an incorrect configuration value", "config
        # error". A wrong DNS setting is ``dns-misconfiguration``, never this one.
        rf"{_NOT_DNS}{_NOT_DNS_SUBJECT}\bmisconfigur(?:ation|ed)\b(?!\s+dns\b)",
        r"\bbad\s+config(?:uration)?\s+(?:push|change|value|file|rollout|deploy)",
        r"\b(?:incorrect|wrong|erroneous|faulty)\s+config(?:uration)?\b(?:\s+(?:value|setting|change|push))?",
        rf"{_NOT_DNS}\bconfig(?:uration)?\s+(?:error|mistake)s?\b(?!\s+budget)",
    ),
    "missing-index": (
        r"\bmissing\s+index\b",
        r"\bfull\s+table\s+scan\b",
        r"\b(?:no|without\s+an?|lacked\s+an?)\s+(?:suitable\s+)?index\b",
    ),
    "missing-timeout": (
        r"\bmissing\s+timeout\b",
        rf"\b{_NOT}\s+(?:a\s+)?(?:\w+\s+)?timeout\b",
        # As "未设置超时", "タイムアウトが設定されていなかった".
        r"\btimeouts?\s+(?:was|were|had)\s+(?:not|never)\s+(?:been\s+)?(?:set|configured)\b",
    ),
    "missing-rate-limit": (
        r"\bmissing\s+rate[- ]limit",
        rf"\b{_NOT}\s+(?:a\s+|any\s+)?rate[- ]limit",
        r"\bnot\s+rate[- ]limited\b",
    ),
    "retry-storm": (
        r"\bretry\s+storm\b",
        r"\bretries\s+(?:amplified|multiplied|overwhelmed)\b",
        # As "无退避的重试", "reintentos sin backoff", "Wiederholungen ohne Backoff".
        r"\bretr(?:y|ies)\s+without\s+(?:any\s+)?back-?off\b",
    ),
    "single-point-of-failure": (
        r"\bsingle\s+point\s+of\s+failure\b",
        r"\bspof\b",
        r"\bonly\s+one\s+(?:replica|instance|copy|node)\b",
    ),
    "expired-certificate": (
        r"\bcertificate\s+(?:had\s+)?expired\b",
        r"\bexpired\s+(?:tls\s+|ssl\s+)?(?:cert|certificate)s?\b",
        r"\bcert(?:ificate)?\s+expir",
        r"\b(?:certificate|cert|token|credential)s?\b[\w\s-]{0,40}?\b(?:had|has)\s+expired\b",
        # "a certificate on the locker gateway expired", never "had not expired"
        r"\bcertificate\b(?:(?!\bnot\b|\bnever\b|n't)[\w\s-]){0,40}?\bexpired\b",
    ),
    "dns-misconfiguration": (
        r"\bdns\s+(?:record|entry)s?\s+(?:\w+\s+){0,2}(?:was\s+wrong|pointed|pointing|changed|removed)",
        r"\bdns\s+misconfiguration\b",
        # As "DNS 配置错误", "erreur de configuration du DNS", "DNS-Fehlkonfiguration".
        r"\bdns[\s-]+config(?:uration)?\s+(?:error|mistake)s?\b",
        r"\bmisconfigured\s+dns\b",
        r"\bdns\s+(?:records?|entry|entries|zone)?\s*(?:was|were)\s+misconfigured\b",
    ),
    "data-corruption": (
        r"\b(?:data|index|file)\s+corruption\b",
        r"\bcorrupted\s+(?:data|rows|records|files|index)\b",
    ),
    "cache-stampede": (r"\bcache\s+stampede\b", r"\bthundering\s+herd\b"),
    "race-condition": (r"\brace\s+condition\b",),
    "software-bug": (
        r"\b(?:a|the)\s+(?:small\s+|subtle\s+|known\s+)?bug\s+in\b",
        r"\bcaused\s+by\s+a\s+(?:small\s+|subtle\s+)?bug\b",
        r"\bsoftware\s+bug\b",
        r"\b(?:a|the)\s+regression\s+in\b",
    ),
    "unsafe-deploy": (
        r"\bwithout\s+(?:a\s+)?(?:canary|staged\s+rollout|gradual\s+rollout)\b",
        r"\bno\s+canary\b",
        # As "直接全量发布", "一斉リリース": everywhere at once.
        r"\b(?:deployed|rolled\s+out|released|shipped)\s+(?:straight\s+)?to\s+(?:all|every)\s+(?:regions|hosts|servers|nodes|users|customers)\s+at\s+once\b",
        r"\bunsafe\s+deploy",
    ),
    "untested-rollback": (
        r"\brollback\s+(?:failed|did\s+not\s+work|didn't\s+work|had\s+never\s+been\s+tested|was\s+untested)",
        r"\b(?:rollback|restore|failover)s?\s+(?:had|has)\s+(?:not|never)\s+been\s+(?:tested|exercised|practi[sc]ed|rehearsed)",
        r"\buntested\s+rollback\b",
        # "The failover was never tested", "was not tested in production-like conditions":
        # the way back named, then left unexercised (a "was tested and worked" names none).
        r"\b(?:rollback|restore|failover)s?(?:\s+(?:path|procedure|process|plan|script|mechanism))?"
        # "The failover to the standby region was ...": where to, two words at most.
        r"(?:\s+(?:to|of|into|for)\s+(?:the\s+|a\s+)?[\w-]+(?:\s+[\w-]+)?)?"
        r"\s+(?:was|were|had|has)\s+(?:not|never)\s+(?:been\s+)?(?:tested|exercised|practi[sc]ed|rehearsed|drilled)\b",
        # "No game day had covered it": the drill that exercises the way back never held.
        r"\bno\s+(?:game\s*days?|(?:failover|recovery|restore)\s+(?:drills?|exercises?|tests?))"
        r"\s+(?:had\s+|has\s+)?(?:ever\s+)?(?:covered|exercised|tested|included)\b",
    ),
    "runbook-gap": (
        rf"\b{_NOT}\s+(?:a\s+|any\s+)?(?:runbook|playbook|documented\s+procedure)",
        r"\brunbook\s+(?:was\s+)?(?:missing|outdated|out\s+of\s+date|wrong)\b",
        r"\brunbook\s+gap\b",
        # As "文档过时", "documentación desactualizada", "veraltete Dokumentation".
        r"\b(?:outdated|out-of-date|stale)\s+(?:runbook|playbook|documentation|docs)\b",
        r"\b(?:playbook|documentation|docs)\s+(?:was|were)\s+(?:outdated|out\s+of\s+date|stale|missing)\b",
    ),
    "alert-fatigue": (
        r"\balert\s+fatigue\b",
        r"\b(?:too\s+many|noisy)\s+alerts\b",
        r"\balerts?\s+(?:were|was)\s+ignored\b",
    ),
    "change-review-gap": (
        r"\bwithout\s+(?:a\s+)?(?:code\s+)?review\b",
        r"\b(?:was|were)\s+not\s+reviewed\b",
        r"\brubber[- ]stamp",
    ),
    "incident-communication": (
        r"\bstatus\s+page\s+(?:was\s+not|wasn't|was\s+never|stayed)\s+(?:updated|green)",
        r"\b(?:customers|users)\s+(?:were\s+not|weren't)\s+(?:informed|notified|told)\b",
        r"\bcommunication\s+(?:was\s+)?(?:slow|delayed|late|unclear|confusing)\b",
    ),
    "escalation-delay": (
        r"\bescalat\w*\s+(?:was\s+)?(?:delayed|late|slow)\b",
        r"\b(?:did\s+not|didn't)\s+escalate\b",
        r"\bescalation\s+delay\b",
    ),
    "backup-gap": (
        r"\bbackups?\s+(?:had\s+)?(?:failed|were\s+not|was\s+not|missing|untested|were\s+empty|was\s+empty)",
        rf"\b{_NOT}\s+(?:working\s+|recent\s+)?backups?\b",
    ),
    "manual-toil": (
        r"\bmanual\s+(?:step|process|procedure)\s+(?:was|is)\b",
        r"\bdone\s+by\s+hand\b",
    ),
    "access-control-gap": (
        r"\b(?:too\s+broad|excessive|overly\s+broad)\s+(?:permissions|access)\b",
    ),
    "vendor-expectation-gap": (
        r"\b(?:vendor|provider)\s+(?:did\s+not|didn't)\s+(?:notify|tell|inform|honou?r)",
        r"\bundocumented\s+(?:limit|quota)\b",
        r"\b(?:supplier|vendor|provider|partner)\s+changed\s+[\w\s']{1,40}?without\s+(?:notice|warning|telling\s+us|notifying\s+us)",
    ),
    "unclear-ownership": (
        r"\bno\s+(?:clear\s+)?owner\b",
        r"\bownership\s+(?:was\s+)?unclear\b",
        r"\bunclear\s+who\s+owned\b",
    ),
    "knowledge-silo": (
        r"\bonly\s+(?:one|a\s+few)\s+(?:person|people|engineers?)\s+(?:knew|understood)\b",
        r"\bknowledge\s+(?:silo|of\s+[\w\s]{1,30}(?:was\s+not|wasn't|haven't\s+been|hasn't\s+been|had\s+not\s+been)\s+(?:properly\s+)?shared)",
        r"\bhaven't\s+been\s+(?:properly\s+)?shared\s+with\s+the\s+team\b",
    ),
    "onboarding-gap": (
        r"\bnew\s+to\s+the\s+(?:team|system|service)\b",
        r"\bnot\s+(?:yet\s+)?(?:been\s+)?trained\b",
    ),
    "competing-priorities": (
        r"\bcompeting\s+priorities\b",
        r"\b(?:deferred|deprioriti[sz]ed)\s+(?:in\s+favou?r\s+of|for)\b",
    ),
    "understaffed-on-call": (
        r"\bon-?call\s+(?:was\s+)?(?:understaffed|alone|overloaded|exhausted)\b",
        r"\b(?:no\s+one|nobody)\s+(?:was\s+)?on[- ]call\b",
        # As "只有一人值班", "値班人手不足", "Rufbereitschaft unterbesetzt".
        r"\bonly\s+one\s+(?:person|engineer|responder)\s+(?:was\s+)?on[- ]call\b",
        r"\bon[- ]call\s+(?:rotation|team|shift)\s+(?:was\s+)?(?:understaffed|short-?staffed|overloaded)\b",
    ),
    "cross-team-dependency": (r"\b(?:another|a\s+different)\s+team's\s+change\b",),
}
_COMPILED = {tag: [re.compile(p, re.I) for p in patterns] for tag, patterns in CUES.items()}
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|nor|neither)\b(?:[^\w.?!;:]+\w+){0,3}[^\w.?!;:]*$", re.I
)
#: The other languages' words per tag, read after the English ones so that an English report
#: finds what it found without them, in the same order.
_OTHER_LANGUAGES = {
    tag: re.compile(words, re.I) for tag in CUES if (words := other_language_cues(tag)) is not None
}
_OTHER_DENIED_BEFORE = re.compile(denied_before(), re.I)
_OTHER_DENIED_AFTER = re.compile(denied_after(), re.I)


@dataclass(frozen=True)
class Evidence:
    """The words of the source that back a tag, and where they are."""

    tag: str
    words: str
    line: int


def _phrase(tag: str) -> re.Pattern[str] | None:
    words = tag.split("-")
    if len(words) < 2:
        return None  # a one-word tag ("bug") is too common a word to be evidence
    return re.compile(r"\b" + r"[\s-]+".join(map(re.escape, words)) + r"s?\b", re.I)


#: A line that starts something of its own: a list item, a table row, a heading, a fence.
_STARTS_BLOCK = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|\||#|>|```|~~~)")


def _paragraphs(lines: Sequence[tuple[int, str]]) -> list[tuple[str, list[tuple[int, int]]]]:
    """``lines`` joined into the paragraphs they wrap ("Config\\nchanges reach all regions"),
    each with where each of its lines starts in it, so that a cue is found across a line break
    and still cited at the line where it starts."""
    runs: list[tuple[str, list[tuple[int, int]]]] = []
    previous: int | None = None
    for number, text in lines:
        joins = (
            runs
            and previous is not None
            and number == previous + 1
            and text.strip()
            and runs[-1][0].strip()
            and not _STARTS_BLOCK.match(text)
        )
        if joins:
            joined, starts = runs[-1]
            runs[-1] = (joined + " " + text.strip(), [*starts, (len(joined) + 1, number)])
        else:
            runs.append((text, [(0, number)]))
        previous = number
    return runs


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    return next(number for start, number in reversed(starts) if start <= offset)


def find_evidence(taxonomy: Taxonomy, lines: Sequence[tuple[int, str]]) -> list[Evidence]:
    """Every piece of evidence for a tag of ``taxonomy`` in ``lines`` (line number, text)."""
    found: list[Evidence] = []
    paragraphs = _paragraphs(lines)
    for tag in taxonomy.factors:
        patterns = list(_COMPILED.get(tag, ()))
        name = _phrase(tag)
        for text, starts in paragraphs:
            if name is not None:
                for match in name.finditer(text):
                    if not _NEGATION_BEFORE.search(text[: match.start()]):
                        found.append(Evidence(tag, match.group(0), _line_at(starts, match.start())))
            for pattern in patterns:
                for match in pattern.finditer(text):
                    # "There was no race condition": a cue that is itself negated says the opposite.
                    if not _NEGATION_BEFORE.search(text[: match.start()]):
                        found.append(Evidence(tag, match.group(0), _line_at(starts, match.start())))
            other = _OTHER_LANGUAGES.get(tag)
            for match in other.finditer(text) if other is not None else ():
                before, after = text[: match.start()], text[match.end() :]
                denied = (
                    _NEGATION_BEFORE.search(before)
                    or _OTHER_DENIED_BEFORE.search(before)
                    or _OTHER_DENIED_AFTER.match(after)
                )
                if not denied:
                    found.append(Evidence(tag, match.group(0), _line_at(starts, match.start())))
    return found


def suggest_factors(
    taxonomy: Taxonomy,
    lines: Sequence[tuple[int, str]],
    limit: int = 3,
    listed: Collection[int] = frozenset(),
) -> list[tuple[str, list[Evidence]]]:
    """The tags ``lines`` back, with their evidence, best backed first; empty when the text
    says nothing.

    ``listed`` are the numbers of the lines that are items of the report's own list of
    contributing factors: a tag backed there is named plainly by the writer, one item each,
    and is always kept, however many the list names. A tag found only in prose is a guess
    drawn from sentences that discuss the incident ("nobody was notified" in a root cause),
    where each extra guess is likelier wrong and a reviewer in a hurry accepts what the
    draft proposes: guesses are added only while fewer than ``limit`` tags are suggested.
    """
    by_tag: dict[str, list[Evidence]] = {}
    for evidence in find_evidence(taxonomy, lines):
        by_tag.setdefault(evidence.tag, []).append(evidence)
    order = list(taxonomy.factors)

    def strength(item: tuple[str, list[Evidence]]) -> tuple[int, int, int]:
        tag, evidence = item
        distinct = len({e.words.lower() for e in evidence})
        return (-distinct, min(e.line for e in evidence), order.index(tag))

    ranked = sorted(by_tag.items(), key=strength)
    named = {tag for tag, evidence in ranked if any(e.line in listed for e in evidence)}
    room = max(0, limit - len(named))
    guessed = [tag for tag, _ in ranked if tag not in named][:room]
    return [(tag, evidence) for tag, evidence in ranked if tag in named or tag in guessed]


def evidence_note(backed: Sequence[tuple[str, list[Evidence]]]) -> str:
    """The TODO note that quotes the words behind each suggested tag."""
    parts = []
    for tag, evidence in backed:
        first = evidence[0]
        parts.append(f'{tag}: "{first.words}" (line {first.line})')
    return "the source says " + "; ".join(parts)
