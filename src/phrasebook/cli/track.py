"""``phrasebook track``: rates of formulations per period; a thin layer over :mod:`phrasebook.track`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from phrasebook.aggregate import PERIODS, events, track
from phrasebook.api import tag_with_documents
from phrasebook.cli.app import app
from phrasebook.cli.common import check_output, resolve_inputs, write_table
from phrasebook.cli.lexicon import LexiconOption, _load
from phrasebook.output import publish


@app.command("track")
def track_cli(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (default: the bundled corpus/)."),
    by: str = typer.Option("year", "--by", help=f"Period: {', '.join(PERIODS)}."),
    family: Optional[list[str]] = typer.Option(None, "--family", help="Only this family (repeatable)."),
    entry: Optional[list[str]] = typer.Option(None, "--entry", help="Only this entry id (repeatable)."),
    per: int = typer.Option(10_000, "--per", min=1, help="Rates per this many characters."),
    show_events: bool = typer.Option(False, "--events", help="Output appearances, disappearances and significant shifts instead."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Table: .csv, .jsonl or .parquet."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Chart of rates over periods (.png or .svg)."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Counts, document shares and rates per 10,000 characters, by period and entry."""
    if by not in PERIODS:
        raise typer.BadParameter(f"choose one of {', '.join(PERIODS)}", param_hint="--by")
    check_output(output)
    inputs = resolve_inputs(paths)
    loaded = _load(lexicon)
    matches, documents = tag_with_documents(inputs, lexicon=loaded)
    table = track(matches, documents, by=by, per=per, families=family or (), entries=entry or ())
    result = events(table) if show_events else table
    if output is not None:
        write_table(result, output)
    else:
        _print(result)
    if plot is not None:
        from phrasebook.report.plots import plot_rates

        plot_rates(table, plot, {e.id: e.en for e in loaded.entries})
    failed = documents[documents["status"] == "error"]
    for reason in failed["error"]:
        typer.echo(f"error: {reason}", err=True)
    if len(failed):
        raise typer.Exit(1)


def _print(table, limit: int = 30) -> None:
    view = Table(title=f"first {min(limit, len(table))} of {len(table)} rows (write them all with -o)")
    for column in table.columns:
        view.add_column(str(column))
    for row in table.head(limit).itertuples(index=False):
        view.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    Console().print(view)


@app.command("report")
def report_cli(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (default: the bundled corpus/)."),
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="The HTML file to write."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """One self-contained HTML report: formulations over time, designations, engagement, events."""
    import os
    import tempfile

    from phrasebook.report.html import build_report

    text = build_report(resolve_inputs(paths), _load(lexicon))
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    publish(Path(name), output)
    typer.echo(f"wrote {output}")
