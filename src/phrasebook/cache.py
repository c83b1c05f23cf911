"""A small cache in the user's cache folder, for work that depends only on content that
has a version (a lexicon that passed its check, jieba's dictionary).

The folder is $PHRASEBOOK_CACHE, else $XDG_CACHE_HOME/phrasebook, else
~/.cache/phrasebook. Entries are named by the version they stand for, so a new version
never reads an old entry; they are written atomically, so a reader never sees half of
one. The cache is an optimisation only: when the folder cannot be written, or an entry
cannot be read, the work is simply done again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    configured = os.environ.get("PHRASEBOOK_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "phrasebook"


def read_cached(kind: str, key: str) -> str | None:
    """The text stored under ``kind``/``key``, or None when there is none (or it is unreadable)."""
    try:
        return (cache_dir() / kind / key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_cached(kind: str, key: str, text: str) -> None:
    """Store ``text`` under ``kind``/``key`` atomically; silently skipped where the cache is not writable."""
    folder = cache_dir() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}.")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, folder / key)
    except OSError:
        pass
