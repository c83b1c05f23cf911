"""``phrasebook lexicon export``: the lexicon as spaCy patterns, a quanteda or LIWC
dictionary, or a flat CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.common import LexiconOption, load_lexicon_option, reports_errors
from phrasebook.cli.lexicon import lexicon_app


@lexicon_app.command("export")
@reports_errors
def export_cli(
    format: str = typer.Option(..., "--format", help="spacy (EntityRuler/SpanRuler patterns, JSON Lines), quanteda (YAML), liwc (.dic) or csv."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here (.jsonl, .yml, .dic or .csv by format); default: standard output."),
    places: bool = typer.Option(False, "--places", help="Also export the places (provinces, cities, countries, regions, compounds)."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Write the lexicon's formulations for another tool: one label per entry (spaCy), family ->
    entry -> forms (quanteda), families as categories (LIWC), one row per form (CSV). What a
    format cannot hold (slot templates, context rules) is counted on standard error.

    Example: phrasebook lexicon export --format spacy -o patterns.jsonl
    """
    from phrasebook.lexicon.export import SUFFIXES, export_format, export_lexicon
    from phrasebook.output import check_outputs, write_text_atomically

    chosen = export_format(format)
    check_outputs([("-o", output, SUFFIXES[chosen])])
    loaded = load_lexicon_option(lexicon)
    exported = export_lexicon(loaded, format=chosen, places=places)
    if output is None:
        typer.echo(exported.text, nl=False)
    else:
        write_text_atomically(output, exported.text)
    for note in exported.notes:
        typer.echo(f"note: {note}", err=True)
    where = f" to {output}" if output else ""
    typer.echo(f"wrote {exported.forms:,} forms of {exported.entries:,} entries{where} (lexicon {loaded.version})", err=True)
