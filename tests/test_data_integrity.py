"""Nothing a user gives is ever lost: outputs never overwrite inputs, a run never reads
phrasebook's own outputs, document ids do not move when files are added, the store
mirrors its folder, stray bytes are repaired with a warning, and an interrupted or
killed run leaves nothing half-done behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.output import TEMPORARY_MARK
from phrasebook.read.decode import decode
from phrasebook.store import tag_to_store

runner = CliRunner()

SENTENCES = [
    "云南加快建设面向南亚东南亚辐射中心，深化同老挝、越南合作。",
    "广西发挥区位优势，打造面向东盟的国际陆海贸易新通道。",
    "新疆建设丝绸之路经济带核心区，推进高水平对外开放。",
    "辽宁打造东北亚开放合作枢纽，与俄罗斯、日本、韩国交流。",
    "推动共建“一带一路”高质量发展，构建人类命运共同体。",
    "甘肃建设向西开放的战略通道，与哈萨克斯坦合作。",
]


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(("yunnan", "guangxi", "xinjiang")):
        (folder / f"{name}.txt").write_text(SENTENCES[index] * 3, encoding="utf-8")
    return folder


# -- outputs never overwrite an input ------------------------------------------------------


def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text('{"id": "a", "text": "云南建设面向南亚东南亚辐射中心。"}\n', encoding="utf-8")
    before = news.read_bytes()
    for arguments in (
        ["tag", str(news), "-o", str(news)],
        ["tag", str(news), "--docs", str(news)],
        ["track", str(news), "-o", str(news)],
        ["roles", str(news), "-o", str(news)],
        ["tag", str(news), "--db", str(news)],
    ):
        result = runner.invoke(app, arguments)
        assert result.exit_code == 2, (arguments, result.output)
        assert "is one of the inputs" in result.output and "never overwrites an input" in result.output
        assert news.read_bytes() == before


def test_an_output_over_a_document_of_an_input_folder_is_refused(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    users = folder / "more.jsonl"
    users.write_text('{"id": "m", "text": "广西发挥区位优势。"}\n', encoding="utf-8")
    before = users.read_bytes()
    result = runner.invoke(app, ["tag", str(folder), "-o", str(users)])
    assert result.exit_code == 2 and "is a document of the input folder" in result.output
    assert users.read_bytes() == before


# -- a run never reads phrasebook's own outputs ---------------------------------------------


def test_outputs_written_inside_the_input_folder_are_skipped_on_the_next_run(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    for run in range(2):
        docs = tmp_path / f"docs-{run}.csv"
        result = runner.invoke(app, ["tag", str(folder), "-o", str(folder / "out.jsonl"), "--docs", str(docs)])
        assert result.exit_code == 0, result.output
        table = pd.read_csv(docs, keep_default_na=False)
        assert (table.status == "ok").sum() == 3, table
        assert result.output.count("3 documents") == 1
    skipped = table[table.status == "skipped"]
    assert list(skipped.doc_id) == ["out"]
    assert "a table written by phrasebook, not documents" in skipped.error.iloc[0]


def test_a_report_written_inside_the_input_folder_is_skipped(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    written = runner.invoke(app, ["report", str(folder), "-o", str(folder / "report.html")])
    assert written.exit_code == 0, written.output
    docs = tmp_path / "docs.csv"
    result = runner.invoke(app, ["tag", str(folder), "--docs", str(docs)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(docs, keep_default_na=False).set_index("doc_id")
    assert table.loc["report.html", "status"] == "skipped"
    assert "a report written by phrasebook" in table.loc["report.html", "error"]


# -- stable document ids ----------------------------------------------------------------------


def _ids(folder: Path) -> dict[str, str]:
    table = pb.Corpus(folder, attribute=False, infer_doc_types=False).documents
    return dict(zip(table.path.map(lambda p: Path(p).name), table.doc_id))


def test_adding_a_file_never_changes_the_id_of_another(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "st")
    (folder / "yunnan").mkdir()
    (folder / "yunnan" / "2025.txt").write_text(SENTENCES[0], encoding="utf-8")
    before = _ids(folder)
    assert before["2025.txt"] == "yunnan/2025"
    (folder / "yunnan" / "2025.md").write_text(SENTENCES[1], encoding="utf-8")
    after = _ids(folder)
    assert after["2025.txt"] == "yunnan/2025" and after["2025.md"] == "yunnan/2025.md"
    assert {k: v for k, v in after.items() if k in before} == before


def test_two_files_that_would_share_an_id_both_get_their_whole_name_and_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "clash"
    folder.mkdir()
    (folder / "a.md").write_text(SENTENCES[0], encoding="utf-8")
    (folder / "a.md.txt").write_text(SENTENCES[1], encoding="utf-8")
    table = pb.Corpus(folder, attribute=False, infer_doc_types=False).documents.set_index("doc_id")
    assert set(table.index) == {"a.md", "a.md.txt"}
    assert (table.status == "ok").all()
    assert "another file would also have the id 'a.md'" in table.loc["a.md.txt", "error"]


# -- the store mirrors its folder ---------------------------------------------------------------

OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["add", "change", "delete", "rename", "same-stem"]), st.integers(0, 7), st.integers(0, len(SENTENCES) - 1)),
    min_size=1,
    max_size=6,
)


def _apply(folder: Path, operation: str, which: int, sentence: int) -> None:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    text = SENTENCES[sentence] * (1 + which % 3)
    if operation == "add" or not files:
        (folder / f"doc{which}-{sentence}.txt").write_text(text, encoding="utf-8")
        return
    target = files[which % len(files)]
    if operation == "change":
        target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")
    elif operation == "delete":
        target.unlink()
    elif operation == "rename":
        target.rename(folder / f"renamed{which}-{sentence}{target.suffix}")
    else:  # a file of another kind with the same stem
        sibling = target.with_suffix(".md" if target.suffix == ".txt" else ".txt")
        sibling.write_text(text, encoding="utf-8")


def _track(corpus: pb.Corpus) -> pd.DataFrame:
    table = corpus.track(by="doc", zeros=False)
    return table.sort_values(["period", "entry_id"]).reset_index(drop=True)[["period", "entry_id", "count", "chars"]].astype(str)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_the_store_answers_as_its_folder_after_any_changes(tmp_path_factory, lexicon, operations) -> None:
    root = tmp_path_factory.mktemp("mirror")
    folder = _corpus(root / "st")
    db = root / "s.duckdb"
    tagger = pb.Tagger(lexicon)
    tag_to_store([folder], db=db, tagger=tagger)
    for operation in operations:
        _apply(folder, *operation)
        tag_to_store([folder], db=db, tagger=tagger)
        from_store = _track(pb.open_corpus(db, lexicon=lexicon))
        from_folder = _track(pb.Corpus(folder, lexicon=lexicon))
        pd.testing.assert_frame_equal(from_store, from_folder)


def test_the_issue_sequence_add_same_stem_delete_change(tmp_path: Path, lexicon) -> None:
    folder = tmp_path / "st"
    (folder / "yunnan").mkdir(parents=True)
    (folder / "yunnan" / "2025.txt").write_text(SENTENCES[0], encoding="utf-8")
    (folder / "guangxi.txt").write_text(SENTENCES[1], encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert runner.invoke(app, ["tag", str(folder), "--db", str(db)]).exit_code == 0
    (folder / "yunnan" / "2025.md").write_text(SENTENCES[2], encoding="utf-8")
    (folder / "guangxi.txt").unlink()
    (folder / "yunnan" / "2025.txt").write_text(SENTENCES[3], encoding="utf-8")
    result = runner.invoke(app, ["tag", str(folder), "--db", str(db)])
    assert result.exit_code == 0 and "removed 1 document(s)" in result.output
    stored = runner.invoke(app, ["track", "--db", str(db), "--by", "doc", "-o", str(tmp_path / "db.csv")])
    read = runner.invoke(app, ["track", str(folder), "--by", "doc", "-o", str(tmp_path / "folder.csv")])
    assert stored.exit_code == 0 and read.exit_code == 0, stored.output + read.output
    from_store, from_folder = (pd.read_csv(tmp_path / name).sort_values(["period", "entry_id"]).reset_index(drop=True) for name in ("db.csv", "folder.csv"))
    assert set(from_store.period) == {"yunnan/2025", "yunnan/2025.md"}
    pd.testing.assert_frame_equal(from_store[["period", "entry_id", "count", "chars"]], from_folder[["period", "entry_id", "count", "chars"]])


# -- stray bytes ------------------------------------------------------------------------------


def test_a_short_utf8_text_with_a_stray_byte_is_read_with_a_warning(tmp_path: Path) -> None:
    data = "云南加快建设面向南亚东南亚辐射中心。".encode()
    broken = data[:12] + b"\xff" + data[12:]
    decoded = decode(broken, "short.txt")
    assert decoded.encoding == "utf-8" and decoded.replaced_bytes == 1
    assert decoded.text == "云南加快\ufffd建设面向南亚东南亚辐射中心。"
    assert decoded.warning == "short.txt: 1 invalid UTF-8 byte(s) at byte 12 replaced with U+FFFD"
    (tmp_path / "short.txt").write_bytes(broken)
    docs = tmp_path / "docs.csv"
    result = runner.invoke(app, ["tag", str(tmp_path / "short.txt"), "--docs", str(docs)])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "replaced with U+FFFD" in result.output
    row = pd.read_csv(docs).iloc[0]
    assert row.status == "ok" and row.replaced_bytes == 1


def test_a_short_gbk_text_is_still_read_as_gbk() -> None:
    decoded = decode("云南建设辐射中心".encode("gb18030"), "gbk.txt")
    assert decoded.encoding == "gb18030" and decoded.text == "云南建设辐射中心" and decoded.replaced_bytes == 0


# -- interrupts and kills -------------------------------------------------------------------------


def _big_folder(shared_corpus: Path, tmp_path: Path) -> Path:
    """Four years of news (several seconds of tagging), linked, not copied."""
    folder = tmp_path / "big"
    folder.mkdir()
    for year in range(2021, 2025):
        (folder / f"news-{year}.jsonl.gz").symlink_to(shared_corpus / "xwlb" / f"xwlb-{year}.jsonl.gz")
    return folder


def _start_tag(folder: Path, out: Path) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "phrasebook"), "tag", str(folder), "-o", str(out / "matches.csv"), "--docs", str(out / "docs.csv")]
    # SIGINT as a terminal delivers it (a test runner's plugins may have set it ignored, which children inherit)
    restore = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=os.environ.copy(), preexec_fn=restore)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(TEMPORARY_MARK) for p in out.iterdir()) if out.exists() else True:
        assert time.monotonic() < deadline and process.poll() is None, "the run never began writing"
        time.sleep(0.05)
    return process


@pytest.mark.corpus
def test_ctrl_c_prints_one_line_and_exits_130(shared_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start_tag(_big_folder(shared_corpus, tmp_path), out)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("interrupted: wrote nothing; not written: ") and "matches.csv" in lines[-1], stderr
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []


@pytest.mark.corpus
def test_temporary_files_of_a_killed_run_are_removed_by_the_next(shared_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start_tag(_big_folder(shared_corpus, tmp_path), out)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert any(p.name.startswith(TEMPORARY_MARK) for p in out.iterdir())
    small = _corpus(tmp_path / "small")
    result = runner.invoke(app, ["tag", str(small), "-o", str(out / "matches.csv"), "--docs", str(out / "docs.csv")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["docs.csv", "matches.csv"]
