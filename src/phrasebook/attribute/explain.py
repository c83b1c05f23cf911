"""``phrasebook explain``: the evidence behind each designation and partner, in words."""

from __future__ import annotations

from pathlib import Path

from phrasebook.attribute.documents import attribute
from phrasebook.attribute.roles import is_designation
from phrasebook.lexicon import Lexicon
from phrasebook.read import Document, ReadFailure, read_documents
from phrasebook.tagger import Tagger


def explain(target: str, lexicon: Lexicon) -> str:
    """A report for a file (every document in it) or for a literal text."""
    tagger = Tagger(lexicon)
    path = Path(target)
    documents = list(read_documents([path])) if path.exists() else [Document("text", "<argument>", target, "utf-8")]
    lines: list[str] = []
    for document in documents:
        if isinstance(document, ReadFailure):
            lines.append(f"error: {document.error}")
            continue
        result = attribute(document, tagger)
        lines.append(f"== {document.doc_id}: issuer {result.issuer.code} ({result.issuer.method}, confidence {result.issuer.confidence})")
        for candidate in result.candidates:
            verdict = "DESIGNATION" if is_designation(candidate) else "not a designation"
            lines.append(f"- {candidate.match.surface} ({candidate.match.role}) score {candidate.score:.2f}: {verdict}")
            lines.append(f"    sentence: {candidate.sentence}")
            lines.append(
                f"    province: {candidate.province or '-'} ({candidate.province_via or 'none'}); region: {candidate.region or '-'}; "
                f"cues: {', '.join(candidate.cues) or 'none'}"
            )
        for partner in result.partners:
            how = f", resolved: {partner.resolved_by}" if partner.resolved_by else ""
            lines.append(f"- partner {partner.kind} {partner.code} from {partner.text!r} in sentence {partner.sentence_index}{how}")
    return "\n".join(lines)
