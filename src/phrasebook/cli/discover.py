"""``phrasebook discover``: candidates for new lexicon entries, with their evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import (
    LexiconOption,
    OutputOption,
    WorkersOption,
    check_table_output,
    read_corpus,
    reports_errors,
    run_inputs,
    write_or_show,
)


@app.command("discover")
@reports_errors
def discover_cli(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (default: the bundled sample corpus/).", show_default=False),
    output: Optional[Path] = OutputOption,
    emit_yaml: Optional[Path] = typer.Option(None, "--emit-yaml", help="Write the best candidates as draft lexicon entries (.yaml) for review."),
    drafts: int = typer.Option(20, "--drafts", min=1, help="How many candidates of each source --emit-yaml drafts."),
    source: Optional[list[str]] = typer.Option(None, "--source", help="slot, role or rising (repeat; default: all three)."),
    by: str = typer.Option("year", "--by", help="Periods for rising terms: year, quarter or month."),
    min_count: int = typer.Option(3, "--min-count", min=1, help="Occurrences a recurring candidate needs."),
    min_docs: int = typer.Option(2, "--min-docs", min=1, help="Documents a recurring candidate needs."),
    alpha: float = typer.Option(0.01, "--alpha", min=0.0, max=1.0, help="Significance level of a rise."),
    limit: int = typer.Option(50, "--limit", min=1, help="Rows per source."),
    workers: int = WorkersOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Ranked candidates for new lexicon entries: new fillers of template slots and role
    frames, recurring designation wordings, and terms rising from one period to the next;
    each with its count, documents, periods and a line of context.

    Example: phrasebook discover ../shared/corpus/provincial_gwr -o out/candidates.csv --emit-yaml out/drafts.yaml
    """
    from phrasebook.discover import SOURCES
    from phrasebook.discover.drafts import check_drafts_path, write_drafts

    check_table_output("-o", output, inputs=run_inputs(paths))
    check_drafts_path(emit_yaml, lexicon)
    with read_corpus("reading", paths, lexicon=lexicon, workers=workers, infer_doc_types=False) as corpus:
        table = corpus.discover(
            by=by, sources=source or SOURCES, min_count=min_count, min_docs=min_docs, alpha=alpha, limit=limit
        )
        if emit_yaml is not None:
            written = write_drafts(table[table["rank"] <= drafts], emit_yaml, documents=corpus.documents, lexicon=corpus.lexicon)
            typer.echo(f"wrote {written:,} draft entries to {emit_yaml} (drafts for review: nothing was added to the lexicon)", err=True)
        write_or_show(
            table, output, columns=["source", "rank", "candidate", "count", "docs", "periods", "kwic"], title="candidates", wide=frozenset({"candidate", "kwic"})
        )
