"""This checkout against an earlier commit, on the same text: matching alone and ``pb.tag``.

    python benchmarks/bench_releases.py --before fb66b0e [--rounds 5]

The earlier commit is checked out into a temporary git worktree and imported from its
``src/`` (PYTHONPATH before the installed package), so it must be one whose code runs on
the dependencies installed now. Each round runs one fresh process of each, in turn, on
the 2024 news with its HTML turned into text once (as ``bench_scale.py`` does); the ratio
of a round is taken within the round, and the median over the rounds is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_scale import NEWS, extracted_news

ROOT = Path(__file__).resolve().parents[1]
MEASURE = """
import sys, time
from pathlib import Path
import phrasebook as pb
from phrasebook import Tagger, load_lexicon
from phrasebook.pipeline import tag_item
from phrasebook.read import Document, read_documents
from phrasebook.tables import match_rows

source = Path(sys.argv[1])
documents = [d for d in read_documents([source]) if isinstance(d, Document)]
megabytes = sum(len(d.text.encode()) for d in documents) / 1e6
lexicon = load_lexicon()
tagger = Tagger(lexicon)
tagger.matches("预热")
started = time.perf_counter()
for document in documents:
    match_rows(tag_item(tagger, document), "v")
matching = megabytes / (time.perf_counter() - started)
started = time.perf_counter()
pb.tag(source, lexicon=lexicon)
print(matching, megabytes / (time.perf_counter() - started))
"""


def measure(source: Path, src: Path | None) -> tuple[float, float]:
    """MB/s of (matching alone, pb.tag) in a fresh process importing phrasebook from ``src``."""
    environment = dict(os.environ)
    if src is not None:
        environment["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(source)], env=environment, capture_output=True, text=True, check=True)
    matching, tagging = map(float, done.stdout.split()[-2:])
    return matching, tagging


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="The earlier commit (any git revision).")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--news", type=Path, default=NEWS / "xwlb-2024.jsonl.gz")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source, _, _ = extracted_news(arguments.news, Path(folder))
        worktree = Path(folder) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(worktree), arguments.before], check=True)
        try:
            ratios: dict[str, list[float]] = {"matching alone": [], "pb.tag": []}
            for round_number in range(1, arguments.rounds + 1):
                before = measure(source, worktree / "src")
                after = measure(source, None)
                print(f"round {round_number}: matching {before[0]:.2f} -> {after[0]:.2f} MB/s, pb.tag {before[1]:.2f} -> {after[1]:.2f} MB/s")
                ratios["matching alone"].append(after[0] / before[0])
                ratios["pb.tag"].append(after[1] / before[1])
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=True)
    for name, values in ratios.items():
        print(f"{name}: this checkout / {arguments.before} = {statistics.median(values):.2f} (median of {len(values)} rounds)")


if __name__ == "__main__":
    main()
