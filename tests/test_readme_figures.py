"""The README's figures agree with the computations that give them (docs/readme_figures.py,
which the docs build also runs), and a drifted figure is caught."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


def _figures():
    spec = importlib.util.spec_from_file_location("readme_figures", REPO / "docs" / "readme_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_figures_agree_with_their_commands() -> None:
    figures = _figures()
    text = (REPO / "README.md").read_text(encoding="utf-8")
    marked = {m.group(1) for m in figures.MARKER.finditer(text)}
    assert marked == {f.name for f in figures.FIGURES}  # every figure is in the README, and only those
    assert figures.drifted(text, corpus=SHARED_CORPUS.is_dir()) == []


def test_a_drifted_figure_is_named_with_its_command() -> None:
    figures = _figures()
    text = (REPO / "README.md").read_text(encoding="utf-8")
    wrong = text.replace("<!-- fig:event_sentences -->", "<!-- fig:event_sentences -->1", 1)
    (problem,) = figures.drifted(wrong, corpus=False)
    assert "event_sentences = 1" in problem and "wc -l lexicon/annotations/events.jsonl" in problem
    assert figures.drifted("<!-- fig:nonsense -->3<!-- /fig -->", corpus=False) == [
        f"README.md marks an unknown figure 'nonsense'; known: {', '.join(f.name for f in figures.FIGURES)}"
    ]
