"""Throughput and memory of `phrasebook tag` on the news corpus, against references run
in the same process: a bare Aho-Corasick scan (the ceiling) and spaCy's blank Chinese
pipeline with the jieba segmenter and a PhraseMatcher (the usual NLP route).

    python benchmarks/bench_tag.py [--news ../shared/corpus/xwlb/xwlb-2024.jsonl.gz]

Machines are shared and noisy: the engines run in turn, one run each per round, for
--repeat rounds; each rate is the median over the rounds and each ratio the median of the
ratios within a round. The ratios are what to read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ahocorasick_rs

from phrasebook import Tagger, load_lexicon
from phrasebook.match.boundaries import clear_caches
from phrasebook.normalize import normalize
from phrasebook.pipeline import tag_corpus, tag_item
from phrasebook.read import Document, read_documents
from phrasebook.tables import MATCH_COLUMNS, match_rows

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_NEWS = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb-2024.jsonl.gz"


def _seconds(run: Callable[[], object]) -> float:
    """Wall time of one run; segmentation caches are emptied first, so every run starts cold."""
    clear_caches()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _rounds(engines: dict[str, tuple[float, Callable[[], object]]], repeat: int) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Run every engine once per round, in turn, ``repeat`` rounds: MB/s per engine and round.

    Interleaving puts every engine under the same load in each round, so a ratio taken
    within a round is robust to the load of a shared machine drifting between rounds.
    """
    rates: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(repeat):
        for name, (megabytes, run) in engines.items():
            rates[name].append(megabytes / _seconds(run))
    return {name: statistics.median(values) for name, values in rates.items()}, rates


def _spacy_matcher(surfaces: list[str]):
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("lexicon", [nlp.make_doc(s) for s in surfaces])
    return nlp, matcher


def _peak_rss_mb(paths: list[Path]) -> float:
    """Peak resident memory of a fresh process tagging ``paths`` to a file.

    Read from VmHWM, the high-water mark of the process's own memory: getrusage's
    ru_maxrss would report this (large) benchmark process, from which the child is forked.
    """
    code = (
        "import sys,tempfile,pathlib;"
        "from phrasebook import Tagger;from phrasebook.tagging import tag_to_files;"
        "t=Tagger();tag_to_files(sys.argv[1:],tagger=t,matches_to=pathlib.Path(tempfile.mkdtemp())/'m.csv')\n"
        "print(int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])/1024)"
    )
    result = subprocess.run([sys.executable, "-c", code, *map(str, paths)], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def _bare_rows(automaton: ahocorasick_rs.AhoCorasick, text: str) -> list[dict[str, object]]:
    """The bare scan plus one output row per hit, with phrasebook's columns and nothing else."""
    return [
        dict.fromkeys(MATCH_COLUMNS, "") | {"start": start, "end": end, "text": text[start:end], "entry_id": index}
        for index, start, end in automaton.find_matches_as_indexes(text)
    ]


def _long_text(sources: list[Path], target: Path, megabytes: int) -> Path:
    """One plain-text file of about ``megabytes`` MB: the sources repeated (a stand-in for a
    large compilation such as a yearbook)."""
    texts = [source.read_text(encoding="utf-8") for source in sources]
    written = 0
    with target.open("w", encoding="utf-8") as handle:
        while written < megabytes * 1_000_000:
            for text in texts:
                written += handle.write(text + "\n") * 3
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--spacy-docs", type=int, default=600, help="News items given to the (slow) spaCy reference.")
    parser.add_argument("--memory", action="store_true", help="Also measure peak memory on 1 and 3 news years.")
    args = parser.parse_args()

    lexicon = load_lexicon()
    documents = [d for d in read_documents([args.news]) if isinstance(d, Document)]
    texts = [d.text for d in documents]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    surfaces = sorted({s for e in lexicon.entries for s in e.surfaces})
    print(f"input: {args.news.name}, {len(texts)} documents, {megabytes:.1f} MB of UTF-8 text; lexicon {lexicon.version}, {len(surfaces)} surface forms")

    started = time.perf_counter()
    tagger = Tagger(lexicon)
    tagger.matches("预热")
    print(f"build: phrasebook tagger {time.perf_counter() - started:.2f} s")

    automaton = ahocorasick_rs.AhoCorasick(surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    sample = texts[: args.spacy_docs]
    sample_mb = sum(len(t.encode("utf-8")) for t in sample) / 1e6
    nlp, phrase_matcher = _spacy_matcher(surfaces)
    medians, rates = _rounds(
        {
            "bare_automaton_mb_s": (megabytes, lambda: [automaton.find_matches_as_indexes(t) for t in texts]),
            "phrasebook_match_mb_s": (megabytes, lambda: [match_rows(tag_item(tagger, d), lexicon.version) for d in documents]),
            "phrasebook_tag_end_to_end_mb_s": (
                megabytes, lambda: sum(len(match_rows(item, lexicon.version)) for item in tag_corpus([args.news], tagger=tagger))
            ),
            "spacy_jieba_phrasematcher_mb_s": (sample_mb, lambda: [phrase_matcher(nlp(t)) for t in sample]),
            "phrasebook_on_spacy_sample_mb_s": (sample_mb, lambda: [tagger.matches(t) for t in sample]),
            # Floors: what any pipeline that normalises with offsets and emits rows in Python pays.
            "floor_scan_and_rows_mb_s": (megabytes, lambda: [_bare_rows(automaton, t) for t in texts]),
            "floor_normalise_only_mb_s": (megabytes, lambda: [normalize(t) for t in texts]),
        },
        args.repeat,
    )

    def median_ratio(numerator: str, denominator: str) -> float:
        return statistics.median(a / b for a, b in zip(rates[numerator], rates[denominator]))

    figures = dict(medians)
    figures["ratio_phrasebook_vs_spacy"] = median_ratio("phrasebook_on_spacy_sample_mb_s", "spacy_jieba_phrasematcher_mb_s")
    figures["ratio_phrasebook_vs_bare_scan"] = median_ratio("phrasebook_match_mb_s", "bare_automaton_mb_s")
    figures["ratio_end_to_end_vs_bare_scan"] = median_ratio("phrasebook_tag_end_to_end_mb_s", "bare_automaton_mb_s")
    figures["ratio_floor_scan_and_rows_vs_bare_scan"] = median_ratio("floor_scan_and_rows_mb_s", "bare_automaton_mb_s")
    figures["ratio_floor_normalise_vs_bare_scan"] = median_ratio("floor_normalise_only_mb_s", "bare_automaton_mb_s")
    for name, value in figures.items():
        print(f"{name:36s} {value:8.2f}")
    if args.memory:
        years = sorted(args.news.parent.glob("xwlb-20*.jsonl.gz"))[-3:]
        one, three = _peak_rss_mb([args.news]), _peak_rss_mb(years)
        print(f"peak RSS tagging 1 news year: {one:.0f} MB; 3 news years: {three:.0f} MB (ratio {three / one:.2f})")
        figures.update(peak_rss_1_year_mb=one, peak_rss_3_years_mb=three)
        reports = sorted((args.news.parent.parent / "national_gwr").glob("*.txt"))
        with tempfile.TemporaryDirectory() as folder:
            small, large = _long_text(reports, Path(folder) / "small.txt", 40), _long_text(reports, Path(folder) / "large.txt", 120)
            small_rss, large_rss = _peak_rss_mb([small]), _peak_rss_mb([large])
        print(f"peak RSS tagging one 40 MB text file: {small_rss:.0f} MB; one 120 MB file: {large_rss:.0f} MB (ratio {large_rss / small_rss:.2f})")
        figures.update(peak_rss_40mb_file_mb=small_rss, peak_rss_120mb_file_mb=large_rss)
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
