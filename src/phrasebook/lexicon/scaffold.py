"""``phrasebook lexicon new``: a formulation entry made from its fields, written in the
house style at the end of its family's file, and refused unless the lexicon passes its
check with it as it did without it.

The check is the one editors run (``lexicon check``), on a copy of the lexicon that holds
the new entry, so a duplicate or retired id, a form another entry claims, an example the
matcher does not find or a missing negative example is refused with the same message.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from phrasebook.errors import LexiconError, Problem, UsageError
from phrasebook.lexicon.check import check_lexicon
from phrasebook.lexicon.layout import canonical_text, dump
from phrasebook.lexicon.load import read_lexicon
from phrasebook.lexicon.schema import Formulation, FormulationFile
from phrasebook.lexicon.yamlsafe import load_yaml, parse_yaml
from phrasebook.output import write_text_atomically

OPTION_OF_FIELD = {
    "id": "--id", "zh": "--zh", "en": "--en", "variants": "--variant", "patterns": "--pattern", "role": "--role",
    "shadows": "--shadows", "notes": "--notes", "sources": "--source-title", "title": "--source-title",
    "issuer": "--source-issuer", "date": "--source-date", "doc": "--source-doc", "url": "--source-url",
    "examples": "--example", "positive": "--example", "text": "--example", "match": "--match", "negative": "--negative",
}
"""The command-line option that sets each field of an entry, for messages."""


@dataclass(frozen=True)
class Scaffolded:
    """Where the entry went (its family's file and line), the entry as written, and the
    warnings it brings that the lexicon did not have (a shadowing to acknowledge, say)."""

    path: Path
    line: int
    text: str
    warnings: list[Problem]


def family_files(root: Path) -> dict[str, Path]:
    """Each formulation family of the lexicon at ``root`` and the file that holds it."""
    files: dict[str, Path] = {}
    for path in sorted((root / "formulations").glob("*.yaml")):
        document, _ = load_yaml(path)
        if document is not None and isinstance(document.data, dict) and isinstance(document.data.get("family"), str):
            files.setdefault(document.data["family"], path)
    return files


def add_formulation(root: Path, *, family: str, entry: dict[str, Any], write: bool = True) -> Scaffolded:
    """Append ``entry`` (the fields of a formulation) to ``family``'s file of the lexicon
    at ``root``; with ``write=False`` only say what would be written.

    Raises :class:`UsageError` for an unknown family or a field the schema refuses, and
    :class:`LexiconError` with every check error the entry would bring.
    """
    files = family_files(root)
    if family not in files:
        raise UsageError(f"--family {family}: no such family; the families are {', '.join(sorted(files))}")
    _validate(entry)
    lexicon, _ = read_lexicon(root)
    if lexicon is not None and entry["id"] in {e.id for e in lexicon.entries}:
        taken = lexicon.get(entry["id"]).origin
        raise UsageError(f"--id {entry['id']}: already the id of the entry at {taken.path}:{taken.line}")
    path = files[family]
    block = dump({"entries": [entry]}, schema=FormulationFile).split("\n", 1)[1]
    current = canonical_text(path.read_text(encoding="utf-8"), path, FormulationFile)
    text = canonical_text(current + "\n" + block, path, FormulationFile)
    errors, warnings = _new_problems(root, path, text)
    if errors:
        raise LexiconError(errors)
    document, _ = parse_yaml(text, path)
    assert document is not None  # canonical_text has read it back
    line = document.line_of(("entries", len(document.data["entries"]) - 1))
    if write:
        write_text_atomically(path, text)
    return Scaffolded(path, line, block, warnings)


def _validate(entry: dict[str, Any]) -> None:
    """Refuse, naming the option, a field the schema does not accept."""
    try:
        Formulation.model_validate(entry)
    except ValidationError as exc:
        messages = []
        for error in exc.errors():
            names = [part for part in error["loc"] if isinstance(part, str) and part in OPTION_OF_FIELD]
            option = OPTION_OF_FIELD[names[-1]] if names else "the entry"
            messages.append(f"{option}: {error['msg']}")
        raise UsageError("; ".join(dict.fromkeys(messages))) from None


def _new_problems(root: Path, path: Path, text: str) -> tuple[list[Problem], list[Problem]]:
    """The errors and warnings of the lexicon with ``path`` holding ``text`` that the
    lexicon as it is does not have, located in the real files."""
    before = {(p.path, p.message) for p in check_lexicon(root)}
    with tempfile.TemporaryDirectory(prefix="phrasebook-new-") as folder:
        copy = Path(folder) / "lexicon"
        shutil.copytree(root, copy)
        (copy / path.relative_to(root)).write_text(text, encoding="utf-8")
        after = [
            Problem(root / Path(p.path).relative_to(copy), p.line, p.message.replace(str(copy), str(root)), p.severity)
            for p in check_lexicon(copy)
        ]
    new = [p for p in after if (p.path, p.message) not in before]
    return [p for p in new if p.severity == "error"], [p for p in new if p.severity != "error"]
