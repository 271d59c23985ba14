"""The ``## Five Whys`` section read as a chain of questions and answers.

Post-mortems write the chain in a few shapes, all read here:

- a list, numbered or not, one why per item: ``1. Why did checkout fail? The
  pool was exhausted.``, the answer on the same line or in the lines (or nested
  bullets) under the question;
- ``Why?`` lines or paragraphs, nested or not, and labels such as
  ``**Why 1:**`` or ``Q: ... A: ...``;
- headings (``### Why did checkout fail?``) with the answer under them;
- a table with a column of whys and one of answers;
- nested bullets that answer the line above with ``because ...``.

Text before the first why (the problem statement) is not a why. A section in
none of these shapes gives no whys, and the rule judging them says nothing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from pmkb import body as md


@dataclass
class Why:
    #: file line of the question (or of the answer, for a ``because`` step)
    line: int
    question: str
    answer: str = ""
    #: file line of the answer's first words, the question's line until there are some
    answer_line: int = 0


# List markers, blockquotes and heading marks at the start of a line.
_MARKERS = re.compile(r"(?:\s*(?:>|[-*+]|\d{1,3}[.)]|#{1,6})(?=\s))*\s*")
_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)")
# "Why 1:", "Why #2 -", "1st why:", "Q:"; and "A:", "Answer:" before an answer.
_WHY_LABEL = re.compile(
    r"(?:(?:why\s*#?\s*\d+|\d+(?:st|nd|rd|th)\s+why)\s*[:.)\-\u2013\u2014]|(?:q|question)\s*:)\s*",
    re.I,
)
_ANSWER_LABEL = re.compile(r"(?:a|answer)\s*:\s*", re.I)
_QUESTION = re.compile(r"why\b[^?]*\?", re.I)
_BECAUSE = re.compile(r"because\b", re.I)
_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)])\s")

#: Answers that say nothing.
EMPTY_ANSWERS = frozenset(
    {"", "n/a", "na", "none", "-", "--", "\u2013", "\u2014", "tbd", "?", "...", "\u2026"}
)


def _clean(text: str) -> str:
    return _EMPHASIS.sub("", text).strip()


def read_whys(body: str, first_line: int) -> list[Why]:
    """The whys of the ``## Five Whys`` section, in order."""
    whys: list[Why] = []
    lines = md.section_lines(body, first_line, "Five Whys")
    columns: tuple[int | None, int | None] | None = None  # (why, answer) of a table
    for prose in lines:
        raw = prose.text
        if raw.lstrip().startswith("|"):
            cells = [_clean(c) for c in raw.strip().strip("|").split("|")]
            if md.is_table_separator(raw):
                continue
            if columns is None:
                columns = _table_columns(cells)
                if columns != (None, None):
                    continue  # a header row
            why = _table_row(cells, columns, prose.line)
            if why is not None:
                whys.append(why)
            continue
        columns = None
        text = _clean(_MARKERS.sub("", raw, count=1))
        labelled = _WHY_LABEL.match(text)
        if labelled:
            text = text[labelled.end() :]
        question = _QUESTION.match(text)
        if question:
            why = Why(prose.line, question.group(0), answer_line=prose.line)
            whys.append(why)
            rest = text[question.end() :].strip()
            _answer(why, _unlabel(rest), prose.line)
        elif labelled:
            # "**Why 1:** The API returned errors": the label asks, the text answers.
            why = Why(prose.line, labelled.group(0).strip(), answer_line=prose.line)
            whys.append(why)
            _answer(why, text, prose.line)
        elif _BECAUSE.match(text) and _ITEM.match(raw) and (not whys or whys[-1].answer):
            # A nested "because ..." bullet answers the line above it: a new step.
            why = Why(prose.line, "", answer_line=prose.line)
            whys.append(why)
            _answer(why, text, prose.line)
        elif whys:
            _answer(whys[-1], _unlabel(text), prose.line)
    return whys


def _unlabel(text: str) -> str:
    label = _ANSWER_LABEL.match(text)
    return text[label.end() :] if label else text


def _answer(why: Why, text: str, line: int) -> None:
    text = text.strip()
    if not text:
        return
    if not why.answer:
        why.answer_line = line
    why.answer = f"{why.answer} {text}".strip()


def _table_columns(header: list[str]) -> tuple[int | None, int | None]:
    """(why column, answer column) of a table's header; (None, None) when it names neither."""
    low = [cell.lower() for cell in header]
    why = next((i for i, c in enumerate(low) if "why" in c or "question" in c), None)
    answer = next(
        (i for i, c in enumerate(low) if re.search(r"answer|because|cause|reason", c)), None
    )
    if why is not None and answer is None and why + 1 < len(low):
        answer = len(low) - 1
    return why, answer


def _table_row(cells: list[str], columns: tuple[int | None, int | None], line: int) -> Why | None:
    why_at, answer_at = columns
    if why_at is None:
        # No header to go by: the cell that asks, and the one after it.
        why_at = next((i for i, c in enumerate(cells) if re.match(r"why\b", c, re.I)), None)
        if why_at is None or why_at + 1 >= len(cells):
            return None
        answer_at = why_at + 1
    if why_at >= len(cells):
        return None
    answer = cells[answer_at] if answer_at is not None and answer_at < len(cells) else ""
    return Why(line, cells[why_at], answer, line)


def is_empty(answer: str) -> bool:
    return answer.strip().rstrip(".").strip().lower() in EMPTY_ANSWERS


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


#: How alike two answers' words may be before the second reads as the first again.
REPEAT_RATIO = 0.8


def repeats(previous: str, answer: str) -> bool:
    """Whether ``answer`` says ``previous`` again nearly word for word."""
    a, b = _words(previous), _words(answer)
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < 3:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # The quick ratios are upper bounds of ratio() (the same formula over more
    # matches, or over the shorter length): below the mark, so is ratio(), and
    # most pairs of answers are far below it.
    return (
        matcher.real_quick_ratio() >= REPEAT_RATIO
        and matcher.quick_ratio() >= REPEAT_RATIO
        and matcher.ratio() >= REPEAT_RATIO
    )


# An answer that ends at a person's slip rather than at what let it happen.
_PERSON = (
    r"(?:engineers?|developers?|devs?|operators?|admins?|administrators?|on-?call(?:ers?)?|"
    r"responders?|reviewers?|authors?|someone|somebody|he|she|they|we|i|employees?|"
    r"contractors?|interns?|team members?|the person|sres?|dbas?)"
)
_LAPSE = (
    r"(?:forgot|missed|overlooked|ignored|mistyped|misread|misconfigured|skipped|"
    r"failed to|made an? (?:mistake|error|typo)|was (?:careless|distracted|tired|unaware|not careful)|"
    r"wasn't careful|did(?: not|n't) (?:check|test|verify|follow|notice|read|review|realise|realize|"
    r"double-check|pay attention|see|think|tell|inform|ask|announce|mention)|(?:ran|ran the|chose|picked|selected|typed) (?:the )?wrong)"
)
_AT_A_PERSON = re.compile(
    r"\b(?:human|operator|user|engineer|manual)[ -]error\b|\bhuman (?:mistake|factor)\b|"
    r"\bfat[- ]finger(?:ed|s)?\b|\b(?:a|the|by) (?:simple )?(?:mistake|typo|oversight)\b|"
    rf"\b{_PERSON}\b(?:\s+[\w'-]+){{0,8}}?\s+{_LAPSE}\b",
    re.I,
)
# What a systemic answer says: a safeguard or condition that was missing.
_MISSING = re.compile(
    r"\b(?:no|nothing|without|lacked|lacks|lacking|missing|never|none|neither|nor)\b|"
    r"\bnot (?:required|enforced|automated|documented|checked|validated|tested|reviewed|covered)\b",
    re.I,
)


def stops_at_a_person(answer: str) -> str | None:
    """The words by which ``answer`` ends the chain at a person's slip, if it does.

    An answer that also names what was missing ("the engineer mistyped the
    host, and nothing asked for confirmation") goes past the person, and is
    left alone.
    """
    found = _AT_A_PERSON.search(answer)
    if found is None or _MISSING.search(answer):
        return None
    return found.group(0)
