"""The root typer application that every command module attaches to."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="phrasebook",
    help="Track official Chinese political formulations (提法) in policy texts.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from phrasebook.version import __version__

        typer.echo(f"phrasebook {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Track official Chinese political formulations (提法) in policy texts.

    Every command reads files and folders (.txt, .md, .html, .pdf, .jsonl, .jsonl.gz);
    without a path it reads the bundled sample corpus/. Example: phrasebook tag -o out/matches.csv
    """
