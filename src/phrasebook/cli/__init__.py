"""The ``phrasebook`` command: one typer app, one module per command, each a thin parser
over a keyword-only library function."""

from phrasebook.cli import (  # noqa: F401  (importing a module registers its command)
    compare,
    discover,
    docs,
    engagements,
    evaluate,
    events,
    explain,
    export,
    kwic,
    lexicon,
    lexicon_diff,
    lexicon_export,
    lexicon_new,
    partners,
    report,
    roles,
    setup,
    tag,
    track,
    train,
)
from phrasebook.cli.app import app

__all__ = ["app"]
