"""``phrasebook lexicon ...``: check, fmt, stats, list, show and schema."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from phrasebook.cli.app import app
from phrasebook.cli.common import LexiconOption, load_lexicon_option, reports_errors

lexicon_app = typer.Typer(help="Check and inspect the lexicon.", no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")

@lexicon_app.command("check")
@reports_errors
def check_cli(lexicon: Optional[Path] = LexiconOption) -> None:
    """Validate the lexicon and run every example; list errors and warnings (shadowing
    not acknowledged under `shadows`); exit 1 when there is an error.

    Example: phrasebook lexicon check --lexicon lexicon/
    """
    from phrasebook.lexicon import default_lexicon_dir
    from phrasebook.lexicon.check import check_lexicon

    root = lexicon or default_lexicon_dir()
    problems = check_lexicon(root)
    errors = [p for p in problems if p.severity == "error"]
    notes = [p for p in problems if p.severity != "error"]
    for problem in errors + notes:
        typer.echo(str(problem))
    if errors:
        typer.echo(f"{len(errors)} error(s), {len(notes)} warning(s) in {root}", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {root} is clean" + (f"; {len(notes)} warning(s) above" if notes else ""))


@lexicon_app.command("fmt")
@reports_errors
def fmt_cli(
    paths: Optional[list[Path]] = typer.Argument(None, help="Lexicon files or folders (default: the lexicon in use).", show_default=False),
    check: bool = typer.Option(False, "--check", help="Change nothing: list the files out of the canonical layout and exit 1 if there are any."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Write lexicon files in the one canonical layout (key order, quoting, indentation,
    line width), keeping their comments, so that a pull request's diff shows only what changed.

    Example: phrasebook lexicon fmt --check lexicon/formulations
    """
    from phrasebook.lexicon import default_lexicon_dir
    from phrasebook.lexicon.layout import lay_out

    report = lay_out(paths or [lexicon or default_lexicon_dir()], write=not check)
    for problem in report.unreadable:
        typer.echo(str(problem), err=True)
    if check:
        for problem in report.unformatted:
            typer.echo(str(problem))
        if report.unformatted:
            typer.echo(f"{len(report.unformatted)} of {report.files} file(s) not in the canonical layout", err=True)
        else:
            typer.echo(f"ok: {report.files} file(s) in the canonical layout", err=True)
    else:
        for problem in report.unformatted:
            typer.echo(f"formatted {problem.path}")
        typer.echo(f"formatted {len(report.unformatted)} of {report.files} file(s)", err=True)
    if report.unreadable or (check and report.unformatted):
        raise typer.Exit(1)


class StatsFormat(str, Enum):
    text = "text"
    json = "json"


@lexicon_app.command("stats")
@reports_errors
def stats_cli(
    lexicon: Optional[Path] = LexiconOption,
    format: StatsFormat = typer.Option(StatsFormat.text, "--format", help="text or json."),
) -> None:
    """Counts by kind and by family, and the lexicon's content version.

    Example: phrasebook lexicon stats --format json
    """
    from phrasebook.lexicon.stats import lexicon_stats

    stats = lexicon_stats(load_lexicon_option(lexicon))
    if format == StatsFormat.json:
        typer.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        for key, value in stats.items():
            if isinstance(value, dict):
                typer.echo(f"{key}:")
                for name, count in value.items():
                    typer.echo(f"  {name}: {count}")
            else:
                typer.echo(f"{key}: {value}")


@lexicon_app.command("list")
@reports_errors
def list_cli(
    lexicon: Optional[Path] = LexiconOption,
    kind: Optional[str] = typer.Option(None, "--kind", help="An entry kind: formulation, province, city, country, region or compound."),
    family: Optional[str] = typer.Option(None, "--family", help="A formulation family."),
) -> None:
    """One line per entry: id, kind, family, canonical form, English.

    Example: phrasebook lexicon list --family opening_up
    """
    from phrasebook.errors import UsageError
    from phrasebook.lexicon.model import KINDS

    if kind and kind not in KINDS:
        raise UsageError(f"--kind {kind}: choose one of {', '.join(KINDS)}")
    loaded = load_lexicon_option(lexicon)
    if family and family not in {e.family for e in loaded.entries}:
        raise UsageError(f"--family {family}: no such family; families: {', '.join(sorted({e.family for e in loaded.of_kind('formulation')}))}")
    for entry in loaded.entries:
        if (kind and entry.kind != kind) or (family and entry.family != family):
            continue
        typer.echo(f"{entry.id}\t{entry.kind}\t{entry.family}\t{entry.canonical}\t{entry.en}")


@lexicon_app.command("show")
@reports_errors
def show_cli(entry_id: str, lexicon: Optional[Path] = LexiconOption) -> None:
    """Everything about one entry.

    Example: phrasebook lexicon show fushe_zhongxin
    """
    loaded = load_lexicon_option(lexicon)
    entry = loaded.get(entry_id)
    typer.echo(f"{entry.id} ({entry.kind}, {entry.family}) at {entry.origin.path}:{entry.origin.line}")
    typer.echo(f"  canonical: {entry.canonical}   en: {entry.en}")
    for label, values in [("forms", entry.surfaces), ("templates", entry.patterns), ("refers to", entry.refers_to), ("shadows", entry.shadows)]:
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
    """Print the JSON Schema of a formulation file (the documented lexicon format).

    Example: phrasebook lexicon schema > formulation.schema.json
    """
    from phrasebook.lexicon.schema import FormulationFile

    typer.echo(json.dumps(FormulationFile.model_json_schema(), ensure_ascii=False, indent=2))
