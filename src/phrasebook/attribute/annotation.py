"""Material for annotators: role candidates to label, and copies of annotated sentences in
another script or with the debris of web pages, whose labels carry over from their source.

:func:`candidate_records` turns a corpus's role candidates into records of the
annotation format (annotations/GUIDELINES.md) with the label and the attribution left
for the annotator, and the context an annotator needs (the document's issuer, title and
the opening of the paragraph). :func:`traditional_copy` and :func:`web_copy` make the
derived records (``<doc>@hant``, ``<doc>@web``) that teach and test the classifier on
traditional script and on scraped pages.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from phrasebook.attribute.role_classifier import source_kind
from phrasebook.language import CJK

if TYPE_CHECKING:
    import pandas as pd

_SYLLABLES = ("fā", "zhǎn", "zhōng", "xīn", "kāi", "fàng", "guó", "jì", "mén", "hù", "shū", "niǔ", "tōng", "dào", "gāo", "dì", "qiáo", "tóu", "bǎo", "jī")
_CHINESE = re.compile(f"[{CJK}]")


def candidate_records(
    *, candidates: pd.DataFrame, documents: pd.DataFrame, paragraph_start: Callable[[str, int], str]
) -> list[dict[str, Any]]:
    """One record per role candidate (a corpus's ``roles(candidates=True)``), label and
    attribution left empty, with its document's issuer and title (``documents``) and the
    opening of its paragraph (``paragraph_start(doc_id, start)``)."""
    documents = documents.set_index("doc_id")
    records = []
    for row in candidates.to_dict("records"):
        document = documents.loc[row["doc_id"]]
        if hasattr(document, "ndim") and document.ndim > 1:
            document = document.iloc[0]
        records.append(
            {
                "doc": row["doc_id"], "source_kind": source_kind(row["doc_id"]), "issuer": _text(document["issuer"]),
                "title": _text(document["title"]), "paragraph_start": paragraph_start(row["doc_id"], row["start"]),
                "sentence": row["sentence"], "wording": row["wording"], "head": row["head"], "role": row["role"],
                "start": int(row["start"]), "end": int(row["end"]),
                "label": None, "scope": None, "province": None, "region": None, "annotator": None, "why": None,
            }
        )
    return records


def _text(value: Any) -> str:
    """A cell as text; missing (None, NaN, pandas' NA) as empty."""
    import pandas as pd

    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


@lru_cache(maxsize=1)
def _to_traditional():
    import opencc

    return opencc.OpenCC("s2t").convert


def traditional_copy(record: dict[str, Any]) -> dict[str, Any]:
    """The record in traditional script (OpenCC s2t), as ``<doc>@hant``; same label."""
    convert = _to_traditional()
    before, after = _around(record)
    return {**record, "doc": f"{record['doc']}@hant", "sentence": convert(before) + convert(record["wording"]) + convert(after),
            "wording": convert(record["wording"]), "why": f"traditional copy of {record['doc']}: {record.get('why') or ''}".strip()}


def web_copy(record: dict[str, Any], *, seed: int) -> dict[str, Any]:
    """The record with the debris of a scraped page, as ``<doc>@web``; same label: pinyin
    after some characters (發(fā)展), spaces between characters, a line break in mid-sentence,
    quotation marks around the head, half the sentence in traditional script."""
    chance = random.Random(seed)
    convert = _to_traditional()
    before, after = _around(record)
    wording = record["wording"]
    head = record.get("head") or ""
    if head and head in wording and chance.random() < 0.5:
        position = wording.rindex(head)
        wording = wording[:position] + "“" + head + "”" + wording[position + len(head) :]
    parts = [before, wording, after]
    if chance.random() < 0.5:
        parts = [convert(part) if index != 2 else part for index, part in enumerate(parts)]
    parts = [_debris(part, chance) for part in parts]
    return {**record, "doc": f"{record['doc']}@web", "sentence": "".join(parts), "wording": parts[1],
            "why": f"web copy of {record['doc']}: {record.get('why') or ''}".strip()}


def _around(record: dict[str, Any]) -> tuple[str, str]:
    sentence, wording = record["sentence"], record["wording"]
    position = sentence.index(wording)
    return sentence[:position], sentence[position + len(wording) :]


def _debris(text: str, chance: random.Random) -> str:
    """Pinyin after about one Chinese character in twelve, a space after one in fifteen,
    and a line break after the twentieth character (in a text long enough)."""
    pieces = []
    for index, character in enumerate(text):
        pieces.append(character)
        if _CHINESE.match(character) and index + 1 < len(text) and _CHINESE.match(text[index + 1]):
            roll = chance.random()
            if roll < 1 / 12:
                pieces.append(f"({chance.choice(_SYLLABLES)})")
            elif roll < 1 / 12 + 1 / 15:
                pieces.append(" ")
            elif index == 20:
                pieces.append("\n")
    return "".join(pieces)
