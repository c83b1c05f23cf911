"""Tracking on the national government work reports: counts equal plain substring counts
for unambiguous long entries, rates agree with counts and sizes, events are sound."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.aggregate.track import events, log_likelihood
from phrasebook.cli import app
from phrasebook.facts.inference import document_date
from phrasebook.normalize import normalize
from phrasebook.tagger import text_size

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def national(shared_corpus: Path, lexicon):
    matches, documents = pb.tag_with_documents(shared_corpus / "national_gwr", lexicon=lexicon)
    return matches, documents, pb.track(matches, documents, by="year")


def _unambiguous(lexicon) -> list:
    """Long, rule-free formulations that no other form or template can contain."""
    formulations = lexicon.of_kind("formulation")
    other_forms = [(e.id, s) for e in formulations for s in e.surfaces]
    return [
        e for e in formulations
        if len(e.surfaces) == 1 and len(e.canonical) >= 4 and e.rules.empty and not e.patterns
        and not any(i != e.id and e.canonical in s for i, s in other_forms)
    ]


def test_counts_equal_substring_counts_for_long_unambiguous_entries(national, shared_corpus, lexicon):
    _, _, table = national
    texts = {
        str(year): normalize((shared_corpus / "national_gwr" / f"gwr-{year}.txt").read_text(encoding="utf-8")).text
        for year in range(2000, 2026)
    }
    checked = 0
    tracked = set(table.entry_id)
    for entry in _unambiguous(lexicon):
        if entry.id not in tracked:
            assert sum(text.count(entry.canonical) for text in texts.values()) == 0, entry.id
        for row in table[table.entry_id == entry.id].itertuples():
            assert row.count == texts[row.period].count(entry.canonical), (entry.id, row.period)
            checked += row.count
    assert checked >= 50, "the national reports should hold many such occurrences"


def test_rates_agree_with_counts_and_sizes(national, shared_corpus):
    _, documents, table = national
    assert (table.per_10k - table["count"] * 10_000 / table.chars).abs().max() < 1e-9
    size_2025 = text_size((shared_corpus / "national_gwr" / "gwr-2025.txt").read_text(encoding="utf-8"))
    assert set(table[table.period == "2025"].chars) == {size_2025}
    assert sorted(table.period.unique()) == [str(y) for y in range(2000, 2026)]


def test_belt_and_road_appears_in_2015_and_not_before(national):
    _, _, table = national
    belt = table[table.entry_id == "yidai_yilu"].set_index("period")
    assert belt.loc[[str(y) for y in range(2000, 2015)], "count"].sum() == 0
    assert belt.loc["2015", "count"] > 0 and belt.loc["2015", "first_seen"] == pd.Timestamp("2015-01-01")
    # One occurrence after none is no significant change (G2 1.4, p 0.24): listed only
    # when the threshold is loose enough, and then with its statistic.
    strict = events(table[table.entry_id == "yidai_yilu"])
    assert strict[(strict["from"] == "2014") & (strict["to"] == "2015")].empty
    loose = events(table[table.entry_id == "yidai_yilu"], alpha=0.5)
    appearance = loose[(loose["from"] == "2014") & (loose["to"] == "2015")]
    assert appearance.event.tolist() == ["appears"]
    assert 0.01 < appearance.p_value.iloc[0] < 0.5 and appearance.g2.iloc[0] > 0


def test_every_event_is_significant_at_the_stated_level(national):
    """Consecutive national reports rarely differ significantly: 9 events at 0.05, none at
    0.01 (the old code listed 458 appearances and disappearances, all with p >= 0.01)."""
    _, _, table = national
    chars = table.drop_duplicates("period").set_index("period")["chars"]
    loose, strict = events(table, alpha=0.05), events(table, alpha=0.01)
    assert len(loose) > 0 and (loose.p_value < 0.05).all() and (strict.p_value < 0.01).all()
    assert set(map(tuple, strict[["from", "to", "entry_id"]].values)) <= set(map(tuple, loose[["from", "to", "entry_id"]].values))
    for row in loose.to_dict("records"):
        g2, p = log_likelihood(row["count_from"], int(chars[row["from"]]), row["count_to"], int(chars[row["to"]]))
        assert g2 == pytest.approx(row["g2"]) and p == pytest.approx(row["p_value"])


def test_log_likelihood_matches_a_hand_computed_value():
    g2, p = log_likelihood(10, 10_000, 30, 10_000)
    assert g2 == pytest.approx(10.465, abs=1e-3)
    assert p == pytest.approx(0.00122, abs=1e-4)
    assert log_likelihood(0, 100, 0, 100) == (0.0, 1.0)


def test_dates_are_inferred_with_their_source():
    assert document_date({"date": "2024-07-21"}, "") == ("2024-07-21", "metadata")
    assert document_date({"year": "2020"}, "") == ("2020", "metadata")
    assert document_date({}, "（2018年3月5日在大会上）正文") == ("2018-03-05", "text")
    assert document_date({}, "（二〇二五年一月十四日在省十四届人大三次会议上）") == ("2025-01-14", "text")
    assert document_date({"title": "2019年工作报告"}, "正文") == ("2019", "title")
    assert document_date({}, "正文") == ("", "none")


def test_each_diplomacy_family_moves_with_what_it_names(national):
    """The neighbourhood formulas fade from the national reports after 2016 while China's
    doctrine for the world grows; one family mixing both rose with 人类命运共同体 alone."""
    _, _, table = national
    by_family = table.groupby(["family", "period"])["count"].sum()
    periphery = by_family["periphery_diplomacy"]
    doctrine = by_family["global_doctrine"]
    assert periphery[[str(y) for y in range(2000, 2017)]].gt(0).sum() >= 10
    assert periphery[[str(y) for y in range(2019, 2026)]].sum() == 0
    assert doctrine[[str(y) for y in range(2021, 2026)]].min() >= 5
    mankind = table[table.entry_id == "renlei_mingyun_gongtongti"]
    assert set(mankind.family) == {"global_doctrine"} and mankind["count"].sum() >= 15


def test_track_cli_writes_table_and_plot(shared_corpus, tmp_path):
    out, plot = tmp_path / "freq.csv", tmp_path / "freq.png"
    result = CliRunner().invoke(
        app, ["track", str(shared_corpus / "national_gwr"), "--by", "year", "--family", "periphery_diplomacy", "-o", str(out), "--plot", str(plot)]
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, dtype={"period": str})
    assert set(table.family) == {"periphery_diplomacy"}
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert CliRunner().invoke(app, ["track", "--by", "decade"]).exit_code == 2


def test_mentions_equal_substring_counts_of_the_forms(national, shared_corpus, lexicon):
    """一带一路 inside “一带一路”国际合作高峰论坛 is a mention, not a match: the 2018 report
    has three matches and five mentions."""
    matches, documents, _ = national
    table = pb.track(matches, documents, by="year", lexicon=lexicon)
    texts = {
        str(year): normalize((shared_corpus / "national_gwr" / f"gwr-{year}.txt").read_text(encoding="utf-8")).text
        for year in range(2000, 2026)
    }
    checked = 0
    for entry in lexicon.of_kind("formulation"):
        if not entry.rules.empty or entry.patterns:
            continue
        forms = sorted(set(entry.surfaces), key=len, reverse=True)
        rows = table[table.entry_id == entry.id].set_index("period")
        for period, text in texts.items():
            expected = _occurrences(text, forms)
            found = int(rows.loc[period, "mentions"]) if period in rows.index else 0
            assert found == expected, (entry.id, period, found, expected)
            checked += expected
    assert checked >= 300  # occurrences compared
    belt = table[table.entry_id == "yidai_yilu"].set_index("period")
    assert (belt.loc["2018", "count"], belt.loc["2018", "mentions"]) == (3, 5)


def _occurrences(text: str, forms: list[str]) -> int:
    """Non-overlapping occurrences of any of ``forms`` (longest first where they nest)."""
    count = position = 0
    while True:
        hits = [(text.find(form, position), -len(form)) for form in forms]
        hits = [hit for hit in hits if hit[0] >= 0]
        if not hits:
            return count
        at, negative_length = min(hits)
        count += 1
        position = at - negative_length


def test_kwic_lines_are_the_mentions(shared_corpus, lexicon):
    corpus = pb.Corpus(shared_corpus / "national_gwr" / "gwr-2018.txt", lexicon=lexicon)
    lines = corpus.kwic("yidai_yilu")
    assert len(lines) == 5 and set(lines.match) == {"一带一路"}


def test_track_by_month_and_quarter(shared_corpus, lexicon, tmp_path):
    import gzip
    import json

    with gzip.open(shared_corpus / "xwlb" / "xwlb-2024.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(next(handle)) for _ in range(400)]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    corpus = pb.Corpus(tmp_path, lexicon=lexicon, keep_text=False)
    months = corpus.track(by="month")
    expected = sorted({r["date"][:7] for r in records})
    assert sorted(months.period.unique()) == expected
    quarters = corpus.track(by="quarter")
    assert set(quarters.period) <= {"2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"}
    assert quarters["count"].sum() == months["count"].sum()
