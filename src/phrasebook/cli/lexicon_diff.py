"""``phrasebook lexicon diff``: what the working tree's lexicon changes against a git
revision, and what that does on a reference corpus, as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.common import LexiconOption, reports_errors
from phrasebook.cli.lexicon import lexicon_app


@lexicon_app.command("diff")
@reports_errors
def diff_cli(
    base: str = typer.Option("HEAD", "--base", help="The git revision to compare with (a commit, a branch, origin/main)."),
    corpus: Optional[list[Path]] = typer.Option(
        None, "--corpus", help="Files or folders to measure on (repeatable; default: the text files of ../shared/corpus, else the sample corpus/)."
    ),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the Markdown report here (default: standard output)."),
    threshold: float = typer.Option(0.1, "--threshold", min=0, help="Mark entries whose count changes by more than this share (0.1 = 10%)."),
    kwic: int = typer.Option(3, "--kwic", min=0, help="Concordance lines per entry for the matches gained, and for those lost."),
    attribution: bool = typer.Option(True, "--attribution/--no-attribution", help="Also compare designations and engagement events (slower)."),
    limit: int = typer.Option(60_000, "--limit", min=0, help="Cut the report at this many characters (a pull-request comment holds 65,536); 0: never."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Entries added, removed and changed since a git revision, and their impact on a
    corpus: matches gained and lost per entry with concordance lines, counts that move,
    new shadowing, designations and events gained and lost.

    Example: phrasebook lexicon diff --base origin/main -o report.md
    """
    from phrasebook.lexicon import default_lexicon_dir
    from phrasebook.output import check_outputs, write_text_atomically
    from phrasebook.report.lexicon_diff import lexicon_diff, markdown

    check_outputs([("-o", output, (".md",))])
    diff = lexicon_diff(root=lexicon or default_lexicon_dir(), base=base, corpus=corpus, attribution=attribution, log=lambda line: typer.echo(line, err=True))
    report = markdown(diff, threshold=threshold, kwic=kwic, limit=limit)
    if output is None:
        typer.echo(report, nl=False)
    else:
        write_text_atomically(output, report)
    found = diff.impact
    typer.echo(
        f"{len(diff.changes)} entries changed; {len(found.gained):,} matches gained, {len(found.lost):,} lost"
        + (f"; report in {output}" if output else ""),
        err=True,
    )
