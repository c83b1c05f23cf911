"""Which files a run reads, and the document id of each.

Inputs are files and folders; folders are walked recursively, following symbolic links
to folders (each real folder once, so a link loop ends). Every file found becomes a
:class:`Source`, and nothing is dropped without a word: a broken symbolic link, an empty
folder or an unsupported file named outright is a source with a ``problem``, which the
reader turns into an error row; an unsupported file found inside a folder is a
``skipped`` row; a file reached twice (a folder and a file inside it) is read once and
the repeat is reported as a warning.

Document ids are unique within a run and stable: a document's id depends on its own
path alone, so adding or removing another file never changes it. The id is the path of
the file relative to the deepest folder that holds every input (``yunnan/2025`` and
``xinjiang/2025`` stay two documents); a ``.txt`` file's id leaves out the suffix
(``yunnan/2025``), and so does a JSON Lines file's, whose records are ``<id>:<line>``;
every other kind keeps it (``yunnan/2025.md``, ``page.html``), so ``a.txt`` and ``a.md``
are ``a`` and ``a.md`` whether or not the other is there. Where two files would still
share an id (``a.md`` and ``a.md.txt``), both keep their whole name and the documents
table says why. A manifest or front matter may give an id of its own; the reader then
refuses a second document with an id already in use.

phrasebook never reads its own outputs as documents: a JSON Lines file whose first
record is a row of one of phrasebook's tables (it has ``doc_id``, ``entry_id`` or
``lexicon_version`` and no ``id``), and a Markdown or HTML file that phrasebook wrote
(it starts with the ``generator: phrasebook`` mark), are listed as ``skipped`` with that
reason.
"""

from __future__ import annotations

import gzip
import json
import os
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from phrasebook.errors import InputNotFound, PhrasebookWarning

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + (".pdf",)
MANIFEST_NAMES = ("MANIFEST.tsv", "MANIFEST.csv")


def bundled_corpus_dir() -> Path:
    """$PHRASEBOOK_CORPUS, else the `corpus/` folder of this source tree (the sample the
    commands read when no input is given)."""
    configured = os.environ.get("PHRASEBOOK_CORPUS")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "corpus"
NOT_DOCUMENTS = {*MANIFEST_NAMES, "README.md"}
BARE_ID_SUFFIXES = (".txt", *JSONL_SUFFIXES)
"""Kinds of file whose document id leaves out the suffix."""
GENERATOR_MARK = "generator: phrasebook"
"""Written at the top of every Markdown or HTML file phrasebook makes (in a comment or meta tag)."""
TABLE_KEYS = frozenset({"doc_id", "entry_id", "lexicon_version"})
"""Keys of the rows of phrasebook's tables that documents given to it do not carry."""


@dataclass(frozen=True)
class Source:
    """One file to read (or one input that cannot be read at all, with the reason)."""

    file: Path
    doc_id: str
    explicit: bool = False
    problem: str = ""
    status: str = "error"
    note: str = ""
    """Why the id is not the usual one, for the documents table."""

    @property
    def path(self) -> str:
        """The file's path as text that can always be printed and written (see display_path)."""
        return display_path(self.file)

    @property
    def suffix(self) -> str:
        return suffix_of(self.file)


def display_path(path: Path | str) -> str:
    """A path as printable text. A file name that is not UTF-8 (a GBK name, say) has every
    byte above ASCII shown escaped, as ``\\xd0\\xc2``: all of them, not only those that
    UTF-8 cannot read, since some GBK pairs happen to be UTF-8 characters (新 is d0 c2,
    疆 bd ae, and c2 bd alone is ½). Parts of the path that are UTF-8 are shown as they are."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "/".join(_escaped(part) for part in text.split("/"))
    return text


def _escaped(part: str) -> str:
    try:
        return part.encode("utf-8").decode("utf-8")
    except UnicodeEncodeError:
        return "".join(chr(b) if b < 0x80 else f"\\x{b:02x}" for b in os.fsencode(part))


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def find_sources(paths: Iterable[Path | str]) -> list[Source]:
    """Every input to read, in a stable order; raise :class:`InputNotFound` for a path
    that does not exist (before any work is done)."""
    inputs = [Path(p) for p in paths]
    missing = [display_path(p) for p in inputs if not os.path.lexists(p)]
    if missing:
        raise InputNotFound(f"no such file or folder: {', '.join(missing)}")
    if not inputs:
        raise InputNotFound("no input given")
    root = _common_root(inputs)
    found: list[tuple[Path, bool, str, str]] = []  # (file, explicit, problem, status)
    seen: set[str] = set()
    repeats: list[str] = []
    for path in inputs:
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                found.append((path, True, f"{display_path(path)}: folder holds no documents", "error"))
            for file, problem in files:
                if problem:
                    found.append((file, False, problem, "error"))
                elif suffix_of(file) not in SUPPORTED:
                    found.append((file, False, _unsupported(file), "skipped"))
                else:
                    own = written_by_phrasebook(file)
                    found.append((file, False, own, "skipped" if own else "error"))
        elif not path.exists():
            found.append((path, True, f"{display_path(path)}: broken symbolic link (to {display_path(os.readlink(path))})", "error"))
        elif suffix_of(path) not in SUPPORTED:
            found.append((path, True, _unsupported(path), "error"))
        else:
            own = written_by_phrasebook(path)
            found.append((path, True, own, "skipped" if own else "error"))
    unique = []
    for file, explicit, problem, status in found:
        key = os.path.realpath(file) if file.exists() else os.path.abspath(file)
        if key in seen:
            repeats.append(display_path(file))
            continue
        seen.add(key)
        unique.append((file, explicit, problem, status))
    if repeats:
        warnings.warn(
            f"{len(repeats)} input file(s) reached twice were read once: {', '.join(repeats[:5])}"
            + (" ..." if len(repeats) > 5 else ""),
            PhrasebookWarning,
            stacklevel=2,
        )
    ids = _document_ids([file for file, *_ in unique], root)
    return [
        Source(file, ids[index][0], explicit, problem, status, ids[index][1])
        for index, (file, explicit, problem, status) in enumerate(unique)
    ]


def written_by_phrasebook(file: Path) -> str:
    """Why ``file`` is one of phrasebook's own outputs (see the module docstring), or ""."""
    suffix = suffix_of(file)
    try:
        if suffix in JSONL_SUFFIXES:
            opener = gzip.open if suffix == ".jsonl.gz" else open
            with opener(file, "rt", encoding="utf-8") as handle:
                line = next((line for line in handle if line.strip()), "")
            record = json.loads(line) if line else None
            if isinstance(record, dict) and "id" not in record and TABLE_KEYS & record.keys():
                return f"{display_path(file)}: a table written by phrasebook, not documents (its rows have {', '.join(sorted(TABLE_KEYS & record.keys()))})"
        elif suffix in (".md", *HTML_SUFFIXES):
            with open(file, "rb") as handle:
                head = handle.read(1024)
            if GENERATOR_MARK.encode() in head:
                return f"{display_path(file)}: a report written by phrasebook, not a document"
    except (OSError, ValueError, EOFError):
        return ""  # the reader reports what is wrong with the file
    return ""


def _unsupported(file: Path) -> str:
    return f"{display_path(file)}: unsupported file type {suffix_of(file) or '(none)'}; supported: {', '.join(SUPPORTED)}"


def _walk(folder: Path) -> Iterable[tuple[Path, str]]:
    """(file, problem) for every document file under ``folder``, sorted, hidden ones and
    manifests left out; symbolic links to folders are followed once per real folder."""
    visited: set[str] = set()
    found: list[tuple[Path, str]] = []
    for current, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(current)
        if real in visited:
            folders[:] = []
            continue
        visited.add(real)
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in files:
            if name.startswith(".") or name in NOT_DOCUMENTS:
                continue
            file = Path(current) / name
            if not file.exists():
                found.append((file, f"{display_path(file)}: broken symbolic link (to {display_path(os.readlink(file))})"))
            elif file.is_file():
                found.append((file, ""))
    return sorted(found, key=lambda item: item[0].relative_to(folder).parts)


def _common_root(inputs: list[Path]) -> Path:
    """The deepest folder holding every input (a folder input holds itself)."""
    folders = [os.path.abspath(p if p.is_dir() else p.parent) for p in inputs]
    return Path(os.path.commonpath(folders))


def _document_ids(files: list[Path], root: Path) -> list[tuple[str, str]]:
    """(id, note) of each file: its relative path, without the suffix for the kinds in
    BARE_ID_SUFFIXES; the whole relative path, with a note, where two would share an id."""
    relative = [_relative(file, root) for file in files]
    ids = [_own_id(path) for path in relative]
    shared = {doc_id for doc_id, count in Counter(ids).items() if count > 1}
    return [
        (path, f"{path}: the id is the whole file name, because another file would also have the id {doc_id!r}")
        if doc_id in shared else (doc_id, "")
        for doc_id, path in zip(ids, relative)
    ]


def _own_id(relative: str) -> str:
    suffix = suffix_of(Path(relative))
    return relative[: len(relative) - len(suffix)] if suffix in BARE_ID_SUFFIXES else relative


def _relative(file: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(file))
    try:
        relative = absolute.relative_to(root).as_posix()
    except ValueError:
        relative = file.name
    return display_path(relative)
