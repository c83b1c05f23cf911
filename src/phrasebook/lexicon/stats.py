"""Counts of the lexicon by kind and family, for ``phrasebook lexicon stats``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from phrasebook.lexicon.model import Lexicon


def lexicon_stats(lexicon: Lexicon) -> dict[str, Any]:
    kinds = Counter(entry.kind for entry in lexicon.entries)
    families = Counter(entry.family for entry in lexicon.of_kind("formulation"))
    return {
        "version": lexicon.version,
        "formulations": kinds["formulation"],
        "provinces": kinds["province"],
        "cities": kinds["city"],
        "countries": kinds["country"],
        "regions": kinds["region"],
        "compounds": kinds["compound"],
        "designations": len(lexicon.designations),
        "patterns": sum(len(entry.patterns) for entry in lexicon.entries),
        "surface_forms": sum(len(entry.surfaces) for entry in lexicon.entries),
        "families": dict(sorted(families.items())),
    }
