"""Errors that name where the problem is, so a user can go and fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One finding of the lexicon checker, printed as ``path:line: message``."""

    path: Path
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class LexiconError(Exception):
    """The lexicon cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InputError(Exception):
    """An input document cannot be read; the message names the file and the reason."""
