"""Engagement events: which province met, visited, signed with whom, and when.

A candidate is a sentence that names a foreign partner (a country, a region, a foreign
province or city, an international organisation) and a Chinese province that may act in
it (named in the sentence, through one of its cities, or the issuer of a provincial
document). :class:`EventClassifier`, a scikit-learn estimator fitted on the lexicon's
``annotations/events.jsonl``, decides whether the sentence reports an engagement and of
which type; a plan to engage (将, 拟, 计划) is kept and marked. The acting province, the
level of the actor and the partners are read by rules (annotations/GUIDELINES.md,
section 9). One row per partner of each event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from phrasebook.attribute.partners import PartnerMention, organisation_mentions
from phrasebook.language import SELF_REFERENCE, sentence_spans

if TYPE_CHECKING:
    from phrasebook.pipeline import TaggedDocument

EVENT_TYPES = (
    "meeting", "visit_out", "visit_in", "forum_or_expo", "agreement_or_project", "training",
    "culture", "education", "sports", "sister_relation", "other",
)
LEVELS = ("party_secretary", "governor", "deputy", "foreign_affairs_office", "city", "other")
# The actor's rank, most specific first: a deputy's title holds the governor's.
_LEVELS = (
    ("deputy", re.compile(r"副省长|副主席|副市长|副书记|副州长|常务副")),
    ("party_secretary", re.compile(r"(?:省|区|市|州)委书记|书记")),
    ("governor", re.compile(r"省长|自治区(?:政府)?主席|市长|州长")),
    ("foreign_affairs_office", re.compile(r"外办|外事办|外事办公室|外事工作委员会|外事局")),
    ("city", re.compile(r"(?:市|州|县)(?:政府|人民政府|领导|代表团)")),
)
ANNOUNCED = r"将(?:于|在|赴|出席|参加|访问|对|举行|应邀|率|会见|前往|抵达)"
"""将 before a time, a place or an act of engagement (将于, 将出席, 将应邀): announced, not done."""
PLAN = re.compile(ANNOUNCED + r"|拟|计划|即将|预计|筹备|争取|力争")
# A foreign province or city right after its country: 老街省 in 越南老街省 (no function words
# or superlatives inside: 美国中部的艾奥瓦州 and 新西兰最大城市 are no such names).
_SUBNATIONAL = re.compile(r"[^\W\d_的和与及等在为是从向对最大首都第各个中部北部南部东部西部]{1,6}?(?:边疆区|自治共和国|省|州|市|道|县|府|邦)")
THRESHOLD = 0.5
KEYWORDS = {
    "meeting": ("会见", "会谈", "会晤", "见面", "座谈", "接见", "交流会"),
    "visit_out": ("率团", "出访", "赴", "访问了", "前往"),
    "visit_in": ("来访", "来华", "来滇", "来桂", "来琼", "到访", "一行", "代表团访问"),
    "forum_or_expo": ("论坛", "博览会", "展会", "峰会", "交易会", "洽谈会", "商洽会", "展览会", "年会"),
    "agreement_or_project": ("签署", "签订", "签约", "协议", "备忘录", "项目", "合作区", "产业园", "开工", "投产"),
    "training": ("培训", "研修", "研讨班", "进修"),
    "culture": ("文化", "艺术", "演出", "文旅", "电影", "展演", "非遗"),
    "education": ("留学", "教育", "高校", "学生", "大学", "孔子学院", "学院"),
    "sports": ("体育", "赛事", "马拉松", "运动会", "比赛", "足球", "篮球"),
    "sister_relation": ("友好城市", "友城", "友好省", "结好", "友好关系", "姊妹"),
}


@dataclass
class EventCandidate:
    """A sentence that names a foreign partner and a Chinese province that may act in it."""

    doc_id: str
    date: str
    sentence: str
    normalized_sentence: str
    sentence_index: int
    start: int
    end: int
    partners: list[tuple[str, str, str]]  # (partner_kind, partner, surface)
    provinces: list[str]
    province_via: str
    level: str
    plan: bool
    features: dict[str, Any] = field(default_factory=dict)
    score: float = 0.0
    type: str = "other"
    type_score: float = 0.0


def event_candidates(item: TaggedDocument, partners: list[PartnerMention], issuer: str, organisations: dict[str, str]) -> list[EventCandidate]:
    """The event candidates of a tagged document (or part): one per sentence that names a
    partner (and not only as an adversary or a comparison) and has a province in reach."""
    text = item.normalized.text
    spans = sentence_spans(text)
    by_sentence: dict[int, list[PartnerMention]] = {}
    for mention in partners:
        if mention.is_partner and mention.kind != "ambiguous":
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
    for mention in organisation_mentions(item, spans, organisations):  # named here by their names, as written
        by_sentence.setdefault(mention.sentence_index, []).append(replace(mention, code=mention.text))
    places: dict[int, list[str]] = {}
    for m in item.matches:
        if m.kind in ("province", "city") and m.refers_to:
            places.setdefault(m.sentence_index, []).append(m.refers_to)
    facts = item.info.facts
    date = facts.date if facts else ""
    found = []
    for index, mentions in sorted(by_sentence.items()):
        local = index - item.sentence_base
        if not 0 <= local < len(spans):
            continue
        start, end = spans[local]
        sentence = text[start:end]
        provinces, via = _actors(places.get(index, []), sentence, issuer)
        if not provinces:
            continue
        o_start, o_end = item.normalized.to_original(start, end)
        found.append(
            EventCandidate(
                item.doc_id, date, item.text[o_start:o_end].strip(), sentence.strip(), index, o_start + item.offset, o_end + item.offset,
                _partners(mentions, text, item), provinces, via, level_of(sentence), bool(PLAN.search(sentence)),
                event_features(sentence.strip()),
            )
        )
    return found


def _actors(named: list[str], sentence: str, issuer: str) -> tuple[list[str], str]:
    """The acting province: the first named in the sentence (a city counts for its
    province), else the issuer of a provincial document (我省, or the report's own voice)."""
    if named:
        return [named[0]], "named"
    if issuer.startswith("CN-"):
        return [issuer], "self_reference" if SELF_REFERENCE.search(sentence) else "issuer"
    return [], ""


def _partners(mentions: list[PartnerMention], text: str, item: TaggedDocument) -> list[tuple[str, str, str]]:
    """(kind, partner, surface) of each partner of the sentence: a foreign province or city
    named right after its country (越南老街省) is a subnational partner, with its country."""
    found = []
    for mention in mentions:
        if mention.kind == "country":
            after = item.normalized.to_normalized(mention.end - item.offset)
            name = subnational_name(text, after)
            if name:
                found.append(("subnational", f"{name} ({mention.code})", mention.text + name))
                continue
        found.append((mention.kind, mention.code, mention.text))
    unique: dict[tuple[str, str], tuple[str, str, str]] = {}
    for kind, partner, surface in found:
        unique.setdefault((kind, partner), (kind, partner, surface))  # 中哈 and 哈萨克斯坦 are one partner
    return list(unique.values())


def subnational_name(text: str, position: int) -> str:
    """The foreign province or city named at ``position`` (right after its country), or ''.
    The shortest name that ends in 省, 州, 市 ... wins, extended by one character when the
    name itself ends in a word such as 邦 (琅勃拉邦省) and no title follows (省长, 州委)."""
    found = _SUBNATIONAL.match(text, position)
    if not found:
        return ""
    end = found.end()
    if end < len(text) and text[end] in "省州市道县府" and text[end : end + 2] not in _TITLES:
        end += 1
    return text[found.start() : end]


_TITLES = {"省长", "州长", "市长", "县长", "省委", "州委", "市委", "县委", "府知", "府尹", "道知"}


def level_of(sentence: str) -> str:
    """The rank of the Chinese actor named in the sentence (see LEVELS), or ``other``."""
    for level, pattern in _LEVELS:
        if pattern.search(sentence):
            return level
    return "other"


def event_features(sentence: str) -> dict[str, Any]:
    """What the event classifier reads: the normalised sentence and keyword indicators."""
    row: dict[str, Any] = {"sentence": sentence}
    for kind, words in KEYWORDS.items():
        row[f"kw_{kind}"] = float(any(word in sentence for word in words))
    row["plan"] = float(bool(PLAN.search(sentence)))
    row["statistics"] = float(bool(re.search(r"\d+(?:\.\d+)?(?:%|亿|万)|增长|同比|占比", sentence)))
    row["length"] = min(len(sentence), 200) / 200
    return row


EVENT_NUMERIC = [*(f"kw_{kind}" for kind in KEYWORDS), "plan", "statistics", "length"]


def rule_event(row: dict[str, Any]) -> int:
    """The rule baseline: an engagement keyword and no figures of trade statistics."""
    keywords = ("meeting", "visit_out", "visit_in", "forum_or_expo", "agreement_or_project", "sister_relation", "training")
    return int(any(row[f"kw_{kind}"] for kind in keywords) and not row["statistics"])


def rule_type(row: dict[str, Any]) -> str:
    """The rule baseline's type: the first keyword class the sentence holds."""
    for kind in KEYWORDS:
        if row[f"kw_{kind}"]:
            return kind
    return "other"
