"""The lexicon for neighbouring tools (``phrasebook lexicon export``): spaCy patterns,
a quanteda dictionary, a LIWC dictionary, a flat CSV.

The other tools match literal strings: none of them normalises a text first (traditional
script, full-width letters, wrapped lines), applies the context rules, or vetoes a short
place name that straddles a word boundary. Slot templates (``发挥{PLACE}?{ANY:0-6}优势``)
have no equivalent in spaCy's phrase patterns, quanteda's dictionaries or LIWC's word
lists; they are left out of those formats and the export says how many (as comments
where the format has them, else in :attr:`Exported.notes` for standard error). The CSV
holds everything: forms, templates and context rules.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from dataclasses import dataclass
from enum import Enum

from phrasebook.errors import UsageError
from phrasebook.lexicon.layout import dump
from phrasebook.lexicon.model import Entry, Lexicon
from phrasebook.output import csv_cell


class ExportFormat(str, Enum):
    spacy = "spacy"
    quanteda = "quanteda"
    liwc = "liwc"
    csv = "csv"


def export_format(name: str) -> ExportFormat:
    """The format called ``name``; a :class:`UsageError` listing the formats otherwise."""
    try:
        return ExportFormat(name)
    except ValueError:
        raise UsageError(f"--format {name}: choose {', '.join(f.value for f in ExportFormat)}") from None


SUFFIXES = {ExportFormat.spacy: (".jsonl",), ExportFormat.quanteda: (".yml", ".yaml"), ExportFormat.liwc: (".dic",), ExportFormat.csv: (".csv",)}
"""The file suffixes each format is written to."""
CSV_COLUMNS = ["entry_id", "kind", "family", "form", "form_type", "en", "role", "priority", "not_inside", "not_before", "not_after"]


@dataclass(frozen=True)
class Exported:
    """The file's text, how many entries and literal forms it holds, and what the format
    could not hold (one line each)."""

    text: str
    entries: int
    forms: int
    notes: list[str]


def export_lexicon(lexicon: Lexicon, *, format: ExportFormat, places: bool = False) -> Exported:
    """The formulations of ``lexicon`` (and its places, with ``places``) in ``format``."""
    entries = [entry for entry in lexicon.entries if places or entry.kind == "formulation"]
    notes = [] if format is ExportFormat.csv else _left_out(entries, format)
    forms = sum(len(_forms(entry)) for entry in entries)
    if format is ExportFormat.spacy:
        text = "".join(json.dumps({"label": entry.id, "pattern": form}, ensure_ascii=False) + "\n" for entry in entries for form in _forms(entry))
        return Exported(text, len(entries), forms, notes)
    if format is ExportFormat.quanteda:
        return Exported(_quanteda(entries, lexicon.version, notes), len(entries), forms, notes)
    if format is ExportFormat.liwc:
        return Exported(_liwc(entries), len(entries), forms, notes)
    return Exported(_csv(entries), len(entries), forms, notes)


def _forms(entry: Entry) -> list[str]:
    return list(dict.fromkeys(entry.surfaces))


def _left_out(entries: list[Entry], format: ExportFormat) -> list[str]:
    """What ``format`` cannot express, counted."""
    notes = []
    templated = [entry for entry in entries if entry.patterns]
    if templated:
        templates = sum(len(entry.patterns) for entry in templated)
        notes.append(
            f"{templates} slot templates of {len(templated)} entries are left out ({format.value} matches literal strings only): "
            + ", ".join(entry.id for entry in templated)
        )
    ruled = [entry for entry in entries if not entry.rules.empty]
    if ruled:
        notes.append(f"{len(ruled)} entries have context rules (not_inside, not_before, not_after) that {format.value} does not apply")
    led = [entry for entry in entries if entry.led_surfaces]
    if led:
        notes.append(f"{len(led)} one-character province abbreviations, matched only after a context word (援疆), are left out")
    notes.append("forms are simplified, with one kind of dash (—); phrasebook normalises a text (script, dashes, widths) before matching, this format does not")
    return notes


def _quanteda(entries: list[Entry], version: str, notes: list[str]) -> str:
    """family -> entry id -> forms, as ``quanteda::dictionary(file = ...)`` reads it."""
    tree: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        tree.setdefault(entry.family, {})[entry.id] = _forms(entry)
    header = [
        f"phrasebook lexicon {version}: family -> entry -> forms, for quanteda::dictionary().",
        "A form holds no spaces: segment texts so that each form is one token (or compound them with tokens_compound()).",
        *notes,
    ]
    return dump(tree, header=[line for note in header for line in textwrap.wrap(note, 98, break_long_words=False)])


def _liwc(entries: list[Entry]) -> str:
    """A LIWC dictionary: the families are the categories, each form lists its families."""
    families = list(dict.fromkeys(entry.family for entry in entries))
    number = {family: index for index, family in enumerate(families, 1)}
    categories: dict[str, list[int]] = {}
    for entry in entries:
        for form in _forms(entry):
            numbers = categories.setdefault(form, [])
            if number[entry.family] not in numbers:
                numbers.append(number[entry.family])
    lines = ["%", *(f"{number[family]}\t{family}" for family in families), "%"]
    lines += ["\t".join([form, *map(str, sorted(numbers))]) for form, numbers in categories.items()]
    return "\n".join(lines) + "\n"


def _csv(entries: list[Entry]) -> str:
    """One row per form and per template, with the entry's gloss, role and context rules."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        rules = [csv_cell(list(entry.rules.not_inside)), csv_cell(list(entry.rules.not_before)), csv_cell(list(entry.rules.not_after))]
        shared = [entry.en, entry.role or "", entry.priority, *rules]
        for form in _forms(entry):
            writer.writerow([entry.id, entry.kind, entry.family, form, "canonical" if form == entry.canonical else "variant", *shared])
        for template in entry.patterns:
            writer.writerow([entry.id, entry.kind, entry.family, template, "template", *shared])
    return buffer.getvalue()
