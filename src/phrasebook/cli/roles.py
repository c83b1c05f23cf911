"""``phrasebook roles``: which province is designated what role toward where."""

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


@app.command("roles")
@reports_errors
def roles_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = OutputOption,
    threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0, help="Classifier score from which a candidate is a designation."),
    all_candidates: bool = typer.Option(False, "--all", help="Every role candidate with its score and cues, not only designations."),
    scope: str = typer.Option("province", "--scope", help="province: the province or city itself (default); facility: a port, airport or park in it; all."),
    workers: int = WorkersOption,
    date_pattern: str = DatePatternOption,
    db: Optional[Path] = DbOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Role designations: province, role, target region, wording, confidence.

    Example: phrasebook roles ../shared/corpus/provincial_gwr -o out/roles.csv
    """
    from phrasebook.attribute.roles import SCOPES
    from phrasebook.errors import UsageError

    if scope not in SCOPES:
        raise UsageError(f"--scope {scope}: choose one of {', '.join(SCOPES)}")
    check_table_output("-o", output, inputs=run_inputs(paths, db))
    with read_corpus("attributing", paths, lexicon=lexicon, db=db, workers=workers, date_pattern=date_pattern, keep_text=False, infer_doc_types=False) as corpus:
        table = corpus.roles(threshold=threshold, candidates=all_candidates, scope=scope)
        columns = ["doc_id", "province", "role", "region", "score" if all_candidates else "confidence", "wording"]
        write_or_show(table, output, columns=columns, title="role candidates" if all_candidates else "designations", wide=frozenset({"wording"}))
