from pathlib import Path

from phrasebook.lexicon.yamlsafe import MAX_FILE_BYTES, load_yaml


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_yaml_loads_with_line_numbers(tmp_path):
    document, problems = load_yaml(_write(tmp_path, "a:\n  - x: 1\n  - x: 2\n    y: 中\n"))
    assert problems == []
    assert document.data == {"a": [{"x": 1}, {"x": 2, "y": "中"}]}
    assert document.line_of(("a", 1, "y")) == 4
    assert document.line_of(("a", 1, "missing")) == 3


def test_alias_bomb_is_refused(tmp_path):
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    document, problems = load_yaml(_write(tmp_path, bomb))
    assert document is None
    assert problems[0].line == 1
    assert "anchors" in problems[0].message


def test_alias_without_anchor_is_refused(tmp_path):
    document, problems = load_yaml(_write(tmp_path, "a: 1\nb: *x\n"))
    assert document is None and problems[0].line == 2


def test_python_tags_are_refused(tmp_path):
    document, problems = load_yaml(_write(tmp_path, "a: !!python/object/apply:os.system ['true']\n"))
    assert document is None
    assert "YAML error" in problems[0].message


def test_control_character_is_a_problem_not_a_crash(tmp_path):
    document, problems = load_yaml(_write(tmp_path, "a: b\x07c\n"))
    assert document is None and "control characters" in problems[0].message


def test_duplicate_keys_are_refused(tmp_path):
    document, problems = load_yaml(_write(tmp_path, "a: 1\nb: 2\na: 3\n"))
    assert document is None
    assert problems[0].line == 3 and "duplicate key 'a'" in problems[0].message


def test_oversized_file_is_refused(tmp_path):
    path = _write(tmp_path, "a: " + "x" * MAX_FILE_BYTES + "\n")
    document, problems = load_yaml(path)
    assert document is None and "limit" in problems[0].message


def test_invalid_utf8_is_refused(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes("a: 中".encode("gb18030"))
    document, problems = load_yaml(path)
    assert document is None and "UTF-8" in problems[0].message
