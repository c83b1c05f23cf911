"""``phrasebook track``: rates of formulations per period, and the events between periods."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.aggregate.periods import Period
from phrasebook.cli.app import app
from phrasebook.cli.common import (
    DatePatternOption,
    DbOption,
    LexiconOption,
    OutputOption,
    PathsArgument,
    WorkersOption,
    check_table_output,
    inputs_or_sample,
    load_lexicon_option,
    reading,
    refuse_date_pattern_with_db,
    reports_errors,
    run_inputs,
    write_or_show,
)


@app.command("track")
@reports_errors
def track_cli(
    paths: Optional[list[Path]] = PathsArgument,
    by: Period = typer.Option(Period.year, "--by", help="Period to count by."),
    family: Optional[list[str]] = typer.Option(None, "--family", help="Only this family (repeatable)."),
    entry: Optional[list[str]] = typer.Option(None, "--entry", help="Only this entry id (repeatable)."),
    per: int = typer.Option(10_000, "--per", min=1, help="Rates per this many characters."),
    zeros: Optional[bool] = typer.Option(None, "--zeros/--no-zeros", help="Rows for entries absent from a period (default: yes, except --by doc)."),
    show_events: bool = typer.Option(False, "--events", help="Output the significant appearances, disappearances, rises and falls instead."),
    alpha: float = typer.Option(0.01, "--alpha", min=0.0, max=1.0, help="Significance level of --events (G2 test)."),
    output: Optional[Path] = OutputOption,
    plot: Optional[Path] = typer.Option(None, "--plot", help="Chart of rates over periods (.png or .svg)."),
    workers: int = WorkersOption,
    date_pattern: str = DatePatternOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Counts, mentions, document shares and rates per 10,000 characters, by period and entry.

    Example: phrasebook track ../shared/corpus/national_gwr --by year --family opening_up -o out/freq.csv
    """
    from phrasebook.corpus import Corpus
    from phrasebook.errors import UsageError
    from phrasebook.output import CHART_FORMATS
    from phrasebook.store import open_corpus

    period = by.value
    check_table_output("-o", output, ("--plot", plot, CHART_FORMATS), inputs=run_inputs(paths, db))
    loaded = load_lexicon_option(lexicon)

    def make(progress):
        if db is not None:
            if paths:
                raise UsageError("give files or folders, or --db, not both")
            refuse_date_pattern_with_db(date_pattern)
            corpus = open_corpus(db, lexicon=loaded)
        else:
            corpus = Corpus(
                inputs_or_sample(paths), lexicon=loaded, workers=workers, keep_text=False, infer_doc_types=period == "doc_type",
                date_pattern=date_pattern, progress=progress,
            )
        corpus.check_selection(families=family or (), entries=entry or ())
        return corpus

    with reading("tracking", make) as corpus:
        selection = {"families": family or (), "entries": entry or ()}
        table = corpus.track(by=period, per=per, zeros=zeros, **selection) if plot is not None or not show_events else None
        if show_events:
            result = corpus.changes(by=period, alpha=alpha, **selection)
            columns = ["from", "to", "canonical", "event", "count_from", "count_to", "g2", "p_value"]
        else:
            result = table
            columns = ["period", "canonical", "count", "per_10k", "docs"]
        write_or_show(result, output, columns=columns, title="events" if show_events else "track", wide=frozenset({"canonical"}))
        if plot is not None:
            from phrasebook.report.plots import plot_rates

            plot_rates(table, plot, {e.id: e.en for e in loaded.entries})
            typer.echo(f"wrote {plot}", err=True)
