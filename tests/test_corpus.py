"""The corpus object: one pass feeds every question; typed tables; facts inferred with
their sources; the role classifier as an estimator fitted on the lexicon in use; work
that grows with the input, not faster."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

import phrasebook as pb
import phrasebook.pipeline as pipeline
from phrasebook.attribute.role_classifier import RoleClassifier, training_frame
from phrasebook.attribute.role_model import fitted_classifier
from phrasebook.errors import AnnotationError, PhrasebookWarning, UsageError
from phrasebook.lexicon import default_lexicon_dir, load_lexicon
from phrasebook.read import Document

REPORT = (
    "云南省政府工作报告\n——2025年1月14日在云南省第十四届人民代表大会第三次会议上\n"
    "我省加快建设面向南亚东南亚辐射中心，推进高水平对外开放，深化同越南、老挝合作。\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "yunnan-2025.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "undated.txt").write_text("推进高水平对外开放，建设开放型经济。\n", encoding="utf-8")
    return tmp_path


def test_one_pass_feeds_every_question(folder: Path, monkeypatch) -> None:
    calls = []
    real = pipeline.tag_corpus
    monkeypatch.setattr(pipeline, "tag_corpus", lambda *a, **k: calls.append(a) or real(*a, **k))
    monkeypatch.setattr("phrasebook.corpus.tag_corpus", pipeline.tag_corpus)
    corpus = pb.Corpus(folder)
    assert not calls  # making a corpus reads nothing
    corpus.matches, corpus.documents, corpus.roles(), corpus.partners(), corpus.docs(), corpus.engagements(), corpus.events()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PhrasebookWarning)
        corpus.track(by="year"), corpus.changes(by="issuer")
    corpus.kwic("高水平对外开放"), corpus.explain()
    assert len(calls) == 1
    (folder / "undated.txt").write_text("推进高水平对外开放。\n", encoding="utf-8")  # a changed file is read again
    assert len(corpus.kwic("高水平对外开放")) == 2 and len(calls) == 2


def test_tables_are_typed(folder: Path) -> None:
    corpus = pb.Corpus(folder)
    documents, matches = corpus.documents.set_index("doc_id"), corpus.matches
    assert str(documents["year"].dtype) == "Int64" and pd.api.types.is_datetime64_any_dtype(documents["date"])
    assert documents.loc["yunnan-2025", "year"] == 2025 and documents.loc["yunnan-2025", "date"] == pd.Timestamp("2025-01-14")
    assert pd.isna(documents.loc["undated", "year"]) and pd.isna(documents.loc["undated", "date"])
    assert pd.isna(documents.loc["undated", "title"])  # missing, not an empty string
    assert isinstance(matches[matches.kind == "province"].refers_to.iloc[0], list)
    docs = corpus.docs().set_index("doc_id")
    assert docs.loc["yunnan-2025", "countries"] == ["LA", "VN"] or docs.loc["yunnan-2025", "countries"] == ["VN", "LA"]
    assert "CN-YN/radiation_center/south_and_southeast_asia" in docs.loc["yunnan-2025", "designations"]


def test_facts_are_inferred_with_their_source_and_tracking_uses_them(folder: Path, shared_corpus: Path) -> None:
    """Without a manifest, tracking used to return an empty table (exit 0)."""
    shutil.copy(shared_corpus / "provincial_gwr" / "prov-gansu-gwr-2025.txt", folder / "gansu.txt")
    corpus = pb.Corpus(folder)
    documents = corpus.documents.set_index("doc_id")
    row = documents.loc["yunnan-2025"]
    assert (row.issuer, row.issuer_source, row.date_source, row.date_precision) == ("CN-YN", "header", "text", "day")
    gansu = documents.loc["gansu"]
    assert (gansu.issuer, gansu.issuer_source, gansu.year) == ("CN-GS", "header", 2025)
    assert (gansu.doc_type, gansu.doc_type_source) == ("government_work_report", "model") and gansu.doc_type_confidence > 0.5
    with pytest.warns(PhrasebookWarning, match="1 document\\(s\\) without a year are left out of the table: undated"):
        by_year = corpus.track(by="year")
    assert set(by_year.period) == {"2025"}
    assert by_year.set_index("canonical").loc["面向南亚东南亚辐射中心", "count"] == 1
    by_issuer = corpus.track(by="issuer")
    assert set(by_issuer.period) == {"CN-YN", "CN-GS", "CN"}
    assert set(corpus.track(by="doc_type").period) >= {"government_work_report"}


def test_track_by_document_is_sparse_unless_asked(shared_corpus: Path) -> None:
    corpus = pb.Corpus(shared_corpus / "provincial_gwr", keep_text=False, infer_doc_types=False)
    sparse = corpus.track(by="doc")
    assert ((sparse["count"] > 0) | (sparse["mentions"] > 0)).all() and sparse["count"].sum() == len(corpus.matches)
    full = corpus.track(by="doc", zeros=True)
    assert len(full) == 31 * sparse.entry_id.nunique() and full["count"].sum() == sparse["count"].sum()
    assert len(corpus.changes(by="doc")) >= 0  # vectorised: finishes at once on 31 x 600 cells


def test_unknown_families_and_entries_are_refused(folder: Path) -> None:
    corpus = pb.Corpus(folder)
    with pytest.raises(UsageError, match="did you mean opening_up"):
        corpus.track(families=["opening_upp"])
    with pytest.raises(UsageError, match="choose one of year"):
        corpus.track(by="decade")


def test_tag_warns_about_inputs_it_could_not_read(tmp_path: Path) -> None:
    records = ['{"id": "a", "text": "推进高水平对外开放"}', "{not json", '{"id": "c"}']
    (tmp_path / "news.jsonl").write_text("\n".join(records), encoding="utf-8")
    with pytest.warns(PhrasebookWarning, match="2 input\\(s\\) could not be read") as caught:
        matches = pb.tag(tmp_path)
    assert "news.jsonl:2: invalid JSON" in str(caught[0].message)
    assert list(matches.doc_id) == ["a"]


def test_the_role_classifier_is_an_estimator(lexicon) -> None:
    tagger = pb.Tagger(lexicon)
    frame = training_frame(tagger)
    model = RoleClassifier(C=1.0)
    assert model.fit(frame, frame["label"].to_numpy()) is model
    assert list(model.classes_) == [0, 1] and hasattr(model, "pipeline_")
    assert clone(model).get_params() == {"C": 1.0, "family": "combined"} and not hasattr(clone(model), "pipeline_")
    probabilities = model.predict_proba(frame.head(5))
    assert probabilities.shape == (5, 2) and np.allclose(probabilities.sum(axis=1), 1)
    assert fitted_classifier(tagger) is fitted_classifier(tagger)  # kept per lexicon version


def test_the_classifier_learns_from_the_lexicon_in_use(tmp_path: Path) -> None:
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    annotations = root / "annotations" / "roles.jsonl"
    records = [json.loads(line) for line in annotations.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:  # the opposite of every label: a lexicon whose editors disagree
        record["label"] = 1 - record["label"]
    annotations.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    (tmp_path / "yunnan.txt").write_text(REPORT, encoding="utf-8")
    bundled = pb.Corpus(tmp_path / "yunnan.txt").roles(candidates=True)
    flipped = pb.Corpus(tmp_path / "yunnan.txt", lexicon=load_lexicon(root)).roles(candidates=True)
    hub = lambda table: table.set_index("wording").loc["面向南亚东南亚辐射中心", "score"]  # noqa: E731
    assert hub(bundled) > 0.5 > hub(flipped)
    annotations.unlink()
    with pytest.raises(AnnotationError, match="no role annotations"):
        pb.Corpus(tmp_path / "yunnan.txt", lexicon=load_lexicon(root)).roles()


def test_attribution_reads_each_text_a_bounded_number_of_times(monkeypatch, tmp_path: Path) -> None:
    """Finding every candidate's sentence used to rescan the text from its start (a 562k
    character file took 2.4 s, four of them 14.7 s); now the sentences are split once."""
    import phrasebook.language as language

    scanned = []
    real = language.sentence_spans
    monkeypatch.setattr(pipeline, "sentence_spans", lambda text: scanned.append(len(text)) or real(text))
    paragraph = "我省加快建设面向南亚东南亚辐射中心和国际物流枢纽，深化同越南合作。\n"
    (tmp_path / "long.txt").write_text("云南省政府工作报告\n" + paragraph * 3000, encoding="utf-8")
    roles = pb.Corpus(tmp_path / "long.txt").roles(candidates=True)
    assert len(roles) >= 3000
    assert sum(scanned) <= 2 * len(paragraph) * 3000


def test_one_sentence_for_every_stage(tmp_path: Path) -> None:
    """…… ends a sentence for the matcher, for attribution and for kwic alike."""
    text = "我们要扩大开放……云南建设面向南亚东南亚辐射中心。"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    corpus = pb.Corpus(tmp_path)
    candidate = corpus.roles(candidates=True).iloc[0]
    assert candidate.sentence == "云南建设面向南亚东南亚辐射中心。"
    match = corpus.matches.set_index("text").loc["面向南亚东南亚辐射中心"]
    assert corpus.sentence("a", int(match.sentence_index)) == candidate.sentence == "云南建设面向南亚东南亚辐射中心。"


def test_workers_give_the_same_tables(shared_corpus: Path) -> None:
    one = pb.Corpus(shared_corpus / "provincial_gwr", keep_text=False)
    two = pb.Corpus(shared_corpus / "provincial_gwr", keep_text=False, workers=2)
    pd.testing.assert_frame_equal(one.matches, two.matches)
    pd.testing.assert_frame_equal(one.docs(), two.docs())
    pd.testing.assert_frame_equal(one.roles(), two.roles())
    assert len(one.roles()) > 30


def test_the_workers_take_chunks_of_a_few_documents_unless_they_digest_them() -> None:
    """One executor for every parallel run: chunks of about WORKER_CHUNK_CHARS characters;
    when whole tagged documents come back, at most DOCUMENTS_PER_CHUNK, so that a small
    corpus is still shared out."""
    items = [Document(f"d{n}", "<text>", "云南建设面向南亚东南亚辐射中心。", "utf-8", {}) for n in range(20)]
    assert [len(chunk) for chunk in pipeline._chunks(iter(items), pipeline.DOCUMENTS_PER_CHUNK)] == [8, 8, 4]
    assert [len(chunk) for chunk in pipeline._chunks(iter(items))] == [20]
