"""One-line conveniences for notebooks: each makes a :class:`phrasebook.Corpus` and asks
it one question. To ask several, make the corpus yourself and reuse it."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

from phrasebook.corpus import Corpus, Paths
from phrasebook.errors import PhrasebookWarning
from phrasebook.lexicon import Lexicon

if TYPE_CHECKING:
    import pandas as pd


def _warn_failures(corpus: Corpus) -> None:
    """Say which inputs could not be read: a table alone would not show them."""
    failures = corpus.failures()
    if failures:
        shown = "; ".join(failures[:3]) + (" ..." if len(failures) > 3 else "")
        warnings.warn(
            f"{len(failures)} input(s) could not be read or were skipped (see the documents table): {shown}",
            PhrasebookWarning,
            stacklevel=3,
        )


def tag_with_documents(
    paths: Paths, *, lexicon: Lexicon | None = None, overlapping: bool = False, workers: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(matches, documents) for every file under ``paths``; unreadable files are error rows."""
    corpus = Corpus(paths, lexicon=lexicon, overlapping=overlapping, workers=workers, keep_text=False, infer_doc_types=False)
    matches, documents = corpus.matches, corpus.documents
    _warn_failures(corpus)
    return matches, documents


def tag(paths: Paths, *, lexicon: Lexicon | None = None, overlapping: bool = False, workers: int = 1) -> pd.DataFrame:
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
    zeros: bool | None = None,
) -> pd.DataFrame:
    """Counts and rates per period and entry, from the two tables of :func:`tag_with_documents`."""
    from phrasebook.aggregate.track import track as track_table

    return track_table(matches, documents, by=by, per=per, families=families, entries=entries, zeros=zeros)


def kwic(paths: Paths, query: str, *, lexicon: Lexicon | None = None, window: int = 30) -> pd.DataFrame:
    """Keyword-in-context rows for an entry id, a family or a literal string."""
    corpus = Corpus(paths, lexicon=lexicon, infer_doc_types=False)
    table = corpus.kwic(query, window=window)
    _warn_failures(corpus)
    return table


def compare(a: Paths, b: Paths, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Formulations added, dropped and changed in frequency from documents A to documents B."""
    from phrasebook.aggregate.compare import compare_corpora

    first = Corpus(a, lexicon=lexicon, infer_doc_types=False)
    second = Corpus(b, lexicon=first.lexicon, infer_doc_types=False)
    table = compare_corpora(first, second)
    _warn_failures(first)
    _warn_failures(second)
    return table


def roles(paths: Paths, *, lexicon: Lexicon | None = None, threshold: float = 0.5, candidates: bool = False) -> pd.DataFrame:
    """Role designations: (doc_id, province, role, region, wording, ..., confidence, method)."""
    corpus = Corpus(paths, lexicon=lexicon, keep_text=False, infer_doc_types=False)
    table = corpus.roles(threshold=threshold, candidates=candidates)
    _warn_failures(corpus)
    return table


def partners(paths: Paths, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Partner countries and regions per document: (doc_id, kind, code, count, first_start)."""
    corpus = Corpus(paths, lexicon=lexicon, keep_text=False, infer_doc_types=False)
    table = corpus.partners()
    _warn_failures(corpus)
    return table


def docs(paths: Paths, *, lexicon: Lexicon | None = None, use_metadata: bool = True) -> pd.DataFrame:
    """Document-level tags: issuer, date, type (each with its source), provinces, families,
    designations, partners."""
    corpus = Corpus(paths, lexicon=lexicon, keep_text=False, use_metadata=use_metadata)
    table = corpus.docs()
    _warn_failures(corpus)
    return table


def engagements(paths: Paths, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Each issuing province's partner countries and regions, with counts and shares."""
    corpus = Corpus(paths, lexicon=lexicon, keep_text=False, infer_doc_types=False)
    table = corpus.engagements()
    _warn_failures(corpus)
    return table
