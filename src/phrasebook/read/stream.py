"""Large plain-text files, read part by part so that memory does not grow with the file.

A text file above STREAM_BYTES (when tagging) is not decoded whole: its encoding, front
matter and line-wrapping are decided from its first SAMPLE_BYTES, then it is decoded
incrementally and handed out in parts of about PART_CHARS characters.

Where a part ends matters: normalising joins Chinese characters across a line break
(辐射\\n中心 in a wrapped text) and across spaces, and sentences are counted by runs of
end marks. So a part ends, by preference, after a run of line breaks that follows a
character that is neither Chinese nor a space (no join can happen there), else after a
run of sentence stops (。 and the like, with closing quotes). Either way no run of
sentence ends is split and no match can span two parts. Only a text with neither in
MAX_PART_CHARS characters is cut where the buffer ends, which could split a match there.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from phrasebook.errors import PartialDecodeError
from phrasebook.language import CJK, CLOSERS, STOPS
from phrasebook.read.decode import decode
from phrasebook.read.metadata import split_front_matter

STREAM_BYTES = 32_000_000
"""Plain-text files above this size are read and tagged in parts."""
SAMPLE_BYTES = 1_000_000
PART_CHARS = 1_000_000
MAX_PART_CHARS = 4 * PART_CHARS
_BLOCK_BYTES = 1_000_000
_LINE_END_CUT = re.compile(rf"[^\s{CJK}][ \t\u00a0\u3000\r]*\n+(?=[^\n])")
# After a whole run of stops and closing quotes: the sentence ends of phrasebook.language.
_STOP_CUT = re.compile(f"[{STOPS}]+[{CLOSERS}]*(?=[^{STOPS}{CLOSERS}])")


@dataclass
class StreamedDocument:
    """A plain-text document too large to hold whole; :meth:`parts` reads it.

    ``warning`` is complete only after :meth:`parts` has been read to its end.
    """

    doc_id: str
    path: str
    file: Path
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)
    body_start: int = 0
    join_lines: bool | None = None
    warning: str = ""
    content_hash: str = ""

    def parts(self) -> Iterator[tuple[int, str]]:
        """(offset in the decoded file, text) of each part of the body, in order.

        Invalid bytes raise :class:`PartialDecodeError` once the parts before them are out.
        """
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="strict")
        buffer, offset, consumed = "", 0, 0
        skip = self.body_start  # front matter, already read into meta
        with open(self.file, "rb") as handle:
            while True:
                block = handle.read(_BLOCK_BYTES)
                try:
                    buffer += decoder.decode(block, final=not block)
                except UnicodeDecodeError as exc:
                    if block:
                        raise PartialDecodeError(
                            f"{self.path}: not valid {self.encoding} near byte {consumed + exc.start} ({exc.reason})",
                            offset,
                        ) from exc
                    self.warning = f"{self.path}: truncated: the last byte(s) are an incomplete {self.encoding} character, dropped"
                consumed += len(block)
                if skip and len(buffer) >= skip:
                    buffer, offset, skip = buffer[skip:], skip, 0
                while not skip and len(buffer) > PART_CHARS:
                    cut = _cut(buffer)
                    if cut is None:
                        break
                    yield offset, buffer[:cut]
                    buffer, offset = buffer[cut:], offset + cut
                if not block:
                    break
        if buffer:
            yield offset, buffer


def _cut(buffer: str) -> int | None:
    """Where to end a part (see the module notes): the last cut of the preferred kind in
    the second half of the buffer, else of the other kind, else None to keep reading, or
    the buffer's end once it holds MAX_PART_CHARS."""
    half = len(buffer) // 2
    for pattern in (_LINE_END_CUT, _STOP_CUT):
        last = None
        for found in pattern.finditer(buffer, half):
            last = found.end()
        if last is not None:
            return last
    return len(buffer) if len(buffer) >= MAX_PART_CHARS else None


def _whole_characters(sample: bytes, utf16: bool) -> bytes:
    """The sample cut where no character is split: for UTF-16 at an even byte and not after
    a lead surrogate; otherwise after a line break (0x0A and 0x0D are never inside a
    multi-byte character in UTF-8, GB18030 or Big5)."""
    if utf16:
        sample = sample[: len(sample) // 2 * 2]
        if len(sample) >= 2 and (0xD8 <= sample[-1] <= 0xDB or 0xD8 <= sample[-2] <= 0xDB):
            sample = sample[:-2]
        return sample
    end = max(sample.rfind(b"\n"), sample.rfind(b"\r"))
    return sample[: end + 1] if end >= 0 else sample


def open_streamed(file: Path, doc_id: str, name: str, meta: dict[str, str]) -> StreamedDocument:
    """Decide the encoding, front matter and wrapping of a large text file from its start."""
    from phrasebook.normalize import looks_hard_wrapped

    with open(file, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    utf16 = sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in sample[:4096]
    decoded = decode(_whole_characters(sample, utf16), name)
    front, body_start = split_front_matter(decoded.text, name)
    meta = {**meta, **front}
    return StreamedDocument(
        str(meta.get("id") or doc_id), name, file, decoded.encoding, meta, body_start,
        looks_hard_wrapped(decoded.text[body_start:]), content_hash=_file_hash(file),
    )


def _file_hash(file: Path) -> str:
    """The file's content hash, read in blocks (the same digest as for a file read whole)."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    with open(file, "rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK_BYTES * 8), b""):
            digest.update(block)
    return digest.hexdigest()
