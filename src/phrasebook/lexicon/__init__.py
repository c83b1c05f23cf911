"""The lexicon: schema, safe loading, checks and statistics."""

from phrasebook.lexicon.load import default_lexicon_dir, load_lexicon
from phrasebook.lexicon.model import Entry, Lexicon

__all__ = ["Entry", "Lexicon", "default_lexicon_dir", "load_lexicon"]
