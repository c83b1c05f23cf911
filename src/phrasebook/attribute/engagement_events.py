"""Engagement events from the pairs the pair model accepts.

Each accepted (actor, partner) pair of a document is one report of an engagement: its
evidence sentence, type, the actor's level, the date (of the sentence, else of the
document, with its precision and source) and the partner as written. Reports of the same
engagement share an ``event_id``: the same actor, partner and type on day dates at most
:data:`SAME_EVENT_DAYS` apart (several outlets reporting one meeting), or in one
document. National engagements (state leaders, ministries, central media) are rows with
``level`` national and no province.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from phrasebook.attribute.attribution import Attribution
from phrasebook.attribute.engagement_pairs import NATIONAL, PairCandidate, national_venue, set_event_scores
from phrasebook.attribute.event_model import StoredEventClassifier
from phrasebook.attribute.events import event_features
from phrasebook.attribute.pair_model import PairModel, candidates_frame
from phrasebook.schema import as_datetimes

SAME_EVENT_DAYS = 3
PAIR_COLUMNS = [
    "doc_id", "actor", "partner_kind", "partner", "partner_name", "partner_place", "sentence_index", "start", "end", "sentence",
    "date", "date_precision", "date_source", "level", "plan", "type", "score", "national_venue",
]
ENGAGEMENT_COLUMNS = [
    "event_id", "reports", "doc_id", "date", "date_precision", "date_source", "province", "level", "partner_kind", "partner",
    "partner_name", "partner_place", "type", "plan", "sentence_index", "start", "end", "confidence", "method", "sentence",
]


def score_pairs(attributions: Iterable[Attribution], events: StoredEventClassifier, model: PairModel) -> None:
    """Score every pair of ``attributions`` (their events scored first) and type each by its
    evidence sentence, in one call each."""
    pairs: list[PairCandidate] = []
    for attribution in attributions:
        set_event_scores(attribution.events, attribution.pairs)
        pairs += attribution.pairs
    if not pairs:
        return
    for pair, score in zip(pairs, model.scores(candidates_frame(pairs))):
        pair.score = float(score)
    type_pairs(pairs, events)


def type_pairs(pairs: list[PairCandidate], events: Any) -> None:
    """Type each pair by its evidence sentence, with the event classifier's typer."""
    if not pairs:
        return
    _, types, _ = events.event_and_type(pd.DataFrame([event_features(p.evidence.normalized) for p in pairs]))
    for pair, kind in zip(pairs, types):
        pair.type = kind


def pair_rows(attributions: Iterable[Attribution]) -> pd.DataFrame:
    """The scored pairs as a table (what a store keeps)."""
    rows = []
    for attribution in attributions:
        for p in attribution.pairs:
            e = p.evidence
            rows.append({
                "doc_id": p.doc_id, "actor": p.actor, "partner_kind": p.partner_kind, "partner": p.partner,
                "partner_name": e.partner_name, "partner_place": e.partner_place or None, "sentence_index": e.sentence_index,
                "start": e.start, "end": e.end, "sentence": e.sentence, "date": e.date or None, "date_precision": e.date_precision or None,
                "date_source": e.date_source, "level": e.level, "plan": e.plan, "type": p.type, "score": round(p.score, 4),
                "national_venue": national_venue(p.features),
            })
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def engagement_rows(pairs: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """One row per accepted pair of each document (not a venue of national diplomacy),
    reports of one engagement sharing an event_id."""
    accepted = pairs[(pairs["score"] >= threshold) & ~pairs["national_venue"].astype(bool)].copy()
    accepted["province"] = accepted["actor"].where(accepted["actor"] != NATIONAL)
    accepted["confidence"] = accepted["score"].round(3)
    accepted["method"] = "pair model"
    accepted["event_id"] = _event_ids(accepted)
    accepted["reports"] = accepted.groupby("event_id")["doc_id"].transform("size") if len(accepted) else []
    table = accepted.reindex(columns=ENGAGEMENT_COLUMNS).sort_values(["event_id", "doc_id"]).reset_index(drop=True)
    table["date"] = as_datetimes(table["date"])
    table["plan"] = table["plan"].astype(bool)
    table["reports"] = table["reports"].astype("Int64")
    return table


def _event_ids(accepted: pd.DataFrame) -> list[str]:
    """The event of each row: rows of one actor, partner and type whose day dates lie at
    most SAME_EVENT_DAYS apart, in date order, are one event; a row without a day date is
    an event of its own document."""
    ids = [""] * len(accepted)
    positions = {index: n for n, index in enumerate(accepted.index)}
    for (actor, partner, kind), group in accepted.groupby(["actor", "partner", "type"], sort=True):
        dated = group[group["date_precision"] == "day"].sort_values("date")
        current, last = "", None
        for index, row in dated.iterrows():
            day = pd.Timestamp(row["date"])
            if last is None or (day - last).days > SAME_EVENT_DAYS:
                current = f"{actor}|{partner}|{kind}|{row['date']}"
            ids[positions[index]] = current
            last = day
        for index, row in group[group["date_precision"] != "day"].iterrows():
            ids[positions[index]] = f"{actor}|{partner}|{kind}|{row['doc_id']}"
    return ids
