"""The role classifier: a scikit-learn estimator fitted on the lexicon's annotations.

:class:`RoleClassifier` follows scikit-learn's conventions (``__init__`` stores its
parameters, ``fit`` returns self, fitted state ends in an underscore), so it can be
cloned, cross-validated and swapped. :func:`fitted_classifier` fits it on the reviewable
annotations of the lexicon in use (``annotations/roles.jsonl`` in that lexicon's folder)
and keeps it for that lexicon version; no model file is shipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.validation import check_is_fitted

from phrasebook.attribute.roles import NUMERIC, Candidate, features, rule_baseline
from phrasebook.errors import AnnotationError
from phrasebook.lexicon import Lexicon
from phrasebook.tagger import Tagger

ANNOTATIONS = Path("annotations") / "roles.jsonl"


class RoleClassifier(ClassifierMixin, BaseEstimator):
    """Designation or not, from the columns :func:`phrasebook.attribute.roles.features`
    gives (``window``, ``role`` and the numeric ones)."""

    def __init__(self, C: float = 3.0):
        self.C = C

    def fit(self, frame: pd.DataFrame, labels: Any) -> RoleClassifier:
        columns = ColumnTransformer(
            [
                ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), "window"),
                ("role", OneHotEncoder(handle_unknown="ignore"), ["role"]),
                ("structure", "passthrough", NUMERIC),
            ]
        )
        model = LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", random_state=0, max_iter=1000)
        self.pipeline_ = Pipeline([("features", columns), ("model", model)]).fit(frame, labels)
        self.classes_ = self.pipeline_.classes_
        return self

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(frame)

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict(frame)


def annotation_path(lexicon: Lexicon) -> Path:
    """The role annotations of ``lexicon`` (in its own folder, not the bundled one)."""
    return lexicon.root / ANNOTATIONS


def training_frame(tagger: Tagger, path: Path | None = None) -> pd.DataFrame:
    """Features and labels of every annotated candidate (of the tagger's lexicon)."""
    path = path or annotation_path(tagger.lexicon)
    if not path.is_file():
        raise AnnotationError(f"{path}: no role annotations; the role classifier is trained from them (see lexicon/README.md)")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            sentence, wording, label, doc = record["sentence"], record["wording"], int(record["label"]), record["doc"]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise AnnotationError(f"{path}:{number}: not an annotation record ({exc})") from exc
        offset = sentence.find(wording)
        if offset < 0:
            raise AnnotationError(f"{path}:{number}: wording {wording!r} is not in its sentence")
        role = record.get("role") or _role_of(tagger, wording)
        row = features(sentence, offset, len(wording), role, tagger.matches(sentence))
        row.update(label=label, doc=doc)
        rows.append(row)
    return pd.DataFrame(rows)


def _role_of(tagger: Tagger, wording: str) -> str:
    roles = [m.role for m in tagger.matches(wording) if m.role]
    return roles[0] if roles else ""


_FITTED: dict[str, RoleClassifier] = {}


def fitted_classifier(tagger: Tagger) -> RoleClassifier:
    """The classifier fitted on the annotations of the tagger's lexicon, kept per lexicon
    version (deterministic: the same annotations give the same model)."""
    version = tagger.lexicon.version
    if version not in _FITTED:
        frame = training_frame(tagger)
        _FITTED[version] = RoleClassifier().fit(frame, frame["label"].to_numpy())
    return _FITTED[version]


def score_candidates(candidates: list[Candidate], classifier: RoleClassifier) -> None:
    """Set each candidate's ``score`` in one classifier call (pass a whole corpus's)."""
    if candidates:
        scores = classifier.predict_proba(pd.DataFrame([c.features for c in candidates]))[:, 1]
        for candidate, score in zip(candidates, scores):
            candidate.score = float(score)


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
        model = RoleClassifier().fit(frame.iloc[train_index], labels[train_index])
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
