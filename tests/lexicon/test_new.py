"""`phrasebook lexicon new`: an entry scaffolded from options lands at the end of its
family's file in the house style, and only when the lexicon check passes with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasebook.cli import app, lexicon_new
from phrasebook.lexicon import default_lexicon_dir, load_lexicon
from phrasebook.lexicon.check import check_lexicon
from phrasebook.tagger import Tagger

runner = CliRunner()
# 开放型世界经济 (an open world economy): in the national work reports, not yet in the lexicon.
OPEN_WORLD_ECONOMY = [
    "--id", "kaifangxing_shijie_jingji", "--zh", "开放型世界经济", "--en", "an open world economy",
    "--family", "global_doctrine", "--source-title", "2018年中华人民共和国国务院政府工作报告",
    "--source-issuer", "国务院", "--source-date", "2018-03-05", "--source-doc", "gwr-2018",
    "--example", "积极参与改革完善全球治理，致力于建设开放型世界经济。",
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), copy)
    return copy


def _new(root: Path, *options: str, input: str | None = None):
    return runner.invoke(app, ["lexicon", "new", "--lexicon", str(root), *options], input=input)


def test_new_entry_is_appended_checked_and_found_in_real_text(root, shared_corpus):
    target = root / "formulations" / "global_doctrine.yaml"
    before = target.read_text(encoding="utf-8")
    result = _new(root, *OPEN_WORLD_ECONOMY, "--notes", "The global slogan, in the work reports since 2013; not China's own open economy.")
    assert result.exit_code == 0, result.output
    after = target.read_text(encoding="utf-8")
    assert after.startswith(before) and after[len(before):].startswith("\n  - id: kaifangxing_shijie_jingji\n    zh: 开放型世界经济\n")
    line = after.splitlines().index("  - id: kaifangxing_shijie_jingji") + 1
    assert f"added kaifangxing_shijie_jingji at {target}:{line}:" in result.output
    assert check_lexicon(root) == []
    tagger = Tagger(load_lexicon(root))
    report = (shared_corpus / "national_gwr" / "gwr-2019.txt").read_text(encoding="utf-8")
    assert [m.surface for m in tagger.matches(report) if m.entry_id == "kaifangxing_shijie_jingji"] == ["开放型世界经济"]


def test_dry_run_writes_nothing(root):
    files = {path: path.read_bytes() for path in root.rglob("*.yaml")}
    result = _new(root, *OPEN_WORLD_ECONOMY, "--dry-run")
    assert result.exit_code == 0 and "would add kaifangxing_shijie_jingji" in result.output
    assert {path: path.read_bytes() for path in root.rglob("*.yaml")} == files


def test_a_new_shadowing_is_reported_and_can_be_acknowledged(root):
    options = [
        "--id", "gongjian_yidaiyilu_gaozhiliang_fazhan", "--zh", "共建“一带一路”高质量发展", "--en", "high-quality Belt and Road cooperation",
        "--family", "opening_up", "--source-title", "2024年中华人民共和国国务院政府工作报告", "--source-issuer", "国务院",
        "--source-date", "2024-03-05", "--source-doc", "gwr-2024", "--example", "扎实推进共建“一带一路”高质量发展，与共建国家贸易投资较快增长。",
    ]
    warned = _new(root, *options, "--dry-run")
    assert warned.exit_code == 0
    assert "gongjian_yidaiyilu_gaozhiliang_fazhan shadows yidai_yilu (一带一路 in 共建“一带一路”高质量发展)" in warned.output
    quiet = _new(root, *options, "--shadows", "yidai_yilu")
    assert quiet.exit_code == 0 and "shadows: [yidai_yilu]" in quiet.output and "shadows yidai_yilu (" not in quiet.output
    assert not [p for p in check_lexicon(root) if p.severity == "warning"]


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        (("--id", "zhongguo_zhongya_fenghui"), 2, "--id zhongguo_zhongya_fenghui: already the id of the entry at"),
        (("--family", "diplomacy"), 2, "--family diplomacy: no such family; the families are conferences, global_doctrine, leverage_advantage"),
        (("--source-date", "2018年"), 2, "--source-date: String should match pattern"),
        (("--example", "致力于建设开放型经济新体制。"), 2, "--example holds none of the forms (开放型世界经济)"),
        (("--id", "Open-World"), 2, "--id: String should match pattern"),
    ],
)
def test_bad_options_are_refused_naming_the_option(root, change, code, message):
    options = list(OPEN_WORLD_ECONOMY)
    options[options.index(change[0]) + 1] = change[1]
    files = {path: path.read_bytes() for path in root.rglob("*.yaml")}
    result = _new(root, *options)
    assert result.exit_code == code and message in result.output, result.output
    assert {path: path.read_bytes() for path in root.rglob("*.yaml")} == files


def test_an_entry_the_check_refuses_is_not_written(root):
    target = root / "formulations" / "global_doctrine.yaml"
    before = target.read_text(encoding="utf-8")
    # A two-character form needs a negative example; this one has none.
    options = list(OPEN_WORLD_ECONOMY) + ["--variant", "开放", "--match", "开放型世界经济"]
    result = _new(root, *options)
    assert result.exit_code == 1
    assert f"{target}:" in result.output and "kaifangxing_shijie_jingji: needs a negative example (has a form of 2 characters or fewer)" in result.output
    assert target.read_text(encoding="utf-8") == before


def test_missing_options_are_named_when_no_one_can_answer(root):
    result = _new(root, "--id", "kaifangxing_shijie_jingji", "--zh", "开放型世界经济")
    assert result.exit_code == 2
    assert "missing --en, --family, --source-title, --source-issuer, --source-date, --source-doc/--source-url, --example" in result.output


def test_missing_options_are_asked_for_in_a_terminal(root, monkeypatch):
    monkeypatch.setattr(lexicon_new, "interactive", lambda: True)
    answers = "\n".join([
        "an open world economy", "global_doctrine", "2019年中华人民共和国国务院政府工作报告", "国务院", "2019-03-05", "gwr-2019",
        "积极参与全球治理体系的改革完善，坚定维护开放型世界经济，推动构建人类命运共同体。",
    ]) + "\n"
    result = _new(root, "--id", "kaifangxing_shijie_jingji", "--zh", "开放型世界经济", input=answers)
    assert result.exit_code == 0, result.output
    assert "Family (conferences, global_doctrine, leverage_advantage," in result.output
    entry = load_lexicon(root).get("kaifangxing_shijie_jingji")
    assert entry.family == "global_doctrine" and entry.examples.positive[0].match == "开放型世界经济"
    assert [m.entry_id for m in Tagger(load_lexicon(root)).matches(entry.examples.positive[0].text)].count(entry.id) == 1
