"""Word-boundary diagnostics for short place terms.

A 1-2 character place term (美国, 中非, 南亚) often appears straddling two words (欧美|国家).
Segmentation is never used to FIND matches (it splits real terms apart, see
../shared/research/PERFORMANCE.md); it only vetoes a short match that starts inside a
word, or ends inside one at a point where even the fine-grained (search-mode)
segmentation sees no break. So 欧美国家 yields no 美国 and 青海西宁 no 海西, while 中美关系,
one word to jieba, still yields 中美 (search mode splits it as 中美|关系).

jieba's segmentation is computed by rjieba, the Rust port of jieba with the same
dictionary and the same algorithm (run without the HMM, so every word is a dictionary
word): it gives jieba's cuts at about twenty times jieba's speed, and a test holds the two
to the same cuts on real text. Only a window of the sentence around each short match is
segmented, and windows are cached.

Most short matches need no segmentation at all: without its HMM, jieba can only put a
word across the start of a match if some dictionary word holds the two characters on
either side of that start (likewise for the end). Half of the short matches in a year of
news have a pair on neither side that any dictionary word holds, and are kept at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from enum import Enum
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from pathlib import Path

from phrasebook.match.sentences import sentence_window

PKUSEG_MODEL_ENV = "PHRASEBOOK_PKUSEG_MODEL"
WINDOW = 8
_DICTIONARY_WORD = re.compile(r"^(\S{2,}) ", re.MULTILINE)
Cuts = Callable[[str], frozenset[int]]


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
        import rjieba

        # rjieba.cut is about twice as fast as rjieba.tokenize; the cuts are the running
        # sums of the word lengths.
        def precise(text: str) -> frozenset[int]:
            return frozenset(accumulate(map(len, rjieba.cut(text, hmm=False)), initial=0))

        def fine(text: str) -> frozenset[int]:
            return frozenset(p for _, start, end in rjieba.tokenize(text, mode="search", hmm=False) for p in (start, end))

        dictionary_pairs()
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


@lru_cache(maxsize=1)
def dictionary_pairs() -> frozenset[str]:
    """Every two adjacent characters inside a word of jieba's dictionary (about 300,000)."""
    text = (resources.files("jieba") / "dict.txt").read_text(encoding="utf-8")
    return frozenset(word[i : i + 2] for word in _DICTIONARY_WORD.findall(text) for i in range(len(word) - 1))


def may_straddle(text: str, start: int, end: int) -> bool:
    """False when no jieba word can cross either edge of [start, end) (see the module notes)."""
    pairs = dictionary_pairs()
    return text[max(start - 1, 0) : start + 1] in pairs or text[end - 1 : end + 1] in pairs


def straddles(text: str, start: int, end: int, segmenter: Segmenter) -> bool:
    """True when [start, end) starts inside a word, or ends inside one with no fine break."""
    if segmenter is Segmenter.jieba and not may_straddle(text, start, end):
        return False
    return segmentation_straddles(text, start, end, segmenter)


def segmentation_straddles(text: str, start: int, end: int, segmenter: Segmenter) -> bool:
    """:func:`straddles` decided by segmenting at most WINDOW characters either side of the
    span, within its sentence."""
    precise_cuts, fine_cuts = segmenter_cuts(segmenter)
    left, right = sentence_window(text, start, end, WINDOW)
    window = text[left:right]
    precise = precise_cuts(window)
    if start - left not in precise:
        return True
    return end - left not in precise and end - left not in fine_cuts(window)


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
