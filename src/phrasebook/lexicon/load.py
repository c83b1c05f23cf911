"""Read the lexicon folder into a validated :class:`Lexicon`.

Every file is parsed with the safe loader and validated against its schema; problems are
collected with their ``path:line`` rather than raised one at a time, so that a lexicon
editor sees everything that is wrong in one run.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TypeVar

from babel import Locale
from pydantic import BaseModel, ValidationError

from phrasebook.errors import Problem
from phrasebook.language import DIRECTIONS
from phrasebook.lexicon.countries import cldr_country_names, cldr_version
from phrasebook.lexicon.model import Entry, Kind, Lexicon, Origin
from phrasebook.lexicon.schema import (
    CityFile,
    ContextRules,
    CountryFile,
    DesignationFile,
    Examples,
    FormulationFile,
    NamedPlace,
    PartnerVocabularyFile,
    ProvinceFile,
    RegionFile,
    RoleVocabularyFile,
    SlotFile,
)
from phrasebook.lexicon.yamlsafe import YamlDocument, load_yaml

_SCHEMAS: dict[str, type[BaseModel]] = {
    "places/provinces.yaml": ProvinceFile,
    "places/cities.yaml": CityFile,
    "places/regions.yaml": RegionFile,
    "places/countries.yaml": CountryFile,
    "designations.yaml": DesignationFile,
    "slots.yaml": SlotFile,
    "roles.yaml": RoleVocabularyFile,
    "partners.yaml": PartnerVocabularyFile,
}
M = TypeVar("M", bound=BaseModel)


def file_schema(relative: str) -> type[BaseModel] | None:
    """The schema of the lexicon file at ``relative`` (a path inside the lexicon folder), or
    None for a file the lexicon does not know."""
    if relative.startswith("formulations/") and relative.endswith(".yaml"):
        return FormulationFile
    return _SCHEMAS.get(relative)


def default_lexicon_dir() -> Path:
    """The lexicon in use: $PHRASEBOOK_LEXICON, else the one beside this source tree."""
    configured = os.environ.get("PHRASEBOOK_LEXICON")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "lexicon"


def read_lexicon(root: Path) -> tuple[Lexicon | None, list[Problem]]:
    """Load what can be loaded and return it with every problem found on the way."""
    if not root.is_dir():
        return None, [Problem(root, 0, "lexicon folder not found")]
    problems: list[Problem] = []
    models: dict[str, tuple[BaseModel, YamlDocument]] = {}
    formulation_files: list[tuple[FormulationFile, YamlDocument]] = []
    for path in sorted(root.rglob("*.y*ml")):
        relative = path.relative_to(root).as_posix()
        schema = file_schema(relative)
        if schema is None:
            problems.append(Problem(path, 1, "unknown lexicon file (see lexicon/README.md)"))
            continue
        parsed = _validated(path, schema, problems)
        if parsed is None:
            continue
        if isinstance(parsed[0], FormulationFile):
            formulation_files.append(parsed)  # type: ignore[arg-type]
        else:
            models[relative] = parsed
    for required in _SCHEMAS:
        if not (root / required).exists():
            problems.append(Problem(root / required, 0, "required lexicon file is missing"))
    if problems:
        return None, problems
    return _assemble(root, formulation_files, models, problems), problems


def _validated(path: Path, schema: type[M], problems: list[Problem]) -> tuple[M, YamlDocument] | None:
    document, load_problems = load_yaml(path)
    problems += load_problems
    if document is None:
        return None
    try:
        return schema.model_validate(document.data), document
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            where = ".".join(str(part) for part in loc) or "(top level)"
            problems.append(Problem(path, document.line_of(loc), f"{where}: {error['msg']}"))
        return None


def _assemble(
    root: Path,
    formulation_files: list[tuple[FormulationFile, YamlDocument]],
    models: dict[str, tuple[BaseModel, YamlDocument]],
    problems: list[Problem],
) -> Lexicon:
    provinces, provinces_doc = models["places/provinces.yaml"]
    cities, cities_doc = models["places/cities.yaml"]
    regions, regions_doc = models["places/regions.yaml"]
    countries, countries_doc = models["places/countries.yaml"]
    designations, designations_doc = models["designations.yaml"]
    slots, _ = models["slots.yaml"]
    role_vocabulary, _ = models["roles.yaml"]
    partner_vocabulary, partners_doc = models["partners.yaml"]
    assert isinstance(provinces, ProvinceFile) and isinstance(cities, CityFile)
    assert isinstance(regions, RegionFile) and isinstance(countries, CountryFile)
    assert isinstance(designations, DesignationFile) and isinstance(slots, SlotFile)
    assert isinstance(role_vocabulary, RoleVocabularyFile) and isinstance(partner_vocabulary, PartnerVocabularyFile)

    entries: list[Entry] = []
    for model, document in formulation_files:
        for i, item in enumerate(model.entries):
            entries.append(
                Entry(
                    id=item.id,
                    kind="formulation",
                    canonical=item.zh,
                    en=item.en,
                    family=model.family,
                    surfaces=tuple(item.surfaces),
                    patterns=tuple(item.patterns),
                    rules=_rules(item),
                    priority=item.priority,
                    role=item.role,
                    shadows=tuple(item.shadows),
                    examples=item.examples,
                    origin=Origin(document.path, document.line_of(("entries", i))),
                )
            )
            if model.family == "role_designation" and item.role is None:
                problems.append(
                    Problem(document.path, document.line_of(("entries", i)), f"{item.id}: role designation without a role")
                )
    contexts = provinces.abbreviation_contexts
    not_led = set(contexts.not_led)
    problems += _stray_not_led(provinces, provinces_doc)
    for i, province in enumerate(provinces.provinces):
        entries.append(
            _place_entry(
                "province", province, province.id, (province.id,), Origin(provinces_doc.path, provinces_doc.line_of(("provinces", i))),
                led_surfaces=tuple(
                    (word + province.abbreviation, len(word)) for word in contexts.before if word + province.abbreviation not in not_led
                ),
            )
        )
    province_codes = {p.id for p in provinces.provinces}
    for i, city in enumerate(cities.cities):
        origin = Origin(cities_doc.path, cities_doc.line_of(("cities", i)))
        if city.province not in province_codes:
            problems.append(Problem(origin.path, origin.line, f"{city.id}: unknown province {city.province}"))
        entries.append(_place_entry("city", city, city.id, (city.province,), origin))
    for i, region in enumerate(regions.regions):
        origin = Origin(regions_doc.path, regions_doc.line_of(("regions", i)))
        entries.append(_place_entry("region", region, region.id, tuple(region.members), origin))
    names = cldr_country_names()
    english = Locale.parse("en").territories
    curated = {c.code: (c, i) for i, c in enumerate(countries.curated)}
    for code in curated:
        if code not in names:
            line = countries_doc.line_of(("curated", curated[code][1]))
            problems.append(Problem(countries_doc.path, line, f"{code} is not a CLDR territory code"))
    for code, name in names.items():
        if code in countries.exclude:
            continue
        curation, index = curated.get(code, (None, None))
        surfaces = [] if curation and curation.drop_cldr_name else [name]
        surfaces += curation.aliases if curation else []
        line = countries_doc.line_of(("curated", index)) if index is not None else 1
        entries.append(
            Entry(
                id=code,
                kind="country",
                canonical=name,
                en=english.get(code, code),
                family="country",
                surfaces=tuple(dict.fromkeys(surfaces)),
                rules=_rules(curation) if curation else ContextRules(),
                refers_to=(code,),
                examples=curation.examples if curation else Examples(),
                origin=Origin(countries_doc.path, line),
            )
        )
    region_ids = {r.id for r in regions.regions}
    for i, compound in enumerate(countries.compounds):
        origin = Origin(countries_doc.path, countries_doc.line_of(("compounds", i)))
        for code in compound.countries:
            if code not in names or code in countries.exclude:
                problems.append(Problem(origin.path, origin.line, f"{compound.id}: unknown country {code}"))
        for region_id in compound.regions:
            if region_id not in region_ids:
                problems.append(Problem(origin.path, origin.line, f"{compound.id}: unknown region {region_id}"))
        entries.append(
            Entry(
                id=compound.id,
                kind="compound",
                canonical=compound.zh,
                en=", ".join(compound.countries + compound.regions),
                family="compound",
                surfaces=(compound.zh,),
                rules=_rules(compound),
                refers_to=tuple(compound.countries + compound.regions),
                ambiguous=compound.ambiguous,
                joint=compound.joint,
                examples=compound.examples,
                origin=origin,
            )
        )
    for name, code in partner_vocabulary.foreign_abbreviations.items():
        if code not in names and code not in region_ids:
            line = partners_doc.line_of(("foreign_abbreviations", name))
            problems.append(Problem(partners_doc.path, line, f"foreign_abbreviations: {name}: {code} is neither a country code nor a region id"))
    compound_forms = {entry.canonical for entry in entries if entry.kind == "compound"}
    for name, code in partner_vocabulary.list_names.items():
        line = partners_doc.line_of(("list_names", name))
        if code not in names:
            problems.append(Problem(partners_doc.path, line, f"list_names: {name}: {code} is not a country code"))
        if name not in compound_forms:
            problems.append(Problem(partners_doc.path, line, f"list_names: {name} is no compound of places/countries.yaml, so it is never matched"))
    for i, designation in enumerate(designations.designations):
        line = designations_doc.line_of(("designations", i))
        if designation.province not in province_codes:
            problems.append(Problem(designations_doc.path, line, f"{designation.id}: unknown province {designation.province}"))
        if designation.region and designation.region not in region_ids and designation.region not in DIRECTIONS.values():
            problems.append(Problem(designations_doc.path, line, f"{designation.id}: unknown region {designation.region}"))
    return Lexicon(
        root=root,
        entries=tuple(entries),
        designations=tuple(designations.designations),
        slots={name: tuple(words) for name, words in slots.slots.items()},
        roles=role_vocabulary,
        partners=partner_vocabulary,
        version=_content_version(root, names),
        abbreviation_examples=provinces.abbreviation_contexts.examples,
        abbreviation_origin=Origin(provinces_doc.path, provinces_doc.line_of(("abbreviation_contexts",))),
    )


def _place_entry(
    kind: Kind, place: NamedPlace, entry_id: str, refers_to: tuple[str, ...], origin: Origin,
    led_surfaces: tuple[tuple[str, int], ...] = (),
) -> Entry:
    return Entry(
        id=entry_id, kind=kind, canonical=place.zh, en=place.en, family=kind, surfaces=tuple(place.surfaces),
        led_surfaces=led_surfaces, rules=_rules(place), refers_to=refers_to, examples=place.examples, origin=origin,
    )


def _stray_not_led(provinces: ProvinceFile, document: YamlDocument) -> list[Problem]:
    """A form in ``not_led`` that no context word and abbreviation make would veto nothing:
    most likely a typo, so it is an error at its line."""
    contexts = provinces.abbreviation_contexts
    known = {word + province.abbreviation for word in contexts.before for province in provinces.provinces}
    return [
        Problem(document.path, document.line_of(("abbreviation_contexts", "not_led", i)), f"abbreviation_contexts.not_led: {form} is no context word followed by an abbreviation")
        for i, form in enumerate(contexts.not_led)
        if form not in known
    ]


def _rules(item: ContextRules) -> ContextRules:
    """Only the context rules of an entry, without the rest of its fields."""
    return ContextRules(not_inside=item.not_inside, not_before=item.not_before, not_after=item.not_after)


def _content_version(root: Path, country_names: dict[str, str]) -> str:
    """A short hash of every lexicon file (annotations included) and of the CLDR names in use."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".txt", ".jsonl"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(cldr_version().encode())
    digest.update(json.dumps(country_names, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()[:12]
