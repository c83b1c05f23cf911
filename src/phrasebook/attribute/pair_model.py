"""The engagement pair model as phrasebook runs it: the numbers shipped in the package
(``models/engagement_pairs.json``: vocabulary, IDF weights, scaling and coefficients, no
pickle, with the hash of the annotations it was fitted on), applied without
scikit-learn. Fitting and measuring are in :mod:`phrasebook.attribute.engagement_model`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from phrasebook.attribute.engagement_pairs import PAIR_FEATURES, PairCandidate
from phrasebook.attribute.linear_model import MODELS, Block

MODEL_PATH = MODELS / "engagement_pairs.json"
TEXT_C = 3.0
TEXT_SETTINGS = {"analyzer": "char", "ngram_range": [1, 2], "sublinear_tf": True, "lowercase": True, "norm": "l2", "use_idf": True, "smooth_idf": True}
"""The character n-grams of the pair's sentences, as the fitted TfidfVectorizer made them."""


class PairModel:
    """The fitted chosen approach (``engagement_model.CHOSEN``) as plain numbers (vocabulary, IDF weights,
    scaling, coefficients), applied with numpy: what is stored is what is used."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float, annotations: str = ""):
        self.text = Block("text", ["context"], text=TEXT_SETTINGS, vocabulary=vocabulary, idf=np.asarray(idf, dtype=float))
        self.mean, self.scale, self.coef, self.intercept = mean, scale, coef, intercept
        self.annotations = annotations

    def scores(self, frame: pd.DataFrame) -> np.ndarray:
        """The probability that each pair (a frame with ``context`` and PAIR_FEATURES) engaged."""
        if frame.empty:
            return np.zeros(0)
        width = self.text.width()
        words = self.text.scores(frame, self.coef[:width].reshape(-1, 1))[:, 0]
        features = ((frame[PAIR_FEATURES].to_numpy(dtype=float) - self.mean) / self.scale) @ self.coef[width:]
        return 1 / (1 + np.exp(-(words + features + self.intercept)))

    def to_json(self) -> dict:
        return {
            "annotations": self.annotations, "features": PAIR_FEATURES, "C": TEXT_C,
            "vocabulary": dict(sorted(((t, int(c)) for t, c in self.text.vocabulary.items()), key=lambda kv: kv[1])),
            "idf": self.text.idf.tolist(), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
            "coef": self.coef.tolist(), "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, data: dict) -> PairModel:
        if data["features"] != PAIR_FEATURES:
            raise ValueError("the stored engagement model has other features than this phrasebook: run `phrasebook train engagements`")
        arrays = (np.asarray(data[key], dtype=float) for key in ("idf", "mean", "scale", "coef"))
        return cls(data["vocabulary"], *arrays, float(data["intercept"]), data.get("annotations", ""))


@lru_cache(maxsize=4)
def load_pair_model(path: Path = MODEL_PATH) -> PairModel:
    return PairModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def candidates_frame(candidates: list[PairCandidate]) -> pd.DataFrame:
    """The candidates as the models read them: their features and their sentences."""
    return pd.DataFrame([{**c.features, "context": c.context} for c in candidates], columns=["context", *PAIR_FEATURES])
