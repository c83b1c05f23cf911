"""``phrasebook docs``: one row per document: issuer, date, type (with their sources) and tags."""

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


@app.command("docs")
@reports_errors
def docs_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = OutputOption,
    ignore_metadata: bool = typer.Option(False, "--ignore-metadata", help="Infer issuer, date and type from the text alone."),
    workers: int = WorkersOption,
    date_pattern: str = DatePatternOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Document-level tags: issuer, date, type, provinces, families, designations, partners.

    Example: phrasebook docs ../shared/corpus/provincial_gwr --ignore-metadata -o out/docs.csv
    """
    check_table_output("-o", output, inputs=run_inputs(paths, db))
    with read_corpus("attributing", paths, lexicon=lexicon, db=db, workers=workers, date_pattern=date_pattern, keep_text=False, use_metadata=not ignore_metadata) as corpus:
        columns = ["doc_id", "issuer", "date", "doc_type", "designations"]
        write_or_show(corpus.docs(), output, columns=columns, title="documents", wide=frozenset({"designations"}))
