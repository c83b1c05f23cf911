"""The notebook interface: plain functions that return pandas DataFrames."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from phrasebook.lexicon import Lexicon
from phrasebook.tagger import DOC_COLUMNS, MATCH_COLUMNS, Tagger, tag_documents


def _as_paths(paths: Iterable[Path | str] | Path | str) -> list[Path | str]:
    """One path or many: the functions below accept both."""
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def tag_with_documents(
    paths: Iterable[Path | str] | Path | str,
    *,
    lexicon: Lexicon | None = None,
    overlapping: bool = False,
    workers: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(matches, documents) for every file under ``paths``; unreadable files are error rows."""
    paths = _as_paths(paths)
    tagger = Tagger(lexicon, overlapping=overlapping)
    match_rows, doc_rows = [], []
    for rows, doc_row in tag_documents(paths, tagger, workers=workers):
        match_rows.extend(rows)
        if doc_row is not None:
            doc_rows.append(doc_row)
    return pd.DataFrame(match_rows, columns=MATCH_COLUMNS), pd.DataFrame(doc_rows, columns=DOC_COLUMNS)


def tag(
    paths: Iterable[Path | str] | Path | str,
    *,
    lexicon: Lexicon | None = None,
    overlapping: bool = False,
    workers: int = 1,
) -> pd.DataFrame:
    """One row per match, with the columns of ``phrasebook tag``."""
    return tag_with_documents(paths, lexicon=lexicon, overlapping=overlapping, workers=workers)[0]


def track(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: str = "year",
    per: int = 10_000,
    families: Sequence[str] = (),
    entries: Sequence[str] = (),
) -> pd.DataFrame:
    """Counts and rates per period and entry, from the two tables of :func:`tag_with_documents`."""
    from phrasebook.aggregate import track as track_table

    return track_table(matches, documents, by=by, per=per, families=families, entries=entries)


def kwic(paths: Iterable[Path | str] | Path | str, query: str, *, lexicon: Lexicon | None = None, window: int = 30) -> pd.DataFrame:
    """Keyword-in-context rows for an entry id, a family or a literal string."""
    from phrasebook.concordance import kwic as kwic_table
    from phrasebook.lexicon import load_lexicon

    return kwic_table(_as_paths(paths), query, lexicon=lexicon or load_lexicon(), window=window)


def compare(
    a: Iterable[Path | str] | Path | str, b: Iterable[Path | str] | Path | str, *, lexicon: Lexicon | None = None
) -> pd.DataFrame:
    """Formulations added, dropped and changed in frequency from documents A to documents B."""
    from phrasebook.aggregate import compare as compare_tables
    from phrasebook.concordance import sentence_around
    from phrasebook.read import Document, read_documents
    from phrasebook.tagger import text_size

    tagger = Tagger(lexicon)
    groups = []
    for paths in (a, b):
        rows, size = [], 0
        for document in read_documents(_as_paths(paths)):
            if not isinstance(document, Document):
                continue
            found = [row for row in tagger.tag_document(document)[0] if row["kind"] == "formulation"]
            for row in found:
                row["context"] = sentence_around(document.text, row["start"], row["end"])
            rows.extend(found)
            size += text_size(document.text[document.body_start :])
        if size == 0:
            raise ValueError(f"no readable text in {paths}")
        groups.append((pd.DataFrame(rows, columns=[*MATCH_COLUMNS, "context"]), size))
    (matches_a, size_a), (matches_b, size_b) = groups
    return compare_tables(matches_a, size_a, matches_b, size_b)


def _attributions(paths, lexicon: Lexicon | None, use_metadata: bool = True):
    from phrasebook.attribute.documents import attribute_paths

    return attribute_paths(_as_paths(paths), Tagger(lexicon), use_metadata=use_metadata)


def roles(paths: Iterable[Path | str] | Path | str, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Role designations: (doc_id, province, role, region, wording, ..., confidence, method)."""
    from phrasebook.attribute.roles import ROLE_COLUMNS
    from phrasebook.read import ReadFailure

    rows = [row for a in _attributions(paths, lexicon) if not isinstance(a, ReadFailure) for row in a.designations]
    return pd.DataFrame(rows, columns=ROLE_COLUMNS)


def partners(paths: Iterable[Path | str] | Path | str, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Partner countries and regions per document: (doc_id, kind, code, count, first_start)."""
    from phrasebook.attribute.documents import partner_rows
    from phrasebook.attribute.partners import PARTNER_COLUMNS
    from phrasebook.read import ReadFailure

    rows = [row for a in _attributions(paths, lexicon) if not isinstance(a, ReadFailure) for row in partner_rows(a)]
    return pd.DataFrame(rows, columns=PARTNER_COLUMNS)


def docs(
    paths: Iterable[Path | str] | Path | str, *, lexicon: Lexicon | None = None, use_metadata: bool = True
) -> pd.DataFrame:
    """Document-level tags: issuer, document type, provinces, families, designations, partners."""
    from phrasebook.attribute.doctype import load_model
    from phrasebook.attribute.documents import DOC_TAG_COLUMNS, document_row
    from phrasebook.read import ReadFailure

    rows = []
    for a in _attributions(paths, lexicon, use_metadata):
        if isinstance(a, ReadFailure):
            rows.append({"doc_id": a.doc_id, "path": a.path, "status": a.status, "error": a.error})
            continue
        known = a.document.meta.get("doc_type", "") if use_metadata else ""
        doc_type, confidence = (known, 1.0) if known else load_model().predict([a.document.text])[0]
        rows.append(document_row(a, doc_type, confidence))
    return pd.DataFrame(rows, columns=DOC_TAG_COLUMNS)


def engagements(paths: Iterable[Path | str] | Path | str, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Each issuing province's partner countries and regions, with counts and shares."""
    from phrasebook.aggregate import engagements as engagement_table
    from phrasebook.attribute.documents import partner_rows
    from phrasebook.attribute.partners import PARTNER_COLUMNS
    from phrasebook.read import ReadFailure

    rows, issuers = [], {}
    for a in _attributions(paths, lexicon):
        if not isinstance(a, ReadFailure):
            rows.extend(partner_rows(a))
            issuers[a.document.doc_id] = a.issuer.code
    return engagement_table(pd.DataFrame(rows, columns=PARTNER_COLUMNS), pd.Series(issuers, dtype=str))
