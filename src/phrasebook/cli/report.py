"""``phrasebook report``: one self-contained HTML report of a corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import DbOption, LexiconOption, PathsArgument, WorkersOption, read_corpus, reports_errors, run_inputs


@app.command("report")
@reports_errors
def report_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="The HTML file to write."),
    mix_series: bool = typer.Option(False, "--mix-series", help="One chart of rates for every series together (the report says what was mixed)."),
    workers: int = WorkersOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """One self-contained HTML report: formulations over time, designations, engagement, events.

    Example: phrasebook report ../shared/corpus/national_gwr ../shared/corpus/provincial_gwr -o out/report.html
    """
    from phrasebook.output import check_outputs
    from phrasebook.report.html import write_report

    check_outputs([("-o", output, (".html", ".htm"))], inputs=run_inputs(paths, db))
    with read_corpus("reading", paths, lexicon=lexicon, db=db, workers=workers, keep_text=False) as corpus:
        write_report(corpus, output, mix_series=mix_series)
        typer.echo(f"wrote {output}", err=True)
