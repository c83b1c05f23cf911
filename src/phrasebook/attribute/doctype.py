"""Document type for inputs without metadata: government work report, five-year plan
document, party congress report, foreign-affairs news item, or other news item.

The two news classes are labelled weakly, from the item's title: an item whose title
names a foreign country, region or bilateral compound (习近平会见越南总理, 中老铁路 ...) is
``foreign_affairs_news``; the classifier then learns to tell them apart from the body.

A logistic regression over character 1-2-grams (TF-IDF, sublinear) of a document's
first 3,000 characters, trained by ``phrasebook train doctype`` and stored as plain JSON
(vocabulary, idf, coefficients), never as a pickle. Training is deterministic across
library versions: the vocabulary (the 3,000 most frequent n-grams) is chosen here, ties
broken by the n-gram itself, and every random state is fixed. Prediction re-applies the
stored numbers with numpy alone.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from phrasebook.lexicon import Lexicon

MODEL_PATH = Path(__file__).parent / "models" / "doctype.json"
HEAD_CHARS = 3000
MAX_FEATURES = 3000
TRAINING_FOLDERS = ("national_gwr", "provincial_gwr", "five_year_plans", "cpc_congress")


def news_label(title: str, tagger) -> str:
    """The weak label of a news item from its title (see the module docstring)."""
    foreign = any(m.kind in ("country", "region", "compound") for m in tagger.matches(title))
    return "foreign_affairs_news" if foreign else "news"


def _ngrams(text: str) -> list[str]:
    head = text[:HEAD_CHARS]
    return [*head, *map(str.__add__, head, head[1:])]


def choose_vocabulary(heads: Sequence[str], size: int = MAX_FEATURES) -> list[str]:
    """The ``size`` n-grams most frequent over all heads; ties go to the smaller n-gram,
    so that the choice does not depend on a library's sort."""
    counts: Counter[str] = Counter()
    for head in heads:
        counts.update(_ngrams(head))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return sorted(term for term, _ in ranked[:size])


def train(texts: list[str], labels: list[str], folds: int = 3) -> tuple[dict, float]:
    """Fit on ``texts``; return the JSON-ready model and the cross-validated accuracy."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    heads = [t[:HEAD_CHARS] for t in texts]
    vocabulary = choose_vocabulary(heads)

    def vectorizer() -> TfidfVectorizer:
        return TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, lowercase=False, vocabulary=vocabulary)

    def classifier() -> LogisticRegression:
        return LogisticRegression(C=10.0, max_iter=5000, random_state=0)

    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    accuracy = float(np.mean(cross_val_score(make_pipeline(vectorizer(), classifier()), heads, labels, cv=splitter)))
    fitted = vectorizer()
    matrix = fitted.fit_transform(heads)
    model = classifier().fit(matrix, labels)
    stored = {
        "vocabulary": {term: int(index) for term, index in sorted(fitted.vocabulary_.items())},
        "idf": fitted.idf_.round(6).tolist(),
        "classes": model.classes_.tolist(),
        "coef": model.coef_.round(6).tolist(),
        "intercept": model.intercept_.round(6).tolist(),
        "cv_accuracy": round(accuracy, 4),
        "trained_on": len(texts),
    }
    return stored, accuracy


def training_set(corpus: Path, *, news: int = 400, lexicon: Lexicon | None = None) -> tuple[list[str], list[str]]:
    """Texts and labels from the reference corpus: every document with a ``doc_type`` in
    the manifest, and ``news`` items (seeded sample) of the last two news years."""
    from phrasebook.pipeline import tag_corpus
    from phrasebook.tagger import Tagger

    tagger = Tagger(lexicon)
    texts, labels = [], []
    for item in tag_corpus([corpus / folder for folder in TRAINING_FOLDERS], tagger=tagger):
        if item.info.ok and item.part == 0 and item.info.meta.get("doc_type"):
            texts.append(item.text)
            labels.append(item.info.meta["doc_type"])
    news_files = sorted((corpus / "xwlb").glob("*.jsonl.gz"))[-2:]
    items = [(item.text, item.info.meta.get("title", "")) for item in tag_corpus(news_files, tagger=tagger) if item.info.ok]
    for text, title in random.Random(0).sample(items, min(news, len(items))):
        texts.append(text)
        labels.append(news_label(title, tagger))
    return texts, labels


def write_model(model: dict, path: Path) -> None:
    """Store the model as compact JSON, atomically."""
    from phrasebook.output import write_text_atomically

    write_text_atomically(path, json.dumps(model, ensure_ascii=False, separators=(",", ":")))


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
