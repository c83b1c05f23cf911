"""Word-boundary diagnostics for short terms.

A 1-2 character term (美国, 中非, 南亚) often appears straddling two words (欧美|国家).
Segmentation is never used to FIND matches (it splits real terms apart, see
../shared/research/PERFORMANCE.md); it only vetoes a short match whose start or end falls
inside a word of its sentence. Only the sentences that hold such a match are segmented.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from functools import lru_cache

Tokenizer = Callable[[str], list[str]]


class Segmenter(str, Enum):
    jieba = "jieba"
    pkuseg = "pkuseg"


@lru_cache(maxsize=None)
def tokenizer(segmenter: Segmenter) -> Tokenizer:
    """The word tokenizer for ``segmenter``, loaded once per process."""
    if segmenter is Segmenter.jieba:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        return lambda sentence: jieba.lcut(sentence, HMM=True)
    if segmenter is Segmenter.pkuseg:
        import spacy_pkuseg

        model = spacy_pkuseg.pkuseg()
        return model.cut
    raise ValueError(f"unknown segmenter {segmenter!r}; choose one of {[s.value for s in Segmenter]}")


class BoundaryIndex:
    """Word boundaries of the sentences of one text, computed on demand."""

    def __init__(self, text: str, sentence_spans: list[tuple[int, int]], segmenter: Segmenter):
        self._text = text
        self._spans = sentence_spans
        self._tokenize = tokenizer(segmenter)
        self._cache: dict[int, set[int]] = {}

    def _boundaries(self, sentence: int) -> set[int]:
        if sentence not in self._cache:
            start, end = self._spans[sentence]
            cuts = {start}
            position = start
            for word in self._tokenize(self._text[start:end]):
                position += len(word)
                cuts.add(position)
            self._cache[sentence] = cuts
        return self._cache[sentence]

    def straddles(self, sentence: int, start: int, end: int) -> bool:
        """True when the span starts or ends inside a word."""
        cuts = self._boundaries(sentence)
        return start not in cuts or end not in cuts
