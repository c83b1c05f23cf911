"""The normaliser's compiled checks agree with their definition as regular expressions."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebook.language import CJK
from phrasebook.normalize import _FOLD, _TONES, _traditional_characters
from phrasebook.normalize_scan import bitmap, holds_any, needs_normalizing

# Simplified and traditional characters, every kind of space, break and dash, brackets,
# pinyin with and without tones, and characters stored with one, two and four bytes.
ALPHABET = "中国发展开放辐射心發開國對風乾a1zāǒ(（)）-－— \t\u00a0\u3000\r\n。，Ｇ２𠀀😀"
texts = st.text(alphabet=ALPHABET, max_size=40)


def changes_by_definition(text: str, join_lines: bool) -> bool:
    breaks = "\r\n" if join_lines else ""
    characters = re.escape(_traditional_characters() + "".join(map(chr, _FOLD)) + "- \t\u00a0" + breaks)
    return bool(re.search(f"[{characters}]|(?<=[{CJK}])\n|[(（](?=[a-z{_TONES}])", text))


@settings(max_examples=400, deadline=None)
@given(text=texts, join_lines=st.booleans())
def test_the_compiled_check_is_the_definition(text, join_lines):
    from phrasebook.normalize import _changing, _chinese_characters, _pinyin_letters

    assert needs_normalizing(text, _changing(join_lines), _pinyin_letters(), _chinese_characters()) == changes_by_definition(text, join_lines)
    assert holds_any(text, bitmap(_traditional_characters())) == bool(set(text) & set(_traditional_characters()))


@settings(max_examples=400, deadline=None)
@given(text=texts, join_lines=st.booleans())
def test_a_text_left_alone_is_one_that_no_step_would_change(text, join_lines):
    """Skipping normalisation is safe: where the check says no, every step, run in full
    without the check, leaves the text as it is."""
    from phrasebook.normalize import _SPACES_ONLY, _WORD_SPLIT, _converter, _mid_sentence_breaks, _pinyin_annotations, _removable_gaps, fold

    if not changes_by_definition(text, join_lines):
        assert fold(_converter().convert(text)) == text
        assert _removable_gaps(text, _WORD_SPLIT if join_lines else _SPACES_ONLY) == []
        assert _pinyin_annotations(text) == []
        assert join_lines or _mid_sentence_breaks(text) == []


def test_a_bitmap_refuses_characters_beyond_the_basic_plane():
    import pytest

    with pytest.raises(ValueError, match="Basic Multilingual Plane"):
        bitmap("😀")
    with pytest.raises(ValueError, match="8,192 bytes"):
        holds_any("中国", b"\x00")
