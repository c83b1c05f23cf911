"""``phrasebook tag``: tag a folder of texts; a thin layer over :func:`phrasebook.tagger.tag_documents`."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from phrasebook.cli.app import app
from phrasebook.cli.common import check_output, resolve_inputs
from phrasebook.cli.lexicon import LexiconOption, _load
from phrasebook.match.boundaries import Segmenter, SegmenterUnavailable
from phrasebook.output import TableWriter
from phrasebook.tagger import DOC_COLUMNS, MATCH_COLUMNS, Tagger, tag_documents


@app.command("tag")
def tag_cli(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (default: the bundled corpus/)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Matches table: .jsonl, .csv or .parquet."),
    docs: Optional[Path] = typer.Option(None, "--docs", help="Documents table: one row per input, with status and error."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes to use; results are identical."),
    overlapping: bool = typer.Option(False, "--overlapping", help="Report all overlapping matches, not leftmost-longest."),
    segmenter: Segmenter = typer.Option(Segmenter.jieba, "--segmenter", help="Word segmenter for short-term boundary checks."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Find every lexicon entry in the inputs. Exit 0 when all were read, 1 when some failed."""
    check_output(output)
    check_output(docs)
    inputs = resolve_inputs(paths)
    try:
        tagger = Tagger(_load(lexicon), overlapping=overlapping, segmenter=segmenter)
    except SegmenterUnavailable as exc:
        raise typer.BadParameter(str(exc), param_hint="--segmenter") from exc
    console = Console(stderr=True)
    started = time.perf_counter()
    totals: Counter[str] = Counter()
    by_entry: Counter[tuple[str, str]] = Counter()
    failures: list[str] = []
    with _Tables(output, docs) as (match_writer, doc_writer), _progress(console) as progress:
        task = progress.add_task("tagging", total=None)
        for rows, doc_row in tag_documents(inputs, tagger, workers=workers):
            for row in rows:
                by_entry[(row["entry_id"], row["canonical"])] += 1
                if match_writer:
                    match_writer.write(row)
            if doc_row is None:  # more rows of a large document follow
                continue
            if doc_writer:
                doc_writer.write(doc_row)
            totals[doc_row["status"]] += 1
            totals["chars"] += doc_row["chars"]
            totals["matches"] += doc_row["n_matches"]
            if doc_row["status"] != "ok":
                failures.append(f"{doc_row['status']}: {doc_row['error']}")
            progress.advance(task)
    for failure in failures:
        console.print(failure, markup=False, highlight=False)
    if output is None:
        _print_top(Console(), by_entry)
    elapsed = time.perf_counter() - started
    console.print(
        f"{totals['ok']} documents, {totals['chars']:,} characters, {totals['matches']:,} matches, "
        f"{totals['error']} failed, {totals['skipped']} skipped, {elapsed:.1f} s (lexicon {tagger.lexicon.version})",
        highlight=False,
        soft_wrap=True,
    )
    if totals["error"]:
        raise typer.Exit(1)


class _Tables:
    """Open the optional writers together, so that both are atomic."""

    def __init__(self, output: Optional[Path], docs: Optional[Path]):
        self._writers = [TableWriter(output, MATCH_COLUMNS) if output else None, TableWriter(docs, DOC_COLUMNS) if docs else None]

    def __enter__(self) -> list[Optional[TableWriter]]:
        for writer in self._writers:
            if writer:
                writer.__enter__()
        return self._writers

    def __exit__(self, *exc_info: object) -> None:
        for writer in self._writers:
            if writer:
                writer.__exit__(*exc_info)  # type: ignore[arg-type]


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} documents"),
        TimeElapsedColumn(), console=console, disable=not sys.stderr.isatty(), transient=True,
    )


def _print_top(console: Console, by_entry: Counter[tuple[str, str]], top: int = 25) -> None:
    table = Table(title=f"most frequent entries (top {top}; write them all with -o)")
    table.add_column("entry_id")
    table.add_column("canonical")
    table.add_column("matches", justify="right")
    for (entry_id, canonical), count in by_entry.most_common(top):
        table.add_row(entry_id, canonical, str(count))
    console.print(table)
