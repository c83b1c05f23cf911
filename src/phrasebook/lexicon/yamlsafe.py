"""Safe YAML for untrusted lexicon files, with line numbers for every value.

Lexicon files come from pull requests. They are parsed with PyYAML's safe loader, and
in addition anchors and aliases are refused (no alias-expansion bombs), duplicate keys
are refused (PyYAML would silently keep the last), and oversized files are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from phrasebook.errors import Problem

MAX_FILE_BYTES = 1_000_000


# libyaml's parser when PyYAML was built with it (the wheels are): about ten times faster
# than the pure-Python one, with the same nodes and marks (its error messages are worded
# differently).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _anchor_problem(text: str, path: Path) -> Problem | None:
    """The first anchor or alias in ``text``: refused, so no alias-expansion bomb can load."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return Problem(path, event.start_mark.line + 1, "YAML error: YAML aliases (*name) are not allowed in the lexicon")
        if getattr(event, "anchor", None):
            return Problem(path, event.start_mark.line + 1, "YAML error: YAML anchors (&name) are not allowed in the lexicon")
    return None


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data plus the node tree, to find the line of any value."""

    path: Path
    data: Any
    root: yaml.Node

    def line_of(self, loc: tuple[int | str, ...]) -> int:
        """1-based line of the value at ``loc`` (a pydantic error location), or nearest parent."""
        node = self.root
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


def _child(node: yaml.Node, key: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _duplicate_keys(node: yaml.Node, path: Path) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.value in seen:
                problems.append(
                    Problem(path, key_node.start_mark.line + 1, f"duplicate key {key_node.value!r}")
                )
            seen.add(key_node.value)
            problems += _duplicate_keys(value_node, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems += _duplicate_keys(item, path)
    return problems


def load_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one lexicon file; return the document or the problems that stop it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [Problem(path, 1, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(path, 1, f"not valid UTF-8: {exc.reason} at byte {exc.start}")]
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse lexicon text read from ``path`` (or about to be written there), with the same
    refusals as :func:`load_yaml`."""
    loader = _Loader(text)
    try:
        anchor = _anchor_problem(text, path)
        if anchor is not None:
            return None, [anchor]
        root = loader.get_single_node()
        if root is None:
            return None, [Problem(path, 1, "file is empty")]
        problems = _duplicate_keys(root, path)
        if problems:
            return None, problems
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(path, line, f"YAML error: {exc.problem or exc.context}")]
    except yaml.YAMLError as exc:  # e.g. a control character: the reader's error has no mark
        return None, [Problem(path, 1, f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return YamlDocument(path, data, root), []
