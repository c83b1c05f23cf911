"""What every discovery source hands back: a candidate with the places it occurs, and
the shape test that keeps function words off a candidate's edges.

An occurrence is a span of a tagged item's ORIGINAL text, so that its evidence (the
concordance line, the sentence an editor copies into the lexicon) reads as the
document does; candidates themselves are read on the normalised text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from phrasebook.language import sentence_window
from phrasebook.match.boundaries import WINDOW, Segmenter, segmenter_cuts
from phrasebook.normalize import Normalized
from phrasebook.pipeline import TaggedDocument

START_STOPS = frozenset("的了着过和与及或并而且是为被将于其之等也都又还就这那个该此们没很最让使给由因所即则但若至到把")
"""Characters no formulation starts with (particles, conjunctions, pronouns, adverbs)."""
END_STOPS = frozenset("的了着过和与及或并而且是为对把被将从向于以其之等也都又还就要这那个各每该此我们不很更最让使给由因所即则但如若至到在")
"""Characters no formulation ends with."""
NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")


def has_formulation_shape(text: str) -> bool:
    """No function word on either edge, and not two thirds numerals (二〇二五年 is a
    date; 一带一路 and 两个一百年 are formulations)."""
    if not text or text[0] in START_STOPS or text[-1] in END_STOPS:
        return False
    return sum(ch in NUMERALS for ch in text) * 3 <= len(text) * 2


@dataclass(frozen=True)
class Occurrence:
    """[start, end) of ``item.text`` (original offsets within the item)."""

    item: TaggedDocument
    start: int
    end: int

    @property
    def doc_id(self) -> str:
        return self.item.doc_id

    def sentence(self) -> str:
        """The original sentence that holds the occurrence, within the lines it is on (a
        title joined to its first paragraph is one sentence on two lines)."""
        text, spans = self.item.text, self.item.sentences
        index = max(bisect.bisect_right([start for start, _ in spans], self.start) - 1, 0)
        start, end = spans[index]
        line_end = text.find("\n", self.end)
        return text[max(start, text.rfind("\n", 0, self.start) + 1) : end if line_end == -1 else min(end, line_end)]


def occurrence(item: TaggedDocument, start: int, end: int) -> Occurrence:
    """The occurrence of the NORMALISED span [start, end) of ``item``."""
    original_start, original_end = item.normalized.to_original(start, end)
    return Occurrence(item, original_start, original_end)


def normalized_span(normalized: Normalized, start: int, end: int) -> tuple[int, int]:
    """The normalised span of the original span [start, end)."""
    return normalized.to_normalized(start), normalized.to_normalized(end - 1) + 1


def on_word_boundaries(occurrences: list[Occurrence], *, sample: int = 5) -> bool:
    """Whether jieba starts and ends a word at both edges in most of the first ``sample``
    occurrences (segmenting each one's sentence window): 中国特色社会 ends inside 社会主义
    and is a piece of a term, not a term."""
    precise = segmenter_cuts(Segmenter.jieba)[0]
    looked = occurrences[:sample]
    aligned = 0
    for found in looked:
        text = found.item.normalized.text
        start, end = normalized_span(found.item.normalized, found.start, found.end)
        left, right = sentence_window(text, start, end, WINDOW)
        cuts = precise(text[left:right])
        aligned += start - left in cuts and end - left in cuts
    return aligned * 2 > len(looked)


@dataclass
class Finding:
    """A candidate for the lexicon from one source, with every occurrence that supports it.

    ``frame`` says how it was found (a template with an opened slot, a role head, a
    rising period); ``filler`` is what filled the slot; ``pattern`` a template an editor
    may adopt instead of the literal form; ``family`` and ``role`` the suggested family
    and role class; ``rise`` the keyness figures of a rising term.
    """

    text: str
    source: str
    frame: str
    occurrences: list[Occurrence]
    filler: str = ""
    pattern: str = ""
    family: str = ""
    role: str = ""
    rise: dict[str, float | str] = field(default_factory=dict)
