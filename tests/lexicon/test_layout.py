"""`phrasebook lexicon fmt`: one layout for every lexicon file, whatever style it was
written in, with its data and comments unchanged."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from phrasebook.cli import app
from phrasebook.errors import LexiconError
from phrasebook.lexicon import default_lexicon_dir
from phrasebook.lexicon.check import check_lexicon
from phrasebook.lexicon.layout import WIDTH, canonical_text, dump, key_order, lay_out, schema_of
from phrasebook.lexicon.schema import Formulation, Province
from phrasebook.lexicon.yamlsafe import load_yaml

runner = CliRunner()
FORMULATIONS = default_lexicon_dir() / "formulations" / "periphery_diplomacy.yaml"


class _IndentedLists(yaml.SafeDumper):
    """The other style of the lexicon's history: every string quoted, lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _styles(data: dict) -> dict[str, str]:
    return {
        "pyyaml default": yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
        "quoted, indented lists": yaml.dump(data, Dumper=_IndentedLists, allow_unicode=True, sort_keys=False, default_style='"'),
        "keys sorted, flow lists": yaml.safe_dump(data, allow_unicode=True, sort_keys=True, default_flow_style=True, width=10_000),
    }


def test_the_shipped_lexicon_is_in_the_canonical_layout():
    report = lay_out([default_lexicon_dir()], write=False)
    assert report.files >= 17
    assert report.unformatted == [] and report.unreadable == []


def test_every_style_of_a_real_file_gives_the_one_layout():
    shipped = FORMULATIONS.read_text(encoding="utf-8")
    document, _ = load_yaml(FORMULATIONS)
    schema = schema_of(FORMULATIONS)
    for style, text in _styles(document.data).items():
        assert text != shipped
        assert canonical_text(text, FORMULATIONS, schema) == shipped, style


def test_keys_follow_the_schema_identity_first_evidence_last():
    assert key_order(Formulation)[:3] == ["id", "zh", "en"]
    assert key_order(Formulation)[-4:] == ["valid_to", "sources", "examples", "notes"]
    assert key_order(Province)[:5] == ["id", "zh", "short", "abbreviation", "en"]


def test_comments_stay_above_what_they_describe():
    partners = default_lexicon_dir() / "partners.yaml"
    shipped = partners.read_text(encoding="utf-8")
    schema = schema_of(partners)
    header, *blocks = shipped.rstrip("\n").split("\n\n")
    assert header.startswith("# What makes a mention") and len(blocks) == 8
    reversed_keys = "\n\n".join([header, *reversed(blocks)]) + "\n"
    assert canonical_text(reversed_keys, partners, schema) == shipped
    trailing = shipped.replace("\ncity_abbreviations: [", "\ncity_abbreviations:   # one character each\n  [", 1)
    moved = canonical_text(trailing, partners, schema)
    assert moved == shipped.replace("\ncity_abbreviations: [", "\n# one character each\ncity_abbreviations: [", 1)
    assert canonical_text(moved, partners, schema) == moved


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


@pytest.fixture
def messy_lexicon(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the shipped lexicon with one file in another style."""
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    target = root / "formulations" / "periphery_diplomacy.yaml"
    document, _ = load_yaml(target)
    target.write_text(_styles(document.data)["quoted, indented lists"], encoding="utf-8")
    return root, target


def test_fmt_check_lists_the_file_and_the_command_that_fixes_it(messy_lexicon):
    root, target = messy_lexicon
    result = runner.invoke(app, ["lexicon", "fmt", "--check", str(root)])
    assert result.exit_code == 1
    assert f"{target}:1: not in the canonical layout; run `phrasebook lexicon fmt {target}`" in result.output
    assert "1 of 17 file(s) not in the canonical layout" in result.output
    check = runner.invoke(app, ["lexicon", "check", "--lexicon", str(root)])
    assert check.exit_code == 1 and f"run `phrasebook lexicon fmt {target}`" in check.output


def test_fmt_rewrites_only_the_file_out_of_layout(messy_lexicon):
    root, target = messy_lexicon
    before = {path: path.stat().st_mtime_ns for path in root.rglob("*.yaml") if path != target}
    result = runner.invoke(app, ["lexicon", "fmt", "--lexicon", str(root)])
    assert result.exit_code == 0, result.output
    assert f"formatted {target}" in result.output and "formatted 1 of 17 file(s)" in result.output
    assert target.read_text(encoding="utf-8") == FORMULATIONS.read_text(encoding="utf-8")
    assert {path: path.stat().st_mtime_ns for path in before} == before
    assert not [p for p in check_lexicon(root) if p.severity == "error"]
