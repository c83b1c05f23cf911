"""``phrasebook kwic`` and ``phrasebook compare``: reading formulations in their context."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from phrasebook.api import compare, kwic
from phrasebook.cli.app import app
from phrasebook.cli.common import write_table
from phrasebook.cli.lexicon import LexiconOption, _load


@app.command("kwic")
def kwic_cli(
    paths: list[Path] = typer.Argument(..., help="Files or folders, then the query (last)."),
    query: str = typer.Argument(..., help="An entry id, a family, or a literal string."),
    window: int = typer.Option(30, "--window", min=1, help="Characters of context on each side."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Table: .csv, .jsonl or .parquet."),
    limit: int = typer.Option(40, "--limit", help="Lines shown in the terminal."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Aligned keyword-in-context lines: doc, date, left, match, right."""
    table = kwic(paths, query, lexicon=_load(lexicon), window=window)
    if output is not None:
        write_table(table, output)
    view = Table(title=f"{len(table)} lines for {query!r}", show_lines=False)
    for column, justify in (("doc_id", "left"), ("date", "left"), ("left", "right"), ("match", "center"), ("right", "left")):
        view.add_column(column, justify=justify, no_wrap=column in {"left", "right"})
    for row in table.head(limit).itertuples():
        view.add_row(row.doc_id, str(row.date), row.left, f"[bold]{row.match}[/bold]", row.right)
    Console().print(view)


@app.command("compare")
def compare_cli(
    a: Path = typer.Argument(..., exists=True, help="Document or folder A (the earlier edition)."),
    b: Path = typer.Argument(..., exists=True, help="Document or folder B."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Table: .csv, .jsonl or .parquet."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Formulations added, dropped and changed in frequency from A to B, with context."""
    table = compare(a, b, lexicon=_load(lexicon))
    if output is not None:
        write_table(table, output)
    view = Table(title=f"{a.name} -> {b.name}")
    for column in ("status", "canonical", "family", "count_a", "count_b", "context"):
        view.add_column(column, overflow="fold")
    order = {"added": 0, "dropped": 1, "rose": 2, "fell": 3, "same": 4}
    for row in table.sort_values("status", key=lambda s: s.map(order)).itertuples():
        if row.status != "same":
            view.add_row(row.status, row.canonical, row.family, str(row.count_a), str(row.count_b), row.context[:80])
    Console().print(view)
