"""Keyword in context: every occurrence of an entry, a family or a literal string, with
the text on either side, taken from the ORIGINAL documents."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from phrasebook.lexicon import Lexicon
from phrasebook.normalize import normalize
from phrasebook.read import Document, read_documents
from phrasebook.tagger import Tagger

KWIC_COLUMNS = ["doc_id", "date", "start", "end", "left", "match", "right", "entry_id"]
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[left, right) of the sentence of ``text`` that holds [start, end), without edge spaces."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    following = _SENTENCE_END.search(text, end)
    right = following.end() if following else len(text)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds [start, end)."""
    left, right = sentence_span(text, start, end)
    return text[left:right]


def _flat(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


def query_kind(query: str, lexicon: Lexicon) -> str:
    """How a query is read: an entry id, a family, else a literal string."""
    if any(e.id == query for e in lexicon.entries):
        return "entry"
    if any(e.family == query for e in lexicon.entries):
        return "family"
    return "literal"


def kwic(
    paths: Iterable[Path | str],
    query: str,
    *,
    lexicon: Lexicon,
    window: int = 30,
) -> pd.DataFrame:
    """Aligned keyword-in-context rows for ``query`` in every readable document."""
    kind = query_kind(query, lexicon)
    tagger = Tagger(lexicon) if kind != "literal" else None
    needle = normalize(query).text
    rows = []
    for document in read_documents(paths):
        if not isinstance(document, Document):
            continue
        for start, end, entry_id in _hits(document, kind, query, needle, tagger):
            rows.append(
                {
                    "doc_id": document.doc_id, "date": document.meta.get("date") or document.meta.get("year", ""),
                    "start": start, "end": end, "left": _flat(document.text[max(0, start - window) : start]),
                    "match": document.text[start:end], "right": _flat(document.text[end : end + window]),
                    "entry_id": entry_id,
                }
            )
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def _hits(document: Document, kind: str, query: str, needle: str, tagger: Tagger | None) -> list[tuple[int, int, str]]:
    body_start = document.body_start
    body = document.text[body_start:]
    if tagger is not None:
        return [
            (m.start + body_start, m.end + body_start, m.entry_id)
            for m in tagger.matches(body, join_lines=document.join_lines)
            if (m.entry_id if kind == "entry" else m.family) == query
        ]
    normalized = normalize(body, document.join_lines)
    hits = []
    position = normalized.text.find(needle)
    while needle and position != -1:
        start, end = normalized.to_original(position, position + len(needle))
        hits.append((start + body_start, end + body_start, ""))
        position = normalized.text.find(needle, position + 1)
    return hits
