"""One-line conveniences for notebooks: each makes a :class:`phrasebook.Corpus` and asks
it one question. To ask several, make the corpus yourself and reuse it."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from phrasebook.aggregate.track import ALPHA
from phrasebook.corpus import Corpus, Paths
from phrasebook.errors import PhrasebookWarning, UsageError
from phrasebook.lexicon import Lexicon

if TYPE_CHECKING:
    import pandas as pd

    from phrasebook.aggregate.engagements import Engagements

T = TypeVar("T")


def _warn_failures(corpus: Corpus) -> None:
    """Say which inputs could not be read: a table alone would not show them."""
    failures = corpus.failures()
    if failures:
        shown = "; ".join(failures[:3]) + (" ..." if len(failures) > 3 else "")
        warnings.warn(
            f"{len(failures)} input(s) could not be read or were skipped (see the documents table): {shown}",
            PhrasebookWarning,
            stacklevel=4,
        )


def _ask(paths: Paths, lexicon: Lexicon | None, question: Callable[[Corpus], T], **options: Any) -> T:
    """Make a corpus, ask it one question, warn about the inputs it could not read."""
    corpus = Corpus(paths, lexicon=lexicon, **options)
    answer = question(corpus)
    _warn_failures(corpus)
    return answer


_LEAN = {"keep_text": False, "infer_doc_types": False}
"""Options of a corpus asked a question that needs neither texts nor document types."""
_MATCHES_ONLY = {**_LEAN, "attribute": False}
"""Options of a corpus asked for matches and documents only."""


def tag_with_documents(
    paths: Paths, *, lexicon: Lexicon | None = None, overlapping: bool = False, workers: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(matches, documents) for every file under ``paths``; unreadable files are error rows."""
    return _ask(paths, lexicon, lambda c: (c.matches, c.documents), overlapping=overlapping, workers=workers, **_MATCHES_ONLY)


def tag(paths: Paths, *, lexicon: Lexicon | None = None, overlapping: bool = False, workers: int = 1) -> pd.DataFrame:
    """One row per match, with the columns of ``phrasebook tag``."""
    return _ask(paths, lexicon, lambda c: c.matches, overlapping=overlapping, workers=workers, **_MATCHES_ONLY)


def track(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: str = "year",
    per: int = 10_000,
    families: Sequence[str] = (),
    entries: Sequence[str] = (),
    zeros: bool | None = None,
    lexicon: Lexicon | None = None,
) -> pd.DataFrame:
    """Counts, mentions and rates per period and entry, from the two tables of
    :func:`tag_with_documents` (``lexicon``: the one that tagged them; default, the bundled one)."""
    from phrasebook.aggregate.mentions import mention_rows
    from phrasebook.aggregate.track import track as track_table
    from phrasebook.lexicon import load_lexicon
    from phrasebook.schema import typed

    mentions = mention_rows(matches, lexicon or load_lexicon())
    return typed("track", track_table(matches, documents, by=by, per=per, families=families, entries=entries, zeros=zeros, mentions=mentions))


def kwic(paths: Paths, query: str, *, lexicon: Lexicon | None = None, window: int = 30) -> pd.DataFrame:
    """Keyword-in-context rows for an entry id, a family or a literal string."""
    return _ask(paths, lexicon, lambda c: c.kwic(query, window=window), infer_doc_types=False)


def compare(a: Paths, b: Paths, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Formulations added, dropped and changed in frequency from documents A to documents B."""
    from phrasebook.schema import typed

    first = Corpus(a, lexicon=lexicon, infer_doc_types=False)
    second = Corpus(b, lexicon=first.lexicon, infer_doc_types=False)
    table = typed("compare", compare_corpora(first, second))
    _warn_failures(first)
    _warn_failures(second)
    return table


def roles(paths: Paths, *, lexicon: Lexicon | None = None, threshold: float = 0.5, candidates: bool = False, scope: str = "province") -> pd.DataFrame:
    """Role designations: (doc_id, province, role, region, wording, ..., confidence, method)."""
    return _ask(paths, lexicon, lambda c: c.roles(threshold=threshold, candidates=candidates, scope=scope), **_LEAN)


def partners(paths: Paths, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Partner countries and regions per document: (doc_id, kind, code, count, first_start)."""
    return _ask(paths, lexicon, lambda c: c.partners(), **_LEAN)


def docs(paths: Paths, *, lexicon: Lexicon | None = None, use_metadata: bool = True) -> pd.DataFrame:
    """Document-level tags: issuer, date, type (each with its source), provinces, families,
    designations, partners."""
    return _ask(paths, lexicon, lambda c: c.docs(), keep_text=False, use_metadata=use_metadata)


def engagements(paths: Paths, *, lexicon: Lexicon | None = None, min_events: int = 10) -> Engagements:
    """Each province's partners and regions by engagement events: an :class:`Engagements`
    (``.partners``, ``.regions``; a named tuple), shares with counts and Wilson intervals."""
    return _ask(paths, lexicon, lambda c: c.engagements(min_events=min_events), **_LEAN)


def events(paths: Paths, *, lexicon: Lexicon | None = None, threshold: float = 0.5) -> pd.DataFrame:
    """Engagement events: one row per partner of each sentence reporting a province's engagement."""
    return _ask(paths, lexicon, lambda c: c.events(threshold=threshold), **_LEAN)


def compare_corpora(a: Corpus, b: Corpus, *, alpha: float = ALPHA) -> pd.DataFrame:
    """:func:`phrasebook.aggregate.compare.compare` of two corpora (each read once), with
    the sentence of each match."""
    from phrasebook.aggregate.compare import compare

    groups = []
    for corpus in (a, b):
        matches = corpus.matches
        matches = matches[matches["kind"] == "formulation"].copy()
        matches["context"] = [corpus.sentence(d, i) for d, i in zip(matches["doc_id"], matches["sentence_index"])]
        size = corpus.size()
        if size == 0:
            raise UsageError(f"no readable text in {', '.join(map(str, corpus.paths))}")
        groups.append((matches, size))
    (matches_a, size_a), (matches_b, size_b) = groups
    return compare(matches_a, size_a, matches_b, size_b, alpha=alpha)
