"""Attribution against the development gold sets of the 2025 provincial reports
(lexicon/annotations/gold_*.jsonl): the floors of the attribution issue."""

from __future__ import annotations

import pytest

import phrasebook as pb
from phrasebook.attribute.evaluate import (
    evaluate_partners,
    evaluate_roles,
    read_gold,
    score,
)
from phrasebook.lexicon import default_lexicon_dir

pytestmark = pytest.mark.corpus
GOLD = default_lexicon_dir() / "annotations"


def test_scores_are_computed_correctly():
    s = score({("a", "X"), ("a", "Y")}, {("a", "X"), ("b", "Z")})
    assert (s.true_positives, s.precision, s.recall) == (1, 0.5, 0.5)
    assert s.misses == [("b", "Z")] and s.false_hits == [("a", "Y")]


def test_partner_countries_meet_the_floor(shared_corpus, lexicon):
    predicted = pb.partners(shared_corpus / "provincial_gwr", lexicon=lexicon).to_dict("records")
    result = evaluate_partners(predicted, read_gold(GOLD / "gold_partners.jsonl"))
    assert result["countries"].f1 >= 0.95, (result["countries"].misses, result["countries"].false_hits)
    assert result["regions"].f1 >= 0.9


def test_designations_meet_the_floor(shared_corpus, lexicon):
    predicted = pb.roles(shared_corpus / "provincial_gwr", lexicon=lexicon).to_dict("records")
    result = evaluate_roles(predicted, read_gold(GOLD / "gold_roles.jsonl"))
    assert result["overall"].f1 >= 0.9, (result["overall"].misses, result["overall"].false_hits)
    yunnan = [r for r in predicted if r["province"] == "CN-YN" and r["role"] == "radiation_center"]
    assert yunnan and yunnan[0]["region"] == "south_and_southeast_asia"
