"""One canonical layout for every lexicon file (``phrasebook lexicon fmt``), so that the
diff of a pull request shows what changed and nothing else.

The house style:

- keys in the schema's order: the entry's identity and names first (``id``, ``code``,
  ``family``, ``zh``, ``short``, ``abbreviation``, ``en``), then its own fields, then its
  context rules, validity, sources, examples and notes; keys the schema does not name
  (``slots``, ``heads``, ``foreign_abbreviations``) keep the order they were written in;
- two spaces of indentation, list items indented under their key;
- strings plain wherever YAML reads them back as the same string, else in single quotes
  (double quotes only for characters that need an escape);
- a list of plain values on one line (``[a, b]``) when it fits in :data:`WIDTH` columns,
  else one item per line;
- prose longer than a line folded (``>-``) at its spaces into lines of at most
  :data:`WIDTH` columns (a Chinese character is two columns); text without spaces is
  never broken;
- a blank line between top-level keys and between the items of a top-level list;
- comments kept: each block stays above the key or list item it stood before; a comment
  after a value moves to its own line above that value's key.

Files are read with the safe loader of :mod:`phrasebook.lexicon.yamlsafe` and written by
this module. The result is read back before anything is written: it must give the same
data and the same comments, or the file is left as it is. (A round-trip YAML library
would keep each file's own quoting and indentation, the very inconsistency this layout
removes; the writer needed here is small.)
"""

from __future__ import annotations

import bisect
import re
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from rich.cells import cell_len

from phrasebook.errors import InputNotFound, LexiconError, Problem
from phrasebook.lexicon.load import file_schema
from phrasebook.lexicon.yamlsafe import YamlDocument, parse_yaml
from phrasebook.output import write_text_atomically

WIDTH = 100
"""The widest a line is written, in terminal columns (a Chinese character takes two)."""
_LEAD = ("id", "code", "family", "zh", "short", "abbreviation", "en")
_TAIL = ("not_inside", "not_before", "not_after", "valid_from", "valid_to", "sources", "source", "examples", "notes")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = yaml.resolver.Resolver()
_STRING_TAG = "tag:yaml.org,2002:str"
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
"""Controls (C0, DEL, C1 with NEL), line and paragraph separators, BOM, lone surrogates."""

Location = tuple[Any, ...]
"""Keys and list indexes from the top of a document to one value."""


def key_order(model: type[BaseModel]) -> list[str]:
    """The order in which a mapping of ``model`` is written."""
    fields = list(model.model_fields)
    lead = [name for name in _LEAD if name in fields]
    tail = [name for name in _TAIL if name in fields]
    return lead + [name for name in fields if name not in lead and name not in tail] + tail


def canonical_text(text: str, path: Path, schema: type[BaseModel] | None = None) -> str:
    """``text`` (the content of the lexicon file ``path``) in the canonical layout.

    Raises :class:`LexiconError` when the text cannot be read as lexicon YAML, or when the
    layout would change its data or lose a comment (which would be a bug here).
    """
    document = _parsed(text, path)
    if not isinstance(document.data, dict) or not document.data:
        raise LexiconError([Problem(path, 1, "a lexicon file holds keys and values (a mapping) at its top level")])
    comments = _comments(text, document)
    written = _Writer(comments).document(document.data, schema)
    _verify(text, document, comments, written, path)
    return written


def dump(data: dict[str, Any], *, schema: type[BaseModel] | None = None, header: Sequence[str] = ()) -> str:
    """``data`` in the same layout (keys in the order of ``schema``), with ``header`` lines
    as comments on top: for new entries, and for files made for other tools."""
    comments = _Comments(header=[f"# {line}".rstrip() for line in header])
    return _Writer(comments).document(data, schema)


@dataclass(frozen=True)
class LayoutReport:
    """What :func:`lay_out` found: how many files it read, those not in the canonical
    layout (one problem each, at the first line that differs) and those it could not read."""

    files: int
    unformatted: list[Problem]
    unreadable: list[Problem]


def lay_out(paths: Sequence[Path], *, write: bool) -> LayoutReport:
    """Bring the lexicon files at ``paths`` (files or folders) into the canonical layout,
    or with ``write=False`` only report the files that are not in it."""
    files = lexicon_yaml_files(paths)
    unformatted: list[Problem] = []
    unreadable: list[Problem] = []
    for path in files:
        schema = schema_of(path)
        if schema is None:
            unreadable.append(Problem(path, 1, "not a lexicon file (lexicon/README.md lists the files a lexicon holds)"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
            canonical = canonical_text(text, path, schema)
        except UnicodeDecodeError as exc:
            unreadable.append(Problem(path, 1, f"not valid UTF-8: {exc.reason} at byte {exc.start}"))
            continue
        except LexiconError as exc:
            unreadable += exc.problems
            continue
        if canonical != text:
            unformatted.append(Problem(path, _first_difference(text, canonical), f"not in the canonical layout; run `phrasebook lexicon fmt {path}`"))
            if write:
                write_text_atomically(path, canonical)
    return LayoutReport(len(files), unformatted, unreadable)


def lexicon_yaml_files(paths: Sequence[Path]) -> list[Path]:
    """The YAML files at ``paths``: files as given, folders searched recursively."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise InputNotFound(f"{path}: no such file or folder")
    return list(dict.fromkeys(files))


def schema_of(path: Path) -> type[BaseModel] | None:
    """The schema of a lexicon file, from its place in its lexicon folder
    (``formulations/*.yaml``, ``places/cities.yaml``, ``slots.yaml`` ...); None for
    another file."""
    resolved = path.resolve()
    for folder in resolved.parents:
        schema = file_schema(resolved.relative_to(folder).as_posix())
        if schema is not None:
            return schema
    return None


def _first_difference(text: str, canonical: str) -> int:
    for number, (old, new) in enumerate(zip(text.splitlines(), canonical.splitlines()), 1):
        if old != new:
            return number
    return min(len(text.splitlines()), len(canonical.splitlines())) + 1


def _parsed(text: str, path: Path) -> YamlDocument:
    document, problems = parse_yaml(text, path)
    if document is None:
        raise LexiconError(problems)
    return document


# Comments ---------------------------------------------------------------------------


@dataclass
class _Comments:
    """The comments of a file: a header above everything, a block above each key or list
    item (by location), and what follows the last value."""

    header: list[str] = field(default_factory=list)
    before: dict[Location, list[str]] = field(default_factory=dict)
    footer: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        blocks = [self.header, self.footer, *self.before.values()]
        return sorted(line for block in blocks for line in block if line)


@dataclass(frozen=True)
class _Comment:
    line: int
    text: str
    own_line: bool


def _comment_lines(text: str, root: yaml.Node) -> list[_Comment]:
    """Every comment of ``text``: a ``#`` outside any scalar, at the start of a line or
    after a space, to the end of its line."""
    if "#" not in text:
        return []
    spans = sorted((node.start_mark.index, node.end_mark.index) for node in _nodes(root) if isinstance(node, yaml.ScalarNode))
    starts = [start for start, _ in spans]
    found: dict[int, _Comment] = {}
    for at in (i for i, ch in enumerate(text) if ch == "#"):
        inside = bisect.bisect_right(starts, at) - 1
        if inside >= 0 and at < spans[inside][1]:
            continue
        line_start = text.rfind("\n", 0, at) + 1
        number = text.count("\n", 0, at)
        if number in found or (at > line_start and text[at - 1] not in " \t"):
            continue
        line_end = text.find("\n", at)
        found[number] = _Comment(number, text[at : line_end if line_end >= 0 else len(text)].rstrip(), not text[line_start:at].strip())
    return list(found.values())


def _nodes(node: yaml.Node) -> Iterator[yaml.Node]:
    yield node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _nodes(key)
            yield from _nodes(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nodes(item)


def _anchors(node: yaml.Node, data: Any, location: Location, out: list[tuple[int, Location]]) -> None:
    """(line, location) of every key and list item, in the order of the text."""
    if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
        for (key_node, value_node), key in zip(node.value, data):
            out.append((key_node.start_mark.line, (*location, key)))
            _anchors(value_node, data[key], (*location, key), out)
    elif isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        for index, (item_node, item) in enumerate(zip(node.value, data)):
            out.append((item_node.start_mark.line, (*location, index)))
            _anchors(item_node, item, (*location, index), out)


def _comments(text: str, document: YamlDocument) -> _Comments:
    """Each comment attached to the first key or item at or below its line."""
    anchors: list[tuple[int, Location]] = []
    _anchors(document.root, document.data, (), anchors)
    lines = text.split("\n")
    blocks: dict[Location | None, list[tuple[int, str]]] = {}
    for comment in _comment_lines(text, document.root):
        target = next((loc for line, loc in anchors if line > comment.line or (line == comment.line and not comment.own_line)), None)
        blocks.setdefault(target, []).append((comment.line, comment.text))
    result = _Comments()
    for target, block in blocks.items():
        following = next((line for line, loc in anchors if loc == target), len(lines))
        spaced = _with_blank_lines(block, lines, following)
        if target is None:
            result.footer = [line for line in spaced if line]
        elif anchors and target == anchors[0][1] and "" in spaced:
            cut = len(spaced) - spaced[::-1].index("")
            result.header, result.before[target] = spaced[: cut - 1], spaced[cut:]
        else:
            result.before[target] = spaced
    for target in list(result.before):
        result.before[target] = _trimmed(result.before[target])
    result.header = _trimmed(result.header)
    return result


def _with_blank_lines(block: list[tuple[int, str]], lines: list[str], following: int) -> list[str]:
    """The comment lines of a block, with "" where the text has a blank line between two
    of them, or between the last and the value they stand before."""
    spaced: list[str] = []
    for position, (line, comment) in enumerate(block):
        spaced.append(comment)
        upto = block[position + 1][0] if position + 1 < len(block) else following
        if any(not lines[i].strip() for i in range(line + 1, min(upto, len(lines)))):
            spaced.append("")
    return spaced


def _trimmed(block: list[str]) -> list[str]:
    """Without blank lines at either end and without two in a row."""
    out: list[str] = []
    for line in block:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _verify(text: str, document: YamlDocument, comments: _Comments, written: str, path: Path) -> None:
    """Refuse a layout that reads back as other data or loses a comment (a text already
    in the layout is its own proof)."""
    if written == text:
        return
    problem = Problem(path, 1, "the canonical layout would change this file's content, so it was left as it is (a bug in `lexicon fmt`: please report it)")
    rewritten, _ = parse_yaml(written, path)
    if rewritten is None or not _same(document.data, rewritten.data):
        raise LexiconError([problem])
    if comments.texts() != sorted(c.text for c in _comment_lines(written, rewritten.root)):
        raise LexiconError([problem])


def _same(a: Any, b: Any) -> bool:
    """Equal data of equal types (True is not 1, '2025' is not 2025); key order aside."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


# Writing ----------------------------------------------------------------------------


class _Writer:
    """Writes one document in the canonical layout, line by line."""

    def __init__(self, comments: _Comments):
        self.comments = comments
        self.lines: list[str] = []
        self.dash = False  # the next line opens a list item ("- ")

    def document(self, data: dict[Any, Any], schema: type[BaseModel] | None) -> str:
        self.lines = list(self.comments.header)
        if self.lines:
            self.lines.append("")
        self._mapping(data, schema, (), 0)
        if self.comments.footer:
            self.lines += ["", *self.comments.footer]
        return "\n".join(self.lines) + "\n"

    def _line(self, indent: int, text: str) -> None:
        if self.dash:
            self.lines.append(" " * (indent - 2) + "- " + text)
            self.dash = False
        else:
            self.lines.append(" " * indent + text if text else "")

    def _comment_block(self, location: Location, indent: int) -> None:
        for line in self.comments.before.get(location, []):
            self.lines.append(" " * indent + line if line else "")

    def _mapping(self, mapping: dict[Any, Any], annotation: Any, location: Location, indent: int, *, hoisted: bool = False) -> None:
        model = _model(annotation)
        for position, key in enumerate(_ordered_keys(mapping, model)):
            here = (*location, key)
            if not location and position:
                self.lines.append("")
            if not (hoisted and position == 0):
                self._comment_block(here, indent)
            self._value(_inline(key, flow=False) + ":", mapping[key], _field_annotation(annotation, model, key), here, indent)

    def _sequence(self, items: list[Any], annotation: Any, location: Location, indent: int) -> None:
        item_annotation = _item_annotation(annotation)
        spaced = len(location) == 1 and all(isinstance(item, dict) for item in items)
        for index, item in enumerate(items):
            here = (*location, index)
            if spaced and index:
                self.lines.append("")
            self._comment_block(here, indent)
            if isinstance(item, dict) and item:
                first = _ordered_keys(item, _model(item_annotation))[0]
                self._comment_block((*here, first), indent)
                self.dash = True
                self._mapping(item, item_annotation, here, indent + 2, hoisted=True)
            else:
                self._value("-", item, item_annotation, here, indent)

    def _value(self, lead: str, value: Any, annotation: Any, location: Location, indent: int) -> None:
        """``lead`` ("key:" or "-") and the value, on one line or as a block below it."""
        if isinstance(value, dict):
            if not value:
                self._line(indent, f"{lead} {{}}")
            elif lead == "-":
                self.dash = True
                self._mapping(value, annotation, location, indent + 2)
            else:
                self._line(indent, lead)
                self._mapping(value, annotation, location, indent + 2)
        elif isinstance(value, list):
            flow = _flow_list(value)
            if flow is not None and _fits(" " * indent + f"{lead} {flow}"):
                self._line(indent, f"{lead} {flow}")
            else:
                self._line(indent, lead)
                self._sequence(value, annotation, location, indent + 2)
        else:
            self._scalar(lead, value, indent)

    def _scalar(self, lead: str, value: Any, indent: int) -> None:
        inline = _inline(value, flow=False)
        if isinstance(value, str) and "\n" in value:
            block = _literal(value)
            if block is not None:
                indicator, lines = block
                self._line(indent, f"{lead} {indicator}")
                self.lines += [" " * (indent + 2) + line if line else "" for line in lines]
                return
        if isinstance(value, str) and not _fits(" " * indent + f"{lead} {inline}"):
            folded = _folded(value, WIDTH - indent - 2)
            if folded is not None:
                self._line(indent, f"{lead} >-")
                self.lines += [" " * (indent + 2) + line for line in folded]
                return
        self._line(indent, f"{lead} {inline}")


def _fits(line: str) -> bool:
    """True when ``line`` takes at most :data:`WIDTH` columns (no character takes more than two)."""
    return 2 * len(line) <= WIDTH or cell_len(line) <= WIDTH


def _ordered_keys(mapping: dict[Any, Any], model: type[BaseModel] | None) -> list[Any]:
    if model is None:
        return list(mapping)
    known = [name for name in key_order(model) if name in mapping]
    return known + [key for key in mapping if key not in known]


def _model(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation names (``Source``, ``Source | None``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next((m for m in map(_model, typing.get_args(annotation)) if m is not None), None)
    return None


def _field_annotation(annotation: Any, model: type[BaseModel] | None, key: Any) -> Any:
    """The annotation of the value under ``key``: a model's field, or a dict's values."""
    if model is not None:
        info = model.model_fields.get(key) if isinstance(key, str) else None
        return info.annotation if info is not None else None
    if typing.get_origin(annotation) is dict:
        return typing.get_args(annotation)[1]
    return None


def _item_annotation(annotation: Any) -> Any:
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next((_item_annotation(a) for a in typing.get_args(annotation) if typing.get_origin(a) is list), None)
    return None


def _flow_list(items: list[Any]) -> str | None:
    """``[a, b]`` for a list of plain values, else None."""
    if not items:
        return "[]"
    if any(isinstance(item, (dict, list)) or (isinstance(item, str) and _needs_escape(item)) for item in items):
        return None
    return "[" + ", ".join(_inline(item, flow=True) for item in items) + "]"


def _inline(value: Any, *, flow: bool) -> str:
    """A value on one line: plain, quoted, or (for dates, numbers, booleans) as YAML writes it."""
    if isinstance(value, str):
        if _plain(value, flow=flow):
            return value
        if not _needs_escape(value):
            return "'" + value.replace("'", "''") + "'"
        return _double_quoted(value)
    return yaml.safe_dump(value, allow_unicode=True).removesuffix("\n...\n").strip()


def _plain(text: str, *, flow: bool) -> bool:
    """True when ``text`` written without quotes reads back as the same string."""
    if not text or text != text.strip() or text[0] in _INDICATORS or _needs_escape(text):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(ch in ",[]{}:" for ch in text):
        return False
    if text[0].isdigit() and all(ch.isascii() and not ch.isalpha() for ch in text):
        return False  # 009 reads back as a string, but a reader would take it for a number
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STRING_TAG


def _needs_escape(text: str) -> bool:
    """Characters a quoted YAML string cannot hold as they are (controls, line breaks)."""
    return _ESCAPED.search(text) is not None


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif _needs_escape(ch):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _folded(text: str, width: int) -> list[str] | None:
    """The lines of ``text`` folded at its spaces, or None when folding would change it."""
    if " " not in text or text != text.strip() or "  " in text or _needs_escape(text):
        return None
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and cell_len(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def _literal(text: str) -> tuple[str, list[str]] | None:
    """A multi-line string as a literal block (``|-`` or ``|``), when it can be one."""
    body, indicator = (text[:-1], "|") if text.endswith("\n") else (text, "|-")
    lines = body.split("\n")
    if body.endswith("\n") or not body or body[0] in " \t" or _needs_escape(body.replace("\n", "")):
        return None
    if any(line != line.rstrip() for line in lines):
        return None
    return indicator, lines
