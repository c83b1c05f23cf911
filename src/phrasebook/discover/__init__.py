"""Discovery: candidates for new lexicon entries, found in the texts of one pass.

Three sources, each in a module of its own: what fills the slots of the lexicon's
templates and of role frames (frames.py), the recurring tails of outward-facing
designation phrases (phrases.py), and n-grams that rise sharply from one period to the
next (ngrams.py). candidates.py ranks them into one table with their evidence; drafts.py
writes the best as draft lexicon entries for an editor, never into the lexicon itself.
"""

from phrasebook.discover.candidates import CHRONOLOGICAL, DISCOVER_COLUMNS, SOURCES, discover

__all__ = ["CHRONOLOGICAL", "DISCOVER_COLUMNS", "SOURCES", "discover"]
