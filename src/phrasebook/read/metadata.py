"""Document metadata from a MANIFEST.tsv/.csv beside the files, or from YAML front matter."""

from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

import yaml

from phrasebook.errors import InputError
from phrasebook.read.sources import MANIFEST_NAMES

_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)


@lru_cache(maxsize=64)
def _manifest(path: Path, modified: int) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Rows of one manifest keyed by their `path` (relative to the manifest's folder), and
    the rows without a path keyed by their `id` (which then names a file by its stem).
    Cached by the file's modification time, so an edited manifest is read again."""
    delimiter = "\t" if path.suffix == ".tsv" else ","
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    by_path: dict[str, dict[str, str]] = {}
    by_id: dict[str, dict[str, str]] = {}
    for row in rows:
        clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if clean.get("path"):
            by_path[clean["path"]] = clean
        elif clean.get("id"):
            by_id[clean["id"]] = clean
    return by_path, by_id


def manifest_metadata(file: Path) -> dict[str, str]:
    """The manifest row for ``file`` from the nearest MANIFEST in its folder or above.

    A row names its file by `path`; a row without one names it by `id` = the file's stem
    (two files of one stem then claim one id, which the reader refuses as a duplicate).
    """
    absolute = Path(os.path.abspath(file))
    for folder in absolute.parents:
        for name in MANIFEST_NAMES:
            manifest = folder / name
            if manifest.is_file():
                by_path, by_id = _manifest(manifest, manifest.stat().st_mtime_ns)
                row = by_path.get(absolute.relative_to(folder).as_posix()) or by_id.get(absolute.stem)
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
