"""What is written beside the finished tables: the data package describing them, the
DuckDB database holding them, the review report showing them. Each is made from the
tables in one folder and written into that folder, under a temporary name and put in
place whole."""
from __future__ import annotations

from pathlib import Path

# the files a build checks for before it calls its output up to date
WRITTEN = ["datapackage.json", "policy.duckdb", "report/index.html"]


def write_beside_tables(folder: Path, previous: Path | None = None) -> None:
    """Into `folder`, which holds the finished tables. `previous`: the folder of the
    last build's outputs, where it is not `folder` itself (its report's pages of
    unchanged documents are kept)."""
    # imported here: the build's worker processes import the build, and need none of them
    from pipeline.database import write_database
    from pipeline.datapackage import write_datapackage
    from pipeline.report import write_report

    write_datapackage(folder)
    write_database(folder)
    write_report(folder, previous=previous / "report" if previous else None)
