"""One schema: every notebook table has the columns and dtypes that phrasebook.schema
declares, the same dtype for the same column everywhere, names beside codes, and the
designations dated by their document."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import phrasebook as pb
from phrasebook.aggregate.engagements import Engagements
from phrasebook.errors import PhrasebookWarning
from phrasebook.schema import DTYPES, TABLES, column_reference

YUNNAN = (
    "云南省政府工作报告\n——2025年1月14日在云南省第十四届人民代表大会第三次会议上\n"
    "我省加快建设面向南亚东南亚辐射中心，推进高水平对外开放。\n"
    "省长王予波会见越南老街省委书记一行，双方签署合作备忘录。\n"
)
GUANGXI = (
    "广西壮族自治区政府工作报告\n——2025年1月13日在广西壮族自治区第十四届人民代表大会第三次会议上\n"
    "我区加快建设面向东盟的国际大通道，深化同东盟合作。自治区主席会见泰国驻南宁总领事。\n"
)


def _tables(corpus: pb.Corpus) -> dict[str, pd.DataFrame]:
    engagements = corpus.engagements(min_events=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PhrasebookWarning)
        track, changes = corpus.track(by="year"), corpus.changes(by="issuer")
    return {
        "matches": corpus.matches, "documents": corpus.documents, "docs": corpus.docs(), "roles": corpus.roles(),
        "role_candidates": corpus.roles(candidates=True), "partners": corpus.partners(), "events": corpus.events(),
        "engagement_partners": engagements.partners, "engagement_regions": engagements.regions,
        "mention_shares": corpus.mention_shares(), "kwic": corpus.kwic("高水平对外开放"), "track": track, "changes": changes,
    }


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("reports")
    (folder / "yunnan-2025.txt").write_text(YUNNAN, encoding="utf-8")
    (folder / "guangxi-2025.txt").write_text(GUANGXI, encoding="utf-8")
    return _tables(pb.Corpus(folder))


def test_every_table_has_the_declared_columns_and_dtypes(tables: dict[str, pd.DataFrame]) -> None:
    assert set(tables) | {"compare"} == set(TABLES)
    for name, frame in tables.items():
        declared = TABLES[name].columns
        assert list(frame.columns) == [c.name for c in declared], name
        for column in declared:
            assert str(frame[column.name].dtype) == DTYPES[column.kind], (name, column.name, frame[column.name].dtype)


def test_a_column_has_one_dtype_in_every_table(tables: dict[str, pd.DataFrame]) -> None:
    seen: dict[str, set[str]] = {}
    for frame in tables.values():
        for column in frame.columns:
            seen.setdefault(column, set()).add(str(frame[column].dtype))
    assert seen["doc_id"] == {"string"} and seen["province"] == {"string"} and seen["date"] == {"datetime64[us]"}
    assert {c: d for c, d in seen.items() if len(d) > 1} == {}


def test_codes_have_their_names_beside_them(tables: dict[str, pd.DataFrame]) -> None:
    roles = tables["roles"].set_index("province")
    assert roles.loc["CN-YN", "province_name"] == "云南省" and roles.loc["CN-YN", "province_name_en"] == "Yunnan"
    yunnan = tables["roles"][tables["roles"]["role"] == "radiation_center"].iloc[0]
    assert (yunnan["region"], yunnan["region_name"], yunnan["region_name_en"]) == ("south_and_southeast_asia", "南亚东南亚", "South and Southeast Asia")
    events = tables["events"]
    vietnam = events[events["partner"] == "VN"].iloc[0]
    assert vietnam["province_name_en"] == "Yunnan" and vietnam["partner_name_en"] == "Vietnam" and "老街" in vietnam["partner_name"]
    partners = tables["engagement_partners"].set_index("partner")
    assert partners.loc["VN", "partner_name"] == "越南"
    documents = tables["documents"].set_index("doc_id")
    assert documents.loc["guangxi-2025", "issuer_name"] == "广西壮族自治区"


def test_designations_carry_their_documents_date(tables: dict[str, pd.DataFrame]) -> None:
    roles = tables["roles"].set_index("doc_id")
    assert roles.loc["yunnan-2025", "date"] == pd.Timestamp("2025-01-14") and roles.loc["yunnan-2025", "date_precision"] == "day"
    candidates = tables["role_candidates"]
    assert candidates["date"].notna().all()


def test_engagements_is_a_named_pair_of_tables(tmp_path: Path) -> None:
    (tmp_path / "yunnan-2025.txt").write_text(YUNNAN, encoding="utf-8")
    found = pb.Corpus(tmp_path).engagements(min_events=1)
    assert isinstance(found, Engagements) and found.partners is found[0] and found.regions is found[1]
    assert "VN" in set(found.partners["partner"])


def test_the_column_reference_lists_every_column() -> None:
    reference = column_reference()
    for table in TABLES.values():
        assert f"## `{table.name}`" in reference
        assert all(f"| `{c.name}` | `{DTYPES[c.kind]}` |" in reference for c in table.columns)


def test_tables_on_the_provincial_reports_keep_their_types(shared_corpus: Path) -> None:
    tables = _tables(pb.Corpus(shared_corpus / "provincial_gwr"))
    assert len(tables["roles"]) > 50 and len(tables["events"]) > 50
    for name, frame in tables.items():
        for column in TABLES[name].columns:
            assert str(frame[column.name].dtype) == DTYPES[column.kind], (name, column.name)
    assert tables["roles"]["province_name"].notna().all() and tables["roles"]["date"].notna().all()
    # one region, one id in every table: ASEAN (its entry id) is written asean, as events write it
    partners = tables["partners"]
    regions = {
        "roles": set(tables["roles"]["region"].dropna()), "partners": set(partners.loc[partners["kind"] == "region", "code"]),
        "events": set(tables["events"].loc[tables["events"]["partner_kind"] == "region", "partner"]),
        "engagement_regions": set(tables["engagement_regions"]["region"]),
    }
    assert all("asean" in found for found in regions.values()), regions
    assert all(code == code.lower() for found in regions.values() for code in found), regions
    assert "ASEAN" in set(tables["matches"]["entry_id"])  # entry ids never change
