"""The spaCy component on a real report, with each of spaCy's Chinese segmenters: the
spans are phrasebook's matches, labelled with their entry ids and aligned to tokens."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from spacy import displacy

from phrasebook.errors import UsageError
from phrasebook.spacy_component import PhrasebookComponent, chinese_pipeline, make_phrasebook

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report(shared_corpus) -> str:
    """The first thirty lines of Yunnan's 2025 work report."""
    text = (shared_corpus / "provincial_gwr" / "prov-yunnan-gwr-2025.txt").read_text(encoding="utf-8")
    return "".join(text.splitlines(keepends=True)[:30])


def spans_and_matches(nlp, text: str):
    doc = nlp(text)
    return doc, list(doc.spans["phrasebook"]), nlp.get_pipe("phrasebook").match(doc)


@pytest.mark.parametrize("segmenter", ["char", "jieba"])
def test_spans_are_phrasebooks_matches_on_token_boundaries(report, segmenter):
    nlp = chinese_pipeline(segmenter)
    nlp.add_pipe("phrasebook")
    doc, spans, matches = spans_and_matches(nlp, report)
    assert len(matches) > 40 and len(spans) == len(matches)
    assert {"mianxiang_nanya_dongnanya_fushe_zhongxin", "yidai_yilu", "CN-YN", "TH"} <= {span.label_ for span in spans}
    for span, match in zip(spans, matches):
        assert span.label_ == match.entry_id
        assert span.start_char <= match.start < match.end <= span.end_char
        assert doc[span.start].idx == span.start_char and doc[span.end - 1].idx + len(doc[span.end - 1]) == span.end_char
    if segmenter == "char":
        assert [span.text for span in spans] == [match.surface for match in matches]


def test_a_match_inside_a_token_is_expanded_or_dropped(report):
    """jieba joins some matches to their neighbours (中美关系 is one token): "expand" gives
    the whole tokens, "strict" no span, "contract" the tokens inside the match."""
    text = report + "中美关系稳定发展。"
    spans = {}
    for mode in ("expand", "strict", "contract"):
        nlp = chinese_pipeline("jieba")
        nlp.add_pipe("phrasebook", config={"alignment_mode": mode})
        doc, spans[mode], matches = spans_and_matches(nlp, text)
    inside = [(m, s) for m, s in zip(matches, spans["expand"]) if s.text != m.surface]
    assert ("中美", "中美关系") in [(m.surface, s.text) for m, s in inside]
    assert len(spans["strict"]) == len(matches) - len(inside)
    assert "中美" not in [span.text for span in spans["strict"]] and len(spans["contract"]) <= len(matches)


def test_displacy_renders_the_spans(report):
    nlp = chinese_pipeline("char")
    nlp.add_pipe("phrasebook", config={"spans_key": "提法"})
    doc = nlp(report)
    html = displacy.render(doc, style="span", options={"spans_key": "提法"})
    assert list(doc.spans) == ["提法"] and len(doc.spans["提法"]) > 40
    for label in {span.label_ for span in doc.spans["提法"]}:
        assert label in html


def test_the_lexicon_option_chooses_the_lexicon(report, lexicon_copy):
    nlp = chinese_pipeline("char")
    nlp.add_pipe("phrasebook", config={"lexicon": str(lexicon_copy(without_entry="yidai_yilu"))})
    doc = nlp(report)
    labels = {span.label_ for span in doc.spans["phrasebook"]}
    assert "yidai_yilu" not in labels and "CN-YN" in labels


def test_bad_options_are_refused():
    with pytest.raises(UsageError, match="alignment_mode 'loose'"):
        PhrasebookComponent(alignment_mode="loose")
    with pytest.raises(UsageError, match="segmenter 'spaces'"):
        chinese_pipeline("spaces")


def test_the_entry_point_names_the_factory():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    declared = re.search(r'^\[project\.entry-points\.spacy_factories\]\nphrasebook = "([^"]+)"$', pyproject, re.MULTILINE)
    module, _, name = declared.group(1).partition(":")
    assert getattr(__import__(module, fromlist=[name]), name) is make_phrasebook


def test_spacy_finds_the_component_without_importing_phrasebook():
    if not any(e.name == "phrasebook" for e in entry_points(group="spacy_factories")):
        pytest.skip("phrasebook is not installed with its entry points here: `pip install -e .` registers them")
    code = (
        "import spacy; nlp = spacy.blank('zh'); nlp.add_pipe('phrasebook'); doc = nlp('推进高水平对外开放。'); "
        "print([(s.text, s.label_) for s in doc.spans['phrasebook']])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "('高水平对外开放', 'gaoshuiping_duiwai_kaifang')" in result.stdout


def test_pkuseg_tokenizer_and_veto(pkuseg_model, report):
    nlp = chinese_pipeline("pkuseg")
    nlp.add_pipe("phrasebook", config={"segmenter": "pkuseg"})
    doc, spans, matches = spans_and_matches(nlp, report)
    assert len(spans) == len(matches) > 40 and "mianxiang_nanya_dongnanya_fushe_zhongxin" in {span.label_ for span in spans}
    assert ["推动", "面向", "南亚", "东南亚", "辐射", "中心", "建设"] == [t.text for t in nlp("推动面向南亚东南亚辐射中心建设")]
