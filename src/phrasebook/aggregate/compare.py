"""``compare``: formulations added, dropped and changed in frequency from one group of
documents (an earlier edition) to another, each with a sentence of context."""

from __future__ import annotations

import pandas as pd

from phrasebook.aggregate.track import ALPHA, log_likelihood

COMPARE_COLUMNS = [
    "entry_id", "canonical", "family", "status", "count_a", "count_b", "per_10k_a", "per_10k_b", "g2", "p_value", "context",
]


def compare(
    matches_a: pd.DataFrame, size_a: int, matches_b: pd.DataFrame, size_b: int, *, alpha: float = ALPHA
) -> pd.DataFrame:
    """Formulations added, dropped and changed in frequency from group A to group B.

    ``size_a`` and ``size_b`` are the groups' sizes in characters; ``status`` is
    ``added``, ``dropped``, ``rose``, ``fell`` (G2 with p < ``alpha``) or ``same``.
    ``context`` is a sentence from B (for dropped entries, from A): the match tables need
    a ``context`` column with the sentence of each match.
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
