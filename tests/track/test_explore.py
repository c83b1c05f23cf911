"""Concordance and edition comparison on real documents."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app

pytestmark = pytest.mark.corpus


def test_kwic_by_entry_family_and_literal(shared_corpus, lexicon):
    folder = shared_corpus / "national_gwr"
    by_entry = pb.kwic(folder, "yidai_yilu", lexicon=lexicon, window=10)
    assert len(by_entry) > 20 and set(by_entry.match) == {"一带一路"}
    assert min(by_entry.date.dt.year) == 2015 and str(by_entry.date.dtype) == "datetime64[us]"
    by_family = pb.kwic(folder, "periphery_diplomacy", lexicon=lexicon)
    assert "yidai_yilu" not in set(by_family.entry_id) and len(by_family) > 0
    literal = pb.kwic(folder, "睦邻友好", lexicon=lexicon, window=5)
    expected = sum((folder / f"gwr-{y}.txt").read_text(encoding="utf-8").count("睦邻友好") for y in range(2000, 2026))
    assert len(literal) == expected > 0
    row = literal.iloc[0]
    text = (folder / f"{row.doc_id}.txt").read_text(encoding="utf-8")
    assert text[row.start - len(row.left) : row.start] == row.left and text[row.start : row.end] == "睦邻友好"


def test_compare_plan_recommendations(shared_corpus, lexicon):
    plans = shared_corpus / "five_year_plans"
    table = pb.compare(plans / "fyp14-recommendations-2020.txt", plans / "fyp15-recommendations-2025.txt", lexicon=lexicon)
    assert set(table.status) <= {"added", "dropped", "rose", "fell", "same"}
    added = table[table.status == "added"]
    assert (added.count_a == 0).all() and (added.count_b > 0).all()
    assert set(table.family) <= set(lexicon_families(lexicon))
    text_a = (plans / "fyp14-recommendations-2020.txt").read_text(encoding="utf-8")
    text_b = (plans / "fyp15-recommendations-2025.txt").read_text(encoding="utf-8")
    for row in table.itertuples():
        assert row.context and row.context in (text_a if row.status == "dropped" else text_b)
    assert "全球治理倡议" in set(added.canonical)


def lexicon_families(lexicon):
    return {e.family for e in lexicon.of_kind("formulation")}


def test_compare_cli(shared_corpus, tmp_path):
    plans = shared_corpus / "five_year_plans"
    out = tmp_path / "cmp.csv"
    result = CliRunner().invoke(
        app, ["compare", str(plans / "fyp14-recommendations-2020.txt"), str(plans / "fyp15-recommendations-2025.txt"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("entry_id,canonical,family,status")


def test_mention_shares(shared_corpus, lexicon, tmp_path):
    table = pb.Corpus(shared_corpus / "provincial_gwr", lexicon=lexicon, keep_text=False).mention_shares()
    sums = table.groupby(["province", "kind"])["share"].sum()
    assert ((sums - 1).abs() < 1e-9).all()
    yunnan = table[(table.province == "CN-YN") & (table.kind == "country")]
    assert yunnan.iloc[0].code == "LA" and set(yunnan.code) >= {"LA", "VN", "MM"}
    result = CliRunner().invoke(app, ["mention-shares", str(shared_corpus / "provincial_gwr"), "-o", str(tmp_path / "m.csv")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").startswith("province,province_name,province_name_en,kind,code,partner_name,partner_name_en,count,share,rank")
