"""``track``: how often each entry occurs per period (year, month, series, document type,
issuer or document), as counts, document shares and rates, and the events between
consecutive periods (appearances, disappearances, significant rises and falls).

Rates are per 10,000 characters by default; ``chars`` is the size of a period's text as
counted by :func:`phrasebook.tagger.text_size` (Chinese characters plus every other
non-space character). Raw counts mislead: report lengths differ two- and threefold.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from phrasebook.aggregate.periods import periods_of
from phrasebook.errors import PhrasebookWarning

TRACK_COLUMNS = [
    "period", "entry_id", "canonical", "family", "count", "mentions", "docs", "doc_share", "chars", "per_10k",
    "first_seen", "last_seen",
]
EVENT_COLUMNS = [
    "from", "to", "entry_id", "canonical", "family", "event", "count_from", "count_to",
    "per_10k_from", "per_10k_to", "g2", "p_value",
]
ALPHA = 0.01


def track(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: str = "year",
    per: int = 10_000,
    families: Sequence[str] = (),
    entries: Sequence[str] = (),
    zeros: bool | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (period, entry): counts, mentions, document shares, period size and rate.

    ``count`` is the entry's leftmost-longest matches; ``mentions`` also counts its forms
    inside longer formulations (``mentions`` is the table of
    :func:`phrasebook.aggregate.mentions.mention_rows`; without it, mentions equal counts).

    With ``zeros`` (the default for every grouping but ``doc``), every entry found
    anywhere in the selection gets a row in every period, zeros included, so that
    appearances show; by document the table is sparse unless asked. Documents whose
    period cannot be determined (no date, say) are left out, with a warning naming them.
    """
    zeros = by != "doc" if zeros is None else zeros
    documents = documents[documents["status"] == "ok"]
    periods = periods_of(documents, by)
    undetermined = documents.loc[periods.isna(), "doc_id"].tolist()
    if undetermined:
        warnings.warn(
            f"{len(undetermined)} document(s) without a {by} are left out of the table: "
            + ", ".join(map(str, undetermined[:5])) + (" ..." if len(undetermined) > 5 else ""),
            PhrasebookWarning,
            stacklevel=2,
        )
    documents = documents.assign(period=periods)[periods.notna()]
    selected = matches[matches["doc_id"].isin(documents["doc_id"])]
    if families:
        selected = selected[selected["family"].isin(families)]
    if entries:
        selected = selected[selected["entry_id"].isin(entries)]
    dated = documents[["doc_id", "period", "date"]].rename(columns={"date": "doc_date"})
    selected = selected[["doc_id", "entry_id", "canonical", "family"]].merge(dated, on="doc_id", how="left")
    sizes = documents.groupby("period").agg(chars=("chars", "sum"), n_docs=("doc_id", "nunique"))
    grouped = selected.groupby(["period", "entry_id"]).agg(
        count=("doc_id", "size"), docs=("doc_id", "nunique"), first_seen=("doc_date", "min"), last_seen=("doc_date", "max")
    )
    labels = selected.drop_duplicates("entry_id").set_index("entry_id")[["canonical", "family"]]
    if mentions is not None:
        nested = mentions[(mentions["via"] == "nested") & mentions["doc_id"].isin(documents["doc_id"])]
        if entries:
            nested = nested[nested["entry_id"].isin(entries)]
        if families:
            nested = nested[nested["family"].isin(families)]
        nested = nested[["doc_id", "entry_id", "canonical", "family"]].merge(dated, on="doc_id", how="left")
        extra = nested.groupby(["period", "entry_id"]).size().rename("nested")
        labels = pd.concat([labels, nested.drop_duplicates("entry_id").set_index("entry_id")[["canonical", "family"]]])
        labels = labels[~labels.index.duplicated()]
        grouped = grouped.join(extra, how="outer")
        grouped[["count", "docs"]] = grouped[["count", "docs"]].fillna(0)
    if zeros:
        full = pd.MultiIndex.from_product([sizes.index, labels.index], names=["period", "entry_id"])
        grouped = grouped.reindex(full)
    table = grouped.reset_index()
    table[["count", "docs"]] = table[["count", "docs"]].fillna(0).astype("int64")
    table["mentions"] = table["count"] + (table["nested"].fillna(0).astype("int64") if "nested" in table else 0)
    table = table.join(labels, on="entry_id").join(sizes, on="period")
    table["doc_share"] = table["docs"] / table["n_docs"]
    table["per_10k"] = table["count"] * per / table["chars"].where(table["chars"] > 0)
    return table.sort_values(["period", "entry_id"]).reset_index(drop=True)[TRACK_COLUMNS]


def log_likelihood(count_a: int, size_a: int, count_b: int, size_b: int) -> tuple[float, float]:
    """Dunning's log-likelihood (G2) for a frequency difference, and its p-value (1 df)."""
    g2 = float(g2_scores(np.array([count_a]), np.array([size_a]), np.array([count_b]), np.array([size_b]))[0])
    return g2, _p_value(g2)


def g2_scores(count_a: np.ndarray, size_a: np.ndarray, count_b: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    """G2 for arrays of (count, size) pairs; 0 where both counts are 0."""
    count_a, count_b = count_a.astype(float), count_b.astype(float)
    total = count_a + count_b
    expected_a = size_a * total / (size_a + size_b)
    expected_b = size_b * total / (size_a + size_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        term_a = np.where(count_a > 0, count_a * np.log(count_a / expected_a), 0.0)
        term_b = np.where(count_b > 0, count_b * np.log(count_b / expected_b), 0.0)
    return np.maximum(2 * (term_a + term_b), 0.0)


def _p_value(g2: float) -> float:
    """The chi-squared tail with one degree of freedom: erfc(sqrt(G2 / 2))."""
    return math.erfc(math.sqrt(g2 / 2))


def p_values(g2: np.ndarray) -> np.ndarray:
    """:func:`_p_value` of every G2 of an array."""
    return np.vectorize(_p_value, otypes=[float])(g2) if g2.size else g2.astype(float)


def events(table: pd.DataFrame, *, alpha: float = ALPHA) -> pd.DataFrame:
    """Significant changes between consecutive periods of a :func:`track` table.

    ``event`` is ``appears`` (absent before, present now), ``vanishes``, ``rises`` or
    ``falls``; every event is a significant change of rate (Dunning's G2 with
    p < ``alpha``), and each row gives G2 and p.
    """
    if table.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    periods = sorted(table["period"].unique())
    sizes = table.drop_duplicates("period").set_index("period")["chars"].reindex(periods).to_numpy(dtype=float)
    counts = table.pivot_table(index="period", columns="entry_id", values="count", aggfunc="sum", fill_value=0).reindex(periods, fill_value=0)
    labels = table.drop_duplicates("entry_id").set_index("entry_id")[["canonical", "family"]]
    values = counts.to_numpy(dtype=float)
    before, after = values[:-1], values[1:]
    size_before, size_after = sizes[:-1, None], sizes[1:, None]
    g2 = g2_scores(before, np.broadcast_to(size_before, before.shape), after, np.broadcast_to(size_after, after.shape))
    p = p_values(g2)
    rate_before, rate_after = before * 10_000 / size_before, after * 10_000 / size_after
    kinds = np.select(
        [(before == 0) & (after > 0), (before > 0) & (after == 0), rate_after > rate_before],
        ["appears", "vanishes", "rises"],
        "falls",
    )
    rows, cols = np.nonzero((p < alpha) & (before + after > 0))
    entry_ids = counts.columns.to_numpy()[cols]
    found = pd.DataFrame(
        {
            "from": np.array(periods[:-1], dtype=object)[rows], "to": np.array(periods[1:], dtype=object)[rows],
            "entry_id": entry_ids,
            "canonical": labels["canonical"].reindex(entry_ids).to_numpy(),
            "family": labels["family"].reindex(entry_ids).to_numpy(),
            "event": kinds[rows, cols], "count_from": before[rows, cols].astype("int64"), "count_to": after[rows, cols].astype("int64"),
            "per_10k_from": rate_before[rows, cols], "per_10k_to": rate_after[rows, cols],
            "g2": g2[rows, cols], "p_value": p[rows, cols],
        }
    )
    return found.sort_values(["from", "entry_id"]).reset_index(drop=True)[EVENT_COLUMNS]
