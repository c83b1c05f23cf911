"""``phrasebook report``: one self-contained HTML file summarising a corpus.

Formulations over time, designations by province, engagement shares and events, as
tables and charts (PNG embedded as data URIs). A small inline script counts the charts
that decoded and marks the page, so that a browser test can check what a reader sees.
"""

from __future__ import annotations

import base64
import html
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from phrasebook.aggregate.track import events
from phrasebook.errors import PhrasebookWarning
from phrasebook.output import write_text_atomically
from phrasebook.report.plots import plot_heatmap, plot_rates

if TYPE_CHECKING:
    from phrasebook.corpus import Corpus

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


def _image(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def _table(frame: pd.DataFrame, limit: int = 40) -> str:
    if frame.empty:
        return "<p><em>none found</em></p>"
    return frame.head(limit).to_html(index=False, escape=True, float_format=lambda v: f"{v:.3f}")


def build_report(corpus: Corpus, *, title: str = "phrasebook report") -> str:
    """The report's HTML text, from one pass over the corpus."""
    lexicon = corpus.lexicon
    glosses = {e.id: e.en for e in lexicon.entries}
    documents = corpus.documents
    readable = documents[documents["status"] == "ok"]
    failures = documents[documents["status"] != "ok"][["doc_id", "path", "error"]]
    sections = [f"<h1>{html.escape(title)}</h1>", f"<p>lexicon {lexicon.version}; {len(readable)} documents read, {len(failures)} failed.</p>"]
    with tempfile.TemporaryDirectory() as folder:
        charts = Path(folder)
        if not readable.empty:
            sizes = readable.groupby("doc_type", dropna=False).agg(documents=("doc_id", "size"), chars=("chars", "sum")).reset_index()
            sections += ["<h2>Corpus</h2>", _table(sizes)]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PhrasebookWarning)  # undated documents are counted in the corpus table
                rates = corpus.track(by="year", families=sorted({e.family for e in lexicon.of_kind("formulation")}))
            if not rates.empty:
                top = rates.groupby(["entry_id", "canonical", "family"], as_index=False)["count"].sum().nlargest(20, "count")
                sections += [
                    "<h2>Formulations over time</h2>", _image(plot_rates(rates, charts / "rates.png", glosses)),
                    "<h3>Most frequent formulations</h3>", _table(top),
                    "<h3>Significant events between consecutive years (G2, p &lt; 0.01)</h3>",
                    _table(events(rates).sort_values("g2", ascending=False)),
                ]
        designations = corpus.roles()
        sections.append("<h2>Designations by province</h2>")
        if not designations.empty:
            by_role = designations.groupby(["province", "role", "region"], as_index=False, dropna=False).size()
            sections += [_image(plot_heatmap(by_role, "province", "role", "size", charts / "roles.png", title="designations by province and role")), _table(by_role, 400)]
        else:
            sections.append(_table(designations))
        shares = corpus.engagements()
        sections.append("<h2>Engagement shares</h2>")
        countries = shares[(shares["kind"] == "country") & (shares["rank"] <= 5)]
        if not countries.empty:
            sections.append(_image(plot_heatmap(countries, "province", "code", "share", charts / "shares.png", title="top partner countries by province")))
        sections.append(_table(shares[shares["rank"] <= 5], 120))
        if not failures.empty:
            sections += ["<h2>Documents that could not be read</h2>", _table(failures)]
    body = "\n".join(sections)
    return f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n{_CHECK}</body></html>\n'


def write_report(corpus: Corpus, path: Path, *, title: str = "phrasebook report") -> Path:
    """Build the report of ``corpus`` and write it atomically to ``path``."""
    return write_text_atomically(Path(path), build_report(corpus, title=title))
