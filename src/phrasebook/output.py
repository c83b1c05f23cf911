"""Write tables atomically, streaming rows: .jsonl, .csv or .parquet, chosen by extension.

Rows go to a temporary file beside the target, which is renamed over the target only when
everything was written: an interrupted run never leaves a half-written file that looks
complete.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

FORMATS = (".jsonl", ".csv", ".parquet")
_BATCH = 10_000


class UnsupportedFormat(ValueError):
    pass


def publish(temporary: Path, target: Path) -> None:
    """Give a finished temporary file the usual permissions and rename it over ``target``."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    os.replace(temporary, target)


def check_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedFormat(f"{path}: output format must be one of {', '.join(FORMATS)}")
    return suffix


class TableWriter:
    """Context manager: ``with TableWriter(path, columns) as w: w.write(row)``."""

    def __init__(self, path: Path, columns: Sequence[str]):
        self.path = Path(path)
        self.columns = list(columns)
        self.format = check_format(self.path)
        self.rows_written = 0
        self._batch: list[dict[str, Any]] = []
        self._text: TextIO | None = None
        self._csv: csv.DictWriter | None = None
        self._parquet: pq.ParquetWriter | None = None

    def __enter__(self) -> TableWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        os.close(handle)
        self._temporary = Path(name)
        if self.format != ".parquet":
            self._text = self._temporary.open("w", encoding="utf-8", newline="")
            if self.format == ".csv":
                self._csv = csv.DictWriter(self._text, fieldnames=self.columns, extrasaction="ignore")
                self._csv.writeheader()
        return self

    def write(self, row: dict[str, Any]) -> None:
        self.rows_written += 1
        if self._csv is not None:
            self._csv.writerow(row)
        elif self._text is not None:
            self._text.write(json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False) + "\n")
        else:
            self._batch.append(row)
            if len(self._batch) >= _BATCH:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        table = pa.Table.from_pylist([{c: r.get(c) for c in self.columns} for r in self._batch])
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._temporary, table.schema)
        self._parquet.write_table(table.cast(self._parquet.schema))
        self._batch = []

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        try:
            if self._text is not None:
                self._text.close()
            if self.format == ".parquet" and kind is None:
                self._finish_parquet()
            elif self._parquet is not None:
                self._parquet.close()
        except BaseException:
            self._temporary.unlink(missing_ok=True)
            raise
        if kind is None:
            publish(self._temporary, self.path)
        else:
            self._temporary.unlink(missing_ok=True)

    def _finish_parquet(self) -> None:
        if self._batch:
            self._flush_parquet()
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._temporary, pa.schema([(c, pa.string()) for c in self.columns]))
        self._parquet.close()
