"""What every command shares: reading the input paths, checking and writing tables."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pandas as pd
import typer

from phrasebook.corpus import default_corpus_dir
from phrasebook.output import TableWriter, UnsupportedFormat, check_format


def resolve_inputs(paths: Optional[list[Path]]) -> list[Path]:
    """The given paths, or the bundled corpus; a usage error (exit 2) names missing ones."""
    inputs = paths or [default_corpus_dir()]
    missing = [p for p in inputs if not p.exists()]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {', '.join(map(str, missing))}")
    return inputs


def check_output(path: Optional[Path]) -> None:
    """Refuse an unsupported output format before any work is done."""
    if path is not None:
        try:
            check_format(path)
        except UnsupportedFormat as exc:
            raise typer.BadParameter(str(exc)) from exc


def write_table(table: pd.DataFrame, output: Optional[Path]) -> None:
    """Write ``table`` atomically to ``output``, or as CSV to standard output."""
    if output is None:
        typer.echo(table.to_csv(index=False), nl=False)
        return
    check_output(output)
    with TableWriter(output, list(table.columns)) as writer:
        for row in table.to_dict("records"):
            writer.write(row)
