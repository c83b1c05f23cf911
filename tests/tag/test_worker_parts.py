"""A worker's part of a Parquet table is an Arrow IPC file, appended to the output by the
process that writes it: the rows and their types must come out as if written directly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from phrasebook import Tagger, load_lexicon
from phrasebook.errors import OutputError
from phrasebook.output import PART_FORMAT, TABLE_FORMATS, check_outputs
from phrasebook.pipeline import tag_text
from phrasebook.tables import MATCH_COLUMNS, match_rows
from phrasebook.tagging import table_writer


def test_an_arrow_part_appends_to_parquet_as_the_rows_written_directly(tmp_path: Path) -> None:
    tagged = tag_text(Tagger(load_lexicon()), "云南要发挥区位优势，建设面向南亚东南亚辐射中心。")
    rows = match_rows(tagged, "v1")
    assert len(rows) >= 2
    direct, part, empty, appended = (tmp_path / name for name in ("direct.parquet", "part" + PART_FORMAT, "empty" + PART_FORMAT, "appended.parquet"))
    with table_writer(direct, MATCH_COLUMNS) as writer:
        for row in rows:
            writer.write(row)
    with table_writer(part, MATCH_COLUMNS, header=False) as writer:
        for row in rows:
            writer.write(row)
    with table_writer(empty, MATCH_COLUMNS, header=False):
        pass
    with table_writer(appended, MATCH_COLUMNS) as writer:
        writer.append(empty)
        writer.append(part)
    assert pq.read_schema(appended) == pq.read_schema(direct)
    pd.testing.assert_frame_equal(pd.read_parquet(appended), pd.read_parquet(direct))
    assert list(pd.read_parquet(appended)["canonical"]) == [row["canonical"] for row in rows]


def test_the_part_format_is_no_output_a_user_can_ask_for(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="format must be one of"):
        check_outputs([("-o", tmp_path / f"matches{PART_FORMAT}", TABLE_FORMATS)])
