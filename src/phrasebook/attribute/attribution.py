"""Attribution of one tagged document (or part): its role candidates, partner mentions
and province mentions, found in one go over the matcher's output.

Nothing here rescans the text from its start: sentences come from the tagged item,
numbered as the matcher numbered them, so the work grows with the size of the input.
Scoring the candidates is left to the caller, who scores a whole corpus in one call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from phrasebook.attribute.engagement_pairs import PairCandidate, pair_candidates
from phrasebook.attribute.events import EventCandidate, event_candidates
from phrasebook.attribute.partners import PartnerMention, partner_mentions
from phrasebook.attribute.places import ProvinceMention, province_mentions
from phrasebook.attribute.roles import Candidate, role_reader
from phrasebook.language import SELF_REFERENCE
from phrasebook.lexicon import Lexicon
from phrasebook.pipeline import TaggedDocument


@dataclass
class Attribution:
    """What attribution found in one tagged item."""

    doc_id: str
    issuer: str
    candidates: list[Candidate]
    partners: list[PartnerMention]
    provinces: list[ProvinceMention]
    families: Counter[str]
    events: list[EventCandidate]
    pairs: list[PairCandidate] = field(default_factory=list)
    """Every (actor, partner) pair of the item, to be scored with its events (engagement_events)."""


def attribute(item: TaggedDocument, lexicon: Lexicon) -> Attribution:
    """Candidates, partners and province mentions of ``item`` (see the module docstring)."""
    facts = item.info.facts
    issuer = facts.issuer if facts else ""
    starts = None
    if issuer.startswith("CN-") and SELF_REFERENCE.search(item.text):
        starts = [start for start, _ in item.sentences]
    partners = partner_mentions(item, lexicon)
    organisations = lexicon.partners.organisations if lexicon.partners is not None else {}
    found = Attribution(
        item.doc_id,
        issuer,
        role_reader(lexicon).candidates(item, issuer),
        partners,
        province_mentions(item.matches, item.text if starts is not None else "", issuer, sentence_starts=starts, sentence_base=item.sentence_base),
        Counter(m.family for m in item.matches if m.kind == "formulation"),
        event_candidates(item, partners, issuer, organisations),
    )
    found.pairs = pair_candidates(item, partners=found.partners, provinces=found.provinces, organisations=organisations)
    return found
