"""The boundary veto's shortcuts against plain jieba, on real text.

Two shortcuts keep the veto fast: jieba's cuts come from rjieba (the Rust port), and a
match across whose edges no dictionary word can lie is kept without segmenting. Both must
give exactly what segmenting with jieba itself gives.
"""

from __future__ import annotations

import logging
from pathlib import Path

import ahocorasick_rs
import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebook.lexicon import Lexicon
from phrasebook.match.boundaries import (
    Segmenter,
    may_straddle,
    segmentation_straddles,
    segmenter_cuts,
)
from phrasebook.match.matcher import SHORT_TERM
from phrasebook.match.scanner import CrossingSet
from phrasebook.normalize import normalize


@pytest.fixture(scope="module")
def report_texts(shared_corpus: Path) -> list[str]:
    paths = sorted((shared_corpus / "national_gwr").glob("*.txt"))[-6:] + sorted((shared_corpus / "provincial_gwr").glob("*.txt"))
    return [normalize(path.read_text(encoding="utf-8")).text for path in paths]


def test_rjieba_cuts_are_jiebas_cuts(report_texts: list[str]) -> None:
    jieba.setLogLevel(logging.WARNING)
    precise, fine = segmenter_cuts(Segmenter.jieba)
    windows = [text[i : i + 3 + i % 23] for text in report_texts[:6] for i in range(0, len(text) - 30, 7)]
    assert len(windows) > 5_000
    for window in windows:
        expected_precise = frozenset([0, *(end for _, _, end in jieba.tokenize(window, HMM=False))])
        expected_fine = frozenset(p for _, s, e in jieba.tokenize(window, mode="search", HMM=False) for p in (s, e))
        assert precise(window) == expected_precise, window
        assert fine(window) == expected_fine, window


def test_the_dictionary_shortcut_never_skips_a_straddling_match(lexicon: Lexicon, report_texts: list[str]) -> None:
    short_places = sorted({s for e in lexicon.entries if e.kind != "formulation" for s in e.surfaces if len(s) <= SHORT_TERM})
    automaton = ahocorasick_rs.AhoCorasick(short_places)
    straddling = skipped = 0
    for text in report_texts:
        for _, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
            if segmentation_straddles(text, start, end, Segmenter.jieba):
                straddling += 1
                assert may_straddle(text, start, end), text[max(0, start - 8) : end + 8]
            elif not may_straddle(text, start, end):
                skipped += 1
    # The check is only meaningful if real text has both kinds of match.
    assert straddling > 20 and skipped > 100


def test_a_word_that_may_cross_an_edge_means_segmenting() -> None:
    # 欧美 is a dictionary word, so 美国 in 欧美国家 must be segmented (and is vetoed).
    assert may_straddle("欧美国家", 1, 3)
    assert segmentation_straddles("欧美国家", 1, 3, Segmenter.jieba)
    # 海西 in 青海西宁: 青海 is a word, so the start edge needs segmenting.
    assert may_straddle("青海西宁", 1, 3)
    assert segmentation_straddles("青海西宁", 1, 3, Segmenter.jieba)
    # Punctuation on both sides: no word can cross, whatever the dictionary holds.
    assert not may_straddle("、美国、", 1, 3)
    # jieba joins ASCII letters and digits into one token, dictionary or not.
    assert may_straddle("EUR", 0, 2) and segmentation_straddles("EUR", 0, 2, Segmenter.jieba)


def _may_straddle_by_definition(text: str, start: int, end: int, crossing: set[str]) -> bool:
    """The shortcut as plain Python: at each edge inside the text, the pair across it, the
    runs of three through it, or two ASCII letters or digits."""

    def crossed(edge: int) -> bool:
        if not 0 < edge < len(text):
            return False
        pair = text[edge - 1 : edge + 1]
        runs = [text[edge - 1 : edge + 2]] if edge + 1 < len(text) else []
        runs += [text[edge - 2 : edge + 1]] if edge >= 2 else []
        return pair in crossing or any(run in crossing for run in runs) or (pair.isascii() and pair.isalnum())

    return crossed(start) or crossed(end)


@settings(max_examples=300, deadline=None)
@given(
    sequences=st.sets(st.text(alphabet="甲乙丙a1𠀀", min_size=2, max_size=3), max_size=20),
    text=st.text(alphabet="甲乙丙a1𠀀。", min_size=1, max_size=30),
    data=st.data(),
)
def test_the_compiled_crossing_set_is_the_definition(sequences, text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    crossing = CrossingSet("\n".join(sorted(sequences)))
    assert crossing.may_straddle(text, start, end) == _may_straddle_by_definition(text, start, end, sequences)


def test_a_malformed_crossing_line_is_refused_with_its_number():
    with pytest.raises(ValueError, match="line 2 .* 4 characters"):
        CrossingSet("美国\n欧美国家\n国家")
