"""An embedded store (DuckDB, one file, no server): a corpus at rest, so that a re-run tags
only what changed and every question is answered without reading the texts again.

Tables: ``documents`` (one row per input: path, content hash, metadata, status, error),
``texts`` (the documents' text, for kwic and sentences), ``matches``, and the four tables
of attribution (``role_candidates``, ``partner_mentions``, ``province_mentions``,
``event_candidates``, scored); every row carries the lexicon version.

- Incremental: a document whose content hash and lexicon version are already in the store
  with status ``ok`` is not tagged again; a changed document, or any document after a
  change of the lexicon, is tagged again and its rows replaced.
- A mirror of its inputs: after a run, the store holds the documents of that run's
  inputs and no others. A deleted file's rows are removed; a renamed file is removed
  under its old id and stored under its new one; a changed file is tagged again. So
  every answer from ``--db`` equals the answer from the folder itself.
- Resumable: documents are written in batches, each batch in one transaction (its rows are
  deleted and inserted together), so a run killed at any point leaves the store as it was
  after the last whole batch, and the next run finishes the job without duplicates.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from phrasebook.corpus import Corpus, CorpusPass
from phrasebook.errors import OutputError, UsageError
from phrasebook.pipeline import RunStats, TaggedDocument, tag_corpus
from phrasebook.tables import DOC_COLUMNS, MATCH_KEYS, document_row

if TYPE_CHECKING:
    from phrasebook.lexicon import Lexicon
    from phrasebook.tagger import Tagger

FORMAT = "3"
"""The store's layout; documents stored under another are tagged again (format 2 added
engagement pairs, format 3 writes every region id in lower case)."""
BATCH_DOCUMENTS = 500
_VARCHAR_LIST = "VARCHAR[]"
SCHEMA: dict[str, dict[str, str]] = {
    "documents": {
        **dict.fromkeys(DOC_COLUMNS, "VARCHAR"),
        "chars": "BIGINT", "n_matches": "BIGINT", "replaced_bytes": "BIGINT", "year": "INTEGER", "doc_type_confidence": "DOUBLE", "issuer_confidence": "DOUBLE",
    },
    "texts": {"doc_id": "VARCHAR", "part": "INTEGER", "offset": "BIGINT", "text": "VARCHAR", "join_lines": "BOOLEAN", "sentence_base": "BIGINT"},
    "matches": {**dict.fromkeys(MATCH_KEYS, "VARCHAR"), "start": "BIGINT", "end": "BIGINT", "sentence_index": "BIGINT"},
    "role_candidates": {
        "doc_id": "VARCHAR", "province": "VARCHAR", "provinces": _VARCHAR_LIST, "role": "VARCHAR", "region": "VARCHAR", "scope": "VARCHAR",
        "wording": "VARCHAR", "head": "VARCHAR", "sentence": "VARCHAR", "sentence_index": "BIGINT", "start": "BIGINT", "end": "BIGINT",
        "score": "DOUBLE", "method": "VARCHAR", "cues": _VARCHAR_LIST,
    },
    "partner_mentions": {
        "doc_id": "VARCHAR", "kind": "VARCHAR", "code": "VARCHAR", "start": "BIGINT", "end": "BIGINT", "text": "VARCHAR",
        "sentence_index": "BIGINT", "resolved_by": "VARCHAR", "stance": "VARCHAR",
    },
    "province_mentions": {"doc_id": "VARCHAR", "province": "VARCHAR", "via": "VARCHAR"},
    "event_candidates": {
        "doc_id": "VARCHAR", "date": "VARCHAR", "provinces": _VARCHAR_LIST, "province_via": "VARCHAR", "partners": "VARCHAR[][]",
        "level": "VARCHAR", "plan": "BOOLEAN", "sentence_index": "BIGINT", "start": "BIGINT", "end": "BIGINT", "score": "DOUBLE",
        "type": "VARCHAR", "sentence": "VARCHAR",
    },
    "engagement_pairs": {
        "doc_id": "VARCHAR", "actor": "VARCHAR", "partner_kind": "VARCHAR", "partner": "VARCHAR", "partner_name": "VARCHAR",
        "partner_place": "VARCHAR", "sentence_index": "BIGINT", "start": "BIGINT", "end": "BIGINT", "sentence": "VARCHAR",
        "date": "VARCHAR", "date_precision": "VARCHAR", "date_source": "VARCHAR", "level": "VARCHAR", "plan": "BOOLEAN",
        "type": "VARCHAR", "score": "DOUBLE", "national_venue": "BOOLEAN",
    },
}
ATTRIBUTION_TABLES = ("role_candidates", "partner_mentions", "province_mentions", "event_candidates", "engagement_pairs")
LIST_COLUMNS = {"role_candidates": ("provinces", "cues"), "event_candidates": ("provinces", "partners")}


class Store:
    """A DuckDB file holding a corpus; ``with Store(path) as store: ...``."""

    def __init__(self, path: Path | str, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only

    def __enter__(self) -> Store:
        import duckdb

        if self.read_only and not self.path.is_file():
            raise UsageError(f"--db {self.path}: no such store (make one with `phrasebook tag ... --db {self.path}`)")
        try:
            self.connection = duckdb.connect(str(self.path), read_only=self.read_only)
        except duckdb.Error as exc:
            raise OutputError(f"--db {self.path}: cannot open the store ({exc})") from exc
        if not self.read_only:
            self._create()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.connection.close()

    def _create(self) -> None:
        self.stored_format = self._format()
        for table, columns in SCHEMA.items():
            typed = ", ".join(f'"{name}" {kind}' for name, kind in columns.items())
            extra = ', "lexicon_version" VARCHAR' if "lexicon_version" not in columns else ""
            self.connection.execute(f"CREATE TABLE IF NOT EXISTS {table} ({typed}{extra})")
            for name, kind in columns.items():  # a store made by an earlier release lacks the newer columns
                self.connection.execute(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{name}" {kind}')
        self.connection.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", [FORMAT])

    # -- what is there -------------------------------------------------------------------------

    def _format(self) -> str | None:
        import duckdb

        try:
            found = self.connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except duckdb.CatalogException:  # a new file has no meta table yet
            return None
        return found[0] if found else None

    def current(self) -> dict[str, tuple[str, str]]:
        """doc_id → (content hash, lexicon version) of every document stored with status ok
        (none from a store of an earlier format: every document is tagged again)."""
        if getattr(self, "stored_format", FORMAT) not in (None, FORMAT):
            return {}
        rows = self.connection.execute("SELECT doc_id, content_hash, lexicon_version FROM documents WHERE status = 'ok'").fetchall()
        return {doc_id: (digest or "", version or "") for doc_id, digest, version in rows}

    def table(self, name: str) -> pd.DataFrame:
        """One table of the store, lists as lists."""
        if name not in SCHEMA:
            raise UsageError(f"no table {name!r} in a store; tables: {', '.join(SCHEMA)}")
        frame = self.connection.execute(f"SELECT * FROM {name}").df()
        for column in LIST_COLUMNS.get(name, ()):
            frame[column] = frame[column].map(_as_lists)
        return frame

    def lexicon_versions(self) -> list[str]:
        rows = self.connection.execute("SELECT DISTINCT lexicon_version FROM documents WHERE lexicon_version IS NOT NULL").fetchall()
        return sorted(version for (version,) in rows)

    # -- writing -----------------------------------------------------------------------------

    def keep_only(self, doc_ids: set[str]) -> int:
        """Remove, in one transaction, every document not in ``doc_ids``; how many were removed."""
        stored = {doc_id for (doc_id,) in self.connection.execute("SELECT DISTINCT doc_id FROM documents").fetchall()}
        gone = sorted(stored - doc_ids)
        if gone:
            self.replace(gone, {})
        return len(gone)

    def replace(self, doc_ids: list[str], frames: dict[str, pd.DataFrame]) -> None:
        """In one transaction: delete every row of ``doc_ids`` and insert ``frames``."""
        connection = self.connection
        connection.execute("BEGIN TRANSACTION")
        try:
            ids = pd.DataFrame({"doc_id": doc_ids})
            connection.register("replaced", ids)
            for table in SCHEMA:
                connection.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM replaced)")
            for table, frame in frames.items():
                if frame.empty:
                    continue
                columns = [*SCHEMA[table], *(["lexicon_version"] if "lexicon_version" not in SCHEMA[table] else [])]
                connection.register("batch", frame.reindex(columns=columns))
                names = ", ".join(f'"{c}"' for c in columns)
                connection.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM batch")
                connection.unregister("batch")
            connection.unregister("replaced")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _as_lists(value: Any) -> list:
    if value is None:
        return []
    return [_as_lists(v) if hasattr(v, "__len__") and not isinstance(v, str) else v for v in value]


@dataclass
class StoreRun:
    """What a run into a store did; ``removed``: documents no longer among the inputs."""

    stats: RunStats
    seconds: float
    removed: int = 0


def tag_to_store(
    paths: Iterable[Path | str],
    *,
    db: Path,
    tagger: Tagger,
    workers: int = 1,
    infer_doc_types: bool = True,
    progress: Callable[[TaggedDocument], None] | None = None,
    batch: int = BATCH_DOCUMENTS,
) -> StoreRun:
    """Tag what the store lacks (see the module docstring) and store it with its attribution."""
    started = time.perf_counter()
    version = tagger.lexicon.version
    stats = RunStats()
    with Store(db) as store:
        current = store.current()

        def unchanged(doc_id: str, digest: str) -> bool:
            return bool(digest) and current.get(doc_id) == (digest, version)

        pending: list[TaggedDocument] = []
        finished: list[str] = []
        seen: set[str] = set()
        for item in tag_corpus(paths, tagger=tagger, workers=workers, infer_doc_types=infer_doc_types, skip=unchanged):
            seen.add(item.doc_id)
            stats.count(item)
            if progress is not None:
                progress(item)
            if item.info.status == "unchanged":
                continue
            pending.append(item)
            if item.last:
                finished.append(item.doc_id)
                if len(finished) >= batch:
                    _write(store, pending, version, tagger)
                    pending, finished = [], []
        if pending:
            _write(store, pending, version, tagger)
        removed = store.keep_only(seen)
    return StoreRun(stats, time.perf_counter() - started, removed)


def _write(store: Store, items: list[TaggedDocument], version: str, tagger: Tagger) -> None:
    """Attribute, score and store one batch of whole documents in one transaction. (The
    classifiers are loaded here, not before the pass: a re-run with nothing to tag never
    needs them.)"""
    from phrasebook.attribute.attribution import attribute
    from phrasebook.attribute.engagement_events import score_pairs
    from phrasebook.attribute.event_model import fitted_classifier as fitted_events
    from phrasebook.attribute.event_model import score_events
    from phrasebook.attribute.fitting import fit_events, fit_roles
    from phrasebook.attribute.pair_model import load_pair_model
    from phrasebook.attribute.role_model import fitted_classifier, score_candidates
    from phrasebook.attribute.tables import attribution_tables

    attributions = [attribute(item, tagger.lexicon) for item in items if item.text]
    score_candidates([c for a in attributions for c in a.candidates], fitted_classifier(tagger, fit=fit_roles))
    events = fitted_events(tagger.lexicon, fit=fit_events)
    score_events([e for a in attributions for e in a.events], events)
    score_pairs(attributions, events, load_pair_model())
    tables = attribution_tables(attributions)
    documents = pd.DataFrame([document_row(item.info, version) for item in items if item.last], columns=DOC_COLUMNS)
    texts = pd.DataFrame(
        [
            {"doc_id": i.doc_id, "part": i.part, "offset": i.offset, "text": i.text, "join_lines": i.info.join_lines, "sentence_base": i.sentence_base}
            for i in items if i.text
        ],
        columns=list(SCHEMA["texts"]),
    )
    matches = pd.DataFrame(
        [(i.doc_id, m.start + i.offset, m.end + i.offset, m.surface, m.entry_id, m.via, m.sentence_index) for i in items for m in i.matches],
        columns=MATCH_KEYS,
    )
    frames = {"documents": documents, "texts": texts, "matches": matches, **{name: getattr(tables, _FIELD[name]) for name in ATTRIBUTION_TABLES}}
    for frame in frames.values():
        frame["lexicon_version"] = version
    store.replace(list(dict.fromkeys(item.doc_id for item in items)), frames)


_FIELD = {
    "role_candidates": "candidates", "partner_mentions": "partner_mentions", "province_mentions": "province_mentions",
    "event_candidates": "event_candidates", "engagement_pairs": "engagement_pairs",
}


def export(*, db: Path, table: str, output: Path) -> int:
    """Write one table of the store to ``output`` (.parquet, .csv or .jsonl); its row count."""
    from phrasebook.output import TABLE_FORMATS, check_outputs, write_table

    check_outputs([("-o", output, TABLE_FORMATS)], inputs=[db])
    with Store(db, read_only=True) as store:
        frame = store.table(table)
    write_table(frame, output)
    return len(frame)


def open_corpus(db: Path | str, *, lexicon: Lexicon | None = None) -> StoredCorpus:
    """A corpus answered from a store (``phrasebook tag ... --db``), without reading texts again."""
    return StoredCorpus(db, lexicon=lexicon)


class StoredCorpus(Corpus):
    """A :class:`phrasebook.Corpus` whose one pass is a read of a store: every question
    is answered from the stored tables, kwic and sentences from the stored texts."""

    def __init__(self, db: Path | str, *, lexicon=None) -> None:
        self.db = Path(db)
        with Store(self.db, read_only=True):
            pass  # a missing store is refused now, not at the first question
        super().__init__(self.db, lexicon=lexicon)

    def __repr__(self) -> str:
        return f"open_corpus({str(self.db)!r})"

    def fingerprint(self) -> tuple:
        stat = self.db.stat()
        return (str(self.db), stat.st_size, stat.st_mtime_ns)

    def _read_and_tag(self) -> CorpusPass:
        import warnings

        from phrasebook.attribute.tables import AttributionTables
        from phrasebook.errors import PhrasebookWarning

        started = time.perf_counter()
        collected = CorpusPass()
        with Store(self.db, read_only=True) as store:
            versions = store.lexicon_versions()
            if versions and versions != [self.lexicon.version]:
                warnings.warn(
                    f"{self.db} was tagged with lexicon {', '.join(versions)}, not {self.lexicon.version}: "
                    "tag it again with this lexicon (`phrasebook tag ... --db`) for answers that agree with it",
                    PhrasebookWarning,
                    stacklevel=3,
                )
            documents = store.table("documents")
            collected.document_rows = [_plain(row) for row in documents.drop(columns="lexicon_version").to_dict("records")]
            matches = store.table("matches")
            collected.matches = list(matches[MATCH_KEYS].itertuples(index=False, name=None))
            collected.document_meta = {
                row["doc_id"]: {key: row.get(key) for key in ("path", "title", "date", "year", "doc_type", "series", "issuer")}
                for row in collected.document_rows if row["status"] == "ok"
            }
            collected.tables = AttributionTables(*(store.table(name).drop(columns="lexicon_version") for name in ATTRIBUTION_TABLES))
            collected.stored_texts = store.table("texts")
        collected.scored_with = "store"
        for row in collected.document_rows:
            collected.stats.documents += row["status"] == "ok"
            collected.stats.failed += row["status"] == "error"
            collected.stats.skipped += row["status"] == "skipped"
            collected.stats.chars += int(row["chars"] or 0)
            collected.stats.matches += int(row["n_matches"] or 0)
        collected.seconds = time.perf_counter() - started
        return collected

    def texts(self):
        """The stored texts as tagged items (their matches from the store)."""
        collected = self._collected()
        if not collected.items:
            collected.items = _stored_items(collected, self.tagger)
        return [item for items in collected.items.values() for item in items]

    def sentence(self, doc_id: str, sentence_index: int) -> str:
        self.texts()
        return super().sentence(doc_id, sentence_index)

    def explain(self, doc_id=None, *, threshold=0.5) -> str:
        raise UsageError("explain reads the files again: run it on the files rather than on the store")

    def discover(self, **options):
        raise UsageError("discover reads the role phrases of a fresh pass: run it on the files rather than on the store")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A stored documents row with missing values as None."""
    return {key: (None if value is None or value != value else value) for key, value in row.items()}


def _stored_items(collected: Any, tagger: Tagger) -> dict[str, list[TaggedDocument]]:
    """Tagged items rebuilt from the stored texts and matches (normalised again: cheap)."""
    from collections import defaultdict

    from phrasebook.facts.inference import DocumentFacts
    from phrasebook.normalize import normalize
    from phrasebook.pipeline import DocumentInfo
    from phrasebook.tagger import TextMatch

    fields = {e.id: (e.kind, e.family, e.canonical, e.role or "", "|".join(e.refers_to)) for e in tagger.lexicon.entries}
    rows = {row["doc_id"]: row for row in collected.document_rows}
    by_doc: dict[str, list[tuple]] = defaultdict(list)
    for match in collected.matches:
        by_doc[match[0]].append(match)
    items: dict[str, list[TaggedDocument]] = defaultdict(list)
    texts = collected.stored_texts.sort_values(["doc_id", "part"])
    for text_row in texts.to_dict("records"):
        doc_id, offset, text = text_row["doc_id"], int(text_row["offset"]), text_row["text"]
        row = rows.get(doc_id, {})
        facts = DocumentFacts(row.get("date") or "", row.get("date_source") or "", row.get("issuer") or "", row.get("issuer_source") or "", row.get("issuer_confidence") or 0.0)
        info = DocumentInfo(doc_id, row.get("path") or "", row.get("encoding") or "", {}, facts=facts)
        end = offset + len(text)
        matches = [
            TextMatch(start - offset, stop - offset, surface, entry_id, *fields.get(entry_id, ("", "", "", "", "")), via, sentence)
            for _, start, stop, surface, entry_id, via, sentence in by_doc.get(doc_id, []) if offset <= start < end
        ]
        join = text_row["join_lines"]
        normalized = normalize(text, None if join is None or join != join else bool(join))
        items[doc_id].append(TaggedDocument(info, text, offset, normalized, matches, int(text_row["sentence_base"]), int(text_row["part"])))
    return items
