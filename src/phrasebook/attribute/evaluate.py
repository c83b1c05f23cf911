"""Score attribution against a gold file: precision, recall and F1, overall and per
province, with the misses and false hits listed so that an analyst can see why."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from phrasebook.attribute.records import read_records, requiring

Key = tuple[str, ...]


@dataclass
class Score:
    true_positives: int
    predicted: int
    gold: int
    misses: list[Key] = field(default_factory=list)
    false_hits: list[Key] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: set[Key], gold: set[Key]) -> Score:
    return Score(len(predicted & gold), len(predicted), len(gold), sorted(gold - predicted), sorted(predicted - gold))


def read_gold(path: Path, required: tuple[str, ...] = ("doc",)) -> list[dict]:
    """The records of a gold JSON Lines file, each with the keys ``required``;
    :class:`AnnotationError` at ``path:line`` otherwise."""
    return read_records(path, what="a gold record", check=requiring(*required))


def evaluate_roles(predicted_rows: list[dict], gold_rows: list[dict]) -> dict:
    """Scored on (doc, province, role); region scored separately on the matched triples."""
    docs = {g["doc"] for g in gold_rows}
    gold = {(g["doc"], g["province"], g["role"]) for g in gold_rows}
    regions_predicted: dict[Key, Counter[str]] = defaultdict(Counter)
    for row in predicted_rows:
        if row["doc_id"] in docs:
            region = row["region"].lower() if isinstance(row["region"], str) else ""  # a missing region may come as None or NaN
            regions_predicted[(row["doc_id"], row["province"], row["role"])][region] += 1
    overall = score(set(regions_predicted), gold)
    by_province = {
        province: score({k for k in regions_predicted if k[1] == province}, {k for k in gold if k[1] == province})
        for province in sorted({k[1] for k in gold | set(regions_predicted)})
    }
    gold_region = {(g["doc"], g["province"], g["role"]): (g.get("region") or "").lower() for g in gold_rows}
    matched = set(regions_predicted) & gold
    correct_regions = sum(1 for k in matched if regions_predicted[k].most_common(1)[0][0] == gold_region[k])
    return {
        "overall": overall,
        "by_province": by_province,
        "region_accuracy": correct_regions / len(matched) if matched else 0.0,
        "region_scored": len(matched),
    }


def evaluate_partners(predicted_rows: list[dict], gold_rows: list[dict]) -> dict:
    """Countries scored on (doc, country); regions on (doc, region), separately."""
    docs = {g["doc"] for g in gold_rows}
    countries = score(
        {(r["doc_id"], r["code"]) for r in predicted_rows if r["kind"] == "country" and r["doc_id"] in docs},
        {(g["doc"], c) for g in gold_rows for c in g.get("countries", [])},
    )
    regions = score(
        {(r["doc_id"], r["code"].lower()) for r in predicted_rows if r["kind"] == "region" and r["doc_id"] in docs},
        {(g["doc"], c.lower()) for g in gold_rows for c in g.get("regions", [])},
    )
    return {"countries": countries, "regions": regions}
