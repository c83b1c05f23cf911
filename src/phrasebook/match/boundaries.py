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
segmented, and the decisions are cached by window.

Most short matches need no segmentation at all. Without its HMM, jieba can put a word
across an edge of a match (between characters a and b) only if its dictionary has a word
that crosses there: the two-character word ab, or a longer word holding a three-character
run of the text through that edge (xab or aby). When the dictionary has neither for
either edge, the match is kept at once: about two thirds of the short matches in a year
of news.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable
from enum import Enum
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from phrasebook.errors import UsageError
from phrasebook.language import sentence_window
from phrasebook.match.scanner import CrossingSet

WINDOW = 8
_DICTIONARY_WORD = re.compile(r"^(\S{2,}) ", re.MULTILINE)
Cuts = Callable[[str], frozenset[int]]
Decision = Callable[[str, int, int], bool]


class Segmenter(str, Enum):
    jieba = "jieba"
    pkuseg = "pkuseg"


def as_segmenter(name: Segmenter | str) -> Segmenter:
    """The segmenter of that name; a :class:`UsageError` listing the others otherwise."""
    try:
        return Segmenter(name)
    except ValueError:
        raise UsageError(f"unknown segmenter {name!r}; choose one of {', '.join(s.value for s in Segmenter)}") from None


def segmenter_cuts(segmenter: Segmenter) -> tuple[Cuts, Cuts]:
    """For a text: (its word boundaries, the extra boundaries of fine-grained segmentation).

    pkuseg's model is found by :func:`phrasebook.pkuseg_model.model_dir` (an error that
    says how to install one when there is none) and loaded once per model folder.
    """
    if segmenter is Segmenter.jieba:
        return _jieba_cuts()
    from phrasebook.pkuseg_model import model_dir

    return _pkuseg_cuts(str(model_dir()))


@lru_cache(maxsize=1)
def _jieba_cuts() -> tuple[Cuts, Cuts]:
    import rjieba

    # rjieba.cut is about twice as fast as rjieba.tokenize; the cuts are the running
    # sums of the word lengths.
    def precise(text: str) -> frozenset[int]:
        return frozenset(accumulate(map(len, rjieba.cut(text, hmm=False)), initial=0))

    def fine(text: str) -> frozenset[int]:
        return frozenset(p for _, start, end in rjieba.tokenize(text, mode="search", hmm=False) for p in (start, end))

    return precise, fine


@lru_cache(maxsize=2)
def _pkuseg_cuts(folder: str) -> tuple[Cuts, Cuts]:
    from phrasebook.pkuseg_model import load_segmenter

    model = load_segmenter(folder)

    def pkuseg_cuts(text: str) -> frozenset[int]:
        return frozenset(accumulate(map(len, model.cut(text)), initial=0))

    return pkuseg_cuts, lambda text: frozenset()


_decisions: dict[Segmenter, Decision] = {}
_decided_with: dict[Segmenter, tuple[Cuts, Cuts]] = {}


def window_decision(segmenter: Segmenter) -> Decision:
    """Whether [start, end) straddles a word of ``window``; cached (a bool per window and span)."""
    if segmenter not in _decisions:
        precise_cuts, fine_cuts = _decided_with[segmenter] = segmenter_cuts(segmenter)

        @lru_cache(maxsize=100_000)
        def decide(window: str, start: int, end: int) -> bool:
            precise = precise_cuts(window)
            if start not in precise:
                return True
            return end not in precise and end not in fine_cuts(window)

        _decisions[segmenter] = decide
    return _decisions[segmenter]


def crossing_sequences() -> str:
    """What jieba's dictionary can put across an edge: its two-character words, and every
    three-character run inside its longer words, one per line. Built from jieba's own
    dictionary file (about 0.5 s) once per jieba install, then read from the user's cache.
    The dictionary is found without importing jieba (0.15 s that a run does not need)."""
    from phrasebook.cache import read_cached, write_cached

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed; reinstall phrasebook")
    path = Path(spec.submodule_search_locations[0]) / "dict.txt"
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}\n{stat.st_size}\n{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    cached = read_cached("jieba-crossings", key)
    if cached is not None:
        return cached
    words = _DICTIONARY_WORD.findall(path.read_text(encoding="utf-8"))
    pairs = (word for word in words if len(word) == 2)
    triples = (word[i : i + 3] for word in words if len(word) > 2 for i in range(len(word) - 2))
    found = "\n".join(sorted({*pairs, *triples}))
    write_cached("jieba-crossings", key, found)
    return found


def may_straddle(text: str, start: int, end: int) -> bool:
    """False when no jieba word can cross either edge of [start, end) (see the module notes).

    At an edge between a and b, the pair ab and the runs xab and aby are looked up, in the
    compiled set of :func:`crossing_set`. jieba also joins runs of ASCII letters and digits
    (G20), so an edge between two of those may be crossed too.
    """
    return crossing_set().may_straddle(text, start, end)


@lru_cache(maxsize=1)
def crossing_set() -> CrossingSet:
    """:func:`crossing_sequences` as the compiled scanner's hash set (about 0.03 s from the cache)."""
    return CrossingSet(crossing_sequences())


def segmentation_straddles(text: str, start: int, end: int, segmenter: Segmenter) -> bool:
    """True when [start, end) starts inside a word, or ends inside one with no fine break,
    decided by segmenting at most WINDOW characters either side of the span, within its
    sentence. (The matcher asks only after :func:`may_straddle` said a word may cross.)"""
    left, right = sentence_window(text, start, end, WINDOW)
    return window_decision(segmenter)(text[left:right], start - left, end - left)


def prepare(segmenter: Segmenter) -> None:
    """Load the segmenter now, so that an unavailable one fails before any work; decisions
    cached with another pkuseg model than the one now in use are dropped. (jieba's crossing
    sequences are read on first use: a run with nothing to tag never needs them.)"""
    current = segmenter_cuts(segmenter)
    if _decided_with.get(segmenter, current) is not current:
        del _decisions[segmenter], _decided_with[segmenter]
    window_decision(segmenter)


def clear_caches() -> None:
    """Forget cached decisions (benchmarks measure a run that starts cold)."""
    for decide in _decisions.values():
        decide.cache_clear()  # type: ignore[attr-defined]
