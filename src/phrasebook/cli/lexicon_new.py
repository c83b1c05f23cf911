"""``phrasebook lexicon new``: scaffold a formulation entry from options, asking for the
required ones that are missing when run in a terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer

from phrasebook.cli.common import LexiconOption, reports_errors
from phrasebook.cli.lexicon import lexicon_app

_REQUIRED = [
    ("entry_id", "--id", "Id (lower-case ascii slug, e.g. kaifangxing_shijie_jingji)"),
    ("zh", "--zh", "Canonical form (simplified Chinese)"),
    ("en", "--en", "English gloss"),
    ("family", "--family", "Family"),
    ("source_title", "--source-title", "Source title"),
    ("source_issuer", "--source-issuer", "Source issuer"),
    ("source_date", "--source-date", "Source date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("source", "--source-doc/--source-url", "Source: corpus document id (MANIFEST id) or url"),
    ("example", "--example", "A sentence of a real text that holds the form"),
]


def interactive() -> bool:
    """Ask for missing options only when someone can answer (standard input is a terminal)."""
    return sys.stdin.isatty()


@lexicon_app.command("new")
@reports_errors
def new_cli(
    entry_id: Optional[str] = typer.Option(None, "--id", help="Id: a lower-case ascii slug, never used before."),
    zh: Optional[str] = typer.Option(None, "--zh", help="Canonical form, simplified Chinese."),
    en: Optional[str] = typer.Option(None, "--en", help="English gloss."),
    family: Optional[str] = typer.Option(None, "--family", help="Formulation family: the file the entry goes to."),
    variants: Optional[list[str]] = typer.Option(None, "--variant", help="Another surface form (repeatable)."),
    patterns: Optional[list[str]] = typer.Option(None, "--pattern", help="A slot template, e.g. 发挥{PLACE}?{ANY:0-6}优势 (repeatable)."),
    role: Optional[str] = typer.Option(None, "--role", help="Role class (required in role_designation): hub, window, gateway ..."),
    shadows: Optional[list[str]] = typer.Option(None, "--shadows", help="Id of a formulation this one shadows on purpose (repeatable)."),
    source_title: Optional[str] = typer.Option(None, "--source-title", help="Title of the source document."),
    source_issuer: Optional[str] = typer.Option(None, "--source-issuer", help="Who issued it (国务院, 云南省人民政府 ...)."),
    source_date: Optional[str] = typer.Option(None, "--source-date", help="Its date: YYYY, YYYY-MM or YYYY-MM-DD."),
    source_doc: Optional[str] = typer.Option(None, "--source-doc", help="Its id in ../shared/corpus/MANIFEST.tsv."),
    source_url: Optional[str] = typer.Option(None, "--source-url", help="Where it is published (when not in the corpus)."),
    example: Optional[str] = typer.Option(None, "--example", help="A sentence of the source in which the entry must be found."),
    match: Optional[str] = typer.Option(None, "--match", help="The span of the example to be found (default: the first form it holds)."),
    negatives: Optional[list[str]] = typer.Option(None, "--negative", help="A sentence in which it must not be found (repeatable)."),
    notes: Optional[str] = typer.Option(None, "--notes", help="Usage, hazards, history."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and print the entry; write nothing."),
    lexicon: Optional[Path] = LexiconOption,
) -> None:
    """Add a formulation at the end of its family's file, in the house style, after the
    lexicon check has passed with it; required options that are missing are asked for in a terminal.

    Example: phrasebook lexicon new --id kaifangxing_shijie_jingji --zh 开放型世界经济 --en "an open world economy" --family global_doctrine --source-title 2018年中华人民共和国国务院政府工作报告 --source-issuer 国务院 --source-date 2018-03-05 --source-doc gwr-2018 --example "积极参与改革完善全球治理，致力于建设开放型世界经济。" --dry-run
    """
    from phrasebook.errors import UsageError
    from phrasebook.lexicon import default_lexicon_dir
    from phrasebook.lexicon.scaffold import add_formulation, family_files

    root = lexicon or default_lexicon_dir()
    given: dict[str, Any] = {
        "entry_id": entry_id, "zh": zh, "en": en, "family": family, "source_title": source_title,
        "source_issuer": source_issuer, "source_date": source_date, "source": source_doc or source_url, "example": example,
    }
    missing = [(name, option, prompt) for name, option, prompt in _REQUIRED if not given[name]]
    if missing and not interactive():
        raise UsageError(f"missing {', '.join(option for _, option, _ in missing)} (run in a terminal to be asked for them)")
    for name, _, prompt in missing:
        if name == "family":
            prompt += f" ({', '.join(sorted(family_files(root)))})"
        given[name] = typer.prompt(prompt).strip()
    if not source_doc and not source_url:
        source_doc, source_url = (None, given["source"]) if given["source"].startswith(("http://", "https://")) else (given["source"], None)
    forms = [given["zh"], *(variants or [])]
    span = match or next((form for form in forms if form in given["example"]), None)
    if span is None:
        raise UsageError(f"--example holds none of the forms ({', '.join(forms)}); give the span with --match")
    source = {"title": given["source_title"], "issuer": given["source_issuer"], "date": given["source_date"], "doc": source_doc, "url": source_url}
    entry: dict[str, Any] = {
        "id": given["entry_id"], "zh": given["zh"], "en": given["en"], "variants": variants, "patterns": patterns, "role": role,
        "shadows": shadows, "sources": [{key: value for key, value in source.items() if value}],
        "examples": {"positive": [{"text": given["example"], "match": span}], "negative": negatives}, "notes": notes,
    }
    entry = _without_empty(entry)
    added = add_formulation(root, family=given["family"], entry=entry, write=not dry_run)
    verb = "would add" if dry_run else "added"
    typer.echo(f"{verb} {entry['id']} at {added.path}:{added.line}:\n{added.text}", nl=False)
    for warning in added.warnings:
        typer.echo(str(warning), err=True)


def _without_empty(value: Any) -> Any:
    """The entry without the options that were not given (the schema's defaults stand)."""
    if isinstance(value, dict):
        return {key: _without_empty(item) for key, item in value.items() if item not in (None, [], "")}
    return value
