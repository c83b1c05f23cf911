"""Document type for inputs without metadata: government work report, five-year plan
document, party congress report, foreign-affairs news item, or other news item.

The two news classes are labelled weakly, from the item's title: an item whose title
names a foreign country, region or bilateral compound (习近平会见越南总理, 中老铁路 ...) is
``foreign_affairs_news``; the classifier then learns to tell them apart from the body.

A logistic regression over character 1-2-grams (TF-IDF, sublinear, the 3,000 most
frequent) of a document's first 3,000 characters. It is trained by ``phrasebook train
doctype`` on the reference corpus's labels and stored as plain JSON (vocabulary, idf,
coefficients), never as a pickle; prediction below re-applies those numbers directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

MODEL_PATH = Path(__file__).parent / "models" / "doctype.json"
HEAD_CHARS = 3000
MAX_FEATURES = 3000


def news_label(title: str, tagger) -> str:
    """The weak label of a news item from its title (see the module docstring)."""
    foreign = any(m.kind in ("country", "region", "compound") for m in tagger.matches(title))
    return "foreign_affairs_news" if foreign else "news"


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, max_features=MAX_FEATURES)


def _classifier() -> LogisticRegression:
    return LogisticRegression(C=10.0, max_iter=2000, random_state=0)


def train(texts: list[str], labels: list[str], folds: int = 3) -> tuple[dict, float]:
    """Fit on ``texts``; return the JSON-ready model and the cross-validated accuracy."""
    heads = [t[:HEAD_CHARS] for t in texts]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    accuracy = float(np.mean(cross_val_score(make_pipeline(_vectorizer(), _classifier()), heads, labels, cv=splitter)))
    vectorizer = _vectorizer()
    matrix = vectorizer.fit_transform(heads)
    classifier = _classifier().fit(matrix, labels)
    model = {
        "vocabulary": {term: int(index) for term, index in vectorizer.vocabulary_.items()},
        "idf": vectorizer.idf_.round(6).tolist(),
        "classes": classifier.classes_.tolist(),
        "coef": classifier.coef_.round(6).tolist(),
        "intercept": classifier.intercept_.round(6).tolist(),
        "cv_accuracy": round(accuracy, 4),
        "trained_on": len(texts),
    }
    return model, accuracy


@dataclass(frozen=True)
class DocTypeModel:
    vocabulary: dict[str, int]
    idf: np.ndarray
    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray

    def predict(self, texts: Iterable[str]) -> list[tuple[str, float]]:
        """(doc_type, probability) for each text, by the stored TF-IDF and coefficients."""
        counts = CountVectorizer(analyzer="char", ngram_range=(1, 2), vocabulary=self.vocabulary).transform(
            [t[:HEAD_CHARS] for t in texts]
        )
        counts = counts.astype(float)
        counts.data = 1 + np.log(counts.data)
        weighted = counts.multiply(self.idf).tocsr()
        norms = np.sqrt(weighted.multiply(weighted).sum(axis=1)).A1
        norms[norms == 0] = 1
        scores = weighted.multiply(1 / norms[:, None]) @ self.coef.T + self.intercept
        if len(self.classes) == 2:
            scores = np.column_stack([-scores[:, 0], scores[:, 0]])
        probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        best = probabilities.argmax(axis=1)
        return [(self.classes[i], round(float(probabilities[row, i]), 3)) for row, i in enumerate(best)]


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> DocTypeModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return DocTypeModel(
        data["vocabulary"], np.asarray(data["idf"]), data["classes"], np.asarray(data["coef"]), np.asarray(data["intercept"])
    )
