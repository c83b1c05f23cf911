"""Bytes to text: BOMs, UTF-8, GB18030/GBK, Big5 and UTF-16, with the encoding recorded."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from phrasebook.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried after UTF-8: the legacy encodings of Chinese texts in the wild.
_LIKELY = ("gb18030", "big5")
_MAX_CONTROL_SHARE = 0.01
MAX_STRAY_BYTES = 8
"""At most this many invalid sequences in a UTF-8 text are replaced (with a warning) ..."""
VALID_PER_STRAY = 4
"""... and only when the text holds at least this many well-formed multi-byte UTF-8
characters per invalid sequence: a GBK or Big5 text read as UTF-8 fails on nearly every
Chinese character, while a UTF-8 text with a stray byte is well formed around it, however
short it is."""
_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Unicode category Cc (C0 and C1 controls) except tab, line feed, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warning: str = ""
    replaced_bytes: int = 0
    """How many invalid bytes were replaced with U+FFFD."""


def decode(data: bytes, name: str) -> Decoded:
    """Decode a file's bytes; raise InputError naming ``name`` when they are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_with_bom(data, encoding, name), name)
    if b"\x00" in data[:4096]:
        return _checked(_utf16_without_bom(data, name), name)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), name)
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            dropped = len(data) - exc.start
            warning = f"{name}: truncated: the last {dropped} byte(s) are an incomplete UTF-8 character, dropped"
            return _checked(Decoded(data[: exc.start].decode("utf-8"), "utf-8", warning), name)
    stray = _utf8_with_stray_bytes(data, name)
    if stray is not None:
        return _checked(stray, name)
    candidates = {}
    for encoding in _LIKELY:
        try:
            candidates[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(candidates) == 1:
        encoding, text = candidates.popitem()
        return _checked(Decoded(text, encoding), name)
    # GB18030 accepts most byte strings, Big5 too: let character statistics choose.
    best = from_bytes(data, cp_isolation=list(candidates) or None).best()
    if best is None:
        if candidates:
            return _checked(Decoded(candidates["gb18030"], "gb18030"), name)
        raise InputError(f"{name}: cannot detect a text encoding (binary or corrupt file)")
    return _checked(Decoded(str(best), best.encoding), name)


def _utf8_with_stray_bytes(data: bytes, name: str) -> Decoded | None:
    """UTF-8 text with a few invalid bytes (a stray byte from a bad copy): decoded with
    U+FFFD in their place and a warning that says where and how many bytes. Text with
    many invalid bytes, or few well-formed characters around them, is in another
    encoding and is left to the detection below."""
    bad: list[tuple[int, int]] = []  # (start, end) of each invalid sequence
    position = 0
    while len(bad) <= MAX_STRAY_BYTES:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad.append((position + exc.start, position + exc.end))
            position += exc.end
    if not bad or len(bad) > MAX_STRAY_BYTES:
        return None
    if len(_MULTIBYTE_UTF8.findall(data)) < VALID_PER_STRAY * len(bad):
        return None
    replaced = sum(end - start for start, end in bad)
    where = ", ".join(str(start) for start, _ in bad)
    warning = f"{name}: {replaced} invalid UTF-8 byte(s) at byte {where} replaced with U+FFFD"
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", warning, replaced)


def _with_bom(data: bytes, encoding: str, name: str) -> Decoded:
    """The encoding a BOM announces; an incomplete last character is dropped with a warning."""
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        if exc.end < len(data) - 3:
            raise InputError(f"{name}: not valid {encoding} at byte {exc.start} ({exc.reason})") from exc
        warning = f"{name}: truncated: the last {len(data) - exc.start} byte(s) are an incomplete {encoding} character, dropped"
        try:
            return Decoded(data[: exc.start].decode(encoding), encoding, warning)
        except UnicodeDecodeError as again:
            raise InputError(f"{name}: not valid {encoding} at byte {again.start} ({again.reason})") from again


def _utf16_without_bom(data: bytes, name: str) -> Decoded:
    """UTF-16 without a BOM: NUL bytes in every other position of ASCII-range text."""
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return Decoded(text, encoding)
    raise InputError(f"{name}: binary file (NUL bytes), not text")


def _checked(decoded: Decoded, name: str) -> Decoded:
    """Refuse 'text' that is mostly control characters: a binary file decoded by luck."""
    text = decoded.text
    if text:
        controls = len(_CONTROL.findall(text))
        if controls / len(text) > _MAX_CONTROL_SHARE:
            raise InputError(f"{name}: binary file ({controls} control characters), not text")
    return decoded
