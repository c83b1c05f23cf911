"""Province mentions: places in the text linked to their province (ISO 3166-2:CN).

A province match stands for itself, a city match for its province (吉林市 is a city of
Jilin; 海南藏族自治州 is a prefecture of Qinghai, vetoed as Hainan by the lexicon's context
rules), and in a provincial document the self-references 我省, 我区, 全省, 本省 ...
stand for the issuer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from phrasebook.language import SELF_REFERENCE, sentence_of, sentence_spans
from phrasebook.tagger import TextMatch


@dataclass(frozen=True)
class ProvinceMention:
    province: str
    start: int
    end: int
    text: str
    sentence_index: int
    via: str  # province | city | abbreviation | self_reference


def province_mentions(
    matches: Iterable[TextMatch], text: str = "", issuer: str = "", *, sentence_starts: list[int] | None = None, sentence_base: int = 0
) -> list[ProvinceMention]:
    """Every mention of a province, direct or through a city, in text order.

    ``sentence_starts`` (the starts of ``text``'s sentences, numbered from
    ``sentence_base``) number the self-references; without them the text is split here.
    """
    mentions = [
        ProvinceMention(m.refers_to, m.start, m.end, m.surface, m.sentence_index, m.via if m.via == "abbreviation" else m.kind)
        for m in matches
        if m.kind in ("province", "city") and m.refers_to
    ]
    if issuer.startswith("CN-") and text:
        starts = sentence_starts if sentence_starts is not None else [start for start, _ in sentence_spans(text)]
        mentions += [
            ProvinceMention(
                issuer, found.start(), found.end(), found.group(), sentence_base + sentence_of(starts, found.start()), "self_reference"
            )
            for found in SELF_REFERENCE.finditer(text)
        ]
    return sorted(mentions, key=lambda m: m.start)


def province_counts(mentions: Iterable[ProvinceMention]) -> Counter[str]:
    return Counter(m.province for m in mentions if m.via != "self_reference")
