"""Find every lexicon entry in normalised text.

Overlap policy (documented in README): candidates come from one Aho-Corasick automaton
over every literal surface form (all overlapping hits) and from the compiled slot
templates; context rules and word-boundary checks veto candidates; then, by default,
matches are chosen leftmost-longest across all entries: the earliest start wins, then
the longest span, then the higher ``priority``, then a literal form over a template, then
lexicon order. Formulations and places are two layers, each chosen on its own: a place
named inside a formulation (南亚 in 面向南亚开放的重要通道, 中非 in 中非合作论坛) is still
reported, because attribution needs both. ``overlapping=True`` returns every surviving
candidate instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import ahocorasick_rs

from phrasebook.errors import LexiconError, Problem
from phrasebook.lexicon.model import Entry, Lexicon
from phrasebook.match.boundaries import BoundaryIndex, Segmenter, segmenter_cuts
from phrasebook.match.context import vetoed
from phrasebook.match.sentences import sentence_of, sentence_spans
from phrasebook.match.templates import CompiledTemplate, TemplateError, compile_template

SHORT_TERM = 2
"""Place names of this many characters or fewer must not straddle a word boundary.

Formulations are exempt: their short forms (外办 in 中央外办, 友城) sit inside longer words
by design, and their context rules say where they do not count."""
_VIA_RANK = {"literal": 0, "abbreviation": 0, "pattern": 1}


@dataclass(frozen=True, slots=True)
class Match:
    """One match in the text that was searched (offsets are character offsets)."""

    start: int
    end: int
    entry: Entry
    sentence: int
    via: str


@dataclass(frozen=True, slots=True)
class _Claim:
    entry_index: int
    lead: int
    via: str


def is_formulation(entry: Entry) -> bool:
    """The layer of an entry: formulations, or places (see the overlap policy above)."""
    return entry.kind == "formulation"


def slot_words(lexicon: Lexicon) -> dict[str, list[str]]:
    """Words each template slot may stand for: lexicon names plus slots.yaml lists."""
    names: dict[str, list[str]] = defaultdict(list)
    for entry in lexicon.entries:
        names[entry.kind.upper()].extend(entry.surfaces)
        if entry.family == "role_designation":
            names["ROLE"].extend(entry.surfaces)
    words = {name: list(forms) for name, forms in lexicon.slots.items()}
    words["PROVINCE"] = names["PROVINCE"]
    words["CITY"] = names["CITY"]
    words["REGION"] = names["REGION"]
    words["COUNTRY"] = names["COUNTRY"]
    words["ROLE"] = names["ROLE"]
    words["PLACE"] = names["PROVINCE"] + names["CITY"] + names["REGION"] + list(lexicon.slots.get("PLACE_EXTRA", ()))
    return words


class Matcher:
    """Compiled matcher over a whole lexicon; build once, call :meth:`find` per text."""

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        overlapping: bool = False,
        segmenter: Segmenter = Segmenter.jieba,
    ) -> None:
        self.lexicon = lexicon
        self.overlapping = overlapping
        self.segmenter = segmenter
        self._entries = lexicon.entries
        claims: dict[str, list[_Claim]] = defaultdict(list)
        for index, entry in enumerate(self._entries):
            for surface in entry.surfaces:
                claims[surface].append(_Claim(index, 0, "literal"))
            for surface, lead in entry.led_surfaces:
                claims[surface].append(_Claim(index, lead, "abbreviation"))
        self._surfaces = list(claims)
        self._claims = [self._strongest(claims[s]) for s in self._surfaces]
        self._automaton = ahocorasick_rs.AhoCorasick(self._surfaces, matchkind=ahocorasick_rs.MatchKind.Standard)
        self._templates = self._compile_templates(lexicon)
        self._order = {id(entry): i for i, entry in enumerate(self._entries)}
        segmenter_cuts(segmenter)  # load it now: an unavailable segmenter fails before any work

    def _strongest(self, claims: list[_Claim]) -> list[_Claim]:
        """Of several entries of one layer claiming one form, keep those of the highest priority."""
        top: dict[bool, int] = {}
        for claim in claims:
            entry = self._entries[claim.entry_index]
            layer = is_formulation(entry)
            top[layer] = max(top.get(layer, entry.priority), entry.priority)
        return [c for c in claims if self._entries[c.entry_index].priority == top[is_formulation(self._entries[c.entry_index])]]

    def _compile_templates(self, lexicon: Lexicon) -> list[tuple[int, CompiledTemplate]]:
        slots = slot_words(lexicon)
        compiled: list[tuple[int, CompiledTemplate]] = []
        problems: list[Problem] = []
        for index, entry in enumerate(self._entries):
            for template in entry.patterns:
                try:
                    compiled.append((index, compile_template(template, slots)))
                except TemplateError as exc:
                    problems.append(Problem(entry.origin.path, entry.origin.line, f"{entry.id}: template {template!r}: {exc}"))
        if problems:
            raise LexiconError(problems)
        return compiled

    def find(self, text: str) -> list[Match]:
        """Matches in ``text`` (already normalised), in text order."""
        spans = sentence_spans(text)
        starts = [start for start, _ in spans]
        boundaries = BoundaryIndex(text, spans, self.segmenter)
        candidates: list[Match] = []
        for surface_index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            for claim in self._claims[surface_index]:
                entry = self._entries[claim.entry_index]
                begin = start + claim.lead
                if vetoed(text, begin, end, entry.rules):
                    continue
                sentence = sentence_of(starts, begin)
                if (
                    claim.via == "literal"
                    and end - begin <= SHORT_TERM
                    and entry.kind != "formulation"
                    and boundaries.straddles(sentence, begin, end)
                ):
                    continue
                candidates.append(Match(begin, end, entry, sentence, claim.via))
        for entry_index, template in self._templates:
            entry = self._entries[entry_index]
            for start, end in template.finditer(text):
                if not vetoed(text, start, end, entry.rules):
                    candidates.append(Match(start, end, entry, sentence_of(starts, start), "pattern"))
        order = self._order
        candidates.sort(
            key=lambda m: (m.start, -(m.end - m.start), -m.entry.priority, _VIA_RANK[m.via], order[id(m.entry)])
        )
        if self.overlapping:
            return _unique(candidates)
        chosen: list[Match] = []
        reached = {True: 0, False: 0}
        for match in candidates:
            layer = is_formulation(match.entry)
            if match.start >= reached[layer]:
                chosen.append(match)
                reached[layer] = match.end
        return chosen


def _unique(matches: list[Match]) -> list[Match]:
    """Drop repeats of one entry at one span (a form and a template may both find it)."""
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for match in matches:
        key = (match.start, match.end, match.entry.id)
        if key not in seen:
            seen.add(key)
            kept.append(match)
    return kept
