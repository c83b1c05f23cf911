"""Each disambiguation case of attribution, in both directions."""

from __future__ import annotations

import pytest

from phrasebook import Tagger
from phrasebook.attribute.partners import partner_mentions
from phrasebook.attribute.places import province_mentions


@pytest.fixture(scope="module")
def tagger(lexicon) -> Tagger:
    return Tagger(lexicon)


def provinces(tagger: Tagger, text: str, issuer: str = "") -> list[str]:
    return [m.province for m in province_mentions(tagger.matches(text), text, issuer)]


def partners(tagger: Tagger, text: str) -> set[tuple[str, str]]:
    return {(p.kind, p.code) for p in partner_mentions(tagger.matches(text), tagger.lexicon)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("吉林市举办冰雪节。", ["CN-JL"]),
        ("吉林省推进向北开放。", ["CN-JL"]),
        ("青海省海南藏族自治州发展生态旅游。", ["CN-QH"]),
        ("海南自由贸易港建设稳步推进。", ["CN-HI"]),
        ("内蒙古自治区扩大向北开放。", ["CN-NM"]),
        ("内蒙推进口岸建设。", ["CN-NM"]),
    ],
)
def test_province_linking(tagger, text, expected):
    assert provinces(tagger, text) == expected


def test_street_names_are_not_provinces(tagger):
    assert "CN-SD" not in provinces(tagger, "他住在上海市山东北路。")
    assert "CN-SD" in provinces(tagger, "山东省扩大对日韩开放。")


def test_self_reference_resolves_to_the_issuer(tagger):
    mentions = province_mentions(tagger.matches("我省加快建设辐射中心。"), "我省加快建设辐射中心。", "CN-YN")
    assert [(m.province, m.via) for m in mentions] == [("CN-YN", "self_reference")]
    assert provinces(tagger, "我省加快建设辐射中心。") == []


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("中老铁路客货两旺。", ("country", "LA"), None),
        ("中越边境贸易增长。", ("country", "VN"), None),
        ("中非合作论坛成果丰硕。", ("region", "africa"), ("country", "CF")),
        ("中非共和国总统访华。", ("country", "CF"), ("region", "africa")),
        ("欧美国家经济放缓。", None, ("country", "US")),
        ("美国宣布加征关税。", ("country", "US"), None),
        ("中蒙俄经济走廊建设。", ("country", "MN"), None),
        ("中蒙俄经济走廊建设。", ("country", "RU"), None),
    ],
)
def test_partner_cases(tagger, text, present, absent):
    found = partners(tagger, text)
    if present:
        assert present in found, found
    if absent:
        assert absent not in found, found


def test_ambiguous_compound_is_left_ambiguous_or_resolved_by_the_document(tagger):
    alone = partners(tagger, "中巴友谊源远流长。")
    assert any(kind == "ambiguous" and {"PK", "BR"} <= set(code.split("|")) for kind, code in alone)
    assert ("country", "PK") not in alone and ("country", "BR") not in alone
    with_brazil = partners(tagger, "中巴友谊源远流长。巴西总统访华。")
    assert ("country", "BR") in with_brazil and not any(kind == "ambiguous" for kind, _ in with_brazil)
