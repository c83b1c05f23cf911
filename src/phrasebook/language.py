"""What every stage agrees on about Chinese text: which characters are Chinese, where a
sentence ends, and how a direction of opening-up is written.

One definition of each, here, low in the package: the reader, the normaliser, the
matcher, attribution and the concordance all import them, so no two stages can disagree
about the same text (which sentence a match is in, whether a line break joins two words).
"""

from __future__ import annotations

import bisect
import re

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
"""Chinese characters: CJK Extension A and the Unified Ideographs (first and last code point)."""
CJK = "".join(f"{chr(first)}-{chr(last)}" for first, last in CJK_RANGES)
"""The same as a regex class body."""
IS_CJK = re.compile(f"[{CJK}]")

CLAUSE_ENDS = "，。；：！？,;:!?\n"
"""Characters that end a clause: a phrase, a subject or a gap never reaches past one."""
LIST_JOINERS = ("、", "和", "及", "与", "以及")
"""What joins two items of one list: 上海、江苏和浙江; 驻香港、澳门总领馆; 在北京以及上海."""
SELF_REFERENCE = re.compile(r"(?:我|全|本)(?:省|区|市)")
"""How a provincial document names its own province (我省, 全区, 本市 ...)."""
STOPS = "。！？；!?;…"
"""Characters that end a sentence (with any closing quotes after them); so does a line break."""
CLOSERS = "”’」』）)"
"""Closing quotes and brackets that belong to the sentence they follow."""
SENTENCE_END = re.compile(f"[{STOPS}]+[{CLOSERS}]*|\n+")
"""One sentence end: a run of stops with its closing quotes, or a run of line breaks."""

DIRECTIONS = {
    "北": "north", "西": "west", "南": "south", "东": "east",
    "西南": "southwest", "东北": "northeast", "西北": "northwest", "东南": "southeast",
}
"""Chinese direction words and the ids the lexicon uses for them (向北开放 → north)."""
DIRECTION_WORDS = "|".join(sorted(DIRECTIONS, key=len, reverse=True))
"""The direction words as a regex alternation, two-character words first."""
DIRECTION_OF_OPENING = re.compile(f"向({DIRECTION_WORDS})(?:向(?:{DIRECTION_WORDS}))?开放")
"""向X开放 (and 向X向Y开放): the direction of opening-up; group 1 is the first direction."""


HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]+[、．.是]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、．.]|第[一二三四五六七八九十]+[，、章节部分条是])")
"""The number that opens a heading of a report: 一、 （二） (3) 4. 五是 第六，"""


def joins_list(gap: str) -> bool:
    """True when ``gap``, the text between two items, only joins them into one list (it is
    exactly one of LIST_JOINERS)."""
    return gap in LIST_JOINERS


def crosses_sentence_end(form: str) -> bool:
    """True for a form holding a stop or a line break; the matcher refuses such forms."""
    return any(ch in STOPS or ch in "\r\n" for ch in form)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every sentence, covering the whole text in order.

    A sentence includes the end that closes it. The matcher numbers sentences the same
    way during its scan (tests hold the two together).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for end_mark in SENTENCE_END.finditer(text):
        spans.append((start, end_mark.end()))
        start = end_mark.end()
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans


def sentence_of(starts: list[int], offset: int) -> int:
    """Index of the sentence holding ``offset``, given the sorted sentence starts."""
    return bisect.bisect_right(starts, offset) - 1


def sentence_end_run(text: str, position: int) -> int:
    """Where the run of sentence-end marks at ``position`` (a stop or a line break) ends."""
    found = SENTENCE_END.match(text, position)
    return found.end() if found else position + 1


def sentence_window(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """[left, right): up to ``reach`` characters either side of [start, end), within its sentence.

    (Closing quotes that end the previous sentence are left in when the window starts
    among them: punctuation, which no segmenter joins to a word.)
    """
    left, right = max(0, start - reach), min(len(text), end + reach)
    for end_mark in SENTENCE_END.finditer(text, left, right):
        if end_mark.end() <= start:
            left = end_mark.end()
        elif end_mark.start() >= end:
            return left, end_mark.end()
    return left, right


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the white space at either edge (a sentence as a reader sees it)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
