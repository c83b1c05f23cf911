"""The candidates table: what each source found, with its spread and its evidence,
ranked within its source.

Every row says how often the candidate occurs (``count``), in how many documents and
periods, from when to when, and shows one occurrence in context (``kwic``, with the
``sentence``, ``doc_id`` and file offsets an editor needs to cite it). Slot fillers and
designation tails are ranked by their spread (``score`` = documents × log2(1 + count)),
rising terms by the significance of their rise (``score`` = G2). ``match`` is the
evidence's text as the document has it (traditional script stays traditional).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

from phrasebook.aggregate.kwic import context
from phrasebook.aggregate.periods import periods_of
from phrasebook.attribute.roles import Candidate
from phrasebook.discover.evidence import Finding, Occurrence, on_word_boundaries
from phrasebook.discover.frames import slot_fillers
from phrasebook.discover.ngrams import rising_terms
from phrasebook.discover.phrases import designation_tails
from phrasebook.errors import UsageError
from phrasebook.lexicon import Lexicon
from phrasebook.pipeline import TaggedDocument

SOURCES = ("slot", "role", "rising")
"""Slot fillers of templates and role frames; recurring designation tails; rising terms."""
CHRONOLOGICAL = ("year", "quarter", "month")
DISCOVER_COLUMNS = [
    "source", "rank", "candidate", "count", "docs", "periods", "first_period", "last_period", "score",
    "frame", "filler", "pattern", "family", "role", "period", "count_in_period", "count_before", "g2", "log_ratio",
    "kwic", "match", "sentence", "doc_id", "start", "end", "doc_ids",
]
WINDOW = 20


def discover(
    items: Sequence[TaggedDocument],
    documents: pd.DataFrame,
    lexicon: Lexicon,
    *,
    role_candidates: Iterable[Candidate] = (),
    by: str = "year",
    sources: Iterable[str] = SOURCES,
    min_count: int = 3,
    min_docs: int = 2,
    alpha: float = 0.01,
    limit: int | None = 50,
) -> pd.DataFrame:
    """Candidates for new lexicon entries from tagged ``items`` (see the package notes).

    ``documents`` is the documents table of the same pass (periods come from its years,
    or months, or quarters: ``by``); ``role_candidates`` attribution's role candidates.
    Designation tails and rising terms must occur ``min_count`` times in ``min_docs``
    documents; a slot filler counts from its first occurrence, the template being its
    evidence. A rise is significant at p < ``alpha``. Each source gives at most ``limit``
    rows (None: all).
    """
    sources = list(sources)
    unknown = [name for name in sources if name not in SOURCES]
    if unknown:
        raise UsageError(f"unknown source {unknown[0]!r}; choose among {', '.join(SOURCES)}")
    if by not in CHRONOLOGICAL:
        raise UsageError(f"--by {by}: rising terms need periods in time order; choose one of {', '.join(CHRONOLOGICAL)}")
    readable = documents[documents["status"] == "ok"]
    period_of = periods_of(readable, by)
    periods = {doc: str(period) for doc, period in zip(readable["doc_id"], period_of) if not pd.isna(period)}
    sizes = readable.assign(period=period_of).dropna(subset=["period"]).groupby("period")["chars"].sum()
    findings: list[Finding] = []
    if "slot" in sources:
        findings += slot_fillers(items, lexicon)
    if "role" in sources:
        by_doc: dict[str, list[TaggedDocument]] = {}
        for item in items:
            by_doc.setdefault(item.doc_id, []).append(item)
        tails = designation_tails(role_candidates, by_doc, min_count=min_count, min_docs=min_docs)
        findings += [finding for finding in tails if on_word_boundaries(finding.occurrences)]
    if "rising" in sources:
        rising = rising_terms(items, periods, {str(p): int(n) for p, n in sizes.items()}, min_count=min_count, min_docs=min_docs, alpha=alpha)
        findings += [finding for finding in rising if on_word_boundaries(finding.occurrences)]
    forms = {form for entry in lexicon.entries for form in entry.surfaces}
    rows = [_row(finding, periods) for finding in findings if finding.text not in forms]
    table = pd.DataFrame(rows, columns=[c for c in DISCOVER_COLUMNS if c != "rank"])
    table["order"] = table["source"].map({name: index for index, name in enumerate(SOURCES)})
    table = table.sort_values(["order", "score", "count", "candidate"], ascending=[True, False, False, True])
    table["rank"] = table.groupby("source").cumcount() + 1
    if limit is not None:
        table = table[table["rank"] <= limit]
    return table.reset_index(drop=True)[DISCOVER_COLUMNS]


def _row(finding: Finding, periods: dict[str, str]) -> dict:
    occurrences = finding.occurrences
    documents = Counter(o.doc_id for o in occurrences)
    seen = sorted({periods[o.doc_id] for o in occurrences if o.doc_id in periods})
    evidence = _evidence(finding, periods)
    left, match, right = context(evidence.item.text, evidence.start, evidence.end, WINDOW)
    rise = finding.rise
    score = float(rise["g2"]) if rise else len(documents) * math.log2(1 + len(occurrences))
    return {
        "source": finding.source, "candidate": finding.text, "count": len(occurrences), "docs": len(documents),
        "periods": len(seen), "first_period": seen[0] if seen else None, "last_period": seen[-1] if seen else None,
        "score": round(score, 3), "frame": finding.frame, "filler": finding.filler or None, "pattern": finding.pattern or None,
        "family": finding.family or None, "role": finding.role or None, "period": rise.get("period"),
        "count_in_period": rise.get("count_in_period"), "count_before": rise.get("count_before"),
        "g2": round(float(rise["g2"]), 3) if rise else None, "log_ratio": round(float(rise["log_ratio"]), 3) if rise else None,
        "kwic": f"{left}【{match}】{right}", "match": match, "sentence": evidence.sentence().strip(), "doc_id": evidence.doc_id,
        "start": evidence.item.offset + evidence.start, "end": evidence.item.offset + evidence.end,
        "doc_ids": [doc for doc, _ in documents.most_common()],
    }


def _evidence(finding: Finding, periods: dict[str, str]) -> Occurrence:
    """The occurrence to show: the first in the period a term rose in, else the first."""
    period = finding.rise.get("period")
    return next((o for o in finding.occurrences if period and periods.get(o.doc_id) == period), finding.occurrences[0])
