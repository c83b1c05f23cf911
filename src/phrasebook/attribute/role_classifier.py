"""The role classifier: a scikit-learn estimator fitted on the lexicon's annotations.

:class:`RoleClassifier` follows scikit-learn's conventions (``__init__`` stores its
parameters, ``fit`` returns self, fitted state ends in an underscore), so it can be
cloned, cross-validated and swapped. Its ``family`` parameter chooses the model:

- ``window``: logistic regression over the characters around the head, the role class
  and the structural features of :meth:`phrasebook.attribute.roles.RoleReader.features`;
- ``phrase``: logistic regression over the designation phrase's characters and the role;
- ``boosting``: gradient boosting over the structural features and the role;
- ``combined``: logistic regression over phrase and window characters, role and structure.

:func:`train_role_model` fits the shipped family on every annotation of the lexicon in
use (``annotations/roles.jsonl`` in that lexicon's folder); ``phrasebook train roles``
stores it as JSON in the package, and :mod:`phrasebook.attribute.role_model` runs it. :func:`select_models` measures every family and the
rule baseline on the development split only (cross-validation grouped by document, and
leave one kind of source out); :func:`held_out_scores` fits on the development split and
scores the test split, which nothing else looks at. The split is decided by a hash of
the document id, so a traditional-script or web copy of a document stays on its side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.validation import check_is_fitted

from phrasebook.attribute.linear_model import LinearModel
from phrasebook.attribute.records import read_records
from phrasebook.attribute.role_model import (
    SHIPPED_FAMILY,
    STRUCTURE_WEIGHT,
    StoredRoleClassifier,
    annotation_path,
    model_key,
    with_exclusions,
)
from phrasebook.attribute.roles import NUMERIC, RoleReader, _places, role_reader, rule_baseline
from phrasebook.errors import AnnotationError
from phrasebook.tagger import Tagger

FAMILIES = ("window", "phrase", "boosting", "combined")
TEST_SHARE = 5
"""One document in this many (by a hash of its id) is in the test split."""
SOURCE_KINDS = {"prov": "provincial_report", "gwr": "national_report", "fyp14": "plan", "fyp15": "plan", "cpc": "party_congress", "xwlb": "news"}


class RoleClassifier(ClassifierMixin, BaseEstimator):
    """Designation or not, from the features of a role candidate (see the module notes)."""

    def __init__(self, family: str = SHIPPED_FAMILY, C: float = 10.0):
        self.family = family
        self.C = C

    def fit(self, frame: pd.DataFrame, labels: Any) -> RoleClassifier:
        if self.family not in FAMILIES:
            raise AnnotationError(f"unknown classifier family {self.family!r}; choose one of {', '.join(FAMILIES)}")
        self.pipeline_ = _pipeline(self.family, self.C).fit(frame, labels)
        self.classes_ = self.pipeline_.classes_
        return self

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "pipeline_")
        return with_exclusions(frame, self.pipeline_.predict_proba(frame))

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        return self.classes_[(self.predict_proba(frame)[:, 1] >= 0.5).astype(int)]

    def contributions(self, row: dict[str, Any], top: int = 6) -> list[tuple[str, float]]:
        """The features that pushed one candidate's score most, with their signed weight
        (a linear family's coefficient times the feature's value); empty for boosting."""
        check_is_fitted(self, "pipeline_")
        model = self.pipeline_.named_steps["model"]
        if not hasattr(model, "coef_"):
            return []
        transformer = self.pipeline_.named_steps["features"]
        values = transformer.transform(pd.DataFrame([row]))
        values = values.toarray()[0] if hasattr(values, "toarray") else np.asarray(values)[0]
        weights = values * model.coef_[0]
        names = transformer.get_feature_names_out()
        order = np.argsort(-np.abs(weights))[:top]
        return [(str(names[i]).replace("__", ": "), float(weights[i])) for i in order if weights[i] != 0]


def _pipeline(family: str, C: float) -> Pipeline:
    role = ("role", OneHotEncoder(handle_unknown="ignore"), ["role"])
    structure = ("structure", "passthrough", NUMERIC)
    if family == "boosting":
        columns = ColumnTransformer([("role", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["role"]), structure])
        return Pipeline([("features", columns), ("model", HistGradientBoostingClassifier(max_iter=200, learning_rate=0.1, class_weight="balanced", random_state=0))])
    chars = {
        "window": [("window", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), "window")],
        "phrase": [("phrase", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), "phrase")],
        "combined": [
            ("phrase", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), "phrase"),
            ("window", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), "window"),
        ],
    }[family]
    parts = [*chars, role] + ([structure] if family != "phrase" else [])
    model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", random_state=0, max_iter=2000)
    # The structural features weigh half as much as the characters (chosen on the development split).
    columns = ColumnTransformer(parts, transformer_weights={"structure": STRUCTURE_WEIGHT})
    return Pipeline([("features", columns), ("model", model)])


# -- annotations ------------------------------------------------------------------------------


def hash_bucket(key: str, buckets: int) -> int:
    """Which of ``buckets`` a key falls in, by its SHA-256 alone: the same key always lands
    in the same bucket, whatever else is added (the splits and folds of the annotations)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % buckets


def split_of(doc: str) -> str:
    """``test`` for one document in TEST_SHARE (by a hash of its id without the @copy
    suffix), else ``dev``."""
    return "test" if hash_bucket(doc.split("@")[0], TEST_SHARE) == 0 else "dev"


def source_kind(doc: str) -> str:
    """The kind of source of an annotated document, from its id."""
    if doc.endswith("@web"):
        return "web"
    return SOURCE_KINDS.get(doc.split("-")[0], "news")


def read_annotations(path: Path) -> list[dict[str, Any]]:
    """The annotation records, checked: :class:`AnnotationError` at ``path:line``."""
    return read_records(
        path, what="an annotation record", check=_annotation,
        absent=f"{path}: no role annotations; the role classifier is trained from them (see lexicon/README.md)",
    )


def _annotation(record: dict[str, Any], line: int) -> dict[str, Any]:
    record["label"] = int(record["label"])
    for key in ("doc", "sentence", "wording"):
        if not isinstance(record[key], str):
            raise TypeError(f"{key} must be a string")
    record["line"] = line
    return record


def annotation_features(tagger: Tagger, reader: RoleReader, record: dict[str, Any], where: str) -> dict[str, Any]:
    """The features of an annotated candidate, read exactly as at run time: the sentence is
    normalised and tagged, and the phrase is the one the reader finds for the annotated head."""
    sentence, wording = record["sentence"], record["wording"]
    offset = sentence.find(wording)
    if offset < 0:
        raise AnnotationError(f"{where}: wording {wording!r} is not in its sentence")
    tagged = tagger.tag(sentence)
    normalized = tagged.normalized
    places = _places(tagged.matches, normalized)
    low, high = normalized.to_normalized(offset), normalized.to_normalized(offset + len(wording) - 1) + 1
    inside = [p for p in reader.phrases(normalized.text, places) if p.head_start < high and low < p.head_end]
    if record.get("head"):
        inside = [p for p in inside if p.head == record["head"] or record["head"] in p.head] or inside
    if not inside:
        raise AnnotationError(f"{where}: no role head of roles.yaml overlaps the wording {wording!r}")
    phrase = inside[-1]
    features = reader.features(normalized.text, phrase, places)
    return {
        **features, "label": record["label"], "doc": record["doc"], "split": split_of(record["doc"]),
        "source_kind": record.get("source_kind") or source_kind(record["doc"]),
        "region_gold": record.get("region"), "region_read": reader.region(normalized.text, phrase, places),
    }


def training_frame(tagger: Tagger, path: Path | None = None) -> pd.DataFrame:
    """Features, labels, split and source kind of every annotated candidate."""
    path = path or annotation_path(tagger.lexicon)
    reader = role_reader(tagger.lexicon)
    rows = [annotation_features(tagger, reader, record, f"{path}:{record['line']}") for record in read_annotations(path)]
    return pd.DataFrame(rows)


def train_role_model(tagger: Tagger) -> StoredRoleClassifier:
    """Fit the shipped family on every annotation of the tagger's lexicon (``phrasebook train roles``)."""
    frame = training_frame(tagger)
    fitted = RoleClassifier().fit(frame, frame["label"].to_numpy())
    return StoredRoleClassifier(LinearModel.from_pipeline(fitted.pipeline_, model_key(tagger.lexicon)))



# -- measuring -------------------------------------------------------------------------------


def _scores(truth: np.ndarray, predicted: Iterable[int]) -> dict[str, float]:
    predicted = np.asarray(list(predicted))
    return {
        "precision": float(precision_score(truth, predicted, zero_division=0)),
        "recall": float(recall_score(truth, predicted, zero_division=0)),
        "f1": float(f1_score(truth, predicted, zero_division=0)),
    }


def _pooled(frame: pd.DataFrame, folds: Iterable[tuple[np.ndarray, np.ndarray]], family: str | None) -> dict[str, float]:
    """Scores of out-of-fold predictions pooled over all folds (``family`` None: the rule baseline)."""
    labels = frame["label"].to_numpy()
    predicted = np.zeros(len(frame), dtype=int)
    for train, test in folds:
        if family is None:
            predicted[test] = [rule_baseline(row) for row in frame.iloc[test].to_dict("records")]
        else:
            predicted[test] = RoleClassifier(family).fit(frame.iloc[train], labels[train]).predict(frame.iloc[test])
    return _scores(labels, predicted)


def select_models(frame: pd.DataFrame, folds: int = 5) -> pd.DataFrame:
    """Every family and the rule baseline on the development split: out-of-fold scores
    of cross-validation grouped by document, and of leaving one kind of source out."""
    development = frame[frame["split"] == "dev"].reset_index(drop=True)
    labels = development["label"].to_numpy()
    grouped = list(StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0).split(development, labels, groups=development["doc"].str.split("@").str[0]))
    kinds = development["source_kind"].to_numpy()
    by_kind = [(np.flatnonzero(kinds != kind), np.flatnonzero(kinds == kind)) for kind in sorted(set(kinds))]
    rows = []
    for family in (*FAMILIES, None):
        name = family or "rule baseline"
        for scheme, splits in (("grouped", grouped), ("leave-source-out", by_kind)):
            rows.append({"model": name, "validation": scheme, **_pooled(development, splits, family)})
    return pd.DataFrame(rows)


def held_out_scores(frame: pd.DataFrame, family: str = SHIPPED_FAMILY) -> dict[str, float]:
    """Fitted on the development split, scored on the untouched test split; with the
    region accuracy of the test split's designations (region read vs annotated)."""
    development, test = frame[frame["split"] == "dev"], frame[frame["split"] == "test"]
    model = RoleClassifier(family).fit(development, development["label"].to_numpy())
    result = _scores(test["label"].to_numpy(), model.predict(test))
    result["rule_baseline_f1"] = _scores(test["label"].to_numpy(), [rule_baseline(r) for r in test.to_dict("records")])["f1"]
    positives = test[test["label"] == 1]
    result["region_accuracy"] = float((positives["region_read"].fillna("") == positives["region_gold"].fillna("")).mean()) if len(positives) else 0.0
    result.update(candidates=len(test), positives=int(test["label"].sum()), documents=int(test["doc"].str.split("@").str[0].nunique()))
    return result
