"""Slot fillers: what fills the slots of the lexicon's templates in real texts, and the
role wordings of designation frames, where the lexicon does not know them yet.

A slot such as {X} in 发挥好?{X}优势 stands for a closed word list. Discovery opens it:
the template is compiled by the matcher's own translator (phrasebook.match.templates)
with the slot replaced by a capturing run of Chinese characters, and every filler that
is not on the list is a candidate (发挥开放优势: 开放). A slot is opened only where fixed
text closes it on both sides; beside a gap or at an end of the template nothing says
where its filler would start. {ROLE} is the exception that proves it: its filler ends in
a role head of roles.yaml (辐射中心, 枢纽, 桥头堡 ...), which closes it on the right, so
面向{REGION}的?{ROLE} reads 国际物流枢纽 out of 面向东盟的国际物流枢纽.

Matches that an entry of the lexicon already covers are left out, as are fillers on the
slot's list, and fillers that hold 的 (a phrase, not a word: 发挥他们的独特优势).
Everything runs on RE2, like the matcher: no template can make it hang.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import re2

from phrasebook.discover.evidence import Finding, Occurrence, has_formulation_shape, occurrence
from phrasebook.language import CJK
from phrasebook.lexicon import Lexicon
from phrasebook.match.matcher import slot_words
from phrasebook.match.templates import required_anchor, slot_bounds, to_regex
from phrasebook.pipeline import TaggedDocument

ROLE_FRAMES = ("面向{REGION}(开放)?的?{ROLE}", "向{DIR}开放的?{ROLE}")
"""Designation frames besides the lexicon's templates, a role toward a region or a
direction; only their {ROLE} is opened (the region and the direction are known words)."""
ROLE_MODIFIER = 10
"""The most characters a role wording holds before its head (国际物流 in 国际物流枢纽)."""
FILLER_SLACK = 2
"""A filler may be this much longer than the longest word of its slot's list."""


@dataclass(frozen=True)
class Frame:
    """A template with one slot opened: ``regex`` captures the slot's filler."""

    template: str
    slot: str
    family: str
    known: frozenset[str]
    anchor: str
    regex: re2._Regexp  # type: ignore[name-defined]


def frames(lexicon: Lexicon) -> list[Frame]:
    """Every template of the lexicon with a slot that can be opened, and the role frames."""
    words = slot_words(lexicon)
    assert lexicon.roles is not None
    heads = sorted({head for group in lexicon.roles.heads.values() for head in group}, key=len, reverse=True)
    role_filler = f"[{CJK}]{{0,{ROLE_MODIFIER}}}?(?:{'|'.join(map(re2.escape, heads))})"
    templates = [(template, entry.family, None) for entry in lexicon.entries for template in entry.patterns]
    templates += [(template, "role_designation", "ROLE") for template in ROLE_FRAMES]
    found: dict[tuple[str, str], Frame] = {}
    for template, family, only in templates:
        for slot, closed_left, closed_right in slot_bounds(template):
            if only not in (None, slot) or not closed_left or not (closed_right or slot == "ROLE") or (template, slot) in found:
                continue
            longest = max(map(len, words[slot]), default=0) + FILLER_SLACK
            filler = role_filler if slot == "ROLE" else f"[{CJK}]{{1,{longest}}}?"
            regex = re2.compile(to_regex(template, words, opened={slot: filler}))
            found[(template, slot)] = Frame(template, slot, family, frozenset(words[slot]), required_anchor(template), regex)
    return list(found.values())


def slot_fillers(items: Iterable[TaggedDocument], lexicon: Lexicon) -> list[Finding]:
    """One finding per (frame, new filler), with every occurrence of it."""
    opened = frames(lexicon)
    grouped: dict[tuple[Frame, str], list[tuple[str, Occurrence]]] = defaultdict(list)
    for item in items:
        text = item.normalized.text
        covered = [(m.start, m.end) for m in item.matches if m.kind == "formulation"]
        for frame in opened:
            if frame.anchor not in text:
                continue
            for match in frame.regex.finditer(text):
                filler = match.group(1)
                if filler in frame.known or "的" in filler or not has_formulation_shape(filler):
                    continue
                found = occurrence(item, match.start(), match.end())
                if not any(start <= found.start and found.end <= end for start, end in covered):
                    grouped[(frame, filler)].append((match.group(0), found))
    findings = []
    for (frame, filler), hits in grouped.items():
        surfaces = [surface for surface, _ in hits]
        findings.append(
            Finding(
                text=max(set(surfaces), key=lambda s: (surfaces.count(s), s)),
                source="slot",
                frame=frame.template,
                occurrences=[found for _, found in hits],
                filler=filler,
                pattern=frame.template.replace("{" + frame.slot + "}", filler, 1),
                family=frame.family,
                role=_role_of(filler, lexicon) if frame.slot == "ROLE" else "",
            )
        )
    return findings


def _role_of(wording: str, lexicon: Lexicon) -> str:
    """The role class of the head a role wording ends with (the longest head that fits)."""
    assert lexicon.roles is not None
    ends = [(len(head), role) for role, heads in lexicon.roles.heads.items() for head in heads if wording.endswith(head)]
    return max(ends)[1] if ends else ""
