"""The compiled lexicon in the user's cache: the same lexicon back, missed on any change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from phrasebook.cache import cache_dir
from phrasebook.errors import LexiconError
from phrasebook.lexicon import check, load_lexicon
from phrasebook.lexicon.compiled import CACHE_KIND, from_json, source_key, to_json
from phrasebook.lexicon.load import default_lexicon_dir, read_lexicon


@pytest.fixture(autouse=True)
def _nothing_loaded_in_this_process(monkeypatch) -> None:
    """These tests are about the cache on disk: the lexicons this process already holds
    are set aside."""
    monkeypatch.setattr(check, "_LOADED", {})


def test_the_stored_lexicon_is_the_lexicon_read_from_its_files(lexicon) -> None:
    fresh, problems = read_lexicon(default_lexicon_dir())
    assert not [p for p in problems if p.severity == "error"]
    stored = from_json(to_json(fresh))
    assert stored == fresh and stored.version == fresh.version
    assert stored.get("fushe_zhongxin") == fresh.get("fushe_zhongxin")


def test_a_second_load_comes_from_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    first = load_lexicon(root)
    assert (cache_dir() / CACHE_KIND / source_key(root)).is_file()
    assert load_lexicon(root) == first


def test_an_edited_file_misses_the_cache_and_is_checked_again(tmp_path: Path) -> None:
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    load_lexicon(root)
    before = source_key(root)
    provinces = root / "places" / "provinces.yaml"
    provinces.write_text(provinces.read_text(encoding="utf-8") + "\nnot_a_field: 1\n", encoding="utf-8")
    assert source_key(root) != before
    with pytest.raises(LexiconError, match="provinces.yaml"):
        load_lexicon(root)


def test_an_unreadable_cache_entry_is_rebuilt(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    expected = load_lexicon(root)
    stored = cache_dir() / CACHE_KIND / source_key(root)
    for damage in ('{"dataclass": "Lexicon", "fields": {', '{"model": "NotASchema", "data": {}}', '{"dataclass": "Entry", "fields": {}}'):
        stored.write_text(damage, encoding="utf-8")
        assert from_json(damage) is None
        monkeypatch.setattr(check, "_LOADED", {})
        assert load_lexicon(root) == expected
        assert from_json(stored.read_text(encoding="utf-8")) == expected


def test_a_process_keeps_the_lexicon_it_loaded_until_a_file_changes(tmp_path: Path) -> None:
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    first = load_lexicon(root)
    assert load_lexicon(root) is first
    roles = root / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + "\n# an editor's note\n", encoding="utf-8")
    again = load_lexicon(root)
    assert again is not first and again.version != first.version and again.entries == first.entries
