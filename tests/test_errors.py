"""Every error phrasebook raises on purpose is a PhrasebookError with a message that says
where; none of the library's refusals reaches a user as a bare ValueError or KeyError."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import phrasebook as pb
import phrasebook.errors as errors
from phrasebook.attribute.evaluate import read_gold


def test_every_exception_type_has_one_base() -> None:
    exceptions = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, Exception) and not issubclass(c, Warning) and c.__module__ == errors.__name__]
    assert len(exceptions) >= 10
    assert all(issubclass(c, errors.PhrasebookError) for c in exceptions)


def test_refusals_are_phrasebook_errors(tmp_path: Path, lexicon) -> None:
    with pytest.raises(errors.UsageError, match="did you mean fushe_zhongxin"):
        lexicon.get("fushe_zhongxn")
    with pytest.raises(errors.UsageError, match="unknown segmenter 'nope'; choose one of jieba, pkuseg"):
        pb.Tagger(lexicon, segmenter="nope")
    (tmp_path / "gold.jsonl").write_text('{"doc": "a"}\n{"province": "CN-YN"}\n', encoding="utf-8")
    with pytest.raises(errors.AnnotationError, match=r"gold\.jsonl:2: not a gold record \(it needs doc\)"):
        read_gold(tmp_path / "gold.jsonl")
    with pytest.raises(errors.AnnotationError, match=r"missing\.jsonl: cannot read it"):
        read_gold(tmp_path / "missing.jsonl")
