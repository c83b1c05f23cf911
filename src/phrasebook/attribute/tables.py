"""Attribution as tables: what a corpus keeps (in memory or in a store) and what every
attribution question is answered from.

Five tables hold everything attribution found, scored: role candidates, partner mentions,
province mentions, event candidates (sentences) and engagement pairs, one row each. :func:`attribution_tables` makes
them from the :class:`~phrasebook.attribute.attribution.Attribution` objects of a pass;
the functions below answer ``roles``, ``partners`` and ``docs`` from them (and
:mod:`phrasebook.attribute.engagement_events` answers ``events``), so
that a corpus read now and one opened from a store give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from phrasebook.attribute.attribution import Attribution
from phrasebook.attribute.partners import PARTNER_COLUMNS
from phrasebook.attribute.roles import ROLE_COLUMNS

CANDIDATE_COLUMNS = [
    "doc_id", "province", "provinces", "role", "region", "scope", "wording", "head", "sentence", "sentence_index",
    "start", "end", "score", "method", "cues",
]
MENTION_COLUMNS = ["doc_id", "kind", "code", "start", "end", "text", "sentence_index", "resolved_by", "stance"]
PROVINCE_COLUMNS = ["doc_id", "province", "via"]
EVENT_CANDIDATE_COLUMNS = [
    "doc_id", "date", "provinces", "province_via", "partners", "level", "plan", "sentence_index", "start", "end",
    "score", "type", "sentence",
]


@dataclass
class AttributionTables:
    """Everything attribution found in a corpus, scored."""

    candidates: pd.DataFrame
    partner_mentions: pd.DataFrame
    province_mentions: pd.DataFrame
    event_candidates: pd.DataFrame
    engagement_pairs: pd.DataFrame


def attribution_tables(attributions: Iterable[Attribution]) -> AttributionTables:
    """The five tables of scored attributions (score the candidates, events and pairs first)."""
    from phrasebook.attribute.engagement_events import pair_rows

    attributions = list(attributions)
    candidates, mentions, provinces, events = [], [], [], []
    for a in attributions:
        for c in a.candidates:
            candidates.append(
                {
                    "doc_id": c.doc_id, "province": c.province, "provinces": list(c.provinces), "role": c.role, "region": region_id(c.region),
                    "scope": c.scope, "wording": c.wording, "head": c.head, "sentence": c.sentence, "sentence_index": c.sentence_index,
                    "start": c.start, "end": c.end, "score": round(c.score, 4),
                    "method": f"classifier+{c.province_via}" if c.province_via else "classifier", "cues": list(c.cues),
                }
            )
        for p in a.partners:
            mentions.append(
                {"doc_id": a.doc_id, "kind": p.kind, "code": region_id(p.code) if p.kind == "region" else p.code, "start": p.start, "end": p.end, "text": p.text,
                 "sentence_index": p.sentence_index, "resolved_by": p.resolved_by, "stance": p.stance}
            )
        provinces += [{"doc_id": a.doc_id, "province": m.province, "via": m.via} for m in a.provinces]
        for e in a.events:
            events.append(
                {
                    "doc_id": e.doc_id, "date": e.date or None, "provinces": list(e.provinces), "province_via": e.province_via,
                    "partners": [[kind, partner] for kind, partner, _ in e.partners], "level": e.level, "plan": e.plan,
                    "sentence_index": e.sentence_index, "start": e.start, "end": e.end, "score": round(e.score, 4),
                    "type": e.type, "sentence": e.sentence,
                }
            )
    return AttributionTables(
        pd.DataFrame(candidates, columns=CANDIDATE_COLUMNS),
        pd.DataFrame(mentions, columns=MENTION_COLUMNS),
        pd.DataFrame(provinces, columns=PROVINCE_COLUMNS),
        pd.DataFrame(events, columns=EVENT_CANDIDATE_COLUMNS),
        pair_rows(attributions),
    )


def region_id(region: str | None) -> str | None:
    """A region as every table writes it: its lower-case id (ASEAN's entry is ``ASEAN``,
    its region ``asean``), so that one region has one id in every table."""
    return region.lower() if region else region


def designations(candidates: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """One designation row per accepted candidate and province (enumerated provinces each
    get a row)."""
    accepted = candidates[(candidates["score"] >= threshold) & (candidates["provinces"].map(len) > 0)]
    rows = accepted.explode("provinces").assign(province=lambda t: t["provinces"], confidence=lambda t: t["score"].round(3))
    return rows.reindex(columns=ROLE_COLUMNS).reset_index(drop=True)


def partner_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Document-level partner rows: one per (document, kind, code) of the mentions that are
    partners (not adversaries nor comparisons), with the count and the first offset."""
    partners = mentions[mentions["stance"] == "partner"]
    table = partners.groupby(["doc_id", "kind", "code"], as_index=False).agg(count=("start", "size"), first_start=("start", "min"))
    return table.sort_values(["doc_id", "kind", "code"]).reset_index(drop=True).reindex(columns=PARTNER_COLUMNS)


def document_tags(tables: AttributionTables, matches: pd.DataFrame, threshold: float) -> dict[str, dict[str, list[str]]]:
    """Per document: provinces, formulation families, designations (province/role/region),
    partner countries and regions; each a list, most frequent first."""
    tags: dict[str, dict[str, list[str]]] = {}

    def add(column: str, counts: pd.DataFrame, key: str) -> None:
        for doc_id, group in counts.groupby("doc_id"):
            ranked = group.groupby(key).size().reset_index(name="n").sort_values(["n", key], ascending=[False, True])
            tags.setdefault(doc_id, {})[column] = ranked[key].tolist()

    add("provinces", tables.province_mentions[tables.province_mentions["via"] != "self_reference"], "province")
    add("families", matches[matches["kind"] == "formulation"], "family")
    partners = tables.partner_mentions[tables.partner_mentions["stance"] == "partner"]
    add("countries", partners[partners["kind"] == "country"], "code")
    add("regions", partners[partners["kind"] == "region"], "code")
    for row in designations(tables.candidates, threshold).to_dict("records"):
        region = row["region"] if isinstance(row["region"], str) else ""
        labels = tags.setdefault(row["doc_id"], {}).setdefault("designations", [])
        label = f"{row['province']}/{row['role']}/{region}"
        if label not in labels:
            labels.append(label)
    for value in tags.values():
        value["designations"] = sorted(value.get("designations", []))
    return tags
