"""``phrasebook setup pkuseg``: install pkuseg's default model, converted once so that
nothing is ever unpickled when it is used.

The pkuseg source distribution on PyPI (pkuseg 0.0.25) ships its default model:
``models/default/features.pkl`` (a pickle of dicts, lists, strings and integers),
``models/default/weights.npz`` (numpy arrays) and ``dicts/default.pkl`` (a pickled string:
the post-processing dictionary, the same file spacy-pkuseg ships). Setup asks PyPI's JSON
API where the archive is, downloads it, checks its SHA-256 against the one recorded here
(and against the registry's), reads those three members out of the archive (nothing else
is extracted, nothing in it is run), and converts them:

- the two pickles are read ONCE, by an unpickler that refuses every global reference (no
  class, no function: only the containers and scalars the pickle protocol builds by
  itself), so reading them cannot run code; the features are checked to have the shape
  spacy-pkuseg expects and written as ``features.msgpack``, the dictionary as a word list;
- ``weights.npz`` is loaded with ``allow_pickle=False``, checked (two arrays, sizes that
  agree) and copied as it is.

The folder is built beside its place in the cache and renamed into it, so an interrupted
setup leaves nothing half-made; a ``SOURCE.json`` records where it came from. Nothing is
downloaded anywhere else, and only by this command.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phrasebook.errors import PhrasebookError
from phrasebook.pkuseg_model import DICTIONARY_FILE, installed_dir, is_complete

RELEASE = "pkuseg-0.0.25"
ARCHIVE = f"{RELEASE}.tar.gz"
ARCHIVE_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
ARCHIVE_BYTES = 48_751_866
INDEX = "https://pypi.org/pypi/pkuseg/json"
MEMBERS = {
    "features": f"{RELEASE}/pkuseg/models/default/features.pkl",
    "weights": f"{RELEASE}/pkuseg/models/default/weights.npz",
    "dictionary": f"{RELEASE}/pkuseg/dicts/default.pkl",
}
TIMEOUT = 60
_CHUNK = 1 << 20


class SetupError(PhrasebookError):
    """The model could not be fetched, verified or converted; the message says which and why."""


@dataclass(frozen=True)
class SetupReport:
    folder: Path
    already: bool
    downloaded: bool
    seconds: float
    files: dict[str, int]


def setup_pkuseg(*, archive: Path | None = None, force: bool = False, say: Callable[[str], None] = lambda _: None) -> SetupReport:
    """Install the converted model into the cache folder (see the module notes).

    ``archive`` is a copy of pkuseg-0.0.25.tar.gz already on disk (it is verified all the
    same); ``force`` converts again over an existing model; ``say`` receives progress lines.
    """
    started = time.perf_counter()
    target = installed_dir()
    if is_complete(target) and not force:
        return SetupReport(target, True, False, 0.0, _sizes(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pkuseg-", dir=target.parent) as scratch:
        source = Path(archive) if archive is not None else _download(Path(scratch) / ARCHIVE, say)
        _verify(source)
        say(f"verified {source.name} (sha256 {ARCHIVE_SHA256[:12]}…); converting")
        staging = Path(scratch) / "model"
        convert(source, staging)
        (staging / "SOURCE.json").write_text(
            json.dumps({"archive": ARCHIVE, "sha256": ARCHIVE_SHA256, "index": INDEX, "members": MEMBERS}, indent=2) + "\n",
            encoding="utf-8",
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    return SetupReport(target, False, archive is None, time.perf_counter() - started, _sizes(target))


def _sizes(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_size for path in sorted(folder.iterdir()) if path.is_file() and path.name != "SOURCE.json"}


def _download(path: Path, say: Callable[[str], None]) -> Path:
    """The archive fetched from where PyPI's JSON API says it is."""
    try:
        with urllib.request.urlopen(INDEX, timeout=TIMEOUT) as response:
            project = json.load(response)
        entry = next(f for f in project["releases"]["0.0.25"] if f["filename"] == ARCHIVE)
    except (urllib.error.URLError, OSError, ValueError, KeyError, StopIteration) as exc:
        raise SetupError(f"cannot read {INDEX} ({exc}); download {ARCHIVE} by other means and give it with --from-file") from exc
    if entry.get("digests", {}).get("sha256") != ARCHIVE_SHA256:
        raise SetupError(f"PyPI lists {ARCHIVE} with sha256 {entry.get('digests', {}).get('sha256')}, not the recorded {ARCHIVE_SHA256}")
    say(f"downloading {entry['url']} ({ARCHIVE_BYTES / 1e6:.1f} MB)")
    try:
        with urllib.request.urlopen(entry["url"], timeout=TIMEOUT) as response, path.open("wb") as out:
            shutil.copyfileobj(response, out, _CHUNK)
    except (urllib.error.URLError, OSError) as exc:
        raise SetupError(f"cannot download {entry['url']} ({exc}); download it by other means and give it with --from-file") from exc
    return path


def _verify(path: Path) -> None:
    if not path.is_file():
        raise SetupError(f"{path}: no such file")
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    if digest.hexdigest() != ARCHIVE_SHA256:
        raise SetupError(f"{path}: sha256 {digest.hexdigest()}, not {ARCHIVE_SHA256} of {ARCHIVE}; refusing to use it")


def convert(archive: Path, folder: Path) -> None:
    """Write features.msgpack, weights.npz and the word list of a verified archive into ``folder``."""
    import srsly

    folder.mkdir(parents=True)
    with tarfile.open(archive, "r:gz") as tar:
        features = _plain_pickle(_member(tar, "features"), MEMBERS["features"])
        weights = _member(tar, "weights")
        dictionary = _plain_pickle(_member(tar, "dictionary"), MEMBERS["dictionary"])
    srsly.write_msgpack(folder / "features.msgpack", _checked_features(features))
    (folder / "weights.npz").write_bytes(_checked_weights(weights, len(features["feature_to_idx"])))
    if not isinstance(dictionary, str):
        raise SetupError(f"{MEMBERS['dictionary']}: expected a string of words, found {type(dictionary).__name__}")
    (folder / DICTIONARY_FILE).write_text(dictionary.strip() + "\n", encoding="utf-8")


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        member = tar.getmember(MEMBERS[name])
    except KeyError:
        raise SetupError(f"{ARCHIVE} holds no {MEMBERS[name]}") from None
    handle = tar.extractfile(member) if member.isfile() else None
    if handle is None:
        raise SetupError(f"{MEMBERS[name]} in {ARCHIVE} is not a regular file")
    return handle.read()


class _PlainUnpickler(pickle.Unpickler):
    """Builds what the pickle protocol builds without a global (dicts, lists, tuples, sets,
    strings, bytes, numbers); any reference to a class or a function is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused the global {module}.{name}: only plain containers and scalars are read")


def _plain_pickle(data: bytes, where: str) -> Any:
    try:
        return _PlainUnpickler(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, ValueError) as exc:
        raise SetupError(f"{where}: {exc}") from exc


def _checked_features(data: Any) -> dict[str, Any]:
    """The features in the layout spacy-pkuseg's FeatureExtractor.save writes."""
    if not isinstance(data, dict) or set(data) != {"unigram", "bigram", "feature_to_idx", "tag_to_idx"}:
        raise SetupError(f"{MEMBERS['features']}: not pkuseg's features (keys {sorted(data) if isinstance(data, dict) else type(data).__name__})")
    for key in ("feature_to_idx", "tag_to_idx"):
        if not all(isinstance(k, str) and isinstance(v, int) for k, v in data[key].items()):
            raise SetupError(f"{MEMBERS['features']}: {key} must map strings to integers")
    return {
        "unigram": sorted(data["unigram"]), "bigram": sorted(data["bigram"]),
        "feature_to_idx": data["feature_to_idx"], "tag_to_idx": data["tag_to_idx"],
    }


def _checked_weights(data: bytes, n_features: int) -> bytes:
    """The weights archive as it is, once numpy has read it without pickles and its sizes agree."""
    import numpy as np

    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            sizes, weights = arrays["sizes"], arrays["w"]
    except (ValueError, KeyError, OSError) as exc:
        raise SetupError(f"{MEMBERS['weights']}: {exc}") from exc
    n_tags, n_features_stored = (int(x) for x in sizes)
    if n_features_stored != n_features or weights.shape != (n_tags * (n_features + n_tags),):
        raise SetupError(f"{MEMBERS['weights']}: sizes {sizes.tolist()} and {weights.shape[0]:,} weights do not fit {n_features:,} features")
    return data
