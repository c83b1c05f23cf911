"""The pkuseg model phrasebook segments with: where it is, and how it is loaded without
a single pickle.

spacy-pkuseg ships no model, and phrasebook downloads nothing at run time. ``phrasebook
setup pkuseg`` (:mod:`phrasebook.pkuseg_setup`) installs, once, the default model of the
pkuseg package into the user's cache folder (``$PHRASEBOOK_CACHE``, else
``$XDG_CACHE_HOME/phrasebook``, else ``~/.cache/phrasebook``), converted to what
spacy-pkuseg reads: ``features.msgpack`` and ``weights.npz``, plus its post-processing
dictionary as a word list (``postprocess.txt``). ``$PHRASEBOOK_PKUSEG_MODEL`` names another
model folder (spaCy's spacy_ontonotes, unpacked, say) and takes precedence.

Two things in spacy-pkuseg would unpickle: a model folder without ``features.msgpack``
makes it fall back to ``features.pkl``, and its default dictionary is a pickle of its own.
So a folder without ``features.msgpack`` and ``weights.npz`` is refused, and the segmenter
is built without the pickled dictionary and given the word list instead, by setting the
three attributes of its post-processor that spaCy itself restores when it loads a
serialised pkuseg tokenizer (``do_process``, ``common_words``, ``other_words``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from phrasebook.cache import cache_dir
from phrasebook.errors import SegmenterUnavailable

PKUSEG_MODEL_ENV = "PHRASEBOOK_PKUSEG_MODEL"
MODEL_NAME = "pkuseg-0.0.25-default"
REQUIRED_FILES = ("features.msgpack", "weights.npz")
DICTIONARY_FILE = "postprocess.txt"


def installed_dir() -> Path:
    """Where ``phrasebook setup pkuseg`` puts the model (in the user's cache folder)."""
    return cache_dir() / "pkuseg" / MODEL_NAME


def is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED_FILES)


def model_dir() -> Path:
    """The model folder in use: ``$PHRASEBOOK_PKUSEG_MODEL``, else the installed one.

    Raises :class:`SegmenterUnavailable` (a usage error) saying how to get one when the
    folder lacks the files spacy-pkuseg reads without unpickling.
    """
    configured = os.environ.get(PKUSEG_MODEL_ENV)
    folder = Path(configured) if configured else installed_dir()
    if is_complete(folder):
        return folder
    missing = ", ".join(name for name in REQUIRED_FILES if not (folder / name).is_file())
    where = f"{PKUSEG_MODEL_ENV}={configured}" if configured else str(folder)
    raise SegmenterUnavailable(
        f"no pkuseg model at {where} (missing {missing}): run `phrasebook setup pkuseg` once (it fetches the pkuseg "
        f"package's model from PyPI), or set {PKUSEG_MODEL_ENV} to a model folder, or use --segmenter jieba"
    )


def load_segmenter(folder: Path | str | None = None) -> Any:
    """A spacy_pkuseg segmenter over the model in ``folder`` (default: the one in use),
    loaded once per folder."""
    return _load(str(folder) if folder is not None else str(model_dir()))


@lru_cache(maxsize=2)
def _load(folder: str) -> Any:
    import spacy_pkuseg

    if not is_complete(Path(folder)):
        raise SegmenterUnavailable(f"{folder}: not a pkuseg model folder (it needs {' and '.join(REQUIRED_FILES)})")

    segmenter = spacy_pkuseg.pkuseg(folder, user_dict=None)
    words = Path(folder) / DICTIONARY_FILE
    if words.is_file():
        post = segmenter.postprocesser
        post.do_process, post.common_words = True, set()
        post.other_words = set(words.read_text(encoding="utf-8").split("\n")) - {""}
    return segmenter
