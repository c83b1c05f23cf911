"""Which inputs a run reads and what it calls them: unique ids, names that are not UTF-8,
symbolic links, empty and unsupported inputs, stray bytes. Nothing is dropped without a
word, and one bad input never stops the others."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.errors import InputNotFound, PhrasebookWarning
from phrasebook.read import Document, ReadFailure, read_documents
from phrasebook.read.decode import decode

YUNNAN = "我省加快建设面向南亚东南亚辐射中心，深化同越南、老挝、缅甸合作。"
XINJIANG = "我区加快建设丝绸之路经济带核心区，深化同哈萨克斯坦合作。"
runner = CliRunner()


def _report(folder: Path, province: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2025.txt").write_text(
        f"{province}政府工作报告\n——2025年1月14日在{province}第十四届人民代表大会第三次会议上\n{body}\n", encoding="utf-8"
    )


@pytest.fixture
def two_provinces(tmp_path: Path) -> Path:
    """Two reports with the same file name in different folders, and no manifest."""
    _report(tmp_path / "corpus" / "yunnan", "云南省", YUNNAN)
    _report(tmp_path / "corpus" / "xinjiang", "新疆维吾尔自治区", XINJIANG)
    return tmp_path / "corpus"


def _documents(paths) -> list:
    return list(read_documents([paths] if isinstance(paths, Path) else paths))


def test_files_of_one_name_in_two_folders_are_two_documents(two_provinces: Path) -> None:
    ids = [d.doc_id for d in _documents(two_provinces)]
    assert ids == ["xinjiang/2025", "yunnan/2025"]
    named = _documents([two_provinces / "yunnan" / "2025.txt", two_provinces / "xinjiang" / "2025.txt"])
    assert sorted(d.doc_id for d in named) == ["xinjiang/2025", "yunnan/2025"]


def test_engagement_and_tracking_credit_each_report_to_its_own_province(two_provinces: Path) -> None:
    corpus = pb.Corpus(two_provinces)
    shares = corpus.mention_shares()
    assert set(shares[shares.province == "CN-YN"].code) >= {"VN", "LA", "MM"}
    assert set(shares[shares.province == "CN-XJ"].code) == {"KZ"}
    by_doc = corpus.track(by="doc")
    hub = by_doc[by_doc.canonical == "面向南亚东南亚辐射中心"]
    assert hub[["period", "count"]].values.tolist() == [["yunnan/2025", 1]]


def test_a_file_and_its_folder_are_read_once(two_provinces: Path) -> None:
    with pytest.warns(PhrasebookWarning, match="reached twice were read once"):
        documents = _documents([two_provinces, two_provinces / "yunnan" / "2025.txt"])
    assert [d.doc_id for d in documents] == ["xinjiang/2025", "yunnan/2025"]


def test_a_repeated_id_in_json_lines_is_an_error_row(tmp_path: Path) -> None:
    records = [{"id": "item-1", "text": YUNNAN}, {"id": "item-1", "text": XINJIANG}, {"id": "item-2", "text": XINJIANG}]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    documents = _documents(tmp_path / "news.jsonl")
    assert [type(d).__name__ for d in documents] == ["Document", "ReadFailure", "Document"]
    assert "duplicate document id 'item-1'" in documents[1].error and "news.jsonl" in documents[1].error


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path) -> None:
    name = os.fsdecode("云南".encode("gbk") + b".txt")  # the bytes of a GBK name on a UTF-8 system
    (tmp_path / name).write_text(YUNNAN, encoding="utf-8")
    (tmp_path / "other.txt").write_text(XINJIANG, encoding="utf-8")
    out, docs = tmp_path / "out" / "m.csv", tmp_path / "out" / "d.csv"
    result = runner.invoke(app, ["tag", str(tmp_path), "-o", str(out), "--docs", str(docs)])
    assert result.exit_code == 0, result.output
    documents = pd.read_csv(docs)
    escaped = "\\xd4\\xc6\\xc4\\xcf"
    assert set(documents.doc_id) == {escaped, "other"} and (documents.status == "ok").all()
    assert documents.set_index("doc_id").loc[escaped, "path"].endswith(f"{escaped}.txt")
    assert "面向南亚东南亚辐射中心" in set(pd.read_csv(out).query("doc_id == @escaped").text)


def test_a_gbk_name_is_escaped_whole_even_where_its_bytes_read_as_utf8(tmp_path: Path) -> None:
    # 新疆 in GBK is d0 c2 bd ae, and c2 bd alone is UTF-8 for ½: escaped byte by byte, one way
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / os.fsdecode("新疆".encode("gbk") + b"-2025.txt")).write_text(XINJIANG, encoding="utf-8")
    (document,) = _documents(tmp_path)
    assert document.doc_id == "报告/\\xd0\\xc2\\xbd\\xae-2025"
    assert "½" not in document.path and document.path.endswith("报告/\\xd0\\xc2\\xbd\\xae-2025.txt")


def test_symbolic_links(tmp_path: Path, two_provinces: Path) -> None:
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / "reports").symlink_to(two_provinces, target_is_directory=True)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    documents = _documents(folder)
    ok = sorted(d.doc_id for d in documents if isinstance(d, Document))
    assert ok == ["reports/xinjiang/2025", "reports/yunnan/2025"]
    (broken,) = [d for d in documents if isinstance(d, ReadFailure)]
    assert "broken symbolic link" in broken.error and "gone.txt" in broken.error


@pytest.mark.parametrize("kind", ["empty_gz", "empty_folder", "named_unsupported", "no_records"])
def test_inputs_that_hold_nothing_are_error_rows(kind: str, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(YUNNAN, encoding="utf-8")
    bad = {
        "empty_gz": tmp_path / "news.jsonl.gz",
        "empty_folder": tmp_path / "empty",
        "named_unsupported": tmp_path / "notes.docx",
        "no_records": tmp_path / "blank.jsonl.gz",
    }[kind]
    if kind == "empty_gz":
        bad.write_bytes(b"")
    elif kind == "empty_folder":
        bad.mkdir()
    elif kind == "named_unsupported":
        bad.write_bytes(b"PK\x03\x04")
    else:
        bad.write_bytes(gzip.compress(b"\n\n"))
    result = runner.invoke(app, ["tag", str(bad), str(good), "--docs", str(tmp_path / "d.csv")])
    assert result.exit_code == 1, result.output
    documents = pd.read_csv(tmp_path / "d.csv")
    assert documents.status.tolist() == ["error", "ok"]
    assert bad.name in documents.error[0]


def test_an_unsupported_file_inside_a_folder_is_a_skipped_row(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(YUNNAN, encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(b"PK")
    documents = _documents(tmp_path)
    assert [(d.doc_id, getattr(d, "status", "ok")) for d in documents] == [("a", "ok"), ("b.docx", "skipped")]


def test_a_path_that_does_not_exist_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound, match="typo"):
        pb.tag(tmp_path / "typo")
    with pytest.raises(InputNotFound):
        pb.Corpus("typo/folder")
    result = runner.invoke(app, ["tag", str(tmp_path / "typo")])
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_one_stray_byte_in_a_utf8_report_is_replaced_with_a_warning(shared_corpus: Path, tmp_path: Path) -> None:
    data = (shared_corpus / "provincial_gwr" / "prov-yunnan-gwr-2025.txt").read_bytes()
    broken = data[:20_000] + b"\xff" + data[20_000:]
    decoded = decode(broken, "yunnan.txt")
    assert decoded.encoding == "utf-8" and decoded.text.count("\ufffd") == 1
    assert decoded.warning == "yunnan.txt: 1 invalid UTF-8 byte(s) at byte 20000 replaced with U+FFFD"
    (tmp_path / "yunnan.txt").write_bytes(broken)
    corpus = pb.Corpus(tmp_path)
    row = corpus.documents.iloc[0]
    assert row.status == "ok" and "replaced with U+FFFD" in row.error
    assert "mianxiang_nanya_dongnanya_fushe_zhongxin" in set(corpus.matches.entry_id)


def test_a_file_that_is_not_text_is_still_refused() -> None:
    from phrasebook.errors import InputError

    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(256)) * 40, "image.txt")
