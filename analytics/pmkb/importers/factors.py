"""Suggest contributing-factor tags for a text by its wording.

Works from the taxonomy alone, so a corpus that brings its own vocabulary
gets suggestions from it: each tag is described by the words of its name
and its description; a word that few tags use says more than one that many
use (inverse document frequency); a tag's name written out as a phrase in the
text ("monitoring gap", "single point of failure") counts most. The result is
a suggestion for a person to confirm, and the draft marks it as guessed.

    >>> from pmkb.taxonomy import Factor, Taxonomy
    >>> tax = Taxonomy({
    ...     "monitoring-gap": Factor("monitoring-gap", "technical", "No alert on the failing signal."),
    ...     "runbook-gap": Factor("runbook-gap", "process", "No documented procedure for responders."),
    ... })
    >>> suggest_factors(tax, [("There was no alert on pool saturation.", 1.0)])
    ['monitoring-gap']
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from pmkb.taxonomy import Taxonomy

_STOP = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "else",
        "even",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "here",
        "how",
        "however",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "like",
        "made",
        "make",
        "many",
        "may",
        "more",
        "most",
        "much",
        "must",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "per",
        "rather",
        "same",
        "set",
        "should",
        "since",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "was",
        "way",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "wrong",
        "meant",
        "needed",
        "need",
        "time",
        "enough",
        "one",
        "two",
        "way",
        "so",
    ]
)
_WORD = re.compile(r"[a-z][a-z0-9]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A crude English stem, enough to meet "alerts", "alerting" and "alerted" as one word."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP:
            continue
        out.append(stem(word))
        if word.startswith("un") and len(word) > 6:
            out.append(stem(word[2:]))  # "untested" also speaks of testing
    return out


def suggest_factors(
    taxonomy: Taxonomy, texts: Sequence[tuple[str, float]], limit: int = 3
) -> list[str]:
    """Up to ``limit`` tags for ``texts`` (text, weight), best first; empty when nothing matches."""
    if not taxonomy.factors:
        return []
    name_words: dict[str, list[str]] = {}
    keywords: dict[str, dict[str, float]] = {}
    for tag, factor in taxonomy.factors.items():
        names = tokens(tag.replace("-", " "))
        name_words[tag] = names
        words = {w: 1.0 for w in tokens(factor.description)}
        words.update({w: 2.0 for w in names})
        keywords[tag] = words
    document_frequency = Counter(w for words in keywords.values() for w in words)
    count = len(keywords)

    seen: dict[str, float] = defaultdict(float)
    sequences: list[list[str]] = []
    for text, weight in texts:
        found = tokens(text)
        sequences.append(found)
        for word in found:
            seen[word] += weight

    scores: dict[str, float] = {}
    for tag, words in keywords.items():
        idf = {w: math.log(1 + count / document_frequency[w]) for w in words}
        score = sum(
            idf[w] * importance * (seen[w] / (seen[w] + 1.0))
            for w, importance in words.items()
            if w in seen
        )
        score /= math.sqrt(sum(idf.values()) or 1.0)
        phrase = name_words[tag]
        if len(phrase) >= 2 and any(_contains(seq, phrase) for seq in sequences):
            score += 1.5
        if score > 0:
            scores[tag] = score
    if not scores:
        return []
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best = ranked[0][1]
    return [tag for tag, score in ranked[:limit] if score >= max(0.5 * best, 0.25)]


def _contains(sequence: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(sequence[i : i + n] == phrase for i in range(len(sequence) - n + 1))
