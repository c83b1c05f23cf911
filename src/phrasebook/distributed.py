"""Tagging on a Dask cluster: a run's sources shared out among the workers, each partition
tagged where it runs and written there as one Parquet file, so that nothing large goes
through the machine that starts the run.

:func:`tag_files_with_dask` tags files and folders into ``OUTPUT/matches/part-*.parquet``
and ``OUTPUT/documents/part-*.parquet``, with the same rows (and document ids) as
``phrasebook tag`` on one machine. :func:`tag_bag` tags a Dask bag of records of the JSON
Lines form (``id``, ``text`` or ``html``, metadata) into a bag of match rows, and
:func:`tag_dataframe` a Dask dataframe of such documents into a dataframe of matches. The lexicon
travels with the task (parsed once, on the machine that starts the run); each worker
builds its tagger once per lexicon version.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phrasebook.lexicon import Lexicon
from phrasebook.pipeline import RunStats
from phrasebook.read.sources import Source, find_sources

_TAGGERS: dict[tuple[str, bool, str], Any] = {}


def _tagger(lexicon: Lexicon, overlapping: bool = False, segmenter: str = "jieba") -> Any:
    """This worker's tagger for ``lexicon`` (built once per lexicon version and options)."""
    from phrasebook.match.boundaries import Segmenter
    from phrasebook.tagger import Tagger

    key = (lexicon.version, overlapping, segmenter)
    if key not in _TAGGERS:
        _TAGGERS[key] = Tagger(lexicon, overlapping=overlapping, segmenter=Segmenter(segmenter))
    return _TAGGERS[key]


@dataclass
class DaskRun:
    """What a Dask run wrote: the parts' folder, how many partitions, and the run's counts
    (with the reason each failed input could not be read)."""

    output: Path
    partitions: int
    stats: RunStats


def partition(sources: list[Source], parts: int) -> list[list[Source]]:
    """The sources in at most ``parts`` contiguous groups of about equal size on disk (a
    JSON Lines file of a year of news weighs as much as many small reports). A source opens
    a new group when more than half of it would lie beyond the group's share, and each
    share is set afresh from what is left, so one heavy file neither joins a full group nor
    leaves a group empty. A partition holds whole files."""
    sizes = [_size(source) for source in sources]
    groups: list[list[Source]] = []
    remaining, weight, target = sum(sizes), 0, 0.0
    for source, size in zip(sources, sizes):
        left_to_open = parts - len(groups)
        if not groups or (weight and weight + size / 2 > target and left_to_open > 0):
            target = remaining / max(1, left_to_open)
            groups.append([])
            weight = 0
        groups[-1].append(source)
        weight += size
        remaining -= size
    return groups


def _size(source: Source) -> int:
    try:
        return source.file.stat().st_size or 1
    except OSError:
        return 1


def _tag_partition(index_and_sources: tuple[int, list[Source]], lexicon: Lexicon, output: str, overlapping: bool, segmenter: str) -> RunStats:
    """Tag one partition on the worker and write its two Parquet parts there."""
    from phrasebook.pipeline import tag_sources
    from phrasebook.tables import DOC_COLUMNS, MATCH_COLUMNS
    from phrasebook.tagging import RowWriter, table_writer

    index, sources = index_and_sources
    name = f"part-{index:05d}.parquet"
    with table_writer(Path(output) / "matches" / name, MATCH_COLUMNS) as matches, table_writer(
        Path(output) / "documents" / name, DOC_COLUMNS
    ) as documents:
        rows = RowWriter(lexicon.version, matches, documents.write)
        for item in tag_sources(sources, tagger=_tagger(lexicon, overlapping, segmenter)):
            rows.take(item)
    return rows.run.stats


def tag_files_with_dask(
    paths: Iterable[Path | str],
    *,
    output: Path,
    lexicon: Lexicon,
    scheduler: str | None = None,
    partitions: int | None = None,
    overlapping: bool = False,
    segmenter: str = "jieba",
) -> DaskRun:
    """Tag files and folders on a Dask cluster (``scheduler``: its address; default, a
    local cluster of this machine's cores) into partitioned Parquet under ``output``.
    The paths must be readable at the same place on every worker (a shared disk)."""
    import dask.bag
    from distributed import Client, LocalCluster

    sources = find_sources(paths)
    output = Path(output)
    staging = output / f".staging-{uuid.uuid4().hex[:12]}"
    with (Client(scheduler) if scheduler else Client(LocalCluster(processes=True, threads_per_worker=1))) as client:
        parts = partitions or max(1, 2 * len(client.scheduler_info()["workers"]))
        groups = partition(sources, parts)
        bag = dask.bag.from_sequence(list(enumerate(groups)), npartitions=len(groups))
        tasks = bag.map(_tag_partition, lexicon=lexicon, output=str(staging), overlapping=overlapping, segmenter=segmenter)
        try:
            results = tasks.compute()
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    _replace_tables(staging, output)
    stats = RunStats()
    for partition_stats in results:
        stats.add(partition_stats)
    return DaskRun(output=output, partitions=len(groups), stats=stats)


def _replace_tables(staging: Path, output: Path) -> None:
    """Put a finished run's ``matches/`` and ``documents/`` in place of an earlier run's,
    so that no part of an older (or failed) run is ever read together with this one."""
    for table in ("matches", "documents"):
        target, retired = output / table, staging / f"retired-{table}"
        (staging / table).mkdir(parents=True, exist_ok=True)  # a run with no partitions still writes both
        if target.exists():
            target.rename(retired)
        (staging / table).rename(target)
    shutil.rmtree(staging)


def tag_bag(records: Any, *, lexicon: Lexicon) -> Any:
    """A Dask bag of match rows (the columns of ``phrasebook tag``) from a bag of records
    of the JSON Lines form; each record's ``id`` becomes the rows' ``doc_id``."""
    return records.map_partitions(_tag_records, lexicon=lexicon)


def tag_dataframe(documents: Any, *, lexicon: Lexicon) -> Any:
    """A Dask dataframe of matches (the typed match table of ``pb.tag``) from a Dask
    dataframe of documents with the columns of the JSON Lines form (``id``, ``text`` or
    ``html``, metadata); ``.to_parquet(folder)`` writes it partitioned."""
    from phrasebook.schema import typed

    empty = typed("matches", _frame([]))
    return documents.map_partitions(_tag_frame, lexicon=lexicon, meta=empty)


def _tag_frame(documents: Any, lexicon: Lexicon) -> Any:
    from phrasebook.schema import typed

    records = [{key: value for key, value in record.items() if value == value} for record in documents.to_dict("records")]  # NaN: absent
    return typed("matches", _frame(_tag_records(records, lexicon)))


def _frame(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    from phrasebook.tables import MATCH_COLUMNS

    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def _tag_records(records: Iterable[dict[str, Any]], lexicon: Lexicon) -> list[dict[str, Any]]:
    from phrasebook.pipeline import tag_item
    from phrasebook.read.documents import Document
    from phrasebook.read.html import html_to_text
    from phrasebook.tables import match_rows

    tagger = _tagger(lexicon)
    rows: list[dict[str, Any]] = []
    for record in records:
        text = record["text"] if isinstance(record.get("text"), str) else html_to_text(record.get("html") or "")
        meta = {k: str(v) for k, v in record.items() if k not in {"text", "html"} and isinstance(v, (str, int, float))}
        item = tag_item(tagger, Document(str(record.get("id")), "<bag>", text, "utf-8", meta))
        rows += match_rows(item, lexicon.version)
    return rows
