"""``tag``: every match of every input written to a table as it is found, with one row
per input in the documents table. Rows stream from the pipeline to the writers, so
memory does not grow with the corpus.

With several workers, each worker writes the rows of its chunk of documents to a file
of its own (in a temporary folder beside the output), and this process appends those
files to the output in input order: the output is the same as with one process, and
this process never handles a match."""

from __future__ import annotations

import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from phrasebook.output import TABLE_FORMATS, TableWriter, check_outputs, part_suffix, temporary_prefix
from phrasebook.pipeline import RunStats, TaggedDocument, tag_corpus, tag_in_chunks
from phrasebook.tables import DOC_COLUMNS, MATCH_COLUMNS, document_meta, document_row, match_rows, parquet_schema
from phrasebook.tagger import Tagger


@dataclass
class TagRun:
    """What a ``tag`` run did: its counts, matches per entry, and how long it took."""

    stats: RunStats
    by_entry: Counter[tuple[str, str]] = field(default_factory=Counter)
    seconds: float = 0.0


@dataclass
class RowWriter:
    """Turns tagged documents into rows of the two tables, and counts them: for a whole
    run, or in a worker for its chunk or partition. ``documents`` takes each document's
    row (a writer's ``write``, or a list's ``append``)."""

    version: str
    matches: TableWriter | None
    documents: Callable[[dict[str, Any]], None] | None
    run: TagRun = field(default_factory=lambda: TagRun(RunStats()))

    def take(self, item: TaggedDocument) -> None:
        for row in match_rows(item, self.version, document_meta(item.info)):
            self.run.by_entry[(row["entry_id"], row["canonical"])] += 1
            if self.matches is not None:
                self.matches.write(row)
        if item.last and self.documents is not None:
            self.documents(document_row(item.info, self.version))
        self.run.stats.count(item)


@dataclass
class _Chunk:
    """What a worker made of its chunk: its match rows (in a file), document rows, counts."""

    matches: Path | None
    documents: list[dict[str, Any]]
    run: TagRun


def tag_to_files(
    paths: Iterable[Path | str],
    *,
    tagger: Tagger,
    matches_to: Path | None = None,
    documents_to: Path | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    date_pattern: str = "",
) -> TagRun:
    """Tag every input and write the tables (each atomically; either may be None).
    ``progress`` is told how many more documents are done, as they are; ``date_pattern``
    reads dates in file names (see :func:`phrasebook.pipeline.tag_corpus`).

    Outputs and inputs are checked before any work: an output that cannot be written or
    an input that does not exist raises at once, and nothing is overwritten.
    """
    paths = list(paths)
    check_outputs([("-o", matches_to, TABLE_FORMATS), ("--docs", documents_to, TABLE_FORMATS)], inputs=paths)
    started = time.perf_counter()
    version = tagger.lexicon.version
    with ExitStack() as stack:
        matches = stack.enter_context(table_writer(matches_to, MATCH_COLUMNS)) if matches_to else None
        documents = stack.enter_context(table_writer(documents_to, DOC_COLUMNS)) if documents_to else None
        rows = RowWriter(version, matches, documents.write if documents else None)
        if workers <= 1:
            for item in tag_corpus(paths, tagger=tagger, date_pattern=date_pattern):
                rows.take(item)
                if progress is not None and item.last:
                    progress(1)
        else:
            if matches_to is not None and matches_to.suffix.lower() == ".parquet":
                # loaded once here, not by every worker (pyarrow loads pandas when it builds arrays)
                import pandas  # noqa: F401
                import pyarrow.parquet  # noqa: F401
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=temporary_prefix(matches_to), dir=matches_to.parent))) if matches_to else None
            digest = partial(_tag_chunk, folder=folder, suffix=part_suffix(matches_to) if matches_to else "", version=version)
            for piece in tag_in_chunks(paths, tagger=tagger, workers=workers, digest=digest, date_pattern=date_pattern):
                if isinstance(piece, TaggedDocument):
                    rows.take(piece)
                    done = int(piece.last)
                else:
                    done = _add_chunk(piece, rows)
                if progress is not None and done:
                    progress(done)
    rows.run.seconds = time.perf_counter() - started
    return rows.run


def table_writer(path: Path, columns: list[str], *, header: bool = True) -> TableWriter:
    """A writer of the match or document table, with the table's own Parquet types."""
    return TableWriter(path, columns, schema=parquet_schema(columns), header=header)


def _tag_chunk(items: list[TaggedDocument], *, folder: Path | None, suffix: str, version: str) -> _Chunk:
    """In a worker: the rows of a chunk, the match rows written to a file of ``folder``."""
    path = folder / f"{uuid.uuid4().hex}{suffix}" if folder else None
    documents: list[dict[str, Any]] = []
    with ExitStack() as stack:
        matches = stack.enter_context(table_writer(path, MATCH_COLUMNS, header=False)) if path else None
        rows = RowWriter(version, matches, documents.append)
        for item in items:
            rows.take(item)
    return _Chunk(path, documents, rows.run)


def _add_chunk(chunk: _Chunk, rows: RowWriter) -> int:
    """Append a worker's chunk to the output; the number of documents it finished."""
    if chunk.matches is not None:
        if rows.matches is not None:
            rows.matches.append(chunk.matches)
        chunk.matches.unlink()
    if rows.documents is not None:
        for row in chunk.documents:
            rows.documents(row)
    rows.run.stats.add(chunk.run.stats)
    rows.run.by_entry.update(chunk.run.by_entry)
    return len(chunk.documents)
