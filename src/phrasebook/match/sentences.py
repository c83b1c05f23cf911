"""Sentences: a sentence ends at 。！？；… (with any closing quotes) or a line end."""

from __future__ import annotations

import bisect
import re

STOPS = "。！？；!?;…"
"""Characters that end a sentence (with any closing quotes after them); so does a line break."""
CLOSERS = "”’」』）)"
_END = re.compile(f"[{STOPS}]+[{CLOSERS}]*|\n+")


def crosses_sentence_end(form: str) -> bool:
    """True for a form holding a stop or a line break; the matcher refuses such forms."""
    return any(ch in STOPS or ch in "\r\n" for ch in form)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every sentence, covering the whole text in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end_mark in _END.finditer(text):
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
    found = _END.match(text, position)
    return found.end() if found else position + 1


def sentence_window(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """[left, right): up to ``reach`` characters either side of [start, end), within its sentence.

    (Closing quotes that end the previous sentence are left in when the window starts
    among them: punctuation, which no segmenter joins to a word.)
    """
    left, right = max(0, start - reach), min(len(text), end + reach)
    for end_mark in _END.finditer(text, left, right):
        if end_mark.end() <= start:
            left = end_mark.end()
        elif end_mark.start() >= end:
            return left, end_mark.end()
    return left, right
