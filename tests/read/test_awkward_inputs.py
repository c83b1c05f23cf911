"""A folder of awkward inputs: every readable file is tagged correctly, every unreadable
one becomes an error row that names it, the exit code is 1, and nothing else is lost."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from phrasebook.cli import app

SENTENCE = "我们要推进高水平对外开放，建设开放型经济。"
TERM = "高水平对外开放"


def _pdf(path: Path, lines: list[str]) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        page.drawString(72, 720 - 20 * i, line)
    page.save()


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "gb18030.txt").write_bytes(SENTENCE.encode("gb18030"))
    (folder / "big5.txt").write_bytes("我們要推進高水平對外開放。".encode("big5"))
    (folder / "utf16.txt").write_bytes(SENTENCE.encode("utf-16"))
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"))
    (folder / "page.html").write_text(
        "<html><head><title>高水平对外开放</title><script>var s='高水平对外开放';</script></head>"
        "<body><p>推进高水平&#23545;外开放&nbsp;&amp;合作</p></body></html>",
        encoding="utf-8",
    )
    _pdf(folder / "report.pdf", ["推进高水平对外", "开放，建设开放型经济。"])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "truncated.txt").write_bytes(SENTENCE.encode("utf-8")[:-2])
    (folder / "locked.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%broken\n")
    image_only = canvas.Canvas(str(folder / "image.pdf"))  # a valid PDF whose page has no text
    image_only.rect(72, 72, 200, 100, fill=1)
    image_only.save()
    records = [{"id": f"news-{i}", "date": "2024-07-21", "html": f"<p>{SENTENCE}</p>"} for i in range(3)]
    packed = gzip.compress("\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode())
    (folder / "news.jsonl.gz").write_bytes(packed[: len(packed) - 12])
    (folder / "notes.xyz").write_text("not a document", encoding="utf-8")
    return folder


def test_awkward_folder(awkward: Path, tmp_path: Path, monkeypatch):
    locked = awkward / "locked.txt"
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    out, docs = tmp_path / "matches.jsonl", tmp_path / "docs.csv"
    result = CliRunner().invoke(app, ["tag", str(awkward), "-o", str(out), "--docs", str(docs)])
    assert result.exit_code == 1, result.output

    documents = pd.read_csv(docs, keep_default_na=False).set_index("doc_id")
    matches = pd.read_json(out, lines=True)
    ok = documents[documents.status == "ok"]
    assert set(ok.index) == {"gb18030", "big5", "utf16", "bom", "page.html", "report.pdf", "truncated", "news-0", "news-1"} | (
        {"news-2"} if "news-2" in ok.index else set()
    )
    assert documents.loc["gb18030", "encoding"] == "gb18030"
    assert documents.loc["big5", "encoding"] == "big5"
    assert documents.loc["utf16", "encoding"] == "utf-16"
    assert documents.loc["bom", "encoding"] == "utf-8-sig"
    assert "truncated" in documents.loc["truncated", "error"]

    errors = documents[documents.status == "error"]
    reasons = dict(zip(errors.path.map(lambda p: Path(p).name), errors.error))
    assert "empty file" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "Permission denied" in reasons["locked.txt"]
    assert "unreadable PDF" in reasons["scan.pdf"]
    assert "no text layer" in reasons["image.pdf"]
    assert "truncated or corrupt" in reasons["news.jsonl.gz"]
    assert all(str(awkward) in reason for reason in reasons.values())
    assert documents.loc["notes.xyz", "status"] == "skipped"

    found = matches[matches.canonical == TERM].groupby("doc_id").size().to_dict()
    for doc_id in ok.index:
        assert found.get(doc_id) == 1, f"{doc_id}: expected one {TERM}, found {found.get(doc_id)}"
    big5 = matches[(matches.doc_id == "big5") & (matches.canonical == TERM)].iloc[0]
    assert big5.text == "高水平對外開放"
    assert "我們要推進高水平對外開放。"[big5.start : big5.end] == big5.text
    pdf = matches[(matches.doc_id == "report.pdf") & (matches.canonical == TERM)].iloc[0]
    assert pdf.text == TERM


def test_outputs_are_not_left_half_written(awkward: Path, tmp_path: Path, monkeypatch):
    from phrasebook import tagger

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tagger.Tagger, "tag", explode)
    out = tmp_path / "matches.csv"
    result = CliRunner().invoke(app, ["tag", str(awkward), "-o", str(out)])
    assert result.exit_code == 130
    assert result.output.strip().splitlines()[-1] == f"interrupted: wrote nothing; not written: {out} (no file there was changed)"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "inputs"] == []
