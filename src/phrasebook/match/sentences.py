"""Sentence spans: a sentence ends at 。！？；… or a line end."""

from __future__ import annotations

import bisect
import re

_END = re.compile(r"[。！？；!?;…]+[”’」』）)]*|\n+")


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
