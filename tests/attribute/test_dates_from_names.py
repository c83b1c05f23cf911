"""A document with no date in its metadata, its text or its title takes the date or year
its file name carries, recorded as ``date_source=filename``."""

from __future__ import annotations

import pytest

import phrasebook as pb
from phrasebook.attribute.facts import date_in_name


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("gwr-2015.txt", "2015"),
        ("2024-03-05_news.html", "2024-03-05"),
        ("20240305.txt", "2024-03-05"),
        ("news_2024_03.txt", "2024-03"),
        ("2015年政府工作报告.txt", "2015"),
        ("report_201503.txt", ""),  # a month needs a separator or a day after it
        ("v12015.txt", ""),  # a year touched by another digit is no year
        ("scan-1848.txt", ""),
        ("notes.txt", ""),
    ],
)
def test_the_date_a_file_name_carries(name, date):
    assert date_in_name(name) == date


def test_work_reports_named_by_year_are_tracked_by_year(lexicon, shared_corpus, tmp_path):
    """Five national reports copied without their manifest and named gwr-2015.txt ...
    gwr-2019.txt: five years, each from its file name."""
    for year in range(2015, 2020):
        (tmp_path / f"gwr-{year}.txt").write_text((shared_corpus / "national_gwr" / f"gwr-{year}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    corpus = pb.Corpus(tmp_path, lexicon=lexicon)
    documents = corpus.documents.set_index("doc_id")
    assert documents.loc["gwr-2017", "date_source"] in ("filename", "text")
    assert sorted(documents["year"].dropna().astype(int)) == [2015, 2016, 2017, 2018, 2019]
    assert sorted(corpus.track().query("entry_id == 'yidai_yilu'")["period"].astype(str)) == ["2015", "2016", "2017", "2018", "2019"]


def test_the_text_and_the_metadata_come_before_the_name(lexicon, tmp_path):
    (tmp_path / "memo-2015.txt").write_text("2019年3月5日\n推进“一带一路”建设。", encoding="utf-8")
    (tmp_path / "brief-2016.txt").write_text("推进“一带一路”建设。", encoding="utf-8")
    documents = pb.Corpus(tmp_path, lexicon=lexicon).documents.set_index("doc_id")
    assert (documents.loc["memo-2015", "date_source"], documents.loc["memo-2015", "year"]) == ("text", 2019)
    assert (documents.loc["brief-2016", "date_source"], documents.loc["brief-2016", "year"]) == ("filename", 2016)
