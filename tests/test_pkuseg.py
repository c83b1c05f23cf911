"""pkuseg: the converted model segments real text without a single pickle; setup refuses
archives that are not the recorded one and pickles that reference code; without a model
every way in says how to get one."""

from __future__ import annotations

import json
import os
import pickle

import numpy as np
import pytest
import srsly
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.errors import SegmenterUnavailable
from phrasebook.pkuseg_model import PKUSEG_MODEL_ENV, load_segmenter, model_dir
from phrasebook.pkuseg_setup import ARCHIVE_SHA256, SetupError, _plain_pickle, setup_pkuseg

runner = CliRunner()


def test_the_converted_model_segments_a_real_sentence_without_pickles(pkuseg_model, shared_corpus, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a pickle was loaded")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    from phrasebook import pkuseg_model

    pkuseg_model._load.cache_clear()  # load it here, under the watch
    segmenter = load_segmenter()
    report = (shared_corpus / "provincial_gwr" / "prov-yunnan-gwr-2025.txt").read_text(encoding="utf-8")
    sentence = next(line for line in report.splitlines() if "推动面向南亚东南亚辐射中心建设" in line)
    words = segmenter.cut(sentence)
    assert "".join(words) == sentence.replace(" ", "")
    assert ["推动", "面向", "南亚", "东南亚", "辐射", "中心", "建设"] == words[words.index("推动") : words.index("推动") + 7]
    # the post-processing word list is in use: without it the model alone gives 对 | 外
    assert "对外" in segmenter.cut("推进高水平对外开放")


def test_the_installed_files_are_read_without_pickles(pkuseg_model):
    features = srsly.read_msgpack(pkuseg_model / "features.msgpack")
    assert set(features) == {"unigram", "bigram", "feature_to_idx", "tag_to_idx"}
    with np.load(pkuseg_model / "weights.npz", allow_pickle=False) as weights:
        n_tags, n_features = weights["sizes"].tolist()
        assert n_features == len(features["feature_to_idx"]) and weights["w"].shape == (n_tags * (n_features + n_tags),)
    if (pkuseg_model / "SOURCE.json").exists():
        assert json.loads((pkuseg_model / "SOURCE.json").read_text(encoding="utf-8"))["sha256"] == ARCHIVE_SHA256


def test_tagging_with_pkuseg_vetoes_by_its_words(pkuseg_model, shared_corpus):
    path = shared_corpus / "provincial_gwr" / "prov-yunnan-gwr-2025.txt"
    with_pkuseg = pb.Corpus(path, segmenter="pkuseg", infer_doc_types=False).matches
    with_jieba = pb.Corpus(path, infer_doc_types=False).matches
    rows = lambda table: {tuple(row) for row in table[["start", "end", "entry_id", "kind"]].values.tolist()}  # noqa: E731
    differ = rows(with_pkuseg) ^ rows(with_jieba)
    assert len(with_pkuseg) > 90 and differ  # the two segmenters disagree somewhere in a real report ...
    assert all(kind != "formulation" and end - start <= 2 for start, end, _, kind in differ)  # ... only on short place names


def test_without_a_model_every_way_in_says_how_to_get_one(monkeypatch, tmp_path):
    monkeypatch.delenv(PKUSEG_MODEL_ENV, raising=False)
    with pytest.raises(SegmenterUnavailable, match="phrasebook setup pkuseg"):
        model_dir()
    monkeypatch.setenv(PKUSEG_MODEL_ENV, str(tmp_path))
    (tmp_path / "features.pkl").write_bytes(b"not read")
    with pytest.raises(SegmenterUnavailable, match="missing features.msgpack, weights.npz"):
        model_dir()  # a folder that spacy-pkuseg would read through its pickle fallback is refused
    result = runner.invoke(app, ["tag", "--segmenter", "pkuseg"])
    assert result.exit_code == 2 and "phrasebook setup pkuseg" in result.output


def test_setup_refuses_an_archive_that_is_not_the_recorded_one(tmp_path):
    fake = tmp_path / "pkuseg-0.0.25.tar.gz"
    fake.write_bytes(b"\x1f\x8b not the release")
    result = runner.invoke(app, ["setup", "pkuseg", "--from-file", str(fake)])
    assert result.exit_code == 1 and f"not {ARCHIVE_SHA256}" in result.output and str(fake) in result.output
    with pytest.raises(SetupError, match="no such file"):
        setup_pkuseg(archive=tmp_path / "missing.tar.gz")


class _Payload:
    def __reduce__(self):
        return (os.system, ("echo unpickled",))


def test_the_unpickler_refuses_code_and_reads_plain_data():
    with pytest.raises(SetupError, match=r"refused the global (posix|nt)\.system"):
        _plain_pickle(pickle.dumps({"unigram": [_Payload()]}), "features.pkl")
    plain = {"unigram": ["中"], "bigram": ["中国"], "feature_to_idx": {"c.中": 0}, "tag_to_idx": {"B": 0}}
    assert _plain_pickle(pickle.dumps(plain, protocol=4), "features.pkl") == plain
