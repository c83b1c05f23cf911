"""The README's figures that a quick computation gives, computed again: at every docs build
(``docs/hooks.py``) and in the tests, so that a figure that drifts from what the command
gives fails the build instead of misleading a reader.

In README.md a checked figure sits between markers, ``<!-- fig:NAME -->7<!-- /fig -->``
(invisible once rendered). ``python docs/readme_figures.py`` lists each figure, the
command that gives it and whether the README agrees; ``--write`` rewrites the README's
figures with the computed ones. Figures of fitted models (precision, recall, F1) take
minutes to compute; they come from ``phrasebook eval ...`` and the tests hold floors
under them (tests/attribute/test_evaluation.py).
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHARED = ROOT.parent / "shared" / "corpus"
ANNOTATIONS = ROOT / "lexicon" / "annotations"
MARKER = re.compile(r"<!-- fig:([a-z0-9_]+) -->(.*?)<!-- /fig -->")


class Figure(NamedTuple):
    """A README figure, the command a reader runs to see it, and its computation."""

    name: str
    command: str
    compute: Callable[[], int]
    needs_corpus: bool = False


def _lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (ANNOTATIONS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _changes(alpha: float) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(_national().changes(alpha=alpha))


_CORPUS: list = []


def _national():
    """The national work reports, read once for every figure that needs them."""
    import phrasebook as pb

    if not _CORPUS:
        _CORPUS.append(pb.Corpus(SHARED / "national_gwr", keep_text=False, infer_doc_types=False))
    return _CORPUS[0]


FIGURES = [
    Figure("national_reports", "phrasebook docs ../shared/corpus/national_gwr", lambda: len(_national().documents), True),
    Figure("changes_p01", "phrasebook track ../shared/corpus/national_gwr --by year --events", lambda: _changes(0.01), True),
    Figure("changes_p05", "phrasebook track ../shared/corpus/national_gwr --by year --events --alpha 0.05", lambda: _changes(0.05), True),
    Figure("gold_designations", "wc -l lexicon/annotations/gold_roles.jsonl", lambda: len(_lines("gold_roles.jsonl"))),
    Figure("event_sentences", "wc -l lexicon/annotations/events.jsonl", lambda: len(_lines("events.jsonl"))),
    Figure("event_sentences_engaged", "phrasebook eval events (first line)", lambda: sum(1 for r in _lines("events.jsonl") if r["event"])),
    Figure("web_pages", "wc -l lexicon/annotations/web_pages.jsonl", lambda: len(_lines("web_pages.jsonl"))),
]


def _shown(value: int) -> str:
    return f"{value:,}"


def drifted(text: str, *, corpus: bool) -> list[str]:
    """One line for each README figure that differs from its computation (figures of the
    shared corpus only when ``corpus``); a marker naming no figure is a drift too."""
    known = {f.name: f for f in FIGURES}
    problems = []
    for found in MARKER.finditer(text):
        name, written = found.groups()
        figure = known.get(name)
        if figure is None:
            problems.append(f"README.md marks an unknown figure {name!r}; known: {', '.join(known)}")
        elif corpus or not figure.needs_corpus:
            computed = _shown(figure.compute())
            if computed != written:
                problems.append(f"README.md says {name} = {written}, `{figure.command}` gives {computed}")
    return problems


def rewritten(text: str) -> str:
    """The README with every marked figure computed again."""
    known = {f.name: f for f in FIGURES}
    return MARKER.sub(lambda m: f"<!-- fig:{m.group(1)} -->{_shown(known[m.group(1)].compute())}<!-- /fig -->", text)


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    if "--write" in argv:
        README.write_text(rewritten(text), encoding="utf-8")
        print("README.md figures rewritten")
        return 0
    problems = drifted(text, corpus=SHARED.is_dir())
    print("\n".join(problems) or "README.md figures agree with their commands")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
