"""The event classifier: whether a sentence reports a province's engagement, and its type.

:class:`EventClassifier` is a scikit-learn estimator whose target is the event's type
or ``none`` (not an event). It fits two logistic regressions over the characters of the
normalised sentence and the keyword features of
:func:`phrasebook.attribute.events.event_features`: a detector (event or not) and, on the
events, a typer. It is fitted on the annotations of the lexicon in use
(``annotations/events.jsonl``); ``phrasebook train events`` stores it as JSON in the
package, and :mod:`phrasebook.attribute.event_model` runs it. :func:`evaluate_events`
measures it beside the rule baseline on the development split (cross-validation grouped
by document, and leaving one kind of source out) and on the test split, which nothing
else looks at; the split is a hash of the document id, as for roles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from phrasebook.attribute.evaluate import read_gold
from phrasebook.attribute.event_model import (
    DETECTOR_C,
    NONE,
    PAGES,
    PAIRS,
    TYPER_C,
    TYPER_MIN_DF,
    StoredEventClassifier,
    _event_and_type,
    annotation_path,
    model_key,
)
from phrasebook.attribute.events import EVENT_NUMERIC, EVENT_TYPES, event_features, rule_event, rule_type
from phrasebook.attribute.linear_model import LinearModel
from phrasebook.attribute.records import read_records
from phrasebook.lexicon import Lexicon
from phrasebook.normalize import normalize


class EventClassifier(ClassifierMixin, BaseEstimator):
    """Type of engagement (or ``none``) of a sentence, from its event features: a detector
    (event or not) and a typer (which type, fitted on the events), each a logistic
    regression over the sentence's characters and the keyword indicators."""

    def __init__(self, C: float = DETECTOR_C, type_C: float = TYPER_C):
        self.C = C
        self.type_C = type_C

    def fit(self, frame: pd.DataFrame, labels: Any) -> EventClassifier:
        """Fit the detector on the rows whose ``detect`` is true (all, without that column:
        the sentences of a pair teach only the typer) and the typer on every event."""
        labels = np.asarray(labels)
        detect = frame["detect"].to_numpy(dtype=bool) if "detect" in frame else np.ones(len(frame), dtype=bool)
        self.detector_ = _pipeline(self.C).fit(frame[detect], labels[detect] != NONE)
        return self._fit_typer(frame, labels)

    def with_typer_fitted(self, frame: pd.DataFrame, labels: Any) -> EventClassifier:
        """A copy that keeps this detector and fits its typer on ``frame``. The detector
        learns from the ``detect`` rows only, so fits that differ only in the typing pairs
        (one per site fold in an evaluation) need one detector, not one each."""
        check_is_fitted(self, "detector_")
        copy = clone(self)
        copy.detector_ = self.detector_
        return copy._fit_typer(frame, np.asarray(labels))

    def _fit_typer(self, frame: pd.DataFrame, labels: np.ndarray) -> EventClassifier:
        is_event = labels != NONE
        self.typer_ = _pipeline(self.type_C, TYPER_MIN_DF).fit(frame[is_event], labels[is_event]) if len(set(labels[is_event])) > 1 else None
        self.classes_ = np.array(sorted(set(labels)))
        return self

    def event_and_type(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
        """(probability of an event, most likely type, that type's probability) per row."""
        check_is_fitted(self, "detector_")
        return _event_and_type(self.detector_, self.typer_, self.classes_, frame)

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        event, types, _ = self.event_and_type(frame)
        return np.where(event >= 0.5, np.array(types, dtype=object), NONE)


def _pipeline(C: float, min_df: int = 1) -> Pipeline:
    columns = ColumnTransformer(
        [
            ("sentence", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=min_df), "sentence"),
            ("keywords", "passthrough", EVENT_NUMERIC),
        ]
    )
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=0)
    return Pipeline([("features", columns), ("model", model)])


def training_frame(lexicon: Lexicon, path: Path | None = None) -> pd.DataFrame:
    """Features, target (type or ``none``), document and source kind of every annotated sentence."""
    path = path or annotation_path(lexicon)
    rows = read_records(
        path, what="an event annotation", check=_training_row,
        absent=f"{path}: no event annotations; the event classifier is trained from them (see lexicon/README.md)",
    )
    return pd.DataFrame(rows)


def typing_frame(lexicon: Lexicon) -> pd.DataFrame:
    """The engaged pairs of the annotated web pages as typing examples: the sentence the
    annotator gave with its type, and the page's site (``group``). They teach the typer the
    wording of news and offices' pages; not the detector (``detect`` false), which learns
    from whole annotated sentences only."""
    sites = {p["page"]: p["site"] for p in read_gold(lexicon.root / PAGES, ("page", "site"))}
    rows = []
    for record in read_gold(lexicon.root / PAIRS, ("page", "actor", "partner", "engagement")):
        if record["engagement"] and record.get("type") in EVENT_TYPES and record.get("sentence"):
            row = event_features(normalize(record["sentence"]).text.strip())
            row.update(target=record["type"], doc=str(record["page"]), source_kind="web_page", detect=False, group=sites.get(record["page"], ""))
            rows.append(row)
    return pd.DataFrame(rows)


def fitting_frame(lexicon: Lexicon) -> pd.DataFrame:
    """All the shipped classifier is fitted on: the annotated sentences and the typed pairs."""
    return pd.concat([training_frame(lexicon), typing_frame(lexicon)], ignore_index=True)


def _training_row(record: dict, line: int) -> dict:
    event, kind = int(record["event"]), record.get("type")
    if event and kind not in EVENT_TYPES:
        raise ValueError(f"type {kind!r} is not one of {', '.join(EVENT_TYPES)}")
    row = event_features(normalize(record["sentence"]).text.strip())
    row.update(target=kind if event else NONE, doc=str(record["doc"]), source_kind=record.get("source_kind", ""), detect=True)
    return row


def train_event_model(lexicon: Lexicon) -> StoredEventClassifier:
    """Fit on every event annotation of ``lexicon`` and, for the typer, the typed pairs of
    its web pages (``phrasebook train events``)."""
    frame, key = fitting_frame(lexicon), model_key(lexicon)
    fitted = EventClassifier().fit(frame, frame["target"].to_numpy())
    typer = LinearModel.from_pipeline(fitted.typer_, key) if fitted.typer_ is not None else None
    return StoredEventClassifier(LinearModel.from_pipeline(fitted.detector_, key), typer, fitted.classes_.tolist())


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
