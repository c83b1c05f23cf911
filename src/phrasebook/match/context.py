"""Context rules from the lexicon: veto a match by the text around it (plain strings only)."""

from __future__ import annotations

from phrasebook.lexicon.schema import ContextRules


def inside_any(text: str, start: int, end: int, containers: list[str]) -> bool:
    """True when [start, end) lies inside an occurrence of one of ``containers``."""
    for container in containers:
        if len(container) < end - start:
            continue
        window_start = max(0, end - len(container))
        position = text.find(container, window_start, start + len(container))
        while position != -1 and position <= start:
            if position + len(container) >= end:
                return True
            position = text.find(container, position + 1, start + len(container))
    return False


def vetoed(text: str, start: int, end: int, rules: ContextRules) -> bool:
    """Apply ``not_inside``, ``not_before`` and ``not_after`` to one match."""
    if rules.not_before and text.startswith(tuple(rules.not_before), end):
        return True
    if rules.not_after and any(text.endswith(word, 0, start) for word in rules.not_after):
        return True
    return bool(rules.not_inside) and inside_any(text, start, end, rules.not_inside)
