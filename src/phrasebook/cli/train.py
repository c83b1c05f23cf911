"""``phrasebook train doctype|candidates|engagements|roles|events``: the models that are stored as data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import LexiconOption, load_lexicon_option, reports_errors

train_app = typer.Typer(help="Train the models that are stored as data.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("doctype")
@reports_errors
def train_doctype_cli(
    corpus: Path = typer.Option(..., "--corpus", help="The reference corpus folder (with MANIFEST.tsv and xwlb/)."),
    news: int = typer.Option(400, "--news", min=0, help="News items sampled (seeded) for the two news classes."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the JSON model (default: the package's)."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Train the document-type classifier and store it as JSON; prints cross-validated accuracy.

    Example: phrasebook train doctype --corpus ../shared/corpus -o out/doctype.json
    """
    from phrasebook.attribute.doctype_training import train, training_set, write_model
    from phrasebook.facts.doctype import MODEL_PATH
    from phrasebook.output import check_outputs

    target = output or MODEL_PATH
    check_outputs([("-o", target, (".json",))])
    texts, labels = training_set(corpus, news=news, lexicon=load_lexicon_option(lexicon))
    model, accuracy = train(texts, labels)
    write_model(model, target)
    typer.echo(f"trained on {len(texts)} documents; cross-validated accuracy {accuracy:.3f}; wrote {target}")


@train_app.command("candidates")
@reports_errors
def train_candidates_cli(
    paths: list[Path] = typer.Argument(..., help="Files or folders whose role candidates are to be annotated."),
    output: Path = typer.Option(..., "-o", "--output", help="JSON Lines of records to annotate (annotations/GUIDELINES.md)."),
    sample: Optional[int] = typer.Option(None, "--sample", min=1, help="Keep this many candidates (seeded sample)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the sample."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Write the role candidates of the inputs as records for annotators (label left empty).

    Example: phrasebook train candidates ../shared/corpus/provincial_gwr -o to-annotate.jsonl
    """
    import json
    import random

    from phrasebook.attribute.annotation import candidate_records
    from phrasebook.cli.common import read_corpus
    from phrasebook.output import check_outputs, write_text_atomically

    check_outputs([("-o", output, (".jsonl",))])
    with read_corpus("reading", paths, lexicon=lexicon, infer_doc_types=False) as corpus:
        records = candidate_records(candidates=corpus.roles(candidates=True), documents=corpus.documents, paragraph_start=corpus.paragraph_start)
        if sample is not None and sample < len(records):
            records = sorted(random.Random(seed).sample(records, sample), key=lambda r: (r["doc"], r["start"]))
        write_text_atomically(output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        typer.echo(f"wrote {len(records)} candidates to {output}", err=True)


@train_app.command("engagements")
@reports_errors
def train_engagements_cli(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the JSON model (default: the package's)."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Fit the engagement pair model on the annotated web pages and store it as JSON.

    Example: phrasebook train engagements
    """
    from phrasebook.attribute.engagement_model import train_pair_model
    from phrasebook.attribute.pair_model import MODEL_PATH

    _store_model(output, MODEL_PATH, lambda: train_pair_model(load_lexicon_option(lexicon)).to_json(), key="annotations")


@train_app.command("roles")
@reports_errors
def train_roles_cli(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the JSON model (default: the package's)."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Fit the role classifier on the lexicon's role annotations and store it as JSON.

    Example: phrasebook train roles
    """
    from phrasebook.attribute.linear_model import MODELS
    from phrasebook.attribute.role_classifier import train_role_model
    from phrasebook.tagger import Tagger

    _store_model(output, MODELS / "roles.json", lambda: train_role_model(Tagger(load_lexicon_option(lexicon))).model.to_json())


@train_app.command("events")
@reports_errors
def train_events_cli(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the JSON model (default: the package's)."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Fit the event classifier on the lexicon's annotated sentences and store it as JSON.

    Example: phrasebook train events
    """
    from phrasebook.attribute.event_classifier import train_event_model
    from phrasebook.attribute.linear_model import MODELS

    _store_model(output, MODELS / "events.json", lambda: train_event_model(load_lexicon_option(lexicon)).to_json())


def _store_model(output: Optional[Path], default: Path, fit: Callable[[], dict], *, key: str = "key") -> None:
    """Fit, write the model's JSON (to ``default``, the package's, unless ``-o``) and say
    what it was fitted on (its ``key`` field: a content hash)."""
    from phrasebook.attribute.linear_model import write_model
    from phrasebook.output import check_outputs

    target = output or default
    check_outputs([("-o", target, (".json",))])
    data = fit()
    write_model(data, target)
    typer.echo(f"fitted on the content {data[key]}; wrote {target}")
