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


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that rejects anchors and aliases at compose time."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in the lexicon", event.start_mark
            )
        if getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "YAML anchors (&name) are not allowed in the lexicon", event.start_mark
            )
        return super().compose_node(parent, index)


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
    loader = _NoAliasLoader(text)
    try:
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
    finally:
        loader.dispose()
    return YamlDocument(path, data, root), []
