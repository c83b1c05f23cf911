"""``phrasebook kwic``: every occurrence of an entry, a family or a string, in context."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import LexiconOption, OutputOption, WorkersOption, check_table_output, load_lexicon_option, reading, reports_errors


@app.command("kwic")
@reports_errors
def kwic_cli(
    paths: list[Path] = typer.Argument(..., help="Files or folders, then the query (last)."),
    query: str = typer.Argument(..., help="An entry id, a family, or a literal string."),
    window: int = typer.Option(30, "--window", min=1, help="Characters of context on each side."),
    output: Optional[Path] = OutputOption,
    limit: int = typer.Option(40, "--limit", min=1, help="Lines shown in the terminal."),
    workers: int = WorkersOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Keyword-in-context lines: doc, left context, match, right context.

    Example: phrasebook kwic ../shared/corpus/national_gwr yidai_yilu --window 15
    """
    from phrasebook.aggregate.kwic import query_kind
    from phrasebook.corpus import Corpus

    check_table_output("-o", output)
    loaded = load_lexicon_option(lexicon)
    query_kind(query, loaded)  # a mistyped entry id is refused before any reading
    with reading("reading", lambda progress: Corpus(paths, lexicon=loaded, workers=workers, infer_doc_types=False, progress=progress)) as corpus:
        table = corpus.kwic(query, window=window)
        if output is not None:
            from phrasebook.output import write_table

            write_table(table, output)
            typer.echo(f"wrote {len(table):,} rows to {output}", err=True)
        else:
            _show(table, query, limit, window)


def _show(table, query: str, limit: int, window: int) -> None:
    """Aligned lines that fit the terminal: the id cut short, the contexts cut to fit."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    view = Table(title=f"{len(table):,} lines for {query!r} (write them all with -o)", title_justify="left", show_header=True, box=None, padding=(0, 1))
    view.add_column("doc_id", no_wrap=True, overflow="ellipsis", max_width=16)
    view.add_column("left", justify="right", no_wrap=True, overflow="crop", ratio=1)
    view.add_column("match", no_wrap=True, style="bold")
    view.add_column("right", no_wrap=True, overflow="crop", ratio=1)
    for row in table.head(limit).itertuples():
        view.add_row(str(row.doc_id), row.left[-window:], row.match, row.right[:window])
    console.print(view)
