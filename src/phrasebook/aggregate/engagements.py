"""``engagements``: each province's partners and regions of engagement, with counts, shares
and their uncertainty.

Shares rest on engagement EVENTS (:meth:`phrasebook.Corpus.events`): one engagement is one
event (``event_id``: several reports of one meeting count once) with one partner, and a
province's partner shares add up to one. National engagements (``level`` national, no
province) are no province's and are left out. Region shares count the engagements whose
partner is in the region (a member country, or the region itself), so they overlap and
need not add up. Every share comes with its count, the province's number of engagements
and a 95% Wilson interval; a province with fewer than ``min_events`` events is ``thin``:
its shares are too uncertain to read.

:func:`mention_shares` is the older, cruder table: every partner NAMED in a province's
own documents, engagement or not, credited to the issuer.
"""

from __future__ import annotations

import math
import warnings
from typing import NamedTuple

import pandas as pd

from phrasebook.errors import PhrasebookWarning
from phrasebook.lexicon import Lexicon

SHARE_COLUMNS = ["province", "partner_kind", "partner", "events", "province_events", "share", "share_low", "share_high", "rank", "thin"]
REGION_COLUMNS = ["province", "region", "events", "province_events", "share", "share_low", "share_high", "thin"]
MENTION_COLUMNS = ["province", "kind", "code", "count", "share", "rank"]
Z_95 = 1.959963984540054


class Engagements(NamedTuple):
    """What ``engagements`` gives: each province's partners and regions by engagement
    events (the tables ``engagement_partners`` and ``engagement_regions`` of
    :mod:`phrasebook.schema`). A tuple, so ``partners, regions = ...`` works too."""

    partners: pd.DataFrame
    """One row per (province, partner): events, share, Wilson interval, rank, thin."""
    regions: pd.DataFrame
    """One row per (province, region): events with the region or its member countries."""


def partner_names(lexicon: Lexicon) -> dict[str, str]:
    """English names of the partners and provinces of the tables, for chart labels
    (:func:`phrasebook.schema.code_names`)."""
    from phrasebook.schema import code_names

    return {code: english for code, (_, english) in code_names(lexicon).items()}


def wilson(count: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``count / total``."""
    if total == 0:
        return 0.0, 1.0
    p = count / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def engagement_shares(
    events: pd.DataFrame,
    lexicon: Lexicon,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    min_events: int = 10,
    include_plans: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(partner shares, region shares) of each province (see the module docstring)."""
    selected = events if include_plans else events[~events["plan"].astype(bool)]
    selected = selected[selected["province"].notna()].drop_duplicates(["event_id", "partner"])
    if date_from or date_to:
        undated = int(selected["date"].isna().sum())
        if undated:
            warnings.warn(
                f"--from/--to left out {undated:,} engagement(s) without a date (their documents and sentences give none)",
                PhrasebookWarning,
                stacklevel=2,
            )
        selected = selected[selected["date"].notna()]
    if date_from:
        selected = selected[selected["date"] >= pd.Timestamp(date_from)]
    if date_to:
        selected = selected[selected["date"] <= pd.Timestamp(date_to)]
    event_counts = selected.drop_duplicates(["event_id", "province"]).groupby("province").size()
    pairs = selected.groupby(["province", "partner_kind", "partner"]).size().rename("events").reset_index()
    totals = pairs.groupby("province")["events"].transform("sum")
    pairs["province_events"] = totals
    pairs = _with_shares(pairs, event_counts, min_events)
    pairs = pairs.sort_values(["province", "events", "partner"], ascending=[True, False, True])
    pairs["rank"] = pairs.groupby("province").cumcount() + 1
    regions = _region_shares(selected, lexicon, event_counts, min_events)
    return pairs.reset_index(drop=True)[SHARE_COLUMNS], regions


def _with_shares(table: pd.DataFrame, event_counts: pd.Series, min_events: int) -> pd.DataFrame:
    table = table.copy()
    table["share"] = table["events"] / table["province_events"]
    bounds = [wilson(int(c), int(t)) for c, t in zip(table["events"], table["province_events"])]
    table["share_low"] = [low for low, _ in bounds]
    table["share_high"] = [high for _, high in bounds]
    table["thin"] = table["province"].map(event_counts).fillna(0) < min_events
    return table


def _region_shares(selected: pd.DataFrame, lexicon: Lexicon, event_counts: pd.Series, min_events: int) -> pd.DataFrame:
    members = {entry.id.lower(): set(entry.refers_to) for entry in lexicon.of_kind("region")}
    rows = []
    for province, group in selected.groupby("province"):
        total = len(group)
        for region, countries in sorted(members.items()):
            inside = group[((group["partner_kind"] == "country") & group["partner"].isin(countries)) | ((group["partner_kind"] == "region") & (group["partner"] == region))]
            if len(inside):
                rows.append({"province": province, "region": region, "events": len(inside), "province_events": total})
    table = pd.DataFrame(rows, columns=["province", "region", "events", "province_events"])
    if table.empty:
        return pd.DataFrame(columns=REGION_COLUMNS)
    return _with_shares(table, event_counts, min_events).sort_values(["province", "events"], ascending=[True, False]).reset_index(drop=True)[REGION_COLUMNS]


def mention_shares(partner_rows: pd.DataFrame, provinces: pd.Series) -> pd.DataFrame:
    """For each province, the partners named in its documents with counts and shares.

    ``partner_rows`` are document-level partner rows (doc_id, kind, code, count);
    ``provinces`` maps doc_id to the province the mentions are credited to (the issuer).
    Shares are within a province and a kind: countries' shares sum to one, regions' too.
    """
    rows = partner_rows[partner_rows["kind"].isin(["country", "region"])].copy()
    rows["province"] = rows["doc_id"].map(provinces)
    rows = rows[rows["province"].notna() & (rows["province"] != "")]
    table = rows.groupby(["province", "kind", "code"], as_index=False)["count"].sum()
    table["share"] = table["count"] / table.groupby(["province", "kind"])["count"].transform("sum")
    table = table.sort_values(["province", "kind", "count", "code"], ascending=[True, True, False, True])
    table["rank"] = table.groupby(["province", "kind"]).cumcount() + 1
    return table.reset_index(drop=True)[MENTION_COLUMNS]
