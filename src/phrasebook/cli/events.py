"""``phrasebook events``: the engagement events of a corpus, one row per partner."""

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


@app.command("events")
@reports_errors
def events_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = OutputOption,
    threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0, help="Classifier score from which a sentence is an event."),
    workers: int = WorkersOption,
    date_pattern: str = DatePatternOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Which province met, visited, signed with whom, and when: one row per partner of each event.

    Example: phrasebook events ../shared/corpus/xwlb -o out/events.csv
    """
    check_table_output("-o", output, inputs=run_inputs(paths, db))
    with read_corpus("reading", paths, lexicon=lexicon, db=db, workers=workers, date_pattern=date_pattern, keep_text=False, infer_doc_types=False) as corpus:
        table = corpus.events(threshold=threshold)
        write_or_show(table, output, columns=["doc_id", "province", "partner", "type", "level", "date"], title="engagement events")
