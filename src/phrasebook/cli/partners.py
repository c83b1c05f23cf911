"""``phrasebook partners``: partner countries and regions named in each document."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from phrasebook.cli.app import app
from phrasebook.cli.common import (
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


@app.command("partners")
@reports_errors
def partners_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = OutputOption,
    workers: int = WorkersOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Partner countries and regions per document, with counts.

    Example: phrasebook partners ../shared/corpus/provincial_gwr -o out/partners.csv
    """
    check_table_output("-o", output, inputs=run_inputs(paths, db))
    with read_corpus("attributing", paths, lexicon=lexicon, db=db, workers=workers, keep_text=False, infer_doc_types=False) as corpus:
        write_or_show(corpus.partners(), output, columns=["doc_id", "kind", "code", "count"], title="partners")
