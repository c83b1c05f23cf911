"""The kinds of false designation, each beside a true one in the same vocabulary: taking
part in a national corridor vs building one's own, bare heads and lists vs a designated
head, domestic vs external hubs and nodes, the head of the whole phrase, and facilities
left out of the default output. The sentences are written for these tests, not taken
from the annotations the classifier learns from."""

from __future__ import annotations

import pandas as pd
import pytest

import phrasebook as pb
from phrasebook.attribute.roles import role_reader

PAIRS = {
    # taking part in a national corridor is not being designated one
    "corridor_joined": ("宁夏积极融入西部陆海新通道，深化与东盟国家经贸合作。", []),
    "corridor_used": ("贵州要建好用好西部陆海新通道，扩大对外贸易。", []),
    "corridor_own": ("甘肃加快打造向西开放的国际陆路大通道，深化与中亚国家合作。", [("channel", "向西开放的国际陆路大通道")]),
    # a bare head in a list of infrastructure, vs a designated head
    "bare_list": ("山西完善口岸、通道、物流货场等基础设施，提升服务能力。", []),
    "designated_head": ("山西完善口岸、物流货场等基础设施，打造通往日韩的对外开放通道。", [("channel", "通往日韩的对外开放通道")]),
    # domestic hubs and nodes vs external ones
    "domestic_node": ("湖南着力建设国内大循环的重要节点和综合交通枢纽。", []),
    "external_node": ("湖南着力建设国内国际双循环的重要节点和面向非洲的国际物流枢纽。", [("hub", "面向非洲的国际物流枢纽"), ("node", "国内国际双循环的重要节点")]),
    # the head of the whole phrase decides the role
    "whole_phrase": ("海南加快建设西部陆海新通道国际航运枢纽，扩大对外开放。", [("hub", "西部陆海新通道国际航运枢纽")]),
}


@pytest.fixture(scope="module")
def candidates(tmp_path_factory, lexicon) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("kinds")
    for name, (text, _) in PAIRS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    table = pb.Corpus(folder, lexicon=lexicon).roles(candidates=True, scope="all")
    return {doc: rows for doc, rows in table.groupby("doc_id")}


@pytest.mark.parametrize("name", PAIRS)
def test_each_kind_reads_the_designation_and_only_it(candidates, name):
    rows = candidates[name]
    designated = sorted((row.role, row.wording) for row in rows.itertuples() if row.designation)
    assert designated == sorted(PAIRS[name][1])


def _features(lexicon, sentence: str, head: str) -> dict:
    reader = role_reader(lexicon)
    phrase = next(p for p in reader.phrases(sentence) if p.head == head)
    return reader.features(sentence, phrase, [])


def test_the_predicate_features_see_what_governs_the_phrase(lexicon):
    joined = _features(lexicon, PAIRS["corridor_joined"][0], "通道")
    assert (joined["taking_part"], joined["national_corridor"]) == (1.0, 1.0)
    own = _features(lexicon, PAIRS["corridor_own"][0], "大通道")
    assert (own["taking_part"], own["national_corridor"]) == (0.0, 0.0)
    assert _features(lexicon, PAIRS["bare_list"][0], "通道")["in_list"] == 1.0
    assert _features(lexicon, PAIRS["designated_head"][0], "通道")["in_list"] == 0.0
    whole = _features(lexicon, PAIRS["whole_phrase"][0], "通道")
    assert whole["modifies_head"] == 1.0 and _features(lexicon, PAIRS["whole_phrase"][0], "枢纽")["modifies_head"] == 0.0
    assert _features(lexicon, "建好建强“三基地一屏障一高地”。", "基地")["counted"] == 1.0


def test_a_facility_is_left_out_by_default_and_kept_with_its_scope(lexicon, tmp_path):
    (tmp_path / "tianjin.txt").write_text("北京携手天津，加快建设天津机场国际航空货运枢纽。", encoding="utf-8")
    assert pb.roles(tmp_path, lexicon=lexicon).empty
    facility = pb.Corpus(tmp_path, lexicon=lexicon).roles(scope="facility")
    assert facility[["province", "role", "scope"]].values.tolist() == [["CN-TJ", "hub", "facility"]]
