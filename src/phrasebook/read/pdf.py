"""The text layer of a PDF, with hard line wraps inside a sentence rejoined."""

from __future__ import annotations

import io
import re

from phrasebook.errors import InputError
from phrasebook.language import CJK

_WRAP = re.compile(rf"(?<=[{CJK}，、“”])\n(?=[{CJK}“”])")


def pdf_to_text(data: bytes, name: str) -> str:
    """Extract the text layer; a PDF without one is an error (it needs OCR, not phrasebook).
    pypdf is imported here: loading it takes a quarter of a second that runs without a PDF
    do not need."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise InputError(f"{name}: unreadable PDF ({exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(f"{name}: PDF has no text layer (scanned image?)")
    return _WRAP.sub("", text)
