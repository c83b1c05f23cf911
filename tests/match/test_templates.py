import threading

import pytest

from phrasebook.errors import TemplateError
from phrasebook.match.templates import compile_template, to_regex

SLOTS = {
    "PLACE": ["宁夏", "青海", "云南", "广西"],
    "REGION": ["南亚东南亚", "南亚", "东南亚", "东北亚"],
    "ROLE": ["辐射中心", "枢纽", "桥头堡"],
}


@pytest.mark.parametrize(
    ("template", "text", "spans"),
    [
        ("发挥{PLACE}?{ANY:0-6}优势", "要发挥区位优势", [(1, 7)]),
        ("发挥{PLACE}?{ANY:0-6}优势", "发挥宁夏技术优势", [(0, 8)]),
        ("发挥{PLACE}?{ANY:0-6}优势", "发挥青海资源能源优势", [(0, 10)]),
        ("建设(成为)?面向{REGION}的?{ROLE}", "加快建设面向南亚东南亚辐射中心", [(2, 15)]),
        ("建设(成为)?面向{REGION}的?{ROLE}", "建设成为面向东北亚的枢纽", [(0, 12)]),
    ],
)
def test_templates_match_their_examples(template, text, spans):
    assert compile_template(template, SLOTS).finditer(text) == spans


def test_gap_does_not_cross_clause_punctuation():
    template = compile_template("发挥{ANY:0-6}优势", SLOTS)
    assert template.finditer("发挥作用，形成优势") == []


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("发挥{ANY:0-13}优势", "gap"),
        ("发挥{ANY:5-2}优势", "gap"),
        ("{PLACE}?", "literal"),
        ("发挥{UNKNOWN}", "unknown slot"),
        ("发挥(区位|)", "non-empty"),
        ("发挥(区(位)", "template"),
        ("?发挥", "must follow"),
        ("发{ANY:0-3}", "literal"),
    ],
)
def test_malformed_templates_are_refused(template, reason):
    with pytest.raises(TemplateError, match=reason):
        to_regex(template, SLOTS)


def test_regex_metacharacters_are_literals():
    template = compile_template("中国.*东盟", SLOTS)
    assert template.finditer("中国和东盟") == []
    assert template.finditer("中国.*东盟") == [(0, 6)]


def test_adversarial_input_finishes_in_linear_time():
    """A pattern that backtracks catastrophically in a backtracking engine runs linearly on RE2.

    (x{0,12}){0,12}-like nesting is impossible in the template language, but the worst a
    template can do is chain bounded gaps and optional slots; on a backtracking engine the
    long run of near-misses below costs gap^k steps per position. The test fails by timeout
    if the compiled template ever backtracks without bound.
    """
    template = compile_template("发{ANY:0-12}{ANY:0-12}{ANY:0-12}{ANY:0-12}挥{PLACE}?{ANY:0-12}优势", SLOTS)
    text = "发" * 400_000 + "挥" * 200_000
    result: list = []
    worker = threading.Thread(target=lambda: result.append(template.finditer(text)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "template matching did not finish: it backtracks"
    assert result == [[]]


@pytest.mark.parametrize(
    ("template", "anchor"),
    [("发挥{PLACE}?{ANY:0-6}优势", "发挥"), ("建设(成为)?面向{REGION}的?{ROLE}", "建设"), ("高水平?开放", "高水"), ("驻华使节走进", "驻华使节走进")],
)
def test_anchor_is_a_literal_every_match_contains(template, anchor):
    from phrasebook.match.templates import required_anchor

    assert required_anchor(template) == anchor
    compiled = compile_template(template, SLOTS)
    for text in ["发挥区位优势", "建设面向南亚的辐射中心", "高水开放", "驻华使节走进"]:
        for found in compiled.regex.finditer(text):
            assert anchor in text[found.start() : found.end()]


@pytest.mark.parametrize(
    ("template", "bounds"),
    [
        ("发挥好?{X}优势", [("X", True, True)]),
        ("发挥好?{PLACE}{ANY:0-8}优势", [("PLACE", True, False)]),
        ("(中国—|中国)?{REGION}命运共同体", [("REGION", False, True)]),
        ("建设(成为)?面向{REGION}的?{ROLE}", [("REGION", True, True), ("ROLE", True, False)]),
    ],
)
def test_slot_bounds_say_where_fixed_text_closes_a_slot(template, bounds):
    from phrasebook.match.templates import slot_bounds

    assert slot_bounds(template) == bounds


def test_an_opened_slot_captures_its_filler():
    import re2

    regex = re2.compile(to_regex("发挥好?{X}优势", {"X": ["区位"]}, opened={"X": "[\u4e00-\u9fff]{1,6}?"}))
    found = regex.search("充分发挥新型举国体制优势，全面提升自主创新能力。")
    assert (found.group(0), found.group(1)) == ("发挥新型举国体制优势", "新型举国体制")
