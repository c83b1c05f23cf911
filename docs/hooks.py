"""MkDocs hooks: the command-line reference generated from the typer app at every build,
the table reference from :mod:`phrasebook.schema`, the README's figures checked against
their commands (``docs/readme_figures.py``), and the repository files that included README sections link to, published at the same
relative paths, so that those links work on the site as they do on the repository."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
LINKED_FROM = ("README.md",)
_RELATIVE_LINK = re.compile(r"\]\((?!https?:|#)([^)\s]+)\)")


def on_pre_build(config) -> None:
    """Refuse to build docs whose README figures drifted from what their commands give."""
    spec = importlib.util.spec_from_file_location("readme_figures", ROOT / "docs" / "readme_figures.py")
    figures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(figures)
    problems = figures.drifted((ROOT / "README.md").read_text(encoding="utf-8"), corpus=figures.SHARED.is_dir())
    if problems:
        raise PluginError("README figures drifted (python docs/readme_figures.py --write updates them):\n" + "\n".join(problems))


def on_files(files: Files, config) -> Files:
    from phrasebook.schema import column_reference

    files.append(File.generated(config, "reference/cli.md", content=_cli_reference()))
    files.append(File.generated(config, "reference/tables.md", content=column_reference()))
    for source in LINKED_FROM:
        for target in sorted(set(_RELATIVE_LINK.findall((ROOT / source).read_text(encoding="utf-8")))):
            path = ROOT / target
            if path.is_file() and files.get_file_from_path(target) is None:
                files.append(File.generated(config, target, abs_src_path=str(path)))
    return files


def _cli_reference() -> str:
    """Markdown for every command, from the app itself (typer's own docs generator)."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "cli.md"
        command = [sys.executable, "-m", "typer", "phrasebook.cli", "utils", "docs", "--name", "phrasebook", "--output", str(output)]
        subprocess.run(command, check=True, capture_output=True)
        text = output.read_text(encoding="utf-8")
    return "# Command line\n\nGenerated from the application at build time: what `phrasebook COMMAND --help` prints.\n\n" + text.replace("# `phrasebook`", "## `phrasebook`", 1)
