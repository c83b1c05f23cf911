"""`phrasebook lexicon check` passes on the shipped lexicon and fails, at the right
path:line, on copies broken in each way the checker knows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasebook.cli import app
from phrasebook.lexicon import default_lexicon_dir
from phrasebook.lexicon.check import check_lexicon, shadowing
from phrasebook.normalize import normalize

VALID = """\
family: opening_up

description: An entry written by the test suite.

entries:
  - id: zz_test_entry
    zh: 测试提法甲乙
    en: a test formulation
    sources:
      - title: 测试文件
        issuer: 国务院
        date: '2025'
        doc: gwr-2025
    examples:
      positive:
        - text: 这是测试提法甲乙。
          match: 测试提法甲乙
      negative: [这是测试。]
"""
ENTRY_LINE = 6


@pytest.fixture
def broken(tmp_path: Path):
    """Copy the shipped lexicon and add one formulation file written by the test."""
    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    target = root / "formulations" / "zz_test.yaml"

    def write(text: str) -> tuple[Path, Path]:
        target.write_text(text, encoding="utf-8")
        return root, target

    return write


def _errors(root: Path):
    return [p for p in check_lexicon(root) if p.severity == "error"]


def _assert_error(root: Path, path: Path, line: int, fragment: str) -> None:
    errors = _errors(root)
    hits = [p for p in errors if p.path == path and p.line == line and fragment in p.message]
    assert hits, f"no error at {path.name}:{line} containing {fragment!r}; got:\n" + "\n".join(map(str, errors))


def test_shipped_lexicon_is_clean():
    assert _errors(default_lexicon_dir()) == []


def test_valid_added_file_is_clean(broken):
    root, _ = broken(VALID)
    assert _errors(root) == []


def test_missing_field(broken):
    root, path = broken(VALID.replace("    en: a test formulation\n", ""))
    _assert_error(root, path, ENTRY_LINE, "entries.0.en: Field required")


def test_unknown_key_is_an_error(broken):
    root, path = broken(VALID.replace("    en: a test formulation\n", "    en: a test formulation\n    not_insde: [甲]\n"))
    _assert_error(root, path, ENTRY_LINE + 3, "not_insde")


def test_duplicate_id(broken, lexicon):
    existing = lexicon.of_kind("formulation")[0].id
    root, path = broken(VALID.replace("zz_test_entry", existing))
    _assert_error(root, path, ENTRY_LINE, f"duplicate id {existing!r}")


def test_form_claimed_twice_without_precedence(broken, lexicon):
    other = lexicon.of_kind("formulation")[0]
    root, path = broken(VALID.replace("    en: a test", f"    variants: [{other.canonical}]\n    en: a test"))
    _assert_error(root, path, ENTRY_LINE, f"form {other.canonical!r} is claimed by {other.id}, zz_test_entry")


def test_declared_priority_resolves_the_claim(broken, lexicon):
    other = lexicon.of_kind("formulation")[0]
    text = VALID.replace("    en: a test", f"    variants: [{other.canonical}]\n    priority: 1\n    en: a test")
    root, _ = broken(text)
    assert not [p for p in _errors(root) if "equal priority" in p.message]


def _with_longer_entry(shadows: str = "") -> str:
    """VALID and a second entry whose form holds the first one's (测试提法甲乙 in 测试提法甲乙丙)."""
    longer = VALID.replace("zz_test_entry", "zz_test_longer").replace("测试提法甲乙", "测试提法甲乙丙").split("entries:\n")[1]
    if shadows:
        longer = longer.replace("    en: a test formulation\n", f"    en: a test formulation\n    shadows: [{shadows}]\n")
    return VALID + "\n" + longer


def test_shadowed_form_is_a_warning_at_the_entry_that_shadows_it(broken):
    root, path = broken(_with_longer_entry())
    problems = check_lexicon(root)
    assert not [p for p in problems if p.severity == "error"]
    line = _with_longer_entry().splitlines().index("  - id: zz_test_longer") + 1
    warnings = [p for p in problems if p.severity == "warning"]
    assert [(p.path, p.line) for p in warnings] == [(path, line)]
    assert warnings[0].message == "zz_test_longer shadows zz_test_entry (测试提法甲乙 in 测试提法甲乙丙); if intended, list zz_test_entry under its `shadows`"


def test_acknowledged_shadowing_is_silent(broken):
    root, _ = broken(_with_longer_entry(shadows="zz_test_entry"))
    assert [p for p in check_lexicon(root) if p.severity != "error" or "shadow" in p.message] == []


def test_an_acknowledgement_naming_no_entry_is_an_error(broken):
    root, path = broken(_with_longer_entry(shadows="zz_test_entry, zz_no_such_entry"))
    line = _with_longer_entry().splitlines().index("  - id: zz_test_longer") + 1
    _assert_error(root, path, line, "`shadows` names 'zz_no_such_entry', which is no entry of the lexicon")


@pytest.mark.parametrize(
    ("shadows", "hint"),
    [
        ("zz_test_entry, yidai_yilu", "remove it"),  # a real entry, but none of its forms lies inside 测试提法甲乙丙
        ("zz_test_entry, belt_and_road", "belt_and_road is a place, matched in a layer of its own"),
    ],
)
def test_a_stale_acknowledgement_is_a_warning_that_says_so(broken, shadows, hint):
    root, path = broken(_with_longer_entry(shadows=shadows))
    stale = [p for p in check_lexicon(root) if "stale" in p.message]
    assert len(stale) == 1 and stale[0].severity == "warning" and stale[0].path == path
    assert hint in stale[0].message


def test_an_acknowledgement_on_the_wrong_entry_names_the_right_one(broken):
    text = _with_longer_entry().replace("    en: a test formulation\n", "    en: a test formulation\n    shadows: [zz_test_longer]\n", 1)
    root, _ = broken(text)
    stale = [p for p in check_lexicon(root) if "stale" in p.message]
    assert len(stale) == 1 and "it is zz_test_longer that shadows zz_test_entry" in stale[0].message
    assert any("zz_test_longer shadows zz_test_entry" in p.message for p in check_lexicon(root))


def test_the_shipped_lexicon_has_no_unacknowledged_shadowing():
    assert [str(p) for p in check_lexicon(default_lexicon_dir()) if p.severity == "warning"] == []


def test_a_place_hides_no_formulation(lexicon, matcher):
    """一带一路 lies inside the region names of belt_and_road, but places are chosen in a
    layer of their own: both are found, so no shadowing is reported."""
    assert not [pair for pair in shadowing(lexicon) if "belt_and_road" in pair]
    sentence = lexicon.get("gongjian_guojia").examples.positive[1].text  # 深化与“一带一路”共建国家防沙治沙合作。
    found = {m.entry.id for m in matcher.find(normalize(sentence).text)}
    assert {"yidai_yilu", "belt_and_road", "gongjian_guojia"} <= found


@pytest.mark.parametrize(
    ("form", "fragment"),
    [("测试提法 甲乙", "whitespace"), ("测试提法ＡＢ", "full-width"), ("測試提法甲乙", "traditional"), ("测试,提法", "half-width")],
)
def test_typographic_slips(broken, form, fragment):
    root, path = broken(VALID.replace("    zh: 测试提法甲乙", f"    zh: '{form}'"))
    _assert_error(root, path, ENTRY_LINE, fragment)


def test_positive_example_must_match_at_its_span(broken):
    root, path = broken(VALID.replace("    en: a test", "    not_before: [。]\n    en: a test"))
    _assert_error(root, path, ENTRY_LINE, "should match '测试提法甲乙'")


def test_negative_example_must_not_match(broken):
    root, path = broken(VALID.replace("negative: [这是测试。]", "negative: [另一个测试提法甲乙。]"))
    _assert_error(root, path, ENTRY_LINE, "negative example")


def test_role_designation_needs_a_role_and_a_negative(broken):
    text = VALID.replace("family: opening_up", "family: role_designation").replace("      negative: [这是测试。]\n", "")
    root, path = broken(text)
    _assert_error(root, path, ENTRY_LINE, "needs a negative example")
    _assert_error(root, path, ENTRY_LINE, "without a role")


def test_retired_id_may_not_be_reused(broken):
    root, path = broken(VALID)
    with (root / "retired_ids.txt").open("a", encoding="utf-8") as handle:
        handle.write("zz_test_entry  # removed in a test\n")
    _assert_error(root, path, ENTRY_LINE, "retired")


def test_a_not_led_form_that_no_context_word_makes_is_an_error_at_its_line(broken):
    """A typo in abbreviation_contexts.not_led would otherwise veto nothing, silently."""
    root, _ = broken(VALID)
    provinces = root / "places" / "provinces.yaml"
    lines = provinces.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip() == "- 来蒙")
    lines.insert(first, lines[first].replace("来蒙", "来X"))
    provinces.write_text("".join(lines), encoding="utf-8")
    _assert_error(root, provinces, first + 1, "来X is no context word followed by an abbreviation")


def test_yaml_anchor_is_refused(broken):
    root, path = broken(VALID.replace("description: An entry", "description: &d An entry"))
    _assert_error(root, path, 3, "anchors")


def test_unknown_slot_in_template(broken):
    root, path = broken(VALID.replace("    en: a test", "    patterns: ['测试{NOPE}']\n    en: a test"))
    _assert_error(root, path, ENTRY_LINE, "unknown slot")


def test_a_template_too_costly_for_the_engine_is_refused_at_its_line(broken):
    gaps = "".join(f"{{ANY:0-12}}{c}" for c in "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸")
    root, path = broken(VALID.replace("    en: a test", f"    patterns: ['测试{gaps}']\n    en: a test"))
    _assert_error(root, path, ENTRY_LINE, "ways, more than 2,000")
    root, path = broken(VALID.replace("    en: a test", "    patterns: ['测试{ANY:0-12}甲{ANY:0-12}乙']\n    en: a test"))
    assert not [p for p in _errors(root) if "ways" in p.message]  # two wide gaps (169 ways) are fine


@pytest.mark.parametrize(
    "change",
    [
        ("    zh: 测试提法甲乙", "    zh: 测试提法；甲乙"),  # a form
        ("    en: a test", "    patterns: ['测试(甲|乙。)提法']\n    en: a test"),  # a template's group
        ("    en: a test", "    patterns: ['测试!{ANY:0-2}提法']\n    en: a test"),  # a template's literal
    ],
)
def test_forms_that_cross_a_sentence_end_are_refused(broken, change):
    root, path = broken(VALID.replace(*change))
    _assert_error(root, path, ENTRY_LINE, "sentence")


def test_oversized_file(broken):
    root, path = broken(VALID + "# " + "x" * 1_100_000 + "\n")
    _assert_error(root, path, 1, "limit")


def test_cli_prints_path_line_and_exits_1(broken):
    root, path = broken(VALID.replace("    en: a test formulation\n", ""))
    result = CliRunner().invoke(app, ["lexicon", "check", "--lexicon", str(root)])
    assert result.exit_code == 1
    assert f"{path}:{ENTRY_LINE}: entries.0.en: Field required" in result.output


def test_cli_exits_0_on_the_shipped_lexicon():
    result = CliRunner().invoke(app, ["lexicon", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok:")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [("  中非: XX\n", "XX is not a country code"), ("  西非: CF\n", "西非 is no compound")],
)
def test_a_list_name_must_be_a_compound_naming_a_country(broken, line, fragment):
    """A list name that no compound matches, or that names no country, would change nothing, silently."""
    root, _ = broken(VALID)
    partners = root / "partners.yaml"
    text = partners.read_text(encoding="utf-8").replace("  中非: CF\n", line)
    partners.write_text(text, encoding="utf-8")
    number = text.splitlines().index(line.rstrip("\n")) + 1
    _assert_error(root, partners, number, fragment)
