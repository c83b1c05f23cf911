"""Engagements per (actor, partner) pair: the candidates of a page and what describes
them, and the models measured on the annotated web pages."""

from __future__ import annotations

import pytest

from phrasebook.attribute.attribution import attribute
from phrasebook.attribute.engagement_model import annotations_hash, evaluate_pair_models, fit_pair_model
from phrasebook.attribute.engagement_pairs import NATIONAL, rule_engaged
from phrasebook.attribute.pair_model import load_pair_model
from phrasebook.pipeline import tag_text
from phrasebook.tagger import Tagger


@pytest.fixture(scope="module")
def tagger(lexicon) -> Tagger:
    return Tagger(lexicon)


def _pairs(tagger, lexicon, text: str) -> dict[tuple[str, str], dict[str, float]]:
    """The pairs of ``text`` as attribution makes them (with the lexicon's organisations)."""
    item = tag_text(tagger, text, doc_id="page")
    return {(c.actor, c.partner): c.features for c in attribute(item, lexicon).pairs}


def test_the_seat_of_a_mission_is_marked_and_the_meeting_province_is_the_subject(tagger, lexicon) -> None:
    pairs = _pairs(tagger, lexicon, "云南省副省长会见越南驻广州总领事一行。双方就深化合作交换意见。")
    assert pairs[("CN-GD", "VN")]["seat_only"] == 1.0
    assert pairs[("CN-YN", "VN")]["seat_only"] == 0.0 and pairs[("CN-YN", "VN")]["subject"] == 1.0


def test_a_place_listed_after_a_seat_is_a_seat_too(tagger, lexicon) -> None:
    """驻香港、澳门总领馆: Macao is a seat like Hong Kong, not the actor; the province the
    consuls visit is."""
    pairs = _pairs(tagger, lexicon, "四川省副省长会见来访的菲律宾、秘鲁等国驻香港、澳门总领馆领事。")
    assert pairs[("CN-HK", "PH")]["seat_only"] == 1.0 and pairs[("CN-MO", "PH")]["seat_only"] == 1.0
    assert pairs[("CN-SC", "PH")]["seat_only"] == 0.0 and pairs[("CN-SC", "PH")]["subject"] == 1.0
    named = _pairs(tagger, lexicon, "香港、澳门代表团访问菲律宾。")  # a plain list names its places
    assert named[("CN-MO", "PH")]["seat_only"] == 0.0
    joined = _pairs(tagger, lexicon, "四川省副省长会见菲律宾驻香港以及澳门总领馆领事。")  # 以及 joins a list as 、 does
    assert joined[("CN-MO", "PH")]["seat_only"] == 1.0 and joined[("CN-SC", "PH")]["seat_only"] == 0.0


def test_a_newspaper_or_site_named_after_a_place_is_no_actor(tagger, lexicon) -> None:
    """中国西藏网, 湖南日报 and 香港商报 name outlets: the province is the one whose officials
    met the envoys."""
    text = "中国西藏网 > 即时新闻\n湖南省省长会见非洲国家驻华使节\n来源：湖南日报\n湖南省省长在长沙会见肯尼亚驻华大使。"
    pairs = _pairs(tagger, lexicon, text)
    assert ("CN-XZ", "KE") not in pairs
    assert pairs[("CN-HN", "KE")]["subject"] == 1.0
    assert ("CN-XZ", "KE") in _pairs(tagger, lexicon, "西藏自治区代表团访问肯尼亚。")
    paper = _pairs(tagger, lexicon, "上海市外办举办招待会。香港商报上海首席代表与芬兰驻上海总领事在招待会上交流。")
    assert ("CN-HK", "FI") not in paper and ("CN-SH", "FI") in paper
    assert ("CN-HK", "FI") in _pairs(tagger, lexicon, "香港特区政府代表团访问芬兰。")


def test_partners_named_only_in_a_pages_list_of_links_make_no_pair(tagger, lexicon) -> None:
    """Below 相关新闻 or 上一篇： come other items' headlines; 上一篇 above the article heads
    the page and cuts nothing."""
    article = "吉林省副省长会见日本鸟取县知事一行。\n双方就深化经贸合作交换了意见，并共同出席了友好交流活动。\n"
    links = "相关新闻\n栗战书会见越南国会代表团\n泰国总理访问广西\n"
    pairs = _pairs(tagger, lexicon, article + links)
    assert ("CN-JL", "JP") in pairs
    assert not [pair for pair in pairs if pair[1] in ("VN", "TH")]
    inline = _pairs(tagger, lexicon, article + "下面请看详细内容…上一篇：习近平会见越南国家主席 | 下一篇：泰国总理访华\n")
    assert not [pair for pair in inline if pair[1] in ("VN", "TH")]
    headed = _pairs(tagger, lexicon, "上一篇    下一篇\n" + article + "越南代表团同日访问吉林，双方签署合作协议。\n")
    assert ("CN-JL", "VN") in headed


def test_a_national_leader_in_a_provincial_city_makes_a_national_pair_and_a_venue(tagger, lexicon) -> None:
    pairs = _pairs(tagger, lexicon, "国家主席习近平在南京会见斐济总统。")
    assert pairs[(NATIONAL, "FJ")]["national_cue"] == 1.0
    assert pairs[("CN-JS", "FJ")]["venue_only"] == 1.0


def test_arriving_in_or_visiting_a_province_makes_it_the_venue(tagger, lexicon) -> None:
    """抵京 and 访川 name the place a delegation comes to, as 在北京 does; 访蒙 is a visit
    to Mongolia and names no province."""
    arrived = _pairs(tagger, lexicon, "应国家主席习近平邀请，斐济总统抵京进行国事访问。")
    assert arrived[("CN-BJ", "FJ")]["venue_only"] == 1.0
    visiting = _pairs(tagger, lexicon, "老挝代表团访川期间，四川省省长会见了代表团。")
    assert visiting[("CN-SC", "LA")]["venue_only"] == 0.0 and visiting[("CN-SC", "LA")]["same_sentences"] > 0
    assert not [actor for actor, _ in _pairs(tagger, lexicon, "国家主席访蒙期间会见蒙古国总统。") if actor.startswith("CN-NM")]


def test_an_event_named_after_its_host_city_makes_the_province_its_venue(tagger, lexicon) -> None:
    """北京2022年冬奥会, 北京冬奥村 and 北京国际电影节 name where an event is held, with a year or
    国际 between; the Beijing government meeting an envoy is Beijing's."""
    for text in (
        "芬兰代表团成员来到北京冬奥村。",
        "北京2022年冬奥会协调委员会主席、芬兰籍委员介绍了筹办情况。",
        "芬兰影片在北京国际电影节上获奖。",
    ):
        assert _pairs(tagger, lexicon, text)[("CN-BJ", "FI")]["venue_only"] == 1.0, text
    assert _pairs(tagger, lexicon, "北京市市长会见芬兰驻华大使。")[("CN-BJ", "FI")]["venue_only"] == 0.0


def test_in_an_enumeration_of_pairs_each_partner_belongs_to_the_actor_named_before_it(tagger, lexicon) -> None:
    """黑龙江省大庆市与韩国忠州市、广东省中山市与智利奇廉市: both provinces share the sentence with
    both partners, but each city signed with the partner after it; a partner with no actor
    before it in its sentence goes to the nearest one after it."""
    text = "大会上，黑龙江省大庆市与韩国忠清北道忠州市、广东省中山市与智利纽夫莱大区奇廉市签署建立友好城市关系协议书。"
    pairs = _pairs(tagger, lexicon, text)
    assert pairs[("CN-HL", "KR")]["closest_actor"] == 1.0 and pairs[("CN-GD", "KR")]["closest_actor"] == 0.0
    assert pairs[("CN-GD", "CL")]["closest_actor"] == 1.0 and pairs[("CN-HL", "CL")]["closest_actor"] == 0.0
    assert pairs[("CN-HL", "KR")]["same_sentences"] > 0 and pairs[("CN-GD", "CL")]["same_sentences"] > 0
    assert pairs[("CN-GD", "KR")]["same_sentences"] == pairs[("CN-HL", "CL")]["same_sentences"] == 0.0  # not named together
    led = _pairs(tagger, lexicon, "越南代表团访问云南。习近平会见老挝国家主席，云南省委书记陪同。")
    assert led[("CN-YN", "VN")]["closest_actor"] == 1.0
    assert led[(NATIONAL, "LA")]["closest_actor"] == 1.0 and led[("CN-YN", "LA")]["closest_actor"] == 0.0


def test_only_a_paired_enumeration_keeps_its_units_apart(tagger, lexicon) -> None:
    """A list of provinces joins the unit after it (江苏、上海与越南); a partner that no
    province is joined to (老挝 in 云南与越南、老挝) is left to both; a sentence with one
    pair only is no paired enumeration."""
    listed = _pairs(tagger, lexicon, "江苏、上海与越南签署合作协议、广西与泰国签署合作协议。")
    assert listed[("CN-JS", "VN")]["same_sentences"] == listed[("CN-SH", "VN")]["same_sentences"] > 0
    assert listed[("CN-JS", "TH")]["same_sentences"] == listed[("CN-GX", "VN")]["same_sentences"] == 0.0
    shared = _pairs(tagger, lexicon, "云南与越南、老挝签署合作协议、广西与泰国签署合作协议。")
    assert shared[("CN-YN", "LA")]["same_sentences"] > 0 and shared[("CN-GX", "LA")]["same_sentences"] > 0
    assert shared[("CN-GX", "VN")]["same_sentences"] == 0.0
    single = _pairs(tagger, lexicon, "广西主席会见越南驻南宁总领事、云南省长陪同。")
    assert single[("CN-GX", "VN")]["same_sentences"] == single[("CN-YN", "VN")]["same_sentences"] > 0


def test_a_foreign_mission_in_china_is_no_national_actor(tagger, lexicon) -> None:
    """驻华大使馆 and a consulate in a Chinese city are foreign; a mission whose seat is
    abroad (驻日本大使馆) is China's, a national actor."""
    for text in ("河北省省长会见乌兹别克斯坦驻华大使馆参赞一行。", "甘肃省副省长会见泰国驻西安总领事馆总领事。"):
        assert not [actor for actor, _ in _pairs(tagger, lexicon, text) if actor == NATIONAL], text
    abroad = _pairs(tagger, lexicon, "驻日本大使馆举办招待会，日本外务省官员出席。")
    assert abroad[(NATIONAL, "JP")]["national_cue"] == 1.0


def test_a_leader_named_for_the_party_line_is_no_national_actor(tagger, lexicon) -> None:
    """按照习近平总书记视察青海时重要讲话精神 and 贯彻习近平外交思想 cite the party line; the
    leader who meets the partner, in the same words, is a national actor."""
    line = "当前，青海正按照习近平总书记视察青海时重要讲话精神，深入贯彻习近平外交思想，深化与德国的合作。"
    pairs = _pairs(tagger, lexicon, line + "青海省委书记在西宁会见德国驻华大使一行。")
    assert (NATIONAL, "DE") not in pairs
    assert pairs[("CN-QH", "DE")]["national_cue"] == 0.0 and pairs[("CN-QH", "DE")]["national_together"] == 0.0
    for act in ("习近平总书记在北京会见德国总统。", "习近平在中德论坛开幕式上发表重要讲话。"):
        assert _pairs(tagger, lexicon, act)[(NATIONAL, "DE")]["national_cue"] == 1.0, act


def test_a_consensus_of_two_heads_of_state_cited_as_the_line_is_no_national_actor(tagger, lexicon) -> None:
    """落实两国元首达成的重要共识 cites the line, like 贯彻习近平外交思想; heads of state who reach
    the consensus, in the same words, are a national actor."""
    line = "辽宁愿与俄罗斯友人一道，积极落实两国元首达成的重要共识，深化双方务实合作。"
    pairs = _pairs(tagger, lexicon, "辽宁省省长会见俄罗斯客人。" + line)
    assert (NATIONAL, "RU") not in pairs and ("CN-LN", "RU") in pairs
    assert (NATIONAL, "RU") in _pairs(tagger, lexicon, "中国和俄罗斯两国元首在莫斯科达成重要共识。")


def test_heads_of_state_as_the_frame_of_a_provincial_meeting_are_no_national_actor(tagger, lexicon) -> None:
    """在两国元首战略引领下, 按照两国领导人对……的新定位 and 习近平主席提出的……倡议 frame a province's
    own meeting; heads of state witnessing a signing, or Xi proposing at a summit, act."""
    meeting = "福建省省长会见马来西亚客人。"
    for frame in (
        "她说，在两国元首战略引领下，马来西亚与中国关系发展进入快车道。",
        "希望双方按照两国领导人对马来西亚合作园区的新定位，继续推进合作。",
        "习近平主席提出的“一带一路”倡议为马来西亚与中国深化合作提供了强大动力。",
    ):
        pairs = _pairs(tagger, lexicon, meeting + frame)
        assert (NATIONAL, "MY") not in pairs and ("CN-FJ", "MY") in pairs, frame
    for act in ("在两国元首见证下，福建与马来西亚签署合作协议。", "习近平主席在马来西亚举行的峰会上提出新倡议。"):
        assert (NATIONAL, "MY") in _pairs(tagger, lexicon, act), act


def test_a_foreign_countrys_ministry_is_no_national_actor(tagger, lexicon) -> None:
    """外交部 after a foreign country's name is that country's ministry (越南外交部, 韩国外交部长官);
    China's 外交部, or one named on its own, stays a national actor."""
    pairs = _pairs(tagger, lexicon, "用好云南省外办与越南外交部年度交流机制。韩国外交部长官会见到访的山东省委书记。")
    assert (NATIONAL, "VN") not in pairs and (NATIONAL, "KR") not in pairs
    assert ("CN-YN", "VN") in pairs and ("CN-SD", "KR") in pairs
    for text in ("中国外交部发言人宣布越南总理将访华。", "外交部长王毅会见越南副总理。"):
        assert (NATIONAL, "VN") in _pairs(tagger, lexicon, text), text


def test_national_agencies_associations_heads_of_state_and_national_events_are_national_actors(tagger, lexicon) -> None:
    """The national level is more than leaders and ministries: 中国外文局 leading envoys
    through a province, heads of state witnessing a signing, a delegation at 进博会 or a
    ministerial meeting. The same visits without them have no national actor."""
    for text in (
        "中国外文局和中国—东盟中心组织泰国驻华使馆外交官访问甘肃。",
        "在两国元首见证下，湖北与法国签署合作意向书。",
        "越南总理出席在上海举行的中国国际进口博览会。",
        "罗马尼亚经济部部长来甬参加中国—中东欧国家经贸促进部长级会议。",
        "中国人权研究会代表团访问了巴西、智利和秘鲁。",
    ):
        assert any(actor == NATIONAL for actor, _ in _pairs(tagger, lexicon, text)), text
    for text in ("甘肃省外办组织泰国驻华使馆外交官访问敦煌。", "湖北省与法国签署合作意向书。", "宁波市市长会见罗马尼亚经济部部长。"):
        assert not [actor for actor, _ in _pairs(tagger, lexicon, text) if actor == NATIONAL], text


def test_national_cues_are_read_in_traditional_script(tagger, lexicon) -> None:
    pairs = _pairs(tagger, lexicon, "國務院總理李強在北京會見老撾總理。")
    assert pairs[(NATIONAL, "LA")]["national_cue"] == 1.0


def test_plans_and_statistics_are_described(tagger, lexicon) -> None:
    plan = _pairs(tagger, lexicon, "广西将于明年率团访问泰国。")
    assert plan[("CN-GX", "TH")]["plan_share"] == 1.0
    figures = _pairs(tagger, lexicon, "广西对越南进出口增长15%。")
    assert figures[("CN-GX", "VN")]["statistics_share"] == 1.0
    assert not rule_engaged(plan[("CN-GX", "TH")])


def test_a_pair_reads_as_planned_whatever_flags_an_event_row_as_planned(tagger, lexicon) -> None:
    """The pair's plan cues are the event row's (PLAN: 将于, 拟, 预计, 筹备 ...) and the wishes of
    a speech (希望, 欢迎); 筹备 was a plan for the row and not for the pair."""
    for text in ("云南正筹备与老挝合办博览会。", "云南预计下月与老挝签署协议。", "云南希望与老挝深化合作。"):
        assert _pairs(tagger, lexicon, text)[("CN-YN", "LA")]["plan_share"] == 1.0, text
    assert _pairs(tagger, lexicon, "云南省长会见老挝客人。")[("CN-YN", "LA")]["plan_share"] == 0.0


def test_the_region_id_is_lower_case(tagger, lexicon) -> None:
    pairs = _pairs(tagger, lexicon, "广西壮族自治区主席会见东盟秘书长。")
    assert ("CN-GX", "asean") in pairs


def test_an_organisation_is_a_partner_by_its_longest_name(tagger, lexicon) -> None:
    """A UN agency is itself, not the UN (longest name first); a regional association of
    local governments is a partner of its member provinces."""
    assert ("CN-JL", "near") in _pairs(tagger, lexicon, "吉林省省长会见东北亚地区地方政府联合会秘书长一行。")
    found = _pairs(tagger, lexicon, "云南省与联合国工业发展组织签署合作备忘录。")
    assert ("CN-YN", "unido") in found and ("CN-YN", "un") not in found
    found = _pairs(tagger, lexicon, "云南省与联合国签署合作备忘录。")
    assert ("CN-YN", "un") in found and ("CN-YN", "unido") not in found


def test_the_annotated_pages_give_candidates_for_nearly_every_gold_pair(annotated) -> None:
    covered = set(zip(annotated.frame["page"], annotated.frame["actor"], annotated.frame["partner"]))
    assert len(annotated.pages) >= 400 and annotated.pages["sha256"].is_unique
    assert len(annotated.gold & covered) / len(annotated.gold) >= 0.9
    sentence_documents = annotated.frame[~annotated.frame["source"].str.startswith("web_")]
    assert set(sentence_documents["source"]) == {"fao_report", "provincial_report", "news"}
    assert "national" not in set(sentence_documents["actor"])  # the sentence annotations say nothing of national engagements


@pytest.mark.timeout(900)  # four approaches under three validations and the test split: about 2 min on a quiet 2-core machine
def test_the_fitted_models_beat_the_rules_on_held_out_documents(annotated) -> None:
    table = evaluate_pair_models(annotated).set_index(["model", "validation"])
    rules = table.loc[("rule baseline", "grouped"), "f1"]
    assert table.loc[("text and features", "grouped"), "f1"] > rules + 0.05  # the used model
    for model in ("logistic regression", "gradient boosting", "text and features"):
        assert table.loc[(model, "grouped"), "f1"] > rules
        assert table.loc[(model, "leave one province out (web)"), "f1"] > table.loc[("rule baseline", "leave one province out (web)"), "f1"]
    assert table.loc[("text and features", "test split: web_news"), "pages"] >= 60
    # the typer learns the pages' wording from their typed pairs (other sites' only, out of fold)
    assert table.loc[("text and features", "grouped"), "type_accuracy"] >= 0.58


def test_the_shipped_model_is_the_one_its_annotations_give(annotated, lexicon) -> None:
    """Refit on the annotations and compare with the model in the package: the shipped
    model cannot drift from its annotations (run `phrasebook train engagements` after
    changing them)."""
    shipped = load_pair_model()
    assert shipped.annotations == annotations_hash(lexicon), "the annotations changed: run `phrasebook train engagements`"
    refitted = fit_pair_model(annotated.frame, annotations_hash(lexicon))
    sample = annotated.frame.sample(300, random_state=0)
    assert abs(shipped.scores(sample) - refitted.scores(sample)).max() < 1e-6
