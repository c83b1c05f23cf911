"""Make text searchable while keeping a map back to the original offsets.

Matching runs on normalised text: traditional characters converted to simplified
(OpenCC), full-width letters and digits folded to ASCII, dash variants folded to one
dash, and line breaks or spaces that split a Chinese word removed (PDF wraps such as
辐射\\n中心). Every match is reported in the ORIGINAL text, through ``Normalized.to_original``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from statistics import median

import opencc

from phrasebook.language import CJK, CJK_RANGES, HEADING, IS_CJK
from phrasebook.normalize_scan import bitmap, holds_any, needs_normalizing

DASH = "—"
_DASHES = "‐‑‒–―－−﹣"
_FOLD = {ord(c): DASH for c in _DASHES}
_FOLD.update({0xFF10 + i: chr(0x30 + i) for i in range(10)})
_FOLD.update({0xFF21 + i: chr(0x41 + i) for i in range(26)})
_FOLD.update({0xFF41 + i: chr(0x61 + i) for i in range(26)})
_FOLD[0x3000] = " "
_FOLDABLE = re.compile("[" + re.escape("".join(map(chr, _FOLD))) + "]+")
# Runs of spaces or one line break; a run is removed only between two Chinese characters.
# Matching the run first (not a lookbehind) lets the regex engine skip ahead quickly.
_WORD_SPLIT = re.compile(r"[ \t\u00a0]+\r?\n?[ \t\u00a0]*|\r\n?[ \t\u00a0]*|\n[ \t\u00a0]*")
_SPACES_ONLY = re.compile(r"[ \t\u00a0]+")
# An ASCII hyphen is a dash only between Chinese characters (中国-东盟), not in 2021-2025.
_HYPHEN_IN_CJK = re.compile(rf"(?<=[{CJK}])-(?=[{CJK}])")
# One line break between two Chinese characters: a wrap in mid-sentence when the line
# before it is long and neither line is a numbered heading (see _mid_sentence_breaks).
_MID_BREAK = re.compile(rf"(?<=[{CJK}])[ \t\u00a0\u3000]*\n[ \t\u00a0\u3000]*(?=[{CJK}])")
MIN_WRAPPED_LINE = 12
# Pinyin in brackets after a character, as some web pages annotate them: 發(fā)展, 中（zhōng）心.
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN = re.compile(rf"(?<=[{CJK}])[(（][a-z{_TONES}]{{1,7}}[)）]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_characters() -> str:
    """Every CJK character that OpenCC changes on its own."""
    block = "".join(chr(code) for code in range(0x3400, 0xA000))
    return "".join(a for a, b in zip(block, _converter().convert(block)) if a != b)


@lru_cache(maxsize=1)
def _traditional_bitmap() -> bytes:
    """The test for 'needs converting', as a compiled scan's bitmap."""
    return bitmap(_traditional_characters())


@lru_cache(maxsize=2)
def _changing(join_lines: bool) -> bytes:
    """Every character that some step below would change or remove (a line break only
    when lines are joined; otherwise one after a Chinese character, see
    :func:`needs_normalizing`): most texts have none, and one scan settles it."""
    breaks = "\r\n" if join_lines else ""
    return bitmap(_traditional_characters() + "".join(map(chr, _FOLD)) + "- \t\u00a0" + breaks)


@lru_cache(maxsize=1)
def _pinyin_letters() -> bytes:
    return bitmap("abcdefghijklmnopqrstuvwxyz" + _TONES)


@lru_cache(maxsize=1)
def _chinese_characters() -> bytes:
    return bitmap("".join(chr(code) for first, last in CJK_RANGES for code in range(first, last + 1)))


def to_simplified(text: str) -> str:
    """Traditional to simplified, one character for one so that offsets stay put."""
    if not holds_any(text, _traditional_bitmap()):
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    convert = _converter().convert
    return "".join(c if len(c := convert(ch)) == 1 else ch for ch in text)


def fold(text: str) -> str:
    """Width and dash folding; one character for one. Only the runs that change are
    translated: ``str.translate`` looks every character of a long text up in the table."""
    text = _FOLDABLE.sub(_folded, text)
    return _HYPHEN_IN_CJK.sub(DASH, text) if "-" in text else text


def _folded(run: re.Match[str]) -> str:
    return run.group().translate(_FOLD)


def looks_hard_wrapped(text: str) -> bool:
    """True for text broken into lines of similar width mid-sentence (PDF or e-mail wraps).

    That is: at least five lines of 8 or more characters, over half of them ending on a
    Chinese character, and over half within 3 characters of the median width.
    """
    if len(text) < 5 * 8:
        return False
    lines = [line for line in map(str.strip, text.splitlines()) if len(line) >= 8]
    if len(lines) < 5:
        return False
    if 2 * sum(1 for line in lines if IS_CJK.match(line, len(line) - 1)) <= len(lines):
        return False
    width = median(map(len, lines))
    return 2 * sum(1 for line in lines if abs(len(line) - width) <= 3) > len(lines)


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, where characters were removed, where and how many.

    For each place where characters were removed, ``gap_positions`` holds the position in
    the normalised text just after it and ``gap_shifts`` the number removed up to there
    (both ascending): a sparse map, so a long text with a few joined lines costs a few
    entries.
    """

    original: str
    text: str
    gap_positions: tuple[int, ...] = ()
    gap_shifts: tuple[int, ...] = ()

    def _original_position(self, position: int) -> int:
        index = bisect.bisect_right(self.gap_positions, position) - 1
        return position if index < 0 else position + self.gap_shifts[index]

    @cached_property
    def _original_gap_ends(self) -> tuple[int, ...]:
        return tuple(position + shift for position, shift in zip(self.gap_positions, self.gap_shifts))

    def to_normalized(self, position: int) -> int:
        """Where original ``position`` is in the normalised text (a removed character maps
        to the place where its gap was)."""
        if not self.gap_positions:
            return position
        index = bisect.bisect_right(self._original_gap_ends, position) - 1
        if index + 1 < len(self.gap_positions):
            following = index + 1
            removed_here = self.gap_shifts[following] - (self.gap_shifts[index] if index >= 0 else 0)
            if position >= self._original_gap_ends[following] - removed_here:
                return self.gap_positions[following]
        return position if index < 0 else position - self.gap_shifts[index]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        if not self.gap_positions:
            return start, end
        if start == end:
            return (position := self._original_position(start)), position
        return self._original_position(start), self._original_position(end - 1) + 1


def _removable_gaps(text: str, splitter: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of ``splitter`` runs that lie between two Chinese characters."""
    return [
        found.span()
        for found in splitter.finditer(text)
        if 0 < found.start()
        and found.end() < len(text)
        and IS_CJK.match(text, found.start() - 1)
        and IS_CJK.match(text, found.end())
    ]


def _mid_sentence_breaks(text: str) -> list[tuple[int, int]]:
    """Line breaks (with the spaces around them) that wrap a sentence: one break between two
    Chinese characters, after a line of at least MIN_WRAPPED_LINE characters, where neither
    line is a numbered heading (一、, （二）, 3.). A report's headings end their line without
    punctuation too; their numbers tell them apart."""
    gaps = []
    for found in _MID_BREAK.finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        line = text[line_start : found.start()]
        if len(line.strip()) >= MIN_WRAPPED_LINE and not HEADING.match(line) and not HEADING.match(text, found.end()):
            gaps.append(found.span())
    return gaps


def _pinyin_annotations(text: str) -> list[tuple[int, int]]:
    """Bracketed pinyin after a character (發(fā)展): removed when it carries a tone mark."""
    return [found.span() for found in _PINYIN.finditer(text) if any(ch in _TONES for ch in found.group())]


def normalize(text: str, join_lines: bool | None = None) -> Normalized:
    """Normalise ``text``; join wrapped lines when ``join_lines`` (default: if it looks wrapped,
    else only the single breaks that wrap a sentence)."""
    if join_lines is None:
        join_lines = looks_hard_wrapped(text)
    if not needs_normalizing(text, _changing(join_lines), _pinyin_letters(), _chinese_characters()):
        return Normalized(text, text)
    folded = fold(to_simplified(text))
    gaps = _removable_gaps(folded, _WORD_SPLIT if join_lines else _SPACES_ONLY)
    if not join_lines:
        gaps += _mid_sentence_breaks(folded)
    gaps += _pinyin_annotations(folded)
    gaps = sorted(gaps)
    if not gaps:
        return Normalized(text, folded)
    pieces: list[str] = []
    positions: list[int] = []
    shifts: list[int] = []
    position = removed = 0
    for gap_start, gap_end in gaps:
        pieces.append(folded[position:gap_start])
        removed += gap_end - gap_start
        positions.append(gap_end - removed)
        shifts.append(removed)
        position = gap_end
    pieces.append(folded[position:])
    return Normalized(text, "".join(pieces), tuple(positions), tuple(shifts))
