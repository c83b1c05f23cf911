"""``engagements``: each province's partner countries and regions, with counts and
shares of its engagement (partner mentions credited to the document's issuer)."""

from __future__ import annotations

import pandas as pd

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
