"""Designated roles: which province is designated what role toward which region.

Candidates come from the role heads of the lexicon's role vocabulary (``roles.yaml``),
not only from lexicon entries: every occurrence of a head of the twelve classes (辐射中心,
枢纽, 门户, 桥头堡 ...) is a candidate, with its whole designation phrase (面向东盟的航空枢纽,
from the start of the modifiers to the head). Everything is read on the NORMALISED text
(traditional script, pinyin annotations, wrapped lines, stray spaces are all gone there)
and mapped back to the original for the output. Most role words are everyday words
(交通枢纽, 粮食生产基地, 政务服务窗口): the classifier of
:mod:`phrasebook.attribute.role_classifier` scores each candidate from the features
below, and the lexicon's context rules are among those features, never filters.

The province is the one named in the phrase's clause before it (several when they are
enumerated), else the nearest named in the sentence, else the one that opens the
paragraph, else the issuer of a provincial document. The region is read from the phrase
itself (面向南亚东南亚, 向北开放, 海上丝绸之路), else from its clause, else left empty. The
scope is ``facility`` when infrastructure qualifies the head (国际物流枢纽), else
``province`` (the place itself is cast in the role). See annotations/GUIDELINES.md.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from phrasebook.facts.issuer import SPEAKER_SOURCES
from phrasebook.language import CLAUSE_ENDS, DIRECTION_OF_OPENING, DIRECTION_WORDS, DIRECTIONS, HEADING, joins_list, sentence_spans
from phrasebook.lexicon import Lexicon
from phrasebook.lexicon.schema import RoleVocabularyFile
from phrasebook.match.context import Rules
from phrasebook.tagger import TextMatch

if TYPE_CHECKING:
    from phrasebook.normalize import Normalized
    from phrasebook.pipeline import TaggedDocument

MAX_PHRASE = 24
"""The longest designation phrase read to the left of its head (characters)."""
WINDOW_BEFORE, WINDOW_AFTER = 20, 10
THRESHOLD = 0.5
SCOPES = ("province", "facility", "all")
"""What ``roles`` gives: the province itself cast in a role (the default), a facility in it, or both."""
ROLE_COLUMNS = ["doc_id", "province", "role", "region", "scope", "wording", "sentence_index", "start", "end", "confidence", "method"]
NUMERIC = [
    "external_in_phrase", "external_in_clause", "external_in_sentence", "domestic_in_phrase", "domestic_in_clause",
    "foreign_place_in_phrase", "foreign_place_in_sentence", "direction_in_phrase", "direction_in_sentence",
    "province_in_sentence", "chinese_holder", "foreign_holder", "belt_and_road_in_phrase", "facility_in_phrase", "rule_veto", "quoted", "heading",
    "cast_opener", "build_opener", "phrase_length",
    "taking_part", "national_corridor", "in_list", "bare_in_list", "modifies_head", "counted",
]
_BOUNDARIES = set("，。；：、！？,;:!?（）()《》〈〉【】[]<>\n\r\t 　—…·")
_QUOTES = set("“”‘’「」『』\"'")
_CAST_OPENERS = ("成为", "建成", "作为", "是", "为", "当好", "打造成", "建设成", "建设成为", "定位为", "争当")
_DIRECTION = re.compile(f"{DIRECTION_OF_OPENING.pattern}|({DIRECTION_WORDS})向(?:开放)?")
_COUNTED = re.compile(r"[一二三四五六七八九十两0-9]+[大个条座类]?$")
_FOREIGN = ("region", "country", "compound")
_PLACES = ("province", "city")


@dataclass(frozen=True)
class Phrase:
    """A role head and its designation phrase, as spans of a normalised sentence."""

    start: int
    end: int
    head_start: int
    head_end: int
    head: str
    role: str
    opener: str


@dataclass
class Candidate:
    """A role head in its sentence, with what attribution knows about it.

    ``start``/``end`` are the phrase's offsets in the whole decoded file and ``wording``
    its original text; ``sentence`` is the original sentence and ``normalized_sentence``
    the one every feature was read from.
    """

    doc_id: str
    role: str
    head: str
    wording: str
    start: int
    end: int
    sentence: str
    normalized_sentence: str
    phrase: str
    sentence_index: int
    provinces: list[str]
    province_via: str
    region: str | None
    scope: str
    cues: list[str] = field(default_factory=list)
    features: dict[str, float | str] = field(default_factory=dict)
    score: float = 0.0  # the classifier's probability of a designation (see role_classifier)
    contributions: list[tuple[str, float]] = field(default_factory=list)  # the strongest, set by explain

    @property
    def province(self) -> str | None:
        return self.provinces[0] if self.provinces else None


@dataclass(frozen=True)
class _Place:
    """A lexicon place match as a span of the normalised text."""

    start: int
    end: int
    kind: str
    code: str
    entry_id: str


class RoleReader:
    """Finds, describes and attributes role candidates; built once per lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        if lexicon.roles is None:
            raise ValueError("the lexicon has no role vocabulary (roles.yaml)")
        vocabulary: RoleVocabularyFile = lexicon.roles
        self.vocabulary = vocabulary
        self._role_of = {head: role for role, heads in vocabulary.heads.items() for head in heads}
        heads = sorted(self._role_of, key=len, reverse=True)
        suffixes = sorted(vocabulary.suffixes, key=len, reverse=True)
        self._heads = re.compile("(" + "|".join(map(re.escape, heads)) + ")(" + "|".join(map(re.escape, suffixes)) + ")?")
        self._not_heads = re.compile("|".join(map(re.escape, vocabulary.not_heads))) if vocabulary.not_heads else None
        self._openers = sorted(vocabulary.openers, key=len, reverse=True)
        self._joiners = sorted(vocabulary.joiners, key=len, reverse=True)
        self._regions = {entry.id for entry in lexicon.of_kind("region")}
        generic = {entry.canonical: entry for entry in lexicon.of_family("role_designation")}
        self._rules = {head: Rules.compile(generic[head].rules) for head in self._role_of if head in generic}

    # -- phrases -------------------------------------------------------------------------

    def phrases(self, sentence: str, places: Iterable[_Place] = ()) -> list[Phrase]:
        """Every role head of a normalised sentence with its phrase (see the module notes)."""
        starts = {p.start for p in places}
        ends = {p.end for p in places}
        excluded = [m.span() for m in self._not_heads.finditer(sentence)] if self._not_heads else []
        found = []
        for head in self._heads.finditer(sentence):
            head_start, head_end = head.start(1), head.end()
            if any(low <= head_start and head.end(1) <= high for low, high in excluded):
                continue
            start, opener = self._phrase_start(sentence, head_start, starts, ends)
            if head_end < len(sentence) and sentence[head_end] in "”’」』" and any(q in sentence[start:head_start] for q in "“‘「『"):
                head_end += 1  # 向西开放“桥头堡”: the closing quote belongs to the phrase
            found.append(Phrase(start, head_end, head_start, head.end(1), head.group(1), self._role_of[head.group(1)], opener))
        return found

    def _phrase_start(self, text: str, head_start: int, place_starts: set[int], place_ends: set[int]) -> tuple[int, str]:
        """Walk left from the head to the opener, conjunction or punctuation that ends the phrase."""
        limit = max(0, head_start - MAX_PHRASE)
        position = head_start
        while position > limit:
            previous = text[position - 1]
            if previous in _QUOTES:
                position -= 1
                continue
            if previous in _BOUNDARIES:
                if previous == "、" and position in place_starts and (position - 1) in place_ends:
                    position -= 1  # 面向南亚、东南亚: an enumeration of targets inside the phrase
                    continue
                return position, ""
            for opener in self._openers:
                if text.endswith(opener, limit, position):
                    return position, opener
            for joiner in self._joiners:
                if text.endswith(joiner, limit, position) and position not in place_starts:
                    return position, ""
            position -= 1
        return position, ""

    # -- candidates of a tagged document ----------------------------------------------------

    def candidates(self, item: TaggedDocument, issuer: str) -> list[Candidate]:
        """Every role candidate of a tagged document (or part), with features and attribution."""
        normalized = item.normalized
        text = normalized.text
        if not self._heads.search(text):
            return []
        places = _places(item.matches, normalized)
        place_starts = [p.start for p in places]
        facts = item.info.facts
        speaker = issuer if facts is not None and facts.issuer_source in SPEAKER_SOURCES else ""
        paragraph_openers = _paragraph_openers(text, places)
        found = []
        for index, (sentence_start, sentence_end) in enumerate(sentence_spans(text)):
            sentence = text[sentence_start:sentence_end]
            if not self._heads.search(sentence):
                continue
            first, last = bisect.bisect_left(place_starts, sentence_start), bisect.bisect_left(place_starts, sentence_end)
            here = [_Place(p.start - sentence_start, p.end - sentence_start, p.kind, p.code, p.entry_id) for p in places[first:last]]
            for phrase in self.phrases(sentence, here):
                start, end = normalized.to_original(sentence_start + phrase.start, sentence_start + phrase.end)
                o_start, o_end = normalized.to_original(sentence_start, sentence_end)
                scope = self.scope(sentence, phrase)
                if scope == "facility":
                    provinces, via = _facility_provinces(sentence, phrase, here, speaker)
                else:
                    provinces, via = _provinces(sentence, phrase, here)
                if not provinces and scope == "province":
                    opener = _opener_of(paragraph_openers, sentence_start)
                    provinces, via = ([opener], "paragraph") if opener else ([issuer], "issuer") if issuer.startswith("CN-") else ([], "")
                features = self.features(sentence, phrase, here, rules_text=text, offset=sentence_start)
                found.append(
                    Candidate(
                        item.doc_id, phrase.role, phrase.head, item.text[start:end], start + item.offset, end + item.offset,
                        item.text[o_start:o_end].strip(), sentence.strip(), sentence[phrase.start : phrase.end],
                        item.sentence_base + index, provinces, via,
                        self.region(sentence, phrase, here), scope,
                        [cue for cue in self.vocabulary.external_cues if cue in sentence], features,
                    )
                )
        return found

    # -- what the classifier reads ----------------------------------------------------------

    def features(self, sentence: str, phrase: Phrase, places: list[_Place], *, rules_text: str | None = None, offset: int = 0) -> dict[str, float | str]:
        """The classifier's inputs for ``phrase`` of normalised ``sentence``; ``places`` are
        the sentence's place matches. ``rules_text``/``offset`` give the lexicon's context
        rules the whole text around the head (they may look past the sentence)."""
        vocabulary = self.vocabulary
        text = sentence[phrase.start : phrase.end]
        clause_start, clause_end = _clause(sentence, phrase)
        clause = sentence[clause_start:clause_end]
        inside = [p for p in places if phrase.start <= p.start and p.end <= phrase.end]
        holders = [p for p in places if clause_start <= p.start and p.end <= phrase.start]
        rules = self._rules.get(phrase.head)
        context = rules_text if rules_text is not None else sentence
        veto = bool(rules and rules.veto(context, phrase.head_start + offset, phrase.head_end + offset))
        before = sentence[max(0, phrase.head_start - 2) : phrase.head_start]
        in_list = sentence[phrase.start - 1 : phrase.start] == "、" or sentence[phrase.end : phrase.end + 1] in ("、", "等")
        return {
            "phrase": text,
            "window": sentence[max(0, phrase.head_start - WINDOW_BEFORE) : phrase.head_end + WINDOW_AFTER],
            "role": phrase.role,
            "external_in_phrase": _has(text, vocabulary.external_cues),
            "external_in_clause": _has(clause, vocabulary.external_cues),
            "external_in_sentence": _has(sentence, vocabulary.external_cues),
            "domestic_in_phrase": _has(text, vocabulary.domestic_cues),
            "domestic_in_clause": _has(clause, vocabulary.domestic_cues),
            "foreign_place_in_phrase": float(any(p.kind in _FOREIGN for p in inside)),
            "foreign_place_in_sentence": float(any(p.kind in _FOREIGN for p in places)),
            "direction_in_phrase": float(bool(_DIRECTION.search(text))),
            "direction_in_sentence": float(bool(_DIRECTION.search(sentence))),
            "province_in_sentence": float(any(p.kind in _PLACES for p in places)),
            "chinese_holder": float(any(p.kind in _PLACES for p in holders)),
            "foreign_holder": float(any(p.kind in _FOREIGN for p in holders) and not any(p.kind in _PLACES for p in holders)),
            "belt_and_road_in_phrase": _has(text, vocabulary.belt_and_road),
            "facility_in_phrase": _has(text[: phrase.head_start - phrase.start], vocabulary.facility_words),
            "rule_veto": float(veto),
            "quoted": float(any(q in before for q in "“‘「『")),
            "heading": float(_looks_like_heading(sentence)),
            "cast_opener": float(phrase.opener in _CAST_OPENERS),
            "build_opener": float(bool(phrase.opener) and phrase.opener not in _CAST_OPENERS),
            "phrase_length": min(len(text), MAX_PHRASE) / MAX_PHRASE,
            "taking_part": float(self._taking_part(sentence[clause_start : phrase.head_start])),
            "national_corridor": float(any(sentence.endswith(name, phrase.start, phrase.head_end) for name in vocabulary.national_corridors)),
            "in_list": float(in_list),
            "bare_in_list": float(in_list and phrase.start == phrase.head_start),
            "modifies_head": float(self._modifies_head(sentence, phrase.end)),
            "counted": float(bool(_COUNTED.search(sentence[max(phrase.start, phrase.head_start - 3) : phrase.head_start]))),
        }

    def _taking_part(self, before_head: str) -> bool:
        """The verb nearest before the head is one of taking part (融入, 用好 ...), not of
        building or casting (建设, 成为 ...): 积极融入西部陆海新通道, 用好开放通道."""
        taking_part = self.vocabulary.taking_part
        last_part = max((before_head.rfind(verb) + len(verb) for verb in taking_part if verb in before_head), default=-1)
        last_build = max((before_head.rfind(verb) + len(verb) for verb in self._openers if verb in before_head and verb not in taking_part), default=-1)
        return last_part > last_build

    def _modifies_head(self, sentence: str, end: int) -> bool:
        """Another role head follows within the same noun phrase, so this one only modifies
        it: 西部陆海新通道|国际航运枢纽 is a hub, 节点|城市 aside (a suffix is in the phrase)."""
        stop = next((i for i in range(end, min(len(sentence), end + 10)) if sentence[i] in _BOUNDARIES), min(len(sentence), end + 10))
        return bool(self._heads.search(sentence, end, stop))

    def region(self, sentence: str, phrase: Phrase, places: list[_Place]) -> str | None:
        """From the phrase first, then from its clause; None otherwise."""
        clause = _clause(sentence, phrase)
        for start, end in ((phrase.start, phrase.end), clause):
            text = sentence[start:end]
            regions = [p for p in places if start <= p.start and p.end <= end and p.kind in ("region", "compound") and p.code in self._regions]
            # (a compound counts when it names a region: 中欧班列 → europe)
            if regions:
                return max(regions, key=lambda p: p.end - p.start).code
            direction = _DIRECTION.search(text)
            if direction:
                return DIRECTIONS[direction.group(1) or direction.group(2)]
            if _has(text, self.vocabulary.belt_and_road):
                return "belt_and_road"
        return None

    def scope(self, sentence: str, phrase: Phrase) -> str:
        modifiers = sentence[phrase.start : phrase.head_start]
        return "facility" if _has(modifiers, self.vocabulary.facility_words) else "province"


def _has(text: str, words: Iterable[str]) -> float:
    return float(any(word in text for word in words))


def _clause(sentence: str, phrase: Phrase) -> tuple[int, int]:
    """[start, end) of the clause that holds the phrase (between commas, semicolons ...)."""
    start = max((sentence.rfind(mark, 0, phrase.start) for mark in CLAUSE_ENDS), default=-1) + 1
    ends = [position for mark in CLAUSE_ENDS if (position := sentence.find(mark, phrase.end)) != -1]
    return start, min(ends, default=len(sentence))


def _looks_like_heading(sentence: str) -> bool:
    stripped = sentence.strip()
    return bool(HEADING.match(stripped)) or (len(stripped) <= 30 and not stripped.endswith(tuple("。！？；")))


def _places(matches: list[TextMatch], normalized: Normalized) -> list[_Place]:
    """The document's place matches (provinces, cities, regions, countries, compounds) as
    spans of the normalised text, in text order."""
    found = []
    for m in matches:
        if m.kind in _PLACES + _FOREIGN:
            start = normalized.to_normalized(m.start)
            end = normalized.to_normalized(m.end - 1) + 1
            code = m.entry_id if m.kind == "region" else m.refers_to  # a region's own id; a place's province, a compound's parties
            found.append(_Place(start, end, m.kind, code, m.entry_id))
    return sorted(found, key=lambda p: p.start)


_READERS: dict[str, RoleReader] = {}


def role_reader(lexicon: Lexicon) -> RoleReader:
    """The reader of ``lexicon``'s role vocabulary, built once per lexicon version."""
    if lexicon.version not in _READERS:
        _READERS[lexicon.version] = RoleReader(lexicon)
    return _READERS[lexicon.version]


def _provinces(sentence: str, phrase: Phrase, places: list[_Place]) -> tuple[list[str], str]:
    """The provinces the phrase belongs to, from its sentence (see the module notes)."""
    chinese = [p for p in places if p.kind in _PLACES and p.code]
    if not chinese:
        return [], ""
    clause_start, _ = _clause(sentence, phrase)
    before = [p for p in chinese if p.end <= phrase.start]
    in_clause = [p for p in before if p.start >= clause_start]
    candidates = in_clause or before
    if candidates:
        nearest = candidates[-1]
        enumeration = [nearest]
        for place in reversed(candidates[:-1]):
            if joins_list(sentence[place.end : enumeration[-1].start]):
                enumeration.append(place)
            else:
                break
        codes = list(dict.fromkeys(p.code for p in reversed(enumeration)))
        return codes, "named" if len(codes) == 1 else "enumerated"
    after = [p for p in chinese if p.start >= phrase.end]
    return ([after[0].code], "named") if after else ([], "")


def _facility_provinces(sentence: str, phrase: Phrase, places: list[_Place], speaker: str) -> tuple[list[str], str]:
    """The province a facility stands in: in a province's own document, that province (its
    report builds its ports and airports, though it names Shanghai's hub or Tibet's
    crossing beside them); elsewhere the place named before it in its clause, else the
    one in its phrase (天津机场……枢纽). Never a province merely named elsewhere in the
    sentence or the paragraph."""
    if speaker.startswith("CN-"):
        return [speaker], "issuer"
    chinese = [p for p in places if p.kind in _PLACES and p.code]
    clause_start, _ = _clause(sentence, phrase)
    in_clause = [p for p in chinese if clause_start <= p.start and p.end <= phrase.start]
    if in_clause:
        return [in_clause[-1].code], "named"
    inside = [p for p in chinese if phrase.start <= p.start < phrase.end]
    return ([inside[0].code], "in_phrase") if inside else ([], "")


def _paragraph_openers(text: str, places: list[_Place]) -> list[tuple[int, str | None, bool]]:
    """(paragraph start, province, heading) for each paragraph: the province or city it
    opens with (成都：……, 四川省……: its first place within the paragraph's first sentence)
    or None, and whether the paragraph is a heading (成都：), which speaks for the
    paragraphs after it."""
    openers = []
    by_start = sorted((p for p in places if p.kind in _PLACES and p.code), key=lambda p: p.start)
    starts = [p.start for p in by_start]
    paragraph_start = 0
    while paragraph_start < len(text):
        end = text.find("\n", paragraph_start)
        end = len(text) if end == -1 else end
        first_stop = min((position for mark in "。！？；" if (position := text.find(mark, paragraph_start, end)) != -1), default=end)
        index = bisect.bisect_left(starts, paragraph_start)
        opens = index < len(by_start) and by_start[index].start < min(first_stop, paragraph_start + 40)
        paragraph = text[paragraph_start:end]
        heading = _looks_like_heading(paragraph) or paragraph.rstrip().endswith(("：", ":"))
        openers.append((paragraph_start, by_start[index].code if opens else None, heading))
        paragraph_start = end + 1
    return openers


def _opener_of(openers: list[tuple[int, str | None, bool]], position: int) -> str | None:
    """The province that opens the paragraph holding ``position``, else the one of the
    nearest heading before it (成都：); never one a sentence of an earlier paragraph
    merely names."""
    index = bisect.bisect_right([start for start, _, _ in openers], position) - 1
    if index < 0:
        return None
    if openers[index][1]:
        return openers[index][1]
    return next((code for _, code, heading in reversed(openers[:index]) if code and heading), None)


def rule_baseline(row: dict[str, float | str]) -> int:
    """Designation when the phrase or its clause has an external cue, a foreign place or a
    direction of opening, no domestic cue in the phrase, and the phrase is neither a national
    corridor, nor what the province takes part in, nor a modifier of another head."""
    external = row["external_in_phrase"] or row["foreign_place_in_phrase"] or row["direction_in_phrase"] or row["belt_and_road_in_phrase"]
    excluded = row["domestic_in_phrase"] or row["national_corridor"] or row["taking_part"] or row["modifies_head"]
    return int(bool((external or row["external_in_clause"]) and not excluded))


def is_designation(candidate: Candidate, threshold: float = THRESHOLD) -> bool:
    """The classifier accepts it and a province claims it."""
    return candidate.score >= threshold and bool(candidate.provinces)
