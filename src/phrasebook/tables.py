"""The match and document tables: their columns, their rows, and their types in pandas.

Rows are plain dicts (for streaming to files); :func:`typed_matches` and
:func:`typed_documents` give the DataFrames of the library their types: ``year`` an
integer, ``date`` a datetime (with ``date_precision`` saying whether it names a day, a
month or a year), missing values missing, ``refers_to`` a list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from phrasebook.pipeline import DocumentInfo, TaggedDocument

if TYPE_CHECKING:
    import pandas as pd

    from phrasebook.lexicon import Lexicon

META_COLUMNS = ["title", "date", "year", "doc_type", "series", "issuer"]
MATCH_COLUMNS = [
    "doc_id", "path", "start", "end", "text", "entry_id", "kind", "family", "canonical",
    "role", "refers_to", "via", "sentence_index", "lexicon_version", *META_COLUMNS,
]
DOC_COLUMNS = [
    "doc_id", "path", "encoding", "chars", "n_matches", "status", "error", "lexicon_version",
    "title", "date", "date_precision", "date_source", "year", "doc_type", "doc_type_source", "doc_type_confidence",
    "series", "issuer", "issuer_source", "issuer_confidence", "content_hash", "replaced_bytes",
]
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


def typed_matches(frame: pd.DataFrame) -> pd.DataFrame:
    """The match table with its types (see the module docstring)."""
    import pandas as pd

    frame = frame.reindex(columns=MATCH_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    frame["date"] = as_datetimes(frame["date"])
    for column in ("start", "end", "sentence_index"):
        frame[column] = frame[column].astype("int64")
    return frame.astype({c: pd.StringDtype() for c in ("doc_id", "path", "text", "entry_id", "kind", "family", "canonical", "via", "lexicon_version", "doc_type", "series", "issuer", "title", "role")})


def typed_documents(frame: pd.DataFrame) -> pd.DataFrame:
    """The documents table with its types (see the module docstring)."""
    import pandas as pd

    frame = frame.reindex(columns=DOC_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    frame["date"] = as_datetimes(frame["date"])
    frame["chars"] = frame["chars"].astype("int64")
    frame["n_matches"] = frame["n_matches"].astype("int64")
    frame["replaced_bytes"] = frame["replaced_bytes"].astype("Int64")
    for column in ("doc_type_confidence", "issuer_confidence"):
        frame[column] = frame[column].astype("Float64")
    text_columns = [c for c in DOC_COLUMNS if c not in {"year", "date", "chars", "n_matches", "replaced_bytes", "doc_type_confidence", "issuer_confidence"}]
    return frame.astype({c: pd.StringDtype() for c in text_columns})


def as_datetimes(values: pd.Series) -> pd.Series:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` text as datetimes (the start of the period)."""
    import pandas as pd

    text = values.astype("string")
    padded = text.where(text.str.len() != 4, text + "-01-01").where(text.str.len() != 7, text + "-01")
    return pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")


_INTEGERS = {"start", "end", "sentence_index", "year", "chars", "n_matches", "replaced_bytes"}
_FLOATS = {"doc_type_confidence", "issuer_confidence", "confidence", "score"}
_LISTS = {"refers_to"}


def parquet_schema(columns: list[str]) -> Any:
    """The Parquet types of a table's columns, so that every part of a partitioned table
    has the same schema (an empty part too)."""
    import pyarrow as pa

    def kind(column: str) -> Any:
        if column in _INTEGERS:
            return pa.int64()
        if column in _FLOATS:
            return pa.float64()
        if column in _LISTS:
            return pa.list_(pa.string())
        return pa.string()

    return pa.schema([(column, kind(column)) for column in columns])
