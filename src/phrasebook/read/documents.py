"""Find the documents under the given paths and read each one, never losing the batch.

Every input yields either a :class:`Document` or a :class:`ReadFailure` whose message
names the file and the reason; the caller decides what to write. JSON Lines corpora are
streamed record by record, so memory does not grow with the size of a corpus.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from phrasebook.errors import InputError
from phrasebook.read.decode import decode
from phrasebook.read.html import html_to_text
from phrasebook.read.metadata import (
    MANIFEST_NAMES,
    manifest_metadata,
    split_front_matter,
)
from phrasebook.read.pdf import pdf_to_text
from phrasebook.read.stream import StreamedDocument, open_streamed

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + (".pdf",)
_NOT_DOCUMENTS = {*MANIFEST_NAMES, "README.md"}


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


@dataclass
class PendingHtml:
    """A JSON Lines record whose HTML is parsed only by :meth:`document`: tagging with
    several processes leaves the parsing to the process that tags the record."""

    doc_id: str
    path: str
    html: str
    meta: dict[str, str] = field(default_factory=dict)

    def document(self) -> Document:
        return Document(self.doc_id, self.path, html_to_text(self.html), "utf-8", self.meta)


@dataclass
class ReadFailure:
    """An input that could not be read, with the reason (which names the file)."""

    doc_id: str
    path: str
    error: str
    status: str = "error"


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under ``paths`` in a stable order; folders are walked recursively."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
                if not hidden and file.name not in _NOT_DOCUMENTS:
                    yield file
        else:
            yield path


def read_documents(
    paths: Iterable[Path | str], *, stream_above: int | None = None, defer_html: bool = False
) -> Iterator[Document | StreamedDocument | PendingHtml | ReadFailure]:
    """Read every input; one unreadable file becomes a ReadFailure and the batch goes on.

    With ``stream_above``, a plain-text file of more bytes than that comes as a
    :class:`StreamedDocument`, read part by part by whoever consumes it (tagging does).
    With ``defer_html``, a JSON Lines record with HTML comes as a :class:`PendingHtml`.
    """
    for file in discover(Path(p) for p in paths):
        suffix = _suffix(file)
        if suffix not in SUPPORTED:
            yield ReadFailure(file.stem, str(file), f"{file}: unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED)}", "skipped")
            continue
        try:
            if suffix in JSONL_SUFFIXES:
                yield from _read_jsonl(file, defer_html)
            else:
                yield _read_file(file, suffix, stream_above)
        except InputError as exc:
            yield ReadFailure(file.stem, str(file), str(exc))
        except OSError as exc:
            yield ReadFailure(file.stem, str(file), f"{file}: {exc.strerror or exc}")


def _read_file(file: Path, suffix: str, stream_above: int | None) -> Document | StreamedDocument:
    if stream_above is not None and suffix in TEXT_SUFFIXES and file.stat().st_size > stream_above:
        return open_streamed(file, manifest_metadata(file))
    data = file.read_bytes()
    if not data:
        raise InputError(f"{file}: empty file (0 bytes)")
    meta = manifest_metadata(file)
    if suffix == ".pdf":
        return Document(meta.get("id") or file.stem, str(file), pdf_to_text(data, str(file)), "pdf", meta, join_lines=True)
    decoded = decode(data, str(file))
    text = decoded.text
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    front, body_start = split_front_matter(text, str(file))
    meta.update(front)
    if not text[body_start:].strip():
        raise InputError(f"{file}: no text in the document")
    return Document(meta.get("id") or file.stem, str(file), text, decoded.encoding, meta, body_start, warning=decoded.warning)


def _read_jsonl(file: Path, defer_html: bool) -> Iterator[Document | PendingHtml | ReadFailure]:
    """One document per JSON line: ``id``, ``text`` or ``html``, optional metadata."""
    opener = gzip.open if file.name.lower().endswith(".gz") else open
    number = 0
    try:
        with opener(file, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield _record(file, number, line, defer_html)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield ReadFailure(f"{file.stem}:{number + 1}", str(file), f"{file}: truncated or corrupt after line {number} ({exc})")
    except UnicodeDecodeError as exc:
        yield ReadFailure(f"{file.stem}:{number + 1}", str(file), f"{file}: line {number + 1} is not UTF-8 ({exc.reason})")


def _record(file: Path, number: int, line: str, defer_html: bool) -> Document | PendingHtml | ReadFailure:
    where = f"{file}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(f"{file.stem}:{number}", str(file), f"{where}: invalid JSON ({exc.msg})")
    if not isinstance(record, dict):
        return ReadFailure(f"{file.stem}:{number}", str(file), f"{where}: a record must be a JSON object")
    doc_id = str(record.get("id") or f"{file.stem}:{number}")
    meta = {k: str(v) for k, v in record.items() if k not in {"text", "html"} and isinstance(v, (str, int, float))}
    if isinstance(record.get("text"), str):
        return Document(doc_id, str(file), record["text"], "utf-8", meta)
    if isinstance(record.get("html"), str):
        pending = PendingHtml(doc_id, str(file), record["html"], meta)
        return pending if defer_html else pending.document()
    return ReadFailure(doc_id, str(file), f"{where}: record has neither a 'text' nor an 'html' string")
