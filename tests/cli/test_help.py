"""Every command's help says what it does and shows an example line to copy."""

from __future__ import annotations

import typer.main
from typer.testing import CliRunner

from phrasebook.cli import app


def _commands(group, path=()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def test_every_command_has_an_example_line() -> None:
    commands = list(_commands(typer.main.get_command(app)))
    assert len(commands) > 20 and ("tag",) in commands and ("lexicon", "check") in commands
    runner = CliRunner()
    missing = []
    for command in commands:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        if f"Example: phrasebook {' '.join(command)}" not in " ".join(result.output.split()):
            missing.append(" ".join(command))
    assert not missing, f"commands whose --help has no example line: {missing}"
