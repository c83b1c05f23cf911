"""The loaded lexicon as the matcher sees it: one flat list of entries of every kind."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from phrasebook.errors import UsageError
from phrasebook.lexicon.schema import ContextRules, Designation, Examples, PartnerVocabularyFile, RoleVocabularyFile

Kind = Literal["formulation", "province", "city", "country", "region", "compound"]
KINDS: tuple[Kind, ...] = ("formulation", "province", "city", "country", "region", "compound")


@dataclass(frozen=True)
class Origin:
    """Where an entry was written (file and line), for messages that point at it."""

    path: Path
    line: int


@dataclass(frozen=True)
class Entry:
    """Anything the matcher finds: a formulation, a place, a bilateral compound.

    ``surfaces`` are literal forms; ``led_surfaces`` are forms that count only after a
    context word, as (form with its context word, length of the context word), used for
    one-character province abbreviations (援疆 reports 疆); ``patterns`` are slot templates.
    ``refers_to`` holds the codes a place entry stands for: a city's province, a
    country's alpha-2 code, a compound's candidate countries and regions. ``shadows``
    holds the formulations whose forms lie inside this one's, acknowledged as intended.
    """

    id: str
    kind: Kind
    canonical: str
    en: str
    family: str
    surfaces: tuple[str, ...]
    rules: ContextRules
    origin: Origin
    examples: Examples = field(default_factory=Examples)
    patterns: tuple[str, ...] = ()
    led_surfaces: tuple[tuple[str, int], ...] = ()
    priority: int = 0
    role: str | None = None
    refers_to: tuple[str, ...] = ()
    ambiguous: bool = False
    joint: bool = False
    shadows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """Every entry, the designation registry, the slot lists, the role vocabulary and the
    content version."""

    root: Path
    entries: tuple[Entry, ...]
    designations: tuple[Designation, ...]
    slots: dict[str, tuple[str, ...]]
    version: str
    abbreviation_examples: Examples = field(default_factory=Examples)
    abbreviation_origin: Origin | None = None
    roles: RoleVocabularyFile | None = None
    partners: PartnerVocabularyFile | None = None

    def get(self, entry_id: str) -> Entry:
        """The entry with this id; a :class:`UsageError` naming the nearest ids otherwise."""
        entry = self._by_id.get(entry_id)
        if entry is not None:
            return entry
        close = difflib.get_close_matches(entry_id, [e.id for e in self.entries], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"no lexicon entry with id {entry_id!r}{hint}")

    @cached_property
    def _by_id(self) -> dict[str, Entry]:
        """The first entry of each id (the check refuses a second)."""
        found: dict[str, Entry] = {}
        for entry in self.entries:
            found.setdefault(entry.id, entry)
        return found

    def of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def of_family(self, family: str) -> list[Entry]:
        return [e for e in self.entries if e.family == family]
