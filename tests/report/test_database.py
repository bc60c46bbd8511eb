"""policy.duckdb: the tables with their types and keys, and the views over them."""
import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.fields import DUCKDB, columns
from pipeline.tables import COLUMNS


@pytest.fixture
def con(built):
    con = duckdb.connect(str(built / "policy.duckdb"), read_only=True)
    yield con
    con.close()


def count(built, table):
    return pq.read_metadata(built / f"{table}.parquet").num_rows


def test_every_table_with_its_types(built, con):
    for table in COLUMNS:
        described = con.execute(f'DESCRIBE "{table}"').fetchall()
        assert [(c, t) for c, t, *_ in described] == [(c, DUCKDB[k]) for c, k in columns(table)]
        if table != "errors":
            assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count(built, table)
    assert con.execute("SELECT printed_date FROM documents WHERE doc_id = '000_3d6e5cfce5c82a4b'"
                       ).fetchone()[0].isoformat() == "2022-05-06"


def test_primary_keys(built, con, tmp_path):
    keys = dict(con.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                            "WHERE constraint_type = 'PRIMARY KEY'").fetchall())
    assert keys == {"documents": ["doc_id"], "clauses": ["doc_id", "clause_id"]}
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes((built / "policy.duckdb").read_bytes())
    writable = duckdb.connect(str(copy))
    with pytest.raises(duckdb.ConstraintException):
        writable.execute("INSERT INTO clauses SELECT * FROM clauses LIMIT 1")
    writable.close()


def test_views_answer_from_the_tables(built, con):
    figures = con.execute("SELECT kind, count(*) FROM figure_context GROUP BY kind").fetchall()
    assert dict(figures) == {"amount": count(built, "amounts"), "percentage": count(built, "percentages")}
    row = con.execute("SELECT title, doc_number, heading, upper, qualifier, cue FROM figure_context "
                      "WHERE doc_id = '000_3d6e5cfce5c82a4b' AND span = '150万元'").fetchone()
    assert row == ("焦作市人民政府办公室关于印发焦作市中小企业纾困帮扶政策措施的通知", "焦政办〔2022〕17号",
                   "加大对中小企业财税支持力度", 1500000, "max", "最高")
    assert con.execute("SELECT sum(n_units) FROM clause_units").fetchone()[0] == count(built, "units")
    units = con.execute("SELECT units FROM clause_units WHERE doc_id = '000_3d6e5cfce5c82a4b' "
                        "AND clause_id = '一/1'").fetchone()[0]
    assert units == "市人力资源社会保障局、市金融工作局、市财政局"
    citing = con.execute("SELECT doc_id FROM citations WHERE cited_number = '豫政办〔2021〕76号'").fetchall()
    assert citing == [("000_3d6e5cfce5c82a4b",)]
    assert con.execute("SELECT count(*) FROM citations").fetchone()[0] == count(built, "references")
