"""The root typer application that every command module attaches to."""

import typer

app = typer.Typer(
    name="phrasebook",
    help="Track official Chinese political formulations (提法) in policy texts.",
    no_args_is_help=True,
    add_completion=False,
)
