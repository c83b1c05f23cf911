"""Where the bundled default corpus lives (the folder `corpus/` beside the lexicon)."""

from __future__ import annotations

import os
from pathlib import Path


def default_corpus_dir() -> Path:
    """$PHRASEBOOK_CORPUS, else the `corpus/` folder of this source tree."""
    configured = os.environ.get("PHRASEBOOK_CORPUS")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "corpus"
