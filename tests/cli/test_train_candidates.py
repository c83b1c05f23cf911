"""`phrasebook train candidates` on a folder of pages without a manifest (no issuer or
title in the metadata): every candidate becomes a record to label."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from phrasebook.cli import app


def test_candidates_of_files_without_metadata(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("广西积极融入西部陆海新通道，加快建设面向东盟的国际门户港。", encoding="utf-8")
    out = tmp_path / "candidates.jsonl"
    result = CliRunner().invoke(app, ["train", "candidates", str(pages), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    wordings = {r["wording"] for r in records}
    assert {"西部陆海新通道", "面向东盟的国际门户港"} <= wordings
    assert all(r["doc"] == "a" and r["label"] is None and r["title"] == "" for r in records)
