"""The notebook interface: plain functions that return pandas DataFrames."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from phrasebook.lexicon import Lexicon
from phrasebook.tagger import DOC_COLUMNS, MATCH_COLUMNS, Tagger, tag_documents


def tag_with_documents(
    paths: Iterable[Path | str] | Path | str,
    *,
    lexicon: Lexicon | None = None,
    overlapping: bool = False,
    workers: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(matches, documents) for every file under ``paths``; unreadable files are error rows."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    tagger = Tagger(lexicon, overlapping=overlapping)
    match_rows, doc_rows = [], []
    for rows, doc_row in tag_documents(paths, tagger, workers=workers):
        match_rows.extend(rows)
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
