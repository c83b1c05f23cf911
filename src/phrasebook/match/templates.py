"""Slot templates: a small, safe pattern language compiled for RE2.

A template such as ``发挥{PLACE}?{ANY:0-6}优势`` is parsed here, never handed to a
regular-expression engine as written: literals are escaped, slots become alternations
of literal words, gaps become bounded character classes. The result runs on RE2, whose
matching time is linear in the text whatever the pattern, so a lexicon file cannot make
matching hang (see tests/match/test_templates.py for an adversarial input).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import re2

from phrasebook.errors import TemplateError
from phrasebook.language import crosses_sentence_end

MAX_GAP = 12
MIN_LITERALS = 2
MAX_COST = 2_000
"""The most ways a template may lay its gaps and optional parts over one stretch of text
(:func:`template_cost`). RE2 runs in linear time, but its DFA holds one state per set of
live positions; each gap of width w multiplies those sets by up to w + 1, so a template
with many gaps runs out of DFA memory and falls back to a slower engine, slowing every
tag run. The bundled templates cost at most 21."""
# A gap never crosses clause punctuation or a line break.
GAP_CLASS = "[^，。；！？：,.;!?:\\n\\r]"
_TOKEN = re.compile(r"\{ANY:(\d+)-(\d+)\}|\{([A-Z][A-Z_]*)\}|\(([^()]*)\)|(\?)|([^{}()?|])|(.)", re.S)


@dataclass(frozen=True)
class CompiledTemplate:
    """A compiled template; ``anchor`` is a literal every match contains (a cheap pre-check)."""

    template: str
    regex: re2._Regexp  # type: ignore[name-defined]
    anchor: str

    def finditer(self, text: str) -> list[tuple[int, int]]:
        if self.anchor not in text:
            return []
        return [(m.start(), m.end()) for m in self.regex.finditer(text)]


def required_anchor(template: str) -> str:
    """The longest run of literal characters that no match can lack."""
    runs, current = [], ""
    for token in _TOKEN.finditer(template):
        literal = token.group(6)
        if literal is not None:
            current += literal
        elif token.group(5) is not None:  # '?' makes the previous character optional
            runs.append(current[:-1])
            current = ""
        else:
            runs.append(current)
            current = ""
    runs.append(current)
    return max(runs, key=len)


def _alternation(words: Sequence[str]) -> str:
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in unique) + ")"


def _refuse_sentence_ends(words: Sequence[str], where: str) -> None:
    """Matches never cross a sentence end (sentences are counted, and texts chunked, there)."""
    for word in words:
        if crosses_sentence_end(word):
            raise TemplateError(f"{where} holds {word!r}, which ends a sentence; a match may not cross one")


def to_regex(template: str, slots: Mapping[str, Sequence[str]], *, opened: Mapping[str, str] | None = None) -> str:
    """Translate a template into an RE2 pattern; raise TemplateError when it is malformed.

    ``opened`` maps a slot name to a pattern that stands in for its word list, as a
    capturing group: discovery reads what fills the slot in texts (see phrasebook.discover).
    """
    opened = opened or {}
    parts: list[str] = []
    literals = 0
    position = 0
    for token in _TOKEN.finditer(template):
        position = token.end()
        low, high, slot, group, optional, literal, stray = token.groups()
        if low is not None:
            if int(low) > int(high) or int(high) > MAX_GAP:
                raise TemplateError(f"gap {{ANY:{low}-{high}}} must satisfy a <= b <= {MAX_GAP}")
            parts.append(f"{GAP_CLASS}{{{low},{high}}}")
        elif slot is not None and slot in opened:
            parts.append(f"({opened[slot]})")
        elif slot is not None:
            if slot not in slots:
                raise TemplateError(f"unknown slot {{{slot}}}; known: {', '.join(sorted(slots))}")
            _refuse_sentence_ends(slots[slot], f"slot {{{slot}}}")
            parts.append(_alternation(slots[slot]))
        elif group is not None:
            options = group.split("|")
            if any(not option or re.search(r"[{}?]", option) for option in options):
                raise TemplateError(f"group ({group}) must hold non-empty literal alternatives")
            _refuse_sentence_ends(options, f"group ({group})")
            literals += min(len(option) for option in options)
            parts.append(_alternation(options))
        elif optional is not None:
            if not parts or parts[-1].endswith("?"):
                raise TemplateError("'?' must follow a character, a slot or a group")
            if len(parts[-1]) == 1 or parts[-1].startswith("\\"):
                literals -= 1
            parts[-1] = f"(?:{parts[-1]})?"
        elif literal is not None:
            _refuse_sentence_ends([literal], "the template")
            literals += 1
            parts.append(re.escape(literal))
        else:
            raise TemplateError(f"unexpected {stray!r} in template")
    if position != len(template):
        raise TemplateError("template could not be read to its end")
    if literals < MIN_LITERALS:
        raise TemplateError(f"a template needs at least {MIN_LITERALS} required literal characters")
    return "".join(parts)


def slot_bounds(template: str) -> list[tuple[str, bool, bool]]:
    """Each slot of ``template`` with whether a required literal, group or other slot
    closes it on the left and on the right (optional parts in between are looked past).

    What fills a slot closed on both sides can be read off a match; beside a gap or at an
    end of the template nothing says where its filler would start or stop.
    """
    tokens = []
    for token in _TOKEN.finditer(template):
        low, _, slot, group, optional, literal, _ = token.groups()
        if optional is not None and tokens:
            tokens[-1] = (tokens[-1][0], tokens[-1][1], True)
        elif optional is None:
            tokens.append(("gap" if low is not None else "slot" if slot else "fixed", slot or group or literal, False))
    return [
        (name, _closed(tokens[index - 1 :: -1] if index else []), _closed(tokens[index + 1 :]))
        for index, (kind, name, _) in enumerate(tokens)
        if kind == "slot"
    ]


def _closed(neighbours: list[tuple[str, str, bool]]) -> bool:
    """Whether the first required neighbour (past optional ones) is fixed text or a slot."""
    for kind, _, optional in neighbours:
        if kind == "gap":
            return False
        if not optional:
            return True
    return False


def template_cost(template: str) -> int:
    """The product, over the template's gaps and optional parts, of the number of lengths
    each may take: {ANY:0-6} takes 7, an optional part 2; gaps side by side are one gap
    ({ANY:0-6}{ANY:0-6} takes 13)."""
    cost, low, high = 1, 0, 0
    for token in _TOKEN.finditer(template):
        gap_low, gap_high, _, _, optional, _, _ = token.groups()
        if gap_low is not None:
            low, high = low + int(gap_low), high + int(gap_high)
            continue
        cost *= max(1, high - low + 1) * (2 if optional is not None else 1)
        low = high = 0
    return cost * max(1, high - low + 1)


def compile_template(template: str, slots: Mapping[str, Sequence[str]]) -> CompiledTemplate:
    cost = template_cost(template)
    if cost > MAX_COST:
        raise TemplateError(
            f"its gaps and optional parts can be laid out {cost:,} ways, more than {MAX_COST:,}: "
            "matching it would exhaust RE2's DFA memory and slow every run; use fewer or narrower gaps"
        )
    options = re2.Options()
    options.longest_match = True
    options.never_capture = True
    try:
        regex = re2.compile(to_regex(template, slots), options)
    except re2.error as exc:
        raise TemplateError(f"RE2 refused the template: {exc}") from exc
    return CompiledTemplate(template, regex, required_anchor(template))
