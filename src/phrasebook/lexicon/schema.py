"""The lexicon's schema: one pydantic model per kind of YAML file.

Lexicon files arrive through pull requests, so every field is validated before use and
unknown keys are refused (a misspelt ``not_insde`` must fail loudly, not be ignored).
The field docs below are the schema's documentation; ``phrasebook lexicon schema``
prints it as JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RoleClass = Literal[
    "radiation_center",
    "hub",
    "core_area",
    "window",
    "channel",
    "bridgehead",
    "base",
    "highland",
    "gateway",
    "pivot",
    "frontier",
    "node",
]
Family = Literal[
    "leverage_advantage",
    "opening_up",
    "periphery_diplomacy",
    "global_doctrine",
    "local_foreign_affairs",
    "sister_relations",
    "role_designation",
    "conferences",
    "platforms",
]

ROLE_CLASSES: tuple[str, ...] = get_args(RoleClass)

SLUG = r"^[a-z][a-z0-9_]*$"
PROVINCE_CODE = r"^CN-[A-Z]{2}$"
ALPHA2 = r"^[A-Z]{2}$"
REGION_ID = r"^[A-Za-z][A-Za-z0-9_]*$"


class Strict(BaseModel):
    """Base model: unknown keys are errors, strings are kept exactly as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where a formulation or designation is attested."""

    title: str = Field(description="Title of the document, in the original language.")
    issuer: str = Field(description="Who issued it (State Council, 云南省人民政府, ...).")
    date: str = Field(
        description="Date or year of the document: YYYY, YYYY-MM or YYYY-MM-DD.",
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
    )
    doc: str | None = Field(
        default=None,
        description="Document id in the reference corpus (MANIFEST.tsv `id`), if it is there.",
    )
    url: str | None = Field(default=None, description="Where the document is published.")

    @model_validator(mode="after")
    def _locatable(self) -> Source:
        if not self.doc and not self.url:
            raise ValueError("a source needs a corpus document id (doc) or a url")
        return self


class PositiveExample(Strict):
    """A sentence in which the entry must be found, at the named span."""

    text: str = Field(description="The sentence, as it stands in the source.")
    match: str = Field(description="The exact substring the entry must match.")
    occurrence: int = Field(
        default=1, ge=1, description="Which occurrence of `match` in `text` is meant (1 = first)."
    )

    @model_validator(mode="after")
    def _span_in_text(self) -> PositiveExample:
        if self.text.count(self.match) < self.occurrence:
            raise ValueError(
                f"match {self.match!r} does not occur {self.occurrence} time(s) in the text"
            )
        return self

    @property
    def span(self) -> tuple[int, int]:
        start = -1
        for _ in range(self.occurrence):
            start = self.text.index(self.match, start + 1)
        return start, start + len(self.match)


class Examples(Strict):
    positive: list[PositiveExample] = Field(default_factory=list)
    negative: list[str] = Field(
        default_factory=list, description="Sentences in which the entry must not be found."
    )


class ContextRules(Strict):
    """Rules that veto a match by what surrounds it (all plain strings, no regexes).

    - ``not_inside``: longer strings containing the surface; a match lying inside an
      occurrence of one of them is dropped (美国 not inside 欧美国家).
    - ``not_before``: the match is dropped when the text right after it starts with one
      of these (中非 not before 合作论坛 is left to the region entry).
    - ``not_after``: the match is dropped when the text right before it ends with one
      of these (枢纽 not after 水利).
    """

    not_inside: list[str] = Field(default_factory=list)
    not_before: list[str] = Field(default_factory=list)
    not_after: list[str] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.not_inside or self.not_before or self.not_after)


class Formulation(ContextRules):
    """One official formulation (提法) and its surface forms."""

    id: str = Field(pattern=SLUG, description="Stable ascii slug; never reused once retired.")
    zh: str = Field(min_length=1, description="Canonical simplified-Chinese form.")
    en: str = Field(min_length=1, description="English gloss.")
    variants: list[str] = Field(
        default_factory=list,
        description="Other simplified surface forms. Traditional forms are derived, never listed.",
    )
    patterns: list[str] = Field(
        default_factory=list,
        description="Slot templates (see lexicon/README.md), e.g. 发挥{PLACE}?{ANY:0-6}优势.",
    )
    role: RoleClass | None = Field(
        default=None,
        description="Role class: required on role_designation entries, allowed on any entry naming a role.",
    )
    priority: int = Field(
        default=0,
        description="Declared precedence when another entry claims the same surface form.",
    )
    shadows: list[str] = Field(
        default_factory=list,
        description="Ids of formulations with a form inside a form of this one, where matching reports this one by design "
        "(一带一路 inside “一带一路”交汇点): the shadowing is acknowledged and `lexicon check` no longer warns about it.",
    )
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    sources: list[Source] = Field(min_length=1)
    examples: Examples
    notes: str = ""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Formulation:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("valid_from is after valid_to")
        return self

    @property
    def surfaces(self) -> list[str]:
        return [self.zh, *self.variants]


class FormulationFile(Strict):
    """``lexicon/formulations/<family>.yaml``: one family of formulations."""

    family: Family
    description: str
    entries: list[Formulation] = Field(min_length=1)


class NamedPlace(ContextRules):
    """What every place of the lexicon has: names, English, examples, notes."""

    zh: str = Field(description="Name as usually written.")
    en: str
    aliases: list[str] = Field(default_factory=list, description="Other names matched on their own.")
    examples: Examples = Field(default_factory=Examples)
    notes: str = ""

    @property
    def surfaces(self) -> list[str]:
        return [self.zh, *self.aliases]


class Province(NamedPlace):
    """A provincial-level division of the PRC (``zh`` is the full name: 云南省, 广西壮族自治区)."""

    id: str = Field(pattern=PROVINCE_CODE, description="ISO 3166-2:CN code, e.g. CN-YN.")
    short: str = Field(description="Short name: 云南, 广西.")
    abbreviation: str = Field(
        min_length=1,
        max_length=1,
        description="One-character abbreviation (滇); matched only in explicit contexts.",
    )
    capital: str
    division: Literal["province", "autonomous_region", "municipality", "sar"]
    border: Literal["land", "maritime", "both", "none"]
    land_neighbours: list[str] = Field(default_factory=list, description="ISO alpha-2 codes.")
    maritime_neighbours: list[str] = Field(default_factory=list, description="ISO alpha-2 codes.")

    @field_validator("land_neighbours", "maritime_neighbours")
    @classmethod
    def _alpha2(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if not re.match(ALPHA2, code):
                raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
        return codes

    @property
    def surfaces(self) -> list[str]:
        return [self.zh, self.short, *self.aliases]


class AbbreviationContexts(Strict):
    """Where a one-character province abbreviation counts as a mention (援疆, 驻滇)."""

    before: list[str] = Field(description="Words that may stand right before the abbreviation.")
    not_led: list[str] = Field(
        default_factory=list,
        description="Word-and-abbreviation pairs that are not read, because they usually name somewhere else (访蒙 is a visit to Mongolia).",
    )
    examples: Examples


class ProvinceFile(Strict):
    """``lexicon/places/provinces.yaml``."""

    abbreviation_contexts: AbbreviationContexts
    provinces: list[Province] = Field(min_length=1)


class City(NamedPlace):
    """A prefecture-level city or a border or port town, mapped to its province."""

    id: str = Field(pattern=SLUG)
    province: str = Field(pattern=PROVINCE_CODE)
    port: bool = Field(default=False, description="A border crossing or seaport of note.")


class CityFile(Strict):
    """``lexicon/places/cities.yaml``."""

    cities: list[City] = Field(min_length=1)


class Region(NamedPlace):
    """A world region or grouping that provinces are pointed towards."""

    id: str = Field(pattern=REGION_ID)
    members: list[str] = Field(default_factory=list, description="ISO alpha-2 member codes.")


class RegionFile(Strict):
    """``lexicon/places/regions.yaml``."""

    regions: list[Region] = Field(min_length=1)


class CountryCuration(ContextRules):
    """Curated additions to CLDR's Chinese name of one country."""

    code: str = Field(pattern=ALPHA2)
    aliases: list[str] = Field(
        default_factory=list, description="Long official and PRC short forms CLDR lacks."
    )
    drop_cldr_name: bool = Field(
        default=False, description="Do not match CLDR's name on its own (it is ambiguous)."
    )
    examples: Examples = Field(default_factory=Examples)
    notes: str = ""


class Compound(ContextRules):
    """A bilateral compound or one-character form such as 中越 or 中老铁路."""

    id: str = Field(pattern=SLUG)
    zh: str
    countries: list[str] = Field(default_factory=list, description="Alpha-2 codes it may mean.")
    regions: list[str] = Field(default_factory=list, description="Region ids it may mean.")
    ambiguous: bool = Field(
        default=False, description="It names several candidates, one of which is meant (中巴: PK or BR)."
    )
    joint: bool = Field(default=False, description="It names several partners, all of them meant (中蒙俄).")
    examples: Examples
    notes: str = ""

    @model_validator(mode="after")
    def _refers(self) -> Compound:
        if not self.countries and not self.regions:
            raise ValueError("a compound must name at least one country or region")
        several = len(self.countries) + len(self.regions) > 1
        if several and self.ambiguous == self.joint:
            raise ValueError("a compound naming several partners sets exactly one of ambiguous (one is meant) or joint (all are)")
        if not several and (self.ambiguous or self.joint):
            raise ValueError("ambiguous and joint are for compounds naming several partners")
        return self


class CountryFile(Strict):
    """``lexicon/places/countries.yaml``: curation layered over CLDR names."""

    exclude: list[str] = Field(
        default_factory=list,
        description="CLDR territory codes that are not foreign countries (CN, HK, MO, TW, ...).",
    )
    curated: list[CountryCuration] = Field(default_factory=list)
    compounds: list[Compound] = Field(default_factory=list)


class Designation(Strict):
    """A known official designation of a province's role toward a region."""

    id: str = Field(pattern=SLUG)
    province: str = Field(pattern=PROVINCE_CODE)
    role: RoleClass
    region: str | None = Field(default=None, description="Region id or direction, if any.")
    wording: str = Field(description="The official wording, as in the source.")
    year: int = Field(ge=1949, le=2100)
    source: Source
    notes: str = ""


class DesignationFile(Strict):
    """``lexicon/designations.yaml``: the registry of known designations."""

    designations: list[Designation] = Field(min_length=1)


class SlotFile(Strict):
    """``lexicon/slots.yaml``: closed word lists that slot templates may name."""

    slots: dict[str, list[str]]

    @field_validator("slots")
    @classmethod
    def _names(cls, slots: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, words in slots.items():
            if not re.match(r"^[A-Z][A-Z_]*$", name):
                raise ValueError(f"slot name {name!r} must be upper-case letters")
            if not words:
                raise ValueError(f"slot {name} is empty")
        return slots


class RoleVocabularyFile(Strict):
    """``lexicon/roles.yaml``: the words from which role candidates are found and judged.

    Every occurrence of a head is a candidate (not only lexicon entries); the other lists
    delimit the designation phrase and give the classifier its cues. All are plain words.
    """

    heads: dict[RoleClass, list[str]] = Field(description="Heads of each role class (compound heads too: 门户枢纽 is a hub).")
    not_heads: list[str] = Field(default_factory=list, description="Words that hold a head but are another word (宅基地): no candidate inside them.")
    suffixes: list[str] = Field(description="Words that extend a head on its right and belong to the phrase (城市 in 节点城市).")
    openers: list[str] = Field(description="Verbs that introduce a phrase: the phrase starts after them (建设, 打造, 成为 ...).")
    joiners: list[str] = Field(description="Conjunctions that end a phrase on its left unless a place follows them (和, 及 ...).")
    external_cues: list[str] = Field(description="Words that make a role face outside China (国际, 开放, 跨境, 一带一路 ...).")
    domestic_cues: list[str] = Field(description="Words of the domestic senses (国内, 长三角, 粮食, 人才 ...).")
    facility_words: list[str] = Field(description="Words that make a designation a facility rather than the province (物流, 港, 机场 ...).")
    belt_and_road: list[str] = Field(description="Names of the Belt and Road routes: a phrase naming one targets region belt_and_road.")
    taking_part: list[str] = Field(default_factory=list, description="Verbs of taking part in something that exists already (融入, 对接, 用好 ...): its role is not the province's.")
    national_corridors: list[str] = Field(default_factory=list, description="Names of national corridors that provinces join (西部陆海新通道): naming one designates no province.")

    @model_validator(mode="after")
    def _words(self) -> RoleVocabularyFile:
        lists = {"suffixes": self.suffixes, "openers": self.openers, "joiners": self.joiners, "external_cues": self.external_cues,
                 "domestic_cues": self.domestic_cues, "facility_words": self.facility_words, "belt_and_road": self.belt_and_road}
        lists.update({f"heads.{role}": words for role, words in self.heads.items()})
        optional = {"taking_part": self.taking_part, "national_corridors": self.national_corridors}
        for name, words in {**lists, **optional}.items():
            if not words and name not in optional:
                raise ValueError(f"{name} is empty")
            for word in words:
                if not word or any(ch.isspace() for ch in word):
                    raise ValueError(f"{name}: {word!r} must be a word without spaces")
        missing = [role for role in ROLE_CLASSES if role not in self.heads]
        if missing:
            raise ValueError(f"heads are missing for {', '.join(missing)}")
        return self


class PartnerVocabularyFile(Strict):
    """``lexicon/partners.yaml``: what makes a mention of a foreign country a partner, or not."""

    adversarial_cues: list[str] = Field(description="Words that make a country named in the same clause an adversary, not a partner.")
    comparison_cues: list[str] = Field(description="Words right before a country that compare rather than engage (超过日本).")
    foreign_abbreviations: dict[str, str] = Field(description="One-character names of foreign parties in chains (俄: RU, 欧: europe).")
    chinese_abbreviations: list[str] = Field(description="One-character names of Chinese parties in chains (中, 滇, 桂, 渝 ...).")
    city_abbreviations: list[str] = Field(default_factory=list, description="Cities' one-character names, counted only in chains of three or more (渝满俄).")
    cooperation_words: list[str] = Field(description="Words after a chain that make it a compound of cooperation (班列, 合作, 三国 ...).")
    organisations: dict[str, str] = Field(
        default_factory=dict, description="International organisations named as partners of events: name as written → lower-case partner id."
    )
    list_names: dict[str, str] = Field(
        default_factory=dict,
        description="Compounds that are a country's short name as an item of a list of countries (中非: CF in 尼泊尔、中非、越南).",
    )

    @model_validator(mode="after")
    def _one_character_names(self) -> PartnerVocabularyFile:
        for name in [*self.foreign_abbreviations, *self.chinese_abbreviations, *self.city_abbreviations]:
            if len(name) != 1:
                raise ValueError(f"abbreviation {name!r} must be one character")
        for name, partner in self.organisations.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", partner):
                raise ValueError(f"organisations: {name}: {partner!r} must be a lower-case id (letters, digits, _)")
        return self
