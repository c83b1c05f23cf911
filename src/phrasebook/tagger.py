"""Tagging one text: normalise, match, and report every match in the ORIGINAL text.

:class:`Tagger` is the library's entry point for a single text (``tagger.matches(text)``);
:mod:`phrasebook.pipeline` runs it over every document of a corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from phrasebook.language import sentence_end_run, sentence_spans
from phrasebook.lexicon import Lexicon, load_lexicon
from phrasebook.match.boundaries import Segmenter, as_segmenter
from phrasebook.match.matcher import VIAS, Matcher
from phrasebook.normalize import Normalized, normalize

CHUNK_CHARS = 500_000


class TextMatch(NamedTuple):
    """A match in the original text: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    entry_id: str
    kind: str
    family: str
    canonical: str
    role: str
    refers_to: str
    via: str
    sentence_index: int


@dataclass(frozen=True)
class TaggedText:
    """A text after tagging: its normalised form (with the map back), its matches (offsets
    in the original text) and, if asked, how many sentences it holds."""

    normalized: Normalized
    matches: list[TextMatch]
    sentences: int | None = None


class Tagger:
    """Find lexicon entries in raw text; build once and reuse."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        overlapping: bool = False,
        segmenter: Segmenter | str = Segmenter.jieba,
    ) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.overlapping = overlapping
        self.segmenter = as_segmenter(segmenter)
        self._matcher = Matcher(self.lexicon, overlapping=overlapping, segmenter=self.segmenter)
        # The output fields of each entry, worked out once (refers_to can list 50 codes).
        self._fields = [
            (entry.id, entry.kind, entry.family, entry.canonical, entry.role or "", "|".join(entry.refers_to))
            for entry in self.lexicon.entries
        ]

    def matches(self, text: str, *, join_lines: bool | None = None) -> list[TextMatch]:
        """Every match in ``text``, with offsets into ``text`` itself."""
        return self.tag(text, join_lines=join_lines).matches

    def tag(self, text: str, *, join_lines: bool | None = None, count_sentences: bool = False, first_sentence: int = 0) -> TaggedText:
        """Normalise and match ``text``, numbering its sentences from ``first_sentence``;
        with ``count_sentences``, also count them (a text read in parts needs the count to
        number the next part's sentences)."""
        normalized = normalize(text, join_lines)
        found: list[TextMatch] = []
        add = found.append
        make = TextMatch._make
        sentence_base = first_sentence
        chunks = list(_chunks(normalized.text))
        fields = self._fields
        to_original = normalized.to_original
        for index, (offset, chunk) in enumerate(chunks):
            for match_start, match_end, entry_index, via, sentence in self._matcher.spans(chunk):
                start, end = to_original(offset + match_start, offset + match_end)
                add(make((start, end, text[start:end], *fields[entry_index], VIAS[via], sentence_base + sentence)))
            if count_sentences or index + 1 < len(chunks):
                sentence_base += len(sentence_spans(chunk))
        return TaggedText(normalized, found, sentence_base - first_sentence if count_sentences else None)


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split after a run of line breaks (or of sentence stops) so that no match can straddle
    two chunks and no run of sentence ends is split (the sentence count stays that of the
    whole text)."""
    start = 0
    while len(text) - start > CHUNK_CHARS:
        cut = text.find("\n", start + CHUNK_CHARS)
        if cut == -1:
            cut = text.find("。", start + CHUNK_CHARS)
        if cut == -1:
            break
        end_of_run = sentence_end_run(text, cut)
        yield start, text[start:end_of_run]
        start = end_of_run
    yield start, text[start:]


def text_size(text: str) -> int:
    """Characters that count towards rates: Chinese characters and every other non-space one."""
    return sum(map(len, text.split()))
