"""Read every source of a run into decoded documents, never losing the batch.

Every input yields a :class:`Document` (or, for a large text file, a
:class:`StreamedDocument` read part by part) or a :class:`ReadFailure` whose message
names the file and the reason; the caller decides what to write. JSON Lines corpora are
streamed record by record, so memory does not grow with the size of a corpus. Document
ids are unique within a run: a second document with an id already in use (a repeated
record id, a manifest that gives two files one id) is a failure that says so.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from phrasebook.errors import InputError
from phrasebook.read.decode import decode
from phrasebook.read.html import html_to_text
from phrasebook.read.metadata import manifest_metadata, split_front_matter
from phrasebook.read.pdf import pdf_to_text
from phrasebook.read.sources import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, Source, find_sources
from phrasebook.read.stream import StreamedDocument, open_streamed


@dataclass
class Document:
    """A decoded document. ``body_start`` skips front matter; offsets refer to ``text``."""

    doc_id: str
    path: str
    text: str
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)
    body_start: int = 0
    join_lines: bool | None = None
    warning: str = ""
    content_hash: str = ""
    replaced_bytes: int = 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass
class PendingHtml:
    """A JSON Lines record whose HTML is parsed only by :meth:`document`: tagging with
    several processes leaves the parsing to the process that tags the record."""

    doc_id: str
    path: str
    html: str
    meta: dict[str, str] = field(default_factory=dict)
    content_hash: str = ""

    def document(self) -> Document:
        return Document(self.doc_id, self.path, html_to_text(self.html), "utf-8", self.meta, content_hash=self.content_hash)


@dataclass
class ReadFailure:
    """An input that could not be read, with the reason (which names the file)."""

    doc_id: str
    path: str
    error: str
    status: str = "error"


Item = Document | StreamedDocument | PendingHtml | ReadFailure


def content_hash(data: bytes) -> str:
    """What a store compares to tell a changed document from an unchanged one."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_documents(
    paths: Iterable[Path | str], *, stream_above: int | None = None, defer_html: bool = False
) -> Iterator[Item]:
    """Read every input; one unreadable file becomes a ReadFailure and the batch goes on.

    Raises :class:`phrasebook.errors.InputNotFound`, before reading anything, when a
    path does not exist. With ``stream_above``, a plain-text file of more bytes than that
    comes as a :class:`StreamedDocument`, read part by part by whoever consumes it. With
    ``defer_html``, a JSON Lines record with HTML comes as a :class:`PendingHtml`.
    """
    return read_sources(find_sources(paths), stream_above=stream_above, defer_html=defer_html)


def read_sources(sources: list[Source], *, stream_above: int | None = None, defer_html: bool = False) -> Iterator[Item]:
    """Read sources found before (by :func:`phrasebook.read.sources.find_sources`), for
    a caller that shares them out (a cluster's workers each read their own)."""
    used: dict[str, str] = {}
    for source in sources:
        for item in _read_source(source, stream_above, defer_html):
            yield _unique(item, used)


def _unique(item: Item, used: dict[str, str]) -> Item:
    """The item, or a failure when its id is already taken by another document of the run.
    (Failures claim no id: the failure of a duplicate bears the id it could not have.)"""
    if isinstance(item, ReadFailure):
        return item
    if item.doc_id in used:
        return ReadFailure(
            item.doc_id,
            item.path,
            f"{item.path}: duplicate document id {item.doc_id!r} (already used by {used[item.doc_id]}); "
            "ids must be unique within a run",
        )
    used[item.doc_id] = item.path
    return item


def _read_source(source: Source, stream_above: int | None, defer_html: bool) -> Iterator[Item]:
    if source.problem:
        yield ReadFailure(source.doc_id, source.path, source.problem, source.status)
        return
    try:
        if source.suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(source, defer_html)
        else:
            yield _read_file(source, stream_above)
    except InputError as exc:
        yield ReadFailure(source.doc_id, source.path, str(exc))
    except OSError as exc:
        yield ReadFailure(source.doc_id, source.path, f"{source.path}: {exc.strerror or exc}")


def _read_file(source: Source, stream_above: int | None) -> Document | StreamedDocument:
    file, name = source.file, source.path
    meta = manifest_metadata(file)
    doc_id = meta.get("id") or source.doc_id
    if stream_above is not None and source.suffix in TEXT_SUFFIXES and file.stat().st_size > stream_above:
        return open_streamed(file, doc_id, name, meta)
    data = file.read_bytes()
    if not data:
        raise InputError(f"{name}: empty file (0 bytes)")
    if source.suffix == ".pdf":
        return Document(doc_id, name, pdf_to_text(data, name), "pdf", meta, join_lines=True, content_hash=content_hash(data))
    decoded = decode(data, name)
    warning = "; ".join(filter(None, (source.note, decoded.warning)))
    text = decoded.text
    if source.suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    front, body_start = split_front_matter(text, name)
    meta.update(front)
    if not text[body_start:].strip():
        raise InputError(f"{name}: no text in the document")
    return Document(
        str(meta.get("id") or doc_id), name, text, decoded.encoding, meta, body_start, warning=warning,
        content_hash=content_hash(data), replaced_bytes=decoded.replaced_bytes,
    )


def _read_jsonl(source: Source, defer_html: bool) -> Iterator[Document | PendingHtml | ReadFailure]:
    """One document per JSON line: ``id``, ``text`` or ``html``, optional metadata."""
    file, name = source.file, source.path
    if file.stat().st_size == 0:
        raise InputError(f"{name}: empty file (0 bytes)")
    opener = gzip.open if file.name.lower().endswith(".gz") else open
    number = records = 0
    try:
        with opener(file, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    records += 1
                    yield _record(source, number, line, defer_html)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield ReadFailure(f"{source.doc_id}:{number + 1}", name, f"{name}: truncated or corrupt after line {number} ({exc})")
        return
    except UnicodeDecodeError as exc:
        yield ReadFailure(f"{source.doc_id}:{number + 1}", name, f"{name}: line {number + 1} is not UTF-8 ({exc.reason})")
        return
    if not records:
        yield ReadFailure(source.doc_id, name, f"{name}: no records (the file holds no JSON lines)")


def _record(source: Source, number: int, line: str, defer_html: bool) -> Document | PendingHtml | ReadFailure:
    name = source.path
    where = f"{name}:{number}"
    fallback_id = f"{source.doc_id}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(fallback_id, name, f"{where}: invalid JSON ({exc.msg})")
    if not isinstance(record, dict):
        return ReadFailure(fallback_id, name, f"{where}: a record must be a JSON object")
    doc_id = str(record.get("id") or fallback_id)
    meta = {k: str(v) for k, v in record.items() if k not in {"text", "html"} and isinstance(v, (str, int, float))}
    digest = content_hash(line.encode("utf-8"))
    if isinstance(record.get("text"), str):
        return Document(doc_id, name, record["text"], "utf-8", meta, content_hash=digest)
    if isinstance(record.get("html"), str):
        pending = PendingHtml(doc_id, name, record["html"], meta, digest)
        return pending if defer_html else pending.document()
    return ReadFailure(doc_id, name, f"{where}: record has neither a 'text' nor an 'html' string")
