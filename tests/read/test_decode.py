"""Decoding never lets a UnicodeDecodeError escape: it is a warning or an InputError naming the file."""

from __future__ import annotations

import codecs

import pytest

from phrasebook.errors import InputError
from phrasebook.read.decode import decode

TEXT = "推进高水平对外开放𠮷"


def test_utf16_with_a_bom_cut_inside_a_character_is_a_truncation_warning() -> None:
    data = codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")
    for cut in (1, 2, 3):  # inside the last code unit, after the lead surrogate, inside the trail one
        decoded = decode(data[:-cut], "cut.txt")
        assert decoded.text == TEXT[:-1] and decoded.encoding == "utf-16"
        assert decoded.warning.startswith("cut.txt: truncated")


def test_utf16_with_a_bom_and_a_lone_surrogate_inside_is_an_input_error() -> None:
    data = codecs.BOM_UTF16_LE + "中".encode("utf-16-le") + b"\x00\xd8" + TEXT.encode("utf-16-le")
    with pytest.raises(InputError, match=r"^bad\.txt: not valid utf-16 at byte 4"):
        decode(data, "bad.txt")
