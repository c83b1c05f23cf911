"""Tagging on a Dask cluster (a LocalCluster here) gives the rows of one machine."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import dask.bag
import pandas as pd
import pytest

import phrasebook as pb
from phrasebook.distributed import partition, tag_bag, tag_files_with_dask
from phrasebook.read.sources import find_sources
from phrasebook.tagging import tag_to_files

KEY = ["doc_id", "start", "end", "entry_id"]


@pytest.fixture(scope="module")
def folder(shared_corpus: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dask-corpus")
    for name in ("prov-yunnan-gwr-2025", "prov-gansu-gwr-2025", "prov-jilin-gwr-2025", "prov-hainan-gwr-2025"):
        shutil.copy(shared_corpus / "provincial_gwr" / f"{name}.txt", folder / f"{name}.txt")
    with gzip.open(shared_corpus / "xwlb" / "xwlb-2016.jsonl.gz", "rt", encoding="utf-8") as handle:
        (folder / "news.jsonl").write_text("".join(next(handle) for _ in range(300)), encoding="utf-8")
    return folder


def test_a_local_cluster_gives_the_rows_of_one_machine(folder: Path, tmp_path: Path, lexicon) -> None:
    run = tag_files_with_dask([folder], output=tmp_path / "parts", lexicon=lexicon, partitions=3)
    assert run.partitions == 3 and run.stats.documents == 304 and run.stats.failed == 0
    parts = sorted((tmp_path / "parts" / "matches").glob("part-*.parquet"))
    assert len(parts) == 3
    distributed = pd.read_parquet(tmp_path / "parts" / "matches")
    tag_to_files([folder], tagger=pb.Tagger(lexicon), matches_to=tmp_path / "one.parquet", documents_to=tmp_path / "docs.parquet")
    local = pd.read_parquet(tmp_path / "one.parquet")
    assert len(distributed) == len(local) == run.stats.matches > 1000
    left = distributed.sort_values(KEY).reset_index(drop=True).astype(str)
    right = local.sort_values(KEY).reset_index(drop=True).astype(str)
    pd.testing.assert_frame_equal(left, right)
    documents = pd.read_parquet(tmp_path / "parts" / "documents")
    assert sorted(documents.doc_id) == sorted(pd.read_parquet(tmp_path / "docs.parquet").doc_id)


def test_partitions_are_contiguous_and_balanced(folder: Path) -> None:
    sources = find_sources([folder])
    groups = partition(sources, 3)
    assert [s.doc_id for group in groups for s in group] == [s.doc_id for s in sources]
    assert len(groups) == 3 and all(groups)  # the heavy news file does not leave a group empty


def test_a_bag_of_records(shared_corpus: Path, lexicon) -> None:
    with gzip.open(shared_corpus / "xwlb" / "xwlb-2016.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(next(handle)) for _ in range(60)]
    rows = tag_bag(dask.bag.from_sequence(records, npartitions=3), lexicon=lexicon).compute(scheduler="synchronous")
    found = pd.DataFrame(rows).sort_values(KEY).reset_index(drop=True)
    # the same records read as a file, on one machine
    expected = pb.tag(_records_file(records), lexicon=lexicon).sort_values(KEY).reset_index(drop=True)
    assert len(found) == len(expected) > 50
    assert found[KEY + ["text"]].astype(str).equals(expected[KEY + ["text"]].astype(str))


def _records_file(records: list[dict]) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    (folder / "bag.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return folder / "bag.jsonl"


def test_the_command_names_broken_files_and_replaces_an_earlier_run(folder: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from phrasebook.cli import app

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(folder / "prov-yunnan-gwr-2025.txt", inputs)
    (inputs / "broken.txt").write_bytes(b"\xff\xfe\x00\xd8broken")
    out = tmp_path / "out"
    (out / "matches").mkdir(parents=True)
    (out / "matches" / "part-00007.parquet").write_bytes(b"left from an earlier run")
    result = CliRunner().invoke(app, ["tag", str(inputs), "--engine", "dask", "-o", str(out)])
    assert result.exit_code == 1
    assert f"{inputs / 'broken.txt'}: not valid utf-16" in result.output
    assert "1 documents" in result.output and "1 failed" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["documents", "matches"]  # no staging left behind
    matches = pd.read_parquet(out / "matches")
    assert set(matches.doc_id) == {"prov-yunnan-gwr-2025"} and len(matches) > 50
    documents = pd.read_parquet(out / "documents").set_index("doc_id")
    assert documents.loc["broken", "status"] == "error" and "utf-16" in documents.loc["broken", "error"]
    assert CliRunner().invoke(app, ["tag", str(inputs), "--engine", "dask", "-o", str(out / "x.parquet")]).exit_code == 2
    refused = CliRunner().invoke(app, ["tag", str(inputs), "--engine", "dask", "--workers", "2", "-o", str(tmp_path / "other")])
    assert refused.exit_code == 2 and "a Dask cluster has its own workers" in refused.output  # not silently ignored


def test_a_dataframe_of_documents(shared_corpus: Path, lexicon) -> None:
    import dask.dataframe

    from phrasebook.distributed import tag_dataframe

    with gzip.open(shared_corpus / "xwlb" / "xwlb-2016.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(next(handle)) for _ in range(60)]
    frame = dask.dataframe.from_pandas(pd.DataFrame(records), npartitions=3)
    found = tag_dataframe(frame, lexicon=lexicon).compute(scheduler="synchronous").sort_values(KEY).reset_index(drop=True)
    expected = pb.tag(_records_file(records), lexicon=lexicon).sort_values(KEY).reset_index(drop=True)
    assert len(found) == len(expected) > 50
    pd.testing.assert_frame_equal(found[KEY + ["text", "date", "year"]], expected[KEY + ["text", "date", "year"]])
