# cython: language_level=3, boundscheck=False, wraparound=False
"""The normaliser's checks, compiled: one pass over the code points of a text.

Most texts need no normalising at all (no traditional character, nothing to fold, no
wrapped line), and settling that is a scan of the whole text; a regular expression with a
character class of some 2,800 traditional characters does it at about 70 MB/s, this at
several hundred. Character sets are bitmaps over the Basic Multilingual Plane (8 KB):
every character that normalising can change lies there.
"""

from libc.stdint cimport uint32_t


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_ssize_t PyUnicode_GET_LENGTH(object text)
    uint32_t PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil


BITMAP_BYTES = 0x10000 // 8


def bitmap(characters: str) -> bytes:
    """The bitmap of ``characters`` (each in the Basic Multilingual Plane)."""
    bits = bytearray(BITMAP_BYTES)
    for character in characters:
        code = ord(character)
        if code >= 0x10000:
            raise ValueError(f"{character!r} lies beyond the Basic Multilingual Plane")
        bits[code >> 3] |= 1 << (code & 7)
    return bytes(bits)


cdef inline bint _in(const unsigned char[:] bits, uint32_t code) noexcept nogil:
    return code < 0x10000 and (bits[code >> 3] >> (code & 7)) & 1


def holds_any(str text, const unsigned char[:] characters) -> bool:
    """True when ``text`` holds a character of the bitmap ``characters``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text)
    if len(characters) != BITMAP_BYTES:
        raise ValueError("a character bitmap has 8,192 bytes")
    for i in range(n):
        if _in(characters, PyUnicode_READ(kind, data, i)):
            return True
    return False


def needs_normalizing(str text, const unsigned char[:] changing, const unsigned char[:] pinyin, const unsigned char[:] chinese) -> bool:
    """True when some step of normalising could change ``text``: it holds a character of
    ``changing``, a line break right after a character of ``chinese``, or an opening
    bracket right before a character of ``pinyin``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text)
    cdef uint32_t code, previous = 0
    if len(changing) != BITMAP_BYTES or len(pinyin) != BITMAP_BYTES or len(chinese) != BITMAP_BYTES:
        raise ValueError("a character bitmap has 8,192 bytes")
    for i in range(n):
        code = PyUnicode_READ(kind, data, i)
        if _in(changing, code):
            return True
        if code == 10 and _in(chinese, previous):
            return True
        if (code == 0x28 or code == 0xFF08) and i + 1 < n and _in(pinyin, PyUnicode_READ(kind, data, i + 1)):
            return True
        previous = code
    return False
