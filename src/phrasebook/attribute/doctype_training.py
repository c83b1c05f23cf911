"""Training the document-type model (``phrasebook train doctype``): the training set read
from the reference corpus by the one pass, the vocabulary chosen deterministically, the
fit, and the model written as JSON for :mod:`phrasebook.facts.doctype` to load."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from phrasebook.facts.doctype import HEAD_CHARS
from phrasebook.lexicon import Lexicon

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


