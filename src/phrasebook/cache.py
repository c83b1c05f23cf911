"""A small cache in the user's cache folder, for work that depends only on content that
has a version (a lexicon that passed its check, say).

The folder is $PHRASEBOOK_CACHE, else $XDG_CACHE_HOME/phrasebook, else
~/.cache/phrasebook. Entries are named by the version they stand for, so a new version
never reads an old entry. The cache is an optimisation only: when the folder cannot be
written, the work is simply done again next time.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    configured = os.environ.get("PHRASEBOOK_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "phrasebook"


def has_marker(kind: str, key: str) -> bool:
    """True when ``mark(kind, key)`` was called before (in this cache folder)."""
    return (cache_dir() / kind / key).is_file()


def mark(kind: str, key: str) -> None:
    """Remember that ``key`` of ``kind`` is done; silently skipped where the cache is not writable."""
    folder = cache_dir() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).touch()
    except OSError:
        pass
