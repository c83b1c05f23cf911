"""``kwic``: keyword in context. Every mention of an entry or a family (its matches and
its forms inside longer formulations, see :mod:`phrasebook.aggregate.mentions`), or every
occurrence of a literal string, with the text on either side, taken from the ORIGINAL
documents."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from phrasebook.aggregate.mentions import nested_occurrences
from phrasebook.errors import UsageError
from phrasebook.lexicon import Lexicon
from phrasebook.normalize import normalize
from phrasebook.pipeline import TaggedDocument

KWIC_COLUMNS = ["doc_id", "date", "start", "end", "left", "match", "right", "entry_id"]


def query_kind(query: str, lexicon: Lexicon) -> str:
    """How a query is read: an entry id, a family, else a literal string.

    A query of lowercase Latin letters, digits and underscores that is neither an entry
    id nor a family is a typo, not a string to look for in Chinese text: it is refused
    with the nearest ids.
    """
    if not query:
        raise UsageError("the query is empty: give an entry id, a family or a string to look for")
    ids = {e.id for e in lexicon.entries}
    families = {e.family for e in lexicon.entries}
    if query in ids:
        return "entry"
    if query in families:
        return "family"
    if query.isascii() and query.replace("_", "").isalnum() and query == query.lower():
        close = difflib.get_close_matches(query, sorted(ids | families), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `phrasebook lexicon list`"
        raise UsageError(f"{query!r} is neither an entry id nor a family{hint}")
    return "literal"


def kwic_rows(items: Iterable[TaggedDocument], query: str, *, lexicon: Lexicon, window: int = 30) -> Iterator[dict]:
    """Aligned keyword-in-context rows for ``query`` in every tagged item."""
    kind = query_kind(query, lexicon)
    needle = normalize(query).text
    for item in items:
        if not item.text:
            continue
        facts = item.info.facts
        date = facts.date if facts else ""
        for start, end, entry_id in _hits(item, kind, query, needle, lexicon):
            left, match, right = context(item.text, start, end, window)
            yield {
                "doc_id": item.doc_id, "date": date or None, "start": start + item.offset, "end": end + item.offset,
                "left": left, "match": match, "right": right, "entry_id": entry_id or None,
            }


def context(text: str, start: int, end: int, window: int) -> tuple[str, str, str]:
    """(left, match, right): [start, end) of ``text`` with ``window`` characters either
    side, line breaks shown as spaces so that a line reads as one."""
    return one_line(text[max(0, start - window) : start]), text[start:end], one_line(text[end : end + window])


def one_line(text: str) -> str:
    """The text on one line: line breaks become spaces (for a concordance line)."""
    return text.replace("\r", " ").replace("\n", " ")


def _hits(item: TaggedDocument, kind: str, query: str, needle: str, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """The mentions of an entry or family (its matches and its forms nested in longer
    formulations), or every occurrence of a literal string."""
    if kind != "literal":
        families = {e.id: e.family for e in lexicon.of_kind("formulation")}
        hits = []
        for m in item.matches:
            if (m.entry_id if kind == "entry" else m.family) == query:
                hits.append((m.start, m.end, m.entry_id))
            if m.kind == "formulation":
                for entry_id, start, end in nested_occurrences(m.surface, m.entry_id, lexicon):
                    if (entry_id if kind == "entry" else families[entry_id]) == query:
                        hits.append((m.start + start, m.start + end, entry_id))
        return sorted(hits)
    text, to_original = item.normalized.text, item.normalized.to_original
    hits = []
    position = text.find(needle)
    while needle and position != -1:
        start, end = to_original(position, position + len(needle))
        hits.append((start, end, ""))
        position = text.find(needle, position + 1)
    return hits
