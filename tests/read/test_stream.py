"""Large plain-text files are tagged part by part, with the same rows as when read whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import phrasebook.pipeline as pipeline_module
import phrasebook.read.stream as stream
from phrasebook import Tagger
from phrasebook.pipeline import tag_corpus
from phrasebook.read import StreamedDocument, read_documents
from phrasebook.tables import document_row, match_rows

FRONT_MATTER = "---\ntitle: 政府工作报告\nyear: 2024\n---\n"


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


@pytest.fixture
def report(shared_corpus: Path) -> str:
    return FRONT_MATTER + (shared_corpus / "national_gwr" / "gwr-2024.txt").read_text(encoding="utf-8")


@pytest.fixture
def small_parts(monkeypatch) -> None:
    """Stream every file, in parts of about 2,000 characters, deciding from a 4,000-byte start."""
    monkeypatch.setattr(pipeline_module, "STREAM_BYTES", 0)
    monkeypatch.setattr(stream, "PART_CHARS", 2_000)
    monkeypatch.setattr(stream, "SAMPLE_BYTES", 4_000)
    monkeypatch.setattr(stream, "_BLOCK_BYTES", 1_500)


def _tag(paths: list[Path], tagger: Tagger, workers: int = 1) -> tuple[list[dict], list[dict]]:
    rows, docs = [], []
    for item in tag_corpus(paths, tagger=tagger, workers=workers):
        rows += match_rows(item, tagger.lexicon.version)
        if item.last:
            docs.append(document_row(item.info, tagger.lexicon.version))
    return rows, docs


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_streamed_rows_equal_whole_file_rows(encoding, report, tagger, tmp_path, request) -> None:
    path = tmp_path / "gwr-2024.txt"
    path.write_bytes(report.encode(encoding))
    whole_rows, whole_docs = _tag([path], tagger)
    request.getfixturevalue("small_parts")
    (document,) = read_documents([path], stream_above=0)
    assert isinstance(document, StreamedDocument)
    parts = list(document.parts())
    assert len(parts) > 5 and all(text.endswith("\n") for _, text in parts[:-1])
    assert "".join(text for _, text in parts) == report[len(FRONT_MATTER) :]
    streamed_rows, streamed_docs = _tag([path], tagger)
    assert len(whole_rows) > 30
    assert streamed_rows == whole_rows
    assert streamed_docs == whole_docs
    assert whole_docs[0]["title"] == "政府工作报告"


def test_invalid_bytes_half_way_are_an_error_row_and_the_batch_goes_on(report, tagger, tmp_path, small_parts) -> None:
    data = report.encode("utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(data[:20_000] + b"\xff\xfe\xfd" + data[20_000:])
    good = tmp_path / "good.txt"
    good.write_bytes(data)
    rows, docs = _tag([broken, good], tagger)
    by_id = {d["doc_id"]: d for d in docs}
    assert by_id["broken"]["status"] == "error"
    error = by_id["broken"]["error"]
    assert error.startswith(f"{broken}: not valid utf-8 near byte ")
    assert abs(int(re.search(r"near byte (\d+)", error).group(1)) - 20_000) <= 3  # where the bad bytes are
    assert by_id["good"]["status"] == "ok" and by_id["good"]["n_matches"] > 30
    # The parts before the bad bytes were tagged and stand; the error row says how many.
    spans = {doc_id: [(r["start"], r["end"], r["entry_id"]) for r in rows if r["doc_id"] == doc_id] for doc_id in by_id}
    assert 0 < len(spans["broken"]) < len(spans["good"])
    assert spans["broken"] == spans["good"][: len(spans["broken"])]
    assert by_id["broken"]["n_matches"] == len(spans["broken"])
    assert f"the {len(spans['broken'])} matches before character " in error


def test_workers_give_the_same_rows_for_streamed_files(report, tagger, tmp_path, small_parts) -> None:
    for name, encoding in (("a", "utf-8"), ("b", "gb18030"), ("c", "utf-16")):
        (tmp_path / f"{name}.txt").write_bytes(report.encode(encoding))
    one = _tag([tmp_path], tagger)
    two_rows, two_docs = _tag([tmp_path], tagger, workers=2)
    assert one == (two_rows, two_docs)
    assert [d["doc_id"] for d in two_docs] == ["a", "b", "c"]


def test_a_truncated_last_character_is_a_warning_and_the_rows_are_kept(report, tagger, tmp_path, small_parts) -> None:
    path = tmp_path / "truncated.txt"
    path.write_bytes(report.encode("utf-8") + "中".encode("utf-8")[:2])
    rows, docs = _tag([path], tagger)
    assert docs[0]["status"] == "ok" and "truncated" in docs[0]["error"]
    assert len(rows) > 30


def _wrapped(text: str, width: int, newline: str) -> str:
    """Hard-wrap every paragraph at ``width`` characters, as a PDF export does."""
    lines = []
    for paragraph in text.splitlines():
        lines += [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]
    return newline.join(lines)


@pytest.mark.parametrize(
    "variant",
    ["wrapped_crlf", "wrapped_trailing_space", "carriage_returns_only", "utf16_surrogates", "utf16le_surrogates", "blank_start"],
)
def test_awkward_large_files_stream_like_whole_files(variant, report, tagger, tmp_path, request) -> None:
    body = report[len(FRONT_MATTER) :]
    text, encoding = {
        "wrapped_crlf": (_wrapped(body, 23, "\r\n"), "utf-8"),
        "wrapped_trailing_space": (_wrapped(body, 23, " \n"), "utf-8"),
        "carriage_returns_only": (body.replace("\n", "\r"), "gb18030"),
        # 𠮷 (two UTF-16 code units) across byte 4,000, where the sample ends: after a BOM ...
        "utf16_surrogates": (("中" * 9 + "\n") * 199 + "中" * 8 + "𠮷" + body, "utf-16"),
        # ... and without one (the line breaks give the NUL bytes that tell UTF-16 apart).
        "utf16le_surrogates": (("中" * 9 + "\n") * 199 + "中" * 9 + "𠮷" + body, "utf-16-le"),
        "blank_start": ("\n" * 6_000 + body, "utf-8"),
    }[variant]
    path = tmp_path / f"{variant}.txt"
    path.write_bytes(text.encode(encoding))
    whole = _tag([path], tagger)
    request.getfixturevalue("small_parts")
    (document,) = read_documents([path], stream_above=0)
    assert len(list(document.parts())) > 3
    streamed = _tag([path], tagger)
    assert len(whole[0]) > 30
    assert streamed == whole
