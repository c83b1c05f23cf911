"""The embedded store: incremental, resumable after SIGKILL, and answering every question
as a corpus read from the files does."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.lexicon import default_lexicon_dir, load_lexicon
from phrasebook.store import Store, tag_to_store

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(shared_corpus: Path, tmp_path_factory) -> Path:
    """Three provincial reports and 200 news items."""
    folder = tmp_path_factory.mktemp("store-corpus")
    for name in ("prov-yunnan-gwr-2025", "prov-guangxi-gwr-2025", "prov-liaoning-gwr-2025"):
        shutil.copy(shared_corpus / "provincial_gwr" / f"{name}.txt", folder / f"{name}.txt")
    with gzip.open(shared_corpus / "xwlb" / "xwlb-2024.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [next(handle) for _ in range(200)]
    (folder / "news.jsonl").write_text("".join(records), encoding="utf-8")
    return folder


def _tables(db: Path) -> dict[str, pd.DataFrame]:
    with Store(db, read_only=True) as store:
        return {name: store.table(name) for name in ("documents", "matches", "role_candidates", "event_candidates", "texts")}


def test_a_rerun_tags_only_what_changed(folder: Path, tmp_path: Path, lexicon) -> None:
    corpus_folder = tmp_path / "corpus"
    shutil.copytree(folder, corpus_folder)
    db = tmp_path / "corpus.duckdb"
    tagger = pb.Tagger(lexicon)
    first = tag_to_store([corpus_folder], db=db, tagger=tagger)
    assert first.stats.documents == 203 and first.stats.unchanged == 0
    again = tag_to_store([corpus_folder], db=db, tagger=tagger)
    assert again.stats.documents == 0 and again.stats.unchanged == 203
    report = corpus_folder / "prov-yunnan-gwr-2025.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\n深化同老挝合作。\n", encoding="utf-8")
    changed = tag_to_store([corpus_folder], db=db, tagger=tagger)
    assert changed.stats.documents == 1 and changed.stats.unchanged == 202
    tables = _tables(db)
    assert tables["documents"].doc_id.is_unique and len(tables["documents"]) == 203
    counts = tables["matches"].groupby("doc_id").size()
    stored = tables["documents"].set_index("doc_id")["n_matches"]
    assert (counts.reindex(stored.index, fill_value=0) == stored).all()  # no duplicate rows after the re-tag


def test_a_new_lexicon_tags_everything_again(folder: Path, tmp_path: Path, lexicon) -> None:
    db = tmp_path / "corpus.duckdb"
    tag_to_store([folder], db=db, tagger=pb.Tagger(lexicon))
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    path = root / "formulations" / "opening_up.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('zh: 制度型开放', 'zh: 制度型开放\n    variants: ["制度型扩大开放"]', 1), encoding="utf-8")
    changed = load_lexicon(root)
    run = tag_to_store([folder], db=db, tagger=pb.Tagger(changed))
    assert run.stats.documents == 203 and run.stats.unchanged == 0
    assert set(_tables(db)["documents"].lexicon_version) == {changed.version}


def test_a_killed_run_leaves_the_store_consistent_and_the_next_finishes(folder: Path, tmp_path: Path, lexicon) -> None:
    db = tmp_path / "corpus.duckdb"
    script = (
        "import sys, pathlib\n"
        "from phrasebook import Tagger\n"
        "from phrasebook.store import tag_to_store\n"
        "seen = [0]\n"
        "def progress(item):\n"
        "    seen[0] += item.last\n"
        "    print(seen[0], flush=True)\n"
        "tag_to_store([pathlib.Path(sys.argv[1])], db=pathlib.Path(sys.argv[2]), tagger=Tagger(), batch=7, progress=progress)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script, str(folder), str(db)], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    assert process.stdout is not None
    for line in process.stdout:
        if int(line) >= 120:  # several batches committed, one under way
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    partial = _tables(db)["documents"]
    assert 0 < len(partial) < 203 and partial.doc_id.is_unique
    rerun = tag_to_store([folder], db=db, tagger=pb.Tagger(lexicon))
    assert rerun.stats.unchanged == len(partial) and rerun.stats.documents == 203 - len(partial)
    finished = _tables(db)
    whole = tmp_path / "whole.duckdb"
    tag_to_store([folder], db=whole, tagger=pb.Tagger(lexicon))
    reference = _tables(whole)
    for name in ("documents", "matches", "role_candidates", "event_candidates"):
        key = [c for c in ("doc_id", "start", "end", "entry_id", "sentence_index") if c in finished[name].columns]
        left = finished[name].drop(columns=["content_hash"], errors="ignore").sort_values(key).reset_index(drop=True)
        right = reference[name].drop(columns=["content_hash"], errors="ignore").sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(left.astype(str), right.astype(str), check_dtype=False)


def test_the_store_answers_as_the_files_do(folder: Path, tmp_path: Path, lexicon) -> None:
    db = tmp_path / "corpus.duckdb"
    tag_to_store([folder], db=db, tagger=pb.Tagger(lexicon))
    files, stored = pb.Corpus(folder, lexicon=lexicon), pb.open_corpus(db, lexicon=lexicon)
    for question in (lambda c: c.roles(), lambda c: c.events(), lambda c: c.partners(), lambda c: c.kwic("yidai_yilu"), lambda c: c.track(by="issuer")):
        answers = [question(c) for c in (files, stored)]
        order = [c for c in ("doc_id", "period", "entry_id", "start", "kind", "code", "partner") if c in answers[0].columns]
        left, right = (a.sort_values(order).reset_index(drop=True) for a in answers)  # rows in document order, or in the store's
        pd.testing.assert_frame_equal(left, right, check_dtype=False)
    for index in (41, 100, 300):
        assert files.sentence("prov-yunnan-gwr-2025", index) == stored.sentence("prov-yunnan-gwr-2025", index) != ""
    assert len(stored.roles()) > 10 and len(stored.kwic("yidai_yilu")) > 0


def test_commands_read_a_store_and_export_it(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    assert runner.invoke(app, ["tag", str(folder), "--db", str(db)]).exit_code == 0
    rerun = runner.invoke(app, ["tag", str(folder), "--db", str(db)])
    assert rerun.exit_code == 0 and "203 unchanged" in rerun.output
    for command in (["roles"], ["events"], ["track"], ["engagements"], ["kwic", "yidai_yilu"]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 0, (command, result.output)
    for suffix in (".parquet", ".csv"):
        out = tmp_path / f"matches{suffix}"
        assert runner.invoke(app, ["export", "--db", str(db), "-o", str(out)]).exit_code == 0
        table = pd.read_parquet(out) if suffix == ".parquet" else pd.read_csv(out)
        assert len(table) == len(_tables(db)["matches"]) > 1000
    assert runner.invoke(app, ["roles", "--db", str(tmp_path / "missing.duckdb")]).exit_code == 2
    assert runner.invoke(app, ["roles", str(folder), "--db", str(db)]).exit_code == 2
