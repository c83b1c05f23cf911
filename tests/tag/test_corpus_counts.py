"""Acceptance on the reference corpus: long, rule-free entries are counted exactly as a plain
substring count over the normalised text finds them (each form in either bracket width),
less the occurrences that overlap a match of another entry of the same layer (formulations,
or places; see README: a longer entry containing them, or one straddling them)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from phrasebook.lexicon import Lexicon
from phrasebook.match.matcher import Matcher, bracket_variants
from phrasebook.normalize import normalize
from phrasebook.read import Document, read_documents

pytestmark = pytest.mark.corpus


def _corpus_texts(shared_corpus: Path) -> list[Document]:
    paths = sorted(p for p in shared_corpus.rglob("*.txt"))
    paths.append(shared_corpus / "xwlb" / "xwlb-2024.jsonl.gz")
    documents = [d for d in read_documents(paths) if isinstance(d, Document)]
    assert len(documents) > 5000, "expected the text files and the 2024 news items"
    return documents


def _plain_entries(lexicon: Lexicon) -> list:
    return [
        e for e in lexicon.entries
        if e.rules.empty and not e.patterns and not e.led_surfaces and e.surfaces
        and min(len(s) for s in e.surfaces) >= 4
    ]


def test_long_entries_match_plain_substring_counts(lexicon: Lexicon, shared_corpus: Path):
    matcher = Matcher(lexicon)
    entries = _plain_entries(lexicon)
    assert len(entries) >= 40
    found: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    excluded: Counter[str] = Counter()
    for document in _corpus_texts(shared_corpus):
        text = normalize(document.text, document.join_lines).text
        matches = matcher.find(text)
        for match in matches:
            found[match.entry.id] += 1
        for entry in entries:
            layer = entry.kind == "formulation"
            taken = [(m.start, m.end, m.entry.id) for m in matches if (m.entry.kind == "formulation") == layer]
            for surface in {*entry.surfaces, *(v for s in entry.surfaces for v in bracket_variants(s))}:
                position = text.find(surface)
                while position != -1:
                    end = position + len(surface)
                    others = [t for t in taken if t[0] < end and position < t[1] and t != (position, end, entry.id)]
                    if others:
                        excluded[entry.id] += 1
                    else:
                        expected[entry.id] += 1
                    position = text.find(surface, position + 1)
    mismatches = {e.id: (found[e.id], expected[e.id]) for e in entries if found[e.id] != expected[e.id]}
    assert mismatches == {}, f"entry: (matched, expected): {mismatches}"
    assert sum(expected.values()) > 1000, "the corpus should hold many occurrences of long entries"
