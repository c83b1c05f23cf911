"""The one pass over the inputs: read → normalise → match → infer the document's facts.

:func:`tag_corpus` is the only loop over a corpus. Every command and library function
consumes the :class:`TaggedDocument` items it yields (``tag`` writes rows from them, the
:class:`phrasebook.Corpus` object keeps tables, attribution and kwic read their text and
sentences), so reading, streaming of large files and ``workers`` behave the same
everywhere.

A document comes as one item, except a large text file (above ``STREAM_BYTES``), which
comes as several parts in order; the last item of a document has ``last`` set, and its
``info`` holds the document's totals, status and error. Failures (unreadable or skipped
inputs) are items too, with no text, so that nothing is dropped without a word.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from phrasebook.errors import PartialDecodeError
from phrasebook.facts.inference import DocumentFacts, infer_facts, name_pattern
from phrasebook.language import sentence_spans, trim_span
from phrasebook.normalize import Normalized
from phrasebook.read import Document, ReadFailure, StreamedDocument
from phrasebook.read.documents import Item, PendingHtml, read_sources
from phrasebook.read.sources import Source, find_sources
from phrasebook.read.stream import STREAM_BYTES
from phrasebook.tagger import TaggedText, Tagger, TextMatch, text_size

D = TypeVar("D")


@dataclass
class DocumentInfo:
    """What is known of a whole document; shared by its parts and complete on the last one."""

    doc_id: str
    path: str
    encoding: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    status: str = "ok"
    error: str = ""
    warning: str = ""
    chars: int = 0
    n_matches: int = 0
    facts: DocumentFacts | None = None
    content_hash: str = ""
    join_lines: bool | None = None
    replaced_bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


_EMPTY = Normalized("", "")


@dataclass
class TaggedDocument:
    """A document (or one part of a large one) after tagging.

    ``text`` is the original text of this item (the body: front matter excluded), which
    starts at ``offset`` in the decoded file; match offsets are into ``text``. Sentence
    ``sentence_base + i`` is ``sentences[i]``: the matcher and :attr:`sentences` number
    them the same way, on the normalised text.
    """

    info: DocumentInfo
    text: str = ""
    offset: int = 0
    normalized: Normalized = _EMPTY
    matches: list[TextMatch] = field(default_factory=list)
    sentence_base: int = 0
    part: int = 0
    last: bool = True

    @property
    def doc_id(self) -> str:
        return self.info.doc_id

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """[start, end) in ``text`` of every sentence of this item, edge spaces trimmed."""
        to_original = self.normalized.to_original
        spans = (to_original(start, end) for start, end in sentence_spans(self.normalized.text))
        return [trim_span(self.text, start, end) for start, end in spans]

    def sentence(self, index: int) -> str:
        """The text of sentence ``index`` (numbered across the whole document)."""
        start, end = self.sentences[index - self.sentence_base]
        return self.text[start:end]


def tag_corpus(
    paths: Iterable[Path | str],
    *,
    tagger: Tagger,
    workers: int = 1,
    infer_doc_types: bool = False,
    use_metadata: bool = True,
    date_pattern: str = "",
    skip: Callable[[str, str], bool] | None = None,
) -> Iterator[TaggedDocument]:
    """Every input under ``paths`` tagged, in input order, whatever ``workers`` is.

    Raises :class:`phrasebook.errors.InputNotFound` at once (before the first item) when
    a path does not exist. With ``infer_doc_types``, documents whose metadata gives no
    type get the document-type model's prediction; with ``use_metadata=False``, issuer,
    date and type are inferred from the text even where the metadata gives them;
    ``date_pattern`` reads dates in file names (:func:`phrasebook.facts.inference.name_pattern`).
    ``skip(doc_id, content_hash)`` True means the caller has that document already: it
    comes as an item with status ``unchanged``, read but not tagged.
    """
    return tag_sources(
        find_sources(paths), tagger=tagger, workers=workers, infer_doc_types=infer_doc_types, use_metadata=use_metadata, date_pattern=date_pattern, skip=skip
    )


def tag_sources(
    sources: list[Source],
    *,
    tagger: Tagger,
    workers: int = 1,
    infer_doc_types: bool = False,
    use_metadata: bool = True,
    date_pattern: str = "",
    skip: Callable[[str, str], bool] | None = None,
) -> Iterator[TaggedDocument]:
    """:func:`tag_corpus` of sources found before (the ids stay those of the whole run)."""
    # HTML is parsed where the record is tagged: in a worker, and never for a skipped record.
    items = read_sources(sources, stream_above=STREAM_BYTES, defer_html=workers > 1 or skip is not None)
    if skip is not None:
        items = (_unchanged(item) if _skipped(item, skip) else item for item in items)
    return _tag_all(items, tagger, workers, _Inference(infer_doc_types, use_metadata, date_pattern))


@dataclass(frozen=True)
class Unchanged:
    """A document that the caller already has, tagged with this lexicon: not tagged again."""

    doc_id: str
    path: str
    content_hash: str


def _skipped(item: Item, skip: Callable[[str, str], bool]) -> bool:
    return not isinstance(item, ReadFailure) and skip(item.doc_id, item.content_hash)


def _unchanged(item: Item) -> Unchanged:
    return Unchanged(item.doc_id, item.path, getattr(item, "content_hash", ""))


@dataclass(frozen=True)
class _Inference:
    """Which facts of a document to infer (see :func:`tag_corpus`)."""

    doc_types: bool = False
    use_metadata: bool = True
    date_pattern: str = ""

    def __post_init__(self) -> None:
        if self.date_pattern:
            name_pattern(self.date_pattern)  # a malformed pattern is refused before any work, whichever driver runs


FACT_KEYS = ("issuer", "doc_type", "date", "year")
"""Metadata keys that ``use_metadata=False`` sets aside."""


def _tag_all(items: Iterator[Item], tagger: Tagger, workers: int, infer: _Inference) -> Iterator[TaggedDocument]:
    if workers <= 1:
        for item in items:
            if isinstance(item, StreamedDocument):
                yield from tag_parts(tagger, item, infer)
            else:
                yield tag_item(tagger, item, infer)
        return
    for result in _in_workers(items, tagger=tagger, workers=workers, infer=infer, digest=_tagged, chunk_items=DOCUMENTS_PER_CHUNK):
        if isinstance(result, TaggedDocument):
            yield result
        else:
            yield from result


WORKER_CHUNK_CHARS = 400_000
"""About how much text a worker is given at a time (a day of news is some 15,000
characters, a provincial report some 30,000)."""
DOCUMENTS_PER_CHUNK = 8
"""At most this many documents a chunk when the tagged documents themselves come back:
what travels back is then as large as the text, and small chunks share a small corpus out."""


def tag_in_chunks(
    paths: Iterable[Path | str], *, tagger: Tagger, workers: int, digest: Callable[[list[TaggedDocument]], D], date_pattern: str = ""
) -> Iterator[D | TaggedDocument]:
    """:func:`tag_corpus` for a consumer that reduces tagged documents to something small
    where they are tagged (their rows written to a file, their counts): each worker tags a
    chunk of documents and hands back only ``digest(chunk)``, so texts and matches never
    travel back to this process, which would otherwise spend as long unpacking them as a
    worker spends tagging. Digests come in input order. A large text file is tagged here,
    part by part, its parts yielded as tagged documents in its place in the order.
    ``digest`` must be a module-level function (or a partial of one).
    """
    items = read_sources(find_sources(paths), stream_above=STREAM_BYTES, defer_html=True)
    return _in_workers(items, tagger=tagger, workers=workers, infer=_Inference(date_pattern=date_pattern), digest=digest)


def _in_workers(
    items: Iterator[Item], *, tagger: Tagger, workers: int, infer: _Inference, digest: Callable[[list[TaggedDocument]], D], chunk_items: int = 0
) -> Iterator[D | TaggedDocument]:
    """The one way documents are tagged in parallel: ``workers`` forked processes each tag
    a chunk of items (about WORKER_CHUNK_CHARS characters, at most ``chunk_items`` items
    when that is set) and hand back ``digest(chunk)``, in input order. A large text file
    comes back untouched and is tagged here part by part, so that its parts stream."""
    if infer.doc_types:
        from phrasebook.facts.doctype import load_model

        load_model()  # loaded once here, shared with the workers by fork
    gc.freeze()  # what the children inherit is left out of their collections, whose visits would copy its pages
    try:
        pool = get_context("fork").Pool(workers, _init_worker, (tagger, digest, infer))
    finally:
        gc.unfreeze()
    with pool:
        for result in pool.imap(_digest_in_worker, _chunks(items, chunk_items)):
            if isinstance(result, StreamedDocument):
                yield from tag_parts(tagger, result, infer)
            else:
                yield result


def _tagged(documents: list[TaggedDocument]) -> list[TaggedDocument]:
    """The digest that keeps the tagged documents whole."""
    return documents


def _chunks(items: Iterator[Item], chunk_items: int = 0) -> Iterator[list[Item] | StreamedDocument]:
    """Items in lists of about WORKER_CHUNK_CHARS characters (and at most ``chunk_items``
    items, if set); a streamed document on its own."""
    chunk: list[Item] = []
    size = 0
    for item in items:
        if isinstance(item, StreamedDocument):
            if chunk:
                yield chunk
            chunk, size = [], 0
            yield item
            continue
        chunk.append(item)
        size += _size(item)
        if size >= WORKER_CHUNK_CHARS or len(chunk) == chunk_items:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _size(item: Item) -> int:
    if isinstance(item, PendingHtml):
        return len(item.html)
    return len(item.text) if isinstance(item, Document) else 0


_WORKER: tuple[Tagger, Callable[[list[TaggedDocument]], object], _Inference] | None = None


def _init_worker(tagger: Tagger, digest: Callable[[list[TaggedDocument]], object], infer: _Inference) -> None:
    global _WORKER
    _WORKER = (tagger, digest, infer)


def _digest_in_worker(chunk: list[Item] | StreamedDocument) -> object:
    """A chunk tagged in a worker (its HTML parsed there, not in the parent that reads the
    files) and digested there; a large document comes back untouched."""
    assert _WORKER is not None
    if isinstance(chunk, StreamedDocument):
        return chunk
    tagger, digest, infer = _WORKER
    return digest([tag_item(tagger, item, infer) for item in chunk])


def tag_item(tagger: Tagger, item: Document | PendingHtml | ReadFailure | Unchanged, infer: _Inference = _Inference()) -> TaggedDocument:
    """One input read whole, tagged (a failure becomes an item with its error)."""
    if isinstance(item, ReadFailure):
        return TaggedDocument(DocumentInfo(item.doc_id, item.path, status=item.status, error=item.error))
    if isinstance(item, Unchanged):
        return TaggedDocument(DocumentInfo(item.doc_id, item.path, status="unchanged", content_hash=item.content_hash))
    document = item.document() if isinstance(item, PendingHtml) else item
    body = document.body
    tagged = tagger.tag(body, join_lines=document.join_lines)
    info = DocumentInfo(
        document.doc_id, document.path, document.encoding, document.meta, warning=document.warning,
        chars=text_size(body), n_matches=len(tagged.matches),
        facts=_facts(tagger, document.meta, body, tagged, infer, _file_name(document.path)), content_hash=document.content_hash, join_lines=document.join_lines,
        replaced_bytes=document.replaced_bytes,
    )
    return TaggedDocument(info, body, document.body_start, tagged.normalized, tagged.matches)


def tag_text(tagger: Tagger, text: str, *, doc_id: str = "text", meta: dict[str, str] | None = None) -> TaggedDocument:
    """One string tagged as a document of its own (for a sentence in a test or a notebook)."""
    return tag_item(tagger, Document(doc_id, "<text>", text, "utf-8", dict(meta or {})))


def tag_parts(tagger: Tagger, document: StreamedDocument, infer: _Inference = _Inference()) -> Iterator[TaggedDocument]:
    """A large document's parts, tagged in order; the last one closes the document.

    If the file turns out unreadable half-way, the parts already out stand and the
    document's error says up to which character their matches reach.
    """
    info = DocumentInfo(
        document.doc_id, document.path, document.encoding, document.meta, content_hash=document.content_hash, join_lines=document.join_lines
    )
    held: TaggedDocument | None = None
    sentences = part = 0
    try:
        for offset, text in document.parts():
            tagged = tagger.tag(text, join_lines=document.join_lines, count_sentences=True, first_sentence=sentences)
            if part == 0:
                info.facts = _facts(tagger, document.meta, text, tagged, infer, _file_name(document.path))
            if held is not None:
                yield held
            held = TaggedDocument(info, text, offset, tagged.normalized, tagged.matches, sentences, part, last=False)
            info.chars += text_size(text)
            info.n_matches += len(tagged.matches)
            sentences += tagged.sentences or 0
            part += 1
    except (PartialDecodeError, OSError) as exc:
        info.status = "error"
        if isinstance(exc, PartialDecodeError):
            info.error = f"{exc}; the {info.n_matches} matches before character {exc.characters_before:,} are kept"
        else:
            info.error = f"{document.path}: {exc.strerror or exc}; the {info.n_matches} matches before it are kept"
    info.warning = document.warning
    if held is None:
        if info.ok:
            info.status, info.error = "error", f"{document.path}: no text in the document"
        yield TaggedDocument(info)
        return
    held.last = True
    yield held


@lru_cache(maxsize=256)
def _file_name(path: str) -> str:
    """The file name in a document's path, made once per file: the records of a JSON Lines
    file share it, and a ``Path`` per record cost as much as reading the record."""
    return Path(path).name


def _facts(tagger: Tagger, meta: dict[str, str], text: str, tagged: TaggedText, infer: _Inference, name: str) -> DocumentFacts:
    if not infer.use_metadata:
        meta = {key: value for key, value in meta.items() if key not in FACT_KEYS}
    title = meta.get("title", "")
    doc_type = None
    if (infer.doc_types or not infer.use_metadata) and not meta.get("doc_type"):
        from phrasebook.facts.doctype import load_model

        doc_type = load_model().predict_one(text)
    return infer_facts(meta, text, tagged.matches, tagger.matches(title) if title else [], doc_type=doc_type, name=name, date_pattern=infer.date_pattern)


@dataclass
class RunStats:
    """Counts of one run, for the one-line summary every command prints."""

    documents: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    chars: int = 0
    matches: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What was read with a repair (stray bytes replaced, a truncated last character)."""

    def count(self, item: TaggedDocument) -> None:
        """Count an item (a document is counted on its last item)."""
        if not item.last:
            return
        info = item.info
        if info.status == "ok":
            self.documents += 1
            if info.warning:
                self.warnings.append(info.warning)
        elif info.status == "unchanged":
            self.unchanged += 1
        elif info.status == "skipped":
            self.skipped += 1
            self.failures.append(f"skipped: {info.error}")
        else:
            self.failed += 1
            self.failures.append(f"error: {info.error}")
        self.chars += info.chars
        self.matches += info.n_matches

    def add(self, other: RunStats) -> None:
        """Count what ``other`` counted (a worker's share of the run) as well."""
        self.documents += other.documents
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.skipped += other.skipped
        self.chars += other.chars
        self.matches += other.matches
        self.failures += other.failures
        self.warnings += other.warnings

    def summary(self, seconds: float) -> str:
        unchanged = f"{self.unchanged:,} unchanged (not tagged again), " if self.unchanged else ""
        return (
            f"{self.documents:,} documents, {unchanged}{self.chars:,} characters, {self.matches:,} matches, "
            f"{self.failed} failed, {self.skipped} skipped, {seconds:.1f} s"
        )
