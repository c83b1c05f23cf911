"""The pull-request workflow of the lexicon runs the commands lexicon/README.md gives, and
each of its phrasebook command lines is one the command line accepts."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from phrasebook.cli import app

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "lexicon.yml"
runner = CliRunner()


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _runs() -> list[str]:
    return [step["run"] for step in _workflow()["jobs"]["lexicon"]["steps"] if "run" in step]


def test_pull_requests_on_the_lexicon_get_checked_and_a_report():
    workflow = _workflow()
    triggers = workflow.get("on") or workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["pull_request"]["paths"] == ["lexicon/**"]
    assert workflow["permissions"]["pull-requests"] == "write"
    steps = workflow["jobs"]["lexicon"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    runs = _runs()
    assert "phrasebook lexicon check" in runs and "phrasebook lexicon fmt --check" in runs
    assert "phrasebook lexicon diff --base origin/${{ github.base_ref }} -o report.md" in runs
    assert any(run.startswith("gh pr comment") and "--body-file report.md" in run for run in runs)


def test_every_phrasebook_command_line_of_the_workflow_parses():
    lines = [run for run in _runs() if run.startswith("phrasebook ")]
    assert len(lines) == 3
    for line in lines:
        arguments = shlex.split(line.replace("${{ github.base_ref }}", "main"))[1:]
        result = runner.invoke(app, [*arguments, "--help"])
        assert result.exit_code == 0, (line, result.output)
