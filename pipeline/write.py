"""Writing the tables: CSV (UTF-8 with BOM), Parquet, one XLSX workbook, texts.

Rows stream in document by document and go straight to disk, so memory stays flat
however many documents there are. Every file is written under a temporary name and
renamed into place only when the whole batch is done: a table is complete or absent,
never half-written.
"""
from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

from pipeline.tables import COLUMNS

EXCEL_MAX_ROWS = 1_048_576          # rows a worksheet holds, header included
PARQUET_BATCH = 20_000              # rows buffered per table before a Parquet row group
ARROW_TYPES = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
# readable column widths in the workbook, in characters
WIDTHS = {"text": 60, "title": 40, "recipients": 40, "warnings": 40, "reason": 60, "heading": 30,
          "cited_title": 40, "name": 24, "raw": 24, "span": 18, "sha256": 20, "source": 30,
          "doc_id": 24, "clause_id": 14, "parent_id": 12, "cited_number": 20, "issuer": 24,
          "doc_number": 18}
DEFAULT_WIDTH = 11


def csv_cell(value) -> str:
    """Numbers as plain numbers (150万元 → 1500000, not 1500000.0); absent → empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value)


def temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


class TableSink:
    """Streams rows into every output file; `commit()` puts them in place."""

    def __init__(self, out: Path, workbook: bool = True):
        self.out = out
        self.out.mkdir(parents=True, exist_ok=True)
        (out / "text").mkdir(exist_ok=True)
        self.counts = {t: 0 for t in COLUMNS}
        self.final: list[tuple[Path, Path]] = []
        self._csv_files = {}
        self._csv = {}
        self._parquet = {}
        self._buffers = {t: [] for t in COLUMNS}
        self._schemas = {
            t: pa.schema([(c, ARROW_TYPES[k]) for c, k in cols]) for t, cols in COLUMNS.items()
        }
        for table, cols in COLUMNS.items():
            path = out / f"{table}.csv"
            f = open(self._stage(path), "w", encoding="utf-8-sig", newline="")
            self._csv_files[table] = f
            self._csv[table] = csv.writer(f)
            self._csv[table].writerow([c for c, _ in cols])
            if table != "errors":
                ppath = out / f"{table}.parquet"
                self._parquet[table] = pq.ParquetWriter(self._stage(ppath), self._schemas[table])
        self._book = None
        if workbook:
            self._book = XlsxBook(self._stage(out / "policy_tables.xlsx"))

    def _stage(self, path: Path) -> Path:
        tmp = temporary(path)
        self.final.append((tmp, path))
        return tmp

    def add(self, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        self._csv[table].writerows([csv_cell(v) for v in row] for row in rows)
        self.counts[table] += len(rows)
        if self._book:
            self._book.add(table, rows)
        if table in self._parquet:
            buffer = self._buffers[table]
            buffer.extend(rows)
            if len(buffer) >= PARQUET_BATCH:
                self._flush_parquet(table)

    def add_text(self, doc_id: str, text: str) -> None:
        path = self.out / "text" / f"{doc_id}.txt"
        tmp = self._stage(path)
        tmp.write_text(text, encoding="utf-8")

    def _flush_parquet(self, table: str) -> None:
        rows = self._buffers[table]
        if not rows:
            return
        columns = list(zip(*rows))
        arrays = [pa.array(col, type=field.type) for col, field in zip(columns, self._schemas[table])]
        self._parquet[table].write_table(pa.Table.from_arrays(arrays, schema=self._schemas[table]))
        self._buffers[table] = []

    def commit(self) -> None:
        for table in self._parquet:
            self._flush_parquet(table)
            self._parquet[table].close()
        for f in self._csv_files.values():
            f.close()
        if self._book:
            self._book.close()
        for tmp, path in self.final:
            os.replace(tmp, path)
        written = {path for _, path in self.final}
        for stale in (self.out / "text").glob("*.txt"):   # documents no longer in the raw folder
            if stale not in written:
                stale.unlink()

    def abort(self) -> None:
        for f in self._csv_files.values():
            f.close()
        for writer in self._parquet.values():
            writer.close()
        for tmp, _ in self.final:
            tmp.unlink(missing_ok=True)


class XlsxBook:
    """One sheet per table, header frozen, filter on, readable widths.

    XlsxWriter in constant-memory mode streams rows to disk. A table longer than a
    worksheet holds continues on a second sheet (`amounts (2)`), each with its header.
    """

    def __init__(self, path: Path):
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                                     "strings_to_numbers": False,
                                                     "strings_to_urls": False,
                                                     "strings_to_formulas": False,
                                                     "nan_inf_to_errors": True})
        self.header = self.book.add_format({"bold": True, "bg_color": "#DDEBF7"})
        self.sheets: dict[str, list] = {}
        for table in COLUMNS:
            self._new_sheet(table)

    def _new_sheet(self, table: str):
        n = len(self.sheets.get(table, [])) + 1
        ws = self.book.add_worksheet(table if n == 1 else f"{table} ({n})")
        cols = [c for c, _ in COLUMNS[table]]
        for i, c in enumerate(cols):
            ws.set_column(i, i, WIDTHS.get(c, DEFAULT_WIDTH))
        ws.write_row(0, 0, cols, self.header)
        ws.freeze_panes(1, 0)
        entry = [ws, 1]
        self.sheets.setdefault(table, []).append(entry)
        return entry

    def add(self, table: str, rows: list[tuple]) -> None:
        entry = self.sheets[table][-1]
        for row in rows:
            if entry[1] >= EXCEL_MAX_ROWS:
                self._finish(table, entry)
                entry = self._new_sheet(table)
            ws, r = entry
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, float) and math.isnan(value):
                    continue
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value))
            entry[1] = r + 1

    def _finish(self, table: str, entry) -> None:
        ws, r = entry
        ws.autofilter(0, 0, max(r - 1, 0), len(COLUMNS[table]) - 1)

    def close(self) -> None:
        for table, entries in self.sheets.items():
            self._finish(table, entries[-1])
        self.book.close()
