"""What a user waits for on one sentence: ``roles``, ``events``, ``explain --text`` and
``tag`` on a one-sentence file, each in a fresh interpreter, against ``phrasebook --help``
in the same run (the interpreter and the command line alone).

    python benchmarks/bench_startup.py [--repeat 5]

The classifiers are loaded from the JSON in the package, not fitted; what is left is
importing the libraries, loading the lexicon (cached by version) and the models. Machines
are shared and noisy: read the medians and the ratios to ``--help``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "云南加快建设面向南亚东南亚辐射中心，省长会见越南驻昆明总领事。"


def _median_seconds(arguments: list[str], repeat: int) -> float:
    command = [str(Path(sys.executable).parent / "phrasebook"), *arguments]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sentence = Path(folder) / "one.txt"
        sentence.write_text(SENTENCE, encoding="utf-8")
        _median_seconds(["roles", str(sentence)], 1)  # the lexicon's and jieba's caches, once
        reference = _median_seconds(["--help"], args.repeat)
        print(f"--help: {reference:.2f} s (median of {args.repeat})")
        for name, arguments in (
            ("roles", ["roles", str(sentence)]),
            ("events", ["events", str(sentence)]),
            ("explain --text", ["explain", "--text", SENTENCE]),
            ("tag", ["tag", str(sentence), "-o", str(Path(folder) / "matches.csv")]),
        ):
            seconds = _median_seconds(arguments, args.repeat)
            print(f"{name}: {seconds:.2f} s (median of {args.repeat}), {seconds / reference:.1f}x --help")


if __name__ == "__main__":
    main()
