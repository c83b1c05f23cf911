"""Shared fixtures: the bundled lexicon, a matcher over it, and the reference corpus."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from phrasebook.errors import SegmenterUnavailable
from phrasebook.lexicon import Lexicon, default_lexicon_dir, load_lexicon
from phrasebook.lexicon.layout import lay_out
from phrasebook.match.matcher import Matcher
from phrasebook.pkuseg_model import PKUSEG_MODEL_ENV, model_dir

if TYPE_CHECKING:
    from phrasebook.attribute.engagement_model import AnnotatedPairs

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


def _user_pkuseg_model() -> Path | None:
    """The pkuseg model of the user running the tests (read before the session's own cache
    folder replaces theirs)."""
    try:
        return model_dir()
    except SegmenterUnavailable:
        return None


USER_PKUSEG_MODEL = _user_pkuseg_model()


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
def annotated(lexicon: Lexicon) -> AnnotatedPairs:
    """Every candidate pair of the annotated pages and documents, made once for the
    session: it tags them all and fits the event classifier of each fold (about 1.5 min)."""
    from phrasebook.attribute.engagement_model import annotated_pairs

    return annotated_pairs(lexicon)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED_CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"reference corpus not found at {SHARED_CORPUS} (it sits beside the repository in CI)")
    return SHARED_CORPUS


@pytest.fixture
def pkuseg_model(monkeypatch) -> Path:
    """The user's pkuseg model, made the one in use; the test is skipped without one."""
    if USER_PKUSEG_MODEL is None:
        pytest.skip("no pkuseg model set up: run `phrasebook setup pkuseg` once (about 6 s, 49 MB from PyPI) or set PHRASEBOOK_PKUSEG_MODEL")
    monkeypatch.setenv(PKUSEG_MODEL_ENV, str(USER_PKUSEG_MODEL))
    return USER_PKUSEG_MODEL


@pytest.fixture
def lexicon_copy(tmp_path) -> Callable[..., Path]:
    """Makes a copy of the shipped lexicon with one formulation entry, or one slot word
    (slot, word), removed; returns its folder."""

    def make(*, without_entry: str | None = None, without_slot_word: tuple[str, str] | None = None) -> Path:
        root = tmp_path / "lexicon"
        shutil.copytree(default_lexicon_dir(), root)
        if without_entry:  # removed, and struck from the acknowledgements that name it, as an editor would
            for path in (root / "formulations").glob("*.yaml"):
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                kept = [entry for entry in data["entries"] if entry["id"] != without_entry]
                changed = len(kept) < len(data["entries"])
                for entry in kept:
                    if without_entry in entry.get("shadows", []):
                        entry["shadows"] = [other for other in entry["shadows"] if other != without_entry]
                        changed = True
                if changed:
                    path.write_text(yaml.safe_dump({**data, "entries": kept}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        if without_slot_word:
            slot, word = without_slot_word
            data = yaml.safe_load((root / "slots.yaml").read_text(encoding="utf-8"))
            data["slots"][slot].remove(word)
            (root / "slots.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        lay_out([root], write=True)  # back to the house layout, as `phrasebook lexicon fmt` would
        return root

    return make
