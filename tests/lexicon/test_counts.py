"""The shipped lexicon meets its floors, and `lexicon stats` reports them as documented."""

import json

from babel import Locale
from typer.testing import CliRunner

from phrasebook.cli import app
from phrasebook.lexicon.schema import ROLE_CLASSES


def test_stats_json_has_the_documented_integer_keys(lexicon):
    result = CliRunner().invoke(app, ["lexicon", "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    for key in ("formulations", "provinces", "cities", "countries", "regions", "designations"):
        assert isinstance(stats[key], int)
    assert stats["formulations"] >= 80
    assert stats["provinces"] == 34
    assert stats["countries"] >= 190
    assert stats["regions"] >= 15
    assert stats["designations"] >= 12
    assert sum(stats["families"].values()) == stats["formulations"]
    assert stats["version"] == lexicon.version


def test_every_formulation_has_a_source_and_a_positive_example(lexicon):
    formulations = lexicon.of_kind("formulation")
    assert all(e.examples.positive for e in formulations)
    roles = [e for e in formulations if e.family == "role_designation"]
    assert {e.role for e in roles} <= set(ROLE_CLASSES)
    assert all(e.examples.negative for e in roles)


def test_country_names_come_from_cldr(lexicon):
    names = Locale.parse("zh_Hans_CN").territories
    vietnam = lexicon.get("VN")
    assert vietnam.canonical == names["VN"] == "越南"
    assert "CN" not in {e.id for e in lexicon.of_kind("country")}


def test_designations_cite_sources_and_known_places(lexicon):
    provinces = {e.id for e in lexicon.of_kind("province")}
    for designation in lexicon.designations:
        assert designation.province in provinces
        assert designation.role in ROLE_CLASSES
        assert designation.source.doc or designation.source.url
    yunnan = [d for d in lexicon.designations if d.province == "CN-YN" and d.role == "radiation_center"]
    assert yunnan and yunnan[0].region == "south_and_southeast_asia"


def test_version_changes_with_content(tmp_path):
    import shutil

    from phrasebook.lexicon import default_lexicon_dir, load_lexicon

    root = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), root)
    before = load_lexicon(root).version
    with (root / "retired_ids.txt").open("a", encoding="utf-8") as handle:
        handle.write("some_removed_id\n")
    assert load_lexicon(root).version != before
