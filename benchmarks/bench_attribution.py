"""Attribution grows with the input like tagging does: ``roles`` on one large text file
against ``tag`` on the same file, in the same process, and the start-up of ``--help``.

    python benchmarks/bench_attribution.py [--megabytes 50] [--repeat 3]

The text is the 31 provincial reports of 2025 repeated to the size asked (a stand-in for
a large compilation); above 32 MB it is read and tagged in parts. Each round runs
``tag`` (to a CSV file) and then ``roles`` (every candidate found, scored and written);
the ratio is the median of the per-round ratios. Machines are shared and noisy: read
the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from phrasebook import Corpus, Tagger, load_lexicon
from phrasebook.output import write_table
from phrasebook.tagging import tag_to_files

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT.parent / "shared" / "corpus" / "provincial_gwr"


def _large_text(target: Path, megabytes: int) -> Path:
    texts = [path.read_text(encoding="utf-8") for path in sorted(REPORTS.glob("*.txt"))]
    written = 0
    with target.open("w", encoding="utf-8") as handle:
        while written < megabytes * 1_000_000:
            for text in texts:
                written += len((text + "\n").encode("utf-8"))
                handle.write(text + "\n")
    return target


def _help_seconds(repeat: int) -> float:
    """Median wall time of `phrasebook --help` in a fresh interpreter."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "phrasebook"), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lexicon = load_lexicon()
    tagger = Tagger(lexicon)
    with tempfile.TemporaryDirectory() as folder:
        text = _large_text(Path(folder) / "large.txt", args.megabytes)
        size = text.stat().st_size / 1e6
        print(f"input: one text file of {size:.1f} MB (provincial reports 2025, repeated)")
        tag_times, roles_times, candidates = [], [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            tag_to_files([text], tagger=tagger, matches_to=Path(folder) / "matches.csv")
            tag_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            roles = Corpus([text], lexicon=lexicon, keep_text=False, infer_doc_types=False).roles(candidates=True)
            write_table(roles, Path(folder) / "roles.csv")
            roles_times.append(time.perf_counter() - started)
            candidates = len(roles)
    ratios = [r / t for r, t in zip(roles_times, tag_times)]
    print(f"tag:   median {statistics.median(tag_times):.1f} s ({size / statistics.median(tag_times):.1f} MB/s)")
    print(f"roles: median {statistics.median(roles_times):.1f} s, {candidates:,} candidates scored and written")
    print(f"roles / tag: median ratio {statistics.median(ratios):.2f} (rounds: {', '.join(f'{r:.2f}' for r in ratios)}); goal <= 3")
    print(f"phrasebook --help: median {_help_seconds(5):.2f} s over 5 runs; goal < 0.5")


if __name__ == "__main__":
    main()
