"""The role and event classifiers are loaded from the JSON shipped in the package, never
refitted per call; the shipped numbers are those a fit on today's annotations gives, and
a lexicon with other annotations gets its own model, fitted once and cached."""

from __future__ import annotations

import json

import numpy as np
import pytest

import phrasebook as pb
from phrasebook.attribute import event_classifier, event_model, linear_model, role_classifier, role_model
from phrasebook.attribute.fitting import fit_events
from phrasebook.attribute.linear_model import MODELS, LinearModel, stored_model
from phrasebook.errors import AnnotationError


@pytest.fixture(scope="module")
def role_frame(lexicon):
    return role_classifier.training_frame(pb.Tagger(lexicon))


def test_the_shipped_role_model_is_a_fit_on_today_s_annotations(lexicon, role_frame):
    shipped = stored_model(MODELS / "roles.json")
    assert shipped["key"] == role_model.model_key(lexicon), "the role annotations changed: run `phrasebook train roles`"
    sample = role_frame.sample(300, random_state=0)
    refitted = role_classifier.RoleClassifier().fit(role_frame, role_frame["label"].to_numpy())
    loaded = role_model.StoredRoleClassifier(LinearModel.from_json(shipped))
    assert np.abs(loaded.predict_proba(sample) - refitted.predict_proba(sample)).max() < 1e-5
    assert (loaded.predict(sample) == refitted.predict(sample)).all()


def test_the_shipped_event_model_is_a_fit_on_today_s_annotations(lexicon):
    shipped = stored_model(MODELS / "events.json")
    assert shipped["key"] == event_model.model_key(lexicon), "the event annotations changed: run `phrasebook train events`"
    frame = event_classifier.fitting_frame(lexicon)
    sample = frame.sample(300, random_state=0)
    refitted = event_classifier.EventClassifier().fit(frame, frame["target"].to_numpy())
    loaded = event_model.StoredEventClassifier.from_json(shipped)
    event, types, _ = loaded.event_and_type(sample)
    expected_event, expected_types, _ = refitted.event_and_type(sample)
    assert np.abs(event - expected_event).max() < 1e-5 and types == expected_types


def test_the_stored_numbers_explain_a_score_as_the_pipeline_does(role_frame):
    fitted = role_classifier.RoleClassifier().fit(role_frame, role_frame["label"].to_numpy())
    stored = role_model.StoredRoleClassifier(LinearModel.from_json(json.loads(json.dumps(LinearModel.from_pipeline(fitted.pipeline_).to_json()))))
    row = role_frame.iloc[0].to_dict()
    assert [name for name, _ in stored.contributions(row)][:2] == [name for name, _ in fitted.contributions(row)][:2]


def test_the_bundled_lexicon_loads_the_shipped_model_without_fitting(lexicon, monkeypatch):
    monkeypatch.setattr(linear_model, "_LOADED", {})
    monkeypatch.setattr(role_classifier, "train_role_model", lambda tagger: pytest.fail("the role model was refitted"))
    monkeypatch.setattr(event_classifier, "train_event_model", lambda lexicon: pytest.fail("the event model was refitted"))
    assert role_model.fitted_classifier(pb.Tagger(lexicon)).model.key == role_model.model_key(lexicon)
    assert event_model.fitted_classifier(lexicon).detector.key == event_model.model_key(lexicon)


def test_other_annotations_are_fitted_once_and_cached(lexicon_copy, tmp_path, monkeypatch):
    from phrasebook.lexicon import load_lexicon

    root = lexicon_copy()
    path = root / "annotations" / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    other = load_lexicon(root)
    monkeypatch.setenv("PHRASEBOOK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(linear_model, "_LOADED", {})
    with pytest.raises(AnnotationError, match="phrasebook train events"):
        event_model.fitted_classifier(other)
    first = event_model.fitted_classifier(other, fit=fit_events)
    assert first.detector.key == event_model.model_key(other) != stored_model(MODELS / "events.json")["key"]
    assert list((tmp_path / "cache" / "models-events").iterdir())
    monkeypatch.setattr(linear_model, "_LOADED", {})
    monkeypatch.setattr(event_classifier, "train_event_model", lambda lexicon: pytest.fail("fitted again"))
    assert event_model.fitted_classifier(other, fit=fit_events).detector.key == first.detector.key


def test_the_pair_model_scores_as_its_fitted_pipeline(annotated):
    """The shipped engagement pair model, run without scikit-learn, gives the fitted
    pipeline's probabilities."""
    from phrasebook.attribute.engagement_model import _text_and_features, pair_model_of
    from phrasebook.attribute.engagement_pairs import PAIR_FEATURES
    from phrasebook.attribute.pair_model import PairModel

    frame = annotated.frame
    pipeline = _text_and_features().fit(frame[["context", *PAIR_FEATURES]], frame["label"])
    stored = pair_model_of(pipeline)
    sample = frame.sample(300, random_state=0)
    expected = pipeline.predict_proba(sample[["context", *PAIR_FEATURES]])[:, 1]
    assert np.abs(PairModel.from_json(json.loads(json.dumps(stored.to_json()))).scores(sample) - expected).max() < 1e-9


def test_a_command_on_one_sentence_does_not_import_scikit_learn(tmp_path):
    """Roles and events of a document load the shipped numbers; importing scikit-learn
    would cost more than the rest of a one-sentence run."""
    import subprocess
    import sys

    (tmp_path / "one.txt").write_text("云南加快建设面向南亚东南亚辐射中心，省长会见越南驻昆明总领事。", encoding="utf-8")
    code = (
        "import sys, phrasebook as pb;"
        f"corpus = pb.Corpus({str(tmp_path)!r}); roles = corpus.roles(); events = corpus.events();"
        "print(len(roles), [m for m in ('sklearn', 'scipy') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split()[-1] == "[]" and int(result.stdout.split()[0]) == 1, result.stdout
