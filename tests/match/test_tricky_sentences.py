"""Tricky sentences, both ways: what must be found and what must not, with the shipped lexicon."""

from __future__ import annotations

import pytest

from phrasebook import Tagger


@pytest.fixture(scope="module")
def tagger(lexicon) -> Tagger:
    return Tagger(lexicon)


def found(tagger: Tagger, text: str) -> set[tuple[str, str, str]]:
    """(surface, kind, what it refers to or its canonical form) for every match."""
    return {(m.surface, m.kind, m.refers_to or m.canonical) for m in tagger.matches(text)}


def surfaces(tagger: Tagger, text: str) -> list[str]:
    return [m.surface for m in tagger.matches(text)]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("欧美国家对此高度关注。", "美国"),
        ("加强与东南亚国家的合作。", "南亚"),
        ("印度尼西亚总统访华。", "印度"),
        ("上海合作组织峰会在青岛举行。", "上海"),
        ("深化与中东欧国家合作。", "中东"),
        ("马来西亚总理会见中方代表。", "西亚"),
        ("青海西宁举行活动。", "海西"),
        ("推进中西部地区开放。", "中西"),
    ],
)
def test_straddling_and_nested_terms_are_not_reported(tagger, text, absent):
    assert absent not in surfaces(tagger, text)


def test_central_african_republic_is_not_china_africa(tagger):
    matches = tagger.matches("中非合作论坛北京峰会开幕。")
    china_africa = [m for m in matches if m.surface == "中非"]
    assert china_africa and china_africa[0].kind == "compound"
    assert "africa" in china_africa[0].refers_to.split("|")
    assert "CF" not in {m.refers_to for m in matches}
    republic = tagger.matches("中非共和国总统访华。")
    assert [m.refers_to for m in republic if m.kind == "country"] == ["CF"]


@pytest.mark.parametrize(
    ("text", "surface", "kind", "refers"),
    [
        ("美国宣布加征关税。", "美国", "country", "US"),
        ("印度尼西亚总统访华。", "印度尼西亚", "country", "ID"),
        ("加强与东南亚国家的合作。", "东南亚", "region", "southeast_asia"),
        ("面向南亚开放的重要通道。", "南亚", "region", "south_asia"),
        ("中老铁路开通运营。", "中老铁路", None, None),
    ],
)
def test_terms_found_where_they_stand(tagger, text, surface, kind, refers):
    matches = [m for m in tagger.matches(text) if surface in m.surface and (kind is None or m.kind == kind)]
    assert matches, f"{surface} not found in {text}"
    if kind:
        assert matches[0].kind == kind
        assert refers in matches[0].refers_to.split("|") or matches[0].entry_id == refers


def test_ambiguous_compound_is_reported_as_ambiguous(tagger, lexicon):
    matches = [m for m in tagger.matches("中巴友谊源远流长。") if m.surface == "中巴"]
    assert matches
    entry = lexicon.get(matches[0].entry_id)
    assert entry.ambiguous and {"PK", "BR"} <= set(entry.refers_to)


def test_wrapped_and_traditional_text_match_with_original_offsets(tagger):
    text = "加快建設面向南亞東南亞輻射\n中心，推進高水平對外開放。"
    matches = tagger.matches(text, join_lines=True)
    by_canonical = {m.canonical: m for m in matches}
    opening = by_canonical["高水平对外开放"]
    assert text[opening.start : opening.end] == "高水平對外開放" == opening.surface
    radiation = [m for m in matches if "輻射\n中心" in m.surface]
    assert radiation, [m.surface for m in matches]


def test_childrens_friendly_city_is_not_a_sister_city(tagger):
    assert not [m for m in tagger.matches("建设儿童友好城市。") if m.family == "sister_relations"]
    assert [m for m in tagger.matches("两市结为友好城市。") if m.family == "sister_relations"]


def test_dash_variants_fold_to_one_form(tagger):
    for dash in "—－-–":
        text = f"第二十届中国{dash}东盟博览会在南宁开幕。"
        assert [m for m in tagger.matches(text) if m.family == "platforms"], dash


def test_slot_template_finds_variable_formulations(tagger):
    families = {m.family for m in tagger.matches("充分发挥宁夏技术优势，深度融入共建“一带一路”。")}
    assert "leverage_advantage" in families
    assert "opening_up" in families


def test_abbreviation_counts_only_in_explicit_context(tagger):
    assert [m for m in tagger.matches("做好对口援疆工作。") if m.via == "abbreviation" and m.refers_to == "CN-XJ"]
    assert not [m for m in tagger.matches("形成新格局。") if m.via == "abbreviation"]
