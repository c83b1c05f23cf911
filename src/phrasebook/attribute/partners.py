"""Partners of engagement: countries (ISO alpha-2) and regions named in a text.

Country names, aliases and bilateral compounds all count (中老铁路 → LA, 中越 → VN). A
compound that names several partners jointly (中蒙俄) counts for each. An ambiguous
compound (中巴: PK or BR) is resolved only when exactly one of its candidates is named
outright in the same document; otherwise it is reported as ``ambiguous`` with all its
candidates, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from phrasebook.lexicon import Lexicon
from phrasebook.tagger import TextMatch

PARTNER_COLUMNS = ["doc_id", "kind", "code", "count", "first_start"]


@dataclass(frozen=True)
class PartnerMention:
    kind: str  # country | region | ambiguous
    code: str
    start: int
    end: int
    text: str
    sentence_index: int
    resolved_by: str = ""


def partner_mentions(matches: list[TextMatch], lexicon: Lexicon, *, offset: int = 0) -> list[PartnerMention]:
    """Every partner mention of one document, in text order; ``offset`` is added to the
    match offsets (a part of a large file starts that far into it)."""
    region_ids = {e.id for e in lexicon.of_kind("region")}
    named = {m.refers_to for m in matches if m.kind == "country"}
    mentions: list[PartnerMention] = []
    for m in matches:
        if m.kind == "country":
            mentions.append(PartnerMention("country", m.refers_to, m.start + offset, m.end + offset, m.surface, m.sentence_index))
        elif m.kind == "region":
            mentions.append(PartnerMention("region", m.entry_id, m.start + offset, m.end + offset, m.surface, m.sentence_index))
        elif m.kind == "compound":
            entry = lexicon.get(m.entry_id)
            codes = list(entry.refers_to)
            if entry.ambiguous:
                named_here = [c for c in codes if c in named]
                if len(named_here) == 1:
                    codes, how = named_here, "named in document"
                else:
                    mentions.append(
                        PartnerMention("ambiguous", "|".join(codes), m.start + offset, m.end + offset, m.surface, m.sentence_index)
                    )
                    continue
            else:
                how = ""
            for code in codes:
                kind = "region" if code in region_ids else "country"
                mentions.append(PartnerMention(kind, code, m.start + offset, m.end + offset, m.surface, m.sentence_index, how))
    return mentions


def partner_table(doc_id: str, mentions: list[PartnerMention]) -> list[dict]:
    """Document-level rows: one per (kind, code) with its count and first offset."""
    grouped: dict[tuple[str, str], list[PartnerMention]] = defaultdict(list)
    for mention in mentions:
        grouped[(mention.kind, mention.code)].append(mention)
    return [
        {"doc_id": doc_id, "kind": kind, "code": code, "count": len(items), "first_start": min(i.start for i in items)}
        for (kind, code), items in sorted(grouped.items())
    ]
