"""The speaking province of a document: from its metadata, else from its content.

Content evidence, strongest first: the opening lines' 在XX第N届人民代表大会 (a provincial
people's congress, or 全国人民代表大会 for the centre) or XX人民政府; a province named in the
title; otherwise, if the text speaks of 我省/我区/全省 ..., the province it mentions most.
A document with none of these is central (``CN``), with low confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from phrasebook.language import SELF_REFERENCE
from phrasebook.tagger import TextMatch

HEADER_CHARS = 400
_CONGRESS = re.compile(r"在(.{2,14}?)第[一二三四五六七八九十]+届人民代表大会")
_NATIONAL = re.compile(r"全国人民代表大会|国务院|中国共产党第[一二三四五六七八九十]+次全国代表大会|中共中央")


@dataclass(frozen=True)
class Issuer:
    code: str
    confidence: float
    method: str


SPEAKER_SOURCES = ("metadata", "header", "content")
"""Issuers that speak in the document (the metadata says so, a congress header, 我省): a
province named in a news item's title is only named there."""


def infer_issuer(
    text: str, matches: list[TextMatch], title_matches: Sequence[TextMatch] = (), metadata: str = ""
) -> Issuer:
    """Who speaks: a province code (CN-YN), or CN for the centre."""
    if metadata:
        return Issuer(metadata, 1.0, "metadata")
    header = text[:HEADER_CHARS]
    provinces_in = _province_spans(matches)
    congress = _CONGRESS.search(header)
    if congress:
        named = [code for start, code in provinces_in if congress.start(1) <= start < congress.end(1)]
        if named:
            return Issuer(named[0], 0.99, "header")
        if "全国" in congress.group(1):
            return Issuer("CN", 0.99, "header")
    titled = [code for _, code in _province_spans(title_matches)]
    if titled:
        return Issuer(titled[0], 0.9, "title")
    self_references = len(SELF_REFERENCE.findall(text))
    counts = Counter(code for _, code in provinces_in)
    if self_references >= 3 and counts:
        code, top = counts.most_common(1)[0]
        return Issuer(code, round(top / sum(counts.values()), 3), "content")
    if _NATIONAL.search(header):
        return Issuer("CN", 0.9, "header")
    return Issuer("CN", 0.5, "default")


def _province_spans(matches: Sequence[TextMatch]) -> list[tuple[int, str]]:
    return [(m.start, m.refers_to) for m in matches if m.kind in ("province", "city") and m.refers_to]
