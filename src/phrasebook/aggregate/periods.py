"""The periods a table can be counted by, defined once for the library and the command line."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from phrasebook.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd


class Period(str, Enum):
    """What ``--by`` groups documents by."""

    year = "year"
    quarter = "quarter"
    month = "month"
    series = "series"
    doc_type = "doc_type"
    issuer = "issuer"
    doc = "doc"


PERIODS = tuple(p.value for p in Period)


def periods_of(documents: pd.DataFrame, by: str) -> pd.Series:
    """The period of each document (missing where it cannot be determined)."""
    import pandas as pd

    if by not in PERIODS:
        raise UsageError(f"cannot group by {by!r}; choose one of {', '.join(PERIODS)}")
    if by == "year":
        return documents["year"].astype("string")
    if by in ("month", "quarter"):
        dated = documents["date_precision"].isin(["day", "month"])
        dates = documents["date"]
        text = dates.dt.strftime("%Y-%m") if by == "month" else dates.dt.year.astype("string") + "-Q" + dates.dt.quarter.astype("string")
        return text.astype("string").where(dated)
    if by == "doc":
        return documents["doc_id"].astype("string")
    return documents[by].astype("string").replace("", pd.NA)
