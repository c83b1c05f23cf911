"""Partners of engagement: countries (ISO alpha-2) and regions named in a text.

Country names, aliases and bilateral compounds all count (中老铁路 → LA, 中越 → VN). A
compound that names several partners jointly (中蒙俄) counts for each. An ambiguous
compound (中巴: PK or BR) is resolved only when exactly one of its candidates is named
outright in the same document; otherwise it is reported as ``ambiguous`` with all its
candidates, never guessed.

Beyond the lexicon's compounds, chains of one-character names are read from the text
(中俄朝三国, 俄蒙中朝韩五国, 滇老、滇泰合作, 渝满俄班列): a chain counts when it holds a
Chinese party and a foreign one and a word of cooperation follows it (``partners.yaml``).

A mention is a partner only when it is one: a country named in a clause of sanctions,
containment or rivalry (美国制裁, 中美战略博弈) is ``adversarial``, one right after a word
of comparison (超过日本) is a ``comparison``; both are kept for ``explain`` and left out of
the partner tables (annotations/GUIDELINES.md, section 7).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from phrasebook.language import CLAUSE_ENDS, sentence_spans
from phrasebook.lexicon import Lexicon

if TYPE_CHECKING:
    from phrasebook.pipeline import TaggedDocument

PARTNER_COLUMNS = ["doc_id", "kind", "code", "count", "first_start"]
_CLAUSE_END = re.compile(f"[{re.escape(CLAUSE_ENDS)}]")
_CLOSING = "”’」』"
COMPARISON_REACH = 3
"""A comparison word counts when it ends at most this many characters before the country."""


@dataclass(frozen=True)
class PartnerMention:
    kind: str  # country | region | ambiguous
    code: str
    start: int
    end: int
    text: str
    sentence_index: int
    resolved_by: str = ""
    stance: str = "partner"  # partner | adversarial | comparison

    @property
    def is_partner(self) -> bool:
        return self.stance == "partner"


def partner_mentions(item: TaggedDocument, lexicon: Lexicon) -> list[PartnerMention]:
    """Every country and region mention of a tagged document (or part), in text order,
    offsets into the whole decoded file, each with its stance."""
    region_ids = {e.id for e in lexicon.of_kind("region")}
    named = {m.refers_to for m in item.matches if m.kind == "country"}
    list_names = lexicon.partners.list_names if lexicon.partners is not None else {}
    offset = item.offset
    found: list[PartnerMention] = []
    for m in item.matches:
        if m.kind == "compound" and (country := list_names.get(m.surface)) and _in_country_list(item, m.start, m.end):
            found.append(PartnerMention("country", country, m.start + offset, m.end + offset, m.surface, m.sentence_index, "list of countries"))
        elif m.kind == "country":
            found.append(PartnerMention("country", m.refers_to, m.start + offset, m.end + offset, m.surface, m.sentence_index))
        elif m.kind == "region":
            found.append(PartnerMention("region", m.entry_id, m.start + offset, m.end + offset, m.surface, m.sentence_index))
        elif m.kind == "compound":
            entry = lexicon.get(m.entry_id)
            codes, how = list(entry.refers_to), ""
            if entry.ambiguous:
                named_here = [c for c in codes if c in named]
                if len(named_here) != 1:
                    found.append(PartnerMention("ambiguous", "|".join(codes), m.start + offset, m.end + offset, m.surface, m.sentence_index))
                    continue
                codes, how = named_here, "named in document"
            for code in codes:
                kind = "region" if code in region_ids else "country"
                found.append(PartnerMention(kind, code, m.start + offset, m.end + offset, m.surface, m.sentence_index, how))
    if lexicon.partners is not None:
        found += _chains(item, lexicon, region_ids, found)
        found = [_with_stance(item, lexicon, mention) for mention in found]
    return sorted(found, key=lambda p: (p.start, p.code))


def _in_country_list(item: TaggedDocument, start: int, end: int) -> bool:
    """The span is a whole item of an enumeration with a country named right beside it:
    after a country and its 、, the item ends at 、, 等, 和, 及 or a closing bracket
    (尼泊尔、中非、越南); as the first item, a country follows its 、, 和 or 及 (中非、刚果（布）)."""
    text = item.text
    country_ends = {m.end for m in item.matches if m.kind == "country"}
    country_starts = {m.start for m in item.matches if m.kind == "country"}
    after_country = text[start - 1 : start] == "、" and start - 1 in country_ends
    before_country = text[end : end + 1] in ("、", "和", "及") and end + 1 in country_starts
    closes_list = text[end : end + 1] in ("、", "等", "和", "及", "）") or end == len(text)
    return (after_country and closes_list) or (before_country and text[start - 1 : start] in ("、", "（", "，", "：", ""))


def _chains(item: TaggedDocument, lexicon: Lexicon, region_ids: set[str], known: list[PartnerMention]) -> list[PartnerMention]:
    """Partners of the chains of one-character names (see the module docstring) that the
    lexicon's own entries did not already report at the same place."""
    vocabulary = lexicon.partners
    assert vocabulary is not None
    foreign = vocabulary.foreign_abbreviations
    chinese = set(vocabulary.chinese_abbreviations)
    cities = set(vocabulary.city_abbreviations)
    characters = "".join(sorted(set(foreign) | chinese | cities))
    text, normalized = item.normalized.text, item.normalized
    cooperation = tuple(sorted(vocabulary.cooperation_words, key=len, reverse=True))
    chain = re.compile(f"[{re.escape(characters)}]{{2,}}(?:、[{re.escape(characters)}]{{2,}})*")
    starts = [start for start, _ in sentence_spans(text)]
    found = []
    for run in chain.finditer(text):
        after = run.end()
        while after < len(text) and text[after] in _CLOSING:
            after += 1
        if not text.startswith(cooperation, after):
            continue
        for part in re.finditer(r"[^、]+", run.group()):
            parties = part.group()
            if len(parties) < 3 and any(ch in cities for ch in parties):
                continue  # 满意, 连续: a city's name counts only in a longer chain
            codes = _foreign_parties(parties, foreign, chinese | cities)
            if not codes:
                continue
            start, end = normalized.to_original(run.start() + part.start(), run.start() + part.end())
            start, end = start + item.offset, end + item.offset
            sentence = item.sentence_base + bisect.bisect_right(starts, run.start() + part.start()) - 1
            for code in codes:
                if any(p.code == code and p.start < end and start < p.end for p in known):
                    continue
                kind = "region" if code in region_ids else "country"
                found.append(PartnerMention(kind, code, start, end, item.text[start - item.offset : end - item.offset], sentence, "chain"))
    return found


def _foreign_parties(parties: str, foreign: dict[str, str], chinese: set[str]) -> list[str]:
    """The foreign codes of one chain, or none when it holds no Chinese party. A character
    that names a province or a country (蒙, 吉, 新) is the country when the chain holds 中,
    else the province."""
    china = "中" in parties
    codes = [foreign[ch] for ch in parties if ch in foreign and (ch not in chinese or china)]
    has_chinese = any(ch in chinese and (ch not in foreign or not china) for ch in parties)
    return list(dict.fromkeys(codes)) if has_chinese else []


def _with_stance(item: TaggedDocument, lexicon: Lexicon, mention: PartnerMention) -> PartnerMention:
    """The mention, marked adversarial or comparison when its context says so."""
    vocabulary = lexicon.partners
    assert vocabulary is not None
    text, normalized = item.normalized.text, item.normalized
    position = normalized.to_normalized(mention.start - item.offset)
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, max(0, position - 60), position)), default=max(0, position - 60))
    following = _CLAUSE_END.search(text, position)
    clause = text[clause_start : following.start() if following else len(text)]
    if any(cue in clause for cue in vocabulary.adversarial_cues):
        return _replace(mention, "adversarial")
    before = text[max(0, position - COMPARISON_REACH - 4) : position]
    if any(before.endswith(cue, 0, len(before) - reach) for cue in vocabulary.comparison_cues for reach in range(COMPARISON_REACH + 1)):
        return _replace(mention, "comparison")
    return mention


def _replace(mention: PartnerMention, stance: str) -> PartnerMention:
    from dataclasses import replace

    return replace(mention, stance=stance)


def organisation_mentions(item: TaggedDocument, spans: list[tuple[int, int]], organisations: dict[str, str]) -> list[PartnerMention]:
    """Mentions of the ``organisations`` (name as written → partner id; longest name first)
    in the normalised text of ``item``, whose sentence ``spans`` they are numbered by:
    ``code`` the id, ``text`` the name."""
    if not organisations:
        return []
    text = item.normalized.text
    starts = [start for start, _ in spans]
    names = re.compile("|".join(map(re.escape, sorted(organisations, key=len, reverse=True))))
    found = []
    for hit in names.finditer(text):
        start, end = item.normalized.to_original(hit.start(), hit.end())
        index = item.sentence_base + max(0, bisect.bisect_right(starts, hit.start()) - 1)
        found.append(PartnerMention("organisation", organisations[hit.group()], start + item.offset, end + item.offset, hit.group(), index))
    return found
