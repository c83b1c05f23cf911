"""``phrasebook kwic``: every occurrence of an entry, a family or a string, in context."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import (
    DbOption,
    LexiconOption,
    OutputOption,
    WorkersOption,
    check_table_output,
    load_lexicon_option,
    read_corpus,
    reports_errors,
    run_inputs,
)


@app.command("kwic")
@reports_errors
def kwic_cli(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (or --db), then the query (last)."),
    query: str = typer.Argument(..., help="An entry id, a family, or a literal string."),
    window: int = typer.Option(30, "--window", min=1, help="Characters of context on each side."),
    output: Optional[Path] = OutputOption,
    limit: int = typer.Option(40, "--limit", min=1, help="Lines shown in the terminal."),
    workers: int = WorkersOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Keyword-in-context lines: doc, left context, match, right context.

    Example: phrasebook kwic ../shared/corpus/national_gwr yidai_yilu --window 15
    """
    from phrasebook.aggregate.kwic import query_kind
    from phrasebook.errors import UsageError

    check_table_output("-o", output, inputs=run_inputs(paths, db))
    query_kind(query, load_lexicon_option(lexicon))  # a mistyped entry id is refused before any reading
    if not paths and db is None:
        raise UsageError("give files or folders (or --db) before the query")
    with read_corpus("reading", paths, lexicon=lexicon, db=db, workers=workers, infer_doc_types=False) as corpus:
        table = corpus.kwic(query, window=window)
        if output is not None:
            from phrasebook.output import write_table

            write_table(table, output)
            typer.echo(f"wrote {len(table):,} rows to {output}", err=True)
        else:
            _show(table, query, limit, window)


def _show(table, query: str, limit: int, window: int) -> None:
    """Aligned lines that fit the terminal: the id cut short, the match whole, the left
    context cut on its left and the right one on its right."""
    from rich.cells import cell_len, set_cell_size
    from rich.console import Console
    from rich.table import Table

    console = Console()
    rows = table.head(limit)
    id_width = min(14, max([5, *(cell_len(str(d)) for d in rows.doc_id)]))
    match_width = max([5, *(cell_len(m) for m in rows.match)])
    side = max(4, (console.width - id_width - match_width - 4) // 2)
    shown = len(rows)
    view = Table(
        title=f"{len(table):,} lines for {query!r}" + (f", first {shown} shown (write them all with -o)" if shown < len(table) else ""),
        title_justify="left", box=None, padding=(0, 1, 0, 0), show_header=True,
    )
    view.add_column("doc_id", width=id_width, no_wrap=True, overflow="ellipsis")
    view.add_column("left", width=side, justify="right", no_wrap=True)
    view.add_column("match", width=match_width, no_wrap=True, style="bold")
    view.add_column("right", width=side, no_wrap=True)
    for row in rows.itertuples():
        left = row.left[-window:]
        while cell_len(left) > side:
            left = left[1:]
        view.add_row(str(row.doc_id), left, row.match, set_cell_size(row.right[:window], side).rstrip())
    console.print(view)
