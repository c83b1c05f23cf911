"""Attribute whole documents: issuer, province mentions, designations, partners, families.

One pass per document over the tagger's matches; every table of ``phrasebook roles``,
``partners`` and ``docs`` comes from the :class:`Attribution` objects made here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from phrasebook.attribute.issuer import Issuer, infer_issuer
from phrasebook.attribute.partners import (
    PartnerMention,
    partner_mentions,
    partner_table,
)
from phrasebook.attribute.places import province_counts, province_mentions
from phrasebook.attribute.roles import (
    Candidate,
    designations,
    find_candidates,
    score_candidates,
    trained_classifier,
)
from phrasebook.read import Document, ReadFailure, read_documents
from phrasebook.tagger import Tagger, TextMatch

DOC_TAG_COLUMNS = [
    "doc_id", "path", "issuer", "issuer_confidence", "issuer_method", "doc_type", "doc_type_confidence",
    "provinces", "families", "designations", "countries", "regions", "status", "error",
]


@dataclass
class Attribution:
    """Everything attribution found in one document."""

    document: Document
    matches: list[TextMatch]
    issuer: Issuer
    candidates: list[Candidate]
    designations: list[dict]
    partners: list[PartnerMention]


def attribute(document: Document, tagger: Tagger, *, use_metadata: bool = True) -> Attribution:
    body = document.text[document.body_start :]
    matches = tagger.matches(body, join_lines=document.join_lines)
    title = document.meta.get("title", "")
    issuer = infer_issuer(
        body, matches, tagger.matches(title) if title else [], document.meta.get("issuer", "") if use_metadata else ""
    )
    candidates = find_candidates(body, matches, issuer.code)
    score_candidates(candidates, trained_classifier(tagger))
    found = designations(document.doc_id, candidates)
    return Attribution(document, matches, issuer, candidates, found, partner_mentions(matches, tagger.lexicon))


def attribute_paths(
    paths: Iterable[Path | str], tagger: Tagger, *, use_metadata: bool = True
) -> Iterator[Attribution | ReadFailure]:
    for item in read_documents(paths):
        yield item if isinstance(item, ReadFailure) else attribute(item, tagger, use_metadata=use_metadata)


def _joined(counter: Counter[str]) -> str:
    return ";".join(f"{key}:{count}" for key, count in counter.most_common())


def document_row(result: Attribution, doc_type: str = "", doc_type_confidence: float = 0.0) -> dict:
    body = result.document.text[result.document.body_start :]
    mentions = province_mentions(result.matches, body, result.issuer.code)
    return {
        "doc_id": result.document.doc_id,
        "path": result.document.path,
        "issuer": result.issuer.code,
        "issuer_confidence": result.issuer.confidence,
        "issuer_method": result.issuer.method,
        "doc_type": doc_type,
        "doc_type_confidence": doc_type_confidence,
        "provinces": _joined(province_counts(mentions)),
        "families": _joined(Counter(m.family for m in result.matches if m.kind == "formulation")),
        "designations": ";".join(sorted({f"{d['province']}/{d['role']}/{d['region']}" for d in result.designations})),
        "countries": _joined(Counter(p.code for p in result.partners if p.kind == "country")),
        "regions": _joined(Counter(p.code for p in result.partners if p.kind == "region")),
        "status": "ok",
        "error": "",
    }


def partner_rows(result: Attribution) -> list[dict]:
    return partner_table(result.document.doc_id, result.partners)
