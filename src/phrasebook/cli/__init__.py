"""The ``phrasebook`` command: one typer app, one module per command group, each thin."""

from phrasebook.cli import attribute as _attribute  # noqa: F401
from phrasebook.cli import explore as _explore  # noqa: F401
from phrasebook.cli import lexicon as _lexicon  # noqa: F401  (registers the commands)
from phrasebook.cli import tag as _tag  # noqa: F401
from phrasebook.cli import track as _track  # noqa: F401
from phrasebook.cli.app import app

__all__ = ["app"]
