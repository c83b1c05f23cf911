"""The loaded and checked lexicon, kept in the user's cache as JSON, so that a run starts
without parsing YAML, validating schemas or running the examples again.

The key covers everything the result depends on: the lexicon folder (its place and every
file in it), the CLDR data in use, and the code of this package that reads a lexicon; a
change to any of them misses the cache. Only a lexicon that passed its check is stored,
so a hit means checked. The JSON names no code to run: it is decoded into the lexicon's
own dataclasses and schema models only (listed below), and every model is validated
again on the way in. A cache entry that cannot be decoded is ignored and rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from phrasebook.lexicon import model as _model
from phrasebook.lexicon import schema as _schema
from phrasebook.lexicon.countries import cldr_version
from phrasebook.lexicon.model import Lexicon

CACHE_KIND = "compiled-lexicons"
FORMAT = 1
_DATACLASSES: dict[str, type] = {cls.__name__: cls for cls in (_model.Entry, _model.Origin, _model.Lexicon)}
_MODELS: dict[str, type[BaseModel]] = {
    name: cls for name, cls in vars(_schema).items() if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel
}


def source_key(root: Path) -> str:
    """A hash of what a compiled lexicon depends on (see the module notes)."""
    digest = hashlib.sha256(f"format {FORMAT}\n{root.resolve()}\n{cldr_version()}\n".encode())
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def to_json(lexicon: Lexicon) -> str:
    return json.dumps(_encode(lexicon), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> Lexicon | None:
    """The lexicon stored in ``text``, or None when it cannot be decoded."""
    try:
        decoded = _decode(json.loads(text))
    except (ValueError, KeyError, TypeError, ValidationError):
        return None
    return decoded if isinstance(decoded, Lexicon) else None


def _encode(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {"model": type(value).__name__, "data": value.model_dump(mode="json")}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"dataclass": type(value).__name__, "fields": fields}
    if isinstance(value, Path):
        return {"path": str(value)}
    if isinstance(value, tuple):
        return {"tuple": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {"dict": {key: _encode(item) for key, item in value.items()}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in a compiled lexicon")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "model" in value:
        return _MODELS[value["model"]].model_validate(value["data"])
    if "dataclass" in value:
        return _DATACLASSES[value["dataclass"]](**{name: _decode(item) for name, item in value["fields"].items()})
    if "path" in value:
        return Path(value["path"])
    if "tuple" in value:
        return tuple(_decode(item) for item in value["tuple"])
    return {key: _decode(item) for key, item in value["dict"].items()}
