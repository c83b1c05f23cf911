"""The engagement pair model: fitted on annotated web pages, compared with the rule
baseline and a gradient-boosted model, and measured on pages it never saw.

The pages (``annotations/web_pages.jsonl``: provincial foreign-affairs office pages and
news about provinces, both scripts, as gathered, noise included) and their pairs
(``annotations/engagements.jsonl``: actor, partner, engagement 1 or 0) are listed with
their URL and SHA-256 in ``annotations/sources.tsv``. The test split is one site in five
(a hash of the site's name), so that no site is in training and in testing; development
figures are cross-validated grouped by site, and leaving one province's pages out.
A pair is scored as found when the actor and the partner (ISO code, or region id) are
right; gold pairs whose partner the lexicon does not name (an organisation it lacks)
are counted apart.

The model phrasebook uses (a logistic regression over the pair's features and the
characters of its sentences, the best of the approaches on the development split) is
fitted by ``phrasebook train engagements`` and shipped as JSON; it is loaded and run by
:mod:`phrasebook.attribute.pair_model`, never refitted per call.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from phrasebook.attribute.engagement_pairs import NATIONAL, PAIR_FEATURES, PairCandidate, national_venue, rule_engaged, set_event_scores
from phrasebook.attribute.evaluate import read_gold
from phrasebook.attribute.event_model import PAGES, PAIRS
from phrasebook.attribute.pair_model import TEXT_C, PairModel
from phrasebook.attribute.role_classifier import hash_bucket, split_of
from phrasebook.lexicon import Lexicon


def _text_and_features() -> Pipeline:
    """Characters (1-2) of the pair's sentences, TF-IDF, beside its scaled features; a logistic
    regression (Newton-CG: the optimum lbfgs reaches, in a quarter of the time on these
    26,000 columns)."""
    columns = ColumnTransformer(
        [
            ("text", TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2), "context"),
            ("features", StandardScaler(), PAIR_FEATURES),
        ]
    )
    return Pipeline([("columns", columns), ("model", LogisticRegression(C=TEXT_C, class_weight="balanced", solver="newton-cg", max_iter=3000, random_state=0))])


MODELS: dict[str, Callable[[], object]] = {
    "logistic regression": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=0)),
    "gradient boosting": lambda: HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0),
    "text and features": _text_and_features,
}
CHOSEN = "text and features"
"""The approach phrasebook uses: the best F1 grouped by site on the development split."""


def annotations_hash(lexicon: Lexicon) -> str:
    """What a fitted model was fitted on: the pages, their pairs and the annotated sentences."""
    from phrasebook.attribute.event_model import annotation_path

    digest = hashlib.sha256()
    for path in (lexicon.root / PAGES, lexicon.root / PAIRS, annotation_path(lexicon)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def fit_pair_model(frame: pd.DataFrame, annotations: str = "") -> PairModel:
    """The :data:`CHOSEN` approach fitted on ``frame``, as the numbers phrasebook stores."""
    return pair_model_of(_text_and_features().fit(frame[["context", *PAIR_FEATURES]], frame["label"]), annotations)


def pair_model_of(pipeline: Pipeline, annotations: str = "") -> PairModel:
    """The numbers of a fitted :func:`_text_and_features` pipeline."""
    columns, model = pipeline.named_steps["columns"], pipeline.named_steps["model"]
    text, scaler = columns.named_transformers_["text"], columns.named_transformers_["features"]
    return PairModel(dict(text.vocabulary_), text.idf_, scaler.mean_, scaler.scale_, model.coef_[0], float(model.intercept_[0]), annotations)


def train_pair_model(lexicon: Lexicon) -> PairModel:
    """Fit the chosen model on every annotated page (development and test)."""
    return fit_pair_model(annotated_pairs(lexicon).frame, annotations_hash(lexicon))


@dataclass
class AnnotatedPairs:
    """Every candidate pair of the annotated documents with its label, and the gold pairs."""

    frame: pd.DataFrame  # one row per candidate: page, group, source, province, split, actor, partner, features, context, type, label
    gold: set[tuple[str, str, str]]  # (page, actor, partner) of every engagement
    gold_types: dict[tuple[str, str, str], str]  # the type of each engagement, where the annotation gives one
    pages: pd.DataFrame  # the web pages
    unnamed: int  # gold engagements with a partner the lexicon does not name


SENTENCE_SOURCES = ("fao_report", "provincial_report", "news")
"""The kinds of the annotated sentences (``events.jsonl``), made into documents here."""


def annotated_pairs(lexicon: Lexicon) -> AnnotatedPairs:
    """Tag every annotated document and label its candidate pairs from the annotations.

    Two sources: the web pages with their pairs, and the sentences of ``events.jsonl``
    put together again into their documents (a pair there engaged when a sentence of the
    document reports the province's engagement with the partner, done, not planned). The
    sentences say nothing of national engagements, so their documents give no national
    pairs. A sentence's event score comes from an event classifier that did not see its
    document (fitted on the other folds), so that no label leaks into the features."""
    from phrasebook.tagger import Tagger

    tagger = Tagger(lexicon)
    known = {e.id.lower() for e in lexicon.of_kind("region")} | {e.refers_to[0] for e in lexicon.of_kind("country") if e.refers_to}
    known |= set(lexicon.partners.organisations.values()) if lexicon.partners is not None else set()
    pages = pd.DataFrame(read_gold(lexicon.root / PAGES, ("page", "url", "site", "text")))
    pages["split"] = pages["site"].map(split_of)
    pairs = read_gold(lexicon.root / PAIRS, ("page", "actor", "partner", "engagement"))
    engaged = {(p["page"], p["actor"], p["partner"]) for p in pairs if p["engagement"] and p["actor"]}
    gold = {key for key in engaged if key[2] in known}
    gold_types = {key: p["type"] for p in pairs if (key := (p["page"], p["actor"], p["partner"])) in engaged and p.get("type")}
    documents = [
        (page.page, page.site, f"web_{page.kind}", _text(page.province), page.split, page.text, {"date": _text(page.date)})
        for page in pages.itertuples()
    ]
    sentence_documents, sentence_gold, sentence_types = _sentence_documents(lexicon, known)
    gold |= sentence_gold
    gold_types |= sentence_types
    rows = []
    for page, group, source, province, split, text, meta, classifier in _with_classifiers(lexicon, [*documents, *sentence_documents]):
        for candidate in _candidates(tagger, lexicon, page, text, meta, classifier):
            if candidate.actor == NATIONAL and source in SENTENCE_SOURCES:
                continue
            rows.append({
                "page": page, "group": group, "source": source, "province": province, "split": split,
                "actor": candidate.actor, "partner": candidate.partner, **candidate.features, "context": candidate.context,
                "type": candidate.type, "label": int((page, candidate.actor, candidate.partner) in gold),
            })
    return AnnotatedPairs(pd.DataFrame(rows), gold, gold_types, pages, len(engaged) - len({k for k in engaged if k[2] in known}))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _sentence_documents(lexicon: Lexicon, known: set[str]) -> tuple[list[tuple], set[tuple[str, str, str]], dict[tuple[str, str, str], str]]:
    """The annotated sentences as documents (in file order), their engaged pairs and the
    type each pair's first sentence gives it."""
    from phrasebook.attribute.event_model import annotation_path

    organisations = lexicon.partners.organisations if lexicon.partners is not None else {}
    by_doc: dict[str, list[dict]] = {}
    for record in read_gold(annotation_path(lexicon), ("doc", "sentence", "event")):
        by_doc.setdefault(str(record["doc"]), []).append(record)
    documents, gold, types = [], set(), {}
    for doc, records in by_doc.items():
        kind = records[0].get("source_kind", "news")
        provinces = Counter(r["province"] for r in records if r.get("province"))
        issuer = provinces.most_common(1)[0][0] if provinces and kind != "news" else ""
        dates = sorted(str(r["date"]) for r in records if r.get("date"))
        meta = {"date": dates[0][:4] if dates else "", **({"issuer": issuer} if issuer else {})}
        documents.append((doc, doc, kind, issuer, split_of(doc), "\n".join(r["sentence"] for r in records), meta))
        for r in records:
            if r["event"] and not r.get("plan") and r.get("province"):
                for partner in r.get("partners") or []:
                    code = organisations.get(str(partner)) or _partner_code(str(partner))
                    if code in known:
                        gold.add((doc, r["province"], code))
                        types.setdefault((doc, r["province"], code), r.get("type") or "other")
    return documents, gold, types


def _partner_code(partner: str) -> str:
    """A sentence annotation's partner as a pair's partner: 老街省 (VN) → VN, ASEAN → asean."""
    if partner.endswith(")") and "(" in partner:
        return partner[partner.rindex("(") + 1 : -1]
    return partner if len(partner) == 2 and partner.isupper() else partner.lower()


def _with_classifiers(lexicon: Lexicon, documents: list[tuple]):
    """Each document with the event classifier to score and type it, fitted on nothing of
    the document: the annotated sentences of the other folds (all of them, for a web page),
    and the typed pairs of the development split's web pages of other sites."""
    from phrasebook.attribute.event_classifier import EventClassifier, training_frame, typing_frame

    frame = training_frame(lexicon)
    typing = typing_frame(lexicon)
    typing = typing[typing["group"].map(split_of) == "dev"].reset_index(drop=True)
    sentence_fold = frame["doc"].map(fold_of).to_numpy()
    site_fold = typing["group"].map(fold_of).to_numpy()
    annotated, sites = set(frame["doc"]), set(typing["group"])
    by_sentence_fold: dict[int, EventClassifier] = {}
    fitted: dict[tuple[int, int], EventClassifier] = {}
    for document in documents:
        # -1: a document without annotated sentences (a web page), or a site outside the development pairs
        key = (fold_of(document[0]) if document[0] in annotated else -1, fold_of(document[1]) if document[1] in sites else -1)
        if key not in fitted:
            sentences = frame if key[0] < 0 else frame[sentence_fold != key[0]]
            pairs = typing[site_fold != key[1]] if key[1] >= 0 else typing
            train = pd.concat([sentences, pairs], ignore_index=True)
            # The detector learns from the sentences alone: one per sentence fold, whatever the site fold.
            if key[0] in by_sentence_fold:
                fitted[key] = by_sentence_fold[key[0]].with_typer_fitted(train, train["target"].to_numpy())
            else:
                fitted[key] = by_sentence_fold[key[0]] = EventClassifier().fit(train, train["target"].to_numpy())
        yield (*document, fitted[key])


def _candidates(tagger, lexicon: Lexicon, page: str, text: str, meta: dict[str, str], classifier) -> list[PairCandidate]:
    from phrasebook.attribute.attribution import attribute
    from phrasebook.attribute.engagement_events import type_pairs
    from phrasebook.attribute.event_model import score_events
    from phrasebook.pipeline import tag_text

    item = tag_text(tagger, text, doc_id=page, meta=meta)
    attribution = attribute(item, lexicon)
    score_events(attribution.events, classifier)
    set_event_scores(attribution.events, attribution.pairs)
    type_pairs(attribution.pairs, classifier)
    return attribution.pairs


FOLDS = 5


def fold_of(group: str, folds: int = FOLDS) -> int:
    """A group's fold, decided by a hash of its id alone: adding or changing one document
    never moves another to another fold, so two evaluations differ only where their data
    differ (GroupKFold balances fold sizes, and six more rows in three documents moved
    whole sites between folds and the grouped F1 by 0.016)."""
    return hash_bucket(f"fold:{group}", folds)


def group_folds(groups: np.ndarray, folds: int = FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    """(fitted on, held out) row indices of each fold, each group in its :func:`fold_of`."""
    fold = np.array([fold_of(group, folds) for group in groups])
    return [(np.flatnonzero(fold != n), np.flatnonzero(fold == n)) for n in range(folds)]


def evaluate_pair_models(data: AnnotatedPairs, folds: int = FOLDS) -> pd.DataFrame:
    """Precision, recall and F1 of engaged pairs for the rules and each model on the
    development split: grouped by site or document, leaving one kind of source out, and
    leaving one province's web pages out; then on the test split (fitted on the whole
    development split), for each kind of source."""
    frame = data.frame
    development = frame[frame["split"] == "dev"].reset_index(drop=True)
    test = frame[frame["split"] == "test"].reset_index(drop=True)
    grouped = group_folds(development["group"].to_numpy(), folds)
    sources = development["source"].to_numpy()
    by_source = [(np.flatnonzero(sources != s), np.flatnonzero(sources == s)) for s in sorted(set(sources))]
    web = development["source"].str.startswith("web_").to_numpy()
    provinces = development["province"].to_numpy()
    by_province = [(np.flatnonzero(provinces != p), np.flatnonzero(web & (provinces == p))) for p in sorted(set(provinces[web]))]
    rows = []
    for model in ("rule baseline", *MODELS):
        schemes = (
            ("grouped", development, grouped, None),
            ("leave one source out", development, by_source, None),
            ("leave one province out (web)", development, by_province, web),
        )
        for scheme, part, splitting, mask in schemes:
            predicted = _predicted(model, development, part, splitting)
            rows.append({"model": model, "validation": scheme, **_scores(part, predicted, data, mask)})
        predicted = _predicted(model, development, test, None)
        rows.append({"model": model, "validation": "test split", **_scores(test, predicted, data, None)})
        for source in sorted(set(test["source"])):
            mask = (test["source"] == source).to_numpy()
            rows.append({"model": model, "validation": f"test split: {source}", **_scores(test, predicted, data, mask)})
    return pd.DataFrame(rows)


def _predicted(model: str, development: pd.DataFrame, data: pd.DataFrame, splitting: list | None) -> np.ndarray:
    """What the approach decides for ``data``, the national-venue rule applied as phrasebook applies it."""
    records = data[PAIR_FEATURES].to_dict("records")
    venue = np.array([national_venue(row) for row in records], dtype=bool)
    if model == "rule baseline":
        return np.array([rule_engaged(row) for row in records], dtype=bool) & ~venue
    if splitting is None:
        return _fit(model, development).predict(_inputs(model, data)).astype(bool) & ~venue
    predicted = np.zeros(len(data), dtype=bool)
    for train, held in splitting:
        predicted[held] = _fit(model, data.iloc[train]).predict(_inputs(model, data.iloc[held])).astype(bool)
    return predicted & ~venue


def _fit(model: str, frame: pd.DataFrame):
    return MODELS[model]().fit(_inputs(model, frame), frame["label"])


def _inputs(model: str, frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["context", *PAIR_FEATURES]] if model == "text and features" else frame[PAIR_FEATURES]


def _scores(data: pd.DataFrame, predicted: np.ndarray, annotated: AnnotatedPairs, mask: np.ndarray | None) -> dict[str, float]:
    """Scores of the rows in ``mask`` (all by default) against the gold pairs of their
    documents, and the type accuracy of the engagements found that the gold types."""
    gold = annotated.gold
    if mask is not None:
        data, predicted = data[mask], predicted[mask]
    pages = set(data["page"])
    actors = set(zip(data["page"], data["source"]))
    national_ok = {page for page, source in actors if source not in SENTENCE_SOURCES}
    gold = {g for g in gold if g[0] in pages and (g[1] != NATIONAL or g[0] in national_ok)}
    found = {(p, a, q) for p, a, q, yes in zip(data["page"], data["actor"], data["partner"], predicted) if yes}
    hits = len(found & gold)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    typed = [(annotated.gold_types[key], kind) for key, kind, yes in zip(zip(data["page"], data["actor"], data["partner"]), data["type"], predicted)
             if yes and key in gold and key in annotated.gold_types]
    type_accuracy = sum(truth == kind for truth, kind in typed) / len(typed) if typed else float("nan")
    return {
        "precision": precision, "recall": recall, "f1": f1, "type_accuracy": type_accuracy, "typed": len(typed),
        "pages": len(pages), "gold_pairs": len(gold), "found": len(found),
    }
