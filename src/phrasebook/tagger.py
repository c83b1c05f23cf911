"""Tagging: read -> normalise -> match, one document at a time, offsets in the original text.

:class:`Tagger` is the library entry point (``tagger.matches(text)``); :func:`tag_documents`
streams rows for many inputs and is shared by ``pb.tag`` and ``phrasebook tag``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

from phrasebook.lexicon import Lexicon, load_lexicon
from phrasebook.match.boundaries import Segmenter
from phrasebook.match.matcher import Matcher
from phrasebook.match.sentences import sentence_spans
from phrasebook.normalize import normalize
from phrasebook.read import Document, ReadFailure, read_documents

CHUNK_CHARS = 500_000
META_COLUMNS = ["title", "date", "year", "doc_type", "series", "issuer"]
MATCH_COLUMNS = [
    "doc_id", "path", "start", "end", "text", "entry_id", "kind", "family", "canonical",
    "role", "refers_to", "via", "sentence_index", "lexicon_version", *META_COLUMNS,
]
DOC_COLUMNS = ["doc_id", "path", "encoding", "chars", "n_matches", "status", "error", "lexicon_version", *META_COLUMNS]


class TextMatch(NamedTuple):
    """A match in the original text: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    entry_id: str
    kind: str
    family: str
    canonical: str
    role: str
    refers_to: str
    via: str
    sentence_index: int


class Tagger:
    """Find lexicon entries in raw text; build once and reuse."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        overlapping: bool = False,
        segmenter: Segmenter | str = Segmenter.jieba,
    ) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.overlapping = overlapping
        self.segmenter = Segmenter(segmenter)
        self._matcher = Matcher(self.lexicon, overlapping=overlapping, segmenter=self.segmenter)
        # The output fields of each entry, worked out once (refers_to can list 50 codes).
        self._fields = {
            id(entry): (entry.id, entry.kind, entry.family, entry.canonical, entry.role or "", "|".join(entry.refers_to))
            for entry in self.lexicon.entries
        }

    def matches(self, text: str, *, join_lines: bool | None = None) -> list[TextMatch]:
        """Every match in ``text``, with offsets into ``text`` itself."""
        normalized = normalize(text, join_lines)
        found: list[TextMatch] = []
        sentence_base = 0
        chunks = list(_chunks(normalized.text))
        for index, (offset, chunk) in enumerate(chunks):
            matches = self._matcher.find(chunk)
            fields = self._fields
            for m in matches:
                start, end = normalized.to_original(offset + m.start, offset + m.end)
                found.append(TextMatch(start, end, text[start:end], *fields[id(m.entry)], m.via, sentence_base + m.sentence))
            if index + 1 < len(chunks):
                sentence_base += len(sentence_spans(chunk))
        return found

    def tag_document(self, document: Document) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Match rows and the document row for one document."""
        body = document.text[document.body_start :]
        meta = {column: document.meta.get(column, "") for column in META_COLUMNS}
        base = document.body_start
        rows = [
            {
                "doc_id": document.doc_id, "path": document.path, "start": m.start + base, "end": m.end + base,
                "text": m.surface, "entry_id": m.entry_id, "kind": m.kind, "family": m.family,
                "canonical": m.canonical, "role": m.role, "refers_to": m.refers_to, "via": m.via,
                "sentence_index": m.sentence_index, "lexicon_version": self.lexicon.version, **meta,
            }
            for m in self.matches(body, join_lines=document.join_lines)
        ]
        doc_row = {
            "doc_id": document.doc_id, "path": document.path, "encoding": document.encoding, "chars": text_size(body),
            "n_matches": len(rows), "status": "ok", "error": document.warning,
            "lexicon_version": self.lexicon.version, **meta,
        }
        return rows, doc_row


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split at line breaks (or sentence ends) so that no match can straddle two chunks."""
    start = 0
    while len(text) - start > CHUNK_CHARS:
        cut = text.find("\n", start + CHUNK_CHARS)
        if cut == -1:
            cut = text.find("。", start + CHUNK_CHARS)
        if cut == -1:
            break
        yield start, text[start : cut + 1]
        start = cut + 1
    yield start, text[start:]


def text_size(text: str) -> int:
    """Characters that count towards rates: Chinese characters and every other non-space one."""
    return sum(map(len, text.split()))


def failure_row(failure: ReadFailure, version: str) -> dict[str, Any]:
    return {
        "doc_id": failure.doc_id, "path": failure.path, "encoding": "", "chars": 0, "n_matches": 0,
        "status": failure.status, "error": failure.error, "lexicon_version": version,
        **{column: "" for column in META_COLUMNS},
    }


_WORKER: Tagger | None = None


def _init_worker(lexicon: Lexicon, overlapping: bool, segmenter: Segmenter) -> None:
    global _WORKER
    _WORKER = Tagger(lexicon, overlapping=overlapping, segmenter=segmenter)


def _tag_in_worker(item: Document | ReadFailure) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    assert _WORKER is not None
    if isinstance(item, ReadFailure):
        return [], failure_row(item, _WORKER.lexicon.version)
    return _WORKER.tag_document(item)


def tag_documents(
    paths: Iterable[Path | str],
    tagger: Tagger,
    *,
    workers: int = 1,
) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any]]]:
    """(match rows, document row) for every input, in input order, whatever ``workers`` is."""
    items = read_documents(paths)
    if workers <= 1:
        for item in items:
            if isinstance(item, ReadFailure):
                yield [], failure_row(item, tagger.lexicon.version)
            else:
                yield tagger.tag_document(item)
        return
    context = get_context("fork")
    with context.Pool(workers, _init_worker, (tagger.lexicon, tagger.overlapping, tagger.segmenter)) as pool:
        yield from pool.imap(_tag_in_worker, items, chunksize=8)
