"""``phrasebook tag``: every lexicon entry in a folder of texts, one row per match."""

from __future__ import annotations

import time
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import (
    DatePatternOption,
    LexiconOption,
    PathsArgument,
    WorkersOption,
    finish,
    inputs_or_sample,
    load_lexicon_option,
    per_document,
    progress_bar,
    reports_errors,
)
from phrasebook.match.boundaries import Segmenter


class Engine(str, Enum):
    """Where ``tag`` runs: this machine's processes, or a Dask cluster."""

    local = "local"
    dask = "dask"


@app.command("tag")
@reports_errors
def tag_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Matches table: .jsonl, .csv or .parquet."),
    docs: Optional[Path] = typer.Option(None, "--docs", help="Documents table: one row per input, with status and error."),
    workers: int = WorkersOption,
    date_pattern: str = DatePatternOption,
    overlapping: bool = typer.Option(False, "--overlapping", help="Report all overlapping matches, not leftmost-longest."),
    segmenter: Segmenter = typer.Option(Segmenter.jieba, "--segmenter", help="Word segmenter for short-term boundary checks."),
    db: Optional[Path] = typer.Option(None, "--db", help="Keep everything in this store (DuckDB); a re-run tags only what changed."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local, or dask: tag on a Dask cluster into partitioned Parquet (-o is then a folder)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --engine dask: the cluster's scheduler address (default: a local cluster)."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Find every lexicon entry in the inputs. Exit 0 when all were read, 1 when some failed.

    Example: phrasebook tag ../shared/corpus/provincial_gwr -o out/prov.parquet --docs out/docs.csv
    """
    from phrasebook.errors import UsageError
    from phrasebook.tagger import Tagger
    from phrasebook.tagging import tag_to_files

    if engine == Engine.dask and workers != 1:
        raise UsageError("--workers sets processes of the local engine; a Dask cluster has its own workers (see --scheduler)")
    if date_pattern and (db is not None or engine == Engine.dask):
        raise UsageError("--date-pattern goes with tagging files into -o/--docs, not with --db or --engine dask")
    if engine == Engine.dask:
        if db is not None or docs is not None:
            raise UsageError("--engine dask writes matches/ and documents/ under -o; it does not take --db or --docs")
        _tag_with_dask(paths, output, scheduler, load_lexicon_option(lexicon), overlapping, segmenter)
        return
    if scheduler is not None:
        raise UsageError("--scheduler goes with --engine dask")
    tagger = Tagger(load_lexicon_option(lexicon), overlapping=overlapping, segmenter=segmenter)
    if db is not None:
        _tag_into_store(paths, db, tagger, workers, output or docs, overlapping)
        return
    with progress_bar("tagging") as advance:
        run = tag_to_files(inputs_or_sample(paths), tagger=tagger, matches_to=output, documents_to=docs, workers=workers, progress=advance, date_pattern=date_pattern)
    if output is None:
        _print_top(run.by_entry)
    finish(run.stats, run.seconds, tagger.lexicon.version)


def _tag_with_dask(
    paths: Optional[list[Path]], output: Optional[Path], scheduler: Optional[str], lexicon, overlapping: bool, segmenter: Segmenter
) -> None:
    from phrasebook.distributed import tag_files_with_dask
    from phrasebook.errors import UsageError

    if output is None or output.suffix:
        raise UsageError("--engine dask writes partitioned Parquet: give -o a folder (matches/ and documents/ go inside)")
    started = time.perf_counter()
    run = tag_files_with_dask(
        inputs_or_sample(paths), output=output, lexicon=lexicon, scheduler=scheduler, overlapping=overlapping, segmenter=segmenter.value
    )
    typer.echo(f"{run.partitions} partitions under {run.output}", err=True)
    finish(run.stats, time.perf_counter() - started, lexicon.version)


def _tag_into_store(paths: Optional[list[Path]], db: Path, tagger, workers: int, output: Optional[Path], overlapping: bool) -> None:
    from phrasebook.errors import UsageError
    from phrasebook.output import check_not_an_input
    from phrasebook.store import tag_to_store

    if output is not None or overlapping:
        raise UsageError("--db keeps every table in the store: write them with `phrasebook export --db` (and tag without --overlapping)")
    check_not_an_input("--db", db, inputs_or_sample(paths))
    with progress_bar("tagging") as advance:
        run = tag_to_store(inputs_or_sample(paths), db=db, tagger=tagger, workers=workers, progress=per_document(advance))
    if run.removed:
        typer.echo(f"removed {run.removed:,} document(s) from {db} that are no longer among the inputs", err=True)
    finish(run.stats, run.seconds, tagger.lexicon.version)


def _print_top(by_entry: Counter[tuple[str, str]], top: int = 25) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"most frequent entries (top {top}; write them all with -o)", title_justify="left")
    table.add_column("entry_id", no_wrap=True, overflow="ellipsis", max_width=36)
    table.add_column("canonical", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("matches", justify="right")
    for (entry_id, canonical), count in by_entry.most_common(top):
        table.add_row(entry_id, canonical, f"{count:,}")
    Console().print(table)
