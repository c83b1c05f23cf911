"""Word-boundary diagnostics for short place terms.

A 1-2 character place term (美国, 中非, 南亚) often appears straddling two words (欧美|国家).
Segmentation is never used to FIND matches (it splits real terms apart, see
../shared/research/PERFORMANCE.md); it only vetoes a short match that starts inside a
word, or ends inside one at a point where even the fine-grained (search-mode)
segmentation sees no break. So 欧美国家 yields no 美国 and 青海西宁 no 海西, while 中美关系,
one word to jieba, still yields 中美 (search mode splits it as 中美|关系).

Segmentation is costly, so it runs only where it can change the answer: jieba (run
without its HMM, so that every word it returns is a dictionary word) can only put a
boundary-crossing word where its dictionary has one. A short match whose edges no
dictionary word crosses is kept without segmenting; otherwise a window of the sentence
around it is segmented, and windows are cached.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from enum import Enum
from functools import lru_cache
from pathlib import Path

PKUSEG_MODEL_ENV = "PHRASEBOOK_PKUSEG_MODEL"
WINDOW = 8
MAX_WORD = 8
Cuts = Callable[[str], frozenset[int]]
CrossCheck = Callable[[str, int, int], bool]


class SegmenterUnavailable(RuntimeError):
    """The chosen segmenter cannot run here (for pkuseg: no model on disk)."""


class Segmenter(str, Enum):
    jieba = "jieba"
    pkuseg = "pkuseg"


@lru_cache(maxsize=None)
def segmenter_cuts(segmenter: Segmenter) -> tuple[Cuts, Cuts]:
    """For a text: (its word boundaries, the extra boundaries of fine-grained segmentation).

    Both are cached functions of the text; the fine-grained one is only asked for when a
    match ends inside a word.
    """
    if segmenter is Segmenter.jieba:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()

        def precise(text: str) -> frozenset[int]:
            return frozenset([0, *(end for _, _, end in jieba.tokenize(text, HMM=False))])

        def fine(text: str) -> frozenset[int]:
            return frozenset(p for _, start, end in jieba.tokenize(text, mode="search", HMM=False) for p in (start, end))

        return lru_cache(maxsize=200_000)(precise), lru_cache(maxsize=50_000)(fine)
    if segmenter is Segmenter.pkuseg:
        import spacy_pkuseg

        model_dir = os.environ.get(PKUSEG_MODEL_ENV, "")
        if not model_dir or not Path(model_dir).is_dir():
            raise SegmenterUnavailable(
                f"spacy-pkuseg ships no model and phrasebook never downloads one: set {PKUSEG_MODEL_ENV} "
                "to the folder of a pkuseg model (e.g. spacy_ontonotes, unpacked), or use --segmenter jieba"
            )
        model = spacy_pkuseg.pkuseg(model_name=model_dir)

        def pkuseg_cuts(text: str) -> frozenset[int]:
            cuts, position = {0}, 0
            for word in model.cut(text):
                position += len(word)
                cuts.add(position)
            return frozenset(cuts)

        return lru_cache(maxsize=200_000)(pkuseg_cuts), lambda text: frozenset()
    raise ValueError(f"unknown segmenter {segmenter!r}; choose one of {[s.value for s in Segmenter]}")


@lru_cache(maxsize=None)
def dictionary_crossing(segmenter: Segmenter) -> CrossCheck | None:
    """For jieba: whether a dictionary word spans the start or the end of a span (None: unknown).

    One Aho-Corasick automaton over jieba's dictionary words (2 to MAX_WORD characters)
    finds every word in a small window around the span in one call.
    """
    if segmenter is not Segmenter.jieba:
        return None
    import ahocorasick_rs
    import jieba

    segmenter_cuts(segmenter)
    words = [w for w, frequency in jieba.dt.FREQ.items() if frequency and 1 < len(w) <= MAX_WORD]
    automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.Standard)

    def crossed(text: str, start: int, end: int) -> bool:
        left = max(0, start - MAX_WORD + 1)
        window = text[left : end + MAX_WORD - 1]
        inner_start, inner_end = start - left, end - left
        return any(
            s < inner_start < e or s < inner_end < e
            for _, s, e in automaton.find_matches_as_indexes(window, overlapping=True)
        )

    return crossed


class BoundaryIndex:
    """Word boundaries around short matches of one text, computed on demand."""

    def __init__(self, text: str, sentence_spans: list[tuple[int, int]], segmenter: Segmenter):
        self._text = text
        self._spans = sentence_spans
        self._precise, self._fine = segmenter_cuts(segmenter)
        self._crossed = dictionary_crossing(segmenter)

    def straddles(self, sentence: int, start: int, end: int) -> bool:
        """True when the span starts inside a word, or ends inside one with no fine break."""
        low, high = self._spans[sentence]
        if self._crossed is not None and not self._crossed(self._text, start, end):
            return False
        left = max(low, start - WINDOW)
        window = self._text[left : min(high, end + WINDOW)]
        precise = self._precise(window)
        if start - left not in precise:
            return True
        return end - left not in precise and end - left not in self._fine(window)


def clear_caches() -> None:
    """Forget cached segmentations (benchmarks measure a run that starts cold)."""
    for segmenter in Segmenter:
        if segmenter_cuts.cache_info().currsize:
            try:
                precise, fine = segmenter_cuts(segmenter)
            except SegmenterUnavailable:
                continue
            precise.cache_clear()  # type: ignore[attr-defined]
            getattr(fine, "cache_clear", lambda: None)()
