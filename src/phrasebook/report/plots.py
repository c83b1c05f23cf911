"""Charts of tracked rates with matplotlib.

Chinese labels need a CJK font. When the machine has one it is used; otherwise labels
fall back to the English glosses, never to boxes of missing glyphs.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from phrasebook.errors import UsageError  # noqa: E402
from phrasebook.output import AtomicFile  # noqa: E402

_CJK_FONT_HINTS = ("CJK", "Han Sans", "Han Serif", "WenQuanYi", "SimHei", "SimSun", "Hei", "Ming", "Song")


def cjk_font() -> str | None:
    """Name of an installed font that covers Chinese, if any."""
    for font in font_manager.fontManager.ttflist:
        if any(hint in font.name for hint in _CJK_FONT_HINTS):
            return font.name
    return None


def labels_for(table: pd.DataFrame, glosses: dict[str, str]) -> dict[str, str]:
    """entry_id -> label: the Chinese form with a CJK font, else the English gloss."""
    font = cjk_font()
    if font:
        plt.rcParams["font.family"] = [font, "sans-serif"]
        return dict(zip(table["entry_id"], table["canonical"]))
    return {entry_id: glosses.get(entry_id, entry_id) for entry_id in table["entry_id"].unique()}


def plot_rates(table: pd.DataFrame, path: Path, glosses: dict[str, str], *, top: int = 8) -> Path:
    """Line chart of per-10k rates over periods for the ``top`` most frequent entries."""
    leading = table.groupby("entry_id")["count"].sum().nlargest(top).index
    shown = table[table["entry_id"].isin(leading)]
    labels = labels_for(shown, glosses)
    figure, axes = plt.subplots(figsize=(10, 5))
    for entry_id, rows in shown.groupby("entry_id"):
        axes.plot(rows["period"].astype(str), rows["per_10k"].fillna(0), marker="o", label=labels[entry_id])
    axes.set_ylabel("matches per 10,000 characters")
    axes.set_xlabel("period")
    axes.legend(fontsize="small", loc="upper left")
    axes.tick_params(axis="x", labelrotation=45)
    figure.tight_layout()
    return _save(figure, Path(path))


def _save(figure: plt.Figure, path: Path) -> Path:
    """Write atomically: a temporary file beside the target, then a rename."""
    try:
        with AtomicFile(Path(path)) as temporary:
            figure.savefig(temporary, dpi=120, format=Path(path).suffix.lstrip(".") or "png")
    finally:
        plt.close(figure)
    return Path(path)


def plot_heatmap(table: pd.DataFrame, rows: str, columns: str, values: str, path: Path, *, title: str) -> Path:
    """A heatmap of ``values`` with ``rows`` down and ``columns`` across (codes as labels)."""
    grid = table.pivot_table(index=rows, columns=columns, values=values, aggfunc="sum", fill_value=0)
    figure, axes = plt.subplots(figsize=(max(6, 0.5 * len(grid.columns) + 3), max(3, 0.35 * len(grid.index) + 1.5)))
    image = axes.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Blues")
    axes.set_xticks(range(len(grid.columns)), [str(c) for c in grid.columns], rotation=60, ha="right", fontsize="small")
    axes.set_yticks(range(len(grid.index)), [str(i) for i in grid.index], fontsize="small")
    axes.set_title(title)
    figure.colorbar(image, ax=axes)
    figure.tight_layout()
    return _save(figure, Path(path))


def plot_shares(table: pd.DataFrame, province: str, path: Path, *, top: int = 10) -> Path:
    """Bar chart of one province's engagement shares: its top partner countries and regions."""
    rows = table[(table["province"] == province) & (table["rank"] <= top)]
    if rows.empty:
        known = ", ".join(sorted(table["province"].unique())) or "none"
        raise UsageError(f"no engagement rows for {province}; provinces with rows: {known}")
    figure, axes = plt.subplots(1, 2, figsize=(10, 4))
    for axis, kind in zip(axes, ("country", "region")):
        part = rows[rows["kind"] == kind].sort_values("share")
        axis.barh(part["code"].astype(str), part["share"] * 100, color="#4a7ab5")
        axis.set_title(f"{province}: {kind} shares (%)")
        axis.set_xlim(0, 100)
    figure.tight_layout()
    return _save(figure, Path(path))


def plot_engagements(table: pd.DataFrame, path: Path, *, bars: str | None = None, top: int = 5) -> list[Path]:
    """A heatmap of each province's top ``top`` partner countries' shares at ``path`` and,
    with ``bars``, that province's shares as bars beside it (``NAME-PROVINCE.png``)."""
    path = Path(path)
    written = []
    if bars:
        written.append(plot_shares(table, bars, path.with_name(f"{path.stem}-{bars}{path.suffix}")))
    countries = table[(table["kind"] == "country") & (table["rank"] <= top)]
    if countries.empty:
        raise UsageError("no partner countries found: nothing to draw")
    written.insert(0, plot_heatmap(countries, "province", "code", "share", path, title="share of each province's country mentions"))
    return written
