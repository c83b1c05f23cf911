"""The engagement pair model: fitted on annotated web pages, compared with the rule
baseline and a gradient-boosted model, and measured on pages it never saw.

The pages (``annotations/web_pages.jsonl``: provincial foreign-affairs office pages and
news about provinces, both scripts, as gathered, noise included) and their pairs
(``annotations/engagements.jsonl``: actor, partner, engagement 1 or 0) are listed with
their URL and SHA-256 in ``annotations/sources.tsv``. The test split is one site in five
(a hash of the site's name), so that no site is in training and in testing; development
figures are cross-validated grouped by site, and leaving one province's pages out.
A pair is scored as found when the actor and the partner (ISO code, or region id) are
right; gold pairs whose partner phrasebook does not name as a country or region
(organisations) are counted apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from phrasebook.attribute.engagement_pairs import PAIR_FEATURES, PairCandidate, pair_candidates, rule_engaged
from phrasebook.attribute.evaluate import read_gold
from phrasebook.attribute.role_classifier import split_of
from phrasebook.lexicon import Lexicon

PAGES = Path("annotations") / "web_pages.jsonl"
PAIRS = Path("annotations") / "engagements.jsonl"
MODELS: dict[str, Callable[[], object]] = {
    "logistic regression": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=0)),
    "gradient boosting": lambda: HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0),
}


@dataclass
class AnnotatedPairs:
    """Every candidate pair of the annotated pages with its label, and the gold pairs."""

    frame: pd.DataFrame  # one row per candidate: page, site, province, kind, actor, partner, features, label
    gold: set[tuple[str, str, str]]  # (page, actor, partner) of every engagement
    pages: pd.DataFrame
    organisations: int  # gold engagements with a partner that is neither a country nor a region


def annotated_pairs(lexicon: Lexicon) -> AnnotatedPairs:
    """Tag every annotated page and label its candidate pairs from the annotations."""
    from phrasebook.attribute.attribution import attribute
    from phrasebook.attribute.event_classifier import fitted_classifier, score_events
    from phrasebook.pipeline import tag_text
    from phrasebook.tagger import Tagger

    pages = pd.DataFrame(read_gold(lexicon.root / PAGES, ("page", "url", "site", "text")))
    pairs = read_gold(lexicon.root / PAIRS, ("page", "actor", "partner", "engagement"))
    known = {e.id.lower() for e in lexicon.of_kind("region")} | {e.refers_to[0] for e in lexicon.of_kind("country") if e.refers_to}
    engaged = {(p["page"], p["actor"], p["partner"]) for p in pairs if p["engagement"] and p["actor"]}
    gold = {key for key in engaged if key[2] in known}
    tagger, classifier = Tagger(lexicon), fitted_classifier(lexicon)
    rows = []
    for page in pages.itertuples():
        item = tag_text(tagger, page.text, doc_id=page.page, meta={"date": page.date if isinstance(page.date, str) else ""})
        attribution = attribute(item, lexicon)
        score_events(attribution.events, classifier)
        scores = {event.sentence_index: event.score for event in attribution.events}
        for candidate in pair_candidates(item, attribution, scores):
            rows.append({
                "page": page.page, "site": page.site, "province": page.province if isinstance(page.province, str) else "", "kind": page.kind,
                "actor": candidate.actor, "partner": candidate.partner, **candidate.features,
                "label": int((page.page, candidate.actor, candidate.partner) in gold),
            })
    frame = pd.DataFrame(rows)
    frame["split"] = frame["site"].map(split_of)
    pages["split"] = pages["site"].map(split_of)
    return AnnotatedPairs(frame, gold, pages, len(engaged - gold))


def evaluate_pair_models(data: AnnotatedPairs, folds: int = 5) -> pd.DataFrame:
    """Precision, recall and F1 of engaged pairs for the rules and each model: grouped by
    site and leaving one province out on the development split, and on the test split
    (fitted on the whole development split); by page kind on the test split too."""
    frame = data.frame
    development = frame[frame["split"] == "dev"].reset_index(drop=True)
    test = frame[frame["split"] == "test"].reset_index(drop=True)
    by_site = list(GroupKFold(n_splits=folds).split(development, groups=development["site"]))
    provinces = development["province"].to_numpy()
    by_province = [(np.flatnonzero(provinces != p), np.flatnonzero(provinces == p)) for p in sorted(set(provinces))]
    rows = []
    for model in ("rule baseline", *MODELS):
        for scheme, data_part, splitting in (("grouped by site", development, by_site), ("leave one province out", development, by_province), ("test split", test, None)):
            predicted = _predicted(model, development, data_part, splitting)
            pages = set(data_part["page"])
            rows.append({"model": model, "validation": scheme, **_scores(data_part, predicted, {g for g in data.gold if g[0] in pages})})
            if scheme == "test split":
                for kind in sorted(set(data_part["kind"])):
                    mask = (data_part["kind"] == kind).to_numpy()
                    kind_pages = set(data_part.loc[mask, "page"])
                    rows.append({"model": model, "validation": f"test split, {kind} pages",
                                 **_scores(data_part[mask], predicted[mask], {g for g in data.gold if g[0] in kind_pages})})
    return pd.DataFrame(rows)


def _predicted(model: str, development: pd.DataFrame, data: pd.DataFrame, splitting: list | None) -> np.ndarray:
    if model == "rule baseline":
        return np.array([rule_engaged(row) for row in data[PAIR_FEATURES].to_dict("records")])
    if splitting is None:
        return _fit(model, development).predict(data[PAIR_FEATURES]).astype(bool)
    predicted = np.zeros(len(data), dtype=bool)
    for train, held in splitting:
        predicted[held] = _fit(model, data.iloc[train]).predict(data.iloc[held][PAIR_FEATURES]).astype(bool)
    return predicted


def _fit(model: str, frame: pd.DataFrame):
    return MODELS[model]().fit(frame[PAIR_FEATURES], frame["label"])


def _scores(data: pd.DataFrame, predicted: np.ndarray, gold: set[tuple[str, str, str]]) -> dict[str, float]:
    found = {(p, a, q) for p, a, q, yes in zip(data["page"], data["actor"], data["partner"], predicted) if yes}
    hits = len(found & gold)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pages": data["page"].nunique(), "gold_pairs": len(gold), "found": len(found)}


def candidates_frame(candidates: list[PairCandidate]) -> pd.DataFrame:
    """The features of candidates as the models read them."""
    return pd.DataFrame([c.features for c in candidates], columns=PAIR_FEATURES)
