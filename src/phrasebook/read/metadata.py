"""Document metadata from a MANIFEST.tsv/.csv beside the files, or from YAML front matter."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import yaml

from phrasebook.errors import InputError

MANIFEST_NAMES = ("MANIFEST.tsv", "MANIFEST.csv")
_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)


@lru_cache(maxsize=64)
def _manifest(path: Path) -> dict[str, dict[str, str]]:
    """Rows of one manifest, keyed both by their `path` (relative) and by their `id`."""
    delimiter = "\t" if path.suffix == ".tsv" else ","
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    keyed: dict[str, dict[str, str]] = {}
    for row in rows:
        clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for key in (clean.get("path"), clean.get("id")):
            if key:
                keyed[key] = clean
    return keyed


def manifest_metadata(file: Path) -> dict[str, str]:
    """The manifest row for ``file`` from the nearest MANIFEST in its folder or above."""
    for folder in file.resolve().parents:
        for name in MANIFEST_NAMES:
            manifest = folder / name
            if manifest.is_file():
                rows = _manifest(manifest)
                relative = file.resolve().relative_to(folder).as_posix()
                row = rows.get(relative) or rows.get(file.stem)
                if row is not None:
                    return dict(row)
        if (folder / ".git").exists():
            break
    return {}


def split_front_matter(text: str, name: str) -> tuple[dict[str, str], int]:
    """YAML front matter (``---`` block at the top) and the offset where the body starts."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, 0
    try:
        data = yaml.safe_load(found.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: invalid YAML front matter ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{name}: front matter must be a mapping of keys to values")
    return {str(k): str(v) for k, v in data.items()}, found.end()
