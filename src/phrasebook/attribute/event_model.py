"""The event classifier as phrasebook runs it: the fitted detector and typer shipped in
the package (``models/events.json``, written by ``phrasebook train events``), loaded
without scikit-learn. Training and measuring are in
:mod:`phrasebook.attribute.event_classifier`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from phrasebook.attribute.events import EVENT_NUMERIC, EventCandidate
from phrasebook.attribute.linear_model import LinearModel, cached_model, content_key
from phrasebook.errors import AnnotationError
from phrasebook.lexicon import Lexicon

ANNOTATIONS = Path("annotations") / "events.jsonl"
PAGES = Path("annotations") / "web_pages.jsonl"
PAIRS = Path("annotations") / "engagements.jsonl"
"""The annotated web pages and their (actor, partner) pairs: the pairs' sentences and types
also teach the typer (:func:`phrasebook.attribute.event_classifier.typing_frame`)."""
NONE = "none"
DETECTOR_C, TYPER_C = 30.0, 10.0
"""The inverse regularisation of the detector and of the typer (chosen on the development split)."""
TYPER_MIN_DF = 2
"""The typer reads character n-grams found in at least this many of its sentences: the
pages' one-off names and numbers stay out (the annotators' sentences of the development
split's web pairs, typed out of fold: 0.635 right against 0.617 with every n-gram; and
21,000 n-grams, not 51,000)."""


def annotation_path(lexicon: Lexicon) -> Path:
    return lexicon.root / ANNOTATIONS


def _event_and_type(detector: Any, typer: Any, classes: np.ndarray, frame: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
    """What a detector and a typer (fitted pipelines or their stored numbers) say of each row."""
    event = detector.predict_proba(frame)[:, list(detector.classes_).index(True)]
    if typer is None:
        only = [c for c in classes if c != NONE]
        return event, [only[0] if only else "other"] * len(frame), np.ones(len(frame))
    types = typer.predict_proba(frame)
    best = types.argmax(axis=1)
    return event, [str(typer.classes_[i]) for i in best], types[np.arange(len(frame)), best]


class StoredEventClassifier:
    """The fitted detector and typer as numbers (:class:`LinearModel`), as phrasebook runs them."""

    def __init__(self, detector: LinearModel, typer: LinearModel | None, classes: list[str]):
        self.detector, self.typer, self.classes_ = detector, typer, np.asarray(classes)

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
    """What the event classifier learns from: the annotated sentences and pairs, its features and settings."""
    return content_key([annotation_path(lexicon), lexicon.root / PAGES, lexicon.root / PAIRS], features=[*EVENT_NUMERIC, str(DETECTOR_C), str(TYPER_C), str(TYPER_MIN_DF)])


def fitted_classifier(lexicon: Lexicon, *, fit: Callable[[Lexicon], StoredEventClassifier] | None = None) -> StoredEventClassifier:
    """The event classifier of ``lexicon``: loaded (shipped, or cached after one fit for a
    lexicon with other annotations), never refitted per call. ``fit`` fits one for other
    annotations (:func:`phrasebook.attribute.fitting.fit_events`); without it, such a
    lexicon is an error that says what to run."""
    return cached_model("events", model_key(lexicon), fit=lambda: _fit_with(fit, lexicon), to_json=StoredEventClassifier.to_json, from_json=StoredEventClassifier.from_json)


def score_events(candidates: list[EventCandidate], classifier: Any) -> None:
    """Set each candidate's event probability and type, in one call."""
    if candidates:
        event, types, type_scores = classifier.event_and_type(pd.DataFrame([c.features for c in candidates]))
        for candidate, score, kind, kind_score in zip(candidates, event, types, type_scores):
            candidate.score, candidate.type, candidate.type_score = float(score), kind, float(kind_score)



def _fit_with(fit: Callable[[Lexicon], StoredEventClassifier] | None, lexicon: Lexicon) -> StoredEventClassifier:
    if fit is None:
        raise AnnotationError(f"{lexicon.root}: its event annotations differ from those of the shipped model; run `phrasebook train events --lexicon {lexicon.root} -o MODEL.json`, or let Corpus fit one")
    return fit(lexicon)
