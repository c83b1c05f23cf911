"""Issuer inference without metadata, and the document-type model stored as JSON."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasebook import Tagger
from phrasebook.attribute.doctype_training import choose_vocabulary
from phrasebook.cli import app
from phrasebook.facts.doctype import MODEL_PATH, DocTypeModel, load_model
from phrasebook.facts.issuer import infer_issuer
from phrasebook.read import Document, read_documents

pytestmark = pytest.mark.corpus


def _manifest(shared_corpus: Path) -> dict[str, dict[str, str]]:
    with (shared_corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


def test_issuer_of_every_provincial_report_from_text_alone(shared_corpus, lexicon, tmp_path):
    manifest = _manifest(shared_corpus)
    reports = sorted((shared_corpus / "provincial_gwr").glob("*.txt"))
    assert len(reports) == 31
    opaque = tmp_path / "opaque"
    opaque.mkdir()
    truth = {}
    for number, report in enumerate(random.Random(7).sample(reports, len(reports))):
        shutil.copy(report, opaque / f"doc-{number:02d}.txt")
        truth[f"doc-{number:02d}"] = manifest[report.stem]["issuer"]
    tagger = Tagger(lexicon)
    found = {}
    for document in read_documents([opaque]):
        assert isinstance(document, Document) and not document.meta
        issuer = infer_issuer(document.text, tagger.matches(document.text))
        found[document.doc_id] = issuer.code
    assert found == truth


def test_central_documents_are_issued_by_the_centre(shared_corpus, lexicon):
    tagger = Tagger(lexicon)
    for path in [shared_corpus / "national_gwr" / "gwr-2025.txt", shared_corpus / "national_gwr" / "gwr-2010.txt"]:
        text = path.read_text(encoding="utf-8")
        assert infer_issuer(text, tagger.matches(text)).code == "CN"


def test_metadata_wins_when_present(lexicon):
    assert infer_issuer("我省我省我省 云南", [], metadata="CN-GX").code == "CN-GX"


def test_doctype_model_predicts_held_out_kinds(shared_corpus):
    model = load_model()
    texts = [
        (shared_corpus / "national_gwr" / "gwr-2012.txt").read_text(encoding="utf-8"),
        (shared_corpus / "cpc_congress" / "cpc-congress-17-2007.txt").read_text(encoding="utf-8"),
    ]
    news = [d for d in read_documents([shared_corpus / "xwlb" / "xwlb-2016.jsonl.gz"]) if isinstance(d, Document)][:20]
    predicted = model.predict(texts + [d.text for d in news])
    assert [label for label, _ in predicted[:2]] == ["government_work_report", "party_congress_report"]
    assert sum(label in {"news", "foreign_affairs_news"} for label, _ in predicted[2:]) >= 19
    assert all(0 < confidence <= 1 for _, confidence in predicted)


def test_foreign_affairs_label_comes_from_the_title(lexicon):
    from phrasebook.attribute.doctype_training import news_label

    tagger = Tagger(lexicon)
    assert news_label("习近平会见越南总理", tagger) == "foreign_affairs_news"
    assert news_label("全国春耕生产有序推进", tagger) == "news"


def test_rebuilt_doctype_model_predicts_like_the_stored_one(shared_corpus, tmp_path):
    """Training is deterministic across library versions: the rebuilt model picks the same
    vocabulary and gives the same predictions on a fixed sample (not bit-identical floats,
    which a new BLAS may change), and its accuracy stays above the floor."""
    out = tmp_path / "doctype.json"
    result = CliRunner().invoke(app, ["train", "doctype", "--corpus", str(shared_corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rebuilt, stored = json.loads(out.read_text(encoding="utf-8")), json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert rebuilt["vocabulary"] == stored["vocabulary"] and rebuilt["classes"] == stored["classes"]
    assert rebuilt["cv_accuracy"] >= 0.9 and stored["cv_accuracy"] >= 0.9
    sample = [(shared_corpus / "national_gwr" / f"gwr-{year}.txt").read_text(encoding="utf-8") for year in (2003, 2019)]
    sample += [(shared_corpus / "cpc_congress" / "cpc-congress-12-1982.txt").read_text(encoding="utf-8")]
    sample += [d.text for d in read_documents([shared_corpus / "xwlb" / "xwlb-2013.jsonl.gz"]) if isinstance(d, Document)][:60]
    assert [label for label, _ in DocTypeModel.from_json(rebuilt).predict(sample)] == [label for label, _ in load_model().predict(sample)]


def test_choosing_the_vocabulary_breaks_ties_by_the_term():
    # 甲, 乙 and 丙 occur twice each, 丁 once: with room for two, the two smallest of the tie win.
    # (Whatever order the counts arrive in: the heads are given in both orders.)
    assert choose_vocabulary(["丙乙甲", "甲乙丙丁"], size=2) == ["丙", "乙"]
    assert choose_vocabulary(["甲乙丙丁", "丙乙甲"], size=2) == ["丙", "乙"]
