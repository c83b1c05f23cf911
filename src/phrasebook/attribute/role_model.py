"""The role classifier as phrasebook runs it: the fitted numbers shipped in the package
(``models/roles.json``, written by ``phrasebook train roles``), loaded without
scikit-learn, and the guidelines' definitional exclusions. Training and measuring are in
:mod:`phrasebook.attribute.role_classifier`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from phrasebook.attribute.linear_model import LinearModel, cached_model, content_key
from phrasebook.attribute.roles import NUMERIC, Candidate
from phrasebook.errors import AnnotationError
from phrasebook.lexicon import Lexicon

if TYPE_CHECKING:
    from phrasebook.tagger import Tagger

ANNOTATIONS = Path("annotations") / "roles.jsonl"
SHIPPED_FAMILY = "combined"
STRUCTURE_WEIGHT = 0.5
EXCLUSIONS = ("national_corridor", "bare_in_list")
"""Features that make a candidate no designation by definition (GUIDELINES section 2)."""


def annotation_path(lexicon: Lexicon) -> Path:
    """The role annotations of ``lexicon`` (in its own folder, not the bundled one)."""
    return lexicon.root / ANNOTATIONS


def with_exclusions(frame: pd.DataFrame, probabilities: np.ndarray) -> np.ndarray:
    """The guidelines' definitional exclusions applied (section 2): a national corridor's
    name (西部陆海新通道) and a bare head in an enumeration (口岸、通道、物流货场) are never
    designations, whatever the words around."""
    excluded = np.zeros(len(frame), dtype=bool)
    for column in EXCLUSIONS:
        if column in frame:
            excluded |= frame[column].to_numpy(dtype=float) > 0
    probabilities[excluded] = [1.0, 0.0]
    return probabilities


class StoredRoleClassifier:
    """The shipped family's fitted numbers (:class:`LinearModel`), as phrasebook runs it."""

    def __init__(self, model: LinearModel):
        self.model = model
        self.classes_ = model.classes_

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        return with_exclusions(frame, self.model.predict_proba(frame))

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        return self.classes_[(self.predict_proba(frame)[:, 1] >= 0.5).astype(int)]

    def contributions(self, row: dict[str, Any], top: int = 6) -> list[tuple[str, float]]:
        return self.model.contributions(row, top)


def model_key(lexicon: Lexicon) -> str:
    """What the role classifier learns from: the annotations, the role vocabulary and the
    places (the features read both), the features and the shipped family's settings."""
    paths = [annotation_path(lexicon), lexicon.root / "roles.yaml", *sorted((lexicon.root / "places").glob("*.yaml"))]
    return content_key(paths, features=[*NUMERIC, *EXCLUSIONS, SHIPPED_FAMILY, str(STRUCTURE_WEIGHT)])


def fitted_classifier(tagger: Tagger, *, fit: Callable[[Tagger], StoredRoleClassifier] | None = None) -> StoredRoleClassifier:
    """The role classifier of the tagger's lexicon: loaded (shipped, or cached after one
    fit for a lexicon with other annotations), never refitted per call. ``fit`` fits one
    for other annotations (:func:`phrasebook.attribute.fitting.fit_roles`); without it,
    such a lexicon is an error that says what to run."""
    return cached_model(
        "roles", model_key(tagger.lexicon), fit=lambda: _fit_with(fit, tagger, "roles"),
        to_json=lambda model: model.model.to_json(), from_json=lambda data: StoredRoleClassifier(LinearModel.from_json(data)),
    )


def score_candidates(candidates: list[Candidate], classifier: StoredRoleClassifier) -> None:
    """Set each candidate's ``score`` in one classifier call (pass a whole corpus's)."""
    if candidates:
        scores = classifier.predict_proba(pd.DataFrame([c.features for c in candidates]))[:, 1]
        for candidate, score in zip(candidates, scores):
            candidate.score = float(score)



def _fit_with(fit: Callable[[Tagger], StoredRoleClassifier] | None, tagger: Tagger, kind: str) -> StoredRoleClassifier:
    if fit is None:
        raise AnnotationError(f"{tagger.lexicon.root}: its role annotations differ from those of the shipped model; run `phrasebook train {kind} --lexicon {tagger.lexicon.root} -o MODEL.json`, or let Corpus fit one")
    return fit(tagger)
