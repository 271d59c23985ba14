"""Read a post-mortem written as plain Markdown into its title, sections and fields.

Real documents vary: the title is an H1 or a setext heading or a YAML
``title``; sections are H1, H2 or a bold line, spelt "Root Casue" or "Lessons
learnt", numbered, with extra sections in between; facts sit in ``**Key**:
value`` lines, in ``Key: value`` lines or in a two-column table. This module
finds all of that without judging what it means: :mod:`pmkb.importers.markdown`
turns it into frontmatter.
"""

from __future__ import annotations

import difflib
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from pmkb.importers.timestamps import DATE, read_stamp
from pmkb.importers.zones import Zone, heading_zone

#: A code fence; inside a list item it is indented as deep as the item's text, so at any depth.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|(?=[A-Za-z]))(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<text>[^*_]{2,60}?)(?:\*\*|__)\s*:?\s*$")
_LIST_OR_TABLE = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|\||>)")
#: "--- Follow-up actions ---", "-- Timeline --": a heading framed by dashes, as plain-text
#: mail to a list writes one. Words are required between the frames, so that a rule ("---")
#: or a frontmatter fence is never one.
_DASH_FRAMED = re.compile(r"^ {0,3}-{2,}[ \t]+(?P<text>[^-\s].*?)[ \t]+-{2,}[ \t]*$")


def _folded(text: str) -> str:
    """Letters as the tables hold them: lower case, full-width forms ("：", "Ａ") as their
    plain ones, Latin letters without accents ("Résumé" is "resume", "Maßnahmen" is
    "massnahmen"), so that a name matches however its accents are typed. Other scripts keep
    their marks: a Japanese voiced mark changes the word."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


#: Section kinds whose content goes into the format's body sections or keys.
MAJOR_KINDS = (
    "summary",
    "impact",
    "timeline",
    "root_cause",
    "contributing",
    "five_whys",
    "went_well",
    "went_wrong",
    "lessons",
    "actions",
)
#: Kinds recognised but kept as extra sections (or read for fields only).
MINOR_KINDS = ("trigger", "details", "detection", "resolution", "lucky", "leadup")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "incident summary",
        "executive summary",
        "issue summary",
        "overview",
        "incident overview",
        "tl;dr",
        "tldr",
        "description",
        "incident description",
        "what happened",
        "abstract",
        "synopsis",
        # Reports written in other languages name their sections in their own words.
        *("概述", "摘要", "概要", "事故概述", "故障概述", "事件概述", "简介"),
        *("障害概要", "インシデント概要", "サマリー", "要約"),
        *("요약", "개요", "장애 요약", "사고 요약"),
        *("resumen", "resumen ejecutivo", "descripción", "descripción del incidente"),
        *("qué pasó", "qué ocurrió", "qué sucedió"),
        *("résumé", "synthèse", "résumé de l'incident", "description de l'incident"),
        *("que s'est-il passé", "ce qui s'est passé"),
        *("zusammenfassung", "überblick", "übersicht", "kurzfassung", "beschreibung"),
        *("was ist passiert", "was ist geschehen"),
        *("resumo", "resumo executivo", "visão geral", "descrição", "descrição do incidente"),
        *("o que aconteceu", "o que houve"),
    ),
    "impact": (
        "impact",
        "user impact",
        "customer impact",
        "business impact",
        "impact assessment",
        "impact analysis",
        "blast radius",
        "scope and impact",
        "impact and scope",
        "who was affected",
        "customer facing impact",
        *("影响", "影响范围", "业务影响", "用户影响", "影响分析"),
        *("影響", "影響範囲", "ユーザー影響", "顧客影響", "影響度"),
        *("영향", "영향 범위", "고객 영향", "사용자 영향"),
        *("impacto", "impacto en el cliente", "impacto en los clientes", "alcance e impacto"),
        *("impact client", "impact utilisateur", "impact sur les clients", "impact métier"),
        *("auswirkung", "auswirkungen", "auswirkungen auf kunden", "kundenauswirkung"),
        *("impacto no cliente", "impacto nos clientes", "impacto no negócio"),
    ),
    "timeline": (
        "timeline",
        "incident timeline",
        "timeline of events",
        "detailed timeline",
        "chronology",
        "sequence of events",
        "event timeline",
        "time line",
        "events",
        "event log",
        "updates",
        "incident updates",
        "status updates",
        "incident history",
        "incident log",
        *("时间线", "时间轴", "事件时间线", "事故时间线", "故障时间线", "时间线回顾"),
        *("タイムライン", "時系列", "経緯", "障害の経緯", "発生から復旧までの経緯"),
        *("타임라인", "타임 라인", "경과", "장애 경과"),
        *("cronología", "línea de tiempo", "línea temporal", "cronología del incidente"),
        *("chronologie", "déroulé", "déroulement", "chronologie de l'incident"),
        *("zeitleiste", "zeitverlauf", "chronologie", "ablauf", "zeitlicher ablauf", "verlauf"),
        *("linha do tempo", "cronologia", "linha temporal", "cronologia do incidente"),
    ),
    "root_cause": (
        "root cause",
        "root causes",
        "root cause analysis",
        # The blameless template's wording: "Blameless root cause".
        "blameless root cause",
        "rca",
        "cause",
        "causes",
        "causal analysis",
        "why it happened",
        # Short reports ask it in the present, as their "What happens" heading above it.
        "why this happened",
        "why this happens",
        "why it happens",
        "why did this happen",
        "why did it happen",
        "technical details",
        "technical analysis",
        # A Post Incident Review's question: what failed, and the reason.
        "what went wrong and why",
        *("根因", "根本原因", "原因", "根因分析", "原因分析", "故障原因", "问题原因"),
        *("発生原因", "根本原因分析"),
        *("근본 원인", "근본원인", "원인", "원인 분석", "근본 원인 분석"),
        *("causa raíz", "causa", "causas", "causa principal", "análisis de causa raíz"),
        *("cause racine", "cause", "causes", "cause profonde", "causes profondes"),
        *("cause première", "analyse des causes"),
        *("ursache", "ursachen", "grundursache", "hauptursache", "ursachenanalyse"),
        *("fehlerursache",),
        *("causa raiz", "causa", "causas", "análise de causa raiz", "causa principal"),
    ),
    "trigger": ("trigger", "triggers", "what triggered it"),
    "contributing": (
        "contributing factors",
        "contributing factor",
        "contributing causes",
        "factors",
        "systemic issues",
        "contributors",
        *("促成因素", "相关因素", "次要原因", "寄与要因", "要因", "関連要因"),
        *("기여 요인", "기여요인", "요인"),
        *("factores contribuyentes", "factores que contribuyeron"),
        *("facteurs contributifs", "facteurs contributeurs", "facteurs aggravants"),
        *("beitragende faktoren", "begünstigende faktoren", "einflussfaktoren"),
        *("fatores contribuintes", "fatores que contribuíram"),
    ),
    "five_whys": ("five whys", "5 whys", "5whys", "the five whys", "why analysis"),
    "went_well": (
        "what went well",
        "went well",
        "things that went well",
        "what worked",
        "what worked well",
    ),
    "went_wrong": (
        "what went wrong",
        "went wrong",
        "what didn't go well",
        "what did not go well",
        "what didn't go so well",
        "what went poorly",
        "what could have gone better",
        "what could be improved",
        "what can be improved",
        "could be improved",
        "areas for improvement",
        "things that went wrong",
        "what went badly",
    ),
    "lucky": ("where we got lucky", "what we got lucky", "where we were lucky"),
    "lessons": (
        "lessons learned",
        "lessons learnt",
        "lessons",
        "learnings",
        "key learnings",
        "takeaways",
        "key takeaways",
        "what we learned",
        "what we learnt",
        "conclusion",
        "conclusions",
        *("经验教训", "教训", "经验总结", "教訓", "学び", "得られた教訓", "교훈", "배운 점"),
        # "反思" (reflections), "所感" and "反省" (impressions, reflections) close Chinese and
        # Japanese reports with what the authors took away: lessons, not tasks.
        *("反思", "经验与反思", "所感", "反省", "振り返り"),
        # "总结" and "まとめ" (conclusion) close a report with its lessons and a wrap-up, as
        # "Conclusion" does: tasks there need a task's own marks.
        *("总结", "结语", "まとめ", "おわりに"),
        # "事故总结", "故障总结" (the incident's summary) close a report as "总结" does, or open it.
        *("事故总结", "故障总结", "事件总结", "障害まとめ"),
        *("lecciones aprendidas", "lecciones", "aprendizajes"),
        *("leçons apprises", "leçons tirées", "enseignements", "retour d'expérience"),
        *("erkenntnisse", "lehren", "gelernte lektionen"),
        *("lições aprendidas", "lições", "aprendizados", "aprendizagens"),
    ),
    "actions": (
        "action items",
        "action item",
        "actions",
        "action plan",
        "follow-up",
        "follow-ups",
        "follow up",
        "follow ups",
        "followup",
        "followups",
        "follow-up actions",
        "follow up actions",
        "corrective actions",
        "corrective and preventive actions",
        "corrective and preventative actions",
        "corrective and preventive measures",
        "corrective and preventative measures",
        "corrective measures",
        "preventative actions",
        "follow-up improvements",
        "follow up improvements",
        "follow-up items",
        "follow up items",
        "remediation",
        "remediations",
        "remediation items",
        "next steps",
        "preventive measures",
        "preventative measures",
        "prevention",
        "preventive actions",
        "improvements",
        "tasks",
        "todo",
        "to do",
        "recommendations",
        "action items and follow-ups",
        # Tickets exported from a tracker list their follow-ups as the ticket's children.
        "sub-issues",
        "sub issues",
        "subissues",
        "sub-tasks",
        "subtasks",
        "child issues",
        "what we are doing",
        "what we're doing",
        "what we are doing about it",
        "what we are changing",
        "what we're changing",
        "how we will prevent this",
        "going forward",
        "outcomes/corrective actions",
        "outcomes corrective actions",
        "corrective actions",
        "massnahmen",
        # "Maßnahmen" as translated, and the word of reports in the safety tradition.
        "measures",
        "countermeasures",
        "counter-measures",
        "follow-up measures",
        # Blog-style write-ups name their follow-ups as a question or a plan.
        "where do we go from here",
        "where we go from here",
        "what's next",
        "what is next",
        "whats next",
        "what comes next",
        "our next steps",
        "what we're doing next",
        "what we are doing next",
        "what we will do",
        "what we'll do",
        "moving forward",
        "looking ahead",
        "future work",
        "planned improvements",
        "future improvements",
        "preventing recurrence",
        "preventing future incidents",
        "steps we're taking",
        "steps we are taking",
        "changes we're making",
        "changes we are making",
        "repair items",
        "fixes",
        # Post Incident Reviews ask their questions as headings.
        "how are we making incidents like this less likely or less impactful",
        "how are we making incidents like this less likely",
        "how are we making incidents like this less impactful",
        # As "Prevention" and "Action items" in English: guidance or work, as their items say.
        *("改进措施", "后续行动", "待办事项", "行动项", "后续措施", "整改措施", "改进项"),
        *("预防", "预防措施", "跟进事项", "后续跟进"),
        *("任务", "后续任务", "后续工作", "改进任务"),
        *("アクションアイテム", "対策", "再発防止策", "再発防止", "今後の対応", "恒久対策"),
        *("改善策", "対応策", "タスク", "今後のタスク"),
        *("조치 사항", "재발 방지", "재발 방지 대책", "재발방지", "후속 조치", "액션 아이템"),
        *("개선 사항", "대책"),
        *("acciones correctivas", "acciones", "plan de acción", "acciones de seguimiento"),
        *("próximos pasos", "medidas correctivas", "medidas preventivas", "prevención"),
        *("actions correctives", "plan d'action", "actions de suivi", "prochaines étapes"),
        *("mesures correctives", "mesures préventives", "prévention"),
        *("korrekturmaßnahmen", "folgemaßnahmen", "nächste schritte", "aufgaben"),
        *("präventionsmaßnahmen", "prävention", "vorbeugung", "gegenmaßnahmen"),
        *("ações corretivas", "ações", "plano de ação", "itens de ação", "próximos passos"),
        *("medidas corretivas", "medidas preventivas", "prevenção"),
    ),
    "details": (
        "incident details",
        "details",
        "metadata",
        "incident information",
        "incident info",
        "information",
        "key facts",
        "facts",
        "stats",
        "statistics",
        "metrics",
        "incident metrics",
        "key metrics",
        "at a glance",
        "incident data",
        "incident stats",
        "key information",
    ),
    # "Leadup", "Lead-up": what came before the incident (often the change that caused it,
    # hours or days before), context kept apart from the summary and the timeline's start.
    "leadup": ("leadup", "lead-up", "lead up", "lead-up to the incident", "events leading up"),
    "detection": (
        "detection",
        "how it was detected",
        "how was it detected",
        "how we noticed",
        *("发现过程", "検知", "탐지", "detección", "détection", "erkennung", "detecção"),
    ),
    "resolution": (
        "resolution",
        "recovery",
        "mitigation",
        "response",
        "resolution and recovery",
        "incident response",
        "mitigation and resolution",
        "how it was resolved",
        "actions taken",
        "immediate actions",
        "response actions",
        "steps taken",
        "how did we respond",
        *("修复", "恢复", "处理过程", "解决方案", "应急处理", "缓解措施"),
        *("対応", "復旧", "対応内容", "暫定対応", "復旧対応"),
        *("대응", "복구", "해결", "대응 및 복구"),
        *("resolución", "mitigación", "recuperación", "respuesta"),
        *("résolution", "rétablissement", "atténuation", "réponse"),
        *("behebung", "lösung", "wiederherstellung", "störungsbehebung", "entstörung"),
        *("resolução", "mitigação", "recuperação", "resposta"),
    ),
}
_BY_SYNONYM = {_folded(s): kind for kind, words in _SYNONYMS.items() for s in words}
#: "总结" and "まとめ" name a summary wherever they stand: at the end of a report, after its
#: timeline, cause or measures, it wraps up what the authors took away (its lessons); at the
#: start, as many Chinese reports open with "## 总结" or "## 事故总结", it is the report's summary.
_SUMMARY_BY_POSITION = frozenset(
    _folded(s) for s in ("总结", "事故总结", "故障总结", "事件总结", "まとめ", "障害まとめ")
)
#: The sections of a report's body: a summary after one of them closes the report.
_BODY_KINDS = frozenset(
    ("timeline", "root_cause", "trigger", "contributing", "five_whys", "actions", "resolution")
    + ("detection", "went_well", "went_wrong", "lessons", "lucky")
)
# Headings that name response work rather than follow-ups.
_NOT_ACTIONS = re.compile(r"\b(taken|during|immediate)\b")
_PREFIX_WORDS = {
    "timeline": "timeline",
    "impact": "impact",
    "summary": "summary",
    "lessons": "lessons",
    "root cause": "root_cause",
    "action items": "actions",
    "contributing factors": "contributing",
    "five whys": "five_whys",
    "5 whys": "five_whys",
    "what went well": "went_well",
    "what went wrong": "went_wrong",
    "follow-up": "actions",
    "follow up": "actions",
    "corrective actions": "actions",
    "remediation": "actions",
    "next steps": "actions",
    "action plan": "actions",
    "what we're doing to prevent": "actions",
    "what we are doing to prevent": "actions",
    "how we will prevent": "actions",
    "how we're preventing": "actions",
    "how we are preventing": "actions",
    "how are we making incidents": "actions",
    # Debriefs on blogs: "How we're fixing it", "How we will fix this".
    "how we're fixing": "actions",
    "how we are fixing": "actions",
    "how we will fix": "actions",
    "how we'll fix": "actions",
    "resolution": "resolution",
    "detection": "detection",
    "trigger": "trigger",
    "incident details": "details",
}


def normalise_title(title: str) -> str:
    """ "2. **Root Cause(s)** (draft):" -> "root cause"; "三、根因分析：" -> "根因分析"."""
    text = re.sub(r"\([^)]*\)", " ", _folded(title))
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"^\s*(?:section\s+)?(?:\d{1,2}|[ivx]{1,4}|[a-h])[.):]\s+", "", text)
    # "一、问题", "三. 根因": Chinese and Japanese number their sections so.
    text = re.sub(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.]\s*", "", text)
    # Letters of any script stay; marks and symbols are spaces.
    text = re.sub(r"(?:[^\w;'\- ]|_)+", " ", text.replace("\u2019", "'"))
    text = re.sub(r"\bs\b", " ", text)  # the "s" of "cause(s)" left alone
    return " ".join(text.split()).strip(" -:")


def _classified(title: str) -> tuple[str | None, bool]:
    """The section kind a heading names, and whether it only starts with the section's name."""
    norm = normalise_title(title)
    if not norm:
        return None, False
    if re.search(r"\btime ?line$", norm):
        # "Follow-up timeline", "Recovery timeline": the heading's last word says what it is.
        return "timeline", False
    kind = _BY_SYNONYM.get(norm)
    by_prefix = False
    if kind is None:
        for prefix, prefix_kind in _PREFIX_WORDS.items():
            if norm.startswith(prefix + " ") or norm.startswith(prefix + "s "):
                kind, by_prefix = prefix_kind, True
                break
    if kind is None:
        # "经验教训与改进措施", "教訓と再発防止策": Chinese and Japanese join two section names
        # with no space; as "Lessons learned and action items" is, the heading is the first's.
        parts = re.split(r"(?<=\S)(?:以及|与|和|及び|及|と|・)(?=\S)", norm)
        if len(parts) == 2 and all(part in _BY_SYNONYM for part in parts):
            kind, by_prefix = _BY_SYNONYM[parts[0]], True
    if kind is None and len(norm) >= 5:
        close = difflib.get_close_matches(norm, list(_BY_SYNONYM), n=1, cutoff=0.85)
        kind = _BY_SYNONYM[close[0]] if close else None
    if kind == "actions" and _NOT_ACTIONS.search(norm):
        return "resolution", by_prefix
    return kind, by_prefix


def classify(title: str) -> str | None:
    """The section kind a heading names, tolerating misspellings; None when unknown."""
    return _classified(title)[0]


def more_than_a_section_name(title: str) -> bool:
    """True for "Summary of June 8 outage", "Root Cause Analysis: API errors": a heading that
    starts with a section's name and goes on to name the incident; False for "Summary"."""
    kind, by_prefix = _classified(title)
    return kind is not None and by_prefix


@dataclass
class Block:
    """A heading and the lines up to the next heading (the preamble has no heading)."""

    heading: str | None
    level: int  # 0 for the preamble; 7 for a bold line read as a heading
    line: int  # 1-based line of the heading (or of the first line of the preamble)
    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Section:
    """A recognised section (or an unknown top-level one, kind ``extra``) with its sub-blocks."""

    kind: str
    title: str
    level: int
    blocks: list[Block] = field(default_factory=list)
    #: True when the section only states a fact ("### Date" then "2024-08-19"), read into fields
    is_fact: bool = False

    @property
    def zone(self) -> Zone | None:
        return heading_zone(self.title)

    def lines(self) -> list[tuple[int, str]]:
        """Every content line, sub-headings included as Markdown ATX lines."""
        out: list[tuple[int, str]] = []
        for index, block in enumerate(self.blocks):
            if index and block.heading is not None:
                out.append((block.line, "#" * min(block.level, 6) + " " + block.heading))
            out.extend(block.lines)
        return out

    def text(self) -> str:
        return "\n".join(text for _, text in self.lines())


@dataclass
class FieldValue:
    value: str
    line: int
    label: str


@dataclass
class Document:
    """A source post-mortem, split but not yet interpreted."""

    text: str
    frontmatter: dict[str, Any]
    title: str | None
    title_line: int
    sections: list[Section]
    fields: dict[str, FieldValue]
    #: lines outside fenced code, for statements such as "All times in CEST"
    prose: list[tuple[int, str]]
    #: what could not be read, for the import's report ("line 3: frontmatter is not YAML")
    problems: list[str] = field(default_factory=list)
    #: lines (first, last) of a frontmatter block that is not valid YAML, set aside unread
    broken_frontmatter: tuple[int, int] | None = None
    #: the incident tool's number that led the title ("INC-318: ..."), left out of the title
    title_number: str | None = None
    #: the title as the source writes it, list tags and label included ("Re: [ops] Incident
    #: notice: ..."), from its heading or else its "Subject:" line; None for a placeholder.
    #: Those words say what the document is even where the draft's title leaves them out.
    source_title: str | None = None
    #: the severity that led the title ("[SEV2] ...", "SEV1: ..."), as written; left out of
    #: the title and read as the severity when no field states one
    title_severity: str | None = None
    #: the lines before the first section, above the first heading and under the title,
    #: fenced code included: the text no section holds
    preamble: list[tuple[int, str]] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]

    def kinds(self) -> set[str]:
        return {s.kind for s in self.sections}


# --- fields -------------------------------------------------------------------

_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("title", "incident title", "incident name", "name", "subject"),
    "incident_id": (
        "incident id",
        "incident",
        "id",
        "incident number",
        "incident no",
        "incident ref",
        "reference",
        "ref",
        "ticket",
        "incident ticket",
        "incident key",
        "inc",
        "case",
        # The report's own number in Chinese, Japanese and Korean ("事故编号: PAY-2024-031").
        *("事故编号", "故障编号", "事件编号", "事故id", "故障id"),
        *("障害番号", "インシデント番号", "障害id", "インシデントid"),
        *("장애 번호", "사건 번호", "장애번호", "사건번호"),
    ),
    "date": (
        "date",
        "incident date",
        "date of incident",
        "day",
        "when",
        "occurred",
        "occurred on",
        "date time",
        "date/time",
        "date & time",
        "date and time",
        "incident date/time",
        "date of the incident",
        "incident date and time",
        *("日期", "发生日期", "事故日期", "故障日期", "日時", "発生日", "発生日時"),
        *("날짜", "일시", "발생일", "발생 일시"),
        # Korean reports name the incident's day after the failure ("장애 발생일"), apart
        # from the day the report was written ("작성일", a publication date below).
        *("장애 발생일", "장애 발생 일시", "장애 일시", "장애 일자", "발생 일자"),
        *("fecha", "fecha del incidente", "date de l'incident", "datum"),
        *("data do incidente",),
        # Portuguese "Data:", read only when a date follows (see _DATE_ONLY_LABELS).
        "data",
    ),
    "started": (
        "start",
        "start time",
        "started",
        "started at",
        "incident start",
        "impact start",
        "impact began",
        "impact began at",
        "impact started",
        "impact started at",
        "began",
        "start of impact",
        "first impact",
        "outage start",
        "start date",
        "incident start time",
        "impact start time",
        "beginning",
        *("开始时间", "发生时间", "発生時刻", "開始時刻", "시작 시간", "발생 시각"),
        *("inicio", "hora de inicio", "début", "heure de début", "beginn", "startzeit"),
        *("início", "hora de início"),
    ),
    "detected": (
        "detected",
        "detected at",
        "time detected",
        "first detected",
        "alerted",
        "alert time",
        "alerted at",
        "reported at",
        "detection timestamp",
        "detected on",
        *("发现时间", "検知時刻", "감지 시각", "hora de detección", "heure de détection"),
        *("erkannt um", "hora da detecção"),
    ),
    "acknowledged": (
        "acknowledged",
        "acknowledged at",
        "ack",
        "acked",
        "response started",
        "engaged",
    ),
    "mitigated": (
        "mitigated",
        "mitigated at",
        "mitigation time",
        "impact end",
        "impact ended",
        "impact ended at",
        "end of impact",
        "recovered",
        "recovered at",
        "impact end time",
        "service restored",
        "stabilized",
        "stabilised",
        "stabilized at",
        "stabilised at",
        "service stabilized",
        "service stabilised",
        *("恢复时间", "復旧時刻", "復旧日時", "복구 시각", "hora de recuperación"),
        *("heure de rétablissement", "wiederhergestellt um", "hora de recuperação"),
    ),
    "resolved": (
        "resolved",
        "resolved at",
        "resolution time",
        "end",
        "end time",
        "ended",
        "closed",
        "closed at",
        "outage end",
        "incident end",
        "incident end time",
        "end date",
        # "Date of Resolution: September 28, 2025" under "Date of Incident: September 2025".
        "date of resolution",
        "resolution date",
        "date resolved",
        "resolved on",
        # A tracker ticket's own fields: "Completed: Feb 11, 2025, 11:02 AM UTC", when the
        # incident's ticket was closed.
        "completed",
        "completed at",
        "completed on",
        "date completed",
        *("结束时间", "解决时间", "解決日時", "종료 시각", "hora de resolución", "hora de fin"),
        *("heure de fin", "heure de résolution", "endzeit", "behoben um", "hora de resolução"),
    ),
    "duration": (
        "duration",
        "total duration",
        "incident duration",
        "outage duration",
        "length",
        *("持续时间", "时长", "故障时长", "継続時間", "障害時間", "지속 시간", "장애 시간"),
        *("duración", "durée", "dauer", "duração"),
    ),
    # "Start–End: 2024-08-19 14:02 → 14:37 PT", "Incident window: 09:14 – 10:02 UTC": the whole
    # incident as one range; "Impact window" the impact's.
    "window": (
        "start end",
        "start - end",
        "start/end",
        "incident window",
        "outage window",
        "time window",
        "window",
        # A status page's post-incident card: "Timeframe: September 16, 4:06 pm – 4:38 pm".
        "timeframe",
        "time frame",
        "incident timeframe",
        "outage timeframe",
    ),
    "impact_window": (
        "impact window",
        "window of impact",
        "impact start end",
        "impact start - end",
    ),
    # "Fixed at: 14:45": when a fix went in, which may be the end of impact or the resolution.
    "fixed": ("fixed", "fixed at", "fix time", "fix deployed", "fix applied"),
    "ttr": (
        "time to resolve",
        "time to resolution",
        "ttr",
        "mttr",
        "time to close",
    ),
    "impact_duration": (
        "duration of impact",
        "impact duration",
        "downtime",
        "time to mitigate",
        "time to mitigation",
        "ttm",
        "time to recover",
        "time to recovery",
        "time to restore",
        "time to restoration",
        "outage length",
        "total downtime",
        *("影响时长", "影響時間", "영향 시간", "ausfallzeit", "tiempo de inactividad"),
        *("durée d'indisponibilité", "tempo de indisponibilidade"),
    ),
    "ttd": (
        "time to detect",
        "time to detection",
        "ttd",
        "time to discover",
        "time to discovery",
        "detection time",
        "mttd",
        "time to notice",
    ),
    "tta": (
        "time to acknowledge",
        "time to ack",
        "time to engage",
        "time to respond",
        "time to response",
        "tta",
        "mtta",
        "time to acknowledgement",
        "time to acknowledgment",
        "response time",
    ),
    "severity": (
        "severity",
        "sev",
        "severity level",
        "severity and impact",
        "severity impact",
        "impact level",
        "priority",
        "level",
        "incident severity",
        "incident level",
        "incident priority",
        "sev level",
        *("严重程度", "严重性", "级别", "故障等级", "事故等级", "重要度", "深刻度", "重大度"),
        *("심각도", "등급", "severidad", "gravedad", "gravité", "sévérité", "schweregrad"),
        *("severidade", "gravidade"),
    ),
    # A ticket's labels ("Labels: incident, sev2"): read only for a level named in so many
    # words, never for the other labels.
    "labels": ("labels", "label", "tags"),
    "services": (
        "services",
        "service",
        "affected services",
        "services affected",
        "affected service",
        "systems",
        "affected systems",
        "systems affected",
        "system",
        "components",
        "affected components",
        "component",
        "components affected",
        "application",
        "applications",
        "affected applications",
        "services impacted",
        "impacted services",
        # The line status pages close an incident's history with.
        "this incident affected",
        *("影响服务", "受影响服务", "影響サービス", "対象サービス", "영향 서비스"),
        *("servicios afectados", "services affectés", "betroffene dienste"),
        *("betroffene systeme", "serviços afetados"),
        # The scope or the systems a report covers: "影响范围：订单服务、支付服务" (scope of
        # impact), "対象システム" (systems concerned), "대상 서비스" (services concerned).
        *("影响范围", "影响系统", "受影响系统", "対象システム", "影響システム", "影響範囲"),
        *("대상 서비스", "영향 시스템", "sistemas afectados", "systèmes affectés"),
        *("sistemas afetados",),
    ),
    "teams": (
        "team",
        "teams",
        "owning team",
        "owner team",
        "responsible team",
        "teams involved",
        "team s",
        "owning teams",
        "responding teams",
        # The owning team in the other languages: "Équipe :", "Equipe responsável:", "负责团队".
        *("équipe", "équipes", "équipe responsable", "equipo", "equipos", "equipo responsable"),
        *("equipe", "equipes", "equipe responsável", "zuständiges team", "团队", "负责团队"),
        *("担当チーム", "チーム", "팀", "담당 팀", "담당팀"),
    ),
    "authors": (
        "author",
        "authors",
        "written by",
        "prepared by",
        "document owner",
        "postmortem owner",
        "post-mortem owner",
        "report author",
        "author s",
        "owner",
        "report owner",
        "drafted by",
        # The same in the other languages, "owner" as "负责人" (the one in charge): a role or
        # team is kept as written, as an English author line's is.
        *("autor", "autores", "autora", "escrito por", "redactado por", "auteur", "auteurs"),
        *("rédigé par", "verfasst von", "autorin", "geschrieben von", "elaborado por"),
        *("作者", "编写人", "撰写人", "报告人", "负责人", "作成者", "作成", "작성자", "작성 팀"),
        *("작성팀",),
    ),
    "reviewers": ("reviewers", "reviewed by", "reviewer", "approvers", "approved by"),
    "detection_method": (
        "detection",
        "detected by",
        "detection method",
        "how detected",
        "detection source",
        "discovered by",
        "how it was detected",
        "detection mechanism",
        "how was it detected",
        # Who found it: "发现人: 用户" (a user), "Detectado por: monitorización".
        *("发现人", "发现者", "发现方式", "发现途径", "検知方法", "検知者", "発見者", "検知経路"),
        *("발견자", "탐지 방법", "감지 방법", "detectado por", "método de detección"),
        *("détecté par", "méthode de détection", "signalé par", "entdeckt durch"),
        *("erkannt durch", "gemeldet von", "erkennung", "método de detecção", "descoberto por"),
    ),
    "trigger": ("trigger", "triggered by", "triggering event"),
    "root_cause": ("root cause", "primary cause", "cause", "root causes"),
    "users_affected": (
        "users affected",
        "affected users",
        "customers affected",
        "affected customers",
        "number of users affected",
        "impacted users",
        "impacted customers",
        "users impacted",
        "customers impacted",
    ),
    "failed_requests": (
        "failed requests",
        "requests failed",
        "errors",
        "error count",
        "failed calls",
    ),
    "revenue": (
        "revenue impact",
        "revenue",
        "revenue lost",
        "lost revenue",
        "financial impact",
        "cost",
    ),
    "data_loss": ("data loss", "data impact", "data lost", "customer data loss", "user data loss"),
    "slo": (
        "slo impact",
        "error budget",
        "error budget consumed",
        "slo budget",
        "slo budget consumed",
        "budget consumed",
        "error budget burned",
    ),
    "impact": (
        "impact",
        "customer impact",
        "user impact",
        "service impact",
        "system impact",
        "business impact",
        *("影响", "影響", "영향", "impacto", "auswirkung", "auswirkungen"),
    ),
    "published": (
        "published",
        "date published",
        "report date",
        "date of report",
        "written on",
        "date written",
        "postmortem date",
        "post-mortem date",
        "publication date",
        # The day the report was written, in the other languages: "작성일: 2025-03-20" under
        # the title is not the incident's day.
        *("작성일", "작성 일자", "보고일", "보고 일자", "fecha del informe", "fecha de redacción"),
        *("erstellt am", "berichtsdatum", "data do relatório", "date du rapport"),
    ),
    "timezone": (
        "time zone",
        "timezone",
        "times",
        "all times",
        *("时区", "タイムゾーン", "시간대", "zona horaria", "fuseau horaire", "zeitzone"),
        *("fuso horário",),
    ),
}
_BY_LABEL = {_folded(label): name for name, labels in _FIELD_LABELS.items() for label in labels}

_FIELD_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<label>[^\W\d_](?:[^\W_]|[ /&()'#.\-]){0,40}?)\s*"
    r"(?:\*\*|__)?\s*[:\uff1a]\s*(?:\*\*|__)?\s*(?P<value>\S.*?)\s*$"
)
_FIELD_BOLD_COLON = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)(?P<label>[^\W\d_][^*_:\uff1a]{0,40}?)\s*[:\uff1a]\s*(?:\*\*|__)\s*(?P<value>\S.*?)\s*$"
)
_TABLE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
#: A table's delimiter row: "|---|:--:|", "--- | ---", and cells of one dash, "| :- | - |", which
#: GitHub reads as a table too (tables written by hand or exported keep the shortest form). A
#: cell of one dash needs a pipe on the line, so that "-" alone (an empty list item) is none.
TABLE_SEPARATOR = re.compile(
    r"^\s*(?:\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?"
    r"|(?=[^|]*\|)\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?)\s*$"
)


def _label_key(label: str) -> str | None:
    norm = normalise_title(label.replace("/", " / ")).replace(" / ", "/")
    norm = norm.strip(" #.")
    found = _BY_LABEL.get(norm) or _BY_LABEL.get(norm.replace("/", " "))
    if found is None and len(norm) >= 6:
        close = difflib.get_close_matches(norm, list(_BY_LABEL), n=1, cutoff=0.88)
        found = _BY_LABEL[close[0]] if close else None
    return found


def label_key(label: str) -> str | None:
    """The field a label names ("Detection Method" is ``detection_method``), or None."""
    return _label_key(label)


def _strip_markup(value: str) -> str:
    value = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", value)  # links keep their text
    value = re.sub(r"(\*\*|__|`)", "", value)
    return value.strip().strip("*_").strip()


def _placeholder(value: str) -> bool:
    """Template leftovers: "[date]", "<service>", "TBD", "-", "N/A"."""
    v = value.strip().lower()
    return (
        not v
        or bool(re.fullmatch(r"\[[^\]]*\]|<[^>]*>|\{[^}]*\}", v))
        or v in ("tbd", "tbc", "n/a", "na", "-", "--", "?", "unknown", "todo", "xxx", "...")
    )


#: Labels that name the report's date in one language and open other lines in another:
#: Portuguese "Data: 14/08/2025" is the date, English "Data: 2% of rows lost" tells of data.
#: Such a label is a date's only when a date with its year opens the value.
_DATE_ONLY_LABELS = {"data"}
_OPENING_DATE_WITH_YEAR = re.compile(rf"(?={DATE})(?=[^\n]{{0,30}}?\b\d{{4}}\b)", re.I)


def _date_when_dated(label: str, value: str) -> bool:
    """False for a label of :data:`_DATE_ONLY_LABELS` whose value opens with no dated day."""
    return _folded(label.strip()) not in _DATE_ONLY_LABELS or bool(
        _OPENING_DATE_WITH_YEAR.match(value.strip())
    )


def _read_fields(lines: list[tuple[int, str]], fields: dict[str, FieldValue]) -> None:
    #: the fact a two-column table's first row gives, kept until the table shows it holds
    #: facts: "| Incident | Brief |" over a list of incidents names columns, not an incident id
    header_fact: tuple[str, FieldValue] | None = None
    #: the table's rows so far
    rows = 0
    #: inside fenced code: a pasted log or alert ("End: 04:36:32") states no fact of the report
    fenced = False
    for line_no, raw in [*lines, (0, "")]:
        if _FENCE.match(raw) or fenced:
            fenced = fenced != bool(_FENCE.match(raw))
            raw = ""  # read as a blank line: it ends a table and states no fact
        row = _TABLE_ROW.match(raw)
        if row:
            if TABLE_SEPARATOR.match(raw):
                continue
            cells = [_strip_markup(c) for c in row.group(1).split("|")]
            rows += 1
            # Two-column key/value tables, with or without a header row.
            if len(cells) == 2 and cells[0]:
                key = _label_key(cells[0]) if _date_when_dated(cells[0], cells[1]) else None
                if rows > 1 and key is not None and header_fact is not None:
                    fields.setdefault(*header_fact)  # a fact under it: the first row is one too
                    header_fact = None
                if key and key not in fields and not _placeholder(cells[1]):
                    if rows == 1:
                        header_fact = (key, FieldValue(cells[1], line_no, cells[0]))
                    else:
                        fields[key] = FieldValue(cells[1], line_no, cells[0])
            continue
        if header_fact is not None and rows == 1:
            fields.setdefault(*header_fact)  # a table of one row: a fact
        header_fact, rows = None, 0
        if not line_no:
            break
        for part in _field_parts(raw):
            match = _FIELD_BOLD_COLON.match(part) or _FIELD_LINE.match(part)
            if not match:
                continue
            label = match.group("label").strip()
            if re.fullmatch(r"\d+", label) or len(label.split()) > 6:
                continue
            key = _label_key(label)
            value = _strip_markup(match.group("value"))
            if not _date_when_dated(label, value):
                continue
            if key and key not in fields and not _placeholder(value):
                fields[key] = FieldValue(value, line_no, label)


#: Between fields written on one line: a middle dot, a bullet or a bar between spaces, or a
#: run of spaces ("**Date:** June 11, 2024 · **Severity:** SEV2", "Created: ...  Resolved: ...").
_FIELD_SEPARATOR = re.compile(r"\s+[\u00b7\u2022|]\s+|\s{2,}(?=\S)")


def _field_parts(raw: str) -> list[str]:
    """The fields of a line: several when every part between separators is a field of its
    own, else the line whole (a value may hold a bar or a dot of its own)."""
    parts = [part for part in _FIELD_SEPARATOR.split(raw.strip()) if part.strip()]
    if len(parts) > 1 and all(_FIELD_BOLD_COLON.match(p) or _FIELD_LINE.match(p) for p in parts):
        return parts
    return [raw]


#: Keys a table may give in columns: a header of measures over one row of values.
_COLUMN_FACTS = ("users_affected", "failed_requests", "revenue", "data_loss", "slo")


def _read_fact_table(lines: list[tuple[int, str]], fields: dict[str, FieldValue]) -> None:
    """Impact facts as columns: ``| Customers Impacted | Customer Data Loss |`` over a single
    row ``| All | None |``. A table of several rows lists something else (regions, updates)."""
    tables: list[list[tuple[int, list[str]]]] = []
    current: list[tuple[int, list[str]]] = []
    for line_no, raw in [*lines, (0, "")]:
        row = _TABLE_ROW.match(raw)
        if row:
            if not TABLE_SEPARATOR.match(raw):
                current.append((line_no, [_strip_markup(c) for c in row.group(1).split("|")]))
            continue
        if current:
            tables.append(current)
        current = []
    for table in tables:
        if len(table) != 2:
            continue
        (_, header), (line_no, values) = table
        if len(header) != len(values) or len(header) < 2:
            continue
        for label, value in zip(header, values):
            key = _label_key(label)
            if key in _COLUMN_FACTS and key not in fields and not _placeholder(value):
                fields[key] = FieldValue(value, line_no, label)


def _read_heading_fields(sections: list[Section], fields: dict[str, FieldValue]) -> None:
    """Facts written as a heading and a short value: "### Date" then "2015-10-21"."""
    for section in sections:
        if section.kind not in ("extra", "detection", "trigger"):
            continue
        key = _label_key(section.title)
        if key is None or key in fields or key in ("impact", "root_cause"):
            continue
        values = [
            re.sub(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", "", text).strip()
            for _, text in section.lines()
            if text.strip() and not text.lstrip().startswith(("#", "|", "```"))
        ]
        if key == "severity" and values:
            # "**High** - what the level means at this company": the level leads the first
            # line, however long the explanation after it.
            lead = re.split(r"\s[-\u2013\u2014]\s|:\s", values[0], maxsplit=1)[0]
            if len(lead) <= 40:
                # Kept in the body unless the level is all the section says.
                section.is_fact = section.kind == "extra" and len(values) == 1
                value = _strip_markup(values[0])
                at = next(n for n, text in section.lines() if text.strip())
                if not _placeholder(value):
                    fields[key] = FieldValue(value, at, section.title)
                continue
        if 0 < len(values) <= 6 and all(len(v) <= 120 for v in values):
            value = _strip_markup(", ".join(values))
            if not _placeholder(value):
                fields[key] = FieldValue(value, section.blocks[0].line, section.title)
                section.is_fact = section.kind == "extra"


# --- splitting ----------------------------------------------------------------


_YAML_KEY = re.compile(r"^[A-Za-z_][\w .\-]{0,40}:(?:\s|$)")


def _yaml_shaped(lines: list[str]) -> bool:
    """True when every line could be a frontmatter's: ``key: value``, an indented or list
    line under a key, or blank. A Markdown heading or paragraph says it is no frontmatter."""
    filled = [line for line in lines if line.strip()]
    return (
        bool(filled)
        and bool(_YAML_KEY.match(filled[0]))
        and all(_YAML_KEY.match(line) or re.match(r"^(?:\s+\S|-\s)", line) for line in filled[1:])
    )


def _split_frontmatter(
    text: str, problems: list[str]
) -> tuple[dict[str, Any], int, tuple[int, int] | None]:
    """A leading YAML frontmatter block (Jekyll, Hugo...), the line after it, and the lines
    (first, last) of a block that has a frontmatter's shape but is not valid YAML.

    Such a block is set aside, not read as Markdown: its ``severity: SEV2`` line above the
    closing ``---`` would otherwise be a heading, and the title. Its values are not guessed.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 0, None
    for index in range(1, min(len(lines), 400)):
        if lines[index].strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:index]))
            except yaml.YAMLError as exc:
                mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
                where = f"line {mark.line + 2}" if mark is not None else f"lines 1-{index + 1}"
                what = "; ".join(
                    str(part)
                    for part in (getattr(exc, "context", None), getattr(exc, "problem", None))
                    if part
                )
                if _yaml_shaped(lines[1:index]):
                    problems.append(
                        f"{where}: the frontmatter (lines 1-{index + 1}) is not valid YAML "
                        f"({what or 'unreadable'}); none of its values were read"
                    )
                    return {}, index + 1, (1, index + 1)
                problems.append(
                    f"{where}: the frontmatter is not valid YAML ({what or 'unreadable'}); "
                    "read as text"
                )
                return {}, 0, None
            return (data if isinstance(data, dict) else {}), index + 1, None
    if len(lines) > 1 and _YAML_KEY.match(lines[1]):
        problems.append(
            "line 1: a frontmatter block starts here but no line '---' closes it; read as text"
        )
    return {}, 0, None


def _is_fact_line(raw: str) -> bool:
    """ "Severity: SEV2", "**Date:** 2024-01-02": a fact, even over a "---" rule."""
    match = _FIELD_BOLD_COLON.match(raw) or _FIELD_LINE.match(raw)
    return match is not None and _label_key(match.group("label").strip()) is not None


_PLAIN_HEADING = re.compile(
    r"^\s{0,3}(?P<text>[A-Za-z][A-Za-z0-9 /&'()\-]{1,60}?)\s*(?P<colon>:?)\s*$"
)


def _plain_heading(raw: str, before: str) -> str | None:
    """In plain text, "TIMELINE" or "Root cause:" alone after a blank line: a section's
    heading, when it is the section's bare name in capitals or followed by a colon."""
    match = _PLAIN_HEADING.match(raw) if not before.strip() else None
    if match is None:
        return None
    text = match.group("text").strip()
    shouting = re.sub(r"\([^)]*\)", "", text).strip().isupper()
    if not (shouting or match.group("colon")):
        return None
    if classify(text) not in MAJOR_KINDS + MINOR_KINDS or not _only_section_names(text):
        return None
    return text


_JOINED_NAMES = re.compile(r"\s+(?:and|&)\s+", re.I)


def _only_section_names(text: str) -> bool:
    """ "Timeline", or "Root Cause and Resolution": section names only, joined by "and" as
    widely used templates join two of them. A name that goes on to name the incident ("Root
    cause of the login errors") is a sentence, never a heading written without marks."""
    if not more_than_a_section_name(text):
        return True
    parts = _JOINED_NAMES.split(text)
    return len(parts) > 1 and all(
        classify(part) is not None and not more_than_a_section_name(part) for part in parts
    )


def _unmarked_heading(raw: str, before: str) -> str | None:
    """In Markdown, "Timeline:" or "ROOT CAUSE AND RESOLUTION" alone on its line, at the
    line's start, a blank line (or the file's start) before it: the section's heading, as in
    plain text. At the line's start only, so that a line indented under a list item stays the
    item's; lists, tables and quotes start with their own marks and never match.

    The widely copied layout's own section names ("Root Cause and Resolution:", "Corrective
    and Preventative Measures") are its headings with or without a colon, even right under the
    line before, as its writers leave no blank line after the last timeline row; unless that
    line runs on into the name (no full stop)."""
    if raw[:1].isspace():
        return None
    heading = _plain_heading(raw, before)
    if heading is not None:
        return heading
    match = _PLAIN_HEADING.match(raw)
    if (
        match is None
        or not _LAYOUT_SECTION_NAME.match(match.group("text").strip())
        or (before.strip() and not _ends_a_sentence(before))
        or (_LIST_OR_TABLE.match(before) and not _LIST_ITEM.match(before))  # a table, a quote
    ):
        return None
    return match.group("text").strip()


#: The section names of the widely copied post-mortem layout, which its writers set as plain
#: lines: distinctive enough to be its headings wherever they stand alone with a colon.
_LAYOUT_SECTION_NAME = re.compile(
    r"^(?:issue\s+summary|root\s+causes?\s+(?:and|&)\s+resolutions?"
    r"|corrective\s+(?:and|&)\s+prevent(?:at)?ive\s+(?:measures|actions))$",
    re.I,
)


def _ends_a_sentence(line: str) -> bool:
    """True when ``line`` ends as a sentence or a row does ("... traffic stabilized.", "...
    (see the graph)"), so that the next line starts anew rather than going on with it."""
    return re.search(r"[.!?:)\]\"'\u201d]\s*(?:\*\*|__|\*|_)?\s*$", line) is not None


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s")


def _bare_follow_up_heading(raw: str, before: str, after: list[str]) -> str | None:
    """In Markdown, "Action Items", "Follow-ups" or "Next steps" alone on its line, a blank
    line before it and a list after it: the follow-ups' heading, its ``#`` left out. Other
    section names alone on a line stay paragraphs ("SUMMARY" in a Markdown file is text), but
    items read under the wrong section would be lost as action items."""
    match = _PLAIN_HEADING.match(raw) if not before.strip() else None
    if match is None:
        return None
    following = next((line for line in after if line.strip()), "")
    if not _LIST_ITEM.match(following) or (
        after and after[0].strip() and not _LIST_ITEM.match(after[0])
    ):
        return None
    text = match.group("text").strip()
    if not text[0].isupper() or classify(text) != "actions" or more_than_a_section_name(text):
        return None
    return text


def _dash_framed_heading(raw: str) -> str | None:
    """ "--- Follow-up actions ---" or "-- root cause: --": the section's name between dashes,
    when it names a section. Other words between dashes ("-- sent from the on-call phone --")
    stay text."""
    match = _DASH_FRAMED.match(raw)
    if match is None:
        return None
    text = match.group("text").strip().rstrip(":").strip()
    return text if classify(text) in MAJOR_KINDS + MINOR_KINDS else None


def _blocks(
    lines: list[str], first: int, *, plain_text: bool = False
) -> tuple[list[Block], list[tuple[int, str]]]:
    """Blocks split at every heading; also every line outside fenced code. In
    ``plain_text``, a section's name alone on its line in capitals or with a colon
    is a heading too; in Markdown, the follow-ups' name alone over a list."""
    blocks = [Block(None, 0, first + 1)]
    prose: list[tuple[int, str]] = []
    fence: str | None = None
    index = first
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        marker = _FENCE.match(raw)
        if fence is not None:
            blocks[-1].lines.append((number, raw))
            if (
                marker
                and marker.group(1)[0] == fence[0]
                and len(marker.group(1)) >= len(fence)
                and not raw.strip()[len(marker.group(1)) :].strip()
            ):
                fence = None
            index += 1
            continue
        if marker:
            fence = marker.group(1)
            blocks[-1].lines.append((number, raw))
            index += 1
            continue
        atx = _ATX.match(raw)
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        setext = _SETEXT.match(nxt) if raw.strip() else None
        if atx and atx.group(2).strip():
            blocks.append(Block(atx.group(2).strip(), len(atx.group(1)), number))
            prose.append((number, raw))
        elif (
            setext
            and not _LIST_OR_TABLE.match(raw)
            and not _ATX.match(raw)
            and not (setext.group(1).startswith("-") and len(setext.group(1)) < 2)
            and not (setext.group(1).startswith("-") and _is_fact_line(raw))
        ):
            level = 1 if setext.group(1).startswith("=") else 2
            blocks.append(Block(raw.strip(), level, number))
            prose.append((number, raw))
            index += 2
            continue
        else:
            bold = _BOLD_LINE.match(raw)
            framed = _dash_framed_heading(raw)
            before = lines[index - 1] if index > first else ""
            plain = (
                _plain_heading(raw, before)
                if plain_text
                else _bare_follow_up_heading(raw, before, lines[index + 1 : index + 3])
                or _unmarked_heading(raw, before)
            )
            if bold and classify(bold.group("text")) in MAJOR_KINDS + MINOR_KINDS:
                blocks.append(Block(bold.group("text").strip().rstrip(":"), 7, number))
                prose.append((number, raw))
            elif framed is not None:
                blocks.append(Block(framed, 7, number))
                prose.append((number, raw))
            elif plain is not None:
                blocks.append(Block(plain, 7, number))
                prose.append((number, raw))
            else:
                blocks[-1].lines.append((number, raw))
                prose.append((number, raw))
        index += 1
    return blocks, prose


def _sections(blocks: list[Block], title_index: int | None) -> list[Section]:
    sections: list[Section] = []
    stack: list[tuple[int, Section]] = []
    for index, block in enumerate(blocks):
        if index == title_index or block.heading is None:
            continue
        while stack and stack[-1][0] >= block.level:
            stack.pop()
        kind = classify(block.heading)
        if (
            kind == "lessons"
            and normalise_title(block.heading) in _SUMMARY_BY_POSITION
            and not any(s.kind in _BODY_KINDS for s in sections)
        ):
            # "## 总结" before the timeline and the cause: the report's summary, no lessons.
            kind = "summary"
        if kind is None and sections and sections[-1].kind == "timeline" and _is_day(block.heading):
            # "## Timeline", then "## May 12" and "## May 13" with the times of each day: the
            # days are the timeline's, at whatever level they are written.
            sections[-1].blocks.append(block)
            while stack and stack[-1][1] is not sections[-1]:
                stack.pop()
            stack.append((block.level, sections[-1]))
            continue
        if _ends_the_timeline(block, kind, blocks[index + 1 :]):
            # A bold line or a name between dashes has no level of its own to close the
            # timeline with: leave every level of the timeline, as its own heading would.
            while stack and stack[-1][1].kind == "timeline":
                stack.pop()
        parent = stack[-1][1] if stack else None
        # Sub-headings of a list are its groups ("Process improvements"), but a timeline under
        # the action items ("### Remediation timeline") tells when the work was done: its rows
        # are no new items.
        nested_in_list = (
            parent is not None
            and parent.kind in ("timeline", "actions")
            and not (parent.kind == "actions" and kind == "timeline")
        )
        starts = kind is not None and not (
            nested_in_list or (parent is not None and kind in MINOR_KINDS)
        )
        if starts:
            section = Section(kind or "extra", block.heading, block.level, [block])
            sections.append(section)
            stack.append((block.level, section))
        elif parent is not None:
            parent.blocks.append(block)
            stack.append((block.level, parent))
        else:
            section = Section("extra", block.heading, block.level, [block])
            sections.append(section)
            stack.append((block.level, section))
    return sections


def _ends_the_timeline(block: Block, kind: str | None, later: list[Block]) -> bool:
    """True for "**Action items**", "--- follow-up: ---" or "Root cause:" alone on its line
    after the timeline: a section's name read as a heading from a line, which starts that
    section rather than a group of the timeline's rows. Names of the incident's phases
    ("**Detection**", "**Impact**", "**Recovery**") may group the rows, and stay in it.

    A "**Timeline:**" line further on, before the next real heading, says the line names a
    part of one incident among several ("### March 6" then "**Root causes:**" then
    "**Timeline:**"): leaving the timeline there would cut the rows off from their day.
    Rows under the line that start with a time ("**Root cause identified**", then "- 10:20
    Worker restarted") are the timeline's too: the line groups them."""
    if block.level != 7 or kind in _DAY_PHASES:
        return False
    if any(_starts_with_a_clock_time(raw) for _, raw in block.lines):
        return False
    for after in later:
        if after.heading is None:
            continue
        if after.level < 7:
            break
        if classify(after.heading) == "timeline":
            return False
    return True


def _starts_with_a_clock_time(raw: str) -> bool:
    """True for a row such as "- 10:20 UTC Worker restarted" or "**10:20** - Restarted"; a
    date alone ("- 2024-05-10: add a watchdog") is no time of day."""
    if not re.match(r"^ {0,3}\S", raw) or raw.lstrip().startswith(("#", "|", ">")):
        return False
    stamp = read_stamp(raw, default_year=2000)
    return stamp is not None and stamp.clock is not None


#: What a day heading may name after its date: the phase of the incident that day, never a
#: section of its own ("May 14: action items" is the follow-ups, not a day of the timeline).
_DAY_PHASES = (None, "resolution", "detection", "impact", "timeline")


def _is_day(heading: str) -> bool:
    """True for a heading that is a date, alone ("May 12", "15 May", "Tuesday, 2024-03-05")
    or with a few words on that day ("29 August: rollout and rollback", "Tuesday 3 May -
    recovery")."""
    stamp = read_stamp(heading, default_year=2000)
    if stamp is None or stamp.day is None or stamp.clock is not None:
        return False
    rest = stamp.rest.strip(" -:*_()\u2013\u2014")
    return not rest or (len(rest.split()) <= 8 and classify(rest) in _DAY_PHASES)


_TITLE_PREFIX = re.compile(
    r"^\s*(?:(?:incident\s+)?post[- ]?mortem|post[- ]incident\s+(?:review|report)"
    r"|(?:incident|outage)\s+(?:report|review|notice|notification)|incident(?=\s*:)"
    r"|pir|rca|retrospective|root\s+cause\s+analysis"
    # The same words in the other languages reports are written in: "Informe post-mortem:",
    # "Pós-mortem:", "Rapport d'incident :", "Störungsbericht:", "Relatório de incidente:".
    r"|(?:informe\s+)?(?:post|pós)[- ]?mortem|informe\s+de\s+(?:incidente|incidencia)"
    r"|rapport\s+d['’]\s*incident|störungsbericht|relatório\s+de\s+incidente)"
    r"\s*(?:[:\-\u2013\u2014|]\s*|\s+for\s+)",
    re.I,
)

#: What a mail's subject carries before its title: "Re:" and "Fwd:" of replies and forwards,
#: and the list's tags in brackets ("[ops-announce]", "[status]"), a word each. A tag with
#: spaces is left, as a template's "[Incident Title]" is a placeholder, not a tag.
_SUBJECT_LEAD = re.compile(r"^\s*(?:(?:re|fwd?)\s*:|\[[\w.+-]{1,40}\])\s*", re.I)


def _without_subject_tags(title: str) -> str:
    """ "Re: [ops-announce] Incident notice: ..." -> "Incident notice: ...": an incident notice
    sent to a list is titled by its subject. A tool's number in brackets ("[INC-318]") is no
    tag; :func:`title_number` keeps it as the source's id."""
    text = title
    while (lead := _SUBJECT_LEAD.match(text)) is not None:
        if _TITLE_NUMBER.match(text) and title_number(text)[1] is not None:
            break
        if title_severity(text)[1] is not None:
            break  # "[SEV2] ...": the incident's level, read by :func:`title_severity`
        text = text[lead.end() :]
    return text


#: Capitals followed by a dash and digits that name no ticket: standards, algorithms, encodings,
#: time zones, illnesses ("ISO-8601", "SHA-256", "UTF-8", "UTC-5", "COVID-19").
_NOT_TICKET_KEYS = (
    "SEV|HTTP|TLS|SSL|UTC|GMT|CVE|CWE|RFC|ISO|IEC|IEEE|ANSI|ECMA|NIST|PCI|SOC|COVID|SARS|MERS|"
    "UTF|UCS|SHA|MD|AES|RSA|DES|ECDSA|HMAC|CRC|IPV|GPT|USB|DDR|LTE|MP|WCAG|CET|CEST|EST|EDT|PST|"
    "PDT|BST|IST|JST|KST|AEST"
)
#: An incident tool's number before the title: "INC-318: ...", "[INC-318] ...", "Incident #318 - ...".
#: Unbracketed, a separator must follow; "SEV-1:", "HTTP-500:" or "CVE-2024-3094:" name no
#: incident (a vulnerability or a standard is what the report is about).
_TITLE_NUMBER = re.compile(
    r"^\s*(?:\[(?P<bracketed>(?!(?i:sev|severity)[-_ ]?\d\])[A-Za-z]{2,10}[-_ ]?#?\d{1,7}(?:[-_]\d{1,7})?)\]\s*[:\-\u2013\u2014|]?"
    r"|(?P<number>(?!(?i:sev|http|tls|ssl|utc|gmt|cve|cwe|rfc|iso)\b)[A-Z]{2,10}[-_]#?\d{1,7}(?:[-_]\d{1,7})?"
    r"|(?i:incident|inc)\s*(?:#\s*|no\.?\s*)?(?P<count>\d{1,7}))\s*[:\-\u2013\u2014|]"
    # A tracker's key with only a space after it, as ticket exports print it: "INC-412 Route
    # planner ...". Keys are a project's capitals, a dash and the ticket's number (Jira, Linear,
    # YouTrack); a name of that form before a capitalised word is no key ("COVID-19 Bookings",
    # "SHA-256 Checksums", "UTF-8 Filenames"): those of standards, algorithms and diseases are
    # passed over.
    rf"|(?P<spaced>(?!(?:{_NOT_TICKET_KEYS})-)[A-Z]{{2,10}}-\d{{1,7}})\s+(?=[A-Z][a-z]))\s*"
)


def title_number(title: str) -> tuple[str, str | None]:
    """ "INC-318: Checkout errors" -> ("Checkout errors", "INC-318"): our pages show our own id
    before the title, so the tool's number would repeat; the caller keeps it as the source's id."""
    match = _TITLE_NUMBER.match(title)
    rest = title[match.end() :].strip() if match else ""
    if match is None or len(rest) < 3:
        return title, None
    if match.group("count"):
        return rest, f"#{match.group('count')}"  # "Incident #318" is the tool's incident 318
    return rest, (
        match.group("bracketed") or match.group("number") or match.group("spaced")
    ).strip()


#: A severity before the title: "[SEV2] Payments API errors", "SEV1: Checkout down",
#: "[Sev-1] ...". It names the incident's level, not a tool's number; unbracketed, a
#: separator must follow ("SEV2 alerts were noisy" is a title about alerts).
_TITLE_SEVERITY = re.compile(
    r"^\s*(?:\[\s*(?P<bracketed>sev(?:erity)?[-_ ]?\d)\s*\]\s*[:\-\u2013\u2014|]?"
    r"|(?P<plain>sev(?:erity)?[-_ ]?\d)\s*[:\-\u2013\u2014|])\s*",
    re.I,
)


def title_severity(title: str) -> tuple[str, str | None]:
    """ "[SEV2] Payments API errors" -> ("Payments API errors", "SEV2"): the caller reads the
    level as the severity; in the title it would repeat the draft's severity field."""
    match = _TITLE_SEVERITY.match(title)
    rest = title[match.end() :].strip() if match else ""
    if match is None or len(rest) < 3:
        return title, None
    return rest, (match.group("bracketed") or match.group("plain")).strip()


def _title_parts(title: str) -> tuple[str, str | None, str | None]:
    """``title`` without its list tags, label, tool's number and severity, and the number and
    severity it led with: "[ops] [SEV2] INC-318: ..." and "INC-318 - SEV2: ..." alike."""
    text = re.sub(r"^[^\w\[(<{]+", "", _strip_markup(title))  # leading emoji and punctuation
    lead, severity = title_severity(_without_subject_tags(text))
    # Nothing left once tags and label are gone ("[ops] Incident notice:"): the source's words.
    stripped = _TITLE_PREFIX.sub("", lead).strip() or text
    rest, number = title_number(stripped)
    if severity is None:
        rest, severity = title_severity(rest)
    stripped = _TITLE_PREFIX.sub("", rest).strip() or stripped
    return stripped, number, severity


def clean_title(title: str) -> str | None:
    """ "Post-Mortem: API outage (2025-02-09)" -> "API outage (2025-02-09)"; None for "[Incident Title]"."""
    stripped = _title_parts(title)[0]
    return None if _placeholder(stripped) else stripped


def _number_of_title(title: str) -> str | None:
    """The tool's number that :func:`clean_title` leaves out of ``title``, if any."""
    return _title_parts(title)[1]


def _severity_of_title(title: str) -> str | None:
    """The severity that :func:`clean_title` leaves out of ``title``, if any."""
    return _title_parts(title)[2]


#: Labels of lines that say something about the report, not the incident, and are no field
#: of the format: "Status: Resolved", "Incident commander: @sam".
_REPORT_LABELS = (
    "status",
    "state",
    "document status",
    "report status",
    "incident status",
    "incident commander",
    "commander",
    "on call",
    "on-call",
    "scribe",
    "last updated",
    "updated",
    "created",
    "version",
)


def _is_metadata(text: str) -> bool:
    """True for "Owner: @someteam", "**Status:** Resolved", "Date: 2024-05-02": a fact about
    the incident or its report, written at the top as a line or a heading, never its title.
    "Title: ..." and "Incident: ..." name the incident, so they are no such fact."""
    match = _FIELD_BOLD_COLON.match(text) or _FIELD_LINE.match(text)
    if match is None:
        return False
    label = match.group("label").strip()
    if len(label.split()) > 4:
        return False
    key = _label_key(label)
    if key is not None:
        return key not in ("title", "incident_id")
    return normalise_title(label) in _REPORT_LABELS


def _plain_title(first: tuple[int, str], lines: list[tuple[int, str]]) -> bool:
    """True when a text file's first line is a paragraph of its own, short and no fact."""
    after = next((text for number, text in lines if number == first[0] + 1), "")
    text = first[1].strip()
    return not after.strip() and len(text) <= 120 and not _is_fact_line(text)


def _markdown_plain_title(first: tuple[int, str], blocks: list[Block]) -> bool:
    """True when a Markdown file with no heading opens with a title written as a plain line
    ("Checkout outage - May 3, 2024"): short, a few words, no sentence, no fact, no list or
    row, and a blank line or a section's name under it ("Issue Summary:"). A line run on into
    the next one, or a writer's name over the report's own title line, is no title."""
    text = first[1].strip()
    words = text.split()
    if (
        not 2 <= len(words) <= 15
        or len(text) > 120
        or not text[0].isalnum()
        or text[0].islower()
        or re.search(r"[.!?,;:]$", text)
        or _LIST_OR_TABLE.match(first[1])
        or _is_fact_line(text)
        or classify(text) is not None
        or _starts_with_a_clock_time(first[1])  # a timeline row
        or re.search(r"https?://|\bwww\.", text)  # a link to elsewhere: the report is there
    ):
        return False
    after = next((raw for number, raw in blocks[0].lines if number == first[0] + 1), None)
    if after is None:
        # The next line starts a block of its own: a heading, which must name a section.
        heading = next((b.heading for b in blocks[1:] if b.line == first[0] + 1), None)
        return heading is not None and classify(heading) is not None
    name = after.strip().rstrip(":").strip()
    return not after.strip() or (
        classify(name) is not None and _only_section_names(name) and not after[:1].isspace()
    )


def _titles_the_sections(blocks: list[Block], headed: list[int]) -> bool:
    """True when the first heading starts with a section's name but says more ("# Summary of
    June 8 outage", "# Root Cause Analysis: API errors") and every section of the document
    sits under it: a title written that way, not the first section."""
    first = blocks[headed[0]]
    if first.level > 2 or not more_than_a_section_name(first.heading or ""):
        return False
    named = [blocks[i] for i in headed[1:] if classify(blocks[i].heading or "") is not None]
    return bool(named) and all(b.level > first.level for b in named)


_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(?P<text>.*?)</h\1>\s*$", re.I)
_HTML_ROW = re.compile(r"^\s*<tr\b[^>]*>(?P<cells>.*?)</tr>\s*$", re.I)
_HTML_CELL = re.compile(r"<(t[hd])\b[^>]*>(?P<text>.*?)</\1>", re.I | re.S)
_HTML_TABLE_TAG = re.compile(
    r"^\s*(?:</?(?:table|thead|tbody|tfoot|colgroup|col)\b[^>]*>\s*)+$", re.I
)


def _html_text(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities read, "|" kept out of cells."""
    text = re.sub(r"<br\s*/?>", " ", fragment, flags=re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split()).replace("|", "/")


#: Inline and block tags that Markdown writers use for layout or colour, around words that are
#: the report's own: ``<p>``, ``<li>``, ``<strong>``, ``<span style=...>``, ``5<sup>th</sup>``.
_HTML_LAYOUT_TAG = re.compile(
    r"</?(?:p|li|ol|ul|div|span|font|strong|b|em|i|u|sup|br)\b[^<>]*/?>", re.I
)
_HTML_ITEM_OPEN = re.compile(r"^(?P<indent>\s*)(?:<(?:ol|ul)\b[^<>]*>\s*)*<li\b[^<>]*>", re.I)


def _html_layout_as_markdown(raw: str) -> str:
    """A line whose words sit in layout tags, as the Markdown that says the same: a ``<li>``
    a list item, ``<strong>`` bold, other tags left out and entities read. Without this the
    words hide behind the tags: "**<span ...>08:00 AM:</span>**" is no time, "May
    5<sup>th</sup>, 2023" no date. Code spans and lines without such tags stay as written."""
    if "`" in raw or not _HTML_LAYOUT_TAG.search(raw):
        return raw
    item = _HTML_ITEM_OPEN.match(raw)
    text = raw[item.end() :] if item else raw
    text = re.sub(r"<(?:strong|b)\b[^<>]*>", "**", text, flags=re.I)
    # "<strong>10:30 AM:</strong>Issue detected": the bold label and its words stay apart.
    text = re.sub(r"</(?:strong|b)>(?=\w)", "** ", text, flags=re.I)
    text = re.sub(r"</(?:strong|b)>", "**", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = html.unescape(_HTML_LAYOUT_TAG.sub("", text))
    text = text.replace("\u2003", " ").replace("\u2002", " ").replace("\xa0", " ")
    if item:
        return item.group("indent") + "- " + text.strip()
    return text.rstrip()


def html_as_markdown(lines: list[str]) -> list[str]:
    """HTML headings and tables pasted from a wiki page (``<h2>Timeline</h2>``, a
    ``<table>`` with a row per line) as the Markdown that says the same, line for line.

    Line numbers stay those of the source, so that every note still points at the right
    line: the header row moves up onto the ``<table>`` or ``<tbody>`` line before it, to
    leave its own line for the separator that Markdown tables need.
    """
    out = list(lines)
    fenced = False
    for index, raw in enumerate(lines):
        if _FENCE.match(raw):
            fenced = not fenced
        if fenced:
            continue
        heading = _HTML_HEADING.match(raw)
        if heading is not None:
            out[index] = "#" * int(heading.group(1)) + " " + _html_text(heading.group("text"))
            continue
        if _HTML_TABLE_TAG.match(raw):
            out[index] = ""
            continue
        row = _HTML_ROW.match(raw)
        if row is None:
            out[index] = _html_layout_as_markdown(raw)
            continue
        cells = [_html_text(c.group("text")) for c in _HTML_CELL.finditer(row.group("cells"))]
        if not cells:
            continue
        markdown = "| " + " | ".join(cells) + " |"
        header = re.search(r"<th\b", row.group("cells"), re.I) and not re.search(
            r"<td\b", row.group("cells"), re.I
        )
        if header and index > 0 and _HTML_TABLE_TAG.match(lines[index - 1]):
            out[index - 1] = markdown
            out[index] = "|" + "---|" * len(cells)
        else:
            out[index] = markdown
    return out


_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")


def _grid_cells(raw: str, stops: list[int]) -> list[str]:
    """A grid table line's cells, cut where its border has a "+" (the columns are aligned), or
    at every "|" when a wide character has moved them."""
    if len(raw) > stops[-1] and all(raw[i] == "|" for i in stops):
        return [raw[a + 1 : b].strip() for a, b in itertools.pairwise(stops)]
    return [c.strip() for c in raw.strip().strip("|").split("|")]


def grid_tables_as_markdown(lines: list[str]) -> list[str]:
    """Grid tables (``+----+----+`` borders, a cell's words wrapped over several lines), as
    pandoc writes them for documents exported from a word processor, as the pipe tables that
    say the same, line for line.

    Each row's cells, joined over its lines, go on its first line; the header's border
    (``+====+``) becomes the separator; every other line inside the table becomes a separator
    too, which the readers pass over, so that no blank line splits the table and every row
    keeps the line number it has in the source.
    """
    out = list(lines)
    fenced = False
    index = 0
    while index < len(lines):
        raw = lines[index]
        if _FENCE.match(raw):
            fenced = not fenced
        border = None if fenced else _GRID_BORDER.match(raw)
        if border is None or index + 1 >= len(lines) or not _GRID_ROW.match(lines[index + 1]):
            index += 1
            continue
        stops = [i for i, c in enumerate(raw) if c == "+"]
        separator = "|" + "---|" * (len(stops) - 1)
        out[index] = ""
        end = index + 1
        row: list[str] | None = None
        first = end
        while end < len(lines) and (_GRID_ROW.match(lines[end]) or _GRID_BORDER.match(lines[end])):
            if _GRID_BORDER.match(lines[end]):
                if row is not None:
                    out[first] = "| " + " | ".join(" ".join(c.split()) for c in row) + " |"
                    row = None
                out[end] = separator
            else:
                cells = _grid_cells(lines[end], stops)
                if row is None:
                    row, first = cells, end
                else:
                    out[end] = separator
                    row = [f"{a} {b}".strip() for a, b in zip(row, cells)] + row[len(cells) :]
            end += 1
        if _GRID_BORDER.match(lines[end - 1]):
            out[end - 1] = ""  # the bottom border closes the table
        index = end
    return out


#: Punctuation that word processors' Markdown exports escape everywhere ("Post\-mortem",
#: "2024\-03\-04", "\(team\)") and that means the same unescaped inside a line. Escapes
#: that change what a line renders (``\*``, ``\_``, ``\[``, ``\|``, ``\<``, ``\&``,
#: ``\~``, ``\{``) are kept, and so are those that start a line, where ``\-``, ``\#`` or
#: ``1\.`` keep it from being a list or a heading.
_HARMLESS_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HARMLESS = set("-.()!#+=:;,'\"/?@%")
_LINE_START_ESCAPE = re.compile(r"^\s*(?:\\[-+#=]|\d{1,9}\\[.)])")


def _unescape(part: str) -> str:
    return _HARMLESS_ESCAPE.sub(
        lambda m: m.group(1) if m.group(1) in _HARMLESS else m.group(0), part
    )


def unescape_punctuation(lines: list[str]) -> list[str]:
    """Lines without the backslashes that exports put before harmless punctuation, outside
    code: the words read as their author wrote them ("on-call", a date, "(done)")."""
    out = list(lines)
    fenced = False
    for index, raw in enumerate(lines):
        if _FENCE.match(raw):
            fenced = not fenced
        if fenced or "\\" not in raw:
            continue
        start = _LINE_START_ESCAPE.match(raw)
        head = start.group(0) if start else ""
        # Code spans keep their backslashes: split on backticks, unescape outside them.
        parts = raw[len(head) :].split("`")
        out[index] = head + "`".join(
            _unescape(part) if i % 2 == 0 else part for i, part in enumerate(parts)
        )
    return out


#: Emoji that decorate a line, as shortcodes chat tools and GitHub render (":rotating_light:")
#: or as characters, with the joiners and variation selectors that build them.
_EMOJI = r"(?::[a-z0-9_+-]{1,40}:|[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u297f\u2b00-\u2bff\U0001f000-\U0001faff][\ufe0f\u200d]*)"
#: Emoji right before a time at the start of a line or list item: ":rotating_light: 16:15
#: GMT+1: ...", "- \u2705 **17:02** ...". Only before a time, so that a tick before an action
#: item still says it is done.
_EMOJI_BEFORE_TIME = re.compile(
    rf"^(?P<lead>\s*(?:[-*+]\s+|\d{{1,3}}[.)]\s+)?)(?:{_EMOJI}\s*)+"
    r"(?=(?:\*\*|__)?\d{1,2}(?::\d{2}|h\d{2}|\s*[ap]\.?m\b))",
    re.I,
)
#: A month's name written against its day, with a year after: "January23, 2021", "Jan23
#: 2021". The year makes it a date; without one "mar5" may be a host's name.
_MONTH_AGAINST_DAY = re.compile(
    r"(?<![\w/.-])(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    r"(?P<day>(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?)(?=,?\s+(?:19[7-9]\d|2[01]\d\d)(?!\w|[.-]\d))",
    re.I,
)


def tidy_written_stamps(lines: list[str]) -> list[str]:
    """Lines whose dates and times read as their author meant them, outside code: the emoji
    before a row's time left out (without this the row is no row), a month's name and its
    day apart ("January23, 2021" is January 23, 2021, without this no date at all)."""
    out = list(lines)
    fenced = False
    for index, raw in enumerate(lines):
        if _FENCE.match(raw):
            fenced = not fenced
        if fenced or "`" in raw:
            continue
        text = _EMOJI_BEFORE_TIME.sub(lambda m: m.group("lead"), raw, count=1)
        out[index] = _MONTH_AGAINST_DAY.sub(r"\g<month> \g<day>", text)
    return out


def read_document(text: str, *, plain_text: bool = False) -> Document:
    """Split ``text`` (already decoded, LF line endings) into a :class:`Document`;
    ``plain_text`` for a .txt file, whose headings may be "TIMELINE" or "Root cause:"."""
    problems: list[str] = []
    frontmatter, body_start, broken = _split_frontmatter(text, problems)
    lines = tidy_written_stamps(
        unescape_punctuation(grid_tables_as_markdown(html_as_markdown(text.split("\n"))))
    )
    blocks, prose = _blocks(lines, body_start, plain_text=plain_text)

    # The title: the first heading, if it names no section and comes first.
    title_index: int | None = None
    title: str | None = None
    title_line = 0
    headed = [i for i, b in enumerate(blocks) if b.heading is not None]
    if headed and _titles_the_sections(blocks, headed):
        lead = blocks[headed[0]]
        title_index, title, title_line = headed[0], lead.heading, lead.line
        headed = []
    # "## Owner: @someteam" above the title is the report's metadata, neither title nor section.
    metadata = [i for i in headed if _is_metadata(blocks[i].heading or "")]
    for i in [i for i in headed if i not in metadata][:2]:
        candidate = blocks[i]
        if classify(candidate.heading or "") is None and candidate.level <= 2:
            title_index, title, title_line = i, candidate.heading, candidate.line
            break
        if candidate.level == 1:
            break
    if title is None:
        # Exports from word processors often set the title as a bold first line, sometimes
        # under lines of metadata ("**Owner:** @someteam"), which are never the title.
        first = next(
            ((n, line) for n, line in blocks[0].lines if line.strip() and not _is_metadata(line)),
            None,
        )
        bold = _BOLD_LINE.match(first[1]) if first else None
        if first and bold and not bold.group(0).rstrip().endswith(":"):
            title, title_line = bold.group("text").strip(), first[0]
        elif first and plain_text and _plain_title(first, blocks[0].lines):
            # A text file's first line, alone in its paragraph, is its title.
            title, title_line = first[1].strip(), first[0]
        elif first and not plain_text and _markdown_plain_title(first, blocks):
            title, title_line = first[1].strip(), first[0]
    if isinstance(frontmatter.get("title"), str) and frontmatter["title"].strip():
        title, title_line = frontmatter["title"].strip(), 1

    sections = _sections(blocks, title_index)
    fields: dict[str, FieldValue] = {}
    preamble = list(blocks[0].lines)
    if title_index is not None:
        preamble += blocks[title_index].lines
    _read_fields(preamble, fields)
    for section in sections:
        if section.kind in (
            "details",
            "summary",
            "impact",
            "extra",
            "detection",
            "trigger",
            "resolution",
        ):
            _read_fields(section.lines(), fields)
            if section.kind in ("details", "impact"):
                _read_fact_table(section.lines(), fields)
    _read_heading_fields(sections, fields)
    for index in metadata:
        block = blocks[index]
        _read_fields([(block.line, block.heading or "")], fields)
        for section in sections:
            if section.blocks[0] is block and all(
                _is_metadata(t) for _, t in section.lines() if t.strip()
            ):
                # Metadata, and lines of metadata under it ("**Status:** Resolved"): facts read
                # into fields, no section of the body.
                section.is_fact = True
    # Without a title, the one a field gives ("Subject: [ops] INC-318: ...") is the draft's.
    source_title = title or (fields["title"].value if "title" in fields else None)
    return Document(
        text=text,
        frontmatter=frontmatter,
        title=clean_title(title) if title else None,  # None again for a template's placeholder
        title_number=_number_of_title(source_title) if source_title else None,
        title_severity=_severity_of_title(source_title) if source_title else None,
        source_title=source_title if source_title and clean_title(source_title) else None,
        title_line=title_line,
        sections=sections,
        fields=fields,
        prose=prose,
        problems=problems,
        broken_frontmatter=broken,
        preamble=preamble,
    )
