"""Engagement events on items written for this test (none is in the annotations), each
a headline and the sentence that reports it, as news and foreign-affairs pages are: one
of each type, and the kinds that are not engagements; shares from events; dates; one
engagement reported twice counted once."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import phrasebook as pb
from phrasebook.aggregate.engagements import engagement_shares, wilson
from phrasebook.errors import PhrasebookWarning
from phrasebook.lexicon import default_lexicon_dir

EVENTS = {
    "meeting": ("省委书记会见越南驻昆明总领事", "3月5日，省委书记在昆明会见越南驻昆明总领事，双方就深化边境口岸合作深入交换意见。"),
    "visit_out": ("省长率团访问老挝", "4月，省长率云南省代表团访问老挝，在万象出席云南—老挝合作工作组会议。"),
    "visit_in": ("泰国清迈府府尹率团访问云南", "6月，泰国清迈府府尹率代表团来滇访问，参观了昆明国际花卉拍卖交易中心。"),
    "forum_or_expo": ("第8届中国—南亚博览会在昆明举办", "8月，第8届中国—南亚博览会在昆明成功举办，缅甸、孟加拉国等国派团参展。"),
    "agreement_or_project": ("云南省与老挝北部四省签署经贸合作备忘录", "云南省与老挝北部四省签署《关于深化经贸合作的备忘录》，推动中老磨憨—磨丁经济合作区建设。"),
    "training": ("澜湄国家基层官员研修班在昆明开班", "省外办举办澜湄国家基层官员研修班，来自柬埔寨、缅甸的40名官员参加培训。"),
    "culture": ("“七彩云南”文化周在泰国曼谷举办", "云南民族艺术团赴泰国曼谷举办“七彩云南”文化周，演出民族歌舞12场。"),
    "education": ("云南大学与越南河内国家大学签署合作协议", "云南大学与越南河内国家大学签署合作协议，今年接收越南留学生300余名。"),
    "sports": ("中缅国际象棋友谊赛在瑞丽举行", "中国（云南）—缅甸国际象棋友谊赛在瑞丽举行，两国运动员同场竞技。"),
    "sister_relation": ("昆明市与柬埔寨金边市缔结友好城市", "昆明市与柬埔寨金边市正式缔结友好城市关系，双方签署友城协议书。"),
}
NEWS_WORDING = {
    "visit_out_invited": ("visit_out", ("云南省代表团访问老挝", "应老挝政府邀请，省委书记率云南省代表团于5月10日至14日访问老挝，会见了老挝国家主席。")),
    "visit_out_anniversary": ("visit_out", ("云南省代表团赴泰国清莱", "云南省代表团参加泰国清莱府建府百年纪念活动。")),
    "visit_in_delegation": ("visit_in", ("柬埔寨副首相一行到访云南", "柬埔寨王国副首相一行到访云南，参观了昆明滇池国际会展中心。")),
    "meeting_consul": ("meeting", ("副省长会见缅甸总领事", "3月2日，副省长在昆明会见缅甸驻昆明总领事，双方就口岸合作交换意见。")),
}
"""Engagements as provincial news words them (the typer also learns from the annotated web pages' pairs)."""
NOT_EVENTS = {
    "statistics": ("云南外贸稳中有进", "全年云南对越南进出口额达120亿元，同比增长15.3%。"),
    "adversary": ("我省外贸企业开拓新兴市场", "面对美国加征关税和遏制打压，我省外贸企业积极开拓新兴市场。"),
    "comparison": ("全省旅游收入再创新高", "全省旅游收入超过泰国同期水平，入境游客人数位居全国前列。"),
    "intention": ("我省对外交流合作再上新台阶", "我省将进一步深化与南亚东南亚国家的交流合作，扩大高水平对外开放。"),
    "plan": ("省长拟率团访问缅甸", "拟于今年10月率省代表团访问缅甸，出席中缅经济走廊论坛。"),
}
ANNOUNCED = ("老挝国家副主席将出席南博会", "老挝国家副主席将出席第9届中国—南亚博览会开幕式，并在昆明会见云南省领导。")
NATIONAL = ("习近平会见老挝国家主席", "国家主席习近平在北京人民大会堂会见来华进行国事访问的老挝国家主席。")
SECOND_REPORT = ("云南省委书记会见越南总领事", "3月6日电 3月5日，云南省委书记在昆明会见越南驻昆明总领事阮氏，双方交换意见。")


def _write(folder, name: str, item: tuple[str, str], *, issuer: str | None = "CN-YN", date: str | None = None) -> None:
    front = "".join(f"{key}: {value}\n" for key, value in (("issuer", issuer), ("date", date)) if value)
    (folder / f"{name}.txt").write_text(f"---\n{front}---\n{item[0]}\n{item[1]}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def found(tmp_path_factory, lexicon) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("events")
    for name, item in {**EVENTS, **NOT_EVENTS, **{name: item for name, (_, item) in NEWS_WORDING.items()}}.items():
        _write(folder, name, item, date=f"2024-{len(name) % 9 + 1:02d}-15")
    _write(folder, "announced", ANNOUNCED, date="2024-08-01")
    _write(folder, "national", NATIONAL, issuer=None, date="2024-05-10")
    _write(folder, "second_report", SECOND_REPORT, date="2024-03-06")
    _write(folder, "undated", EVENTS["agreement_or_project"])
    return pb.Corpus(folder, lexicon=lexicon).events()


def test_none_of_these_sentences_is_in_the_annotations():
    annotated = {json.loads(line)["sentence"] for line in (default_lexicon_dir() / "annotations" / "events.jsonl").read_text(encoding="utf-8").splitlines()}
    pages = (default_lexicon_dir() / "annotations" / "web_pages.jsonl").read_text(encoding="utf-8")
    news = [item for _, item in NEWS_WORDING.values()]
    written = [sentence for item in (*EVENTS.values(), *NOT_EVENTS.values(), *news, NATIONAL, SECOND_REPORT, ANNOUNCED) for sentence in item]
    assert not annotated & set(written) and not any(sentence in pages for sentence in written)


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_each_type_of_event(found, kind):
    rows = found[found.doc_id == kind]
    assert len(rows) >= 1, f"no event found in {EVENTS[kind]}"
    assert set(rows.type) == {kind} and set(rows.province) == {"CN-YN"}


@pytest.mark.parametrize("name", sorted(NEWS_WORDING))
def test_the_type_of_an_engagement_in_news_wording(found, name):
    rows = found[found.doc_id == name]
    assert len(rows) >= 1 and set(rows.type) == {NEWS_WORDING[name][0]}, rows[["partner", "type"]]


@pytest.mark.parametrize("kind", sorted(NOT_EVENTS))
def test_what_is_not_an_event(found, kind):
    assert found[found.doc_id == kind].empty, found[found.doc_id == kind][["partner", "type"]]


def test_an_announced_attendance_is_a_plan_and_counts_for_no_share(found, lexicon):
    """将出席 is announced, not done: the row is kept, flagged as a plan, and left out of shares."""
    rows = found[found.doc_id == "announced"]
    assert len(rows) >= 1 and rows.plan.all(), rows[["partner", "plan"]]
    shares, _ = engagement_shares(found, lexicon, min_events=1)
    assert shares[(shares.province == "CN-YN") & (shares.partner == "LA")].events.sum() == found[
        (found.province == "CN-YN") & (found.partner == "LA") & ~found.plan
    ].event_id.nunique()


def test_national_diplomacy_is_not_the_venue_province_s(found):
    rows = found[found.doc_id == "national"]
    assert "CN-BJ" not in set(rows.province.dropna())
    assert rows.province.isna().all() and (rows.level == "national").all()


def test_partners_level_and_foreign_places(found):
    meeting = found[found.doc_id == "meeting"].iloc[0]
    assert (meeting.partner, meeting.level, meeting.partner_name) == ("VN", "party_secretary", "越南")
    visit = found[found.doc_id == "visit_in"].iloc[0]
    assert (visit.partner, visit.partner_place, visit.partner_name) == ("TH", "清迈府", "泰国清迈府")
    sister = found[found.doc_id == "sister_relation"].iloc[0]
    assert (sister.partner, sister.partner_place) == ("KH", "金边市")
    agreement = found[found.doc_id == "agreement_or_project"]
    assert set(agreement.partner) == {"LA"}


def test_the_date_is_the_sentence_s_not_the_dateline_s(found):
    meeting = found[found.doc_id == "meeting"].iloc[0]
    assert meeting.date == pd.Timestamp("2024-03-05") and (meeting.date_precision, meeting.date_source) == ("day", "sentence")
    second = found[found.doc_id == "second_report"].iloc[0]
    assert second.date == pd.Timestamp("2024-03-05")
    visit = found[found.doc_id == "visit_in"].iloc[0]
    assert visit.date == pd.Timestamp("2024-06-01") and visit.date_precision == "month"
    culture = found[found.doc_id == "culture"].iloc[0]
    assert (culture.date_precision, culture.date_source) == ("day", "document")
    undated = found[found.doc_id == "undated"].iloc[0]
    assert pd.isna(undated.date) and undated.date_source == "none"


def test_two_reports_of_one_meeting_are_one_event(found, lexicon):
    reports = found[found.doc_id.isin(["meeting", "second_report"])]
    assert reports.event_id.nunique() == 1 and set(reports.reports) == {2}
    shares, _ = engagement_shares(found, lexicon, min_events=1)
    vietnam = shares[(shares.province == "CN-YN") & (shares.partner == "VN")].iloc[0]
    assert vietnam.events == found[found.partner == "VN"].event_id.nunique()


def test_shares_add_up_and_rest_on_counts(found, lexicon):
    shares, regions = engagement_shares(found, lexicon, min_events=3)
    sums = shares.groupby("province")["share"].sum()
    assert ((sums - 1).abs() < 1e-9).all()
    assert ((shares.share_low <= shares.share) & (shares.share <= shares.share_high)).all()
    assert (shares.events <= shares.province_events).all() and not shares.thin.any()
    assert set(shares.province) == {"CN-YN"}
    asean = regions[(regions.province == "CN-YN") & (regions.region == "asean")].iloc[0]
    assert asean.share <= 1 and asean.events >= 5
    thin, _ = engagement_shares(found, lexicon, min_events=100)
    assert thin.thin.all()


def test_the_wilson_interval():
    low, high = wilson(21, 100)
    assert low == pytest.approx(0.1417, abs=1e-3) and high == pytest.approx(0.2998, abs=1e-3)
    assert wilson(0, 0) == (0.0, 1.0)


def test_engagements_between_dates_name_the_undated_left_out(found, lexicon):
    assert pd.api.types.is_datetime64_any_dtype(found["date"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        early, _ = engagement_shares(found, lexicon, date_to="2024-05-31", min_events=1)
        late, _ = engagement_shares(found, lexicon, date_from="2024-06-01", min_events=1)
    messages = [str(w.message) for w in caught if issubclass(w.category, PhrasebookWarning)]
    assert messages and all("left out 1 engagement(s) without a date" in m for m in messages)
    counted = found[found.province.notna() & ~found.plan].drop_duplicates(["event_id", "partner"])
    before = counted[counted.date <= "2024-05-31"]
    assert int(early.events.sum()) == len(before)
    assert int(early.events.sum() + late.events.sum()) == int(counted.date.notna().sum())
