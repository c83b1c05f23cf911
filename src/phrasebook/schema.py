"""Every table phrasebook gives: its columns, the kind of each and what it means.

This is the one place that says what a column is. The library's tables take their
types from here (:func:`typed`), the docs' column reference is written from here
(:func:`column_reference`), and so are the Parquet types of written tables. One dtype
per kind of column, everywhere:

- text and codes: pandas ``string``;
- integers (counts, years, offsets): ``Int64``;
- numbers (rates, shares, scores): ``Float64``;
- dates: ``datetime64`` (the start of the period; ``date_precision`` says whether the
  date names a day, a month or a year);
- flags: ``boolean``;
- lists: Python lists.

A table with a province, region or partner code has its Chinese and English names beside
it (``province_name``, ``province_name_en``; a partner's or a region's likewise), filled
by :func:`typed` from the lexicon's names (:func:`code_names`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from phrasebook.lexicon import Lexicon

ColumnKind = Literal["text", "integer", "number", "date", "flag", "list"]
DTYPES: dict[ColumnKind, str] = {
    "text": "string", "integer": "Int64", "number": "Float64", "date": "datetime64[us]", "flag": "boolean", "list": "object",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    meaning: str


@dataclass(frozen=True)
class Table:
    """A table's columns in order, where it comes from and what one row is."""

    name: str
    row: str
    source: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, kind: ColumnKind, meaning: str) -> Column:
    return Column(name, kind, meaning)


_DOC_ID = _c("doc_id", "text", "The document's id: its path under the input folder, without `.txt` / `.jsonl`.")
_PATH = _c("path", "text", "The file the document was read from.")
_START = _c("start", "integer", "Character offset of the first character, in the whole decoded file.")
_END = _c("end", "integer", "Character offset after the last character.")
_SENTENCE_INDEX = _c("sentence_index", "integer", "The sentence's number in its document, from 0.")
_SENTENCE = _c("sentence", "text", "The sentence, as written.")
_LEXICON_VERSION = _c("lexicon_version", "text", "The content hash of the lexicon that made the row.")
_DATE = _c("date", "date", "The date (the start of the period it names).")
_DATE_PRECISION = _c("date_precision", "text", "What the date names: `day`, `month` or `year`.")
_DATE_SOURCE = _c("date_source", "text", "Where the date comes from: `manifest`, `text`, `filename`, `sentence`, `document`.")
_PROVINCE = _c("province", "text", "Province code (ISO 3166-2:CN, `CN-YN`).")
_PROVINCE_NAMES = (
    _c("province_name", "text", "The province's Chinese name (云南省)."),
    _c("province_name_en", "text", "The province's English name (Yunnan)."),
)
_REGION_NAMES = (
    _c("region_name", "text", "The region's Chinese name (东南亚); for a direction, 向西 and so on."),
    _c("region_name_en", "text", "The region's English name (Southeast Asia)."),
)
_PARTNER_NAME_EN = _c("partner_name_en", "text", "The partner's English name (Vietnam, ASEAN).")
_META = (
    _c("title", "text", "The document's title (manifest or metadata)."),
    _DATE,
    _c("year", "integer", "The document's year."),
    _c("doc_type", "text", "The kind of document: `gwr`, `fyp`, `congress`, `news`, ..."),
    _c("series", "text", "The series the document belongs to (manifest)."),
    _c("issuer", "text", "Who issued the document: a province code, or `CN` for the centre."),
)
_SHARE = (
    _c("events", "integer", "Engagement events of the province with this partner."),
    _c("province_events", "integer", "All engagement events of the province."),
    _c("share", "number", "events / province_events."),
    _c("share_low", "number", "Lower bound of the 95% Wilson interval of the share."),
    _c("share_high", "number", "Upper bound of the 95% Wilson interval of the share."),
)
_THIN = _c("thin", "flag", "The province has fewer events than `min_events`: read its shares with care.")

_DESIGNATION = (
    _DOC_ID, _DATE, _DATE_PRECISION, _PROVINCE, *_PROVINCE_NAMES,
    _c("role", "text", "The role class: hub, channel, gateway, highland, bridgehead, radiation_centre, ..."),
    _c("region", "text", "The region the role faces (a region id or a direction), if the text names one."),
    *_REGION_NAMES,
    _c("scope", "text", "`province` (the province is cast in the role) or `facility` (a port or park in it)."),
    _c("wording", "text", "The designation phrase, as written (面向南亚东南亚辐射中心)."),
)
"""What a designation and a role candidate say: who is cast in what role toward where, and when."""

_ENTRY = (
    _c("entry_id", "text", "The lexicon entry."),
    _c("canonical", "text", "Its canonical wording."),
    _c("family", "text", "Its family."),
)


def _difference(first: str, first_name: str, second: str, second_name: str) -> tuple[Column, ...]:
    """The columns of a frequency difference between two sides, with its G² test."""
    return (
        _c(f"count_{first}", "integer", f"Matches in {first_name}."),
        _c(f"count_{second}", "integer", f"Matches in {second_name}."),
        _c(f"per_10k_{first}", "number", f"Rate in {first_name}."),
        _c(f"per_10k_{second}", "number", f"Rate in {second_name}."),
        _c("g2", "number", "Log-likelihood (G²) of the difference."),
        _c("p_value", "number", "Its p-value."),
    )


_DOCUMENT_COLUMNS = (
    _DOC_ID, _PATH,
    _c("encoding", "text", "The encoding the file was read in."),
    _c("chars", "integer", "Characters of the decoded text."),
    _c("n_matches", "integer", "Matches found in it."),
    _c("status", "text", "`ok`, `error` or `skipped`."),
    _c("error", "text", "Why it could not be read, or a warning about it."),
    _LEXICON_VERSION,
    _c("title", "text", "The document's title (manifest or metadata)."),
    _DATE, _DATE_PRECISION, _DATE_SOURCE,
    *_META[2:4],
    _c("doc_type_source", "text", "Where `doc_type` comes from: `manifest`, `metadata`, `classifier`, ..."),
    _c("doc_type_confidence", "number", "The classifier's probability, when it decided `doc_type`."),
    *_META[4:6],
    _c("issuer_name", "text", "The issuer's Chinese name."),
    _c("issuer_name_en", "text", "The issuer's English name."),
    _c("issuer_source", "text", "Where `issuer` comes from: `manifest`, `header`, `self_reference`, ..."),
    _c("issuer_confidence", "number", "How sure the issuer is, when inferred."),
    _c("content_hash", "text", "SHA-256 of the file's bytes."),
    _c("replaced_bytes", "integer", "Invalid byte sequences read as U+FFFD."),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("matches", "one match of a lexicon entry", "`tag`, `Corpus.matches`", (
            _DOC_ID, _PATH, _START, _END,
            _c("text", "text", "The matched text, as written."),
            _c("entry_id", "text", "The lexicon entry found."),
            _c("kind", "text", "The entry's kind: formulation, province, city, country, region, compound."),
            _c("family", "text", "The entry's family (formulations) or kind (places)."),
            _c("canonical", "text", "The entry's canonical wording."),
            _c("role", "text", "The role a designation entry casts (hub, channel, ...)."),
            _c("refers_to", "list", "The codes a place stands for (a city's province, a country's ISO code)."),
            _c("via", "text", "How it was found: `surface`, `template`, `abbreviation`, ..."),
            _SENTENCE_INDEX, _LEXICON_VERSION, *_META,
        )),
        Table("documents", "one input", "`tag_with_documents`, `Corpus.documents`", _DOCUMENT_COLUMNS),
        Table("docs", "one input, with what was found in it", "`docs`, `Corpus.docs`", (
            *_DOCUMENT_COLUMNS,
            _c("provinces", "list", "Provinces named (not 我省), most often named first."),
            _c("families", "list", "Formulation families found, most frequent first."),
            _c("designations", "list", "Designations as `province/role/region`."),
            _c("countries", "list", "Partner countries (ISO codes), most mentioned first."),
            _c("regions", "list", "Partner regions, most mentioned first."),
        )),
        Table("roles", "one designation of one province", "`roles`, `Corpus.roles`", (
            *_DESIGNATION, _SENTENCE_INDEX, _START, _END,
            _c("confidence", "number", "The role classifier's probability."),
            _c("method", "text", "What decided it, and how the province was found."),
        )),
        Table("role_candidates", "one role candidate (every head found), scored", "`roles(candidates=True)`", (
            *_DESIGNATION,
            _c("provinces", "list", "Every province the candidate is attributed to (an enumeration gives several)."),
            _c("head", "text", "The role word (中心, 枢纽, 通道, ...)."),
            _SENTENCE, _SENTENCE_INDEX, _START, _END,
            _c("score", "number", "The role classifier's probability that it designates the province."),
            _c("method", "text", "What scored it, and how the province was found."),
            _c("cues", "list", "The cues the classifier weighed most."),
            _c("designation", "flag", "The score reaches the threshold and a province holds it."),
        )),
        Table("partners", "one partner country, region or organisation of one document", "`partners`, `Corpus.partners`", (
            _DOC_ID,
            _c("kind", "text", "`country`, `region` or `organisation`."),
            _c("code", "text", "ISO 3166 alpha-2 code of a country; the lower-case id of a region or organisation."),
            _c("partner_name", "text", "The partner's Chinese name."),
            _PARTNER_NAME_EN,
            _c("count", "integer", "Mentions as a partner (not as an adversary or a comparison)."),
            _c("first_start", "integer", "Offset of the first mention."),
        )),
        Table("events", "one partner of one engagement report", "`events`, `Corpus.events`", (
            _c("event_id", "text", "The engagement: reports of the same engagement share it."),
            _c("reports", "integer", "How many rows report this engagement."),
            _DOC_ID, _DATE, _DATE_PRECISION, _DATE_SOURCE, _PROVINCE, *_PROVINCE_NAMES,
            _c("level", "text", "Who acts: `provincial`, `municipal`, `national`, ..."),
            _c("partner_kind", "text", "`country`, `region` or `organisation`."),
            _c("partner", "text", "ISO code of a country; the lower-case id of a region or organisation."),
            _c("partner_name", "text", "The partner as the text names it (老街省 for VN)."),
            _PARTNER_NAME_EN,
            _c("partner_place", "text", "The foreign province or city the text names, if any."),
            _c("type", "text", "visit_in, visit_out, meeting, agreement_or_project, exchange, ..."),
            _c("plan", "flag", "The sentence states a plan, not a done engagement."),
            _SENTENCE_INDEX, _START, _END,
            _c("confidence", "number", "The pair model's probability."),
            _c("method", "text", "What decided it."),
            _SENTENCE,
        )),
        Table("engagement_partners", "one partner of one province, by engagement events", "`engagements().partners`", (
            _PROVINCE, *_PROVINCE_NAMES,
            _c("partner_kind", "text", "`country`, `region` or `organisation`."),
            _c("partner", "text", "ISO code of a country; the lower-case id of a region or organisation."),
            _c("partner_name", "text", "The partner's Chinese name."),
            _PARTNER_NAME_EN, *_SHARE,
            _c("rank", "integer", "The partner's rank in the province, by events."),
            _THIN,
        )),
        Table("engagement_regions", "one region of one province, by engagement events", "`engagements().regions`", (
            _PROVINCE, *_PROVINCE_NAMES,
            _c("region", "text", "The region id (lower case)."),
            *_REGION_NAMES, *_SHARE, _THIN,
        )),
        Table("mention_shares", "one partner of one issuing province, by mentions", "`Corpus.mention_shares`", (
            _PROVINCE, *_PROVINCE_NAMES,
            _c("kind", "text", "`country`, `region` or `organisation`."),
            _c("code", "text", "ISO code of a country; the id of a region or organisation."),
            _c("partner_name", "text", "The partner's Chinese name."),
            _PARTNER_NAME_EN,
            _c("count", "integer", "Documents' partner mentions."),
            _c("share", "number", "count / all partner mentions of the province."),
            _c("rank", "integer", "The partner's rank in the province."),
        )),
        Table("kwic", "one occurrence in its context", "`kwic`, `Corpus.kwic`", (
            _DOC_ID, _DATE, _START, _END,
            _c("left", "text", "The text before it."),
            _c("match", "text", "The occurrence."),
            _c("right", "text", "The text after it."),
            _c("entry_id", "text", "The lexicon entry (missing for a literal string)."),
        )),
        Table("track", "one entry in one period", "`track`, `Corpus.track`", (
            _c("period", "text", "The period: a year, `2025Q1`, `2025-03`, a series, a document type, an issuer or a document."),
            *_ENTRY,
            _c("count", "integer", "Matches in the period."),
            _c("mentions", "integer", "Mentions (a country named in a compound counts for each country)."),
            _c("docs", "integer", "Documents of the period that have it."),
            _c("doc_share", "number", "docs / documents of the period."),
            _c("chars", "integer", "Characters of the period's documents."),
            _c("per_10k", "number", "count per 10,000 characters (or per `per`)."),
            _c("first_seen", "date", "The earliest date of a document of the period that has it."),
            _c("last_seen", "date", "The latest such date."),
        )),
        Table("changes", "one significant change between consecutive periods", "`Corpus.changes`", (
            _c("from", "text", "The earlier period."),
            _c("to", "text", "The later period."),
            *_ENTRY,
            _c("event", "text", "`appears`, `vanishes`, `rises` or `falls`."),
            *_difference("from", "the earlier period", "to", "the later period"),
        )),
        Table("compare", "one entry of two groups of documents", "`compare`", (
            *_ENTRY,
            _c("status", "text", "`added`, `dropped`, `rose`, `fell` or `same`."),
            *_difference("a", "A", "b", "B"),
            _c("context", "text", "One occurrence in its context."),
        )),
    )
}
"""The notebook tables, by name."""

_CODE_COLUMNS = {"province": "province_name", "issuer": "issuer_name", "region": "region_name", "partner": "partner_name", "code": "partner_name"}
"""Which name columns each code column fills."""


def column_names(name: str) -> list[str]:
    """The columns of table ``name``, in order."""
    return TABLES[name].names


def typed(name: str, frame: pd.DataFrame, names: Mapping[str, tuple[str, str]] | None = None) -> pd.DataFrame:
    """``frame`` with the columns of table ``name``, in order, each of its kind's dtype;
    name columns filled from ``names`` (code → (Chinese, English)) where ``frame`` has
    none of its own."""
    import pandas as pd

    frame = frame.reset_index(drop=True)
    columns = {}
    for column in TABLES[name].columns:
        values = frame[column.name] if column.name in frame.columns else _name_values(frame, column.name, names)
        columns[column.name] = _as_kind(values, column.kind, frame.index)
    return pd.DataFrame(columns, index=frame.index)


def column_kinds() -> dict[str, ColumnKind]:
    """The kind of every column name (a name has one kind in every table)."""
    return {c.name: c.kind for t in TABLES.values() for c in t.columns}


def written_columns(name: str) -> list[str]:
    """The columns of table ``name`` that a file written without the lexicon holds: all
    but the names of codes."""
    return [c for c in column_names(name) if not c.endswith(("_name", "_name_en"))]


def _name_values(frame: pd.DataFrame, column: str, names: Mapping[str, tuple[str, str]] | None) -> list[str | None] | None:
    english = column.endswith("_en")
    stem = column.removesuffix("_en")
    code = next((c for c, n in _CODE_COLUMNS.items() if n == stem and c in frame.columns), None)
    if code is None or names is None:
        return None
    return [names.get(value, (None, None))[english] if isinstance(value, str) else None for value in frame[code]]


def _as_kind(values: Any, kind: ColumnKind, index: pd.Index) -> pd.Series:
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(values, index=index, dtype=object)
    if kind == "list":  # a comprehension, not Series.map: half the time on a row per match
        return pd.Series([list(v) if isinstance(v, (list, tuple)) or hasattr(v, "tolist") else [] for v in series], index=series.index, dtype=object, name=series.name)
    if kind == "date":
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            return series.astype(DTYPES[kind])
        return as_datetimes(series.astype(object).where(series.notna(), None)).astype(DTYPES[kind])
    if series.dtype == object:
        series = series.where(series.notna(), None)
    return series.astype(DTYPES[kind])


def as_datetimes(values: pd.Series) -> pd.Series:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` text as datetimes (the start of the period)."""
    import pandas as pd

    text = values.astype("string")
    padded = text.where(text.str.len() != 4, text + "-01-01").where(text.str.len() != 7, text + "-01")
    return pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")


def code_names(lexicon: Lexicon) -> dict[str, tuple[str, str]]:
    """Chinese and English names of the codes the tables hold: provinces (CN-YN), countries
    (VN), regions (by id and by lower-case id), organisations (un) and directions (west)."""
    from phrasebook.language import DIRECTIONS

    names: dict[str, tuple[str, str]] = {"CN": ("中国", "China")}
    for word, direction in DIRECTIONS.items():
        names[direction] = (f"向{word}", f"{direction}ward")
    if lexicon.partners is not None:
        for written, partner in lexicon.partners.organisations.items():
            names.setdefault(partner, (written, partner.upper() if len(partner) <= 5 else partner.replace("_", " ").title()))
    for entry in lexicon.entries:
        if entry.kind == "country" and entry.refers_to:
            names[entry.refers_to[0]] = (entry.canonical, entry.en)
        elif entry.kind == "region":
            names[entry.id] = names[entry.id.lower()] = (entry.canonical, entry.en)
        elif entry.kind == "province":
            names[entry.id] = (entry.canonical, entry.en)
    return names


def column_reference() -> str:
    """Markdown for the docs: every table, its columns, their dtypes and meanings."""
    lines = ["# Tables", "", "Generated from `phrasebook.schema` at build time: the columns of every table the library gives.", ""]
    for t in TABLES.values():
        lines += [f"## `{t.name}`", "", f"One row per {t.row}. From {t.source}.", "", "| column | dtype | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | `{DTYPES[c.kind]}` | {c.meaning} |" for c in t.columns]
        lines.append("")
    return "\n".join(lines)
