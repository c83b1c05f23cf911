"""phrasebook: find and measure official Chinese political formulations in policy texts.

The data flow is read -> normalise -> match -> attribute -> aggregate -> report; each
stage is a subpackage or module of its own and takes and returns plain data.
"""

from phrasebook.api import (
    compare,
    docs,
    engagements,
    kwic,
    partners,
    roles,
    tag,
    tag_with_documents,
    track,
)
from phrasebook.lexicon import Entry, Lexicon, load_lexicon
from phrasebook.tagger import Tagger, TextMatch

__all__ = ["Entry", "Lexicon", "Tagger", "TextMatch", "compare", "docs", "engagements", "kwic", "load_lexicon", "partners", "roles", "tag", "tag_with_documents", "track"]
__version__ = "0.1.0"
