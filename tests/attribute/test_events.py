"""Engagement events on sentences written for this test (none is in the annotations):
one of each type, and the kinds that are not events; shares from events; dates."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import phrasebook as pb
from phrasebook.aggregate.engagements import engagement_shares, wilson
from phrasebook.lexicon import default_lexicon_dir

EVENTS = {
    "meeting": "3月5日，省委书记在昆明会见越南驻昆明总领事，双方就深化边境口岸合作深入交换意见。",
    "visit_out": "4月，省长率云南省代表团访问老挝，在万象出席云南—老挝合作工作组会议。",
    "visit_in": "6月，泰国清迈府府尹率代表团来滇访问，参观了昆明国际花卉拍卖交易中心。",
    "forum_or_expo": "8月，第8届中国—南亚博览会在昆明成功举办，缅甸、孟加拉国等国派团参展。",
    "agreement_or_project": "云南省与老挝北部四省签署《关于深化经贸合作的备忘录》，推动中老磨憨—磨丁经济合作区建设。",
    "training": "省外办举办澜湄国家基层官员研修班，来自柬埔寨、缅甸的40名官员参加培训。",
    "culture": "云南民族艺术团赴泰国曼谷举办“七彩云南”文化周，演出民族歌舞12场。",
    "education": "云南大学与越南河内国家大学签署合作协议，今年接收越南留学生300余名。",
    "sports": "中国（云南）—缅甸国际象棋友谊赛在瑞丽举行，两国运动员同场竞技。",
    "sister_relation": "昆明市与柬埔寨金边市正式缔结友好城市关系，双方签署友城协议书。",
}
NOT_EVENTS = {
    "statistics": "全年云南对越南进出口额达120亿元，同比增长15.3%。",
    "adversary": "面对美国加征关税和遏制打压，我省外贸企业积极开拓新兴市场。",
    "comparison": "全省旅游收入超过泰国同期水平，入境游客人数位居全国前列。",
    "national": "国家主席习近平在北京人民大会堂会见来华进行国事访问的老挝国家主席。",
    "intention": "我省将进一步深化与南亚东南亚国家的交流合作，扩大高水平对外开放。",
}
PLAN = "拟于今年10月率省代表团访问缅甸，出席中缅经济走廊论坛。"


@pytest.fixture(scope="module")
def found(tmp_path_factory, lexicon) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("events")
    sentences = {**EVENTS, **NOT_EVENTS, "plan": PLAN}
    for name, sentence in sentences.items():
        (folder / f"{name}.txt").write_text(f"---\nissuer: CN-YN\ndate: 2024-{len(name) % 9 + 1:02d}-15\n---\n{sentence}\n", encoding="utf-8")
    return pb.Corpus(folder, lexicon=lexicon).events()


def test_none_of_these_sentences_is_in_the_annotations():
    annotated = {json.loads(line)["sentence"] for line in (default_lexicon_dir() / "annotations" / "events.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not annotated & {*EVENTS.values(), *NOT_EVENTS.values(), PLAN}


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_each_type_of_event(found, kind):
    rows = found[found.doc_id == kind]
    assert len(rows) >= 1, f"no event found in {EVENTS[kind]}"
    assert set(rows.type) == {kind} and set(rows.province) == {"CN-YN"}


@pytest.mark.parametrize("kind", sorted(NOT_EVENTS))
def test_what_is_not_an_event(found, kind):
    assert found[found.doc_id == kind].empty, found[found.doc_id == kind][["partner", "type"]]


def test_a_plan_is_an_event_marked_as_planned(found):
    rows = found[found.doc_id == "plan"]
    assert set(rows.partner) == {"MM"} and rows.plan.all()


def test_partners_level_and_subnational_entities(found):
    meeting = found[found.doc_id == "meeting"].iloc[0]
    assert (meeting.partner, meeting.level) == ("VN", "party_secretary")
    visit = found[found.doc_id == "visit_in"]
    assert "清迈府 (TH)" in set(visit.partner)
    agreement = found[found.doc_id == "agreement_or_project"]
    assert set(agreement.partner_kind) <= {"country", "subnational"} and "LA" in {p.split(" ")[-1].strip("()") for p in agreement.partner}


def test_shares_add_up_and_rest_on_counts(found, lexicon):
    shares, regions = engagement_shares(found, lexicon, min_events=3)
    sums = shares.groupby("province")["share"].sum()
    assert ((sums - 1).abs() < 1e-9).all()
    assert ((shares.share_low <= shares.share) & (shares.share <= shares.share_high)).all()
    assert (shares.events <= shares.province_events).all() and not shares.thin.any()
    asean = regions[(regions.province == "CN-YN") & (regions.region == "ASEAN")].iloc[0]
    assert asean.share <= 1 and asean.events >= 5
    thin, _ = engagement_shares(found, lexicon, min_events=100)
    assert thin.thin.all()


def test_the_wilson_interval():
    low, high = wilson(21, 100)
    assert low == pytest.approx(0.1417, abs=1e-3) and high == pytest.approx(0.2998, abs=1e-3)
    assert wilson(0, 0) == (0.0, 1.0)


def test_engagements_between_dates(found, lexicon):
    assert pd.api.types.is_datetime64_any_dtype(found["date"])
    early, _ = engagement_shares(found, lexicon, date_to="2024-05-31", min_events=1)
    late, _ = engagement_shares(found, lexicon, date_from="2024-06-01", min_events=1)
    before = found[(found.date <= "2024-05-31") & ~found.plan]
    assert int(early.events.sum()) == len(before) and int(early.events.sum() + late.events.sum()) == int((~found.plan).sum())
