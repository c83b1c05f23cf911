"""`phrasebook lexicon export`: each format read back by its own tool (spaCy) or parsed
back (quanteda YAML, LIWC .dic, CSV) gives the lexicon; what a format cannot hold is said."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pytest
import yaml
from typer.testing import CliRunner

from phrasebook.cli import app
from phrasebook.lexicon.export import ExportFormat, export_lexicon
from phrasebook.tagger import Tagger

runner = CliRunner()


def _literal_forms(lexicon, *, places: bool = False) -> dict[str, set[str]]:
    return {e.id: set(e.surfaces) for e in lexicon.entries if places or e.kind == "formulation"}


def test_spacy_patterns_find_in_a_real_report_what_phrasebook_finds(lexicon, shared_corpus):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("zh")  # the character segmenter: patterns match whatever the word boundaries
    ruler = nlp.add_pipe("span_ruler")
    exported = export_lexicon(lexicon, format=ExportFormat.spacy)
    ruler.add_patterns([json.loads(line) for line in exported.text.splitlines()])
    text = (shared_corpus / "national_gwr" / "gwr-2024.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    found = {(span.start_char, span.end_char, span.label_) for span in doc.spans["ruler"]}
    literal = {(m.start, m.end, m.entry_id) for m in Tagger(lexicon, overlapping=True).matches(text) if m.kind == "formulation" and m.via == "literal"}
    assert len(found & literal) >= 30 and ("yidai_yilu" in {label for _, _, label in found})
    # What differs is what the format cannot hold: context rules (phrasebook drops the
    # match) and normalisation (中国－中亚峰会 with a full-width dash is 中国—中亚峰会 to phrasebook).
    assert all(not lexicon.get(label).rules.empty for _, _, label in found - literal)
    assert (found - literal) and all(text[start:end] not in lexicon.get(label).surfaces for start, end, label in literal - found)


def test_spacy_patterns_label_real_forms_in_a_real_sentence(lexicon):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([json.loads(line) for line in export_lexicon(lexicon, format=ExportFormat.spacy).text.splitlines()])
    sentence = "扎实推进共建“一带一路”高质量发展，与共建国家贸易投资较快增长。"  # 2024年政府工作报告
    assert [(ent.text, ent.label_) for ent in nlp(sentence).ents] == [("一带一路", "yidai_yilu"), ("共建国家", "gongjian_guojia")]


def test_quanteda_dictionary_reads_back_as_the_lexicon(lexicon):
    exported = export_lexicon(lexicon, format=ExportFormat.quanteda, places=True)
    tree = yaml.safe_load(exported.text)
    assert {entry_id: set(forms) for family in tree.values() for entry_id, forms in family.items()} == _literal_forms(lexicon, places=True)
    assert set(tree["periphery_diplomacy"]) == {e.id for e in lexicon.of_family("periphery_diplomacy")}
    header = [line for line in exported.text.splitlines() if line.startswith("#")]
    templated = [e for e in lexicon.of_kind("formulation") if e.patterns]
    assert any(f"{sum(len(e.patterns) for e in templated)} slot templates of {len(templated)} entries are left out" in line for line in header)


def test_liwc_dictionary_reads_back_as_families_of_forms(lexicon):
    text = export_lexicon(lexicon, format=ExportFormat.liwc).text
    _, categories, words = text.split("%\n")
    names = dict(line.split("\t") for line in categories.splitlines())
    read = defaultdict(set)
    for line in words.splitlines():
        form, *numbers = line.split("\t")
        for number in numbers:
            read[names[number]].add(form)
    expected = defaultdict(set)
    for entry in lexicon.of_kind("formulation"):
        expected[entry.family] |= set(entry.surfaces)
    assert dict(read) == dict(expected)
    assert "发挥{ANY:1-8}区位优势" not in text


def test_csv_holds_forms_templates_and_rules(lexicon):
    rows = list(csv.DictReader(io.StringIO(export_lexicon(lexicon, format=ExportFormat.csv).text)))
    forms = defaultdict(set)
    for row in rows:
        if row["form_type"] != "template":
            forms[row["entry_id"]].add(row["form"])
    assert dict(forms) == _literal_forms(lexicon)
    templates = {(row["entry_id"], row["form"]) for row in rows if row["form_type"] == "template"}
    assert templates == {(e.id, p) for e in lexicon.of_kind("formulation") for p in e.patterns}
    gaoshuiping = next(row for row in rows if row["entry_id"] == "gaoshuiping_duiwai_kaifang")
    assert json.loads(gaoshuiping["not_before"]) == list(lexicon.get("gaoshuiping_duiwai_kaifang").rules.not_before)


def test_cli_writes_the_file_and_counts_what_it_left_out(lexicon, tmp_path):
    target = tmp_path / "patterns.jsonl"
    result = runner.invoke(app, ["lexicon", "export", "--format", "spacy", "-o", str(target)])
    assert result.exit_code == 0, result.output
    forms = sum(len(set(e.surfaces)) for e in lexicon.of_kind("formulation"))
    assert len(target.read_text(encoding="utf-8").splitlines()) == forms
    assert f"wrote {forms:,} forms of {len(lexicon.of_kind('formulation'))} entries to {target}" in result.output
    assert "slot templates of" in result.output and "are left out (spacy matches literal strings only)" in result.output
    wrong = runner.invoke(app, ["lexicon", "export", "--format", "liwc", "-o", str(tmp_path / "x.csv")])
    assert wrong.exit_code == 2 and "the format must be one of .dic" in wrong.output
    unknown = runner.invoke(app, ["lexicon", "export", "--format", "excel"])
    assert unknown.exit_code == 2 and "--format excel: choose spacy, quanteda, liwc, csv" in unknown.output
