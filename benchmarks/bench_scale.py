"""Scale: every engine on the same extracted text, workers, a 1 GB input, a lexicon ten
times its size, and the store's incremental re-run; figures and ratios from one run.

    python benchmarks/bench_scale.py [--repeat 5] [--parts engines,workers,lexicon,store,large]

- engines: news of one year (``--news``) with its HTML turned into text once, written as a
  ``.jsonl.gz`` of extracted text that every engine reads: ``pb.tag`` end to end (gzip,
  JSON, normalising, matching, rows), phrasebook's matching alone, its matcher alone on
  normalised text (the compiled scan with its vetoes and choice), a bare Aho-Corasick scan
  of the same forms, the floor of gzip + JSON + OpenCC + scan, jieba segmentation alone,
  spaCy's blank Chinese pipeline with jieba and a PhraseMatcher (on a sample: it is slow),
  and HTML to text against lexbor's own parse and ``text()``.
- workers: ``tag`` to Parquet of three news years with 1 and with 2 worker processes
  (fresh processes, start-up included); the news of one year (``--news``) tagged to
  Parquet in this process, the tagger loaded once, with 1 and 2 workers, and against it
  the machine's own ceiling: two independent one-worker runs at once.
- lexicon: matching with the real lexicon and with one padded to ten times as many forms
  with real four-character words from jieba's dictionary.
- store: ``tag --db`` of the whole news corpus, then again with nothing changed.
- large: a 1 GB JSON Lines file of real texts (news and reports, repeated under new ids)
  with 1 and 2 workers, and a 1 GB plain-text file; throughput and the peak memory of
  the whole process tree, sampled.

Machines are shared and noisy: the engines of a part run in turn, once per round, for
``--repeat`` rounds; each rate is the median over the rounds and each ratio the median
of the ratios within a round.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import ahocorasick_rs

from phrasebook import Tagger, load_lexicon
from phrasebook.lexicon.model import Entry, Lexicon, Origin
from phrasebook.lexicon.schema import ContextRules
from phrasebook.match.boundaries import clear_caches
from phrasebook.match.matcher import Matcher
from phrasebook.normalize import normalize
from phrasebook.pipeline import tag_corpus, tag_item
from phrasebook.read import Document, read_documents
from phrasebook.read.html import html_to_text
from phrasebook.tables import match_rows

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "corpus" / "xwlb"
REPORTS = ROOT.parent / "shared" / "corpus"
PARTS = ("engines", "workers", "lexicon", "store", "large")


def seconds(run: Callable[[], object]) -> float:
    clear_caches()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def rounds(engines: dict[str, tuple[float, Callable[[], object]]], repeat: int) -> dict[str, list[float]]:
    """MB/s of every engine in every round; the engines run in turn within a round."""
    rates: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(repeat):
        for name, (megabytes, run) in engines.items():
            rates[name].append(megabytes / seconds(run))
    return rates


def report(rates: dict[str, list[float]], ratios: list[tuple[str, str]]) -> dict[str, float]:
    figures = {name: statistics.median(values) for name, values in rates.items()}
    for numerator, denominator in ratios:
        figures[f"{numerator} / {denominator}"] = statistics.median(a / b for a, b in zip(rates[numerator], rates[denominator]))
    for name, value in figures.items():
        print(f"  {name:60s} {value:9.3f}")
    return figures


def utf8_mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def extracted_news(news: Path, folder: Path) -> tuple[Path, list[dict[str, str]], list[str]]:
    """The news file with its HTML turned into text once: (file, records, HTML bodies)."""
    records, bodies = [], []
    with gzip.open(news, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            bodies.append(record.pop("html"))
            record["text"] = html_to_text(bodies[-1])
            records.append(record)
    target = folder / f"{news.name.split('.')[0]}-text.jsonl.gz"
    with gzip.open(target, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target, records, bodies


def engines_part(lexicon: Lexicon, news: Path, folder: Path, repeat: int, spacy_docs: int) -> dict[str, float]:
    import jieba
    import opencc
    import spacy
    from selectolax.lexbor import LexborHTMLParser
    from spacy.matcher import PhraseMatcher

    import phrasebook as pb

    source, records, bodies = extracted_news(news, folder)
    texts = [r["text"] for r in records]
    megabytes, html_mb = utf8_mb(texts), utf8_mb(bodies)
    surfaces = sorted({s for e in lexicon.entries for s in e.surfaces})
    print(f"engines: {source.name}, {len(texts)} items, {megabytes:.1f} MB of extracted text ({html_mb:.1f} MB of HTML); {len(surfaces)} forms")
    tagger = Tagger(lexicon)
    tagger.matches("预热")
    documents = [d for d in read_documents([source]) if isinstance(d, Document)]
    matcher = Matcher(lexicon)
    normalized = [normalize(t).text for t in texts]
    automaton = ahocorasick_rs.AhoCorasick(surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    converter = opencc.OpenCC("t2s")
    jieba.initialize()
    sample = texts[:spacy_docs]
    sample_mb = utf8_mb(sample)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    phrase_matcher = PhraseMatcher(nlp.vocab)
    phrase_matcher.add("lexicon", [nlp.make_doc(s) for s in surfaces])

    def floor() -> None:
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            for line in handle:
                automaton.find_matches_as_indexes(converter.convert(json.loads(line)["text"]))

    def lexbor_alone() -> None:
        for body in bodies:
            node = LexborHTMLParser(body).body
            if node is not None:
                node.text()

    rates = rounds(
        {
            "pb.tag end to end (.jsonl.gz of text)": (megabytes, lambda: pb.tag(source, lexicon=lexicon)),
            "tag_corpus + rows end to end": (megabytes, lambda: [match_rows(i, "v") for i in tag_corpus([source], tagger=tagger)]),
            "matching alone": (megabytes, lambda: [match_rows(tag_item(tagger, d), "v") for d in documents]),
            "matcher alone on normalised text (compiled scan, vetoes, choice)": (megabytes, lambda: [matcher.spans(t) for t in normalized]),
            "bare scan": (megabytes, lambda: [automaton.find_matches_as_indexes(t) for t in texts]),
            "floor: gzip + JSON + OpenCC + scan": (megabytes, floor),
            "html to text (MB of HTML)": (html_mb, lambda: [html_to_text(b) for b in bodies]),
            "lexbor parse + text() alone (MB of HTML)": (html_mb, lexbor_alone),
            "jieba segmentation alone (sample)": (sample_mb, lambda: [jieba.lcut(t) for t in sample]),
            "spaCy + jieba + PhraseMatcher (sample)": (sample_mb, lambda: [phrase_matcher(nlp(t)) for t in sample]),
            "phrasebook matching (sample)": (sample_mb, lambda: [tagger.matches(t) for t in sample]),
        },
        repeat,
    )
    return report(
        rates,
        [
            ("pb.tag end to end (.jsonl.gz of text)", "spaCy + jieba + PhraseMatcher (sample)"),
            ("tag_corpus + rows end to end", "spaCy + jieba + PhraseMatcher (sample)"),
            ("phrasebook matching (sample)", "spaCy + jieba + PhraseMatcher (sample)"),
            ("pb.tag end to end (.jsonl.gz of text)", "bare scan"),
            ("tag_corpus + rows end to end", "bare scan"),
            ("matching alone", "bare scan"),
            ("matcher alone on normalised text (compiled scan, vetoes, choice)", "bare scan"),
            ("floor: gzip + JSON + OpenCC + scan", "bare scan"),
            ("html to text (MB of HTML)", "lexbor parse + text() alone (MB of HTML)"),
        ],
    )


def tag_run(paths: list[Path], output: Path, workers: int, db: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, the whole process tree, sampled every 50 ms) of a
    fresh ``phrasebook tag`` process."""
    import psutil

    command = [str(Path(sys.executable).with_name("phrasebook")), "tag", *map(str, paths), "--workers", str(workers)]
    command += ["--db", str(db)] if db else ["-o", str(output)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    watched = psutil.Process(process.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                tree = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree) / 1e6)
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return elapsed, peak


def workers_part(folder: Path, repeat: int) -> dict[str, float]:
    years = sorted(NEWS.glob("xwlb-20*.jsonl.gz"))[-4:-1]
    megabytes = sum(utf8_mb([d.text]) for d in read_documents(years) if isinstance(d, Document))
    print(f"workers: tag to Parquet of {', '.join(p.name for p in years)} ({megabytes:.1f} MB of text), fresh processes")
    rates: dict[str, list[float]] = {"1 worker": [], "2 workers": []}
    memory: dict[str, list[float]] = {"1 worker": [], "2 workers": []}
    for _ in range(repeat):
        for workers, name in ((1, "1 worker"), (2, "2 workers")):
            elapsed, peak = tag_run(years, folder / f"w{workers}.parquet", workers)
            rates[name].append(megabytes / elapsed)
            memory[name].append(peak)
    figures = report(rates, [("2 workers", "1 worker")])
    for name, values in memory.items():
        print(f"  peak memory, {name:50s} {statistics.median(values):9.0f} MB")
    return figures


def year_workers_part(lexicon: Lexicon, news: Path, folder: Path, repeat: int) -> dict[str, float]:
    """One news year tagged to Parquet in this process (start-up not counted) with 1 and 2
    workers; two independent one-worker runs at once say how far this machine's two cores
    go together."""
    from multiprocessing import get_context

    from phrasebook.tagging import tag_to_files

    tagger = Tagger(lexicon)
    megabytes = sum(utf8_mb([d.text]) for d in read_documents([news]) if isinstance(d, Document))
    print(f"workers, in this process: tag to Parquet of {news.name} ({megabytes:.1f} MB of text)")

    def tag(workers: int, name: str) -> Callable[[], object]:
        return lambda: tag_to_files([news], tagger=tagger, matches_to=folder / f"{name}.parquet", workers=workers)

    def two_at_once() -> None:
        runs = [get_context("fork").Process(target=tag(1, f"alone-{i}")) for i in range(2)]
        for run in runs:
            run.start()
        for run in runs:
            run.join()
        if any(run.exitcode for run in runs):
            raise SystemExit("a one-worker run of the pair failed")

    tag(1, "warm")()
    engines = {"1 worker": (megabytes, tag(1, "one")), "2 workers": (megabytes, tag(2, "two")), "two 1-worker runs at once": (2 * megabytes, two_at_once)}
    return report(rounds(engines, repeat), [("2 workers", "1 worker"), ("two 1-worker runs at once", "1 worker")])


def padded(lexicon: Lexicon, factor: int) -> Lexicon:
    """The lexicon with real four-character words of jieba's dictionary (most frequent
    first) added as entries, until it has ``factor`` times as many forms."""
    known = {s for e in lexicon.entries for s in e.surfaces}
    lines = (resources.files("jieba") / "dict.txt").read_text(encoding="utf-8").splitlines()
    words = sorted((line.split() for line in lines), key=lambda parts: -int(parts[1]))
    wanted = len(known) * (factor - 1)
    extra = [w[0] for w in words if len(w[0]) == 4 and w[0] not in known][:wanted]
    origin = Origin(Path("padding"), 0)
    entries = tuple(
        Entry(id=f"padding_{i}", kind="formulation", canonical=word, en="", family="padding", surfaces=(word,), rules=ContextRules(), origin=origin)
        for i, word in enumerate(extra)
    )
    return dataclasses.replace(lexicon, entries=lexicon.entries + entries, version=f"{lexicon.version}-x{factor}")


def lexicon_part(lexicon: Lexicon, news: Path, repeat: int) -> dict[str, float]:
    documents = [d for d in read_documents([news]) if isinstance(d, Document)]
    megabytes = utf8_mb([d.text for d in documents])
    big = padded(lexicon, 10)
    taggers = {}
    for name, lex in (("real lexicon", lexicon), ("lexicon x10", big)):
        started = time.perf_counter()
        taggers[name] = Tagger(lex)
        forms = len({s for e in lex.entries for s in e.surfaces})
        print(f"lexicon: {name}: {forms} forms, tagger built in {time.perf_counter() - started:.2f} s")
    rates = rounds({name: (megabytes, lambda t=t: [match_rows(tag_item(t, d), "v") for d in documents]) for name, t in taggers.items()}, repeat)
    counts = {name: sum(len(tag_item(t, d).matches) for d in documents[:500]) for name, t in taggers.items()}
    print(f"  matches in the first 500 items: {counts}")
    return report(rates, [("lexicon x10", "real lexicon")])


def store_part(folder: Path) -> dict[str, float]:
    """The whole news corpus into a store, then again with nothing changed (fresh processes)."""
    print(f"store: tag --db of {NEWS} (every year), then again")
    db = folder / "news.duckdb"
    first, _ = tag_run([NEWS], folder / "unused.csv", 1, db=db)
    again, _ = tag_run([NEWS], folder / "unused.csv", 1, db=db)
    figures = {"store first run s": first, "store re-run, nothing changed, s": again, "first / re-run": first / again}
    for name, value in figures.items():
        print(f"  {name:60s} {value:9.2f}")
    return figures


def large_inputs(folder: Path, gigabytes: float) -> tuple[Path, Path]:
    """A JSON Lines file and a plain-text file of about ``gigabytes`` GB of real texts."""
    texts = [d.text for d in read_documents(sorted(NEWS.glob("*.jsonl.gz"))) if isinstance(d, Document)]
    texts += [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*/*.txt"))]
    target = int(gigabytes * 1e9)
    jsonl, plain = folder / "large.jsonl", folder / "large.txt"
    written = copy = 0
    with jsonl.open("w", encoding="utf-8") as records, plain.open("w", encoding="utf-8") as text:
        while written < target:
            for index, body in enumerate(texts):
                line = json.dumps({"id": f"copy{copy}-{index}", "text": body}, ensure_ascii=False)
                records.write(line + "\n")
                text.write(body + "\n")
                written += len(body.encode("utf-8"))
                if written >= target:
                    break
            copy += 1
    return jsonl, plain


def large_part(folder: Path, gigabytes: float) -> dict[str, float]:
    jsonl, plain = large_inputs(folder, gigabytes)
    megabytes = plain.stat().st_size / 1e6
    print(f"large: {megabytes:.0f} MB of text, as JSON Lines and as one plain-text file; fresh processes, output CSV")
    figures = {}
    for name, path, workers in (("jsonl, 1 worker", jsonl, 1), ("jsonl, 2 workers", jsonl, 2), ("one text file", plain, 1)):
        elapsed, peak = tag_run([path], folder / "large.csv", workers)
        figures[f"{name}: MB/s"] = megabytes / elapsed
        figures[f"{name}: peak memory MB"] = peak
    figures["2 workers / 1 worker"] = figures["jsonl, 2 workers: MB/s"] / figures["jsonl, 1 worker: MB/s"]
    for name, value in figures.items():
        print(f"  {name:60s} {value:9.2f}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--news", type=Path, default=NEWS / "xwlb-2024.jsonl.gz")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--spacy-docs", type=int, default=400)
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--parts", default=",".join(PARTS), help=f"Any of {', '.join(PARTS)}, comma-separated.")
    args = parser.parse_args()
    parts = args.parts.split(",")
    print(f"{time.strftime('%Y-%m-%d %H:%M')} on {platform.node()}: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    lexicon = load_lexicon()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if "engines" in parts:
            results["engines"] = engines_part(lexicon, args.news, folder, args.repeat, args.spacy_docs)
        if "workers" in parts:
            results["workers"] = workers_part(folder, args.repeat)
            results["workers, in this process"] = year_workers_part(lexicon, args.news, folder, args.repeat)
        if "lexicon" in parts:
            results["lexicon"] = lexicon_part(lexicon, args.news, args.repeat)
        if "store" in parts:
            results["store"] = store_part(folder)
        if "large" in parts:
            results["large"] = large_part(folder, args.gigabytes)
    print(json.dumps({part: {k: round(v, 3) for k, v in figures.items()} for part, figures in results.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
