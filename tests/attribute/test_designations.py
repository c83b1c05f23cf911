"""Designations, by kind of error the attribution issue names, both ways: context rules
are features not filters, role heads beyond lexicon entries, features on the normalised
text, web debris, the province (enumerations, cities, paragraph openers) and the region
read from the phrase."""

from __future__ import annotations

import pandas as pd
import pytest

import phrasebook as pb


@pytest.fixture(scope="module")
def roles(tmp_path_factory, lexicon):
    """Every candidate of a folder of one-sentence documents, by document id."""
    sentences = {
        # 1. the lexicon's context rules veto 物流/航空 before 枢纽; they are features now
        "logistics_hub": "南宁加快建设国际物流枢纽和面向东盟的航空枢纽。",
        "water_hub": "加快建设引江济淮水利枢纽工程，完善综合交通枢纽。",
        "channel": "广西构建南向国际陆海大通道，畅通跨境通道。",
        "green_channel": "开通农产品运输“绿色通道”，完善输电通道。",
        # 2. heads beyond the lexicon's entries, quoted heads, headings
        "pivot_frontier": "广西打造面向东盟开放合作的前沿和窗口，建设西南中南地区开放发展新的战略支点。",
        "domestic_pivot": "湖北加快建成中部地区崛起的重要战略支点，推动科技前沿领域研究。",
        "quoted": "新疆积极打造向西开放“桥头堡”。",
        "heading": "---\nissuer: CN-XJ\n---\n（四）加快高水平开放，积极打造亚欧黄金通道和向西开放桥头堡",  # the issuer holds it
        "gateway": "海南自由贸易港打造成为引领我国新时代对外开放的重要门户。",
        # 3 and 4. traditional script and web debris give the same designation
        "clean": "云南加快建设面向南亚东南亚辐射中心，扩大对外开放。",
        "traditional": "雲南加快建設面向南亞東南亞輻射中心，擴大對外開放。",
        "pinyin": "云南加快建设面向南亚东南亚辐(fú)射中(zhōng)心，扩大对外开放。",
        "spaces": "云南加快建设面向南亚 东南亚辐 射中心，扩大对外开放。",
        "wrapped": "云南加快建设面向南亚东南亚辐射\n中心，扩大对外开放，深化同越南合作。",
        "quoted_inside": "云南加快建设面向南亚东南亚“辐射中心”，扩大对外开放。",
        "corner_quotes": "云南加快建设面向南亚东南亚「辐射中心」，扩大对外开放。",
        "mixed": "雲南加快建设面向南亞东南亚輻射中心，扩大對外开放。",
        # 6. the province: enumerations, cities, the paragraph's opener
        "enumeration": "支持黑龙江、吉林、辽宁、内蒙古建设向北开放的重要窗口。",
        "city": "兰州加快打造向西开放桥头堡，成都建设国际门户枢纽城市。",
        "opener": "成都：\n（一）积极融入共建“一带一路”\n全市加快建设国际门户枢纽。",
        # 7. the region from the phrase, not from elsewhere in the sentence
        "phrase_region": "福建深化海丝核心区建设，推动加密中欧中亚班列。",
        "direction": "内蒙古建设向北开放重要桥头堡，深化同东南亚国家合作。",
    }
    folder = tmp_path_factory.mktemp("designations")
    for name, text in sentences.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    table = pb.Corpus(folder, lexicon=lexicon).roles(candidates=True, scope="all")
    return {doc: rows for doc, rows in table.groupby("doc_id")}


def _designated(rows: pd.DataFrame) -> list[tuple[str, str]]:
    return sorted((row.role, row.wording) for row in rows.itertuples() if row.designation)


def test_context_rules_are_features_not_filters(roles):
    assert _designated(roles["logistics_hub"]) == [("hub", "国际物流枢纽"), ("hub", "面向东盟的航空枢纽")]
    assert set(roles["logistics_hub"].scope) == {"facility"}
    assert set(roles["channel"][roles["channel"].designation].wording) >= {"南向国际陆海大通道", "跨境通道"}
    assert _designated(roles["water_hub"]) == [] and len(roles["water_hub"]) == 2
    assert _designated(roles["green_channel"]) == []


def test_role_heads_beyond_the_lexicon(roles):
    assert {role for role, _ in _designated(roles["pivot_frontier"])} == {"frontier", "window", "pivot"}
    assert _designated(roles["domestic_pivot"]) == []
    assert _designated(roles["quoted"]) == [("bridgehead", "向西开放“桥头堡”")]
    assert _designated(roles["heading"]) == [("bridgehead", "向西开放桥头堡"), ("channel", "亚欧黄金通道")]
    assert set(roles["heading"].method) == {"classifier+issuer"}
    assert _designated(roles["gateway"]) == [("gateway", "引领我国新时代对外开放的重要门户")]


@pytest.mark.parametrize("variant", ["traditional", "pinyin", "spaces", "wrapped", "quoted_inside", "corner_quotes", "mixed"])
def test_script_and_debris_give_the_same_designation(roles, variant):
    clean = roles["clean"].iloc[0]
    found = roles[variant]
    assert len(found) == 1
    row = found.iloc[0]
    assert (row.role, row.province, row.region, bool(row.designation)) == ("radiation_center", "CN-YN", "south_and_southeast_asia", True)
    assert row.score == pytest.approx(clean.score, abs=0.05)
    # The wording is the original text, debris and all.
    stripped = row.wording
    for debris in ("(fú)", "(zhōng)", " ", "\n", "“", "”", "「", "」"):
        stripped = stripped.replace(debris, "")
    assert stripped in ("面向南亚东南亚辐射中心", "面向南亞東南亞輻射中心", "面向南亞东南亚輻射中心")


def test_cues_are_read_on_the_normalised_text(lexicon, tmp_path):
    (tmp_path / "hant.txt").write_text("雲南加快建設面向南亞東南亞輻射中心，擴大對外開放。", encoding="utf-8")
    explained = pb.Corpus(tmp_path, lexicon=lexicon).explain()
    assert "cues: 开放, 对外, 面向" in explained or "cues: 开放, 对外" in explained
    assert "normalised: 云南加快建设面向南亚东南亚辐射中心，扩大对外开放。" in explained
    assert "strongest features:" in explained


def test_the_province_of_a_designation(roles):
    enumerated = roles["enumeration"].iloc[0]
    assert enumerated.provinces == ["CN-HL", "CN-JL", "CN-LN", "CN-NM"]
    city = roles["city"].set_index("wording")
    assert city.loc["向西开放桥头堡", "province"] == "CN-GS" and city.loc["国际门户枢纽城市", "province"] == "CN-SC"
    opener = roles["opener"].iloc[0]
    assert (opener.province, opener.method) == ("CN-SC", "classifier+paragraph")


def test_designation_rows_credit_every_enumerated_province(lexicon, tmp_path):
    (tmp_path / "north.txt").write_text("支持黑龙江、吉林、辽宁、内蒙古建设向北开放的重要窗口。", encoding="utf-8")
    rows = pb.roles(tmp_path, lexicon=lexicon)
    assert sorted(rows.province) == ["CN-HL", "CN-JL", "CN-LN", "CN-NM"] and set(rows.region) == {"north"}
    (tmp_path / "north.txt").write_text("支持黑龙江以及吉林建设向北开放的重要窗口。", encoding="utf-8")  # the same list words as the pair candidates
    assert sorted(pb.roles(tmp_path, lexicon=lexicon).province) == ["CN-HL", "CN-JL"]


def test_the_region_comes_from_the_phrase_first(roles):
    phrase = roles["phrase_region"].iloc[0]
    assert (phrase.wording, phrase.region) == ("海丝核心区", "belt_and_road")  # not central_asia from 中亚 later
    direction = roles["direction"].iloc[0]
    assert direction.region == "north"  # not southeast_asia from the next clause


def test_a_national_statement_names_no_province(lexicon, tmp_path):
    (tmp_path / "national.txt").write_text("高质量建设“一带一路”交汇点。", encoding="utf-8")
    candidate = pb.Corpus(tmp_path, lexicon=lexicon).roles(candidates=True).iloc[0]
    assert candidate.score > 0.5 and not candidate.designation and candidate.provinces == []


def test_a_scraped_page_with_its_debris(lexicon, tmp_path):
    """Navigation, ruby pinyin, a <br> in mid-sentence, mixed script: one designation."""
    page = (
        "<html><head><title>雲南新聞</title></head><body><nav>首页 &gt; 新闻 &gt; 正文</nav>"
        "<p>雲南省政府新聞辦公室12日舉行發布會，介紹加快建设面向南亞東南亞<ruby>輻<rt>fú</rt></ruby>射<br>中心的最新进展。</p>"
        "<p>责任编辑：张三　分享到：微信 微博</p></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    designations = pb.roles(tmp_path, lexicon=lexicon)
    assert designations[["province", "role", "region"]].values.tolist() == [["CN-YN", "radiation_center", "south_and_southeast_asia"]]
