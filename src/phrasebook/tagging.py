"""``tag``: every match of every input written to a table as it is found, with one row
per input in the documents table. Rows stream from :func:`phrasebook.pipeline.tag_corpus`
to the writers, so memory does not grow with the corpus."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from phrasebook.output import TABLE_FORMATS, TableWriter, check_outputs
from phrasebook.pipeline import RunStats, TaggedDocument, tag_corpus
from phrasebook.tables import DOC_COLUMNS, MATCH_COLUMNS, document_meta, document_row, match_rows
from phrasebook.tagger import Tagger


@dataclass
class TagRun:
    """What a ``tag`` run did: its counts, matches per entry, and how long it took."""

    stats: RunStats
    by_entry: Counter[tuple[str, str]] = field(default_factory=Counter)
    seconds: float = 0.0


def tag_to_files(
    paths: Iterable[Path | str],
    *,
    tagger: Tagger,
    matches_to: Path | None = None,
    documents_to: Path | None = None,
    workers: int = 1,
    progress: Callable[[TaggedDocument], None] | None = None,
) -> TagRun:
    """Tag every input and write the tables (each atomically; either may be None).

    Outputs and inputs are checked before any work: an output that cannot be written or
    an input that does not exist raises at once, and nothing is overwritten.
    """
    check_outputs([("-o", matches_to, TABLE_FORMATS), ("--docs", documents_to, TABLE_FORMATS)])
    items = tag_corpus(paths, tagger=tagger, workers=workers)
    run = TagRun(RunStats())
    started = time.perf_counter()
    version = tagger.lexicon.version
    with ExitStack() as stack:
        matches = stack.enter_context(TableWriter(matches_to, MATCH_COLUMNS)) if matches_to else None
        documents = stack.enter_context(TableWriter(documents_to, DOC_COLUMNS)) if documents_to else None
        for item in items:
            for row in match_rows(item, version, document_meta(item.info)):
                run.by_entry[(row["entry_id"], row["canonical"])] += 1
                if matches is not None:
                    matches.write(row)
            if item.last and documents is not None:
                documents.write(document_row(item.info, version))
            run.stats.count(item)
            if progress is not None:
                progress(item)
    run.seconds = time.perf_counter() - started
    return run
