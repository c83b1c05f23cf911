"""``phrasebook compare``: formulations added, dropped and changed from edition A to B."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import (
    LexiconOption,
    OutputOption,
    check_table_output,
    load_lexicon_option,
    reading,
    reports_errors,
    write_or_show,
)


@app.command("compare")
@reports_errors
def compare_cli(
    a: Path = typer.Argument(..., help="Document or folder A (the earlier edition)."),
    b: Path = typer.Argument(..., help="Document or folder B."),
    output: Optional[Path] = OutputOption,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Formulations added, dropped and changed in frequency from A to B, with context.

    Example: phrasebook compare fyp14-recommendations-2020.txt fyp15-recommendations-2025.txt
    """
    from phrasebook.api import compare_corpora
    from phrasebook.corpus import Corpus

    check_table_output("-o", output, inputs=[a, b])
    loaded = load_lexicon_option(lexicon)
    with reading("reading A", lambda progress: Corpus(a, lexicon=loaded, infer_doc_types=False, progress=progress)) as first:
        with reading("reading B", lambda progress: Corpus(b, lexicon=loaded, infer_doc_types=False, progress=progress)) as second:
            table = compare_corpora(first, second)
            order = {"added": 0, "dropped": 1, "rose": 2, "fell": 3, "same": 4}
            if output is None:
                table = table[table.status != "same"].sort_values("status", key=lambda s: s.map(order))
            write_or_show(table, output, columns=["status", "canonical", "count_a", "count_b", "context"], title=f"{a.name} -> {b.name}", wide=frozenset({"context"}))
