"""The corpus object for notebooks: read and tag once, then ask many questions.

``c = pb.Corpus(paths)`` stores its arguments and does nothing else. The first question
(``c.matches``, ``c.documents``, ``c.roles()``, ``c.track(by=...)`` ...) runs the one pass
of :func:`phrasebook.pipeline.tag_corpus` over the inputs, attributing each document as
it goes; every later question reuses that work. The work is kept for the lexicon version
and the files' sizes and modification times: change a file (or set ``c.lexicon``) and the
next question runs the pass again. The role classifier is fitted once per lexicon
version, on that lexicon's annotations.
"""

from __future__ import annotations

import os
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phrasebook.attribute.attribution import Attribution, attribute
from phrasebook.attribute.engagement_events import engagement_rows
from phrasebook.attribute.roles import SCOPES, THRESHOLD
from phrasebook.attribute.tables import AttributionTables, attribution_tables, designations, document_tags, partner_counts
from phrasebook.errors import PhrasebookWarning, UsageError
from phrasebook.lexicon import Lexicon, load_lexicon
from phrasebook.match.boundaries import Segmenter, as_segmenter
from phrasebook.pipeline import RunStats, TaggedDocument, tag_corpus
from phrasebook.read.sources import find_sources
from phrasebook.schema import code_names, typed
from phrasebook.tables import DOC_COLUMNS, document_meta, document_row
from phrasebook.tagger import Tagger

if TYPE_CHECKING:
    import pandas as pd

    from phrasebook.aggregate.engagements import Engagements

Paths = Iterable[Path | str] | Path | str
Progress = Callable[[TaggedDocument], None]


def shared_corpus_dir() -> Path:
    """The reference corpus beside the repository (``../shared/corpus``), where the tests
    and benchmarks find it too; it may be absent."""
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


def as_paths(paths: Paths) -> list[Path]:
    """One path or many: every function of the library accepts both."""
    return [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]


@dataclass
class CorpusPass:
    """What one pass over the inputs collected."""

    matches: list[tuple] = field(default_factory=list)  # MATCH_KEYS: the rest comes from the entry and the document
    document_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    document_rows: list[dict[str, Any]] = field(default_factory=list)
    attributions: dict[str, list[Attribution]] = field(default_factory=lambda: defaultdict(list))
    items: dict[str, list[TaggedDocument]] = field(default_factory=lambda: defaultdict(list))
    stats: RunStats = field(default_factory=RunStats)
    seconds: float = 0.0
    scored_with: object = None
    tables: AttributionTables | None = None
    stored_texts: Any = None  # the texts table of a store (see phrasebook.store)


class Corpus:
    """Documents read and tagged once; tables and questions from that one pass.

    ``keep_text`` keeps every document's text in memory (for ``kwic``, ``explain`` and
    sentences); ``infer_doc_types`` fills a document type from the model where the
    metadata gives none; ``use_metadata=False`` infers issuer, date and type from the text
    even where metadata gives them; ``date_pattern`` reads the dates of documents that
    have none in their metadata or text from their file names (``gwr-{year}``; see
    :func:`phrasebook.facts.inference.name_pattern`); ``progress`` is called with every tagged item.
    ``attribute=False`` leaves attribution (designations, partners, events) out of the
    pass, for a corpus asked only for matches and documents: it then refuses those
    questions rather than read everything again.
    """

    def __init__(
        self,
        paths: Paths,
        *,
        lexicon: Lexicon | None = None,
        workers: int = 1,
        keep_text: bool = True,
        infer_doc_types: bool = True,
        use_metadata: bool = True,
        date_pattern: str = "",
        overlapping: bool = False,
        segmenter: Segmenter | str = Segmenter.jieba,
        progress: Progress | None = None,
        attribute: bool = True,
    ) -> None:
        self.paths = as_paths(paths)
        _check_exist(self.paths)
        self._lexicon = lexicon
        self.workers = workers
        self.keep_text = keep_text
        self.infer_doc_types = infer_doc_types
        self.use_metadata = use_metadata
        self.date_pattern = date_pattern
        self.overlapping = overlapping
        self.segmenter = as_segmenter(segmenter)
        self.progress = progress
        self.attributes = attribute
        self._pass: tuple[tuple, CorpusPass] | None = None
        self._tagger: Tagger | None = None
        self.role_classifier: Any = None
        """A fitted RoleClassifier to score role candidates with (default: the one fitted on
        the lexicon's annotations)."""
        self.event_classifier: Any = None
        """A fitted EventClassifier to score event candidates with (same default)."""

    def __repr__(self) -> str:
        state = "tagged" if self._pass else "not read yet"
        return f"Corpus({', '.join(map(str, self.paths))}; {state})"

    # -- the lexicon and the pass ------------------------------------------------------

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon()
        return self._lexicon

    @lexicon.setter
    def lexicon(self, lexicon: Lexicon) -> None:
        self._lexicon, self._tagger = lexicon, None

    @property
    def tagger(self) -> Tagger:
        if self._tagger is None or self._tagger.lexicon is not self.lexicon:
            self._tagger = Tagger(self.lexicon, overlapping=self.overlapping, segmenter=self.segmenter)
        return self._tagger

    def run(self) -> RunStats:
        """Read and tag now (otherwise the first question does); return the run's counts."""
        return self._collected().stats

    @property
    def seconds(self) -> float:
        """How long the last pass took."""
        return self._collected().seconds

    def _collected(self) -> CorpusPass:
        key = (self.lexicon.version, self.fingerprint())
        if self._pass is None or self._pass[0] != key:
            self._pass = (key, self._read_and_tag())
        return self._pass[1]

    def fingerprint(self) -> tuple:
        """Path, size and modification time of every input file: what a pass is kept for."""
        return _fingerprint(self.paths)

    def _read_and_tag(self) -> CorpusPass:
        started = time.perf_counter()
        collected = CorpusPass()
        tagger, version = self.tagger, self.lexicon.version
        for item in tag_corpus(
            self.paths, tagger=tagger, workers=self.workers, infer_doc_types=self.infer_doc_types, use_metadata=self.use_metadata,
            date_pattern=self.date_pattern,
        ):
            if item.part == 0 and item.text:
                collected.document_meta[item.doc_id] = {"path": item.info.path, **document_meta(item.info)}
            doc_id, offset = item.doc_id, item.offset
            collected.matches += [
                (doc_id, m.start + offset, m.end + offset, m.surface, m.entry_id, m.via, m.sentence_index) for m in item.matches
            ]
            if item.text and self.attributes and not self.overlapping:
                collected.attributions[item.doc_id].append(attribute(item, self.lexicon))
            if self.keep_text and item.text:
                collected.items[item.doc_id].append(item)
            if item.last:
                collected.document_rows.append(document_row(item.info, version))
            collected.stats.count(item)
            if self.progress is not None:
                self.progress(item)
        collected.seconds = time.perf_counter() - started
        return collected

    # -- tables --------------------------------------------------------------------------

    @property
    def matches(self) -> pd.DataFrame:
        """One row per match (the columns of ``phrasebook tag``), typed."""
        import pandas as pd

        from phrasebook.tables import MATCH_KEYS, entry_table

        collected = self._collected()
        frame = pd.DataFrame(collected.matches, columns=MATCH_KEYS)
        frame = frame.merge(entry_table(self.lexicon), on="entry_id", how="left")
        meta = pd.DataFrame.from_dict(collected.document_meta, orient="index").rename_axis("doc_id").reset_index()
        frame = frame.merge(meta, on="doc_id", how="left") if not meta.empty else frame
        frame["lexicon_version"] = self.lexicon.version
        return typed("matches", frame)

    @property
    def documents(self) -> pd.DataFrame:
        """One row per input: status, size, metadata and inferred facts with their sources."""
        return self._typed("documents", self._document_rows())

    def _document_rows(self) -> pd.DataFrame:
        """The documents' rows as the pass made them (dates as text), before typing."""
        import pandas as pd

        return pd.DataFrame(self._collected().document_rows, columns=DOC_COLUMNS)

    def failures(self) -> list[str]:
        """The reason of every input that could not be read (or was skipped)."""
        return list(self._collected().stats.failures)

    # -- attribution ---------------------------------------------------------------------

    def _scored(self) -> dict[str, list[Attribution]]:
        """The pass's attributions, their role candidates and event candidates scored by
        the classifiers of the lexicon in use (once)."""
        collected = self._collected()
        if self.overlapping:
            raise UsageError("attribution needs leftmost-longest matches: make the corpus without overlapping=True")
        if not self.attributes:
            raise UsageError("this corpus was made with attribute=False: make it without, to ask for designations, partners or events")
        if collected.scored_with is None:
            from phrasebook.attribute.engagement_events import score_pairs
            from phrasebook.attribute.event_model import fitted_classifier as fitted_events
            from phrasebook.attribute.event_model import score_events
            from phrasebook.attribute.fitting import fit_events, fit_roles
            from phrasebook.attribute.pair_model import load_pair_model
            from phrasebook.attribute.role_model import fitted_classifier, score_candidates

            everything = [a for parts in collected.attributions.values() for a in parts]
            roles = self.role_classifier or fitted_classifier(self.tagger, fit=fit_roles)
            score_candidates([c for a in everything for c in a.candidates], roles)
            events = self.event_classifier or fitted_events(self.lexicon, fit=fit_events)
            score_events([e for a in everything for e in a.events], events)
            score_pairs(everything, events, load_pair_model())
            collected.scored_with = roles
        return collected.attributions

    def attribution(self) -> AttributionTables:
        """Everything attribution found, scored, as four tables (role candidates, partner
        mentions, province mentions, event candidates): what a store keeps."""
        collected = self._collected()
        if collected.tables is None:
            collected.tables = attribution_tables(a for parts in self._scored().values() for a in parts)
        return collected.tables

    def roles(self, *, threshold: float = THRESHOLD, candidates: bool = False, scope: str = "province") -> pd.DataFrame:
        """Role designations: which province is designated what role toward where.

        ``scope``: ``province`` (the default) for the province or city itself cast in the
        role, ``facility`` for a port, airport or park in it that has the role, ``all`` for
        both. With ``candidates``, every role candidate (of that scope) with its score, cues
        and whether it passes ``threshold`` (to set your own threshold).
        """
        if scope not in SCOPES:
            raise UsageError(f"scope {scope!r}: choose one of {', '.join(SCOPES)}")
        found = self.attribution().candidates
        if scope != "all":
            found = found[found["scope"] == scope].reset_index(drop=True)
        if not candidates:
            return self._typed("roles", self._dated(designations(found, threshold)))
        found = found.assign(designation=(found["score"] >= threshold) & (found["provinces"].map(len) > 0))
        return self._typed("role_candidates", self._dated(found))

    def _dated(self, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` with its documents' date and date_precision."""
        dates = self._document_rows()[["doc_id", "date", "date_precision"]].drop_duplicates("doc_id")
        return table.drop(columns=["date", "date_precision"], errors="ignore").merge(dates, on="doc_id", how="left")

    def _typed(self, name: str, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` as :mod:`phrasebook.schema` declares table ``name``, codes named."""
        return typed(name, table, code_names(self.lexicon))

    def partners(self) -> pd.DataFrame:
        """Partner countries and regions per document: (doc_id, kind, code, count, first_start)."""
        return self._typed("partners", partner_counts(self.attribution().partner_mentions))

    def docs(self, *, threshold: float = THRESHOLD) -> pd.DataFrame:
        """The documents table with document-level tags: provinces, formulation families,
        designations (province/role/region), partner countries and regions; each a list,
        most frequent first."""
        tags = document_tags(self.attribution(), self.matches, threshold)
        table = self._document_rows()
        for column in ("provinces", "families", "designations", "countries", "regions"):
            table[column] = [tags.get(doc_id, {}).get(column, []) for doc_id in table["doc_id"]]
        return self._typed("docs", table)

    def mention_shares(self) -> pd.DataFrame:
        """Each issuing province's partner countries and regions by MENTIONS (every partner
        named in its documents, engagement or not), with counts and shares."""
        from phrasebook.aggregate.engagements import mention_shares

        issuers = self._document_rows().set_index("doc_id")["issuer"].dropna().astype(str)
        return self._typed("mention_shares", mention_shares(self.partners(), issuers[~issuers.index.duplicated()]))

    def events(self, *, threshold: float = 0.5) -> pd.DataFrame:
        """Engagement events: one row per partner of each sentence that reports a province's
        engagement (doc_id, date, province, partner_kind, partner, type, level, plan, ...)."""
        return self._typed("events", engagement_rows(self.attribution().engagement_pairs, threshold))

    def engagements(
        self, *, date_from: str | None = None, date_to: str | None = None, min_events: int = 10, include_plans: bool = False
    ) -> Engagements:
        """Each province's partners and regions by engagement EVENTS (:class:`Engagements`:
        partner shares, region shares), each share with its count and a 95% Wilson
        interval; a province with fewer than ``min_events`` events is marked ``thin``."""
        from phrasebook.aggregate.engagements import Engagements, engagement_shares

        partners, regions = engagement_shares(
            self.events(), self.lexicon, date_from=date_from, date_to=date_to, min_events=min_events, include_plans=include_plans
        )
        return Engagements(self._typed("engagement_partners", partners), self._typed("engagement_regions", regions))

    def explain(self, doc_id: str | None = None, *, threshold: float = THRESHOLD) -> str:
        """Why: for each role candidate and partner of a document (default: every document),
        the sentence, the cues, the province, the region and the score."""
        from phrasebook.attribute.explain import explain_lines

        attributions = self._scored()
        facts = {row["doc_id"]: row for row in self._collected().document_rows}
        wanted = [doc_id] if doc_id is not None else list(attributions)
        if doc_id is not None and doc_id not in attributions:
            raise UsageError(f"no document {doc_id!r} in this corpus (it has {len(facts)}: see .documents)")
        classifier = self._collected().scored_with
        lines = []
        for name in wanted:
            items = self._collected().items.get(name) or []
            document_facts = items[0].info.facts if items else None
            for candidate in (c for a in attributions[name] for c in a.candidates):
                candidate.contributions = classifier.contributions(candidate.features)
            lines += explain_lines(name, document_facts, attributions[name], threshold=threshold)
        lines += [f"error: {reason}" for reason in self.failures()]
        return "\n".join(lines)

    # -- tracking and reading -------------------------------------------------------------

    def track(
        self,
        *,
        by: str = "year",
        per: int = 10_000,
        families: Iterable[str] = (),
        entries: Iterable[str] = (),
        zeros: bool | None = None,
    ) -> pd.DataFrame:
        """Counts, mentions, document shares and rates per period and entry (see
        :func:`phrasebook.aggregate.track.track`)."""
        return typed("track", self._track(by=by, per=per, families=families, entries=entries, zeros=zeros))

    def _track(self, *, by: str, per: int = 10_000, families: Iterable[str], entries: Iterable[str], zeros: bool | None) -> pd.DataFrame:
        from phrasebook.aggregate.mentions import mention_rows
        from phrasebook.aggregate.track import track

        families, entries = list(families), list(entries)
        self.check_selection(families=families, entries=entries)
        matches = self.matches
        return track(
            matches, self.documents, by=by, per=per, families=families, entries=entries, zeros=zeros,
            mentions=mention_rows(matches, self.lexicon),
        )

    def changes(self, *, by: str = "year", alpha: float = 0.01, families: Iterable[str] = (), entries: Iterable[str] = ()) -> pd.DataFrame:
        """Significant appearances, disappearances, rises and falls between consecutive
        periods (what ``phrasebook track --events`` lists)."""
        from phrasebook.aggregate.track import events

        return typed("changes", events(self._track(by=by, families=families, entries=entries, zeros=True), alpha=alpha))

    def check_selection(self, *, families: Iterable[str] = (), entries: Iterable[str] = ()) -> None:
        """Refuse family or entry ids that the lexicon does not have, with the nearest ones."""
        import difflib

        known = {"family": {e.family for e in self.lexicon.entries}, "entry": {e.id for e in self.lexicon.entries}}
        for kind, given in (("family", families), ("entry", entries)):
            for name in given:
                if name not in known[kind]:
                    close = difflib.get_close_matches(name, sorted(known[kind]), n=3)
                    hint = f"; did you mean {', '.join(close)}?" if close else "; see `phrasebook lexicon list`"
                    raise UsageError(f"unknown {kind} {name!r}{hint}")

    def discover(
        self,
        *,
        by: str = "year",
        sources: Iterable[str] = ("slot", "role", "rising"),
        min_count: int = 3,
        min_docs: int = 2,
        alpha: float = 0.01,
        limit: int | None = 50,
    ) -> pd.DataFrame:
        """Candidates for new lexicon entries, ranked within their source, each with its
        frequency, spread and a line of evidence (see :mod:`phrasebook.discover`)."""
        from phrasebook.discover import discover

        if self.overlapping:
            raise UsageError("discovery needs leftmost-longest matches: make the corpus without overlapping=True")
        items = list(self.texts())
        candidates = [c for parts in self._collected().attributions.values() for a in parts for c in a.candidates]
        return discover(
            items, self.documents, self.lexicon, role_candidates=candidates, by=by, sources=sources,
            min_count=min_count, min_docs=min_docs, alpha=alpha, limit=limit,
        )

    def texts(self) -> Iterable[TaggedDocument]:
        """Every kept tagged item (documents in order, parts of a large one in order)."""
        if not self.keep_text:
            raise UsageError("this corpus keeps no text: make it with keep_text=True")
        return [item for items in self._collected().items.values() for item in items]

    def kwic(self, query: str, *, window: int = 30) -> pd.DataFrame:
        """Keyword-in-context rows for an entry id, a family or a literal string."""
        import pandas as pd

        from phrasebook.aggregate.kwic import KWIC_COLUMNS, kwic_rows

        rows = list(kwic_rows(self.texts(), query, lexicon=self.lexicon, window=window))
        return typed("kwic", pd.DataFrame(rows, columns=KWIC_COLUMNS))

    def sentence(self, doc_id: str, sentence_index: int) -> str:
        """The text of sentence ``sentence_index`` of document ``doc_id`` (as numbered in
        the match table's ``sentence_index``)."""
        for item in self._collected().items.get(doc_id, []):
            if item.sentence_base <= sentence_index < item.sentence_base + len(item.sentences):
                return item.sentence(sentence_index)
        return ""

    def paragraph_start(self, doc_id: str, start: int, length: int = 40) -> str:
        """The first ``length`` characters of the paragraph (line) that holds file offset ``start``."""
        for item in self._collected().items.get(doc_id, []):
            if item.offset <= start <= item.offset + len(item.text):
                local = start - item.offset
                line_start = item.text.rfind("\n", 0, local) + 1
                return item.text[line_start : min(line_start + length, len(item.text))].split("\n")[0]
        return ""

    def size(self) -> int:
        """Characters of every readable document (the base of rates)."""
        return sum(row["chars"] for row in self._collected().document_rows if row["status"] == "ok")


def _check_exist(paths: list[Path]) -> None:
    from phrasebook.errors import InputNotFound
    from phrasebook.read.sources import display_path

    if not paths:
        raise InputNotFound("no input given")
    missing = [display_path(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise InputNotFound(f"no such file or folder: {', '.join(missing)}")


def _fingerprint(paths: list[Path]) -> tuple:
    """Size and modification time of every input file: a change means a new pass."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PhrasebookWarning)
        sources = find_sources(paths)
    stamps = []
    for source in sources:
        try:
            stat = source.file.stat()
            stamps.append((source.path, stat.st_size, stat.st_mtime_ns))
        except OSError:
            stamps.append((source.path, -1, -1))
    return tuple(stamps)
