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
from phrasebook.match.sentences import sentence_end_run, sentence_spans
from phrasebook.normalize import normalize
from phrasebook.read import Document, ReadFailure, StreamedDocument, read_documents
from phrasebook.read.documents import PendingHtml
from phrasebook.read.stream import STREAM_BYTES, PartialDecodeError

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
        return list(map(TextMatch._make, self._found(text, join_lines)[0]))

    def _found(self, text: str, join_lines: bool | None, count_sentences: bool = False) -> tuple[list[tuple], int]:
        """The matches in ``text`` as plain tuples in TextMatch's field order (rows are built
        from them directly) and, if asked, the number of sentences in ``text``."""
        normalized = normalize(text, join_lines)
        found: list[tuple] = []
        add = found.append
        sentence_base = 0
        chunks = list(_chunks(normalized.text))
        fields = self._fields
        to_original = normalized.to_original
        for index, (offset, chunk) in enumerate(chunks):
            for m in self._matcher.find(chunk):
                start, end = to_original(offset + m.start, offset + m.end)
                add((start, end, text[start:end], *fields[id(m.entry)], m.via, sentence_base + m.sentence))
            if count_sentences or index + 1 < len(chunks):
                sentence_base += len(sentence_spans(chunk))
        return found, sentence_base

    def tag_document(self, document: Document) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Match rows and the document row for one document (a large one: :meth:`tag_parts`)."""
        meta = _meta(document)
        body = document.text[document.body_start :]
        rows = self._rows(document, self._found(body, document.join_lines)[0], document.body_start, 0, meta)
        return rows, self._doc_row(document, text_size(body), len(rows), meta)

    def tag_parts(self, document: StreamedDocument) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any] | None]]:
        """The rows of a large document part by part (document row None), then ([], document row).

        If the file turns out unreadable half-way, the rows of the parts already out stand
        and the document row is an error that says up to which character they reach.
        """
        meta = _meta(document)
        chars = sentences = matches = 0
        try:
            for offset, part in document.parts():
                found, in_part = self._found(part, document.join_lines, count_sentences=True)
                rows = self._rows(document, found, offset, sentences, meta)
                chars, sentences, matches = chars + text_size(part), sentences + in_part, matches + len(rows)
                yield rows, None
        except (PartialDecodeError, OSError) as exc:
            if isinstance(exc, PartialDecodeError):
                error = f"{exc}; the {matches} matches before character {exc.characters_before:,} are kept"
            else:
                error = f"{document.path}: {exc.strerror or exc}; the {matches} matches before it are kept"
            yield [], self._doc_row(document, chars, matches, meta, status="error", error=error)
            return
        if not chars:
            yield [], self._doc_row(document, 0, 0, meta, status="error", error=f"{document.path}: no text in the document")
            return
        yield [], self._doc_row(document, chars, matches, meta)

    def _doc_row(
        self, document: Document | StreamedDocument, chars: int, matches: int, meta: dict[str, str], *, status: str = "ok", error: str = ""
    ) -> dict[str, Any]:
        return {
            "doc_id": document.doc_id, "path": document.path, "encoding": document.encoding, "chars": chars,
            "n_matches": matches, "status": status, "error": error or document.warning,
            "lexicon_version": self.lexicon.version, **meta,
        }

    def _rows(
        self, document: Document | StreamedDocument, found: list[tuple], offset: int, sentence_base: int, meta: dict[str, str]
    ) -> list[dict[str, Any]]:
        """Output rows, with offsets into the whole decoded file."""
        doc_id, path, version = document.doc_id, document.path, self.lexicon.version
        return [
            {
                "doc_id": doc_id, "path": path, "start": start + offset, "end": end + offset,
                "text": surface, "entry_id": entry_id, "kind": kind, "family": family,
                "canonical": canonical, "role": role, "refers_to": refers_to, "via": via,
                "sentence_index": sentence + sentence_base, "lexicon_version": version, **meta,
            }
            for start, end, surface, entry_id, kind, family, canonical, role, refers_to, via, sentence in found
        ]


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split after a run of line breaks (or of sentence stops) so that no match can straddle
    two chunks and no run of sentence ends is split (the sentence count stays that of the
    whole text)."""
    start = 0
    while len(text) - start > CHUNK_CHARS:
        cut = text.find("\n", start + CHUNK_CHARS)
        if cut == -1:
            cut = text.find("。", start + CHUNK_CHARS)
        if cut == -1:
            break
        end_of_run = sentence_end_run(text, cut)
        yield start, text[start:end_of_run]
        start = end_of_run
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


def _meta(document: Document | StreamedDocument) -> dict[str, str]:
    return {column: document.meta.get(column, "") for column in META_COLUMNS}


def tag_item(tagger: Tagger, item: Document | ReadFailure) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows and the document row for one input read whole."""
    if isinstance(item, ReadFailure):
        return [], failure_row(item, tagger.lexicon.version)
    return tagger.tag_document(item)


_WORKER: Tagger | None = None


def _init_worker(lexicon: Lexicon, overlapping: bool, segmenter: Segmenter) -> None:
    global _WORKER
    _WORKER = Tagger(lexicon, overlapping=overlapping, segmenter=segmenter)


def _tag_in_worker(
    item: Document | StreamedDocument | PendingHtml | ReadFailure,
) -> tuple[list[dict[str, Any]], dict[str, Any]] | StreamedDocument:
    """A document's rows (its HTML parsed here, not in the parent that reads the files); a
    large document comes back untouched, to be tagged part by part in the parent, so that
    its rows stream there too."""
    assert _WORKER is not None
    if isinstance(item, StreamedDocument):
        return item
    return tag_item(_WORKER, item.document() if isinstance(item, PendingHtml) else item)


def tag_documents(
    paths: Iterable[Path | str],
    tagger: Tagger,
    *,
    workers: int = 1,
) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any] | None]]:
    """(match rows, document row or None) items covering every input, in input order,
    whatever ``workers`` is.

    Plain-text files above STREAM_BYTES are read part by part, and their rows come part
    by part too, as (rows, None) items before the ([], document row) that closes the
    document: memory grows neither with the size of a file nor with the number of files.
    With workers, such a file is tagged in this process, in its place in the order.
    """
    if workers <= 1:
        for item in read_documents(paths, stream_above=STREAM_BYTES):
            if isinstance(item, StreamedDocument):
                yield from tagger.tag_parts(item)
            else:
                yield tag_item(tagger, item)
        return
    items = read_documents(paths, stream_above=STREAM_BYTES, defer_html=True)
    context = get_context("fork")
    with context.Pool(workers, _init_worker, (tagger.lexicon, tagger.overlapping, tagger.segmenter)) as pool:
        for result in pool.imap(_tag_in_worker, items, chunksize=8):
            if isinstance(result, StreamedDocument):
                yield from tagger.tag_parts(result)
            else:
                yield result
