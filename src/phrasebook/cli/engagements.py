"""``phrasebook engagements`` and ``phrasebook mention-shares``: each province's partners."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import (
    DatePatternOption,
    DbOption,
    LexiconOption,
    OutputOption,
    PathsArgument,
    WorkersOption,
    check_table_output,
    read_corpus,
    reports_errors,
    run_inputs,
    write_or_show,
)


@app.command("engagements")
@reports_errors
def engagements_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = OutputOption,
    regions: Optional[Path] = typer.Option(None, "--regions", help="Also write the region shares here (.csv, .jsonl, .parquet)."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Only events on or after this date (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Only events on or before this date (YYYY-MM-DD)."),
    min_events: int = typer.Option(10, "--min-events", min=1, help="Below this many events a province's shares are marked thin."),
    plans: bool = typer.Option(False, "--plans", help="Count planned engagements too."),
    province: Optional[list[str]] = typer.Option(None, "--province", help="Only this province (ISO code, repeatable)."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Each province's top partners, one panel each (.png or .svg)."),
    heatmap: Optional[Path] = typer.Option(None, "--heatmap", help="Province x region shares (.png or .svg)."),
    workers: int = WorkersOption,
    date_pattern: str = DatePatternOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Each province's partners and regions by engagement events, with counts, shares and 95% intervals.

    Example: phrasebook engagements ../shared/corpus/xwlb -o out/shares.csv --regions out/regions.csv --plot out/shares.png
    """
    from phrasebook.output import CHART_FORMATS, TABLE_FORMATS

    check_table_output("-o", output, ("--regions", regions, TABLE_FORMATS), ("--plot", plot, CHART_FORMATS), ("--heatmap", heatmap, CHART_FORMATS), inputs=run_inputs(paths, db))
    with read_corpus("reading", paths, lexicon=lexicon, db=db, workers=workers, date_pattern=date_pattern, keep_text=False, infer_doc_types=False) as corpus:
        shares, by_region = corpus.engagements(date_from=date_from, date_to=date_to, min_events=min_events, include_plans=plans)
        if province:
            shares, by_region = shares[shares.province.isin(province)], by_region[by_region.province.isin(province)]
        write_or_show(shares, output, columns=["province", "partner", "events", "province_events", "share", "thin"], title="engagement shares")
        if regions is not None:
            from phrasebook.output import write_table

            write_table(by_region, regions)
            typer.echo(f"wrote {len(by_region):,} rows to {regions}", err=True)
        if plot is not None or heatmap is not None:
            from phrasebook.aggregate.engagements import partner_names
            from phrasebook.report.plots import plot_partner_panels, plot_region_heatmap

            for chart, draw, table in ((plot, plot_partner_panels, shares), (heatmap, plot_region_heatmap, by_region)):
                if chart is not None:
                    typer.echo(f"wrote {draw(table, chart, names=partner_names(corpus.lexicon), min_events=min_events)}", err=True)


@app.command("mention-shares")
@reports_errors
def mention_shares_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = OutputOption,
    workers: int = WorkersOption,
    date_pattern: str = DatePatternOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Each issuing province's partners by MENTIONS in its own documents (engagement or not).

    Example: phrasebook mention-shares ../shared/corpus/provincial_gwr -o out/mentions.csv
    """
    check_table_output("-o", output, inputs=run_inputs(paths, db))
    with read_corpus("reading", paths, lexicon=lexicon, db=db, workers=workers, date_pattern=date_pattern, keep_text=False, infer_doc_types=False) as corpus:
        write_or_show(corpus.mention_shares(), output, columns=["province", "kind", "code", "count", "share", "rank"], title="mention shares")

