"""`phrasebook lexicon diff`: a real change to a lexicon under git, measured on real
reports: entries, matches gained and lost, matches taken by a longer entry, shadowing,
designations and engagement events, and the Markdown a pull request gets."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasebook.cli import app
from phrasebook.lexicon import default_lexicon_dir
from phrasebook.lexicon.scaffold import add_formulation
from phrasebook.report.lexicon_diff import lexicon_diff, markdown

runner = CliRunner()
REPORTS = ["gwr-2017", "gwr-2018", "gwr-2019", "gwr-2024"]
OPEN_WORLD_ECONOMY = {
    "id": "kaifangxing_shijie_jingji", "zh": "开放型世界经济", "en": "an open world economy",
    "sources": [{"title": "2018年中华人民共和国国务院政府工作报告", "issuer": "国务院", "date": "2018-03-05", "doc": "gwr-2018"}],
    "examples": {"positive": [{"text": "积极参与改革完善全球治理，致力于建设开放型世界经济。", "match": "开放型世界经济"}]},
}
HIGH_QUALITY_BRI = {
    "id": "gongjian_yidaiyilu_gaozhiliang_fazhan", "zh": "共建“一带一路”高质量发展", "en": "high-quality Belt and Road cooperation",
    "sources": [{"title": "2024年中华人民共和国国务院政府工作报告", "issuer": "国务院", "date": "2024-03-05", "doc": "gwr-2024"}],
    "examples": {"positive": [{"text": "扎实推进共建“一带一路”高质量发展，与共建国家贸易投资较快增长。", "match": "共建“一带一路”高质量发展"}]},
}


def _git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=editor", "-c", "user.email=editor@example.org", *arguments], check=True, capture_output=True)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """A git repository holding the shipped lexicon, committed once."""
    folder = tmp_path_factory.mktemp("repository")
    shutil.copytree(default_lexicon_dir(), folder / "lexicon")
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "the lexicon")
    return folder


@pytest.fixture(scope="module")
def changed(repository: Path) -> Path:
    """The working tree with two new formulations: one new to the corpus, one that holds 一带一路."""
    root = repository / "lexicon"
    add_formulation(root, family="global_doctrine", entry=OPEN_WORLD_ECONOMY)
    add_formulation(root, family="opening_up", entry=HIGH_QUALITY_BRI)
    return root


@pytest.fixture(scope="module")
def reports(shared_corpus: Path) -> list[Path]:
    return [shared_corpus / "national_gwr" / f"{name}.txt" for name in REPORTS]


def test_gains_losses_and_displaced_matches_are_those_of_the_texts(changed, reports):
    diff = lexicon_diff(root=changed, base="HEAD", corpus=reports, attribution=False)
    texts = [path.read_text(encoding="utf-8") for path in reports]
    assert sorted((c.entry_id, c.status) for c in diff.changes) == [("gongjian_yidaiyilu_gaozhiliang_fazhan", "added"), ("kaifangxing_shijie_jingji", "added")]
    found = diff.impact
    counts = found.counts.set_index("entry_id")
    open_economy = sum(text.count("开放型世界经济") for text in texts)
    high_quality = sum(text.count("共建“一带一路”高质量发展") for text in texts)
    assert open_economy >= 3 and high_quality >= 1
    assert counts.loc["kaifangxing_shijie_jingji", ["base", "new", "gained", "lost"]].tolist() == [0, open_economy, open_economy, 0]
    assert counts.loc["yidai_yilu", "lost"] == high_quality and counts.loc["yidai_yilu", "gained"] == 0
    assert found.displaced.values.tolist() == [["yidai_yilu", "gongjian_yidaiyilu_gaozhiliang_fazhan", high_quality]]
    assert len(found.new.matches) - len(found.base.matches) == open_economy
    [shadowing] = diff.shadowing
    assert (shadowing.hidden, shadowing.hiding, shadowing.status, shadowing.acknowledged) == ("yidai_yilu", "gongjian_yidaiyilu_gaozhiliang_fazhan", "new", False)


def test_the_report_is_markdown_for_a_pull_request(changed, reports):
    diff = lexicon_diff(root=changed, base="HEAD", corpus=reports, attribution=False)
    report = markdown(diff, kwic=2)
    assert report.startswith("<!-- generator: phrasebook lexicon diff -->\n## Lexicon diff: `HEAD` → working tree\n")
    assert "### Entries: 2 added, 0 removed, 0 changed" in report
    assert "| **`kaifangxing_shijie_jingji`** | global_doctrine | 0 |" in report
    assert "- gained · gwr-2018 · …" in report and "**开放型世界经济**" in report
    assert "| `yidai_yilu` | `gongjian_yidaiyilu_gaozhiliang_fazhan` |" in report
    assert "**not acknowledged**: list `yidai_yilu` under `shadows` of `gongjian_yidaiyilu_gaozhiliang_fazhan`" in report
    assert "Designations" not in report  # --no-attribution
    cut = markdown(diff, limit=1_000)
    assert len(cut) < 1_000 and cut.endswith("`--limit 0` gives it all)\n")


def test_the_base_is_tagged_once_per_lexicon_version(changed, reports):
    first, second = [], []
    lexicon_diff(root=changed, base="HEAD", corpus=reports, attribution=False, log=first.append)
    lexicon_diff(root=changed, base="HEAD", corpus=reports, attribution=False, log=second.append)
    assert all("findings from the cache" in line for line in second) and len(second) == 2


def test_designations_and_events_gained_and_lost(tmp_path, shared_corpus):
    """Two edits of the attribution vocabularies: 功能 no longer extends a designation
    (重要通道功能 becomes 重要通道), and 联合国 is no longer a partner organisation."""
    folder = tmp_path / "repository"
    shutil.copytree(default_lexicon_dir(), folder / "lexicon")
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "the lexicon")
    roles, partners = folder / "lexicon" / "roles.yaml", folder / "lexicon" / "partners.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("港口, 功能, 作用", "港口, 作用"), encoding="utf-8")
    partners.write_text(partners.read_text(encoding="utf-8").replace("\n  联合国: un\n", "\n"), encoding="utf-8")
    corpus = [shared_corpus / "provincial_gwr" / f"prov-{name}-gwr-2025.txt" for name in ("fujian", "shandong")]
    found = lexicon_diff(root=folder / "lexicon", base="HEAD", corpus=corpus).impact
    assert ("CN-FJ", "重要通道功能") in set(zip(found.roles_lost["province"], found.roles_lost["wording"]))
    assert ("CN-FJ", "重要通道") in set(zip(found.roles_gained["province"], found.roles_gained["wording"]))
    assert set(found.events_lost["partner"]) == {"un"} and found.events_gained.empty
    assert all("联合国" in sentence for sentence in found.events_lost["sentence"])


def test_cli_writes_the_report_and_refuses_what_it_cannot_compare(changed, reports, tmp_path):
    corpus = [option for path in reports for option in ("--corpus", str(path))]
    target = tmp_path / "report.md"
    result = runner.invoke(app, ["lexicon", "diff", "--lexicon", str(changed), *corpus, "--no-attribution", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!-- generator: phrasebook lexicon diff -->\n## Lexicon diff") and f"report in {target}" in result.output
    outside = tmp_path / "lexicon"
    shutil.copytree(changed, outside)
    for options, message in (
        (["--base", "no-such-branch"], "--base no-such-branch: no such revision"),
        (["-o", str(tmp_path / "report.txt")], "the format must be one of .md"),
        (["--lexicon", str(outside)], "--base needs the lexicon in a git repository"),
    ):
        refused = runner.invoke(app, ["lexicon", "diff", "--lexicon", str(changed), *corpus, "--no-attribution", *options])
        assert refused.exit_code == 2 and message in refused.output, (options, refused.output)
