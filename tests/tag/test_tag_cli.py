"""`phrasebook tag` and `pb.tag` on the bundled corpus: outputs, formats, workers, exit codes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.read.sources import bundled_corpus_dir
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


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_workers_write_the_tables_of_one_process(shared_corpus, tmp_path, monkeypatch, suffix):
    """Workers write their chunks' rows to files of their own, which are appended in input
    order; here with news HTML (parsed in the workers), a large file tagged part by part in
    the main process between chunks, and an unreadable file."""
    from phrasebook import pipeline
    from phrasebook.read import stream

    with gzip.open(shared_corpus / "xwlb" / "xwlb-2024.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [next(handle) for _ in range(300)]
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a-news.jsonl.gz").write_bytes(gzip.compress("".join(records[:150]).encode("utf-8")))
    (inputs / "b-report.txt").write_text((shared_corpus / "provincial_gwr" / "prov-yunnan-gwr-2025.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "c-broken.txt").write_bytes(b"\xff\xfe\x00\xd8broken")
    (inputs / "d-news.jsonl").write_text("".join(records[150:]), encoding="utf-8")
    monkeypatch.setattr(pipeline, "WORKER_CHUNK_CHARS", 50_000)  # many chunks
    monkeypatch.setattr(pipeline, "STREAM_BYTES", 10_000)  # the report is streamed ...
    monkeypatch.setattr(stream, "PART_CHARS", 5_000)  # ... in parts
    outputs = {}
    for workers in ("1", "2"):
        out, docs = tmp_path / f"m{workers}{suffix}", tmp_path / f"d{workers}{suffix}"
        result = runner.invoke(app, ["tag", str(inputs), "-o", str(out), "--docs", str(docs), "--workers", workers])
        assert result.exit_code == 1 and "c-broken.txt: not valid utf-16" in result.output
        outputs[workers] = (_read_table(out), _read_table(docs))
    matches, documents = outputs["1"]
    assert len(matches) > 1000 and len(documents) == 302
    assert {Path(p).name for p in matches.path} == {"a-news.jsonl.gz", "b-report.txt", "d-news.jsonl"}
    pd.testing.assert_frame_equal(outputs["2"][0], matches)
    pd.testing.assert_frame_equal(outputs["2"][1], documents)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no chunk files left behind


def _read_table(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".csv":
        return pd.read_csv(path, keep_default_na=False)
    return pd.read_json(path, lines=True)