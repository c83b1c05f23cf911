"""The automaton-based matcher agrees with a brute-force reference on random texts and lexicons."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebook.language import sentence_of, sentence_spans
from phrasebook.lexicon.model import Entry, Lexicon, Origin
from phrasebook.lexicon.schema import ContextRules
from phrasebook.match.matcher import Matcher

ALPHABET = "甲乙丙丁"
terms = st.lists(st.text(alphabet=ALPHABET, min_size=3, max_size=6), min_size=1, max_size=12, unique=True)
texts = st.text(alphabet=ALPHABET + "。\n", max_size=300)


def _lexicon(forms: list[str]) -> Lexicon:
    entries = tuple(
        Entry(
            id=f"t{i}", kind="formulation", canonical=form, en="", family="opening_up",
            surfaces=(form,), rules=ContextRules(), origin=Origin(Path("test"), i),
        )
        for i, form in enumerate(forms)
    )
    return Lexicon(root=Path("test"), entries=entries, designations=(), slots={}, version="test")


def brute_force_all(text: str, forms: list[str]) -> set[tuple[int, int, str]]:
    return {
        (i, i + len(form), form)
        for form in forms
        for i in range(len(text) - len(form) + 1)
        if text.startswith(form, i)
    }


def brute_force_leftmost_longest(text: str, forms: list[str]) -> list[tuple[int, int, str]]:
    found, i = [], 0
    while i < len(text):
        here = [form for form in forms if text.startswith(form, i)]
        if here:
            form = max(here, key=len)
            found.append((i, i + len(form), form))
            i += len(form)
        else:
            i += 1
    return found


@settings(max_examples=200, deadline=None)
@given(forms=terms, text=texts)
def test_leftmost_longest_agrees_with_brute_force(forms, text):
    matches = Matcher(_lexicon(forms)).find(text)
    assert [(m.start, m.end, m.entry.canonical) for m in matches] == brute_force_leftmost_longest(text, forms)


@settings(max_examples=200, deadline=None)
@given(forms=terms, text=texts)
def test_overlapping_mode_finds_every_occurrence(forms, text):
    matches = Matcher(_lexicon(forms), overlapping=True).find(text)
    assert {(m.start, m.end, m.entry.canonical) for m in matches} == brute_force_all(text, forms)
    assert len(matches) == len(brute_force_all(text, forms))


def brute_force_sentence(text: str, offset: int) -> int:
    """The sentence of ``offset`` by the definition: spans split at runs of end marks."""
    starts = [start for start, _ in sentence_spans(text)]
    return sentence_of(starts, offset)


@settings(max_examples=300, deadline=None)
@given(forms=terms, text=st.text(alphabet=ALPHABET + "。！？；!?;…”）)\n", max_size=300))
def test_sentence_index_agrees_with_sentence_spans(forms, text):
    """The matcher counts sentence ends during its scan; the spans are the definition."""
    for overlapping in (False, True):
        for m in Matcher(_lexicon(forms), overlapping=overlapping).find(text):
            assert m.sentence == brute_force_sentence(text, m.start), (text, m)


def test_the_matcher_runs_on_the_compiled_scanner():
    """The hot path is the extension built at install, not a Python stand-in."""
    import importlib.machinery

    from phrasebook.match import scanner

    assert scanner.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


ASTRAL = "甲乙𠀀😀"


@settings(max_examples=200, deadline=None)
@given(
    forms=st.lists(st.text(alphabet=ASTRAL, min_size=2, max_size=5), min_size=1, max_size=10, unique=True),
    text=st.text(alphabet=ASTRAL + "a。\n", max_size=200),
)
def test_characters_beyond_the_basic_plane_are_scanned_like_any_other(forms, text):
    """Texts stored with one, two or four bytes a character (CJK Extension B, emoji) all match."""
    assert [(m.start, m.end, m.entry.canonical) for m in Matcher(_lexicon(forms)).find(text)] == brute_force_leftmost_longest(text, forms)
    assert {(m.start, m.end, m.entry.canonical) for m in Matcher(_lexicon(forms), overlapping=True).find(text)} == brute_force_all(
        text, forms
    )
