"""Designated roles: which province is designated what role toward which region.

Candidates are role terms found by the matcher (辐射中心, 枢纽, 桥头堡 ...). Most role words
are everyday words (交通枢纽, 粮食生产基地, 政务服务窗口), so a scikit-learn classifier
decides which candidates are external-facing designations: logistic regression over
character n-grams of the term's neighbourhood and structural features (cue words such
as 面向/开放/国际/一带一路 and their distance, foreign regions or countries in the sentence,
the role class). It is trained, deterministically, from the reviewable annotations in
``lexicon/annotations/roles.jsonl`` each time it is first needed: no model file is shipped.
A rule-only baseline (a cue word or a foreign place in the sentence) is kept beside it
so that the classifier's worth can be measured.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from phrasebook.concordance import sentence_span
from phrasebook.tagger import Tagger, TextMatch

CUES = ("面向", "开放", "国际", "一带一路", "丝绸之路", "对外", "口岸", "跨境", "沿边", "陆海新通道", "中欧班列", "自贸", "东盟", "周边")
DIRECTION = re.compile(r"向(西南|东北|西北|东南|北|西|南|东)(?:向(?:西南|东北|西北|东南|北|西|南|东))?开放")
DIRECTIONS = {"北": "north", "西": "west", "南": "south", "东": "east", "西南": "southwest", "东北": "northeast", "西北": "northwest", "东南": "southeast"}
NEAR = 12
WINDOW_BEFORE, WINDOW_AFTER = 20, 10
NUMERIC = ["cue_in_sentence", "cue_near", "mianxiang_before", "has_region", "has_country", "has_province", "has_direction", "cue_distance"]
ROLE_COLUMNS = ["doc_id", "province", "role", "region", "wording", "sentence_index", "start", "end", "confidence", "method"]


@dataclass
class Candidate:
    """A role term in its sentence, with what attribution needs to know about it."""

    match: TextMatch
    sentence: str
    offset: int  # where the term starts inside the sentence
    province: str | None
    province_via: str
    region: str | None
    cues: list[str] = field(default_factory=list)
    features: dict[str, float | str] = field(default_factory=dict)
    score: float = 0.0  # the classifier's probability of a designation, set by score_candidates


def features(sentence: str, offset: int, length: int, role: str, sentence_matches: list[TextMatch]) -> dict[str, float | str]:
    """The classifier's inputs for a role term at ``offset`` of ``sentence``."""
    before = sentence[max(0, offset - NEAR) : offset]
    positions = [sentence.find(cue) for cue in CUES if cue in sentence]
    distances = [abs(offset - p) for p in positions]
    return {
        "window": sentence[max(0, offset - WINDOW_BEFORE) : offset + length + WINDOW_AFTER],
        "role": role,
        "cue_in_sentence": float(bool(positions)),
        "cue_near": float(any(cue in before for cue in CUES)),
        "mianxiang_before": float("面向" in sentence[:offset]),
        "has_region": float(any(m.kind == "region" for m in sentence_matches)),
        "has_country": float(any(m.kind in ("country", "compound") for m in sentence_matches)),
        "has_province": float(any(m.kind in ("province", "city") for m in sentence_matches)),
        "has_direction": float(bool(DIRECTION.search(sentence))),
        "cue_distance": min(distances, default=100) / 100,
    }


def rule_baseline(row: dict[str, float | str]) -> int:
    """Designation when the sentence has a cue word near the term or names a foreign place."""
    return int(bool(row["cue_near"] or row["has_region"] or row["has_country"] or row["has_direction"]))


def make_classifier() -> Pipeline:
    columns = ColumnTransformer(
        [
            ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), "window"),
            ("role", OneHotEncoder(handle_unknown="ignore"), ["role"]),
            ("structure", "passthrough", NUMERIC),
        ]
    )
    model = LogisticRegression(C=3.0, class_weight="balanced", solver="liblinear", random_state=0, max_iter=1000)
    return Pipeline([("features", columns), ("model", model)])


def annotation_path() -> Path:
    from phrasebook.lexicon import default_lexicon_dir

    return default_lexicon_dir() / "annotations" / "roles.jsonl"


def training_frame(tagger: Tagger, path: Path | None = None) -> pd.DataFrame:
    """Features and labels of every annotated candidate."""
    rows = []
    for number, line in enumerate((path or annotation_path()).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        sentence, wording = record["sentence"], record["wording"]
        offset = sentence.find(wording)
        if offset < 0:
            raise ValueError(f"{path}:{number}: wording {wording!r} is not in its sentence")
        role = record.get("role") or _role_of(tagger, wording)
        row = features(sentence, offset, len(wording), role, tagger.matches(sentence))
        row.update(label=int(record["label"]), doc=record["doc"])
        rows.append(row)
    return pd.DataFrame(rows)


def _role_of(tagger: Tagger, wording: str) -> str:
    roles = [m.role for m in tagger.matches(wording) if m.role]
    return roles[0] if roles else ""


@lru_cache(maxsize=4)
def trained_classifier(tagger: Tagger) -> Pipeline:
    """The classifier fitted on all annotations (deterministic: same data, same model)."""
    frame = training_frame(tagger)
    return make_classifier().fit(frame, frame["label"].to_numpy())


def find_candidates(text: str, matches: list[TextMatch], issuer: str) -> list[Candidate]:
    """Role terms with their sentence, the province they belong to and the target region."""
    by_sentence: dict[int, list[TextMatch]] = {}
    for m in matches:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    found = []
    for m in matches:
        if not m.role:
            continue
        sentence_start, sentence_end = sentence_span(text, m.start, m.end)
        sentence = text[sentence_start:sentence_end]
        offset = m.start - sentence_start
        here = by_sentence.get(m.sentence_index, [])
        province, via = _province(here, m, issuer)
        found.append(
            Candidate(
                m, sentence, offset, province, via, _region(here, sentence, m),
                [cue for cue in CUES if cue in sentence],
                features(sentence, offset, m.end - m.start, m.role, here),
            )
        )
    return found


def _province(sentence_matches: list[TextMatch], term: TextMatch, issuer: str) -> tuple[str | None, str]:
    places = [m for m in sentence_matches if m.kind in ("province", "city") and m.refers_to]
    before = [m for m in places if m.end <= term.start]
    if before:
        return before[-1].refers_to, "named"
    if places:
        return places[0].refers_to, "named"
    if issuer.startswith("CN-"):
        return issuer, "issuer"
    return None, ""


def _region(sentence_matches: list[TextMatch], sentence: str, term: TextMatch) -> str | None:
    regions = [m for m in sentence_matches if m.kind == "region"]
    if regions:
        nearest = min(regions, key=lambda m: abs(term.start - m.end))
        return nearest.entry_id
    direction = DIRECTION.search(sentence)
    if direction:
        return DIRECTIONS[direction.group(1)]
    return None


def score_candidates(candidates: list[Candidate], classifier: Pipeline) -> None:
    """Set each candidate's ``score``: one classifier call for the whole document."""
    if candidates:
        scores = classifier.predict_proba(pd.DataFrame([c.features for c in candidates]))[:, 1]
        for candidate, score in zip(candidates, np.asarray(scores)):
            candidate.score = float(score)


def is_designation(candidate: Candidate, threshold: float = 0.5) -> bool:
    """The classifier accepts it and a province claims it."""
    return candidate.score >= threshold and candidate.province is not None


def designations(doc_id: str, candidates: list[Candidate]) -> list[dict]:
    """Designation rows for the scored candidates that :func:`is_designation` accepts."""
    rows = []
    for candidate in candidates:
        if is_designation(candidate):
            m = candidate.match
            rows.append(
                {
                    "doc_id": doc_id, "province": candidate.province, "role": m.role, "region": candidate.region or "",
                    "wording": candidate.sentence[max(0, candidate.offset - 12) : candidate.offset + (m.end - m.start)],
                    "sentence_index": m.sentence_index, "start": m.start, "end": m.end,
                    "confidence": round(candidate.score, 3), "method": f"classifier+{candidate.province_via}",
                }
            )
    return rows


def cross_validate(tagger: Tagger, folds: int = 5) -> dict[str, float]:
    """Mean F1 of the classifier and of the rule baseline on the same folds.

    Folds are grouped by document, so that no report is seen in training and testing.
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    frame = training_frame(tagger)
    labels = frame["label"].to_numpy()
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
    classifier_scores, rule_scores = [], []
    for train_index, test_index in splitter.split(frame, labels, groups=frame["doc"]):
        model = make_classifier().fit(frame.iloc[train_index], labels[train_index])
        test = frame.iloc[test_index]
        classifier_scores.append(f1_score(labels[test_index], model.predict(test)))
        rule_scores.append(f1_score(labels[test_index], [rule_baseline(row) for row in test.to_dict("records")]))
    return {
        "classifier_f1": float(np.mean(classifier_scores)),
        "rule_baseline_f1": float(np.mean(rule_scores)),
        "candidates": len(frame),
        "positives": int(labels.sum()),
        "folds": folds,
    }
