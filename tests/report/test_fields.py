"""Every column is typed and described, and the Parquet tables read as their CSV twins do."""
import datetime

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.fields import TABLE_TITLES, arrow_schema, iso_dates, pandas_dtypes, words
from pipeline.tables import COLUMNS, TABLES


@pytest.mark.parametrize("table", list(COLUMNS))
def test_every_column_has_a_title_and_a_description(table):
    assert table in TABLE_TITLES, f"table {table} has no title in pipeline/fields.py TABLE_TITLES"
    missing = [c for c, _ in COLUMNS[table] if not words(table, c) or not all(words(table, c))]
    assert not missing, f"{table}: columns without a title and description in pipeline/fields.py: {missing}"


@pytest.mark.parametrize("table", TABLES)
def test_parquet_reads_as_its_csv(built, table):
    """The same frame from both files, each read with the same declared types."""
    from_csv = pd.read_csv(built / f"{table}.csv", engine="pyarrow", dtype=pandas_dtypes(table),
                           keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    from_parquet = pd.read_parquet(built / f"{table}.parquet", dtype_backend="pyarrow")
    assert len(from_parquet) > 0
    pd.testing.assert_frame_equal(from_csv, from_parquet)


def test_parquet_has_nulls_and_dates(built):
    documents = pq.read_table(built / "documents.parquet")
    assert documents.schema == arrow_schema("documents")
    assert documents.schema.field("printed_date").type == pa.date32()
    rows = {r["doc_id"]: r for r in documents.to_pylist()}
    assert rows["000_3d6e5cfce5c82a4b"]["printed_date"] == datetime.date(2022, 5, 6)
    assert rows["000_3d6e5cfce5c82a4b"]["signed_date"] is None        # not in the document
    references = pq.read_table(built / "references.parquet").to_pylist()
    outside = [r for r in references if r["doc_id"] == "000_3d6e5cfce5c82a4b"]
    assert outside and outside[0]["clause_id"] is None                # cited in the preamble
    amounts = pq.read_table(built / "amounts.parquet")
    assert amounts.schema.field("value").type == pa.float64()
    assert amounts.schema.field("start").type == pa.int64()
    assert "" not in amounts.column("cue").to_pylist()


def test_a_date_not_in_the_calendar_is_no_date():
    dates = iso_dates(pa.array(["2022-05-06", "2022-02-31", "2024-02-29", None, "5月6日"]))
    assert dates.to_pylist() == [datetime.date(2022, 5, 6), None, datetime.date(2024, 2, 29), None, None]
