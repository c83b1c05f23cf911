"""Aggregate matches into frequency tables: counts and rates per period, and the events
between consecutive periods (first appearances, disappearances, significant shifts).

Rates are per 10,000 characters by default; ``chars`` is the size of a period's text as
counted by :func:`phrasebook.tagger.text_size` (Chinese characters plus every other
non-space character). Raw counts mislead: report lengths differ two- and threefold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd
from scipy.stats import chi2

PERIODS = ("year", "month", "series", "doc_type", "issuer", "doc")
TRACK_COLUMNS = [
    "period", "entry_id", "canonical", "family", "count", "docs", "doc_share", "chars", "per_10k",
    "first_seen", "last_seen",
]
_DATE_IN_TEXT = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})年")


def document_dates(docs: pd.DataFrame, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """``date`` (YYYY[-MM[-DD]]) and ``date_source`` for every document.

    Sources, in order: the metadata's date, its year, a 年月日 date in the first 300
    characters of the text, a year in the title; otherwise empty with source ``none``.
    """
    dates, sources = [], []
    for row in docs.itertuples():
        date, source = _date_of(row, (texts or {}).get(row.doc_id, ""))
        dates.append(date)
        sources.append(source)
    return docs.assign(date=dates, date_source=sources)


def _date_of(row, text: str) -> tuple[str, str]:
    if str(getattr(row, "date", "") or "").strip():
        return str(row.date).strip(), "metadata"
    if str(getattr(row, "year", "") or "").strip():
        return str(row.year).strip(), "metadata"
    found = _DATE_IN_TEXT.search(text[:300])
    if found:
        year, month, day = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}", "text"
    found = _YEAR_IN_TITLE.search(str(getattr(row, "title", "") or ""))
    if found:
        return found.group(1), "title"
    return "", "none"


def _period(docs: pd.DataFrame, by: str) -> pd.Series:
    if by not in PERIODS:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(PERIODS)}")
    if by == "year":
        return docs["date"].astype(str).str[:4]
    if by == "month":
        return docs["date"].astype(str).str[:7].where(docs["date"].astype(str).str.len() >= 7, "")
    if by == "doc":
        return docs["doc_id"].astype(str)
    return docs[by].astype(str)


def track(
    matches: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    by: str = "year",
    per: int = 10_000,
    families: Sequence[str] = (),
    entries: Sequence[str] = (),
) -> pd.DataFrame:
    """One row per (period, entry): counts, document shares, period size and rate.

    Every entry that occurs anywhere in the selection gets a row in every period, with
    zeros where it is absent, so that rates over time show when a formulation appears.
    Documents without a value for ``by`` (no date, say) are left out of the table.
    """
    docs = docs[docs["status"] == "ok"] if "status" in docs else docs
    if "date" not in docs or "date_source" not in docs:
        docs = document_dates(docs)
    periods = _period(docs, by)
    docs = docs.assign(period=periods)[periods != ""]
    selected = matches[matches["doc_id"].isin(docs["doc_id"])]
    if families:
        selected = selected[selected["family"].isin(families)]
    if entries:
        selected = selected[selected["entry_id"].isin(entries)]
    selected = selected.merge(docs[["doc_id", "period", "date"]], on="doc_id", how="left", suffixes=("_m", ""))
    sizes = docs.groupby("period").agg(chars=("chars", "sum"), n_docs=("doc_id", "nunique"))
    grouped = selected.groupby(["period", "entry_id"]).agg(
        count=("doc_id", "size"), docs=("doc_id", "nunique"), first_seen=("date", "min"), last_seen=("date", "max")
    )
    labels = selected.drop_duplicates("entry_id").set_index("entry_id")[["canonical", "family"]]
    full = pd.MultiIndex.from_product([sizes.index, labels.index], names=["period", "entry_id"])
    table = grouped.reindex(full).reset_index()
    table[["count", "docs"]] = table[["count", "docs"]].fillna(0).astype(int)
    table[["first_seen", "last_seen"]] = table[["first_seen", "last_seen"]].fillna("")
    table = table.join(labels, on="entry_id").join(sizes, on="period")
    table["doc_share"] = table["docs"] / table["n_docs"]
    table["per_10k"] = table["count"] * per / table["chars"].where(table["chars"] > 0)
    return table.sort_values(["period", "entry_id"]).reset_index(drop=True)[TRACK_COLUMNS]


def log_likelihood(count_a: int, size_a: int, count_b: int, size_b: int) -> tuple[float, float]:
    """Dunning's log-likelihood (G2) for a frequency difference, and its p-value (1 df)."""
    total = count_a + count_b
    if total == 0:
        return 0.0, 1.0
    expected_a = size_a * total / (size_a + size_b)
    expected_b = size_b * total / (size_a + size_b)
    g2 = 2 * sum(o * math.log(o / e) for o, e in ((count_a, expected_a), (count_b, expected_b)) if o > 0)
    return g2, float(chi2.sf(g2, 1))


def events(table: pd.DataFrame, *, alpha: float = 0.01) -> pd.DataFrame:
    """Changes between consecutive periods of a :func:`track` table.

    ``event`` is ``appears`` (absent before, present now), ``vanishes``, ``rises`` or
    ``falls`` (a significant change of rate: G2 with p < ``alpha``).
    """
    rows = []
    periods = sorted(table["period"].unique())
    indexed = table.set_index(["period", "entry_id"])
    for before, after in zip(periods, periods[1:]):
        for entry_id in table["entry_id"].unique():
            a, b = indexed.loc[(before, entry_id)], indexed.loc[(after, entry_id)]
            g2, p = log_likelihood(int(a["count"]), int(a["chars"]), int(b["count"]), int(b["chars"]))
            if a["count"] == 0 and b["count"] > 0:
                event = "appears"
            elif a["count"] > 0 and b["count"] == 0:
                event = "vanishes"
            elif p < alpha:
                event = "rises" if b["per_10k"] > a["per_10k"] else "falls"
            else:
                continue
            rows.append(
                {
                    "from": before, "to": after, "entry_id": entry_id, "canonical": b["canonical"],
                    "family": b["family"], "event": event, "count_from": int(a["count"]), "count_to": int(b["count"]),
                    "per_10k_from": a["per_10k"], "per_10k_to": b["per_10k"], "g2": g2, "p_value": p,
                }
            )
    return pd.DataFrame(rows, columns=[
        "from", "to", "entry_id", "canonical", "family", "event", "count_from", "count_to",
        "per_10k_from", "per_10k_to", "g2", "p_value",
    ])


COMPARE_COLUMNS = [
    "entry_id", "canonical", "family", "status", "count_a", "count_b", "per_10k_a", "per_10k_b", "g2", "p_value", "context",
]


def compare(
    matches_a: pd.DataFrame, size_a: int, matches_b: pd.DataFrame, size_b: int, *, alpha: float = 0.01
) -> pd.DataFrame:
    """Formulations added, dropped and changed in frequency from group A to group B.

    ``size_a`` and ``size_b`` are the groups' sizes in characters; ``status`` is
    ``added``, ``dropped``, ``rose``, ``fell`` (G2 with p < ``alpha``) or ``same``.
    ``context`` is a sentence from B (for dropped entries, from A). Match tables need a
    ``context`` column: the sentence of each match (see :func:`phrasebook.concordance.sentence_around`).
    """
    rows = []
    counts_a = matches_a.groupby("entry_id").size()
    counts_b = matches_b.groupby("entry_id").size()
    labels = pd.concat([matches_a, matches_b]).drop_duplicates("entry_id").set_index("entry_id")
    for entry_id in sorted(set(counts_a.index) | set(counts_b.index)):
        a, b = int(counts_a.get(entry_id, 0)), int(counts_b.get(entry_id, 0))
        g2, p = log_likelihood(a, size_a, b, size_b)
        rate_a, rate_b = a * 10_000 / size_a, b * 10_000 / size_b
        if a == 0:
            status = "added"
        elif b == 0:
            status = "dropped"
        elif p < alpha:
            status = "rose" if rate_b > rate_a else "fell"
        else:
            status = "same"
        source = matches_b if b else matches_a
        context = source.loc[source["entry_id"] == entry_id, "context"].iloc[0]
        label = labels.loc[entry_id]
        rows.append(
            {
                "entry_id": entry_id, "canonical": label["canonical"], "family": label["family"], "status": status,
                "count_a": a, "count_b": b, "per_10k_a": rate_a, "per_10k_b": rate_b, "g2": g2, "p_value": p,
                "context": context,
            }
        )
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


ENGAGEMENT_COLUMNS = ["province", "kind", "code", "count", "share", "rank"]


def engagements(partner_rows: pd.DataFrame, provinces: pd.Series) -> pd.DataFrame:
    """For each province, its partners with counts and shares of its engagement.

    ``partner_rows`` are document-level partner rows (doc_id, kind, code, count);
    ``provinces`` maps doc_id to the province the engagement is credited to (the issuer).
    Shares are within a province and a kind: countries' shares sum to one, regions' too.
    """
    rows = partner_rows[partner_rows["kind"].isin(["country", "region"])].copy()
    rows["province"] = rows["doc_id"].map(provinces)
    rows = rows[rows["province"].notna() & (rows["province"] != "")]
    table = rows.groupby(["province", "kind", "code"], as_index=False)["count"].sum()
    table["share"] = table["count"] / table.groupby(["province", "kind"])["count"].transform("sum")
    table = table.sort_values(["province", "kind", "count", "code"], ascending=[True, True, False, True])
    table["rank"] = table.groupby(["province", "kind"]).cumcount() + 1
    return table.reset_index(drop=True)[ENGAGEMENT_COLUMNS]
