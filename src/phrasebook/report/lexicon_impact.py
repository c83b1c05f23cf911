"""What a lexicon change does to a reference corpus: matches gained and lost per entry,
matches one entry takes from another, designations and engagement events gained and
lost (for ``phrasebook lexicon diff``).

Each lexicon tags the corpus once; what it found (matches with their context, and the
attribution's designations and events) is kept in the user's cache under the lexicon's
content version and the corpus files' sizes and times, so the base side of a diff is
tagged once however often the working tree changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from phrasebook.aggregate.kwic import one_line
from phrasebook.cache import cache_dir
from phrasebook.corpus import Corpus, shared_corpus_dir
from phrasebook.lexicon import Lexicon
from phrasebook.output import AtomicFile
from phrasebook.read.sources import bundled_corpus_dir

MATCH_KEY = ["doc_id", "start", "end", "entry_id"]
IMPACT_MATCH_COLUMNS = [*MATCH_KEY, "text", "family", "left", "right"]
IMPACT_ROLE_COLUMNS = ["doc_id", "start", "end", "province", "role", "region", "wording"]
IMPACT_EVENT_COLUMNS = ["doc_id", "sentence_index", "province", "partner", "type", "sentence"]
WINDOW = 20
"""Characters of context on either side of a match."""


def default_corpus() -> list[Path]:
    """The text files of the reference corpus (../shared/corpus, its news archives aside),
    as the folders that hold them; else the bundled sample corpus."""
    shared = shared_corpus_dir()
    if (shared / "MANIFEST.tsv").exists():
        folders = sorted({path.parent for path in shared.rglob("*.txt")})
        if folders:
            return folders
    return [bundled_corpus_dir()]


@dataclass(frozen=True)
class Findings:
    """What one lexicon finds in the corpus."""

    matches: pd.DataFrame  # IMPACT_MATCH_COLUMNS
    roles: pd.DataFrame | None  # IMPACT_ROLE_COLUMNS, None without attribution
    events: pd.DataFrame | None  # IMPACT_EVENT_COLUMNS
    documents: int
    chars: int
    failures: tuple[str, ...]


def findings(paths: list[Path], lexicon: Lexicon, *, attribution: bool, log: Callable[[str], None] = lambda line: None) -> Findings:
    """What ``lexicon`` finds in ``paths``, from the cache when this lexicon version has
    tagged these files before."""
    from phrasebook.version import __version__

    corpus = Corpus(paths, lexicon=lexicon)
    key = hashlib.sha256(repr((lexicon.version, corpus.fingerprint(), __version__, attribution)).encode()).hexdigest()[:16]
    folder = cache_dir() / "lexicon-diff" / key
    cached = _read(folder, attribution)
    if cached is not None:
        log(f"lexicon {lexicon.version}: findings from the cache ({folder})")
        return cached
    log(f"lexicon {lexicon.version}: tagging {', '.join(map(str, paths))}" + (" and attributing" if attribution else ""))
    rows = [
        (item.doc_id, m.start + item.offset, m.end + item.offset, m.entry_id, m.surface, m.family,
         one_line(item.text[max(0, m.start - WINDOW) : m.start]), one_line(item.text[m.end : m.end + WINDOW]))
        for item in corpus.texts()
        for m in item.matches
    ]
    stats = corpus.run()
    found = Findings(
        matches=pd.DataFrame(rows, columns=IMPACT_MATCH_COLUMNS),
        roles=corpus.roles()[IMPACT_ROLE_COLUMNS] if attribution else None,
        events=corpus.events()[IMPACT_EVENT_COLUMNS] if attribution else None,
        documents=stats.documents,
        chars=stats.chars,
        failures=tuple(stats.failures),
    )
    _write(folder, found)
    return found


def _read(folder: Path, attribution: bool) -> Findings | None:
    try:
        meta = pd.read_json(folder / "meta.json", typ="series")
        return Findings(
            matches=pd.read_parquet(folder / "matches.parquet"),
            roles=pd.read_parquet(folder / "roles.parquet") if attribution else None,
            events=pd.read_parquet(folder / "events.parquet") if attribution else None,
            documents=int(meta["documents"]),
            chars=int(meta["chars"]),
            failures=tuple(meta["failures"]),
        )
    except (OSError, ValueError, KeyError):
        return None


def _write(folder: Path, found: Findings) -> None:
    """Keep the findings (the cache is an optimisation: a folder that cannot be written is skipped)."""
    tables = {"matches": found.matches, "roles": found.roles, "events": found.events}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            if table is not None:
                with AtomicFile(folder / f"{name}.parquet") as temporary:
                    table.to_parquet(temporary, index=False)
        with AtomicFile(folder / "meta.json") as temporary:
            pd.Series({"documents": found.documents, "chars": found.chars, "failures": list(found.failures)}).to_json(temporary, force_ascii=False)
    except OSError:
        pass


@dataclass(frozen=True)
class Impact:
    """The differences between what two lexicons find in one corpus."""

    base: Findings
    new: Findings
    counts: pd.DataFrame  # entry_id, family, base, new, gained, lost, change (relative; inf for a new entry)
    gained: pd.DataFrame  # matches found now and not before (IMPACT_MATCH_COLUMNS)
    lost: pd.DataFrame  # matches found before and not now
    displaced: pd.DataFrame  # lost_entry, by_entry, matches: lost matches now inside a gained match of another entry
    roles_gained: pd.DataFrame | None
    roles_lost: pd.DataFrame | None
    events_gained: pd.DataFrame | None
    events_lost: pd.DataFrame | None


def impact(base: Findings, new: Findings) -> Impact:
    """Compare what ``base`` and ``new`` found in the same corpus."""
    gained, lost = _only_in(new.matches, base.matches, MATCH_KEY), _only_in(base.matches, new.matches, MATCH_KEY)
    counts = pd.DataFrame({
        "base": base.matches.groupby("entry_id").size(), "new": new.matches.groupby("entry_id").size(),
        "gained": gained.groupby("entry_id").size(), "lost": lost.groupby("entry_id").size(),
    }).fillna(0).astype(int)
    counts = counts[(counts["gained"] > 0) | (counts["lost"] > 0)]
    families = pd.concat([base.matches, new.matches]).drop_duplicates("entry_id").set_index("entry_id")["family"]
    counts = counts.assign(family=families.reindex(counts.index), change=(counts["new"] - counts["base"]) / counts["base"].where(counts["base"] > 0))
    counts["change"] = counts["change"].fillna(float("inf"))
    counts = counts.rename_axis("entry_id").reset_index()
    counts = counts.reindex(counts["new"].sub(counts["base"]).abs().sort_values(ascending=False, kind="stable").index).reset_index(drop=True)
    roles = (None, None) if base.roles is None or new.roles is None else (_only_in(new.roles, base.roles, IMPACT_ROLE_COLUMNS), _only_in(base.roles, new.roles, IMPACT_ROLE_COLUMNS))
    events = (None, None) if base.events is None or new.events is None else (
        _only_in(new.events, base.events, IMPACT_EVENT_COLUMNS[:-1]), _only_in(base.events, new.events, IMPACT_EVENT_COLUMNS[:-1])
    )
    return Impact(base, new, counts, gained, lost, _displaced(lost, gained), *roles, *events)


def _only_in(table: pd.DataFrame, other: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Rows of ``table`` whose ``key`` is not in ``other``."""
    merged = table.merge(other[key].drop_duplicates(), on=key, how="left", indicator=True)
    return merged[merged["_merge"] == "left_only"].drop(columns="_merge").reset_index(drop=True)


def _displaced(lost: pd.DataFrame, gained: pd.DataFrame) -> pd.DataFrame:
    """Lost matches that a gained match of another entry now covers, counted by pair."""
    pairs = lost.merge(gained, on="doc_id", suffixes=("", "_by"))
    pairs = pairs[(pairs["start"] < pairs["end_by"]) & (pairs["start_by"] < pairs["end"]) & (pairs["entry_id"] != pairs["entry_id_by"])]
    counted = pairs.groupby(["entry_id", "entry_id_by"]).size().rename("matches").reset_index()
    return counted.rename(columns={"entry_id": "lost_entry", "entry_id_by": "by_entry"}).sort_values("matches", ascending=False, kind="stable").reset_index(drop=True)
