"""``phrasebook lexicon ...``: check, stats, list, show and schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.errors import LexiconError
from phrasebook.lexicon import default_lexicon_dir, load_lexicon
from phrasebook.lexicon.check import check_lexicon
from phrasebook.lexicon.model import KINDS, Lexicon
from phrasebook.lexicon.schema import FormulationFile
from phrasebook.lexicon.stats import lexicon_stats

lexicon_app = typer.Typer(help="Check and inspect the lexicon.", no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")

LexiconOption = typer.Option(None, "--lexicon", help="Lexicon folder (default: the bundled lexicon/).")


def _load(root: Optional[Path]) -> Lexicon:
    try:
        return load_lexicon(root)
    except LexiconError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo("the lexicon has errors: run `phrasebook lexicon check`", err=True)
        raise typer.Exit(1) from exc


@lexicon_app.command("check")
def check_cli(
    lexicon: Optional[Path] = LexiconOption,
    warnings: bool = typer.Option(False, "--warnings", help="Also list warnings (shadowed forms)."),
) -> None:
    """Validate the lexicon and run every example; exit 1 when anything is wrong."""
    root = lexicon or default_lexicon_dir()
    problems = check_lexicon(root)
    errors = [p for p in problems if p.severity == "error"]
    notes = [p for p in problems if p.severity != "error"]
    for problem in errors + (notes if warnings else []):
        typer.echo(str(problem))
    if errors:
        typer.echo(f"{len(errors)} error(s), {len(notes)} warning(s) in {root}", err=True)
        raise typer.Exit(1)
    hint = "" if warnings or not notes else " (list them with --warnings)"
    typer.echo(f"ok: {root} is clean; {len(notes)} warning(s){hint}")


@lexicon_app.command("stats")
def stats_cli(
    lexicon: Optional[Path] = LexiconOption,
    format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Counts by kind and by family, and the lexicon's content version."""
    stats = lexicon_stats(_load(lexicon))
    if format == "json":
        typer.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    elif format == "text":
        for key, value in stats.items():
            if isinstance(value, dict):
                typer.echo(f"{key}:")
                for name, count in value.items():
                    typer.echo(f"  {name}: {count}")
            else:
                typer.echo(f"{key}: {value}")
    else:
        raise typer.BadParameter("choose text or json", param_hint="--format")


@lexicon_app.command("list")
def list_cli(
    lexicon: Optional[Path] = LexiconOption,
    kind: Optional[str] = typer.Option(None, "--kind", help=f"One of {', '.join(KINDS)}."),
    family: Optional[str] = typer.Option(None, "--family", help="A formulation family."),
) -> None:
    """One line per entry: id, kind, family, canonical form, English."""
    if kind and kind not in KINDS:
        raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="--kind")
    for entry in _load(lexicon).entries:
        if (kind and entry.kind != kind) or (family and entry.family != family):
            continue
        typer.echo(f"{entry.id}\t{entry.kind}\t{entry.family}\t{entry.canonical}\t{entry.en}")


@lexicon_app.command("show")
def show_cli(entry_id: str, lexicon: Optional[Path] = LexiconOption) -> None:
    """Everything about one entry."""
    loaded = _load(lexicon)
    try:
        entry = loaded.get(entry_id)
    except KeyError as exc:
        typer.echo(str(exc.args[0]), err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{entry.id} ({entry.kind}, {entry.family}) at {entry.origin.path}:{entry.origin.line}")
    typer.echo(f"  canonical: {entry.canonical}   en: {entry.en}")
    for label, values in [("forms", entry.surfaces), ("templates", entry.patterns), ("refers to", entry.refers_to)]:
        if values:
            typer.echo(f"  {label}: {', '.join(values)}")
    if entry.role:
        typer.echo(f"  role: {entry.role}")
    rules = entry.rules.model_dump(exclude_defaults=True)
    if rules:
        typer.echo(f"  context rules: {rules}")
    for example in entry.examples.positive:
        typer.echo(f"  + {example.text}  [{example.match}]")
    for sentence in entry.examples.negative:
        typer.echo(f"  - {sentence}")


@lexicon_app.command("schema")
def schema_cli() -> None:
    """Print the JSON Schema of a formulation file (the documented lexicon format)."""
    typer.echo(json.dumps(FormulationFile.model_json_schema(), ensure_ascii=False, indent=2))
