"""Long texts are matched in chunks cut at line or sentence ends: nothing is lost or moved."""

from __future__ import annotations

from pathlib import Path

import pytest

import phrasebook.tagger as tagger_module
from phrasebook import Tagger


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


@pytest.fixture(scope="module")
def report(shared_corpus: Path) -> str:
    return (shared_corpus / "national_gwr" / "gwr-2024.txt").read_text(encoding="utf-8")


def test_chunked_matching_equals_whole_text_matching(tagger: Tagger, report: str, monkeypatch) -> None:
    whole = tagger.matches(report)
    monkeypatch.setattr(tagger_module, "CHUNK_CHARS", 300)
    chunked = tagger.matches(report)
    assert len(report) > 30 * 300  # many chunks
    assert len(whole) > 30
    assert chunked == whole  # same spans, entries and sentence indices


def test_a_long_line_without_sentence_ends_is_one_chunk(tagger: Tagger, monkeypatch) -> None:
    monkeypatch.setattr(tagger_module, "CHUNK_CHARS", 10)
    text = "推动高水平对外开放" * 5
    found = tagger.matches(text)
    assert [m.start for m in found if m.entry_id == "gaoshuiping_duiwai_kaifang"] == [i * 9 + 2 for i in range(5)]


def test_chunks_never_split_a_run_of_sentence_ends(tagger: Tagger, monkeypatch) -> None:
    text = "推动高水平对外开放。”\n\n\n面向南亚东南亚辐射中心！。\n" * 40
    whole = tagger.matches(text)
    monkeypatch.setattr(tagger_module, "CHUNK_CHARS", 7)
    assert tagger.matches(text) == whole
    assert max(m.sentence_index for m in whole) > 100
