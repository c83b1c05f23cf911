"""``explain``: the evidence behind each designation and partner of a document, in words."""

from __future__ import annotations

from collections.abc import Iterable

from phrasebook.attribute.attribution import Attribution
from phrasebook.attribute.roles import THRESHOLD, is_designation
from phrasebook.facts.inference import DocumentFacts


def explain_lines(doc_id: str, facts: DocumentFacts | None, attributions: Iterable[Attribution], *, threshold: float = THRESHOLD) -> list[str]:
    """The report for one document (its attributions: one per part of a large file),
    with every candidate already scored."""
    lines = []
    if facts is None:
        lines.append(f"== {doc_id}")
    else:
        lines.append(
            f"== {doc_id}: issuer {facts.issuer} ({facts.issuer_source}, confidence {facts.issuer_confidence}); "
            f"date {facts.date or '-'} ({facts.date_source}); type {facts.doc_type or '-'} ({facts.doc_type_source})"
        )
    for attribution in attributions:
        for candidate in attribution.candidates:
            verdict = "DESIGNATION" if is_designation(candidate, threshold) else "not a designation"
            lines.append(f"- {candidate.wording} ({candidate.role}, head {candidate.head}) score {candidate.score:.2f}: {verdict}")
            lines.append(f"    sentence: {candidate.sentence}")
            if candidate.normalized_sentence != candidate.sentence:
                lines.append(f"    normalised: {candidate.normalized_sentence}")
            lines.append(
                f"    province: {', '.join(candidate.provinces) or '-'} ({candidate.province_via or 'none'}); "
                f"region: {candidate.region or '-'}; scope: {candidate.scope}; cues: {', '.join(candidate.cues) or 'none'}"
            )
            if candidate.contributions:
                shown = ", ".join(f"{name} {value:+.2f}" for name, value in candidate.contributions)
                lines.append(f"    strongest features: {shown}")
        for partner in attribution.partners:
            how = f", resolved: {partner.resolved_by}" if partner.resolved_by else ""
            counted = "" if partner.is_partner else " (not counted as a partner)"
            lines.append(f"- {partner.stance} {partner.kind} {partner.code} from {partner.text!r} in sentence {partner.sentence_index}{how}{counted}")
    return lines
