"""A document with no date in its metadata, its text or its title takes the date or year
its file name carries, recorded as ``date_source=filename``; by the built-in rule, or by
a pattern the user gives (``--date-pattern``, ``Corpus(date_pattern=...)``)."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.errors import UsageError
from phrasebook.facts.inference import date_by_pattern, date_in_name, name_pattern

runner = CliRunner()


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


@pytest.mark.parametrize(
    ("name", "pattern", "date"),
    [
        ("law-1999-rev-2015.txt", "law-*-rev-{year}", "2015"),  # the built-in rule would take 1999
        ("xwlb_20160614.html", "xwlb_{year}{month}{day}", "2016-06-14"),
        ("a-2016.6.4.jsonl.gz", "a-{year}.{month}.{day}", "2016-06-04"),
        ("report-03-2019.txt", "report-{month}-{year}", "2019-03"),
        ("notes-2019.txt", "law-*-rev-{year}", ""),  # a name that does not fit the pattern has no date from it
        ("report-13-2019.txt", "report-{month}-{year}", ""),  # no 13th month
    ],
)
def test_a_given_pattern_reads_the_name(name, pattern, date):
    assert date_by_pattern(name, pattern) == date


@pytest.mark.parametrize("pattern", ["gwr-{month}", "{year}-{year}", "{year}{month}{month}"])
def test_a_pattern_without_one_year_is_refused(pattern):
    with pytest.raises(UsageError, match="give \\{year\\} once"):
        name_pattern(pattern)


def test_the_date_pattern_option_dates_a_folder(tmp_path):
    folder = tmp_path / "laws"
    folder.mkdir()
    for first, revised in ((1999, 2015), (2001, 2018)):
        (folder / f"law-{first}-rev-{revised}.txt").write_text("推进“一带一路”建设。", encoding="utf-8")
    docs = tmp_path / "docs.csv"
    result = runner.invoke(app, ["tag", str(folder), "--docs", str(docs), "--date-pattern", "law-*-rev-{year}"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(docs).set_index("doc_id")
    assert table.loc["law-1999-rev-2015", "year"] == 2015 and table.loc["law-2001-rev-2018", "date_source"] == "filename"
    assert sorted(pb.Corpus(folder, date_pattern="law-*-rev-{year}").track()["period"].unique()) == ["2015", "2018"]
    refused = runner.invoke(app, ["track", str(folder), "--date-pattern", "law-*"])
    assert refused.exit_code == 2 and "give {year} once" in refused.output
    refused = runner.invoke(app, ["tag", str(folder), "--workers", "2", "--docs", str(tmp_path / "d2.csv"), "--date-pattern", "law-*"])
    assert refused.exit_code == 2 and "give {year} once" in refused.output and not (tmp_path / "d2.csv").exists()  # in workers too
    refused = runner.invoke(app, ["track", "--db", str(tmp_path / "x.duckdb"), "--date-pattern", "law-{year}"])
    assert refused.exit_code == 2 and "not --db" in refused.output
