"""Designated roles: which province is designated what role toward which region.

Candidates are role terms found by the matcher (辐射中心, 枢纽, 桥头堡 ...), each in its
sentence (the matcher's own sentence, so that every stage sees the same one), with the
province it belongs to (named before the term in its sentence, else the issuer), the
target region (nearest region named in the sentence, else the direction of 向X开放) and
the features the classifier reads. Most role words are everyday words (交通枢纽,
粮食生产基地, 政务服务窗口): :mod:`phrasebook.attribute.role_classifier` scores each
candidate, and :func:`designation_rows` keeps the accepted ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from phrasebook.language import DIRECTION_OF_OPENING, DIRECTIONS
from phrasebook.tagger import TextMatch

if TYPE_CHECKING:
    from phrasebook.pipeline import TaggedDocument

CUES = ("面向", "开放", "国际", "一带一路", "丝绸之路", "对外", "口岸", "跨境", "沿边", "陆海新通道", "中欧班列", "自贸", "东盟", "周边")
NEAR = 12
WINDOW_BEFORE, WINDOW_AFTER = 20, 10
NUMERIC = ["cue_in_sentence", "cue_near", "mianxiang_before", "has_region", "has_country", "has_province", "has_direction", "cue_distance"]
ROLE_COLUMNS = ["doc_id", "province", "role", "region", "wording", "sentence_index", "start", "end", "confidence", "method"]
THRESHOLD = 0.5


@dataclass
class Candidate:
    """A role term in its sentence, with what attribution needs to know about it.

    ``match`` offsets are into the tagged item's text, ``start`` and ``end`` into the whole
    decoded file; ``offset`` is where the term starts inside ``sentence``.
    """

    doc_id: str
    match: TextMatch
    start: int
    end: int
    sentence: str
    offset: int
    province: str | None
    province_via: str
    region: str | None
    cues: list[str] = field(default_factory=list)
    features: dict[str, float | str] = field(default_factory=dict)
    score: float = 0.0  # the classifier's probability of a designation (see role_classifier)


def features(sentence: str, offset: int, length: int, role: str, sentence_matches: list[TextMatch]) -> dict[str, float | str]:
    """The classifier's inputs for a role term at ``offset`` of ``sentence``."""
    before = sentence[max(0, offset - NEAR) : offset]
    positions = [sentence.find(cue) for cue in CUES if cue in sentence]
    distances = [abs(offset - p) for p in positions]
    return {
        "window": sentence[max(0, offset - WINDOW_BEFORE) : offset + length + WINDOW_AFTER],
        "role": role,
        "cue_in_sentence": float(bool(positions)),
        "cue_near": float(any(cue in before for cue in CUES)),
        "mianxiang_before": float("面向" in sentence[:offset]),
        "has_region": float(any(m.kind == "region" for m in sentence_matches)),
        "has_country": float(any(m.kind in ("country", "compound") for m in sentence_matches)),
        "has_province": float(any(m.kind in ("province", "city") for m in sentence_matches)),
        "has_direction": float(bool(DIRECTION_OF_OPENING.search(sentence))),
        "cue_distance": min(distances, default=100) / 100,
    }


def rule_baseline(row: dict[str, float | str]) -> int:
    """Designation when the sentence has a cue word near the term or names a foreign place."""
    return int(bool(row["cue_near"] or row["has_region"] or row["has_country"] or row["has_direction"]))


def find_candidates(item: TaggedDocument, issuer: str) -> list[Candidate]:
    """Role terms of one tagged document (or part) with their sentence, province and region."""
    by_sentence: dict[int, list[TextMatch]] = {}
    for m in item.matches:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    found = []
    for m in item.matches:
        if not m.role:
            continue
        sentence_start, sentence_end = item.sentences[m.sentence_index - item.sentence_base]
        sentence = item.text[sentence_start:sentence_end]
        offset = m.start - sentence_start
        here = by_sentence[m.sentence_index]
        province, via = _province(here, m, issuer)
        found.append(
            Candidate(
                item.doc_id, m, m.start + item.offset, m.end + item.offset, sentence, offset, province, via,
                _region(here, sentence, m),
                [cue for cue in CUES if cue in sentence],
                features(sentence, offset, m.end - m.start, m.role, here),
            )
        )
    return found


def _province(sentence_matches: list[TextMatch], term: TextMatch, issuer: str) -> tuple[str | None, str]:
    places = [m for m in sentence_matches if m.kind in ("province", "city") and m.refers_to]
    before = [m for m in places if m.end <= term.start]
    if before:
        return before[-1].refers_to, "named"
    if places:
        return places[0].refers_to, "named"
    if issuer.startswith("CN-"):
        return issuer, "issuer"
    return None, ""


def _region(sentence_matches: list[TextMatch], sentence: str, term: TextMatch) -> str | None:
    regions = [m for m in sentence_matches if m.kind == "region"]
    if regions:
        nearest = min(regions, key=lambda m: abs(term.start - m.end))
        return nearest.entry_id
    direction = DIRECTION_OF_OPENING.search(sentence)
    if direction:
        return DIRECTIONS[direction.group(1)]
    return None


def is_designation(candidate: Candidate, threshold: float = THRESHOLD) -> bool:
    """The classifier accepts it and a province claims it."""
    return candidate.score >= threshold and candidate.province is not None


def designation_rows(candidates: list[Candidate], *, threshold: float = THRESHOLD) -> list[dict]:
    """Designation rows for the scored candidates that :func:`is_designation` accepts."""
    rows = []
    for candidate in candidates:
        if is_designation(candidate, threshold):
            m = candidate.match
            rows.append(
                {
                    "doc_id": candidate.doc_id, "province": candidate.province, "role": m.role, "region": candidate.region,
                    "wording": candidate.sentence[max(0, candidate.offset - 12) : candidate.offset + (m.end - m.start)],
                    "sentence_index": m.sentence_index, "start": candidate.start, "end": candidate.end,
                    "confidence": round(candidate.score, 3), "method": f"classifier+{candidate.province_via}",
                }
            )
    return rows
