"""``phrasebook train doctype``: the models that are stored as data."""

from __future__ import annotations

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
    from phrasebook.attribute.doctype import MODEL_PATH, train, training_set, write_model
    from phrasebook.output import check_outputs

    target = output or MODEL_PATH
    check_outputs([("-o", target, (".json",))])
    texts, labels = training_set(corpus, news=news, lexicon=load_lexicon_option(lexicon))
    model, accuracy = train(texts, labels)
    write_model(model, target)
    typer.echo(f"trained on {len(texts)} documents; cross-validated accuracy {accuracy:.3f}; wrote {target}")
