"""`roles` gives the province's own designations by default; facilities (a port, an airport,
a park in it that has the role) only with scope facility or all, credited to the province
whose document it is or whose city it stands in, never to a province named nearby."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import phrasebook as pb
from phrasebook.cli import app
from phrasebook.errors import UsageError

REPORT = "支持芜湖机场打造上海国际航空货运枢纽副中心。\n\n加快建设内陆开放新高地。"
NEWS = "北京市领导表示，支持天津机场建设国际航空货运枢纽。"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, lexicon) -> pb.Corpus:
    folder = tmp_path_factory.mktemp("scope")
    (folder / "report.txt").write_text(f"---\nissuer: CN-AH\n---\n{REPORT}\n", encoding="utf-8")
    (folder / "news.txt").write_text(f"{NEWS}\n", encoding="utf-8")
    return pb.Corpus(folder, lexicon=lexicon)


def test_facilities_are_left_out_by_default(corpus) -> None:
    default = corpus.roles()
    assert set(default["scope"]) == {"province"}
    assert ("report", "CN-AH", "highland") in set(zip(default.doc_id, default.province, default.role))
    assert "hub" not in set(default.role)


def test_a_facility_in_a_province_s_report_is_that_province_s(corpus) -> None:
    facilities = corpus.roles(scope="facility")
    hubs = facilities[(facilities.doc_id == "report") & (facilities.role == "hub")]
    assert set(hubs.province) == {"CN-AH"}  # Wuhu's airport, though the phrase names Shanghai's hub


def test_a_facility_in_the_news_is_the_province_of_its_city_not_one_named_nearby(corpus) -> None:
    facilities = corpus.roles(scope="facility")
    hubs = facilities[(facilities.doc_id == "news") & (facilities.role == "hub")]
    assert set(hubs.province) == {"CN-TJ"}  # Tianjin's airport; Beijing is only named before it
    both = corpus.roles(scope="all")
    assert len(both) == len(corpus.roles()) + len(facilities)


def test_an_unknown_scope_is_refused(corpus, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="scope 'port'"):
        corpus.roles(scope="port")
    result = CliRunner().invoke(app, ["roles", str(tmp_path), "--scope", "port"])
    assert result.exit_code == 2 and "--scope port: choose one of province, facility, all" in result.output
