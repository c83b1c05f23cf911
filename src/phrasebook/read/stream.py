"""Large plain-text files, read part by part so that memory does not grow with the file.

A text file above STREAM_BYTES (when tagging) is not decoded whole: its encoding, front matter and
line-wrapping are decided from its first SAMPLE_BYTES, then it is decoded incrementally and
handed out in parts of about PART_CHARS characters. A part always ends after a run of line
breaks (never inside one, so sentence counting is unchanged), preferably after one that
follows a non-Chinese character, so that no wrapped word (辐射\\n中心) is cut in two; a
match can therefore never span two parts.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from phrasebook.errors import InputError
from phrasebook.read.decode import decode
from phrasebook.read.metadata import split_front_matter

STREAM_BYTES = 32_000_000
SAMPLE_BYTES = 1_000_000
PART_CHARS = 1_000_000
_BLOCK_BYTES = 1_000_000
# A cut point: after a run of line breaks that follows a character that is not Chinese.
_CLEAN_CUT = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\n]\n+(?=[^\n])")
_ANY_CUT = re.compile(r"\n+(?=[^\n])")


@dataclass
class StreamedDocument:
    """A plain-text document too large to hold whole; :meth:`parts` reads it.

    ``warning`` is complete only after :meth:`parts` has been read to its end.
    """

    doc_id: str
    path: str
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)
    body_start: int = 0
    join_lines: bool | None = None
    warning: str = ""

    def parts(self) -> Iterator[tuple[int, str]]:
        """(offset in the decoded file, text) of each part of the body, in order."""
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="strict")
        buffer, offset, consumed = "", 0, 0
        skip = self.body_start  # front matter, already read into meta
        with open(self.path, "rb") as handle:
            while True:
                block = handle.read(_BLOCK_BYTES)
                try:
                    buffer += decoder.decode(block, final=not block)
                except UnicodeDecodeError as exc:
                    if block:
                        raise InputError(
                            f"{self.path}: not valid {self.encoding} near byte {consumed + exc.start} ({exc.reason})"
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
    """Where to end a part: the last clean cut in the second half of the buffer, else the
    last cut of any kind, else None (keep reading)."""
    half = len(buffer) // 2
    for pattern in (_CLEAN_CUT, _ANY_CUT):
        last = None
        for found in pattern.finditer(buffer, half):
            last = found.end()
        if last is not None:
            return last
    return None


def open_streamed(file: Path, meta: dict[str, str]) -> StreamedDocument:
    """Decide the encoding, front matter and wrapping of a large text file from its start."""
    from phrasebook.normalize import looks_hard_wrapped

    with open(file, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    utf16 = sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in sample[:4096]
    # Cut the sample where no character can be split: at an even byte for UTF-16, else
    # after a line break (0x0A is never part of a multi-byte character in UTF-8, GB18030 or Big5).
    sample = sample[: len(sample) // 2 * 2] if utf16 else sample[: sample.rfind(b"\n") + 1] or sample
    decoded = decode(sample, str(file))
    front, body_start = split_front_matter(decoded.text, str(file))
    if not decoded.text[body_start:].strip():
        raise InputError(f"{file}: no text at the start of the document")
    meta = {**meta, **front}
    return StreamedDocument(
        meta.get("id") or file.stem, str(file), decoded.encoding, meta, body_start, looks_hard_wrapped(decoded.text)
    )
