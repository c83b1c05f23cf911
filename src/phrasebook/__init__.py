"""phrasebook: find and measure official Chinese political formulations in policy texts.

The data flow is read -> normalise -> match -> attribute -> aggregate -> report; each
stage is a subpackage or module of its own and takes and returns plain data. In a
notebook, start with ``pb.Corpus(paths)``; ``pb.tag``, ``pb.roles`` ... are one-line
conveniences over it. Names are imported when first used, so that ``import phrasebook``
(and the command line's ``--help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from phrasebook.version import __version__ as __version__

_EXPORTS = {
    "Corpus": "phrasebook.corpus",
    "open_corpus": "phrasebook.store",
    "Entry": "phrasebook.lexicon",
    "Lexicon": "phrasebook.lexicon",
    "load_lexicon": "phrasebook.lexicon",
    "Tagger": "phrasebook.tagger",
    "TextMatch": "phrasebook.tagger",
    "PhrasebookError": "phrasebook.errors",
    "PhrasebookWarning": "phrasebook.errors",
    **{name: "phrasebook.api" for name in ("compare", "docs", "engagements", "events", "kwic", "partners", "roles", "tag", "tag_with_documents", "track")},
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ imports them
    from phrasebook.api import compare, docs, engagements, events, kwic, partners, roles, tag, tag_with_documents, track  # noqa: F401
    from phrasebook.corpus import Corpus  # noqa: F401
    from phrasebook.errors import PhrasebookError, PhrasebookWarning  # noqa: F401
    from phrasebook.lexicon import Entry, Lexicon, load_lexicon  # noqa: F401
    from phrasebook.store import open_corpus  # noqa: F401
    from phrasebook.tagger import Tagger, TextMatch  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'phrasebook' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
