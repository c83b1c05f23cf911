"""Document type for inputs without metadata: government work report, five-year plan
document, party congress report, foreign-affairs news item, or other news item.

The two news classes are labelled weakly, from the item's title: an item whose title
names a foreign country, region or bilateral compound (习近平会见越南总理, 中老铁路 ...) is
``foreign_affairs_news``; the classifier then learns to tell them apart from the body.

A logistic regression over character 1-2-grams (TF-IDF, sublinear) of a document's
first 3,000 characters, trained by ``phrasebook train doctype``
(:mod:`phrasebook.attribute.doctype_training`) and stored as plain JSON
(vocabulary, idf, coefficients), never as a pickle. Training is deterministic across
library versions: the vocabulary (the 3,000 most frequent n-grams) is chosen by the
training, ties broken by the n-gram itself, and every random state is fixed. Prediction re-applies the
stored numbers with numpy alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).parent / "models" / "doctype.json"
HEAD_CHARS = 3000


@dataclass(frozen=True)
class DocTypeModel:
    """The stored model, applied with numpy: n-gram counts → sublinear TF-IDF → softmax.

    ``keys`` are the vocabulary's n-grams as sorted integers (a character's code point,
    or two code points packed in one integer) and ``columns`` the column of each, so
    that a text's n-grams are looked up in one vectorised search.
    """

    keys: np.ndarray
    columns: np.ndarray
    idf: np.ndarray
    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray

    @classmethod
    def from_json(cls, data: dict) -> DocTypeModel:
        coded = sorted((_code(term), column) for term, column in data["vocabulary"].items())
        return cls(
            np.array([code for code, _ in coded], dtype=np.int64),
            np.array([column for _, column in coded], dtype=np.int64),
            np.asarray(data["idf"]),
            list(data["classes"]),
            np.asarray(data["coef"]),
            np.asarray(data["intercept"]),
        )

    def predict(self, texts: Iterable[str]) -> list[tuple[str, float]]:
        """(doc_type, probability) for each text."""
        return [self.predict_one(text) for text in texts]

    def predict_one(self, text: str) -> tuple[str, float]:
        points = np.frombuffer(text[:HEAD_CHARS].encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        codes = np.concatenate([points, (points[:-1] << 21) | points[1:]])
        positions = np.searchsorted(self.keys, codes)
        positions[positions >= len(self.keys)] = 0
        found = self.columns[positions[self.keys[positions] == codes]]
        counts = np.bincount(found, minlength=len(self.idf))
        present = np.flatnonzero(counts)
        weights = (1 + np.log(counts[present])) * self.idf[present]
        norm = float(np.sqrt(weights @ weights)) or 1.0
        scores = self.coef[:, present] @ (weights / norm) + self.intercept
        if len(self.classes) == 2:
            scores = np.array([-scores[0], scores[0]])
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        best = int(probabilities.argmax())
        return self.classes[best], round(float(probabilities[best]), 3)


def _code(term: str) -> int:
    return ord(term) if len(term) == 1 else (ord(term[0]) << 21) | ord(term[1])


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> DocTypeModel:
    return DocTypeModel.from_json(json.loads(path.read_text(encoding="utf-8")))
