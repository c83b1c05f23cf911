"""Every error phrasebook raises on purpose, under one base class.

A user sees the message and nothing else: the command line prints it on one line and
exits with ``exit_code`` (2 for a wrong argument, 1 otherwise). So each message names
what is wrong and where (a file, a ``path:line``, an option) and, where it helps, what
to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class PhrasebookError(Exception):
    """Base class: anything phrasebook refuses, with a message meant for the user."""

    exit_code = 1


class UsageError(PhrasebookError):
    """A wrong argument: an unknown entry, family or period, a missing input, a bad output."""

    exit_code = 2


class InputNotFound(UsageError):
    """A path given as input does not exist, or holds no document."""


class OutputError(UsageError):
    """An output cannot be written where asked (unsupported format, no permission, clash)."""


class SegmenterUnavailable(UsageError):
    """The chosen segmenter cannot run here (for pkuseg: no model on disk)."""


class InputError(PhrasebookError):
    """One input document cannot be read; the message names the file and the reason."""


class PartialDecodeError(InputError):
    """Bytes that are not valid in a large file's encoding, found while reading it in parts."""

    def __init__(self, message: str, characters_before: int):
        super().__init__(message)
        self.characters_before = characters_before


class TemplateError(PhrasebookError):
    """A slot template that cannot be compiled safely (the lexicon check reports it)."""


class AnnotationError(PhrasebookError):
    """An annotation or gold file that cannot be used; the message gives ``path:line``."""


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


class LexiconError(PhrasebookError):
    """The lexicon cannot be used; carries every problem found, each at its ``path:line``."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class PhrasebookWarning(UserWarning):
    """Something the user should know that does not stop the work (an input read twice,
    documents that could not be read, a period that could not be determined)."""
