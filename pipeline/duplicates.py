"""Two inputs that hold the same document: the same bytes, or the same 文号 and title
(a `.txt` and the `.pdf` it was copied from). Both are counted in the tables, so every
amount of that document twice: the build warns, naming them, and leaves the choice of
which to keep to a person. Read from the documents table the build wrote, so documents
from the cache count as much as fresh ones."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

DOCUMENTS = "documents.parquet"


def duplicate_warnings(out: Path) -> list[str]:
    try:
        table = pq.read_table(out / DOCUMENTS, columns=["source", "sha256", "title", "doc_number"])
    except (OSError, ValueError):      # no documents written (every input failed)
        return []
    rows = table.to_pylist()
    warnings = []
    by_bytes: dict[str, list[str]] = {}
    for row in rows:
        if row["sha256"]:
            by_bytes.setdefault(row["sha256"], []).append(row["source"])
    same_bytes = [sorted(sources) for sources in by_bytes.values() if len(sources) > 1]
    for sources in sorted(same_bytes):
        warnings.append(f"the same document twice (the same bytes): {', '.join(sources)}; "
                        "its rows are in the tables once for each")
    by_fields: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row["doc_number"] and row["title"]:
            by_fields.setdefault((row["doc_number"], row["title"]), []).append(row["source"])
    copies = {tuple(s) for s in same_bytes}
    for (number, title), sources in sorted(by_fields.items()):
        if len(sources) > 1 and tuple(sorted(sources)) not in copies:
            warnings.append(f"the same document twice (文号 {number} and title {title}): "
                            f"{', '.join(sorted(sources))}; its rows are in the tables once for each")
    return warnings
