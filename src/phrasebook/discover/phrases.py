"""Designation wordings that recur: the n-grams that end in a role head, read from the
role candidates that attribution found around a province with an external cue.

Attribution makes a candidate of every role head (roles.yaml) with its phrase, from the
opener to the head (建设|面向东北亚开放合作的重要枢纽), and the province it belongs to.
Here the candidates that a province claims and that the rule baseline of
phrasebook.attribute.roles reads as outward-facing (an external cue, a foreign place or a
direction of opening in the phrase or its clause) give every tail of their phrase that
ends in the head: 重要枢纽, 合作的重要枢纽, 开放合作的重要枢纽 ... A tail that recurs across
documents, is not cut short of a longer tail that recurs as often, and is not a
wording the lexicon has, is a candidate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from phrasebook.attribute.roles import Candidate, rule_baseline
from phrasebook.discover.evidence import Finding, Occurrence, has_formulation_shape, normalized_span, occurrence
from phrasebook.pipeline import TaggedDocument

MIN_MODIFIER = 2
"""A tail holds at least this many characters before its head (重要枢纽, not 要枢纽 or 枢纽)."""


def designation_tails(
    candidates: Iterable[Candidate], items: Mapping[str, list[TaggedDocument]], *, min_count: int, min_docs: int
) -> list[Finding]:
    """Recurring tails of outward-facing designation phrases that the lexicon does not cover."""
    tails: dict[str, list[Occurrence]] = defaultdict(list)
    heads: dict[str, Candidate] = {}
    for candidate in candidates:
        if not candidate.provinces or not rule_baseline(candidate.features):
            continue
        item = _item_of(items.get(candidate.doc_id, []), candidate.start)
        if item is None:
            continue
        start, end = normalized_span(item.normalized, candidate.start - item.offset, candidate.end - item.offset)
        text = item.normalized.text
        head_start = text.rfind(candidate.head, start, end)
        if head_start < 0 or _covered(item, head_start):
            continue
        head_end = head_start + len(candidate.head)
        for tail_start in range(head_start - MIN_MODIFIER, start - 1, -1):
            tail = text[tail_start:head_end]
            if has_formulation_shape(tail):
                tails[tail].append(occurrence(item, tail_start, head_end))
                heads[tail] = candidate
    counts = {tail: len(found) for tail, found in tails.items()}
    absorbed = {tail[1:] for tail, count in counts.items() if counts.get(tail[1:]) == count}
    return [
        Finding(
            text=tail, source="role", frame=f"…{heads[tail].head}", occurrences=found, family="role_designation", role=heads[tail].role
        )
        for tail, found in tails.items()
        if counts[tail] >= min_count and len({o.doc_id for o in found}) >= min_docs and tail not in absorbed
    ]


def _item_of(items: list[TaggedDocument], start: int) -> TaggedDocument | None:
    """The item (part) of a document that holds file offset ``start``."""
    for item in items:
        if item.offset <= start < item.offset + len(item.text):
            return item
    return None


def _covered(item: TaggedDocument, head_start: int) -> bool:
    """Whether a formulation of the lexicon reaches into the head from the left: the
    lexicon has a wording for this designation (面向南亚东南亚辐射中心), not only its head."""
    head = item.normalized.to_original(head_start, head_start + 1)[0]
    return any(m.kind == "formulation" and m.start < head < m.end for m in item.matches)
