"""A lexicon as it was at a git revision, for ``phrasebook lexicon diff``.

The lexicon folder of the revision (``git archive REV lexicon/``, every file as
``git show REV:lexicon/...`` gives it) is unpacked into a temporary folder and loaded from
there like any other lexicon; the working tree is not touched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from phrasebook.errors import UsageError


def _git(folder: Path, *arguments: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise UsageError("--base needs git, which is not installed here") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(arguments)}: {reason[-1] if reason else 'failed'}")
    return done.stdout


@contextmanager
def lexicon_at(revision: str, root: Path) -> Iterator[Path]:
    """The lexicon folder ``root`` (in a git working tree) as it was at ``revision``, in a
    temporary folder that is removed afterwards."""
    root = root.resolve()
    if not root.is_dir():
        raise UsageError(f"{root}: no lexicon folder there")
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    except UsageError as exc:
        raise UsageError(f"--base needs the lexicon in a git repository; {root} is not in one") from exc
    relative = root.relative_to(top.resolve()).as_posix()
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except UsageError as exc:
        raise UsageError(f"--base {revision}: no such revision in {top}") from exc
    if not _git(top, "ls-tree", "--name-only", commit, "--", relative).strip():
        raise UsageError(f"--base {revision}: {relative}/ does not exist at that revision")
    archive = _git(top, "archive", "--format=tar", commit, "--", relative)
    with tempfile.TemporaryDirectory(prefix="phrasebook-base-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder) / relative
