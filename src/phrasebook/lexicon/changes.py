"""What changed between two lexicons, entry by entry: for ``phrasebook lexicon diff``.

Entries are compared by id, on what matching and attribution read (forms, templates,
context rules, family, role, priority, what a place refers to, acknowledged shadowing)
and on their gloss and examples; a change of line or file only is no change.
"""

from __future__ import annotations

from dataclasses import dataclass

from phrasebook.lexicon.check import shadowing
from phrasebook.lexicon.model import Entry, Lexicon


@dataclass(frozen=True)
class EntryChange:
    """One entry added, removed or changed, with what changed in words."""

    entry_id: str
    status: str  # added, removed or changed
    kind: str
    family: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class ShadowingChange:
    """A formulation that shadows another in one lexicon and not in the other."""

    hidden: str
    hiding: str
    forms: tuple[tuple[str, str], ...]  # (form, longer form)
    status: str  # new or gone
    acknowledged: bool


def entry_changes(base: Lexicon, new: Lexicon) -> list[EntryChange]:
    """Entries added, removed and changed from ``base`` to ``new``, in ``new``'s order
    (removed ones last)."""
    before = _by_id(base)
    after = _by_id(new)
    changes = []
    for entry_id, entry in after.items():
        if entry_id not in before:
            changes.append(EntryChange(entry_id, "added", entry.kind, entry.family, (f"forms: {', '.join(entry.surfaces)}",)))
        else:
            details = _differences(before[entry_id], entry)
            if details:
                changes.append(EntryChange(entry_id, "changed", entry.kind, entry.family, tuple(details)))
    for entry_id, entry in before.items():
        if entry_id not in after:
            changes.append(EntryChange(entry_id, "removed", entry.kind, entry.family, (f"forms: {', '.join(entry.surfaces)}",)))
    return changes


def shadowing_changes(base: Lexicon, new: Lexicon) -> list[ShadowingChange]:
    """Shadowing that appears (``new``) or disappears (``gone``) between the lexicons."""
    before, after = shadowing(base), shadowing(new)
    acknowledged = {(hidden, entry.id) for entry in new.of_kind("formulation") for hidden in entry.shadows}
    changes = [
        ShadowingChange(hidden, hiding, tuple(forms), "new", (hidden, hiding) in acknowledged)
        for (hidden, hiding), forms in after.items()
        if (hidden, hiding) not in before
    ]
    changes += [ShadowingChange(hidden, hiding, tuple(forms), "gone", False) for (hidden, hiding), forms in before.items() if (hidden, hiding) not in after]
    return changes


def _by_id(lexicon: Lexicon) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for entry in lexicon.entries:
        found.setdefault(entry.id, entry)
    return found


def _differences(old: Entry, new: Entry) -> list[str]:
    details = []
    for label, before, after in (
        ("forms", old.surfaces, new.surfaces),
        ("templates", old.patterns, new.patterns),
        ("not_inside", old.rules.not_inside, new.rules.not_inside),
        ("not_before", old.rules.not_before, new.rules.not_before),
        ("not_after", old.rules.not_after, new.rules.not_after),
        ("refers to", old.refers_to, new.refers_to),
        ("shadows", old.shadows, new.shadows),
    ):
        added = [item for item in after if item not in before]
        removed = [item for item in before if item not in after]
        if added or removed:
            details.append(f"{label} " + " ".join([*(f"+{item}" for item in added), *(f"−{item}" for item in removed)]))
    for label, before, after in (
        ("family", old.family, new.family),
        ("canonical", old.canonical, new.canonical),
        ("role", old.role, new.role),
        ("priority", old.priority, new.priority),
        ("en", old.en, new.en),
    ):
        if before != after:
            details.append(f"{label} {before or '—'} → {after or '—'}")
    if old.examples != new.examples:
        details.append(
            f"examples {len(old.examples.positive)}+/{len(old.examples.negative)}− → {len(new.examples.positive)}+/{len(new.examples.negative)}−"
        )
    return details
