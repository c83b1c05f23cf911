"""``phrasebook setup ...``: fetch, once, what a feature needs and no package ships."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import reports_errors

setup_app = typer.Typer(help="Fetch, once, what a feature needs and no package ships.", no_args_is_help=True)
app.add_typer(setup_app, name="setup")


@setup_app.command("pkuseg")
@reports_errors
def pkuseg_cli(
    from_file: Optional[Path] = typer.Option(None, "--from-file", help="Use this copy of pkuseg-0.0.25.tar.gz instead of downloading it."),
    force: bool = typer.Option(False, "--force", help="Convert again over an installed model."),
) -> None:
    """Install pkuseg's default model for --segmenter pkuseg and the spaCy component:
    the pkuseg archive from PyPI, checked against its recorded SHA-256 and converted once
    into files read without pickles, in the cache folder ($PHRASEBOOK_CACHE).

    Example: phrasebook setup pkuseg
    """
    from phrasebook.pkuseg_setup import setup_pkuseg

    report = setup_pkuseg(archive=from_file, force=force, say=lambda line: typer.echo(line, err=True))
    files = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in report.files.items())
    if report.already:
        typer.echo(f"pkuseg model already set up in {report.folder} ({files}); --force converts it again")
    else:
        typer.echo(f"pkuseg model ready in {report.folder} ({files}; {report.seconds:.1f} s)")
