"""``phrasebook export``: one table of a store, to Parquet, CSV or JSON Lines."""

from __future__ import annotations

from pathlib import Path

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import reports_errors


@app.command("export")
@reports_errors
def export_cli(
    db: Path = typer.Option(..., "--db", help="The store (made by `phrasebook tag ... --db`)."),
    output: Path = typer.Option(..., "-o", "--output", help="The file to write: .parquet, .csv or .jsonl."),
    table: str = typer.Option("matches", "--table", help="documents, texts, matches, role_candidates, partner_mentions, province_mentions or event_candidates."),
) -> None:
    """Write one table of a store to a file.

    Example: phrasebook export --db corpus.duckdb -o matches.parquet
    """
    from phrasebook.store import export

    rows = export(db=db, table=table, output=output)
    typer.echo(f"wrote {rows:,} rows of {table} to {output}", err=True)
