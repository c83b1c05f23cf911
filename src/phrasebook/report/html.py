"""``phrasebook report``: one self-contained HTML file summarising a corpus.

Formulations over time, designations by province, engagement shares and events, as
tables and charts (PNG embedded as data URIs). A small inline script counts the charts
that decoded and marks the page, so that a browser test can check what a reader sees.
"""

from __future__ import annotations

import base64
import html
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from phrasebook.aggregate import engagements, events, track
from phrasebook.attribute.documents import attribute_paths, partner_rows
from phrasebook.attribute.partners import PARTNER_COLUMNS
from phrasebook.attribute.roles import ROLE_COLUMNS
from phrasebook.lexicon import Lexicon, load_lexicon
from phrasebook.read import ReadFailure
from phrasebook.report.plots import plot_heatmap, plot_rates
from phrasebook.tagger import Tagger, text_size

_STYLE = """
body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{background:#f0f4f8} img{max-width:100%} h2{margin-top:2em}
"""
_CHECK = """
<script>
window.addEventListener("load", () => {
  const shown = Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0);
  document.body.dataset.chartsRendered = shown.length;
});
</script>
"""


def collect(paths: Iterable[Path | str], lexicon: Lexicon) -> dict[str, pd.DataFrame]:
    """One pass of attribution over ``paths``: matches, documents, designations, partners."""
    tagger = Tagger(lexicon)
    matches, documents, designations, partners, failures = [], [], [], [], []
    for result in attribute_paths(paths, tagger):
        if isinstance(result, ReadFailure):
            failures.append({"doc_id": result.doc_id, "path": result.path, "error": result.error})
            continue
        document = result.document
        meta = {key: document.meta.get(key, "") for key in ("title", "date", "year", "doc_type", "series")}
        documents.append(
            {"doc_id": document.doc_id, "chars": text_size(document.text[document.body_start :]), "status": "ok",
             "issuer": result.issuer.code, **meta}
        )
        matches += [
            {"doc_id": document.doc_id, "entry_id": m.entry_id, "canonical": m.canonical, "family": m.family, "kind": m.kind}
            for m in result.matches
        ]
        designations += result.designations
        partners += partner_rows(result)
    return {
        "matches": pd.DataFrame(matches, columns=["doc_id", "entry_id", "canonical", "family", "kind"]),
        "documents": pd.DataFrame(documents),
        "designations": pd.DataFrame(designations, columns=ROLE_COLUMNS),
        "partners": pd.DataFrame(partners, columns=PARTNER_COLUMNS),
        "failures": pd.DataFrame(failures, columns=["doc_id", "path", "error"]),
    }


def _image(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def _table(frame: pd.DataFrame, limit: int = 40) -> str:
    if frame.empty:
        return "<p><em>none found</em></p>"
    return frame.head(limit).to_html(index=False, escape=True, float_format=lambda v: f"{v:.3f}")


def build_report(paths: Iterable[Path | str], lexicon: Lexicon | None = None, *, title: str = "phrasebook report") -> str:
    """The report's HTML text."""
    lexicon = lexicon or load_lexicon()
    tables = collect(paths, lexicon)
    glosses = {e.id: e.en for e in lexicon.entries}
    formulations = tables["matches"][tables["matches"]["kind"] == "formulation"]
    documents = tables["documents"]
    sections = [f"<h1>{html.escape(title)}</h1>", f"<p>lexicon {lexicon.version}; {len(documents)} documents read, {len(tables['failures'])} failed.</p>"]
    with tempfile.TemporaryDirectory() as folder:
        charts = Path(folder)
        if not documents.empty:
            sizes = documents.groupby("doc_type", dropna=False).agg(documents=("doc_id", "size"), chars=("chars", "sum")).reset_index()
            sections += ["<h2>Corpus</h2>", _table(sizes)]
            rates = track(formulations, documents, by="year")
            if not rates.empty:
                top = rates.groupby(["entry_id", "canonical", "family"], as_index=False)["count"].sum().nlargest(20, "count")
                sections += [
                    "<h2>Formulations over time</h2>", _image(plot_rates(rates, charts / "rates.png", glosses)),
                    "<h3>Most frequent formulations</h3>", _table(top),
                    "<h3>Events between consecutive years</h3>",
                    _table(events(rates).sort_values("g2", ascending=False)),
                ]
        designations = tables["designations"]
        sections.append("<h2>Designations by province</h2>")
        if not designations.empty:
            by_role = designations.groupby(["province", "role", "region"], as_index=False).size()
            sections += [_image(plot_heatmap(by_role, "province", "role", "size", charts / "roles.png", title="designations by province and role")), _table(by_role, 400)]
        else:
            sections.append(_table(designations))
        shares = engagements(tables["partners"], documents.set_index("doc_id")["issuer"] if not documents.empty else pd.Series(dtype=str))
        sections.append("<h2>Engagement shares</h2>")
        countries = shares[(shares["kind"] == "country") & (shares["rank"] <= 5)]
        if not countries.empty:
            sections.append(_image(plot_heatmap(countries, "province", "code", "share", charts / "shares.png", title="top partner countries by province")))
        sections.append(_table(shares[shares["rank"] <= 5], 120))
        if not tables["failures"].empty:
            sections += ["<h2>Documents that could not be read</h2>", _table(tables["failures"])]
    body = "\n".join(sections)
    return f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n{_CHECK}</body></html>\n'
