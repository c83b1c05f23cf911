"""Fitted linear models as plain numbers, stored as JSON and applied with numpy.

The role and event classifiers are scikit-learn pipelines (character TF-IDF blocks,
one-hot categories and numeric features side by side, then a logistic regression).
:class:`LinearModel` keeps what such a pipeline learned (each block's vocabulary and IDF
weights, the categories, the block weights, the coefficients) and nothing executable,
so a stored model can be read in a review and loaded without trusting its source (no
pickle), and applied without scikit-learn (importing it costs more than the rest of a
one-sentence run). :func:`cached_model` fits a model once per content hash of what it learns
from and keeps it: in the package for the bundled lexicon, else in the user's cache.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from phrasebook.cache import read_cached, write_cached

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

MODELS = Path(__file__).parent / "models"
DIGITS = 8
"""Significant digits stored of each weight: scores move by less than 1e-6, the file is half as long."""
_TEXT_PARAMETERS = ("analyzer", "ngram_range", "sublinear_tf", "lowercase", "norm", "use_idf", "smooth_idf")


@dataclass
class Block:
    """One block of the features: a text column (character n-grams with ``vocabulary`` and
    ``idf``, as scikit-learn's TfidfVectorizer makes them), one-hot ``categories`` of one
    column, or numeric ``columns`` as they are; each times its ``weight``."""

    name: str
    columns: list[str]
    weight: float = 1.0
    text: dict[str, Any] | None = None  # the TF-IDF settings
    vocabulary: dict[str, int] | None = None
    idf: np.ndarray | None = None
    categories: list[str] | None = None

    def width(self) -> int:
        if self.vocabulary is not None:
            return len(self.vocabulary)
        return len(self.categories) if self.categories is not None else len(self.columns)

    def scores(self, frame: pd.DataFrame, coef: np.ndarray) -> np.ndarray:
        """Each row's features times ``coef`` (one column per class), summed."""
        if self.vocabulary is None:
            return self.values(frame) @ coef
        out = np.zeros((len(frame), coef.shape[1]))
        for row, text in enumerate(frame[self.columns[0]].fillna("").astype(str)):
            columns, values = self._tfidf(text)
            out[row] = values @ coef[columns]
        return out * self.weight

    def values(self, frame: pd.DataFrame) -> np.ndarray:
        """The block's features as a dense matrix (rows x width); for text, one row at a time."""
        if self.vocabulary is not None:
            out = np.zeros((len(frame), self.width()))
            for row, text in enumerate(frame[self.columns[0]].fillna("").astype(str)):
                columns, values = self._tfidf(text)
                out[row, columns] = values
            return out * self.weight
        if self.categories is not None:
            index = {category: i for i, category in enumerate(self.categories)}
            out = np.zeros((len(frame), len(self.categories)))
            for row, value in enumerate(frame[self.columns[0]]):
                if str(value) in index:
                    out[row, index[str(value)]] = 1.0
            return out * self.weight
        return frame[self.columns].to_numpy(dtype=float) * self.weight

    def _tfidf(self, text: str) -> tuple[list[int], np.ndarray]:
        """The columns of the vocabulary's n-grams in ``text`` and their TF-IDF values,
        normalised as the fitted vectorizer did."""
        counts = Counter(gram for gram in _char_ngrams(text, self.text) if gram in self.vocabulary)
        columns = [self.vocabulary[gram] for gram in counts]
        sublinear = self.text["sublinear_tf"]
        values = np.array([(1 + math.log(count) if sublinear else count) * self.idf[column] for column, count in zip(columns, counts.values())], dtype=float)
        norm = np.sqrt((values**2).sum()) if self.text.get("norm") == "l2" else 1.0
        return columns, values / norm if norm else values

    def feature_names(self) -> list[str]:
        if self.vocabulary is not None:
            return [f"{self.name}: {term}" for term, _ in sorted(self.vocabulary.items(), key=lambda item: item[1])]
        if self.categories is not None:
            return [f"{self.name}: {self.columns[0]}={category}" for category in self.categories]
        return [f"{self.name}: {column}" for column in self.columns]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "columns": self.columns, "weight": self.weight}
        if self.vocabulary is not None:
            data.update(text=self.text, vocabulary=dict(sorted(self.vocabulary.items(), key=lambda item: item[1])), idf=_rounded(self.idf))
        if self.categories is not None:
            data["categories"] = self.categories
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Block:
        idf = np.asarray(data["idf"], dtype=float) if "idf" in data else None
        vocabulary = {str(term): int(index) for term, index in data["vocabulary"].items()} if "vocabulary" in data else None
        return cls(data["name"], list(data["columns"]), float(data["weight"]), data.get("text"), vocabulary, idf, data.get("categories"))


_WHITE_SPACES = re.compile(r"\s\s+")


def _char_ngrams(text: str, settings: dict[str, Any]) -> list[str]:
    """The character n-grams scikit-learn's ``analyzer="char"`` makes of ``text``
    (lower-cased when asked, runs of white space made one space)."""
    if settings.get("analyzer") != "char" or settings.get("use_idf") is False:
        raise ValueError(f"a stored text block must be character n-grams with IDF weights, not {settings}")
    if settings.get("lowercase", True):
        text = text.lower()
    text = _WHITE_SPACES.sub(" ", text)
    low, high = settings["ngram_range"]
    return [text[i : i + n] for n in range(low, min(high, len(text)) + 1) for i in range(len(text) - n + 1)]


class LinearModel:
    """A logistic regression over :class:`Block` features: what is stored is what is used."""

    def __init__(self, blocks: list[Block], classes: list[Any], coef: np.ndarray, intercept: np.ndarray, key: str = ""):
        self.blocks, self.classes_ = blocks, np.asarray(classes)
        self.coef, self.intercept, self.key = np.atleast_2d(coef), np.atleast_1d(intercept), key

    @classmethod
    def from_pipeline(cls, pipeline: Pipeline, key: str = "") -> LinearModel:
        """The numbers of a fitted ``Pipeline([("features", ColumnTransformer), ("model", LogisticRegression)])``."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

        columns, model = pipeline.steps[0][1], pipeline.steps[-1][1]
        weights = columns.transformer_weights or {}
        blocks = []
        for name, transformer, selected in columns.transformers_:
            if name == "remainder":
                continue
            weight = float(weights.get(name, 1.0))
            if isinstance(transformer, TfidfVectorizer):
                settings = {key: transformer.get_params()[key] for key in _TEXT_PARAMETERS}
                settings["ngram_range"] = list(settings["ngram_range"])
                vocabulary = {str(term): int(index) for term, index in transformer.vocabulary_.items()}
                blocks.append(Block(name, [selected], weight, settings, vocabulary, transformer.idf_.copy()))
            elif isinstance(transformer, OneHotEncoder):
                blocks.append(Block(name, list(selected), weight, categories=[str(c) for c in transformer.categories_[0]]))
            elif transformer == "passthrough" or (isinstance(transformer, FunctionTransformer) and transformer.func is None):
                blocks.append(Block(name, list(selected), weight))
            else:
                raise TypeError(f"block {name!r}: {type(transformer).__name__} cannot be stored as numbers")
        return cls(blocks, model.classes_.tolist(), model.coef_, model.intercept_, key)

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        scores = np.tile(self.intercept, (len(frame), 1)).astype(float)
        start = 0
        for block in self.blocks:
            width = block.width()
            scores += block.scores(frame, self.coef[:, start : start + width].T)
            start += width
        if len(self.classes_) == 2:
            positive = 1 / (1 + np.exp(-scores[:, 0]))
            return np.column_stack([1 - positive, positive])
        scores -= scores.max(axis=1, keepdims=True)
        exponentials = np.exp(scores)
        return exponentials / exponentials.sum(axis=1, keepdims=True)

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        return self.classes_[self.predict_proba(frame).argmax(axis=1)]

    def feature_names(self) -> list[str]:
        return [name for block in self.blocks for name in block.feature_names()]

    def contributions(self, row: dict[str, Any], top: int = 6) -> list[tuple[str, float]]:
        """The features that pushed one row's score most (binary models), with their signed weight."""
        values = np.concatenate([block.values(pd.DataFrame([row]))[0] for block in self.blocks])
        weights = values * self.coef[0]
        names = self.feature_names()
        order = np.argsort(-np.abs(weights))[:top]
        return [(names[i], float(weights[i])) for i in order if weights[i] != 0]

    def to_json(self) -> dict[str, Any]:
        classes = [c.item() if hasattr(c, "item") else c for c in self.classes_]
        return {"key": self.key, "classes": classes, "blocks": [b.to_json() for b in self.blocks], "coef": [_rounded(row) for row in self.coef], "intercept": self.intercept.tolist()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        blocks = [Block.from_json(b) for b in data["blocks"]]
        return cls(blocks, data["classes"], np.asarray(data["coef"], dtype=float), np.asarray(data["intercept"], dtype=float), data.get("key", ""))


def _rounded(values: np.ndarray) -> list[float]:
    return [float(f"{value:.{DIGITS}g}") for value in values]


def content_key(paths: Iterable[Path], *, features: Iterable[str]) -> str:
    """What a model learns from: the files' contents, the feature names and scikit-learn's
    version (a new release may fit other numbers), as a short hash."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes() if path.is_file() else b"")
    digest.update("\n".join(features).encode())
    digest.update(version("scikit-learn").split(".")[0].encode())
    return digest.hexdigest()[:16]


def model_text(data: dict[str, Any]) -> str:
    """A model's JSON as it is stored, in the package or in the cache."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def write_model(data: dict[str, Any], path: Path) -> None:
    from phrasebook.output import write_text_atomically

    write_text_atomically(path, model_text(data))


def stored_model(path: Path) -> dict[str, Any] | None:
    """The JSON of a model shipped with phrasebook, or None."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


_LOADED: dict[tuple[str, str], Any] = {}


def cached_model(kind: str, key: str, *, fit: Callable[[], Any], to_json: Callable[[Any], dict], from_json: Callable[[dict], Any]) -> Any:
    """The model of ``kind`` fitted on content ``key``: the one shipped in the package when
    its key matches, else the user's cached copy, else fitted now and cached (once per
    content, never per call)."""
    if (kind, key) in _LOADED:
        return _LOADED[(kind, key)]
    shipped = stored_model(MODELS / f"{kind}.json")
    if shipped is not None and shipped.get("key") == key:
        model = from_json(shipped)
    else:
        cached = read_cached(f"models-{kind}", key)
        if cached is not None:
            model = from_json(json.loads(cached))
        else:
            model = fit()
            write_cached(f"models-{kind}", key, model_text(to_json(model)))
    _LOADED[(kind, key)] = model
    return model
