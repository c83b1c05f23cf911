"""`phrasebook tag` and `pb.tag` on the bundled corpus: outputs, formats, workers, exit codes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.corpus import bundled_corpus_dir
from phrasebook.tables import DOC_COLUMNS, MATCH_COLUMNS

runner = CliRunner()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> tuple[pd.DataFrame, pd.DataFrame]:
    out = tmp_path_factory.mktemp("tag")
    result = runner.invoke(app, ["tag", "-o", str(out / "m.csv"), "--docs", str(out / "d.csv")])
    assert result.exit_code == 0, result.output
    return pd.read_csv(out / "m.csv", keep_default_na=False), pd.read_csv(out / "d.csv", keep_default_na=False)


def test_default_run_tags_every_bundled_excerpt(bundled):
    matches, docs = bundled
    excerpts = sorted(p.stem for p in (bundled_corpus_dir() / "excerpts").glob("*.txt"))
    assert sorted(docs.doc_id) == excerpts
    assert (docs.status == "ok").all()
    assert list(matches.columns) == MATCH_COLUMNS and list(docs.columns) == DOC_COLUMNS
    assert set(matches.family) >= {
        "leverage_advantage", "opening_up", "periphery_diplomacy", "global_doctrine", "local_foreign_affairs",
        "sister_relations", "role_designation", "conferences",
    }
    assert (docs.set_index("doc_id").n_matches == matches.groupby("doc_id").size()).all()


def test_offsets_point_into_the_original_files(bundled):
    matches, docs = bundled
    paths = docs.set_index("doc_id").path
    for doc_id, rows in matches.groupby("doc_id"):
        text = Path(paths[doc_id]).read_text(encoding="utf-8")
        for row in rows.itertuples():
            assert text[row.start : row.end] == row.text


def test_manifest_metadata_reaches_every_row(bundled):
    matches, _ = bundled
    yunnan = matches[matches.doc_id == "prov-yunnan-gwr-2025-excerpt"]
    assert not yunnan.empty
    assert set(yunnan.issuer) == {"CN-YN"} and set(yunnan.year.astype(str)) == {"2025"}
    assert "mianxiang_nanya_dongnanya_fushe_zhongxin" in set(yunnan.entry_id)


def test_output_formats_agree(tmp_path):
    tables = {}
    for suffix in (".csv", ".jsonl", ".parquet"):
        out = tmp_path / f"m{suffix}"
        assert runner.invoke(app, ["tag", "-o", str(out)]).exit_code == 0
        reader = {".csv": pd.read_csv, ".jsonl": lambda p: pd.read_json(p, lines=True), ".parquet": pd.read_parquet}[suffix]
        tables[suffix] = reader(out)[["doc_id", "start", "end", "entry_id"]].astype(str)
    assert tables[".csv"].equals(tables[".jsonl"]) and tables[".csv"].equals(tables[".parquet"])


def test_workers_give_identical_results(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["tag", "-o", str(one)]).exit_code == 0
    assert runner.invoke(app, ["tag", "--workers", "2", "-o", str(two)]).exit_code == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "arguments",
    [["tag", "-o", "out.xlsx"], ["tag", "no/such/folder"], ["tag", "--workers", "0"], ["tag", "--segmenter", "nope"]],
)
def test_usage_errors_exit_2(arguments, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, arguments).exit_code == 2


def test_library_in_three_lines():
    matches = pb.tag(bundled_corpus_dir())
    assert isinstance(matches, pd.DataFrame) and list(matches.columns) == MATCH_COLUMNS
    assert matches.groupby("family").size()["opening_up"] > 10
    tagger = pb.Tagger(pb.load_lexicon())
    assert [m.canonical for m in tagger.matches("推进高水平对外开放")] == ["高水平对外开放"]


def test_pkuseg_without_a_model_is_a_clear_usage_error(monkeypatch):
    monkeypatch.delenv("PHRASEBOOK_PKUSEG_MODEL", raising=False)
    result = runner.invoke(app, ["tag", "--segmenter", "pkuseg"])
    assert result.exit_code == 2
    assert "PHRASEBOOK_PKUSEG_MODEL" in result.output


def test_workers_give_identical_results_on_news_html(shared_corpus, tmp_path):
    """News records carry HTML, which worker processes parse themselves."""
    with gzip.open(shared_corpus / "xwlb" / "xwlb-2024.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [next(handle) for _ in range(300)]
    news = tmp_path / "news.jsonl.gz"
    news.write_bytes(gzip.compress("".join(records).encode("utf-8")))
    outputs = {}
    for workers in ("1", "2"):
        out, docs = tmp_path / f"m{workers}.csv", tmp_path / f"d{workers}.csv"
        assert runner.invoke(app, ["tag", str(news), "-o", str(out), "--docs", str(docs), "--workers", workers]).exit_code == 0
        outputs[workers] = (out.read_text(encoding="utf-8"), docs.read_text(encoding="utf-8"))
    assert outputs["1"] == outputs["2"]
    assert outputs["1"][0].count("\n") > 300  # hundreds of matches, not an empty comparison
