"""``phrasebook roles | partners | docs | explain | eval | train``: attribution commands."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Optional

import typer

from phrasebook.api import docs, partners, roles
from phrasebook.cli.app import app
from phrasebook.cli.common import resolve_inputs, write_table
from phrasebook.cli.lexicon import LexiconOption, _load

eval_app = typer.Typer(help="Score attribution against a gold file.", no_args_is_help=True)
train_app = typer.Typer(help="Train the models that are stored as data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")

PathsArgument = typer.Argument(None, help="Files or folders (default: the bundled corpus/).")
OutputOption = typer.Option(None, "-o", "--output", help="Table: .csv, .jsonl or .parquet.")


@app.command("roles")
def roles_cli(paths: Optional[list[Path]] = PathsArgument, output: Optional[Path] = OutputOption, lexicon: Optional[Path] = LexiconOption) -> None:
    """Role designations: which province is designated what toward where."""
    write_table(roles(resolve_inputs(paths), lexicon=_load(lexicon)), output)


@app.command("partners")
def partners_cli(paths: Optional[list[Path]] = PathsArgument, output: Optional[Path] = OutputOption, lexicon: Optional[Path] = LexiconOption) -> None:
    """Partner countries and regions per document."""
    write_table(partners(resolve_inputs(paths), lexicon=_load(lexicon)), output)


@app.command("docs")
def docs_cli(
    paths: Optional[list[Path]] = PathsArgument,
    output: Optional[Path] = OutputOption,
    ignore_metadata: bool = typer.Option(False, "--ignore-metadata", help="Infer issuer and type from the text alone."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Document-level tags: issuer, type, provinces, families, designations, partners."""
    write_table(docs(resolve_inputs(paths), lexicon=_load(lexicon), use_metadata=not ignore_metadata), output)


@app.command("explain")
def explain_cli(target: str = typer.Argument(..., help="A file, or a text in quotes."), lexicon: Optional[Path] = LexiconOption) -> None:
    """Why: for each role candidate and partner, the sentence, the cues and the score."""
    from phrasebook.attribute.explain import explain

    typer.echo(explain(target, _load(lexicon)))


def _print_score(name: str, s) -> None:
    typer.echo(f"{name}: precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  (tp {s.true_positives}, predicted {s.predicted}, gold {s.gold})")


@eval_app.command("roles")
def eval_roles_cli(
    gold: Path = typer.Option(..., "--gold", exists=True, help="Gold JSON Lines: doc, province, role, region."),
    paths: Optional[list[Path]] = PathsArgument,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Precision, recall and F1 of designations on (doc, province, role); misses and false hits."""
    from phrasebook.attribute.evaluate import evaluate_roles, read_gold

    result = evaluate_roles(roles(resolve_inputs(paths), lexicon=_load(lexicon)).to_dict("records"), read_gold(gold))
    _print_score("designations", result["overall"])
    typer.echo(f"region accuracy on matched designations: {result['region_accuracy']:.3f} (of {result['region_scored']})")
    for province, s in result["by_province"].items():
        _print_score(f"  {province}", s)
    for key in result["overall"].misses:
        typer.echo(f"miss: {' '.join(key)}")
    for key in result["overall"].false_hits:
        typer.echo(f"false hit: {' '.join(key)}")


@eval_app.command("partners")
def eval_partners_cli(
    gold: Path = typer.Option(..., "--gold", exists=True, help="Gold JSON Lines: doc, countries, regions."),
    paths: Optional[list[Path]] = PathsArgument,
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Precision, recall and F1 of partner countries on (doc, country), regions separately."""
    from phrasebook.attribute.evaluate import evaluate_partners, read_gold

    result = evaluate_partners(partners(resolve_inputs(paths), lexicon=_load(lexicon)).to_dict("records"), read_gold(gold))
    for name in ("countries", "regions"):
        _print_score(name, result[name])
        for key in result[name].misses:
            typer.echo(f"  miss: {' '.join(key)}")
        for key in result[name].false_hits:
            typer.echo(f"  false hit: {' '.join(key)}")


@train_app.command("doctype")
def train_doctype_cli(
    corpus: Path = typer.Option(..., "--corpus", exists=True, help="The reference corpus folder (with MANIFEST.tsv and xwlb/)."),
    news: int = typer.Option(400, "--news", help="News items sampled (seeded) for the two news classes."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the JSON model (default: the package's)."),
) -> None:
    """Train the document-type classifier and store it as JSON; prints cross-validated accuracy."""
    from phrasebook.attribute.doctype import MODEL_PATH, news_label, train
    from phrasebook.read import Document, read_documents
    from phrasebook.tagger import Tagger

    texts, labels = [], []
    for document in read_documents([corpus / d for d in ("national_gwr", "provincial_gwr", "five_year_plans", "cpc_congress")]):
        if isinstance(document, Document) and document.meta.get("doc_type"):
            texts.append(document.text)
            labels.append(document.meta["doc_type"])
    items = [d for d in read_documents(sorted((corpus / "xwlb").glob("*.jsonl.gz"))[-2:]) if isinstance(d, Document)]
    tagger = Tagger()
    for document in random.Random(0).sample(items, min(news, len(items))):
        texts.append(document.text)
        labels.append(news_label(document.meta.get("title", ""), tagger))
    model, accuracy = train(texts, labels)
    target = output or MODEL_PATH
    target.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    typer.echo(f"trained on {len(texts)} documents; cross-validated accuracy {accuracy:.3f}; wrote {target}")


@app.command("engagements")
def engagements_cli(
    paths: Optional[list[Path]] = PathsArgument,
    by: str = typer.Option("issuer", "--by", help="Credit engagement to the document's issuer (the only grouping so far)."),
    output: Optional[Path] = OutputOption,
    plot: Optional[Path] = typer.Option(None, "--plot", help="Heatmap of country shares by province (.png or .svg)."),
    bars: Optional[str] = typer.Option(None, "--bars", help="Province code: also draw its shares as bars, beside --plot."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Each province's partner countries and regions, with counts and shares of its engagement."""
    from phrasebook.api import engagements

    if by != "issuer":
        raise typer.BadParameter("only --by issuer is supported", param_hint="--by")
    table = engagements(resolve_inputs(paths), lexicon=_load(lexicon))
    write_table(table, output)
    if plot is not None:
        from phrasebook.report.plots import plot_heatmap

        countries = table[(table.kind == "country") & (table["rank"] <= 5)]
        plot_heatmap(countries, "province", "code", "share", plot, title="share of each province's country mentions")
        if bars:
            from phrasebook.report.plots import plot_shares

            try:
                plot_shares(table, bars, plot.with_name(f"{plot.stem}-{bars}{plot.suffix}"))
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint="--bars") from exc


@eval_app.command("classifier")
def eval_classifier_cli(folds: int = typer.Option(5, "--folds", min=2), lexicon: Optional[Path] = LexiconOption) -> None:
    """Cross-validated F1 of the role classifier next to the rule-only baseline."""
    from phrasebook.attribute.roles import cross_validate
    from phrasebook.tagger import Tagger

    result = cross_validate(Tagger(_load(lexicon)), folds)
    typer.echo(
        f"{result['candidates']} annotated candidates ({result['positives']} designations), {folds} folds grouped by document:\n"
        f"  classifier F1     {result['classifier_f1']:.3f}\n  rule baseline F1  {result['rule_baseline_f1']:.3f}"
    )
