"""`phrasebook lexicon fmt`: one layout for every lexicon file, whatever style it was
written in, with its data and comments unchanged."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
import yaml

from phrasebook.errors import LexiconError
from phrasebook.lexicon.layout import WIDTH, canonical_text, dump, key_order, lay_out
from phrasebook.lexicon.schema import Formulation, Province


def test_keys_follow_the_schema_identity_first_evidence_last():
    assert key_order(Formulation)[:3] == ["id", "zh", "en"]
    assert key_order(Formulation)[-4:] == ["valid_to", "sources", "examples", "notes"]
    assert key_order(Province)[:5] == ["id", "zh", "short", "abbreviation", "en"]


def test_types_survive_and_lookalikes_are_quoted():
    text = dump({"year": 2015, "date": "2025", "valid_from": dt.date(2013, 9, 7), "codes": ["009", "001", "CN"], "flag": "yes", "joint": True})
    assert "date: '2025'" in text and "year: 2015" in text and "valid_from: 2013-09-07" in text
    assert "codes: ['009', '001', CN]" in text and "flag: 'yes'" in text and "joint: true" in text
    assert yaml.safe_load(text) == {"year": 2015, "date": "2025", "valid_from": dt.date(2013, 9, 7), "codes": ["009", "001", "CN"], "flag": "yes", "joint": True}


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_prose_is_folded_at_spaces_and_chinese_is_never_broken(lexicon):
    notes = " ".join(entry.canonical + " appears in the national reports" for entry in lexicon.of_kind("formulation")[:12])
    sentence = lexicon.of_kind("formulation")[0].examples.positive[0].text * 4
    text = dump({"notes": notes, "text": sentence})
    assert text.startswith("notes: >-\n")
    assert all(_columns(line) <= WIDTH for line in text.splitlines() if not line.startswith("text:"))
    assert f"text: {sentence}\n" in text
    assert yaml.safe_load(text) == {"notes": notes, "text": sentence}


def test_a_file_that_is_not_yaml_is_reported_at_its_line(tmp_path):
    root = tmp_path / "lexicon"
    (root / "formulations").mkdir(parents=True)
    bad = root / "formulations" / "bad.yaml"
    bad.write_text("family: opening_up\nentries: [\n", encoding="utf-8")
    report = lay_out([root], write=False)
    assert report.unreadable and report.unreadable[0].path == bad and report.unreadable[0].line == 3
    with pytest.raises(LexiconError):
        canonical_text("a: *x\n", bad, None)
