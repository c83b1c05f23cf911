"""Charts that read at a glance: year ticks that never run together, panels named in
Chinese beside their gloss, a province-by-region heatmap drawn even where provinces have
few events (hatched, with counts), one word for one count."""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest
from typer.testing import CliRunner

from phrasebook.cli import app
from phrasebook.report import plots

matplotlib.use("Agg")


def _drawn(monkeypatch) -> list:
    """The figures the plotting functions save, kept open for inspection."""
    kept = []
    monkeypatch.setattr(plots, "_save", lambda figure, path: (figure.canvas.draw(), kept.append(figure))[-1] or path)
    return kept


def _overlapping(labels) -> list[tuple[str, str]]:
    boxes = [(label.get_text(), label.get_window_extent()) for label in labels if label.get_visible() and label.get_text()]
    return [(a, b) for (a, box_a), (b, box_b) in zip(boxes, boxes[1:]) if box_a.overlaps(box_b)]


@pytest.mark.parametrize("periods", [[str(y) for y in range(1982, 2026)], [f"{y}-{m:02d}" for y in range(2012, 2027) for m in (1, 4, 7, 10)]])
def test_time_ticks_never_run_together(monkeypatch, tmp_path, periods):
    figures = _drawn(monkeypatch)
    rows = [{"entry_id": e, "canonical": c, "period": p, "count": 1, "per_10k": i % 5} for e, c in (("a", "一带一路"), ("b", "开放"), ("c", "枢纽"), ("d", "通道"), ("e", "门户"))
            for i, p in enumerate(periods)]
    plots.plot_rates(pd.DataFrame(rows), tmp_path / "rates.png", {"a": "Belt and Road"})
    for axis in figures[0].axes:
        if axis.get_visible():
            assert not _overlapping(axis.get_xticklabels())


def test_panels_name_the_formulation_in_chinese_beside_its_gloss(monkeypatch, tmp_path):
    if plots.cjk_font() is None:
        pytest.skip("no CJK font on this machine (CI installs fonts-wqy-zenhei); the gloss alone is drawn")
    figures = _drawn(monkeypatch)
    rows = [{"entry_id": e, "canonical": c, "period": str(y), "count": 1, "per_10k": 1.0} for e, c in (("yidai_yilu", "一带一路"), ("kaifang", "对外开放")) for y in (2015, 2016)]
    plots.plot_rates(pd.DataFrame(rows), tmp_path / "rates.png", {"yidai_yilu": "Belt and Road", "kaifang": "opening up"})
    legend = [text.get_text() for text in figures[0].axes[0].get_legend().get_texts()]
    assert "一带一路 (Belt and Road)" in legend


def test_the_region_heatmap_of_the_provincial_reports_is_drawn_with_thin_provinces_hatched(shared_corpus, monkeypatch, tmp_path):
    figures = _drawn(monkeypatch)
    outputs = {name: tmp_path / name for name in ("shares.csv", "partners.png", "regions.png")}
    result = CliRunner().invoke(app, ["engagements", str(shared_corpus / "provincial_gwr"), "-o", str(outputs["shares.csv"]),
                                      "--plot", str(outputs["partners.png"]), "--heatmap", str(outputs["regions.png"])])
    assert result.exit_code == 0, result.output
    heatmap = figures[-1].axes[0]
    provinces = [label.get_text() for label in heatmap.get_yticklabels()]
    counted = [re.search(r"\((\d+) events?\)$", p) for p in provinces]
    assert len(provinces) >= 25 and all(counted), f"a province label without its count: {provinces}"
    assert all(p.endswith("(1 event)" if n == 1 else f"({n} events)") for p, n in zip(provinces, (int(m.group(1)) for m in counted)))
    assert any(patch.get_hatch() == "///" for patch in heatmap.patches)
    assert any(text.get_text().isdigit() for text in heatmap.texts)
    titles = [axis.get_title() for axis in figures[0].axes if axis.get_visible()]
    assert all(" 1 events" not in title and "engagements" not in title for title in titles)


def test_one_count_takes_the_singular():
    assert [plots._count(n, "event") for n in (1, 2, 0)] == ["1 event", "2 events", "0 events"]
