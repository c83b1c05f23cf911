"""The example notebooks run from top to bottom on the reference corpus, and their
headline outputs hold what the documentation says they show.

Each notebook is executed in a fresh kernel (nbclient), in ``examples/``, as a reader
would run it; a cell that raises fails the test. The checks read the outputs of cells
tagged ``headline`` (and a few others), so a notebook that runs but shows nothing fails
too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is a test dependency (pip install -e '.[test]')")
nbclient = pytest.importorskip("nbclient", reason="nbclient is a test dependency (pip install -e '.[test]')")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _executed(name: str) -> dict[str, str]:
    """Run the notebook; the text of every tagged cell's outputs, by tag (``images``:
    how many images the notebook drew)."""
    notebook = nbformat.read(EXAMPLES / name, as_version=4)
    nbclient.NotebookClient(notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    outputs: dict[str, str] = {"images": "0"}
    images = 0
    for cell in notebook.cells:
        texts = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            images += "image/png" in data
            texts.append(output.get("text") or data.get("text/markdown") or data.get("text/plain", ""))
        for tag in cell.metadata.get("tags", []):
            outputs[tag] = "\n".join(texts)
    outputs["images"] = str(images)
    return outputs


@pytest.fixture(autouse=True)
def _needs_corpus(shared_corpus: Path) -> None:
    """The notebooks read ../shared/corpus (the fixture skips, with its reason, without it)."""


def _row(table: str, *words: str) -> bool:
    """True when one line of a printed table holds every word."""
    return any(all(word in line for word in words) for line in table.splitlines())


def test_where_beijing_points_each_province() -> None:
    out = _executed("01-where-beijing-points-each-province.ipynb")
    headline = out["headline"]
    assert _row(headline, "CN-YN", "Yunnan", "radiation_center", "south_and_southeast_asia", "面向南亚东南亚辐射中心")
    assert _row(headline, "CN-XJ", "core_area", "丝绸之路经济带核心区")
    assert _row(headline, "CN-NM", "bridgehead", "north", "向北开放桥头堡")
    assert int(out["images"]) == 1  # the heatmap
    assert "面向南亚东南亚辐射中心 (radiation_center" in out["explain-yunnan"] and "not a designation" not in out["explain-yunnan"]
    assert "丝绸之路经济带核心区 (core_area" in out["explain-xinjiang"]


def test_a_lexicon_change_reviewed() -> None:
    out = _executed("03-a-lexicon-change-reviewed.ipynb")
    assert out["check"].strip() == "0 errors"
    diff = out["diff"]
    assert "`guoji_channeng_hezuo`" in diff and "added" in diff and "gained" in diff
    assert "gwr-2016" in diff and "**国际产能合作**" in diff
    assert _row(out["kwic"], "gwr-2015", "产能合作")
    assert _row(out["track"], "2016")


def test_who_engages_with_whom() -> None:
    out = _executed("04-who-engages-with-whom.ipynb")
    headline = out["headline"]
    assert _row(headline, "CN-XJ", "KZ") and _row(headline, "CN-YN", "MM")
    national, provincial = (int(n) for n in re.search(r"(\d+) national, (\d+) of", out["counts"]).groups())
    assert national > 5 * provincial  # the national news is mostly national diplomacy, credited to no province
    assert "%" in headline and "True" in headline  # shares with intervals, thin provinces marked
    assert "provinces have fewer than 10 engagements here" in out["thin"]


def test_formulations_over_time() -> None:
    out = _executed("02-formulations-over-time.ipynb")
    assert _row(out["headline"], "2024") and all(family in out["headline"] for family in ("opening_up", "periphery_diplomacy", "global_doctrine"))
    assert _row(out["changes"], "2019", "2020", "一带一路", "falls")
    assert _row(out["changes"], "2022", "2023", "全球文明倡议", "global_doctrine", "appears")
    assert _row(out["first"], "全球治理倡议", "2025")
    assert int(out["images"]) == 1


def test_the_study_table_from_web_pages() -> None:
    out = _executed("05-the-study-table-from-web-pages.ipynb")
    headline = out["headline"]
    assert _row(headline, "CN-YN", "LA", "VN", "MM") and _row(headline, "CN-GX", "VN")
    assert _row(headline, "CN-LN", "RU") and _row(headline, "CN-NM", "MN") and _row(headline, "CN-JL", "KR", "JP")
    assert _row(out["regions"], "CN-GX", "asean")
