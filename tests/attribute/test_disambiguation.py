"""Each disambiguation case of attribution, in both directions."""

from __future__ import annotations

import pytest

from phrasebook import Tagger
from phrasebook.attribute.attribution import attribute
from phrasebook.attribute.explain import explain_lines
from phrasebook.attribute.partners import partner_mentions
from phrasebook.attribute.places import province_mentions
from phrasebook.pipeline import tag_text


@pytest.fixture(scope="module")
def tagger(lexicon) -> Tagger:
    return Tagger(lexicon)


def provinces(tagger: Tagger, text: str, issuer: str = "") -> list[str]:
    return [m.province for m in province_mentions(tagger.matches(text), text, issuer)]


def partners(tagger: Tagger, text: str) -> set[tuple[str, str]]:
    return {(p.kind, p.code) for p in partner_mentions(tag_text(tagger, text), tagger.lexicon) if p.is_partner}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("吉林市举办冰雪节。", ["CN-JL"]),
        ("吉林省推进向北开放。", ["CN-JL"]),
        ("青海省海南藏族自治州发展生态旅游。", ["CN-QH", "CN-QH"]),  # the province, then its prefecture
        ("海南自由贸易港建设稳步推进。", ["CN-HI"]),
        ("内蒙古自治区扩大向北开放。", ["CN-NM"]),
        ("内蒙推进口岸建设。", ["CN-NM"]),
        ("三十余国驻华使节赴张家口考察冬奥赛区。", ["CN-HE"]),  # any prefecture-level city names its province
        ("绍兴市首届国际友城大会开幕，与斐济友城苏瓦市签订合作项目。", ["CN-ZJ"]),
        ("维护社会大局和谐稳定、长治久安。", []),  # a city's name inside a set phrase
        ("孙中山先生倡导的天下大同。", []),
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
        # 中非 as an item of a list of countries is the Central African Republic; beside another compound it is China-Africa
        ("德国、匈牙利、尼泊尔、中非、越南、缅甸等国家领导人来渝访问。", ("country", "CF"), ("region", "africa")),
        ("加强中非、中阿合作。", ("region", "africa"), ("country", "CF")),
        # a name written with full-width brackets is found with ASCII ones too
        ("全年过境中欧(中亚)班列增长14%。", ("region", "europe"), None),
        ("全年过境中欧（中亚）班列增长14%。", ("region", "europe"), None),
        ("欧美国家经济放缓。", None, ("country", "US")),
        ("美国宣布加征关税。", None, ("country", "US")),  # an adversarial mention is no partner
        ("深化同美国的经贸合作。", ("country", "US"), None),
        # a protest or an exposé answers an adversary; a statement on a visit is no protest
        ("自治区人大常委会对美国签署所谓“法案”发表严正声明。", None, ("country", "US")),
        ("研究会发表文章，揭露美国长期存在的种族歧视问题。", None, ("country", "US")),
        ("两国发表联合声明，美国代表团访问新疆。", ("country", "US"), None),
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


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # 中老 inside 发展中老问题 (old problems of development) is not Laos; 中老铁路 is
        ("着力解决发展中老问题和新挑战。", set(), {"LA"}),
        ("中老铁路客货两旺，中老友谊不断深化。", {"LA"}, set()),
        # adversaries and comparisons are no partners; cooperation in the next clause is
        ("中美战略博弈加剧，美国对我遏制打压不断升级。", set(), {"US"}),
        ("经济总量超过日本，仅次于美国。", set(), {"JP", "US"}),
        ("面对外部遏制打压，深化同俄罗斯、哈萨克斯坦的合作。", {"RU", "KZ"}, set()),
        # bilateral parks, projects and dialogues named with 中X
        ("推动中荷（邢台）产业园建设，中沙古雷乙烯项目投产。", {"NL", "SA"}, set()),
        ("举行中美外交政策对话。", {"US"}, set()),
        # a province's one-character name with a country's, chains, route names
        ("滇老、滇泰合作机制不断完善，桂越跨境合作区加快建设。", {"LA", "TH", "VN"}, set()),
        ("中俄朝三国旅游合作和俄蒙中朝韩五国地方合作深入推进。", {"RU", "KP", "MN", "KR"}, set()),
        ("开行渝满俄班列，中吉乌铁路项目正式开工。", {"RU", "KG", "UZ"}, set()),
        # chains without cooperation, or without a foreign party, are ordinary words
        ("老中青三代同台演出，京津冀协同发展，粤澳合作不断深化。", set(), {"LA", "AU"}),
        # 新 and 蒙 are Xinjiang and Inner Mongolia unless the chain holds 中; a city's name only in longer chains
        ("甘川新国际通道和新疆国际陆港，群众满意度持续提高。", set(), {"SG", "IT"}),
        ("深化中蒙俄经济走廊合作，拓展蒙俄合作。", {"MN", "RU"}, set()),
    ],
)
def test_partner_kinds(tagger, text, present, absent):
    found = {code for kind, code in partners(tagger, text) if kind == "country"}
    assert present <= found, found
    assert not (absent & found), found


def test_adversarial_and_comparing_mentions_are_kept_for_explain(tagger):
    mentions = partner_mentions(tag_text(tagger, "美国对华加征关税，经济总量超过日本。"), tagger.lexicon)
    assert [(m.code, m.stance) for m in mentions] == [("US", "adversarial"), ("JP", "comparison")]
    item = tag_text(tagger, "美国对华加征关税，经济总量超过日本。云南代表团访问老挝。")
    lines = explain_lines("text", None, [attribute(item, tagger.lexicon)])
    assert "- adversarial country US from '美国' in sentence 0 (not counted as a partner)" in lines
    assert "- comparison country JP from '日本' in sentence 0 (not counted as a partner)" in lines
    assert "- partner country LA from '老挝' in sentence 1" in lines
