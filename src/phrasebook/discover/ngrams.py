"""Rising terms: formulation-like n-grams whose rate rises sharply from one period to the
next.

The n-grams are runs of 4 to 8 Chinese characters of the normalised text that cross no
punctuation and no formulation the lexicon already finds (its matches are cut out of the
text first), that occur ``min_count`` times in ``min_docs`` documents, that have no
function word on an edge (phrasebook.discover.evidence), and that are not part of a
longer such n-gram occurring exactly as often (推进高水平 inside 推进高水平制度型 when every
one of its occurrences is one of those). They are counted level by level: an n-gram is
counted only when both of its (n-1)-grams recur, so the work stays close to one pass over
the text.

Each n-gram's count in a period is set against its count in the period before, both
relative to the periods' sizes in characters: Dunning's log-likelihood G2 (as in
``track --events``) says whether the change is significant (p < ``alpha``), the log ratio
of the two rates (each count plus one half, so that an absence does not divide by zero)
whether it is sharp (at least a doubling). An n-gram that rises so between some two
periods is a candidate, with the rise of the largest G2.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import ahocorasick_rs
import numpy as np

from phrasebook.aggregate.track import g2_scores, p_values
from phrasebook.discover.evidence import Finding, Occurrence, has_formulation_shape, normalized_span, occurrence
from phrasebook.language import CJK
from phrasebook.pipeline import TaggedDocument

SHORTEST, LONGEST = 4, 8
MIN_LOG_RATIO = 1.0
"""A rise is sharp when the rate at least doubles (log2 of the ratio of smoothed rates)."""
_RUN = re.compile(f"[{CJK}]{{{SHORTEST},}}")
_CUT = "\x00"


def rising_terms(
    items: Iterable[TaggedDocument],
    periods: Mapping[str, str],
    sizes: Mapping[str, int],
    *,
    min_count: int,
    min_docs: int,
    alpha: float,
) -> list[Finding]:
    """Candidates that rise sharply and significantly from a period to the next one.

    ``periods`` gives each document's period (documents without one count towards
    recurrence, not towards a rise); ``sizes`` each period's size in characters.
    """
    texts = [(item, _without_formulations(item)) for item in items]
    runs: dict[str, list[str]] = defaultdict(list)
    for item, text in texts:
        runs[item.doc_id] += _RUN.findall(text)
    terms = _maximal(_recurring(runs, min_count=min_count, min_docs=min_docs))
    if not terms:
        return []
    order = sorted(sizes)
    rising = {term: rise for term, rise in zip(terms, _rises(_period_counts(texts, terms, periods, order), order, sizes, alpha)) if rise}
    found = _occurrences(texts, sorted(rising))
    return [
        Finding(text=term, source="rising", frame=f"{rise['period_before']}→{rise['period']}", occurrences=found[term], rise=rise)
        for term, rise in rising.items()
    ]


def _without_formulations(item: TaggedDocument) -> str:
    """The item's normalised text with every formulation match blanked out (same length,
    so that offsets stay those of the normalised text)."""
    text = item.normalized.text
    pieces, position = [], 0
    spans = sorted(normalized_span(item.normalized, m.start, m.end) for m in item.matches if m.kind == "formulation")
    for start, end in spans:
        if start > position:
            pieces.append(text[position:start])
        if end > position:
            pieces.append(_CUT * (end - max(start, position)))
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _recurring(runs: Mapping[str, list[str]], *, min_count: int, min_docs: int) -> Counter[str]:
    """Every n-gram (SHORTEST to LONGEST + 1 characters) that occurs ``min_count`` times in
    ``min_docs`` documents, with its count; an n-gram is counted only when both its
    (n-1)-grams recur."""
    found: Counter[str] = Counter()
    frequent: set[str] | None = None
    for n in range(SHORTEST, LONGEST + 2):
        totals: Counter[str] = Counter()
        documents: Counter[str] = Counter()
        for document_runs in runs.values():
            grams = (run[i : i + n] for run in document_runs for i in range(len(run) - n + 1))
            if frequent is not None:
                known = frequent
                grams = (gram for gram in grams if gram[:-1] in known and gram[1:] in known)
            counted = Counter(grams)
            totals.update(counted)
            documents.update(counted.keys())
        frequent = {gram for gram, count in totals.items() if count >= min_count and documents[gram] >= min_docs}
        if not frequent:
            break
        found.update({gram: totals[gram] for gram in frequent})
    return found


def _maximal(counts: Counter[str]) -> list[str]:
    """The n-grams of at most LONGEST characters with a formulation's shape that no
    n-gram one character longer, of the same count, contains (an n-gram of LONGEST + 1
    characters tells that one of LONGEST is a piece of a longer phrase)."""
    shaped = [gram for gram in counts if has_formulation_shape(gram) or len(gram) > LONGEST]
    absorbed = {part for gram in shaped for part in (gram[1:], gram[:-1]) if counts.get(part) == counts[gram]}
    return sorted(gram for gram in shaped if gram not in absorbed and len(gram) <= LONGEST)


def _period_counts(texts: list[tuple[TaggedDocument, str]], terms: list[str], periods: Mapping[str, str], order: list[str]) -> np.ndarray:
    """How often each term occurs in each period (terms by periods, in ``order``)."""
    automaton = ahocorasick_rs.AhoCorasick(terms)
    column = {period: index for index, period in enumerate(order)}
    counts = np.zeros((len(terms), len(order)))
    for item, text in texts:
        period = column.get(periods.get(item.doc_id, ""))
        if period is not None:
            found = automaton.find_matches_as_indexes(text, overlapping=True)
            counts[:, period] += np.bincount(np.fromiter((index for index, _, _ in found), dtype=np.int64), minlength=len(terms))
    return counts


def _occurrences(texts: list[tuple[TaggedDocument, str]], terms: list[str]) -> dict[str, list[Occurrence]]:
    """Every occurrence of every term in the blanked texts (the places it was counted)."""
    automaton = ahocorasick_rs.AhoCorasick(terms)
    found: dict[str, list[Occurrence]] = defaultdict(list)
    for item, text in texts:
        for index, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
            found[terms[index]].append(occurrence(item, start, end))
    return found


def _rises(counts: np.ndarray, order: list[str], sizes: Mapping[str, int], alpha: float) -> list[dict[str, float | str]]:
    """For each row of ``counts`` (terms by period), its sharpest significant rise, or {}."""
    if len(order) < 2:
        return [{} for _ in range(len(counts))]
    size = np.array([sizes[period] for period in order], dtype=float)
    before, after = counts[:, :-1], counts[:, 1:]
    size_before = np.broadcast_to(size[:-1], before.shape)
    size_after = np.broadcast_to(size[1:], after.shape)
    g2 = g2_scores(before, size_before, after, size_after)
    p = p_values(g2)
    log_ratio = np.log2(((after + 0.5) / size_after) / ((before + 0.5) / size_before))
    rising = (p < alpha) & (log_ratio >= MIN_LOG_RATIO) & (after * size_before > before * size_after)
    rises: list[dict[str, float | str]] = []
    for row in range(len(counts)):
        if not rising[row].any():
            rises.append({})
            continue
        best = int(np.argmax(np.where(rising[row], g2[row], -1.0)))
        rises.append(
            {
                "period_before": order[best], "period": order[best + 1], "count_before": int(before[row, best]),
                "count_in_period": int(after[row, best]), "g2": float(g2[row, best]), "p_value": float(p[row, best]),
                "log_ratio": float(log_ratio[row, best]),
            }
        )
    return rises
