"""``phrasebook engagements``: each province's partners, with counts and shares."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import (
    LexiconOption,
    OutputOption,
    PathsArgument,
    WorkersOption,
    check_table_output,
    read_corpus,
    reports_errors,
    write_or_show,
)


@app.command("engagements")
@reports_errors
def engagements_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = OutputOption,
    plot: Optional[Path] = typer.Option(None, "--plot", help="Heatmap of country shares by province (.png or .svg)."),
    bars: Optional[str] = typer.Option(None, "--bars", help="Province code: also draw its shares as bars, beside --plot."),
    workers: int = WorkersOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Each issuing province's partner countries and regions, with counts and shares of its mentions.

    Example: phrasebook engagements ../shared/corpus/provincial_gwr -o out/shares.csv --plot out/shares.png
    """
    from phrasebook.errors import UsageError
    from phrasebook.output import CHART_FORMATS

    check_table_output("-o", output, ("--plot", plot, CHART_FORMATS))
    if bars and plot is None:
        raise UsageError("--bars draws beside --plot: give --plot too")
    with read_corpus("attributing", paths, lexicon=lexicon, workers=workers, keep_text=False, infer_doc_types=False) as corpus:
        table = corpus.engagements()
        write_or_show(table, output, columns=["province", "kind", "code", "count", "share", "rank"], title="engagement shares")
        if plot is not None:
            from phrasebook.report.plots import plot_engagements

            for written in plot_engagements(table, plot, bars=bars):
                typer.echo(f"wrote {written}", err=True)
