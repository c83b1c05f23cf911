"""Charts that do not mislead, drawn with matplotlib.

- Rates over time: more than four entries become small multiples (one panel per entry,
  shared axes) instead of a tangle of lines; a chart that keeps the top N of more says so;
  years and dates are placed in proportion to time (2020, 2025, 2026 are not evenly spaced).
- Shares: each province's partners in a panel of its own, with the share's interval and
  count; a province with too few events is marked as too thin to read.
- Heatmaps: a heatmap of one row is drawn as bars; in the province-by-region heatmap a
  province with too few events is hatched, never left out, and each cell has its count.
- Labels: Chinese with an English gloss when the machine has a CJK font, the English
  gloss alone otherwise (never boxes of missing glyphs); no library warnings on the screen.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from phrasebook.errors import UsageError  # noqa: E402
from phrasebook.output import AtomicFile  # noqa: E402

_CJK_FILE_HINTS = ("wqy", "cjk", "sourcehan", "notosanssc", "notoserifsc", "simhei", "simsun", "msyh", "droidsansfallback", "arphic", "ukai", "uming")
_CJK_FONT_HINTS = ("CJK", "Han Sans", "Han Serif", "WenQuanYi", "SimHei", "SimSun", "Hei", "Ming", "Song")
MAX_LINES = 4
"""More series than this in one chart become small multiples."""
YEAR_TICKS = 6
"""At most this many labelled ticks on a time axis, so that years never run together."""
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


@functools.lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Name of an installed font that covers Chinese, if any. A font installed after
    matplotlib built its font cache is not in that cache: the system's font files whose
    names say CJK are added to it before giving up."""
    found = _cjk_in_cache()
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower() for hint in _CJK_FILE_HINTS):
                font_manager.fontManager.addfont(path)
        found = _cjk_in_cache()
    return found


def _cjk_in_cache() -> str | None:
    for font in font_manager.fontManager.ttflist:
        if any(hint in font.name for hint in _CJK_FONT_HINTS):
            return font.name
    return None


def _use_cjk_font() -> str | None:
    """Draw with a CJK font when the machine has one; its name, or None."""
    font = cjk_font()
    if font:
        plt.rcParams["font.family"] = [font, "sans-serif"]
    return font


def _labeller(glosses: dict[str, str]) -> callable:
    """entry or code → its label: 'Chinese (English)' with a CJK font, else the English."""
    font = _use_cjk_font()

    def label(key: str, chinese: str = "") -> str:
        english = glosses.get(key, key)
        if font and chinese and chinese != english:
            return f"{chinese} ({english})"
        return english

    return label


def _save(figure: plt.Figure, path: Path) -> Path:
    """Lay out and write atomically (a temporary file beside the target, then a rename),
    without library warnings on the screen."""
    try:
        with warnings.catch_warnings(), AtomicFile(Path(path)) as temporary:
            warnings.simplefilter("ignore")
            if not figure.get_constrained_layout():
                figure.tight_layout()
            figure.savefig(temporary, dpi=120, format=Path(path).suffix.lstrip(".") or "png")
    finally:
        plt.close(figure)
    return Path(path)


_CHINESE = re.compile(r"[\u3400-\u9fff]")


def _readable(label: str) -> str:
    """A label the chart's font can draw: Chinese text is kept with a CJK font; without
    one, a foreign city keeps only its country code and an organisation its kind."""
    if cjk_font() or not _CHINESE.search(label):
        return label
    code = re.search(r"\(([A-Z]{2})\)", label)
    return f"a place in {code.group(1)}" if code else "an organisation"


def _time_axis(periods: pd.Series) -> tuple[pd.Series, bool]:
    """Periods as positions on a time axis when they are years or dates, else as they are."""
    text = periods.astype(str)
    if text.str.fullmatch(r"\d{4}").all():
        return text.astype(int), True
    if text.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all():
        return pd.to_datetime(text, format="mixed"), True
    return text, False


def plot_rates(table: pd.DataFrame, path: Path, glosses: dict[str, str], *, top: int = 8, title: str = "") -> Path:
    """Rates per 10,000 characters over periods for the ``top`` most frequent entries:
    one line each up to MAX_LINES entries, small multiples beyond."""
    totals = table.groupby("entry_id")["count"].sum().sort_values(ascending=False)
    leading = list(totals.index[:top])
    if not leading:
        raise UsageError("nothing to draw: no entry occurs in the selection")
    label = _labeller(glosses)
    names = table.drop_duplicates("entry_id").set_index("entry_id")["canonical"].to_dict()
    kept = f"top {len(leading)} of {len(totals)} entries by count" if len(totals) > len(leading) else f"{len(leading)} entries"
    heading = f"{title + ': ' if title else ''}matches per 10,000 characters ({kept})"
    if len(leading) <= MAX_LINES:
        figure, axis = plt.subplots(figsize=(10, 5))
        axes = [axis] * len(leading)
    else:
        columns = 4
        rows = math.ceil(len(leading) / columns)
        figure, grid = plt.subplots(rows, columns, figsize=(14, 2.8 * rows + 0.8), sharex=True, sharey=True, squeeze=False, layout="constrained")
        axes = list(grid.flat)
        for unused in axes[len(leading) :]:
            unused.set_visible(False)
    for axis, entry_id in zip(axes, leading):
        rows_of = table[table["entry_id"] == entry_id].sort_values("period")
        x, timed = _time_axis(rows_of["period"])
        axis.plot(x, rows_of["per_10k"].fillna(0), marker="o", markersize=3, label=label(entry_id, names.get(entry_id, "")))
        if len(leading) > MAX_LINES:
            axis.set_title(label(entry_id, names.get(entry_id, "")), fontsize="small")
        if not timed:
            axis.tick_params(axis="x", labelrotation=60)
        elif x.dtype.kind in "iu":
            axis.xaxis.set_major_locator(MaxNLocator(nbins=YEAR_TICKS, integer=True))  # a few years, not 2024.2
        else:
            axis.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=YEAR_TICKS))
            axis.xaxis.set_major_formatter(mdates.ConciseDateFormatter(axis.xaxis.get_major_locator()))
    if len(leading) <= MAX_LINES:
        axes[0].legend(fontsize="small", loc="upper left")
        axes[0].set_ylabel("per 10,000 characters")
    figure.suptitle(heading)
    return _save(figure, Path(path))


def plot_heatmap(table: pd.DataFrame, rows: str, columns: str, values: str, path: Path, *, title: str, labels: dict[str, str] | None = None) -> Path:
    """A heatmap of ``values`` with ``rows`` down and ``columns`` across; one row is drawn as bars."""
    _use_cjk_font()
    grid = table.pivot_table(index=rows, columns=columns, values=values, aggfunc="sum", fill_value=0)
    if grid.empty:
        raise UsageError("nothing to draw: the table is empty")
    names = labels or {}
    column_names = [_readable(names.get(str(c), str(c))) for c in grid.columns]
    if len(grid.index) == 1:
        figure, axis = plt.subplots(figsize=(max(6, 0.45 * len(grid.columns) + 2), 4))
        axis.bar(column_names, grid.iloc[0].to_numpy(dtype=float), color="#4a7ab5")
        axis.set_title(f"{title}: {names.get(str(grid.index[0]), grid.index[0])}")
        axis.tick_params(axis="x", labelrotation=60)
        return _save(figure, Path(path))
    size = (max(6, 0.5 * len(grid.columns) + 3), max(3, 0.35 * len(grid.index) + 1.5))
    figure, _ = _grid_figure(grid, column_names, [_readable(names.get(str(i), str(i))) for i in grid.index], size=size, title=title)
    return _save(figure, Path(path))


def _grid_figure(
    grid: pd.DataFrame, column_names: list[str], row_names: list[str], *, size: tuple[float, float], title: str,
    title_size: str | None = None, scale: str | None = None, vmax: float | None = None,
) -> tuple[plt.Figure, plt.Axes]:
    """A heatmap of ``grid`` with its rows and columns named and a colour bar (labelled
    ``scale``, from 0 to ``vmax`` when given, else over the values)."""
    figure, axis = plt.subplots(figsize=size)
    image = axis.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0 if vmax is not None else None, vmax=vmax)
    axis.set_xticks(range(len(grid.columns)), column_names, rotation=60, ha="right", fontsize="small")
    axis.set_yticks(range(len(grid.index)), row_names, fontsize="small")
    axis.set_title(title, fontsize=title_size, wrap=True)
    figure.colorbar(image, ax=axis, label=scale)
    return figure, axis


def plot_partner_panels(shares: pd.DataFrame, path: Path, *, names: dict[str, str], min_events: int, top: int = 6) -> Path:
    """One panel per province: its ``top`` partners' shares with 95% intervals and counts;
    a province with fewer than ``min_events`` events says so in grey."""
    if shares.empty:
        raise UsageError("nothing to draw: no engagement events")
    _use_cjk_font()
    provinces = sorted(shares["province"].unique(), key=lambda p: -int(shares.loc[shares.province == p, "province_events"].iloc[0]))
    columns = min(4, len(provinces))
    rows = math.ceil(len(provinces) / columns)
    figure, grid = plt.subplots(rows, columns, figsize=(4.4 * columns, 2.9 * rows + 0.8), sharex=True, squeeze=False, layout="constrained")
    axes = list(grid.flat)
    for axis in axes[len(provinces) :]:
        axis.set_visible(False)
    for axis, province in zip(axes, provinces):
        part = shares[shares["province"] == province].sort_values("rank").head(top).iloc[::-1]
        total = int(part["province_events"].iloc[0])
        thin = bool(part["thin"].iloc[0])
        colour = "#bbbbbb" if thin else "#4a7ab5"
        labels = [_readable(names.get(p, p)) for p in part["partner"]]
        axis.barh(labels, part["share"] * 100, color=colour,
                  xerr=[(part["share"] - part["share_low"]) * 100, (part["share_high"] - part["share"]) * 100], ecolor="#555555", capsize=2)
        for y, (share, count) in enumerate(zip(part["share"], part["events"])):
            axis.text(min(share * 100 + 2, 92), y, str(int(count)), va="center", fontsize="x-small")
        note = f"\ntoo few to read (under {min_events})" if thin else ""
        axis.set_title(f"{names.get(province, province)}: {_count(total, 'event')}{note}", fontsize="small", color="#777777" if thin else "black")
        axis.set_xlim(0, 100)
        axis.tick_params(axis="y", labelsize="x-small")
    figure.suptitle("share of each province's events by partner (%), with 95% intervals; numbers are events")
    return _save(figure, Path(path))


def plot_region_heatmap(regions: pd.DataFrame, path: Path, *, names: dict[str, str], min_events: int) -> Path:
    """Province x region shares of engagements, each cell with its count of events; a
    province with fewer than ``min_events`` events is drawn hatched (its shares are too
    thin to read, but it is there)."""
    if regions.empty:
        raise UsageError("nothing to draw: no engagement events with a region")
    _use_cjk_font()
    grid = regions.pivot_table(index="province", columns="region", values="share", aggfunc="sum", fill_value=0)
    counts = regions.pivot_table(index="province", columns="region", values="events", aggfunc="sum", fill_value=0).reindex_like(grid)
    totals = regions.groupby("province")["province_events"].first().reindex(grid.index)
    thin = regions.groupby("province")["thin"].first().reindex(grid.index).astype(bool)
    rows = [f"{_readable(names.get(str(p), str(p)))} ({_count(int(totals[p]), 'event')})" for p in grid.index]
    title = f"share of each province's events by region; numbers are events; hatched: under {min_events} events, too few to read"
    size = (max(6, 0.6 * len(grid.columns) + 4), max(3, 0.4 * len(grid.index) + 1.8))
    figure, axis = _grid_figure(grid, [_readable(names.get(str(c), str(c))) for c in grid.columns], rows, size=size, title=title, title_size="small", scale="share", vmax=1)
    for row, province in enumerate(grid.index):
        if thin[province]:
            axis.add_patch(Rectangle((-0.5, row - 0.5), len(grid.columns), 1, fill=False, hatch="///", edgecolor="#999999", linewidth=0))
        for column, region in enumerate(grid.columns):
            count = int(counts.loc[province, region])
            if count:
                axis.text(column, row, str(count), ha="center", va="center", fontsize="x-small", color="white" if grid.loc[province, region] > 0.5 else "black")
    return _save(figure, Path(path))


def _count(number: int, word: str) -> str:
    """One word for one count: 1 event, 2 events."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
