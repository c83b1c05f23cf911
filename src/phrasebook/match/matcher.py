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

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs

from phrasebook.errors import LexiconError, Problem, TemplateError
from phrasebook.language import STOPS, crosses_sentence_end
from phrasebook.lexicon.model import Entry, Lexicon
from phrasebook.match.boundaries import Segmenter, prepare, straddles
from phrasebook.match.context import Rules
from phrasebook.match.templates import CompiledTemplate, compile_template

SHORT_TERM = 2
"""Place names of this many characters or fewer must not straddle a word boundary.

Formulations are exempt: their short forms (外办 in 中央外办, 友城) sit inside longer words
by design, and their context rules say where they do not count."""
_VIA_RANK = {"literal": 0, "abbreviation": 0, "pattern": 1}
_AT_START, _AT_END, _AT_ENTRY, _AT_VIA, _AT_CHECK = 0, 6, 7, 8, 9
_STOP, _BREAK = 1, 2


class Match(NamedTuple):
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


@dataclass(frozen=True, slots=True)
class _Candidate:
    """What one automaton hit of a form may become, worked out once when the matcher is built."""

    entry: Entry
    lead: int
    via: str
    lexicon_index: int
    rules: Rules | None
    check_boundary: bool
    negative_priority: int
    via_rank: int


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
        self._templates = self._compile_templates(lexicon)
        self._template_rules = [Rules.compile(self._entries[index].rules) for index, _ in self._templates]
        # Each template's anchor goes into the automaton too (a form that no entry claims,
        # if need be): a template runs only on a text where the scan saw its anchor.
        anchored: dict[str, list[int]] = defaultdict(list)
        self._unanchored = frozenset(i for i, (_, template) in enumerate(self._templates) if not template.anchor)
        for template_index, (_, template) in enumerate(self._templates):
            if template.anchor:
                anchored[template.anchor].append(template_index)
                claims.setdefault(template.anchor, [])
        # Sentence ends are forms of the automaton too, so the one scan also counts sentences.
        for mark in [*STOPS, "\n"]:
            claims.setdefault(mark, [])
        self._surfaces = list(claims)
        self._sentence_mark = [_BREAK if s == "\n" else _STOP if s in STOPS else 0 for s in self._surfaces]
        self._candidates = [
            tuple(self._candidate(claim, s) for claim in self._strongest(claims[s])) for s in self._surfaces
        ]
        self._anchored = [tuple(anchored.get(s, ())) for s in self._surfaces]
        self._automaton = ahocorasick_rs.AhoCorasick(self._surfaces, matchkind=ahocorasick_rs.MatchKind.Standard)
        prepare(segmenter)

    def _strongest(self, claims: list[_Claim]) -> list[_Claim]:
        """Of several entries of one layer claiming one form, keep those of the highest priority."""
        top: dict[bool, int] = {}
        for claim in claims:
            entry = self._entries[claim.entry_index]
            layer = is_formulation(entry)
            top[layer] = max(top.get(layer, entry.priority), entry.priority)
        return [c for c in claims if self._entries[c.entry_index].priority == top[is_formulation(self._entries[c.entry_index])]]

    def _candidate(self, claim: _Claim, surface: str) -> _Candidate:
        entry = self._entries[claim.entry_index]
        return _Candidate(
            entry,
            claim.lead,
            claim.via,
            claim.entry_index,
            Rules.compile(entry.rules),
            claim.via == "literal" and not is_formulation(entry) and len(surface) <= SHORT_TERM,
            -entry.priority,
            _VIA_RANK[claim.via],
        )

    def _compile_templates(self, lexicon: Lexicon) -> list[tuple[int, CompiledTemplate]]:
        """Compile every template; refuse, with the others, forms that cross a sentence end."""
        slots = slot_words(lexicon)
        compiled: list[tuple[int, CompiledTemplate]] = []
        problems: list[Problem] = []
        for index, entry in enumerate(self._entries):
            for form in [*entry.surfaces, *(form for form, _ in entry.led_surfaces)]:
                if crosses_sentence_end(form):
                    problems.append(
                        Problem(entry.origin.path, entry.origin.line, f"{entry.id}: form {form!r} holds a sentence end; a match may not cross one")
                    )
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
        # Candidates are plain tuples, so that sorting them is the overlap policy itself:
        # earliest start, longest span, higher priority, literal before template, lexicon
        # order, then the order found; the end, entry, route and whether the boundary check
        # applies follow (indices _AT_*).
        candidates: list[tuple[int, int, int, int, int, int, int, Entry, str, bool]] = []
        add = candidates.append
        anchors_seen = set(self._unanchored)
        anchored, candidates_of, segmenter, marks = self._anchored, self._candidates, self.segmenter, self._sentence_mark
        # A sentence ends at a run of stops (with closing quotes) or of line breaks; the
        # sentence of a match is the number of runs that start before it. No lexicon form
        # or template holds a stop or a line break (refused when the matcher is built), so
        # a stop or a break is never anything else, and no match starts inside a run.
        run_starts: list[int] = []
        stop_end = break_end = -1
        for surface_index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            mark = marks[surface_index]
            if mark == _STOP:
                if start != stop_end:
                    run_starts.append(start)
                stop_end = end
                continue
            if mark == _BREAK:
                if start != break_end:
                    run_starts.append(start)
                break_end = end
                continue
            if anchored[surface_index]:
                anchors_seen.update(anchored[surface_index])
            for c in candidates_of[surface_index]:
                begin = start + c.lead
                if c.rules is not None and c.rules.veto(text, begin, end):
                    continue
                add((begin, begin - end, c.negative_priority, c.via_rank, c.lexicon_index, len(candidates), end, c.entry, c.via, c.check_boundary))
        for template_index in sorted(anchors_seen):
            entry_index, template = self._templates[template_index]
            entry = self._entries[entry_index]
            rules = self._template_rules[template_index]
            for start, end in template.finditer(text):
                if rules is None or not rules.veto(text, start, end):
                    add((start, start - end, -entry.priority, _VIA_RANK["pattern"], entry_index, len(candidates), end, entry, "pattern", False))
        candidates.sort()
        # The boundary check (the costly one) runs only on a candidate that would otherwise
        # be chosen: skipping a vetoed one there is the same as never having listed it.
        if self.overlapping:
            chosen = _unique(c for c in candidates if not (c[_AT_CHECK] and straddles(text, c[_AT_START], c[_AT_END], segmenter)))
        else:
            chosen = []
            reached = {True: 0, False: 0}
            for candidate in candidates:
                layer = candidate[_AT_ENTRY].kind == "formulation"
                if candidate[_AT_START] >= reached[layer]:
                    if candidate[_AT_CHECK] and straddles(text, candidate[_AT_START], candidate[_AT_END], segmenter):
                        continue
                    chosen.append(candidate)
                    reached[layer] = candidate[_AT_END]
        return [Match(c[_AT_START], c[_AT_END], c[_AT_ENTRY], bisect.bisect_left(run_starts, c[_AT_START]), c[_AT_VIA]) for c in chosen]


def _unique(candidates: Iterable[tuple]) -> list[tuple]:
    """Drop repeats of one entry at one span (a form and a template may both find it)."""
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for candidate in candidates:
        key = (candidate[_AT_START], candidate[_AT_END], candidate[_AT_ENTRY].id)
        if key not in seen:
            seen.add(key)
            kept.append(candidate)
    return kept
