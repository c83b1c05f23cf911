"""Shared fixtures: the bundled lexicon, a matcher over it, and the reference corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from phrasebook.lexicon import Lexicon, default_lexicon_dir, load_lexicon
from phrasebook.match.matcher import Matcher

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session", autouse=True)
def fresh_cache(tmp_path_factory) -> Path:
    """A cache folder of the test session's own, so that nothing cached on this machine
    (a lexicon that passed its check, say) can hide a failure."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("PHRASEBOOK_CACHE", str(folder))
    yield folder
    patch.undo()


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon(default_lexicon_dir())


@pytest.fixture(scope="session")
def matcher(lexicon: Lexicon) -> Matcher:
    return Matcher(lexicon)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED_CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"reference corpus not found at {SHARED_CORPUS} (it sits beside the repository in CI)")
    return SHARED_CORPUS
