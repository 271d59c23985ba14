"""Action items from the follow-up section of a source: tables, lists and checkboxes.

A table is read by its header (Action, Owner, Due, Priority, Type, Status,
Ticket, in any order and spelling). A list item is read with its annotations:
``- [x]`` is done and ``- [ ]`` is open; ``(owner: sre, due 2025-03-01, P1)``,
``@team``, ``by March 1``, a link to a ticket and ``~~struck out~~`` text are
recognised and taken out of the action's wording; sub-bullets such as
``Owner: sre`` belong to the item above them. Sub-headings such as "Detect"
or "Prevent" give the items under them a category.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from pmkb.importers.document import TABLE_SEPARATOR, Block, Section
from pmkb.importers.draft import DraftActionItem, How, Noted
from pmkb.importers.timestamps import DATE, is_ambiguous_date, read_date
from pmkb.importers.values import kebab, quote

_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+\u2022]|\d{1,3}[.)])\s+(?P<text>.*)$")
#: A checkbox as Markdown writes it ("[x]"), or as a glyph, as documents converted from word
#: processors and reStructuredText pages write it ("☒ done", "☐ open").
_CHECKBOX = re.compile(r"^(?:\[(?P<mark>[ xX✓✔-])\]|(?P<glyph>[☐☑☒])(?=\s|$))\s*")


def _box_done(box: re.Match[str]) -> bool:
    """Whether a checkbox is ticked: "[x]", "[✓]", "☒" and "☑" are; "[ ]", "[-]" and "☐" not."""
    if box.group("glyph"):
        return box.group("glyph") != "☐"
    mark = box.group("mark")
    return bool(mark.strip()) and mark != "-"


_TABLE_ROW = re.compile(r"^\s*\|(.+?)\|?\s*$")
#: A toggle, as exported by notes apps: "<details><summary>Details</summary> ... </details>".
_TOGGLE_OPEN = re.compile(r"^<details\b[^>]*>", re.I)
_TOGGLE_CLOSE = re.compile(r"</details\s*>", re.I)
_TOGGLE_SUMMARY = re.compile(r"<summary\b[^>]*>.*?</summary\s*>|</?summary\b[^>]*>", re.I)
#: A bullet that is only a toggle's label, its contents indented under it ("- Details").
_TOGGLE_LABEL = re.compile(
    r"(?:\*\*|__)?(?:(?:more\s+|further\s+)?details|more(?:\s+info)?|show\s+more|notes?|context)"
    r"(?:\*\*|__)?:?",
    re.I,
)
#: A link's text holds no bracket, so that "[[PR](url)]" is the link "[PR](url)" inside
#: brackets of the author's, which go with it.
_LINK = re.compile(r"(?<!!)\[([^\[\]]*)\]\((https?://[^)\s]+)[^)]*\)")
#: The words of a label that makes its paragraph an action item, bold or plain.
_LABEL_WORDS = r"(?:action\s+items?|follow[- ]?ups?|next\s+steps(?:\s*/\s*prevention)?)"
#: "**Action item:**", "**Follow-up:**": a bold label that makes its paragraph an action item.
_ACTION_LABEL = re.compile(rf"^(?:\*\*|__){_LABEL_WORDS}\s*:?\s*(?:\*\*|__)\s*:?\s*(?=\S)", re.I)
#: "Follow-up: add a canary stage", "Action item: ...": the same label written plainly, which
#: needs its colon ("Follow-up work went well" is a sentence, not a label).
_PLAIN_ACTION_LABEL = re.compile(rf"^{_LABEL_WORDS}\s*:\s*(?=\S)", re.I)
#: "**TODO**: add a disk alert", "**DONE** Added the wiki to the probes": a status word in bold
#: capitals that opens a paragraph, as wiki-style reports list their follow-ups among the
#: lessons; the word is kept with what follows so that the item's state is read from it.
_STATUS_LABEL = re.compile(r"^(?:\*\*|__)(?P<status>TODO|DONE)\s*:?\s*(?:\*\*|__)\s*:?\s*(?=\S)")
#: "Follow-up: none", "Action items: n/a", "Follow-up: TBD": a label that states no action.
_NO_ACTION = re.compile(
    r"^[\s*_]*(?:none|n/?a|tbd|tbc|nothing|no\s+(?:action|follow[- ]?up)s?(?:\s+\w+)?|-+)[\s.!*_]*$",
    re.I,
)
_BARE_URL = re.compile(r"<?(https?://[^\s>)]+)>?")
#: Words that make the link after them an example: "(for example <https://...>)".
_EXAMPLE_BEFORE = re.compile(r"\b(?:for example|for instance|e\.g\.|such as|like)[\s:,]*$", re.I)
_ID = re.compile(r"^\s*(?:\*\*)?AI[- ]?(\d{1,4})(?:\*\*)?\s*[:.)\-\u2013\u2014]?\s+", re.I)
_PRIORITY = re.compile(r"\bP([0-4])\b")
_TICKET_KEY = re.compile(r"[A-Z][A-Z0-9]*-\d+|#\d+|!\d+|PR\s*#?\d+|(?:issue|bug)\s*#?\d+", re.I)
#: A tracker's ticket key as teams write it beside an action: "LAB-311", "OPS-214" (a project
#: key in capitals, a dash, a number). Names of standards and algorithms share the shape and
#: are words of the action: "SHA-256", "UTF-8", "ISO-8601", "CVE-2024-1234".
_WRITTEN_TICKET_KEY = (
    r"(?!(?:SHA|UTF|ISO|AES|RSA|CVE|RFC|TLS|SSL|HTTP|IPV|MD|CRC|IEEE|ECMA|PEP|DDR|USB|PCI)-)"
    r"\b[A-Z][A-Z0-9]+-\d+\b(?!-\w)"
)
_TICKET_KEY_WRITTEN = re.compile(_WRITTEN_TICKET_KEY)
#: Words that say the key after them is where the work is tracked: "see", "ticket", "Jira:".
_TICKET_LEAD = r"(?i:(?:see|ticket|tracked\s+(?:in|as|by)|ref\.?|jira)\s*:?\s*)"
#: A ticket key alone in brackets or an annotation, perhaps after such words: "(see OPS-12)".
_TICKET_PIECE = re.compile(rf"{_TICKET_LEAD}?(?P<key>{_WRITTEN_TICKET_KEY})")
#: A ticket key at the end of an item, set off from its words: "Rotate the signing keys
#: yearly, LAB-311", "Alert on lag: OPS-9", "..., see LAB-313", "... (ticket LAB-314)".
_TRAILING_TICKET = re.compile(
    r"(?<=\S)(?:\s*[,;:]\s*|\s+[-\u2013\u2014]\s+|\s+(?=(?i:see|ticket|tracked|ref)\b))"
    rf"{_TICKET_LEAD}?(?P<key>{_WRITTEN_TICKET_KEY})[\s.]*$"
)
#: Link texts that name the link, not the work: "GitHub Issue", "see issue here", "PR", "here".
_REFERENCE_WORDS = re.compile(
    r"(?:see\s+|the\s+|a\s+|an\s+|this\s+|link\s+to\s+)*(?:(?:github|gitlab|jira|linear|tracking|related|follow[- ]up|upstream)\s+)?"
    r"(?:issues?|pr|prs|pull\s+requests?|merge\s+requests?|mr|tickets?|bugs?|links?|here|epic|story|task|card|discussion|thread|"
    r"information\s+gathering)"
    r"(?:\s+(?:here|link|for\s+[\w\s]{1,40}|#?\d+))*",
    re.I,
)
#: "(done)", "_done in grafana_", "DONE", "✅ done" written with an item.
_DONE_NOTE = re.compile(
    r"\(\s*(?:done|completed|fixed|shipped)\s*(?:on\s+[^)]*)?\)"
    r"|(?<![\w])[_*]+\s*(?:done|completed)(?![a-z])[^_*]{0,60}[_*]+|\bDONE\b"
)

_STATUS_WORDS = (
    (
        "done",
        r"done|completed?|fixed|closed|resolved|shipped|finished|merged|implemented|erledigt|abgeschlossen|termin[ée]|klar"
        # The same states in the other languages follow-ups are written in: Japanese, Chinese,
        # Korean, Spanish, French, German, Portuguese.
        r"|完了|対応済み?|済み|已完成|完成|已解决|已关闭|완료|completad[oa]|hech[oa]|terminad[oa]"
        r"|termin[ée]e?s?|fait|conclu[íi]d[oa]|feit[oa]",
    ),
    (
        "in-progress",
        r"in[- ]progress|wip|ongoing|started|underway|in review|doing"
        r"|対応中|進行中|作業中|进行中|处理中|진행\s*중|en\s+curso|en\s+progreso|en\s+cours"
        r"|in\s+bearbeitung|in\s+arbeit|em\s+andamento|em\s+progresso",
    ),
    (
        "wont-do",
        r"won'?t do|wont[- ]do|will not do|cancell?ed|dropped|not doing|rejected|abandoned|descoped|obsolete",
    ),
    (
        "open",
        r"open|todo|to do|not started|planned|pending|new|backlog|blocked|offen|geplant|ouvert"
        r"|未着手|未対応|未完了|未开始|未完成|待处理|미착수|미완료|대기|pendiente|abiert[oa]"
        r"|[àa]\s+faire|pendente|aberto|a\s+fazer",
    ),
)
#: A tick, as a character or as the shortcode GitHub and chat tools render as one
#: (":white_check_mark:" in a Status column).
_DONE_MARKS = re.compile(
    r"[\u2705\u2714\u2611]\ufe0f?|:(?:white_check_mark|heavy_check_mark|ballot_box_with_check):"
)
#: Symbols and shortcodes written before a status word ("🚧 In progress", ":x: Not started").
_LEADING_SYMBOLS = re.compile(r"^(?::[a-z0-9_+-]+:\s*|[^\w\s(]\ufe0f?\s*)+")
#: A sub-heading that files the items under it as done: "Completed", "Immediate actions
#: (completed)", "Already done"; unless it also speaks of work still to do ("To be done",
#: "Completed and planned", "To complete before the next release").
_DONE_HEADING = re.compile(r"\b(?:completed|done|finished|shipped)\b", re.I)
_OPEN_HEADING = re.compile(
    r"\b(?:to\s+(?:be|do|complete)|todo|needs?|remaining|planned|plans?|in[- ]progress|ongoing|"
    r"open|pending|next|future|upcoming|not\s+yet|will|still)\b",
    re.I,
)

#: Wording that reports work as done rather than asks for it: "The runbook has been updated",
#: "Alerting was added", "We tweaked the limit", "We've advised the teams". Read in the item's
#: first sentence, before any word that starts a clause of its own ("Investigate why it was
#: killed" asks for work). "need", "feed", "proceed" end in -ed without being past.
_PAST_PARTICIPLE = r"(?:(?!\w*eed\b)\w+ed|built|made|done|written|rewritten|set up|sent|taken|given|shown|run|found|kept)"
_REPORTS_DONE = re.compile(
    rf"(?<!should\s)(?<!could\s)(?<!would\s)(?<!must\s)(?<!might\s)(?<!will\s)"
    rf"\b(?:has|have|had)\s+(?:now\s+|already\s+|since\s+)?been\s+{_PAST_PARTICIPLE}\b"
    rf"|\b(?:was|were)\s+(?:now\s+|already\s+)?{_PAST_PARTICIPLE}\b"
    rf"|^(?:we|we've|we\s+have|the\s+[\w-]+\s+team(?:\s+has)?)\s+(?:now\s+|already\s+|since\s+)?"
    r"(?:(?!\w*eed\b)\w+ed|built|made|wrote|rewrote|set\s+up|sent|took|gave|ran|moved|kept)\b",
    re.I,
)
_NEW_CLAUSE = re.compile(
    r"\b(?:why|whether|if|when|that|how|what|which|until|so|to|before|after|once|unless)\b", re.I
)
_SUBJECT = re.compile(r"(?:the|a|an|our|this|these|those|all|each|every|we)\b", re.I)
#: Past tense that reports only that the work was planned or filed: it is still to do.
_ONLY_PLANNED = re.compile(
    r"\b(?:plann\w*|schedul\w*|backlog|roadmap|tickets?|issues?|tasks?|action items?|"
    r"proposed|requested|discussed|agreed)\b",
    re.I,
)


#: A sentence that states a planned action: "We will add an alert", "The platform team is going
#: to move ...", "A runbook will be written", "Load tests are planned for ...".
_PLANNED = re.compile(
    r"\b(?:we|i|[\w-]+\s+team|they)\s+(?:also\s+|now\s+|then\s+)?"
    r"(?:will|shall|'ll|are\s+going\s+to|is\s+going\s+to|plans?\s+to|are\s+planning\s+to|"
    r"intends?\s+to|aims?\s+to|need\s+to|needs\s+to|must)\s+(?!not\b|never\b)\w"
    r"|\bwe'll\s+(?!not\b|never\b)\w"
    rf"|\bwill\s+(?:also\s+)?be\s+{_PAST_PARTICIPLE}\b"
    r"|\b(?:is|are)\s+(?:now\s+)?(?:planned|scheduled)\b",
    re.I,
)
#: The subject and modal before the verb of a plan, left out of the action: "We will add" -> "Add".
_PLAN_LEAD = re.compile(
    r"^(?:[\w\s,]{0,40}?,\s*)?(?:we|we'll)\s+(?:also\s+|now\s+|then\s+)?"
    r"(?:will|shall|'ll|are\s+going\s+to|plan\s+to|are\s+planning\s+to|intend\s+to|aim\s+to|"
    r"need\s+to|must)?\s*(?:also\s+)?",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(*_])")
#: Work a follow-up paragraph reports as done since the incident, told as follow-up work rather
#: than as part of the story: in the present perfect ("We have since added an alert", "A limit
#: has been set") or with the change that did it ("This was fixed in #123", "... in PR 88").
_DONE_SINCE = re.compile(
    rf"\b(?:has|have|'ve)\s+(?:since\s+|now\s+|already\s+)?(?:been\s+)?{_PAST_PARTICIPLE}\b"
    r"|\b(?:was|were|is|are)\s+(?:since\s+|now\s+)?\w+ed\s+(?:in|by|with|via)\s+"
    r"(?:#\d+|\[|https?://|(?:PR|MR|pull request|merge request|commit)\b|[A-Z][A-Z0-9]+-\d+)",
    re.I,
)
#: The verb of a sentence reporting what was seen, not work done: "We have noticed nothing
#: since", "No errors have been observed since", "It has happened twice since".
_OBSERVED = re.compile(
    r"\b(?:notic|observ|experienc|encounter|witness|spott|happen|occurr|recurr)\w*$", re.I
)


def planned_actions(paragraph: str) -> list[tuple[int, str, str]]:
    """The sentences of ``paragraph`` that state a planned action, each as (where it starts in
    ``paragraph``, action, sentence): "We will add an alert on pool size." -> "Add an alert on
    pool size". A sentence that introduces a list (ends with ":") is none; one that reports
    follow-up work as done ("We have since added an alert ...", "This was fixed in #123") is
    kept as written, for the caller to read as done; one that reports only what was seen since
    ("We have noticed nothing since") is no work, so none."""
    found: list[tuple[int, str, str]] = []
    start = 0
    for match in [*_SENTENCE_END.finditer(paragraph), None]:
        end = match.start() if match is not None else len(paragraph)
        sentence = " ".join(paragraph[start:end].split())
        where, start = start, (match.end() if match is not None else end)
        if sentence.endswith(":"):
            continue
        if reports_done(sentence):
            done = _DONE_SINCE.search(sentence)
            if done is not None and not _OBSERVED.search(done.group(0)):
                found.append((where, re.sub(r"(\*\*|__|`)", "", sentence).strip(" .;"), sentence))
            continue
        if not _PLANNED.search(sentence):
            continue
        action = re.sub(r"(\*\*|__|`)", "", sentence).strip(" .;")
        lead = _PLAN_LEAD.match(action)
        if lead is not None and lead.group(0).strip() and lead.end() < len(action):
            action = action[lead.end() :]
            action = action[0].upper() + action[1:]
        found.append((where, action, sentence))
    return found


#: The last word of an owner named as a team or role: "Platform team", "the on-call engineer";
#: a system or tool ("The deploy pipeline") ends in none of them. A word such as "team" needs
#: a name before it: "the team will ..." is the writers themselves, as "we" is.
_TEAM_NOUN = (
    r"teams?|squad|crew|guild|group|department|desk|engineers?|leads?|managers?|owners?|"
    r"admins?|administrators?|operators?|staff"
)
#: A role that is an owner on its own: "SRE to rotate the keys", "Ops will ...".
_ROLE_ALONE = r"on-?call|sres?|ops|devops|secops|netops|dbas?|qa|engineering|support"
#: Words that start an instruction rather than name who does it: "Ask payments team to review
#: ...", "Get SRE to rotate ..." ask someone else to do the work; whoever asks is not told.
_INSTRUCTION_VERB = (
    r"ask|get|have|make|let|allow|enable|require|assign|remind|tell|train|teach|encourage|invite|"
    r"help|force|permit|move|add|switch|escalate|page|notify|alert|grant|give|ensure|agree|"
    r"expect|need|set|configure|update|document|create|review|check|use|work"
)
#: "Platform team will add ...", "The DevEx team is going to pin ...", "SRE to rotate ...": the
#: team or role named as the subject of the action's sentence, and the verb after the modal.
#: A word of a team's name: never a word that makes the subject someone else or no one
#: ("Someone on the platform team", "We and ...").
_NAME_WORD = (
    r"(?!(?:the|a|an|of|for|on|in|to|and|or|with|we|they|someone|somebody|everyone|nobody|i)\s)"
    r"[A-Za-z][\w&.-]*\s+"
)
_SUBJECT_OWNER = re.compile(
    rf"^(?:(?:the|our)\s+)?(?P<who>(?!(?:{_INSTRUCTION_VERB})\s)"
    rf"(?:(?:{_NAME_WORD}){{1,3}}(?:{_TEAM_NOUN})|(?:{_NAME_WORD}){{0,3}}(?:{_ROLE_ALONE})))"
    r"\s+(?P<modal>(?:will|shall|is\s+going\s+to|are\s+going\s+to|plans?\s+to|intends?\s+to|"
    r"needs?\s+to|must|to)\s+)(?:also\s+)?"
    r"(?!(?:be|been|being|not|never|have|has)\b)(?P<verb>[a-z][\w-]*\b)",
    re.I,
)


def subject_owner(action: str) -> tuple[str, str, str] | None:
    """The team or role ``action`` names as its subject, the action worded from its verb, and
    the words that named the owner: "Platform team will add an alert" -> ("Platform team", "Add
    an alert", "Platform team will"). None when the subject is no team or role ("The deploy
    pipeline will retry ...", "We will ...", "Someone ...")."""
    match = _SUBJECT_OWNER.match(action.strip())
    if match is None:
        return None
    rest = action.strip()[match.start("verb") :]
    lead = action.strip()[: match.end("modal")].strip()
    return match.group("who"), rest[0].upper() + rest[1:], lead


def reports_done(action: str) -> str | None:
    """The words of ``action`` that report the work as done, or None when it asks for work."""
    first = re.split(r"(?<=[.!?:])\s|\s[-\u2013\u2014]\s", action.strip(), maxsplit=1)[0]
    match = _REPORTS_DONE.search(first)
    if match is None or _ONLY_PLANNED.search(first):
        return None
    clause = _NEW_CLAUSE.search(first)
    if clause is not None and clause.start() < match.start() and not _SUBJECT.match(first):
        # "Investigate why it was killed" asks for work; "The settings and how to change
        # them have been documented" reports it: a statement starts with its subject.
        return None
    return match.group(0)


_COLUMN_PATTERNS = (
    ("id", r"^(id|#|no\.?|number|ref id)$"),
    (
        "owner",
        r"owner|assignee|assigned|responsible|who|team|dri"
        # The same columns in other languages: | 対策 | 担当 | 期限 | 状況 |, | 措施 | 负责人 | ...
        r"|担当|責任者|负责|责任|負責|담당|responsable|respons[áa]vel|verantwortlich|zust[äa]ndig",
    ),
    (
        "due",
        r"due|deadline|target|eta|^by$|^when$|^date$"
        r"|期限|完了予定|截止|完成时间|完成日期|기한|마감|fecha\s+l[íi]mite|^fecha$|plazo"
        r"|[ée]ch[ée]ance|date\s+limite|frist|f[äa]llig|prazo|data\s+limite",
    ),
    ("priority", r"priority|prio|^pri$|^p$|importance|urgency"),
    ("category", r"^type$|categor|^kind$|^class"),
    (
        "status",
        r"status|state|^done$|complete|状況|状態|ステータス|状态|상태|^estado$|^statut$|^[ée]tat$"
        r"|^situa[çc][ãa]o$",
    ),
    ("tracker", r"bug|ticket|issue|link|tracker|jira|tracking|url|reference|^ref$"),
    (
        "action",
        r"action|item|task|description|^what|title|remediation|follow|summary|todo|fix"
        r"|対策|対応内容|措施|改进项|조치|acci[óo]n|tarea|mesure|t[âa]che|ma[ßs]{1,2}nahme"
        r"|aufgabe|a[çc][ãa]o|tarefa",
    ),
)

_CATEGORY_WORDS = (
    (
        "mitigate-future",
        r"mitigate[- ]future|future mitigation|resilien|graceful|response improvement|documentation|"
        r"\bdocs?\b|runbook|playbook|training|communication|incident response|on-?call",
    ),
    ("investigate", r"investigat|analy[sz]|research|root cause|rca"),
    ("repair", r"repair|clean ?up|restore|remediat|fix(?:es)?$|data fix|recover"),
    ("detect", r"detect|monitor|alert|observab|visibility"),
    ("mitigate", r"^mitigat|short[- ]term|immediate|workaround"),
    (
        "prevent",
        r"prevent|long[- ]term|hardening|process|systemic|technical|\bcode\b|config|engineering|"
        r"architect|testing|infrastructure|platform",
    ),
)

_CATEGORY_BY_WORDING = (
    (
        "investigate",
        r"\b(investigate|analy[sz]e|determine|find out|understand|look into|assess|research|"
        r"audit|identify why|reproduce)\b",
    ),
    (
        "detect",
        r"\b(alert\w*|monitor\w*|dashboards?|metrics?|detect\w*|paging|page when|observability|"
        r"logging|synthetic|probes?|slos?|burn rate|instrument\w*|visibility)\b",
    ),
    (
        "repair",
        r"\b(restore|backfill|repair|reprocess|refund|clean ?up|recover|re-?run|replay|"
        r"reconcile|correct the (?:data|records)|correction|compensat\w*|credit the|notify the affected)\b",
    ),
    (
        "mitigate-future",
        r"\b(runbooks?|playbooks?|graceful\w*|degrad\w*|circuit[- ]breakers?|fallbacks?|"
        r"failovers?|timeouts?|retr(?:y|ies)|backoff|rate[- ]limit\w*|throttl\w*|bulkheads?|"
        r"load[- ]shed\w*|drills?|game ?days?|chaos|on-?call|escalation|kill switch)\b",
    ),
    ("mitigate", r"\b(roll ?back|revert|restart|hotfix|temporar(?:y|ily)|disable the)\b"),
)


@dataclass
class SourceItem:
    """An action item as the source wrote it, before defaults and guesses."""

    line: int
    text: str
    id: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    due_written: str = ""
    #: why ``due`` is a guess: the source named a month, not a day
    due_guess: str = ""
    priority: str | None = None
    category: str | None = None
    category_how: str = ""  # "column" | "column-guess" | "label" | "heading"
    category_written: str = ""
    status: str | None = None
    status_how: str = "found"
    status_written: str = ""
    completed: dt.date | None = None
    tracker: str | None = None
    extra: list[str] = field(default_factory=list)
    #: "due"/"completed" read from a numeric date that may be day or month first, as written
    ambiguous: dict[str, str] = field(default_factory=dict)
    #: the item is only a reference ("#2127", a ticket's URL), as written: no action to read
    reference: str = ""
    #: the sentence of a paragraph the item was read from, as written ("We will add ...")
    sentence: str = ""
    #: the words that named the owner as the subject of the action ("Platform team will")
    owner_subject: str = ""
    #: the heading that names the list guidance rather than work ("Prevention measures",
    #: "Best practices"), when the item is listed under one; see :func:`is_advice`
    guidance: str = ""
    #: the owner is one bare word in brackets after the item ("(multi-cluster)"), which
    #: may as well say more of the action as name who does it
    owner_bracketed: bool = False
    #: ticket keys written with the action ("..., LAB-311", "(OPS-214)", a Ticket column's
    #: "OPS-300"), taken out of its words. No tracker: the format wants the ticket's URL,
    #: which a key alone does not give; the draft's TODO quotes the key instead.
    tickets: list[str] = field(default_factory=list)


def _status_of(text: str) -> str | None:
    lowered = _LEADING_SYMBOLS.sub("", text.strip().lower())
    if _DONE_MARKS.search(text):
        return "done"
    for status, words in _STATUS_WORDS:
        if re.fullmatch(rf"(?:{words})\b.*", lowered):
            return status
    return None


def heading_says_done(text: str) -> bool:
    """Whether a sub-heading files the items under it as done ("Immediate actions (completed)")."""
    return bool(_DONE_HEADING.search(text)) and not _OPEN_HEADING.search(text)


def category_of(text: str) -> str | None:
    """A category named by a column value or a sub-heading ("Detection", "Long term")."""
    lowered = text.strip().lower()
    if lowered in ("investigate", "mitigate", "repair", "detect", "mitigate-future", "prevent"):
        return lowered
    for category, words in _CATEGORY_WORDS:
        if re.search(words, lowered):
            return category
    return None


#: Kinds of work that tell no category: "Improvements", "Fixes", "Follow-ups".
_UNSPECIFIC_KIND = re.compile(
    r"(?:improvements?|enhancements?|changes?|fix(?:es)?|actions?|tasks?|follow[- ]?ups?|"
    r"items?|to-?dos?)",
    re.I,
)


def joins_unspecific_kind(heading: str) -> bool:
    """True when ``heading`` joins kinds of work, one of them unspecific: "Improvements/Fixes",
    "Fixes and improvements". Its items are of mixed kinds: each one's own wording tells its
    category, not the heading's words."""
    words = re.sub(r"[*_`#:]", " ", heading).strip()
    parts = [p for p in re.split(r"\s*(?:/|&|\+|,|\band\b)\s*", words, flags=re.I) if p]
    return len(parts) > 1 and any(_UNSPECIFIC_KIND.fullmatch(p.strip()) for p in parts)


def _heading_category(heading: str, above: str | None) -> str | None:
    """The category a sub-heading or a group's label gives its items: its own, none when it
    joins an unspecific kind to another, else the one of the heading above it."""
    if joins_unspecific_kind(heading):
        return None
    return category_of(heading) or above


def category_by_wording(action: str) -> str:
    for category, words in _CATEGORY_BY_WORDING:
        if re.search(words, action, re.I):
            return category
    return "prevent"


#: A heading that names guidance rather than work: what to keep doing, what was learnt.
_GUIDANCE_HEADING = re.compile(
    r"\b(?:prevent\w*|lessons?|learn(?:ed|t|ings?)|best\s+practices?|good\s+practices?|"
    r"takeaways?|guidelines?|recommendations?|"
    # The same words in other languages: prevention, lessons, learnings.
    r"preven(?:ci[oó]n|[cç][aã]o|tiv[oa]s?)|pr[eé]vention|pr[aä]vention\w*|vorbeugung|"
    r"lecciones|le[cç]ons|li[cç][oõ]es|aprendizajes|aprendizados|enseignements|erkenntnisse|"
    r"lehren|bonnes\s+pratiques|buenas\s+pr[aá]cticas|boas\s+pr[aá]ticas)\b"
    # Chinese, Japanese and Korean join words without spaces.
    r"|预防|教训|经验|反思|再発防止|教訓|所感|反省|振り返り|재발\s*방지|교훈",
    re.I,
)
#: Of those, a heading or label that names what was learnt rather than what to keep doing:
#: "Lessons learned", "**经验教训：**", "反思" (reflections), "所感" (impressions). Lessons are
#: often worded as tasks ("Test failovers first", "要重视监控告警"), so their words tell nothing:
#: as under a "Lessons learned" section, only an item with a task's own marks is a task.
_LESSONS_HEADING = re.compile(
    r"\b(?:lessons?|learn(?:ed|t|ings?)|takeaways?|lecciones|le[cç]ons|li[cç][oõ]es|"
    r"aprendizajes|aprendizados|enseignements|erkenntnisse|lehren)\b"
    r"|教训|经验|反思|教訓|所感|反省|振り返り|교훈",
    re.I,
)
#: A heading that names the work itself: whatever the words of its items, they are tasks.
_WORK_HEADING = re.compile(
    r"\b(?:actions?|action\s+items?|follow[- ]?ups?|remediation\w*|corrective|tasks?|to-?dos?|"
    r"next\s+steps|repair\s+items?|"
    r"acci[oó]n\w*|a[cç][oõ]es|a[cç][aã]o|ma[sß]nahmen|aufgaben|tareas|t[aâ]ches|seguimiento|"
    r"suivi|acompanhamento|correctiv\w*|corretiv\w*)\b"
    r"|行动|待办|整改|任务|跟进|后续|アクション|タスク|조치|액션",
    re.I,
)
#: A heading that names improvements or measures: "Improvements", "改进措施", "改善策", "対策".
#: As under "Prevention", its items are tasks or practice as their own words say: "增加 ... 告警"
#: is work, "要重视监控告警" or "必ず確認すること" a lesson.
_MEASURES_HEADING = re.compile(r"\bimprovements?\b|改进|改善|对策|対策|対応策", re.I)
#: A habit or a reminder: "Always test ...", "Engineers should never ...", "Remember to ...",
#: "Be careful with ...", "It is important to ...". "Always" and "never" count within the first
#: words only: "Make the deploy tool always run the checks" asks for a change.
_HABIT = re.compile(
    r"^\W*(?:[\w-]+\s+){0,2}?(?:always|never|siempre|nunca|toujours|jamais|immer|nie|niemals|"
    r"sempre|항상|반드시|절대|don't|do\s+not)\b"
    # Chinese and Japanese: the word within the first few characters, there being no spaces
    # between words but often around a name in Latin letters ("seat-map 参数一律 ..."); a rule
    # that forbids ("不准", "严禁", "禁止": never do) is a habit too. "任务必须" (the task must)
    # holds no "务必" (be sure to).
    r"|^\W*[^，。；：,;:]{0,24}?(?:始终|总是|永远|绝不|一律|务必(?!须)|不准|严禁|禁止|切勿|不得|不要|"
    r"常に|必ず|絶対に)",
    re.I,
)
_REMINDER = re.compile(
    r"\b(?:be\s+(?:more\s+)?(?:careful|aware|mindful|cautious|vigilant)|take\s+care|"
    r"remember\s+to|don't\s+forget|do\s+not\s+forget|keep\s+in\s+mind|bear\s+in\s+mind|"
    r"(?:it\s+is|it's)\s+(?:important|essential|crucial|vital|key|worth)|"
    r"(?:is|are)\s+(?:important|essential|crucial|vital|key)\b|"
    r"tener\s+cuidado|es\s+importante|no\s+olvidar|faire\s+attention|ne\s+pas\s+oublier|"
    r"il\s+est\s+important|darauf\s+achten|nicht\s+vergessen|es\s+ist\s+wichtig|"
    r"ter\s+cuidado|é\s+importante|não\s+esquecer)"
    r"|注意|切记|牢记|记得|重视|忘れずに|気をつけ|留意|주의|잊지\s*말",
    re.I,
)
#: What someone should do, and the verb that says what: "Engineers should double-check ...";
#: in Chinese "必须"/"应该"/"应当" (must, should), the verb right after them with no space.
_SHOULD = re.compile(
    r"\b(?:should|must|ought\s+to|needs?\s+to|have\s+to|has\s+to)\s+"
    r"(?:also\s+|still\s+|now\s+|first\s+)?(?P<verb>[a-z][a-z-]*)"
    r"|(?:必须|应该|应当)\s*(?:也|先|再|同时|立即|及时)?\s*(?P<joined_verb>\S{1,2})",
    re.I,
)
#: A verb that names a concrete change: "We should add an alert on ..." asks for work.
_CONCRETE_CHANGE = re.compile(
    r"(?:add|migrate|move|replace|remove|automate|implement|introduce|build|create|write|set|"
    r"configure|enable|disable|upgrade|split|deploy|extend|increase|raise|lower|reduce|limit|cap|"
    r"rewrite|deprecate|retire|switch|pin|rotate|schedule|shard|install|provision|block|enforce|"
    r"backfill|delete|rename|refactor|tune|adjust|alert|fix|document|update|change)"
    r"(?:s|es|ed|d|ing)?",
    re.I,
)
#: The same verbs in Chinese, whose first characters :data:`_SHOULD` gives: add, migrate,
#: replace, remove, automate, build, write, set, configure, enable, disable, upgrade, deploy,
#: raise, lower, limit, switch, install, fix, document, update, change.
_CONCRETE_CHANGE_JOINED = re.compile(
    r"添加|增加|新增|加上|迁移|替换|删除|移除|自动|实现|引入|构建|创建|编写|设置|配置|启用|开启|"
    r"禁用|关闭|升级|拆分|部署|扩展|扩容|提高|降低|减少|限制|重写|弃用|下线|切换|固定|轮换|安装|"
    r"修复|补充|记录|更新|修改|改为|改成|接入"
)


#: A rule of conduct for a situation: a clause that names when ("When the queue backs up,",
#: "If a deploy fails twice,", "Before changing the firewall,", "Wenn ...,", "遇到 ...，",
#: "出现告警时", "删除 Pod 前先 ...") and the main clause, which says what to do then. Chinese
#: needs no comma after "时"/"前"/"后" (when, before, after): a word that opens the main clause
#: ("先", "优先": first) or a checking verb ends the situation there. "及时", "同时", "小时" and
#: the like hold "时" without meaning "when"; "当时", "当前" are "at the time", "current".
_SITUATION = re.compile(
    r"^\W*(?:when(?:ever)?|if|before|after|once|while|unless|in\s+case\s+of|as\s+soon\s+as|"
    r"wenn|falls|bevor|sobald|nachdem|cuando|si|antes\s+de|despu[eé]s\s+de|en\s+caso\s+de|"
    r"quand|lorsque|avant\s+d[e']|apr[eè]s|d[eè]s\s+que|en\s+cas\s+de|quando|se|depois\s+de|"
    r"em\s+caso\s+de)\b[^,;:.!?]*,\s*(?P<main>.+)"
    r"|^\W*(?:遇到|看到|出现|当(?![时前然天日])|如果|若|假如|一旦|每当|每次|只要)[^，,。；;]*[，,]\s*(?P<main_joined>.+)"
    r"|^\W*[^，,。；;：:]*?(?<![及临同实定按准随暂当小])(?:时候?|之?前|之?后|的情况|情况下)"
    r"(?:[，,]\s*|(?=先|优先|首先|立即|立刻|马上|直接|默认|必须|应该|应当|需要|务必|一律|不要|不得|"
    r"检查|核对|确认|验证|判断))(?P<main_after_time>.+)"
    # Japanese names the situation with "時" or "際" (when), "場合" (in case) or "前"/"後"
    # (before, after) and a particle: "障害対応時はまず ...", "リリースの際は必ず ...",
    # "切り替える前に ...". "同時に" (at once), "常時" (always), "事前に" (in advance), "以前は"
    # (formerly) and the like hold those letters without naming a situation.
    r"|^\W*[^、,。；;：:]*?(?:(?<![同一臨定随常当即暫瞬何毎])時|際|場合"
    r"|(?<![事以直午最今前])(?:前|後))(?:には|に|は|も)[、,]?\s*(?P<main_ja>.+)",
    re.I,
)
#: Japanese verbs that name a change to make, written before "する" at the main clause's end:
#: add, introduce, implement, build, create, set, change, update, delete, migrate, automate,
#: fix, extend, replace, switch, enable, disable, document. "監視を追加する" is work; "...を
#: 確認すること" (be sure to check ...) is practice.
_JA_CHANGE_AT_END = re.compile(
    r"(?:追加|導入|実装|構築|作成|設定|変更|更新|削除|移行|自動化|整備|修正|改修|拡張|増設|置き換え|"
    r"置換|切り替え|有効化|無効化|文書化|廃止)(?:する|します|させる|すること)?\W*$"
)
#: Words that open a main clause before its verb: "first", "then", "优先" (first of all),
#: "默认" (by default). "固定按" (always by) is no "固定" (pin).
_MAIN_CLAUSE_OPENER = re.compile(
    r"^(?:(?:first|then|always|immediately|also|please|just|now|still)\s+|先|优先|首先|立即|立刻|"
    r"马上|直接|默认|再|也|都|同时|应该|应当|应|必须|需要|要|务必|请|固定(?=按))*",
    re.I,
)


def _situation_rule(text: str) -> bool | None:
    """For a rule of conduct in a situation ("When the queue backs up, check the consumer lag
    first"): True when it says what to do then (practice), False when one of its main clauses
    opens with a change to make ("..., page the on-call: add an alert on lag"). None when
    ``text`` names no situation."""
    match = _SITUATION.search(text)
    if match is None:
        return None
    if match.group("main_ja"):
        # Japanese ends its main clause with the verb: the last one tells work from practice.
        return _JA_CHANGE_AT_END.search(match.group("main_ja")) is None
    main = match.group("main") or match.group("main_joined") or match.group("main_after_time")
    should = _SHOULD.search(main)
    if should is not None and (
        (should.group("verb") and _CONCRETE_CHANGE.fullmatch(should.group("verb")))
        or (
            should.group("joined_verb")
            and _CONCRETE_CHANGE_JOINED.fullmatch(should.group("joined_verb"))
        )
    ):
        return False
    for clause in re.split(r"[:;：；]", main):
        opened = _MAIN_CLAUSE_OPENER.sub("", clause.strip(), count=1)
        first_word = re.match(r"[a-z][a-z-]*", opened, re.I)
        if first_word is not None and _CONCRETE_CHANGE.fullmatch(first_word.group()):
            return False
        if _CONCRETE_CHANGE_JOINED.match(opened):
            return False
    return True


#: A ticket named in an item's words: "... before a push: OPS-214", "see #812", "PR 88".
_TICKET_IN_TEXT = re.compile(
    r"\b[A-Z][A-Z0-9]+-\d+\b|(?<![\w&])#\d+\b|\b(?:PR|MR|[Ii]ssue|[Bb]ug|[Tt]icket)\s*#?\d+\b"
)


def names_guidance(heading: str) -> bool:
    """True for "Prevention measures", "Lessons learned", "Best practices", "Takeaways",
    "Improvements", "改进措施": a heading whose list may hold advice rather than tasks; False for one that also names the
    work ("Prevention action items", "Corrective and preventive measures")."""
    named = _GUIDANCE_HEADING.search(heading) or _MEASURES_HEADING.search(heading)
    return bool(named) and not _WORK_HEADING.search(heading)


def _reads_as_advice(text: str) -> bool:
    """True for "Always test configuration changes in staging", "Engineers should double-check
    ...", "Be careful with ...", "When the queue backs up, check the lag first": a habit, a
    reminder or a rule for a situation, no change to make."""
    if _HABIT.search(text) or _REMINDER.search(text):
        return True
    situation_rule = _situation_rule(text)
    if situation_rule is not None:
        return situation_rule
    should = _SHOULD.search(text)
    if should is None:
        return False
    if should.group("verb") is not None:
        return not _CONCRETE_CHANGE.fullmatch(should.group("verb"))
    return not _CONCRETE_CHANGE_JOINED.fullmatch(should.group("joined_verb"))


def is_advice(item: SourceItem) -> bool:
    """True when ``item``, listed under a heading that names guidance ("Prevention measures"),
    is advice rather than a task: nothing of a task about it (an owner, a due date, a ticket,
    a checkbox or a status, a priority, an id) and worded as a habit or a reminder. Such a
    heading holds tasks too ("Add an alert on ..."), which stay action items."""
    if not item.guidance:
        return False
    if (
        item.owner
        or item.due
        or item.completed
        or item.tracker
        or item.reference
        or item.id
        or item.priority
        or item.status_written
        or item.tickets
        or _TICKET_IN_TEXT.search(item.text)
    ):
        return False
    if _LESSONS_HEADING.search(item.guidance) and not item.sentence:
        return True  # a lesson listed under its own label, whatever its words
    return _reads_as_advice(item.text)


def is_clear_task(item: SourceItem) -> bool:
    """True when ``item`` carries a task's own marks: an owner, a due date, a ticket or a
    checkbox. Under "Lessons learned" only such an item is a task: lessons are often worded
    as imperatives ("Test failovers before a migration"), so its words alone tell nothing. A
    sentence read from a paragraph is the authors' prose, never a task there."""
    if item.sentence:
        return False
    # "(multi-cluster)" after a lesson may name its topic: a bracketed word is an owner
    # here only when it names a team or role ("(print-team)", "(sre)").
    owned = item.owner is not None and (
        not item.owner_bracketed or _TEAM_NAME.search(item.owner) is not None
    )
    return bool(
        owned
        or item.due
        or item.tracker
        or item.reference
        or item.tickets
        or _TICKET_IN_TEXT.search(item.text)
        # a checkbox keeps its box as written: "[ ]", "[x]"
        or _CHECKBOX.fullmatch(item.status_written) is not None
    )


class _Dates:
    def __init__(
        self, default_year: int | None, day_first: bool | None, incident_day: dt.date | None
    ) -> None:
        self.default_year, self.day_first, self.incident_day = default_year, day_first, incident_day
        #: dates read from a numeric date whose order nothing tells, with the words
        self.ambiguous: dict[dt.date, str] = {}

    def read(self, text: str) -> dt.date | None:
        read = read_date(text, default_year=self.default_year, day_first=bool(self.day_first))
        if read is None:
            return None
        day, year_given = read
        if self.day_first is None and is_ambiguous_date(text):
            self.ambiguous[day] = text.strip()
        if not year_given and self.incident_day is not None and day < self.incident_day:
            day = day.replace(year=day.year + 1)  # "due Jan 10" after a December incident
        return day

    def find(self, text: str) -> dt.date | None:
        """The first date written anywhere in ``text`` ("Completed 2024-05-02")."""
        for match in re.finditer(rf"(?<![\w/.-]){DATE}(?![\w/])", text, re.I):
            day = self.read(match.group(0))
            if day is not None:
                return day
        return None


#: The labels of an item's owner, due date and status, in English and in the other languages
#: follow-ups are written in (Japanese, Chinese, Korean, Spanish, French, German, Portuguese):
#: "(owner: sre, due 2025-03-01)", "（担当: 決済チーム、期限: 2024-04-30）", "(responsable :
#: équipe paiements, échéance : 30/04/2024)", "(Verantwortlich: Team Zahlungen, Frist: ...)".
_OWNER_LABEL = (
    r"owners?|assignee|assigned to|responsible|who|team|dri"
    r"|担当者|担当|責任者|负责人|责任人|負責人|담당자|담당"
    r"|responsables?|respons[áa]vel|verantwortlich(?:e[rn]?)?|zust[äa]ndig"
)
#: The due date's labels in the other languages alone, which also keep a due date from being
#: read as the incident's day.
OTHER_LANGUAGE_DUE_LABELS = (
    r"対応期限|期限|完了予定日|完了予定|截止日期|截止时间|截止|完成时间|完成日期|기한|마감일|마감"
    r"|fecha\s+l[íi]mite|plazo|[ée]ch[ée]ance|date\s+limite|frist|f[äa]llig(?:\s+am)?|prazo"
    r"|data\s+limite"
)
_DUE_LABEL = (
    rf"due date|due by|due on|due|deadline|target date|target|eta|{OTHER_LANGUAGE_DUE_LABELS}"
)
_STATUS_LABEL_WORDS = r"status|状況|状態|ステータス|状态|상태|estado|statut|[ée]tat|situa[çc][ãa]o"
#: Punctuation that sets annotations apart, with the full-width forms Chinese and Japanese
#: write ("，", "、", "；", "（）"): inside a character class.
_APART = ",;()\\[\\]|\u00b7\uff0c\u3001\uff1b\uff08\uff09\uff3b\uff3d"
_LABELLED = re.compile(
    rf"(?:^|(?<=[\s{_APART}]))(?P<label>{_OWNER_LABEL}|{_DUE_LABEL}|priority|prio"
    rf"|{_STATUS_LABEL_WORDS}|completed on|completed|done on|closed on|"
    rf"category|type|ticket|tracker)\s*[:=\uff1a]\s*(?P<value>[^{_APART}]+?)"
    # A value ends at a dash between spaces, punctuation, the next label, the end, or the end
    # of a sentence ("Owner: cart-team. Agreed in the review."): after a word of three
    # letters or more, so that "Sr. SRE" stays whole.
    rf"(?=\s+[-\u2013\u2014]\s+|\s*[{_APART}]|\s+(?:due|by|owner|priority|status)\b|\s*$"
    r"|(?<=\w{3})\.\s+[A-Z])",
    re.I,
)
_DUE_PHRASE = re.compile(
    rf"\b(?:due(?:\s+(?:by|on|date))?|by|before|deadline|target(?:\s+date)?|eta|{_DUE_LABEL})"
    rf"\s*[:\uff1a]?\s*(?P<date>{DATE})",
    re.I,
)
#: "Estimated completion: December 2024", "ETA: end of March 2025": a month, not a day.
_MONTH_DUE = re.compile(
    r"\b(?:(?:estimated\s+)?completion(?:\s+date)?|due|by|eta|target(?:\s+date)?)\s*:?\s*"
    r"(?:(?:the\s+)?end\s+of\s+)?(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?,?\s+(?P<year>(?:19|20|21)\d\d)\b",
    re.I,
)
_DONE_PHRASE = re.compile(
    rf"\b(?:done|completed|closed|fixed|shipped)\s*(?:on\s*)?:?\s*(?P<date>{DATE})", re.I
)
#: Words in brackets after an action, the full-width brackets of Chinese and Japanese too.
_GROUP = re.compile(r"[(\[\uff08\uff3b]([^()\[\]\uff08\uff09\uff3b\uff3d]{1,100})[)\]\uff09\uff3d]")
_HANDLE = re.compile(r"(?<![\w.@/])@([A-Za-z][\w.-]{0,38}[A-Za-z0-9])")
#: An owner written as a team or role: "mobile platform team", "storage on-call".
_TEAM_NAME = re.compile(
    r"\b(?:team|squad|crew|guild|group|on-?call|sre|ops|lead|leads|engineers?|owners?)$", re.I
)
#: What may be an owner in an item's trailing annotations: one name ("mobile-platform",
#: "@web") or a team or role, never a phrase such as "exponential backoff".
_OWNER_SHAPED = re.compile(
    r"^@?[A-Za-z][\w.-]*$|\b(?:team|squad|crew|guild|group|on-?call|sre|ops|lead|leads|engineers?|owners?)$",
    re.I,
)


def _month_due(item: SourceItem, text: str) -> str:
    """Set ``item.due`` from a month promised in ``text`` (met until its last day), marked
    as a guess; ``text`` without the promise."""
    month = _MONTH_DUE.search(text)
    year = int(month.group("year")) if month else 0
    first = read_date(f"1 {month.group('month')} {year}", default_year=year) if month else None
    if month is None or first is None:
        return text
    item.due = first[0].replace(day=calendar.monthrange(year, first[0].month)[1])
    item.due_written = month.group(0)
    item.due_guess = f"the source gives the month alone ({quote(month.group(0))}): its last day"
    return text.replace(month.group(0), " ")


def _apply_label(item: SourceItem, label: str, value: str, dates: _Dates) -> bool:
    label, value = label.lower(), value.strip().strip("*_` ")
    if not value:
        return False
    if re.fullmatch(_OWNER_LABEL, label, re.I):
        item.owner = item.owner or value.lstrip("@")
    elif re.fullmatch(_DUE_LABEL, label, re.I):
        item.due = item.due or dates.read(value)
        item.due_written = item.due_written or value
        if item.due is None:
            _month_due(item, f"due {value}")
    elif label.startswith(("priority", "prio")):
        item.priority = item.priority or value
    elif re.fullmatch(_STATUS_LABEL_WORDS, label, re.I):
        stated = _status_of(value)
        # An unticked box says only "not done"; "- [ ] ... (status: in progress)" says more.
        if item.status_written == "[ ]" and stated in ("in-progress", "wont-do"):
            item.status = stated
        item.status = item.status or stated
        item.status_written = value
        if item.status == "done":
            item.completed = item.completed or dates.find(value)  # "Status: completed 2024-05-02"
    elif label.startswith(("completed", "done", "closed")):
        item.completed = item.completed or dates.read(value)
        item.status = item.status or "done"
    elif label in ("category", "type"):
        exact = value.lower() in (
            "investigate",
            "mitigate",
            "repair",
            "detect",
            "mitigate-future",
            "prevent",
        )
        if item.category is None and category_of(value):
            item.category, item.category_written = category_of(value), value
            item.category_how = "column" if exact else "column-guess"
    elif label in ("ticket", "tracker") and value.startswith("http"):
        item.tracker = item.tracker or value
    elif label in ("ticket", "tracker"):
        # "ticket: OPS-12": a key, not the URL the format's tracker wants.
        item.tickets += _TICKET_KEY_WRITTEN.findall(value)
    return True


def _consume(item: SourceItem, piece: str, dates: _Dates, *, owner_ok: bool) -> bool:
    """Read one annotation ("owner: sre", "P1", "done 2025-03-01", "2025-03-01", "sre"); False if it is none."""
    piece = piece.strip().strip("*_")
    if not piece:
        return False
    labelled = _LABELLED.fullmatch(piece)
    if labelled:
        return _apply_label(item, labelled.group("label"), labelled.group("value"), dates)
    handle = _HANDLE.fullmatch(piece)
    if handle:
        item.owner = item.owner or handle.group(1)
        return True
    done_date = _DONE_PHRASE.fullmatch(piece)
    if done_date:
        # An explicit "done 2024-03-09" beats an unticked box.
        item.status, item.status_how, item.status_written = "done", "found", piece
        item.completed = item.completed or dates.read(done_date.group("date"))
        return True
    status = _status_of(piece)
    if status is not None and len(piece.split()) <= 3:
        item.status = item.status or status
        item.status_written = item.status_written or piece
        return True
    if _PRIORITY.fullmatch(piece.upper()) or piece.lower() in ("high", "medium", "low"):
        item.priority = item.priority or piece
        return True
    ticket = _TICKET_PIECE.fullmatch(piece)
    if ticket is not None:
        # "(OPS-214)", "(see OPS-214)", "— OPS-214 · P1": the ticket, no words of the action.
        item.tickets.append(ticket.group("key"))
        return True
    due = _DUE_PHRASE.fullmatch(piece)
    day = (
        dates.read(due.group("date"))
        if due
        else (dates.read(piece) if re.fullmatch(DATE, piece, re.I) else None)
    )
    if day is not None:
        item.due = item.due or day
        item.due_written = item.due_written or piece
        return True
    if (
        owner_ok
        and item.owner is None
        # One name, a team or role ("sre", "payments team") or a name in capitals ("Ledger
        # Ops"): "(Docker images etc)" or "(for example ...)" after an action tells more of it.
        and (_OWNER_SHAPED.search(piece) or all(w[:1].isupper() for w in piece.split()))
        and len(piece.split()) <= 3
        and not re.search(r"\d{2}", piece)
    ):
        item.owner = piece.lstrip("@")
        return True
    return False


def _read_annotations(item: SourceItem, text: str, dates: _Dates) -> str:
    """Take owners, dates, priorities, statuses and links out of ``text``; return the rest."""

    def link(match: re.Match[str]) -> str:
        item.tracker = item.tracker or match.group(2)
        label = match.group(1).strip()
        # A link to the ticket is the tracker, not words of the action: "[AUTH-101](url) Add
        # rollback", "... metrics [GitHub Issue](url)", "[see issue here](url)".
        at_end = not re.sub(r"[\s.,;:!)\]]+", "", match.string[match.end() :])
        if _TICKET_KEY.fullmatch(label) or _REFERENCE_WORDS.fullmatch(label) or at_end:
            return ""
        return match.group(1)

    text = _LINK.sub(link, text)
    text = re.sub(
        r"\(\s*(?:see|ref|tracked in|tracking)?\s*:?\s*\)|\b(?:see|tracked in)\s*:?\s*(?=[.;,]|$)",
        "",
        text,
        flags=re.I,
    )
    text = re.sub(r"\[([^\[\]]*)\]\([^)]*\)", r"\1", text)  # other links keep their text

    def bare(match: re.Match[str]) -> str:
        if _EXAMPLE_BEFORE.search(match.string[: match.start()]):
            # "(for example https://...)" names a tool to look at: words of the action,
            # not where the work is tracked.
            return match.group(1)
        item.tracker = item.tracker or match.group(1).rstrip(".,;")
        return ""

    text = _BARE_URL.sub(bare, text)
    struck = re.fullmatch(r"\s*~~(.+)~~\s*(.*)", text)
    if struck:
        text = struck.group(1) + " " + struck.group(2)
        if item.status is None:
            item.status, item.status_how, item.status_written = "done", "guessed", "struck through"
    if _DONE_MARKS.search(text):
        text = _DONE_MARKS.sub("", text)
        if item.status is None:
            item.status, item.status_how, item.status_written = "done", "guessed", "ticked"
    match = _ID.match(text)
    if match:
        item.id = f"AI-{int(match.group(1)):03d}"
        text = text[match.end() :]

    def group(match: re.Match[str]) -> str:
        pieces = [
            p.strip()
            for p in re.split(r"[,;\uff0c\u3001\uff1b]|\s/\s", match.group(1))
            if p.strip()
        ]
        at_end = match.end() >= len(match.string.rstrip(" .\u3002"))
        unread = [p for p in pieces if not _consume(item, p, dates, owner_ok=False)]
        # A bare word is the owner only when it is all the bracket holds besides what was
        # read: "(clones, snapshots, etc…)" after a lesson tells more of it, and named no
        # owner "clones" (a handle or an "owner:" label is read above whatever else is there).
        if len(unread) == 1 and at_end and _consume(item, unread[0], dates, owner_ok=True):
            item.owner_bracketed = len(pieces) == 1
            unread = []
        return "" if not unread else match.group(0)

    text = _GROUP.sub(group, text)
    # "Raise the limit - Owner: platform - P1 - due 2023-09-21", "Renew it — @payments, done
    # 2024-04-18": trailing annotation segments, whole or not at all.
    # Exports of task tools also set them off with a middle dot or an arrow: "— Owner: web ·
    # Due: Jun 28 · P1", "→ mobile-platform, by Jun 28".
    segments = re.split(r"\s+(?:[-\u2013\u2014|\u00b7\u2192]|->)\s+", text)
    annotated = False  # a segment already taken off the end held annotations
    while len(segments) > 1:
        trial = replace(item, extra=list(item.extra), tickets=list(item.tickets))
        pieces = [p for p in re.split(r"[,;\u00b7]", segments[-1]) if p.strip()]
        unread = [p for p in pieces if not _consume(trial, p, dates, owner_ok=False)]
        # A name beside the item's due date or priority, or before them, is its owner ("—
        # mobile-platform, due 6/28/2024", "— mobile-platform — 2024-06-28"); alone, only
        # when it is written as a team's name ("- mobile platform team").
        if (
            len(unread) == 1
            and (len(pieces) > 1 or annotated or _TEAM_NAME.search(unread[0]))
            and _OWNER_SHAPED.search(unread[0].strip())
            and _consume(trial, unread[0], dates, owner_ok=True)
        ):
            unread = []
        if not pieces or unread:
            break
        item.__dict__.update(trial.__dict__)
        segments.pop()
        annotated = True
    text = " - ".join(segments)
    while (trailing := _TRAILING_TICKET.search(text)) is not None:
        item.tickets.insert(0, trailing.group("key"))
        text = text[: trailing.start()]
    for labelled in list(_LABELLED.finditer(text)):
        if _apply_label(item, labelled.group("label"), labelled.group("value"), dates):
            text = text.replace(labelled.group(0), " ")
    due = _DUE_PHRASE.search(text)
    if due:
        found = dates.read(due.group("date"))
        if found is not None:
            item.due = item.due or found
            item.due_written = item.due_written or due.group(0)
            text = text.replace(due.group(0), " ")
    if item.due is None:
        text = _month_due(item, text)
    done = _DONE_PHRASE.search(text)
    if done:
        found = dates.read(done.group("date"))
        if found is not None:
            # "..., done 2024-04-18": an explicit date beats an unticked box, as above.
            item.status, item.status_how, item.status_written = "done", "found", done.group(0)
            item.completed = item.completed or found
            text = text.replace(done.group(0), " ")
    priority = _PRIORITY.search(text)
    if priority:
        item.priority = item.priority or priority.group(0)
        text = text[: priority.start()] + text[priority.end() :]
    handle = _HANDLE.search(text)
    if handle and item.owner is None:
        item.owner = handle.group(1)
        text = text.replace(handle.group(0), " ")
    done_note = _DONE_NOTE.search(text)
    if done_note is not None and item.status in (None, "open") and item.status_written != "[ ]":
        item.status, item.status_how, item.status_written = (
            "done",
            "found",
            done_note.group(0).strip("_*() "),
        )
        text = text[: done_note.start()] + text[done_note.end() :]
    text = re.sub(r"\\([*_])", lambda m: "\x00" if m.group(1) == "*" else "\x01", text)
    text = re.sub(r"(\*\*|__|`|~~)", "", text)
    text = re.sub(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])", "", text)  # single emphasis marks
    text = text.replace("\x00", "*").replace("\x01", "_")
    text = re.sub(r"\\([\[\]()#.!-])", r"\1", text)  # Markdown escapes
    text = re.sub(r"^\s*(?:todo|action|ai)\s*:\s*", "", text, flags=re.I)
    text = re.sub(r"\s+", " ", text)
    # Brackets emptied by the annotations taken out: "(due 2024-12-01)", "(done)".
    text = re.sub(
        r"\s*[(\[\uff08\uff3b]\s*[,;:\uff0c\u3001\uff1b\uff1a]?\s*[)\]\uff09\uff3d]", "", text
    )
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    text = re.sub(r"([.,;:])(?:\s*[.,;:])+", r"\1", text)
    # The same for the full-width marks of Chinese and Japanese: "补充压测用例，责任人：测试组" leaves
    # "补充压测用例，" once its owner is out.
    text = re.sub(
        r"\s*([\uff0c\u3001\uff1b\uff1a])(?:\s*[\uff0c\u3001\uff1b\uff1a])*\s*", r"\1", text
    )
    return text.strip(" \t-\u2013\u2014:;,|.\uff0c\u3001\uff1b\uff1a") + (
        "." if text.rstrip().endswith("..") else ""
    )


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = re.sub(r"[*_`]", "", cell).strip().lower()
        for column, pattern in _COLUMN_PATTERNS:
            if column not in columns and re.search(pattern, name):
                columns[column] = index
                break
    if "action" not in columns:
        free = [i for i in range(len(header)) if i not in columns.values()]
        if free:
            columns["action"] = free[0]
    return columns


@dataclass
class _Pending:
    """A list item being read: its first paragraph may wrap over several lines."""

    item: SourceItem
    text: str
    category: str | None
    #: later paragraphs of the same item (indented under it): read for a ticket and "done" only
    more: list[str] = field(default_factory=list)
    paragraph_done: bool = False
    #: the sub-heading the item is listed under, when it files its items as done ("Completed")
    done_heading: str = ""
    #: the heading the item is listed under, when it names guidance ("Best practices")
    guidance: str = ""
    #: its text ends with a colon and a fenced code block follows it ("- Run the command:")
    over_code: bool = False


#: A clause that only labels the code block below it, as post-mortems put one over a fix, a
#: command or a setting: "Fix code:", "Run the command:", "The config is as follows:",
#: "修复代码：", "执行命令：", "配置如下：", "設定は以下の通り：". It names code or says "as
#: follows", and is short: a task that ends with a colon over code ("Add a retry wrapper to
#: the callback handler:") names the change, which is longer or names no code.
_CODE_LABEL = re.compile(
    r"^\W*(?:(?:[\w'-]+\s+){0,4}?(?:code|commands?|config(?:uration)?s?|settings?|scripts?|"
    r"quer(?:y|ies)|sql|patch|diff|snippet|output|logs?|example|as\s+follows|below|shell)"
    r"(?:\s+[\w'-]+){0,3}"
    r"|[^\sA-Za-z]{0,6}?(?:代码|命令|配置|脚本|语句|补丁|日志|输出|示例|如下|以下|下面|"
    r"コード|コマンド|設定|スクリプト|ログ|次の通り|下記)[^\sA-Za-z]{0,6}?)\s*[:：]\W*$",
    re.I,
)


def without_code_label(text: str) -> str:
    """``text`` less a last clause that only labels the code below it: "" for "执行命令：" or
    "Run the command:", "调整回调超时" for "调整回调超时，配置如下：". The label is no action, and
    the code under it shows how, never what to do."""
    plain = re.sub(r"(\*\*|__|`)", "", text).strip()
    head, _, last = plain.rpartition("，") if "，" in plain else plain.rpartition(", ")
    if _CODE_LABEL.match(last):
        return head.strip(" ,，;；")
    return text


_GROUP_LABEL = re.compile(r"^(\*\*|__)(?P<label>[^*_]{1,60}?)(?::\1|\1:)\s*$")


#: "Tasks:", "Improvements/Fixes:", "Tasks to Address the Issue:" alone on a line: a label
#: over follow-ups written as plain lines, one a line, with no bullets.
_PLAIN_RUN_LABEL = re.compile(
    r"^(?=[^:]*\b(?:tasks?|improvements?|fix(?:es)?|actions?|measures?|steps?|to-?dos?"
    r"|recommendations?|follow[- ]?ups?|remediations?)\b)[A-Z][\w/&'() -]{1,60}:$",
    re.I,
)
#: Any other short label line ("Conclusion:"): the labelled follow-ups are over.
_OTHER_LABEL = re.compile(r"^[A-Z][\w/&'() -]{1,60}:$")
#: The remark that closes such a run ("By taking these measures, we aim to ...", "These
#: steps will ...", "In conclusion, ..."): it sums the items up and is none of them.
_CLOSING_REMARK = re.compile(
    r"^(?:by\s|these\s|this\s|those\s|in\s+(?:conclusion|summary|short)\b|overall\b"
    r"|together\b|through\s+these\b|with\s+these\b|(?:moving|going)\s+forward\b"
    r"|ultimately\b|to\s+(?:conclude|sum\s+up)\b)",
    re.I,
)


def group_label(text: str, indent: int, after: list[tuple[int, str]]) -> str | None:
    """The label of a list item that is only a bold label ending with a colon ("**Tasks:**")
    and has items nested under it: a group's name, as a sub-heading is. Without nested items,
    or with words after the label, it is an item of its own."""
    match = _GROUP_LABEL.match(text.strip())
    if match is None:
        return None
    following = next((raw for _, raw in after if raw.strip()), "")
    nested = _LIST_ITEM.match(following)
    if nested is None or len(nested.group("indent").expandtabs(4)) <= indent:
        return None
    return match.group("label").strip()


def read_action_items(
    sections: list[Section],
    *,
    default_year: int | None,
    day_first: bool | None = False,
    incident_day: dt.date | None = None,
) -> list[SourceItem]:
    """Every action item of the follow-up ``sections``, in source order.

    ``day_first`` None: nothing tells the order of numeric dates; they are read
    month first and each item says which of its dates could be read both ways.

    Reads tables by their header, and list items of any kind (bullets,
    numbers, checkboxes) whose text may wrap over several lines; sub-bullets
    such as "Owner: sre" belong to the item above, and a later paragraph
    indented under an item is read for its ticket link and a "done" mark.
    Sub-headings ("Process improvements", "Detection") give a category.
    """
    dates = _Dates(default_year, day_first, incident_day)
    items: list[SourceItem] = []
    for section in sections:
        heading_category: str | None = (
            None  # the section's own title ("Remediation") is no category
        )
        #: the current sub-heading, when it files the items under it as done ("Completed")
        done_heading = ""
        #: the section's title, or the current sub-heading, when it names guidance
        section_guidance = section.title if names_guidance(section.title) else ""
        guidance = section_guidance
        header: list[str] | None = None
        columns: dict[str, int] | None = None
        base_indent: int | None = None
        fence: str | None = None
        pending: _Pending | None = None
        #: a paragraph outside any list (its first line and text), and whether a blank line ended it
        paragraph: list[tuple[int, str]] | None = None
        paragraph_closed = False
        #: the item above is numbered, with nothing but its own lines and details since: the
        #: bullets that follow at its indent may be its details ("1. Do X" then "- owner: ...")
        numbered_above = False
        #: ... and they are: its text is a bold title ("1. **Alert on lag**"), or a bullet
        #: under it gave an owner or a date. Otherwise a bullet after a numbered list is an
        #: item of its own, as "1. Add an alert" then "- Split the worker" is.
        details_open = False
        #: under a plain label line such as "Tasks:": each plain line is one item, until a
        #: blank line after them, another label, a closing remark or anything that is no line
        plain_run = False
        #: inside the remark that closes such a run: no item, to its paragraph's end
        closing_remark = False
        #: inside a "<details>" toggle: its lines tell about the item above, never items
        in_toggle = False
        #: the indent of a "- Details" toggle bullet: lines indented deeper are its contents
        toggle_bullet: int | None = None

        def toggle_detail(content: str, pending: _Pending | None) -> None:
            """A line of a toggle: a detail of the item above, as a sub-bullet is; with no
            item above, nothing (a toggle's label or contents are no action)."""
            above = pending.item if pending is not None else items[-1] if items else None
            listed = _LIST_ITEM.match(content)
            text = (listed.group("text") if listed else content).strip()
            if above is None or not text:
                return
            labelled = _LABELLED.match(re.sub(r"(\*\*|__)", "", text))
            if labelled:
                _apply_label(above, labelled.group("label"), labelled.group("value"), dates)
                return
            if pending is not None:
                pending.more.append(text)
            above.extra.append(text)

        def read_paragraph(category: str | None, under: str) -> None:
            """Each sentence of the paragraph that states a planned action, as an item;
            ``under`` is the heading that names guidance, if any."""
            nonlocal paragraph
            if paragraph is None:
                return
            lines, paragraph = paragraph, None
            text = " ".join(written for _, written in lines)
            # Where each line starts in the joined text, to cite the line a sentence starts on.
            starts = [sum(len(w) + 1 for _, w in lines[:i]) for i in range(len(lines))]
            for where, action, sentence in planned_actions(text):
                line = next(n for (n, _), at in reversed(list(zip(lines, starts))) if at <= where)
                item = SourceItem(line, action, sentence=sentence)
                said = reports_done(action)
                if said is not None:
                    item.status, item.status_how, item.status_written = "done", "wording", said
                if category:
                    item.category, item.category_how = category, "heading"
                item.guidance = under
                items.append(item)

        def flush() -> None:
            nonlocal pending
            if pending is None:
                return
            done, pending = pending, None
            item = done.item
            if done.over_code:
                done.text = without_code_label(done.text)
                if not done.text:
                    return  # "- Run the command:" over a code block: a label, no task
            written = re.sub(r"(\*\*|__|`)", "", done.text).strip(" .;,")
            item.text = _read_annotations(item, done.text, dates)
            if _TICKET_KEY.fullmatch(item.text) or (
                not item.text and (item.tracker or item.tickets)
            ):
                # "- #2127", "- https://tracker.example.com/OPS-12": the source names the
                # ticket only; the item is kept, its action left for the author to write.
                item.reference, item.text = written, ""
            for paragraph in done.more:
                paragraph = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", paragraph)  # images are no tickets
                if item.tracker is None:
                    url = _LINK.search(paragraph) or _BARE_URL.search(paragraph)
                    if url is not None:
                        item.tracker = url.group(2) if url.re is _LINK else url.group(1)
                if item.status is None and _DONE_NOTE.search(paragraph):
                    item.status, item.status_how, item.status_written = "done", "guessed", "done"
            if not item.text and not item.reference:
                return
            if item.status is None and done.done_heading:
                # Listed under "Immediate actions (completed)": the heading says it for each
                # item, which says nothing of its own.
                item.status, item.status_how = "done", "guessed"
                item.status_written = f"listed under {quote(done.done_heading)}"
            if item.status is None:
                said = reports_done(item.text)
                if said is not None:
                    item.status, item.status_how, item.status_written = "done", "wording", said
            if done.category and item.category is None:
                item.category, item.category_how = done.category, "heading"
            item.guidance = done.guidance
            items.append(item)

        #: inside a group label's items: its indent, and the category, done heading, guidance
        #: and base indent to go back to when the group ends
        group: tuple[int, str | None, str, str, int | None] | None = None
        lines = section.lines()
        for position, (line, raw) in enumerate(lines):
            stripped = raw.strip()
            marker = re.match(r"^\s*(`{3,}|~{3,})", raw)
            if fence is not None:
                if marker and marker.group(1)[0] == fence[0]:
                    fence = None
                continue
            if marker:
                fence = marker.group(1)
                if pending is not None and re.search(r"[:：]\W*$", pending.text):
                    pending.over_code = True  # the item may only label the code
                continue
            opened = _TOGGLE_OPEN.match(stripped)
            if opened is not None or in_toggle:
                content = stripped[opened.end() :] if opened is not None else stripped
                closed = _TOGGLE_CLOSE.search(content)
                in_toggle = closed is None
                content = content[: closed.start()] if closed is not None else content
                toggle_detail(_TOGGLE_SUMMARY.sub("", content).strip(), pending)
                continue
            indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
            if toggle_bullet is not None and stripped:
                if indent > toggle_bullet:
                    toggle_detail(stripped, pending)
                    continue
                toggle_bullet = None
            if not stripped:
                header = columns = None
                closing_remark = False
                if plain_run and pending is not None:
                    plain_run = False  # a blank line after the items ends them
                if pending is not None:
                    pending.paragraph_done = True
                paragraph_closed = paragraph is not None
                continue
            if paragraph is not None and (_LIST_ITEM.match(raw) or _TABLE_ROW.match(raw)):
                # "Follow-ups are tracked below:", then the list: the paragraph leads in to it.
                paragraph = None
            if not _LIST_ITEM.match(raw) and not stripped.startswith("#"):
                wrapping = pending is not None and not pending.paragraph_done and not plain_run
                if _PLAIN_RUN_LABEL.match(stripped) and not wrapping:
                    numbered_above = False
                    flush()
                    if paragraph is not None:
                        read_paragraph(heading_category, guidance)
                    plain_run = True
                    continue
                if plain_run and _CLOSING_REMARK.match(stripped):
                    # It sums up the items above ("we aim to ..."): no action of its own, to
                    # its paragraph's end.
                    flush()
                    plain_run, closing_remark = False, True
                    continue
                if closing_remark:
                    continue
                if plain_run and _OTHER_LABEL.match(stripped):
                    # "Conclusion:": the labelled items are over, and the label is no words of
                    # the prose under it.
                    flush()
                    plain_run = False
                    continue
                if plain_run and _TABLE_ROW.match(raw) is None:
                    if (
                        pending is not None
                        and stripped[0].islower()
                        and not re.search(r"[.!?;]$", pending.text.strip())
                    ):
                        pending.text += " " + stripped  # the item's text wraps onto this line
                        continue
                    flush()
                    pending = _Pending(
                        SourceItem(line, ""),
                        stripped,
                        heading_category,
                        done_heading=done_heading,
                        guidance=guidance,
                    )
                    continue
            else:
                plain_run = closing_remark = False
            if stripped.startswith("#"):
                numbered_above = False
                flush()
                read_paragraph(heading_category, guidance)
                heading_category = _heading_category(stripped.lstrip("#"), heading_category)
                title = stripped.lstrip("#").strip()
                done_heading = title if heading_says_done(title) else ""
                # "### Best practices" under the follow-ups names its own list; "### Tooling"
                # under "## Prevention measures" goes on with the section's.
                guidance = (
                    title
                    if names_guidance(title)
                    else ""
                    if _WORK_HEADING.search(title)
                    else section_guidance
                )
                header = columns = None
                base_indent = None
                continue
            row = _TABLE_ROW.match(raw)
            if row:
                numbered_above = False
                flush()
                if TABLE_SEPARATOR.match(raw):
                    columns = _columns(header or [])
                    continue
                cells = [c.strip() for c in row.group(1).split("|")]
                if columns is None:
                    header = cells
                    continue
                item = _from_row(line, cells, columns, dates)
                if item is not None and item.status is None and done_heading:
                    item.status, item.status_how = "done", "guessed"
                    item.status_written = f"listed under {quote(done_heading)}"
                if item is not None:
                    if item.category is None and heading_category:
                        item.category, item.category_how = heading_category, "heading"
                    item.guidance = guidance
                    items.append(item)
                continue
            header = columns = None
            listed = _LIST_ITEM.match(raw)
            labelled_as = None if listed else _after_label(stripped)
            if labelled_as is not None:
                # "**Action item:** Declare incidents earlier. ...": a paragraph that labels
                # itself an action item is one, whatever the words after the label.
                numbered_above = False
                flush()
                read_paragraph(heading_category, guidance)
                pending = _Pending(
                    SourceItem(line, ""),
                    labelled_as,
                    heading_category,
                    done_heading=done_heading,
                )
                continue
            if not listed:
                if pending is not None and not pending.paragraph_done:
                    pending.text += " " + stripped  # the item's text wraps onto this line
                    continue
                if pending is not None and indent >= 2:
                    pending.more.append(stripped)
                    continue
                numbered_above = False
                flush()  # prose after the list, or with no list at all
                if paragraph is not None and paragraph_closed:
                    read_paragraph(heading_category, guidance)
                if paragraph is None:
                    paragraph, paragraph_closed = [], False
                paragraph.append((line, stripped))
                continue
            if group is not None and indent <= group[0]:
                # Back at the group label's indent: the group's items are over.
                flush()
                _, heading_category, done_heading, guidance, base_indent = group
                group = None
            label = group_label(listed.group("text"), indent, lines[position + 1 :])
            if label is not None:
                # "- **Improvements/Fixes:**" over nested items: a group, as a sub-heading is;
                # its items are the actions, the label none.
                numbered_above = False
                flush()
                read_paragraph(heading_category, guidance)
                group = (indent, heading_category, done_heading, guidance, base_indent)
                heading_category = _heading_category(label, heading_category)
                done_heading = label if heading_says_done(label) else done_heading
                guidance = label if names_guidance(label) else guidance
                base_indent = None
                continue
            if base_indent is None:
                base_indent = indent
            text = listed.group("text")
            bullet = not re.match(r"\s*\d", raw)
            labelled_bullet = bool(_LABELLED.match(re.sub(r"(\*\*|__)", "", text.strip())))
            detail = (
                numbered_above
                and bullet
                and indent <= base_indent + 1
                and (details_open or labelled_bullet)
            )
            details_open = details_open or detail
            if (indent > base_indent + 1 or detail) and (pending is not None or items):
                # A sub-bullet: "Owner: sre" or "Due: 2025-03-01" belongs to the item above.
                above = pending.item if pending is not None else items[-1]
                labelled = _LABELLED.match(re.sub(r"(\*\*|__)", "", text.strip()))
                if labelled:
                    _apply_label(above, labelled.group("label"), labelled.group("value"), dates)
                elif pending is not None:
                    pending.more.append(text.strip())
                    above.extra.append(text.strip())
                else:
                    above.extra.append(text.strip())
                continue
            if bullet and (pending is not None or items) and _TOGGLE_LABEL.fullmatch(text.strip()):
                # A notes app's toggle list ("- Details", its contents indented under it):
                # the contents tell the item above; the label is no item.
                toggle_bullet = indent
                continue
            flush()
            numbered_above = not bullet
            details_open = numbered_above and bool(
                re.fullmatch(r"(\*\*|__)[^*_]+\1:?", text.strip())
            )
            item = SourceItem(line, "")
            box = _CHECKBOX.match(text)
            if box:
                item.status = "done" if _box_done(box) else "open"
                item.status_written = box.group(0).strip()
                text = text[box.end() :]
            pending = _Pending(
                item, text, heading_category, done_heading=done_heading, guidance=guidance
            )
        flush()
        read_paragraph(heading_category, guidance)
    for found in items:
        named = subject_owner(found.text) if found.owner is None else None
        if named is not None:
            # "Platform team will add an alert": the team is the owner, the action its work.
            found.owner, found.text, found.owner_subject = named
        for name in ("due", "completed"):
            day = getattr(found, name)
            if day is not None and day in dates.ambiguous:
                found.ambiguous[name] = dates.ambiguous[day]
    return items


def _from_row(
    line: int, cells: list[str], columns: dict[str, int], dates: _Dates
) -> SourceItem | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    item = SourceItem(line, "")
    action = cell("action")
    box = _CHECKBOX.match(action)
    if box:
        item.status = "done" if _box_done(box) else "open"
        item.status_written = box.group(0).strip()
        action = action[box.end() :]
    if cell("id"):
        match = re.search(r"(\d{1,4})", cell("id"))
        if match and re.match(r"^\s*(?:AI)?[- ]?\d", cell("id"), re.I):
            item.id = f"AI-{int(match.group(1)):03d}"
    item.text = _read_annotations(item, action, dates)
    if not item.text or re.fullmatch(r"[\[<{].*[\]>}]", action.strip()):
        return None
    owner = re.sub(r"(\*\*|__|`)", "", cell("owner")).strip().lstrip("@")
    if owner and not re.fullmatch(r"[\[<{].*[\]>}]|tbd|-|\?|n/a", owner, re.I):
        item.owner = owner
    if cell("due"):
        item.due = dates.read(cell("due")) or item.due
        item.due_written = cell("due")
    if cell("priority"):
        item.priority = cell("priority")
    if cell("category"):
        written = cell("category").strip()
        item.category = category_of(written)
        exact = written.lower() in (
            "investigate",
            "mitigate",
            "repair",
            "detect",
            "mitigate-future",
            "prevent",
        )
        item.category_how = ("column" if exact else "column-guess") if item.category else ""
        item.category_written = written
    if cell("status"):
        status_cell = cell("status")
        box = _CHECKBOX.match(status_cell)
        status = ("done" if _box_done(box) else "open") if box else _status_of(status_cell)
        if status is not None:
            item.status, item.status_how, item.status_written = status, "found", status_cell
        done_date = dates.find(status_cell) if status == "done" else None
        item.completed = item.completed or done_date
    if item.status is None:
        # Status words written in another cell: "n/a **DONE**" in a Bug column.
        for index, value in enumerate(cells):
            if index == columns.get("action"):
                continue
            marker = re.search(r"\b(DONE|TODO|WIP|WONTFIX)\b", value)
            if marker:
                word = marker.group(1)
                item.status = {
                    "DONE": "done",
                    "TODO": "open",
                    "WIP": "in-progress",
                    "WONTFIX": "wont-do",
                }[word]
                item.status_how, item.status_written = "found", word
                break
    tracker = cell("tracker")
    if tracker and item.tracker is None:
        url = _LINK.search(tracker) or _BARE_URL.search(tracker)
        if url:
            item.tracker = url.group(2) if url.re is _LINK else url.group(1)
        else:
            # "OPS-300" in a Ticket column: a key without the URL the format wants.
            item.tickets += [
                key for key in _TICKET_KEY_WRITTEN.findall(tracker) if key not in item.tickets
            ]
    if item.status is None:
        said = reports_done(item.text)
        if said is not None:
            item.status, item.status_how, item.status_written = "done", "wording", said
    return item


# --- into the format ----------------------------------------------------------

_PRIORITY_WORDS: dict[str, tuple[str, How]] = {
    "p0": ("P1", "guessed"),
    "p1": ("P1", "found"),
    "p2": ("P2", "found"),
    "p3": ("P3", "found"),
    "p4": ("P3", "guessed"),
    "high": ("P1", "found"),
    "medium": ("P2", "found"),
    "low": ("P3", "found"),
    "critical": ("P1", "guessed"),
    "urgent": ("P1", "guessed"),
    "highest": ("P1", "guessed"),
    "normal": ("P2", "guessed"),
    "lowest": ("P3", "guessed"),
    "minor": ("P3", "guessed"),
    "major": ("P1", "guessed"),
}


def _ambiguous_note(written: str) -> str:
    return (
        f"{quote(written)} is ambiguous: the source's dates do not tell whether the day or "
        "the month comes first; read month first"
    )


def _priority(text: str | None) -> Noted[str]:
    if not text:
        return Noted("P2", "missing", "set to P2")
    word = re.sub(r"[^a-z0-9]", "", text.lower())
    word = re.sub(r"priority$", "", word)
    value, how = _PRIORITY_WORDS.get(word, ("P2", "guessed"))
    return Noted(value, how, "" if how == "found" else f"the source says {quote(text)}")


#: A letter with no ASCII form, which kebab case would drop: "SREチーム" is not "sre". Accented
#: Latin letters have one ("équipe paiements" reads as equipe-paiements).
_LETTERS_BEYOND_ASCII = re.compile(r"[^\W\d_\u00c0-\u024f\u1e00-\u1eff\x00-\x7f]")


def _owner(written: str | None) -> Noted[str]:
    """The format's owner: a team or role, in kebab case ("platform team." -> platform-team)."""
    if not written:
        return Noted("unassigned", "missing", "a team or role")
    name = kebab(written)
    if name == written:
        return Noted(name)
    if not name or _LETTERS_BEYOND_ASCII.search(written):
        return Noted(written, "guessed", "kept as written: a team or role in kebab case")
    return Noted(name, "guessed", f"the source says {quote(written)}")


def _after_label(stripped: str, *, plain: bool = False) -> str | None:
    """What a paragraph's first line says after a label that makes the paragraph an action
    item ("**Follow-up:** ...", with ``plain`` also "Follow-up: ..."), or None. A status
    label's word stays: "**DONE**: Added ..." is "DONE: Added ...", an item done."""
    status = _STATUS_LABEL.match(stripped)
    if status is not None:
        return f"{status.group('status')}: {stripped[status.end() :]}"
    label = _ACTION_LABEL.match(stripped) or (
        _PLAIN_ACTION_LABEL.match(stripped) if plain else None
    )
    return None if label is None else stripped[label.end() :]


def _labelled_runs(section: Section) -> Iterator[tuple[list[tuple[int, str]], str]]:
    """Each paragraph of ``section`` whose first line carries an action item's label, as its
    lines (the label written as "**Follow-up:** ") and what it says after the label."""
    lines = section.lines()
    fence = False
    starts_paragraph = True
    index = 0
    while index < len(lines):
        number, raw = lines[index]
        stripped = raw.strip()
        index += 1
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        if fence or stripped.startswith(("```", "~~~")):
            starts_paragraph = False
            continue
        opens = starts_paragraph
        starts_paragraph = not stripped or stripped.startswith("#")
        rest = _after_label(stripped, plain=True)
        if not opens or rest is None or raw[:1].isspace():
            continue
        paragraph = [(number, "**Follow-up:** " + rest)]
        while index < len(lines) and lines[index][1].strip():
            follow = lines[index][1].strip()
            if follow.startswith(("#", "|", "```", "~~~")) or _LIST_ITEM.match(follow):
                break
            paragraph.append(lines[index])
            index += 1
        yield paragraph, " ".join([rest, *(text.strip() for _, text in paragraph[1:])])


def labelled_paragraphs(sections: list[Section]) -> list[Section]:
    """The paragraphs of ``sections`` that label themselves an action item
    ("**Follow-up:** add a canary stage (payments-team).", "Action item: ..."), each as a
    follow-up section of its own for :func:`read_action_items`, with its lines' numbers.

    A monthly report's incident sub-section writes its one follow-up so, with no "Action
    items" section to hold it. Only a paragraph's first line may carry the label: never a
    list item or a table row (a timeline's "Follow-up: ..." row is an event), a quote or
    code, and never a label that states no action ("Follow-up: none").
    """
    found: list[Section] = []
    for section in sections:
        for paragraph, said in _labelled_runs(section):
            if _NO_ACTION.match(said):
                continue
            block = Block(None, 0, paragraph[0][0], paragraph)
            found.append(Section("actions", section.title, section.level, [block]))
    return found


def action_lines(section: Section) -> set[int]:
    """The numbers of the lines of ``section`` that are work to do rather than an account of
    what happened: paragraphs labelled as an action item or follow-up (also "Follow-up: none")
    and checkbox items with the lines they wrap onto. A section that explains the incident,
    such as its root cause, leaves them out of what it says."""
    numbers = {n for paragraph, _ in _labelled_runs(section) for n, _ in paragraph}
    in_checkbox = False
    for number, raw in section.lines():
        item = _LIST_ITEM.match(raw)
        if item is not None:
            in_checkbox = bool(_CHECKBOX.match(item.group("text")))
        elif not raw.strip() or raw.strip().startswith(("#", "|")):
            in_checkbox = False
        if in_checkbox:
            numbers.add(number)
    return numbers


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(year: int, quarter: int) -> dt.date:
    return _month_end(year, quarter * 3)


#: Dues written relative to when they were written: "this week", "EOM", "next quarter", "Q3".
_RELATIVE_DUE = re.compile(
    r"\b(?:(?P<week>this|current|next)\s+week"
    r"|(?P<month>end\s+of\s+(?:the\s+)?month|eom|this\s+month|next\s+month)"
    r"|(?P<quarter>end\s+of\s+(?:the\s+)?quarter|eoq|this\s+quarter|next\s+quarter)"
    r"|q(?P<q>[1-4])(?:\s*(?:['\u2019]\s*)?(?P<qyear>\d{4}|\d{2}))?"
    r"|(?P<year>end\s+of\s+(?:the\s+)?year|eoy|this\s+year))\b",
    re.I,
)


def relative_due(written: str, anchor: dt.date) -> dt.date | None:
    """The last day of the week, month, quarter or year that ``written`` names, counted from
    ``anchor`` (the day it was written), or None: "this week" is the Sunday of ``anchor``'s
    week, "Q3" the last day of that quarter (next year's when it is already over). A sprint
    or "soon" gives no day: how long a sprint runs is the team's."""
    found = _RELATIVE_DUE.search(written)
    if found is None:
        return None
    words = found.group(0).lower()
    if found.group("week"):
        sunday = anchor + dt.timedelta(days=6 - anchor.weekday())
        return sunday + dt.timedelta(days=7) if words.startswith("next") else sunday
    if found.group("month"):
        if words.startswith("next"):
            year, month = divmod(anchor.month, 12)
            return _month_end(anchor.year + year, month + 1)
        return _month_end(anchor.year, anchor.month)
    quarter = (anchor.month - 1) // 3 + 1
    if found.group("quarter"):
        if words.startswith("next"):
            year, index = divmod(quarter, 4)
            return _quarter_end(anchor.year + year, index + 1)
        return _quarter_end(anchor.year, quarter)
    if found.group("q"):
        named = int(found.group("q"))
        if found.group("qyear"):
            year = int(found.group("qyear"))
            return _quarter_end(year + 2000 if year < 100 else year, named)
        return _quarter_end(anchor.year + (named < quarter), named)
    return dt.date(anchor.year, 12, 31)


def to_draft_items(
    items: list[SourceItem], incident_day: dt.date, report_day: dt.date | None = None
) -> list[DraftActionItem]:
    """The format's action items: ids, defaults and guesses, each marked as such.

    ``report_day`` is the date the source was written, when it gives one: an item worded as
    done ("has been documented") was done by then at the latest.
    """
    placeholder_due = incident_day + dt.timedelta(days=28)
    written_on = (
        (report_day, "the report's date")
        if report_day is not None
        else (incident_day, "the incident's date, as the source gives no date for the report")
    )
    used = {i.id for i in items if i.id}
    taken: set[str] = set()
    next_number = 1
    out: list[DraftActionItem] = []
    for item in items:
        item_id = item.id if item.id and item.id not in taken else None
        if item_id is None:
            while f"AI-{next_number:03d}" in used or f"AI-{next_number:03d}" in taken:
                next_number += 1
            item_id = f"AI-{next_number:03d}"
        taken.add(item_id)
        if item.due is not None and "due" in item.ambiguous:
            due = Noted(item.due, "guessed", _ambiguous_note(item.ambiguous["due"]))
        elif item.due is not None and item.due_guess:
            due = Noted(item.due, "guessed", item.due_guess)
        elif item.due is not None:
            due = Noted(item.due)
        elif item.due_written and (counted := relative_due(item.due_written, written_on[0])):
            due = Noted(
                counted,
                "guessed",
                f"the source says {quote(item.due_written)}, counted from "
                f"{written_on[1]} ({written_on[0].isoformat()})",
            )
        elif item.due_written:
            due = Noted(placeholder_due, "guessed", f"the source says {quote(item.due_written)}")
        else:
            due = Noted(placeholder_due, "missing", "set four weeks after the incident")
        if item.category and item.category_how == "column":
            category = Noted(item.category)
        elif item.category and item.category_how == "column-guess":
            category = Noted(
                item.category, "guessed", f"the source says {quote(item.category_written)}"
            )
        elif item.category:
            category = Noted(item.category, "guessed", "from the sub-heading it is listed under")
        else:
            category = Noted(
                category_by_wording(item.text), "guessed", "from the wording of the action"
            )
        if item.status is None:
            status = Noted("open", "guessed", "the source does not say; read as open")
        elif item.status_how == "found":
            status = Noted(item.status)
        elif item.status_how == "wording":
            status = Noted(
                item.status,
                "guessed",
                f"read from the wording {quote(item.status_written)}, which reports it as done",
            )
        else:
            status = Noted(item.status, "guessed", f"{item.status_written} in the source")
        completed = None
        if item.status == "done":
            completed = (
                Noted(item.completed, "guessed", _ambiguous_note(item.ambiguous["completed"]))
                if item.completed and "completed" in item.ambiguous
                else Noted(item.completed)
                if item.completed
                else Noted(
                    written_on[0],
                    "guessed",
                    f"the source does not say when it was done; set to {written_on[1]}",
                )
                if item.status_how == "wording"
                else Noted(due.value, "guessed", "the source does not say when it was done")
            )
        action = Noted(item.text)
        if item.sentence:
            action = Noted(
                item.text,
                "guessed",
                f"read from the sentence {quote(item.sentence)} of a paragraph: check that it "
                "is one action, and reword it",
            )
        if item.tickets and not item.reference:
            keys = ", ".join(quote(key) for key in item.tickets)
            named = f"the source names the ticket {keys} for this item"
            if item.tracker:
                # The link it gives is the tracker; the key stays on record beside it.
                action = Noted(action.value, action.how, f"{action.note}; {named}".strip("; "))
            else:
                said = f"{named}, without its URL: set tracker to the ticket's URL"
                action = Noted(
                    item.text, "guessed", f"{action.note}; {said}" if action.note else said
                )
        if item.reference:
            action = Noted(
                f"Describe the follow-up tracked as {item.reference}",
                "missing",
                f"the source lists only the reference {quote(item.reference)}: write the action "
                "it tracks" + ("" if item.tracker else ", and set tracker to the ticket's URL"),
            )
            if item.category is None:
                category = Noted("prevent", "missing", "the source gives only a reference")
        draft_item = DraftActionItem(
            id=item_id,
            action=action,
            owner=(
                Noted(
                    kebab(item.owner) or item.owner,
                    "guessed",
                    f"named as the subject of the action: {quote(item.owner_subject)}",
                )
                if item.owner and item.owner_subject
                else _owner(item.owner)
            ),
            due=due,
            priority=_priority(item.priority),
            category=category,
            status=status,
            completed=completed,
            tracker=item.tracker,
        )
        for noted in (
            draft_item.action,
            draft_item.owner,
            draft_item.due,
            draft_item.priority,
            draft_item.category,
            draft_item.status,
            draft_item.completed,
        ):
            if noted is not None and noted.line is None:
                noted.line = item.line
        out.append(draft_item)
    return out
