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
from phrasebook.read.sources import GENERATOR_MARK
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
    return frame.head(limit).to_html(index=False, escape=True, na_rep="", float_format=lambda v: f"{v:.3f}")


def build_report(corpus: Corpus, *, title: str = "phrasebook report", mix_series: bool = False) -> str:
    """The report's HTML text, from one pass over the corpus.

    Rates over time are shown per series (national reports apart from provincial ones,
    news apart from plans): a year that mixes two series would show artefacts of the mix
    as events. With ``mix_series`` every document goes in one chart, and the report says
    what was mixed.
    """
    from phrasebook.aggregate.engagements import partner_names
    from phrasebook.aggregate.mentions import mention_rows
    from phrasebook.aggregate.track import track
    from phrasebook.report.plots import plot_partner_panels, plot_region_heatmap

    lexicon = corpus.lexicon
    glosses = {e.id: e.en for e in lexicon.entries}
    names = partner_names(lexicon)
    documents = corpus.documents
    readable = documents[documents["status"] == "ok"].copy()
    failures = documents[documents["status"] != "ok"][["doc_id", "path", "error"]]
    sections = [f"<h1>{html.escape(title)}</h1>", f"<p>lexicon {lexicon.version}; {len(readable)} documents read, {len(failures)} failed.</p>"]
    matches = corpus.matches
    formulations = matches[(matches["kind"] == "formulation") & (matches["family"] != "role_designation")]
    mentions = mention_rows(formulations, lexicon)
    mentions = mentions[mentions["family"] != "role_designation"]
    # A series from the metadata, else a document type from the metadata; an inferred type
    # is too uncertain to split a corpus by (news items would fall into two groups).
    known_type = readable["doc_type"].where(readable["doc_type_source"] == "metadata")
    readable["group"] = readable["series"].fillna(known_type).fillna("documents without a series")
    groups = {"all documents": readable} if mix_series else dict(tuple(readable.groupby("group")))
    with tempfile.TemporaryDirectory() as folder:
        charts = Path(folder)
        sections += ["<h2>Corpus</h2>", _table(readable.groupby("group").agg(documents=("doc_id", "size"), chars=("chars", "sum"), first=("year", "min"), last=("year", "max")).reset_index())]
        sections.append("<h2>Formulations over time</h2>")
        if mix_series:
            sections.append(f"<p><strong>Mixed:</strong> {len(readable.group.unique())} series in one chart ({html.escape(', '.join(sorted(readable.group.unique())))}); changes between years may be artefacts of the mix.</p>")
        for index, (group, members) in enumerate(sorted(groups.items())):
            if members["year"].nunique() < 2:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PhrasebookWarning)  # undated documents are counted in the corpus table
                rates = track(formulations, members, by="year", mentions=mentions)
            if rates.empty:
                continue
            top = rates.groupby(["entry_id", "canonical", "family"], as_index=False)[["count", "mentions"]].sum().nlargest(15, "mentions")
            found = events(rates)
            sections += [
                f"<h3>{html.escape(str(group))}: {len(members)} documents, {int(members.year.min())}-{int(members.year.max())}</h3>",
                _image(plot_rates(rates, charts / f"rates-{index}.png", glosses, title=str(group))),
                "<h4>Most frequent formulations (mentions include forms inside longer formulations)</h4>", _table(top),
                f"<h4>Significant changes between consecutive years (G2, p &lt; 0.01): {len(found)}</h4>",
                _table(found.sort_values("g2", ascending=False)),
            ]
        designations = corpus.roles()
        sections.append("<h2>Designations by province</h2>")
        if not designations.empty:
            by_role = designations.groupby(["province", "role"], as_index=False).agg(
                designations=("doc_id", "size"), documents=("doc_id", "nunique"),
                regions=("region", lambda r: ", ".join(sorted(set(r.dropna())))), facilities=("scope", lambda s: int((s == "facility").sum())),
            )
            sections += [
                _image(plot_heatmap(by_role, "province", "role", "designations", charts / "roles.png", title="designations by province and role", labels=names)),
                _table(by_role, 400),
            ]
        else:
            sections.append(_table(designations))
        sections.append("<h2>Engagement events</h2>")
        shares, regions = corpus.engagements()
        if shares.empty:
            sections.append("<p><em>no engagement events found</em></p>")
        else:
            counts = shares.drop_duplicates("province")[["province", "province_events", "thin"]]
            sections += [
                f"<p>Shares rest on {int(counts.province_events.sum())} engagements; provinces with fewer than 10 are marked thin and their shares are not findings.</p>",
                _image(plot_partner_panels(shares, charts / "shares.png", names=names, min_events=10)), _table(shares[shares["rank"] <= 5], 200),
            ]
            if not regions[~regions["thin"]].empty:
                sections.append(_image(plot_region_heatmap(regions, charts / "regions.png", names=names, min_events=10)))
        if not failures.empty:
            sections += ["<h2>Documents that could not be read</h2>", _table(failures)]
    body = "\n".join(sections)
    return f'<!doctype html>\n<!-- {GENERATOR_MARK} -->\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n{_CHECK}</body></html>\n'


def write_report(corpus: Corpus, path: Path, *, title: str = "phrasebook report", mix_series: bool = False) -> Path:
    """Build the report of ``corpus`` and write it atomically to ``path``."""
    return write_text_atomically(Path(path), build_report(corpus, title=title, mix_series=mix_series))
