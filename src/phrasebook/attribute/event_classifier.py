"""The event classifier: whether a sentence reports a province's engagement, and its type.

:class:`EventClassifier` is a scikit-learn estimator whose target is the event's type
or ``none`` (not an event). It fits two logistic regressions over the characters of the
normalised sentence and the keyword features of
:func:`phrasebook.attribute.events.event_features`: a detector (event or not) and, on the
events, a typer. It is fitted on the annotations of the lexicon in use
(``annotations/events.jsonl``); ``phrasebook train events`` stores it as JSON in the
package (``models/events.json``, no pickle) and :func:`fitted_classifier` loads it. :func:`evaluate_events`
measures it beside the rule baseline on the development split (cross-validation grouped
by document, and leaving one kind of source out) and on the test split, which nothing
else looks at; the split is a hash of the document id, as for roles.
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
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from phrasebook.attribute.events import EVENT_NUMERIC, EVENT_TYPES, EventCandidate, event_features, rule_event, rule_type
from phrasebook.attribute.linear_model import LinearModel, cached_model, content_key
from phrasebook.errors import AnnotationError
from phrasebook.lexicon import Lexicon
from phrasebook.normalize import normalize

ANNOTATIONS = Path("annotations") / "events.jsonl"
NONE = "none"


class EventClassifier(ClassifierMixin, BaseEstimator):
    """Type of engagement (or ``none``) of a sentence, from its event features: a detector
    (event or not) and a typer (which type, fitted on the events), each a logistic
    regression over the sentence's characters and the keyword indicators."""

    def __init__(self, C: float = 30.0, type_C: float = 10.0):
        self.C = C
        self.type_C = type_C

    def fit(self, frame: pd.DataFrame, labels: Any) -> EventClassifier:
        labels = np.asarray(labels)
        is_event = labels != NONE
        self.detector_ = _pipeline(self.C).fit(frame, is_event)
        self.typer_ = _pipeline(self.type_C).fit(frame[is_event], labels[is_event]) if len(set(labels[is_event])) > 1 else None
        self.classes_ = np.array(sorted(set(labels)))
        return self

    def event_and_type(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
        """(probability of an event, most likely type, that type's probability) per row."""
        check_is_fitted(self, "detector_")
        return _event_and_type(self.detector_, self.typer_, self.classes_, frame)

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        event, types, _ = self.event_and_type(frame)
        return np.where(event >= 0.5, np.array(types, dtype=object), NONE)


def _event_and_type(detector: Any, typer: Any, classes: np.ndarray, frame: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
    """What a detector and a typer (fitted pipelines or their stored numbers) say of each row."""
    event = detector.predict_proba(frame)[:, list(detector.classes_).index(True)]
    if typer is None:
        only = [c for c in classes if c != NONE]
        return event, [only[0] if only else "other"] * len(frame), np.ones(len(frame))
    types = typer.predict_proba(frame)
    best = types.argmax(axis=1)
    return event, [str(typer.classes_[i]) for i in best], types[np.arange(len(frame)), best]


def _pipeline(C: float) -> Pipeline:
    columns = ColumnTransformer(
        [
            ("sentence", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), "sentence"),
            ("keywords", "passthrough", EVENT_NUMERIC),
        ]
    )
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=0)
    return Pipeline([("features", columns), ("model", model)])


def annotation_path(lexicon: Lexicon) -> Path:
    return lexicon.root / ANNOTATIONS


def training_frame(lexicon: Lexicon, path: Path | None = None) -> pd.DataFrame:
    """Features, target (type or ``none``), document and source kind of every annotated sentence."""
    path = path or annotation_path(lexicon)
    if not path.is_file():
        raise AnnotationError(f"{path}: no event annotations; the event classifier is trained from them (see lexicon/README.md)")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            event, kind = int(record["event"]), record.get("type")
            if event and kind not in EVENT_TYPES:
                raise ValueError(f"type {kind!r} is not one of {', '.join(EVENT_TYPES)}")
            row = event_features(normalize(record["sentence"]).text.strip())
            row.update(target=kind if event else NONE, doc=str(record["doc"]), source_kind=record.get("source_kind", ""))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise AnnotationError(f"{path}:{number}: not an event annotation ({exc})") from exc
        rows.append(row)
    return pd.DataFrame(rows)


class StoredEventClassifier:
    """The fitted detector and typer as numbers (:class:`LinearModel`), as phrasebook runs them."""

    def __init__(self, detector: LinearModel, typer: LinearModel | None, classes: list[str]):
        self.detector, self.typer, self.classes_ = detector, typer, np.asarray(classes)

    @classmethod
    def fit(cls, frame: pd.DataFrame, key: str = "") -> StoredEventClassifier:
        fitted = EventClassifier().fit(frame, frame["target"].to_numpy())
        typer = LinearModel.from_pipeline(fitted.typer_, key) if fitted.typer_ is not None else None
        return cls(LinearModel.from_pipeline(fitted.detector_, key), typer, fitted.classes_.tolist())

    def event_and_type(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
        """(probability of an event, most likely type, that type's probability) per row."""
        return _event_and_type(self.detector, self.typer, self.classes_, frame)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.detector.key, "classes": self.classes_.tolist(), "detector": self.detector.to_json(), "typer": self.typer.to_json() if self.typer else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredEventClassifier:
        typer = LinearModel.from_json(data["typer"]) if data["typer"] else None
        return cls(LinearModel.from_json(data["detector"]), typer, data["classes"])


def model_key(lexicon: Lexicon) -> str:
    """What the event classifier learns from: the annotated sentences, its features and settings."""
    defaults = EventClassifier()
    return content_key([annotation_path(lexicon)], features=[*EVENT_NUMERIC, str(defaults.C), str(defaults.type_C)])


def train_event_model(lexicon: Lexicon) -> StoredEventClassifier:
    """Fit on every event annotation of ``lexicon`` (``phrasebook train events``)."""
    return StoredEventClassifier.fit(training_frame(lexicon), model_key(lexicon))


def fitted_classifier(lexicon: Lexicon) -> StoredEventClassifier:
    """The event classifier of ``lexicon``: loaded (shipped, or cached after one fit for a
    lexicon with other annotations), never refitted per call."""
    return cached_model("events", model_key(lexicon), fit=lambda: train_event_model(lexicon), to_json=StoredEventClassifier.to_json, from_json=StoredEventClassifier.from_json)


def score_events(candidates: list[EventCandidate], classifier: EventClassifier) -> None:
    """Set each candidate's event probability and type, in one call."""
    if candidates:
        event, types, type_scores = classifier.event_and_type(pd.DataFrame([c.features for c in candidates]))
        for candidate, score, kind, kind_score in zip(candidates, event, types, type_scores):
            candidate.score, candidate.type, candidate.type_score = float(score), kind, float(kind_score)


def evaluate_events(frame: pd.DataFrame, folds: int = 5) -> pd.DataFrame:
    """Event detection (precision, recall, F1) and type accuracy on the true events, for
    the classifier and the rule baseline: out of fold on the development split (grouped by
    document; leaving one kind of source out), and on the test split fitted on the
    development split."""
    from phrasebook.attribute.role_classifier import split_of

    splits = frame["doc"].map(split_of)
    development = frame[splits == "dev"].reset_index(drop=True)
    test = frame[splits == "test"].reset_index(drop=True)
    labels = development["target"].to_numpy()
    grouped = list(StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0).split(development, labels != NONE, groups=development["doc"]))
    kinds = development["source_kind"].to_numpy()
    by_kind = [(np.flatnonzero(kinds != kind), np.flatnonzero(kinds == kind)) for kind in sorted(set(kinds))]
    rows = []
    for scheme, data, splitting in (("grouped", development, grouped), ("leave-source-out", development, by_kind), ("test split", test, None)):
        for model in ("classifier", "rule baseline"):
            predicted = _predicted(model, development, data, splitting)
            rows.append({"model": model, "validation": scheme, **_event_scores(data["target"].to_numpy(), predicted)})
    return pd.DataFrame(rows)


def _predicted(model: str, development: pd.DataFrame, data: pd.DataFrame, splitting: list | None) -> np.ndarray:
    """Predicted targets of ``data``: out of fold over ``splitting``, else fitted on ``development``."""
    if model == "rule baseline":
        records = data.to_dict("records")
        return np.array([rule_type(r) if rule_event(r) else NONE for r in records], dtype=object)
    if splitting is None:
        return EventClassifier().fit(development, development["target"].to_numpy()).predict(data)
    predicted = np.array([NONE] * len(data), dtype=object)
    labels = data["target"].to_numpy()
    for train, test in splitting:
        predicted[test] = EventClassifier().fit(data.iloc[train], labels[train]).predict(data.iloc[test])
    return predicted


def _event_scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    is_event, detected = truth != NONE, predicted != NONE
    both = is_event & detected
    return {
        "precision": float(precision_score(is_event, detected, zero_division=0)),
        "recall": float(recall_score(is_event, detected, zero_division=0)),
        "f1": float(f1_score(is_event, detected, zero_division=0)),
        "type_accuracy": float((predicted[both] == truth[both]).mean()) if both.any() else 0.0,
        "sentences": int(len(truth)),
        "events": int(is_event.sum()),
    }
