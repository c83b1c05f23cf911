"""When a document was issued, by whom, and what kind of document it is: from its
metadata where it has them, else inferred from its text, always with the source of each
so that an analyst can tell a manifest's word from a guess.

- date: the metadata's ``date``, else its ``year``; else a 年月日 date (Arabic or Chinese
  numerals) near the top of the text; else a year in the title; else a date or year in
  the file name (``date_source`` ``filename``: ``gwr-2015.txt``, ``2024-03-05_news.html``,
  ``20240305.txt``, ``2015年报告.txt``; four digits from 1949 to 2099 that no other digit
  touches), or, when the caller gives a ``date_pattern``, by that pattern alone
  (:func:`name_pattern`); else none.
- issuer: see :mod:`phrasebook.facts.issuer`.
- document type: the metadata's ``doc_type``, else the document-type model (only when
  asked: it costs about as much as tagging a short news item).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import PurePath

from phrasebook.errors import UsageError
from phrasebook.facts.issuer import Issuer, infer_issuer
from phrasebook.tagger import TextMatch

DATE_CHARS = 300
_NUMERAL = "〇零一二三四五六七八九十"
_DATE_IN_TEXT = re.compile(rf"((?:19|20)\d{{2}}|[一二][{_NUMERAL}]{{3}})年([0-9]{{1,2}}|[{_NUMERAL}]{{1,2}})月([0-9]{{1,2}}|[{_NUMERAL}]{{1,3}})日")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})年")
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True)
class DocumentFacts:
    """Date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), issuer and type, each with its source."""

    date: str
    date_source: str
    issuer: str
    issuer_source: str
    issuer_confidence: float
    doc_type: str = ""
    doc_type_source: str = "none"
    doc_type_confidence: float | None = None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def infer_facts(
    meta: dict[str, str], text: str, matches: list[TextMatch], title_matches: list[TextMatch], *,
    doc_type: tuple[str, float] | None = None, name: str = "", date_pattern: str = "",
) -> DocumentFacts:
    """The facts of one document from its metadata, its text and its matches.

    ``doc_type`` is the model's prediction, when the caller asked for one; a document
    type in the metadata always wins.
    """
    date, date_source = document_date(meta, text, name, date_pattern)
    issuer: Issuer = infer_issuer(text, matches, title_matches, meta.get("issuer", ""))
    if meta.get("doc_type"):
        kind, kind_source, kind_confidence = meta["doc_type"], "metadata", 1.0
    elif doc_type is not None:
        kind, kind_source, kind_confidence = doc_type[0], "model", doc_type[1]
    else:
        kind, kind_source, kind_confidence = "", "none", None
    return DocumentFacts(date, date_source, issuer.code, issuer.method, issuer.confidence, kind, kind_source, kind_confidence)


def document_date(meta: dict[str, str], text: str, name: str = "", date_pattern: str = "") -> tuple[str, str]:
    """(date, source): see the module docstring for the order of the sources; ``name`` is
    the document's file name, read by ``date_pattern`` when one is given."""
    for key in ("date", "year"):
        value = normalize_date(meta.get(key, ""))
        if value:
            return value, "metadata"
    found = _DATE_IN_TEXT.search(text[:DATE_CHARS])
    if found:
        year, month, day = (_number(part) for part in found.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}", "text"
    found = _YEAR_IN_TITLE.search(meta.get("title", ""))
    if found:
        return found.group(1), "title"
    value = date_by_pattern(name, date_pattern) if date_pattern else date_in_name(name)
    return (value, "filename") if value else ("", "none")


_DATE_IN_NAME = re.compile(r"(?<!\d)(19[4-9]\d|20\d{2})(?:[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?)?(?!\d)")


def date_in_name(name: str) -> str:
    """The date or year a file name carries (``YYYY-MM-DD``, ``YYYYMMDD``, ``YYYY-MM``,
    ``YYYY``), or ""; a month needs a separator or a day after it (``201503`` is no date)."""
    for found in _DATE_IN_NAME.finditer(name):
        year, month, day = found.groups()
        if month and not day and not re.search(r"\d[-_.]\d", found.group(0)):
            continue  # 201503: a year and a number, or a month without a separator
        if year and 1949 <= int(year) <= 2099:
            return "-".join(part for part in (year, month, day) if part)
    return ""


_PLACEHOLDER = re.compile(r"\{(year|month|day)\}|\*")
_PLACEHOLDER_REGEX = {"{year}": r"(?P<year>\d{4})", "{month}": r"(?P<month>\d{1,2})", "{day}": r"(?P<day>\d{1,2})", "*": ".*?"}


@functools.lru_cache(maxsize=16)
def name_pattern(pattern: str) -> re.Pattern[str]:
    """A file-name pattern as a regex: ``{year}``, ``{month}`` and ``{day}`` stand for
    their digits, ``*`` for any characters, everything else for itself; it must match
    the whole name without its suffix (``gwr-{year}`` reads gwr-2015.txt, ``{year}{month}{day}_*``
    reads 20160614_xwlb.html). A :class:`UsageError` when it has no ``{year}`` or a
    placeholder twice."""
    names = _PLACEHOLDER.findall(pattern)
    if "year" not in names or len([n for n in names if n]) != len({n for n in names if n}):
        raise UsageError(f"date pattern {pattern!r}: give {{year}} once, and {{month}} and {{day}} at most once each (* for any characters)")
    parts, position = [], 0
    for found in _PLACEHOLDER.finditer(pattern):
        parts += [re.escape(pattern[position : found.start()]), _PLACEHOLDER_REGEX[found.group(0)]]
        position = found.end()
    return re.compile("".join([*parts, re.escape(pattern[position:])]))


def date_by_pattern(name: str, pattern: str) -> str:
    """The date ``pattern`` reads in the file ``name`` (without its suffixes), or "" when
    the name does not fit the pattern or names no real date."""
    suffix = ".jsonl.gz" if name.lower().endswith(".jsonl.gz") else PurePath(name).suffix
    stem = name[: len(name) - len(suffix)]
    found = name_pattern(pattern).fullmatch(stem)
    if not found:
        return ""
    year, month, day = (found.groupdict().get(key) for key in ("year", "month", "day"))
    if not 1949 <= int(year) <= 2099 or (month and not 1 <= int(month) <= 12) or (day and (not month or not 1 <= int(day) <= 31)):
        return ""
    return "-".join([year, *([f"{int(month):02d}"] if month else []), *([f"{int(day):02d}"] if month and day else [])])


_DAY_IN_SENTENCE = re.compile(
    rf"(?:((?:19|20)\d{{2}}|[一二][{_NUMERAL}]{{3}})年)?([0-9]{{1,2}}|[{_NUMERAL}]{{1,2}})月([0-9]{{1,2}}|[{_NUMERAL}]{{1,3}})日"
)
_MONTH_IN_SENTENCE = re.compile(rf"((?:19|20)\d{{2}}|[一二][{_NUMERAL}]{{3}})年([0-9]{{1,2}}|[{_NUMERAL}]{{1,2}})月")
_MONTH_OPENING = re.compile(rf"^\s*([0-9]{{1,2}}|[{_NUMERAL}]{{1,2}})月(?:份|上旬|中旬|下旬|初|底)?[，,、]")
PRECISION = {4: "year", 7: "month", 10: "day"}


def has_own_date(sentence: str) -> bool:
    """Whether a sentence dates what it reports (a 月日, a 年月 or an opening 6月，)."""
    return bool(_DAY_IN_SENTENCE.search(sentence) or _MONTH_IN_SENTENCE.search(sentence) or _MONTH_OPENING.match(sentence))


def sentence_date(sentence: str, document: str) -> tuple[str, str, str]:
    """(date, precision, source) of what a sentence reports: its own 年月日 or 月日 (the
    year from the document's date; a dateline's 6月6日电 is when it was reported, not
    what), else its 年月 or an opening 6月， (the year likewise), else the document's date."""
    found = next((f for f in _DAY_IN_SENTENCE.finditer(sentence) if not sentence.startswith("电", f.end())), None)
    if found and (found.group(1) or document):
        year = _number(found.group(1)) if found.group(1) else int(document[:4])
        month, day = _number(found.group(2)), _number(found.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}", "day", "sentence"
    found = _MONTH_IN_SENTENCE.search(sentence)
    if found and 1 <= _number(found.group(2)) <= 12:
        return f"{_number(found.group(1)):04d}-{_number(found.group(2)):02d}", "month", "sentence"
    found = _MONTH_OPENING.match(sentence)
    if found and document and 1 <= _number(found.group(1)) <= 12:
        return f"{document[:4]}-{_number(found.group(1)):02d}", "month", "sentence"
    if document:
        return document, PRECISION.get(len(document), "year"), "document"
    return "", "", "none"


def normalize_date(value: str) -> str:
    """A metadata date as ``YYYY[-MM[-DD]]`` (2024-7-1 → 2024-07-01); empty if it is none."""
    found = _DATE_VALUE.match(str(value).strip())
    if not found:
        return ""
    year, month, day = found.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def _number(text: str) -> int:
    """An Arabic or Chinese numeral of a date: 2025, 二〇二五, 十四, 三十一."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
    if "十" not in text:
        return int("".join(str(digits[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
