"""Free-text values read into the format's vocabulary: severities, names, counts.

Each reader returns a :class:`~pmkb.importers.draft.Noted` value whose ``how``
says whether the text said it in the format's own words (``found``) or was
interpreted (``guessed``), and whose note quotes the source for the reviewer.

    >>> parse_severity("SEV-2").value, parse_severity("SEV-2").how
    ('SEV2', 'found')
    >>> parse_severity("P1 (Critical service degraded)").value
    'SEV1'
    >>> kebab_names("API Gateway, orders-db; Payments (EU)")
    ['api-gateway', 'orders-db', 'payments-eu']
    >>> parse_count("~40,000 failed requests"), parse_count("2.5k users")
    (40000, 2500)
"""

from __future__ import annotations

import re
import unicodedata

from pmkb.importers.draft import Noted
from pmkb.importers.row_words import JA_NOTICE_ARRIVED

_QUOTE_LIMIT = 50
#: A Markdown link or image, ``[text](target)``: a quotation keeps its text alone.
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")


def quote(text: str) -> str:
    """A short quotation of the source for a note."""
    # A link cut short by the limit would leave half of its Markdown in the note, which
    # the body renders: "[a](https://x..."; line 9, "[b](..." reads as one link whose
    # address holds a bracket, and MkDocs fails the build on it. The words are enough.
    text = _MARKDOWN_LINK.sub(r"\1", " ".join(text.split()))
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 3].rstrip() + "..."
    return '"' + text.replace('"', "'") + '"'


def parse_severity(text: str) -> Noted[str] | None:
    """SEV1-SEV4 from "SEV-2", "Sev 1", "S2", "P1", "Critical", "Level 3", "2"."""
    value = text.strip()
    said = f"the source says {quote(value)}"
    # "High - significant degradation for many customers": the level leads; the words that
    # explain it ("no high-value customers") are read only when the lead names no level.
    lead = re.split(r"\s[-\u2013\u2014]\s|:\s", value, maxsplit=1)[0]
    if lead != value:
        found = _severity_in(lead, said)
        if found is not None:
            return found
    return _severity_in(value, said)


def _severity_in(value: str, said: str) -> Noted[str] | None:
    match = re.search(r"\bsev(?:erity)?[\s\-_:]*([0-9])\b", value, re.I)
    if match:
        number = int(match.group(1))
        level = min(max(number, 1), 4)
        return Noted(
            f"SEV{level}",
            "found" if number == level else "guessed",
            "" if number == level else said,
        )
    match = re.search(r"\b[SP]([0-9])\b", value, re.I)
    if match:
        number = int(match.group(1))
        return Noted(f"SEV{min(max(number, 1), 4)}", "guessed", said)
    lowered = value.lower()
    for words, level in (
        (r"critical|blocker|emergency|catastrophic|highest", 1),
        (r"high|major|severe|serious", 2),
        (r"medium|moderate|normal|significant", 3),
        (r"low|minor|trivial|informational|lowest|cosmetic", 4),
    ):
        for match in re.finditer(rf"\b(?:{words})\b", lowered):
            # "None critical", "not major", "non-critical": the level is denied, not named.
            if not re.search(r"\b(?:no|not|non|none)[\s-]+$", lowered[: match.start()]):
                return Noted(f"SEV{level}", "guessed", said)
    match = re.search(r"\b(?:level\s*)?([1-4])\b", lowered)
    if match:
        return Noted(f"SEV{match.group(1)}", "guessed", said)
    return None


def kebab(text: str) -> str:
    """ "Payments (EU)" -> "payments-eu"; "" when nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:60].strip("-")


def split_list(text: str) -> list[str]:
    """Items of "a, b; c and d" or "a / b | c"; a YAML-style "[a, b]" too."""
    text = text.strip().strip("[]")
    # Chinese and Japanese lists run on the ideographic comma ("订单服务、支付服务") or the
    # full-width one ("订单服务，支付服务").
    parts = re.split(r"\s*(?:,|;|\||\s/\s|\band\b|&|\n|\u3001|\uff0c|\uff1b)\s*", text)
    return [p.strip().strip("`*_'\"") for p in parts if p.strip().strip("`*_'\"")]


_NOTHING = {"none", "n/a", "na", "-", "tbd", "unknown", "all", "?"}


def _latin_only(name: str) -> bool:
    """Whether every letter of a name is a Latin one, accented or not ("Équipe", "Cobrança"):
    only such a name has a kebab-case form. "订单服务" has none, and "주문 API" would lose its
    Korean word and leave a misleading "api"."""
    return all(
        not char.isalpha() or unicodedata.name(char, "").startswith("LATIN")
        for char in unicodedata.normalize("NFKC", name)
    )


def names_without_kebab_form(text: str) -> list[str]:
    """The names of a free-text list written in another script ("订单服务"), as written:
    :func:`kebab_names` leaves them out, and the author is told which ones to spell."""
    return [
        part
        for part in split_list(text)
        if part.lower() not in _NOTHING and not _latin_only(part) and part.strip()
    ]


def kebab_names(text: str) -> list[str]:
    """Service or team names from a free-text list, kebab-cased, without duplicates; names in
    another script are left out (see :func:`names_without_kebab_form`)."""
    out: list[str] = []
    for part in split_list(text):
        if part.lower() in _NOTHING or not _latin_only(part):
            continue
        name = kebab(part)
        if name and not name.isdigit() and name not in out:
            out.append(name)
    return out


def people(text: str) -> list[str]:
    """Authors or reviewers as written, without @ and brackets."""
    out: list[str] = []
    for part in split_list(text):
        name = part.lstrip("@").strip()
        if name and name.lower() not in _NOTHING and name not in out:
            out.append(name)
    return out


#: A ticket that tells of the incident: one opened, raised or filed by a customer or support
#: ("a customer opened a ticket", "support tickets about failed logins", "tickets came in").
#: Never tickets that are what the service handles ("the gateway was rejecting tickets",
#: "ticket sales failed"), nor a ticket the team opened with a provider (told apart elsewhere).
TICKET_RAISED = (
    r"(?:support|customer|client|user|help\s?desk|service\s?desk)s?\s+tickets?\b"
    r"|tickets?\s+(?:(?:was|were|is|are|has\s+been|have\s+been|got|being)\s+)?"
    r"(?:opened|raised|filed|submitted|logged|created|came\s+in|coming\s+in|arrived|received)\b"
    r"|(?:open|opened|opens|raise|raised|raises|file|filed|files|submit|submitted|submits|log|"
    r"logged|logs|create|created|creates)\s+(?:(?:a|an|the|two|several|many|\d+)\s+)?"
    r"(?:new\s+|urgent\s+)?tickets?\b"
    r"|tickets?\s+(?:about|reporting|regarding|complaining|from\s+(?:customers?|users?|clients?))\b"
)
_DETECTION_WORDS = (
    (
        "customer-report",
        rf"customer|client|user report|users? report|support|{TICKET_RAISED}|complain|twitter|social media|status ?page|"
        # The same people in other languages ("cliente" and "client" match above).
        r"usuari|usuári|utilisat|usager|kunde|nutzer|benutzer|anwender|utilizador",
    ),
    (
        "synthetic-check",
        r"synthetic|probe|canary check|uptime|pingdom|blackbox|black-box|health ?check|smoke test",
    ),
    (
        "alert",
        r"alert|alarm|monitor|pag(?:e|ed|er|ing)|pagerduty|opsgenie|prometheus|datadog|grafana|nagios|burn rate|slo|"
        # an alerting tool's log: "Triggered: delivery latency above 60s"
        r"triggered:|"
        # "Automated warning from the cluster": a machine told us, as an alert does.
        r"(?:automated|automatic) (?:warning|notification|e-?mail|message)|"
        # In other languages ("alerta", "alerte", "alarme", "Monitoring" match above).
        r"surveillance|supervision|überwachung|alarmierung",
    ),
    (
        "internal-report",
        r"engineer|employee|internal|team member|staff|colleague|developer|noticed|on-?call|dashboard|manual",
    ),
)

#: The same words in languages written without spaces between words (Chinese, Japanese), or
#: with endings joined to them (Korean): found anywhere in a run of letters.
_UNSPACED_DETECTION_WORDS = {
    "customer-report": r"用户|客户|顾客|投诉|ユーザー|顧客|お客様|問い合わせ|고객|사용자|유저",
    "alert": rf"监控|告警|报警|警报|監視|アラート|警報|{JA_NOTICE_ARRIVED}|모니터링|알림|경보|알람",
    # People on site and colleagues who tell us, as "staff" and "colleague" do in English:
    # "现场反馈 ..." (the floor reports), "一线人员", "内部反馈"; "現場から連絡", "同僚", "スタッフ".
    "internal-report": r"员工|同事|工程师|值班|现场|一线|内部|社員|エンジニア|当番|現場|同僚|スタッフ|"
    r"従業員|社内|직원|엔지니어|당직",
}


#: A report from a store or a branch: "a call from a store", "the branch reported ...",
#: "店舗から連絡", "门店反馈", "支店から問い合わせ". Never a data store: "store" alone is not one,
#: nor a store where something is seen ("店舗で表示が正常化").
STORE_REPORT = (
    r"\b(?:from|by)\s+(?:a|the|one|our|two|several)\s+(?:\w+\s+)?(?:stores?|shops?|branch(?:es)?)\b"
    r"|\b(?:stores?|shops?|branch(?:es)?)\s+(?:(?:staff|manager|clerk)s?\s+)?"
    r"(?:report\w*|call\w*|rang|phoned|told|complain\w*|contact\w*)"
    r"|(?:店舗|店铺|门店|支店|分店|店頭|各店)(?:の?スタッフ|の?従業員|员工|店员|店員)?"
    r"(?:から|より|反馈|来电|报告|報告|打来)"
)
_STORE_REPORT = re.compile(STORE_REPORT)
#: The store's own staff named as those who reported: an internal report, not customers'.
_STORE_STAFF = re.compile(
    rf"\b(?:staff|employee|manager|clerk|cashier)s?\b|{_UNSPACED_DETECTION_WORDS['internal-report']}"
)
#: A web page, which a site publishes and serves, not the pager going off: "status page
#: updated", "pages published again", "the pages were served again", "serves every page".
#: "Paged the on-call", "the page fired", "a PagerDuty page" name none of these words.
WEB_PAGE = re.compile(
    r"\b(?:status|web|home|landing|error|login|sign-?in|docs?|help|product|search|account|"
    r"maintenance|wiki|static)\s+pages?\b"
    r"|\bpages?\s+(?:(?:were|was|are|is|get|gets|got|being|been|have\s+been|has\s+been|"
    r"had\s+been)\s+)?(?:\w+ly\s+)?(?:re-?)?(?:publish|serv|load|render|updat|display|show|"
    r"cach|view|visit|open|buil[dt]|deploy|edit|generat)\w*"
    r"|\b(?:serv|load|render|display|show|open|return|publish|updat|buil[dt]|generat|cach)\w*"
    r"\s+(?:\S+\s+){0,3}?pages?\b",
    re.I,
)


#: Who told us, when a person did: "alerted by the end-user team", "a user alerted us". "Alerted"
#: then says nothing of an alert: someone reported it.
_TOLD = r"(?:alerted|notified|informed|told|warned|contacted|pinged|called)"
#: "Storefront team reports certificate warnings", "reported by a customer".
_REPORTED = r"(?:reports?|reported|raises|raised|flags|flagged)"
_TOLD_BY = re.compile(
    rf"\b(?:{_TOLD}|{_REPORTED})\s+(?:us\s+)?by\s+(?:(?:one|some|several|two|a\s+few)\s+of\s+)?"
    r"(?P<by>(?:[\w-]+\s+){0,4}?[\w-]+)"
    r"(?=\s*(?:[,.;:()]|$)|\s+(?:that|about|of|when|who|via|on|in|at|after|and|with)\b)"
)
_TOLD_AS_SUBJECT = re.compile(
    rf"\b(?P<subject>(?:[\w-]+\s+){{0,3}}[\w-]+)\s+(?:{_TOLD}\s+us|{_REPORTED})\b"
)
#: The last word of someone outside the company: a customer or user.
_OUTSIDE_PERSON = re.compile(
    r"(?:customers?|clients?|users?|end-?users?|merchants?|partners?|shoppers?|buyers?|subscribers?|"
    r"visitors?|members? of the public|tenants?|patrons?|callers?)$"
)
#: The last word of a team or person of ours.
_OWN_PERSON = re.compile(
    r"(?:teams?|squad|crew|department|desk|colleagues?|engineers?|developers?|staff|employees?|"
    r"on-?call|sre|ops|support|managers?|leads?|operators?|admins?|administrators?|someone|"
    r"somebody|analysts?|agents?|assistants?|clerks?|cashiers?)$"
)


#: A team that passes on what customers tell it, or a report made through it: "the support team
#: alerted us" is a customer report, as the words for customers below read it.
_SPEAKS_FOR_CUSTOMERS = re.compile(r"support|customer|client|help ?desk|service desk")


def _reported_by_a_person(lowered: str) -> str | None:
    """customer-report or internal-report when the text says a person told us, whatever the verb:
    "we were alerted by a customer", "alerted by the end-user team", "a user alerted us"."""
    named = [m.group("by") for m in _TOLD_BY.finditer(lowered)]
    named += [m.group("subject") for m in _TOLD_AS_SUBJECT.finditer(lowered)]
    for who in (n.strip() for n in named):
        if _OWN_PERSON.search(who) and not _SPEAKS_FOR_CUSTOMERS.search(lowered):
            # "the end-user team", "the warehouse team": a team of ours, though it may serve
            # users. Told through support ("Venue staff report it to the support desk"), the
            # words for customers below decide.
            return "internal-report"
        if _OUTSIDE_PERSON.search(who):
            return "customer-report"
    return None


def detection_from_text(text: str) -> str | None:
    """How an incident was detected, from words such as "a customer reported" or "paged"."""
    lowered = text.lower()
    person = _reported_by_a_person(lowered)
    if person is not None:
        return person
    store = _STORE_REPORT.search(lowered)
    if store is not None:
        # "店舗から…と連絡" (a store called in): the people at the counter who saw it, staff of
        # ours when the words say so ("店舗スタッフ", "store staff"), else customers' report.
        return "internal-report" if _STORE_STAFF.search(lowered) else "customer-report"
    for value, words in _DETECTION_WORDS:
        # A web page published or served is no page to the on-call: its words tell no alert.
        said = WEB_PAGE.sub(" ", lowered) if value == "alert" else lowered
        unspaced = _UNSPACED_DETECTION_WORDS.get(value)
        if re.search(rf"\b(?:{words})", said) or (unspaced and re.search(unspaced, said)):
            return value
    return None


_TRIGGER_WORDS = (
    ("certificate-expiry", r"certificate|\bcert\b|\btls\b|\bssl\b"),
    ("config-change", r"config|configuration|feature flag|\bflag\b|setting"),
    ("deploy", r"deploy|release|rollout|roll-out|roll out|upgrade|\bpush\b|merge"),
    (
        "traffic-surge",
        r"traffic|surge|spike in (?:load|requests)|load spike|flash sale|launch|thundering",
    ),
    (
        "dependency-failure",
        r"vendor|provider|third[- ]party|upstream|dependency|\baws\b|\bgcp\b|azure|cloudflare|outage at",
    ),
    (
        "hardware",
        r"hardware|disk failure|\bpower\b|network card|\bnic\b|host failure|server failure",
    ),
    ("schema-migration", r"migration|schema change"),
)


def trigger_from_text(text: str) -> str | None:
    lowered = text.lower()
    for value, words in _TRIGGER_WORDS:
        if re.search(words, lowered):
            return value
    return None


_MULTIPLIERS = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "million": 1_000_000,
    "mm": 1_000_000,
}


def parse_count(text: str) -> int | None:
    """The first count in ``text``: "2,000", "~40 000", "2.5k", "1.2 million"."""
    match = re.search(
        r"(\d{1,3}(?:[, ]\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand|million|mm|m)?\b", text, re.I
    )
    if not match:
        return None
    number = float(re.sub(r"[, ]", "", match.group(1)))
    number *= _MULTIPLIERS.get((match.group(2) or "").lower(), 1)
    return round(number)


def parse_usd(text: str) -> float | None:
    """A dollar amount: "$5,000", "~$5k", "5000 USD"; None for other currencies."""
    match = re.search(
        r"(?:\$|usd\s*)\s*(\d[\d,]*(?:\.\d+)?)\s*(k|m|million|thousand)?\b", text, re.I
    ) or re.search(
        r"(\d[\d,]*(?:\.\d+)?)\s*(k|m|million|thousand)?\s*(?:usd|dollars)\b", text, re.I
    )
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    number *= _MULTIPLIERS.get((match.group(2) or "").lower(), 1)
    return round(number, 2)
