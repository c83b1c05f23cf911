"""``phrasebook eval roles | partners | classifier``: attribution scored against gold files."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import LexiconOption, PathsArgument, load_lexicon_option, read_corpus, reports_errors

eval_app = typer.Typer(help="Score attribution against a gold file.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
GoldOption = typer.Option(..., "--gold", help="Gold JSON Lines (see lexicon/annotations/).")


def _print_score(name: str, s) -> None:
    typer.echo(f"{name}: precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  (tp {s.true_positives}, predicted {s.predicted}, gold {s.gold})")


def _print_errors(s, indent: str = "") -> None:
    """Every miss and false hit of a score, one per line."""
    for key in s.misses:
        typer.echo(f"{indent}miss: {' '.join(key)}")
    for key in s.false_hits:
        typer.echo(f"{indent}false hit: {' '.join(key)}")


@eval_app.command("roles")
@reports_errors
def eval_roles_cli(
    gold: Path = GoldOption,
    paths: Optional[list[Path]] = PathsArgument,
    scope: str = typer.Option("all", "--scope", help="Designations of this scope are scored: province, facility or all (the gold files hold both)."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Precision, recall and F1 of designations on (doc, province, role); misses and false hits.

    Example: phrasebook eval roles --gold lexicon/annotations/gold_roles.jsonl ../shared/corpus/provincial_gwr
    """
    from phrasebook.attribute.evaluate import evaluate_roles, read_gold

    expected = read_gold(gold)
    with read_corpus("attributing", paths, lexicon=lexicon, keep_text=False, infer_doc_types=False) as corpus:
        result = evaluate_roles(corpus.roles(scope=scope).to_dict("records"), expected)
        _print_score("designations", result["overall"])
        typer.echo(f"region accuracy on matched designations: {result['region_accuracy']:.3f} (of {result['region_scored']})")
        for province, s in result["by_province"].items():
            _print_score(f"  {province}", s)
        _print_errors(result["overall"])


@eval_app.command("partners")
@reports_errors
def eval_partners_cli(gold: Path = GoldOption, paths: Optional[list[Path]] = PathsArgument, lexicon: Optional[Path] = LexiconOption) -> None:
    """Precision, recall and F1 of partner countries on (doc, country), regions separately.

    Example: phrasebook eval partners --gold lexicon/annotations/gold_partners.jsonl ../shared/corpus/provincial_gwr
    """
    from phrasebook.attribute.evaluate import evaluate_partners, read_gold

    expected = read_gold(gold)
    with read_corpus("attributing", paths, lexicon=lexicon, keep_text=False, infer_doc_types=False) as corpus:
        result = evaluate_partners(corpus.partners().to_dict("records"), expected)
        for name in ("countries", "regions"):
            _print_score(name, result[name])
            _print_errors(result[name], indent="  ")


@eval_app.command("classifier")
@reports_errors
def eval_classifier_cli(folds: int = typer.Option(5, "--folds", min=2), lexicon: Optional[Path] = LexiconOption) -> None:
    """Every classifier family and the rule baseline on the development split (grouped
    cross-validation, leave one source kind out), then the shipped family on the test split.

    Example: phrasebook eval classifier --folds 5
    """
    from phrasebook.attribute.role_classifier import SHIPPED_FAMILY, held_out_scores, select_models, training_frame
    from phrasebook.tagger import Tagger

    frame = training_frame(Tagger(load_lexicon_option(lexicon)))
    development = frame[frame["split"] == "dev"]
    typer.echo(
        f"{len(frame)} annotated candidates ({int(frame.label.sum())} designations) from {frame.doc.nunique()} documents; "
        f"development split {len(development)} ({int(development.label.sum())}), test split {len(frame) - len(development)}"
    )
    typer.echo(f"sources: {', '.join(f'{k} {v}' for k, v in frame.source_kind.value_counts().sort_index().items())}")
    table = select_models(frame, folds)
    typer.echo(f"\ndevelopment split, out-of-fold ({folds} folds grouped by document; leave one source kind out):")
    for row in table.itertuples():
        typer.echo(f"  {row.model:14s} {row.validation:17s} P {row.precision:.3f}  R {row.recall:.3f}  F1 {row.f1:.3f}")
    result = held_out_scores(frame)
    typer.echo(
        f"\ntest split ({result['candidates']} candidates, {result['positives']} designations, {result['documents']} documents), "
        f"{SHIPPED_FAMILY} fitted on the development split:\n"
        f"  P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}  (rule baseline F1 {result['rule_baseline_f1']:.3f}); "
        f"region accuracy {result['region_accuracy']:.3f}"
    )


@eval_app.command("events")
@reports_errors
def eval_events_cli(folds: int = typer.Option(5, "--folds", min=2), lexicon: Optional[Path] = LexiconOption) -> None:
    """Event detection and type accuracy of the event classifier beside the rule baseline:
    out of fold on the development split, and on the untouched test split; then
    engagements decided per (actor, partner) pair on the annotated web pages, with the type
    accuracy of the engagements found.

    Example: phrasebook eval events
    """
    from phrasebook.attribute.engagement_model import annotated_pairs, evaluate_pair_models
    from phrasebook.attribute.event_classifier import evaluate_events, training_frame

    loaded = load_lexicon_option(lexicon)
    frame = training_frame(loaded)
    typer.echo(
        f"{len(frame)} annotated sentences ({int((frame.target != 'none').sum())} events) from {frame.doc.nunique()} documents; "
        f"sources: {', '.join(f'{k} {v}' for k, v in frame.source_kind.value_counts().sort_index().items())}"
    )
    for row in evaluate_events(frame, folds).itertuples():
        typer.echo(
            f"  {row.model:14s} {row.validation:17s} P {row.precision:.3f}  R {row.recall:.3f}  F1 {row.f1:.3f}  "
            f"type accuracy {row.type_accuracy:.3f}  ({row.sentences} sentences, {row.events} events)"
        )
    pairs = annotated_pairs(loaded)
    typer.echo(
        f"engagement pairs: {pairs.pages['page'].nunique()} annotated web pages from {pairs.pages['site'].nunique()} sites, "
        f"{len(pairs.gold)} engaged (actor, partner) pairs ({pairs.unnamed} more with partners the lexicon does not name, not scored), "
        f"{len(pairs.frame)} candidate pairs; test split: {int((pairs.pages['split'] == 'test').sum())} pages"
    )
    for row in evaluate_pair_models(pairs, folds).itertuples():
        typer.echo(
            f"  {row.model:19s} {row.validation:31s} P {row.precision:.3f}  R {row.recall:.3f}  F1 {row.f1:.3f}  "
            f"type accuracy {row.type_accuracy:.3f} of {row.typed}  ({row.pages} pages, {row.gold_pairs} engaged pairs, {row.found} found)"
        )
