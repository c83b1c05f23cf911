"""Annotation and gold files (JSON Lines) read one way: every record checked, and a bad
file or record an :class:`AnnotationError` that names its ``path:line``, so that an
annotator can find the line to mend."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from phrasebook.errors import AnnotationError

T = TypeVar("T")


def read_records(path: Path, *, what: str, check: Callable[[dict[str, Any], int], T], absent: str = "") -> list[T]:
    """``check(record, line)`` of every record of ``path``; ``check`` raises KeyError,
    TypeError or ValueError for a record that is not ``what``. ``absent`` is the message
    for a file that does not exist (default: that it cannot be read)."""
    path = Path(path)
    if absent and not path.is_file():
        raise AnnotationError(absent)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"{path}: cannot read it ({exc})") from exc
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
        try:
            if not isinstance(record, dict):
                raise TypeError("not a JSON object")
            records.append(check(record, number))
        except (KeyError, TypeError, ValueError) as exc:
            raise AnnotationError(f"{path}:{number}: not {what} ({exc})") from exc
    return records


def requiring(*keys: str) -> Callable[[dict[str, Any], int], dict[str, Any]]:
    """A ``check`` that asks for ``keys`` and passes the record on."""

    def check(record: dict[str, Any], line: int) -> dict[str, Any]:
        missing = [key for key in keys if key not in record]
        if missing:
            raise ValueError(f"it needs {', '.join(missing)}")
        return record

    return check
