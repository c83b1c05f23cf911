"""The HTML report, loaded in a real headless Chromium: its charts decode and its tables render."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasebook.cli import app

pytestmark = pytest.mark.corpus
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def report(shared_corpus: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    news = shared_corpus / "xwlb" / "xwlb-2024.jsonl.gz"
    result = CliRunner().invoke(
        app, ["report", str(shared_corpus / "national_gwr"), str(shared_corpus / "provincial_gwr"),
              str(shared_corpus / "five_year_plans"), str(news), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_report_is_self_contained(report: Path):
    text = report.read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text
    assert text.count("data:image/png;base64,") >= 5
    for heading in ("Formulations over time", "Designations by province", "Engagement events", "Significant changes between consecutive years"):
        assert heading in text


def test_rates_are_shown_per_series_not_mixed(report: Path):
    """National and provincial reports of one year are not one period: each series has
    its own chart and its own changes."""
    text = report.read_text(encoding="utf-8")
    assert re.search(r"<h3>national_government_work_report: 26 documents, 2000-2025</h3>", text)
    assert "<h3>provincial_government_work_report" not in text  # one year only: no rates over time
    assert "Mixed:" not in text


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it from Debian's packages)")
def test_report_renders_in_chromium(report: Path, tmp_path: Path):
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    rendered = re.search(r'data-charts-rendered="(\d+)"', dom)
    assert rendered and int(rendered.group(1)) == report.read_text(encoding="utf-8").count("data:image/png;base64,"), "a chart did not decode"
    assert dom.count("<table") >= 4
    assert "CN-YN" in dom and "radiation_center" in dom
