"""The match and document tables: their columns, their rows, and their types in pandas.

Rows are plain dicts (for streaming to files; dates as text there); the DataFrames of the
library get the types that :mod:`phrasebook.schema` declares (``typed("matches", ...)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from phrasebook.pipeline import DocumentInfo, TaggedDocument
from phrasebook.schema import column_kinds, column_names, written_columns

if TYPE_CHECKING:
    import pandas as pd

    from phrasebook.lexicon import Lexicon

MATCH_COLUMNS = column_names("matches")
DOC_COLUMNS = written_columns("documents")
MATCH_KEYS = ["doc_id", "start", "end", "text", "entry_id", "via", "sentence_index"]
"""What a match itself holds; the other columns come from its entry and its document."""
_PRECISION = {4: "year", 7: "month", 10: "day"}


def document_meta(info: DocumentInfo) -> dict[str, Any]:
    """The metadata every row of a document carries: the manifest's, else inferred."""
    facts = info.facts
    return {
        "title": info.meta.get("title") or None,
        "date": (facts.date if facts else "") or None,
        "year": facts.year if facts else None,
        "doc_type": (facts.doc_type if facts else info.meta.get("doc_type", "")) or None,
        "series": info.meta.get("series") or None,
        "issuer": (facts.issuer if facts else info.meta.get("issuer", "")) or None,
    }


def match_rows(item: TaggedDocument, lexicon_version: str, meta: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """One row per match of ``item``, with offsets into the whole decoded file."""
    meta = document_meta(item.info) if meta is None else meta
    doc_id, path, offset = item.info.doc_id, item.info.path, item.offset
    return [
        {
            "doc_id": doc_id, "path": path, "start": start + offset, "end": end + offset,
            "text": surface, "entry_id": entry_id, "kind": kind, "family": family,
            "canonical": canonical, "role": role or None, "refers_to": refers_to.split("|") if refers_to else [],
            "via": via, "sentence_index": sentence, "lexicon_version": lexicon_version, **meta,
        }
        for start, end, surface, entry_id, kind, family, canonical, role, refers_to, via, sentence in item.matches
    ]


def document_row(info: DocumentInfo, lexicon_version: str) -> dict[str, Any]:
    """The documents-table row of a whole document (read it from the last item)."""
    facts = info.facts
    date = facts.date if facts else ""
    return {
        "doc_id": info.doc_id, "path": info.path, "encoding": info.encoding or None, "chars": info.chars,
        "n_matches": info.n_matches, "status": info.status, "error": info.error or info.warning or None,
        "lexicon_version": lexicon_version, **document_meta(info),
        "date_precision": _PRECISION.get(len(date)), "date_source": facts.date_source if facts else None,
        "doc_type_source": facts.doc_type_source if facts else None,
        "doc_type_confidence": facts.doc_type_confidence if facts else None,
        "issuer_source": facts.issuer_source if facts else None,
        "issuer_confidence": facts.issuer_confidence if facts else None,
        "content_hash": info.content_hash or None,
        "replaced_bytes": info.replaced_bytes,
    }


def entry_table(lexicon: Lexicon) -> pd.DataFrame:
    """The columns a match takes from its lexicon entry, one row per entry id."""
    import pandas as pd

    return pd.DataFrame(
        [(e.id, e.kind, e.family, e.canonical, e.role, list(e.refers_to)) for e in lexicon.entries],
        columns=["entry_id", "kind", "family", "canonical", "role", "refers_to"],
    )


def parquet_schema(columns: list[str]) -> Any:
    """The Parquet types of a table's columns, so that every part of a partitioned table
    has the same schema (an empty part too)."""
    import pyarrow as pa

    types = {"integer": pa.int64(), "number": pa.float64(), "list": pa.list_(pa.string()), "flag": pa.bool_()}
    kinds = column_kinds()
    return pa.schema([(column, types.get(kinds.get(column, "text"), pa.string())) for column in columns])
