"""``phrasebook explain``: the evidence behind each designation and partner of a document."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import LexiconOption, read_corpus, reports_errors


@app.command("explain")
@reports_errors
def explain_cli(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders to explain (or give --text)."),
    text: Optional[str] = typer.Option(None, "--text", help="Explain this text instead of files."),
    doc: Optional[str] = typer.Option(None, "--doc", help="Only the document with this id."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """For each role candidate and partner: the sentence, cues, province, region and score.

    Example: phrasebook explain ../shared/corpus/provincial_gwr/prov-yunnan-gwr-2025.txt
    """
    import tempfile

    from phrasebook.errors import UsageError

    if (text is None) == (not paths):
        raise UsageError("give files or folders to explain, or --text, not both")
    if text is not None:
        with tempfile.TemporaryDirectory() as folder:
            written = Path(folder) / "text.txt"
            written.write_text(text, encoding="utf-8")
            with read_corpus("reading", [written], lexicon=lexicon) as corpus:
                typer.echo(corpus.explain())
        return
    with read_corpus("reading", paths, lexicon=lexicon) as corpus:
        typer.echo(corpus.explain(doc))
