"""Draft lexicon entries from discovery candidates, for an editor to review.

A draft is an entry in the lexicon's own format (lexicon/README.md): its form, the
template it suggests if any, its role class, the corpus documents it came from as
sources and the sentence of its evidence as a positive example. Drafts are grouped under
the family file each would go into and headed as drafts; an English gloss, the notes
and (for role designations) a negative example are left for the editor. Nothing is
ever written into the lexicon folder: an editor moves an entry there, and
``phrasebook lexicon check`` runs its example.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from phrasebook.errors import OutputError
from phrasebook.lexicon import Lexicon, default_lexicon_dir
from phrasebook.lexicon.schema import Formulation
from phrasebook.output import check_outputs, write_text_atomically

DRAFT_FORMATS = (".yaml", ".yml")
MAX_SOURCES = 3
GLOSS = "TODO: English gloss"
HEADER = """\
# DRAFT lexicon entries written by `phrasebook discover` (lexicon {version}).
# They are NOT part of the lexicon. For each entry worth keeping: check its sources and
# its example against the documents, write the English gloss and the notes, add a
# negative example where lexicon/README.md asks for one, give it a lasting id, and move it
# to the end of lexicon/formulations/<family>.yaml (the key it stands under here;
# `unsorted`: choose one); then run `phrasebook lexicon check`.
"""


def check_drafts_path(path: Path | None, lexicon_root: Path | None) -> None:
    """Refuse, before any work, a drafts file that cannot be written or that lies inside
    the lexicon folder (drafts are reviewed before anything enters the lexicon)."""
    if path is None:
        return
    check_outputs([("--emit-yaml", path, DRAFT_FORMATS)])
    root = Path(lexicon_root or default_lexicon_dir()).resolve()
    if root in Path(path).resolve().parents:
        raise OutputError(f"--emit-yaml {path}: inside the lexicon folder {root}; write drafts elsewhere and move the entries you keep")


def draft_entries(candidates: pd.DataFrame, *, documents: pd.DataFrame, lexicon: Lexicon) -> dict[str, list[dict[str, Any]]]:
    """Draft entries for the rows of a discover table, grouped by suggested family.

    Each draft is validated against the lexicon's entry schema; a candidate none of whose
    documents has a year (a source needs a date) gets no draft.
    """
    facts = documents.set_index("doc_id")
    names = {entry.id: entry.canonical for entry in lexicon.of_kind("province")}
    drafts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in candidates.itertuples(index=False):
        sources = [source for doc in row.doc_ids[:MAX_SOURCES] if (source := _source(doc, facts, names))]
        if not sources:
            continue
        entry: dict[str, Any] = {"id": f"draft_{row.source}_{row.rank}", "zh": row.candidate, "en": GLOSS}
        if isinstance(row.pattern, str) and "{" in row.pattern:
            entry["patterns"] = [row.pattern]  # a role frame's wording with its region or direction still open
        if isinstance(row.role, str):
            entry["role"] = row.role
        entry["sources"] = sources
        entry["examples"] = {"positive": [{"text": row.sentence, "match": row.match}], "negative": []}
        entry["notes"] = _notes(row)
        Formulation.model_validate(entry)
        drafts[row.family if isinstance(row.family, str) else "unsorted"].append(entry)
    return dict(drafts)


def write_drafts(candidates: pd.DataFrame, path: Path, *, documents: pd.DataFrame, lexicon: Lexicon) -> int:
    """Write the drafts of ``candidates`` to ``path`` (atomically); return how many."""
    drafts = draft_entries(candidates, documents=documents, lexicon=lexicon)
    body = yaml.safe_dump(drafts, allow_unicode=True, sort_keys=False, width=110) if drafts else "{}\n"
    write_text_atomically(Path(path), HEADER.format(version=lexicon.version) + body)
    return sum(map(len, drafts.values()))


def _source(doc_id: str, facts: pd.DataFrame, names: dict[str, str]) -> dict[str, str] | None:
    """The lexicon source of a corpus document: title, issuer, date (or year) and id."""
    if doc_id not in facts.index:
        return None
    row = facts.loc[doc_id]
    if pd.isna(row["year"]):
        return None
    exact = row["date_precision"] == "day" and not pd.isna(row["date"])
    issuer = row["issuer"] if isinstance(row["issuer"], str) else ""
    return {
        "title": row["title"] if isinstance(row["title"], str) else doc_id,
        "issuer": names.get(issuer, issuer) or "TODO: issuer",
        "date": row["date"].strftime("%Y-%m-%d") if exact else str(int(row["year"])),
        "doc": doc_id,
    }


def _notes(row: Any) -> str:
    how = {"slot": f"fills {row.frame} with {row.filler}", "role": f"recurring wording before {row.frame.lstrip('…')}"}.get(
        row.source, f"rises {row.frame} (G2 {row.g2:.1f})" if row.source == "rising" else row.frame
    )
    span = row.first_period if row.first_period == row.last_period else f"{row.first_period}-{row.last_period}"
    return f"DRAFT ({row.source}, rank {row.rank}): {how}; {row.count} occurrences in {row.docs} documents, {span}."
