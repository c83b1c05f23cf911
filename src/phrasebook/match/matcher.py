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
from functools import partial
from typing import NamedTuple

from phrasebook.errors import LexiconError, Problem, TemplateError
from phrasebook.language import STOPS, crosses_sentence_end
from phrasebook.lexicon.model import Entry, Lexicon
from phrasebook.match.boundaries import Segmenter, crossing_set, prepare, segmentation_straddles
from phrasebook.match.context import Rules
from phrasebook.match.scanner import Candidates, Scanner, choose
from phrasebook.match.templates import CompiledTemplate, compile_template

SHORT_TERM = 2
"""Place names of this many characters or fewer must not straddle a word boundary.

Formulations are exempt: their short forms (外办 in 中央外办, 友城) sit inside longer words
by design, and their context rules say where they do not count."""
_VIA_RANK = {"literal": 0, "abbreviation": 0, "pattern": 1}
VIAS = ("literal", "abbreviation", "pattern")
"""How a match was found, by the via code of :meth:`Matcher.spans`."""
_PATTERN = VIAS.index("pattern")
_HALF_WIDTH_BRACKETS = str.maketrans("（）", "()")


def bracket_variants(surface: str) -> tuple[str, ...]:
    """The other spelling of a form written with full-width brackets: web pages write
    中欧(中亚)班列 and 刚果(金) with ASCII ones, and the normaliser leaves brackets alone
    (pinyin and headings are read in both widths). Editors write one spelling."""
    variant = surface.translate(_HALF_WIDTH_BRACKETS)
    return (variant,) if variant != surface else ()


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
                for variant in bracket_variants(surface):
                    if variant not in entry.surfaces:
                        claims[variant].append(_Claim(index, 0, "literal"))
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
        self._surfaces = list(claims)
        # Each entry's context rules as the scanner takes them: a list of (not_inside,
        # not_before, not_after), and for each entry its index there, or -1.
        scanner_rules: list[tuple[tuple[str, ...], ...]] = []
        rules_of_entry: list[int] = []
        for entry in self._entries:
            rules = Rules.compile(entry.rules)
            rules_of_entry.append(-1 if rules is None else len(scanner_rules))
            if rules is not None:
                scanner_rules.append((rules.not_inside, rules.not_before, rules.not_after))
        self._anchored = [tuple(anchored.get(s, ())) for s in self._surfaces]
        self._anchor_surfaces = [i for i, templates in enumerate(self._anchored) if templates]
        self._scanner = Scanner(
            self._surfaces,
            [[self._claim_record(claim, s, rules_of_entry) for claim in self._strongest(claims[s])] for s in self._surfaces],
            scanner_rules,
            STOPS,
        )
        self._segmentation_straddles = partial(segmentation_straddles, segmenter=segmenter)
        prepare(segmenter)

    def _strongest(self, claims: list[_Claim]) -> list[_Claim]:
        """Of several entries of one layer claiming one form, keep those of the highest priority."""
        top: dict[bool, int] = {}
        for claim in claims:
            entry = self._entries[claim.entry_index]
            layer = is_formulation(entry)
            top[layer] = max(top.get(layer, entry.priority), entry.priority)
        return [c for c in claims if self._entries[c.entry_index].priority == top[is_formulation(self._entries[c.entry_index])]]

    def _claim_record(self, claim: _Claim, surface: str, rules_of_entry: list[int]) -> tuple[int, ...]:
        """What a hit of ``surface`` may become, as the scanner's record (see :class:`Scanner`)."""
        entry = self._entries[claim.entry_index]
        check = claim.via == "literal" and not is_formulation(entry) and len(surface) <= SHORT_TERM
        return (
            claim.lead, claim.entry_index, -entry.priority, _VIA_RANK[claim.via], VIAS.index(claim.via),
            int(is_formulation(entry)), int(check), rules_of_entry[claim.entry_index],
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
        entries = self._entries
        return [Match(start, end, entries[index], sentence, VIAS[via]) for start, end, index, via, sentence in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int, int, int, int]]:
        """Matches in ``text`` as (start, end, lexicon index, via code, sentence) tuples.

        The compiled scanner lists the candidates of the lexicon's forms and counts
        sentence ends in one pass; the templates whose anchor it saw add theirs; then it
        sorts them by the overlap policy and chooses. A stop or a line break is never part
        of a match (forms and templates holding one are refused when the matcher is built),
        so the sentence of a match is the number of sentence-end runs that start before it.
        """
        found = Candidates()
        seen = bytearray(len(self._surfaces))
        run_starts = self._scanner.scan(text, found, seen)
        templates = {t for surface in self._anchor_surfaces if seen[surface] for t in self._anchored[surface]}
        for template_index in sorted(templates | self._unanchored):
            entry_index, template = self._templates[template_index]
            entry = self._entries[entry_index]
            rules = self._template_rules[template_index]
            for start, end in template.finditer(text):
                if rules is None or not rules.veto(text, start, end):
                    found.add(start, end, -entry.priority, _VIA_RANK["pattern"], entry_index, _PATTERN, int(is_formulation(entry)), 0)
        # jieba's dictionary settles most boundary checks without segmenting (boundaries.py).
        crossing = crossing_set() if self.segmenter is Segmenter.jieba else None
        return choose(text, found, run_starts, self.overlapping, crossing, self._segmentation_straddles)
