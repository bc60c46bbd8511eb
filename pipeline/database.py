"""`policy.duckdb`: every table with its types and keys, and views for the questions an
analyst asks first — the figures with their document and clause, the units of each
clause, the documents that cite a 文号."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import duckdb

from pipeline.fields import DUCKDB, PRIMARY_KEYS, columns
from pipeline.tables import COLUMNS

log = logging.getLogger(__name__)

NAME = "policy.duckdb"
FIGURE_TABLES = {"amounts": "amount", "percentages": "percentage"}
# the columns of the figures view; a table without one gives NULL
FIGURE_COLUMNS = ["span", "value", "lower", "upper", "qualifier", "cue", "currency", "unit", "per",
                  "role", "instrument", "start", "end"]

VIEWS = {
    # one row per unit list of a clause: the clause's heading and the units in order
    "clause_units": """
        SELECT u.doc_id, d.title, u.clause_id, c.heading, u.role,
               string_agg(u.name, '、' ORDER BY u.position) AS units, count(*) AS n_units
        FROM units u JOIN documents d USING (doc_id)
        LEFT JOIN clauses c ON c.doc_id = u.doc_id AND c.clause_id = u.clause_id
        GROUP BY ALL""",
    # one row per citation: the citing document, and the cited one where it is in the corpus
    "citations": """
        SELECT r.cited_number, r.cited_title, r.doc_id, d.title, d.doc_number, r.clause_id,
               cited.doc_id AS cited_doc_id
        FROM "references" r JOIN documents d USING (doc_id)
        LEFT JOIN documents cited ON cited.doc_number = r.cited_number""",
}


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table(con, folder: Path, table: str) -> None:
    """The table with its types (and key), filled from its Parquet file (CSV for errors,
    which has none)."""
    cols = columns(table)
    defs = [f"{quoted(c)} {DUCKDB[k]}" for c, k in cols]
    key = PRIMARY_KEYS.get(table)
    source = folder / f"{table}.parquet"
    if source.exists():
        select = f"SELECT {', '.join(quoted(c) for c, _ in cols)} FROM read_parquet(?)"
    else:
        source = folder / f"{table}.csv"
        types = ", ".join(f"{quoted(c)}: '{DUCKDB[k]}'" for c, k in cols)
        select = f"SELECT * FROM read_csv(?, header = true, columns = {{{types}}})"
    for with_key in ([True, False] if key else [False]):
        body = ", ".join(defs + ([f"PRIMARY KEY ({', '.join(key)})"] if with_key else []))
        con.execute(f"CREATE TABLE {quoted(table)} ({body})")
        try:
            con.execute(f"INSERT INTO {quoted(table)} {select}", [str(source)])
            return
        except duckdb.ConstraintException as e:
            # a key that repeats is a bug upstream: the table is still worth having
            log.warning("%s: %s; the table is written without its primary key", table, e)
            con.execute(f"DROP TABLE {quoted(table)}")


def figures_view(tables: list[str]) -> str:
    """Every amount and percentage with its document and clause, role and instrument
    (NULL before the tables have them)."""
    parts = []
    for table, kind in FIGURE_TABLES.items():
        if table not in tables:
            continue
        have = {c for c, _ in COLUMNS[table]}
        picked = ", ".join(f"f.{quoted(c)}" if c in have else f"NULL AS {quoted(c)}"
                           for c in FIGURE_COLUMNS)
        parts.append(f"""
        SELECT f.doc_id, d.title, d.doc_number, d.issuer,
               coalesce(d.signed_date, d.printed_date) AS date, f.clause_id, c.heading,
               '{kind}' AS kind, {picked}
        FROM {table} f JOIN documents d USING (doc_id)
        LEFT JOIN clauses c ON c.doc_id = f.doc_id AND c.clause_id = f.clause_id""")
    return " UNION ALL ".join(parts)


def write_database(folder: Path) -> Path:
    """`folder/policy.duckdb` from the tables in `folder`."""
    path = folder / NAME
    tmp = path.with_name(f".{NAME}.partial")
    for left in (tmp, tmp.with_name(tmp.name + ".wal")):
        left.unlink(missing_ok=True)
    tables = [t for t in COLUMNS if (folder / f"{t}.csv").exists()]
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET enable_progress_bar = false")     # it would draw on the build's terminal
            for table in tables:
                create_table(con, folder, table)
            con.execute(f"CREATE VIEW figure_context AS {figures_view(tables)}")
            for name, sql in VIEWS.items():
                con.execute(f"CREATE VIEW {name} AS {sql}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except duckdb.Error as e:
        # DuckDB's own errors (a full disk is a FatalException) are a failure to write
        # the file, which the build reports as such, not a crash of the program
        raise OSError(f"{path.name} could not be written: {e}") from e
    os.replace(tmp, path)
    return path
