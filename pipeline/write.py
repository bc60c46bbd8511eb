"""Writing the tables: CSV (UTF-8 with BOM), Parquet, one XLSX workbook, texts.

Rows stream in document by document and go straight to disk, so memory stays flat
however many documents there are. Everything is written into a new generation's
folder, put in place as a whole when the batch is done (`pipeline.generations`): a
table is complete or absent, never half-written.
"""
from __future__ import annotations

import codecs
import math
import os
import shutil
import struct
import tempfile
import threading
import zipfile
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xlsxwriter
import xlsxwriter.workbook
from isal import isal_zlib
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from pipeline.fields import arrow_schema, typed
from pipeline.tables import COLUMNS

EXCEL_MAX_ROWS = 1_048_576          # rows a worksheet holds, header included
BATCH = 20_000                      # rows buffered per table before CSV lines, a Parquet row group and the workbook
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
          "doc_number": 18, "sentence": 60, "units": 40, "date": 11}
DEFAULT_WIDTH = 11
# the workbook's sheets in order: the one a reader opens it on first
SHEETS = sorted(COLUMNS, key=lambda table: table != "figures")
# Excel's number formats of the figures sheet: money with thousands separators (cents
# where there are any), percentages with their sign, dates as dates
MONEY, MONEY_CENTS, PERCENT, DATE = "#,##0", "#,##0.00", 'General"%"', "yyyy-mm-dd"
EXCEL_EPOCH = 25569      # 1970-01-01 as an Excel serial date
SCHEMAS = {t: pa.schema([(c, ARROW_TYPES[k]) for c, k in cols]) for t, cols in COLUMNS.items()}


def to_batch(table: str, rows: list[tuple]) -> pa.RecordBatch:
    """A table's rows as Arrow columns of its types."""
    schema = SCHEMAS[table]
    return pa.RecordBatch.from_arrays(
        [pa.array(col, type=field.type) for col, field in zip(zip(*rows), schema)], schema=schema)


@dataclass(slots=True)
class Span:
    """Rows `start` to `stop` of a batch: a document's rows among the columns a worker
    made for a few documents. Spans that follow each other in one batch are buffered as
    one (`TableSink.add`), so a batch of 20,000 rows joins a piece per task (a score of
    them), not a slice per document (some 570)."""

    batch: pa.RecordBatch
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start

    def rows(self) -> pa.RecordBatch:
        return self.batch.slice(self.start, self.stop - self.start)


def joined(table: str, pieces: list) -> pa.RecordBatch:
    """One batch of pieces that are lists of rows, batches or `Span`s, in their order."""
    batches, rows = [], []
    for piece in pieces:
        if isinstance(piece, list):
            rows.extend(piece)
            continue
        if rows:
            batches.append(to_batch(table, rows))
            rows = []
        batches.append(piece.rows() if isinstance(piece, Span) else piece)
    if rows:
        batches.append(to_batch(table, rows))
    return batches[0] if len(batches) == 1 else pa.concat_batches(batches)


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


# a string holding one of these is quoted, its quotes doubled: the csv module's
# minimal quoting with its defaults (delimiter `,`, quote `"`, lines ended by \r\n)
CSV_QUOTED = '[,"\r\n]'


def csv_lines(batch: pa.RecordBatch) -> pa.StringArray:
    """Each row of `batch` as a CSV line, as the csv module writes the row of
    `csv_cell`s: rendered column by column with Arrow's compute functions, not
    cell by cell, which cost a tenth of a build (a test compares the two)."""
    parts = []
    for column in batch.columns:
        parts += [csv_column(column), ","]
    parts[-1] = "\r\n"
    return pc.binary_join_element_wise(*parts, "")


def csv_column(column: pa.Array) -> pa.StringArray:
    """A column's cells as `csv_cell` writes them, quoted where the csv module would."""
    if pa.types.is_string(column.type):
        text = column
        if anywhere(column, CSV_QUOTED):
            quoted = pc.binary_join_element_wise('"', pc.replace_substring(column, '"', '""'), '"', "")
            text = pc.if_else(pc.match_substring_regex(column, CSV_QUOTED), quoted, column)
    elif pa.types.is_boolean(column.type):
        text = pc.if_else(column, "true", "false")
    elif pa.types.is_floating(column.type):
        text = csv_floats(column)
    else:
        text = pc.cast(column, pa.string())
    return pc.fill_null(text, "")


def csv_floats(column: pa.Array) -> pa.StringArray:
    """Whole numbers below 10^16 as integers (Arrow writes them so); any other number,
    rarer, through `csv_cell` (Arrow's shortest form is not Python's: 1.5e+12, 0.00001)."""
    whole = pc.fill_null(pc.and_(pc.equal(pc.floor(column), column),
                                 pc.less(pc.abs(column), 1e16)), False)
    text = pc.cast(pc.cast(pc.if_else(whole, column, 0.0), pa.int64()), pa.string())
    other = pc.and_(pc.invert(whole), pc.is_valid(column))
    if pc.any(other).as_py():
        rest = [csv_cell(v) for v in pc.filter(column, other).to_pylist()]
        text = pc.replace_with_mask(text, other, pa.array(rest, pa.string()))
    return pc.if_else(pc.is_valid(column), text, pa.scalar(None, pa.string()))


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

    def write(self, path: Path, data: bytes, previous: Path | None = None) -> None:
        """Write `data` to `path`, or link `previous` there if it holds those bytes."""
        self.pending.append(self.pool.submit(_write_or_link, path, data, previous))
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


def _write_or_link(path: Path, data: bytes, previous: Path | None) -> None:
    if previous is not None:
        try:
            if previous.stat().st_size == len(data) and previous.read_bytes() == data:
                os.link(previous, path)
                return
        except OSError:         # none, or a file system without links: write it
            pass
    write_file(path, data)


class TableSink:
    """Streams rows into every output file of a new generation's folder (`folder`, see
    `pipeline.generations`); `commit()` finishes them. Nothing here is in place until
    the build switches to the folder, so a failed build leaves nothing half-written
    where a reader looks.

    The texts go to `text/` in the folder; those the build before wrote with the same
    bytes are linked from its folder (`previous`), not written again.
    """

    def __init__(self, folder: Path, workbook: bool = True, previous: Path | None = None):
        self.folder = folder
        self.previous = previous / "text" if previous else None
        self.files = FileWriter()      # the texts the writer stages itself
        self.counts = {t: 0 for t in COLUMNS}
        self.texts = folder / "text"
        self.texts.mkdir()
        self._csv = {}
        self._parquet = {}
        self._buffers = {t: [] for t in COLUMNS}     # lists of rows and batches
        self._buffered = {t: 0 for t in COLUMNS}    # rows in them
        for table, cols in COLUMNS.items():
            self._csv[table] = f = open(folder / f"{table}.csv", "wb")
            f.write(codecs.BOM_UTF8 + ",".join(c for c, _ in cols).encode() + b"\r\n")
            if table != "errors":
                self._parquet[table] = pq.ParquetWriter(folder / f"{table}.parquet", arrow_schema(table))
        self._book = None
        if workbook:
            self._book = XlsxBook(folder / "policy_tables.xlsx")

    def add(self, table: str, rows: list[tuple] | pa.RecordBatch | Span) -> None:
        """A document's rows of `table`: tuples, or columns a worker made of them."""
        n = len(rows)
        if not n:
            return
        self.counts[table] += n
        buffer = self._buffers[table]
        last = buffer[-1] if buffer else None
        if isinstance(rows, Span) and isinstance(last, Span) and last.batch is rows.batch \
                and last.stop == rows.start:
            last.stop = rows.stop
        else:
            buffer.append(rows)
        self._buffered[table] += n
        if self._buffered[table] >= BATCH:
            self._flush(table)

    def flush(self) -> None:
        """Write the rows buffered in every table now."""
        for table in COLUMNS:
            self._flush(table)

    def add_text(self, doc_id: str, text: str) -> None:
        """Stage a document's text; where the last build wrote the same bytes, the file
        is linked, not written again (a new file costs the file system far more)."""
        name = f"{doc_id}.txt"
        self.files.write(self.texts / name, text.encode("utf-8"),
                         previous=self.previous / name if self.previous else None)

    def drop_text(self, doc_id: str) -> None:
        """No text for a document that failed: a worker killed while writing it may
        have left part of one (`pipeline.guard`)."""
        (self.texts / f"{doc_id}.txt").unlink(missing_ok=True)

    def _flush(self, table: str) -> None:
        """The buffered rows, as one batch of columns, into the CSV and Parquet files
        and the workbook: the same batches, so the same bytes, whichever way the rows
        came."""
        if not self._buffers[table]:
            return
        batch = joined(table, self._buffers[table])
        self._csv[table].write(string_bytes(csv_lines(batch)))
        if table in self._parquet:
            self._parquet[table].write_batch(typed(table, batch))    # nulls and dates
        if self._book:
            self._book.add(table, batch)
        self._buffers[table] = []
        self._buffered[table] = 0

    def finish_texts(self) -> Path:
        """Every text staged (those this process writes are on disk once this returns):
        the staging folder, complete."""
        self.files.close()
        return self.texts

    def commit(self, created: datetime | None = None) -> None:
        """Every file finished; the workbook says it was made at `created` (default:
        now), so that the same inputs can make the same bytes."""
        self.finish_texts()
        # the rows left in every table, written by two threads: the last document is in,
        # the workers have stopped, and Arrow, Parquet and ISA-L do their work without
        # the GIL; each table has files and a sheet of its own
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="flush") as pool:
            list(pool.map(self._flush, COLUMNS))
        for writer in self._parquet.values():
            writer.close()
        for f in self._csv.values():
            f.close()
        if self._book:
            self._book.close(created)

    def abort(self) -> None:
        """Stop, without raising: the batch has failed already, and on a full disk
        closing a file fails too (what it buffered cannot be written). The build then
        removes the folder."""
        self.files.abandon()
        closers = [f.close for f in self._csv.values()] + [w.close for w in self._parquet.values()]
        for close in closers + ([self._book.abort] if self._book else []):
            try:
                close()
            except Exception:
                pass


# characters XlsxWriter writes as `_xHHHH_` (control characters, noncharacters), and
# the escapes it escapes: a row holding them goes through its own calls, as does a row
# with a rich string (`<r>…</r>`) or a string too long for a cell
AWKWARD = r"[\x00-\x08\x0b-\x1f\x{fffe}\x{ffff}]|_x[0-9a-fA-F]{4}_"
LONG_STRING = 16_383    # a longer string may be over Excel's 32,767 UTF-16 units a cell
XML_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
INT32_PAIR = struct.Struct("<ii")


class StreamedSheet(Worksheet):
    """A constant-memory worksheet that takes rows a batch of columns at a time.

    XlsxWriter's per-cell calls (`write_string`, `write_number`) cost some 5 µs a cell,
    more than the pipeline spends reading the document. `write_batch` renders the XML
    of a whole batch of rows column by column with Arrow's compute functions — what
    those calls write, escapes and all (a test reads both back) — into the same row
    stream. Rows holding something unusual (an infinite number, a control character, a
    string too long for a cell) go through the per-cell calls. Everything around the
    rows — styles, panes, filter, the zip — is XlsxWriter's own.

    The rows are deflated as they come (`DeflatedRows`), not all at once when the
    workbook is closed: that took a second after the last document, on one core, while
    the workers had nothing left to do. The zip takes them as they are (`IsalZipFile`).
    """

    rows: DeflatedRows | None = None
    xml_path: str = ""      # the sheet's XML file, once XlsxWriter assembles it
    rows_at: int = -1       # where the rows go in it

    def _initialize(self, init_data) -> None:
        super()._initialize(init_data)
        if self.constant_memory:            # XlsxWriter's temporary file becomes the rows'
            self.row_data_fh.close()
            self.rows = DeflatedRows(self.row_data_filename)
            self.row_data_fh = self.fh = self.rows

    def _opt_reopen(self) -> None:
        self.fh = self.rows

    def _opt_close(self) -> None:
        if self.rows:
            self.rows.close()

    def _set_xml_writer(self, filename) -> None:
        super()._set_xml_writer(filename)
        self.xml_path = str(filename)

    def write_batch(self, first: int, batch: pa.RecordBatch, styles: dict | None = None) -> None:
        """Write `batch` from row `first` (0-based) on, below every row written so far;
        `styles` maps a column's index to each row's cell format (`render_rows`)."""
        self._write_single_row(first)       # flush the row written cell by cell before
        xml, awkward, lo, hi = render_rows(batch, first, styles)
        awkward = [i for i, bad in enumerate(awkward.to_pylist()) if bad] if awkward is not None else []
        done = 0
        for i in awkward + [batch.num_rows]:
            self._write_xml(xml[done:i], first + done, lo, hi)
            if i < batch.num_rows:
                self._write_cells(first + i, tuple(batch.slice(i, 1).to_pylist()[0].values()))
                self._write_single_row(first + i + 1)
            done = i + 1

    def _write_xml(self, xml: pa.StringArray, first: int, lo: int, hi: int) -> None:
        """Rendered rows (an empty string for a row with nothing to write) as they are."""
        written = pc.not_equal(xml, "")
        if not pc.any(written).as_py():
            return
        indices = pc.indices_nonzero(written)
        last = first + indices[len(indices) - 1].as_py()
        self.rows.write_bytes(string_bytes(xml))
        self._check_dimensions(first + indices[0].as_py(), lo)
        self._check_dimensions(last, hi)
        self.previous_row = last + 1

    def _write_optimized_sheet_data(self) -> None:
        """An empty `sheetData`, its rows inserted by the zip at `rows_at`; or, packaged
        by another zip than `IsalZipFile`, the rows inflated into it."""
        if self.dim_rowmin is None:
            self._xml_empty_tag("sheetData")
            return
        self.rows.finish()
        self._xml_start_tag("sheetData")
        self.fh.flush()
        if xlsxwriter.workbook.ZipFile is IsalZipFile:
            self.rows_at = self.fh.buffer.tell()
        else:
            inflate = zlib.decompressobj(-15)
            with open(self.rows.path, "rb") as deflated:
                while chunk := deflated.read(COPY_BUFFER):
                    self.fh.buffer.write(inflate.decompress(chunk))
        self._xml_end_tag("sheetData")

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


def render_rows(batch: pa.RecordBatch, first: int, styles: dict | None = None):
    """The worksheet XML of each row of `batch`, numbered from `first` (0-based): a
    string array, "" where a row has nothing to write. Also a boolean array marking the
    rows for XlsxWriter's own calls (None: none), and the first and last column with a
    value. Cells are what XlsxWriter writes: strings inline, `&<>` escaped, space at
    either end preserved; empty strings, None and NaN are no cell; booleans the words
    True and False; numbers in the shortest form that reads back the same.

    Each cell is joined from its parts, null where there is no cell, and each row from
    its cells, the nulls skipped: two copies of the text in all. `styles[c]` gives
    the numbers of column `c` a format: each row's ` s="N"` attribute (N the format's
    index in the workbook)."""
    styles = styles or {}
    refs = pc.cast(pa.array(range(first + 1, first + 1 + batch.num_rows), pa.int64()), pa.string())
    parts, awkward, empty = ['<row r="', refs, '">'], [], None
    lo = hi = -1
    for c, column in enumerate(batch.columns):
        ref = xl_col_to_name(c)
        if pa.types.is_string(column.type):
            value, flags, absent = string_cell(column)
            awkward.extend(flags)
            cell = pc.binary_join_element_wise(f'<c r="{ref}', refs, '" t="inlineStr"><is><t', *value,
                                               "</t></is></c>", "")
        elif pa.types.is_boolean(column.type):
            absent = pc.is_null(column)
            cell = pc.binary_join_element_wise(f'<c r="{ref}', refs, '" t="inlineStr"><is><t>',
                                               pc.if_else(column, "True", "False"), "</t></is></c>", "")
        else:                               # integers and floats
            number = column
            if pa.types.is_floating(column.type):
                awkward.append(pc.is_inf(column))
                number = pc.if_else(pc.is_nan(column), pa.scalar(None, column.type), column)
            absent = pc.is_null(number)
            cell = pc.binary_join_element_wise(f'<c r="{ref}', refs, '"', styles.get(c, ""), '><v>',
                                               pc.cast(number, pa.string()), "</v></c>", "")
        parts.append(cell)
        if absent.null_count == 0 and not pc.all(absent).as_py():
            lo = c if lo < 0 else lo
            hi = c
        empty = absent if empty is None else pc.and_(empty, absent)
    xml = pc.binary_join_element_wise(*parts, "</row>", "", null_handling="skip")
    if empty is not None and pc.any(empty).as_py():
        xml = pc.if_else(empty, "", xml)
    awkward = [pc.fill_null(flag, False) for flag in awkward]
    awkward = [flag for flag in awkward if pc.any(flag).as_py()]
    for flag in awkward[1:]:
        awkward[0] = pc.or_(awkward[0], flag)
    return xml, (awkward[0] if awkward else None), lo, hi


def string_cell(column: pa.StringArray):
    """(the parts of a string cell after `t`: the xml:space attribute and ">", then the
    escaped text, null where there is no cell; arrays flagging the rows XlsxWriter must
    write; where there is no cell). The text is scanned twice (Arrow's regular
    expressions, some 500 MB/s here); everything else looks at the ends of the strings
    or at their lengths."""
    empty = pc.equal(column, "")
    text = column
    if pc.any(empty).as_py():
        text = pc.if_else(empty, pa.scalar(None, pa.string()), column)
    flags = [pc.and_(pc.starts_with(column, "<r>"), pc.ends_with(column, "</r>"))]
    if anywhere(column, AWKWARD):
        flags.append(pc.match_substring_regex(column, AWKWARD))
    if pc.any(pc.greater(pc.binary_length(column), LONG_STRING)).as_py():   # bytes ≥ characters
        flags.append(pc.greater(pc.utf8_length(column), LONG_STRING))
    if anywhere(column, "[&<>]"):
        for char, entity in XML_ENTITIES:
            text = pc.replace_substring(text, char, entity)
    edge = pc.not_equal(pc.binary_length(pc.utf8_trim_whitespace(column)), pc.binary_length(column))
    preserve = pc.if_else(pc.fill_null(edge, False), ' xml:space="preserve">', ">")
    return (preserve, text), flags, pc.is_null(text)


def anywhere(column: pa.StringArray, pattern: str) -> bool:
    """Whether `pattern` may match in any of the strings: one search over all their
    bytes at once, as one string (a match across two strings is a false alarm: the
    caller then looks string by string)."""
    data = column.buffers()[2]
    if data is None:
        return False
    whole = pa.Array.from_buffers(pa.string(), 1, [None, pa.py_buffer(INT32_PAIR.pack(0, data.size)), data])
    return pc.match_substring_regex(whole, pattern)[0].as_py()


def string_bytes(strings: pa.StringArray) -> memoryview:
    """The UTF-8 bytes of a string array's values one after the other (no nulls)."""
    offsets = memoryview(strings.buffers()[1]).cast("i")
    start, end = offsets[strings.offset], offsets[strings.offset + len(strings)]
    return memoryview(strings.buffers()[2])[start:end]


class DeflatedRows:
    """A sheet's rows deflated as they are written: XlsxWriter's own (text) and
    `write_batch`'s (bytes), into a file of raw deflate blocks ending on a byte boundary
    (a sync flush), so that the zip can put the rows between the sheet's other parts
    as they are. Their checksum and length are kept for the zip's header."""

    def __init__(self, path: str):
        self.path = path
        self.file = open(path, "wb")
        self.deflate = isal_zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        self.crc = 0
        self.size = 0

    def write(self, text: str) -> None:
        self.write_bytes(text.encode())

    def write_bytes(self, data) -> None:
        self.crc = isal_zlib.crc32(data, self.crc)
        self.size += len(data)
        self.file.write(self.deflate.compress(data))

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        """No more rows: the last blocks written, not marked as the stream's end."""
        if not self.file.closed:
            self.file.write(self.deflate.flush(zlib.Z_SYNC_FLUSH))
            self.file.close()

    def close(self) -> None:
        self.file.close()


class IsalZipFile(zipfile.ZipFile):
    """The zip XlsxWriter packages the workbook into, its files deflated by ISA-L.

    zlib at zipfile's level 6 took a quarter of a one-worker build, all of it after the
    last document, on one core. A sheet's rows, deflated already (`DeflatedRows`), go
    in as they are, between the deflated parts before and after them: deflate streams
    joined so, each but the last ending on a byte boundary and none referring back into
    another, are one stream, as any zip reader expects (pigz joins its pieces the same
    way). zipfile still writes the headers, sizes and checksums."""

    sheets: list[StreamedSheet] = []       # the workbook's, while it is packaged

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        zinfo = zipfile.ZipInfo.from_file(filename, arcname,
                                          strict_timestamps=self._strict_timestamps)
        zinfo.compress_type = zipfile.ZIP_DEFLATED
        sheet = next((s for s in self.sheets if s.xml_path == str(filename)), None)
        rows = sheet.rows if sheet is not None and sheet.rows_at >= 0 else None
        if rows:
            zinfo.file_size += rows.size     # zipfile decides on ZIP64 from it
        with open(filename, "rb") as src, self.open(zinfo, "w") as dest:
            if not all(hasattr(dest, a) for a in ("_compressor", "_crc", "_file_size", "_compress_size")):
                raise RuntimeError("zipfile's writer is not the one this was written for")
            dest._compressor = isal_zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
            if rows:
                dest.write(src.read(sheet.rows_at))
                self._raw(dest, dest._compressor.flush(zlib.Z_SYNC_FLUSH))
                with open(rows.path, "rb") as deflated:
                    while chunk := deflated.read(COPY_BUFFER):
                        self._raw(dest, chunk)
                dest._crc = isal_zlib.crc32_combine(dest._crc, rows.crc, rows.size)
                dest._file_size += rows.size
                dest._compressor = isal_zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
            shutil.copyfileobj(src, dest, COPY_BUFFER)

    @staticmethod
    def _raw(dest, data: bytes) -> None:
        """Deflated bytes into the entry as they are."""
        dest._fileobj.write(data)
        dest._compress_size += len(data)


@contextmanager
def isal_packaging(sheets: list[StreamedSheet]):
    """XlsxWriter zips the workbook with `IsalZipFile` meanwhile (it names `ZipFile` in
    its module, with no option for the compressor), taking `sheets`' rows as they are."""
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = IsalZipFile
    IsalZipFile.sheets = sheets
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original
        IsalZipFile.sheets = []


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
        # each format's attribute in a cell (XlsxWriter numbers a format when first used)
        self.styles = {name: f' s="{self.book.add_format({"num_format": name})._get_xf_index()}"'
                       for name in (MONEY, MONEY_CENTS, PERCENT, DATE)}
        self.sheets: dict[str, list] = {}
        self.lock = threading.Lock()
        for table in SHEETS:
            self._new_sheet(table)

    def _new_sheet(self, table: str):
        with self.lock:                 # tables are flushed by two threads at the end
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

    def add(self, table: str, batch: pa.RecordBatch) -> None:
        """Rows of `table`, as columns."""
        styles = None
        if table == "figures":
            batch, styles = self.figure_formats(batch)
        entry = self.sheets[table][-1]
        done = 0
        while done < batch.num_rows:
            if entry[1] >= EXCEL_MAX_ROWS:
                self._finish(table, entry)
                entry = self._new_sheet(table)
            ws, r = entry
            n = min(EXCEL_MAX_ROWS - r, batch.num_rows - done)
            ws.write_batch(r, batch.slice(done, n),
                           styles and {c: (s if isinstance(s, str) else s.slice(done, n)) for c, s in styles.items()})
            entry[1] = r + n
            done += n

    def figure_formats(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, dict]:
        """The figures' date as an Excel date, and the formats of their numbers: money
        or percent by the row's kind."""
        names = batch.schema.names
        date = names.index("date")
        days = batch.column(date)
        if not pa.types.is_date(days.type):
            days = pc.cast(pc.strptime(days, "%Y-%m-%d", "s", error_is_null=True), pa.date32())
        serial = pc.add(pc.cast(pc.cast(days, pa.int32()), pa.int64()), EXCEL_EPOCH)
        batch = batch.set_column(date, pa.field("date", pa.int64()), serial)
        amount = pc.equal(batch.column("kind"), "amount")
        styles = {date: self.styles[DATE]}
        for name in ("value", "lower", "upper"):
            column = batch.column(name)
            whole = pc.fill_null(pc.equal(pc.floor(column), column), True)
            money = pc.if_else(whole, self.styles[MONEY], self.styles[MONEY_CENTS])
            styles[names.index(name)] = pc.if_else(amount, money, self.styles[PERCENT])
        return batch, styles

    def _finish(self, table: str, entry) -> None:
        ws, r = entry
        ws.autofilter(0, 0, max(r - 1, 0), len(COLUMNS[table]) - 1)

    def close(self, created: datetime | None = None) -> None:
        if created is not None:
            self.book.set_properties({"created": created})   # core.xml's created and modified
        for table, entries in self.sheets.items():
            self._finish(table, entries[-1])
        sheets = [ws for entries in self.sheets.values() for ws, _ in entries]
        if sum(ws.rows.size for ws in sheets) > ZIP64_FROM:
            self.book.use_zip64()
        with isal_packaging(sheets):
            self.book.close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def abort(self) -> None:
        for entries in self.sheets.values():
            for ws, _ in entries:
                ws._opt_close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)
