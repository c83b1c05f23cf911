"""Engagements decided per (actor, partner) pair of a document, not per sentence.

A page of a provincial foreign-affairs office names its actor once (in the title or the
first sentence) and its partners in many sentences; a news item about a state visit held
in Nanjing names Jiangsu only as the venue. So the unit of decision is the pair: every
foreign partner the document names, with every actor that may engage with it (each
province it names, not as a foreign mission's seat; the province the document is about;
and the national level, whose bodies make national engagements). Each pair is described
by what the document says around it (:data:`PAIR_FEATURES`), and a model fitted on
annotated pages (``annotations/engagements.jsonl``) decides whether the pair engaged.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from phrasebook.attribute.events import PLAN, EventCandidate, level_of, subnational_name
from phrasebook.attribute.partners import PartnerMention, organisation_mentions
from phrasebook.attribute.places import ProvinceMention
from phrasebook.facts.inference import has_own_date, sentence_date
from phrasebook.facts.issuer import SPEAKER_SOURCES
from phrasebook.language import joins_list, sentence_spans
from phrasebook.pipeline import TaggedDocument

NATIONAL = "national"
"""The actor of engagements by national bodies (state leaders, ministries, central media)."""
NATIONAL_CUES = re.compile(
    r"习近平|李强|赵乐际|王沪宁|蔡奇|丁薛祥|李希|韩正|王岐山|王毅|李克强|国家主席|总书记|副总理|国务委员|"
    r"全国人大常委会|全国政协|外交部|商务部|中联部|对外联络部|国家发展改革委|国家发改委|文化和旅游部|教育部|海关总署|国家移民管理局|"
    r"新华社|人民日报|中央广播电视总台|中央电视台|中国新闻社|中新社|中国人民对外友好协会|全国友协|中国贸促会|中国国际贸易促进委员会|"
    r"中国驻|我国驻|驻(?!华)[^，。、]{1,6}?(?:大使馆|使馆)|中国政府|中方|"
    r"国务院|中央统战部|中央外办|中央外事工作委员会|国家民委|国家体育总局|国侨办|国际发展合作署|"
    r"中国外文局|中国公共外交协会|外交学会|中国人权研究会|中国教育交流协会|宋庆龄基金会|中国—东盟中心|"
    r"两国元首|国家元首|两国领导人|中华人民共和国政府|毛泽东|周恩来|邓小平|江泽民|胡锦涛|温家宝|进口博览会|进博会|国际合作高峰论坛|部长级会议"
)
"""Who makes national engagements: state leaders (past ones too), the central organs of the
party and the state, national agencies and associations, central media, China's missions
abroad, and what only the national level holds (进博会, the Belt and Road Forum, ministerial
meetings). A mission abroad is China's when its seat is not China (驻日本大使馆); 驻华大使馆 and
a consulate in a Chinese city (驻沪总领事馆) are foreign."""
_LEADER = r"习近平(?:总书记|主席|同志)?"
_HEADS = r"(?:两国元首|两国领导人|两党两国领导人|双方领导人)"
DOCTRINE = re.compile(
    _LEADER + r"(?:新时代中国特色社会主义思想|外交思想|生态文明思想|经济思想|法治思想|文化思想|强军思想)|"
    r"(?:贯彻|落实|按照|遵循|学习|践行|领会|根据|牢记)[^。，；]{0,8}?" + _LEADER + r"[^。，；]{0,25}?(?:重要讲话|重要指示|重要论述|重要批示|重要回信|重要贺信)|"
    + _LEADER + r"[^。，；]{0,25}?(?:讲话精神|指示精神|批示精神|重要论述)|以习近平同志为核心的党中央|"
    r"(?:贯彻|落实|按照|遵循|践行|根据|围绕)[^。，；]{0,10}?" + _HEADS + r"(?:[^。，；]{0,10}?共识)?|"
    r"在[^。，；]{0,6}?" + _HEADS + r"[^。，；]{0,12}?(?:引领|推动|指引|擘画|关心|关怀|指导)下|"
    + _LEADER + r"(?:亲自)?(?:提出|倡导|倡议|谋划|推动|部署|关心)的"
)
"""A leader named for the party line, not as an actor: 贯彻习近平外交思想, 按照习近平总书记视察青海时
重要讲话精神, 在以习近平同志为核心的党中央坚强领导下, 落实两国元首达成的重要共识, 在两国元首战略引领下,
习近平主席提出的“一带一路”倡议 (but 习近平在峰会上发表重要讲话, 两国元首达成重要共识, 在两国元首见证下
and 习近平主席在峰会上提出……倡议 report an act).
Provincial pages and reports open with it (half the sentences of the 2025 provincial reports
that name a national leader name one only so); national cues are read with it blanked out."""
FOREIGN_BODIES = ("外交部", "商务部", "教育部", "国务院")
"""The national cues that a foreign country has too: 越南外交部, 韩国外交部长官 and 美国国务院
are no national actor (a consensus of two heads of state cited as the line,
落实两国元首达成的重要共识, is blanked with :data:`DOCTRINE`)."""
PROVINCIAL_CUES = re.compile(r"省委书记|自治区党委书记|市委书记|省长|副省长|自治区主席|自治区副主席|市长|副市长|州长|外办|外事办|外事办公室|省政府|区政府|市政府|省人大|省政协|友协|代表团")
ENGAGEMENT_VERBS = re.compile(
    r"会见|会谈|会晤|拜会|接见|座谈|访问|出访|率团|率领|来访|到访|一行|考察|签署|签订|签约|见证|出席|举办|举行|开幕|主持|致辞|"
    r"交流|培训|研修|结好|友好城市|友城|友好省|对接|洽谈|合作备忘录|协议|参加"
)
WISHES = r"希望|欢迎|愿意|愿同|愿与|可考虑|探索|期待|建议|推动|推进"
PLAN_CUES = re.compile(PLAN.pattern + "|" + WISHES)
"""What is not yet done: a plan or announcement (:data:`events.PLAN`, the event row's flag) or a wish."""
STATISTICS_CUES = re.compile(r"\d+(?:\.\d+)?\s*(?:%|亿|万)|增长|同比|占比|累计|总额|进出口|贸易额")
BORDER_CUES = re.compile(r"接壤|毗邻|边境线|交界|相邻|国境线")
VENUE_BEFORE = ("在", "于", "赴", "到", "抵达", "抵", "来", "访")
EVENT_NAMES = (
    "峰会", "世妇会", "会议", "论坛", "博览会", "展会", "奥运会", "冬奥会", "残奥会", "冬残奥会", "亚运会", "大运会", "世锦赛", "锦标赛",
    "运动会", "马拉松", "冬奥村", "奥运村", "电影节", "艺术节", "世园会", "世博会", "宣言", "共识", "行动计划", "倡议", "进程",
)
_EVENT_AFTER = re.compile(r"(?:\d{4}年?)?(?:国际)?(?:" + "|".join(EVENT_NAMES) + ")")
"""An event named after its host place, with its year or 国际 between (北京2022年冬奥会, 北京国际电影节)."""
SEAT_BEFORE = "驻"
MEDIA_AFTER = (
    "网", "日报", "在线", "电视台", "广播电视台", "卫视", "晚报", "都市报", "新闻网", "融媒体",
    "商报", "晨报", "早报", "时报", "快报", "青年报", "法制报", "信息报", "证券报", "侨报",
)
"""A place that names a newspaper, site or broadcaster (中国西藏网, 湖南日报): the outlet, not an actor."""
NOT_MEDIA_AFTER = ("网络", "网上", "网信", "网点", "网红", "网格")
UNIT_BREAK = re.compile("[、；;]")
"""What separates the units of an enumeration (see _crossed_pairs)."""
PAIR_REACH = 16
"""How far before its partner a province of a paired enumeration is named (characters)."""
SENTENCE_REACH = 3
"""Sentences after the first that still count as the document's opening (title, dateline, lead)."""

PAIR_FEATURES = [
    "national", "region", "same_sentences", "subject", "first_named", "actor_mentions", "partner_sentences", "partner_in_opening",
    "seat_only", "venue_only", "national_cue", "provincial_cue", "verbs", "plan_share", "statistics_share", "border",
    "event_score", "distance", "actor_in_opening", "verbs_together", "plan_together", "actor_leads", "speech",
    "event_score_together", "other_actors", "most_together", "others_together", "nearest", "only_actor_together",
    "national_together", "national_opening", "provincial_together", "national_item", "officials_named", "closest_actor",
]
_LEADING_TITLE = re.compile(r"^.{0,20}?(?:" + PROVINCIAL_CUES.pattern + ")")
"""A provincial title in a sentence's first 20 characters: the province's officials are its subject."""
_LEADING_NATIONAL = re.compile(r"^.{0,25}?(?:" + NATIONAL_CUES.pattern + ")")
"""A national leader or body in a sentence's first 25 characters: the national level is its subject."""
SPEECH_CUES = re.compile(r"表示|指出|强调|认为|介绍|说|称|希望|祝贺|感谢")
RELATED_LINKS = re.compile(
    r"^(?:相关链接|相关链结|相关新闻|相关阅读|延伸阅读|相关文章|相关报道|推荐阅读|热点推荐|猜你喜欢|更多新闻|上一篇|下一篇)|(?:上一篇|下一篇)[:：]|的相关文章$"
)
"""A line that opens a web page's list of links to other items (相关新闻, 上一篇): what
follows it is not the article."""


@dataclass
class PairCandidate:
    """One (actor, partner) pair of a document, with what decides it."""

    doc_id: str
    actor: str
    partner_kind: str
    partner: str
    sentence_indexes: list[int]
    features: dict[str, float] = field(default_factory=dict)
    context: str = ""
    """The sentences that name both (else the partner's), normalised: what a text model reads."""
    together: list[int] = field(default_factory=list)
    evidence: Evidence | None = None
    type: str = "other"


@dataclass
class Evidence:
    """The sentence that states a pair's engagement, and what it says of it."""

    sentence_index: int
    start: int
    end: int
    sentence: str
    normalized: str
    partner_name: str
    partner_place: str
    date: str
    date_precision: str
    date_source: str
    level: str
    plan: bool
    score: float = 0.0


def pair_candidates(
    item: TaggedDocument, *, partners: list[PartnerMention], provinces: list[ProvinceMention], organisations: dict[str, str] | None = None
) -> list[PairCandidate]:
    """Every (actor, partner) pair of a whole tagged document, with its features (the
    event scores of its sentences are set when they are scored: engagement_events).

    Partners are the countries and regions of ``partners`` (the document's partner
    mentions) that are partners, and the ``organisations`` (name → partner id) named in
    the text; actors come from ``provinces`` (its province mentions)."""
    text = item.normalized.text  # cues are written in simplified characters, as the normaliser writes the text
    spans = sentence_spans(text)
    sentences = {item.sentence_base + i: text[start:end] for i, (start, end) in enumerate(spans)}
    facts = item.info.facts
    date = facts.date if facts else ""
    # a province speaks in the document when the metadata, a congress header or 我省 say so
    # (a province in a news item's title is only named there)
    speaker = facts.issuer if facts and facts.issuer_source in SPEAKER_SOURCES and facts.issuer.startswith("CN-") else ""
    if not sentences:
        return []
    first = min(sentences)
    links = _links_start(text, spans, item.sentence_base)
    surfaces: dict[tuple[str, str, int], PartnerMention] = {}
    positions: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)  # partner -> (sentence, offset) of each mention
    country_ends: dict[int, list[int]] = defaultdict(list)  # sentence -> where each country's name ends in the text
    for mention in partners:
        if mention.kind == "country" and not mention.text.startswith("中"):  # 中越 is both
            country_ends[mention.sentence_index].append(item.normalized.to_normalized(mention.end - item.offset))
        if mention.is_partner and mention.kind in ("country", "region") and mention.sentence_index < links:
            key = (mention.kind, mention.code.lower() if mention.kind == "region" else mention.code)
            surfaces.setdefault((*key, mention.sentence_index), mention)
            positions[key].append((mention.sentence_index, item.normalized.to_normalized(mention.start - item.offset)))
    for mention in organisation_mentions(item, spans, organisations or {}):
        if mention.sentence_index >= links:
            continue
        kind = "region" if ("region", mention.code) in positions else mention.kind  # 东盟秘书处 is ASEAN
        surfaces.setdefault((kind, mention.code, mention.sentence_index), mention)
        positions[(kind, mention.code)].append((mention.sentence_index, item.normalized.to_normalized(mention.start - item.offset)))
    if not positions:
        return []
    roles: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))  # actor -> sentence -> roles of its mentions
    actors_at: dict[int, list[tuple[int, str]]] = defaultdict(list)  # sentence -> (offset, actor) of each acting mention
    previous_end, previous_role = -1, ""
    for mention in provinces:
        if mention.via == "self_reference":
            roles[mention.province][mention.sentence_index].append("self")
            continue
        local = item.normalized.to_normalized(mention.start - item.offset)
        end = item.normalized.to_normalized(mention.end - item.offset)
        before = text[max(0, local - 2) : local]
        after = text[end : end + 5]
        if after.startswith(MEDIA_AFTER) and not after.startswith(NOT_MEDIA_AFTER):
            continue
        if before.endswith(SEAT_BEFORE):
            role = "seat"
        elif before.endswith(VENUE_BEFORE) or _EVENT_AFTER.match(text, end):
            role = "venue"  # 在北京, 来滇; 北京峰会, 北京宣言: the place of an event, or part of its name
        elif previous_role in ("seat", "venue") and joins_list(text[previous_end:local]):
            role = previous_role  # 驻香港、澳门总领馆; 在北京、上海两地: a list takes its first place's role
        else:
            role = "named"
        roles[mention.province][mention.sentence_index].append(role)
        if role == "named":
            actors_at[mention.sentence_index].append((local, mention.province))
        previous_end, previous_role = end, role
    cue_sentences: dict[int, str] = {}  # each sentence with what names no national actor blanked (same offsets)
    national_sentences = []
    for index, sentence in sentences.items():
        start = spans[index - item.sentence_base][0]
        cue_sentence = _foreign_bodies_blanked(DOCTRINE.sub(_blank, sentence), [end - start for end in country_ends.get(index, ())])
        cue_sentences[index] = cue_sentence
        cues = [(start + cue.start(), NATIONAL) for cue in NATIONAL_CUES.finditer(cue_sentence)]
        if cues:
            national_sentences.append(index)
            actors_at[index] += cues
    opening = [sentence for index, sentence in sentences.items() if index <= first + SENTENCE_REACH]
    national_item = any(index <= first + SENTENCE_REACH for index in national_sentences) and not any(PROVINCIAL_CUES.search(s) for s in opening)
    subject = "" if national_item and not speaker else _subject(roles, first, speaker)
    first_named = next((p for p, _ in sorted(((p, min(s)) for p, s in roles.items() if _acting(s)), key=lambda x: x[1])), "")
    actors = {p for p, by_sentence in roles.items() if by_sentence} | ({subject} if subject else set())
    if national_sentences:
        actors.add(NATIONAL)
    crossed = _crossed_pairs(sentences, spans, item.sentence_base, actors_at, positions)
    found = []
    for (kind, code), at in sorted(positions.items()):
        closest = _closest_actors(at, actors_at)
        indexes = sorted({index for index, _ in at})
        texts = [sentences.get(i, "") for i in indexes]
        cue_texts = [cue_sentences.get(i, "") for i in indexes]
        for actor in sorted(actors):
            if actor == NATIONAL:
                actor_sentences = {i: ["named"] for i in national_sentences}
            else:
                actor_sentences = roles.get(actor, {})
            same = [i for i in indexes if i in actor_sentences and (actor, kind, code) not in crossed.get(i, ())]
            mention_roles = [r for i in same for r in actor_sentences[i]]
            together = [sentences.get(i, "") for i in same]
            cue_together = [cue_sentences.get(i, "") for i in same]
            features = {
                "national": float(actor == NATIONAL),
                "region": float(kind == "region"),
                "same_sentences": math.log1p(len(same)),
                "subject": float(actor == subject),
                "first_named": float(actor == first_named),
                "actor_mentions": math.log1p(sum(len(v) for v in actor_sentences.values())),
                "partner_sentences": math.log1p(len(indexes)),
                "partner_in_opening": float(indexes[0] <= first + SENTENCE_REACH),
                "seat_only": float(bool(mention_roles) and all(r == "seat" for r in mention_roles)),
                "venue_only": float(bool(mention_roles) and all(r in ("venue", "seat") for r in mention_roles) and "venue" in mention_roles),
                "national_cue": _share(cue_texts, NATIONAL_CUES),
                "provincial_cue": _share(texts, PROVINCIAL_CUES),
                "verbs": _share(texts, ENGAGEMENT_VERBS),
                "plan_share": _share(texts, PLAN_CUES),
                "statistics_share": _share(texts, STATISTICS_CUES),
                "border": float(any(BORDER_CUES.search(t) for t in texts)),
                "event_score": 0.0,
                "distance": _distance(indexes, actor_sentences),
                "actor_in_opening": float(any(i <= first + SENTENCE_REACH for i in actor_sentences)),
                "verbs_together": _share(together, ENGAGEMENT_VERBS),
                "plan_together": _share(together, PLAN_CUES),
                "actor_leads": _share(cue_together, _LEADING_NATIONAL) if actor == NATIONAL else _share(together, _LEADING_TITLE),
                "speech": _share(texts, SPEECH_CUES),
                "event_score_together": 0.0,
                "other_actors": math.log1p(len(actors) - 1),
                "national_together": _share(cue_together, NATIONAL_CUES),
                "national_opening": float(any(i <= first + SENTENCE_REACH for i in national_sentences)),
                "provincial_together": _share(together, PROVINCIAL_CUES),
                "national_item": float(national_item and not speaker),
                "officials_named": float(any(PROVINCIAL_CUES.search(sentences.get(i, "")) for i in actor_sentences)),
                "closest_actor": closest[actor] / max(1, sum(closest.values())),
            }
            pair = PairCandidate(item.doc_id, actor, kind, code, indexes, features, "".join(together or texts), same)
            pair.evidence = _evidence(item, sentences, spans, same or indexes, surfaces, pair, date)
            found.append(pair)
    _compare_actors(found)
    return found


def set_event_scores(events: list[EventCandidate], pairs: list[PairCandidate]) -> None:
    """Give each of a document's ``pairs`` the event scores of its sentences (its ``events``, scored first)."""
    scores = {event.sentence_index: event.score for event in events}
    for pair in pairs:
        pair.features["event_score"] = max((scores.get(i, 0.0) for i in pair.sentence_indexes), default=0.0)
        pair.features["event_score_together"] = max((scores.get(i, 0.0) for i in pair.together), default=0.0)


def _compare_actors(pairs: list[PairCandidate]) -> None:
    """Compare each pair's actor with its partner's other actors (most_together,
    others_together, nearest, only_actor_together): an engaged partner usually has one
    actor, and the question is which."""
    by_partner: dict[tuple[str, str], list[PairCandidate]] = defaultdict(list)
    for pair in pairs:
        by_partner[(pair.partner_kind, pair.partner)].append(pair)
    for group in by_partner.values():
        for pair in group:
            others = [p for p in group if p is not pair]
            mine = pair.features["same_sentences"]
            most_others = max((p.features["same_sentences"] for p in others), default=0.0)
            pair.features["most_together"] = float(mine > 0 and mine >= most_others)
            pair.features["others_together"] = most_others
            pair.features["nearest"] = float(pair.features["distance"] <= min((p.features["distance"] for p in others), default=1.0))
            pair.features["only_actor_together"] = float(mine > 0 and most_others == 0)


def _evidence(
    item: TaggedDocument, sentences: dict[int, str], spans: list[tuple[int, int]], indexes: list[int],
    surfaces: dict[tuple[str, str, int], PartnerMention], pair: PairCandidate, document_date: str,
) -> Evidence:
    """The pair's sentence: the first of ``indexes`` with an engagement verb and a date of
    its own (the dateline sentence of a news item, not its headline), else the first with
    an engagement verb, else the first."""
    verbs = [i for i in indexes if ENGAGEMENT_VERBS.search(sentences.get(i, ""))]
    dated = [i for i in verbs if has_own_date(sentences.get(i, ""))]
    index = (dated or verbs or indexes)[0]
    normalized = sentences.get(index, "")
    start, end = item.normalized.to_original(*spans[index - item.sentence_base])
    mention = surfaces.get((pair.partner_kind, pair.partner, index)) or next(
        (m for (kind, code, _), m in surfaces.items() if (kind, code) == (pair.partner_kind, pair.partner)), None
    )
    place = ""
    if mention is not None and mention.kind == "country":
        place = subnational_name(item.normalized.text, item.normalized.to_normalized(mention.end - item.offset))
    date, precision, source = sentence_date(normalized, document_date)
    return Evidence(
        index, start + item.offset, end + item.offset, item.text[start:end].strip(), normalized.strip(),
        mention.text + place if mention is not None else "", place, date, precision, source,
        NATIONAL if pair.actor == NATIONAL else level_of(normalized), bool(PLAN.search(normalized)),
    )


def _acting(by_sentence: dict[int, list[str]]) -> bool:
    return any(r in ("named", "self") for roles in by_sentence.values() for r in roles)


def _subject(roles: dict[str, dict[int, list[str]]], first: int, speaker: str) -> str:
    """The province the document is about: the one named (not as a seat or venue) in its
    opening sentences, most often; else the most named overall; else the province that speaks."""
    opening: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    for province, by_sentence in roles.items():
        for index, kinds in by_sentence.items():
            acting = sum(1 for r in kinds if r in ("named", "self"))
            overall[province] += acting
            if index <= first + SENTENCE_REACH:
                opening[province] += acting
    for counts in (opening, overall):
        best = [p for p, n in counts.most_common() if n > 0]
        if best:
            return best[0]
    return speaker


def _links_start(text: str, spans: list[tuple[int, int]], base: int) -> int:
    """The index of the sentence that opens the page's list of links to other items, in
    its second half (上一篇 and 下一篇 also head some pages, above the article); else one past
    the last sentence. Partners named below it are named in other items' headlines."""
    for i, (start, end) in enumerate(spans):
        if start >= len(text) / 2 and RELATED_LINKS.search(text[start:end].strip()):
            return base + i
    return base + len(spans)


def _closest_actors(positions: list[tuple[int, int]], actors_at: dict[int, list[tuple[int, str]]]) -> Counter[str]:
    """For each mention of a partner, the actor named nearest before it in its sentence
    (else nearest after it): in 黑龙江省大庆市与韩国忠州市、广东省中山市与智利奇廉市签署 each
    city's partner is the one after it, though both provinces share the sentence."""
    closest: Counter[str] = Counter()
    for index, offset in positions:
        named = actors_at.get(index)
        if not named:
            continue
        before = [(position, actor) for position, actor in named if position < offset]
        closest[max(before)[1] if before else min(named)[1]] += 1
    return closest


def _crossed_pairs(
    sentences: dict[int, str], spans: list[tuple[int, int]], base: int,
    actors_at: dict[int, list[tuple[int, str]]], positions: dict[tuple[str, str], list[tuple[int, int]]],
) -> dict[int, set[tuple[str, str, str]]]:
    """The (actor, partner kind, partner) pairs that share a sentence only across the units
    of a paired enumeration: in 兴安盟与蒙古国东方省、大庆市与韩国忠州市、中山市与智利奇廉市签署……
    each unit (between 、 or ；) names a province, then its partner, so Heilongjiang and
    Chile are not named together. A sentence is such an enumeration when two units or more
    each pair a province with a partner close after it (与, 和 or 同 between). A partner
    not so paired is left alone (云南与越南、老挝合作: 老挝 is Yunnan's too), and units that name
    only provinces join the unit after them (江苏、上海与越南: Jiangsu's too)."""
    partners_at: dict[int, list[tuple[int, tuple[str, str]]]] = defaultdict(list)
    for key, at in positions.items():
        for index, offset in at:
            partners_at[index].append((offset, key))
    crossed: dict[int, set[tuple[str, str, str]]] = {}
    for index, partners in partners_at.items():
        provinces = [(offset, actor) for offset, actor in actors_at.get(index, ()) if actor != NATIONAL]
        everyone = {actor for _, actor in provinces}
        if len(everyone) < 2:
            continue
        start = spans[index - base][0]
        text = sentences[index]
        cuts = [start + m.start() for m in UNIT_BREAK.finditer(text)]
        unit_provinces: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for position, actor in provinces:
            unit_provinces[bisect.bisect(cuts, position)].append((position, actor))
        partner_units = [(bisect.bisect(cuts, offset), offset, key) for offset, key in partners]
        units_with_partner = {unit for unit, _, _ in partner_units}
        paired: dict[tuple[str, str], set[str]] = defaultdict(set)  # partner -> the provinces of its unit
        units = set()
        for unit, offset, key in partner_units:
            owners = {actor for position, actor in unit_provinces.get(unit, ()) if _pairs_with(text[position - start : offset - start])}
            previous = unit - 1
            while owners and previous in unit_provinces and previous not in units_with_partner:
                owners |= {actor for _, actor in unit_provinces[previous]}  # 江苏、上海与越南: a list of provinces
                previous -= 1
            if owners:
                paired[key] |= owners
                units.add(unit)
        if len(units) < 2:
            continue
        crossed[index] = {(actor, *key) for key, owners in paired.items() for actor in everyone - owners}
    return crossed


def _pairs_with(between: str) -> bool:
    """A province is paired with a partner named close after it, ``between`` them a joiner:
    大庆市与韩国忠州市."""
    return 0 < len(between) <= PAIR_REACH and any(joiner in between for joiner in "与和同")


def _foreign_bodies_blanked(sentence: str, country_ends: Iterable[int]) -> str:
    """``sentence`` with each body that directly follows a country's name blanked (same offsets)."""
    for end in country_ends:
        body = next((b for b in FOREIGN_BODIES if sentence.startswith(b, end)), "")
        if body:
            sentence = sentence[:end] + " " * len(body) + sentence[end + len(body) :]
    return sentence


def _blank(found: re.Match[str]) -> str:
    """As many spaces as ``found`` has characters: blanked text keeps its offsets."""
    return " " * len(found.group())


def _share(texts: list[str], pattern: re.Pattern[str]) -> float:
    return sum(1 for t in texts if pattern.search(t)) / len(texts) if texts else 0.0


def _distance(partner_sentences: list[int], actor_sentences: dict[int, list[str]]) -> float:
    """How many sentences lie between the partner and the nearest mention of the actor (scaled)."""
    if not actor_sentences:
        return 1.0
    nearest = min(abs(p - a) for p in partner_sentences for a in actor_sentences)
    return min(nearest, 10) / 10


def national_venue(features: dict[str, float]) -> bool:
    """A province that is only the venue of national diplomacy, never its engagement,
    whatever the model says: the document opens with a national leader or body, and
    either they are named beside the partner and no official or body of the province is,
    or the document is a national item that names the province nowhere beside the partner
    and names none of its officials or bodies at all (中非合作论坛北京峰会 is no engagement
    of Beijing's)."""
    if features["national"] or not features["national_opening"]:
        return False
    beside = features["national_together"] > 0 and features["provincial_together"] == 0
    apart = features["national_item"] and features["same_sentences"] == 0 and not features["officials_named"]
    return bool(beside or apart)


def rule_engaged(features: dict[str, float]) -> bool:
    """The rule baseline: the actor is named beside the partner (or is the document's
    subject), not only as a seat or venue, in sentences with an engagement verb and no plan."""
    near = features["same_sentences"] > 0 or (features["subject"] and not features["national"])
    return bool(near and not features["seat_only"] and not features["venue_only"] and features["verbs"] > 0 and features["plan_share"] < 1)
