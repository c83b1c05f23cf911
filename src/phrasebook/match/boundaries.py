"""Word-boundary diagnostics for short place terms.

A 1-2 character place term (美国, 中非, 南亚) often appears straddling two words (欧美|国家).
Segmentation is never used to FIND matches (it splits real terms apart, see
../shared/research/PERFORMANCE.md); it only vetoes a short match that starts inside a
word, or ends inside one at a point where even the fine-grained (search-mode)
segmentation sees no break. So 欧美国家 yields no 美国 and 青海西宁 no 海西, while 中美关系,
one word to jieba, still yields 中美 (search mode splits it as 中美|关系).

Only a window of the sentence around the match is segmented, and windows are cached:
the check costs little even where short terms are dense.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from functools import lru_cache

WINDOW = 12
Cuts = tuple[frozenset[int], frozenset[int]]


class Segmenter(str, Enum):
    jieba = "jieba"
    pkuseg = "pkuseg"


@lru_cache(maxsize=None)
def segmenter_cuts(segmenter: Segmenter) -> Callable[[str], Cuts]:
    """For a text: (word boundaries, extra boundaries of the fine-grained segmentation)."""
    if segmenter is Segmenter.jieba:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()

        def jieba_cuts(text: str) -> Cuts:
            precise = {0}
            for _, _, end in jieba.tokenize(text, HMM=True):
                precise.add(end)
            fine = set()
            for _, start, end in jieba.tokenize(text, mode="search", HMM=True):
                fine.update((start, end))
            return frozenset(precise), frozenset(fine)

        return jieba_cuts
    if segmenter is Segmenter.pkuseg:
        import spacy_pkuseg

        model = spacy_pkuseg.pkuseg()

        def pkuseg_cuts(text: str) -> Cuts:
            cuts, position = {0}, 0
            for word in model.cut(text):
                position += len(word)
                cuts.add(position)
            return frozenset(cuts), frozenset()

        return pkuseg_cuts
    raise ValueError(f"unknown segmenter {segmenter!r}; choose one of {[s.value for s in Segmenter]}")


class BoundaryIndex:
    """Word boundaries around short matches of one text, computed on demand."""

    def __init__(self, text: str, sentence_spans: list[tuple[int, int]], segmenter: Segmenter):
        self._text = text
        self._spans = sentence_spans
        self._cuts = _cached(segmenter)

    def straddles(self, sentence: int, start: int, end: int) -> bool:
        """True when the span starts inside a word, or ends inside one with no fine break."""
        low, high = self._spans[sentence]
        left = max(low, start - WINDOW)
        precise, fine = self._cuts(self._text[left : min(high, end + WINDOW)])
        return (start - left) not in precise or ((end - left) not in precise and (end - left) not in fine)


@lru_cache(maxsize=None)
def _cached(segmenter: Segmenter) -> Callable[[str], Cuts]:
    return lru_cache(maxsize=200_000)(segmenter_cuts(segmenter))
