"""Context rules from the lexicon: veto a match by the text around it (plain strings only)."""

from __future__ import annotations

from dataclasses import dataclass

from phrasebook.lexicon.schema import ContextRules
from phrasebook.match.scanner import vetoed


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
        """True when the text around [start, end) rules the match out (compiled: the scanner
        applies the rules of every automaton hit)."""
        return vetoed(self.not_inside, self.not_before, self.not_after, text, start, end)
