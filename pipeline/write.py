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
import re
import shutil
import tempfile
import zipfile
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter
import xlsxwriter.workbook
from isal import isal_zlib
from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from pipeline.tables import COLUMNS

EXCEL_MAX_ROWS = 1_048_576          # rows a worksheet holds, header included
PARQUET_BATCH = 20_000              # rows buffered per table before a Parquet row group
ZIP64_FROM = 3_500_000_000          # bytes of sheet data past which the workbook needs ZIP64
# ISA-L's own default level: deflates the sheets about 12 times as fast as zlib's level
# 6 that zipfile uses, for a workbook about a sixth larger (bench/xlsx.py)
DEFLATE_LEVEL = 2
COPY_BUFFER = 1 << 20
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


# the csv module writes these as `csv_cell` would (None as empty too); the rest goes
# through `csv_cell`
CSV_AS_IS = (str, int)


def csv_row(row: tuple) -> list:
    return [v if v.__class__ in CSV_AS_IS else csv_cell(v) for v in row]


def temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def write_file(path: Path, data: bytes) -> None:
    with open(path, "wb", buffering=0) as f:     # unbuffered: a third of the time for small files
        f.write(data)


class FileWriter:
    """Small files written by a thread of their own. Creating a file is mostly time in
    the kernel, which a thread spends without holding the GIL, so the writer goes on
    with the tables meanwhile. At most `depth` writes wait; a failed write raises at the
    next `write` or at `flush`."""

    def __init__(self, depth: int = 256):
        self.depth = depth
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="files")
        self.pending: deque = deque()

    def write(self, path: Path, data: bytes, then=None) -> None:
        """Write `data` to `path`; `then(path)` after, in the same thread, if given."""
        self.pending.append(self.pool.submit(_write_then, path, data, then))
        while len(self.pending) > self.depth or (self.pending and self.pending[0].done()):
            self.pending.popleft().result()

    def flush(self) -> None:
        while self.pending:
            self.pending.popleft().result()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.pool.shutdown(cancel_futures=True)

    def abandon(self) -> None:
        """Stop without raising: the batch has failed already."""
        self.pool.shutdown(cancel_futures=True)
        self.pending.clear()


def _write_then(path: Path, data: bytes, then) -> None:
    write_file(path, data)
    if then:
        then(path)


class TableSink:
    """Streams rows into every output file; `commit()` puts them in place.

    The texts go to a staging folder that replaces `text/` as a whole on commit, so a
    document no longer in the raw folder loses its text, and nothing is kept in memory
    per document.
    """

    def __init__(self, out: Path, workbook: bool = True):
        self.out = out
        self.files = FileWriter()      # the texts; the batch runner writes through it too
        self.out.mkdir(parents=True, exist_ok=True)
        self.counts = {t: 0 for t in COLUMNS}
        self.final: list[tuple[Path, Path]] = []
        self._texts = temporary(out / "text")
        for left in [self._texts, *out.glob(".xlsx-*")]:     # by a run that was killed
            shutil.rmtree(left, ignore_errors=True)
        self._texts.mkdir()
        self._csv_files = {}
        self._csv = {}
        self._parquet = {}
        self._buffers = {t: [] for t in COLUMNS}
        # tables with a column the csv module would not write as `csv_cell` does
        self._converted = {t for t, cols in COLUMNS.items() if any(k not in ("str", "int") for _, k in cols)}
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
        self._csv[table].writerows(map(csv_row, rows) if table in self._converted else rows)
        self.counts[table] += len(rows)
        if self._book:
            self._book.add(table, rows)
        if table in self._parquet:
            buffer = self._buffers[table]
            buffer.extend(rows)
            if len(buffer) >= PARQUET_BATCH:
                self._flush_parquet(table)

    def add_text(self, doc_id: str, text: str) -> None:
        self.files.write(self._texts / f"{doc_id}.txt", text.encode("utf-8"))

    def _flush_parquet(self, table: str) -> None:
        rows = self._buffers[table]
        if not rows:
            return
        columns = list(zip(*rows))
        arrays = [pa.array(col, type=field.type) for col, field in zip(columns, self._schemas[table])]
        self._parquet[table].write_table(pa.Table.from_arrays(arrays, schema=self._schemas[table]))
        self._buffers[table] = []

    def commit(self) -> None:
        self.files.close()
        for table in self._parquet:
            self._flush_parquet(table)
            self._parquet[table].close()
        for f in self._csv_files.values():
            f.close()
        if self._book:
            self._book.close()
        for tmp, path in self.final:
            os.replace(tmp, path)
        texts = self.out / "text"
        old = temporary(self.out / "text.old")
        if texts.exists():
            os.replace(texts, old)
        os.replace(self._texts, texts)
        shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        self.files.abandon()
        for f in self._csv_files.values():
            f.close()
        for writer in self._parquet.values():
            writer.close()
        if self._book:
            self._book.abort()
        for tmp, _ in self.final:
            tmp.unlink(missing_ok=True)
        shutil.rmtree(self._texts, ignore_errors=True)


# characters XlsxWriter does not write as they are: controls, XML's special characters
SPECIAL_CHARS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff&<>]")
LONG_STRING = 16_383    # a longer string may be over Excel's 32,767 UTF-16 units a cell


def is_plain(text: str) -> bool:
    """Whether XlsxWriter writes `text` into a cell as it is: no character it escapes,
    no `_xHHHH_` of its own escapes, no leading or trailing space, not too long."""
    return not (SPECIAL_CHARS_RE.search(text) or "_x" in text or text[0].isspace()
                or text[-1].isspace() or len(text) > LONG_STRING)


class StreamedSheet(Worksheet):
    """A constant-memory worksheet that takes whole rows of plain values.

    XlsxWriter's per-cell calls (`write_string`, `write_number`) cost some 5 µs a cell,
    more than the pipeline spends reading the document. `write_rows` renders each row's
    XML in one piece, byte for byte what those calls write (a test compares them), into
    the same row stream; rows holding something unusual (an infinite number, a string
    too long for a cell) go through the per-cell calls. Everything around the rows —
    styles, panes, filter, the zip — is XlsxWriter's own.
    """

    def write_rows(self, first: int, rows: list[tuple]) -> None:
        """Write `rows` from row `first` (0-based) on, below every row written so far."""
        self._write_single_row(first)       # flush the row written cell by cell before
        letters = [xl_col_to_name(c) for c in range(max(map(len, rows), default=0))]
        parts: list[str] = []
        span = None                         # (first row, last row, first col, last col) in `parts`
        for r, row in enumerate(rows, first):
            rendered = self._render(r, row, letters)
            if rendered is None:            # the row takes the per-cell way
                self._flush(parts, span)
                parts, span = [], None
                self._write_cells(r, row)
                self._write_single_row(r + 1)
                continue
            cells, lo, hi = rendered
            if cells:
                parts.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
                span = (r, r, lo, hi) if span is None else \
                    (span[0], r, min(span[2], lo), max(span[3], hi))
        self._flush(parts, span)

    def _render(self, r: int, row: tuple, letters: list[str]):
        """(the XML of a row's cells, first and last column with a value); None where
        a cell needs XlsxWriter's own call. The innermost loop of the writer."""
        ref = str(r + 1)
        cells = []
        lo = hi = -1
        for c, value in enumerate(row):
            kind = value.__class__
            if kind is str:
                if not value:
                    continue
                if is_plain(value):
                    cells.append(f'<c r="{letters[c]}{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
                elif len(value) > LONG_STRING or (value.startswith("<r>") and value.endswith("</r>")):
                    return None
                else:
                    cells.append(self._special_string(letters[c] + ref, value))
            elif kind is float or kind is int:
                if value != value:          # NaN: no value
                    continue
                if value - value:           # infinite
                    return None
                cells.append(f'<c r="{letters[c]}{ref}"><v>{value:.16G}</v></c>')
            elif value is None:
                continue
            elif kind is bool:
                cells.append(f'<c r="{letters[c]}{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
            else:
                return None
            if lo < 0:
                lo = c
            hi = c
        return cells, lo, hi

    def _flush(self, parts: list[str], span) -> None:
        if span is None:
            return
        self.fh.write("".join(parts))
        first, last, lo, hi = span
        self._check_dimensions(first, lo)
        self._check_dimensions(last, hi)
        self.previous_row = last + 1

    def _special_string(self, ref: str, text: str) -> str:
        text = self._escape_control_characters(text)
        preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
        text = self._escape_data(text)
        return f'<c r="{ref}" t="inlineStr"><is><t{preserve}>{text}</t></is></c>'

    def _write_cells(self, r: int, row: tuple) -> None:
        """One row through XlsxWriter's per-cell calls."""
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, float) and math.isnan(value):
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.write_number(r, c, value)
            else:
                self.write_string(r, c, str(value))


class IsalZipFile(zipfile.ZipFile):
    """The zip XlsxWriter packages the workbook into, its files deflated by ISA-L.

    zlib at zipfile's level 6 took a quarter of a one-worker build, all of it after the
    last document, on one core. The entries are ordinary deflate streams, as any zip
    reader expects; zipfile still writes the headers, sizes and checksums."""

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        zinfo = zipfile.ZipInfo.from_file(filename, arcname,
                                          strict_timestamps=self._strict_timestamps)
        zinfo.compress_type = zipfile.ZIP_DEFLATED
        with open(filename, "rb") as src, self.open(zinfo, "w") as dest:
            if not hasattr(dest, "_compressor"):     # a Python whose zipfile works otherwise
                raise RuntimeError("zipfile has no _compressor to replace")
            dest._compressor = isal_zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
            shutil.copyfileobj(src, dest, COPY_BUFFER)


@contextmanager
def isal_packaging():
    """XlsxWriter zips the workbook with `IsalZipFile` meanwhile (it names `ZipFile` in
    its module, with no option for the compressor)."""
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = IsalZipFile
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original


class XlsxBook:
    """One sheet per table, header frozen, filter on, readable widths.

    XlsxWriter in constant-memory mode streams rows to disk (into a temporary folder
    next to the workbook). A table longer than a worksheet holds continues on a second
    sheet (`amounts (2)`), each with its header.
    """

    def __init__(self, path: Path):
        self.tmpdir = tempfile.mkdtemp(prefix=".xlsx-", dir=path.parent)
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                                     "tmpdir": self.tmpdir,
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
        ws = self.book.add_worksheet(table if n == 1 else f"{table} ({n})",
                                     worksheet_class=StreamedSheet)
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
        while rows:
            if entry[1] >= EXCEL_MAX_ROWS:
                self._finish(table, entry)
                entry = self._new_sheet(table)
            ws, r = entry
            part, rows = rows[:EXCEL_MAX_ROWS - r], rows[EXCEL_MAX_ROWS - r:]
            ws.write_rows(r, part)
            entry[1] = r + len(part)

    def _finish(self, table: str, entry) -> None:
        ws, r = entry
        ws.autofilter(0, 0, max(r - 1, 0), len(COLUMNS[table]) - 1)

    def close(self) -> None:
        for table, entries in self.sheets.items():
            self._finish(table, entries[-1])
        if sum(f.stat().st_size for f in Path(self.tmpdir).iterdir()) > ZIP64_FROM:
            self.book.use_zip64()
        with isal_packaging():
            self.book.close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def abort(self) -> None:
        for entries in self.sheets.values():
            for ws, _ in entries:
                ws._opt_close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)
