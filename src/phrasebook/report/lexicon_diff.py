"""``phrasebook lexicon diff``: what a lexicon change does, as Markdown for a pull request.

The base lexicon comes from a git revision, the new one from the working tree. The report
lists the entries added, removed and changed; the shadowing that appears or goes; and, on
a reference corpus, the matches each entry gains and loses (with a few concordance lines),
the entries whose count moves by more than a threshold, the matches one entry now takes
from another, and the designations and engagement events that attribution gains or loses.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from phrasebook.lexicon import load_lexicon
from phrasebook.lexicon.changes import EntryChange, ShadowingChange, entry_changes, shadowing_changes
from phrasebook.lexicon.revision import lexicon_at
from phrasebook.read.sources import GENERATOR_MARK
from phrasebook.report.lexicon_impact import Impact, default_corpus, findings, impact

MAX_ROWS = 40
"""Rows of a table shown before "... and N more" (a pull-request comment holds 65,536 characters)."""
MAX_CHARACTERS = 60_000


@dataclass(frozen=True)
class LexiconDiff:
    base: str
    base_version: str
    new_version: str
    entries: tuple[int, int]  # base, new
    corpus: list[Path]
    changes: list[EntryChange]
    shadowing: list[ShadowingChange]
    impact: Impact


def lexicon_diff(
    *, root: Path, base: str = "HEAD", corpus: list[Path] | None = None, attribution: bool = True, log: Callable[[str], None] = lambda line: None
) -> LexiconDiff:
    """Compare the lexicon at ``root`` (the working tree) with the same folder at git
    revision ``base``, on ``corpus`` (default: :func:`default_corpus`)."""
    paths = corpus or default_corpus()
    new_lexicon = load_lexicon(root)
    with lexicon_at(base, root) as base_root:
        base_lexicon = load_lexicon(base_root)
        base_found = findings(paths, base_lexicon, attribution=attribution, log=log)
    same = base_lexicon.version == new_lexicon.version
    new_found = base_found if same else findings(paths, new_lexicon, attribution=attribution, log=log)
    return LexiconDiff(
        base=base, base_version=base_lexicon.version, new_version=new_lexicon.version,
        entries=(len(base_lexicon.entries), len(new_lexicon.entries)), corpus=paths,
        changes=entry_changes(base_lexicon, new_lexicon), shadowing=shadowing_changes(base_lexicon, new_lexicon),
        impact=impact(base_found, new_found),
    )


def markdown(diff: LexiconDiff, *, threshold: float = 0.1, kwic: int = 3, limit: int = MAX_CHARACTERS) -> str:
    """The report: tables and concordance lines, cut at ``limit`` characters (0: never)
    to fit a pull-request comment."""
    found = diff.impact
    lines = [
        f"<!-- {GENERATOR_MARK} lexicon diff -->",
        f"## Lexicon diff: `{diff.base}` → working tree",
        "",
        f"Lexicon `{diff.base_version}` → `{diff.new_version}`. Corpus: {found.new.documents:,} documents, "
        f"{found.new.chars:,} characters ({', '.join(_md(os.path.relpath(p)) for p in diff.corpus)}).",
        "",
        "| | base | now |",
        "|---|---:|---:|",
        f"| entries | {diff.entries[0]:,} | {diff.entries[1]:,} |",
        f"| matches | {len(found.base.matches):,} | {len(found.new.matches):,} |",
    ]
    if found.base.roles is not None and found.new.roles is not None:
        lines.append(f"| designations | {len(found.base.roles):,} | {len(found.new.roles):,} |")
    if found.base.events is not None and found.new.events is not None:
        lines.append(f"| engagement events | {len(found.base.events):,} | {len(found.new.events):,} |")
    lines += [f"\nUnreadable input: {_md(reason)}" for reason in found.new.failures]
    lines += _entries(diff.changes)
    lines += _matches(found, threshold, kwic)
    lines += _displaced(found)
    lines += _shadowing(diff.shadowing)
    if found.roles_gained is not None and found.roles_lost is not None:
        lines += _rows("Designations", found.roles_gained, found.roles_lost, ["doc_id", "province", "role", "region", "wording"])
    if found.events_gained is not None and found.events_lost is not None:
        lines += _rows("Engagement events", found.events_gained, found.events_lost, ["doc_id", "province", "partner", "type", "sentence"])
    return _fitted("\n".join(lines) + "\n", limit)


def _entries(changes: list[EntryChange]) -> list[str]:
    counts = {status: sum(c.status == status for c in changes) for status in ("added", "removed", "changed")}
    lines = ["", f"### Entries: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed"]
    if changes:
        lines += ["", "| entry | family | | what changed |", "|---|---|---|---|"]
        lines += [f"| `{c.entry_id}` | {c.family} | {c.status} | {_md('; '.join(c.details))} |" for c in changes[:MAX_ROWS]]
        lines += _more(len(changes))
    return lines


def _matches(found: Impact, threshold: float, kwic: int) -> list[str]:
    counts = found.counts
    lines = ["", f"### Matches: {len(found.gained):,} gained, {len(found.lost):,} lost, in {len(counts)} entries"]
    if counts.empty:
        return lines + ["", "No match changes in the corpus."]
    moved = counts[counts["change"].abs() > threshold]
    lines += ["", f"Entries whose count changes by more than {threshold:.0%} are in bold ({len(moved)}).", ""]
    lines += ["| entry | family | base | now | gained | lost | change |", "|---|---|--:|--:|--:|--:|--:|"]
    for row in counts.head(MAX_ROWS).itertuples(index=False):
        name = f"`{row.entry_id}`"
        change = "new" if math.isinf(row.change) else f"{row.change:+.0%}"
        bold = abs(row.change) > threshold
        lines.append(f"| {'**' + name + '**' if bold else name} | {row.family} | {row.base:,} | {row.new:,} | {row.gained:,} | {row.lost:,} | {change} |")
    lines += _more(len(counts))
    for entry_id in counts["entry_id"].head(MAX_ROWS):
        gained, lost = found.gained[found.gained["entry_id"] == entry_id], found.lost[found.lost["entry_id"] == entry_id]
        lines += ["", f"<details><summary><code>{entry_id}</code>: {len(gained)} gained, {len(lost)} lost</summary>", ""]
        lines += [f"- gained · {_kwic(row)}" for row in gained.head(kwic).itertuples(index=False)]
        lines += [f"- lost · {_kwic(row)}" for row in lost.head(kwic).itertuples(index=False)]
        lines += ["", "</details>"]
    return lines


def _displaced(found: Impact) -> list[str]:
    if found.displaced.empty:
        return []
    lines = ["", "### Matches now taken by another entry", "", "| was | now inside a match of | matches |", "|---|---|--:|"]
    lines += [f"| `{row.lost_entry}` | `{row.by_entry}` | {row.matches:,} |" for row in found.displaced.head(MAX_ROWS).itertuples(index=False)]
    return lines + _more(len(found.displaced))


def _shadowing(changes: list[ShadowingChange]) -> list[str]:
    if not changes:
        return []
    lines = ["", "### Shadowing (a formulation's form inside another's: matching reports the longer)", ""]
    for change in changes:
        forms = ", ".join(f"{form} in {longer}" for form, longer in change.forms[:3])
        if change.status == "gone":
            lines.append(f"- gone: `{change.hiding}` no longer shadows `{change.hidden}`")
        else:
            state = "acknowledged" if change.acknowledged else f"**not acknowledged**: list `{change.hidden}` under `shadows` of `{change.hiding}` if intended"
            lines.append(f"- new: `{change.hiding}` shadows `{change.hidden}` ({_md(forms)}); {state}")
    return lines


def _rows(title: str, gained: pd.DataFrame, lost: pd.DataFrame, columns: list[str]) -> list[str]:
    lines = ["", f"### {title}: {len(gained):,} gained, {len(lost):,} lost"]
    if gained.empty and lost.empty:
        return lines
    lines += ["", f"| | {' | '.join(columns)} |", "|---|" + "---|" * len(columns)]
    both = [("gained", gained), ("lost", lost)]
    shown = [(label, row) for label, table in both for row in table[columns].head(MAX_ROWS).itertuples(index=False)]
    lines += [f"| {label} | " + " | ".join(_md(_cell(value)) for value in row) + " |" for label, row in shown]
    return lines + _more(len(gained) + len(lost), len(shown))


def _kwic(row: object) -> str:
    return f"{_md(str(row.doc_id))} · …{_md(row.left)}**{_md(row.text)}**{_md(row.right)}…"  # type: ignore[attr-defined]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _more(total: int, shown: int = MAX_ROWS) -> list[str]:
    return [f"\n… and {total - shown:,} more"] if total > shown else []


def _md(text: str) -> str:
    """Text that Markdown shows as it is (in a table cell too)."""
    for character in "\\`*_[]<>|#":
        text = text.replace(character, "\\" + character)
    return text.replace("\n", " ")


def _fitted(text: str, limit: int) -> str:
    """The report cut at a line before ``limit`` characters, saying so."""
    if not limit or len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit - 200)
    return text[:cut] + f"\n\n… (cut at {limit:,} characters to fit a pull-request comment; `--limit 0` gives it all)\n"
