"""Write outputs atomically: tables (.jsonl, .csv or .parquet, chosen by extension,
streamed row by row), text files and charts.

Everything goes to a temporary file beside the target, which is renamed over the target
only when everything was written: an interrupted run never leaves a half-written file
that looks complete. A temporary file's name says it is phrasebook's and which process
made it (``.phrasebook-tmp-<pid>-...``): one left by a killed run is removed by the next
run that writes to that folder. :func:`check_outputs` refuses, before any work is done,
an output that cannot be written (unsupported format, a folder without write permission,
a path given for two outputs) or that would overwrite an input, with a one-line message.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from phrasebook.errors import OutputError

TABLE_FORMATS = (".jsonl", ".csv", ".parquet")
PART_FORMAT = ".arrow"
"""The format of a worker's part of a Parquet table (Arrow IPC): what the process that
appends it reads back without decoding, where reading Parquet took longer than writing."""
CHART_FORMATS = (".png", ".svg")
_BATCH = 10_000
TEMPORARY_MARK = ".phrasebook-tmp-"
"""How every temporary file or folder phrasebook makes beside its outputs is named."""

published: list[Path] = []
"""The outputs this process has written, in order (for the message of an interrupted run)."""
unfinished: dict[Path, None] = {}
"""The outputs begun and not written (being written now, or abandoned by an error)."""


def check_outputs(outputs: Iterable[tuple[str, Path | None, Sequence[str]]], *, inputs: Iterable[Path | str] = ()) -> None:
    """Refuse outputs that cannot be written: ``(option, path, allowed suffixes)`` each.

    Raises :class:`OutputError` naming the option and the reason when a suffix is not
    allowed, two options name one file, the folder cannot take a new file, or the output
    would overwrite one of ``inputs`` (a file or store given as input, or a document of
    an input folder that phrasebook did not write).
    """
    inputs = [Path(p) for p in inputs]
    seen: dict[str, str] = {}
    for option, path, allowed in outputs:
        if path is None:
            continue
        if Path(path).is_dir():
            raise OutputError(f"{option} {path}: is a folder; give a file name")
        suffix = Path(path).suffix.lower()
        if suffix not in allowed:
            raise OutputError(f"{option} {path}: the format must be one of {', '.join(allowed)}")
        key = os.path.abspath(path)
        if key in seen:
            raise OutputError(f"{option} {path}: the same file as {seen[key]}; give each output its own file")
        seen[key] = option
        check_not_an_input(option, Path(path), inputs)
        _check_writable(option, Path(path))


def check_not_an_input(option: str, path: Path, inputs: list[Path]) -> None:
    """Refuse an output that is one of the inputs, or a document inside an input folder."""
    from phrasebook.read.sources import SUPPORTED, suffix_of, written_by_phrasebook

    target = os.path.realpath(path)
    for given in inputs:
        real = os.path.realpath(given)
        if target == real:
            raise OutputError(f"{option} {path}: is one of the inputs; phrasebook never overwrites an input, give another file")
        if given.is_dir() and target.startswith(real.rstrip(os.sep) + os.sep) and path.is_file():
            if suffix_of(path) in SUPPORTED and not written_by_phrasebook(path):
                raise OutputError(
                    f"{option} {path}: is a document of the input folder {given}; phrasebook never overwrites an input, give another file"
                )


def _check_writable(option: str, path: Path) -> None:
    """Create (and remove) a temporary file where the output will go."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder)
        handle, name = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".check", dir=folder)
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot write there ({exc.strerror or exc})") from exc
    os.close(handle)
    os.unlink(name)


def temporary_prefix(target: Path) -> str:
    """The start of the name of a temporary file or folder made for ``target``."""
    return f"{TEMPORARY_MARK}{os.getpid()}-{Path(target).name}."


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files and folders that a run killed before it could clean up
    left in ``folder`` (those of a process that no longer runs); what was removed."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not name.startswith(TEMPORARY_MARK):
            continue
        pid = name[len(TEMPORARY_MARK) :].split("-", 1)[0]
        if not pid.isdigit() or _running(int(pid)):
            continue
        stale = Path(folder) / name
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
        removed.append(stale)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(temporary: Path, target: Path) -> None:
    """Give a finished temporary file the usual permissions and rename it over ``target``."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    os.replace(temporary, target)
    published.append(target)


class AtomicFile:
    """Context manager: a temporary path beside ``target``, renamed over it on success and
    removed on failure. ``with AtomicFile(target) as temporary: write(temporary)``."""

    def __init__(self, target: Path):
        self.target = Path(target)

    def __enter__(self) -> Path:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(self.target.parent)
        try:
            handle, name = tempfile.mkstemp(prefix=temporary_prefix(self.target), suffix=self.target.suffix or ".part", dir=self.target.parent)
        except OSError as exc:
            raise OutputError(f"{self.target}: cannot write there ({exc.strerror or exc})") from exc
        os.close(handle)
        self.temporary = Path(name)
        unfinished[self.target] = None
        return self.temporary

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if kind is None:
            publish(self.temporary, self.target)
            unfinished.pop(self.target, None)
        else:
            self.temporary.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> Path:
    with AtomicFile(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def csv_cell(value: Any) -> Any:
    """A list or dict is written to CSV as JSON text; missing values as empty cells."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def part_suffix(output: Path) -> str:
    """The format a worker writes its part of ``output`` in: :data:`PART_FORMAT` for a
    Parquet table, the output's own format otherwise."""
    return PART_FORMAT if output.suffix.lower() == ".parquet" else output.suffix


class TableWriter:
    """Context manager: ``with TableWriter(path, columns) as w: w.write(row)``.

    ``schema``: a pyarrow schema for Parquet (inferred from the first rows otherwise);
    ``header=False``: a CSV without its header line, to be appended to another table.
    A ``.arrow`` path is a worker's part of a Parquet table (:data:`PART_FORMAT`).
    """

    def __init__(self, path: Path, columns: Sequence[str], *, schema: Any = None, header: bool = True):
        self.path = Path(path)
        self.columns = list(columns)
        self.schema = schema
        self.header = header
        self.format = self.path.suffix.lower()
        if self.format not in (*TABLE_FORMATS, PART_FORMAT):
            raise OutputError(f"{self.path}: the format must be one of {', '.join(TABLE_FORMATS)}")
        self._batch: list[dict[str, Any]] = []
        self._text: TextIO | None = None
        self._csv: Any = None
        self._columns_out: Any = None
        self._file = AtomicFile(self.path)

    @property
    def _columnar(self) -> bool:
        return self.format in (".parquet", PART_FORMAT)

    def __enter__(self) -> TableWriter:
        self._temporary = self._file.__enter__()
        if not self._columnar:
            self._text = self._temporary.open("w", encoding="utf-8", newline="")
            if self.format == ".csv":
                self._csv = csv.writer(self._text)
                if self.header:
                    self._csv.writerow(self.columns)
        return self

    def write(self, row: dict[str, Any]) -> None:
        if self._csv is not None:
            self._csv.writerow([csv_cell(row.get(c)) for c in self.columns])
        elif self._text is not None:
            self._text.write(json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False, default=str) + "\n")
        else:
            self._batch.append(row)
            if len(self._batch) >= _BATCH:
                self._flush_rows()

    def append(self, part: Path) -> None:
        """Add the rows of ``part``, a table of the same columns written by this class, after
        the rows written so far: of the same format for CSV (without a header) and JSON Lines,
        a :data:`PART_FORMAT` part for Parquet."""
        if not self._columnar:
            assert self._text is not None
            with part.open(encoding="utf-8", newline="") as rows:
                shutil.copyfileobj(rows, self._text)
            return
        import pyarrow as pa

        if self._batch:
            self._flush_rows()
        with pa.OSFile(str(part), "rb") as source:
            self._write_columns(pa.ipc.open_file(source).read_all())

    def _flush_rows(self) -> None:
        import pyarrow as pa

        # built column by column: many times faster than from row dicts
        table = pa.table({c: [r.get(c) for r in self._batch] for c in self.columns}, schema=self.schema)
        self._write_columns(table)
        self._batch = []

    def _write_columns(self, table: Any) -> None:
        """Write an Arrow table, opening the file's writer (Parquet or Arrow IPC) first."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._columns_out is None:
            self.schema = self.schema or table.schema
            self._columns_out = pa.ipc.new_file(self._temporary, self.schema) if self.format == PART_FORMAT else pq.ParquetWriter(self._temporary, self.schema)
        self._columns_out.write_table(table.cast(self.schema))

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        try:
            if self._text is not None:
                self._text.close()
            if self._columnar and kind is None:
                self._finish_columns()
            elif self._columns_out is not None:
                self._columns_out.close()
        except BaseException as failure:
            self._file.__exit__(type(failure), failure, failure.__traceback__)
            raise
        self._file.__exit__(kind, error, trace)

    def _finish_columns(self) -> None:
        import pyarrow as pa

        if self._batch:
            self._flush_rows()
        if self._columns_out is None:
            self._write_columns((self.schema or pa.schema([(c, pa.string()) for c in self.columns])).empty_table())
        self._columns_out.close()


def write_table(table: Any, path: Path) -> Path:
    """Write a DataFrame atomically (the format from the suffix); lists stay lists in
    JSON Lines and Parquet and become JSON text in CSV; dates are written as ISO text."""
    with TableWriter(path, [str(c) for c in table.columns]) as writer:
        for row in _plain_rows(table):
            writer.write(row)
    return path


def _plain_rows(table: Any) -> Iterable[dict[str, Any]]:
    """Rows of a DataFrame as plain Python values: missing → None, timestamps → ISO dates."""
    import pandas as pd

    columns = [str(c) for c in table.columns]
    for values in table.itertuples(index=False, name=None):
        row = {}
        for column, value in zip(columns, values):
            if isinstance(value, pd.Timestamp):
                value = value.date().isoformat() if value == value.normalize() else value.isoformat()
            elif not isinstance(value, (list, tuple, dict, str)) and pd.isna(value):
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            row[column] = value
        yield row
