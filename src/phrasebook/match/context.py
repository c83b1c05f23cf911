"""Context rules from the lexicon: veto a match by the text around it (plain strings only)."""

from __future__ import annotations

from dataclasses import dataclass

from phrasebook.lexicon.schema import ContextRules


def inside_any(text: str, start: int, end: int, containers: tuple[str, ...]) -> bool:
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


@dataclass(frozen=True, slots=True)
class Rules:
    """An entry's ``not_inside``, ``not_before`` and ``not_after`` as tuples, ready to apply."""

    not_inside: tuple[str, ...]
    not_before: tuple[str, ...]
    not_after: tuple[str, ...]

    @classmethod
    def compile(cls, rules: ContextRules) -> Rules | None:
        """None when the entry has no rules, so that callers can skip them at no cost."""
        if not (rules.not_inside or rules.not_before or rules.not_after):
            return None
        return cls(tuple(rules.not_inside), tuple(rules.not_before), tuple(rules.not_after))

    def veto(self, text: str, start: int, end: int) -> bool:
        """True when the text around [start, end) rules the match out."""
        if self.not_before and text.startswith(self.not_before, end):
            return True
        if self.not_after and text.endswith(self.not_after, 0, start):
            return True
        return bool(self.not_inside) and inside_any(text, start, end, self.not_inside)
