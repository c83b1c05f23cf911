"""What a user meets at the command line: a one-line message and exit 2 for a wrong
argument, never a traceback, never a quiet empty table; a lexicon with errors is refused
by every command; outputs are never overwritten by mistake."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from phrasebook import __version__
from phrasebook.cli import app
from phrasebook.lexicon import default_lexicon_dir

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"phrasebook {__version__}"


def test_help_imports_nothing_heavy() -> None:
    """--help stays fast because the command modules import pandas, scikit-learn, scipy,
    matplotlib and the lexicon only when a command runs."""
    code = (
        "import sys, phrasebook.cli;"
        "heavy = [m for m in ('pandas', 'sklearn', 'scipy', 'matplotlib', 'pydantic', 'numpy', 'babel') if m in sys.modules];"
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["tag", "-o", "{tmp}/x.csv", "--docs", "{tmp}/x.csv"], "the same file as -o"),
        (["tag", "-o", "/proc/x.csv"], "cannot write there"),
        (["tag", "-o", "{tmp}/file.txt/x.csv"], "cannot write there"),
        (["tag", "-o", "{tmp}/out.xlsx"], "the format must be one of"),
        (["tag", "-o", "{tmp}"], "is a folder"),
        (["track", "--family", "opening_upp"], "did you mean opening_up"),
        (["track", "--entry", "yidai_yillu"], "did you mean yidai_yilu"),
        (["track", "--by", "decade"], "'decade' is not one of 'year', 'quarter'"),
        (["track", "-o", "{tmp}/t.csv", "--plot", "{tmp}/t.csv"], "format must be one of .png"),
        (["kwic", "{corpus}", "yidai_yillu"], "neither an entry id nor a family"),
        (["explain", "no/such/report.txt"], "no such file or folder"),
        (["explain"], "give files or folders to explain, or --text"),
        (["lexicon", "show", "fushe_zhongxn"], "did you mean fushe_zhongxin"),
        (["lexicon", "list", "--family", "nope"], "no such family"),
        (["engagements", "--plot", "{tmp}/x.csv"], "format must be one of .png"),
        (["tag", "--segmenter", "pkuseg"], "PHRASEBOOK_PKUSEG_MODEL"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(arguments, message, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("PHRASEBOOK_PKUSEG_MODEL", raising=False)
    (tmp_path / "x.csv").write_text("kept\n", encoding="utf-8")
    (tmp_path / "file.txt").write_text("a file, not a folder", encoding="utf-8")
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    filled = [a.format(tmp=tmp_path, corpus=corpus) for a in arguments]
    result = runner.invoke(app, filled)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert (tmp_path / "x.csv").read_text(encoding="utf-8") == "kept\n"  # nothing overwritten


def _broken_lexicon(tmp_path: Path, edit) -> Path:
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    path = root / "formulations" / "opening_up.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "edit, message",
    [
        # A second entry with an id in use.
        (lambda text: text.replace("id: zhiduxing_kaifang", "id: gaoshuiping_duiwai_kaifang", 1), "duplicate id 'gaoshuiping_duiwai_kaifang'"),
        # A one-character form: the check asks for a negative example before it can count.
        (lambda text: text.replace('    zh: 制度型开放\n', '    zh: 制度型开放\n    variants: ["放"]\n', 1), "needs a negative example"),
        # A template that cannot be compiled.
        (lambda text: text.replace('    zh: 制度型开放\n', '    zh: 制度型开放\n    patterns: ["{NOPE}开放"]\n', 1), "unknown slot {NOPE}"),
    ],
)
def test_every_command_refuses_a_lexicon_with_errors(edit, message, tmp_path) -> None:
    root = _broken_lexicon(tmp_path, edit)
    check = runner.invoke(app, ["lexicon", "check", "--lexicon", str(root)])
    assert check.exit_code == 1 and message in check.output
    located = [line for line in check.output.splitlines() if message in line][0]
    assert located.startswith(str(root / "formulations" / "opening_up.yaml") + ":")
    for command in (["tag"], ["track"], ["roles"], ["kwic", str(root.parent), "开放"], ["lexicon", "stats"]):
        result = runner.invoke(app, [*command, "--lexicon", str(root)])
        assert result.exit_code == 1, (command, result.output)
        assert located in result.output and "Traceback" not in result.output


def test_commands_that_read_a_corpus_print_a_summary(tmp_path) -> None:
    for command in (["tag"], ["roles"], ["partners"], ["track"], ["docs"], ["engagements"], ["kwic", str(Path(__file__).resolve().parents[2] / "corpus"), "yidai_yilu"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
        assert "20 documents, 6,014 characters" in result.output, command


@pytest.mark.parametrize(
    "command",
    [
        ["kwic", "{corpus}", "yidai_yilu"],
        ["kwic", "{corpus}", "对外开放", "--window", "40"],
        ["track", "{corpus}"],
        ["track", "{corpus}", "--events", "--alpha", "0.5"],
        ["roles", "{corpus}"],
        ["docs", "{corpus}"],
        ["tag", "{corpus}"],
    ],
)
def test_terminal_tables_fit_80_columns(command) -> None:
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    result = runner.invoke(app, [c.format(corpus=corpus) for c in command], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    table_lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(table_lines) > 3
    assert max(cell_len(line) for line in table_lines) <= 80, "\n".join(table_lines)


def test_a_terminal_table_keeps_the_wording_readable(tmp_path) -> None:
    """In 80 columns the wording of a designation is shown whole (a long one wraps), not
    cut to its first characters: 辐射中心 ends the phrase."""
    (tmp_path / "yunnan.txt").write_text("云南加快建设面向南亚东南亚辐射中心，扩大对外开放。", encoding="utf-8")
    (tmp_path / "guangxi.txt").write_text("广西加快打造面向东盟开放合作的国际门户枢纽和西部陆海新通道国际门户港。", encoding="utf-8")
    result = runner.invoke(app, ["roles", str(tmp_path)], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any("面向南亚东南亚辐射中心" in line for line in lines)
    wording = "".join(line.split("│")[-2].strip() for line in lines if line.count("│") > 2)
    assert "面向东盟开放合作的国际门户枢纽" in wording
    assert max(cell_len(line) for line in lines if line.strip()) <= 80
