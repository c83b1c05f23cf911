"""Discovery on real text: an entry taken out of a copy of the lexicon comes back at the
top of its source, with counts that agree with what the full lexicon finds, evidence that
points into the files, and drafts that the lexicon check accepts."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.discover import DISCOVER_COLUMNS
from phrasebook.discover.drafts import draft_entries
from phrasebook.lexicon import Lexicon, load_lexicon
from phrasebook.lexicon.check import check_lexicon
from phrasebook.lexicon.layout import lay_out
from phrasebook.lexicon.schema import Formulation


def corpus(paths, lexicon: Lexicon) -> pb.Corpus:
    return pb.Corpus(paths, lexicon=lexicon, infer_doc_types=False)


def assert_evidence_points_into_files(table: pd.DataFrame, documents: pd.DataFrame) -> None:
    paths = documents.set_index("doc_id")["path"]
    for row in table.itertuples():
        text = Path(paths[row.doc_id]).read_text(encoding="utf-8")
        assert text[row.start : row.end] == row.match and f"【{row.match}】" in row.kwic and row.match in row.sentence


def test_a_removed_slot_word_comes_back_first(shared_corpus, lexicon_copy):
    paths = [shared_corpus / "provincial_gwr", shared_corpus / "five_year_plans"]
    full = corpus(paths, load_lexicon()).matches
    known = full[(full.entry_id == "fahui_x_youshi") & (full.text == "发挥比较优势")]
    found = corpus(paths, load_lexicon(lexicon_copy(without_slot_word=("X", "比较"))))
    table = found.discover(sources=["slot"])
    first = table.iloc[0]
    assert (first.candidate, first.filler, first.frame) == ("发挥比较优势", "比较", "发挥好?{X}优势")
    assert first["count"] == len(known) and set(first.doc_ids) == set(known.doc_id) and len(known) >= 5
    assert_evidence_points_into_files(table, found.documents)


def test_a_removed_designation_comes_back_at_the_top(shared_corpus, lexicon_copy):
    found = corpus(shared_corpus / "provincial_gwr", load_lexicon(lexicon_copy(without_entry="guoji_hangkong_shuniu")))
    table = found.discover(sources=["role"])
    assert table.candidate.iloc[0] == "国际航空枢纽"
    row = table.set_index("candidate").loc["国际航空枢纽"]
    assert row.role == "hub" and row.family == "role_designation" and row.docs >= 5
    full = corpus(shared_corpus / "provincial_gwr", load_lexicon()).matches
    assert row["count"] <= (full.entry_id == "guoji_hangkong_shuniu").sum()  # only the outward-facing designations count
    assert_evidence_points_into_files(table, found.documents)


@pytest.fixture(scope="module")
def meetings(shared_corpus, tmp_path_factory) -> Path:
    """The evening news's meeting readouts (会见 in the title) of 2014 and 2015: real
    records, a tenth of those years."""
    path = tmp_path_factory.mktemp("news") / "meetings.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for year in (2014, 2015):
            with gzip.open(shared_corpus / "xwlb" / f"xwlb-{year}.jsonl.gz", "rt", encoding="utf-8") as records:
                out.writelines(line for line in records if "会见" in json.loads(line)["title"])
    return path


def test_a_removed_term_rises_first_where_it_rose(meetings, lexicon_copy):
    table = corpus(meetings, load_lexicon(lexicon_copy(without_entry="yidai_yilu"))).discover(sources=["rising"])
    first = table.iloc[0]
    full = corpus(meetings, load_lexicon()).matches
    belt_and_road = full[full.entry_id == "yidai_yilu"]
    assert first.candidate == "一带一路" and first.frame == "2014→2015" and first.period == "2015"
    assert first["count"] == len(belt_and_road) and first.docs == belt_and_road.doc_id.nunique()
    assert first.count_in_period == (belt_and_road.year == 2015).sum() and first.count_before == (belt_and_road.year == 2014).sum()
    assert first.count_in_period > 3 * first.count_before and first.g2 > 10
    assert table.score.is_monotonic_decreasing and table["rank"].tolist() == list(range(1, len(table) + 1))


def test_drafts_are_entries_the_lexicon_check_accepts(shared_corpus, lexicon_copy):
    found = corpus(shared_corpus / "provincial_gwr", load_lexicon())
    table = found.discover(sources=["slot", "role"], limit=3)
    drafts = draft_entries(table, documents=found.documents, lexicon=found.lexicon)
    assert sum(map(len, drafts.values())) == len(table) and set(drafts) == {"leverage_advantage", "role_designation"}
    for entries in drafts.values():
        for entry in entries:
            Formulation.model_validate(entry)
            assert entry["en"].startswith("TODO") and entry["notes"].startswith("DRAFT")
            assert {source["doc"] for source in entry["sources"]} <= set(found.documents.doc_id)
    root = lexicon_copy()
    for family, entries in drafts.items():
        path = root / "formulations" / f"{family}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump({**data, "entries": data["entries"] + entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lay_out([root], write=True)  # as the editor runs `phrasebook lexicon fmt`
    errors = [p.message for p in check_lexicon(root) if p.severity == "error"]
    role_drafts = [entry["id"] for entry in drafts["role_designation"]]
    # every example runs; what is left is the negative example an editor writes for a designation
    assert sorted(errors) == sorted(f"{draft}: needs a negative example (role designation)" for draft in role_drafts)


runner = CliRunner()


def test_command_writes_the_table_and_drafts(shared_corpus, tmp_path):
    out, drafts = tmp_path / "candidates.csv", tmp_path / "drafts.yaml"
    result = runner.invoke(app, ["discover", str(shared_corpus / "provincial_gwr"), "-o", str(out), "--emit-yaml", str(drafts), "--limit", "4"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert list(table.columns) == DISCOVER_COLUMNS and set(table.source) == {"slot", "role"} and table["rank"].max() == 4
    text = drafts.read_text(encoding="utf-8")
    assert text.startswith("# DRAFT lexicon entries") and "wrote 8 draft entries" in result.output


def test_drafts_are_never_written_into_the_lexicon(shared_corpus, lexicon_copy):
    root = lexicon_copy()
    target = root / "formulations" / "drafts.yaml"
    result = runner.invoke(app, ["discover", str(shared_corpus / "provincial_gwr"), "--lexicon", str(root), "--emit-yaml", str(target)])
    assert result.exit_code == 2 and "inside the lexicon folder" in result.output and not target.exists()


def test_unknown_source_and_unordered_periods_are_refused(shared_corpus):
    for option in (["--source", "slots"], ["--by", "issuer"]):
        result = runner.invoke(app, ["discover", str(shared_corpus / "national_gwr"), *option])
        assert result.exit_code == 2 and result.output.startswith("error: ")
