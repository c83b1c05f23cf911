"""The lexicon: schema, safe loading, checks and statistics.

``load_lexicon`` (which checks what it loads) lives in :mod:`phrasebook.lexicon.check`,
above the matcher that the checks run; it is imported when first asked for, so that the
matcher can import the lexicon's model from here without a circle."""

from typing import Any

from phrasebook.lexicon.load import default_lexicon_dir
from phrasebook.lexicon.model import Entry, Lexicon

__all__ = ["Entry", "Lexicon", "default_lexicon_dir", "load_lexicon"]


def __getattr__(name: str) -> Any:
    if name == "load_lexicon":
        from phrasebook.lexicon.check import load_lexicon

        return load_lexicon
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
